/* conf_include.c - keepalived's include lines and include checks.
 *
 *   include  PATTERN...   the files PATTERN matches (glob, csh braces), read
 *                         in place; a pattern matching nothing is a warning
 *   includer / includem / includew / includeb / includea PATTERN...
 *                         the same with one more check (readable, match,
 *                         wildcard_match, brace_match, all of them)
 *   include_check [[+|-]CHECK...]   the checks every later include of this
 *                         file (and of the files it includes) makes; no
 *                         CHECK means all of them. The setting is the
 *                         file's own: it is restored when an included file
 *                         ends, as keepalived 2.2 does.
 * A failed check is an error at the include line (FILE:LINE). The checks:
 *   readable        every matched file can be read (always an error here)
 *   match           a name without wildcards must exist
 *   wildcard_match  a pattern with wildcards must match a file
 *   brace_match     each alternative of a {a,b} expansion must match a file
 * The lexer (conf_lex.c) hands the lines here; include_check stays in the
 * token stream too, for global_defs (where keepalived documents it).
 */
#include "conf_lex.h"
#include "util.h"

#include <glob.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	unsigned checks;
} include_words[] = {
	{ "include", 0 },
	{ "includer", CONF_INC_READABLE },
	{ "includem", CONF_INC_MATCH | CONF_INC_READABLE },
	{ "includew", CONF_INC_WILDCARD | CONF_INC_READABLE },
	{ "includeb", CONF_INC_BRACE | CONF_INC_READABLE },
	{ "includea", CONF_INC_ALL },
};

static const struct {
	const char *name;
	unsigned checks;
} check_names[] = {
	{ "readable", CONF_INC_READABLE },
	{ "match", CONF_INC_MATCH | CONF_INC_READABLE },
	{ "wildcard_match", CONF_INC_WILDCARD | CONF_INC_READABLE },
	{ "brace_match", CONF_INC_BRACE | CONF_INC_READABLE },
};

bool conf_include_word(const char *word, unsigned *checks)
{
	for (size_t i = 0; i < ARRAY_SIZE(include_words); i++)
		if (strcmp(word, include_words[i].name) == 0) {
			*checks = include_words[i].checks;
			return true;
		}
	return false;
}

void conf_include_check_line(struct conf_ctx *ctx, const struct conf_token *t, size_t n)
{
	unsigned *level = &ctx->lex.include_checks;
	if (n < 2) {
		*level = CONF_INC_ALL;
		return;
	}
	for (size_t i = 1; i < n; i++) {
		const char *w = t[i].text;
		char sign = (*w == '+' || *w == '-') ? *w++ : '+';
		size_t k = 0;
		while (k < ARRAY_SIZE(check_names) && strcmp(w, check_names[k].name) != 0)
			k++;
		if (k == ARRAY_SIZE(check_names)) {
			conf_error(ctx, &t[i], "include_check: unknown check '%s' (readable, match, "
				   "wildcard_match, brace_match)", t[i].text);
			continue;
		}
		if (sign == '+')
			*level |= check_names[k].checks;
		else
			*level &= ~(check_names[k].checks & ~CONF_INC_READABLE);
	}
}

/* The patterns pat with its {a,b} groups expanded (the outermost-first
 * alternatives, nested groups too) appended to *out; at most `room` more. */
static void brace_expand(const char *pat, char ***out, size_t *n, size_t room)
{
	const char *open = strchr(pat, '{');
	const char *close = NULL;
	int depth = 0;
	for (const char *p = open; p && *p; p++) {
		depth += (*p == '{') - (*p == '}');
		if (depth == 0) {
			close = p;
			break;
		}
	}
	if (!open || !close) {
		if (*n < room) {
			char **slot = array_push(out, n, sizeof(**out));
			*slot = xstrdup(pat);
		}
		return;
	}
	const char *alt = open + 1;
	depth = 0;
	for (const char *p = alt; p <= close && *n < room; p++) {
		if (*p == '{')
			depth++;
		else if (*p == '}' && p != close)
			depth--;
		if ((*p == ',' && depth == 0) || p == close) {
			char *one = NULL;
			size_t len = 0;
			str_appendf(&one, &len, "%.*s%.*s%s", (int)(open - pat), pat, (int)(p - alt), alt,
				    close + 1);
			brace_expand(one, out, n, room);
			free(one);
			alt = p + 1;
		}
	}
}

static bool has_wildcard(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

/* brace_match: every alternative of the braces in `full` matches a file. */
static void check_braces(struct conf_ctx *ctx, const struct conf_token *pat, const char *full)
{
	char **alts = NULL;
	size_t n = 0;
	brace_expand(full, &alts, &n, 1024);
	for (size_t i = 0; i < n; i++) {
		glob_t g;
		memset(&g, 0, sizeof(g));
		if (glob(alts[i], 0, NULL, &g) == GLOB_NOMATCH)
			conf_error(ctx, pat, "include '%s': '%s' matches no file (brace_match)", pat->text,
				   alts[i]);
		globfree(&g);
		free(alts[i]);
	}
	free(alts);
}

/* One pattern of an include line, relative to the including file. */
static void include_pattern(struct conf_ctx *ctx, const struct conf_token *pat, unsigned checks)
{
	char *full = NULL;
	size_t flen = 0;
	const char *slash = strrchr(pat->file, '/');
	if (pat->text[0] != '/' && slash)
		str_appendf(&full, &flen, "%.*s/%s", (int)(slash - pat->file), pat->file, pat->text);
	else
		str_appendf(&full, &flen, "%s", pat->text);

	glob_t g;
	memset(&g, 0, sizeof(g));
	int rc = glob(full, GLOB_BRACE, NULL, &g);
	bool wild = has_wildcard(pat->text);
	if (rc == GLOB_NOMATCH) {
		if (ctx->all_config)
			conf_error(ctx, pat, "include pattern '%s' matches no file (-e/--all-config)", pat->text);
		else if (checks & (wild ? CONF_INC_WILDCARD : CONF_INC_MATCH))
			conf_error(ctx, pat, "include pattern '%s' matches no file (%s)", pat->text,
				   wild ? "wildcard_match" : "match");
		else if ((checks & CONF_INC_BRACE) && strchr(pat->text, '{'))
			check_braces(ctx, pat, full);
		else
			/* keepalived 2.2.7 says so and -t still exits 0:
			 * a notice, not a counted warning */
			conf_notice(ctx, pat, "include pattern '%s' matches no file", pat->text);
	} else if (rc != 0) {
		conf_error(ctx, pat, "include pattern '%s' cannot be expanded", pat->text);
	} else {
		if ((checks & CONF_INC_BRACE) && strchr(pat->text, '{'))
			check_braces(ctx, pat, full);
		for (size_t i = 0; i < g.gl_pathc && !ctx->stopped; i++)
			conf_lex_file(ctx, g.gl_pathv[i], pat);
	}
	globfree(&g);
	free(full);
}

void conf_include_line(struct conf_ctx *ctx, const struct conf_token *t, const uint8_t *kinds, size_t n,
		       unsigned checks)
{
	if (n < 2)
		conf_error(ctx, &t[0], "%s takes a file pattern", t[0].text);
	checks |= ctx->lex.include_checks;
	for (size_t i = 1; i < n && !ctx->stopped; i++) {
		if (kinds[i] != CONF_TOK_WORD)
			conf_error(ctx, &t[i], "unexpected '%s' in %s", t[i].text, t[0].text);
		else
			include_pattern(ctx, &t[i], checks);
	}
}
