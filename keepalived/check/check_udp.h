/* check_udp.h - the pure parts of UDP_CHECK (check_udp.c), shared by the
 * keyword table (hex strings) and the unit tests (reply matching). */
#ifndef KA_CHECK_UDP_H
#define KA_CHECK_UDP_H

#include "check_conf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UDP_DATA_MAX 1024           /* longest payload / require_reply, in bytes */

/* Decode a string of hexadecimal digits (either case, an even number of
 * them, at least two) into out (room for max bytes). Returns the number of
 * bytes, or -1 when s is not such a string or decodes to more than max. */
int udp_hex_decode(const char *s, uint8_t *out, size_t max);

/* Whether a reply datagram satisfies cc's require_reply bytes (a prefix)
 * and min_reply_length / max_reply_length. reply holds the first have bytes
 * of a datagram of len bytes (have <= len). On false, why (size > 0) says
 * why, starting "UDP reply mismatch". */
bool udp_reply_ok(const struct check_conf *cc, const uint8_t *reply, size_t have, size_t len,
		  char *why, size_t why_size);

#endif
