/* vrrp_packet_test.c - VRRP v2/v3 advert build/parse/verify against
 * hand-computed bytes.
 *
 * The expected packets below were produced independently of vrrp_packet.c
 * by a few lines of python3 (struct.pack of each field, then an RFC 1071
 * sum over 16-bit big-endian words, folded and complemented), and the v3
 * VRRP checksum was re-derived by hand (see v3_expected). */
#include "vrrp_packet.h"

#include "unit.h"

#include <arpa/inet.h>

static struct in_addr A(const char *s)
{
	struct in_addr a;
	inet_pton(AF_INET, s, &a);
	return a;
}

/* v2: 192.168.1.10 -> 224.0.0.18, IP id 0x1234, VRID 51, priority 100,
 * 2 addresses (192.168.1.100, .101), auth type 1 "secret", interval 1 s.
 * IP checksum 0x06a9; VRRP checksum (over the 24-byte VRRP message only)
 * 0xb962. */
static const uint8_t v2_expected[] = {
	0x45, 0xc0, 0x00, 0x2c, 0x12, 0x34, 0x00, 0x00,   /* ver/ihl tos len id frag */
	0xff, 0x70, 0x06, 0xa9, 0xc0, 0xa8, 0x01, 0x0a,   /* ttl 255 proto 112 csum src */
	0xe0, 0x00, 0x00, 0x12,                           /* dst 224.0.0.18 */
	0x21, 0x33, 0x64, 0x02,                           /* v2/type1 vrid prio count */
	0x01, 0x01, 0xb9, 0x62,                           /* auth 1, int 1 s, csum */
	0xc0, 0xa8, 0x01, 0x64, 0xc0, 0xa8, 0x01, 0x65,   /* addresses */
	0x73, 0x65, 0x63, 0x72, 0x65, 0x74, 0x00, 0x00,   /* "secret\0\0" */
};

/* v3: 10.0.0.1 -> 224.0.0.18, IP id 1, VRID 7, priority 200, 1 address
 * (10.0.0.100), max adver int 100 cs. IP checksum 0xd099.
 * VRRP checksum by hand, 16-bit words:
 *   pseudo-header 0a00 + 0001 + e000 + 0012 + 0070 (proto) + 000c (length 12)
 *   message       3107 + c801 + 0064 + 0000 (csum) + 0a00 + 0064
 *   = 0x1ee5f -> fold 0xee60 -> complement 0x119f. */
static const uint8_t v3_expected[] = {
	0x45, 0xc0, 0x00, 0x20, 0x00, 0x01, 0x00, 0x00,
	0xff, 0x70, 0xd0, 0x99, 0x0a, 0x00, 0x00, 0x01,
	0xe0, 0x00, 0x00, 0x12,
	0x31, 0x07, 0xc8, 0x01,                           /* v3/type1 vrid prio count */
	0x00, 0x64, 0x11, 0x9f,                           /* rsvd|int 100 cs, csum */
	0x0a, 0x00, 0x00, 0x64,
};

static void v2_advert(struct vrrp_advert *a)
{
	memset(a, 0, sizeof(*a));
	a->version = 2;
	a->vrid = 51;
	a->priority = 100;
	a->advert_int_cs = 100;
	a->auth_type = 1;
	strcpy(a->auth_pass, "secret");
	a->naddr = 2;
	a->addrs[0] = A("192.168.1.100");
	a->addrs[1] = A("192.168.1.101");
	a->src = A("192.168.1.10");
	a->dst = A("224.0.0.18");
}

static void v3_advert(struct vrrp_advert *a)
{
	memset(a, 0, sizeof(*a));
	a->version = 3;
	a->vrid = 7;
	a->priority = 200;
	a->advert_int_cs = 100;
	a->naddr = 1;
	a->addrs[0] = A("10.0.0.100");
	a->src = A("10.0.0.1");
	a->dst = A("224.0.0.18");
}

/* Recompute the IP header checksum after a test edits the header. */
static void fix_ip_csum(uint8_t *p)
{
	p[10] = p[11] = 0;
	uint16_t c = inet_csum(p, 20, 0);
	p[10] = c >> 8;
	p[11] = c & 0xff;
}

TEST(csum_rfc1071)
{
	/* RFC 1071 section 3 example: the sum of 0001 f203 f4f5 f6f7 is ddf2,
	 * so the checksum is ~ddf2 = 220d. */
	const uint8_t b[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
	CHECK_EQ_INT(inet_csum(b, sizeof(b), 0), 0x220d);
	/* a buffer with its checksum appended sums to zero */
	const uint8_t c[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7, 0x22, 0x0d };
	CHECK_EQ_INT(inet_csum(c, sizeof(c), 0), 0);
	/* odd length: the last byte is the high half of a word */
	const uint8_t d[] = { 0x00, 0x01, 0xf2 };
	CHECK_EQ_INT(inet_csum(d, sizeof(d), 0), (uint16_t)~0xf201);
	/* the initial sum is added in */
	CHECK_EQ_INT(inet_csum(b, 0, 0xddf2), 0x220d);
}

TEST(build_v2)
{
	struct vrrp_advert a;
	uint8_t buf[128];
	v2_advert(&a);
	size_t n = vrrp_advert_build(buf, sizeof(buf), &a, 0x1234);
	CHECK_EQ_INT(n, sizeof(v2_expected));
	CHECK_MEM(buf, v2_expected, sizeof(v2_expected));
	/* too small a buffer */
	CHECK_EQ_INT(vrrp_advert_build(buf, sizeof(v2_expected) - 1, &a, 0x1234), 0);
	a.version = 4;
	CHECK_EQ_INT(vrrp_advert_build(buf, sizeof(buf), &a, 0x1234), 0);
}

TEST(build_v3)
{
	struct vrrp_advert a;
	uint8_t buf[128];
	v3_advert(&a);
	size_t n = vrrp_advert_build(buf, sizeof(buf), &a, 1);
	CHECK_EQ_INT(n, sizeof(v3_expected));
	CHECK_MEM(buf, v3_expected, sizeof(v3_expected));
}

/* old_unicast_checksum: keepalived before 1.3.6 put 224.0.0.18 in the
 * pseudo-header of a unicast v3 advert - its VRRP checksum is then the
 * multicast one (0x119f above) whatever the peer. The normal parser refuses
 * it, the old-checksum parser takes it, and the other way round. */
TEST(old_checksum_v3)
{
	struct vrrp_advert a, got;
	uint8_t old[128], neu[128];
	v3_advert(&a);
	a.dst = A("10.0.0.2");
	size_t n = vrrp_advert_build(neu, sizeof(neu), &a, 1);
	a.csum_dst = A("224.0.0.18");
	CHECK_EQ_INT(vrrp_advert_build(old, sizeof(old), &a, 1), n);
	CHECK_EQ_INT(old[26], 0x11);
	CHECK_EQ_INT(old[27], 0x9f);
	CHECK(memcmp(old + 26, neu + 26, 2) != 0);
	CHECK_EQ_INT(vrrp_advert_parse(old, n, &got), VRRP_RX_BAD_CHECKSUM);
	CHECK_EQ_INT(vrrp_advert_parse_old_csum(old, n, &got, A("224.0.0.18")), VRRP_RX_OK);
	CHECK_EQ_INT(got.dst.s_addr, A("10.0.0.2").s_addr);
	CHECK_EQ_INT(got.priority, 200);
	CHECK_EQ_INT(vrrp_advert_parse(neu, n, &got), VRRP_RX_OK);
	CHECK_EQ_INT(vrrp_advert_parse_old_csum(neu, n, &got, A("224.0.0.18")), VRRP_RX_BAD_CHECKSUM);
}

TEST(parse_v2)
{
	struct vrrp_advert a;
	CHECK_EQ_INT(vrrp_advert_parse(v2_expected, sizeof(v2_expected), &a), VRRP_RX_OK);
	CHECK_EQ_INT(a.version, 2);
	CHECK_EQ_INT(a.vrid, 51);
	CHECK_EQ_INT(a.priority, 100);
	CHECK_EQ_INT(a.advert_int_cs, 100);
	CHECK_EQ_INT(a.auth_type, 1);
	CHECK_STR(a.auth_pass, "secret");
	CHECK_EQ_INT(a.naddr, 2);
	CHECK(a.addrs[0].s_addr == A("192.168.1.100").s_addr);
	CHECK(a.addrs[1].s_addr == A("192.168.1.101").s_addr);
	CHECK(a.src.s_addr == A("192.168.1.10").s_addr);
	CHECK(a.dst.s_addr == A("224.0.0.18").s_addr);
	CHECK_EQ_INT(a.ttl, 255);
}

TEST(parse_v3)
{
	struct vrrp_advert a;
	CHECK_EQ_INT(vrrp_advert_parse(v3_expected, sizeof(v3_expected), &a), VRRP_RX_OK);
	CHECK_EQ_INT(a.version, 3);
	CHECK_EQ_INT(a.vrid, 7);
	CHECK_EQ_INT(a.priority, 200);
	CHECK_EQ_INT(a.advert_int_cs, 100);
	CHECK_EQ_INT(a.auth_type, 0);
	CHECK_EQ_INT(a.naddr, 1);
	CHECK(a.addrs[0].s_addr == A("10.0.0.100").s_addr);
	CHECK(a.src.s_addr == A("10.0.0.1").s_addr);
}

TEST(roundtrip_many)
{
	/* 255 addresses, v3 max interval, and back */
	struct vrrp_advert a, b;
	uint8_t buf[2048];
	v3_advert(&a);
	a.naddr = 255;
	a.advert_int_cs = 4095;
	for (unsigned i = 0; i < 255; i++)
		a.addrs[i].s_addr = htonl(0x0a000000u + i);
	size_t n = vrrp_advert_build(buf, sizeof(buf), &a, 99);
	CHECK_EQ_INT(n, 20 + 8 + 4 * 255);
	CHECK_EQ_INT(vrrp_advert_parse(buf, n, &b), VRRP_RX_OK);
	CHECK_EQ_INT(b.naddr, 255);
	CHECK_EQ_INT(b.advert_int_cs, 4095);
	CHECK(memcmp(a.addrs, b.addrs, sizeof(a.addrs)) == 0);
}

TEST(parse_padding)
{
	/* bytes after the IP total length (e.g. link padding) are ignored */
	uint8_t buf[sizeof(v3_expected) + 6];
	struct vrrp_advert a;
	memset(buf, 0xee, sizeof(buf));
	memcpy(buf, v3_expected, sizeof(v3_expected));
	CHECK_EQ_INT(vrrp_advert_parse(buf, sizeof(buf), &a), VRRP_RX_OK);
	/* IP options (IHL 6) are skipped */
	uint8_t opt[sizeof(v3_expected) + 4];
	memcpy(opt, v3_expected, 20);
	memset(opt + 20, 0x01, 4);      /* four NOP options */
	memcpy(opt + 24, v3_expected + 20, sizeof(v3_expected) - 20);
	opt[0] = 0x46;
	opt[3] = sizeof(opt);
	fix_ip_csum(opt);
	CHECK_EQ_INT(vrrp_advert_parse(opt, sizeof(opt), &a), VRRP_RX_OK);
	CHECK_EQ_INT(a.vrid, 7);
}

TEST(reject_short)
{
	struct vrrp_advert a;
	uint8_t buf[64];
	/* truncated anywhere: IP header, VRRP header, addresses, auth data */
	for (size_t n = 0; n < sizeof(v2_expected); n++)
		CHECK_EQ_INT(vrrp_advert_parse(v2_expected, n, &a), VRRP_RX_TOO_SHORT);
	for (size_t n = 0; n < sizeof(v3_expected); n++)
		CHECK_EQ_INT(vrrp_advert_parse(v3_expected, n, &a), VRRP_RX_TOO_SHORT);
	/* a full buffer whose IP total length omits the v2 auth data */
	memcpy(buf, v2_expected, sizeof(v2_expected));
	buf[3] = sizeof(v2_expected) - 8;
	fix_ip_csum(buf);
	CHECK_EQ_INT(vrrp_advert_parse(buf, sizeof(v2_expected), &a), VRRP_RX_TOO_SHORT);
	/* an address count that does not fit */
	memcpy(buf, v3_expected, sizeof(v3_expected));
	buf[23] = 2;
	CHECK_EQ_INT(vrrp_advert_parse(buf, sizeof(v3_expected), &a), VRRP_RX_TOO_SHORT);
	/* IHL below 5 */
	memcpy(buf, v3_expected, sizeof(v3_expected));
	buf[0] = 0x44;
	CHECK_EQ_INT(vrrp_advert_parse(buf, sizeof(v3_expected), &a), VRRP_RX_TOO_SHORT);
}

TEST(reject_ttl)
{
	struct vrrp_advert a;
	uint8_t buf[64];
	memcpy(buf, v2_expected, sizeof(v2_expected));
	buf[8] = 254;
	fix_ip_csum(buf);
	CHECK_EQ_INT(vrrp_advert_parse(buf, sizeof(v2_expected), &a), VRRP_RX_BAD_TTL);
	CHECK_EQ_INT(a.ttl, 254);
}

TEST(reject_version)
{
	struct vrrp_advert a;
	uint8_t buf[64];
	memcpy(buf, v3_expected, sizeof(v3_expected));
	buf[20] = 0x41;
	CHECK_EQ_INT(vrrp_advert_parse(buf, sizeof(v3_expected), &a), VRRP_RX_BAD_VERSION);
}

TEST(reject_type)
{
	struct vrrp_advert a;
	uint8_t buf[64];
	memcpy(buf, v2_expected, sizeof(v2_expected));
	buf[20] = 0x22;
	CHECK_EQ_INT(vrrp_advert_parse(buf, sizeof(v2_expected), &a), VRRP_RX_BAD_TYPE);
}

TEST(reject_checksum)
{
	struct vrrp_advert a;
	uint8_t buf[64];
	/* v2: one flipped bit in the priority */
	memcpy(buf, v2_expected, sizeof(v2_expected));
	buf[22] ^= 0x01;
	CHECK_EQ_INT(vrrp_advert_parse(buf, sizeof(v2_expected), &a), VRRP_RX_BAD_CHECKSUM);
	/* v2: the checksum does not cover the IP header: a new source is fine */
	memcpy(buf, v2_expected, sizeof(v2_expected));
	buf[15] = 0x0b;
	fix_ip_csum(buf);
	CHECK_EQ_INT(vrrp_advert_parse(buf, sizeof(v2_expected), &a), VRRP_RX_OK);
	/* v3: corrupted checksum field */
	memcpy(buf, v3_expected, sizeof(v3_expected));
	buf[27] ^= 0x10;
	CHECK_EQ_INT(vrrp_advert_parse(buf, sizeof(v3_expected), &a), VRRP_RX_BAD_CHECKSUM);
	/* v3: the pseudo-header covers the IP source: 10.0.0.1 -> 10.0.0.2 with
	 * a valid IP header checksum must fail the VRRP checksum */
	memcpy(buf, v3_expected, sizeof(v3_expected));
	buf[15] = 0x02;
	fix_ip_csum(buf);
	CHECK_EQ_INT(vrrp_advert_parse(buf, sizeof(v3_expected), &a), VRRP_RX_BAD_CHECKSUM);
	/* ... and the destination */
	memcpy(buf, v3_expected, sizeof(v3_expected));
	buf[19] = 0x13;
	fix_ip_csum(buf);
	CHECK_EQ_INT(vrrp_advert_parse(buf, sizeof(v3_expected), &a), VRRP_RX_BAD_CHECKSUM);
}

static void v2_expect(struct vrrp_expect *e, struct in_addr *addrs)
{
	memset(e, 0, sizeof(*e));
	e->version = 2;
	e->auth_type = 1;
	strcpy(e->auth_pass, "secret");
	e->advert_int_cs = 100;
	/* the other order than on the wire: a set */
	addrs[0] = A("192.168.1.101");
	addrs[1] = A("192.168.1.100");
	e->naddr = 2;
	e->addrs = addrs;
}

TEST(verify_v2)
{
	struct vrrp_advert a;
	struct vrrp_expect e;
	struct in_addr addrs[2];
	CHECK_EQ_INT(vrrp_advert_parse(v2_expected, sizeof(v2_expected), &a), VRRP_RX_OK);
	v2_expect(&e, addrs);
	CHECK_EQ_INT(vrrp_advert_verify(&a, &e), VRRP_RX_OK);

	/* a priority-0 advert is checked like any other */
	struct vrrp_advert z = a;
	z.priority = 0;
	CHECK_EQ_INT(vrrp_advert_verify(&z, &e), VRRP_RX_OK);

	e.version = 3;
	CHECK_EQ_INT(vrrp_advert_verify(&a, &e), VRRP_RX_BAD_VERSION);
	v2_expect(&e, addrs);
	e.auth_type = 0;
	CHECK_EQ_INT(vrrp_advert_verify(&a, &e), VRRP_RX_BAD_AUTH_TYPE);
	/* an auth type that is none of 0, 1, 2 is invalid, not a mismatch (keepalived's counters) */
	v2_expect(&e, addrs);
	struct vrrp_advert bad_type = a;
	bad_type.auth_type = 5;
	CHECK_EQ_INT(vrrp_advert_verify(&bad_type, &e), VRRP_RX_INVALID_AUTH_TYPE);
	CHECK_EQ_INT(vrrp_auth_type_check(3, 3), VRRP_RX_INVALID_AUTH_TYPE);
	CHECK_EQ_INT(vrrp_auth_type_check(2, 1), VRRP_RX_BAD_AUTH_TYPE);
	CHECK_EQ_INT(vrrp_auth_type_check(0, 0), VRRP_RX_OK);
	CHECK_STR(vrrp_rx_result_str(VRRP_RX_INVALID_AUTH_TYPE), "invalid auth type");
	v2_expect(&e, addrs);
	strcpy(e.auth_pass, "secreT");
	CHECK_EQ_INT(vrrp_advert_verify(&a, &e), VRRP_RX_BAD_AUTH);
	strcpy(e.auth_pass, "secret1");   /* a prefix is not a match */
	CHECK_EQ_INT(vrrp_advert_verify(&a, &e), VRRP_RX_BAD_AUTH);
	strcpy(e.auth_pass, "secre");
	CHECK_EQ_INT(vrrp_advert_verify(&a, &e), VRRP_RX_BAD_AUTH);
	v2_expect(&e, addrs);
	e.advert_int_cs = 200;
	CHECK_EQ_INT(vrrp_advert_verify(&a, &e), VRRP_RX_BAD_INTERVAL);
	v2_expect(&e, addrs);
	addrs[1] = A("192.168.1.102");
	CHECK_EQ_INT(vrrp_advert_verify(&a, &e), VRRP_RX_BAD_ADDR_LIST);
	v2_expect(&e, addrs);
	e.naddr = 1;                       /* fewer of ours */
	CHECK_EQ_INT(vrrp_advert_verify(&a, &e), VRRP_RX_BAD_ADDR_LIST);
	v2_expect(&e, addrs);
	z = a;
	z.naddr = 1;                       /* fewer of theirs; priority 0 too */
	z.priority = 0;
	CHECK_EQ_INT(vrrp_advert_verify(&z, &e), VRRP_RX_BAD_ADDR_LIST);

	/* auth type 0 on both sides: the auth bytes are not compared */
	struct vrrp_advert b;
	uint8_t buf[128];
	v2_advert(&b);
	b.auth_type = 0;
	size_t n = vrrp_advert_build(buf, sizeof(buf), &b, 1);
	CHECK_EQ_INT(vrrp_advert_parse(buf, n, &a), VRRP_RX_OK);
	CHECK_MEM(buf + n - 8, "\0\0\0\0\0\0\0\0", 8);
	v2_expect(&e, addrs);
	e.auth_type = 0;
	strcpy(e.auth_pass, "other");
	CHECK_EQ_INT(vrrp_advert_verify(&a, &e), VRRP_RX_OK);
}

TEST(verify_v3)
{
	struct vrrp_advert a;
	struct vrrp_expect e = { .version = 3, .advert_int_cs = 300, .naddr = 1 };
	struct in_addr addr = A("10.0.0.100");
	e.addrs = &addr;
	CHECK_EQ_INT(vrrp_advert_parse(v3_expected, sizeof(v3_expected), &a), VRRP_RX_OK);
	/* v3 learns the master's interval: a different one is accepted */
	CHECK_EQ_INT(vrrp_advert_verify(&a, &e), VRRP_RX_OK);
	e.version = 2;
	CHECK_EQ_INT(vrrp_advert_verify(&a, &e), VRRP_RX_BAD_VERSION);
	e.version = 3;
	addr = A("10.0.0.101");
	CHECK_EQ_INT(vrrp_advert_verify(&a, &e), VRRP_RX_BAD_ADDR_LIST);
}

TEST(result_names)
{
	for (int r = 0; r < VRRP_RX_RESULT_MAX; r++)
		CHECK(strcmp(vrrp_rx_result_str(r), "unknown") != 0);
	CHECK_STR(vrrp_rx_result_str(VRRP_RX_BAD_TTL), "bad TTL");
	CHECK_STR(vrrp_rx_result_str(VRRP_RX_RESULT_MAX), "unknown");
}

int main(void)
{
	RUN(csum_rfc1071);
	RUN(build_v2);
	RUN(build_v3);
	RUN(old_checksum_v3);
	RUN(parse_v2);
	RUN(parse_v3);
	RUN(roundtrip_many);
	RUN(parse_padding);
	RUN(reject_short);
	RUN(reject_ttl);
	RUN(reject_version);
	RUN(reject_type);
	RUN(reject_checksum);
	RUN(verify_v2);
	RUN(verify_v3);
	RUN(result_names);
	return unit_summary();
}
