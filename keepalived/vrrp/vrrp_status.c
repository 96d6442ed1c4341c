/* vrrp_status.c - the VRRP child's status record: one JSON object that the
 * parent puts under "vrrp" in the status document (doc/status-json.md,
 * schema version 1), for keepalivedctl status, /status.json, /metrics and
 * the SIGRTMIN+2 keepalived.json.
 *
 *   { "instances": [ ... ], "sync_groups": [ ... ], "trackers": [ ... ] }
 *
 * A new piece of VRRP state is a new member (of an instance, or a new
 * top-level array such as sync_groups/trackers): consumers ignore what
 * they do not know, so adding never breaks them; changing the meaning of
 * a member needs a new schema version. */
#include "vrrp.h"
#include "jsonw.h"
#include "status.h"
#include "util.h"

#include <arpa/inet.h>
#include <stdio.h>

/* The instance's address a (IPv4) or a6 (IPv6 instances); null when unset. */
static void put_addr(json_object *o, const char *k, const struct vrrp_instance *vi, struct in_addr a,
		     const struct in6_addr *a6)
{
	char b[INET6_ADDRSTRLEN];
	bool v6 = vi->conf.l3.family == AF_INET6;
	if (v6 ? IN6_IS_ADDR_UNSPECIFIED(a6) : !a.s_addr) {
		jw_null(o, k);
		return;
	}
	jw_str(o, k, v6 ? inet_ntop(AF_INET6, a6, b, sizeof(b)) : inet_ntop(AF_INET, &a, b, sizeof(b)));
}

static void put_vips(json_object *o, const char *k, const struct vip_conf *v, size_t n, const char *ifname)
{
	json_object *a = jw_arr(o, k);
	for (size_t i = 0; i < n; i++) {
		char addr[INET6_ADDRSTRLEN] = "?";
		inet_ntop(v[i].addr.family, &v[i].addr.u, addr, sizeof(addr));
		json_object *e = jw_arr_obj(a);
		char full[INET6_ADDRSTRLEN + 8];
		snprintf(full, sizeof(full), "%s/%u", addr, v[i].prefixlen);
		jw_str(e, "address", full);
		jw_str(e, "interface", v[i].dev[0] ? v[i].dev : ifname);
	}
}

static void put_counters(json_object *o, const struct vrrp_stats *s)
{
	json_object *c = jw_obj(o, "counters");
	jw_uint(c, "adverts_received", s->adverts_rcvd);
	jw_uint(c, "adverts_sent", s->adverts_sent);
	jw_uint(c, "became_master", s->became_master);
	jw_uint(c, "released_master", s->released_master);
	jw_uint(c, "priority_zero_received", s->prio0_rcvd);
	jw_uint(c, "priority_zero_sent", s->prio0_sent);
	static const struct { const char *name; enum vrrp_rx_result r; } errs[] = {
		{ "packet_length", VRRP_RX_TOO_SHORT },
		{ "ip_ttl", VRRP_RX_BAD_TTL },
		{ "version", VRRP_RX_BAD_VERSION },
		{ "invalid_type", VRRP_RX_BAD_TYPE },
		{ "checksum", VRRP_RX_BAD_CHECKSUM },
		{ "vrid", VRRP_RX_BAD_VRID },
		{ "auth_failure", VRRP_RX_BAD_AUTH },
		{ "address_list", VRRP_RX_BAD_ADDR_LIST },
		{ "advert_interval", VRRP_RX_BAD_INTERVAL },
	};
	json_object *e = jw_obj(c, "errors");
	for (size_t i = 0; i < ARRAY_SIZE(errs); i++)
		jw_uint(e, errs[i].name, s->rx_errors[errs[i].r]);
	/* auth_type: every advert dropped for its auth type (as before the
	 * split); auth_type_invalid: those of them with an unknown type */
	jw_uint(e, "auth_type", s->rx_errors[VRRP_RX_BAD_AUTH_TYPE] + s->rx_errors[VRRP_RX_INVALID_AUTH_TYPE]);
	jw_uint(e, "auth_type_invalid", s->rx_errors[VRRP_RX_INVALID_AUTH_TYPE]);
}

static void put_instance(json_object *arr, const struct vrrp_instance *vi)
{
	const struct vrrp_instance_conf *c = &vi->conf;
	json_object *o = jw_arr_obj(arr);
	jw_str(o, "name", c->name);
	jw_str(o, "state", vrrp_state_name(vi->state));
	jw_str(o, "initial_state", vrrp_state_name(c->initial_state));
	jw_str(o, "interface", c->ifname);
	jw_str(o, "family", c->l3.family == AF_INET6 ? "inet6" : "inet");
	jw_int(o, "vrid", c->vrid);
	jw_int(o, "version", c->version);
	jw_int(o, "priority", c->priority);
	jw_int(o, "effective_priority", vi->effective_priority);
	jw_int(o, "advert_interval_ms", (int64_t)c->advert_int_cs * 10);
	jw_bool(o, "nopreempt", c->nopreempt);
	jw_int(o, "preempt_delay_ms", c->preempt_delay_ms);
	jw_int(o, "garp_master_delay", c->garp_master_delay_s);
	put_addr(o, "source_address", vi, vi->src_addr, &vi->src6);
	json_object *m = jw_obj(o, "master");
	if (vi->master_priority || vi->state == VRRP_STATE_MASTER)
		put_addr(m, "address", vi, vi->master_addr, &vi->master6);
	else
		jw_null(m, "address");
	jw_int(m, "priority", vi->master_priority);
	jw_bool(m, "self", vi->state == VRRP_STATE_MASTER);
	jw_double(o, "since", vi->entered_state_wall);
	jw_double(o, "in_state_seconds", (double)(mono_now_us() - vi->entered_state_us) / 1e6);
	if (vi->transitioned) {
		json_object *t = jw_obj(o, "last_transition");
		jw_str(t, "from", vrrp_state_name(vi->last_from));
		jw_str(t, "to", vrrp_state_name(vi->state));
		jw_str(t, "reason", vrrp_event_name(vi->last_event));
	} else {
		jw_null(o, "last_transition");
	}
	put_vips(o, "virtual_ipaddresses", c->vips, c->n_vips, vrrp_vip_dev(vi));
	put_vips(o, "excluded_ipaddresses", c->vips_excluded, c->n_vips_excluded, vrrp_vip_dev(vi));
	json_object *tr = jw_arr(o, "trackers");
	for (size_t i = 0; i < vi->n_tracks; i++)
		json_object_array_add(tr, json_object_new_string(vrrp_tracker_name(vi->tracks[i].t)));
	json_object *tg = jw_arr(o, "tracking");
	for (size_t i = 0; i < vi->n_tracks; i++)
		vrrp_track_link_status(&vi->tracks[i], jw_arr_obj(tg));
	if (vi->sync)
		jw_str(o, "sync_group", vrrp_sync_name(vi->sync));
	else
		jw_null(o, "sync_group");
	jw_bool(o, "unicast", c->ext.unicast);
	if (vi->state == VRRP_STATE_FAULT || vi->own_fault)
		jw_str(o, "fault_reason", vi->own_fault && vi->fault_reason ? vi->fault_reason : "sync group in fault");
	else
		jw_null(o, "fault_reason");
	put_counters(o, &vi->stats);
}

/* The names of the instances for which follows(vi, arg) holds. */
static void put_names(json_object *o, const struct vrrp_ctx *ctx,
		      bool (*follows)(const struct vrrp_instance *, const void *), const void *arg)
{
	json_object *a = jw_arr(o, "instances");
	for (const struct vrrp_instance *vi = ctx->instances; vi; vi = vi->next)
		if (follows(vi, arg))
			json_object_array_add(a, json_object_new_string(vi->conf.name));
}

static bool in_group(const struct vrrp_instance *vi, const void *g) { return vi->sync == g; }

static bool tracks(const struct vrrp_instance *vi, const void *t)
{
	for (size_t i = 0; i < vi->n_tracks; i++)
		if (vi->tracks[i].t == t)
			return true;
	return false;
}

char *vrrp_status_json(const struct vrrp_ctx *ctx, size_t *len)
{
	json_object *root = json_object_new_object();
	json_object *inst = jw_arr(root, "instances");
	for (const struct vrrp_instance *vi = ctx->instances; vi; vi = vi->next)
		put_instance(inst, vi);
	json_object *groups = jw_arr(root, "sync_groups");
	for (const struct vrrp_sync *s = vrrp_syncs_first(ctx); s; s = vrrp_sync_next(s)) {
		json_object *g = jw_arr_obj(groups);
		jw_str(g, "name", vrrp_sync_name(s));
		jw_str(g, "state", vrrp_state_name(vrrp_sync_state(s)));
		put_names(g, ctx, in_group, s);
	}
	json_object *trackers = jw_arr(root, "trackers");
	for (const struct vrrp_tracker *t = vrrp_trackers_first(ctx); t; t = vrrp_tracker_next(t)) {
		json_object *o = jw_arr_obj(trackers);
		vrrp_tracker_status(t, o);
		put_names(o, ctx, tracks, t);
	}
	json_object *file = vrrp_json_file(ctx);   /* keepalived.json's part */
	if (file)
		json_object_object_add(root, STATUS_FILE_MEMBER, file);
	return jw_finish(root, false, len);
}
