/* vrrp_packet6.h - VRRPv3 over IPv6 (RFC 5798), keepalived's VRRPv2 over IPv6 and the unsolicited
 * neighbour advertisement (RFC 4861 4.4) a new master sends for each IPv6
 * VIP. Pure functions, no I/O: unit-tested in test/unit/vrrp_packet6_test.c
 * against bytes captured from keepalived 2.2.7, and fuzzed.
 *
 * keepalived also runs `version 2` instances over IPv6: the v2 header (auth
 * type, interval in seconds), IPv6 addresses, no authentication data, and
 * the checksum over the IPv6 pseudo-header as in v3. We build and accept
 * that too, so that such a keepalived peer interoperates.
 *
 * An IPv6 raw socket neither gives nor takes the IPv6 header: the VRRP
 * message is built and parsed alone, with the addresses and hop limit that
 * travel beside it (IPV6_PKTINFO, IPV6_HOPLIMIT).
 */
#ifndef KA_VRRP_PACKET6_H
#define KA_VRRP_PACKET6_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vrrp_packet.h"

#define VRRP6_HDR_LEN 8
/* The largest message: 8 bytes of header and 255 addresses. */
#define VRRP6_MAX_LEN (VRRP6_HDR_LEN + 16 * VRRP_MAX_ADDRS)

/* Everything an IPv6 advertisement carries, and the IPv6 header fields
 * that are checked. */
struct vrrp_advert6 {
	uint8_t version;              /* 3, or 2 (keepalived's v2 over IPv6) */
	uint8_t vrid;
	uint8_t priority;
	uint16_t advert_int_cs;       /* v3: 12 bits; v2: whole seconds * 100 */
	uint8_t auth_type;            /* v2 only: carried, never any data */
	uint8_t naddr;
	struct in6_addr addrs[VRRP_MAX_ADDRS];
	struct in6_addr src, dst;     /* from the IPv6 header */
	uint8_t hoplimit;
};

/* Partial one's-complement sum of the RFC 2460 8.1 pseudo-header (source,
 * destination, upper-layer length, next header), for inet_csum(). */
uint32_t ipv6_pseudo_sum(const struct in6_addr *src, const struct in6_addr *dst,
			 uint32_t len, uint8_t next_header);

/* Build the VRRP message (no IPv6 header) for adv into buf: adv->version
 * (2 or 3, anything else is built as 3), type 1, the addresses, and the checksum over the pseudo-header made of
 * adv->src and adv->dst (they must be the addresses the packet leaves
 * with). Returns its length, or 0 when cap is too small. */
size_t vrrp6_advert_build(uint8_t *buf, size_t cap, const struct vrrp_advert6 *adv);

/* Parse a received VRRP message (what an IPv6 raw socket delivers) that
 * came from src to dst with hoplimit. Checks, in this order: length
 * (header, then naddr addresses), hop limit 255, version 2 or 3 (others:
 * BAD_VERSION), type, checksum. Fills adv (partly on failure). */
enum vrrp_rx_result vrrp6_advert_parse(const uint8_t *msg, size_t len, const struct in6_addr *src,
				       const struct in6_addr *dst, int hoplimit,
				       struct vrrp_advert6 *adv);

/* The VRID of a message whatever its validity (to count a drop on its
 * instance); -1 when too short. */
int vrrp6_peek_vrid(const uint8_t *msg, size_t len);

/* The address list of adv equals exp[0..n) as a set (any order,
 * duplicates do not matter). */
bool vrrp6_addrs_match(const struct vrrp_advert6 *adv, const struct in6_addr *exp, size_t n);

/* ---- unsolicited neighbour advertisement -------------------------------------- */
#define NA_FRAME_LEN 86   /* Ethernet 14 + IPv6 40 + NA 24 + target link-layer option 8 */

/* Build the Ethernet frame keepalived sends for an IPv6 VIP on becoming
 * master: from mac to 33:33:00:00:00:01, IPv6 from the VIP itself to
 * ff02::1 with hop limit 255, ICMPv6 type 136 with the Override flag (and
 * the Router flag when router), target = vip, option 2 (target link-layer
 * address) = mac. Returns NA_FRAME_LEN, or 0 when cap is too small. */
size_t na_frame_build(uint8_t *buf, size_t cap, const uint8_t mac[6], const struct in6_addr *vip,
		      bool router);

#endif
