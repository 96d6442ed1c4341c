/* checker.h - the checker child's runtime objects (internal to
 * keepalived/check).
 *
 *   struct checker          the process context (no globals): loop, IPC
 *                           channel, IPVS handle, virtual servers
 *   struct vs_rt            one virtual_server: its config, the IPVS
 *                           services it expands to, real servers, quorum
 *   struct rs_rt            one real (or sorry) server: verdict, weight
 *   struct check_rt         one health check of a real server: its state
 *                           machine (rs_state.c) and the attempt in flight
 *
 * Engines (check_tcp.c, check_http.c, check_misc.c, check_udp.c) run one attempt and
 * report it with check_done(); check_run.c schedules attempts and turns
 * results into real server verdicts; check_vs.c turns verdicts into IPVS
 * changes, quorum, sorry server and notify scripts.
 */
#ifndef KA_CHECKER_H
#define KA_CHECKER_H

#include "check_conf.h"
#include "check_http_parse.h"
#include "check_ipvs.h"
#include "check_rs_state.h"
#include "loop.h"
#include "script.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct checker;
struct vs_rt;
struct rs_rt;

/* A MISC_CHECK script in flight; outlives a cancelled check (owner = NULL). */
struct misc_token {
	struct check_rt *owner;
};

struct check_rt {
	struct rs_rt *rs;
	const struct check_conf *conf;     /* inside rs->conf */
	struct chk_state st;
	struct ev_timer timer;             /* next attempt, or the attempt's timeout */
	/* the attempt in flight */
	bool running;
	int fd;
	void *ssl;                         /* SSL * */
	bool ssl_connected;
	struct http_resp http;
	bool http_active;
	char *req;
	size_t req_len, req_off;
	size_t url_idx;
	struct misc_token *misc;
	/* results */
	int32_t dyn_weight;                /* misc_dynamic weight, -1 = none */
	char last[160];                    /* last result, "ok" or why it failed */
	uint64_t n_ok, n_fail;
	uint64_t last_us;                  /* monotonic time of the last result */
};

struct rs_rt {
	struct vs_rt *vs;
	const struct rs_conf *conf;        /* inside vs->conf */
	bool is_sorry;
	bool up;                           /* all checks up */
	bool reported_up;                  /* the state last logged / notified */
	int32_t weight;                    /* effective weight (misc_dynamic) */
	struct check_rt *checks;
	size_t n_checks;
	char reason[160];                  /* why it last changed */
	uint64_t n_up, n_down;             /* transitions */
	bool seen_in_kernel;               /* present at start (respawn): start up */
};

struct vs_rt {
	struct checker *ck;
	struct vs_conf conf;               /* owned */
	struct ipvs_svc *svcs;             /* the IPVS services (a group expands) */
	size_t n_svcs;
	struct rs_rt *rs;
	size_t n_rs;
	struct rs_rt sorry;                /* valid when conf.has_sorry */
	bool quorum_up;
	bool sorry_active;
	bool suspended;                    /* ha_suspend: VIP not on this host */
	int64_t live_weight;
	struct vs_rt *next;
};

struct checker {
	struct loop *loop;
	struct child_ipc *ipc;             /* the parent protocol */
	struct ipvs *ipvs;                 /* NULL: no IPVS, checks still run */
	struct global_conf global;
	struct script_policy pol;
	struct script_queue *notify_q;
	void *ssl_ctx;                     /* SSL_CTX *, made on first SSL_GET */
	struct vs_rt *vs;
	struct vsg_conf *vsg;              /* current groups (owned) */
	size_t n_vsg;
	bool stopping;
	bool dont_release_ipvs;            /* -I: stopping leaves the services */
};

/* ---- check_run.c: scheduling and verdicts ------------------------------- */
/* Set up a check (state from conf, alpha) without starting it. */
void check_rt_init(struct check_rt *c, struct rs_rt *rs, const struct check_conf *conf);
/* Schedule the first attempt after a random warmup (jitter). */
void check_rt_start(struct check_rt *c, uint64_t max_delay_us);
/* Stop timers and the attempt in flight. */
void check_rt_stop(struct check_rt *c);
/* An engine reports the attempt's result (exactly once per attempt). */
void check_done(struct check_rt *c, bool ok, int32_t dyn_weight, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Where a check connects to. */
void check_target(const struct check_rt *c, struct ka_addr *addr, uint16_t *port);
/* "[10.0.0.2]:80" of the real server, for logs. */
const char *rs_str(const struct rs_rt *rs, char *buf, size_t size);
/* Recompute rs->up / rs->weight from its checks; true when they changed. */
bool rs_recompute(struct rs_rt *rs);

/* ---- engines ------------------------------------------------------------- */
void check_tcp_start(struct check_rt *c);
void check_http_start(struct check_rt *c);     /* HTTP_GET and SSL_GET */
void check_misc_start(struct check_rt *c);
void check_udp_start(struct check_rt *c);
/* UDP_CHECK's connect_timeout expired: up when no reply is required and no
 * port unreachable came back, down ("UDP no reply") otherwise. */
void check_udp_timeout(struct check_rt *c);
/* Free whatever the attempt in flight holds (fd, SSL, parser, script token). */
void check_attempt_release(struct check_rt *c);
/* Non-blocking connect to the check's target (bindto honoured); -1 + errno. */
int check_connect(struct check_rt *c);
/* The same for a connected UDP socket (connect() does not wait). */
int check_connect_udp(struct check_rt *c);
void check_ssl_free_ctx(struct checker *ck);

/* ---- check_vs.c: IPVS, quorum, sorry server, notify --------------------- */
struct vs_rt *vs_rt_new(struct checker *ck, struct vs_conf *conf);
/* Install the services and start the checks. fresh (not a reload): real
 * servers already in the kernel (a respawn) start up, and quorum is computed. */
void vs_rt_start(struct vs_rt *vs, bool fresh);
/* A real server's verdict changed: log, notify, quorum, IPVS. */
void vs_rs_changed(struct rs_rt *rs, const char *why);
/* Bring IPVS in line with the wanted state of every real/sorry server. */
void vs_sync(struct vs_rt *vs);
/* Stop checks; with remove, delete our services from IPVS (and run omega scripts). */
void vs_rt_stop(struct vs_rt *vs, bool remove);
void vs_rt_free(struct vs_rt *vs);
/* Move the health state of matching real servers of old into vs (reload). */
void vs_rt_adopt(struct vs_rt *vs, struct vs_rt *old);
/* Delete, from the services of old, destinations that vs no longer has. */
void vs_rt_drop_removed(struct vs_rt *vs, struct vs_rt *old);
/* Run a notify script (queued, in order). */
void checker_notify(struct checker *ck, const char *cmd);

/* ---- check_dump.c --------------------------------------------------------- */
/* Text for USR1 (kind 1) / USR2 (kind 2). */
char *checker_dump(struct checker *ck, int kind, size_t *len);

#endif
