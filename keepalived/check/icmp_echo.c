/* icmp_echo.c - ICMP / ICMPv6 echo requests and the matching of what comes
 * back; see check_icmp.h. Pure: no I/O, no globals. */
#include "check_icmp.h"
#include "netbytes.h"

#include <stdio.h>
#include <string.h>
#include <netinet/in.h>

#define ICMP4_ECHO_REPLY 0
#define ICMP4_UNREACH 3
#define ICMP4_ECHO 8
#define ICMP4_TIME_EXCEEDED 11
#define ICMP6_UNREACH 1
#define ICMP6_TOO_BIG 2
#define ICMP6_TIME_EXCEEDED 3
#define ICMP6_ECHO 128
#define ICMP6_ECHO_REPLY 129
#define IP6_HDR_LEN 40


uint16_t inet_checksum(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t sum = 0;
	for (; len > 1; p += 2, len -= 2)
		sum += get16(p);
	if (len)
		sum += (uint32_t)p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

size_t icmp_echo_build(sa_family_t af, uint16_t id, uint16_t seq, const uint8_t cookie[ICMP_ECHO_COOKIE_LEN],
		       uint8_t *buf, size_t size)
{
	if (size < ICMP_ECHO_LEN || (af != AF_INET && af != AF_INET6))
		return 0;
	memset(buf, 0, ICMP_ECHO_LEN);
	buf[0] = af == AF_INET ? ICMP4_ECHO : ICMP6_ECHO;
	buf[4] = (uint8_t)(id >> 8);
	buf[5] = (uint8_t)id;
	buf[6] = (uint8_t)(seq >> 8);
	buf[7] = (uint8_t)seq;
	memcpy(buf + 8, cookie, ICMP_ECHO_COOKIE_LEN);
	if (af == AF_INET) {
		uint16_t ck = inet_checksum(buf, ICMP_ECHO_LEN);
		buf[2] = (uint8_t)(ck >> 8);
		buf[3] = (uint8_t)ck;
	}
	return ICMP_ECHO_LEN;
}

/* Skip an IPv4 header at p (len bytes): the offset of its payload, or 0
 * when it is not a whole IPv4 header carrying ICMP. */
static size_t ip4_payload(const uint8_t *p, size_t len)
{
	if (len < 20 || (p[0] >> 4) != 4)
		return 0;
	size_t ihl = (size_t)(p[0] & 0x0f) * 4;
	if (ihl < 20 || ihl > len || p[9] != IPPROTO_ICMP)
		return 0;
	return ihl;
}

/* An error message whose quoted datagram (at q, n bytes) is one of our
 * echo requests: fill id/seq. */
static bool quoted_echo(sa_family_t af, const uint8_t *q, size_t n, struct icmp_echo_info *info)
{
	size_t off;
	if (af == AF_INET) {
		off = ip4_payload(q, n);
		if (!off)
			return false;
	} else {
		if (n < IP6_HDR_LEN || (q[0] >> 4) != 6 || q[6] != IPPROTO_ICMPV6)
			return false;   /* extension headers: not worth following */
		off = IP6_HDR_LEN;
	}
	if (n - off < 8 || q[off] != (af == AF_INET ? ICMP4_ECHO : ICMP6_ECHO))
		return false;
	info->id = get16(q + off + 4);
	info->seq = get16(q + off + 6);
	return true;
}

enum icmp_kind icmp_echo_parse(sa_family_t af, bool ip_header, const uint8_t *buf, size_t len,
			       struct icmp_echo_info *info)
{
	memset(info, 0, sizeof(*info));
	if (af != AF_INET && af != AF_INET6)
		return ICMP_NOT_OURS;
	if (ip_header && af == AF_INET) {
		size_t off = ip4_payload(buf, len);
		if (!off)
			return ICMP_NOT_OURS;
		buf += off;
		len -= off;
	}
	if (len < 8)
		return ICMP_NOT_OURS;
	uint8_t type = buf[0], code = buf[1];
	bool v4 = af == AF_INET;
	if (type == (v4 ? ICMP4_ECHO_REPLY : ICMP6_ECHO_REPLY)) {
		if (code != 0 || (v4 && inet_checksum(buf, len) != 0))
			return ICMP_NOT_OURS;
		info->id = get16(buf + 4);
		info->seq = get16(buf + 6);
		if (len >= ICMP_ECHO_LEN) {
			info->has_cookie = true;
			memcpy(info->cookie, buf + 8, ICMP_ECHO_COOKIE_LEN);
		}
		info->kind = ICMP_REPLY;
		return ICMP_REPLY;
	}
	bool error = v4 ? (type == ICMP4_UNREACH || type == ICMP4_TIME_EXCEEDED)
			: (type == ICMP6_UNREACH || type == ICMP6_TOO_BIG || type == ICMP6_TIME_EXCEEDED);
	/* the quoted datagram follows the 8-byte error header */
	if (!error || !quoted_echo(af, buf + 8, len - 8, info)) {
		memset(info, 0, sizeof(*info));
		return ICMP_NOT_OURS;
	}
	info->err_type = type;
	info->err_code = code;
	info->kind = ICMP_ERROR;
	return ICMP_ERROR;
}

const char *icmp_error_str(sa_family_t af, uint8_t type, uint8_t code, char *buf, size_t size)
{
	static const char *const unreach4[] = {
		"network unreachable", "host unreachable", "protocol unreachable", "port unreachable",
		"fragmentation needed", "source route failed", "network unknown", "host unknown",
	};
	static const char *const unreach6[] = {
		"no route", "administratively prohibited", "beyond scope", "address unreachable",
		"port unreachable", "source address failed policy", "reject route",
	};
	const char *what = NULL;
	if (af == AF_INET && type == ICMP4_UNREACH && code < sizeof(unreach4) / sizeof(unreach4[0]))
		what = unreach4[code];
	else if (af == AF_INET && type == ICMP4_UNREACH && (code == 9 || code == 10 || code == 13))
		what = "administratively prohibited";
	else if (af == AF_INET6 && type == ICMP6_UNREACH && code < sizeof(unreach6) / sizeof(unreach6[0]))
		what = unreach6[code];
	else if ((af == AF_INET && type == ICMP4_TIME_EXCEEDED) || (af == AF_INET6 && type == ICMP6_TIME_EXCEEDED))
		what = "time exceeded";
	else if (af == AF_INET6 && type == ICMP6_TOO_BIG)
		what = "packet too big";
	if (what)
		snprintf(buf, size, "%s", what);
	else
		snprintf(buf, size, "ICMP%s type %u code %u", af == AF_INET6 ? "v6" : "", type, code);
	return buf;
}
