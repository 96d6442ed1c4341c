/* check_smtp_alert.c - smtp_alert of virtual and real servers, as keepalived
 * 2.2.7 sends them (through core/smtp_alert.c, never blocking):
 *   - a check of a real server changes state: "[ROUTER_ID] Realserver
 *     [IP]:PROTO:PORT of virtual server VS - UP|DOWN" (the real server's state)
 *     with the check type's line, e.g. "=> TCP CHECK failed on service <=";
 *     with no_checker_emails only when the real server itself went up or down;
 *   - a virtual server gains or loses its quorum: "[ROUTER_ID] Virtualserver
 *     VS - UP|DOWN", "=> Gained quorum Q+H=T <= W <=" ("Lost quorum").
 * The defaults: a real server's smtp_alert is smtp_alert_checker, else
 * smtp_alert, else on; a virtual server's the same but off at the end.
 */
#include "checker.h"
#include "smtp_alert.h"
#include "util.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

/* Contract: see checker.h. */
bool check_alert_wanted(uint32_t own, const struct vrrp_global_ext *g, bool last_default)
{
	if (own != CHECK_UNSET)
		return own != 0;
	if (g->smtp_alert_checker_set)
		return g->smtp_alert_checker;
	if (g->smtp_alert_set)
		return g->smtp_alert;
	return last_default;
}

static const char *proto_name(uint16_t p)
{
	return p == IPPROTO_UDP ? "udp" : p == IPPROTO_SCTP ? "sctp" : "tcp";
}

/* keepalived's "[IP]:PROTO:PORT". */
static void trio(char *buf, size_t size, const struct ka_addr *a, uint16_t proto, uint16_t port)
{
	char ip[INET6_ADDRSTRLEN] = "?";
	inet_ntop(a->family, &a->u, ip, sizeof(ip));
	snprintf(buf, size, "[%s]:%s:%u", ip, proto_name(proto), port);
}

/* Contract: see checker.h. */
void check_alert_vs_name(const struct vs_conf *vs, char *buf, size_t size)
{
	if (vs->kind == VS_KIND_GROUP)
		snprintf(buf, size, "[%s]:%u", vs->group, vs->port);
	else if (vs->kind == VS_KIND_FWMARK)
		snprintf(buf, size, "FWM %u", vs->fwmark);
	else
		trio(buf, size, &vs->addr, vs->protocol, vs->port);
}

/* Contract: see checker.h. */
const char *check_alert_line(const char *type, bool ok, const char *why, char *buf, size_t size)
{
	const char *v = ok ? "succeed" : "failed";
	if (!strcmp(type, "TCP_CHECK") || !strcmp(type, "UDP_CHECK") || !strcmp(type, "PING_CHECK"))
		snprintf(buf, size, "=> %s CHECK %s on service <=",
			 !strcmp(type, "PING_CHECK") ? "ICMP" : !strcmp(type, "UDP_CHECK") ? "UDP" : "TCP", v);
	else if (!strcmp(type, "DNS_CHECK"))
		snprintf(buf, size, "=> DNS_CHECK: %s on service <=", v);
	else if (!strcmp(type, "MISC_CHECK"))
		snprintf(buf, size, "=> MISC CHECK %s on service <=",
			 ok ? "succeeded" : why && strstr(why, "timed out") ? "timed out" : "failed");
	else if (ok)
		snprintf(buf, size, "=> CHECK succeed on service <=");
	else if (!strcmp(type, "HTTP_GET") || !strcmp(type, "SSL_GET"))
		snprintf(buf, size, "=> CHECK failed on service : HTTP request failed <=");
	else
		snprintf(buf, size, "=> CHECK failed on service : %s <=", why && *why ? why : "failed");
	return buf;
}

/* Contract: see checker.h. */
void check_smtp_check(const struct check_rt *c, bool rs_changed)
{
	const struct rs_rt *rs = c->rs;
	const struct vs_rt *vs = rs->vs;
	const struct global_conf *g = &vs->ck->global;
	if (rs->is_sorry || !check_alert_wanted(rs->conf->smtp_alert, &g->ext, true) ||
	    (!rs_changed && g->ext.no_checker_emails))
		return;
	char rid[256], rsn[INET6_ADDRSTRLEN + 24], vsn[CONF_NAME_MAX + 64], subject[700], body[300];
	trio(rsn, sizeof(rsn), &rs->conf->addr, vs->conf.protocol, rs->conf->port);
	check_alert_vs_name(&vs->conf, vsn, sizeof(vsn));
	snprintf(subject, sizeof(subject), "[%s] Realserver %s of virtual server %s - %s",
		 smtp_router_id(g, rid, sizeof(rid)), rsn, vsn, rs->up ? "UP" : "DOWN");
	smtp_alert_mail(vs->ck->loop, g, subject, check_alert_line(c->ops->name, c->st.up, c->last, body, sizeof(body)));
}

/* Contract: see checker.h. */
void check_smtp_quorum(const struct vs_rt *vs, bool init)
{
	const struct global_conf *g = &vs->ck->global;
	if (!check_alert_wanted(vs->conf.smtp_alert, &g->ext, false))
		return;
	char rid[256], vsn[CONF_NAME_MAX + 64], subject[512], body[160];
	check_alert_vs_name(&vs->conf, vsn, sizeof(vsn));
	snprintf(subject, sizeof(subject), "[%s] Virtualserver %s - %s", smtp_router_id(g, rid, sizeof(rid)), vsn,
		 vs->quorum_up ? "UP" : "DOWN");
	long long q = vs->conf.quorum, h = vs->conf.hysteresis;
	/* keepalived's threshold: the one just crossed (at start, quorum +
	 * hysteresis: a virtual server starts down) */
	snprintf(body, sizeof(body), "=> %s %lld+%lld=%lld <= %lld <=",
		 vs->quorum_up ? (init ? "Starting with quorum up" : "Gained quorum")
			       : (init ? "Starting with quorum down" : "Lost quorum"),
		 q, h, vs->quorum_up || init ? q + h : q - h, (long long)vs->live_weight);
	smtp_alert_mail(vs->ck->loop, g, subject, body);
}
