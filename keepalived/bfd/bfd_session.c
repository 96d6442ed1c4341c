/* bfd_session.c - one BFD session at run time (RFC 5880 asynchronous
 * mode): the packets it sends on its transmit timer, a received packet
 * applied to it (remote values, poll/final, the FSM of bfd_fsm.c), its
 * detection timer. Every state change goes through set_state().
 */
#include "bfd.h"
#include "log.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void tx_fired(void *arg);
static void detect_fired(void *arg);

/* Contract: see bfd.h. */
uint32_t bfd_new_discr(const struct bfd_child *c)
{
	for (;;) {
		uint32_t d = (uint32_t)random() ^ ((uint32_t)random() << 16);
		bool used = d == 0;
		for (const struct bfd_session *s = c->sessions; s && !used; s = s->next)
			used = s->local_discr == d;
		if (!used)
			return d;
	}
}

/* The timers for the current state and what the remote said. */
static void recalc(struct bfd_session *s)
{
	struct bfd_timers_in in = {
		.local_state = s->state,
		.local_min_tx_us = s->conf.min_tx_us,
		.local_idle_tx_us = s->conf.idle_tx_us,
		.local_min_rx_us = s->conf.min_rx_us,
		.remote_min_tx_us = s->remote_min_tx_us,
		.remote_min_rx_us = s->remote_min_rx_us,
		.remote_mult = s->remote_mult,
		.hold = s->hold,
	};
	s->t = bfd_timers_calc(&in);
}

/* Send one control packet now; final answers a poll (and never carries P). */
static void send_pkt(struct bfd_session *s, bool final)
{
	if (s->fd < 0)   /* e.g. source_ip not (yet) on an interface */
		s->fd = bfd_net_open_out(&s->conf, &s->src_port, true);
	if (s->fd < 0) {
		s->n_tx_err++;
		return;
	}
	struct bfd_pkt p = {
		.diag = s->diag,
		.state = (uint8_t)s->state,
		.poll = s->poll && !final,
		.final = final,
		.detect_mult = s->conf.multiplier,
		.my_discr = s->local_discr,
		.your_discr = s->remote_discr,
		.min_tx_us = s->t.desired_tx_us,
		.min_rx_us = s->conf.min_rx_us,
	};
	uint8_t buf[BFD_PKT_LEN];
	bfd_pkt_build(&p, buf);
	if (bfd_net_send(s, buf, sizeof(buf)))
		s->n_tx++;
	else
		s->n_tx_err++;
}

/* (Re)arm the transmit timer: jittered tx interval; none while passive
 * and nothing was heard, nor when the remote asks for no packets. */
static void schedule_tx(struct bfd_session *s)
{
	struct loop *loop = s->child->loop;
	if ((s->conf.passive && !s->heard) || s->t.tx_us == 0 || s->state == BFD_ADMIN_DOWN) {
		timer_stop(loop, &s->tx_timer);
		return;
	}
	timer_start(loop, &s->tx_timer, bfd_jitter(s->t.tx_us, s->conf.multiplier, (uint32_t)random()));
}

static void tx_fired(void *arg)
{
	struct bfd_session *s = arg;
	send_pkt(s, false);
	schedule_tx(s);
}

/* Our Desired Min TX was old_tx_us and Required Min RX old_rx_us; when Up
 * and either changed, start a poll sequence that holds the values in use
 * until it ends (RFC 5880 6.8.3). True when one was started. */
static bool start_poll(struct bfd_session *s, uint32_t old_tx_us, uint32_t old_rx_us)
{
	if (s->state != BFD_UP || (s->t.desired_tx_us == old_tx_us && s->conf.min_rx_us == old_rx_us))
		return false;
	s->poll = true;
	s->hold = bfd_hold_start(s->hold, old_tx_us, s->t.desired_tx_us, old_rx_us, s->conf.min_rx_us);
	recalc(s);
	return true;
}

/* The one place a session changes state: log, report, timers. A new
 * Desired Min TX while Up (going Up: idle_tx -> min_tx) starts a poll
 * sequence (RFC 5880 6.8.3); leaving Up ends it. */
static void set_state(struct bfd_session *s, struct bfd_step st)
{
	if (!st.changed)
		return;
	enum bfd_state old = s->state;
	s->state = st.state;
	if (!st.keep_diag)
		s->diag = (uint8_t)st.diag;
	s->last_change_wall = wall_now();
	uint32_t old_tx = s->t.desired_tx_us;
	if (s->state != BFD_UP) {
		s->poll = false;
		s->hold = (struct bfd_hold){ 0, 0 };
	}
	recalc(s);
	if (s->state == BFD_UP) {
		s->n_up++;
		start_poll(s, old_tx, s->conf.min_rx_us);
	} else if (old == BFD_UP) {
		s->n_down++;
	}
	log_info("BFD_Instance(%s) Entering %s state (from %s; local diagnostic: %s, remote diagnostic: %s)",
		 s->conf.name, bfd_state_str(s->state), bfd_state_str(old), bfd_diag_str(s->diag),
		 bfd_diag_str(s->remote_diag));
	bfd_child_state_changed(s->child, s);
	if (s->state != BFD_ADMIN_DOWN) {
		send_pkt(s, false);   /* tell the neighbour at once */
		schedule_tx(s);
	}
}

/* No valid packet for the detection time: the remote is forgotten first
 * (RFC 5880 6.8.1: bfd.RemoteDiscr MUST be set to zero), so the Down packet
 * that follows carries Your Discriminator 0; Init/Up go Down. Our own
 * bfd.LocalDiscr stays: 6.8.1 initializes state variables only when the
 * session is created, never when it fails (keepalived 2.2.7 draws a new
 * one a detection time after Down). */
static void detect_fired(void *arg)
{
	struct bfd_session *s = arg;
	s->remote_discr = 0;
	s->remote_mult = 0;
	s->remote_state = BFD_DOWN;
	s->remote_min_rx_us = s->remote_min_tx_us = 0;
	recalc(s);
	set_state(s, bfd_fsm_step(s->state, BFD_EV_TIMER));
	schedule_tx(s);
}

/* Contract: see bfd.h. */
struct bfd_session *bfd_session_new(struct bfd_child *c, const struct bfd_instance_conf *conf)
{
	struct bfd_session *s = xcalloc(1, sizeof(*s));
	s->child = c;
	conf_fields_copy(&bfd_instance_conf_desc, &s->conf, conf);
	s->local_discr = bfd_new_discr(c);
	s->state = BFD_ADMIN_DOWN;
	s->remote_state = BFD_DOWN;
	timer_init(&s->tx_timer, tx_fired, s);
	timer_init(&s->detect_timer, detect_fired, s);
	s->fd = bfd_net_open_out(&s->conf, &s->src_port, false);
	recalc(s);
	set_state(s, bfd_fsm_step(s->state, BFD_EV_ADMIN_UP));
	return s;
}

/* Contract: see bfd.h. */
void bfd_session_update(struct bfd_session *s, const struct bfd_instance_conf *conf)
{
	uint32_t old_tx = s->t.desired_tx_us, old_rx = s->conf.min_rx_us;
	conf_fields_free(&bfd_instance_conf_desc, &s->conf);
	conf_fields_copy(&bfd_instance_conf_desc, &s->conf, conf);
	recalc(s);
	if (start_poll(s, old_tx, old_rx)) {
		log_info("BFD_Instance(%s) new timers: min_tx %u us, min_rx %u us, multiplier %u (poll sequence)",
			 s->conf.name, s->conf.min_tx_us, s->conf.min_rx_us, s->conf.multiplier);
		send_pkt(s, false);
	}
	schedule_tx(s);
}

/* Contract: see bfd.h. */
void bfd_session_stop(struct bfd_session *s)
{
	struct loop *loop = s->child->loop;
	set_state(s, bfd_fsm_step(s->state, BFD_EV_ADMIN_DOWN));
	send_pkt(s, false);
	timer_stop(loop, &s->tx_timer);
	timer_stop(loop, &s->detect_timer);
	if (s->fd >= 0)
		close(s->fd);
	conf_fields_free(&bfd_instance_conf_desc, &s->conf);
	free(s);
}

/* Contract: see bfd.h. RFC 5880 6.8.6 from "If the A bit is clear" on. */
void bfd_session_rx(struct bfd_session *s, const struct bfd_pkt *p)
{
	if (s->state == BFD_ADMIN_DOWN)
		return;
	s->n_rx++;
	s->heard = true;
	s->last_rx_us = mono_now_us();
	s->remote_discr = p->my_discr;
	s->remote_state = (enum bfd_state)p->state;
	s->remote_diag = p->diag;
	s->remote_demand = p->demand;
	s->remote_min_tx_us = p->min_tx_us;
	s->remote_min_rx_us = p->min_rx_us;
	s->remote_mult = p->detect_mult;
	if (p->final) {   /* the poll sequence ends: the new values apply */
		s->poll = false;
		s->hold = (struct bfd_hold){ 0, 0 };
	}
	recalc(s);
	struct loop *loop = s->child->loop;
	if (s->t.detect_us)
		timer_start(loop, &s->detect_timer, s->t.detect_us);
	enum bfd_state before = s->state;
	set_state(s, bfd_fsm_step(s->state, bfd_fsm_rx_event(p->state)));
	if (p->poll)
		send_pkt(s, true);   /* answer at once, F set (6.8.7) */
	/* passive: the first packet heard starts us; a faster pace at once */
	if (s->state == before && (!timer_pending(&s->tx_timer) || timer_remaining(loop, &s->tx_timer) > s->t.tx_us))
		schedule_tx(s);
}
