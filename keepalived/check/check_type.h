/* check_type.h - one interface for every check type (internal to
 * keepalived/check).
 *
 * A check type is one row of check_types[] (check_types.c) pointing at a
 * const struct check_ops defined in the type's own file (check_tcp.c,
 * check_http.c, ...). The row carries its keyword and the engine's
 * operations; the scheduling, retries, verdicts, sockets, timers and dumps
 * around them are generic (check_run.c, check_sock.c, check_dump.c).
 *
 * One attempt, as check_run.c drives it:
 *
 *   timer fires -> c->timer re-armed as the attempt's deadline
 *                  (attempt_timeout_us, default connect_timeout) -> start(c)
 *   start/io    -> the engine opens sockets with check_sock_*(), watches
 *                  one with check_watch() (io(c, events) is then called
 *                  when it is ready), and ends the attempt exactly once
 *                  with check_done() (a verdict) or check_step() (no verdict
 *                  yet: HTTP_GET moving to its next url)
 *   deadline    -> timeout(c), or "timeout" as a failure when NULL
 *   any end     -> release(c) frees the engine's c->att, the core closes
 *                  c->fd, then the verdict goes through rs_state.c and
 *                  the next attempt is scheduled (next_delay_us may
 *                  change when).
 * Event-driven types (FILE_CHECK) have no attempts: start() is called
 * once and the engine reports with check_done() whenever it knows more.
 */
#ifndef KA_CHECK_TYPE_H
#define KA_CHECK_TYPE_H

#include "check_conf.h"
#include "conf_parse.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct check_rt;

struct check_ops {
	enum check_type id;
	const char *name;                 /* the keyword: "HTTP_GET" */
	bool event_driven;                /* no scheduled attempts (FILE_CHECK) */

	/* ---- configuration, in the parent ---- */
	/* Its keywords: the block after the keyword (shared options through
	 * its `more`: check_conn_block, check_timing_block). */
	const struct conf_block *block;
	/* Defaults of the type's own fields (check_conf.u). NULL: zero. */
	void (*conf_init)(struct check_conf *c);
	/* The block was opened on real server rs (SMTP_CHECK keeps rs to add
	 * its host { } checks). NULL: nothing. */
	void (*conf_opened)(struct check_conf *c, struct rs_conf *rs);
	/* keepalived's defaults: retry, delay_before_retry (CHECK_UNSET =
	 * delay_loop), the port when the real server has none (0 = none). */
	uint32_t default_retry;
	uint32_t default_delay_before_retry_ms;
	uint16_t default_port;
	bool needs_port;                  /* connects to a port (TCP, UDP, HTTP ...) */
	bool over_tcp;                    /* warn when used on a UDP virtual server */
	/* After inheritance: cross-checks with file:line errors (count
	 * returned) and what the type takes from elsewhere (FILE_CHECK's
	 * track_file). NULL: none. */
	int (*validate)(struct check_conf *c, const struct rs_conf *rs, const struct vs_conf *vs,
			const struct config *conf);

	/* ---- the engine, in the checker child ---- */
	/* Run one attempt (see above). Required. */
	void (*start)(struct check_rt *c);
	/* c->fd (watched with check_watch) is ready: EPOLLIN/EPOLLOUT/EPOLLERR bits. */
	void (*io)(struct check_rt *c, uint32_t events);
	/* The attempt's deadline passed. NULL: check_done(c, false, "timeout"). */
	void (*timeout)(struct check_rt *c);
	/* The attempt's deadline in microseconds. NULL: connect_timeout. */
	uint64_t (*attempt_timeout_us)(const struct check_rt *c);
	/* After a verdict: when the next attempt runs. dflt is the generic
	 * choice (delay_before_retry while retrying, delay_loop otherwise).
	 * NULL: dflt. */
	uint64_t (*next_delay_us)(struct check_rt *c, bool ok, uint64_t dflt);
	/* Free the attempt's own state (c->att). NULL: free(c->att). */
	void (*release)(struct check_rt *c);
	/* State that lives across attempts (c->priv), made when the check is
	 * set up and freed with it. NULL: none. */
	void (*rt_init)(struct check_rt *c);
	void (*rt_free)(struct check_rt *c);
	/* Type-specific lines of the USR1 dump ("     url /x (digest)\n"). NULL: none. */
	void (*dump)(const struct check_rt *c, char **buf, size_t *len);
};

/* Every type, indexed by enum check_type (NULL for CHECK_NONE). */
extern const struct check_ops *const check_types[];
extern const size_t check_types_count;
/* The row of a type; never NULL for a type that decoded from the wire. */
const struct check_ops *check_type_get(enum check_type id);
/* The real_server keywords that open a check block (from CHECK_TYPE_LIST). */
extern const struct conf_block check_type_keywords_block;

/* The rows and blocks, defined in the types' files. */
#define CHECK_TYPE_ROWS(ID, name, kw) \
	extern const struct check_ops check_ops_##name; \
	extern const struct conf_block check_##name##_block;
CHECK_TYPE_LIST(CHECK_TYPE_ROWS)
#undef CHECK_TYPE_ROWS

/* ---- the options every type shares (check_kw_check.c) ------------------- */
/* connect_ip connect_port bindto bind_port bind_if fwmark connect_timeout,
 * then (its `more`) the timing block. */
extern const struct conf_block check_conn_block;
/* alpha retry delay_before_retry delay_loop warmup rise fall log_all_failures */
extern const struct conf_block check_timing_block;
/* Open a check block on a real server (the type from the keyword's row). */
void *check_block_open(struct conf_ctx *ctx, void *parent, const struct conf_args *args);
/* HTTP_GET/SSL_GET validation (check_http_conf.c). */
int check_http_validate(struct check_conf *c, const struct rs_conf *rs, const struct vs_conf *vs,
			const struct config *conf);
/* Log "file:line: message" at prio for a configuration object's origin
 * o (check_validate.c); returns 1, to add to a count of errors or
 * warnings. check_conf_error(): an error at a check's block, for the
 * types' validation. */
int check_conf_log(int prio, const struct conf_origin *o, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
#define check_conf_error(c, ...) check_conf_log(LOG_ERR, &(c)->origin, __VA_ARGS__)

/* ---- what engines call (check_run.c, check_sock.c) ----------------------- */

/* End the attempt with a verdict; why is kept for dumps and logs. */
void check_done(struct check_rt *c, bool ok, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The same with a va_list. */
void check_vdone(struct check_rt *c, bool ok, const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));
/* The attempt made progress (data arrived): its deadline starts again
 * (keepalived's connect_timeout applies to each read). */
void check_extend(struct check_rt *c);
/* End the attempt without a verdict; the next attempt runs after delay_us. */
void check_step(struct check_rt *c, uint64_t delay_us, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The check's contribution to its real server's weight (MISC_CHECK
 * misc_dynamic, FILE_CHECK): the server's weight is its configured weight
 * plus the contributions of its checks. Takes effect with the next verdict. */
void check_set_weight(struct check_rt *c, int64_t delta);

/* Where the check connects to: connect_ip/connect_port, else the real server's. */
void check_target(const struct check_rt *c, struct ka_addr *addr, uint16_t *port);

/* Socket flags for check_sock_connect(). */
#define CHECK_SOCK_CLIENT_FIRST 1u   /* we speak first (HTTP, TLS): let the
					handshake's last ACK carry the request */
#define CHECK_SOCK_RESET_CLOSE 2u    /* close with a reset (SO_LINGER 0): no
					TIME_WAIT left behind */

/* A non-blocking socket of type/proto, bound as the check says (bindto,
 * bind_port), connecting to its target; -1 with errno on failure. */
int check_sock_connect(struct check_rt *c, int type, int proto, unsigned flags);
/* Watch fd for events on the checker's loop (it becomes c->fd, closed by
 * the core when the attempt ends). On failure the attempt is reported
 * failed and false returned. */
bool check_watch(struct check_rt *c, int fd, uint32_t events);
/* Change the events watched on c->fd. */
void check_watch_mod(struct check_rt *c, uint32_t events);
/* SO_ERROR of c->fd: 0 when the connect succeeded. */
int check_sock_error(const struct check_rt *c);

#endif
