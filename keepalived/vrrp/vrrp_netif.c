/* vrrp_netif.c - the interface and address cache of the VRRP child, fed by
 * a netlink monitor (libmnl), and each interface's packet socket. See
 * vrrp_net.h.
 *
 * Why a cache: the VRRP child asks "is eth0 up, what is its first address,
 * is this VIP installed" for every instance whenever anything changes; with
 * a thousand instances, one kernel dump per question made every VIP added
 * cost a thousand dumps. Now a question is a lookup, and the kernel is read
 * once at start (and again only if notifications were lost).
 *
 * Notifications and dump answers are applied the same way and are
 * idempotent (a NEWADDR for a known address changes nothing), so the
 * monitor can be opened before the dump without losing or doubling
 * anything.
 */
#include "vrrp_net.h"

#include "log.h"
#include "util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <net/if_arp.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MONITOR_RCVBUF (4 * 1024 * 1024)   /* a burst of a few thousand changes */
#define NL_BUF_SIZE 32768                  /* a dump message fits (as NL_BUF_SIZE) */
#define MON_BATCH   16                     /* notifications per recvmmsg() */

struct netif_link {
	unsigned ifindex;
	char name[IFNAMSIZ];
	unsigned flags;          /* ifi_flags: IFF_UP, IFF_RUNNING, ... */
	uint16_t type;           /* ARPHRD_* */
	uint8_t mac[6], brd[6];   /* IFLA_ADDRESS, IFLA_BROADCAST (6-byte ones only) */
	bool has_mac;
	uint32_t mtu;
	bool seen;               /* during a full dump: still there */
	int tx_fd;               /* packet socket, -1 until first used */
};

struct netif_addr {
	unsigned ifindex;
	uint8_t prefixlen;
	struct ka_addr addr;
};

struct netif {
	struct mnl_socket *mon;  /* subscribed to link and address changes */
	struct mnl_socket *req;  /* dumps */
	uint32_t seq;
	struct netif_link *links;
	size_t n_links, cap_links;
	/* in kernel order, new ones last; a removed address stays as a hole
	 * (ifindex 0) until holes are half of them, so that positions do not
	 * move under the index below at every removal */
	struct netif_addr *addrs;
	size_t n_addrs, cap_addrs, n_holes;
	/* addrs by address (any interface, any prefix): chains of positions,
	 * head[hash & mask] then next[pos]; NO_POS ends a chain. "Is this VIP
	 * installed" is asked for every VIP of every master after each batch
	 * of notifications: a scan of a thousand addresses each time was not
	 * cheap. Rebuilt when positions move (holes squeezed out). */
	uint32_t *addr_head, *addr_next;
	size_t addr_mask;           /* buckets - 1; buckets: a power of two */
	char *mon_buf;           /* MON_BATCH x NL_BUF_SIZE, for netif_drain() */
	unsigned changes;        /* NETIF_CH_* seen while applying messages */
	bool log_addresses;      /* -a: log every address added or removed */
	bool dumping;            /* applying a dump, not notifications */
};

/* ---- the tables ---------------------------------------------------------------- */

static struct netif_link *link_by_index(const struct netif *nf, unsigned ifindex)
{
	for (size_t i = 0; i < nf->n_links; i++)
		if (nf->links[i].ifindex == ifindex)
			return &nf->links[i];
	return NULL;
}

static struct netif_link *link_by_name(const struct netif *nf, const char *name)
{
	for (size_t i = 0; i < nf->n_links; i++)
		if (strcmp(nf->links[i].name, name) == 0)
			return &nf->links[i];
	return NULL;
}

static void link_remove(struct netif *nf, struct netif_link *l)
{
	if (l->tx_fd >= 0)
		close(l->tx_fd);
	size_t i = (size_t)(l - nf->links);
	memmove(l, l + 1, (nf->n_links - i - 1) * sizeof(*l));
	nf->n_links--;
	nf->changes |= NETIF_CH_LINK;
}

static size_t addr_len(int family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}

#define NO_POS UINT32_MAX

/* FNV-1a over the address bytes (addresses come from the kernel). */
static size_t addr_hash(const struct ka_addr *a)
{
	const uint8_t *p = (const uint8_t *)&a->u;
	uint32_t h = 2166136261u ^ (uint32_t)a->family;
	for (size_t i = 0; i < addr_len(a->family); i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

static void addr_link(struct netif *nf, size_t pos)
{
	size_t b = addr_hash(&nf->addrs[pos].addr) & nf->addr_mask;
	nf->addr_next[pos] = nf->addr_head[b];
	nf->addr_head[b] = (uint32_t)pos;
}

/* Index addrs[0..n_addrs) again, with at least twice as many buckets as
 * addresses. */
static void addr_index_rebuild(struct netif *nf)
{
	size_t buckets = 64;
	while (buckets < 2 * nf->n_addrs)
		buckets *= 2;
	if (buckets != nf->addr_mask + 1 || !nf->addr_head) {
		free(nf->addr_head);
		nf->addr_head = xmalloc(buckets * sizeof(*nf->addr_head));
		nf->addr_mask = buckets - 1;
	}
	memset(nf->addr_head, 0xff, buckets * sizeof(*nf->addr_head));
	for (size_t i = 0; i < nf->n_addrs; i++)
		addr_link(nf, i);
}

/* addrs[n_addrs - 1] was appended: into the index. */
static void addr_index_add(struct netif *nf)
{
	if (!nf->addr_head || 2 * nf->n_addrs > nf->addr_mask + 1)
		addr_index_rebuild(nf);
	else
		addr_link(nf, nf->n_addrs - 1);
}

/* The first cached entry of addr on ifindex (0: on any interface) with
 * prefix length prefixlen (-1: any), or NULL. */
static struct netif_addr *addr_lookup(const struct netif *nf, unsigned ifindex, int prefixlen,
				      const struct ka_addr *addr)
{
	if (!nf->addr_head)
		return NULL;
	for (uint32_t i = nf->addr_head[addr_hash(addr) & nf->addr_mask]; i != NO_POS; i = nf->addr_next[i]) {
		struct netif_addr *a = &nf->addrs[i];
		if (a->ifindex && (!ifindex || a->ifindex == ifindex) &&
		    (prefixlen < 0 || a->prefixlen == prefixlen) && ka_addr_eq(&a->addr, addr))
			return a;
	}
	return NULL;
}

static struct netif_addr *addr_find(const struct netif *nf, const struct netif_addr *key)
{
	return addr_lookup(nf, key->ifindex, key->prefixlen, &key->addr);
}

/* Squeeze the holes out of addrs (order kept) and index it again. */
static void addrs_compact(struct netif *nf)
{
	size_t k = 0;
	for (size_t i = 0; i < nf->n_addrs; i++)
		if (nf->addrs[i].ifindex)
			nf->addrs[k++] = nf->addrs[i];
	nf->n_addrs = k;
	nf->n_holes = 0;
	addr_index_rebuild(nf);
}

/* Every address of a vanished interface goes with it. */
static void addrs_drop_ifindex(struct netif *nf, unsigned ifindex)
{
	bool any = false;
	for (size_t i = 0; i < nf->n_addrs; i++)
		if (nf->addrs[i].ifindex == ifindex) {
			nf->addrs[i].ifindex = 0;
			any = true;
		}
	if (any) {
		nf->changes |= NETIF_CH_ADDR | NETIF_CH_ADDR_GONE;
		addrs_compact(nf);
	}
}

/* ---- applying netlink messages ---------------------------------------------------- */

static int link_attr(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);
	if (type == IFLA_IFNAME || type == IFLA_ADDRESS || type == IFLA_BROADCAST || type == IFLA_MTU)
		tb[type] = attr;
	return MNL_CB_OK;
}

static void apply_link(struct netif *nf, const struct nlmsghdr *h)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(h);
	const struct nlattr *tb[IFLA_MAX + 1] = { 0 };
	/* AF_BRIDGE messages describe bridge ports (a DELLINK there means
	 * "left the bridge", not "gone"): only the links themselves count. */
	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*ifi)) || ifi->ifi_index <= 0 ||
	    ifi->ifi_family != AF_UNSPEC)
		return;
	unsigned ifindex = (unsigned)ifi->ifi_index;
	struct netif_link *l = link_by_index(nf, ifindex);
	if (h->nlmsg_type == RTM_DELLINK) {
		if (l) {
			link_remove(nf, l);
			addrs_drop_ifindex(nf, ifindex);
		}
		return;
	}
	mnl_attr_parse(h, sizeof(*ifi), link_attr, tb);
	struct netif_link n = { .ifindex = ifindex, .flags = ifi->ifi_flags,
				.type = ifi->ifi_type, .tx_fd = -1, .seen = true };
	if (l) {
		n = *l;
		n.flags = ifi->ifi_flags;
		n.type = ifi->ifi_type;
		n.seen = true;
	}
	if (tb[IFLA_IFNAME])
		str_copy(n.name, sizeof(n.name), mnl_attr_get_str(tb[IFLA_IFNAME]));
	if (tb[IFLA_ADDRESS] && mnl_attr_get_payload_len(tb[IFLA_ADDRESS]) == 6) {
		memcpy(n.mac, mnl_attr_get_payload(tb[IFLA_ADDRESS]), 6);
		n.has_mac = true;
	}
	if (tb[IFLA_BROADCAST] && mnl_attr_get_payload_len(tb[IFLA_BROADCAST]) == 6)
		memcpy(n.brd, mnl_attr_get_payload(tb[IFLA_BROADCAST]), 6);
	if (tb[IFLA_MTU] && mnl_attr_get_payload_len(tb[IFLA_MTU]) == 4)
		n.mtu = mnl_attr_get_u32(tb[IFLA_MTU]);
	if (!l) {
		if (nf->n_links == nf->cap_links) {
			nf->cap_links = nf->cap_links ? 2 * nf->cap_links : 16;
			nf->links = xrealloc(nf->links, nf->cap_links * sizeof(*nf->links));
		}
		l = &nf->links[nf->n_links++];
		*l = n;
		nf->changes |= NETIF_CH_LINK;
		return;
	}
	if (l->flags != n.flags || l->type != n.type || strcmp(l->name, n.name) != 0 ||
	    l->has_mac != n.has_mac || memcmp(l->mac, n.mac, 6) != 0)
		nf->changes |= NETIF_CH_LINK;
	*l = n;
}

static int addr_attr(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);
	if (type == IFA_ADDRESS || type == IFA_LOCAL)
		tb[type] = attr;
	return MNL_CB_OK;
}

/* -a: "Netlink reports ADDR/LEN added to IF" for a notified change. */
static void log_address_change(const struct netif *nf, const struct netif_addr *a, bool added)
{
	char s[INET6_ADDRSTRLEN] = "?";
	inet_ntop(a->addr.family, &a->addr.u, s, sizeof(s));
	const struct netif_link *l = link_by_index(nf, a->ifindex);
	log_info("Netlink reports %s/%u %s %s", s, a->prefixlen, added ? "added to" : "removed from",
		 l ? l->name : "?");
}

static void apply_addr(struct netif *nf, const struct nlmsghdr *h)
{
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(h);
	const struct nlattr *tb[IFA_MAX + 1] = { 0 };
	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*ifa)) || !ifa->ifa_index)
		return;
	size_t alen = addr_len(ifa->ifa_family);
	if (!alen)
		return;
	mnl_attr_parse(h, sizeof(*ifa), addr_attr, tb);
	/* IFA_LOCAL is the address itself (IFA_ADDRESS is the peer on a
	 * point-to-point link); without it, IFA_ADDRESS. */
	const struct nlattr *a = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	if (!a || mnl_attr_get_payload_len(a) != alen)
		return;
	struct netif_addr key = { .ifindex = ifa->ifa_index, .prefixlen = ifa->ifa_prefixlen };
	key.addr.family = ifa->ifa_family;
	memcpy(&key.addr.u, mnl_attr_get_payload(a), alen);
	struct netif_addr *found = addr_find(nf, &key);
	if (nf->log_addresses && !nf->dumping)
		log_address_change(nf, &key, h->nlmsg_type == RTM_NEWADDR);
	if (h->nlmsg_type == RTM_DELADDR) {
		if (found) {
			found->ifindex = 0;   /* a hole */
			nf->changes |= NETIF_CH_ADDR | NETIF_CH_ADDR_GONE;
			if (++nf->n_holes > 16 && 2 * nf->n_holes > nf->n_addrs)
				addrs_compact(nf);
		}
		return;
	}
	if (found)
		return;
	if (nf->n_addrs == nf->cap_addrs) {
		nf->cap_addrs = nf->cap_addrs ? 2 * nf->cap_addrs : 64;
		nf->addrs = xrealloc(nf->addrs, nf->cap_addrs * sizeof(*nf->addrs));
		nf->addr_next = xrealloc(nf->addr_next, nf->cap_addrs * sizeof(*nf->addr_next));
	}
	nf->addrs[nf->n_addrs++] = key;
	addr_index_add(nf);
	nf->changes |= NETIF_CH_ADDR;
}

static int apply_msg(const struct nlmsghdr *h, void *data)
{
	struct netif *nf = data;
	switch (h->nlmsg_type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		apply_link(nf, h);
		break;
	case RTM_NEWADDR:
	case RTM_DELADDR:
		apply_addr(nf, h);
		break;
	default:
		break;
	}
	return MNL_CB_OK;
}

/* ---- dumps -------------------------------------------------------------------------- */

/* Dump one table (RTM_GETLINK or RTM_GETADDR, every family) into the cache.
 * 0 or -1 (logged). */
static int dump(struct netif *nf, uint16_t type)
{
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *h = mnl_nlmsg_put_header(buf);
	h->nlmsg_type = type;
	h->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	h->nlmsg_seq = ++nf->seq;
	struct rtgenmsg *g = mnl_nlmsg_put_extra_header(h, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	if (mnl_socket_sendto(nf->req, h, h->nlmsg_len) < 0) {
		log_err("interface cache: dump request: %s", strerror(errno));
		return -1;
	}
	unsigned portid = mnl_socket_get_portid(nf->req);
	int ret;
	do {
		ssize_t n = mnl_socket_recvfrom(nf->req, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			log_err("interface cache: dump: %s", strerror(errno));
			return -1;
		}
		ret = mnl_cb_run(buf, (size_t)n, nf->seq, portid, apply_msg, nf);
	} while (ret > MNL_CB_STOP);
	if (ret < 0) {
		log_err("interface cache: dump: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* Read the kernel's tables again from scratch (start, or notifications
 * were lost). Packet sockets of interfaces that are still there are kept. */
static int resync(struct netif *nf)
{
	for (size_t i = 0; i < nf->n_links; i++)
		nf->links[i].seen = false;
	nf->n_addrs = 0;
	nf->n_holes = 0;
	addr_index_rebuild(nf);
	nf->dumping = true;
	int r = dump(nf, RTM_GETLINK) < 0 || dump(nf, RTM_GETADDR) < 0 ? -1 : 0;
	nf->dumping = false;
	if (r < 0)
		return -1;
	for (size_t i = 0; i < nf->n_links;) {
		if (nf->links[i].seen) {
			i++;
			continue;
		}
		link_remove(nf, &nf->links[i]);
	}
	nf->changes |= NETIF_CH_LINK | NETIF_CH_ADDR | NETIF_CH_ADDR_GONE;
	return 0;
}

/* ---- life ---------------------------------------------------------------------------- */

static struct mnl_socket *nl_open(unsigned groups, bool nonblock)
{
	struct mnl_socket *s = mnl_socket_open2(NETLINK_ROUTE,
						SOCK_CLOEXEC | (nonblock ? SOCK_NONBLOCK : 0));
	if (!s)
		return NULL;
	if (mnl_socket_bind(s, groups, MNL_SOCKET_AUTOPID) < 0) {
		int e = errno;
		mnl_socket_close(s);
		errno = e;
		return NULL;
	}
	return s;
}

/* Contract: see vrrp_net.h. The monitor's receive buffer is raised (as
 * root, beyond rmem_max) so a burst of changes does not overflow it. */
struct netif *netif_new(void)
{
	struct netif *nf = xcalloc(1, sizeof(*nf));
	nf->seq = (uint32_t)time(NULL);
	nf->mon = nl_open(RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR, true);
	nf->req = nl_open(0, false);
	if (!nf->mon || !nf->req) {
		log_err("interface cache: netlink socket: %s", strerror(errno));
		netif_free(nf);
		return NULL;
	}
	int size = MONITOR_RCVBUF;
	if (setsockopt(netif_fd(nf), SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
		setsockopt(netif_fd(nf), SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (resync(nf) < 0) {
		netif_free(nf);
		return NULL;
	}
	nf->changes = 0;
	return nf;
}

void netif_free(struct netif *nf)
{
	if (!nf)
		return;
	for (size_t i = 0; i < nf->n_links; i++)
		if (nf->links[i].tx_fd >= 0)
			close(nf->links[i].tx_fd);
	if (nf->mon)
		mnl_socket_close(nf->mon);
	if (nf->req)
		mnl_socket_close(nf->req);
	free(nf->links);
	free(nf->addrs);
	free(nf->addr_head);
	free(nf->addr_next);
	free(nf->mon_buf);
	free(nf);
}

int netif_fd(const struct netif *nf) { return mnl_socket_get_fd(nf->mon); }

void netif_log_addresses(struct netif *nf, bool on) { nf->log_addresses = on; }

/* Contract: see vrrp_net.h. Never blocks. Each notification is a
 * datagram of its own: up to MON_BATCH of them per recvmmsg() (a thousand
 * VIPs added are a thousand notifications). */
unsigned netif_drain(struct netif *nf)
{
	struct mmsghdr mm[MON_BATCH];
	struct iovec iov[MON_BATCH];
	bool lost = false;
	if (!nf->mon_buf)
		nf->mon_buf = xmalloc((size_t)MON_BATCH * NL_BUF_SIZE);   /* touched as used */
	for (int i = 0; i < MON_BATCH; i++) {
		iov[i] = (struct iovec){ .iov_base = nf->mon_buf + (size_t)i * NL_BUF_SIZE, .iov_len = NL_BUF_SIZE };
		mm[i] = (struct mmsghdr){ .msg_hdr = { .msg_iov = &iov[i], .msg_iovlen = 1 } };
	}
	for (;;) {
		int n = recvmmsg(netif_fd(nf), mm, MON_BATCH, MSG_DONTWAIT, NULL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				lost = true;
				continue;
			}
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				log_warn("interface monitor: recv: %s", strerror(errno));
			break;
		}
		for (int i = 0; i < n; i++)
			if (mm[i].msg_len)
				mnl_cb_run(iov[i].iov_base, mm[i].msg_len, 0, 0, apply_msg, nf);
		if (n < MON_BATCH)
			break;   /* nothing more was waiting */
	}
	if (lost) {
		log_warn("interface monitor: notifications were lost: reading every interface again");
		resync(nf);
	}
	unsigned ch = nf->changes;
	nf->changes = 0;
	return ch;
}

/* ---- queries ------------------------------------------------------------------------- */

unsigned netif_index(const struct netif *nf, const char *ifname)
{
	const struct netif_link *l = link_by_name(nf, ifname);
	return l ? l->ifindex : 0;
}

bool netif_is_up(const struct netif *nf, const char *ifname)
{
	const struct netif_link *l = link_by_name(nf, ifname);
	return l && (l->flags & (IFF_UP | IFF_RUNNING)) == (IFF_UP | IFF_RUNNING);
}

int netif_hwaddr(const struct netif *nf, unsigned ifindex, uint8_t mac[6])
{
	const struct netif_link *l = link_by_index(nf, ifindex);
	if (!l) {
		log_err("no interface with index %u", ifindex);
		return -1;
	}
	if (l->type != ARPHRD_ETHER || !l->has_mac) {
		log_err("%s is not an Ethernet interface (hw type %u)", l->name, (unsigned)l->type);
		return -1;
	}
	memcpy(mac, l->mac, 6);
	return 0;
}

static bool skipped(struct in_addr a, const struct vip_conf *skip, size_t n_skip)
{
	for (size_t i = 0; i < n_skip; i++)
		if (skip[i].addr.family == AF_INET && skip[i].addr.u.v4.s_addr == a.s_addr)
			return true;
	return false;
}

bool netif_primary_ipv4(const struct netif *nf, const char *ifname,
			const struct vip_conf *skip, size_t n_skip, struct in_addr *out)
{
	unsigned ifindex = netif_index(nf, ifname);
	if (!ifindex)
		return false;
	for (size_t i = 0; i < nf->n_addrs; i++) {
		const struct netif_addr *a = &nf->addrs[i];
		if (a->ifindex != ifindex || a->addr.family != AF_INET ||
		    skipped(a->addr.u.v4, skip, n_skip))
			continue;
		*out = a->addr.u.v4;
		return true;
	}
	return false;
}

static bool skipped6(const struct in6_addr *a, const struct vip_conf *skip, size_t n_skip)
{
	for (size_t i = 0; i < n_skip; i++)
		if (skip[i].addr.family == AF_INET6 && !memcmp(&skip[i].addr.u.v6, a, sizeof(*a)))
			return true;
	return false;
}

bool netif_linklocal6(const struct netif *nf, const char *ifname,
		      const struct vip_conf *skip, size_t n_skip, struct in6_addr *out)
{
	unsigned ifindex = netif_index(nf, ifname);
	for (size_t i = 0; ifindex && i < nf->n_addrs; i++) {
		const struct netif_addr *a = &nf->addrs[i];
		if (a->ifindex != ifindex || a->addr.family != AF_INET6 ||
		    !IN6_IS_ADDR_LINKLOCAL(&a->addr.u.v6) || skipped6(&a->addr.u.v6, skip, n_skip))
			continue;
		*out = a->addr.u.v6;
		return true;
	}
	return false;
}

bool netif_has_addr(const struct netif *nf, unsigned ifindex, const struct ka_addr *addr)
{
	return addr_lookup(nf, ifindex, -1, addr) != NULL;
}

/* Contract: see vrrp_net.h. Protocol 0: the socket never receives; each
 * send names the interface (and the frame carries its own ethertype). */
int netif_packet_fd(struct netif *nf, unsigned ifindex)
{
	struct netif_link *l = link_by_index(nf, ifindex);
	if (!l) {
		log_err("no interface with index %u for a packet socket", ifindex);
		return -1;
	}
	if (l->tx_fd >= 0)
		return l->tx_fd;
	int fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		log_err("%s: packet socket: %s", l->name, strerror(errno));
		return -1;
	}
	l->tx_fd = fd;
	return fd;
}

/* Contract: see vrrp_net.h. */
bool netif_link_at(const struct netif *nf, size_t i, struct netif_link_info *out)
{
	if (i >= nf->n_links)
		return false;
	const struct netif_link *l = &nf->links[i];
	*out = (struct netif_link_info){ .ifindex = l->ifindex, .flags = l->flags, .type = l->type,
					 .mtu = l->mtu, .has_mac = l->has_mac };
	str_copy(out->name, sizeof(out->name), l->name);
	memcpy(out->mac, l->mac, 6);
	memcpy(out->brd, l->brd, 6);
	return true;
}
