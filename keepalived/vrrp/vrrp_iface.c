/* vrrp_iface.c - one protocol-112 socket per interface, shared by the
 * instances on it; received adverts are checked and dispatched by VRID. */
#include "vrrp.h"
#include "log.h"
#include "util.h"
#include "vrrp_auth.h"
#include "vrrp_net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/ip.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

static struct vrrp_instance *find_vrid(struct vrrp_iface *ifc, uint8_t vrid)
{
	return ifc->by_vrid[vrid];
}

/* Contract: see vrrp.h. Two instances of one VRID on one interface are
 * unicast ones without a common peer (validation refuses the others, as
 * keepalived 2.2.7): the first attached is by_vrid's, the VRID is marked
 * shared and vrrp_iface_unicast_owner() picks by the sender. */
void vrrp_iface_attach(struct vrrp_iface *ifc, struct vrrp_instance *vi)
{
	uint8_t v = vi->conf.vrid;
	if (!ifc->by_vrid[v])
		ifc->by_vrid[v] = vi;
	else if (ifc->by_vrid[v] != vi)
		ifc->vrid_shared[v / 8] |= (uint8_t)(1u << (v % 8));
}

/* Does vi list addr (family, 4 or 16 bytes) as a unicast peer? */
static bool has_peer(const struct vrrp_instance *vi, sa_family_t family, const void *addr)
{
	for (size_t i = 0; i < vi->conf.ext.n_peers; i++) {
		const struct ka_addr *p = &vi->conf.ext.peers[i].addr;
		if (p->family == family && !memcmp(&p->u, addr, family == AF_INET ? 4 : 16))
			return true;
	}
	return false;
}

struct vrrp_instance *vrrp_iface_unicast_owner(struct vrrp_iface *ifc, struct vrrp_instance *vi,
					       sa_family_t family, const void *src)
{
	uint8_t v = vi->conf.vrid;
	if (!vi->conf.ext.unicast || !(ifc->vrid_shared[v / 8] & (1u << (v % 8))) || has_peer(vi, family, src))
		return vi;
	for (struct vrrp_instance *o = ifc->ctx->instances; o; o = o->next)
		if (o->iface == ifc && o->conf.vrid == v && o->conf.ext.unicast && has_peer(o, family, src))
			return o;
	return vi;
}

void vrrp_iface_detach(struct vrrp_iface *ifc, struct vrrp_instance *vi)
{
	uint8_t vrid = vi->conf.vrid;
	if (ifc->by_vrid[vrid] != vi)
		return;
	ifc->by_vrid[vrid] = NULL;
	for (struct vrrp_instance *o = ifc->ctx->instances; o; o = o->next)
		if (o != vi && o->iface == ifc && o->conf.vrid == vrid) {
			ifc->by_vrid[vrid] = o;
			break;
		}
}

/* Contract: see vrrp.h. */
void vrrp_iface_count_drop(struct vrrp_iface *ifc, enum vrrp_rx_result r)
{
	for (struct vrrp_instance *vi = ifc->ctx->instances; vi; vi = vi->next)
		if (vi->iface == ifc)
			vi->stats.rx_errors[r]++;
}

/* Does this packet belong to vi's socket kind? A multicast instance takes
 * packets sent to its group, a unicast one packets sent to one of our
 * addresses (not multicast). The sockets of both kinds on one interface
 * see every packet; each keeps its own. Packets too short to tell are
 * counted by the multicast side only. */
static bool addressed_to(const struct vrrp_instance *vi, const struct vrrp_advert *adv,
			 enum vrrp_rx_result r)
{
	bool parsed = r == VRRP_RX_OK || r == VRRP_RX_BAD_TTL || r == VRRP_RX_BAD_CHECKSUM ||
		      r == VRRP_RX_BAD_TYPE || r == VRRP_RX_BAD_VERSION;
	if (!parsed)
		return !vi->conf.ext.unicast;
	bool mcast = IN_MULTICAST(ntohl(adv->dst.s_addr));
	return vi->conf.ext.unicast ? !mcast : mcast;
}

/* A raw socket sees the packets of every group joined on its interface:
 * one sent to another multicast group is the socket of that group's (one
 * VRID may run on several groups of one interface, as keepalived allows). */
static bool other_group(const struct vrrp_iface *ifc, const uint8_t *pkt, size_t len)
{
	if (len < sizeof(struct iphdr) || !IN_MULTICAST(ntohl(ifc->group.s_addr)))
		return false;
	struct in_addr dst;
	memcpy(&dst, pkt + offsetof(struct iphdr, daddr), sizeof(dst));
	return IN_MULTICAST(ntohl(dst.s_addr)) && dst.s_addr != ifc->group.s_addr;
}

/* unicast_peer check: VRRP_RX_OK when the source is a peer and the TTL in
 * its range; VRRP_RX_NOT_PEER; VRRP_RX_BAD_TTL for a peer's advert outside
 * its min_ttl..max_ttl (keepalived 2.2.7 counts it under "TTL"). *peer: the
 * peer found, or NULL. */
static enum vrrp_rx_result from_peer(const struct vrrp_instance *vi, const struct vrrp_advert *adv,
				     const struct unicast_peer_conf **peer)
{
	*peer = NULL;
	for (size_t i = 0; i < vi->conf.ext.n_peers; i++) {
		const struct unicast_peer_conf *p = &vi->conf.ext.peers[i];
		if (p->addr.family == AF_INET && p->addr.u.v4.s_addr == adv->src.s_addr) {
			*peer = p;
			return adv->ttl >= p->min_ttl && adv->ttl <= p->max_ttl ? VRRP_RX_OK : VRRP_RX_BAD_TTL;
		}
	}
	return VRRP_RX_NOT_PEER;
}

/* One received packet: generic checks, then the instance's own checks. */
/* An AH packet as received (ah: NULL for plain VRRP). */
struct ah_pkt {
	const uint8_t *pkt;
	size_t len;
	uint32_t seq;
};

/* AH: the ICV must match our auth_pass, and the sequence number must move
 * forward from one sender (a sender that restarted begins again at 1). */
static enum vrrp_rx_result check_ah(struct vrrp_instance *vi, const struct ah_pkt *ah,
				    const struct vrrp_advert *adv)
{
	if (!vrrp_ah_verify(ah->pkt, ah->len, vi->conf.auth_pass))
		return VRRP_RX_BAD_AUTH;
	if (vi->ah_rx_src.s_addr == adv->src.s_addr && ah->seq <= vi->ah_rx_seq && ah->seq != 1)
		return VRRP_RX_BAD_AUTH;   /* replayed */
	vi->ah_rx_src = adv->src;
	vi->ah_rx_seq = ah->seq;
	return VRRP_RX_OK;
}

#define DROP_LOG_BURST 10   /* dropped adverts logged per interface and second */

/* Contract: see vrrp.h. */
bool vrrp_iface_drop_log(struct vrrp_iface *ifc)
{
	uint64_t now = mono_now_us();
	if (now >= ifc->drop_window_end) {
		if (ifc->drop_unlogged)
			log_debug("%s: %u more dropped adverts not logged (at most %d a second; the stats "
				  "dump counts them all)", ifc->name, ifc->drop_unlogged, DROP_LOG_BURST);
		ifc->drop_window_end = now + USEC_PER_SEC;
		ifc->drop_logged = ifc->drop_unlogged = 0;
	}
	if (ifc->drop_logged < DROP_LOG_BURST) {
		ifc->drop_logged++;
		return true;
	}
	ifc->drop_unlogged++;
	return false;
}

static void handle_packet(struct vrrp_iface *ifc, const uint8_t *pkt, size_t len, const struct ah_pkt *ah)
{
	if (other_group(ifc, pkt, len))
		return;
	struct vrrp_advert adv;
	memset(&adv, 0, sizeof(adv));
	enum vrrp_rx_result r = vrrp_advert_parse(pkt, len, &adv);

	/* Find the VRID straight from the bytes: even a packet that failed
	 * the generic checks is counted on its instance when it has one. */
	struct vrrp_instance *vi = NULL;
	size_t ihl = len ? (size_t)(pkt[0] & 0x0f) * 4 : 0;
	if (ihl >= sizeof(struct iphdr) && len >= ihl + 2)
		vi = find_vrid(ifc, pkt[ihl + 1]);

	if (vi && !addressed_to(vi, &adv, r))
		return;   /* the other socket's packet (multicast vs unicast) */
	if (vi)
		r = vrrp_csum_compat_rx(vi, pkt, len, &adv, r);   /* old_unicast_checksum */
	if (r == VRRP_RX_BAD_TTL && vi && vi->conf.ext.unicast)
		r = VRRP_RX_OK;   /* unicast: TTL checked against the peer below */
	if (r != VRRP_RX_OK) {
		if (vi)
			vi->stats.rx_errors[r]++;
		else
			vrrp_iface_count_drop(ifc, r);
		if (vrrp_iface_drop_log(ifc))
			log_debug("%s: dropped advert: %s", ifc->name, vrrp_rx_result_str(r));
		return;
	}
	if (!vi) {
		vrrp_iface_count_drop(ifc, VRRP_RX_BAD_VRID);
		if (vrrp_iface_drop_log(ifc))
			log_debug("%s: dropped advert for VRID %u: no such instance here", ifc->name, adv.vrid);
		return;
	}
	vi = vrrp_iface_unicast_owner(ifc, vi, AF_INET, &adv.src);
	if (adv.src.s_addr == vi->src_addr.s_addr)
		return;  /* our own */
	if (vi->conf.ext.unicast && vi->src_addr.s_addr && adv.dst.s_addr != vi->src_addr.s_addr) {
		/* keepalived 2.2.7 binds a unicast instance's socket to its
		 * source (unicast_src_ip, else the interface's primary
		 * address): an advert sent to another of our addresses never
		 * reaches it */
		if (vrrp_iface_drop_log(ifc)) {
			char to[INET_ADDRSTRLEN];
			inet_ntop(AF_INET, &adv.dst, to, sizeof(to));
			log_debug("(%s) dropped advert from %s: sent to %s, not to our source", vi->conf.name,
				  inet_ntoa(adv.src), to);
		}
		return;
	}
	const struct unicast_peer_conf *peer;
	enum vrrp_rx_result pr = vi->conf.ext.unicast && vrrp_check_unicast_src(vi)
				 ? from_peer(vi, &adv, &peer) : VRRP_RX_OK;
	if (pr != VRRP_RX_OK) {
		vi->stats.rx_errors[pr]++;
		if (pr == VRRP_RX_NOT_PEER)
			vi->stats.not_a_peer++;
		if (!vrrp_iface_drop_log(ifc))
			return;
		if (peer)   /* keepalived 2.2.7's line */
			log_info("(%s) TTL/HL %u not in range %u - %u", vi->conf.name, adv.ttl, peer->min_ttl,
				 peer->max_ttl);
		else
			log_debug("(%s) dropped advert from %s: not a unicast peer", vi->conf.name,
				  inet_ntoa(adv.src));
		return;
	}
	if (vi->state != VRRP_STATE_BACKUP && vi->state != VRRP_STATE_MASTER)
		return;

	struct in_addr addrs[VRRP_MAX_ADDRS];
	struct vrrp_expect exp = {
		.version = vi->conf.version,
		.auth_type = (uint8_t)vi->conf.auth_type,
		.advert_int_cs = (uint16_t)vi->conf.advert_int_cs,
		.addrs = addrs,
	};
	memcpy(exp.auth_pass, vi->conf.auth_pass, sizeof(exp.auth_pass));
	for (size_t i = 0; i < vi->conf.n_vips && exp.naddr < VRRP_MAX_ADDRS; i++)
		if (vi->conf.vips[i].addr.family == AF_INET)
			addrs[exp.naddr++] = vi->conf.vips[i].addr.u.v4;
	if (vi->conf.l3.skip_check_adv_addr && vi->master_priority && adv.src.s_addr == vi->master_addr.s_addr) {
		/* skip_check_adv_addr: the master we follow is not checked again */
		exp.addrs = adv.addrs;
		exp.naddr = adv.naddr;
	}
	r = vrrp_advert_verify(&adv, &exp);
	if (r == VRRP_RX_OK && vrrp_uses_ah(&vi->conf))
		r = ah ? check_ah(vi, ah, &adv) : VRRP_RX_BAD_AUTH_TYPE;
	if (r == VRRP_RX_BAD_ADDR_LIST) {
		vi->stats.rx_errors[r]++;
		if (!vrrp_addr_mismatch(vi, inet_ntoa(adv.src), AF_INET, adv.addrs, adv.naddr, adv.priority))
			return;
	} else if (r != VRRP_RX_OK) {
		vi->stats.rx_errors[r]++;
		if (vrrp_iface_drop_log(ifc))
			log_debug("(%s) dropped advert from %s: %s", vi->conf.name, inet_ntoa(adv.src),
				  vrrp_rx_result_str(r));
		return;
	} else {
		vi->addr_mismatch_sig = 0;
	}
	vrrp_instance_rx(vi, &adv);
}

/* Handle up to about max packets waiting on the socket, a batch per
 * system call. */
/* One received packet: plain VRRP, or AH around it (an AH socket). */
static void handle_one(struct vrrp_iface *ifc, const uint8_t *pkt, size_t len)
{
	if (ifc->proto != VRRP_AH_PROTO) {
		handle_packet(ifc, pkt, len, NULL);
		return;
	}
	uint8_t inner[4096];
	struct ah_pkt ah = { .pkt = pkt, .len = len };
	size_t m;
	if (!vrrp_ah_unwrap(pkt, len, inner, sizeof(inner), &m, &ah.seq)) {
		vrrp_iface_count_drop(ifc, VRRP_RX_TOO_SHORT);
		return;
	}
	handle_packet(ifc, inner, m, &ah);
}

/* true when it stopped on an empty socket */
static bool iface_read(struct vrrp_iface *ifc, int max)
{
	enum { BATCH = 8 };
	struct vrrp_rx_pkt pkts[BATCH];
	for (int done = 0; done < max && ifc->fd >= 0;) {
		int n = vrrp_socket_recv_batch(ifc->fd, pkts, BATCH);
		for (int i = 0; i < n && ifc->fd >= 0; i++) {
			if (pkts[i].ifindex && ifc->ifindex && (unsigned)pkts[i].ifindex != ifc->ifindex)
				continue;
			handle_one(ifc, pkts[i].data, pkts[i].len);
		}
		if (n < BATCH)
			return n >= 0 && ifc->fd >= 0;
		done += n;
	}
	return false;
}

/* Read up to max packets; when the socket was emptied, remember the loop's
 * time (taken before the read: no later than it) for vrrp_iface_drain(). */
static void iface_read_note(struct vrrp_iface *ifc, int max)
{
	uint64_t t = loop_now(ifc->ctx->loop);
	bool empty = ifc->family == AF_INET6 ? vrrp_iface6_read(ifc, max) : iface_read(ifc, max);
	if (empty)
		ifc->read_empty_us = t;
}

static void iface_readable(void *arg, int fd, uint32_t events)
{
	iface_read_note(arg, 64);
}

void vrrp_iface_drain(struct vrrp_iface *ifc, uint64_t since_us)
{
	if (ifc->fd >= 0 && ifc->read_empty_us && ifc->read_empty_us >= since_us)
		return;
	iface_read_note(ifc, 4096);
}

static void iface_close(struct vrrp_iface *ifc)
{
	if (ifc->fd < 0)
		return;
	loop_io_del(ifc->ctx->loop, ifc->fd);
	close(ifc->fd);
	ifc->fd = -1;
	ifc->ifindex = 0;
	ifc->read_empty_us = 0;
}

bool vrrp_iface_ensure_socket(struct vrrp_iface *ifc)
{
	if (!ifc->name[0]) {   /* unicast without an interface: one unbound socket */
		if (ifc->fd >= 0)
			return true;
		int fd = vrrp_socket_open_proto("", ifc->group, ifc->proto);
		if (fd >= 0 && ifc->vrf[0] &&
		    setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifc->vrf, (socklen_t)strlen(ifc->vrf) + 1) < 0) {
			log_err("vrrp socket: cannot bind to VRF %s: %s", ifc->vrf, strerror(errno));
			close(fd);
			return false;
		}
		if (fd < 0 || loop_io_add(ifc->ctx->loop, fd, EPOLLIN, iface_readable, ifc) < 0) {
			if (fd >= 0)
				close(fd);
			return false;
		}
		ifc->fd = fd;
		return true;
	}
	unsigned idx = netif_index(ifc->ctx->netif, ifc->name);
	if (!idx) {
		iface_close(ifc);
		return false;
	}
	if (ifc->fd >= 0 && ifc->ifindex == idx)
		return true;
	iface_close(ifc);
	if (ifc->family == AF_INET6)
		return vrrp_iface6_open(ifc, idx) >= 0;
	int fd = vrrp_socket_open_proto(ifc->name, ifc->group, ifc->proto);
	if (fd < 0)
		return false;
	if (loop_io_add(ifc->ctx->loop, fd, EPOLLIN, iface_readable, ifc) < 0) {
		log_err("%s: cannot watch the VRRP socket: %s", ifc->name, strerror(errno));
		close(fd);
		return false;
	}
	ifc->fd = fd;
	ifc->ifindex = idx;
	log_debug("%s: VRRP socket open (ifindex %u)", ifc->name, idx);
	return true;
}

/* The IPv4 socket of (name, vrf, group, proto), made (closed) when new. */
static struct vrrp_iface *iface_get(struct vrrp_ctx *ctx, const char *name, const char *vrf, struct in_addr group,
				    int proto)
{
	for (struct vrrp_iface *ifc = ctx->ifaces; ifc; ifc = ifc->next)
		if (ifc->family == AF_INET && strcmp(ifc->name, name) == 0 && strcmp(ifc->vrf, vrf) == 0 &&
		    ifc->group.s_addr == group.s_addr && ifc->proto == proto)
			return ifc;
	struct vrrp_iface *ifc = xcalloc(1, sizeof(*ifc));
	ifc->ctx = ctx;
	str_copy(ifc->name, sizeof(ifc->name), name);
	str_copy(ifc->vrf, sizeof(ifc->vrf), vrf);
	ifc->family = AF_INET;
	ifc->group = group;
	ifc->proto = proto;
	ifc->fd = -1;
	ifc->next = ctx->ifaces;
	ctx->ifaces = ifc;
	return ifc;
}

struct vrrp_iface *vrrp_iface_get(struct vrrp_ctx *ctx, const char *name, struct in_addr group, int proto)
{
	return iface_get(ctx, name, "", group, proto);
}

struct vrrp_iface *vrrp_iface_get_vrf(struct vrrp_ctx *ctx, const char *vrf, struct in_addr group, int proto)
{
	return iface_get(ctx, "", vrf, group, proto);
}

void vrrp_iface_gc(struct vrrp_ctx *ctx)
{
	struct vrrp_iface **pp = &ctx->ifaces;
	while (*pp) {
		struct vrrp_iface *ifc = *pp;
		bool used = false;
		for (struct vrrp_instance *vi = ctx->instances; vi && !used; vi = vi->next)
			used = vi->iface == ifc;
		if (used) {
			pp = &ifc->next;
			continue;
		}
		*pp = ifc->next;
		iface_close(ifc);
		free(ifc);
	}
}

void vrrp_iface_free_all(struct vrrp_ctx *ctx)
{
	while (ctx->ifaces) {
		struct vrrp_iface *ifc = ctx->ifaces;
		ctx->ifaces = ifc->next;
		iface_close(ifc);
		free(ifc);
	}
}
