/* script_remote.h - scripts run by the parent on a child's behalf.
 *
 * A child has no capability to fork a script as another user (privdrop.h),
 * so its script_run() (script.h) becomes a request to the parent:
 *
 *   child  -> parent  IPC_SCRIPT_RUN(id, uid, gid, timeout_us, cmdline, extra...)
 *   child  -> parent  IPC_SCRIPT_KILL(id, signo)
 *   parent -> child   IPC_SCRIPT_DONE(id, wstatus, timed_out)   wstatus -1: refused
 *
 * The child side is here (core/script_remote.c, set up by core/child_ipc.c);
 * the parent side, which checks each request against the configuration it
 * sent and runs it with core/script.c, is core/script_broker.c.
 *
 * Request ids start at SCRIPT_REMOTE_ID_BASE, above any pid the kernel
 * hands out (pid_max <= 2^22): kill() of one, or of its negation, reaches
 * no process. Use script_kill() to signal a script.
 */
#ifndef KA_SCRIPT_REMOTE_H
#define KA_SCRIPT_REMOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "script.h"

#define SCRIPT_REMOTE_ID_BASE 0x40000000u

/* Limits the parent enforces on one request (longer: refused). */
#define SCRIPT_REQ_MAX_EXTRA   8
#define SCRIPT_REQ_MAX_ARG     1024

struct loop;
struct ipc_chan;
struct script_remote;

/* Requests go out on ch (not owned). */
struct script_remote *script_remote_new(struct loop *loop, struct ipc_chan *ch);
/* Requests still out are forgotten: their callbacks are not called. */
void script_remote_free(struct script_remote *r);
/* IPC_SCRIPT_DONE from the parent: calls the request's callback. False
 * when the message is malformed or names no request. */
bool script_remote_done(struct script_remote *r, const void *data, size_t len);
/* The parent is gone: no more requests go out, and every one still out
 * completes as refused (wstatus -1), from the loop. */
void script_remote_parent_gone(struct script_remote *r);
/* Number of requests still out. */
size_t script_remote_pending(const struct script_remote *r);

/* Make this process's script_run() and script_kill() go through r (NULL:
 * run locally). Set once by child_ipc, before any script runs. */
void script_set_remote(struct script_remote *r);

/* Back ends of script_run() / script_kill() / script_forget() (script.c
 * calls them). */
pid_t script_remote_run(struct script_remote *r, const struct script_policy *pol, const char *cmdline,
			const char *const *extra, uint64_t timeout_us, script_done_cb cb, void *arg);
void script_remote_kill(struct script_remote *r, pid_t id, int signo);
void script_remote_forget(struct script_remote *r, pid_t id);

#endif
