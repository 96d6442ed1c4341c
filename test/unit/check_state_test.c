/* check_state_test.c - retry / rise / fall / quorum / hysteresis and the
 * IPVS wishes of real and sorry servers, as pure logic. */
#include "check_rs_state.h"
#include "unit.h"

TEST(retry_semantics)
{
	/* retry 2 => fall 3: down after the third consecutive failure */
	struct chk_state s;
	chk_state_init(&s, 1, 3, false);
	CHECK(s.up);
	CHECK(!chk_state_feed(&s, true));   /* (the first attempt, see below) */
	CHECK(!chk_state_feed(&s, false));
	CHECK(chk_state_retrying(&s));
	CHECK_EQ_INT(chk_next_delay_ms(&s, 6000, 1000), 1000);
	CHECK(!chk_state_feed(&s, false));
	CHECK(chk_state_feed(&s, false));
	CHECK(!s.up);
	CHECK(!chk_state_retrying(&s));
	CHECK_EQ_INT(chk_next_delay_ms(&s, 6000, 1000), 6000);
	/* one success brings it back (rise 1) */
	CHECK(chk_state_feed(&s, true));
	CHECK(s.up);
}

TEST(success_resets_failures)
{
	struct chk_state s;
	chk_state_init(&s, 1, 2, false);
	chk_state_feed(&s, true);
	chk_state_feed(&s, false);
	chk_state_feed(&s, true);
	CHECK(!chk_state_feed(&s, false));
	CHECK(s.up);
	CHECK(chk_state_feed(&s, false));
	CHECK(!s.up);
}

TEST(first_attempt_failure_is_final)
{
	/* keepalived 2.2.7: a server down at start is removed at the first
	 * failed attempt, without retries */
	struct chk_state s;
	chk_state_init(&s, 1, 3, false);
	CHECK(chk_state_feed(&s, false));
	CHECK(!s.up);
	CHECK(!chk_state_retrying(&s));
	/* a check new in a reload (first cleared) retries as usual */
	chk_state_init(&s, 1, 3, false);
	s.first = false;
	CHECK(!chk_state_feed(&s, false));
	CHECK(s.up);
	/* alpha: down anyway, up at rise successes */
	chk_state_init(&s, 1, 3, true);
	CHECK(!chk_state_feed(&s, false));
	CHECK(chk_state_feed(&s, true));
}

TEST(rise_fall)
{
	struct chk_state s;
	chk_state_init(&s, 3, 2, true);   /* alpha: starts down */
	CHECK(!s.up);
	CHECK(!chk_state_feed(&s, true));
	CHECK(!chk_state_feed(&s, true));
	CHECK(!chk_state_feed(&s, false)); /* streak broken */
	CHECK(!chk_state_feed(&s, true));
	CHECK(!chk_state_feed(&s, true));
	CHECK(chk_state_feed(&s, true));
	CHECK(s.up);
	CHECK(!chk_state_feed(&s, false));
	CHECK(chk_state_feed(&s, false));
	CHECK(!s.up);
}

TEST(quorum_hysteresis)
{
	/* quorum 3, hysteresis 1: lost below 2, regained at 4 */
	CHECK(quorum_eval(true, 3, 3, 1));
	CHECK(quorum_eval(true, 2, 3, 1));
	CHECK(!quorum_eval(true, 1, 3, 1));
	CHECK(!quorum_eval(false, 3, 3, 1));
	CHECK(quorum_eval(false, 4, 3, 1));
	/* no hysteresis */
	CHECK(!quorum_eval(true, 0, 1, 0));
	CHECK(quorum_eval(false, 1, 1, 0));
	/* hysteresis larger than quorum: up while some weight lives; none at
	 * all loses quorum (keepalived 2.2.7's update_quorum_state()) */
	CHECK(quorum_eval(true, 1, 1, 5));
	CHECK(!quorum_eval(true, 0, 1, 5));
	CHECK(!quorum_eval(true, 0, 0, 0));
	CHECK(quorum_eval(false, 0, 0, 0));
}

TEST(desired)
{
	struct rs_want w = rs_desired(true, 5, false, false);
	CHECK(w.present);
	CHECK_EQ_INT(w.weight, 5);
	w = rs_desired(false, 5, false, false);
	CHECK(!w.present);
	w = rs_desired(false, 5, true, false);
	CHECK(w.present);
	CHECK_EQ_INT(w.weight, 0);
	w = rs_desired(true, 5, false, true);   /* sorry server took over */
	CHECK(!w.present);
	w = sorry_desired(true, 1, false);
	CHECK(w.present);
	CHECK_EQ_INT(w.weight, 1);
	w = sorry_desired(false, 1, false);
	CHECK(!w.present);
	w = sorry_desired(false, 1, true);
	CHECK(w.present);
	CHECK_EQ_INT(w.weight, 0);
}

TEST(misc_exit_codes)
{
	int32_t wt;
	CHECK(misc_exit_verdict(0, false, &wt));
	CHECK_EQ_INT(wt, -1);
	CHECK(!misc_exit_verdict(1, false, &wt));
	CHECK(!misc_exit_verdict(7, false, &wt));
	CHECK(misc_exit_verdict(0, true, &wt));
	CHECK_EQ_INT(wt, -1);
	CHECK(!misc_exit_verdict(1, true, &wt));
	CHECK(misc_exit_verdict(12, true, &wt));
	CHECK_EQ_INT(wt, 10);
	CHECK(misc_exit_verdict(2, true, &wt));
	CHECK_EQ_INT(wt, 0);
	CHECK(misc_exit_verdict(255, true, &wt));
	CHECK_EQ_INT(wt, 253);
}

int main(void)
{
	RUN(retry_semantics);
	RUN(success_resets_failures);
	RUN(first_attempt_failure_is_final);
	RUN(rise_fall);
	RUN(quorum_hysteresis);
	RUN(desired);
	RUN(misc_exit_codes);
	return unit_summary();
}
