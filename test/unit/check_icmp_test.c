/* check_icmp_test.c - PING_CHECK's echo building and reply matching. */
#include "check_icmp.h"
#include "unit.h"

#include <netinet/in.h>

static const uint8_t cookie[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

TEST(checksum_rfc1071)
{
	/* RFC 1071's example: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2, checksum 220d */
	const uint8_t d[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
	CHECK_EQ_INT(inet_checksum(d, sizeof(d)), 0x220d);
	const uint8_t odd[] = { 0x01 };
	CHECK_EQ_INT(inet_checksum(odd, 1), 0xfeff);
}

TEST(build_v4)
{
	uint8_t b[64];
	CHECK_EQ_INT(icmp_echo_build(AF_INET, 0x1234, 0x0102, cookie, b, sizeof(b)), ICMP_ECHO_LEN);
	CHECK_EQ_INT(b[0], 8);
	CHECK_EQ_INT(b[1], 0);
	CHECK_EQ_INT(b[4] << 8 | b[5], 0x1234);
	CHECK_EQ_INT(b[6] << 8 | b[7], 0x0102);
	CHECK_MEM(b + 8, cookie, 8);
	CHECK_EQ_INT(inet_checksum(b, ICMP_ECHO_LEN), 0);     /* a valid checksum sums to zero */
	CHECK_EQ_INT(icmp_echo_build(AF_INET, 1, 1, cookie, b, ICMP_ECHO_LEN - 1), 0);
	CHECK_EQ_INT(icmp_echo_build(AF_UNIX, 1, 1, cookie, b, sizeof(b)), 0);
}

TEST(build_v6)
{
	uint8_t b[64];
	CHECK_EQ_INT(icmp_echo_build(AF_INET6, 7, 9, cookie, b, sizeof(b)), ICMP_ECHO_LEN);
	CHECK_EQ_INT(b[0], 128);
	CHECK_EQ_INT(b[2] | b[3], 0);      /* the kernel computes ICMPv6 checksums */
}

/* Turn a request into the reply a host would send. */
static void make_reply(uint8_t *b, sa_family_t af)
{
	b[0] = af == AF_INET ? 0 : 129;
	if (af == AF_INET) {
		b[2] = b[3] = 0;
		uint16_t ck = inet_checksum(b, ICMP_ECHO_LEN);
		b[2] = (uint8_t)(ck >> 8);
		b[3] = (uint8_t)ck;
	}
}

TEST(parse_reply)
{
	uint8_t b[64];
	struct icmp_echo_info in;
	icmp_echo_build(AF_INET, 0xbeef, 42, cookie, b, sizeof(b));
	/* our own request (looped back on a raw socket) is not an answer */
	CHECK_EQ_INT(icmp_echo_parse(AF_INET, false, b, ICMP_ECHO_LEN, &in), ICMP_NOT_OURS);
	make_reply(b, AF_INET);
	CHECK_EQ_INT(icmp_echo_parse(AF_INET, false, b, ICMP_ECHO_LEN, &in), ICMP_REPLY);
	CHECK_EQ_INT(in.id, 0xbeef);
	CHECK_EQ_INT(in.seq, 42);
	CHECK(in.has_cookie);
	CHECK_MEM(in.cookie, cookie, 8);
	/* short: no cookie, still a reply with id/seq */
	CHECK_EQ_INT(icmp_echo_parse(AF_INET, false, b, 8, &in), ICMP_NOT_OURS);   /* checksum covers all */
	/* a corrupted reply */
	b[9] ^= 0xff;
	CHECK_EQ_INT(icmp_echo_parse(AF_INET, false, b, ICMP_ECHO_LEN, &in), ICMP_NOT_OURS);
	/* truncated below the header */
	CHECK_EQ_INT(icmp_echo_parse(AF_INET, false, b, 7, &in), ICMP_NOT_OURS);

	icmp_echo_build(AF_INET6, 5, 6, cookie, b, sizeof(b));
	CHECK_EQ_INT(icmp_echo_parse(AF_INET6, false, b, ICMP_ECHO_LEN, &in), ICMP_NOT_OURS);
	make_reply(b, AF_INET6);
	CHECK_EQ_INT(icmp_echo_parse(AF_INET6, false, b, ICMP_ECHO_LEN, &in), ICMP_REPLY);
	CHECK_EQ_INT(in.id, 5);
	CHECK_EQ_INT(in.seq, 6);
	b[1] = 1;     /* code must be 0 */
	CHECK_EQ_INT(icmp_echo_parse(AF_INET6, false, b, ICMP_ECHO_LEN, &in), ICMP_NOT_OURS);
}

/* An IPv4 header of 20 bytes (+ opt bytes of options) carrying ICMP. */
static size_t ip4_hdr(uint8_t *p, size_t opt)
{
	memset(p, 0, 20 + opt);
	p[0] = (uint8_t)(0x40 | ((20 + opt) / 4));
	p[9] = IPPROTO_ICMP;
	return 20 + opt;
}

TEST(parse_reply_with_ip_header)
{
	uint8_t b[128];
	struct icmp_echo_info in;
	size_t h = ip4_hdr(b, 4);     /* with 4 bytes of options */
	icmp_echo_build(AF_INET, 77, 78, cookie, b + h, sizeof(b) - h);
	make_reply(b + h, AF_INET);
	CHECK_EQ_INT(icmp_echo_parse(AF_INET, true, b, h + ICMP_ECHO_LEN, &in), ICMP_REPLY);
	CHECK_EQ_INT(in.id, 77);
	CHECK_EQ_INT(in.seq, 78);
	/* not ICMP in the IP header */
	b[9] = IPPROTO_UDP;
	CHECK_EQ_INT(icmp_echo_parse(AF_INET, true, b, h + ICMP_ECHO_LEN, &in), ICMP_NOT_OURS);
	/* header length beyond the packet */
	b[9] = IPPROTO_ICMP;
	b[0] = 0x4f;
	CHECK_EQ_INT(icmp_echo_parse(AF_INET, true, b, 30, &in), ICMP_NOT_OURS);
}

TEST(parse_error_v4)
{
	/* IP | ICMP unreachable (port) | quoted IP | quoted echo header */
	uint8_t b[128];
	struct icmp_echo_info in;
	size_t h = ip4_hdr(b, 0);
	memset(b + h, 0, 8);
	b[h] = 3;
	b[h + 1] = 1;                   /* host unreachable */
	size_t q = h + 8;
	q += ip4_hdr(b + q, 0);
	icmp_echo_build(AF_INET, 0x0a0b, 0x0c0d, cookie, b + q, sizeof(b) - q);
	size_t len = q + 8;             /* only 8 bytes of the request are quoted */
	CHECK_EQ_INT(icmp_echo_parse(AF_INET, true, b, len, &in), ICMP_ERROR);
	CHECK_EQ_INT(in.id, 0x0a0b);
	CHECK_EQ_INT(in.seq, 0x0c0d);
	CHECK_EQ_INT(in.err_type, 3);
	CHECK_EQ_INT(in.err_code, 1);
	CHECK(!in.has_cookie);
	char s[64];
	CHECK_STR(icmp_error_str(AF_INET, in.err_type, in.err_code, s, sizeof(s)), "host unreachable");
	/* the quoted packet is not an echo request: not about us */
	b[q] = 13;
	CHECK_EQ_INT(icmp_echo_parse(AF_INET, true, b, len, &in), ICMP_NOT_OURS);
	b[q] = 8;
	/* quote cut short */
	CHECK_EQ_INT(icmp_echo_parse(AF_INET, true, b, len - 1, &in), ICMP_NOT_OURS);
	/* a redirect (type 5) is not an error we act on */
	b[h] = 5;
	CHECK_EQ_INT(icmp_echo_parse(AF_INET, true, b, len, &in), ICMP_NOT_OURS);
}

TEST(parse_error_v6)
{
	uint8_t b[128];
	struct icmp_echo_info in;
	memset(b, 0, sizeof(b));
	b[0] = 1;
	b[1] = 3;                       /* address unreachable */
	uint8_t *ip6 = b + 8;
	ip6[0] = 0x60;
	ip6[6] = IPPROTO_ICMPV6;
	icmp_echo_build(AF_INET6, 300, 301, cookie, ip6 + 40, 64);
	CHECK_EQ_INT(icmp_echo_parse(AF_INET6, false, b, 8 + 40 + 8, &in), ICMP_ERROR);
	CHECK_EQ_INT(in.id, 300);
	CHECK_EQ_INT(in.seq, 301);
	char s[64];
	CHECK_STR(icmp_error_str(AF_INET6, 1, 3, s, sizeof(s)), "address unreachable");
	CHECK_STR(icmp_error_str(AF_INET6, 1, 99, s, sizeof(s)), "ICMPv6 type 1 code 99");
	ip6[6] = 0;                     /* a hop-by-hop header first: not followed */
	CHECK_EQ_INT(icmp_echo_parse(AF_INET6, false, b, 8 + 40 + 8, &in), ICMP_NOT_OURS);
}

int main(void)
{
	RUN(checksum_rfc1071);
	RUN(build_v4);
	RUN(build_v6);
	RUN(parse_reply);
	RUN(parse_reply_with_ip_header);
	RUN(parse_error_v4);
	RUN(parse_error_v6);
	return unit_summary();
}
