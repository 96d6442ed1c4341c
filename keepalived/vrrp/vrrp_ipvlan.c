/* vrrp_ipvlan.c - IPVLAN links of use_ipvlan through libnl. See
 * vrrp_ipvlan.h. libnl-route 3.7 knows the ipvlan mode but not its flags
 * (IFLA_IPVLAN_FLAGS): the link is made, and its flags read, with libnl's
 * own message builder and attribute parser. Each call opens a short-lived
 * route socket: ipvlans are made at start and removed at stop. */
#include "vrrp_ipvlan.h"
#include "vrrp.h"

#include "log.h"
#include "util.h"

#include <errno.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/ipvlan.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* IFLA_IPVLAN_FLAGS of one RTM_NEWLINK answer into *arg (a uint16_t;
 * left alone when the kernel sends none). */
static int flags_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[IFLA_MAX + 1], *li[IFLA_INFO_MAX + 1], *d[IFLA_IPVLAN_MAX + 1];
	if (nlmsg_parse(nlmsg_hdr(msg), sizeof(struct ifinfomsg), tb, IFLA_MAX, NULL) < 0 || !tb[IFLA_LINKINFO] ||
	    nla_parse_nested(li, IFLA_INFO_MAX, tb[IFLA_LINKINFO], NULL) < 0 || !li[IFLA_INFO_DATA] ||
	    nla_parse_nested(d, IFLA_IPVLAN_MAX, li[IFLA_INFO_DATA], NULL) < 0)
		return NL_SKIP;
	if (d[IFLA_IPVLAN_FLAGS])
		*(uint16_t *)arg = nla_get_u16(d[IFLA_IPVLAN_FLAGS]);
	return NL_OK;
}

/* The mode flags of link ifindex (0 when the kernel reports none). */
static uint16_t link_flags(struct nl_sock *sk, int ifindex)
{
	uint16_t flags = 0;
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex };
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		return 0;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, flags_cb, &flags);
	if (nl_send_simple(sk, RTM_GETLINK, 0, &ifi, sizeof(ifi)) >= 0)
		nl_recvmsgs(sk, cb);
	nl_cb_put(cb);
	return flags;
}

/* The link is an L2 ipvlan of parent with flags. */
static bool link_matches(struct nl_sock *sk, struct rtnl_link *l, const struct ipvlan_spec *s)
{
	const char *type = rtnl_link_get_type(l);
	uint16_t mode = 0xffff;
	if (!type || strcmp(type, "ipvlan") != 0 || (unsigned)rtnl_link_get_link(l) != s->parent ||
	    rtnl_link_ipvlan_get_mode(l, &mode) < 0 || mode != IPVLAN_MODE_L2)
		return false;
	return link_flags(sk, rtnl_link_get_ifindex(l)) == s->flags;
}

/* RTM_NEWLINK: an up ipvlan s->name on s->parent, mode l2, s->flags. */
static int create(struct nl_sock *sk, const struct ipvlan_spec *s)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_flags = IFF_UP, .ifi_change = IFF_UP };
	struct nl_msg *msg = nlmsg_alloc_simple(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
	if (!msg)
		return -NLE_NOMEM;
	struct nlattr *info, *data;
	int err = -NLE_MSGSIZE;
	if (nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0 || nla_put_u32(msg, IFLA_LINK, s->parent) < 0 ||
	    nla_put_string(msg, IFLA_IFNAME, s->name) < 0 || !(info = nla_nest_start(msg, IFLA_LINKINFO)) ||
	    nla_put_string(msg, IFLA_INFO_KIND, "ipvlan") < 0 || !(data = nla_nest_start(msg, IFLA_INFO_DATA)) ||
	    nla_put_u16(msg, IFLA_IPVLAN_MODE, IPVLAN_MODE_L2) < 0 || nla_put_u16(msg, IFLA_IPVLAN_FLAGS, s->flags) < 0)
		goto out;
	nla_nest_end(msg, data);
	nla_nest_end(msg, info);
	err = nl_send_auto(sk, msg);
	if (err >= 0)
		err = nl_wait_for_ack(sk);
out:
	nlmsg_free(msg);
	return err;
}

/* Write value to /proc/sys/net/ipv6/conf/IF/disable_ipv6; logged on failure. */
static void ipv6_off(const char *ifname, const char *value)
{
	char path[160];
	snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/disable_ipv6", ifname);
	if (sysctl_write(path, value) < 0)
		log_warn("IPVLAN: cannot set %s to %s: %s", path, value, strerror(errno));
}

/* The configured address on the ipvlan (replaced if there). */
static void add_addr(struct nl_sock *sk, unsigned idx, const struct ipvlan_spec *s)
{
	struct rtnl_addr *ra = rtnl_addr_alloc();
	struct nl_addr *a = nl_addr_build(s->addr.family, &s->addr.u, s->addr.family == AF_INET6 ? 16 : 4);
	nl_addr_set_prefixlen(a, s->plen);
	rtnl_addr_set_local(ra, a);
	rtnl_addr_set_ifindex(ra, (int)idx);
	rtnl_addr_set_family(ra, s->addr.family);
	if (s->addr.family == AF_INET6)
		rtnl_addr_set_flags(ra, IFA_F_NODAD);
	int err = rtnl_addr_add(sk, ra, NLM_F_REPLACE);
	if (err < 0 && err != -NLE_EXIST)
		log_warn("IPVLAN %s: cannot add its address: %s", s->name, nl_geterror(err));
	nl_addr_put(a);
	rtnl_addr_put(ra);
}

/* Bring an existing link up. */
static int set_up(struct nl_sock *sk, struct rtnl_link *cur)
{
	struct rtnl_link *chg = rtnl_link_alloc();
	rtnl_link_set_flags(chg, IFF_UP);
	int err = rtnl_link_change(sk, cur, chg, 0);
	rtnl_link_put(chg);
	return err;
}

/* An existing link named s->name: kept (and brought up) when it matches,
 * else deleted. True when kept. */
static bool reuse(struct nl_sock *sk, const struct ipvlan_spec *s)
{
	struct rtnl_link *l = NULL;
	if (rtnl_link_get_kernel(sk, 0, s->name, &l) < 0)
		return false;
	bool keep = link_matches(sk, l, s);
	int err;
	if (keep) {
		log_info("IPVLAN %s on %s already there (kept)", s->name, s->parent_name);
		if (!(rtnl_link_get_flags(l) & IFF_UP) && (err = set_up(sk, l)) < 0)
			log_warn("IPVLAN %s: cannot set it up: %s", s->name, nl_geterror(err));
	} else {
		log_warn("IPVLAN %s exists but is not the l2 ipvlan of %s with these flags: replacing it",
			 s->name, s->parent_name);
		if ((err = rtnl_link_delete(sk, l)) < 0)
			log_err("IPVLAN %s: cannot delete it: %s", s->name, nl_geterror(err));
	}
	rtnl_link_put(l);
	return keep;
}

/* Contract: see vrrp_ipvlan.h. */
unsigned ipvlan_ensure(const struct ipvlan_spec *s)
{
	struct nl_sock *sk = vrrp_route_sock("IPVLAN");
	if (!sk)
		return 0;
	if (!reuse(sk, s)) {
		int err = create(sk, s);
		if (err < 0) {
			log_err("IPVLAN %s on %s: cannot create it: %s", s->name, s->parent_name, nl_geterror(err));
			nl_socket_free(sk);
			return 0;
		}
		log_info("IPVLAN %s created on %s", s->name, s->parent_name);
	}
	unsigned idx = if_nametoindex(s->name);
	if (idx) {
		ipv6_off(s->name, s->family == AF_INET && !s->other_family ? "1" : "0");
		if (s->addr.family)
			add_addr(sk, idx, s);
	}
	nl_socket_free(sk);
	return idx;
}

/* Contract: see vrrp_ipvlan.h. */
int ipvlan_remove(const char *name, unsigned parent)
{
	struct nl_sock *sk = vrrp_route_sock("IPVLAN");
	if (!sk)
		return -1;
	struct rtnl_link *l = NULL;
	int rc = 0;
	if (rtnl_link_get_kernel(sk, 0, name, &l) >= 0) {
		const char *type = rtnl_link_get_type(l);
		if (type && strcmp(type, "ipvlan") == 0 && (!parent || (unsigned)rtnl_link_get_link(l) == parent)) {
			int err = rtnl_link_delete(sk, l);
			if (err < 0) {
				log_err("IPVLAN %s: cannot delete it: %s", name, nl_geterror(err));
				rc = -1;
			} else {
				log_info("IPVLAN %s removed", name);
			}
		}
		rtnl_link_put(l);
	}
	nl_socket_free(sk);
	return rc;
}
