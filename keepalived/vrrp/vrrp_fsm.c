/* vrrp_fsm.c - the VRRP transition table (RFC 3768/5798 section 6.4,
 * plus FAULT and STOP as keepalived has them). */
#include "vrrp_fsm.h"

#define S(x) VRRP_STATE_BIT(VRRP_STATE_##x)

const struct vrrp_transition vrrp_fsm_table[] = {
	/* from                         event                    to */
	{ S(INIT),                      VRRP_EV_STARTUP,         VRRP_STATE_BACKUP },
	{ S(INIT),                      VRRP_EV_STARTUP_OWNER,   VRRP_STATE_MASTER },
	{ S(BACKUP),                    VRRP_EV_MASTER_DOWN,     VRRP_STATE_MASTER },
	{ S(MASTER),                    VRRP_EV_PREEMPTED,       VRRP_STATE_BACKUP },
	{ S(INIT) | S(BACKUP) | S(MASTER), VRRP_EV_IF_DOWN,      VRRP_STATE_FAULT },
	{ S(FAULT),                     VRRP_EV_IF_UP,           VRRP_STATE_BACKUP },
	{ S(FAULT),                     VRRP_EV_IF_UP_OWNER,     VRRP_STATE_MASTER },
	{ S(INIT) | S(BACKUP) | S(MASTER) | S(FAULT), VRRP_EV_SHUTDOWN, VRRP_STATE_STOP },
};
const unsigned vrrp_fsm_table_len = sizeof(vrrp_fsm_table) / sizeof(vrrp_fsm_table[0]);

bool vrrp_fsm_next(enum vrrp_state from, enum vrrp_event event, enum vrrp_state *to)
{
	for (unsigned i = 0; i < vrrp_fsm_table_len; i++) {
		const struct vrrp_transition *t = &vrrp_fsm_table[i];
		if (t->event == event && (t->from_mask & VRRP_STATE_BIT(from))) {
			*to = t->to;
			return true;
		}
	}
	return false;
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
	};
	return (unsigned)e < VRRP_EV_COUNT ? names[e] : "?";
}
