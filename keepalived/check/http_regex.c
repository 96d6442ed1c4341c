/* http_regex.c - PCRE2 matching for HTTP_GET/SSL_GET `regex`; see
 * check_regex.h. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "check_regex.h"
#include "log.h"
#include "util.h"

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct http_regex {
	pcre2_code *code;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit_stack;
	bool jit;
};

static const struct { const char *name; uint32_t flag; } options[] = {
	{ "allow_empty_class", PCRE2_ALLOW_EMPTY_CLASS }, { "alt_bsux", PCRE2_ALT_BSUX },
	{ "alt_circumflex", PCRE2_ALT_CIRCUMFLEX }, { "alt_verbnames", PCRE2_ALT_VERBNAMES },
	{ "auto_callout", PCRE2_AUTO_CALLOUT }, { "caseless", PCRE2_CASELESS },
	{ "dollar_endonly", PCRE2_DOLLAR_ENDONLY }, { "dotall", PCRE2_DOTALL },
	{ "dupnames", PCRE2_DUPNAMES }, { "extended", PCRE2_EXTENDED }, { "firstline", PCRE2_FIRSTLINE },
	{ "match_unset_backref", PCRE2_MATCH_UNSET_BACKREF }, { "multiline", PCRE2_MULTILINE },
	{ "never_backslash_c", PCRE2_NEVER_BACKSLASH_C }, { "never_ucp", PCRE2_NEVER_UCP },
	{ "never_utf", PCRE2_NEVER_UTF }, { "no_auto_capture", PCRE2_NO_AUTO_CAPTURE },
	{ "no_auto_possess", PCRE2_NO_AUTO_POSSESS }, { "no_dotstar_anchor", PCRE2_NO_DOTSTAR_ANCHOR },
	{ "no_start_optimize", PCRE2_NO_START_OPTIMIZE }, { "ucp", PCRE2_UCP },
	{ "ungreedy", PCRE2_UNGREEDY }, { "use_offset_limit", PCRE2_USE_OFFSET_LIMIT },
	{ "utf", PCRE2_UTF },
};

bool http_regex_option(const char *name, uint32_t *flag)
{
	for (size_t i = 0; i < ARRAY_SIZE(options); i++)
		if (strcmp(options[i].name, name) == 0) {
			*flag = options[i].flag;
			return true;
		}
	return false;
}

const char *http_regex_option_names(void)
{
	return "allow_empty_class alt_bsux alt_circumflex alt_verbnames auto_callout caseless "
	       "dollar_endonly dotall dupnames extended firstline match_unset_backref multiline "
	       "never_backslash_c never_ucp never_utf no_auto_capture no_auto_possess "
	       "no_dotstar_anchor no_start_optimize ucp ungreedy use_offset_limit utf";
}

void http_regex_option_list(uint32_t opts, char *buf, size_t size)
{
	static const char *const order[] = {
		"allow_empty_class", "alt_bsux", "auto_callout", "caseless", "dollar_endonly", "dotall",
		"dupnames", "extended", "firstline", "match_unset_backref", "multiline", "never_ucp",
		"never_utf", "no_auto_capture", "no_auto_possess", "no_dotstar_anchor",
		"no_start_optimize", "ucp", "ungreedy", "utf", "never_backslash_c", "alt_circumflex",
		"alt_verbnames", "use_offset_limit",
	};
	size_t len = 0;
	if (size)
		buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(order); i++) {
		uint32_t f;
		if (http_regex_option(order[i], &f) && (opts & f) && len < size) {
			int w = snprintf(buf + len, size - len, " %s", order[i]);
			len += w > 0 ? (size_t)w : 0;
		}
	}
}

void http_regex_free(struct http_regex *re)
{
	if (!re)
		return;
	pcre2_match_data_free(re->md);
	pcre2_match_context_free(re->mctx);
	pcre2_jit_stack_free(re->jit_stack);
	pcre2_code_free(re->code);
	free(re);
}

struct http_regex *http_regex_new(const char *pattern, uint32_t opts, bool use_offset_limit,
				  size_t stack_start, size_t stack_max, char *err, size_t err_size)
{
	int ec;
	PCRE2_SIZE eo;
	if (use_offset_limit)
		opts |= PCRE2_USE_OFFSET_LIMIT;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, opts, &ec, &eo, NULL);
	if (!code) {
		PCRE2_UCHAR msg[160];
		pcre2_get_error_message(ec, msg, sizeof(msg));
		snprintf(err, err_size, "%s at offset %zu", (const char *)msg, (size_t)eo);
		return NULL;
	}
	struct http_regex *re = xcalloc(1, sizeof(*re));
	re->code = code;
	re->md = pcre2_match_data_create_from_pattern(code, NULL);
	re->mctx = pcre2_match_context_create(NULL);
	if (!re->md || !re->mctx)
		fatal("out of memory");
	/* JIT is an optimisation: without it (no JIT on this CPU) matching still works */
	re->jit = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
	if (re->jit && stack_max) {
		re->jit_stack = pcre2_jit_stack_create(stack_start ? stack_start : 32 * 1024, stack_max, NULL);
		if (re->jit_stack)
			pcre2_jit_stack_assign(re->mctx, NULL, re->jit_stack);
	}
	return re;
}

int http_regex_match(struct http_regex *re, const char *subject, size_t len, size_t min_offset,
		     size_t max_offset, char *err, size_t err_size)
{
	if (min_offset > len)
		return 0;
	if (max_offset)
		pcre2_set_offset_limit(re->mctx, max_offset);
	int rc = pcre2_match(re->code, (PCRE2_SPTR)subject, len, min_offset, 0, re->md, re->mctx);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	PCRE2_UCHAR msg[160];
	pcre2_get_error_message(rc, msg, sizeof(msg));
	snprintf(err, err_size, "regex match error: %s", (const char *)msg);
	return -1;
}
