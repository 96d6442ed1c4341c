/* vrrp_nft.h - the nftables table that makes a non-owner MASTER without
 * `accept` drop traffic to and from its virtual addresses (RFC 5798
 * Accept_Mode False; keepalived's no_accept and vrrp_strict), built with
 * libnftnl over libmnl (no `nft` command). The layout is keepalived
 * 2.2.7's, in tables of our own (global nftables NAME, default keepalived):
 *
 *   table ip NAME  { set vips { ipv4_addr }
 *                    chain in  { hook input  prio P; ip daddr @vips drop }
 *                    chain out { hook output prio P; ip saddr @vips drop } }
 *   table ip6 NAME { set vips { ipv6_addr }
 *                    set neighbor-discovery { icmpv6_type; constant; NS, NA }
 *                    set vips_link_local { ipv6_addr . iface_index }
 *                    set vips_link_local_name { ipv6_addr . ifname }
 *                    chain in  { icmpv6 type @neighbor-discovery accept
 *                                ip6 daddr fe80::/10 goto in_link_local
 *                                ip6 daddr @vips drop }
 *                    chain in_link_local { ip6 daddr . iif @vips_link_local drop
 *                                          ip6 daddr . iifname @vips_link_local_name drop }
 *                    (and out / out_link_local with saddr and oif) }
 *
 * A table is made (after deleting a leftover of a crash) the first time an
 * address goes in, a link-local set and its rules the first time one of its
 * addresses does, as keepalived 2.2.7; a table is deleted by
 * vrrp_nft_free(); no other table is ever touched.
 */
#ifndef KA_VRRP_NFT_H
#define KA_VRRP_NFT_H

#include <netinet/in.h>
#include <stdbool.h>

#include "vrrp_l3_conf.h"

struct vrrp_nft;

/* A handle for the table(s) named in g (copied). Nothing is sent yet. */
struct vrrp_nft *vrrp_nft_new(const struct vrrp_fw_global *g);
/* Delete the tables made, and free. NULL is fine. */
void vrrp_nft_free(struct vrrp_nft *n);
/* The interface an IPv6 link-local address is bound to in the sets. */
struct vrrp_nft_if {
	unsigned index;
	const char *name;
	bool by_name;   /* keepalived 2.2.7: by name (vips_link_local_name) for an
			 * instance with dont_track_primary, the address on the
			 * instance's own address interface or no_track - unless
			 * nftables_ifindex */
};
/* Add (add=true) or remove one address: family AF_INET or AF_INET6; an
 * IPv6 link-local address is bound to ifc (by index, or by name). 0, or
 * -1 (logged). */
int vrrp_nft_addr(struct vrrp_nft *n, int family, const void *addr, const struct vrrp_nft_if *ifc, bool add);

#endif
