/* conf_realworld_test.c - what tools/conf_compare.py found on real-world
 * keepalived.conf files, each as a minimal configuration of our own: what
 * keepalived 2.2.7 reports and then runs without (a warning here, not an
 * error), and what it reads differently from the obvious. */
#include "unit.h"
#include "conf_test_util.h"
#include "util.h"
#include "check_conf.h"
#include "vrrp_route_conf.h"

#include <arpa/inet.h>
#include <pwd.h>
#include <string.h>

/* vrrp_garp_interval 0 (2.2.7: "is invalid", range 0.000001..4294.967295)
 * and a garp_group gna_interval over 2147.483647: skipped with a warning;
 * an empty notification_email block is a warning as in 2.2.7. */
TEST(garp_intervals_and_empty_email)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_fresh(&c,
		"global_defs {\n vrrp_garp_interval 0\n vrrp_gna_interval 4000\n notification_email {\n }\n}\n"
		"garp_group {\n garp_interval 0\n gna_interval 5000\n interface eth0\n}\n", path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK(log_has_at(log, "warning", path, 2, "vrrp_garp_interval must be 0.000001..4294.967295 seconds, got 0"));
	CHECK(log_has_at(log, "warning", path, 4, "empty notification_email block"));
	CHECK(log_has_at(log, "warning", path, 9, "gna_interval must be 0..2147.483647 seconds, got 5000"));
	CHECK_EQ_INT(c.global.garp_interval_us, 0);
	CHECK_EQ_INT(c.global.gna_interval_us, 4000000000u);
	free(log);
	config_free(&c);
}

/* unicast_peer { XX.1.2.3 } (an address left as a placeholder): 2.2.7
 * skips the peer ("malformed unicast peer address ... Skipping"). */
TEST(unicast_peer_malformed)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_fresh(&c,
		"vrrp_instance V {\n interface eth0\n virtual_router_id 5\n priority 100\n"
		" unicast_peer {\n  XX.1.2.3\n  192.0.2.2\n }\n virtual_ipaddress {\n  192.0.2.9\n }\n}\n", path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK(log_has_at(log, "warning", path, 6, "unicast_peer must be an IP address, got XX.1.2.3"));
	if (c.n_vrrp == 1)
		CHECK_EQ_INT(c.vrrp[0].ext.n_peers, 1);
	free(log);
	config_free(&c);
}

/* track_interface naming the instance's own interface: dropped with 2.2.7's
 * warning, whatever its weight and with dont_track_primary too (so that
 * instance does not go to FAULT when its interface goes down, as there). */
TEST(track_own_interface)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_fresh(&c,
		"vrrp_instance V {\n interface eth0\n virtual_router_id 5\n priority 100\n"
		" track_interface {\n  eth0 weight 10\n  eth1\n }\n virtual_ipaddress {\n  192.0.2.9\n }\n}\n"
		"vrrp_instance W {\n interface eth0\n dont_track_primary\n virtual_router_id 6\n"
		" track_interface {\n  eth0\n }\n virtual_ipaddress {\n  192.0.2.8\n }\n}\n", path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK(log_has_at(log, "warning", path, 1, "(V) Ignoring track_interface eth0 since own interface"));
	CHECK(log_has_at(log, "warning", path, 13, "(W) Ignoring track_interface eth0 since own interface"));
	if (c.n_vrrp == 2) {
		CHECK_EQ_INT(c.vrrp[0].ext.n_track_ifs, 1);
		if (c.vrrp[0].ext.n_track_ifs == 1)
			CHECK_STR(c.vrrp[0].ext.track_ifs[0].name, "eth1");
		CHECK_EQ_INT(c.vrrp[1].ext.n_track_ifs, 0);
	}
	free(log);
	config_free(&c);
}

/* vrrp_track_process without weight: keepalived 2.2.7 runs it with weight
 * 0 (a fault tracker; its dump says "Weight = 0") although its man page
 * says 1 - an instance, the address owner too, is in FAULT while the
 * process is missing. */
TEST(track_process_default_weight)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_fresh(&c,
		"vrrp_track_process chk {\n process nginx\n}\n"
		"vrrp_instance V {\n interface eth0\n virtual_router_id 5\n priority 255\n"
		" track_process {\n  chk\n }\n virtual_ipaddress {\n  192.0.2.9\n }\n}\n", path, &log);
	CHECK_EQ_INT(e, 0);
	if (c.vrrp_objs.n_procs == 1)
		CHECK_EQ_INT(c.vrrp_objs.procs[0].weight, 0);
	else
		CHECK(!"one vrrp_track_process");
	if (c.n_vrrp == 1) {
		CHECK_EQ_INT(c.vrrp[0].ext.n_track_procs, 1);
		if (c.vrrp[0].ext.n_track_procs == 1)
			CHECK_EQ_INT(c.vrrp[0].ext.track_procs[0].weight, 0);
	}
	free(log);
	config_free(&c);
}

/* Script lines as keepalived 2.2.7 reads them (checked with its data
 * dump): 'single quotes' group words as "double quotes" do (a real-world
 * file had script 'killall -0 haproxy'), and vrrp_script's script is the
 * first word alone - what follows is ignored (a notice, not counted). A
 * notify script in single quotes keeps its arguments; the word after it
 * is the user. */
TEST(script_words)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_fresh(&c,
		"vrrp_script a {\n script '/bin/echo -n x' # comment\n}\n"          /* 1 */
		"vrrp_script b {\n script '/bin/echo -n' x\n}\n"                    /* 4 */
		"vrrp_script c {\n script \"/bin/echo -n\" x\n}\n"                   /* 7 */
		"vrrp_script d {\n script /bin/echo '-n x'\n}\n"                    /* 10 */
		"vrrp_script e {\n script /bin/echo -n 'x y'\n}\n"                  /* 13 */
		"vrrp_script f {\n script \"/bin/echo -n 'x y'\"\n}\n"               /* 16 */
		"vrrp_instance V {\n interface eth0\n virtual_router_id 5\n"          /* 19 */
		" notify_master '/bin/echo a b'\n notify_backup '/bin/echo a' root\n"
		" virtual_ipaddress {\n  192.0.2.9\n }\n"
		" track_script {\n  a\n  b\n  c\n  d\n  e\n  f\n }\n}\n", path, &log);
	CHECK_EQ_INT(e, 0);
	static const char *const want[] = {
		"/bin/echo -n x", "/bin/echo -n", "/bin/echo -n", "/bin/echo", "/bin/echo", "/bin/echo -n 'x y'",
	};
	CHECK_EQ_INT(c.vrrp_objs.n_scripts, 6);
	for (size_t i = 0; i < c.vrrp_objs.n_scripts && i < 6; i++)
		CHECK_STR(c.vrrp_objs.scripts[i].script, want[i]);
	CHECK(strstr(log, "script runs '/bin/echo -n' alone: 'x' and what follows is ignored"));
	CHECK(strstr(log, "script runs '/bin/echo' alone: '-n' and what follows is ignored"));
	CHECK(!log_has_at_quiet(log, "warning", path, 5));    /* a notice: -t exits 0, as 2.2.7's */
	if (c.n_vrrp == 1) {
		CHECK(c.vrrp[0].notify_master.cmd && !strcmp(c.vrrp[0].notify_master.cmd, "/bin/echo a b"));
		CHECK(!c.vrrp[0].notify_master.user_set);
		CHECK(c.vrrp[0].notify_backup.cmd && !strcmp(c.vrrp[0].notify_backup.cmd, "/bin/echo a"));
		CHECK(c.vrrp[0].notify_backup.user_set);
		CHECK_EQ_INT(c.vrrp[0].notify_backup.uid, 0);
	}
	free(log);
	config_free(&c);
}

/* The address owner's initial state, as keepalived 2.2.7 sets it: MASTER
 * when no state is given (priority 255), BACKUP when state BACKUP is
 * given; in strict mode an owner is always MASTER (with 2.2.7's warning). */
TEST(owner_initial_state)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_fresh(&c,
		"vrrp_instance A {\n interface eth0\n virtual_router_id 1\n priority 255\n"
		" virtual_ipaddress {\n  192.0.2.1\n }\n}\n"
		"vrrp_instance B {\n state BACKUP\n interface eth0\n virtual_router_id 2\n priority 255\n"
		" virtual_ipaddress {\n  192.0.2.2\n }\n}\n"
		"vrrp_instance C {\n interface eth0\n virtual_router_id 3\n"
		" virtual_ipaddress {\n  192.0.2.3\n }\n}\n", path, &log);
	CHECK_EQ_INT(e, 0);
	if (c.n_vrrp == 3) {
		CHECK_EQ_INT(c.vrrp[0].initial_state, VRRP_STATE_MASTER);
		CHECK_EQ_INT(c.vrrp[1].initial_state, VRRP_STATE_BACKUP);
		CHECK_EQ_INT(c.vrrp[2].initial_state, VRRP_STATE_BACKUP);
		CHECK_EQ_INT(c.vrrp[2].priority, 100);
	}
	free(log);
	config_free(&c);
	e = load_fresh(&c,
		"global_defs {\n vrrp_strict\n}\n"
		"vrrp_instance B {\n state BACKUP\n interface eth0\n virtual_router_id 2\n priority 255\n"
		" virtual_ipaddress {\n  192.0.2.2\n }\n}\n", path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK(strstr(log, "in strict mode the address owner (priority 255) is in state MASTER"));
	if (c.n_vrrp == 1)
		CHECK_EQ_INT(c.vrrp[0].initial_state, VRRP_STATE_MASTER);
	free(log);
	config_free(&c);
}

/* track_* lines as keepalived 2.2.7 reads them (its data dump): a second
 * word other than "weight" drops the line (a real-world file wrote
 * `chk_haproxy weight=0`: 2.2.7 does not track the script, and the
 * instance ran MASTER there while ours, tracking the failing script, was
 * in FAULT); a bad weight is 0 for an interface, the object's own for a
 * script; an unknown fourth word drops a track_file line only. */
TEST(track_lines)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_fresh(&c,
		"vrrp_script chk {\n script /bin/true\n weight 7\n}\n"                       /* 1 */
		"vrrp_track_file tf {\n file /tmp/x\n}\n"                                   /* 5 */
		"vrrp_instance V {\n interface eth0\n virtual_router_id 5\n"                 /* 8 */
		" virtual_ipaddress {\n  192.0.2.9\n }\n"
		" track_interface {\n  eth1 eth2\n  eth2 weight x\n  eth3 weight -5 noreverse\n }\n" /* 14 */
		" track_script {\n  chk weight=0\n }\n"                                      /* 19 */
		" track_file {\n  tf weight 5 bogus\n }\n"                                   /* 22 */
		"}\n"
		"vrrp_instance W {\n interface eth0\n virtual_router_id 6\n"                 /* 26 */
		" virtual_ipaddress {\n  192.0.2.8\n }\n"
		" track_script {\n  chk weight 999\n }\n}\n", path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK(log_has_at(log, "warning", path, 15, "track_interface eth1: unknown option 'eth2': the line is ignored"));
	CHECK(log_has_at(log, "warning", path, 16, "track_interface eth2: weight must be a number, got x: 0 is used"));
	CHECK(log_has_at(log, "warning", path, 17, "track_interface eth3: unknown weight option noreverse: ignored"));
	CHECK(log_has_at(log, "warning", path, 20, "track_script chk: unknown option 'weight=0': the line is ignored"));
	CHECK(log_has_at(log, "warning", path, 23, "track_file tf: unknown weight option bogus: the line is ignored"));
	if (c.n_vrrp == 2) {
		const struct vrrp_ext_conf *v = &c.vrrp[0].ext, *w = &c.vrrp[1].ext;
		CHECK_EQ_INT(v->n_track_scripts, 0);
		CHECK_EQ_INT(v->n_track_files, 0);
		CHECK_EQ_INT(v->n_track_ifs, 2);
		if (v->n_track_ifs == 2) {
			CHECK_STR(v->track_ifs[0].name, "eth2");
			CHECK_EQ_INT(v->track_ifs[0].weight, 0);
			CHECK_STR(v->track_ifs[1].name, "eth3");
			CHECK_EQ_INT(v->track_ifs[1].weight, -5);
		}
		CHECK_EQ_INT(w->n_track_scripts, 1);
		if (w->n_track_scripts == 1)
			CHECK_EQ_INT(w->track_scripts[0].weight, 7);   /* the script's own */
	}
	free(log);
	config_free(&c);
}

/* A track line's weight and reverse as keepalived 2.2.7's daemon reads them
 * (its data dump, same file): a weight out of range is the object's own (0
 * for an interface) and the line's reverse/noreverse still counts (ours
 * dropped it); a weight that is no number is strtol()'s value ("abc" 0,
 * "12x" 12); without a fourth word the object's own reverse counts (ours
 * made it noreverse). */
TEST(track_weight_reverse)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_fresh(&c,
		"vrrp_script chk {\n script /bin/true\n weight -20\n}\n"            /* 1 */
		"vrrp_script chk2 {\n script /bin/true\n weight 10 reverse\n}\n"    /* 5 */
		"vrrp_script chk3 {\n script /bin/true\n weight 7 reverse\n}\n"     /* 9 */
		"vrrp_script chk4 {\n script /bin/true\n weight 9\n}\n"             /* 13 */
		"vrrp_instance V {\n interface eth0\n virtual_router_id 5\n"          /* 17 */
		" virtual_ipaddress {\n  192.0.2.9\n }\n"
		" track_script {\n  chk weight 300 reverse\n  chk2 weight abc noreverse\n"   /* 23 */
		"  chk3 weight 5\n  chk4 weight 12x reverse\n }\n"
		" track_interface {\n  eth1 weight -300 reverse\n }\n"               /* 28 */
		"}\n", path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK(log_has_at(log, "warning", path, 24, "track_script chk: weight must be -253..253, got 300: its own weight is used"));
	CHECK(log_has_at(log, "warning", path, 25, "track_script chk2: weight must be a number, got abc: 0 is used"));
	CHECK(log_has_at(log, "warning", path, 27, "track_script chk4: weight must be a number, got 12x: 12 is used"));
	CHECK(log_has_at(log, "warning", path, 30, "track_interface eth1: weight must be -253..253, got -300: 0 is used"));
	if (c.n_vrrp == 1 && c.vrrp[0].ext.n_track_scripts == 4 && c.vrrp[0].ext.n_track_ifs == 1) {
		const struct track_ref *t = c.vrrp[0].ext.track_scripts, *i = c.vrrp[0].ext.track_ifs;
		CHECK_EQ_INT(t[0].weight, -20);
		CHECK(t[0].reverse);
		CHECK_EQ_INT(t[1].weight, 0);
		CHECK(!t[1].reverse);
		CHECK_EQ_INT(t[2].weight, 5);
		CHECK(t[2].reverse);
		CHECK_EQ_INT(t[3].weight, 12);
		CHECK(t[3].reverse);
		CHECK_EQ_INT(i[0].weight, 0);
		CHECK(i[0].reverse);
	} else {
		CHECK(!"one instance with four track_scripts and one track_interface");
	}
	free(log);
	config_free(&c);
}

/* virtual_server / real_server with an address that does not parse (a
 * template's <virtual-ip-address> or VIP left as is, a port 99999):
 * keepalived 2.2.7 reports "Invalid virtual server IP address/port ... -
 * skipping", skips the block and runs the rest (the VRRP part, the other
 * virtual servers); it reads IP/MASK and IP-RANGE as IP, and a port of
 * zeros as none. Both here with a warning (was: an error, the file
 * refused). */
TEST(vs_rs_address_skipped)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_fresh(&c,
		"virtual_server <virtual-ip-address> 8080 {\n lb_algo rr\n"           /* 1 */
		" real_server 10.0.0.1 80 {\n  TCP_CHECK {\n  }\n }\n}\n"
		"virtual_server 10.0.0.100/24 80 {\n lb_algo rr\n"                    /* 8 */
		" real_server 10.0.0.1-5 0080 {\n }\n"
		" real_server 10.0.0.2 99999 {\n  weight 2\n }\n"                     /* 12 */
		" real_server VIP_RS 80 {\n }\n"                                       /* 15 */
		"}\n"
		"virtual_server 10.0.0.101 abc {\n real_server 10.0.0.3 80 {\n }\n}\n", /* 18 */
		path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK(log_has_at(log, "warning", path, 1, "virtual_server <virtual-ip-address> 8080: not an IP address and "
			 "port: the block is skipped, as keepalived 2.2.7 skips it"));
	CHECK(log_has_at(log, "warning", path, 12, "real_server 10.0.0.2 99999: not an IP address and port"));
	CHECK(log_has_at(log, "warning", path, 15, "real_server VIP_RS 80: not an IP address and port"));
	CHECK(log_has_at(log, "warning", path, 18, "virtual_server 10.0.0.101 abc: not an IP address and port"));
	CHECK_EQ_INT(c.n_vs, 1);
	if (c.n_vs == 1) {
		CHECK_EQ_INT(c.vs[0].port, 80);
		CHECK_EQ_INT(c.vs[0].addr.family, AF_INET);
		CHECK_EQ_INT(c.vs[0].addr.u.v4.s_addr, htonl(0x0a000064));
		CHECK_EQ_INT(c.vs[0].n_rs, 1);
		if (c.vs[0].n_rs == 1) {
			CHECK_EQ_INT(c.vs[0].rs[0].port, 80);
			CHECK_EQ_INT(c.vs[0].rs[0].addr.u.v4.s_addr, htonl(0x0a000001));
		}
	}
	free(log);
	config_free(&c);
}

/* garp_lower_prio_delay/repeat not set: the global vrrp_garp_lower_prio_*,
 * whose defaults are the global vrrp_garp_master_delay/repeat (5, 5) - not
 * the instance's garp_master_delay/repeat (keepalived 2.2.7's dump of
 * real-world files with garp_master_delay 10 / garp_master_repeat 3:
 * "Gratuitous ARP lower priority delay = 5", "... repeat = 5"; ours took
 * 10 and 3). */
TEST(garp_lower_prio_defaults)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_fresh(&c,
		"vrrp_instance V {\n interface eth0\n virtual_router_id 5\n garp_master_delay 10\n"
		" garp_master_repeat 3\n virtual_ipaddress {\n  192.0.2.9\n }\n}\n"
		"vrrp_instance W {\n interface eth0\n virtual_router_id 6\n garp_master_delay 1\n"
		" garp_lower_prio_delay 7\n garp_lower_prio_repeat 2\n virtual_ipaddress {\n  192.0.2.8\n }\n}\n",
		path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK_EQ_INT(c.n_vrrp, 2);
	if (c.n_vrrp == 2) {
		CHECK_EQ_INT(c.vrrp[0].garp_master_delay_s, 10);
		CHECK_EQ_INT(c.vrrp[0].ext.garp_lower_prio_delay_s, 5);
		CHECK_EQ_INT(c.vrrp[0].ext.garp_lower_prio_repeat, 5);
		CHECK_EQ_INT(c.vrrp[1].ext.garp_lower_prio_delay_s, 7);
		CHECK_EQ_INT(c.vrrp[1].ext.garp_lower_prio_repeat, 2);
	}
	config_free(&c);
	free(log);
	e = load_fresh(&c,
		"global_defs {\n vrrp_garp_master_delay 2\n vrrp_garp_master_repeat 4\n}\n"
		"vrrp_instance V {\n interface eth0\n virtual_router_id 5\n garp_master_delay 10\n"
		" virtual_ipaddress {\n  192.0.2.9\n }\n}\n", path, &log);
	CHECK_EQ_INT(e, 0);
	if (c.n_vrrp == 1) {
		CHECK_EQ_INT(c.vrrp[0].ext.garp_lower_prio_delay_s, 2);
		CHECK_EQ_INT(c.vrrp[0].ext.garp_lower_prio_repeat, 4);
	}
	free(log);
	config_free(&c);
}

/* enable_script_security without script_user, and no keepalived_script
 * user (a very common global_defs): keepalived 2.2.7 does not fall back to
 * root there - "Unable to set default user keepalived_script for script",
 * and every script without a user of its own is dropped (a vrrp_script
 * removed: its track_script lines change nothing; a notify script not
 * run). Real-world file: weight 100 scripts that 2.2.7 never ran, ours ran
 * them (effective priority 200 against 2.2.7's 100). A script with its own
 * user stays; script_user root keeps them all. */
TEST(script_security_no_default_user)
{
	if (getpwnam("keepalived_script")) {
		fprintf(stderr, "skip: this host has a keepalived_script user\n");
		return;
	}
	struct config c;
	char path[512];
	char *log;
	int e = load_fresh(&c,
		"global_defs {\n enable_script_security 1\n}\n"
		"vrrp_script chk {\n script /bin/true\n weight 100\n}\n"                 /* 4 */
		"vrrp_script own {\n script /bin/true\n user nobody\n}\n"                /* 8 */
		"vrrp_instance V {\n interface eth0\n virtual_router_id 5\n"               /* 12 */
		" notify_master /bin/true\n notify_backup \"/bin/true x\" nobody\n"
		" track_script {\n  chk\n  own\n }\n virtual_ipaddress {\n  192.0.2.9\n }\n}\n", path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK(log_has_at(log, "warning", path, 2, "enable_script_security without script_user, and no user "
			 "'keepalived_script': the 2 scripts without a user of its own are not run"));
	if (c.vrrp_objs.n_scripts == 2) {
		CHECK(c.vrrp_objs.scripts[0].script == NULL);
		CHECK(c.vrrp_objs.scripts[1].script != NULL);
	}
	if (c.n_vrrp == 1) {
		CHECK(c.vrrp[0].notify_master.cmd == NULL);
		CHECK(c.vrrp[0].notify_backup.cmd != NULL);
	}
	free(log);
	config_free(&c);
	e = load_fresh(&c,
		"global_defs {\n enable_script_security\n script_user root\n}\n"
		"vrrp_instance V {\n interface eth0\n virtual_router_id 5\n notify_master /bin/true\n"
		" virtual_ipaddress {\n  192.0.2.9\n }\n}\n", path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK(strstr(log, "not run") == NULL);
	if (c.n_vrrp == 1)
		CHECK(c.vrrp[0].notify_master.cmd != NULL);
	free(log);
	config_free(&c);
}

/* track_script / track_file / track_process naming an object declared
 * further down the file: keepalived 2.2.7 looks the name up as it reads the
 * track line ("(VI_1) track script chk_haproxy not found, ignoring...") and
 * so does not track it - in instances and sync groups alike. A real-world
 * file defined chk_haproxy after its vrrp_instance: 2.2.7 ignored it (the
 * dump lists chk_rsyslog alone), ours tracked both. Objects declared above
 * the line are tracked as usual. */
TEST(track_forward_reference)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_fresh(&c,
		"vrrp_script early {\n script /bin/true\n weight 2\n}\n"                    /* 1 */
		"vrrp_sync_group G {\n group {\n  V\n  W\n }\n track_script {\n  late weight 0\n }\n}\n" /* 5 */
		"vrrp_instance V {\n interface eth0\n virtual_router_id 5\n"                /* 14 */
		" track_script {\n  early weight 0\n  late\n }\n track_file {\n  tf\n }\n"  /* 17 */
		" virtual_ipaddress {\n  192.0.2.9\n }\n}\n"
		"vrrp_instance W {\n interface eth0\n virtual_router_id 6\n"                /* 28 */
		" virtual_ipaddress {\n  192.0.2.8\n }\n}\n"
		"vrrp_script late {\n script /bin/true\n}\n"                                 /* 35 */
		"vrrp_track_file tf {\n file /tmp/x\n}\n", path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK(log_has_at(log, "warning", path, 19, "vrrp_instance V: track_script late: its vrrp_script is defined "
			 "below this line: ignored, as keepalived 2.2.7 does"));
	CHECK(log_has_at(log, "warning", path, 22, "vrrp_instance V: track_file tf: its vrrp_track_file is defined "
			 "below this line: ignored"));
	CHECK(log_has_at(log, "warning", path, 11, "vrrp_sync_group G: track_script late: its vrrp_script is "
			 "defined below this line: ignored"));
	if (c.n_vrrp == 2) {
		const struct vrrp_ext_conf *v = &c.vrrp[0].ext;
		CHECK_EQ_INT(v->n_track_scripts, 1);
		if (v->n_track_scripts == 1)
			CHECK_STR(v->track_scripts[0].name, "early");
		CHECK_EQ_INT(v->n_track_files, 0);
	}
	if (c.vrrp_objs.n_groups == 1)
		CHECK_EQ_INT(c.vrrp_objs.groups[0].n_track_scripts, 0);
	free(log);
	config_free(&c);
}

/* vrrp_instance / vrrp_sync_group without a name, or with two words (a
 * Windows port's sample: `vrrp_instance {`): keepalived 2.2.7 says "must
 * have a name", skips the block and runs the rest; the same here with a
 * warning (was: an error, the file refused). */
TEST(block_without_name)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_fresh(&c,
		"vrrp_instance {\n interface eth0\n virtual_router_id 5\n}\n"              /* 1 */
		"vrrp_instance A B {\n interface eth0\n virtual_router_id 6\n}\n"          /* 5 */
		"vrrp_sync_group {\n group {\n  C\n }\n}\n"                              /* 9 */
		"vrrp_instance C {\n interface eth0\n virtual_router_id 7\n"                /* 14 */
		" virtual_ipaddress {\n  192.0.2.9\n }\n}\n", path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK(log_has_at(log, "warning", path, 1, "vrrp_instance must have a name (one word, got 0): the block is "
			 "skipped, as keepalived 2.2.7 skips it"));
	CHECK(log_has_at(log, "warning", path, 5, "vrrp_instance must have a name (one word, got 2)"));
	CHECK(log_has_at(log, "warning", path, 9, "vrrp_sync_group must have a name (one word, got 0)"));
	CHECK_EQ_INT(c.n_vrrp, 1);
	if (c.n_vrrp == 1)
		CHECK_STR(c.vrrp[0].name, "C");
	CHECK_EQ_INT(c.vrrp_objs.n_groups, 0);
	free(log);
	config_free(&c);
}

/* A route to `default` (`any`, `all`; `default6`): keepalived 2.2.7's
 * parse_route() reads them as the default route, of the family of the
 * gateway (else IPv4). A real-world virtual_routes had `default gw
 * 10.22.10.114`: 2.2.7 installed it, ours skipped the line ("unknown
 * route option 'default'"). */
TEST(route_default)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_fresh(&c,
		"vrrp_instance V {\n interface eth0\n virtual_router_id 5\n"
		" virtual_ipaddress {\n  192.0.2.9\n }\n"
		" virtual_routes {\n  default gw 192.0.2.254\n  any via 2001:db8::1 dev eth0\n"   /* 8 */
		"  default6 via fe80::1 dev eth0\n  all dev eth0 table 6\n }\n}\n", path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK(strstr(log, "unknown route option") == NULL);
	if (c.n_vrrp == 1 && c.vrrp[0].l3.rt.n_routes == 4) {
		const struct route_conf *r = c.vrrp[0].l3.rt.routes;
		CHECK_EQ_INT(r[0].dst.family, AF_INET);
		CHECK_EQ_INT(r[0].dst_len, 0);
		CHECK_EQ_INT(r[0].dst.u.v4.s_addr, 0);
		CHECK_EQ_INT(r[1].dst.family, AF_INET6);
		CHECK_EQ_INT(r[1].dst_len, 0);
		CHECK_EQ_INT(r[2].dst.family, AF_INET6);
		CHECK_EQ_INT(r[3].dst.family, AF_INET);
		CHECK_EQ_INT(r[3].table, 6);
	} else {
		CHECK(!"one instance with four routes");
	}
	free(log);
	config_free(&c);
}

/* A multi-line definition used in a comment ('#    $HEALTHCHECK' in a
 * real server left commented out): keepalived 2.2.7 drops the comment
 * before it replaces definitions, so nothing of it is read. Ours expanded
 * it and read its second and later lines (a real-world LVS file with its
 * UDP virtual server commented out: 'unknown keyword connect_port at top
 * level', -t 5 where 2.2.7 exits 0; another got a second real server). */
TEST(multiline_definition_in_comment)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_fresh(&c,
		"$CHECK=\\\n TCP_CHECK { \\\n  connect_port 81 \\\n }\n"                 /* 1 */
		"virtual_server 192.0.2.1 80 {\n lb_kind DR\n protocol TCP\n"       /* 5 */
		" real_server 192.0.2.2 80 {\n  $CHECK\n }\n"                         /* 8 */
		"#real_server 192.0.2.3 80 {\n#  $CHECK\n#}\n"                        /* 11 */
		" real_server 192.0.2.4 80 { ! $CHECK\n }\n"                          /* 14 */
		"}\n", path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK(strstr(log, "connect_port") == NULL);
	CHECK(strstr(log, "unexpected '}'") == NULL);
	CHECK_EQ_INT(c.n_vs, 1);
	if (c.n_vs == 1) {
		CHECK_EQ_INT(c.vs[0].n_rs, 2);
		if (c.vs[0].n_rs == 2) {
			CHECK_EQ_INT(c.vs[0].rs[0].n_checks, 1);
			CHECK_EQ_INT(c.vs[0].rs[1].n_checks, 0);
		}
	}
	free(log);
	config_free(&c);
}

/* use_vmac without a name when another instance has PREFIX.VRID: the next
 * free name, as keepalived 2.2.7's create_vmac_name() (measured: its
 * links vrrp.253, vrrp6.253, vrrp.7, vrrp1.7 for this file). */
TEST(vmac_default_name_taken)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_fresh(&c,
		"vrrp_instance A {\n interface eth0\n virtual_router_id 253\n use_vmac vrrp.253\n"
		" virtual_ipaddress {\n  192.0.2.9\n }\n}\n"
		"vrrp_instance B {\n interface eth0\n virtual_router_id 253\n use_vmac\n"
		" virtual_ipaddress {\n  fe80::1\n  2001:db8::9\n }\n}\n"
		"vrrp_instance C {\n interface eth0\n virtual_router_id 7\n use_vmac\n"
		" virtual_ipaddress {\n  192.0.2.17\n }\n}\n"
		"vrrp_instance D {\n interface eth1\n virtual_router_id 7\n use_vmac\n"
		" virtual_ipaddress {\n  192.0.3.17\n }\n}\n", path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK_EQ_INT(c.n_vrrp, 4);
	if (c.n_vrrp == 4) {
		CHECK_STR(c.vrrp[0].l3.vmac_name, "vrrp.253");
		CHECK_STR(c.vrrp[1].l3.vmac_name, "vrrp6.253");
		CHECK_STR(c.vrrp[2].l3.vmac_name, "vrrp.7");
		CHECK_STR(c.vrrp[3].l3.vmac_name, "vrrp1.7");
	}
	free(log);
	config_free(&c);
}

int main(void)
{
	RUN(garp_intervals_and_empty_email);
	RUN(unicast_peer_malformed);
	RUN(track_own_interface);
	RUN(track_process_default_weight);
	RUN(script_words);
	RUN(owner_initial_state);
	RUN(track_lines);
	RUN(track_weight_reverse);
	RUN(vs_rs_address_skipped);
	RUN(garp_lower_prio_defaults);
	RUN(script_security_no_default_user);
	RUN(track_forward_reference);
	RUN(block_without_name);
	RUN(route_default);
	RUN(multiline_definition_in_comment);
	RUN(vmac_default_name_taken);
	return unit_summary();
}
