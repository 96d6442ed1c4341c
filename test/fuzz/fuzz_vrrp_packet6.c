/* fuzz_vrrp_packet6.c - VRRP messages received on an IPv6 socket:
 * vrrp6_advert_parse() on any bytes, with the source and destination taken
 * from the input's first 32 bytes and the hop limit from the next one.
 * Invariants: a parsed advert is version 2 or 3 and fits the bytes given;
 * building it again gives the same message (v3) and a message that parses
 * to the same fields; a neighbour advertisement for its source verifies. */
#include "fuzz.h"
#include "vrrp_packet6.h"

#include <string.h>

#define HDR 33   /* src 16, dst 16, selector 1 */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vrrp_advert6 adv, again;
	static uint8_t buf[VRRP6_MAX_LEN];
	if (size < HDR)
		return 0;
	struct in6_addr src, dst;
	memcpy(&src, data, 16);
	memcpy(&dst, data + 16, 16);
	uint8_t sel = data[32];
	int hop = sel & 1 ? 255 : sel;
	size_t len = size - HDR;
	uint8_t *msg = malloc(len ? len : 1);
	memcpy(msg, data + HDR, len);
	if ((sel & 2) && len >= VRRP6_HDR_LEN) {   /* a correct checksum reaches the rest */
		size_t vlen = VRRP6_HDR_LEN + 16u * msg[3];
		if (vlen <= len) {
			msg[6] = msg[7] = 0;
			uint16_t c = inet_csum(msg, vlen, ipv6_pseudo_sum(&src, &dst, (uint32_t)vlen, VRRP_PROTO));
			msg[6] = (uint8_t)(c >> 8);
			msg[7] = (uint8_t)c;
		}
	}
	enum vrrp_rx_result r = vrrp6_advert_parse(msg, len, &src, &dst, hop, &adv);
	(void)vrrp_rx_result_str(r);
	(void)vrrp6_peek_vrid(msg, len);
	if (r == VRRP_RX_OK) {
		fuzz_assert(adv.version == 2 || adv.version == 3);
		fuzz_assert(VRRP6_HDR_LEN + 16u * adv.naddr <= len);
		size_t n = vrrp6_advert_build(buf, sizeof(buf), &adv);
		fuzz_assert(n == VRRP6_HDR_LEN + 16u * adv.naddr);
		if (adv.version == 3 && !(msg[4] & 0xf0))
			fuzz_assert(memcmp(buf, msg, n) == 0);
		fuzz_assert(vrrp6_advert_parse(buf, n, &src, &dst, 255, &again) == VRRP_RX_OK);
		fuzz_assert(again.vrid == adv.vrid && again.priority == adv.priority && again.naddr == adv.naddr);
		fuzz_assert(vrrp6_addrs_match(&again, adv.addrs, adv.naddr));
	}
	uint8_t frame[NA_FRAME_LEN];
	fuzz_assert(na_frame_build(frame, sizeof(frame), data + 16, &src, sel & 4) == NA_FRAME_LEN);
	struct in6_addr all = { .s6_addr = { 0xff, 0x02, [15] = 1 } };
	fuzz_assert(inet_csum(frame + 54, 32, ipv6_pseudo_sum(&src, &all, 32, 58)) == 0);
	free(msg);
	return 0;
}
