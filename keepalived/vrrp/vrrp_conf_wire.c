/* vrrp_conf_wire.c - the field table of struct vrrp_instance_conf (and of
 * its VIPs), and what it drives: the IPC_CONF_VRRP record, its validation on
 * decode, reload's equality, freeing; plus the instance's defaults.
 *
 * A new vrrp_instance keyword: add the struct field (include/vrrp_conf.h),
 * one row below, and the keyword row in vrrp_conf_keywords.c.
 */
#include "vrrp_conf.h"
#include "util.h"

#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#define VRRP_MAGIC 0x4b415649u   /* "KAVI" */
#define VRRP_MCAST_GROUP4 "224.0.0.18"

/* A prefix length fits its address family. */
static bool vip_valid(const void *obj)
{
	const struct vip_conf *v = obj;
	return v->prefixlen <= (v->addr.family == AF_INET ? 32 : 128);
}

static const struct conf_field vip_rows[] = {
	CF_A(struct vip_conf, addr, 0),
	CF_UANY(struct vip_conf, prefixlen),
	CF_A(struct vip_conf, brd, CF_OPTIONAL),
	CF_SBUF(struct vip_conf, dev),
	CF_UANY(struct vip_conf, scope),
	CF_SBUF(struct vip_conf, label),
	CF_A(struct vip_conf, peer, CF_OPTIONAL),
	CF_UANY(struct vip_conf, flags_on),
	CF_UANY(struct vip_conf, flags_off),
	CF_UANY(struct vip_conf, preferred_lft),
	CF_B(struct vip_conf, preferred_set),
	CF_B(struct vip_conf, no_track),
	CF_B(struct vip_conf, use_vmac),
};
const struct conf_struct_desc vip_conf_desc = CF_DESC(struct vip_conf, 0, vip_rows, vip_valid);

#define VI struct vrrp_instance_conf
static const struct conf_field vrrp_instance_rows[] = {
	CF_SBUF(VI, name),
	CF_ORIGIN(VI, origin),
	CF_ENUM(VI, initial_state, VRRP_STATE_BACKUP, VRRP_STATE_MASTER),
	CF_SBUF(VI, ifname),
	CF_UANY(VI, vrid),
	CF_UANY(VI, priority),
	CF_U(VI, version, 2, 3),
	CF_U(VI, down_timer_adverts, 0, 100),
	CF_UANY(VI, advert_int_cs),
	CF_ARR(VI, vips, n_vips, vip_conf_desc),
	CF_ARR(VI, vips_excluded, n_vips_excluded, vip_conf_desc),
	CF_B(VI, nopreempt),
	CF_UANY(VI, preempt_delay_ms),
	CF_ENUM(VI, auth_type, VRRP_AUTH_NONE, VRRP_AUTH_AH),
	CF_SBUF(VI, auth_pass),
	CF_RAW(VI, mcast_src_ip),
	CF_RAW(VI, mcast_group),
	CF_SUB(VI, l3, vrrp_l3_conf_desc, 0),
	CF_UANY(VI, garp_master_delay_s),
	CF_UANY(VI, garp_master_repeat),
	CF_UANY(VI, garp_master_refresh_s),
	CF_UANY(VI, garp_master_refresh_repeat),
	CF_NOTIFY(VI, notify_master),
	CF_NOTIFY(VI, notify_backup),
	CF_NOTIFY(VI, notify_fault),
	CF_NOTIFY(VI, notify_stop),
	CF_NOTIFY(VI, notify),
	CF_B(VI, smtp_alert),
	CF_I(VI, debug, INT32_MIN, INT32_MAX),
	CF_B(VI, dont_track_primary),
	CF_SUB(VI, ext, vrrp_ext_conf_desc, 0),
};
#undef VI
const struct conf_struct_desc vrrp_instance_conf_desc =
	CF_DESC(struct vrrp_instance_conf, VRRP_MAGIC, vrrp_instance_rows, NULL);

void vrrp_instance_conf_init(struct vrrp_instance_conf *vi)
{
	memset(vi, 0, sizeof(*vi));
	vi->initial_state = VRRP_STATE_BACKUP;
	vi->priority = 100;
	vi->version = 2;
	vi->advert_int_cs = 100;
	inet_pton(AF_INET, VRRP_MCAST_GROUP4, &vi->mcast_group);
	inet_pton(AF_INET6, VRRP_MCAST_GROUP6, &vi->l3.mcast_group6);
	vi->garp_master_delay_s = 5;
	vi->garp_master_repeat = 5;
	vi->garp_master_refresh_s = 0;
	vi->garp_master_refresh_repeat = 1;
	vrrp_ext_conf_init(&vi->ext);
}

void vrrp_instance_conf_free(struct vrrp_instance_conf *vi)
{
	conf_fields_free(&vrrp_instance_conf_desc, vi);
}

bool vrrp_instance_conf_equal(const struct vrrp_instance_conf *a, const struct vrrp_instance_conf *b)
{
	return conf_fields_equal(&vrrp_instance_conf_desc, a, b);
}

void vrrp_instance_conf_encode(const struct vrrp_instance_conf *vi, struct wbuf *w)
{
	conf_fields_encode(&vrrp_instance_conf_desc, vi, w);
}

bool vrrp_instance_conf_decode(struct rbuf *r, struct vrrp_instance_conf *out)
{
	return conf_fields_decode(&vrrp_instance_conf_desc, r, out);
}

bool vrrp_instance_conf_decode_msg(const void *payload, size_t len, struct vrrp_instance_conf *out)
{
	return conf_fields_decode_msg(&vrrp_instance_conf_desc, payload, len, out);
}
