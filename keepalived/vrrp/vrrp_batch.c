/* vrrp_batch.c - what transitions ask of the kernel, done once per loop
 * turn instead of inside each transition.
 *
 * A transition only queues: VIP additions and removals go into one
 * netlink batch (vrrp_net.h: vip_queue), GARP rounds into a
 * queue of instances. One task (lib/loop.h) then, at the end of the turn:
 *   1. sends the VIP batch (so addresses are installed before any GARP
 *      announces them, and in the order the transitions asked);
 *   2. sends GARP rounds (a round: every VIP of one instance once), all
 *      the rounds of one instance before the next instance's, as
 *      keepalived 2.2.7 orders them, until the turn's budget is spent; what
 *      is left waits for the next turn, so adverts and timers keep their
 *      schedule while a thousand instances become master at once.
 * Notify scripts must find the VIPs in place: vrrp_batch_flush() before
 * they are started (vrrp_state.c).
 */
#include "vrrp.h"
#include "child_ipc.h"
#include "log.h"
#include "util.h"
#include "vrrp_net.h"

#include <stdlib.h>

#define VIP_TURN_US      (3 * USEC_PER_MSEC)  /* VIP requests: about this long a turn */
#define GARP_TURN_FRAMES 256                  /* frames per loop turn at most */
#define GARP_TURN_US     (2 * USEC_PER_MSEC)  /* and about this long */
#define GARP_STREAK      64                   /* rounds of one instance in a row at most */

/* Queue the add/removal of v[0..n). An instance that never added its
 * addresses in this process removes only those the kernel has (leftovers
 * of a crash, all in the cache since its first dump): a thousand instances
 * starting as BACKUP do not send a thousand pointless requests. */
static void vip_list(struct vrrp_instance *vi, const struct vip_conf *v, size_t n, bool add)
{
	struct vrrp_ctx *ctx = vi->ctx;
	bool queued = false;
	vrrp_fw_vips(vi, v, n, add);   /* the drop rule before the address, as keepalived */
	if (add)
		vi->vips_added = true;
	for (size_t i = 0; i < n; i++) {
		if (!add && !vi->vips_added && !vip_present(ctx->netif, &v[i], vrrp_vip_dev(vi)))
			continue;
		vip_queue(ctx->vipnl, ctx->netif, &v[i], vrrp_vip_dev(vi), add);
		queued = true;
	}
	if (queued)
		task_schedule(ctx->loop, &ctx->batch_task);
}

void vrrp_vips_install(struct vrrp_instance *vi)
{
	vip_list(vi, vi->conf.vips, vi->conf.n_vips, true);
	vip_list(vi, vi->conf.vips_excluded, vi->conf.n_vips_excluded, true);
	vrrp_routes_apply(vi, true);
}

void vrrp_vips_remove(struct vrrp_instance *vi)
{
	vrrp_routes_apply(vi, false);
	vip_list(vi, vi->conf.vips, vi->conf.n_vips, false);
	vip_list(vi, vi->conf.vips_excluded, vi->conf.n_vips_excluded, false);
}

void vrrp_vip_change(struct vrrp_instance *vi, const struct vip_conf *vip, const char *ifname,
		     bool add)
{
	struct vrrp_ctx *ctx = vi->ctx;
	vrrp_fw_vips(vi, vip, 1, add);
	if (add)
		vi->vips_added = true;
	vip_queue(ctx->vipnl, ctx->netif, vip, ifname, add);
	task_schedule(ctx->loop, &ctx->batch_task);
}

/* ---- GARP rounds --------------------------------------------------------------- */

static void garp_push(struct vrrp_ctx *ctx, struct vrrp_instance *vi)
{
	vi->garp_next = NULL;
	vi->garp_queued = true;
	if (ctx->garp_tail)
		ctx->garp_tail->garp_next = vi;
	else
		ctx->garp_head = vi;
	ctx->garp_tail = vi;
}

static struct vrrp_instance *garp_pop(struct vrrp_ctx *ctx)
{
	struct vrrp_instance *vi = ctx->garp_head;
	if (!vi)
		return NULL;
	ctx->garp_head = vi->garp_next;
	if (!ctx->garp_head)
		ctx->garp_tail = NULL;
	ctx->garp_streak = 0;
	vi->garp_next = NULL;
	vi->garp_queued = false;
	return vi;
}

void vrrp_garp_burst(struct vrrp_instance *vi, uint32_t count)
{
	if (!count)
		return;
	/* saturated: a repeat may be up to UINT32_MAX, as in keepalived */
	vi->garp_rounds = count > UINT32_MAX - vi->garp_rounds ? UINT32_MAX : vi->garp_rounds + count;
	if (!vi->garp_queued)
		garp_push(vi->ctx, vi);
	task_schedule(vi->ctx->loop, &vi->ctx->batch_task);
}

void vrrp_garp_cancel(struct vrrp_instance *vi)
{
	struct vrrp_ctx *ctx = vi->ctx;
	vi->garp_rounds = 0;
	vi->garp_pos = 0;
	if (!vi->garp_queued)
		return;
	struct vrrp_instance *prev = NULL;
	for (struct vrrp_instance *q = ctx->garp_head; q; prev = q, q = q->garp_next) {
		if (q != vi)
			continue;
		if (prev) {
			prev->garp_next = vi->garp_next;
		} else {
			ctx->garp_head = vi->garp_next;
			ctx->garp_streak = 0;
		}
		if (ctx->garp_tail == vi)
			ctx->garp_tail = prev;
		break;
	}
	vi->garp_next = NULL;
	vi->garp_queued = false;
}

/* vrrp_garp_interval / vrrp_gna_interval: when the next GARP / NA may
 * leave each interface, or each garp_group (key PACE_GROUP | index: the
 * group's interfaces share it). */
struct garp_pace {
	unsigned key;           /* ifindex, or PACE_GROUP | garp_group index */
	uint64_t next_us[2];    /* [0] GARP, [1] NA */
};
#define PACE_GROUP 0x80000000u

static uint64_t *pace_slot(struct vrrp_ctx *ctx, unsigned key, bool na)
{
	for (size_t i = 0; i < ctx->n_pace; i++)
		if (ctx->pace[i].key == key)
			return &ctx->pace[i].next_us[na];
	struct garp_pace *p = array_push(&ctx->pace, &ctx->n_pace, sizeof(*p));
	*p = (struct garp_pace){ .key = key };
	return &p->next_us[na];
}

/* The gap before a GARP (NA when na) may leave dev, an address of vi, and
 * the slot that holds when it may: its garp_group's, else the interface's
 * with the global interval. */
static uint32_t pace_of(struct vrrp_instance *vi, const char *dev, bool na, unsigned *key)
{
	const struct vrrp_garp_groups *gs = &vi->ctx->global.garp_groups;
	int g = gs->n_groups ? vrrp_garp_group_of(gs, dev, vi->conf.ifname) : -1;
	if (g >= 0) {
		*key = PACE_GROUP | (unsigned)g;
		return na ? gs->groups[g].gna_interval_us : gs->groups[g].garp_interval_us;
	}
	*key = netif_index(vi->ctx->netif, dev);
	return na ? vi->ctx->global.gna_interval_us : vi->ctx->global.garp_interval_us;
}

/* The rest of vi's round, from vi->garp_pos over its VIPs then excluded
 * VIPs: one GARP per IPv4 address, one unsolicited neighbour advert per
 * IPv6 one. Adds the frames sent to *frames. Returns 0 when the round is
 * done, else the time before which the interval of an interface holds the
 * next frame back (the round goes on from there). */
static uint64_t garp_round(struct vrrp_instance *vi, unsigned *frames)
{
	struct vrrp_ctx *ctx = vi->ctx;
	size_t n1 = vi->conf.n_vips, n = n1 + vi->conf.n_vips_excluded;
	for (; vi->garp_pos < n; vi->garp_pos++) {
		const struct vip_conf *v = vi->garp_pos < n1 ? &vi->conf.vips[vi->garp_pos]
							     : &vi->conf.vips_excluded[vi->garp_pos - n1];
		const char *dev = v->dev[0] ? v->dev : vrrp_vip_dev(vi);
		bool na = v->addr.family == AF_INET6;
		unsigned key;
		uint32_t gap = pace_of(vi, dev, na, &key);
		if (gap) {
			uint64_t now = mono_now_us(), *next = pace_slot(ctx, key, na);
			if (now < *next)
				return *next;
			*next = now + gap;
		}
		if (na)
			vrrp_na_send(vi, dev, &v->addr.u.v6);
		else
			garp_send(ctx->netif, dev, v->addr.u.v4);
		(*frames)++;
	}
	vi->garp_pos = 0;
	return 0;
}

static void garp_pace_fired(void *arg)
{
	struct vrrp_ctx *ctx = arg;
	task_schedule(ctx->loop, &ctx->batch_task);
}

/* The instance first in line waits for an interval: it stays first, and
 * the pace timer schedules the task again at when_us. */
static void garp_hold(struct vrrp_ctx *ctx, uint64_t when_us)
{
	if (!timer_pending(&ctx->garp_pace_timer))
		timer_start_at(ctx->loop, &ctx->garp_pace_timer, when_us);
}

/* Send rounds until the turn's budget is spent. The instance first in
 * line sends all its rounds before the next one starts, as keepalived
 * 2.2.7 does (each VIP's GARPs back to back after its advert; after
 * GARP_STREAK rounds it goes to the end of the line), and a turn that ends
 * in the middle leaves it first in line. true when some are left
 * for the next turn (false too while they wait for an interval: the pace
 * timer schedules the task again). */
static bool garp_slice(struct vrrp_ctx *ctx)
{
	uint64_t deadline = mono_now_us() + GARP_TURN_US;
	unsigned frames = 0;
	if (timer_pending(&ctx->garp_pace_timer))
		return false;
	while (ctx->garp_head && frames < GARP_TURN_FRAMES && mono_now_us() < deadline) {
		struct vrrp_instance *vi = ctx->garp_head;
		if (!vi->garp_rounds || vi->state != VRRP_STATE_MASTER) {
			garp_pop(ctx);
			vi->garp_rounds = 0;
			vi->garp_pos = 0;
			continue;
		}
		uint64_t wait = garp_round(vi, &frames);
		if (wait) {
			garp_hold(ctx, wait);
			return false;
		}
		if (!--vi->garp_rounds)
			garp_pop(ctx);
		else if (++ctx->garp_streak >= GARP_STREAK)
			garp_push(ctx, garp_pop(ctx));   /* a huge garp_master_repeat holds no one back */
	}
	return ctx->garp_head != NULL;
}

/* ---- the task ---------------------------------------------------------------------- */

/* The state reports of this turn (vrrp_resume_report()) reach the parent
 * before any address request reaches the kernel: a child killed in
 * between leaves the parent a record of every address it added. */
static void reports_out(struct vrrp_ctx *ctx)
{
	if (ctx->ipc)
		child_ipc_flush(ctx->ipc);
}

void vrrp_batch_flush(struct vrrp_ctx *ctx)
{
	if (ctx->vipnl && vip_pending(ctx->vipnl)) {
		reports_out(ctx);
		vip_flush(ctx->vipnl, 0);
	}
}

/* The end-of-turn task: a slice of VIP requests; once they are all sent,
 * the records of reloaded instances narrowed (vrrp_resume.c) and a slice of
 * GARP rounds (a GARP never announces an address not yet added). */
static void batch_run(void *arg)
{
	struct vrrp_ctx *ctx = arg;
	bool more;
	if (vip_pending(ctx->vipnl)) {
		reports_out(ctx);
		vip_flush(ctx->vipnl, VIP_TURN_US);
		more = vip_pending(ctx->vipnl) || ctx->garp_head || ctx->resume_narrow;
	} else {
		if (ctx->resume_narrow)
			vrrp_resume_narrow(ctx);
		more = garp_slice(ctx);
	}
	if (more)
		task_schedule(ctx->loop, &ctx->batch_task);
}

void vrrp_batch_init(struct vrrp_ctx *ctx)
{
	task_init(&ctx->batch_task, batch_run, ctx);
	timer_init(&ctx->garp_pace_timer, garp_pace_fired, ctx);
}

bool vrrp_batch_busy(const struct vrrp_ctx *ctx)
{
	return (ctx->vipnl && vip_pending(ctx->vipnl)) || ctx->garp_head;
}

void vrrp_batch_done(struct vrrp_ctx *ctx)
{
	vrrp_batch_flush(ctx);
	vrrp_fw_done(ctx);
	vrrp_promote_restore(ctx);
	if (!ctx->dont_release)
		vrrp_routes_update(ctx, &ctx->global.statics, NULL);
	task_cancel(ctx->loop, &ctx->batch_task);
	timer_stop(ctx->loop, &ctx->garp_pace_timer);
	free(ctx->pace);
	ctx->pace = NULL;
	ctx->n_pace = 0;
	while (garp_pop(ctx))
		;
}
