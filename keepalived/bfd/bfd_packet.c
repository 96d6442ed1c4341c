/* bfd_packet.c - the BFD control packet (RFC 5880 4.1): building it and
 * the receive checks of 6.8.6 that need no session. Pure code.
 *
 *  0                   1                   2                   3
 *  |Vers |  Diag   |Sta|P|F|C|A|D|M|  Detect Mult  |    Length     |
 *  |                       My Discriminator                        |
 *  |                      Your Discriminator                       |
 *  |                    Desired Min TX Interval                    |
 *  |                   Required Min RX Interval                    |
 *  |                 Required Min Echo RX Interval                 |
 */
#include "bfd_proto.h"
#include "netbytes.h"

#include <arpa/inet.h>
#include <string.h>

#define F_POLL   0x20
#define F_FINAL  0x10
#define F_CPI    0x08
#define F_AUTH   0x04
#define F_DEMAND 0x02
#define F_MULTI  0x01


/* Contract: see bfd_proto.h. */
void bfd_pkt_build(const struct bfd_pkt *p, uint8_t buf[BFD_PKT_LEN])
{
	buf[0] = (uint8_t)(BFD_VERSION << 5 | (p->diag & 0x1f));
	buf[1] = (uint8_t)((p->state & 3) << 6 | (p->poll ? F_POLL : 0) | (p->final ? F_FINAL : 0) |
			   (p->cpi ? F_CPI : 0) | (p->auth ? F_AUTH : 0) | (p->demand ? F_DEMAND : 0) |
			   (p->multipoint ? F_MULTI : 0));
	buf[2] = p->detect_mult;
	buf[3] = BFD_PKT_LEN;
	put32(buf + 4, p->my_discr);
	put32(buf + 8, p->your_discr);
	put32(buf + 12, p->min_tx_us);
	put32(buf + 16, p->min_rx_us);
	put32(buf + 20, p->min_echo_rx_us);
}

/* Contract: see bfd_proto.h. */
enum bfd_rx_err bfd_pkt_parse(const uint8_t *buf, size_t len, struct bfd_pkt *p)
{
	memset(p, 0, sizeof(*p));
	if (len < BFD_PKT_LEN)
		return BFD_RX_SHORT;
	p->version = buf[0] >> 5;
	p->diag = buf[0] & 0x1f;
	p->state = buf[1] >> 6;
	p->poll = buf[1] & F_POLL;
	p->final = buf[1] & F_FINAL;
	p->cpi = buf[1] & F_CPI;
	p->auth = buf[1] & F_AUTH;
	p->demand = buf[1] & F_DEMAND;
	p->multipoint = buf[1] & F_MULTI;
	p->detect_mult = buf[2];
	p->length = buf[3];
	p->my_discr = get32(buf + 4);
	p->your_discr = get32(buf + 8);
	p->min_tx_us = get32(buf + 12);
	p->min_rx_us = get32(buf + 16);
	p->min_echo_rx_us = get32(buf + 20);
	if (p->version != BFD_VERSION)
		return BFD_RX_VERSION;
	if (p->length < (p->auth ? 26 : BFD_PKT_LEN))
		return BFD_RX_LENGTH;
	if (p->length > len)
		return BFD_RX_SHORT;
	if (p->detect_mult == 0)
		return BFD_RX_MULT;
	if (p->multipoint)
		return BFD_RX_MULTIPOINT;
	if (p->my_discr == 0)
		return BFD_RX_MY_DISCR;
	if (p->your_discr == 0 && p->state != BFD_DOWN && p->state != BFD_ADMIN_DOWN)
		return BFD_RX_YOUR_DISCR;
	if (p->auth)
		return BFD_RX_AUTH;
	return BFD_RX_OK;
}

const char *bfd_rx_err_str(enum bfd_rx_err e)
{
	static const char *const s[BFD_RX_ERR_MAX] = {
		[BFD_RX_OK] = "ok", [BFD_RX_SHORT] = "truncated", [BFD_RX_VERSION] = "version is not 1",
		[BFD_RX_LENGTH] = "length field too small", [BFD_RX_MULT] = "detect multiplier 0",
		[BFD_RX_MULTIPOINT] = "multipoint bit set", [BFD_RX_MY_DISCR] = "my discriminator 0",
		[BFD_RX_YOUR_DISCR] = "your discriminator 0 in state Init/Up",
		[BFD_RX_AUTH] = "authentication bit set, but no authentication is in use",
	};
	return (unsigned)e < BFD_RX_ERR_MAX ? s[e] : "?";
}

const char *bfd_state_str(unsigned state)
{
	static const char *const s[] = { "AdminDown", "Down", "Init", "Up" };
	return state < 4 ? s[state] : "?";
}

const char *bfd_diag_str(unsigned diag)
{
	static const char *const s[] = {
		"No Diagnostic", "Control Detection Time Expired", "Echo Function Failed",
		"Neighbor Signaled Session Down", "Forwarding Plane Reset", "Path Down",
		"Concatenated Path Down", "Administratively Down", "Reverse Concatenated Path Down",
	};
	return diag < sizeof(s) / sizeof(s[0]) ? s[diag] : "Unknown";
}
