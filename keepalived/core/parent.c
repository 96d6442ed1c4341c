/* parent.c - the parent: a table of child processes, their supervision,
 * configuration hand-over, reload and dumps.
 *
 *   procs[]          which children exist, when each is wanted, its entry point
 *   spawn_child()    socketpair + fork; the child runs its main with its end
 *   send_config()    CONF_BEGIN, GLOBAL, the child's objects, CONF_END
 *   on_child_exit()  respawn with back-off, or finish a shutdown
 *   on_sighup()      parse the file again; on errors keep the running config
 *   on_child_msg()   CONF_ACK (config_applied() once all have), dump answers,
 *                    script requests (script_broker.c runs them)
 * Dumps are parent_dump.c's, the requests themselves dump.c's. Each child
 * is sent the capabilities it keeps (procs[].caps, IPC_PRIVS) first.
 */
#include "parent.h"
#include "bfd_conf.h"
#include "check_conf.h"
#include "cmdline.h"
#include "conf_wire.h"
#include "ipc.h"
#include "log.h"
#include "loop.h"
#include "parent_int.h"
#include "pidfile.h"
#include "privdrop.h"
#include "script_broker.h"
#include "script.h"
#include "script_exec.h"
#include "util.h"
#include "wire.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/epoll.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RESPAWN_WINDOW_US   (60 * USEC_PER_SEC)
#define RESPAWN_DELAY_US    (100 * USEC_PER_MSEC)
#define RESPAWN_BACKOFF_US  (10 * USEC_PER_SEC)
#define SHUTDOWN_GRACE_US   (10 * USEC_PER_SEC)   /* unless child_wait_time says otherwise */

/* ---- the process table ----------------------------------------------------------- */

/* How long the children get to stop before they are killed: child_wait_time
 * (keepalived's default is 5 s; ours stays 10 s, as large IPVS tables take a
 * while to remove), 0 = the default. */
static uint64_t shutdown_grace_us(const struct parent *p)
{
	uint32_t s = p->conf->global.child_wait_time_s;
	return s ? (uint64_t)s * USEC_PER_SEC : SHUTDOWN_GRACE_US;
}

static bool vrrp_wanted(const struct parent *p)
{
	return !p->opts->checker_only && (p->conf->n_vrrp > 0 || p->opts->run_all);
}

static bool checker_wanted(const struct parent *p)
{
	/* virtual servers all ignored (no real server): keepalived 2.2.7's
	 * checker runs for the virtual_server blocks all the same */
	return !p->opts->vrrp_only && (p->conf->n_vs > 0 || (p->conf->checker && p->conf->checker->vs_ignored) ||
				       p->opts->run_all);
}

/* Contract: see parent.h. */
bool parent_bfd_wanted(const struct daemon_opts *opts, const struct config *conf)
{
	/* keepalived 2.2.7: only -B stops it; -P and -C run it too */
	return !opts->no_bfd && conf->bfd && conf->bfd->n > 0;
}

static bool bfd_wanted(const struct parent *p)
{
	return parent_bfd_wanted(p->opts, p->conf);
}

/* Encode one record with enc and queue it. Returns 0 or -1. Records are
 * queued with ipc_send_soon(): the stream leaves packed into few frames
 * when CONF_END is sent (ipc_send() writes everything queued before it). */
static int send_record(struct ipc_chan *ch, uint32_t type, void (*enc)(const void *, struct wbuf *),
		       const void *obj)
{
	struct wbuf w;
	wbuf_init(&w);
	enc(obj, &w);
	int r = ipc_send_soon(ch, type, w.data, w.len);
	wbuf_free(&w);
	return r;
}

static void enc_global(const void *o, struct wbuf *w) { global_conf_encode(o, w); }

/* A stream sent record by record through a callback: after the first
 * record the channel refused, the rest are not queued. */
struct stream_send {
	struct ipc_chan *ch;
	int failed;
};

/* One IPC_CONF_VRRP_OBJ record (vrrp_objs_encode_each()'s emit). */
static void send_obj(void *arg, struct wbuf *w)
{
	struct stream_send *ss = arg;
	if (!ss->failed && ipc_send_soon(ss->ch, IPC_CONF_VRRP_OBJ, w->data, w->len) < 0)
		ss->failed = -1;
}

/* vrrp_script, track_file, vrrp_track_process and vrrp_sync_group
 * records, then the instances that refer to them. */
static int send_vrrp_objects(struct parent *p, struct ipc_chan *ch)
{
	struct stream_send ss = { ch, 0 };
	vrrp_objs_encode_each(&p->conf->vrrp_objs, send_obj, &ss);
	if (ss.failed)
		return -1;
	/* one buffer for every instance: 1,000 records were 2,000 mallocs */
	struct wbuf w;
	wbuf_init(&w);
	for (size_t i = 0; i < p->conf->n_vrrp && !ss.failed; i++) {
		w.len = 0;
		vrrp_instance_conf_encode(&p->conf->vrrp[i], &w);
		if (ipc_send_soon(ch, IPC_CONF_VRRP, w.data, w.len) < 0)
			ss.failed = -1;
	}
	wbuf_free(&w);
	if (ss.failed)
		return -1;
	/* where each BFD session is, before the instances start (track_bfd) */
	return resume_send_as(p->slots[PROC_BFD].last_states, ch, IPC_BFD_STATE);
}

/* The checker's stream, record by record (check_conf_send()). */
static void send_check_record(void *arg, uint32_t type, const struct wbuf *w)
{
	struct stream_send *cs = arg;
	if (!cs->failed && ipc_send_soon(cs->ch, type, w->data, w->len) < 0)
		cs->failed = -1;
}

static int send_checker_objects(struct parent *p, struct ipc_chan *ch)
{
	struct stream_send cs = { ch, 0 };
	check_conf_send(p->conf, send_check_record, &cs);
	if (cs.failed)
		return -1;
	/* where each BFD session is, before the checks start (BFD_CHECK) */
	return resume_send_as(p->slots[PROC_BFD].last_states, ch, IPC_BFD_STATE);
}

/* One IPC_CONF_BFD record per bfd_instance. */
static void enc_bfd(const void *obj, struct wbuf *w)
{
	conf_fields_encode(&bfd_instance_conf_desc, obj, w);
}

static int send_bfd_objects(struct parent *p, struct ipc_chan *ch)
{
	for (size_t i = 0; p->conf->bfd && i < p->conf->bfd->n; i++)
		if (send_record(ch, IPC_CONF_BFD, enc_bfd, &p->conf->bfd->inst[i]) < 0)
			return -1;
	return 0;
}

/* The BFD child runs no scripts. */
static void bfd_scripts(const struct config *conf, conf_script_fn fn, void *arg)
{
}

/* The checker learns the VRRP states it may follow (lvs_sync_daemon). */
static int checker_after_config(struct parent *p, struct ipc_chan *ch)
{
	return resume_send_as(p->slots[PROC_VRRP].last_states, ch, IPC_VRRP_STATE);
}

static void vrrp_scripts(const struct config *conf, conf_script_fn fn, void *arg)
{
	const struct global_conf *g = &conf->global;
	for (size_t i = 0; i < conf->n_vrrp; i++)
		conf_fields_scripts(&vrrp_instance_conf_desc, &conf->vrrp[i], g->script_uid, g->script_gid, fn, arg);
	const struct vrrp_objs_conf *o = &conf->vrrp_objs;
	for (size_t i = 0; i < o->n_scripts; i++)
		conf_fields_scripts(&vrrp_script_conf_desc, &o->scripts[i], g->script_uid, g->script_gid, fn, arg);
	for (size_t i = 0; i < o->n_groups; i++)
		conf_fields_scripts(&vrrp_sync_group_conf_desc, &o->groups[i], g->script_uid, g->script_gid, fn, arg);
}

/* max_auto_priority: SCHED_RR needs CAP_SYS_NICE (vrrp/vrrp_sched.c). */
static uint64_t vrrp_more_caps(const struct config *conf)
{
	return conf->global.ext.max_auto_priority > 0 ? PRIV_CAP(CAP_SYS_NICE) : 0;
}

static void checker_scripts(const struct config *conf, conf_script_fn fn, void *arg)
{
	const struct global_conf *g = &conf->global;
	if (conf->checker)
		conf_fields_scripts(&check_global_conf_desc, conf->checker, g->script_uid, g->script_gid, fn, arg);
	for (size_t i = 0; i < conf->n_vs; i++)
		conf_fields_scripts(&vs_conf_desc, &conf->vs[i], g->script_uid, g->script_gid, fn, arg);
	for (size_t i = 0; i < conf->n_vsg; i++)
		conf_fields_scripts(&vsg_conf_desc, &conf->vsg[i], g->script_uid, g->script_gid, fn, arg);
}

static const char *vrrp_pid_file(const struct daemon_opts *o) { return o->vrrp_pid_file; }
static const char *checker_pid_file(const struct daemon_opts *o) { return o->checker_pid_file; }
static const char *bfd_pid_file(const struct daemon_opts *o) { return o->bfd_pid_file; }

/* What each child keeps (see doc/HACKING.md, "Privileges"):
 *   vrrp     NET_ADMIN (addresses, routes, netlink buffers, sysctls),
 *            NET_RAW (protocol-112 and packet sockets)
 *   checker  NET_ADMIN (IPVS), NET_RAW (ICMP checks), NET_BIND_SERVICE
 *            when a check binds a port below 1024
 *   bfd      nothing: it binds UDP 3784 while applying its first
 *            configuration, before the drop; its other sockets need none */
#define NET_CAPS (PRIV_CAP(CAP_NET_ADMIN) | PRIV_CAP(CAP_NET_RAW))

static const struct proc_desc procs[PROC_COUNT] = {
	[PROC_VRRP] = { "vrrp", "Keepalived_vrrp", vrrp_child_main, vrrp_wanted,
			send_vrrp_objects, vrrp_pid_file, NULL, NET_CAPS, vrrp_more_caps, vrrp_scripts,
			parent_vrrp_fifos, parent_vrrp_sockets, parent_vrrp_track_files },
	[PROC_CHECKER] = { "checker", "Keepalived_healthcheckers", checker_child_main,
			   checker_wanted, send_checker_objects, checker_pid_file, checker_after_config,
			   NET_CAPS, check_conf_caps, checker_scripts, parent_checker_fifos, parent_checker_sockets,
			   parent_checker_track_files },
	[PROC_BFD] = { "bfd", "Keepalived_bfd", bfd_child_main, bfd_wanted, send_bfd_objects, bfd_pid_file,
		       NULL, 0, NULL, bfd_scripts, NULL, NULL, NULL },
};

/* ---- configuration hand-over -------------------------------------------------------- */

/* The capabilities slot s's child needs for the current configuration. */
static uint64_t caps_wanted(const struct parent *p, const struct proc_slot *s)
{
	return s->desc->caps | (s->desc->more_caps ? s->desc->more_caps(p->conf) : 0);
}

struct allow_ctx {
	struct parent *p;
	size_t slot;
};

static void allow_script(void *arg, const char *cmdline, uint32_t uid, uint32_t gid)
{
	struct allow_ctx *a = arg;
	script_broker_allow(a->p->scripts, a->slot, cmdline, uid, gid);
}

/* The scripts the child may ask for: those of the records it is sent. */
static void allow_scripts(struct parent *p, struct proc_slot *s)
{
	struct allow_ctx a = { p, (size_t)(s - p->slots) };
	const struct global_conf *g = &p->conf->global;
	if (p->conf->scripts != CONF_SCRIPTS_NONE) {
		conf_fields_scripts(&global_conf_desc, g, g->script_uid, g->script_gid, allow_script, &a);
		s->desc->scripts(p->conf, allow_script, &a);
	}
	script_broker_allow_commit(p->scripts, a.slot, g->enable_script_security);
	uint64_t more = caps_wanted(p, s) & ~s->caps;
	if (s->pid && more) {
		char names[256];
		privdrop_names(more, names, sizeof(names));
		log_warn("the %s child would need %s for this configuration: restart keepalived",
			 s->desc->name, names);
	}
}

/* The last frame of a configuration stream reached the child's socket. */
static void conf_written(struct proc_slot *s)
{
	if (!s->written_pending || s->sending)
		return;
	s->written_pending = false;
	log_info("configuration generation %u written to the %s child (%llu bytes, %.3f s after it was queued)",
		 s->sent_gen, s->desc->name, (unsigned long long)s->sent_bytes,
		 (double)(mono_now_us() - s->sent_us) / 1e6);
}

static void on_chan_drained(void *arg) { conf_written(arg); }

/* Queue the whole stream for one child (sending never blocks: the
 * channel writes it as the child reads). A record that cannot be queued
 * (the channel broke, or the child stopped reading) means the child did not
 * get its configuration: it is killed, and the respawn sends the stream
 * again from the start. */
static void send_config(struct parent *p, struct proc_slot *s)
{
	uint32_t gen = p->generation;
	uint64_t t0 = mono_now_us(), b0 = ipc_queued_total(s->chan);
	allow_scripts(p, s);
	s->sent_gen = gen;
	s->sent_us = t0;
	s->sending = true;
	bool resume = s->resume_next;
	s->resume_next = false;
	if (resume)   /* respawned after a crash: where each object was (parent_resume.c) */
		log_info("handing the last state of %zu object%s to the respawned %s child",
			 resume_count(s->last_states), resume_count(s->last_states) == 1 ? "" : "s",
			 s->desc->name);
	if (ipc_send(s->chan, IPC_CONF_BEGIN, &gen, sizeof(gen)) < 0 ||
	    send_record(s->chan, IPC_CONF_GLOBAL, enc_global, &p->conf->global) < 0 ||
	    s->desc->send_objects(p, s->chan) < 0 ||
	    parent_send_files(p, s) < 0 ||
	    parent_track_send(p, s) < 0 ||
	    (resume && resume_send(s->last_states, s->chan) < 0) ||
	    ipc_send(s->chan, IPC_CONF_END, &gen, sizeof(gen)) < 0 ||
	    (s->desc->after_config && s->desc->after_config(p, s->chan) < 0)) {
		s->sending = false;
		log_err("configuration hand-over (generation %u) to the %s child (pid %d) failed: restarting it",
			gen, s->desc->name, (int)s->pid);
		kill(s->pid, SIGKILL);
		return;
	}
	s->sent_bytes = ipc_queued_total(s->chan) - b0;
	s->sending = false;
	log_debug("queued configuration generation %u for the %s child (%llu bytes, %zu not yet written) in %.3f s",
		  gen, s->desc->name, (unsigned long long)s->sent_bytes, ipc_queued(s->chan),
		  (double)(mono_now_us() - t0) / 1e6);
	s->written_pending = true;
	if (ipc_queued(s->chan) == 0)
		conf_written(s);
}

/* Ask a child to stop; when the message cannot be sent, a signal does it. */
static void ask_stop(struct proc_slot *s)
{
	if (!s->chan || ipc_send(s->chan, IPC_SHUTDOWN, NULL, 0) < 0)
		kill(s->pid, SIGTERM);
}

/* ---- script user ----------------------------------------------------------------------------- */

struct script_census {
	size_t n;
	bool root;
	bool found;   /* one of them names a file that exists (keepalived's SC_ISSCRIPT) */
};

/* keepalived 2.2.7 counts a script once its file is found: "</path" (a
 * file-open test) and a name it cannot find are not scripts to it. */
static bool script_found(const char *cmdline, uint32_t uid)
{
	char **argv = script_split(cmdline);
	bool found = false;
	if (argv && argv[0] && argv[0][0] != '<') {
		struct script_target t;
		found = script_target_open(argv[0], (uid_t)uid, &t);
		script_target_close(&t);
	}
	script_argv_free(argv);
	return found;
}

static void count_script(void *arg, const char *cmdline, uint32_t uid, uint32_t gid)
{
	struct script_census *c = arg;
	c->n++;
	c->root |= uid == 0;
	if (!c->found)
		c->found = script_found(cmdline, uid);
}

static struct script_census census(const struct config *conf)
{
	const struct global_conf *g = &conf->global;
	struct script_census c = { 0, false, false };
	if (conf->scripts == CONF_SCRIPTS_NONE)
		return c;
	conf_fields_scripts(&global_conf_desc, g, g->script_uid, g->script_gid, count_script, &c);
	for (int i = 0; i < PROC_COUNT; i++)
		procs[i].scripts(conf, count_script, &c);
	return c;
}

/* Contract: see parent.h. */
bool conf_scripts_insecure(const struct config *conf)
{
	return !conf->global.enable_script_security && census(conf).found;
}

/* At start, keepalived's two warnings: no script_user and no
 * keepalived_script user (scripts run as root), and root scripts without
 * enable_script_security. */
static void warn_script_user(const struct parent *p)
{
	const struct global_conf *g = &p->conf->global;
	struct script_census c = census(p->conf);
	if (!c.n)
		return;
	if (!g->script_user_set && !getpwnam(DEFAULT_SCRIPT_USER))
		log_warn("Script user '%s' does not exist: scripts run as root", DEFAULT_SCRIPT_USER);
	if (c.root && !g->enable_script_security)
		log_warn("SECURITY VIOLATION - scripts are being executed but script_security not enabled.");
}

/* The user the children become once they dropped their capabilities
 * (PRIV_CHILD_USER); uid 0 with one notice when it does not exist. */
static void child_user(struct parent *p)
{
	const struct passwd *pw = getpwnam(PRIV_CHILD_USER);
	if (pw && pw->pw_uid != 0) {
		p->child_uid = pw->pw_uid;
		p->child_gid = pw->pw_gid;
		return;
	}
	log_notice("User '%s' does not exist: the VRRP and checker processes keep uid 0 "
		   "(create it: useradd --system --no-create-home --shell /usr/sbin/nologin %s)",
		   PRIV_CHILD_USER, PRIV_CHILD_USER);
}

/* ---- configuration applied ---------------------------------------------------------- */

void parent_chans(struct parent *p, struct ipc_chan *chans[PROC_COUNT])
{
	for (int i = 0; i < PROC_COUNT; i++)
		chans[i] = p->slots[i].pid ? p->slots[i].chan : NULL;
}

/* Every child the configuration wants runs and has acknowledged it. */
static bool all_applied(const struct parent *p)
{
	for (int i = 0; i < PROC_COUNT; i++) {
		const struct proc_slot *s = &p->slots[i];
		if (s->desc->wanted(p) && (!s->pid || s->acked_gen != p->generation))
			return false;
	}
	return true;
}

/* Called whenever an acknowledgement may have completed a generation. */
static void check_applied(struct parent *p)
{
	if (p->shutting_down || p->applied_gen == p->generation || !all_applied(p))
		return;
	p->applied_gen = p->generation;
	log_info("configuration generation %u applied", p->generation);
	if (p->opts->dump_conf)
		parent_dump_to_log(p);
	parent_ctl_applied(p);
	parent_notify_applied(p);
}

/* ---- children --------------------------------------------------------------------------- */

static void spawn_child(struct parent *p, struct proc_slot *s);

/* A BFD session's state change (str name, u32 state) goes on, as
 * IPC_BFD_STATE, to the children its bfd_instance sends events to (vrrp,
 * checker: keepalived's default is both); not while stopping. A child
 * that cannot take it would miss a transition: it is restarted (and then
 * gets every last state with its configuration). */
static void relay_bfd_state(struct parent *p, const void *data, size_t len)
{
	struct rbuf r;
	rbuf_init(&r, data, len);
	char *name = rget_str(&r);
	const struct bfd_instance_conf *b = !r.error && name ? bfd_conf_find(p->conf->bfd, name) : NULL;
	free(name);
	if (!b || p->shutting_down)
		return;
	struct proc_slot *to[2] = { b->to_vrrp ? &p->slots[PROC_VRRP] : NULL,
				    b->to_checker ? &p->slots[PROC_CHECKER] : NULL };
	for (size_t i = 0; i < 2; i++) {
		struct proc_slot *t = to[i];
		if (!t || !t->pid || !t->chan || t->stopping)
			continue;
		if (ipc_send_soon(t->chan, IPC_BFD_STATE, data, len) < 0) {
			log_err("cannot relay a BFD state change to the %s child (pid %d): restarting it",
				t->desc->name, (int)t->pid);
			kill(t->pid, SIGKILL);
		}
	}
}

static void on_child_msg(void *arg, uint32_t type, const void *data, size_t len)
{
	struct proc_slot *s = arg;
	struct parent *p = s->parent;
	uint32_t u = 0;
	switch (type) {
	case IPC_CONF_ACK:
		if (len == sizeof(u)) {
			memcpy(&u, data, sizeof(u));
			s->acked_gen = u;
			if (u == s->sent_gen)
				log_info("%s child applied configuration generation %u (%.3f s after it was queued)",
					 s->desc->name, u, (double)(mono_now_us() - s->sent_us) / 1e6);
			else
				log_debug("%s child applied configuration generation %u", s->desc->name, u);
			check_applied(p);
		}
		break;
	case IPC_DUMP_DATA:
		dump_on_data(p->dumps, (size_t)(s - p->slots), data, len);
		break;
	case IPC_DUMP_END:
		dump_on_end(p->dumps, (size_t)(s - p->slots), data, len);
		break;
	case IPC_CONTROL_REPLY:
		parent_ctl_reply(p, (size_t)(s - p->slots), data, len);
		break;
	case IPC_STATE_CHANGED:
		/* children log their own transitions; the last one of each
		 * object goes back to the child if it has to be respawned */
		if (!resume_note(s->last_states, data, len))
			log_warn("%s child sent a malformed state change", s->desc->name);
		if (s == &p->slots[PROC_BFD])
			relay_bfd_state(p, data, len);
		/* the VRRP child's: the checker may follow them (lvs_sync_daemon) */
		if (s == &p->slots[PROC_VRRP] && p->slots[PROC_CHECKER].pid && p->slots[PROC_CHECKER].chan &&
		    ipc_send_soon(p->slots[PROC_CHECKER].chan, IPC_VRRP_STATE, data, len) < 0) {
			/* it would miss a transition it may follow: restart it (the
			 * new one gets every last state after its configuration) */
			log_err("cannot relay a VRRP state change to the checker child (pid %d): restarting it",
				(int)p->slots[PROC_CHECKER].pid);
			kill(p->slots[PROC_CHECKER].pid, SIGKILL);
		}
		parent_notify_state_changed(p);
		break;
	case IPC_SCRIPT_RUN:
	case IPC_SCRIPT_KILL:
		if (!script_broker_msg(p->scripts, (size_t)(s - p->slots), type, data, len)) {
			log_err("%s child sent a malformed script request: restarting it", s->desc->name);
			kill(s->pid, SIGKILL);
		}
		break;
	default:
		log_warn("%s child sent unexpected message type %u", s->desc->name, type);
	}
}

static void on_child_chan_closed(void *arg)
{
	struct proc_slot *s = arg;
	if (ipc_stalled(s->chan) && s->pid) {
		/* what it was sent is lost: a new child gets it all again */
		log_err("%s child (pid %d) left its messages unread for %u s: restarting it",
			s->desc->name, (int)s->pid, s->parent->opts->child_timeout_s);
		kill(s->pid, SIGKILL);
	}
	ipc_close(s->chan);
	s->chan = NULL;
	dump_on_child_gone(s->parent->dumps, (size_t)(s - s->parent->slots));
	script_broker_child_gone(s->parent->scripts, (size_t)(s - s->parent->slots));
}

static void scripts_stopped(void *arg)
{
	struct parent *p = arg;
	loop_stop(p->loop);
}

/* After the shutdown script: the children's scripts still running are
 * stopped, then the loop ends. */
static void stop_scripts(struct parent *p)
{
	script_broker_stop(p->scripts, scripts_stopped, p);
}

/* Once every child is gone, the shutdown script runs, then stop_scripts(). */
static void finish_shutdown_if_done(struct parent *p)
{
	if (!p->shutting_down)
		return;
	for (int i = 0; i < PROC_COUNT; i++)
		if (p->slots[i].pid)
			return;
	timer_stop(p->loop, &p->shutdown_timer);
	if (!p->shutdown_script_started) {
		p->shutdown_script_started = true;
		parent_lifecycle_run(p, &p->conf->global.shutdown, "shutdown_script", stop_scripts);
	}
}

static bool respawn_too_often(struct proc_slot *s, uint64_t now)
{
	size_t recent = 0;
	for (size_t i = 0; i < RESPAWN_BURST; i++)
		if (s->restarts[i] && now - s->restarts[i] < RESPAWN_WINDOW_US)
			recent++;
	return recent >= RESPAWN_BURST;
}

static void note_restart(struct proc_slot *s, uint64_t now)
{
	size_t oldest = 0;
	for (size_t i = 1; i < RESPAWN_BURST; i++)
		if (s->restarts[i] < s->restarts[oldest])
			oldest = i;
	s->restarts[oldest] = now;
}

static void on_child_exit(void *arg, pid_t pid, int wstatus)
{
	struct proc_slot *s = arg;
	struct parent *p = s->parent;
	pidfile_release(s->pidfile);
	s->pidfile = NULL;
	if (s->chan) {
		ipc_drain(s->chan);    /* its last state changes still count */
		ipc_forget(s->chan);   /* nobody reads what is still queued for it */
		s->chan = NULL;
	}
	s->pid = 0;
	dump_on_child_gone(p->dumps, (size_t)(s - p->slots));
	script_broker_child_gone(p->scripts, (size_t)(s - p->slots));
	parent_ctl_child_gone(p, (size_t)(s - p->slots));

	if (p->shutting_down || s->stopping) {
		log_info("%s child (pid %d) stopped", s->desc->name, (int)pid);
		s->stopping = false;
		finish_shutdown_if_done(p);
		return;
	}
	if (WIFSIGNALED(wstatus))
		log_err("%s child (pid %d) killed by signal %d", s->desc->name, (int)pid, WTERMSIG(wstatus));
	else
		log_err("%s child (pid %d) exited with status %d", s->desc->name, (int)pid,
			WEXITSTATUS(wstatus));
	if (p->opts->dont_respawn) {
		log_err("not respawning (-R): stopping");
		parent_notify_stopping(p);
		p->exit_code = 1;
		p->shutting_down = true;
		for (int i = 0; i < PROC_COUNT; i++)
			if (p->slots[i].pid)
				ask_stop(&p->slots[i]);
		timer_start(p->loop, &p->shutdown_timer, shutdown_grace_us(p));
		finish_shutdown_if_done(p);
		return;
	}
	uint64_t now = mono_now_us();
	uint64_t delay = RESPAWN_DELAY_US;
	if (respawn_too_often(s, now)) {
		delay = RESPAWN_BACKOFF_US;
		log_err("%s child restarting too often: waiting %llu s", s->desc->name,
			(unsigned long long)(delay / USEC_PER_SEC));
	}
	log_notice("respawning the %s child", s->desc->name);
	s->resume_next = resume_count(s->last_states) > 0;
	timer_start(p->loop, &s->respawn_timer, delay);
}

static void respawn_timer_fired(void *arg)
{
	struct proc_slot *s = arg;
	struct parent *p = s->parent;
	if (!p->shutting_down && !s->pid && s->desc->wanted(p)) {
		note_restart(s, mono_now_us());
		s->n_restarts++;
		spawn_child(p, s);
	}
}

/* Contract: see parent_int.h. proc: PROC_VRRP, PROC_CHECKER, PROC_BFD, or
 * -1 for the parent. keepalived's names: process_names gives keepalived,
 * keepalived_vrrp, keepalived_ipvs and keepalived_bfd; process_name,
 * vrrp_process_name, checker_process_name and bfd_process_name override
 * them. The kernel keeps 15 characters. */
void set_process_name(const struct global_conf *g, int proc)
{
	const char *name = proc == PROC_VRRP ? g->vrrp_process_name
			 : proc == PROC_CHECKER ? g->checker_process_name
			 : proc == PROC_BFD ? g->bfd_process_name : g->process_name;
	const char *deflt = proc == PROC_VRRP ? "keepalived_vrrp"
			  : proc == PROC_CHECKER ? "keepalived_ipvs"
			  : proc == PROC_BFD ? "keepalived_bfd" : "keepalived";
	if (!name[0] && g->process_names)
		name = deflt;
	if (name[0] && prctl(PR_SET_NAME, name, 0, 0, 0) < 0)
		log_warn("cannot name the process %s: %s", name, strerror(errno));
}

static void spawn_child(struct parent *p, struct proc_slot *s)
{
	int fds[2];
	if (ipc_socketpair(fds) < 0)
		fatal("socketpair: %s", strerror(errno));
	pid_t parent_pid = getpid();
	pid_t pid = fork();
	if (pid < 0)
		fatal("fork: %s", strerror(errno));
	if (pid == 0) {
		/* As keepalived's children: SIGTERM when the parent dies, a
		 * second way (besides the channel closing) to stop cleanly. It
		 * stays pending until the child's loop takes it; a parent dead
		 * already means there is nothing to do. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent_pid)
			_exit(0);
		close(fds[0]);
		/* The epoll instance is shared with the parent: detach from it
		 * first, so that closing the parent's descriptors below does
		 * not remove them from the parent's own watch list. */
		loop_detach_after_fork(p->loop);
		for (int i = 0; i < PROC_COUNT; i++) {
			if (p->slots[i].chan)
				ipc_forget(p->slots[i].chan);  /* the siblings' parent ends: never flush them here */
			pidfile_forget(p->slots[i].pidfile);
			resume_free(p->slots[i].last_states);
		}
		pidfile_forget(p->pidfile);
		parent_mgmt_forget(p);
		parent_track_forget(p);
		dump_mgr_free(p->dumps);
		script_forget_all();             /* the parent's scripts, not ours */
		script_broker_free(p->scripts);
		loop_free(p->loop);
		loop_after_fork();
		log_set_role(s->desc->ident, s->desc->name);
		set_process_name(&p->conf->global, (int)(s->desc - procs));  /* before the free */
		parent_sched_child_lock(p, s);
		config_release(p->conf);
		free(p->conf);
		s->desc->main(fds[1], p->opts);
		_exit(0);
	}
	close(fds[1]);
	s->pid = pid;
	s->chan = ipc_open(p->loop, fds[0], on_child_msg, on_child_chan_closed, s);
	ipc_set_drained(s->chan, on_chan_drained);
	ipc_set_drain_timeout(s->chan, (uint64_t)p->opts->child_timeout_s * USEC_PER_SEC);
	script_broker_child_started(p->scripts, (size_t)(s - p->slots), s->chan);
	s->caps = caps_wanted(p, s);
	struct wbuf pw;
	wbuf_init(&pw);
	wput_bytes(&pw, &s->caps, sizeof(s->caps));
	wput_u32(&pw, p->child_uid);
	wput_u32(&pw, p->child_gid);
	int sent = ipc_send(s->chan, IPC_PRIVS, pw.data, pw.len);
	wbuf_free(&pw);
	if (sent < 0) {
		log_err("cannot send its capabilities to the %s child (pid %d): restarting it",
			s->desc->name, (int)pid);
		kill(pid, SIGKILL);
	}
	loop_child_watch(p->loop, pid, on_child_exit, s);
	const char *pidf = s->desc->pid_file(p->opts);
	if (pidf)
		s->pidfile = pidfile_acquire(pidf, pid);
	log_info("started the %s child (pid %d)", s->desc->name, (int)pid);
	parent_sched_apply(p, s);
	send_config(p, s);
}

/* Bring the set of children in line with the configuration. */
static void apply_config(struct parent *p)
{
	for (int i = 0; i < PROC_COUNT; i++) {
		struct proc_slot *s = &p->slots[i];
		bool want = s->desc->wanted(p);
		if (want && s->pid && !s->stopping && s->chan) {
			parent_sched_apply(p, s);   /* a reload may change it */
			send_config(p, s);
		}
		else if (want && !s->pid && !timer_pending(&s->respawn_timer))
			spawn_child(p, s);
		else if (!want && s->pid && !s->stopping) {
			log_info("the %s child is no longer needed: stopping it", s->desc->name);
			s->stopping = true;
			ask_stop(s);
		}
	}
	check_applied(p);
}

/* ---- signals ----------------------------------------------------------------------------- */

static void shutdown_timer_fired(void *arg)
{
	struct parent *p = arg;
	for (int i = 0; i < PROC_COUNT; i++) {
		if (p->slots[i].pid) {
			log_err("%s child (pid %d) did not stop in time: killing it",
				p->slots[i].desc->name, (int)p->slots[i].pid);
			kill(p->slots[i].pid, SIGKILL);
		}
	}
}

static void on_sigterm(void *arg, int signo)
{
	struct parent *p = arg;
	if (p->shutting_down)
		return;
	log_info("received %s: stopping", strsignal(signo));
	parent_notify_stopping(p);
	p->shutting_down = true;
	for (int i = 0; i < PROC_COUNT; i++) {
		struct proc_slot *s = &p->slots[i];
		timer_stop(p->loop, &s->respawn_timer);
		if (!s->pid)
			continue;
		ask_stop(s);
	}
	timer_start(p->loop, &p->shutdown_timer, shutdown_grace_us(p));
	finish_shutdown_if_done(p);
}

/* Collects the warning and error lines of a reload for keepalivedctl. */
struct reload_capture {
	char *text;
	size_t len;
};

static void capture_line(void *arg, int prio, const char *line)
{
	struct reload_capture *c = arg;
	str_appendf(&c->text, &c->len, "%s%s\n", prio == LOG_WARNING ? "warning: " : "", line);
}

/* reload_file of the running configuration: create (or truncate) it, never
 * through a symbolic link. Returns its path (heap) to remove once the files
 * are read, or NULL when none is configured. Without a path, keepalived
 * 2.2.7's default whatever -p says: /run/keepalived/keepalived_NAME.reload
 * with global_defs instance NAME, /run/keepalived/keepalived.reload when the
 * pid directory is used otherwise (a namespace, use_pid_dir), else
 * /run/keepalived.reload. */
static char *reload_file_make(const struct parent *p)
{
	const char *rf = p->conf->global.reload_file;
	if (!rf)
		return NULL;
	char *path = NULL;
	size_t len = 0;
	const struct mgmt_conf *m = &p->conf->mgmt;
	if (rf[0])
		str_appendf(&path, &len, "%s", rf);
	else if (m->instance[0])
		str_appendf(&path, &len, "/run/keepalived/keepalived_%s.reload", m->instance);
	else if (m->use_pid_dir || p->opts->netns || p->conf->global.net_namespace[0])
		str_appendf(&path, &len, "/run/keepalived/keepalived.reload");
	else
		str_appendf(&path, &len, "/run/keepalived.reload");
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		log_warn("reload_file %s: %s", path, strerror(errno));
	else
		close(fd);
	return path;
}

/* reload_check_config LOG_FILE (of the running configuration): the check's
 * messages and its verdict, replacing the file's content. errors counts the
 * warnings too there (see parent_reload()). */
static void reload_check_log(const struct parent *p, const struct reload_capture *cap, int errors)
{
	const char *path = p->conf->mgmt.reload_check_log;
	if (!path[0])
		return;
	char *text = NULL;
	size_t len = 0;
	str_appendf(&text, &len, "%s", cap->text ? cap->text : "");
	if (errors)
		str_appendf(&text, &len, "%s: %d error%s or warning%s: the running configuration is kept\n",
			    p->opts->conf_file, errors, errors == 1 ? "" : "s", errors == 1 ? "" : "s");
	else
		str_appendf(&text, &len, "%s: configuration OK\n", p->opts->conf_file);
	if (write_file(path, text, len, 0600, (gid_t)-1) < 0)
		log_warn("reload_check_config %s: %s", path, strerror(errno));
	free(text);
}

/* What a reload cannot change, as keepalived 2.2.7's reload_config(): the
 * instance name, the network namespace (unless -s names it: it wins) and
 * net_namespace_ipvs. 2.2.7 logs "Cannot change ... at a reload - please
 * restart keepalived" and keeps the running configuration, the whole of it;
 * so do we (counted as an error of the reload). */
static int reload_unchangeable(const struct parent *p, const struct config *fresh)
{
	const struct config *old = p->conf;
	int n = 0;
	if (strcmp(old->mgmt.instance, fresh->mgmt.instance) != 0) {
		log_err("Cannot change instance name at a reload - please restart keepalived (instance '%s', the "
			"file says '%s')", old->mgmt.instance, fresh->mgmt.instance);
		n++;
	}
	if (!p->opts->netns && strcmp(old->global.net_namespace, fresh->global.net_namespace) != 0) {
		log_err("Cannot change network namespace at a reload - please restart keepalived");
		n++;
	}
	if (old->global.has_net_namespace_ipvs != fresh->global.has_net_namespace_ipvs ||
	    strcmp(old->global.net_namespace_ipvs, fresh->global.net_namespace_ipvs) != 0) {
		log_err("Cannot change IPVS network namespace at a reload - please restart keepalived");
		n++;
	}
	return n;
}

int parent_reload(struct parent *p, char **messages)
{
	if (p->shutting_down)
		return -1;
	log_info("reloading the configuration from %s", p->opts->conf_file);
	uint64_t t0 = mono_now_us();
	parent_notify_reloading(p);
	struct reload_capture cap = { NULL, 0 };
	if (messages || p->conf->mgmt.reload_check_log[0])
		log_set_sink(capture_line, &cap);
	struct config *fresh = xcalloc(1, sizeof(*fresh));
	/* in_netns: the parent runs in its namespace (-s, or the file's
	 * net_namespace, which a reload cannot change) */
	struct config_load_opts lo = { .check_only = false, .config_id = p->opts->config_id,
				       .all_config = p->opts->all_config, .in_netns = true,
				       .skip_parts = cmdline_skip_parts(p->opts) };
	/* reload_check_config: keepalived 2.2.7 checks the new file with
	 * -t, which reads every part whatever -P/-C say: an error in the
	 * part this daemon does not run refuses the reload there too */
	if (p->conf->mgmt.reload_check_log[0])
		lo.skip_parts = 0;
	/* ... and refuses the reload when that check says anything: its
	 * warnings too (-t exits 5; measured: an unknown keyword keeps the
	 * running configuration, "New config failed validation") */
	int warnings = 0;
	if (p->conf->mgmt.reload_check_log[0])
		lo.warnings = &warnings;
	char *reload_file = reload_file_make(p);
	int errors = config_load(fresh, p->opts->conf_file, &lo);
	if (!errors)
		errors = reload_unchangeable(p, fresh);
	if (!errors && warnings) {
		log_err("New config failed validation, see %s for details (%d warning%s; reload_check_config "
			"refuses them, as keepalived 2.2.7)", p->conf->mgmt.reload_check_log, warnings,
			warnings == 1 ? "" : "s");
		errors = warnings;
	}
	if (reload_file)
		unlink(reload_file);
	free(reload_file);
	log_info("reload: %s read and checked in %.3f s", p->opts->conf_file, (double)(mono_now_us() - t0) / 1e6);
	log_set_sink(NULL, NULL);
	reload_check_log(p, &cap, errors);
	if (messages)
		*messages = cap.text;
	else
		free(cap.text);
	p->last_reload_wall = wall_now();
	if (errors) {
		log_err("reload: %d error%s in %s; keeping the running configuration",
			errors, errors == 1 ? "" : "s", p->opts->conf_file);
		config_free(fresh);
		free(fresh);
		p->reloads_rejected++;
		p->last_reload_ok = false;
		parent_notify_rejected(p, errors);
		return errors;
	}
	config_free(p->conf);
	free(p->conf);
	p->conf = fresh;
	p->generation++;
	p->reloads++;
	p->last_reload_ok = true;
	parent_mgmt_apply(p);
	if (p->children_started)   /* else start_children() applies it after the startup script */
		apply_config(p);
	return 0;
}

static void on_sighup(void *arg, int signo)
{
	parent_reload(arg, NULL);
}

static void on_sigusr1(void *arg, int signo) { parent_dump_files(arg, IPC_DUMP_DATA_FILE); }
static void on_sigusr2(void *arg, int signo) { parent_dump_files(arg, IPC_DUMP_STATS_FILE); }
static void on_sigjson(void *arg, int signo) { parent_dump_files(arg, IPC_DUMP_JSON_FILE); }
static void on_sigclear(void *arg, int signo) { parent_dump_files(arg, IPC_DUMP_STATS_CLEAR); }

/* ---- entry ----------------------------------------------------------------------------------- */

/* The children start (after the startup script), unless a stop came first. */
static void start_children(struct parent *p)
{
	if (p->shutting_down)
		return;
	p->children_started = true;
	apply_config(p);
	bool any = false;
	for (int i = 0; i < PROC_COUNT; i++)
		any |= p->slots[i].pid != 0;
	if (!any)
		log_warn("the configuration has neither VRRP instances nor virtual servers: idle");
}

static const char *const proc_names[PROC_COUNT] = { "vrrp", "checker", "bfd" };

int parent_run(const struct daemon_opts *opts, struct config *conf, struct pidfile *pidfile)
{
	struct parent *p = xcalloc(1, sizeof(*p));
	p->loop = loop_new();
	loop_set_stall_warn(p->loop, opts->stall_warn_ms * USEC_PER_MSEC);
	p->opts = opts;
	p->conf = conf;
	p->pidfile = pidfile;
	p->generation = 1;
	p->started_wall = wall_now();
	p->dumps = dump_mgr_new(p->loop, PROC_COUNT, proc_names);
	p->scripts = script_broker_new(p->loop, PROC_COUNT, proc_names);
	timer_init(&p->shutdown_timer, shutdown_timer_fired, p);
	for (int i = 0; i < PROC_COUNT; i++) {
		p->slots[i].desc = &procs[i];
		p->slots[i].parent = p;
		timer_init(&p->slots[i].respawn_timer, respawn_timer_fired, &p->slots[i]);
		p->slots[i].last_states = resume_new();
	}
	signal(SIGPIPE, SIG_IGN);
	loop_signal_add(p->loop, SIGTERM, on_sigterm, p);
	loop_signal_add(p->loop, SIGINT, on_sigterm, p);
	loop_signal_add(p->loop, SIGHUP, on_sighup, p);
	loop_signal_add(p->loop, SIGUSR1, on_sigusr1, p);
	loop_signal_add(p->loop, SIGUSR2, on_sigusr2, p);
	loop_signal_add(p->loop, KA_SIG_JSON, on_sigjson, p);
	loop_signal_add(p->loop, KA_SIG_STATS_CLEAR, on_sigclear, p);

	warn_script_user(p);
	child_user(p);
	parent_mgmt_apply(p);
	parent_lifecycle_run(p, &p->conf->global.startup, "startup_script", start_children);
	loop_run(p->loop);

	int code = p->exit_code;
	parent_mgmt_close(p);
	config_free(p->conf);
	free(p->conf);
	for (int i = 0; i < PROC_COUNT; i++) {
		pidfile_release(p->slots[i].pidfile);
		resume_free(p->slots[i].last_states);
	}
	parent_track_free(p);
	dump_mgr_free(p->dumps);
	script_broker_free(p->scripts);
	loop_free(p->loop);
	free(p);
	return code;
}
