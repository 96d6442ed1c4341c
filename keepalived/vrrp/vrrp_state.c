/* vrrp_state.c - vrrp_set_state(): the one place where an instance changes
 * state. Every effect of a transition is here, in order: leave the old
 * state, switch, enter the new one, log, notify, tell the parent. */
#include "vrrp.h"
#include "child_ipc.h"
#include "ipc.h"
#include "log.h"
#include "vrrp_election.h"
#include "wire.h"

#include <stdio.h>

#define NOTIFY_TIMEOUT_US (60 * USEC_PER_SEC)
#define US_PER_CS 10000ULL

static uint64_t adver_int_us(const struct vrrp_instance *vi)
{
	return (uint64_t)vi->conf.advert_int_cs * US_PER_CS;
}

static void leave_state(struct vrrp_instance *vi, enum vrrp_state to)
{
	struct loop *loop = vi->ctx->loop;
	switch (vi->state) {
	case VRRP_STATE_MASTER:
		timer_stop(loop, &vi->adver_timer);
		timer_stop(loop, &vi->garp_delay_timer);
		timer_stop(loop, &vi->garp_refresh_timer);
		if (to == VRRP_STATE_STOP)
			vrrp_send_advert(vi, VRRP_PRIO_STOP);
		if (vi->conf.priority != VRRP_PRIO_OWNER || to == VRRP_STATE_STOP)
			vrrp_vips_remove(vi);
		vi->stats.released_master++;
		break;
	case VRRP_STATE_BACKUP:
		timer_stop(loop, &vi->down_timer);
		break;
	default:
		break;
	}
}

static void enter_state(struct vrrp_instance *vi, enum vrrp_state from)
{
	struct loop *loop = vi->ctx->loop;
	switch (vi->state) {
	case VRRP_STATE_MASTER:
		vi->master_addr = vi->src_addr;
		vi->master_priority = vi->effective_priority;
		vrrp_vips_install(vi);
		vrrp_send_advert(vi, vi->effective_priority);
		timer_start(loop, &vi->adver_timer, adver_int_us(vi));
		vrrp_garp_burst(vi, vi->conf.garp_master_repeat);
		if (vi->conf.garp_master_delay_s)
			timer_start(loop, &vi->garp_delay_timer,
				    vi->conf.garp_master_delay_s * USEC_PER_SEC);
		if (vi->conf.garp_master_refresh_s)
			timer_start(loop, &vi->garp_refresh_timer,
				    vi->conf.garp_master_refresh_s * USEC_PER_SEC);
		vi->stats.became_master++;
		break;
	case VRRP_STATE_BACKUP:
		/* Leftover addresses (a crash, or a master that stopped badly)
		 * must not stay on a backup - unless we own them. */
		if (from != VRRP_STATE_MASTER && vi->conf.priority != VRRP_PRIO_OWNER)
			vrrp_vips_remove(vi);
		vi->master_adver_int_cs = vi->conf.advert_int_cs;
		vi->master_addr.s_addr = 0;
		vi->master_priority = 0;
		timer_start(loop, &vi->down_timer,
			    vrrp_master_down_us(vi->conf.version, vi->effective_priority,
						vi->master_adver_int_cs));
		break;
	case VRRP_STATE_FAULT:
		if (vi->conf.priority != VRRP_PRIO_OWNER)
			vrrp_vips_remove(vi);
		vi->master_addr.s_addr = 0;
		vi->master_priority = 0;
		break;
	default:
		break;
	}
}

static const char *notify_script_for(const struct vrrp_instance *vi)
{
	switch (vi->state) {
	case VRRP_STATE_MASTER: return vi->conf.notify_master;
	case VRRP_STATE_BACKUP: return vi->conf.notify_backup;
	case VRRP_STATE_FAULT: return vi->conf.notify_fault;
	case VRRP_STATE_STOP: return vi->conf.notify_stop;
	default: return NULL;
	}
}

/* notify_<state> first, then the generic notify with keepalived's arguments
 * INSTANCE NAME STATE PRIORITY; one queue per instance keeps them in order. */
static void run_notify(struct vrrp_instance *vi)
{
	const struct script_policy *pol = &vi->ctx->script_policy;
	const char *specific = notify_script_for(vi);
	if (specific)
		script_queue_push(vi->notify_queue, pol, specific, NULL, NOTIFY_TIMEOUT_US);
	if (vi->conf.notify) {
		char prio[8];
		snprintf(prio, sizeof(prio), "%u", vi->effective_priority);
		const char *args[] = { "INSTANCE", vi->conf.name, vrrp_state_name(vi->state), prio, NULL };
		script_queue_push(vi->notify_queue, pol, vi->conf.notify, args, NOTIFY_TIMEOUT_US);
	}
}

static void tell_parent(struct vrrp_instance *vi)
{
	struct ipc_chan *ch = vi->ctx->ipc ? child_ipc_chan(vi->ctx->ipc) : NULL;
	if (!ch)
		return;
	struct wbuf w;
	wbuf_init(&w);
	wput_str(&w, vi->conf.name);
	wput_u32(&w, (uint32_t)vi->state);
	ipc_send(ch, IPC_STATE_CHANGED, w.data, w.len);
	wbuf_free(&w);
}

bool vrrp_set_state(struct vrrp_instance *vi, enum vrrp_event event)
{
	enum vrrp_state from = vi->state, to;
	if (!vrrp_fsm_next(from, event, &to)) {
		log_debug("(%s) event %s ignored in state %s", vi->conf.name,
			  vrrp_event_name(event), vrrp_state_name(from));
		return false;
	}
	log_debug("(%s) event %s: %s -> %s", vi->conf.name, vrrp_event_name(event),
		  vrrp_state_name(from), vrrp_state_name(to));
	leave_state(vi, to);
	vi->state = to;
	vi->entered_state_us = mono_now_us();
	enter_state(vi, from);
	if (to == VRRP_STATE_STOP)
		log_notice("(%s) Stopped", vi->conf.name);
	else
		log_notice("(%s) Entering %s STATE", vi->conf.name, vrrp_state_name(to));
	run_notify(vi);
	tell_parent(vi);
	return true;
}
