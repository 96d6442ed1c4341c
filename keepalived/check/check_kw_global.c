/* check_kw_global.c - the checker's keywords outside virtual servers:
 *   global_defs: lvs_sync_daemon, lvs_flush, lvs_flush_onstop (also spelt
 *   lvs_flush_on_stop) [VS], lvs_timeouts, lvs_notify_fifo(_script),
 *   nftables_ipvs [TABLE], nftables_ipvs_priority, nftables_ipvs_start_fwmark,
 *   reached through conf_global_block's `more`;
 *   top level: SSL { password ca certificate key } (conf_check_top_keywords).
 * They fill config->checker (struct check_global_conf, check_conf.h).
 * Tables are sorted by strcmp() (a unit test checks it).
 */
#include "check_kw.h"
#include "util.h"

#include <arpa/inet.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define G(ctx) check_global_of(conf_ctx_config(ctx))

/* lvs_sync_daemon IFACE [[inst] INSTANCE] [id N] [maxlen N] [port N] [ttl N] [group ADDR],
 * as keepalived 2.2.7 reads it: each option on its own - a bad or missing
 * value, or an unknown word, is skipped with a warning and the rest kept
 * (the daemon runs with the kernel's default there; a bad id is the
 * instance's VRID); the old form IFACE INSTANCE SYNCID takes the number
 * with a warning; a second line is ignored. Each sync_* helper reads one
 * option; false means the whole line is dropped (an error was given). */

/* The numeric options and the field each fills. */
static const struct sync_num {
	const char *name;
	uint32_t min, max;
	size_t off;
} sync_nums[] = {
	{ "id", 0, 255, offsetof(struct lvs_sync_conf, syncid) },
	{ "maxlen", 1, 65535 - 20 - 8, offsetof(struct lvs_sync_conf, maxlen) },
	{ "port", 1, 65535, offsetof(struct lvs_sync_conf, port) },
	{ "ttl", 1, 255, offsetof(struct lvs_sync_conf, ttl) },
};

static const struct sync_num *sync_num_of(const char *k)
{
	for (size_t n = 0; n < ARRAY_SIZE(sync_nums); n++)
		if (!strcmp(k, sync_nums[n].name))
			return &sync_nums[n];
	return NULL;
}

/* inst INSTANCE (v: its value, NULL when the line ends). */
static bool sync_inst(struct conf_ctx *c, struct lvs_sync_conf *s, const struct conf_token *k,
		      const struct conf_token *v)
{
	if (!v) {   /* 2.2.7 reads the missing word and stops (exit 2) */
		conf_error(c, k, "lvs_sync_daemon: inst needs a value");
		return false;
	}
	if (s->instance[0]) {
		conf_warn(c, v, "lvs_sync_daemon instance already given as %s: %s ignored", s->instance, v->text);
		return true;
	}
	return conf_get_string(c, v, "lvs_sync_daemon instance", s->instance, sizeof(s->instance));
}

/* group ADDR: a multicast address, else ignored. */
static void sync_group(struct conf_ctx *c, struct lvs_sync_conf *s, const struct conf_token *v)
{
	struct ka_addr ga;
	memset(&ga, 0, sizeof(ga));
	ka_addr_parse(v->text, 0, &ga);
	if ((ga.family == AF_INET && IN_MULTICAST(ntohl(ga.u.v4.s_addr))) ||
	    (ga.family == AF_INET6 && IN6_IS_ADDR_MULTICAST(&ga.u.v6)))
		s->group = ga;
	else
		conf_warn(c, v, "lvs_sync_daemon group must be a multicast address, got %s: ignored, as "
			  "keepalived 2.2.7 ignores it", v->text);
}

/* id / maxlen / port / ttl N (num), or group ADDR (num NULL); v NULL when
 * the line ends: skipped with a warning. */
static void sync_value(struct conf_ctx *c, struct lvs_sync_conf *s, const struct sync_num *num,
		       const struct conf_token *k, const struct conf_token *v)
{
	const char *dflt = num == &sync_nums[0] ? "the instance's VRID is used" : "ignored";
	uint32_t val;
	if (!v)
		conf_warn(c, k, "lvs_sync_daemon: no value for %s: %s, as keepalived 2.2.7 does", k->text, dflt);
	else if (!num)
		sync_group(c, s, v);
	else if (conf_value_uint(v->text, num->min, num->max, &val))
		*(uint32_t *)((char *)s + num->off) = val;
	else
		conf_warn(c, v, "lvs_sync_daemon %s must be %u..%u, got %s: %s, as keepalived 2.2.7 does",
			  k->text, num->min, num->max, v->text, dflt);
}

/* A word that is no option: the old form IFACE INSTANCE [SYNCID] at
 * argument 2 and 3 (pos), else unknown. */
static bool sync_old_form(struct conf_ctx *c, struct lvs_sync_conf *s, const struct conf_token *k, size_t pos)
{
	uint32_t val;
	if (pos == 2)
		return conf_get_string(c, k, "lvs_sync_daemon instance", s->instance, sizeof(s->instance));
	if (pos == 3 && conf_value_uint(k->text, 0, 255, &val)) {
		conf_warn(c, k, "lvs_sync_daemon: use 'id %s' for the sync id (read as that, as "
			  "keepalived 2.2.7 reads it)", k->text);
		s->syncid = val;
	} else if (pos == 3) {
		conf_warn(c, k, "lvs_sync_daemon: invalid sync id %s: the instance's VRID is used, "
			  "as keepalived 2.2.7 does", k->text);
	} else {
		conf_warn(c, k, "lvs_sync_daemon: unknown option %s: ignored, as keepalived 2.2.7 ignores it",
			  k->text);
	}
	return true;
}

/* The option at argument *i (and its value, which *i then passes). */
static bool sync_option(struct conf_ctx *c, struct lvs_sync_conf *s, const struct conf_args *a, size_t *i)
{
	const struct conf_token *k = &a->argv[*i];
	const struct conf_token *v = *i + 1 < a->argc ? &a->argv[*i + 1] : NULL;
	const struct sync_num *num = sync_num_of(k->text);
	bool inst = !strcmp(k->text, "inst");
	if (!inst && !num && strcmp(k->text, "group") != 0)
		return sync_old_form(c, s, k, *i);
	*i += v != NULL;
	if (inst)
		return sync_inst(c, s, k, v);
	sync_value(c, s, num, k, v);
	return true;
}

static void kw_sync_daemon(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	if (G(c)->sync.enabled) {
		conf_warn(c, &a->argv[0], "lvs_sync_daemon has already been given (%s:%d): this line is ignored, as "
			  "keepalived 2.2.7 ignores it", G(c)->sync.origin.file, G(c)->sync.origin.line);
		return;
	}
	if (strlen(a->argv[1].text) >= IFNAMSIZ) {
		conf_warn(c, &a->argv[1], "lvs_sync_daemon interface name '%s' too long: the line is ignored, as "
			  "keepalived 2.2.7 ignores it", a->argv[1].text);
		return;
	}
	struct lvs_sync_conf s;
	memset(&s, 0, sizeof(s));
	s.syncid = CHECK_UNSET;
	str_copy(s.ifname, sizeof(s.ifname), a->argv[1].text);
	for (size_t i = 2; i < a->argc; i++)
		if (!sync_option(c, &s, a, &i))
			return;
	s.enabled = true;
	s.origin = conf_origin_of(&a->argv[0]);
	G(c)->sync = s;
}

static void kw_flush(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	G(c)->flush = true;
}

/* lvs_flush_onstop [VS] */
static void kw_flush_onstop(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	if (a->argc > 1 && strcmp(a->argv[1].text, "VS") != 0) {
		conf_error(c, &a->argv[1], "%s takes nothing or VS, got %s", a->argv[0].text, a->argv[1].text);
		return;
	}
	G(c)->flush_onstop = true;
	G(c)->flush_onstop_vs = a->argc > 1;
}

/* lvs_timeouts [tcp SECS] [tcpfin SECS] [udp SECS], as keepalived 2.2.7
 * reads it: each option on its own - a bad or missing value, or an
 * unknown word, is skipped with a warning and the others are kept; an
 * option not given keeps what an earlier line set. 0..31 days (0: the
 * kernel's value is left alone). */
static void kw_timeouts(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	static const char *const names[] = { "tcp", "tcpfin", "udp" };
	uint32_t *slot[] = { &G(c)->timeout_tcp, &G(c)->timeout_tcpfin, &G(c)->timeout_udp };
	if (a->argc < 3) {
		conf_warn(c, &a->argv[0], "lvs_timeouts requires at least one option: ignored");
		return;
	}
	for (size_t i = 1; i < a->argc; i++) {
		size_t k = 0;
		while (k < 3 && strcmp(a->argv[i].text, names[k]) != 0)
			k++;
		if (k == 3) {
			conf_warn(c, &a->argv[i], "Unknown option %s specified for lvs_timeouts: ignored", a->argv[i].text);
			continue;
		}
		if (i + 1 == a->argc) {
			conf_warn(c, &a->argv[i], "No value specified for lvs_timeout %s - ignoring", names[k]);
			continue;
		}
		uint32_t v;
		if (conf_value_uint(a->argv[i + 1].text, 0, 86400 * 31, &v))
			*slot[k] = v;
		else
			conf_warn(c, &a->argv[i + 1], "Invalid lvs_timeout %s (%s) - ignoring (0..2678400)", names[k],
				  a->argv[i + 1].text);
		i++;
	}
}

/* lvs_notify_fifo FIFO [user [group]] (the FIFO is written by the checker
 * itself, as keepalived's; user/group only matter for a script) */
static void kw_notify_fifo(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	free(G(c)->notify_fifo);
	G(c)->notify_fifo = xstrdup(a->argv[1].text);
}

static void kw_notify_fifo_script(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	free(G(c)->notify_fifo_script);
	G(c)->notify_fifo_script = xstrdup(a->argv[1].text);
}

/* Contract: see check_conf.h. */
void check_conf_instance_sync_daemon(struct conf_ctx *c, const struct conf_args *a, const char *instance)
{
	if (G(c)->sync.enabled) {
		conf_warn(c, &a->argv[0], "lvs_sync_daemon_interface ignored: lvs_sync_daemon is already set");
		return;
	}
	struct lvs_sync_conf s;
	memset(&s, 0, sizeof(s));
	s.syncid = CHECK_UNSET;
	if (!conf_get_string(c, &a->argv[1], "lvs_sync_daemon_interface", s.ifname, sizeof(s.ifname)))
		return;
	str_copy(s.instance, sizeof(s.instance), instance);
	s.enabled = true;
	s.origin = conf_origin_of(&a->argv[0]);
	G(c)->sync = s;
	conf_warn(c, &a->argv[0], "lvs_sync_daemon_interface in a vrrp_instance is deprecated (as in keepalived): "
		  "it means 'lvs_sync_daemon %s inst %s' in global_defs", s.ifname, instance);
}

/* rs_init_notifies [BOOL]: a real server that starts up (added alive at start,
 * or new in a reload) runs its notify_up and is written to the notify FIFOs,
 * as when it comes up later (check_vs.c vs_rt_start()) */
static void kw_rs_init_notifies(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	conf_get_bool(c, a, 1, &G(c)->rs_init_notifies);
}

/* nftables_ipvs [TABLE]: a virtual_server_group's addresses are marked by
 * an nftables table (check_nft.c) and its virtual servers are one fwmark
 * service each. A table name nft accepts; keepalived 2.2.7 ignores words
 * after it. */
static void kw_nft_ipvs(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	struct check_global_conf *g = G(c);
	g->nft_ipvs = true;
	if (a->argc < 2)
		return;
	const struct conf_token *t = &a->argv[1];
	if (!conf_value_nft_name(t->text, g->nft_table, sizeof(g->nft_table))) {
		conf_error(c, t, "nftables_ipvs table name must be 1..%zu letters, digits, '_', '-' or '.', got %s",
			   sizeof(g->nft_table) - 1, t->text);
		str_copy(g->nft_table, sizeof(g->nft_table), CHECK_NFT_TABLE);
	}
}

/* nftables_ipvs_priority N (a signed 32-bit number); keepalived 2.2.7 skips
 * another value with a warning ("invalid ipvs nftables chain priority"). */
static void kw_nft_ipvs_priority(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	const struct conf_token *t = &a->argv[1];
	if (!conf_value_int32(t->text, &G(c)->nft_priority))
		conf_warn(c, t, "invalid nftables_ipvs_priority '%s' - ignoring", t->text);
}

/* nftables_ipvs_start_fwmark N (1..4294967295); another value is skipped
 * with a warning, as keepalived 2.2.7 skips it. */
static void kw_nft_ipvs_start_fwmark(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	if (!conf_value_uint(a->argv[1].text, 1, UINT32_MAX, &G(c)->nft_start_fwmark))
		conf_warn(c, &a->argv[1], "nftables_ipvs_start_fwmark must be 1..%u, got %s: ignored (as keepalived "
			  "2.2.7)", UINT32_MAX, a->argv[1].text);
}

static const struct conf_keyword global_keywords[] = {
	{ "lvs_flush", 0, 0, kw_flush, NULL, NULL },
	{ "lvs_flush_on_stop", 0, 1, kw_flush_onstop, NULL, NULL },
	{ "lvs_flush_onstop", 0, 1, kw_flush_onstop, NULL, NULL },
	{ "lvs_notify_fifo", 1, 3, kw_notify_fifo, NULL, NULL, .skip_missing = true },
	{ "lvs_notify_fifo_script", 1, 3, kw_notify_fifo_script, NULL, NULL, .skip_missing = true },
	{ "lvs_sync_daemon", 1, CONF_ARGS_ANY, kw_sync_daemon, NULL, NULL, .skip_missing = true },
	{ "lvs_timeouts", 0, CONF_ARGS_ANY, kw_timeouts, NULL, NULL, .skip_bad = true },
	{ "nftables_ipvs", 0, 1, kw_nft_ipvs, NULL, NULL },
	{ "nftables_ipvs_priority", 1, 1, kw_nft_ipvs_priority, NULL, NULL },
	{ "nftables_ipvs_start_fwmark", 1, 1, kw_nft_ipvs_start_fwmark, NULL, NULL },
	{ "rs_init_notifies", 0, 1, kw_rs_init_notifies, NULL, NULL },
};
const struct conf_block check_global_block = {
	.name = "global_defs", .keywords = global_keywords, .n_keywords = ARRAY_SIZE(global_keywords),
};

/* ---- SSL { } ------------------------------------------------------------------- */

static void set_str(char **dst, const struct conf_args *a)
{
	free(*dst);
	*dst = xstrdup(a->argv[1].text);
}

static void kw_ssl_password(struct conf_ctx *c, void *obj, const struct conf_args *a) { set_str(&G(c)->ssl_password, a); }
static void kw_ssl_ca(struct conf_ctx *c, void *obj, const struct conf_args *a) { set_str(&G(c)->ssl_ca, a); }
static void kw_ssl_cert(struct conf_ctx *c, void *obj, const struct conf_args *a) { set_str(&G(c)->ssl_certificate, a); }
static void kw_ssl_key(struct conf_ctx *c, void *obj, const struct conf_args *a) { set_str(&G(c)->ssl_key, a); }

static const struct conf_keyword ssl_keywords[] = {
	{ "ca", 1, 1, kw_ssl_ca, NULL, NULL },
	{ "certificate", 1, 1, kw_ssl_cert, NULL, NULL },
	{ "key", 1, 1, kw_ssl_key, NULL, NULL },
	{ "password", 1, 1, kw_ssl_password, NULL, NULL },
};
const struct conf_block check_ssl_conf_block = {
	.name = "SSL", .keywords = ssl_keywords, .n_keywords = ARRAY_SIZE(ssl_keywords),
};

void *check_ssl_open(struct conf_ctx *c, void *parent, const struct conf_args *a)
{
	G(c)->has_ssl = true;
	G(c)->ssl_origin = conf_origin_of(&a->argv[0]);
	return G(c);
}

/* ---- field table ---------------------------------------------------------------- */

#define S struct lvs_sync_conf
static const struct conf_field sync_rows[] = {
	CF_B(S, enabled),
	CF_SBUF(S, ifname),
	CF_SBUF(S, instance),
	CF_UANY(S, syncid),
	CF_U(S, maxlen, 0, 65507),
	CF_U(S, port, 0, 65535),
	CF_U(S, ttl, 0, 255),
	CF_A(S, group, CF_OPTIONAL),
	CF_ORIGIN(S, origin),
};
#undef S
static const struct conf_struct_desc sync_desc = CF_DESC(struct lvs_sync_conf, 0, sync_rows, NULL);

#define C struct check_global_conf
static const struct conf_field global_rows[] = {
	CF_SUB(C, sync, sync_desc, 0),
	CF_B(C, flush),
	CF_B(C, flush_onstop),
	CF_B(C, flush_onstop_vs),
	CF_UANY(C, timeout_tcp),
	CF_UANY(C, timeout_tcpfin),
	CF_UANY(C, timeout_udp),
	CF_S(C, notify_fifo),
	CF_SCR(C, notify_fifo_script),
	CF_B(C, no_vrrp_instance),
	CF_B(C, rs_init_notifies),
	CF_B(C, nft_ipvs),
	CF_SBUF(C, nft_table),
	CF_I(C, nft_priority, INT32_MIN, INT32_MAX),
	CF_U(C, nft_start_fwmark, 1, UINT32_MAX),
	CF_B(C, has_ssl),
	CF_ORIGIN(C, ssl_origin),
	CF_S(C, ssl_password),
	CF_S(C, ssl_ca),
	CF_S(C, ssl_certificate),
	CF_S(C, ssl_key),
	CF_S(C, ssl_ca_pem),
	CF_S(C, ssl_certificate_pem),
	CF_S(C, ssl_key_pem),
};
#undef C
#define CHECK_GLOBAL_MAGIC 0x4b414347u   /* "KACG" */
const struct conf_struct_desc check_global_conf_desc =
	CF_DESC(struct check_global_conf, CHECK_GLOBAL_MAGIC, global_rows, NULL);
