/* pidfile.h - pid files (-p, -r, -c), written safely and held with a lock.
 *
 * A pid file is created as a new file (O_EXCL): at the name when nothing
 * is there, else next to it, renamed over the name and then written, so a
 * symlink or someone else's file at that name is replaced, never followed
 * or truncated. The process that wrote it holds
 * an flock() on it for as long as the pid is current: a second daemon
 * pointed at the same file finds it locked and refuses to start. A file
 * that nobody holds is stale and is simply replaced.
 */
#ifndef KA_PIDFILE_H
#define KA_PIDFILE_H

#include <stdbool.h>
#include <sys/types.h>

struct pidfile;

/* true (and logged) when path is held by a running process: locked, or
 * naming a live process called keepalived (a daemon that does not lock).
 * A missing, stale or unreadable file: false. Creates nothing. */
bool pidfile_busy(const char *path);
/* Write pid to path (creating a missing directory, mode 0755) and hold
 * its lock. NULL (logged) when another process holds it or on error. */
struct pidfile *pidfile_acquire(const char *path, pid_t pid);
/* Remove the file if it is still ours; drop the lock; free. NULL is fine. */
void pidfile_release(struct pidfile *pf);
/* In a forked child: close our descriptor (the lock stays with the
 * parent's) and free, touching no file. NULL is fine. */
void pidfile_forget(struct pidfile *pf);

#endif
