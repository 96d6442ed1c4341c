/* vrrp_state.c - vrrp_set_state(): the one place where an instance changes
 * state. The transition's row in vrrp_fsm_table says what to do; here each
 * effect is carried out, then the change is logged, the notify scripts are
 * queued and the parent is told. */
#include "vrrp.h"
#include "log.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

#define US_PER_CS 10000ULL

static uint64_t adver_int_us(const struct vrrp_instance *vi)
{
	return (uint64_t)vi->conf.advert_int_cs * US_PER_CS;
}

/* Run a transition's effects, in the order of enum vrrp_effect. */
static void run_effects(struct vrrp_instance *vi, const struct vrrp_transition *t)
{
	struct loop *loop = vi->ctx->loop;
	unsigned fx = t->effects;
	bool owner = vi->conf.priority == VRRP_PRIO_OWNER;
	if (t->to == VRRP_STATE_STOP && vi->ctx->stopping && vi->ctx->dont_release)
		fx &= ~(unsigned)(VRRP_FX_SEND_PRIO0 | VRRP_FX_DEL_VIPS);   /* -V */

	if (fx & VRRP_FX_STOP_ADVERTS) {
		timer_stop(loop, &vi->adver_timer);
		timer_stop(loop, &vi->garp_delay_timer);
		timer_stop(loop, &vi->garp_refresh_timer);
		vrrp_garp_extra_stop(vi);
		vrrp_garp_cancel(vi);
		vi->stats.released_master++;
	}
	if (fx & VRRP_FX_STOP_DOWN_TIMER)
		timer_stop(loop, &vi->down_timer);
	if (fx & VRRP_FX_SEND_PRIO0) {
		vrrp_send_advert(vi, VRRP_PRIO_STOP);
		/* keepalived 2.2.7 sends two when its own link or tracker takes a
		 * master to FAULT (vrrp_state_leave_master() and then
		 * vrrp_restore_interface()), one for a member its sync group
		 * takes along */
		if (t->to == VRRP_STATE_FAULT && vi->own_fault)
			vrrp_send_advert(vi, VRRP_PRIO_STOP);
	}
	/* An address owner going to BACKUP keeps its addresses (they are its
	 * own); into FAULT or STOP it removes them, as keepalived 2.2.7 does. */
	if ((fx & VRRP_FX_DEL_VIPS) && !(owner && t->to == VRRP_STATE_BACKUP))
		vrrp_vips_remove(vi);
	if (fx & VRRP_FX_ADD_VIPS)
		vrrp_vips_install(vi);
	if (fx & VRRP_FX_START_ADVERTS) {
		vi->master_addr = vi->src_addr;
		vi->master6 = vi->src6;
		vi->master_priority = vi->effective_priority;
		vrrp_send_advert(vi, vi->effective_priority);
		timer_start(loop, &vi->adver_timer, adver_int_us(vi));
		vi->stats.became_master++;
	}
	if (fx & VRRP_FX_GARP) {
		vrrp_garp_burst(vi, vi->conf.garp_master_repeat);
		if (vi->conf.garp_master_delay_s)
			timer_start(loop, &vi->garp_delay_timer,
				    vi->conf.garp_master_delay_s * USEC_PER_SEC);
		if (vi->conf.garp_master_refresh_s)
			timer_start(loop, &vi->garp_refresh_timer,
				    vi->conf.garp_master_refresh_s * USEC_PER_SEC);
		vrrp_garp_extra_start(vi);
	}
	if (fx & VRRP_FX_START_DOWN_TIMER) {
		vi->wants_master = false;
		/* preempt_delay counts afresh in every stay in BACKUP, as keepalived
		 * 2.2.7 clears preempt_time when an instance enters BACKUP */
		vi->preempt_time_us = 0;
		vi->master_adver_int_cs = vi->conf.advert_int_cs;
		vi->master_addr.s_addr = 0;
		memset(&vi->master6, 0, sizeof(vi->master6));
		vi->master_priority = 0;
		vrrp_down_timer_restart(vi);
	}
	if (fx & VRRP_FX_STOP_ADVERTS)
		timer_stop(loop, &vi->garp_lower_timer);
	if (t->to == VRRP_STATE_FAULT) {
		vi->master_addr.s_addr = 0;
		memset(&vi->master6, 0, sizeof(vi->master6));
		vi->master_priority = 0;
	}
}

static const struct conf_script *notify_script_for(const struct vrrp_instance *vi)
{
	switch (vi->state) {
	case VRRP_STATE_MASTER: return &vi->conf.notify_master;
	case VRRP_STATE_BACKUP: return &vi->conf.notify_backup;
	case VRRP_STATE_FAULT: return &vi->conf.notify_fault;
	case VRRP_STATE_STOP: return &vi->conf.notify_stop;
	default: return NULL;
	}
}

/* The state notify scripts and FIFOs are told: an instance a reload
 * removed stops as FAULT, or DELETED with notify_deleted (keepalived
 * 2.2.7: no notify_stop then). */
static const char *announced_state(const struct vrrp_instance *vi)
{
	if (vi->deleted && vi->state == VRRP_STATE_STOP)
		return vi->conf.ext.notify_deleted ? "DELETED" : "FAULT";
	return vrrp_state_name(vi->state);
}

/* notify_<state> first, then the generic notify with keepalived's arguments
 * INSTANCE NAME STATE PRIORITY; one queue per instance keeps them in order.
 * A deleted instance runs notify_deleted's script instead of notify_stop. */
static void run_notify(struct vrrp_instance *vi)
{
	const struct script_policy *pol = &vi->ctx->script_policy;
	const struct conf_script *s = notify_script_for(vi);
	struct conf_script deleted = { .cmd = vi->conf.ext.notify_deleted_script };
	if (vi->deleted && vi->state == VRRP_STATE_STOP)
		s = &deleted;
	const char *specific = s ? s->cmd : NULL;
	if (specific || vi->conf.notify.cmd)
		vrrp_batch_flush(vi->ctx);   /* scripts find the VIPs as the state says */
	if (specific) {
		struct script_policy p = script_policy_of(pol, s);
		script_tally_run(vi->notify_scripts, &p, specific, NULL);
	}
	if (vi->conf.notify.cmd) {
		char prio[8];
		snprintf(prio, sizeof(prio), "%u", vi->effective_priority);
		const char *args[] = { "INSTANCE", vi->conf.name, announced_state(vi), prio, NULL };
		struct script_policy p = script_policy_of(pol, &vi->conf.notify);
		script_tally_run(vi->notify_scripts, &p, vi->conf.notify.cmd, args);
	}
}

bool vrrp_set_state(struct vrrp_instance *vi, enum vrrp_event event)
{
	enum vrrp_state from = vi->state;
	const struct vrrp_transition *t = vrrp_fsm_find(from, event);
	if (!t) {
		log_debug("(%s) event %s ignored in state %s", vi->conf.name,
			  vrrp_event_name(event), vrrp_state_name(from));
		return false;
	}
	enum vrrp_state to = t->to;
	log_debug("(%s) event %s: %s -> %s", vi->conf.name, vrrp_event_name(event),
		  vrrp_state_name(from), vrrp_state_name(to));
	vi->state = to;
	vi->entered_state_us = mono_now_us();
	vi->entered_state_wall = wall_now();
	vi->last_from = from;
	vi->last_event = event;
	vi->transitioned = true;
	run_effects(vi, t);
	if (to == VRRP_STATE_STOP)
		log_notice("(%s) Stopped", vi->conf.name);
	else
		log_notice("(%s) Entering %s STATE", vi->conf.name, vrrp_state_name(to));
	if (event != VRRP_EV_RESUME) {   /* resuming after a crash changes nothing outside */
		run_notify(vi);
		if (vi->ctx->fifos) {   /* the line is made only for a FIFO to read */
			char line[128];
			snprintf(line, sizeof(line), "INSTANCE \"%s\" %s %u", vi->conf.name,
				 announced_state(vi), vi->effective_priority);
			vrrp_fifo_write(vi->ctx, line);
		}
		vrrp_smtp_instance(vi);
	}
	vrrp_resume_report(vi, NULL);   /* the parent's record of it */
	vrrp_sync_member_changed(vi, from);
	return true;
}
