/* cmdline.h - keepalived's command line (every option of keepalived 2.2.7's
 * --help) into struct daemon_opts. Pure: prints usage errors, touches
 * nothing else, so it is unit-tested (test/unit/cmdline_test.c).
 */
#ifndef KA_CMDLINE_H
#define KA_CMDLINE_H

#include <stdio.h>

#include "daemon.h"

enum cmdline_result {
	CMDLINE_RUN = 0,      /* go on with *opts */
	CMDLINE_EXIT_OK,      /* --help, --version, --signum printed: exit 0 */
	CMDLINE_EXIT_USAGE,   /* an error was printed to err: exit 1 */
};

/* The defaults (no option given). */
void cmdline_defaults(struct daemon_opts *opts);
/* Parse argv (getopt_long; resets optind first). Help, version and
 * --signum numbers go to out, errors and notices (SNMP) to err. The pid
 * files -p/-r/-c gave are noted in opts->pid_given. */
enum cmdline_result cmdline_parse(int argc, char **argv, struct daemon_opts *opts, FILE *out, FILE *err);

/* In a named network namespace (-s, net_namespace), with global_defs
 * instance NAME or use_pid_dir: the pid files not given with -p/-r/-c/-b are
 * /run/keepalived/{keepalived,vrrp,checkers,bfd}[_NAME].pid, as keepalived
 * 2.2.7 puts them (in a namespace, inside its private mount of
 * /run/keepalived/NS, core/netns.c). instance: "" or NULL for none. */
/* The parts of the file the daemon does not read (config_load_opts.skip_parts):
 * -P the checker's, -C VRRP's (keepalived 2.2.7's children read only their
 * own blocks); -t reads them all. */
unsigned cmdline_skip_parts(const struct daemon_opts *opts);

void cmdline_pid_dir_defaults(struct daemon_opts *opts, const char *instance);

/* keepalived's --signum names: STOP RELOAD DATA STATS STATS_CLEAR JSON.
 * The signal number, or -1 for an unknown name (case matters, as in
 * keepalived). */
int cmdline_signum(const char *name);
/* Signals with a meaning beyond the classic ones. */
#define KA_SIG_STATS_CLEAR (SIGRTMAX - 1)
#define KA_SIG_JSON        (SIGRTMIN + 2)

/* -S: 0..7, local0..local7, user, daemon -> LOG_* facility; -1 if invalid. */
int cmdline_facility(const char *arg);

#endif
