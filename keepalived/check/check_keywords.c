/* check_keywords.c - keyword tables and handlers for virtual_server and
 * real_server blocks. Check blocks (TCP_CHECK, HTTP_GET, ...) are in
 * check_kw_check.c, virtual_server_group in check_kw_group.c.
 *
 * Every table is sorted by strcmp() on the keyword (a unit test checks it).
 */
#include "check_kw.h"
#include "check_type.h"
#include "util.h"

#include <netinet/in.h>
#include <arpa/inet.h>
#include <linux/ip_vs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- shared value helpers (check_kw.h) ------------------------------------ */

/* A TIMER: seconds with up to 3 decimals, in milliseconds. keepalived
 * 2.2.7 reads connect_timeout up to UINT_MAX microseconds (4294.967295 s)
 * and the others (delay_loop, delay_before_retry, warmup) without a
 * useful limit: a larger number of seconds is 1000000 s (11.5 days) here,
 * with a notice (not counted: its -t exits 0), rather than skipped for
 * the default. */
#define TIMER_MAX_MS 1000000000u
bool kw_timer(struct conf_ctx *ctx, const struct conf_args *a, uint32_t min_ms, uint32_t *out)
{
	const struct conf_token *t = &a->argv[1];
	if (!strcmp(a->argv[0].text, "connect_timeout"))
		return conf_get_fixed(ctx, t, a->argv[0].text, 3, min_ms, UINT32_MAX / 1000, out);
	/* digits[.digits] of more than 1000000 s and less than 10^13 s (2.2.7:
	 * up to ULONG_MAX microseconds) */
	size_t whole = strspn(t->text, "0123456789");
	const char *frac = t->text + whole + (t->text[whole] == '.');
	bool plain = whole && whole <= 13 && strspn(frac, "0123456789") == strlen(frac) &&
		     (frac == t->text + whole || *frac);
	if (plain && (strtoull(t->text, NULL, 10) > TIMER_MAX_MS / 1000 ||
		      (strtoull(t->text, NULL, 10) == TIMER_MAX_MS / 1000 && strspn(frac, "0") != strlen(frac)))) {
		conf_notice(ctx, t, "%s %s s is longer than %u s: %u s is used (keepalived 2.2.7 takes it)",
			    a->argv[0].text, t->text, TIMER_MAX_MS / 1000, TIMER_MAX_MS / 1000);
		*out = TIMER_MAX_MS;
		return true;
	}
	return conf_get_fixed(ctx, t, a->argv[0].text, 3, min_ms, TIMER_MAX_MS, out);
}

/* An integer argument 1 into *out. */
bool kw_uint(struct conf_ctx *ctx, const struct conf_args *a, uint32_t min, uint32_t max, uint32_t *out)
{
	return conf_get_uint(ctx, &a->argv[1], a->argv[0].text, min, max, out);
}

/* Contract: see check_kw.h. */
void kw_retry(struct conf_ctx *ctx, const struct conf_args *a, uint32_t min, uint32_t *out)
{
	uint32_t v;     /* keepalived 2.2.7 takes 0..UINT_MAX ("5x" = 5 when running) */
	if (!conf_get_uint_lead(ctx, &a->argv[1], a->argv[0].text, 0, UINT32_MAX, &v))
		return;
	if (v < min || v > CHECK_RETRY_MAX) {
		conf_warn(ctx, &a->argv[1], "%s must be %u..%u, got %s: ignored (as keepalived 2.2.7)",
			  a->argv[0].text, min, CHECK_RETRY_MAX, a->argv[1].text);
		return;
	}
	*out = v;
}

/* Contract: see check_kw.h. */
void kw_nb_get_retry_unknown(struct conf_ctx *ctx, void *obj, const struct conf_args *a)
{
	(void)obj;
	conf_warn(ctx, &a->argv[0], "nb_get_retry is ignored here, as keepalived 2.2.7 ignores it (\"Unknown "
		  "keyword\"): it knows it only in HTTP_GET and SSL_GET; use retry");
}

/* Replace a heap string with the arguments from index 1 joined. */
void kw_script(char **dst, const struct conf_args *a)
{
	free(*dst);
	*dst = conf_join_args(a, 1);
}

/* NAT|DR|TUN [tunnel options ignored]; also the old spelling "lb_kind".
 * Another name (FNAT of some forks, a typo, and "dr" or "tun": keepalived
 * 2.2.7 compares the case too) is skipped with a warning and *out left as
 * it was, as keepalived 2.2.7 does ("unknown routing method"): unset, the
 * server is NAT with its warning "no forwarding method set". */
bool kw_method(struct conf_ctx *ctx, const struct conf_args *a, enum lvs_method *out)
{
	static const struct conf_choice methods[] = {
		{ "NAT", LVS_METHOD_NAT }, { "DR", LVS_METHOD_DR }, { "TUN", LVS_METHOD_TUN },
	};
	size_t i = 0;
	while (i < ARRAY_SIZE(methods) && strcmp(a->argv[1].text, methods[i].name) != 0)
		i++;
	if (i == ARRAY_SIZE(methods)) {
		conf_warn(ctx, &a->argv[1], "%s must be one of NAT DR TUN (upper case), got %s: ignored (as keepalived "
			  "2.2.7)", a->argv[0].text, a->argv[1].text);
		return false;
	}
	*out = (enum lvs_method)methods[i].value;
	if (a->argc > 2 && *out != LVS_METHOD_TUN)
		conf_warn(ctx, &a->argv[2], "%s: extra arguments ignored", a->argv[0].text);
	return true;
}

/* An optional boolean (alpha on|off, inhibit_on_failure [BOOL]) into a 0/1 u32. */
void kw_bool_u32(struct conf_ctx *ctx, const struct conf_args *a, uint32_t *out)
{
	bool b;
	if (conf_get_bool(ctx, a, 1, &b))
		*out = b;
}

/* "IP [PORT]" from argv[from], argv[from+1] into addr/port. */
bool kw_addr_port(struct conf_ctx *ctx, const struct conf_args *a, size_t from,
		  struct ka_addr *addr, uint16_t *port)
{
	uint32_t p = 0;
	if (!conf_get_addr_ka(ctx, &a->argv[from], a->argv[0].text, 0, addr))
		return false;
	if (a->argc > from + 1 && !conf_get_uint(ctx, &a->argv[from + 1], "port", 0, 65535, &p))
		return false;
	*port = (uint16_t)p;
	return true;
}

/* The IP [PORT] of a virtual_server or real_server line, read as keepalived
 * 2.2.7 reads it (inet_stosockaddr()): the family is IPv6 when the word has
 * a ':'; what follows a '-' or a '/' in it (a range, a mask) is dropped; a
 * port of zeros is no port, another must be 1..65535. Anything else is not
 * an error there: "Invalid virtual server IP address/port X/Y - skipping",
 * and the whole block is skipped (the rest of the file runs). The same
 * here, with a warning: false, and the caller skips the block. */
static bool vs_rs_addr_port(struct conf_ctx *c, const struct conf_args *a, const char *what,
			    struct ka_addr *addr, uint16_t *port)
{
	const char *ip = a->argv[1].text;
	const char *ps = a->argc > 2 ? a->argv[2].text : NULL;
	char buf[INET6_ADDRSTRLEN + 8];
	size_t n = strcspn(ip, "-/");
	uint32_t p = 0;
	struct ka_addr tmp;
	memset(&tmp, 0, sizeof(tmp));
	tmp.family = strchr(ip, ':') ? AF_INET6 : AF_INET;
	bool ok = n < sizeof(buf);
	if (ok) {
		memcpy(buf, ip, n);
		buf[n] = '\0';
		ok = inet_pton(tmp.family, buf, tmp.family == AF_INET ? (void *)&tmp.u.v4 : (void *)&tmp.u.v6) == 1;
	}
	if (ok && ps && ps[strspn(ps, "0")])
		ok = conf_value_uint(ps, 1, 65535, &p);
	if (!ok) {
		conf_warn(c, &a->argv[1], "%s %s%s%s: not an IP address and port: the block is skipped, as "
			  "keepalived 2.2.7 skips it", what, ip, ps ? " " : "", ps ? ps : "");
		return false;
	}
	*addr = tmp;
	*port = (uint16_t)p;
	return true;
}

/* ---- virtual_server keywords ----------------------------------------------- */

#define VS ((struct vs_conf *)obj)

static void kw_vs_delay_loop(struct conf_ctx *c, void *obj, const struct conf_args *a) { kw_timer(c, a, 1, &VS->delay_loop_ms); }
static void kw_vs_connect_timeout(struct conf_ctx *c, void *obj, const struct conf_args *a) { kw_timer(c, a, 1, &VS->connect_timeout_ms); }
static void kw_vs_delay_before_retry(struct conf_ctx *c, void *obj, const struct conf_args *a) { kw_timer(c, a, 0, &VS->delay_before_retry_ms); }
static void kw_vs_warmup(struct conf_ctx *c, void *obj, const struct conf_args *a) { kw_timer(c, a, 0, &VS->warmup_ms); }
static void kw_vs_retry(struct conf_ctx *c, void *obj, const struct conf_args *a) { kw_retry(c, a, 1, &VS->retry); }
static void kw_vs_rise(struct conf_ctx *c, void *obj, const struct conf_args *a) { kw_uint(c, a, 1, 1000, &VS->rise); }
static void kw_vs_fall(struct conf_ctx *c, void *obj, const struct conf_args *a) { kw_uint(c, a, 1, 1000, &VS->fall); }
/* quorum N: 0 is 1 with a warning, as keepalived 2.2.7 sets it ("Quorum 0
 * must be in [1, 4294967295]. Setting to 1.") */
static void kw_vs_quorum(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	if (!strcmp(a->argv[1].text, "0")) {
		conf_warn(c, &a->argv[1], "quorum must be 1..2147483647, got 0: 1 is used (as keepalived 2.2.7)");
		VS->quorum = 1;
		return;
	}
	conf_get_uint_lead(c, &a->argv[1], "quorum", 1, 0x7fffffff, &VS->quorum);
}
/* weight W (1..65535): the weight of its real servers that have none, as
 * keepalived 2.2.7's virtual_server weight (not of the sorry server). */
static void kw_vs_weight(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	conf_get_uint_lead(c, &a->argv[1], "weight", 1, 65535, &VS->weight);
}
static void kw_vs_hysteresis(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	conf_get_uint_lead(c, &a->argv[1], "hysteresis", 0, 0x7fffffff, &VS->hysteresis);
}
static void kw_vs_method(struct conf_ctx *c, void *obj, const struct conf_args *a) { kw_method(c, a, &VS->method); }

/* sorry_server_lvs_method / sorry_server_inhibit set the sorry server that
 * a sorry_server line before them made: keepalived 2.2.7 ignores them
 * before or without one ("sorry_server forwarding used without
 * sorry_server", "Ignoring sorry_server inhibit used before or without
 * sorry_server"; -t exits 5), so the sorry server written after them
 * forwards by the virtual server's lb_kind and is not inhibited. */
static bool sorry_before(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	if (VS->has_sorry)
		return true;
	conf_warn(c, &a->argv[0], "%s before or without sorry_server: ignored, as keepalived 2.2.7 ignores it",
		  a->argv[0].text);
	return false;
}
static void kw_vs_sorry_method(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	if (sorry_before(c, obj, a))
		kw_method(c, a, &VS->sorry.method);
}

static void kw_vs_bool(struct conf_ctx *c, const struct conf_args *a, bool *out)
{
	bool b;
	if (conf_get_bool(c, a, 1, &b))
		*out = b;
}
static void kw_vs_alpha(struct conf_ctx *c, void *obj, const struct conf_args *a) { kw_vs_bool(c, a, &VS->alpha); }
static void kw_vs_omega(struct conf_ctx *c, void *obj, const struct conf_args *a) { kw_vs_bool(c, a, &VS->omega); }
static void kw_vs_ha_suspend(struct conf_ctx *c, void *obj, const struct conf_args *a) { kw_vs_bool(c, a, &VS->ha_suspend); }
static void kw_vs_inhibit(struct conf_ctx *c, void *obj, const struct conf_args *a) { kw_vs_bool(c, a, &VS->inhibit_on_failure); }
static void kw_vs_sorry_inhibit(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	if (sorry_before(c, obj, a))
		kw_vs_bool(c, a, &VS->sorry_server_inhibit);
}
static void kw_vs_ops(struct conf_ctx *c, void *obj, const struct conf_args *a) { kw_vs_bool(c, a, &VS->ops); }
static void kw_vs_smtp_alert(struct conf_ctx *c, void *obj, const struct conf_args *a) { kw_bool_u32(c, a, &VS->smtp_alert); }

/* flag-1/2/3 set the scheduler flags whatever the scheduler; sh-port,
 * sh-fallback, mh-port and mh-fallback (the same flags) only when the
 * lb_algo read before them is sh or mh: keepalived 2.2.7 ignores them
 * otherwise ("sh-port only applies to sh scheduler - ignoring", -t exits
 * 5), so "sh-port" written before "lb_algo sh" hashes without the port. */
static void kw_vs_flag(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	const char *k = a->argv[0].text;
	if (strncmp(k, "flag-", 5) != 0 && strcmp(VS->sched, "sh") != 0 && strcmp(VS->sched, "mh") != 0) {
		conf_warn(c, &a->argv[0], "%s only applies to the sh and mh schedulers (lb_algo before it: %s): "
			  "ignored, as keepalived 2.2.7 ignores it", k, VS->sched[0] ? VS->sched : "none");
		return;
	}
	if (strcmp(k, "flag-1") == 0 || strcmp(k, "sh-fallback") == 0 || strcmp(k, "mh-fallback") == 0)
		VS->sched_flags |= IP_VS_SVC_F_SCHED1;
	else if (strcmp(k, "flag-2") == 0 || strcmp(k, "sh-port") == 0 || strcmp(k, "mh-port") == 0)
		VS->sched_flags |= IP_VS_SVC_F_SCHED2;
	else
		VS->sched_flags |= IP_VS_SVC_F_SCHED3;
}

/* hashed: no effect here (IPVS hashes every service); keepalived 2.2.7
 * ignores it with a message unless the lb_algo before it is sh ("hashed
 * only applies to sh scheduler - ignoring", -t exits 5). */
static void kw_vs_hashed(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	if (strcmp(VS->sched, "sh") != 0 && strcmp(VS->sched, "mh") != 0) {
		conf_warn(c, &a->argv[0], "hashed only applies to the sh scheduler (lb_algo before it: %s): ignored, "
			  "as keepalived 2.2.7 ignores it", VS->sched[0] ? VS->sched : "none");
		return;
	}
	conf_kw_no_effect(c, obj, a);
}

static void kw_vs_sched(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	const char *s = a->argv[1].text;
	if (!lvs_sched_valid(s)) {
		/* keepalived 2.2.7: "Invalid lvs_scheduler - ignoring", then wlc */
		conf_warn(c, &a->argv[1], "%s must be one of rr wrr lc wlc lblc lblcr dh sh sed nq fo ovf mh, got %s: "
			  "ignored (as keepalived 2.2.7)", a->argv[0].text, s);
		return;
	}
	str_copy(VS->sched, sizeof(VS->sched), s);
}

/* persistence_timeout [SECONDS]: 1..2678400 (31 days) as keepalived 2.2.7;
 * another value is skipped with a warning and the service is not
 * persistent, as there ("persistence_timeout invalid"). */
static void kw_vs_persistence_timeout(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	uint32_t v = 360;
	if (a->argc > 1 && !conf_value_uint(a->argv[1].text, 1, 2678400, &v)) {
		/* read without ignore_error there: "30s" is skipped too */
		conf_warn(c, &a->argv[1], "persistence_timeout must be 1..2678400, got %s: ignored (as keepalived "
			  "2.2.7)", a->argv[1].text);
		return;
	}
	VS->persistent = true;
	VS->persistence_timeout_s = v;
}

/* persistence_engine NAME: the IPVS persistence engine (the kernel has "sip");
 * a name the kernel does not know is refused when the service is added */
static void kw_vs_persistence_engine(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	conf_get_string(c, &a->argv[1], "persistence_engine", VS->pe_name, sizeof(VS->pe_name));
}

/* persistence_granularity NETMASK (IPv4) | PREFIXLEN (IPv6). On a service
 * by address of the other form: an IPv6 one with a netmask, keepalived
 * 2.2.7 ignores the line ("Invalid IPv6 persistence_granularity
 * specified", -t 5); an IPv4 one with a prefix length, it reads "24" as
 * the netmask 0.0.0.24 (inet_aton(), silently) - ours would ignore it
 * unseen: both are warnings, the line ignored. */
static void kw_vs_persistence_granularity(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	const char *s = a->argv[1].text;
	struct in_addr m;
	uint32_t len;
	sa_family_t fam = VS->kind == VS_KIND_ADDR ? VS->addr.family : 0;
	if (fam && (fam == AF_INET6) == (strchr(s, '.') != NULL)) {
		conf_warn(c, &a->argv[1], "persistence_granularity %s on an %s virtual server: %s - ignored%s", s,
			  fam == AF_INET6 ? "IPv6" : "IPv4", fam == AF_INET6 ? "a prefix length is needed"
			  : "a netmask is needed (255.255.255.0 for /24)", fam == AF_INET6 ? ", as keepalived 2.2.7 "
			  "ignores it" : " (keepalived 2.2.7 takes the number as a netmask: 24 is 0.0.0.24)");
		return;
	}
	if (strchr(s, '.') && inet_pton(AF_INET, s, &m) == 1) {
		VS->persistence_netmask = m.s_addr;
	} else if (conf_get_uint(c, &a->argv[1], "persistence_granularity", 1, 128, &len)) {
		VS->persistence_netmask = len;   /* IPv6 prefix length */
	}
}

static void kw_vs_protocol(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	static const struct conf_choice protocols[] = {
		{ "TCP", IPPROTO_TCP }, { "UDP", IPPROTO_UDP }, { "SCTP", IPPROTO_SCTP },
	};
	int p;
	if (conf_get_choice(c, &a->argv[1], "protocol", protocols, ARRAY_SIZE(protocols), true, &p))
		VS->protocol = (uint16_t)p;
}

/* The family a virtual server has while its block is read, as keepalived
 * 2.2.7 knows it there: an address's, else an earlier ip_family's, else a
 * fwmark's first real server's that is not tunnelled; 0 when none yet. */
static sa_family_t vs_family_so_far(const struct vs_conf *vs)
{
	if (vs->kind == VS_KIND_ADDR)
		return vs->addr.family;
	if (vs->fwmark_family || vs->kind != VS_KIND_FWMARK)
		return vs->fwmark_family;
	for (size_t i = 0; i < vs->n_rs; i++) {
		enum lvs_method m = vs->rs[i].method != LVS_METHOD_UNSET ? vs->rs[i].method : vs->method;
		if (m != LVS_METHOD_TUN)
			return vs->rs[i].addr.family;
	}
	return 0;
}

/* ip_family inet|inet6: the family of a fwmark service. One that differs
 * from what the virtual server has by then (its address, an earlier
 * ip_family, an earlier real server) is ignored with a warning, as
 * keepalived 2.2.7 ignores it ("Virtual server specified family inet6
 * conflicts with server family", -t exits 5): the first says. */
static void kw_vs_ip_family(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	static const struct conf_choice families[] = { { "inet", AF_INET }, { "inet6", AF_INET6 } };
	int f;
	if (!conf_get_choice(c, &a->argv[1], "ip_family", families, ARRAY_SIZE(families), false, &f))
		return;
	sa_family_t now = vs_family_so_far(VS);
	if (now && now != f) {
		conf_warn(c, &a->argv[1], "ip_family %s conflicts with the virtual server's family (%s): ignored, as "
			  "keepalived 2.2.7 ignores it", a->argv[1].text, now == AF_INET6 ? "inet6" : "inet");
		return;
	}
	if (VS->kind != VS_KIND_ADDR)
		VS->fwmark_family = (sa_family_t)f;
}

static void kw_vs_virtualhost(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	free(VS->virtualhost);
	VS->virtualhost = xstrdup(a->argv[1].text);
}

static void kw_vs_sorry_server(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	if (!kw_addr_port(c, a, 1, &VS->sorry.addr, &VS->sorry.port))
		return;
	VS->has_sorry = true;
	VS->sorry.origin = conf_origin_of(&a->argv[0]);
}

/* ---- real_server keywords ---------------------------------------------------- */

#define RS ((struct rs_conf *)obj)

static void kw_rs_weight(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	uint32_t w;
	if (conf_get_uint_lead(c, &a->argv[1], "weight", 0, 65535, &w)) {
		RS->weight = (int32_t)w;
		RS->weight_set = true;
	}
}
static void kw_rs_method(struct conf_ctx *c, void *obj, const struct conf_args *a) { kw_method(c, a, &RS->method); }
static void kw_rs_inhibit(struct conf_ctx *c, void *obj, const struct conf_args *a) { kw_bool_u32(c, a, &RS->inhibit_on_failure); }
static void kw_rs_alpha(struct conf_ctx *c, void *obj, const struct conf_args *a) { kw_bool_u32(c, a, &RS->alpha); }
static void kw_rs_smtp_alert(struct conf_ctx *c, void *obj, const struct conf_args *a) { kw_bool_u32(c, a, &RS->smtp_alert); }
static void kw_rs_connect_timeout(struct conf_ctx *c, void *obj, const struct conf_args *a) { kw_timer(c, a, 1, &RS->connect_timeout_ms); }
static void kw_rs_delay_before_retry(struct conf_ctx *c, void *obj, const struct conf_args *a) { kw_timer(c, a, 0, &RS->delay_before_retry_ms); }
static void kw_rs_delay_loop(struct conf_ctx *c, void *obj, const struct conf_args *a) { kw_timer(c, a, 1, &RS->delay_loop_ms); }
static void kw_rs_warmup(struct conf_ctx *c, void *obj, const struct conf_args *a) { kw_timer(c, a, 0, &RS->warmup_ms); }
static void kw_rs_retry(struct conf_ctx *c, void *obj, const struct conf_args *a) { kw_retry(c, a, 1, &RS->retry); }
static void kw_rs_rise(struct conf_ctx *c, void *obj, const struct conf_args *a) { kw_uint(c, a, 1, 1000, &RS->rise); }
static void kw_rs_fall(struct conf_ctx *c, void *obj, const struct conf_args *a) { kw_uint(c, a, 1, 1000, &RS->fall); }
static void kw_rs_virtualhost(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	free(RS->virtualhost);
	RS->virtualhost = xstrdup(a->argv[1].text);
}

/* Sorted by strcmp (uppercase first). */
static const struct conf_keyword rs_keywords[] = {
	{ "alpha", 0, 1, kw_rs_alpha, NULL, NULL },
	{ "connect_timeout", 1, 1, kw_rs_connect_timeout, NULL, NULL },
	{ "delay_before_retry", 1, 1, kw_rs_delay_before_retry, NULL, NULL },
	{ "delay_loop", 1, 1, kw_rs_delay_loop, NULL, NULL },
	{ "fall", 1, 1, kw_rs_fall, NULL, NULL },
	{ "inhibit_on_failure", 0, 1, kw_rs_inhibit, NULL, NULL },
	CONF_KW_UINT("lthreshold", struct rs_conf, l_threshold, 0, INT32_MAX),
	{ "lvs_method", 1, CONF_ARGS_ANY, kw_rs_method, NULL, NULL },
	{ "nb_get_retry", 0, CONF_ARGS_ANY, kw_nb_get_retry_unknown, NULL, NULL },
	CONF_KW_NOTIFY("notify_down", struct rs_conf, notify_down),
	CONF_KW_NOTIFY("notify_up", struct rs_conf, notify_up),
	{ "retry", 1, 1, kw_rs_retry, NULL, NULL },
	{ "rise", 1, 1, kw_rs_rise, NULL, NULL },
	{ "smtp_alert", 0, 1, kw_rs_smtp_alert, NULL, NULL },
	CONF_KW_NO_EFFECT_SKIP("snmp_name"),   /* 2.2.7: "snmp_name missing or extra parameters" */
	CONF_KW_UINT("uthreshold", struct rs_conf, u_threshold, 0, INT32_MAX),
	{ "virtualhost", 1, 1, kw_rs_virtualhost, NULL, NULL, .skip_missing = true },
	{ "warmup", 1, 1, kw_rs_warmup, NULL, NULL },
	{ "weight", 1, 1, kw_rs_weight, NULL, NULL },
};
/* The check blocks (TCP_CHECK, HTTP_GET, ...) come from the table of check
 * types (check_types.c). */
const struct conf_block rs_block = { "real_server", rs_keywords, ARRAY_SIZE(rs_keywords), NULL, NULL,
				     &check_type_keywords_block };

/* real_server IP [PORT] { ... }: append a real server to the virtual server. */
static void *rs_open(struct conf_ctx *c, void *parent, const struct conf_args *a)
{
	struct vs_conf *vs = parent;
	struct rs_conf tmp;
	rs_conf_init(&tmp);
	if (!vs || a->argc < 2 || !vs_rs_addr_port(c, a, "real_server", &tmp.addr, &tmp.port))
		return NULL;
	tmp.origin = conf_origin_of(&a->argv[0]);
	struct rs_conf *rs = array_push(&vs->rs, &vs->n_rs, sizeof(*rs));
	*rs = tmp;
	return rs;
}

static const struct conf_keyword vs_keywords[] = {
	{ "alpha", 0, 1, kw_vs_alpha, NULL, NULL },
	{ "connect_timeout", 1, 1, kw_vs_connect_timeout, NULL, NULL },
	{ "delay_before_retry", 1, 1, kw_vs_delay_before_retry, NULL, NULL },
	{ "delay_loop", 1, 1, kw_vs_delay_loop, NULL, NULL },
	{ "fall", 1, 1, kw_vs_fall, NULL, NULL },
	{ "flag-1", 0, 0, kw_vs_flag, NULL, NULL },
	{ "flag-2", 0, 0, kw_vs_flag, NULL, NULL },
	{ "flag-3", 0, 0, kw_vs_flag, NULL, NULL },
	{ "ha_suspend", 0, 1, kw_vs_ha_suspend, NULL, NULL },
	{ "hashed", 0, CONF_ARGS_ANY, kw_vs_hashed, NULL, NULL },
	{ "hysteresis", 1, 1, kw_vs_hysteresis, NULL, NULL },
	{ "inhibit_on_failure", 0, 1, kw_vs_inhibit, NULL, NULL },
	{ "ip_family", 1, 1, kw_vs_ip_family, NULL, NULL, .skip_bad = true, .value_required = true },   /* 2.2.7: "unknown address family X" */
	{ "lb_algo", 1, 1, kw_vs_sched, NULL, NULL },
	{ "lb_kind", 1, CONF_ARGS_ANY, kw_vs_method, NULL, NULL },
	{ "lvs_method", 1, CONF_ARGS_ANY, kw_vs_method, NULL, NULL },
	{ "lvs_sched", 1, 1, kw_vs_sched, NULL, NULL },
	{ "mh-fallback", 0, 0, kw_vs_flag, NULL, NULL },
	{ "mh-port", 0, 0, kw_vs_flag, NULL, NULL },
	CONF_KW_OBSOLETE("nat_mask"),
	{ "nb_get_retry", 0, CONF_ARGS_ANY, kw_nb_get_retry_unknown, NULL, NULL },
	{ "omega", 0, 1, kw_vs_omega, NULL, NULL },
	{ "ops", 0, 1, kw_vs_ops, NULL, NULL },
	{ "persistence_engine", 1, 1, kw_vs_persistence_engine, NULL, NULL },
	{ "persistence_granularity", 1, 1, kw_vs_persistence_granularity, NULL, NULL },
	{ "persistence_timeout", 0, 1, kw_vs_persistence_timeout, NULL, NULL },
	{ "protocol", 1, 1, kw_vs_protocol, NULL, NULL, .skip_bad = true, .value_required = true },   /* 2.2.7: "Unknown protocol X - ignoring" */
	{ "quorum", 1, 1, kw_vs_quorum, NULL, NULL },
	CONF_KW_NOTIFY("quorum_down", struct vs_conf, quorum_down),
	CONF_KW_NOTIFY("quorum_up", struct vs_conf, quorum_up),
	{ "real_server", 1, 2, NULL, &rs_block, rs_open },
	{ "retry", 1, 1, kw_vs_retry, NULL, NULL },
	{ "rise", 1, 1, kw_vs_rise, NULL, NULL },
	{ "sh-fallback", 0, 0, kw_vs_flag, NULL, NULL },
	{ "sh-port", 0, 0, kw_vs_flag, NULL, NULL },
	{ "smtp_alert", 0, 1, kw_vs_smtp_alert, NULL, NULL },
	CONF_KW_NO_EFFECT_SKIP("snmp_name"),   /* 2.2.7: "snmp_name missing or extra parameters" */
	{ "sorry_server", 1, 2, kw_vs_sorry_server, NULL, NULL },
	{ "sorry_server_inhibit", 0, 1, kw_vs_sorry_inhibit, NULL, NULL },
	{ "sorry_server_lvs_method", 1, CONF_ARGS_ANY, kw_vs_sorry_method, NULL, NULL },
	{ "virtualhost", 1, 1, kw_vs_virtualhost, NULL, NULL, .skip_missing = true },
	{ "warmup", 1, 1, kw_vs_warmup, NULL, NULL },
	{ "weight", 1, 1, kw_vs_weight, NULL, NULL },
};

const struct conf_block vs_block = { "virtual_server", vs_keywords, ARRAY_SIZE(vs_keywords), NULL, NULL };

/* virtual_server IP [PORT] | fwmark N | group NAME: append a virtual server. */
static void *vs_open(struct conf_ctx *c, void *parent, const struct conf_args *a)
{
	struct config *conf = conf_ctx_config(c);
	struct vs_conf tmp;
	vs_conf_init(&tmp);
	if (a->argc < 2) {
		conf_error(c, &a->argv[0], "virtual_server needs IP PORT, fwmark N or group NAME");
		return NULL;
	}
	const char *k = a->argv[1].text;
	bool kw_form = strcmp(k, "fwmark") == 0 || strcmp(k, "group") == 0;
	if (a->argc > 3) {   /* keepalived 2.2.7 drops them silently (`IP PORT dev eth0`) */
		/* a notice (-t exits 0, as 2.2.7's) */
		conf_notice(c, &a->argv[3], "virtual_server: '%s' and what follows ignored, as keepalived 2.2.7 ignores "
			    "them", a->argv[3].text);
	}
	if (kw_form) {
		if (a->argc < 3) {
			conf_error(c, &a->argv[1], "virtual_server %s needs one argument", k);
			return NULL;
		}
		if (k[0] == 'f') {
			tmp.kind = VS_KIND_FWMARK;
			/* keepalived 2.2.7 skips the block of a fwmark that is no
			 * number (-t exits 5); fwmark 0 it keeps as a service of no
			 * address family, which IPVS refuses: skipped here too */
			if (!conf_value_uint(a->argv[2].text, 1, UINT32_MAX, &tmp.fwmark)) {
				uint32_t zero;
				if (conf_value_uint(a->argv[2].text, 0, 0, &zero))
					conf_warn(c, &a->argv[2], "virtual_server fwmark must be 1..%u, got %s: the block "
						  "is skipped (keepalived 2.2.7 keeps a service of no address family)",
						  UINT32_MAX, a->argv[2].text);
				else
					conf_warn(c, &a->argv[2], "virtual_server fwmark must be 1..%u, got %s: the block "
						  "is skipped, as keepalived 2.2.7 skips it", UINT32_MAX, a->argv[2].text);
				return NULL;
			}
		} else {
			tmp.kind = VS_KIND_GROUP;
			if (!conf_get_string(c, &a->argv[2], "group", tmp.group, sizeof(tmp.group)))
				return NULL;
		}
	} else {
		tmp.kind = VS_KIND_ADDR;
		if (!vs_rs_addr_port(c, a, "virtual_server", &tmp.addr, &tmp.port))
			return NULL;
	}
	tmp.origin = conf_origin_of(&a->argv[0]);
	struct vs_conf *vs = array_push(&conf->vs, &conf->n_vs, sizeof(*vs));
	*vs = tmp;
	return vs;
}

const struct conf_keyword conf_check_top_keywords[] = {
	{ "SSL", 0, 0, NULL, &check_ssl_conf_block, check_ssl_open },
	{ "virtual_server", 1, CONF_ARGS_ANY, NULL, &vs_block, vs_open },
	{ "virtual_server_group", 1, 1, NULL, &vsg_block, vsg_open },
};
const size_t conf_check_top_keywords_count = ARRAY_SIZE(conf_check_top_keywords);
