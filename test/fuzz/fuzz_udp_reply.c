/* fuzz_udp_reply.c - UDP_CHECK: matching a real server's reply datagram
 * against require_reply and the length bounds (udp_reply_ok()), and the
 * hex strings of the configuration (udp_hex_decode()). The input is
 * "HEX\nREPLY": the first line is the configured require_reply. */
#include "fuzz.h"
#include "check_udp.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 3)
		return 0;
	uint8_t minl = data[0], maxl = data[1];
	data += 2;
	size -= 2;
	const uint8_t *nl = memchr(data, '\n', size);
	size_t hl = nl ? (size_t)(nl - data) : size;
	char *hex = malloc(hl + 1);
	memcpy(hex, data, hl);
	hex[hl] = '\0';
	static uint8_t want[UDP_DATA_MAX], mask[UDP_DATA_MAX];
	int wl = udp_hex_decode(hex, want, mask, sizeof(want));
	fuzz_assert(wl <= (int)sizeof(want));
	if (wl > 0)
		fuzz_assert((size_t)wl <= hl);      /* at least one digit per byte */
	free(hex);

	struct udp_check_conf cc;
	memset(&cc, 0, sizeof(cc));
	cc.require_reply = true;
	cc.reply = wl > 0 ? want : NULL;
	cc.reply_len = wl > 0 ? (uint32_t)wl : 0;
	cc.reply_mask = wl > 0 && (minl & 1) ? mask : NULL;
	cc.reply_mask_len = cc.reply_mask ? cc.reply_len : 0;
	cc.min_reply_len = minl & 0x80 ? 0 : minl;
	cc.max_reply_len = maxl & 0x80 ? 65535 : maxl;
	const uint8_t *reply = nl ? nl + 1 : data + size;
	size_t len = (size_t)(data + size - reply);
	/* the datagram may be longer than what was read */
	size_t have = len - (len ? minl % (len + 1) : 0);
	uint8_t *copy = malloc(have ? have : 1);
	memcpy(copy, reply, have);
	char why[128] = "";
	bool ok = udp_reply_ok(&cc, copy, have, len, why, sizeof(why));
	if (!ok)
		fuzz_assert(strncmp(why, "UDP reply mismatch", 18) == 0);
	free(copy);
	return 0;
}
