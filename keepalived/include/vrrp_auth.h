/* vrrp_auth.h - VRRPv2 IPsec AH authentication as keepalived 2.2 puts it on
 * the wire (RFC 2402 header, HMAC-MD5-96), pure code: unit-tested in
 * test/unit/vrrp_auth_test.c against a packet captured from keepalived
 * 2.2.7.
 *
 *   IPv4 header, protocol 51 (AH)
 *   AH: next header 112 | payload len 4 | reserved 0 | SPI = IPv4 source
 *       address | sequence number (1, 2, ... per sender) | ICV (12 bytes)
 *   VRRPv2 advert, auth type 2, authentication data all zero
 *
 * ICV = the first 12 bytes of HMAC-MD5(key = auth_pass (up to 8 bytes),
 * the whole packet with the ICV, the IP TOS, flags/fragment offset and
 * header checksum set to zero). keepalived keeps the TTL (always 255) and
 * the IP identification in the computation, and so do we.
 */
#ifndef KA_VRRP_AUTH_H
#define KA_VRRP_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VRRP_AH_PROTO 51
#define VRRP_AH_LEN 24
#define VRRP_AH_ICV_LEN 12

/* Insert an AH header into a packet built by vrrp_advert_build() (IPv4
 * header without options, protocol 112, IP id != 0): out gets the IP header
 * (protocol 51, longer total length, fresh checksum), the AH header with
 * seq and its ICV, then the VRRP message. Returns the new length, 0 when
 * cap is too small or in is not such a packet. */
size_t vrrp_ah_wrap(const uint8_t *in, size_t len, uint8_t *out, size_t cap, uint32_t seq, const char *key);

/* Is this an IPv4 packet carrying AH? */
bool vrrp_ah_is_ah(const uint8_t *pkt, size_t len);

/* Take an AH packet apart: check the AH header (next header 112, payload
 * length 4, total length fits), copy the packet without its AH header into
 * out (protocol 112, total length fixed) for vrrp_advert_parse(), and give
 * its sequence number. false when malformed. */
bool vrrp_ah_unwrap(const uint8_t *pkt, size_t len, uint8_t *out, size_t cap, size_t *out_len, uint32_t *seq);

/* Check the ICV of an AH packet with key. */
bool vrrp_ah_verify(const uint8_t *pkt, size_t len, const char *key);

#endif
