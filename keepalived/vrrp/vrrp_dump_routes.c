/* vrrp_dump_routes.c - routes and rules in the USR1 (data) dump, one line
 * each as keepalived 2.2.7 writes them: the "------< Static Routes >------"
 * and "------< Static Rules >------" sections after the static addresses,
 * and an instance's "Virtual Routes :" / "Virtual Rules :". What 2.2.7
 * prints that we do not record (an add/append keyword, "from 0.0.0.0/0"
 * for an explicit "all", a scope equal to the one implied, the protocol of
 * a no_track route given none) is printed as the default it stands for. */
#include "vrrp.h"
#include "vrrp_route_conf.h"
#include "dump_text.h"
#include "util.h"

#include <arpa/inet.h>
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

/* Contract: see vrrp.h. */
void vrrp_dump_route(const struct route_conf *r, char **out, size_t *len)
{
	char b[INET6_ADDRSTRLEN] = "?";
	/* 2.2.7 names the netlink mode first: prepend for a unicast route,
	 * add for the other types */
	if (r->type == RTN_UNICAST)
		str_appendf(out, len, "     prepend ");
	else
		str_appendf(out, len, "     add %s ", rtn_type_name(r->type));
	inet_ntop(r->dst.family ? r->dst.family : AF_INET, &r->dst.u, b, sizeof(b));
	str_appendf(out, len, "%s/%u", b, r->dst_len);
	if (r->src.family)
		str_appendf(out, len, " src %s", inet_ntop(r->src.family, &r->src.u, b, sizeof(b)));
	if (r->via.family)
		via_text(out, len, "via", &r->via);
	if (r->dev[0])
		str_appendf(out, len, " dev %s", r->dev);
	if (r->table != RT_TABLE_MAIN)
		str_appendf(out, len, " table %u", r->table);
	if (r->protocol)
		str_appendf(out, len, " proto %u", r->protocol);
	/* 2.2.7 prints a configured scope only: ours is chosen when none is
	 * given (vrrp_conf_route.c: link for a device route without gateway) */
	uint8_t implied = r->type == RTN_UNICAST && !r->via.family && r->dev[0] ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE;
	if (r->scope != implied)
		str_appendf(out, len, " scope %u", r->scope);
	if (r->metric)
		str_appendf(out, len, " metric %u", r->metric);
	if (r->onlink && r->dst.family != AF_INET6)
		str_appendf(out, len, " onlink");
	if (r->mtu)
		str_appendf(out, len, " mtu %u", r->mtu);
	if (r->advmss)
		str_appendf(out, len, " advmss %u", r->advmss);
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
	}
	str_appendf(out, len, "%s\n", r->no_track ? " no_track" : "");
}

/* " from|to PREFIX" ("all" when none) */
static void rule_addr_text(char **out, size_t *len, const char *word, const struct ka_addr *a, uint8_t plen)
{
	char b[INET6_ADDRSTRLEN] = "?";
	if (!a->family) {
		str_appendf(out, len, " %s all", word);
		return;
	}
	str_appendf(out, len, " %s %s/%u", word, inet_ntop(a->family, &a->u, b, sizeof(b)), plen);
}

/* Contract: see vrrp.h. */
void vrrp_dump_rule(const struct rule_conf *r, char **out, size_t *len)
{
	str_appendf(out, len, "    ");
	rule_addr_text(out, len, "from", &r->from, r->from_len);
	if (r->to.family)
		rule_addr_text(out, len, "to", &r->to, r->to_len);
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
	if (r->protocol)
		str_appendf(out, len, " protocol %u", r->protocol);
	if (r->realms)
		str_appendf(out, len, " realms %u/%u", r->realms >> 16, r->realms & 0xffff);
	if (r->goto_prio)
		str_appendf(out, len, " goto %u", r->goto_prio);
	else
		str_appendf(out, len, " lookup %u", r->table);
	str_appendf(out, len, "%s\n", r->no_track ? " no_track" : "");
}

/* The routes under route_hdr, the rules under rule_hdr (no header when
 * there are none). */
static void dump_list(const struct vrrp_routes_conf *rt, const char *route_hdr, const char *rule_hdr,
		      char **out, size_t *len)
{
	if (rt->n_routes)
		str_appendf(out, len, "%s\n", route_hdr);
	for (size_t i = 0; i < rt->n_routes; i++)
		vrrp_dump_route(&rt->routes[i], out, len);
	if (rt->n_rules)
		str_appendf(out, len, "%s\n", rule_hdr);
	for (size_t i = 0; i < rt->n_rules; i++)
		vrrp_dump_rule(&rt->rules[i], out, len);
}

/* Contract: see vrrp.h. */
void vrrp_dump_static_routes(const struct vrrp_routes_conf *st, char **out, size_t *len)
{
	dump_list(st, "------< Static Routes >------", "------< Static Rules >------", out, len);
}

/* Contract: see vrrp.h. */
void vrrp_dump_virtual_routes(const struct vrrp_routes_conf *rt, char **out, size_t *len)
{
	dump_list(rt, "   Virtual Routes :", "   Virtual Rules :", out, len);
}
