/* vrrp_proc.c - vrrp_track_process at run time: process events from the
 * kernel's proc connector (NETLINK_CONNECTOR, CN_IDX_PROC: fork, exec,
 * comm change, exit), after one scan of /proc at start to count what already
 * runs. Each tracker keeps the set of matching process ids; its state is up
 * while quorum <= count <= quorum_max, with fork_delay before going up and
 * terminate_delay before going down.
 *
 * The proc connector exists only in the initial network namespace: when the
 * VRRP process runs in another one (ip netns exec), its socket is made in
 * the initial namespace (setns() there and back, as root) - it carries only
 * process events, no traffic. Where even that is impossible (a container
 * that cannot reach the initial namespace), the count is refreshed from
 * /proc every second instead, with a warning.
 */
#include "vrrp.h"
#include "vrrp_proc.h"
#include "log.h"
#include "util.h"
#include "vrrp_track.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

struct vrrp_proc_track {
	struct vrrp_proc_track *next;
	struct vrrp_proc_mon *mon;
	struct vrrp_track_process_conf conf;
	pid_t *pids;
	size_t n_pids;
	bool up;                       /* reported state */
	struct ev_timer delay_timer;
	void (*changed)(void *arg);    /* the tracker: up changed */
	void *arg;
};

struct vrrp_proc_mon {
	struct loop *loop;
	int fd;
	struct vrrp_proc_track *tracks;
	struct ev_timer rescan_timer;   /* only without process events */
};

#define RESCAN_US USEC_PER_SEC

/* ---- reading a process ------------------------------------------------------------ */

static size_t read_small(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return (size_t)n;
}

static bool pid_matches(const struct vrrp_track_process_conf *c, pid_t pid)
{
	char path[64], comm[64], cmd[4096];
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	size_t n = read_small(path, comm, sizeof(comm));
	if (!n)
		return false;
	if (comm[n - 1] == '\n')
		comm[n - 1] = '\0';
	size_t clen = 0;
	if (vrrp_proc_needs_cmdline(c)) {
		snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
		clen = read_small(path, cmd, sizeof(cmd));
	}
	return vrrp_proc_matches(c, comm, clen ? cmd : NULL, clen);
}

/* ---- the set of matching pids ------------------------------------------------------------ */

static bool has_pid(const struct vrrp_proc_track *t, pid_t pid)
{
	for (size_t i = 0; i < t->n_pids; i++)
		if (t->pids[i] == pid)
			return true;
	return false;
}

static void del_pid(struct vrrp_proc_track *t, pid_t pid)
{
	for (size_t i = 0; i < t->n_pids; i++)
		if (t->pids[i] == pid) {
			t->pids[i] = t->pids[--t->n_pids];
			return;
		}
}

static bool quorum_ok(const struct vrrp_proc_track *t)
{
	return t->n_pids >= t->conf.quorum && t->n_pids <= t->conf.quorum_max;
}

static void delay_fired(void *arg)
{
	struct vrrp_proc_track *t = arg;
	bool ok = quorum_ok(t);
	if (ok == t->up)
		return;
	t->up = ok;
	log_notice("Track process %s: %zu running, now %s", t->conf.name, t->n_pids, ok ? "UP" : "DOWN");
	t->changed(t->arg);
}

/* The count changed: report a new state now, or after its delay. */
static void recount(struct vrrp_proc_track *t)
{
	bool ok = quorum_ok(t);
	if (ok == t->up) {
		timer_stop(t->mon->loop, &t->delay_timer);   /* a bounce inside the delay */
		return;
	}
	uint32_t delay_ms = ok ? t->conf.fork_delay_ms : t->conf.terminate_delay_ms;
	if (!delay_ms) {
		delay_fired(t);
		return;
	}
	if (!timer_pending(&t->delay_timer))
		timer_start(t->mon->loop, &t->delay_timer, (uint64_t)delay_ms * USEC_PER_MSEC);
}

/* Process pid (a thread group leader) may have started, changed or
 * exited: update every tracker. */
static void recheck(struct vrrp_proc_mon *m, pid_t pid, bool gone)
{
	for (struct vrrp_proc_track *t = m->tracks; t; t = t->next) {
		bool was = has_pid(t, pid);
		bool now = !gone && pid_matches(&t->conf, pid);
		if (was == now)
			continue;
		if (now)
			*(pid_t *)array_push(&t->pids, &t->n_pids, sizeof(pid)) = pid;
		else
			del_pid(t, pid);
		recount(t);
	}
}

/* ---- the connector --------------------------------------------------------------------------- */

static void handle_event(struct vrrp_proc_mon *m, const struct proc_event *ev)
{
	switch (ev->what) {
	case PROC_EVENT_FORK:
		if (ev->event_data.fork.child_pid == ev->event_data.fork.child_tgid)
			recheck(m, ev->event_data.fork.child_tgid, false);
		break;
	case PROC_EVENT_EXEC:
		recheck(m, ev->event_data.exec.process_tgid, false);
		break;
	case PROC_EVENT_COMM:
		if (ev->event_data.comm.process_pid == ev->event_data.comm.process_tgid)
			recheck(m, ev->event_data.comm.process_tgid, false);
		break;
	case PROC_EVENT_EXIT:
		if (ev->event_data.exit.process_pid == ev->event_data.exit.process_tgid)
			recheck(m, ev->event_data.exit.process_tgid, true);
		break;
	default:
		break;
	}
}

static void readable(void *arg, int fd, uint32_t events)
{
	struct vrrp_proc_mon *m = arg;
	char buf[8192] __attribute__((aligned(NLMSG_ALIGNTO)));
	for (int round = 0; round < 64; round++) {
		ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0 && errno == ENOBUFS) {
			log_warn("track_process: process events were lost: counting again");
			vrrp_proc_rescan(m);
			continue;
		}
		if (n <= 0)
			return;
		int left = (int)n;
		for (struct nlmsghdr *nh = (struct nlmsghdr *)(void *)buf; NLMSG_OK(nh, left);
		     nh = NLMSG_NEXT(nh, left)) {
			if (nh->nlmsg_type != NLMSG_DONE)
				continue;
			const struct cn_msg *cn = NLMSG_DATA(nh);
			if (cn->id.idx != CN_IDX_PROC || cn->id.val != CN_VAL_PROC ||
			    nh->nlmsg_len < NLMSG_LENGTH(sizeof(*cn) + sizeof(struct proc_event)))
				continue;
			/* the event follows the 20-byte cn_msg: 4-byte aligned
			 * only, and it holds 64-bit members - copy it out */
			struct proc_event ev;
			memcpy(&ev, cn->data, sizeof(ev));
			handle_event(m, &ev);
		}
	}
}

/* A NETLINK_CONNECTOR socket listening to process events, made in the
 * current network namespace; -1 (errno set) when the kernel refuses. */
static int connector_try(void)
{
	int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_CONNECTOR);
	if (fd < 0)
		return -1;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = CN_IDX_PROC, .nl_pid = 0 };
	struct {
		struct nlmsghdr nh;
		struct cn_msg cn;
		enum proc_cn_mcast_op op;
	} __attribute__((packed)) req;
	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = sizeof(req);
	req.nh.nlmsg_type = NLMSG_DONE;
	req.cn.id.idx = CN_IDX_PROC;
	req.cn.id.val = CN_VAL_PROC;
	req.cn.len = sizeof(req.op);
	req.op = PROC_CN_MCAST_LISTEN;
	int rcv = 1024 * 1024;
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof(rcv));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || send(fd, &req, sizeof(req), 0) < 0)
		return close_keep_errno(fd);
	return fd;
}

/* The proc connector lives in the initial network namespace only: try
 * ours, then the initial one (setns() there and back; needs root over it).
 * -1 when neither works (logged). The parent (root) calls it for the VRRP
 * child (core/parent_files.c): the child may lack what setns() needs. */
int vrrp_proc_connector_open(void)
{
	int fd = connector_try();
	if (fd >= 0)
		return fd;
	int err = errno;
	int here = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	int init = open("/proc/1/ns/net", O_RDONLY | O_CLOEXEC);
	if (here >= 0 && init >= 0 && setns(init, CLONE_NEWNET) == 0) {
		fd = connector_try();
		err = errno;
		if (setns(here, CLONE_NEWNET) != 0)
			fatal("track_process: cannot return to our network namespace: %s", strerror(errno));
	} else if (init < 0 || here < 0) {
		err = errno;
	}
	if (here >= 0)
		close(here);
	if (init >= 0)
		close(init);
	if (fd < 0)
		log_warn("track_process: no process events from the kernel in this network namespace (%s)",
			 strerror(err));
	return fd;
}

/* ---- API ------------------------------------------------------------------------------------ */

/* Without process events (a network namespace whose kernel side has no
 * proc connector, and no way to the initial one): count again every second. */
static void rescan_fired(void *arg)
{
	struct vrrp_proc_mon *m = arg;
	vrrp_proc_rescan(m);
	timer_start(m->loop, &m->rescan_timer, RESCAN_US);
}

struct vrrp_proc_mon *vrrp_proc_mon_new(struct loop *loop, int fd)
{
	struct vrrp_proc_mon *m = xcalloc(1, sizeof(*m));
	m->loop = loop;
	timer_init(&m->rescan_timer, rescan_fired, m);
	m->fd = fd >= 0 ? fd : vrrp_proc_connector_open();
	if (m->fd >= 0 && loop_io_add(loop, m->fd, EPOLLIN, readable, m) < 0) {
		close(m->fd);
		m->fd = -1;
	}
	if (m->fd < 0) {
		log_warn("track_process: falling back to counting processes in /proc every second");
		timer_start(loop, &m->rescan_timer, RESCAN_US);
	}
	return m;
}

bool vrrp_proc_mon_ok(const struct vrrp_proc_mon *m)
{
	return m->fd >= 0;
}

void vrrp_proc_mon_free(struct vrrp_proc_mon *m)
{
	if (!m)
		return;
	while (m->tracks)
		vrrp_proc_track_del(m->tracks);
	timer_stop(m->loop, &m->rescan_timer);
	if (m->fd >= 0) {
		loop_io_del(m->loop, m->fd);
		close(m->fd);
	}
	free(m);
}

/* Count every running process again (start, or events were lost). */
void vrrp_proc_rescan(struct vrrp_proc_mon *m)
{
	for (struct vrrp_proc_track *t = m->tracks; t; t = t->next)
		t->n_pids = 0;
	DIR *d = opendir("/proc");
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);
		if (*end || pid <= 0)
			continue;
		for (struct vrrp_proc_track *t = m->tracks; t; t = t->next)
			if (pid_matches(&t->conf, (pid_t)pid))
				*(pid_t *)array_push(&t->pids, &t->n_pids, sizeof(pid_t)) = (pid_t)pid;
	}
	closedir(d);
	for (struct vrrp_proc_track *t = m->tracks; t; t = t->next)
		recount(t);
}

struct vrrp_proc_track *vrrp_proc_track_new(struct vrrp_proc_mon *m, struct vrrp_track_process_conf *c,
					    void (*changed)(void *arg), void *arg)
{
	struct vrrp_proc_track *t = xcalloc(1, sizeof(*t));
	t->mon = m;
	t->conf = *c;
	memset(c, 0, sizeof(*c));
	t->changed = changed;
	t->arg = arg;
	timer_init(&t->delay_timer, delay_fired, t);
	t->next = m->tracks;
	m->tracks = t;
	/* The first count decides the initial state at once (no delay). */
	DIR *d = opendir("/proc");
	struct dirent *de;
	while (d && (de = readdir(d))) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);
		if (!*end && pid > 0 && pid_matches(&t->conf, (pid_t)pid))
			*(pid_t *)array_push(&t->pids, &t->n_pids, sizeof(pid_t)) = (pid_t)pid;
	}
	if (d)
		closedir(d);
	t->up = quorum_ok(t);
	return t;
}

void vrrp_proc_track_del(struct vrrp_proc_track *t)
{
	struct vrrp_proc_mon *m = t->mon;
	for (struct vrrp_proc_track **pp = &m->tracks; *pp; pp = &(*pp)->next)
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	timer_stop(m->loop, &t->delay_timer);
	vrrp_track_process_conf_free(&t->conf);
	free(t->pids);
	free(t);
}

bool vrrp_proc_track_up(const struct vrrp_proc_track *t) { return t->up; }
size_t vrrp_proc_track_count(const struct vrrp_proc_track *t) { return t->n_pids; }
const struct vrrp_track_process_conf *vrrp_proc_track_conf(const struct vrrp_proc_track *t) { return &t->conf; }
