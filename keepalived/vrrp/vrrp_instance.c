/* vrrp_instance.c - an instance's life: creation, timers, adverts in and
 * out, VIPs and GARP, link changes, in-place update on reload. State
 * changes always go through vrrp_set_state() (vrrp_state.c). */
#include "vrrp.h"
#include "log.h"
#include "util.h"
#include "vrrp_election.h"
#include "vrrp_auth.h"
#include "vrrp_net.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ka_ssl.h"

#define US_PER_CS 10000ULL

/* ---- timers ------------------------------------------------------------------ */

static void adver_timer_fired(void *arg)
{
	struct vrrp_instance *vi = arg;
	if (vi->state != VRRP_STATE_MASTER)
		return;
	vrrp_send_advert(vi, vi->effective_priority);
	/* every advert_int after the last one was due: a loop busy with a
	 * thousand transitions delays an advert, never the ones after it */
	timer_start_next(vi->ctx->loop, &vi->adver_timer, (uint64_t)vi->conf.advert_int_cs * US_PER_CS);
}

/* Arm Master_Down_Timer for vi's current priority: down_from_us plus
 * Master_Down_Interval, or the skew time alone after a priority-0 advert.
 * A deadline already past fires on the next turn. */
static void down_timer_arm(struct vrrp_instance *vi)
{
	uint64_t d = vi->down_skew_only
			     ? vrrp_skew_us(vi->conf.version, vi->effective_priority, vi->master_adver_int_cs)
			     : vrrp_master_down_us(vi->conf.version, vi->effective_priority,
						   vi->master_adver_int_cs, vi->conf.down_timer_adverts);
	timer_start_at(vi->ctx->loop, &vi->down_timer, vi->down_from_us + d);
}

/* From now - from the end of vrrp_startup_delay while it lasts. */
static void down_timer_from_now(struct vrrp_instance *vi, bool skew_only)
{
	uint64_t from = mono_now_us();
	if (vi->ctx->startup_until_us > from)
		from = vi->ctx->startup_until_us;
	vi->down_from_us = from;
	vi->down_skew_only = skew_only;
	down_timer_arm(vi);
}

/* Contract: see vrrp.h. */
void vrrp_down_timer_restart(struct vrrp_instance *vi)
{
	down_timer_from_now(vi, false);
}

/* Contract: see vrrp.h. */
void vrrp_down_timer_priority_changed(struct vrrp_instance *vi)
{
	if (vi->state == VRRP_STATE_BACKUP && timer_pending(&vi->down_timer))
		down_timer_arm(vi);
}

static void down_timer_fired(void *arg)
{
	struct vrrp_instance *vi = arg;
	/* An advert that arrived in time but is not read yet (the loop was
	 * busy) still counts: read what is waiting, which restarts the timer
	 * if the master spoke. */
	if (vi->iface && vi->state == VRRP_STATE_BACKUP) {
		vrrp_iface_drain(vi->iface, vi->down_timer.when_us);
		if (timer_pending(&vi->down_timer) || vi->state != VRRP_STATE_BACKUP)
			return;
	}
	log_debug("(%s) no advert from the master for Master_Down_Interval", vi->conf.name);   /* -D, as keepalived */
	vi->wants_master = true;
	if (vi->state == VRRP_STATE_BACKUP && !vrrp_sync_can_go_master(vi)) {
		/* a member of its sync group still follows a master: stay
		 * BACKUP and look again after another Master_Down_Interval */
		log_debug("(%s) stays BACKUP: a member of its sync group does not want MASTER", vi->conf.name);
		vrrp_down_timer_restart(vi);
		return;
	}
	vrrp_set_state(vi, VRRP_EV_MASTER_DOWN);
}

static void garp_delay_fired(void *arg)
{
	struct vrrp_instance *vi = arg;
	if (vi->state == VRRP_STATE_MASTER)
		vrrp_garp_burst(vi, vi->conf.garp_master_repeat);
}

static void garp_lower_fired(void *arg)
{
	struct vrrp_instance *vi = arg;
	if (vi->state == VRRP_STATE_MASTER)
		vrrp_garp_burst(vi, vi->conf.ext.garp_lower_prio_repeat);
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

/* Our source address: mcast_src_ip (or unicast_src_ip: the same setting),
 * else the interface's primary address. */
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

/* The packet of one advert: IPv4 + VRRP, with an AH header for
 * auth_type AH (its IP id is never 0: the kernel would rewrite it after the
 * ICV was computed). 0 on failure. */
static size_t build_packet(struct vrrp_instance *vi, const struct vrrp_advert *adv, uint8_t *pkt, size_t cap)
{
	if (!vrrp_uses_ah(&vi->conf))
		return vrrp_advert_build(pkt, cap, adv, vi->ip_id++);
	uint8_t plain[2048];
	if (!vi->ip_id)
		vi->ip_id++;
	size_t n = vrrp_advert_build(plain, sizeof(plain), adv, vi->ip_id++);
	return n ? vrrp_ah_wrap(plain, n, pkt, cap, ++vi->ah_seq, vi->conf.auth_pass) : 0;
}

/* Contract: see vrrp.h. */
void vrrp_count_sent(struct vrrp_instance *vi, uint8_t priority)
{
	vi->stats.adverts_sent++;
	if (priority == VRRP_PRIO_STOP)
		vi->stats.prio0_sent++;
}

/* Unicast: one copy to each unicast_peer, with unicast_ttl; nothing to the
 * multicast group. */
static void send_unicast(struct vrrp_instance *vi, struct vrrp_advert *adv, uint8_t priority)
{
	bool sent = false;
	for (size_t i = 0; i < vi->conf.ext.n_peers; i++) {
		const struct unicast_peer_conf *p = &vi->conf.ext.peers[i];
		if (p->addr.family != AF_INET)
			continue;
		adv->dst = p->addr.u.v4;
		adv->ttl = vi->conf.ext.unicast_ttl;
		uint8_t pkt[2048];
		size_t len = build_packet(vi, adv, pkt, sizeof(pkt));
		if (len && vrrp_socket_send(vi->iface->fd, pkt, len, adv->dst) == 0)
			sent = true;
	}
	if (sent)
		vrrp_count_sent(vi, priority);
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
	if (vi->csum_old && vi->conf.version == 3)
		adv.csum_dst = vi->ctx->global.vrrp_mcast_group4;   /* old_unicast_checksum */
	if (vi->conf.ext.unicast) {
		send_unicast(vi, &adv, priority);
		return;
	}
	adv.dst = vi->conf.mcast_group;
	adv.ttl = VRRP_TTL;

	uint8_t pkt[2048];
	size_t len = build_packet(vi, &adv, pkt, sizeof(pkt));
	if (!len || vrrp_socket_send(vi->iface->fd, pkt, len, adv.dst) < 0) {
		log_debug("(%s) advert not sent", vi->conf.name);
		return;
	}
	vrrp_count_sent(vi, priority);
}

/* ---- adverts in ------------------------------------------------------------------- */

/* BACKUP: adv comes from the master we follow. Remember it, learn its
 * interval (v3) and restart Master_Down_Timer. */
static void follow_master(struct vrrp_instance *vi, const struct vrrp_advert *adv)
{
	vi->wants_master = false;
	vi->master_addr = adv->src;
	vi->master6 = adv->src6;
	vi->master_priority = adv->priority;
	vi->heard_addr = adv->src;
	vi->heard6 = adv->src6;
	vi->heard_priority = adv->priority;
	if (vi->conf.version == 3)
		vi->master_adver_int_cs = adv->advert_int_cs;
	vrrp_down_timer_restart(vi);
}

/* MASTER and an advert of a lower priority: another router thinks it is
 * master (split brain healing, or a restart). keepalived: refresh the
 * neighbours' ARP caches (garp_lower_prio_repeat now and again after
 * garp_lower_prio_delay), advertise at once unless lower_prio_no_advert,
 * and tell notify_master_rx_lower_pri and the FIFO. */
static void master_rx_lower(struct vrrp_instance *vi, const struct vrrp_advert *adv)
{
	const struct vrrp_ext_conf *e = &vi->conf.ext;
	char from[INET6_ADDRSTRLEN];
	vi->stats.lower_prio_rcvd++;
	log_info("(%s) received a lower priority advert (%u) from %s", vi->conf.name,
		 adv->priority, vrrp_adv_src_str(vi, adv, from));
	if (e->garp_lower_prio_repeat) {
		vrrp_garp_burst(vi, e->garp_lower_prio_repeat);
		if (e->garp_lower_prio_delay_s)
			timer_start(vi->ctx->loop, &vi->garp_lower_timer,
				    (uint64_t)e->garp_lower_prio_delay_s * USEC_PER_SEC);
	}
	if (!e->lower_prio_no_advert) {
		vrrp_send_advert(vi, vi->effective_priority);
		timer_start(vi->ctx->loop, &vi->adver_timer, (uint64_t)vi->conf.advert_int_cs * US_PER_CS);
	}
	char prio[8], line[128];
	snprintf(prio, sizeof(prio), "%u", vi->effective_priority);
	if (e->notify_master_rx_lower_pri.cmd) {
		/* as written, nothing appended: keepalived 2.2.7 runs it as it
		 * runs notify_master (the FIFO gets the INSTANCE line below) */
		struct script_policy p = script_policy_of(&vi->ctx->script_policy, &e->notify_master_rx_lower_pri);
		script_tally_run(vi->notify_scripts, &p, e->notify_master_rx_lower_pri.cmd, NULL);
	}
	snprintf(line, sizeof(line), "INSTANCE \"%s\" MASTER_RX_LOWER_PRI %s", vi->conf.name, prio);
	vrrp_fifo_write(vi->ctx, line);
}

/* A MASTER address owner hearing another address owner (priority 255 from
 * another router): keepalived 2.2.7 reports the conflict and lowers its own
 * priority to 254 for as long as this configuration runs, so the other one
 * stays MASTER (this one goes BACKUP and, no owner any more, removes its
 * VIPs). A reload gives the configured priority back. */
static void owner_conflict(struct vrrp_instance *vi, const struct vrrp_advert *adv)
{
	if (vi->state != VRRP_STATE_MASTER || adv->priority != VRRP_PRIO_OWNER ||
	    vi->effective_priority != VRRP_PRIO_OWNER)
		return;
	log_info("(%s) CONFIGURATION ERROR: local instance and a remote instance are both configured as address "
		 "owner, please fix - reducing local priority", vi->conf.name);
	vi->conf.priority = VRRP_PRIO_OWNER - 1;
	vi->effective_priority = VRRP_PRIO_OWNER - 1;
}

void vrrp_instance_rx(struct vrrp_instance *vi, const struct vrrp_advert *adv)
{
	if (vi->conf.l3.owner_ignore_adverts && vi->effective_priority == VRRP_PRIO_OWNER) {
		/* owner_ignore_adverts: RFC 3768/5798's address owner drops every advert */
		char from[INET6_ADDRSTRLEN];
		if (!vi->owner_drop_logged)
			log_info("(%s) Dropping packet(s) from %s since we are address owner", vi->conf.name,
				 vrrp_adv_src_str(vi, adv, from));
		vi->owner_drop_logged = true;
		return;
	}
	vi->stats.adverts_rcvd++;
	if (adv->priority == 0)
		vi->stats.prio0_rcvd++;
	owner_conflict(vi, adv);

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
		down_timer_from_now(vi, true);
		break;
	case VRRP_ACT_REASSERT:
		vrrp_send_advert(vi, vi->effective_priority);
		timer_start(loop, &vi->adver_timer, (uint64_t)vi->conf.advert_int_cs * US_PER_CS);
		break;
	case VRRP_ACT_STEP_DOWN:
		log_info("(%s) master %s has priority %u (ours %u): stepping down", vi->conf.name,
			 vrrp_adv_src_str(vi, adv, from), adv->priority, vi->effective_priority);
		if (vi->conf.ext.higher_prio_send_advert)
			vrrp_send_advert(vi, vi->effective_priority);
		if (vrrp_set_state(vi, VRRP_EV_PREEMPTED))
			follow_master(vi, adv);   /* now a backup of this master */
		break;
	case VRRP_ACT_IGNORE:
		if (vi->state == VRRP_STATE_MASTER)
			master_rx_lower(vi, adv);
		break;
	}
}

/* ---- link state -------------------------------------------------------------------- */

bool vrrp_instance_link_usable(struct vrrp_instance *vi)
{
	const struct netif *nf = vi->ctx->netif;
	if (!vi->conf.ifname[0])   /* unicast without an interface: the socket is all */
		return vi->iface && vrrp_iface_ensure_socket(vi->iface);
	if (!netif_index(nf, vi->conf.ifname))
		return false;
	vrrp_promote_secondaries(vi);
	if (!vi->conf.dont_track_primary && !vrrp_link_up(vi->ctx, vi->conf.ifname))
		return false;
	if (!vrrp_vmac_ensure(vi))
		return false;
	/* keepalived 2.2.7: an IPv4 instance whose interface has no IPv4
	 * address to advertise from (and no mcast_src_ip) is in FAULT */
	if (vi->conf.l3.family != AF_INET6 && !refresh_src_addr(vi))
		return false;
	return vi->iface && vrrp_iface_ensure_socket(vi->iface);
}

/* Contract: see vrrp.h. */
bool vrrp_instance_src_present(const struct vrrp_instance *vi)
{
	const struct netif *nf = vi->ctx->netif;
	struct ka_addr a = { .family = vi->conf.l3.family == AF_INET6 ? AF_INET6 : AF_INET };
	if (a.family == AF_INET6) {
		if (IN6_IS_ADDR_UNSPECIFIED(&vi->conf.l3.mcast_src6))
			return true;
		a.u.v6 = vi->conf.l3.mcast_src6;
	} else {
		if (!vi->conf.mcast_src_ip.s_addr)
			return true;
		a.u.v4 = vi->conf.mcast_src_ip;
	}
	if (!vi->conf.ifname[0])
		return netif_has_addr(nf, 0, &a);
	unsigned ifindex = netif_index(nf, vi->conf.ifname);
	return (ifindex && netif_has_addr(nf, ifindex, &a)) ||
	       (vi->vmac_ifindex && netif_has_addr(nf, vi->vmac_ifindex, &a));
}

/* Contract: see vrrp.h. */
unsigned vrrp_instance_link_faults(const struct vrrp_instance *vi)
{
	const struct vrrp_l3_conf *l3 = &vi->conf.l3;
	const struct netif *nf = vi->ctx->netif;
	const char *ifname = vi->conf.ifname;
	if (!ifname[0] || l3->use_vmac || l3->use_ipvlan)
		return 1;
	unsigned n = !netif_index(nf, ifname) || (!vi->conf.dont_track_primary && !vrrp_link_up(vi->ctx, ifname));
	struct in_addr a;
	if (l3->family != AF_INET6 && !vi->conf.mcast_src_ip.s_addr && netif_index(nf, ifname) &&
	    !netif_primary_ipv4(nf, ifname, vi->conf.vips, vi->conf.n_vips, &a))
		n++;
	return n ? n : 1;
}

/* The link may have changed: a new source address, then the instance's
 * faults and priority (vrrp_reassess()). */
void vrrp_instance_check_link(struct vrrp_instance *vi)
{
	if (vrrp_instance_link_usable(vi))
		refresh_src_addr(vi);
	vrrp_reassess(vi);
}

/* ---- life --------------------------------------------------------------------------- */

struct vrrp_instance *vrrp_instance_new(struct vrrp_ctx *ctx, struct vrrp_instance *vi)
{
	if (vi->conf.auth_type == VRRP_AUTH_AH)
		ka_ssl_load();   /* HMAC-MD5: loaded now, not on the first packet */
	vi->ctx = ctx;
	vi->state = VRRP_STATE_INIT;
	vi->entered_state_us = mono_now_us();
	vi->entered_state_wall = wall_now();
	vi->effective_priority = vi->conf.priority;
	vi->master_adver_int_cs = vi->conf.advert_int_cs;
	vi->ip_id = (uint16_t)random();
	vi->csum_old = vrrp_csum_old_conf(&vi->conf);
	timer_init(&vi->adver_timer, adver_timer_fired, vi);
	timer_init(&vi->down_timer, down_timer_fired, vi);
	timer_init(&vi->garp_delay_timer, garp_delay_fired, vi);
	timer_init(&vi->garp_refresh_timer, garp_refresh_fired, vi);
	timer_init(&vi->garp_lower_timer, garp_lower_fired, vi);
	vrrp_garp_extra_init(vi);
	vi->notify_scripts = script_tally_new(ctx->loop);
	if (vi->conf.l3.family == AF_INET6) {
		static const struct in6_addr none = IN6ADDR_ANY_INIT;   /* unicast: joined to nothing */
		vi->iface = vrrp_iface_get6(ctx, vrrp_xmit_dev(&vi->conf),
					    vi->conf.ext.unicast ? &none : &vi->conf.l3.mcast_group6);
	} else {
		struct in_addr group = vi->conf.mcast_group;
		if (vi->conf.ext.unicast)
			group.s_addr = INADDR_ANY;   /* a socket of its own, joined to nothing */
		int proto = vrrp_uses_ah(&vi->conf) ? VRRP_AH_PROTO : VRRP_PROTO;
		vi->iface = !vi->conf.ifname[0] && vi->conf.l3.vrf[0]
				    ? vrrp_iface_get_vrf(ctx, vi->conf.l3.vrf, group, proto)
				    : vrrp_iface_get(ctx, vrrp_xmit_dev(&vi->conf), group, proto);
	}
	vrrp_iface_attach(vi->iface, vi);
	return vi;
}

/* Contract: see vrrp.h. */
bool vrrp_instance_owner_master(const struct vrrp_instance *vi)
{
	return vi->conf.priority == VRRP_PRIO_OWNER && vi->conf.initial_state == VRRP_STATE_MASTER;
}

/* Contract: see vrrp.h. */
bool vrrp_instance_assess(struct vrrp_instance *vi)
{
	if (vrrp_instance_link_usable(vi))
		refresh_src_addr(vi);
	vi->start_assessed = true;
	return vrrp_track_initial(vi);
}

/* Contract: see vrrp.h. Trackers are bound (vrrp_trackers_apply()) and
 * the startup delay is over: FAULT when the link, a tracker, the unicast
 * peers or the sync group say so, else BACKUP (MASTER for an owner in
 * state MASTER - keepalived 2.2.7 starts an owner in state BACKUP as a
 * backup: it waits Master_Down_Interval, and stays BACKUP while another
 * owner advertises). An
 * instance with a weight-0 vrrp_script that has not answered yet stays in
 * INIT, silently, until it has (keepalived 2.2.7 does the same: a router
 * whose check fails never claims MASTER in between) - with the other
 * members of its sync group; the tracker's first result calls this again
 * (apply() in vrrp_tracker.c). */
void vrrp_instance_start(struct vrrp_instance *vi)
{
	bool owner = vrrp_instance_owner_master(vi);
	bool fault = vi->start_assessed ? vi->own_fault || vrrp_sync_peer_fault(vi) : vrrp_instance_assess(vi);
	vi->start_assessed = false;
	if (!fault && vrrp_sync_scripts_pending(vi)) {   /* its own, or a group member's */
		if (!vi->start_held)
			log_info("(%s) waits in INIT for the first result of a tracked script%s", vi->conf.name,
				 vi->sync ? " (its own or its sync group's)" : "");
		vi->start_held = true;
		vi->held_at_start = true;
		return;
	}
	vi->start_held = false;
	if (fault) {
		log_warn("(%s) starting in FAULT: %s", vi->conf.name,
			 vi->own_fault && vi->fault_reason ? vi->fault_reason : "its sync group is in fault");
		vrrp_set_state(vi, VRRP_EV_IF_DOWN);
		return;
	}
	vrrp_set_state(vi, owner ? VRRP_EV_STARTUP_OWNER : VRRP_EV_STARTUP);
}

void vrrp_instance_resume(struct vrrp_instance *vi, const struct vrrp_resume_rec *rec)
{
	if (vi->conf.priority == VRRP_PRIO_OWNER || !vrrp_instance_link_usable(vi)) {
		vrrp_instance_start(vi);
		return;
	}
	if (!vrrp_resume_kept_present(vi, rec)) {
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
	timer_stop(loop, &vi->garp_lower_timer);
	vrrp_garp_extra_stop(vi);
	vrrp_garp_cancel(vi);
	vrrp_iface_detach(vi->iface, vi);
	if (!vi->ctx->dont_release) {
		vrrp_batch_flush(vi->ctx);   /* its VIP removals first */
		vrrp_vmac_release(vi);
	}
	script_tally_free(vi->notify_scripts);
	free(vi->tracks);
	vrrp_instance_conf_free(&vi->conf);
	free(vi);
}

bool vrrp_instance_same_identity(const struct vrrp_instance_conf *a, const struct vrrp_instance_conf *b)
{
	return a->vrid == b->vrid && a->version == b->version &&
	       strcmp(a->ifname, b->ifname) == 0 &&
	       a->mcast_group.s_addr == b->mcast_group.s_addr &&
	       a->ext.unicast == b->ext.unicast && vrrp_uses_ah(a) == vrrp_uses_ah(b) &&
	       strcmp(a->ext.vip_dev, b->ext.vip_dev) == 0 &&
	       a->l3.family == b->l3.family && a->l3.use_vmac == b->l3.use_vmac &&
	       a->l3.vmac_xmit_base == b->l3.vmac_xmit_base && a->l3.use_ipvlan == b->l3.use_ipvlan &&
	       a->l3.n_addr_vmacs == b->l3.n_addr_vmacs && strcmp(a->l3.vrf, b->l3.vrf) == 0 &&
	       (!a->l3.n_addr_vmacs ||
		memcmp(a->l3.addr_vmacs, b->l3.addr_vmacs, a->l3.n_addr_vmacs * sizeof(*a->l3.addr_vmacs)) == 0) &&
	       a->l3.ipvlan_flags == b->l3.ipvlan_flags && a->l3.ipvlan_plen == b->l3.ipvlan_plen &&
	       memcmp(&a->l3.ipvlan_addr, &b->l3.ipvlan_addr, sizeof(a->l3.ipvlan_addr)) == 0 &&
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
				vrrp_vip_change(vi, &lists_old[l][i], vrrp_conf_vip_dev(old), false);
		for (size_t i = 0; i < n_new[l]; i++)
			if (!vip_in(&lists_new[l][i], lists_old[l], n_old[l]))
				vrrp_vip_change(vi, &lists_new[l][i], vrrp_conf_vip_dev(new), true);
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
	if (conf->auth_type == VRRP_AUTH_AH)
		ka_ssl_load();
	vrrp_resume_widen(vi, conf);   /* a crash from now on finds the old and the new addresses */
	if (vi->state == VRRP_STATE_MASTER) {
		vip_diff_apply(vi, &vi->conf, conf);
		vrrp_routes_update(vi->ctx, &vi->conf.l3.rt, &conf->l3.rt);
	}
	uint8_t old_prio = vi->conf.priority;
	if (conf->ext.old_unicast_checksum != vi->conf.ext.old_unicast_checksum)
		vi->csum_old = vrrp_csum_old_conf(conf);   /* else an old checksum seen stays in use */
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
