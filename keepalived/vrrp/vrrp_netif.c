/* vrrp_netif.c - interface facts (index, state, addresses, MAC) and the
 * link/address change monitor. See vrrp_net.h. */
#include "vrrp_net.h"

#include "log.h"
#include "util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

/* Contract: ifindex of ifname, 0 when there is no such interface. */
unsigned netif_index(const char *ifname)
{
	return if_nametoindex(ifname);
}

/* ioctl() on a throwaway datagram socket with ifr naming ifname. 0 or -1. */
static int if_ioctl(const char *ifname, unsigned long req, struct ifreq *ifr)
{
	memset(ifr, 0, sizeof(*ifr));
	if (!str_copy(ifr->ifr_name, sizeof(ifr->ifr_name), ifname)) {
		errno = ENODEV;
		return -1;
	}
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	int r = ioctl(fd, req, ifr);
	int e = errno;
	close(fd);
	errno = e;
	return r;
}

/* Contract: see vrrp_net.h. A missing interface is simply "not up". */
bool netif_is_up(const char *ifname)
{
	struct ifreq ifr;
	if (if_ioctl(ifname, SIOCGIFFLAGS, &ifr) < 0)
		return false;
	return (ifr.ifr_flags & (IFF_UP | IFF_RUNNING)) == (IFF_UP | IFF_RUNNING);
}

/* Contract: see vrrp_net.h. Returns 0, or -1 (logged) when the interface
 * does not exist or has no 6-byte (Ethernet-like) hardware address. */
int netif_hwaddr(const char *ifname, uint8_t mac[6])
{
	struct ifreq ifr;
	if (if_ioctl(ifname, SIOCGIFHWADDR, &ifr) < 0) {
		log_err("cannot read the hardware address of %s: %s", ifname, strerror(errno));
		return -1;
	}
	if (ifr.ifr_hwaddr.sa_family != ARPHRD_ETHER) {
		log_err("%s is not an Ethernet interface (hw type %u)", ifname,
			(unsigned)ifr.ifr_hwaddr.sa_family);
		errno = EAFNOSUPPORT;
		return -1;
	}
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	return 0;
}

/* getifaddrs() names an IPv4 address by its label: "eth0" or "eth0:vip". */
static bool label_on(const char *label, const char *ifname)
{
	size_t n = strlen(ifname);
	return strncmp(label, ifname, n) == 0 && (label[n] == '\0' || label[n] == ':');
}

static bool skipped(struct in_addr a, const struct vip_conf *skip, size_t n_skip)
{
	for (size_t i = 0; i < n_skip; i++)
		if (skip[i].addr.family == AF_INET && skip[i].addr.u.v4.s_addr == a.s_addr)
			return true;
	return false;
}

/* Contract: see vrrp_net.h. Addresses come in kernel order (primary
 * addresses first); labelled aliases ("eth0:1") count as ifname's. */
bool netif_primary_ipv4(const char *ifname, const struct vip_conf *skip, size_t n_skip,
			struct in_addr *out)
{
	struct ifaddrs *list;
	bool found = false;

	if (getifaddrs(&list) < 0) {
		log_err("getifaddrs: %s", strerror(errno));
		return false;
	}
	for (struct ifaddrs *ifa = list; ifa && !found; ifa = ifa->ifa_next) {
		if (!ifa->ifa_addr || ifa->ifa_addr->sa_family != AF_INET ||
		    !label_on(ifa->ifa_name, ifname))
			continue;
		struct in_addr a = ((const struct sockaddr_in *)(const void *)ifa->ifa_addr)->sin_addr;
		if (skipped(a, skip, n_skip))
			continue;
		*out = a;
		found = true;
	}
	freeifaddrs(list);
	return found;
}

/* Contract: see vrrp_net.h. A non-blocking, close-on-exec NETLINK_ROUTE
 * socket subscribed to link and IPv4 address changes; -1 (logged) on error. */
int netif_monitor_open(bool log_addresses)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0) {
		log_err("link monitor: socket: %s", strerror(errno));
		return -1;
	}
	struct sockaddr_nl sa = {
		.nl_family = AF_NETLINK,
		.nl_groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR | (log_addresses ? RTMGRP_IPV6_IFADDR : 0),
	};
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int e = errno;
		log_err("link monitor: bind: %s", strerror(e));
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* -a: "Netlink reports ADDR/LEN added to IF" for one RTM_NEWADDR/DELADDR. */
static void log_address_change(const struct nlmsghdr *h)
{
	const struct ifaddrmsg *ifa = NLMSG_DATA(h);
	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*ifa)))
		return;
	int alen = (int)IFA_PAYLOAD(h);
	const void *addr = NULL;
	for (const struct rtattr *rta = IFA_RTA(ifa); RTA_OK(rta, alen); rta = RTA_NEXT(rta, alen)) {
		/* IFA_LOCAL is the address itself on point-to-point links */
		if (rta->rta_type == IFA_LOCAL || (rta->rta_type == IFA_ADDRESS && !addr))
			addr = RTA_DATA(rta);
	}
	if (!addr)
		return;
	char a[INET6_ADDRSTRLEN] = "?", ifn[IF_NAMESIZE] = "?";
	inet_ntop(ifa->ifa_family, addr, a, sizeof(a));
	if_indextoname(ifa->ifa_index, ifn);
	log_info("Netlink reports %s/%u %s %s", a, ifa->ifa_prefixlen,
		 h->nlmsg_type == RTM_NEWADDR ? "added to" : "removed from", ifn);
}

/* Contract: see vrrp_net.h. Reads every pending message; cb(arg) is called
 * once at the end when any link or IPv4 address message was seen, or when
 * the socket overflowed (ENOBUFS: events were lost, so assume a change). */
void netif_monitor_drain(int fd, bool log_addresses, void (*cb)(void *arg), void *arg)
{
	union {
		struct nlmsghdr align;
		char buf[16384];
	} u;
	bool changed = false;

	for (;;) {
		ssize_t n = recv(fd, u.buf, sizeof(u.buf), MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				changed = true;
				continue;
			}
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				log_warn("link monitor: recv: %s", strerror(errno));
			break;
		}
		if (n == 0)
			break;
		size_t len = (size_t)n;
		for (const struct nlmsghdr *h = &u.align; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
			switch (h->nlmsg_type) {
			case RTM_NEWLINK:
			case RTM_DELLINK:
			case RTM_NEWADDR:
			case RTM_DELADDR:
				if (log_addresses)
					log_address_change(h);
				changed = true;
				break;
			default:
				break;
			}
		}
	}
	if (changed && cb)
		cb(arg);
}
