/* conf_parse.c - the keyword-table parser (see conf_parse.h).
 *
 * Reads statements from the token stream made by conf_lex.c: a keyword, its
 * arguments up to the end of the line, and optionally a `{ ... }` block whose
 * opening brace may be on the same line or the next. Each block kind has a
 * table (struct conf_block); rows give the arity and the handler. Problems
 * are reported with file:line and counted; parsing always goes on.
 */
#include "conf_lex.h"
#include "keyidx.h"
#include "log.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CONF_TOK_EOF 0xff

/* ---- context and reporting ------------------------------------------------------- */

void conf_ctx_init(struct conf_ctx *ctx, struct config *conf, bool check_only)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->conf = conf;
	ctx->check_only = check_only;
	ctx->rule_prio_next[0] = ctx->rule_prio_next[1] = RULE_DEFAULT_PRIORITY;
	conf_default_config_id(ctx->config_id, sizeof(ctx->config_id));
	conf_pp_init(&ctx->pp, ctx->config_id);
}

void conf_ctx_free(struct conf_ctx *ctx)
{
	conf_lex_free(&ctx->lex);
	conf_pp_free(&ctx->pp);
	conf_objs_meta_free(ctx);
	free(ctx->vrrp_meta);
	ctx->vrrp_meta = NULL;
	ctx->n_vrrp_meta = 0;
	free(ctx->late_refs);
	ctx->late_refs = NULL;
	ctx->n_late_refs = 0;
	keyidx_free(ctx->link_names);
	ctx->link_names = NULL;
}

struct config *conf_ctx_config(struct conf_ctx *ctx) { return ctx->conf; }
bool conf_ctx_check_only(const struct conf_ctx *ctx) { return ctx->check_only; }

struct vrrp_meta *conf_vrrp_meta(struct conf_ctx *ctx, const struct vrrp_instance_conf *vi)
{
	size_t i = (size_t)(vi - ctx->conf->vrrp);
	if (i >= ctx->conf->n_vrrp)
		fatal("conf_vrrp_meta: instance not in the configuration");
	while (ctx->n_vrrp_meta <= i)
		array_push(&ctx->vrrp_meta, &ctx->n_vrrp_meta, sizeof(*ctx->vrrp_meta));
	return &ctx->vrrp_meta[i];
}

/* Print "FILE:LINE: message" (or just the message without a token). */
static void conf_report(int prio, const struct conf_token *at, const char *fmt, va_list ap)
{
	char msg[1536];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (at && at->file)
		log_msg(prio, "%s:%d: %s", at->file, at->line, msg);
	else
		log_msg(prio, "%s", msg);
}

/* conf_report() with arguments. */
static void conf_report_at(int prio, const struct conf_token *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void conf_report_at(int prio, const struct conf_token *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	conf_report(prio, at, fmt, ap);
	va_end(ap);
}

/* Errors: the first CONF_MAX_ERRORS are printed; the next one prints
 * "too many errors" and stops the lexer and the parser (ctx->stopped).
 * In a line of a skip_bad_lines block the error is a warning: the line is
 * skipped, as keepalived 2.2.7 skips it (conf_error_hard(): never). */
void conf_error(struct conf_ctx *ctx, const struct conf_token *at, const char *fmt, ...)
{
	if (ctx->skip_bad_line) {
		char msg[1536];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		conf_warn(ctx, at, "%s: the line is skipped, as keepalived 2.2.7 skips it", msg);
		return;
	}
	ctx->errors++;
	if (ctx->errors > CONF_MAX_ERRORS) {
		if (!ctx->stopped)
			conf_report_at(LOG_ERR, at, "too many errors (more than %d), giving up", CONF_MAX_ERRORS);
		ctx->stopped = true;
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	conf_report(LOG_ERR, at, fmt, ap);
	va_end(ap);
}

void conf_error_hard(struct conf_ctx *ctx, const struct conf_token *at, const char *fmt, ...)
{
	char msg[1536];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	bool skip = ctx->skip_bad_line;
	ctx->skip_bad_line = false;
	conf_error(ctx, at, "%s", msg);
	ctx->skip_bad_line = skip;
}

/* Warnings and notices share a print budget; all warnings are counted. */
static bool message_budget(struct conf_ctx *ctx, const struct conf_token *at)
{
	if (ctx->stopped)
		return false;
	ctx->messages++;
	if (ctx->messages == CONF_MAX_MESSAGES + 1)
		conf_report_at(LOG_WARNING, at, "more than %d warnings; no more are shown", CONF_MAX_MESSAGES);
	return ctx->messages <= CONF_MAX_MESSAGES;
}

void conf_notice(struct conf_ctx *ctx, const struct conf_token *at, const char *fmt, ...)
{
	if (!message_budget(ctx, at))
		return;
	va_list ap;
	va_start(ap, fmt);
	conf_report(LOG_NOTICE, at, fmt, ap);
	va_end(ap);
}

void conf_warn(struct conf_ctx *ctx, const struct conf_token *at, const char *fmt, ...)
{
	ctx->warnings++;
	if (!message_budget(ctx, at))
		return;
	va_list ap;
	va_start(ap, fmt);
	conf_report(LOG_WARNING, at, fmt, ap);
	va_end(ap);
}

void conf_kw_not_supported(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	const char *why = args->kw ? args->kw->why : NULL;
	conf_error(ctx, &args->argv[0], "'%s' is not supported%s%s", args->argv[0].text, why ? ": " : "",
		   why ? why : "");
}

void conf_kw_no_effect(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	uint32_t v;
	if (args->kw && args->kw->max && args->argc < 2)
		conf_warn(ctx, &args->argv[0], "%s needs a number: ignored, as keepalived 2.2.7 ignores it ('size "
			  "missing')", args->argv[0].text);
	else if (args->kw && args->kw->max && !conf_value_uint(args->argv[1].text, (uint32_t)args->kw->min,
							       (uint32_t)args->kw->max, &v))
		conf_warn(ctx, &args->argv[1], "%s: invalid number '%s': ignored, as keepalived 2.2.7 ignores it",
			  args->argv[0].text, args->argv[1].text);
	conf_notice(ctx, &args->argv[0], "'%s' has no effect in keepalived-ng, ignored", args->argv[0].text);
}

void conf_kw_obsolete(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	conf_warn(ctx, &args->argv[0], "'%s' is obsolete, ignored", args->argv[0].text);
}

bool conf_kw_is_policy(const struct conf_keyword *kw)
{
	return kw->handler == conf_kw_not_supported || kw->handler == conf_kw_no_effect ||
	       kw->handler == conf_kw_obsolete;
}

/* ---- tables ---------------------------------------------------------------------------- */

/* The row named name in kw[0..n), or NULL. The tables are in the order the
 * man page reads, not sorted: the first two bytes are compared before
 * strcmp() (a 1,000-instance file was 400,000 strcmp() calls here). */
static const struct conf_keyword *table_find(const struct conf_keyword *kw, size_t n, const char *name)
{
	char c0 = name[0], c1 = c0 ? name[1] : '\0';
	for (size_t i = 0; i < n; i++) {
		const char *k = kw[i].name;
		if (k && k[0] == c0 && (!c0 || k[1] == c1) && strcmp(k, name) == 0)
			return &kw[i];
	}
	return NULL;
}

const struct conf_keyword *conf_block_find(const struct conf_block *block, const char *name)
{
	if (!block->keywords && !block->more)
		return NULL;
	const struct conf_keyword *kw = table_find(block->keywords, block->n_keywords, name);
	if (!kw && block == &conf_top_block)
		kw = table_find(conf_check_top_keywords, conf_check_top_keywords_count, name);
	for (const struct conf_block *b = block->more; !kw && b; b = b->more)
		kw = table_find(b->keywords, b->n_keywords, name);
	return kw;
}

/* ---- the token stream ------------------------------------------------------------------- */

static unsigned kind_at(const struct conf_ctx *ctx, size_t i)
{
	return i < ctx->lex.n ? ctx->lex.kinds[i] : CONF_TOK_EOF;
}

/* The last token: where "end of file" problems are reported. */
static const struct conf_token *last_tok(const struct conf_ctx *ctx)
{
	return ctx->lex.n ? &ctx->lex.toks[ctx->lex.n - 1] : NULL;
}

/* A block still open at the end of the file: keepalived 2.2.7 says "There are
 * N missing '}'s" and runs the file as if the blocks were closed there; so
 * does this parser, with a warning naming the block (-t exits 5). */
static void report_unclosed(struct conf_ctx *ctx, const struct conf_token *kw, const struct conf_token *brace)
{
	conf_warn(ctx, last_tok(ctx), "block '%s' opened at %s:%d is never closed: closed at the end of "
		  "the file, as keepalived 2.2.7 closes it", kw->text, brace->file, brace->line);
}

/* Skip a block whose `{` (brace) has just been consumed, nested blocks
 * included, up to and including its `}`. */
static void skip_block(struct conf_ctx *ctx, const struct conf_token *kw, const struct conf_token *brace)
{
	int depth = 1;
	for (;;) {
		unsigned k = kind_at(ctx, ctx->pos);
		if (k == CONF_TOK_EOF) {
			report_unclosed(ctx, kw, brace);
			return;
		}
		ctx->pos++;
		if (k == CONF_TOK_LBRACE)
			depth++;
		else if (k == CONF_TOK_RBRACE && --depth == 0)
			return;
	}
}

/* "vrrp_instance: " before messages about keywords inside a block. */
static const char *block_prefix(const struct conf_block *block, char *buf, size_t size)
{
	if (block == &conf_top_block || !block->name)
		buf[0] = '\0';
	else
		snprintf(buf, size, "%s: ", block->name);
	return buf;
}

/* Check a statement's argument count against its row; report if wrong. */
static bool check_arity(struct conf_ctx *ctx, const struct conf_block *block,
			const struct conf_keyword *kw, const struct conf_args *args)
{
	int got = (int)args->argc - 1;
	if (got >= kw->min_args && (kw->max_args == CONF_ARGS_ANY || got <= kw->max_args))
		return true;
	char pre[96], want[64];
	if (((kw->skip_bad && !kw->value_required) || kw->skip_missing) && got < kw->min_args) {
		/* keepalived: "... missing - ignoring" */
		conf_warn(ctx, &args->argv[0], "%s%s needs a value: ignored, as keepalived 2.2.7 ignores it",
			  block_prefix(block, pre, sizeof(pre)), kw->name);
		return false;
	}
	if (kw->max_args == kw->min_args)
		snprintf(want, sizeof(want), "%d argument%s", kw->min_args, kw->min_args == 1 ? "" : "s");
	else if (kw->max_args == CONF_ARGS_ANY)
		snprintf(want, sizeof(want), "at least %d argument%s", kw->min_args, kw->min_args == 1 ? "" : "s");
	else
		snprintf(want, sizeof(want), "%d to %d arguments", kw->min_args, kw->max_args);
	if (kw->value_required && got < kw->min_args)
		conf_error(ctx, &args->argv[0], "%s%s takes %s, got %d (keepalived 2.2.7 stops at this line: "
			   "'missing a parameter')", block_prefix(block, pre, sizeof(pre)), kw->name, want, got);
	else
		conf_error(ctx, &args->argv[0], "%s%s takes %s, got %d",
			   block_prefix(block, pre, sizeof(pre)), kw->name, want, got);
	return false;
}

/* Words past a keyword's arguments: keepalived 2.2.7's handler takes the
 * values it needs and the words after them are dropped without a word -
 * several keywords on one line (`auth_type PASS auth_pass x`, what
 * `authentication { auth_type PASS auth_pass x }` gives) or extra values
 * (`nopreempt 1`, `priority 100 50`). The same here; args->argc is cut to
 * the keyword's arguments. A keyword dropped so is a warning (what the
 * user wrote is lost); extra values are a notice, not counted, so that -t
 * exits 0 where keepalived 2.2.7's does (real-world files: `nopreempt 1`,
 * `preempt yes`). Not for a flag given "off" (the arity error stays) nor
 * at the top level but for a block's keyword: 2.2.7's root handlers take
 * the name they need and drop the rest (`garp_group GG_1 {`, a real-world
 * name where none is read). */
static void ignore_next_keywords(struct conf_ctx *ctx, const struct conf_block *block, struct conf_args *args)
{
	const struct conf_keyword *kw = args->kw;
	if (kw->max_args == CONF_ARGS_ANY || args->argc <= (size_t)kw->max_args + 1 ||
	    (block == &conf_top_block && !kw->block))
		return;
	size_t keep = (size_t)kw->max_args + 1;
	bool next_kw = conf_block_find(block, args->argv[keep].text) != NULL;
	/* a flag given "off": keepalived may read it, we would not - the
	 * arity error stays */
	static const char *const off[] = { "off", "no", "false", "0", "disable", "disabled" };
	for (size_t i = 0; !next_kw && kw->max_args == 0 && i < ARRAY_SIZE(off); i++)
		if (!strcasecmp(args->argv[keep].text, off[i]))
			return;
	char words[256] = "";
	size_t len = 0;
	for (size_t i = keep; i < args->argc && len < sizeof(words); i++)
		len += (size_t)snprintf(words + len, sizeof(words) - len, "%s%s", i > keep ? " " : "",
					args->argv[i].text);
	char pre[96];
	if (next_kw)
		conf_warn(ctx, &args->argv[keep], "%s'%s' ignored: one keyword per line (keepalived 2.2.7 reads "
			  "%s and drops the rest of the line); put it on a line of its own",
			  block_prefix(block, pre, sizeof(pre)), words, kw->name);
	else if (kw->block && kw->block->line_handler)
		/* a list block: 2.2.7's alloc_value_block() reports the words
		 * (-t exits 5) and reads the block */
		conf_warn(ctx, &args->argv[keep], "Block %s has extra parameters %s: ignored, as keepalived 2.2.7 "
			  "ignores them", kw->name, words);
	else   /* keepalived's handler reads the words it needs */
		conf_notice(ctx, &args->argv[keep], "%s%s takes at most %d argument%s: '%s' ignored, as keepalived "
			  "2.2.7 ignores it", block_prefix(block, pre, sizeof(pre)), kw->name, kw->max_args,
			  kw->max_args == 1 ? "" : "s", words);
	args->argc = keep;
}

/* A list line ending in '$' before a block of one word on the same line:
 * ${NAME} with NAME never defined (the preprocessor leaves it as it is
 * and the lexer splits it as keepalived 2.2.7's read_line() does). 2.2.7
 * reads '$', '{' and NAME as entries, each skipped with a message, and
 * ends the list at the '}', so that the list's remaining lines are read
 * as the enclosing block's and the list's own '}' ends that block: -t
 * exits 5 and the rest of the enclosing block is lost. Here the line is
 * skipped with a warning and what follows kept, a deliberate difference
 * as for an unknown block (HACKING.md). false: not that shape. */
static bool undefined_ref(struct conf_ctx *ctx, const struct conf_block *block, const struct conf_token *brace)
{
	size_t q = ctx->pos;   /* just after the '{' */
	if (kind_at(ctx, q) != CONF_TOK_WORD || kind_at(ctx, q + 1) != CONF_TOK_RBRACE)
		return false;
	const struct conf_token *nm = &ctx->lex.toks[q], *close = &ctx->lex.toks[q + 1];
	if (nm->line != brace->line || close->line != brace->line)
		return false;
	conf_warn(ctx, brace, "%s: ${%s} is not defined: the line is skipped; keepalived 2.2.7 would end the "
		  "%s at its '}', losing the rest of the %s and of the enclosing block",
		  block->name, nm->text, block->name, block->name);
	return true;
}

static void parse_block(struct conf_ctx *ctx, const struct conf_block *block, void *obj,
			const struct conf_token *kw_tok, const struct conf_token *brace);
static void parse_block_body(struct conf_ctx *ctx, const struct conf_block *block, void *obj,
			     const struct conf_token *kw_tok, const struct conf_token *brace);

/* One statement starting at ctx->pos (a word). */
static void parse_statement(struct conf_ctx *ctx, const struct conf_block *block, void *obj)
{
	size_t start = ctx->pos;
	while (kind_at(ctx, ctx->pos) == CONF_TOK_WORD)
		ctx->pos++;
	struct conf_args args = { .argc = ctx->pos - start, .argv = &ctx->lex.toks[start] };
	const struct conf_token *name = &args.argv[0];

	/* A block may follow, its `{` on this line or on the next one. */
	const struct conf_token *brace = NULL;
	size_t q = ctx->pos;
	if (kind_at(ctx, q) == CONF_TOK_EOL && kind_at(ctx, q + 1) == CONF_TOK_LBRACE)
		q++;
	if (kind_at(ctx, q) == CONF_TOK_LBRACE) {
		brace = &ctx->lex.toks[q];
		ctx->pos = q + 1;
	}

	char pre[96];
	if (block->line_handler) {
		if (brace && !strcmp(args.argv[args.argc - 1].text, "$") && undefined_ref(ctx, block, brace)) {
			skip_block(ctx, name, brace);
			return;
		}
		if (brace) {   /* 2.2.7: the same as for ${NAME} below, with other words */
			conf_warn(ctx, brace, "unexpected block in %s: skipped with its line; keepalived 2.2.7 would "
				  "read its words as entries and end the %s at its '}', losing the rest of the %s and "
				  "of the enclosing block", block->name, block->name, block->name);
			skip_block(ctx, name, brace);
			return;
		}
		ctx->skip_bad_line = block->skip_bad_lines;
		block->line_handler(ctx, obj, &args);
		ctx->skip_bad_line = false;
		return;
	}

	/* root globals matter at the top level and in global_defs only */
	bool root_global = (block == &conf_top_block || block == &conf_global_block) &&
			   conf_top_root_global(name->text);
	if (root_global && block == &conf_top_block) {   /* where keepalived 2.2 reads it */
		block = &conf_global_block;
		obj = &((struct config *)obj)->global;
		root_global = false;
	}
	if (root_global && block == &conf_global_block) {
		/* keepalived 2.2.7: "Unknown keyword" there, and it runs without it */
		conf_warn(ctx, name, "%s inside global_defs is ignored, as keepalived 2.2 ignores it there: "
			  "it is read only at the top level (move it out of global_defs)", name->text);
		if (brace)
			skip_block(ctx, name, brace);
		return;
	}
	const struct conf_keyword *kw = conf_block_find(block, name->text);
	args.kw = kw;
	if (!kw) {
		/* keepalived 2.2.7 says "Unknown keyword" and runs without it (-t
		 * exits 5), in every block: so do we. Every keyword it knows has a
		 * row here (a CONF_KW_NOT_SUPPORTED one at least). */
		if (block == &conf_top_block)
			conf_warn(ctx, name, "unknown keyword '%s' at top level", name->text);
		else if (brace)   /* 2.2.7 drops only the '{': the block's '}' closes the enclosing one */
			conf_warn(ctx, name, "unknown keyword '%s' in %s: its block is skipped; keepalived 2.2.7 "
				  "would end the %s at this block's '}' and lose what follows (a typo or a newer "
				  "keyword?)", name->text, block->name, block->name);
		else
			conf_warn(ctx, name, "unknown keyword '%s' in %s: ignored, as keepalived 2.2.7 ignores it",
				  name->text, block->name);
		if (brace)
			skip_block(ctx, name, brace);
		return;
	}
	if (block == &conf_top_block && (conf_top_part(kw) & ctx->skip_parts)) {
		/* -P / -C: keepalived 2.2.7's process that reads this block does
		 * not run; the others skip it unread (no message, no error) */
		if (brace || kw->block)
			skip_block(ctx, name, brace ? brace : name);
		return;
	}
	if (conf_kw_is_policy(kw)) {
		/* a knob without effect here whose missing value keepalived
		 * 2.2.7 stops at (value_required: config_save_dir) or ignores with a
		 * message (skip_missing): the arity check tells */
		if ((kw->value_required || kw->skip_missing) && !check_arity(ctx, block, kw, &args)) {
			if (brace)
				skip_block(ctx, name, brace);
			return;
		}
		kw->handler(ctx, obj, &args);
		if (brace)
			skip_block(ctx, name, brace);
		return;
	}
	ignore_next_keywords(ctx, block, &args);
	if (!check_arity(ctx, block, kw, &args)) {
		if (brace)
			skip_block(ctx, name, brace);
		return;
	}
	if (!kw->block) {
		/* keepalived 2.2.7 drops the '{' ("Unexpected '{' - ignoring"),
		 * reads the block's lines as the enclosing block's and ends that
		 * block at this block's '}' (what follows is lost), and runs the
		 * file (-t exits 5): here the keyword is read, its block skipped,
		 * what follows kept, with a warning. Real-world: 'router_id
		 * ${NAME}' with NAME undefined ('$', then a block '{ NAME }') */
		if (brace)
			conf_warn(ctx, brace, "%s%s does not take a block: the block is skipped; keepalived 2.2.7 "
				  "would read its lines as the enclosing block's and end that block at its '}'",
				  block_prefix(block, pre, sizeof(pre)), kw->name);
		if (kw->handler) {
			ctx->skip_bad_line = kw->skip_bad;
			kw->handler(ctx, obj, &args);
			ctx->skip_bad_line = false;
		}
		if (brace)
			skip_block(ctx, name, brace);
		return;
	}
	if (!brace) {
		/* keepalived 2.2.7: "Missing '{' at beginning of configuration
		 * block", and the lines up to the next '}' that closes nothing
		 * are the block (a virtual_server written without its '{' runs
		 * with its real servers); the same here, with a warning */
		conf_warn(ctx, name, "%s%s: missing '{': the lines up to the next unmatched '}' are its block, as "
			  "keepalived 2.2.7 reads them", block_prefix(block, pre, sizeof(pre)), kw->name);
		brace = name;
	}
	if (kw->handler)
		kw->handler(ctx, obj, &args);
	void *child = kw->open ? kw->open(ctx, obj, &args) : obj;
	if (!child) {
		skip_block(ctx, name, brace);
		return;
	}
	parse_block(ctx, kw->block, child, name, brace);
}

/* Statements up to the `}` that closes this block (or the end for the top
 * level). kw_tok/brace are NULL for the top level. */
static void parse_block(struct conf_ctx *ctx, const struct conf_block *block, void *obj,
			const struct conf_token *kw_tok, const struct conf_token *brace)
{
	if (brace && ctx->nesting >= CONF_MAX_NESTING) {
		conf_error(ctx, brace, "blocks nested more than %d deep", CONF_MAX_NESTING);
		skip_block(ctx, kw_tok, brace);
		return;
	}
	ctx->nesting += brace != NULL;
	parse_block_body(ctx, block, obj, kw_tok, brace);
	ctx->nesting -= brace != NULL;
}

/* The statements of parse_block(). */
static void parse_block_body(struct conf_ctx *ctx, const struct conf_block *block, void *obj,
			     const struct conf_token *kw_tok, const struct conf_token *brace)
{
	while (!ctx->stopped) {
		unsigned k = kind_at(ctx, ctx->pos);
		const struct conf_token *t = ctx->pos < ctx->lex.n ? &ctx->lex.toks[ctx->pos] : NULL;
		switch (k) {
		case CONF_TOK_EOF:
			if (brace) {
				report_unclosed(ctx, kw_tok, brace);
				if (block->close)
					block->close(ctx, obj, brace);
			}
			return;
		case CONF_TOK_EOL:
			ctx->pos++;
			break;
		case CONF_TOK_RBRACE:
			ctx->pos++;
			if (!brace) {   /* keepalived 2.2.7: "Extra '}' found", runs */
				conf_warn(ctx, t, "unexpected '}' (no block to close): ignored, as keepalived "
					  "2.2.7 ignores it");
				break;
			}
			if (block->close)
				block->close(ctx, obj, brace);
			return;
		case CONF_TOK_LBRACE:
			ctx->pos++;
			conf_error(ctx, t, "unexpected '{' (no keyword before it)");
			skip_block(ctx, t, t);
			break;
		default:
			parse_statement(ctx, block, obj);
			break;
		}
	}
}

void conf_parse_tokens(struct conf_ctx *ctx)
{
	ctx->pos = 0;
	parse_block(ctx, &conf_top_block, ctx->conf, NULL, NULL);
}

bool conf_parse_file(struct conf_ctx *ctx, const char *path)
{
	if (!conf_lex_file(ctx, path, NULL) || ctx->stopped)
		return false;
	conf_parse_tokens(ctx);
	return !ctx->stopped;
}
