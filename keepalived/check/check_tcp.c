/* check_tcp.c - TCP_CHECK (a check_type.h row): a non-blocking connect
 * that must complete within connect_timeout (the server's SYN-ACK). */
#include "checker.h"

#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>

/* The socket became writable (or failed): the connect finished. */
static void tcp_io(struct check_rt *c, uint32_t events)
{
	int err = events & (EPOLLERR | EPOLLHUP) ? check_sock_error(c) : 0;
	if (err)
		check_done(c, false, "connect failed: %s", strerror(err));
	else
		check_done(c, true, "connected");
}

/* As haproxy does: the handshake's last ACK is held back (TCP_QUICKACK
 * off) and a connection that worked is closed with a reset (SO_LINGER 0).
 * The verdict is the same - the connect succeeds on the server's SYN-ACK
 * either way - but the server's application is not woken for every check
 * and no TIME_WAIT socket is left behind. */
static void tcp_start(struct check_rt *c)
{
	int fd = check_sock_connect(c, SOCK_STREAM, IPPROTO_TCP, CHECK_SOCK_CLIENT_FIRST | CHECK_SOCK_RESET_CLOSE);
	if (fd < 0) {
		check_done(c, false, "connect failed: %s", strerror(errno));
		return;
	}
	/* a near server may have completed the handshake already: a
	 * zero-length send says so (0), or that it is still going (EAGAIN) */
	if (send(fd, "", 0, MSG_DONTWAIT | MSG_NOSIGNAL) == 0) {
		c->fd = fd;      /* closed by the core */
		check_done(c, true, "connected");
		return;
	}
	if (errno != EAGAIN && errno != EWOULDBLOCK && errno != ENOTCONN && errno != EINTR) {
		int e = errno;
		c->fd = fd;
		check_done(c, false, "connect failed: %s", strerror(e));
		return;
	}
	check_watch(c, fd, EPOLLOUT);
}

static void tcp_timeout(struct check_rt *c)
{
	check_done(c, false, "connect timeout");
}

/* TCP_CHECK has the shared options only. */
const struct conf_block check_tcp_block = { "TCP_CHECK", NULL, 0, NULL, NULL, &check_conn_block };

static const struct conf_field tcp_rows[] = {
	CF_UANY(struct ping_check_conf, unused),      /* nothing of its own */
};
const struct conf_struct_desc check_tcp_desc = CF_DESC(struct ping_check_conf, 0, tcp_rows, NULL);

const struct check_ops check_ops_tcp = {
	.id = CHECK_TCP,
	.name = "TCP_CHECK",
	.block = &check_tcp_block,
	.default_retry = 1,
	.default_delay_before_retry_ms = 1000,
	.needs_port = true,
	.over_tcp = true,
	.start = tcp_start,
	.io = tcp_io,
	.timeout = tcp_timeout,
};
