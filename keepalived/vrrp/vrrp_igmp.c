/* vrrp_igmp.c - disable_local_igmp (global_defs), as keepalived 2.2.7: while
 * the VRRP child runs, net.ipv4.igmp_link_local_mcast_reports is 0 in its
 * network namespace, so the host sends no IGMP reports for 224.0.0.0/24
 * (the VRRP group among them: RFC 4541 switches flood that range anyway).
 * Set when the child applies its first configuration (still root), put
 * back at stop - only when it was 1 before, as keepalived does. */
#include "vrrp.h"
#include "log.h"
#include "util.h"

#include <errno.h>
#include <string.h>

/* Write value over the sysctl; false (logged) when it cannot be done. */
static bool set_value(const char *value)
{
	if (sysctl_write(VRRP_IGMP_LLM_REPORTS, value) == 0)
		return true;
	log_info("disable_local_igmp: cannot write %s: %s", VRRP_IGMP_LLM_REPORTS, strerror(errno));
	return false;
}

/* Is the sysctl 1 now? (An unreadable one is logged and counts as not.) */
static bool is_on(void)
{
	char v[8];
	if (sysctl_read(VRRP_IGMP_LLM_REPORTS, v, sizeof(v)) < 0) {
		log_info("disable_local_igmp: cannot read %s: %s", VRRP_IGMP_LLM_REPORTS, strerror(errno));
		return false;
	}
	return strcmp(v, "1") == 0;
}

void vrrp_igmp_apply(struct vrrp_ctx *ctx)
{
	bool wanted = ctx->global.ext.disable_local_igmp;
	if (ctx->igmp.configured) {
		if (wanted != ctx->igmp.wanted)
			log_info("cannot change disable_local_igmp at a reload - please restart keepalived");
		return;
	}
	ctx->igmp.configured = true;
	ctx->igmp.wanted = wanted;
	if (wanted && is_on() && set_value("0"))
		ctx->igmp.restore = true;
}

void vrrp_igmp_restore(struct vrrp_ctx *ctx)
{
	if (ctx->igmp.restore && set_value("1"))
		ctx->igmp.restore = false;
}
