/* nft_batch.h - nftables over libmnl + libnftnl: one netlink socket, batches
 * whose every message asks for an acknowledgement (read back before
 * nft_batch_send() returns), and the rule expressions keepalived-ng's two
 * tables use (vrrp/vrrp_nft.c: no_accept; check/check_nft.c: nftables_ipvs).
 * Generic: nothing here knows a table. */
#ifndef KA_NFT_BATCH_H
#define KA_NFT_BATCH_H

#include <stdbool.h>
#include <stdint.h>

struct mnl_socket;
struct mnl_nlmsg_batch;
struct nlmsghdr;
struct nftnl_rule;

/* nftables' datatype numbers (what `nft list` prints keys and data as); a
 * concatenation's type is (a << NFT_TYPE_BITS) | b. */
#define NFT_TYPE_IPADDR 7
#define NFT_TYPE_IP6ADDR 8
#define NFT_TYPE_INET_SERVICE 13
#define NFT_TYPE_MARK 19
#define NFT_TYPE_IFINDEX 20
#define NFT_TYPE_ICMP6_TYPE 29
#define NFT_TYPE_IFNAME 41
#define NFT_TYPE_BITS 6

/* The NETLINK_NETFILTER socket (opened on first use) and its sequence. */
struct nft_conn {
	struct mnl_socket *nl;
	uint32_t seq;
};

/* One batch being built (up to 64 KiB of messages). */
struct nft_batch {
	char *buf;
	struct mnl_nlmsg_batch *b;
	unsigned msgs;           /* messages that ask for an ack */
	struct nft_conn *c;
};

/* Open c's socket unless open (2 s receive timeout). false: logged. */
bool nft_conn_open(struct nft_conn *c);
/* Use fd, a NETLINK_NETFILTER socket made elsewhere (another network
 * namespace), as c's socket; fd is c's (closed on failure). false: logged. */
bool nft_conn_adopt(struct nft_conn *c, int fd);
void nft_conn_close(struct nft_conn *c);

void nft_batch_begin(struct nft_conn *c, struct nft_batch *bt);
/* The header of the batch's next message (NLM_F_ACK added); fill its
 * payload, then nft_batch_next(). */
struct nlmsghdr *nft_batch_msg(struct nft_batch *bt, uint16_t type, uint16_t family, uint16_t flags);
void nft_batch_next(struct nft_batch *bt);
/* Send the batch, read one answer per message; an error other than
 * tolerated (e.g. ENOENT on a delete, 0 for none) is logged with what.
 * Frees the batch. 0 or -1. */
int nft_batch_send(struct nft_batch *bt, int tolerated, const char *what);

/* Rule expressions, appended to r. */
void nft_e_payload(struct nftnl_rule *r, uint32_t base, uint32_t off, uint32_t len, uint32_t dreg);
void nft_e_meta(struct nftnl_rule *r, uint32_t key, uint32_t dreg);
void nft_e_meta_set(struct nftnl_rule *r, uint32_t key, uint32_t sreg);
void nft_e_cmp_eq(struct nftnl_rule *r, uint32_t sreg, const void *data, uint32_t len);
void nft_e_mask(struct nftnl_rule *r, uint32_t reg, const void *mask, uint32_t len);
/* lookup in set (set_id: its id in this batch); dreg 0 = a plain set,
 * else a map's data into dreg */
void nft_e_lookup(struct nftnl_rule *r, uint32_t sreg, const char *set, uint32_t set_id, uint32_t dreg);
void nft_e_counter(struct nftnl_rule *r, bool on);
void nft_e_verdict(struct nftnl_rule *r, int verdict, const char *chain);

#endif
