/* check_sock.c - sockets for the engines: connecting to a check's target
 * (bindto, bind_port), watching the attempt's socket on the loop and
 * closing it when the attempt ends (see check_type.h). */
#include "checker.h"
#include "log.h"
#include "util.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
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

void check_target(const struct check_rt *c, struct ka_addr *addr, uint16_t *port)
{
	const struct check_conf *cc = c->conf;
	*addr = cc->connect_ip.family ? cc->connect_ip : c->rs->conf->addr;
	*port = cc->connect_port != CHECK_UNSET ? (uint16_t)cc->connect_port : c->rs->conf->port;
}

int check_sock_connect(struct check_rt *c, int type, int proto, unsigned flags)
{
	struct ka_addr addr;
	uint16_t port;
	struct sockaddr_storage ss;
	check_target(c, &addr, &port);
	int fd = socket(addr.family == AF_INET6 ? AF_INET6 : AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
	if (fd < 0)
		return -1;
	const struct check_conf *cc = c->conf;
	if (cc->bind_if[0] &&
	    setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, cc->bind_if, (socklen_t)strlen(cc->bind_if)) < 0)
		return close_keep_errno(fd);
	if (cc->fwmark && setsockopt(fd, SOL_SOCKET, SO_MARK, &cc->fwmark, sizeof(cc->fwmark)) < 0)
		return close_keep_errno(fd);
	if (cc->bindto.family || cc->bind_port != CHECK_UNSET) {
		struct ka_addr b = cc->bindto;
		if (!b.family) {
			memset(&b, 0, sizeof(b));
			b.family = addr.family;
		}
		socklen_t l = make_sa(&b, cc->bind_port != CHECK_UNSET ? (uint16_t)cc->bind_port : 0, &ss);
		int one = 1;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(fd, (struct sockaddr *)&ss, l) < 0)
			return close_keep_errno(fd);
	}
	if (flags & CHECK_SOCK_CLIENT_FIRST) {
		/* Delay the ACK that ends the handshake so that it leaves with
		 * our first bytes: one packet (and one wake-up of the server)
		 * less per check. */
		int zero = 0;
		setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &zero, sizeof(zero));
	}
	if (flags & CHECK_SOCK_RESET_CLOSE) {
		struct linger lg = { 1, 0 };
		setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	}
	socklen_t l = make_sa(&addr, port, &ss);
	if (connect(fd, (struct sockaddr *)&ss, l) < 0 && errno != EINPROGRESS)
		return close_keep_errno(fd);
	return fd;
}

static void on_io(void *arg, int fd, uint32_t events)
{
	struct check_rt *c = arg;
	(void)fd;
	if (c->running && c->ops->io)
		c->ops->io(c, events);
}

bool check_watch(struct check_rt *c, int fd, uint32_t events)
{
	c->fd = fd;
	if (loop_io_add(c->rs->vs->ck->loop, fd, events, on_io, c) == 0)
		return true;
	check_done(c, false, "cannot watch socket: %s", strerror(errno));
	return false;
}

void check_watch_mod(struct check_rt *c, uint32_t events)
{
	loop_io_mod(c->rs->vs->ck->loop, c->fd, events);
}

int check_sock_error(const struct check_rt *c)
{
	int err = 0;
	socklen_t l = sizeof(err);
	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &l) < 0)
		err = errno;
	return err;
}

void check_attempt_release(struct check_rt *c)
{
	if (c->ops->release)
		c->ops->release(c);
	else
		free(c->att);
	c->att = NULL;
	if (c->fd >= 0) {
		loop_io_close(c->rs->vs->ck->loop, c->fd);   /* not watched: just closed */
		c->fd = -1;
	}
}
