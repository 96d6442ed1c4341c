/* conf_lex_test.c - the token stream: words, braces, comments, quotes,
 * line numbers, and include expansion (globs, order, loops, depth). */
#include "unit.h"
#include "conf_test_util.h"

#include "conf_lex.h"

struct lex_call {
	struct conf_ctx *ctx;
	const char *path;
};

static void lex_run(void *arg)
{
	struct lex_call *l = arg;
	conf_lex_file(l->ctx, l->path, NULL);
}

/* Lex path into ctx (initialised here) with the log captured. */
static char *lex_capture(struct conf_ctx *ctx, struct config *conf, const char *path)
{
	config_init(conf);
	conf_ctx_init(ctx, conf, false);
	struct lex_call l = { ctx, path };
	return capture_stderr(lex_run, &l);
}

/* Render the stream as "text@line" words, "{" "}" and "|" for EOL. */
static char *render(const struct conf_lex *lx, bool with_lines)
{
	static char buf[4096];
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < lx->n && len < sizeof(buf) - 64; i++) {
		const struct conf_token *t = &lx->toks[i];
		switch (lx->kinds[i]) {
		case CONF_TOK_EOL:
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "|");
			break;
		default:
			if (with_lines)
				len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s[%s%s]@%d ",
						       lx->kinds[i] == CONF_TOK_WORD ? "" : "B", t->quoted ? "q:" : "",
						       t->text, t->line);
			else
				len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s ", t->text);
		}
	}
	return buf;
}

TEST(words_braces_comments_quotes)
{
	struct tmpdir d;
	tmpdir_make(&d);
	char path[512];
	tmpdir_write(&d, "a.conf",
		     "# comment line\n"
		     "global_defs{router_id  x}  ! trailing\n"
		     "\n"
		     "  notify \"/bin/echo a  b\" tail#comment\n"
		     "auth_pass pre\"mid dle\"post\n"
		     "}{ \"{\"\n",
		     path, sizeof(path));
	struct conf_ctx ctx;
	struct config conf;
	char *log = lex_capture(&ctx, &conf, path);
	CHECK_STR(render(&ctx.lex, true),
		  "[global_defs]@2 B[{]@2 [router_id]@2 [x]@2 B[}]@2 |"
		  "[notify]@4 [q:/bin/echo a  b]@4 [tail]@4 |"
		  "[auth_pass]@5 [q:premid dlepost]@5 |"
		  "B[}]@6 B[{]@6 [q:{]@6 |");
	CHECK_EQ_INT(ctx.errors, 0);
	CHECK_STR(ctx.lex.toks[0].file, path);
	free(log);
	conf_ctx_free(&ctx);
	config_free(&conf);
	tmpdir_remove(&d);
}

TEST(unterminated_quote)
{
	struct tmpdir d;
	tmpdir_make(&d);
	char path[512];
	tmpdir_write(&d, "a.conf", "x \"abc def  \ny\n", path, sizeof(path));
	struct conf_ctx ctx;
	struct config conf;
	char *log = lex_capture(&ctx, &conf, path);
	CHECK_EQ_INT(ctx.errors, 1);
	CHECK(log_has_at(log, "error", path, 1, "unterminated quoted string"));
	CHECK_STR(render(&ctx.lex, false), "x abc def |y |");
	free(log);
	conf_ctx_free(&ctx);
	config_free(&conf);
	tmpdir_remove(&d);
}

TEST(include_sorted_relative_nested)
{
	struct tmpdir d;
	tmpdir_make(&d);
	char path[512], sub[600];
	snprintf(sub, sizeof(sub), "%s/sub", d.path);
	mkdir(sub, 0700);
	snprintf(sub, sizeof(sub), "%s/sub/deeper", d.path);
	mkdir(sub, 0700);
	tmpdir_write(&d, "sub/b.conf", "b1\nb2\n", NULL, 0);
	tmpdir_write(&d, "sub/a.conf", "a1\ninclude deeper/*.inc\n", NULL, 0);
	tmpdir_write(&d, "sub/deeper/x.inc", "x1\n", NULL, 0);
	tmpdir_write(&d, "sub/c.txt", "not included\n", NULL, 0);
	tmpdir_write(&d, "main.conf", "start\ninclude sub/*.conf\nend\ninclude none/*.conf\n", path, sizeof(path));
	struct conf_ctx ctx;
	struct config conf;
	char *log = lex_capture(&ctx, &conf, path);
	CHECK_STR(render(&ctx.lex, false), "start |a1 |x1 |b1 |b2 |end |");
	CHECK_EQ_INT(ctx.errors, 0);
	CHECK(log_has_at(log, "parent", path, 4,   /* a notice: no "warning:" */ "include pattern 'none/*.conf' matches no file"));
	/* tokens remember their own file and line */
	if (ctx.lex.n > 4) {
		CHECK(strstr(ctx.lex.toks[4].file, "sub/deeper/x.inc") != NULL);
		CHECK_EQ_INT(ctx.lex.toks[4].line, 1);
	}
	free(log);
	conf_ctx_free(&ctx);
	config_free(&conf);
	tmpdir_remove(&d);
}

TEST(include_loop_is_error)
{
	struct tmpdir d;
	tmpdir_make(&d);
	char path[512], b[512];
	tmpdir_write(&d, "a.conf", "a\ninclude b.conf\n", path, sizeof(path));
	tmpdir_write(&d, "b.conf", "b\ninclude a.conf\n", b, sizeof(b));
	struct conf_ctx ctx;
	struct config conf;
	char *log = lex_capture(&ctx, &conf, path);
	CHECK_EQ_INT(ctx.errors, 1);
	CHECK(log_has_at(log, "error", b, 2, "include loop:"));
	CHECK_STR(render(&ctx.lex, false), "a |b |");
	free(log);
	conf_ctx_free(&ctx);
	config_free(&conf);
	tmpdir_remove(&d);
}

TEST(include_depth_limit)
{
	struct tmpdir d;
	tmpdir_make(&d);
	char path[512], name[32], text[64];
	/* f0 includes f1 ... f24: nesting deeper than the limit */
	for (int i = 0; i < 25; i++) {
		snprintf(name, sizeof(name), "f%d.conf", i);
		snprintf(text, sizeof(text), "w%d\ninclude f%d.conf\n", i, i + 1);
		tmpdir_write(&d, name, text, i == 0 ? path : NULL, sizeof(path));
	}
	tmpdir_write(&d, "f25.conf", "end\n", NULL, 0);
	struct conf_ctx ctx;
	struct config conf;
	char *log = lex_capture(&ctx, &conf, path);
	CHECK_EQ_INT(ctx.errors, 1);
	CHECK(count_in(log, "nested too deeply (limit 20 levels)") == 1);
	CHECK(strstr(render(&ctx.lex, false), "w19 |") != NULL);
	CHECK(strstr(render(&ctx.lex, false), "w20") == NULL);
	free(log);
	conf_ctx_free(&ctx);
	config_free(&conf);
	tmpdir_remove(&d);
}

TEST(include_without_pattern)
{
	struct tmpdir d;
	tmpdir_make(&d);
	char path[512];
	tmpdir_write(&d, "a.conf", "a\ninclude\n", path, sizeof(path));
	struct conf_ctx ctx;
	struct config conf;
	char *log = lex_capture(&ctx, &conf, path);
	CHECK_EQ_INT(ctx.errors, 1);
	CHECK(log_has_at(log, "error", path, 2, "include takes a file pattern"));
	free(log);
	conf_ctx_free(&ctx);
	config_free(&conf);
	tmpdir_remove(&d);
}

/* The character classes: every white space separates, # and ! end a word
 * and start a comment (x!y ends the line), ${_HASH} and ${_BANG} are the characters inside
 * quotes and start a comment outside them (keepalived 2.2.7 decomments a line
 * again after replacing its definitions); a word of CONF_MAX_TOKEN_LEN bytes is read and
 * one byte more is an error; a file denser than the lexer's estimate of
 * its words (one per 6 bytes) is read whole. */
TEST(word_classes_marks_and_limits)
{
	struct tmpdir d;
	tmpdir_make(&d);
	char path[512];
	tmpdir_write(&d, "a.conf",
		     "a\tb\vc\fd\re\n"
		     "x!y z#w\n"
		     "p${_HASH}q \"r ${_BANG}\"s ${_HASH}\n"
		     "\"r ${_BANG}\"s t\n",
		     path, sizeof(path));
	struct conf_ctx ctx;
	struct config conf;
	char *log = lex_capture(&ctx, &conf, path);
	CHECK_STR(render(&ctx.lex, true),
		  "[a]@1 [b]@1 [c]@1 [d]@1 [e]@1 |[x]@2 |[p]@3 |[q:r !s]@4 [t]@4 |");
	CHECK_EQ_INT(ctx.errors, 0);
	free(log);
	conf_ctx_free(&ctx);
	config_free(&conf);

	size_t big = CONF_MAX_TOKEN_LEN + 1;
	char *text = malloc(2 * big + 16);
	memset(text, 'w', big - 1);             /* line 1: a word of MAX bytes */
	text[big - 1] = '\n';
	memset(text + big, 'v', big);           /* line 2: MAX + 1 */
	strcpy(text + 2 * big, "\nlast\n");
	tmpdir_write(&d, "long.conf", text, path, sizeof(path));
	log = lex_capture(&ctx, &conf, path);
	CHECK_EQ_INT(ctx.errors, 1);
	CHECK(log_has_at(log, "error", path, 2, "word longer than"));
	CHECK(ctx.lex.n == 4 && strlen(ctx.lex.toks[0].text) == CONF_MAX_TOKEN_LEN);
	CHECK_STR(ctx.lex.toks[2].text, "last");
	free(log);
	conf_ctx_free(&ctx);
	config_free(&conf);

	/* 20,000 one-letter words on 2,500 lines: 40,000 bytes, 22,500 tokens */
	char *dense = malloc(40001);
	for (size_t i = 0; i < 40000; i += 16)
		memcpy(dense + i, "a b c d e f g h\n", 16);
	dense[40000] = '\0';
	tmpdir_write(&d, "dense.conf", dense, path, sizeof(path));
	log = lex_capture(&ctx, &conf, path);
	CHECK_EQ_INT(ctx.errors, 0);
	CHECK(ctx.lex.n == 22500);
	CHECK_STR(ctx.lex.toks[22498].text, "h");
	CHECK(ctx.lex.toks[22498].line == 2500);
	free(log);
	free(dense);
	free(text);
	conf_ctx_free(&ctx);
	config_free(&conf);
	tmpdir_remove(&d);
}

int main(void)
{
	RUN(words_braces_comments_quotes);
	RUN(unterminated_quote);
	RUN(include_sorted_relative_nested);
	RUN(include_loop_is_error);
	RUN(include_depth_limit);
	RUN(include_without_pattern);
	RUN(word_classes_marks_and_limits);
	return unit_summary();
}
