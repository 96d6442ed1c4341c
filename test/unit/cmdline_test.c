/* cmdline_test.c - every option of keepalived 2.2.7's --help parses into
 * what it means; --signum numbers; usage errors. */
#include "cmdline.h"
#include "unit.h"

#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <syslog.h>

/* Parse a NULL-terminated list of words (argv[0] added). Output and
 * errors go to /dev/null unless captured by the caller. */
static enum cmdline_result parse(struct daemon_opts *o, FILE *out, FILE *err, ...)
{
	char *argv[64];
	int argc = 0;
	argv[argc++] = "keepalived";
	va_list ap;
	va_start(ap, err);
	for (char *w; (w = va_arg(ap, char *)) && argc < 63;)
		argv[argc++] = w;
	va_end(ap);
	argv[argc] = NULL;
	cmdline_defaults(o);
	return cmdline_parse(argc, argv, o, out, err);
}

static FILE *devnull(void)
{
	static FILE *f;
	if (!f)
		f = fopen("/dev/null", "w");
	return f;
}

TEST(defaults)
{
	struct daemon_opts o;
	CHECK_EQ_INT(parse(&o, devnull(), devnull(), NULL), CMDLINE_RUN);
	CHECK_STR(o.pid_file, "/run/keepalived.pid");
	CHECK_STR(o.vrrp_pid_file, "/run/vrrp.pid");
	CHECK_STR(o.checker_pid_file, "/run/checkers.pid");
	CHECK_STR(o.dump_dir, "/tmp");
	CHECK_EQ_INT(o.log_facility, LOG_DAEMON);
	CHECK(!o.log_console && !o.no_syslog && !o.foreground && !o.check_only);
}

TEST(every_short_option)
{
	struct daemon_opts o;
	CHECK_EQ_INT(parse(&o, devnull(), devnull(), "-f", "/x.conf", "-P", "-B", "-l", "-D", "-S", "3",
			   "-G", "-u", "027", "-X", "-V", "-I", "-R", "-n", "-d", "-p", "/p", "-r", "/r",
			   "-c", "/c", "-a", "-b", "/b", "-x", "-A", "/agentx", "-s", "blue", "-m",
			   "-Mcore.%p", "-e", "-i", "node1", "-t/tmp/t.log", NULL), CMDLINE_RUN);
	CHECK_STR(o.conf_file, "/x.conf");
	CHECK(o.vrrp_only && o.log_console && o.log_detail && o.no_syslog);
	CHECK_EQ_INT(o.log_facility, LOG_LOCAL3);
	CHECK(o.umask_set);
	CHECK_EQ_INT(o.umask_val, 027);
	CHECK(o.release_vips && o.dont_release_vrrp && o.dont_release_ipvs && o.dont_respawn);
	CHECK(o.foreground && o.dump_conf && o.address_monitoring && o.snmp);
	CHECK_STR(o.pid_file, "/p");
	CHECK_STR(o.vrrp_pid_file, "/r");
	CHECK_STR(o.checker_pid_file, "/c");
	CHECK_STR(o.netns, "blue");
	CHECK(o.core_dump);
	CHECK_STR(o.core_pattern, "core.%p");
	CHECK(o.all_config);
	CHECK_STR(o.config_id, "node1");
	CHECK(o.check_only);
	CHECK_STR(o.check_log, "/tmp/t.log");
}

TEST(every_long_option)
{
	struct daemon_opts o;
	CHECK_EQ_INT(parse(&o, devnull(), devnull(), "--use-file=/y.conf", "--check", "--no_bfd", "--all",
			   "--log-console", "--log-detail", "--log-facility=local7", "--no-syslog",
			   "--umask=0077", "--release-vips", "--dont-release-vrrp", "--dont-release-ipvs",
			   "--dont-respawn", "--dont-fork", "--dump-conf", "--pid=/p", "--vrrp_pid=/r",
			   "--checkers_pid=/c", "--address-monitoring", "--bfd_pid=/b", "--snmp",
			   "--snmp-agent-socket=/s", "--namespace=red", "--core-dump", "--core-dump-pattern",
			   "--all-config", "--config-id=n2", "--config-test", "--dump-dir=/d",
			   "--control-socket=/ctl", "--stall-warn=40", NULL), CMDLINE_RUN);
	CHECK(o.checker_only && o.run_all);
	CHECK_EQ_INT(o.log_facility, LOG_LOCAL7);
	CHECK_EQ_INT(o.umask_val, 077);
	CHECK_STR(o.core_pattern, "core");
	CHECK_STR(o.netns, "red");
	CHECK(o.check_only && !o.check_log);
	CHECK_STR(o.dump_dir, "/d");
	CHECK_STR(o.control_socket, "/ctl");
	CHECK_EQ_INT(o.stall_warn_ms, 40);
}

TEST(stall_warn_default_and_bad_values)
{
	struct daemon_opts o;
	CHECK_EQ_INT(parse(&o, devnull(), devnull(), NULL), CMDLINE_RUN);
	CHECK_EQ_INT(o.stall_warn_ms, DEFAULT_STALL_WARN_MS);
	CHECK_EQ_INT(parse(&o, devnull(), devnull(), "--stall-warn=0", NULL), CMDLINE_RUN);
	CHECK_EQ_INT(o.stall_warn_ms, 0);
	CHECK_EQ_INT(parse(&o, devnull(), devnull(), "--stall-warn=x", NULL), CMDLINE_EXIT_USAGE);
	CHECK_EQ_INT(parse(&o, devnull(), devnull(), "--stall-warn=", NULL), CMDLINE_EXIT_USAGE);
}

TEST(child_timeout_default_and_bad_values)
{
	struct daemon_opts o;
	CHECK_EQ_INT(parse(&o, devnull(), devnull(), NULL), CMDLINE_RUN);
	CHECK_EQ_INT(o.child_timeout_s, DEFAULT_CHILD_TIMEOUT_S);
	CHECK_EQ_INT(parse(&o, devnull(), devnull(), "--child-timeout=3", NULL), CMDLINE_RUN);
	CHECK_EQ_INT(o.child_timeout_s, 3);
	CHECK_EQ_INT(parse(&o, devnull(), devnull(), "--child-timeout=0", NULL), CMDLINE_RUN);
	CHECK_EQ_INT(o.child_timeout_s, 0);
	CHECK_EQ_INT(parse(&o, devnull(), devnull(), "--child-timeout=-1", NULL), CMDLINE_EXIT_USAGE);
	CHECK_EQ_INT(parse(&o, devnull(), devnull(), "--child-timeout=4000", NULL), CMDLINE_EXIT_USAGE);
}

TEST(namespace_moves_default_pid_files)
{
	struct daemon_opts o;
	/* keepalived 2.2.7: /run/keepalived/X.pid, in its private mount of
	 * /run/keepalived/NAME (main.c applies it once the namespace is known) */
	CHECK_EQ_INT(parse(&o, devnull(), devnull(), "-s", "blue", "-r", "/mine.pid", NULL), CMDLINE_RUN);
	CHECK_STR(o.pid_file, "/run/keepalived.pid");
	cmdline_pid_dir_defaults(&o, "");
	CHECK_STR(o.pid_file, "/run/keepalived/keepalived.pid");
	CHECK_STR(o.vrrp_pid_file, "/mine.pid");
	CHECK_STR(o.checker_pid_file, "/run/keepalived/checkers.pid");
	/* global_defs instance NAME too (its name in the file names) */
	CHECK_EQ_INT(parse(&o, devnull(), devnull(), "-c", "/c.pid", NULL), CMDLINE_RUN);
	cmdline_pid_dir_defaults(&o, "web");
	CHECK_STR(o.pid_file, "/run/keepalived/keepalived_web.pid");
	CHECK_STR(o.vrrp_pid_file, "/run/keepalived/vrrp_web.pid");
	CHECK_STR(o.checker_pid_file, "/c.pid");
	CHECK_EQ_INT(parse(&o, devnull(), devnull(), "-s", "../etc", NULL), CMDLINE_EXIT_USAGE);
}

TEST(signum)
{
	/* keepalived 2.2.7: STOP 15, RELOAD 1, DATA 10, STATS 12, STATS_CLEAR 63, JSON 36 */
	CHECK_EQ_INT(cmdline_signum("STOP"), 15);
	CHECK_EQ_INT(cmdline_signum("RELOAD"), 1);
	CHECK_EQ_INT(cmdline_signum("DATA"), 10);
	CHECK_EQ_INT(cmdline_signum("STATS"), 12);
	CHECK_EQ_INT(cmdline_signum("STATS_CLEAR"), 63);
	CHECK_EQ_INT(cmdline_signum("JSON"), 36);
	CHECK_EQ_INT(cmdline_signum("stop"), -1);
	CHECK_EQ_INT(cmdline_signum("TDATA"), -1);

	char buf[64] = "";
	FILE *out = fmemopen(buf, sizeof(buf), "w");
	struct daemon_opts o;
	CHECK_EQ_INT(parse(&o, out, devnull(), "--signum=STATS_CLEAR", NULL), CMDLINE_EXIT_OK);
	fclose(out);
	CHECK_STR(buf, "63\n");
	char ebuf[64] = "";
	FILE *err = fmemopen(ebuf, sizeof(ebuf), "w");
	CHECK_EQ_INT(parse(&o, devnull(), err, "--signum=FOO", NULL), CMDLINE_EXIT_USAGE);
	fclose(err);
	CHECK_STR(ebuf, "Unknown sigfunc FOO\n");
}

TEST(facility)
{
	CHECK_EQ_INT(cmdline_facility("0"), LOG_LOCAL0);
	CHECK_EQ_INT(cmdline_facility("local5"), LOG_LOCAL5);
	CHECK_EQ_INT(cmdline_facility("LOCAL2"), LOG_LOCAL2);
	CHECK_EQ_INT(cmdline_facility("user"), LOG_USER);
	CHECK_EQ_INT(cmdline_facility("daemon"), LOG_DAEMON);
	CHECK_EQ_INT(cmdline_facility("8"), -1);
	CHECK_EQ_INT(cmdline_facility("local"), -1);
	CHECK_EQ_INT(cmdline_facility("37"), -1);
}

TEST(usage_errors)
{
	struct daemon_opts o;
	CHECK_EQ_INT(parse(&o, devnull(), devnull(), "-S", "9", NULL), CMDLINE_EXIT_USAGE);
	CHECK_EQ_INT(parse(&o, devnull(), devnull(), "-u", "999", NULL), CMDLINE_EXIT_USAGE);
	CHECK_EQ_INT(parse(&o, devnull(), devnull(), "-u", "x", NULL), CMDLINE_EXIT_USAGE);
	CHECK_EQ_INT(parse(&o, devnull(), devnull(), "-P", "-C", NULL), CMDLINE_EXIT_USAGE);
	CHECK_EQ_INT(parse(&o, devnull(), devnull(), "--bogus", NULL), CMDLINE_EXIT_USAGE);
	CHECK_EQ_INT(parse(&o, devnull(), devnull(), "-f", NULL), CMDLINE_EXIT_USAGE);
	CHECK_EQ_INT(parse(&o, devnull(), devnull(), "extra", NULL), CMDLINE_EXIT_USAGE);
	CHECK_EQ_INT(parse(&o, devnull(), devnull(), "-n", "-T", NULL), CMDLINE_EXIT_USAGE);
	CHECK_EQ_INT(parse(&o, devnull(), devnull(), "--help", NULL), CMDLINE_EXIT_OK);
	CHECK_EQ_INT(parse(&o, devnull(), devnull(), "-v", NULL), CMDLINE_EXIT_OK);
}

int main(void)
{
	RUN(defaults);
	RUN(every_short_option);
	RUN(every_long_option);
	RUN(namespace_moves_default_pid_files);
	RUN(signum);
	RUN(facility);
	RUN(usage_errors);
	RUN(stall_warn_default_and_bad_values);
	RUN(child_timeout_default_and_bad_values);
	return unit_summary();
}
