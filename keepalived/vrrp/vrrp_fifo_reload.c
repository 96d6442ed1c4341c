/* vrrp_fifo_reload.c - fifo_write_vrrp_states_on_reload (global_defs).
 *
 * A reload announces the transitions it causes, as always; with this
 * option it also writes the current state of every sync group and
 * instance it left in the same state to the notify FIFOs, so that a
 * reader that restarted with the reload learns where everything stands:
 * first `GROUP "NAME" STATE 0` per group, then `INSTANCE "NAME" STATE
 * PRIORITY` per instance, in configuration order. keepalived 2.2.7 writes
 * these lines too, but (measured) not for an instance that stays MASTER;
 * keepalived.conf(5) says the states are written, and we write them all.
 * Instances and groups the reload adds or changes announce themselves
 * through their transitions. */
#include "util.h"
#include "vrrp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct vrrp_state_snap_ent {
	bool group;
	char name[CONF_NAME_MAX];
	enum vrrp_state state;
};

/* Contract: see vrrp.h. */
void vrrp_state_snap_take(const struct vrrp_ctx *ctx, struct vrrp_state_snap *snap)
{
	memset(snap, 0, sizeof(*snap));
	for (const struct vrrp_sync *s = vrrp_syncs_first(ctx); s; s = vrrp_sync_next(s)) {
		struct vrrp_state_snap_ent *e = array_push(&snap->ents, &snap->n, sizeof(*e));
		e->group = true;
		str_copy(e->name, sizeof(e->name), vrrp_sync_name(s));
		e->state = vrrp_sync_state(s);
	}
	for (const struct vrrp_instance *vi = ctx->instances; vi; vi = vi->next) {
		struct vrrp_state_snap_ent *e = array_push(&snap->ents, &snap->n, sizeof(*e));
		e->group = false;
		str_copy(e->name, sizeof(e->name), vi->conf.name);
		e->state = vi->state;
	}
}

/* Was (group, name) in state st before the reload? */
static bool unchanged(const struct vrrp_state_snap *snap, bool group, const char *name, enum vrrp_state st)
{
	for (size_t i = 0; i < snap->n; i++)
		if (snap->ents[i].group == group && !strcmp(snap->ents[i].name, name))
			return snap->ents[i].state == st;
	return false;
}

static bool reportable(enum vrrp_state st)
{
	return st == VRRP_STATE_MASTER || st == VRRP_STATE_BACKUP || st == VRRP_STATE_FAULT;
}

/* Contract: see vrrp.h. */
void vrrp_fifo_reload_states(struct vrrp_ctx *ctx, struct vrrp_state_snap *snap)
{
	char line[CONF_NAME_MAX + 48];
	if (ctx->global.ext.fifo_write_states_on_reload && snap->n) {
		for (const struct vrrp_sync *s = vrrp_syncs_first(ctx); s; s = vrrp_sync_next(s)) {
			enum vrrp_state st = vrrp_sync_state(s);
			if (!reportable(st) || !unchanged(snap, true, vrrp_sync_name(s), st))
				continue;
			snprintf(line, sizeof(line), "GROUP \"%s\" %s 0", vrrp_sync_name(s), vrrp_state_name(st));
			vrrp_fifo_write(ctx, line);
		}
		for (const struct vrrp_instance *vi = ctx->instances; vi; vi = vi->next) {
			if (!reportable(vi->state) || !unchanged(snap, false, vi->conf.name, vi->state))
				continue;
			snprintf(line, sizeof(line), "INSTANCE \"%s\" %s %u", vi->conf.name,
				 vrrp_state_name(vi->state), vi->effective_priority);
			vrrp_fifo_write(ctx, line);
		}
	}
	free(snap->ents);
	memset(snap, 0, sizeof(*snap));
}
