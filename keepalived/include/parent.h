/* parent.h - the supervising parent process. */
#ifndef KA_PARENT_H
#define KA_PARENT_H

#include "config.h"
#include "daemon.h"

struct pidfile;

/* Run the parent until SIGTERM/SIGINT: spawn the children the configuration
 * needs, hand them their configuration, respawn them when they die, reload
 * on SIGHUP, collect dumps on SIGUSR1/SIGUSR2/SIGRTMIN+2/STATS_CLEAR. Takes
 * ownership of conf. pidfile (the held -p file, may be NULL) stays the
 * caller's to release; forked children forget it. Returns the exit code. */
int parent_run(const struct daemon_opts *opts, struct config *conf, struct pidfile *pidfile);

#endif
