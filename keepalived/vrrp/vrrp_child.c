/* vrrp_child.c - the VRRP child process: runs the instances it is given by
 * the parent (through child_ipc.c), applies reloads by difference and stops
 * cleanly. Records are staged and applied at CONF_END, so a half-received
 * stream never touches running instances.
 */
#include "child_ipc.h"
#include "conf_wire.h"
#include "daemon.h"
#include "ipc.h"
#include "keyidx.h"
#include "log.h"
#include "util.h"
#include "vrrp.h"
#include "vrrp_net.h"
#include "wire.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

/* Adverts are handled in batches, at most this long after they arrive:
 * far below any VRRP timer (centiseconds), and it spares a backup of a
 * thousand instances a wake-up per advert. */
#define VRRP_IO_GATHER_US (1 * USEC_PER_MSEC)

struct vrrp_child {
	struct vrrp_ctx ctx;
	/* one zeroed instance per vrrp_instance record, its conf decoded in
	 * place: a new instance is this shell (vrrp_instance_new()), so a
	 * thousand 1 kB configurations are neither staged in an array of
	 * their own nor copied (page faults) */
	struct vrrp_instance **staged;
	size_t n_staged;
	struct vrrp_resume_rec *resume;  /* CONF_RESUME records of this stream (vrrp_resume.c) */
	size_t n_resume;
	struct vrrp_objs_conf staged_objs;   /* vrrp_script, track_file, sync groups */
	uint64_t stop_us;                /* when stop() ran */
};

/* How long the stop waits for the scripts still running (notify_stop
 * among them, the FIFO scripts): keepalived 2.2.7's VRRP process exits
 * about 1 s after its SIGTERM whatever its scripts do, and the scripts
 * still running get SIGTERM then (their parent-death signal) and are not
 * waited for (measured: a notify_master of 20 s and a notify_stop of 10 s
 * both got SIGTERM 1.0 s after the daemon's; a notify_stop of 0.5 s ran
 * to its end). The parent's broker sends that SIGTERM here. */
#define STOP_SCRIPTS_GRACE_US (1 * USEC_PER_SEC)

static void staging_clear(struct vrrp_child *c)
{
	for (size_t i = 0; i < c->n_staged; i++) {
		if (!c->staged[i])
			continue;   /* it became an instance */
		vrrp_instance_conf_free(&c->staged[i]->conf);
		free(c->staged[i]);
	}
	free(c->staged);
	c->staged = NULL;
	c->n_staged = 0;
	for (size_t i = 0; i < c->n_resume; i++)
		vrrp_resume_rec_free(&c->resume[i]);
	free(c->resume);
	c->resume = NULL;
	c->n_resume = 0;
	vrrp_objs_conf_free(&c->staged_objs);
}

static struct vrrp_instance *find_instance(struct vrrp_ctx *ctx, const char *name)
{
	for (struct vrrp_instance *vi = ctx->instances; vi; vi = vi->next)
		if (strcmp(vi->conf.name, name) == 0)
			return vi;
	return NULL;
}

/* The staged configuration by name: name -> index into c->staged (names
 * are unique, the parent checked), so that applying a thousand instances
 * does not compare every pair. */
static struct keyidx *staged_index(const struct vrrp_child *c)
{
	struct keyidx *ix = keyidx_new(c->n_staged);
	for (size_t i = 0; i < c->n_staged; i++)
		keyidx_put(ix, c->staged[i]->conf.name, strlen(c->staged[i]->conf.name), i);
	return ix;
}

/* The staged instance named name, or NULL. */
static struct vrrp_instance_conf *staged_named(const struct vrrp_child *c, const struct keyidx *ix,
					       const char *name)
{
	size_t k = keyidx_get(ix, name, strlen(name));
	return k == KEYIDX_NONE ? NULL : &c->staged[k]->conf;
}

/* ---- child_ipc callbacks ------------------------------------------------------ */

static void conf_begin(void *arg)
{
	staging_clear(arg);
}

static bool conf_record(void *arg, uint32_t type, struct rbuf *r)
{
	struct vrrp_child *c = arg;
	if (type == IPC_CONF_VRRP_OBJ)
		return vrrp_obj_decode(r, &c->staged_objs);
	struct vrrp_instance **slot = array_push(&c->staged, &c->n_staged, sizeof(*slot));
	*slot = xcalloc(1, sizeof(**slot));
	return vrrp_instance_conf_decode(r, &(*slot)->conf);
}

/* A state change the previous VRRP process reported last
 * (vrrp_resume_report()). */
static bool conf_resume(void *arg, struct rbuf *r)
{
	struct vrrp_child *c = arg;
	struct vrrp_resume_rec rec;
	if (!vrrp_resume_decode(r, &rec))
		return false;
	*(struct vrrp_resume_rec *)array_push(&c->resume, &c->n_resume, sizeof(rec)) = rec;
	return true;
}

/* The identity key of a configuration: VRID, family and interface (the
 * rest of the identity is compared on the few that share it). */
static size_t identity_key(const struct vrrp_instance_conf *c, char *key, size_t sz)
{
	int n = snprintf(key, sz, "%u/%u/%s", c->vrid, c->l3.family, c->ifname);
	return n < 0 ? 0 : (size_t)n < sz ? (size_t)n : sz - 1;
}

/* keepalived 2.2.7 knows a running instance across a reload by what it is
 * (vrrp_exist(): VRID, family, interface, unicast and its source, VMAC,
 * multicast group), not by its name: a renamed instance keeps its state,
 * its VIPs and its timers, and no notify runs. So a running instance whose
 * name the staged configuration no longer has takes the name of the
 * staged instance of the same identity that no running instance is named
 * after (each staged one at most once); the reload then applies by name.
 * The staged side is indexed by (VRID, family, interface), candidates of
 * one key chained. */
static void match_renamed(struct vrrp_child *c)
{
	struct vrrp_ctx *ctx = &c->ctx;
	struct keyidx *staged = staged_index(c);
	size_t n_gone = 0, n_run = 0;
	for (struct vrrp_instance *vi = ctx->instances; vi; vi = vi->next, n_run++)
		if (!staged_named(c, staged, vi->conf.name))
			n_gone++;
	if (!n_gone || !c->n_staged) {
		keyidx_free(staged);
		return;
	}
	struct keyidx *running = keyidx_new(n_run);
	for (struct vrrp_instance *vi = ctx->instances; vi; vi = vi->next)
		keyidx_put(running, vi->conf.name, strlen(vi->conf.name), 0);
	struct keyidx *byid = keyidx_new(c->n_staged);
	size_t *next = xcalloc(c->n_staged, sizeof(*next));
	bool *taken = xcalloc(c->n_staged, sizeof(*taken));
	char key[64];
	for (size_t i = 0; i < c->n_staged; i++) {
		const struct vrrp_instance_conf *sc = &c->staged[i]->conf;
		next[i] = KEYIDX_NONE;
		if (keyidx_get(running, sc->name, strlen(sc->name)) != KEYIDX_NONE)
			continue;   /* a running namesake: updated or replaced by name */
		size_t len = identity_key(sc, key, sizeof(key));
		if (!keyidx_put(byid, key, len, i)) {   /* after the chain's head */
			size_t head = keyidx_get(byid, key, len);
			next[i] = next[head];
			next[head] = i;
		}
	}
	for (struct vrrp_instance *vi = ctx->instances; vi; vi = vi->next) {
		if (staged_named(c, staged, vi->conf.name))
			continue;
		size_t len = identity_key(&vi->conf, key, sizeof(key));
		for (size_t k = keyidx_get(byid, key, len); k != KEYIDX_NONE; k = next[k]) {
			const struct vrrp_instance_conf *sc = &c->staged[k]->conf;
			if (taken[k] || !vrrp_instance_same_identity(sc, &vi->conf) ||
			    (sc->ext.unicast &&
			     (sc->mcast_src_ip.s_addr != vi->conf.mcast_src_ip.s_addr ||
			      memcmp(&sc->l3.mcast_src6, &vi->conf.l3.mcast_src6, sizeof(sc->l3.mcast_src6)) != 0)))
				continue;
			taken[k] = true;
			log_info("(%s) renamed %s by the new configuration: state %s kept",
				 vi->conf.name, sc->name, vrrp_state_name(vi->state));
			vrrp_resume_renamed(vi, sc->name);
			break;
		}
	}
	free(taken);
	free(next);
	keyidx_free(byid);
	keyidx_free(running);
	keyidx_free(staged);
}

/* Stop and free every running instance the staged configuration does not
 * keep with the same identity (gone: deleted; re-identified: started again
 * by add_or_update()). */
static void remove_gone(struct vrrp_child *c)
{
	struct keyidx *ix = staged_index(c);
	struct vrrp_instance **pp = &c->ctx.instances;
	while (*pp) {
		struct vrrp_instance *vi = *pp;
		const struct vrrp_instance_conf *sc = staged_named(c, ix, vi->conf.name);
		if (sc && vrrp_instance_same_identity(sc, &vi->conf)) {
			pp = &vi->next;
			continue;
		}
		log_info("(%s) removed or re-identified by the new configuration: stopping it", vi->conf.name);
		vi->deleted = !sc;
		*pp = vi->next;   /* unlinked before it stops, as it always was */
		vrrp_instance_destroy(vi);
	}
	keyidx_free(ix);
}

/* Update the running instances that have a staged namesake in place and
 * append a new instance for each other staged one, in the staged order.
 * Returns the new ones (*n of them; the caller frees the array). */
static struct vrrp_instance **add_or_update(struct vrrp_child *c, size_t *n)
{
	struct vrrp_ctx *ctx = &c->ctx;
	struct keyidx *ix = keyidx_new(c->n_staged);
	struct vrrp_instance **tail = &ctx->instances;
	size_t n_kept = 0;
	for (; *tail; tail = &(*tail)->next)
		n_kept++;
	struct vrrp_instance **kept = xcalloc(n_kept ? n_kept : 1, sizeof(*kept));
	n_kept = 0;
	for (struct vrrp_instance *vi = ctx->instances; vi; vi = vi->next) {
		keyidx_put(ix, vi->conf.name, strlen(vi->conf.name), n_kept);
		kept[n_kept++] = vi;
	}
	struct vrrp_instance **fresh = xcalloc(c->n_staged ? c->n_staged : 1, sizeof(*fresh));
	*n = 0;
	for (size_t i = 0; i < c->n_staged; i++) {
		const char *name = c->staged[i]->conf.name;
		size_t k = keyidx_get(ix, name, strlen(name));
		if (k != KEYIDX_NONE) {
			vrrp_instance_update(kept[k], &c->staged[i]->conf);
			/* keepalived 2.2.7 rebuilds its instances on a reload: a
			 * preempt_delay under way starts afresh */
			kept[k]->preempt_time_us = 0;
			continue;
		}
		struct vrrp_instance *ni = vrrp_instance_new(ctx, c->staged[i]);
		c->staged[i] = NULL;
		ni->next = NULL;
		*tail = ni;
		tail = &ni->next;
		fresh[(*n)++] = ni;
	}
	keyidx_free(ix);
	free(kept);
	return fresh;
}

/* After a crash: each new instance whose last record (the previous
 * process's last report of it) says MASTER resumes MASTER
 * (vrrp_instance_resume()), then faces its trackers. The records are
 * found through an index of their names (a thousand instances
 * respawned: no million compares). */
static void resume_masters(struct vrrp_child *c, struct vrrp_instance **fresh, size_t n_fresh)
{
	if (!c->n_resume)
		return;
	struct keyidx *ix = keyidx_new(c->n_resume);
	for (size_t i = c->n_resume; i-- > 0;)   /* the last record of a name stays */
		keyidx_put(ix, c->resume[i].name, strlen(c->resume[i].name), i);
	for (size_t i = 0; i < n_fresh; i++) {
		const char *name = fresh[i]->conf.name;
		size_t k = keyidx_get(ix, name, strlen(name));
		if (k != KEYIDX_NONE && c->resume[k].state == VRRP_STATE_MASTER) {
			vrrp_instance_resume(fresh[i], &c->resume[k]);
			vrrp_reassess(fresh[i]);
		}
	}
	keyidx_free(ix);
}

/* Apply the staged configuration: keep what did not change, update in
 * place what kept its identity, stop removed instances, start new ones.
 * After a crash (resume records): first remove what the previous process
 * installed and this configuration does not have (vrrp_resume_cleanup());
 * an instance that was MASTER resumes MASTER when it can
 * (vrrp_instance_resume()). */
static void conf_apply(void *arg, struct global_conf *global)
{
	struct vrrp_child *c = arg;
	struct vrrp_ctx *ctx = &c->ctx;
	struct vrrp_state_snap snap;
	vrrp_state_snap_take(ctx, &snap);   /* fifo_write_vrrp_states_on_reload */
	vrrp_routes_update(ctx, &ctx->global.statics, &global->statics);   /* static_* */
	free(ctx->statics_seen);
	ctx->statics_seen = global->statics.n_addrs ? xcalloc(global->statics.n_addrs, sizeof(bool)) : NULL;
	global_conf_free(&ctx->global);
	ctx->global = *global;
	memset(global, 0, sizeof(*global));
	ctx->script_policy.security = ctx->global.enable_script_security;
	ctx->script_policy.uid = ctx->global.script_uid;
	ctx->script_policy.gid = ctx->global.script_gid;
	vrrp_ifdelay_apply(ctx);
	vrrp_igmp_apply(ctx);

	match_renamed(c);
	remove_gone(c);
	size_t n_fresh = 0;
	struct vrrp_instance **fresh = add_or_update(c, &n_fresh);
	struct vrrp_instance *vi;
	vrrp_iface_gc(ctx);
	vrrp_route_watch_update(ctx);
	vrrp_fifos_apply(ctx);
	vrrp_syncs_apply(ctx, c->staged_objs.groups, c->staged_objs.n_groups);
	vrrp_trackers_apply(ctx, &c->staged_objs);
	vrrp_sched_apply(ctx);
	for (vi = ctx->instances; vi; vi = vi->next)
		if (vi->state != VRRP_STATE_INIT)
			vrrp_reassess(vi);   /* kept or updated: trackers may differ */
	vrrp_syncs_settle(ctx);   /* a group with MASTER and BACKUP members */
	/* An instance that was MASTER when the previous VRRP process died
	 * resumes at once (no startup delay), then faces its trackers. */
	vrrp_resume_cleanup(ctx, c->resume, c->n_resume);   /* leftovers of the previous process */
	resume_masters(c, fresh, n_fresh);
	/* vrrp_startup_delay, as keepalived 2.2.7: the instances enter BACKUP
	 * now (notify_backup runs), but no Master_Down_Timer ends before the
	 * delay is over (vrrp_state.c) - an advert heard meanwhile counts. */
	if (!ctx->started) {
		ctx->started = true;
		if (ctx->global.ext.startup_delay_ms) {
			log_info("Delaying startup for %g seconds (vrrp_startup_delay: no instance becomes master before)",
				 ctx->global.ext.startup_delay_ms / 1000.0);
			ctx->startup_until_us = mono_now_us() + (uint64_t)ctx->global.ext.startup_delay_ms * USEC_PER_MSEC;
		}
	}
	vrrp_syncs_start(ctx);   /* a group of new members: BACKUP before them, FAULT after */
	for (size_t i = 0; i < n_fresh; i++)
		if (fresh[i]->state == VRRP_STATE_INIT)
			vrrp_instance_start(fresh[i]);
	vrrp_syncs_started(ctx);
	free(fresh);
	vrrp_fifo_reload_states(ctx, &snap);
	staging_clear(c);   /* every entry was moved out or freed */
}

static char *dump(void *arg, uint32_t kind, size_t *len)
{
	struct vrrp_child *c = arg;
	return vrrp_dump(&c->ctx, (int)kind, len);
}

/* STOP every instance (priority 0, VIPs removed, notify_stop; with -V the
 * VIPs stay and no priority-0 advert is sent, as keepalived -V). */
static void stop(void *arg)
{
	struct vrrp_child *c = arg;
	struct vrrp_ctx *ctx = &c->ctx;
	ctx->stopping = true;
	c->stop_us = mono_now_us();
	vrrp_syncs_hold(ctx);   /* the groups' STOP after every instance's */
	for (struct vrrp_instance *vi = ctx->instances; vi; vi = vi->next)
		vrrp_set_state(vi, VRRP_EV_SHUTDOWN);
	vrrp_syncs_release(ctx);
	vrrp_fifos_free_all(ctx);   /* after the STOP lines; readers get SIGTERM */
	vrrp_igmp_restore(ctx);
}

/* VIP requests still to send, or scripts still running (notify_stop
 * among them) for STOP_SCRIPTS_GRACE_US after the stop. */
static bool busy(void *arg)
{
	struct vrrp_child *c = arg;
	if (vrrp_batch_busy(&c->ctx))
		return true;
	if (mono_now_us() >= c->stop_us + STOP_SCRIPTS_GRACE_US)
		return false;
	for (struct vrrp_instance *vi = c->ctx.instances; vi; vi = vi->next)
		if (script_tally_busy(vi->notify_scripts))
			return true;
	return vrrp_syncs_busy(&c->ctx) || c->ctx.fifo_scripts > 0;
}

/* STATS_CLEAR: every instance's counters back to zero. */
static void clear_stats(void *arg)
{
	struct vrrp_child *c = arg;
	for (struct vrrp_instance *vi = c->ctx.instances; vi; vi = vi->next)
		memset(&vi->stats, 0, sizeof(vi->stats));
}

/* keepalivedctl garp INSTANCE: a gratuitous ARP burst now (a master only:
 * the addresses are not ours otherwise), garp_master_repeat per address. */
static int cmd_garp(struct vrrp_ctx *ctx, const char *name, char **text)
{
	size_t len = 0;
	struct vrrp_instance *vi = find_instance(ctx, name);
	if (!vi) {
		str_appendf(text, &len, "no VRRP instance %s", name);
		return 1;
	}
	if (vi->state != VRRP_STATE_MASTER) {
		str_appendf(text, &len, "(%s) is %s: only the master sends gratuitous ARPs for its addresses",
			    name, vrrp_state_name(vi->state));
		return 1;
	}
	uint32_t count = vi->conf.garp_master_repeat ? vi->conf.garp_master_repeat : 1;
	vrrp_garp_burst(vi, count);
	size_t n = vi->conf.n_vips + vi->conf.n_vips_excluded;
	log_info("(%s) gratuitous ARP burst asked for by keepalivedctl", name);
	str_appendf(text, &len, "(%s) sent %u gratuitous ARP%s for each of %zu address%s", name, count,
		    count == 1 ? "" : "s", n, n == 1 ? "" : "es");
	return 0;
}

static int control(void *arg, const char *verb, const char *argument, char **text)
{
	struct vrrp_child *c = arg;
	if (strcmp(verb, "garp") == 0)
		return cmd_garp(&c->ctx, argument, text);
	size_t len = 0;
	str_appendf(text, &len, "the VRRP child has no command %s", verb);
	return 1;
}

/* Messages from the parent outside the configuration stream: the BFD
 * sessions' states (IPC_BFD_STATE, vrrp_track_bfd.c). */
static bool message(void *arg, uint32_t type, struct rbuf *r)
{
	struct vrrp_child *c = arg;
	if (type != IPC_BFD_STATE) {
		log_warn("unexpected message type %u from the parent", type);
		return true;
	}
	return vrrp_bfd_state_msg(&c->ctx, r);
}

/* A track file's text changed (the parent watches the files). */
static void file_changed(void *arg, const char *path)
{
	struct vrrp_child *c = arg;
	vrrp_trackers_file_changed(&c->ctx, path);
}

static const struct child_ipc_ops vrrp_child_ops = {
	.conf_begin = conf_begin,
	.conf_record = conf_record,
	.conf_resume = conf_resume,
	.conf_apply = conf_apply,
	.dump = dump,
	.clear_stats = clear_stats,
	.control = control,
	.stop = stop,
	.busy = busy,
	.file_changed = file_changed,
	.message = message,
	.record_types = { IPC_CONF_VRRP, IPC_CONF_VRRP_OBJ },
};

/* ---- links -------------------------------------------------------------------- */

/* Contract: see vrrp.h. Every instance is judged once, its trackers
 * already refreshed: its link (which reassesses it), then its VIPs. A batch
 * that only added addresses (our own VIPs, mostly: a thousand of them as a
 * thousand instances become master) cannot take a usable link away, and
 * the address an instance sends from - the first of its interface's in the
 * table - stays the first: an instance in MASTER or BACKUP keeps its
 * verdict, and only the others (FAULT waiting for an address, INIT) are
 * judged again. Each one's VIPs are looked at always (a master sees its
 * VIPs installed in such a batch). */
void vrrp_child_links_changed(struct vrrp_ctx *ctx, unsigned changes)
{
	if (ctx->stopping)
		return;
	bool added_only = !(changes & (NETIF_CH_LINK | NETIF_CH_ADDR_GONE));
	vrrp_ifdelay_links_changed(ctx);
	vrrp_trackers_links_changed(ctx);
	vrrp_statics_reinstate(ctx);
	for (struct vrrp_instance *vi = ctx->instances; vi; vi = vi->next) {
		if (!added_only || (vi->state != VRRP_STATE_MASTER && vi->state != VRRP_STATE_BACKUP))
			vrrp_instance_check_link(vi);
		vrrp_check_vips(vi);
	}
}

static void on_monitor(void *arg, int fd, uint32_t events)
{
	struct vrrp_ctx *ctx = arg;
	unsigned changes = netif_drain(ctx->netif);
	if (changes)
		vrrp_child_links_changed(ctx, changes);
}

void vrrp_child_main(int ipc_fd, const struct daemon_opts *opts)
{
	struct vrrp_child *c = xcalloc(1, sizeof(*c));
	struct vrrp_ctx *ctx = &c->ctx;
	srandom((unsigned)(getpid() ^ mono_now_us()));
	log_set_buffered(true);   /* a line per instance: one write() per loop turn */
	ctx->loop = loop_new();
	loop_set_io_gather(ctx->loop, VRRP_IO_GATHER_US);
	loop_set_stall_warn(ctx->loop, opts->stall_warn_ms * USEC_PER_MSEC);
	ctx->netif = netif_new();
	ctx->vipnl = vip_nl_new();
	if (!ctx->netif || !ctx->vipnl)
		fatal("cannot talk to the kernel over netlink");
	vrrp_batch_init(ctx);
	loop_io_add(ctx->loop, netif_fd(ctx->netif), EPOLLIN, on_monitor, ctx);
	ctx->ipc = child_ipc_open(ctx->loop, ipc_fd, &vrrp_child_ops, c);
	ctx->dont_release = opts->dont_release_vrrp;
	ctx->log_addresses = opts->address_monitoring;
	netif_log_addresses(ctx->netif, ctx->log_addresses);
	timer_init(&ctx->sched_timer, NULL, ctx);

	loop_run(ctx->loop);

	timer_stop(ctx->loop, &ctx->sched_timer);
	vrrp_trackers_free_all(ctx);
	vrrp_bfd_states_free(ctx);
	vrrp_ifdelay_free_all(ctx);
	while (ctx->instances) {
		struct vrrp_instance *vi = ctx->instances;
		ctx->instances = vi->next;
		vrrp_instance_destroy(vi);
	}
	vrrp_batch_done(ctx);
	vrrp_syncs_free_all(ctx);
	vrrp_fifos_free_all(ctx);
	vrrp_iface_free_all(ctx);
	staging_clear(c);
	global_conf_free(&ctx->global);
	free(ctx->statics_seen);
	vrrp_route_watch_free(ctx);
	child_ipc_close(ctx->ipc);
	loop_io_del(ctx->loop, netif_fd(ctx->netif));
	vip_nl_free(ctx->vipnl);
	netif_free(ctx->netif);
	loop_free(ctx->loop);
	free(c);
	log_info("stopped");
	exit(0);
}
