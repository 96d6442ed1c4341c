/* vrrp_smtp.c - smtp_alert for VRRP: one mail per instance or sync-group
 * transition to MASTER, BACKUP or FAULT (not FAULT with no_email_faults),
 * as keepalived words it, sent through core/smtp_alert.c without blocking
 * the loop. */
#include "vrrp.h"
#include "log.h"
#include "smtp_alert.h"
#include "util.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

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
	if (!vi->conf.smtp_alert || (vi->state == VRRP_STATE_FAULT && vi->ctx->global.ext.no_email_faults))
		return;
	char rid[256], subject[512];
	snprintf(subject, sizeof(subject), "[%s] VRRP Instance %s - Entering %s state",
		 smtp_router_id(&vi->ctx->global, rid, sizeof(rid)), vi->conf.name, vrrp_state_name(vi->state));
	smtp_alert_mail(vi->ctx->loop, &vi->ctx->global, subject, body);
}

void vrrp_smtp_group(struct vrrp_ctx *ctx, const char *name, enum vrrp_state state, bool enabled)
{
	if (!enabled || (state != VRRP_STATE_MASTER && state != VRRP_STATE_BACKUP && state != VRRP_STATE_FAULT) ||
	    (state == VRRP_STATE_FAULT && ctx->global.ext.no_email_faults))
		return;
	char rid[256], subject[512], body[128];
	snprintf(subject, sizeof(subject), "[%s] VRRP Group %s - Entering %s state",
		 smtp_router_id(&ctx->global, rid, sizeof(rid)), name, vrrp_state_name(state));
	snprintf(body, sizeof(body), "=> All VRRP group instances are now in %s state <=", vrrp_state_name(state));
	smtp_alert_mail(ctx->loop, &ctx->global, subject, body);
}
