/* check_status.c - the checker's status record: one JSON object that the
 * parent puts under "checker" in the status document (doc/status-json.md,
 * schema version 1):
 *
 *   { "ipvs": true, "virtual_servers": [ { ..., "real_servers": [ ... ] } ] }
 *
 * New state is a new member; consumers ignore what they do not know. */
#include "checker.h"
#include "jsonw.h"
#include "util.h"

static void put_check(json_object *arr, const struct check_rt *c, uint64_t now)
{
	json_object *o = jw_arr_obj(arr);
	jw_str(o, "type", c->ops->name);
	jw_bool(o, "up", c->st.up);
	jw_uint(o, "ok", c->n_ok);
	jw_uint(o, "failed", c->n_fail);
	jw_int(o, "fail_streak", c->st.fail_streak);
	if (c->last_us) {
		json_object *l = jw_obj(o, "last");
		jw_str(l, "result", c->last_ok ? "ok" : "failed");
		jw_str(l, "text", c->last);
		jw_double(l, "duration_seconds", (double)c->last_duration_us / 1e6);
		jw_double(l, "age_seconds", (double)(now - c->last_us) / 1e6);
	} else {
		jw_null(o, "last");
	}
}

static void put_rs(json_object *arr, const struct rs_rt *rs, uint64_t now)
{
	char a[64];
	json_object *o = jw_arr_obj(arr);
	jw_str(o, "address", ka_addr_str(&rs->conf->addr, a, sizeof(a)));
	jw_int(o, "port", rs->conf->port);
	jw_bool(o, "sorry", rs->is_sorry);
	jw_bool(o, "up", rs->up);
	jw_int(o, "weight", rs->weight);
	jw_int(o, "configured_weight", rs->conf->weight);
	jw_uint(o, "went_up", rs->n_up);
	jw_uint(o, "went_down", rs->n_down);
	jw_str(o, "reason", rs->reason);
	json_object *checks = jw_arr(o, "checks");
	for (size_t i = 0; i < rs->n_checks; i++)
		put_check(checks, &rs->checks[i], now);
}

static void put_vs(json_object *arr, const struct vs_rt *vs, uint64_t now)
{
	const struct vs_conf *c = &vs->conf;
	char a[64];
	json_object *o = jw_arr_obj(arr);
	jw_str(o, "name", c->name);
	jw_str(o, "address", c->kind == VS_KIND_ADDR ? ka_addr_str(&c->addr, a, sizeof(a)) : NULL);
	jw_int(o, "port", c->port);
	jw_int(o, "fwmark", c->fwmark);
	jw_str(o, "group", c->group[0] ? c->group : NULL);
	jw_str(o, "protocol", vs_protocol_name(c->protocol));
	jw_str(o, "scheduler", c->sched);
	jw_str(o, "method", lvs_method_name(c->method));
	jw_int(o, "quorum", c->quorum);
	jw_bool(o, "quorum_up", vs->quorum_up);
	jw_bool(o, "sorry_active", vs->sorry_active);
	jw_bool(o, "suspended", vs->suspended);
	jw_int(o, "live_weight", vs->live_weight);
	json_object *rs = jw_arr(o, "real_servers");
	for (size_t i = 0; i < vs->n_rs; i++)
		put_rs(rs, &vs->rs[i], now);
	if (c->has_sorry)
		put_rs(rs, &vs->sorry, now);
}

char *checker_status_json(const struct checker *ck, size_t *len)
{
	json_object *root = json_object_new_object();
	uint64_t now = loop_now(ck->loop);
	jw_bool(root, "ipvs", ck->ipvs != NULL);
	json_object *vs = jw_arr(root, "virtual_servers");
	for (const struct vs_rt *v = ck->vs; v; v = v->next)
		put_vs(vs, v, now);
	return jw_finish(root, false, len);
}
