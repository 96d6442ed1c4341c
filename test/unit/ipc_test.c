/* ipc_test.c - cutting and reassembly (core/ipc_frag.c) as pure functions,
 * and the IPC channel (core/ipc.c) over a real socketpair and the
 * event loop: messages far larger than one frame arrive whole and in order;
 * sending never blocks (a peer that does not read makes the queue grow, and
 * it drains when the peer reads); a broken fragment sequence closes the
 * channel; a send to a vanished peer fails. */
#include "unit.h"

#include "ipc.h"
#include "ipc_frag.h"
#include "loop.h"
#include "util.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct rx {
	struct loop *loop;
	size_t n;                  /* messages received */
	uint32_t types[16];
	size_t lens[16];
	bool content_ok;
	bool closed;
	size_t stop_after;
};

/* Payload byte i of a message of length len: a pattern the receiver checks. */
static uint8_t pat(size_t i, size_t len) { return (uint8_t)(i * 31 + len); }

static void on_msg(void *arg, uint32_t type, const void *p, size_t len)
{
	struct rx *rx = arg;
	const uint8_t *b = p;
	for (size_t i = 0; i < len; i++)
		if (b[i] != pat(i, len)) {
			rx->content_ok = false;
			break;
		}
	if (rx->n < 16) {
		rx->types[rx->n] = type;
		rx->lens[rx->n] = len;
	}
	rx->n++;
	if (rx->n == rx->stop_after)
		loop_stop(rx->loop);
}

static void on_closed(void *arg)
{
	struct rx *rx = arg;
	rx->closed = true;
	loop_stop(rx->loop);
}

static void give_up(void *arg) { loop_stop(arg); }

static uint8_t *make(size_t len)
{
	uint8_t *b = xmalloc(len ? len : 1);
	for (size_t i = 0; i < len; i++)
		b[i] = pat(i, len);
	return b;
}

/* Run the loop until rx has what it waits for (or 20 s). */
static void run(struct loop *loop)
{
	struct ev_timer t;
	timer_init(&t, give_up, loop);
	timer_start(loop, &t, 20 * USEC_PER_SEC);
	loop_run(loop);
	timer_stop(loop, &t);
}


/* ---- ipc_frag.c, pure ------------------------------------------------------------------ */

/* Frames as ipc_frag_split() emits them, each a buffer as recv() returns it. */
struct frames {
	size_t n;
	uint8_t *f[64];
	size_t len[64];
};

static void collect(void *arg, uint32_t type, const void *a, size_t alen, const void *b, size_t blen)
{
	struct frames *fr = arg;
	CHECK(alen + blen <= IPC_MAX_MSG);
	if (fr->n >= ARRAY_SIZE(fr->f))
		return;
	struct ipc_hdr h = { type, (uint32_t)(alen + blen) };
	uint8_t *f = xmalloc(sizeof(h) + alen + blen);
	memcpy(f, &h, sizeof(h));
	if (alen)
		memcpy(f + sizeof(h), a, alen);
	if (blen)
		memcpy(f + sizeof(h) + alen, b, blen);
	fr->f[fr->n] = f;
	fr->len[fr->n++] = sizeof(h) + alen + blen;
}

static void frames_free(struct frames *fr)
{
	for (size_t i = 0; i < fr->n; i++)
		free(fr->f[i]);
	fr->n = 0;
}

/* One raw frame in a buffer. */
static size_t frame(uint8_t *buf, uint32_t type, const void *p, size_t len)
{
	struct ipc_hdr h = { type, (uint32_t)len };
	memcpy(buf, &h, sizeof(h));
	if (len)
		memcpy(buf + sizeof(h), p, len);
	return sizeof(h) + len;
}

TEST(split_and_reassemble_round_trip)
{
	size_t lens[] = { 0, 1, IPC_MAX_MSG, IPC_MAX_MSG + 1, 2 * IPC_MAX_MSG, 3u * IPC_MAX_MSG + 17, 1000000 };
	for (size_t k = 0; k < ARRAY_SIZE(lens); k++) {
		size_t len = lens[k];
		uint8_t *b = make(len);
		struct frames fr = { 0 };
		size_t nf = ipc_frag_split(IPC_CONF_VS, b, len, collect, &fr);
		CHECK_EQ_INT(nf, fr.n);
		CHECK_EQ_INT(nf, len <= IPC_MAX_MSG ? 1 : (len + sizeof(struct ipc_frag_head) + IPC_MAX_MSG - 1) / IPC_MAX_MSG);
		struct ipc_reasm r = { 0 };
		size_t got = 0;
		for (size_t i = 0; i < fr.n; i++) {
			struct ipc_msg m;
			enum ipc_take t = ipc_reasm_take(&r, fr.f[i], fr.len[i], &m, NULL);
			if (i + 1 < fr.n) {
				CHECK_EQ_INT(t, IPC_TAKE_PART);
				continue;
			}
			CHECK_EQ_INT(t, IPC_TAKE_MSG);
			CHECK_EQ_INT(m.type, IPC_CONF_VS);
			CHECK_EQ_INT(m.len, len);
			CHECK(len == 0 || memcmp(m.data, b, len) == 0);
			CHECK((m.owned != NULL) == (len > IPC_MAX_MSG));
			free(m.owned);
			got++;
		}
		CHECK_EQ_INT(got, 1);
		CHECK(r.buf == NULL);
		frames_free(&fr);
		free(b);
	}
}

/* Feed raw frames; the last must give want, the others PART or MSG. */
static void expect_take(enum ipc_take want, const uint8_t *frames_buf[], const size_t lens[], size_t n)
{
	struct ipc_reasm r = { 0 };
	enum ipc_take t = IPC_TAKE_PART;
	const char *why = NULL;
	for (size_t i = 0; i < n; i++) {
		struct ipc_msg m;
		t = ipc_reasm_take(&r, frames_buf[i], lens[i], &m, &why);
		free(m.owned);
		if (t == IPC_TAKE_BROKEN)
			break;
	}
	CHECK_EQ_INT(t, want);
	if (t == IPC_TAKE_BROKEN) {
		CHECK(why != NULL);
		CHECK(r.buf == NULL);   /* reset */
	}
	ipc_reasm_reset(&r);
}

TEST(broken_sequences_are_reported)
{
	uint8_t f1[IPC_MAX_MSG + 64], f2[IPC_MAX_MSG + 64], body[IPC_MAX_MSG];
	memset(body, 'x', sizeof(body));
	const uint8_t *fb[2] = { f1, f2 };
	size_t l[2];
	struct ipc_frag_head h = { IPC_CONF_VS, 0, 100000 };
	uint8_t hb[sizeof(h) + 100];

	l[0] = frame(f1, IPC_FRAG_MORE, "abc", 3);                 /* MORE without BEGIN */
	expect_take(IPC_TAKE_BROKEN, fb, l, 1);

	memcpy(hb, &h, sizeof(h));
	memcpy(hb + sizeof(h), body, 100);
	l[0] = frame(f1, IPC_FRAG_BEGIN, hb, sizeof(h) + 100);      /* a message in between */
	l[1] = frame(f2, IPC_CONF_END, "abcd", 4);
	expect_take(IPC_TAKE_BROKEN, fb, l, 2);
	l[1] = frame(f2, IPC_FRAG_BEGIN, hb, sizeof(h) + 100);      /* BEGIN inside BEGIN */
	expect_take(IPC_TAKE_BROKEN, fb, l, 2);
	l[1] = frame(f2, IPC_FRAG_MORE, body, IPC_MAX_MSG);         /* 100 + 65536 > 100000? no: */
	expect_take(IPC_TAKE_PART, fb, l, 2);                        /* 65,636 of 100,000: fine */

	struct ipc_frag_head small = { IPC_CONF_VS, 0, 64 };       /* fits one frame */
	memcpy(hb, &small, sizeof(small));
	l[0] = frame(f1, IPC_FRAG_BEGIN, hb, sizeof(small) + 10);
	expect_take(IPC_TAKE_BROKEN, fb, l, 1);

	struct ipc_frag_head huge = { IPC_CONF_VS, 0, (uint64_t)IPC_MAX_RECORD + 1 };
	memcpy(hb, &huge, sizeof(huge));
	l[0] = frame(f1, IPC_FRAG_BEGIN, hb, sizeof(huge) + 10);
	expect_take(IPC_TAKE_BROKEN, fb, l, 1);

	struct ipc_frag_head nested = { IPC_FRAG_MORE, 0, 100000 };
	memcpy(hb, &nested, sizeof(nested));
	l[0] = frame(f1, IPC_FRAG_BEGIN, hb, sizeof(nested) + 10);
	expect_take(IPC_TAKE_BROKEN, fb, l, 1);

	struct ipc_frag_head over = { IPC_CONF_VS, 0, IPC_MAX_MSG + 10 };
	size_t first = IPC_MAX_MSG - sizeof(over);                  /* a full BEGIN frame */
	uint8_t *big = xmalloc(IPC_MAX_MSG);
	memcpy(big, &over, sizeof(over));
	memset(big + sizeof(over), 'y', first);
	l[0] = frame(f1, IPC_FRAG_BEGIN, big, IPC_MAX_MSG);
	l[1] = frame(f2, IPC_FRAG_MORE, body, IPC_MAX_MSG + 10 - first + 1); /* one byte past the total */
	expect_take(IPC_TAKE_BROKEN, fb, l, 2);
	l[1] = frame(f2, IPC_FRAG_MORE, body, IPC_MAX_MSG + 10 - first);     /* exactly the rest */
	expect_take(IPC_TAKE_MSG, fb, l, 2);
	free(big);
	l[1] = frame(f2, IPC_FRAG_MORE, body, 0);                   /* an empty fragment */
	expect_take(IPC_TAKE_BROKEN, fb, l, 2);

	l[0] = frame(f1, IPC_CONF_VS, "ab", 2);
	l[0] -= 1;                                                  /* header says 2, 1 came */
	expect_take(IPC_TAKE_SKIP, fb, l, 1);
	l[0] = frame(f1, IPC_TYPE_MAX, "ab", 2);                    /* unknown type */
	expect_take(IPC_TAKE_SKIP, fb, l, 1);
	l[0] = 3;                                                   /* shorter than a header */
	expect_take(IPC_TAKE_SKIP, fb, l, 1);
}

/* A FRAG_BEGIN announcing 1 GiB reserves only what arrived (a peer cannot
 * make the receiver allocate by claiming). */
TEST(claimed_length_is_not_reserved)
{
	uint8_t f[sizeof(struct ipc_hdr) + sizeof(struct ipc_frag_head) + 100];
	struct ipc_frag_head h = { IPC_CONF_VS, 0, IPC_MAX_RECORD };
	uint8_t hb[sizeof(h) + 100] = { 0 };
	memcpy(hb, &h, sizeof(h));
	size_t n = frame(f, IPC_FRAG_BEGIN, hb, sizeof(hb));
	struct ipc_reasm r = { 0 };
	struct ipc_msg m;
	CHECK_EQ_INT(ipc_reasm_take(&r, f, n, &m, NULL), IPC_TAKE_PART);
	CHECK(r.cap <= 1024 * 1024);
	ipc_reasm_reset(&r);
	CHECK(r.buf == NULL);
}

/* ---- the channel ------------------------------------------------------------------------ */

TEST(large_messages_whole_and_in_order)
{
	int fds[2];
	CHECK(ipc_socketpair(fds) == 0);
	struct loop *loop = loop_new();
	struct rx rx = { .loop = loop, .content_ok = true, .stop_after = 6 };
	struct ipc_chan *tx = ipc_open(loop, fds[0], on_msg, NULL, NULL);
	struct ipc_chan *rxc = ipc_open(loop, fds[1], on_msg, on_closed, &rx);
	/* small, just one frame, one byte over, 12 MB (more than the socket
	 * buffer: the queue must carry it), empty, small again */
	size_t lens[] = { 10, IPC_MAX_MSG, IPC_MAX_MSG + 1, 12u * 1024 * 1024, 0, 7 };
	for (size_t i = 0; i < ARRAY_SIZE(lens); i++) {
		uint8_t *b = make(lens[i]);
		CHECK(ipc_send(tx, IPC_CONF_VS, b, lens[i]) == 0);   /* returns at once */
		free(b);
	}
	CHECK(ipc_queued(tx) > 0);   /* 12 MB do not fit in the socket: queued, not blocked */
	run(loop);
	CHECK_EQ_INT(rx.n, ARRAY_SIZE(lens));
	CHECK(rx.content_ok);
	for (size_t i = 0; i < ARRAY_SIZE(lens) && i < rx.n; i++) {
		CHECK_EQ_INT(rx.lens[i], lens[i]);
		CHECK_EQ_INT(rx.types[i], IPC_CONF_VS);
	}
	CHECK_EQ_INT(ipc_queued(tx), 0);
	CHECK(!rx.closed);
	ipc_close(tx);
	ipc_close(rxc);
	loop_free(loop);
}

/* The receiver does not read for a while: sends keep returning at once and
 * the queue holds the rest; once it reads, everything arrives. */
TEST(slow_reader_never_blocks_the_sender)
{
	int fds[2];
	CHECK(ipc_socketpair(fds) == 0);
	struct loop *loop = loop_new();
	struct ipc_chan *tx = ipc_open(loop, fds[0], on_msg, NULL, NULL);
	uint8_t *b = make(60000);
	uint64_t t0 = mono_now_us();
	for (int i = 0; i < 400; i++)           /* 24 MB: far beyond the socket buffers */
		CHECK(ipc_send(tx, IPC_DUMP_DATA, b, 60000) == 0);
	CHECK(mono_now_us() - t0 < 5 * USEC_PER_SEC);
	CHECK(ipc_queued(tx) > 4u * 1024 * 1024);
	free(b);
	struct rx rx = { .loop = loop, .content_ok = true, .stop_after = 400 };
	struct ipc_chan *rxc = ipc_open(loop, fds[1], on_msg, on_closed, &rx);
	run(loop);
	CHECK_EQ_INT(rx.n, 400);
	CHECK(rx.content_ok);
	CHECK_EQ_INT(ipc_queued(tx), 0);
	ipc_close(tx);
	ipc_close(rxc);
	loop_free(loop);
}

/* Write one raw frame on fd. */
static void raw(int fd, uint32_t type, const void *p, size_t len)
{
	uint8_t buf[256];
	struct ipc_hdr h = { type, (uint32_t)len };
	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), p, len);
	CHECK(send(fd, buf, sizeof(h) + len, 0) == (ssize_t)(sizeof(h) + len));
}

struct fh { uint32_t type, pad; uint64_t total; };

/* Each broken sequence: the channel reports itself closed, having
 * delivered the first `delivered` messages only. */
static void expect_closed_after(void (*feed)(int fd), size_t delivered)
{
	int fds[2];
	CHECK(ipc_socketpair(fds) == 0);
	struct loop *loop = loop_new();
	struct rx rx = { .loop = loop, .content_ok = true, .stop_after = 100 };
	struct ipc_chan *rxc = ipc_open(loop, fds[1], on_msg, on_closed, &rx);
	feed(fds[0]);
	run(loop);
	CHECK(rx.closed);
	CHECK_EQ_INT(rx.n, delivered);
	ipc_close(rxc);
	close(fds[0]);
	loop_free(loop);
}

static void expect_closed(void (*feed)(int fd)) { expect_closed_after(feed, 0); }

static void more_without_begin(int fd) { raw(fd, IPC_FRAG_MORE, "abc", 3); }
static void begin_too_big(int fd)
{
	struct fh h = { IPC_CONF_VS, 0, (uint64_t)IPC_MAX_RECORD + 1 };
	raw(fd, IPC_FRAG_BEGIN, &h, sizeof(h));
}
static void begin_small(int fd)
{
	struct fh h = { IPC_CONF_VS, 0, 100 };          /* fits one frame: not a fragment */
	raw(fd, IPC_FRAG_BEGIN, &h, sizeof(h));
}
static void begin_nested(int fd)
{
	struct fh h = { IPC_FRAG_BEGIN, 0, 100000 };
	raw(fd, IPC_FRAG_BEGIN, &h, sizeof(h));
}
static void interleaved(int fd)
{
	uint8_t b[sizeof(struct fh) + 10] = { 0 };
	struct fh h = { IPC_CONF_VS, 0, 100000 };
	memcpy(b, &h, sizeof(h));
	raw(fd, IPC_FRAG_BEGIN, b, sizeof(b));
	raw(fd, IPC_CONF_END, "abcd", 4);
}
static void overlong(int fd)
{
	uint8_t b[200] = { 0 };
	struct fh h = { IPC_CONF_VS, 0, 65537 + 10 };
	memcpy(b, &h, sizeof(h));
	raw(fd, IPC_FRAG_BEGIN, b, sizeof(h) + 5);
	raw(fd, IPC_FRAG_MORE, b, 6);                    /* 11 > 10 left... of 65547 total: fine */
	for (int i = 0; i < 400; i++)
		raw(fd, IPC_FRAG_MORE, b, 200);          /* 80,000 bytes: past the total */
}

TEST(broken_fragment_sequences_close_the_channel)
{
	expect_closed(more_without_begin);
	expect_closed(begin_too_big);
	expect_closed(begin_small);
	expect_closed(begin_nested);
	expect_closed(interleaved);
	expect_closed(overlong);
}

TEST(send_to_a_vanished_peer_fails)
{
	int fds[2];
	CHECK(ipc_socketpair(fds) == 0);
	struct loop *loop = loop_new();
	struct ipc_chan *tx = ipc_open(loop, fds[0], on_msg, NULL, NULL);
	close(fds[1]);
	CHECK(ipc_send(tx, IPC_CONF_BEGIN, "abcd", 4) < 0);
	CHECK(ipc_send(tx, IPC_CONF_BEGIN, "abcd", 4) < 0);   /* stays broken */
	ipc_close(tx);
	loop_free(loop);
}

/* A failed send is reported through on_close - once, from the loop, never
 * from inside ipc_send() - even when the peer's end of file never comes
 * (here the peer only stopped receiving). */
TEST(failed_send_reports_close_from_the_loop)
{
	int fds[2];
	CHECK(ipc_socketpair(fds) == 0);
	struct loop *loop = loop_new();
	struct rx rx = { .loop = loop, .content_ok = true };
	struct ipc_chan *tx = ipc_open(loop, fds[0], on_msg, on_closed, &rx);
	CHECK(shutdown(fds[1], SHUT_RD) == 0);
	CHECK(ipc_send(tx, IPC_CONF_BEGIN, "abcd", 4) < 0);
	CHECK(!rx.closed);                   /* not from inside ipc_send() */
	run(loop);                           /* on_closed stops the loop */
	CHECK(rx.closed);
	ipc_close(tx);
	close(fds[1]);
	loop_free(loop);
}

/* A peer that sent and died: ipc_drain() delivers every whole message
 * waiting (a fragmented one too), drops one cut short, and does not report
 * the close. */
TEST(drain_delivers_what_a_dead_peer_sent)
{
	int fds[2];
	CHECK(ipc_socketpair(fds) == 0);
	struct loop *loop = loop_new();
	struct ipc_chan *tx = ipc_open(loop, fds[0], on_msg, NULL, NULL);
	struct rx rx = { .loop = loop, .content_ok = true, .stop_after = 100 };
	struct ipc_chan *rxc = ipc_open(loop, fds[1], on_msg, on_closed, &rx);
	uint8_t *a = make(100), *b = make(200000);
	CHECK(ipc_send(tx, IPC_STATE_CHANGED, a, 100) == 0);
	CHECK(ipc_send(tx, IPC_STATE_CHANGED, b, 200000) == 0);
	free(a);
	CHECK_EQ_INT(ipc_queued(tx), 0);                     /* all in the socket */
	struct fh h = { IPC_STATE_CHANGED, 0, 100000 };      /* a message cut short */
	uint8_t head[sizeof(h) + 16] = { 0 };
	memcpy(head, &h, sizeof(h));
	raw(fds[0], IPC_FRAG_BEGIN, head, sizeof(head));
	free(b);
	ipc_forget(tx);                                      /* the peer dies */
	ipc_drain(rxc);
	CHECK_EQ_INT(rx.n, 2);
	CHECK_EQ_INT(rx.lens[0], 100);
	CHECK_EQ_INT(rx.lens[1], 200000);
	CHECK(rx.content_ok);
	CHECK(!rx.closed);
	ipc_close(rxc);
	loop_free(loop);
}

/* A queue the peer leaves unread for the drain timeout breaks the channel:
 * on_close from the loop, ipc_stalled() true, the queue dropped, sends
 * fail. */
TEST(unread_queue_breaks_the_channel_after_the_drain_timeout)
{
	int fds[2];
	CHECK(ipc_socketpair(fds) == 0);
	struct loop *loop = loop_new();
	struct rx rx = { .loop = loop, .content_ok = true };
	struct ipc_chan *tx = ipc_open(loop, fds[0], on_msg, on_closed, &rx);
	ipc_set_drain_timeout(tx, 200 * USEC_PER_MSEC);
	uint8_t *b = make(60000);
	while (ipc_queued(tx) == 0)            /* past what the socket holds */
		CHECK(ipc_send(tx, IPC_DUMP_DATA, b, 60000) == 0);
	CHECK(!ipc_stalled(tx));
	run(loop);                             /* nobody reads fds[1] */
	CHECK(rx.closed);
	CHECK(ipc_stalled(tx));
	CHECK_EQ_INT(ipc_queued(tx), 0);
	CHECK(ipc_send(tx, IPC_DUMP_DATA, b, 10) < 0);
	free(b);
	ipc_close(tx);
	close(fds[1]);
	loop_free(loop);
}

/* A peer that reads everything (the queue empties again) is never timed
 * out, however long the whole exchange takes. */
static void reader_turn(void *arg);
struct slow_rx {
	struct loop *loop;
	int fd;
	int left;
	struct ev_timer t;
};

static void reader_turn(void *arg)
{
	struct slow_rx *r = arg;
	uint8_t buf[sizeof(struct ipc_hdr) + IPC_MAX_MSG];
	while (recv(r->fd, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		r->left--;
	if (r->left <= 0)
		loop_stop(r->loop);
	else
		timer_start(r->loop, &r->t, 20 * USEC_PER_MSEC);
}

TEST(a_peer_that_drains_is_not_timed_out)
{
	int fds[2];
	CHECK(ipc_socketpair(fds) == 0);
	struct loop *loop = loop_new();
	struct rx rx = { .loop = loop, .content_ok = true };
	struct ipc_chan *tx = ipc_open(loop, fds[0], on_msg, on_closed, &rx);
	ipc_set_drain_timeout(tx, 150 * USEC_PER_MSEC);
	struct slow_rx r = { .loop = loop, .fd = fds[1], .left = 0 };
	timer_init(&r.t, reader_turn, &r);
	uint8_t *b = make(60000);
	/* three bursts, each more than the socket holds, 100 ms apart: the
	 * whole takes longer than the timeout, each burst drains in time */
	for (int burst = 0; burst < 3; burst++) {
		do {
			CHECK(ipc_send(tx, IPC_DUMP_DATA, b, 60000) == 0);
			r.left++;
		} while (ipc_queued(tx) == 0);
		timer_start(loop, &r.t, 20 * USEC_PER_MSEC);
		run(loop);
		CHECK(!rx.closed);
		CHECK(!ipc_stalled(tx));
		CHECK_EQ_INT(ipc_queued(tx), 0);
		usleep(100 * 1000);
	}
	free(b);
	timer_stop(loop, &r.t);
	ipc_close(tx);
	close(fds[1]);
	loop_free(loop);
}

/* ---- packs of frames -------------------------------------------------------------------- */

/* ipc_pack_next() walks the frames of a pack and refuses a malformed one. */
TEST(pack_next_walks_and_refuses)
{
	uint8_t pk[256];
	size_t n = frame(pk, IPC_CONF_VS, "ab", 2);
	n += frame(pk + n, IPC_CONF_VRRP, NULL, 0);
	n += frame(pk + n, IPC_DUMP_END, "wxyz", 4);
	size_t off = 0, len;
	const uint8_t *f;
	CHECK_EQ_INT(ipc_pack_next(pk, n, &off, &f, &len), 1);
	CHECK(f == pk && len == 10);
	CHECK_EQ_INT(ipc_pack_next(pk, n, &off, &f, &len), 1);
	CHECK(f == pk + 10 && len == 8);
	CHECK_EQ_INT(ipc_pack_next(pk, n, &off, &f, &len), 1);
	CHECK(len == 12);
	CHECK_EQ_INT(ipc_pack_next(pk, n, &off, &f, &len), 0);
	off = 0;   /* the last frame cut short: its length goes past the end */
	CHECK_EQ_INT(ipc_pack_next(pk, n - 1, &off, &f, &len), 1);
	CHECK_EQ_INT(ipc_pack_next(pk, n - 1, &off, &f, &len), 1);
	CHECK_EQ_INT(ipc_pack_next(pk, n - 1, &off, &f, &len), -1);
	off = 0;   /* a header cut short */
	CHECK_EQ_INT(ipc_pack_next(pk, 4, &off, &f, &len), -1);
	uint8_t nested[64];   /* a pack inside a pack */
	size_t m = frame(nested, IPC_PACK, pk, 10);
	off = 0;
	CHECK_EQ_INT(ipc_pack_next(nested, m, &off, &f, &len), -1);
}

struct seq_rx {
	struct loop *loop;
	size_t n, want;
	bool in_order;
};

static void on_seq(void *arg, uint32_t type, const void *p, size_t len)
{
	struct seq_rx *rx = arg;
	uint32_t v = 0;
	if (len == sizeof(v))
		memcpy(&v, p, sizeof(v));
	if (len != sizeof(v) || v != rx->n || type != (v % 7 ? IPC_STATE_CHANGED : IPC_DUMP_END))
		rx->in_order = false;
	if (++rx->n == rx->want)
		loop_stop(rx->loop);
}

/* 3,000 small messages queued with ipc_send_soon() in one turn (every 7th
 * with ipc_send(), which writes what is queued before it): they arrive
 * whole and in order, in far fewer frames than messages, and a frame
 * read off the socket is an IPC_PACK. */
TEST(soon_messages_leave_packed_and_in_order)
{
	int fds[2];
	CHECK(ipc_socketpair(fds) == 0);
	struct loop *loop = loop_new();
	struct ipc_chan *tx = ipc_open(loop, fds[0], on_msg, NULL, NULL);
	enum { N = 3000 };
	for (uint32_t i = 0; i < N; i++) {
		if (i % 7)
			CHECK(ipc_send_soon(tx, IPC_STATE_CHANGED, &i, sizeof(i)) == 0);
		else
			CHECK(ipc_send(tx, IPC_DUMP_END, &i, sizeof(i)) == 0);
	}
	CHECK(ipc_queued(tx) > 0);   /* the last ones wait for the end of the turn */
	/* count the frames: run the loop once with nobody reading */
	struct ev_timer t;
	timer_init(&t, give_up, loop);
	timer_start(loop, &t, 10 * USEC_PER_MSEC);
	loop_run(loop);
	CHECK_EQ_INT(ipc_queued(tx), 0);
	uint8_t buf[sizeof(struct ipc_hdr) + IPC_MAX_MSG];
	size_t frames = 0, packs = 0;
	int back[2];
	CHECK(ipc_socketpair(back) == 0);   /* replay what was read to a channel */
	for (;;) {
		ssize_t n = recv(fds[1], buf, sizeof(buf), MSG_DONTWAIT);
		if (n <= 0)
			break;
		struct ipc_hdr h;
		memcpy(&h, buf, sizeof(h));
		frames++;
		packs += h.type == IPC_PACK;
		CHECK(send(back[0], buf, (size_t)n, 0) == n);
	}
	CHECK(frames < N / 5);
	CHECK(packs > 0);
	struct seq_rx rx = { .loop = loop, .want = N, .in_order = true };
	struct ipc_chan *rxc = ipc_open(loop, back[1], on_seq, NULL, &rx);
	run(loop);
	CHECK_EQ_INT(rx.n, N);
	CHECK(rx.in_order);
	ipc_close(tx);
	ipc_close(rxc);
	close(fds[1]);
	close(back[0]);
	loop_free(loop);
}

struct big_rx {
	struct loop *loop;
	size_t n, want;
	bool ok;
};

/* Message i: 400 bytes of pattern i (the 500th: 100,000 bytes). */
static size_t rec_len(uint32_t i) { return i == 500 ? 100000 : 400; }

static void on_rec(void *arg, uint32_t type, const void *p, size_t len)
{
	struct big_rx *rx = arg;
	uint32_t i = (uint32_t)rx->n;
	const uint8_t *b = p;
	bool good = type == IPC_CONF_VRRP && len == rec_len(i);
	for (size_t k = 0; good && k < len; k++)
		good = b[k] == (uint8_t)(i + k);
	rx->ok &= good;
	if (++rx->n == rx->want)
		loop_stop(rx->loop);
}

/* A configuration stream: 1,000 records of 400 bytes queued with
 * ipc_send_soon() in one turn, one of 100,000 bytes (fragmented) among
 * them. They are packed as they are queued: every frame on the socket is
 * at most one IPC_MAX_MSG payload, the stream takes a handful of frames,
 * and every record arrives whole and in order. */
TEST(stream_packed_as_it_is_queued)
{
	int fds[2];
	CHECK(ipc_socketpair(fds) == 0);
	struct loop *loop = loop_new();
	struct ipc_chan *tx = ipc_open(loop, fds[0], on_msg, NULL, NULL);
	enum { N = 1000 };
	uint8_t *rec = xmalloc(100000);
	for (uint32_t i = 0; i < N; i++) {
		for (size_t k = 0; k < rec_len(i); k++)
			rec[k] = (uint8_t)(i + k);
		CHECK(ipc_send_soon(tx, IPC_CONF_VRRP, rec, rec_len(i)) == 0);
	}
	free(rec);
	struct ev_timer t;
	timer_init(&t, give_up, loop);
	timer_start(loop, &t, 10 * USEC_PER_MSEC);
	loop_run(loop);
	CHECK_EQ_INT(ipc_queued(tx), 0);
	static uint8_t buf[sizeof(struct ipc_hdr) + IPC_MAX_MSG + 1];
	size_t frames = 0;
	bool fits = true;
	int back[2];
	CHECK(ipc_socketpair(back) == 0);
	for (;;) {
		ssize_t n = recv(fds[1], buf, sizeof(buf), MSG_DONTWAIT);
		if (n <= 0)
			break;
		frames++;
		fits &= (size_t)n <= sizeof(struct ipc_hdr) + IPC_MAX_MSG;
		CHECK(send(back[0], buf, (size_t)n, 0) == n);
	}
	CHECK(fits);
	/* 500,000 bytes: 8 full packs and the 100,000-byte record's 2 fragments, give or take */
	CHECK(frames >= 9 && frames <= 14);
	struct big_rx rx = { .loop = loop, .want = N, .ok = true };
	struct ipc_chan *rxc = ipc_open(loop, back[1], on_rec, NULL, &rx);
	run(loop);
	CHECK_EQ_INT(rx.n, N);
	CHECK(rx.ok);
	ipc_close(tx);
	ipc_close(rxc);
	close(fds[1]);
	close(back[0]);
	loop_free(loop);
}

/* A pack whose frames overrun it closes the channel; one message inside a
 * pack before the bad frame is still delivered. */
static void pack_overrun(int fd)
{
	uint8_t pk[64], buf[96];
	size_t n = frame(pk, IPC_CONF_VS, NULL, 0);
	struct ipc_hdr bad = { IPC_CONF_VS, 40 };
	memcpy(pk + n, &bad, sizeof(bad));
	n += sizeof(bad) + 4;
	size_t m = frame(buf, IPC_PACK, pk, n);
	CHECK(send(fd, buf, m, 0) == (ssize_t)m);
}

TEST(malformed_pack_closes_the_channel)
{
	expect_closed_after(pack_overrun, 1);
}

/* A descriptor passed with a message (ipc_send_fd) reaches the handler of
 * that message (ipc_take_fd) - not of the packed messages queued before it
 * - and works there; one the handler does not take is closed, and the
 * sender keeps its own. */
struct fd_rx {
	struct loop *loop;
	struct ipc_chan *ch;
	int got[2];
	size_t n;
};

static void on_fd_msg(void *arg, uint32_t type, const void *p, size_t len)
{
	struct fd_rx *r = arg;
	(void)p;
	(void)len;
	if (type != IPC_FILE_FD && ipc_take_fd(r->ch) >= 0)
		r->got[1] = -3;                      /* a descriptor with the wrong message */
	if (type == IPC_FILE_FD && r->n == 2)
		r->got[0] = ipc_take_fd(r->ch);   /* the second one is not taken */
	if (++r->n == 5)
		loop_stop(r->loop);
}

TEST(descriptors_pass_with_messages)
{
	int fds[2], pfd[2];
	CHECK(ipc_socketpair(fds) == 0);
	CHECK(pipe(pfd) == 0);
	struct loop *loop = loop_new();
	struct fd_rx r = { .loop = loop, .got = { -1, -1 } };
	struct ipc_chan *tx = ipc_open(loop, fds[0], on_msg, NULL, NULL);
	r.ch = ipc_open(loop, fds[1], on_fd_msg, NULL, &r);
	uint32_t v = 7;
	CHECK(ipc_send_soon(tx, IPC_STATE_CHANGED, &v, sizeof(v)) == 0);   /* packed before it */
	CHECK(ipc_send_soon(tx, IPC_STATE_CHANGED, &v, sizeof(v)) == 0);
	CHECK(ipc_send_fd(tx, IPC_FILE_FD, "x", 1, pfd[1]) == 0);
	CHECK(ipc_send_fd(tx, IPC_FILE_FD, "y", 1, pfd[1]) == 0);
	CHECK(ipc_send(tx, IPC_CONF_END, "abcd", 4) == 0);
	run(loop);
	CHECK(r.n == 5);
	CHECK(r.got[0] >= 0 && r.got[0] != pfd[1]);
	CHECK(r.got[1] == -1);
	CHECK(write(r.got[0], "ok", 2) == 2);
	close(r.got[0]);
	CHECK(write(pfd[1], "!", 1) == 1);       /* the sender's own is still open */
	close(pfd[1]);
	ipc_close(tx);
	ipc_close(r.ch);
	char buf[8] = { 0 };
	CHECK(read(pfd[0], buf, sizeof(buf)) == 3 && memcmp(buf, "ok!", 3) == 0);
	CHECK(read(pfd[0], buf, sizeof(buf)) == 0); /* every copy closed: end of file */
	close(pfd[0]);
	loop_free(loop);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	RUN(split_and_reassemble_round_trip);
	RUN(broken_sequences_are_reported);
	RUN(claimed_length_is_not_reserved);
	RUN(large_messages_whole_and_in_order);
	RUN(slow_reader_never_blocks_the_sender);
	RUN(broken_fragment_sequences_close_the_channel);
	RUN(send_to_a_vanished_peer_fails);
	RUN(failed_send_reports_close_from_the_loop);
	RUN(drain_delivers_what_a_dead_peer_sent);
	RUN(unread_queue_breaks_the_channel_after_the_drain_timeout);
	RUN(a_peer_that_drains_is_not_timed_out);
	RUN(pack_next_walks_and_refuses);
	RUN(soon_messages_leave_packed_and_in_order);
	RUN(malformed_pack_closes_the_channel);
	RUN(descriptors_pass_with_messages);
	RUN(stream_packed_as_it_is_queued);
	return unit_summary();
}
