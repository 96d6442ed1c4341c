/* bfd_fsm.c - the BFD session state machine as a table (RFC 5880 6.2,
 * 6.8.6, 6.8.16) and the timer negotiation (6.8.2-6.8.4, 6.8.7). Pure code.
 */
#include "bfd_proto.h"

#define S(x) (1u << (x))
#define KEEP_DIAG 0xff

/* When in one of the states of mask, event ev leads to state to, with
 * diagnostic diag (KEEP_DIAG: the last one stays). An event with no row
 * leaves the state as it is. */
struct fsm_row {
	unsigned mask;
	enum bfd_event ev;
	enum bfd_state to;
	uint8_t diag;
};

static const struct fsm_row fsm[] = {
	{ S(BFD_ADMIN_DOWN), BFD_EV_ADMIN_UP, BFD_DOWN, BFD_DIAG_NONE },
	{ S(BFD_DOWN) | S(BFD_INIT) | S(BFD_UP), BFD_EV_ADMIN_DOWN, BFD_ADMIN_DOWN, BFD_DIAG_ADMIN_DOWN },
	{ S(BFD_INIT) | S(BFD_UP), BFD_EV_RX_ADMIN_DOWN, BFD_DOWN, BFD_DIAG_NBR_DOWN },
	{ S(BFD_DOWN), BFD_EV_RX_DOWN, BFD_INIT, KEEP_DIAG },
	{ S(BFD_UP), BFD_EV_RX_DOWN, BFD_DOWN, BFD_DIAG_NBR_DOWN },
	{ S(BFD_DOWN) | S(BFD_INIT), BFD_EV_RX_INIT, BFD_UP, BFD_DIAG_NONE },
	{ S(BFD_INIT), BFD_EV_RX_UP, BFD_UP, BFD_DIAG_NONE },
	{ S(BFD_INIT) | S(BFD_UP), BFD_EV_TIMER, BFD_DOWN, BFD_DIAG_EXPIRED },
};

/* Contract: see bfd_proto.h. */
struct bfd_step bfd_fsm_step(enum bfd_state cur, enum bfd_event ev)
{
	struct bfd_step r = { cur, BFD_DIAG_NONE, false, true };
	for (size_t i = 0; i < sizeof(fsm) / sizeof(fsm[0]); i++) {
		if (fsm[i].ev != ev || !(fsm[i].mask & S(cur)))
			continue;
		r.state = fsm[i].to;
		r.changed = true;
		r.keep_diag = fsm[i].diag == KEEP_DIAG;
		if (!r.keep_diag)
			r.diag = (enum bfd_diag)fsm[i].diag;
		return r;
	}
	return r;
}

enum bfd_event bfd_fsm_rx_event(unsigned remote_state)
{
	switch (remote_state) {
	case BFD_ADMIN_DOWN: return BFD_EV_RX_ADMIN_DOWN;
	case BFD_DOWN: return BFD_EV_RX_DOWN;
	case BFD_INIT: return BFD_EV_RX_INIT;
	default: return BFD_EV_RX_UP;
	}
}

const char *bfd_event_str(enum bfd_event ev)
{
	static const char *const s[BFD_EV_MAX] = {
		"received AdminDown", "received Down", "received Init", "received Up",
		"detection time expired", "administratively down", "administratively up",
	};
	return (unsigned)ev < BFD_EV_MAX ? s[ev] : "?";
}

static uint32_t max32(uint32_t a, uint32_t b) { return a > b ? a : b; }

/* Contract: see bfd_proto.h. */
struct bfd_timers bfd_timers_calc(const struct bfd_timers_in *in)
{
	struct bfd_timers t;
	t.desired_tx_us = in->local_state == BFD_UP ? in->local_min_tx_us : in->local_idle_tx_us;
	if (in->local_state != BFD_UP && t.desired_tx_us < 1000000)
		t.desired_tx_us = 1000000;   /* RFC 5880 6.8.3: at least 1 s while not Up */
	uint32_t use_tx = in->hold.tx_us ? in->hold.tx_us : t.desired_tx_us;
	uint32_t use_rx = in->hold.min_rx_us ? in->hold.min_rx_us : in->local_min_rx_us;
	if (in->remote_mult == 0)   /* nothing heard: our own pace */
		t.tx_us = use_tx;
	else if (in->remote_min_rx_us == 0)
		t.tx_us = 0;   /* the remote wants no periodic packets */
	else
		t.tx_us = max32(use_tx, in->remote_min_rx_us);
	t.detect_us = in->remote_mult ? (uint64_t)in->remote_mult * max32(use_rx, in->remote_min_tx_us) : 0;
	return t;
}

/* Contract: see bfd_proto.h. */
struct bfd_hold bfd_hold_start(struct bfd_hold cur, uint32_t old_tx_us, uint32_t new_tx_us,
			       uint32_t old_rx_us, uint32_t new_rx_us)
{
	uint32_t tx_in_use = cur.tx_us ? cur.tx_us : old_tx_us;
	uint32_t rx_in_use = cur.min_rx_us ? cur.min_rx_us : old_rx_us;
	struct bfd_hold h = {
		.tx_us = new_tx_us > tx_in_use ? tx_in_use : 0,
		.min_rx_us = new_rx_us < rx_in_use ? rx_in_use : 0,
	};
	return h;
}

/* Contract: see bfd_proto.h. */
uint64_t bfd_jitter(uint64_t tx_us, uint8_t detect_mult, uint32_t r)
{
	unsigned pct = detect_mult == 1 ? 90 - r % 16 : 100 - r % 26;
	return tx_us * pct / 100;
}
