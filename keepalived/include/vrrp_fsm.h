/* vrrp_fsm.h - the VRRP state machine as a transition table (pure).
 *
 * Only vrrp_set_state() (vrrp_state.c) applies a transition; it asks this
 * table whether (state, event) leads anywhere. Decisions on received
 * adverts - the election itself - are in vrrp_election.h.
 */
#ifndef KA_VRRP_FSM_H
#define KA_VRRP_FSM_H

#include <stdbool.h>

#include "config.h"

enum vrrp_event {
	VRRP_EV_STARTUP = 0,     /* instance configured and its interface usable */
	VRRP_EV_STARTUP_OWNER,   /* same, priority 255: straight to MASTER */
	VRRP_EV_MASTER_DOWN,     /* Master_Down_Timer fired in BACKUP */
	VRRP_EV_PREEMPTED,       /* MASTER received a better advert */
	VRRP_EV_IF_DOWN,         /* interface went down or away */
	VRRP_EV_IF_UP,           /* FAULT, interface back */
	VRRP_EV_IF_UP_OWNER,     /* same, priority 255 */
	VRRP_EV_SHUTDOWN,        /* stop, or removed by a reload */
	VRRP_EV_COUNT
};

#define VRRP_STATE_BIT(s) (1u << (s))

struct vrrp_transition {
	unsigned from_mask;      /* VRRP_STATE_BIT()s this row applies to */
	enum vrrp_event event;
	enum vrrp_state to;
};

/* Look up (from, event). true and *to set when a row matches; false when the
 * event means nothing in that state (the caller logs and ignores it). */
bool vrrp_fsm_next(enum vrrp_state from, enum vrrp_event event, enum vrrp_state *to);

const char *vrrp_state_name(enum vrrp_state s);   /* "MASTER" ... */
const char *vrrp_event_name(enum vrrp_event e);   /* "master-down" ... */

/* The table itself, for tests and docs. */
extern const struct vrrp_transition vrrp_fsm_table[];
extern const unsigned vrrp_fsm_table_len;

#endif
