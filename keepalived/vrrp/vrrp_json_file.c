/* vrrp_json_file.c - keepalived 2.2.7's keepalived.json, the file SIGRTMIN+2
 * writes: tools written for keepalived parse it, so its shape is 2.2.7's
 * (measured with Debian's 2.2.7): an array with one object per instance,
 *
 *   [{"data": {"iname": ..., "state": 2, "vips": ["10.0.0.1 dev eth0
 *     scope global set"], ...}, "stats": {"advert_rcvd": ..., ...}}]
 *
 * numbers where 2.2.7 has numbers (state/wantstate: 0 INIT, 1 BACKUP,
 * 2 MASTER, 3 FAULT), addresses, routes and scripts as the lines of
 * keepalived.data. Our richer status document (doc/status-json.md) is
 * what keepalivedctl and status_http serve. */
#include "vrrp.h"
#include "dump_text.h"
#include "jsonw.h"
#include "util.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A number printed with fmt (2.2.7 prints "%f" or "%g" floats). */
static void put_float(json_object *o, const char *k, const char *fmt, double v)
{
	char b[64];
	snprintf(b, sizeof(b), fmt, v);
	json_object_object_add(o, k, json_object_new_double_s(v, b));
}

/* Member k: an array of the keepalived.data lines in text (each 5 spaces
 * in, ending in a newline), bare; none when text is NULL (2.2.7 leaves out
 * an empty list). Frees text. */
static void put_lines(json_object *o, const char *k, char *text)
{
	if (!text)
		return;
	json_object *a = jw_arr(o, k);
	for (const char *p = text; *p;) {
		p += strspn(p, " ");
		size_t n = strcspn(p, "\n");
		json_object_array_add(a, json_object_new_string_len(p, (int)n));
		p += n + (p[n] == '\n');
	}
	free(text);
}

/* Member k: 'cmd' 'arg' ... of a script command line (none when unset). */
static void put_cmd(json_object *o, const char *k, const char *cmd)
{
	if (!cmd)
		return;
	char *s = NULL;
	size_t len = 0;
	dump_cmd_str(&s, &len, cmd);
	jw_str(o, k, s);
	free(s);
}

static void put_vips(json_object *o, const char *k, const struct vip_conf *v, size_t n, const char *dev, bool set,
		     bool nft)
{
	char *s = NULL;
	size_t len = 0;
	for (size_t i = 0; i < n; i++)
		vrrp_dump_vip(&s, &len, &v[i], dev, set, nft);
	put_lines(o, k, s);
}

static void put_routes(json_object *o, const struct vrrp_routes_conf *rt)
{
	char *s = NULL;
	size_t len = 0;
	for (size_t i = 0; i < rt->n_routes; i++)
		vrrp_dump_route(&rt->routes[i], &s, &len);
	put_lines(o, "vroutes", s);
	s = NULL;
	len = 0;
	for (size_t i = 0; i < rt->n_rules; i++)
		vrrp_dump_rule(&rt->rules[i], &s, &len);
	put_lines(o, "vrules", s);
}

/* track_ifp: the tracked interfaces' names; track_script: the scripts'
 * command lines (2.2.7's two tracking lists in this file). */
static void put_tracks(json_object *o, const struct vrrp_instance *vi)
{
	json_object *ifs = NULL, *scripts = NULL;
	for (size_t i = 0; i < vi->n_tracks; i++) {
		const struct vrrp_tracker *t = vi->tracks[i].t;
		if (vi->tracks[i].from_group)   /* its sync group's (2.2.7: the group's lists) */
			continue;
		if (vrrp_tracker_kind(t) == VRRP_TRACK_IFACE) {
			if (!ifs)
				ifs = json_object_new_array();
			json_object_array_add(ifs, json_object_new_string(vrrp_tracker_name(t)));
		} else if (vrrp_tracker_kind(t) == VRRP_TRACK_SCRIPT) {
			if (!scripts)
				scripts = json_object_new_array();
			char *s = NULL;
			size_t len = 0;
			dump_cmd_str(&s, &len, vrrp_tracker_script_cmd(t) ? vrrp_tracker_script_cmd(t) : "");
			json_object_array_add(scripts, json_object_new_string(s));
			free(s);
		}
	}
	if (ifs)
		json_object_object_add(o, "track_ifp", ifs);
	if (scripts)
		json_object_object_add(o, "track_script", scripts);
}

static void put_data(json_object *o, const struct vrrp_instance *vi)
{
	const struct vrrp_instance_conf *c = &vi->conf;
	const struct vrrp_ext_conf *e = &c->ext;
	jw_str(o, "iname", c->name);
	jw_uint(o, "dont_track_primary", c->dont_track_primary);
	jw_uint(o, "skip_check_adv_addr", c->l3.skip_check_adv_addr);
	jw_uint(o, "strict_mode", c->l3.strict);
	jw_str(o, "vmac_ifname", c->l3.use_vmac ? c->l3.vmac_name : "");
	if (vrrp_l3_own_link(&c->l3))   /* 2.2.7: the instance's interface is its VMAC / ipvlan */
		jw_str(o, "ifp_ifname", c->l3.vmac_name);
	else if (c->ifname[0])
		jw_str(o, "ifp_ifname", c->ifname);
	jw_uint(o, "master_priority", vi->heard_priority);   /* the last master heard, in every state */
	put_float(o, "last_transition", "%f", vi->entered_state_wall);
	put_float(o, "garp_delay", "%g", c->garp_master_delay_s);
	jw_uint(o, "garp_refresh", c->garp_master_refresh_s);
	jw_uint(o, "garp_rep", c->garp_master_repeat);
	jw_uint(o, "garp_refresh_rep", c->garp_master_refresh_repeat);
	jw_uint(o, "garp_lower_prio_delay", e->garp_lower_prio_delay_s);
	jw_uint(o, "garp_lower_prio_rep", e->garp_lower_prio_repeat);
	jw_uint(o, "lower_prio_no_advert", e->lower_prio_no_advert);
	jw_uint(o, "higher_prio_send_advert", e->higher_prio_send_advert);
	jw_uint(o, "vrid", c->vrid);
	jw_uint(o, "base_priority", c->priority);
	jw_uint(o, "effective_priority", vi->effective_priority);
	jw_bool(o, "vipset", vi->state == VRRP_STATE_MASTER);
	jw_bool(o, "promote_secondaries", c->l3.promote_secondaries);
	put_float(o, "adver_int", "%g", c->advert_int_cs / 100.0);
	put_float(o, "master_adver_int", "%g",
		  (vi->master_adver_int_cs ? vi->master_adver_int_cs : c->advert_int_cs) / 100.0);
	jw_uint(o, "accept", c->l3.accept);
	jw_bool(o, "nopreempt", c->nopreempt);
	jw_uint(o, "preempt_delay", c->preempt_delay_ms / 1000);
	jw_uint(o, "state", vi->state == VRRP_STATE_STOP ? VRRP_STATE_INIT : vi->state);
	jw_uint(o, "wantstate", vi->state == VRRP_STATE_STOP ? VRRP_STATE_INIT : vrrp_dump_wantstate(vi));
	jw_uint(o, "version", c->version);
	jw_bool(o, "smtp_alert", c->smtp_alert);
	jw_bool(o, "notify_deleted", e->notify_deleted);
	put_cmd(o, "script_backup", c->notify_backup.cmd);
	put_cmd(o, "script_master", c->notify_master.cmd);
	put_cmd(o, "script_fault", c->notify_fault.cmd);
	put_cmd(o, "script_stop", c->notify_stop.cmd);
	put_cmd(o, "script_deleted", e->notify_deleted_script);
	put_cmd(o, "script", c->notify.cmd);
	put_cmd(o, "script_master_rx_lower_pri", e->notify_master_rx_lower_pri.cmd);
	bool set = vi->state == VRRP_STATE_MASTER;
	char devbuf[40];
	const char *dev = vrrp_vip_dev_dump(vi, devbuf, sizeof(devbuf));
	put_vips(o, "vips", c->vips, c->n_vips, dev, set, vrrp_vips_nft_set(vi));
	put_vips(o, "evips", c->vips_excluded, c->n_vips_excluded, dev, set, vrrp_vips_nft_set(vi));
	put_routes(o, &c->l3.rt);
	put_tracks(o, vi);
	jw_uint(o, "auth_type", c->auth_type);
	if (c->auth_type != VRRP_AUTH_NONE)
		jw_str(o, "auth_data", c->auth_pass);
}

static void put_stats(json_object *o, const struct vrrp_stats *s)
{
	const uint64_t *e = s->rx_errors;
	jw_uint(o, "advert_rcvd", s->adverts_rcvd);
	jw_uint(o, "advert_sent", s->adverts_sent);
	jw_uint(o, "become_master", s->became_master);
	jw_uint(o, "release_master", s->released_master);
	jw_uint(o, "packet_len_err", e[VRRP_RX_TOO_SHORT]);
	jw_uint(o, "advert_interval_err", e[VRRP_RX_BAD_INTERVAL]);
	jw_uint(o, "ip_ttl_err", e[VRRP_RX_BAD_TTL]);
	jw_uint(o, "invalid_type_rcvd", e[VRRP_RX_BAD_TYPE]);
	jw_uint(o, "addr_list_err", e[VRRP_RX_BAD_ADDR_LIST]);
	jw_uint(o, "invalid_authtype", e[VRRP_RX_INVALID_AUTH_TYPE]);
	jw_uint(o, "authtype_mismatch", e[VRRP_RX_BAD_AUTH_TYPE]);
	jw_uint(o, "auth_failure", e[VRRP_RX_BAD_AUTH]);
	jw_uint(o, "pri_zero_rcvd", s->prio0_rcvd);
	jw_uint(o, "pri_zero_sent", s->prio0_sent);
}

/* Contract: see vrrp.h. */
json_object *vrrp_json_file(const struct vrrp_ctx *ctx)
{
	if (!ctx->instances)
		return NULL;
	json_object *arr = json_object_new_array();
	for (const struct vrrp_instance *vi = ctx->instances; vi; vi = vi->next) {
		json_object *o = jw_arr_obj(arr);
		put_data(jw_obj(o, "data"), vi);
		put_stats(jw_obj(o, "stats"), &vi->stats);
	}
	return arr;
}
