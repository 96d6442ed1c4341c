/* vrrp_net.h - the kernel side of VRRP on IPv4: the protocol-112 socket,
 * virtual addresses (through libnl-route), gratuitous ARP (packet socket),
 * and interface state.
 */
#ifndef KA_VRRP_NET_H
#define KA_VRRP_NET_H

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
/* Send a built packet to dst out of the socket's interface. 0 or -1. */
int vrrp_socket_send(int fd, const void *pkt, size_t len, struct in_addr dst);
/* Receive one packet (IP header included). Returns length, 0 when nothing
 * is pending, -1 on error. *ifindex is the arrival interface. */
ssize_t vrrp_socket_recv(int fd, uint8_t *buf, size_t cap, int *ifindex);

/* ---- interfaces ------------------------------------------------------------ */
/* ifindex of a name, or 0 when it does not exist. */
unsigned netif_index(const char *ifname);
/* true when the interface exists and is IFF_UP and IFF_RUNNING. */
bool netif_is_up(const char *ifname);
/* First IPv4 address configured on ifname that is not one of skip[] (the
 * instance's VIPs): the advert source. false when none. */
bool netif_primary_ipv4(const char *ifname, const struct vip_conf *skip, size_t n_skip,
			struct in_addr *out);
/* Hardware address of ifname (6 bytes). 0 or -1. */
int netif_hwaddr(const char *ifname, uint8_t mac[6]);

/* Link-state notifications: an fd to put on the loop; on readable, call
 * netif_monitor_drain(), which calls cb(arg) once if any link changed.
 * With log_addresses (-a), IPv6 address changes are watched too and every
 * address added or removed is logged. */
int netif_monitor_open(bool log_addresses);
void netif_monitor_drain(int fd, bool log_addresses, void (*cb)(void *arg), void *arg);

/* ---- virtual addresses (libnl-route) -------------------------------------- */
/* Add/remove one VIP on dev (vip->dev overrides default_dev).
 * vip_add: 0 if added, 1 if it was already there, -1 on error (logged).
 * vip_del: 0 if removed, 1 if it was not there, -1 on error (logged). */
int vip_add(const struct vip_conf *vip, const char *default_dev);
int vip_del(const struct vip_conf *vip, const char *default_dev);
/* true when the address is configured on the device. */
bool vip_present(const struct vip_conf *vip, const char *default_dev);

/* ---- gratuitous ARP ------------------------------------------------------ */
/* Send one gratuitous ARP (request, sender = target = addr, broadcast) for
 * an IPv4 VIP out of ifname. 0 or -1. */
int garp_send(const char *ifname, struct in_addr addr);

#endif
