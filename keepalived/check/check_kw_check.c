/* check_kw_check.c - what every check block shares: the real_server
 * keywords that open a check (check_types.c builds them from
 * CHECK_TYPE_LIST), the connection options (check_conn_block) and the
 * timing options (check_timing_block) that each type's block reaches
 * through its `more`, and the generic setters of check_kw.h.
 *
 * Tables are sorted by strcmp() (a unit test checks it).
 */
#include "check_kw.h"
#include "check_type.h"
#include "log.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kw_set_timer(struct conf_ctx *ctx, void *obj, const struct conf_args *a)
{
	uint32_t *out = (uint32_t *)((char *)obj + a->kw->off);
	kw_timer(ctx, a, (uint32_t)a->kw->min, out);
}

void kw_set_bool_u32(struct conf_ctx *ctx, void *obj, const struct conf_args *a)
{
	kw_bool_u32(ctx, a, (uint32_t *)((char *)obj + a->kw->off));
}

#define C struct check_conf

/* retry N in a check: 0..CHECK_RETRY_MAX, another value skipped. */
static void kw_check_retry(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	kw_retry(c, a, 0, &((C *)obj)->retry);
}

/* nb_get_retry: keepalived 2.2.7 reads it in HTTP_GET and SSL_GET only,
 * as retry with "nb_get_retry is deprecated - please use 'retry'"; in
 * another check it does not know it. */
static void kw_check_nb_get_retry(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	enum check_type t = ((C *)obj)->type;
	if (t != CHECK_HTTP && t != CHECK_SSL) {
		kw_nb_get_retry_unknown(c, obj, a);
		return;
	}
	conf_warn(c, &a->argv[0], "nb_get_retry is deprecated - please use 'retry' (read as retry, as keepalived "
		  "2.2.7 reads it)");
	if (a->argc > 1)
		kw_check_retry(c, obj, a);
}

static void kw_bind_if(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	conf_get_string(c, &a->argv[1], "bind_if", ((C *)obj)->bind_if, sizeof(((C *)obj)->bind_if));
}

/* The family of the real server whose check block is being read
 * (check_block_open() sets it; one configuration is read at a time). */
static sa_family_t open_rs_family;

/* bindto and connect_ip as keepalived 2.2.7 reads them (not in SMTP_CHECK):
 * a bindto of another family than where the check connects by then (its
 * connect_ip, else the real server), or a connect_ip of another family
 * than an earlier bindto, is skipped with a warning ("bindto address X
 * does not match address family of connect_ip - skipping", -t exits 5);
 * the check runs without it. Ours kept it and the check could never
 * connect (a bind of the other family). */
static void kw_conn_addr(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	C *chk = obj;
	bool bindto = strcmp(a->argv[0].text, "bindto") == 0;
	struct ka_addr *at = bindto ? &chk->bindto : &chk->connect_ip, old = *at;
	conf_set_addr(c, obj, a);
	if (chk->type == CHECK_SMTP || at->family == old.family)
		return;
	sa_family_t other = bindto ? (chk->connect_ip.family ? chk->connect_ip.family : open_rs_family)
				   : chk->bindto.family;
	if (!other || !at->family || at->family == other)
		return;
	conf_warn(c, &a->argv[1], "%s address %s does not match the address family of %s - skipping, as "
		  "keepalived 2.2.7 skips it", a->argv[0].text, a->argv[1].text,
		  bindto ? (chk->connect_ip.family ? "connect_ip" : "the real server") : "bindto");
	*at = old;
}

static const struct conf_keyword timing_keywords[] = {
	CHECK_KW_BOOL_U32("alpha", C, alpha),
	CHECK_KW_TIMER("delay_before_retry", C, delay_before_retry_ms, 0),
	CHECK_KW_TIMER("delay_loop", C, delay_loop_ms, 1),
	CONF_KW_UINT("fall", C, fall, 1, 1000),
	CONF_KW_BOOL("log_all_failures", C, log_all_failures),
	{ "nb_get_retry", 0, CONF_ARGS_ANY, kw_check_nb_get_retry, NULL, NULL },
	{ "retry", 1, 1, kw_check_retry, NULL, NULL },
	CONF_KW_UINT("rise", C, rise, 1, 1000),
	CHECK_KW_TIMER("warmup", C, warmup_ms, 0),
};
const struct conf_block check_timing_block = {
	.name = "check", .keywords = timing_keywords, .n_keywords = ARRAY_SIZE(timing_keywords),
};

static const struct conf_keyword conn_keywords[] = {
	{ "bind_if", 1, 1, kw_bind_if, NULL, NULL },
	CONF_KW_UINT("bind_port", C, bind_port, 1, 65535),
	/* 2.2.7: "Invalid bindto address X - ignoring", the line skipped */
	{ "bindto", 1, 1, kw_conn_addr, NULL, NULL, CONF_KW_MEMBER(C, bindto), 0, 0, .skip_bad = true,
	  .value_required = true },
	{ "connect_ip", 1, 1, kw_conn_addr, NULL, NULL, CONF_KW_MEMBER(C, connect_ip), 0, 0, .skip_bad = true,
	  .value_required = true },
	CONF_KW_UINT("connect_port", C, connect_port, 1, 65535),
	CHECK_KW_TIMER("connect_timeout", C, connect_timeout_ms, 1),
	CONF_KW_UINT("fwmark", C, fwmark, 1, UINT32_MAX),
};
const struct conf_block check_conn_block = {
	.name = "check", .keywords = conn_keywords, .n_keywords = ARRAY_SIZE(conn_keywords),
	.more = &check_timing_block,
};

#undef C

/* TCP_CHECK { ... } and the others on a real server: append a check of
 * the type whose keyword opened the block. */
void *check_block_open(struct conf_ctx *c, void *parent, const struct conf_args *a)
{
	struct rs_conf *rs = parent;
	enum check_type t = CHECK_NONE;
	if (!rs)
		return NULL;
	for (size_t i = 1; i < check_types_count; i++)
		if (check_types[i] && strcmp(check_types[i]->name, a->argv[0].text) == 0)
			t = (enum check_type)i;
	if (t == CHECK_NONE)
		return NULL;
	open_rs_family = rs->addr.family;
	struct check_conf *chk = array_push(&rs->checks, &rs->n_checks, sizeof(*chk));
	check_conf_init(chk, t);
	chk->origin = conf_origin_of(&a->argv[0]);
	if (check_types[t]->conf_opened)
		check_types[t]->conf_opened(chk, rs);
	return chk;
}
