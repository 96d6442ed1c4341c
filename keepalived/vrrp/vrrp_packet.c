/* vrrp_packet.c - VRRP v2/v3 advertisements over IPv4: build, parse, verify.
 * See vrrp_packet.h. Pure code: no I/O, no allocation, no logging.
 *
 * Wire layouts (after a 20-byte IPv4 header without options when we build):
 *
 *   v2 (RFC 3768 5.1)                   v3 (RFC 5798 5.1)
 *   0: version 2 | type 1               0: version 3 | type 1
 *   1: VRID                             1: VRID
 *   2: priority                         2: priority
 *   3: count IPv4 addrs                 3: count IPv4 addrs
 *   4: auth type                        4-5: rsvd (4 bits) | max adver int (12 bits, cs)
 *   5: adver int (seconds)
 *   6-7: checksum (VRRP message only)   6-7: checksum (pseudo-header + VRRP message)
 *   8..: addresses                      8..: addresses
 *   then 8 bytes of authentication data
 */
#include "vrrp_packet.h"
#include "netbytes.h"

#include <string.h>

#define IP_HDR_LEN 20       /* the header we build: no options */
#define VRRP_HDR_LEN 8
#define IP_TOS_INTERNETCONTROL 0xc0

static const char *const rx_result_names[VRRP_RX_RESULT_MAX] = {
	[VRRP_RX_OK] = "ok",
	[VRRP_RX_TOO_SHORT] = "too short",
	[VRRP_RX_BAD_TTL] = "bad TTL",
	[VRRP_RX_BAD_VERSION] = "bad version",
	[VRRP_RX_BAD_TYPE] = "bad type",
	[VRRP_RX_BAD_CHECKSUM] = "bad checksum",
	[VRRP_RX_BAD_VRID] = "unknown VRID",
	[VRRP_RX_BAD_AUTH_TYPE] = "auth type mismatch",
	[VRRP_RX_INVALID_AUTH_TYPE] = "invalid auth type",
	[VRRP_RX_BAD_AUTH] = "auth failure",
	[VRRP_RX_BAD_ADDR_LIST] = "address list mismatch",
	[VRRP_RX_BAD_INTERVAL] = "advert interval mismatch",
	[VRRP_RX_NOT_PEER] = "not a unicast peer",
};

/* Contract: a constant string for every enum value, "unknown" otherwise. */
const char *vrrp_rx_result_str(enum vrrp_rx_result r)
{
	if ((unsigned)r >= VRRP_RX_RESULT_MAX || !rx_result_names[r])
		return "unknown";
	return rx_result_names[r];
}

/* Contract: sum is a partial one's-complement sum of big-endian 16-bit words
 * (as host-order numbers), e.g. a pseudo-header. The data is summed as
 * big-endian words (an odd last byte is the high byte of a final word).
 * Returns the complemented, folded checksum as a host-order number: store it
 * with htons() (or as two bytes, high first). A buffer that includes a
 * correct checksum yields 0. */
uint16_t inet_csum(const void *data, size_t len, uint32_t sum)
{
	const uint8_t *p = data;
	uint64_t acc = sum;

	while (len >= 2) {
		acc += (uint32_t)p[0] << 8 | p[1];
		p += 2;
		len -= 2;
	}
	if (len)
		acc += (uint32_t)p[0] << 8;
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return (uint16_t)~acc;
}

/* Partial sum of an IPv4 address (network order in memory). */
static uint32_t addr_sum(struct in_addr a)
{
	const uint8_t *b = (const uint8_t *)&a.s_addr;
	return (uint32_t)get16(b) + get16(b + 2);
}

/* Partial sum of the RFC 5798 5.2.8 IPv4 pseudo-header. */
static uint32_t pseudo_sum(struct in_addr src, struct in_addr dst, size_t vrrp_len)
{
	return addr_sum(src) + addr_sum(dst) + VRRP_PROTO + (uint32_t)vrrp_len;
}

/* Contract: the v2 wire value (whole seconds, 1..255) for an interval in
 * centiseconds: rounded to the nearest second. Shared by build and verify so
 * that an instance always accepts its own adverts. */
static uint8_t v2_int_secs(uint16_t cs)
{
	unsigned s = (cs + 50u) / 100u;
	if (s < 1)
		s = 1;
	if (s > 255)
		s = 255;
	return (uint8_t)s;
}

static size_t vrrp_msg_len(uint8_t version, uint8_t naddr)
{
	return VRRP_HDR_LEN + 4u * naddr + (version == 2 ? VRRP_AUTH_LEN : 0);
}

/* Contract: see vrrp_packet.h. Uses adv->version (2 or 3, else returns 0),
 * vrid, priority, advert_int_cs, auth_type/auth_pass (v2), naddr/addrs,
 * src/dst, ttl (0 means 255, the multicast TTL of RFC 5798). TOS is 0xc0 (internet
 * control), DF is not set. */
size_t vrrp_advert_build(uint8_t *buf, size_t cap, const struct vrrp_advert *adv, uint16_t ip_id)
{
	if (adv->version != 2 && adv->version != 3)
		return 0;
	size_t vlen = vrrp_msg_len(adv->version, adv->naddr);
	size_t total = IP_HDR_LEN + vlen;
	if (cap < total)
		return 0;
	memset(buf, 0, total);

	/* IPv4 header */
	uint8_t *ip = buf;
	ip[0] = 0x45;
	ip[1] = IP_TOS_INTERNETCONTROL;
	put16(ip + 2, (uint16_t)total);
	put16(ip + 4, ip_id);
	/* 6-7: flags/fragment offset 0 */
	ip[8] = adv->ttl ? adv->ttl : VRRP_TTL;
	ip[9] = VRRP_PROTO;
	memcpy(ip + 12, &adv->src.s_addr, 4);
	memcpy(ip + 16, &adv->dst.s_addr, 4);
	put16(ip + 10, inet_csum(ip, IP_HDR_LEN, 0));

	/* VRRP */
	uint8_t *v = buf + IP_HDR_LEN;
	v[0] = (uint8_t)(adv->version << 4 | VRRP_TYPE_ADVERT);
	v[1] = adv->vrid;
	v[2] = adv->priority;
	v[3] = adv->naddr;
	if (adv->version == 2) {
		v[4] = adv->auth_type;
		v[5] = v2_int_secs(adv->advert_int_cs);
	} else {
		uint16_t cs = adv->advert_int_cs > 0x0fff ? 0x0fff : adv->advert_int_cs;
		put16(v + 4, cs);
	}
	for (unsigned i = 0; i < adv->naddr; i++)
		memcpy(v + VRRP_HDR_LEN + 4 * i, &adv->addrs[i].s_addr, 4);
	if (adv->version == 2 && adv->auth_type == 1)
		memcpy(v + VRRP_HDR_LEN + 4u * adv->naddr, adv->auth_pass,
		       strnlen(adv->auth_pass, VRRP_AUTH_LEN));

	struct in_addr pdst = adv->csum_dst.s_addr ? adv->csum_dst : adv->dst;
	uint32_t sum = adv->version == 3 ? pseudo_sum(adv->src, pdst, vlen) : 0;
	put16(v + 6, inet_csum(v, vlen, sum));
	return total;
}

/* Contract: see vrrp_packet.h. Length rules: the IP header (with options,
 * per IHL) must fit; the IP total length must fit in len (bytes after it
 * are ignored); the IP payload must hold the VRRP header, naddr addresses
 * and (v2) 8 bytes of auth data. The checksum covers exactly that VRRP
 * message (and, for v3, a pseudo-header with that length); payload bytes
 * after it are tolerated and ignored. A non-IPv4 or malformed IP header is
 * reported as TOO_SHORT. On any result but OK, adv may be partly filled,
 * except BAD_TTL, which is checked last: adv is then complete. */
static enum vrrp_rx_result parse(const uint8_t *pkt, size_t len, struct vrrp_advert *adv,
				 const struct in_addr *csum_dst)
{
	if (len < IP_HDR_LEN || pkt[0] >> 4 != 4)
		return VRRP_RX_TOO_SHORT;
	size_t ihl = (size_t)(pkt[0] & 0x0f) * 4;
	size_t tot = get16(pkt + 2);
	if (ihl < IP_HDR_LEN || tot < ihl || tot > len)
		return VRRP_RX_TOO_SHORT;
	const uint8_t *v = pkt + ihl;
	size_t plen = tot - ihl;
	if (plen < VRRP_HDR_LEN)
		return VRRP_RX_TOO_SHORT;
	uint8_t version = v[0] >> 4;
	uint8_t naddr = v[3];
	/* the auth data is only expected of v2; an unknown version is reported
	 * as such below, once the v3-sized message is known to fit */
	size_t vlen = vrrp_msg_len(version == 2 ? 2 : 3, naddr);
	if (plen < vlen)
		return VRRP_RX_TOO_SHORT;

	memset(adv, 0, sizeof(*adv));
	adv->ttl = pkt[8];
	memcpy(&adv->src.s_addr, pkt + 12, 4);
	memcpy(&adv->dst.s_addr, pkt + 16, 4);
	if (version != 2 && version != 3)
		return VRRP_RX_BAD_VERSION;
	if ((v[0] & 0x0f) != VRRP_TYPE_ADVERT)
		return VRRP_RX_BAD_TYPE;
	uint32_t sum = version == 3 ? pseudo_sum(adv->src, csum_dst ? *csum_dst : adv->dst, vlen) : 0;
	if (inet_csum(v, vlen, sum) != 0)
		return VRRP_RX_BAD_CHECKSUM;

	adv->version = version;
	adv->vrid = v[1];
	adv->priority = v[2];
	adv->naddr = naddr;
	for (unsigned i = 0; i < naddr; i++)
		memcpy(&adv->addrs[i].s_addr, v + VRRP_HDR_LEN + 4 * i, 4);
	if (version == 2) {
		adv->auth_type = v[4];
		adv->advert_int_cs = (uint16_t)(v[5] * 100u);
		memcpy(adv->auth_pass, v + VRRP_HDR_LEN + 4u * naddr, VRRP_AUTH_LEN);
		adv->auth_pass[VRRP_AUTH_LEN] = '\0';
	} else {
		adv->advert_int_cs = get16(v + 4) & 0x0fff;
	}
	/* Last, so that a unicast receiver (whose peers may be routed) can
	 * accept the fully parsed advert and check its own TTL range. */
	if (adv->ttl != VRRP_TTL)
		return VRRP_RX_BAD_TTL;
	return VRRP_RX_OK;
}

enum vrrp_rx_result vrrp_advert_parse(const uint8_t *pkt, size_t len, struct vrrp_advert *adv)
{
	return parse(pkt, len, adv, NULL);
}

/* Contract: see vrrp_packet.h. */
enum vrrp_rx_result vrrp_advert_parse_old_csum(const uint8_t *pkt, size_t len, struct vrrp_advert *adv,
					       struct in_addr csum_dst)
{
	return parse(pkt, len, adv, &csum_dst);
}

static bool addr_in(struct in_addr a, const struct in_addr *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (list[i].s_addr == a.s_addr)
			return true;
	return false;
}

/* Contract: see vrrp_packet.h. */
enum vrrp_rx_result vrrp_auth_type_check(uint8_t got, uint8_t want)
{
	if (got > 2)
		return VRRP_RX_INVALID_AUTH_TYPE;
	return got == want ? VRRP_RX_OK : VRRP_RX_BAD_AUTH_TYPE;
}

/* Contract: see vrrp_packet.h. Order of checks: version, then (v2) auth
 * type, password (all 8 bytes, ours zero-padded), interval (compared in
 * whole seconds, as carried on the wire), then the address list as a set
 * (duplicates do not matter, order does not matter). */
enum vrrp_rx_result vrrp_advert_verify(const struct vrrp_advert *adv, const struct vrrp_expect *exp)
{
	if (adv->version != exp->version)
		return VRRP_RX_BAD_VERSION;
	if (adv->version == 2) {
		enum vrrp_rx_result r = vrrp_auth_type_check(adv->auth_type, exp->auth_type);
		if (r != VRRP_RX_OK)
			return r;
		if (exp->auth_type == 1) {
			char want[VRRP_AUTH_LEN] = { 0 };
			memcpy(want, exp->auth_pass, strnlen(exp->auth_pass, VRRP_AUTH_LEN));
			if (memcmp(want, adv->auth_pass, VRRP_AUTH_LEN) != 0)
				return VRRP_RX_BAD_AUTH;
		}
		if (adv->advert_int_cs / 100u != v2_int_secs(exp->advert_int_cs))
			return VRRP_RX_BAD_INTERVAL;
	}
	for (unsigned i = 0; i < adv->naddr; i++)
		if (!addr_in(adv->addrs[i], exp->addrs, exp->naddr))
			return VRRP_RX_BAD_ADDR_LIST;
	for (unsigned i = 0; i < exp->naddr; i++)
		if (!addr_in(exp->addrs[i], adv->addrs, adv->naddr))
			return VRRP_RX_BAD_ADDR_LIST;
	return VRRP_RX_OK;
}
