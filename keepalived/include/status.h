/* status.h - the daemon's status document (doc/status-json.md): the
 * parent's own facts plus each child's status record, as one JSON tree,
 * and the views made from it: keepalivedctl's table (status_text.c), the
 * Prometheus metrics (status_prom.c) and the HTML page (status_html.c).
 * Everything here is pure: a tree in, text out (unit-tested). */
#ifndef KA_STATUS_H
#define KA_STATUS_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "dump.h"

#define STATUS_SCHEMA "keepalived-ng/status"
#define STATUS_VERSION 1
/* A child's status record may carry this member: what it puts in
 * keepalived.json, the file SIGRTMIN+2 writes (keepalived 2.2.7's shape:
 * an array, one element per object). It is not part of the status
 * document: status_build() leaves it out, status_json_file() takes it. */
#define STATUS_FILE_MEMBER "keepalived_json"

/* What /proc says about a process (procstat.c). */
struct proc_usage {
	bool ok;                   /* read */
	uint64_t rss_bytes;
	double cpu_seconds;        /* user + system */
	unsigned open_fds;
	unsigned max_fds;          /* RLIMIT_NOFILE (soft) */
};
/* Fill *u for pid (0 = this process). false when /proc has nothing. */
bool proc_usage_read(pid_t pid, struct proc_usage *u);

struct status_proc {
	const char *name;          /* "vrrp", "checker" */
	bool wanted;               /* the configuration needs it */
	pid_t pid;                 /* 0 when not running */
	unsigned restarts;
	uint32_t config_generation;   /* the last one it applied */
	struct proc_usage usage;
};

/* What the parent knows about itself. */
struct status_daemon {
	const char *version;
	pid_t pid;
	const char *config_file;
	const char *router_id;
	double started;            /* wall clock, seconds */
	double now;
	uint32_t config_generation;       /* loaded */
	uint32_t applied_generation;      /* applied by every child */
	unsigned reloads, reloads_rejected;
	double last_reload;               /* 0 = never */
	bool last_reload_ok;
	const struct status_proc *procs;
	size_t n_procs;
	struct proc_usage usage;          /* the parent's */
};

/* The whole document: the daemon's facts, then each child's record (the
 * answers of an IPC_DUMP_JSON_FILE request, parsed) under its name; a
 * child that is not running or did not answer is null, one whose record
 * does not parse is {"error": "..."}. A new reference. */
json_object *status_build(const struct status_daemon *d, const struct dump_result *res);

/* keepalivedctl status: the table (heap, NUL-terminated). */
char *status_render_text(const json_object *doc);
/* One line for systemd's STATUS=: the instances' states (or counts of
 * each state when there are many), real servers up, the generation. */
char *status_render_summary(const json_object *doc);
/* /metrics: Prometheus text exposition format 0.0.4 (heap). */
char *status_render_prom(const json_object *doc);
/* /: the HTML status page (heap); refresh_s > 0 adds a meta refresh. */
char *status_render_html(const json_object *doc, unsigned refresh_s);

/* keepalived.json: the STATUS_FILE_MEMBER arrays of the answered
 * children's records, joined into one array; NULL when none has one
 * (keepalived 2.2.7 writes no file then). */
json_object *status_json_file(const struct dump_result *res);

#endif
