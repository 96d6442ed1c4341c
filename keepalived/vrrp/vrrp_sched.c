/* vrrp_sched.c - max_auto_priority / min_auto_priority_delay: when the VRRP
 * process notices it ran late (a heartbeat timer fired more than
 * min_auto_priority_delay after it was due: a busy machine delays adverts
 * and backups take over a live master), it switches to SCHED_RR realtime
 * scheduling at priority 1, then one more each time it is late again, up
 * to max_auto_priority, as keepalived does. */
#include "vrrp.h"
#include "log.h"

#include <errno.h>
#include <sched.h>
#include <string.h>

#define HEARTBEAT_US (250 * USEC_PER_MSEC)

static void heartbeat(void *arg)
{
	struct vrrp_ctx *ctx = arg;
	const struct vrrp_global_ext *g = &ctx->global.ext;
	uint64_t now = mono_now_us();
	uint64_t late = now > ctx->sched_due_us ? now - ctx->sched_due_us : 0;
	if (late > g->min_auto_priority_delay_us && ctx->rt_priority < g->max_auto_priority) {
		int prio = ctx->rt_priority + 1;
		int max = sched_get_priority_max(SCHED_RR);
		if (prio > max)
			prio = max;
		struct sched_param sp = { .sched_priority = prio };
		if (sched_setscheduler(0, SCHED_RR, &sp) == 0) {
			ctx->rt_priority = prio;
			log_warn("VRRP ran %llu ms late: realtime scheduling SCHED_RR priority %d (max_auto_priority %d)",
				 (unsigned long long)(late / 1000), prio, g->max_auto_priority);
		} else {
			log_err("cannot set realtime priority %d: %s", prio, strerror(errno));
			ctx->rt_priority = g->max_auto_priority;   /* do not retry every beat */
		}
	}
	ctx->sched_due_us = mono_now_us() + HEARTBEAT_US;
	timer_start(ctx->loop, &ctx->sched_timer, HEARTBEAT_US);
}

/* Contract: see vrrp.h. */
void vrrp_sched_apply(struct vrrp_ctx *ctx)
{
	if (ctx->global.ext.max_auto_priority <= 0) {
		timer_stop(ctx->loop, &ctx->sched_timer);
		return;
	}
	if (timer_pending(&ctx->sched_timer))
		return;
	timer_init(&ctx->sched_timer, heartbeat, ctx);
	ctx->sched_due_us = mono_now_us() + HEARTBEAT_US;
	timer_start(ctx->loop, &ctx->sched_timer, HEARTBEAT_US);
}
