/* check_vs.c - a virtual server at run time: the IPVS services it expands
 * to, what each of them should hold (real servers by verdict, weight 0 with
 * inhibit_on_failure, the sorry server when quorum is lost), notify and
 * quorum scripts. IPVS is brought in line by vs_sync(), which only touches
 * the destinations this virtual server configures.
 */
#include "checker.h"
#include "keyidx.h"
#include "log.h"
#include "util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/ip_vs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


void checker_notify(struct checker *ck, const struct conf_script *s)
{
	if (!s->cmd || !*s->cmd)
		return;
	struct script_policy p = script_policy_of(&ck->pol, s);
	script_tally_run(ck->notify_scripts, &p, s->cmd, NULL);
}

/* ---- building ---------------------------------------------------------------- */

static void svc_attrs(const struct vs_conf *c, struct ipvs_svc *s)
{
	str_copy(s->sched, sizeof(s->sched), c->sched);
	str_copy(s->pe_name, sizeof(s->pe_name), c->pe_name);
	s->flags = c->sched_flags;
	if (c->ops)
		s->flags |= IP_VS_SVC_F_ONEPACKET;
	if (c->persistent) {
		s->flags |= IP_VS_SVC_F_PERSISTENT;
		s->timeout = c->persistence_timeout_s;
	}
	if (s->af == AF_INET6)
		s->netmask = c->persistent && c->persistence_netmask && c->persistence_netmask <= 128
			     ? c->persistence_netmask : 128;
	else
		s->netmask = c->persistent && c->persistence_netmask > 128 ? c->persistence_netmask : 0xffffffffu;
}

static void push_svc(struct vs_rt *vs, const struct ipvs_svc *s)
{
	struct ipvs_svc *n = array_push(&vs->svcs, &vs->n_svcs, sizeof(*n));
	*n = *s;
	svc_attrs(&vs->conf, n);
}

/* Expand the virtual server (a group gives one service per address/fwmark,
 * or with nftables_ipvs one fwmark service). */
static void expand_services(struct vs_rt *vs)
{
	const struct vs_conf *c = &vs->conf;
	struct ipvs_svc s;
	memset(&s, 0, sizeof(s));
	if (c->kind == VS_KIND_ADDR) {
		s.af = c->addr.family;
		s.protocol = c->protocol;
		s.addr = c->addr;
		s.port = c->port;
		push_svc(vs, &s);
		return;
	}
	if (c->kind == VS_KIND_FWMARK) {
		s.af = c->fwmark_family ? c->fwmark_family : AF_INET;
		s.fwmark = c->fwmark;
		push_svc(vs, &s);
		return;
	}
	sa_family_t af = 0;
	vs->nft_mark = check_nft_mark(vs->ck, c, &af);
	if (vs->nft_mark) {   /* nftables_ipvs: one fwmark service (check_nft.c) */
		s.af = af;
		s.fwmark = vs->nft_mark;
		push_svc(vs, &s);
		return;
	}
	const struct vsg_conf *g = NULL;
	for (size_t i = 0; i < vs->ck->n_vsg; i++)
		if (strcmp(vs->ck->vsg[i].name, c->group) == 0)
			g = &vs->ck->vsg[i];
	if (!g) {
		log_err("virtual_server group %s: the group is unknown", c->group);
		return;
	}
	for (size_t i = 0; i < g->n_entries; i++) {
		const struct vsg_entry *e = &g->entries[i];
		memset(&s, 0, sizeof(s));
		if (e->kind == VSGE_FWMARK) {
			/* none: the service's (its servers', check_validate.c) */
			s.af = e->fwmark_family ? e->fwmark_family : c->fwmark_family ? c->fwmark_family : AF_INET;
			s.fwmark = e->fwmark;
			push_svc(vs, &s);
			continue;
		}
		for (uint32_t k = 0; k < e->count; k++) {
			s.af = e->addr.family;
			s.protocol = c->protocol;
			s.addr = e->addr;
			s.port = e->port;
			if (s.af == AF_INET) {
				s.addr.u.v4.s_addr = htonl(ntohl(e->addr.u.v4.s_addr) + k);
			} else {
				uint32_t *w = (uint32_t *)&s.addr.u.v6;
				w[3] = htonl(ntohl(w[3]) + k);
			}
			push_svc(vs, &s);
		}
	}
}

static void rs_build(struct vs_rt *vs, struct rs_rt *rs, const struct rs_conf *conf, bool sorry)
{
	memset(rs, 0, sizeof(*rs));
	rs->vs = vs;
	rs->conf = conf;
	rs->is_sorry = sorry;
	rs->n_checks = conf->n_checks;
	if (rs->n_checks)
		rs->checks = xcalloc(rs->n_checks, sizeof(*rs->checks));
	for (size_t i = 0; i < rs->n_checks; i++)
		check_rt_init(&rs->checks[i], rs, &conf->checks[i]);
	rs->up = true;
	rs->weight = conf->weight;
	rs_recompute(rs);
	rs->reported_up = rs->up;
	str_copy(rs->reason, sizeof(rs->reason), rs->n_checks ? "initial state" : "no check");
}

/* The real servers by (address, port), for vs_find_rs(): open addressing
 * over their positions in vs->rs - 4 bytes a slot, at most half full (a
 * general key index costs ten times that, and there may be 10,000s). The
 * first of duplicates wins (validation refuses them anyway). */
#define RS_SLOT_FREE UINT32_MAX

static uint32_t rs_hash(const struct rs_conf *c)
{
	struct ka_ep_key k;
	const uint8_t *p = (const uint8_t *)ka_ep_key(&c->addr, c->port, &k);
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < sizeof(k); i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

static bool rs_same(const struct rs_conf *a, const struct rs_conf *b)
{
	return a->port == b->port && ka_addr_eq(&a->addr, &b->addr);
}

static void rs_index(struct vs_rt *vs)
{
	size_t cap = 16;
	while (cap < 2 * vs->n_rs)
		cap *= 2;
	vs->rs_slots = xmalloc(cap * sizeof(*vs->rs_slots));
	memset(vs->rs_slots, 0xff, cap * sizeof(*vs->rs_slots));
	vs->rs_mask = (uint32_t)(cap - 1);
	for (size_t i = 0; i < vs->n_rs; i++) {
		const struct rs_conf *c = vs->rs[i].conf;
		uint32_t j = rs_hash(c) & vs->rs_mask;
		while (vs->rs_slots[j] != RS_SLOT_FREE && !rs_same(vs->rs[vs->rs_slots[j]].conf, c))
			j = (j + 1) & vs->rs_mask;
		if (vs->rs_slots[j] == RS_SLOT_FREE)
			vs->rs_slots[j] = (uint32_t)i;
	}
}

struct vs_rt *vs_rt_new(struct checker *ck, struct vs_conf *conf)
{
	struct vs_rt *vs = xcalloc(1, sizeof(*vs));
	vs->ck = ck;
	vs->conf = *conf;
	memset(conf, 0, sizeof(*conf));
	expand_services(vs);
	vs->n_rs = vs->conf.n_rs;
	if (vs->n_rs)
		vs->rs = xcalloc(vs->n_rs, sizeof(*vs->rs));
	for (size_t i = 0; i < vs->n_rs; i++)
		rs_build(vs, &vs->rs[i], &vs->conf.rs[i], false);
	if (vs->conf.has_sorry)
		rs_build(vs, &vs->sorry, &vs->conf.sorry, true);
	rs_index(vs);
	vs->quorum_up = true;
	return vs;
}

/* ---- IPVS ------------------------------------------------------------------------ */

static uint32_t fwd_of(enum lvs_method m)
{
	switch (m) {
	case LVS_METHOD_DR: return IP_VS_CONN_F_DROUTE;
	case LVS_METHOD_TUN: return IP_VS_CONN_F_TUNNEL;
	default: return IP_VS_CONN_F_MASQ;
	}
}

void vs_dest_of(const struct rs_rt *rs, const struct ipvs_svc *s, int32_t weight, struct ipvs_dest *d)
{
	memset(d, 0, sizeof(*d));
	d->addr = rs->conf->addr;
	d->port = rs->conf->port ? rs->conf->port : s->port;
	d->fwd = fwd_of(rs->conf->method);
	d->weight = weight;
	d->u_thresh = rs->conf->u_threshold;
	d->l_thresh = rs->conf->l_threshold;
}

/* Index of IPVS destinations by (address, port), for find_dest(): matching
 * N real servers against the kernel's list stays O(N). */
static struct keyidx *dest_index(const struct ipvs_dest *arr, size_t n)
{
	struct keyidx *ix = keyidx_new(n);
	struct ka_ep_key k;
	for (size_t i = 0; i < n; i++)
		keyidx_put(ix, ka_ep_key(&arr[i].addr, arr[i].port, &k), sizeof(k), i);
	return ix;
}

static struct ipvs_dest *find_dest(struct ipvs_dest *arr, const struct keyidx *ix, const struct ipvs_dest *d)
{
	struct ka_ep_key k;
	size_t i = keyidx_get(ix, ka_ep_key(&d->addr, d->port, &k), sizeof(k));
	return i == KEYIDX_NONE ? NULL : &arr[i];
}

static struct rs_want want_of(const struct vs_rt *vs, const struct rs_rt *rs)
{
	if (rs->is_sorry)
		return sorry_desired(vs->sorry_active, rs->weight, rs->conf->inhibit_on_failure == 1);
	return rs_desired(rs->up, rs->weight, rs->conf->inhibit_on_failure == 1, vs->sorry_active);
}

/* Log one change made to (or refused by) IPVS. */
static void log_dest_op(const struct rs_rt *rs, const struct ipvs_svc *s, const struct ipvs_dest *d,
			const char *what, int r)
{
	char sb[80], rb[80];
	rs_str(rs, rb, sizeof(rb));
	if (r < 0)
		log_err("IPVS: %s %s%s (weight %d) in %s failed: %s", what, rs->is_sorry ? "sorry server " : "",
			rb, d->weight, ipvs_svc_str(s, sb, sizeof(sb)), ipvs_strerror(r));
	else
		log_info("IPVS: %s %s%s (weight %d, %s) in %s", what, rs->is_sorry ? "sorry server " : "",
			 rb, d->weight, lvs_method_name(rs->conf->method), ipvs_svc_str(s, sb, sizeof(sb)));
}

/* Make one destination of one service what w says, kern being what the
 * kernel holds. Returns false when IPVS refused the change. */
static bool sync_dest(struct vs_rt *vs, const struct ipvs_svc *s, struct ipvs_dest *kern,
		      const struct keyidx *kix, const struct rs_rt *rs, struct rs_want w)
{
	struct ipvs *v = vs->ck->ipvs;
	struct ipvs_dest d;
	vs_dest_of(rs, s, w.weight, &d);
	struct ipvs_dest *k = find_dest(kern, kix, &d);
	int r = 0;
	const char *what = NULL;
	if (w.present && !k) {
		what = "adding";
		r = ipvs_dest_add(v, s, &d);
	} else if (w.present && (k->weight != d.weight || k->fwd != d.fwd || k->u_thresh != d.u_thresh ||
				 k->l_thresh != d.l_thresh)) {
		what = "updating";
		r = ipvs_dest_update(v, s, &d);
	} else if (!w.present && k) {
		what = "removing";
		r = ipvs_dest_del(v, s, &d);
	}
	if (what)
		log_dest_op(rs, s, &d, what, r);
	return r >= 0;
}

/* After a whole-table pass: what every service now holds for rs. */
static void note_kernel(struct rs_rt *rs, struct rs_want w, bool ok)
{
	rs->k_known = ok;
	rs->k_present = w.present;
	rs->k_weight = w.weight;
}

void vs_sync(struct vs_rt *vs)
{
	struct ipvs *v = vs->ck->ipvs;
	if (!v || vs->ck->stopping)
		return;
	/* known unless a service cannot be read or a request fails below */
	for (size_t j = 0; j < vs->n_rs; j++)
		note_kernel(&vs->rs[j], want_of(vs, &vs->rs[j]), true);
	if (vs->conf.has_sorry)
		note_kernel(&vs->sorry, want_of(vs, &vs->sorry), true);
	for (size_t i = 0; i < vs->n_svcs; i++) {
		const struct ipvs_svc *s = &vs->svcs[i];
		struct ipvs_dest *kern = NULL;
		size_t nk = 0;
		int r = ipvs_dest_list(v, s, &kern, &nk);
		if (r < 0) {
			char sb[80];
			log_err("IPVS: reading %s failed: %s", ipvs_svc_str(s, sb, sizeof(sb)), ipvs_strerror(r));
			for (size_t j = 0; j < vs->n_rs; j++)
				vs->rs[j].k_known = false;
			vs->sorry.k_known = false;
			continue;
		}
		struct keyidx *kix = dest_index(kern, nk);
		for (size_t j = 0; j < vs->n_rs; j++) {
			struct rs_rt *rs = &vs->rs[j];
			if (!sync_dest(vs, s, kern, kix, rs, want_of(vs, rs)))
				rs->k_known = false;
		}
		if (vs->conf.has_sorry && !sync_dest(vs, s, kern, kix, &vs->sorry, want_of(vs, &vs->sorry)))
			vs->sorry.k_known = false;
		keyidx_free(kix);
		free(kern);
	}
}

/* Contract: see checker.h. Without a known kernel state for rs (a failed
 * request, or no whole pass yet) the whole virtual server is synced. */
void vs_sync_rs(struct vs_rt *vs, struct rs_rt *rs)
{
	struct ipvs *v = vs->ck->ipvs;
	if (!v || vs->ck->stopping)
		return;
	if (!rs->k_known) {
		vs_sync(vs);
		return;
	}
	struct rs_want w = want_of(vs, rs);
	if (rs->k_present == w.present && (!w.present || rs->k_weight == w.weight))
		return;
	bool ok = true;
	for (size_t i = 0; i < vs->n_svcs; i++) {
		const struct ipvs_svc *s = &vs->svcs[i];
		struct ipvs_dest d;
		vs_dest_of(rs, s, w.weight, &d);
		int r;
		const char *what;
		if (!w.present) {
			what = "removing";
			r = ipvs_dest_del(v, s, &d);
			if (r == -ENOENT)
				continue;   /* gone already */
		} else if (rs->k_present) {
			what = "updating";
			r = ipvs_dest_update(v, s, &d);
		} else {
			what = "adding";
			r = ipvs_dest_add(v, s, &d);
		}
		log_dest_op(rs, s, &d, what, r);
		ok &= r >= 0;
	}
	note_kernel(rs, w, ok);
	if (!ok)   /* someone else changed the table: read it and make it right */
		vs_sync(vs);
}

/* Create missing services, update changed ones; note destinations already
 * present (a respawn) so their real servers start up. */
static void install_services(struct vs_rt *vs, bool fresh)
{
	struct ipvs *v = vs->ck->ipvs;
	char sb[80];
	for (size_t i = 0; i < vs->n_svcs; i++) {
		const struct ipvs_svc *s = &vs->svcs[i];
		struct ipvs_svc cur;
		int r = ipvs_svc_get(v, s, &cur);
		if (r == -ENOENT) {
			r = ipvs_svc_add(v, s);
			if (r < 0)
				log_err("IPVS: adding service %s failed: %s", ipvs_svc_str(s, sb, sizeof(sb)), ipvs_strerror(r));
			else
				log_info("IPVS: added service %s (%s)", ipvs_svc_str(s, sb, sizeof(sb)), s->sched);
			continue;
		}
		if (r < 0) {
			log_err("IPVS: reading service %s failed: %s", ipvs_svc_str(s, sb, sizeof(sb)), ipvs_strerror(r));
			continue;
		}
		if (!ipvs_svc_attrs_equal(s, &cur)) {
			r = ipvs_svc_update(v, s);
			if (r < 0)
				log_err("IPVS: updating service %s failed: %s", ipvs_svc_str(s, sb, sizeof(sb)), ipvs_strerror(r));
			else
				log_info("IPVS: updated service %s", ipvs_svc_str(s, sb, sizeof(sb)));
		} else if (fresh) {
			log_info("IPVS: service %s already present: adopting it", ipvs_svc_str(s, sb, sizeof(sb)));
		}
		if (!fresh)
			continue;
		struct ipvs_dest *kern = NULL;
		size_t nk = 0;
		if (ipvs_dest_list(v, s, &kern, &nk) < 0)
			continue;
		struct keyidx *kix = dest_index(kern, nk);
		for (size_t j = 0; j < vs->n_rs; j++) {
			struct ipvs_dest d;
			vs_dest_of(&vs->rs[j], s, 0, &d);
			struct ipvs_dest *k = find_dest(kern, kix, &d);
			if (k && k->weight > 0)
				vs->rs[j].seen_in_kernel = true;
		}
		keyidx_free(kix);
		free(kern);
	}
}

/* Sum the live weight again (start, reload), each real server's share noted. */
static int64_t live_weight(struct vs_rt *vs)
{
	int64_t sum = 0;
	for (size_t i = 0; i < vs->n_rs; i++) {
		struct rs_rt *rs = &vs->rs[i];
		rs->counted = rs->up ? rs->weight : 0;
		sum += rs->counted;
	}
	return sum;
}

/* Re-evaluate quorum, after a change of rs only (its share of the live
 * weight is replaced: O(1) per verdict at any size) or, rs NULL, of the
 * whole virtual server; runs quorum_up/quorum_down on a change. */
static void quorum_update(struct vs_rt *vs, struct rs_rt *rs)
{
	if (rs && !rs->is_sorry) {
		int64_t now = rs->up ? rs->weight : 0;
		vs->live_weight += now - rs->counted;
		rs->counted = now;
	} else if (!rs) {
		vs->live_weight = live_weight(vs);
	}
	bool q = quorum_eval(vs->quorum_up, vs->live_weight, vs->conf.quorum, vs->conf.hysteresis);
	if (q != vs->quorum_up) {
		vs->quorum_up = q;
		log_notice("VS %s: quorum %s (live weight %lld, quorum %u, hysteresis %u)%s", vs->conf.name,
			   q ? "gained" : "lost", (long long)vs->live_weight, vs->conf.quorum, vs->conf.hysteresis,
			   vs->conf.has_sorry ? (q ? ": sorry server out" : ": sorry server in") : "");
		checker_notify(vs->ck, q ? &vs->conf.quorum_up : &vs->conf.quorum_down);
		fifo_vs(vs);
		check_smtp_quorum(vs, false);
	}
	vs->sorry_active = vs->conf.has_sorry && !vs->quorum_up;
}

/* The quorum of a virtual server that starts (at start, or new in a
 * reload), as keepalived 2.2.7: it starts down and is gained at quorum +
 * hysteresis, which runs quorum_up (the FIFO, the mail); short of it, with
 * a sorry server, "starting with quorum down" runs quorum_down and puts the
 * sorry server in; without one it stays down silently. A respawned checker
 * (real servers found in IPVS) takes the state without notifying again.
 * quorum_start() sets the state, quorum_start_notify() tells it (after the
 * real servers' rs_init_notifies, 2.2.7's order). */
static void quorum_start(struct vs_rt *vs)
{
	vs->live_weight = live_weight(vs);
	int64_t need = (int64_t)vs->conf.quorum + vs->conf.hysteresis;
	vs->quorum_up = vs->live_weight >= need;
	vs->sorry_active = vs->conf.has_sorry && !vs->quorum_up;
}

static void quorum_start_notify(struct vs_rt *vs, bool respawn)
{
	if (respawn || (!vs->quorum_up && !vs->conf.has_sorry))
		return;
	log_notice("VS %s: starting with quorum %s (live weight %lld, quorum %u, hysteresis %u)%s", vs->conf.name,
		   vs->quorum_up ? "up" : "down", (long long)vs->live_weight, vs->conf.quorum, vs->conf.hysteresis,
		   vs->sorry_active ? ": sorry server in" : "");
	checker_notify(vs->ck, vs->quorum_up ? &vs->conf.quorum_up : &vs->conf.quorum_down);
	fifo_vs(vs);
	check_smtp_quorum(vs, true);
}

/* rs_init_notifies: the real servers that start up alive - new in this
 * configuration, not taken over from the running one nor found in IPVS by a
 * respawned checker - run notify_up and go to the notify FIFOs, as keepalived
 * 2.2 does when it adds them (a server that starts down, e.g. with alpha,
 * is announced when its checks bring it up, as always). */
static void init_notifies(struct vs_rt *vs, bool fresh)
{
	for (size_t i = 0; i < vs->n_rs; i++) {
		struct rs_rt *rs = &vs->rs[i];
		if (!rs->up || rs->existed || (fresh && rs->seen_in_kernel))
			continue;
		checker_notify(vs->ck, &rs->conf->notify_up);
		fifo_rs(rs);
	}
}

void vs_rt_start(struct vs_rt *vs, bool fresh)
{
	if (vs->ck->ipvs)
		install_services(vs, fresh);
	bool respawn = false;
	for (size_t i = 0; i < vs->n_rs; i++) {
		struct rs_rt *rs = &vs->rs[i];
		if (!fresh)   /* after a reload every check retries (2.2.7) */
			for (size_t j = 0; j < rs->n_checks; j++)
				rs->checks[j].st.first = false;
		if (fresh && rs->seen_in_kernel) {
			respawn = true;
			/* respawn: keep serving through it while checks confirm */
			for (size_t j = 0; j < rs->n_checks; j++)
				rs->checks[j].st.up = true;
			rs_recompute(rs);
			rs->reported_up = rs->up;
			str_copy(rs->reason, sizeof(rs->reason), "already in IPVS");
		}
	}
	if (vs->adopted)
		quorum_update(vs, NULL);
	else
		quorum_start(vs);
	vs_sync(vs);
	if (vs->ck->cg.rs_init_notifies)
		init_notifies(vs, fresh);
	if (!vs->adopted)
		quorum_start_notify(vs, respawn);
	for (size_t i = 0; i < vs->n_rs; i++) {
		struct rs_rt *rs = &vs->rs[i];
		for (size_t j = 0; j < rs->n_checks; j++) {
			struct check_rt *c = &rs->checks[j];
			uint64_t max = fresh ? (uint64_t)c->conf->warmup_ms * USEC_PER_MSEC
					     : (uint64_t)c->conf->delay_loop_ms * USEC_PER_MSEC;
			if (!fresh && max > 2 * USEC_PER_SEC)
				max = 2 * USEC_PER_SEC;
			check_rt_start(c, max);
		}
	}
}

void vs_rs_changed(struct rs_rt *rs, const char *why)
{
	struct vs_rt *vs = rs->vs;
	char rb[80];
	str_copy(rs->reason, sizeof(rs->reason), why);
	rs_str(rs, rb, sizeof(rb));
	if (rs->up != rs->reported_up) {
		rs->reported_up = rs->up;
		if (rs->up)
			rs->n_up++;
		else
			rs->n_down++;
		log_notice("%s real server %s %s VS %s (%s)",
			   rs->up ? "Adding" : (rs->conf->inhibit_on_failure == 1 ? "Inhibiting" : "Removing"),
			   rb, rs->up ? "to" : "from", vs->conf.name, why);
		checker_notify(vs->ck, rs->up ? &rs->conf->notify_up : &rs->conf->notify_down);
		fifo_rs(rs);
	} else {
		log_notice("Real server %s of VS %s: weight %d (%s)", rb, vs->conf.name, rs->weight, why);
	}
	/* one real server changed: unless that moved the sorry server in or
	 * out, only its destinations need a change */
	bool sorry = vs->sorry_active;
	quorum_update(vs, rs);
	if (sorry != vs->sorry_active)
		vs_sync(vs);
	else
		vs_sync_rs(vs, rs);
}

/* ---- stopping and reloading -------------------------------------------------------- */

void rs_removed_notify(struct rs_rt *rs)
{
	char rb[80];
	log_notice("Real server %s of VS %s removed by the new configuration: notify_down",
		   rs_str(rs, rb, sizeof(rb)), rs->vs->conf.name);
	rs->up = false;
	rs->reported_up = false;
	checker_notify(rs->vs->ck, &rs->conf->notify_down);
	fifo_rs(rs);
}

void vs_rt_stop(struct vs_rt *vs, unsigned how)
{
	struct checker *ck = vs->ck;
	for (size_t i = 0; i < vs->n_rs; i++)
		for (size_t j = 0; j < vs->rs[i].n_checks; j++)
			check_rt_stop(&vs->rs[i].checks[j]);
	if (how & VS_STOP_REMOVED) {
		for (size_t i = 0; i < vs->n_rs; i++)
			if (vs->rs[i].up && !vs->sorry_active)
				rs_removed_notify(&vs->rs[i]);
		if (vs->quorum_up) {
			vs->quorum_up = false;
			checker_notify(ck, &vs->conf.quorum_down);
			fifo_vs(vs);
		}
	} else if ((how & VS_STOP_OMEGA) && vs->conf.omega) {
		/* omega: notify_down of the real servers up and in IPVS (not
		 * displaced by the sorry server), and quorum_down whatever the
		 * quorum was, with their notify FIFO lines (keepalived 2.2.7's
		 * stop: clear_service_rs() skips a server it does not hold) */
		for (size_t i = 0; i < vs->n_rs; i++) {
			struct rs_rt *rs = &vs->rs[i];
			if (!rs->up || vs->sorry_active)
				continue;
			checker_notify(ck, &rs->conf->notify_down);
			rs->up = false;
			fifo_rs(rs);
		}
		checker_notify(ck, &vs->conf.quorum_down);
		vs->quorum_up = false;
		fifo_vs(vs);
	}
	if (!ck->ipvs || !(how & VS_STOP_DELETE))
		return;
	for (size_t i = 0; i < vs->n_svcs; i++) {
		char sb[80];
		int r = ipvs_svc_del(ck->ipvs, &vs->svcs[i]);
		if (r < 0 && r != -ENOENT)
			log_err("IPVS: removing service %s failed: %s", ipvs_svc_str(&vs->svcs[i], sb, sizeof(sb)),
				ipvs_strerror(r));
		else if (r == 0)
			log_info("IPVS: removed service %s", ipvs_svc_str(&vs->svcs[i], sb, sizeof(sb)));
	}
}

void vs_rt_free(struct vs_rt *vs)
{
	if (!vs)
		return;
	for (size_t i = 0; i < vs->n_rs; i++) {
		for (size_t j = 0; j < vs->rs[i].n_checks; j++)
			check_rt_free(&vs->rs[i].checks[j]);
		free(vs->rs[i].checks);
	}
	free(vs->rs);
	free(vs->rs_slots);
	free(vs->sorry.checks);
	free(vs->svcs);
	vs_conf_free(&vs->conf);
	free(vs);
}

struct rs_rt *vs_find_rs(struct vs_rt *vs, const struct rs_conf *c)
{
	if (!vs->rs_slots)
		return NULL;
	for (uint32_t j = rs_hash(c) & vs->rs_mask; vs->rs_slots[j] != RS_SLOT_FREE; j = (j + 1) & vs->rs_mask)
		if (rs_same(vs->rs[vs->rs_slots[j]].conf, c))
			return &vs->rs[vs->rs_slots[j]];
	return NULL;
}

/* Take over the check state of unchanged real servers. The checks keep
 * their verdicts; only the attempt in flight (already stopped) is lost. */
void vs_rt_adopt(struct vs_rt *vs, struct vs_rt *old)
{
	for (size_t i = 0; i < vs->n_rs; i++) {
		struct rs_rt *rs = &vs->rs[i];
		struct rs_rt *o = vs_find_rs(old, rs->conf);
		if (!o)
			continue;
		rs->existed = true;
		bool same_checks = o->n_checks == rs->n_checks;
		/* compare the checks through the real server's encoding, minus
		 * the fields that do not affect checking */
		struct rs_conf a = *rs->conf, b = *o->conf;
		a.weight = b.weight;
		a.u_threshold = b.u_threshold;
		a.l_threshold = b.l_threshold;
		a.origin = b.origin;
		a.notify_up = b.notify_up;
		a.notify_down = b.notify_down;
		a.inhibit_on_failure = b.inhibit_on_failure;
		a.method = b.method;
		if (!same_checks || !rs_conf_equal(&a, &b))
			continue;
		for (size_t j = 0; j < rs->n_checks; j++) {
			struct check_rt *n = &rs->checks[j], *p = &o->checks[j];
			n->st = p->st;
			n->weight = p->weight;
			n->n_ok = p->n_ok;
			n->n_fail = p->n_fail;
			n->last_us = p->last_us;
			str_copy(n->last, sizeof(n->last), p->last);
		}
		rs_recompute(rs);
		rs->reported_up = rs->up;
		rs->n_up = o->n_up;
		rs->n_down = o->n_down;
		str_copy(rs->reason, sizeof(rs->reason), o->reason);
	}
	vs->quorum_up = old->quorum_up;
}
