/* vrrp_dump_ifaces.c - the "------< VRRP Sockpool >------" and
 * "------< Interfaces >------" sections of keepalived.data, with keepalived
 * 2.2.7's labels: the protocol-112 (or AH) sockets and the instances on
 * each, then every interface of the namespace as the netlink cache knows
 * it. 2.2.7's lines about its own bookkeeping (seen up, delayed state
 * change, saved arp_ignore/arp_filter/promote_secondaries, socket receive
 * buffer) are left out: we have no such state. */
#include "vrrp.h"
#include "vrrp_net.h"
#include "dump_text.h"
#include "util.h"

#include <arpa/inet.h>
#include <linux/if_arp.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

/* One socket: 2.2.7 has an fd_in and an fd_out, ours is the same socket.
 * A unicast socket's "Address" is the source of its instances. */
static void dump_sock(const struct vrrp_ctx *ctx, const struct vrrp_iface *ifc, char **out, size_t *len)
{
	const struct vrrp_instance *ucast = NULL;
	bool mcast = false;
	for (const struct vrrp_instance *vi = ctx->instances; vi; vi = vi->next) {
		if (vi->iface != ifc)
			continue;
		mcast |= !vi->conf.ext.unicast;
		if (vi->conf.ext.unicast && !ucast)
			ucast = vi;
	}
	str_appendf(out, len, " fd_in %d fd_out = %d\n", ifc->fd, ifc->fd);
	str_appendf(out, len, "   Interface = %s\n", ifc->name[0] ? ifc->name : ifc->vrf[0] ? ifc->vrf : "(none)");
	str_appendf(out, len, "   Family = %s\n", ifc->family == AF_INET6 ? "IPv6" : "IPv4");
	str_appendf(out, len, "   Protocol = %s\n", ifc->proto == IPPROTO_AH ? "AH" : "VRRP");
	str_appendf(out, len, "   Type = %s\n", mcast ? "Multicast" : "Unicast");
	if (!mcast && ucast) {
		char b[INET6_ADDRSTRLEN] = "?";
		if (ucast->conf.l3.family == AF_INET6)
			inet_ntop(AF_INET6, &ucast->src6, b, sizeof(b));
		else
			inet_ntop(AF_INET, &ucast->src_addr, b, sizeof(b));
		str_appendf(out, len, "   Address = %s\n", b);
	}
	str_appendf(out, len, "   VRRP instances\n");
	/* 2.2.7 keeps a socket's instances in VRID order */
	for (unsigned vrid = 0; vrid < 256; vrid++)
		for (const struct vrrp_instance *vi = ctx->instances; vi; vi = vi->next)
			if (vi->iface == ifc && vi->conf.vrid == vrid)
				str_appendf(out, len, "     %s vrid %u\n", vi->conf.name, vi->conf.vrid);
}

/* Contract: see vrrp.h. The sockets in the order 2.2.7 opens them: that
 * of the first instance on each. */
void vrrp_dump_sockpool(const struct vrrp_ctx *ctx, char **out, size_t *len)
{
	bool any = false;
	for (const struct vrrp_instance *vi = ctx->instances; vi; vi = vi->next) {
		const struct vrrp_iface *ifc = vi->iface;
		if (!ifc || ifc->fd < 0)
			continue;
		const struct vrrp_instance *first = ctx->instances;
		while (first != vi && first->iface != ifc)
			first = first->next;
		if (first != vi)
			continue;
		if (!any)
			str_appendf(out, len, "------< VRRP Sockpool >------\n");
		any = true;
		dump_sock(ctx, ifc, out, len);
	}
}

static void mac_text(char **out, size_t *len, const char *label, const uint8_t m[6])
{
	str_appendf(out, len, "   %s = %02x:%02x:%02x:%02x:%02x:%02x\n", label, m[0], m[1], m[2], m[3], m[4], m[5]);
}

static const char *hw_type(uint16_t type, char buf[32])
{
	if (type == ARPHRD_LOOPBACK)
		return "LOOPBACK";
	if (type == ARPHRD_ETHER)
		return "ETHERNET";
	if (type == ARPHRD_INFINIBAND)
		return "INFINIBAND";
	snprintf(buf, 32, "UNKNOWN (%u)", type);
	return buf;
}

/* "Tracking VRRP instances :": the instances on the interface (weight 0)
 * and those with a track_interface line for it. */
static void dump_tracking(const struct vrrp_ctx *ctx, const char *name, char **out, size_t *len)
{
	bool any = false;
	for (const struct vrrp_instance *vi = ctx->instances; vi; vi = vi->next) {
		bool own = (!vi->conf.dont_track_primary && !strcmp(vi->conf.ifname, name)) ||
			   (vi->conf.l3.use_vmac && !strcmp(vi->conf.l3.vmac_name, name));   /* 2.2.7: its VMAC too */
		for (size_t i = 0; i < vi->n_tracks; i++) {
			const struct vrrp_track_link *l = &vi->tracks[i];
			if (vrrp_tracker_kind(l->t) != VRRP_TRACK_IFACE || strcmp(vrrp_tracker_name(l->t), name))
				continue;
			if (!any)
				str_appendf(out, len, "   Tracking VRRP instances :\n");
			any = true;
			str_appendf(out, len, "     %s, weight %d%s\n", vi->conf.name, l->dump_zero ? 0 : l->weight,
				    l->reverse ? " reverse" : "");
			own = false;
		}
		if (!own)
			continue;
		if (!any)
			str_appendf(out, len, "   Tracking VRRP instances :\n");
		any = true;
		str_appendf(out, len, "     %s, weight 0\n", vi->conf.name);
	}
}

/* The instance whose VMAC (made by us) l is, or NULL. */
static const struct vrrp_instance *vmac_of(const struct vrrp_ctx *ctx, const struct netif_link_info *l)
{
	for (const struct vrrp_instance *vi = ctx->instances; vi; vi = vi->next)
		if (vi->conf.l3.use_vmac && vi->vmac_ifindex == l->ifindex && !strcmp(vi->conf.l3.vmac_name, l->name))
			return vi;
	return NULL;
}

/* 2.2.7's lines of a VMAC it made: its type (ours are private macvlans),
 * the underlying interface and its state. */
static void dump_vmac(const struct vrrp_ctx *ctx, const struct vrrp_instance *vi, char **out, size_t *len)
{
	struct netif_link_info base;
	unsigned f = 0;
	for (size_t i = 0; netif_link_at(ctx->netif, i, &base); i++)
		if (!strcmp(base.name, vi->conf.ifname))
			f = base.flags;
	str_appendf(out, len, "   VMAC type private, underlying interface = %s, state = %sUP, %sRUNNING\n",
		    vi->conf.ifname, f & IFF_UP ? "" : "not ", f & IFF_RUNNING ? "" : "not ");
	str_appendf(out, len, "   I/f created by keepalived\n");
}

static void dump_link(const struct vrrp_ctx *ctx, const struct netif_link_info *l, char **out, size_t *len)
{
	char b[INET6_ADDRSTRLEN], t[32];
	struct in_addr a4;
	struct in6_addr a6;
	const struct vrrp_instance *vmac = vmac_of(ctx, l);
	str_appendf(out, len, " Name = %s\n   index = %u\n", l->name, l->ifindex);
	/* a VMAC's own addresses are its instance's VIPs: 2.2.7 has none */
	str_appendf(out, len, "   IPv4 address = %s\n",
		    netif_primary_ipv4(ctx->netif, l->name, vmac ? vmac->conf.vips : NULL, vmac ? vmac->conf.n_vips : 0, &a4) ?
		    inet_ntop(AF_INET, &a4, b, sizeof(b)) : "(none)");
	str_appendf(out, len, "   IPv6 address = %s\n",
		    netif_linklocal6(ctx->netif, l->name, NULL, 0, &a6) ? inet_ntop(AF_INET6, &a6, b, sizeof(b)) : "(none)");
	if (l->has_mac && l->type != ARPHRD_LOOPBACK) {
		mac_text(out, len, "MAC", l->mac);
		mac_text(out, len, "MAC broadcast", l->brd);
	}
	unsigned f = l->flags;
	str_appendf(out, len, "   State = %sUP, %sRUNNING%s%s%s%s%s\n", f & IFF_UP ? "" : "not ", f & IFF_RUNNING ? "" : "not ",
		    f & IFF_BROADCAST ? "" : ", no broadcast", f & IFF_LOOPBACK ? ", loopback" : "",
		    f & IFF_POINTOPOINT ? ", point to point" : "", f & IFF_NOARP ? ", no arp" : "",
		    f & IFF_MULTICAST ? "" : ", no multicast");
	vrrp_ifdelay_dump(ctx, l->name, out, len);
	if (vmac)
		dump_vmac(ctx, vmac, out, len);
	str_appendf(out, len, "   MTU = %u\n   HW Type = %s\n", l->mtu, hw_type(l->type, t));
	str_appendf(out, len, "   NIC netlink status update\n");
	dump_tracking(ctx, l->name, out, len);
}

/* Contract: see vrrp.h. */
void vrrp_dump_interfaces(const struct vrrp_ctx *ctx, char **out, size_t *len)
{
	struct netif_link_info l;
	if (!ctx->netif || !netif_link_at(ctx->netif, 0, &l))
		return;
	str_appendf(out, len, "------< Interfaces >------\n");
	for (size_t i = 0; netif_link_at(ctx->netif, i, &l); i++)
		dump_link(ctx, &l, out, len);
}
