/* vrrp_route_conf.h - virtual_routes / virtual_rules of an instance and
 * static_ipaddress / static_routes / static_rules (keepalived 2.2 syntax,
 * the options below; any other is an error at its line). Parsed in
 * vrrp/vrrp_conf_route.c, applied through libnl-route by vrrp/vrrp_route.c
 * (routes and rules get protocol keepalived (18) unless given).
 *
 * route: [src ADDR] [to] PREFIX | TYPE PREFIX   TYPE: blackhole unreachable
 *        prohibit throw;  via|gw ADDR, dev IF, src ADDR, scope S, table T,
 *        metric|priority|preference N, protocol P, onlink, no_track, mtu N,
 *        advmss N; multipath: or ADDR, nexthop [via ADDR] [dev IF] [weight N]
 *        [onlink] (up to 8)
 * rule:  from PREFIX|all, to PREFIX|all, table|lookup T, priority|preference N,
 *        fwmark V[/M], iif IF, oif IF, tos|dsfield N, goto N, realms N,
 *        protocol P, no_track
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

/* One more next hop of a multipath route (nexthop ... / or ADDR). */
struct route_nh {
	struct ka_addr via;
	char dev[IFNAMSIZ];
	uint8_t weight;           /* 1..256 stored as weight-1 (the kernel's rtnh_hops) */
	bool onlink;
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
	uint32_t mtu, advmss;     /* 0: not set */
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

extern const struct conf_struct_desc route_conf_desc;
extern const struct conf_struct_desc rule_conf_desc;
extern const struct conf_struct_desc vrrp_routes_conf_desc;

#endif
