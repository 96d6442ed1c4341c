/* conf_lex.h - internals of the keepalived.conf parser.
 *
 * Private to keepalived/core/conf_*.c (and the config unit tests): the token
 * stream made by the lexer, the parse context, and the tables that the
 * public conf_parse.h does not export. Other parts of the daemon use
 * config_load() and the structs of config.h only.
 */
#ifndef KA_CONF_LEX_H
#define KA_CONF_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf_host.h"
#include "conf_parse.h"
#include "conf_preproc.h"

/* Limits: bad input gets a FILE:LINE error in bounded time and memory. */
#define CONF_INCLUDE_MAX_DEPTH 20                  /* include nesting (main file = 0) */
#define CONF_MAX_FILES 10000                       /* files read, includes counted */
#define CONF_MAX_FILE_SIZE ((size_t)32 << 20)      /* bytes of one file */
#define CONF_MAX_INPUT ((uint64_t)128 << 20)       /* bytes of all files */
#define CONF_MAX_LINE_LEN 65536                    /* bytes of one physical line */
#define CONF_MAX_TOKEN_LEN 16384                   /* bytes of one word */
#define CONF_MAX_TOKENS 4000000                    /* words in all */
#define CONF_MAX_NESTING 64                        /* { } blocks inside each other */
#define CONF_MAX_ERRORS 100                        /* then "too many errors" and stop */
#define CONF_MAX_MESSAGES 100                      /* warnings/notices printed (all counted) */

enum conf_tok_kind {
	CONF_TOK_WORD = 0,     /* a word or a quoted string */
	CONF_TOK_LBRACE,       /* { */
	CONF_TOK_RBRACE,       /* } */
	CONF_TOK_EOL,          /* end of a line that had tokens */
};

/* The whole configuration as one token stream, includes expanded.
 * toks[] and kinds[] are parallel arrays; the tokens of one line are
 * contiguous, so a statement's arguments can point into toks[]. */
struct conf_arena;

struct conf_lex {
	struct conf_token *toks;
	uint8_t *kinds;
	size_t n, cap;
	char **files;          /* file names the tokens point to (owned) */
	size_t n_files;
	char **stack;          /* real paths of the files being read (loops) */
	size_t depth;
	struct conf_arena *arena;   /* token texts (freed at once) */
	size_t files_read;
	uint64_t bytes_read;
	struct conf_seg *segs;      /* scratch: the physical lines of one logical line */
	size_t segs_cap;
	char *word;                 /* scratch: the word being built */
	size_t word_cap;
	unsigned include_checks;    /* CONF_INC_*: include_check of the file being read */
};

/* What the parser remembers about one vrrp_instance beyond its struct:
 * which keywords were given (to inherit the rest from global_defs) and
 * where, so that validation can point at the right line. */
enum vrrp_set_bit {
	VRRP_SET_VERSION        = 1u << 0,
	VRRP_SET_GARP_DELAY     = 1u << 1,
	VRRP_SET_GARP_REPEAT    = 1u << 2,
	VRRP_SET_GARP_REFRESH   = 1u << 3,
	VRRP_SET_GARP_REFRESH_REPEAT = 1u << 4,
	VRRP_SET_VRID           = 1u << 5,
	VRRP_SET_INTERFACE      = 1u << 6,
	VRRP_SET_AUTH_TYPE      = 1u << 7,
	VRRP_SET_AUTH_PASS      = 1u << 8,
	VRRP_SET_STATE          = 1u << 9,
	VRRP_SET_ADVERT         = 1u << 10,
	VRRP_SET_PRIORITY       = 1u << 11,
	VRRP_SET_LOWER_PRIO_NO_ADVERT = 1u << 12,
	VRRP_SET_HIGHER_PRIO_SEND_ADVERT = 1u << 13,
	VRRP_SET_SMTP_ALERT     = 1u << 14,
	VRRP_SET_NOTIFY_PRIO_CHANGES = 1u << 15,
};

/* Where each vrrp_script / vrrp_track_file / vrrp_sync_group was declared
 * (parallel to the arrays of struct vrrp_objs_conf), for messages. */
enum conf_obj_kind { CONF_OBJ_SCRIPT = 0, CONF_OBJ_FILE, CONF_OBJ_GROUP, CONF_OBJ_PROC, CONF_OBJ_KINDS };
struct conf_obj_toks {
	const struct conf_token **toks;
	size_t n;
};

struct vrrp_meta {
	unsigned set;                          /* enum vrrp_set_bit */
	const struct conf_token *advert_tok;   /* the advert_int value */
	uint32_t advert_us;                    /* advert_int as read, in microseconds (validation rounds it) */
	const struct conf_token *priority_tok;
	const struct conf_token *interface_tok; /* the interface value */
	const struct conf_token *auth_tok;     /* the authentication keyword */
};

/* A track_script / track_file / track_process line read before the
 * object it names was declared (vrrp_conf_track.c): keepalived 2.2.7 looks
 * the name up when it reads the line, so it ignores such a line;
 * validation drops it (vrrp_conf_track_validate.c). */
struct conf_late_ref {
	char owner[96];                        /* "vrrp_instance NAME", "vrrp_sync_group NAME" */
	char what[16];                         /* track_script, track_file, track_process */
	char name[64];
	const struct conf_token *at;           /* the line's name */
};

/* The parse context: everything one config_load() needs; no globals. */
struct conf_ctx {
	struct config *conf;
	bool check_only;
	bool all_config;                       /* -e: an include matching nothing is an error */
	int errors;
	int warnings;
	int messages;                          /* warnings and notices printed */
	bool stopped;                          /* too many errors: stop reading */
	bool skip_bad_line;                    /* conf_error() warns: see conf_block.skip_bad_lines */
	int nesting;                           /* parser: blocks open */
	struct conf_lex lex;
	size_t pos;                            /* parser position in lex */
	struct vrrp_meta *vrrp_meta;           /* parallel to conf->vrrp */
	size_t n_vrrp_meta;
	const struct conf_token *script_user_tok;
	const struct conf_token *script_security_tok;  /* enable_script_security (on) */
	struct conf_late_ref *late_refs;
	size_t n_late_refs;
	const struct conf_token *smtp_server_tok;  /* its value, for the resolver's warning */
	char config_id[256];                   /* for @ID lines (conf_preproc.h) */
	struct conf_pp pp;                     /* $NAME definitions, ~SEQ, @ID */
	struct conf_obj_toks obj_toks[CONF_OBJ_KINDS];
	uint32_t rule_prio_next[2];            /* rules without priority: IPv4, IPv6 (vrrp_conf_route.c) */
	const struct conf_host *host;          /* interfaces the checks see (NULL: the system) */
	bool host_in_netns;                    /* the checks run where the file's interfaces are */
	unsigned skip_parts;                   /* CONF_PART_*: top-level blocks not read (-P, -C) */
	struct keyidx *link_names;             /* VMAC/ipvlan names taken (vrrp_conf_l3.c) */
};

/* ---- context ---------------------------------------------------------------- */
/* Start a context filling conf (already config_init()ed). */
void conf_ctx_init(struct conf_ctx *ctx, struct config *conf, bool check_only);
/* Free the tokens and side tables (not the config). */
void conf_ctx_free(struct conf_ctx *ctx);
/* Meta of the instance vi (which lives in ctx->conf->vrrp). */
struct vrrp_meta *conf_vrrp_meta(struct conf_ctx *ctx, const struct vrrp_instance_conf *vi);

/* Remember the declaring token of the object just appended (vrrp_conf_track_validate.c). */
void conf_objs_meta_push(struct conf_ctx *ctx, enum conf_obj_kind kind, const struct conf_token *tok);
/* The declaring token of object i of a kind (NULL if unknown). */
const struct conf_token *conf_obj_tok(const struct conf_ctx *ctx, enum conf_obj_kind kind, size_t i);
/* Free the side tables of conf_objs_meta_push(). */
void conf_objs_meta_free(struct conf_ctx *ctx);

/* ---- lexer (conf_lex.c) -------------------------------------------------------- */
/* Append the tokens of PATH (and of the files it includes) to ctx->lex.
 * from = the include statement's token for messages (NULL for the main file).
 * PATH must be a regular file. Problems are reported through conf_error()/
 * conf_warn(). Returns false if the file could not be read at all. */
bool conf_lex_file(struct conf_ctx *ctx, const char *path, const struct conf_token *from);
void conf_lex_free(struct conf_lex *lx);

/* include lines and their checks (conf_include.c) */
enum {
	CONF_INC_READABLE = 1u << 0,   /* includer: every matched file readable */
	CONF_INC_MATCH = 1u << 1,      /* includem: a plain name must exist */
	CONF_INC_WILDCARD = 1u << 2,   /* includew: a wildcard must match a file */
	CONF_INC_BRACE = 1u << 3,      /* includeb: each {a,b} alternative must match */
	CONF_INC_ALL = 0xf,            /* includea, bare include_check */
};
/* Is word an include keyword (include, includer, ...)? *checks: its own checks. */
bool conf_include_word(const char *word, unsigned *checks);
/* Read the files of the include line t[0..n) (kinds[] its token kinds) with
 * `checks` plus the current include_check level; errors at FILE:LINE. */
void conf_include_line(struct conf_ctx *ctx, const struct conf_token *t, const uint8_t *kinds, size_t n,
		       unsigned checks);
/* "include_check [[+|-]CHECK...]" (t[0..n)): sets the level of the file being read. */
void conf_include_check_line(struct conf_ctx *ctx, const struct conf_token *t, size_t n);

/* ---- parser (conf_parse.c) ----------------------------------------------------- */
/* Parse ctx->lex from the start with conf_top_block; obj is the struct config. */
void conf_parse_tokens(struct conf_ctx *ctx);
/* Parse the file at PATH into ctx->conf (lex + parse, no validation).
 * Returns false if the main file could not be opened or there were too
 * many errors to go on (errors reported). */
bool conf_parse_file(struct conf_ctx *ctx, const char *path);

/* ---- validation (conf_validate.c, vrrp/vrrp_conf_validate.c) ---------------------- */
/* Copy global_defs values into instances that did not set them. */
void conf_inherit_globals(struct conf_ctx *ctx);
/* Semantic checks of the whole config; errors are counted in ctx. */
void conf_validate(struct conf_ctx *ctx);
/* The vrrp_instance blocks' part of conf_validate(). */
void vrrp_conf_validate(struct conf_ctx *ctx);

/* ---- vrrp/vrrp_conf_l3.c: address family, IPv6 ---------------------------------------- */
/* Fix vi's address family to family (first caller wins); false with an
 * error at t ("why t is IPv6, but the instance is IPv4") on a mismatch. */
bool conf_vrrp_family(struct conf_ctx *ctx, struct vrrp_instance_conf *vi, const struct conf_token *t,
		      sa_family_t family, const char *why);
void conf_kw_native_ipv6(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_kw_mcast_dst_ip(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_kw_use_vmac(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_kw_use_ipvlan(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_kw_vrf(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
/* vrrp_conf_garp.c: garp_extra_if (instance) and vrrp_garp_extra_if (global_defs), with
 * their deprecated spellings vmac_garp_intvl / vrrp_vmac_garp_intvl */
void conf_kw_garp_extra_if(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_kw_vrrp_garp_extra_if(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_kw_skip_check_adv_addr(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_kw_owner_ignore_adverts(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
/* vrrp_conf_keywords.c: one virtual_ipaddress line into vip; false (error
 * reported) when it is unusable. */
bool conf_parse_vip_line(struct conf_ctx *ctx, const struct conf_args *args, struct vip_conf *vip);
/* vrrp_conf_route.c: virtual_routes / virtual_rules inside an instance
 * (opened on the instance's l3.rt), static_* at the top (on global.statics). */
extern const struct conf_block conf_vroutes_block, conf_vrules_block, conf_saddrs_block;
void *conf_open_vroutes(struct conf_ctx *ctx, void *parent, const struct conf_args *args);
void *conf_open_statics(struct conf_ctx *ctx, void *parent, const struct conf_args *args);
/* vrrp_conf_garp.c: a top-level garp_group { } block. */
extern const struct conf_block conf_garp_group_block;
void *conf_open_garp_group(struct conf_ctx *ctx, void *parent, const struct conf_args *args);
/* vrrp_conf_iface.c: the top-level interface_up_down_delays { } block
 * (into global.if_delays); after every instance's advert_int is final,
 * the limit the instances on each interface put on its delays, and
 * track_src_ip without a source address (cleared, a warning). */
extern const struct conf_block conf_if_delays_block;
void *conf_open_if_delays(struct conf_ctx *ctx, void *parent, const struct conf_args *args);
void vrrp_iface_conf_validate(struct conf_ctx *ctx);
/* One route / rule line (argv[0] is its first word); false (errors
 * reported) when it is unusable. */
bool conf_parse_route(struct conf_ctx *ctx, const struct conf_args *args, struct route_conf *r);
bool conf_parse_rule(struct conf_ctx *ctx, const struct conf_args *args, struct rule_conf *r);
/* vrrp_conf_strict.c: strict_mode / vrrp_strict and accept defaults, and
 * the errors strict mode adds (after vrrp_l3_validate()). */
void vrrp_strict_validate(struct conf_ctx *ctx, struct vrrp_instance_conf *vi, const struct conf_token *at);
/* Checks across instances: a VMAC name is used once. */
void vrrp_l3_validate_pairs(struct conf_ctx *ctx);
/* vrrp_conf_vmac_addr.c: use_vmac_addr - the VMACs each instance needs for
 * its addresses on other interfaces (or of the other family), named as
 * keepalived 2.2.7 names them, and those addresses moved onto them. After
 * the interface checks and implicit tracking (which see the interfaces the
 * lines name: a VMAC follows its base interface). */
void vrrp_vmac_addr_assign(struct conf_ctx *ctx);
void conf_kw_mcast_group6(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_kw_nftables(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_kw_nftables_priority(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_kw_vrrp_iptables(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_kw_strict_mode(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_kw_accept(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
/* After inheritance, before the other checks: the family defaults to
 * IPv4, the IPv6 group comes from global_defs, an IPv6 instance without its
 * own `version` runs v3, IPv6 checks (at = the instance, for messages). */
void vrrp_l3_validate(struct conf_ctx *ctx, struct vrrp_instance_conf *vi, const struct conf_token *at);

/* ---- tables ------------------------------------------------------------------------ */
extern const struct conf_block conf_global_block;
extern const struct conf_block conf_vrrp_block;
extern const struct conf_block conf_vrrp_auth_block;
extern const struct conf_block conf_vip_block;
extern const struct conf_block conf_vip_excluded_block;
extern const struct conf_block conf_email_block;
/* vrrp_conf_track.c */
extern const struct conf_block conf_vrrp_script_block;
extern const struct conf_block conf_vrrp_track_file_block;
extern const struct conf_block conf_vrrp_sync_group_block;
extern const struct conf_block conf_vrrp_track_process_block;
extern const struct conf_block conf_vi_track_proc_block;
extern const struct conf_block conf_vi_track_bfd_block;
void *conf_open_vrrp_track_process(struct conf_ctx *ctx, void *parent, const struct conf_args *args);
extern const struct conf_block conf_vi_track_if_block;
extern const struct conf_block conf_vi_track_script_block;
extern const struct conf_block conf_vi_track_file_block;
extern const struct conf_block conf_unicast_peer_block;
void *conf_open_vrrp_script(struct conf_ctx *ctx, void *parent, const struct conf_args *args);
void *conf_open_vrrp_track_file(struct conf_ctx *ctx, void *parent, const struct conf_args *args);
void *conf_open_vrrp_sync_group(struct conf_ctx *ctx, void *parent, const struct conf_args *args);
/* vrrp_conf_track_group.c: track_group { group { } } and the static_* blocks
 * that take `track_group NAME` on a line; validation turns them into
 * track_interface lines of the group's instances */
extern const struct conf_block conf_track_group_block;
extern const struct conf_block conf_static_addrs_block;
extern const struct conf_block conf_static_routes_block;
extern const struct conf_block conf_static_rules_block;
void *conf_open_track_group(struct conf_ctx *ctx, void *parent, const struct conf_args *args);
void vrrp_track_groups_apply(struct conf_ctx *ctx);
/* The vrrp_instance of that name in conf (the first), or NULL. */
struct vrrp_instance_conf *conf_vrrp_find(struct config *conf, const char *name);
/* The interfaces of an instance's own addresses, routes and rules (dev,
 * iif, oif; not no_track, not its own interface) become unweighted
 * track_interface entries, as keepalived 2.2.7 tracks them. */
void vrrp_implicit_tracking(struct conf_ctx *ctx);
/* Every interface a VIP, route, rule or static_* line names exists (unless
 * dynamic_interfaces or net_namespace): else an error, as keepalived 2.2.7
 * stops with "Non-existent interface specified in configuration". */
void vrrp_check_interfaces(struct conf_ctx *ctx);
/* Remember that the line at `at` of block (a literal: "static_ipaddress",
 * "garp_group"...) names interface ifname, for vrrp_check_interfaces(). */
void conf_note_if(struct conf_ctx *ctx, const struct conf_token *at, const char *block, const char *ifname);
void conf_kw_unicast_peer(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_kw_unicast_ttl(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_kw_check_unicast_src(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_kw_vi_smtp_alert(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_kw_lower_prio_no_advert(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_kw_higher_prio_send_advert(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_kw_notify_priority_changes(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_kw_notify_deleted(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_kw_old_unicast_checksum(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
/* vrrp_conf_global.c: global_defs keywords of vrrp_ext_conf.h */
extern const struct conf_keyword conf_global_ext_keywords[];
extern const size_t conf_global_ext_keywords_count;
extern const struct conf_block conf_vrrp_global_block;
/* vrrp_conf_track_validate.c: resolve tracker references, sync groups and
 * inherited defaults; errors counted in ctx. */
void conf_validate_track(struct conf_ctx *ctx);
/* Must the interfaces an instance names exist now? Yes, as keepalived 2.2.7
 * (it refuses to run), unless dynamic_interfaces; and not when they are in
 * a net_namespace the checks cannot see (conf_host_visible()). */
bool conf_interfaces_checked(const struct conf_ctx *ctx);
/* Do the checks see the interfaces the file will run with? Yes without
 * net_namespace, or when the process runs there already (-s, a reload) or
 * entered it for the checks (config_load()); no when it does not exist. */
bool conf_host_visible(const struct conf_ctx *ctx);
/* Interface ifname as the checks see it (ctx->host: the system, or a unit
 * test's list): true with *out filled, false when there is none. */
bool conf_iface(const struct conf_ctx *ctx, const char *ifname, struct conf_host_if *out);
/* Whether interface ifname exists (conf_iface()). */
bool conf_iface_exists(const struct conf_ctx *ctx, const char *ifname);

#endif
