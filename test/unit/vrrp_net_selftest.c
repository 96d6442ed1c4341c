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
#include <poll.h>
#include <stdlib.h>
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

static int monitor_calls;
static void on_link_change(void *arg)
{
	(void)arg;
	monitor_calls++;
}

TEST(interfaces)
{
	uint8_t mac[6], zero[6] = { 0 };
	CHECK(netif_index("kv0") > 0);
	CHECK_EQ_INT(netif_index("kv-none"), 0);
	CHECK(netif_is_up("kv0"));
	CHECK(netif_is_up("kv1"));
	CHECK(!netif_is_up("kv-none"));
	CHECK_EQ_INT(netif_hwaddr("kv0", mac), 0);
	CHECK(memcmp(mac, zero, 6) != 0);
	CHECK_EQ_INT(netif_hwaddr("kv-none", mac), -1);
}

TEST(vips)
{
	struct vip_conf vip = V("10.99.0.100", 32, NULL, NULL);
	struct vip_conf other = V("10.99.0.101", 32, NULL, NULL);
	struct vip_conf labelled = V("10.99.0.102", 32, NULL, "kv0:vip");
	struct vip_conf nodev = V("10.99.0.103", 32, "kv-none", NULL);

	int mon = netif_monitor_open(false);
	CHECK(mon >= 0);
	monitor_calls = 0;

	CHECK_EQ_INT(vip_add(&vip, "kv0"), 0);
	CHECK_EQ_INT(vip_add(&vip, "kv0"), 1);
	CHECK(vip_present(&vip, "kv0"));
	CHECK(!vip_present(&vip, "kv1"));
	CHECK(!vip_present(&other, "kv0"));

	/* the address change was notified, and drain reports it once */
	CHECK(readable(mon, 2000));
	netif_monitor_drain(mon, false, on_link_change, NULL);
	CHECK_EQ_INT(monitor_calls, 1);
	netif_monitor_drain(mon, false, on_link_change, NULL);  /* nothing pending */
	CHECK_EQ_INT(monitor_calls, 1);
	close(mon);

	/* the advert source skips the VIP */
	struct in_addr src;
	CHECK(netif_primary_ipv4("kv0", &vip, 1, &src));
	CHECK(src.s_addr == A("10.99.0.1").s_addr);

	/* labels, and dev overriding the default device */
	CHECK_EQ_INT(vip_add(&labelled, "kv0"), 0);
	CHECK(vip_present(&labelled, "kv0"));
	CHECK_EQ_INT(vip_del(&labelled, "kv0"), 0);
	CHECK_EQ_INT(vip_add(&nodev, "kv0"), -1);
	CHECK_EQ_INT(vip_del(&nodev, "kv0"), 1);

	CHECK_EQ_INT(vip_del(&vip, "kv0"), 0);
	CHECK_EQ_INT(vip_del(&vip, "kv0"), 1);
	CHECK(!vip_present(&vip, "kv0"));
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
	CHECK_EQ_INT(vip_add(&vip, "kv0"), 0);
	CHECK_EQ_INT(vip_add(&vip, "kv0"), 1);
	CHECK(vip_present(&vip, "kv0"));
	CHECK_EQ_INT(vip_del(&vip, "kv0"), 0);
	CHECK_EQ_INT(vip_del(&vip, "kv0"), 1);
	CHECK(!vip_present(&vip, "kv0"));
}

TEST(primary_skips_vips)
{
	/* on kv2, the VIP is configured before the real address */
	struct vip_conf vips[2] = {
		V("10.99.2.100", 32, "kv2", NULL),
		V("10.99.2.1", 24, "kv2", NULL),  /* stands for the real address */
	};
	struct in_addr a;
	CHECK(!netif_primary_ipv4("kv2", NULL, 0, &a));
	CHECK_EQ_INT(vip_add(&vips[0], NULL), 0);
	CHECK_EQ_INT(vip_add(&vips[1], NULL), 0);
	CHECK(netif_primary_ipv4("kv2", NULL, 0, &a));
	CHECK(a.s_addr == A("10.99.2.100").s_addr);
	CHECK(netif_primary_ipv4("kv2", vips, 1, &a));
	CHECK(a.s_addr == A("10.99.2.1").s_addr);
	CHECK(!netif_primary_ipv4("kv2", vips, 2, &a));
	CHECK_EQ_INT(vip_del(&vips[0], NULL), 0);
	CHECK_EQ_INT(vip_del(&vips[1], NULL), 0);
}

TEST(garp)
{
	struct in_addr vip = A("10.99.0.100");
	uint8_t mac[6];
	CHECK_EQ_INT(netif_hwaddr("kv0", mac), 0);

	int rx = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ARP));
	CHECK(rx >= 0);
	if (rx < 0)
		return;
	struct sockaddr_ll ll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ARP),
		.sll_ifindex = (int)netif_index("kv1"),
	};
	CHECK_EQ_INT(bind(rx, (struct sockaddr *)&ll, sizeof(ll)), 0);

	CHECK_EQ_INT(garp_send("kv0", vip), 0);
	CHECK_EQ_INT(garp_send("kv-none", vip), -1);

	uint8_t f[128];
	bool seen = false;
	while (!seen && readable(rx, 2000)) {
		ssize_t n = recv(rx, f, sizeof(f), 0);
		if (n < 42 || memcmp(f + 6, mac, 6) != 0)
			continue;
		seen = true;
		const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
		const uint8_t zero[6] = { 0 };
		const uint8_t arp_hdr[8] = { 0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x01 };
		CHECK_MEM(f, bcast, 6);                 /* Ethernet dst */
		CHECK(f[12] == 0x08 && f[13] == 0x06);  /* ethertype ARP */
		CHECK_MEM(f + 14, arp_hdr, 8);          /* Ethernet/IPv4, request */
		CHECK_MEM(f + 22, mac, 6);              /* sender MAC */
		CHECK_MEM(f + 28, &vip.s_addr, 4);      /* sender IP */
		CHECK_MEM(f + 32, zero, 6);             /* target MAC */
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
	CHECK(netif_primary_ipv4("kv0", NULL, 0, &adv.src));
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
	CHECK_EQ_INT(ifindex, netif_index("kv1"));
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
	RUN(interfaces);
	RUN(vips);
	RUN(vips_v6);
	RUN(primary_skips_vips);
	RUN(garp);
	RUN(advert_over_veth);
	return unit_summary();
}
