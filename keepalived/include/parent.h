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

/* Name this process (PR_SET_NAME) after global_defs process_names /
 * process_name / vrrp_process_name / checker_process_name; proc is
 * PROC_VRRP, PROC_CHECKER (parent_int.h) or -1 (the parent). Nothing when
 * none is set. */
struct global_conf;
void set_process_name(const struct global_conf *g, int proc);

/* Whether the BFD process runs: the configuration has a bfd_instance and
 * -B was not given (-P and -C run it, as keepalived 2.2.7). */
bool parent_bfd_wanted(const struct daemon_opts *opts, const struct config *conf);

/* keepalived 2.2.7's -t "SECURITY VIOLATION" (exit 6): the configuration
 * runs a script whose file exists and enable_script_security is not set. */
bool conf_scripts_insecure(const struct config *conf);

#endif
