/* vrrp_dump.c - the VRRP child's part of the USR1 (data), USR2 (stats) and
 * SIGRTMIN+2 (JSON, vrrp_status.c) dumps. The parent writes the files. */
#include "vrrp.h"
#include "ipc.h"
#include "util.h"

#include <arpa/inet.h>
#include <stdio.h>

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

static void vip_text(char **out, size_t *len, const struct vip_conf *v, const char *dev)
{
	char a[INET6_ADDRSTRLEN] = "?";
	inet_ntop(v->addr.family, &v->addr.u, a, sizeof(a));
	str_appendf(out, len, "     %s/%u dev %s%s scope %s%s%s\n", a, v->prefixlen,
		    v->dev[0] ? v->dev : dev, v->use_vmac ? " use_vmac" : "", scope_name(v->scope),
		    v->label[0] ? " label " : "", v->label);
}

static const char *addr_str(struct in_addr a, char *buf)
{
	if (!a.s_addr)
		return "(none)";
	inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
	return buf;
}

/* Tracking, unicast and sync group of one instance (data dump). */
static void dump_data_ext(const struct vrrp_instance *vi, char **out, size_t *len)
{
	const struct vrrp_ext_conf *e = &vi->conf.ext;
	char a[INET6_ADDRSTRLEN];
	if (vi->state == VRRP_STATE_FAULT || vi->own_fault)
		str_appendf(out, len, "   Fault reason = %s\n",
			    vi->own_fault && vi->fault_reason ? vi->fault_reason : "sync group in fault");
	if (vi->sync)
		str_appendf(out, len, "   Sync group = %s\n", vrrp_sync_name(vi->sync));
	if (e->unicast) {
		str_appendf(out, len, "   Unicast peers = %zu\n", e->n_peers);
		for (size_t i = 0; i < e->n_peers; i++) {
			inet_ntop(e->peers[i].addr.family, &e->peers[i].addr.u, a, sizeof(a));
			str_appendf(out, len, "     %s min_ttl %u max_ttl %u\n", a, e->peers[i].min_ttl,
				    e->peers[i].max_ttl);
		}
		str_appendf(out, len, "   Unicast TTL = %u\n", e->unicast_ttl);
		str_appendf(out, len, "   Check unicast source = %s\n", e->check_unicast_src ? "yes" : "no");
		/* keepalived 2.2.7's words: no (default), never, config (the keyword),
		 * auto (switched on receiving the old checksum) */
		str_appendf(out, len, "   Unicast checksum compatibility = %s\n",
			    e->old_unicast_checksum == VRRP_OLD_CSUM_NEVER ? "never" :
			    e->old_unicast_checksum == VRRP_OLD_CSUM_ON ? "config" : vi->csum_old ? "auto" : "no");
	}
	if (vi->n_tracks)
		str_appendf(out, len, "   Tracked = %zu\n", vi->n_tracks);
	for (size_t i = 0; i < vi->n_tracks; i++) {
		str_appendf(out, len, "     ");
		vrrp_tracker_dump(vi->tracks[i].t, out, len);
		str_appendf(out, len, " weight %d%s\n", vi->tracks[i].weight,
			    vi->tracks[i].reverse ? " reverse" : "");
	}
}

/* An instance's address of its own family: a (IPv4) or a6 (IPv6). */
static const char *fam_str(const struct vrrp_instance *vi, struct in_addr a, const struct in6_addr *a6,
			   char *buf)
{
	if (vi->conf.l3.family != AF_INET6)
		return addr_str(a, buf);
	return inet_ntop(AF_INET6, a6, buf, INET6_ADDRSTRLEN) ? buf : "?";
}

static void dump_data(const struct vrrp_ctx *ctx, char **out, size_t *len)
{
	char b1[INET6_ADDRSTRLEN], b2[INET6_ADDRSTRLEN];
	str_appendf(out, len, "------< VRRP Topology >------\n");
	for (const struct vrrp_instance *vi = ctx->instances; vi; vi = vi->next) {
		const struct vrrp_instance_conf *c = &vi->conf;
		uint64_t now = mono_now_us();
		str_appendf(out, len, " VRRP Instance = %s\n", c->name);
		str_appendf(out, len, "   VRRP Version = %u\n", c->version);
		str_appendf(out, len, "   State = %s\n", vrrp_state_name(vi->state));
		str_appendf(out, len, "   Time in state = %.1f sec\n",
			    (double)(now - vi->entered_state_us) / 1e6);
		str_appendf(out, len, "   Wanted State = %s\n", vrrp_state_name(c->initial_state));
		str_appendf(out, len, "   Interface = %s\n", c->ifname);
		if (c->ifname[0])   /* keepalived 2.2.7 has them in its interface list */
			vrrp_ifdelay_dump(ctx, c->ifname, out, len);
		str_appendf(out, len, "   Address family = %s\n", c->l3.family == AF_INET6 ? "IPv6" : "IPv4");
		if (c->l3.use_vmac)
			str_appendf(out, len, "   Use VMAC = %s%s\n", c->l3.vmac_name,
				    c->l3.vmac_xmit_base ? " (xmit base)" : "");
		if (c->l3.vrf[0])
			str_appendf(out, len, "   VRF = %s\n", c->l3.vrf);
		if (c->l3.use_ipvlan)
			str_appendf(out, len, "   Use IPVLAN = %s, mode %s\n", c->l3.vmac_name,
				    c->l3.ipvlan_flags == 1 ? "private" : c->l3.ipvlan_flags == 2 ? "vepa" : "bridge");
		str_appendf(out, len, "   Source address = %s\n", fam_str(vi, vi->src_addr, &vi->src6, b1));
		str_appendf(out, len, "   Multicast group = %s\n",
			    fam_str(vi, c->mcast_group, &c->l3.mcast_group6, b2));
		str_appendf(out, len, "   Virtual Router ID = %u\n", c->vrid);
		str_appendf(out, len, "   Priority = %u\n", c->priority);
		str_appendf(out, len, "   Effective priority = %u\n", vi->effective_priority);
		str_appendf(out, len, "   Master router = %s\n", fam_str(vi, vi->master_addr, &vi->master6, b1));
		str_appendf(out, len, "   Master priority = %u\n", vi->master_priority);
		str_appendf(out, len, "   Advert interval = %u.%02u sec\n",
			    c->advert_int_cs / 100, c->advert_int_cs % 100);
		if (c->version == 3)
			str_appendf(out, len, "   Master advert interval = %u.%02u sec\n",
				    vi->master_adver_int_cs / 100, vi->master_adver_int_cs % 100);
		str_appendf(out, len, "   Down timer adverts = %u\n", c->down_timer_adverts ? c->down_timer_adverts : 3);
		str_appendf(out, len, "   Preempt = %s\n", c->nopreempt ? "disabled" : "enabled");
		str_appendf(out, len, "   Preempt delay = %u.%03u sec\n",
			    c->preempt_delay_ms / 1000, c->preempt_delay_ms % 1000);
		str_appendf(out, len, "   Authentication type = %s\n",
			    c->auth_type == VRRP_AUTH_PASS ? "SIMPLE_PASSWORD" :
			    c->auth_type == VRRP_AUTH_AH ? "IPSEC_AH" : "none");
		str_appendf(out, len, "   Gratuitous ARP delay = %u\n", c->garp_master_delay_s);
		str_appendf(out, len, "   Gratuitous ARP repeat = %u\n", c->garp_master_repeat);
		str_appendf(out, len, "   Gratuitous ARP refresh = %u\n", c->garp_master_refresh_s);
		str_appendf(out, len, "   Gratuitous ARP refresh repeat = %u\n", c->garp_master_refresh_repeat);
		if (c->l3.garp_extra_s)   /* keepalived's line */
			str_appendf(out, len, "   Gratuitous ARP for each secondary %s = %u\n",
				    c->l3.garp_extra_all ? "i/f" : "VMAC", c->l3.garp_extra_s);
		if (vi->state == VRRP_STATE_MASTER)
			str_appendf(out, len, "   Next advert in = %.2f sec\n",
				    (double)timer_remaining(ctx->loop, &vi->adver_timer) / 1e6);
		if (vi->state == VRRP_STATE_BACKUP)
			str_appendf(out, len, "   Master down timer = %.2f sec\n",
				    (double)timer_remaining(ctx->loop, &vi->down_timer) / 1e6);
		str_appendf(out, len, "   Virtual IP = %zu\n", c->n_vips);
		for (size_t i = 0; i < c->n_vips; i++)
			vip_text(out, len, &c->vips[i], vrrp_vip_dev(vi));
		if (c->n_vips_excluded) {
			str_appendf(out, len, "   Virtual IP excluded = %zu\n", c->n_vips_excluded);
			for (size_t i = 0; i < c->n_vips_excluded; i++)
				vip_text(out, len, &c->vips_excluded[i], vrrp_vip_dev(vi));
		}
		const char *scripts[][2] = {
			{ "Notify master script", c->notify_master },
			{ "Notify backup script", c->notify_backup },
			{ "Notify fault script", c->notify_fault },
			{ "Notify stop script", c->notify_stop },
			{ "Generic notify script", c->notify },
		};
		for (size_t i = 0; i < ARRAY_SIZE(scripts); i++)
			if (scripts[i][1])
				str_appendf(out, len, "   %s = %s\n", scripts[i][0], scripts[i][1]);
		dump_data_ext(vi, out, len);
	}
}

static void dump_stats(const struct vrrp_ctx *ctx, char **out, size_t *len)
{
	for (const struct vrrp_instance *vi = ctx->instances; vi; vi = vi->next) {
		const struct vrrp_stats *s = &vi->stats;
		const uint64_t *e = s->rx_errors;
		str_appendf(out, len,
			"VRRP Instance: %s\n"
			"  Advertisements:\n"
			"    Received: %llu\n"
			"    Sent: %llu\n"
			"  Became master: %llu\n"
			"  Released master: %llu\n"
			"  Packet Errors:\n"
			"    Length: %llu\n"
			"    TTL: %llu\n"
			"    Invalid Type: %llu\n"
			"    Version: %llu\n"
			"    Checksum: %llu\n"
			"    VRID: %llu\n"
			"    Advertisement Interval: %llu\n"
			"    Address List: %llu\n"
			"  Authentication Errors:\n"
			"    Invalid Type: %llu\n"
			"    Type Mismatch: %llu\n"
			"    Failure: %llu\n"
			"  Priority Zero:\n"
			"    Received: %llu\n"
			"    Sent: %llu\n"
			"  Unicast:\n"
			"    Not a peer: %llu\n"
			"  Lower priority adverts as master: %llu\n",
			vi->conf.name,
			(unsigned long long)s->adverts_rcvd, (unsigned long long)s->adverts_sent,
			(unsigned long long)s->became_master, (unsigned long long)s->released_master,
			(unsigned long long)e[VRRP_RX_TOO_SHORT], (unsigned long long)e[VRRP_RX_BAD_TTL],
			(unsigned long long)e[VRRP_RX_BAD_TYPE], (unsigned long long)e[VRRP_RX_BAD_VERSION],
			(unsigned long long)e[VRRP_RX_BAD_CHECKSUM], (unsigned long long)e[VRRP_RX_BAD_VRID],
			(unsigned long long)e[VRRP_RX_BAD_INTERVAL], (unsigned long long)e[VRRP_RX_BAD_ADDR_LIST],
			(unsigned long long)e[VRRP_RX_INVALID_AUTH_TYPE], (unsigned long long)e[VRRP_RX_BAD_AUTH_TYPE],
			(unsigned long long)e[VRRP_RX_BAD_AUTH],
			(unsigned long long)s->prio0_rcvd, (unsigned long long)s->prio0_sent,
			(unsigned long long)e[VRRP_RX_NOT_PEER], (unsigned long long)s->lower_prio_rcvd);
	}
}

char *vrrp_dump(const struct vrrp_ctx *ctx, int kind, size_t *len)
{
	char *out = NULL;
	*len = 0;
	if (kind == IPC_DUMP_DATA_FILE)
		dump_data(ctx, &out, len);
	else if (kind == IPC_DUMP_STATS_FILE)
		dump_stats(ctx, &out, len);
	else
		return vrrp_status_json(ctx, len);
	if (!out)
		out = xstrdup("");
	return out;
}
