/* vrrp_vip.c - add, remove and look up virtual addresses with libnl-route.
 * See vrrp_net.h.
 *
 * One netlink socket per process, opened on first use and kept in a static:
 * the VRRP child is single-threaded and talks to the kernel synchronously.
 * A process that forks after using it must not share it: fork first.
 */
#include "vrrp_net.h"

#include "log.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include <linux/if_addr.h>
#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>

static struct nl_sock *vip_sk;

/* The process's NETLINK_ROUTE socket, connecting it on first use. NULL
 * (logged) when that fails; the next call tries again. */
static struct nl_sock *vip_sock(void)
{
	if (vip_sk)
		return vip_sk;
	struct nl_sock *sk = nl_socket_alloc();
	if (!sk) {
		log_err("virtual addresses: cannot allocate a netlink socket");
		return NULL;
	}
	int err = nl_connect(sk, NETLINK_ROUTE);
	if (err < 0) {
		log_err("virtual addresses: netlink connect: %s", nl_geterror(err));
		nl_socket_free(sk);
		return NULL;
	}
	vip_sk = sk;
	return sk;
}

static const char *vip_dev(const struct vip_conf *vip, const char *default_dev)
{
	return vip->dev[0] ? vip->dev : (default_dev ? default_dev : "");
}

/* "192.0.2.1/24" for logs. */
static const char *vip_str(const struct vip_conf *vip, char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN];
	if (!inet_ntop(vip->addr.family, &vip->addr.u, a, sizeof(a)))
		snprintf(a, sizeof(a), "?");
	snprintf(buf, size, "%s/%u", a, (unsigned)vip->prefixlen);
	return buf;
}

static size_t family_len(int family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}

/* Build the rtnl_addr naming vip on ifindex. full: also broadcast, scope,
 * label and (v6) NODAD, as wanted for an add; a delete or lookup matches
 * on address and prefix length only. NULL (logged) on error. */
static struct rtnl_addr *vip_rtnl(const struct vip_conf *vip, int ifindex, bool full)
{
	size_t alen = family_len(vip->addr.family);
	if (!alen) {
		log_err("virtual address with unknown family %d", (int)vip->addr.family);
		return NULL;
	}
	struct rtnl_addr *ra = rtnl_addr_alloc();
	struct nl_addr *local = nl_addr_build(vip->addr.family, &vip->addr.u, alen);
	if (!ra || !local)
		goto nomem;
	rtnl_addr_set_ifindex(ra, ifindex);
	if (rtnl_addr_set_local(ra, local) < 0)
		goto nomem;
	/* after set_local, which resets the prefix length to the full length */
	rtnl_addr_set_prefixlen(ra, vip->prefixlen ? vip->prefixlen : (int)alen * 8);
	nl_addr_put(local);
	local = NULL;
	if (!full)
		return ra;
	if (vip->brd.family == AF_INET && vip->addr.family == AF_INET) {
		struct nl_addr *brd = nl_addr_build(AF_INET, &vip->brd.u.v4, 4);
		if (!brd || rtnl_addr_set_broadcast(ra, brd) < 0) {
			nl_addr_put(brd);
			goto nomem;
		}
		nl_addr_put(brd);
	}
	rtnl_addr_set_scope(ra, vip->scope);
	if (vip->label[0] && rtnl_addr_set_label(ra, vip->label) < 0) {
		log_err("virtual address: bad label '%s'", vip->label);
		rtnl_addr_put(ra);
		return NULL;
	}
	if (vip->addr.family == AF_INET6)
		rtnl_addr_set_flags(ra, IFA_F_NODAD);
	return ra;
nomem:
	log_err("virtual address: out of memory");
	nl_addr_put(local);
	rtnl_addr_put(ra);
	return NULL;
}

/* Contract: see vrrp_net.h. The request carries NLM_F_CREATE but neither
 * NLM_F_EXCL nor NLM_F_REPLACE: an address that already exists is left as
 * it is (not updated) and reported as 1. */
int vip_add(const struct vip_conf *vip, const char *default_dev)
{
	char s[INET6_ADDRSTRLEN + 8];
	const char *dev = vip_dev(vip, default_dev);
	unsigned ifindex = if_nametoindex(dev);
	if (!ifindex) {
		log_err("cannot add %s: no interface '%s'", vip_str(vip, s, sizeof(s)), dev);
		return -1;
	}
	struct nl_sock *sk = vip_sock();
	if (!sk)
		return -1;
	struct rtnl_addr *ra = vip_rtnl(vip, (int)ifindex, true);
	if (!ra)
		return -1;
	int err = rtnl_addr_add(sk, ra, 0);
	rtnl_addr_put(ra);
	if (err == -NLE_EXIST)
		return 1;
	if (err < 0) {
		log_err("cannot add %s to %s: %s", vip_str(vip, s, sizeof(s)), dev, nl_geterror(err));
		return -1;
	}
	return 0;
}

/* Contract: see vrrp_net.h. Matches on address and prefix length on the
 * device. An interface that no longer exists holds no address: 1 (warned). */
int vip_del(const struct vip_conf *vip, const char *default_dev)
{
	char s[INET6_ADDRSTRLEN + 8];
	const char *dev = vip_dev(vip, default_dev);
	unsigned ifindex = if_nametoindex(dev);
	if (!ifindex) {
		log_warn("cannot remove %s: no interface '%s'", vip_str(vip, s, sizeof(s)), dev);
		return 1;
	}
	struct nl_sock *sk = vip_sock();
	if (!sk)
		return -1;
	struct rtnl_addr *ra = vip_rtnl(vip, (int)ifindex, false);
	if (!ra)
		return -1;
	int err = rtnl_addr_delete(sk, ra, 0);
	rtnl_addr_put(ra);
	if (err == -NLE_NOADDR)
		return 1;
	if (err < 0) {
		log_err("cannot remove %s from %s: %s", vip_str(vip, s, sizeof(s)), dev,
			nl_geterror(err));
		return -1;
	}
	return 0;
}

/* Contract: see vrrp_net.h. Compares the address only (any prefix length),
 * on the device's ifindex. Errors (logged) answer false. */
bool vip_present(const struct vip_conf *vip, const char *default_dev)
{
	const char *dev = vip_dev(vip, default_dev);
	unsigned ifindex = if_nametoindex(dev);
	size_t alen = family_len(vip->addr.family);
	if (!ifindex || !alen)
		return false;
	struct nl_sock *sk = vip_sock();
	if (!sk)
		return false;
	struct nl_cache *cache;
	int err = rtnl_addr_alloc_cache(sk, &cache);
	if (err < 0) {
		log_err("cannot list addresses: %s", nl_geterror(err));
		return false;
	}
	bool found = false;
	for (struct nl_object *o = nl_cache_get_first(cache); o && !found; o = nl_cache_get_next(o)) {
		struct rtnl_addr *ra = (struct rtnl_addr *)o;
		if (rtnl_addr_get_ifindex(ra) != (int)ifindex ||
		    rtnl_addr_get_family(ra) != vip->addr.family)
			continue;
		struct nl_addr *local = rtnl_addr_get_local(ra);
		if (local && nl_addr_get_len(local) == alen &&
		    memcmp(nl_addr_get_binary_addr(local), &vip->addr.u, alen) == 0)
			found = true;
	}
	nl_cache_free(cache);
	return found;
}
