/* rs_state.c - pure check / quorum logic; see check_rs_state.h. */
#include "check_rs_state.h"

void chk_state_init(struct chk_state *s, uint32_t rise, uint32_t fall, bool alpha)
{
	s->rise = rise ? rise : 1;
	s->fall = fall ? fall : 1;
	s->up = !alpha;
	s->ok_streak = 0;
	s->fail_streak = 0;
	s->first = true;
}

bool chk_state_feed(struct chk_state *s, bool ok)
{
	bool was = s->up, first = s->first;
	s->first = false;
	if (ok) {
		s->fail_streak = 0;
		if (s->ok_streak < UINT32_MAX)
			s->ok_streak++;
		if (!s->up && s->ok_streak >= s->rise)
			s->up = true;
	} else {
		s->ok_streak = 0;
		if (s->fail_streak < UINT32_MAX)
			s->fail_streak++;
		if (s->up && (s->fail_streak >= s->fall || first))
			s->up = false;
	}
	return was != s->up;
}

bool chk_state_retrying(const struct chk_state *s)
{
	return s->up && s->fail_streak > 0;
}

uint32_t chk_next_delay_ms(const struct chk_state *s, uint32_t delay_loop_ms, uint32_t delay_before_retry_ms)
{
	return chk_state_retrying(s) ? delay_before_retry_ms : delay_loop_ms;
}

bool quorum_eval(bool cur_up, int64_t live_weight, uint32_t quorum, uint32_t hysteresis)
{
	/* as keepalived 2.2.7: no live weight at all loses quorum, whatever
	 * the hysteresis */
	if (cur_up)
		return live_weight > 0 && live_weight >= (int64_t)quorum - (int64_t)hysteresis;
	return live_weight >= (int64_t)quorum + (int64_t)hysteresis;
}

struct rs_want sorry_desired(bool active, int32_t weight, bool inhibit)
{
	struct rs_want w = { false, 0 };
	if (active) {
		w.present = true;
		w.weight = weight;
	} else if (inhibit) {
		w.present = true;
		w.weight = 0;
	}
	return w;
}

/* The same rule as the sorry server's: a real server is active while up
 * and no sorry server replaces the pool. */
struct rs_want rs_desired(bool up, int32_t weight, bool inhibit, bool sorry_active)
{
	return sorry_desired(up && !sorry_active, weight, inhibit);
}

bool misc_exit_verdict(int exit_code, bool dynamic, int32_t *weight)
{
	*weight = -1;
	if (exit_code == 0)
		return true;
	if (!dynamic || exit_code == 1 || exit_code < 0 || exit_code > 255)
		return false;
	*weight = exit_code - 2;
	return true;
}
