/* vrrp_ifdelay_conf.h - keepalived 2.2's top-level block
 *
 *     interface_up_down_delays {
 *         IFNAME DOWN_DELAY [UP_DELAY]
 *     }
 *
 * A change of an interface's up/down state reaches the VRRP instances
 * using (or tracking) it only once it has lasted the delay; a flap shorter
 * than that changes nothing (vrrp/vrrp_ifdelay.c). Delays in microseconds,
 * 0..255 s; validation lowers them below (down_timer_adverts - 1) x
 * advert_int of every instance on the interface. Parsed and checked in
 * vrrp/vrrp_conf_iface.c. */
#ifndef KA_VRRP_IFDELAY_CONF_H
#define KA_VRRP_IFDELAY_CONF_H

#include <net/if.h>
#include <stddef.h>
#include <stdint.h>

#include "conf_fields.h"

#define VRRP_IFDELAY_MAX_US (255u * 1000000u)

struct if_delay_conf {
	char ifname[IFNAMSIZ];
	uint32_t down_us;              /* down -> reported down after this long */
	uint32_t up_us;                /* up -> reported up (default: down_us) */
};
struct vrrp_if_delays {
	struct if_delay_conf *delays;
	size_t n_delays;
};
extern const struct conf_struct_desc vrrp_if_delays_desc;

/* The delays of interface ifname, or NULL when it has none. */
const struct if_delay_conf *vrrp_if_delay_of(const struct vrrp_if_delays *d, const char *ifname);

#endif
