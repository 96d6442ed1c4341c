/* log.c - see log.h. */
#include "log.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static struct {
	char ident[160];     /* base + "_" + suffix: what syslog and the console show */
	char base[64];       /* "Keepalived", "Keepalived_vrrp", ... */
	char suffix[72];     /* "" or the network namespace's name */
	char role[16];
	int dest;
	int facility;
	bool detail;
	bool syslog_open;
	log_sink_fn sink;
	void *sink_arg;
} g_log = { "Keepalived", "Keepalived", "", "parent", LOG_DEST_CONSOLE, LOG_DAEMON, false, false, NULL, NULL };

void log_set_sink(log_sink_fn fn, void *arg)
{
	g_log.sink = fn;
	g_log.sink_arg = arg;
}

void log_init(const char *ident, const char *role, int dest, int facility)
{
	log_set_role(ident, role);
	g_log.dest = dest;
	g_log.facility = facility;
	if ((dest & LOG_DEST_SYSLOG) && !g_log.syslog_open) {
		openlog(g_log.ident, LOG_PID, facility);
		g_log.syslog_open = true;
	}
}

/* g_log.ident from its base and suffix; syslog reopened when open. */
static void compose_ident(void)
{
	if (g_log.suffix[0])
		snprintf(g_log.ident, sizeof(g_log.ident), "%s_%s", g_log.base, g_log.suffix);
	else
		snprintf(g_log.ident, sizeof(g_log.ident), "%s", g_log.base);
	if (g_log.syslog_open) {
		/* openlog keeps the pointer: g_log.ident stays valid. */
		openlog(g_log.ident, LOG_PID, g_log.facility);
	}
}

void log_set_ident_suffix(const char *suffix)
{
	snprintf(g_log.suffix, sizeof(g_log.suffix), "%s", suffix ? suffix : "");
	compose_ident();
}

const char *log_ident(void) { return g_log.ident; }

void log_set_role(const char *ident, const char *role)
{
	snprintf(g_log.base, sizeof(g_log.base), "%s", ident);
	snprintf(g_log.role, sizeof(g_log.role), "%s", role);
	compose_ident();
}

void log_set_detail(bool on) { g_log.detail = on; }
bool log_detail(void) { return g_log.detail; }

static const char *prio_tag(int prio)
{
	switch (prio) {
	case LOG_EMERG: case LOG_ALERT: case LOG_CRIT: case LOG_ERR: return "error";
	case LOG_WARNING: return "warning";
	case LOG_NOTICE: return "notice";
	case LOG_INFO: return "info";
	default: return "debug";
	}
}

/* Length of a leading "file:line: " in line, or 0. */
static size_t location_prefix(const char *line)
{
	const char *colon = strchr(line, ':');
	if (!colon || colon == line || !isdigit((unsigned char)colon[1]))
		return 0;
	const char *p = colon + 1;
	while (isdigit((unsigned char)*p))
		p++;
	return (p[0] == ':' && p[1] == ' ') ? (size_t)(p + 2 - line) : 0;
}

static void plain_line(int prio, const char *line)
{
	if (prio == LOG_WARNING) {
		size_t loc = location_prefix(line);
		fprintf(stderr, "%.*swarning: %s\n", (int)loc, line, line + loc);
	} else {
		fprintf(stderr, "%s\n", line);
	}
	fflush(stderr);
}

/* The pid in console lines, read once per process (reset in a forked
 * child): a getpid() per line was a system call per line. */
static pid_t log_pid;

static void forget_pid(void)
{
	log_pid = 0;
}

static pid_t current_pid(void)
{
	static bool registered;
	if (!registered) {
		pthread_atfork(NULL, NULL, forget_pid);
		registered = true;
	}
	if (!log_pid)
		log_pid = getpid();
	return log_pid;
}

/* Append n bytes of s to buf[*len..size), truncating. */
static void put(char *buf, size_t size, size_t *len, const char *s, size_t n)
{
	if (n > size - *len)
		n = size - *len;
	memcpy(buf + *len, s, n);
	*len += n;
}

/* All of p[0..len) to stderr (a short write is continued). */
static void write_all(const char *p, size_t len)
{
	for (size_t off = 0; off < len;) {
		ssize_t w = write(STDERR_FILENO, p + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
}

/* Console lines held for one write (log_set_buffered()). */
#define LOG_BUF_SIZE 65536
static struct {
	char *buf;           /* LOG_BUF_SIZE bytes once buffering was asked for */
	size_t len;
	bool on;
} g_held;

void log_flush(void)
{
	if (!g_held.len)
		return;
	fflush(stderr);   /* anything written through stdio before stays before */
	write_all(g_held.buf, g_held.len);
	g_held.len = 0;
}

/* Contract: see log.h. The held lines are written before every fork()
 * (pthread_atfork: a forked process never writes them a second time) and
 * at exit(). */
void log_set_buffered(bool on)
{
	static bool hooked;
	if (on && !g_held.buf) {
		g_held.buf = malloc(LOG_BUF_SIZE);
		if (!g_held.buf)
			return;   /* unbuffered, as before */
	}
	if (on && !hooked) {
		pthread_atfork(log_flush, NULL, NULL);
		atexit(log_flush);
		hooked = true;
	}
	if (!on)
		log_flush();
	g_held.on = on;
}

/* "HH:MM:SS.mmm IDENT[PID] ROLE: [TAG: ]LINE\n" on stderr in one write
 * (held instead with log_set_buffered()); the local time of day is
 * converted once per second. */
static void console_line(int prio, const char *line)
{
	static time_t hms_sec = -1;
	static char hms[16];
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	if (ts.tv_sec != hms_sec) {
		struct tm tm;
		localtime_r(&ts.tv_sec, &tm);
		snprintf(hms, sizeof(hms), "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
		hms_sec = ts.tv_sec;
	}
	char head[64];
	int hn = snprintf(head, sizeof(head), "%s.%03ld ", hms, ts.tv_nsec / 1000000);
	char pid[24];
	int pn = snprintf(pid, sizeof(pid), "[%d] ", (int)current_pid());
	char out[2400];
	size_t len = 0;
	put(out, sizeof(out) - 1, &len, head, (size_t)hn);
	put(out, sizeof(out) - 1, &len, g_log.ident, strlen(g_log.ident));
	put(out, sizeof(out) - 1, &len, pid, (size_t)pn);
	put(out, sizeof(out) - 1, &len, g_log.role, strlen(g_log.role));
	put(out, sizeof(out) - 1, &len, ": ", 2);
	if (prio <= LOG_WARNING) {
		const char *tag = prio_tag(prio);
		put(out, sizeof(out) - 1, &len, tag, strlen(tag));
		put(out, sizeof(out) - 1, &len, ": ", 2);
	}
	put(out, sizeof(out) - 1, &len, line, strlen(line));
	out[len++] = '\n';
	if (g_held.on) {
		if (g_held.len + len > LOG_BUF_SIZE)
			log_flush();
		memcpy(g_held.buf + g_held.len, out, len);
		g_held.len += len;
		if (prio <= LOG_ERR)
			log_flush();   /* an error may be followed by _exit(): never held */
		return;
	}
	fflush(stderr);   /* anything written through stdio before stays before */
	write_all(out, len);
}

void log_vmsg(int prio, const char *fmt, va_list ap)
{
	if (prio == LOG_DEBUG && !g_log.detail)
		return;
	char line[2048];
	vsnprintf(line, sizeof(line), fmt, ap);

	if (g_log.dest & LOG_DEST_PLAIN) {
		plain_line(prio, line);
	} else if (g_log.dest & LOG_DEST_CONSOLE) {
		console_line(prio, line);
	}
	if (g_log.dest & LOG_DEST_SYSLOG)
		syslog(prio, "%s", line);
	if (g_log.sink && prio <= LOG_WARNING)
		g_log.sink(g_log.sink_arg, prio, line);
}

void log_msg(int prio, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_vmsg(prio, fmt, ap);
	va_end(ap);
}

void fatal(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_vmsg(LOG_CRIT, fmt, ap);
	va_end(ap);
	exit(1);
}
