/* vrrp_dump_routes.c - routes and rules in the USR1 (data) dump, one line
 * each as keepalived 2.2.7 writes them: the "------< Static Routes >------"
 * and "------< Static Rules >------" sections after the static addresses,
 * and an instance's "Virtual Routes :" / "Virtual Rules :". What 2.2.7
 * prints that we do not record ("from 0.0.0.0/0" for an explicit "all", a
 * scope given as global, the protocol of a no_track route given
 * none) is printed as the default it stands for. */
#include "vrrp.h"
#include "vrrp_route_conf.h"
#include "dump_text.h"
#include "util.h"

#include <arpa/inet.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>

static const char *rtn_type_name(uint8_t type)
{
	switch (type) {
	case RTN_BLACKHOLE: return "blackhole";
	case RTN_UNREACHABLE: return "unreachable";
	case RTN_PROHIBIT: return "prohibit";
	case RTN_THROW: return "throw";
	default: return "unicast";
	}
}

/* " WORD inet|inet6 ADDR" */
static void via_text(char **out, size_t *len, const char *word, const struct ka_addr *a)
{
	char b[INET6_ADDRSTRLEN] = "?";
	inet_ntop(a->family, &a->u, b, sizeof(b));
	str_appendf(out, len, " %s %s %s", word, a->family == AF_INET6 ? "inet6" : "inet", b);
}

/* " realms FROM/TO" or " realm TO", as 2.2.7 */
static void realms_text(char **out, size_t *len, uint32_t realms)
{
	if (realms >> 16)
		str_appendf(out, len, " realms %u/%u", realms >> 16, realms & 0xffff);
	else
		str_appendf(out, len, " realm %u", realms & 0xffff);
}

/* " NAME [lock ]N" of a set metric (2.2.7 writes lock after the name for
 * rtt-like times, before the value for the others). */
static bool metric_set(const struct route_conf *r, int rtax) { return r->metrics_set & (1u << rtax); }

/* rtt (1/8 ms), rttvar (1/4 ms), rto_min (ms) as 2.2.7: "Ns" from a
 * second up, else "Nms" */
static void time_metric(char **out, size_t *len, const struct route_conf *r, int rtax, const char *name,
			unsigned per_ms)
{
	if (!metric_set(r, rtax))
		return;
	uint32_t v = r->metrics[rtax];
	str_appendf(out, len, " %s%s ", name, r->lock & (1u << rtax) ? " lock" : "");
	if (v >= 1000u * per_ms)
		str_appendf(out, len, "%gs", v / (1000.0 * per_ms));
	else
		str_appendf(out, len, "%ums", v / per_ms);
}

/* The RTAX_* metrics in 2.2.7's order and words. */
static void metrics_text(char **out, size_t *len, const struct route_conf *r)
{
	static const struct { int rtax; const char *name; bool lockable; } plain[] = {
		{ RTAX_MTU, "mtu", true }, { RTAX_WINDOW, "window", false }, { RTAX_SSTHRESH, "ssthresh", true },
		{ RTAX_CWND, "cwnd", true }, { RTAX_ADVMSS, "advmss", true }, { RTAX_REORDERING, "reordering", true },
		{ RTAX_HOPLIMIT, "hoplimit", false }, { RTAX_INITCWND, "initcwnd", false },
		{ RTAX_INITRWND, "initrwnd", false }, { RTAX_QUICKACK, "quickack", false },
	};
	if (r->expires_set)
		str_appendf(out, len, " expires %usec", r->expires);
	if (r->congctl[0])
		str_appendf(out, len, " congctl %s%s", r->congctl, r->lock & (1u << RTAX_CC_ALGO) ? "lock " : "");
	time_metric(out, len, r, RTAX_RTT, "rtt", 8);
	time_metric(out, len, r, RTAX_RTTVAR, "rttvar", 4);
	time_metric(out, len, r, RTAX_RTO_MIN, "rto_min", 1);
	if (metric_set(r, RTAX_FEATURES) && (r->metrics[RTAX_FEATURES] & RTAX_FEATURE_ECN))
		str_appendf(out, len, " features ecn");
	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		if (metric_set(r, plain[i].rtax))
			str_appendf(out, len, " %s %s%u", plain[i].name,
				    plain[i].lockable && r->lock & (1u << plain[i].rtax) ? "lock " : "",
				    r->metrics[plain[i].rtax]);
	if (r->pref_set)
		str_appendf(out, len, " pref %s", r->pref == 3 ? "low" : r->pref == 0 ? "medium" : r->pref == 1 ? "high" : "unknown");
	if (metric_set(r, RTAX_FASTOPEN_NO_COOKIE))
		str_appendf(out, len, " fastopen_no_cookie %u", r->metrics[RTAX_FASTOPEN_NO_COOKIE]);
	if (r->ttl_propagate)
		str_appendf(out, len, " ttl-propagate %sabled", r->ttl_propagate == 1 ? "en" : "dis");
}

static unsigned host_len(sa_family_t family) { return family == AF_INET6 ? 128 : 32; }

/* Contract: see vrrp.h. Encapsulations are left out. */
void vrrp_dump_route(const struct route_conf *r, char **out, size_t *len)
{
	static const char *const how[] = { [ROUTE_PREPEND] = "prepend", [ROUTE_ADD] = "add", [ROUTE_APPEND] = "append" };
	char b[INET6_ADDRSTRLEN] = "?";
	/* 2.2.7 names the netlink mode first; a route of another type than
	 * unicast it adds (as "add") unless told otherwise */
	const char *h = r->how < 3 ? how[r->how] : "prepend";
	if (r->type != RTN_UNICAST)
		str_appendf(out, len, "     %s %s ", r->how == ROUTE_PREPEND ? "add" : h, rtn_type_name(r->type));
	else
		str_appendf(out, len, "     %s ", h);
	inet_ntop(r->dst.family ? r->dst.family : AF_INET, &r->dst.u, b, sizeof(b));
	str_appendf(out, len, "%s", b);
	if (r->dst_len != host_len(r->dst.family))   /* 2.2.7's ipaddresstos(): a host without /32, /128 */
		str_appendf(out, len, "/%u", r->dst_len);
	if (r->from.family) {
		str_appendf(out, len, " from %s", inet_ntop(r->from.family, &r->from.u, b, sizeof(b)));
		if (r->from_len != host_len(r->from.family))
			str_appendf(out, len, "/%u", r->from_len);
	}
	if (r->src.family)
		str_appendf(out, len, " src %s", inet_ntop(r->src.family, &r->src.u, b, sizeof(b)));
	if (r->tos)
		str_appendf(out, len, " tos %u", r->tos);
	if (r->via.family)
		via_text(out, len, "via", &r->via);
	if (r->dev[0])
		str_appendf(out, len, " dev %s", r->dev);
	if (r->table != RT_TABLE_MAIN)
		str_appendf(out, len, " table %u", r->table);
	if (r->protocol)
		str_appendf(out, len, " proto %u", r->protocol);
	/* 2.2.7 prints a configured scope; without one it is universe (0) */
	if (r->scope != RT_SCOPE_UNIVERSE)
		str_appendf(out, len, " scope %u", r->scope);
	if (r->metric)
		str_appendf(out, len, " metric %u", r->metric);
	if (r->onlink && r->dst.family != AF_INET6)
		str_appendf(out, len, " onlink");
	if (r->realms)
		realms_text(out, len, r->realms);
	metrics_text(out, len, r);
	for (size_t i = 0; i < r->n_nh; i++) {
		const struct route_nh *nh = &r->nh[i];
		str_appendf(out, len, " nexthop");
		if (nh->via.family)
			via_text(out, len, "via", &nh->via);
		if (nh->dev[0])
			str_appendf(out, len, " dev %s", nh->dev);
		if (nh->weight)
			str_appendf(out, len, " weight %u", nh->weight + 1u);
		if (nh->onlink)
			str_appendf(out, len, " onlink");
		if (nh->realms)
			realms_text(out, len, nh->realms);
	}
	str_appendf(out, len, "%s\n", r->no_track ? " no_track" : "");
}

/* "WORD PREFIX" ("WORD all" when none); a host's address without its /32
 * or /128, as keepalived 2.2.7 writes it (measured: "from 10.77.0.5",
 * "to fd00::7"; "from 10.77.0.0/24") */
static void rule_addr_text(char **out, size_t *len, const char *word, const struct ka_addr *a, uint8_t plen)
{
	char b[INET6_ADDRSTRLEN] = "?";
	if (!a->family) {
		str_appendf(out, len, "%s all", word);
		return;
	}
	str_appendf(out, len, "%s %s", word, inet_ntop(a->family, &a->u, b, sizeof(b)));
	if (plen != (a->family == AF_INET6 ? 128 : 32))
		str_appendf(out, len, "/%u", plen);
}

/* Contract: see vrrp.h. */
void vrrp_dump_rule(const struct rule_conf *r, char **out, size_t *len)
{
	str_appendf(out, len, "     %s%s", !r->from.family && !r->to.family && r->family == AF_INET6 ? "inet6 " : "",
		    r->invert ? "not " : "");
	rule_addr_text(out, len, "from", &r->from, r->from_len);   /* "from ..." */
	if (r->to.family)
		rule_addr_text(out, len, " to", &r->to, r->to_len);
	str_appendf(out, len, " priority %u tos 0x%x", r->priority, r->tos);
	if (r->fwmark_set) {
		str_appendf(out, len, " fwmark 0x%x", r->fwmark);
		if (r->fwmask && r->fwmask != UINT32_MAX)
			str_appendf(out, len, "/0x%x", r->fwmask);
	}
	if (r->iif[0])
		str_appendf(out, len, " iif %s", r->iif);
	if (r->oif[0])
		str_appendf(out, len, " oif %s", r->oif);
	if (r->sup_pl_set)
		str_appendf(out, len, " suppress_prefixlen %u", r->sup_pl);
	if (r->sup_group_set)
		str_appendf(out, len, " suppress_ifgroup %u", r->sup_group);
	if (r->tun_id_set)
		str_appendf(out, len, " tunnel-id %llu", (unsigned long long)r->tun_id);
	if (r->uid_set)
		str_appendf(out, len, " uidrange %u-%u", r->uid[0], r->uid[1]);
	if (r->l3mdev)
		str_appendf(out, len, " l3mdev");
	if (r->protocol)
		str_appendf(out, len, " protocol %u", r->protocol);
	if (r->ipproto_set)
		str_appendf(out, len, " ipproto %u", r->ipproto);
	if (r->sport_set)
		str_appendf(out, len, " sport %u-%u", r->sport[0], r->sport[1]);
	if (r->dport_set)
		str_appendf(out, len, " dport %u-%u", r->dport[0], r->dport[1]);
	if (r->realms)
		str_appendf(out, len, " realms %u/%u", r->realms >> 16, r->realms & 0xffff);
	if (r->goto_prio || r->action == FR_ACT_GOTO)
		str_appendf(out, len, " goto %u", r->goto_prio);
	else if (r->action == FR_ACT_NOP)
		str_appendf(out, len, " nop");
	else if (r->action == FR_ACT_BLACKHOLE || r->action == FR_ACT_UNREACHABLE || r->action == FR_ACT_PROHIBIT)
		str_appendf(out, len, " type %s", r->action == FR_ACT_BLACKHOLE ? "blackhole" :
			    r->action == FR_ACT_UNREACHABLE ? "unreachable" : "prohibit");
	else
		str_appendf(out, len, " lookup %u", r->table);
	str_appendf(out, len, "%s\n", r->no_track ? " no_track" : "");
}

/* The routes under route_hdr, the rules under rule_hdr (no header when
 * there are none). An instance's tracked IPv6 route (virtual) ends with
 * " [installed ifindex 0]" as in keepalived 2.2.7's data dump - measured:
 * 0 for every such route, on the instance's interface or another, never
 * on a static route, a no_track one or an IPv4 one; not in its JSON. (When
 * 2.2.7 has an interface of index 0 - the record of a use_ipvlan link the
 * kernel refused - it writes "[dev NAME]" of that one instead.) */
static void dump_list(const struct vrrp_routes_conf *rt, const char *route_hdr, const char *rule_hdr,
		      bool virtual, char **out, size_t *len)
{
	if (rt->n_routes)
		str_appendf(out, len, "%s\n", route_hdr);
	for (size_t i = 0; i < rt->n_routes; i++) {
		const struct route_conf *r = &rt->routes[i];
		vrrp_dump_route(r, out, len);
		if (virtual && r->dst.family == AF_INET6 && !r->no_track && *len && (*out)[*len - 1] == '\n') {
			(*len)--;
			str_appendf(out, len, " [installed ifindex 0]\n");
		}
	}
	if (rt->n_rules)
		str_appendf(out, len, "%s\n", rule_hdr);
	for (size_t i = 0; i < rt->n_rules; i++)
		vrrp_dump_rule(&rt->rules[i], out, len);
}

/* Contract: see vrrp.h. */
void vrrp_dump_static_routes(const struct vrrp_routes_conf *st, char **out, size_t *len)
{
	dump_list(st, "------< Static Routes >------", "------< Static Rules >------", false, out, len);
}

/* Contract: see vrrp.h. */
void vrrp_dump_virtual_routes(const struct vrrp_routes_conf *rt, char **out, size_t *len)
{
	dump_list(rt, "   Virtual Routes :", "   Virtual Rules :", true, out, len);
}
