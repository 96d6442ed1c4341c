/* check_tcp.c - TCP_CHECK (a non-blocking connect that must complete within
 * connect_timeout), the connect helpers HTTP/SSL and UDP share, and
 * releasing an attempt's resources. */
#include "checker.h"
#include "log.h"
#include "util.h"

#include <errno.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

static socklen_t make_sa(const struct ka_addr *a, uint16_t port, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
		s6->sin6_family = AF_INET6;
		s6->sin6_addr = a->u.v6;
		s6->sin6_port = htons(port);
		return sizeof(*s6);
	}
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	s4->sin_family = AF_INET;
	s4->sin_addr = a->u.v4;
	s4->sin_port = htons(port);
	return sizeof(*s4);
}

/* A non-blocking socket of type/proto bound as the check says (bindto,
 * bind_port) and connecting to its target; -1 + errno on failure. */
static int connect_socket(struct check_rt *c, int type, int proto)
{
	struct ka_addr addr;
	uint16_t port;
	struct sockaddr_storage ss;
	check_target(c, &addr, &port);
	int fd = socket(addr.family == AF_INET6 ? AF_INET6 : AF_INET,
			type | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
	if (fd < 0)
		return -1;
	const struct check_conf *cc = c->conf;
	if (cc->bindto.family || cc->bind_port != CHECK_UNSET) {
		struct ka_addr b = cc->bindto;
		if (!b.family) {
			memset(&b, 0, sizeof(b));
			b.family = addr.family;
		}
		socklen_t l = make_sa(&b, cc->bind_port != CHECK_UNSET ? (uint16_t)cc->bind_port : 0, &ss);
		int one = 1;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(fd, (struct sockaddr *)&ss, l) < 0) {
			int e = errno;
			close(fd);
			errno = e;
			return -1;
		}
	}
	socklen_t l = make_sa(&addr, port, &ss);
	if (connect(fd, (struct sockaddr *)&ss, l) < 0 && errno != EINPROGRESS) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

int check_connect(struct check_rt *c)
{
	return connect_socket(c, SOCK_STREAM, IPPROTO_TCP);
}

int check_connect_udp(struct check_rt *c)
{
	return connect_socket(c, SOCK_DGRAM, IPPROTO_UDP);
}

void check_attempt_release(struct check_rt *c)
{
	struct loop *loop = c->rs->vs->ck->loop;
	if (c->ssl) {
		SSL_free(c->ssl);
		c->ssl = NULL;
	}
	c->ssl_connected = false;
	if (c->fd >= 0) {
		loop_io_del(loop, c->fd);
		close(c->fd);
		c->fd = -1;
	}
	if (c->http_active) {
		http_resp_free(&c->http);
		c->http_active = false;
	}
	free(c->req);
	c->req = NULL;
	if (c->misc) {
		c->misc->owner = NULL;   /* the script's callback frees the token */
		c->misc = NULL;
	}
}

/* The socket became writable: the connect finished, one way or the other. */
static void on_connected(void *arg, int fd, uint32_t events)
{
	struct check_rt *c = arg;
	int err = 0;
	socklen_t l = sizeof(err);
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &l) < 0)
		err = errno;
	if (err)
		check_done(c, false, -1, "connect failed: %s", strerror(err));
	else
		check_done(c, true, -1, "connected");
}

void check_tcp_start(struct check_rt *c)
{
	c->fd = check_connect(c);
	if (c->fd < 0) {
		check_done(c, false, -1, "connect failed: %s", strerror(errno));
		return;
	}
	if (loop_io_add(c->rs->vs->ck->loop, c->fd, EPOLLOUT, on_connected, c) < 0)
		check_done(c, false, -1, "cannot watch socket: %s", strerror(errno));
}
