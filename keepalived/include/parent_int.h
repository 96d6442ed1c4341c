/* parent_int.h - the parent's context, shared by the files that make up the
 * parent process (not by the children):
 *
 *   core/parent.c        process table, spawn/respawn, signals, reload, stop
 *   core/parent_dump.c   dump files (USR1/USR2/JSON/STATS_CLEAR), -d, the status document
 *   core/parent_resume.c the children's last states, handed to a respawned child
 *   core/parent_files.c  the notify FIFOs, opened here and handed to the children
 *   core/parent_track.c  the track files, watched and read here for the children
 *   core/parent_ctl.c    the control socket's commands (keepalivedctl)
 *   core/parent_mgmt.c   the management interfaces' life: control socket,
 *                        HTTP status server (status_http.c), systemd notifications
 *   core/parent_reload_time.c  reload_time_file: a reload at a time written in a file
 *
 * Everything the parent owns hangs off struct parent; there is one per
 * process, made by parent_run().
 */
#ifndef KA_PARENT_INT_H
#define KA_PARENT_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "conf_fields.h"
#include <json-c/json.h>

#include "config.h"
#include "control.h"
#include "daemon.h"
#include "dump.h"
#include "ipc.h"
#include "loop.h"

#define RESPAWN_BURST 5

enum proc_id { PROC_VRRP, PROC_CHECKER, PROC_BFD, PROC_COUNT };

struct parent;
struct pidfile;
struct resume_table;
struct script_broker;
struct parent_track;

/* fn(arg, path, init_file, init value, overwrite): one track file. */
typedef void (*parent_track_fn)(void *arg, const char *path, bool init, int32_t value, bool overwrite);

/* One row per child process kind. */
struct proc_desc {
	const char *name;        /* log tag and JSON key */
	const char *ident;       /* syslog identity of the child */
	void (*main)(int ipc_fd, const struct daemon_opts *opts);
	bool (*wanted)(const struct parent *p);
	int (*send_objects)(struct parent *p, struct ipc_chan *ch);   /* 0, or -1: not queued */
	const char *(*pid_file)(const struct daemon_opts *opts);
	/* After each configuration sent to this child (may be NULL): 0, or -1
	 * when a message was not queued (the hand-over failed). */
	int (*after_config)(struct parent *p, struct ipc_chan *ch);
	/* The capabilities the child keeps once its first configuration is
	 * applied (PRIV_CAP() bits, privdrop.h), and those a configuration
	 * may need on top (NULL: none). Everything else is dropped. */
	uint64_t caps;
	uint64_t (*more_caps)(const struct config *conf);
	/* fn(arg, ...) for every script in the objects send_objects sends
	 * (the global record's are added for every child). */
	void (*scripts)(const struct config *conf, conf_script_fn fn, void *arg);
	/* fn(arg, path) for every notify FIFO this child writes to (a path
	 * given twice is given twice); may be NULL. parent_files.c opens each
	 * and hands it over with every configuration. */
	void (*fifos)(const struct config *conf, void (*fn)(void *arg, const char *path), void *arg);
	/* fn(arg, key, fd) for every socket the parent opens for this child
	 * with each configuration (fd stays the caller's); may be NULL. */
	void (*sockets)(const struct config *conf, void (*fn)(void *arg, const char *key, int fd),
			void *arg);
	/* fn(arg, path, init_file, init value, overwrite) for every track file
	 * this child follows; may be NULL. parent_track.c watches and reads
	 * them and sends their text (IPC_FILE_VALUE). */
	void (*track_files)(const struct config *conf, parent_track_fn fn, void *arg);
};

struct proc_slot {
	const struct proc_desc *desc;
	struct parent *parent;
	pid_t pid;               /* 0 when not running */
	struct ipc_chan *chan;
	struct pidfile *pidfile; /* held while the child runs */
	bool stopping;           /* asked to stop: do not respawn */
	uint32_t acked_gen;
	uint64_t caps;           /* sent in IPC_PRIVS when it started */
	uint32_t sent_gen;       /* last generation queued, when (mono_now_us), */
	uint64_t sent_us;
	uint64_t sent_bytes;     /* and its size on the wire */
	bool sending;            /* send_config() is queueing it */
	bool written_pending;    /* not all of it written to the socket yet */
	uint64_t restarts[RESPAWN_BURST];
	unsigned n_restarts;     /* since the daemon started */
	struct ev_timer respawn_timer;
	struct resume_table *last_states;  /* from STATE_CHANGED (parent_resume.c) */
	bool resume_next;        /* it crashed: the next stream carries last_states */
	bool sched_rt_set;       /* parent_sched.c made it SCHED_RR */
};

/* A hook run once every wanted child has applied a configuration
 * generation (start, reload, respawn). */
typedef void (*parent_applied_fn)(struct parent *p, void *arg);

struct parent {
	struct loop *loop;
	const struct daemon_opts *opts;
	struct config *conf;
	struct pidfile *pidfile; /* -p, held */
	uint32_t generation;     /* of p->conf */
	uint32_t applied_gen;    /* the last generation every wanted child applied */
	bool shutting_down;
	int exit_code;
	double started_wall;     /* wall_now() at start */
	unsigned reloads;        /* accepted reloads */
	unsigned reloads_rejected;
	double last_reload_wall; /* 0 = never */
	bool last_reload_ok;
	struct ev_timer shutdown_timer;
	struct proc_slot slots[PROC_COUNT];
	struct dump_mgr *dumps;
	struct script_broker *scripts;  /* the children's scripts, run here */
	struct control_server *ctl;          /* NULL when off or it could not open */
	struct parent_ctl *pctl;             /* commands under way (parent_ctl.c) */
	struct http_server *http;            /* status_http; NULL when off */
	struct sdnotify *sd;                 /* systemd notifications; NULL when not Type=notify */
	struct ev_timer sd_status_timer;     /* periodic STATUS= */
	struct mgmt_conf http_running;       /* the settings it runs with */
	bool children_started;               /* after startup_script */
	bool shutdown_script_started;
	uint32_t child_uid, child_gid;       /* the children's user (PRIV_CHILD_USER); 0 = root */
	struct parent_track *track;          /* track files (parent_track.c); NULL until needed */
	struct reload_time *reload_time;     /* reload_time_file; NULL when off (parent_reload_time.c) */
};

/* parent_lifecycle.c: run s (startup_script or shutdown_script, `what` in
 * the log) and call then(p) when it ends, is killed at its timeout, or
 * could not start; at once when s has no command. */
struct lifecycle_script;
void parent_lifecycle_run(struct parent *p, const struct lifecycle_script *s, const char *what,
			  void (*then)(struct parent *p));

/* parent.c: the running children's channels, in slot order (NULL = not
 * running), for dump_request(). */
void parent_chans(struct parent *p, struct ipc_chan *chans[PROC_COUNT]);

/* parent_resume.c: the last STATE_CHANGED payload per object name. */
struct resume_table *resume_new(void);
void resume_free(struct resume_table *t);
/* Keep payload (a wire string naming the object, then the child's data) as
 * that object's last word. false when it does not start with a name. */
bool resume_note(struct resume_table *t, const void *payload, size_t len);
size_t resume_count(const struct resume_table *t);
/* Queue every kept payload as IPC_CONF_RESUME (inside a configuration
 * stream). 0, or -1 when the channel refused one (ipc_send()). */
int resume_send(const struct resume_table *t, struct ipc_chan *ch);
/* The same as another message type (the VRRP states, to the checker as
 * IPC_VRRP_STATE after each of its configurations). */
int resume_send_as(const struct resume_table *t, struct ipc_chan *ch, uint32_t type);

/* parent_files.c: inside s's configuration stream, an IPC_FILE_FD for every
 * FIFO of s->desc->fifos() that could be opened (those that cannot are
 * logged and left out) and every socket of s->desc->sockets(). 0, or -1
 * when the channel refused one. */
int parent_send_files(const struct parent *p, const struct proc_slot *s);

/* parent_track.c: inside s's configuration stream, IPC_FILE_VALUE for
 * each track file of s (the set is brought up to date with the
 * configuration first: init_file, watches). 0, or -1 when the channel
 * refused one. */
int parent_track_send(struct parent *p, const struct proc_slot *s);
/* At exit; _forget in a forked child (the loop is the parent's). */
void parent_track_free(struct parent *p);
void parent_track_forget(struct parent *p);
/* The hooks of procs[] (parent.c): what each child is handed. */
void parent_vrrp_fifos(const struct config *conf, void (*fn)(void *arg, const char *path), void *arg);
void parent_checker_fifos(const struct config *conf, void (*fn)(void *arg, const char *path), void *arg);
void parent_checker_sockets(const struct config *conf, void (*fn)(void *arg, const char *key, int fd), void *arg);
void parent_vrrp_sockets(const struct config *conf, void (*fn)(void *arg, const char *key, int fd), void *arg);
void parent_vrrp_track_files(const struct config *conf, parent_track_fn fn, void *arg);
void parent_checker_track_files(const struct config *conf, parent_track_fn fn, void *arg);

/* parent.c: parse the file again; on errors keep the running configuration.
 * Returns the number of errors (-1 while stopping); with messages, the
 * warning and error lines (FILE:LINE: ...) are returned in *messages (heap,
 * may be NULL). On success the children get the new configuration; the
 * parent_ctl_applied() hook runs once they all applied it. */
int parent_reload(struct parent *p, char **messages);

/* parent_dump.c */
/* Ask the children for kind and write the dump file of that kind
 * (keepalived.data, .stats, .json) in --dump-dir. */
void parent_dump_files(struct parent *p, enum ipc_dump_kind kind);
/* -d: ask for the data dump and log it line by line. */
void parent_dump_to_log(struct parent *p);
/* The text of a dump result as the dump file has it (heap). */
char *parent_dump_text(const struct parent *p, const struct dump_result *res, size_t *len);
/* The status document (status.h) from a JSON-kind result. New reference. */
json_object *parent_status_doc(const struct parent *p, const struct dump_result *res);

/* parent_ctl.c: keepalivedctl's commands */
void parent_ctl_command(void *parent, struct control_conn *c, char *line);
/* A configuration generation was applied by every child: answer the
 * reloads waiting for it. */
void parent_ctl_applied(struct parent *p);
/* CONTROL_REPLY from child slot i; child slot i is gone. */
void parent_ctl_reply(struct parent *p, size_t child, const void *payload, size_t len);
void parent_ctl_child_gone(struct parent *p, size_t child);
/* Drop every command under way (their clients are closed by the server). */
void parent_ctl_free(struct parent *p);

/* parent_sched.c: nice, SCHED_RR (+ RLIMIT_RTTIME) and CPU affinity of
 * the running child s, from p->conf (vrrp_priority, ...). */
void parent_sched_apply(struct parent *p, struct proc_slot *s);
/* In the child of slot s, just forked and still root: *_no_swap locks
 * its memory (parent_sched.c). */
void parent_sched_child_lock(const struct parent *p, const struct proc_slot *s);

/* parent_mgmt.c */
/* (Re)start the management interfaces for p->conf->mgmt: the control
 * socket (only re-opened when its path or group changed). */
void parent_mgmt_apply(struct parent *p);
/* At exit: close them (the control socket file is removed). */
void parent_mgmt_close(struct parent *p);
/* In a forked child: close their descriptors, touch no file. */
void parent_mgmt_forget(struct parent *p);
/* systemd: every child applied a generation (READY=1); a reload started
 * (RELOADING=1) or was rejected (READY=1 again); stopping (STOPPING=1); a
 * VRRP state changed (a new STATUS= line). */
void parent_notify_applied(struct parent *p);
void parent_notify_reloading(struct parent *p);
void parent_notify_rejected(struct parent *p, int errors);
void parent_notify_stopping(struct parent *p);
void parent_notify_state_changed(struct parent *p);

#endif
