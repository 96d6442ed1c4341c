/* cmdline.c - see cmdline.h. */
#include "cmdline.h"
#include "config.h"   /* CONF_PART_* */

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif

#define DEFAULT_CONF SYSCONFDIR "/keepalived/keepalived.conf"
#define NETNS_PID_DIR "/run/keepalived"

enum { OPT_DUMP_DIR = 1000, OPT_ALL, OPT_SIGNUM, OPT_CONTROL_SOCKET, OPT_STALL_WARN,
       OPT_CHILD_TIMEOUT };

static const struct option long_opts[] = {
	{ "use-file",           required_argument, NULL, 'f' },
	{ "vrrp",               no_argument,       NULL, 'P' },
	{ "check",              no_argument,       NULL, 'C' },
	{ "no_bfd",             no_argument,       NULL, 'B' },
	{ "all",                no_argument,       NULL, OPT_ALL },
	{ "log-console",        no_argument,       NULL, 'l' },
	{ "log-detail",         no_argument,       NULL, 'D' },
	{ "log-facility",       required_argument, NULL, 'S' },
	{ "no-syslog",          no_argument,       NULL, 'G' },
	{ "umask",              required_argument, NULL, 'u' },
	{ "release-vips",       no_argument,       NULL, 'X' },
	{ "dont-release-vrrp",  no_argument,       NULL, 'V' },
	{ "dont-release-ipvs",  no_argument,       NULL, 'I' },
	{ "dont-respawn",       no_argument,       NULL, 'R' },
	{ "dont-fork",          no_argument,       NULL, 'n' },
	{ "dump-conf",          no_argument,       NULL, 'd' },
	{ "pid",                required_argument, NULL, 'p' },
	{ "vrrp_pid",           required_argument, NULL, 'r' },
	{ "genhash",            no_argument,       NULL, 'T' },
	{ "checkers_pid",       required_argument, NULL, 'c' },
	{ "address-monitoring", no_argument,       NULL, 'a' },
	{ "bfd_pid",            required_argument, NULL, 'b' },
	{ "snmp",               no_argument,       NULL, 'x' },
	{ "snmp-agent-socket",  required_argument, NULL, 'A' },
	{ "namespace",          required_argument, NULL, 's' },
	{ "core-dump",          no_argument,       NULL, 'm' },
	{ "core-dump-pattern",  optional_argument, NULL, 'M' },
	{ "all-config",         no_argument,       NULL, 'e' },
	{ "config-id",          required_argument, NULL, 'i' },
	{ "signum",             required_argument, NULL, OPT_SIGNUM },
	{ "config-test",        optional_argument, NULL, 't' },
	{ "version",            no_argument,       NULL, 'v' },
	{ "help",               no_argument,       NULL, 'h' },
	{ "dump-dir",           required_argument, NULL, OPT_DUMP_DIR },
	{ "control-socket",     required_argument, NULL, OPT_CONTROL_SOCKET },
	{ "stall-warn",         required_argument, NULL, OPT_STALL_WARN },
	{ "child-timeout",      required_argument, NULL, OPT_CHILD_TIMEOUT },
	{ NULL, 0, NULL, 0 },
};

static const char short_opts[] = "f:PCBlDS:Gu:XVIRndp:r:Tc:ab:xA:s:mM::ei:t::vh";

static void usage(FILE *out, const char *prog)
{
	fprintf(out,
		"Usage: %s [OPTION...]\n"
		"  -f, --use-file=FILE          use FILE as the configuration (default %s)\n"
		"  -P, --vrrp                   run the VRRP part only\n"
		"  -C, --check                  run the checker part only\n"
		"  -B, --no_bfd                 do not start the BFD process\n"
		"      --all                    run every child, even one with nothing to do\n"
		"  -l, --log-console            log to the console (stderr)\n"
		"  -D, --log-detail             detailed (debug) logging\n"
		"  -S, --log-facility=([0-7]|local[0-7]|user|daemon)\n"
		"                               syslog facility (default daemon)\n"
		"  -G, --no-syslog              do not log to syslog\n"
		"  -u, --umask=MASK             umask for created files and scripts (numeric)\n"
		"  -X, --release-vips           drop the VIPs whenever an instance leaves MASTER\n"
		"                               (always the case here)\n"
		"  -V, --dont-release-vrrp      on stop, leave the VIPs in place (no priority-0 advert)\n"
		"  -I, --dont-release-ipvs      on stop, leave the IPVS services in place\n"
		"  -R, --dont-respawn           do not respawn children: stop instead\n"
		"  -n, --dont-fork              stay in the foreground\n"
		"  -d, --dump-conf              log the configuration data once it is applied\n"
		"  -p, --pid=FILE               parent pid file (default /run/keepalived.pid)\n"
		"  -r, --vrrp_pid=FILE          VRRP child pid file (default /run/vrrp.pid)\n"
		"  -T, --genhash                genhash mode (must be the first option)\n"
		"  -c, --checkers_pid=FILE      checker child pid file (default /run/checkers.pid)\n"
		"  -a, --address-monitoring     log every address added or removed (netlink)\n"
		"  -b, --bfd_pid=FILE           BFD pid file, default /run/bfd.pid\n"
		"  -x, --snmp                   SNMP (not built: accepted with a notice)\n"
		"  -A, --snmp-agent-socket=FILE SNMP master agent socket (not built: accepted)\n"
		"  -s, --namespace=NAME         run in network namespace NAME (/run/netns/NAME)\n"
		"  -m, --core-dump              allow core dumps (RLIMIT_CORE unlimited)\n"
		"  -M, --core-dump-pattern[=PATN]  -m, and set /proc/sys/kernel/core_pattern to\n"
		"                               PATN (default 'core') until exit\n"
		"  -e, --all-config             an include that matches no file is an error\n"
		"  -i, --config-id=ID           configuration id for @ID lines (default: host name)\n"
		"      --signum=SIGFUNC         print the signal number of STOP, RELOAD, DATA,\n"
		"                               STATS, STATS_CLEAR, JSON\n"
		"  -t, --config-test[=FILE]     check the configuration and exit (0 = usable);\n"
		"                               messages to FILE instead of stderr\n"
		"      --dump-dir=DIR           where USR1/USR2/JSON dumps go (default /tmp)\n"
		"      --control-socket=PATH    control socket (overrides control_socket)\n"
		"      --stall-warn=MS          warn when one event-loop turn takes longer\n"
		"                               (default %u, 0 = off)\n"
		"      --child-timeout=S        restart a child that leaves the parent's messages\n"
		"                               unread for S seconds (default %u, 0 = never)\n"
		"  -v, --version                print the version\n"
		"  -h, --help                   this help\n",
		prog, DEFAULT_CONF, DEFAULT_STALL_WARN_MS, DEFAULT_CHILD_TIMEOUT_S);
}

void cmdline_defaults(struct daemon_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->conf_file = DEFAULT_CONF;
	o->log_facility = LOG_DAEMON;
	o->pid_file = "/run/keepalived.pid";
	o->vrrp_pid_file = "/run/vrrp.pid";
	o->checker_pid_file = "/run/checkers.pid";
	o->bfd_pid_file = "/run/bfd.pid";
	o->dump_dir = "/tmp";
	o->stall_warn_ms = DEFAULT_STALL_WARN_MS;
	o->child_timeout_s = DEFAULT_CHILD_TIMEOUT_S;
}

int cmdline_signum(const char *name)
{
	static const struct { const char *name; int base; int off; } sigs[] = {
		{ "STOP", SIGTERM, 0 },
		{ "RELOAD", SIGHUP, 0 },
		{ "DATA", SIGUSR1, 0 },
		{ "STATS", SIGUSR2, 0 },
		{ "STATS_CLEAR", -1, 0 },
		{ "JSON", -2, 0 },
	};
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		if (strcmp(name, sigs[i].name) != 0)
			continue;
		if (sigs[i].base == -1)
			return KA_SIG_STATS_CLEAR;
		if (sigs[i].base == -2)
			return KA_SIG_JSON;
		return sigs[i].base;
	}
	return -1;
}

int cmdline_facility(const char *arg)
{
	const char *num = arg;
	if (strncasecmp(arg, "local", 5) == 0)
		num = arg + 5;
	else if (strcasecmp(arg, "user") == 0)
		return LOG_USER;
	else if (strcasecmp(arg, "daemon") == 0)
		return LOG_DAEMON;
	if (num[0] < '0' || num[0] > '7' || num[1] != '\0')
		return -1;
	return LOG_LOCAL0 + (num[0] - '0') * (LOG_LOCAL1 - LOG_LOCAL0);
}

/* -u MASK: octal (a leading 0 is allowed), at most 0777. */
static bool parse_umask(const char *arg, mode_t *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(arg, &end, 8);
	if (errno || end == arg || *end || v > 0777)
		return false;
	*out = (mode_t)v;
	return true;
}

/* --stall-warn, --child-timeout: a decimal number 0..max. */
static bool parse_uint_max(const char *arg, unsigned long max, unsigned *out)
{
	char *end;
	unsigned long v = strtoul(arg, &end, 10);
	if (*end || !*arg || v > max)
		return false;
	*out = (unsigned)v;
	return true;
}

/* -s NAME: a name, not a path (it is looked up in /run/netns). */
static bool valid_netns_name(const char *s)
{
	if (!*s || strlen(s) > 64 || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return false;
	return strchr(s, '/') == NULL;
}

/* See cmdline.h. keepalived 2.2.7's KEEPALIVED_PID_DIR; in a namespace the
 * daemon's private mount makes it /run/keepalived/NS for the others. The
 * paths live as long as the process (static storage). */
void cmdline_pid_dir_defaults(struct daemon_opts *o, const char *instance)
{
	static char paths[4][128];
	static const char *const names[4] = { "keepalived", "vrrp", "checkers", "bfd" };
	static const unsigned given[4] = { PID_GIVEN_MAIN, PID_GIVEN_VRRP, PID_GIVEN_CHECKER, PID_GIVEN_BFD };
	const char **dst[4] = { &o->pid_file, &o->vrrp_pid_file, &o->checker_pid_file, &o->bfd_pid_file };
	bool named = instance && instance[0];
	for (int i = 0; i < 4; i++) {
		if (o->pid_given & given[i])
			continue;
		snprintf(paths[i], sizeof(paths[i]), "%s/%s%s%s.pid", NETNS_PID_DIR, names[i],
			 named ? "_" : "", named ? instance : "");
		*dst[i] = paths[i];
	}
}

/* One option. Returns -1 to go on, else an enum cmdline_result. */
static int one_option(int c, struct daemon_opts *o, const char *prog, FILE *out, FILE *err)
{
	switch (c) {
	case 'f': o->conf_file = optarg; break;
	case 'P': o->vrrp_only = true; break;
	case 'C': o->checker_only = true; break;
	case 'B': o->no_bfd = true; break;
	case 'b': o->bfd_pid_file = optarg; o->pid_given |= PID_GIVEN_BFD; break;
	case OPT_ALL: o->run_all = true; break;
	case 'l': o->log_console = true; break;
	case 'D': o->log_detail = true; break;
	case 'S':
		o->log_facility = cmdline_facility(optarg);
		if (o->log_facility < 0) {
			fprintf(err, "%s: invalid log facility '%s' (0-7, local0-7, user, daemon)\n", prog, optarg);
			return CMDLINE_EXIT_USAGE;
		}
		break;
	case 'G': o->no_syslog = true; break;
	case 'u':
		if (!parse_umask(optarg, &o->umask_val)) {
			fprintf(err, "%s: invalid --umask '%s' (octal, at most 0777)\n", prog, optarg);
			return CMDLINE_EXIT_USAGE;
		}
		o->umask_set = true;
		break;
	case 'X': o->release_vips = true; break;
	case 'V': o->dont_release_vrrp = true; break;
	case 'I': o->dont_release_ipvs = true; break;
	case 'R': o->dont_respawn = true; break;
	case 'n': o->foreground = true; break;
	case 'd': o->dump_conf = true; break;
	case 'p': o->pid_file = optarg; o->pid_given |= PID_GIVEN_MAIN; break;
	case 'r': o->vrrp_pid_file = optarg; o->pid_given |= PID_GIVEN_VRRP; break;
	case 'c': o->checker_pid_file = optarg; o->pid_given |= PID_GIVEN_CHECKER; break;
	case 'T':
		fprintf(err, "%s: -T/--genhash must be the first option\n", prog);
		return CMDLINE_EXIT_USAGE;
	case 'a': o->address_monitoring = true; break;
	case 'x':
	case 'A':
		if (!o->snmp)
			fprintf(err, "%s: notice: SNMP is not built into this keepalived: -%c ignored\n",
				prog, c);
		o->snmp = true;
		break;
	case 's':
		if (!valid_netns_name(optarg)) {
			fprintf(err, "%s: invalid namespace name '%s'\n", prog, optarg);
			return CMDLINE_EXIT_USAGE;
		}
		o->netns = optarg;
		break;
	case 'm': o->core_dump = true; break;
	case 'M':
		o->core_dump = true;
		o->core_pattern = optarg && *optarg ? optarg : "core";
		break;
	case 'e': o->all_config = true; break;
	case 'i': o->config_id = optarg; break;
	case OPT_SIGNUM: {
		int s = cmdline_signum(optarg);
		if (s < 0) {
			fprintf(err, "Unknown sigfunc %s\n", optarg);
			return CMDLINE_EXIT_USAGE;
		}
		fprintf(out, "%d\n", s);
		return CMDLINE_EXIT_OK;
	}
	case 't':
		o->check_only = true;
		o->check_log = optarg && *optarg ? optarg : NULL;
		break;
	case OPT_DUMP_DIR: o->dump_dir = optarg; break;
	case OPT_CONTROL_SOCKET: o->control_socket = optarg; break;
	case OPT_STALL_WARN:
		if (!parse_uint_max(optarg, 60000, &o->stall_warn_ms)) {
			fprintf(err, "%s: --stall-warn takes milliseconds 0..60000, got '%s'\n", prog, optarg);
			return CMDLINE_EXIT_USAGE;
		}
		break;
	case OPT_CHILD_TIMEOUT:
		if (!parse_uint_max(optarg, 3600, &o->child_timeout_s)) {
			fprintf(err, "%s: --child-timeout takes seconds 0..3600, got '%s'\n", prog, optarg);
			return CMDLINE_EXIT_USAGE;
		}
		break;
	case 'v': fprintf(out, "%s %s\n", PACKAGE_NAME, PACKAGE_VERSION); return CMDLINE_EXIT_OK;
	case 'h': usage(out, prog); return CMDLINE_EXIT_OK;
	default: usage(err, prog); return CMDLINE_EXIT_USAGE;
	}
	return -1;
}

enum cmdline_result cmdline_parse(int argc, char **argv, struct daemon_opts *o, FILE *out, FILE *err)
{
	int c;
	optind = 0;   /* full re-initialisation (GNU): the parser may run more than once */
	opterr = 0;
	while ((c = getopt_long(argc, argv, short_opts, long_opts, NULL)) != -1) {
		if (c == '?') {
			if (optopt)
				fprintf(err, "%s: invalid option or missing argument: -%c\n", argv[0], optopt);
			else
				fprintf(err, "%s: unrecognized option '%s'\n", argv[0], argv[optind - 1]);
			usage(err, argv[0]);
			return CMDLINE_EXIT_USAGE;
		}
		int r = one_option(c, o, argv[0], out, err);
		if (r >= 0)
			return (enum cmdline_result)r;
	}
	if (optind < argc) {
		fprintf(err, "%s: unexpected argument '%s'\n", argv[0], argv[optind]);
		usage(err, argv[0]);
		return CMDLINE_EXIT_USAGE;
	}
	if (o->vrrp_only && o->checker_only) {
		fprintf(err, "%s: -P and -C exclude each other\n", argv[0]);
		return CMDLINE_EXIT_USAGE;
	}
	return CMDLINE_RUN;
}

/* Contract: see cmdline.h. */
unsigned cmdline_skip_parts(const struct daemon_opts *opts)
{
	if (opts->check_only)
		return 0;
	return (opts->vrrp_only ? CONF_PART_CHECK : 0u) | (opts->checker_only ? CONF_PART_VRRP : 0u);
}
