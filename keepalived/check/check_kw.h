/* check_kw.h - internal to the checker's keyword tables (check_keywords.c,
 * check_kw_check.c, check_kw_group.c). */
#ifndef KA_CHECK_KW_H
#define KA_CHECK_KW_H

#include "conf_parse.h"
#include "check_conf.h"

extern const struct conf_block vs_block;
extern const struct conf_block rs_block;
extern const struct conf_block url_block;
extern const struct conf_block vsg_block;

void *vsg_open(struct conf_ctx *ctx, void *parent, const struct conf_args *args);
/* The top-level SSL { } block (check_kw_global.c). */
extern const struct conf_block check_ssl_conf_block;
void *check_ssl_open(struct conf_ctx *ctx, void *parent, const struct conf_args *args);

/* Value helpers: report through conf_error() and return false on bad input. */
bool kw_timer(struct conf_ctx *ctx, const struct conf_args *a, uint32_t min_ms, uint32_t *out);
bool kw_uint(struct conf_ctx *ctx, const struct conf_args *a, uint32_t min, uint32_t max, uint32_t *out);
void kw_script(char **dst, const struct conf_args *a);
bool kw_method(struct conf_ctx *ctx, const struct conf_args *a, enum lvs_method *out);
void kw_bool_u32(struct conf_ctx *ctx, const struct conf_args *a, uint32_t *out);
bool kw_addr_port(struct conf_ctx *ctx, const struct conf_args *a, size_t from,
		  struct ka_addr *addr, uint16_t *port);

/* The largest retry: keepalived 2.2.7 takes up to UINT32_MAX; fall's
 * default is retry + 1 and CHECK_UNSET is UINT32_MAX. */
#define CHECK_RETRY_MAX (UINT32_MAX - 2)
/* retry N (real_server, virtual_server: 1..CHECK_RETRY_MAX; a check:
 * 0..CHECK_RETRY_MAX): another value is skipped with a warning, as
 * keepalived 2.2.7 skips it. */
void kw_retry(struct conf_ctx *ctx, const struct conf_args *a, uint32_t min, uint32_t *out);
/* nb_get_retry outside HTTP_GET/SSL_GET: keepalived 2.2.7 does not know
 * it there ("Unknown keyword") and runs without it; a warning, nothing set. */
void kw_nb_get_retry_unknown(struct conf_ctx *ctx, void *obj, const struct conf_args *a);

/* Generic setters for rows that name their member (conf_parse.h's
 * CONF_KW_MEMBER): a TIMER (seconds, 3 decimals) into a u32 of ms with a
 * minimum, and an optional boolean into a 0/1 u32. */
void kw_set_timer(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void kw_set_bool_u32(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
#define CHECK_KW_TIMER(kw, T, M, lo) { kw, 1, 1, kw_set_timer, NULL, NULL, CONF_KW_MEMBER(T, M), lo, 0 }
#define CHECK_KW_BOOL_U32(kw, T, M) { kw, 0, 1, kw_set_bool_u32, NULL, NULL, CONF_KW_MEMBER(T, M), 0, 1 }

/* All keyword tables, for the sortedness unit test. */
extern const struct conf_block *const check_kw_all_blocks[];
extern const size_t check_kw_all_blocks_count;

#endif
