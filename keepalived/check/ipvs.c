/* ipvs.c - IPVS through generic netlink (libnl-genl); see check_ipvs.h. */
#include "check_ipvs.h"
#include "check_conf.h"
#include "log.h"
#include "util.h"

#include <errno.h>
#include <linux/ip_vs.h>
#include <netlink/errno.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/netlink.h>

struct ipvs {
	struct nl_sock *sk;
	int family;
};

/* libnl error codes -> errno-style */
static int nl2errno(int nlerr)
{
	switch (-nlerr) {
	case 0: return 0;
	case NLE_EXIST: return -EEXIST;
	case NLE_OBJ_NOTFOUND: return -ENOENT;
	case NLE_NOMEM: return -ENOMEM;
	case NLE_INVAL: return -EINVAL;
	case NLE_PERM: return -EPERM;
	case NLE_NOADDR: return -EADDRNOTAVAIL;
	case NLE_OPNOTSUPP: return -EOPNOTSUPP;
	case NLE_AGAIN: return -EAGAIN;
	case NLE_BUSY: return -EBUSY;
	default: return -EIO;
	}
}

const char *ipvs_strerror(int err)
{
	switch (-err) {
	case ENOENT: return "no such service or destination";
	case EEXIST: return "already exists";
	case EPROTONOSUPPORT: return "no IPVS in the kernel (generic netlink family IPVS not found)";
	default: return strerror(-err);
	}
}

/* v->sk connected: resolve the IPVS family. v, or NULL (*err set, v freed). */
static struct ipvs *resolve(struct ipvs *v, int *err)
{
	v->family = genl_ctrl_resolve(v->sk, IPVS_GENL_NAME);
	if (v->family < 0) {
		*err = -EPROTONOSUPPORT;
		nl_socket_free(v->sk);
		free(v);
		return NULL;
	}
	nl_socket_set_buffer_size(v->sk, 1 << 20, 1 << 20);
	*err = 0;
	return v;
}

struct ipvs *ipvs_open(int *err)
{
	struct ipvs *v = xcalloc(1, sizeof(*v));
	v->sk = nl_socket_alloc();
	if (!v->sk)
		fatal("out of memory");
	int r = genl_connect(v->sk);
	if (r < 0) {
		*err = nl2errno(r);
		nl_socket_free(v->sk);
		free(v);
		return NULL;
	}
	return resolve(v, err);
}

struct ipvs *ipvs_open_fd(int fd, int *err)
{
	struct ipvs *v = xcalloc(1, sizeof(*v));
	v->sk = nl_socket_alloc();
	if (!v->sk)
		fatal("out of memory");
	/* bound here so that the port libnl reads back is the kernel's */
	struct sockaddr_nl local = { .nl_family = AF_NETLINK };
	int r = bind(fd, (struct sockaddr *)&local, sizeof(local)) < 0 ? -errno : 0;
	if (r == 0)
		r = nl2errno(nl_socket_set_fd(v->sk, NETLINK_GENERIC, fd));
	if (r < 0) {
		*err = r;
		close(fd);
		nl_socket_free(v->sk);
		free(v);
		return NULL;
	}
	return resolve(v, err);
}

void ipvs_close(struct ipvs *v)
{
	if (!v)
		return;
	nl_socket_free(v->sk);
	free(v);
}

static struct nl_msg *new_msg(struct ipvs *v, int cmd, int flags)
{
	struct nl_msg *m = nlmsg_alloc();
	if (!m)
		fatal("out of memory");
	if (!genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, v->family, 0, flags, (uint8_t)cmd, IPVS_GENL_VERSION))
		fatal("genlmsg_put failed");
	return m;
}

static void put_addr(struct nl_msg *m, int attr, const struct ka_addr *a)
{
	uint8_t buf[16] = { 0 };
	if (a->family == AF_INET6)
		memcpy(buf, &a->u.v6, 16);
	else
		memcpy(buf, &a->u.v4, 4);
	nla_put(m, attr, sizeof(buf), buf);
}

/* The service nest: identity, plus attributes when full. */
static int put_svc(struct nl_msg *m, const struct ipvs_svc *s, bool full)
{
	struct nlattr *n = nla_nest_start(m, IPVS_CMD_ATTR_SERVICE);
	if (!n)
		return -ENOMEM;
	nla_put_u16(m, IPVS_SVC_ATTR_AF, s->af);
	if (s->fwmark) {
		nla_put_u32(m, IPVS_SVC_ATTR_FWMARK, s->fwmark);
	} else {
		nla_put_u16(m, IPVS_SVC_ATTR_PROTOCOL, s->protocol);
		put_addr(m, IPVS_SVC_ATTR_ADDR, &s->addr);
		nla_put_u16(m, IPVS_SVC_ATTR_PORT, htons(s->port));
	}
	if (full) {
		struct ip_vs_flags f = { .flags = s->flags, .mask = ~0u };
		nla_put_string(m, IPVS_SVC_ATTR_SCHED_NAME, s->sched);
		nla_put(m, IPVS_SVC_ATTR_FLAGS, sizeof(f), &f);
		nla_put_u32(m, IPVS_SVC_ATTR_TIMEOUT, s->timeout);
		nla_put_u32(m, IPVS_SVC_ATTR_NETMASK, s->netmask);
		if (s->pe_name[0])
			nla_put_string(m, IPVS_SVC_ATTR_PE_NAME, s->pe_name);
	}
	nla_nest_end(m, n);
	return 0;
}

static int put_dest(struct nl_msg *m, const struct ipvs_dest *d, bool full)
{
	struct nlattr *n = nla_nest_start(m, IPVS_CMD_ATTR_DEST);
	if (!n)
		return -ENOMEM;
	put_addr(m, IPVS_DEST_ATTR_ADDR, &d->addr);
	nla_put_u16(m, IPVS_DEST_ATTR_PORT, htons(d->port));
	if (full) {
		nla_put_u16(m, IPVS_DEST_ATTR_ADDR_FAMILY, d->addr.family);
		nla_put_u32(m, IPVS_DEST_ATTR_FWD_METHOD, d->fwd);
		nla_put_u32(m, IPVS_DEST_ATTR_WEIGHT, (uint32_t)d->weight);
		nla_put_u32(m, IPVS_DEST_ATTR_U_THRESH, d->u_thresh);
		nla_put_u32(m, IPVS_DEST_ATTR_L_THRESH, d->l_thresh);
	}
	nla_nest_end(m, n);
	return 0;
}

/* Send and wait for the ack. */
static int transact(struct ipvs *v, struct nl_msg *m)
{
	int r = nl_send_sync(v->sk, m);
	return r < 0 ? nl2errno(r) : 0;
}

static int svc_cmd(struct ipvs *v, int cmd, const struct ipvs_svc *s, bool full)
{
	struct nl_msg *m = new_msg(v, cmd, 0);
	put_svc(m, s, full);
	return transact(v, m);
}

int ipvs_svc_add(struct ipvs *v, const struct ipvs_svc *s) { return svc_cmd(v, IPVS_CMD_NEW_SERVICE, s, true); }
int ipvs_svc_update(struct ipvs *v, const struct ipvs_svc *s) { return svc_cmd(v, IPVS_CMD_SET_SERVICE, s, true); }
int ipvs_svc_del(struct ipvs *v, const struct ipvs_svc *s) { return svc_cmd(v, IPVS_CMD_DEL_SERVICE, s, false); }

static int dest_cmd(struct ipvs *v, int cmd, const struct ipvs_svc *s, const struct ipvs_dest *d, bool full)
{
	struct nl_msg *m = new_msg(v, cmd, 0);
	put_svc(m, s, false);
	put_dest(m, d, full);
	return transact(v, m);
}

int ipvs_dest_add(struct ipvs *v, const struct ipvs_svc *s, const struct ipvs_dest *d) { return dest_cmd(v, IPVS_CMD_NEW_DEST, s, d, true); }
int ipvs_dest_update(struct ipvs *v, const struct ipvs_svc *s, const struct ipvs_dest *d) { return dest_cmd(v, IPVS_CMD_SET_DEST, s, d, true); }
int ipvs_dest_del(struct ipvs *v, const struct ipvs_svc *s, const struct ipvs_dest *d) { return dest_cmd(v, IPVS_CMD_DEL_DEST, s, d, false); }

/* ---- reading back --------------------------------------------------------------- */

static void get_addr(struct nlattr *a, sa_family_t af, struct ka_addr *out)
{
	memset(out, 0, sizeof(*out));
	out->family = af;
	if (!a)
		return;
	if (af == AF_INET6)
		nla_memcpy(&out->u.v6, a, 16);
	else
		nla_memcpy(&out->u.v4, a, 4);
}

static void get_stats(struct nlattr *a64, struct nlattr *a32, struct ipvs_stats *st)
{
	struct nlattr *tb[IPVS_STATS_ATTR_MAX + 1];
	memset(st, 0, sizeof(*st));
	struct nlattr *a = a64 ? a64 : a32;
	if (!a || nla_parse_nested(tb, IPVS_STATS_ATTR_MAX, a, NULL) < 0)
		return;
	uint64_t *f[] = { NULL, &st->conns, &st->inpkts, &st->outpkts, &st->inbytes, &st->outbytes };
	for (int i = IPVS_STATS_ATTR_CONNS; i <= IPVS_STATS_ATTR_OUTBYTES; i++) {
		if (!tb[i])
			continue;
		if (a64)
			*f[i] = nla_get_u64(tb[i]);
		else
			*f[i] = i >= IPVS_STATS_ATTR_INBYTES ? nla_get_u64(tb[i]) : nla_get_u32(tb[i]);
	}
}

struct list_ctx {
	void *arr;
	size_t n;
	sa_family_t af;    /* dests: the service's family by default */
};

static int svc_parse(struct nlattr *nest, struct ipvs_svc *s)
{
	struct nlattr *tb[IPVS_SVC_ATTR_MAX + 1];
	memset(s, 0, sizeof(*s));
	if (!nest || nla_parse_nested(tb, IPVS_SVC_ATTR_MAX, nest, NULL) < 0 || !tb[IPVS_SVC_ATTR_AF])
		return -1;
	s->af = nla_get_u16(tb[IPVS_SVC_ATTR_AF]);
	if (tb[IPVS_SVC_ATTR_FWMARK])
		s->fwmark = nla_get_u32(tb[IPVS_SVC_ATTR_FWMARK]);
	if (tb[IPVS_SVC_ATTR_PROTOCOL])
		s->protocol = nla_get_u16(tb[IPVS_SVC_ATTR_PROTOCOL]);
	if (tb[IPVS_SVC_ATTR_PORT])
		s->port = ntohs(nla_get_u16(tb[IPVS_SVC_ATTR_PORT]));
	get_addr(tb[IPVS_SVC_ATTR_ADDR], s->af, &s->addr);
	if (s->fwmark) {
		memset(&s->addr, 0, sizeof(s->addr));
		s->protocol = 0;
		s->port = 0;
	}
	if (tb[IPVS_SVC_ATTR_SCHED_NAME])
		nla_strlcpy(s->sched, tb[IPVS_SVC_ATTR_SCHED_NAME], sizeof(s->sched));
	if (tb[IPVS_SVC_ATTR_FLAGS]) {
		struct ip_vs_flags f;
		nla_memcpy(&f, tb[IPVS_SVC_ATTR_FLAGS], sizeof(f));
		s->flags = f.flags & ~IP_VS_SVC_F_HASHED;
	}
	if (tb[IPVS_SVC_ATTR_TIMEOUT])
		s->timeout = nla_get_u32(tb[IPVS_SVC_ATTR_TIMEOUT]);
	if (tb[IPVS_SVC_ATTR_NETMASK])
		s->netmask = nla_get_u32(tb[IPVS_SVC_ATTR_NETMASK]);
	if (tb[IPVS_SVC_ATTR_PE_NAME])
		nla_strlcpy(s->pe_name, tb[IPVS_SVC_ATTR_PE_NAME], sizeof(s->pe_name));
	get_stats(tb[IPVS_SVC_ATTR_STATS64], tb[IPVS_SVC_ATTR_STATS], &s->stats);
	return 0;
}

static int on_svc(struct nl_msg *m, void *arg)
{
	struct list_ctx *lc = arg;
	struct nlattr *tb[IPVS_CMD_ATTR_MAX + 1];
	struct ipvs_svc s;
	if (genlmsg_parse(nlmsg_hdr(m), 0, tb, IPVS_CMD_ATTR_MAX, NULL) < 0)
		return NL_SKIP;
	if (svc_parse(tb[IPVS_CMD_ATTR_SERVICE], &s) < 0)
		return NL_SKIP;
	*(struct ipvs_svc *)array_push(&lc->arr, &lc->n, sizeof(s)) = s;
	return NL_OK;
}

static int on_dest(struct nl_msg *m, void *arg)
{
	struct list_ctx *lc = arg;
	struct nlattr *tb[IPVS_CMD_ATTR_MAX + 1];
	struct nlattr *d[IPVS_DEST_ATTR_MAX + 1];
	struct ipvs_dest x;
	memset(&x, 0, sizeof(x));
	if (genlmsg_parse(nlmsg_hdr(m), 0, tb, IPVS_CMD_ATTR_MAX, NULL) < 0 || !tb[IPVS_CMD_ATTR_DEST])
		return NL_SKIP;
	if (nla_parse_nested(d, IPVS_DEST_ATTR_MAX, tb[IPVS_CMD_ATTR_DEST], NULL) < 0)
		return NL_SKIP;
	sa_family_t af = d[IPVS_DEST_ATTR_ADDR_FAMILY] ? nla_get_u16(d[IPVS_DEST_ATTR_ADDR_FAMILY]) : lc->af;
	get_addr(d[IPVS_DEST_ATTR_ADDR], af, &x.addr);
	if (d[IPVS_DEST_ATTR_PORT])
		x.port = ntohs(nla_get_u16(d[IPVS_DEST_ATTR_PORT]));
	if (d[IPVS_DEST_ATTR_FWD_METHOD])
		x.fwd = nla_get_u32(d[IPVS_DEST_ATTR_FWD_METHOD]) & IP_VS_CONN_F_FWD_MASK;
	if (d[IPVS_DEST_ATTR_WEIGHT])
		x.weight = (int32_t)nla_get_u32(d[IPVS_DEST_ATTR_WEIGHT]);
	if (d[IPVS_DEST_ATTR_U_THRESH])
		x.u_thresh = nla_get_u32(d[IPVS_DEST_ATTR_U_THRESH]);
	if (d[IPVS_DEST_ATTR_L_THRESH])
		x.l_thresh = nla_get_u32(d[IPVS_DEST_ATTR_L_THRESH]);
	if (d[IPVS_DEST_ATTR_ACTIVE_CONNS])
		x.active_conns = nla_get_u32(d[IPVS_DEST_ATTR_ACTIVE_CONNS]);
	if (d[IPVS_DEST_ATTR_INACT_CONNS])
		x.inact_conns = nla_get_u32(d[IPVS_DEST_ATTR_INACT_CONNS]);
	if (d[IPVS_DEST_ATTR_PERSIST_CONNS])
		x.persist_conns = nla_get_u32(d[IPVS_DEST_ATTR_PERSIST_CONNS]);
	get_stats(d[IPVS_DEST_ATTR_STATS64], d[IPVS_DEST_ATTR_STATS], &x.stats);
	*(struct ipvs_dest *)array_push(&lc->arr, &lc->n, sizeof(x)) = x;
	return NL_OK;
}

/* Send a request and read its answers with cb. A dump ends with
 * NLMSG_DONE; a single answer (a GET without NLM_F_DUMP) is followed by
 * the kernel's ack of the request (nl_send_auto() asks for one), which is
 * read here too: left in the socket, it would be taken for the answer to
 * the next request and every answer after it would be one behind. */
static int request(struct ipvs *v, struct nl_msg *m, struct nl_cb *cb)
{
	bool single = !(nlmsg_hdr(m)->nlmsg_flags & NLM_F_DUMP);
	int r = nl_send_auto(v->sk, m);
	nlmsg_free(m);
	if (r >= 0)
		r = nl_recvmsgs(v->sk, cb);
	if (r >= 0 && single)
		r = nl_wait_for_ack(v->sk);
	return r;
}

/* Send a dump (or single GET) request and collect the answers with handler. */
static int dump(struct ipvs *v, struct nl_msg *m, nl_recvmsg_msg_cb_t handler, struct list_ctx *lc)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		fatal("out of memory");
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, handler, lc);
	int r = request(v, m, cb);
	nl_cb_put(cb);
	if (r < 0) {
		free(lc->arr);
		lc->arr = NULL;
		lc->n = 0;
		return nl2errno(r);
	}
	return 0;
}

int ipvs_svc_list(struct ipvs *v, struct ipvs_svc **out, size_t *n)
{
	struct list_ctx lc = { NULL, 0, 0 };
	int r = dump(v, new_msg(v, IPVS_CMD_GET_SERVICE, NLM_F_DUMP), on_svc, &lc);
	*out = lc.arr;
	*n = lc.n;
	return r;
}

int ipvs_svc_get(struct ipvs *v, const struct ipvs_svc *key, struct ipvs_svc *out)
{
	struct list_ctx lc = { NULL, 0, 0 };
	struct nl_msg *m = new_msg(v, IPVS_CMD_GET_SERVICE, 0);
	put_svc(m, key, false);
	int r = dump(v, m, on_svc, &lc);
	if (r == 0 && lc.n == 0)
		r = -ENOENT;
	if (r == 0)
		*out = ((struct ipvs_svc *)lc.arr)[0];
	free(lc.arr);
	return r;
}

int ipvs_dest_list(struct ipvs *v, const struct ipvs_svc *s, struct ipvs_dest **out, size_t *n)
{
	struct list_ctx lc = { NULL, 0, s->af };
	struct nl_msg *m = new_msg(v, IPVS_CMD_GET_DEST, NLM_F_DUMP);
	put_svc(m, s, false);
	int r = dump(v, m, on_dest, &lc);
	*out = lc.arr;
	*n = lc.n;
	return r;
}

/* ---- sync daemon, flush, timeouts ------------------------------------------------- */

int ipvs_daemon_start(struct ipvs *v, const struct ipvs_daemon *d)
{
	struct nl_msg *m = new_msg(v, IPVS_CMD_NEW_DAEMON, 0);
	struct nlattr *n = nla_nest_start(m, IPVS_CMD_ATTR_DAEMON);
	if (!n)
		fatal("out of memory");
	nla_put_u32(m, IPVS_DAEMON_ATTR_STATE, d->role);
	nla_put_string(m, IPVS_DAEMON_ATTR_MCAST_IFN, d->ifname);
	nla_put_u32(m, IPVS_DAEMON_ATTR_SYNC_ID, d->syncid);
	if (d->maxlen)
		nla_put_u16(m, IPVS_DAEMON_ATTR_SYNC_MAXLEN, (uint16_t)d->maxlen);
	if (d->port)
		nla_put_u16(m, IPVS_DAEMON_ATTR_MCAST_PORT, (uint16_t)d->port);
	if (d->ttl)
		nla_put_u8(m, IPVS_DAEMON_ATTR_MCAST_TTL, (uint8_t)d->ttl);
	if (d->group.family == AF_INET)
		nla_put(m, IPVS_DAEMON_ATTR_MCAST_GROUP, 4, &d->group.u.v4);
	else if (d->group.family == AF_INET6)
		nla_put(m, IPVS_DAEMON_ATTR_MCAST_GROUP6, 16, &d->group.u.v6);
	nla_nest_end(m, n);
	return transact(v, m);
}

int ipvs_daemon_stop(struct ipvs *v, enum ipvs_daemon_role role)
{
	struct nl_msg *m = new_msg(v, IPVS_CMD_DEL_DAEMON, 0);
	struct nlattr *n = nla_nest_start(m, IPVS_CMD_ATTR_DAEMON);
	if (!n)
		fatal("out of memory");
	nla_put_u32(m, IPVS_DAEMON_ATTR_STATE, role);
	nla_nest_end(m, n);
	return transact(v, m);
}

struct daemon_ctx {
	unsigned roles;
	struct ipvs_daemon *out;
};

static int on_daemon(struct nl_msg *msg, void *arg)
{
	struct daemon_ctx *dc = arg;
	struct nlattr *tb[IPVS_CMD_ATTR_MAX + 1];
	struct nlattr *d[IPVS_DAEMON_ATTR_MAX + 1];
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, IPVS_CMD_ATTR_MAX, NULL) < 0 || !tb[IPVS_CMD_ATTR_DAEMON] ||
	    nla_parse_nested(d, IPVS_DAEMON_ATTR_MAX, tb[IPVS_CMD_ATTR_DAEMON], NULL) < 0 ||
	    !d[IPVS_DAEMON_ATTR_STATE])
		return NL_SKIP;
	uint32_t role = nla_get_u32(d[IPVS_DAEMON_ATTR_STATE]);
	if (role != IPVS_DAEMON_MASTER && role != IPVS_DAEMON_BACKUP)
		return NL_SKIP;
	struct ipvs_daemon *o = &dc->out[role - 1];
	memset(o, 0, sizeof(*o));
	o->role = role;
	if (d[IPVS_DAEMON_ATTR_MCAST_IFN])
		nla_strlcpy(o->ifname, d[IPVS_DAEMON_ATTR_MCAST_IFN], sizeof(o->ifname));
	if (d[IPVS_DAEMON_ATTR_SYNC_ID])
		o->syncid = nla_get_u32(d[IPVS_DAEMON_ATTR_SYNC_ID]);
	if (d[IPVS_DAEMON_ATTR_SYNC_MAXLEN])
		o->maxlen = nla_get_u16(d[IPVS_DAEMON_ATTR_SYNC_MAXLEN]);
	if (d[IPVS_DAEMON_ATTR_MCAST_PORT])
		o->port = nla_get_u16(d[IPVS_DAEMON_ATTR_MCAST_PORT]);
	if (d[IPVS_DAEMON_ATTR_MCAST_TTL])
		o->ttl = nla_get_u8(d[IPVS_DAEMON_ATTR_MCAST_TTL]);
	if (d[IPVS_DAEMON_ATTR_MCAST_GROUP]) {
		o->group.family = AF_INET;
		nla_memcpy(&o->group.u.v4, d[IPVS_DAEMON_ATTR_MCAST_GROUP], 4);
	} else if (d[IPVS_DAEMON_ATTR_MCAST_GROUP6]) {
		o->group.family = AF_INET6;
		nla_memcpy(&o->group.u.v6, d[IPVS_DAEMON_ATTR_MCAST_GROUP6], 16);
	}
	dc->roles |= 1u << role;
	return NL_OK;
}

int ipvs_daemon_list(struct ipvs *v, unsigned *roles, struct ipvs_daemon out[2])
{
	struct daemon_ctx dc = { 0, out };
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		fatal("out of memory");
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_daemon, &dc);
	int r = request(v, new_msg(v, IPVS_CMD_GET_DAEMON, NLM_F_DUMP), cb);
	nl_cb_put(cb);
	*roles = dc.roles;
	return r < 0 ? nl2errno(r) : 0;
}

int ipvs_flush(struct ipvs *v)
{
	return transact(v, new_msg(v, IPVS_CMD_FLUSH, 0));
}

int ipvs_set_timeouts(struct ipvs *v, uint32_t tcp, uint32_t tcpfin, uint32_t udp)
{
	struct nl_msg *m = new_msg(v, IPVS_CMD_SET_CONFIG, 0);
	nla_put_u32(m, IPVS_CMD_ATTR_TIMEOUT_TCP, tcp);
	nla_put_u32(m, IPVS_CMD_ATTR_TIMEOUT_TCP_FIN, tcpfin);
	nla_put_u32(m, IPVS_CMD_ATTR_TIMEOUT_UDP, udp);
	return transact(v, m);
}

struct timeouts {
	uint32_t tcp, tcpfin, udp;
};

static int on_config(struct nl_msg *msg, void *arg)
{
	struct timeouts *t = arg;
	struct nlattr *tb[IPVS_CMD_ATTR_MAX + 1];
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, IPVS_CMD_ATTR_MAX, NULL) < 0)
		return NL_SKIP;
	if (tb[IPVS_CMD_ATTR_TIMEOUT_TCP])
		t->tcp = nla_get_u32(tb[IPVS_CMD_ATTR_TIMEOUT_TCP]);
	if (tb[IPVS_CMD_ATTR_TIMEOUT_TCP_FIN])
		t->tcpfin = nla_get_u32(tb[IPVS_CMD_ATTR_TIMEOUT_TCP_FIN]);
	if (tb[IPVS_CMD_ATTR_TIMEOUT_UDP])
		t->udp = nla_get_u32(tb[IPVS_CMD_ATTR_TIMEOUT_UDP]);
	return NL_OK;
}

int ipvs_get_timeouts(struct ipvs *v, uint32_t *tcp, uint32_t *tcpfin, uint32_t *udp)
{
	struct timeouts t = { 0, 0, 0 };
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		fatal("out of memory");
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_config, &t);
	int r = request(v, new_msg(v, IPVS_CMD_GET_CONFIG, 0), cb);
	nl_cb_put(cb);
	*tcp = t.tcp;
	*tcpfin = t.tcpfin;
	*udp = t.udp;
	return r < 0 ? nl2errno(r) : 0;
}

bool ipvs_svc_same(const struct ipvs_svc *a, const struct ipvs_svc *b)
{
	if (a->af != b->af || a->fwmark != b->fwmark)
		return false;
	if (a->fwmark)
		return true;
	return a->protocol == b->protocol && a->port == b->port && ka_addr_eq(&a->addr, &b->addr);
}

bool ipvs_svc_attrs_equal(const struct ipvs_svc *a, const struct ipvs_svc *b)
{
	return strcmp(a->sched, b->sched) == 0 && a->flags == b->flags &&
	       a->timeout == b->timeout && a->netmask == b->netmask &&
	       strcmp(a->pe_name, b->pe_name) == 0;
}

const char *ipvs_svc_str(const struct ipvs_svc *s, char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN + 2];
	if (s->fwmark)
		snprintf(buf, size, "FWM %u%s", s->fwmark, s->af == AF_INET6 ? " IPv6" : "");
	else
		snprintf(buf, size, "%s %s:%u", vs_protocol_name(s->protocol),
			 ka_addr_str(&s->addr, a, sizeof(a)), s->port);
	return buf;
}
