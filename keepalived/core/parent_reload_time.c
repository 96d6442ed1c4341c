/* parent_reload_time.c - reload_time_file / reload_repeat (global_defs), as
 * keepalived 2.2 documents them: a reload scheduled by the date or time
 * written on the first line of a file the parent watches, so that every
 * router of a VRRP group switches to a new address list at the same moment.
 *
 *   file written (closed) or renamed into place -> read it, (re)schedule
 *   file removed or renamed away / unreadable / invalid -> cancel
 *   the time comes -> remove the file (kept with reload_repeat when it holds
 *                     a time only) and reload as on SIGHUP
 *   its directory missing, removed or renamed -> nothing more is scheduled
 *                     until the next reload or restart re-reads the setting
 *
 * The parent watches the file's directory with inotify (so a file created
 * later, or replaced by rename, is seen) and schedules one monotonic timer.
 */
#include "parent_int.h"
#include "parent_reload_time.h"
#include "log.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

struct reload_time {
	struct parent *p;
	char path[256];        /* the file watched; "" = off */
	const char *base;      /* its name within the directory */
	bool repeat;
	int ino_fd;            /* -1 = not watching */
	int dir_wd;
	struct ev_timer timer;
	time_t when;           /* scheduled, wall clock; 0 = none */
	bool date_given;       /* the file names a date: always removed when it fires */
	time_t fired;          /* the last time it fired: a time-only file read again at
				* that second means tomorrow, even if the clock lags */
};

/* ---- parsing (pure) ------------------------------------------------------------------------ */

/* Wall time of broken-down tm: UTC or local (local: tm_isdst -1, the
 * zone decides). */
static time_t tm_to_time(struct tm *tm, bool utc)
{
	if (utc)
		return timegm(tm);
	tm->tm_isdst = -1;
	return mktime(tm);
}

int reload_time_parse(const char *text, time_t now, time_t *when, bool *date_given)
{
	size_t len = strlen(text);
	bool utc = len > 0 && text[len - 1] == 'Z';
	if (utc)
		len--;
	const char *fmt = len == 8 ? "%H:%M:%S" : len == 17 ? "%y-%m-%d %H:%M:%S"
			: len == 19 ? "%Y-%m-%d %H:%M:%S" : NULL;
	if (!fmt)
		return -1;
	char buf[20];
	memcpy(buf, text, len);
	buf[len] = '\0';
	/* strptime skips white space: the documented format has exactly one space
	 * between date and time and no other */
	for (size_t i = 0; i < len; i++)
		if ((buf[i] == ' ') != (len > 8 && i == len - 9))
			return -1;
	struct tm tm;
	if (utc)
		gmtime_r(&now, &tm);
	else
		localtime_r(&now, &tm);
	const char *end = strptime(buf, fmt, &tm);
	if (!end || *end)
		return -1;
	/* a day or time that does not exist (31 April, 25:00, a skipped DST hour)
	 * comes back normalised to another one: refuse it */
	struct tm norm = tm;
	time_t t = tm_to_time(&norm, utc);
	if (t == (time_t)-1 || norm.tm_year != tm.tm_year || norm.tm_mon != tm.tm_mon ||
	    norm.tm_mday != tm.tm_mday || norm.tm_hour != tm.tm_hour || norm.tm_min != tm.tm_min ||
	    norm.tm_sec != tm.tm_sec)
		return -1;
	if (t <= now) {
		if (len != 8)
			return -2;
		norm.tm_mday++;   /* a time only: the next one, tomorrow */
		t = tm_to_time(&norm, utc);
	}
	*when = t;
	*date_given = len != 8;
	return 0;
}

/* ---- schedule ------------------------------------------------------------------------------ */

static const char *fmt_time(char *buf, size_t size, time_t t)
{
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%d %H:%M:%S", &tm);
	return buf;
}

static void cancel(struct reload_time *r, bool say)
{
	char b[32];
	if (r->when && say)
		log_info("reload_time_file: cancelling the reload scheduled for %s", fmt_time(b, sizeof(b), r->when));
	timer_stop(r->p->loop, &r->timer);
	r->when = 0;
}

/* Reads the file and (re)schedules or cancels. */
static void read_file(struct reload_time *r)
{
	char line[64] = "";
	FILE *f = fopen(r->path, "re");
	if (!f) {
		cancel(r, true);
		return;
	}
	bool got = fgets(line, sizeof(line), f) != NULL;
	fclose(f);
	if (!got) {
		cancel(r, true);
		return;
	}
	line[strcspn(line, "\n")] = '\0';
	time_t now = time(NULL), when;
	if (r->fired >= now)
		now = r->fired;
	bool date_given;
	int rc = reload_time_parse(line, now, &when, &date_given);
	if (rc < 0) {
		log_warn("reload_time_file %s: \"%s\" %s - ignoring", r->path, line,
			 rc == -2 ? "is in the past" : "is not HH:MM:SS, YY-MM-DD HH:MM:SS or YYYY-MM-DD HH:MM:SS [Z]");
		cancel(r, true);
		return;
	}
	if (when == r->when && timer_pending(&r->timer))
		return;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	int64_t delay_us = ((int64_t)when - ts.tv_sec) * (int64_t)USEC_PER_SEC - ts.tv_nsec / 1000;
	r->when = when;
	r->date_given = date_given;
	timer_start(r->p->loop, &r->timer, delay_us > 0 ? (uint64_t)delay_us : 0);
	char b[32];
	log_info("reload_time_file: reload scheduled for %s", fmt_time(b, sizeof(b), when));
}

static void unwatch(struct reload_time *r)
{
	if (r->ino_fd >= 0)
		loop_io_close(r->p->loop, r->ino_fd);
	r->ino_fd = -1;
}

static void on_inotify(void *arg, int fd, uint32_t events)
{
	struct reload_time *r = arg;
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	bool reread = false, gone = false;
	ssize_t n;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (char *q = buf; q < buf + n;) {
			const struct inotify_event *ev = (const struct inotify_event *)q;
			q += sizeof(*ev) + ev->len;
			if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED)) {
				gone = true;
				continue;
			}
			if (!ev->len || strcmp(ev->name, r->base) != 0)
				continue;
			reread = true;   /* written, renamed in, removed, renamed away: read again */
		}
	}
	if (gone) {
		log_warn("reload_time_file: the directory of %s went away: no scheduled reload until the next reload",
			 r->path);
		cancel(r, true);
		unwatch(r);
		return;
	}
	if (reread)
		read_file(r);
}

static void timer_fired(void *arg)
{
	struct reload_time *r = arg;
	struct parent *p = r->p;
	r->fired = r->when;
	r->when = 0;
	/* our own removal must not read as a cancellation, nor the reload's
	 * re-reading see the watch's stale events */
	unwatch(r);
	if (!r->repeat || r->date_given)
		unlink(r->path);
	log_info("reload_time_file: the scheduled time has come: reloading");
	parent_reload(p, NULL);
	/* a rejected reload leaves the setting as it was: watch again */
	parent_reload_time_apply(p);
}

/* Starts watching r->path's directory; false (logged) when it cannot. */
static bool watch(struct reload_time *r)
{
	char dir[sizeof(r->path)];
	const char *slash = strrchr(r->path, '/');
	if (!slash)
		snprintf(dir, sizeof(dir), "/");
	else
		snprintf(dir, sizeof(dir), "%.*s", slash == r->path ? 1 : (int)(slash - r->path), r->path);
	r->base = slash ? slash + 1 : r->path;
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (fd < 0) {
		log_err("reload_time_file: inotify: %s", strerror(errno));
		return false;
	}
	r->dir_wd = inotify_add_watch(fd, dir, IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE |
					      IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR);
	if (r->dir_wd < 0) {
		log_warn("reload_time_file %s: cannot watch %s (%s): no scheduled reload until the next reload",
			 r->path, dir, strerror(errno));
		close(fd);
		return false;
	}
	if (loop_io_add(r->p->loop, fd, EPOLLIN, on_inotify, r) < 0) {
		log_err("reload_time_file: %s", strerror(errno));
		close(fd);
		return false;
	}
	r->ino_fd = fd;
	return true;
}

void parent_reload_time_apply(struct parent *p)
{
	const struct mgmt_conf *m = &p->conf->mgmt;
	struct reload_time *r = p->reload_time;
	if (!m->reload_time_file[0]) {
		parent_reload_time_free(p);
		return;
	}
	if (!r) {
		r = p->reload_time = xcalloc(1, sizeof(*r));
		r->p = p;
		r->ino_fd = -1;
		timer_init(&r->timer, timer_fired, r);
	}
	r->repeat = m->reload_repeat;
	if (strcmp(r->path, m->reload_time_file) != 0) {
		cancel(r, true);
		unwatch(r);
		snprintf(r->path, sizeof(r->path), "%s", m->reload_time_file);
	}
	if (r->ino_fd < 0 && !watch(r))
		return;
	read_file(r);
}

void parent_reload_time_free(struct parent *p)
{
	struct reload_time *r = p->reload_time;
	if (!r)
		return;
	cancel(r, false);
	unwatch(r);
	free(r);
	p->reload_time = NULL;
}

void parent_reload_time_forget(struct parent *p)
{
	if (p->reload_time && p->reload_time->ino_fd >= 0)
		close(p->reload_time->ino_fd);
}
