/* vrrp_net.h - the kernel side of VRRP on IPv4: the protocol-112 socket,
 * virtual addresses (through libnl-route), gratuitous ARP (packet socket),
 * and interface state.
 */
#ifndef KA_VRRP_NET_H
#define KA_VRRP_NET_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"

/* ---- the VRRP socket: one per interface ------------------------------------ */
/* Open a raw IPPROTO_VRRP socket bound to ifname (SO_BINDTODEVICE), joined to
 * group on that interface, IP_HDRINCL for sending, multicast loop off,
 * non-blocking. Returns the fd or -1 (errno set, and logged). */
int vrrp_socket_open(const char *ifname, struct in_addr group);
/* The same for another IP protocol: 51 (AH) for VRRPv2 with AH authentication. */
int vrrp_socket_open_proto(const char *ifname, struct in_addr group, int proto);
/* Send a built packet to dst out of the socket's interface. 0 or -1. */
int vrrp_socket_send(int fd, const void *pkt, size_t len, struct in_addr dst);
/* Receive one packet (IP header included). Returns length, 0 when nothing
 * is pending, -1 on error. *ifindex is the arrival interface. */
ssize_t vrrp_socket_recv(int fd, uint8_t *buf, size_t cap, int *ifindex);
/* One received packet of a batch. A datagram longer than data is cut (and
 * then fails the length checks of vrrp_advert_parse()). */
struct vrrp_rx_pkt {
	uint8_t data[4096];
	size_t len;
	int ifindex;             /* arrival interface, 0 when unknown */
};
/* Receive up to n (at most 16) waiting packets with one system call.
 * Returns how many, 0 when none is waiting, -1 on error (logged). Fewer
 * than n means the queue was empty. */
int vrrp_socket_recv_batch(int fd, struct vrrp_rx_pkt *pkts, int n);
/* For both sockets (vrrp_socket6.c too): setsockopt() that logs what failed
 * ("vrrp socket on IFNAME: WHAT: error", "vrrp IPv6 socket ..." on an
 * AF_INET6 one), 0 or -1; and the end of a failed receive: 0 when nothing
 * was pending (EAGAIN), else -1, logged ("vrrp [IPv6 ]recv failed"). Both
 * keep errno. */
int vrrp_sockopt(int fd, int level, int opt, const void *val, socklen_t len, const char *what, const char *ifname);
int vrrp_recv_failed(int fd);

/* ---- interfaces and addresses: a cache fed by netlink (vrrp_netif.c) ------
 * The cache is filled by one dump at netif_new() and kept current from a
 * netlink socket subscribed to link and address changes: put netif_fd() on
 * the loop and call netif_drain() when it is readable. Queries never talk
 * to the kernel, so they cost no system call (the VRRP child asks them for
 * every instance on every change). A notification overflow (ENOBUFS) makes
 * netif_drain() dump everything again. */
struct netif;

enum netif_change {
	NETIF_CH_LINK = 1 << 0,   /* a link appeared, vanished or changed */
	NETIF_CH_ADDR = 1 << 1,   /* an address was added or removed */
	NETIF_CH_ADDR_GONE = 1 << 2,   /* one was removed (with NETIF_CH_ADDR) */
};

/* Open the monitor and dump links and addresses. NULL (logged) on error. */
struct netif *netif_new(void);
/* Close everything, packet sockets included. NULL is fine. */
void netif_free(struct netif *nf);
int netif_fd(const struct netif *nf);
/* Apply every pending notification; returns the NETIF_CH_* bits seen. */
unsigned netif_drain(struct netif *nf);
/* -a: log every address added or removed ("Netlink reports A/L added to IF"). */
void netif_log_addresses(struct netif *nf, bool on);

/* ifindex of a name, or 0 when it does not exist. */
unsigned netif_index(const struct netif *nf, const char *ifname);
/* true when the interface exists and is IFF_UP and IFF_RUNNING. */
bool netif_is_up(const struct netif *nf, const char *ifname);
/* Hardware address of an Ethernet-like interface (6 bytes). 0, or -1 (logged)
 * when the interface does not exist or has no such address. */
int netif_hwaddr(const struct netif *nf, unsigned ifindex, uint8_t mac[6]);
/* First IPv4 address configured on ifname (kernel order) that is not one of
 * skip[] (the instance's VIPs): the advert source. false when none. */
bool netif_primary_ipv4(const struct netif *nf, const char *ifname,
			const struct vip_conf *skip, size_t n_skip, struct in_addr *out);
/* First link-local IPv6 address on ifname (kernel order) that is not one of
 * skip[]: the source of an IPv6 instance's adverts. false when none. */
bool netif_linklocal6(const struct netif *nf, const char *ifname,
		      const struct vip_conf *skip, size_t n_skip, struct in6_addr *out);
/* true when addr (any prefix length) is configured on ifindex (on any
 * interface with ifindex 0). */
bool netif_has_addr(const struct netif *nf, unsigned ifindex, const struct ka_addr *addr);
/* What the cache knows of one link (for the USR1 dump). */
struct netif_link_info {
	unsigned ifindex;
	char name[IFNAMSIZ];
	unsigned flags;          /* IFF_* */
	uint16_t type;           /* ARPHRD_* */
	uint32_t mtu;
	bool has_mac;
	uint8_t mac[6], brd[6];
};
/* The i-th link of the cache (kernel order) into *out; false past the last. */
bool netif_link_at(const struct netif *nf, size_t i, struct netif_link_info *out);
/* The interface's packet socket (AF_PACKET, raw frames, never receives,
 * non-blocking): opened on first use and kept until the interface goes
 * away, for every protocol sent as whole frames (gratuitous ARP, IPv6
 * neighbour advertisements). -1 (logged) when the interface is unknown or
 * the socket cannot be opened. */
int netif_packet_fd(struct netif *nf, unsigned ifindex);

/* ---- virtual addresses (vrrp_vip.c) --------------------------------------
 * Requests are queued and sent in batches (many netlink messages per
 * sendmsg; the kernel answers each at once), so a thousand instances
 * becoming master at once cost a few system calls, not a thousand round
 * trips. The VRRP child flushes the queue once per loop turn. */
struct vip_nl;

struct vip_nl *vip_nl_new(void);
void vip_nl_free(struct vip_nl *vn);
/* Queue the add (add=true) or removal of vip on its device (vip->dev, else
 * default_dev, looked up in nf). -1 (logged) when the device does not exist
 * (a removal then counts as done: an address cannot outlive its device). */
int vip_queue(struct vip_nl *vn, const struct netif *nf, const struct vip_conf *vip,
	      const char *default_dev, bool add);
/* Requests queued and not yet sent. */
size_t vip_pending(const struct vip_nl *vn);
/* Send the queued requests, in order, and read the answers; failures are
 * logged (adding an address that exists or removing one that does not is
 * not a failure). With budget_us, stop after the chunk that used it up and
 * keep the rest queued; 0 sends everything. Returns the number of failed
 * requests. */
int vip_flush(struct vip_nl *vn, uint64_t budget_us);
/* One request, sent at once: 0 done, 1 nothing to do (already there / not
 * there), -1 error (logged). Queued requests are flushed first. */
int vip_add(struct vip_nl *vn, const struct netif *nf, const struct vip_conf *vip,
	    const char *default_dev);
int vip_del(struct vip_nl *vn, const struct netif *nf, const struct vip_conf *vip,
	    const char *default_dev);
/* true when the address is configured on its device (from the cache). */
bool vip_present(const struct netif *nf, const struct vip_conf *vip, const char *default_dev);

/* ---- gratuitous ARP (vrrp_garp.c) ------------------------------------------ */
/* Send one gratuitous ARP (request, sender = target = addr, broadcast) for
 * an IPv4 VIP out of ifname, on the interface's packet socket. 0 or -1. */
int garp_send(struct netif *nf, const char *ifname, struct in_addr addr);

#endif
