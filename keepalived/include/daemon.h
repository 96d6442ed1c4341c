/* daemon.h - what the command line decided, shared by the parent and the
 * children (children get a copy through fork()), and the children's entry
 * points. core/cmdline.c fills it.
 */
#ifndef KA_DAEMON_H
#define KA_DAEMON_H

#include <stdbool.h>
#include <sys/types.h>

struct daemon_opts {
	const char *conf_file;        /* -f, default SYSCONFDIR/keepalived/keepalived.conf */
	bool check_only;              /* -t */
	const char *check_log;        /* -t=FILE: -t messages go there, not to stderr */
	bool foreground;              /* -n */
	bool log_console;             /* -l */
	bool log_detail;              /* -D */
	bool no_syslog;               /* -G */
	int log_facility;             /* -S 0..7|local0..7|user|daemon, default LOG_DAEMON */
	bool vrrp_only;               /* -P */
	bool checker_only;            /* -C */
	bool run_all;                 /* --all: every child runs, even with nothing to do */
	const char *pid_file;         /* -p */
	const char *vrrp_pid_file;    /* -r */
	const char *checker_pid_file; /* -c */
	const char *bfd_pid_file;     /* -b */
	unsigned pid_given;           /* PID_GIVEN_* of the -p/-r/-c/-b given */
	bool no_bfd;                  /* -B: no BFD process */
	const char *config_id;        /* -i */
	const char *dump_dir;         /* --dump-dir, default /tmp (our extension) */
	bool dont_respawn;            /* -R */
	bool release_vips;            /* -X: VIPs go whenever an instance leaves MASTER (always so here) */
	bool dont_release_vrrp;       /* -V: on stop, keep VIPs (no priority-0 advert) */
	bool dont_release_ipvs;       /* -I: on stop, keep the IPVS services */
	bool dump_conf;               /* -d: log the data dump once a configuration is applied */
	bool address_monitoring;      /* -a: the VRRP child logs address changes */
	bool umask_set;               /* -u */
	mode_t umask_val;
	bool core_dump;               /* -m (and -M) */
	const char *core_pattern;     /* -M[PATTERN]: written to core_pattern, restored at exit */
	bool all_config;              /* -e: an include that matches no file is an error */
	const char *netns;            /* -s NAME: run in /run/netns/NAME */
	bool snmp;                    /* -x / -A: accepted; SNMP is not built */
	const char *control_socket;   /* --control-socket (our extension): overrides the config */
	unsigned stall_warn_ms;       /* --stall-warn: loop turns longer than this are logged, 0 = off */
	unsigned child_timeout_s;     /* --child-timeout: a child that leaves the parent's messages
				       * queued this long is killed and respawned, 0 = never */
};

#define PID_GIVEN_MAIN    1u
#define PID_GIVEN_VRRP    2u
#define PID_GIVEN_CHECKER 4u
#define PID_GIVEN_BFD     8u

/* Default of --stall-warn: a turn of an event loop that takes longer than
 * this is worth a warning (adverts may go out late). */
#define DEFAULT_STALL_WARN_MS 100

/* Default of --child-timeout: the parent's queue to a child has not been
 * empty for this long - the child stopped reading (stuck, stopped) or
 * cannot keep up - so it is restarted rather than let the queue grow. Far
 * above any legitimate pause: a child reads while it decodes, and applies
 * a configuration only once the whole stream is in. */
#define DEFAULT_CHILD_TIMEOUT_S 30

/* Child entry points. ipc_fd is the child's end of the socketpair to the
 * parent; the configuration arrives over it (IPC_CONF_BEGIN ... END).
 * They run their own event loop and never return. */
void vrrp_child_main(int ipc_fd, const struct daemon_opts *opts) __attribute__((noreturn));
void checker_child_main(int ipc_fd, const struct daemon_opts *opts) __attribute__((noreturn));
void bfd_child_main(int ipc_fd, const struct daemon_opts *opts) __attribute__((noreturn));

#endif
