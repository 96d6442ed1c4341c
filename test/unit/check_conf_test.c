/* check_conf_test.c - virtual_server / virtual_server_group parsing through
 * the keyword tables, inheritance by validation, and the wire round trip. */
#include "check_conf.h"
#include "../../keepalived/check/check_kw.h"
#include "config.h"  /* keepalived/include/config.h */
#include "conf_test_util.h"
#include "unit.h"
#include "wire.h"

#include <arpa/inet.h>
#include <linux/ip_vs.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int load(const char *text, struct config *conf)
{
	char path[] = "/tmp/check_conf_test.XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		return -1;
	close(fd);
	config_init(conf);
	struct config_load_opts o = { .check_only = true, .host = &conf_test_host };
	int errors = config_load(conf, path, &o);
	unlink(path);
	return errors;
}

static const char *CONF1 =
	"virtual_server 10.0.0.1 80 {\n"
	"  delay_loop 6\n"
	"  lb_algo rr\n"
	"  lb_kind DR\n"
	"  persistence_timeout 50\n"
	"  protocol TCP\n"
	"  quorum 2\n"
	"  hysteresis 1\n"
	"  quorum_up \"/bin/echo up\"\n"
	"  sorry_server 10.0.0.9 8080\n"
	"  inhibit_on_failure\n"
	"  real_server 10.0.0.2 80 {\n"
	"    weight 3\n"
	"    notify_down /bin/true\n"
	"    HTTP_GET {\n"
	"      url { path /health\n digest 5d41402abc4b2a76b9719d911017c592\n status_code 200-299 503 }\n"
	"      connect_timeout 2.5\n"
	"      nb_get_retry 2\n"
	"    }\n"
	"  }\n"
	"  real_server 10.0.0.3 {\n"
	"    MISC_CHECK { misc_path \"/bin/check x\"\n misc_dynamic\n }\n"
	"    TCP_CHECK { connect_port 81\n rise 2\n fall 4 }\n"
	"  }\n"
	"}\n"
	"virtual_server_group G {\n"
	"  192.168.1.1-3 80\n"
	"  2001:db8::1 443\n"
	"  fwmark 7 inet\n"
	"}\n"
	"virtual_server group G {\n"
	"  protocol TCP\n"
	"  real_server 192.168.2.1 80 { TCP_CHECK { } }\n"
	"}\n"
	"virtual_server fwmark 5 {\n"
	"  lvs_sched sh\n sh-port\n"
	"  real_server 10.1.0.1 0 { weight 2 }\n"
	"}\n";

TEST(parse_and_inherit)
{
	struct config conf;
	int errors = load(CONF1, &conf);
	CHECK_EQ_INT(errors, 0);
	CHECK_EQ_INT(conf.n_vs, 3);
	CHECK_EQ_INT(conf.n_vsg, 1);
	if (conf.n_vs != 3 || conf.n_vsg != 1)
		return;
	struct vs_conf *vs = &conf.vs[0];
	CHECK_STR(vs->name, "10.0.0.1:80/TCP");
	CHECK_STR(vs->sched, "rr");
	CHECK_EQ_INT(vs->method, LVS_METHOD_DR);
	CHECK(vs->persistent);
	CHECK_EQ_INT(vs->persistence_timeout_s, 50);
	CHECK_EQ_INT(vs->quorum, 2);
	CHECK_EQ_INT(vs->hysteresis, 1);
	CHECK_STR(vs->quorum_up.cmd, "/bin/echo up");
	CHECK(vs->has_sorry);
	CHECK_EQ_INT(vs->sorry.port, 80);   /* DR: the VS port, as keepalived 2.2.7 resets it */
	CHECK_EQ_INT(vs->n_rs, 2);
	struct rs_conf *rs = &vs->rs[0];
	CHECK_EQ_INT(rs->weight, 3);
	CHECK_EQ_INT(rs->method, LVS_METHOD_DR);        /* inherited */
	CHECK_EQ_INT(rs->inhibit_on_failure, 1);        /* inherited */
	CHECK_EQ_INT(rs->n_checks, 1);
	struct check_conf *c = &rs->checks[0];
	CHECK_EQ_INT(c->type, CHECK_HTTP);
	CHECK_EQ_INT(c->connect_timeout_ms, 2500);
	CHECK_EQ_INT(c->retry, 2);
	CHECK_EQ_INT(c->fall, 3);
	CHECK_EQ_INT(c->rise, 1);
	CHECK_EQ_INT(c->delay_loop_ms, 6000);
	CHECK_EQ_INT(c->delay_before_retry_ms, 3000);   /* HTTP default */
	CHECK_EQ_INT(c->u.http.n_urls, 1);
	CHECK_STR(c->u.http.urls[0].path, "/health");
	CHECK(c->u.http.urls[0].has_digest);
	CHECK_EQ_INT(c->u.http.urls[0].digest[0], 0x5d);
	CHECK(url_status_ok(&c->u.http.urls[0], 204));
	CHECK(url_status_ok(&c->u.http.urls[0], 503));
	CHECK(!url_status_ok(&c->u.http.urls[0], 404));
	rs = &vs->rs[1];
	CHECK_EQ_INT(rs->port, 80);                      /* the VS port */
	CHECK_EQ_INT(rs->n_checks, 2);
	CHECK_EQ_INT(rs->checks[0].type, CHECK_MISC);
	CHECK_STR(rs->checks[0].u.misc.path, "/bin/check x");
	CHECK(rs->checks[0].u.misc.dynamic);
	CHECK_EQ_INT(rs->checks[0].retry, 0);            /* MISC default */
	CHECK_EQ_INT(rs->checks[0].u.misc.timeout_ms, 6000);
	CHECK_EQ_INT(rs->checks[1].connect_port, 81);
	CHECK_EQ_INT(rs->checks[1].rise, 2);
	CHECK_EQ_INT(rs->checks[1].fall, 4);

	struct vsg_conf *g = &conf.vsg[0];
	CHECK_STR(g->name, "G");
	CHECK_EQ_INT(g->n_entries, 3);
	CHECK_EQ_INT(g->entries[0].count, 3);
	CHECK_EQ_INT(g->entries[0].port, 80);
	CHECK_EQ_INT(g->entries[1].addr.family, AF_INET6);
	CHECK_EQ_INT(g->entries[2].kind, VSGE_FWMARK);
	CHECK_EQ_INT(g->entries[2].fwmark, 7);
	CHECK_STR(conf.vs[1].name, "group G/TCP");
	CHECK_EQ_INT(conf.vs[2].kind, VS_KIND_FWMARK);
	CHECK_EQ_INT(conf.vs[2].sched_flags, IP_VS_SVC_F_SCHED_SH_PORT);
	config_free(&conf);
}

/* keepalived 2.2.7's corrections of direct-routing/tunnel ports and of a
 * hysteresis >= quorum (warnings): what IPVS gets, what the checks use. */
TEST(port_alignment_and_hysteresis)
{
	struct config conf;
	int errors = load("virtual_server 10.0.0.1 443 {\n"
			  "  lb_kind DR\n protocol TCP\n quorum 3\n hysteresis 5\n"
			  "  real_server 10.0.0.2 8443 { TCP_CHECK { } }\n"
			  "  real_server 10.0.0.3 8444 { TCP_CHECK { connect_port 9000 } }\n"
			  "  real_server 10.0.0.4 8445 { lvs_method NAT\n TCP_CHECK { } }\n"
			  "}\n"
			  "virtual_server fwmark 5 {\n"
			  "  lb_kind TUN\n persistence_timeout 10\n"
			  "  real_server 10.1.0.1 80 { HTTP_GET { url { path / } } }\n"
			  "  sorry_server 10.1.0.9 8080\n"
			  "}\n"
			  "virtual_server 10.0.0.5 80 {\n"
			  "  lb_kind NAT\n protocol TCP\n"
			  "  real_server 10.0.0.6 8080 { TCP_CHECK { } }\n"
			  "}\n", &conf);
	CHECK_EQ_INT(errors, 0);
	CHECK_EQ_INT(conf.n_vs, 3);
	if (conf.n_vs != 3)
		return;
	struct vs_conf *vs = &conf.vs[0];
	CHECK_EQ_INT(vs->hysteresis, 2);
	CHECK_EQ_INT(vs->rs[0].port, 443);
	CHECK_EQ_INT(vs->rs[0].checks[0].connect_port, 8443);  /* the check keeps the port written */
	CHECK_EQ_INT(vs->rs[1].port, 443);
	CHECK_EQ_INT(vs->rs[1].checks[0].connect_port, 9000);
	CHECK_EQ_INT(vs->rs[2].port, 8445);                     /* NAT: kept */
	vs = &conf.vs[1];
	CHECK_EQ_INT(vs->rs[0].port, 0);                        /* fwmark: 0 */
	CHECK_EQ_INT(vs->rs[0].checks[0].connect_port, 80);
	CHECK_EQ_INT(vs->sorry.port, 0);
	CHECK_EQ_INT(conf.vs[2].rs[0].port, 8080);              /* NAT */
	config_free(&conf);
}

TEST(wire_round_trip)
{
	struct config conf;
	CHECK_EQ_INT(load(CONF1, &conf), 0);
	if (conf.n_vs != 3)
		return;
	for (size_t i = 0; i < conf.n_vs; i++) {
		struct wbuf w, w2;
		struct rbuf r;
		struct vs_conf out;
		wbuf_init(&w);
		vs_conf_encode(&conf.vs[i], &w);
		rbuf_init(&r, w.data, w.len);
		CHECK(vs_conf_decode(&r, &out));
		wbuf_init(&w2);
		vs_conf_encode(&out, &w2);
		CHECK_EQ_INT(w.len, w2.len);
		CHECK(w.len == w2.len && memcmp(w.data, w2.data, w.len) == 0);
		/* every truncation is refused without leaks */
		for (size_t cut = 0; cut < w.len; cut += 7) {
			struct vs_conf bad;
			rbuf_init(&r, w.data, cut);
			CHECK(!vs_conf_decode(&r, &bad));
		}
		vs_conf_free(&out);
		wbuf_free(&w);
		wbuf_free(&w2);
	}
	struct wbuf w;
	struct rbuf r;
	struct vsg_conf g;
	wbuf_init(&w);
	vsg_conf_encode(&conf.vsg[0], &w);
	rbuf_init(&r, w.data, w.len);
	CHECK(vsg_conf_decode(&r, &g));
	CHECK_EQ_INT(g.n_entries, 3);
	CHECK_EQ_INT(g.entries[0].count, 3);
	vsg_conf_free(&g);
	wbuf_free(&w);
	config_free(&conf);
}

TEST(errors)
{
	struct config conf;
	CHECK(load("virtual_server group NOPE {\n real_server 10.0.0.2 80 {\n }\n}\n", &conf) >= 1);
	config_free(&conf);
	CHECK(load("virtual_server 10.0.0.1 80 {\n real_server 10.0.0.2 80 {\n HTTP_GET {\n connect_timeout 1\n }\n }\n}\n",
		   &conf) >= 1);   /* no url */
	config_free(&conf);
	/* a group of IPv4 addresses with IPv6 servers (2.2.7 drops the service) */
	CHECK(load("virtual_server_group G {\n 10.0.0.5 80\n}\n"
		   "virtual_server group G {\n real_server 2001:db8::2 80 {\n }\n}\n", &conf) >= 1);
	config_free(&conf);
	CHECK(load("virtual_server_group G {\n 10.0.0.0/8 80\n}\n", &conf) >= 1);   /* our limit */
	config_free(&conf);
}

/* A check connecting to an IPv6 link-local address without bind_if:
 * keepalived 2.2.7 removes it ("Checker link local address ... requires a
 * bind_if") and runs; with bind_if, or a MISC_CHECK, it stays. */
TEST(link_local_needs_bind_if)
{
	struct config conf;
	int errors = load("virtual_server 2001:db8::1 80 {\n protocol TCP\n"
			  " real_server fe80::1 80 {\n  TCP_CHECK {\n  }\n"
			  "  TCP_CHECK {\n   bind_if eth0\n  }\n  MISC_CHECK {\n   misc_path /bin/true\n  }\n }\n"
			  " real_server 2001:db8::2 80 {\n  HTTP_GET {\n   connect_ip fe80::2\n   url {\n    path /\n   }\n  }\n"
			  "  TCP_CHECK {\n  }\n }\n}\n", &conf);
	CHECK_EQ_INT(errors, 0);
	if (conf.n_vs == 1 && conf.vs[0].n_rs == 2) {
		const struct rs_conf *r = conf.vs[0].rs;
		CHECK_EQ_INT(r[0].n_checks, 2);
		CHECK_EQ_INT(r[0].n_checks > 0 ? r[0].checks[0].type : 0, CHECK_TCP);
		CHECK_STR(r[0].n_checks > 0 ? r[0].checks[0].bind_if : "", "eth0");
		CHECK_EQ_INT(r[0].n_checks > 1 ? r[0].checks[1].type : 0, CHECK_MISC);
		CHECK_EQ_INT(r[1].n_checks, 1);
		CHECK_EQ_INT(r[1].n_checks > 0 ? r[1].checks[0].type : 0, CHECK_TCP);
	} else {
		CHECK(!"one virtual server with two real servers");
	}
	config_free(&conf);
}

/* A digest keepalived 2.2.7 cannot read (not 32 characters, not hex) or a
 * second one in a url: reported, ignored, the file runs (-t exits 5); the
 * url is checked without a digest / with the first one. Ours refused the
 * file (test/vm/corpus_run.sh on pqarmitage's configs/ipvs). */
/* A virtual_server_group defined twice: the second block is ignored with
 * a warning (keepalived 2.2.7 keeps both and finds the first by name; its
 * -t exits 5); the group's service is the first block's address. It was
 * an error. */
TEST(vsg_twice_second_ignored)
{
	struct config conf;
	int errors = load("virtual_server_group G {\n 10.0.0.1 80\n}\n"
			  "virtual_server_group G {\n 10.0.0.9 80\n fwmark 3\n}\n"
			  "virtual_server group G {\n protocol TCP\n real_server 10.0.0.2 80 {\n }\n}\n", &conf);
	CHECK_EQ_INT(errors, 0);
	CHECK_EQ_INT((int)conf.n_vsg, 1);
	if (conf.n_vsg == 1) {
		CHECK_EQ_INT((int)conf.vsg[0].n_entries, 1);
		CHECK_EQ_INT(conf.vsg[0].entries[0].port, 80);
		CHECK_EQ_INT(conf.vsg[0].entries[0].addr.u.v4.s_addr, (int)htonl(0x0a000001));
	}
	CHECK_EQ_INT((int)conf.n_vs, 1);
	config_free(&conf);
}

/* A virtual server left without a real server - none written, or all
 * skipped (other family, an address that does not parse) - is ignored
 * with a warning, as keepalived 2.2.7 ignores it ("has no real servers -
 * ignoring", -t exits 5), also with a sorry_server or inhibit_on_failure,
 * fwmark and group ones too; the others stay. It was installed. */
TEST(vs_without_rs_ignored)
{
	struct config conf;
	char path[] = "/tmp/check_conf_test.XXXXXX";
	static const char text[] =
		"virtual_server 10.0.0.1 80 {\n protocol TCP\n}\n"
		"virtual_server 10.0.0.2 80 {\n protocol TCP\n sorry_server 10.0.1.9 80\n inhibit_on_failure\n}\n"
		"virtual_server 10.0.0.3 80 {\n protocol TCP\n real_server 2001:db8::1 80 {\n }\n}\n"
		"virtual_server 10.0.0.4 80 {\n protocol TCP\n real_server 10.0.1.300 80 {\n }\n}\n"
		"virtual_server fwmark 5 {\n sorry_server 10.0.1.9 80\n}\n"
		"virtual_server_group G {\n 10.0.0.5 80\n}\n"
		"virtual_server group G {\n protocol TCP\n}\n"
		"virtual_server 10.0.0.6 80 {\n protocol TCP\n real_server 10.0.1.6 80 {\n }\n}\n"
		"virtual_server 10.0.0.7 80 {\n protocol TCP\n real_server 10.0.1.7 80 {\n }\n"
		" real_server 2001:db8::7 80 {\n }\n}\n";
	int fd = mkstemp(path);
	CHECK(fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
	config_init(&conf);
	char *log = NULL;
	CHECK_EQ_INT(load_capture(&conf, path, true, &log), 0);
	unlink(path);
	CHECK_EQ_INT(count_in(log, "has no real servers - ignoring"), 6);
	CHECK(strstr(log, "Virtual server 10.0.0.1:80/TCP has no real servers - ignoring") != NULL);
	CHECK(strstr(log, "Virtual server 10.0.0.2:80/TCP has no real servers - ignoring (and its sorry_server)"));
	CHECK(strstr(log, "Virtual server fwmark 5/inet has no real servers") != NULL);
	CHECK(strstr(log, "Virtual server group G/TCP has no real servers") != NULL);
	free(log);
	CHECK_EQ_INT((int)conf.n_vs, 2);
	if (conf.n_vs == 2) {
		CHECK_EQ_INT((int)conf.vs[0].addr.u.v4.s_addr, (int)htonl(0x0a000006));
		CHECK_EQ_INT((int)conf.vs[1].addr.u.v4.s_addr, (int)htonl(0x0a000007));
		CHECK_EQ_INT((int)conf.vs[1].n_rs, 1);
	}
	config_free(&conf);
}

/* load() with the log in *log (free it); the text goes to a temporary file. */
static int load_log(const char *text, struct config *conf, char **log)
{
	char path[] = "/tmp/check_conf_test.XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		return -1;
	close(fd);
	config_init(conf);
	int errors = load_capture(conf, path, true, log);
	unlink(path);
	return errors;
}

/* virtual_server_group blocks as keepalived 2.2.7 takes them: one without
 * entries is removed ("has no entries - removing", -t 5) and a later block
 * of its name is the group; of two blocks with entries the first is used
 * and the second ignored silently there (-t 0: a notice here, no warning,
 * it was a warning); a virtual server naming a group that had no entries
 * is ignored; an entry that does not parse is skipped with a warning (it
 * was an error: 2.2.7 skips it and runs). */
TEST(vsg_blocks_as_keepalived)
{
	static const char vs[] = "virtual_server group G {\n protocol TCP\n lb_algo rr\n lb_kind NAT\n"
				 " real_server 10.0.1.1 80 {\n }\n}\n";
	char text[1024];
	struct config conf;
	char *log = NULL;
	snprintf(text, sizeof(text), "virtual_server_group G {\n}\nvirtual_server_group G {\n 10.0.0.6 80\n}\n%s", vs);
	CHECK_EQ_INT(load_log(text, &conf, &log), 0);
	CHECK(log && strstr(log, "warning: ") && strstr(log, ":1: virtual_server_group G has no entries - removing"));
	CHECK_EQ_INT((int)conf.n_vsg, 1);
	if (conf.n_vsg == 1 && conf.vsg[0].n_entries == 1) {
		CHECK_EQ_INT(conf.vsg[0].entries[0].addr.u.v4.s_addr, (int)htonl(0x0a000006));
		CHECK_EQ_INT(conf.vsg[0].origin.line, 3);
	} else {
		CHECK(!"the second block is the group");
	}
	CHECK_EQ_INT((int)conf.n_vs, 1);
	free(log);
	config_free(&conf);

	snprintf(text, sizeof(text), "virtual_server_group G {\n 10.0.0.5 80\n}\n"
		 "virtual_server_group G {\n fwmark 7\n}\n%s", vs);
	CHECK_EQ_INT(load_log(text, &conf, &log), 0);
	CHECK(log && strstr(log, ":4: virtual_server_group G is defined twice (first at "));
	CHECK(log && !strstr(log, "warning"));
	CHECK(conf.n_vsg == 1 && conf.vsg[0].n_entries == 1 && conf.vsg[0].entries[0].kind == VSGE_ADDR);
	free(log);
	config_free(&conf);

	snprintf(text, sizeof(text), "virtual_server_group G {\n}\n%s"
		 "virtual_server 10.0.0.1 80 {\n protocol TCP\n real_server 10.0.1.1 80 {\n }\n}\n", vs);
	CHECK_EQ_INT(load_log(text, &conf, &log), 0);
	CHECK(log && strstr(log, "virtual_server_group G was removed - ignoring the virtual server"));
	CHECK(conf.n_vs == 1 && conf.vs[0].kind == VS_KIND_ADDR);
	free(log);
	config_free(&conf);

	/* IPv4, IPv6 and a fwmark without family: 2.2.7 removes the group */
	snprintf(text, sizeof(text), "virtual_server_group G {\n 10.0.0.5 80\n 2001:db8::5 80\n fwmark 9\n}\n"
		 "virtual_server_group G {\n 10.0.0.8 80\n}\n%s", vs);
	CHECK_EQ_INT(load_log(text, &conf, &log), 0);
	CHECK(log && strstr(log, "virtual_server_group G cannot have IPv4, IPv6 and fwmark without family - removing"));
	CHECK(conf.n_vsg == 1 && conf.vsg[0].n_entries == 1 && conf.vsg[0].entries[0].addr.u.v4.s_addr == htonl(0x0a000008));
	CHECK_EQ_INT((int)conf.n_vs, 1);
	free(log);
	config_free(&conf);
	snprintf(text, sizeof(text), "virtual_server_group G {\n 10.0.0.5 80\n 2001:db8::5 80\n fwmark 9 inet\n}\n%s", vs);
	CHECK_EQ_INT(load_log(text, &conf, &log), 0);
	CHECK(log && !strstr(log, "cannot have"));
	CHECK(conf.n_vsg == 1 && conf.vsg[0].n_entries == 3 && conf.n_vs == 1);
	free(log);
	config_free(&conf);
	snprintf(text, sizeof(text), "virtual_server_group G {\n 10.0.0.5 80\n 2001:db8::5 80\n fwmark 9\n}\n%s", vs);
	CHECK_EQ_INT(load_log(text, &conf, &log), 0);
	CHECK(log && strstr(log, "virtual_server_group G was removed - ignoring the virtual server"));
	CHECK_EQ_INT((int)conf.n_vs, 0);
	free(log);
	config_free(&conf);

	snprintf(text, sizeof(text), "virtual_server_group G {\n 10.0.0.5-2 80\n 10.0.0.300 80\n 10.0.0.7 80\n}\n%s", vs);
	CHECK_EQ_INT(load_log(text, &conf, &log), 0);
	CHECK_EQ_INT(count_in(log, "the line is skipped"), 2);
	CHECK(conf.n_vsg == 1 && conf.vsg[0].n_entries == 1);
	free(log);
	config_free(&conf);
}

/* Keywords that need a partner before them, as keepalived 2.2.7 reads
 * them (each ignored with a warning there, -t 5, and here): sorry_server_inhibit
 * and sorry_server_lvs_method before the sorry_server line, sh-port /
 * sh-fallback / mh-port / mh-fallback before "lb_algo sh|mh" (flag-N alike
 * are taken), an ip_family that conflicts with the family by then, a
 * bindto of another family than where the check connects and a
 * connect_ip of another family than an earlier bindto; FILE_CHECK without
 * track_file (the check goes), an unknown DNS_CHECK type (the line goes).
 * Without effect and taken silently by 2.2.7 (-t 0): regex options
 * without a regex, regex_stack with one number. Before: all taken, or an
 * error for the last four. */
TEST(partner_keywords_as_keepalived)
{
	static const char text[] =
		"virtual_server 10.0.0.1 80 {\n protocol TCP\n lb_kind NAT\n sorry_server_inhibit\n"
		" sorry_server_lvs_method DR\n sorry_server 10.0.1.9 80\n sh-port\n lb_algo sh\n sh-fallback\n"
		" real_server 10.0.1.1 80 {\n"
		"  TCP_CHECK {\n   bindto 2001:db8::9\n  }\n"
		"  TCP_CHECK {\n   bindto 10.0.0.9\n   connect_ip 2001:db8::1\n  }\n"
		"  FILE_CHECK {\n   weight 3\n  }\n"
		"  DNS_CHECK {\n   type FOO\n  }\n"
		"  HTTP_GET {\n   url {\n    path /\n    regex_no_match\n    regex_stack 100\n   }\n  }\n"
		" }\n}\n"
		"virtual_server 10.0.0.2 80 {\n protocol TCP\n lb_algo rr\n flag-2\n sorry_server 10.0.1.9 80\n"
		" sorry_server_inhibit\n sorry_server_lvs_method DR\n real_server 10.0.1.1 80 {\n }\n}\n"
		"virtual_server fwmark 3 {\n lb_algo rr\n real_server 10.0.1.1 80 {\n }\n ip_family inet6\n}\n";
	struct config conf;
	char *log = NULL;
	CHECK_EQ_INT(load_log(text, &conf, &log), 0);
	CHECK_EQ_INT(count_in(log, "warning: "), 10);   /* and two "no forwarding method" */
	CHECK(strstr(log, "sorry_server_inhibit before or without sorry_server: ignored") != NULL);
	CHECK(strstr(log, "sh-port only applies to the sh and mh schedulers") != NULL);
	CHECK(strstr(log, "ip_family inet6 conflicts with the virtual server's family (inet)") != NULL);
	CHECK(strstr(log, "connect_ip address 2001:db8::1 does not match the address family of bindto") != NULL);
	CHECK(strstr(log, "FILE_CHECK has no track_file specified - ignoring") != NULL);
	free(log);
	CHECK_EQ_INT((int)conf.n_vs, 3);
	if (conf.n_vs == 3 && conf.vs[0].n_rs == 1 && conf.vs[0].rs[0].n_checks == 4) {
		const struct vs_conf *v = &conf.vs[0];
		const struct rs_conf *rs = &v->rs[0];
		CHECK(!v->sorry_server_inhibit);
		CHECK_EQ_INT(v->sorry.method, LVS_METHOD_NAT);
		CHECK_EQ_INT((int)v->sched_flags, IP_VS_SVC_F_SCHED1);
		CHECK_EQ_INT(rs->checks[0].bindto.family, 0);
		CHECK_EQ_INT(rs->checks[1].bindto.family, AF_INET);
		CHECK_EQ_INT(rs->checks[1].connect_ip.family, 0);
		CHECK_EQ_INT(rs->checks[2].type, CHECK_DNS);
		CHECK_EQ_INT(rs->checks[3].u.http.n_urls, 1);
		if (rs->checks[3].u.http.n_urls == 1) {
			CHECK_EQ_INT(rs->checks[3].u.http.urls[0].regex_stack_start, 100);
			CHECK_EQ_INT(rs->checks[3].u.http.urls[0].regex_stack_max, 100);
		}
		CHECK(conf.vs[1].sorry_server_inhibit);
		CHECK_EQ_INT(conf.vs[1].sorry.method, LVS_METHOD_DR);
		CHECK_EQ_INT((int)conf.vs[1].sched_flags, IP_VS_SVC_F_SCHED2);
		CHECK_EQ_INT(conf.vs[2].fwmark_family, AF_INET);
		CHECK_EQ_INT((int)conf.vs[2].n_rs, 1);
	} else {
		CHECK(!"three virtual servers, four checks on the first one's real server");
	}
	config_free(&conf);
}

/* A group's real servers that forward by direct routing / tunnelling with
 * a port are warned about as keepalived 2.2.7 warns (a fwmark of the
 * group, an address entry of another port: -t 5), and a group of fwmarks
 * only given a protocol; ours said nothing (-t 0). */
TEST(group_dr_ports_warned)
{
	struct config conf;
	char *log = NULL;
	CHECK_EQ_INT(load_log("virtual_server_group G {\n 10.0.0.5 443\n 10.0.0.6 8443\n fwmark 9\n}\n"
			      "virtual_server group G {\n lb_algo rr\n lb_kind DR\n protocol TCP\n"
			      " real_server 10.0.1.1 443 {\n }\n real_server 10.0.1.2 {\n }\n"
			      " real_server 10.0.1.3 80 {\n  lvs_method NAT\n }\n}\n"
			      "virtual_server_group F {\n fwmark 10\n}\n"
			      "virtual_server group F {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n"
			      " real_server 10.0.1.4 80 {\n }\n}\n", &conf, &log), 0);
	CHECK_EQ_INT(count_in(log, "warning: "), 3);
	CHECK_EQ_INT(count_in(log, "port is not used by direct routing/tunnelling"), 1);
	CHECK_EQ_INT(count_in(log, "entry 10.0.0.6 port 8443 and real server 10.0.1.1 port 443: ports don't match"), 1);
	CHECK_EQ_INT(count_in(log, "protocol specified for a group of fwmarks"), 1);
	free(log);
	CHECK(conf.n_vs == 2 && conf.vs[0].n_rs == 3 && conf.vs[0].rs[0].port == 443);
	config_free(&conf);
}

/* Values keepalived 2.2.7 skips with a message and runs the file (-t 5):
 * an unknown ip_family or http_protocol, a DNS_CHECK name that is no
 * domain name, a BFD_CHECK name too long for any bfd_instance (the check
 * goes); they were errors (-t 4). */
TEST(check_values_skipped_as_keepalived)
{
	struct config conf;
	char *log = NULL;
	CHECK_EQ_INT(load_log("virtual_server fwmark 3 {\n lb_algo rr\n ip_family ipv6\n"
			      " real_server 10.0.1.1 80 {\n"
			      "  HTTP_GET {\n   url {\n    path /\n   }\n   http_protocol 2\n  }\n"
			      "  DNS_CHECK {\n   name a..b\n  }\n"
			      "  BFD_CHECK {\n   name averyveryveryverylongbfdnamethatexceedsthelimit\n  }\n"
			      " }\n}\n", &conf, &log), 0);
	CHECK(log && strstr(log, "ip_family must be one of inet inet6, got ipv6: the line is skipped"));
	CHECK(log && strstr(log, "http_protocol must be one of 1.0 1.0C 1.0c 1.1, got 2: the line is skipped"));
	CHECK(log && strstr(log, "got a..b: the line is skipped"));
	CHECK(log && strstr(log, "BFD_CHECK - BFD name averyveryveryverylongbfdnamethatexceedsthelimit too long"));
	free(log);
	CHECK(conf.n_vs == 1 && conf.vs[0].n_rs == 1 && conf.vs[0].rs[0].n_checks == 2);
	config_free(&conf);
	/* bindto / connect_ip not an address ("Invalid bindto address bogus -
	 * ignoring"), enable_sni with a bad value in HTTP_GET ("Invalid
	 * enable_sni parameter"), hashed without lb_algo sh before it */
	CHECK_EQ_INT(load_log("virtual_server 10.0.0.1 80 {\n protocol TCP\n lb_algo rr\n hashed\n"
			      " real_server 10.0.1.1 80 {\n"
			      "  TCP_CHECK {\n   bindto bogus\n   connect_ip bogus\n  }\n"
			      "  HTTP_GET {\n   url {\n    path /\n   }\n   enable_sni bogus\n  }\n"
			      " }\n}\n", &conf, &log), 0);
	CHECK(log && strstr(log, "warning: ") && strstr(log, "bindto must be an IP address, got bogus"));
	CHECK(log && strstr(log, "enable_sni must be on/off"));
	CHECK(log && strstr(log, "hashed only applies to the sh scheduler"));
	CHECK_EQ_INT(count_in(log, "warning: "), 5);   /* and "no forwarding method set" */
	free(log);
	CHECK(conf.n_vs == 1 && conf.vs[0].n_rs == 1 && conf.vs[0].rs[0].n_checks == 2 &&
	      conf.vs[0].rs[0].checks[0].bindto.family == 0);
	config_free(&conf);
	/* keepalived 2.2.7 warns and runs (-t 5): helo_name / FILE_CHECK weight
	 * without a value (the line goes), BFD_CHECK name without one or with
	 * two (the check goes), a second name (the last is taken: b2 is not
	 * configured, the check goes) */
	CHECK_EQ_INT(load_log("track_file tf {\n file /tmp/ka-check-conf-tf\n}\n"
			      "bfd_instance b1 {\n neighbor_ip 10.0.1.1\n}\n"
			      "virtual_server 10.0.0.1 80 {\n protocol TCP\n lb_algo rr\n lb_kind NAT\n"
			      " real_server 10.0.1.1 80 {\n"
			      "  SMTP_CHECK {\n   helo_name\n  }\n"
			      "  FILE_CHECK {\n   track_file tf\n   weight\n  }\n"
			      "  BFD_CHECK {\n   name\n  }\n"
			      " }\n"
			      " real_server 10.0.1.2 80 {\n  BFD_CHECK {\n   name b1 b1\n  }\n }\n"
			      " real_server 10.0.1.3 80 {\n  BFD_CHECK {\n   name b1\n   name b2\n  }\n }\n"
			      " real_server 10.0.1.4 80 {\n  BFD_CHECK {\n   name b1\n  }\n }\n"
			      "}\n", &conf, &log), 0);
	CHECK_EQ_INT(count_in(log, "No or too many names specified"), 2);
	CHECK(log && strstr(log, "BFD_CHECK - BFD b2 replaces b1"));
	free(log);
	if (conf.n_vs == 1 && conf.vs[0].n_rs == 4) {
		CHECK_EQ_INT((int)conf.vs[0].rs[0].n_checks, 2);
		CHECK_EQ_INT((int)conf.vs[0].rs[1].n_checks, 0);
		CHECK_EQ_INT((int)conf.vs[0].rs[2].n_checks, 0);
		CHECK_EQ_INT((int)conf.vs[0].rs[3].n_checks, 1);
	} else {
		CHECK(!"one virtual server with four real servers");
	}
	config_free(&conf);
	/* without their value keepalived 2.2.7 stops at these lines (exit 2): errors */
	static const char *const stops[] = {
		" protocol\n", " ip_family\n", " real_server 10.0.1.1 80 {\n  TCP_CHECK {\n   bindto\n  }\n }\n",
		" real_server 10.0.1.1 80 {\n  TCP_CHECK {\n   connect_ip\n  }\n }\n",
		" real_server 10.0.1.1 80 {\n  DNS_CHECK {\n   name\n  }\n }\n",
	};
	for (size_t i = 0; i < sizeof(stops) / sizeof(stops[0]); i++) {
		char text[512];
		snprintf(text, sizeof(text), "virtual_server 10.0.0.1 80 {\n lb_algo rr\n%s real_server 10.0.1.2 80 {\n }\n}\n",
			 stops[i]);
		CHECK(load(text, &conf) >= 1);
		config_free(&conf);
	}
	/* persistence_granularity of the other family's form: ignored with a warning */
	CHECK_EQ_INT(load_log("virtual_server 10.0.0.1 80 {\n protocol TCP\n lb_algo rr\n lb_kind NAT\n"
			      " persistence_timeout 60\n persistence_granularity 24\n real_server 10.0.1.1 80 {\n }\n}\n"
			      "virtual_server 2001:db8::1 80 {\n protocol TCP\n lb_algo rr\n lb_kind NAT\n"
			      " persistence_timeout 60\n persistence_granularity 255.255.255.0\n"
			      " real_server 2001:db8::2 80 {\n }\n}\n"
			      "virtual_server 10.0.0.2 80 {\n protocol TCP\n lb_algo rr\n lb_kind NAT\n"
			      " persistence_timeout 60\n persistence_granularity 255.255.255.0\n"
			      " real_server 10.0.1.1 80 {\n }\n}\n", &conf, &log), 0);
	CHECK_EQ_INT(count_in(log, "warning: "), 2);
	free(log);
	CHECK(conf.n_vs == 3 && conf.vs[0].persistence_netmask == 0 && conf.vs[1].persistence_netmask == 0 &&
	      conf.vs[2].persistence_netmask == htonl(0xffffff00));
	config_free(&conf);
}

TEST(bad_digest_ignored)
{
	struct config conf;
	int errors = load("virtual_server 10.0.0.1 80 {\n real_server 10.0.0.2 80 {\n HTTP_GET {\n"
			  "  url {\n path /a\n digest xyz\n }\n"
			  "  url {\n path /b\n digest 0123456789abcdef0123456789abcdeg\n status_code 301\n }\n"
			  "  url {\n path /c\n digest 00112233445566778899aabbccddeeff\n"
			  "   digest ffffffffffffffffffffffffffffffff\n }\n"
			  " }\n }\n}\n", &conf);
	CHECK_EQ_INT(errors, 0);
	if (conf.n_vs == 1 && conf.vs[0].n_rs == 1 && conf.vs[0].rs[0].n_checks == 1 &&
	    conf.vs[0].rs[0].checks[0].u.http.n_urls == 3) {
		const struct url_conf *u = conf.vs[0].rs[0].checks[0].u.http.urls;
		CHECK(!u[0].has_digest);
		CHECK_STR(u[0].path, "/a");
		CHECK(!u[1].has_digest);
		CHECK(u[1].has_status);
		CHECK(u[2].has_digest);
		CHECK_EQ_INT(u[2].digest[0], 0x00);
		CHECK_EQ_INT(u[2].digest[15], 0xff);
		CHECK_EQ_INT(u[2].digest[1], 0x11);
	} else {
		CHECK(!"one HTTP_GET with three urls");
	}
	config_free(&conf);
}

/* What keepalived 2.2.7 skips with a message and then runs without:
 * skipped here too, with a warning (no error). An unknown keyword in a
 * check; nb_get_retry outside HTTP_GET/SSL_GET (unknown there); a retry
 * out of range (0 on a real server, not a number). nb_get_retry in
 * HTTP_GET is retry; retry goes up to CHECK_RETRY_MAX. */
TEST(keepalived_skips)
{
	struct config conf;
	int errors = load("virtual_server 10.0.0.1 80 {\n lb_algo rr\n nb_get_retry 9\n"
			  " real_server 10.0.0.2 80 {\n nb_get_retry 7\n retry 0\n"
			  "  TCP_CHECK {\n misc_path /x\n nb_get_retry 5\n }\n"
			  "  TCP_CHECK {\n retry 2000000\n }\n"
			  "  TCP_CHECK {\n retry many\n }\n"
			  "  HTTP_GET {\n url {\n path /\n }\n nb_get_retry 4\n }\n"
			  " }\n}\n", &conf);
	CHECK_EQ_INT(errors, 0);
	if (conf.n_vs == 1 && conf.vs[0].n_rs == 1 && conf.vs[0].rs[0].n_checks == 4) {
		const struct check_conf *c = conf.vs[0].rs[0].checks;
		CHECK_EQ_INT(c[0].retry, 1);          /* the default: nothing set */
		CHECK_EQ_INT(c[1].retry, 2000000);
		CHECK_EQ_INT(c[2].retry, 1);
		CHECK_EQ_INT(c[3].retry, 4);
	} else {
		CHECK(!"one virtual server, one real server, four checks");
	}
	config_free(&conf);
}

/* A value keepalived 2.2.7 reports and ignores (realworld corpus: lb_algo
 * loadbalance, lb_kind FNAT of a fork, persistence_timeout 0): ignored
 * here too with a warning - the defaults wlc, NAT, not persistent - and
 * persistence_timeout has 2.2.7's range 1..2678400. Words after
 * virtual_server IP PORT (`dev eth0.53`): ignored with a warning. */
/* Words after what keepalived 2.2.7 reads on a virtual_server_group entry
 * (IP PORT, fwmark N FAMILY): it drops them and keeps the entry; so do we,
 * with a notice (not counted). A fwmark family other than inet/inet6: it
 * skips that entry ("unknown - ignoring"); a warning here, not an error. */
TEST(vsg_extra_words)
{
	struct config conf;
	CHECK_EQ_INT(load("virtual_server_group G {\n 10.0.0.5 80 foo\n 10.0.0.6-7 81 bar baz\n"
			  " fwmark 5 inet6 x\n fwmark 6 ipv4\n}\n"
			  "virtual_server group G {\n protocol TCP\n}\n", &conf), 0);
	CHECK_EQ_INT(conf.n_vsg, 1);
	if (conf.n_vsg == 1) {
		const struct vsg_conf *g = &conf.vsg[0];
		CHECK_EQ_INT(g->n_entries, 3);
		if (g->n_entries == 3) {
			CHECK_EQ_INT(g->entries[0].port, 80);
			CHECK_EQ_INT(g->entries[1].port, 81);
			CHECK_EQ_INT(g->entries[1].count, 2);
			CHECK_EQ_INT(g->entries[2].fwmark, 5);
			CHECK_EQ_INT(g->entries[2].fwmark_family, AF_INET6);
		}
	}
	config_free(&conf);
}

/* The address family of a virtual server, as keepalived 2.2.7 settles it
 * (found by tools/conf_compare.py on its maintainer's vsg1.conf: a group of
 * one fwmark without a family and IPv6 real servers, which 2.2.7 runs as an
 * IPv6 fwmark service and ours refused): an address's; a fwmark's
 * ip_family, else its first real server's not tunnelled, else its sorry
 * server's; every server tunnelled: theirs when they agree, else IPv4. A
 * server of the other family is skipped with a warning ("Address family of
 * virtual server and real server ... don't match - skipping real server",
 * -t 5) where ours refused the file. */
TEST(server_family)
{
	struct config conf;
	CHECK_EQ_INT(load("virtual_server 10.0.0.1 80 {\n protocol TCP\n"
			  " sorry_server 2001:db8::9 80\n"
			  " real_server 2001:db8::2 80 {\n }\n"
			  " real_server 10.0.0.2 80 {\n }\n"
			  "}\n", &conf), 0);
	CHECK_EQ_INT(conf.n_vs, 1);
	if (conf.n_vs == 1) {
		CHECK_EQ_INT(conf.vs[0].n_rs, 1);
		CHECK_EQ_INT(conf.vs[0].rs[0].addr.family, AF_INET);
		CHECK(!conf.vs[0].has_sorry);
	}
	config_free(&conf);
	/* fwmark without ip_family: the first real server's (not tunnelled) */
	CHECK_EQ_INT(load("virtual_server fwmark 1 {\n lb_kind NAT\n"
			  " real_server 10.0.0.7 80 {\n lvs_method TUN\n }\n"
			  " real_server 2001:db8::2 80 {\n }\n"
			  " real_server 10.0.0.2 80 {\n }\n"
			  "}\n", &conf), 0);
	if (conf.n_vs == 1) {
		CHECK_EQ_INT(conf.vs[0].fwmark_family, AF_INET6);
		CHECK_STR(conf.vs[0].name, "fwmark 1/inet6");
		CHECK_EQ_INT(conf.vs[0].n_rs, 2);   /* the tunnelled one stays */
	}
	config_free(&conf);
	/* ip_family decides */
	CHECK_EQ_INT(load("virtual_server fwmark 1 {\n ip_family inet\n"
			  " real_server 2001:db8::2 80 {\n }\n real_server 10.0.0.2 80 {\n }\n}\n", &conf), 0);
	if (conf.n_vs == 1) {
		CHECK_EQ_INT(conf.vs[0].fwmark_family, AF_INET);
		CHECK_EQ_INT(conf.vs[0].n_rs, 1);
	}
	config_free(&conf);
	/* every server tunnelled: theirs when they agree, else IPv4 */
	CHECK_EQ_INT(load("virtual_server fwmark 1 {\n lb_kind TUN\n"
			  " real_server 2001:db8::2 80 {\n }\n real_server 2001:db8::3 80 {\n }\n}\n"
			  "virtual_server fwmark 2 {\n lb_kind TUN\n"
			  " real_server 2001:db8::2 80 {\n }\n real_server 10.0.0.3 80 {\n }\n}\n"
			  "virtual_server fwmark 3 {\n lb_kind NAT\n}\n", &conf), 0);
	if (conf.n_vs == 3) {
		CHECK_EQ_INT(conf.vs[0].fwmark_family, AF_INET6);
		CHECK_EQ_INT(conf.vs[1].fwmark_family, AF_INET);
		CHECK_EQ_INT(conf.vs[1].n_rs, 2);
		CHECK_EQ_INT(conf.vs[2].fwmark_family, AF_INET);
	}
	config_free(&conf);
	/* a group's fwmark without a family is a service of the servers' family */
	CHECK_EQ_INT(load("virtual_server_group G {\n fwmark 38\n}\n"
			  "virtual_server group G {\n protocol TCP\n lb_kind NAT\n sorry_server 2001:db8::9 80\n"
			  " real_server 2001:db8::2 80 {\n }\n}\n"
			  "virtual_server_group H {\n 10.0.0.5 80\n fwmark 39\n}\n"
			  "virtual_server group H {\n protocol TCP\n lb_kind NAT\n"
			  " real_server 10.0.0.2 80 {\n }\n real_server 2001:db8::2 80 {\n }\n}\n", &conf), 0);
	if (conf.n_vs == 2 && conf.n_vsg == 2) {
		CHECK_EQ_INT(conf.vsg[0].entries[0].fwmark_family, 0);
		CHECK_EQ_INT(conf.vs[0].fwmark_family, AF_INET6);
		CHECK(conf.vs[0].has_sorry);
		CHECK_EQ_INT(conf.vs[1].fwmark_family, AF_INET);
		CHECK_EQ_INT(conf.vs[1].n_rs, 1);
	}
	config_free(&conf);
}

/* A real server listed twice (as written, or after direct routing made its
 * port the virtual server's): the first stays, the later copy is dropped with
 * a warning, as keepalived 2.2.7 ("is duplicated - removing second rs"); the
 * file runs (it was refused). */
TEST(rs_duplicate_dropped)
{
	struct config conf;
	CHECK_EQ_INT(load("virtual_server 10.0.0.1 80 {\n protocol TCP\n lb_kind DR\n"
			  " real_server 10.0.0.2 80 {\n weight 1\n }\n"
			  " real_server 10.0.0.2 80 {\n weight 2\n }\n"
			  " real_server 10.0.0.3 80 {\n weight 3\n }\n"
			  " real_server 10.0.0.3 8080 {\n weight 4\n }\n"
			  " real_server 10.0.0.4 80 {\n weight 5\n }\n"
			  "}\n", &conf), 0);
	CHECK_EQ_INT(conf.n_vs, 1);
	if (conf.n_vs == 1) {
		CHECK_EQ_INT(conf.vs[0].n_rs, 3);
		if (conf.vs[0].n_rs == 3) {
			CHECK_EQ_INT(conf.vs[0].rs[0].weight, 1);
			CHECK_EQ_INT(conf.vs[0].rs[1].weight, 3);
			CHECK_EQ_INT(conf.vs[0].rs[2].weight, 5);
		}
	}
	config_free(&conf);
}

/* A virtual_server block repeated to the letter is one service (keepalived
 * 2.2.7 runs the file, -t 0): the copy is dropped without an error; the
 * same service with another setting is still an error. */
TEST(vs_repeated_dropped)
{
	static const char block[] = "virtual_server 10.0.0.1 80 {\n protocol TCP\n lb_algo rr\n"
				    " real_server 10.0.0.2 80 {\n weight 2\n }\n}\n";
	char text[512];
	struct config conf;
	snprintf(text, sizeof(text), "%s%s", block, block);
	CHECK_EQ_INT(load(text, &conf), 0);
	CHECK_EQ_INT(conf.n_vs, 1);
	if (conf.n_vs == 1)
		CHECK_EQ_INT(conf.vs[0].n_rs, 1);
	config_free(&conf);
	snprintf(text, sizeof(text), "%s%s", block,
		 "virtual_server 10.0.0.1 80 {\n protocol TCP\n lb_algo wlc\n real_server 10.0.0.2 80 {\n }\n}\n");
	CHECK(load(text, &conf) > 0);
	config_free(&conf);
}

/* FILE_CHECK's weight W [reverse|noreverse] as keepalived 2.2.7's running
 * checker reads it: out of range, or an unknown third word: the line is
 * ignored (the track_file's weight and reverse); no number: the number it
 * starts with; noreverse; all warnings (they were errors: the file did not
 * run). */
TEST(file_check_weight)
{
	struct config conf;
	CHECK_EQ_INT(load("track_file tf {\n file /tmp/ka-file-check-test\n weight 7 reverse\n}\n"
			  "virtual_server 10.0.0.1 80 {\n protocol TCP\n"
			  " real_server 10.0.0.2 80 {\n FILE_CHECK {\n track_file tf\n weight 3000000000\n }\n }\n"
			  " real_server 10.0.0.3 80 {\n FILE_CHECK {\n track_file tf\n weight 5 bogus\n }\n }\n"
			  " real_server 10.0.0.4 80 {\n FILE_CHECK {\n track_file tf\n weight 12x\n }\n }\n"
			  " real_server 10.0.0.5 80 {\n FILE_CHECK {\n track_file tf\n weight abc noreverse\n }\n }\n"
			  " real_server 10.0.0.6 80 {\n FILE_CHECK {\n track_file tf\n weight -4 reverse\n }\n }\n"
			  "}\n", &conf), 0);
	static const int32_t want_w[5] = { 7, 7, 12, 0, -4 };
	static const bool want_r[5] = { true, true, false, false, true };
	if (conf.n_vs == 1 && conf.vs[0].n_rs == 5) {
		for (size_t i = 0; i < 5; i++) {
			const struct rs_conf *rs = &conf.vs[0].rs[i];
			CHECK_EQ_INT(rs->n_checks, 1);
			if (rs->n_checks != 1)
				continue;
			CHECK_EQ_INT(rs->checks[0].u.file.weight, want_w[i]);
			CHECK(rs->checks[0].u.file.reverse == want_r[i]);
		}
	} else {
		CHECK(!"one virtual server with five real servers");
	}
	config_free(&conf);
}

TEST(vs_values_skipped)
{
	struct config conf;
	CHECK_EQ_INT(load("virtual_server 10.0.0.1 80 {\n lb_algo loadbalance\n lb_kind FNAT\n"
			  " persistence_timeout 0\n protocol TCP\n"
			  " real_server 10.0.0.2 80 {\n lvs_method XNAT\n }\n}\n"
			  "virtual_server 10.0.0.1 81 {\n persistence_timeout 2678401\n protocol TCP\n real_server 10.0.0.2 80 {\n }\n}\n"
			  "virtual_server 10.0.0.1 82 {\n persistence_timeout 2678400\n protocol TCP\n real_server 10.0.0.2 80 {\n }\n}\n"
			  "virtual_server 10.0.0.1 53 dev eth0.53 {\n protocol UDP\n quorum 0\n real_server 10.0.0.2 80 {\n }\n}\n"
			  "virtual_server 10.0.0.1 84 {\n lb_kind dr\n protocol TCP\n"
			  " real_server 10.0.0.2 84 {\n lvs_method tun\n }\n}\n", &conf), 0);
	CHECK_EQ_INT(conf.n_vs, 5);
	if (conf.n_vs == 5) {   /* 2.2.7 compares the case: dr and tun are unknown, so NAT */
		CHECK_EQ_INT(conf.vs[4].method, LVS_METHOD_NAT);
		if (conf.vs[4].n_rs == 1)
			CHECK_EQ_INT(conf.vs[4].rs[0].method, LVS_METHOD_NAT);
	}
	if (conf.n_vs >= 4) {   /* words after IP PORT: ignored, as 2.2.7 ignores them */
		CHECK_EQ_INT(conf.vs[3].port, 53);
		CHECK_EQ_INT(conf.vs[3].quorum, 1);   /* 2.2.7: "Setting to 1" */
	}
	if (conf.n_vs >= 3) {
		CHECK(!strcmp(conf.vs[0].sched, "wlc"));
		CHECK_EQ_INT(conf.vs[0].method, LVS_METHOD_NAT);
		CHECK(!conf.vs[0].persistent);
		CHECK(!conf.vs[1].persistent);
		CHECK(conf.vs[2].persistent);
		CHECK_EQ_INT(conf.vs[2].persistence_timeout_s, 2678400);
		if (conf.vs[0].n_rs == 1)
			CHECK_EQ_INT(conf.vs[0].rs[0].method, LVS_METHOD_NAT);
	} else {
		CHECK(!"five virtual servers");
	}
	config_free(&conf);
}

static const char *CONF_UDP =
	"virtual_server 10.0.0.1 53 {\n"
	"  protocol UDP\n"
	"  delay_loop 2\n"
	"  real_server 10.0.0.2 53 {\n"
	"    UDP_CHECK {\n"
	"      payload 00ff 7A\n"
	"      require_reply 6f6b\n"
	"      min_reply_length 2\n"
	"      max_reply_length 512\n"
	"      connect_timeout 1.5\n"
	"      connect_port 5353\n"
	"      bindto 10.0.0.1\n"
	"      fall 2\n"
	"    }\n"
	"  }\n"
	"  real_server 10.0.0.3 53 {\n"
	"    UDP_CHECK { require_reply\n }\n"
	"    UDP_CHECK { }\n"
	"  }\n"
	"}\n";

/* Encode, decode and re-encode one virtual server: the same bytes. */
static void round_trip(const struct vs_conf *vs)
{
	struct wbuf w, w2;
	struct rbuf r;
	struct vs_conf out;
	wbuf_init(&w);
	vs_conf_encode(vs, &w);
	rbuf_init(&r, w.data, w.len);
	CHECK(vs_conf_decode(&r, &out));
	wbuf_init(&w2);
	vs_conf_encode(&out, &w2);
	CHECK(w.len == w2.len && memcmp(w.data, w2.data, w.len) == 0);
	for (size_t cut = 0; cut < w.len; cut += 3) {
		struct vs_conf bad;
		rbuf_init(&r, w.data, cut);
		CHECK(!vs_conf_decode(&r, &bad));
	}
	vs_conf_free(&out);
	wbuf_free(&w);
	wbuf_free(&w2);
}

TEST(udp_check)
{
	struct config conf;
	CHECK_EQ_INT(load(CONF_UDP, &conf), 0);
	CHECK_EQ_INT(conf.n_vs, 1);
	if (conf.n_vs != 1 || conf.vs[0].n_rs != 2)
		return;
	const struct check_conf *c = &conf.vs[0].rs[0].checks[0];
	CHECK_EQ_INT(c->type, CHECK_UDP);
	CHECK_STR(check_type_name(c->type), "UDP_CHECK");
	CHECK_EQ_INT(c->u.udp.payload_len, 3);
	CHECK(c->u.udp.payload && c->u.udp.payload[0] == 0x00 && c->u.udp.payload[1] == 0xff &&
	      c->u.udp.payload[2] == 0x7a);
	CHECK(c->u.udp.require_reply);
	CHECK_EQ_INT(c->u.udp.reply_len, 2);
	CHECK(c->u.udp.reply && memcmp(c->u.udp.reply, "ok", 2) == 0);
	CHECK_EQ_INT(c->u.udp.min_reply_len, 2);
	CHECK_EQ_INT(c->u.udp.max_reply_len, 512);
	CHECK_EQ_INT(c->connect_timeout_ms, 1500);
	CHECK_EQ_INT(c->connect_port, 5353);
	CHECK_EQ_INT(c->bindto.family, AF_INET);
	CHECK_EQ_INT(c->delay_loop_ms, 2000);            /* inherited */
	CHECK_EQ_INT(c->retry, 1);                       /* default */
	CHECK_EQ_INT(c->delay_before_retry_ms, 1000);
	CHECK_EQ_INT(c->fall, 2);
	const struct rs_conf *rs = &conf.vs[0].rs[1];
	CHECK_EQ_INT(rs->n_checks, 2);
	if (rs->n_checks == 2) {
		CHECK(rs->checks[0].u.udp.require_reply);      /* any reply */
		CHECK(rs->checks[0].u.udp.reply == NULL);
		CHECK(!rs->checks[1].u.udp.require_reply);     /* no port unreachable is enough */
		CHECK(rs->checks[1].u.udp.payload == NULL);
		CHECK_EQ_INT(rs->checks[1].u.udp.min_reply_len, 0);      /* keepalived's defaults */
		CHECK_EQ_INT(rs->checks[1].u.udp.max_reply_len, 255);
	}
	round_trip(&conf.vs[0]);
	config_free(&conf);
}

/* A number out of range or not a number in a checker is skipped with a
 * warning (the default stays), as keepalived 2.2.7 skips it and runs the
 * file (-t exits 5); ours refused the file. */
TEST(bad_numbers_skipped)
{
	struct config conf;
	int errors = load("virtual_server 10.0.0.1 53 {\n protocol UDP\n delay_loop 1x\n"
			  " real_server 10.0.0.2 53 {\n  weight 99999999999\n"
			  "  UDP_CHECK {\n   max_reply_length 70000\n   connect_timeout -1\n   retry 1.5\n  }\n"
			  " }\n}\n", &conf);
	CHECK_EQ_INT(errors, 0);
	CHECK_EQ_INT(conf.n_vs, 1);
	if (conf.n_vs == 1 && conf.vs[0].n_rs == 1 && conf.vs[0].rs[0].n_checks == 1) {
		const struct check_conf *k = &conf.vs[0].rs[0].checks[0];
		CHECK_EQ_INT(conf.vs[0].delay_loop_ms, 60000);
		CHECK_EQ_INT(conf.vs[0].rs[0].weight, 1);
		CHECK_EQ_INT(k->u.udp.max_reply_len, 255);
		CHECK_EQ_INT(k->connect_timeout_ms, 5000);
	} else {
		CHECK(!"one virtual server with one real server and one check");
	}
	config_free(&conf);
}

/* retry, a real server's weight, quorum and hysteresis with other
 * characters after the number: keepalived 2.2.7's running daemon takes the
 * number (read_unsigned with ignore_error), so do we, with a warning. */
TEST(number_with_suffix_taken)
{
	struct config conf;
	int errors = load("virtual_server 10.0.0.1 80 {\n protocol TCP\n quorum 2x\n hysteresis 1x\n"
			  " real_server 10.0.0.2 80 {\n  weight 3x\n  TCP_CHECK {\n   retry 4x\n  }\n }\n"
			  " real_server 10.0.0.3 80 {\n  weight 2\n }\n}\n", &conf);
	CHECK_EQ_INT(errors, 0);
	if (conf.n_vs == 1 && conf.vs[0].n_rs == 2 && conf.vs[0].rs[0].n_checks == 1) {
		CHECK_EQ_INT(conf.vs[0].quorum, 2);
		CHECK_EQ_INT(conf.vs[0].hysteresis, 1);
		CHECK_EQ_INT(conf.vs[0].rs[0].weight, 3);
		CHECK_EQ_INT(conf.vs[0].rs[0].checks[0].retry, 4);
	} else {
		CHECK(!"one virtual server with two real servers");
	}
	config_free(&conf);
}

/* quorum above the real servers' total weight: keepalived 2.2.7 lowers it
 * to that total ("exceeds total weight of real servers ..., reducing
 * quorum"), then hysteresis below it; ours kept it (never reached). */
TEST(quorum_reduced_to_weights)
{
	struct config conf;
	int errors = load("virtual_server 10.0.0.1 80 {\n protocol TCP\n quorum 5\n hysteresis 3\n"
			  " real_server 10.0.0.2 80 {\n }\n real_server 10.0.0.3 80 {\n  weight 2\n }\n}\n"
			  "virtual_server 10.0.0.1 81 {\n protocol TCP\n quorum 3\n"
			  " real_server 10.0.0.2 81 {\n  weight 3\n }\n}\n", &conf);
	CHECK_EQ_INT(errors, 0);
	if (conf.n_vs == 2) {
		CHECK_EQ_INT(conf.vs[0].quorum, 3);
		CHECK_EQ_INT(conf.vs[0].hysteresis, 2);
		CHECK_EQ_INT(conf.vs[1].quorum, 3);
	} else {
		CHECK(!"two virtual servers");
	}
	config_free(&conf);
}

/* virtual_server weight: the weight of its real servers without one, as
 * keepalived 2.2.7's (ours ignored the keyword as unknown); not of the
 * sorry server. A block that differs from an earlier one only by it (or
 * by a real server's weight 1 written out) is not a repeated block. */
TEST(vs_weight_default)
{
	struct config conf;
	int errors = load("virtual_server 10.0.0.1 80 {\n protocol TCP\n weight 4\n"
			  " sorry_server 10.0.0.9 80\n"
			  " real_server 10.0.0.2 80 {\n }\n real_server 10.0.0.3 80 {\n  weight 1\n }\n}\n", &conf);
	CHECK_EQ_INT(errors, 0);
	if (conf.n_vs == 1 && conf.vs[0].n_rs == 2) {
		CHECK_EQ_INT(conf.vs[0].rs[0].weight, 4);
		CHECK_EQ_INT(conf.vs[0].rs[1].weight, 1);
		CHECK_EQ_INT(conf.vs[0].sorry.weight, 1);
	} else {
		CHECK(!"one virtual server with two real servers");
	}
	config_free(&conf);
	errors = load("virtual_server 10.0.0.1 80 {\n protocol TCP\n real_server 10.0.0.2 80 {\n }\n}\n"
		      "virtual_server 10.0.0.1 80 {\n protocol TCP\n weight 3\n real_server 10.0.0.2 80 {\n }\n}\n",
		      &conf);
	CHECK(errors >= 1);    /* defined twice with other settings */
	config_free(&conf);
}

TEST(udp_check_errors)
{
	static const char *const bad[] = {
		"require_reply zz",
	};
	/* keepalived 2.2.7 warns and runs (-t 5): the payload line skipped,
	 * min > max a check that always fails */
	static const char *const warned[] = {
		"payload 0g",                    /* not hex */
		"payload 0x01",                  /* no wildcard in a payload */
		"payload",
		"min_reply_length 10\n max_reply_length 5",
	};
	struct config conf;
	char text[512];
	for (size_t i = 0; i < sizeof(warned) / sizeof(warned[0]); i++) {
		snprintf(text, sizeof(text),
			 "virtual_server 10.0.0.1 53 {\n protocol UDP\n real_server 10.0.0.2 53 {\n"
			 " UDP_CHECK {\n %s\n }\n }\n}\n", warned[i]);
		char *log = NULL;
		CHECK_EQ_INT(load_log(text, &conf, &log), 0);
		CHECK(log && strstr(log, "warning: "));
		free(log);
		config_free(&conf);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text),
			 "virtual_server 10.0.0.1 53 {\n protocol UDP\n real_server 10.0.0.2 53 {\n"
			 " UDP_CHECK {\n %s\n }\n }\n}\n", bad[i]);
		int errors = load(text, &conf);
		if (errors < 1)
			fprintf(stderr, "accepted: %s\n", bad[i]);
		CHECK(errors >= 1);
		config_free(&conf);
	}
	/* another type's keyword (misc_path, url; payload in TCP_CHECK) is
	 * unknown there: ignored with a warning, as keepalived (keepalived_skips) */
	/* a fwmark service's real server has no port to probe */
	CHECK(load("virtual_server fwmark 1 {\n protocol UDP\n real_server 10.0.0.2 0 {\n UDP_CHECK { }\n }\n}\n",
		   &conf) >= 1);
	config_free(&conf);
}

TEST(tables_sorted)
{
	for (size_t b = 0; b < check_kw_all_blocks_count; b++) {
		const struct conf_block *blk = check_kw_all_blocks[b];
		for (size_t i = 1; i < blk->n_keywords; i++) {
			if (strcmp(blk->keywords[i - 1].name, blk->keywords[i].name) >= 0)
				fprintf(stderr, "%s: %s before %s\n", blk->name, blk->keywords[i - 1].name,
					blk->keywords[i].name);
			CHECK(strcmp(blk->keywords[i - 1].name, blk->keywords[i].name) < 0);
		}
	}
	CHECK(lvs_sched_valid("mh"));
	CHECK(!lvs_sched_valid("twos"));
}

/* keepalived's deprecated lvs_sync_daemon_interface inside a vrrp_instance */
TEST(instance_sync_daemon)
{
	struct config conf;
	const char *vi = "vrrp_instance VI_7 {\n interface eth0\n virtual_router_id 7\n priority 100\n"
			 " lvs_sync_daemon_interface lo\n virtual_ipaddress {\n  10.9.9.9\n }\n}\n";
	CHECK(load(vi, &conf) == 0);
	const struct check_global_conf *g = check_global_of(&conf);
	CHECK(g->sync.enabled);
	CHECK(strcmp(g->sync.ifname, "lo") == 0);
	CHECK(strcmp(g->sync.instance, "VI_7") == 0);
	config_free(&conf);
	/* the global form wins */
	char text[512];
	snprintf(text, sizeof(text), "global_defs {\n lvs_sync_daemon eth9 inst VI_7\n}\n%s", vi);
	CHECK(load(text, &conf) >= 0);
	CHECK(strcmp(check_global_of(&conf)->sync.ifname, "eth9") == 0);
	config_free(&conf);
}

/* lvs_timeouts as keepalived 2.2.7 reads it: option by option, a bad
 * value or an unknown word skipped alone, later lines keep what they do
 * not set */
TEST(lvs_timeouts_per_option)
{
	struct config conf;
	CHECK(load("global_defs {\n lvs_timeouts tcp 100 tcpfin abc udp 300 foo\n"
		   " lvs_timeouts tcpfin 50 udp\n lvs_timeouts tcp 2678401\n}\n", &conf) == 0);
	const struct check_global_conf *g = check_global_of(&conf);
	CHECK_EQ_INT(g->timeout_tcp, 100);
	CHECK_EQ_INT(g->timeout_tcpfin, 50);
	CHECK_EQ_INT(g->timeout_udp, 300);
	config_free(&conf);
}

/* misc_timeout is whole seconds in keepalived 2.2.7 (read_unsigned with
 * ignore_error, 0..4294): 1.5 is 1 s in its running daemon (ours took
 * 1.5 s), 0 or "" leave delay_loop, 5000 is skipped. The other timers
 * take decimals; over 1000000 s (2.2.7 takes them) they are 1000000 s
 * with a notice (were skipped: the default); connect_timeout stops at
 * 4294.967295 s as there. */
TEST(checker_timers_as_keepalived)
{
	struct config conf;
	int errors = load("virtual_server 10.0.0.1 80 {\n protocol TCP\n delay_loop 7\n"
			  " delay_before_retry 99999999999\n"
			  " real_server 10.0.0.2 80 {\n"
			  "  MISC_CHECK {\n   misc_path /bin/true\n   misc_timeout 1.5\n  }\n"
			  "  MISC_CHECK {\n   misc_path /bin/true\n   misc_timeout 0\n  }\n"
			  "  MISC_CHECK {\n   misc_path /bin/true\n   misc_timeout 5000\n  }\n"
			  "  TCP_CHECK {\n   connect_timeout 5000\n   delay_loop 99999999999\n"
			  "   warmup 2000000.5\n  }\n"
			  " }\n}\n", &conf);
	CHECK_EQ_INT(errors, 0);
	if (conf.n_vs == 1 && conf.vs[0].n_rs == 1 && conf.vs[0].rs[0].n_checks == 4) {
		const struct check_conf *k = conf.vs[0].rs[0].checks;
		CHECK_EQ_INT(k[0].u.misc.timeout_ms, 1000);
		CHECK_EQ_INT(k[1].u.misc.timeout_ms, 7000);
		CHECK_EQ_INT(k[2].u.misc.timeout_ms, 7000);
		CHECK_EQ_INT(k[0].delay_before_retry_ms, 1000000000);
		CHECK_EQ_INT(k[3].connect_timeout_ms, 5000);
		CHECK_EQ_INT(k[3].delay_loop_ms, 1000000000);
		CHECK_EQ_INT(k[3].warmup_ms, 1000000000);
	} else {
		CHECK(!"one virtual server with one real server and four checks");
	}
	config_free(&conf);
}

/* lvs_sync_daemon as keepalived 2.2.7 reads it: each option alone - a bad
 * maxlen, port or group is ignored with a warning and the daemon runs
 * with the rest (ours dropped the whole line: no sync daemon); a second
 * line is ignored. */
TEST(sync_daemon_per_option)
{
	struct config conf;
	const char *vi = "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n priority 100\n"
			 " virtual_ipaddress {\n  10.9.9.9\n }\n}\n";
	char text[1024];
	snprintf(text, sizeof(text), "global_defs {\n lvs_sync_daemon eth0 VI_1 maxlen 120000 id 7 port 99999"
		 " ttl 5 group 10.0.0.1\n lvs_sync_daemon eth1 VI_1 id 9\n}\n%s", vi);
	CHECK_EQ_INT(load(text, &conf), 0);
	const struct check_global_conf *g = check_global_of(&conf);
	CHECK(g->sync.enabled);
	CHECK(strcmp(g->sync.ifname, "eth0") == 0);
	CHECK(strcmp(g->sync.instance, "VI_1") == 0);
	CHECK_EQ_INT(g->sync.syncid, 7);
	CHECK_EQ_INT(g->sync.maxlen, 0);
	CHECK_EQ_INT(g->sync.port, 0);
	CHECK_EQ_INT(g->sync.ttl, 5);
	CHECK_EQ_INT(g->sync.group.family, 0);
	config_free(&conf);
	/* a bad id is the instance's VRID; the old form's third word is the id */
	snprintf(text, sizeof(text), "global_defs {\n lvs_sync_daemon eth0 VI_1 id 300 maxlen 1400\n}\n%s", vi);
	CHECK_EQ_INT(load(text, &conf), 0);
	CHECK_EQ_INT(check_global_of(&conf)->sync.syncid, 51);
	CHECK_EQ_INT(check_global_of(&conf)->sync.maxlen, 1400);
	config_free(&conf);
	snprintf(text, sizeof(text), "global_defs {\n lvs_sync_daemon eth0 VI_1 12\n}\n%s", vi);
	CHECK_EQ_INT(load(text, &conf), 0);
	CHECK_EQ_INT(check_global_of(&conf)->sync.syncid, 12);
	config_free(&conf);
}

/* HTTP_GET's http_protocol and virtualhost, a real or virtual server's
 * virtualhost and MISC_CHECK's user without a value: keepalived 2.2.7
 * says so and ignores the line ("Missing http_protocol version"), -t 5;
 * ours refused the file. enable_sni in HTTP_GET: 2.2.7 takes it silently
 * (no TLS, no effect); ours refused it. */
TEST(check_missing_values_skipped)
{
	struct config conf;
	CHECK_EQ_INT(load("virtual_server 10.0.0.1 80 {\n protocol TCP\n virtualhost\n"
			  " real_server 10.0.0.2 80 {\n  virtualhost\n"
			  "  HTTP_GET {\n   url {\n    path /\n   }\n   http_protocol\n   virtualhost\n   enable_sni\n  }\n"
			  "  MISC_CHECK {\n   misc_path /bin/true\n   user\n  }\n"
			  " }\n}\n", &conf), 0);
	CHECK(conf.n_vs == 1 && conf.vs[0].n_rs == 1 && conf.vs[0].rs[0].n_checks == 2);
	config_free(&conf);
}

int main(void)
{
	RUN(parse_and_inherit);
	RUN(wire_round_trip);
	RUN(errors);
	RUN(bad_digest_ignored);
	RUN(link_local_needs_bind_if);
	RUN(udp_check);
	RUN(bad_numbers_skipped);
	RUN(number_with_suffix_taken);
	RUN(quorum_reduced_to_weights);
	RUN(vs_weight_default);
	RUN(udp_check_errors);
	RUN(keepalived_skips);
	RUN(vs_values_skipped);
	RUN(vsg_extra_words);
	RUN(file_check_weight);
	RUN(server_family);
	RUN(rs_duplicate_dropped);
	RUN(vs_repeated_dropped);
	RUN(vsg_twice_second_ignored);
	RUN(vs_without_rs_ignored);
	RUN(vsg_blocks_as_keepalived);
	RUN(partner_keywords_as_keepalived);
	RUN(group_dr_ports_warned);
	RUN(check_values_skipped_as_keepalived);
	RUN(tables_sorted);
	RUN(instance_sync_daemon);
	RUN(lvs_timeouts_per_option);
	RUN(sync_daemon_per_option);
	RUN(checker_timers_as_keepalived);
	RUN(check_missing_values_skipped);
	RUN(port_alignment_and_hysteresis);
	return unit_summary();
}
