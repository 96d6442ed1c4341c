/* vrrp_conf_ext.c - the field tables of vrrp_ext_conf.h (conf_fields.h):
 * they drive the wire records (the instance's and global record's `ext`
 * member, and one IPC_CONF_VRRP_OBJ record per vrrp_script, track_file and
 * vrrp_sync_group), their validation on decode, reload's equality and
 * freeing. Plus the defaults.
 */
#include "vrrp_conf.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define OBJ_SCRIPT_MAGIC 0x4b415653u   /* "KAVS" */
#define OBJ_FILE_MAGIC   0x4b415646u   /* "KAVF" */
#define OBJ_GROUP_MAGIC  0x4b415647u   /* "KAVG" */
#define OBJ_PROC_MAGIC   0x4b415650u   /* "KAVP" */

#define TR struct track_ref
static const struct conf_field track_ref_rows[] = {
	CF_SBUF(TR, name),
	CF_I(TR, weight, -254, 254),
	CF_B(TR, weight_set),
	CF_B(TR, reverse),
	CF_B(TR, reverse_set),
	CF_B(TR, dump_zero),
	CF_B(TR, from_group),
	CF_B(TR, implicit),
};
#undef TR
const struct conf_struct_desc track_ref_desc = CF_DESC(struct track_ref, 0, track_ref_rows, NULL);

#define UP struct unicast_peer_conf
static const struct conf_field unicast_peer_rows[] = {
	CF_A(UP, addr, 0),
	CF_UANY(UP, min_ttl),
	CF_UANY(UP, max_ttl),
};
#undef UP
const struct conf_struct_desc unicast_peer_desc = CF_DESC(struct unicast_peer_conf, 0, unicast_peer_rows, NULL);

#define E struct vrrp_ext_conf
static const struct conf_field vrrp_ext_rows[] = {
	CF_ARR(E, track_ifs, n_track_ifs, track_ref_desc),
	CF_ARR(E, track_scripts, n_track_scripts, track_ref_desc),
	CF_ARR(E, track_files, n_track_files, track_ref_desc),
	CF_ARR(E, track_procs, n_track_procs, track_ref_desc),
	CF_ARR(E, track_bfds, n_track_bfds, track_ref_desc),
	CF_ARR(E, peers, n_peers, unicast_peer_desc),
	CF_B(E, unicast),
	CF_UANY(E, unicast_ttl),
	CF_B(E, unicast_ttl_set),
	CF_B(E, unicast_fault_no_peer),
	CF_B(E, track_src_ip),
	CF_U(E, old_unicast_checksum, VRRP_OLD_CSUM_AUTO, VRRP_OLD_CSUM_ON),
	CF_B(E, check_unicast_src),
	CF_UANY(E, garp_lower_prio_delay_s),
	CF_UANY(E, garp_lower_prio_repeat),
	CF_B(E, lower_prio_no_advert),
	CF_B(E, higher_prio_send_advert),
	CF_NOTIFY(E, notify_master_rx_lower_pri),
	CF_B(E, notify_priority_changes),
	CF_B(E, notify_deleted),
	CF_SCR(E, notify_deleted_script),
	CF_SBUF(E, sync_group),
	CF_SBUF(E, vip_dev),
};
#undef E
const struct conf_struct_desc vrrp_ext_conf_desc = CF_DESC(struct vrrp_ext_conf, 0, vrrp_ext_rows, NULL);

#define NF struct notify_fifo_conf
static const struct conf_field notify_fifo_rows[] = {
	CF_S(NF, path),
	CF_SCR(NF, script),
};
#undef NF
static const struct conf_struct_desc notify_fifo_desc = CF_DESC(struct notify_fifo_conf, 0, notify_fifo_rows, NULL);

#define G struct vrrp_global_ext
static const struct conf_field vrrp_global_ext_rows[] = {
	CF_SUB(G, fifo, notify_fifo_desc, 0),
	CF_SUB(G, vrrp_fifo, notify_fifo_desc, 0),
	CF_UANY(G, garp_lower_prio_delay_s),
	CF_UANY(G, garp_lower_prio_repeat),
	CF_B(G, garp_lower_prio_delay_set),
	CF_B(G, garp_lower_prio_repeat_set),
	CF_B(G, lower_prio_no_advert),
	CF_B(G, higher_prio_send_advert),
	CF_B(G, notify_priority_changes),
	CF_B(G, check_unicast_src),
	CF_UANY(G, startup_delay_ms),
	CF_I(G, max_auto_priority, -1, 99),
	CF_U(G, min_auto_priority_delay_us, 1, 10000000),
	CF_B(G, dynamic_interfaces),
	CF_SBUF(G, default_interface),
	CF_S(G, smtp_helo_name),
	CF_B(G, smtp_alert),
	CF_B(G, smtp_alert_vrrp),
	CF_B(G, smtp_alert_set),
	CF_B(G, smtp_alert_vrrp_set),
	CF_B(G, smtp_alert_checker),
	CF_B(G, smtp_alert_checker_set),
	CF_B(G, no_email_faults),
	CF_B(G, no_checker_emails),
	CF_B(G, fifo_write_states_on_reload),
	CF_A(G, smtp_addr, CF_OPTIONAL),
	CF_U(G, smtp_port, 0, 65535),
	CF_U(G, garp_extra_s, 0, 86400),
	CF_B(G, garp_extra_all),
	CF_B(G, disable_local_igmp),
};
#undef G
const struct conf_struct_desc vrrp_global_ext_desc = CF_DESC(struct vrrp_global_ext, 0, vrrp_global_ext_rows, NULL);

#define S struct vrrp_script_conf
static const struct conf_field vrrp_script_rows[] = {
	CF_SBUF(S, name),
	CF_SCR(S, script),
	CF_U(S, interval_s, 1, 86400),
	CF_U(S, timeout_s, 0, 86400),
	CF_B(S, timeout_set),
	CF_I(S, weight, -253, 253),
	CF_B(S, reverse),
	CF_U(S, rise, 1, INT32_MAX),
	CF_U(S, fall, 1, INT32_MAX),
	CF_SCR_USER_SET(S, user_set),
	CF_SCR_UID(S, uid),
	CF_SCR_GID(S, gid),
	CF_SBUF(S, user),
	CF_SBUF(S, group),
	CF_B(S, init_fail),
};
#undef S
static bool script_valid(const void *obj)
{
	return ((const struct vrrp_script_conf *)obj)->script != NULL;
}
const struct conf_struct_desc vrrp_script_conf_desc =
	CF_DESC(struct vrrp_script_conf, OBJ_SCRIPT_MAGIC, vrrp_script_rows, script_valid);

#define F struct vrrp_track_file_conf
static const struct conf_field vrrp_track_file_rows[] = {
	CF_SBUF(F, name),
	CF_S(F, path),
	CF_I(F, weight, -254, 254),
	CF_B(F, reverse),
	CF_B(F, init_file),
	CF_I(F, init_value, INT32_MIN, INT32_MAX),
	CF_B(F, init_overwrite),
};
#undef F
static bool file_valid(const void *obj)
{
	return ((const struct vrrp_track_file_conf *)obj)->path != NULL;
}
const struct conf_struct_desc vrrp_track_file_conf_desc =
	CF_DESC(struct vrrp_track_file_conf, OBJ_FILE_MAGIC, vrrp_track_file_rows, file_valid);

#define SG struct vrrp_sync_group_conf
static const struct conf_field vrrp_sync_group_rows[] = {
	CF_SBUF(SG, name),
	CF_SARR(SG, members, n_members),
	CF_NOTIFY(SG, notify_master),
	CF_NOTIFY(SG, notify_backup),
	CF_NOTIFY(SG, notify_fault),
	CF_NOTIFY(SG, notify_stop),
	CF_NOTIFY(SG, notify),
	CF_ARR(SG, track_ifs, n_track_ifs, track_ref_desc),
	CF_ARR(SG, track_scripts, n_track_scripts, track_ref_desc),
	CF_ARR(SG, track_files, n_track_files, track_ref_desc),
	CF_ARR(SG, track_procs, n_track_procs, track_ref_desc),
	CF_ARR(SG, track_bfds, n_track_bfds, track_ref_desc),
	CF_B(SG, smtp_alert),
	CF_B(SG, smtp_alert_set),
	CF_B(SG, tracking_weight),
	CF_B(SG, notify_priority_changes),
	CF_B(SG, notify_priority_changes_set),
};
#undef SG
const struct conf_struct_desc vrrp_sync_group_conf_desc =
	CF_DESC(struct vrrp_sync_group_conf, OBJ_GROUP_MAGIC, vrrp_sync_group_rows, NULL);

#define P struct vrrp_track_process_conf
static const struct conf_field vrrp_track_process_rows[] = {
	CF_SBUF(P, name),
	CF_SARR(P, argv, argc),
	CF_B(P, param_match_set),
	CF_ENUM(P, param_match, TRACK_PARAM_EXACT, TRACK_PARAM_INITIAL),
	CF_I(P, weight, -254, 254),
	CF_B(P, reverse),
	CF_UANY(P, quorum),
	CF_UANY(P, quorum_max),
	CF_UANY(P, fork_delay_ms),
	CF_UANY(P, terminate_delay_ms),
	CF_B(P, full_command),
};
#undef P
static bool proc_valid(const void *obj)
{
	const struct vrrp_track_process_conf *p = obj;
	return p->argc >= 1 && p->quorum <= p->quorum_max;
}
const struct conf_struct_desc vrrp_track_process_conf_desc =
	CF_DESC(struct vrrp_track_process_conf, OBJ_PROC_MAGIC, vrrp_track_process_rows, proc_valid);

/* ---- defaults, freeing, equality ------------------------------------------------------ */

void vrrp_ext_conf_init(struct vrrp_ext_conf *e)
{
	memset(e, 0, sizeof(*e));
	e->unicast_ttl = 255;
	e->garp_lower_prio_delay_s = UINT32_MAX;   /* UINT32_MAX: inherit (validation) */
	e->garp_lower_prio_repeat = UINT32_MAX;
}

void vrrp_global_ext_init(struct vrrp_global_ext *g)
{
	memset(g, 0, sizeof(*g));
	g->max_auto_priority = 0;
	strcpy(g->default_interface, "eth0");
	g->min_auto_priority_delay_us = 1000000;
}

void vrrp_script_conf_init(struct vrrp_script_conf *s)
{
	memset(s, 0, sizeof(*s));
	s->interval_s = 1;
	s->rise = 1;
	s->fall = 1;
}

void vrrp_script_conf_free(struct vrrp_script_conf *s)
{
	conf_fields_free(&vrrp_script_conf_desc, s);
}

bool vrrp_script_conf_equal(const struct vrrp_script_conf *a, const struct vrrp_script_conf *b)
{
	return conf_fields_equal(&vrrp_script_conf_desc, a, b);
}

void vrrp_track_file_conf_free(struct vrrp_track_file_conf *f)
{
	conf_fields_free(&vrrp_track_file_conf_desc, f);
}

bool vrrp_track_file_conf_equal(const struct vrrp_track_file_conf *a, const struct vrrp_track_file_conf *b)
{
	return conf_fields_equal(&vrrp_track_file_conf_desc, a, b);
}

void vrrp_sync_group_conf_free(struct vrrp_sync_group_conf *g)
{
	conf_fields_free(&vrrp_sync_group_conf_desc, g);
}

bool vrrp_sync_group_conf_equal(const struct vrrp_sync_group_conf *a, const struct vrrp_sync_group_conf *b)
{
	return conf_fields_equal(&vrrp_sync_group_conf_desc, a, b);
}

void vrrp_track_process_conf_init(struct vrrp_track_process_conf *p)
{
	memset(p, 0, sizeof(*p));
	/* weight 0: keepalived 2.2.7 runs it so (a fault tracker: FAULT while
	 * the quorum is not there), though its keepalived.conf(5) says 1 */
	p->quorum = 1;
	p->quorum_max = UINT32_MAX;
}

void vrrp_track_process_conf_free(struct vrrp_track_process_conf *p)
{
	conf_fields_free(&vrrp_track_process_conf_desc, p);
}

bool vrrp_track_process_conf_equal(const struct vrrp_track_process_conf *a, const struct vrrp_track_process_conf *b)
{
	return conf_fields_equal(&vrrp_track_process_conf_desc, a, b);
}

void vrrp_objs_conf_free(struct vrrp_objs_conf *o)
{
	for (size_t i = 0; i < o->n_procs; i++)
		vrrp_track_process_conf_free(&o->procs[i]);
	free(o->procs);
	for (size_t i = 0; i < o->n_scripts; i++)
		vrrp_script_conf_free(&o->scripts[i]);
	for (size_t i = 0; i < o->n_files; i++)
		vrrp_track_file_conf_free(&o->files[i]);
	for (size_t i = 0; i < o->n_groups; i++)
		vrrp_sync_group_conf_free(&o->groups[i]);
	free(o->scripts);
	free(o->files);
	free(o->groups);
	static_track_groups_free(o);
	memset(o, 0, sizeof(*o));
}

/* ---- IPC_CONF_VRRP_OBJ ------------------------------------------------------------------- */

void vrrp_objs_encode_each(const struct vrrp_objs_conf *o, void (*emit)(void *arg, struct wbuf *w), void *arg)
{
	struct wbuf w;
	for (size_t i = 0; i < o->n_scripts; i++) {
		wbuf_init(&w);
		conf_fields_encode(&vrrp_script_conf_desc, &o->scripts[i], &w);
		emit(arg, &w);
		wbuf_free(&w);
	}
	for (size_t i = 0; i < o->n_files; i++) {
		wbuf_init(&w);
		conf_fields_encode(&vrrp_track_file_conf_desc, &o->files[i], &w);
		emit(arg, &w);
		wbuf_free(&w);
	}
	for (size_t i = 0; i < o->n_procs; i++) {
		wbuf_init(&w);
		conf_fields_encode(&vrrp_track_process_conf_desc, &o->procs[i], &w);
		emit(arg, &w);
		wbuf_free(&w);
	}
	for (size_t i = 0; i < o->n_groups; i++) {
		wbuf_init(&w);
		conf_fields_encode(&vrrp_sync_group_conf_desc, &o->groups[i], &w);
		emit(arg, &w);
		wbuf_free(&w);
	}
}

/* Contract: see vrrp_ext_conf.h. The record's magic says which object it is. */
bool vrrp_obj_decode(struct rbuf *r, struct vrrp_objs_conf *objs)
{
	uint32_t magic = 0;
	if (r->left < sizeof(magic)) {
		r->error = true;
		return false;
	}
	memcpy(&magic, r->p, sizeof(magic));
	const struct conf_struct_desc *d = magic == OBJ_SCRIPT_MAGIC ? &vrrp_script_conf_desc :
					   magic == OBJ_FILE_MAGIC ? &vrrp_track_file_conf_desc :
					   magic == OBJ_GROUP_MAGIC ? &vrrp_sync_group_conf_desc :
					   magic == OBJ_PROC_MAGIC ? &vrrp_track_process_conf_desc : NULL;
	if (!d) {
		r->error = true;
		return false;
	}
	void *obj = xcalloc(1, d->size);
	if (!conf_fields_decode(d, r, obj) || r->left) {
		conf_fields_free(d, obj);
		free(obj);
		r->error = true;
		return false;
	}
	if (d == &vrrp_script_conf_desc)
		memcpy(array_push(&objs->scripts, &objs->n_scripts, d->size), obj, d->size);
	else if (d == &vrrp_track_file_conf_desc)
		memcpy(array_push(&objs->files, &objs->n_files, d->size), obj, d->size);
	else if (d == &vrrp_track_process_conf_desc)
		memcpy(array_push(&objs->procs, &objs->n_procs, d->size), obj, d->size);
	else
		memcpy(array_push(&objs->groups, &objs->n_groups, d->size), obj, d->size);
	free(obj);
	return true;
}
