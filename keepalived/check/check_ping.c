/* check_ping.c - PING_CHECK (a check_type.h row): an ICMP / ICMPv6 echo
 * request per attempt; up when the matching reply comes back within
 * connect_timeout, down on a timeout or an ICMP error about the request.
 *
 * One socket per address family serves every PING_CHECK of the checker: a
 * ping socket (SOCK_DGRAM, IPPROTO_ICMP[V6]; allowed by
 * net.ipv4.ping_group_range) when the kernel lets us have one, else a raw
 * socket (CAP_NET_RAW). We never change ping_group_range (keepalived does).
 * Each check owns a slot; its requests carry the slot as the sequence
 * number and (slot, attempt) as an 8-byte cookie in the data, so a reply is
 * matched to its check and attempt without a search (icmp_echo.c parses).
 * A check with bindto, bind_if or fwmark uses a socket of its own for each
 * attempt instead. */
#include "checker.h"
#include "check_icmp.h"
#include "log.h"
#include "util.h"

#include <errno.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

struct ping_sock {
	int fd;                 /* -1: not opened yet */
	bool raw;               /* raw socket: filter by our id; IPv4 has the IP header */
	uint16_t id;            /* raw sockets: the identifier we put in requests */
};

struct ping_socks {
	struct checker *ck;
	struct ping_sock s[2];  /* IPv4, IPv6 */
	struct check_rt_list slots;   /* slot (the requests' sequence number) -> check */
};

/* Across attempts (c->priv). */
struct ping_priv {
	uint32_t slot;
	uint32_t gen;           /* attempt number: in the cookie */
};

static struct ping_priv *priv(const struct check_rt *c)
{
	return c->priv;
}

static int fam_idx(sa_family_t af)
{
	return af == AF_INET6;
}

static socklen_t target_sa(const struct check_rt *c, struct sockaddr_storage *ss)
{
	struct ka_addr a;
	uint16_t port;
	check_target(c, &a, &port);
	memset(ss, 0, sizeof(*ss));
	if (a.family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
		s6->sin6_family = AF_INET6;
		s6->sin6_addr = a.u.v6;
		return sizeof(*s6);
	}
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	s4->sin_family = AF_INET;
	s4->sin_addr = a.u.v4;
	return sizeof(*s4);
}

/* A ping socket if allowed, else a raw one; non-blocking. *raw says which. */
static int open_icmp(sa_family_t af, bool *raw)
{
	int proto = af == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
	int fd = socket(af, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
	*raw = false;
	if (fd >= 0)
		return fd;
	fd = socket(af, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
	if (fd < 0)
		return -1;
	*raw = true;
	if (af == AF_INET6) {
		/* only what can be about our requests reaches us */
		struct icmp6_filter f;
		ICMP6_FILTER_SETBLOCKALL(&f);
		ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &f);
		ICMP6_FILTER_SETPASS(ICMP6_DST_UNREACH, &f);
		ICMP6_FILTER_SETPASS(ICMP6_PACKET_TOO_BIG, &f);
		ICMP6_FILTER_SETPASS(ICMP6_TIME_EXCEEDED, &f);
		setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &f, sizeof(f));
	}
	return fd;
}

static void cookie_of(uint32_t slot, uint32_t gen, uint8_t out[ICMP_ECHO_COOKIE_LEN])
{
	for (int i = 0; i < 4; i++) {
		out[i] = (uint8_t)(slot >> (24 - 8 * i));
		out[4 + i] = (uint8_t)(gen >> (24 - 8 * i));
	}
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Does the sender address match where the check pings? */
static bool from_target(const struct check_rt *c, const struct sockaddr_storage *from)
{
	struct sockaddr_storage t;
	target_sa(c, &t);
	if (from->ss_family != t.ss_family)
		return false;
	if (t.ss_family == AF_INET6)
		return memcmp(&((const struct sockaddr_in6 *)from)->sin6_addr, &((struct sockaddr_in6 *)&t)->sin6_addr,
			      16) == 0;
	return ((const struct sockaddr_in *)from)->sin_addr.s_addr == ((struct sockaddr_in *)&t)->sin_addr.s_addr;
}

/* One datagram from a socket of family af: report the attempt it answers.
 * only: the check whose own socket it came from (NULL: the shared one). */
static void on_datagram(struct ping_socks *ps, sa_family_t af, bool raw, uint16_t our_id, const uint8_t *buf,
			size_t len, const struct sockaddr_storage *from, struct check_rt *only)
{
	struct icmp_echo_info in;
	enum icmp_kind k = icmp_echo_parse(af, raw && af == AF_INET, buf, len, &in);
	if (k == ICMP_NOT_OURS || (raw && in.id != our_id))
		return;
	struct check_rt *c = NULL;
	if (k == ICMP_REPLY) {
		if (!in.has_cookie)
			return;
		uint32_t slot = be32(in.cookie);
		c = only ? only : slot < ps->slots.n ? ps->slots.c[slot] : NULL;
		if (!c || !c->running || priv(c)->slot != slot || priv(c)->gen != be32(in.cookie + 4) ||
		    !from_target(c, from))
			return;
		check_done(c, true, "echo reply");
		return;
	}
	/* an error quotes id and sequence only: the slot when slots fit in 16 bits */
	c = only ? only : ps->slots.n <= 65536 && in.seq < ps->slots.n ? ps->slots.c[in.seq] : NULL;
	if (!c || !c->running || (uint16_t)priv(c)->slot != in.seq)
		return;
	char e[80];
	check_done(c, false, "ICMP %s", icmp_error_str(af, in.err_type, in.err_code, e, sizeof(e)));
}

/* Read everything a socket has. */
static void drain(struct ping_socks *ps, int fd, sa_family_t af, bool raw, uint16_t id, struct check_rt *only)
{
	uint8_t buf[1500];
	for (;;) {
		struct sockaddr_storage from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(fd, buf, sizeof(buf), MSG_DONTWAIT, (struct sockaddr *)&from, &fl);
		if (n < 0)
			return;
		on_datagram(ps, af, raw, id, buf, (size_t)n, &from, only);
		if (only && !only->running)
			return;
	}
}

static void on_shared(void *arg, int fd, uint32_t events)
{
	struct ping_socks *ps = arg;
	int i = fd == ps->s[1].fd;
	(void)events;
	drain(ps, fd, i ? AF_INET6 : AF_INET, ps->s[i].raw, ps->s[i].id, NULL);
}

static struct ping_socks *socks_of(struct checker *ck)
{
	if (!ck->ping) {
		struct ping_socks *ps = xcalloc(1, sizeof(*ps));
		ps->ck = ck;
		ps->s[0].fd = ps->s[1].fd = -1;
		ck->ping = ps;
	}
	return ck->ping;
}

/* The shared socket of a family, opened on first use; -1 on failure. */
static int shared_fd(struct ping_socks *ps, sa_family_t af)
{
	struct ping_sock *s = &ps->s[fam_idx(af)];
	if (s->fd >= 0)
		return s->fd;
	s->fd = open_icmp(af, &s->raw);
	if (s->fd < 0)
		return -1;
	s->id = (uint16_t)random();
	if (loop_io_add(ps->ck->loop, s->fd, EPOLLIN, on_shared, ps) < 0) {
		close(s->fd);
		s->fd = -1;
		return -1;
	}
	log_info("PING_CHECK: IPv%d echo through a %s socket", af == AF_INET6 ? 6 : 4,
		 s->raw ? "raw" : "ping (SOCK_DGRAM)");
	return s->fd;
}

void check_ping_free(struct checker *ck)
{
	struct ping_socks *ps = ck->ping;
	if (!ps)
		return;
	for (int i = 0; i < 2; i++)
		if (ps->s[i].fd >= 0)
			loop_io_close(ck->loop, ps->s[i].fd);
	check_rt_list_free(&ps->slots);
	free(ps);
	ck->ping = NULL;
}

static void ping_rt_init(struct check_rt *c)
{
	struct ping_socks *ps = socks_of(c->rs->vs->ck);
	struct ping_priv *p = xcalloc(1, sizeof(*p));
	p->slot = (uint32_t)check_rt_list_add(&ps->slots, c);
	p->gen = (uint32_t)random();
	c->priv = p;
}

static void ping_rt_free(struct check_rt *c)
{
	struct ping_socks *ps = c->rs->vs->ck->ping;
	if (ps && priv(c)->slot < ps->slots.n && ps->slots.c[priv(c)->slot] == c)
		ps->slots.c[priv(c)->slot] = NULL;
	free(c->priv);
	c->priv = NULL;
}

/* A check's own socket (bindto, bind_if, fwmark). */
static int own_socket(struct check_rt *c, sa_family_t af, bool *raw)
{
	const struct check_conf *cc = c->conf;
	int fd = open_icmp(af, raw);
	if (fd < 0)
		return -1;
	if (cc->bind_if[0])
		setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, cc->bind_if, (socklen_t)strlen(cc->bind_if));
	if (cc->fwmark)
		setsockopt(fd, SOL_SOCKET, SO_MARK, &cc->fwmark, sizeof(cc->fwmark));
	if (cc->bindto.family == af) {
		struct sockaddr_storage ss;
		memset(&ss, 0, sizeof(ss));
		socklen_t l;
		if (af == AF_INET6) {
			((struct sockaddr_in6 *)&ss)->sin6_family = AF_INET6;
			((struct sockaddr_in6 *)&ss)->sin6_addr = cc->bindto.u.v6;
			l = sizeof(struct sockaddr_in6);
		} else {
			((struct sockaddr_in *)&ss)->sin_family = AF_INET;
			((struct sockaddr_in *)&ss)->sin_addr = cc->bindto.u.v4;
			l = sizeof(struct sockaddr_in);
		}
		if (bind(fd, (struct sockaddr *)&ss, l) < 0)
			return close_keep_errno(fd);
	}
	return fd;
}

static void ping_io(struct check_rt *c, uint32_t events)
{
	struct ping_socks *ps = c->rs->vs->ck->ping;
	struct sockaddr_storage t;
	(void)events;
	target_sa(c, &t);
	bool raw = (uintptr_t)c->att == 2;
	drain(ps, c->fd, t.ss_family, raw, (uint16_t)priv(c)->slot, c);
}

static void ping_start(struct check_rt *c)
{
	struct ping_socks *ps = socks_of(c->rs->vs->ck);
	struct ping_priv *p = priv(c);
	struct sockaddr_storage t;
	socklen_t tl = target_sa(c, &t);
	sa_family_t af = t.ss_family;
	bool own = c->conf->bindto.family || c->conf->bind_if[0] || c->conf->fwmark;
	bool raw;
	uint16_t id;
	int fd;
	if (own) {
		fd = own_socket(c, af, &raw);
		if (fd < 0) {
			check_done(c, false, "ICMP socket: %s", strerror(errno));
			return;
		}
		/* remember the socket kind for ping_io (att is not freed: release below) */
		c->att = (void *)(uintptr_t)(raw ? 2 : 1);
		if (!check_watch(c, fd, EPOLLIN))
			return;
		id = (uint16_t)p->slot;
	} else {
		fd = shared_fd(ps, af);
		if (fd < 0) {
			check_done(c, false, "no ICMP socket: %s", strerror(errno));
			return;
		}
		id = ps->s[fam_idx(af)].id;
	}
	uint8_t buf[ICMP_ECHO_LEN], cookie[ICMP_ECHO_COOKIE_LEN];
	p->gen++;
	cookie_of(p->slot, p->gen, cookie);
	size_t n = icmp_echo_build(af, id, (uint16_t)p->slot, cookie, buf, sizeof(buf));
	if (sendto(fd, buf, n, MSG_DONTWAIT, (struct sockaddr *)&t, tl) < 0)
		check_done(c, false, "echo request not sent: %s", strerror(errno));
}

static void ping_timeout(struct check_rt *c)
{
	check_done(c, false, "no echo reply within %u ms", c->conf->connect_timeout_ms);
}

/* c->att only tags the own socket's kind. */
static void ping_release(struct check_rt *c)
{
	c->att = NULL;
}

/* PING_CHECK has the shared options only. */
const struct conf_block check_ping_block = { "PING_CHECK", NULL, 0, NULL, NULL, &check_conn_block };

static const struct conf_field ping_rows[] = {
	CF_UANY(struct ping_check_conf, unused),      /* nothing of its own */
};
const struct conf_struct_desc check_ping_desc = CF_DESC(struct ping_check_conf, 0, ping_rows, NULL);

const struct check_ops check_ops_ping = {
	.id = CHECK_PING,
	.name = "PING_CHECK",
	.block = &check_ping_block,
	.default_retry = 1,
	.default_delay_before_retry_ms = 1000,
	.start = ping_start,
	.io = ping_io,
	.timeout = ping_timeout,
	.release = ping_release,
	.rt_init = ping_rt_init,
	.rt_free = ping_rt_free,
};
