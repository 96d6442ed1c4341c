/* vrrp_batch.c - what transitions ask of the kernel, done once per loop
 * turn instead of inside each transition.
 *
 * A transition only queues: VIP additions and removals go into one
 * netlink batch (vrrp_net.h: vip_queue), GARP rounds into a round-robin
 * queue of instances. One task (lib/loop.h) then, at the end of the turn:
 *   1. sends the VIP batch (so addresses are installed before any GARP
 *      announces them, and in the order the transitions asked);
 *   2. sends GARP rounds, one round (every VIP of one instance once) per
 *      instance in turn, until the turn's budget is spent; what is left
 *      waits for the next turn, so adverts and timers keep their schedule
 *      while a thousand instances become master at once.
 * Notify scripts must find the VIPs in place: vrrp_batch_flush() before
 * they are started (vrrp_state.c).
 */
#include "vrrp.h"
#include "log.h"
#include "vrrp_net.h"

#define VIP_TURN_US      (3 * USEC_PER_MSEC)  /* VIP requests: about this long a turn */
#define GARP_TURN_FRAMES 256                  /* frames per loop turn at most */
#define GARP_TURN_US     (2 * USEC_PER_MSEC)  /* and about this long */

static void vip_list(struct vrrp_instance *vi, const struct vip_conf *v, size_t n, bool add)
{
	struct vrrp_ctx *ctx = vi->ctx;
	vrrp_fw_vips(vi, v, n, add);   /* the drop rule before the address, as keepalived */
	for (size_t i = 0; i < n; i++)
		vip_queue(ctx->vipnl, ctx->netif, &v[i], vrrp_vip_dev(vi), add);
	if (n)
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
	vip_queue(ctx->vipnl, ctx->netif, vip, ifname, add);
	task_schedule(ctx->loop, &ctx->batch_task);
}

bool vrrp_vips_all_present(const struct vrrp_instance *vi)
{
	const struct netif *nf = vi->ctx->netif;
	for (size_t i = 0; i < vi->conf.n_vips; i++)
		if (!vip_present(nf, &vi->conf.vips[i], vrrp_vip_dev(vi)))
			return false;
	for (size_t i = 0; i < vi->conf.n_vips_excluded; i++)
		if (!vip_present(nf, &vi->conf.vips_excluded[i], vrrp_vip_dev(vi)))
			return false;
	return true;
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
	vi->garp_next = NULL;
	vi->garp_queued = false;
	return vi;
}

void vrrp_garp_burst(struct vrrp_instance *vi, uint32_t count)
{
	if (!count)
		return;
	vi->garp_rounds += count;
	if (!vi->garp_queued)
		garp_push(vi->ctx, vi);
	task_schedule(vi->ctx->loop, &vi->ctx->batch_task);
}

void vrrp_garp_cancel(struct vrrp_instance *vi)
{
	struct vrrp_ctx *ctx = vi->ctx;
	vi->garp_rounds = 0;
	if (!vi->garp_queued)
		return;
	struct vrrp_instance *prev = NULL;
	for (struct vrrp_instance *q = ctx->garp_head; q; prev = q, q = q->garp_next) {
		if (q != vi)
			continue;
		if (prev)
			prev->garp_next = vi->garp_next;
		else
			ctx->garp_head = vi->garp_next;
		if (ctx->garp_tail == vi)
			ctx->garp_tail = prev;
		break;
	}
	vi->garp_next = NULL;
	vi->garp_queued = false;
}

/* One GARP for every IPv4 address of v[0..n), one unsolicited neighbour
 * advert for every IPv6 one; returns the frames sent. */
static unsigned garp_list(struct vrrp_instance *vi, const struct vip_conf *v, size_t n)
{
	unsigned sent = 0;
	for (size_t i = 0; i < n; i++) {
		const char *dev = v[i].dev[0] ? v[i].dev : vrrp_vip_dev(vi);
		if (v[i].addr.family == AF_INET6)
			vrrp_na_send(vi, dev, &v[i].addr.u.v6);
		else
			garp_send(vi->ctx->netif, dev, v[i].addr.u.v4);
		sent++;
	}
	return sent;
}

/* Send rounds until the turn's budget is spent. true when some are left. */
static bool garp_slice(struct vrrp_ctx *ctx)
{
	uint64_t deadline = mono_now_us() + GARP_TURN_US;
	unsigned frames = 0;
	while (ctx->garp_head && frames < GARP_TURN_FRAMES && mono_now_us() < deadline) {
		struct vrrp_instance *vi = garp_pop(ctx);
		if (!vi->garp_rounds || vi->state != VRRP_STATE_MASTER) {
			vi->garp_rounds = 0;
			continue;
		}
		frames += garp_list(vi, vi->conf.vips, vi->conf.n_vips);
		frames += garp_list(vi, vi->conf.vips_excluded, vi->conf.n_vips_excluded);
		if (--vi->garp_rounds)
			garp_push(ctx, vi);
	}
	return ctx->garp_head != NULL;
}

/* ---- the task ---------------------------------------------------------------------- */

void vrrp_batch_flush(struct vrrp_ctx *ctx)
{
	if (ctx->vipnl && vip_pending(ctx->vipnl))
		vip_flush(ctx->vipnl, 0);
}

/* The end-of-turn task: a slice of VIP requests; once they are all sent, a
 * slice of GARP rounds (a GARP never announces an address not yet added). */
static void batch_run(void *arg)
{
	struct vrrp_ctx *ctx = arg;
	bool more;
	if (vip_pending(ctx->vipnl)) {
		vip_flush(ctx->vipnl, VIP_TURN_US);
		more = vip_pending(ctx->vipnl) || ctx->garp_head;
	} else {
		more = garp_slice(ctx);
	}
	if (more)
		task_schedule(ctx->loop, &ctx->batch_task);
}

void vrrp_batch_init(struct vrrp_ctx *ctx)
{
	task_init(&ctx->batch_task, batch_run, ctx);
}

bool vrrp_batch_busy(const struct vrrp_ctx *ctx)
{
	return (ctx->vipnl && vip_pending(ctx->vipnl)) || ctx->garp_head;
}

void vrrp_batch_done(struct vrrp_ctx *ctx)
{
	vrrp_batch_flush(ctx);
	vrrp_fw_done(ctx);
	if (!ctx->dont_release)
		vrrp_routes_update(ctx, &ctx->global.statics, NULL);
	task_cancel(ctx->loop, &ctx->batch_task);
	while (garp_pop(ctx))
		;
}
