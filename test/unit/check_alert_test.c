/* check_alert_test.c - the pure parts of the checker's smtp_alert
 * (check/check_smtp_alert.c): which servers mail, and keepalived 2.2.7's
 * wording of virtual server names and check lines. */
#include "../../keepalived/check/checker.h"
#include "config.h"
#include "unit.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

TEST(defaults)
{
	struct vrrp_global_ext g;
	memset(&g, 0, sizeof(g));
	/* nothing global: real servers mail, virtual servers do not */
	CHECK(check_alert_wanted(CHECK_UNSET, &g, true));
	CHECK(!check_alert_wanted(CHECK_UNSET, &g, false));
	CHECK(!check_alert_wanted(0, &g, true));      /* their own setting wins */
	CHECK(check_alert_wanted(1, &g, false));
	g.smtp_alert_set = true;                      /* smtp_alert off */
	CHECK(!check_alert_wanted(CHECK_UNSET, &g, true));
	g.smtp_alert_checker_set = true;              /* smtp_alert_checker on wins */
	g.smtp_alert_checker = true;
	CHECK(check_alert_wanted(CHECK_UNSET, &g, false));
	CHECK(!check_alert_wanted(0, &g, false));
}

TEST(vs_names)
{
	struct vs_conf vs;
	char b[128];
	memset(&vs, 0, sizeof(vs));
	vs.kind = VS_KIND_ADDR;
	vs.addr.family = AF_INET;
	inet_pton(AF_INET, "10.0.0.1", &vs.addr.u.v4);
	vs.port = 80;
	vs.protocol = IPPROTO_TCP;
	check_alert_vs_name(&vs, b, sizeof(b));
	CHECK_STR(b, "[10.0.0.1]:tcp:80");
	vs.addr.family = AF_INET6;
	inet_pton(AF_INET6, "2001:db8::1", &vs.addr.u.v6);
	vs.protocol = IPPROTO_UDP;
	check_alert_vs_name(&vs, b, sizeof(b));
	CHECK_STR(b, "[2001:db8::1]:udp:80");
	vs.kind = VS_KIND_FWMARK;
	vs.fwmark = 7;
	check_alert_vs_name(&vs, b, sizeof(b));
	CHECK_STR(b, "FWM 7");
	vs.kind = VS_KIND_GROUP;
	strcpy(vs.group, "web");
	vs.port = 0;
	check_alert_vs_name(&vs, b, sizeof(b));
	CHECK_STR(b, "[web]:0");
}

TEST(lines)
{
	char b[160];
	CHECK_STR(check_alert_line("TCP_CHECK", false, "x", b, sizeof(b)), "=> TCP CHECK failed on service <=");
	CHECK_STR(check_alert_line("TCP_CHECK", true, "", b, sizeof(b)), "=> TCP CHECK succeed on service <=");
	CHECK_STR(check_alert_line("UDP_CHECK", true, "", b, sizeof(b)), "=> UDP CHECK succeed on service <=");
	CHECK_STR(check_alert_line("PING_CHECK", false, "", b, sizeof(b)), "=> ICMP CHECK failed on service <=");
	CHECK_STR(check_alert_line("DNS_CHECK", false, "", b, sizeof(b)), "=> DNS_CHECK: failed on service <=");
	CHECK_STR(check_alert_line("HTTP_GET", true, "", b, sizeof(b)), "=> CHECK succeed on service <=");
	CHECK_STR(check_alert_line("SSL_GET", false, "status 500", b, sizeof(b)),
		  "=> CHECK failed on service : HTTP request failed <=");
	CHECK_STR(check_alert_line("SMTP_CHECK", false, "reply 554", b, sizeof(b)),
		  "=> CHECK failed on service : reply 554 <=");
	CHECK_STR(check_alert_line("MISC_CHECK", true, "", b, sizeof(b)), "=> MISC CHECK succeeded on service <=");
	CHECK_STR(check_alert_line("MISC_CHECK", false, "exit 1", b, sizeof(b)), "=> MISC CHECK failed on service <=");
}

int main(void)
{
	RUN(defaults);
	RUN(vs_names);
	RUN(lines);
	return unit_summary();
}
