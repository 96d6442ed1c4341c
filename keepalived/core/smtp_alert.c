/* smtp_alert.c - an alert mail from global_defs' settings; see smtp_alert.h. */
#include "smtp_alert.h"
#include "log.h"
#include "loop.h"
#include "smtp_client.h"
#include "util.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The server address; false (nothing to send) when mail is not set up. */
static bool server_of(const struct global_conf *g, struct sockaddr_storage *ss, socklen_t *len)
{
	const struct ka_addr *a = &g->ext.smtp_addr;
	uint16_t port = htons((uint16_t)(g->ext.smtp_port ? g->ext.smtp_port : 25));
	if (!g->n_notification_email)
		return false;
	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)ss;
		in->sin_family = AF_INET;
		in->sin_addr = a->u.v4;
		in->sin_port = port;
		*len = sizeof(*in);
		return true;
	}
	if (a->family == AF_INET6) {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
		in6->sin6_family = AF_INET6;
		in6->sin6_addr = a->u.v6;
		in6->sin6_port = port;
		*len = sizeof(*in6);
		return true;
	}
	log_warn("SMTP alert not sent: no usable smtp_server");
	return false;
}

/* Contract: see smtp_alert.h. */
void smtp_alert_mail(struct loop *loop, const struct global_conf *g, const char *subject, const char *body)
{
	struct sockaddr_storage ss;
	socklen_t len;
	if (!server_of(g, &ss, &len))
		return;
	char host[256] = "localhost", from[320];
	gethostname(host, sizeof(host) - 1);
	if (g->notification_email_from)
		str_copy(from, sizeof(from), g->notification_email_from);
	else
		snprintf(from, sizeof(from), "keepalived@%s", host);
	struct smtp_msg m = {
		.helo = g->ext.smtp_helo_name ? g->ext.smtp_helo_name : host,
		.from = from,
		.to = (const char *const *)g->notification_email,
		.n_to = g->n_notification_email,
		.subject = subject,
		.body = body,
	};
	smtp_send(loop, (const struct sockaddr *)&ss, len, &m,
		  (uint64_t)(g->smtp_connect_timeout_s ? g->smtp_connect_timeout_s : 30) * USEC_PER_SEC, NULL, NULL);
}

/* Contract: see smtp_alert.h. */
const char *smtp_router_id(const struct global_conf *g, char *buf, size_t size)
{
	if (g->router_id[0])
		return g->router_id;
	if (gethostname(buf, size - 1) != 0)
		str_copy(buf, size, "keepalived");
	buf[size - 1] = '\0';
	return buf;
}
