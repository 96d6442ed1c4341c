/* vrrp_ipv6.c - the IPv6 paths of the VRRP child: an IPv6 instance's
 * interface record and socket, its received adverts (checked, then handed
 * to vrrp_instance_rx() like IPv4 ones), its source address, its adverts
 * out and the neighbour adverts of its VIPs. Everything else (state,
 * timers, VIPs through netlink) is shared with IPv4. */
#include "vrrp.h"
#include "log.h"
#include "util.h"
#include "vrrp_net.h"
#include "vrrp_net6.h"
#include "vrrp_packet6.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

struct vrrp_iface *vrrp_iface_get6(struct vrrp_ctx *ctx, const char *name, const struct in6_addr *group)
{
	for (struct vrrp_iface *ifc = ctx->ifaces; ifc; ifc = ifc->next)
		if (ifc->family == AF_INET6 && strcmp(ifc->name, name) == 0 &&
		    memcmp(&ifc->group6, group, sizeof(*group)) == 0)
			return ifc;
	struct vrrp_iface *ifc = xcalloc(1, sizeof(*ifc));
	ifc->ctx = ctx;
	str_copy(ifc->name, sizeof(ifc->name), name);
	ifc->family = AF_INET6;
	ifc->group6 = *group;
	ifc->proto = VRRP_PROTO;
	ifc->fd = -1;
	ifc->next = ctx->ifaces;
	ctx->ifaces = ifc;
	return ifc;
}

/* The IPv6 VIPs of vi (its advertised list). Returns how many. */
static size_t own_addrs(const struct vrrp_instance *vi, struct in6_addr *out)
{
	size_t n = 0;
	for (size_t i = 0; i < vi->conf.n_vips && n < VRRP_MAX_ADDRS; i++)
		if (vi->conf.vips[i].addr.family == AF_INET6)
			out[n++] = vi->conf.vips[i].addr.u.v6;
	return n;
}

/* Instance-level checks of a parsed IPv6 advert (as vrrp_advert_verify()
 * for IPv4): version, v2's auth type and interval, the address list. */
static enum vrrp_rx_result verify6(const struct vrrp_instance *vi, const struct vrrp_advert6 *adv)
{
	if (adv->version != vi->conf.version)
		return VRRP_RX_BAD_VERSION;
	if (adv->version == 2) {
		enum vrrp_rx_result r = vrrp_auth_type_check(adv->auth_type, (uint8_t)vi->conf.auth_type);
		if (r != VRRP_RX_OK)
			return r;
		unsigned want = (vi->conf.advert_int_cs + 50u) / 100u;
		if (adv->advert_int_cs / 100u != (want ? want : 1))
			return VRRP_RX_BAD_INTERVAL;
	}
	static struct in6_addr addrs[VRRP_MAX_ADDRS];
	size_t n = own_addrs(vi, addrs);
	bool same_master = vi->master_priority && !memcmp(&adv->src, &vi->master6, sizeof(adv->src));
	if (vi->conf.l3.skip_check_adv_addr && same_master)
		return VRRP_RX_OK;   /* skip_check_adv_addr */
	if (!vrrp6_addrs_match(adv, addrs, n))
		return VRRP_RX_BAD_ADDR_LIST;
	return VRRP_RX_OK;
}

/* unicast_peer check of an IPv6 advert, as from_peer() in vrrp_iface.c:
 * VRRP_RX_OK, VRRP_RX_NOT_PEER, or VRRP_RX_BAD_TTL for a peer's advert with
 * a hop limit outside its range (*peer: the peer found, or NULL). */
static enum vrrp_rx_result from_peer6(const struct vrrp_instance *vi, const struct in6_addr *src, int hoplimit,
				      const struct unicast_peer_conf **peer)
{
	*peer = NULL;
	for (size_t i = 0; i < vi->conf.ext.n_peers; i++) {
		const struct unicast_peer_conf *p = &vi->conf.ext.peers[i];
		if (p->addr.family == AF_INET6 && !memcmp(&p->addr.u.v6, src, sizeof(*src))) {
			*peer = p;
			return hoplimit >= p->min_ttl && hoplimit <= p->max_ttl ? VRRP_RX_OK : VRRP_RX_BAD_TTL;
		}
	}
	return VRRP_RX_NOT_PEER;
}

/* One received message: generic checks, then the instance's. Both sockets
 * of an interface (multicast group, and :: for unicast instances) see
 * every message; each keeps those sent its way. A unicast advert may come
 * with any hop limit (check_unicast_src bounds it per peer). */
static void handle_msg6(struct vrrp_iface *ifc, const uint8_t *msg, size_t len,
			const struct vrrp_rx6_meta *m)
{
	static struct vrrp_advert6 adv;
	bool unicast = IN6_IS_ADDR_UNSPECIFIED(&ifc->group6);
	if (unicast == IN6_IS_ADDR_MULTICAST(&m->dst))
		return;   /* the other socket's */
	if (!unicast && memcmp(&m->dst, &ifc->group6, sizeof(m->dst)) != 0)
		return;   /* another group's socket (one VRID may run on several groups) */
	enum vrrp_rx_result r = vrrp6_advert_parse(msg, len, &m->src, &m->dst,
						   unicast ? VRRP_TTL : m->hoplimit, &adv);
	int vrid = vrrp6_peek_vrid(msg, len);
	struct vrrp_instance *vi = vrid >= 0 ? ifc->by_vrid[vrid] : NULL;
	char from[INET6_ADDRSTRLEN];
	inet_ntop(AF_INET6, &m->src, from, sizeof(from));

	if (r != VRRP_RX_OK) {
		if (vi)
			vi->stats.rx_errors[r]++;
		else
			vrrp_iface_count_drop(ifc, r);
		if (vrrp_iface_drop_log(ifc))
			log_debug("%s: dropped IPv6 advert from %s: %s", ifc->name, from, vrrp_rx_result_str(r));
		return;
	}
	if (!vi) {
		vrrp_iface_count_drop(ifc, VRRP_RX_BAD_VRID);
		if (vrrp_iface_drop_log(ifc))
			log_debug("%s: dropped advert for VRID %u: no such instance here", ifc->name, adv.vrid);
		return;
	}
	vi = vrrp_iface_unicast_owner(ifc, vi, AF_INET6, &m->src);
	if (!memcmp(&m->src, &vi->src6, sizeof(m->src)))
		return;  /* our own */
	if (unicast && !IN6_IS_ADDR_UNSPECIFIED(&vi->src6) && memcmp(&m->dst, &vi->src6, sizeof(m->dst)) != 0) {
		/* sent to another of our addresses: keepalived 2.2.7's socket,
		 * bound to the source (unicast_src_ip, else the link-local
		 * address), never sees it (vrrp_iface.c) */
		if (vrrp_iface_drop_log(ifc))
			log_debug("(%s) dropped advert from %s: not sent to our source", vi->conf.name, from);
		return;
	}
	const struct unicast_peer_conf *peer;
	enum vrrp_rx_result pr = unicast && vrrp_check_unicast_src(vi)
				 ? from_peer6(vi, &m->src, m->hoplimit, &peer) : VRRP_RX_OK;
	if (pr != VRRP_RX_OK) {
		vi->stats.rx_errors[pr]++;
		if (pr == VRRP_RX_NOT_PEER)
			vi->stats.not_a_peer++;
		if (!vrrp_iface_drop_log(ifc))
			return;
		if (peer)   /* keepalived 2.2.7's line */
			log_info("(%s) TTL/HL %d not in range %u - %u", vi->conf.name, m->hoplimit, peer->min_ttl,
				 peer->max_ttl);
		else
			log_debug("(%s) dropped advert from %s: not a unicast peer", vi->conf.name, from);
		return;
	}
	if (vi->state != VRRP_STATE_BACKUP && vi->state != VRRP_STATE_MASTER)
		return;
	r = verify6(vi, &adv);
	if (r == VRRP_RX_BAD_ADDR_LIST) {
		vi->stats.rx_errors[r]++;
		if (!vrrp_addr_mismatch(vi, from, AF_INET6, adv.addrs, adv.naddr, adv.priority))
			return;
	} else if (r != VRRP_RX_OK) {
		vi->stats.rx_errors[r]++;
		if (vrrp_iface_drop_log(ifc))
			log_debug("(%s) dropped advert from %s: %s", vi->conf.name, from, vrrp_rx_result_str(r));
		return;
	} else {
		vi->addr_mismatch_sig = 0;
	}
	struct vrrp_advert a;
	memset(&a, 0, sizeof(a));
	a.version = adv.version;
	a.vrid = adv.vrid;
	a.priority = adv.priority;
	a.advert_int_cs = adv.advert_int_cs;
	a.auth_type = adv.auth_type;
	a.ttl = m->hoplimit < 0 ? 0 : (uint8_t)m->hoplimit;
	a.src6 = adv.src;
	vrrp_instance_rx(vi, &a);
}

/* Contract: see vrrp.h. Messages that arrived on another interface (a
 * socket bound to a device can still see them during a rebind) are
 * skipped. */
bool vrrp_iface6_read(struct vrrp_iface *ifc, int max)
{
	static uint8_t buf[VRRP6_MAX_LEN + 64];
	for (int i = 0; i < max && ifc->fd >= 0; i++) {
		struct vrrp_rx6_meta m;
		ssize_t n = vrrp_socket6_recv(ifc->fd, buf, sizeof(buf), &m);
		if (n <= 0)
			return n == 0;
		if (m.ifindex && (unsigned)m.ifindex != ifc->ifindex)
			continue;
		handle_msg6(ifc, buf, (size_t)n, &m);
	}
	return false;
}

static void iface6_readable(void *arg, int fd, uint32_t events)
{
	vrrp_iface6_read(arg, 64);
}

int vrrp_iface6_open(struct vrrp_iface *ifc, unsigned ifindex)
{
	int fd = vrrp_socket6_open(ifc->name, ifindex, &ifc->group6);
	if (fd < 0)
		return -1;
	if (loop_io_add(ifc->ctx->loop, fd, EPOLLIN, iface6_readable, ifc) < 0) {
		log_err("%s: cannot watch the VRRP IPv6 socket: %s", ifc->name, strerror(errno));
		close(fd);
		return -1;
	}
	ifc->fd = fd;
	ifc->ifindex = ifindex;
	log_debug("%s: VRRP IPv6 socket open (ifindex %u)", ifc->name, ifindex);
	return fd;
}

/* Contract: see vrrp.h (mcast_src_ip covers unicast_src_ip). Excluded
 * VIPs are skipped too: they are ours. */
bool vrrp_refresh_src6(struct vrrp_instance *vi)
{
	static const struct in6_addr any = IN6ADDR_ANY_INIT;
	if (memcmp(&vi->conf.l3.mcast_src6, &any, sizeof(any)) != 0) {
		vi->src6 = vi->conf.l3.mcast_src6;
		return true;
	}
	size_t n = vi->conf.n_vips + vi->conf.n_vips_excluded;
	struct vip_conf *skip = xcalloc(n ? n : 1, sizeof(*skip));
	if (vi->conf.n_vips)
		memcpy(skip, vi->conf.vips, vi->conf.n_vips * sizeof(*skip));
	if (vi->conf.n_vips_excluded)
		memcpy(skip + vi->conf.n_vips, vi->conf.vips_excluded,
		       vi->conf.n_vips_excluded * sizeof(*skip));
	/* an ipvlan has a link-local address of its own (not the interface's) */
	const char *dev = vi->conf.l3.use_ipvlan ? vi->conf.l3.vmac_name : vi->conf.ifname;
	bool found = netif_linklocal6(vi->ctx->netif, dev, skip, n, &vi->src6);
	free(skip);
	return found;
}

/* Unicast: one copy to each unicast_peer (the checksum covers its address),
 * with unicast_ttl when given, else the kernel's hop limit (keepalived
 * 2.2.7 does the same); nothing to the multicast group. */
static void send_unicast6(struct vrrp_instance *vi, struct vrrp_advert6 *adv, uint8_t priority)
{
	static uint8_t msg[VRRP6_MAX_LEN];
	int hops = vi->conf.ext.unicast_ttl_set ? vi->conf.ext.unicast_ttl : -1;
	bool sent = false;
	for (size_t i = 0; i < vi->conf.ext.n_peers; i++) {
		const struct unicast_peer_conf *p = &vi->conf.ext.peers[i];
		if (p->addr.family != AF_INET6)
			continue;
		adv->dst = p->addr.u.v6;
		size_t len = vrrp6_advert_build(msg, sizeof(msg), adv);
		if (len && vrrp_socket6_send_hl(vi->iface->fd, msg, len, &adv->src, &adv->dst,
						vi->iface->ifindex, hops) == 0)
			sent = true;
	}
	if (sent)
		vrrp_count_sent(vi, priority);
}

void vrrp_send_advert6(struct vrrp_instance *vi, uint8_t priority)
{
	static const struct in6_addr any = IN6ADDR_ANY_INIT;
	if (!memcmp(&vi->src6, &any, sizeof(any)) && !vrrp_refresh_src6(vi)) {
		log_warn("(%s) no link-local IPv6 address on %s to send adverts from", vi->conf.name,
			 vi->conf.ifname);
		return;
	}
	static struct vrrp_advert6 adv;
	memset(&adv, 0, sizeof(adv));
	adv.version = vi->conf.version;
	adv.vrid = vi->conf.vrid;
	adv.priority = priority;
	adv.advert_int_cs = (uint16_t)vi->conf.advert_int_cs;
	adv.auth_type = vi->conf.version == 2 ? (uint8_t)vi->conf.auth_type : 0;
	adv.naddr = (uint8_t)own_addrs(vi, adv.addrs);
	adv.src = vi->src6;
	if (vi->conf.ext.unicast) {
		send_unicast6(vi, &adv, priority);
		return;
	}
	adv.dst = vi->conf.l3.mcast_group6;
	static uint8_t msg[VRRP6_MAX_LEN];
	size_t len = vrrp6_advert_build(msg, sizeof(msg), &adv);
	if (!len || vrrp_socket6_send(vi->iface->fd, msg, len, &adv.src, &adv.dst, vi->iface->ifindex) < 0) {
		log_debug("(%s) advert not sent", vi->conf.name);
		return;
	}
	vrrp_count_sent(vi, priority);
}

void vrrp_na_send(struct vrrp_instance *vi, const char *dev, const struct in6_addr *vip)
{
	struct netif *nf = vi->ctx->netif;
	unsigned ifindex = netif_index(nf, dev);
	uint8_t mac[6];
	if (!ifindex || netif_hwaddr(nf, ifindex, mac) < 0)
		return;
	ndisc_send_na(netif_packet_fd(nf, ifindex), dev, ifindex, mac, vip);
}

const char *vrrp_adv_src_str(const struct vrrp_instance *vi, const struct vrrp_advert *adv, char *buf)
{
	if (vi->conf.l3.family == AF_INET6)
		return inet_ntop(AF_INET6, &adv->src6, buf, INET6_ADDRSTRLEN) ? buf : "?";
	return inet_ntop(AF_INET, &adv->src, buf, INET6_ADDRSTRLEN) ? buf : "?";
}
