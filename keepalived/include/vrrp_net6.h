/* vrrp_net6.h - the kernel side of VRRP over IPv6: the protocol-112 IPv6
 * raw socket (vrrp_socket6.c) and unsolicited neighbour advertisements on
 * a packet socket (vrrp_ndisc.c). Frames and messages are built by the pure
 * code of vrrp_packet6.h.
 */
#ifndef KA_VRRP_NET6_H
#define KA_VRRP_NET6_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Open a raw IPv6 socket for protocol 112 bound to ifname (ifindex):
 * traffic class 0xc0, multicast out of ifindex with hop limit 255 and loop
 * off, the hop limit and destination of each received packet reported.
 * With a multicast group: the group joined and unicast hop limit 255 too;
 * with any other group (a unicast instance's socket) the kernel's unicast
 * hop limit stays. O_NONBLOCK, O_CLOEXEC. Returns the fd or -1 (logged,
 * errno set). */
int vrrp_socket6_open(const char *ifname, unsigned ifindex, const struct in6_addr *group);

/* Send a VRRP message (built with vrrp6_advert_build() for this src and
 * dst) from src out of ifindex. 0, or -1 (logged). */
int vrrp_socket6_send(int fd, const void *msg, size_t len, const struct in6_addr *src,
		      const struct in6_addr *dst, unsigned ifindex);
/* The same with this hop limit (0..255; -1: the socket's). */
int vrrp_socket6_send_hl(int fd, const void *msg, size_t len, const struct in6_addr *src,
			 const struct in6_addr *dst, unsigned ifindex, int hoplimit);

/* What travels beside a received message. */
struct vrrp_rx6_meta {
	struct in6_addr src, dst;
	int hoplimit;            /* -1 when the kernel gave none */
	int ifindex;             /* arrival interface, 0 when unknown */
};

/* Receive one message (no IPv6 header). Returns its length, 0 when nothing
 * is waiting, -1 on error (logged). */
ssize_t vrrp_socket6_recv(int fd, uint8_t *buf, size_t cap, struct vrrp_rx6_meta *meta);

/* Send one unsolicited neighbour advertisement for vip from mac out of
 * ifindex on the AF_PACKET socket fd (-1: a socket is opened for this one
 * frame). The Router flag is set when IPv6 forwarding is on for ifname (as
 * keepalived does). 0, or -1 (logged). */
int ndisc_send_na(int fd, const char *ifname, unsigned ifindex, const uint8_t mac[6],
		  const struct in6_addr *vip);

/* IPv6 forwarding is on for ifname (/proc/sys/net/ipv6/conf/IF/forwarding). */
bool ndisc_forwarding(const char *ifname);

#endif
