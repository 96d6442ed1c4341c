/* fuzz_ipc.c - what a channel does with the frames it receives
 * (core/ipc_frag.c): ipc_reasm_take() on any sequence of frames, checked
 * against a reference model of the protocol, and ipc_frag_split() fed back
 * into a fresh reassembly.
 *
 * The input is a program of operations, one selector byte each:
 *   0  a raw frame: u16 length, then that many bytes, fed as they are
 *   1  a frame of the given type (u8) and payload length (u16, up to
 *      IPC_MAX_MSG + 1), with a consistent header and pattern bytes
 *   2  FRAG_BEGIN: message type (u8), total (u32, shaped so that totals
 *      just above IPC_MAX_MSG and up to a few MiB are common), first
 *      fragment length (u16)
 *   3  FRAG_MORE: length (u16), or with the selector's bit 7 "the rest of
 *      the message" (capped at IPC_MAX_MSG)
 *   4  ipc_frag_split() of a message (type u8, length u32 up to 1 MiB),
 *      every frame through a fresh reassembly: one whole, equal message
 *   5  ipc_reasm_reset()
 *   6  an IPC_PACK payload: u16 length, then that many bytes, walked with
 *      ipc_pack_next(); every frame it yields is fed as in 0 (the walk
 *      stays inside the pack, moves forward, never yields a pack, and ends
 *      with 0 only at the pack's end)
 * Synthesized frames let small inputs complete multi-frame messages; at
 * most FUZZ_BUDGET payload bytes are made per input.
 *
 * Invariants: every result is the model's (SKIP for a malformed frame,
 * BROKEN for a broken sequence - and the state is reset then -, PART while
 * a message is incomplete, MSG with exactly the bytes sent, in a buffer the
 * caller owns for a reassembled message and inside the frame otherwise);
 * BROKEN and SKIP always say why; nothing leaks (ASan). */
#include "fuzz.h"
#include "ipc_frag.h"

#include <stdbool.h>
#include <string.h>

#define FUZZ_BUDGET (2u * 1024 * 1024)

struct input {
	const uint8_t *p;
	size_t left;
};

static uint32_t take(struct input *in, size_t n)
{
	uint32_t v = 0;
	for (size_t i = 0; i < n; i++) {
		v <<= 8;
		if (in->left) {
			v |= *in->p++;
			in->left--;
		}
	}
	return v;
}

/* The reference model: what the protocol says the receiver's state is. */
struct model {
	bool active;
	uint32_t type;
	size_t total, have;
	uint8_t *data;           /* the bytes of the message in progress */
};

static void model_reset(struct model *m)
{
	free(m->data);
	memset(m, 0, sizeof(*m));
}

static bool valid_type(uint64_t t)
{
	return t != 0 && t < IPC_TYPE_MAX && t != IPC_FRAG_BEGIN && t != IPC_FRAG_MORE;
}

static void model_append(struct model *m, const uint8_t *p, size_t n)
{
	m->data = realloc(m->data, m->have + n);
	memcpy(m->data + m->have, p, n);
	m->have += n;
}

/* What the receiver must answer to this frame; updates the model. On MSG,
 * *want and *want_len are the message's bytes (*want_type its type) and
 * *reasm says whether it was reassembled (the caller frees *want then). */
static enum ipc_take model_take(struct model *m, const uint8_t *f, size_t n, uint32_t *want_type,
				const uint8_t **want, size_t *want_len, bool *reasm)
{
	struct ipc_hdr h;
	*reasm = false;
	if (n < sizeof(h))
		return IPC_TAKE_SKIP;
	memcpy(&h, f, sizeof(h));
	if (h.len != n - sizeof(h) || h.len > IPC_MAX_MSG || h.type == 0 || h.type >= IPC_TYPE_MAX)
		return IPC_TAKE_SKIP;
	const uint8_t *p = f + sizeof(h);
	size_t len = h.len;
	if (h.type == IPC_FRAG_BEGIN) {
		struct ipc_frag_head fh;
		if (m->active || len < sizeof(fh))
			goto broken;
		memcpy(&fh, p, sizeof(fh));
		if (!valid_type(fh.type) || fh.total <= IPC_MAX_MSG || fh.total > IPC_MAX_RECORD)
			goto broken;
		len -= sizeof(fh);
		if (len == 0 || len > fh.total)
			goto broken;
		m->active = true;
		m->type = fh.type;
		m->total = fh.total;
		m->have = 0;
		model_append(m, p + sizeof(fh), len);
	} else if (h.type == IPC_FRAG_MORE) {
		if (!m->active || len == 0 || len > m->total - m->have)
			goto broken;
		model_append(m, p, len);
	} else {
		if (m->active)
			goto broken;
		*want_type = h.type;
		*want = p;
		*want_len = len;
		return IPC_TAKE_MSG;
	}
	if (m->have < m->total)
		return IPC_TAKE_PART;
	*want_type = m->type;
	*want = m->data;
	*want_len = m->total;
	*reasm = true;
	m->data = NULL;
	model_reset(m);
	return IPC_TAKE_MSG;
broken:
	model_reset(m);
	return IPC_TAKE_BROKEN;
}

/* Feed one frame to both and compare. */
static void feed(struct ipc_reasm *r, struct model *m, const uint8_t *f, size_t n)
{
	uint32_t wt = 0;
	const uint8_t *want = NULL;
	size_t wl = 0;
	bool reasm = false;
	enum ipc_take expect = model_take(m, f, n, &wt, &want, &wl, &reasm);
	struct ipc_msg out;
	const char *why = NULL;
	enum ipc_take got = ipc_reasm_take(r, f, n, &out, &why);
	fuzz_assert(got == expect);
	if (got == IPC_TAKE_SKIP || got == IPC_TAKE_BROKEN)
		fuzz_assert(why != NULL);
	if (got == IPC_TAKE_BROKEN)
		fuzz_assert(r->buf == NULL && r->have == 0 && r->total == 0);
	if (got == IPC_TAKE_MSG) {
		fuzz_assert(out.type == wt && out.len == wl);
		fuzz_assert(wl == 0 || memcmp(out.data, want, wl) == 0);
		if (reasm) {
			fuzz_assert(out.owned != NULL && out.data == out.owned);
			fuzz_assert(r->buf == NULL);
		} else {
			fuzz_assert(out.owned == NULL && out.data == f + sizeof(struct ipc_hdr));
		}
		free(out.owned);
	} else {
		fuzz_assert(out.owned == NULL);
	}
	if (reasm)
		free((void *)want);
	/* the receiver is mid-message exactly when the model is */
	fuzz_assert((r->buf != NULL) == m->active);
}

/* Pattern bytes, so that a message's content can be checked. */
static uint8_t *pattern(uint8_t *dst, size_t n, uint32_t seed)
{
	for (size_t i = 0; i < n; i++)
		dst[i] = (uint8_t)((i + seed) * 2654435761u >> 24);
	return dst;
}

static uint8_t *frame_buf;   /* room for one frame of IPC_MAX_MSG + 1 payload bytes + headers */

static size_t make_frame(uint32_t type, const void *a, size_t alen, size_t plen, uint32_t seed)
{
	struct ipc_hdr h = { type, (uint32_t)(alen + plen) };
	memcpy(frame_buf, &h, sizeof(h));
	if (alen)
		memcpy(frame_buf + sizeof(h), a, alen);
	pattern(frame_buf + sizeof(h) + alen, plen, seed);
	return sizeof(h) + alen + plen;
}

/* ipc_frag_split() round trip: every frame through a fresh reassembly. */
struct split_ctx {
	struct ipc_reasm r;
	uint32_t type;
	const uint8_t *msg;
	size_t len, frames, msgs;
};

static void split_emit(void *arg, uint32_t frame_type, const void *a, size_t alen, const void *b, size_t blen)
{
	struct split_ctx *s = arg;
	fuzz_assert(alen + blen <= IPC_MAX_MSG);
	struct ipc_hdr h = { frame_type, (uint32_t)(alen + blen) };
	size_t n = sizeof(h) + alen + blen;
	uint8_t *f = malloc(n);
	memcpy(f, &h, sizeof(h));
	if (alen)
		memcpy(f + sizeof(h), a, alen);
	if (blen)
		memcpy(f + sizeof(h) + alen, b, blen);
	struct ipc_msg out;
	enum ipc_take t = ipc_reasm_take(&s->r, f, n, &out, NULL);
	s->frames++;
	if (t == IPC_TAKE_MSG) {
		s->msgs++;
		fuzz_assert(out.type == s->type && out.len == s->len);
		fuzz_assert(s->len == 0 || memcmp(out.data, s->msg, s->len) == 0);
		free(out.owned);
	} else {
		fuzz_assert(t == IPC_TAKE_PART);
	}
	free(f);
}

static void split_round_trip(struct input *in, size_t *budget)
{
	/* a whole-message type: 1..IPC_TYPE_MAX-1 but not FRAG_* (they are not
	 * the last types: IPC_FILE_FD and IPC_FILE_VALUE came after them) */
	uint32_t type = take(in, 1) % (IPC_TYPE_MAX - 1) + 1;
	if (type == IPC_FRAG_BEGIN || type == IPC_FRAG_MORE)
		type = 1;
	size_t len = take(in, 4) % (1024u * 1024 + 1);
	if (len > *budget)
		len = *budget;
	*budget -= len;
	uint8_t *msg = pattern(malloc(len ? len : 1), len, type);
	struct split_ctx s = { .type = type, .msg = msg, .len = len };
	size_t nf = ipc_frag_split(type, msg, len, split_emit, &s);
	fuzz_assert(nf == s.frames && s.msgs == 1 && s.r.buf == NULL);
	ipc_reasm_reset(&s.r);
	free(msg);
}

/* Op 6: the frames of a pack of raw bytes, through the reassembly. */
static void walk_pack(struct input *in, struct ipc_reasm *r, struct model *m)
{
	size_t n = take(in, 2);
	if (n > in->left)
		n = in->left;
	uint8_t *pk = malloc(n ? n : 1);   /* exact size: ASan sees overreads */
	memcpy(pk, in->p, n);
	in->p += n;
	in->left -= n;
	size_t off = 0, len, last = 0;
	const uint8_t *f;
	int got;
	while ((got = ipc_pack_next(pk, n, &off, &f, &len)) > 0) {
		struct ipc_hdr h;
		fuzz_assert(len >= sizeof(h) && f >= pk && f + len <= pk + n && off == last + len);
		memcpy(&h, f, sizeof(h));
		fuzz_assert(h.type != IPC_PACK && h.len == len - sizeof(h));
		last = off;
		feed(r, m, f, len);
	}
	fuzz_assert(got == -1 || off == n);
	free(pk);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	struct ipc_reasm r;
	struct model m;
	memset(&r, 0, sizeof(r));
	memset(&m, 0, sizeof(m));
	size_t budget = FUZZ_BUDGET;
	uint32_t seed = 0;
	if (!frame_buf)
		frame_buf = malloc(sizeof(struct ipc_hdr) + sizeof(struct ipc_frag_head) + IPC_MAX_MSG + 1);
	while (in.left && budget) {
		uint8_t op = (uint8_t)take(&in, 1);
		size_t n, plen;
		seed++;
		switch (op % 7) {
		case 0: {   /* raw bytes */
			n = take(&in, 2);
			if (n > in.left)
				n = in.left;
			uint8_t *f = malloc(n ? n : 1);   /* exact size: ASan sees overreads */
			memcpy(f, in.p, n);
			in.p += n;
			in.left -= n;
			feed(&r, &m, f, n);
			free(f);
			break;
		}
		case 1: {   /* a whole frame of some type */
			uint32_t type = take(&in, 1) % (IPC_TYPE_MAX + 2);
			plen = take(&in, 2);
			if (op & 0x80)
				plen = IPC_MAX_MSG + 1 - (plen & 7);   /* at the limit, one past it included */
			n = make_frame(type, NULL, 0, plen, seed);
			feed(&r, &m, frame_buf, n);
			break;
		}
		case 2: {   /* FRAG_BEGIN */
			struct ipc_frag_head fh = { take(&in, 1) % (IPC_TYPE_MAX + 1), 0, 0 };
			uint32_t t = take(&in, 4);
			switch (op >> 6) {
			case 0: fh.total = IPC_MAX_MSG + (t & 0x3ffff); break;      /* just above one frame */
			case 1: fh.total = t & 0x3fffff; break;                     /* up to 4 MiB, or tiny */
			case 2: fh.total = (uint64_t)t << (op & 0x1f); break;       /* anything, huge too */
			default: fh.total = IPC_MAX_RECORD + (t & 1); break;        /* the limit */
			}
			plen = take(&in, 2);
			if (op & 0x20)
				plen = IPC_MAX_MSG - sizeof(fh);                        /* a full first frame */
			n = make_frame(IPC_FRAG_BEGIN, &fh, sizeof(fh), plen, seed);
			budget -= plen < budget ? plen : budget;
			feed(&r, &m, frame_buf, n);
			break;
		}
		case 3:     /* FRAG_MORE */
			plen = take(&in, 2);
			if (op & 0x80) {
				plen = m.active ? m.total - m.have : 1;
				if (plen > IPC_MAX_MSG)
					plen = IPC_MAX_MSG;
			}
			n = make_frame(IPC_FRAG_MORE, NULL, 0, plen, seed);
			budget -= plen < budget ? plen : budget;
			feed(&r, &m, frame_buf, n);
			break;
		case 4:
			split_round_trip(&in, &budget);
			break;
		case 6:
			walk_pack(&in, &r, &m);
			break;
		default:
			ipc_reasm_reset(&r);
			model_reset(&m);
			fuzz_assert(r.buf == NULL && r.have == 0);
			break;
		}
	}
	ipc_reasm_reset(&r);
	model_reset(&m);
	return 0;
}
