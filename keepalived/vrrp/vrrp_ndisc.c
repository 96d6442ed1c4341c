/* vrrp_ndisc.c - unsolicited neighbour advertisements for IPv6 virtual
 * addresses (the IPv6 counterpart of gratuitous ARP). See vrrp_net6.h; the
 * frame is built by na_frame_build() (vrrp_packet6.c). */
#include "vrrp_net6.h"
#include "vrrp_packet6.h"

#include "log.h"
#include "util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Contract: see vrrp_net6.h. An unreadable sysctl counts as off. */
bool ndisc_forwarding(const char *ifname)
{
	char path[128];
	snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/forwarding", ifname);
	char v[8];
	return sysctl_read(path, v, sizeof(v)) == 0 && v[0] == '1';
}

/* Contract: see vrrp_net6.h. */
int ndisc_send_na(int fd, const char *ifname, unsigned ifindex, const uint8_t mac[6],
		  const struct in6_addr *vip)
{
	char ip[INET6_ADDRSTRLEN];
	inet_ntop(AF_INET6, vip, ip, sizeof(ip));
	uint8_t frame[NA_FRAME_LEN];
	na_frame_build(frame, sizeof(frame), mac, vip, ndisc_forwarding(ifname));

	int own = -1;
	if (fd < 0) {
		own = fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
		if (fd < 0) {
			log_err("neighbour advert for %s: socket: %s", ip, strerror(errno));
			return -1;
		}
	}
	struct sockaddr_ll ll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_IPV6),
		.sll_ifindex = (int)ifindex,
		.sll_halen = 6,
	};
	memcpy(ll.sll_addr, frame, 6);
	ssize_t n;
	do
		n = sendto(fd, frame, sizeof(frame), 0, (struct sockaddr *)&ll, sizeof(ll));
	while (n < 0 && errno == EINTR);
	int e = errno;
	if (own >= 0)
		close(own);
	if (n != (ssize_t)sizeof(frame)) {
		log_err("neighbour advert for %s on %s failed: %s", ip, ifname,
			n < 0 ? strerror(e) : "short write");
		return -1;
	}
	return 0;
}
