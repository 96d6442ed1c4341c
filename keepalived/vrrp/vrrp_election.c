/* vrrp_election.c - see vrrp_election.h. */
#include "vrrp_election.h"

#include <string.h>

#include <arpa/inet.h>

#define US_PER_CS 10000ULL

uint64_t vrrp_skew_us(uint8_t version, uint8_t priority, uint32_t master_adver_int_cs)
{
	uint64_t weight = 256u - priority;
	if (version == 2)
		return weight * 1000000ULL / 256u;
	return weight * master_adver_int_cs * US_PER_CS / 256u;
}

uint64_t vrrp_master_down_us(uint8_t version, uint8_t priority, uint32_t master_adver_int_cs, uint8_t adverts)
{
	if (!adverts)
		adverts = 3;
	return (uint64_t)adverts * master_adver_int_cs * US_PER_CS + vrrp_skew_us(version, priority, master_adver_int_cs);
}

/* A beats B: higher priority, or equal priority and higher primary address. */
static bool adv_beats_us(const struct vrrp_rx_view *v)
{
	if (v->adv_priority != v->own_priority)
		return v->adv_priority > v->own_priority;
	if (v->own6 && v->adv6)
		return memcmp(v->adv6, v->own6, sizeof(*v->own6)) > 0;
	return ntohl(v->adv_src.s_addr) > ntohl(v->own_addr.s_addr);
}

static enum vrrp_rx_action decide_backup(const struct vrrp_rx_view *v, uint64_t *preempt_time)
{
	if (v->adv_priority == 0)
		return VRRP_ACT_MASTER_LEAVING;
	if (v->nopreempt || v->adv_priority >= v->own_priority) {
		if (v->preempt_delay_us && v->adv_priority > v->own_priority)
			*preempt_time = 0;    /* a better master: the delay starts afresh */
		return VRRP_ACT_FOLLOW;
	}
	/* A lower-priority master and we may preempt. */
	if (v->preempt_delay_us) {
		if (*preempt_time == 0)
			*preempt_time = v->now_us + v->preempt_delay_us;
		if (v->now_us < *preempt_time)
			return VRRP_ACT_FOLLOW;
	}
	return VRRP_ACT_IGNORE;
}

enum vrrp_rx_action vrrp_rx_decide(const struct vrrp_rx_view *v, uint64_t *preempt_time_us)
{
	switch (v->state) {
	case VRRP_STATE_BACKUP:
		return decide_backup(v, preempt_time_us);
	case VRRP_STATE_MASTER:
		if (v->adv_priority == 0)
			return VRRP_ACT_REASSERT;
		return adv_beats_us(v) ? VRRP_ACT_STEP_DOWN : VRRP_ACT_IGNORE;
	default:
		return VRRP_ACT_IGNORE;
	}
}
