/* conf_validate_test.c - semantic checks after parsing: required keywords,
 * version-dependent advert_int, nopreempt, duplicates, authentication,
 * address owner, interfaces, script_user, and the sample configuration. */
#include "unit.h"
#include "conf_test_util.h"
#include "parent.h"
#include "util.h"

#include <arpa/inet.h>

#include <pwd.h>


/* An instance block with the given body lines. */
static int load_instance(struct config *c, const char *text, bool check_only, char *path, char **log)
{
	return load_text(c, text, check_only, path, 512, log);
}

TEST(required_keywords)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_instance(&c, "vrrp_instance V {\n virtual_ipaddress {\n  192.0.2.1\n }\n}\n",
			      false, path, &log);
	CHECK_EQ_INT(e, 2);
	CHECK(log_has_at(log, "error", path, 1, "vrrp_instance V: interface is required"));
	CHECK(log_has_at(log, "error", path, 1, "vrrp_instance V: virtual_router_id is required"));
	free(log);
	config_free(&c);
}

TEST(advert_int_per_version)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_instance(&c,
		"vrrp_instance A {\n interface eth0\n virtual_router_id 1\n advert_int 0.5\n virtual_ipaddress {\n 192.0.2.1\n }\n}\n"
		"vrrp_instance B {\n interface eth0\n virtual_router_id 2\n version 3\n advert_int 0.5\n virtual_ipaddress {\n 192.0.2.2\n }\n}\n"
		"vrrp_instance C {\n interface eth0\n virtual_router_id 3\n version 3\n advert_int 50\n virtual_ipaddress {\n 192.0.2.3\n }\n}\n"
		"vrrp_instance D {\n interface eth0\n virtual_router_id 4\n advert_int 255\n virtual_ipaddress {\n 192.0.2.4\n }\n}\n",
		false, path, &log);
	/* keepalived 2.2.7 rounds a VRRPv2 interval to whole seconds (0.5 -> 1) */
	CHECK_EQ_INT(e, 0);
	CHECK(log_has_at(log, "warning", path, 4, "advert_int 0.5: VRRP version 2 needs whole seconds: rounded to 1"));
	/* keepalived 2.2.7: "Setting to 40.95s" */
	CHECK(log_has_at(log, "warning", path, 22, "advert_int must be 0.01..40.95 seconds for VRRP version 3, got 50: "
			 "40.95 is used (as keepalived 2.2.7)"));
	if (c.n_vrrp == 4) {
		CHECK_EQ_INT(c.vrrp[0].advert_int_cs, 100);
		CHECK_EQ_INT(c.vrrp[1].advert_int_cs, 50);
		CHECK_EQ_INT(c.vrrp[2].advert_int_cs, 4095);
		CHECK_EQ_INT(c.vrrp[3].advert_int_cs, 25500);
	}
	free(log);
	config_free(&c);
}

/* advert_int is read as keepalived 2.2.7 reads it, in microseconds (six
 * decimals: "advert_int 1.000000", in 56 of its maintainer's test files,
 * was skipped with a warning - a "2.000000" ran at 1 s), then rounded to
 * the version's unit with a warning: whole seconds for VRRPv2 (from the
 * microseconds: 1.4999 is 1), 10 ms for VRRPv3 (1.005 is 1.01). */
TEST(advert_int_microseconds)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_instance(&c,
		"vrrp_instance A {\n interface eth0\n virtual_router_id 1\n advert_int 2.000000\n virtual_ipaddress {\n 192.0.2.1\n }\n}\n"
		"vrrp_instance B {\n interface eth0\n virtual_router_id 2\n version 3\n advert_int 1.005\n virtual_ipaddress {\n 192.0.2.2\n }\n}\n"
		"vrrp_instance C {\n interface eth0\n virtual_router_id 3\n advert_int 1.4999\n virtual_ipaddress {\n 192.0.2.3\n }\n}\n"
		"vrrp_instance D {\n interface eth0\n virtual_router_id 4\n version 3\n advert_int 0.250000\n virtual_ipaddress {\n 192.0.2.4\n }\n}\n",
		false, path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK(!log_has_at(log, "warning", path, 4, "advert_int"));
	CHECK(log_has_at(log, "warning", path, 13, "advert_int 1.005: VRRP version 3 needs units of 10 ms: rounded to 1.01"));
	CHECK(log_has_at(log, "warning", path, 21, "advert_int 1.4999: VRRP version 2 needs whole seconds: rounded to 1"));
	CHECK(!log_has_at(log, "warning", path, 29, "advert_int"));
	if (c.n_vrrp == 4) {
		CHECK_EQ_INT(c.vrrp[0].advert_int_cs, 200);
		CHECK_EQ_INT(c.vrrp[1].advert_int_cs, 101);
		CHECK_EQ_INT(c.vrrp[2].advert_int_cs, 100);
		CHECK_EQ_INT(c.vrrp[3].advert_int_cs, 25);
	}
	free(log);
	config_free(&c);
}

TEST(version_from_global_defs_after_instances)
{
	struct config c;
	char path[512];
	char *log;
	/* global_defs comes last: its vrrp_version 3 makes 0.5 valid */
	int e = load_instance(&c,
		"vrrp_instance A {\n interface eth0\n virtual_router_id 1\n advert_int 0.5\n virtual_ipaddress {\n 192.0.2.1\n }\n}\n"
		"global_defs {\n vrrp_version 3\n vrrp_garp_master_delay 1\n}\n",
		false, path, &log);
	CHECK_EQ_INT(e, 0);
	if (c.n_vrrp == 1) {
		CHECK_EQ_INT(c.vrrp[0].version, 3);
		CHECK_EQ_INT(c.vrrp[0].garp_master_delay_s, 1);
	}
	free(log);
	config_free(&c);
}

TEST(nopreempt_requires_backup)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_instance(&c,
		"vrrp_instance V {\n state MASTER\n nopreempt\n interface eth0\n virtual_router_id 1\n"
		" virtual_ipaddress {\n 192.0.2.1\n }\n}\n", false, path, &log);
	/* keepalived 2.2.7 warns and clears it */
	CHECK_EQ_INT(e, 0);
	CHECK(log_has_at(log, "warning", path, 1, "vrrp_instance V: nopreempt does not work with state MASTER: cleared"));
	CHECK(c.n_vrrp == 1 && !c.vrrp[0].nopreempt);
	free(log);
	config_free(&c);
	e = load_instance(&c,
		"vrrp_instance V {\n state MASTER\n preempt_delay 30\n interface eth0\n virtual_router_id 1\n"
		" virtual_ipaddress {\n 192.0.2.1\n }\n}\n", false, path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK(log_has_at(log, "warning", path, 1, "vrrp_instance V: preempt_delay does not work with state MASTER: cleared"));
	CHECK(c.n_vrrp == 1 && c.vrrp[0].preempt_delay_ms == 0);
	free(log);
	config_free(&c);
}

/* One VRID on one interface: keepalived 2.2.7 allows it in another
 * multicast group, and unicast beside multicast; the same group twice is
 * a conflict. */
TEST(vrid_per_group)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_instance(&c,
		"vrrp_instance A {\n interface eth0\n virtual_router_id 7\n virtual_ipaddress {\n 192.0.2.1\n }\n}\n"
		"vrrp_instance B {\n interface eth0\n virtual_router_id 7\n mcast_dst_ip 224.0.0.20\n"
		" virtual_ipaddress {\n 192.0.2.2\n }\n}\n"                                        /* 8.. */
		"vrrp_instance C {\n interface eth0\n virtual_router_id 7\n unicast_src_ip 192.0.2.9\n"
		" unicast_peer {\n 192.0.2.8\n }\n virtual_ipaddress {\n 192.0.2.3\n }\n}\n"      /* 16.. */
		"vrrp_instance D {\n interface eth0\n virtual_router_id 7\n mcast_dst_ip 224.0.0.20\n"
		" virtual_ipaddress {\n 192.0.2.4\n }\n}\n",                                      /* 27.. */
		false, path, &log);
	CHECK_EQ_INT(e, 1);
	char msg[1024];
	snprintf(msg, sizeof(msg),
		 "vrrp_instance D: virtual_router_id 7 on eth0 is already used by vrrp_instance B (%s:8)", path);
	CHECK(log_has_at(log, "error", path, 27, msg));
	free(log);
	config_free(&c);
}

TEST(duplicates)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_instance(&c,
		"vrrp_instance A {\n interface eth0\n virtual_router_id 7\n virtual_ipaddress {\n 192.0.2.1\n }\n}\n"  /* 1 */
		"vrrp_instance B {\n interface eth0\n virtual_router_id 7\n virtual_ipaddress {\n 192.0.2.2\n }\n}\n"  /* 8 */
		"vrrp_instance A {\n interface eth0\n virtual_router_id 8\n virtual_ipaddress {\n 192.0.2.3\n }\n}\n"  /* 15 */
		"vrrp_instance C {\n interface lo2\n virtual_router_id 7\n virtual_ipaddress {\n 192.0.2.4\n }\n}\n"  /* 22 */
		"global_defs {\n dynamic_interfaces\n}\n",   /* lo2 need not exist */
		true, path, &log);
	/* the second A: skipped with a warning, as keepalived 2.2.7 skips it
	 * ("already defined") and runs the first; a VRID used twice on one
	 * interface stays an error (2.2.7 does not start) */
	CHECK_EQ_INT(e, 1);
	char msg[1024];
	snprintf(msg, sizeof(msg),
		 "vrrp_instance B: virtual_router_id 7 on eth0 is already used by vrrp_instance A (%s:1)", path);
	CHECK(log_has_at(log, "error", path, 8, msg));
	snprintf(msg, sizeof(msg), "vrrp instance A already defined (at %s:1): this block is skipped", path);
	CHECK(log_has_at(log, "warning", path, 15, msg));
	CHECK_EQ_INT(c.n_vrrp, 3);
	if (c.n_vrrp == 3) {
		CHECK_STR(c.vrrp[0].name, "A");
		CHECK_EQ_INT(c.vrrp[0].vrid, 7);
		CHECK_STR(c.vrrp[2].name, "C");
	}
	free(log);
	config_free(&c);
}

TEST(authentication_pairs)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_instance(&c,
		"vrrp_instance A {\n interface eth0\n virtual_router_id 1\n authentication {\n  auth_pass x\n }\n"
		" virtual_ipaddress {\n 192.0.2.1\n }\n}\n"                                        /* 1..10 */
		"vrrp_instance B {\n interface eth0\n virtual_router_id 2\n authentication {\n  auth_type PASS\n }\n"
		" virtual_ipaddress {\n 192.0.2.2\n }\n}\n"                                        /* 11..20 */
		"vrrp_instance C {\n interface eth0\n virtual_router_id 3\n version 3\n authentication {\n"
		"  auth_type PASS\n  auth_pass x\n }\n virtual_ipaddress {\n 192.0.2.3\n }\n}\n",  /* 21.. */
		false, path, &log);
	/* keepalived 2.2.7 runs both without authentication */
	CHECK_EQ_INT(e, 0);
	CHECK(log_has_at(log, "warning", path, 4,
			 "vrrp_instance A: auth_pass without auth_type: no authentication (as keepalived 2.2.7)"));
	CHECK(log_has_at(log, "warning", path, 14,
			 "vrrp_instance B: auth_type without auth_pass: no authentication (as keepalived 2.2.7)"));
	if (c.n_vrrp == 3) {
		CHECK_EQ_INT(c.vrrp[0].auth_type, VRRP_AUTH_NONE);
		CHECK_EQ_INT(c.vrrp[1].auth_type, VRRP_AUTH_NONE);
	}
	CHECK(log_has_at(log, "warning", path, 25, "vrrp_instance C: authentication is ignored with VRRP version 3"));
	free(log);
	config_free(&c);
}

/* down_timer_adverts (1..100) of an instance, else vrrp_down_timer_adverts
 * of global_defs, else 3. */
TEST(down_timer_adverts)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_instance(&c,
		"vrrp_instance A {\n interface eth0\n virtual_router_id 1\n virtual_ipaddress {\n 192.0.2.1\n }\n}\n"
		"vrrp_instance B {\n interface eth0\n virtual_router_id 2\n down_timer_adverts 2\n"
		" virtual_ipaddress {\n 192.0.2.2\n }\n}\n"
		"global_defs {\n vrrp_down_timer_adverts 5\n}\n", false, path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK_EQ_INT(c.n_vrrp, 2);
	if (c.n_vrrp == 2) {
		CHECK_EQ_INT(c.vrrp[0].down_timer_adverts, 5);
		CHECK_EQ_INT(c.vrrp[1].down_timer_adverts, 2);
	}
	free(log);
	config_free(&c);

	e = load_instance(&c,
		"vrrp_instance A {\n interface eth0\n virtual_router_id 1\n virtual_ipaddress {\n 192.0.2.1\n }\n}\n"
		"vrrp_instance B {\n interface eth0\n virtual_router_id 2\n down_timer_adverts 101\n"   /* 11 */
		" virtual_ipaddress {\n 192.0.2.2\n }\n}\n", false, path, &log);
	CHECK_EQ_INT(e, 0);   /* skipped with a warning, as keepalived 2.2.7 */
	CHECK(c.n_vrrp >= 1 && c.vrrp[0].down_timer_adverts == 3);
	CHECK(count_in(log, "down_timer_adverts") == 1);
	free(log);
	config_free(&c);
}

/* Gratuitous ARP counts have keepalived 2.2.7's limits (repeats up to
 * UINT_MAX, lower_prio delay up to 4294 s and repeat up to INT_MAX); a
 * value beyond is skipped with a warning, as there - never an error. */
TEST(garp_limits_as_keepalived)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_instance(&c,
		"global_defs {\n vrrp_garp_master_repeat 2000\n vrrp_garp_master_refresh_repeat 4294967295\n"
		" vrrp_garp_lower_prio_repeat 4294967296\n}\n"                                       /* 4 */
		"vrrp_instance A {\n interface eth0\n virtual_router_id 1\n garp_lower_prio_delay 3000\n"
		" garp_lower_prio_repeat 100000\n virtual_ipaddress {\n 192.0.2.1\n }\n}\n"
		"vrrp_instance B {\n interface eth0\n virtual_router_id 2\n garp_master_repeat 9999999999\n"   /* 18 */
		" virtual_ipaddress {\n 192.0.2.2\n }\n}\n", false, path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK(c.n_vrrp == 2);
	if (c.n_vrrp == 2) {
		CHECK_EQ_INT(c.vrrp[0].garp_master_repeat, 2000);
		CHECK(c.vrrp[0].garp_master_refresh_repeat == 4294967295u);
		CHECK_EQ_INT(c.vrrp[0].ext.garp_lower_prio_delay_s, 3000);
		CHECK_EQ_INT(c.vrrp[0].ext.garp_lower_prio_repeat, 100000);
		CHECK_EQ_INT(c.vrrp[1].garp_master_repeat, 2000);        /* skipped: the global one */
		CHECK_EQ_INT(c.vrrp[1].ext.garp_lower_prio_repeat, 2000); /* the global one was skipped */
	}
	CHECK(log_has_at(log, "warning", path, 4, "vrrp_garp_lower_prio_repeat must be 0..2147483647, got 4294967296"));
	CHECK(log_has_at(log, "warning", path, 18, "garp_master_repeat must be 0..4294967295, got 9999999999"));
	free(log);
	config_free(&c);
}

/* keepalived 2.2.7 does not run a file whose vrrp_instance is on a
 * loopback interface (IFF_LOOPBACK, whatever its name; with
 * dynamic_interfaces too - measured: "(A) cannot use a loopback interface
 * (lo) for vrrp - ignoring", then its VRRP process exits and the daemon
 * stops): an error at the interface line. track_interface, dev on
 * addresses and routes, and a sync group's track_interface may name one. */
TEST(loopback_interface)
{
	struct config c;
	char path[512], msg[256];
	char *log;
	const char *text =
		"vrrp_instance A {\n state BACKUP\n interface lo\n virtual_router_id 1\n"                  /* 1, 3 */
		" virtual_ipaddress {\n  192.0.2.1\n }\n}\n"
		"vrrp_instance B {\n interface eth0\n virtual_router_id 2\n"                                /* 9 */
		" track_interface {\n  lo\n }\n"
		" virtual_ipaddress {\n  192.0.2.2\n  192.0.2.3/32 dev lo\n }\n"
		" virtual_ipaddress_excluded {\n  192.0.2.4/32 dev lo\n }\n"
		" virtual_routes {\n  198.51.100.0/24 dev lo\n }\n}\n"
		"vrrp_instance C {\n interface lo9\n virtual_router_id 3\n"                                 /* 26, 27 */
		" virtual_ipaddress {\n  192.0.2.5\n }\n}\n"
		"vrrp_instance D {\n interface ethlo\n virtual_router_id 4\n"                               /* 33 */
		" virtual_ipaddress {\n  192.0.2.6\n }\n}\n"
		"vrrp_instance E {\n interface lo\n virtual_router_id 5\n unicast_src_ip 127.0.0.1\n"      /* 40, 41 */
		" unicast_peer {\n  127.0.0.2\n }\n virtual_ipaddress {\n  192.0.2.7\n }\n}\n"
		"vrrp_instance F {\n interface lo\n use_vmac\n dont_track_primary\n virtual_router_id 6\n"  /* 51, 52 */
		" virtual_ipaddress {\n  192.0.2.8\n }\n}\n"
		"vrrp_sync_group G {\n group {\n  B\n  F\n }\n track_interface {\n  lo\n }\n}\n"
		"global_defs {\n dynamic_interfaces\n}\n"
		"%s";
	char buf[4096];
	for (int check_only = 0; check_only < 2; check_only++) {
		snprintf(buf, sizeof(buf), text, "");
		int e = load_instance(&c, buf, check_only, path, &log);
		CHECK_EQ_INT(e, 4);
		CHECK_EQ_INT(count_in(log, "loopback"), 4);
		for (int i = 0; i < 4; i++) {
			static const struct { char name; int line; const char *ifname; } want[] = {
				{ 'A', 3, "lo" }, { 'C', 27, "lo9" }, { 'E', 41, "lo" }, { 'F', 52, "lo" },
			};
			snprintf(msg, sizeof(msg), "vrrp_instance %c: cannot use a loopback interface (%s) for VRRP "
				 "(keepalived 2.2.7 does not run this file either)", want[i].name, want[i].ifname);
			CHECK(log_has_at(log, "error", path, want[i].line, msg));
		}
		CHECK_EQ_INT(c.n_vrrp, 6);
		if (c.n_vrrp == 6) {   /* what lo may be: B's tracker, the lines' devices */
			CHECK(c.vrrp[1].ext.n_track_ifs >= 1 && !strcmp(c.vrrp[1].ext.track_ifs[0].name, "lo"));
			CHECK_STR(c.vrrp[1].vips[1].dev, "lo");
			CHECK_STR(c.vrrp[1].vips_excluded[0].dev, "lo");
		}
		free(log);
		config_free(&c);
	}
	/* without the loopback instances: runs, no message about lo */
	int e = load_instance(&c,
		"vrrp_instance B {\n interface eth0\n virtual_router_id 2\n"
		" track_interface {\n  lo\n }\n"
		" virtual_ipaddress {\n  192.0.2.2\n  192.0.2.3/32 dev lo\n }\n"
		" virtual_ipaddress_excluded {\n  192.0.2.4/32 dev lo\n }\n"
		" virtual_routes {\n  198.51.100.0/24 dev lo\n }\n}\n"
		"vrrp_sync_group G {\n group {\n  B\n }\n track_interface {\n  lo\n }\n}\n",
		true, path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK_EQ_INT(count_in(log, "loopback"), 0);
	CHECK_EQ_INT(count_in(log, "error"), 0);
	free(log);
	config_free(&c);
	/* under net_namespace the interfaces are not this host's: not checked */
	snprintf(buf, sizeof(buf), text, "net_namespace kt-lo10-none\n");
	e = load_instance(&c, buf, true, path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK_EQ_INT(count_in(log, "loopback"), 0);
	free(log);
	config_free(&c);
}

/* A name twice in one track_* block: the first line stays (its weight
 * too), the next one is ignored with a warning at its line - keepalived
 * 2.2.7's "(B) duplicate track_interface eth1 - ignoring" (instances and
 * sync groups; track_bfd: bfd_test). */
TEST(duplicate_track_lines)
{
	struct config c;
	char path[512], msg[256], *log;
	int e = load_instance(&c,
		"vrrp_script chk {\n script /bin/true\n weight 5\n}\n"                                 /* 1 */
		"vrrp_track_file tf {\n file /run/kang-no-such-file\n}\n"                              /* 5 */
		"vrrp_track_process tp {\n process kang-none\n}\n"                                     /* 8 */
		"vrrp_instance B {\n interface eth0\n virtual_router_id 2\n"                          /* 11 */
		" track_interface {\n  eth1\n  eth2 weight -4\n  eth1 weight 10\n }\n"                /* 14-18 */
		" track_script {\n  chk\n  chk weight 7\n }\n"                                        /* 19-22 */
		" track_file {\n  tf\n  tf weight 3\n }\n"                                            /* 23-26 */
		" track_process {\n  tp weight 2\n  tp\n }\n"                                         /* 27-30 */
		" virtual_ipaddress {\n  192.0.2.2\n }\n}\n"
		"vrrp_sync_group G {\n group {\n  C\n  D\n }\n"                                      /* 35 */
		" track_interface {\n  eth3\n  eth3 weight 5\n }\n}\n"                                 /* 40-43 */
		"vrrp_instance C {\n interface eth0\n virtual_router_id 3\n virtual_ipaddress {\n  192.0.2.3\n }\n}\n"
		"vrrp_instance D {\n interface eth0\n virtual_router_id 4\n virtual_ipaddress {\n  192.0.2.4\n }\n}\n",
		true, path, &log);
	CHECK_EQ_INT(e, 0);
	static const struct { int line; const char *owner, *what, *name; } want[] = {
		{ 17, "B", "track_interface", "eth1" }, { 21, "B", "track_script", "chk" },
		{ 25, "B", "track_file", "tf" }, { 29, "B", "track_process", "tp" },
		{ 42, "G", "track_interface", "eth3" },
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		snprintf(msg, sizeof(msg), "(%s) duplicate %s %s: ignored, as keepalived 2.2.7 does (the first line stays)",
			 want[i].owner, want[i].what, want[i].name);
		CHECK(log_has_at(log, "warning", path, want[i].line, msg));
	}
	CHECK_EQ_INT(count_in(log, "duplicate"), 5);
	CHECK(c.n_vrrp == 3);
	if (c.n_vrrp == 3) {
		const struct vrrp_ext_conf *x = &c.vrrp[0].ext;
		CHECK(x->n_track_ifs == 2 && !strcmp(x->track_ifs[0].name, "eth1") && x->track_ifs[0].weight == 0 &&
		      !strcmp(x->track_ifs[1].name, "eth2") && x->track_ifs[1].weight == -4);
		CHECK(x->n_track_scripts == 1 && x->track_scripts[0].weight == 5);
		CHECK(x->n_track_files == 1 && x->track_files[0].weight == 1);
		CHECK(x->n_track_procs == 1 && x->track_procs[0].weight == 2);
		const struct vrrp_ext_conf *y = &c.vrrp[1].ext;   /* the group's one line */
		CHECK(y->n_track_ifs == 1 && !strcmp(y->track_ifs[0].name, "eth3") && y->track_ifs[0].weight == 0);
	}
	free(log);
	config_free(&c);
}

TEST(address_owner)
{
	struct config c;
	char path[512];
	char *log;
	/* 10.1.1.1 is on eth0 (conf_test_host): owner. 192.0.2.77 is not:
	 * keepalived 2.2.7 runs it all the same (master at once), so a warning,
	 * also at start. state MASTER without a priority is priority 255, as
	 * keepalived. */
	const char *text =
		"vrrp_instance A {\n interface eth0\n virtual_router_id 1\n priority 255\n"
		" virtual_ipaddress {\n 10.1.1.1/24\n }\n}\n"
		"vrrp_instance B {\n interface eth0\n virtual_router_id 2\n priority 255\n"   /* 12 */
		" virtual_ipaddress {\n 192.0.2.77\n }\n}\n"
		"vrrp_instance C {\n state MASTER\n interface eth0\n virtual_router_id 3\n"   /* 17 */
		" virtual_ipaddress {\n 10.1.1.1/24\n }\n}\n"
		"vrrp_instance D {\n state MASTER\n priority 150\n interface eth0\n virtual_router_id 4\n"
		" virtual_ipaddress {\n 192.0.2.78\n }\n}\n"
		"vrrp_instance E {\n state BACKUP\n interface eth0\n virtual_router_id 5\n"
		" virtual_ipaddress {\n 192.0.2.79\n }\n}\n";
	for (int check_only = 0; check_only < 2; check_only++) {
		int e = load_instance(&c, text, check_only, path, &log);
		CHECK_EQ_INT(e, 0);
		/* a notice (keepalived 2.2.7 -t says nothing, exit 0) */
		CHECK(log_has_at(log, "parent", path, 12, "vrrp_instance B: priority 255 is the address owner's, "
			       "but 192.0.2.77 is not on eth0"));
		CHECK(count_in(log, "address owner") == 1);
		CHECK_EQ_INT(c.n_vrrp, 5);
		if (c.n_vrrp == 5) {
			CHECK_EQ_INT(c.vrrp[2].priority, 255);   /* C: state MASTER, no priority */
			CHECK_EQ_INT(c.vrrp[3].priority, 150);
			CHECK_EQ_INT(c.vrrp[4].priority, 100);
		}
		free(log);
		config_free(&c);
	}
}

/* keepalived 2.2.7: "Non-existent interface specified in configuration"
 * (-t exits 5, the daemon stops) unless dynamic_interfaces. */
TEST(unknown_interface_needs_dynamic_interfaces)
{
	struct config c;
	char path[512];
	char *log;
	const char *text = "vrrp_instance V {\n interface nosuchif0\n virtual_router_id 1\n"
			   " track_interface {\n  nosuchif1\n }\n"
			   " virtual_ipaddress {\n 192.0.2.1\n }\n}\n";
	for (int check_only = 0; check_only < 2; check_only++) {
		int e = load_instance(&c, text, check_only, path, &log);
		CHECK_EQ_INT(e, 2);
		CHECK(log_has_at(log, "error", path, 1,
				 "vrrp_instance V: interface nosuchif0 does not exist "
				 "(dynamic_interfaces allows interfaces that appear later)"));
		CHECK(log_has_at(log, "error", path, 1,
				 "vrrp_instance V: tracked interface nosuchif1 does not exist "
				 "(dynamic_interfaces allows interfaces that appear later)"));
		free(log);
		config_free(&c);
	}
	char dyn[512];
	snprintf(dyn, sizeof(dyn), "global_defs {\n dynamic_interfaces\n}\n%s", text);
	int e = load_instance(&c, dyn, true, path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK(!strstr(log, "does not exist"));
	free(log);
	config_free(&c);
}

TEST(no_vip_is_warning)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_instance(&c, "vrrp_instance V {\n interface eth0\n virtual_router_id 1\n}\n", false, path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK(log_has_at(log, "warning", path, 1, "vrrp_instance V has no virtual_ipaddress"));
	free(log);
	config_free(&c);
}

/* More than 255 addresses (an advert's maximum) in virtual_ipaddress: as in
 * keepalived 2.2, the rest become excluded addresses, with a warning at -t
 * and at load (2.2.7's -t exits 5 and it runs the file). */
TEST(vips_past_255_become_excluded)
{
	struct config c;
	char path[512];
	char *log;
	char *text = NULL;
	size_t len = 0;
	str_appendf(&text, &len, "vrrp_instance V {\n interface eth0\n virtual_router_id 1\n virtual_ipaddress {\n");
	for (int i = 0; i < 300; i++)
		str_appendf(&text, &len, "  10.77.%d.%d\n", i / 250, i % 250 + 1);
	str_appendf(&text, &len, " }\n virtual_ipaddress_excluded {\n  198.18.0.1\n }\n}\n");
	const char *msg = "vrrp_instance V: 300 addresses in virtual_ipaddress, but an advert carries at most 255: "
			  "the last 45 are handled as virtual_ipaddress_excluded (installed, not advertised)";
	for (int check_only = 0; check_only < 2; check_only++) {
		int e = load_instance(&c, text, check_only, path, &log);
		CHECK_EQ_INT(e, 0);   /* keepalived 2.2.7's -t exits 5 and it runs the file */
		CHECK(log_has_at(log, "warning", path, 1, msg));
		CHECK_EQ_INT(c.n_vrrp, 1);
		if (c.n_vrrp == 1) {
			const struct vrrp_instance_conf *vi = &c.vrrp[0];
			CHECK_EQ_INT(vi->n_vips, 255);
			CHECK_EQ_INT(vi->n_vips_excluded, 46);
			if (vi->n_vips == 255 && vi->n_vips_excluded == 46) {
				CHECK_EQ_INT(ntohl(vi->vips[254].addr.u.v4.s_addr), 0x0a4d0105);           /* 10.77.1.5 */
				CHECK_EQ_INT(ntohl(vi->vips_excluded[0].addr.u.v4.s_addr), 0xc6120001);  /* 198.18.0.1 */
				CHECK_EQ_INT(ntohl(vi->vips_excluded[1].addr.u.v4.s_addr), 0x0a4d0106);  /* 10.77.1.6 */
				CHECK_EQ_INT(ntohl(vi->vips_excluded[45].addr.u.v4.s_addr), 0x0a4d0132); /* 10.77.1.50 */
			}
		}
		free(log);
		config_free(&c);
	}
	free(text);
}

/* A vrrp_script, vrrp_track_file, vrrp_track_process or vrrp_sync_group
 * defined twice: keepalived 2.2.7 uses the first (measured: the first
 * script's weight, "script chk is not used" for the other; -t 0 - a sync
 * group's second block is skipped, "already defined", -t 5). The later one
 * is dropped, a notice (a warning for the sync group); it was an error. */
TEST(objects_defined_twice_first_kept)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_instance(&c,
		"vrrp_script chk {\n script /bin/true\n weight 10\n}\n"            /* 1 */
		"vrrp_script chk {\n script /bin/false\n weight -20\n}\n"          /* 5 */
		"vrrp_track_file tf {\n file /run/a\n weight 3\n}\n"               /* 9 */
		"vrrp_track_file tf {\n file /run/b\n weight 4\n}\n"               /* 13 */
		"vrrp_track_process tp {\n process foo\n}\n"                      /* 17 */
		"vrrp_track_process tp {\n process bar\n}\n"                      /* 20 */
		"vrrp_sync_group G {\n group {\n  V\n  W\n }\n}\n"               /* 23 */
		"vrrp_sync_group G {\n group {\n  X\n }\n}\n"                     /* 29 */
		"vrrp_instance V {\n interface eth0\n virtual_router_id 1\n"
		" virtual_ipaddress {\n  192.0.2.1\n }\n track_script {\n  chk\n }\n}\n"
		"vrrp_instance W {\n interface eth1\n virtual_router_id 2\n virtual_ipaddress {\n  192.0.2.2\n }\n}\n"
		"vrrp_instance X {\n interface eth2\n virtual_router_id 3\n virtual_ipaddress {\n  192.0.2.3\n }\n}\n",
		true, path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK(strstr(log, ":5: vrrp_script chk is already defined (at ") != NULL);
	CHECK(strstr(log, ":13: track_file tf is already defined (at ") != NULL);
	CHECK(strstr(log, ":20: vrrp_track_process tp is already defined (at ") != NULL);
	CHECK(log_has_at(log, "warning", path, 29, "vrrp_sync_group G is already defined (at "));
	CHECK(!log_has_at_quiet(log, "warning", path, 5) && !log_has_at_quiet(log, "warning", path, 13));
	CHECK_EQ_INT(c.vrrp_objs.n_scripts, 1);
	CHECK_EQ_INT(c.vrrp_objs.n_files, 1);
	CHECK_EQ_INT(c.vrrp_objs.n_procs, 1);
	CHECK_EQ_INT(c.vrrp_objs.n_groups, 1);
	if (c.vrrp_objs.n_scripts == 1)
		CHECK_EQ_INT(c.vrrp_objs.scripts[0].weight, 10);
	if (c.vrrp_objs.n_files == 1)
		CHECK_STR(c.vrrp_objs.files[0].path, "/run/a");
	if (c.vrrp_objs.n_procs == 1)
		CHECK_STR(c.vrrp_objs.procs[0].argv[0], "foo");
	if (c.vrrp_objs.n_groups == 1)
		CHECK_EQ_INT(c.vrrp_objs.groups[0].n_members, 2);
	free(log);
	config_free(&c);
}

/* use_vmac NAME where an interface of that name exists and is not a
 * private macvlan: keepalived 2.2.7 ignores the name ("already exists and
 * is not a private macvlan; ignoring vmac if_name", -t 5) and makes the
 * VMAC under the default name. Ours kept it (no VMAC at run time). */
TEST(vmac_name_of_existing_link_ignored)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_instance(&c,
		"vrrp_instance V {\n interface eth0\n use_vmac eth1\n virtual_router_id 51\n"
		" virtual_ipaddress {\n  192.0.2.1\n }\n}\n"
		"vrrp_instance W {\n interface eth0\n use_vmac vm52\n virtual_router_id 52\n"
		" virtual_ipaddress {\n  192.0.2.2\n }\n}\n",
		true, path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK(log_has_at(log, "warning", path, 1, "(V) interface eth1 already exists and is not a private macvlan; "
			 "ignoring vmac if_name"));
	CHECK_EQ_INT(count_in(log, "warning: "), 1);
	CHECK_EQ_INT(c.n_vrrp, 2);
	if (c.n_vrrp == 2) {
		CHECK_STR(c.vrrp[0].l3.vmac_name, "vrrp.51");
		CHECK_STR(c.vrrp[1].l3.vmac_name, "vm52");
	}
	free(log);
	config_free(&c);
}

TEST(script_user)
{
	struct config c;
	char path[512];
	char *log;
	/* keepalived 2.2.7 runs without the scripts that would run as it */
	int e = load_instance(&c, "global_defs {\n script_user no_such_user_kang\n}\n"
			      "vrrp_instance V {\n interface eth0\n virtual_router_id 1\n notify_master /bin/true\n"
			      " notify_backup /bin/true root\n virtual_ipaddress {\n 192.0.2.1\n }\n}\n",
			      false, path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK(log_has_at(log, "warning", path, 2, "script_user: no user 'no_such_user_kang': the 1 script without "
			 "a user of its own is not run"));
	if (c.n_vrrp == 1) {
		CHECK(c.vrrp[0].notify_master.cmd == NULL);
		CHECK_STR(c.vrrp[0].notify_backup.cmd, "/bin/true");
	}
	free(log);
	config_free(&c);

	e = load_instance(&c, "global_defs {\n script_user root no_such_group_kang\n}\n", false, path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK(log_has_at(log, "warning", path, 2, "script_user: no user 'root' or no group 'no_such_group_kang'"));
	free(log);
	config_free(&c);

	e = load_instance(&c, "global_defs {\n script_user root\n}\n", false, path, NULL);
	CHECK_EQ_INT(e, 0);
	CHECK_EQ_INT(c.global.script_uid, 0);
	config_free(&c);

	e = load_instance(&c, "global_defs {\n script_user nobody\n}\n", false, path, NULL);
	struct passwd *nb = getpwnam("nobody");
	CHECK_EQ_INT(e, nb ? 0 : 1);
	if (nb)
		CHECK(c.global.script_uid == nb->pw_uid && c.global.script_gid == nb->pw_gid);
	config_free(&c);

	/* no script_user: keepalived_script when that user exists, else root -
	 * looked up only when there is a script (keepalived 2.2.7 too) */
	e = load_instance(&c, "global_defs {\n router_id x\n}\n", false, path, NULL);
	CHECK_EQ_INT(e, 0);
	CHECK_EQ_INT(c.global.script_uid, 0);
	CHECK_EQ_INT(c.global.script_gid, 0);
	CHECK(!c.global.script_user_set);
	/* no script anywhere: the parent's walks skip it */
	CHECK(c.scripts == CONF_SCRIPTS_NONE);
	CHECK(!conf_scripts_insecure(&c));
	config_free(&c);
	e = load_instance(&c, "global_defs {\n router_id x\n}\nvrrp_script chk {\n script \"/bin/true\"\n}\n",
			  false, path, NULL);
	struct passwd *ks = getpwnam(DEFAULT_SCRIPT_USER);
	CHECK_EQ_INT(c.global.script_uid, ks ? ks->pw_uid : 0);
	CHECK_EQ_INT(c.global.script_gid, ks ? ks->pw_gid : 0);
	CHECK(!c.global.script_user_set);
	CHECK(c.scripts == CONF_SCRIPTS_SOME);
	CHECK(conf_scripts_insecure(&c));      /* /bin/true exists, no enable_script_security */
	config_free(&c);

	/* a configuration not made by config_load() is walked */
	struct vrrp_instance_conf *vi = xcalloc(1, sizeof(*vi));
	config_init(&c);
	CHECK(c.scripts == CONF_SCRIPTS_UNKNOWN);
	vi->notify_master.cmd = xstrdup("/bin/true");
	c.vrrp = vi;
	c.n_vrrp = 1;
	CHECK(conf_scripts_insecure(&c));
	config_free(&c);
}

TEST(sample_config_passes_check)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_capture(&c, srcfile(path, sizeof(path), "doc/samples/keepalived.conf.vrrp"), true, &log);
	CHECK_EQ_INT(e, 0);
	CHECK_EQ_INT(c.n_vrrp, 2);
	if (e)
		fprintf(stderr, "%s", log);
	free(log);
	config_free(&c);
}

/* Weighted trackers of sync group members, as keepalived 2.2.7 treats them:
 * a track_script or track_file with a weight is dropped (warning), weight 0
 * stays (a fault tracker); track_interface and track_process keep their
 * weights; the group's own trackers are added to every member with theirs;
 * sync_group_tracking_weight keeps everything. */
/* keepalived 2.2.7's address owner (priority 255): weighted
 * track_interface / track_script dropped, a track_file of weight 1 made a
 * fault tracker (0), one of another weight dropped; a sync group with an
 * owner member has its trackers' weights set to 0; a member that is no
 * instance or already in a group is left out with a warning. */
TEST(owner_weights_and_group_members)
{
	static const char text[] =
		"vrrp_script chk {\n script /bin/true\n weight -20\n}\n"
		"track_file tf {\n file /tmp/kang-tf\n}\n"
		"track_file tf5 {\n file /tmp/kang-tf5\n weight 5\n}\n"
		"vrrp_instance VI_1 {\n state MASTER\n interface eth0\n virtual_router_id 1\n priority 255\n"
		" track_interface {\n  lo weight 5\n }\n track_script {\n  chk\n }\n"
		" track_file {\n  tf\n  tf5\n }\n virtual_ipaddress {\n  192.0.2.1\n }\n}\n"
		"vrrp_sync_group G {\n group {\n  VI_2\n  VI_3\n  VI_X\n }\n track_script {\n  chk\n }\n"
		" sync_group_tracking_weight\n}\n"
		"vrrp_sync_group H {\n group {\n  VI_3\n  VI_Y\n }\n}\n"
		"vrrp_instance VI_2 {\n state MASTER\n interface eth0\n virtual_router_id 2\n priority 255\n"
		" virtual_ipaddress {\n  192.0.2.2\n }\n}\n"
		"vrrp_instance VI_3 {\n interface eth0\n virtual_router_id 3\n"
		" virtual_ipaddress {\n  192.0.2.3\n }\n}\n"
		"vrrp_sync_group S {\n group {\n  VI_4\n  VI_5\n }\n}\n"
		"vrrp_instance VI_4 {\n interface eth0\n virtual_router_id 4\n track_file {\n  tf\n }\n"
		" virtual_ipaddress {\n  192.0.2.4\n }\n}\n"
		"vrrp_instance VI_5 {\n interface eth0\n virtual_router_id 5\n"
		" virtual_ipaddress {\n  192.0.2.5\n }\n}\n";
	char path[512], *log;
	struct config c;
	CHECK_EQ_INT(load_instance(&c, text, true, path, &log), 0);
	const struct vrrp_ext_conf *x = &c.vrrp[0].ext;
	CHECK_EQ_INT(x->n_track_ifs, 0);
	CHECK_EQ_INT(x->n_track_scripts, 0);
	CHECK(x->n_track_files == 1 && !strcmp(x->track_files[0].name, "tf") && x->track_files[0].weight == 0);
	CHECK(strstr(log, "(VI_1) ignoring weight from tracked file tf due to address_owner") != NULL);
	/* G keeps VI_2 and VI_3 (VI_X does not exist); H loses VI_3 and VI_Y: removed */
	CHECK_EQ_INT(c.vrrp_objs.n_groups, 2);
	if (c.vrrp_objs.n_groups == 2)
		CHECK_EQ_INT(c.vrrp_objs.groups[0].n_members, 2);
	/* a sync member's track_file of weight 1: weight 0, a fault tracker */
	const struct vrrp_ext_conf *z = &c.vrrp[3].ext;
	CHECK(z->n_track_files == 1 && z->track_files[0].weight == 0);
	CHECK(strstr(log, "(VI_4) ignoring weight from tracked file tf due to SYNC group") != NULL);
	CHECK(!strcmp(c.vrrp[2].ext.sync_group, "G"));
	const struct vrrp_ext_conf *y = &c.vrrp[2].ext;
	CHECK(y->n_track_scripts == 1 && y->track_scripts[0].weight == 0);
	CHECK(strstr(log, "Virtual router VI_X specified in sync group G doesn't exist - ignoring") != NULL);
	CHECK(strstr(log, "Virtual router VI_3 cannot exist in more than one sync group; ignoring H") != NULL);
	CHECK(strstr(log, "Sync group H, no matching virtual router found") != NULL);
	free(log);
	config_free(&c);
}

TEST(sync_group_member_weights)
{
	static const char text[] =
		"vrrp_script chk {\n script /bin/true\n weight -20\n}\n"            /* 1-4 */
		"vrrp_script chk0 {\n script /bin/true\n}\n"                         /* 5-7 */
		"track_file tf {\n file /tmp/kang-tf\n weight -10\n}\n"             /* 8-11 */
		"vrrp_track_process tp {\n process kang\n weight -10\n}\n"          /* 12-15 */
		"vrrp_sync_group G1 {\n group {\n  VI_1\n  VI_2\n }\n"             /* 16-20 */
		" track_script {\n  chk0 weight -30\n }\n%s}\n"                     /* 21-24 */
		"vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n"
		" track_script {\n  chk\n  chk0 weight 0\n }\n"
		" track_file {\n  tf\n }\n"
		" track_interface {\n  lo weight 10\n }\n"
		" track_process {\n  tp\n }\n"
		" virtual_ipaddress {\n  192.0.2.1\n }\n}\n"
		"vrrp_instance VI_2 {\n interface eth0\n virtual_router_id 2\n"
		" virtual_ipaddress {\n  192.0.2.2\n }\n}\n";
	char buf[2048], path[512];
	char *log;
	struct config c;
	snprintf(buf, sizeof(buf), text, "");
	int e = load_instance(&c, buf, true, path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK(log_has_at(log, "warning", path, 25,
			 "vrrp_instance VI_1: track_script chk ignored: it has a weight and VI_1 is in sync "
			 "group G1 without sync_group_tracking_weight (as keepalived 2.2.7; weight 0 makes "
			 "it a fault tracker)"));
	CHECK(strstr(log, "VI_1: track_file tf ignored: it has a weight") != NULL);
	CHECK(strstr(log, "(VI_1) ignoring lo tracked interface weight due to SYNC group") != NULL);
	CHECK(strstr(log, "VI_1: weight -10 of track_process tp counts although") != NULL);
	const struct vrrp_ext_conf *x = &c.vrrp[0].ext;
	/* chk0 weight 0 kept, then the group's chk0 weight -30 */
	CHECK_EQ_INT(x->n_track_scripts, 2);
	if (x->n_track_scripts == 2) {
		CHECK(!strcmp(x->track_scripts[0].name, "chk0") && x->track_scripts[0].weight == 0);
		CHECK(!strcmp(x->track_scripts[1].name, "chk0") && x->track_scripts[1].weight == -30);
	}
	CHECK_EQ_INT(x->n_track_files, 0);
	/* the weight counts; the dump shows 0, as keepalived 2.2.7's */
	CHECK(x->n_track_ifs == 1 && x->track_ifs[0].weight == 10 && x->track_ifs[0].dump_zero);
	CHECK(x->n_track_procs == 1 && x->track_procs[0].weight == -10);
	const struct vrrp_ext_conf *y = &c.vrrp[1].ext;
	CHECK(y->n_track_scripts == 1 && y->track_scripts[0].weight == -30);
	free(log);
	config_free(&c);

	snprintf(buf, sizeof(buf), text, " sync_group_tracking_weight\n");
	e = load_instance(&c, buf, true, path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK(!strstr(log, "ignored: it has a weight") && !strstr(log, "counts although"));
	CHECK(!strstr(log, "tracked interface weight due to SYNC group") && !c.vrrp[0].ext.track_ifs[0].dump_zero);
	x = &c.vrrp[0].ext;
	CHECK(x->n_track_scripts == 3 && x->track_scripts[0].weight == -20);
	CHECK(x->n_track_files == 1 && x->track_files[0].weight == -10);
	free(log);
	config_free(&c);
}

/* A vrrp_script that cannot run (not found, not executable) is disabled
 * with a warning, as keepalived 2.2.7 does ("not found/accessible"):
 * references to it are dropped (no FAULT from it), -t still passes. */
TEST(unrunnable_script_disabled)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_instance(&c, "vrrp_script gone {\n script \"/nonexistent/kang.sh arg\"\n}\n"
			      "vrrp_script noexec {\n script /etc/passwd\n}\n"
			      "vrrp_script ok {\n script /bin/true\n}\n"
			      "vrrp_instance V {\n interface eth0\n virtual_router_id 1\n"
			      " track_script {\n  gone\n  noexec weight 0\n  ok\n }\n"
			      " virtual_ipaddress {\n  192.0.2.1\n }\n}\n", true, path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK(log_has_at(log, "warning", path, 1, "vrrp_script gone: /nonexistent: No such file or directory - disabled"));
	CHECK(log_has_at(log, "warning", path, 4, "vrrp_script noexec: /etc/passwd: not executable - disabled"));
	CHECK(!strstr(log, "vrrp_script ok:"));
	CHECK_EQ_INT(c.vrrp[0].ext.n_track_scripts, 1);
	if (c.vrrp[0].ext.n_track_scripts == 1)
		CHECK(!strcmp(c.vrrp[0].ext.track_scripts[0].name, "ok"));
	free(log);
	config_free(&c);
}

/* notify_priority_changes: the instance's own, else its sync group's, else
 * vrrp_notify_priority_changes. */
TEST(notify_priority_changes_inherited)
{
	struct config c;
	char path[512];
	int e = load_instance(&c, "global_defs {\n vrrp_notify_priority_changes\n}\n"
			      "vrrp_sync_group G {\n group {\n  A\n  B\n }\n notify_priority_changes off\n}\n"
			      "vrrp_instance A {\n interface eth0\n virtual_router_id 1\n"
			      " virtual_ipaddress {\n  192.0.2.1\n }\n}\n"
			      "vrrp_instance B {\n interface eth0\n virtual_router_id 2\n notify_priority_changes\n"
			      " virtual_ipaddress {\n  192.0.2.2\n }\n}\n"
			      "vrrp_instance C {\n interface eth0\n virtual_router_id 3\n"
			      " virtual_ipaddress {\n  192.0.2.3\n }\n}\n", true, path, NULL);
	CHECK_EQ_INT(e, 0);
	CHECK_EQ_INT(c.n_vrrp, 3);
	if (c.n_vrrp == 3) {
		CHECK(!c.vrrp[0].ext.notify_priority_changes);   /* the group's off */
		CHECK(c.vrrp[1].ext.notify_priority_changes);    /* its own */
		CHECK(c.vrrp[2].ext.notify_priority_changes);    /* global */
	}
	config_free(&c);
}

/* random_seed N makes ${_RANDOM} repeatable from the line after it on. */
TEST(random_seed_repeatable)
{
	static const char text[] =
		"global_defs {\n random_seed 4242\n}\n"
		"vrrp_instance A {\n interface eth0\n virtual_router_id ${_RANDOM 1 255}\n"
		" priority ${_RANDOM 1 254}\n virtual_ipaddress {\n 192.0.2.1\n }\n}\n";
	struct config c1, c2;
	char path[512];
	char *log1, *log2;
	CHECK_EQ_INT(load_instance(&c1, text, false, path, &log1), 0);
	CHECK_EQ_INT(load_instance(&c2, text, false, path, &log2), 0);
	if (c1.n_vrrp == 1 && c2.n_vrrp == 1) {
		CHECK_EQ_INT(c1.vrrp[0].vrid, c2.vrrp[0].vrid);
		CHECK_EQ_INT(c1.vrrp[0].priority, c2.vrrp[0].priority);
		/* the seed's own sequence, whatever the time and pid */
		CHECK_EQ_INT(c1.vrrp[0].vrid, 109);
		CHECK_EQ_INT(c1.vrrp[0].priority, 69);
	} else {
		CHECK(false);
	}
	free(log1);
	free(log2);
	config_free(&c1);
	config_free(&c2);
}

/* net_namespace, child_wait_time, instance, use_pid_dir: keepalived 2.2
 * reads them at the top level; inside global_defs it ignores them
 * ("Unknown keyword", exit 5) and so do we, with a warning. */
TEST(root_level_globals)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_instance(&c, "net_namespace blue\nchild_wait_time 3\ninstance x\nuse_pid_dir\n"
			      "global_defs {\n router_id r\n}\n", false, path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK_STR(c.global.net_namespace, "blue");
	CHECK_EQ_INT(c.global.child_wait_time_s, 3);
	CHECK_STR(c.mgmt.instance, "x");
	CHECK(c.mgmt.use_pid_dir);
	CHECK(!strstr(log, "unknown keyword"));
	CHECK(!strstr(log, "warning"));
	free(log);
	config_free(&c);
	/* a second instance line is ignored, as keepalived 2.2.7 does */
	e = load_instance(&c, "instance x\ninstance y\n", false, path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK_STR(c.mgmt.instance, "x");
	CHECK(log_has_at(log, "warning", path, 2, "duplicate instance y: ignored, the name stays x"));
	free(log);
	config_free(&c);
	e = load_instance(&c, "global_defs {\n net_namespace red\n child_wait_time 4\n net_namespace_ipvs x\n"
			  " namespace_with_ipsets\n}\n", false, path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK(!c.global.net_namespace[0]);
	CHECK(c.global.child_wait_time_s != 4);
	CHECK(log_has_at(log, "warning", path, 2, "net_namespace inside global_defs is ignored, as keepalived 2.2 ignores it there"));
	CHECK(log_has_at(log, "warning", path, 3, "child_wait_time inside global_defs is ignored"));
	CHECK(log_has_at(log, "warning", path, 4, "net_namespace_ipvs inside global_defs is ignored"));
	CHECK(log_has_at(log, "warning", path, 5, "namespace_with_ipsets inside global_defs is ignored"));
	free(log);
	config_free(&c);
}

/* net_namespace_ipvs [NAME] and namespace_with_ipsets at the top level, as
 * keepalived 2.2.7 reads them (-t 0; a second net_namespace_ipvs is skipped
 * with a warning, -t 5). */
TEST(net_namespace_ipvs_and_ipsets)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_instance(&c, "net_namespace_ipvs lb\nnamespace_with_ipsets\n", false, path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK(c.global.has_net_namespace_ipvs);
	CHECK_STR(c.global.net_namespace_ipvs, "lb");
	CHECK(!strstr(log, "warning"));
	free(log);
	config_free(&c);
	e = load_instance(&c, "net_namespace_ipvs\nnet_namespace_ipvs other\n", false, path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK(c.global.has_net_namespace_ipvs);
	CHECK_STR(c.global.net_namespace_ipvs, "");
	CHECK(log_has_at(log, "warning", path, 2, "duplicate net_namespace_ipvs definition other - ignoring"));
	free(log);
	config_free(&c);
	e = load_instance(&c, "net_namespace_ipvs a/b\n", false, path, &log);
	CHECK(e != 0);
	CHECK(!c.global.has_net_namespace_ipvs);
	CHECK(log_has_at(log, "error", path, 1, "net_namespace_ipvs must be a namespace name"));
	free(log);
	config_free(&c);
}

/* Interfaces named by VIPs, routes, rules and static lines must exist, as
 * keepalived 2.2.7 stops on "Non-existent interface specified in
 * configuration"; dynamic_interfaces lifts it. */
TEST(line_interfaces_exist)
{
	static const char body[] =
		"static_ipaddress {\n 192.0.2.1/24 dev nosuchif1\n}\n"
		"vrrp_instance V {\n interface eth0\n virtual_router_id 1\n"
		" virtual_ipaddress {\n  192.0.2.9/24 dev nosuchif2\n }\n"
		" virtual_routes {\n  198.51.100.0/24 dev nosuchif3\n }\n"
		" virtual_rules {\n  from 192.0.2.8 iif nosuchif4 table 100 priority 10\n }\n}\n";
	struct config c;
	char path[512];
	char *log;
	int e = load_instance(&c, body, false, path, &log);
	CHECK_EQ_INT(e, 4);
	CHECK(log_has_at(log, "error", path, 2, "static_ipaddress: interface nosuchif1 of this line does not exist"));
	CHECK(log_has_at(log, "error", path, 4, "vrrp_instance V: interface nosuchif2 of a virtual_ipaddress does not exist"));
	CHECK(log_has_at(log, "error", path, 4, "vrrp_instance V: interface nosuchif3 of a route does not exist"));
	CHECK(log_has_at(log, "error", path, 4, "vrrp_instance V: interface nosuchif4 of a rule (iif) does not exist"));
	free(log);
	config_free(&c);
	char dyn[sizeof(body) + 64];
	snprintf(dyn, sizeof(dyn), "global_defs {\n dynamic_interfaces\n}\n%s", body);
	e = load_instance(&c, dyn, false, path, &log);
	CHECK_EQ_INT(e, 0);
	free(log);
	config_free(&c);
}

int main(void)
{
	RUN(line_interfaces_exist);
	RUN(root_level_globals);
	RUN(random_seed_repeatable);
	RUN(required_keywords);
	RUN(advert_int_per_version);
	RUN(advert_int_microseconds);
	RUN(version_from_global_defs_after_instances);
	RUN(nopreempt_requires_backup);
	RUN(duplicates);
	RUN(vrid_per_group);
	RUN(authentication_pairs);
	RUN(down_timer_adverts);
	RUN(garp_limits_as_keepalived);
	RUN(loopback_interface);
	RUN(duplicate_track_lines);
	RUN(address_owner);
	RUN(unknown_interface_needs_dynamic_interfaces);
	RUN(no_vip_is_warning);
	RUN(vips_past_255_become_excluded);
	RUN(objects_defined_twice_first_kept);
	RUN(vmac_name_of_existing_link_ignored);
	RUN(script_user);
	RUN(sample_config_passes_check);
	RUN(sync_group_member_weights);
	RUN(owner_weights_and_group_members);
	RUN(unrunnable_script_disabled);
	RUN(notify_priority_changes_inherited);
	RUN(net_namespace_ipvs_and_ipsets);
	return unit_summary();
}
