/* vrrp_dump_objs.c - see vrrp.h (vrrp_dump_objs.c): the parts of the VRRP
 * dumps besides an instance's own fields - its tracking lists and notify
 * scripts, the sync group / script / track sections of keepalived.data and
 * keepalived.stats - with keepalived 2.2.7's labels and layout. */
#include "vrrp.h"
#include "dump_text.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>

void vrrp_dump_notify_script(const struct vrrp_ctx *ctx, const char *type, const struct conf_script *s, char **out,
			     size_t *len)
{
	char label[96];
	snprintf(label, sizeof(label), "   %s state transition script", type);
	dump_script_line(out, len, label, s, &ctx->global);
}

/* 2.2.7's list headers and line formats, by tracker kind. */
static const struct {
	enum vrrp_track_kind kind;
	const char *header;
	const char *sep;      /* between the name and "weight" */
} track_lists[] = {
	{ VRRP_TRACK_IFACE, "Tracked interfaces :", " " },
	{ VRRP_TRACK_SCRIPT, "Tracked scripts :", " " },
	{ VRRP_TRACK_FILE, "Tracked files :", ", " },
	{ VRRP_TRACK_PROCESS, "Tracked processes :", ", " },
	{ VRRP_TRACK_BFD, "Tracked BFDs :", ": " },
};

void vrrp_dump_instance_tracks(const struct vrrp_instance *vi, char **out, size_t *len)
{
	for (size_t k = 0; k < ARRAY_SIZE(track_lists); k++) {
		bool any = false;
		for (size_t i = 0; i < vi->n_tracks; i++) {
			const struct vrrp_track_link *l = &vi->tracks[i];
			/* 2.2.7 lists its sync group's and the implicit ones
			 * (a route's other interface: measured) only under
			 * the group / the interface */
			if (vrrp_tracker_kind(l->t) != track_lists[k].kind || l->from_group || l->implicit)
				continue;
			if (!any)
				str_appendf(out, len, "   %s\n", track_lists[k].header);
			any = true;
			str_appendf(out, len, "     %s%sweight %d%s\n", vrrp_tracker_name(l->t), track_lists[k].sep,
				    l->dump_zero ? 0 : l->weight, l->reverse ? " reverse" : "");
		}
	}
}

/* A group's own track_* lines (copied into its members by validation). */
static void dump_group_refs(const char *header, const char *sep, const struct track_ref *r, size_t n, char **out,
			    size_t *len)
{
	if (!n)
		return;
	str_appendf(out, len, "   %s\n", header);
	for (size_t i = 0; i < n; i++)
		str_appendf(out, len, "     %s%sweight %d%s\n", r[i].name, sep, r[i].weight, r[i].reverse ? " reverse" : "");
}

static void dump_sync_group(const struct vrrp_ctx *ctx, const struct vrrp_sync *s, char **out, size_t *len)
{
	const struct vrrp_sync_group_conf *g = vrrp_sync_conf(s);
	unsigned n_fault = 0, n_init = 0;
	for (const struct vrrp_instance *vi = ctx->instances; vi; vi = vi->next) {
		if (vi->sync != s)
			continue;
		n_fault += vi->state == VRRP_STATE_FAULT;
		n_init += vi->state == VRRP_STATE_INIT;
	}
	str_appendf(out, len, " VRRP Sync Group = %s, %s\n", g->name, vrrp_state_name(vrrp_sync_state(s)));
	str_appendf(out, len, "   Num member fault %u, num member init %u\n", n_fault, n_init);
	if (g->n_members) {
		str_appendf(out, len, "   VRRP member instances :\n");
		for (size_t i = 0; i < g->n_members; i++)
			str_appendf(out, len, "     %s\n", g->members[i]);
	}
	if (g->tracking_weight)
		str_appendf(out, len, "   sync group tracking weight set\n");
	str_appendf(out, len, "   Using smtp notification = %s\n", g->smtp_alert ? "yes" : "no");
	if (g->notify_priority_changes_set)
		str_appendf(out, len, "   Notify priority changes = %s\n", g->notify_priority_changes ? "yes" : "no");
	dump_group_refs("Tracked interfaces :", " ", g->track_ifs, g->n_track_ifs, out, len);
	dump_group_refs("Tracked scripts :", " ", g->track_scripts, g->n_track_scripts, out, len);
	dump_group_refs("Tracked files :", ", ", g->track_files, g->n_track_files, out, len);
	dump_group_refs("Tracked process :", ", ", g->track_procs, g->n_track_procs, out, len);
	dump_group_refs("Tracked BFDs :", ": ", g->track_bfds, g->n_track_bfds, out, len);
	vrrp_dump_notify_script(ctx, "Backup", &g->notify_backup, out, len);
	vrrp_dump_notify_script(ctx, "Master", &g->notify_master, out, len);
	vrrp_dump_notify_script(ctx, "Fault", &g->notify_fault, out, len);
	vrrp_dump_notify_script(ctx, "Stop", &g->notify_stop, out, len);
	vrrp_dump_notify_script(ctx, "Generic", &g->notify, out, len);
}

/* One section of trackers of a kind, under its header, if there is one,
 * in the configuration's order as 2.2.7 (ctx's list is the reverse). */
static void dump_tracker_section(const struct vrrp_ctx *ctx, enum vrrp_track_kind kind, const char *header,
				 char **out, size_t *len)
{
	const struct vrrp_tracker **all = NULL;
	size_t n = 0;
	for (const struct vrrp_tracker *t = vrrp_trackers_first(ctx); t; t = vrrp_tracker_next(t))
		if (vrrp_tracker_kind(t) == kind)
			*(const struct vrrp_tracker **)array_push(&all, &n, sizeof(*all)) = t;
	for (size_t i = n; i-- > 0;) {
		if (i == n - 1)
			str_appendf(out, len, "------< %s >------\n", header);
		vrrp_tracker_dump(ctx, all[i], out, len);
	}
	free(all);
}

void vrrp_dump_objects(const struct vrrp_ctx *ctx, char **out, size_t *len)
{
	vrrp_dump_sockpool(ctx, out, len);   /* 2.2.7's order: sockpool, sync groups, scripts... */
	if (vrrp_syncs_first(ctx))
		str_appendf(out, len, "------< VRRP Sync groups >------\n");
	for (const struct vrrp_sync *s = vrrp_syncs_first(ctx); s; s = vrrp_sync_next(s))
		dump_sync_group(ctx, s, out, len);
	dump_tracker_section(ctx, VRRP_TRACK_SCRIPT, "VRRP Scripts", out, len);
	dump_tracker_section(ctx, VRRP_TRACK_FILE, "VRRP Track files", out, len);
	dump_tracker_section(ctx, VRRP_TRACK_PROCESS, "VRRP Track processes", out, len);
	dump_tracker_section(ctx, VRRP_TRACK_BFD, "VRRP Track BFDs", out, len);
}

void vrrp_dump_stats(const struct vrrp_ctx *ctx, char **out, size_t *len)
{
	for (const struct vrrp_instance *vi = ctx->instances; vi; vi = vi->next) {
		const struct vrrp_stats *s = &vi->stats;
		const uint64_t *e = s->rx_errors;
		str_appendf(out, len,
			"VRRP Instance: %s\n"
			"  Advertisements:\n"
			"    Received: %llu\n"
			"    Sent: %llu\n"
			"  Became master: %llu\n"
			"  Released master: %llu\n"
			"  Packet Errors:\n"
			"    Length: %llu\n"
			"    TTL: %llu\n"
			"    Invalid Type: %llu\n"
			"    Advertisement Interval: %llu\n"
			"    Address List: %llu\n",
			vi->conf.name,
			(unsigned long long)s->adverts_rcvd, (unsigned long long)s->adverts_sent,
			(unsigned long long)s->became_master, (unsigned long long)s->released_master,
			(unsigned long long)e[VRRP_RX_TOO_SHORT], (unsigned long long)e[VRRP_RX_BAD_TTL],
			(unsigned long long)e[VRRP_RX_BAD_TYPE], (unsigned long long)e[VRRP_RX_BAD_INTERVAL],
			(unsigned long long)e[VRRP_RX_BAD_ADDR_LIST]);
		/* ours, after 2.2.7's packet errors */
		str_appendf(out, len,
			"    Version: %llu\n"
			"    Checksum: %llu\n"
			"    VRID: %llu\n",
			(unsigned long long)e[VRRP_RX_BAD_VERSION], (unsigned long long)e[VRRP_RX_BAD_CHECKSUM],
			(unsigned long long)e[VRRP_RX_BAD_VRID]);
		str_appendf(out, len,
			"  Authentication Errors:\n"
			"    Invalid Type: %llu\n"
			"    Type Mismatch: %llu\n"
			"    Failure: %llu\n"
			"  Priority Zero:\n"
			"    Received: %llu\n"
			"    Sent: %llu\n",
			(unsigned long long)e[VRRP_RX_INVALID_AUTH_TYPE], (unsigned long long)e[VRRP_RX_BAD_AUTH_TYPE],
			(unsigned long long)e[VRRP_RX_BAD_AUTH],
			(unsigned long long)s->prio0_rcvd, (unsigned long long)s->prio0_sent);
		/* ours, after 2.2.7's fields of the instance */
		str_appendf(out, len,
			"  Unicast:\n"
			"    Not a peer: %llu\n"
			"  Lower priority adverts as master: %llu\n",
			(unsigned long long)e[VRRP_RX_NOT_PEER], (unsigned long long)s->lower_prio_rcvd);
	}
}
