/* vrrp_ifdelay.c - interface_up_down_delays at run time: the up/down state
 * of each interface that has delays, as the instances and interface
 * trackers see it (vrrp_link_up()).
 *
 * An interface listed in the block reports a change of state only once the
 * change has lasted its delay (down_delay going down, up_delay coming up);
 * when it changes back before, nothing is reported. As in keepalived 2.2.7:
 *   - until the interface has been seen up once, changes are immediate;
 *   - an interface that disappears is down at once (no delay);
 *   - a delay is kept below (down_timer_adverts - 1) x the advert interval
 *     of every instance on the interface, the master's learned interval
 *     included (validation does it for the configured ones);
 *   - a VMAC instance uses its parent's (conf.ifname is the parent).
 * Every other interface reports its state at once (netif_is_up()).
 */
#include "log.h"
#include "util.h"
#include "vrrp.h"
#include "vrrp_net.h"

#include <stdlib.h>
#include <string.h>

struct vrrp_ifdebounce {
	struct vrrp_ifdebounce *next;
	struct vrrp_ctx *ctx;
	char ifname[IFNAMSIZ];
	uint32_t down_us, up_us;
	bool up;                 /* the state reported to instances and trackers */
	bool seen_up;            /* up once: from now on changes wait their delay */
	bool pending;            /* the timer counts toward !up */
	struct ev_timer timer;
};

static struct vrrp_ifdebounce *find(const struct vrrp_ctx *ctx, const char *ifname)
{
	for (struct vrrp_ifdebounce *d = ctx->debounce; d; d = d->next)
		if (strcmp(d->ifname, ifname) == 0)
			return d;
	return NULL;
}

/* The delay before the change toward `up` is reported: the configured one,
 * lowered below (down_timer_adverts - 1) x the advert interval each
 * instance on the interface follows now (a VRRPv3 master may advertise
 * faster than we were configured). */
static uint64_t effective_delay(const struct vrrp_ifdebounce *d, bool up)
{
	uint64_t delay = up ? d->up_us : d->down_us;
	for (const struct vrrp_instance *vi = d->ctx->instances; vi && delay; vi = vi->next) {
		if (strcmp(vi->conf.ifname, d->ifname) != 0)
			continue;
		if (vi->conf.down_timer_adverts <= 1)
			return 0;
		uint64_t adv_us = (uint64_t)vi->master_adver_int_cs * 10000;
		uint64_t limit = (uint64_t)(vi->conf.down_timer_adverts - 1) * adv_us;
		if (adv_us && delay >= limit)
			delay = limit - adv_us / 256;
	}
	return delay;
}

/* The change has lasted its delay: report it and let everyone reassess. */
static void delay_fired(void *arg)
{
	struct vrrp_ifdebounce *d = arg;
	struct vrrp_ctx *ctx = d->ctx;
	d->pending = false;
	d->up = netif_is_up(ctx->netif, d->ifname);
	if (d->up)
		d->seen_up = true;
	log_notice("%s is %s (lasted its interface_up_down_delays delay)", d->ifname, d->up ? "UP" : "DOWN");
	if (!ctx->stopping)
		vrrp_child_links_changed(ctx, NETIF_CH_LINK);
}

/* Contract: see vrrp.h. */
void vrrp_ifdelay_links_changed(struct vrrp_ctx *ctx)
{
	for (struct vrrp_ifdebounce *d = ctx->debounce; d; d = d->next) {
		bool exists = netif_index(ctx->netif, d->ifname) != 0;
		bool raw = exists && netif_is_up(ctx->netif, d->ifname);
		if (raw == d->up || !exists) {
			if (d->pending)
				log_info("%s is %s again before its interface_up_down_delays delay: no change reported",
					 d->ifname, raw ? "UP" : "DOWN");
			timer_stop(ctx->loop, &d->timer);
			d->pending = false;
			d->up = raw;
			if (!exists)
				d->seen_up = false;
			continue;
		}
		if (d->pending)
			continue;   /* already counting toward raw */
		uint64_t delay = effective_delay(d, raw);
		if (!d->seen_up || !delay) {
			d->up = raw;
			d->seen_up |= raw;
			continue;
		}
		d->pending = true;
		timer_start(ctx->loop, &d->timer, delay);
		log_info("%s is %s: reported in %llu.%06llu s unless it changes back (interface_up_down_delays)",
			 d->ifname, raw ? "UP" : "DOWN", (unsigned long long)(delay / 1000000),
			 (unsigned long long)(delay % 1000000));
	}
}

/* Contract: see vrrp.h. */
bool vrrp_link_up(const struct vrrp_ctx *ctx, const char *ifname)
{
	const struct vrrp_ifdebounce *d = find(ctx, ifname);
	return d ? d->up : netif_is_up(ctx->netif, ifname);
}

static void debounce_free(struct vrrp_ifdebounce *d)
{
	timer_stop(d->ctx->loop, &d->timer);
	free(d);
}

/* Contract: see vrrp.h. An interface that stays listed keeps its state
 * (and a change under way), with the new delays for the next change. */
void vrrp_ifdelay_apply(struct vrrp_ctx *ctx)
{
	const struct vrrp_if_delays *conf = &ctx->global.if_delays;
	struct vrrp_ifdebounce *old = ctx->debounce, *fresh = NULL;
	for (size_t i = 0; i < conf->n_delays; i++) {
		const struct if_delay_conf *c = &conf->delays[i];
		struct vrrp_ifdebounce **pp = &old, *d;
		while (*pp && strcmp((*pp)->ifname, c->ifname) != 0)
			pp = &(*pp)->next;
		if (*pp) {
			d = *pp;
			*pp = d->next;
		} else {
			d = xcalloc(1, sizeof(*d));
			d->ctx = ctx;
			str_copy(d->ifname, sizeof(d->ifname), c->ifname);
			d->up = netif_is_up(ctx->netif, d->ifname);
			d->seen_up = d->up;
			timer_init(&d->timer, delay_fired, d);
		}
		d->down_us = c->down_us;
		d->up_us = c->up_us;
		d->next = fresh;
		fresh = d;
	}
	ctx->debounce = fresh;
	while (old) {
		struct vrrp_ifdebounce *d = old;
		old = d->next;
		debounce_free(d);
	}
}

/* Contract: see vrrp.h. The delays as validation left them (lowered below
 * the advert limit), as keepalived 2.2.7 prints them. */
void vrrp_ifdelay_dump(const struct vrrp_ctx *ctx, const char *ifname, char **out, size_t *len)
{
	const struct vrrp_ifdebounce *d = find(ctx, ifname);
	str_appendf(out, len, "   Up debounce timer = %uus\n   Down debounce timer = %uus\n",
		    d ? d->up_us : 0, d ? d->down_us : 0);
}

/* Contract: see vrrp.h. */
void vrrp_ifdelay_free_all(struct vrrp_ctx *ctx)
{
	while (ctx->debounce) {
		struct vrrp_ifdebounce *d = ctx->debounce;
		ctx->debounce = d->next;
		debounce_free(d);
	}
}
