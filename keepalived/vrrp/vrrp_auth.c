/* vrrp_auth.c - VRRPv2 IPsec AH (see vrrp_auth.h). Pure: no I/O. */
#include "vrrp_auth.h"
#include "vrrp_packet.h"
#include "netbytes.h"

#include <string.h>
#include "ka_ssl.h"   /* last: OpenSSL calls go through the loaded table */

#define IP_HDR_LEN 20
#define AH_ICV_OFF 12   /* within the AH header */


/* The 12-byte ICV of pkt (an AH packet, IP header of ihl bytes) with key. */
static bool compute_icv(const uint8_t *pkt, size_t len, size_t ihl, const char *key, uint8_t icv[VRRP_AH_ICV_LEN])
{
	uint8_t buf[4096];
	if (len > sizeof(buf) || len < ihl + VRRP_AH_LEN)
		return false;
	memcpy(buf, pkt, len);
	buf[1] = 0;                      /* TOS */
	put16(buf + 6, 0);               /* flags, fragment offset */
	put16(buf + 10, 0);              /* header checksum */
	memset(buf + ihl + AH_ICV_OFF, 0, VRRP_AH_ICV_LEN);
	uint8_t md[EVP_MAX_MD_SIZE];
	size_t mdlen = 0;
	size_t klen = strnlen(key, VRRP_AUTH_LEN);
	if (!EVP_Q_mac(NULL, "HMAC", NULL, "MD5", NULL, key, klen, buf, len, md, sizeof(md), &mdlen) ||
	    mdlen < VRRP_AH_ICV_LEN)
		return false;
	memcpy(icv, md, VRRP_AH_ICV_LEN);
	return true;
}

size_t vrrp_ah_wrap(const uint8_t *in, size_t len, uint8_t *out, size_t cap, uint32_t seq, const char *key)
{
	if (len < IP_HDR_LEN || in[0] != 0x45 || in[9] != VRRP_PROTO || cap < len + VRRP_AH_LEN ||
	    get16(in + 2) != len)
		return 0;
	size_t total = len + VRRP_AH_LEN;
	memcpy(out, in, IP_HDR_LEN);
	out[9] = VRRP_AH_PROTO;
	put16(out + 2, (uint16_t)total);
	uint8_t *ah = out + IP_HDR_LEN;
	memset(ah, 0, VRRP_AH_LEN);
	ah[0] = VRRP_PROTO;                       /* next header */
	ah[1] = (VRRP_AH_LEN >> 2) - 2;           /* payload length: 4 */
	memcpy(ah + 4, in + 12, 4);               /* SPI: the source address */
	ah[8] = seq >> 24;
	ah[9] = (seq >> 16) & 0xff;
	ah[10] = (seq >> 8) & 0xff;
	ah[11] = seq & 0xff;
	memcpy(out + IP_HDR_LEN + VRRP_AH_LEN, in + IP_HDR_LEN, len - IP_HDR_LEN);
	uint8_t icv[VRRP_AH_ICV_LEN];
	if (!compute_icv(out, total, IP_HDR_LEN, key, icv))
		return 0;
	memcpy(ah + AH_ICV_OFF, icv, VRRP_AH_ICV_LEN);
	put16(out + 10, 0);
	put16(out + 10, inet_csum(out, IP_HDR_LEN, 0));
	return total;
}

bool vrrp_ah_is_ah(const uint8_t *pkt, size_t len)
{
	return len >= IP_HDR_LEN && pkt[0] >> 4 == 4 && pkt[9] == VRRP_AH_PROTO;
}

bool vrrp_ah_unwrap(const uint8_t *pkt, size_t len, uint8_t *out, size_t cap, size_t *out_len, uint32_t *seq)
{
	if (!vrrp_ah_is_ah(pkt, len))
		return false;
	size_t ihl = (size_t)(pkt[0] & 0x0f) * 4;
	size_t tot = get16(pkt + 2);
	if (ihl < IP_HDR_LEN || tot > len || tot < ihl + VRRP_AH_LEN)
		return false;
	const uint8_t *ah = pkt + ihl;
	if (ah[0] != VRRP_PROTO || ah[1] != (VRRP_AH_LEN >> 2) - 2)
		return false;
	size_t n = tot - VRRP_AH_LEN;
	if (cap < n)
		return false;
	memcpy(out, pkt, ihl);
	out[9] = VRRP_PROTO;
	put16(out + 2, (uint16_t)n);
	memcpy(out + ihl, ah + VRRP_AH_LEN, tot - ihl - VRRP_AH_LEN);
	*out_len = n;
	*seq = (uint32_t)ah[8] << 24 | (uint32_t)ah[9] << 16 | (uint32_t)ah[10] << 8 | ah[11];
	return true;
}

bool vrrp_ah_verify(const uint8_t *pkt, size_t len, const char *key)
{
	if (!vrrp_ah_is_ah(pkt, len))
		return false;
	size_t ihl = (size_t)(pkt[0] & 0x0f) * 4;
	size_t tot = get16(pkt + 2);
	if (tot > len || tot < ihl + VRRP_AH_LEN)
		return false;
	uint8_t icv[VRRP_AH_ICV_LEN];
	if (!compute_icv(pkt, tot, ihl, key, icv))
		return false;
	return memcmp(icv, pkt + ihl + AH_ICV_OFF, VRRP_AH_ICV_LEN) == 0;
}
