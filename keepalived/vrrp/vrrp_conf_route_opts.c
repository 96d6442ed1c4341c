/* vrrp_conf_route_opts.c - the options of a virtual_routes / static_routes
 * line that keepalived 2.2.7 reads besides destination, next hops, table,
 * scope, type and protocol: one row per option (name, how its value is
 * read, where it goes). Applied by vrrp_route.c (RTA_METRICS, RTA_PREF,
 * RTA_EXPIRES, RTA_SRC, tos, realms). keepalived 2.2.7's readings kept:
 * realms, expires and pref check the family in conf_parse_route();
 * rtt, rttvar and rto_min take a number in the kernel's units or N[.N]ms /
 * N[.N]s, brought into 200 ms .. 120 s with a notice (not counted by -t,
 * as keepalived 2.2.7 only logs it); a bad value skips
 * the line; an unknown `features` word is a warning. */
#include "conf_lex.h"
#include "util.h"

#include <linux/icmpv6.h>
#include <linux/lwtunnel.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/route/link/vrf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum opt_kind {
	OPT_U32,      /* a metric 0..UINT32_MAX */
	OPT_U8,       /* a metric 0..255 */
	OPT_BOOL,     /* a metric 0..1 */
	OPT_RTT,      /* a time, `mult` kernel units per millisecond */
	OPT_CONGCTL,  /* RTAX_CC_ALGO: a name */
	OPT_FEATURES, /* RTAX_FEATURES: ecn */
	OPT_TOS, OPT_REALMS, OPT_EXPIRES, OPT_PREF, OPT_TTL_PROP, OPT_HOW, OPT_ENCAP,
};

struct route_opt {
	const char *name;
	enum opt_kind kind;
	int rtax;          /* the metric (OPT_U32..OPT_FEATURES); OPT_HOW: enum route_how */
	bool lock;         /* takes `lock` before the value */
	unsigned mult;     /* OPT_RTT */
};

static const struct route_opt opts[] = {
	{ "mtu", OPT_U32, RTAX_MTU, true, 0 },
	{ "hoplimit", OPT_U8, RTAX_HOPLIMIT, false, 0 },
	{ "advmss", OPT_U32, RTAX_ADVMSS, true, 0 },
	{ "rtt", OPT_RTT, RTAX_RTT, true, 8 },
	{ "rttvar", OPT_RTT, RTAX_RTTVAR, true, 4 },
	{ "reordering", OPT_U32, RTAX_REORDERING, true, 0 },
	{ "window", OPT_U32, RTAX_WINDOW, false, 0 },
	{ "cwnd", OPT_U32, RTAX_CWND, true, 0 },
	{ "ssthresh", OPT_U32, RTAX_SSTHRESH, true, 0 },
	{ "rto_min", OPT_RTT, RTAX_RTO_MIN, true, 1 },
	{ "initcwnd", OPT_U32, RTAX_INITCWND, false, 0 },
	{ "initrwnd", OPT_U32, RTAX_INITRWND, false, 0 },
	{ "features", OPT_FEATURES, RTAX_FEATURES, false, 0 },
	{ "quickack", OPT_BOOL, RTAX_QUICKACK, false, 0 },
	{ "congctl", OPT_CONGCTL, RTAX_CC_ALGO, true, 0 },
	{ "fastopen_no_cookie", OPT_BOOL, RTAX_FASTOPEN_NO_COOKIE, false, 0 },
	{ "tos", OPT_TOS, 0, false, 0 },
	{ "dsfield", OPT_TOS, 0, false, 0 },
	{ "realms", OPT_REALMS, 0, false, 0 },
	{ "expires", OPT_EXPIRES, 0, false, 0 },
	{ "pref", OPT_PREF, 0, false, 0 },
	{ "ttl-propagate", OPT_TTL_PROP, 0, false, 0 },
	{ "encap", OPT_ENCAP, 0, false, 0 },
	{ "add", OPT_HOW, ROUTE_ADD, false, 0 },
	{ "prepend", OPT_HOW, ROUTE_PREPEND, false, 0 },
	{ "append", OPT_HOW, ROUTE_APPEND, false, 0 },
};

#define RTT_MIN_MS 200u
#define RTT_MAX_MS 120000u

/* keepalived 2.2.7's time of rtt/rttvar/rto_min: a bare number is in the
 * kernel's units; N[.NNN] followed by ms / msec / msecs or s / sec / secs
 * is a time (mult units per ms). Out of 200 ms .. 120 s it is brought
 * back in with a warning. false: not a time. */
static bool get_rtt(struct conf_ctx *ctx, const struct conf_token *t, unsigned mult, uint32_t *out)
{
	const char *s = t->text, *unit = strpbrk(s, "sS");
	char num[32];
	unsigned decimals = 0;
	bool raw = !unit;
	if (unit) {
		if (strcasecmp(unit, "s") && strcasecmp(unit, "sec") && strcasecmp(unit, "secs"))
			return false;
		if (unit > s && (unit[-1] == 'm' || unit[-1] == 'M'))
			unit--;
		else
			decimals = 3;   /* seconds: milliseconds in the fraction */
		if (unit == s || (size_t)(unit - s) >= sizeof(num))
			return false;
		memcpy(num, s, (size_t)(unit - s));
		num[unit - s] = '\0';
	} else if (!str_copy(num, sizeof(num), s)) {
		return false;
	}
	uint32_t v, max = RTT_MAX_MS * mult;
	if (!conf_value_fixed(num, decimals, 0, max, &v) || (raw && strchr(num, '.')))
		return false;
	if (!raw)
		v *= mult;
	if (v > max) {
		conf_notice(ctx, t, "rtt value %s exceeds maximum %us, using %us (as keepalived 2.2.7)", s, RTT_MAX_MS / 1000,
			  RTT_MAX_MS / 1000);
		v = max;
	}
	if (v < RTT_MIN_MS * mult) {
		conf_notice(ctx, t, "rtt value %s below minimum %ums, using %ums (as keepalived 2.2.7)", s, RTT_MIN_MS,
			  RTT_MIN_MS);
		v = RTT_MIN_MS * mult;
	}
	*out = v;
	return true;
}

/* Contract: see vrrp_route_conf.h. */
bool conf_rt_lookup(const char *file, const char *name, uint32_t max, uint32_t *out)
{
	char *end, path[128], line[256];
	unsigned long v = strtoul(name, &end, 0);
	if (end != name && !*end && name[0] != '-') {
		*out = (uint32_t)v;
		return v <= max;
	}
	snprintf(path, sizeof(path), "/etc/iproute2/%s", file);
	FILE *f = fopen(path, "re");
	bool found = false;
	while (f && !found && fgets(line, sizeof(line), f)) {
		char id[64], word[64], extra[2];
		if (line[0] == '#' || sscanf(line, "%63s %63s %1s", id, word, extra) != 2 || strcmp(word, name))
			continue;
		v = strtoul(id, &end, 0);
		found = end != id && !*end && id[0] != '-' && v <= max;
	}
	if (f)
		fclose(f);
	if (found)
		*out = (uint32_t)v;
	return found;
}

/* Contract: see vrrp_route_conf.h. */
bool conf_route_realms(struct conf_ctx *ctx, const struct conf_token *t, uint32_t *out)
{
	char a[64];
	uint32_t from = 0, to;
	const char *slash = strchr(t->text, '/');
	bool ok = str_copy(a, sizeof(a), t->text);
	if (ok && slash) {
		a[slash - t->text] = '\0';
		ok = conf_rt_lookup("rt_realms", a, 255, &from) && conf_rt_lookup("rt_realms", slash + 1, 255, &to);
	} else if (ok) {
		ok = conf_rt_lookup("rt_realms", a, 255, &to);
	}
	if (!ok) {
		conf_error(ctx, t, "invalid realms %s", t->text);
		return false;
	}
	*out = from << 16 | to;
	return true;
}

/* Contract: see vrrp_route_conf.h. */
bool conf_route_tos(struct conf_ctx *ctx, const struct conf_token *t, uint8_t *out)
{
	uint32_t v;
	if (!conf_rt_lookup("rt_dsfield", t->text, 255, &v)) {
		conf_error(ctx, t, "TOS value %s is invalid", t->text);
		return false;
	}
	*out = (uint8_t)v;
	return true;
}

/* encap ip|ip6 KEY VALUE...: the pairs keepalived 2.2.7 reads (it stops
 * at the first other word); *i ends on the last value. ip: id dst src tos
 * ttl flags; ip6: id dst src tc hoplimit flags. mpls and ila are not
 * supported (libnl-route 3.7 and this kernel lack them): an error. */
static bool read_encap(struct conf_ctx *ctx, const struct conf_args *args, size_t *i, struct route_encap *e)
{
	const struct conf_token *t = &args->argv[*i];
	bool ip6 = !strcmp(t->text, "ip6");
	if (strcmp(t->text, "ip") && !ip6) {
		conf_error_hard(ctx, t, "encap %s is not supported (only ip and ip6)", t->text);
		return false;
	}
	e->type = ip6 ? LWTUNNEL_ENCAP_IP6 : LWTUNNEL_ENCAP_IP;
	sa_family_t fam = ip6 ? AF_INET6 : AF_INET;
	while (*i + 2 < args->argc) {
		const char *k = args->argv[*i + 1].text;
		const struct conf_token *v = &args->argv[*i + 2];
		uint32_t n;
		char *end;
		bool ok = true;
		if (!strcmp(k, "id")) {
			e->id = strtoull(v->text, &end, 0);
			if (!(ok = v->text[0] >= '0' && v->text[0] <= '9' && !*end))
				conf_error(ctx, v, "encap id %s value is invalid", v->text);
			e->id_set = true;
		} else if (!strcmp(k, "dst") || !strcmp(k, "src")) {
			ok = conf_get_addr(ctx, v, "encap address", fam, !strcmp(k, "dst") ? &e->dst : &e->src);
		} else if (!strcmp(k, ip6 ? "tc" : "tos")) {
			ok = e->tos_set = conf_route_tos(ctx, v, &e->tos);
		} else if (!strcmp(k, ip6 ? "hoplimit" : "ttl")) {
			ok = e->ttl_set = conf_get_uint(ctx, v, k, 0, 255, &n);
			e->ttl = (uint8_t)n;
		} else if (!strcmp(k, "flags")) {
			ok = e->flags_set = conf_get_uint(ctx, v, "encap flags", 0, 65535, &n);
			e->flags = (uint16_t)n;
		} else {
			break;
		}
		if (!ok)
			return false;
		*i += 2;
	}
	if (!e->dst.family && !e->id_set) {
		conf_error(ctx, t, "address or id missing for %s encapsulation", t->text);
		return false;
	}
	return true;
}

/* The value of option o (at *i) into r; false: reported. */
static bool read_value(struct conf_ctx *ctx, const struct conf_args *args, size_t *i, const struct route_opt *o,
		       struct route_conf *r)
{
	const struct conf_token *name = &args->argv[*i];
	if (o->kind == OPT_HOW) {
		r->how = (uint8_t)o->rtax;
		return true;
	}
	if (*i + 1 < args->argc && o->lock && !strcmp(args->argv[*i + 1].text, "lock")) {
		r->lock |= 1u << o->rtax;
		++*i;
	}
	if (*i + 1 >= args->argc) {
		conf_error(ctx, name, "'%s' needs a value", name->text);
		return false;
	}
	const struct conf_token *t = &args->argv[++*i];
	uint32_t v = 0, *m = o->rtax > 0 && o->rtax <= ROUTE_RTAX_MAX ? &r->metrics[o->rtax] : NULL;
	switch (o->kind) {
	case OPT_U32:
	case OPT_U8:
	case OPT_BOOL:
		if (!conf_get_uint(ctx, t, o->name, 0, o->kind == OPT_U32 ? UINT32_MAX : o->kind == OPT_U8 ? 255 : 1,
				   &v))
			return false;
		break;
	case OPT_RTT:
		if (!get_rtt(ctx, t, o->mult, &v)) {
			conf_error(ctx, t, "invalid %s %s for route", o->name, t->text);
			return false;
		}
		break;
	case OPT_CONGCTL:
		if (!conf_get_string(ctx, t, o->name, r->congctl, sizeof(r->congctl)))
			return false;
		r->metrics_set |= 1u << o->rtax;
		return true;
	case OPT_FEATURES:
		if (strcmp(t->text, "ecn")) {   /* keepalived 2.2.7 keeps the route */
			conf_warn(ctx, t, "feature %s not supported: ignored (as keepalived 2.2.7)", t->text);
			return true;
		}
		v = (*m) | RTAX_FEATURE_ECN;
		break;
	case OPT_TOS:
		return conf_route_tos(ctx, t, &r->tos);
	case OPT_REALMS:
		return conf_route_realms(ctx, t, &r->realms);
	case OPT_EXPIRES:
		if (!conf_get_uint(ctx, t, "expires", 0, UINT32_MAX, &r->expires))
			return false;
		r->expires_set = true;
		return true;
	case OPT_PREF: {
		static const struct { const char *n; uint8_t v; } p[] = {
			{ "low", ICMPV6_ROUTER_PREF_LOW }, { "medium", ICMPV6_ROUTER_PREF_MEDIUM },
			{ "high", ICMPV6_ROUTER_PREF_HIGH },
		};
		bool named = false;
		for (size_t k = 0; k < ARRAY_SIZE(p); k++)
			if (!strcmp(t->text, p[k].n)) {
				v = p[k].v;
				named = true;
			}
		if (!named && !conf_get_uint(ctx, t, "pref", 0, 255, &v))
			return false;
		r->pref = (uint8_t)v;
		r->pref_set = true;
		return true;
	}
	case OPT_TTL_PROP:
		if (!strcmp(t->text, "enabled") || !strcmp(t->text, "disabled"))
			r->ttl_propagate = t->text[0] == 'e' ? 1 : 2;
		else   /* keepalived 2.2.7: a message, and the route is kept */
			conf_warn(ctx, t, "ttl-propagate value %s not recognised: ignored", t->text);
		return true;
	case OPT_ENCAP:
		return read_encap(ctx, args, i, &r->encap);
	case OPT_HOW:
		break;
	}
	*m = v;
	r->metrics_set |= 1u << o->rtax;
	return true;
}

/* Contract: see vrrp_route_conf.h. keepalived 2.2.7 reads the interface
 * when it parses: so do we (the namespace -t or the daemon runs in). */
bool conf_route_vrf(struct conf_ctx *ctx, const struct conf_token *t, struct route_conf *r)
{
	/* the interfaces the checks see (struct conf_host): none of the
	 * file's net_namespace when it cannot be entered (-t), where its
	 * interfaces are not checked either; a unit test's list has no VRF */
	struct conf_host_if hi;
	if (!conf_host_visible(ctx))
		return true;
	if (!conf_iface(ctx, t->text, &hi)) {
		conf_error(ctx, t, "VRF %s not found for route", t->text);
		return false;
	}
	if (ctx->host) {
		conf_error(ctx, t, "Route specified VRF %s is not a VRF", t->text);
		return false;
	}
	struct nl_sock *sk = nl_socket_alloc();
	struct rtnl_link *link = NULL;
	uint32_t table = 0;
	int err = sk ? nl_connect(sk, NETLINK_ROUTE) : -NLE_NOMEM;
	if (err >= 0)
		err = rtnl_link_get_kernel(sk, (int)hi.index, NULL, &link);
	bool ok = link && rtnl_link_is_vrf(link) && rtnl_link_vrf_get_tableid(link, &table) >= 0;
	if (!link)
		conf_error(ctx, t, "VRF %s not found for route", t->text);
	else if (!ok)
		conf_error(ctx, t, "Route specified VRF %s is not a VRF", t->text);
	else
		r->table = table;
	if (link)
		rtnl_link_put(link);
	if (sk)
		nl_socket_free(sk);
	return ok;
}

/* Contract: see vrrp_route_conf.h. */
int conf_route_opt(struct conf_ctx *ctx, const struct conf_args *args, size_t *i, struct route_conf *r)
{
	for (size_t k = 0; k < ARRAY_SIZE(opts); k++)
		if (!strcmp(args->argv[*i].text, opts[k].name))
			return read_value(ctx, args, i, &opts[k], r) ? 1 : -1;
	return 0;
}
