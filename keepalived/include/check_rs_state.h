/* check_rs_state.h - the pure logic of health checking: when a check's
 * verdict flips, when the next attempt runs, whether a virtual server has
 * quorum and what IPVS should hold. No I/O, no clock: unit-tested.
 *
 * keepalived's semantics, with haproxy-style rise/fall as our extension:
 *   - a check that is up goes down after `fall` consecutive failures
 *     (fall defaults to retry + 1); between those attempts it waits
 *     delay_before_retry instead of delay_loop; but a failure of the very
 *     first attempt after start is final (keepalived 2.2.7 starts its
 *     retry count at retry: a server down at start is not retried);
 *   - a check that is down goes up after `rise` consecutive successes
 *     (default 1);
 *   - a real server is up when all its checks are up (no check = up);
 *   - quorum: the sum of the weights of live real servers; quorum is lost
 *     when it drops below quorum - hysteresis and regained when it reaches
 *     quorum + hysteresis.
 */
#ifndef KA_CHECK_RS_STATE_H
#define KA_CHECK_RS_STATE_H

#include <stdbool.h>
#include <stdint.h>

struct chk_state {
	uint32_t rise, fall;          /* thresholds (>= 1) */
	bool up;                      /* the check's verdict */
	uint32_t ok_streak;           /* consecutive successes */
	uint32_t fail_streak;         /* consecutive failures */
	bool first;                   /* no attempt yet: a failure is final */
};

/* Start a check: up unless alpha (then down until rise successes); the
 * first attempt's failure takes it down at once (clear s->first for a
 * check new in a reload: 2.2.7 retries those). */
void chk_state_init(struct chk_state *s, uint32_t rise, uint32_t fall, bool alpha);
/* Feed one attempt's result; returns true when s->up changed. */
bool chk_state_feed(struct chk_state *s, bool ok);
/* True while a failing up check is retrying (use delay_before_retry). */
bool chk_state_retrying(const struct chk_state *s);
/* Delay before the next attempt, in ms. */
uint32_t chk_next_delay_ms(const struct chk_state *s, uint32_t delay_loop_ms, uint32_t delay_before_retry_ms);

/* New quorum state given the current one and the live weight. */
bool quorum_eval(bool cur_up, int64_t live_weight, uint32_t quorum, uint32_t hysteresis);

/* What IPVS should hold for a real server. */
struct rs_want {
	bool present;                 /* in the service */
	int32_t weight;               /* when present */
};
/* up: the real server's verdict; weight: its effective weight;
 * inhibit: inhibit_on_failure; sorry_active: quorum lost and a sorry
 * server replaces the pool. */
struct rs_want rs_desired(bool up, int32_t weight, bool inhibit, bool sorry_active);
/* The sorry server: present while active; with sorry_server_inhibit it stays
 * present with weight 0 otherwise. */
struct rs_want sorry_desired(bool active, int32_t weight, bool inhibit);

/* MISC_CHECK exit codes (keepalived): 0 = up at the configured weight,
 * anything else = down; with misc_dynamic, 2..255 = up with weight code-2. *weight is set to -1 for "the configured weight". */
bool misc_exit_verdict(int exit_code, bool dynamic, int32_t *weight);

#endif
