/* vrrp_packet6.c - VRRPv3 over IPv6 and unsolicited neighbour
 * advertisements: build, parse, checksum. See vrrp_packet6.h. Pure code: no
 * I/O, no allocation, no logging.
 *
 * VRRPv3 message (RFC 5798 5.1), after the IPv6 header (next header 112):
 *   0: version 3 | type 1     1: VRID     2: priority     3: count IPv6 addrs
 *   4-5: rsvd (4 bits) | max adver int (12 bits, centiseconds)
 *        (keepalived's v2 over IPv6: 4: auth type, 5: adver int in seconds)
 *   6-7: checksum (IPv6 pseudo-header + message)
 *   8..: addresses, 16 bytes each
 */
#include "vrrp_packet6.h"
#include "netbytes.h"

#include <string.h>

#define IPPROTO_ICMP6 58
#define ND_NA_TYPE 136
#define NA_FLAG_ROUTER 0x80
#define NA_FLAG_OVERRIDE 0x20
#define ETH_HDR_LEN 14
#define IP6_HDR_LEN 40
#define NA_LEN 32          /* NA 24 + one 8-byte option */

static uint32_t in6_sum(const struct in6_addr *a)
{
	uint32_t s = 0;
	for (int i = 0; i < 16; i += 2)
		s += get16(a->s6_addr + i);
	return s;
}

/* Contract: see vrrp_packet6.h. The upper-layer length is a 32-bit field
 * and the next header a zero-padded 32-bit one; both are added as 16-bit
 * words. */
uint32_t ipv6_pseudo_sum(const struct in6_addr *src, const struct in6_addr *dst,
			 uint32_t len, uint8_t next_header)
{
	return in6_sum(src) + in6_sum(dst) + (len >> 16) + (len & 0xffff) + next_header;
}

/* v2 carries whole seconds (1..255), rounded to the nearest. */
static uint8_t v2_secs(uint16_t cs)
{
	unsigned s = (cs + 50u) / 100u;
	return (uint8_t)(s < 1 ? 1 : s > 255 ? 255 : s);
}

/* Contract: see vrrp_packet6.h. v3: advert_int_cs is clamped to 12 bits. */
size_t vrrp6_advert_build(uint8_t *buf, size_t cap, const struct vrrp_advert6 *adv)
{
	size_t len = VRRP6_HDR_LEN + 16u * adv->naddr;
	if (cap < len)
		return 0;
	memset(buf, 0, VRRP6_HDR_LEN);
	uint8_t version = adv->version == 2 ? 2 : 3;
	buf[0] = (uint8_t)(version << 4 | VRRP_TYPE_ADVERT);
	buf[1] = adv->vrid;
	buf[2] = adv->priority;
	buf[3] = adv->naddr;
	if (version == 2) {
		buf[4] = adv->auth_type;
		buf[5] = v2_secs(adv->advert_int_cs);
	} else {
		put16(buf + 4, adv->advert_int_cs > 0x0fff ? 0x0fff : adv->advert_int_cs);
	}
	for (unsigned i = 0; i < adv->naddr; i++)
		memcpy(buf + VRRP6_HDR_LEN + 16 * i, adv->addrs[i].s6_addr, 16);
	uint32_t sum = ipv6_pseudo_sum(&adv->src, &adv->dst, (uint32_t)len, VRRP_PROTO);
	put16(buf + 6, inet_csum(buf, len, sum));
	return len;
}

/* Contract: see vrrp_packet6.h. Bytes after the last address are
 * tolerated and left out of the checksum (as in vrrp_advert_parse()). */
enum vrrp_rx_result vrrp6_advert_parse(const uint8_t *msg, size_t len, const struct in6_addr *src,
				       const struct in6_addr *dst, int hoplimit,
				       struct vrrp_advert6 *adv)
{
	if (len < VRRP6_HDR_LEN)
		return VRRP_RX_TOO_SHORT;
	size_t vlen = VRRP6_HDR_LEN + 16u * msg[3];
	if (len < vlen)
		return VRRP_RX_TOO_SHORT;
	adv->src = *src;
	adv->dst = *dst;
	adv->hoplimit = hoplimit < 0 || hoplimit > 255 ? 0 : (uint8_t)hoplimit;
	if (hoplimit != VRRP_TTL)
		return VRRP_RX_BAD_TTL;
	adv->version = msg[0] >> 4;
	if (adv->version != 2 && adv->version != 3)
		return VRRP_RX_BAD_VERSION;
	if ((msg[0] & 0x0f) != VRRP_TYPE_ADVERT)
		return VRRP_RX_BAD_TYPE;
	if (inet_csum(msg, vlen, ipv6_pseudo_sum(src, dst, (uint32_t)vlen, VRRP_PROTO)) != 0)
		return VRRP_RX_BAD_CHECKSUM;
	adv->vrid = msg[1];
	adv->priority = msg[2];
	adv->naddr = msg[3];
	if (adv->version == 2) {
		adv->auth_type = msg[4];
		adv->advert_int_cs = (uint16_t)(msg[5] * 100u);
	} else {
		adv->auth_type = 0;
		adv->advert_int_cs = get16(msg + 4) & 0x0fff;
	}
	for (unsigned i = 0; i < adv->naddr; i++)
		memcpy(adv->addrs[i].s6_addr, msg + VRRP6_HDR_LEN + 16 * i, 16);
	return VRRP_RX_OK;
}

int vrrp6_peek_vrid(const uint8_t *msg, size_t len)
{
	return len >= 2 ? msg[1] : -1;
}

static bool in6_in(const struct in6_addr *a, const struct in6_addr *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (memcmp(a, &list[i], sizeof(*a)) == 0)
			return true;
	return false;
}

bool vrrp6_addrs_match(const struct vrrp_advert6 *adv, const struct in6_addr *exp, size_t n)
{
	for (unsigned i = 0; i < adv->naddr; i++)
		if (!in6_in(&adv->addrs[i], exp, n))
			return false;
	for (size_t i = 0; i < n; i++)
		if (!in6_in(&exp[i], adv->addrs, adv->naddr))
			return false;
	return true;
}

/* Contract: see vrrp_packet6.h. */
size_t na_frame_build(uint8_t *buf, size_t cap, const uint8_t mac[6], const struct in6_addr *vip,
		      bool router)
{
	static const uint8_t all_nodes[16] = { 0xff, 0x02, [15] = 0x01 };
	if (cap < NA_FRAME_LEN)
		return 0;
	memset(buf, 0, NA_FRAME_LEN);

	uint8_t *eth = buf;
	memcpy(eth, (const uint8_t[]){ 0x33, 0x33, 0, 0, 0, 1 }, 6);
	memcpy(eth + 6, mac, 6);
	put16(eth + 12, 0x86dd);

	uint8_t *ip6 = eth + ETH_HDR_LEN;
	ip6[0] = 0x60;
	put16(ip6 + 4, NA_LEN);
	ip6[6] = IPPROTO_ICMP6;
	ip6[7] = 255;
	memcpy(ip6 + 8, vip->s6_addr, 16);
	memcpy(ip6 + 24, all_nodes, 16);

	uint8_t *na = ip6 + IP6_HDR_LEN;
	na[0] = ND_NA_TYPE;
	na[4] = NA_FLAG_OVERRIDE | (router ? NA_FLAG_ROUTER : 0);
	memcpy(na + 8, vip->s6_addr, 16);
	na[24] = 2;     /* target link-layer address */
	na[25] = 1;     /* in units of 8 bytes */
	memcpy(na + 26, mac, 6);
	struct in6_addr dst;
	memcpy(dst.s6_addr, all_nodes, 16);
	put16(na + 2, inet_csum(na, NA_LEN, ipv6_pseudo_sum(vip, &dst, NA_LEN, IPPROTO_ICMP6)));
	return NA_FRAME_LEN;
}
