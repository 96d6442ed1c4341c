/* vrrp_fsm.h - the VRRP state machine as a transition table (pure).
 *
 * Each row says, for a set of states and one event, the new state and the
 * effects of the transition. Only vrrp_set_state() (vrrp_state.c) applies
 * a transition: it looks the row up here and runs the row's effects, always
 * in the order of enum vrrp_effect, then logs, runs the notify scripts and
 * tells the parent. Decisions on received adverts - the election itself -
 * are in vrrp_election.h.
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
	VRRP_EV_RESUME,          /* started again after a crash while MASTER, VIPs in place */
	VRRP_EV_VIP_LOST,        /* MASTER: a tracked VIP was deleted behind our back */
	VRRP_EV_COUNT
};

#define VRRP_STATE_BIT(s) (1u << (s))

/* What a transition does, run in this order. */
enum vrrp_effect {
	VRRP_FX_STOP_ADVERTS   = 1 << 0,  /* stop advert and GARP timers (leaving MASTER) */
	VRRP_FX_STOP_DOWN_TIMER = 1 << 1, /* stop Master_Down_Timer (leaving BACKUP) */
	VRRP_FX_SEND_PRIO0     = 1 << 2,  /* one advert with priority 0 */
	VRRP_FX_DEL_VIPS       = 1 << 3,  /* remove VIPs (an address owner keeps its own, but on STOP) */
	VRRP_FX_ADD_VIPS       = 1 << 4,  /* add VIPs */
	VRRP_FX_START_ADVERTS  = 1 << 5,  /* advert now, then every advert_int */
	VRRP_FX_GARP           = 1 << 6,  /* GARP burst, again after garp_master_delay, refresh */
	VRRP_FX_START_DOWN_TIMER = 1 << 7, /* forget the master, Master_Down_Timer */
};

struct vrrp_transition {
	unsigned from_mask;      /* VRRP_STATE_BIT()s this row applies to */
	enum vrrp_event event;
	enum vrrp_state to;
	unsigned effects;        /* enum vrrp_effect bits */
};

/* Look up (from, event): the matching row, or NULL when the event means
 * nothing in that state (the caller logs and ignores it). */
const struct vrrp_transition *vrrp_fsm_find(enum vrrp_state from, enum vrrp_event event);

const char *vrrp_state_name(enum vrrp_state s);   /* "MASTER" ... */
const char *vrrp_event_name(enum vrrp_event e);   /* "master-down" ... */

/* The table itself, for tests and docs. */
extern const struct vrrp_transition vrrp_fsm_table[];
extern const unsigned vrrp_fsm_table_len;

#endif
