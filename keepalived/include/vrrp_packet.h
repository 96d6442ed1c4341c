/* vrrp_packet.h - VRRP v2 (RFC 3768) and v3 (RFC 5798) advertisements over
 * IPv4: build, parse and verify. Pure functions, no I/O: unit-tested in
 * test/unit/vrrp_packet_test.c against hand-computed bytes.
 */
#ifndef KA_VRRP_PACKET_H
#define KA_VRRP_PACKET_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VRRP_PROTO 112
#define VRRP_TTL 255
#define VRRP_TYPE_ADVERT 1
#define VRRP_MAX_ADDRS 255
#define VRRP_AUTH_LEN 8
#define VRRP_PRIO_STOP 0
#define VRRP_PRIO_OWNER 255

/* Everything an advertisement carries (and the IP header fields we check). */
struct vrrp_advert {
	uint8_t version;              /* 2 or 3 */
	uint8_t vrid;
	uint8_t priority;
	uint16_t advert_int_cs;       /* v3: centiseconds (12 bits); v2: seconds * 100 */
	uint8_t auth_type;            /* v2 only: 0 none, 1 simple password */
	char auth_pass[VRRP_AUTH_LEN + 1];
	uint8_t naddr;
	struct in_addr addrs[VRRP_MAX_ADDRS];
	/* from the IP header */
	struct in_addr src, dst;
	uint8_t ttl;
	/* building a v3 advert: the pseudo-header's destination when not 0
	 * (old_unicast_checksum: vrrp_mcast_group4), else dst */
	struct in_addr csum_dst;
	/* an IPv6 advert handed to vrrp_instance_rx() (vrrp_ipv6.c): its
	 * source; src is then 0.0.0.0 and naddr 0 */
	struct in6_addr src6;
};

/* Why a packet was dropped (RFC 5798 section 7.1 and RFC 3768 section 7.1).
 * Each has a per-instance counter shown in the USR2 stats dump. */
enum vrrp_rx_result {
	VRRP_RX_OK = 0,
	VRRP_RX_TOO_SHORT,        /* shorter than IP + VRRP header + addresses (+ auth) */
	VRRP_RX_BAD_TTL,          /* IP TTL != 255 */
	VRRP_RX_BAD_VERSION,      /* version not 2/3, or not the instance's version */
	VRRP_RX_BAD_TYPE,         /* type != ADVERTISEMENT */
	VRRP_RX_BAD_CHECKSUM,
	VRRP_RX_BAD_VRID,         /* no instance with this VRID on the interface */
	VRRP_RX_BAD_AUTH_TYPE,    /* auth type (a known one) differs from ours (v2) */
	VRRP_RX_INVALID_AUTH_TYPE, /* auth type none of 0, 1, 2 (v2) */
	VRRP_RX_BAD_AUTH,         /* password mismatch (v2) */
	VRRP_RX_BAD_ADDR_LIST,    /* address list differs from our VIPs */
	VRRP_RX_BAD_INTERVAL,     /* advert interval differs (v2: drop) */
	VRRP_RX_NOT_PEER,         /* unicast with check_unicast_src: source is no unicast_peer,
				   * or its TTL is outside the peer's min_ttl..max_ttl */
	VRRP_RX_RESULT_MAX
};

/* Short name for logs and dumps: "bad TTL", ... */
const char *vrrp_rx_result_str(enum vrrp_rx_result r);

/* Internet checksum (RFC 1071) of a buffer, with an initial partial sum. */
uint16_t inet_csum(const void *data, size_t len, uint32_t sum);

/* Build a full IPv4 packet (IP header with TTL 255, protocol 112, then the
 * VRRP advert) into buf. ip_id is the IP identification to use.
 * Returns the packet length, or 0 if cap is too small. */
size_t vrrp_advert_build(uint8_t *buf, size_t cap, const struct vrrp_advert *adv, uint16_t ip_id);

/* Parse a received IPv4 packet (starting at the IP header, as a raw socket
 * delivers it). Checks length, TTL, version, type and checksum; fills adv.
 * Returns VRRP_RX_OK or the reason to drop. */
enum vrrp_rx_result vrrp_advert_parse(const uint8_t *pkt, size_t len, struct vrrp_advert *adv);
/* The same, but a v3 checksum is checked as keepalived before 1.3.6
 * computed it: with csum_dst (vrrp_mcast_group4) as the pseudo-header's
 * destination instead of the packet's. */
enum vrrp_rx_result vrrp_advert_parse_old_csum(const uint8_t *pkt, size_t len, struct vrrp_advert *adv,
					       struct in_addr csum_dst);

/* What an instance expects of adverts for its VRID. */
struct vrrp_expect {
	uint8_t version;
	uint8_t auth_type;
	char auth_pass[VRRP_AUTH_LEN + 1];
	uint16_t advert_int_cs;
	uint8_t naddr;
	const struct in_addr *addrs;
};

/* Instance-level checks after vrrp_advert_parse(): auth type and password
 * (v2), interval (v2 only: v3 learns the master's interval), address list
 * (same set, any order). Priority-0 and owner adverts are not special here. */
enum vrrp_rx_result vrrp_advert_verify(const struct vrrp_advert *adv, const struct vrrp_expect *exp);

/* A VRRPv2 advert's auth type got against ours (want), keepalived 2.2's
 * way: none of 0 (none), 1 (password), 2 (AH) is VRRP_RX_INVALID_AUTH_TYPE
 * (counted as "Invalid Type"), another known one VRRP_RX_BAD_AUTH_TYPE
 * ("Type Mismatch"), else VRRP_RX_OK. */
enum vrrp_rx_result vrrp_auth_type_check(uint8_t got, uint8_t want);

#endif
