/* parent_dump.c - what the parent does with dumps: the files of the dump
 * signals and -d's copy of the data dump in the log. USR1 writes, as
 * keepalived 2.2.7, keepalived_parent.data (the global definitions),
 * keepalived.data (the global definitions and the VRRP child's part) and
 * keepalived_check.data (the same with the checker's part), each only for
 * a child that runs (any other child: keepalived_CHILD.data); with
 * data_use_instance their names carry the instance name / net_namespace.
 * USR2 and STATS_CLEAR write keepalived.stats, RTMIN+2 keepalived.json
 * (keepalived 2.2.7's array of VRRP instances, status_json_file(); no file
 * without an instance, as 2.2.7).
 * The requests and answers are dump.c's. */
#include "parent_int.h"
#include "smtp_alert.h"
#include "dump_text.h"
#include "jsonw.h"
#include "log.h"
#include "status.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Dump files: 0600 root, or 0640 with control_socket_group's group. */
#define DUMP_FILE_MODE 0600
#define DUMP_FILE_MODE_GROUP 0640

static const char *dump_file_name(enum ipc_dump_kind kind)
{
	return kind == IPC_DUMP_JSON_FILE ? "keepalived.json" : "keepalived.stats";
}

/* The .data file of a child ("vrrp", "checker", ...) or of the parent
 * (child NULL), as 2.2.7 names them, into buf. */
static const char *data_file_name(const struct parent *p, const char *child, char *buf, size_t size)
{
	char base[64];
	if (!child)
		snprintf(base, sizeof(base), "keepalived_parent.data");
	else if (strcmp(child, "vrrp") == 0)
		snprintf(base, sizeof(base), "keepalived.data");
	else if (strcmp(child, "checker") == 0)
		snprintf(base, sizeof(base), "keepalived_check.data");
	else
		snprintf(base, sizeof(base), "keepalived_%s.data", child);
	const struct config *c = p->conf;
	return dump_data_file_name(base, c->mgmt.data_use_instance, c->mgmt.instance, c->global.net_namespace,
				   buf, size);
}

json_object *parent_status_doc(const struct parent *p, const struct dump_result *res)
{
	struct status_proc procs[PROC_COUNT];
	for (int i = 0; i < PROC_COUNT; i++) {
		const struct proc_slot *s = &p->slots[i];
		procs[i] = (struct status_proc){ s->desc->name, s->desc->wanted(p), s->pid, s->n_restarts,
						 s->acked_gen, { .ok = false } };
		if (s->pid)
			proc_usage_read(s->pid, &procs[i].usage);
	}
	char rid[256];
	struct status_daemon d = {
		.version = PACKAGE_VERSION,
		.pid = getpid(),
		.config_file = p->conf->path,
		.router_id = smtp_router_id(&p->conf->global, rid, sizeof(rid)),
		.started = p->started_wall,
		.now = wall_now(),
		.config_generation = p->generation,
		.applied_generation = p->applied_gen,
		.reloads = p->reloads,
		.reloads_rejected = p->reloads_rejected,
		.last_reload = p->last_reload_wall,
		.last_reload_ok = p->last_reload_ok,
		.procs = procs,
		.n_procs = PROC_COUNT,
	};
	proc_usage_read(0, &d.usage);
	return status_build(&d, res);
}

/* The text of a result as one piece (the control socket's and -d's view):
 * the status document (JSON), or the parent's part first (data: global
 * definitions), then each child's text in slot order. Heap; *len set. */
char *parent_dump_text(const struct parent *p, const struct dump_result *res, size_t *len)
{
	char *out = NULL;
	*len = 0;
	if (res->kind == IPC_DUMP_JSON_FILE) {
		out = jw_finish(parent_status_doc(p, res), true, len);
		str_appendf(&out, len, "\n");
		return out;
	}
	if (res->kind == IPC_DUMP_DATA_FILE)
		global_defs_dump(p->conf, false, &out, len);
	for (size_t i = 0; i < res->n; i++)
		if (res->answers[i].len)
			str_appendf(&out, len, "%s", res->answers[i].text);
	if (!out)
		out = xstrdup("");
	return out;
}

/* Write one dump file NAME in the dump directory (safe writer: a new
 * file renamed over the name, never through a link). */
static void put_dump_file(const struct parent *p, const char *name, const char *text, size_t len,
			  const char *note)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", p->opts->dump_dir, name);
	gid_t gid = p->conf->mgmt.control_gid;
	if (write_file(path, text, len, gid == (gid_t)-1 ? DUMP_FILE_MODE : DUMP_FILE_MODE_GROUP, gid) < 0)
		log_err("cannot write %s: %s", path, strerror(errno));
	else
		log_info("wrote %s%s", path, note);
}

/* USR1: keepalived_parent.data, then one file per child that was asked
 * (it runs), each with the global definitions first. */
static void write_data_files(const struct parent *p, const struct dump_result *res)
{
	char name[512];
	char *text = NULL;
	size_t len = 0;
	global_defs_dump(p->conf, false, &text, &len);
	put_dump_file(p, data_file_name(p, NULL, name, sizeof(name)), text, len, "");
	free(text);
	for (size_t i = 0; i < res->n; i++) {
		const struct dump_answer *a = &res->answers[i];
		if (!a->asked)
			continue;
		text = NULL;
		len = 0;
		global_defs_dump(p->conf, strcmp(a->name, "vrrp") == 0, &text, &len);
		str_appendf(&text, &len, "%s", a->text ? a->text : "");
		put_dump_file(p, data_file_name(p, a->name, name, sizeof(name)), text, len, "");
		free(text);
	}
}

static void write_dump_file(void *arg, const struct dump_result *res)
{
	struct parent *p = arg;
	if (res->kind == IPC_DUMP_DATA_FILE) {
		write_data_files(p, res);
		return;
	}
	size_t len;
	char *text;
	if (res->kind == IPC_DUMP_JSON_FILE) {
		/* keepalived 2.2.7's keepalived.json; none without an instance */
		json_object *file = status_json_file(res);
		if (!file) {
			log_info("no VRRP instance: %s not written", dump_file_name(res->kind));
			return;
		}
		text = jw_finish(file, false, &len);
	} else {
		text = parent_dump_text(p, res, &len);
	}
	put_dump_file(p, dump_file_name(res->kind), text, len,
		      res->kind == IPC_DUMP_STATS_CLEAR ? " (counters cleared)" : "");
	free(text);
}

void parent_dump_files(struct parent *p, enum ipc_dump_kind kind)
{
	struct ipc_chan *chans[PROC_COUNT];
	parent_chans(p, chans);
	dump_request(p->dumps, kind, chans, write_dump_file, p);
}

static void log_dump(void *arg, const struct dump_result *res)
{
	struct parent *p = arg;
	size_t len;
	char *text = parent_dump_text(p, res, &len);
	for (char *line = text, *nl; line && *line; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		log_info("%s", line);
	}
	free(text);
}

void parent_dump_to_log(struct parent *p)
{
	struct ipc_chan *chans[PROC_COUNT];
	parent_chans(p, chans);
	dump_request(p->dumps, IPC_DUMP_DATA_FILE, chans, log_dump, p);
}
