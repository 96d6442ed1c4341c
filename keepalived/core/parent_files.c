/* parent_files.c - files the parent (root) opens for a child and hands
 * over with each configuration stream (IPC_FILE_FD, SCM_RIGHTS): the notify
 * FIFOs, and the proc connector socket of track_process (made in the
 * initial network namespace, which needs setns() and so root) and the IPVS
 * generic netlink and nftables sockets of net_namespace_ipvs (made in that
 * namespace).
 * A child may
 * run under a uid that cannot create or open root's FIFOs (0600, in a
 * root-only directory); the descriptor it is given works whatever its uid. See doc/HACKING.md "Privileges".
 */
#include "log.h"
#include "netns.h"
#include "parent_int.h"
#include "check_conf.h"
#include "util.h"
#include "vrrp_proc.h"
#include "wire.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

/* The FIFO at path, made (mode 0600) when missing, opened read-write and
 * non-blocking so that writes never wait for a reader (the kernel keeps
 * lines up to the pipe size). -1 when it cannot be (logged). */
static int fifo_open(const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		if (mkfifo(path, 0600) < 0 && errno != EEXIST) {
			log_err("notify FIFO %s: cannot create: %s", path, strerror(errno));
			return -1;
		}
	} else if (!S_ISFIFO(st.st_mode)) {
		log_err("notify FIFO %s exists and is not a FIFO", path);
		return -1;
	}
	int fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		log_err("notify FIFO %s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISFIFO(st.st_mode)) {   /* replaced meanwhile */
		log_err("notify FIFO %s exists and is not a FIFO", path);
		close(fd);
		return -1;
	}
	return fd;
}

struct files_send {
	struct ipc_chan *ch;
	int failed;
};

/* IPC_FILE_FD(key) with fd (which stays the caller's). */
static void send_fd(void *arg, const char *key, int fd)
{
	struct files_send *fs = arg;
	if (fs->failed)
		return;
	struct wbuf w;
	wbuf_init(&w);
	wput_str(&w, key);
	if (ipc_send_fd(fs->ch, IPC_FILE_FD, w.data, w.len, fd) < 0)
		fs->failed = -1;
	wbuf_free(&w);
}

static void send_fifo(void *arg, const char *path)
{
	struct files_send *fs = arg;
	if (fs->failed || !path)
		return;
	int fd = fifo_open(path);
	if (fd < 0)
		return;   /* the child logs that it has none */
	send_fd(fs, path, fd);
	close(fd);
}

int parent_send_files(const struct parent *p, const struct proc_slot *s)
{
	struct files_send fs = { s->chan, 0 };
	if (s->desc->fifos)
		s->desc->fifos(p->conf, send_fifo, &fs);
	if (s->desc->sockets)
		s->desc->sockets(p->conf, send_fd, &fs);
	return fs.failed;
}

/* ---- what each child is handed (the rows of procs[], parent.c) ---------------------- */

/* notify_fifo and vrrp_notify_fifo (vrrp/vrrp_fifo.c). */
void parent_vrrp_fifos(const struct config *conf, void (*fn)(void *arg, const char *path), void *arg)
{
	fn(arg, conf->global.ext.vrrp_fifo.path);
	fn(arg, conf->global.ext.fifo.path);
}

/* lvs_notify_fifo and notify_fifo (check/check_fifo.c). */
void parent_checker_fifos(const struct config *conf, void (*fn)(void *arg, const char *path), void *arg)
{
	if (conf->checker)
		fn(arg, conf->checker->notify_fifo);
	fn(arg, conf->global.ext.fifo.path);
}

/* vrrp_track_process: the proc connector socket (vrrp/vrrp_proc.c). */
void parent_vrrp_sockets(const struct config *conf, void (*fn)(void *arg, const char *key, int fd), void *arg)
{
	if (!conf->vrrp_objs.n_procs)
		return;
	int fd = vrrp_proc_connector_open();
	if (fd < 0)
		return;   /* logged; the child counts from /proc */
	fn(arg, VRRP_PROC_CONNECTOR_KEY, fd);
	close(fd);
}

/* net_namespace_ipvs: the checker's IPVS socket, made in that namespace
 * (the checker keeps no CAP_SYS_ADMIN for setns()), and with nftables_ipvs
 * its nftables socket there too. When one cannot be made (logged), none is
 * sent and the checker programs no IPVS (makes no table). */
void parent_checker_sockets(const struct config *conf, void (*fn)(void *arg, const char *key, int fd), void *arg)
{
	const struct global_conf *g = &conf->global;
	if (!g->has_net_namespace_ipvs)
		return;
	int fd = netns_socket(g->net_namespace_ipvs, "net_namespace_ipvs", AF_NETLINK,
			      SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0)
		return;
	fn(arg, CHECK_IPVS_SOCKET_KEY, fd);
	close(fd);
	if (!conf->checker || !conf->checker->nft_ipvs)
		return;
	fd = netns_socket(g->net_namespace_ipvs, "net_namespace_ipvs (nftables_ipvs)", AF_NETLINK,
			  SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER);
	if (fd < 0)
		return;
	fn(arg, CHECK_NFT_SOCKET_KEY, fd);
	close(fd);
}
