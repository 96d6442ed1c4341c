/* ipc_frag.c - cutting messages into IPC frames and putting them back
 * together (see ipc_frag.h). */
#include "ipc_frag.h"
#include "util.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define FRAG_FIRST_BYTES (IPC_MAX_MSG - sizeof(struct ipc_frag_head))
/* The reassembly buffer starts this big and doubles as data arrives. */
#define REASM_MIN_CAP (256u * 1024)

size_t ipc_frag_split(uint32_t type, const void *payload, size_t len, ipc_frame_emit emit, void *arg)
{
	const uint8_t *p = payload;
	if (len <= IPC_MAX_MSG) {
		emit(arg, type, p, len, NULL, 0);
		return 1;
	}
	struct ipc_frag_head h = { type, 0, len };
	emit(arg, IPC_FRAG_BEGIN, &h, sizeof(h), p, FRAG_FIRST_BYTES);
	size_t frames = 1;
	for (size_t off = FRAG_FIRST_BYTES; off < len; off += IPC_MAX_MSG, frames++) {
		size_t n = len - off < IPC_MAX_MSG ? len - off : IPC_MAX_MSG;
		emit(arg, IPC_FRAG_MORE, p + off, n, NULL, 0);
	}
	return frames;
}

void ipc_reasm_reset(struct ipc_reasm *r)
{
	free(r->buf);
	memset(r, 0, sizeof(*r));
}

static bool is_frag(uint32_t type) { return type == IPC_FRAG_BEGIN || type == IPC_FRAG_MORE; }

/* A type a whole message may have. */
static bool is_message_type(uint64_t type) { return type != 0 && type < IPC_TYPE_MAX && !is_frag((uint32_t)type); }

static enum ipc_take broken(struct ipc_reasm *r, const char **why, const char *text)
{
	ipc_reasm_reset(r);
	if (why)
		*why = text;
	return IPC_TAKE_BROKEN;
}

/* Append n bytes, growing the buffer geometrically up to r->total. */
static void append(struct ipc_reasm *r, const uint8_t *p, size_t n)
{
	if (r->have + n > r->cap) {
		size_t cap = r->cap ? r->cap : REASM_MIN_CAP;
		while (cap < r->have + n)
			cap *= 2;
		if (cap > r->total)
			cap = r->total;
		r->buf = xrealloc(r->buf, cap);
		r->cap = cap;
	}
	memcpy(r->buf + r->have, p, n);
	r->have += n;
}

/* A FRAG_BEGIN or FRAG_MORE payload. */
static enum ipc_take take_fragment(struct ipc_reasm *r, uint32_t type, const uint8_t *p, size_t n,
				   struct ipc_msg *out, const char **why)
{
	if (type == IPC_FRAG_BEGIN) {
		struct ipc_frag_head h;
		if (r->buf)
			return broken(r, why, "FRAG_BEGIN inside a fragmented message");
		if (n < sizeof(h))
			return broken(r, why, "short FRAG_BEGIN");
		memcpy(&h, p, sizeof(h));
		if (!is_message_type(h.type))
			return broken(r, why, "FRAG_BEGIN of a bad type");
		if (h.total <= IPC_MAX_MSG || h.total > IPC_MAX_RECORD)
			return broken(r, why, "FRAG_BEGIN with a bad total length");
		p += sizeof(h);
		n -= sizeof(h);
		if (n == 0 || n > h.total)
			return broken(r, why, "FRAG_BEGIN with a bad first fragment");
		r->type = h.type;
		r->total = h.total;
		r->have = r->cap = 0;
		r->buf = NULL;
		append(r, p, n);
	} else {
		if (!r->buf)
			return broken(r, why, "FRAG_MORE without FRAG_BEGIN");
		if (n == 0 || n > r->total - r->have)
			return broken(r, why, "FRAG_MORE past the message's length");
		append(r, p, n);
	}
	if (r->have < r->total)
		return IPC_TAKE_PART;
	out->type = r->type;
	out->data = out->owned = r->buf;
	out->len = r->total;
	r->buf = NULL;
	ipc_reasm_reset(r);
	return IPC_TAKE_MSG;
}

enum ipc_take ipc_reasm_take(struct ipc_reasm *r, const uint8_t *frame, size_t n, struct ipc_msg *out,
			     const char **why)
{
	struct ipc_hdr hdr;
	memset(out, 0, sizeof(*out));
	if (n < sizeof(hdr)) {
		if (why)
			*why = "short frame";
		return IPC_TAKE_SKIP;
	}
	memcpy(&hdr, frame, sizeof(hdr));
	if (hdr.len != n - sizeof(hdr) || hdr.len > IPC_MAX_MSG || hdr.type == 0 || hdr.type >= IPC_TYPE_MAX) {
		if (why)
			*why = "malformed frame";
		return IPC_TAKE_SKIP;
	}
	const uint8_t *payload = frame + sizeof(hdr);
	if (is_frag(hdr.type))
		return take_fragment(r, hdr.type, payload, hdr.len, out, why);
	if (r->buf)
		return broken(r, why, "a message inside a fragmented message");
	out->type = hdr.type;
	out->data = payload;
	out->len = hdr.len;
	return IPC_TAKE_MSG;
}

int ipc_pack_next(const uint8_t *pack, size_t n, size_t *off, const uint8_t **frame, size_t *len)
{
	struct ipc_hdr h;
	if (*off >= n)
		return 0;
	if (n - *off < sizeof(h))
		return -1;
	memcpy(&h, pack + *off, sizeof(h));
	if (h.type == IPC_PACK || h.len > n - *off - sizeof(h))
		return -1;
	*frame = pack + *off;
	*len = sizeof(h) + h.len;
	*off += *len;
	return 1;
}
