/* check_kw_check.c - keywords of the check blocks (TCP_CHECK, HTTP_GET,
 * SSL_GET, MISC_CHECK, UDP_CHECK) and of url { } inside HTTP_GET/SSL_GET.
 *
 * One table serves every check type; a keyword that does not belong to the
 * block's type is reported as an error ("url is only valid in HTTP_GET or
 * SSL_GET"). Tables are sorted by strcmp().
 */
#include "check_kw.h"
#include "check_udp.h"
#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define CHK ((struct check_conf *)obj)

static bool need_type(struct conf_ctx *c, const struct conf_args *a, const struct check_conf *chk,
		      bool http, bool misc)
{
	bool is_http = chk->type == CHECK_HTTP || chk->type == CHECK_SSL;
	if ((http && is_http) || (misc && chk->type == CHECK_MISC))
		return true;
	conf_error(c, &a->argv[0], "%s is not valid in %s", a->argv[0].text, check_type_name(chk->type));
	return false;
}

/* Connection options (connect_ip, ...) belong to TCP_CHECK, HTTP_GET, SSL_GET, UDP_CHECK. */
static bool chk_is_conn(const struct check_conf *chk, struct conf_ctx *c, const struct conf_args *a)
{
	if (chk->type != CHECK_MISC)
		return true;
	conf_error(c, &a->argv[0], "%s is not valid in MISC_CHECK", a->argv[0].text);
	return false;
}

static void kw_connect_ip(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	if (chk_is_conn(CHK, c, a))
		conf_get_addr(c, &a->argv[1], "connect_ip", 0, &CHK->connect_ip);
}

static void kw_connect_port(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	if (chk_is_conn(CHK, c, a))
		kw_uint(c, a, 1, 65535, &CHK->connect_port);
}

static void kw_bindto(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	if (chk_is_conn(CHK, c, a))
		conf_get_addr(c, &a->argv[1], "bindto", 0, &CHK->bindto);
}

static void kw_bind_port(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	if (chk_is_conn(CHK, c, a))
		kw_uint(c, a, 1, 65535, &CHK->bind_port);
}

static void kw_connect_timeout(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	if (chk_is_conn(CHK, c, a))
		kw_timer(c, a, 1, &CHK->connect_timeout_ms);
}

static void kw_retry(struct conf_ctx *c, void *obj, const struct conf_args *a) { kw_uint(c, a, 0, 1000000, &CHK->retry); }
static void kw_rise(struct conf_ctx *c, void *obj, const struct conf_args *a) { kw_uint(c, a, 1, 1000, &CHK->rise); }
static void kw_fall(struct conf_ctx *c, void *obj, const struct conf_args *a) { kw_uint(c, a, 1, 1000, &CHK->fall); }
static void kw_delay_before_retry(struct conf_ctx *c, void *obj, const struct conf_args *a) { kw_timer(c, a, 0, &CHK->delay_before_retry_ms); }
static void kw_delay_loop(struct conf_ctx *c, void *obj, const struct conf_args *a) { kw_timer(c, a, 1, &CHK->delay_loop_ms); }
static void kw_warmup(struct conf_ctx *c, void *obj, const struct conf_args *a) { kw_timer(c, a, 0, &CHK->warmup_ms); }
static void kw_alpha(struct conf_ctx *c, void *obj, const struct conf_args *a) { kw_bool_u32(c, a, &CHK->alpha); }

static void kw_virtualhost(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	if (!need_type(c, a, CHK, true, false))
		return;
	free(CHK->virtualhost);
	CHK->virtualhost = xstrdup(a->argv[1].text);
}

static void kw_enable_sni(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	bool b;
	if (CHK->type != CHECK_SSL) {
		conf_error(c, &a->argv[0], "enable_sni is only valid in SSL_GET");
		return;
	}
	if (conf_get_bool(c, a, 1, &b))
		CHK->enable_sni = b;
}

static void kw_http_ignored(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	if (need_type(c, a, CHK, true, false))
		conf_warn(c, &a->argv[0], "%s is accepted and ignored", a->argv[0].text);
}

static void kw_misc_path(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	if (!need_type(c, a, CHK, false, true))
		return;
	kw_script(&CHK->misc_path, a);
}

static void kw_misc_timeout(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	if (need_type(c, a, CHK, false, true))
		kw_timer(c, a, 1, &CHK->misc_timeout_ms);
}

static void kw_misc_dynamic(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	bool b;
	if (need_type(c, a, CHK, false, true) && conf_get_bool(c, a, 1, &b))
		CHK->misc_dynamic = b;
}

static void kw_misc_user(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	if (need_type(c, a, CHK, false, true))
		conf_warn(c, &a->argv[0], "user: scripts run as global_defs script_user");
}

/* payload, require_reply, min/max_reply_length belong to UDP_CHECK only. */
static bool need_udp(struct conf_ctx *c, const struct conf_args *a, const struct check_conf *chk)
{
	if (chk->type == CHECK_UDP)
		return true;
	conf_error(c, &a->argv[0], "%s is only valid in UDP_CHECK", a->argv[0].text);
	return false;
}

/* Decode the hex string in arguments 1.. (joined) into a fresh *dst / *len;
 * reports a bad string and leaves *dst as it was. */
static bool kw_hex(struct conf_ctx *c, const struct conf_args *a, uint8_t **dst, uint32_t *len)
{
	size_t total = 1, k = 0;
	for (size_t i = 1; i < a->argc; i++)
		total += strlen(a->argv[i].text);
	char *s = xmalloc(total);
	for (size_t i = 1; i < a->argc; i++)    /* "01 02 03" = "010203" */
		for (const char *p = a->argv[i].text; *p; p++)
			if (*p != ' ' && *p != '\t')
				s[k++] = *p;
	s[k] = '\0';
	uint8_t *buf = xmalloc(UDP_DATA_MAX);
	int n = udp_hex_decode(s, buf, UDP_DATA_MAX);
	if (n < 0) {
		conf_error(c, &a->argv[1], "%s must be an even number of hexadecimal digits (at most %d bytes), got %s",
			   a->argv[0].text, UDP_DATA_MAX, s);
		free(buf);
		free(s);
		return false;
	}
	free(s);
	free(*dst);
	*dst = xrealloc(buf, (size_t)n);
	*len = (uint32_t)n;
	return true;
}

static void kw_udp_payload(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	if (need_udp(c, a, CHK))
		kw_hex(c, a, &CHK->udp_payload, &CHK->udp_payload_len);
}

/* require_reply [HEX]: a reply is needed; with HEX it must start with those bytes. */
static void kw_udp_require_reply(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	if (!need_udp(c, a, CHK))
		return;
	if (a->argc < 2) {
		free(CHK->udp_reply);
		CHK->udp_reply = NULL;
		CHK->udp_reply_len = 0;
		CHK->udp_require_reply = true;
		return;
	}
	if (kw_hex(c, a, &CHK->udp_reply, &CHK->udp_reply_len))
		CHK->udp_require_reply = true;
}

static void kw_udp_min_reply(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	if (need_udp(c, a, CHK))
		kw_uint(c, a, 0, 65535, &CHK->udp_min_reply_len);
}

static void kw_udp_max_reply(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	if (need_udp(c, a, CHK))
		kw_uint(c, a, 0, 65535, &CHK->udp_max_reply_len);
}

static void *url_open(struct conf_ctx *c, void *parent, const struct conf_args *a)
{
	struct check_conf *chk = parent;
	if (!chk || !need_type(c, a, chk, true, false))
		return NULL;
	return array_push(&chk->urls, &chk->n_urls, sizeof(struct url_conf));
}

static const struct conf_keyword check_keywords[] = {
	{ "alpha", 0, 1, kw_alpha, NULL, NULL },
	{ "bind_port", 1, 1, kw_bind_port, NULL, NULL },
	{ "bindto", 1, 1, kw_bindto, NULL, NULL },
	{ "connect_ip", 1, 1, kw_connect_ip, NULL, NULL },
	{ "connect_port", 1, 1, kw_connect_port, NULL, NULL },
	{ "connect_timeout", 1, 1, kw_connect_timeout, NULL, NULL },
	{ "delay_before_retry", 1, 1, kw_delay_before_retry, NULL, NULL },
	{ "delay_loop", 1, 1, kw_delay_loop, NULL, NULL },
	{ "enable_sni", 0, 1, kw_enable_sni, NULL, NULL },
	{ "fall", 1, 1, kw_fall, NULL, NULL },
	{ "fast_recovery", 0, 1, kw_http_ignored, NULL, NULL },
	{ "http_protocol", 1, 1, kw_http_ignored, NULL, NULL },
	{ "max_reply_length", 1, 1, kw_udp_max_reply, NULL, NULL },
	{ "min_reply_length", 1, 1, kw_udp_min_reply, NULL, NULL },
	{ "misc_dynamic", 0, 1, kw_misc_dynamic, NULL, NULL },
	{ "misc_path", 1, CONF_ARGS_ANY, kw_misc_path, NULL, NULL },
	{ "misc_timeout", 1, 1, kw_misc_timeout, NULL, NULL },
	{ "nb_get_retry", 1, 1, kw_retry, NULL, NULL },
	{ "payload", 1, CONF_ARGS_ANY, kw_udp_payload, NULL, NULL },
	{ "require_reply", 0, CONF_ARGS_ANY, kw_udp_require_reply, NULL, NULL },
	{ "retry", 1, 1, kw_retry, NULL, NULL },
	{ "rise", 1, 1, kw_rise, NULL, NULL },
	{ "url", 0, 0, NULL, &url_block, url_open },
	{ "user", 1, 2, kw_misc_user, NULL, NULL },
	{ "virtualhost", 1, 1, kw_virtualhost, NULL, NULL },
	{ "warmup", 1, 1, kw_warmup, NULL, NULL },
};

/* At the closing brace: an HTTP check needs a url, MISC a misc_path. */
static void check_close(struct conf_ctx *c, void *obj, const struct conf_token *brace)
{
	struct check_conf *chk = obj;
	if ((chk->type == CHECK_HTTP || chk->type == CHECK_SSL) && chk->n_urls == 0)
		conf_error(c, brace, "%s needs at least one url { path ... }", check_type_name(chk->type));
	if (chk->type == CHECK_MISC && !chk->misc_path)
		conf_error(c, brace, "MISC_CHECK needs misc_path");
}

const struct conf_block check_block = { "check", check_keywords, ARRAY_SIZE(check_keywords), NULL, check_close };

/* ---- url { } ------------------------------------------------------------- */

#define URL ((struct url_conf *)obj)

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

static void kw_url_digest(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	const char *s = a->argv[1].text;
	if (strlen(s) != 32)
		goto bad;
	for (int i = 0; i < 16; i++) {
		int h = hexval(s[2 * i]), l = hexval(s[2 * i + 1]);
		if (h < 0 || l < 0)
			goto bad;
		URL->digest[i] = (uint8_t)(h << 4 | l);
	}
	URL->has_digest = true;
	return;
bad:
	conf_error(c, &a->argv[1], "digest must be 32 hexadecimal digits (an MD5 from genhash), got %s", s);
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
			conf_error(c, &a->argv[i], "status_code must be a code or range in 100-599, got %s", s);
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

static void kw_url_ignored(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	conf_warn(c, &a->argv[0], "%s is not supported and ignored", a->argv[0].text);
}

static const struct conf_keyword url_keywords[] = {
	{ "digest", 1, 1, kw_url_digest, NULL, NULL },
	{ "path", 1, 1, kw_url_path, NULL, NULL },
	{ "regex", 1, CONF_ARGS_ANY, kw_url_ignored, NULL, NULL },
	{ "status_code", 1, CONF_ARGS_ANY, kw_url_status, NULL, NULL },
	{ "virtualhost", 1, 1, kw_url_virtualhost, NULL, NULL },
};

static void url_close(struct conf_ctx *c, void *obj, const struct conf_token *brace)
{
	if (!URL->path)
		conf_error(c, brace, "url needs a path");
}

const struct conf_block url_block = { "url", url_keywords, ARRAY_SIZE(url_keywords), NULL, url_close };

/* ---- opening a check block on a real server ---------------------------------- */

static void *open_check(struct conf_ctx *c, void *parent, const struct conf_args *a, enum check_type t)
{
	struct rs_conf *rs = parent;
	if (!rs)
		return NULL;
	struct check_conf *chk = array_push(&rs->checks, &rs->n_checks, sizeof(*chk));
	check_conf_init(chk, t);
	str_copy(chk->origin.file, sizeof(chk->origin.file), a->argv[0].file ? a->argv[0].file : "");
	chk->origin.line = a->argv[0].line;
	return chk;
}

void *check_open_tcp(struct conf_ctx *c, void *p, const struct conf_args *a) { return open_check(c, p, a, CHECK_TCP); }
void *check_open_http(struct conf_ctx *c, void *p, const struct conf_args *a) { return open_check(c, p, a, CHECK_HTTP); }
void *check_open_ssl(struct conf_ctx *c, void *p, const struct conf_args *a) { return open_check(c, p, a, CHECK_SSL); }
void *check_open_misc(struct conf_ctx *c, void *p, const struct conf_args *a) { return open_check(c, p, a, CHECK_MISC); }
void *check_open_udp(struct conf_ctx *c, void *p, const struct conf_args *a) { return open_check(c, p, a, CHECK_UDP); }

const struct conf_block *const check_kw_all_blocks[] = {
	&vs_block, &rs_block, &check_block, &url_block,
};
const size_t check_kw_all_blocks_count = ARRAY_SIZE(check_kw_all_blocks);
