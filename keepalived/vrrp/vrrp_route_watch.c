/* vrrp_route_watch.c - routes and rules deleted behind our back, as
 * keepalived 2.2 tracks them:
 *
 *   a virtual route or rule (virtual_routes / virtual_rules of an instance)
 *     deleted while the instance is MASTER: it leaves MASTER, as when one
 *     of its VIPs is deleted (VRRP_EV_VIP_LOST);
 *   a static route or rule (static_routes / static_rules) deleted: added
 *     again;
 *   either with no_track on its line: ignored.
 *
 * A netlink socket subscribed to the route and rule groups of both
 * families, open only while the configuration has something to watch.
 * Deletions are matched against the configuration by what identifies a
 * route (family, destination, table, metric) or a rule (family, priority,
 * table, from, to). Events read before we (re)install routes are dropped
 * (vrrp_route_watch_discard()): they cannot be about what we add now, and
 * would otherwise read our own removal as someone else's.
 */
#include "vrrp.h"
#include "log.h"
#include "util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>

#define TB_MAX (RTA_MAX > FRA_MAX ? RTA_MAX : FRA_MAX)

struct route_watch {
	struct mnl_socket *nl;
	int fd;
};

/* What identifies a deleted route or rule. */
struct deleted {
	bool rule;
	uint8_t family;
	struct ka_addr dst, src;   /* rule: to, from */
	uint8_t dst_len, src_len;
	uint32_t table;
	uint32_t metric;           /* rule: priority */
};

/* ---- matching ------------------------------------------------------------------------- */

static bool addr_eq(const struct ka_addr *a, uint8_t alen, const struct ka_addr *b, uint8_t blen)
{
	if (alen != blen)
		return false;
	if (!alen)
		return true;
	return a->family == b->family && !memcmp(&a->u, &b->u, a->family == AF_INET ? 4 : 16);
}

static bool route_matches(const struct route_conf *c, const struct deleted *d)
{
	/* the kernel gives an IPv6 route without a metric 1024 */
	uint32_t metric = c->metric ? c->metric : c->dst.family == AF_INET6 ? 1024 : 0;
	return !d->rule && !c->no_track && c->dst.family == d->family && c->table == d->table &&
	       metric == d->metric && addr_eq(&c->dst, c->dst_len, &d->dst, d->dst_len);
}

static bool rule_matches(const struct rule_conf *c, const struct deleted *d)
{
	return d->rule && !c->no_track && c->family == d->family && c->priority == d->metric &&
	       c->table == d->table && addr_eq(&c->from, c->from_len, &d->src, d->src_len) &&
	       addr_eq(&c->to, c->to_len, &d->dst, d->dst_len);
}

/* ---- parsing ------------------------------------------------------------------------- */

static void get_addr(const struct nlattr *a, uint8_t family, struct ka_addr *out)
{
	size_t len = family == AF_INET ? 4 : 16;
	if (!a || mnl_attr_get_payload_len(a) != len)
		return;
	out->family = family;
	memcpy(&out->u, mnl_attr_get_payload(a), len);
}

static int collect_attr(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(a);
	if (type <= TB_MAX)
		tb[type] = a;
	return MNL_CB_OK;
}

/* A deleted route or rule from h; false when h is something else. */
static bool parse_deleted(const struct nlmsghdr *h, struct deleted *d)
{
	const struct nlattr *tb[TB_MAX + 1] = { 0 };
	memset(d, 0, sizeof(*d));
	if (h->nlmsg_type == RTM_DELROUTE) {
		const struct rtmsg *rt = mnl_nlmsg_get_payload(h);
		if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*rt)) || (rt->rtm_family != AF_INET && rt->rtm_family != AF_INET6))
			return false;
		mnl_attr_parse(h, sizeof(*rt), collect_attr, tb);
		d->family = rt->rtm_family;
		d->dst_len = rt->rtm_dst_len;
		get_addr(tb[RTA_DST], d->family, &d->dst);
		d->table = tb[RTA_TABLE] ? mnl_attr_get_u32(tb[RTA_TABLE]) : rt->rtm_table;
		d->metric = tb[RTA_PRIORITY] ? mnl_attr_get_u32(tb[RTA_PRIORITY]) : 0;
		return true;
	}
	if (h->nlmsg_type == RTM_DELRULE) {
		const struct fib_rule_hdr *fr = mnl_nlmsg_get_payload(h);
		if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*fr)) || (fr->family != AF_INET && fr->family != AF_INET6))
			return false;
		mnl_attr_parse(h, sizeof(*fr), collect_attr, tb);
		d->rule = true;
		d->family = fr->family;
		d->dst_len = fr->dst_len;
		d->src_len = fr->src_len;
		get_addr(tb[FRA_DST], d->family, &d->dst);
		get_addr(tb[FRA_SRC], d->family, &d->src);
		d->table = tb[FRA_TABLE] ? mnl_attr_get_u32(tb[FRA_TABLE]) : fr->table;
		d->metric = tb[FRA_PRIORITY] ? mnl_attr_get_u32(tb[FRA_PRIORITY]) : 0;
		return true;
	}
	return false;
}

/* ---- reacting ----------------------------------------------------------------------- */

static void deleted_one(struct vrrp_ctx *ctx, const struct deleted *d)
{
	const struct vrrp_routes_conf *st = &ctx->global.statics;
	for (size_t i = 0; i < st->n_routes; i++)
		if (route_matches(&st->routes[i], d))
			vrrp_route_reinstate(ctx, &st->routes[i]);
	for (size_t i = 0; i < st->n_rules; i++)
		if (rule_matches(&st->rules[i], d))
			vrrp_rule_reinstate(ctx, &st->rules[i]);
	for (struct vrrp_instance *vi = ctx->instances; vi; vi = vi->next) {
		if (vi->state != VRRP_STATE_MASTER || vi->conf.priority == VRRP_PRIO_OWNER)
			continue;
		const struct vrrp_routes_conf *rt = &vi->conf.l3.rt;
		bool gone = false;
		for (size_t i = 0; i < rt->n_routes && !gone; i++)
			gone = route_matches(&rt->routes[i], d);
		for (size_t i = 0; i < rt->n_rules && !gone; i++)
			gone = rule_matches(&rt->rules[i], d);
		if (!gone)
			continue;
		char a[INET6_ADDRSTRLEN] = "all";
		if (d->dst.family)
			inet_ntop(d->dst.family, &d->dst.u, a, sizeof(a));
		log_warn("(%s) virtual %s %s/%u table %u was removed: leaving MASTER (no_track on its line keeps it)",
			 vi->conf.name, d->rule ? "rule to" : "route", a, d->dst_len, d->table);
		vrrp_set_state(vi, VRRP_EV_VIP_LOST);
	}
}

static int on_nlmsg(const struct nlmsghdr *h, void *data)
{
	struct deleted d;
	if (parse_deleted(h, &d))
		deleted_one(data, &d);
	return MNL_CB_OK;
}

/* Reads what is waiting; handle: react to it (else drop it). */
static void drain(struct vrrp_ctx *ctx, bool handle)
{
	struct route_watch *w = ctx->rwatch;
	char buf[MNL_SOCKET_BUFFER_SIZE];
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(w->nl, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {   /* overflow: some deletions are lost */
				log_warn("route watch: netlink overflow, deleted routes may go unnoticed");
				continue;
			}
			return;   /* EAGAIN */
		}
		if (handle)
			mnl_cb_run(buf, (size_t)n, 0, 0, on_nlmsg, ctx);
	}
}

static void on_readable(void *arg, int fd, uint32_t events)
{
	struct vrrp_ctx *ctx = arg;
	if (!ctx->stopping)
		drain(ctx, true);
	else
		drain(ctx, false);
}

/* ---- life ---------------------------------------------------------------------------- */

static bool tracked_routes(const struct vrrp_routes_conf *rt)
{
	for (size_t i = 0; i < rt->n_routes; i++)
		if (!rt->routes[i].no_track)
			return true;
	for (size_t i = 0; i < rt->n_rules; i++)
		if (!rt->rules[i].no_track)
			return true;
	return false;
}

static bool wanted(const struct vrrp_ctx *ctx)
{
	if (tracked_routes(&ctx->global.statics))
		return true;
	for (const struct vrrp_instance *vi = ctx->instances; vi; vi = vi->next)
		if (tracked_routes(&vi->conf.l3.rt))
			return true;
	return false;
}

static struct route_watch *watch_open(struct vrrp_ctx *ctx)
{
	struct mnl_socket *nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		log_err("route watch: netlink: %s", strerror(errno));
		if (nl)
			mnl_socket_close(nl);
		return NULL;
	}
	static int groups[] = { RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE, RTNLGRP_IPV4_RULE, RTNLGRP_IPV6_RULE };
	for (size_t i = 0; i < ARRAY_SIZE(groups); i++) {
		if (mnl_socket_setsockopt(nl, NETLINK_ADD_MEMBERSHIP, &groups[i], sizeof(groups[i])) < 0) {
			log_err("route watch: netlink group %d: %s", groups[i], strerror(errno));
			mnl_socket_close(nl);
			return NULL;
		}
	}
	struct route_watch *w = xcalloc(1, sizeof(*w));
	w->nl = nl;
	w->fd = mnl_socket_get_fd(nl);
	if (loop_io_add(ctx->loop, w->fd, EPOLLIN, on_readable, ctx) < 0) {
		log_err("route watch: %s", strerror(errno));
		mnl_socket_close(nl);
		free(w);
		return NULL;
	}
	return w;
}

void vrrp_route_watch_update(struct vrrp_ctx *ctx)
{
	bool want = wanted(ctx);
	if (want && !ctx->rwatch)
		ctx->rwatch = watch_open(ctx);
	else if (!want && ctx->rwatch)
		vrrp_route_watch_free(ctx);
}

void vrrp_route_watch_discard(struct vrrp_ctx *ctx)
{
	if (ctx->rwatch)
		drain(ctx, false);
}

void vrrp_route_watch_free(struct vrrp_ctx *ctx)
{
	struct route_watch *w = ctx->rwatch;
	if (!w)
		return;
	loop_io_del(ctx->loop, w->fd);
	mnl_socket_close(w->nl);
	free(w);
	ctx->rwatch = NULL;
}
