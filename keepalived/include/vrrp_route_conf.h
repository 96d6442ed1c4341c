/* vrrp_route_conf.h - virtual_routes / virtual_rules of an instance and
 * static_ipaddress / static_routes / static_rules (keepalived 2.2 syntax,
 * the options below; any other is an error at its line). Parsed in
 * vrrp/vrrp_conf_route.c, applied through libnl-route by vrrp/vrrp_route.c
 * (routes and rules get protocol keepalived (18) unless given).
 *
 * route: [src ADDR] [to] [TYPE] PREFIX   TYPE: unicast local broadcast brd
 *        anycast multicast blackhole unreachable prohibit throw nat xresolve;
 *        via|gw ADDR, dev|oif IF, src ADDR, from PREFIX (IPv6), scope S,
 *        table T, metric|priority|preference N, protocol P, onlink, no_track,
 *        tos|dsfield N, realms R[/R], expires N (IPv6), pref P (IPv6),
 *        ttl-propagate enabled|disabled, add|prepend|append, vrf NAME, encap ip|ip6
 *        [id N] [dst A] [src A] [tos|tc N] [ttl|hoplimit N] [flags N], the metrics of
 *        vrrp_conf_route_opts.c (mtu [lock] N, advmss, rtt, congctl...);
 *        multipath: or ADDR, nexthop [via ADDR] [dev IF] [weight N] [onlink]
 *        [realms R] (up to 8)
 * rule:  from PREFIX|all, to PREFIX|all, table|lookup T, priority|preference|
 *        order N, fwmark V[/M], iif|dev IF, oif IF, tos|dsfield N, goto N,
 *        realms R[/R], protocol P, not, ipproto P, sport/dport A-B, uidrange
 *        A-B, suppress_prefixlength N, suppress_ifgroup G, tunnel-id N,
 *        l3mdev, [type] blackhole|unreachable|prohibit|nop, no_track
 */
#ifndef KA_VRRP_ROUTE_CONF_H
#define KA_VRRP_ROUTE_CONF_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "conf_fields.h"
#include "conf_types.h"

struct vip_conf;

#define RTPROT_KEEPALIVED_NUM 18
#define RULE_DEFAULT_PRIORITY 16384     /* keepalived's first, with a warning; then 16383... */

#define ROUTE_MAX_NH 8
#define ROUTE_RTAX_MAX 17        /* RTAX_FASTOPEN_NO_COOKIE: the last metric keepalived 2.2.7 knows */
#define ROUTE_CONGCTL_MAX 16     /* TCP_CA_NAME_MAX */

/* How a route is added (keepalived 2.2.7's add / prepend / append). */
enum route_how { ROUTE_PREPEND, ROUTE_ADD, ROUTE_APPEND };

/* One more next hop of a multipath route (nexthop ... / or ADDR). */
struct route_nh {
	struct ka_addr via;
	char dev[IFNAMSIZ];
	uint8_t weight;           /* 1..256 stored as weight-1 (the kernel's rtnh_hops) */
	bool onlink;
	uint32_t realms;          /* RTA_FLOW: from << 16 | to */
};

/* encap ip|ip6 (lightweight tunnel metadata) of a route. */
struct route_encap {
	uint16_t type;            /* LWTUNNEL_ENCAP_IP / _IP6; 0: none */
	bool id_set, tos_set, ttl_set, flags_set;
	uint64_t id;
	struct ka_addr dst, src;  /* family 0: not given */
	uint8_t tos, ttl;         /* ip6: tc, hoplimit */
	uint16_t flags;
};

struct route_conf {
	struct ka_addr dst;
	uint8_t dst_len;
	struct ka_addr src;       /* family 0: none */
	struct ka_addr via;       /* family 0: none */
	char dev[IFNAMSIZ];
	uint8_t type;             /* RTN_* (unicast by default) */
	uint8_t scope;            /* RT_SCOPE_* */
	uint32_t table;           /* RT_TABLE_MAIN by default */
	uint32_t metric;
	uint8_t protocol;
	bool onlink, no_track;
	struct ka_addr from;      /* IPv6 source prefix (RTA_SRC); family 0: none */
	uint8_t from_len;
	uint8_t tos;
	uint32_t realms;          /* of the first next hop */
	uint32_t metrics[ROUTE_RTAX_MAX + 1];   /* RTAX_* values, where metrics_set has bit RTAX_* */
	uint32_t metrics_set;
	uint32_t lock;            /* RTAX_LOCK: bits 1 << RTAX_* */
	char congctl[ROUTE_CONGCTL_MAX];        /* RTAX_CC_ALGO; "" not set */
	uint32_t expires;         /* IPv6, seconds, when expires_set */
	bool expires_set, pref_set;
	uint8_t pref;             /* IPv6 RTA_PREF (ICMPV6_ROUTER_PREF_*) */
	uint8_t ttl_propagate;    /* 0 not set, 1 enabled, 2 disabled */
	uint8_t how;              /* enum route_how */
	struct route_encap encap;
	struct route_nh nh[ROUTE_MAX_NH];   /* multipath: next hops after the first (via/dev) */
	uint8_t n_nh;
};

struct rule_conf {
	uint8_t family;           /* AF_INET / AF_INET6 */
	struct ka_addr from, to;  /* family 0: all */
	uint8_t from_len, to_len;
	uint32_t table;           /* 0 with goto */
	uint32_t priority;
	uint32_t fwmark, fwmask;
	bool fwmark_set;
	char iif[IFNAMSIZ], oif[IFNAMSIZ];
	uint8_t tos;
	uint32_t goto_prio;       /* action goto when set */
	uint32_t realms;
	uint8_t protocol;
	bool no_track;
	uint8_t action;           /* FR_ACT_*: 0 = to table (or goto when goto_prio) */
	bool invert, l3mdev;
	bool ipproto_set, sport_set, dport_set, uid_set, sup_pl_set, sup_group_set, tun_id_set;
	uint8_t ipproto;
	uint16_t sport[2], dport[2];    /* start, end */
	uint32_t uid[2];          /* start, end */
	uint32_t sup_pl;          /* suppress_prefixlength */
	uint32_t sup_group;       /* suppress_ifgroup */
	uint64_t tun_id;
};

/* The routes, rules and addresses of one owner (an instance's virtual_*,
 * or the static_* blocks of global_defs' record). */
struct vrrp_routes_conf {
	struct route_conf *routes;
	size_t n_routes;
	struct rule_conf *rules;
	size_t n_rules;
	struct vip_conf *addrs;   /* static_ipaddress only */
	size_t n_addrs;
};

/* vrrp_conf_route_opts.c: the route options keepalived 2.2.7 reads beyond
 * destination, next hops, table, scope, type and protocol. args->argv[*i]
 * is the option's name; on return *i is its last word. 1: read (a warning
 * perhaps), 0: not a route option of this table, -1: the line is bad
 * (reported). */
struct conf_ctx;
struct conf_args;
struct conf_token;
int conf_route_opt(struct conf_ctx *ctx, const struct conf_args *args, size_t *i, struct route_conf *r);
/* A number (C syntax) up to max, or a name of /etc/iproute2/FILE ("ID
 * NAME" lines), as keepalived 2.2.7 reads tables, realms, dsfields... */
bool conf_rt_lookup(const char *file, const char *name, uint32_t max, uint32_t *out);
/* realms [FROM/]TO (numbers or rt_realms names, 0..255) into *out, tos /
 * dsfield (number or rt_dsfield name); false (reported) if not. */
bool conf_route_realms(struct conf_ctx *ctx, const struct conf_token *t, uint32_t *out);
bool conf_route_tos(struct conf_ctx *ctx, const struct conf_token *t, uint8_t *out);
/* vrf NAME: the routing table of the VRF device NAME, read from the kernel
 * now (as keepalived 2.2.7); false (reported: not found, not a VRF). */
bool conf_route_vrf(struct conf_ctx *ctx, const struct conf_token *t, struct route_conf *r);

extern const struct conf_struct_desc route_conf_desc;
extern const struct conf_struct_desc rule_conf_desc;
extern const struct conf_struct_desc vrrp_routes_conf_desc;

#endif
