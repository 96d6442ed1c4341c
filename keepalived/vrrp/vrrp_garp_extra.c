/* vrrp_garp_extra.c - garp_extra_if / vrrp_garp_extra_if as keepalived
 * 2.2.7 does them (measured): while MASTER, every garp_extra_if seconds,
 * one gratuitous ARP (IPv4) or unsolicited neighbour advert (IPv6) on each
 * "extra" interface of the instance, for the first of its addresses
 * there, so that switches keep the MACs of interfaces that send no
 * adverts in their caches.
 *
 * The instance's own link is its VMAC / ipvlan, else its interface. An
 * extra interface is one of its VIPs' or excluded VIPs' interfaces other
 * than that link: its VIPs' VMACs (use_vmac_addr), or with `all` any of
 * them. The own link counts too with vmac_xmit_base (its adverts then
 * leave from the base interface) - but only when there is an extra
 * interface at all: without one the feature is off, as in keepalived. */
#include "vrrp.h"
#include "vrrp_net.h"

#include <string.h>

/* The link the instance's adverts belong to (keepalived's vrrp->ifp). */
static const char *own_link(const struct vrrp_instance *vi)
{
	return vrrp_l3_own_link(&vi->conf.l3) ? vi->conf.l3.vmac_name : vi->conf.ifname;
}

/* The interface of the pos-th address (VIPs, then excluded ones). */
static const struct vip_conf *addr_at(const struct vrrp_instance *vi, size_t pos)
{
	return pos < vi->conf.n_vips ? &vi->conf.vips[pos] : &vi->conf.vips_excluded[pos - vi->conf.n_vips];
}

static const char *dev_of(const struct vrrp_instance *vi, const struct vip_conf *v)
{
	return v->dev[0] ? v->dev : vrrp_vip_dev(vi);
}

/* dev may carry periodic frames: one of our VMACs, or any with `all`. */
static bool eligible(const struct vrrp_instance *vi, const char *dev)
{
	return vi->conf.l3.garp_extra_all || vrrp_is_addr_vmac(vi, dev);
}

/* Whether the feature applies: an eligible interface besides the own link. */
static bool has_extra(const struct vrrp_instance *vi)
{
	const char *own = own_link(vi);
	size_t n = vi->conf.n_vips + vi->conf.n_vips_excluded;
	for (size_t i = 0; i < n; i++) {
		const char *dev = dev_of(vi, addr_at(vi, i));
		if (strcmp(dev, own) != 0 && eligible(vi, dev))
			return true;
	}
	return false;
}

/* The pos-th address is the first one on its interface. */
static bool first_on_dev(const struct vrrp_instance *vi, size_t pos, const char *dev)
{
	for (size_t i = 0; i < pos; i++)
		if (strcmp(dev_of(vi, addr_at(vi, i)), dev) == 0)
			return false;
	return true;
}

/* One round: a frame per eligible interface. */
static void send_round(struct vrrp_instance *vi)
{
	const char *own = own_link(vi);
	size_t n = vi->conf.n_vips + vi->conf.n_vips_excluded;
	for (size_t i = 0; i < n; i++) {
		const struct vip_conf *v = addr_at(vi, i);
		const char *dev = dev_of(vi, v);
		if (!eligible(vi, dev) || (strcmp(dev, own) == 0 && !vi->conf.l3.vmac_xmit_base) ||
		    !first_on_dev(vi, i, dev))
			continue;
		if (v->addr.family == AF_INET6)
			vrrp_na_send(vi, dev, &v->addr.u.v6);
		else
			garp_send(vi->ctx->netif, dev, v->addr.u.v4);
	}
}

static void extra_fired(void *arg)
{
	struct vrrp_instance *vi = arg;
	if (vi->state != VRRP_STATE_MASTER)
		return;
	send_round(vi);
	timer_start(vi->ctx->loop, &vi->garp_extra_timer, (uint64_t)vi->conf.l3.garp_extra_s * USEC_PER_SEC);
}

void vrrp_garp_extra_init(struct vrrp_instance *vi)
{
	timer_init(&vi->garp_extra_timer, extra_fired, vi);
}

void vrrp_garp_extra_start(struct vrrp_instance *vi)
{
	if (vi->conf.l3.garp_extra_s && has_extra(vi))
		timer_start(vi->ctx->loop, &vi->garp_extra_timer,
			    (uint64_t)vi->conf.l3.garp_extra_s * USEC_PER_SEC);
}

void vrrp_garp_extra_stop(struct vrrp_instance *vi)
{
	timer_stop(vi->ctx->loop, &vi->garp_extra_timer);
}
