/* check_http_conf.c - HTTP_GET / SSL_GET configuration: the keyword blocks
 * (the check's and url { }), the field tables of struct http_check_conf and
 * struct url_conf, defaults and validation (regexes are compiled here once
 * so that a bad pattern is a file:line error). The engine is check_http.c.
 */
#include "check_kw.h"
#include "check_type.h"
#include "check_http_parse.h"
#include "check_regex.h"
#include "log.h"
#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define CHK ((struct check_conf *)obj)
#define URL ((struct url_conf *)obj)

/* ---- url { } ------------------------------------------------------------------------ */

static void kw_url_path(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	free(URL->path);
	URL->path = xstrdup(a->argv[1].text);
}

static int hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = tolower(ch);
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

/* A digest that is not 32 hexadecimal digits, or a second one in the same
 * url: keepalived 2.2.7 reports it ("digest '...' character length should
 * be 32", "Unable to interpret hex digit", "Digest '...' is a duplicate")
 * and runs with the url as it was (no digest / the first one): so do we,
 * with a warning (-t exits 5). Found by test/vm/corpus_run.sh. */
static void kw_url_digest(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	const char *s = a->argv[1].text;
	uint8_t d[16];
	if (URL->has_digest) {
		conf_warn(c, &a->argv[1], "url: a second digest (%s) is ignored, as keepalived 2.2.7 "
			  "ignores it (the first one is used)", s);
		return;
	}
	if (strlen(s) != 32)
		goto bad;
	for (int i = 0; i < 16; i++) {
		int h = hexval(s[2 * i]), l = hexval(s[2 * i + 1]);
		if (h < 0 || l < 0)
			goto bad;
		d[i] = (uint8_t)(h << 4 | l);
	}
	memcpy(URL->digest, d, sizeof(d));
	URL->has_digest = true;
	return;
bad:
	conf_warn(c, &a->argv[1], "digest must be 32 hexadecimal digits (an MD5 from genhash), got %s: "
		  "ignored, as keepalived 2.2.7 ignores it (the url is checked without a digest)", s);
}

static void kw_url_status(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	for (size_t i = 1; i < a->argc; i++) {
		const char *s = a->argv[i].text;
		char *end;
		unsigned long lo = strtoul(s, &end, 10), hi = lo;
		if (*end == '-')
			hi = strtoul(end + 1, &end, 10);
		if (end == s || *end || lo < 100 || hi > 599 || lo > hi) {
			/* keepalived 2.2.7: "Invalid HTTP_GET status code", the word skipped */
			conf_warn(c, &a->argv[i], "status_code must be a code or range in 100-599, got %s: ignored, "
				  "as keepalived 2.2.7 ignores it", s);
			continue;
		}
		for (unsigned long n = lo; n <= hi; n++)
			URL->status_bits[n / 8] |= (uint8_t)(1u << (n % 8));
		URL->has_status = true;
	}
}

static void kw_url_virtualhost(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	free(URL->virtualhost);
	URL->virtualhost = xstrdup(a->argv[1].text);
}

/* regex PATTERN: the words of the rest of the line, one space apart (a
 * pattern with spaces is best quoted). */
static void kw_url_regex(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	char *p = NULL;
	size_t n = 0;
	for (size_t i = 1; i < a->argc; i++)
		str_appendf(&p, &n, "%s%s", i > 1 ? " " : "", a->argv[i].text);
	free(URL->regex);
	URL->regex = p;
}

static void kw_url_regex_options(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	for (size_t i = 1; i < a->argc; i++) {
		uint32_t f;
		if (!http_regex_option(a->argv[i].text, &f)) {
			conf_error(c, &a->argv[i], "regex_options must be among %s, got %s",
				   http_regex_option_names(), a->argv[i].text);
			continue;
		}
		URL->regex_options |= f;
	}
}

/* regex_stack START MAX: the JIT stack's sizes. keepalived 2.2.7 takes one
 * number, or a start above the max, silently (-t 0), and these sizes only
 * tune the matching: one number is the start and the max here, a start
 * above the max is lowered to it (as pcre2_jit_stack_create() does), with
 * a notice. */
static void kw_url_regex_stack(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	uint32_t lo, hi;
	if (!conf_get_uint(c, &a->argv[1], "regex_stack start", 1, 1u << 30, &lo) ||
	    (a->argc > 2 && !conf_get_uint(c, &a->argv[2], "regex_stack max", 1, 1u << 30, &hi)))
		return;
	if (a->argc < 3) {
		conf_notice(c, &a->argv[1], "regex_stack %u: no max given - %u is the start and the max", lo, lo);
		hi = lo;
	}
	if (lo > hi) {
		conf_notice(c, &a->argv[1], "regex_stack: start %u is more than max %u - %u is used", lo, hi, hi);
		lo = hi;
	}
	URL->regex_stack_start = lo;
	URL->regex_stack_max = hi;
}

/* regex_max_offset N: the match may start at N at the latest (kept as N + 1). */
static void kw_url_regex_max(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	uint32_t v;
	if (conf_get_uint(c, &a->argv[1], "regex_max_offset", 0, HTTP_REGEX_BODY_MAX, &v))
		URL->regex_max_offset = v + 1;
}

static const struct conf_keyword url_keywords[] = {
	{ "digest", 1, 1, kw_url_digest, NULL, NULL },
	{ "path", 1, 1, kw_url_path, NULL, NULL },
	{ "regex", 1, CONF_ARGS_ANY, kw_url_regex, NULL, NULL },
	{ "regex_max_offset", 1, 1, kw_url_regex_max, NULL, NULL },
	CONF_KW_UINT("regex_min_offset", struct url_conf, regex_min_offset, 0, HTTP_REGEX_BODY_MAX),
	CONF_KW_FLAG("regex_no_match", struct url_conf, regex_no_match),
	{ "regex_options", 1, CONF_ARGS_ANY, kw_url_regex_options, NULL, NULL },
	{ "regex_stack", 1, 2, kw_url_regex_stack, NULL, NULL },
	{ "status_code", 1, CONF_ARGS_ANY, kw_url_status, NULL, NULL },
	{ "virtualhost", 1, 1, kw_url_virtualhost, NULL, NULL, .skip_missing = true },
};

static void url_close(struct conf_ctx *c, void *obj, const struct conf_token *brace)
{
	if (!URL->path)
		conf_error(c, brace, "url needs a path");
}

const struct conf_block url_block = { "url", url_keywords, ARRAY_SIZE(url_keywords), NULL, url_close, NULL };

/* ---- HTTP_GET / SSL_GET { } ------------------------------------------------------------ */

static void *url_open(struct conf_ctx *c, void *parent, const struct conf_args *a)
{
	struct check_conf *chk = parent;
	if (!chk)
		return NULL;
	return array_push(&chk->u.http.urls, &chk->u.http.n_urls, sizeof(struct url_conf));
}

static void kw_virtualhost(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	free(CHK->u.http.virtualhost);
	CHK->u.http.virtualhost = xstrdup(a->argv[1].text);
}

static void kw_enable_sni(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	bool b;
	if (CHK->type != CHECK_SSL) {   /* 2.2.7 sets it there silently: no TLS, no effect */
		if (!conf_get_bool(c, a, 1, &b))   /* 2.2.7: "Invalid enable_sni parameter X", warned */
			return;
		conf_notice(c, &a->argv[0], "enable_sni has no effect in HTTP_GET (no TLS): ignored, as keepalived "
			    "2.2.7 ignores it");
		return;
	}
	if (conf_get_bool(c, a, 1, &b))
		CHK->u.http.enable_sni = b;
}

static void kw_http_protocol(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	static const struct conf_choice protos[] = {
		{ "1.0", HTTP_PROTO_1_0 }, { "1.0C", HTTP_PROTO_1_0C }, { "1.0c", HTTP_PROTO_1_0C },
		{ "1.1", HTTP_PROTO_1_1 },
	};
	int p;
	if (conf_get_choice(c, &a->argv[1], "http_protocol", protos, ARRAY_SIZE(protos), false, &p))
		CHK->u.http.protocol = (uint32_t)p;
}

static const struct conf_keyword http_keywords[] = {
	{ "enable_sni", 0, 1, kw_enable_sni, NULL, NULL },
	CONF_KW_BOOL("fast_recovery", struct check_conf, u.http.fast_recovery),
	{ "http_protocol", 1, 1, kw_http_protocol, NULL, NULL, .skip_missing = true, .skip_bad = true },   /* 2.2.7: "Invalid http_protocol version X" */
	{ "url", 0, 0, NULL, &url_block, url_open },
	{ "virtualhost", 1, 1, kw_virtualhost, NULL, NULL, .skip_missing = true },
};

/* At the closing brace: an HTTP check needs a url. */
static void http_close(struct conf_ctx *c, void *obj, const struct conf_token *brace)
{
	if (CHK->u.http.n_urls == 0)
		conf_error(c, brace, "%s needs at least one url { path ... }", check_type_name(CHK->type));
}

const struct conf_block check_http_block = {
	"HTTP_GET", http_keywords, ARRAY_SIZE(http_keywords), NULL, http_close, &check_conn_block,
};
const struct conf_block check_ssl_block = {
	"SSL_GET", http_keywords, ARRAY_SIZE(http_keywords), NULL, http_close, &check_conn_block,
};

/* ---- field tables ---------------------------------------------------------------------- */

#define U struct url_conf
static const struct conf_field url_rows[] = {
	CF_S(U, path),
	CF_B(U, has_digest),
	CF_RAW(U, digest),
	CF_B(U, has_status),
	CF_RAW(U, status_bits),
	CF_S(U, virtualhost),
	CF_S(U, regex),
	CF_B(U, regex_no_match),
	CF_UANY(U, regex_options),
	CF_U(U, regex_min_offset, 0, HTTP_REGEX_BODY_MAX),
	CF_U(U, regex_max_offset, 0, HTTP_REGEX_BODY_MAX + 1),
	CF_UANY(U, regex_stack_start),
	CF_UANY(U, regex_stack_max),
};
#undef U
const struct conf_struct_desc url_conf_desc = CF_DESC(struct url_conf, 0, url_rows, NULL);

#define H struct http_check_conf
static const struct conf_field http_rows[] = {
	CF_ARR(H, urls, n_urls, url_conf_desc),
	CF_S(H, virtualhost),
	CF_U(H, protocol, HTTP_PROTO_1_0, HTTP_PROTO_1_1),
	CF_B(H, fast_recovery),
	CF_B(H, enable_sni),
};
#undef H
const struct conf_struct_desc check_http_desc = CF_DESC(struct http_check_conf, 0, http_rows, NULL);
const struct conf_struct_desc check_ssl_desc = CF_DESC(struct http_check_conf, 0, http_rows, NULL);

/* ---- validation ------------------------------------------------------------------------ */

/* The virtual host comes from the real server, else the virtual server;
 * every regex must compile. */
int check_http_validate(struct check_conf *c, const struct rs_conf *rs, const struct vs_conf *vs,
			const struct config *conf)
{
	int errors = 0;
	struct http_check_conf *h = &c->u.http;
	(void)conf;
	if (!h->virtualhost && (rs->virtualhost || vs->virtualhost))
		h->virtualhost = xstrdup(rs->virtualhost ? rs->virtualhost : vs->virtualhost);
	for (size_t i = 0; i < h->n_urls; i++) {
		const struct url_conf *u = &h->urls[i];
		if (!u->regex) {
			/* without effect: keepalived 2.2.7 takes them silently (-t 0) */
			if (u->regex_no_match || u->regex_options || u->regex_min_offset || u->regex_max_offset)
				log_msg(LOG_NOTICE, "%s:%d: url %s: regex options without a regex have no effect",
					   c->origin.file, c->origin.line, u->path);
			continue;
		}
		if (u->regex_max_offset && u->regex_min_offset >= u->regex_max_offset)
			errors += check_conf_error(c, "url %s: regex_min_offset %u is after regex_max_offset %u",
						   u->path, u->regex_min_offset, u->regex_max_offset - 1);
		char err[200];
		struct http_regex *re = http_regex_new(u->regex, u->regex_options, u->regex_max_offset != 0,
						       u->regex_stack_start, u->regex_stack_max, err, sizeof(err));
		if (!re)
			errors += check_conf_error(c, "url %s: bad regex \"%s\": %s", u->path, u->regex, err);
		http_regex_free(re);
	}
	return errors;
}
