/* vrrp_fsm_test.c - the transition table and the election decisions. */
#include "vrrp_election.h"
#include "vrrp_fsm.h"
#include "unit.h"

#include <arpa/inet.h>

static enum vrrp_state next(enum vrrp_state s, enum vrrp_event e, bool *ok)
{
	const struct vrrp_transition *t = vrrp_fsm_find(s, e);
	*ok = t != NULL;
	return t ? t->to : s;
}

TEST(table_transitions)
{
	bool ok;
	CHECK_EQ_INT(next(VRRP_STATE_INIT, VRRP_EV_STARTUP, &ok), VRRP_STATE_BACKUP); CHECK(ok);
	CHECK_EQ_INT(next(VRRP_STATE_INIT, VRRP_EV_STARTUP_OWNER, &ok), VRRP_STATE_MASTER); CHECK(ok);
	CHECK_EQ_INT(next(VRRP_STATE_BACKUP, VRRP_EV_MASTER_DOWN, &ok), VRRP_STATE_MASTER); CHECK(ok);
	CHECK_EQ_INT(next(VRRP_STATE_MASTER, VRRP_EV_PREEMPTED, &ok), VRRP_STATE_BACKUP); CHECK(ok);
	CHECK_EQ_INT(next(VRRP_STATE_MASTER, VRRP_EV_IF_DOWN, &ok), VRRP_STATE_FAULT); CHECK(ok);
	CHECK_EQ_INT(next(VRRP_STATE_BACKUP, VRRP_EV_IF_DOWN, &ok), VRRP_STATE_FAULT); CHECK(ok);
	CHECK_EQ_INT(next(VRRP_STATE_FAULT, VRRP_EV_IF_UP, &ok), VRRP_STATE_BACKUP); CHECK(ok);
	CHECK_EQ_INT(next(VRRP_STATE_FAULT, VRRP_EV_IF_UP_OWNER, &ok), VRRP_STATE_MASTER); CHECK(ok);
	/* resuming after a crash: straight from INIT to MASTER, VIPs not removed */
	const struct vrrp_transition *t = vrrp_fsm_find(VRRP_STATE_INIT, VRRP_EV_RESUME);
	CHECK(t && t->to == VRRP_STATE_MASTER && !(t->effects & VRRP_FX_DEL_VIPS));
	for (int s = VRRP_STATE_INIT; s <= VRRP_STATE_FAULT; s++) {
		CHECK_EQ_INT(next((enum vrrp_state)s, VRRP_EV_SHUTDOWN, &ok), VRRP_STATE_STOP);
		CHECK(ok);
	}
}

TEST(meaningless_events_are_refused)
{
	bool ok;
	next(VRRP_STATE_MASTER, VRRP_EV_MASTER_DOWN, &ok); CHECK(!ok);
	next(VRRP_STATE_BACKUP, VRRP_EV_PREEMPTED, &ok); CHECK(!ok);
	next(VRRP_STATE_FAULT, VRRP_EV_MASTER_DOWN, &ok); CHECK(!ok);
	next(VRRP_STATE_MASTER, VRRP_EV_IF_UP, &ok); CHECK(!ok);
	next(VRRP_STATE_STOP, VRRP_EV_STARTUP, &ok); CHECK(!ok);
	next(VRRP_STATE_STOP, VRRP_EV_SHUTDOWN, &ok); CHECK(!ok);
	next(VRRP_STATE_BACKUP, VRRP_EV_RESUME, &ok); CHECK(!ok);
	next(VRRP_STATE_MASTER, VRRP_EV_RESUME, &ok); CHECK(!ok);
}

TEST(table_has_no_ambiguous_rows)
{
	for (unsigned i = 0; i < vrrp_fsm_table_len; i++)
		for (unsigned j = i + 1; j < vrrp_fsm_table_len; j++)
			if (vrrp_fsm_table[i].event == vrrp_fsm_table[j].event)
				CHECK((vrrp_fsm_table[i].from_mask & vrrp_fsm_table[j].from_mask) == 0);
	for (int e = 0; e < VRRP_EV_COUNT; e++)
		CHECK(vrrp_event_name((enum vrrp_event)e)[0] != '?');
}

/* Invariants of the effects column: what every row into or out of a state
 * must do, whatever event brought it there. */
TEST(table_effects_invariants)
{
	for (unsigned i = 0; i < vrrp_fsm_table_len; i++) {
		const struct vrrp_transition *t = &vrrp_fsm_table[i];
		bool from_master = t->from_mask & VRRP_STATE_BIT(VRRP_STATE_MASTER);
		bool from_backup = t->from_mask & VRRP_STATE_BIT(VRRP_STATE_BACKUP);
		if (t->to == VRRP_STATE_MASTER) {
			CHECK(t->effects & VRRP_FX_ADD_VIPS);
			CHECK(t->effects & VRRP_FX_START_ADVERTS);
			CHECK(t->effects & VRRP_FX_GARP);
		} else {
			CHECK(!(t->effects & (VRRP_FX_ADD_VIPS | VRRP_FX_START_ADVERTS | VRRP_FX_GARP)));
		}
		if (t->to == VRRP_STATE_BACKUP)
			CHECK(t->effects & VRRP_FX_START_DOWN_TIMER);
		if (from_master) {
			/* a row leaving MASTER covers MASTER alone, and stops advertising */
			CHECK_EQ_INT(t->from_mask, VRRP_STATE_BIT(VRRP_STATE_MASTER));
			CHECK(t->effects & VRRP_FX_STOP_ADVERTS);
			CHECK(t->effects & VRRP_FX_DEL_VIPS);
		}
		if (from_backup)
			CHECK(t->effects & VRRP_FX_STOP_DOWN_TIMER);
		/* only a master says goodbye: stopping, going FAULT, or losing a VIP;
		 * every row from MASTER to STOP or FAULT does (keepalived 2.2.7) */
		if (t->effects & VRRP_FX_SEND_PRIO0)
			CHECK(from_master && (t->to == VRRP_STATE_STOP || t->to == VRRP_STATE_FAULT ||
					      t->event == VRRP_EV_VIP_LOST));
		if (from_master && (t->to == VRRP_STATE_STOP || t->to == VRRP_STATE_FAULT))
			CHECK(t->effects & VRRP_FX_SEND_PRIO0);
	}
	const struct vrrp_transition *t = vrrp_fsm_find(VRRP_STATE_MASTER, VRRP_EV_SHUTDOWN);
	CHECK(t && (t->effects & VRRP_FX_SEND_PRIO0));
	t = vrrp_fsm_find(VRRP_STATE_BACKUP, VRRP_EV_SHUTDOWN);
	CHECK(t && !(t->effects & VRRP_FX_SEND_PRIO0));
	t = vrrp_fsm_find(VRRP_STATE_MASTER, VRRP_EV_VIP_LOST);
	CHECK(t && t->to == VRRP_STATE_BACKUP && (t->effects & VRRP_FX_SEND_PRIO0) &&
	      (t->effects & VRRP_FX_START_DOWN_TIMER));
	CHECK(vrrp_fsm_find(VRRP_STATE_BACKUP, VRRP_EV_VIP_LOST) == NULL);
}

TEST(timers_rfc_values)
{
	/* v2, priority 100: skew = 156/256 s = 609375 us; down = 3 s + skew. */
	CHECK_EQ_INT(vrrp_skew_us(2, 100, 100), 609375);
	CHECK_EQ_INT(vrrp_master_down_us(2, 100, 100, 3), 3609375);
	/* v3, priority 200, interval 50 cs: skew = 56*50/256 cs = 109375 us. */
	CHECK_EQ_INT(vrrp_skew_us(3, 200, 50), 109375);
	CHECK_EQ_INT(vrrp_master_down_us(3, 200, 50, 3), 1500000 + 109375);
	/* Higher priority waits less. */
	CHECK(vrrp_master_down_us(2, 200, 100, 3) < vrrp_master_down_us(2, 100, 100, 3));
	/* down_timer_adverts 1: one interval + skew */
	CHECK_EQ_INT(vrrp_master_down_us(2, 100, 100, 1), 1609375);
	CHECK_EQ_INT(vrrp_master_down_us(3, 200, 50, 10), 5000000 + 109375);
}

static struct vrrp_rx_view view(enum vrrp_state st, int own, int adv)
{
	struct vrrp_rx_view v = {
		.state = st, .own_priority = (uint8_t)own, .adv_priority = (uint8_t)adv,
		.now_us = 1000000,
	};
	inet_pton(AF_INET, "10.0.0.2", &v.own_addr);
	inet_pton(AF_INET, "10.0.0.1", &v.adv_src);
	return v;
}

TEST(backup_decisions)
{
	uint64_t pt = 0;
	struct vrrp_rx_view v = view(VRRP_STATE_BACKUP, 100, 150);
	CHECK_EQ_INT(vrrp_rx_decide(&v, &pt), VRRP_ACT_FOLLOW);
	v = view(VRRP_STATE_BACKUP, 100, 100);
	CHECK_EQ_INT(vrrp_rx_decide(&v, &pt), VRRP_ACT_FOLLOW);
	v = view(VRRP_STATE_BACKUP, 100, 0);
	CHECK_EQ_INT(vrrp_rx_decide(&v, &pt), VRRP_ACT_MASTER_LEAVING);
	/* lower-priority master, preempt on: ignore it (we take over). */
	v = view(VRRP_STATE_BACKUP, 150, 100);
	CHECK_EQ_INT(vrrp_rx_decide(&v, &pt), VRRP_ACT_IGNORE);
	/* nopreempt: follow it. */
	v.nopreempt = true;
	CHECK_EQ_INT(vrrp_rx_decide(&v, &pt), VRRP_ACT_FOLLOW);
}

TEST(preempt_delay)
{
	uint64_t pt = 0;
	struct vrrp_rx_view v = view(VRRP_STATE_BACKUP, 150, 100);
	v.preempt_delay_us = 5000000;
	CHECK_EQ_INT(vrrp_rx_decide(&v, &pt), VRRP_ACT_FOLLOW);   /* delay starts */
	CHECK_EQ_INT(pt, 6000000);
	v.now_us = 5999999;
	CHECK_EQ_INT(vrrp_rx_decide(&v, &pt), VRRP_ACT_FOLLOW);
	v.now_us = 6000000;
	CHECK_EQ_INT(vrrp_rx_decide(&v, &pt), VRRP_ACT_IGNORE);   /* now we preempt */
	/* A better master resets the delay. */
	struct vrrp_rx_view hi = view(VRRP_STATE_BACKUP, 150, 200);
	hi.preempt_delay_us = 5000000;
	CHECK_EQ_INT(vrrp_rx_decide(&hi, &pt), VRRP_ACT_FOLLOW);
	CHECK_EQ_INT(pt, 0);
}

TEST(master_decisions)
{
	uint64_t pt = 0;
	struct vrrp_rx_view v = view(VRRP_STATE_MASTER, 100, 150);
	CHECK_EQ_INT(vrrp_rx_decide(&v, &pt), VRRP_ACT_STEP_DOWN);
	v = view(VRRP_STATE_MASTER, 150, 100);
	CHECK_EQ_INT(vrrp_rx_decide(&v, &pt), VRRP_ACT_IGNORE);
	v = view(VRRP_STATE_MASTER, 150, 0);
	CHECK_EQ_INT(vrrp_rx_decide(&v, &pt), VRRP_ACT_REASSERT);
	/* Equal priority: the higher address wins. Ours is 10.0.0.2 > 10.0.0.1. */
	v = view(VRRP_STATE_MASTER, 100, 100);
	CHECK_EQ_INT(vrrp_rx_decide(&v, &pt), VRRP_ACT_IGNORE);
	inet_pton(AF_INET, "10.0.0.3", &v.adv_src);
	CHECK_EQ_INT(vrrp_rx_decide(&v, &pt), VRRP_ACT_STEP_DOWN);
	/* FAULT ignores everything. */
	v = view(VRRP_STATE_FAULT, 100, 150);
	CHECK_EQ_INT(vrrp_rx_decide(&v, &pt), VRRP_ACT_IGNORE);
}

int main(void)
{
	RUN(table_transitions);
	RUN(meaningless_events_are_refused);
	RUN(table_has_no_ambiguous_rows);
	RUN(table_effects_invariants);
	RUN(timers_rfc_values);
	RUN(backup_decisions);
	RUN(master_decisions);
	RUN(preempt_delay);
	return unit_summary();
}
