/* conf_ipv6_test.c - the address family of vrrp_instance blocks, IPv6
 * virtual addresses and vrrp_mcast_group6, as keepalived 2.2.7 decides
 * them (checked with its -t and -d on the same configurations). */
#include "unit.h"
#include "conf_test_util.h"

#include <arpa/inet.h>
#include <linux/fib_rules.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

TEST(family_from_first_vip)
{
	struct config c;
	char path[512], *log;
	int e = load_fresh(&c,
		     "vrrp_instance A {\n interface eth0\n virtual_router_id 5\n"
		     " virtual_ipaddress {\n  fe80::10/64\n  2001:db8::5/64 dev lo scope global\n }\n"
		     " virtual_ipaddress_excluded {\n  192.0.2.9\n  2001:db8::9\n }\n}\n",
		     path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK_EQ_INT(c.n_vrrp, 1);
	CHECK_EQ_INT(c.vrrp[0].l3.family, AF_INET6);
	CHECK_EQ_INT(c.vrrp[0].version, 3);     /* IPv6 without `version`: v3 */
	CHECK_EQ_INT(c.vrrp[0].n_vips, 2);
	CHECK_EQ_INT(c.vrrp[0].vips[1].prefixlen, 64);
	CHECK_EQ_INT(c.vrrp[0].n_vips_excluded, 2);   /* excluded may mix */
	char g[INET6_ADDRSTRLEN];
	inet_ntop(AF_INET6, &c.vrrp[0].l3.mcast_group6, g, sizeof(g));
	CHECK_STR(g, "ff02::12");
	free(log);
	config_free(&c);
}

/* An address of the other family is skipped with a warning, as keepalived
 * 2.2.7 does ("address family must match VRRP instance ... ignoring"); an
 * IPv6 instance left without any VIP is an error (it does not run it). */
TEST(family_mismatch_is_skipped)
{
	struct config c;
	char path[512], *log;
	int e = load_fresh(&c,
		     "vrrp_instance A {\n interface eth0\n virtual_router_id 5\n"
		     " virtual_ipaddress {\n  2001:db8::1/64\n  10.0.0.1/24\n }\n}\n"   /* 6 */
		     "vrrp_instance B {\n interface eth0\n virtual_router_id 6\n native_ipv6\n"
		     " virtual_ipaddress {\n  10.1.1.1\n }\n}\n"                          /* 15 */
		     "vrrp_instance C {\n interface eth0\n virtual_router_id 7\n mcast_src_ip 10.0.0.9\n"
		     " virtual_ipaddress {\n  2001:db8::3\n  10.0.0.3\n }\n}\n",          /* 22 */
		     path, &log);
	CHECK_EQ_INT(e, 1);
	CHECK(log_has_at(log, "warning", path, 6,
			 "vrrp_instance A: virtual_ipaddress 10.0.0.1/24 is IPv4, but the instance is IPv6 "
			 "(address family must match): ignored, as keepalived 2.2.7 does"));
	CHECK(log_has_at(log, "warning", path, 14,
			 "vrrp_instance B: virtual_ipaddress 10.1.1.1 is IPv4, but the instance is IPv6"));
	CHECK(log_has_at(log, "error", path, 9, "vrrp_instance B has no virtual_ipaddress: a VRRPv3 or IPv6"));
	CHECK(log_has_at(log, "warning", path, 22,
			 "vrrp_instance C: virtual_ipaddress 2001:db8::3 is IPv6, but the instance is IPv4"));
	if (c.n_vrrp == 3) {
		CHECK_EQ_INT(c.vrrp[0].n_vips, 1);
		CHECK_EQ_INT(c.vrrp[0].vips[0].addr.family, AF_INET6);
		CHECK_EQ_INT(c.vrrp[2].n_vips, 1);
		CHECK_EQ_INT(c.vrrp[2].vips[0].addr.family, AF_INET);
	}
	free(log);
	config_free(&c);
}

/* keepalived 2.2.7: native_ipv6 makes the instance IPv6 and VRRPv3 (over a
 * `version 2` before it, or vrrp_version); a `version 2` after it, or after
 * an IPv6 address, conflicts; so does native_ipv6 after an IPv4 address; a
 * VRRPv3 or IPv6 instance needs an address ("No VIP specified; at least
 * one is required"), a VRRPv2 IPv4 one only gets a warning. */
TEST(native_ipv6_and_no_address)
{
	struct config c;
	char path[512], *log;
	int e = load_fresh(&c,
		     "global_defs {\n vrrp_version 2\n}\n"
		     "vrrp_instance A {\n interface eth0\n virtual_router_id 5\n version 2\n native_ipv6\n"  /* 4-8 */
		     " virtual_ipaddress {\n  fe80::5/64\n }\n}\n"
		     "vrrp_instance B {\n interface eth0\n virtual_router_id 6\n native_ipv6\n version 2\n"  /* 13-17 */
		     " virtual_ipaddress {\n  fe80::6/64\n }\n}\n"
		     "vrrp_instance C {\n interface eth0\n virtual_router_id 7\n"                          /* 22 */
		     " virtual_ipaddress {\n  192.0.2.7\n }\n native_ipv6\n}\n"                       /* 28 */
		     "vrrp_instance D {\n interface eth0\n virtual_router_id 8\n native_ipv6\n}\n"      /* 30 */
		     "vrrp_instance E {\n interface eth0\n virtual_router_id 9\n version 3\n}\n"        /* 35 */
		     "vrrp_instance F {\n interface eth0\n virtual_router_id 10\n}\n"                    /* 40 */
		     "vrrp_instance G {\n interface eth0\n virtual_router_id 11\n"
		     " virtual_ipaddress {\n  fe80::b/64\n }\n version 2\n}\n",                       /* 50 */
		     path, &log);
	CHECK_EQ_INT(e, 3);   /* a conflicting version is ignored, as keepalived 2.2.7 ignores it */
	CHECK(log_has_at(log, "warning", path, 17, "vrrp_instance B: version 2 conflicts"));
	CHECK(log_has_at(log, "error", path, 28, "vrrp_instance C: native_ipv6 with IPv4 addresses"));
	CHECK(log_has_at(log, "error", path, 30, "vrrp_instance D has no virtual_ipaddress: a VRRPv3 or IPv6"));
	CHECK(log_has_at(log, "error", path, 35, "vrrp_instance E has no virtual_ipaddress: a VRRPv3 or IPv6"));
	CHECK(log_has_at(log, "warning", path, 40, "vrrp_instance F has no virtual_ipaddress"));
	CHECK(log_has_at(log, "warning", path, 50, "vrrp_instance G: version 2 conflicts"));
	if (c.n_vrrp >= 1) {
		CHECK_EQ_INT(c.vrrp[0].l3.family, AF_INET6);
		CHECK_EQ_INT(c.vrrp[0].version, 3);
	}
	free(log);
	config_free(&c);
}

TEST(version_and_source)
{
	struct config c;
	char path[512], *log;
	int e = load_fresh(&c,
		     "global_defs {\n vrrp_version 3\n vrrp_mcast_group6 ff02::99\n}\n"
		     "vrrp_instance A {\n interface eth0\n virtual_router_id 5\n version 2\n"
		     " mcast_src_ip fe80::1\n virtual_ipaddress {\n  fe80::10\n }\n}\n"
		     "vrrp_instance B {\n interface eth0\n virtual_router_id 6\n"
		     " virtual_ipaddress {\n  192.0.2.1\n }\n}\n",
		     path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK_EQ_INT(c.vrrp[0].version, 2);     /* the instance's own `version 2` stays */
	CHECK_EQ_INT(c.vrrp[0].l3.family, AF_INET6);
	char a[INET6_ADDRSTRLEN];
	inet_ntop(AF_INET6, &c.vrrp[0].l3.mcast_src6, a, sizeof(a));
	CHECK_STR(a, "fe80::1");
	inet_ntop(AF_INET6, &c.vrrp[0].l3.mcast_group6, a, sizeof(a));
	CHECK_STR(a, "ff02::99");
	CHECK_EQ_INT(c.vrrp[1].l3.family, AF_INET);
	CHECK_EQ_INT(c.vrrp[1].version, 3);
	free(log);
	config_free(&c);
}

TEST(mcast_group6_checked)
{
	struct config c;
	char path[512], *log;
	int e = load_fresh(&c, "global_defs {\n vrrp_mcast_group6 ff05::99\n vrrp_mcast_group6 2001::99\n}\n",
		     path, &log);
	CHECK_EQ_INT(e, 2);
	CHECK(log_has_at(log, "error", path, 2,
			 "vrrp_mcast_group6 must be a link-local multicast address (ff02::/16), got ff05::99"));
	CHECK(log_has_at(log, "error", path, 3, "vrrp_mcast_group6 must be an IPv6 multicast address, got 2001::99"));
	free(log);
	config_free(&c);
}

TEST(same_vrid_both_families)
{
	struct config c;
	char path[512], *log;
	/* one VRID per interface and family: v4 and v6 may share it */
	int e = load_fresh(&c,
		     "vrrp_instance A {\n interface eth0\n virtual_router_id 5\n virtual_ipaddress {\n  192.0.2.1\n }\n}\n"
		     "vrrp_instance B {\n interface eth0\n virtual_router_id 5\n virtual_ipaddress {\n  fe80::1\n }\n}\n",
		     path, &log);
	CHECK_EQ_INT(e, 0);
	free(log);
	config_free(&c);
}

/* AH over IPv6: keepalived 2.2.7 warns and runs without authentication
 * (PASS stays: v2 over IPv6 carries its type, not its data). */
TEST(ah_with_ipv6_cleared)
{
	struct config c;
	char path[512], *log;
	int e = load_fresh(&c,
		     "vrrp_instance A {\n interface eth0\n virtual_router_id 5\n version 2\n"
		     " authentication {\n  auth_type AH\n  auth_pass secret\n }\n"      /* 6 */
		     " virtual_ipaddress {\n  fe80::10\n }\n}\n"
		     "vrrp_instance B {\n interface eth0\n virtual_router_id 6\n version 2\n"
		     " authentication {\n  auth_type PASS\n  auth_pass secret\n }\n"
		     " virtual_ipaddress {\n  fe80::11\n }\n}\n",
		     path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK(log_has_at(log, "warning", path, 5,
			 "vrrp_instance A: AH authentication cannot be used with IPv6: ignored"));
	CHECK_EQ_INT(c.vrrp[0].auth_type, VRRP_AUTH_NONE);
	CHECK_EQ_INT(c.vrrp[1].auth_type, VRRP_AUTH_PASS);
	free(log);
	config_free(&c);
}

/* unicast over IPv6: unicast_src_ip is mcast_src_ip (one setting in
 * keepalived) and, like each unicast_peer, fixes the family when nothing
 * did before; a peer or address of the other family is skipped with a
 * warning at its line, as keepalived 2.2.7 skips it ("address family must
 * match"). */
TEST(unicast_family)
{
	struct config c;
	char path[512], *log;
	int e = load_fresh(&c,
		     "vrrp_instance A {\n interface eth0\n virtual_router_id 5\n"
		     " unicast_src_ip fd00::1\n unicast_ttl 64\n"
		     " unicast_peer {\n  fd00::2 min_ttl 60\n }\n"
		     " virtual_ipaddress {\n  fd00::100/64\n }\n}\n"                   /* 13 */
		     "vrrp_instance B {\n interface eth0\n virtual_router_id 6\n"
		     " unicast_peer {\n  fd00::2\n }\n"
		     " virtual_ipaddress {\n  10.0.0.1\n }\n}\n"                        /* 22 */
		     "vrrp_instance C {\n interface eth0\n virtual_router_id 7\n"
		     " virtual_ipaddress {\n  fd00::7\n }\n"
		     " unicast_peer {\n  fd00::2\n  10.0.0.2\n }\n}\n"                /* 33 */
		     "vrrp_instance D {\n interface eth0\n virtual_router_id 8\n"
		     " unicast_src_ip 10.0.0.1\n unicast_peer {\n  10.0.0.2\n }\n"
		     " virtual_ipaddress {\n  10.0.0.8\n }\n}\n",
		     path, &log);
	CHECK_EQ_INT(e, 1);   /* B is left without address: an IPv6 instance needs one */
	CHECK(log_has_at(log, "warning", path, 20,
			 "vrrp_instance B: virtual_ipaddress 10.0.0.1 is IPv4, but the instance is IPv6"));
	CHECK(log_has_at(log, "warning", path, 31,
			 "vrrp_instance C: unicast_peer 10.0.0.2 is IPv4, but the instance is IPv6"));
	const struct vrrp_instance_conf *a = &c.vrrp[0], *d = &c.vrrp[3];
	CHECK_EQ_INT(a->l3.family, AF_INET6);
	CHECK_EQ_INT(a->version, 3);
	char t[INET6_ADDRSTRLEN];
	inet_ntop(AF_INET6, &a->l3.mcast_src6, t, sizeof(t));
	CHECK_STR(t, "fd00::1");
	CHECK(a->ext.unicast);
	CHECK_EQ_INT(a->ext.n_peers, 1);
	CHECK_EQ_INT(a->ext.peers[0].addr.family, AF_INET6);
	CHECK_EQ_INT(a->ext.peers[0].min_ttl, 60);
	CHECK(a->ext.check_unicast_src);            /* a TTL range turns it on */
	CHECK(a->ext.unicast_ttl_set);
	CHECK_EQ_INT(a->ext.unicast_ttl, 64);
	CHECK_EQ_INT(c.vrrp[1].l3.family, AF_INET6);   /* the peer came first */
	CHECK_EQ_INT(d->l3.family, AF_INET);
	inet_ntop(AF_INET, &d->mcast_src_ip, t, sizeof(t));
	CHECK_STR(t, "10.0.0.1");
	CHECK(!d->ext.unicast_ttl_set);
	CHECK_EQ_INT(d->ext.unicast_ttl, 255);
	free(log);
	config_free(&c);
}

/* doc/samples' IPv6 and dual-stack examples pass -t (as keepalived's do). */
TEST(samples_pass)
{
	static const char *const names[] = { "doc/samples/keepalived.conf.ipv6",
					     "doc/samples/keepalived.conf.dualstack" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct config c;
		char path[512], *log;
		config_init(&c);
		int e = load_capture(&c, srcfile(path, sizeof(path), names[i]), true, &log);
		CHECK_EQ_INT(e, 0);
		if (e)
			fprintf(stderr, "%s:\n%s\n", names[i], log);
		CHECK(c.n_vrrp >= 1 && c.vrrp[c.n_vrrp - 1].l3.family == AF_INET6);
		free(log);
		config_free(&c);
	}
}

/* What RFC 3768/5798 forbid under vrrp_strict: keepalived 2.2.7 resets it
 * with a warning and runs the instance (its -t and data dump say so); only
 * an instance without a virtual address is an error. */
TEST(strict_mode_resets)
{
	struct config c;
	char path[512], *log;
	int e = load_fresh(&c,
		     "global_defs {\n vrrp_strict\n vrrp_higher_prio_send_advert\n}\n"
		     "vrrp_instance A {\n interface eth0\n virtual_router_id 5\n preempt_delay 5\n"   /* 5-8 */
		     " authentication {\n  auth_type PASS\n  auth_pass x\n }\n"                    /* 9 */
		     " virtual_ipaddress {\n  192.0.2.1\n }\n}\n"
		     "vrrp_instance B {\n interface eth0\n virtual_router_id 6\n accept\n"           /* 17 */
		     " lower_prio_no_advert false\n garp_lower_prio_repeat 3\n"
		     " virtual_ipaddress {\n  192.0.2.2\n }\n}\n"
		     "vrrp_instance C {\n interface eth0\n virtual_router_id 7\n version 2\n"         /* 27 */
		     " virtual_ipaddress {\n  2001:db8::1\n }\n}\n"
		     "vrrp_instance D {\n interface eth0\n virtual_router_id 8\n strict_mode off\n"
		     " preempt_delay 5\n virtual_ipaddress {\n  192.0.2.3\n }\n}\n"
		     "vrrp_instance E {\n interface eth0\n virtual_router_id 9\n version 3\n accept\n"
		     " virtual_ipaddress {\n  192.0.2.4\n }\n}\n"
		     "vrrp_instance F {\n interface eth0\n virtual_router_id 10\n state MASTER\n priority 100\n"  /* 53-57 */
		     " use_vmac\n vmac_xmit_base\n}\n"
		     "vrrp_instance G {\n state MASTER\n interface eth0\n virtual_router_id 11\n"
		     " virtual_ipaddress {\n  192.0.2.7\n }\n}\n",
		     path, &log);
	CHECK_EQ_INT(e, 1);
	CHECK(log_has_at(log, "error", path, 53, "vrrp_instance F: strict mode needs at least one virtual_ipaddress"));
	CHECK(log_has_at(log, "warning", path, 57, "vrrp_instance F: in strict mode state MASTER is for the address owner"));
	CHECK(log_has_at(log, "warning", path, 53, "vrrp_instance F: vmac_xmit_base is incompatible with strict mode"));
	CHECK(count_in(log, "strict mode does not allow authentication: ignored") == 1);
	CHECK(log_has_at(log, "warning", path, 5, "vrrp_instance A: preempt_delay is incompatible with strict mode"));
	CHECK(log_has_at(log, "warning", path, 17,
			 "vrrp_instance B: accept mode does not comply with RFC 3768 (VRRP version 2) in strict mode"));
	CHECK(log_has_at(log, "warning", path, 17, "vrrp_instance B: strict mode requires lower_prio_no_advert"));
	CHECK(log_has_at(log, "warning", path, 17, "vrrp_instance B: strict mode requires no garp_lower_prio_repeat"));
	CHECK(log_has_at(log, "warning", path, 27, "vrrp_instance C: strict mode cannot use IPv6 with VRRP version 2"));
	CHECK(log_has_at(log, "warning", path, 27,
			 "vrrp_instance C: in strict mode the first IPv6 virtual_ipaddress should be link-local"));
	CHECK_EQ_INT(c.n_vrrp, 7);
	if (c.n_vrrp != 7)
		goto out;
	CHECK(c.vrrp[0].auth_type == VRRP_AUTH_NONE && c.vrrp[0].preempt_delay_ms == 0);   /* A */
	CHECK(!c.vrrp[1].l3.accept && c.vrrp[1].ext.lower_prio_no_advert);                 /* B */
	CHECK(c.vrrp[1].ext.garp_lower_prio_repeat == 0 && c.vrrp[1].ext.garp_lower_prio_delay_s == 0);
	CHECK(!c.vrrp[1].ext.higher_prio_send_advert);          /* the global is overridden too */
	CHECK_EQ_INT(c.vrrp[2].version, 3);                     /* C */
	CHECK(c.vrrp[2].l3.strict && !c.vrrp[2].l3.accept);
	CHECK(!c.vrrp[3].l3.strict && c.vrrp[3].l3.accept && c.vrrp[3].preempt_delay_ms);  /* D: strict_mode off */
	CHECK(c.vrrp[3].ext.higher_prio_send_advert);
	CHECK(c.vrrp[4].l3.strict && c.vrrp[4].l3.accept);      /* E: v3 accept */
	CHECK(c.vrrp[5].initial_state == VRRP_STATE_BACKUP && !c.vrrp[5].l3.vmac_xmit_base);   /* F */
	CHECK(c.vrrp[6].initial_state == VRRP_STATE_MASTER && c.vrrp[6].priority == 255);     /* G */
out:
	free(log);
	config_free(&c);
}

/* mcast_dst_ip: the instance's own group; it decides the family. */
TEST(mcast_dst_ip)
{
	struct config c;
	char path[512], *log;
	int e = load_fresh(&c,
		     "vrrp_instance A {\n interface eth0\n virtual_router_id 5\n mcast_dst_ip ff02::1:12\n"
		     " virtual_ipaddress {\n  2001:db8::5/64\n }\n}\n"
		     "vrrp_instance B {\n interface eth0\n virtual_router_id 6\n mcast_dst_ip 224.0.0.19\n"
		     " virtual_ipaddress {\n  192.0.2.6\n }\n}\n"
		     "vrrp_instance C {\n interface eth0\n virtual_router_id 7\n mcast_dst_ip ff05::12\n"   /* 20 */
		     " virtual_ipaddress {\n  2001:db8::7/64\n }\n}\n"
		     "vrrp_instance D {\n interface eth0\n virtual_router_id 8\n mcast_dst_ip 10.1.1.1\n"    /* 28 */
		     " virtual_ipaddress {\n  192.0.2.8\n }\n}\n"
		     "vrrp_instance E {\n interface eth0\n virtual_router_id 9\n mcast_dst_ip ff02::1:12\n"  /* 36 */
		     " virtual_ipaddress {\n  192.0.2.9\n }\n}\n",
		     path, &log);
	/* C and D: skipped (the default group), as keepalived 2.2.7; E: the
	 * group made it IPv6, its IPv4 VIP is skipped and an IPv6 instance
	 * without VIP does not run */
	CHECK_EQ_INT(e, 1);
	CHECK(log_has_at(log, "warning", path, 20, "mcast_dst_ip must be a link-local multicast address"));
	CHECK(log_has_at(log, "warning", path, 28, "mcast_dst_ip must be a multicast address, got 10.1.1.1: "
			 "ignored, the default group is used"));
	CHECK(count_in(log, "address family must match") == 1);
	CHECK(log_has_at(log, "error", path, 33, "vrrp_instance E has no virtual_ipaddress"));
	CHECK_EQ_INT(c.n_vrrp, 5);
	if (c.n_vrrp == 5) {
		char g[INET6_ADDRSTRLEN];
		CHECK_EQ_INT(c.vrrp[0].l3.family, AF_INET6);
		inet_ntop(AF_INET6, &c.vrrp[0].l3.mcast_group6, g, sizeof(g));
		CHECK_STR(g, "ff02::1:12");
		CHECK_STR(inet_ntop(AF_INET, &c.vrrp[1].mcast_group, g, sizeof(g)), "224.0.0.19");
		inet_ntop(AF_INET6, &c.vrrp[2].l3.mcast_group6, g, sizeof(g));
		CHECK_STR(g, "ff02::12");
		CHECK_STR(inet_ntop(AF_INET, &c.vrrp[3].mcast_group, g, sizeof(g)), "224.0.0.18");
	}
	free(log);
	config_free(&c);
}

/* Rules without priority: keepalived 2.2.7 counts down from 16384 per
 * family, in the order of the file, static and virtual rules alike. */
TEST(rule_priority_counts_down)
{
	struct config c;
	char path[512], *log;
	int e = load_fresh(&c,
		     "static_rules {\n from 192.0.2.1 table 100\n from 2001:db8::1 table 100\n"
		     " from 192.0.2.2 table 101 priority 7\n from 192.0.2.3 table 102\n}\n"
		     "vrrp_instance R {\n interface eth0\n virtual_router_id 9\n"
		     " virtual_ipaddress {\n  192.0.2.90/24\n }\n"
		     " virtual_rules {\n  to 10.80.0.0/16 table 80\n  to 2001:db8:8::/48 table 80\n }\n}\n",
		     path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK_EQ_INT(c.global.statics.n_rules, 4);
	if (c.global.statics.n_rules == 4) {
		CHECK_EQ_INT(c.global.statics.rules[0].priority, 16384);
		CHECK_EQ_INT(c.global.statics.rules[1].priority, 16384);   /* IPv6 counts on its own */
		CHECK_EQ_INT(c.global.statics.rules[2].priority, 7);
		CHECK_EQ_INT(c.global.statics.rules[3].priority, 16383);
	}
	if (c.n_vrrp == 1 && c.vrrp[0].l3.rt.n_rules == 2) {
		CHECK_EQ_INT(c.vrrp[0].l3.rt.rules[0].priority, 16382);
		CHECK_EQ_INT(c.vrrp[0].l3.rt.rules[1].priority, 16383);
	}
	CHECK(log_has_at(log, "warning", path, 5, "rule has no priority: 16383 is used"));
	free(log);
	config_free(&c);
}

/* garp_group { }: intervals and interfaces; an interface in two groups
 * stays in the first, with a warning (keepalived 2.2.7: "garp_group already
 * specified for eth1 - ignoring"; it was an error); a group without
 * interface a notice (keepalived accepts it silently); one without an
 * interval is removed with a warning (2.2.7: "does not have any delay set
 * - removing"). */
TEST(garp_group)
{
	struct config c;
	char path[512], *log;
	int e = load_fresh(&c,
		     "garp_group {\n garp_interval 0.25\n gna_interval 0.000001\n interfaces {\n  eth0 eth1\n  eth2\n }\n}\n"
		     "garp_group {\n garp_interval 1\n interface eth3\n}\n"                 /* 9-12 */
		     "garp_group {\n interface eth1\n}\n"                                     /* 13-15 */
		     "garp_group {\n gna_interval 2\n}\n"                                     /* 16-18 */
		     "vrrp_instance A {\n interface eth0\n virtual_router_id 5\n"
		     " virtual_ipaddress {\n  192.0.2.1\n }\n}\n",
		     path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK(log_has_at(log, "warning", path, 14, "garp_group: interface eth1 is already in a garp_group: ignored here"));
	CHECK_EQ_INT(vrrp_garp_group_of(&c.global.garp_groups, "eth1", NULL), 0);
	CHECK(log_has_at(log, "warning", path, 13, "garp_group without garp_interval or gna_interval: removed"));
	CHECK(strstr(log, ":16: garp_group without interface or interfaces { } applies to nothing") != NULL);
	CHECK(!log_has_at_quiet(log, "warning", path, 16));
	const struct vrrp_garp_groups *g = &c.global.garp_groups;
	CHECK_EQ_INT(g->n_groups, 3);
	if (g->n_groups == 3) {
		CHECK_EQ_INT(g->groups[2].gna_interval_us, 2000000);
		CHECK_EQ_INT(g->groups[0].garp_interval_us, 250000);
		CHECK_EQ_INT(g->groups[0].gna_interval_us, 1);
		CHECK_EQ_INT(g->groups[0].n_ifnames, 3);
		CHECK_EQ_INT(g->groups[1].garp_interval_us, 1000000);
		CHECK_EQ_INT(g->groups[1].gna_interval_us, 0);
		CHECK_EQ_INT(vrrp_garp_group_of(g, "eth2", NULL), 0);
		CHECK_EQ_INT(vrrp_garp_group_of(g, "vrrp.5", "eth3"), 1);   /* a VMAC on eth3 */
		CHECK_EQ_INT(vrrp_garp_group_of(g, "eth9", "eth8"), -1);
	}
	free(log);
	config_free(&c);
}

/* vmac_prefix: the default VMAC names become PREFIX.VRID (keepalived 2.2.7
 * names them so); a name given to use_vmac stays. */
TEST(vmac_prefix)
{
	struct config c;
	char path[512], *log;
	int e = load_fresh(&c,
		     "global_defs {\n vmac_prefix kavm\n}\n"
		     "vrrp_instance A {\n interface eth0\n virtual_router_id 51\n use_vmac\n"
		     " virtual_ipaddress {\n  192.0.2.1\n }\n}\n"
		     "vrrp_instance B {\n interface eth0\n virtual_router_id 52\n use_vmac mine\n"
		     " virtual_ipaddress {\n  192.0.2.2\n }\n}\n",
		     path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK_EQ_INT(c.n_vrrp, 2);
	if (c.n_vrrp == 2) {
		CHECK_STR(c.vrrp[0].l3.vmac_name, "kavm.51");
		CHECK_STR(c.vrrp[1].l3.vmac_name, "mine");
	}
	free(log);
	config_free(&c);
	e = load_fresh(&c, "global_defs {\n vmac_prefix abcdefghijkl\n}\n", path, &log);   /* 12: too long */
	CHECK_EQ_INT(e, 1);
	free(log);
	config_free(&c);
}

TEST(use_ipvlan)
{
	struct config c;
	char path[512], *log;
	int e = load_fresh(&c,
		     "vrrp_instance A {\n interface eth0\n virtual_router_id 51\n use_ipvlan vepa 192.0.2.5/24 ipa\n"
		     " virtual_ipaddress {\n  192.0.2.1\n }\n}\n"
		     "vrrp_instance B {\n interface eth0\n virtual_router_id 52\n use_ipvlan fd00::5\n"
		     " virtual_ipaddress {\n  fe80::1\n }\n}\n"
		     "vrrp_instance C {\n interface eth0\n virtual_router_id 53\n use_ipvlan\n"   /* 11-12 */
		     " native_ipv6\n virtual_ipaddress {\n  fe80::3\n }\n}\n",   /* an IPv6 instance needs one */
		     path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK_EQ_INT(c.n_vrrp, 3);
	if (c.n_vrrp == 3) {
		const struct vrrp_l3_conf *a = &c.vrrp[0].l3, *b = &c.vrrp[1].l3;
		CHECK(a->use_ipvlan && !a->use_vmac && a->ipvlan_flags == IPVLAN_F_VEPA && a->ipvlan_plen == 24);
		CHECK_STR(a->vmac_name, "ipa");
		CHECK(c.vrrp[0].mcast_src_ip.s_addr == htonl(0xc0000205));   /* the adverts' source */
		CHECK(b->use_ipvlan && b->ipvlan_flags == 0);
		CHECK_STR(b->vmac_name, "vrrp.52");
		CHECK(b->ipvlan_plen == 128 && b->mcast_src6.s6_addr[15] == 5 && b->family == AF_INET6);
		CHECK(!c.vrrp[2].l3.ipvlan_addr.family && c.vrrp[2].l3.use_ipvlan);
	}
	free(log);
	config_free(&c);
	/* IPv4 without an address, with use_vmac, with vmac_xmit_base, a word twice, mixed modes */
	e = load_fresh(&c,
		 "vrrp_instance A {\n interface eth0\n virtual_router_id 51\n use_ipvlan\n"           /* 1 */
		 " virtual_ipaddress {\n  192.0.2.1\n }\n}\n"
		 "vrrp_instance B {\n interface eth0\n virtual_router_id 52\n use_ipvlan 192.0.2.6\n"  /* 9 */
		 " use_vmac\n}\n"
		 "vrrp_instance C {\n interface eth0\n virtual_router_id 53\n use_ipvlan 192.0.2.7\n"  /* 15 */
		 " vmac_xmit_base\n}\n"
		 "vrrp_instance D {\n interface eth0\n virtual_router_id 54\n"                          /* 21 */
		 " use_ipvlan 192.0.2.8 private bridge\n}\n"                                           /* 24 */
		 "vrrp_instance E {\n interface eth0\n virtual_router_id 55\n"                          /* 26 */
		 " use_ipvlan 192.0.2.9 vepa\n}\n",
		 path, &log);
	CHECK_EQ_INT(e, 2);   /* the error count */
	/* keepalived 2.2.7: reported (-t 5), the instance runs in FAULT */
	CHECK(log_has_at(log, "warning", path, 1, "(A) IPv4 ipvlan requires a source ip address to be configured"));
	CHECK(c.n_vrrp < 1 || c.vrrp[0].l3.ipvlan_fault);
	CHECK(c.n_vrrp < 4 || !c.vrrp[3].l3.ipvlan_fault);
	CHECK(log_has_at(log, "error", path, 9, "vrrp_instance B: use_vmac and use_ipvlan cannot both be used"));
	/* keepalived 2.2.7: reported, cleared, the file runs (-t exits 5) */
	CHECK(log_has_at(log, "warning", path, 15, "(C) vmac_xmit_base is only valid with a vmac (use_vmac): ignored"));
	CHECK(c.n_vrrp < 3 || !c.vrrp[2].l3.vmac_xmit_base);
	CHECK(log_has_at(log, "error", path, 24, "use_ipvlan: the mode is given twice ('bridge')"));
	CHECK(log_has_at(log, "warning", path, 26, "vrrp_instance E: use_ipvlan mode differs from vrrp_instance A's on eth0"));
	free(log);
	config_free(&c);
	/* vrf: only without interface; the device must exist */
	e = load_fresh(&c,
		 "vrrp_instance A {\n interface eth0\n virtual_router_id 51\n vrf lo2\n}\n"
		 "vrrp_instance B {\n virtual_router_id 52\n vrf kt-no-such-vrf\n unicast_src_ip 192.0.2.1\n"  /* 6 */
		 " unicast_peer {\n  192.0.2.2\n }\n}\n",
		 path, &log);
	CHECK_EQ_INT(e, 2);
	CHECK(log_has_at(log, "error", path, 1, "vrrp_instance A: vrf is for an instance without interface (not with interface eth0)"));
	CHECK(log_has_at(log, "error", path, 6, "vrrp_instance B: VRF interface kt-no-such-vrf does not exist"));
	free(log);
	config_free(&c);
}

TEST(garp_extra_if)
{
	struct config c;
	char path[512], *log;
	int e = load_fresh(&c,
		     "global_defs {\n vrrp_garp_extra_if all 30\n}\n"
		     "vrrp_instance A {\n interface eth0\n virtual_router_id 51\n garp_extra_if 20\n"
		     " virtual_ipaddress {\n  192.0.2.1\n }\n}\n"
		     "vrrp_instance B {\n interface eth0\n virtual_router_id 52\n"
		     " virtual_ipaddress {\n  192.0.2.2\n }\n}\n",
		     path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK_EQ_INT(c.n_vrrp, 2);
	if (c.n_vrrp == 2) {
		CHECK(c.vrrp[0].l3.garp_extra_s == 20 && !c.vrrp[0].l3.garp_extra_all);   /* its own, without all */
		CHECK(c.vrrp[1].l3.garp_extra_s == 30 && c.vrrp[1].l3.garp_extra_all);    /* the global one */
	}
	free(log);
	config_free(&c);
	/* -t: the deprecated spellings and a missing time are errors (keepalived 2.2.7 exits 5) */
	e = load_fresh(&c,
		 "global_defs {\n vrrp_vmac_garp_intvl 30\n}\n"
		 "vrrp_instance A {\n interface eth0\n virtual_router_id 51\n vmac_garp_intvl 20\n"   /* 7 */
		 " garp_extra_if all\n}\n",
		 path, &log);
	CHECK_EQ_INT(e, 3);
	CHECK(log_has_at(log, "error", path, 2, "'vrrp_vmac_garp_intvl' is deprecated, use 'vrrp_garp_extra_if'"));
	CHECK(log_has_at(log, "error", path, 7, "'vmac_garp_intvl' is deprecated, use 'garp_extra_if'"));
	CHECK(log_has_at(log, "error", path, 8, "garp_extra_if needs SECONDS"));
	free(log);
	config_free(&c);
}

TEST(use_vmac_addr)
{
	struct config c;
	char path[512], *log;
	int e = load_fresh(&c,
		     "vrrp_instance A {\n interface eth0\n virtual_router_id 51\n use_vmac_addr\n"
		     " virtual_ipaddress {\n  192.0.2.1\n }\n"
		     " virtual_ipaddress_excluded {\n  fd00::1\n  fd00::2\n }\n}\n"
		     "vrrp_instance B {\n interface eth0\n virtual_router_id 52\n use_vmac\n use_vmac_addr\n"
		     " virtual_ipaddress {\n  192.0.2.2\n }\n"
		     " virtual_ipaddress_excluded {\n  fd00::3\n }\n}\n",
		     path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK_EQ_INT(c.n_vrrp, 2);
	if (c.n_vrrp == 2) {
		const struct vrrp_instance_conf *a = &c.vrrp[0], *b = &c.vrrp[1];
		CHECK(a->l3.n_addr_vmacs == 1 && b->l3.n_addr_vmacs == 1);
		if (a->l3.n_addr_vmacs == 1 && b->l3.n_addr_vmacs == 1) {
			/* keepalived's names: PREFIX.VRID, else PREFIX6.VRID for IPv6 */
			CHECK_STR(a->l3.addr_vmacs[0].name, "vrrp.51");
			CHECK_STR(a->l3.addr_vmacs[0].base, "eth0");
			CHECK(a->l3.addr_vmacs[0].family == AF_INET6);
			CHECK_STR(b->l3.addr_vmacs[0].name, "vrrp6.52");   /* vrrp.52 is B's own VMAC */
		}
		CHECK_STR(a->vips[0].dev, "");   /* same interface and family: stays */
		CHECK_STR(a->vips_excluded[0].dev, "vrrp.51");
		CHECK_STR(a->vips_excluded[1].dev, "vrrp.51");
		CHECK_STR(b->vips_excluded[0].dev, "vrrp6.52");
	}
	free(log);
	config_free(&c);
	e = load_fresh(&c,
		 "global_defs {\n vmac_addr_prefix ka\n}\n"
		 "vrrp_instance A {\n interface eth0\n virtual_router_id 51\n use_vmac_addr\n"
		 " virtual_ipaddress {\n  fd00::1\n }\n"
		 " virtual_ipaddress_excluded {\n  192.0.2.1\n }\n}\n",
		 path, &log);
	CHECK_EQ_INT(e, 0);
	if (c.n_vrrp == 1 && c.vrrp[0].l3.n_addr_vmacs == 1)
		CHECK_STR(c.vrrp[0].l3.addr_vmacs[0].name, "ka.51");
	else
		CHECK(false);
	free(log);
	config_free(&c);
}

/* An address line's use_vmac, and where the other family goes with
 * use_vmac, as keepalived 2.2.7 decides (measured: test/netns/vmac.sh). */
TEST(vip_line_use_vmac)
{
	struct config c;
	char path[512], *log;
	int e = load_fresh(&c,
		     "vrrp_instance A {\n interface eth0\n virtual_router_id 51\n"                  /* 1 */
		     " virtual_ipaddress {\n  192.0.2.1\n  192.0.2.2 use_vmac\n }\n"
		     " virtual_ipaddress_excluded {\n  fd00::1 use_vmac\n  192.0.2.3 dev eth0 use_vmac\n }\n}\n"
		     "vrrp_instance B {\n interface eth0\n virtual_router_id 52\n use_vmac\n"     /* 13 */
		     " virtual_ipaddress {\n  192.0.2.4 use_vmac\n }\n"
		     " virtual_ipaddress_excluded {\n  fd00::2\n }\n}\n"
		     "vrrp_instance C {\n interface eth0\n virtual_router_id 53\n use_vmac_addr\n" /* 24 */
		     " virtual_ipaddress {\n  192.0.2.5\n }\n"
		     " virtual_ipaddress_excluded {\n  fd00::3 use_vmac\n }\n}\n"
		     "static_ipaddress {\n 192.0.2.9/32 dev lo use_vmac\n}\n",                   /* 35, 36 */
		     path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK_EQ_INT(c.n_vrrp, 3);
	if (c.n_vrrp == 3) {
		const struct vrrp_instance_conf *a = &c.vrrp[0], *b = &c.vrrp[1], *cc = &c.vrrp[2];
		CHECK_STR(a->vips[0].dev, "");                /* no use_vmac: stays on eth0 */
		CHECK_STR(a->vips[1].dev, "vrrp.51");         /* PREFIX.VRID: A has no VMAC of its own */
		CHECK(a->vips[1].use_vmac);
		CHECK_STR(a->vips_excluded[0].dev, "vrrp6.51");
		CHECK_STR(a->vips_excluded[1].dev, "vrrp.51");   /* eth0 and IPv4: the same one */
		CHECK_EQ_INT(a->l3.n_addr_vmacs, 2);
		CHECK(!b->vips[0].use_vmac && !b->vips[0].dev[0]);   /* on B's own VMAC anyway */
		CHECK_STR(b->vips_excluded[0].dev, "eth0");      /* the other family: not on the VMAC */
		CHECK_EQ_INT(b->l3.n_addr_vmacs, 0);
		CHECK(!cc->vips_excluded[0].use_vmac);            /* use_vmac_addr covers it */
		CHECK_STR(cc->vips_excluded[0].dev, "vrrp.53");
	}
	CHECK(log_has_at(log, "warning", path, 13, "(B) use_vmac specified for VIP/eVIP 192.0.2.4/32 and vrrp instance"));
	CHECK(log_has_at(log, "warning", path, 24, "(C) use_vmac_addr specified and use_vmac specified for VIP/eVIP fd00::3/128"));
	CHECK(log_has_at(log, "warning", path, 36, "use_vmac is for a vrrp_instance's addresses, not static_ipaddress: ignored"));
	CHECK(c.global.statics.n_addrs == 1 && !c.global.statics.addrs[0].use_vmac);
	free(log);
	config_free(&c);
}

TEST(nftables_keywords)
{
	struct config c;
	char path[512], *log;
	int e = load_fresh(&c,
		     "global_defs {\n nftables ka_test\n nftables_priority -5\n nftables_counters\n"
		     " nftables_ifindex\n vrrp_iptables IN OUT\n}\n"
		     "vrrp_instance A {\n interface eth0\n virtual_router_id 5\n no_accept\n"
		     " virtual_ipaddress {\n  192.0.2.1\n }\n}\n",
		     path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK_STR(c.global.fw.table, "ka_test");
	CHECK_EQ_INT(c.global.fw.priority, -5);
	CHECK(c.global.fw.counters);
	CHECK(!c.vrrp[0].l3.accept && !c.vrrp[0].l3.strict);
	CHECK(log_has_at(log, "warning", path, 6, "vrrp_iptables: iptables is not used"));
	free(log);
	config_free(&c);
}

TEST(routes_and_rules)
{
	struct config c;
	char path[512], *log;
	int e = load_fresh(&c,
		     "static_ipaddress {\n 192.0.2.200/24 dev lo\n 192.0.2.201/24\n}\n"                 /* 3 */
		     "static_rules {\n from 10.1.0.0/16 table 60\n}\n"                                   /* 6 */
		     "vrrp_instance R {\n interface eth0\n virtual_router_id 9\n"
		     " virtual_ipaddress {\n  192.0.2.90/24\n }\n"
		     " virtual_routes {\n"
		     "  src 192.0.2.90 to 10.70.0.0/16 via 192.0.2.254 dev lo metric 5 table main\n"    /* 15 */
		     "  blackhole 10.72.0.0/16 protocol static\n"
		     "  2001:db8:1::/48 via fe80::1 dev lo onlink mtu 1400\n"
		     "  10.73.0.0/16 via 192.0.2.254 initcwnd 10\n"                                     /* 18 */
		     "  10.74.0.0/16 via 2001:db8::1\n"                                                  /* 19 */
		     "  10.75.0.0/16 dev lo rtt lock 2s rttvar 100 rto_min 50ms congctl lock bbr realms 2/3"
		     " features ecn append mtu 9000\n"
		     "  2001:db8:2::/48 from 2001:db8:3::/48 dev lo pref low expires 60 realms 1\n"      /* 21 */
		     " }\n"
		     " virtual_rules {\n"
		     "  from 10.80.0.0/16 table 80 priority 800\n"                                       /* 24 */
		     "  to 10.81.0.0/16 lookup 81 pref 810\n"                                            /* 25 */
		     "  fwmark 0x5/0xff table 82 preference 820 iif lo\n"
		     "  from all goto 100 priority 50\n"
		     "  not from 10.90.0.0/16 table 90 priority 900 sport 1-2 dport 80 ipproto udp uidrange 5-6"
		     " sup_pl 8 sup_group default tunnel-id 0x10\n"                                       /* 28 */
		     "  to 10.91.0.0/16 priority 910 type prohibit\n"
		     "  to 10.92.0.0/16 priority 920 l3mdev\n"
		     "  to 10.93.0.0/16 priority 930 nop table 5\n"                                        /* 31 */
		     "  to 10.94.0.0/16 priority 940 realms 1 blackhole\n"
		     " }\n}\n",
		     path, &log);
	/* what keepalived 2.2.7 cannot do the same way is an error (a static
	 * address without dev); a route or rule it cannot read is skipped, as
	 * there */
	CHECK_EQ_INT(e, 1);
	CHECK(log_has_at(log, "error", path, 3, "static_ipaddress 192.0.2.201/24 needs 'dev IFNAME'"));
	CHECK(log_has_at(log, "warning", path, 6, "rule has no priority: 16384 is used"));
	CHECK(log_has_at(log, "warning", path, 19, "Cannot mix IPv4 and IPv6 addresses for route: the line is skipped"));
	CHECK(log_has_at(log, "warning", path, 21, "route: realms are only valid for IPv4: the line is skipped"));
	CHECK(log_has_at(log, "warning", path, 25, "unknown rule option 'pref': the line is skipped"));
	CHECK(log_has_at(log, "warning", path, 28, "invalid dport range 80: ignored"));
	CHECK(log_has_at(log, "warning", path, 31, "Cannot specify more than one of table/nop"));
	CHECK(log_has_at(log, "warning", path, 32, "suppressor/realm specified for non table action"));
	CHECK_EQ_INT(c.global.statics.n_addrs, 1);
	CHECK_EQ_INT(c.global.statics.n_rules, 1);
	CHECK_EQ_INT(c.global.statics.rules[0].priority, 16384);
	const struct vrrp_routes_conf *rt = &c.vrrp[0].l3.rt;
	CHECK_EQ_INT(rt->n_routes, 5);
	CHECK_EQ_INT(rt->n_rules, 6);
	if (rt->n_routes == 5) {
		CHECK_EQ_INT(rt->routes[0].dst_len, 16);
		CHECK_EQ_INT(rt->routes[0].metric, 5);
		CHECK_EQ_INT(rt->routes[0].table, 254);
		CHECK_EQ_INT(rt->routes[0].protocol, 18);
		CHECK_EQ_INT(rt->routes[0].src.family, AF_INET);
		CHECK_EQ_INT(rt->routes[1].type, 6);          /* RTN_BLACKHOLE */
		/* keepalived 2.2.7: a tracked route is protocol keepalived, and one
		 * without dev is not tracked (both warnings) */
		CHECK_EQ_INT(rt->routes[1].protocol, 18);
		CHECK(rt->routes[1].no_track);
		CHECK(!rt->routes[0].no_track);
		CHECK(log_has_at(log, "warning", path, 16, "route: a tracked route has protocol keepalived (18): protocol 4 reset"));
		CHECK(log_has_at(log, "warning", path, 16, "route 10.72.0.0/16 has no dev: it cannot be tracked"));
		CHECK_EQ_INT(rt->routes[2].dst.family, AF_INET6);
		CHECK(rt->routes[2].onlink && rt->routes[2].metrics[RTAX_MTU] == 1400);
		CHECK(rt->routes[2].metrics_set == 1u << RTAX_MTU && !rt->routes[2].lock);
		CHECK(rt->routes[3].metrics[RTAX_INITCWND] == 10);
		/* rtt: kernel units of 1/8 ms, rttvar 1/4 ms (a bare number is
		 * raw, below 200 ms it is raised), rto_min ms */
		const struct route_conf *m = &rt->routes[4];
		CHECK_EQ_INT(m->metrics[RTAX_RTT], 16000);
		CHECK_EQ_INT(m->metrics[RTAX_RTTVAR], 800);
		CHECK_EQ_INT(m->metrics[RTAX_RTO_MIN], 200);
		CHECK_EQ_INT(m->metrics[RTAX_MTU], 9000);
		CHECK_EQ_INT(m->metrics[RTAX_FEATURES], RTAX_FEATURE_ECN);
		CHECK_EQ_INT(m->lock, 1u << RTAX_RTT | 1u << RTAX_CC_ALGO);
		CHECK_STR(m->congctl, "bbr");
		CHECK_EQ_INT(m->realms, 2 << 16 | 3);
		CHECK_EQ_INT(m->how, ROUTE_APPEND);
		CHECK(strstr(log, ":20: rtt value 100 below minimum 200ms") != NULL);   /* a notice */
	}
	if (rt->n_rules == 6) {
		CHECK_EQ_INT(rt->rules[0].table, 80);
		CHECK_EQ_INT(rt->rules[0].from_len, 16);
		CHECK(rt->rules[1].fwmark_set && rt->rules[1].fwmark == 5 && rt->rules[1].fwmask == 0xff);
		CHECK_STR(rt->rules[1].iif, "lo");
		CHECK_EQ_INT(rt->rules[2].goto_prio, 100);
		const struct rule_conf *u = &rt->rules[3];
		CHECK(u->invert && u->sport_set && !u->dport_set && u->sport[0] == 1 && u->sport[1] == 2);
		CHECK(u->ipproto_set && u->ipproto == 17 && u->uid_set && u->uid[0] == 5 && u->uid[1] == 6);
		CHECK(u->sup_pl_set && u->sup_pl == 8 && u->sup_group_set && u->sup_group == 0);
		CHECK(u->tun_id_set && u->tun_id == 16);
		CHECK_EQ_INT(rt->rules[4].action, FR_ACT_PROHIBIT);
		CHECK(rt->rules[5].l3mdev && !rt->rules[5].action);
	}
	free(log);
	config_free(&c);
}

int main(void)
{
	RUN(family_from_first_vip);
	RUN(family_mismatch_is_skipped);
	RUN(native_ipv6_and_no_address);
	RUN(version_and_source);
	RUN(ah_with_ipv6_cleared);
	RUN(unicast_family);
	RUN(mcast_group6_checked);
	RUN(same_vrid_both_families);
	RUN(samples_pass);
	RUN(strict_mode_resets);
	RUN(mcast_dst_ip);
	RUN(rule_priority_counts_down);
	RUN(garp_group);
	RUN(vmac_prefix);
	RUN(use_ipvlan);
	RUN(garp_extra_if);
	RUN(use_vmac_addr);
	RUN(vip_line_use_vmac);
	RUN(nftables_keywords);
	RUN(routes_and_rules);
	return unit_summary();
}
