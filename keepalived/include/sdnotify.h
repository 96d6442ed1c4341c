/* sdnotify.h - systemd's notification protocol (sd_notify(3), libsystemd)
 * for the parent, when NOTIFY_SOCKET is set (Type=notify):
 *   READY=1      once every child applied the configuration (start, and
 *                after each reload),
 *   RELOADING=1  when a reload starts (READY=1 follows: applied or rejected),
 *   STOPPING=1   on stop,
 *   STATUS=...   a one-line summary (after each of the above, on each VRRP
 *                state change, and every 30 s),
 *   WATCHDOG=1   from the loop every WatchdogSec/2 when WatchdogSec= is set.
 * Without NOTIFY_SOCKET every call does nothing. Only the parent notifies:
 * sdnotify_open() takes NOTIFY_SOCKET and WATCHDOG_* out of the
 * environment (NOTIFY_SOCKET is put back only for the time of a send), so
 * neither the children nor the scripts the parent runs ever see them. */
#ifndef KA_SDNOTIFY_H
#define KA_SDNOTIFY_H

#include <stdbool.h>

struct loop;
struct sdnotify;

/* NULL when not started by systemd with Type=notify (nothing to do). */
struct sdnotify *sdnotify_open(struct loop *loop);
void sdnotify_close(struct sdnotify *n);

void sdnotify_ready(struct sdnotify *n);
void sdnotify_reloading(struct sdnotify *n);
void sdnotify_stopping(struct sdnotify *n);
/* STATUS=line (one line; newlines are replaced). */
void sdnotify_status(struct sdnotify *n, const char *line);

#endif
