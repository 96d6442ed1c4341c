/* check_fifo.c - the checker's notify FIFOs: lvs_notify_fifo, and the
 * global notify_fifo (shared with the VRRP child, which writes its own
 * lines there). One line per event, as keepalived 2.2 writes them:
 *   VS [192.168.201.15]:tcp:80 UP|DOWN          quorum gained / lost
 *   RS [1.2.3.4]:tcp:80 [192.168.201.15]:tcp:80 UP|DOWN
 * (a fwmark service is "FWM 5", a group "[NAME]:0"). The parent makes a
 * FIFO when missing and opens it for us (core/parent_files.c); its script, when given, is started with the FIFO's path as its
 * last argument to read it. notify_fifo_script is the VRRP child's to
 * start; the checker starts it only when no VRRP child runs (no
 * vrrp_instance configured, or -C). When both keywords name the same FIFO
 * each line is written once. Writes never block: a FIFO is opened
 * read-write and non-blocking (by the parent), a full FIFO drops a line (logged once per
 * configuration).
 */
#include "checker.h"
#include "child_ipc.h"
#include "log.h"
#include "util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *proto_lc(uint16_t p)
{
	return p == IPPROTO_UDP ? "udp" : p == IPPROTO_SCTP ? "sctp" : p == IPPROTO_TCP ? "tcp" : "none";
}

/* Contract: see checker.h. */
uint16_t check_rs_proto(const struct vs_rt *vs)
{
	const struct vs_conf *c = &vs->conf;
	if (c->kind == VS_KIND_FWMARK)
		return 0;
	if (c->kind != VS_KIND_GROUP)
		return c->protocol;
	for (size_t i = 0; i < vs->ck->n_vsg; i++) {
		const struct vsg_conf *g = &vs->ck->vsg[i];
		if (strcmp(g->name, c->group) != 0)
			continue;
		for (size_t j = 0; j < g->n_entries; j++)
			if (g->entries[j].kind == VSGE_ADDR)
				return c->protocol;
		return 0;
	}
	return c->protocol;
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

static bool fifos_open(const struct checker *ck)
{
	return ck->lvs_fifo.fd >= 0 || ck->global_fifo.fd >= 0;
}

/* line to each open FIFO (once when both are the same file); a full
 * FIFO drops it, logged once per configuration */
static void write_line(struct checker *ck, const char *line)
{
	struct check_fifo *f[] = { &ck->lvs_fifo, &ck->global_fifo };
	for (size_t i = 0; i < ARRAY_SIZE(f); i++) {
		if (f[i]->fd < 0 || (i == 1 && f[0]->fd >= 0 && !strcmp(f[0]->path, f[1]->path)))
			continue;
		if (write(f[i]->fd, line, strlen(line)) < 0 && !f[i]->full_logged) {
			log_warn("%s %s: %s (events dropped)", f[i]->what, f[i]->path, strerror(errno));
			f[i]->full_logged = true;
		}
	}
}

void fifo_vs(struct vs_rt *vs)
{
	char v[160], line[200];
	if (!fifos_open(vs->ck))
		return;
	vs_fmt(vs, v, sizeof(v));
	snprintf(line, sizeof(line), "VS %s %s\n", v, vs->quorum_up ? "UP" : "DOWN");
	write_line(vs->ck, line);
}

void fifo_rs(struct rs_rt *rs)
{
	char v[160], r[80], line[260];
	struct vs_rt *vs = rs->vs;
	if (!fifos_open(vs->ck))
		return;
	vs_fmt(vs, v, sizeof(v));
	trio(&rs->conf->addr, check_rs_proto(vs), rs->conf->port, r, sizeof(r));
	snprintf(line, sizeof(line), "RS %s %s %s\n", r, v, rs->up ? "UP" : "DOWN");
	write_line(vs->ck, line);
}

static void on_script_exit(void *arg, int wstatus, bool timed_out)
{
	struct check_fifo *f = arg;
	(void)timed_out;
	f->script_pid = 0;
	log_info("%s_script ended (status %d)", f->what, wstatus);
}

/* Close f and stop the script reading it (it would read a FIFO nobody
 * writes any more, or the old one after a reload). */
static void fifo_close_one(struct check_fifo *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	if (f->script_pid > 0) {   /* its end is not ours to log any more */
		script_kill(f->script_pid, SIGTERM);
		script_forget(f->script_pid);
	}
	f->script_pid = 0;
	free(f->path);
	free(f->script);
	f->path = f->script = NULL;
}

void fifo_close(struct checker *ck)
{
	fifo_close_one(&ck->lvs_fifo);
	fifo_close_one(&ck->global_fifo);
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Point f at path (NULL: none), creating the FIFO when missing, and start
 * script (when given) to read it. A FIFO whose path and script did not
 * change stays open (its script keeps running). */
static void fifo_set(struct checker *ck, struct check_fifo *f, const char *path, const char *script)
{
	if (f->fd >= 0 && same_str(path, f->path) && same_str(script, f->script))
		return;
	fifo_close_one(f);
	f->full_logged = false;
	if (!path)
		return;
	int fd = ck->ipc ? child_ipc_take_file(ck->ipc, path) : -1;
	if (fd < 0) {
		log_err("%s %s: not opened (the parent could not: see its log)", f->what, path);
		return;
	}
	if (script) {
		/* a reader that runs as long as it likes: not on the notify queue */
		const char *extra[] = { path, NULL };
		f->script_pid = script_run(ck->loop, &ck->pol, script, extra, 0, on_script_exit, f);
		if (f->script_pid < 0) {
			log_err("%s_script %s could not start", f->what, script);
			f->script_pid = 0;
		}
	}
	f->fd = fd;
	f->path = xstrdup(path);
	f->script = script ? xstrdup(script) : NULL;
}

void fifo_configure(struct checker *ck, bool vrrp_child_runs)
{
	ck->lvs_fifo.what = "lvs_notify_fifo";
	ck->global_fifo.what = "notify_fifo";
	fifo_set(ck, &ck->lvs_fifo, ck->cg.notify_fifo, ck->cg.notify_fifo_script);
	const struct notify_fifo_conf *g = &ck->global.ext.fifo;
	fifo_set(ck, &ck->global_fifo, g->path, vrrp_child_runs ? NULL : g->script);
}
