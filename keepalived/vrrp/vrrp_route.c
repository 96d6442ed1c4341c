/* vrrp_route.c - virtual_routes / virtual_rules with mastership and the
 * static_* blocks for the child's life, through libnl-route. See vrrp.h
 * (vrrp_routes_apply(), vrrp_routes_update(), vrrp_statics_update()).
 * Adding what is already there and removing what is not are not errors
 * (a restart after a crash finds its routes in place). */
#include "vrrp.h"
#include "log.h"
#include "util.h"
#include "vrrp_net.h"

#include <arpa/inet.h>
#include <endian.h>
#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/lwtunnel.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/route.h>
#include <netlink/route/rule.h>
#include <string.h>

/* Contract: see vrrp.h. */
struct nl_sock *vrrp_route_sock(const char *who)
{
	struct nl_sock *sk = nl_socket_alloc();
	if (!sk) {
		log_err("%s: cannot allocate a netlink socket", who);
		return NULL;
	}
	int err = nl_connect(sk, NETLINK_ROUTE);
	if (err < 0) {
		log_err("%s: netlink: %s", who, nl_geterror(err));
		nl_socket_free(sk);
		return NULL;
	}
	return sk;
}

static struct nl_addr *addr_of(const struct ka_addr *a, uint8_t len)
{
	struct nl_addr *n = nl_addr_build(a->family, &a->u, a->family == AF_INET ? 4 : 16);
	if (n)
		nl_addr_set_prefixlen(n, len);
	return n;
}

static const char *text(const struct ka_addr *a, uint8_t len, char *buf, size_t size)
{
	char t[INET6_ADDRSTRLEN] = "all";
	if (a->family)
		inet_ntop(a->family, &a->u, t, sizeof(t));
	snprintf(buf, size, "%s/%u", t, len);
	return buf;
}

/* One next hop; default_dev for one without its own device. */
static void add_nexthop(struct rtnl_route *r, const struct netif *nf, const struct route_nh *h,
			const char *default_dev)
{
	struct rtnl_nexthop *nh = rtnl_route_nh_alloc();
	if (h->via.family) {
		struct nl_addr *via = addr_of(&h->via, h->via.family == AF_INET ? 32 : 128);
		rtnl_route_nh_set_gateway(nh, via);
		nl_addr_put(via);
	}
	const char *dev = h->dev[0] ? h->dev : default_dev;
	if (dev && dev[0])
		rtnl_route_nh_set_ifindex(nh, (int)netif_index(nf, dev));
	if (h->onlink)
		rtnl_route_nh_set_flags(nh, RTNH_F_ONLINK);
	rtnl_route_nh_set_weight(nh, h->weight);
	if (h->realms)
		rtnl_route_nh_set_realms(nh, h->realms);
	rtnl_route_add_nexthop(r, nh);
}

/* RTA_ENCAP_TYPE and RTA_ENCAP of encap ip / ip6 (the attribute numbers
 * of LWTUNNEL_IP_* and LWTUNNEL_IP6_* are the same but for tos/ttl). */
static int route_encap(struct nl_msg *msg, const struct route_encap *e)
{
	bool ip6 = e->type == LWTUNNEL_ENCAP_IP6;
	size_t alen = ip6 ? 16 : 4;
	if (nla_put_u16(msg, RTA_ENCAP_TYPE, e->type) < 0)
		return -NLE_NOMEM;
	struct nlattr *n = nla_nest_start(msg, RTA_ENCAP);
	if (!n || (e->id_set && nla_put_u64(msg, LWTUNNEL_IP_ID, htobe64(e->id)) < 0) ||
	    (e->dst.family && nla_put(msg, LWTUNNEL_IP_DST, (int)alen, &e->dst.u) < 0) ||
	    (e->src.family && nla_put(msg, LWTUNNEL_IP_SRC, (int)alen, &e->src.u) < 0) ||
	    (e->tos_set && nla_put_u8(msg, ip6 ? LWTUNNEL_IP6_TC : LWTUNNEL_IP_TOS, e->tos) < 0) ||
	    (e->ttl_set && nla_put_u8(msg, ip6 ? LWTUNNEL_IP6_HOPLIMIT : LWTUNNEL_IP_TTL, e->ttl) < 0) ||
	    (e->flags_set && nla_put_u16(msg, ip6 ? LWTUNNEL_IP6_FLAGS : LWTUNNEL_IP_FLAGS, e->flags) < 0))
		return -NLE_NOMEM;
	nla_nest_end(msg, n);
	return 0;
}

/* What libnl-route 3.7 has no setter for, appended to the request: the
 * metrics (RTAX_CC_ALGO is a string), RTA_PREF, RTA_EXPIRES, encap ip. */
static int route_extra(struct nl_msg *msg, const struct route_conf *c)
{
	if (c->encap.type && route_encap(msg, &c->encap) < 0)
		return -NLE_NOMEM;
	if (c->metrics_set || c->lock) {
		struct nlattr *m = nla_nest_start(msg, RTA_METRICS);
		if (!m || (c->lock && nla_put_u32(msg, RTAX_LOCK, c->lock) < 0))
			return -NLE_NOMEM;
		for (int k = 1; k <= ROUTE_RTAX_MAX; k++) {
			if (!(c->metrics_set & (1u << k)))
				continue;
			int e = k == RTAX_CC_ALGO ? nla_put_string(msg, k, c->congctl) : nla_put_u32(msg, k, c->metrics[k]);
			if (e < 0)
				return e;
		}
		nla_nest_end(msg, m);
	}
	if (c->pref_set && nla_put_u8(msg, RTA_PREF, c->pref) < 0)
		return -NLE_NOMEM;
	if (c->expires_set && nla_put_u32(msg, RTA_EXPIRES, c->expires) < 0)
		return -NLE_NOMEM;
	return 0;
}

/* Send a request built by libnl with its extras; the kernel's answer. */
static int route_send(struct nl_sock *sk, struct rtnl_route *r, const struct route_conf *c, bool add)
{
	static const int how[] = { [ROUTE_PREPEND] = 0, [ROUTE_ADD] = NLM_F_EXCL, [ROUTE_APPEND] = NLM_F_APPEND };
	struct nl_msg *msg = NULL;
	int err = add ? rtnl_route_build_add_request(r, NLM_F_CREATE | how[c->how % 3], &msg) :
		        rtnl_route_build_del_request(r, 0, &msg);
	if (err >= 0 && add)
		err = route_extra(msg, c);
	if (err < 0) {
		nlmsg_free(msg);
		return err;
	}
	return nl_send_sync(sk, msg);
}

static int route_one(struct nl_sock *sk, const struct netif *nf, const struct route_conf *c, bool add)
{
	struct rtnl_route *r = rtnl_route_alloc();
	struct nl_addr *dst = addr_of(&c->dst, c->dst_len);
	rtnl_route_set_family(r, c->dst.family);
	rtnl_route_set_dst(r, dst);
	rtnl_route_set_table(r, c->table);
	rtnl_route_set_type(r, c->type);
	rtnl_route_set_scope(r, c->scope);
	rtnl_route_set_protocol(r, c->protocol);
	rtnl_route_set_priority(r, c->metric);
	struct nl_addr *src = NULL;
	if (c->src.family) {
		src = addr_of(&c->src, c->src.family == AF_INET ? 32 : 128);
		rtnl_route_set_pref_src(r, src);
	}
	struct nl_addr *from = NULL;
	if (c->from.family) {
		from = addr_of(&c->from, c->from_len);
		rtnl_route_set_src(r, from);
	}
	if (c->tos)
		rtnl_route_set_tos(r, c->tos);
	if (c->ttl_propagate)
		rtnl_route_set_ttl_propagate(r, c->ttl_propagate == 1);
	if (c->via.family || c->dev[0] || c->realms) {
		struct route_nh first = { .via = c->via, .onlink = c->onlink, .realms = c->realms };
		memcpy(first.dev, c->dev, sizeof(first.dev));
		add_nexthop(r, nf, &first, NULL);
	}
	for (unsigned k = 0; k < c->n_nh; k++)   /* `or ADDR` keeps the route's device */
		add_nexthop(r, nf, &c->nh[k], c->dev);
	int err = route_send(sk, r, c, add);
	if (err == -NLE_EXIST || (!add && (err == -NLE_OBJ_NOTFOUND || err == -NLE_NOADDR)))
		err = 0;
	if (err < 0) {
		char b[64];
		log_err("cannot %s route %s table %u: %s", add ? "add" : "remove",
			text(&c->dst, c->dst_len, b, sizeof(b)), c->table, nl_geterror(err));
	}
	nl_addr_put(dst);
	if (src)
		nl_addr_put(src);
	if (from)
		nl_addr_put(from);
	rtnl_route_put(r);
	return err < 0 ? -1 : 0;
}

/* What libnl-route 3.7 has no setter for, appended to the request: not,
 * uidrange, suppress_prefixlength / suppress_ifgroup, tunnel-id. */
static int rule_extra(struct nl_msg *msg, const struct rule_conf *c)
{
	if (c->invert)
		((struct fib_rule_hdr *)nlmsg_data(nlmsg_hdr(msg)))->flags |= FIB_RULE_INVERT;
	struct fib_rule_uid_range u = { c->uid[0], c->uid[1] };
	if ((c->uid_set && nla_put(msg, FRA_UID_RANGE, sizeof(u), &u) < 0) ||
	    (c->sup_pl_set && nla_put_u32(msg, FRA_SUPPRESS_PREFIXLEN, c->sup_pl) < 0) ||
	    (c->sup_group_set && nla_put_u32(msg, FRA_SUPPRESS_IFGROUP, c->sup_group) < 0) ||
	    (c->tun_id_set && nla_put_u64(msg, FRA_TUN_ID, htobe64(c->tun_id)) < 0))
		return -NLE_NOMEM;
	return 0;
}

static int rule_send(struct nl_sock *sk, struct rtnl_rule *r, const struct rule_conf *c, bool add)
{
	struct nl_msg *msg = NULL;
	int err = add ? rtnl_rule_build_add_request(r, NLM_F_CREATE, &msg) : rtnl_rule_build_delete_request(r, 0, &msg);
	if (err >= 0)
		err = rule_extra(msg, c);
	if (err < 0) {
		nlmsg_free(msg);
		return err;
	}
	return nl_send_sync(sk, msg);
}

static int rule_one(struct nl_sock *sk, const struct rule_conf *c, bool add)
{
	struct rtnl_rule *r = rtnl_rule_alloc();
	struct nl_addr *from = NULL, *to = NULL;
	rtnl_rule_set_family(r, c->family);
	rtnl_rule_set_prio(r, c->priority);
	if (c->action == FR_ACT_GOTO) {
		rtnl_rule_set_action(r, FR_ACT_GOTO);
		rtnl_rule_set_goto(r, c->goto_prio);
	} else if (c->action) {
		rtnl_rule_set_action(r, c->action);
	} else {
		rtnl_rule_set_action(r, FR_ACT_TO_TBL);
		if (c->l3mdev)
			rtnl_rule_set_l3mdev(r, 1);
		else
			rtnl_rule_set_table(r, c->table);
	}
	if (c->ipproto_set)
		rtnl_rule_set_ipproto(r, c->ipproto);
	if (c->sport_set)
		rtnl_rule_set_sport_range(r, c->sport[0], c->sport[1]);
	if (c->dport_set)
		rtnl_rule_set_dport_range(r, c->dport[0], c->dport[1]);
	if (c->from.family) {
		from = addr_of(&c->from, c->from_len);
		rtnl_rule_set_src(r, from);
	}
	if (c->to.family) {
		to = addr_of(&c->to, c->to_len);
		rtnl_rule_set_dst(r, to);
	}
	if (c->fwmark_set) {
		rtnl_rule_set_mark(r, c->fwmark);
		rtnl_rule_set_mask(r, c->fwmask);
	}
	if (c->iif[0])
		rtnl_rule_set_iif(r, c->iif);
	if (c->oif[0])
		rtnl_rule_set_oif(r, c->oif);
	if (c->tos)
		rtnl_rule_set_dsfield(r, c->tos);
	if (c->realms)
		rtnl_rule_set_realms(r, c->realms);
	rtnl_rule_set_protocol(r, c->protocol);
	int err = rule_send(sk, r, c, add);
	if (err == -NLE_EXIST || (!add && (err == -NLE_OBJ_NOTFOUND || err == -NLE_NOADDR)))
		err = 0;
	if (err < 0) {
		char b[64];
		log_err("cannot %s rule from %s priority %u: %s", add ? "add" : "remove",
			text(&c->from, c->from_len, b, sizeof(b)), c->priority, nl_geterror(err));
	}
	if (from)
		nl_addr_put(from);
	if (to)
		nl_addr_put(to);
	rtnl_rule_put(r);
	return err < 0 ? -1 : 0;
}

static bool route_in(const struct route_conf *r, const struct vrrp_routes_conf *rt)
{
	for (size_t i = 0; rt && i < rt->n_routes; i++)
		if (!memcmp(r, &rt->routes[i], sizeof(*r)))
			return true;
	return false;
}

static bool rule_in(const struct rule_conf *r, const struct vrrp_routes_conf *rt)
{
	for (size_t i = 0; rt && i < rt->n_rules; i++)
		if (!memcmp(r, &rt->rules[i], sizeof(*r)))
			return true;
	return false;
}

static bool addr_in(const struct vip_conf *v, const struct vrrp_routes_conf *rt)
{
	for (size_t i = 0; rt && i < rt->n_addrs; i++)
		if (!memcmp(v, &rt->addrs[i], sizeof(*v)))
			return true;
	return false;
}

/* Contract: see vrrp.h. Removing goes rules, routes, addresses; adding the
 * other way round. Struct comparison is by bytes: the records come from
 * the field engine's decoder, which zeroes them first. */
void vrrp_routes_update(struct vrrp_ctx *ctx, const struct vrrp_routes_conf *old,
			const struct vrrp_routes_conf *new)
{
	bool any = (old && (old->n_routes || old->n_rules || old->n_addrs)) ||
		   (new && (new->n_routes || new->n_rules || new->n_addrs));
	if (!any)
		return;
	struct nl_sock *sk = vrrp_route_sock("routes");
	if (!sk)
		return;
	for (size_t i = 0; old && i < old->n_rules; i++)
		if (!rule_in(&old->rules[i], new))
			rule_one(sk, &old->rules[i], false);
	for (size_t i = 0; old && i < old->n_routes; i++)
		if (!route_in(&old->routes[i], new))
			route_one(sk, ctx->netif, &old->routes[i], false);
	bool addrs = false;
	for (size_t i = 0; old && i < old->n_addrs; i++)
		if (!addr_in(&old->addrs[i], new)) {
			vip_queue(ctx->vipnl, ctx->netif, &old->addrs[i], old->addrs[i].dev, false);
			addrs = true;
		}
	for (size_t i = 0; new && i < new->n_addrs; i++)
		if (!addr_in(&new->addrs[i], old)) {
			vip_queue(ctx->vipnl, ctx->netif, &new->addrs[i], new->addrs[i].dev, true);
			addrs = true;
		}
	if (addrs || (new && new->n_routes))
		vrrp_batch_flush(ctx);   /* addresses (and VIPs) before the routes that use them */
	for (size_t i = 0; new && i < new->n_routes; i++)
		if (!route_in(&new->routes[i], old))
			route_one(sk, ctx->netif, &new->routes[i], true);
	for (size_t i = 0; new && i < new->n_rules; i++)
		if (!rule_in(&new->rules[i], old))
			rule_one(sk, &new->rules[i], true);
	nl_socket_free(sk);
	vrrp_route_watch_discard(ctx);   /* what it read predates these changes */
}

void vrrp_route_reinstate(struct vrrp_ctx *ctx, const struct route_conf *r)
{
	char b[64];
	log_info("static route %s table %u was removed: reinstating it", text(&r->dst, r->dst_len, b, sizeof(b)),
		 r->table);
	struct nl_sock *sk = vrrp_route_sock("routes");
	if (!sk)
		return;
	route_one(sk, ctx->netif, r, true);
	nl_socket_free(sk);
}

void vrrp_rule_reinstate(struct vrrp_ctx *ctx, const struct rule_conf *r)
{
	char b[64];
	log_info("static rule from %s priority %u was removed: reinstating it",
		 text(&r->from, r->from_len, b, sizeof(b)), r->priority);
	struct nl_sock *sk = vrrp_route_sock("routes");
	if (!sk)
		return;
	rule_one(sk, r, true);
	nl_socket_free(sk);
}

void vrrp_statics_reinstate(struct vrrp_ctx *ctx)
{
	const struct vrrp_routes_conf *st = &ctx->global.statics;
	bool any = false;
	for (size_t i = 0; i < st->n_addrs && ctx->statics_seen; i++) {
		const struct vip_conf *v = &st->addrs[i];
		unsigned ifindex = netif_index(ctx->netif, v->dev);
		if (v->no_track || !ifindex)
			continue;
		if (netif_has_addr(ctx->netif, ifindex, &v->addr)) {
			ctx->statics_seen[i] = true;   /* installed: from now on a removal is one */
			continue;
		}
		if (!ctx->statics_seen[i])     /* our own add not reported yet */
			continue;
		char b[INET6_ADDRSTRLEN + 8];
		log_info("static address %s was removed from %s: reinstating it",
			 text(&v->addr, v->prefixlen, b, sizeof(b)), v->dev);
		any |= vip_queue(ctx->vipnl, ctx->netif, v, v->dev, true) == 0;
	}
	if (any)
		vrrp_batch_flush(ctx);
}

void vrrp_routes_apply(struct vrrp_instance *vi, bool add)
{
	const struct vrrp_routes_conf *rt = &vi->conf.l3.rt;
	if (!rt->n_routes && !rt->n_rules)
		return;
	vrrp_routes_update(vi->ctx, add ? NULL : rt, add ? rt : NULL);
}
