/* vrrp_l3_conf.h - the network-layer configuration of a vrrp_instance that
 * issue 8 adds: its address family (IPv4 or IPv6) and the IPv6 multicast
 * group and source. Embedded as `l3` in struct vrrp_instance_conf; its
 * field table, keywords and checks are in vrrp/vrrp_conf_l3.c.
 *
 * The family of an instance is keepalived's: fixed by the first of
 * native_ipv6, an IPv6/IPv4 mcast_src_ip, or the first virtual_ipaddress;
 * IPv4 when none says. Every virtual_ipaddress must be of that family
 * (virtual_ipaddress_excluded may mix).
 */
#ifndef KA_VRRP_L3_CONF_H
#define KA_VRRP_L3_CONF_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>

#include "conf_fields.h"
#include "vrrp_route_conf.h"

#define VRRP_MCAST_GROUP6 "ff02::12"

/* use_vmac_addr: a VMAC made on another interface for some of the
 * instance's addresses (vrrp_conf_vmac_addr.c names them; those addresses'
 * `dev` is then this VMAC). */
struct vrrp_addr_vmac {
	char name[16];                 /* the macvlan */
	char base[16];                 /* the interface it is made on */
	uint8_t family;                /* its addresses': MAC 00:00:5e:00:01|02:VRID */
};
extern const struct conf_struct_desc vrrp_addr_vmac_desc;

struct vrrp_l3_conf {
	sa_family_t family;            /* AF_INET or AF_INET6 (0 while parsing: not decided) */
	bool native_ipv6;
	struct in6_addr mcast_src6;    /* mcast_src_ip of an IPv6 instance; :: = link-local of the interface */
	struct in6_addr mcast_group6;  /* mcast_dst_ip, else global vrrp_mcast_group6 (default ff02::12) */
	struct in_addr mcast_dst4;     /* mcast_dst_ip of an IPv4 instance (0: vrrp_mcast_group4) */
	struct in6_addr mcast_dst6;    /* mcast_dst_ip of an IPv6 instance (::: vrrp_mcast_group6) */
	bool use_vmac;                 /* use_vmac [NAME]: VIPs on a macvlan with the virtual MAC */
	char vmac_name[16];            /* its name (validation: "vrrp.VRID" when not given) */
	bool vmac_xmit_base;           /* adverts from (and to) the base interface */
	uint8_t vmac_mac[6];           /* use_vmac's MAC address (vmac_mac_set; else 00:00:5e:00:01:VRID) */
	bool vmac_mac_set;
	bool vmac_mac_vrid;            /* five octets given: the sixth is the VRID */
	bool use_ipvlan;               /* use_ipvlan: adverts on an L2 ipvlan named vmac_name (VIPs stay on ifname) */
	uint8_t ipvlan_flags;          /* its mode flags: 0 bridge, IPVLAN_F_PRIVATE, IPVLAN_F_VEPA */
	uint8_t ipvlan_plen;           /* the prefix length of ipvlan_addr */
	struct ka_addr ipvlan_addr;    /* its address (family 0: none, IPv6 only) */
	bool ipvlan_fault;             /* validation: an IPv4 use_ipvlan without an address - the instance
				  * stays in FAULT (keepalived 2.2.7), vrrp_tracker.c */
	bool strict;                   /* strict_mode, else global vrrp_strict */
	bool strict_set;               /* strict_mode given (parse time) */
	bool accept;                   /* final: a non-owner MASTER accepts traffic to its VIPs */
	bool accept_set;               /* accept / no_accept given (parse time) */
	struct vrrp_routes_conf rt;    /* virtual_routes, virtual_rules */
	bool skip_check_adv_addr;      /* final: no address-list check of the same master's adverts */
	bool skip_check_set;           /* skip_check_adv_addr given (parse time) */
	bool owner_ignore_adverts;     /* final: an address owner (priority 255) drops every advert */
	bool owner_ignore_set;         /* owner_ignore_adverts given (parse time) */
	bool promote_secondaries;      /* set net.ipv4.conf.IF.promote_secondaries on its interface */
	uint32_t garp_extra_s;         /* garp_extra_if: a GARP/NA every so many seconds on the extra
					* interfaces of its VIPs while MASTER (0: off; vrrp_garp_extra.c) */
	bool garp_extra_all;           /* on every extra interface, not only the VIPs' VMACs */
	bool garp_extra_set;           /* garp_extra_if given (parse time; else the global one) */
	bool use_vmac_addr;            /* VMACs for addresses on other interfaces / of the other family */
	struct vrrp_addr_vmac *addr_vmacs;   /* those VMACs (validation) */
	size_t n_addr_vmacs;
	char vrf[16];                  /* vrf NAME: an instance without interface sends and receives in that VRF */
};

/* global_defs: the nftables table that drops traffic to a non-owner
 * MASTER's VIPs when it does not `accept` (keepalived's nftables keywords). */
struct vrrp_fw_global {
	bool strict;                   /* vrrp_strict */
	char table[32];                /* nftables [NAME], default "keepalived" */
	int32_t priority;              /* nftables_priority, default -1 */
	bool counters;                 /* nftables_counters */
	bool ifindex;                  /* nftables_ifindex (ours always matches by index) */
};
extern const struct conf_struct_desc vrrp_fw_global_desc;
#define VRRP_NFT_TABLE "keepalived"

extern const struct conf_struct_desc vrrp_l3_conf_desc;

/* The instance has a link of its own (use_vmac or use_ipvlan), named
 * vmac_name, on its interface: its adverts go there (unless
 * vmac_xmit_base), and the VIPs of a VMAC. */
static inline bool vrrp_l3_own_link(const struct vrrp_l3_conf *l3)
{
	return l3->use_vmac || l3->use_ipvlan;
}

/* A top-level garp_group { } (keepalived 2.2): the gaps between gratuitous
 * ARPs / unsolicited NAs on its interfaces, instead of vrrp_garp_interval /
 * vrrp_gna_interval. The frames of all its interfaces share the gaps
 * (`interfaces { }`, or one `interface`). An interval not given is 0. */
struct garp_group_conf {
	uint32_t garp_interval_us;
	uint32_t gna_interval_us;
	char **ifnames;
	size_t n_ifnames;
	bool interval_set;        /* parse time (not sent): garp_interval or gna_interval given */
};
struct vrrp_garp_groups {
	struct garp_group_conf *groups;
	size_t n_groups;
};
extern const struct conf_struct_desc vrrp_garp_groups_desc;

/* The group (index into g->groups) whose gaps apply to frames leaving
 * dev, an address of an instance on base (its VMAC or dev itself): dev
 * listed, else base listed; -1 when no group names either. */
int vrrp_garp_group_of(const struct vrrp_garp_groups *g, const char *dev, const char *base);

#endif
