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
	CF_UANY(struct route_conf, mtu),
	CF_UANY(struct route_conf, advmss),
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

/* A routing table: a number, or main, local, default. */
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
	return conf_get_uint(ctx, t, "table", 1, UINT32_MAX, out);
}

/* A routing protocol: a number, or a name of /etc/iproute2/rt_protos' usual ones. */
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
	if (!conf_get_uint(ctx, t, "protocol", 0, 255, &v))
		return false;
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

/* The words keepalived 2.2.7 reads in a route and in a rule: one of them
 * that we do not implement is an error (the route or rule would differ);
 * another word is one keepalived does not know either - it skips the line,
 * so do we (a warning, see skip_bad_lines). */
static const char *const route_words[] = {
	"add", "advmss", "append", "as", "congctl", "cwnd", "dev", "disabled", "dst", "enabled", "encap",
	"expires", "fastopen_no_cookie", "features", "flags", "from", "gw", "high", "hoplimit", "id", "ila",
	"inet", "initcwnd", "initrwnd", "ip", "low", "medium", "metric", "mpls", "mtu", "nexthop", "no_track",
	"oif", "onlink", "or", "pref", "preference", "prepend", "priority", "protocol", "quickack", "realms",
	"reordering", "rto_min", "rtt", "rttvar", "scope", "src", "ssthresh", "table", "tc", "to", "tos",
	"track_group", "ttl", "ttl-propagate", "via", "vrf", "weight", "window",
};
static const char *const rule_words[] = {
	"dev", "dport", "dsfield", "from", "fwmark", "goto", "iif", "inet", "ipproto", "lookup", "no_track",
	"nop", "oif", "order", "preference", "priority", "protocol", "realms", "sport", "sup_group", "sup_pl",
	"suppress_ifgroup", "suppress_prefixlength", "table", "to", "tos", "track_group", "tunnel-id",
	"type", "uidrange",
};

/* A word of a route/rule line that we do not read: see route_words. */
static void unsupported(struct conf_ctx *ctx, const struct conf_token *t, const char *what,
			const char *const *known, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(known[i], t->text)) {
			conf_error_hard(ctx, t, "%s option '%s' is not supported", what, t->text);
			return;
		}
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

static bool route_type(const char *s, uint8_t *out)
{
	static const struct { const char *n; uint8_t v; } t[] = {
		{ "blackhole", RTN_BLACKHOLE }, { "unreachable", RTN_UNREACHABLE },
		{ "prohibit", RTN_PROHIBIT }, { "throw", RTN_THROW },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		if (strcmp(s, t[i].n) == 0) {
			*out = t[i].v;
			return true;
		}
	return false;
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

/* Contract: see conf_lex.h. */
bool conf_parse_route(struct conf_ctx *ctx, const struct conf_args *args, struct route_conf *r)
{
	memset(r, 0, sizeof(*r));
	r->type = RTN_UNICAST;
	r->table = RT_TABLE_MAIN;
	r->protocol = RTPROT_KEEPALIVED_NUM;
	bool have_dst = false, ok = true, scope_set = false;
	struct route_nh *nh = NULL;   /* after `nexthop`: what via/dev/onlink/weight set */
	for (size_t i = 0; i < args->argc && ok; i++) {
		const struct conf_token *t = &args->argv[i], *v = NULL;
		uint32_t n;
		if (is(t, "nexthop", "or")) {
			if (r->n_nh == ROUTE_MAX_NH) {
				conf_error(ctx, t, "a route has at most %d extra next hops", ROUTE_MAX_NH);
				return false;
			}
			nh = &r->nh[r->n_nh++];
			if (is(t, "or", NULL)) {   /* or ADDR: another gateway on the same device */
				ok = (v = value(ctx, args, &i)) && conf_get_addr(ctx, v, "or", 0, &nh->via);
				nh = NULL;
			}
			continue;
		}
		if (nh && is(t, "weight", NULL)) {
			ok = (v = value(ctx, args, &i)) && conf_get_uint(ctx, v, "weight", 1, 256, &n);
			nh->weight = (uint8_t)(n - 1);
			continue;
		}
		if (nh && (is(t, "via", "gw") || is(t, "dev", "onlink"))) {
			if (is(t, "onlink", NULL))
				nh->onlink = true;
			else if (is(t, "dev", NULL))
				ok = (v = value(ctx, args, &i)) && conf_get_string(ctx, v, "dev", nh->dev, sizeof(nh->dev));
			else
				ok = (v = value(ctx, args, &i)) && conf_get_addr(ctx, v, "via", 0, &nh->via);
			continue;
		}
		if (!have_dst && i == 0 && route_type(t->text, &r->type)) {
			continue;
		} else if (is(t, "to", NULL) || (!have_dst && looks_like_prefix(t->text))) {
			if (is(t, "to", NULL) && !(t = value(ctx, args, &i)))
				return false;
			ok = get_prefix(ctx, t, "route destination", &r->dst, &r->dst_len);
			have_dst = true;
		} else if (is(t, "src", NULL)) {
			ok = (v = value(ctx, args, &i)) && conf_get_addr(ctx, v, "src", 0, &r->src);
		} else if (is(t, "via", "gw")) {
			ok = (v = value(ctx, args, &i)) && conf_get_addr(ctx, v, "via", 0, &r->via);
		} else if (is(t, "dev", NULL)) {
			ok = (v = value(ctx, args, &i)) && conf_get_string(ctx, v, "dev", r->dev, sizeof(r->dev));
		} else if (is(t, "scope", NULL)) {
			ok = (v = value(ctx, args, &i)) && get_scope(ctx, v, &r->scope);
			scope_set = true;
		} else if (is(t, "table", NULL)) {
			ok = (v = value(ctx, args, &i)) && get_table(ctx, v, &r->table);
		} else if (is(t, "metric", "priority") || is(t, "preference", NULL)) {
			ok = (v = value(ctx, args, &i)) && conf_get_uint(ctx, v, t->text, 0, UINT32_MAX, &r->metric);
		} else if (is(t, "protocol", "proto")) {
			ok = (v = value(ctx, args, &i)) && get_proto(ctx, v, &r->protocol);
		} else if (is(t, "mtu", NULL) || is(t, "advmss", NULL)) {
			ok = (v = value(ctx, args, &i)) && conf_get_uint(ctx, v, t->text, 1, 65535, &n);
			if (ok)
				*(is(t, "mtu", NULL) ? &r->mtu : &r->advmss) = n;
		} else if (is(t, "onlink", NULL)) {
			r->onlink = true;
		} else if (is(t, "no_track", NULL)) {
			r->no_track = true;
		} else {
			unsupported(ctx, t, "route", route_words, ARRAY_SIZE(route_words));
			return false;
		}
	}
	if (!ok)
		return false;
	if (!have_dst) {
		conf_error(ctx, &args->argv[0], "route without a destination");
		return false;
	}
	for (unsigned k = 0; k < r->n_nh; k++) {
		if (r->nh[k].via.family && r->nh[k].via.family != r->dst.family) {
			conf_error(ctx, &args->argv[0], "route: a next hop must be of the destination's family");
			return false;
		}
		if (!r->nh[k].dev[0] && !r->nh[k].via.family) {
			conf_error(ctx, &args->argv[0], "route: a nexthop needs via or dev");
			return false;
		}
	}
	if ((r->src.family && r->src.family != r->dst.family) || (r->via.family && r->via.family != r->dst.family)) {
		conf_error(ctx, &args->argv[0], "route: src and via must be of the destination's family");
		return false;
	}
	if (!scope_set)
		r->scope = r->type == RTN_UNICAST && !r->via.family && r->dev[0] ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE;
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

/* Contract: see conf_lex.h. Without priority keepalived picks 16384, 16383...
 * (per family, in file order) and warns. */
bool conf_parse_rule(struct conf_ctx *ctx, const struct conf_args *args, struct rule_conf *r)
{
	memset(r, 0, sizeof(*r));
	r->protocol = RTPROT_KEEPALIVED_NUM;
	bool ok = true, prio_set = false, table_set = false;
	for (size_t i = 0; i < args->argc && ok; i++) {
		const struct conf_token *t = &args->argv[i], *v = NULL;
		uint32_t n;
		if (is(t, "from", NULL)) {
			ok = (v = value(ctx, args, &i)) && rule_addr(ctx, v, "from", &r->from, &r->from_len);
		} else if (is(t, "to", NULL)) {
			ok = (v = value(ctx, args, &i)) && rule_addr(ctx, v, "to", &r->to, &r->to_len);
		} else if (is(t, "table", "lookup")) {
			ok = (v = value(ctx, args, &i)) && get_table(ctx, v, &r->table);
			table_set = true;
		} else if (is(t, "priority", "preference")) {
			ok = (v = value(ctx, args, &i)) && conf_get_uint(ctx, v, t->text, 0, UINT32_MAX, &r->priority);
			prio_set = true;
		} else if (is(t, "fwmark", NULL)) {
			if (!(v = value(ctx, args, &i)))
				return false;
			char *end;
			unsigned long m = strtoul(v->text, &end, 0), k = UINT32_MAX;
			if (*end == '/')
				k = strtoul(end + 1, &end, 0);
			if (*end || !v->text[0] || m > UINT32_MAX || k > UINT32_MAX) {
				conf_error(ctx, v, "fwmark must be MARK[/MASK], got %s", v->text);
				return false;
			}
			r->fwmark = (uint32_t)m;
			r->fwmask = (uint32_t)k;
			r->fwmark_set = true;
		} else if (is(t, "iif", NULL) || is(t, "oif", NULL)) {
			char *dst = is(t, "iif", NULL) ? r->iif : r->oif;
			ok = (v = value(ctx, args, &i)) && conf_get_string(ctx, v, t->text, dst, IFNAMSIZ);
		} else if (is(t, "tos", "dsfield")) {
			ok = (v = value(ctx, args, &i)) && conf_get_uint(ctx, v, t->text, 0, 255, &n);
			r->tos = (uint8_t)n;
		} else if (is(t, "goto", NULL)) {
			ok = (v = value(ctx, args, &i)) && conf_get_uint(ctx, v, "goto", 1, UINT32_MAX, &r->goto_prio);
		} else if (is(t, "realms", NULL)) {
			ok = (v = value(ctx, args, &i)) && conf_get_uint(ctx, v, "realms", 0, UINT32_MAX, &r->realms);
		} else if (is(t, "protocol", NULL)) {
			ok = (v = value(ctx, args, &i)) && get_proto(ctx, v, &r->protocol);
		} else if (is(t, "no_track", NULL)) {
			r->no_track = true;
		} else {
			unsupported(ctx, t, "rule", rule_words, ARRAY_SIZE(rule_words));
			return false;
		}
	}
	if (!ok)
		return false;
	if (r->from.family && r->to.family && r->from.family != r->to.family) {
		conf_error(ctx, &args->argv[0], "rule: from and to must be of one family");
		return false;
	}
	r->family = r->from.family ? r->from.family : r->to.family ? r->to.family : AF_INET;
	if (!table_set && !r->goto_prio) {
		conf_error(ctx, &args->argv[0], "rule without a table (or goto)");
		return false;
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
