/* daemon.h - what the command line decided, shared by the parent and the
 * children (children get a copy through fork()), and the children's entry
 * points.
 */
#ifndef KA_DAEMON_H
#define KA_DAEMON_H

#include <stdbool.h>

struct daemon_opts {
	const char *conf_file;        /* -f, default SYSCONFDIR/keepalived/keepalived.conf */
	bool check_only;              /* -t */
	bool foreground;              /* -n */
	bool log_console;             /* -l */
	bool log_detail;              /* -D */
	int log_facility;             /* -S 0..7 -> LOG_LOCALn, default LOG_DAEMON */
	bool vrrp_only;               /* -P */
	bool checker_only;            /* -C */
	const char *pid_file;         /* -p */
	const char *vrrp_pid_file;    /* -r */
	const char *checker_pid_file; /* -c */
	const char *config_id;        /* -i */
	const char *dump_dir;         /* --dump-dir, default /tmp (our extension) */
	bool dont_respawn;            /* -R */
};

/* Child entry points. ipc_fd is the child's end of the socketpair to the
 * parent; the configuration arrives over it (IPC_CONF_BEGIN ... END).
 * They run their own event loop and never return. */
void vrrp_child_main(int ipc_fd, const struct daemon_opts *opts) __attribute__((noreturn));
void checker_child_main(int ipc_fd, const struct daemon_opts *opts) __attribute__((noreturn));

#endif
