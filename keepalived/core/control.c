/* control.c - see control.h. */
#include "control.h"
#include "log.h"
#include "loop.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define READ_TIMEOUT_US  (5 * USEC_PER_SEC)
#define WRITE_TIMEOUT_US (10 * USEC_PER_SEC)
#define MAX_PEER_GROUPS  256

enum conn_state { CONN_READING, CONN_WAITING, CONN_WRITING };

struct control_conn {
	struct control_conn *next;
	struct control_server *srv;
	int fd;
	enum conn_state state;
	char in[CONTROL_MAX_LINE + 1];
	size_t in_len;
	char *out;
	size_t out_len, out_off;
	struct ev_timer timer;      /* reading or writing deadline */
};

struct control_server {
	struct loop *loop;
	int fd;
	char *path;
	dev_t dev;
	ino_t ino;
	gid_t gid;
	control_cmd_fn cmd;
	void *arg;
	struct control_conn *conns;
	size_t n_conns;
	char *made_dir;   /* the socket's directory when we created it (removed with it) */
};

const char *control_server_path(const struct control_server *s) { return s->path; }

/* ---- connections ------------------------------------------------------------------ */

static void conn_free(struct control_conn *c)
{
	struct control_server *s = c->srv;
	for (struct control_conn **pp = &s->conns; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			s->n_conns--;
			break;
		}
	}
	timer_stop(s->loop, &c->timer);
	loop_io_del(s->loop, c->fd);
	close(c->fd);
	free(c->out);
	free(c);
}

static void conn_timeout(void *arg)
{
	struct control_conn *c = arg;
	log_debug("control: dropping a client that was too slow");
	conn_free(c);
}

/* Write what is left; free the connection when done or when the client is gone. */
static void conn_flush(struct control_conn *c)
{
	while (c->out_off < c->out_len) {
		ssize_t n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;   /* EPOLLOUT brings us back */
		if (n <= 0) {
			conn_free(c);
			return;
		}
		c->out_off += (size_t)n;
	}
	conn_free(c);
}

static void conn_io(void *arg, int fd, uint32_t events);

void control_reply(struct control_conn *c, bool ok, const char *text, size_t len)
{
	size_t head = ok ? 3 : 6;
	c->out = xmalloc(head + len + 1);
	memcpy(c->out, ok ? "OK\n" : "ERROR\n", head);
	if (len)
		memcpy(c->out + head, text, len);
	c->out_len = head + len;
	c->out_off = 0;
	c->state = CONN_WRITING;
	timer_start(c->srv->loop, &c->timer, WRITE_TIMEOUT_US);
	if (loop_io_add(c->srv->loop, c->fd, EPOLLOUT, conn_io, c) < 0) {
		conn_free(c);
		return;
	}
	conn_flush(c);
}

/* A complete line: hand it over (the connection waits for the answer). */
static void conn_line(struct control_conn *c, char *nl)
{
	*nl = '\0';
	if (nl > c->in && nl[-1] == '\r')
		nl[-1] = '\0';
	c->state = CONN_WAITING;
	timer_stop(c->srv->loop, &c->timer);
	loop_io_del(c->srv->loop, c->fd);
	c->srv->cmd(c->srv->arg, c, c->in);
}

static void conn_read(struct control_conn *c)
{
	for (;;) {
		size_t room = CONTROL_MAX_LINE - c->in_len;
		if (!room) {
			loop_io_del(c->srv->loop, c->fd);
			const char msg[] = "command line too long\n";
			control_reply(c, false, msg, sizeof(msg) - 1);
			return;
		}
		ssize_t n = recv(c->fd, c->in + c->in_len, room, MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n <= 0) {
			conn_free(c);   /* gone before sending a whole line */
			return;
		}
		c->in_len += (size_t)n;
		c->in[c->in_len] = '\0';
		char *nl = memchr(c->in, '\n', c->in_len);
		if (nl) {
			conn_line(c, nl);
			return;
		}
	}
}

static void conn_io(void *arg, int fd, uint32_t events)
{
	struct control_conn *c = arg;
	if (c->state == CONN_READING)
		conn_read(c);
	else if (c->state == CONN_WRITING)
		conn_flush(c);
}

/* ---- accepting --------------------------------------------------------------------- */

/* Root, our own uid, or a member of the configured group. */
static bool peer_allowed(const struct control_server *s, int fd)
{
	struct ucred cr;
	socklen_t l = sizeof(cr);
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &l) < 0)
		return false;
	if (cr.uid == 0 || cr.uid == geteuid())
		return true;
	if (s->gid == (gid_t)-1)
		return false;
	if (cr.gid == s->gid)
		return true;
	gid_t groups[MAX_PEER_GROUPS];
	l = sizeof(groups);
	if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, &l) < 0)
		return false;
	for (size_t i = 0; i < l / sizeof(gid_t); i++)
		if (groups[i] == s->gid)
			return true;
	return false;
}

static void refuse(int fd, const char *why)
{
	char buf[160];
	int n = snprintf(buf, sizeof(buf), "ERROR\n%s\n", why);
	if (n > 0)
		(void)!send(fd, buf, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT);
	close(fd);
}

static void on_accept(void *arg, int lfd, uint32_t events)
{
	struct control_server *s = arg;
	for (;;) {
		int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
				log_warn("control: accept: %s", strerror(errno));
			return;
		}
		if (!peer_allowed(s, fd)) {
			log_warn("control: refused a client (not root, not in the control group)");
			refuse(fd, "permission denied");
			continue;
		}
		if (s->n_conns >= CONTROL_MAX_CONNS) {
			refuse(fd, "too many control connections");
			continue;
		}
		struct control_conn *c = xcalloc(1, sizeof(*c));
		c->srv = s;
		c->fd = fd;
		c->state = CONN_READING;
		timer_init(&c->timer, conn_timeout, c);
		if (loop_io_add(s->loop, fd, EPOLLIN, conn_io, c) < 0) {
			close(fd);
			free(c);
			continue;
		}
		timer_start(s->loop, &c->timer, READ_TIMEOUT_US);
		c->next = s->conns;
		s->conns = c;
		s->n_conns++;
	}
}

/* ---- the listening socket ----------------------------------------------------------- */

/* path is free to bind: absent, or a socket nobody answers on (removed).
 * false (logged) when a daemon answers there or it is not a socket. */
static bool path_free(const char *path, const struct sockaddr_un *sa)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return errno == ENOENT;
	if (!S_ISSOCK(st.st_mode)) {
		log_err("control socket %s: the name exists and is not a socket", path);
		return false;
	}
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 && connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) == 0) {
		close(fd);
		log_err("control socket %s: another daemon answers on it; no control socket", path);
		return false;
	}
	if (fd >= 0)
		close(fd);
	unlink(path);
	return true;
}

struct control_server *control_server_new(struct loop *loop, control_cmd_fn cmd, void *arg)
{
	struct control_server *s = xcalloc(1, sizeof(*s));
	s->loop = loop;
	s->fd = -1;
	s->path = xstrdup("");
	s->gid = (gid_t)-1;
	s->cmd = cmd;
	s->arg = arg;
	return s;
}

/* Close the listening socket and remove its file (if still ours). */
static void unlisten(struct control_server *s)
{
	if (s->fd < 0)
		return;
	struct stat st;
	if (lstat(s->path, &st) == 0 && st.st_dev == s->dev && st.st_ino == s->ino)
		unlink(s->path);
	if (s->made_dir)
		rmdir(s->made_dir);   /* only when empty */
	free(s->made_dir);
	s->made_dir = NULL;
	loop_io_del(s->loop, s->fd);
	close(s->fd);
	s->fd = -1;
	free(s->path);
	s->path = xstrdup("");
}

/* A new listening socket at path: the fd, or -1 (logged). */
static int listen_on(const char *path, gid_t gid, struct stat *st, char **made)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (!str_copy(sa.sun_path, sizeof(sa.sun_path), path)) {
		log_err("control socket %s: path too long", path);
		return -1;
	}
	*made = mkdir_parents_made(path, 0755);
	if (!path_free(path, &sa))
		return -1;
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		log_err("control socket: %s", strerror(errno));
		return -1;
	}
	mode_t old = umask(0177);   /* created 0600 */
	int r = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	umask(old);
	if (r < 0 || (gid != (gid_t)-1 && (chown(path, (uid_t)-1, gid) < 0 || chmod(path, 0660) < 0)) ||
	    stat(path, st) < 0 || listen(fd, CONTROL_MAX_CONNS) < 0) {
		log_err("control socket %s: %s", path, strerror(errno));
		if (r == 0)
			unlink(path);
		close(fd);
		return -1;
	}
	return fd;
}

/* Same socket, another group: change the file's group and mode in place. */
static int regroup(struct control_server *s, gid_t gid)
{
	gid_t g = gid == (gid_t)-1 ? getegid() : gid;
	if (chown(s->path, (uid_t)-1, g) < 0 || chmod(s->path, gid == (gid_t)-1 ? 0600 : 0660) < 0) {
		log_err("control socket %s: %s", s->path, strerror(errno));
		return -1;
	}
	s->gid = gid;
	return 0;
}

int control_server_listen(struct control_server *s, const char *path, gid_t gid)
{
	if (strcmp(path, s->path) == 0)
		return !path[0] || gid == s->gid ? 0 : regroup(s, gid);
	if (!path[0]) {
		unlisten(s);
		return 0;
	}
	struct stat st;
	char *made = NULL;
	int fd = listen_on(path, gid, &st, &made);
	if (fd < 0 || loop_io_add(s->loop, fd, EPOLLIN, on_accept, s) < 0) {
		if (fd >= 0) {
			log_err("control socket %s: %s", path, strerror(errno));
			unlink(path);
			close(fd);
		}
		if (made)
			rmdir(made);
		free(made);
		return -1;
	}
	unlisten(s);
	s->made_dir = made;
	free(s->path);
	s->path = xstrdup(path);
	s->fd = fd;
	s->dev = st.st_dev;
	s->ino = st.st_ino;
	s->gid = gid;
	log_info("control socket %s", path);
	return 0;
}

gid_t control_server_gid(const struct control_server *s) { return s->gid; }

void control_server_forget(struct control_server *s)
{
	if (!s)
		return;
	while (s->conns) {
		struct control_conn *c = s->conns;
		s->conns = c->next;
		timer_stop(s->loop, &c->timer);
		loop_io_del(s->loop, c->fd);
		close(c->fd);
		free(c->out);
		free(c);
	}
	if (s->fd >= 0) {
		loop_io_del(s->loop, s->fd);
		close(s->fd);
	}
	free(s->path);
	free(s->made_dir);
	free(s);
}

void control_server_close(struct control_server *s)
{
	if (!s)
		return;
	unlisten(s);
	control_server_forget(s);
}
