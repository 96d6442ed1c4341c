/* bfd_proto.h - BFD (RFC 5880, asynchronous mode; RFC 5881 single hop) as
 * pure code, unit-tested in test/unit/bfd_test.c:
 *
 *   bfd/bfd_packet.c  the control packet: build, parse, the checks of RFC
 *                     5880 6.8.6 that need no session
 *   bfd/bfd_fsm.c     the session state machine (a transition table) and
 *                     the timer negotiation (6.8.2-6.8.4)
 *
 * Intervals are microseconds, as on the wire.
 */
#ifndef KA_BFD_PROTO_H
#define KA_BFD_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BFD_PORT          3784      /* RFC 5881 single hop control packets */
#define BFD_SRC_PORT_MIN  49152     /* RFC 5881 4: source ports */
#define BFD_SRC_PORT_MAX  65535
#define BFD_PKT_LEN       24        /* the mandatory section; we send no authentication */
#define BFD_VERSION       1

enum bfd_state {
	BFD_ADMIN_DOWN = 0,
	BFD_DOWN = 1,
	BFD_INIT = 2,
	BFD_UP = 3,
};

enum bfd_diag {
	BFD_DIAG_NONE = 0,
	BFD_DIAG_EXPIRED = 1,          /* Control Detection Time Expired */
	BFD_DIAG_ECHO_FAILED = 2,
	BFD_DIAG_NBR_DOWN = 3,         /* Neighbor Signaled Session Down */
	BFD_DIAG_FWD_RESET = 4,
	BFD_DIAG_PATH_DOWN = 5,
	BFD_DIAG_CONCAT_DOWN = 6,
	BFD_DIAG_ADMIN_DOWN = 7,
	BFD_DIAG_RCONCAT_DOWN = 8,
};

/* A control packet's fields (RFC 5880 4.1), host order. */
struct bfd_pkt {
	uint8_t version, diag;
	uint8_t state;                 /* enum bfd_state */
	bool poll, final, cpi, auth, demand, multipoint;
	uint8_t detect_mult;
	uint8_t length;
	uint32_t my_discr, your_discr;
	uint32_t min_tx_us, min_rx_us, min_echo_rx_us;
};

/* Write p as 24 bytes into buf (length and version are set here). */
void bfd_pkt_build(const struct bfd_pkt *p, uint8_t buf[BFD_PKT_LEN]);

/* Why a received packet is discarded (RFC 5880 6.8.6, the checks that need
 * no session), BFD_RX_OK when it is not. */
enum bfd_rx_err {
	BFD_RX_OK = 0,
	BFD_RX_SHORT,          /* under 24 bytes, or the Length field says more than received */
	BFD_RX_VERSION,
	BFD_RX_LENGTH,         /* Length under 24 (26 with A) */
	BFD_RX_MULT,           /* Detect Mult 0 */
	BFD_RX_MULTIPOINT,
	BFD_RX_MY_DISCR,       /* My Discriminator 0 */
	BFD_RX_YOUR_DISCR,     /* Your Discriminator 0 while the sender is Up or Init */
	BFD_RX_AUTH,           /* A set: we use no authentication */
	BFD_RX_ERR_MAX
};
/* Parse len bytes into *p and check them. */
enum bfd_rx_err bfd_pkt_parse(const uint8_t *buf, size_t len, struct bfd_pkt *p);
const char *bfd_rx_err_str(enum bfd_rx_err e);
const char *bfd_state_str(unsigned state);   /* "AdminDown", "Down", "Init", "Up" */
const char *bfd_diag_str(unsigned diag);

/* ---- the session state machine (bfd_fsm.c) --------------------------------------- */

enum bfd_event {
	BFD_EV_RX_ADMIN_DOWN,   /* a packet with State AdminDown */
	BFD_EV_RX_DOWN,
	BFD_EV_RX_INIT,
	BFD_EV_RX_UP,
	BFD_EV_TIMER,           /* the detection time passed without a packet */
	BFD_EV_ADMIN_DOWN,      /* we take the session down (removed, stopping) */
	BFD_EV_ADMIN_UP,        /* we start it */
	BFD_EV_MAX
};

/* The result of an event: the new state and the diagnostic to send
 * (changed is false when the state stays; keep_diag: the last diagnostic
 * stays, diag is then meaningless). */
struct bfd_step {
	enum bfd_state state;
	enum bfd_diag diag;
	bool changed;
	bool keep_diag;
};
/* RFC 5880 6.8.6 / 6.8.4 / 6.8.16 as a table: state x event. */
struct bfd_step bfd_fsm_step(enum bfd_state cur, enum bfd_event ev);
/* The receive event a remote state stands for. */
enum bfd_event bfd_fsm_rx_event(unsigned remote_state);
const char *bfd_event_str(enum bfd_event ev);

/* ---- timers (bfd_fsm.c) -------------------------------------------------------------- */

/* What one side says (its last packet) and what we configured. */
struct bfd_timers_in {
	enum bfd_state local_state;
	uint32_t local_min_tx_us;      /* configured min_tx (while Up) */
	uint32_t local_idle_tx_us;     /* configured idle_tx (while not Up, at least 1 s) */
	uint32_t local_min_rx_us;
	uint32_t remote_min_tx_us;     /* 0 = nothing received yet */
	uint32_t remote_min_rx_us;
	uint8_t remote_mult;
	struct bfd_hold {              /* RFC 5880 6.8.3: values still in use while a */
		uint32_t tx_us;        /* poll sequence for new ones runs: our Desired */
		uint32_t min_rx_us;    /* Min TX and Required Min RX (0 = the new value) */
	} hold;
};
struct bfd_timers {
	uint32_t desired_tx_us;        /* what we put in Desired Min TX */
	uint32_t tx_us;                /* our transmit interval, before jitter */
	uint64_t detect_us;            /* remote mult x agreed receive interval; 0 = none yet */
};
/* RFC 5880 6.8.2-6.8.4: Desired Min TX is min_tx while Up, idle_tx
 * otherwise; we send every max(desired tx, remote Required Min RX) (never
 * when the remote's Required Min RX is 0), and declare the session down
 * after remote Detect Mult x max(our Required Min RX, remote Desired Min TX). */
struct bfd_timers bfd_timers_calc(const struct bfd_timers_in *in);
/* RFC 5880 6.8.3: we change Desired Min TX (old_tx_us -> new_tx_us) or
 * Required Min RX (old_rx_us -> new_rx_us) while Up and start a poll
 * sequence; cur is the hold of a poll sequence still running. The result
 * keeps the values in use until the sequence ends (a Final is received):
 * a raised Desired Min TX does not slow our transmission yet, a lowered
 * Required Min RX does not shorten the detection time yet; a lowered TX
 * and a raised RX take effect at once. */
struct bfd_hold bfd_hold_start(struct bfd_hold cur, uint32_t old_tx_us, uint32_t new_tx_us,
			       uint32_t old_rx_us, uint32_t new_rx_us);
/* An interval with RFC 5880 6.8.7 jitter: 75-100% of tx_us (75-90% when
 * detect_mult is 1); r is a random number. */
uint64_t bfd_jitter(uint64_t tx_us, uint8_t detect_mult, uint32_t r);

#endif
