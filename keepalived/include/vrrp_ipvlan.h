/* vrrp_ipvlan.h - IPVLAN links (use_ipvlan): an L2-mode ipvlan on an
 * instance's interface, as keepalived 2.2.7 makes it, through libnl.
 *
 * The ipvlan shares its parent's MAC; it is up, in mode l2 with the
 * configured mode flags (bridge 0, private, vepa), and carries the
 * configured address (the adverts' source). An IPv4 one has IPv6 off
 * (unless an excluded VIP of the other family lies on it); an IPv6 one
 * keeps the link-local address the kernel gives it.
 */
#ifndef KA_VRRP_IPVLAN_H
#define KA_VRRP_IPVLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "conf_types.h"

struct ipvlan_spec {
	const char *name;         /* the ipvlan's name */
	unsigned parent;          /* ifindex of the instance's interface */
	const char *parent_name;  /* its name (logs) */
	uint8_t flags;            /* IFLA_IPVLAN_FLAGS: 0, IPVLAN_F_PRIVATE, IPVLAN_F_VEPA */
	int family;               /* the instance's: AF_INET or AF_INET6 */
	struct ka_addr addr;      /* family 0: no address to add */
	uint8_t plen;             /* addr's prefix length */
	bool other_family;        /* keep IPv6 on an IPv4 ipvlan */
};

/* Make sure s->name is an up L2 ipvlan of s->parent with s->flags and
 * s->addr. A link of that name that is not (a leftover of another
 * configuration) is deleted and made again; a matching one (left by a
 * crash) is kept. Returns its ifindex, 0 on error (logged). */
unsigned ipvlan_ensure(const struct ipvlan_spec *s);

/* Delete ipvlan name if it is an ipvlan whose parent is parent (any
 * parent when 0), never another link. 0 done or absent, -1 error (logged). */
int ipvlan_remove(const char *name, unsigned parent);

#endif
