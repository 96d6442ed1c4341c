/* vrrp_auth_test.c - VRRPv2 AH against a packet captured from keepalived
 * 2.2.7 (auth_type AH, auth_pass secret12, 10.250.1.1 -> 224.0.0.18,
 * VRID 61, priority 150, VIP 10.250.1.100, IP id 1, AH seq 1). */
#include "vrrp_auth.h"
#include "vrrp_packet.h"
#include "unit.h"

#include <arpa/inet.h>
#include <string.h>

static const uint8_t keepalived_ah[64] = {
	0x45, 0xc0, 0x00, 0x40, 0x00, 0x01, 0x00, 0x00, 0xff, 0x33, 0xce, 0xbc, 0x0a, 0xfa, 0x01, 0x01,
	0xe0, 0x00, 0x00, 0x12, 0x70, 0x04, 0x00, 0x00, 0x0a, 0xfa, 0x01, 0x01, 0x00, 0x00, 0x00, 0x01,
	0xec, 0xab, 0x76, 0x2f, 0x34, 0xf9, 0x6e, 0xd4, 0x82, 0x0d, 0x18, 0xfd, 0x21, 0x3d, 0x96, 0x01,
	0x02, 0x01, 0x3a, 0x62, 0x0a, 0xfa, 0x01, 0x64, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

TEST(verify_keepalived_packet)
{
	CHECK(vrrp_ah_is_ah(keepalived_ah, sizeof(keepalived_ah)));
	CHECK(vrrp_ah_verify(keepalived_ah, sizeof(keepalived_ah), "secret12"));
	CHECK(!vrrp_ah_verify(keepalived_ah, sizeof(keepalived_ah), "secret13"));
	uint8_t bad[64];
	memcpy(bad, keepalived_ah, sizeof(bad));
	bad[46] ^= 1;                     /* priority */
	CHECK(!vrrp_ah_verify(bad, sizeof(bad), "secret12"));
	memcpy(bad, keepalived_ah, sizeof(bad));
	bad[1] = 0;                       /* TOS is not covered */
	bad[10] = bad[11] = 0;            /* nor the checksum */
	CHECK(vrrp_ah_verify(bad, sizeof(bad), "secret12"));
}

TEST(unwrap_then_parse)
{
	uint8_t inner[64];
	size_t n = 0;
	uint32_t seq = 0;
	CHECK(vrrp_ah_unwrap(keepalived_ah, sizeof(keepalived_ah), inner, sizeof(inner), &n, &seq));
	CHECK_EQ_INT(n, 40);
	CHECK_EQ_INT(seq, 1);
	struct vrrp_advert a;
	CHECK_EQ_INT(vrrp_advert_parse(inner, n, &a), VRRP_RX_OK);
	CHECK_EQ_INT(a.vrid, 61);
	CHECK_EQ_INT(a.priority, 150);
	CHECK_EQ_INT(a.auth_type, 2);
	CHECK_EQ_INT(a.naddr, 1);
	uint8_t shortbuf[30];
	CHECK(!vrrp_ah_unwrap(keepalived_ah, sizeof(keepalived_ah), shortbuf, sizeof(shortbuf), &n, &seq));
	CHECK(!vrrp_ah_unwrap(keepalived_ah, 40, inner, sizeof(inner), &n, &seq));
}

TEST(wrap_gives_keepalived_bytes)
{
	struct vrrp_advert adv;
	memset(&adv, 0, sizeof(adv));
	adv.version = 2;
	adv.vrid = 61;
	adv.priority = 150;
	adv.advert_int_cs = 100;
	adv.auth_type = 2;
	adv.naddr = 1;
	inet_pton(AF_INET, "10.250.1.100", &adv.addrs[0]);
	inet_pton(AF_INET, "10.250.1.1", &adv.src);
	inet_pton(AF_INET, "224.0.0.18", &adv.dst);
	uint8_t plain[128], out[128];
	size_t n = vrrp_advert_build(plain, sizeof(plain), &adv, 1);
	CHECK_EQ_INT(n, 40);
	size_t m = vrrp_ah_wrap(plain, n, out, sizeof(out), 1, "secret12");
	CHECK_EQ_INT(m, 64);
	CHECK_MEM(out, keepalived_ah, 64);
	CHECK(vrrp_ah_verify(out, m, "secret12"));
	CHECK_EQ_INT(vrrp_ah_wrap(plain, n, out, 63, 1, "secret12"), 0);
}

int main(void)
{
	RUN(verify_keepalived_packet);
	RUN(unwrap_then_parse);
	RUN(wrap_gives_keepalived_bytes);
	return unit_summary();
}
