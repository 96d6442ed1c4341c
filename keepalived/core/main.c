/* main.c - command line, config check (-t), daemonizing, then the parent. */
#include "config.h"  /* keepalived/include/config.h */
#include "daemon.h"
#include "log.h"
#include "parent.h"
#include "pidfile.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif

#define DEFAULT_CONF SYSCONFDIR "/keepalived/keepalived.conf"

enum { OPT_DUMP_DIR = 1000 };

static const struct option long_opts[] = {
	{ "use-file",       required_argument, NULL, 'f' },
	{ "config-test",    no_argument,       NULL, 't' },
	{ "dont-fork",      no_argument,       NULL, 'n' },
	{ "log-console",    no_argument,       NULL, 'l' },
	{ "log-detail",     no_argument,       NULL, 'D' },
	{ "log-facility",   required_argument, NULL, 'S' },
	{ "vrrp",           no_argument,       NULL, 'P' },
	{ "check",          no_argument,       NULL, 'C' },
	{ "pid",            required_argument, NULL, 'p' },
	{ "vrrp_pid",       required_argument, NULL, 'r' },
	{ "checkers_pid",   required_argument, NULL, 'c' },
	{ "config-id",      required_argument, NULL, 'i' },
	{ "snmp",           no_argument,       NULL, 'x' },
	{ "dont-respawn",   no_argument,       NULL, 'R' },
	{ "no-syslog",      no_argument,       NULL, 'G' },
	{ "version",        no_argument,       NULL, 'v' },
	{ "help",           no_argument,       NULL, 'h' },
	{ "dump-dir",       required_argument, NULL, OPT_DUMP_DIR },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *out, const char *prog)
{
	fprintf(out,
		"Usage: %s [OPTION...]\n"
		"  -f, --use-file=FILE          use FILE as the configuration (default %s)\n"
		"  -t, --config-test            check the configuration and exit (0 = usable)\n"
		"  -n, --dont-fork              stay in the foreground\n"
		"  -l, --log-console            log to the console (stderr) too\n"
		"  -D, --log-detail             detailed (debug) logging\n"
		"  -S, --log-facility=[0-7]     syslog facility LOCAL0..LOCAL7\n"
		"  -G, --no-syslog              do not log to syslog\n"
		"  -P, --vrrp                   run the VRRP part only\n"
		"  -C, --check                  run the checker part only\n"
		"  -p, --pid=FILE               parent pid file (default /run/keepalived.pid)\n"
		"  -r, --vrrp_pid=FILE          VRRP child pid file (default /run/vrrp.pid)\n"
		"  -c, --checkers_pid=FILE      checker child pid file (default /run/checkers.pid)\n"
		"  -i, --config-id=ID           configuration id for @ID lines (default: host name)\n"
		"  -x, --snmp                   SNMP (not supported: accepted and ignored)\n"
		"  -R, --dont-respawn           do not respawn children: stop instead\n"
		"      --dump-dir=DIR           where USR1/USR2/RTMIN+2 dumps go (default /tmp)\n"
		"  -v, --version                print the version\n"
		"  -h, --help                   this help\n",
		prog, DEFAULT_CONF);
}

/* Parse argv into opts. Returns -1 for "exit 0 now" (help/version),
 * 1 for a usage error, 0 to go on. */
static int parse_args(int argc, char **argv, struct daemon_opts *o, bool *no_syslog)
{
	int c;
	while ((c = getopt_long(argc, argv, "f:tnlDS:PCp:r:c:i:xRGvh", long_opts, NULL)) != -1) {
		switch (c) {
		case 'f': o->conf_file = optarg; break;
		case 't': o->check_only = true; break;
		case 'n': o->foreground = true; break;
		case 'l': o->log_console = true; break;
		case 'D': o->log_detail = true; break;
		case 'S': {
			char *end;
			long f = strtol(optarg, &end, 10);
			if (*end || f < 0 || f > 7) {
				fprintf(stderr, "%s: -S takes a facility 0..7, got '%s'\n", argv[0], optarg);
				return 1;
			}
			o->log_facility = LOG_LOCAL0 + (int)f * (LOG_LOCAL1 - LOG_LOCAL0);
			break;
		}
		case 'P': o->vrrp_only = true; break;
		case 'C': o->checker_only = true; break;
		case 'p': o->pid_file = optarg; break;
		case 'r': o->vrrp_pid_file = optarg; break;
		case 'c': o->checker_pid_file = optarg; break;
		case 'i': o->config_id = optarg; break;
		case 'x': fprintf(stderr, "%s: SNMP is not supported; -x ignored\n", argv[0]); break;
		case 'R': o->dont_respawn = true; break;
		case 'G': *no_syslog = true; break;
		case OPT_DUMP_DIR: o->dump_dir = optarg; break;
		case 'v': printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION); return -1;
		case 'h': usage(stdout, argv[0]); return -1;
		default: usage(stderr, argv[0]); return 1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", argv[0], argv[optind]);
		usage(stderr, argv[0]);
		return 1;
	}
	if (o->vrrp_only && o->checker_only) {
		fprintf(stderr, "%s: -P and -C exclude each other\n", argv[0]);
		return 1;
	}
	return 0;
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
	struct daemon_opts opts = {
		.conf_file = DEFAULT_CONF,
		.log_facility = LOG_DAEMON,
		.pid_file = "/run/keepalived.pid",
		.vrrp_pid_file = "/run/vrrp.pid",
		.checker_pid_file = "/run/checkers.pid",
		.dump_dir = "/tmp",
	};
	bool no_syslog = false;
	int r = parse_args(argc, argv, &opts, &no_syslog);
	if (r)
		return r < 0 ? 0 : 1;

	if (opts.check_only) {
		log_init("Keepalived", "config", LOG_DEST_PLAIN, opts.log_facility);
		log_set_detail(opts.log_detail);
		struct config conf;
		struct config_load_opts lo = { .check_only = true, .config_id = opts.config_id };
		int errors = config_load(&conf, opts.conf_file, &lo);
		config_free(&conf);
		if (errors) {
			fprintf(stderr, "%s: %d error%s\n", opts.conf_file, errors, errors == 1 ? "" : "s");
			return 1;
		}
		fprintf(stderr, "%s: configuration OK\n", opts.conf_file);
		return 0;
	}

	int dest = (opts.log_console ? LOG_DEST_CONSOLE : 0) | (no_syslog ? 0 : LOG_DEST_SYSLOG);
	log_init("Keepalived", "parent", dest, opts.log_facility);
	log_set_detail(opts.log_detail);

	pid_t other;
	if (pidfile_running(opts.pid_file, &other)) {
		log_err("already running (pid %d, from %s)", (int)other, opts.pid_file);
		return 1;
	}

	struct config *conf = xcalloc(1, sizeof(*conf));
	struct config_load_opts lo = { .check_only = false, .config_id = opts.config_id };
	int errors = config_load(conf, opts.conf_file, &lo);
	if (errors) {
		log_err("%s: %d error%s: not starting", opts.conf_file, errors, errors == 1 ? "" : "s");
		config_free(conf);
		free(conf);
		return 1;
	}

	if (!opts.foreground && daemonize(opts.log_console) < 0) {
		log_err("cannot daemonize: %s", strerror(errno));
		return 1;
	}
	umask(022);
	pid_t self = getpid();
	if (pidfile_write(opts.pid_file, self) < 0)
		return 1;
	log_info("starting %s %s (config %s)", PACKAGE_NAME, PACKAGE_VERSION, opts.conf_file);
	int code = parent_run(&opts, conf);
	pidfile_remove(opts.pid_file, self);
	log_info("stopped");
	return code;
}
