/* bfd_net.c - the BFD child's sockets (RFC 5881): one listening socket on
 * UDP 3784 for every session (IPv6 with IPv4-mapped addresses, or IPv4
 * only when the host has no IPv6), receiving the TTL / hop limit and the
 * destination address; one sending socket per session bound to a port in
 * 49152-65535. A received packet is checked (bfd_pkt_parse), matched to
 * its session (by Your Discriminator, else by source and destination
 * address, as keepalived), TTL-checked against max_hops (GTSM, RFC 5881
 * 5: with keepalived's rule, received TTL + max_hops >= our ttl, unless
 * max_hops is 255) and handed to bfd_session_rx().
 */
#include "bfd.h"
#include "check_conf.h"
#include "log.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

static void set_int(int fd, int level, int opt, int v, const char *what)
{
	if (setsockopt(fd, level, opt, &v, sizeof(v)) < 0)
		log_err("BFD socket: %s: %s", what, strerror(errno));
}

/* A received packet's addresses as ka_addr (IPv4-mapped -> IPv4). */
static void from_sockaddr(const struct sockaddr_storage *ss, struct ka_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (ss->ss_family == AF_INET) {
		a->family = AF_INET;
		a->u.v4 = ((const struct sockaddr_in *)ss)->sin_addr;
	} else if (ss->ss_family == AF_INET6) {
		const struct in6_addr *v6 = &((const struct sockaddr_in6 *)ss)->sin6_addr;
		if (IN6_IS_ADDR_V4MAPPED(v6)) {
			a->family = AF_INET;
			memcpy(&a->u.v4, &v6->s6_addr[12], 4);
		} else {
			a->family = AF_INET6;
			a->u.v6 = *v6;
		}
	}
}

/* One received datagram with its TTL and destination address. */
struct rx_dgram {
	uint8_t buf[128];
	ssize_t len;
	struct ka_addr src, dst;
	int ttl;                 /* -1 = not given */
};

static bool rx_read(int fd, struct rx_dgram *d)
{
	struct sockaddr_storage from;
	char cbuf[256] __attribute__((aligned(__alignof__(struct cmsghdr))));
	struct iovec iov = { d->buf, sizeof(d->buf) };
	struct msghdr msg = { .msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	d->len = recvmsg(fd, &msg, MSG_DONTWAIT);
	if (d->len < 0)
		return false;
	from_sockaddr(&from, &d->src);
	memset(&d->dst, 0, sizeof(d->dst));
	d->ttl = -1;
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm)) {
		if ((cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_TTL) ||
		    (cm->cmsg_level == IPPROTO_IPV6 && cm->cmsg_type == IPV6_HOPLIMIT)) {
			int v;
			memcpy(&v, CMSG_DATA(cm), sizeof(v));
			d->ttl = v;
		} else if (cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_PKTINFO) {
			struct in_pktinfo pi;
			memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
			d->dst.family = AF_INET;
			d->dst.u.v4 = pi.ipi_addr;
		} else if (cm->cmsg_level == IPPROTO_IPV6 && cm->cmsg_type == IPV6_PKTINFO) {
			struct in6_pktinfo pi;
			memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
			struct sockaddr_storage ss = { .ss_family = AF_INET6 };
			((struct sockaddr_in6 *)&ss)->sin6_addr = pi.ipi6_addr;
			from_sockaddr(&ss, &d->dst);
		}
	}
	return !(msg.msg_flags & MSG_TRUNC);
}

/* The session a packet is for: Your Discriminator when set, else the
 * neighbour (and the source address, when the instance has one). */
static struct bfd_session *find(struct bfd_child *c, const struct bfd_pkt *p, const struct rx_dgram *d)
{
	for (struct bfd_session *s = c->sessions; s; s = s->next) {
		if (p->your_discr) {
			if (s->local_discr == p->your_discr)
				return s;
		} else if (ka_addr_eq(&s->conf.neighbor, &d->src) &&
			   (!s->conf.source.family || !d->dst.family || ka_addr_eq(&s->conf.source, &d->dst))) {
			return s;
		}
	}
	return NULL;
}

static void on_readable(void *arg, int fd, uint32_t events)
{
	struct bfd_child *c = arg;
	char a[64];
	for (int n = 0; n < 64; n++) {
		struct rx_dgram d;
		if (!rx_read(fd, &d))
			return;
		struct bfd_pkt p;
		enum bfd_rx_err e = bfd_pkt_parse(d.buf, (size_t)d.len, &p);
		if (e != BFD_RX_OK) {
			c->n_rx_bad++;
			log_debug("BFD: discarding a packet from %s: %s", bfd_addr_str(&d.src, a, sizeof(a)),
				  bfd_rx_err_str(e));
			continue;
		}
		struct bfd_session *s = find(c, &p, &d);
		if (!s) {
			c->n_rx_unknown++;
			log_debug("BFD: discarding a packet from %s: no session (your discriminator 0x%08x)",
				  bfd_addr_str(&d.src, a, sizeof(a)), p.your_discr);
			continue;
		}
		if (s->conf.max_hops != 255 && d.ttl >= 0 && d.ttl + s->conf.max_hops < s->conf.ttl) {
			s->n_rx_bad++;
			log_debug("BFD_Instance(%s) discarding a packet from %s: %s %d below %d", s->conf.name,
				  bfd_addr_str(&d.src, a, sizeof(a)), d.src.family == AF_INET ? "ttl" : "hop limit",
				  d.ttl, s->conf.ttl - s->conf.max_hops);
			continue;
		}
		bfd_session_rx(s, &p);
	}
}

/* Contract: see bfd.h. */
void bfd_net_listen(struct bfd_child *c)
{
	if (c->fd_in_tried)
		return;
	c->fd_in_tried = true;
	int fd = socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	bool v6 = fd >= 0;
	if (!v6)
		fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		log_err("BFD: cannot open the listening socket: %s", strerror(errno));
		return;
	}
	set_int(fd, IPPROTO_IP, IP_RECVTTL, 1, "IP_RECVTTL");
	set_int(fd, IPPROTO_IP, IP_PKTINFO, 1, "IP_PKTINFO");
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof(ss));
	socklen_t sl;
	if (v6) {
		set_int(fd, IPPROTO_IPV6, IPV6_V6ONLY, 0, "IPV6_V6ONLY");
		set_int(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1, "IPV6_RECVHOPLIMIT");
		set_int(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1, "IPV6_RECVPKTINFO");
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(BFD_PORT);
		sl = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
		s4->sin_family = AF_INET;
		s4->sin_port = htons(BFD_PORT);
		sl = sizeof(*s4);
	}
	if (bind(fd, (struct sockaddr *)&ss, sl) < 0) {
		log_err("BFD: cannot bind UDP port %d: %s - no packet will be received", BFD_PORT, strerror(errno));
		close(fd);
		return;
	}
	c->fd_in = fd;
	loop_io_add(c->loop, fd, EPOLLIN, on_readable, c);
}

/* Contract: see bfd.h. */
void bfd_net_close(struct bfd_child *c)
{
	if (c->fd_in >= 0)
		loop_io_close(c->loop, c->fd_in);
	c->fd_in = -1;
}

/* addr (or the family's any address) and port as a sockaddr. */
static socklen_t to_sockaddr(const struct ka_addr *addr, sa_family_t family, uint16_t port,
			     struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		if (addr && addr->family)
			s4->sin_addr = addr->u.v4;
		return sizeof(*s4);
	}
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	s6->sin6_family = AF_INET6;
	s6->sin6_port = htons(port);
	if (addr && addr->family)
		s6->sin6_addr = addr->u.v6;
	return sizeof(*s6);
}

/* Contract: see bfd.h. The port is tried from a random start. */
int bfd_net_open_out(const struct bfd_instance_conf *conf, uint16_t *port, bool quiet)
{
	sa_family_t fam = conf->neighbor.family;
	int fd = socket(fam, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		if (!quiet)
			log_err("BFD_Instance(%s) socket: %s", conf->name, strerror(errno));
		return -1;
	}
	if (fam == AF_INET)
		set_int(fd, IPPROTO_IP, IP_TTL, conf->ttl, "IP_TTL");
	else
		set_int(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, conf->ttl, "IPV6_UNICAST_HOPS");
	unsigned span = BFD_SRC_PORT_MAX - BFD_SRC_PORT_MIN + 1;
	unsigned start = (unsigned)random() % span;
	int err = 0;
	for (unsigned i = 0; i < span; i++) {
		uint16_t p = (uint16_t)(BFD_SRC_PORT_MIN + (start + i) % span);
		struct sockaddr_storage ss;
		socklen_t sl = to_sockaddr(&conf->source, fam, p, &ss);
		if (bind(fd, (struct sockaddr *)&ss, sl) == 0) {
			*port = p;
			shutdown(fd, SHUT_RD);   /* answers come to port 3784 */
			return fd;
		}
		err = errno;
		if (err != EADDRINUSE)
			break;
	}
	char a[64];
	if (!quiet)
		log_err("BFD_Instance(%s) cannot bind a source port on %s: %s", conf->name,
		conf->source.family ? bfd_addr_str(&conf->source, a, sizeof(a)) : "any address", strerror(err));
	close(fd);
	return -1;
}

/* Contract: see bfd.h. */
bool bfd_net_send(const struct bfd_session *s, const uint8_t *buf, size_t len)
{
	struct sockaddr_storage ss;
	socklen_t sl = to_sockaddr(&s->conf.neighbor, s->conf.neighbor.family, BFD_PORT, &ss);
	if (sendto(s->fd, buf, len, 0, (struct sockaddr *)&ss, sl) == (ssize_t)len)
		return true;
	log_debug("BFD_Instance(%s) sendto: %s", s->conf.name, strerror(errno));
	return false;
}
