/* vrrp_igmp.c - disable_local_igmp (global_defs), as keepalived 2.2.7: while
 * the VRRP child runs, net.ipv4.igmp_link_local_mcast_reports is 0 in its
 * network namespace, so the host sends no IGMP reports for 224.0.0.0/24
 * (the VRRP group among them: RFC 4541 switches flood that range anyway).
 * Set when the child applies its first configuration (still root), put
 * back at stop - only when it was 1 before, as keepalived does. */
#include "vrrp.h"
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* Write c over the sysctl; false (logged) when it cannot be done. */
static bool write_value(char c)
{
	int fd = open(VRRP_IGMP_LLM_REPORTS, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, &c, 1) != 1) {
		log_info("disable_local_igmp: cannot write %s: %s", VRRP_IGMP_LLM_REPORTS, strerror(errno));
		if (fd >= 0)
			close(fd);
		return false;
	}
	close(fd);
	return true;
}

/* The sysctl's first character, or 0 when it cannot be read. */
static char read_value(void)
{
	char c = 0;
	int fd = open(VRRP_IGMP_LLM_REPORTS, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || read(fd, &c, 1) != 1) {
		log_info("disable_local_igmp: cannot read %s: %s", VRRP_IGMP_LLM_REPORTS, strerror(errno));
		c = 0;
	}
	if (fd >= 0)
		close(fd);
	return c;
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
	if (wanted && read_value() == '1' && write_value('0'))
		ctx->igmp.restore = true;
}

void vrrp_igmp_restore(struct vrrp_ctx *ctx)
{
	if (ctx->igmp.restore && write_value('1'))
		ctx->igmp.restore = false;
}
