/* vrrp_child.c - the VRRP child process: receives its configuration from
 * the parent, runs the instances, applies reloads by difference, answers
 * dump requests and stops cleanly.
 *
 * Configuration stream (ipc.h): CONF_BEGIN, CONF_GLOBAL, CONF_VRRP*, CONF_END.
 * Records are staged and applied at CONF_END, so a half-received stream
 * never touches running instances.
 */
#include "conf_wire.h"
#include "daemon.h"
#include "ipc.h"
#include "log.h"
#include "util.h"
#include "vrrp.h"
#include "vrrp_net.h"
#include "wire.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#define STOP_DRAIN_POLL_US   (50 * USEC_PER_MSEC)
#define STOP_DRAIN_MAX_US    (10 * USEC_PER_SEC)

struct vrrp_child {
	struct vrrp_ctx ctx;
	/* staging area for the configuration being received */
	bool staging;
	uint32_t staging_gen;
	struct global_conf staged_global;
	struct vrrp_instance_conf *staged;
	size_t n_staged;
	bool configured;
	struct ev_timer stop_timer;
	uint64_t stop_deadline;
};

static void staging_clear(struct vrrp_child *c)
{
	for (size_t i = 0; i < c->n_staged; i++)
		vrrp_instance_conf_free(&c->staged[i]);
	free(c->staged);
	c->staged = NULL;
	c->n_staged = 0;
	global_conf_free(&c->staged_global);
	memset(&c->staged_global, 0, sizeof(c->staged_global));
	c->staging = false;
}

static struct vrrp_instance *find_instance(struct vrrp_ctx *ctx, const char *name)
{
	for (struct vrrp_instance *vi = ctx->instances; vi; vi = vi->next)
		if (strcmp(vi->conf.name, name) == 0)
			return vi;
	return NULL;
}

static void unlink_instance(struct vrrp_ctx *ctx, struct vrrp_instance *vi)
{
	for (struct vrrp_instance **pp = &ctx->instances; *pp; pp = &(*pp)->next) {
		if (*pp == vi) {
			*pp = vi->next;
			return;
		}
	}
}

static void append_instance(struct vrrp_ctx *ctx, struct vrrp_instance *vi)
{
	struct vrrp_instance **pp = &ctx->instances;
	while (*pp)
		pp = &(*pp)->next;
	vi->next = NULL;
	*pp = vi;
}

/* Apply the staged configuration: keep what did not change, update in
 * place what kept its identity, stop removed instances, start new ones. */
static void apply_staged(struct vrrp_child *c)
{
	struct vrrp_ctx *ctx = &c->ctx;
	global_conf_free(&ctx->global);
	ctx->global = c->staged_global;
	memset(&c->staged_global, 0, sizeof(c->staged_global));
	ctx->script_policy.security = ctx->global.enable_script_security;
	ctx->script_policy.uid = ctx->global.script_uid;
	ctx->script_policy.gid = ctx->global.script_gid;

	/* Removed instances, or ones whose identity changed: stop them. */
	struct vrrp_instance *vi = ctx->instances;
	while (vi) {
		struct vrrp_instance *next = vi->next;
		bool keep = false;
		for (size_t i = 0; i < c->n_staged && !keep; i++)
			keep = strcmp(c->staged[i].name, vi->conf.name) == 0 &&
			       vrrp_instance_same_identity(&c->staged[i], &vi->conf);
		if (!keep) {
			log_info("(%s) removed or re-identified by the new configuration: stopping it",
				 vi->conf.name);
			unlink_instance(ctx, vi);
			vrrp_instance_destroy(vi);
		}
		vi = next;
	}
	/* Update the kept ones, make the new ones. */
	struct vrrp_instance *fresh[c->n_staged ? c->n_staged : 1];
	size_t n_fresh = 0;
	for (size_t i = 0; i < c->n_staged; i++) {
		struct vrrp_instance *old = find_instance(ctx, c->staged[i].name);
		if (old) {
			vrrp_instance_update(old, &c->staged[i]);
			continue;
		}
		struct vrrp_instance *ni = vrrp_instance_new(ctx, &c->staged[i]);
		append_instance(ctx, ni);
		fresh[n_fresh++] = ni;
	}
	vrrp_iface_gc(ctx);
	for (size_t i = 0; i < n_fresh; i++)
		vrrp_instance_start(fresh[i]);
	free(c->staged);
	c->staged = NULL;
	c->n_staged = 0;
	c->staging = false;
	c->configured = true;
}

/* ---- stopping ---------------------------------------------------------------- */

static void stop_poll(void *arg)
{
	struct vrrp_child *c = arg;
	struct vrrp_ctx *ctx = &c->ctx;
	bool busy = false;
	for (struct vrrp_instance *vi = ctx->instances; vi; vi = vi->next)
		busy |= script_queue_busy(vi->notify_queue);
	if (busy && mono_now_us() < c->stop_deadline) {
		timer_start(ctx->loop, &c->stop_timer, STOP_DRAIN_POLL_US);
		return;
	}
	loop_stop(ctx->loop);
}

/* STOP every instance (priority 0, VIPs removed, notify_stop), then wait
 * for the notify scripts to have run before exiting. */
static void begin_stop(struct vrrp_child *c)
{
	struct vrrp_ctx *ctx = &c->ctx;
	if (ctx->stopping)
		return;
	ctx->stopping = true;
	log_info("stopping");
	for (struct vrrp_instance *vi = ctx->instances; vi; vi = vi->next)
		vrrp_set_state(vi, VRRP_EV_SHUTDOWN);
	c->stop_deadline = mono_now_us() + STOP_DRAIN_MAX_US;
	timer_start(ctx->loop, &c->stop_timer, 0);
}

/* ---- messages from the parent --------------------------------------------------- */

static void desync(const char *what)
{
	log_err("desynchronized with the parent (%s): exiting", what);
	_exit(2);
}

static void send_dump(struct vrrp_child *c, uint32_t kind)
{
	size_t len = 0;
	char *text = vrrp_dump(&c->ctx, (int)kind, &len);
	ipc_send_text(c->ctx.parent, text, len);
	free(text);
	ipc_send(c->ctx.parent, IPC_DUMP_END, &kind, sizeof(kind));
}

static void on_parent_msg(void *arg, uint32_t type, const void *data, size_t len)
{
	struct vrrp_child *c = arg;
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
	case IPC_CONF_VRRP: {
		if (!c->staging)
			desync("VRRP outside a configuration");
		struct vrrp_instance_conf *vc = array_push(&c->staged, &c->n_staged, sizeof(*vc));
		if (!vrrp_instance_conf_decode(&r, vc))
			desync("bad VRRP record");
		break;
	}
	case IPC_CONF_VS:
	case IPC_CONF_VSG:
		break;  /* the checker's: not for us */
	case IPC_CONF_END:
		u = rget_u32(&r);
		if (!c->staging || u != c->staging_gen)
			desync("unexpected CONF_END");
		if (c->ctx.stopping) {
			staging_clear(c);
			break;
		}
		apply_staged(c);
		ipc_send(c->ctx.parent, IPC_CONF_ACK, &u, sizeof(u));
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
	struct vrrp_child *c = arg;
	log_err("the parent went away");
	ipc_close(c->ctx.parent);
	c->ctx.parent = NULL;
	begin_stop(c);
}

static void on_signal(void *arg, int signo)
{
	struct vrrp_child *c = arg;
	if (signo == SIGTERM || signo == SIGINT)
		begin_stop(c);
}

static void on_link_change(void *arg)
{
	struct vrrp_ctx *ctx = arg;
	if (ctx->stopping)
		return;
	for (struct vrrp_instance *vi = ctx->instances; vi; vi = vi->next)
		vrrp_instance_check_link(vi);
}

static void on_monitor(void *arg, int fd, uint32_t events)
{
	netif_monitor_drain(fd, on_link_change, arg);
}

void vrrp_child_main(int ipc_fd, const struct daemon_opts *opts)
{
	struct vrrp_child *c = xcalloc(1, sizeof(*c));
	struct vrrp_ctx *ctx = &c->ctx;
	srandom((unsigned)(getpid() ^ mono_now_us()));
	ctx->loop = loop_new();
	ctx->parent = ipc_open(ctx->loop, ipc_fd, on_parent_msg, on_parent_gone, c);
	timer_init(&c->stop_timer, stop_poll, c);
	signal(SIGPIPE, SIG_IGN);
	loop_signal_add(ctx->loop, SIGTERM, on_signal, c);
	loop_signal_add(ctx->loop, SIGINT, on_signal, c);
	loop_signal_add(ctx->loop, SIGHUP, on_signal, c);   /* reload is the parent's */
	loop_signal_add(ctx->loop, SIGUSR1, on_signal, c);
	loop_signal_add(ctx->loop, SIGUSR2, on_signal, c);
	ctx->monitor_fd = netif_monitor_open();
	if (ctx->monitor_fd >= 0)
		loop_io_add(ctx->loop, ctx->monitor_fd, EPOLLIN, on_monitor, ctx);
	else
		log_warn("no link monitor: interface changes will not be noticed");

	loop_run(ctx->loop);

	while (ctx->instances) {
		struct vrrp_instance *vi = ctx->instances;
		ctx->instances = vi->next;
		vrrp_instance_destroy(vi);
	}
	vrrp_iface_free_all(ctx);
	staging_clear(c);
	global_conf_free(&ctx->global);
	if (ctx->parent)
		ipc_close(ctx->parent);
	if (ctx->monitor_fd >= 0)
		close(ctx->monitor_fd);
	loop_free(ctx->loop);
	free(c);
	log_info("stopped");
	exit(0);
}
