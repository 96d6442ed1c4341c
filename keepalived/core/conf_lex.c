/* conf_lex.c - keepalived.conf files to a token stream.
 *
 * A file is read whole (regular files only, size capped) and cut into
 * physical lines; lines ending in a backslash continue on the next one.
 * Each logical line goes through the preprocessor (conf_preproc.c: @ID,
 * $NAME, ~SEQ ...), which hands back the lines to split into words.
 *
 * Words are separated by white space; `{` and `}` are tokens of their own
 * even when glued to a word; `#` and `!` outside quotes start a comment that
 * runs to the end of the line; "double quoted" text keeps its spaces (the
 * quotes may be glued to other characters: they are removed and the token
 * is flagged quoted). A line whose first word is `include` (or a variant) names glob(3)
 * patterns whose files are read in place (relative patterns are relative to
 * the directory of the including file; matches are sorted; conf_include.c).
 *
 * One pass, linear in the input: token texts live in an arena freed at
 * once, the scratch buffers are reused, and every size is capped
 * (CONF_MAX_* in conf_lex.h).
 */
#include "conf_lex.h"
#include "log.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ARENA_BLOCK 65536
#define LEX_RESERVE_MAX ((size_t)1 << 20)   /* tokens reserved up front, at most */

struct conf_arena {
	struct conf_arena *next;
	size_t used, size;
	char data[];
};

/* Where the preprocessor's lines go: the file and line being read. */
struct lex_cur {
	struct conf_ctx *ctx;
	const char *file;
	int line;
};

/* Copy n bytes and a NUL into the arena; the copy lives as long as lx. */
static const char *arena_copy(struct conf_lex *lx, const char *s, size_t n)
{
	struct conf_arena *a = lx->arena;
	if (!a || a->size - a->used < n + 1) {
		size_t size = n + 1 > ARENA_BLOCK ? n + 1 : ARENA_BLOCK;
		a = xmalloc(sizeof(*a) + size);
		a->size = size;
		a->used = 0;
		a->next = lx->arena;
		lx->arena = a;
	}
	char *p = a->data + a->used;
	memcpy(p, s, n);
	p[n] = '\0';
	a->used += n + 1;
	return p;
}

/* Room for cap tokens in all (no less than there is). */
static void lex_reserve(struct conf_lex *lx, size_t cap)
{
	if (cap <= lx->cap)
		return;
	lx->cap = cap;
	lx->toks = xrealloc(lx->toks, lx->cap * sizeof(*lx->toks));
	lx->kinds = xrealloc(lx->kinds, lx->cap);
}

/* Append one token; false (error reported, reading stops) past CONF_MAX_TOKENS. */
static bool lex_push(struct conf_ctx *ctx, enum conf_tok_kind kind, const char *text,
		     const char *file, int line, bool quoted)
{
	struct conf_lex *lx = &ctx->lex;
	if (lx->n >= CONF_MAX_TOKENS) {
		struct conf_token at = { .text = "", .file = file, .line = line };
		conf_error(ctx, &at, "more than %d words in the configuration; giving up", CONF_MAX_TOKENS);
		ctx->stopped = true;
		return false;
	}
	if (lx->n == lx->cap)
		lex_reserve(lx, lx->cap ? lx->cap * 2 : 1024);
	lx->toks[lx->n] = (struct conf_token){ .text = text, .file = file, .line = line, .quoted = quoted };
	lx->kinds[lx->n] = (uint8_t)kind;
	lx->n++;
	return true;
}

/* Character classes of the lexer, one table lookup per character. */
enum {
	CH_SPACE = 1,      /* white space: ends a word */
	CH_BRACE = 2,      /* { and }: tokens of their own (not in an include line) */
	CH_COMMENT = 4,    /* # and !: a comment to the end of the line */
	CH_QUOTE = 8,      /* " */
	CH_MARK = 16,      /* the preprocessor's stand-ins for a literal # or ! */
};

static const uint8_t ch_class[256] = {
	[' '] = CH_SPACE, ['\t'] = CH_SPACE, ['\r'] = CH_SPACE, ['\n'] = CH_SPACE, ['\v'] = CH_SPACE,
	['\f'] = CH_SPACE, ['{'] = CH_BRACE, ['}'] = CH_BRACE, ['#'] = CH_COMMENT, ['!'] = CH_COMMENT,
	['"'] = CH_QUOTE, [(uint8_t)CONF_PP_HASH] = CH_MARK, [(uint8_t)CONF_PP_BANG] = CH_MARK,
};

static unsigned ch(char c) { return ch_class[(uint8_t)c]; }

static bool is_space(char c) { return ch(c) & CH_SPACE; }

/* The classes that end a word: in an include line braces are part of the
 * pattern (csh-style {a,b}), elsewhere they are tokens of their own. */
static unsigned word_ends(bool braces_in_words)
{
	return CH_SPACE | CH_COMMENT | (braces_in_words ? 0 : CH_BRACE);
}

/* Does c end a word? */
static bool word_end(char c, bool braces_in_words)
{
	return ch(c) & word_ends(braces_in_words);
}

/* Add n bytes to the word being built (the preprocessor's '#' and '!'
 * become the characters); false past CONF_MAX_TOKEN_LEN. */
static bool word_add(struct conf_lex *lx, size_t *len, const char *s, size_t n)
{
	if (n > CONF_MAX_TOKEN_LEN - *len)
		return false;
	if (*len + n + 1 > lx->word_cap) {
		lx->word_cap = CONF_MAX_TOKEN_LEN + 1;
		lx->word = xrealloc(lx->word, lx->word_cap);
	}
	char *w = lx->word + *len;
	for (size_t i = 0; i < n; i++)
		w[i] = s[i] == CONF_PP_HASH ? '#' : s[i] == CONF_PP_BANG ? '!' : s[i];
	*len += n;
	return true;
}

/* Is the first word of line s[0..n) an include keyword? *checks: its checks. */
static bool include_line(const char *s, size_t n, unsigned *checks)
{
	size_t i = 0, j;
	while (i < n && is_space(s[i]))
		i++;
	for (j = i; j < n && !word_end(s[j], false); j++)
		;
	char word[17];
	/* every include keyword starts with "include": most lines stop here */
	if (j - i < 7 || j - i > 16 || memcmp(s + i, "include", 7) != 0)
		return false;
	memcpy(word, s + i, j - i);
	word[j - i] = '\0';
	return conf_include_word(word, checks);
}

/* Report a word over CONF_MAX_TOKEN_LEN. */
static void word_too_long(struct lex_cur *cur)
{
	struct conf_token at = { .text = "", .file = cur->file, .line = cur->line };
	conf_error(cur->ctx, &at, "word longer than %d bytes", CONF_MAX_TOKEN_LEN);
}

/* The word starting at s[*i] (not a brace): quoted parts lose their
 * quotes, the preprocessor's marks become # and !. Its text in the arena,
 * or NULL (error reported) when it is too long. Most words are one run of
 * plain characters: copied once, straight into the arena. */
static const char *take_word(struct lex_cur *cur, const char *s, size_t n, size_t *i,
			     bool braces_in_words, bool *quoted)
{
	struct conf_lex *lx = &cur->ctx->lex;
	unsigned ends = word_ends(braces_in_words);
	size_t j = *i;
	while (j < n && !(ch(s[j]) & (ends | CH_QUOTE | CH_MARK)))
		j++;
	if (j == n || (ch(s[j]) & ends)) {
		if (j - *i > CONF_MAX_TOKEN_LEN) {
			word_too_long(cur);
			return NULL;
		}
		const char *w = arena_copy(lx, s + *i, j - *i);
		*i = j;
		return w;
	}
	size_t len = 0;
	bool ok = true;
	j = *i;
	while (ok && j < n && !(ch(s[j]) & ends)) {
		if (s[j] != '"') {
			size_t k = j;
			while (k < n && !(ch(s[k]) & (ends | CH_QUOTE)))
				k++;
			ok = word_add(lx, &len, s + j, k - j);
			j = k;
			continue;
		}
		*quoted = true;
		const char *end = memchr(s + j + 1, '"', n - j - 1);
		size_t stop = end ? (size_t)(end - s) : n;
		if (!end) {
			struct conf_token at = { .text = "\"", .file = cur->file, .line = cur->line };
			conf_error(cur->ctx, &at, "unterminated quoted string");
			while (stop > j + 1 && is_space(s[stop - 1]))
				stop--;
		}
		ok = word_add(lx, &len, s + j + 1, stop - j - 1);
		j = end ? stop + 1 : n;
	}
	*i = j;
	if (!ok) {
		word_too_long(cur);
		return NULL;
	}
	return arena_copy(lx, lx->word ? lx->word : "", len);
}

/* Split one line into tokens appended to the stream (no EOL yet).
 * false: the line was bad (error reported); its tokens are to be dropped. */
static bool split_line(struct lex_cur *cur, const char *s, size_t n, bool braces_in_words)
{
	struct conf_ctx *ctx = cur->ctx;
	size_t i = 0;
	for (;;) {
		while (i < n && is_space(s[i]))
			i++;
		if (i >= n || (ch(s[i]) & CH_COMMENT))
			return true;
		if (!braces_in_words && (ch(s[i]) & CH_BRACE)) {
			bool open = s[i++] == '{';
			if (!lex_push(ctx, open ? CONF_TOK_LBRACE : CONF_TOK_RBRACE, open ? "{" : "}",
				      cur->file, cur->line, false))
				return false;
			continue;
		}
		bool quoted = false;
		const char *w = take_word(cur, s, n, &i, braces_in_words, &quoted);
		if (!w || !lex_push(ctx, CONF_TOK_WORD, w, cur->file, cur->line, quoted))
			return false;
	}
}

/* Remember a file name for the life of the token stream. */
static const char *lex_keep_name(struct conf_lex *lx, const char *name)
{
	char **slot = array_push(&lx->files, &lx->n_files, sizeof(*lx->files));
	*slot = xstrdup(name);
	return *slot;
}

/* "include... PATTERN...": the line's tokens are lx->toks[from..n); they are
 * taken off the stream and the patterns' files read in their place. */
static void lex_include(struct conf_ctx *ctx, size_t from, unsigned checks)
{
	struct conf_lex *lx = &ctx->lex;
	size_t n = lx->n - from;
	struct conf_token *t = xmalloc(n * sizeof(*t));
	uint8_t *k = xmalloc(n);
	memcpy(t, lx->toks + from, n * sizeof(*t));
	memcpy(k, lx->kinds + from, n);
	lx->n = from;
	conf_include_line(ctx, t, k, n, checks);
	free(t);
	free(k);
}

/* A line from the preprocessor: split it, read includes, end it with EOL. */
static void lex_line(void *arg, const char *text, size_t len)
{
	struct lex_cur *cur = arg;
	struct conf_ctx *ctx = cur->ctx;
	struct conf_lex *lx = &ctx->lex;
	if (ctx->stopped)
		return;
	size_t from = lx->n;
	unsigned checks;
	bool include = include_line(text, len, &checks);
	if (!split_line(cur, text, len, include)) {
		lx->n = from;
		return;
	}
	if (lx->n == from)
		return;
	if (include) {
		lex_include(ctx, from, checks);
		return;
	}
	/* include_check acts while the files are read; global_defs keeps the line */
	const char *first = lx->kinds[from] == CONF_TOK_WORD ? lx->toks[from].text : "";
	if (first[0] == 'i' && strcmp(first, "include_check") == 0)
		conf_include_check_line(ctx, lx->toks + from, lx->n - from);
	/* random_seed seeds ${_RANDOM} of the lines after it, so it acts as it is
	 * read; global_defs keeps the line (its row checks the number) */
	if (first[0] == 'r' && strcmp(first, "random_seed") == 0 &&
	    lx->n - from == 2 && lx->kinds[from + 1] == CONF_TOK_WORD) {
		char *e;
		errno = 0;
		unsigned long seed = strtoul(lx->toks[from + 1].text, &e, 10);
		if (!*e && !errno && seed <= UINT32_MAX && lx->toks[from + 1].text[0] != '-')
			conf_pp_seed(&ctx->pp, (uint32_t)seed);
	}
	lex_push(ctx, CONF_TOK_EOL, NULL, cur->file, cur->line, false);
}

static void lex_pp_error(void *arg, const char *msg)
{
	struct lex_cur *cur = arg;
	struct conf_token at = { .text = "", .file = cur->file, .line = cur->line };
	conf_error(cur->ctx, &at, "%s", msg);
}

static bool lex_pp_stop(void *arg)
{
	return ((struct lex_cur *)arg)->ctx->stopped;
}

/* Room for one more segment in lx->segs. */
static struct conf_seg *seg_slot(struct conf_lex *lx, size_t n)
{
	if (n == lx->segs_cap) {
		lx->segs_cap = lx->segs_cap ? lx->segs_cap * 2 : 16;
		lx->segs = xrealloc(lx->segs, lx->segs_cap * sizeof(*lx->segs));
	}
	return &lx->segs[n];
}

/* The physical line at *p (end of data at end): its text without the
 * newline and a trailing CR; *p moves past it. */
static struct conf_seg next_line(const char **p, const char *end)
{
	const char *s = *p;
	const char *nl = memchr(s, '\n', (size_t)(end - s));
	const char *e = nl ? nl : end;
	*p = nl ? nl + 1 : end;
	if (e > s && e[-1] == '\r')
		e--;
	return (struct conf_seg){ s, (size_t)(e - s) };
}

/* Every line of data[0..len) (the file `name`) into the stream. */
static void lex_buffer(struct conf_ctx *ctx, const char *data, size_t len, const char *name)
{
	struct conf_lex *lx = &ctx->lex;
	struct lex_cur cur = { .ctx = ctx, .file = name };
	const struct conf_pp_out out = { lex_line, lex_pp_error, lex_pp_stop, &cur };
	const char *p = data, *end = data + len;
	int lineno = 0;
	while (p < end && !ctx->stopped) {
		cur.line = ++lineno;
		size_t n = 0, total = 0;
		bool too_long = false;
		for (;;) {
			struct conf_seg seg = next_line(&p, end);
			if (seg.len > CONF_MAX_LINE_LEN || total + seg.len > CONF_PP_MAX_LINE)
				too_long = true;
			bool more = seg.len && seg.p[seg.len - 1] == '\\';
			if (more)
				seg.len--;
			if (!too_long) {
				*seg_slot(lx, n++) = seg;
				total += seg.len + 1;
			}
			if (!more || p >= end)
				break;
			lineno++;
		}
		if (too_long) {
			struct conf_token at = { .text = "", .file = name, .line = cur.line };
			conf_error(ctx, &at, "line longer than %d bytes", CONF_MAX_LINE_LEN);
			continue;
		}
		conf_pp_process(&ctx->pp, lx->segs, n, &out);
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

/* Read the regular file open on fd (st from fstat) whole: a heap buffer
 * and its length, or NULL with an error reported. */
static char *read_whole(struct conf_ctx *ctx, int fd, const struct stat *st, const char *path,
			const struct conf_token *from, size_t *len)
{
	struct conf_lex *lx = &ctx->lex;
	uint64_t left = CONF_MAX_INPUT - lx->bytes_read;
	size_t cap = CONF_MAX_FILE_SIZE < left ? CONF_MAX_FILE_SIZE : (size_t)left;
	if ((uint64_t)st->st_size > cap) {
		conf_error(ctx, from, "%s is too large (%lld bytes; at most %zu)", path,
			   (long long)st->st_size, cap);
		return NULL;
	}
	size_t size = (size_t)st->st_size + 1, got = 0;
	char *buf = xmalloc(size);
	for (;;) {
		if (got == size) {
			if (size > cap) {
				conf_error(ctx, from, "%s is too large (more than %zu bytes)", path, cap);
				free(buf);
				return NULL;
			}
			size *= 2;
			buf = xrealloc(buf, size);
		}
		ssize_t r = read(fd, buf + got, size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			conf_error(ctx, from, "cannot read %s: %s", path, strerror(errno));
			free(buf);
			return NULL;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	lx->bytes_read += got;
	*len = got;
	return buf;
}

/* The directory of real path `real` kept for the stream (for ${_PWD}). */
static const char *dir_of(struct conf_lex *lx, const char *real)
{
	const char *slash = strrchr(real, '/');
	char *d = xstrdup(real);
	if (!slash)
		strcpy(d, ".");
	else
		d[slash == real ? 1 : slash - real] = '\0';
	const char *kept = lex_keep_name(lx, d);
	free(d);
	return kept;
}

bool conf_lex_file(struct conf_ctx *ctx, const char *path, const struct conf_token *from)
{
	struct conf_lex *lx = &ctx->lex;
	if (lx->depth >= CONF_INCLUDE_MAX_DEPTH) {
		conf_error(ctx, from, "include of %s nested too deeply (limit %d levels)",
			   path, CONF_INCLUDE_MAX_DEPTH);
		return false;
	}
	if (lx->files_read >= CONF_MAX_FILES) {
		conf_error(ctx, from, "more than %d files read; not reading %s", CONF_MAX_FILES, path);
		return false;
	}
	/* O_NONBLOCK: opening a FIFO must not wait for a writer */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		conf_error(ctx, from, "cannot open %s: %s", path, strerror(e));
		return false;
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		conf_error(ctx, from, "cannot read %s: %s", path,
			   S_ISDIR(st.st_mode) ? strerror(EISDIR) : "not a regular file");
		close(fd);
		return false;
	}
	char *real = realpath(path, NULL);
	if (!real)
		real = xstrdup(path);
	if (lex_on_stack(lx, real)) {
		conf_error(ctx, from, "include loop: %s is already being read", path);
		free(real);
		close(fd);
		return false;
	}
	lx->files_read++;
	size_t len = 0;
	char *data = read_whole(ctx, fd, &st, path, from, &len);
	close(fd);
	if (!data) {
		free(real);
		return false;
	}
	/* the tokens of the main file in one allocation rather than a copy at
	 * every doubling (1,000 instances: 30,000 tokens): an estimate of one
	 * word per 6 bytes (keepalived.conf files run at 7-10), at most LEX_RESERVE_MAX
	 * words; a denser file grows by doubling from there. Pages past the
	 * last token are never touched. */
	if (!lx->depth)
		lex_reserve(lx, len / 6 + 64 < LEX_RESERVE_MAX ? len / 6 + 64 : LEX_RESERVE_MAX);
	lx->stack = xrealloc(lx->stack, (lx->depth + 1) * sizeof(*lx->stack));
	lx->stack[lx->depth++] = real;
	const char *saved_pwd = ctx->pp.pwd;
	unsigned saved_checks = lx->include_checks;
	ctx->pp.pwd = dir_of(lx, real);

	lex_buffer(ctx, data, len, lex_keep_name(lx, path));

	ctx->pp.pwd = saved_pwd;
	lx->include_checks = saved_checks;
	lx->depth--;
	free(lx->stack[lx->depth]);
	free(data);
	return true;
}

void conf_lex_free(struct conf_lex *lx)
{
	while (lx->arena) {
		struct conf_arena *next = lx->arena->next;
		free(lx->arena);
		lx->arena = next;
	}
	free(lx->toks);
	free(lx->kinds);
	for (size_t i = 0; i < lx->n_files; i++)
		free(lx->files[i]);
	free(lx->files);
	for (size_t i = 0; i < lx->depth; i++)
		free(lx->stack[i]);
	free(lx->stack);
	free(lx->segs);
	free(lx->word);
	memset(lx, 0, sizeof(*lx));
}
