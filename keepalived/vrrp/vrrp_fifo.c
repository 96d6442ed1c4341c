/* vrrp_fifo.c - notify_fifo and vrrp_notify_fifo: every instance and group
 * transition as one line (keepalived's format: INSTANCE "VI_1" MASTER 100,
 * GROUP "G1" BACKUP 0), written without blocking. The parent creates a
 * FIFO that does not exist (mode 0600) and opens it for us; its notify_*_fifo_script is started once with the
 * FIFO's path as its last argument and stopped when the child stops.
 */
#include "vrrp.h"
#include "child_ipc.h"
#include "log.h"
#include "util.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct vrrp_fifo {
	struct vrrp_fifo *next;
	char *path;
	char *script;
	int fd;
	pid_t script_pid;
	bool dead;                 /* out of the list; freed when its script has exited */
	struct vrrp_ctx *ctx;
};

static void fifo_release(struct vrrp_fifo *f)
{
	free(f->path);
	free(f->script);
	free(f);
}

static void fifo_script_exited(void *arg, int wstatus, bool timed_out)
{
	struct vrrp_fifo *f = arg;
	f->script_pid = 0;
	f->ctx->fifo_scripts--;
	if (f->dead) {
		fifo_release(f);
		return;
	}
	if (!f->ctx->stopping)
		log_warn("notify FIFO script for %s exited", f->path);
}

/* The FIFO's descriptor, made and opened (read-write, non-blocking: writes
 * never fail for want of a reader) by the parent with this configuration
 * (core/parent_files.c): this process may not be able to open root's files. */
static bool fifo_open(struct vrrp_fifo *f)
{
	f->fd = f->ctx->ipc ? child_ipc_take_file(f->ctx->ipc, f->path) : -1;
	if (f->fd < 0) {
		log_err("notify FIFO %s: not opened (the parent could not: see its log)", f->path);
		return false;
	}
	return true;
}

/* Close the FIFO; a running reader script gets SIGTERM and the record is
 * freed once the loop has reaped it. */
static void fifo_free(struct vrrp_fifo *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	if (f->script_pid > 0) {
		script_kill(f->script_pid, SIGTERM);
		f->dead = true;
		return;
	}
	fifo_release(f);
}

static void add_fifo(struct vrrp_ctx *ctx, const struct notify_fifo_conf *c)
{
	if (!c->path)
		return;
	for (struct vrrp_fifo *f = ctx->fifos; f; f = f->next)
		if (!strcmp(f->path, c->path))
			return;   /* the same FIFO for both: one line */
	struct vrrp_fifo *f = xcalloc(1, sizeof(*f));
	f->ctx = ctx;
	f->fd = -1;
	f->path = xstrdup(c->path);
	f->script = xstrdup(c->script);
	if (!fifo_open(f)) {
		free(f->path);
		free(f->script);
		free(f);
		return;
	}
	if (f->script) {
		const char *extra[] = { f->path, NULL };
		f->script_pid = script_run(ctx->loop, &ctx->script_policy, f->script, extra, 0,
					   fifo_script_exited, f);
		if (f->script_pid < 0)
			f->script_pid = 0;
		else
			ctx->fifo_scripts++;
	}
	f->next = ctx->fifos;
	ctx->fifos = f;
}

/* Contract: see vrrp.h. Unchanged FIFOs stay open (their scripts keep
 * running); a changed set is closed and reopened. */
void vrrp_fifos_apply(struct vrrp_ctx *ctx)
{
	const struct vrrp_global_ext *g = &ctx->global.ext;
	bool same = true;
	size_t n = 0;
	for (struct vrrp_fifo *f = ctx->fifos; f; f = f->next, n++) {
		bool found = false;
		const struct notify_fifo_conf *cs[] = { &g->fifo, &g->vrrp_fifo };
		for (size_t i = 0; i < 2; i++)
			if (cs[i]->path && !strcmp(cs[i]->path, f->path) &&
			    ((!cs[i]->script && !f->script) ||
			     (cs[i]->script && f->script && !strcmp(cs[i]->script, f->script))))
				found = true;
		same = same && found;
	}
	size_t want = (g->fifo.path ? 1 : 0) + (g->vrrp_fifo.path ? 1 : 0);
	if (g->fifo.path && g->vrrp_fifo.path && !strcmp(g->fifo.path, g->vrrp_fifo.path))
		want = 1;
	if (same && n == want)
		return;
	vrrp_fifos_free_all(ctx);
	add_fifo(ctx, &g->vrrp_fifo);
	add_fifo(ctx, &g->fifo);
}

void vrrp_fifos_free_all(struct vrrp_ctx *ctx)
{
	while (ctx->fifos) {
		struct vrrp_fifo *f = ctx->fifos;
		ctx->fifos = f->next;
		fifo_free(f);
	}
}

/* Contract: see vrrp.h. A full pipe drops the line (logged). */
void vrrp_fifo_write(struct vrrp_ctx *ctx, const char *line)
{
	size_t n = strlen(line);
	char *buf = xmalloc(n + 2);
	memcpy(buf, line, n);
	buf[n] = '\n';
	buf[n + 1] = '\0';
	for (struct vrrp_fifo *f = ctx->fifos; f; f = f->next) {
		ssize_t w = write(f->fd, buf, n + 1);
		if (w != (ssize_t)(n + 1))
			log_warn("notify FIFO %s: line not written: %s", f->path,
				 w < 0 ? strerror(errno) : "short write");
	}
	free(buf);
}
