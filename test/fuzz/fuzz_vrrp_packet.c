/* fuzz_vrrp_packet.c - VRRP v2/v3 adverts from the network:
 * vrrp_advert_parse() on any bytes, then vrrp_advert_verify() against an
 * expectation taken from the input's first bytes. Invariants: a parsed
 * advert has version 2 or 3 and at most VRRP_MAX_ADDRS addresses, a v2
 * password is NUL-terminated, and building it again gives a packet that
 * parses to the same fields. */
#include "fuzz.h"
#include "vrrp_packet.h"

#include <string.h>

/* With bit 3 of the selector, write a correct VRRP checksum (v2: over the
 * VRRP part; v3: with the IPv4 pseudo-header) so that mutations get past
 * the checksum check and reach the rest of the parser. */
static void fix_checksum(uint8_t *pkt, size_t len)
{
	if (len < 20)
		return;
	size_t ihl = (size_t)(pkt[0] & 0x0f) * 4;
	if (ihl < 20 || len < ihl + 8)
		return;
	uint8_t *v = pkt + ihl;
	size_t vl = len - ihl;
	v[6] = v[7] = 0;
	uint32_t sum = 0;
	if ((v[0] >> 4) == 3) {
		uint8_t ph[12];
		memcpy(ph, pkt + 12, 8);
		ph[8] = 0;
		ph[9] = pkt[9];
		ph[10] = (uint8_t)(vl >> 8);
		ph[11] = (uint8_t)vl;
		for (size_t i = 0; i < 12; i += 2)
			sum += (uint32_t)(ph[i] << 8 | ph[i + 1]);
	}
	uint16_t c = inet_csum(v, vl, sum);
	v[6] = (uint8_t)(c >> 8);
	v[7] = (uint8_t)c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vrrp_advert adv;
	if (size < 4)
		return 0;
	/* the first 4 bytes choose the expectation; the rest is the packet */
	uint8_t sel = data[0];
	size_t len = size - 4;
	uint8_t *pkt = malloc(len ? len : 1);
	memcpy(pkt, data + 4, len);
	if (sel & 8)
		fix_checksum(pkt, len);
	enum vrrp_rx_result rx = vrrp_advert_parse(pkt, len, &adv);
	free(pkt);
	if (rx != VRRP_RX_OK)
		return 0;
	fuzz_assert(adv.version == 2 || adv.version == 3);
	fuzz_assert(memchr(adv.auth_pass, 0, sizeof(adv.auth_pass)) != NULL);

	struct in_addr addrs[4];
	memset(addrs, 0, sizeof(addrs));
	for (int i = 0; i < 4 && i < adv.naddr; i++)
		addrs[i] = adv.addrs[(i * data[1]) % adv.naddr];
	struct vrrp_expect exp = {
		.version = adv.version,
		.auth_type = sel & 1,
		.advert_int_cs = (sel & 2) ? adv.advert_int_cs : (uint16_t)(data[2] * 100),
		.naddr = (uint8_t)(data[3] % 5 < adv.naddr ? data[3] % 5 : adv.naddr),
		.addrs = addrs,
	};
	memcpy(exp.auth_pass, adv.auth_pass, sizeof(exp.auth_pass));
	if (sel & 4)
		exp.auth_pass[0] ^= 1;
	(void)vrrp_advert_verify(&adv, &exp);
	(void)vrrp_rx_result_str(vrrp_advert_verify(&adv, &exp));

	/* round trip */
	uint8_t buf[2048];
	size_t n = vrrp_advert_build(buf, sizeof(buf), &adv, 1);
	if (n) {
		struct vrrp_advert again;
		fuzz_assert(vrrp_advert_parse(buf, n, &again) == VRRP_RX_OK);
		fuzz_assert(again.version == adv.version && again.vrid == adv.vrid &&
			    again.priority == adv.priority && again.naddr == adv.naddr);
		fuzz_assert(memcmp(again.addrs, adv.addrs, adv.naddr * sizeof(adv.addrs[0])) == 0);
	}
	return 0;
}
