/* dump_text_test - the pure parts of the USR1 dump files (dump_text.h):
 * keepalived 2.2.7's file names with data_use_instance, a script's command
 * line as 2.2.7 prints it, and the global definitions of a default
 * configuration (2.2.7's labels and value formats). */
#include "unit.h"
#include "config.h"
#include "dump_text.h"

#include <stdlib.h>

TEST(file_names)
{
	char b[128];
	CHECK_STR(dump_data_file_name("keepalived.data", false, "i1", "ns1", b, sizeof(b)), "keepalived.data");
	CHECK_STR(dump_data_file_name("keepalived.data", true, "", "", b, sizeof(b)), "keepalived.data");
	CHECK_STR(dump_data_file_name("keepalived.data", true, NULL, NULL, b, sizeof(b)), "keepalived.data");
	CHECK_STR(dump_data_file_name("keepalived.data", true, "i1", "", b, sizeof(b)), "keepalived.i1.data");
	CHECK_STR(dump_data_file_name("keepalived_check.data", true, "", "ns1", b, sizeof(b)),
		  "keepalived_check.ns1.data");
	CHECK_STR(dump_data_file_name("keepalived_parent.data", true, "i1", "ns1", b, sizeof(b)),
		  "keepalived_parent.ns1_i1.data");
	CHECK_STR(dump_data_file_name("noext", true, "i1", "ns1", b, sizeof(b)), "noext");
}

TEST(cmd_str)
{
	char *o = NULL;
	size_t n = 0;
	dump_cmd_str(&o, &n, "/bin/notify.sh master 'two words'");
	CHECK_STR(o, "'/bin/notify.sh' 'master' 'two words'");
	free(o);
}

/* line: a whole line of text */
static int has_line(const char *text, const char *line)
{
	size_t l = strlen(line);
	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (strncmp(p, line, l) == 0 && (p[l] == '\n' || p[l] == '\0'))
			return 1;
	return 0;
}

TEST(global_defaults)
{
	struct config conf;
	config_init(&conf);
	snprintf(conf.global.router_id, sizeof(conf.global.router_id), "R1");
	char *o = NULL;
	size_t n = 0;
	global_defs_dump(&conf, false, &o, &n);
	CHECK(strncmp(o, "------< Global definitions >------\n", 35) == 0);
	static const char *const want[] = {
		" Network namespace = (default)", " Router ID = R1", " Default smtp_alert = unset",
		" LVS flush = false", " LVS flush on stop = disabled", " VRRP IPv4 mcast group = 224.0.0.18",
		" VRRP IPv6 mcast group = ff02::12", " Gratuitous ARP delay = 5", " Gratuitous ARP repeat = 5",
		" Gratuitous ARP refresh timer = 0", " Gratuitous ARP refresh repeat = 1",
		" Num adverts before down = 3", " Gratuitous ARP interval = 0.000000",
		" VRRP default protocol version = 2", " VRRP strict mode = false",
		" VRRP realtime limit = 10000", " Script security disabled",
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (!has_line(o, want[i])) {
			fprintf(stderr, "missing line '%s' in:\n%s", want[i], o);
			CHECK(0);
		}
	CHECK(!has_line(o, " Default interface = eth0"));   /* the VRRP child's copy only */
	free(o);
	o = NULL;
	n = 0;
	conf.mgmt.data_use_instance = true;
	global_defs_dump(&conf, true, &o, &n);
	CHECK(has_line(o, " Default interface = eth0"));
	CHECK(has_line(o, " Use instance name in data dumps"));
	free(o);
	config_free(&conf);
}

int main(void)
{
	RUN(file_names);
	RUN(cmd_str);
	RUN(global_defaults);
	return unit_summary();
}
