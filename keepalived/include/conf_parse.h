/* conf_parse.h - the keyword-table parser for keepalived.conf.
 *
 * The lexer (conf_lex.c) turns files into tokens that remember file:line;
 * `include GLOB` is expanded there. The parser (conf_parse.c) reads
 * statements: a keyword, its arguments up to the end of the line, and
 * optionally a `{ ... }` block. Each block kind has a table of keywords
 * (struct conf_block); a row says how many arguments the keyword takes and
 * which handler stores them. Handlers report problems with conf_error() /
 * conf_warn(), which print "file:line: message" and let parsing go on.
 *
 * Tables:
 *   conf_top_block          top level: global_defs, vrrp_instance, ...
 *   (check/check_keywords.c) conf_check_top_keywords[]: virtual_server,
 *                           virtual_server_group - owned by the checker.
 */
#ifndef KA_CONF_PARSE_H
#define KA_CONF_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"

struct conf_ctx;

struct conf_token {
	const char *text;     /* the word, quotes removed */
	const char *file;     /* file it came from (stable for the parse) */
	int line;
	bool quoted;
};

struct conf_keyword;

/* One statement: argv[0] is the keyword, argv[1..argc-1] its arguments;
 * kw is the table row that matched (NULL in list blocks). */
struct conf_args {
	size_t argc;
	const struct conf_token *argv;
	const struct conf_keyword *kw;
};

/* Store a simple keyword's arguments into obj. */
typedef void (*conf_kw_fn)(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
/* Open a block: create the object the block fills (e.g. append a new
 * vrrp_instance to the config) and return it; NULL = skip the block
 * (an error was reported). parent is the enclosing block's object. */
typedef void *(*conf_open_fn)(struct conf_ctx *ctx, void *parent, const struct conf_args *args);
/* Called at the closing brace of a block. */
typedef void (*conf_close_fn)(struct conf_ctx *ctx, void *obj, const struct conf_token *open_brace);

#define CONF_ARGS_ANY (-1)

struct conf_block;

struct conf_keyword {
	const char *name;
	int min_args;                     /* arguments after the keyword */
	int max_args;                     /* CONF_ARGS_ANY = no limit */
	conf_kw_fn handler;               /* for plain keywords (may be NULL for blocks) */
	const struct conf_block *block;   /* non-NULL: the keyword opens a block */
	conf_open_fn open;                /* blocks: make the object; NULL = reuse parent */
	/* Generic setters (conf_set_*, below) store into obj at off: */
	size_t off, size;                 /* offsetof / sizeof of the member */
	int64_t min, max;                 /* conf_set_uint: the accepted range */
	const char *why;                  /* CONF_KW_NOT_SUPPORTED_WHY: added to the error */
	/* A bad value is skipped with a warning (conf_error() warns, see
	 * conf_block.skip_bad_lines), as keepalived 2.2.7 skips it and runs;
	 * so is a missing value, unless value_required. */
	bool skip_bad;
	/* With skip_bad: the line without its value is an error all the
	 * same - keepalived 2.2.7's handler reads the value it lacks and
	 * stops there ("... is missing a parameter", exit 2). */
	bool value_required;
	/* The line without its value is skipped with a warning, as keepalived
	 * 2.2.7's handler checks for it ("... missing - ignoring") and runs;
	 * a bad value stays the handler's business. */
	bool skip_missing;
};

struct conf_block {
	const char *name;                 /* for messages: "vrrp_instance" */
	const struct conf_keyword *keywords;
	size_t n_keywords;
	/* List blocks (virtual_ipaddress { ... }): every line inside is handed
	 * to line_handler with argv[0] being the first word of the line.
	 * keywords is then NULL. */
	conf_kw_fn line_handler;
	conf_close_fn close;              /* may be NULL */
	/* Keywords this block shares with others: looked up here when its
	 * own table lacks them (e.g. the options every check type takes). */
	const struct conf_block *more;
	/* A line with an error is skipped with a warning (conf_error() then
	 * warns), as keepalived 2.2.7 skips a bad address, route or rule. */
	bool skip_bad_lines;
};

/* ---- reporting (counts errors; parsing goes on) ------------------------------ */
void conf_error(struct conf_ctx *ctx, const struct conf_token *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void conf_warn(struct conf_ctx *ctx, const struct conf_token *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* An error even in a skip_bad_lines line (what keepalived cannot run). */
void conf_error_hard(struct conf_ctx *ctx, const struct conf_token *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Informational, not counted (keywords accepted without effect). */
void conf_notice(struct conf_ctx *ctx, const struct conf_token *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
struct config *conf_ctx_config(struct conf_ctx *ctx);
bool conf_ctx_check_only(const struct conf_ctx *ctx);

/* Where token t was read (file name interned), for struct conf_origin. */
struct conf_origin conf_origin_of(const struct conf_token *t);

/* ---- value helpers: report "KEYWORD must be ..., got X" and return false ------ */
/* Integer in [min,max]. Numbers are read as keepalived 2.2.7 reads them
 * (a '+', white space before the digits, "" = 0). conf_get_uint() and
 * conf_get_fixed() report another value as a warning ("the line is
 * skipped"), as 2.2.7 skips it and runs the file; a keyword that cannot do
 * without its value (virtual_router_id) reports its own error. */
bool conf_get_uint(struct conf_ctx *ctx, const struct conf_token *tok, const char *what,
		   uint32_t min, uint32_t max, uint32_t *out);
/* conf_get_uint() for the keywords keepalived 2.2.7 reads with
 * ignore_error (vrrp_script interval/timeout/rise/fall, retry, a real
 * server's weight, quorum, hysteresis): a number followed by other
 * characters ("5s") is that number with a warning, as its running daemon
 * takes it (its -t reports it and skips the line). */
bool conf_get_uint_lead(struct conf_ctx *ctx, const struct conf_token *tok, const char *what,
			uint32_t min, uint32_t max, uint32_t *out);
/* Decimal number of seconds with up to `decimals` fractional digits, returned
 * in units of 10^-decimals seconds (decimals=2: centiseconds), in [min,max]. */
bool conf_get_fixed(struct conf_ctx *ctx, const struct conf_token *tok, const char *what,
		    unsigned decimals, uint32_t min, uint32_t max, uint32_t *out);
/* The same checks without a message, for keywords whose bad value
 * keepalived 2.2.7 skips (the caller warns and says which value is used). */
bool conf_value_uint(const char *text, uint32_t min, uint32_t max, uint32_t *out);
/* A signed 32-bit decimal number (nftables priorities). */
bool conf_value_int32(const char *text, int32_t *out);
/* An nftables table name (letters, digits, '_', '-', '.') that fits buf:
 * copied there; false (buf untouched unless it fit) otherwise. */
bool conf_value_nft_name(const char *text, char *buf, size_t size);
bool conf_value_fixed(const char *text, unsigned decimals, uint32_t min, uint32_t max, uint32_t *out);
/* Integer in [min,max]; another value is skipped with a warning, as
 * keepalived 2.2.7 skips it (false, *out untouched). For the keywords it
 * reads with ignore_error (garp_*, down_timer_adverts, vrrp_version,
 * smtp_connect_timeout...): the number before other characters is taken
 * with a warning, as in conf_get_uint_lead(). */
bool conf_get_uint_or_skip(struct conf_ctx *ctx, const struct conf_token *tok, const char *what,
			   uint32_t min, uint32_t max, uint32_t *out);
/* A prefix length 0..max; another value is max with a warning, as
 * keepalived 2.2.7 uses it ("Invalid address prefix len - using 32"). */
bool conf_get_prefixlen(struct conf_ctx *ctx, const struct conf_token *tok, const char *what, uint32_t max,
			uint32_t *out);
/* A repeat count 0..max: 0 is 1 with a warning, as keepalived 2.2.7 sets
 * it; another value is skipped with a warning (false), as keepalived
 * ("invalid - ignoring"). */
bool conf_get_repeat(struct conf_ctx *ctx, const struct conf_token *tok, const char *what, uint32_t max,
		     uint32_t *out);
/* The text of an IPv4/IPv6 address (family 0 = either), nothing reported:
 * false and *out untouched when it is not one. */
bool ka_addr_parse(const char *text, sa_family_t family, struct ka_addr *out);
/* IPv4/IPv6 address (family 0 = either). */
bool conf_get_addr(struct conf_ctx *ctx, const struct conf_token *tok, const char *what,
		   sa_family_t family, struct ka_addr *out);
/* conf_get_addr() as keepalived 2.2.7's inet_stosockaddr() reads an
 * address (mcast_src_ip, unicast_peer, virtual/real/sorry server,
 * connect_ip, bindto): what follows a '-' or '/' is dropped
 * ("10.0.1.1/24" is 10.0.1.1), with a notice - 2.2.7 says nothing. */
bool conf_get_addr_ka(struct conf_ctx *ctx, const struct conf_token *tok, const char *what,
		      sa_family_t family, struct ka_addr *out);
/* One word of a fixed set of choices and the value it stands for. */
struct conf_choice {
	const char *name;
	int value;
};
/* tok must be one of choices[0..n) (ignoring case when icase); else the
 * error "WHAT must be one of A B C, got X". */
bool conf_get_choice(struct conf_ctx *ctx, const struct conf_token *tok, const char *what,
		     const struct conf_choice *choices, size_t n, bool icase, int *out);
/* USER [GROUP] -> *uid, *gid (the group defaults to the user's primary one;
 * group NULL or "" = none). An unknown one is an error "WHAT: unknown user
 * 'X'" at user_at (group_at for the group); false then. */
bool conf_get_user(struct conf_ctx *ctx, const struct conf_token *user_at, const struct conf_token *group_at,
		   const char *what, const char *user, const char *group, uid_t *uid, gid_t *gid);
/* Copy a word into a fixed buffer, error if too long. */
bool conf_get_string(struct conf_ctx *ctx, const struct conf_token *tok, const char *what,
		     char *buf, size_t size);
/* Join args[from..] with single spaces into a new heap string (scripts).
 * With several arguments, quoted ones holding spaces or quotes are re-quoted
 * so that script_split() gives the same words back. */
char *conf_join_args(const struct conf_args *args, size_t from);
/* The script word at args->argv[i], as keepalived 2.2.7 reads a script
 * line: a "double quoted" word (the lexer's) or a 'single quoted' one,
 * which may span several of the lexer's words (joined with one space,
 * the outer quotes removed; to the end of the line when unclosed), or a
 * plain word. Its text, a command line that the script runner splits into
 * words again, goes to *out (heap); returns the index after the word. */
size_t conf_script_word(const struct conf_args *args, size_t i, char **out);
/* notify_* SCRIPT [USER [GROUP]] into *slot, as keepalived 2.2.7 reads it:
 * one word (or one quoted string, conf_script_word()) is the command; a second word is the
 * user to run it as (a third its group; default the user's): the script
 * runs as that user. When there is no such user (or group) keepalived
 * drops the script: a warning, slot->cmd stays NULL. A second line for a
 * slot already set is ignored with a warning (keepalived keeps the first). */
void conf_set_notify_slot(struct conf_ctx *ctx, const struct conf_args *args, struct conf_script *slot);
/* on/off yes/no true/false 1/0; no argument = true. */
bool conf_get_bool(struct conf_ctx *ctx, const struct conf_args *args, size_t idx, bool *out);

/* ---- tables ---------------------------------------------------------------------- */
extern const struct conf_block conf_top_block;
/* A keyword keepalived 2.2 reads at the top level although its row is in
 * global_defs' table (net_namespace, instance, use_pid_dir, ...: conf_top.c). */
bool conf_top_root_global(const char *name);
/* The part of the file a top-level keyword belongs to: CONF_PART_VRRP
 * (vrrp_instance, vrrp_script, static_ipaddress...), CONF_PART_CHECK
 * (virtual_server, virtual_server_group, SSL) or 0 (global_defs, bfd_instance,
 * track_file: read by every process of keepalived 2.2.7). */
unsigned conf_top_part(const struct conf_keyword *kw);
/* The checker's top-level keywords (virtual_server, virtual_server_group). */
extern const struct conf_keyword conf_check_top_keywords[];
extern const size_t conf_check_top_keywords_count;
/* The checker's global_defs keywords (lvs_sync_daemon, lvs_flush, ...):
 * conf_global_block's `more`. */
extern const struct conf_block check_global_block;

/* Keywords keepalived knows that keepalived-ng does not implement. The rule
 * (keepalived.conf(5), "NOT SUPPORTED"): a keyword that changes who is
 * master, which addresses are installed or which servers get traffic is
 * implemented or rejected; never a warning plus "configuration OK".
 * Any arguments and a block following such a keyword are skipped whole.
 *
 *   CONF_KW_NOT_SUPPORTED("kw")  error "'kw' is not supported": -t exits 4,
 *                                the daemon refuses to start
 *   CONF_KW_NO_EFFECT("kw")      a cosmetic keyword or a tuning knob with a
 *                                safe default: one notice, not counted
 *   CONF_KW_OBSOLETE("kw")       a spelling keepalived 2.2.7 itself no longer
 *                                knows (lvs_id, ...): a warning, as keepalived
 */
void conf_kw_not_supported(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_kw_no_effect(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_kw_obsolete(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
/* One of the three handlers above. */
bool conf_kw_is_policy(const struct conf_keyword *kw);
#define CONF_KW_NOT_SUPPORTED(kw) { kw, 0, CONF_ARGS_ANY, conf_kw_not_supported, NULL, NULL }
/* The same with the reason in the error: "'kw' is not supported: WHY". */
#define CONF_KW_NOT_SUPPORTED_WHY(kw, w) { kw, 0, CONF_ARGS_ANY, conf_kw_not_supported, NULL, NULL, .why = (w) }
#define CONF_KW_NO_EFFECT(kw) { kw, 0, CONF_ARGS_ANY, conf_kw_no_effect, NULL, NULL }
/* The same for a knob whose value keepalived 2.2.7 reads as a number
 * 0..4294967295: a missing or bad value is a warning, as there ("size
 * missing", "invalid"), so that -t exits 5 as its -t does. */
#define CONF_KW_NO_EFFECT_UINT(kw) { kw, 0, CONF_ARGS_ANY, conf_kw_no_effect, NULL, NULL, .max = UINT32_MAX }
/* The same for a knob whose missing value stops keepalived 2.2.7 ("...
 * is missing a parameter", exit 2: config_save_dir) - an error -
 * or is ignored there with a message (tmp_config_directory, snmp_socket,
 * dbus_service_name, vrrp_rx_bufs_policy) - a warning. */
#define CONF_KW_NO_EFFECT_VALUE(kw) { kw, 1, CONF_ARGS_ANY, conf_kw_no_effect, NULL, NULL, .value_required = true }
#define CONF_KW_NO_EFFECT_SKIP(kw) { kw, 1, CONF_ARGS_ANY, conf_kw_no_effect, NULL, NULL, .skip_missing = true }
#define CONF_KW_OBSOLETE(kw) { kw, 0, CONF_ARGS_ANY, conf_kw_obsolete, NULL, NULL }

/* ---- generic setters: a keyword row that stores its value itself --------------------
 * For keywords that take one value into one struct member, no handler is
 * written: the row names the member (offsetof/sizeof) and a setter below
 * parses, checks and stores (core/conf_setters.c). Errors are reported as
 * the hand-written handlers do ("KEYWORD must be ..., got X").
 *
 *   CONF_KW_UINT(kw, T, M, lo, hi)   unsigned integer member (1, 2, 4 or 8 bytes) in [lo, hi]
 *   CONF_KW_UINT_SKIP(kw, T, M, lo, hi)  the same, another value skipped with a warning
 *                                    (where keepalived 2.2.7 skips it and runs)
 *   CONF_KW_BOOL(kw, T, M)           bool: no argument = true, or on/off yes/no true/false 1/0
 *   CONF_KW_FLAG(kw, T, M)           bool set to true; takes no argument
 *   CONF_KW_STRBUF(kw, T, M)         one word into char M[N] (too long = error)
 *   CONF_KW_SCRIPT(kw, T, M)         char *M, the arguments joined (conf_join_args)
 *   CONF_KW_NOTIFY(kw, T, M)         struct conf_script M, SCRIPT [USER [GROUP]] as keepalived
 *                                    (conf_set_notify_slot)
 *   CONF_KW_ADDR(kw, T, M)           struct ka_addr M, IPv4 or IPv6
 */
void conf_set_uint(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_set_uint_skip(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_set_bool(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_set_strbuf(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_set_script(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_set_notify(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_set_addr(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
#define CONF_KW_MEMBER(T, M) offsetof(T, M), sizeof(((T *)0)->M)
#define CONF_KW_UINT(kw, T, M, lo, hi) { kw, 1, 1, conf_set_uint, NULL, NULL, CONF_KW_MEMBER(T, M), lo, hi }
#define CONF_KW_UINT_SKIP(kw, T, M, lo, hi) { kw, 1, 1, conf_set_uint_skip, NULL, NULL, CONF_KW_MEMBER(T, M), lo, hi }
#define CONF_KW_BOOL(kw, T, M) { kw, 0, 1, conf_set_bool, NULL, NULL, CONF_KW_MEMBER(T, M), 0, 1 }
#define CONF_KW_FLAG(kw, T, M) { kw, 0, 0, conf_set_bool, NULL, NULL, CONF_KW_MEMBER(T, M), 0, 1 }
#define CONF_KW_STRBUF(kw, T, M) { kw, 1, 1, conf_set_strbuf, NULL, NULL, CONF_KW_MEMBER(T, M), 0, 0 }
#define CONF_KW_SCRIPT(kw, T, M) { kw, 1, CONF_ARGS_ANY, conf_set_script, NULL, NULL, CONF_KW_MEMBER(T, M), 0, 0 }
#define CONF_KW_NOTIFY(kw, T, M) { kw, 1, CONF_ARGS_ANY, conf_set_notify, NULL, NULL, CONF_KW_MEMBER(T, M), 0, 0 }
#define CONF_KW_ADDR(kw, T, M) { kw, 1, 1, conf_set_addr, NULL, NULL, CONF_KW_MEMBER(T, M), 0, 0 }

/* Look a keyword up in a block's table (NULL if unknown). */
const struct conf_keyword *conf_block_find(const struct conf_block *block, const char *name);

#endif
