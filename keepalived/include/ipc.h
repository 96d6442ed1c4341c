/* ipc.h - typed messages between the parent and its children.
 *
 * Each process pair shares a SOCK_SEQPACKET socketpair: one datagram is one
 * frame, a struct ipc_hdr followed by hdr.len payload bytes (at most
 * IPC_MAX_MSG). A message of any size up to IPC_MAX_RECORD is sent as one
 * frame when it fits, else as IPC_FRAG_BEGIN + IPC_FRAG_MORE* frames that
 * the receiving channel reassembles before it delivers the whole message:
 * handlers never see fragments. The receiver checks every size; an unknown
 * type or a short payload ends the child ("desynchronized") or, in the
 * parent, restarts it; a broken fragment sequence closes the channel.
 *
 * Sending never blocks: ipc_send() queues the frames and writes what the
 * socket takes; the rest goes out when the socket is writable (EPOLLOUT on
 * the loop), in order. ipc_send() fails (-1) only when the channel is
 * broken (the peer is gone, a write error) or its queue would exceed
 * IPC_MAX_QUEUE (a peer that stopped reading): the caller then treats the
 * peer as lost (the parent restarts that child). With a drain timeout
 * (the parent's channels to its children), a queue that has not been empty
 * for that long breaks the channel the same way (ipc_stalled() then says
 * why), so a child that stops reading costs bounded memory and time.
 *
 * Who sends what:
 *   parent -> child : CONF_BEGIN, CONF_GLOBAL, CONF_VRRP_OBJ*, CONF_VRRP*, CONF_VS*,
 *                     CONF_VSG*, CONF_RESUME*, CONF_END (the same stream at start
 *                     and on reload; CONF_RESUME only in the first stream to a
 *                     child respawned after a crash),
 *                     DUMP_REQUEST(id, kind) (USR1/USR2/RTMIN+2/STATS_CLEAR, control
 *                     socket, HTTP status), CONTROL(id, verb, args) (keepalivedctl
 *                     commands a child carries out, e.g. "garp INSTANCE"),
 *                     SHUTDOWN (clean stop),
 *                     PRIVS (the capabilities to keep: first message to a new child),
 *                     FILE_FD(path)+descriptor (inside a configuration stream: a
 *                     notify FIFO the parent opened for the child),
 *                     FILE_VALUE(path, present, text) (a track file's text: in each
 *                     stream, and whenever the file changes),
 *                     SCRIPT_DONE (a script run for the child ended; script_remote.h)
 *   child -> parent : CONF_ACK (configuration applied),
 *                     DUMP_DATA(id, text)* then DUMP_END(id): the answer to the
 *                     request with that id (several may be under way at once),
 *                     CONTROL_REPLY(id, status, text),
 *                     STATE_CHANGED (instance NAME went to STATE), for logs/status,
 *                     SCRIPT_RUN, SCRIPT_KILL (run/signal a configured script as
 *                     its user: the parent does it, script_broker.h)
 */
#ifndef KA_IPC_H
#define KA_IPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct loop;

enum ipc_type {
	IPC_CONF_BEGIN = 1,   /* u32 generation */
	IPC_CONF_GLOBAL,      /* struct global_conf (conf_wire.c) */
	IPC_CONF_VRRP,        /* one vrrp_instance_conf */
	IPC_CONF_VS,          /* one vs_conf (checker) */
	IPC_CONF_VSG,         /* one vsg_conf (checker) */
	IPC_CONF_END,         /* u32 generation */
	IPC_CONF_ACK,         /* u32 generation */
	IPC_DUMP_REQUEST,     /* u32 id, u32 kind (enum ipc_dump_kind) */
	IPC_DUMP_DATA,        /* u32 id, then a text chunk */
	IPC_DUMP_END,         /* u32 id */
	IPC_STATE_CHANGED,    /* str instance, u32 state */
	IPC_SHUTDOWN,         /* no payload */
	IPC_CONTROL,          /* u32 id, str verb, str argument ("" when none) */
	IPC_CONTROL_REPLY,    /* u32 id, u32 status (0 ok, else failed), str text */
	IPC_CONF_RESUME,      /* a STATE_CHANGED payload the crashed child sent last */
	IPC_CONF_CHECK,       /* the checker's global record (check_global_conf, check/check_wire.c) */
	IPC_CONF_RS,          /* one real server of the last IPC_CONF_VS (check/check_wire.c) */
	IPC_VRRP_STATE,       /* parent -> checker: str instance, u32 state - a VRRP instance's
			       * transition as the VRRP child reported it (lvs_sync_daemon
			       * follows it); after a configuration, the last known states */
	IPC_PRIVS,            /* u64 capability mask the child keeps, u32 uid, u32 gid it
			       * becomes (0 = stays root) (privdrop.h) */
	IPC_SCRIPT_RUN,       /* u32 id, u32 uid, u32 gid, u64 timeout_us, str cmdline,
			         u32 n, str extra[n] */
	IPC_SCRIPT_KILL,      /* u32 id, u32 signo */
	IPC_SCRIPT_DONE,      /* u32 id, i32 wstatus (-1: refused), u8 timed_out */
	IPC_CONF_VRRP_OBJ,    /* one vrrp_script / vrrp_track_file / vrrp_sync_group (vrrp_conf_ext.c) */
	IPC_FRAG_BEGIN,       /* u32 type, u32 0, u64 total length, then the first bytes */
	IPC_FRAG_MORE,        /* the next bytes of the message being reassembled */
	IPC_FILE_FD,          /* parent -> child: str path, with the descriptor the parent
			       * (root) opened for it (SCM_RIGHTS): a notify FIFO of the
			       * configuration being sent (child_ipc_take_file()) */
	IPC_FILE_VALUE,       /* parent -> child: str path, u8 present, str text - a track
			       * file's text as the parent read it (core/parent_track.c),
			       * in each configuration stream and whenever it changes */
	IPC_CONF_BFD,         /* one bfd_instance_conf (bfd/bfd_wire.c), to the BFD child */
	IPC_BFD_STATE,        /* parent -> VRRP/checker: str instance, u32 enum bfd_state - a
			       * BFD session's state as the BFD child reported it (and, after
			       * each configuration, the last one of each session) */
	IPC_TYPE_MAX
};

enum ipc_dump_kind {
	IPC_DUMP_DATA_FILE = 1,  /* USR1: /tmp/keepalived.data */
	IPC_DUMP_STATS_FILE,     /* USR2: /tmp/keepalived.stats */
	IPC_DUMP_JSON_FILE,      /* the child's status record (JSON object, doc/status-json.md):
				  * SIGRTMIN+2 keepalived.json, keepalivedctl status, HTTP */
	IPC_DUMP_STATS_CLEAR,    /* STATS_CLEAR: the stats text, then the counters are zeroed
				  * (child_ipc.c turns it into dump(STATS) + clear_stats()) */
	IPC_DUMP_KIND_MAX
};

#define IPC_MAX_MSG (64 * 1024)            /* one frame's payload */
/* A frame that carries several whole frames back to back (each its own
 * struct ipc_hdr and payload, never a pack): what a channel writes when
 * more than one small frame is waiting (a burst of ipc_send_soon()). Not a
 * message type - outside 1..IPC_TYPE_MAX-1, so that no handler, fragment
 * or pack inside a pack can carry it. */
#define IPC_PACK 0x6b636170u                /* "pack" */
#define IPC_MAX_RECORD (1024u * 1024 * 1024) /* one (reassembled) message */
#define IPC_MAX_QUEUE ((size_t)2 * IPC_MAX_RECORD) /* bytes waiting to be written */

struct ipc_hdr {
	uint32_t type;
	uint32_t len;
};

struct ipc_chan;
typedef void (*ipc_handler)(void *arg, uint32_t type, const void *payload, size_t len);
/* Called when the peer closes its end. */
typedef void (*ipc_closed)(void *arg);

/* Wrap one end of a socketpair; the channel owns fd and watches it on loop.
 * on_close is called once when the peer closes, a write fails or the peer
 * sends a broken fragment sequence; the owner then calls ipc_close(). */
struct ipc_chan *ipc_open(struct loop *loop, int fd, ipc_handler on_msg, ipc_closed on_close, void *arg);
/* Close: frames still queued get up to one second to go out (blocking),
 * so that a last CONF_ACK or DUMP_END is not lost at exit. */
void ipc_close(struct ipc_chan *ch);
/* Close at once and drop what is queued: for a forked child letting go of
 * its parent's channels (their queued frames are the parent's to write),
 * and for the parent once a child died. */
void ipc_forget(struct ipc_chan *ch);
/* Deliver every whole message already waiting (to on_msg, which must not
 * close the channel meanwhile), without waiting for more; the peer having
 * closed is not reported, a message cut short is dropped. For a parent
 * about to close the channel of a child that died: its last messages still
 * count. */
void ipc_drain(struct ipc_chan *ch);
/* Queue one message of any size up to IPC_MAX_RECORD and write what the
 * socket takes now; never blocks. Returns 0, or -1 when the channel is
 * broken or the message cannot be queued (logged). */
int ipc_send(struct ipc_chan *ch, uint32_t type, const void *payload, size_t len);
/* Like ipc_send(), but the frames are written at the end of this turn of
 * the loop (or by the next ipc_send() or ipc_flush(), in order), so that a
 * burst of small messages - a thousand state changes, configuration
 * records - leaves as a few IPC_PACK frames: one system call and one
 * wake-up of the peer instead of one each. Returns 0, or -1 as
 * ipc_send() for a broken channel or a full queue; a write error comes
 * later, through on_close. */
int ipc_send_soon(struct ipc_chan *ch, uint32_t type, const void *payload, size_t len);
/* Write what is queued now (as far as the socket takes it): for a sender
 * that must have its messages on the socket before it acts (the VRRP child
 * reports a state before it adds the addresses). 0, or -1 when broken. */
int ipc_flush(struct ipc_chan *ch);
/* Queue a message (at most IPC_MAX_MSG: one frame) with a copy of the
 * descriptor fd (SCM_RIGHTS; the caller keeps fd). The receiver's handler
 * gets it with ipc_take_fd(); one it does not take is closed. 0 or -1 as
 * ipc_send(). */
int ipc_send_fd(struct ipc_chan *ch, uint32_t type, const void *payload, size_t len, int fd);
/* Inside the handler of a message: the descriptor that came with it
 * (close-on-exec, now the caller's), or -1. */
int ipc_take_fd(struct ipc_chan *ch);
/* Bytes queued and not yet written. */
size_t ipc_queued(const struct ipc_chan *ch);
/* Bytes ever queued on ch (frame headers included): the difference
 * around a series of sends is what they put on the wire. */
uint64_t ipc_queued_total(const struct ipc_chan *ch);
/* Called (with ipc_open's arg) each time the last queued frame has been
 * written to the socket - from inside ipc_send() or the loop. It must not
 * send on or close the channel. */
typedef void (*ipc_drained)(void *arg);
void ipc_set_drained(struct ipc_chan *ch, ipc_drained cb);
/* A queue that stays non-empty for us microseconds (the peer does not
 * read, or not as fast as it is sent to) breaks the channel: sends fail,
 * the queue is dropped (logged) and on_close is called at the end of that
 * turn; ipc_stalled() is then true. 0 (the default) = no limit. */
void ipc_set_drain_timeout(struct ipc_chan *ch, uint64_t us);
bool ipc_stalled(const struct ipc_chan *ch);
/* Send a long text as DUMP_DATA chunks of the request id. */
int ipc_send_text(struct ipc_chan *ch, uint32_t id, const char *text, size_t len);
/* Make a SOCK_SEQPACKET pair with large buffers. */
int ipc_socketpair(int fds[2]);

#endif
