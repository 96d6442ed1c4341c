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
#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
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
	rtnl_route_add_nexthop(r, nh);
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
	if (c->mtu)
		rtnl_route_set_metric(r, RTAX_MTU, c->mtu);
	if (c->advmss)
		rtnl_route_set_metric(r, RTAX_ADVMSS, c->advmss);
	if (c->via.family || c->dev[0]) {
		struct route_nh first = { .via = c->via, .onlink = c->onlink };
		memcpy(first.dev, c->dev, sizeof(first.dev));
		add_nexthop(r, nf, &first, NULL);
	}
	for (unsigned k = 0; k < c->n_nh; k++)   /* `or ADDR` keeps the route's device */
		add_nexthop(r, nf, &c->nh[k], c->dev);
	int err = add ? rtnl_route_add(sk, r, NLM_F_CREATE) : rtnl_route_delete(sk, r, 0);
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
	rtnl_route_put(r);
	return err < 0 ? -1 : 0;
}

static int rule_one(struct nl_sock *sk, const struct rule_conf *c, bool add)
{
	struct rtnl_rule *r = rtnl_rule_alloc();
	struct nl_addr *from = NULL, *to = NULL;
	rtnl_rule_set_family(r, c->family);
	rtnl_rule_set_prio(r, c->priority);
	if (c->goto_prio) {
		rtnl_rule_set_action(r, FR_ACT_GOTO);
		rtnl_rule_set_goto(r, c->goto_prio);
	} else {
		rtnl_rule_set_action(r, FR_ACT_TO_TBL);
		rtnl_rule_set_table(r, c->table);
	}
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
	int err = add ? rtnl_rule_add(sk, r, NLM_F_CREATE) : rtnl_rule_delete(sk, r, 0);
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
