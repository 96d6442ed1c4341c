/* vrrp_conf_route.c - virtual_routes, virtual_rules, static_ipaddress,
 * static_routes, static_rules: their lines (vrrp_route_conf.h) and field
 * tables. Every option keepalived 2.2 has and we do not is an error at its
 * line, never ignored. */
#include "conf_lex.h"
#include "util.h"

#include <arpa/inet.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>

static const struct conf_field route_rows[] = {
	CF_A(struct route_conf, dst, 0),
	CF_U(struct route_conf, dst_len, 0, 128),
	CF_A(struct route_conf, src, CF_OPTIONAL),
	CF_A(struct route_conf, via, CF_OPTIONAL),
	CF_SBUF(struct route_conf, dev),
	CF_UANY(struct route_conf, type),
	CF_UANY(struct route_conf, scope),
	CF_UANY(struct route_conf, table),
	CF_UANY(struct route_conf, metric),
	CF_UANY(struct route_conf, protocol),
	CF_B(struct route_conf, onlink),
	CF_B(struct route_conf, no_track),
	CF_A(struct route_conf, from, CF_OPTIONAL),
	CF_U(struct route_conf, from_len, 0, 128),
	CF_UANY(struct route_conf, tos),
	CF_UANY(struct route_conf, realms),
	CF_RAW(struct route_conf, metrics),
	CF_UANY(struct route_conf, metrics_set),
	CF_UANY(struct route_conf, lock),
	CF_SBUF(struct route_conf, congctl),
	CF_UANY(struct route_conf, expires),
	CF_B(struct route_conf, expires_set),
	CF_B(struct route_conf, pref_set),
	CF_UANY(struct route_conf, pref),
	CF_U(struct route_conf, ttl_propagate, 0, 2),
	CF_U(struct route_conf, how, ROUTE_PREPEND, ROUTE_APPEND),
	CF_RAW(struct route_conf, encap),
	CF_RAW(struct route_conf, nh),
	CF_U(struct route_conf, n_nh, 0, ROUTE_MAX_NH),
};
const struct conf_struct_desc route_conf_desc = CF_DESC(struct route_conf, 0, route_rows, NULL);

static const struct conf_field rule_rows[] = {
	CF_UANY(struct rule_conf, family),
	CF_A(struct rule_conf, from, CF_OPTIONAL),
	CF_A(struct rule_conf, to, CF_OPTIONAL),
	CF_U(struct rule_conf, from_len, 0, 128),
	CF_U(struct rule_conf, to_len, 0, 128),
	CF_UANY(struct rule_conf, table),
	CF_UANY(struct rule_conf, priority),
	CF_UANY(struct rule_conf, fwmark),
	CF_UANY(struct rule_conf, fwmask),
	CF_B(struct rule_conf, fwmark_set),
	CF_SBUF(struct rule_conf, iif),
	CF_SBUF(struct rule_conf, oif),
	CF_UANY(struct rule_conf, tos),
	CF_UANY(struct rule_conf, goto_prio),
	CF_UANY(struct rule_conf, realms),
	CF_UANY(struct rule_conf, protocol),
	CF_B(struct rule_conf, no_track),
	CF_UANY(struct rule_conf, action),
	CF_B(struct rule_conf, invert),
	CF_B(struct rule_conf, l3mdev),
	CF_B(struct rule_conf, ipproto_set),
	CF_B(struct rule_conf, sport_set),
	CF_B(struct rule_conf, dport_set),
	CF_B(struct rule_conf, uid_set),
	CF_B(struct rule_conf, sup_pl_set),
	CF_B(struct rule_conf, sup_group_set),
	CF_B(struct rule_conf, tun_id_set),
	CF_UANY(struct rule_conf, ipproto),
	CF_RAW(struct rule_conf, sport),
	CF_RAW(struct rule_conf, dport),
	CF_RAW(struct rule_conf, uid),
	CF_UANY(struct rule_conf, sup_pl),
	CF_UANY(struct rule_conf, sup_group),
	CF_UANY(struct rule_conf, tun_id),
};
const struct conf_struct_desc rule_conf_desc = CF_DESC(struct rule_conf, 0, rule_rows, NULL);

static const struct conf_field routes_rows[] = {
	CF_ARR(struct vrrp_routes_conf, routes, n_routes, route_conf_desc),
	CF_ARR(struct vrrp_routes_conf, rules, n_rules, rule_conf_desc),
	CF_ARR(struct vrrp_routes_conf, addrs, n_addrs, vip_conf_desc),
};
const struct conf_struct_desc vrrp_routes_conf_desc = CF_DESC(struct vrrp_routes_conf, 0, routes_rows, NULL);

/* ---- values -------------------------------------------------------------------- */

/* ADDR/LEN (LEN defaults to the whole address). */
static bool get_prefix(struct conf_ctx *ctx, const struct conf_token *t, const char *what,
		       struct ka_addr *a, uint8_t *len)
{
	char buf[INET6_ADDRSTRLEN + 8];
	if (!str_copy(buf, sizeof(buf), t->text)) {
		conf_error(ctx, t, "%s must be ADDRESS[/PREFIX], got %s", what, t->text);
		return false;
	}
	char *slash = strchr(buf, '/');
	if (slash)
		*slash = '\0';
	struct conf_token at = *t;
	at.text = buf;
	if (!conf_get_addr(ctx, &at, what, 0, a))
		return false;
	uint32_t max = a->family == AF_INET ? 32 : 128, v = max;
	if (slash) {
		at.text = slash + 1;
		if (!conf_get_prefixlen(ctx, &at, what, max, &v))
			return false;
	}
	*len = (uint8_t)v;
	return true;
}

/* A routing table: a number, main, local, default or a name of rt_tables. */
static bool get_table(struct conf_ctx *ctx, const struct conf_token *t, uint32_t *out)
{
	static const struct { const char *n; uint32_t v; } names[] = {
		{ "main", RT_TABLE_MAIN }, { "local", RT_TABLE_LOCAL }, { "default", RT_TABLE_DEFAULT },
	};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (strcmp(t->text, names[i].n) == 0) {
			*out = names[i].v;
			return true;
		}
	if (conf_rt_lookup("rt_tables", t->text, UINT32_MAX, out) && *out)
		return true;
	conf_error(ctx, t, "Routing table %s not found (a number 1.. or a name of /etc/iproute2/rt_tables)", t->text);
	return false;
}

/* A routing protocol: a number, the usual names or one of rt_protos. */
static bool get_proto(struct conf_ctx *ctx, const struct conf_token *t, uint8_t *out)
{
	static const struct { const char *n; uint8_t v; } names[] = {
		{ "kernel", RTPROT_KERNEL }, { "boot", RTPROT_BOOT }, { "static", RTPROT_STATIC },
		{ "keepalived", RTPROT_KEEPALIVED_NUM }, { "ra", RTPROT_RA }, { "dhcp", RTPROT_DHCP },
	};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (strcmp(t->text, names[i].n) == 0) {
			*out = names[i].v;
			return true;
		}
	uint32_t v;
	if (!conf_rt_lookup("rt_protos", t->text, 255, &v)) {
		conf_error(ctx, t, "Protocol %s not found or invalid (0..255 or a name of /etc/iproute2/rt_protos)",
			   t->text);
		return false;
	}
	*out = (uint8_t)v;
	return true;
}

static bool get_scope(struct conf_ctx *ctx, const struct conf_token *t, uint8_t *out)
{
	static const struct conf_choice s[] = {
		{ "global", RT_SCOPE_UNIVERSE }, { "universe", RT_SCOPE_UNIVERSE }, { "site", RT_SCOPE_SITE },
		{ "link", RT_SCOPE_LINK }, { "host", RT_SCOPE_HOST }, { "nowhere", RT_SCOPE_NOWHERE },
	};
	int v;
	if (!conf_get_choice(ctx, t, "scope", s, ARRAY_SIZE(s), false, &v))
		return false;
	*out = (uint8_t)v;
	return true;
}

/* The value after option i, or an error. */
static const struct conf_token *value(struct conf_ctx *ctx, const struct conf_args *args, size_t *i)
{
	if (*i + 1 >= args->argc) {
		conf_error(ctx, &args->argv[*i], "'%s' needs a value", args->argv[*i].text);
		return NULL;
	}
	return &args->argv[++*i];
}

/* keepalived 2.2.7 reads every word of a route or rule that we read (but
 * encap in a nexthop: an error where it is met); another word is one
 * keepalived does not know either - it skips the line, so do we (a
 * warning, see skip_bad_lines). */
/* A word of a route/rule line that keepalived 2.2.7 does not know either. */
static void unknown(struct conf_ctx *ctx, const struct conf_token *t, const char *what)
{
	conf_error(ctx, t, "unknown %s option '%s'", what, t->text);
}

static bool is(const struct conf_token *t, const char *a, const char *b)
{
	return strcmp(t->text, a) == 0 || (b && strcmp(t->text, b) == 0);
}

/* ---- routes -------------------------------------------------------------------- */

/* ADDR or ADDR/LEN (the destination may come without `to`). */
static bool looks_like_prefix(const char *s)
{
	char buf[INET6_ADDRSTRLEN + 8];
	uint8_t a[16];
	if (!str_copy(buf, sizeof(buf), s))
		return false;
	char *slash = strchr(buf, '/');
	if (slash)
		*slash = '\0';
	return inet_pton(AF_INET, buf, a) == 1 || inet_pton(AF_INET6, buf, a) == 1;
}

/* keepalived 2.2.7's route types (rttables.c names). */
static bool route_type(const char *s, uint8_t *out)
{
	static const struct { const char *n; uint8_t v; } t[] = {
		{ "unicast", RTN_UNICAST }, { "local", RTN_LOCAL }, { "nat", RTN_NAT },
		{ "broadcast", RTN_BROADCAST }, { "brd", RTN_BROADCAST }, { "anycast", RTN_ANYCAST },
		{ "multicast", RTN_MULTICAST }, { "prohibit", RTN_PROHIBIT }, { "unreachable", RTN_UNREACHABLE },
		{ "blackhole", RTN_BLACKHOLE }, { "xresolve", RTN_XRESOLVE }, { "throw", RTN_THROW },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		if (strcmp(s, t[i].n) == 0) {
			*out = t[i].v;
			return true;
		}
	return false;
}

/* [inet|inet6] ADDR (the family word of `via`) into *a. */
static bool get_via(struct conf_ctx *ctx, const struct conf_args *args, size_t *i, struct ka_addr *a)
{
	const struct conf_token *v = value(ctx, args, i);
	if (v && (is(v, "inet", "inet6")))
		v = value(ctx, args, i);
	return v && conf_get_addr(ctx, v, "via", 0, a);
}

/* One word of the part after `nexthop` (nh: the next hop it belongs to);
 * false (reported) when it is bad. */
static bool nexthop_word(struct conf_ctx *ctx, const struct conf_args *args, size_t *i, struct route_nh *nh)
{
	const struct conf_token *t = &args->argv[*i], *v;
	uint32_t n;
	if (is(t, "weight", NULL)) {
		if (!(v = value(ctx, args, i)) || !conf_get_uint(ctx, v, "weight", 1, 256, &n))
			return false;
		nh->weight = (uint8_t)(n - 1);
	} else if (is(t, "onlink", NULL)) {
		nh->onlink = true;
	} else if (is(t, "dev", NULL)) {
		return (v = value(ctx, args, i)) && conf_get_string(ctx, v, "dev", nh->dev, sizeof(nh->dev));
	} else if (is(t, "realms", NULL)) {
		return (v = value(ctx, args, i)) && conf_route_realms(ctx, v, &nh->realms);
	} else if (is(t, "encap", NULL)) {
		conf_error_hard(ctx, t, "route option 'encap' in a nexthop is not supported");
		return false;
	} else {
		return get_via(ctx, args, i, &nh->via);
	}
	return true;
}

/* The checks of a whole route line (at: its first word). */
static bool route_checks(struct conf_ctx *ctx, const struct conf_token *at, const struct route_conf *r)
{
	int fam = r->dst.family;
	for (unsigned k = 0; k < r->n_nh; k++) {
		if (r->nh[k].via.family && r->nh[k].via.family != fam) {
			conf_error(ctx, at, "route: a next hop must be of the destination's family");
			return false;
		}
		if (!r->nh[k].dev[0] && !r->nh[k].via.family) {
			conf_error(ctx, at, "route: a nexthop needs via or dev");
			return false;
		}
	}
	if ((r->src.family && r->src.family != fam) || (r->via.family && r->via.family != fam) ||
	    (r->from.family && r->from.family != fam)) {
		conf_error(ctx, at, "Cannot mix IPv4 and IPv6 addresses for route");
		return false;
	}
	bool realms = r->realms != 0;
	for (unsigned k = 0; k < r->n_nh; k++)
		realms |= r->nh[k].realms != 0;
	const char *bad = fam == AF_INET6 && realms ? "realms are only valid for IPv4" :
			  fam == AF_INET && r->expires_set ? "expires is only valid for IPv6" :
			  fam == AF_INET && r->pref_set ? "pref is only valid for IPv6" : NULL;
	if (bad) {
		conf_error(ctx, at, "route: %s", bad);
		return false;
	}
	return true;
}

/* keepalived 2.2.7's rules for a tracked route (one without no_track): it
 * is added with protocol keepalived (another protocol is reset, with a
 * warning), and one without an interface (dev) cannot be tracked - a
 * warning, and it is no_track: its deletion is left alone (a static one is
 * not added again, a virtual one does not end MASTER). */
static void track_rules(struct conf_ctx *ctx, const struct conf_token *at, struct route_conf *r)
{
	if (r->no_track)
		return;
	if (r->protocol != RTPROT_KEEPALIVED_NUM) {
		conf_warn(ctx, at, "route: a tracked route has protocol keepalived (%d): protocol %u reset "
			  "(as keepalived 2.2.7; no_track keeps it)", RTPROT_KEEPALIVED_NUM, r->protocol);
		r->protocol = RTPROT_KEEPALIVED_NUM;
	}
	if (!r->dev[0]) {
		char a[INET6_ADDRSTRLEN] = "?";
		inet_ntop(r->dst.family, &r->dst.u, a, sizeof(a));
		conf_warn(ctx, at, "route %s/%u has no dev: it cannot be tracked, not tracking (as keepalived 2.2.7)",
			  a, r->dst_len);
		r->no_track = true;
	}
}

/* Contract: see conf_lex.h. The words as keepalived 2.2.7 reads them:
 * [to] [TYPE] PREFIX anywhere, `inet`/`inet6` take the word after them
 * with them (keepalived 2.2.7 steps over it), the options of
 * vrrp_conf_route_opts.c; after `nexthop` the words of that next hop. */
bool conf_parse_route(struct conf_ctx *ctx, const struct conf_args *args, struct route_conf *r)
{
	memset(r, 0, sizeof(*r));
	r->type = RTN_UNICAST;
	r->table = RT_TABLE_MAIN;
	r->protocol = RTPROT_KEEPALIVED_NUM;
	r->scope = RT_SCOPE_UNIVERSE;   /* keepalived 2.2.7's, whatever the route */
	bool have_dst = false, default_dst = false, ok = true;
	struct route_nh *nh = NULL;   /* after `nexthop`: what via/dev/onlink/weight/realms set */
	for (size_t i = 0; i < args->argc && ok; i++) {
		const struct conf_token *t = &args->argv[i], *v = NULL;
		int o;
		if (is(t, "nexthop", "or")) {
			if (r->n_nh == ROUTE_MAX_NH) {
				conf_error(ctx, t, "a route has at most %d extra next hops", ROUTE_MAX_NH);
				return false;
			}
			nh = &r->nh[r->n_nh++];
			if (is(t, "or", NULL)) {   /* or ADDR: another gateway on the same device */
				conf_warn(ctx, t, "\"or\" for routes is deprecated. Please use \"nexthop\" (as keepalived 2.2.7 says)");
				ok = (v = value(ctx, args, &i)) && conf_get_addr(ctx, v, "or", 0, &nh->via);
				nh = NULL;
			}
			continue;
		}
		if (nh && (is(t, "weight", "onlink") || is(t, "via", "dev") || is(t, "realms", "encap"))) {
			ok = nexthop_word(ctx, args, &i, nh);
			continue;
		}
		if (is(t, "inet", "inet6")) {
			conf_notice(ctx, t, "route: keepalived 2.2.7 steps over the word after %s", t->text);
			i++;
		} else if (is(t, "src", NULL)) {
			ok = (v = value(ctx, args, &i)) && conf_get_addr(ctx, v, "src", 0, &r->src);
		} else if (is(t, "via", "gw")) {
			if (is(t, "gw", NULL))
				conf_warn(ctx, t, "\"gw\" for routes is deprecated. Please use \"via\" (as keepalived 2.2.7 says)");
			ok = get_via(ctx, args, &i, &r->via);
		} else if (is(t, "from", NULL)) {
			ok = (v = value(ctx, args, &i)) && get_prefix(ctx, v, "route from", &r->from, &r->from_len);
			if (ok && r->from.family != AF_INET6) {
				conf_error(ctx, v, "route from address only supported with IPv6 (%s)", v->text);
				return false;
			}
		} else if (is(t, "dev", "oif")) {
			ok = (v = value(ctx, args, &i)) && conf_get_string(ctx, v, "dev", r->dev, sizeof(r->dev));
		} else if (is(t, "scope", NULL)) {
			ok = (v = value(ctx, args, &i)) && get_scope(ctx, v, &r->scope);
		} else if (is(t, "table", NULL)) {
			ok = (v = value(ctx, args, &i)) && get_table(ctx, v, &r->table);
		} else if (is(t, "vrf", NULL)) {
			ok = (v = value(ctx, args, &i)) && conf_route_vrf(ctx, v, r);
		} else if (is(t, "metric", "priority") || is(t, "preference", NULL)) {
			ok = (v = value(ctx, args, &i)) && conf_get_uint(ctx, v, t->text, 0, UINT32_MAX, &r->metric);
		} else if (is(t, "protocol", "proto")) {
			ok = (v = value(ctx, args, &i)) && get_proto(ctx, v, &r->protocol);
		} else if (is(t, "onlink", NULL)) {
			r->onlink = true;
		} else if (is(t, "no_track", NULL)) {
			r->no_track = true;
		} else if (is(t, "as", NULL)) {   /* keepalived 2.2.7: a message, the route kept */
			if (i + 1 < args->argc && is(&args->argv[i + 1], "to", NULL))
				i++;
			i++;
			conf_warn(ctx, t, "\"as to\" for MPLS only - ignoring (as keepalived 2.2.7)");
		} else if ((o = conf_route_opt(ctx, args, &i, r)) != 0) {
			ok = o > 0;
		} else if (is(t, "to", NULL) || route_type(t->text, &r->type) || looks_like_prefix(t->text) ||
			   is(t, "default", "default6") || is(t, "any", "all")) {
			if (is(t, "to", NULL) && !(t = value(ctx, args, &i)))
				return false;
			if (route_type(t->text, &r->type) && !(t = value(ctx, args, &i)))
				return false;
			if (is(t, "default", "any") || is(t, "all", NULL)) {
				/* keepalived 2.2.7's parse_route(): the default route of
				 * the family the gateway (or src) gives, else IPv4 */
				memset(&r->dst, 0, sizeof(r->dst));
				r->dst_len = 0;
				default_dst = true;
			} else if (is(t, "default6", NULL)) {
				conf_notice(ctx, t, "'default6' is deprecated - please replace with 'inet6 default' "
					    "(as keepalived 2.2.7 says)");
				memset(&r->dst, 0, sizeof(r->dst));
				r->dst.family = AF_INET6;
				r->dst_len = 0;
			} else {
				ok = get_prefix(ctx, t, "route destination", &r->dst, &r->dst_len);
			}
			have_dst = true;
		} else {
			unknown(ctx, t, "route");
			return false;
		}
	}
	if (!ok)
		return false;
	if (!have_dst) {
		conf_error(ctx, &args->argv[0], "Route must have a destination");
		return false;
	}
	if (default_dst && !r->dst.family)
		r->dst.family = r->via.family ? r->via.family : r->src.family ? r->src.family
			      : r->n_nh && r->nh[0].via.family ? r->nh[0].via.family : AF_INET;
	if (!route_checks(ctx, &args->argv[0], r))
		return false;
	track_rules(ctx, &args->argv[0], r);
	return true;
}

/* ---- rules --------------------------------------------------------------------- */

static bool rule_addr(struct conf_ctx *ctx, const struct conf_token *t, const char *what,
		      struct ka_addr *a, uint8_t *len)
{
	if (strcmp(t->text, "all") == 0) {
		memset(a, 0, sizeof(*a));
		*len = 0;
		return true;
	}
	return get_prefix(ctx, t, what, a, len);
}

/* A port range A[-B] of sport/dport into p; keepalived 2.2.7 reads a
 * single port as a bad range (a message, the option ignored): so do we. */
static void port_range(struct conf_ctx *ctx, const struct conf_token *what, const struct conf_token *v,
		       uint16_t p[2], bool *set)
{
	char *end;
	unsigned long a = strtoul(v->text, &end, 10), b = 0;
	bool ok = v->text[0] >= '0' && v->text[0] <= '9' && *end == '-' && a <= 65535;
	if (ok) {
		const char *s = end + 1;
		b = strtoul(s, &end, 10);
		ok = *s >= '0' && *s <= '9' && !*end && b <= 65535;
	}
	if (!ok) {
		conf_warn(ctx, v, "invalid %s range %s: ignored (as keepalived 2.2.7, which wants START-END)",
			  what->text, v->text);
		return;
	}
	p[0] = (uint16_t)a;
	p[1] = (uint16_t)b;
	*set = true;
}

/* An IP protocol by name (/etc/protocols) or number. */
static bool get_ipproto(struct conf_ctx *ctx, const struct conf_token *v, uint8_t *out)
{
	static const struct { const char *n; uint8_t v; } names[] = {
		{ "icmp", 1 }, { "tcp", 6 }, { "udp", 17 }, { "gre", 47 }, { "esp", 50 }, { "ah", 51 },
		{ "ipv6-icmp", 58 }, { "icmpv6", 58 }, { "sctp", 132 }, { "udplite", 136 },
	};
	for (size_t k = 0; k < ARRAY_SIZE(names); k++)
		if (!strcmp(v->text, names[k].n)) {
			*out = names[k].v;
			return true;
		}
	uint32_t n;
	if (!conf_value_uint(v->text, 0, 255, &n)) {
		conf_warn(ctx, v, "Invalid ipproto %s: ignored (as keepalived 2.2.7)", v->text);
		return false;
	}
	*out = (uint8_t)n;
	return true;
}

/* The action words: [type] goto N | nop | blackhole | unreachable | prohibit. */
static bool rule_action(struct conf_ctx *ctx, const struct conf_args *args, size_t *i, struct rule_conf *r,
			bool *acted)
{
	const struct conf_token *t = &args->argv[*i], *v;
	static const struct { const char *n; uint8_t a; } acts[] = {
		{ "nop", FR_ACT_NOP }, { "blackhole", FR_ACT_BLACKHOLE }, { "unreachable", FR_ACT_UNREACHABLE },
		{ "prohibit", FR_ACT_PROHIBIT },
	};
	if (is(t, "type", NULL) && !(t = value(ctx, args, i)))
		return false;
	uint8_t a = 0;
	if (is(t, "goto", NULL)) {
		if (!(v = value(ctx, args, i)) || !conf_get_uint(ctx, v, "goto", 1, UINT32_MAX, &r->goto_prio))
			return false;
		a = FR_ACT_GOTO;
	}
	for (size_t k = 0; k < ARRAY_SIZE(acts); k++)
		if (is(t, acts[k].n, NULL))
			a = acts[k].a;
	if (!a) {
		unknown(ctx, t, "rule");
		return false;
	}
	if (*acted) {
		conf_error(ctx, t, "Cannot specify more than one of table/nop/goto/blackhole/prohibit/unreachable/"
			   "l3mdev for rule");
		return false;
	}
	*acted = true;
	r->action = a;
	return true;
}

/* One option of a rule line at *i (ok: false when reported bad); false
 * when it is no option of these (an action word perhaps). */
static bool rule_word(struct conf_ctx *ctx, const struct conf_args *args, size_t *i, struct rule_conf *r,
		      bool *ok)
{
	const struct conf_token *t = &args->argv[*i], *v = NULL;
	if (is(t, "iif", "dev") || is(t, "oif", NULL)) {
		char *dst = is(t, "oif", NULL) ? r->oif : r->iif;
		*ok = (v = value(ctx, args, i)) && conf_get_string(ctx, v, t->text, dst, IFNAMSIZ);
	} else if (is(t, "tos", "dsfield")) {
		*ok = (v = value(ctx, args, i)) && conf_route_tos(ctx, v, &r->tos);
	} else if (is(t, "realms", NULL)) {
		*ok = (v = value(ctx, args, i)) && conf_route_realms(ctx, v, &r->realms);
	} else if (is(t, "protocol", NULL)) {
		*ok = (v = value(ctx, args, i)) && get_proto(ctx, v, &r->protocol);
	} else if (is(t, "not", NULL)) {
		r->invert = true;
	} else if (is(t, "no_track", NULL)) {
		r->no_track = true;
	} else if (is(t, "ipproto", NULL)) {
		if ((*ok = (v = value(ctx, args, i)) != NULL))
			r->ipproto_set = get_ipproto(ctx, v, &r->ipproto);
	} else if (is(t, "sport", "dport")) {
		if ((*ok = (v = value(ctx, args, i)) != NULL))
			port_range(ctx, t, v, is(t, "sport", NULL) ? r->sport : r->dport,
				   is(t, "sport", NULL) ? &r->sport_set : &r->dport_set);
	} else if (is(t, "uidrange", NULL)) {
		char *end;
		*ok = (v = value(ctx, args, i)) != NULL;
		unsigned long a = *ok ? strtoul(v->text, &end, 10) : 0, b = 0;
		if (*ok && (*ok = v->text[0] >= '0' && v->text[0] <= '9' && *end == '-' && end[1] >= '0' &&
				   end[1] <= '9' && a <= UINT32_MAX))
			b = strtoul(end + 1, &end, 10);
		if (*ok && !(*ok = !*end && b <= UINT32_MAX))
			conf_error(ctx, v, "Invalid uidrange %s specified", v->text);
		r->uid[0] = (uint32_t)a, r->uid[1] = (uint32_t)b, r->uid_set = true;
	} else if (is(t, "suppress_prefixlength", "sup_pl")) {
		*ok = (v = value(ctx, args, i)) && conf_get_uint(ctx, v, t->text, 0, INT32_MAX, &r->sup_pl);
		r->sup_pl_set = true;
	} else if (is(t, "suppress_ifgroup", "sup_group")) {
		*ok = (v = value(ctx, args, i)) && conf_rt_lookup("group", v->text, INT32_MAX, &r->sup_group);
		if (v && !*ok)
			conf_error(ctx, v, "suppress_group %s is invalid", v->text);
		r->sup_group_set = true;
	} else if (is(t, "tunnel-id", NULL)) {
		char *end;
		*ok = (v = value(ctx, args, i)) != NULL;
		if (*ok) {
			r->tun_id = strtoull(v->text, &end, 0);
			if (!(*ok = v->text[0] >= '0' && v->text[0] <= '9' && !*end))
				conf_error(ctx, v, "Invalid tunnel-id %s specified", v->text);
			r->tun_id_set = true;
		}
	} else {
		return false;
	}
	return true;
}

/* The checks of a whole rule line, as keepalived 2.2.7 makes them. */
static bool rule_checks(struct conf_ctx *ctx, const struct conf_token *at, const struct rule_conf *r,
			bool table_set, bool prio_set)
{
	const char *bad = NULL;
	if (r->action == FR_ACT_GOTO && !prio_set)
		bad = "Invalid rule - goto target specified without preference";
	else if (r->action == FR_ACT_GOTO && r->priority >= r->goto_prio)
		bad = "Invalid rule - preference >= goto target";
	else if (!r->action && !table_set && !r->l3mdev)
		bad = "No action specified for rule - ignoring";
	else if (r->action && (r->realms || r->sup_pl_set || r->sup_group_set))
		bad = "suppressor/realm specified for non table action - skipping";
	else if (r->l3mdev && table_set)
		bad = "table cannot be specified for l3mdev rules";
	else if (r->realms && r->family == AF_INET6)
		bad = "realms is only valid for IPv4";
	else if (r->from.family && r->to.family && r->from.family != r->to.family)
		bad = "rule specification has mixed IPv4 and IPv6";
	if (bad)
		conf_error(ctx, at, "%s", bad);
	return !bad;
}

/* Contract: see conf_lex.h. Without priority keepalived picks 16384, 16383...
 * (per family, in file order) and warns. */
bool conf_parse_rule(struct conf_ctx *ctx, const struct conf_args *args, struct rule_conf *r)
{
	memset(r, 0, sizeof(*r));
	r->protocol = RTPROT_KEEPALIVED_NUM;
	bool ok = true, prio_set = false, table_set = false, acted = false;
	for (size_t i = 0; i < args->argc && ok; i++) {
		const struct conf_token *t = &args->argv[i], *v = NULL;
		if (is(t, "inet", "inet6")) {
			conf_notice(ctx, t, "rule: keepalived 2.2.7 steps over the word after %s", t->text);
			i++;
		} else if (is(t, "from", NULL)) {
			ok = (v = value(ctx, args, &i)) && rule_addr(ctx, v, "from", &r->from, &r->from_len);
		} else if (is(t, "to", NULL)) {
			ok = (v = value(ctx, args, &i)) && rule_addr(ctx, v, "to", &r->to, &r->to_len);
		} else if (is(t, "table", "lookup")) {
			ok = (v = value(ctx, args, &i)) && get_table(ctx, v, &r->table);
			if (ok && acted) {
				conf_error(ctx, t, "Cannot specify more than one of table/nop/goto/blackhole/prohibit/"
					   "unreachable for rule");
				return false;
			}
			table_set = acted = true;
		} else if (is(t, "l3mdev", NULL)) {
			if (acted) {
				conf_error(ctx, t, "Cannot specify l3mdev with other action");
				return false;
			}
			r->l3mdev = acted = true;
		} else if (is(t, "priority", "preference") || is(t, "order", NULL)) {
			ok = (v = value(ctx, args, &i)) && conf_get_uint(ctx, v, t->text, 0, UINT32_MAX, &r->priority);
			prio_set = true;
		} else if (is(t, "fwmark", NULL)) {
			if (!(v = value(ctx, args, &i)))
				return false;
			char *end;
			unsigned long m = strtoul(v->text, &end, 0), k = UINT32_MAX;
			if (*end == '/')
				k = strtoul(end + 1, &end, 0);
			if (*end || !v->text[0] || v->text[0] == '-' || m > UINT32_MAX || k > UINT32_MAX) {
				conf_error(ctx, v, "fwmark must be MARK[/MASK], got %s", v->text);
				return false;
			}
			r->fwmark = (uint32_t)m;
			r->fwmask = (uint32_t)k;
			r->fwmark_set = true;
		} else if (!rule_word(ctx, args, &i, r, &ok)) {
			ok = rule_action(ctx, args, &i, r, &acted);
		}
	}
	if (!ok)
		return false;
	r->family = r->from.family ? r->from.family : r->to.family ? r->to.family : AF_INET;
	if (!rule_checks(ctx, &args->argv[0], r, table_set, prio_set))
		return false;
	if (!r->no_track && r->protocol != RTPROT_KEEPALIVED_NUM) {
		conf_warn(ctx, &args->argv[0], "Rule cannot be tracked if protocol is not RTPROT_KEEPALIVED(%d), "
			  "resetting protocol (as keepalived 2.2.7; no_track keeps it)", RTPROT_KEEPALIVED_NUM);
		r->protocol = RTPROT_KEEPALIVED_NUM;
	}
	if (!prio_set) {
		/* keepalived 2.2.7 counts down from 16384, per family, in the
		 * order of the file (static_rules and virtual_rules alike) */
		uint32_t *next = &ctx->rule_prio_next[r->family == AF_INET6];
		r->priority = *next ? (*next)-- : 0;
		conf_warn(ctx, &args->argv[0], "rule has no priority: %u is used (as keepalived 2.2.7: 16384, then "
			  "one less for each such rule of the family)", r->priority);
	}
	return true;
}

/* ---- blocks ---------------------------------------------------------------------- */

void *conf_open_vroutes(struct conf_ctx *ctx, void *parent, const struct conf_args *args)
{
	return &((struct vrrp_instance_conf *)parent)->l3.rt;
}

void *conf_open_statics(struct conf_ctx *ctx, void *parent, const struct conf_args *args)
{
	return &((struct config *)parent)->global.statics;
}

static void line_route(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_routes_conf *rt = obj;
	struct route_conf r;
	if (conf_parse_route(ctx, args, &r))
		*(struct route_conf *)array_push(&rt->routes, &rt->n_routes, sizeof(r)) = r;
}

static void line_rule(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_routes_conf *rt = obj;
	struct rule_conf r;
	if (conf_parse_rule(ctx, args, &r))
		*(struct rule_conf *)array_push(&rt->rules, &rt->n_rules, sizeof(r)) = r;
}

static void line_addr(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_routes_conf *rt = obj;
	struct vip_conf v;
	if (!conf_parse_vip_line(ctx, args, &v))
		return;
	if (v.use_vmac) {   /* keepalived 2.2.7: an unknown option here */
		conf_warn(ctx, &args->argv[0], "use_vmac is for a vrrp_instance's addresses, not static_ipaddress: ignored");
		v.use_vmac = false;
	}
	if (!v.dev[0]) {
		/* keepalived 2.2.7 would use its "default interface" or stop */
		conf_error_hard(ctx, &args->argv[0], "static_ipaddress %s needs 'dev IFNAME'", args->argv[0].text);
		return;
	}
	*(struct vip_conf *)array_push(&rt->addrs, &rt->n_addrs, sizeof(v)) = v;
}

/* keepalived 2.2.7 skips a line it cannot read (bad address, value or
 * word) with a message and runs: so do these blocks (conf_error() warns) */
const struct conf_block conf_vroutes_block = { .name = "virtual_routes", .line_handler = line_route,
					       .skip_bad_lines = true };
const struct conf_block conf_vrules_block = { .name = "virtual_rules", .line_handler = line_rule,
					      .skip_bad_lines = true };
const struct conf_block conf_saddrs_block = { .name = "static_ipaddress", .line_handler = line_addr,
					      .skip_bad_lines = true };
