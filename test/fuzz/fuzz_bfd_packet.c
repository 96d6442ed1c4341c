/* fuzz_bfd_packet.c - BFD control packets from the network (RFC 5880 4.1):
 * bfd_pkt_parse() on any bytes, then the session FSM and the timers fed
 * with what it accepted. Invariants: an accepted packet has version 1, a
 * non-zero detect multiplier and My Discriminator, no M or A bit, a
 * Length within what was received; built again it parses to the same
 * fields (the Length of a 24-byte packet included); the FSM only ever
 * yields the four states. */
#include "fuzz.h"
#include "bfd_proto.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bfd_pkt p;
	if (bfd_pkt_parse(data, size, &p) != BFD_RX_OK)
		return 0;
	fuzz_assert(p.version == BFD_VERSION && p.detect_mult && p.my_discr && !p.multipoint && !p.auth);
	fuzz_assert(p.length >= BFD_PKT_LEN && p.length <= size);
	fuzz_assert(p.your_discr || p.state == BFD_DOWN || p.state == BFD_ADMIN_DOWN);
	uint8_t b[BFD_PKT_LEN];
	bfd_pkt_build(&p, b);
	struct bfd_pkt q;
	fuzz_assert(bfd_pkt_parse(b, sizeof(b), &q) == BFD_RX_OK);
	q.length = p.length;
	fuzz_assert(memcmp(&p, &q, sizeof(p)) == 0);
	if (p.length == BFD_PKT_LEN)
		fuzz_assert(memcmp(b, data, BFD_PKT_LEN) == 0);
	for (unsigned s = BFD_ADMIN_DOWN; s <= BFD_UP; s++) {
		struct bfd_step st = bfd_fsm_step((enum bfd_state)s, bfd_fsm_rx_event(p.state));
		fuzz_assert(st.state <= BFD_UP);
	}
	struct bfd_timers_in in = { .local_state = (enum bfd_state)p.state, .local_min_tx_us = p.min_tx_us,
				    .local_idle_tx_us = p.min_rx_us, .local_min_rx_us = p.min_echo_rx_us,
				    .remote_min_tx_us = p.min_tx_us, .remote_min_rx_us = p.min_rx_us,
				    .remote_mult = p.detect_mult };
	struct bfd_timers t = bfd_timers_calc(&in);
	fuzz_assert(t.detect_us <= (uint64_t)255 * UINT32_MAX);
	fuzz_assert(bfd_jitter(t.tx_us, p.detect_mult, p.my_discr) <= t.tx_us);
	return 0;
}
