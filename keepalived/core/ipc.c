/* ipc.c - typed messages over a SOCK_SEQPACKET socketpair (see ipc.h):
 * a send queue written when the socket is writable; cutting messages into
 * frames and reassembling them is ipc_frag.c's. */
#include "ipc.h"
#include "ipc_frag.h"
#include "log.h"
#include "loop.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

/* One queued frame: header and payload, contiguous. */
struct ipc_frame {
	struct ipc_frame *next;
	int fd;                      /* passed with the frame (SCM_RIGHTS), owned; -1 */
	size_t len;
	size_t cap;                  /* bytes data[] has room for (>= len) */
	uint8_t data[];
};

#define CLOSE_FLUSH_MS 1000

struct ipc_chan {
	struct loop *loop;
	int fd;
	ipc_handler on_msg;
	ipc_closed on_close;
	void *arg;
	bool broken;                 /* write failed or peer gone: sends fail */
	bool told_closed;            /* on_close was called */
	bool watching_out;           /* EPOLLOUT is armed */
	struct ipc_frame *q_head, *q_tail;
	size_t q_bytes;
	uint64_t queued_total;       /* bytes ever queued (frames with headers) */
	ipc_drained on_drained;      /* the queue went empty */
	struct ipc_reasm reasm;
	struct ev_task report;       /* tells on_close about a failed send */
	struct ev_task soon;         /* writes what ipc_send_soon() queued */
	uint64_t drain_us;           /* ipc_set_drain_timeout(): 0 = none */
	struct ev_timer drain;       /* runs while the queue is not empty */
	bool stalled;                /* the peer did not drain the queue in time */
	bool packing;                /* in ipc_send_soon(): new frames get room for a pack */
	bool alone;                  /* in ipc_send_fd(): the frame goes on its own */
	bool dispatching;            /* in ipc_readable(): chan_free() only marks */
	bool freed;                  /* chan_free() was called while dispatching */
	int rx_fd;                   /* came with the message being handled; -1 */
	uint8_t buf[sizeof(struct ipc_hdr) + IPC_MAX_MSG];
};

int ipc_socketpair(int fds[2])
{
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) < 0)
		return -1;
	int sz = 4 * 1024 * 1024;
	for (int i = 0; i < 2; i++) {
		setsockopt(fds[i], SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
		setsockopt(fds[i], SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	}
	return 0;
}

/* ---- sending ------------------------------------------------------------------------ */

static void queue_free(struct ipc_chan *ch)
{
	while (ch->q_head) {
		struct ipc_frame *f = ch->q_head;
		ch->q_head = f->next;
		if (f->fd >= 0)
			close(f->fd);
		free(f);
	}
	ch->q_tail = NULL;
	ch->q_bytes = 0;
}

static void set_out_watch(struct ipc_chan *ch, bool on)
{
	if (ch->watching_out == on || ch->broken)
		return;
	if (loop_io_mod(ch->loop, ch->fd, EPOLLIN | (on ? EPOLLOUT : 0)) == 0)
		ch->watching_out = on;
}

/* Tell the owner once that the channel is unusable. */
static void tell_closed(struct ipc_chan *ch)
{
	if (ch->told_closed)
		return;
	ch->told_closed = true;
	if (ch->on_close)
		ch->on_close(ch->arg);
}

static void report_task(void *arg) { tell_closed(arg); }

/* Sending is over: drop the queue and stop watching for room. The owner
 * hears of it through on_close at the end of this turn of the loop (never
 * from inside the ipc_send() that failed: its caller still holds ch), so a
 * send that fails anywhere - a reply, a script request, a state change -
 * ends in the same place as the peer closing. */
static void mark_broken(struct ipc_chan *ch, const char *why)
{
	if (ch->broken)
		return;
	log_err("ipc: %s", why);
	queue_free(ch);
	set_out_watch(ch, false);
	timer_stop(ch->loop, &ch->drain);
	ch->broken = true;
	if (!ch->told_closed)
		task_schedule(ch->loop, &ch->report);
}

static uint32_t frame_type(const struct ipc_frame *f)
{
	struct ipc_hdr h;
	memcpy(&h, f->data, sizeof(h));
	return h.type;
}

/* When more than one frame waits at the head of the queue, put as many of
 * them as fit into one IPC_PACK frame in their place (the peer unpacks
 * them in order: ipc_pack_next()). A frame with a descriptor is never
 * packed: it goes alone, so its descriptor belongs to its message. */
static void pack_head(struct ipc_chan *ch)
{
	struct ipc_frame *f = ch->q_head, *g;
	size_t total = 0, count = 0;
	for (g = f; g && frame_type(g) != IPC_PACK && g->fd < 0 && total + g->len <= IPC_MAX_MSG;
	     g = g->next) {
		total += g->len;
		count++;
	}
	if (count < 2)
		return;
	struct ipc_hdr hdr = { IPC_PACK, (uint32_t)total };
	struct ipc_frame *p = xmalloc(sizeof(*p) + sizeof(hdr) + total);
	p->fd = -1;
	p->len = sizeof(hdr) + total;
	p->cap = p->len;
	memcpy(p->data, &hdr, sizeof(hdr));
	size_t off = sizeof(hdr);
	while (f != g) {
		struct ipc_frame *next = f->next;
		memcpy(p->data + off, f->data, f->len);
		off += f->len;
		free(f);
		f = next;
	}
	p->next = g;
	ch->q_head = p;
	if (!g)
		ch->q_tail = p;
	ch->q_bytes += sizeof(hdr);
}

/* One frame, with its descriptor (SCM_RIGHTS) when it has one. */
static ssize_t send_frame(int sock, const struct ipc_frame *f)
{
	if (f->fd < 0)
		return send(sock, f->data, f->len, MSG_DONTWAIT | MSG_NOSIGNAL);
	struct iovec iov = { (void *)f->data, f->len };
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} c;
	memset(&c, 0, sizeof(c));
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = c.buf,
			     .msg_controllen = sizeof(c.buf) };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &f->fd, sizeof(int));
	return sendmsg(sock, &mh, MSG_DONTWAIT | MSG_NOSIGNAL);
}

/* Write queued frames until the socket is full. Returns 0, or -1 when the
 * channel broke. */
static int flush(struct ipc_chan *ch)
{
	while (ch->q_head) {
		pack_head(ch);
		struct ipc_frame *f = ch->q_head;
		ssize_t n = send_frame(ch->fd, f);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS)) {
			set_out_watch(ch, true);
			if (ch->drain_us && !timer_pending(&ch->drain))
				timer_start(ch->loop, &ch->drain, ch->drain_us);
			return 0;
		}
		if (n < 0) {
			char why[96];
			snprintf(why, sizeof(why), "send: %s", strerror(errno));
			mark_broken(ch, why);
			return -1;
		}
		ch->q_head = f->next;
		if (!ch->q_head)
			ch->q_tail = NULL;
		ch->q_bytes -= f->len;
		if (f->fd >= 0)
			close(f->fd);
		free(f);
		if (!ch->q_head && ch->on_drained)
			ch->on_drained(ch->arg);
	}
	set_out_watch(ch, false);
	timer_stop(ch->loop, &ch->drain);
	return 0;
}

/* The queue has not been empty since drain_us ago: the peer stopped
 * reading (or cannot keep up). Sending is over; the owner hears of it
 * through on_close and finds ipc_stalled() true. */
static void drain_timer_fired(void *arg)
{
	struct ipc_chan *ch = arg;
	if (!ch->q_head || ch->broken)
		return;
	char why[128];
	snprintf(why, sizeof(why), "the peer did not read its messages for %.1f s (%zu bytes queued)",
		 (double)ch->drain_us / 1e6, ch->q_bytes);
	ch->stalled = true;
	mark_broken(ch, why);
}

void ipc_set_drain_timeout(struct ipc_chan *ch, uint64_t us)
{
	ch->drain_us = us;
	if (!us)
		timer_stop(ch->loop, &ch->drain);
	else if (ch->q_head && !timer_pending(&ch->drain))
		timer_start(ch->loop, &ch->drain, us);
}

bool ipc_stalled(const struct ipc_chan *ch) { return ch->stalled; }

/* Pack the frame hdr + a + b into the queue's last frame when that frame
 * can take it (ipc_send_soon(): a burst of small messages leaves in
 * IPC_PACK frames, as pack_head() would make them, without a malloc() and
 * a copy per message): the last frame is an unsent, descriptor-less frame
 * with room, a pack already or a plain frame turned into one in place.
 * Returns false when it cannot. */
static bool pack_into_tail(struct ipc_chan *ch, const struct ipc_hdr *hdr, const void *a, size_t alen,
			   const void *b, size_t blen)
{
	struct ipc_frame *t = ch->q_tail;
	size_t len = sizeof(*hdr) + alen + blen;
	if (!t || t->fd >= 0)
		return false;
	bool packed = frame_type(t) == IPC_PACK;
	size_t need = t->len + len + (packed ? 0 : sizeof(*hdr));
	if (need > t->cap || need > sizeof(*hdr) + IPC_MAX_MSG)
		return false;
	if (!packed) {
		memmove(t->data + sizeof(*hdr), t->data, t->len);
		t->len += sizeof(*hdr);
		ch->q_bytes += sizeof(*hdr);
	}
	memcpy(t->data + t->len, hdr, sizeof(*hdr));
	if (alen)
		memcpy(t->data + t->len + sizeof(*hdr), a, alen);
	if (blen)
		memcpy(t->data + t->len + sizeof(*hdr) + alen, b, blen);
	t->len += len;
	struct ipc_hdr ph = { IPC_PACK, (uint32_t)(t->len - sizeof(ph)) };
	memcpy(t->data, &ph, sizeof(ph));
	ch->q_bytes += len;
	ch->queued_total += len;
	return true;
}

/* Append one frame: header(type, len of a+b) + a + b (an ipc_frame_emit):
 * into the last frame when it has room (not for a frame with a
 * descriptor); a new frame of ipc_send_soon() gets room for a pack. */
static void enqueue(void *arg, uint32_t type, const void *a, size_t alen, const void *b, size_t blen)
{
	struct ipc_chan *ch = arg;
	struct ipc_hdr hdr = { type, (uint32_t)(alen + blen) };
	size_t len = sizeof(hdr) + alen + blen;
	if (!ch->alone && pack_into_tail(ch, &hdr, a, alen, b, blen))
		return;
	size_t cap = ch->packing && len < IPC_MAX_MSG ? sizeof(hdr) + IPC_MAX_MSG : len;
	struct ipc_frame *f = xmalloc(sizeof(*f) + cap);
	f->next = NULL;
	f->fd = -1;
	f->len = len;
	f->cap = cap;
	memcpy(f->data, &hdr, sizeof(hdr));
	if (alen)
		memcpy(f->data + sizeof(hdr), a, alen);
	if (blen)
		memcpy(f->data + sizeof(hdr) + alen, b, blen);
	if (ch->q_tail)
		ch->q_tail->next = f;
	else
		ch->q_head = f;
	ch->q_tail = f;
	ch->q_bytes += len;
	ch->queued_total += len;
}

/* Cut a message into frames and queue them: 0, or -1 (logged) when the
 * channel is broken or the message cannot be queued. */
static int queue_msg(struct ipc_chan *ch, uint32_t type, const void *payload, size_t len)
{
	if (ch->broken)
		return -1;
	if (len > IPC_MAX_RECORD) {
		log_err("ipc: message type %u too large (%zu bytes, at most %u)", type, len, IPC_MAX_RECORD);
		return -1;
	}
	if (ch->q_bytes + len > IPC_MAX_QUEUE) {
		mark_broken(ch, "the peer does not read its messages (send queue full)");
		return -1;
	}
	ipc_frag_split(type, payload, len, enqueue, ch);
	return 0;
}

int ipc_send(struct ipc_chan *ch, uint32_t type, const void *payload, size_t len)
{
	return queue_msg(ch, type, payload, len) < 0 ? -1 : flush(ch);
}

int ipc_send_soon(struct ipc_chan *ch, uint32_t type, const void *payload, size_t len)
{
	ch->packing = true;
	int r = queue_msg(ch, type, payload, len);
	ch->packing = false;
	if (r < 0)
		return -1;
	task_schedule(ch->loop, &ch->soon);
	return 0;
}

int ipc_flush(struct ipc_chan *ch)
{
	return ch->broken ? -1 : flush(ch);
}

/* The end of the turn in which ipc_send_soon() queued frames. A write
 * error marks the channel broken, which tells on_close. */
static void soon_task(void *arg)
{
	struct ipc_chan *ch = arg;
	if (!ch->broken && !ch->watching_out)
		flush(ch);
}

int ipc_send_fd(struct ipc_chan *ch, uint32_t type, const void *payload, size_t len, int fd)
{
	if (ch->broken)
		return -1;
	if (len > IPC_MAX_MSG) {
		log_err("ipc: message type %u with a descriptor too large (%zu bytes)", type, len);
		return -1;
	}
	int dup_fd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	if (dup_fd < 0) {
		log_err("ipc: cannot pass a descriptor: %s", strerror(errno));
		return -1;
	}
	ch->alone = true;
	enqueue(ch, type, payload, len, NULL, 0);
	ch->alone = false;
	ch->q_tail->fd = dup_fd;
	return flush(ch);
}

int ipc_take_fd(struct ipc_chan *ch)
{
	int fd = ch->rx_fd;
	ch->rx_fd = -1;
	return fd;
}

size_t ipc_queued(const struct ipc_chan *ch) { return ch->q_bytes; }
uint64_t ipc_queued_total(const struct ipc_chan *ch) { return ch->queued_total; }
void ipc_set_drained(struct ipc_chan *ch, ipc_drained cb) { ch->on_drained = cb; }

int ipc_send_text(struct ipc_chan *ch, uint32_t id, const char *text, size_t len)
{
	const size_t chunk = 32 * 1024;
	uint8_t buf[sizeof(id) + 32 * 1024];
	for (size_t off = 0; off < len; off += chunk) {
		size_t n = len - off < chunk ? len - off : chunk;
		memcpy(buf, &id, sizeof(id));
		memcpy(buf + sizeof(id), text + off, n);
		if (ipc_send(ch, IPC_DUMP_DATA, buf, sizeof(id) + n) < 0)
			return -1;
	}
	return 0;
}

/* ---- receiving ---------------------------------------------------------------------- */

/* The peer broke the protocol or went away: tell the owner once. */
static void peer_lost(struct ipc_chan *ch)
{
	ipc_reasm_reset(&ch->reasm);
	queue_free(ch);
	timer_stop(ch->loop, &ch->drain);
	loop_io_del(ch->loop, ch->fd);
	ch->broken = true;
	tell_closed(ch);
}

/* The peer's end of file or a broken fragment sequence: with report, the
 * channel is given up and its owner told (ch may be gone afterwards);
 * without, only the reassembly is dropped. */
static void lost(struct ipc_chan *ch, bool report)
{
	if (report)
		peer_lost(ch);
	else
		ipc_reasm_reset(&ch->reasm);
}

/* A descriptor that came with a frame and was not taken: closed. */
static void drop_rx_fd(struct ipc_chan *ch)
{
	if (ch->rx_fd >= 0)
		close(ch->rx_fd);
	ch->rx_fd = -1;
}

/* recv() one frame into ch->buf; a descriptor passed with it (at most one
 * is accepted, close-on-exec) goes to ch->rx_fd. */
static ssize_t recv_frame(struct ipc_chan *ch)
{
	struct iovec iov = { ch->buf, sizeof(ch->buf) };
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(4 * sizeof(int))];
	} c;
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = c.buf,
			     .msg_controllen = sizeof(c.buf) };
	ssize_t n = recvmsg(ch->fd, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
	if (n < 0)
		return n;
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			continue;
		size_t nfd = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < nfd; i++) {
			int fd;
			memcpy(&fd, CMSG_DATA(cm) + i * sizeof(int), sizeof(int));
			if (ch->rx_fd < 0)
				ch->rx_fd = fd;
			else
				close(fd);
		}
	}
	return n;
}

/* One frame as received (or unpacked): 1 when a whole message went to
 * on_msg, 0 when none did (a fragment stored, a malformed frame skipped),
 * -1 when the fragment sequence broke (see lost()). */
static int take_frame(struct ipc_chan *ch, const uint8_t *frame, size_t n, bool report)
{
	struct ipc_msg m;
	const char *why = NULL;
	switch (ipc_reasm_take(&ch->reasm, frame, n, &m, &why)) {
	case IPC_TAKE_PART:
		return 0;
	case IPC_TAKE_SKIP:
		log_err("ipc: %s (%zu bytes), ignored", why, n);
		return 0;
	case IPC_TAKE_BROKEN:
		log_err("ipc: broken fragment sequence (%s): closing", why);
		lost(ch, report);
		return -1;
	case IPC_TAKE_MSG:
		break;
	}
	if (m.owned)
		drop_rx_fd(ch);   /* a descriptor belongs to a single-frame message */
	ch->on_msg(ch->arg, m.type, m.data, m.len);
	free(m.owned);
	if (!ch->freed)
		drop_rx_fd(ch);   /* not taken by the handler */
	return 1;
}

/* Every frame of an IPC_PACK (its payload: n bytes at pack), in order,
 * until a handler closes the channel: 1 when a message was delivered, 0
 * when none was, -1 when the pack or the fragment sequence was broken. */
static int take_pack(struct ipc_chan *ch, const uint8_t *pack, size_t n, bool report)
{
	size_t off = 0, len;
	const uint8_t *frame;
	int r, got = 0;
	while ((r = ipc_pack_next(pack, n, &off, &frame, &len)) > 0) {
		int t = take_frame(ch, frame, len, report);
		if (t < 0)
			return -1;
		got |= t;
		if (ch->freed)
			return 1;
	}
	if (r < 0) {
		log_err("ipc: malformed pack of frames: closing");
		lost(ch, report);
		return -1;
	}
	return got;
}

/* Is the frame buf (n bytes) a well-formed IPC_PACK? (A malformed one goes
 * to ipc_reasm_take(), which skips it as a frame of no known type.) */
static bool is_pack(const uint8_t *buf, size_t n)
{
	struct ipc_hdr h;
	if (n < sizeof(h))
		return false;
	memcpy(&h, buf, sizeof(h));
	return h.type == IPC_PACK && h.len == n - sizeof(h);
}

/* Read frames until one whole message (or a pack of frames with at least
 * one) was delivered to on_msg (1), nothing is waiting (0), or the peer
 * closed / broke the fragment sequence (-1, see lost()). on_msg may close
 * the channel: nothing but ch->freed is looked at after it. */
static int read_one(struct ipc_chan *ch, bool report)
{
	for (;;) {
		drop_rx_fd(ch);
		ssize_t n = recv_frame(ch);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			/* ECONNRESET: the peer exited with our last messages unread
			 * (a child stopping while a script's answer was on its way) -
			 * the same as a close; its owner reports the exit */
			if (errno != ECONNRESET)
				log_err("ipc: recv: %s", strerror(errno));
			n = 0;
		}
		if (n == 0) {
			lost(ch, report);
			return -1;
		}
		size_t len = (size_t)n;
		bool pack = is_pack(ch->buf, len);
		if (pack)
			drop_rx_fd(ch);   /* a descriptor is never packed (pack_head()) */
		int r = pack ? take_pack(ch, ch->buf + sizeof(struct ipc_hdr), len - sizeof(struct ipc_hdr), report)
			     : take_frame(ch, ch->buf, len, report);
		if (r != 0)
			return r;
	}
}

/* Up to IPC_READ_BATCH messages per readable event (epoll is level-
 * triggered: the rest come on the next turn of the loop), so a stream of a
 * thousand records or state changes costs a few turns, not a thousand. A
 * handler may close the channel: chan_free() then leaves the freeing to
 * this function. */
#define IPC_READ_BATCH 32

static void ipc_readable(struct ipc_chan *ch)
{
	ch->dispatching = true;
	for (int i = 0; i < IPC_READ_BATCH && !ch->freed; i++)
		if (read_one(ch, true) <= 0)
			break;
	ch->dispatching = false;
	if (ch->freed)
		free(ch);
}

void ipc_drain(struct ipc_chan *ch)
{
	if (ch->told_closed)
		return;
	while (read_one(ch, false) > 0)
		;
}

static void ipc_io(void *arg, int fd, uint32_t events)
{
	struct ipc_chan *ch = arg;
	if (ch->freed)
		return;
	if ((events & EPOLLOUT) && !ch->broken && flush(ch) < 0) {
		tell_closed(ch);
		return;
	}
	if (events & (EPOLLIN | EPOLLHUP | EPOLLERR))
		ipc_readable(ch);
}

struct ipc_chan *ipc_open(struct loop *loop, int fd, ipc_handler on_msg, ipc_closed on_close, void *arg)
{
	struct ipc_chan *ch = xcalloc(1, sizeof(*ch));
	ch->loop = loop;
	ch->fd = fd;
	ch->on_msg = on_msg;
	ch->on_close = on_close;
	ch->arg = arg;
	ch->rx_fd = -1;
	task_init(&ch->report, report_task, ch);
	task_init(&ch->soon, soon_task, ch);
	timer_init(&ch->drain, drain_timer_fired, ch);
	fd_set_nonblock(fd);
	if (loop_io_add(loop, fd, EPOLLIN, ipc_io, ch) < 0)
		fatal("ipc: cannot watch fd %d: %s", fd, strerror(errno));
	return ch;
}

/* Give queued frames a bounded time to go out (at exit). */
static void flush_before_close(struct ipc_chan *ch)
{
	uint64_t deadline = mono_now_us() + (uint64_t)CLOSE_FLUSH_MS * 1000;
	while (ch->q_head && !ch->broken) {
		if (flush(ch) < 0 || !ch->q_head)
			break;
		uint64_t now = mono_now_us();
		if (now >= deadline)
			break;
		struct pollfd pfd = { ch->fd, POLLOUT, 0 };
		poll(&pfd, 1, (int)((deadline - now) / 1000) + 1);
	}
}

/* Stop watching, close and free; queued frames are dropped. Inside
 * ipc_readable() the memory itself goes when it returns. */
static void chan_free(struct ipc_chan *ch)
{
	if (ch->freed)
		return;
	task_cancel(ch->loop, &ch->report);
	task_cancel(ch->loop, &ch->soon);
	timer_stop(ch->loop, &ch->drain);
	loop_io_del(ch->loop, ch->fd);
	close(ch->fd);
	queue_free(ch);
	ipc_reasm_reset(&ch->reasm);
	drop_rx_fd(ch);
	if (ch->dispatching)
		ch->freed = true;
	else
		free(ch);
}

void ipc_close(struct ipc_chan *ch)
{
	if (!ch)
		return;
	flush_before_close(ch);
	chan_free(ch);
}

void ipc_forget(struct ipc_chan *ch)
{
	if (ch)
		chan_free(ch);
}
