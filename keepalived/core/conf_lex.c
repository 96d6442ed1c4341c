/* conf_lex.c - keepalived.conf files to a token stream.
 *
 * Words are separated by white space; `{` and `}` are tokens of their own
 * even when glued to a word; `#` and `!` outside quotes start a comment that
 * runs to the end of the line; "double quoted" text keeps its spaces (the
 * quotes may be glued to other characters: they are removed and the token
 * is flagged quoted). A line whose first word is `include` names glob(3)
 * patterns whose files are read in place (relative patterns are relative to
 * the directory of the including file; matches are sorted).
 */
#include "conf_lex.h"
#include "log.h"
#include "util.h"

#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A token of the line being read, before it is appended to the stream. */
struct line_toks {
	struct conf_token *toks;
	uint8_t *kinds;
	size_t n;
};

/* Append one token (text is taken over, may be NULL for EOL). */
static void lex_push(struct conf_lex *lx, enum conf_tok_kind kind, char *text,
		     const char *file, int line, bool quoted)
{
	if (lx->n == lx->cap) {
		lx->cap = lx->cap ? lx->cap * 2 : 256;
		lx->toks = xrealloc(lx->toks, lx->cap * sizeof(*lx->toks));
		lx->kinds = xrealloc(lx->kinds, lx->cap);
	}
	lx->toks[lx->n] = (struct conf_token){ .text = text, .file = file, .line = line, .quoted = quoted };
	lx->kinds[lx->n] = (uint8_t)kind;
	lx->n++;
}

/* Add a token to the current line. text is taken over. */
static void line_push(struct line_toks *lt, enum conf_tok_kind kind, char *text,
		      const char *file, int line, bool quoted)
{
	lt->toks = xrealloc(lt->toks, (lt->n + 1) * sizeof(*lt->toks));
	lt->kinds = xrealloc(lt->kinds, lt->n + 1);
	lt->toks[lt->n] = (struct conf_token){ .text = text, .file = file, .line = line, .quoted = quoted };
	lt->kinds[lt->n] = (uint8_t)kind;
	lt->n++;
}

/* Free the texts of a line that was not handed over, and the arrays. */
static void line_free(struct line_toks *lt, bool texts)
{
	if (texts)
		for (size_t i = 0; i < lt->n; i++)
			free((char *)lt->toks[i].text);
	free(lt->toks);
	free(lt->kinds);
	lt->toks = NULL;
	lt->kinds = NULL;
	lt->n = 0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* Split one line of text into tokens. Reports an unterminated quote. */
static void split_line(struct conf_ctx *ctx, const char *s, const char *file, int lineno,
		       struct line_toks *lt)
{
	size_t i = 0;
	for (;;) {
		while (s[i] && is_space(s[i]))
			i++;
		char c = s[i];
		if (!c || c == '#' || c == '!')
			return;
		if (c == '{' || c == '}') {
			line_push(lt, c == '{' ? CONF_TOK_LBRACE : CONF_TOK_RBRACE,
				  xstrdup(c == '{' ? "{" : "}"), file, lineno, false);
			i++;
			continue;
		}
		char *word = NULL;
		size_t len = 0;
		bool quoted = false;
		while (s[i] && !is_space(s[i]) && s[i] != '{' && s[i] != '}' && s[i] != '#' && s[i] != '!') {
			if (s[i] == '"') {
				const char *end = strchr(s + i + 1, '"');
				quoted = true;
				if (!end) {
					struct conf_token at = { .text = "\"", .file = file, .line = lineno };
					conf_error(ctx, &at, "unterminated quoted string");
					end = s + strlen(s);
					while (end > s + i + 1 && is_space(end[-1]))
						end--;
				}
				size_t n = (size_t)(end - (s + i + 1));
				word = xrealloc(word, len + n + 1);
				memcpy(word + len, s + i + 1, n);
				len += n;
				i = (size_t)(end - s) + (*end == '"' ? 1 : 0);
				continue;
			}
			word = xrealloc(word, len + 2);
			word[len++] = s[i++];
		}
		if (!word)
			word = xmalloc(1);
		word[len] = '\0';
		line_push(lt, CONF_TOK_WORD, word, file, lineno, quoted);
	}
}

/* Remember a file name for the life of the token stream. */
static const char *lex_keep_name(struct conf_lex *lx, const char *name)
{
	char **slot = array_push(&lx->files, &lx->n_files, sizeof(*lx->files));
	*slot = xstrdup(name);
	return *slot;
}

/* Expand one include pattern relative to the directory of `from`. */
static void lex_include_pattern(struct conf_ctx *ctx, const struct conf_token *pat)
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
	if (rc == GLOB_NOMATCH) {
		conf_warn(ctx, pat, "include pattern '%s' matches no file", pat->text);
	} else if (rc != 0) {
		conf_error(ctx, pat, "include pattern '%s' cannot be expanded", pat->text);
	} else {
		for (size_t i = 0; i < g.gl_pathc; i++)
			conf_lex_file(ctx, g.gl_pathv[i], pat);
	}
	globfree(&g);
	free(full);
}

/* Handle "include PATTERN..." (lt holds the whole line, include first). */
static void lex_include(struct conf_ctx *ctx, struct line_toks *lt)
{
	if (lt->n < 2) {
		conf_error(ctx, &lt->toks[0], "include takes a file pattern");
		return;
	}
	for (size_t i = 1; i < lt->n; i++) {
		if (lt->kinds[i] != CONF_TOK_WORD) {
			conf_error(ctx, &lt->toks[i], "unexpected '%s' in include", lt->toks[i].text);
			continue;
		}
		lex_include_pattern(ctx, &lt->toks[i]);
	}
}

/* Is `real` already being read (an include loop)? */
static bool lex_on_stack(const struct conf_lex *lx, const char *real)
{
	for (size_t i = 0; i < lx->depth; i++)
		if (strcmp(lx->stack[i], real) == 0)
			return true;
	return false;
}

/* A line ending in a backslash continues on the next one: return the
 * logical line (heap), advancing *lineno over the lines it took. */
static char *join_continued(FILE *f, const char *first, int *lineno)
{
	char *out = xstrdup(first);
	char *next = NULL;
	size_t cap = 0;
	for (;;) {
		size_t len = strlen(out);
		while (len && (out[len - 1] == '\n' || out[len - 1] == '\r'))
			len--;
		if (!len || out[len - 1] != '\\') {
			free(next);
			return out;
		}
		out[len - 1] = ' ';
		out[len] = '\0';
		if (getline(&next, &cap, f) < 0) {
			free(next);
			return out;
		}
		(*lineno)++;
		char *joined = NULL;
		size_t jl = 0;
		str_appendf(&joined, &jl, "%s%s", out, next);
		free(out);
		out = joined;
	}
}

/* Read every line of f (already open, named `name`) into the stream. */
static void lex_stream(struct conf_ctx *ctx, FILE *f, const char *name)
{
	struct conf_lex *lx = &ctx->lex;
	char *buf = NULL;
	size_t cap = 0;
	int lineno = 0;
	errno = 0;
	while (getline(&buf, &cap, f) >= 0) {
		lineno++;
		int first = lineno;
		char *joined = join_continued(f, buf, &lineno);
		char *text = conf_preproc_line(&ctx->defs, ctx->config_id, joined);
		free(joined);
		if (!text)
			continue;
		struct line_toks lt = { 0 };
		split_line(ctx, text, name, first, &lt);
		free(text);
		if (lt.n == 0) {
			line_free(&lt, true);
			continue;
		}
		if (lt.kinds[0] == CONF_TOK_WORD && !lt.toks[0].quoted &&
		    strcmp(lt.toks[0].text, "include") == 0) {
			lex_include(ctx, &lt);
			line_free(&lt, true);
			continue;
		}
		for (size_t i = 0; i < lt.n; i++)
			lex_push(lx, lt.kinds[i], (char *)lt.toks[i].text, name, first, lt.toks[i].quoted);
		lex_push(lx, CONF_TOK_EOL, NULL, name, first, false);
		line_free(&lt, false);
	}
	if (ferror(f)) {
		struct conf_token at = { .text = "", .file = name, .line = lineno + 1 };
		conf_error(ctx, &at, "read error: %s", strerror(errno ? errno : EIO));
	}
	free(buf);
}

bool conf_lex_file(struct conf_ctx *ctx, const char *path, const struct conf_token *from)
{
	struct conf_lex *lx = &ctx->lex;
	if (lx->depth >= CONF_INCLUDE_MAX_DEPTH) {
		conf_error(ctx, from, "include of %s nested too deeply (limit %d levels)",
			   path, CONF_INCLUDE_MAX_DEPTH);
		return false;
	}
	FILE *f = fopen(path, "r");
	if (!f) {
		int e = errno;
		conf_error(ctx, from, "cannot open %s: %s", path, strerror(e));
		return false;
	}
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		conf_error(ctx, from, "cannot read %s: %s", path, strerror(EISDIR));
		fclose(f);
		return false;
	}
	char *real = realpath(path, NULL);
	if (!real)
		real = xstrdup(path);
	if (lex_on_stack(lx, real)) {
		conf_error(ctx, from, "include loop: %s is already being read", path);
		free(real);
		fclose(f);
		return false;
	}
	lx->stack = xrealloc(lx->stack, (lx->depth + 1) * sizeof(*lx->stack));
	lx->stack[lx->depth++] = real;

	lex_stream(ctx, f, lex_keep_name(lx, path));

	lx->depth--;
	free(lx->stack[lx->depth]);
	fclose(f);
	return true;
}

void conf_lex_free(struct conf_lex *lx)
{
	for (size_t i = 0; i < lx->n; i++)
		free((char *)lx->toks[i].text);
	free(lx->toks);
	free(lx->kinds);
	for (size_t i = 0; i < lx->n_files; i++)
		free(lx->files[i]);
	free(lx->files);
	for (size_t i = 0; i < lx->depth; i++)
		free(lx->stack[i]);
	free(lx->stack);
	memset(lx, 0, sizeof(*lx));
}
