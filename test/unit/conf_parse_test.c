/* conf_parse_test.c - keepalived.conf into struct config: every keyword,
 * defaults and their inheritance from global_defs, includes, and the
 * parser's messages (arity, unknown, unsupported, braces). */
#include "unit.h"
#include "conf_test_util.h"

#include "check_conf.h"
#include "conf_lex.h"
#include "conf_parse.h"
#include "util.h"

#include <arpa/inet.h>
#include <linux/rtnetlink.h>
#include <pwd.h>

static bool is_ip4(struct in_addr a, const char *s)
{
	struct in_addr b;
	return inet_pton(AF_INET, s, &b) == 1 && a.s_addr == b.s_addr;
}

static const struct vrrp_instance_conf *find_vi(const struct config *c, const char *name)
{
	for (size_t i = 0; i < c->n_vrrp; i++)
		if (strcmp(c->vrrp[i].name, name) == 0)
			return &c->vrrp[i];
	return NULL;
}

TEST(good_global_defs)
{
	char path[512];
	struct config c;
	char *log;
	CHECK_EQ_INT(load_capture(&c, fixture(path, sizeof(path), "good.conf"), false, &log), 0);
	const struct global_conf *g = &c.global;
	CHECK_STR(g->router_id, "node-1");
	CHECK_EQ_INT(g->vrrp_version, 3);
	CHECK(is_ip4(g->vrrp_mcast_group4, "224.0.0.19"));
	CHECK_EQ_INT(g->garp_master_delay_s, 7);
	CHECK_EQ_INT(g->garp_master_repeat, 3);
	CHECK_EQ_INT(g->garp_master_refresh_s, 60);
	CHECK_EQ_INT(g->garp_master_refresh_repeat, 2);
	CHECK(g->enable_script_security);
	CHECK(g->script_user_set);
	CHECK_STR(g->script_user, "root");
	CHECK_STR(g->script_group, "root");
	CHECK_EQ_INT(g->script_uid, 0);
	CHECK_EQ_INT(g->script_gid, 0);
	CHECK_EQ_INT(g->n_notification_email, 3);
	if (g->n_notification_email == 3) {
		CHECK_STR(g->notification_email[0], "admin@example.com");
		CHECK_STR(g->notification_email[1], "ops@example.com");
		CHECK_STR(g->notification_email[2], "noc@example.com");
	}
	CHECK_STR(g->notification_email_from, "keepalived@example.com");
	CHECK_STR(g->smtp_server, "192.0.2.25 2525");
	CHECK_EQ_INT(g->smtp_connect_timeout_s, 15);
	CHECK(strstr(log, "error") == NULL);
	free(log);
	config_free(&c);
}

TEST(good_instance_every_keyword)
{
	char path[512];
	struct config c;
	CHECK_EQ_INT(load_capture(&c, fixture(path, sizeof(path), "good.conf"), false, NULL), 0);
	CHECK_EQ_INT(c.n_vrrp, 2);
	const struct vrrp_instance_conf *v = find_vi(&c, "VI_1");
	CHECK(v != NULL);
	if (!v) {
		config_free(&c);
		return;
	}
	CHECK_EQ_INT(v->origin.line, 3);
	CHECK(strstr(v->origin.file, "good.conf") != NULL);
	CHECK_EQ_INT(v->initial_state, VRRP_STATE_MASTER);
	CHECK_STR(v->ifname, "eth0");
	CHECK_EQ_INT(v->vrid, 51);
	CHECK_EQ_INT(v->priority, 150);
	CHECK_EQ_INT(v->advert_int_cs, 200);
	CHECK_EQ_INT(v->version, 3);               /* from global_defs, given later */
	CHECK_EQ_INT(v->n_vips, 3);
	if (v->n_vips == 3) {
		CHECK_EQ_INT(v->vips[0].addr.family, AF_INET);
		CHECK(is_ip4(v->vips[0].addr.u.v4, "192.0.2.10"));
		CHECK_EQ_INT(v->vips[0].prefixlen, 24);
		CHECK(is_ip4(v->vips[0].brd.u.v4, "192.0.2.255"));
		CHECK_STR(v->vips[0].dev, "lo");
		CHECK_EQ_INT(v->vips[0].scope, RT_SCOPE_LINK);
		CHECK_STR(v->vips[0].label, "lo:vip");
		CHECK(is_ip4(v->vips[1].addr.u.v4, "192.0.2.11"));
		CHECK_EQ_INT(v->vips[1].prefixlen, 32);
		CHECK_EQ_INT(v->vips[1].brd.family, 0);
		CHECK_STR(v->vips[1].dev, "");
		CHECK_EQ_INT(v->vips[1].scope, RT_SCOPE_UNIVERSE);
		CHECK_EQ_INT(v->vips[2].scope, 7);
	}
	CHECK_EQ_INT(v->n_vips_excluded, 1);
	if (v->n_vips_excluded == 1) {
		CHECK(is_ip4(v->vips_excluded[0].addr.u.v4, "198.51.100.1"));
		CHECK_EQ_INT(v->vips_excluded[0].prefixlen, 24);
	}
	CHECK(!v->nopreempt);
	/* preempt_delay 2.5 parses, but state MASTER clears it (as keepalived
	 * 2.2.7 does; conf_validate_test checks the warning) */
	CHECK_EQ_INT(v->preempt_delay_ms, 0);
	/* version 3 (from global_defs): authentication is ignored */
	CHECK_EQ_INT(v->auth_type, VRRP_AUTH_NONE);
	CHECK_STR(v->auth_pass, "secret12");
	CHECK(is_ip4(v->mcast_src_ip, "127.0.0.1"));
	CHECK(is_ip4(v->mcast_group, "224.0.0.19"));
	CHECK_EQ_INT(v->garp_master_delay_s, 3);       /* own */
	CHECK_EQ_INT(v->garp_master_repeat, 3);        /* global */
	CHECK_EQ_INT(v->garp_master_refresh_s, 60);
	CHECK_EQ_INT(v->garp_master_refresh_repeat, 2);
	CHECK_STR(v->notify_master.cmd, "/usr/local/bin/notify.sh master VI_1");
	CHECK_STR(v->notify_backup.cmd, "/usr/local/bin/notify.sh backup");
	CHECK_STR(v->notify_fault.cmd, "/usr/local/bin/notify.sh fault");
	CHECK_STR(v->notify_stop.cmd, "/bin/true");
	CHECK_STR(v->notify.cmd, "/usr/local/bin/notify-all.sh");
	CHECK(v->smtp_alert);
	CHECK_EQ_INT(v->debug, 2);
	CHECK(v->dont_track_primary);

	v = find_vi(&c, "VI_2");
	CHECK(v != NULL);
	if (v) {
		CHECK_EQ_INT(v->origin.line, 53);
		CHECK_EQ_INT(v->initial_state, VRRP_STATE_BACKUP);
		CHECK_EQ_INT(v->priority, 100);
		CHECK_EQ_INT(v->version, 2);                /* own, overrides global */
		CHECK(v->nopreempt);
		CHECK_EQ_INT(v->garp_master_delay_s, 7);
		CHECK_EQ_INT(v->garp_master_repeat, 9);
		CHECK_EQ_INT(v->garp_master_refresh_s, 30);
		CHECK_EQ_INT(v->garp_master_refresh_repeat, 4);
		CHECK_EQ_INT(v->n_vips, 1);
		CHECK(v->notify_master.cmd == NULL);
		CHECK_EQ_INT(v->auth_type, VRRP_AUTH_NONE);
	}
	config_free(&c);
}

TEST(defaults)
{
	struct config c;
	char path[512];
	int e = load_text(&c, "vrrp_instance V {\n interface eth0\n virtual_router_id 1\n"
			  " virtual_ipaddress {\n  192.0.2.1\n }\n}\n", false, path, sizeof(path), NULL);
	CHECK_EQ_INT(e, 0);
	CHECK_EQ_INT(c.global.vrrp_version, 2);
	CHECK(is_ip4(c.global.vrrp_mcast_group4, "224.0.0.18"));
	CHECK_EQ_INT(c.n_vrrp, 1);
	if (c.n_vrrp == 1) {
		const struct vrrp_instance_conf *v = &c.vrrp[0];
		CHECK_EQ_INT(v->initial_state, VRRP_STATE_BACKUP);
		CHECK_EQ_INT(v->priority, 100);
		CHECK_EQ_INT(v->advert_int_cs, 100);
		CHECK_EQ_INT(v->version, 2);
		CHECK(is_ip4(v->mcast_group, "224.0.0.18"));
		CHECK_EQ_INT(v->garp_master_delay_s, 5);
		CHECK_EQ_INT(v->garp_master_repeat, 5);
		CHECK_EQ_INT(v->garp_master_refresh_s, 0);
		CHECK_EQ_INT(v->garp_master_refresh_repeat, 1);
		CHECK_EQ_INT(v->preempt_delay_ms, 0);
		CHECK(!v->nopreempt);
		CHECK_EQ_INT(v->auth_type, VRRP_AUTH_NONE);
		CHECK_EQ_INT(v->mcast_src_ip.s_addr, 0);
	}
	config_free(&c);
}

TEST(v2_auth_pass_kept_and_truncated)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_text(&c, "vrrp_instance V {\n interface eth0\n virtual_router_id 1\n"
			  " authentication {\n  auth_type PASS\n  auth_pass 0123456789\n }\n"
			  " virtual_ipaddress {\n  192.0.2.1\n }\n}\n", false, path, sizeof(path), &log);
	CHECK_EQ_INT(e, 0);
	CHECK(log_has_at(log, "warning", path, 6, "auth_pass is longer than 8 characters, truncated to '01234567'"));
	if (c.n_vrrp == 1) {
		CHECK_EQ_INT(c.vrrp[0].auth_type, VRRP_AUTH_PASS);
		CHECK_STR(c.vrrp[0].auth_pass, "01234567");
	}
	free(log);
	config_free(&c);
}

TEST(includes)
{
	char path[512];
	struct config c;
	char *log;
	int e = load_capture(&c, fixture(path, sizeof(path), "inc/main.conf"), false, &log);
	CHECK_EQ_INT(e, 0);
	CHECK_EQ_INT(c.n_vrrp, 3);
	if (c.n_vrrp == 3) {
		CHECK_STR(c.vrrp[0].name, "VI_A");        /* 10-first before 20-second */
		CHECK_STR(c.vrrp[1].name, "VI_B");
		CHECK_STR(c.vrrp[2].name, "VI_MAIN");
		CHECK(strstr(c.vrrp[0].origin.file, "parts/10-first.conf") != NULL);
		CHECK_EQ_INT(c.vrrp[0].origin.line, 4);
		CHECK_EQ_INT(c.vrrp[2].n_vips, 2);
	}
	CHECK_STR(c.global.router_id, "from-include");
	CHECK(log_has_at(log, "parent", path, 10,   /* a notice */ "include pattern 'nothing-matches-*.conf' matches no file"));
	free(log);
	config_free(&c);
}

TEST(include_loop)
{
	char path[512];
	struct config c;
	char *log;
	int e = load_capture(&c, fixture(path, sizeof(path), "loop.conf"), false, &log);
	CHECK_EQ_INT(e, 1);
	CHECK(count_in(log, "include loop:") == 1);
	CHECK(log_has_at(log, "error", path, 4, "include loop:"));
	CHECK_STR(c.global.router_id, "loop");
	free(log);
	config_free(&c);
}

TEST(unsupported_keywords_rejected)
{
	char path[512];
	struct config c;
	char *log;
	int e = load_capture(&c, fixture(path, sizeof(path), "unsupported.conf"), true, &log);
	/* vrrp_owner_ignore_adverts, the last not-supported row, is implemented */
	CHECK_EQ_INT(e, 1);
	CHECK(!log_has_at_quiet(log, "error", path, 1) && !log_has_at_quiet(log, "warning", path, 1));
	CHECK(c.global.vrrp_owner_ignore_adverts);
	/* bfd_instance is implemented (bfd/bfd_conf.c): B0 is fine, B1's
	 * neighbor_ip has a block instead of an address */
	CHECK(!log_has_at_quiet(log, "error", path, 7));
	CHECK(log_has_at(log, "error", path, 12, "bfd_instance: neighbor_ip takes 1 argument, got 0"));
	/* disabled with a warning, as keepalived 2.2.7 runs the file */
	CHECK(log_has_at(log, "warning", path, 11, "Configuration error: BFD instance B1 has no neighbor address set"));
	/* track_bfd is implemented. Without its '{' (line 19) the lines up to
	 * the next unmatched '}' (25) are its list, as keepalived 2.2.7 reads
	 * them: a block inside is skipped with a warning (2.2.7 takes '{'
	 * for a name and ends the list at its '}') */
	CHECK(log_has_at(log, "warning", path, 19, "vrrp_instance: track_bfd: missing '{'"));
	CHECK(log_has_at(log, "warning", path, 22, "unexpected block in track_bfd: skipped with its line"));
	CHECK(!log_has_at_quiet(log, "error", path, 25) && !log_has_at_quiet(log, "warning", path, 25));
	/* an obsolete spelling stays a warning, as in keepalived */
	CHECK(log_has_at(log, "warning", path, 4, "'lvs_id' is obsolete, ignored"));
	/* a tuning knob with a safe default: a notice, not an error */
	CHECK(strstr(log, "unsupported.conf:5: 'log_unknown_vrids' has no effect in keepalived-ng, ignored") != NULL);
	CHECK(!log_has_at_quiet(log, "error", path, 5) && !log_has_at_quiet(log, "warning", path, 5));
	/* no_track is what always happens here: accepted quietly */
	CHECK(!log_has_at_quiet(log, "warning", path, 27) && !log_has_at_quiet(log, "error", path, 27));
	CHECK(strstr(log, "unknown keyword") == NULL);
	CHECK_EQ_INT(c.n_vrrp, 1);
	if (c.n_vrrp == 1)
		CHECK_EQ_INT(c.vrrp[0].n_vips, 1);
	free(log);
	config_free(&c);
}

TEST(unknown_keyword_and_block_skipped)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_text(&c,
		"vrrp_instance V {\n"             /* 1 */
		" interface eth0\n"
		" foo 1 2\n"                      /* 3 */
		" bar {\n"                        /* 4 */
		"  priority 7\n"
		"  inner { x }\n"
		" }\n"
		" virtual_router_id 9\n"
		" virtual_ipaddress {\n  192.0.2.1\n }\n"
		"}\n"
		"frobnicate {\n}\n",             /* 13 */
		false, path, sizeof(path), &log);
	CHECK_EQ_INT(e, 0);
	CHECK(log_has_at(log, "warning", path, 3, "unknown keyword 'foo' in vrrp_instance"));
	CHECK(log_has_at(log, "warning", path, 4, "unknown keyword 'bar' in vrrp_instance: its block is skipped; "
			 "keepalived 2.2.7 would end the vrrp_instance at this block's '}'"));
	CHECK(log_has_at(log, "warning", path, 3, "unknown keyword 'foo' in vrrp_instance: ignored, as keepalived"));
	CHECK(log_has_at(log, "warning", path, 13, "unknown keyword 'frobnicate' at top level"));
	if (c.n_vrrp == 1) {
		CHECK_EQ_INT(c.vrrp[0].priority, 100);   /* inside the skipped block */
		CHECK_EQ_INT(c.vrrp[0].vrid, 9);
	}
	free(log);
	config_free(&c);
}

/* a second net_namespace is an error, as keepalived 2.2.7 reports it; the
 * first one counts (inside global_defs it is ignored with a warning, as
 * keepalived ignores it there) */
TEST(net_namespace_duplicate)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_text(&c,
		"net_namespace blue\n"            /* 1 */
		"global_defs {\n"
		" net_namespace red\n"            /* 3 */
		"}\n"
		"net_namespace green\n",          /* 5 */
		true, path, sizeof(path), &log);
	CHECK_EQ_INT(e, 1);
	CHECK(log_has_at(log, "warning", path, 3, "net_namespace inside global_defs is ignored"));
	CHECK(log_has_at(log, "error", path, 5, "duplicate net_namespace green (already blue)"));
	CHECK_STR(c.global.net_namespace, "blue");
	free(log);
	config_free(&c);
}

/* Numbers as keepalived 2.2.7's read_unsigned()/read_int()/
 * read_decimal_unsigned() take them (strtoul()/strtol()/strtoull()):
 * a '+', white space before the digits (a quoted value) and "" (0) are
 * numbers, read without a message. */
TEST(number_forms_as_keepalived)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_text(&c,
		"global_defs {\n"
		" vrrp_garp_master_delay +7\n"         /* 2 */
		" smtp_connect_timeout \" 12\"\n"     /* 3 */
		" vrrp_garp_master_refresh \"\"\n"     /* 4 */
		"}\n"
		"vrrp_instance V {\n"
		" interface eth0\n"
		" virtual_router_id +51\n"
		" priority \" +120\"\n"
		" advert_int +2\n"
		" preempt_delay \" +2.5\"\n"
		" garp_master_repeat \"\t3\"\n"
		" virtual_ipaddress {\n  192.0.2.1\n }\n"
		"}\n",
		false, path, sizeof(path), &log);
	CHECK_EQ_INT(e, 0);
	CHECK(strstr(log, "warning") == NULL);
	CHECK_EQ_INT(c.global.garp_master_delay_s, 7);
	CHECK_EQ_INT(c.global.smtp_connect_timeout_s, 12);
	CHECK_EQ_INT(c.global.garp_master_refresh_s, 0);
	const struct vrrp_instance_conf *v = find_vi(&c, "V");
	CHECK(v != NULL);
	if (v) {
		CHECK_EQ_INT(v->vrid, 51);
		CHECK_EQ_INT(v->priority, 120);
		CHECK_EQ_INT(v->advert_int_cs, 200);
		CHECK_EQ_INT(v->preempt_delay_ms, 2500);
		CHECK_EQ_INT(v->garp_master_repeat, 3);
	}
	/* '-', a second sign and a sign alone stay refused */
	free(log);
	config_free(&c);
	e = load_text(&c,
		"vrrp_instance V {\n"
		" interface eth0\n"
		" virtual_router_id 51\n"
		" priority -120\n"                     /* 4 */
		" advert_int ++2\n"                    /* 5 */
		" garp_master_repeat +\n"              /* 6 */
		" virtual_ipaddress {\n  192.0.2.1\n }\n"
		"}\n",
		false, path, sizeof(path), &log);
	CHECK(log_has_at(log, "warning", path, 4, "priority must be 1..255, got -120"));
	CHECK(log_has_at(log, "warning", path, 5, "advert_int must be 0.01..255 seconds, got ++2"));
	CHECK(log_has_at(log, "warning", path, 6, "garp_master_repeat must be"));
	free(log);
	config_free(&c);
}

/* A number followed by other characters ("5s") in a keyword keepalived
 * 2.2.7 reads with ignore_error: its running daemon uses the number (its
 * data dump: interval 5, timeout 4, rise 2, fall 3, weight 10), its -t
 * skips the line (exit 5); here that number, with a warning. Elsewhere
 * (priority) the line is skipped as 2.2.7 skips it. */
TEST(number_with_suffix_as_keepalived_runs)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_text(&c,
		"global_defs {\n"
		" vrrp_down_timer_adverts 2x\n"
		" vrrp_garp_master_delay 1.5\n"
		"}\n"
		"vrrp_script chk {\n"
		" script /bin/true\n"
		" interval 5s\n"                       /* 7 */
		" timeout 4s\n"
		" rise 2x\n"
		" fall 3x\n"
		" weight 10x\n"                        /* 11 */
		"}\n"
		"vrrp_instance V {\n"
		" interface eth0\n"
		" virtual_router_id 51\n"
		" priority 150x\n"                     /* 16 */
		" garp_master_repeat 4x\n"
		" track_script {\n  chk\n }\n"
		" virtual_ipaddress {\n  192.0.2.1\n }\n"
		"}\n",
		false, path, sizeof(path), &log);
	CHECK_EQ_INT(e, 0);
	CHECK(log_has_at(log, "warning", path, 7, "interval: invalid number '5s': 5 is used"));
	CHECK(log_has_at(log, "warning", path, 11, "weight: invalid number '10x': 10 is used"));
	CHECK(log_has_at(log, "warning", path, 16, "priority must be 1..255, got 150x: 100 is used"));
	/* measured too (tools/conf_compare.py --run): down timer adverts 2,
	 * garp delay 1 s, garp repeat 4 in 2.2.7's dump */
	CHECK_EQ_INT(c.global.down_timer_adverts, 2);
	CHECK_EQ_INT(c.global.garp_master_delay_s, 1);
	CHECK_EQ_INT(c.vrrp_objs.n_scripts, 1);
	if (c.vrrp_objs.n_scripts == 1) {
		const struct vrrp_script_conf *k = &c.vrrp_objs.scripts[0];
		CHECK_EQ_INT(k->interval_s, 5);
		CHECK_EQ_INT(k->timeout_s, 4);
		CHECK_EQ_INT(k->rise, 2);
		CHECK_EQ_INT(k->fall, 3);
		CHECK_EQ_INT(k->weight, 10);
	}
	const struct vrrp_instance_conf *v = find_vi(&c, "V");
	CHECK(v && v->priority == 100);
	CHECK(v && v->garp_master_repeat == 4);
	free(log);
	config_free(&c);
}

TEST(arity_and_values_all_reported)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_text(&c,
		"global_defs {\n"                 /* 1 */
		" vrrp_version 4\n"               /* 2 */
		" vrrp_mcast_group4 10.0.0.1\n"   /* 3 */
		" script_user\n"                  /* 4 */
		"}\n"
		"vrrp_instance V {\n"             /* 6 */
		" interface eth0\n"
		" virtual_router_id\n"            /* 8 */
		" virtual_router_id 0\n"          /* 9 */
		" priority 300\n"                 /* 10 */
		" state FOO\n"                    /* 11 */
		" version 4\n"                    /* 12 */
		" advert_int abc\n"               /* 13 */
		" preempt_delay 1001\n"           /* 14 */
		" authentication {\n  auth_type MD5\n  auth_pass x\n }\n"  /* 16 */
		" mcast_src_ip 192.0.2.300\n"     /* 19 */
		" priority 1 2\n"                 /* 20 */
		" virtual_ipaddress {\n"
		"  192.0.2.1/33\n"                /* 22 */
		"  192.0.2.2 scope galaxy\n"      /* 23 */
		"  192.0.2.3 colour blue\n"       /* 24 */
		"  2001:db8::5/129\n"             /* 25 */
		"  192.0.2.4 dev\n"               /* 26 */
		" }\n"
		" nopreempt 1\n"                  /* 28 */
		" debug 9\n"                      /* 29 */
		"}\n",
		false, path, sizeof(path), &log);
	CHECK(log_has_at(log, "warning", path, 2, "vrrp_version must be 2..3, got 4: ignored (as keepalived 2.2.7)"));
	CHECK(log_has_at(log, "warning", path, 3,
			 "vrrp_mcast_group4 must be an IPv4 multicast address (224.0.0.0/4), got 10.0.0.1"));
	CHECK(log_has_at(log, "warning", path, 4, "global_defs: script_user needs a value: ignored"));
	CHECK(log_has_at(log, "error", path, 8, "vrrp_instance: virtual_router_id takes 1 argument, got 0"));
	CHECK(log_has_at(log, "error", path, 9, "virtual_router_id must be 1..255, got 0"));
	/* values keepalived 2.2.7 skips: a warning and its value */
	CHECK(log_has_at(log, "warning", path, 10, "priority must be 1..255, got 300: 100 is used (as keepalived 2.2.7)"));
	CHECK(log_has_at(log, "warning", path, 11, "state must be MASTER or BACKUP, got FOO: BACKUP is used"));
	CHECK(log_has_at(log, "warning", path, 12, "version must be 2 or 3, got 4: the line is skipped"));
	CHECK(log_has_at(log, "warning", path, 13, "advert_int must be 0.01..255 seconds, got abc: ignored, the "
			 "interval stays 1.00 s (as keepalived 2.2.7)"));
	CHECK(log_has_at(log, "warning", path, 14, "preempt_delay must be 0..1000 seconds, got 1001: 0 is used"));
	CHECK(log_has_at(log, "warning", path, 16, "auth_type must be one of PASS AH, got MD5: the line is skipped"));
	CHECK(log_has_at(log, "warning", path, 19, "mcast_src_ip must be an IP address, got 192.0.2.300: the line is skipped"));
	/* extra values: a notice (not counted), as 2.2.7 drops them silently */
	CHECK(strstr(log, "vrrp_instance: priority takes at most 1 argument: '2' ignored"));
	CHECK(!log_has_at_quiet(log, "warning", path, 20));
	/* a VIP line as keepalived 2.2.7 reads it: a bad prefix length is the
	 * full one, a bad scope is ignored, a line it cannot read is skipped */
	CHECK(log_has_at(log, "warning", path, 22, "virtual_ipaddress prefix length must be 0..32, got 33: 32 is used"));
	CHECK(log_has_at(log, "warning", path, 23,
			 "scope must be global, site, link, host, nowhere or 0..255, got galaxy: ignored"));
	CHECK(log_has_at(log, "warning", path, 24, "unknown virtual_ipaddress option 'colour': ignored"));
	CHECK(log_has_at(log, "warning", path, 25, "virtual_ipaddress prefix length must be 0..128, got 129: 128 is used"));
	CHECK(log_has_at(log, "warning", path, 26, "virtual_ipaddress option 'dev' needs a value: the line is skipped"));
	CHECK(strstr(log, "vrrp_instance: nopreempt takes at most 0 arguments: '1' ignored"));
	CHECK(!log_has_at_quiet(log, "warning", path, 28));
	CHECK(log_has_at(log, "warning", path, 29, "debug must be 0..4, got 9: the line is skipped"));
	CHECK_EQ_INT(e, 2);
	CHECK_EQ_INT(count_in(log, "error: "), 2);
	if (c.n_vrrp == 1) {
		/* 2001:db8::5 (another family) and 192.0.2.4 dev: skipped */
		CHECK_EQ_INT(c.vrrp[0].n_vips, 3);
		if (c.vrrp[0].n_vips == 3)
			CHECK_EQ_INT(c.vrrp[0].vips[0].prefixlen, 32);
	}
	free(log);
	config_free(&c);
}

TEST(unclosed_block_names_opening_line)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_text(&c, "global_defs {\n router_id x\n}\n\nvrrp_instance V {\n interface eth0\n"
			  " virtual_router_id 3\n", false, path, sizeof(path), &log);
	CHECK_EQ_INT(e, 0);   /* keepalived 2.2.7 runs it, closing the block at the end */
	char msg[1024];
	snprintf(msg, sizeof(msg), "block 'vrrp_instance' opened at %s:5 is never closed: closed at the end "
		 "of the file, as keepalived 2.2.7 closes it", path);
	CHECK(log_has_at(log, "warning", path, 7, msg));
	CHECK_EQ_INT(c.n_vrrp, 1);   /* the block's close hook ran: the instance exists */
	free(log);
	config_free(&c);
}

TEST(stray_brace_and_block_misuse)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_text(&c,
		"}\n"                                 /* 1 */
		"global_defs {\n router_id a\n}\n}\n" /* 5 */
		"vrrp_instance V {\n"                 /* 6 */
		" interface eth0 {\n  x\n }\n"         /* 7 */
		" virtual_ipaddress\n"                /* 10 */
		" virtual_router_id 4\n"
		"}\n"
		"{\n}\n",                             /* 13 */
		true, path, sizeof(path), &log);
	CHECK(log_has_at(log, "warning", path, 1,
			 "unexpected '}' (no block to close): ignored, as keepalived 2.2.7 ignores it"));
	CHECK(log_has_at(log, "warning", path, 5,
			 "unexpected '}' (no block to close): ignored, as keepalived 2.2.7 ignores it"));
	/* a keyword without a block given one: read, its block skipped, as
	 * keepalived 2.2.7 runs the file (it ends the instance at the
	 * block's '}' - not copied) */
	CHECK(log_has_at(log, "warning", path, 7, "vrrp_instance: interface does not take a block: the block is "
			 "skipped"));
	/* a block keyword without its '{': the lines up to the next unmatched
	 * '}' are its block, as keepalived 2.2.7 reads them (it swallows
	 * virtual_router_id 4 as an address, so the instance has no VRID) */
	CHECK(log_has_at(log, "warning", path, 10,
			 "vrrp_instance: virtual_ipaddress: missing '{': the lines up to the next unmatched '}' are "
			 "its block"));
	CHECK(log_has_at(log, "warning", path, 11, "virtual_ipaddress must be an IP address, got virtual_router_id"));
	CHECK(log_has_at(log, "error", path, 13, "unexpected '{' (no keyword before it)"));
	CHECK_EQ_INT(e, 1 + 1 /* virtual_router_id missing in validation */);
	CHECK(strstr(log, "virtual_router_id") != NULL);
	free(log);
	config_free(&c);
}

TEST(brace_placement)
{
	struct config c;
	char path[512];
	int e = load_text(&c,
		"global_defs{router_id g}\n"
		"vrrp_instance V\n{\ninterface eth0\nvirtual_router_id 5\nvirtual_ipaddress{192.0.2.1\n192.0.2.2}}\n",
		false, path, sizeof(path), NULL);
	CHECK_EQ_INT(e, 0);
	CHECK_STR(c.global.router_id, "g");
	if (c.n_vrrp == 1) {
		CHECK_EQ_INT(c.vrrp[0].vrid, 5);
		CHECK_EQ_INT(c.vrrp[0].n_vips, 2);
	}
	config_free(&c);
}

/* Several keywords on one line inside a block: keepalived 2.2.7 reads the
 * first keyword and its values and drops the rest; so do we, with a
 * warning naming the dropped words. A word past the arguments that is no
 * keyword is still an arity error; list blocks keep every item. */
TEST(one_line_keywords)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_text(&c,
		"vrrp_instance V {\n"                                       /* 1 */
		" interface eth0\n virtual_router_id 5\n"
		" authentication { auth_type PASS auth_pass secret }\n"    /* 4 */
		" priority 50 nopreempt\n"                                 /* 5 */
		" virtual_ipaddress { 192.0.2.1 }\n"                       /* 6 */
		"}\n",
		false, path, sizeof(path), &log);
	CHECK_EQ_INT(e, 0);
	CHECK(log_has_at(log, "warning", path, 4, "authentication: 'auth_pass secret' ignored: one keyword per line "
			 "(keepalived 2.2.7 reads auth_type and drops the rest of the line)"));
	CHECK(log_has_at(log, "warning", path, 5, "vrrp_instance: 'nopreempt' ignored"));
	if (c.n_vrrp == 1) {
		CHECK_EQ_INT(c.vrrp[0].priority, 50);
		CHECK(!c.vrrp[0].nopreempt);
		CHECK_EQ_INT(c.vrrp[0].auth_type, VRRP_AUTH_NONE);   /* no auth_pass: none, as keepalived */
		CHECK_EQ_INT(c.vrrp[0].n_vips, 1);
	}
	free(log);
	config_free(&c);
}

/* notify_* SCRIPT [USER [GROUP]] as keepalived 2.2.7 reads it: a quoted
 * command keeps its arguments; a second word that is no user drops the
 * script (warning); an existing user (and group) is the one it runs as;
 * the first line counts. */
TEST(notify_script_user)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_text(&c,
		"vrrp_instance V {\n interface eth0\n virtual_router_id 5\n"
		" notify_master \"/bin/echo master\"\n"        /* 4 */
		" notify_master /bin/echo again\n"              /* 5 */
		" notify_backup /bin/echo nosuchuser-ka\n"      /* 6 */
		" notify_fault /bin/echo root\n"                /* 7 */
		" notify_stop \"/bin/echo a b\" nobody root\n"  /* 8 */
		" notify /bin/echo nobody nosuchgroup-ka\n"     /* 9 */
		" virtual_ipaddress {\n 192.0.2.1\n }\n}\n",
		false, path, sizeof(path), &log);
	CHECK_EQ_INT(e, 0);
	CHECK(log_has_at(log, "warning", path, 5, "notify_master is already set: '/bin/echo' ignored"));
	CHECK(log_has_at(log, "warning", path, 6, "notify_backup /bin/echo: keepalived 2.2.7 reads 'nosuchuser-ka' "
			 "as the user to run it as"));
	CHECK(log_has_at(log, "warning", path, 9, "notify /bin/echo: keepalived 2.2.7 reads 'nosuchgroup-ka' "
			 "as the group to run it as"));
	const struct passwd *nobody = getpwnam("nobody");
	CHECK(nobody != NULL);
	if (c.n_vrrp == 1 && nobody) {
		const struct vrrp_instance_conf *v = &c.vrrp[0];
		CHECK_STR(v->notify_master.cmd, "/bin/echo master");
		CHECK(!v->notify_master.user_set);
		CHECK(v->notify_backup.cmd == NULL);
		CHECK_STR(v->notify_fault.cmd, "/bin/echo");
		CHECK(v->notify_fault.user_set && v->notify_fault.uid == 0 && v->notify_fault.gid == 0);
		CHECK_STR(v->notify_stop.cmd, "/bin/echo a b");
		CHECK(v->notify_stop.user_set && v->notify_stop.uid == nobody->pw_uid && v->notify_stop.gid == 0);
		CHECK(v->notify.cmd == NULL);
	}
	free(log);
	config_free(&c);
}

TEST(cannot_open)
{
	struct config c;
	char *log;
	int e = load_capture(&c, "/nonexistent/keepalived.conf", false, &log);
	CHECK_EQ_INT(e, 1);
	CHECK(strstr(log, "error: cannot open /nonexistent/keepalived.conf: No such file or directory") != NULL);
	free(log);
	config_free(&c);
}

/* No table has two rows with the same name; the checker's rows do not
 * clash with ours either. */
static bool table_has_dups(const struct conf_keyword *kw, size_t n, const struct conf_keyword *kw2, size_t n2)
{
	bool dup = false;
	for (size_t i = 0; i < n; i++) {
		if (!kw[i].name)
			continue;
		for (size_t j = i + 1; j < n; j++)
			if (kw[j].name && strcmp(kw[i].name, kw[j].name) == 0) {
				fprintf(stderr, "duplicate keyword %s\n", kw[i].name);
				dup = true;
			}
		for (size_t j = 0; j < n2; j++)
			if (kw2[j].name && strcmp(kw[i].name, kw2[j].name) == 0) {
				fprintf(stderr, "duplicate keyword %s\n", kw[i].name);
				dup = true;
			}
	}
	return dup;
}

static void check_block(const struct conf_block *b, const struct conf_keyword *extra, size_t n_extra)
{
	CHECK(b->name != NULL);
	CHECK((b->keywords != NULL) != (b->line_handler != NULL));
	if (!b->keywords)
		return;
	CHECK(!table_has_dups(b->keywords, b->n_keywords, extra, n_extra));
	for (size_t i = 0; i < b->n_keywords; i++) {
		const struct conf_keyword *k = &b->keywords[i];
		CHECK(k->name != NULL);
		CHECK(k->block != NULL || k->handler != NULL);
		CHECK(k->max_args == CONF_ARGS_ANY || k->max_args >= k->min_args);
		CHECK(conf_block_find(b, k->name) == k);
		if (k->block && k->block != b)
			check_block(k->block, NULL, 0);
	}
}

TEST(tables_well_formed)
{
	check_block(&conf_top_block, conf_check_top_keywords, conf_check_top_keywords_count);
	CHECK(!table_has_dups(conf_check_top_keywords, conf_check_top_keywords_count, NULL, 0));
	CHECK(conf_block_find(&conf_top_block, "vrrp_instance") != NULL);
	CHECK(conf_block_find(&conf_top_block, "global_defs") != NULL);
	CHECK(conf_block_find(&conf_top_block, "no_such_keyword") == NULL);
	for (size_t i = 0; i < conf_check_top_keywords_count; i++)
		if (conf_check_top_keywords[i].name)
			CHECK(conf_block_find(&conf_top_block, conf_check_top_keywords[i].name) ==
			      &conf_check_top_keywords[i]);
}

/* The value helpers on their own (no file: messages have no location). */
TEST(value_helpers)
{
	struct config c;
	config_init(&c);
	struct conf_ctx ctx;
	conf_ctx_init(&ctx, &c, false);
	uint32_t v = 0;
	struct conf_token t = { .text = "0.25" };
	CHECK(conf_get_fixed(&ctx, &t, "x", 2, 1, 4095, &v) && v == 25);
	t.text = ".5";
	CHECK(conf_get_fixed(&ctx, &t, "x", 3, 0, 1000000, &v) && v == 500);
	t.text = "7";
	CHECK(conf_get_fixed(&ctx, &t, "x", 2, 1, 4095, &v) && v == 700);
	t.text = "0.001";                       /* too precise for centiseconds */
	CHECK(!conf_get_fixed(&ctx, &t, "x", 2, 1, 4095, &v));
	t.text = "1.";
	CHECK(conf_get_fixed(&ctx, &t, "x", 2, 1, 4095, &v) && v == 100);
	t.text = "-1";
	CHECK(!conf_get_uint(&ctx, &t, "x", 0, 10, &v));
	t.text = "99999999999999999999";
	CHECK(!conf_get_uint(&ctx, &t, "x", 0, UINT32_MAX, &v));
	t.text = "4294967295";
	CHECK(conf_get_uint(&ctx, &t, "x", 0, UINT32_MAX, &v) && v == UINT32_MAX);
	struct ka_addr a;
	t.text = "2001:db8::1";
	CHECK(conf_get_addr(&ctx, &t, "x", 0, &a) && a.family == AF_INET6);
	CHECK(!conf_get_addr(&ctx, &t, "x", AF_INET, &a));
	char small[4];
	t.text = "abcd";
	CHECK(!conf_get_string(&ctx, &t, "x", small, sizeof(small)));
	/* the numbers are skipped with a warning, as keepalived 2.2.7 skips them */
	CHECK_EQ_INT(ctx.errors, 2);
	CHECK_EQ_INT(ctx.warnings, 3);

	struct conf_token argv[] = {
		{ .text = "notify" }, { .text = "/bin/x" }, { .text = "a\\b c", .quoted = true },
		{ .text = "plain" }, { .text = "", .quoted = true },
	};
	struct conf_args args = { 5, argv };
	char *j = conf_join_args(&args, 1);
	CHECK_STR(j, "/bin/x \"a\\\\b c\" plain \"\"");
	free(j);
	struct conf_token one[] = { { .text = "notify" }, { .text = "/bin/x a  b", .quoted = true } };
	struct conf_args args1 = { 2, one };
	j = conf_join_args(&args1, 1);
	CHECK_STR(j, "/bin/x a  b");
	free(j);
	bool b = false;
	struct conf_token bt[] = { { .text = "smtp_alert" }, { .text = "off" } };
	struct conf_args ba = { 2, bt };
	CHECK(conf_get_bool(&ctx, &ba, 1, &b) && !b);
	ba.argc = 1;
	CHECK(conf_get_bool(&ctx, &ba, 1, &b) && b);
	conf_ctx_free(&ctx);
	config_free(&c);
}

/* The policy rows on a test-only table (no shipped keyword is NOT SUPPORTED
 * today, but the mechanism stays for future keywords): NOT SUPPORTED is an
 * error naming the keyword and the reason, NO EFFECT a notice, OBSOLETE a
 * warning; only the first counts as an error. */
static const struct conf_keyword policy_table[] = {
	CONF_KW_NOT_SUPPORTED("frob_plain"),
	CONF_KW_NOT_SUPPORTED_WHY("frob_why", "needs a kernel feature"),
	CONF_KW_NO_EFFECT("frob_knob"),
	CONF_KW_OBSOLETE("frob_old"),
};

struct policy_call {
	struct conf_ctx *ctx;
};

static void policy_run(void *arg)
{
	struct policy_call *pc = arg;
	for (size_t i = 0; i < sizeof(policy_table) / sizeof(policy_table[0]); i++) {
		struct conf_token argv[] = { { .text = policy_table[i].name }, { .text = "1" } };
		struct conf_args a = { 2, argv, &policy_table[i] };
		policy_table[i].handler(pc->ctx, NULL, &a);
	}
}

TEST(policy_rows)
{
	struct config c;
	config_init(&c);
	struct conf_ctx ctx;
	conf_ctx_init(&ctx, &c, false);
	for (size_t i = 0; i < sizeof(policy_table) / sizeof(policy_table[0]); i++)
		CHECK(conf_kw_is_policy(&policy_table[i]));
	struct policy_call pc = { &ctx };
	char *log = capture_stderr(policy_run, &pc);
	CHECK(strstr(log, "'frob_plain' is not supported") != NULL);
	CHECK(strstr(log, "'frob_why' is not supported: needs a kernel feature") != NULL);
	CHECK(strstr(log, "'frob_knob' has no effect in keepalived-ng, ignored") != NULL);
	CHECK(strstr(log, "'frob_old' is obsolete, ignored") != NULL);
	CHECK_EQ_INT(ctx.errors, 2);
	free(log);
	conf_ctx_free(&ctx);
	config_free(&c);
}

/* -P / -C (config_load_opts.skip_parts): the blocks of the process that
 * does not run are not read - no object, no message, no error - as
 * keepalived 2.2.7's VRRP child skips virtual_server and its checker
 * vrrp_instance; global_defs, track_file and bfd_instance are read by both. */
struct part_load {
	struct config *conf;
	const char *path;
	unsigned skip;
	int errors;
};

static void part_load_run(void *arg)
{
	struct part_load *pl = arg;
	struct config_load_opts o = { .host = &conf_test_host, .skip_parts = pl->skip };
	pl->errors = config_load(pl->conf, pl->path, &o);
}

TEST(skip_parts_not_read)
{
	struct tmpdir t;
	tmpdir_make(&t);
	char path[512];
	tmpdir_write(&t, "p.conf",
		"global_defs {\n router_id R\n}\n"
		"vrrp_script chk {\n script \"/bin/true\"\n interval bad\n}\n"
		"vrrp_instance V {\n interface eth0\n virtual_router_id 300\n"
		" virtual_ipaddress {\n  192.0.2.1\n }\n}\n"
		"static_ipaddress {\n 192.0.2.9/32 dev nosuchif\n}\n"
		"virtual_server_group G {\n 10.0.0.5 nonsense 80\n}\n"
		"virtual_server 10.0.0.1 80 {\n protocol TCP\n real_server 10.0.0.2 80 {\n"
		"  TCP_CHECK {\n   connect_timeout bad\n  }\n }\n}\n"
		"SSL {\n frob 1\n}\n"
		"virtual_server 10.0.0.3 80\n protocol TCP\n real_server 10.0.0.4 80 {\n }\n}\n"   /* no '{': up to its '}' */
		"track_file f {\n file /tmp/x\n}\n",
		path, sizeof(path));
	static const unsigned skips[] = { 0, CONF_PART_CHECK, CONF_PART_VRRP };
	for (size_t i = 0; i < 3; i++) {
		struct config c;
		struct part_load pl = { &c, path, skips[i], 0 };
		char *log = capture_stderr(part_load_run, &pl);
		if (skips[i] == 0) {
			CHECK(pl.errors >= 2);
			CHECK(strstr(log, "connect_timeout") && strstr(log, "virtual_router_id"));
		} else if (skips[i] == CONF_PART_CHECK) {
			CHECK(pl.errors >= 1);   /* virtual_router_id 300 */
			CHECK(!strstr(log, "connect_timeout") && !strstr(log, "nonsense") && !strstr(log, "frob"));
			CHECK_EQ_INT(c.n_vs, 0);
			CHECK_EQ_INT(c.n_vsg, 0);
			CHECK_STR(c.global.router_id, "R");
		} else {
			/* connect_timeout bad: skipped with a warning, as 2.2.7 */
			CHECK(strstr(log, "connect_timeout must be") != NULL);
			CHECK(!strstr(log, "virtual_router_id") && !strstr(log, "nosuchif") && !strstr(log, "interval"));
			CHECK_EQ_INT(c.n_vrrp, 0);
			CHECK_EQ_INT(c.vrrp_objs.n_scripts, 0);
			CHECK_EQ_INT(c.n_vs, 2);   /* the one without its {, too */
			CHECK_EQ_INT(c.vrrp_objs.n_files, 1);
			CHECK_STR(c.global.router_id, "R");
		}
		free(log);
		config_free(&c);
	}
	tmpdir_remove(&t);
}

/* A keyword whose value keepalived 2.2.7 reads without checking that it is
 * there stops it at that line ("... is missing a parameter", exit 2):
 * mcast_src_ip, unicast_src_ip, auth_type, version, the garp intervals.
 * Ours warned "ignored, as 2.2.7 ignores it": an error now. router_id
 * and script_user without a value stay warnings (2.2.7 checks those). */
TEST(missing_value_stops_as_keepalived)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_text(&c,
		"global_defs {\n"
		" router_id\n"                    /* 2 */
		" vrrp_garp_interval\n"           /* 3 */
		"}\n"
		"vrrp_instance V {\n"
		" interface eth0\n"
		" virtual_router_id 51\n"
		" mcast_src_ip\n"                 /* 8 */
		" unicast_src_ip\n"               /* 9 */
		" version\n"                      /* 10 */
		" authentication {\n  auth_type\n }\n"   /* 12 */
		" virtual_ipaddress {\n  192.0.2.1\n }\n"
		"}\n",
		false, path, sizeof(path), &log);
	CHECK(log_has_at(log, "warning", path, 2, "global_defs: router_id needs a value: ignored"));
	CHECK(log_has_at(log, "error", path, 3, "global_defs: vrrp_garp_interval takes 1 argument, got 0 "
			 "(keepalived 2.2.7 stops at this line"));
	CHECK(log_has_at(log, "error", path, 8, "vrrp_instance: mcast_src_ip takes 1 argument, got 0 "
			 "(keepalived 2.2.7 stops at this line"));
	CHECK(log_has_at(log, "error", path, 9, "vrrp_instance: unicast_src_ip takes 1 argument, got 0"));
	CHECK(log_has_at(log, "error", path, 10, "vrrp_instance: version takes 1 argument, got 0"));
	CHECK(log_has_at(log, "error", path, 12, "authentication: auth_type takes 1 argument, got 0"));
	CHECK(strstr(log, "as keepalived 2.2.7 ignores it") == NULL || log_has_at_quiet(log, "warning", path, 2));
	CHECK_EQ_INT(e, 5);
	free(log);
	config_free(&c);
}

/* umask and config_save_dir (which has no effect here) without a value:
 * keepalived 2.2.7 stops at the line ("... is missing a parameter", exit
 * 2): an error (ours took them with a notice, -t 0). tmp_config_directory,
 * snmp_socket, dbus_service_name, vrrp_rx_bufs_policy without one, a bad
 * vrrp_rx_bufs_multiplier, an instance's linkbeat_use_polling: 2.2.7 says
 * so and runs (-t 5): a warning. */
TEST(no_effect_keywords_missing_value_as_keepalived)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_text(&c,
		"global_defs {\n"
		" umask\n"                        /* 2 */
		" config_save_dir\n"              /* 3 */
		" tmp_config_directory\n"         /* 4 */
		" umask 0077\n"                   /* 5 */
		" snmp_socket\n"                  /* 6 */
		" dbus_service_name\n"            /* 7 */
		" vrrp_rx_bufs_policy\n"          /* 8 */
		" vrrp_rx_bufs_multiplier abc\n"  /* 9 */
		" vrrp_rx_bufs_multiplier 2\n"    /* 10 */
		"}\n"
		"vrrp_instance V {\n interface eth0\n virtual_router_id 51\n"
		" linkbeat_use_polling\n"         /* 15 */
		" virtual_ipaddress {\n  192.0.2.1\n }\n}\n",
		false, path, sizeof(path), &log);
	CHECK(log_has_at(log, "error", path, 2, "global_defs: umask takes at least 1 argument, got 0 "
			 "(keepalived 2.2.7 stops at this line"));
	CHECK(log_has_at(log, "error", path, 3, "global_defs: config_save_dir takes at least 1 argument, got 0 "
			 "(keepalived 2.2.7 stops at this line"));
	CHECK(log_has_at(log, "warning", path, 4, "global_defs: tmp_config_directory needs a value: ignored"));
	CHECK(!log_has_at_quiet(log, "error", path, 5) && !log_has_at_quiet(log, "warning", path, 5));
	/* keepalived 2.2.7: "SNMP error : snmp socket name missing", "dbus_service_name
	 * missing - ignoring", "vrrp_rx_bufs_policy missing", "Invalid
	 * vrrp_rx_bufs_multiplier abc", "'linkbeat_use_polling' in vrrp instance
	 * deprecated" - each -t 5, the file runs */
	CHECK(log_has_at(log, "warning", path, 6, "global_defs: snmp_socket needs a value: ignored"));
	CHECK(log_has_at(log, "warning", path, 7, "global_defs: dbus_service_name needs a value: ignored"));
	CHECK(log_has_at(log, "warning", path, 8, "global_defs: vrrp_rx_bufs_policy needs a value: ignored"));
	CHECK(log_has_at(log, "warning", path, 9, "vrrp_rx_bufs_multiplier: invalid number 'abc'"));
	CHECK(!log_has_at_quiet(log, "warning", path, 10));
	CHECK(log_has_at(log, "warning", path, 15, "'linkbeat_use_polling' is obsolete, ignored"));
	CHECK_EQ_INT(e, 2);
	free(log);
	config_free(&c);
}

/* ${NAME} never defined on a line of a list block (virtual_ipaddress,
 * track_script, unicast_peer...): the preprocessor leaves it and the
 * lexer reads '$' and a block { NAME }, as keepalived 2.2.7's read_line()
 * splits it. 2.2.7 skips '$', '{' and NAME as entries and its '}' ends
 * the list (-t exits 5, what follows in the list and the instance is
 * lost); ours refused the file. Now the line is skipped with a warning
 * and the rest kept. */
TEST(undefined_reference_in_list)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_text(&c,
		"vrrp_script chk {\n script /bin/true\n}\n"
		"vrrp_instance V {\n"
		" interface eth0\n"
		" virtual_router_id 51\n"
		" virtual_ipaddress {\n"
		"  192.0.2.1/24\n"
		"  ${VIP}\n"                      /* 9 */
		"  192.0.2.2/24 dev ${IF}\n"      /* 10 */
		"  192.0.2.3/24\n"
		" }\n"
		" track_script {\n  ${CHK}\n  chk\n }\n"   /* 14 */
		" unicast_peer {\n  ${PEER}\n  192.0.2.9\n }\n"   /* 18 */
		" priority 150\n"
		"}\n",
		false, path, sizeof(path), &log);
	CHECK_EQ_INT(e, 0);
	CHECK(log_has_at(log, "warning", path, 9, "virtual_ipaddress: ${VIP} is not defined: the line is skipped"));
	CHECK(log_has_at(log, "warning", path, 10, "virtual_ipaddress: ${IF} is not defined: the line is skipped"));
	CHECK(log_has_at(log, "warning", path, 14, "track_script: ${CHK} is not defined: the line is skipped"));
	CHECK(log_has_at(log, "warning", path, 18, "unicast_peer: ${PEER} is not defined: the line is skipped"));
	const struct vrrp_instance_conf *v = find_vi(&c, "V");
	CHECK(v && v->n_vips == 2);
	CHECK(v && v->ext.n_track_scripts == 1);
	CHECK(v && v->ext.n_peers == 1);
	CHECK(v && v->priority == 150);
	free(log);
	config_free(&c);
}

/* vrrp_script interval and timeout as keepalived 2.2.7 reads them: whole
 * seconds up to 4294 (UINT_MAX / TIMER_HZ; ours took up to 86400), 0 is
 * 1 ("must be greater than 0, setting to 1"; ours skipped a timeout 0:
 * the interval); rise and fall up to INT_MAX. */
TEST(script_timers_as_keepalived)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_text(&c,
		"global_defs {\n vrrp_version 2\n}\n"
		"vrrp_script a {\n script /bin/true\n interval 5000\n timeout 0\n rise 5000000\n}\n"  /* 6, 7 */
		"vrrp_script b {\n script /bin/true\n interval 4294\n timeout 4295\n}\n"            /* 13 */
		"vrrp_instance V {\n interface eth0\n virtual_router_id 51\n"
		" track_script {\n  a\n }\n"
		" virtual_ipaddress {\n  192.0.2.1\n }\n}\n",
		false, path, sizeof(path), &log);
	CHECK_EQ_INT(e, 0);
	CHECK(log_has_at(log, "warning", path, 6, "interval must be 0..4294, got 5000"));
	CHECK(log_has_at(log, "warning", path, 7, "vrrp_script timeout must be greater than 0: 1 is used"));
	CHECK(log_has_at(log, "warning", path, 13, "timeout must be 0..4294, got 4295"));
	CHECK_EQ_INT(c.vrrp_objs.n_scripts, 2);
	if (c.vrrp_objs.n_scripts == 2) {
		CHECK_EQ_INT(c.vrrp_objs.scripts[0].interval_s, 1);
		CHECK_EQ_INT(c.vrrp_objs.scripts[0].timeout_s, 1);
		CHECK_EQ_INT(c.vrrp_objs.scripts[0].rise, 5000000);
		CHECK_EQ_INT(c.vrrp_objs.scripts[1].interval_s, 4294);
		CHECK_EQ_INT(c.vrrp_objs.scripts[1].timeout_s, 4294);
	}
	free(log);
	config_free(&c);
}

/* Values of tools/num_survey.sh's last differences: a track weight ""
 * is 0 without a word, as keepalived 2.2.7 reads it (its -t exits 0;
 * ours warned); vrrp_startup_delay 0 or "" is skipped with a warning
 * (2.2.7: 0.001..4294.967295, -t 5; ours took 0 silently). */
TEST(survey_values_as_keepalived)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_text(&c,
		"global_defs {\n vrrp_startup_delay 0\n}\n"          /* 2 */
		"vrrp_script a {\n script /bin/true\n}\n"
		"vrrp_instance V {\n interface eth0\n virtual_router_id 51\n"
		" track_script {\n  a weight \"\"\n }\n"                /* 11 */
		" track_interface {\n  eth1 weight \"\"\n }\n"          /* 14 */
		" virtual_ipaddress {\n  192.0.2.1\n }\n}\n",
		false, path, sizeof(path), &log);
	CHECK_EQ_INT(e, 0);
	CHECK(log_has_at(log, "warning", path, 2, "vrrp_startup_delay must be 0.001..4294.967 seconds, got 0"));
	CHECK(!log_has_at_quiet(log, "warning", path, 11));
	CHECK(!log_has_at_quiet(log, "warning", path, 14));
	const struct vrrp_instance_conf *v = find_vi(&c, "V");
	CHECK(v && v->ext.n_track_scripts == 1 && v->ext.track_scripts[0].weight_set &&
	      v->ext.track_scripts[0].weight == 0);
	free(log);
	config_free(&c);
}

/* Keywords whose value keepalived 2.2.7 checks for ("emailfrom missing -
 * ignoring", "No notify_fifo name specified"...): without it the line is
 * skipped with a warning and the file runs (-t 5 as there; ours refused
 * it, -t 4); smtp_helo_name alone is ignored silently as there (-t 0).
 * A tuning knob without effect here whose number 2.2.7 reads
 * (vrrp_netlink_cmd_rcv_bufs, kernel_rx_buf_size...): a bad or missing
 * number is a warning, as its "invalid" (it was a notice only). */
TEST(missing_value_skipped_as_keepalived)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_text(&c,
		"global_defs {\n"
		" notification_email_from\n"      /* 2 */
		" startup_script\n"               /* 3 */
		" vrrp_notify_fifo\n"             /* 4 */
		" vrrp_cpu_affinity\n"            /* 5 */
		" smtp_helo_name\n"               /* 6 */
		" vrrp_netlink_cmd_rcv_bufs 1.5\n"   /* 7 */
		" lvs_netlink_cmd_rcv_bufs\n"     /* 8 */
		"}\n"
		"vrrp_instance V {\n interface eth0\n virtual_router_id 51\n"
		" garp_extra_if\n"                /* 13 */
		" kernel_rx_buf_size 4096\n"      /* 14 */
		" virtual_ipaddress {\n  192.0.2.1\n }\n}\n",
		false, path, sizeof(path), &log);
	CHECK_EQ_INT(e, 0);
	CHECK(log_has_at(log, "warning", path, 2, "global_defs: notification_email_from needs a value: ignored"));
	CHECK(log_has_at(log, "warning", path, 3, "global_defs: startup_script needs a value: ignored"));
	CHECK(log_has_at(log, "warning", path, 4, "global_defs: vrrp_notify_fifo needs a value: ignored"));
	CHECK(log_has_at(log, "warning", path, 5, "global_defs: vrrp_cpu_affinity needs a value: ignored"));
	CHECK(!log_has_at_quiet(log, "warning", path, 6));
	CHECK(log_has_at(log, "warning", path, 7, "vrrp_netlink_cmd_rcv_bufs: invalid number '1.5': ignored"));
	CHECK(log_has_at(log, "warning", path, 8, "lvs_netlink_cmd_rcv_bufs needs a number: ignored"));
	CHECK(log_has_at(log, "warning", path, 13, "vrrp_instance: garp_extra_if needs a value: ignored"));
	CHECK(!log_has_at_quiet(log, "warning", path, 14));
	CHECK_EQ_INT(count_in(log, "warning: "), 7);
	free(log);
	config_free(&c);
}

/* mcast_src_ip / unicast_src_ip and unicast_peer with a prefix length
 * or a range: keepalived 2.2.7's inet_stosockaddr() drops what follows
 * the '/' or '-' and uses the address (its maintainer's seq2a.conf:
 * 'mcast_src_ip 10.0.1.1/24', "Using src_ip = 10.0.1.1" in its data
 * dump); ours skipped the line with a warning (the interface's address
 * was used). A notice now, not counted (2.2.7 says nothing). */
TEST(address_with_prefix_as_keepalived)
{
	struct config c;
	char path[512];
	char *log;
	int e = load_text(&c,
		"vrrp_instance V {\n interface eth0\n virtual_router_id 51\n"
		" unicast_src_ip 10.1.1.1/24\n"                       /* 4 */
		" unicast_peer {\n  10.1.1.9/24\n  10.1.1.10-12\n }\n"  /* 6, 7 */
		" virtual_ipaddress {\n  192.0.2.1\n }\n}\n",
		false, path, sizeof(path), &log);
	CHECK_EQ_INT(e, 0);
	CHECK(strstr(log, "unicast_src_ip 10.1.1.1/24 is read as 10.1.1.1, as keepalived 2.2.7 reads it") != NULL);
	CHECK(!log_has_at_quiet(log, "warning", path, 4));
	CHECK(!log_has_at_quiet(log, "warning", path, 6) && !log_has_at_quiet(log, "warning", path, 7));
	const struct vrrp_instance_conf *v = find_vi(&c, "V");
	CHECK(v && ntohl(v->mcast_src_ip.s_addr) == 0x0a010101);
	CHECK(v && v->ext.n_peers == 2);
	if (v && v->ext.n_peers == 2)
		CHECK(ntohl(v->ext.peers[1].addr.u.v4.s_addr) == 0x0a01010a);
	free(log);
	config_free(&c);
}

int main(void)
{
	RUN(value_helpers);
	RUN(good_global_defs);
	RUN(good_instance_every_keyword);
	RUN(defaults);
	RUN(v2_auth_pass_kept_and_truncated);
	RUN(includes);
	RUN(include_loop);
	RUN(unsupported_keywords_rejected);
	RUN(unknown_keyword_and_block_skipped);
	RUN(net_namespace_duplicate);
	RUN(number_forms_as_keepalived);
	RUN(number_with_suffix_as_keepalived_runs);
	RUN(arity_and_values_all_reported);
	RUN(unclosed_block_names_opening_line);
	RUN(stray_brace_and_block_misuse);
	RUN(brace_placement);
	RUN(one_line_keywords);
	RUN(notify_script_user);
	RUN(cannot_open);
	RUN(tables_well_formed);
	RUN(policy_rows);
	RUN(skip_parts_not_read);
	RUN(missing_value_stops_as_keepalived);
	RUN(no_effect_keywords_missing_value_as_keepalived);
	RUN(undefined_reference_in_list);
	RUN(script_timers_as_keepalived);
	RUN(survey_values_as_keepalived);
	RUN(missing_value_skipped_as_keepalived);
	RUN(address_with_prefix_as_keepalived);
	return unit_summary();
}
