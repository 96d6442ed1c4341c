/* fuzz_icmp.c - PING_CHECK: what comes back on the checker's ICMP and
 * ICMPv6 sockets (icmp_echo_parse(), check/icmp_echo.c), with and without
 * the IPv4 header raw sockets put in front.
 *
 * The first byte chooses the family (bit 0: IPv6), whether an IPv4 header
 * precedes (bit 1) and, with bit 2, makes the ICMPv4 checksum right (of
 * the reply at the offset the IPv4 header's length gives) so that mutations
 * get past the checksum check. Invariants: the kind returned is the one
 * stored; a reply's id, sequence and cookie are the bytes of the packet and
 * its IPv4 checksum is right; turning our own request into a reply gives
 * back its id, sequence and cookie; an error names its type and code;
 * nothing is read past the buffer (ASan). */
#include "fuzz.h"
#include "check_icmp.h"

#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

static void fix_checksum(uint8_t *p, size_t len)
{
	if (len < 4)
		return;
	p[2] = p[3] = 0;
	uint16_t c = inet_checksum(p, len);
	p[2] = (uint8_t)(c >> 8);
	p[3] = (uint8_t)c;
}

static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t sel = data[0];
	sa_family_t af = sel & 1 ? AF_INET6 : AF_INET;
	bool iph = sel & 2;
	size_t len = size - 1;
	uint8_t *pkt = malloc(len ? len : 1);
	memcpy(pkt, data + 1, len);
	size_t off = 0;
	if (af == AF_INET && iph && len >= 20)
		off = (size_t)(pkt[0] & 0x0f) * 4;
	if ((sel & 4) && af == AF_INET && off <= len)
		fix_checksum(pkt + off, len - off);

	struct icmp_echo_info info;
	enum icmp_kind k = icmp_echo_parse(af, iph, pkt, len, &info);
	fuzz_assert(k == info.kind);
	fuzz_assert(k == ICMP_NOT_OURS || k == ICMP_REPLY || k == ICMP_ERROR);
	if (k == ICMP_REPLY) {
		const uint8_t *icmp = pkt + (af == AF_INET && iph ? off : 0);
		size_t ilen = len - (size_t)(icmp - pkt);
		fuzz_assert(ilen >= 8 && info.id == get16(icmp + 4) && info.seq == get16(icmp + 6));
		fuzz_assert(icmp[0] == (af == AF_INET ? 0 : 129));
		if (af == AF_INET)
			fuzz_assert(inet_checksum(icmp, ilen) == 0);
		fuzz_assert(info.has_cookie == (ilen >= ICMP_ECHO_LEN));
		if (info.has_cookie)
			fuzz_assert(memcmp(info.cookie, icmp + 8, ICMP_ECHO_COOKIE_LEN) == 0);

		/* our own request with its id, sequence and cookie, answered */
		uint8_t req[ICMP_ECHO_LEN + 1];
		fuzz_assert(icmp_echo_build(af, info.id, info.seq, info.cookie, req, sizeof(req)) == ICMP_ECHO_LEN);
		fuzz_assert(icmp_echo_build(af, 1, 1, info.cookie, req, ICMP_ECHO_LEN - 1) == 0);
		req[0] = af == AF_INET ? 0 : 129;
		if (af == AF_INET)
			fix_checksum(req, ICMP_ECHO_LEN);
		struct icmp_echo_info again;
		fuzz_assert(icmp_echo_parse(af, false, req, ICMP_ECHO_LEN, &again) == ICMP_REPLY);
		fuzz_assert(again.id == info.id && again.seq == info.seq && again.has_cookie);
		fuzz_assert(memcmp(again.cookie, info.cookie, ICMP_ECHO_COOKIE_LEN) == 0);
	} else if (k == ICMP_ERROR) {
		fuzz_assert(!info.has_cookie);
		char text[64];
		const char *s = icmp_error_str(af, info.err_type, info.err_code, text, sizeof(text));
		fuzz_assert(s == text && strlen(text) > 0 && strlen(text) < sizeof(text));
	} else {
		fuzz_assert(info.id == 0 && info.seq == 0 && !info.has_cookie);
	}
	/* any type and code has a text, truncated to the buffer */
	if (len >= 2) {
		char small[8];
		icmp_error_str(af, pkt[0], pkt[1], small, sizeof(small));
		fuzz_assert(strlen(small) < sizeof(small));
	}
	free(pkt);
	return 0;
}
