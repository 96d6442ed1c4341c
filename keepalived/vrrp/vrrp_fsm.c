/* vrrp_fsm.c - the VRRP transition table (RFC 3768/5798 section 6.4,
 * plus FAULT and STOP as keepalived has them). */
#include "vrrp_fsm.h"

#define S(x) VRRP_STATE_BIT(VRRP_STATE_##x)

/* Effects of becoming MASTER, and of leaving it. */
#define FX_TO_MASTER (VRRP_FX_ADD_VIPS | VRRP_FX_START_ADVERTS | VRRP_FX_GARP)
#define FX_FROM_MASTER (VRRP_FX_STOP_ADVERTS | VRRP_FX_DEL_VIPS)

const struct vrrp_transition vrrp_fsm_table[] = {
	/* from                 event                  to                 effects */
	{ S(INIT),              VRRP_EV_STARTUP,       VRRP_STATE_BACKUP,
	  VRRP_FX_DEL_VIPS | VRRP_FX_START_DOWN_TIMER },   /* leftovers of a crash go */
	{ S(INIT),              VRRP_EV_STARTUP_OWNER, VRRP_STATE_MASTER, FX_TO_MASTER },
	{ S(INIT),              VRRP_EV_RESUME,        VRRP_STATE_MASTER, FX_TO_MASTER },
	                        /* the VIPs are there: adding them changes nothing */
	{ S(BACKUP),            VRRP_EV_MASTER_DOWN,   VRRP_STATE_MASTER,
	  VRRP_FX_STOP_DOWN_TIMER | FX_TO_MASTER },
	{ S(MASTER),            VRRP_EV_PREEMPTED,     VRRP_STATE_BACKUP,
	  FX_FROM_MASTER | VRRP_FX_START_DOWN_TIMER },
	/* keepalived 2.2.7: a master going FAULT says goodbye with priority 0 */
	{ S(MASTER),            VRRP_EV_IF_DOWN,       VRRP_STATE_FAULT,
	  FX_FROM_MASTER | VRRP_FX_SEND_PRIO0 },
	/* keepalived: priority 0, BACKUP, the VIPs back when MASTER again */
	{ S(MASTER),            VRRP_EV_VIP_LOST,      VRRP_STATE_BACKUP,
	  FX_FROM_MASTER | VRRP_FX_SEND_PRIO0 | VRRP_FX_START_DOWN_TIMER },
	{ S(INIT) | S(BACKUP),  VRRP_EV_IF_DOWN,       VRRP_STATE_FAULT,
	  VRRP_FX_STOP_DOWN_TIMER | VRRP_FX_DEL_VIPS },
	{ S(FAULT),             VRRP_EV_IF_UP,         VRRP_STATE_BACKUP,
	  VRRP_FX_DEL_VIPS | VRRP_FX_START_DOWN_TIMER },
	{ S(FAULT),             VRRP_EV_IF_UP_OWNER,   VRRP_STATE_MASTER, FX_TO_MASTER },
	{ S(MASTER),            VRRP_EV_SHUTDOWN,      VRRP_STATE_STOP,
	  VRRP_FX_STOP_ADVERTS | VRRP_FX_SEND_PRIO0 | VRRP_FX_DEL_VIPS },
	{ S(INIT) | S(BACKUP) | S(FAULT), VRRP_EV_SHUTDOWN, VRRP_STATE_STOP,
	  VRRP_FX_STOP_DOWN_TIMER },
};
const unsigned vrrp_fsm_table_len = sizeof(vrrp_fsm_table) / sizeof(vrrp_fsm_table[0]);

const struct vrrp_transition *vrrp_fsm_find(enum vrrp_state from, enum vrrp_event event)
{
	for (unsigned i = 0; i < vrrp_fsm_table_len; i++) {
		const struct vrrp_transition *t = &vrrp_fsm_table[i];
		if (t->event == event && (t->from_mask & VRRP_STATE_BIT(from)))
			return t;
	}
	return NULL;
}

const char *vrrp_state_name(enum vrrp_state s)
{
	static const char *const names[] = {
		[VRRP_STATE_INIT] = "INIT", [VRRP_STATE_BACKUP] = "BACKUP",
		[VRRP_STATE_MASTER] = "MASTER", [VRRP_STATE_FAULT] = "FAULT",
		[VRRP_STATE_STOP] = "STOP",
	};
	return (unsigned)s < sizeof(names) / sizeof(names[0]) && names[s] ? names[s] : "?";
}

const char *vrrp_event_name(enum vrrp_event e)
{
	static const char *const names[] = {
		[VRRP_EV_STARTUP] = "startup", [VRRP_EV_STARTUP_OWNER] = "startup-owner",
		[VRRP_EV_MASTER_DOWN] = "master-down", [VRRP_EV_PREEMPTED] = "preempted",
		[VRRP_EV_IF_DOWN] = "interface-down", [VRRP_EV_IF_UP] = "interface-up",
		[VRRP_EV_IF_UP_OWNER] = "interface-up-owner", [VRRP_EV_SHUTDOWN] = "shutdown",
		[VRRP_EV_RESUME] = "resume",
		[VRRP_EV_VIP_LOST] = "vip-lost",
	};
	return (unsigned)e < VRRP_EV_COUNT ? names[e] : "?";
}
