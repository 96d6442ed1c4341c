/* status.c - status_build(): the parent's facts plus the children's
 * records, as one JSON document (see status.h, doc/status-json.md). */
#include "status.h"
#include "jsonw.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

static void put_usage(json_object *o, const struct proc_usage *u, bool fds)
{
	if (!u->ok) {
		jw_null(o, "resources");
		return;
	}
	json_object *r = jw_obj(o, "resources");
	jw_uint(r, "rss_bytes", u->rss_bytes);
	jw_double(r, "cpu_seconds", u->cpu_seconds);
	if (fds) {
		jw_uint(r, "open_fds", u->open_fds);
		jw_uint(r, "max_fds", u->max_fds);
	}
}

static void put_daemon(json_object *root, const struct status_daemon *d)
{
	json_object *o = jw_obj(root, "daemon");
	jw_str(o, "version", d->version);
	jw_int(o, "pid", d->pid);
	jw_str(o, "config_file", d->config_file);
	jw_str(o, "router_id", d->router_id);
	jw_double(o, "started", d->started);
	jw_double(o, "uptime_seconds", d->now - d->started);
	put_usage(o, &d->usage, true);
	json_object *c = jw_obj(o, "config");
	jw_int(c, "generation", d->config_generation);
	jw_int(c, "applied_generation", d->applied_generation);
	jw_int(c, "reloads", d->reloads);
	jw_int(c, "reloads_rejected", d->reloads_rejected);
	if (d->last_reload > 0) {
		jw_double(c, "last_reload", d->last_reload);
		jw_str(c, "last_reload_result", d->last_reload_ok ? "applied" : "rejected");
	} else {
		jw_null(c, "last_reload");
		jw_null(c, "last_reload_result");
	}
	json_object *procs = jw_arr(o, "processes");
	for (size_t i = 0; i < d->n_procs; i++) {
		const struct status_proc *p = &d->procs[i];
		json_object *e = jw_arr_obj(procs);
		jw_str(e, "name", p->name);
		jw_bool(e, "wanted", p->wanted);
		jw_bool(e, "running", p->pid != 0);
		if (p->pid)
			jw_int(e, "pid", p->pid);
		else
			jw_null(e, "pid");
		jw_int(e, "restarts", p->restarts);
		jw_int(e, "config_generation", p->config_generation);
		put_usage(e, &p->usage, false);
	}
}

/* One child's record: its JSON object, or null / {"error": ...}. */
static json_object *child_record(const struct dump_answer *a)
{
	if (!a->asked || !a->answered)
		return NULL;
	enum json_tokener_error err = json_tokener_success;
	json_object *o = json_tokener_parse_verbose(a->text, &err);
	if (o && json_object_is_type(o, json_type_object)) {
		json_object_object_del(o, STATUS_FILE_MEMBER);
		return o;
	}
	json_object_put(o);
	json_object *e = json_object_new_object();
	char msg[160];
	snprintf(msg, sizeof(msg), "the %s child's record is not a JSON object (%s)", a->name,
		 err == json_tokener_success ? "another type" : json_tokener_error_desc(err));
	jw_str(e, "error", msg);
	return e;
}

json_object *status_build(const struct status_daemon *d, const struct dump_result *res)
{
	json_object *root = json_object_new_object();
	jw_str(root, "schema", STATUS_SCHEMA);
	jw_int(root, "version", STATUS_VERSION);
	jw_double(root, "time", d->now);
	put_daemon(root, d);
	for (size_t i = 0; res && i < res->n; i++)
		json_object_object_add(root, res->answers[i].name, child_record(&res->answers[i]));
	return root;
}

/* Contract: see status.h. */
json_object *status_json_file(const struct dump_result *res)
{
	json_object *all = NULL;
	for (size_t i = 0; res && i < res->n; i++) {
		const struct dump_answer *a = &res->answers[i];
		if (!a->asked || !a->answered || !a->text)
			continue;
		json_object *o = json_tokener_parse(a->text);
		json_object *part = o ? jr_get(o, STATUS_FILE_MEMBER) : NULL;
		if (part && json_object_is_type(part, json_type_array)) {
			if (!all)
				all = json_object_new_array();
			for (size_t j = 0; j < json_object_array_length(part); j++)
				json_object_array_add(all, json_object_get(json_object_array_get_idx(part, j)));
		}
		json_object_put(o);
	}
	return all;
}
