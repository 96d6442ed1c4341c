/* script.h - running notify and check scripts without blocking the loop.
 *
 * A script is a command line as written in the config ("/path/x arg 'a b'"):
 * it is split into words (single/double quotes, backslash escapes), extra
 * arguments are appended, and it is executed directly (no shell) in its own
 * process group, as the configured script user, with a timeout after which
 * it gets SIGTERM and then SIGKILL. Its exit is reaped by the loop.
 *
 * With enable_script_security, a script that a user other than root (or the
 * script user) could modify - the file, any directory on its path, any
 * symlink on the way and the directories of its target - is refused with a
 * log line saying which path is unsafe. The file run is the file checked
 * (script_exec.h).
 *
 * Who forks: the process that may (the parent). In a child, which has no
 * capability to change users (privdrop.h), script_run() and script_kill()
 * become requests to the parent (script_remote.h); the API and its
 * callbacks are the same.
 */
#ifndef KA_SCRIPT_H
#define KA_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "conf_types.h"

struct loop;

struct script_policy {
	bool security;   /* enable_script_security */
	uid_t uid;       /* script_user (0 = root) */
	gid_t gid;
};

/* The policy a notify script runs with: pol, with the script's own user
 * and group when it names one (SCRIPT USER [GROUP]). */
struct script_policy script_policy_of(const struct script_policy *pol, const struct conf_script *s);

/* wstatus as from waitpid(); timed_out when it was killed for running too long;
 * refused (wstatus = -1) when it could not start. */
typedef void (*script_done_cb)(void *arg, int wstatus, bool timed_out);

/* Split a command line into a NULL-terminated argv (heap; free with
 * script_argv_free). Returns NULL on unbalanced quotes or an empty line. */
char **script_split(const char *cmdline);
void script_argv_free(char **argv);

/* A script whose first word is '<' then '/' (spaces between allowed):
 * keepalived 2.2.7's "is this file openable" test ("</dev/tcp/HOST/PORT",
 * "</run/ready"). It is not a file to check: it runs as /bin/sh -c LINE,
 * the other words single-quoted (as keepalived's system() call). */
bool script_is_open_test(const char *word0);

/* Check that argv0 (resolved through PATH when it has no '/') and every
 * directory above it are writable only by root or uid. On failure, why
 * says which path and why. */
bool script_path_secure(const char *argv0, uid_t uid, char *why, size_t whylen);

/* Start cmdline + extra (NULL-terminated, may be NULL). Returns an id > 0
 * for script_kill() - the pid of the script's process group where it runs
 * locally, a request id that names no process in a child - or -1 when it
 * could not start (logged); cb (may be NULL) is then NOT called. Otherwise
 * cb is called exactly once, from the loop: also with wstatus -1 when the
 * parent refused it (enable_script_security, not in the configuration). */
pid_t script_run(struct loop *loop, const struct script_policy *pol, const char *cmdline,
		 const char *const *extra, uint64_t timeout_us, script_done_cb cb, void *arg);
/* Send signo to the script script_run() returned id for (to its process
 * group); nothing when it has ended. */
void script_kill(pid_t id, int signo);
/* Its owner is gone: the callback of that script is not called any more
 * (the script itself runs on, to its end or its timeout). */
void script_forget(pid_t id);

/* The notify scripts of one owner (an instance, a sync group, the
 * checker), counted while they run - nothing is queued: each starts when
 * script_tally_run() is called, in the order of the calls, and none waits
 * for another (a slow notify_master holds neither the generic notify nor
 * the next transition's scripts), as keepalived 2.2.7 forks them. The
 * count answers script_tally_busy() (a shutdown waits for the notify_stop
 * scripts) and lets the owner go before its scripts end. */
struct script_tally;
struct script_tally *script_tally_new(struct loop *loop);
/* Start cmdline + extra now (script_run()); counted until it ends, or not
 * at all when it could not start. No timeout: a notify script runs as
 * long as it likes, as keepalived 2.2.7 never kills one while it runs
 * (measured: notify, notify_master/backup, a sync group's notify and
 * notify_master, the notify FIFO's script, all 75 s, each ran to its end). */
void script_tally_run(struct script_tally *q, const struct script_policy *pol,
		      const char *cmdline, const char *const *extra);
/* The owner is done with it (NULL: nothing). While scripts still run it
 * frees itself after the last one; they are never killed for it. */
void script_tally_free(struct script_tally *q);
/* true while a script it started runs. */
bool script_tally_busy(const struct script_tally *q);

#endif
