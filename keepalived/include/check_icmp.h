/* check_icmp.h - ICMP / ICMPv6 echo for PING_CHECK: building a request and
 * recognising what comes back (check/icmp_echo.c). Pure functions, no I/O.
 *
 * A request carries an identifier, a sequence number and an 8-byte cookie
 * in its data. What can come back on the checker's shared socket:
 *   - an echo reply: ICMP type 0 / ICMPv6 type 129 with the id, sequence
 *     and cookie of one of our requests;
 *   - an error about one of our requests (destination unreachable, time
 *     exceeded): it quotes the start of the request, so id and sequence
 *     can be matched (the cookie is past the quoted bytes);
 *   - anything else (other people's echoes, our own requests looped back
 *     on a raw socket, truncated packets): not ours.
 * Raw IPv4 sockets deliver the IP header in front of the ICMP message;
 * ping sockets (SOCK_DGRAM) and ICMPv6 sockets do not.
 */
#ifndef KA_CHECK_ICMP_H
#define KA_CHECK_ICMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define ICMP_ECHO_COOKIE_LEN 8
#define ICMP_ECHO_LEN (8 + ICMP_ECHO_COOKIE_LEN)   /* header + data */

/* The Internet checksum (RFC 1071) of len bytes. */
uint16_t inet_checksum(const void *data, size_t len);

/* Write an echo request into buf (at least ICMP_ECHO_LEN bytes): ICMP type
 * 8 for AF_INET with its checksum, ICMPv6 type 128 for AF_INET6 with a zero
 * checksum (the kernel fills it in). Returns the length, 0 if size is too
 * small or af is neither. */
size_t icmp_echo_build(sa_family_t af, uint16_t id, uint16_t seq, const uint8_t cookie[ICMP_ECHO_COOKIE_LEN],
		       uint8_t *buf, size_t size);

enum icmp_kind {
	ICMP_NOT_OURS = 0,    /* not an answer to an echo request */
	ICMP_REPLY,           /* an echo reply */
	ICMP_ERROR,           /* an error quoting an echo request */
};

struct icmp_echo_info {
	enum icmp_kind kind;
	uint16_t id, seq;
	bool has_cookie;                           /* replies carry it */
	uint8_t cookie[ICMP_ECHO_COOKIE_LEN];
	uint8_t err_type, err_code;                /* ICMP_ERROR: what the error was */
};

/* Look at one received datagram of len bytes. ip_header: the buffer starts
 * with an IPv4 header (raw AF_INET sockets). Fills *info (kind NOT_OURS for
 * anything that is neither a reply nor an error quoting an echo request)
 * and returns info->kind. For IPv4 the checksum of a reply must be right. */
enum icmp_kind icmp_echo_parse(sa_family_t af, bool ip_header, const uint8_t *buf, size_t len,
			       struct icmp_echo_info *info);

/* "destination unreachable (port unreachable)" style text for an error. */
const char *icmp_error_str(sa_family_t af, uint8_t type, uint8_t code, char *buf, size_t size);

#endif
