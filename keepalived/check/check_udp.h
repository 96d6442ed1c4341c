/* check_udp.h - the pure parts of UDP_CHECK (check_udp.c), shared by the
 * keyword table (hex strings) and the unit tests and fuzz target (reply
 * matching). */
#ifndef KA_CHECK_UDP_H
#define KA_CHECK_UDP_H

#include "check_conf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UDP_DATA_MAX 65535          /* longest payload / require_reply, in bytes */
#define UDP_DEFAULT_MAX_REPLY 255   /* keepalived's default max_reply_length */

/* Decode keepalived's free-form hex string: words separated by spaces or
 * tabs, each read two digits at a time, a last odd digit being a byte of
 * its own ("Ab12f 3" = AB 12 0F 03). With mask non-NULL, x or X stands for
 * a nibble to ignore: its bits are set in mask[i]. Writes at most max
 * bytes to out (and mask). Returns the number of bytes, or -1 when s holds
 * no digit, another character, or decodes to more than max. */
int udp_hex_decode(const char *s, uint8_t *out, uint8_t *mask, size_t max);

/* Whether a reply datagram of len bytes (the first have of them in reply,
 * have <= len) satisfies u: min_reply_len <= len <= max_reply_len, and the
 * first min(len, reply_len) bytes equal require_reply's except for masked
 * bits (keepalived's rule). On false, why (size > 0) says why, starting
 * "UDP reply mismatch". */
bool udp_reply_ok(const struct udp_check_conf *u, const uint8_t *reply, size_t have, size_t len,
		  char *why, size_t why_size);

#endif
