/* nft_batch.c - see nft_batch.h. */
#include "nft_batch.h"

#include "log.h"
#include "util.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <libnftnl/common.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <linux/netlink.h>

bool nft_conn_open(struct nft_conn *c)
{
	if (c->nl)
		return true;
	if (!c->seq)
		c->seq = (uint32_t)time(NULL);
	c->nl = mnl_socket_open(NETLINK_NETFILTER);
	if (!c->nl || mnl_socket_bind(c->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		log_err("nftables: netlink socket: %s", strerror(errno));
		if (c->nl)
			mnl_socket_close(c->nl);
		c->nl = NULL;
		return false;
	}
	struct timeval tv = { .tv_sec = 2 };
	setsockopt(mnl_socket_get_fd(c->nl), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return true;
}

bool nft_conn_adopt(struct nft_conn *c, int fd)
{
	nft_conn_close(c);
	if (!c->seq)
		c->seq = (uint32_t)time(NULL);
	/* bound here so that the port read back is the kernel's: answers are
	 * matched by it */
	struct sockaddr_nl local = { .nl_family = AF_NETLINK };
	if (bind(fd, (struct sockaddr *)&local, sizeof(local)) < 0 || !(c->nl = mnl_socket_fdopen(fd))) {
		log_err("nftables: netlink socket handed over: %s", strerror(errno));
		close(fd);
		return false;
	}
	struct timeval tv = { .tv_sec = 2 };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return true;
}

void nft_conn_close(struct nft_conn *c)
{
	if (c->nl)
		mnl_socket_close(c->nl);
	c->nl = NULL;
}

void nft_batch_begin(struct nft_conn *c, struct nft_batch *bt)
{
	size_t sz = 65536;
	bt->buf = xmalloc(sz);
	bt->b = mnl_nlmsg_batch_start(bt->buf, sz);
	bt->c = c;
	bt->msgs = 0;
	nftnl_batch_begin(mnl_nlmsg_batch_current(bt->b), c->seq++);
	mnl_nlmsg_batch_next(bt->b);
}

struct nlmsghdr *nft_batch_msg(struct nft_batch *bt, uint16_t type, uint16_t family, uint16_t flags)
{
	bt->msgs++;
	return nftnl_nlmsg_build_hdr(mnl_nlmsg_batch_current(bt->b), type, family,
				     flags | NLM_F_ACK, bt->c->seq++);
}

void nft_batch_next(struct nft_batch *bt)
{
	mnl_nlmsg_batch_next(bt->b);
}

int nft_batch_send(struct nft_batch *bt, int tolerated, const char *what)
{
	struct nft_conn *c = bt->c;
	nftnl_batch_end(mnl_nlmsg_batch_current(bt->b), c->seq++);
	mnl_nlmsg_batch_next(bt->b);
	int rc = 0;
	if (mnl_socket_sendto(c->nl, mnl_nlmsg_batch_head(bt->b), mnl_nlmsg_batch_size(bt->b)) < 0) {
		log_err("nftables: %s: send: %s", what, strerror(errno));
		rc = -1;
		goto out;
	}
	static char buf[16384];
	unsigned portid = mnl_socket_get_portid(c->nl), got = 0;
	while (got < bt->msgs) {
		ssize_t got_len = mnl_socket_recvfrom(c->nl, buf, sizeof(buf));
		if (got_len < 0) {
			log_err("nftables: %s: no answer: %s", what, strerror(errno));
			rc = -1;
			break;
		}
		int len = (int)got_len;
		for (const struct nlmsghdr *h = (const void *)buf; mnl_nlmsg_ok(h, len);
		     h = mnl_nlmsg_next(h, &len)) {
			if (h->nlmsg_pid != portid || h->nlmsg_type != NLMSG_ERROR)
				continue;
			got++;
			const struct nlmsgerr *e = mnl_nlmsg_get_payload(h);
			if (e->error && -e->error != tolerated) {
				log_err("nftables: %s: %s", what, strerror(-e->error));
				rc = -1;
			}
		}
	}
out:
	mnl_nlmsg_batch_stop(bt->b);
	free(bt->buf);
	return rc;
}

/* ---- expressions ------------------------------------------------------------------ */

void nft_e_payload(struct nftnl_rule *r, uint32_t base, uint32_t off, uint32_t len, uint32_t dreg)
{
	struct nftnl_expr *e = nftnl_expr_alloc("payload");
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE, base);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, off);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, len);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_DREG, dreg);
	nftnl_rule_add_expr(r, e);
}

void nft_e_meta(struct nftnl_rule *r, uint32_t key, uint32_t dreg)
{
	struct nftnl_expr *e = nftnl_expr_alloc("meta");
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, key);
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, dreg);
	nftnl_rule_add_expr(r, e);
}

void nft_e_meta_set(struct nftnl_rule *r, uint32_t key, uint32_t sreg)
{
	struct nftnl_expr *e = nftnl_expr_alloc("meta");
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, key);
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_SREG, sreg);
	nftnl_rule_add_expr(r, e);
}

void nft_e_cmp_eq(struct nftnl_rule *r, uint32_t sreg, const void *data, uint32_t len)
{
	struct nftnl_expr *e = nftnl_expr_alloc("cmp");
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, sreg);
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, NFT_CMP_EQ);
	nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, data, len);
	nftnl_rule_add_expr(r, e);
}

void nft_e_mask(struct nftnl_rule *r, uint32_t reg, const void *mask, uint32_t len)
{
	static const uint8_t zero[16];
	struct nftnl_expr *e = nftnl_expr_alloc("bitwise");
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_SREG, reg);
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_DREG, reg);
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_LEN, len);
	nftnl_expr_set(e, NFTNL_EXPR_BITWISE_MASK, mask, len);
	nftnl_expr_set(e, NFTNL_EXPR_BITWISE_XOR, zero, len);
	nftnl_rule_add_expr(r, e);
}

void nft_e_lookup(struct nftnl_rule *r, uint32_t sreg, const char *set, uint32_t set_id, uint32_t dreg)
{
	struct nftnl_expr *e = nftnl_expr_alloc("lookup");
	nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_SREG, sreg);
	if (dreg)
		nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_DREG, dreg);
	nftnl_expr_set_str(e, NFTNL_EXPR_LOOKUP_SET, set);
	nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_SET_ID, set_id);
	nftnl_rule_add_expr(r, e);
}

void nft_e_counter(struct nftnl_rule *r, bool on)
{
	if (on)
		nftnl_rule_add_expr(r, nftnl_expr_alloc("counter"));
}

void nft_e_verdict(struct nftnl_rule *r, int verdict, const char *chain)
{
	struct nftnl_expr *e = nftnl_expr_alloc("immediate");
	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, NFT_REG_VERDICT);
	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_VERDICT, (uint32_t)verdict);
	if (chain)
		nftnl_expr_set_str(e, NFTNL_EXPR_IMM_CHAIN, chain);
	nftnl_rule_add_expr(r, e);
}
