/* check_child.c - the checker child process: receives virtual servers from
 * the parent, programs IPVS and runs the health checks, applies reloads by
 * difference, answers dump requests and removes what it installed on stop.
 *
 * The parent protocol is child_ipc.c's: records (CONF_VS*, CONF_VSG*) are
 * staged and applied at CONF_END.
 */
#include "checker.h"
#include "child_ipc.h"
#include "conf_wire.h"
#include "daemon.h"
#include "ipc.h"
#include "log.h"
#include "util.h"
#include "wire.h"

#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


struct checker_child {
	struct checker ck;
	struct global_conf staged_global;
	struct check_global_conf staged_cg;    /* IPC_CONF_CHECK */
	struct vs_conf *staged_vs;
	size_t n_staged_vs;
	struct vsg_conf *staged_vsg;
	size_t n_staged_vsg;
	bool configured;
};

static void staging_clear(struct checker_child *c)
{
	for (size_t i = 0; i < c->n_staged_vs; i++)
		vs_conf_free(&c->staged_vs[i]);
	free(c->staged_vs);
	c->staged_vs = NULL;
	c->n_staged_vs = 0;
	for (size_t i = 0; i < c->n_staged_vsg; i++)
		vsg_conf_free(&c->staged_vsg[i]);
	free(c->staged_vsg);
	c->staged_vsg = NULL;
	c->n_staged_vsg = 0;
	global_conf_free(&c->staged_global);
	memset(&c->staged_global, 0, sizeof(c->staged_global));
	conf_fields_free(&check_global_conf_desc, &c->staged_cg);
	check_global_conf_init(&c->staged_cg);
}

static void free_groups(struct checker *ck)
{
	for (size_t i = 0; i < ck->n_vsg; i++)
		vsg_conf_free(&ck->vsg[i]);
	free(ck->vsg);
	ck->vsg = NULL;
	ck->n_vsg = 0;
}

/* Thousands of checks each on its own timer: one wake-up serves those due
 * within 1 % of the shortest delay (delay_loop, delay_before_retry), from
 * 1 to 10 ms - checks a little apart fall into step and are served
 * together, each interval staying within 1 % of its delay. */
static void set_timer_slack(struct checker *ck)
{
	uint64_t min_ms = UINT64_MAX;
	for (const struct vs_rt *vs = ck->vs; vs; vs = vs->next)
		for (size_t i = 0; i < vs->n_rs; i++)
			for (size_t j = 0; j < vs->rs[i].n_checks; j++) {
				const struct check_conf *cc = vs->rs[i].checks[j].conf;
				if (vs->rs[i].checks[j].ops->event_driven)
					continue;
				if (cc->delay_loop_ms && cc->delay_loop_ms < min_ms)
					min_ms = cc->delay_loop_ms;
				if (cc->retry && cc->delay_before_retry_ms && cc->delay_before_retry_ms < min_ms)
					min_ms = cc->delay_before_retry_ms;
			}
	uint64_t slack_us = min_ms == UINT64_MAX ? USEC_PER_MSEC : min_ms * USEC_PER_MSEC / 100;
	if (slack_us < USEC_PER_MSEC)
		slack_us = USEC_PER_MSEC;
	if (slack_us > 10 * USEC_PER_MSEC)
		slack_us = 10 * USEC_PER_MSEC;
	loop_set_timer_slack(ck->loop, slack_us);
}

/* Each check holds at most one descriptor at a time: with thousands of
 * them the soft limit (often 1024) is raised towards the hard one, as
 * keepalived does (the child has no CAP_SYS_RESOURCE to pass the hard
 * limit: then a warning says so). */
static void raise_nofile(const struct checker *ck)
{
	size_t n = 0;
	for (const struct vs_rt *vs = ck->vs; vs; vs = vs->next)
		for (size_t i = 0; i < vs->n_rs; i++)
			n += vs->rs[i].n_checks;
	rlim_t need = (rlim_t)n + 256;
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= need)
		return;
	rlim_t want = rl.rlim_max != RLIM_INFINITY && rl.rlim_max < need ? rl.rlim_max : need;
	if (want > rl.rlim_cur) {
		rl.rlim_cur = want;
		if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
			log_warn("checker: cannot raise the open file limit to %llu: %s", (unsigned long long)want,
				 strerror(errno));
	}
	if (want < need)
		log_warn("checker: %zu checks may need up to %llu open files; the hard limit is %llu", n,
			 (unsigned long long)need, (unsigned long long)rl.rlim_max);
}

/* Apply the staged configuration: services that stay keep the health of
 * their unchanged real servers; removed ones are deleted from IPVS. */
static void apply_staged(struct checker_child *c)
{
	struct checker *ck = &c->ck;
	global_conf_free(&ck->global);
	ck->global = c->staged_global;
	memset(&c->staged_global, 0, sizeof(c->staged_global));
	lvs_open(ck);
	ck->pol.security = ck->global.enable_script_security;
	ck->pol.uid = ck->global.script_uid;
	ck->pol.gid = ck->global.script_gid;

	free_groups(ck);
	ck->vsg = c->staged_vsg;
	ck->n_vsg = c->n_staged_vsg;
	c->staged_vsg = NULL;
	c->n_staged_vsg = 0;

	check_nft_configure(ck, &c->staged_cg);
	struct vs_rt *old = ck->vs;
	struct vs_rt *head = NULL, **tail = &head;
	bool fresh = !c->configured;
	for (size_t i = 0; i < c->n_staged_vs; i++) {
		struct vs_rt *vs = vs_rt_new(ck, &c->staged_vs[i]);
		*tail = vs;
		tail = &vs->next;
	}
	free(c->staged_vs);
	c->staged_vs = NULL;
	c->n_staged_vs = 0;

	/* pair old and new by their IPVS services; carry health over; drop
	 * what went away */
	check_reload(ck, head, old);
	ck->vs = head;
	while (old) {
		struct vs_rt *next = old->next;
		vs_rt_free(old);
		old = next;
	}
	check_nft_sync(ck);
	struct check_global_conf prev = ck->cg;
	ck->cg = c->staged_cg;
	check_global_conf_init(&c->staged_cg);
	lvs_apply(ck, &prev, fresh);
	/* the VRRP child runs as the parent decides (core/parent.c) */
	fifo_configure(ck, !ck->checker_only && (ck->run_all || !ck->cg.no_vrrp_instance));
	conf_fields_free(&check_global_conf_desc, &prev);
	check_ssl_configure(ck);
	set_timer_slack(ck);
	raise_nofile(ck);
	for (struct vs_rt *vs = head; vs; vs = vs->next)
		vs_rt_start(vs, fresh);
	c->configured = true;
	/* the decoded records and the parent's pages copied at fork are
	 * garbage now: give the memory back */
	malloc_trim(0);
}

/* ---- stopping ------------------------------------------------------------- */

/* Remove our services (omega scripts run); child_ipc then waits for the
 * notify scripts before the loop ends. With -I the services stay (and, as
 * in keepalived, no omega scripts run): only the checks stop. */
static void stop(void *arg)
{
	struct checker_child *c = arg;
	struct checker *ck = &c->ck;
	if (ck->dont_release_ipvs && ck->vs)
		log_info("leaving the IPVS services in place (--dont-release-ipvs)");
	bool flushed = !ck->dont_release_ipvs && lvs_stop(ck);
	for (struct vs_rt *vs = ck->vs; vs; vs = vs->next)
		vs_rt_stop(vs, ck->dont_release_ipvs ? 0 : VS_STOP_OMEGA | (flushed ? 0 : VS_STOP_DELETE));
	check_nft_stop(ck, ck->dont_release_ipvs);
	ck->stopping = true;
}

static bool busy(void *arg)
{
	struct checker_child *c = arg;
	return script_tally_busy(c->ck.notify_scripts);
}

/* ---- child_ipc callbacks --------------------------------------------------- */

static void conf_begin(void *arg)
{
	staging_clear(arg);
}

static bool conf_record(void *arg, uint32_t type, struct rbuf *r)
{
	struct checker_child *c = arg;
	switch (type) {
	case IPC_CONF_VS: {
		struct vs_conf *vs = array_push(&c->staged_vs, &c->n_staged_vs, sizeof(*vs));
		return vs_conf_decode(r, vs);
	}
	case IPC_CONF_RS: {
		/* a real server of the virtual server just received */
		struct rs_conf rs;
		if (!c->n_staged_vs || !rs_conf_decode(r, &rs))
			return false;
		struct vs_conf *vs = &c->staged_vs[c->n_staged_vs - 1];
		*(struct rs_conf *)array_push(&vs->rs, &vs->n_rs, sizeof(rs)) = rs;
		return true;
	}
	case IPC_CONF_CHECK:
		conf_fields_free(&check_global_conf_desc, &c->staged_cg);
		return check_global_conf_decode(r, &c->staged_cg);
	default: {
		struct vsg_conf *g = array_push(&c->staged_vsg, &c->n_staged_vsg, sizeof(*g));
		return vsg_conf_decode(r, g);
	}
	}
}

/* IPC_VRRP_STATE from the parent: a VRRP transition (lvs_sync_daemon). */
static bool message(void *arg, uint32_t type, struct rbuf *r)
{
	struct checker_child *c = arg;
	if (type == IPC_BFD_STATE)
		return check_bfd_state_msg(&c->ck, r);
	if (type != IPC_VRRP_STATE) {
		log_warn("unexpected message type %u from the parent", type);
		return true;
	}
	char *name = rget_str(r);
	uint32_t state = rget_u32(r);
	bool ok = !r->error && name;
	if (ok)
		lvs_vrrp_state(&c->ck, name, state);
	free(name);
	return ok;
}

static void conf_apply(void *arg, struct global_conf *global)
{
	struct checker_child *c = arg;
	global_conf_free(&c->staged_global);
	c->staged_global = *global;
	memset(global, 0, sizeof(*global));
	apply_staged(c);
}

static char *dump(void *arg, uint32_t kind, size_t *len)
{
	struct checker_child *c = arg;
	return checker_dump(&c->ck, (int)kind, len);
}

/* STATS_CLEAR: the checker's own counters back to zero (the kernel's IPVS
 * counters are not ours to clear). */
static void clear_stats(void *arg)
{
	struct checker_child *c = arg;
	for (struct vs_rt *vs = c->ck.vs; vs; vs = vs->next) {
		for (size_t i = 0; i <= vs->n_rs; i++) {
			struct rs_rt *rs = i < vs->n_rs ? &vs->rs[i] : &vs->sorry;
			if (i == vs->n_rs && !vs->conf.has_sorry)
				break;
			rs->n_up = rs->n_down = 0;
			for (size_t j = 0; j < rs->n_checks; j++)
				rs->checks[j].n_ok = rs->checks[j].n_fail = 0;
		}
	}
}

/* A track file's text changed (the parent watches the files). */
static void file_changed(void *arg, const char *path)
{
	struct checker_child *c = arg;
	check_file_changed(&c->ck, path);
}

/* A respawned checker: what its predecessor reported (check_nft.c). */
static bool conf_resume(void *arg, struct rbuf *r)
{
	struct checker_child *c = arg;
	return check_nft_resume(&c->ck, r);
}

static const struct child_ipc_ops checker_child_ops = {
	.conf_begin = conf_begin,
	.conf_record = conf_record,
	.conf_resume = conf_resume,
	.conf_apply = conf_apply,
	.dump = dump,
	.clear_stats = clear_stats,
	.stop = stop,
	.busy = busy,
	.message = message,
	.file_changed = file_changed,
	.record_types = { IPC_CONF_VS, IPC_CONF_VSG, IPC_CONF_CHECK, IPC_CONF_RS },
};

void checker_child_main(int ipc_fd, const struct daemon_opts *opts)
{
	struct checker_child *c = xcalloc(1, sizeof(*c));
	struct checker *ck = &c->ck;
	srandom((unsigned)(getpid() ^ mono_now_us()));
	ck->loop = loop_new();
	/* thousands of checks each on its own timer: one wake-up for those
	 * due close together (set_timer_slack(), 1 ms until configured; epoll
	 * waits in milliseconds anyway), and answers read between slices of a
	 * burst of attempts */
	loop_set_timer_slack(ck->loop, USEC_PER_MSEC);
	loop_set_timer_batch(ck->loop, 16);
	ck->dont_release_ipvs = opts->dont_release_ipvs;
	loop_set_stall_warn(ck->loop, opts->stall_warn_ms * USEC_PER_MSEC);
	ck->ipc = child_ipc_open(ck->loop, ipc_fd, &checker_child_ops, c);
	ck->notify_scripts = script_tally_new(ck->loop);
	check_global_conf_init(&ck->cg);
	check_global_conf_init(&c->staged_cg);
	ck->lvs_fifo.fd = -1;
	ck->global_fifo.fd = -1;
	ck->checker_only = opts->checker_only;
	ck->run_all = opts->run_all;
	loop_run(ck->loop);

	while (ck->vs) {
		struct vs_rt *vs = ck->vs;
		ck->vs = vs->next;
		vs_rt_free(vs);
	}
	free_groups(ck);
	staging_clear(c);
	global_conf_free(&ck->global);
	fifo_close(ck);
	conf_fields_free(&check_global_conf_desc, &ck->cg);
	free(ck->vrrp);
	script_tally_free(ck->notify_scripts);
	check_ssl_free_ctx(ck);
	check_ping_free(ck);
	check_file_free(ck);
	check_bfd_free(ck);
	check_nft_free(ck);
	ipvs_close(ck->ipvs);
	child_ipc_close(ck->ipc);
	loop_free(ck->loop);
	free(c);
	log_info("stopped");
	exit(0);
}
