/* main.c - command line (cmdline.c), config check (-t), the process
 * settings the options ask for (namespace, umask, core dumps), daemonizing,
 * pid file, then the parent. */
#include "config.h"  /* keepalived/include/config.h */
#include "cmdline.h"
#include "conf_preproc.h"
#include "daemon.h"
#include "genhash.h"
#include "log.h"
#include "netns.h"
#include "parent.h"
#include "pidfile.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#define CORE_PATTERN_FILE "/proc/sys/kernel/core_pattern"

/* -t exit codes, keepalived 2.2.7's (its KEEPALIVED_CHK_EXIT_*). */
enum {
	KA_CHECK_EXIT_ERRORS = 4,    /* keepalived: the file cannot be run */
	KA_CHECK_EXIT_WARNINGS = 5,  /* keepalived: problems, but it runs it */
	KA_CHECK_EXIT_SECURITY = 6,  /* scripts run as root, no enable_script_security */
};

/* What main() changed in the system and puts back at exit (-M). */
struct saved_state {
	char core_pattern[512];
	bool core_pattern_saved;
};

/* -t: parse and validate; messages to stderr, or to -t=FILE. Exit status,
 * as keepalived 2.2.7's -t (keepalived(8), EXIT STATUS): 0 no message,
 * 4 errors (keepalived-ng will not run the file; keepalived's 4 is "cannot
 * run it"), 6 a script that exists and no enable_script_security, 5 warnings only
 * (keepalived runs such a file, and so do we). 1: -t=FILE cannot be opened. */
static int config_test(const struct daemon_opts *opts)
{
	if (opts->check_log) {
		int fd = open(opts->check_log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd < 0) {
			fprintf(stderr, "cannot open %s: %s\n", opts->check_log, strerror(errno));
			return 1;
		}
		dup2(fd, STDERR_FILENO);
		close(fd);
	}
	log_init("Keepalived", "config", LOG_DEST_PLAIN, opts->log_facility);
	log_set_detail(opts->log_detail);
	struct config conf;
	int warnings = 0;
	struct config_load_opts lo = { .check_only = true, .config_id = opts->config_id,
				       .all_config = opts->all_config, .warnings = &warnings,
				       .in_netns = opts->netns != NULL };
	int errors = config_load(&conf, opts->conf_file, &lo);
	bool insecure = !errors && conf_scripts_insecure(&conf);
	config_free(&conf);
	if (errors) {
		fprintf(stderr, "%s: %d error%s\n", opts->conf_file, errors, errors == 1 ? "" : "s");
		return KA_CHECK_EXIT_ERRORS;
	}
	if (insecure)
		fprintf(stderr, "SECURITY VIOLATION - scripts are being executed but script_security not enabled.\n");
	if (warnings)
		fprintf(stderr, "%s: configuration OK, %d warning%s\n", opts->conf_file, warnings,
			warnings == 1 ? "" : "s");
	else
		fprintf(stderr, "%s: configuration OK\n", opts->conf_file);
	return insecure ? KA_CHECK_EXIT_SECURITY : warnings ? KA_CHECK_EXIT_WARNINGS : 0;
}

/* -m: no limit on core files and dumpable even after a uid change. -M:
 * also set the kernel's core_pattern, remembering the old one. */
static void enable_core_dumps(const struct daemon_opts *opts, struct saved_state *st)
{
	struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };
	if (setrlimit(RLIMIT_CORE, &rl) < 0)
		log_warn("cannot raise RLIMIT_CORE: %s", strerror(errno));
	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	if (!opts->core_pattern)
		return;
	FILE *f = fopen(CORE_PATTERN_FILE, "re");
	if (!f || !fgets(st->core_pattern, sizeof(st->core_pattern), f)) {
		log_warn("cannot read %s: %s", CORE_PATTERN_FILE, strerror(errno));
		if (f)
			fclose(f);
		return;
	}
	fclose(f);
	st->core_pattern[strcspn(st->core_pattern, "\n")] = '\0';
	f = fopen(CORE_PATTERN_FILE, "we");
	if (!f || fprintf(f, "%s\n", opts->core_pattern) < 0 || fclose(f) != 0) {
		log_warn("cannot write %s: %s", CORE_PATTERN_FILE, strerror(errno));
		return;
	}
	st->core_pattern_saved = true;
	log_info("core_pattern set to '%s' (was '%s')", opts->core_pattern, st->core_pattern);
}

static void restore_state(const struct saved_state *st)
{
	if (!st->core_pattern_saved)
		return;
	FILE *f = fopen(CORE_PATTERN_FILE, "we");
	if (!f || fprintf(f, "%s\n", st->core_pattern) < 0 || fclose(f) != 0)
		log_warn("cannot restore %s: %s", CORE_PATTERN_FILE, strerror(errno));
}

/* The network namespace to run in: -s NAME (entered before the
 * configuration was read) wins over the top-level net_namespace NAME,
 * entered now; a reload cannot change it, as keepalived's cannot. In a
 * namespace, /run/keepalived is /run/keepalived/NAME in a mount namespace
 * of our own (core/netns.c). Returns the namespace's name (NULL: none) in
 * *ns; 0, or -1 (logged) when the namespace cannot be entered. */
static int use_namespace(struct daemon_opts *opts, const struct config *conf, struct netns_run *run,
			 const char **ns_out)
{
	const char *conf_ns = conf->global.net_namespace;
	const char *ns = opts->netns;
	*ns_out = NULL;
	if (ns && conf_ns[0])
		log_info("Overriding config net_namespace '%s' with command line namespace '%s'", conf_ns, ns);
	else if (conf_ns[0]) {
		if (netns_enter(conf_ns) < 0)
			return -1;
		ns = conf_ns;
	}
	if (!ns)
		return 0;
	netns_run_mount(run, ns);
	*ns_out = ns;
	return 0;
}

/* As keepalived 2.2.7 once the configuration is read: with a namespace NS
 * and/or global_defs instance NAME the syslog ident is Keepalived_NS_NAME
 * (either part alone without the other), and with either of them or
 * use_pid_dir the pid files not given by -p/-r/-c are in /run/keepalived/
 * (keepalived_NAME.pid, vrrp_NAME.pid, checkers_NAME.pid; without _NAME
 * when there is no instance). */
static void ident_and_pid_files(struct daemon_opts *o, const struct mgmt_conf *m, const char *ns)
{
	if (ns || m->instance[0]) {
		char suffix[160];
		snprintf(suffix, sizeof(suffix), "%s%s%s", ns ? ns : "", ns && m->instance[0] ? "_" : "",
			 m->instance);
		log_info("Changing syslog ident to Keepalived_%s", suffix);
		log_set_ident_suffix(suffix);
	}
	if (ns || m->instance[0] || m->use_pid_dir)
		cmdline_pid_dir_defaults(o, m->instance);
}

/* Classic daemon(): fork, setsid, stdio to /dev/null (stderr kept with -l). */
static int daemonize(bool keep_stderr)
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid > 0)
		_exit(0);
	if (setsid() < 0)
		return -1;
	if (chdir("/") < 0)
		return -1;
	int fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		if (!keep_stderr)
			dup2(fd, STDERR_FILENO);
		if (fd > STDERR_FILENO)
			close(fd);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "-T") == 0 || strcmp(argv[1], "--genhash") == 0)) {
		argv[1] = argv[0];
		return genhash_main(argc - 1, argv + 1);
	}
	struct daemon_opts opts;
	cmdline_defaults(&opts);
	switch (cmdline_parse(argc, argv, &opts, stdout, stderr)) {
	case CMDLINE_EXIT_OK: return 0;
	case CMDLINE_EXIT_USAGE: return 1;
	case CMDLINE_RUN: break;
	}
	/* keepalived 2.2.7's default mask is 0177: a file a notify script makes
	 * is 0600 unless the script says otherwise (measured: its scripts see
	 * 0177). Pid files are 0644 and directories 0755 whatever the mask. */
	umask(opts.umask_set ? opts.umask_val : 0177);

	if (opts.check_only) {
		if (opts.netns) {
			log_init("Keepalived", "config", LOG_DEST_PLAIN, opts.log_facility);
			if (netns_enter(opts.netns) < 0)
				return 1;
		}
		return config_test(&opts);
	}

	int dest = (opts.log_console ? LOG_DEST_CONSOLE : 0) | (opts.no_syslog ? 0 : LOG_DEST_SYSLOG);
	log_init("Keepalived", "parent", dest, opts.log_facility);
	log_set_detail(opts.log_detail);
	if (opts.netns && netns_enter(opts.netns) < 0)
		return 1;

	/* @ID lines: without -i the host name at start, for every reload too, as
	 * keepalived 2.2.7 takes it once (a later hostname change is not seen) */
	static char default_config_id[256];
	if (!opts.config_id) {
		conf_default_config_id(default_config_id, sizeof(default_config_id));
		opts.config_id = default_config_id;
	}
	struct config *conf = xcalloc(1, sizeof(*conf));
	struct config_load_opts lo = { .check_only = false, .config_id = opts.config_id,
				       .all_config = opts.all_config, .in_netns = opts.netns != NULL,
				       .skip_parts = cmdline_skip_parts(&opts) };
	int errors = config_load(conf, opts.conf_file, &lo);
	if (errors) {
		log_err("%s: %d error%s: not starting", opts.conf_file, errors, errors == 1 ? "" : "s");
		config_free(conf);
		free(conf);
		return 1;
	}
	set_process_name(&conf->global, -1);
	struct netns_run run = { .dir = "", .mounted = false };
	const char *ns = NULL;
	int ns_r = use_namespace(&opts, conf, &run, &ns);
	if (ns_r == 0)
		ident_and_pid_files(&opts, &conf->mgmt, ns);
	if (ns_r < 0 ||
	    pidfile_busy(opts.pid_file) || pidfile_busy(opts.vrrp_pid_file) ||
	    pidfile_busy(opts.checker_pid_file) ||
	    (parent_bfd_wanted(&opts, conf) && pidfile_busy(opts.bfd_pid_file))) {
		netns_run_unmount(&run);
		config_free(conf);
		free(conf);
		return 1;
	}

	if (!opts.foreground && daemonize(opts.log_console) < 0) {
		log_err("cannot daemonize: %s", strerror(errno));
		netns_run_unmount(&run);
		return 1;
	}
	struct saved_state saved = { .core_pattern_saved = false };
	if (opts.core_dump)
		enable_core_dumps(&opts, &saved);
	struct pidfile *pf = pidfile_acquire(opts.pid_file, getpid());
	if (!pf) {
		restore_state(&saved);
		netns_run_unmount(&run);
		config_free(conf);
		free(conf);
		return 1;
	}
	log_info("starting %s %s (config %s)", PACKAGE_NAME, PACKAGE_VERSION, opts.conf_file);
	int code = parent_run(&opts, conf, pf);
	pidfile_release(pf);
	restore_state(&saved);
	netns_run_unmount(&run);
	log_info("stopped");
	return code;
}
