/* check_child.c - the checker child process: receives virtual servers from
 * the parent, programs IPVS and runs the health checks, applies reloads by
 * difference, answers dump requests and removes what it installed on stop.
 *
 * Configuration stream (ipc.h): CONF_BEGIN, CONF_GLOBAL, CONF_VS*,
 * CONF_VSG*, CONF_END; records are staged and applied at CONF_END.
 */
#include "checker.h"
#include "conf_wire.h"
#include "daemon.h"
#include "ipc.h"
#include "log.h"
#include "util.h"
#include "wire.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STOP_DRAIN_POLL_US (50 * USEC_PER_MSEC)
#define STOP_DRAIN_MAX_US  (10 * USEC_PER_SEC)

struct checker_child {
	struct checker ck;
	bool staging;
	uint32_t staging_gen;
	struct global_conf staged_global;
	struct vs_conf *staged_vs;
	size_t n_staged_vs;
	struct vsg_conf *staged_vsg;
	size_t n_staged_vsg;
	bool configured;
	struct ev_timer stop_timer;
	uint64_t stop_deadline;
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
	c->staging = false;
}

static void free_groups(struct checker *ck)
{
	for (size_t i = 0; i < ck->n_vsg; i++)
		vsg_conf_free(&ck->vsg[i]);
	free(ck->vsg);
	ck->vsg = NULL;
	ck->n_vsg = 0;
}

/* Apply the staged configuration: services that stay keep the health of
 * their unchanged real servers; removed ones are deleted from IPVS. */
static void apply_staged(struct checker_child *c)
{
	struct checker *ck = &c->ck;
	global_conf_free(&ck->global);
	ck->global = c->staged_global;
	memset(&c->staged_global, 0, sizeof(c->staged_global));
	ck->pol.security = ck->global.enable_script_security;
	ck->pol.uid = ck->global.script_uid;
	ck->pol.gid = ck->global.script_gid;

	free_groups(ck);
	ck->vsg = c->staged_vsg;
	ck->n_vsg = c->n_staged_vsg;
	c->staged_vsg = NULL;
	c->n_staged_vsg = 0;

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

	/* stop the old ones' checks; carry state over; drop what went away */
	for (struct vs_rt *o = old; o; o = o->next)
		vs_rt_stop(o, false);
	for (struct vs_rt *vs = head; vs; vs = vs->next) {
		for (struct vs_rt *o = old; o; o = o->next)
			if (strcmp(o->conf.name, vs->conf.name) == 0) {
				vs_rt_adopt(vs, o);
				vs_rt_drop_removed(vs, o);
				o->conf.name[0] = '\0';   /* matched */
				break;
			}
	}
	ck->vs = head;
	while (old) {
		struct vs_rt *next = old->next;
		if (old->conf.name[0]) {
			log_info("VS %s removed by the new configuration", old->conf.name);
			vs_rt_stop(old, true);
		}
		vs_rt_free(old);
		old = next;
	}
	for (struct vs_rt *vs = head; vs; vs = vs->next)
		vs_rt_start(vs, fresh);
	c->staging = false;
	c->configured = true;
}

/* ---- stopping ------------------------------------------------------------- */

static void stop_poll(void *arg)
{
	struct checker_child *c = arg;
	if (script_queue_busy(c->ck.notify_q) && mono_now_us() < c->stop_deadline) {
		timer_start(c->ck.loop, &c->stop_timer, STOP_DRAIN_POLL_US);
		return;
	}
	loop_stop(c->ck.loop);
}

/* Remove our services (omega scripts run), wait for notify scripts, exit. */
static void begin_stop(struct checker_child *c)
{
	struct checker *ck = &c->ck;
	if (ck->stopping)
		return;
	log_info("stopping");
	for (struct vs_rt *vs = ck->vs; vs; vs = vs->next)
		vs_rt_stop(vs, true);
	ck->stopping = true;
	c->stop_deadline = mono_now_us() + STOP_DRAIN_MAX_US;
	timer_start(ck->loop, &c->stop_timer, 0);
}

/* ---- messages from the parent ---------------------------------------------- */

static void desync(const char *what)
{
	log_err("desynchronized with the parent (%s): exiting", what);
	_exit(2);
}

static void send_dump(struct checker_child *c, uint32_t kind)
{
	size_t len = 0;
	char *text = NULL;
	if (kind == IPC_DUMP_DATA_FILE || kind == IPC_DUMP_STATS_FILE)
		text = checker_dump(&c->ck, (int)kind, &len);
	if (text)
		ipc_send_text(c->ck.parent, text, len);
	free(text);
	ipc_send(c->ck.parent, IPC_DUMP_END, &kind, sizeof(kind));
}

static void on_parent_msg(void *arg, uint32_t type, const void *data, size_t len)
{
	struct checker_child *c = arg;
	struct rbuf r;
	uint32_t u = 0;
	rbuf_init(&r, data, len);
	switch (type) {
	case IPC_CONF_BEGIN:
		staging_clear(c);
		c->staging = true;
		c->staging_gen = rget_u32(&r);
		break;
	case IPC_CONF_GLOBAL:
		if (!c->staging)
			desync("GLOBAL outside a configuration");
		global_conf_free(&c->staged_global);
		memset(&c->staged_global, 0, sizeof(c->staged_global));
		if (!global_conf_decode(&r, &c->staged_global))
			desync("bad GLOBAL record");
		break;
	case IPC_CONF_VS: {
		if (!c->staging)
			desync("VS outside a configuration");
		struct vs_conf *vs = array_push(&c->staged_vs, &c->n_staged_vs, sizeof(*vs));
		if (!vs_conf_decode(&r, vs))
			desync("bad VS record");
		break;
	}
	case IPC_CONF_VSG: {
		if (!c->staging)
			desync("VSG outside a configuration");
		struct vsg_conf *g = array_push(&c->staged_vsg, &c->n_staged_vsg, sizeof(*g));
		if (!vsg_conf_decode(&r, g))
			desync("bad VSG record");
		break;
	}
	case IPC_CONF_VRRP:
		break;  /* the VRRP child's */
	case IPC_CONF_END:
		u = rget_u32(&r);
		if (!c->staging || u != c->staging_gen)
			desync("unexpected CONF_END");
		if (c->ck.stopping) {
			staging_clear(c);
			break;
		}
		apply_staged(c);
		ipc_send(c->ck.parent, IPC_CONF_ACK, &u, sizeof(u));
		break;
	case IPC_DUMP_REQUEST:
		u = rget_u32(&r);
		if (r.error)
			desync("bad DUMP_REQUEST");
		send_dump(c, u);
		break;
	case IPC_SHUTDOWN:
		begin_stop(c);
		break;
	default:
		log_warn("unexpected message type %u from the parent", type);
	}
}

static void on_parent_gone(void *arg)
{
	struct checker_child *c = arg;
	log_err("the parent went away");
	ipc_close(c->ck.parent);
	c->ck.parent = NULL;
	begin_stop(c);
}

static void on_signal(void *arg, int signo)
{
	struct checker_child *c = arg;
	if (signo == SIGTERM || signo == SIGINT)
		begin_stop(c);
}

void checker_child_main(int ipc_fd, const struct daemon_opts *opts)
{
	struct checker_child *c = xcalloc(1, sizeof(*c));
	struct checker *ck = &c->ck;
	srandom((unsigned)(getpid() ^ mono_now_us()));
	ck->loop = loop_new();
	ck->parent = ipc_open(ck->loop, ipc_fd, on_parent_msg, on_parent_gone, c);
	ck->notify_q = script_queue_new(ck->loop);
	timer_init(&c->stop_timer, stop_poll, c);
	signal(SIGPIPE, SIG_IGN);
	loop_signal_add(ck->loop, SIGTERM, on_signal, c);
	loop_signal_add(ck->loop, SIGINT, on_signal, c);
	loop_signal_add(ck->loop, SIGHUP, on_signal, c);   /* reload is the parent's */
	loop_signal_add(ck->loop, SIGUSR1, on_signal, c);
	loop_signal_add(ck->loop, SIGUSR2, on_signal, c);
	int err = 0;
	ck->ipvs = ipvs_open(&err);
	if (!ck->ipvs)
		log_err("IPVS unavailable (%s): virtual servers will not be programmed; checks still run",
			ipvs_strerror(err));

	loop_run(ck->loop);

	while (ck->vs) {
		struct vs_rt *vs = ck->vs;
		ck->vs = vs->next;
		vs_rt_free(vs);
	}
	free_groups(ck);
	staging_clear(c);
	global_conf_free(&ck->global);
	script_queue_free(ck->notify_q);
	check_ssl_free_ctx(ck);
	ipvs_close(ck->ipvs);
	if (ck->parent)
		ipc_close(ck->parent);
	loop_free(ck->loop);
	free(c);
	log_info("stopped");
	(void)opts;
	exit(0);
}
