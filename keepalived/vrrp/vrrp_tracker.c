/* vrrp_tracker.c - trackers at run time: vrrp_script (run every interval
 * through core/script.c, killed at its timeout, rise/fall), track_file
 * (its text comes from the parent, which watches the file),
 * track_interface (link state from the link monitor), track_process and
 * track_bfd (a BFD session's state, vrrp_track_bfd.c). Instances hold links
 * to trackers; any change ends in vrrp_reassess(), which applies the pure
 * verdict of vrrp_track_eval() through vrrp_set_state().
 */
#include "vrrp.h"
#include "dump_text.h"
#include "child_ipc.h"
#include "jsonw.h"
#include "log.h"
#include "util.h"
#include "vrrp_net.h"
#include "vrrp_proc.h"
#include "vrrp_track.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

struct vrrp_tracker {
	struct vrrp_tracker *next;
	struct vrrp_ctx *ctx;
	enum vrrp_track_kind kind;
	char name[64];
	bool up;
	int64_t value;
	bool used;                   /* some instance links to it */
	/* scripts */
	struct vrrp_script_conf script;
	struct ev_timer timer;
	pid_t pid;                   /* running, or 0 */
	bool dead;                   /* removed while running: freed on exit */
	uint32_t ok_count, fail_count;
	bool pending;                /* no result yet (not init_fail): counts neither way */
	uint64_t runs, failures, timeouts;
	int last_status;             /* exit status, -1 killed/refused */
	/* files */
	struct vrrp_track_file_conf file;
	/* processes */
	struct vrrp_proc_track *proc;
};

/* ---- small helpers ------------------------------------------------------------------ */

static struct vrrp_tracker *find_tracker(struct vrrp_tracker *list, enum vrrp_track_kind kind,
					 const char *name)
{
	for (struct vrrp_tracker *t = list; t; t = t->next)
		if (t->kind == kind && !strcmp(t->name, name))
			return t;
	return NULL;
}

static const char *kind_name(enum vrrp_track_kind k)
{
	switch (k) {
	case VRRP_TRACK_SCRIPT: return "script";
	case VRRP_TRACK_FILE: return "file";
	case VRRP_TRACK_PROCESS: return "process";
	case VRRP_TRACK_BFD: return "bfd";
	default: return "interface";
	}
}

/* Every instance linked to t is reassessed. */
static void tracker_changed(struct vrrp_tracker *t)
{
	if (t->ctx->stopping)
		return;
	for (struct vrrp_instance *vi = t->ctx->instances; vi; vi = vi->next)
		for (size_t i = 0; i < vi->n_tracks; i++)
			if (vi->tracks[i].t == t) {
				vrrp_reassess(vi);
				break;
			}
}

static void script_start(void *arg);

/* A zeroed tracker of a kind, its timer idle (timer_stop() is safe on it). */
static struct vrrp_tracker *tracker_alloc(struct vrrp_ctx *ctx, enum vrrp_track_kind kind, const char *name)
{
	struct vrrp_tracker *t = xcalloc(1, sizeof(*t));
	t->ctx = ctx;
	t->kind = kind;
	str_copy(t->name, sizeof(t->name), name);
	timer_init(&t->timer, script_start, t);
	return t;
}

/* ---- scripts ---------------------------------------------------------------------- */

static void script_free(struct vrrp_tracker *t)
{
	vrrp_script_conf_free(&t->script);
	free(t);
}

/* A run ended: count it, move the rise/fall state, schedule the next run. */
static void script_done(void *arg, int wstatus, bool timed_out)
{
	struct vrrp_tracker *t = arg;
	t->pid = 0;
	if (t->dead) {
		script_free(t);
		return;
	}
	bool ok = !timed_out && wstatus >= 0 && WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0;
	t->last_status = wstatus >= 0 && WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1;
	t->runs++;
	if (!ok)
		t->failures++;
	if (timed_out) {
		t->timeouts++;
		log_warn("VRRP_Script(%s) timed out after %u s: killed, counted as failed",
			 t->name, t->script.timeout_s);
	}
	bool was = t->up, first = t->pending;
	if (first) {
		/* keepalived: the first result decides, whatever rise and fall */
		t->pending = false;
		t->up = ok;
		t->ok_count = ok;
		t->fail_count = !ok;
	} else {
		t->up = vrrp_script_result(was, ok, t->script.rise, t->script.fall, &t->ok_count,
					   &t->fail_count);
	}
	if (t->up != was || first) {
		if (t->up)
			log_notice("VRRP_Script(%s) succeeded", t->name);
		else
			log_notice("VRRP_Script(%s) failed (%s %d)", t->name,
				   timed_out ? "timed out," : "exited with status", t->last_status);
		tracker_changed(t);
	}
	if (!t->ctx->stopping)
		timer_start(t->ctx->loop, &t->timer, (uint64_t)t->script.interval_s * USEC_PER_SEC);
}

/* Timer: run the script unless the previous run is still going. */
static void script_start(void *arg)
{
	struct vrrp_tracker *t = arg;
	if (t->pid || t->ctx->stopping)
		return;
	struct script_policy pol = t->ctx->script_policy;
	pol.uid = t->script.uid;
	pol.gid = t->script.gid;
	pid_t pid = script_run(t->ctx->loop, &pol, t->script.script, NULL,
			       (uint64_t)t->script.timeout_s * USEC_PER_SEC, script_done, t);
	if (pid < 0) {
		script_done(t, -1, false);   /* refused: a failure, next try at the interval */
		return;
	}
	t->pid = pid;
}

static struct vrrp_tracker *script_new(struct vrrp_ctx *ctx, struct vrrp_script_conf *c)
{
	struct vrrp_tracker *t = tracker_alloc(ctx, VRRP_TRACK_SCRIPT, c->name);
	t->script = *c;
	memset(c, 0, sizeof(*c));
	t->up = !t->script.init_fail;
	t->pending = !t->script.init_fail;
	return t;
}

/* ---- files ------------------------------------------------------------------------- */

/* The number in the file (0 when missing or not a number, as keepalived),
 * from its text as the parent read it (core/parent_track.c: the parent
 * watches and reads track files and runs init_file, since this process may
 * not be allowed to). */
static int64_t file_read_value(const struct vrrp_ctx *ctx, const char *path)
{
	const char *text = NULL;
	long long v = 0;
	child_ipc_file_text(ctx->ipc, path, &text);
	if (!text || sscanf(text, "%lld", &v) != 1)
		v = 0;
	return v;
}

static void file_refresh(struct vrrp_tracker *t, bool announce)
{
	int64_t v = file_read_value(t->ctx, t->file.path);
	if (v == t->value)
		return;
	log_notice("Track file %s (%s): value %lld -> %lld", t->name, t->file.path,
		   (long long)t->value, (long long)v);
	t->value = v;
	if (announce)
		tracker_changed(t);
}

/* Contract: see vrrp.h. */
void vrrp_trackers_file_changed(struct vrrp_ctx *ctx, const char *path)
{
	for (struct vrrp_tracker *t = ctx->trackers; t; t = t->next)
		if (t->kind == VRRP_TRACK_FILE && !strcmp(t->file.path, path))
			file_refresh(t, true);
}

static struct vrrp_tracker *file_new(struct vrrp_ctx *ctx, struct vrrp_track_file_conf *c)
{
	struct vrrp_tracker *t = tracker_alloc(ctx, VRRP_TRACK_FILE, c->name);
	t->file = *c;
	memset(c, 0, sizeof(*c));
	t->value = file_read_value(ctx, t->file.path);
	return t;
}

/* ---- processes ------------------------------------------------------------------------ */

static void proc_changed(void *arg)
{
	struct vrrp_tracker *t = arg;
	t->up = vrrp_proc_track_up(t->proc);
	tracker_changed(t);
}

static struct vrrp_tracker *proc_new(struct vrrp_ctx *ctx, struct vrrp_track_process_conf *c)
{
	if (!ctx->procmon) {   /* on the socket the parent opened, when it could */
		int fd = ctx->ipc ? child_ipc_take_file(ctx->ipc, VRRP_PROC_CONNECTOR_KEY) : -1;
		ctx->procmon = vrrp_proc_mon_new(ctx->loop, fd);
	}
	struct vrrp_tracker *t = tracker_alloc(ctx, VRRP_TRACK_PROCESS, c->name);
	t->proc = vrrp_proc_track_new(ctx->procmon, c, proc_changed, t);
	t->up = vrrp_proc_track_up(t->proc);
	log_info("Track process %s: %zu running at start, %s", t->name, vrrp_proc_track_count(t->proc),
		 t->up ? "UP" : "DOWN");
	return t;
}

/* ---- interfaces ------------------------------------------------------------------- */

static struct vrrp_tracker *iface_new(struct vrrp_ctx *ctx, const char *ifname)
{
	struct vrrp_tracker *t = tracker_alloc(ctx, VRRP_TRACK_IFACE, ifname);
	t->up = vrrp_link_up(ctx, ifname);
	return t;
}

void vrrp_trackers_links_changed(struct vrrp_ctx *ctx)
{
	for (struct vrrp_tracker *t = ctx->trackers; t; t = t->next) {
		if (t->kind != VRRP_TRACK_IFACE)
			continue;
		bool up = vrrp_link_up(ctx, t->name);
		if (up != t->up)
			log_notice("Tracked interface %s is %s", t->name, up ? "UP" : "DOWN");
		t->up = up;
	}
}

/* ---- BFD sessions --------------------------------------------------------------------- */

static struct vrrp_tracker *bfd_new(struct vrrp_ctx *ctx, const char *name)
{
	struct vrrp_tracker *t = tracker_alloc(ctx, VRRP_TRACK_BFD, name);
	t->up = vrrp_bfd_state_up(ctx, name);
	return t;
}

/* Contract: see vrrp.h. */
void vrrp_trackers_bfd_changed(struct vrrp_ctx *ctx, const char *name, bool up)
{
	struct vrrp_tracker *t = find_tracker(ctx->trackers, VRRP_TRACK_BFD, name);
	if (!t || t->up == up)
		return;
	log_notice("Tracked BFD %s is %s", name, up ? "UP" : "DOWN");
	t->up = up;
	tracker_changed(t);
}

/* ---- lifetime --------------------------------------------------------------------------- */

static void tracker_free(struct vrrp_tracker *t)
{
	struct vrrp_ctx *ctx = t->ctx;
	timer_stop(ctx->loop, &t->timer);
	if (t->kind == VRRP_TRACK_FILE)
		vrrp_track_file_conf_free(&t->file);
	if (t->kind == VRRP_TRACK_PROCESS)
		vrrp_proc_track_del(t->proc);
	if (t->kind == VRRP_TRACK_SCRIPT && t->pid) {
		t->dead = true;   /* script_done() frees it */
		return;
	}
	if (t->kind == VRRP_TRACK_SCRIPT)
		vrrp_script_conf_free(&t->script);
	free(t);
}

/* Bind vi to the trackers of ctx (by name); every link found marks its
 * tracker used. Interface trackers are made on demand. */
static void bind_instance(struct vrrp_ctx *ctx, struct vrrp_instance *vi)
{
	const struct vrrp_ext_conf *e = &vi->conf.ext;
	free(vi->tracks);
	vi->tracks = NULL;
	vi->n_tracks = 0;
	const struct { const struct track_ref *refs; size_t n; enum vrrp_track_kind kind; } lists[] = {
		{ e->track_scripts, e->n_track_scripts, VRRP_TRACK_SCRIPT },
		{ e->track_files, e->n_track_files, VRRP_TRACK_FILE },
		{ e->track_ifs, e->n_track_ifs, VRRP_TRACK_IFACE },
		{ e->track_procs, e->n_track_procs, VRRP_TRACK_PROCESS },
		{ e->track_bfds, e->n_track_bfds, VRRP_TRACK_BFD },
	};
	for (size_t l = 0; l < ARRAY_SIZE(lists); l++) {
		for (size_t i = 0; i < lists[l].n; i++) {
			const struct track_ref *r = &lists[l].refs[i];
			struct vrrp_tracker *t = find_tracker(ctx->trackers, lists[l].kind, r->name);
			if (!t && (lists[l].kind == VRRP_TRACK_IFACE || lists[l].kind == VRRP_TRACK_BFD)) {
				t = lists[l].kind == VRRP_TRACK_IFACE ? iface_new(ctx, r->name) : bfd_new(ctx, r->name);
				t->next = ctx->trackers;
				ctx->trackers = t;
			}
			if (!t) {
				log_err("(%s) tracked %s %s is unknown", vi->conf.name,
					kind_name(lists[l].kind), r->name);
				continue;
			}
			t->used = true;
			struct vrrp_track_link *k = array_push(&vi->tracks, &vi->n_tracks, sizeof(*k));
			k->t = t;
			k->weight = r->weight;
			k->reverse = r->reverse;
			k->dump_zero = r->dump_zero;
			k->from_group = r->from_group;
			k->implicit = r->implicit;
		}
	}
}

/* Contract: see vrrp.h. */
/* Was t made from conf, a configuration of kind (script, file, process)? */
static bool tracker_made_from(const struct vrrp_tracker *t, enum vrrp_track_kind kind, const void *conf)
{
	if (t->kind != kind)
		return false;
	switch (kind) {
	case VRRP_TRACK_SCRIPT: return vrrp_script_conf_equal(&t->script, conf);
	case VRRP_TRACK_FILE: return vrrp_track_file_conf_equal(&t->file, conf);
	case VRRP_TRACK_PROCESS: return vrrp_track_process_conf_equal(vrrp_proc_track_conf(t->proc), conf);
	default: return false;
	}
}

/* A reload: the tracker of *old made from conf, unlinked from it, else
 * NULL (then the caller makes a new one). */
static struct vrrp_tracker *take_unchanged(struct vrrp_tracker **old, enum vrrp_track_kind kind, const void *conf)
{
	for (struct vrrp_tracker **pp = old; *pp; pp = &(*pp)->next)
		if (tracker_made_from(*pp, kind, conf)) {
			struct vrrp_tracker *t = *pp;
			*pp = t->next;
			return t;
		}
	return NULL;
}

static void push_tracker(struct vrrp_tracker **list, struct vrrp_tracker *t)
{
	t->next = *list;
	*list = t;
}

void vrrp_trackers_apply(struct vrrp_ctx *ctx, struct vrrp_objs_conf *objs)
{
	struct vrrp_tracker *old = ctx->trackers, *fresh = NULL, *kept;
	/* Keep unchanged scripts, files and processes (a running script keeps its state). */
	for (size_t i = 0; i < objs->n_scripts; i++) {
		kept = take_unchanged(&old, VRRP_TRACK_SCRIPT, &objs->scripts[i]);
		push_tracker(&fresh, kept ? kept : script_new(ctx, &objs->scripts[i]));
	}
	for (size_t i = 0; i < objs->n_files; i++) {
		kept = take_unchanged(&old, VRRP_TRACK_FILE, &objs->files[i]);
		push_tracker(&fresh, kept ? kept : file_new(ctx, &objs->files[i]));
	}
	for (size_t i = 0; i < objs->n_procs; i++) {
		kept = take_unchanged(&old, VRRP_TRACK_PROCESS, &objs->procs[i]);
		push_tracker(&fresh, kept ? kept : proc_new(ctx, &objs->procs[i]));
	}
	ctx->trackers = fresh;
	for (struct vrrp_tracker *t = fresh; t; t = t->next)
		t->used = false;
	for (struct vrrp_instance *vi = ctx->instances; vi; vi = vi->next)
		bind_instance(ctx, vi);
	/* Old trackers (and old interface and BFD trackers: remade on demand) go. */
	while (old) {
		struct vrrp_tracker *t = old;
		old = t->next;
		if (t->kind == VRRP_TRACK_IFACE || t->kind == VRRP_TRACK_BFD) {
			free(t);
			continue;
		}
		tracker_free(t);
	}
	/* Scripts run only when someone tracks them (keepalived). */
	for (struct vrrp_tracker *t = ctx->trackers; t; t = t->next) {
		if (t->kind != VRRP_TRACK_SCRIPT)
			continue;
		if (t->used && !t->pid && !timer_pending(&t->timer))
			timer_start(ctx->loop, &t->timer, 0);
		else if (!t->used)
			timer_stop(ctx->loop, &t->timer);
	}
}

void vrrp_trackers_free_all(struct vrrp_ctx *ctx)
{
	for (struct vrrp_instance *vi = ctx->instances; vi; vi = vi->next) {
		free(vi->tracks);
		vi->tracks = NULL;
		vi->n_tracks = 0;
	}
	while (ctx->trackers) {
		struct vrrp_tracker *t = ctx->trackers;
		ctx->trackers = t->next;
		if (t->kind == VRRP_TRACK_SCRIPT && t->pid) {
			/* the loop has ended: its exit will never be reported */
			script_kill(t->pid, SIGKILL);
			t->pid = 0;
		}
		tracker_free(t);
	}
	vrrp_proc_mon_free(ctx->procmon);
	ctx->procmon = NULL;
}

/* ---- reassessment ------------------------------------------------------------------------ */

#define TRACKER_DOWN "a tracker is down"
#define LINK_DOWN "interface down or missing"

/* What the instance's link to a tracker feeds the rules of vrrp_track.h. */
static struct vrrp_track_input link_input(const struct vrrp_track_link *k)
{
	return (struct vrrp_track_input){ .kind = k->t->kind, .up = k->t->up, .value = k->t->value,
					  .weight = k->weight, .reverse = k->reverse };
}

/* Own fault and effective priority of vi, without its sync group; sets
 * vi->fault_reason and vi->scripts_pending. A script without a first result
 * counts neither way, as in keepalived 2.2.7 (a weight-0 one holds the
 * instance in INIT, see vrrp_instance_start()). */
static void evaluate(struct vrrp_instance *vi, struct vrrp_track_verdict *v)
{
	struct vrrp_track_input *in = xcalloc(vi->n_tracks ? vi->n_tracks : 1, sizeof(*in));
	size_t n = 0;
	vi->scripts_pending = false;
	for (size_t i = 0; i < vi->n_tracks; i++) {
		const struct vrrp_track_link *k = &vi->tracks[i];
		if (k->t->kind == VRRP_TRACK_SCRIPT && k->t->pending) {
			if (!k->weight)
				vi->scripts_pending = true;
			continue;
		}
		in[n++] = link_input(k);
	}
	*v = vrrp_track_eval(vi->conf.priority, in, n);
	free(in);
	vi->fault_reason = v->fault ? TRACKER_DOWN : NULL;
	if (vi->conf.l3.ipvlan_fault) {   /* for good, as keepalived 2.2.7 (vrrp_conf_l3.c) */
		v->fault = true;
		vi->fault_reason = "IPv4 ipvlan requires a source ip address to be configured";
	} else if (!vrrp_instance_link_usable(vi)) {
		v->fault = true;
		vi->fault_reason = LINK_DOWN;
	} else if (vi->conf.ext.track_src_ip && !vrrp_instance_src_present(vi)) {
		v->fault = true;
		vi->fault_reason = "its mcast_src_ip/unicast_src_ip is not on its interface (track_src_ip)";
	} else if (vi->conf.ext.unicast_fault_no_peer && !vi->conf.ext.n_peers) {
		v->fault = true;
		vi->fault_reason = "no unicast peer";
	}
}

/* notify_priority_changes: the FIFO line INSTANCE "NAME" MASTER_PRIORITY P
 * (BACKUP_PRIORITY in any other state: BACKUP, FAULT, INIT - at start when
 * the trackers move it from the configured priority) when the effective
 * priority changes, as keepalived 2.2.7 writes it
 * (send_instance_priority_notifies()); no script. */
static void notify_priority_change(struct vrrp_instance *vi)
{
	if (!vi->conf.ext.notify_priority_changes)
		return;
	char line[128];
	snprintf(line, sizeof(line), "INSTANCE \"%s\" %s_PRIORITY %u", vi->conf.name,
		 vi->state == VRRP_STATE_MASTER ? "MASTER" : "BACKUP", vi->effective_priority);
	vrrp_fifo_write(vi->ctx, line);
}

/* Apply the own verdict plus the group's fault to vi. The effective
 * priority follows the weighted trackers in FAULT too, as keepalived
 * 2.2.7's does ("Changing effective priority" while in FAULT; its dump
 * shows it): the instance leaves FAULT with the priority they make. A
 * master tells the new priority with its next advert, on its usual
 * schedule, as 2.2.7 (vrrp_set_effective_priority() sends nothing). */
static void apply(struct vrrp_instance *vi, const struct vrrp_track_verdict *v)
{
	bool fault = vi->own_fault || vrrp_sync_peer_fault(vi);
	if (v->priority != vi->effective_priority) {
		log_notice("(%s) Changing effective priority from %u to %u", vi->conf.name,
			   vi->effective_priority, v->priority);
		vi->effective_priority = v->priority;
		notify_priority_change(vi);
		vrrp_down_timer_priority_changed(vi);
	}
	if (vi->ctx->started && vi->state == VRRP_STATE_INIT && vi->start_held &&
	    !vrrp_sync_scripts_pending(vi) && !vi->ctx->stopping) {
		vrrp_instance_start(vi);   /* the scripts it waited for have answered */
		return;
	}
	if (!vi->ctx->started || vi->state == VRRP_STATE_STOP || vi->state == VRRP_STATE_INIT)
		return;
	if (fault && vi->state != VRRP_STATE_FAULT) {
		log_warn("(%s) entering FAULT: %s", vi->conf.name,
			 vi->own_fault ? vi->fault_reason : "a member of its sync group is in fault");
		vrrp_set_state(vi, VRRP_EV_IF_DOWN);
	} else if (!fault && vi->state == VRRP_STATE_FAULT) {
		log_info("(%s) fault cleared", vi->conf.name);
		vi->effective_priority = v->priority;
		vrrp_set_state(vi, vrrp_instance_owner_master(vi) ? VRRP_EV_IF_UP_OWNER : VRRP_EV_IF_UP);
	}
}

/* Contract: see vrrp.h. With a sync group, every member's own fault is
 * refreshed first, then each member gets the group's verdict. */
void vrrp_reassess(struct vrrp_instance *vi)
{
	if (vi->sync) {
		vrrp_sync_reassess(vi->sync);
		return;
	}
	struct vrrp_track_verdict v;
	evaluate(vi, &v);
	vi->own_fault = v.fault;
	apply(vi, &v);
}

/* Contract: see vrrp.h. */
bool vrrp_track_scripts_pending(const struct vrrp_instance *vi)
{
	for (size_t i = 0; i < vi->n_tracks; i++) {
		const struct vrrp_track_link *k = &vi->tracks[i];
		if (k->t->kind == VRRP_TRACK_SCRIPT && k->t->pending && !k->weight)
			return true;
	}
	return false;
}

/* Contract: see vrrp.h. */
bool vrrp_track_initial(struct vrrp_instance *vi)
{
	struct vrrp_track_verdict v;
	evaluate(vi, &v);
	vi->own_fault = v.fault;
	if (v.priority != vi->effective_priority) {   /* even into FAULT: its notify says it */
		log_notice("(%s) Changing effective priority from %u to %u", vi->conf.name,
			   vi->effective_priority, v.priority);
		vi->effective_priority = v.priority;
		notify_priority_change(vi);
	}
	return vi->own_fault || vrrp_sync_peer_fault(vi);
}

/* Contract: see vrrp.h. */
void vrrp_track_counts(const struct vrrp_instance *vi, struct vrrp_track_counts *c)
{
	int64_t sum = 0;
	c->n_fault = 0;
	c->n_init = 0;
	for (size_t i = 0; i < vi->n_tracks; i++) {
		const struct vrrp_track_link *k = &vi->tracks[i];
		if (k->t->kind == VRRP_TRACK_SCRIPT && k->t->pending) {
			c->n_init += !k->weight;
			continue;
		}
		struct vrrp_track_input in = link_input(k);
		bool fault = false;
		sum += vrrp_track_adjust(&in, &fault);
		c->n_fault += fault;
	}
	/* the link (or another reason of evaluate()'s) counts once more */
	if (vi->own_fault && vi->fault_reason && strcmp(vi->fault_reason, TRACKER_DOWN) != 0)
		c->n_fault += strcmp(vi->fault_reason, LINK_DOWN) == 0 ? vrrp_instance_link_faults(vi) : 1;
	c->total = vi->conf.priority == VRRP_PRIO_OWNER ? VRRP_PRIO_OWNER : (int64_t)vi->conf.priority + sum;
}

/* For vrrp_sync.c: the two halves of vrrp_reassess(). */
void vrrp_reassess_own(struct vrrp_instance *vi)
{
	struct vrrp_track_verdict v;
	evaluate(vi, &v);
	vi->own_fault = v.fault;
}

void vrrp_reassess_apply(struct vrrp_instance *vi)
{
	struct vrrp_track_verdict v;
	evaluate(vi, &v);
	apply(vi, &v);
}

/* ---- dumps ----------------------------------------------------------------------------------- */

/* "up" in the status: a file is up while it holds 0 (it changes nothing). */
static bool tracker_up(const struct vrrp_tracker *t)
{
	return t->kind == VRRP_TRACK_FILE ? t->value == 0 : t->up;
}

/* Contract: see vrrp.h. doc/status-json.md, vrrp.trackers[]. */
void vrrp_tracker_status(const struct vrrp_tracker *t, json_object *o)
{
	jw_str(o, "name", t->name);
	jw_str(o, "type", kind_name(t->kind));
	jw_bool(o, "up", tracker_up(t));
	switch (t->kind) {
	case VRRP_TRACK_SCRIPT:
		jw_str(o, "status", t->pending ? "INIT" : t->up ? "GOOD" : "BAD");
		jw_int(o, "run_state", t->pid ? 1 : 0);
		jw_str(o, "state", t->pid ? "running" : "idle");
		jw_int(o, "weight", t->script.weight);
		jw_uint(o, "runs", t->runs);
		jw_uint(o, "failures", t->failures);
		jw_uint(o, "timeouts", t->timeouts);
		break;
	case VRRP_TRACK_FILE:
		jw_str(o, "state", t->value ? "non-zero" : "zero");
		jw_int(o, "weight", t->file.weight);
		jw_str(o, "file", t->file.path);
		jw_int(o, "value", t->value);
		break;
	case VRRP_TRACK_PROCESS:
		jw_str(o, "state", t->up ? "UP" : "DOWN");
		jw_int(o, "weight", t->proc ? vrrp_proc_track_conf(t->proc)->weight : 0);
		jw_uint(o, "running", t->proc ? vrrp_proc_track_count(t->proc) : 0);
		break;
	default:
		jw_str(o, "state", t->up ? "UP" : "DOWN");
		break;
	}
}

/* Contract: see vrrp.h. doc/status-json.md, vrrp.instances[].tracking[]. */
void vrrp_track_link_status(const struct vrrp_track_link *k, json_object *o)
{
	struct vrrp_track_input in = link_input(k);
	bool fault = false;
	int64_t adj = 0;
	if (!(k->t->kind == VRRP_TRACK_SCRIPT && k->t->pending))   /* no result yet: nothing */
		adj = vrrp_track_adjust(&in, &fault);
	jw_str(o, "name", k->t->name);
	jw_str(o, "type", kind_name(k->t->kind));
	jw_bool(o, "up", tracker_up(k->t));
	jw_int(o, "weight", k->weight);
	jw_bool(o, "reverse", k->reverse);
	jw_int(o, "adjustment", adj);
	jw_bool(o, "fault", fault);
}

enum vrrp_track_kind vrrp_tracker_kind(const struct vrrp_tracker *t) { return t->kind; }

/* "     VI_1, weight W[ reverse]" for each instance that tracks t, after
 * 2.2.7's "   Tracking instances :" when there is one and hdr. */
static void dump_tracking_instances(const struct vrrp_ctx *ctx, const struct vrrp_tracker *t, bool hdr, char **out,
				    size_t *len)
{
	for (const struct vrrp_instance *vi = ctx->instances; vi; vi = vi->next)
		for (size_t i = 0; i < vi->n_tracks; i++)
			if (vi->tracks[i].t == t) {
				if (hdr)
					str_appendf(out, len, "   Tracking instances :\n");
				hdr = false;
				str_appendf(out, len, "     %s, weight %d%s\n", vi->conf.name, vi->tracks[i].weight,
					    vi->tracks[i].reverse ? " reverse" : "");
			}
}

static void dump_script(const struct vrrp_ctx *ctx, const struct vrrp_tracker *t, char **out, size_t *len)
{
	const struct vrrp_script_conf *s = &t->script;
	str_appendf(out, len, " VRRP Script = %s\n   Command = ", t->name);
	dump_cmd_str(out, len, s->script ? s->script : "");
	str_appendf(out, len, "\n   Interval = %u sec\n   Timeout = %u sec\n", s->interval_s, s->timeout_set ? s->timeout_s : 0);
	str_appendf(out, len, "   Weight = %d%s\n   Rise = %u\n   Fall = %u\n", s->weight, s->reverse ? " reverse" : "",
		    s->rise, s->fall);
	/* 2.2.7's result counter: rise - 1 (0 with init_fail) before the first
	 * result, rise + fall - 1 when up, less one a failure since; the
	 * successes in a row when down */
	uint32_t result = t->pending ? (s->init_fail ? 0 : s->rise - 1) :
			  t->up ? s->rise + s->fall - 1 - t->fail_count : t->ok_count;
	str_appendf(out, len, "   Result = %u\n   Insecure = no\n   Init state = %s\n", result,
		    !t->pending ? "unknown" : s->init_fail ? "INIT/FAILED" : "INIT");
	str_appendf(out, len, "   Status = %s\n", t->up && !t->pending ? "GOOD" : "BAD");
	str_appendf(out, len, "   Script uid:gid = %u:%u\n   VRRP instances :\n", (unsigned)s->uid, (unsigned)s->gid);
	dump_tracking_instances(ctx, t, true, out, len);
	str_appendf(out, len, "   State = %s\n", t->pid ? "running" : "idle");
}

static void dump_process(const struct vrrp_ctx *ctx, const struct vrrp_tracker *t, char **out, size_t *len)
{
	const struct vrrp_track_process_conf *c = vrrp_proc_track_conf(t->proc);
	str_appendf(out, len, " VRRP Track process = %s\n   Process = %s\n", t->name, c->argc ? c->argv[0] : "");
	if (c->argc > 1) {
		str_appendf(out, len, "   Parameters =");
		for (size_t i = 1; i < c->argc; i++)
			str_appendf(out, len, " %s", c->argv[i]);
		str_appendf(out, len, "\n");
	}
	str_appendf(out, len, "   Min processes = %u\n", c->quorum);
	if (c->quorum_max != UINT32_MAX)
		str_appendf(out, len, "   Max processes = %u\n", c->quorum_max);
	str_appendf(out, len, "   Current processes = %zu\n   Have quorum = %s\n", vrrp_proc_track_count(t->proc),
		    t->up ? "true" : "false");
	str_appendf(out, len, "   Weight = %d%s\n", c->weight, c->reverse ? " reverse" : "");
	str_appendf(out, len, "   Terminate delay = %fs\n   Fork delay = %fs\n", c->terminate_delay_ms / 1000.0,
		    c->fork_delay_ms / 1000.0);
	str_appendf(out, len, "   Full command = %s\n", c->full_command ? "true" : "false");
	dump_tracking_instances(ctx, t, true, out, len);
}

void vrrp_tracker_dump(const struct vrrp_ctx *ctx, const struct vrrp_tracker *t, char **out, size_t *len)
{
	if (!t->used)   /* 2.2.7 drops an object no instance uses */
		return;
	switch (t->kind) {
	case VRRP_TRACK_SCRIPT:
		dump_script(ctx, t, out, len);
		break;
	case VRRP_TRACK_FILE:
		str_appendf(out, len, " Track file = %s\n   File = %s\n   Status = %lld\n   Weight = %d%s\n", t->name,
			    t->file.path, (long long)t->value, t->file.weight, t->file.reverse ? " reverse" : "");
		dump_tracking_instances(ctx, t, true, out, len);
		break;
	case VRRP_TRACK_PROCESS:
		if (t->proc)
			dump_process(ctx, t, out, len);
		break;
	case VRRP_TRACK_BFD:
		str_appendf(out, len, " VRRP Track BFD = %s\n   Bfd is %s\n   Tracking VRRP instances :\n", t->name,
			    t->up ? "up" : "down");
		dump_tracking_instances(ctx, t, false, out, len);
		break;
	default:
		break;
	}
}

const struct vrrp_tracker *vrrp_trackers_first(const struct vrrp_ctx *ctx) { return ctx->trackers; }
const char *vrrp_tracker_name(const struct vrrp_tracker *t) { return t->name; }
const char *vrrp_tracker_script_cmd(const struct vrrp_tracker *t)
{
	return t->kind == VRRP_TRACK_SCRIPT ? t->script.script : NULL;
}
const struct vrrp_tracker *vrrp_tracker_next(const struct vrrp_tracker *t) { return t->next; }
