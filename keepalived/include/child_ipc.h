/* child_ipc.h - the child's side of the parent protocol (ipc.h), shared by
 * every child process.
 *
 * It checks the order of the configuration stream (CONF_BEGIN, CONF_GLOBAL,
 * the child's records, CONF_END), stages the global record, hands each
 * object record to the child, and at CONF_END asks the child to apply
 * everything at once and acknowledges. It answers DUMP_REQUEST with the
 * child's text and turns SHUTDOWN, SIGTERM/SIGINT and a vanished parent into
 * one stop call, after which it ends the loop once the child is idle. A message out of order or a malformed record ends the
 * process ("desynchronized"); the parent then respawns it.
 */
#ifndef KA_CHILD_IPC_H
#define KA_CHILD_IPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "wire.h"

struct loop;
struct ipc_chan;

struct child_ipc_ops {
	/* A new stream starts: drop anything staged. */
	void (*conf_begin)(void *arg);
	/* One object record (IPC_CONF_VRRP, _VS, _VSG): stage it. Return false
	 * when it is malformed. Records of other children are not passed. */
	bool (*conf_record)(void *arg, uint32_t type, struct rbuf *r);
	/* CONF_RESUME (only in the first stream after a crash): a state change
	 * this child's predecessor reported last (its STATE_CHANGED payload).
	 * Return false when malformed. May be NULL: the records are ignored. */
	bool (*conf_resume)(void *arg, struct rbuf *r);
	/* CONF_END: apply the staged records. *global is the new global
	 * record: take what you need (it may be moved out and zeroed). */
	void (*conf_apply)(void *arg, struct global_conf *global);
	/* Text for a dump of that kind (IPC_DUMP_DATA_FILE, _STATS_FILE, or
	 * _JSON_FILE: the child's status record, one JSON object, see
	 * doc/status-json.md), heap; NULL = none. */
	char *(*dump)(void *arg, uint32_t kind, size_t *len);
	/* Zero the counters the stats dump shows (STATS_CLEAR); may be NULL. */
	void (*clear_stats)(void *arg);
	/* A keepalivedctl command for this child (e.g. verb "garp", argument
	 * an instance name): 0 when done, else failed; *text (heap, may stay
	 * NULL) is shown to the user. May be NULL: every command fails. */
	int (*control)(void *arg, const char *verb, const char *argument, char **text);
	/* Stop cleanly (SHUTDOWN, SIGTERM, SIGINT, or the parent went away):
	 * release what the child holds. Called once. Afterwards child_ipc
	 * keeps the loop running while busy() says scripts are still to run
	 * (10 s at most), then stops the loop. */
	void (*stop)(void *arg);
	bool (*busy)(void *arg);
	/* Any other message from the parent (IPC_VRRP_STATE ...); may be NULL
	 * (then such messages are logged and dropped). Return false when the
	 * payload is malformed (desynchronized). */
	bool (*message)(void *arg, uint32_t type, struct rbuf *r);
	/* A track file's text changed (IPC_FILE_VALUE: the parent watches and
	 * reads the files; child_ipc_file_text() has the new text). Called
	 * also inside a stream, before its apply. May be NULL. */
	void (*file_changed)(void *arg, const char *path);
	/* The IPC_CONF_* record type(s) this child takes (0 = none). */
	uint32_t record_types[4];
};

struct child_ipc;

/* Own fd (the child's end of the socketpair), watch it on loop, and catch
 * SIGTERM/SIGINT (and ignore SIGHUP/SIGUSR1/SIGUSR2, which are the parent's). */
struct child_ipc *child_ipc_open(struct loop *loop, int fd, const struct child_ipc_ops *ops, void *arg);
/* The channel (NULL once the parent is gone). */
struct ipc_chan *child_ipc_chan(struct child_ipc *ci);
/* Send a message of any size to the parent (queued, never blocks). A
 * failure means the parent is lost: the child stops (as when the parent
 * goes away) and -1 is returned. */
int child_ipc_send(struct child_ipc *ci, uint32_t type, const void *payload, size_t len);
/* The same, written at the end of this turn of the loop with whatever else
 * was queued meanwhile, packed (ipc_send_soon()): for messages that come
 * in bursts (a thousand state changes). */
int child_ipc_send_soon(struct child_ipc *ci, uint32_t type, const void *payload, size_t len);
/* Write what child_ipc_send_soon() queued now (nothing when the parent is
 * gone). */
void child_ipc_flush(struct child_ipc *ci);
void child_ipc_close(struct child_ipc *ci);
/* Inside conf_apply(): the descriptor the parent opened for path with this
 * configuration (IPC_FILE_FD: a notify FIFO), now the caller's; -1 when it
 * sent none (it could not open it: logged by the parent). Those not taken
 * are closed after conf_apply(). */
int child_ipc_take_file(struct child_ipc *ci, const char *path);
/* The text of track file path as the parent last read it: *text is NULL
 * when the file is missing or unreadable. false (and *text NULL) when the
 * parent sent nothing for path (ci may be NULL: false). */
bool child_ipc_file_text(struct child_ipc *ci, const char *path, const char **text);

#endif
