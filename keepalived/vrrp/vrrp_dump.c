/* vrrp_dump.c - the VRRP child's part of the USR1 (data) dump: the
 * "------< VRRP Topology >------" section of keepalived.data with keepalived
 * 2.2.7's labels, order and value formats for every field we have (a field
 * we do not have is left out); our own extra fields come last in each
 * instance. The sync group, script and track sections and the USR2 stats
 * are vrrp_dump_objs.c's, the JSON status record vrrp_status.c's and
 * 2.2.7's keepalived.json (SIGRTMIN+2) vrrp_json_file.c's. The
 * parent writes the files (core/parent_dump.c). */
#include "vrrp.h"
#include "vrrp_election.h"
#include "vrrp_fsm.h"
#include "vrrp_net.h"
#include "dump_text.h"
#include "ipc.h"
#include "util.h"

#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <stdio.h>
#include <time.h>

static const char *scope_name(uint8_t scope)
{
	switch (scope) {
	case 0: return "global";
	case 200: return "site";
	case 253: return "link";
	case 254: return "host";
	case 255: return "nowhere";
	default: return "other";
	}
}

static const char *en_dis(bool b) { return b ? "enabled" : "disabled"; }

/* Contract: see vrrp.h. */
void vrrp_dump_vip(char **out, size_t *len, const struct vip_conf *v, const char *dev, bool set, bool nft)
{
	char a[INET6_ADDRSTRLEN] = "?";
	inet_ntop(v->addr.family, &v->addr.u, a, sizeof(a));
	bool host = v->prefixlen == (v->addr.family == AF_INET6 ? 128 : 32);
	str_appendf(out, len, "     %s", a);
	if (!host && !v->peer.family)
		str_appendf(out, len, "/%u", v->prefixlen);
	if (v->brd.family == AF_INET)
		str_appendf(out, len, " brd %s", inet_ntop(AF_INET, &v->brd.u, a, sizeof(a)));
	str_appendf(out, len, " dev %s%s scope %s", v->dev[0] ? v->dev : dev, v->use_vmac ? " use_vmac" : "",
		    scope_name(v->scope));
	if (v->label[0])
		str_appendf(out, len, " label %s", v->label);
	if (v->peer.family)
		str_appendf(out, len, " peer %s/%u", inet_ntop(v->peer.family, &v->peer.u, a, sizeof(a)), v->prefixlen);
	/* its address flags, in 2.2.7's order (measured: "home -nodad
	 * mngtmpaddr noprefixroute autojoin", then no_track) */
	if (v->flags_on & IFA_F_HOMEADDRESS)
		str_appendf(out, len, " home");
	if (v->flags_off & IFA_F_NODAD)
		str_appendf(out, len, " -nodad");
	if (v->flags_on & IFA_F_MANAGETEMPADDR)
		str_appendf(out, len, " mngtmpaddr");
	if (v->flags_on & IFA_F_NOPREFIXROUTE)
		str_appendf(out, len, " noprefixroute");
	if (v->flags_on & IFA_F_MCAUTOJOIN)
		str_appendf(out, len, " autojoin");
	if (v->no_track)
		str_appendf(out, len, " no_track");
	/* 2.2.7 writes the lifetime of every IPv6 address: without
	 * preferred_lft, a /128 is deprecated, others preferred forever */
	if (v->addr.family == AF_INET6 && !v->preferred_set)
		str_appendf(out, len, host ? " deprecated" : " preferred_lft forever");
	else if (v->addr.family == AF_INET6) {
		if (v->preferred_lft == 0)
			str_appendf(out, len, " deprecated");
		else if (v->preferred_lft == UINT32_MAX)
			str_appendf(out, len, " preferred_lft forever");
		else
			str_appendf(out, len, " preferred_lft %u", v->preferred_lft);
	}
	str_appendf(out, len, "%s%s\n", set ? " set" : "", nft ? " nftable_set" : "");
}

/* Contract: see vrrp.h. */
const char *vrrp_vip_dev_dump(const struct vrrp_instance *vi, char *buf, size_t size)
{
	const char *dev = vrrp_vip_dev(vi);
	if (!strcmp(dev, vi->conf.ifname))
		return dev;
	snprintf(buf, size, "%s@%s", dev, vi->conf.ifname);
	return buf;
}

/* Contract: see vrrp.h. */
bool vrrp_vips_nft_set(const struct vrrp_instance *vi)
{
	return vi->state == VRRP_STATE_MASTER && !vi->conf.l3.accept && vi->conf.priority != VRRP_PRIO_OWNER;
}

/* An instance's address of its own family: a (IPv4) or a6 (IPv6). */
static const char *fam_str(const struct vrrp_instance *vi, struct in_addr a, const struct in6_addr *a6,
			   char *buf)
{
	if (vi->conf.l3.family != AF_INET6) {
		if (!a.s_addr)
			return "(none)";
		return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
	}
	if (IN6_IS_ADDR_UNSPECIFIED(a6))
		return "(none)";
	return inet_ntop(AF_INET6, a6, buf, INET6_ADDRSTRLEN) ? buf : "?";
}

/* A wall-clock time as 2.2.7's "SEC.USEC (Wed Dec  2 02:20:17.132654 2026)". */
static void wall_text(char **out, size_t *len, double t)
{
	time_t sec = (time_t)t;
	long usec = (long)((t - (double)sec) * 1e6);
	struct tm tm;
	char a[32] = "?", b[8] = "?";
	if (localtime_r(&sec, &tm)) {
		strftime(a, sizeof(a), "%a %b %e %H:%M:%S", &tm);
		strftime(b, sizeof(b), "%Y", &tm);
	}
	str_appendf(out, len, "%lld.%06ld (%s.%06ld %s)\n", (long long)sec, usec, a, usec, b);
}

/* keepalived 2.2.7's "Flags:" line is "Flags: none" only when none of its
 * instance flag bits is set: unicast, dont_track_primary,
 * skip_check_adv_addr, a configured source address, track_src_ip,
 * check_unicast_src, promote_secondaries, an excluded address of the other
 * family, nopreempt, VMAC / IPVLAN, garp_extra_if all; it lists only the
 * unicast ones below it. */
static bool any_flag(const struct vrrp_instance *vi)
{
	const struct vrrp_instance_conf *c = &vi->conf;
	const struct vrrp_l3_conf *l3 = &c->l3;
	const struct vrrp_ext_conf *e = &c->ext;
	bool v6 = l3->family == AF_INET6, other_family = false;
	for (size_t i = 0; i < c->n_vips_excluded; i++)
		other_family |= (c->vips_excluded[i].addr.family == AF_INET6) != v6;
	return e->unicast || e->unicast_fault_no_peer || c->dont_track_primary || l3->skip_check_adv_addr ||
	       (v6 ? !IN6_IS_ADDR_UNSPECIFIED(&l3->mcast_src6) : c->mcast_src_ip.s_addr != 0) || e->track_src_ip ||
	       e->check_unicast_src || l3->promote_secondaries || other_family || c->nopreempt || l3->use_vmac ||
	       l3->use_vmac_addr || l3->use_ipvlan || (l3->garp_extra_s && l3->garp_extra_all);
}

/* 2.2.7's wanted state: the state itself, but an instance configured
 * state MASTER (not the owner) that went straight to BACKUP at start waits
 * there wanting MASTER until it hears a master (master_priority stays 0
 * until then; one held in INIT by a tracked script's first result wants
 * BACKUP when it gets there), and before the first transition the
 * configured one. */
/* Contract: see vrrp.h. */
enum vrrp_state vrrp_dump_wantstate(const struct vrrp_instance *vi)
{
	if (vi->state == VRRP_STATE_INIT)
		return vi->conf.initial_state;
	if (vi->state == VRRP_STATE_BACKUP && vi->conf.initial_state == VRRP_STATE_MASTER &&
	    vi->last_event == VRRP_EV_STARTUP && !vi->held_at_start && !vi->master_priority)
		return VRRP_STATE_MASTER;
	return vi->state;
}

/* State, master, flags, wanted state, transition and timers. */
static void dump_state(const struct vrrp_ctx *ctx, const struct vrrp_instance *vi, char **out, size_t *len)
{
	const struct vrrp_instance_conf *c = &vi->conf;
	char b[INET6_ADDRSTRLEN];
	str_appendf(out, len, "   State = %s\n", vrrp_state_name(vi->state));
	/* the last master heard, as 2.2.7 (before any: its line shows the last
	 * address its dump printed, a stale buffer; ours says "(none)") */
	if (vi->state == VRRP_STATE_BACKUP) {
		str_appendf(out, len, "   Master router = %s\n", fam_str(vi, vi->heard_addr, &vi->heard6, b));
		str_appendf(out, len, "   Master priority = %u\n", vi->heard_priority);
		if (c->version == 3)
			str_appendf(out, len, "   Master advert int = %.2f sec\n", vi->master_adver_int_cs / 100.0);
	}
	if (any_flag(vi)) {
		str_appendf(out, len, "   Flags:\n");
		if (c->ext.unicast)
			str_appendf(out, len, "     Using unicast\n");
		if (c->ext.unicast_fault_no_peer)
			str_appendf(out, len, "     If unicast go to fault state if no peers\n");
	} else {
		str_appendf(out, len, "   Flags: none\n");
	}
	str_appendf(out, len, "   Wantstate = %s\n", vrrp_state_name(vrrp_dump_wantstate(vi)));
	struct vrrp_track_counts tc;
	vrrp_track_counts(vi, &tc);
	str_appendf(out, len, "   Number of config faults = 0\n");
	str_appendf(out, len, "   Number of interface and track script faults = %u\n", tc.n_fault);
	str_appendf(out, len, "   Number of track scripts init = %u\n", tc.n_init);
	str_appendf(out, len, "   Last transition = ");
	wall_text(out, len, vi->entered_state_wall);
	const struct ev_timer *t = vi->state == VRRP_STATE_MASTER ? &vi->adver_timer :
				   vi->state == VRRP_STATE_BACKUP ? &vi->down_timer : NULL;
	if (t && timer_pending(t)) {
		str_appendf(out, len, "   Read timeout = ");
		wall_text(out, len, wall_now() + (double)timer_remaining(ctx->loop, t) / 1e6);
	} else {
		str_appendf(out, len, "   Read timeout = DISABLED\n");
	}
	/* 2.2.7 makes an address owner MASTER at start by a backup down timer
	 * of 1 usec, which its dump shows until the instance leaves MASTER */
	uint32_t int_cs = c->version == 3 && vi->master_adver_int_cs ? vi->master_adver_int_cs : c->advert_int_cs;
	if (vi->state == VRRP_STATE_MASTER && vi->last_event == VRRP_EV_STARTUP_OWNER)
		str_appendf(out, len, "   Master down timer = 1 usecs\n");
	else
		str_appendf(out, len, "   Master down timer = %llu usecs\n",
			    (unsigned long long)vrrp_master_down_us(c->version, vi->effective_priority, int_cs,
								    c->down_timer_adverts ? c->down_timer_adverts : 3));
}

/* VMAC / IPVLAN, interface, VRF and the address checks. */
static void dump_link(const struct vrrp_instance *vi, char **out, size_t *len)
{
	const struct vrrp_instance_conf *c = &vi->conf;
	const struct vrrp_l3_conf *l3 = &c->l3;
	if (l3->use_vmac)
		str_appendf(out, len, "   Use VMAC, i/f name %s, is_up = %s, xmit_base = %s\n", l3->vmac_name,
			    vi->vmac_ifindex ? "true" : "false", l3->vmac_xmit_base ? "true" : "false");
	if (l3->use_vmac_addr)
		str_appendf(out, len, "   Use VMAC for VIPs on other interfaces\n");
	else if (l3->use_ipvlan) {
		char a[INET6_ADDRSTRLEN + 16] = "";
		if (l3->ipvlan_addr.family) {   /* 2.2.7: ", i/f address = ADDR/LEN" */
			char t[INET6_ADDRSTRLEN] = "?";
			inet_ntop(l3->ipvlan_addr.family, &l3->ipvlan_addr.u, t, sizeof(t));
			snprintf(a, sizeof(a), ", i/f address = %s/%u", t, l3->ipvlan_plen);
		}
		str_appendf(out, len, "   Use IPVLAN, i/f %s, is_up = %s%s, type %s\n", l3->vmac_name,
			    vi->vmac_ifindex ? "true" : "false", a,
			    l3->ipvlan_flags == 1 ? "private" : l3->ipvlan_flags == 2 ? "vepa" : "bridge");
	}
	if (vrrp_l3_own_link(l3))
		str_appendf(out, len, "   Interface = %s, %s on %s%s\n", l3->vmac_name, l3->use_vmac ? "vmac" : "ipvlan",
			    c->ifname, l3->vmac_xmit_base ? ", xmit base i/f" : "");
	else
		str_appendf(out, len, "   Interface = %s\n", c->ifname[0] ? c->ifname : "not configured");
	if (l3->vrf[0])
		str_appendf(out, len, "   VRF = %s\n", l3->vrf);
	if (c->dont_track_primary)
		str_appendf(out, len, "   VRRP interface tracking disabled\n");
	if (l3->skip_check_adv_addr)
		str_appendf(out, len, "   Skip checking advert IP addresses\n");
	if (l3->owner_ignore_adverts)
		str_appendf(out, len, "   Owner ignore adverts = true\n");
	if (l3->strict)
		str_appendf(out, len, "   Enforcing strict VRRP compliance\n");
}

/* Source, multicast group, GARP settings, advert behaviour. */
static void dump_adverts(const struct vrrp_instance *vi, char **out, size_t *len)
{
	const struct vrrp_instance_conf *c = &vi->conf;
	const struct vrrp_ext_conf *e = &c->ext;
	char b[INET6_ADDRSTRLEN];
	bool v6 = c->l3.family == AF_INET6;
	bool from_conf = v6 ? !IN6_IS_ADDR_UNSPECIFIED(&c->l3.mcast_src6) : c->mcast_src_ip.s_addr != 0;
	/* as 2.2.7: the configured address (a use_ipvlan address too) or the
	 * interface's, also while the link is down (ours looks it up only
	 * once the link is usable) */
	struct in_addr src = from_conf ? c->mcast_src_ip : vi->src_addr;
	if (!v6 && !src.s_addr && c->ifname[0])
		netif_primary_ipv4(vi->ctx->netif, c->ifname, c->vips, c->n_vips, &src);
	str_appendf(out, len, "   Using src_ip = %s%s\n", fam_str(vi, src, from_conf ? &c->l3.mcast_src6 : &vi->src6, b),
		    from_conf ? " (from configuration)" : "");
	if (!e->unicast && !v6)
		str_appendf(out, len, "   Multicast address %s\n", fam_str(vi, c->mcast_group, &c->l3.mcast_group6, b));
	else if (!e->unicast)   /* 2.2.7: the group's scope id, the interface the adverts go out of */
		str_appendf(out, len, "   Multicast address %s, ifindex %u\n", fam_str(vi, c->mcast_group, &c->l3.mcast_group6, b),
			    vi->iface ? vi->iface->ifindex : 0);
	str_appendf(out, len, "   Gratuitous ARP delay = %u\n   Gratuitous ARP repeat = %u\n",
		    c->garp_master_delay_s, c->garp_master_repeat);
	str_appendf(out, len, "   Gratuitous ARP refresh = %u\n   Gratuitous ARP refresh repeat = %u\n",
		    c->garp_master_refresh_s, c->garp_master_refresh_repeat);
	str_appendf(out, len, "   Gratuitous ARP lower priority delay = %u\n", e->garp_lower_prio_delay_s);
	str_appendf(out, len, "   Gratuitous ARP lower priority repeat = %u\n", e->garp_lower_prio_repeat);
	str_appendf(out, len, "   Down timer adverts = %u\n", c->down_timer_adverts ? c->down_timer_adverts : 3);
	if (c->l3.garp_extra_s)
		str_appendf(out, len, "   Gratuitous ARP for each secondary %s = %u\n",
			    c->l3.garp_extra_all ? "i/f" : "VMAC", c->l3.garp_extra_s);
	str_appendf(out, len, "   Send advert after receive lower priority advert = %s\n",
		    e->lower_prio_no_advert ? "false" : "true");
	str_appendf(out, len, "   Send advert after receive higher priority advert = %s\n",
		    e->higher_prio_send_advert ? "true" : "false");
}

/* VRID, priorities, interval, accept, preempt, authentication. */
static void dump_election(const struct vrrp_instance *vi, char **out, size_t *len)
{
	const struct vrrp_instance_conf *c = &vi->conf;
	str_appendf(out, len, "   Virtual Router ID = %u\n", c->vrid);
	str_appendf(out, len, "   Priority = %u\n", c->priority);
	str_appendf(out, len, "   Effective priority = %u\n", vi->effective_priority);
	struct vrrp_track_counts tc;
	vrrp_track_counts(vi, &tc);
	str_appendf(out, len, "   Total priority = %lld\n", (long long)tc.total);
	if (c->version == 2)
		str_appendf(out, len, "   Advert interval = %u sec\n", c->advert_int_cs / 100);
	else
		str_appendf(out, len, "   Advert interval = %u milli-sec\n", c->advert_int_cs * 10);
	if (vi->state == VRRP_STATE_BACKUP && c->version == 3)
		str_appendf(out, len, "   Master advert interval = %u milli-sec\n", vi->master_adver_int_cs * 10);
	str_appendf(out, len, "   Accept = %s\n", en_dis(c->l3.accept));
	str_appendf(out, len, "   Preempt = %s\n", en_dis(!c->nopreempt));
	if (c->preempt_delay_ms)
		str_appendf(out, len, "   Preempt delay = %g secs\n", c->preempt_delay_ms / 1000.0);
	str_appendf(out, len, "   Promote_secondaries = %s\n", en_dis(c->l3.promote_secondaries));
	if (c->auth_type == VRRP_AUTH_AH)
		str_appendf(out, len, "   Authentication type = IPSEC_AH\n");
	else if (c->auth_type == VRRP_AUTH_PASS)
		str_appendf(out, len, "   Authentication type = SIMPLE_PASSWORD\n   Password = %s\n", c->auth_pass);
	else if (c->version == 2)
		str_appendf(out, len, "   Authentication type = none\n");
}

/* Virtual IP (N):, Virtual IP Excluded :, the unicast block. */
static void dump_addresses(const struct vrrp_instance *vi, char **out, size_t *len)
{
	const struct vrrp_instance_conf *c = &vi->conf;
	const struct vrrp_ext_conf *e = &c->ext;
	bool set = vi->state == VRRP_STATE_MASTER, nft = vrrp_vips_nft_set(vi);
	char a[INET6_ADDRSTRLEN], devbuf[40];
	const char *dev = vrrp_vip_dev_dump(vi, devbuf, sizeof(devbuf));
	if (c->n_vips) {
		str_appendf(out, len, "   Virtual IP (%zu):\n", c->n_vips);
		for (size_t i = 0; i < c->n_vips; i++)
			vrrp_dump_vip(out, len, &c->vips[i], dev, set, nft);
	}
	if (c->n_vips_excluded) {
		str_appendf(out, len, "   Virtual IP Excluded :\n");
		for (size_t i = 0; i < c->n_vips_excluded; i++)
			vrrp_dump_vip(out, len, &c->vips_excluded[i], dev, set, nft);
	}
	if (!e->unicast)
		return;
	if (c->l3.family != AF_INET6 || e->unicast_ttl_set)
		str_appendf(out, len, "   Unicast TTL = %u\n", e->unicast_ttl);
	str_appendf(out, len, "   Check unicast src : %s\n", e->check_unicast_src ? "yes" : "no");
	str_appendf(out, len, "   Unicast Peer :\n");
	for (size_t i = 0; i < e->n_peers; i++) {
		inet_ntop(e->peers[i].addr.family, &e->peers[i].addr.u, a, sizeof(a));
		str_appendf(out, len, "     %s min_ttl %u max_ttl %u\n", a, e->peers[i].min_ttl, e->peers[i].max_ttl);
	}
	/* keepalived 2.2.7's words: no (default), never, config (the keyword),
	 * auto (switched on receiving the old checksum) */
	str_appendf(out, len, "   Unicast checksum compatibility = %s\n",
		    e->old_unicast_checksum == VRRP_OLD_CSUM_NEVER ? "never" :
		    e->old_unicast_checksum == VRRP_OLD_CSUM_ON ? "config" : vi->csum_old ? "auto" : "no");
}

/* Notify scripts and notification settings. */
static void dump_notify(const struct vrrp_ctx *ctx, const struct vrrp_instance *vi, char **out, size_t *len)
{
	const struct vrrp_instance_conf *c = &vi->conf;
	str_appendf(out, len, "   Using smtp notification = %s\n", c->smtp_alert ? "yes" : "no");
	str_appendf(out, len, "   Notify deleted = %s\n", c->ext.notify_deleted ? "Deleted" : "Fault");
	const struct conf_script deleted = { .cmd = c->ext.notify_deleted_script };
	const struct { const char *type; const struct conf_script *s; } scripts[] = {
		{ "Backup", &c->notify_backup }, { "Master", &c->notify_master },
		{ "Fault", &c->notify_fault }, { "Stop", &c->notify_stop },
		{ "Deleted", &deleted }, { "Generic", &c->notify },
		{ "Master rx lower pri", &c->ext.notify_master_rx_lower_pri },
	};
	for (size_t i = 0; i < ARRAY_SIZE(scripts); i++)
		vrrp_dump_notify_script(ctx, scripts[i].type, scripts[i].s, out, len);
	str_appendf(out, len, "   Notify priority changes = %s\n", c->ext.notify_priority_changes ? "true" : "false");
}

static void dump_instance(const struct vrrp_ctx *ctx, const struct vrrp_instance *vi, char **out, size_t *len)
{
	const struct vrrp_instance_conf *c = &vi->conf;
	str_appendf(out, len, " VRRP Instance = %s\n", c->name);
	str_appendf(out, len, "   VRRP Version = %u\n", c->version);
	if (vi->sync)
		str_appendf(out, len, "   Sync group = %s\n", vrrp_sync_name(vi->sync));
	if (c->l3.family == AF_INET6)
		str_appendf(out, len, "   Using Native IPv6\n");
	dump_state(ctx, vi, out, len);
	dump_link(vi, out, len);
	dump_adverts(vi, out, len);
	dump_election(vi, out, len);
	dump_addresses(vi, out, len);
	if (vi->iface && vi->iface->fd >= 0)   /* one socket both ways (2.2.7: an in and an out one) */
		str_appendf(out, len, "   fd_in %d, fd_out %d\n", vi->iface->fd, vi->iface->fd);
	else
		str_appendf(out, len, "   No sockets allocated\n");
	vrrp_dump_virtual_routes(&c->l3.rt, out, len);
	vrrp_dump_instance_tracks(vi, out, len);
	dump_notify(ctx, vi, out, len);
	/* ours (no 2.2.7 equivalent) */
	if (vi->state == VRRP_STATE_FAULT || vi->own_fault)
		str_appendf(out, len, "   Fault reason = %s\n",
			    vi->own_fault && vi->fault_reason ? vi->fault_reason : "sync group in fault");
}

static void dump_data(const struct vrrp_ctx *ctx, char **out, size_t *len)
{
	const struct vrrp_routes_conf *st = &ctx->global.statics;
	if (st->n_addrs)   /* 2.2.7's first section; " set" while installed */
		str_appendf(out, len, "------< Static Addresses >------\n");
	for (size_t i = 0; i < st->n_addrs; i++) {
		const struct vip_conf *a = &st->addrs[i];
		unsigned ifindex = netif_index(ctx->netif, a->dev);
		vrrp_dump_vip(out, len, a, a->dev, ifindex && netif_has_addr(ctx->netif, ifindex, &a->addr), false);
	}
	vrrp_dump_static_routes(st, out, len);
	str_appendf(out, len, "------< VRRP Topology >------\n");
	for (const struct vrrp_instance *vi = ctx->instances; vi; vi = vi->next)
		dump_instance(ctx, vi, out, len);
	vrrp_dump_objects(ctx, out, len);
	vrrp_dump_interfaces(ctx, out, len);
}

char *vrrp_dump(const struct vrrp_ctx *ctx, int kind, size_t *len)
{
	char *out = NULL;
	*len = 0;
	if (kind == IPC_DUMP_DATA_FILE)
		dump_data(ctx, &out, len);
	else if (kind == IPC_DUMP_STATS_FILE)
		vrrp_dump_stats(ctx, &out, len);
	else
		return vrrp_status_json(ctx, len);
	if (!out)
		out = xstrdup("");
	return out;
}
