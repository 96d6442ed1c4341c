/* vrrp_sync.c - vrrp_sync_group at run time: members go MASTER and BACKUP
 * together (vrrp_sync_follow()), a fault of one member is a fault of all
 * (vrrp_reassess() through vrrp_sync_reassess()), and the group's own
 * state (vrrp_sync_group_state()) drives its notify scripts and FIFO line.
 * Members change state only through vrrp_set_state().
 */
#include "vrrp.h"
#include "log.h"
#include "util.h"
#include "vrrp_track.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


struct vrrp_sync {
	struct vrrp_sync *next;
	struct vrrp_ctx *ctx;
	struct vrrp_sync_group_conf conf;
	enum vrrp_state state;          /* the group's reported state */
	bool forcing;                   /* members are being moved by the group */
	unsigned hold;                  /* >0: the group's state waits until the members moved */
	enum vrrp_state last;           /* the state the last member to change went to */
	bool last_set;
	bool start_hold;                /* held while its members start in FAULT */
	struct script_tally *notify_scripts;
};

const char *vrrp_sync_name(const struct vrrp_sync *s) { return s->conf.name; }
enum vrrp_state vrrp_sync_state(const struct vrrp_sync *s) { return s->state; }
const struct vrrp_sync *vrrp_syncs_first(const struct vrrp_ctx *ctx) { return ctx->syncs; }
const struct vrrp_sync_group_conf *vrrp_sync_conf(const struct vrrp_sync *s) { return &s->conf; }
const struct vrrp_sync *vrrp_sync_next(const struct vrrp_sync *s) { return s->next; }

static void sync_free(struct vrrp_sync *s)
{
	vrrp_sync_group_conf_free(&s->conf);
	script_tally_free(s->notify_scripts);   /* frees itself after its last script */
	free(s);
}

/* Contract: see vrrp.h. Groups are matched by name; a group keeps its
 * reported state across a reload. Members are bound by name (an instance
 * whose record names the group). */
void vrrp_syncs_apply(struct vrrp_ctx *ctx, struct vrrp_sync_group_conf *groups, size_t n)
{
	struct vrrp_sync *old = ctx->syncs, *fresh = NULL;
	for (size_t i = 0; i < n; i++) {
		struct vrrp_sync **pp = &old, *s;
		for (; *pp; pp = &(*pp)->next)
			if (!strcmp((*pp)->conf.name, groups[i].name))
				break;
		if (*pp) {
			s = *pp;
			*pp = s->next;
			vrrp_sync_group_conf_free(&s->conf);
		} else {
			s = xcalloc(1, sizeof(*s));
			s->ctx = ctx;
			s->state = VRRP_STATE_INIT;
			s->notify_scripts = script_tally_new(ctx->loop);
		}
		s->conf = groups[i];
		memset(&groups[i], 0, sizeof(groups[i]));
		s->next = fresh;
		fresh = s;
	}
	ctx->syncs = fresh;
	for (struct vrrp_instance *vi = ctx->instances; vi; vi = vi->next) {
		vi->sync = NULL;
		for (struct vrrp_sync *s = fresh; s && vi->conf.ext.sync_group[0]; s = s->next)
			if (!strcmp(s->conf.name, vi->conf.ext.sync_group))
				vi->sync = s;
	}
	while (old) {
		struct vrrp_sync *s = old;
		old = s->next;
		sync_free(s);
	}
}

void vrrp_syncs_free_all(struct vrrp_ctx *ctx)
{
	for (struct vrrp_instance *vi = ctx->instances; vi; vi = vi->next)
		vi->sync = NULL;
	while (ctx->syncs) {
		struct vrrp_sync *s = ctx->syncs;
		ctx->syncs = s->next;
		sync_free(s);
	}
}

bool vrrp_syncs_busy(const struct vrrp_ctx *ctx)
{
	for (const struct vrrp_sync *s = ctx->syncs; s; s = s->next)
		if (script_tally_busy(s->notify_scripts))
			return true;
	return false;
}

bool vrrp_sync_peer_fault(const struct vrrp_instance *vi)
{
	if (!vi->sync)
		return false;
	for (const struct vrrp_instance *m = vi->ctx->instances; m; m = m->next)
		if (m != vi && m->sync == vi->sync && m->own_fault)
			return true;
	return false;
}

bool vrrp_sync_scripts_pending(const struct vrrp_instance *vi)
{
	if (vrrp_track_scripts_pending(vi))
		return true;
	if (!vi->sync)
		return false;
	for (const struct vrrp_instance *m = vi->ctx->instances; m; m = m->next)
		if (m != vi && m->sync == vi->sync && vrrp_track_scripts_pending(m))
			return true;
	return false;
}

bool vrrp_sync_can_go_master(const struct vrrp_instance *vi)
{
	const struct vrrp_sync *s = vi->sync;
	if (!s || s->state == VRRP_STATE_MASTER)
		return true;
	for (const struct vrrp_instance *m = s->ctx->instances; m; m = m->next)
		if (m != vi && m->sync == s && m->state != VRRP_STATE_MASTER && !m->wants_master)
			return false;
	return true;
}

static void refresh_group_state(struct vrrp_sync *s, enum vrrp_state last);

void vrrp_syncs_settle(struct vrrp_ctx *ctx)
{
	for (struct vrrp_sync *s = ctx->syncs; s; s = s->next) {
		struct vrrp_instance *master = NULL;
		size_t backup = 0, other = 0;
		for (struct vrrp_instance *m = ctx->instances; m; m = m->next) {
			if (m->sync != s)
				continue;
			if (m->state == VRRP_STATE_MASTER)
				master = master ? master : m;
			else if (m->state == VRRP_STATE_BACKUP)
				backup++;
			else
				other++;
		}
		if (other || !backup)
			continue;
		if (master) {
			log_info("(%s) leaves MASTER: a member of its sync group %s is BACKUP", master->conf.name,
				 s->conf.name);
			vrrp_set_state(master, VRRP_EV_PREEMPTED);   /* the other masters follow */
		} else if (s->state != VRRP_STATE_BACKUP) {
			refresh_group_state(s, VRRP_STATE_BACKUP);
		}
	}
}

/* The members whose own fault changed (the one whose interface or tracker
 * moved) apply the verdict first, then the others, and the group's state
 * is announced once all have moved: keepalived 2.2.7's order (the member,
 * the others it syncs, then the group: "INSTANCE VI_2 FAULT", "INSTANCE
 * VI_1 FAULT", "GROUP G1 FAULT"). */
void vrrp_sync_reassess(struct vrrp_sync *s)
{
	size_t n = 0, i;
	for (struct vrrp_instance *m = s->ctx->instances; m; m = m->next)
		n += m->sync == s;
	bool *moved = xcalloc(n ? n : 1, sizeof(*moved));
	i = 0;
	for (struct vrrp_instance *m = s->ctx->instances; m; m = m->next) {
		if (m->sync != s)
			continue;
		bool was = m->own_fault;
		vrrp_reassess_own(m);
		moved[i++] = was != m->own_fault;
	}
	s->hold++;
	for (int pass = 0; pass < 2; pass++) {
		i = 0;
		for (struct vrrp_instance *m = s->ctx->instances; m; m = m->next)
			if (m->sync == s && moved[i++] == (pass == 0))
				vrrp_reassess_apply(m);
	}
	free(moved);
	vrrp_sync_release(s);
}

void vrrp_syncs_hold(struct vrrp_ctx *ctx)
{
	for (struct vrrp_sync *s = ctx->syncs; s; s = s->next)
		s->hold++;
}

void vrrp_sync_release(struct vrrp_sync *s)
{
	if (s->hold && --s->hold == 0 && s->last_set)
		refresh_group_state(s, s->last);
}

void vrrp_syncs_release(struct vrrp_ctx *ctx)
{
	for (struct vrrp_sync *s = ctx->syncs; s; s = s->next)
		vrrp_sync_release(s);
}

/* ---- the group's own state -------------------------------------------------------------- */

static const struct conf_script *group_script_for(const struct vrrp_sync *s)
{
	switch (s->state) {
	case VRRP_STATE_MASTER: return &s->conf.notify_master;
	case VRRP_STATE_BACKUP: return &s->conf.notify_backup;
	case VRRP_STATE_FAULT: return &s->conf.notify_fault;
	case VRRP_STATE_STOP: return &s->conf.notify_stop;
	default: return NULL;
	}
}

/* notify_<state>, then notify with "GROUP NAME STATE 0", then the FIFO
 * line GROUP "NAME" STATE 0 (keepalived 2.2.7 gives a group priority 0). */
static void group_announce(struct vrrp_sync *s)
{
	const struct script_policy *pol = &s->ctx->script_policy;
	const char *state = vrrp_state_name(s->state);
	log_notice("VRRP_Group(%s) Syncing instances to %s state", s->conf.name, state);
	const struct conf_script *specific = group_script_for(s);
	if (specific && specific->cmd) {
		struct script_policy p = script_policy_of(pol, specific);
		script_tally_run(s->notify_scripts, &p, specific->cmd, NULL);
	}
	if (s->conf.notify.cmd) {
		const char *args[] = { "GROUP", s->conf.name, state, "0", NULL };
		struct script_policy p = script_policy_of(pol, &s->conf.notify);
		script_tally_run(s->notify_scripts, &p, s->conf.notify.cmd, args);
	}
	char line[160];
	snprintf(line, sizeof(line), "GROUP \"%s\" %s 0", s->conf.name, state);
	vrrp_fifo_write(s->ctx, line);
	vrrp_smtp_group(s->ctx, s->conf.name, s->state, s->conf.smtp_alert);
}

static void refresh_group_state(struct vrrp_sync *s, enum vrrp_state last)
{
	enum vrrp_state states[256];
	size_t n = 0;
	for (struct vrrp_instance *m = s->ctx->instances; m && n < ARRAY_SIZE(states); m = m->next)
		if (m->sync == s)
			states[n++] = m->state;
	enum vrrp_state st = vrrp_sync_group_state(states, n, last);
	if (st == s->state || st == VRRP_STATE_INIT)
		return;
	s->state = st;
	group_announce(s);
}

/* Contract: see vrrp.h. */
void vrrp_syncs_start(struct vrrp_ctx *ctx)
{
	for (struct vrrp_sync *s = ctx->syncs; s; s = s->next) {
		bool any = false, fresh = true, fault = false, pending = false, owners = true;
		for (struct vrrp_instance *m = ctx->instances; m && fresh; m = m->next) {
			if (m->sync != s)
				continue;
			any = true;
			fresh = m->state == VRRP_STATE_INIT && !m->start_held;
			if (!fresh)
				break;
			vrrp_instance_assess(m);   /* its own fault and effective priority */
			fault |= m->own_fault;
			pending |= vrrp_track_scripts_pending(m);
			owners &= vrrp_instance_owner_master(m);
		}
		if (!any || !fresh || s->state != VRRP_STATE_INIT || (!fault && (pending || owners)))
			continue;
		if (fault) {   /* after its members' FAULT lines */
			s->hold++;
			s->start_hold = true;
			continue;
		}
		s->state = VRRP_STATE_BACKUP;
		group_announce(s);
	}
}

/* Contract: see vrrp.h. */
void vrrp_syncs_started(struct vrrp_ctx *ctx)
{
	for (struct vrrp_instance *m = ctx->instances; m; m = m->next)
		m->start_assessed = false;   /* used by this start only */
	for (struct vrrp_sync *s = ctx->syncs; s; s = s->next)
		if (s->start_hold) {
			s->start_hold = false;
			vrrp_sync_release(s);
		}
}

/* Contract: see vrrp.h. */
void vrrp_sync_member_changed(struct vrrp_instance *vi, enum vrrp_state from)
{
	struct vrrp_sync *s = vi->sync;
	if (!s)
		return;
	if (!s->forcing && !vi->ctx->stopping) {
		s->forcing = true;
		for (struct vrrp_instance *m = s->ctx->instances; m; m = m->next) {
			if (m == vi || m->sync != s)
				continue;
			enum vrrp_event ev = vrrp_sync_follow(from, vi->state, m->state);
			if (ev == VRRP_EV_COUNT)
				continue;
			log_info("(%s) follows %s of sync group %s to %s", m->conf.name, vi->conf.name,
				 s->conf.name, vrrp_state_name(vi->state));
			vrrp_set_state(m, ev);
		}
		s->forcing = false;
	}
	s->last = vi->state;
	s->last_set = true;
	if (!s->hold)
		refresh_group_state(s, vi->state);
}
