/* vrrp_net_selftest.c - the kernel side of vrrp_net.h, exercised for real.
 *
 * Never run this by hand: vrrp_net_selftest.sh runs it inside a private
 * network namespace holding two veth pairs, and sets KANG_VNET_NS so the
 * program refuses to run anywhere else (exit 77 = skipped):
 *
 *   kv0 10.99.0.1/24 <-> kv1 10.99.0.2/24    (kv1 accepts local sources)
 *   kv2 (no address) <-> kv3 (no address)
 *
 * It creates nothing itself beyond addresses on those interfaces.
 */
#include "vrrp_net.h"
#include "vrrp_packet.h"

#include "log.h"

#include "unit.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static struct in_addr A(const char *s)
{
	struct in_addr a;
	inet_pton(AF_INET, s, &a);
	return a;
}

static struct vip_conf V(const char *addr, unsigned prefixlen, const char *dev, const char *label)
{
	struct vip_conf v;
	memset(&v, 0, sizeof(v));
	v.addr.family = AF_INET;
	v.addr.u.v4 = A(addr);
	v.prefixlen = (uint8_t)prefixlen;
	if (dev)
		snprintf(v.dev, sizeof(v.dev), "%s", dev);
	if (label)
		snprintf(v.label, sizeof(v.label), "%s", label);
	return v;
}

static bool readable(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	return poll(&p, 1, ms) == 1 && (p.revents & POLLIN);
}

static struct netif *nf;
static struct vip_nl *vn;

/* Wait for the monitor to have something and apply it; the NETIF_CH_* bits. */
static unsigned sync_cache(void)
{
	unsigned ch = 0;
	while (readable(netif_fd(nf), 300))
		ch |= netif_drain(nf);
	return ch;
}

/* Set or clear IFF_UP on ifname (SIOCSIFFLAGS). 0 or -1. */
static int set_up(const char *ifname, bool up)
{
	struct ifreq ifr;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	int r = ioctl(fd, SIOCGIFFLAGS, &ifr);
	if (r == 0) {
		if (up)
			ifr.ifr_flags |= IFF_UP;
		else
			ifr.ifr_flags &= ~IFF_UP;
		r = ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	close(fd);
	return r;
}

TEST(interfaces)
{
	uint8_t mac[6], zero[6] = { 0 };
	CHECK(netif_index(nf, "kv0") > 0);
	CHECK_EQ_INT(netif_index(nf, "kv0"), if_nametoindex("kv0"));
	CHECK_EQ_INT(netif_index(nf, "kv-none"), 0);
	CHECK(netif_is_up(nf, "kv0"));
	CHECK(netif_is_up(nf, "kv1"));
	CHECK(!netif_is_up(nf, "kv-none"));
	CHECK_EQ_INT(netif_hwaddr(nf, netif_index(nf, "kv0"), mac), 0);
	CHECK(memcmp(mac, zero, 6) != 0);
	CHECK_EQ_INT(netif_hwaddr(nf, 0, mac), -1);

	/* the monitor sees a link go down and up again */
	CHECK_EQ_INT(set_up("kv3", false), 0);
	CHECK(sync_cache() & NETIF_CH_LINK);
	CHECK(!netif_is_up(nf, "kv3"));
	CHECK(!netif_is_up(nf, "kv2"));   /* its peer lost the carrier */
	CHECK_EQ_INT(set_up("kv3", true), 0);
	for (int i = 0; i < 20 && !netif_is_up(nf, "kv2"); i++)
		sync_cache();
	CHECK(netif_is_up(nf, "kv3"));
	CHECK(netif_is_up(nf, "kv2"));
	CHECK_EQ_INT(netif_drain(nf), 0);   /* nothing pending */
}

TEST(vips)
{
	struct vip_conf vip = V("10.99.0.100", 32, NULL, NULL);
	struct vip_conf other = V("10.99.0.101", 32, NULL, NULL);
	struct vip_conf labelled = V("10.99.0.102", 32, NULL, "kv0:vip");
	struct vip_conf nodev = V("10.99.0.103", 32, "kv-none", NULL);

	CHECK_EQ_INT(vip_add(vn, nf, &vip, "kv0"), 0);
	CHECK_EQ_INT(vip_add(vn, nf, &vip, "kv0"), 1);
	/* the cache learns it from the monitor, and reports it once */
	CHECK(readable(netif_fd(nf), 2000));
	CHECK_EQ_INT(netif_drain(nf), NETIF_CH_ADDR);
	CHECK_EQ_INT(netif_drain(nf), 0);
	CHECK(vip_present(nf, &vip, "kv0"));
	CHECK(!vip_present(nf, &vip, "kv1"));
	CHECK(!vip_present(nf, &other, "kv0"));

	/* the advert source skips the VIP */
	struct in_addr src;
	CHECK(netif_primary_ipv4(nf, "kv0", &vip, 1, &src));
	CHECK(src.s_addr == A("10.99.0.1").s_addr);

	/* labels, and dev overriding the default device */
	CHECK_EQ_INT(vip_add(vn, nf, &labelled, "kv0"), 0);
	sync_cache();
	CHECK(vip_present(nf, &labelled, "kv0"));
	CHECK_EQ_INT(vip_del(vn, nf, &labelled, "kv0"), 0);
	CHECK_EQ_INT(vip_add(vn, nf, &nodev, "kv0"), -1);
	CHECK_EQ_INT(vip_del(vn, nf, &nodev, "kv0"), 1);

	CHECK_EQ_INT(vip_del(vn, nf, &vip, "kv0"), 0);
	CHECK_EQ_INT(vip_del(vn, nf, &vip, "kv0"), 1);
	sync_cache();
	CHECK(!vip_present(nf, &vip, "kv0"));
	CHECK(!vip_present(nf, &labelled, "kv0"));
}

/* Many requests in one flush; one bad request fails alone. */
TEST(vip_batch)
{
	enum { N = 300 };
	static struct vip_conf v[N];
	char a[32];
	for (int i = 0; i < N; i++) {
		snprintf(a, sizeof(a), "10.98.%d.%d", i / 200, 1 + i % 200);
		v[i] = V(a, 32, NULL, NULL);
		CHECK_EQ_INT(vip_queue(vn, nf, &v[i], "kv0", true), 0);
	}
	struct vip_conf bad = V("10.98.9.9", 33, NULL, NULL);   /* prefix too long */
	CHECK_EQ_INT(vip_queue(vn, nf, &bad, "kv0", true), 0);
	CHECK_EQ_INT(vip_pending(vn), N + 1);
	/* a tiny budget sends one chunk and keeps the rest, in order */
	CHECK_EQ_INT(vip_flush(vn, 1), 0);
	CHECK(vip_pending(vn) > 0 && vip_pending(vn) < N + 1);
	CHECK_EQ_INT(vip_flush(vn, 0), 1);
	CHECK_EQ_INT(vip_pending(vn), 0);
	sync_cache();
	int present = 0;
	for (int i = 0; i < N; i++)
		present += vip_present(nf, &v[i], "kv0");
	CHECK_EQ_INT(present, N);
	CHECK(!vip_present(nf, &bad, "kv0"));

	/* adding what is there and removing it twice are no failures */
	for (int i = 0; i < N; i++)
		vip_queue(vn, nf, &v[i], "kv0", true);
	for (int i = 0; i < N; i++)
		vip_queue(vn, nf, &v[i], "kv0", false);
	for (int i = 0; i < N; i++)
		vip_queue(vn, nf, &v[i], "kv0", false);
	CHECK_EQ_INT(vip_flush(vn, 0), 0);
	sync_cache();
	present = 0;
	for (int i = 0; i < N; i++)
		present += vip_present(nf, &v[i], "kv0");
	CHECK_EQ_INT(present, 0);
}

TEST(vips_v6)
{
	if (access("/proc/sys/net/ipv6", F_OK) != 0) {
		printf("# no IPv6 in this kernel: vips_v6 not run\n");
		return;
	}
	struct vip_conf vip;
	memset(&vip, 0, sizeof(vip));
	vip.addr.family = AF_INET6;
	inet_pton(AF_INET6, "fd00:99::100", &vip.addr.u.v6);
	vip.prefixlen = 64;
	CHECK_EQ_INT(vip_add(vn, nf, &vip, "kv0"), 0);
	CHECK_EQ_INT(vip_add(vn, nf, &vip, "kv0"), 1);
	sync_cache();
	CHECK(vip_present(nf, &vip, "kv0"));
	CHECK_EQ_INT(vip_del(vn, nf, &vip, "kv0"), 0);
	CHECK_EQ_INT(vip_del(vn, nf, &vip, "kv0"), 1);
	sync_cache();
	CHECK(!vip_present(nf, &vip, "kv0"));
}

TEST(primary_skips_vips)
{
	/* on kv2, the VIP is configured before the real address */
	struct vip_conf vips[2] = {
		V("10.99.2.100", 32, "kv2", NULL),
		V("10.99.2.1", 24, "kv2", NULL),  /* stands for the real address */
	};
	struct in_addr a;
	CHECK(!netif_primary_ipv4(nf, "kv2", NULL, 0, &a));
	CHECK_EQ_INT(vip_add(vn, nf, &vips[0], NULL), 0);
	CHECK_EQ_INT(vip_add(vn, nf, &vips[1], NULL), 0);
	sync_cache();
	CHECK(netif_primary_ipv4(nf, "kv2", NULL, 0, &a));
	CHECK(a.s_addr == A("10.99.2.100").s_addr);
	CHECK(netif_primary_ipv4(nf, "kv2", vips, 1, &a));
	CHECK(a.s_addr == A("10.99.2.1").s_addr);
	CHECK(!netif_primary_ipv4(nf, "kv2", vips, 2, &a));
	CHECK_EQ_INT(vip_del(vn, nf, &vips[0], NULL), 0);
	CHECK_EQ_INT(vip_del(vn, nf, &vips[1], NULL), 0);
	sync_cache();
}

TEST(garp)
{
	struct in_addr vip = A("10.99.0.100");
	uint8_t mac[6];
	CHECK_EQ_INT(netif_hwaddr(nf, netif_index(nf, "kv0"), mac), 0);

	int rx = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ARP));
	CHECK(rx >= 0);
	if (rx < 0)
		return;
	struct sockaddr_ll ll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ARP),
		.sll_ifindex = (int)netif_index(nf, "kv1"),
	};
	CHECK_EQ_INT(bind(rx, (struct sockaddr *)&ll, sizeof(ll)), 0);

	/* several frames on the one packet socket of kv0 */
	CHECK_EQ_INT(garp_send(nf, "kv0", vip), 0);
	int fd = netif_packet_fd(nf, netif_index(nf, "kv0"));
	CHECK(fd >= 0);
	CHECK_EQ_INT(garp_send(nf, "kv0", vip), 0);
	CHECK_EQ_INT(netif_packet_fd(nf, netif_index(nf, "kv0")), fd);
	CHECK_EQ_INT(garp_send(nf, "kv-none", vip), -1);

	uint8_t f[128];
	bool seen = false;
	while (!seen && readable(rx, 2000)) {
		ssize_t n = recv(rx, f, sizeof(f), 0);
		if (n < 42 || memcmp(f + 6, mac, 6) != 0)
			continue;
		seen = true;
		const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
		const uint8_t arp_hdr[8] = { 0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x01 };
		CHECK_MEM(f, bcast, 6);                 /* Ethernet dst */
		CHECK(f[12] == 0x08 && f[13] == 0x06);  /* ethertype ARP */
		CHECK_MEM(f + 14, arp_hdr, 8);          /* Ethernet/IPv4, request */
		CHECK_MEM(f + 22, mac, 6);              /* sender MAC */
		CHECK_MEM(f + 28, &vip.s_addr, 4);      /* sender IP */
		CHECK_MEM(f + 32, bcast, 6);            /* target MAC: keepalived 2.2.7's broadcast */
		CHECK_MEM(f + 38, &vip.s_addr, 4);      /* target IP */
	}
	CHECK(seen);
	close(rx);
}

TEST(advert_over_veth)
{
	struct in_addr group = A("224.0.0.18");
	int tx = vrrp_socket_open("kv0", group);
	int rx = vrrp_socket_open("kv1", group);
	CHECK(tx >= 0);
	CHECK(rx >= 0);
	CHECK_EQ_INT(vrrp_socket_open("kv-none", group), -1);
	if (tx < 0 || rx < 0)
		return;

	struct vrrp_advert adv;
	memset(&adv, 0, sizeof(adv));
	adv.version = 3;
	adv.vrid = 42;
	adv.priority = 150;
	adv.advert_int_cs = 100;
	adv.naddr = 1;
	adv.addrs[0] = A("10.99.0.100");
	CHECK(netif_primary_ipv4(nf, "kv0", NULL, 0, &adv.src));
	adv.dst = group;
	uint8_t pkt[256];
	size_t len = vrrp_advert_build(pkt, sizeof(pkt), &adv, 7);
	CHECK(len > 0);
	CHECK_EQ_INT(vrrp_socket_send(tx, pkt, len, group), 0);

	uint8_t buf[2048];
	ssize_t n = 0;
	int ifindex = -1;
	while (n == 0 && readable(rx, 2000))
		n = vrrp_socket_recv(rx, buf, sizeof(buf), &ifindex);
	CHECK_EQ_INT(n, len);
	CHECK_EQ_INT(ifindex, netif_index(nf, "kv1"));
	struct vrrp_advert got;
	CHECK_EQ_INT(vrrp_advert_parse(buf, n > 0 ? (size_t)n : 0, &got), VRRP_RX_OK);
	CHECK_EQ_INT(got.vrid, 42);
	CHECK_EQ_INT(got.priority, 150);
	CHECK(got.src.s_addr == A("10.99.0.1").s_addr);
	CHECK(got.dst.s_addr == group.s_addr);

	/* multicast loop is off: the sender hears nothing of its own */
	CHECK(!readable(tx, 200));
	CHECK_EQ_INT(vrrp_socket_recv(tx, buf, sizeof(buf), &ifindex), 0);
	close(tx);
	close(rx);
}

int main(void)
{
	if (geteuid() != 0 || !getenv("KANG_VNET_NS")) {
		fprintf(stderr, "vrrp_net_selftest: needs root, run by vrrp_net_selftest.sh: skipped\n");
		return 77;
	}
	log_init("vrrp_net_selftest", "test", LOG_DEST_CONSOLE, LOG_DAEMON);
	nf = netif_new();
	vn = vip_nl_new();
	if (!nf || !vn) {
		fprintf(stderr, "vrrp_net_selftest: no netlink\n");
		return 1;
	}
	RUN(interfaces);
	RUN(vips);
	RUN(vip_batch);
	RUN(vips_v6);
	RUN(primary_skips_vips);
	RUN(garp);
	RUN(advert_over_veth);
	vip_nl_free(vn);
	netif_free(nf);
	return unit_summary();
}
