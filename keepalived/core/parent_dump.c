/* parent_dump.c - what the parent does with dumps: the files of the dump
 * signals (USR1 keepalived.data, USR2 keepalived.stats, RTMIN+2
 * keepalived.json, STATS_CLEAR keepalived.stats) and -d's copy of the data
 * dump in the log. The requests and answers are dump.c's. */
#include "parent_int.h"
#include "smtp_alert.h"
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
	switch (kind) {
	case IPC_DUMP_DATA_FILE: return "keepalived.data";
	case IPC_DUMP_JSON_FILE: return "keepalived.json";
	default: return "keepalived.stats";
	}
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

/* The text of a result as the file has it: the status document (JSON),
 * or the parent's part first (data: global definitions), then each
 * child's text in slot order. Heap; *len set. */
char *parent_dump_text(const struct parent *p, const struct dump_result *res, size_t *len)
{
	char *out = NULL;
	*len = 0;
	if (res->kind == IPC_DUMP_JSON_FILE) {
		out = jw_finish(parent_status_doc(p, res), true, len);
		str_appendf(&out, len, "\n");
		return out;
	}
	char rid[256];
	if (res->kind == IPC_DUMP_DATA_FILE)
		str_appendf(&out, len, "------< Global definitions >------\n Router ID = %s\n"
			    " Configuration file = %s\n Default VRRP version = %u\n\n",
			    smtp_router_id(&p->conf->global, rid, sizeof(rid)), p->conf->path,
			    p->conf->global.vrrp_version);
	for (size_t i = 0; i < res->n; i++)
		if (res->answers[i].len)
			str_appendf(&out, len, "%s", res->answers[i].text);
	if (!out)
		out = xstrdup("");
	return out;
}

static void write_dump_file(void *arg, const struct dump_result *res)
{
	struct parent *p = arg;
	size_t len;
	char *text = parent_dump_text(p, res, &len);
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", p->opts->dump_dir, dump_file_name(res->kind));
	gid_t gid = p->conf->mgmt.control_gid;
	if (write_file(path, text, len, gid == (gid_t)-1 ? DUMP_FILE_MODE : DUMP_FILE_MODE_GROUP, gid) < 0)
		log_err("cannot write %s: %s", path, strerror(errno));
	else
		log_info("wrote %s%s", path, res->kind == IPC_DUMP_STATS_CLEAR ? " (counters cleared)" : "");
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
