/* vrrp_socket6.c - the raw IPPROTO_VRRP socket of one interface over IPv6.
 * See vrrp_net6.h. The kernel neither adds nor checks the VRRP checksum on
 * this socket (no IPV6_CHECKSUM): vrrp_packet6.c computes and verifies it. */
#include "vrrp_net.h"
#include "vrrp_net6.h"
#include "vrrp_packet.h"

#include "log.h"
#include "util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define VRRP_TCLASS 0xc0   /* internet control, as keepalived and FRR send */

/* Contract: see vrrp_net6.h. */
int vrrp_socket6_open(const char *ifname, unsigned ifindex, const struct in6_addr *group)
{
	int fd = socket(AF_INET6, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, VRRP_PROTO);
	if (fd < 0) {
		int e = errno;
		log_err("vrrp IPv6 socket on %s: socket(): %s", ifname, strerror(e));
		errno = e;
		return -1;
	}
	int one = 1, zero = 0, hops = VRRP_TTL, tclass = VRRP_TCLASS, idx = (int)ifindex;
	bool mcast = group && IN6_IS_ADDR_MULTICAST(group);
	if (vrrp_sockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname, (socklen_t)strlen(ifname) + 1,
		         "SO_BINDTODEVICE", ifname) < 0 ||
	    vrrp_sockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one, sizeof(one), "IPV6_RECVPKTINFO", ifname) < 0 ||
	    vrrp_sockopt(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &one, sizeof(one), "IPV6_RECVHOPLIMIT", ifname) < 0 ||
	    vrrp_sockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &idx, sizeof(idx), "IPV6_MULTICAST_IF", ifname) < 0 ||
	    vrrp_sockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof(hops),
		         "IPV6_MULTICAST_HOPS", ifname) < 0 ||
	    (mcast && vrrp_sockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &hops, sizeof(hops),
			           "IPV6_UNICAST_HOPS", ifname) < 0) ||
	    vrrp_sockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &zero, sizeof(zero),
		         "IPV6_MULTICAST_LOOP", ifname) < 0 ||
	    vrrp_sockopt(fd, IPPROTO_IPV6, IPV6_TCLASS, &tclass, sizeof(tclass), "IPV6_TCLASS", ifname) < 0)
		goto fail;
	if (mcast) {
		struct ipv6_mreq mr = { .ipv6mr_multiaddr = *group, .ipv6mr_interface = ifindex };
		if (vrrp_sockopt(fd, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, &mr, sizeof(mr),
			         "IPV6_ADD_MEMBERSHIP", ifname) < 0)
			goto fail;
	}
	return fd;
fail:
	return close_keep_errno(fd);
}

int vrrp_socket6_send(int fd, const void *msg, size_t len, const struct in6_addr *src,
		      const struct in6_addr *dst, unsigned ifindex)
{
	return vrrp_socket6_send_hl(fd, msg, len, src, dst, ifindex, -1);
}

/* Contract: see vrrp_net6.h. The source and outgoing interface go in an
 * IPV6_PKTINFO control message, a hop limit in an IPV6_HOPLIMIT one; a
 * link-local destination gets ifindex as its scope. */
int vrrp_socket6_send_hl(int fd, const void *msg, size_t len, const struct in6_addr *src,
			 const struct in6_addr *dst, unsigned ifindex, int hoplimit)
{
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6, .sin6_addr = *dst };
	if (IN6_IS_ADDR_LINKLOCAL(dst) || IN6_IS_ADDR_MC_LINKLOCAL(dst))
		sin6.sin6_scope_id = ifindex;
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(struct in6_pktinfo)) + CMSG_SPACE(sizeof(int))];
	} cbuf;
	memset(&cbuf, 0, sizeof(cbuf));
	struct iovec iov = { .iov_base = (void *)msg, .iov_len = len };
	struct msghdr mh = {
		.msg_name = &sin6, .msg_namelen = sizeof(sin6),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf.buf,
		.msg_controllen = CMSG_SPACE(sizeof(struct in6_pktinfo)) +
				  (hoplimit >= 0 ? CMSG_SPACE(sizeof(int)) : 0),
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = IPPROTO_IPV6;
	c->cmsg_type = IPV6_PKTINFO;
	c->cmsg_len = CMSG_LEN(sizeof(struct in6_pktinfo));
	struct in6_pktinfo pi = { .ipi6_addr = *src, .ipi6_ifindex = ifindex };
	memcpy(CMSG_DATA(c), &pi, sizeof(pi));
	if (hoplimit >= 0) {
		c = CMSG_NXTHDR(&mh, c);
		c->cmsg_level = IPPROTO_IPV6;
		c->cmsg_type = IPV6_HOPLIMIT;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &hoplimit, sizeof(int));
	}

	ssize_t n;
	do
		n = sendmsg(fd, &mh, 0);
	while (n < 0 && errno == EINTR);
	if (n == (ssize_t)len)
		return 0;
	int e = n < 0 ? errno : EMSGSIZE;
	char a[INET6_ADDRSTRLEN];
	log_warn("vrrp send to %s failed: %s", inet_ntop(AF_INET6, dst, a, sizeof(a)) ? a : "?",
		 n < 0 ? strerror(e) : "short write");
	errno = e;
	return -1;
}

/* Contract: see vrrp_net6.h. A message longer than cap is cut to cap
 * (its address count then overruns it and the parser drops it). */
ssize_t vrrp_socket6_recv(int fd, uint8_t *buf, size_t cap, struct vrrp_rx6_meta *meta)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(struct in6_pktinfo)) + CMSG_SPACE(sizeof(int))];
	} cbuf;
	struct sockaddr_in6 from;
	struct iovec iov = { .iov_base = buf, .iov_len = cap };
	struct msghdr mh = {
		.msg_name = &from, .msg_namelen = sizeof(from),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf.buf, .msg_controllen = sizeof(cbuf.buf),
	};
	memset(meta, 0, sizeof(*meta));
	meta->hoplimit = -1;
	memset(&from, 0, sizeof(from));
	ssize_t n;
	do
		n = recvmsg(fd, &mh, MSG_DONTWAIT);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return vrrp_recv_failed(fd);
	meta->src = from.sin6_addr;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level != IPPROTO_IPV6)
			continue;
		if (c->cmsg_type == IPV6_PKTINFO) {
			struct in6_pktinfo pi;
			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			meta->dst = pi.ipi6_addr;
			meta->ifindex = (int)pi.ipi6_ifindex;
		} else if (c->cmsg_type == IPV6_HOPLIMIT) {
			memcpy(&meta->hoplimit, CMSG_DATA(c), sizeof(int));
		}
	}
	return n;
}
