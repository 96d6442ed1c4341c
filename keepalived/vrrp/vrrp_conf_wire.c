/* conf_wire.c - encode/decode of the VRRP side of the configuration
 * (see conf_wire.h). Each record starts with a magic number; every enum,
 * boolean, count and address family is checked on decode. */
#include "conf_wire.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define GLOBAL_MAGIC 0x4b414743u   /* "KAGC" */
#define VRRP_MAGIC   0x4b415649u   /* "KAVI" */

/* ---- small pieces ------------------------------------------------------------------ */

static void put_bool(struct wbuf *w, bool b) { wput_u8(w, b ? 1 : 0); }

static bool get_bool(struct rbuf *r)
{
	uint8_t v = rget_u8(r);
	if (v > 1)
		r->error = true;
	return v == 1;
}

static void put_addr(struct wbuf *w, const struct ka_addr *a)
{
	wput_u8(w, (uint8_t)a->family);
	if (a->family == AF_INET)
		wput_bytes(w, &a->u.v4, sizeof(a->u.v4));
	else if (a->family == AF_INET6)
		wput_bytes(w, &a->u.v6, sizeof(a->u.v6));
}

/* allow_unset: family 0 is valid (e.g. no brd). */
static void get_addr(struct rbuf *r, struct ka_addr *a, bool allow_unset)
{
	memset(a, 0, sizeof(*a));
	uint8_t fam = rget_u8(r);
	if (fam == AF_INET)
		rget_bytes(r, &a->u.v4, sizeof(a->u.v4));
	else if (fam == AF_INET6)
		rget_bytes(r, &a->u.v6, sizeof(a->u.v6));
	else if (fam != 0 || !allow_unset)
		r->error = true;
	a->family = r->error ? 0 : fam;
}

static void put_vips(struct wbuf *w, const struct vip_conf *v, size_t n)
{
	wput_u32(w, (uint32_t)n);
	for (size_t i = 0; i < n; i++) {
		put_addr(w, &v[i].addr);
		wput_u8(w, v[i].prefixlen);
		put_addr(w, &v[i].brd);
		wput_str(w, v[i].dev);
		wput_u8(w, v[i].scope);
		wput_str(w, v[i].label);
	}
}

/* Smallest encoded VIP: family+4 bytes, prefix, brd family, 2 strings, scope. */
#define VIP_MIN_BYTES (1 + 4 + 1 + 1 + 4 + 1 + 4)

static bool get_vips(struct rbuf *r, struct vip_conf **out, size_t *n_out)
{
	*out = NULL;
	*n_out = 0;
	uint32_t n = rget_u32(r);
	if (r->error || n > r->left / VIP_MIN_BYTES) {
		r->error = true;
		return false;
	}
	struct vip_conf *v = n ? xcalloc(n, sizeof(*v)) : NULL;
	for (uint32_t i = 0; i < n && !r->error; i++) {
		get_addr(r, &v[i].addr, false);
		v[i].prefixlen = rget_u8(r);
		if (v[i].prefixlen > (v[i].addr.family == AF_INET ? 32 : 128))
			r->error = true;
		get_addr(r, &v[i].brd, true);
		rget_strbuf(r, v[i].dev, sizeof(v[i].dev));
		v[i].scope = rget_u8(r);
		rget_strbuf(r, v[i].label, sizeof(v[i].label));
	}
	if (r->error) {
		free(v);
		return false;
	}
	*out = v;
	*n_out = n;
	return true;
}

/* ---- global_defs ------------------------------------------------------------------------ */

void global_conf_encode(const struct global_conf *g, struct wbuf *w)
{
	wput_u32(w, GLOBAL_MAGIC);
	wput_str(w, g->router_id);
	wput_u8(w, g->vrrp_version);
	wput_bytes(w, &g->vrrp_mcast_group4, sizeof(g->vrrp_mcast_group4));
	wput_u32(w, g->garp_master_delay_s);
	wput_u32(w, g->garp_master_repeat);
	wput_u32(w, g->garp_master_refresh_s);
	wput_u32(w, g->garp_master_refresh_repeat);
	put_bool(w, g->enable_script_security);
	put_bool(w, g->script_user_set);
	wput_str(w, g->script_user);
	wput_str(w, g->script_group);
	wput_u32(w, (uint32_t)g->script_uid);
	wput_u32(w, (uint32_t)g->script_gid);
	wput_u32(w, (uint32_t)g->n_notification_email);
	for (size_t i = 0; i < g->n_notification_email; i++)
		wput_str(w, g->notification_email[i]);
	wput_str(w, g->notification_email_from);
	wput_str(w, g->smtp_server);
	wput_u32(w, g->smtp_connect_timeout_s);
}

bool global_conf_decode(struct rbuf *r, struct global_conf *g)
{
	memset(g, 0, sizeof(*g));
	if (rget_u32(r) != GLOBAL_MAGIC)
		r->error = true;
	rget_strbuf(r, g->router_id, sizeof(g->router_id));
	g->vrrp_version = rget_u8(r);
	if (g->vrrp_version != 2 && g->vrrp_version != 3)
		r->error = true;
	rget_bytes(r, &g->vrrp_mcast_group4, sizeof(g->vrrp_mcast_group4));
	g->garp_master_delay_s = rget_u32(r);
	g->garp_master_repeat = rget_u32(r);
	g->garp_master_refresh_s = rget_u32(r);
	g->garp_master_refresh_repeat = rget_u32(r);
	g->enable_script_security = get_bool(r);
	g->script_user_set = get_bool(r);
	rget_strbuf(r, g->script_user, sizeof(g->script_user));
	rget_strbuf(r, g->script_group, sizeof(g->script_group));
	g->script_uid = (uid_t)rget_u32(r);
	g->script_gid = (gid_t)rget_u32(r);
	uint32_t n = rget_u32(r);
	if (!r->error && n > r->left / 4)
		r->error = true;
	for (uint32_t i = 0; i < n && !r->error; i++) {
		char *s = rget_str(r);
		if (!s) {
			r->error = true;
			break;
		}
		*(char **)array_push(&g->notification_email, &g->n_notification_email, sizeof(char *)) = s;
	}
	g->notification_email_from = rget_str(r);
	g->smtp_server = rget_str(r);
	g->smtp_connect_timeout_s = rget_u32(r);
	if (r->error) {
		global_conf_free(g);
		memset(g, 0, sizeof(*g));
		return false;
	}
	return true;
}

/* ---- vrrp_instance ------------------------------------------------------------------------ */

void vrrp_instance_conf_encode(const struct vrrp_instance_conf *vi, struct wbuf *w)
{
	wput_u32(w, VRRP_MAGIC);
	wput_str(w, vi->name);
	wput_str(w, vi->origin.file);
	wput_u32(w, (uint32_t)vi->origin.line);
	wput_u8(w, (uint8_t)vi->initial_state);
	wput_str(w, vi->ifname);
	wput_u8(w, vi->vrid);
	wput_u8(w, vi->priority);
	wput_u8(w, vi->version);
	wput_u32(w, vi->advert_int_cs);
	put_vips(w, vi->vips, vi->n_vips);
	put_vips(w, vi->vips_excluded, vi->n_vips_excluded);
	put_bool(w, vi->nopreempt);
	wput_u32(w, vi->preempt_delay_ms);
	wput_u8(w, (uint8_t)vi->auth_type);
	wput_str(w, vi->auth_pass);
	wput_bytes(w, &vi->mcast_src_ip, sizeof(vi->mcast_src_ip));
	wput_bytes(w, &vi->mcast_group, sizeof(vi->mcast_group));
	wput_u32(w, vi->garp_master_delay_s);
	wput_u32(w, vi->garp_master_repeat);
	wput_u32(w, vi->garp_master_refresh_s);
	wput_u32(w, vi->garp_master_refresh_repeat);
	wput_str(w, vi->notify_master);
	wput_str(w, vi->notify_backup);
	wput_str(w, vi->notify_fault);
	wput_str(w, vi->notify_stop);
	wput_str(w, vi->notify);
	put_bool(w, vi->smtp_alert);
	wput_u32(w, (uint32_t)vi->debug);
	put_bool(w, vi->dont_track_primary);
}

bool vrrp_instance_conf_decode(struct rbuf *r, struct vrrp_instance_conf *vi)
{
	memset(vi, 0, sizeof(*vi));
	if (rget_u32(r) != VRRP_MAGIC)
		r->error = true;
	rget_strbuf(r, vi->name, sizeof(vi->name));
	rget_strbuf(r, vi->origin.file, sizeof(vi->origin.file));
	vi->origin.line = (int)rget_u32(r);
	uint8_t st = rget_u8(r);
	if (st != VRRP_STATE_BACKUP && st != VRRP_STATE_MASTER)
		r->error = true;
	vi->initial_state = (enum vrrp_state)st;
	rget_strbuf(r, vi->ifname, sizeof(vi->ifname));
	vi->vrid = rget_u8(r);
	vi->priority = rget_u8(r);
	vi->version = rget_u8(r);
	if (vi->version != 2 && vi->version != 3)
		r->error = true;
	vi->advert_int_cs = rget_u32(r);
	if (!r->error)
		get_vips(r, &vi->vips, &vi->n_vips);
	if (!r->error)
		get_vips(r, &vi->vips_excluded, &vi->n_vips_excluded);
	vi->nopreempt = get_bool(r);
	vi->preempt_delay_ms = rget_u32(r);
	uint8_t at = rget_u8(r);
	if (at != VRRP_AUTH_NONE && at != VRRP_AUTH_PASS)
		r->error = true;
	vi->auth_type = (enum vrrp_auth_type)at;
	rget_strbuf(r, vi->auth_pass, sizeof(vi->auth_pass));
	rget_bytes(r, &vi->mcast_src_ip, sizeof(vi->mcast_src_ip));
	rget_bytes(r, &vi->mcast_group, sizeof(vi->mcast_group));
	vi->garp_master_delay_s = rget_u32(r);
	vi->garp_master_repeat = rget_u32(r);
	vi->garp_master_refresh_s = rget_u32(r);
	vi->garp_master_refresh_repeat = rget_u32(r);
	vi->notify_master = rget_str(r);
	vi->notify_backup = rget_str(r);
	vi->notify_fault = rget_str(r);
	vi->notify_stop = rget_str(r);
	vi->notify = rget_str(r);
	vi->smtp_alert = get_bool(r);
	vi->debug = (int)rget_u32(r);
	vi->dont_track_primary = get_bool(r);
	if (r->error) {
		vrrp_instance_conf_free(vi);
		memset(vi, 0, sizeof(*vi));
		return false;
	}
	return true;
}

/* ---- whole messages --------------------------------------------------------------------------- */

bool global_conf_decode_msg(const void *payload, size_t len, struct global_conf *out)
{
	struct rbuf r;
	rbuf_init(&r, payload, len);
	if (!global_conf_decode(&r, out))
		return false;
	if (r.left) {
		global_conf_free(out);
		memset(out, 0, sizeof(*out));
		return false;
	}
	return true;
}

bool vrrp_instance_conf_decode_msg(const void *payload, size_t len, struct vrrp_instance_conf *out)
{
	struct rbuf r;
	rbuf_init(&r, payload, len);
	if (!vrrp_instance_conf_decode(&r, out))
		return false;
	if (r.left) {
		vrrp_instance_conf_free(out);
		memset(out, 0, sizeof(*out));
		return false;
	}
	return true;
}
