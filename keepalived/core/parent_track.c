/* parent_track.c - the track files (vrrp track_file, the checker's
 * FILE_CHECK), watched and read by the parent (root) for the children.
 *
 * A child may run under a uid that cannot read root's 0600 file or watch a
 * 0700 directory, so the parent does what keepalived 2.2.7's children do
 * themselves, with the same semantics:
 *   - init_file: when a configuration first names a file, its init value is
 *     written when the file is missing (always with overwrite);
 *   - the file's directory is watched (inotify: written and closed, created,
 *     deleted, moved in or out - so a replacement by rename is seen);
 *   - on each event for the file it is read again (at most TRACK_TEXT_MAX
 *     bytes; missing or unreadable = no text, which the children read as 0)
 *     and, when the text changed, sent to each child that tracks it as
 *     IPC_FILE_VALUE(path, present, text); every configuration stream
 *     carries the current text of each of the child's files.
 * The children parse the number as before (vrrp_tracker.c, check_file.c).
 */
#include "check_conf.h"
#include "log.h"
#include "parent_int.h"
#include "util.h"
#include "wire.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <unistd.h>

#define TRACK_TEXT_MAX 4096

struct tracked {
	char *path;
	char *dir;
	const char *base;          /* into path */
	int wd;                    /* the directory's watch, -1 */
	char *text;                /* the file's text; NULL = missing or unreadable */
	unsigned want;             /* bit per proc slot: the children that track it */
	bool seen;                 /* named by the configuration being synced */
};

struct parent_track {
	struct parent *p;
	int ifd;                   /* inotify, -1 when it could not be had */
	struct tracked *t;
	size_t n;
	uint32_t synced_gen;
	bool synced;
};

/* The file's text (at most TRACK_TEXT_MAX bytes), NULL when it cannot be read. */
static char *read_text(const char *path)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return NULL;
	char *buf = xmalloc(TRACK_TEXT_MAX + 1);
	ssize_t n;
	do
		n = read(fd, buf, TRACK_TEXT_MAX);
	while (n < 0 && errno == EINTR);
	close(fd);
	if (n < 0) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

/* init_file VALUE [overwrite]: written when the file is missing (always
 * with overwrite), as keepalived does at start. */
static void init_file(const char *path, int32_t value, bool overwrite)
{
	if (!overwrite && access(path, F_OK) == 0)
		return;
	char v[32];
	int n = snprintf(v, sizeof(v), "%d\n", value);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0 || write_all(fd, v, (size_t)n) < 0)
		log_warn("track_file: cannot initialise %s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
}

static bool same_text(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* IPC_FILE_VALUE for t to one channel. */
static int send_value(struct ipc_chan *ch, const struct tracked *t)
{
	struct wbuf w;
	wbuf_init(&w);
	wput_str(&w, t->path);
	wput_u8(&w, t->text != NULL);
	wput_str(&w, t->text ? t->text : "");
	int r = ipc_send(ch, IPC_FILE_VALUE, w.data, w.len);
	wbuf_free(&w);
	return r;
}

/* Read t again; a change goes to the running children that track it (a
 * failed send breaks that channel: the child is then restarted as for any
 * lost channel, and its new stream carries the value). */
static void refresh(struct parent_track *pt, struct tracked *t)
{
	char *text = read_text(t->path);
	if (same_text(text, t->text)) {
		free(text);
		return;
	}
	free(t->text);
	t->text = text;
	for (int i = 0; i < PROC_COUNT; i++) {
		struct proc_slot *s = &pt->p->slots[i];
		if ((t->want & (1u << i)) && s->pid && s->chan)
			send_value(s->chan, t);
	}
}

static void on_inotify(void *arg, int fd, uint32_t events)
{
	struct parent_track *pt = arg;
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	(void)events;
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n <= 0)
			return;
		for (char *q = buf; q < buf + n;) {
			const struct inotify_event *ev = (const struct inotify_event *)(void *)q;
			for (size_t i = 0; ev->len && i < pt->n; i++)
				if (pt->t[i].wd == ev->wd && strcmp(ev->name, pt->t[i].base) == 0)
					refresh(pt, &pt->t[i]);
			q += sizeof(*ev) + ev->len;
		}
	}
}

static struct parent_track *track_of(struct parent *p)
{
	if (p->track)
		return p->track;
	struct parent_track *pt = xcalloc(1, sizeof(*pt));
	pt->p = p;
	pt->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (pt->ifd >= 0 && loop_io_add(p->loop, pt->ifd, EPOLLIN, on_inotify, pt) < 0) {
		close(pt->ifd);
		pt->ifd = -1;
	}
	if (pt->ifd < 0)
		log_err("track_file: no inotify (%s): files are read at start and reload only",
			strerror(errno));
	p->track = pt;
	return pt;
}

struct sync_ctx {
	struct parent_track *pt;
	unsigned bit;
};

/* One file of a child's configuration: known, or new (init_file, watch, read). */
static void want_file(void *arg, const char *path, bool init, int32_t value, bool overwrite)
{
	struct sync_ctx *sc = arg;
	struct parent_track *pt = sc->pt;
	if (!path || !*path)
		return;
	for (size_t i = 0; i < pt->n; i++)
		if (!strcmp(pt->t[i].path, path)) {
			if (!pt->t[i].seen && init)
				init_file(path, value, overwrite);
			pt->t[i].want |= sc->bit;
			pt->t[i].seen = true;
			return;
		}
	if (init)
		init_file(path, value, overwrite);
	struct tracked *t = array_push(&pt->t, &pt->n, sizeof(*pt->t));
	memset(t, 0, sizeof(*t));
	t->path = xstrdup(path);
	t->dir = xstrdup(path);
	char *slash = strrchr(t->dir, '/');
	if (!slash) {
		free(t->dir);
		t->dir = xstrdup(".");
		t->base = t->path;
	} else {
		size_t off = (size_t)(slash - t->dir);
		t->base = t->path + off + 1;
		t->dir[off ? off : 1] = '\0';
	}
	t->wd = pt->ifd < 0 ? -1 : inotify_add_watch(pt->ifd, t->dir, IN_CLOSE_WRITE | IN_MOVED_TO |
						    IN_CREATE | IN_DELETE | IN_MOVED_FROM);
	if (pt->ifd >= 0 && t->wd < 0)
		log_warn("track_file: cannot watch %s: %s", t->dir, strerror(errno));
	t->text = read_text(path);
	t->want = sc->bit;
	t->seen = true;
}

static void tracked_free(struct parent_track *pt, size_t i)
{
	struct tracked *t = &pt->t[i];
	bool shared = false;   /* inotify gives one watch per directory */
	for (size_t j = 0; j < pt->n; j++)
		if (j != i && pt->t[j].wd == t->wd)
			shared = true;
	if (pt->ifd >= 0 && t->wd >= 0 && !shared)
		inotify_rm_watch(pt->ifd, t->wd);
	free(t->path);
	free(t->dir);
	free(t->text);
}

/* The set of files of the current configuration (once per generation):
 * new ones initialised, watched and read; those no child tracks any more
 * dropped. The text of a file named again is read again too. */
static void sync_files(struct parent *p)
{
	struct parent_track *pt = p->track;
	if (pt && pt->synced && pt->synced_gen == p->generation)
		return;
	bool any = false;
	for (int i = 0; i < PROC_COUNT; i++)
		any = any || p->slots[i].desc->track_files;
	if (!any)
		return;
	pt = track_of(p);
	for (size_t i = 0; i < pt->n; i++) {
		pt->t[i].seen = false;
		pt->t[i].want = 0;
	}
	for (int i = 0; i < PROC_COUNT; i++) {
		struct sync_ctx sc = { pt, 1u << i };
		if (p->slots[i].desc->track_files && p->slots[i].desc->wanted(p))
			p->slots[i].desc->track_files(p->conf, want_file, &sc);
	}
	size_t keep = 0;
	for (size_t i = 0; i < pt->n; i++) {
		if (!pt->t[i].seen) {
			tracked_free(pt, i);
			pt->t[i].wd = -1;
			continue;
		}
		char *text = read_text(pt->t[i].path);
		free(pt->t[i].text);
		pt->t[i].text = text;
		pt->t[keep++] = pt->t[i];
	}
	pt->n = keep;
	pt->synced = true;
	pt->synced_gen = p->generation;
}

int parent_track_send(struct parent *p, const struct proc_slot *s)
{
	sync_files(p);
	if (!p->track)
		return 0;
	unsigned bit = 1u << (s - p->slots);
	for (size_t i = 0; i < p->track->n; i++)
		if ((p->track->t[i].want & bit) && send_value(s->chan, &p->track->t[i]) < 0)
			return -1;
	return 0;
}

/* Free everything; with unwatch, the descriptor leaves the loop first. */
static void track_free(struct parent *p, bool unwatch)
{
	struct parent_track *pt = p->track;
	if (!pt)
		return;
	if (pt->ifd >= 0) {
		if (unwatch)
			loop_io_del(p->loop, pt->ifd);
		close(pt->ifd);
		pt->ifd = -1;
	}
	for (size_t i = 0; i < pt->n; i++)
		tracked_free(pt, i);
	free(pt->t);
	free(pt);
	p->track = NULL;
}

void parent_track_free(struct parent *p) { track_free(p, true); }
void parent_track_forget(struct parent *p) { track_free(p, false); }

/* ---- which files each child tracks (the rows of procs[], parent.c) ------------------ */

/* track_file blocks (vrrp/vrrp_tracker.c). */
void parent_vrrp_track_files(const struct config *conf, parent_track_fn fn, void *arg)
{
	const struct vrrp_objs_conf *o = &conf->vrrp_objs;
	for (size_t i = 0; i < o->n_files; i++)
		fn(arg, o->files[i].path, o->files[i].init_file, o->files[i].init_value,
		   o->files[i].init_overwrite);
}

/* FILE_CHECK's files (check/check_file.c). */
void parent_checker_track_files(const struct config *conf, parent_track_fn fn, void *arg)
{
	for (size_t v = 0; v < conf->n_vs; v++)
		for (size_t r = 0; r < conf->vs[v].n_rs; r++)
			for (size_t c = 0; c < conf->vs[v].rs[r].n_checks; c++) {
				const struct check_conf *ck = &conf->vs[v].rs[r].checks[c];
				if (ck->type == CHECK_FILE)
					fn(arg, ck->u.file.path, ck->u.file.init_file, ck->u.file.init_value,
					   ck->u.file.init_overwrite);
			}
}
