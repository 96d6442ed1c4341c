/* check_wire.c - IPC_CONF_VS / IPC_CONF_VSG payloads (see check_conf.h).
 *
 * Fields are written in a fixed order; the decoder reads them back in the
 * same order, checks counts against sane limits and, on any error, frees
 * what it built so the caller has nothing to clean up.
 */
#include "check_conf.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define WIRE_MAX_ITEMS 100000u

static void put_addr(struct wbuf *w, const struct ka_addr *a)
{
	wput_u16(w, a->family);
	wput_bytes(w, &a->u, sizeof(a->u));
}

static void get_addr(struct rbuf *r, struct ka_addr *a)
{
	a->family = rget_u16(r);
	rget_bytes(r, &a->u, sizeof(a->u));
	if (a->family != 0 && a->family != AF_INET && a->family != AF_INET6)
		r->error = true;
}

static void put_origin(struct wbuf *w, const struct conf_origin *o)
{
	wput_str(w, o->file);
	wput_u32(w, (uint32_t)o->line);
}

static void get_origin(struct rbuf *r, struct conf_origin *o)
{
	rget_strbuf(r, o->file, sizeof(o->file));
	o->line = (int)rget_u32(r);
}

static uint32_t get_count(struct rbuf *r)
{
	uint32_t n = rget_u32(r);
	if (n > WIRE_MAX_ITEMS || n > r->left) {
		r->error = true;
		return 0;
	}
	return n;
}

/* A byte string that may be absent: u8 present, u32 length, the bytes. */
static void put_blob(struct wbuf *w, const uint8_t *p, uint32_t len)
{
	wput_u8(w, p != NULL);
	if (!p)
		return;
	wput_u32(w, len);
	wput_bytes(w, p, len);
}

/* Read what put_blob() wrote into a fresh heap buffer (*p stays NULL when
 * absent or on error). */
static void get_blob(struct rbuf *r, uint8_t **p, uint32_t *len)
{
	*p = NULL;
	*len = 0;
	if (!rget_u8(r))
		return;
	uint32_t n = get_count(r);
	if (r->error)
		return;
	*p = xmalloc(n ? n : 1);
	*len = n;
	rget_bytes(r, *p, n);
}

static void put_check(struct wbuf *w, const struct check_conf *c)
{
	wput_u32(w, c->type);
	put_origin(w, &c->origin);
	put_addr(w, &c->connect_ip);
	wput_u32(w, c->connect_port);
	put_addr(w, &c->bindto);
	wput_u32(w, c->bind_port);
	wput_u32(w, c->connect_timeout_ms);
	wput_u32(w, c->retry);
	wput_u32(w, c->delay_before_retry_ms);
	wput_u32(w, c->delay_loop_ms);
	wput_u32(w, c->warmup_ms);
	wput_u32(w, c->rise);
	wput_u32(w, c->fall);
	wput_u32(w, c->alpha);
	wput_str(w, c->virtualhost);
	wput_u32(w, (uint32_t)c->n_urls);
	for (size_t i = 0; i < c->n_urls; i++) {
		const struct url_conf *u = &c->urls[i];
		wput_str(w, u->path);
		wput_u8(w, u->has_digest);
		wput_bytes(w, u->digest, sizeof(u->digest));
		wput_u8(w, u->has_status);
		wput_bytes(w, u->status_bits, sizeof(u->status_bits));
		wput_str(w, u->virtualhost);
	}
	wput_u8(w, c->enable_sni);
	wput_str(w, c->misc_path);
	wput_u32(w, c->misc_timeout_ms);
	wput_u8(w, c->misc_dynamic);
	put_blob(w, c->udp_payload, c->udp_payload_len);
	wput_u8(w, c->udp_require_reply);
	put_blob(w, c->udp_reply, c->udp_reply_len);
	wput_u32(w, c->udp_min_reply_len);
	wput_u32(w, c->udp_max_reply_len);
}

static void get_check(struct rbuf *r, struct check_conf *c)
{
	c->type = rget_u32(r);
	if (c->type < CHECK_TCP || c->type > CHECK_UDP)
		r->error = true;
	get_origin(r, &c->origin);
	get_addr(r, &c->connect_ip);
	c->connect_port = rget_u32(r);
	get_addr(r, &c->bindto);
	c->bind_port = rget_u32(r);
	c->connect_timeout_ms = rget_u32(r);
	c->retry = rget_u32(r);
	c->delay_before_retry_ms = rget_u32(r);
	c->delay_loop_ms = rget_u32(r);
	c->warmup_ms = rget_u32(r);
	c->rise = rget_u32(r);
	c->fall = rget_u32(r);
	c->alpha = rget_u32(r);
	c->virtualhost = rget_str(r);
	uint32_t n = get_count(r);
	if (n) {
		c->urls = xcalloc(n, sizeof(*c->urls));
		c->n_urls = n;
	}
	for (size_t i = 0; i < n && !r->error; i++) {
		struct url_conf *u = &c->urls[i];
		u->path = rget_str(r);
		u->has_digest = rget_u8(r);
		rget_bytes(r, u->digest, sizeof(u->digest));
		u->has_status = rget_u8(r);
		rget_bytes(r, u->status_bits, sizeof(u->status_bits));
		u->virtualhost = rget_str(r);
	}
	c->enable_sni = rget_u8(r);
	c->misc_path = rget_str(r);
	c->misc_timeout_ms = rget_u32(r);
	c->misc_dynamic = rget_u8(r);
	get_blob(r, &c->udp_payload, &c->udp_payload_len);
	c->udp_require_reply = rget_u8(r);
	get_blob(r, &c->udp_reply, &c->udp_reply_len);
	c->udp_min_reply_len = rget_u32(r);
	c->udp_max_reply_len = rget_u32(r);
}

static void put_rs(struct wbuf *w, const struct rs_conf *rs)
{
	put_origin(w, &rs->origin);
	put_addr(w, &rs->addr);
	wput_u16(w, rs->port);
	wput_u32(w, (uint32_t)rs->weight);
	wput_u32(w, rs->method);
	wput_u32(w, rs->inhibit_on_failure);
	wput_u32(w, rs->alpha);
	wput_str(w, rs->notify_up);
	wput_str(w, rs->notify_down);
	wput_str(w, rs->virtualhost);
	wput_u32(w, rs->connect_timeout_ms);
	wput_u32(w, rs->retry);
	wput_u32(w, rs->delay_before_retry_ms);
	wput_u32(w, rs->delay_loop_ms);
	wput_u32(w, rs->warmup_ms);
	wput_u32(w, rs->rise);
	wput_u32(w, rs->fall);
	wput_u32(w, (uint32_t)rs->n_checks);
	for (size_t i = 0; i < rs->n_checks; i++)
		put_check(w, &rs->checks[i]);
}

void rs_conf_encode(const struct rs_conf *rs, struct wbuf *w)
{
	put_rs(w, rs);
}

static void get_rs(struct rbuf *r, struct rs_conf *rs)
{
	get_origin(r, &rs->origin);
	get_addr(r, &rs->addr);
	rs->port = rget_u16(r);
	rs->weight = (int32_t)rget_u32(r);
	rs->method = rget_u32(r);
	if (rs->method > LVS_METHOD_TUN)
		r->error = true;
	rs->inhibit_on_failure = rget_u32(r);
	rs->alpha = rget_u32(r);
	rs->notify_up = rget_str(r);
	rs->notify_down = rget_str(r);
	rs->virtualhost = rget_str(r);
	rs->connect_timeout_ms = rget_u32(r);
	rs->retry = rget_u32(r);
	rs->delay_before_retry_ms = rget_u32(r);
	rs->delay_loop_ms = rget_u32(r);
	rs->warmup_ms = rget_u32(r);
	rs->rise = rget_u32(r);
	rs->fall = rget_u32(r);
	uint32_t n = get_count(r);
	if (n) {
		rs->checks = xcalloc(n, sizeof(*rs->checks));
		rs->n_checks = n;
	}
	for (size_t i = 0; i < n && !r->error; i++)
		get_check(r, &rs->checks[i]);
}

void vs_conf_encode(const struct vs_conf *vs, struct wbuf *w)
{
	wput_str(w, vs->name);
	put_origin(w, &vs->origin);
	wput_u32(w, vs->kind);
	put_addr(w, &vs->addr);
	wput_u16(w, vs->port);
	wput_u32(w, vs->fwmark);
	wput_u16(w, vs->fwmark_family);
	wput_str(w, vs->group);
	wput_u16(w, vs->protocol);
	wput_str(w, vs->sched);
	wput_u32(w, vs->sched_flags);
	wput_u8(w, vs->ops);
	wput_u32(w, vs->method);
	wput_u8(w, vs->persistent);
	wput_u32(w, vs->persistence_timeout_s);
	wput_u32(w, vs->persistence_netmask);
	wput_u8(w, vs->ha_suspend);
	wput_str(w, vs->virtualhost);
	wput_u8(w, vs->alpha);
	wput_u8(w, vs->omega);
	wput_u32(w, vs->quorum);
	wput_u32(w, vs->hysteresis);
	wput_str(w, vs->quorum_up);
	wput_str(w, vs->quorum_down);
	wput_u8(w, vs->has_sorry);
	put_rs(w, &vs->sorry);
	wput_u8(w, vs->sorry_server_inhibit);
	wput_u8(w, vs->inhibit_on_failure);
	wput_u32(w, vs->connect_timeout_ms);
	wput_u32(w, vs->retry);
	wput_u32(w, vs->delay_before_retry_ms);
	wput_u32(w, vs->delay_loop_ms);
	wput_u32(w, vs->warmup_ms);
	wput_u32(w, vs->rise);
	wput_u32(w, vs->fall);
	wput_u32(w, (uint32_t)vs->n_rs);
	for (size_t i = 0; i < vs->n_rs; i++)
		put_rs(w, &vs->rs[i]);
}

bool vs_conf_decode(struct rbuf *r, struct vs_conf *vs)
{
	memset(vs, 0, sizeof(*vs));
	rget_strbuf(r, vs->name, sizeof(vs->name));
	get_origin(r, &vs->origin);
	vs->kind = rget_u32(r);
	if (vs->kind > VS_KIND_GROUP)
		r->error = true;
	get_addr(r, &vs->addr);
	vs->port = rget_u16(r);
	vs->fwmark = rget_u32(r);
	vs->fwmark_family = rget_u16(r);
	rget_strbuf(r, vs->group, sizeof(vs->group));
	vs->protocol = rget_u16(r);
	rget_strbuf(r, vs->sched, sizeof(vs->sched));
	vs->sched_flags = rget_u32(r);
	vs->ops = rget_u8(r);
	vs->method = rget_u32(r);
	if (vs->method > LVS_METHOD_TUN)
		r->error = true;
	vs->persistent = rget_u8(r);
	vs->persistence_timeout_s = rget_u32(r);
	vs->persistence_netmask = rget_u32(r);
	vs->ha_suspend = rget_u8(r);
	vs->virtualhost = rget_str(r);
	vs->alpha = rget_u8(r);
	vs->omega = rget_u8(r);
	vs->quorum = rget_u32(r);
	vs->hysteresis = rget_u32(r);
	vs->quorum_up = rget_str(r);
	vs->quorum_down = rget_str(r);
	vs->has_sorry = rget_u8(r);
	get_rs(r, &vs->sorry);
	vs->sorry_server_inhibit = rget_u8(r);
	vs->inhibit_on_failure = rget_u8(r);
	vs->connect_timeout_ms = rget_u32(r);
	vs->retry = rget_u32(r);
	vs->delay_before_retry_ms = rget_u32(r);
	vs->delay_loop_ms = rget_u32(r);
	vs->warmup_ms = rget_u32(r);
	vs->rise = rget_u32(r);
	vs->fall = rget_u32(r);
	uint32_t n = get_count(r);
	if (n) {
		vs->rs = xcalloc(n, sizeof(*vs->rs));
		vs->n_rs = n;
	}
	for (size_t i = 0; i < n && !r->error; i++)
		get_rs(r, &vs->rs[i]);
	if (r->error || r->left) {
		vs_conf_free(vs);
		memset(vs, 0, sizeof(*vs));
		return false;
	}
	return true;
}

void vsg_conf_encode(const struct vsg_conf *g, struct wbuf *w)
{
	wput_str(w, g->name);
	put_origin(w, &g->origin);
	wput_u32(w, (uint32_t)g->n_entries);
	for (size_t i = 0; i < g->n_entries; i++) {
		const struct vsg_entry *e = &g->entries[i];
		wput_u32(w, e->kind);
		put_addr(w, &e->addr);
		wput_u32(w, e->count);
		wput_u16(w, e->port);
		wput_u32(w, e->fwmark);
		wput_u16(w, e->fwmark_family);
		put_origin(w, &e->origin);
	}
}

bool vsg_conf_decode(struct rbuf *r, struct vsg_conf *g)
{
	memset(g, 0, sizeof(*g));
	rget_strbuf(r, g->name, sizeof(g->name));
	get_origin(r, &g->origin);
	uint32_t n = get_count(r);
	if (n) {
		g->entries = xcalloc(n, sizeof(*g->entries));
		g->n_entries = n;
	}
	for (size_t i = 0; i < n && !r->error; i++) {
		struct vsg_entry *e = &g->entries[i];
		e->kind = rget_u32(r);
		if (e->kind > VSGE_FWMARK)
			r->error = true;
		get_addr(r, &e->addr);
		e->count = rget_u32(r);
		e->port = rget_u16(r);
		e->fwmark = rget_u32(r);
		e->fwmark_family = rget_u16(r);
		get_origin(r, &e->origin);
	}
	if (r->error || r->left) {
		vsg_conf_free(g);
		return false;
	}
	return true;
}
