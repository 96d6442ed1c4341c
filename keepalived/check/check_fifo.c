/* check_fifo.c - lvs_notify_fifo: the checker writes its events to a FIFO,
 * one line each, as keepalived does:
 *   VS [192.168.201.15]:tcp:80 UP|DOWN          quorum gained / lost
 *   RS [1.2.3.4]:tcp:80 [192.168.201.15]:tcp:80 UP|DOWN
 * (a fwmark service is "FWM 5", a group "[NAME]:0"). The FIFO is made
 * when missing; lvs_notify_fifo_script, when given, is started with the
 * FIFO's path as its last argument to read it. Writes never block: the
 * FIFO is opened read-write and non-blocking, a full FIFO drops a line
 * (logged once per configuration).
 */
#include "checker.h"
#include "log.h"
#include "util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *proto_lc(uint16_t p)
{
	return p == IPPROTO_UDP ? "udp" : p == IPPROTO_SCTP ? "sctp" : "tcp";
}

/* "[addr]:proto:port" */
static void trio(const struct ka_addr *a, uint16_t proto, uint16_t port, char *buf, size_t size)
{
	char ab[INET6_ADDRSTRLEN];
	inet_ntop(a->family, &a->u, ab, sizeof(ab));
	snprintf(buf, size, "[%s]:%s:%u", ab, proto_lc(proto), port);
}

static void vs_fmt(const struct vs_rt *vs, char *buf, size_t size)
{
	const struct vs_conf *c = &vs->conf;
	if (c->kind == VS_KIND_GROUP)
		snprintf(buf, size, "[%s]:0", c->group);
	else if (c->kind == VS_KIND_FWMARK)
		snprintf(buf, size, "FWM %u", c->fwmark);
	else
		trio(&c->addr, c->protocol, c->port, buf, size);
}

static void write_line(struct checker *ck, const char *line)
{
	if (ck->fifo_fd < 0)
		return;
	if (write(ck->fifo_fd, line, strlen(line)) < 0 && !ck->fifo_full_logged) {
		log_warn("lvs_notify_fifo %s: %s (events dropped)", ck->cg.notify_fifo, strerror(errno));
		ck->fifo_full_logged = true;
	}
}

void fifo_vs(struct vs_rt *vs)
{
	char v[160], line[200];
	if (vs->ck->fifo_fd < 0)
		return;
	vs_fmt(vs, v, sizeof(v));
	snprintf(line, sizeof(line), "VS %s %s\n", v, vs->quorum_up ? "UP" : "DOWN");
	write_line(vs->ck, line);
}

void fifo_rs(struct rs_rt *rs)
{
	char v[160], r[80], line[260];
	struct vs_rt *vs = rs->vs;
	if (vs->ck->fifo_fd < 0)
		return;
	vs_fmt(vs, v, sizeof(v));
	trio(&rs->conf->addr, vs->conf.protocol, rs->conf->port, r, sizeof(r));
	snprintf(line, sizeof(line), "RS %s %s %s\n", r, v, rs->up ? "UP" : "DOWN");
	write_line(vs->ck, line);
}

static void on_script_exit(void *arg, int wstatus, bool timed_out)
{
	(void)arg;
	(void)timed_out;
	log_info("lvs_notify_fifo_script ended (status %d)", wstatus);
}

void fifo_close(struct checker *ck)
{
	if (ck->fifo_fd >= 0)
		close(ck->fifo_fd);
	ck->fifo_fd = -1;
}

void fifo_configure(struct checker *ck, const char *old_path, const char *old_script)
{
	const char *path = ck->cg.notify_fifo;
	bool same = path && old_path && strcmp(path, old_path) == 0 &&
		    !ck->cg.notify_fifo_script == !old_script &&
		    (!old_script || strcmp(ck->cg.notify_fifo_script, old_script) == 0);
	if (same && ck->fifo_fd >= 0)
		return;
	fifo_close(ck);
	ck->fifo_full_logged = false;
	if (!path)
		return;
	struct stat st;
	if (stat(path, &st) < 0 && mkfifo(path, 0600) < 0) {
		log_err("lvs_notify_fifo %s: cannot create it: %s", path, strerror(errno));
		return;
	}
	if (stat(path, &st) == 0 && !S_ISFIFO(st.st_mode)) {
		log_err("lvs_notify_fifo %s: not a FIFO", path);
		return;
	}
	if (ck->cg.notify_fifo_script) {
		/* a reader that runs as long as it likes: not on the notify queue */
		const char *extra[] = { path, NULL };
		if (script_run(ck->loop, &ck->pol, ck->cg.notify_fifo_script, extra, 0, on_script_exit, NULL) < 0)
			log_err("lvs_notify_fifo_script %s could not start", ck->cg.notify_fifo_script);
	}
	ck->fifo_fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (ck->fifo_fd < 0)
		log_err("lvs_notify_fifo %s: %s", path, strerror(errno));
}
