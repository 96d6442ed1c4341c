/* vrrp_csum_compat.c - old_unicast_checksum [never], as keepalived 2.2.7
 * (built with OLD_CHKSUM_COMPAT, as Debian's is) does it.
 *
 * keepalived before 1.3.6 computed the VRRPv3 IPv4 checksum of a unicast
 * advert with vrrp_mcast_group4 (224.0.0.18 by default) as the
 * pseudo-header's destination instead of the peer's address. With
 * old_unicast_checksum an instance sends that checksum and accepts only
 * it; without the keyword a unicast instance that receives an advert whose
 * checksum is right only the old way switches to the old checksum for good
 * (until a reload changes the keyword) and logs it; `never` turns that
 * detection off. Multicast adverts go to the group, where both are the
 * same (unless mcast_dst_ip names another group). IPv6 is not concerned. */
#include "log.h"
#include "vrrp.h"

#include <arpa/inet.h>

/* Contract: see vrrp.h. */
bool vrrp_csum_old_conf(const struct vrrp_instance_conf *conf)
{
	return conf->ext.old_unicast_checksum == VRRP_OLD_CSUM_ON;
}

/* Contract: see vrrp.h. */
enum vrrp_rx_result vrrp_csum_compat_rx(struct vrrp_instance *vi, const uint8_t *pkt, size_t len,
					struct vrrp_advert *adv, enum vrrp_rx_result r)
{
	if (vi->conf.version != 3 || vi->conf.l3.family == AF_INET6)
		return r;
	struct in_addr group = vi->ctx->global.vrrp_mcast_group4;
	if (vi->csum_old)
		return vrrp_advert_parse_old_csum(pkt, len, adv, group);
	if (r != VRRP_RX_BAD_CHECKSUM || !vi->conf.ext.unicast ||
	    vi->conf.ext.old_unicast_checksum != VRRP_OLD_CSUM_AUTO)
		return r;
	struct vrrp_advert old;
	enum vrrp_rx_result r2 = vrrp_advert_parse_old_csum(pkt, len, &old, group);
	if (r2 == VRRP_RX_BAD_CHECKSUM)
		return r;
	*adv = old;
	vi->csum_old = true;
	log_notice("(%s) an advert from %s has the checksum of keepalived before 1.3.6: using that "
		   "old VRRPv3 checksum from now on (old_unicast_checksum never prevents it)",
		   vi->conf.name, inet_ntoa(adv->src));
	return r2;
}
