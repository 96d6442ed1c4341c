/* vrrp_socket.c - the raw IPPROTO_VRRP socket of one interface. See vrrp_net.h. */
#include "vrrp_net.h"
#include "vrrp_packet.h"

#include "log.h"
#include "util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define VRRP_SOCKET_RCVBUF (1024 * 1024)

/* " IPv6" for an AF_INET6 socket, for the messages of both kinds. */
static const char *kind_of(int fd)
{
	int dom = 0;
	socklen_t l = sizeof(dom);
	return getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &dom, &l) == 0 && dom == AF_INET6 ? " IPv6" : "";
}

/* Contract: see vrrp_net.h. */
int vrrp_sockopt(int fd, int level, int opt, const void *val, socklen_t len, const char *what, const char *ifname)
{
	if (setsockopt(fd, level, opt, val, len) == 0)
		return 0;
	int e = errno;
	log_err("vrrp%s socket on %s: %s: %s", kind_of(fd), ifname, what, strerror(e));
	errno = e;
	return -1;
}

/* Contract: see vrrp_net.h. */
int vrrp_recv_failed(int fd)
{
	if (errno == EAGAIN || errno == EWOULDBLOCK)
		return 0;
	int e = errno;
	log_warn("vrrp%s recv failed: %s", kind_of(fd), strerror(e));
	errno = e;
	return -1;
}

/* Contract: see vrrp_net.h. The socket is O_NONBLOCK and O_CLOEXEC, bound to
 * ifname, IP_HDRINCL (send whole packets from vrrp_advert_build()),
 * IP_PKTINFO on (vrrp_socket_recv reports the arrival ifindex), multicast
 * out of ifname with loop off. group is joined only when it is multicast
 * (a unicast group, e.g. INADDR_ANY, just skips the join). */
/* A unicast socket bound to no interface (an instance without one): routing
 * chooses the way to each peer. */
static int unbound_socket(int proto)
{
	int fd = socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
	if (fd < 0) {
		log_err("vrrp socket: socket(): %s", strerror(errno));
		return -1;
	}
	int one = 1;
	if (vrrp_sockopt(fd, IPPROTO_IP, IP_HDRINCL, &one, sizeof(one), "IP_HDRINCL", "(any)") < 0 ||
	    vrrp_sockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one), "IP_PKTINFO", "(any)") < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int vrrp_socket_open(const char *ifname, struct in_addr group)
{
	return vrrp_socket_open_proto(ifname, group, VRRP_PROTO);
}

int vrrp_socket_open_proto(const char *ifname, struct in_addr group, int proto)
{
	if (!ifname[0])
		return unbound_socket(proto);
	unsigned ifindex = if_nametoindex(ifname);
	if (!ifindex) {
		int e = errno;
		log_err("vrrp socket: no interface %s: %s", ifname, strerror(e));
		errno = e ? e : ENODEV;
		return -1;
	}
	int fd = socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
	if (fd < 0) {
		int e = errno;
		log_err("vrrp socket on %s: socket(): %s", ifname, strerror(e));
		errno = e;
		return -1;
	}
	int one = 1, zero = 0;
	struct ip_mreqn mr = { .imr_ifindex = (int)ifindex };
	if (vrrp_sockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname, (socklen_t)strlen(ifname) + 1,
		         "SO_BINDTODEVICE", ifname) < 0 ||
	    vrrp_sockopt(fd, IPPROTO_IP, IP_HDRINCL, &one, sizeof(one), "IP_HDRINCL", ifname) < 0 ||
	    vrrp_sockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one), "IP_PKTINFO", ifname) < 0 ||
	    vrrp_sockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &mr, sizeof(mr), "IP_MULTICAST_IF", ifname) < 0 ||
	    vrrp_sockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &zero, sizeof(zero),
		         "IP_MULTICAST_LOOP", ifname) < 0)
		goto fail;
	/* Room for a burst: 255 VRIDs at 10 adverts a second each, while the
	 * loop is busy for a moment (as root, beyond rmem_max). */
	int rcvbuf = VRRP_SOCKET_RCVBUF;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (IN_MULTICAST(ntohl(group.s_addr))) {
		mr.imr_multiaddr = group;
		if (vrrp_sockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr, sizeof(mr),
			         "IP_ADD_MEMBERSHIP", ifname) < 0)
			goto fail;
	}
	return fd;
fail:
	return close_keep_errno(fd);
}

/* Contract: see vrrp_net.h. pkt is a whole IPv4 packet (IP_HDRINCL); dst is
 * only used for routing (the header's own destination is what goes out).
 * A short write or any error is logged and returns -1. */
int vrrp_socket_send(int fd, const void *pkt, size_t len, struct in_addr dst)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr = dst };
	ssize_t n;
	do
		n = sendto(fd, pkt, len, 0, (const struct sockaddr *)&sin, sizeof(sin));
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		int e = errno;
		char a[INET_ADDRSTRLEN];
		log_warn("vrrp send to %s failed: %s",
			 inet_ntop(AF_INET, &dst, a, sizeof(a)) ? a : "?", strerror(e));
		errno = e;
		return -1;
	}
	if ((size_t)n != len) {
		log_warn("vrrp send: short write (%zd of %zu bytes)", n, len);
		errno = EMSGSIZE;
		return -1;
	}
	return 0;
}

/* The arrival ifindex from msg's IP_PKTINFO, 0 when there is none. */
static int pktinfo_ifindex(struct msghdr *msg)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c)) {
		if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
			struct in_pktinfo pi;
			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			return pi.ipi_ifindex;
		}
	}
	return 0;
}

/* Contract: see vrrp_net.h. One recvmmsg() for up to n packets. */
int vrrp_socket_recv_batch(int fd, struct vrrp_rx_pkt *pkts, int n)
{
	enum { MAXB = 16 };
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(struct in_pktinfo))];
	} cbuf[MAXB];
	struct mmsghdr mm[MAXB];
	struct iovec iov[MAXB];
	if (n > MAXB)
		n = MAXB;
	for (int i = 0; i < n; i++) {
		iov[i] = (struct iovec){ .iov_base = pkts[i].data, .iov_len = sizeof(pkts[i].data) };
		mm[i].msg_hdr = (struct msghdr){
			.msg_iov = &iov[i], .msg_iovlen = 1,
			.msg_control = cbuf[i].buf, .msg_controllen = sizeof(cbuf[i].buf),
		};
		mm[i].msg_len = 0;
	}
	int got;
	do
		got = recvmmsg(fd, mm, (unsigned)n, MSG_DONTWAIT, NULL);
	while (got < 0 && errno == EINTR);
	if (got < 0)
		return vrrp_recv_failed(fd);
	for (int i = 0; i < got; i++) {
		pkts[i].len = mm[i].msg_len;
		pkts[i].ifindex = pktinfo_ifindex(&mm[i].msg_hdr);
	}
	return got;
}

/* Contract: see vrrp_net.h. Non-blocking: 0 when nothing is pending. A
 * datagram larger than cap is truncated to cap (its IP total length then
 * exceeds what was read, so vrrp_advert_parse() reports it as too short).
 * *ifindex is 0 when the kernel gave no IP_PKTINFO. */
ssize_t vrrp_socket_recv(int fd, uint8_t *buf, size_t cap, int *ifindex)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(struct in_pktinfo))];
	} cbuf;
	struct sockaddr_in from;
	struct iovec iov = { .iov_base = buf, .iov_len = cap };
	struct msghdr msg = {
		.msg_name = &from, .msg_namelen = sizeof(from),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf.buf, .msg_controllen = sizeof(cbuf.buf),
	};
	ssize_t n;

	if (ifindex)
		*ifindex = 0;
	do
		n = recvmsg(fd, &msg, MSG_DONTWAIT);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return vrrp_recv_failed(fd);
	if (ifindex)
		*ifindex = pktinfo_ifindex(&msg);
	return n;
}
