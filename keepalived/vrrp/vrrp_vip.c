/* vrrp_vip.c - add and remove virtual addresses in batches (libmnl). See
 * vrrp_net.h.
 *
 * A request is built when it is queued (so it refers to nothing that can
 * be freed before the flush) and sent with many others in one sendmsg; the
 * kernel handles rtnetlink requests while sendmsg runs, so every answer is
 * waiting when it returns and is read without blocking. Queued requests go
 * without NLM_F_ACK: the kernel answers only those that failed (an
 * NLMSG_ERROR each, matched to its request by sequence number and logged
 * with its address), and a request with no answer once sendmsg has
 * returned succeeded - a thousand VIPs are no thousand acknowledgements
 * to queue and read. vip_add()/vip_del() ask for the acknowledgement.
 * NETLINK_CAP_ACK keeps answers small, and a chunk never holds more
 * requests than the receive buffer has room for answers.
 */
#include "vrrp_net.h"

#include "log.h"
#include "loop.h"
#include "util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define VIP_CHUNK   64                 /* requests per sendmsg */
#define VIP_MSG_MAX 256                /* one RTM_NEWADDR with its attributes */
#define VIP_RCVBUF  (1024 * 1024)

enum { VIP_RES_NONE = 2 };             /* no answer (yet) */

struct vip_op {
	uint32_t seq;
	bool add;
	bool ack;                          /* NLM_F_ACK: success is answered too */
	int result;                        /* 0, 1 (nothing to do), -1, VIP_RES_NONE */
	struct ka_addr addr;               /* with prefixlen: what the log names */
	uint8_t prefixlen;
	char dev[IFNAMSIZ];
	size_t off, len;                   /* the message in buf */
};

struct vip_nl {
	struct mnl_socket *sk;
	unsigned portid;
	uint32_t seq;
	char *buf;                         /* queued messages, back to back */
	size_t len, cap;
	struct vip_op *ops;
	size_t n_ops, cap_ops;
};

struct vip_nl *vip_nl_new(void)
{
	struct vip_nl *vn = xcalloc(1, sizeof(*vn));
	vn->sk = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (!vn->sk || mnl_socket_bind(vn->sk, 0, MNL_SOCKET_AUTOPID) < 0) {
		log_err("virtual addresses: netlink socket: %s", strerror(errno));
		vip_nl_free(vn);
		return NULL;
	}
	int fd = mnl_socket_get_fd(vn->sk), one = 1, size = VIP_RCVBUF;
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	vn->portid = mnl_socket_get_portid(vn->sk);
	vn->seq = (uint32_t)time(NULL);
	return vn;
}

void vip_nl_free(struct vip_nl *vn)
{
	if (!vn)
		return;
	if (vn->sk)
		mnl_socket_close(vn->sk);
	free(vn->buf);
	free(vn->ops);
	free(vn);
}

size_t vip_pending(const struct vip_nl *vn) { return vn->n_ops; }

static const char *vip_dev(const struct vip_conf *vip, const char *default_dev)
{
	return vip->dev[0] ? vip->dev : (default_dev ? default_dev : "");
}

static size_t family_len(int family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}

/* "192.0.2.1/24" for logs (made only when a line is written: 1,000
 * instances going master would format 1,000 addresses for nothing). */
static void vip_str(const struct ka_addr *addr, uint8_t prefixlen, char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN];
	if (!inet_ntop(addr->family, &addr->u, a, sizeof(a)))
		snprintf(a, sizeof(a), "?");
	snprintf(buf, size, "%s/%u", a, (unsigned)prefixlen);
}

/* Build the request for vip on ifindex into m (VIP_MSG_MAX bytes), with
 * NLM_F_ACK when ack. An add carries NLM_F_CREATE without
 * NLM_F_EXCL/NLM_F_REPLACE: an address that exists is left as it is and
 * answered EEXIST. A removal matches on address and prefix length. */
static struct nlmsghdr *build(char *m, const struct vip_conf *vip, unsigned ifindex,
			      bool add, bool ack, uint32_t seq)
{
	size_t alen = family_len(vip->addr.family);
	struct nlmsghdr *h = mnl_nlmsg_put_header(m);
	h->nlmsg_type = add ? RTM_NEWADDR : RTM_DELADDR;
	h->nlmsg_flags = NLM_F_REQUEST | (ack ? NLM_F_ACK : 0) | (add ? NLM_F_CREATE : 0);
	h->nlmsg_seq = seq;
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(h, sizeof(*ifa));
	ifa->ifa_family = (uint8_t)vip->addr.family;
	ifa->ifa_prefixlen = vip->prefixlen ? vip->prefixlen : (uint8_t)(alen * 8);
	ifa->ifa_index = ifindex;
	mnl_attr_put(h, IFA_LOCAL, alen, &vip->addr.u);
	mnl_attr_put(h, IFA_ADDRESS, alen, vip->peer.family == vip->addr.family ? &vip->peer.u : &vip->addr.u);
	if (!add)
		return h;
	ifa->ifa_scope = vip->scope;
	if (vip->brd.family == AF_INET && vip->addr.family == AF_INET)
		mnl_attr_put(h, IFA_BROADCAST, 4, &vip->brd.u.v4);
	if (vip->label[0])
		mnl_attr_put_strz(h, IFA_LABEL, vip->label);
	uint32_t flags = ((vip->addr.family == AF_INET6 ? IFA_F_NODAD : 0) | vip->flags_on) & ~vip->flags_off;
	if (flags) {
		ifa->ifa_flags = (uint8_t)flags;
		mnl_attr_put_u32(h, IFA_FLAGS, flags);
	}
	/* keepalived: an IPv6 /128 is deprecated (preferred_lft 0) unless
	 * preferred_lft says otherwise */
	bool deprecate = vip->addr.family == AF_INET6 && ifa->ifa_prefixlen == 128;
	if (vip->preferred_set || deprecate) {
		struct ifa_cacheinfo ci = {
			.ifa_prefered = vip->preferred_set ? vip->preferred_lft : 0,
			.ifa_valid = UINT32_MAX,
		};
		mnl_attr_put(h, IFA_CACHEINFO, sizeof(ci), &ci);
	}
	return h;
}

/* vip_queue(), with NLM_F_ACK when ack. */
static int queue_op(struct vip_nl *vn, const struct netif *nf, const struct vip_conf *vip,
		    const char *default_dev, bool add, bool ack)
{
	char what[INET6_ADDRSTRLEN + 8];
	const char *dev = vip_dev(vip, default_dev);
	if (!family_len(vip->addr.family)) {
		log_err("virtual address with unknown family %d", (int)vip->addr.family);
		return -1;
	}
	unsigned ifindex = netif_index(nf, dev);
	if (!ifindex) {
		vip_str(&vip->addr, vip->prefixlen, what, sizeof(what));
		if (add)
			log_err("cannot add %s: no interface '%s'", what, dev);
		else
			log_warn("cannot remove %s: no interface '%s'", what, dev);
		return -1;
	}
	if (vn->len + VIP_MSG_MAX > vn->cap) {
		vn->cap = vn->cap ? 2 * vn->cap : 16 * VIP_MSG_MAX;
		vn->buf = xrealloc(vn->buf, vn->cap);
	}
	if (vn->n_ops == vn->cap_ops) {
		vn->cap_ops = vn->cap_ops ? 2 * vn->cap_ops : 64;
		vn->ops = xrealloc(vn->ops, vn->cap_ops * sizeof(*vn->ops));
	}
	struct nlmsghdr *h = build(vn->buf + vn->len, vip, ifindex, add, ack, ++vn->seq);
	struct vip_op *op = &vn->ops[vn->n_ops++];
	memset(op, 0, sizeof(*op));
	op->seq = h->nlmsg_seq;
	op->add = add;
	op->ack = ack;
	op->result = VIP_RES_NONE;
	op->addr = vip->addr;
	op->prefixlen = vip->prefixlen;
	str_copy(op->dev, sizeof(op->dev), dev);
	op->off = vn->len;
	op->len = h->nlmsg_len;
	vn->len += NLMSG_ALIGN(h->nlmsg_len);
	return 0;
}

int vip_queue(struct vip_nl *vn, const struct netif *nf, const struct vip_conf *vip,
	      const char *default_dev, bool add)
{
	return queue_op(vn, nf, vip, default_dev, add, false);
}

/* The answer to one request of ops[0..n): record and log its result. */
static void answer(struct vip_op *ops, size_t n, const struct nlmsghdr *h)
{
	if (h->nlmsg_type != NLMSG_ERROR || h->nlmsg_len < NLMSG_LENGTH(sizeof(int)))
		return;
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(h);
	/* the requests of one queue have consecutive sequence numbers: look
	 * there first (an answer each would otherwise scan the chunk) */
	size_t guess = (size_t)(h->nlmsg_seq - ops[0].seq);
	for (size_t k = 0; k < n; k++) {
		struct vip_op *op = &ops[(guess + k) % n];
		if (op->seq != h->nlmsg_seq)
			continue;
		int err = -e->error;
		if (!err)
			op->result = 0;
		else if ((op->add && err == EEXIST) || (!op->add && err == EADDRNOTAVAIL))
			op->result = 1;
		else {
			op->result = -1;
			char what[INET6_ADDRSTRLEN + 8];
			vip_str(&op->addr, op->prefixlen, what, sizeof(what));
			log_err("cannot %s %s %s %s: %s", op->add ? "add" : "remove", what,
				op->add ? "to" : "from", op->dev, strerror(err));
		}
		return;
	}
}

/* Send ops[0..n) (contiguous in buf) in one sendmsg and read every answer
 * that is waiting (rtnetlink has handled the requests when sendmsg
 * returns). A request without NLM_F_ACK and without an answer succeeded. */
static void send_chunk(struct vip_nl *vn, struct vip_op *ops, size_t n)
{
	size_t off = ops[0].off;
	size_t len = ops[n - 1].off + NLMSG_ALIGN(ops[n - 1].len) - off;
	if (mnl_socket_sendto(vn->sk, vn->buf + off, len) < 0) {
		log_err("virtual addresses: netlink send: %s", strerror(errno));
		for (size_t i = 0; i < n; i++)
			ops[i].result = -1;
		return;
	}
	char rbuf[MNL_SOCKET_BUFFER_SIZE];
	bool lost = false;
	for (;;) {   /* until nothing is waiting: errors may come for any request */
		ssize_t r = recv(mnl_socket_get_fd(vn->sk), rbuf, sizeof(rbuf), MSG_DONTWAIT);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
				log_warn("virtual addresses: netlink answers: %s", strerror(errno));
				lost = errno == ENOBUFS;
			}
			break;
		}
		int left = (int)r;
		for (const struct nlmsghdr *h = (const void *)rbuf; mnl_nlmsg_ok(h, left);
		     h = mnl_nlmsg_next(h, &left))
			answer(ops, n, h);
	}
	for (size_t i = 0; i < n && !lost; i++)
		if (!ops[i].ack && ops[i].result == VIP_RES_NONE)
			ops[i].result = 0;
}

/* Forget ops[0..n) (sent and answered): the rest moves to the front. */
static void drop_sent(struct vip_nl *vn, size_t n)
{
	if (n >= vn->n_ops) {
		vn->n_ops = 0;
		vn->len = 0;
		return;
	}
	size_t off = vn->ops[n].off;
	memmove(vn->buf, vn->buf + off, vn->len - off);
	vn->len -= off;
	memmove(vn->ops, vn->ops + n, (vn->n_ops - n) * sizeof(*vn->ops));
	vn->n_ops -= n;
	for (size_t i = 0; i < vn->n_ops; i++)
		vn->ops[i].off -= off;
}

int vip_flush(struct vip_nl *vn, uint64_t budget_us)
{
	uint64_t deadline = mono_now_us() + budget_us;
	size_t done = 0;
	while (done < vn->n_ops) {
		size_t n = vn->n_ops - done < VIP_CHUNK ? vn->n_ops - done : VIP_CHUNK;
		send_chunk(vn, vn->ops + done, n);
		done += n;
		if (budget_us && mono_now_us() >= deadline)
			break;
	}
	int failed = 0;
	for (size_t i = 0; i < done; i++) {
		if (vn->ops[i].result == VIP_RES_NONE && log_detail()) {
			char what[INET6_ADDRSTRLEN + 8];
			vip_str(&vn->ops[i].addr, vn->ops[i].prefixlen, what, sizeof(what));
			log_debug("virtual addresses: no answer to %s %s", vn->ops[i].add ? "add" : "remove",
				  what);
		}
		else if (vn->ops[i].result < 0)
			failed++;
	}
	drop_sent(vn, done);
	return failed;
}

/* One request now; its own result. */
static int vip_now(struct vip_nl *vn, const struct netif *nf, const struct vip_conf *vip,
		   const char *default_dev, bool add)
{
	vip_flush(vn, 0);
	if (queue_op(vn, nf, vip, default_dev, add, true) < 0)
		return add ? -1 : 1;
	send_chunk(vn, vn->ops, 1);
	int r = vn->ops[0].result;
	vn->n_ops = 0;
	vn->len = 0;
	return r == VIP_RES_NONE ? -1 : r;
}

int vip_add(struct vip_nl *vn, const struct netif *nf, const struct vip_conf *vip,
	    const char *default_dev)
{
	return vip_now(vn, nf, vip, default_dev, true);
}

int vip_del(struct vip_nl *vn, const struct netif *nf, const struct vip_conf *vip,
	    const char *default_dev)
{
	return vip_now(vn, nf, vip, default_dev, false);
}

/* Contract: see vrrp_net.h. Compares the address only (any prefix length). */
bool vip_present(const struct netif *nf, const struct vip_conf *vip, const char *default_dev)
{
	unsigned ifindex = netif_index(nf, vip_dev(vip, default_dev));
	return ifindex && netif_has_addr(nf, ifindex, &vip->addr);
}
