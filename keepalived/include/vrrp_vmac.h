/* vrrp_vmac.h - VMAC interfaces (use_vmac): a macvlan on an instance's
 * interface carrying the virtual MAC of RFC 3768/5798 7.3, created and
 * removed through libnl-route, with the sysctls keepalived 2.2.7 sets.
 *
 *   IPv4: 00:00:5e:00:01:VRID     IPv6: 00:00:5e:00:02:VRID
 *
 * The macvlan is in private mode, up, without IPv6 address generation.
 * keepalived's sysctls: on the base interface arp_ignore=1 and
 * arp_filter=1 (so it does not answer ARP for the VIPs with its own MAC);
 * on an IPv4 VMAC arp_ignore=1, accept_local=1, rp_filter=0,
 * promote_secondaries=1 and IPv6 off; an IPv6 VMAC gets a copy of the base
 * interface's link-local address (the adverts' source), and arp_ignore=1
 * (ours: keepalived leaves it at 0, and the IPv6 VMAC then answers ARP for
 * the host's IPv4 addresses with its own MAC).
 */
#ifndef KA_VRRP_VMAC_H
#define KA_VRRP_VMAC_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

/* The virtual MAC of vrid for family (AF_INET or AF_INET6). Pure. */
void vmac_mac(uint8_t vrid, int family, uint8_t mac[6]);

/* keepalived's default name: "PREFIX.VRID" (both families), PREFIX from
 * global_defs vmac_prefix, "vrrp" when NULL or "". Pure. */
void vmac_default_name(const char *prefix, uint8_t vrid, char *buf, size_t size);

/* Make sure macvlan name exists on parent (an ifindex) with mac, private
 * mode, no IPv6 address generation, up, with the sysctls above. A link of
 * that name that is not such a macvlan of parent with mac (a leftover of
 * another configuration) is deleted and made again; a matching one (left
 * by a crash) is reused. ll6: the link-local address to copy onto an IPv6
 * VMAC (NULL for IPv4). IPv6 is off on an IPv4 VMAC (disable_ipv6 1) unless
 * ipv6_on (keepalived 2.2.7: the instance has excluded addresses of the
 * other family); on, as 2.2.7 sets it, on an IPv6 one. Returns the
 * macvlan's ifindex, 0 on error (logged). */
unsigned vmac_ensure(const char *name, unsigned parent, const char *parent_name, const uint8_t mac[6],
		     int family, const struct in6_addr *ll6, bool ipv6_on);

/* Delete macvlan name if it carries mac (never another link). 0 done or
 * absent, -1 error (logged). */
int vmac_remove(const char *name, const uint8_t mac[6]);

#endif
