/* pidfile.h - pid files (-p, -r, -c). */
#ifndef KA_PIDFILE_H
#define KA_PIDFILE_H

#include <stdbool.h>
#include <sys/types.h>

/* true when path names a pid of a process that is alive (not us). A pid
 * file left behind by a dead process is stale: false. */
bool pidfile_running(const char *path, pid_t *pid_out);
/* Write pid to path (creating directories is not attempted). 0 or -1 (logged). */
int pidfile_write(const char *path, pid_t pid);
/* Remove path if it still holds pid. */
void pidfile_remove(const char *path, pid_t pid);

#endif
