/* ipc.c - typed messages over a SOCK_SEQPACKET socketpair (see ipc.h). */
#include "ipc.h"
#include "log.h"
#include "loop.h"
#include "util.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

struct ipc_chan {
	struct loop *loop;
	int fd;
	ipc_handler on_msg;
	ipc_closed on_close;
	void *arg;
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

/* Read one pending message and deliver it: 1. Nothing waiting: 0. The
 * peer closed (or the socket failed): -1, after on_close when report_close
 * (then ch may be gone). */
static int read_one(struct ipc_chan *ch, bool report_close)
{
	for (;;) {
		ssize_t n = recv(ch->fd, ch->buf, sizeof(ch->buf), MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			log_err("ipc: recv: %s", strerror(errno));
			n = 0;
		}
		if (n == 0) {
			if (report_close) {
				loop_io_del(ch->loop, ch->fd);
				if (ch->on_close)
					ch->on_close(ch->arg);
			}
			return -1;
		}
		struct ipc_hdr hdr;
		if ((size_t)n < sizeof(hdr)) {
			log_err("ipc: short message (%zd bytes), ignored", n);
			continue;
		}
		memcpy(&hdr, ch->buf, sizeof(hdr));
		if (hdr.len != (size_t)n - sizeof(hdr) || hdr.type == 0 || hdr.type >= IPC_TYPE_MAX) {
			log_err("ipc: malformed message type %u len %u (got %zd bytes), ignored",
				hdr.type, hdr.len, n);
			continue;
		}
		ch->on_msg(ch->arg, hdr.type, ch->buf + sizeof(hdr), hdr.len);
		return 1;
	}
}

/* One message per readable event (epoll is level-triggered, so the next
 * one comes on the next turn of the loop). A handler may therefore close
 * the channel: nothing touches ch after on_msg/on_close. */
static void ipc_readable(void *arg, int fd, uint32_t events)
{
	read_one(arg, true);
}

void ipc_drain(struct ipc_chan *ch)
{
	while (read_one(ch, false) > 0)
		;
}

struct ipc_chan *ipc_open(struct loop *loop, int fd, ipc_handler on_msg, ipc_closed on_close, void *arg)
{
	struct ipc_chan *ch = xcalloc(1, sizeof(*ch));
	ch->loop = loop;
	ch->fd = fd;
	ch->on_msg = on_msg;
	ch->on_close = on_close;
	ch->arg = arg;
	fd_set_nonblock(fd);
	if (loop_io_add(loop, fd, EPOLLIN, ipc_readable, ch) < 0)
		fatal("ipc: cannot watch fd %d: %s", fd, strerror(errno));
	return ch;
}

void ipc_close(struct ipc_chan *ch)
{
	if (!ch)
		return;
	loop_io_del(ch->loop, ch->fd);
	close(ch->fd);
	free(ch);
}

int ipc_send(struct ipc_chan *ch, uint32_t type, const void *payload, size_t len)
{
	if (len > IPC_MAX_MSG) {
		log_err("ipc: message type %u too large (%zu bytes)", type, len);
		return -1;
	}
	struct ipc_hdr hdr = { type, (uint32_t)len };
	struct iovec iov[2] = {
		{ &hdr, sizeof(hdr) },
		{ (void *)payload, len },
	};
	struct msghdr msg = { .msg_iov = iov, .msg_iovlen = len ? 2 : 1 };
	for (;;) {
		ssize_t n = sendmsg(ch->fd, &msg, MSG_NOSIGNAL);
		if (n >= 0)
			return 0;
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			/* The peer is slow: wait for room (messages are small). */
			struct timespec ts = { 0, 1000000 };
			nanosleep(&ts, NULL);
			continue;
		}
		log_err("ipc: send type %u: %s", type, strerror(errno));
		return -1;
	}
}

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
