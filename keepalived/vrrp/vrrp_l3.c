/* vrrp_l3.c - an instance's VMAC (use_vmac) and the devices it uses, the
 * nftables drop sets of no_accept, promote_secondaries on its interface: the
 * glue between the instance code and vrrp_vmac.c. See vrrp.h. */
#include "vrrp.h"
#include "log.h"
#include "vrrp_net.h"
#include "vrrp_nft.h"
#include "util.h"
#include "vrrp_ipvlan.h"
#include "vrrp_vmac.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *vrrp_conf_vip_dev(const struct vrrp_instance_conf *c)
{
	/* use_ipvlan: only the adverts use the ipvlan, the VIPs stay on the
	 * interface (keepalived 2.2.7, measured) */
	if (c->l3.use_vmac)
		return c->l3.vmac_name;
	return c->ext.vip_dev[0] ? c->ext.vip_dev : c->ifname;
}

const char *vrrp_vip_dev(const struct vrrp_instance *vi)
{
	return vrrp_conf_vip_dev(&vi->conf);
}

const char *vrrp_xmit_dev(const struct vrrp_instance_conf *c)
{
	return vrrp_l3_own_link(&c->l3) && !c->l3.vmac_xmit_base ? c->l3.vmac_name : c->ifname;
}

/* The instance has an excluded VIP of the other family: its own link (VMAC
 * or ipvlan) then keeps IPv6 - keepalived 2.2.7's rule, whatever device
 * the address names (2.2.7 says itself this is not right when the address
 * is not on that link; kept as it runs). */
static bool vips_other_family(const struct vrrp_instance *vi)
{
	int fam = vi->conf.l3.family == AF_INET6 ? AF_INET6 : AF_INET;
	for (size_t i = 0; i < vi->conf.n_vips_excluded; i++)
		if (vi->conf.vips_excluded[i].addr.family != fam)
			return true;
	return false;
}

/* use_vmac_addr: each VIP VMAC that is not there yet is made (reused when
 * a crash left it). A failure is logged; the addresses on it then fail
 * like those of a missing interface. */
static void addr_vmacs_ensure(struct vrrp_instance *vi)
{
	struct netif *nf = vi->ctx->netif;
	for (size_t i = 0; i < vi->conf.l3.n_addr_vmacs; i++) {
		const struct vrrp_addr_vmac *a = &vi->conf.l3.addr_vmacs[i];
		unsigned parent = netif_index(nf, a->base);
		uint64_t bit = i < 64 ? 1ull << i : 0;
		if (!parent || ((vi->addr_vmacs_made & bit) && netif_index(nf, a->name)))
			continue;
		uint8_t mac[6];
		vmac_mac(vi->conf.vrid, a->family, mac);
		struct in6_addr ll6;
		bool have_ll6 = a->family == AF_INET6 &&
				netif_linklocal6(nf, a->base, vi->conf.vips, vi->conf.n_vips, &ll6);
		if (vmac_ensure(a->name, parent, a->base, mac, a->family, have_ll6 ? &ll6 : NULL, false))
			vi->addr_vmacs_made |= bit;
		netif_drain(nf);
	}
}

/* The MAC address of vi's own VMAC: use_vmac's (its sixth octet the VRID
 * when five were given), else the RFC 5798 one. */
static void own_vmac_mac(const struct vrrp_instance *vi, int family, uint8_t mac[6])
{
	const struct vrrp_l3_conf *l3 = &vi->conf.l3;
	if (!l3->vmac_mac_set) {
		vmac_mac(vi->conf.vrid, family, mac);
		return;
	}
	memcpy(mac, l3->vmac_mac, 6);
	if (l3->vmac_mac_vrid)
		mac[5] = vi->conf.vrid;
}

/* Contract: see vrrp.h. The VIPs and excluded VIPs are skipped when the
 * link-local address to copy onto an IPv6 VMAC is looked for. */
bool vrrp_vmac_ensure(struct vrrp_instance *vi)
{
	addr_vmacs_ensure(vi);
	if (!vrrp_l3_own_link(&vi->conf.l3))
		return true;
	struct netif *nf = vi->ctx->netif;
	const char *name = vi->conf.l3.vmac_name;
	if (vi->vmac_ifindex && netif_index(nf, name) == vi->vmac_ifindex)
		return true;
	unsigned parent = netif_index(nf, vi->conf.ifname);
	if (!parent)
		return false;
	if (vi->conf.l3.use_ipvlan) {
		const struct vrrp_l3_conf *l3 = &vi->conf.l3;
		struct ipvlan_spec spec = { .name = name, .parent = parent, .parent_name = vi->conf.ifname,
					    .flags = l3->ipvlan_flags, .family = l3->family == AF_INET6 ? AF_INET6 : AF_INET,
					    .addr = l3->ipvlan_addr, .plen = l3->ipvlan_plen,
					    .other_family = vips_other_family(vi) };
		vi->vmac_ifindex = ipvlan_ensure(&spec);
		netif_drain(nf);
		return vi->vmac_ifindex != 0;
	}
	uint8_t mac[6];
	int family = vi->conf.l3.family == AF_INET6 ? AF_INET6 : AF_INET;
	own_vmac_mac(vi, family, mac);
	struct in6_addr ll6;
	bool have_ll6 = family == AF_INET6 &&
			netif_linklocal6(nf, vi->conf.ifname, vi->conf.vips, vi->conf.n_vips, &ll6);
	vi->vmac_ifindex = vmac_ensure(name, parent, vi->conf.ifname, mac, family, have_ll6 ? &ll6 : NULL,
				       vips_other_family(vi));
	netif_drain(nf);   /* learn the new link (and its addresses) now */
	return vi->vmac_ifindex != 0;
}

/* Contract: see vrrp.h. */
bool vrrp_is_addr_vmac(const struct vrrp_instance *vi, const char *dev)
{
	for (size_t i = 0; i < vi->conf.l3.n_addr_vmacs; i++)
		if (strcmp(vi->conf.l3.addr_vmacs[i].name, dev) == 0)
			return true;
	return false;
}

void vrrp_vmac_release(struct vrrp_instance *vi)
{
	for (size_t i = 0; i < vi->conf.l3.n_addr_vmacs; i++) {
		uint8_t mac[6];
		vmac_mac(vi->conf.vrid, vi->conf.l3.addr_vmacs[i].family, mac);
		vmac_remove(vi->conf.l3.addr_vmacs[i].name, mac);
	}
	vi->addr_vmacs_made = 0;
	if (!vrrp_l3_own_link(&vi->conf.l3) || !vi->vmac_ifindex)
		return;
	if (vi->conf.l3.use_ipvlan) {
		ipvlan_remove(vi->conf.l3.vmac_name, netif_index(vi->ctx->netif, vi->conf.ifname));
		vi->vmac_ifindex = 0;
		return;
	}
	uint8_t mac[6];
	own_vmac_mac(vi, vi->conf.l3.family == AF_INET6 ? AF_INET6 : AF_INET, mac);
	vmac_remove(vi->conf.l3.vmac_name, mac);
	vi->vmac_ifindex = 0;
}

/* Contract: see vrrp.h. The address owner (priority 255) always accepts
 * (RFC 5798 6.4.3). */
void vrrp_fw_vips(struct vrrp_instance *vi, const struct vip_conf *v, size_t n, bool add)
{
	if (vi->conf.l3.accept || vi->conf.priority == VRRP_PRIO_OWNER || !n)
		return;
	struct vrrp_ctx *ctx = vi->ctx;
	if (!ctx->nft)
		ctx->nft = vrrp_nft_new(&ctx->global.fw);
	const char *own = vrrp_vip_dev(vi);
	for (size_t i = 0; i < n; i++) {
		const char *dev = v[i].dev[0] ? v[i].dev : own;
		/* keepalived 2.2.7 keys a link-local one by name with dont_track_primary
		 * when it is on the instance's own address interface or no_track */
		struct vrrp_nft_if ifc = { .index = netif_index(ctx->netif, dev), .name = dev,
					   .by_name = vi->conf.dont_track_primary &&
						      (strcmp(dev, own) == 0 || v[i].no_track) };
		vrrp_nft_addr(ctx->nft, v[i].addr.family, &v[i].addr.u, &ifc, add);
	}
}

void vrrp_fw_done(struct vrrp_ctx *ctx)
{
	if (ctx->dont_release || !ctx->nft)
		return;
	vrrp_nft_free(ctx->nft);
	ctx->nft = NULL;
}

struct promote_saved {
	char ifname[16];
	char old[8];
};

/* /proc/sys/net/ipv4/conf/IF/promote_secondaries: read into buf (size
 * bytes, newline cut) or, with value, written. false on failure. */
static bool promote_io(const char *ifname, char *buf, size_t size, const char *value)
{
	char path[96];
	snprintf(path, sizeof(path), "/proc/sys/net/ipv4/conf/%s/promote_secondaries", ifname);
	return (value ? sysctl_write(path, value) : sysctl_read(path, buf, size)) == 0;
}

/* Contract: see vrrp.h. */
void vrrp_promote_secondaries(struct vrrp_instance *vi)
{
	struct vrrp_ctx *ctx = vi->ctx;
	const char *ifname = vi->conf.ifname;
	if (!vi->conf.l3.promote_secondaries || !ifname[0])
		return;
	for (size_t i = 0; i < ctx->n_promoted; i++)
		if (strcmp(ctx->promoted[i].ifname, ifname) == 0)
			return;
	struct promote_saved s = { .old = "0" };
	str_copy(s.ifname, sizeof(s.ifname), ifname);
	if (!promote_io(ifname, s.old, sizeof(s.old), NULL) || !promote_io(ifname, NULL, 0, "1")) {
		log_warn("(%s) cannot set promote_secondaries on %s: %s", vi->conf.name, ifname, strerror(errno));
		return;
	}
	*(struct promote_saved *)array_push(&ctx->promoted, &ctx->n_promoted, sizeof(s)) = s;
}

/* Contract: see vrrp.h. */
void vrrp_promote_restore(struct vrrp_ctx *ctx)
{
	for (size_t i = 0; i < ctx->n_promoted; i++)
		if (strcmp(ctx->promoted[i].old, "1") != 0)
			promote_io(ctx->promoted[i].ifname, NULL, 0, ctx->promoted[i].old);
	free(ctx->promoted);
	ctx->promoted = NULL;
	ctx->n_promoted = 0;
}

static const struct vip_conf *tracked_missing(const struct vrrp_instance *vi, const struct vip_conf *v,
					      size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!v[i].no_track && !vip_present(vi->ctx->netif, &v[i], vrrp_vip_dev(vi)))
			return &v[i];
	return NULL;
}

/* Contract: see vrrp.h. Nothing is judged while VIP requests are queued
 * (an address asked for is not in the cache yet). */
void vrrp_check_vips(struct vrrp_instance *vi)
{
	struct vrrp_ctx *ctx = vi->ctx;
	if (vi->state != VRRP_STATE_MASTER || vi->conf.priority == VRRP_PRIO_OWNER || ctx->stopping ||
	    vip_pending(ctx->vipnl)) {
		if (vi->state != VRRP_STATE_MASTER)
			vi->vips_seen = false;
		return;
	}
	const struct vip_conf *gone = tracked_missing(vi, vi->conf.vips, vi->conf.n_vips);
	if (!gone)
		gone = tracked_missing(vi, vi->conf.vips_excluded, vi->conf.n_vips_excluded);
	if (!gone) {
		vi->vips_seen = true;
		return;
	}
	if (!vi->vips_seen)
		return;   /* not all installed yet */
	char a[INET6_ADDRSTRLEN] = "?";
	inet_ntop(gone->addr.family, &gone->addr.u, a, sizeof(a));
	log_warn("(%s) %s was removed from %s: leaving MASTER (no_track on the address keeps it)",
		 vi->conf.name, a, gone->dev[0] ? gone->dev : vrrp_vip_dev(vi));
	vi->vips_seen = false;
	vrrp_set_state(vi, VRRP_EV_VIP_LOST);
}
