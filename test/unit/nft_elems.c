/* nft_elems.c - test helper: print the elements of an nftables set, read
 * through libnftnl (the library the daemon writes with), one per line:
 * an IPv4/IPv6 address, "ADDR . IFINDEX" for a 20-byte concatenation, or
 * "ADDR . IFNAME" for a 32-byte one (ipv6_addr . ifname).
 *   nft_elems ip|ip6 TABLE SET     exit 0, 2 when the set does not exist */
#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <libnftnl/set.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static int print_elem(struct nftnl_set_elem *e, void *arg)
{
	uint32_t len = 0;
	const uint8_t *k = nftnl_set_elem_get(e, NFTNL_SET_ELEM_KEY, &len);
	char a[INET6_ADDRSTRLEN];
	if (len == 4) {
		printf("%s\n", inet_ntop(AF_INET, k, a, sizeof(a)));
	} else if (len == 16) {
		printf("%s\n", inet_ntop(AF_INET6, k, a, sizeof(a)));
	} else if (len == 20) {
		uint32_t idx;
		memcpy(&idx, k + 16, 4);
		printf("%s . %u\n", inet_ntop(AF_INET6, k, a, sizeof(a)), idx);
	} else if (len == 32) {
		printf("%s . %.16s\n", inet_ntop(AF_INET6, k, a, sizeof(a)), (const char *)k + 16);
	} else {
		printf("(%u bytes)\n", len);
	}
	return 0;
}

static int cb(const struct nlmsghdr *h, void *data)
{
	struct nftnl_set *s = nftnl_set_alloc();   /* one per message: parsing appends */
	int rc = MNL_CB_OK;
	if (nftnl_set_elems_nlmsg_parse(h, s) < 0)
		rc = MNL_CB_ERROR;
	else
		nftnl_set_elem_foreach(s, print_elem, NULL);
	nftnl_set_free(s);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: %s ip|ip6 TABLE SET\n", argv[0]);
		return 1;
	}
	uint16_t fam = strcmp(argv[1], "ip6") == 0 ? NFPROTO_IPV6 : NFPROTO_IPV4;
	char buf[65536];
	uint32_t seq = (uint32_t)time(NULL);
	struct nftnl_set *s = nftnl_set_alloc();
	nftnl_set_set_str(s, NFTNL_SET_TABLE, argv[2]);
	nftnl_set_set_str(s, NFTNL_SET_NAME, argv[3]);
	struct nlmsghdr *h = nftnl_nlmsg_build_hdr(buf, NFT_MSG_GETSETELEM, fam, NLM_F_DUMP | NLM_F_ACK, seq);
	nftnl_set_elems_nlmsg_build_payload(h, s);
	struct mnl_socket *nl = mnl_socket_open(NETLINK_NETFILTER);
	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0 || mnl_socket_sendto(nl, h, h->nlmsg_len) < 0) {
		perror("netlink");
		return 1;
	}
	unsigned portid = mnl_socket_get_portid(nl);
	int ret = 0;
	ssize_t n;
	while ((n = mnl_socket_recvfrom(nl, buf, sizeof(buf))) > 0) {
		ret = mnl_cb_run(buf, (size_t)n, seq, portid, cb, NULL);
		if (ret <= 0)
			break;
	}
	int rc = 0;
	if (n < 0 || ret < 0)
		rc = errno == ENOENT ? 2 : 1;
	if (rc == 1)
		perror("nft_elems");
	mnl_socket_close(nl);
	nftnl_set_free(s);
	return rc;
}
