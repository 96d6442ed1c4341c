/* log.h - one logging entry point for every process.
 *
 * Messages go to syslog (default) and/or to stderr (-l / --log-console).
 * Each line carries the process role ("parent", "vrrp", "checker") so the
 * interleaved output of a daemon and its children stays readable.
 */
#ifndef KA_LOG_H
#define KA_LOG_H

#include <stdarg.h>
#include <stdbool.h>
#include <syslog.h>

enum log_dest {
	LOG_DEST_SYSLOG  = 1 << 0,
	LOG_DEST_CONSOLE = 1 << 1,
	/* Console lines without time and process (for -t): errors print as
	 * "file:line: message", warnings as "file:line: warning: message". */
	LOG_DEST_PLAIN   = 1 << 2,
};

/* Set the identity used in every line (e.g. "Keepalived_vrrp") and where lines go. */
void log_init(const char *ident, const char *role, int dest, int facility);
/* Change the role tag after fork() without reopening syslog. */
void log_set_role(const char *ident, const char *role);
/* Append "_SUFFIX" to the identity of this process and of the roles it
 * sets later (keepalived's "Keepalived_NAME", "Keepalived_vrrp_NAME" when
 * it runs in network namespace NAME); NULL or "" removes it. */
void log_set_ident_suffix(const char *suffix);
/* The identity lines carry now (syslog ident). */
const char *log_ident(void);
/* With detail on (-D), log_debug() lines are emitted too. */
void log_set_detail(bool on);
bool log_detail(void);

/* While a sink is set, every line of priority LOG_WARNING or more severe
 * is also handed to it (how a reload asked for by keepalivedctl collects
 * its FILE:LINE errors). NULL removes it. */
typedef void (*log_sink_fn)(void *arg, int prio, const char *line);
void log_set_sink(log_sink_fn fn, void *arg);

/* Buffered console lines (on): lines are held in memory and written
 * together by log_flush() - at the end of each loop turn (lib/loop.c),
 * before every fork(), at exit(), and when 64 kB are held - so that a
 * process logging a line per instance for a thousand instances makes one
 * write() a turn, not a thousand. Same lines, same text and order; lines
 * of the turn a process is killed in (a signal, an abort) are lost; an
 * error line (LOG_ERR or worse) is written at once, with the lines held
 * before it, as an _exit() may follow it. Off
 * (the default) writes each line at once. Syslog is never held. */
void log_set_buffered(bool on);
/* Write the held console lines now (nothing when none are held). */
void log_flush(void);

void log_msg(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void log_vmsg(int prio, const char *fmt, va_list ap);

#define log_err(...)   log_msg(LOG_ERR, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARNING, __VA_ARGS__)
#define log_notice(...) log_msg(LOG_NOTICE, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

/* Log and exit(1): for impossible states and allocation failure. */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
