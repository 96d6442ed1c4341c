/* vrrp_packet6_test.c - VRRPv3/IPv6 adverts and neighbour advertisements
 * against bytes captured from keepalived 2.2.7 on a veth (tcpdump -XX). */
#include "unit.h"
#include "vrrp_packet6.h"

#include <arpa/inet.h>

static struct in6_addr a6(const char *s)
{
	struct in6_addr a;
	inet_pton(AF_INET6, s, &a);
	return a;
}

/* keepalived 2.2.7, vrid 6, priority 150, advert_int 1, VIPs fe80::10 and
 * 2001:db8::5, from fe80::e4b9:63ff:fe87:4a46 to ff02::12. */
static const uint8_t ka_advert[] = {
	0x31, 0x06, 0x96, 0x02, 0x00, 0x64, 0x7c, 0x8e,
	0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x05,
};
#define KA_SRC "fe80::e4b9:63ff:fe87:4a46"

/* keepalived's NA for fe80::10 from e6:b9:63:87:4a:46 (forwarding off). */
static const uint8_t ka_na[NA_FRAME_LEN] = {
	0x33, 0x33, 0x00, 0x00, 0x00, 0x01, 0xe6, 0xb9, 0x63, 0x87, 0x4a, 0x46, 0x86, 0xdd,
	0x60, 0x00, 0x00, 0x00, 0x00, 0x20, 0x3a, 0xff,
	0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
	0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
	0x88, 0x00, 0xc4, 0xf6, 0x20, 0x00, 0x00, 0x00,
	0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
	0x02, 0x01, 0xe6, 0xb9, 0x63, 0x87, 0x4a, 0x46,
};

TEST(build_matches_keepalived)
{
	struct vrrp_advert6 adv = { .vrid = 6, .priority = 150, .advert_int_cs = 100, .naddr = 2 };
	adv.addrs[0] = a6("fe80::10");
	adv.addrs[1] = a6("2001:db8::5");
	adv.src = a6(KA_SRC);
	adv.dst = a6("ff02::12");
	uint8_t buf[VRRP6_MAX_LEN];
	size_t n = vrrp6_advert_build(buf, sizeof(buf), &adv);
	CHECK_EQ_INT(n, sizeof(ka_advert));
	CHECK_MEM(buf, ka_advert, sizeof(ka_advert));
	CHECK_EQ_INT(vrrp6_advert_build(buf, sizeof(ka_advert) - 1, &adv), 0);
}

TEST(parse_keepalived)
{
	struct in6_addr src = a6(KA_SRC), dst = a6("ff02::12");
	struct vrrp_advert6 adv;
	CHECK_EQ_INT(vrrp6_advert_parse(ka_advert, sizeof(ka_advert), &src, &dst, 255, &adv), VRRP_RX_OK);
	CHECK_EQ_INT(adv.version, 3);
	CHECK_EQ_INT(adv.vrid, 6);
	CHECK_EQ_INT(adv.priority, 150);
	CHECK_EQ_INT(adv.advert_int_cs, 100);
	CHECK_EQ_INT(adv.naddr, 2);
	struct in6_addr want[2] = { a6("2001:db8::5"), a6("fe80::10") };
	CHECK(vrrp6_addrs_match(&adv, want, 2));
	CHECK(!vrrp6_addrs_match(&adv, want, 1));
	struct in6_addr other[3] = { a6("2001:db8::5"), a6("fe80::10"), a6("2001:db8::6") };
	CHECK(!vrrp6_addrs_match(&adv, other, 3));
	CHECK_EQ_INT(vrrp6_peek_vrid(ka_advert, 2), 6);
	CHECK_EQ_INT(vrrp6_peek_vrid(ka_advert, 1), -1);
}

TEST(parse_rejects)
{
	struct in6_addr src = a6(KA_SRC), dst = a6("ff02::12"), other = a6("fe80::1");
	struct vrrp_advert6 adv;
	uint8_t p[sizeof(ka_advert)];

	CHECK_EQ_INT(vrrp6_advert_parse(ka_advert, 7, &src, &dst, 255, &adv), VRRP_RX_TOO_SHORT);
	CHECK_EQ_INT(vrrp6_advert_parse(ka_advert, sizeof(ka_advert) - 1, &src, &dst, 255, &adv),
		     VRRP_RX_TOO_SHORT);
	CHECK_EQ_INT(vrrp6_advert_parse(ka_advert, sizeof(ka_advert), &src, &dst, 254, &adv),
		     VRRP_RX_BAD_TTL);
	CHECK_EQ_INT(vrrp6_advert_parse(ka_advert, sizeof(ka_advert), &src, &dst, -1, &adv),
		     VRRP_RX_BAD_TTL);
	/* the pseudo-header is covered: another source breaks the checksum */
	CHECK_EQ_INT(vrrp6_advert_parse(ka_advert, sizeof(ka_advert), &other, &dst, 255, &adv),
		     VRRP_RX_BAD_CHECKSUM);
	memcpy(p, ka_advert, sizeof(p));
	p[0] = 0x11;
	CHECK_EQ_INT(vrrp6_advert_parse(p, sizeof(p), &src, &dst, 255, &adv), VRRP_RX_BAD_VERSION);
	p[0] = 0x41;
	CHECK_EQ_INT(vrrp6_advert_parse(p, sizeof(p), &src, &dst, 255, &adv), VRRP_RX_BAD_VERSION);
	p[0] = 0x32;
	CHECK_EQ_INT(vrrp6_advert_parse(p, sizeof(p), &src, &dst, 255, &adv), VRRP_RX_BAD_TYPE);
	memcpy(p, ka_advert, sizeof(p));
	p[2] = 151;
	CHECK_EQ_INT(vrrp6_advert_parse(p, sizeof(p), &src, &dst, 255, &adv), VRRP_RX_BAD_CHECKSUM);
	/* trailing bytes are ignored */
	uint8_t longer[sizeof(ka_advert) + 3] = { 0 };
	memcpy(longer, ka_advert, sizeof(ka_advert));
	CHECK_EQ_INT(vrrp6_advert_parse(longer, sizeof(longer), &src, &dst, 255, &adv), VRRP_RX_OK);
}

/* keepalived 2.2.7, `version 2` and auth_type PASS over IPv6, same VIPs:
 * no authentication data, pseudo-header checksum. */
static const uint8_t ka_advert_v2[] = {
	0x21, 0x06, 0x96, 0x02, 0x01, 0x01, 0x8b, 0xf1,
	0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x05,
};

TEST(v2_over_ipv6)
{
	struct in6_addr src = a6(KA_SRC), dst = a6("ff02::12");
	struct vrrp_advert6 adv;
	CHECK_EQ_INT(vrrp6_advert_parse(ka_advert_v2, sizeof(ka_advert_v2), &src, &dst, 255, &adv),
		     VRRP_RX_OK);
	CHECK_EQ_INT(adv.version, 2);
	CHECK_EQ_INT(adv.auth_type, 1);
	CHECK_EQ_INT(adv.advert_int_cs, 100);
	CHECK_EQ_INT(adv.naddr, 2);
	uint8_t buf[VRRP6_MAX_LEN];
	adv.advert_int_cs = 120;   /* rounded to whole seconds */
	CHECK_EQ_INT(vrrp6_advert_build(buf, sizeof(buf), &adv), sizeof(ka_advert_v2));
	CHECK_MEM(buf, ka_advert_v2, sizeof(ka_advert_v2));
}

TEST(roundtrip_many)
{
	struct vrrp_advert6 adv = { .vrid = 255, .priority = 1, .advert_int_cs = 5000, .naddr = 255 };
	for (unsigned i = 0; i < 255; i++) {
		adv.addrs[i] = a6("2001:db8::");
		adv.addrs[i].s6_addr[15] = (uint8_t)i;
	}
	adv.src = a6("fe80::1");
	adv.dst = a6("2001:db8::99");
	static uint8_t buf[VRRP6_MAX_LEN];
	size_t n = vrrp6_advert_build(buf, sizeof(buf), &adv);
	CHECK_EQ_INT(n, VRRP6_MAX_LEN);
	static struct vrrp_advert6 out;
	CHECK_EQ_INT(vrrp6_advert_parse(buf, n, &adv.src, &adv.dst, 255, &out), VRRP_RX_OK);
	CHECK_EQ_INT(out.advert_int_cs, 0x0fff);   /* clamped to 12 bits */
	CHECK(vrrp6_addrs_match(&out, adv.addrs, 255));
}

TEST(na_matches_keepalived)
{
	const uint8_t mac[6] = { 0xe6, 0xb9, 0x63, 0x87, 0x4a, 0x46 };
	struct in6_addr vip = a6("fe80::10");
	uint8_t buf[NA_FRAME_LEN];
	CHECK_EQ_INT(na_frame_build(buf, sizeof(buf), mac, &vip, false), NA_FRAME_LEN);
	CHECK_MEM(buf, ka_na, NA_FRAME_LEN);
	CHECK_EQ_INT(na_frame_build(buf, NA_FRAME_LEN - 1, mac, &vip, false), 0);
}

TEST(na_router_flag)
{
	const uint8_t mac[6] = { 0xe6, 0xb9, 0x63, 0x87, 0x4a, 0x46 };
	struct in6_addr vip = a6("2001:db8::5");
	uint8_t buf[NA_FRAME_LEN];
	na_frame_build(buf, sizeof(buf), mac, &vip, true);
	CHECK_EQ_INT(buf[54 + 4], 0xa0);
	/* the ICMPv6 checksum verifies over its pseudo-header */
	struct in6_addr dst = a6("ff02::1");
	CHECK_EQ_INT(inet_csum(buf + 54, 32, ipv6_pseudo_sum(&vip, &dst, 32, 58)), 0);
	/* forwarding off: keepalived's frame for 2001:db8::5 had checksum 0x669c */
	na_frame_build(buf, sizeof(buf), mac, &vip, false);
	CHECK_EQ_INT(buf[56], 0x66);
	CHECK_EQ_INT(buf[57], 0x9c);
}

int main(void)
{
	RUN(build_matches_keepalived);
	RUN(parse_keepalived);
	RUN(parse_rejects);
	RUN(v2_over_ipv6);
	RUN(roundtrip_many);
	RUN(na_matches_keepalived);
	RUN(na_router_flag);
	return unit_summary();
}
