/* conf_values.c - conf_get_*() helpers: turn a token into a typed value or
 * report "KEYWORD must be RANGE, got VALUE" (see conf_parse.h). */
#include "conf_lex.h"
#include "conf_parse.h"
#include "util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Digits only, "" being 0. */
static bool parse_digits(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
		if (v > UINT32_MAX * 10000ull)
			return false;
	}
	*out = v;
	return true;
}

/* Parse an unsigned decimal integer made of digits only. */
static bool parse_u64(const char *s, uint64_t *out)
{
	return *s && parse_digits(s, out);
}

/* A number as keepalived 2.2.7's read_unsigned() takes it (strtoul() of
 * base 10 after its leading white space, the whole word): white space and
 * one '+' before the digits, and a word of white space alone or "" is 0;
 * '-' is refused ("negative number"). */
static bool parse_u64_ka(const char *s, uint64_t *out)
{
	s += strspn(s, " \t\f\n\r\v");
	if (*s == '+')
		return s[1] >= '0' && s[1] <= '9' && parse_digits(s + 1, out);
	return parse_digits(s, out);
}

static bool lead_number(struct conf_ctx *ctx, const struct conf_token *tok, const char *what,
			uint32_t min, uint32_t max, uint32_t *out);

/* Contract: see conf_parse.h. */
bool conf_value_uint(const char *text, uint32_t min, uint32_t max, uint32_t *out)
{
	uint64_t v;
	if (!parse_u64_ka(text, &v) || v < min || v > max)
		return false;
	*out = (uint32_t)v;
	return true;
}

/* Contract: see conf_parse.h. */
bool conf_value_int32(const char *text, int32_t *out)
{
	char *end;
	errno = 0;
	long v = strtol(text, &end, 10);
	if (*end || errno || v < INT32_MIN || v > INT32_MAX)
		return false;
	*out = (int32_t)v;
	return true;
}

/* Contract: see conf_parse.h. */
bool conf_value_nft_name(const char *text, char *buf, size_t size)
{
	return text[0] &&
	       strspn(text, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.") == strlen(text) &&
	       str_copy(buf, size, text);
}

/* Contract: see conf_parse.h. */
bool conf_get_uint_or_skip(struct conf_ctx *ctx, const struct conf_token *tok, const char *what,
			   uint32_t min, uint32_t max, uint32_t *out)
{
	if (conf_value_uint(tok->text, min, max, out) || lead_number(ctx, tok, what, min, max, out))
		return true;
	conf_warn(ctx, tok, "%s must be %u..%u, got %s: ignored (as keepalived 2.2.7)", what, min, max, tok->text);
	return false;
}

/* Contract: see conf_parse.h. */
bool conf_get_prefixlen(struct conf_ctx *ctx, const struct conf_token *tok, const char *what, uint32_t max,
			uint32_t *out)
{
	uint64_t v;
	if (!parse_u64(tok->text, &v) || v > max) {
		conf_warn(ctx, tok, "%s must be 0..%u, got %s: %u is used (as keepalived 2.2.7)", what, max,
			  tok->text, max);
		v = max;
	}
	*out = (uint32_t)v;
	return true;
}

/* Contract: see conf_parse.h. */
bool conf_get_repeat(struct conf_ctx *ctx, const struct conf_token *tok, const char *what, uint32_t max,
		     uint32_t *out)
{
	uint32_t v;
	if (!conf_get_uint_or_skip(ctx, tok, what, 0, max, &v))
		return false;
	if (!v) {
		conf_warn(ctx, tok, "%s must be greater than 0: 1 is used (as keepalived 2.2.7)", what);
		v = 1;
	}
	*out = v;
	return true;
}

bool conf_get_uint(struct conf_ctx *ctx, const struct conf_token *tok, const char *what,
		   uint32_t min, uint32_t max, uint32_t *out)
{
	uint64_t v;
	if (parse_u64_ka(tok->text, &v) && v >= min && v <= max) {
		*out = (uint32_t)v;
		return true;
	}
	/* keepalived 2.2.7 reports the number and skips the line (-t exits 5,
	 * the file runs): a warning, see skip_bad_lines */
	bool skip = ctx->skip_bad_line;
	ctx->skip_bad_line = true;
	if (max == min + 1)
		conf_error(ctx, tok, "%s must be %u or %u, got %s", what, min, max, tok->text);
	else
		conf_error(ctx, tok, "%s must be %u..%u, got %s", what, min, max, tok->text);
	ctx->skip_bad_line = skip;
	return false;
}

/* The number strtoul() reads before other characters ("5s": 5) when it is
 * in [min, max]: *out, with a warning; else false, nothing said. */
static bool lead_number(struct conf_ctx *ctx, const struct conf_token *tok, const char *what,
			uint32_t min, uint32_t max, uint32_t *out)
{
	uint64_t v;
	const char *s = tok->text + strspn(tok->text, " \t\f\n\r\v");
	if (*s == '+')
		s++;
	size_t n = strspn(s, "0123456789");
	char digits[16];
	if (n && n < sizeof(digits)) {
		memcpy(digits, s, n);
		digits[n] = '\0';
		if (parse_digits(digits, &v) && v >= min && v <= max) {
			conf_warn(ctx, tok, "%s: invalid number '%s': %llu is used, as keepalived 2.2.7 runs it "
				  "(its -t skips it)", what, tok->text, (unsigned long long)v);
			*out = (uint32_t)v;
			return true;
		}
	}
	return false;
}

/* Contract: see conf_parse.h. */
bool conf_get_uint_lead(struct conf_ctx *ctx, const struct conf_token *tok, const char *what,
			uint32_t min, uint32_t max, uint32_t *out)
{
	uint64_t v;
	if (parse_u64_ka(tok->text, &v) && v >= min && v <= max) {
		*out = (uint32_t)v;
		return true;
	}
	return lead_number(ctx, tok, what, min, max, out) || conf_get_uint(ctx, tok, what, min, max, out);
}

/* Format a fixed-point value with `decimals` digits, trailing zeros dropped. */
static void fmt_fixed(char *buf, size_t size, uint64_t v, unsigned decimals)
{
	uint64_t scale = 1;
	for (unsigned i = 0; i < decimals; i++)
		scale *= 10;
	int n = snprintf(buf, size, "%llu", (unsigned long long)(v / scale));
	uint64_t frac = v % scale;
	if (!frac || n < 0 || (size_t)n >= size)
		return;
	char f[24];
	snprintf(f, sizeof(f), "%0*llu", (int)decimals, (unsigned long long)frac);
	size_t fl = strlen(f);
	while (fl && f[fl - 1] == '0')
		f[--fl] = '\0';
	snprintf(buf + n, size - (size_t)n, ".%s", f);
}

/* Parse "D[.F]" into units of 10^-decimals; false if malformed or too precise.
 * As keepalived 2.2.7's read_decimal_unsigned() (strtoull() of the digits
 * without the '.'): white space and one '+' may come first, and "" is 0. */
static bool parse_fixed(const char *s, unsigned decimals, uint64_t *out)
{
	s += strspn(s, " \t\f\n\r\v");
	if (*s == '+' && (s[1] == '.' || (s[1] >= '0' && s[1] <= '9')))
		s++;
	if (!*s) {
		*out = 0;
		return true;
	}
	const char *dot = strchr(s, '.');
	char ip[24];
	size_t il = dot ? (size_t)(dot - s) : strlen(s);
	if (il >= sizeof(ip))
		return false;
	memcpy(ip, s, il);
	ip[il] = '\0';
	uint64_t whole = 0, frac = 0;
	if (il == 0) {
		if (!dot)
			return false;
	} else if (!parse_u64(ip, &whole)) {
		return false;
	}
	unsigned fd = 0;
	if (dot) {
		const char *f = dot + 1;
		if (!*f && il == 0)
			return false;
		for (; *f; f++, fd++) {
			if (*f < '0' || *f > '9' || fd >= decimals)
				return false;
			frac = frac * 10 + (uint64_t)(*f - '0');
		}
	}
	for (unsigned i = fd; i < decimals; i++)
		frac *= 10;
	uint64_t scale = 1;
	for (unsigned i = 0; i < decimals; i++)
		scale *= 10;
	*out = whole * scale + frac;
	return true;
}

/* Contract: see conf_parse.h. */
bool conf_value_fixed(const char *text, unsigned decimals, uint32_t min, uint32_t max, uint32_t *out)
{
	uint64_t v;
	if (decimals > 6 || !parse_fixed(text, decimals, &v) || v < min || v > max)
		return false;
	*out = (uint32_t)v;
	return true;
}

bool conf_get_fixed(struct conf_ctx *ctx, const struct conf_token *tok, const char *what,
		    unsigned decimals, uint32_t min, uint32_t max, uint32_t *out)
{
	uint64_t v;
	if (decimals <= 6 && parse_fixed(tok->text, decimals, &v) && v >= min && v <= max) {
		*out = (uint32_t)v;
		return true;
	}
	char lo[32], hi[32];
	fmt_fixed(lo, sizeof(lo), min, decimals);
	fmt_fixed(hi, sizeof(hi), max, decimals);
	bool skip = ctx->skip_bad_line;      /* as in conf_get_uint() */
	ctx->skip_bad_line = true;
	conf_error(ctx, tok, "%s must be %s..%s seconds, got %s", what, lo, hi, tok->text);
	ctx->skip_bad_line = skip;
	return false;
}

/* Contract: see conf_parse.h. */
bool ka_addr_parse(const char *text, sa_family_t family, struct ka_addr *out)
{
	struct ka_addr a;
	memset(&a, 0, sizeof(a));
	if ((family == 0 || family == AF_INET) && inet_pton(AF_INET, text, &a.u.v4) == 1)
		a.family = AF_INET;
	else if ((family == 0 || family == AF_INET6) && inet_pton(AF_INET6, text, &a.u.v6) == 1)
		a.family = AF_INET6;
	else
		return false;
	*out = a;
	return true;
}

bool conf_get_addr(struct conf_ctx *ctx, const struct conf_token *tok, const char *what,
		   sa_family_t family, struct ka_addr *out)
{
	if (ka_addr_parse(tok->text, family, out))
		return true;
	const char *kind = family == AF_INET ? "an IPv4 address"
			 : family == AF_INET6 ? "an IPv6 address" : "an IP address";
	conf_error(ctx, tok, "%s must be %s, got %s", what, kind, tok->text);
	return false;
}

/* Contract: see conf_parse.h. */
bool conf_get_addr_ka(struct conf_ctx *ctx, const struct conf_token *tok, const char *what,
		      sa_family_t family, struct ka_addr *out)
{
	const char *cut = strchr(tok->text, '-');
	if (!cut)
		cut = strchr(tok->text, '/');
	char buf[INET6_ADDRSTRLEN];
	size_t n = cut ? (size_t)(cut - tok->text) : 0;
	if (cut && n && n < sizeof(buf)) {
		memcpy(buf, tok->text, n);
		buf[n] = '\0';
		if (ka_addr_parse(buf, family, out)) {
			conf_notice(ctx, tok, "%s %s is read as %s, as keepalived 2.2.7 reads it ('%s' ignored)", what,
				    tok->text, buf, cut);
			return true;
		}
	}
	return conf_get_addr(ctx, tok, what, family, out);
}

bool conf_get_user(struct conf_ctx *ctx, const struct conf_token *user_at, const struct conf_token *group_at,
		   const char *what, const char *user, const char *group, uid_t *uid, gid_t *gid)
{
	struct passwd *pw = getpwnam(user);
	if (!pw) {
		conf_error(ctx, user_at, "%s: unknown user '%s'", what, user);
		return false;
	}
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	if (!group || !group[0])
		return true;
	struct group *gr = getgrnam(group);
	if (!gr) {
		conf_error(ctx, group_at, "%s: unknown group '%s'", what, group);
		return false;
	}
	*gid = gr->gr_gid;
	return true;
}

bool conf_get_string(struct conf_ctx *ctx, const struct conf_token *tok, const char *what,
		     char *buf, size_t size)
{
	if (strlen(tok->text) >= size) {
		conf_error(ctx, tok, "%s must be at most %zu characters, got %s", what, size - 1, tok->text);
		return false;
	}
	str_copy(buf, size, tok->text);
	return true;
}

/* Does a quoted token need its quotes back to survive being split into
 * words again (script.c: spaces, single/double quotes, backslashes)? */
static bool needs_quotes(const struct conf_token *t)
{
	return t->quoted && (!t->text[0] || strpbrk(t->text, " \t'\\"));
}

/* A single argument is taken whole (one quoted command line); with several,
 * quoted arguments that hold spaces are re-quoted ("..." with \\ escaped)
 * so that splitting the joined line gives the same words. */
char *conf_join_args(const struct conf_args *args, size_t from)
{
	char *s = NULL;
	size_t len = 0;
	bool many = args->argc > from + 1;
	for (size_t i = from; i < args->argc; i++) {
		const struct conf_token *t = &args->argv[i];
		if (i > from)
			str_appendf(&s, &len, " ");
		if (!many || !needs_quotes(t)) {
			str_appendf(&s, &len, "%s", t->text);
			continue;
		}
		str_appendf(&s, &len, "\"");
		for (const char *c = t->text; *c; c++)
			str_appendf(&s, &len, "%s%c", *c == '\\' ? "\\" : "", *c);
		str_appendf(&s, &len, "\"");
	}
	return s ? s : xstrdup("");
}

/* Contract: see conf_parse.h. */
size_t conf_script_word(const struct conf_args *args, size_t i, char **out)
{
	const struct conf_token *t = &args->argv[i];
	if (t->quoted || t->text[0] != '\'') {
		*out = xstrdup(t->text);
		return i + 1;
	}
	char *s = NULL;
	size_t len = 0, j = i;
	for (; j < args->argc; j++) {
		const char *w = args->argv[j].text + (j == i);
		size_t n = strlen(w);
		bool end = !args->argv[j].quoted && n && w[n - 1] == '\'';
		str_appendf(&s, &len, "%s%.*s", j > i ? " " : "", (int)(end ? n - 1 : n), w);
		if (end) {
			j++;
			break;
		}
	}
	*out = s ? s : xstrdup("");
	return j;
}

/* Contract: see conf_parse.h. */
void conf_set_notify_slot(struct conf_ctx *ctx, const struct conf_args *args, struct conf_script *slot)
{
	const char *kw = args->argv[0].text;
	char *script;
	size_t next = conf_script_word(args, 1, &script);
	if (slot->cmd) {
		conf_warn(ctx, &args->argv[1], "%s is already set: '%s' ignored (as keepalived 2.2.7: the first one "
			  "counts)", kw, script);
		free(script);
		return;
	}
	if (next >= args->argc) {
		slot->cmd = script;
		return;
	}
	const struct conf_token *u = &args->argv[next], *g = args->argc > next + 1 ? &args->argv[next + 1] : NULL;
	const struct passwd *pw = getpwnam(u->text);
	if (!pw) {
		conf_warn(ctx, u, "%s %s: keepalived 2.2.7 reads '%s' as the user to run it as (SCRIPT [USER "
			  "[GROUP]]) and there is no such user: the script is ignored, as there (quote the "
			  "command to give it arguments)", kw, script, u->text);
		free(script);
		return;
	}
	slot->uid = pw->pw_uid;
	slot->gid = pw->pw_gid;
	if (g) {
		const struct group *gr = getgrnam(g->text);
		if (!gr) {
			conf_warn(ctx, g, "%s %s: keepalived 2.2.7 reads '%s' as the group to run it as (SCRIPT "
				  "[USER [GROUP]]) and there is no such group: the script is ignored, as there",
				  kw, script, g->text);
			free(script);
			return;
		}
		slot->gid = gr->gr_gid;
	}
	slot->user_set = true;
	slot->cmd = script;
}

bool conf_get_bool(struct conf_ctx *ctx, const struct conf_args *args, size_t idx, bool *out)
{
	if (idx >= args->argc) {
		*out = true;
		return true;
	}
	const char *s = args->argv[idx].text;
	static const char *const yes[] = { "on", "yes", "true", "1" };
	static const char *const no[] = { "off", "no", "false", "0" };
	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = true;
			return true;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = false;
			return true;
		}
	}
	/* keepalived 2.2.7: "Invalid value for ... specified", the line skipped */
	bool skip = ctx->skip_bad_line;
	ctx->skip_bad_line = true;
	conf_error(ctx, &args->argv[idx], "%s must be on/off, yes/no, true/false or 1/0, got %s",
		   args->argv[0].text, s);
	ctx->skip_bad_line = skip;
	return false;
}

bool conf_get_choice(struct conf_ctx *ctx, const struct conf_token *tok, const char *what,
		     const struct conf_choice *choices, size_t n, bool icase, int *out)
{
	for (size_t i = 0; i < n; i++) {
		bool same = icase ? strcasecmp(tok->text, choices[i].name) == 0
				  : strcmp(tok->text, choices[i].name) == 0;
		if (same) {
			*out = choices[i].value;
			return true;
		}
	}
	char *list = NULL;
	size_t len = 0;
	for (size_t i = 0; i < n; i++)
		str_appendf(&list, &len, "%s%s", i ? " " : "", choices[i].name);
	conf_error(ctx, tok, "%s must be one of %s, got %s", what, list ? list : "", tok->text);
	free(list);
	return false;
}

/* Contract: see conf_parse.h. */
struct conf_origin conf_origin_of(const struct conf_token *t)
{
	return (struct conf_origin){ .file = str_intern(t->file ? t->file : ""), .line = t->line };
}
