/* vrrp_garp.c - gratuitous ARP for IPv4 virtual addresses. See vrrp_net.h.
 *
 * The frame is the classic one: an ARP request broadcast to
 * ff:ff:ff:ff:ff:ff from the interface's MAC, with sender MAC = interface
 * MAC, sender IP = target IP = the VIP, target MAC ff:ff:ff:ff:ff:ff (the
 * interface's broadcast address, as keepalived 2.2.7 puts it on the wire).
 */
#include "vrrp_net.h"

#include "log.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <string.h>
#include <sys/socket.h>

#define GARP_FRAME_LEN 60   /* ETH_ZLEN: 14 + 28 bytes of ARP, zero-padded */

/* Contract: fill f[GARP_FRAME_LEN] with the gratuitous ARP for addr from
 * mac. (The netns self-test checks the frame as it is received.) */
static void garp_frame(uint8_t *f, const uint8_t mac[6], struct in_addr addr)
{
	memset(f, 0, GARP_FRAME_LEN);
	/* Ethernet */
	memset(f, 0xff, 6);
	memcpy(f + 6, mac, 6);
	f[12] = ETH_P_ARP >> 8;
	f[13] = ETH_P_ARP & 0xff;
	/* ARP (RFC 826) */
	uint8_t *a = f + 14;
	a[0] = ARPHRD_ETHER >> 8;
	a[1] = ARPHRD_ETHER & 0xff;
	a[2] = ETH_P_IP >> 8;
	a[3] = ETH_P_IP & 0xff;
	a[4] = 6;                       /* hardware address length */
	a[5] = 4;                       /* protocol address length */
	a[6] = ARPOP_REQUEST >> 8;
	a[7] = ARPOP_REQUEST & 0xff;
	memcpy(a + 8, mac, 6);          /* sender MAC */
	memcpy(a + 14, &addr.s_addr, 4);/* sender IP */
	memset(a + 18, 0xff, 6);        /* target MAC: broadcast */
	memcpy(a + 24, &addr.s_addr, 4);/* target IP */
}

/* Contract: see vrrp_net.h. Sent on the interface's packet socket, which
 * stays open (closing an AF_PACKET socket waits for an RCU grace period:
 * 10-25 ms on a busy host, far too long to do per frame). Non-blocking: a
 * full send buffer drops the frame (logged) rather than stall the child. */
int garp_send(struct netif *nf, const char *ifname, struct in_addr addr)
{
	char ip[INET_ADDRSTRLEN];   /* the address as text, for the error lines only */

	unsigned ifindex = netif_index(nf, ifname);
	if (!ifindex) {
		inet_ntop(AF_INET, &addr, ip, sizeof(ip));
		log_err("gratuitous ARP for %s: no interface '%s'", ip, ifname);
		return -1;
	}
	uint8_t mac[6];
	if (netif_hwaddr(nf, ifindex, mac) < 0)
		return -1;
	int fd = netif_packet_fd(nf, ifindex);
	if (fd < 0)
		return -1;
	uint8_t frame[GARP_FRAME_LEN];
	garp_frame(frame, mac, addr);

	struct sockaddr_ll ll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ARP),
		.sll_ifindex = (int)ifindex,
		.sll_halen = 6,
	};
	memset(ll.sll_addr, 0xff, 6);
	ssize_t n;
	do
		n = sendto(fd, frame, sizeof(frame), 0, (struct sockaddr *)&ll, sizeof(ll));
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)sizeof(frame)) {
		int e = errno;
		inet_ntop(AF_INET, &addr, ip, sizeof(ip));
		errno = e;
		log_err("gratuitous ARP for %s on %s failed: %s", ip, ifname,
			n < 0 ? strerror(errno) : "short write");
		return -1;
	}
	return 0;
}
