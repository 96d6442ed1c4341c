/* ipc_frag.h - splitting a message into IPC frames and reassembling the
 * frames a channel receives into messages (see ipc.h for the protocol).
 *
 * Pure code: no I/O, no event loop, no logging. core/ipc.c puts frames on
 * the socket and feeds what it reads to ipc_reasm_take(); unit tests and the
 * fuzzer drive these functions directly.
 *
 * A frame is a struct ipc_hdr { type, len } followed by len payload bytes,
 * at most IPC_MAX_MSG. A message of up to IPC_MAX_MSG bytes is one frame of
 * its own type. A larger one (up to IPC_MAX_RECORD) is one IPC_FRAG_BEGIN
 * frame - struct ipc_frag_head { type, 0, total } then the first bytes -
 * followed by IPC_FRAG_MORE frames carrying the rest in order; no other
 * frame may come in between.
 */
#ifndef KA_IPC_FRAG_H
#define KA_IPC_FRAG_H

#include <stddef.h>
#include <stdint.h>

#include "ipc.h"

/* FRAG_BEGIN's own header, in front of the message's first bytes. */
struct ipc_frag_head {
	uint32_t type;           /* the message's type (not a FRAG type) */
	uint32_t pad;            /* 0 */
	uint64_t total;          /* the message's length: > IPC_MAX_MSG, <= IPC_MAX_RECORD */
};

/* Called once per frame, in order: its payload is a (alen bytes) followed
 * by b (blen bytes), alen + blen <= IPC_MAX_MSG. */
typedef void (*ipc_frame_emit)(void *arg, uint32_t frame_type, const void *a, size_t alen,
			       const void *b, size_t blen);

/* Cut message (type, payload, len) into frames and hand each to emit.
 * len must be <= IPC_MAX_RECORD (the caller checks). Returns the number of
 * frames. */
size_t ipc_frag_split(uint32_t type, const void *payload, size_t len, ipc_frame_emit emit, void *arg);

/* Reassembly state of one receiving channel; zero-initialised = idle. */
struct ipc_reasm {
	uint32_t type;           /* of the message being reassembled */
	uint8_t *buf;            /* non-NULL while one is in progress */
	size_t total, have, cap;
};

enum ipc_take {
	IPC_TAKE_MSG,            /* *out is one whole message */
	IPC_TAKE_PART,           /* a fragment was stored; nothing to deliver yet */
	IPC_TAKE_SKIP,           /* malformed frame (length or type): ignore it */
	IPC_TAKE_BROKEN,         /* broken fragment sequence: close the channel */
};

struct ipc_msg {
	uint32_t type;
	const uint8_t *data;     /* the payload: inside the frame, or == owned */
	size_t len;
	uint8_t *owned;          /* a reassembled message: the caller frees it */
};

/* Take one received frame (n bytes at frame, as one recv() returned it).
 * On IPC_TAKE_MSG, *out is the message: data points into frame for a single
 * frame, or at a buffer the caller now owns (out->owned, free() it) for a
 * reassembled one. On IPC_TAKE_BROKEN the state is reset; *why (if not
 * NULL) names the problem. Never allocates more than the bytes received so
 * far allow (a FRAG_BEGIN claiming 1 GiB does not reserve 1 GiB). */
enum ipc_take ipc_reasm_take(struct ipc_reasm *r, const uint8_t *frame, size_t n, struct ipc_msg *out,
			     const char **why);
/* Drop a partly reassembled message. */
void ipc_reasm_reset(struct ipc_reasm *r);

/* The frames inside an IPC_PACK frame's payload (pack, n bytes), one per
 * call from *off (0 at first): 1 with *frame / *len set to the next whole
 * frame (header included) and *off moved past it, 0 at the end, -1 when
 * the pack is malformed (a header cut short, a length past the end, a
 * pack inside). The frames themselves go to ipc_reasm_take(). */
int ipc_pack_next(const uint8_t *pack, size_t n, size_t *off, const uint8_t **frame, size_t *len);

#endif
