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
 * Engines (one file per check type, behind check_type.h) run one attempt
 * and report it with check_done(); check_run.c schedules attempts and turns
 * results into real server verdicts; check_vs.c turns verdicts into IPVS
 * changes, quorum, sorry server and notify scripts.
 */
#ifndef KA_CHECKER_H
#define KA_CHECKER_H

#include "check_conf.h"
#include "check_http_parse.h"
#include "check_ipvs.h"
#include "check_rs_state.h"
#include "check_type.h"
#include "loop.h"
#include "script.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct checker;
struct vs_rt;
struct rs_rt;

/* One health check of a real server. Engines own att (one attempt) and
 * priv (across attempts); see check_type.h. */
struct check_rt {
	struct rs_rt *rs;
	const struct check_conf *conf;     /* inside rs->conf */
	const struct check_ops *ops;
	struct chk_state st;
	struct ev_timer timer;             /* next attempt, or the attempt's deadline */
	bool running;                      /* an attempt is in flight */
	int fd;                            /* the attempt's watched socket, -1 */
	void *att;                         /* the engine's attempt state */
	void *priv;                        /* the engine's state across attempts */
	int64_t weight;                    /* contribution to the real server's weight */
	char last[128];                    /* last result, "ok" or why it failed */
	uint64_t n_ok, n_fail;
	uint64_t last_us;                  /* monotonic time of the last result */
	uint64_t attempt_start_us;         /* monotonic time the attempt in flight began */
	uint64_t last_duration_us;         /* how long the last attempt took (status: latency) */
	bool last_ok;                      /* the last attempt's result */
	int last_exit;                     /* MISC_CHECK: the script's last exit code (USR1 dump) */
};

struct rs_rt {
	struct vs_rt *vs;
	const struct rs_conf *conf;        /* inside vs->conf */
	bool is_sorry;
	bool up;                           /* all checks up */
	bool reported_up;                  /* the state last logged / notified */
	int32_t weight;                    /* effective weight: configured + the checks' contributions */
	struct check_rt *checks;
	size_t n_checks;
	char reason[96];                   /* why it last changed */
	uint64_t n_up, n_down;             /* transitions */
	bool seen_in_kernel;               /* present at start (respawn): start up */
	bool existed;                      /* in the configuration before this reload */
	/* what every service of vs holds for it, as last made so by vs_sync()
	 * or vs_sync_rs() (valid while k_known): a change of one real server
	 * then costs one request per service, not a read of the whole table */
	bool k_known, k_present;
	int32_t k_weight;
	int64_t counted;                   /* its share of vs->live_weight */
};

struct keyidx;

struct vs_rt {
	struct checker *ck;
	struct vs_conf conf;               /* owned */
	struct ipvs_svc *svcs;             /* the IPVS services (a group expands) */
	size_t n_svcs;
	struct rs_rt *rs;
	size_t n_rs;
	uint32_t *rs_slots;                /* rs by (address, port): vs_find_rs() */
	uint32_t rs_mask;
	struct rs_rt sorry;                /* valid when conf.has_sorry */
	bool quorum_up;
	bool sorry_active;
	bool suspended;                    /* ha_suspend: VIP not on this host */
	bool adopted;                      /* a reload gave it an old one's state */
	int64_t live_weight;
	uint32_t nft_mark;                 /* nftables_ipvs: its group's fwmark (0: none) */
	struct vs_rt *next;
};

/* The last state the VRRP child reported for an instance (IPC_VRRP_STATE). */
struct vrrp_seen {
	char name[CONF_NAME_MAX];
	uint32_t state;                    /* enum vrrp_state */
};

/* A notify FIFO the checker writes (check_fifo.c). */
struct check_fifo {
	const char *what;                  /* its keyword, for logs */
	char *path, *script;               /* as opened (copies) */
	int fd;                            /* -1: none */
	pid_t script_pid;                  /* its script while running, else 0 */
	bool full_logged;
};

struct checker {
	struct loop *loop;
	struct child_ipc *ipc;             /* the parent protocol */
	struct ipvs *ipvs;                 /* NULL: no IPVS, checks still run */
	bool ipvs_opened;                  /* lvs_open() ran (first configuration) */
	bool ipvs_in_ns;                   /* net_namespace_ipvs: ipvs is in ipvs_ns */
	char ipvs_ns[65];                  /* ("" = the initial namespace) */
	struct global_conf global;
	struct check_global_conf cg;       /* lvs_*, SSL (IPC_CONF_CHECK) */
	unsigned sync_roles;               /* sync daemon roles we run: 1 << IPVS_DAEMON_* */
	struct vrrp_seen *vrrp;            /* VRRP states heard of */
	size_t n_vrrp;
	struct check_fifo lvs_fifo;        /* lvs_notify_fifo (check_fifo.c) */
	struct check_fifo global_fifo;     /* notify_fifo, shared with the VRRP child */
	bool checker_only, run_all;        /* -C, --all: whether a VRRP child runs */
	struct script_policy pol;
	struct script_tally *notify_scripts;
	void *ssl_ctx;                     /* SSL_CTX *, made on first SSL_GET */
	struct ping_socks *ping;           /* PING_CHECK's shared sockets (check_ping.c) */
	struct file_checks *files;         /* FILE_CHECK's checks (check_file.c) */
	struct bfd_checks *bfds;           /* BFD_CHECK's checks and the sessions' states (check_bfd.c) */
	struct check_nft *nft;             /* nftables_ipvs (check_nft.c) */
	struct vs_rt *vs;
	struct vsg_conf *vsg;              /* current groups (owned) */
	size_t n_vsg;
	bool stopping;
	bool dont_release_ipvs;            /* -I: stopping leaves the services */
};

/* ---- check_run.c: scheduling and verdicts ------------------------------- */
/* Set up a check (state from conf, alpha, the engine's priv) without starting it. */
void check_rt_init(struct check_rt *c, struct rs_rt *rs, const struct check_conf *conf);
/* Schedule the first attempt after a random warmup (jitter). */
void check_rt_start(struct check_rt *c, uint64_t max_delay_us);
/* Stop timers and the attempt in flight. */
void check_rt_stop(struct check_rt *c);
/* Stop and free what the engine keeps across attempts. */
void check_rt_free(struct check_rt *c);
/* "[10.0.0.2]:80" of the real server, for logs. */
const char *rs_str(const struct rs_rt *rs, char *buf, size_t size);
/* Recompute rs->up / rs->weight from its checks; true when they changed. */
bool rs_recompute(struct rs_rt *rs);
/* End the attempt in flight: the engine's release, the socket closed. */
void check_attempt_release(struct check_rt *c);
void check_ssl_free_ctx(struct checker *ck);
/* A new configuration: SSL_GET's context follows the SSL { } block. */
void check_ssl_configure(struct checker *ck);
/* Close PING_CHECK's shared sockets (at exit). */
void check_ping_free(struct checker *ck);
/* The running checks an engine finds by its events (BFD_CHECK's session
 * states, FILE_CHECK's file changes, PING_CHECK's replies by slot): c[i]
 * NULL is a free slot. add() puts c in the first free one (or leaves it
 * where it is) and returns its slot, remove() frees c's slot, free() the
 * array. */
struct check_rt_list {
	struct check_rt **c;
	size_t n;
};
size_t check_rt_list_add(struct check_rt_list *l, struct check_rt *c);
void check_rt_list_remove(struct check_rt_list *l, const struct check_rt *c);
void check_rt_list_free(struct check_rt_list *l);
/* BFD_CHECK (check_bfd.c): IPC_BFD_STATE from the parent (false when
 * malformed), and freeing its lists at exit. */
struct rbuf;
bool check_bfd_state_msg(struct checker *ck, struct rbuf *r);
void check_bfd_free(struct checker *ck);
/* FILE_CHECK's list (check_file.c), at exit. */
void check_file_free(struct checker *ck);
/* The parent sent a new text of track file path: the FILE_CHECKs of that
 * file judge it again. */
void check_file_changed(struct checker *ck, const char *path);

/* ---- check_vs.c: IPVS, quorum, sorry server, notify --------------------- */
struct vs_rt *vs_rt_new(struct checker *ck, struct vs_conf *conf);
/* Install the services and start the checks. fresh (not a reload): real
 * servers already in the kernel (a respawn) start up, and quorum is computed. */
void vs_rt_start(struct vs_rt *vs, bool fresh);
/* A real server's verdict changed: log, notify, quorum, IPVS. */
void vs_rs_changed(struct rs_rt *rs, const char *why);
/* Bring IPVS in line with the wanted state of every real/sorry server
 * (reads each service's destinations: O(real servers) per call). */
void vs_sync(struct vs_rt *vs);
/* The same for one real server whose verdict or weight changed: from what
 * the last pass left in IPVS (rs->k_*), one request per service when it
 * must change, none otherwise; a refused request (someone else changed the
 * table) or an unknown state falls back to vs_sync(). */
void vs_sync_rs(struct vs_rt *vs, struct rs_rt *rs);
/* Stop checks; VS_STOP_OMEGA: run the omega scripts (omega); VS_STOP_DELETE:
 * delete our services from IPVS. */
#define VS_STOP_OMEGA 1u
#define VS_STOP_DELETE 2u
/* VS_STOP_REMOVED: a reload removed the virtual server: notify_down of its
 * real servers that were up (and not displaced by the sorry server) and
 * quorum_down when it had quorum, with or
 * without omega, and their notify FIFO lines (keepalived 2.2.7) */
#define VS_STOP_REMOVED 4u
void vs_rt_stop(struct vs_rt *vs, unsigned how);
/* A real server a reload removed, that was up: notify_down and its FIFO
 * line (keepalived 2.2.7 runs them whatever omega says). */
void rs_removed_notify(struct rs_rt *rs);
void vs_rt_free(struct vs_rt *vs);
/* Move the health state of matching real servers of old into vs (reload). */
void vs_rt_adopt(struct vs_rt *vs, struct vs_rt *old);
/* The real server of vs at the same address and port as c (the first of
 * duplicates), or NULL. O(1): a hash index built with vs. */
struct rs_rt *vs_find_rs(struct vs_rt *vs, const struct rs_conf *c);
/* Destination of a real server in service s at weight. */
void vs_dest_of(const struct rs_rt *rs, const struct ipvs_svc *s, int32_t weight, struct ipvs_dest *d);

/* ---- check_reload.c ------------------------------------------------------- */
/* A reload: pair the new virtual servers with the old ones by the IPVS
 * services they hold (not by their names), carry the health of unchanged
 * real servers over, delete the old services no new virtual server has
 * and, from the kept ones, the destinations their new owner does not
 * configure; virtual servers that are gone run their omega scripts.
 * The old ones are stopped, not freed. */
void check_reload(struct checker *ck, struct vs_rt *fresh, struct vs_rt *old);
/* Run a notify script (queued, in order). */
void checker_notify(struct checker *ck, const struct conf_script *s);

/* ---- check_nft.c: nftables_ipvs ------------------------------------------- */
/* Each configuration, before its virtual servers are built: the table's
 * name and priority (a change, or no nftables_ipvs any more, removes the
 * old tables), the first fwmark. */
void check_nft_configure(struct checker *ck, const struct check_global_conf *cg);
/* The fwmark of a new virtual server c on a group (*af: the service's
 * family), or 0 when it is expanded as usual (no nftables_ipvs, a group
 * with a fwmark entry or with both families, a protocol without ports).
 * ck->vs is still the previous list: its fwmarks are kept. */
uint32_t check_nft_mark(struct checker *ck, const struct vs_conf *c, sa_family_t *af);
/* Bring the table's elements in line with ck->vs; tell the parent the
 * marks (kept for a respawn). */
void check_nft_sync(struct checker *ck);
/* An IPC_CONF_RESUME record (a respawned checker): a mark its predecessor
 * reported, taken again by check_nft_mark(); other records are ignored.
 * false: malformed. */
bool check_nft_resume(struct checker *ck, struct rbuf *r);
/* At stop: the tables removed (unless keep: -I leaves the services). */
void check_nft_stop(struct checker *ck, bool keep);
void check_nft_free(struct checker *ck);

/* ---- check_lvs.c: IPVS-wide settings (global_defs lvs_*) ---------------- */
/* A configuration was applied (old: the previous one; first: the first
 * since the process started): lvs_flush, lvs_timeouts, the sync daemon. */
void lvs_apply(struct checker *ck, const struct check_global_conf *old, bool first);
/* With each configuration, before anything is programmed: the first one
 * opens ck->ipvs - in the net_namespace_ipvs namespace through the socket
 * the parent handed over (none handed: no IPVS), else here; later ones keep it (a changed
 * net_namespace_ipvs is logged: it takes a restart). */
void lvs_open(struct checker *ck);
/* The VRRP child reported a transition: the sync daemon may change role. */
void lvs_vrrp_state(struct checker *ck, const char *instance, uint32_t state);
/* Stopping: the sync daemons stop; with lvs_flush_onstop (without VS)
 * IPVS is emptied at once, and true is returned (nothing else to remove). */
bool lvs_stop(struct checker *ck);
/* Lines for the USR1 dump. */
void lvs_dump(struct checker *ck, char **b, size_t *n);

/* ---- check_fifo.c: lvs_notify_fifo and notify_fifo ----------------------- */
/* A new configuration: (re)open the FIFOs and start their scripts;
 * unchanged ones stay open with their scripts running. notify_fifo_script
 * is started only when no VRRP child runs (vrrp_child_runs false). */
void fifo_configure(struct checker *ck, bool vrrp_child_runs);
void fifo_close(struct checker *ck);
/* "VS ... UP|DOWN" (quorum) and "RS ... UP|DOWN" lines. */
void fifo_vs(struct vs_rt *vs);
void fifo_rs(struct rs_rt *rs);

/* The protocol keepalived 2.2.7 shows for vs's real servers (FIFO lines,
 * the USR1 dump): none (0) for a fwmark virtual server or a group of
 * fwmarks only, whose protocol it ignores ("[10.0.0.1]:none:80"). */
uint16_t check_rs_proto(const struct vs_rt *vs);

/* ---- check_smtp_alert.c: smtp_alert mails ---------------------------------- */
/* Check c changed state (rs_changed: its real server went up or down too). */
void check_smtp_check(const struct check_rt *c, bool rs_changed);
/* vs gained or lost its quorum. */
void check_smtp_quorum(const struct vs_rt *vs, bool init);
/* Pure, unit-tested: is smtp_alert on for a server whose own setting is
 * own (0/1, CHECK_UNSET) - smtp_alert_checker, smtp_alert, else
 * last_default (real servers on, virtual servers off, as keepalived)? */
struct vrrp_global_ext;
bool check_alert_wanted(uint32_t own, const struct vrrp_global_ext *g, bool last_default);
/* keepalived's name of a virtual server in mails: "[IP]:tcp:PORT", "FWM N", "[GROUP]:PORT". */
void check_alert_vs_name(const struct vs_conf *vs, char *buf, size_t size);
/* The body line of a check's mail ("=> TCP CHECK failed on service <=");
 * type is the check keyword, why its last result. Returns buf. */
const char *check_alert_line(const char *type, bool ok, const char *why, char *buf, size_t size);

/* ---- check_dump.c --------------------------------------------------------- */
/* Text for USR1 (kind 1) / USR2 (kind 2). */
char *checker_dump(struct checker *ck, int kind, size_t *len);

/* ---- check_status.c ---------------------------------------------------- */
/* The checker's status record (JSON object, doc/status-json.md): every
 * virtual server with its real servers and checks. Heap string. */
char *checker_status_json(const struct checker *ck, size_t *len);

#endif
