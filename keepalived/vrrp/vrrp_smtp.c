/* vrrp_smtp.c - smtp_alert for VRRP: one mail per instance or sync-group
 * transition to MASTER, BACKUP or FAULT, as keepalived words it, sent
 * through core/smtp_client.c without blocking the loop. */
#include "vrrp.h"
#include "log.h"
#include "smtp_client.h"
#include "util.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The server address; false (nothing to send) when mail is not set up. */
static bool server_of(const struct vrrp_ctx *ctx, struct sockaddr_storage *ss, socklen_t *len)
{
	const struct global_conf *g = &ctx->global;
	const struct ka_addr *a = &g->ext.smtp_addr;
	if (!g->n_notification_email)
		return false;
	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)ss;
		in->sin_family = AF_INET;
		in->sin_addr = a->u.v4;
		in->sin_port = htons((uint16_t)(g->ext.smtp_port ? g->ext.smtp_port : 25));
		*len = sizeof(*in);
		return true;
	}
	if (a->family == AF_INET6) {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
		in6->sin6_family = AF_INET6;
		in6->sin6_addr = a->u.v6;
		in6->sin6_port = htons((uint16_t)(g->ext.smtp_port ? g->ext.smtp_port : 25));
		*len = sizeof(*in6);
		return true;
	}
	log_warn("SMTP alert not sent: no usable smtp_server");
	return false;
}

static void send_alert(struct vrrp_ctx *ctx, const char *subject, const char *body)
{
	struct sockaddr_storage ss;
	socklen_t len;
	if (!server_of(ctx, &ss, &len))
		return;
	const struct global_conf *g = &ctx->global;
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
	smtp_send(ctx->loop, (const struct sockaddr *)&ss, len, &m,
		  (uint64_t)(g->smtp_connect_timeout_s ? g->smtp_connect_timeout_s : 30) * USEC_PER_SEC, NULL, NULL);
}

static const char *router_id(const struct vrrp_ctx *ctx, char *buf, size_t size)
{
	if (ctx->global.router_id[0])
		return ctx->global.router_id;
	if (gethostname(buf, size - 1) != 0)
		str_copy(buf, size, "keepalived");
	buf[size - 1] = '\0';
	return buf;
}

/* Contract: see vrrp.h. */
void vrrp_smtp_instance(struct vrrp_instance *vi)
{
	const char *body;
	switch (vi->state) {
	case VRRP_STATE_MASTER: body = "=> VRRP Instance is now owning VRRP VIPs <="; break;
	case VRRP_STATE_BACKUP: body = "=> VRRP Instance is nolonger owning VRRP VIPs <="; break;
	case VRRP_STATE_FAULT: body = "=> VRRP Instance is in FAULT state <="; break;
	default: return;
	}
	if (!vi->conf.smtp_alert)
		return;
	char rid[256], subject[512];
	snprintf(subject, sizeof(subject), "[%s] VRRP Instance %s - Entering %s state",
		 router_id(vi->ctx, rid, sizeof(rid)), vi->conf.name, vrrp_state_name(vi->state));
	send_alert(vi->ctx, subject, body);
}

void vrrp_smtp_group(struct vrrp_ctx *ctx, const char *name, enum vrrp_state state, bool enabled)
{
	if (!enabled || (state != VRRP_STATE_MASTER && state != VRRP_STATE_BACKUP && state != VRRP_STATE_FAULT))
		return;
	char rid[256], subject[512], body[128];
	snprintf(subject, sizeof(subject), "[%s] VRRP Group %s - Entering %s state",
		 router_id(ctx, rid, sizeof(rid)), name, vrrp_state_name(state));
	snprintf(body, sizeof(body), "=> All VRRP group instances are now in %s state <=", vrrp_state_name(state));
	send_alert(ctx, subject, body);
}
