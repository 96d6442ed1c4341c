/* script_broker.h - the parent runs the children's scripts (the other end
 * of script_remote.h).
 *
 * A child asks with IPC_SCRIPT_RUN; the broker runs the script with
 * core/script.c (path checks, script_user, own process group, timeout with
 * SIGTERM then SIGKILL) and answers IPC_SCRIPT_DONE when it has ended.
 *
 * A child parses what the network sends it, so a request is not trusted:
 * it is run only when the configuration the parent sent that child holds
 * that very command line for that very user and group (rows flagged
 * CF_SCRIPT in the field tables, conf_fields.h) - the last two
 * configurations sent count, so a script queued just before a reload still
 * runs. Extra arguments (the generic notify's "INSTANCE VI_1 MASTER 100")
 * are at most SCRIPT_REQ_MAX_EXTRA words of SCRIPT_REQ_MAX_ARG bytes, with
 * no control characters and none starting with '-'. Anything else is
 * refused with a log line, and the child gets wstatus -1.
 *
 * The broker knows children by their index in the parent's process table.
 * Scripts of a child that exited run on, unanswered.
 */
#ifndef KA_SCRIPT_BROKER_H
#define KA_SCRIPT_BROKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct loop;
struct ipc_chan;
struct script_broker;

/* names[i]: child i's name for log lines (kept, not copied). */
struct script_broker *script_broker_new(struct loop *loop, size_t n_children, const char *const *names);
/* Call after script_broker_stop() has finished, or in a child just
 * forked from the parent (after script_forget_all()): scripts still
 * running are forgotten, not signalled. */
void script_broker_free(struct script_broker *b);
/* The daemon stops and its children are gone: every script still running
 * gets SIGTERM (its process group); no new one starts. A script run with
 * a timeout (vrrp_script, MISC_CHECK) gets SIGKILL 2 s later; one without
 * (notify and FIFO scripts) is forgotten - not waited for, never killed -
 * as keepalived 2.2.7's scripts only get SIGTERM as their parent-death
 * signal and one that ignores it runs on. done(arg) is called (from the
 * loop, or at once) when none is left. */
void script_broker_stop(struct script_broker *b, void (*done)(void *arg), void *arg);
/* No script is running. */
bool script_broker_idle(const struct script_broker *b);

/* Child i started with channel ch (answers go there until it is gone):
 * nothing is allowed until script_broker_allow_commit(). */
void script_broker_child_started(struct script_broker *b, size_t i, struct ipc_chan *ch);
/* Child i's channel is gone: its running scripts are no longer answered. */
void script_broker_child_gone(struct script_broker *b, size_t i);

/* A configuration is being sent to child i: add each of its scripts, then
 * commit; the set committed before stays allowed too, older ones do not.
 * security is that configuration's enable_script_security. */
void script_broker_allow(struct script_broker *b, size_t i, const char *cmdline, uint32_t uid, uint32_t gid);
void script_broker_allow_commit(struct script_broker *b, size_t i, bool security);

/* IPC_SCRIPT_RUN / IPC_SCRIPT_KILL from child i. False when malformed
 * (the caller treats the child as desynchronized). */
bool script_broker_msg(struct script_broker *b, size_t i, uint32_t type, const void *data, size_t len);

/* Scripts running now for child i (tests, status). */
size_t script_broker_running(const struct script_broker *b, size_t i);

#endif
