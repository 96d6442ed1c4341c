/* vrrp_election.h - what to do with a valid advert for our VRID (pure).
 *
 * RFC 5798 section 6.4.2 (Backup) and 6.4.3 (Master), with keepalived's
 * nopreempt and preempt_delay ("seconds after startup or after seeing a
 * lower-priority master until preemption").
 */
#ifndef KA_VRRP_ELECTION_H
#define KA_VRRP_ELECTION_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "config.h"

enum vrrp_rx_action {
	VRRP_ACT_IGNORE = 0,      /* drop it (and let our timers run) */
	VRRP_ACT_FOLLOW,          /* BACKUP: a valid master; restart Master_Down_Timer */
	VRRP_ACT_MASTER_LEAVING,  /* BACKUP: priority 0; Master_Down_Timer = Skew_Time */
	VRRP_ACT_REASSERT,        /* MASTER: priority 0 seen; advertise now */
	VRRP_ACT_STEP_DOWN,       /* MASTER: a better master; become BACKUP */
};

struct vrrp_rx_view {
	enum vrrp_state state;
	uint8_t own_priority;
	struct in_addr own_addr;      /* our advert source address */
	bool nopreempt;
	uint64_t preempt_delay_us;    /* 0 = none */
	uint64_t now_us;
	uint8_t adv_priority;
	struct in_addr adv_src;
	/* IPv6 instances: the addresses compared instead of own_addr/adv_src */
	const struct in6_addr *own6, *adv6;
};

/* Decide. *preempt_time_us is the instance's "may preempt from" time
 * (0 = not started) and is updated for preempt_delay. */
enum vrrp_rx_action vrrp_rx_decide(const struct vrrp_rx_view *v, uint64_t *preempt_time_us);

/* Skew_Time and Master_Down_Interval in microseconds.
 * v2: skew = (256 - prio) / 256 s; v3: skew = (256 - prio) * interval / 256.
 * Master_Down_Interval = adverts (RFC: 3; keepalived's down_timer_adverts)
 * x interval + skew. */
uint64_t vrrp_skew_us(uint8_t version, uint8_t priority, uint32_t master_adver_int_cs);
uint64_t vrrp_master_down_us(uint8_t version, uint8_t priority, uint32_t master_adver_int_cs, uint8_t adverts);

#endif
