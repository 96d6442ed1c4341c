/* vrrp_instance.c - an instance's life: creation, timers, adverts in and
 * out, VIPs and GARP, link changes, in-place update on reload. State
 * changes always go through vrrp_set_state() (vrrp_state.c). */
#include "vrrp.h"
#include "log.h"
#include "util.h"
#include "vrrp_election.h"
#include "vrrp_net.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#define US_PER_CS 10000ULL

/* ---- timers ------------------------------------------------------------------ */

static void adver_timer_fired(void *arg)
{
	struct vrrp_instance *vi = arg;
	if (vi->state != VRRP_STATE_MASTER)
		return;
	vrrp_send_advert(vi, vi->effective_priority);
	timer_start(vi->ctx->loop, &vi->adver_timer, (uint64_t)vi->conf.advert_int_cs * US_PER_CS);
}

static void down_timer_fired(void *arg)
{
	struct vrrp_instance *vi = arg;
	/* An advert that arrived in time but is not read yet (the loop was
	 * busy) still counts: read what is waiting, which restarts the timer
	 * if the master spoke. */
	if (vi->iface && vi->state == VRRP_STATE_BACKUP) {
		vrrp_iface_drain(vi->iface);
		if (timer_pending(&vi->down_timer) || vi->state != VRRP_STATE_BACKUP)
			return;
	}
	log_info("(%s) no advert from the master for Master_Down_Interval", vi->conf.name);
	vrrp_set_state(vi, VRRP_EV_MASTER_DOWN);
}

static void garp_delay_fired(void *arg)
{
	struct vrrp_instance *vi = arg;
	if (vi->state == VRRP_STATE_MASTER)
		vrrp_garp_burst(vi, vi->conf.garp_master_repeat);
}

static void garp_refresh_fired(void *arg)
{
	struct vrrp_instance *vi = arg;
	if (vi->state != VRRP_STATE_MASTER)
		return;
	vrrp_garp_burst(vi, vi->conf.garp_master_refresh_repeat);
	timer_start(vi->ctx->loop, &vi->garp_refresh_timer,
		    vi->conf.garp_master_refresh_s * USEC_PER_SEC);
}

/* ---- adverts out ------------------------------------------------------------------ */

/* Our source address: mcast_src_ip, else the interface's primary address. */
static bool refresh_src_addr(struct vrrp_instance *vi)
{
	if (vi->conf.l3.family == AF_INET6)
		return vrrp_refresh_src6(vi);
	if (vi->conf.mcast_src_ip.s_addr) {
		vi->src_addr = vi->conf.mcast_src_ip;
		return true;
	}
	/* Skip every address we might have added: VIPs and excluded VIPs. */
	const struct netif *nf = vi->ctx->netif;
	if (!vi->conf.n_vips_excluded)
		return netif_primary_ipv4(nf, vi->conf.ifname, vi->conf.vips, vi->conf.n_vips,
					  &vi->src_addr);
	size_t n = vi->conf.n_vips + vi->conf.n_vips_excluded;
	struct vip_conf *skip = xcalloc(n, sizeof(*skip));
	if (vi->conf.n_vips)
		memcpy(skip, vi->conf.vips, vi->conf.n_vips * sizeof(*skip));
	memcpy(skip + vi->conf.n_vips, vi->conf.vips_excluded,
	       vi->conf.n_vips_excluded * sizeof(*skip));
	bool found = netif_primary_ipv4(nf, vi->conf.ifname, skip, n, &vi->src_addr);
	free(skip);
	return found;
}

void vrrp_send_advert(struct vrrp_instance *vi, uint8_t priority)
{
	if (!vi->iface || vi->iface->fd < 0)
		return;
	if (vi->conf.l3.family == AF_INET6) {
		vrrp_send_advert6(vi, priority);
		return;
	}
	if (!vi->src_addr.s_addr && !refresh_src_addr(vi)) {
		log_warn("(%s) no IPv4 address on %s to send adverts from", vi->conf.name, vi->conf.ifname);
		return;
	}
	struct vrrp_advert adv;
	memset(&adv, 0, sizeof(adv));
	adv.version = vi->conf.version;
	adv.vrid = vi->conf.vrid;
	adv.priority = priority;
	adv.advert_int_cs = (uint16_t)vi->conf.advert_int_cs;
	if (vi->conf.version == 2) {
		adv.auth_type = (uint8_t)vi->conf.auth_type;
		memcpy(adv.auth_pass, vi->conf.auth_pass, sizeof(adv.auth_pass));
	}
	for (size_t i = 0; i < vi->conf.n_vips && adv.naddr < VRRP_MAX_ADDRS; i++)
		if (vi->conf.vips[i].addr.family == AF_INET)
			adv.addrs[adv.naddr++] = vi->conf.vips[i].addr.u.v4;
	adv.src = vi->src_addr;
	adv.dst = vi->conf.mcast_group;
	adv.ttl = VRRP_TTL;

	uint8_t pkt[2048];
	size_t len = vrrp_advert_build(pkt, sizeof(pkt), &adv, vi->ip_id++);
	if (!len || vrrp_socket_send(vi->iface->fd, pkt, len, adv.dst) < 0) {
		log_debug("(%s) advert not sent", vi->conf.name);
		return;
	}
	vi->stats.adverts_sent++;
	if (priority == VRRP_PRIO_STOP)
		vi->stats.prio0_sent++;
}

/* ---- adverts in ------------------------------------------------------------------- */

/* BACKUP: adv comes from the master we follow. Remember it, learn its
 * interval (v3) and restart Master_Down_Timer. */
static void follow_master(struct vrrp_instance *vi, const struct vrrp_advert *adv)
{
	vi->master_addr = adv->src;
	vi->master6 = adv->src6;
	vi->master_priority = adv->priority;
	if (vi->conf.version == 3)
		vi->master_adver_int_cs = adv->advert_int_cs;
	timer_start(vi->ctx->loop, &vi->down_timer,
		    vrrp_master_down_us(vi->conf.version, vi->effective_priority,
					vi->master_adver_int_cs));
}

void vrrp_instance_rx(struct vrrp_instance *vi, const struct vrrp_advert *adv)
{
	vi->stats.adverts_rcvd++;
	if (adv->priority == 0)
		vi->stats.prio0_rcvd++;

	struct vrrp_rx_view view = {
		.state = vi->state,
		.own_priority = vi->effective_priority,
		.own_addr = vi->src_addr,
		.nopreempt = vi->conf.nopreempt,
		.preempt_delay_us = (uint64_t)vi->conf.preempt_delay_ms * USEC_PER_MSEC,
		.now_us = mono_now_us(),
		.adv_priority = adv->priority,
		.adv_src = adv->src,
	};
	if (vi->conf.l3.family == AF_INET6) {
		view.own6 = &vi->src6;
		view.adv6 = &adv->src6;
	}
	char from[INET6_ADDRSTRLEN];
	struct loop *loop = vi->ctx->loop;
	switch (vrrp_rx_decide(&view, &vi->preempt_time_us)) {
	case VRRP_ACT_FOLLOW:
		follow_master(vi, adv);
		break;
	case VRRP_ACT_MASTER_LEAVING:
		log_info("(%s) master %s is leaving (priority 0)", vi->conf.name,
			 vrrp_adv_src_str(vi, adv, from));
		timer_start(loop, &vi->down_timer,
			    vrrp_skew_us(vi->conf.version, vi->effective_priority, vi->master_adver_int_cs));
		break;
	case VRRP_ACT_REASSERT:
		vrrp_send_advert(vi, vi->effective_priority);
		timer_start(loop, &vi->adver_timer, (uint64_t)vi->conf.advert_int_cs * US_PER_CS);
		break;
	case VRRP_ACT_STEP_DOWN:
		log_info("(%s) master %s has priority %u (ours %u): stepping down", vi->conf.name,
			 vrrp_adv_src_str(vi, adv, from), adv->priority, vi->effective_priority);
		if (vrrp_set_state(vi, VRRP_EV_PREEMPTED))
			follow_master(vi, adv);   /* now a backup of this master */
		break;
	case VRRP_ACT_IGNORE:
		break;
	}
}

/* ---- link state -------------------------------------------------------------------- */

static bool link_usable(struct vrrp_instance *vi)
{
	const struct netif *nf = vi->ctx->netif;
	if (!netif_index(nf, vi->conf.ifname))
		return false;
	if (!vi->conf.dont_track_primary && !netif_is_up(nf, vi->conf.ifname))
		return false;
	if (!vrrp_vmac_ensure(vi))
		return false;
	return vi->iface && vrrp_iface_ensure_socket(vi->iface);
}

void vrrp_instance_check_link(struct vrrp_instance *vi)
{
	bool usable = link_usable(vi);
	bool owner = vi->conf.priority == VRRP_PRIO_OWNER;
	if (usable)
		refresh_src_addr(vi);
	if (vi->state == VRRP_STATE_FAULT && usable) {
		log_info("(%s) interface %s is usable again", vi->conf.name, vi->conf.ifname);
		vrrp_set_state(vi, owner ? VRRP_EV_IF_UP_OWNER : VRRP_EV_IF_UP);
	} else if (vi->state != VRRP_STATE_FAULT && vi->state != VRRP_STATE_STOP && !usable) {
		log_warn("(%s) interface %s is down or missing", vi->conf.name, vi->conf.ifname);
		vrrp_set_state(vi, VRRP_EV_IF_DOWN);
	}
}

/* ---- life --------------------------------------------------------------------------- */

struct vrrp_instance *vrrp_instance_new(struct vrrp_ctx *ctx, struct vrrp_instance_conf *conf)
{
	struct vrrp_instance *vi = xcalloc(1, sizeof(*vi));
	vi->ctx = ctx;
	vi->conf = *conf;
	memset(conf, 0, sizeof(*conf));  /* heap members now belong to vi */
	vi->state = VRRP_STATE_INIT;
	vi->entered_state_us = mono_now_us();
	vi->entered_state_wall = wall_now();
	vi->effective_priority = vi->conf.priority;
	vi->master_adver_int_cs = vi->conf.advert_int_cs;
	vi->ip_id = (uint16_t)random();
	timer_init(&vi->adver_timer, adver_timer_fired, vi);
	timer_init(&vi->down_timer, down_timer_fired, vi);
	timer_init(&vi->garp_delay_timer, garp_delay_fired, vi);
	timer_init(&vi->garp_refresh_timer, garp_refresh_fired, vi);
	vi->notify_queue = script_queue_new(ctx->loop);
	if (vi->conf.l3.family == AF_INET6)
		vi->iface = vrrp_iface_get6(ctx, vrrp_xmit_dev(&vi->conf), &vi->conf.l3.mcast_group6);
	else
		vi->iface = vrrp_iface_get(ctx, vrrp_xmit_dev(&vi->conf), vi->conf.mcast_group);
	vrrp_iface_attach(vi->iface, vi);
	return vi;
}

void vrrp_instance_start(struct vrrp_instance *vi)
{
	bool owner = vi->conf.priority == VRRP_PRIO_OWNER;
	if (!link_usable(vi)) {
		log_warn("(%s) interface %s is down or missing", vi->conf.name, vi->conf.ifname);
		vrrp_set_state(vi, VRRP_EV_IF_DOWN);
		return;
	}
	refresh_src_addr(vi);
	vrrp_set_state(vi, owner ? VRRP_EV_STARTUP_OWNER : VRRP_EV_STARTUP);
}

void vrrp_instance_resume(struct vrrp_instance *vi)
{
	if (vi->conf.priority == VRRP_PRIO_OWNER || !link_usable(vi)) {
		vrrp_instance_start(vi);
		return;
	}
	if (!vrrp_vips_all_present(vi)) {
		log_info("(%s) was MASTER before the VRRP process restarted, but its addresses are "
			 "gone: starting as usual", vi->conf.name);
		vrrp_instance_start(vi);
		return;
	}
	refresh_src_addr(vi);
	log_notice("(%s) was MASTER before the VRRP process restarted and its addresses are in "
		   "place: resuming MASTER", vi->conf.name);
	vrrp_set_state(vi, VRRP_EV_RESUME);
}

void vrrp_instance_destroy(struct vrrp_instance *vi)
{
	struct loop *loop = vi->ctx->loop;
	if (vi->state != VRRP_STATE_STOP)
		vrrp_set_state(vi, VRRP_EV_SHUTDOWN);
	timer_stop(loop, &vi->adver_timer);
	timer_stop(loop, &vi->down_timer);
	timer_stop(loop, &vi->garp_delay_timer);
	timer_stop(loop, &vi->garp_refresh_timer);
	vrrp_garp_cancel(vi);
	vrrp_iface_detach(vi->iface, vi);
	if (!vi->ctx->dont_release) {
		vrrp_batch_flush(vi->ctx);   /* its VIP removals first */
		vrrp_vmac_release(vi);
	}
	script_queue_free(vi->notify_queue);
	vrrp_instance_conf_free(&vi->conf);
	free(vi);
}

bool vrrp_instance_same_identity(const struct vrrp_instance_conf *a, const struct vrrp_instance_conf *b)
{
	return a->vrid == b->vrid && a->version == b->version &&
	       strcmp(a->ifname, b->ifname) == 0 &&
	       a->mcast_group.s_addr == b->mcast_group.s_addr &&
	       a->l3.family == b->l3.family && a->l3.use_vmac == b->l3.use_vmac &&
	       a->l3.vmac_xmit_base == b->l3.vmac_xmit_base &&
	       strcmp(a->l3.vmac_name, b->l3.vmac_name) == 0 &&
	       memcmp(&a->l3.mcast_group6, &b->l3.mcast_group6, sizeof(a->l3.mcast_group6)) == 0;
}

static bool vip_in(const struct vip_conf *v, const struct vip_conf *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (memcmp(&v->addr, &list[i].addr, sizeof(v->addr)) == 0 &&
		    v->prefixlen == list[i].prefixlen && strcmp(v->dev, list[i].dev) == 0)
			return true;
	return false;
}

/* As master, remove what the new config dropped and add what it added. */
static void vip_diff_apply(struct vrrp_instance *vi, const struct vrrp_instance_conf *old,
			   const struct vrrp_instance_conf *new)
{
	const struct vip_conf *lists_old[2] = { old->vips, old->vips_excluded };
	const size_t n_old[2] = { old->n_vips, old->n_vips_excluded };
	const struct vip_conf *lists_new[2] = { new->vips, new->vips_excluded };
	const size_t n_new[2] = { new->n_vips, new->n_vips_excluded };
	for (int l = 0; l < 2; l++) {
		for (size_t i = 0; i < n_old[l]; i++)
			if (!vip_in(&lists_old[l][i], lists_new[l], n_new[l]))
				vrrp_vip_change(vi, &lists_old[l][i], vrrp_vip_dev(vi), false);
		for (size_t i = 0; i < n_new[l]; i++)
			if (!vip_in(&lists_new[l][i], lists_old[l], n_old[l]))
				vrrp_vip_change(vi, &lists_new[l][i], vrrp_vip_dev(vi), true);
	}
}

void vrrp_instance_update(struct vrrp_instance *vi, struct vrrp_instance_conf *conf)
{
	if (vrrp_instance_conf_equal(&vi->conf, conf)) {
		vrrp_instance_conf_free(conf);
		return;
	}
	log_info("(%s) configuration changed: applying in place (state %s kept)",
		 vi->conf.name, vrrp_state_name(vi->state));
	if (vi->state == VRRP_STATE_MASTER) {
		vip_diff_apply(vi, &vi->conf, conf);
		vrrp_routes_update(vi->ctx, &vi->conf.l3.rt, &conf->l3.rt);
	}
	uint8_t old_prio = vi->conf.priority;
	vrrp_instance_conf_free(&vi->conf);
	vi->conf = *conf;
	memset(conf, 0, sizeof(*conf));
	vi->effective_priority = vi->conf.priority;
	vi->src_addr.s_addr = 0;
	vi->vips_seen = false;   /* the new list is judged once installed */
	memset(&vi->src6, 0, sizeof(vi->src6));
	refresh_src_addr(vi);
	if (old_prio != vi->conf.priority)
		log_info("(%s) priority %u -> %u", vi->conf.name, old_prio, vi->conf.priority);
	if (vi->state == VRRP_STATE_MASTER) {
		/* Tell the others at once (new priority, new address list). */
		vrrp_send_advert(vi, vi->effective_priority);
		timer_start(vi->ctx->loop, &vi->adver_timer, (uint64_t)vi->conf.advert_int_cs * US_PER_CS);
	}
}
