/* vrrp_nft.c - keepalived's no_accept drop table through libnftnl. See
 * vrrp_nft.h. Each change is one netlink batch; every message asks for an
 * acknowledgement and the answers are read before returning. */
#include "vrrp_nft.h"

#include "log.h"
#include "nft_batch.h"
#include "util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <libnftnl/table.h>
#include <net/if.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#define ND_NEIGHBOR_SOLICIT 135
#define ND_NEIGHBOR_ADVERT 136

struct vrrp_nft {
	struct vrrp_fw_global g;
	struct nft_conn conn;
	bool made[2];            /* [0] ip, [1] ip6 */
	bool ll_made[2];         /* ip6: [0] vips_link_local, [1] vips_link_local_name and their rules */
};

struct batch {
	struct nft_batch nb;
	struct vrrp_nft *n;
};

static void batch_begin(struct vrrp_nft *n, struct batch *bt)
{
	bt->n = n;
	nft_batch_begin(&n->conn, &bt->nb);
}

static struct nlmsghdr *msg(struct batch *bt, uint16_t type, uint16_t family, uint16_t flags)
{
	return nft_batch_msg(&bt->nb, type, family, flags);
}

static void next(struct batch *bt)
{
	nft_batch_next(&bt->nb);
}

static int batch_send(struct batch *bt, int tolerated, const char *what)
{
	return nft_batch_send(&bt->nb, tolerated, what);
}

struct vrrp_nft *vrrp_nft_new(const struct vrrp_fw_global *g)
{
	struct vrrp_nft *n = xcalloc(1, sizeof(*n));
	n->g = *g;
	return n;
}

static bool nl_open(struct vrrp_nft *n)
{
	return nft_conn_open(&n->conn);
}

/* ---- building the table -------------------------------------------------------- */

static struct nftnl_rule *rule_new(struct vrrp_nft *n, int family, const char *chain)
{
	struct nftnl_rule *r = nftnl_rule_alloc();
	nftnl_rule_set_u32(r, NFTNL_RULE_FAMILY, (uint32_t)family);
	nftnl_rule_set_str(r, NFTNL_RULE_TABLE, n->g.table);
	nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, chain);
	return r;
}

static void put_rule(struct batch *bt, int family, struct nftnl_rule *r)
{
	nftnl_rule_nlmsg_build_payload(msg(bt, NFT_MSG_NEWRULE, (uint16_t)family, NLM_F_CREATE | NLM_F_APPEND), r);
	next(bt);
	nftnl_rule_free(r);
}

static void put_set(struct batch *bt, int family, const char *name, uint32_t id, uint32_t type, uint32_t len,
		    uint32_t flags, const uint8_t *elems, size_t n_elems)
{
	struct nftnl_set *s = nftnl_set_alloc();
	nftnl_set_set_u32(s, NFTNL_SET_FAMILY, (uint32_t)family);
	nftnl_set_set_str(s, NFTNL_SET_TABLE, bt->n->g.table);
	nftnl_set_set_str(s, NFTNL_SET_NAME, name);
	nftnl_set_set_u32(s, NFTNL_SET_ID, id);
	nftnl_set_set_u32(s, NFTNL_SET_KEY_TYPE, type);
	nftnl_set_set_u32(s, NFTNL_SET_KEY_LEN, len);
	nftnl_set_set_u32(s, NFTNL_SET_FLAGS, flags);
	nftnl_set_nlmsg_build_payload(msg(bt, NFT_MSG_NEWSET, (uint16_t)family, NLM_F_CREATE), s);
	next(bt);
	if (n_elems) {
		for (size_t i = 0; i < n_elems; i++) {
			struct nftnl_set_elem *e = nftnl_set_elem_alloc();
			nftnl_set_elem_set(e, NFTNL_SET_ELEM_KEY, elems + i * len, len);
			nftnl_set_elem_add(s, e);
		}
		nftnl_set_elems_nlmsg_build_payload(msg(bt, NFT_MSG_NEWSETELEM, (uint16_t)family, NLM_F_CREATE), s);
		next(bt);
	}
	nftnl_set_free(s);
}

static void put_chain(struct batch *bt, int family, const char *name, int hook)
{
	struct nftnl_chain *c = nftnl_chain_alloc();
	nftnl_chain_set_u32(c, NFTNL_CHAIN_FAMILY, (uint32_t)family);
	nftnl_chain_set_str(c, NFTNL_CHAIN_TABLE, bt->n->g.table);
	nftnl_chain_set_str(c, NFTNL_CHAIN_NAME, name);
	if (hook >= 0) {
		nftnl_chain_set_u32(c, NFTNL_CHAIN_HOOKNUM, (uint32_t)hook);
		nftnl_chain_set_s32(c, NFTNL_CHAIN_PRIO, bt->n->g.priority);
		nftnl_chain_set_str(c, NFTNL_CHAIN_TYPE, "filter");
		nftnl_chain_set_u32(c, NFTNL_CHAIN_POLICY, NF_ACCEPT);
	}
	nftnl_chain_nlmsg_build_payload(msg(bt, NFT_MSG_NEWCHAIN, (uint16_t)family, NLM_F_CREATE), c);
	next(bt);
	nftnl_chain_free(c);
}

static void put_table(struct batch *bt, int family, uint16_t type)
{
	struct nftnl_table *t = nftnl_table_alloc();
	nftnl_table_set_u32(t, NFTNL_TABLE_FAMILY, (uint32_t)family);
	nftnl_table_set_str(t, NFTNL_TABLE_NAME, bt->n->g.table);
	nftnl_table_nlmsg_build_payload(msg(bt, type, (uint16_t)family,
					    type == NFT_MSG_NEWTABLE ? NLM_F_CREATE : 0), t);
	next(bt);
	nftnl_table_free(t);
}

/* The IPv4 table: set, two base chains, two rules. */
static void build_ip(struct batch *bt)
{
	struct vrrp_nft *n = bt->n;
	put_table(bt, NFPROTO_IPV4, NFT_MSG_NEWTABLE);
	put_set(bt, NFPROTO_IPV4, "vips", 1, NFT_TYPE_IPADDR, 4, 0, NULL, 0);
	put_chain(bt, NFPROTO_IPV4, "in", NF_INET_LOCAL_IN);
	put_chain(bt, NFPROTO_IPV4, "out", NF_INET_LOCAL_OUT);
	static const struct { const char *chain; uint32_t off; } dir[] = { { "in", 16 }, { "out", 12 } };
	for (int i = 0; i < 2; i++) {
		struct nftnl_rule *r = rule_new(n, NFPROTO_IPV4, dir[i].chain);
		nft_e_payload(r, NFT_PAYLOAD_NETWORK_HEADER, dir[i].off, 4, NFT_REG_1);
		nft_e_lookup(r, NFT_REG_1, "vips", 1, 0);
		nft_e_counter(r, n->g.counters);
		nft_e_verdict(r, NF_DROP, NULL);
		put_rule(bt, NFPROTO_IPV4, r);
	}
}

/* The IPv6 table: neighbour discovery always passes; link-local addresses
 * are matched with the interface. */
static void build_ip6(struct batch *bt)
{
	struct vrrp_nft *n = bt->n;
	const int f = NFPROTO_IPV6;
	put_table(bt, f, NFT_MSG_NEWTABLE);
	put_set(bt, f, "vips", 1, NFT_TYPE_IP6ADDR, 16, 0, NULL, 0);
	static const uint8_t nd[2] = { ND_NEIGHBOR_SOLICIT, ND_NEIGHBOR_ADVERT };
	put_set(bt, f, "neighbor-discovery", 2, NFT_TYPE_ICMP6_TYPE, 1, NFT_SET_CONSTANT, nd, 2);
	put_chain(bt, f, "in", NF_INET_LOCAL_IN);
	put_chain(bt, f, "out", NF_INET_LOCAL_OUT);
	put_chain(bt, f, "in_link_local", -1);
	put_chain(bt, f, "out_link_local", -1);
	static const struct { const char *chain, *ll; uint32_t off, ifkey; } dir[] = {
		{ "in", "in_link_local", 24, NFT_META_IIF }, { "out", "out_link_local", 8, NFT_META_OIF },
	};
	static const uint8_t icmp6 = IPPROTO_ICMPV6;
	static const uint8_t ll_mask[2] = { 0xff, 0xc0 }, ll_pfx[2] = { 0xfe, 0x80 };
	for (int i = 0; i < 2; i++) {
		struct nftnl_rule *r = rule_new(n, f, dir[i].chain);
		nft_e_meta(r, NFT_META_L4PROTO, NFT_REG_1);
		nft_e_cmp_eq(r, NFT_REG_1, &icmp6, 1);
		nft_e_payload(r, NFT_PAYLOAD_TRANSPORT_HEADER, 0, 1, NFT_REG_1);
		nft_e_lookup(r, NFT_REG_1, "neighbor-discovery", 2, 0);
		nft_e_verdict(r, NF_ACCEPT, NULL);
		put_rule(bt, f, r);

		r = rule_new(n, f, dir[i].chain);
		nft_e_payload(r, NFT_PAYLOAD_NETWORK_HEADER, dir[i].off, 2, NFT_REG_1);
		nft_e_mask(r, NFT_REG_1, ll_mask, 2);
		nft_e_cmp_eq(r, NFT_REG_1, ll_pfx, 2);
		nft_e_verdict(r, NFT_GOTO, dir[i].ll);
		put_rule(bt, f, r);

		r = rule_new(n, f, dir[i].chain);
		nft_e_payload(r, NFT_PAYLOAD_NETWORK_HEADER, dir[i].off, 16, NFT_REG_1);
		nft_e_lookup(r, NFT_REG_1, "vips", 1, 0);
		nft_e_counter(r, n->g.counters);
		nft_e_verdict(r, NF_DROP, NULL);
		put_rule(bt, f, r);

	}
}

/* A link-local set of the ip6 table and its drop rules in in_link_local
 * and out_link_local, as keepalived 2.2.7 adds them when the first address
 * needs them: vips_link_local { ipv6_addr . iface_index } matched with
 * iif/oif, or (by_name) vips_link_local_name { ipv6_addr . ifname } with
 * iifname/oifname. */
static void build_ll(struct batch *bt, bool by_name)
{
	struct vrrp_nft *n = bt->n;
	const int f = NFPROTO_IPV6;
	const char *set = by_name ? "vips_link_local_name" : "vips_link_local";
	uint32_t id = by_name ? 4 : 3;
	put_set(bt, f, set, id, NFT_TYPE_IP6ADDR << NFT_TYPE_BITS | (by_name ? NFT_TYPE_IFNAME : NFT_TYPE_IFINDEX),
		by_name ? 16 + IFNAMSIZ : 20, 0, NULL, 0);
	static const struct { const char *ll; uint32_t off, ifkey, ifname; } dir[] = {
		{ "in_link_local", 24, NFT_META_IIF, NFT_META_IIFNAME },
		{ "out_link_local", 8, NFT_META_OIF, NFT_META_OIFNAME },
	};
	for (int i = 0; i < 2; i++) {
		struct nftnl_rule *r = rule_new(n, f, dir[i].ll);
		nft_e_payload(r, NFT_PAYLOAD_NETWORK_HEADER, dir[i].off, 16, NFT_REG32_00);
		nft_e_meta(r, by_name ? dir[i].ifname : dir[i].ifkey, NFT_REG32_04);
		nft_e_lookup(r, NFT_REG32_00, set, id, 0);
		nft_e_counter(r, n->g.counters);
		nft_e_verdict(r, NF_DROP, NULL);
		put_rule(bt, f, r);
	}
}

/* Make the table of a family once: delete a leftover first. */
static bool ensure_table(struct vrrp_nft *n, int family)
{
	int k = family == AF_INET6;
	if (n->made[k])
		return true;
	if (!nl_open(n))
		return false;
	int nfp = family == AF_INET6 ? NFPROTO_IPV6 : NFPROTO_IPV4;
	struct batch bt;
	batch_begin(n, &bt);
	put_table(&bt, nfp, NFT_MSG_DELTABLE);
	batch_send(&bt, ENOENT, "removing a leftover table");
	batch_begin(n, &bt);
	if (family == AF_INET6)
		build_ip6(&bt);
	else
		build_ip(&bt);
	if (batch_send(&bt, 0, "creating the table") < 0)
		return false;
	n->made[k] = true;
	if (k)
		n->ll_made[0] = n->ll_made[1] = false;
	log_info("nftables: table %s %s created (drops traffic to the VIPs of a master without accept)",
		 family == AF_INET6 ? "ip6" : "ip", n->g.table);
	return true;
}

/* The link-local set (by name or index) and its rules, made once. */
static bool ensure_ll(struct vrrp_nft *n, bool by_name)
{
	if (n->ll_made[by_name])
		return true;
	struct batch bt;
	batch_begin(n, &bt);
	build_ll(&bt, by_name);
	if (batch_send(&bt, 0, "creating a link-local set") < 0)
		return false;
	n->ll_made[by_name] = true;
	return true;
}

/* Contract: see vrrp_nft.h. */
int vrrp_nft_addr(struct vrrp_nft *n, int family, const void *addr, const struct vrrp_nft_if *ifc, bool add)
{
	if (!add && !n->made[family == AF_INET6])
		return 0;
	if (!ensure_table(n, family))
		return -1;
	int nfp = family == AF_INET6 ? NFPROTO_IPV6 : NFPROTO_IPV4;
	uint8_t key[16 + IFNAMSIZ] = { 0 };
	uint32_t len = family == AF_INET6 ? 16 : 4;
	const char *set = "vips";
	memcpy(key, addr, len);
	if (family == AF_INET6 && IN6_IS_ADDR_LINKLOCAL((const struct in6_addr *)addr)) {
		bool by_name = ifc->by_name && !n->g.ifindex;
		if (!add && !n->ll_made[by_name])
			return 0;
		if (!ensure_ll(n, by_name))
			return -1;
		set = by_name ? "vips_link_local_name" : "vips_link_local";
		if (by_name) {
			strncpy((char *)key + 16, ifc->name, IFNAMSIZ - 1);   /* meta iifname: NUL-padded */
			len = 16 + IFNAMSIZ;
		} else {
			memcpy(key + 16, &ifc->index, 4);   /* meta iif/oif: host order */
			len = 20;
		}
	}
	struct nftnl_set *s = nftnl_set_alloc();
	nftnl_set_set_u32(s, NFTNL_SET_FAMILY, (uint32_t)nfp);
	nftnl_set_set_str(s, NFTNL_SET_TABLE, n->g.table);
	nftnl_set_set_str(s, NFTNL_SET_NAME, set);
	struct nftnl_set_elem *e = nftnl_set_elem_alloc();
	nftnl_set_elem_set(e, NFTNL_SET_ELEM_KEY, key, len);
	nftnl_set_elem_add(s, e);
	struct batch bt;
	batch_begin(n, &bt);
	nftnl_set_elems_nlmsg_build_payload(msg(&bt, add ? NFT_MSG_NEWSETELEM : NFT_MSG_DELSETELEM,
						(uint16_t)nfp, add ? NLM_F_CREATE : 0), s);
	next(&bt);
	nftnl_set_free(s);
	return batch_send(&bt, add ? EEXIST : ENOENT, add ? "adding an address" : "removing an address");
}

void vrrp_nft_free(struct vrrp_nft *n)
{
	if (!n)
		return;
	for (int k = 0; k < 2; k++) {
		if (!n->made[k])
			continue;
		struct batch bt;
		batch_begin(n, &bt);
		put_table(&bt, k ? NFPROTO_IPV6 : NFPROTO_IPV4, NFT_MSG_DELTABLE);
		if (batch_send(&bt, ENOENT, "removing the table") == 0)
			log_info("nftables: table %s %s removed", k ? "ip6" : "ip", n->g.table);
	}
	nft_conn_close(&n->conn);
	free(n);
}
