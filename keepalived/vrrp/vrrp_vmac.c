/* vrrp_vmac.c - VMAC macvlan interfaces through libnl-route. See
 * vrrp_vmac.h. Each call opens a short-lived route socket: VMACs are made
 * at instance start and removed at stop, never on the hot path. */
#include "vrrp_vmac.h"
#include "vrrp.h"

#include "log.h"
#include "util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/inet6.h>
#include <netlink/route/link/macvlan.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifndef IN6_ADDR_GEN_MODE_NONE
#define IN6_ADDR_GEN_MODE_NONE 1
#endif

void vmac_mac(uint8_t vrid, int family, uint8_t mac[6])
{
	const uint8_t m[6] = { 0x00, 0x00, 0x5e, 0x00, family == AF_INET6 ? 0x02 : 0x01, vrid };
	memcpy(mac, m, 6);
}

void vmac_default_name(const char *prefix, uint8_t vrid, char *buf, size_t size)
{
	snprintf(buf, size, "%s.%u", prefix && prefix[0] ? prefix : "vrrp", vrid);
}

/* Write value to /proc/sys/net/FAMILY/conf/IF/KEY; logged on failure. */
static void sysctl_set(const char *fam, const char *ifname, const char *key, const char *value)
{
	char path[160];
	snprintf(path, sizeof(path), "/proc/sys/net/%s/conf/%s/%s", fam, ifname, key);
	if (sysctl_write(path, value) < 0)
		log_warn("VMAC: cannot set %s to %s: %s", path, value, strerror(errno));
}

/* The link is a macvlan of parent with mac. */
static bool link_matches(struct rtnl_link *l, unsigned parent, const uint8_t mac[6])
{
	const char *type = rtnl_link_get_type(l);
	struct nl_addr *a = rtnl_link_get_addr(l);
	return type && strcmp(type, "macvlan") == 0 && (unsigned)rtnl_link_get_link(l) == parent &&
	       a && nl_addr_get_len(a) == 6 && memcmp(nl_addr_get_binary_addr(a), mac, 6) == 0;
}

static int create(struct nl_sock *sk, const char *name, unsigned parent, const uint8_t mac[6])
{
	struct rtnl_link *l = rtnl_link_macvlan_alloc();
	if (!l)
		return -NLE_NOMEM;
	struct nl_addr *a = nl_addr_build(AF_LLC, mac, 6);
	rtnl_link_set_name(l, name);
	rtnl_link_set_link(l, (int)parent);
	rtnl_link_set_addr(l, a);
	rtnl_link_macvlan_set_mode(l, MACVLAN_MODE_PRIVATE);
	int err = rtnl_link_add(sk, l, NLM_F_CREATE | NLM_F_EXCL);
	nl_addr_put(a);
	rtnl_link_put(l);
	return err;
}

/* No IPv6 address generation, then up (the order matters: once up, the
 * kernel would already have made a link-local address). */
static int configure(struct nl_sock *sk, const char *name)
{
	struct rtnl_link *cur = NULL;
	int err = rtnl_link_get_kernel(sk, 0, name, &cur);
	if (err < 0)
		return err;
	struct rtnl_link *chg = rtnl_link_alloc();
	rtnl_link_inet6_set_addr_gen_mode(chg, IN6_ADDR_GEN_MODE_NONE);
	err = rtnl_link_change(sk, cur, chg, 0);
	rtnl_link_put(chg);
	if (err >= 0) {
		chg = rtnl_link_alloc();
		rtnl_link_set_flags(chg, IFF_UP);
		err = rtnl_link_change(sk, cur, chg, 0);
		rtnl_link_put(chg);
	}
	rtnl_link_put(cur);
	return err;
}

/* Copy the base interface's link-local address onto the IPv6 VMAC (nodad). */
static void add_ll6(struct nl_sock *sk, unsigned ifindex, const char *name, const struct in6_addr *ll6)
{
	struct rtnl_addr *ra = rtnl_addr_alloc();
	struct nl_addr *a = nl_addr_build(AF_INET6, ll6, 16);
	nl_addr_set_prefixlen(a, 64);
	rtnl_addr_set_local(ra, a);
	rtnl_addr_set_ifindex(ra, (int)ifindex);
	rtnl_addr_set_family(ra, AF_INET6);
	rtnl_addr_set_flags(ra, IFA_F_NODAD);
	int err = rtnl_addr_add(sk, ra, NLM_F_REPLACE);
	if (err < 0 && err != -NLE_EXIST)
		log_warn("VMAC %s: cannot add its link-local address: %s", name, nl_geterror(err));
	nl_addr_put(a);
	rtnl_addr_put(ra);
}

/* Contract: see vrrp_vmac.h. */
unsigned vmac_ensure(const char *name, unsigned parent, const char *parent_name, const uint8_t mac[6],
		     int family, const struct in6_addr *ll6, bool ipv6_on)
{
	struct nl_sock *sk = vrrp_route_sock("VMAC");
	if (!sk)
		return 0;
	struct rtnl_link *l = NULL;
	int err = rtnl_link_get_kernel(sk, 0, name, &l);
	const char *type = err >= 0 ? rtnl_link_get_type(l) : NULL;
	if (err >= 0 && (!type || strcmp(type, "macvlan") != 0)) {
		/* not ours to delete (a veth, a bond, a physical interface of
		 * that name): keepalived 2.2.7 ignores such a use_vmac name when
		 * it reads the file and uses the default name */
		log_err("VMAC %s: an interface of that name exists and is not a macvlan: not replaced, no VMAC",
			name);
		rtnl_link_put(l);
		nl_socket_free(sk);
		return 0;
	}
	if (err >= 0 && !link_matches(l, parent, mac)) {
		log_warn("VMAC %s exists but is not the macvlan of %s with the virtual MAC: replacing it",
			 name, parent_name);
		err = rtnl_link_delete(sk, l);
		if (err < 0)
			log_err("VMAC %s: cannot delete it: %s", name, nl_geterror(err));
		err = -NLE_OBJ_NOTFOUND;
	} else if (err >= 0) {
		log_info("VMAC %s on %s already there (kept)", name, parent_name);
	}
	if (l)
		rtnl_link_put(l);
	if (err < 0) {
		err = create(sk, name, parent, mac);
		if (err < 0) {
			log_err("VMAC %s on %s: cannot create it: %s", name, parent_name, nl_geterror(err));
			nl_socket_free(sk);
			return 0;
		}
		log_info("VMAC %s created on %s", name, parent_name);
	}
	err = configure(sk, name);
	if (err < 0)
		log_warn("VMAC %s: cannot set it up: %s", name, nl_geterror(err));
	unsigned idx = if_nametoindex(name);
	if (family == AF_INET6) {
		if (idx && ll6)
			add_ll6(sk, idx, name, ll6);
		/* not keepalived's: without it the IPv6 VMAC answers ARP for the
		 * host's IPv4 addresses (an IPv4 VMAC's VIP, too) with its MAC */
		sysctl_set("ipv4", name, "arp_ignore", "1");
		sysctl_set("ipv6", name, "disable_ipv6", "0");
	} else {
		sysctl_set("ipv4", parent_name, "arp_ignore", "1");
		sysctl_set("ipv4", parent_name, "arp_filter", "1");
		sysctl_set("ipv4", name, "arp_ignore", "1");
		sysctl_set("ipv4", name, "accept_local", "1");
		sysctl_set("ipv4", name, "rp_filter", "0");
		sysctl_set("ipv4", name, "promote_secondaries", "1");
		sysctl_set("ipv6", name, "disable_ipv6", ipv6_on ? "0" : "1");
	}
	nl_socket_free(sk);
	return idx;
}

/* Contract: see vrrp_vmac.h. */
int vmac_remove(const char *name, const uint8_t mac[6])
{
	struct nl_sock *sk = vrrp_route_sock("VMAC");
	if (!sk)
		return -1;
	struct rtnl_link *l = NULL;
	int rc = 0;
	if (rtnl_link_get_kernel(sk, 0, name, &l) >= 0) {
		struct nl_addr *a = rtnl_link_get_addr(l);
		const char *type = rtnl_link_get_type(l);
		if (type && strcmp(type, "macvlan") == 0 && a && nl_addr_get_len(a) == 6 &&
		    memcmp(nl_addr_get_binary_addr(a), mac, 6) == 0) {
			int err = rtnl_link_delete(sk, l);
			if (err < 0) {
				log_err("VMAC %s: cannot delete it: %s", name, nl_geterror(err));
				rc = -1;
			} else {
				log_info("VMAC %s removed", name);
			}
		}
		rtnl_link_put(l);
	}
	nl_socket_free(sk);
	return rc;
}
