/* conf_host.c - the running system's interfaces for the configuration
 * checks (include/conf_host.h). */
#include "conf_host.h"
#include "conf_lex.h"

#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_link.h>
#include <ifaddrs.h>
#include <sched.h>
#include <stdio.h>
#include <net/if.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/route/link/macvlan.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

/* conf_host.iface on the running system. */
static bool system_iface(const struct conf_host *h, const char *ifname, struct conf_host_if *out)
{
	(void)h;
	memset(out, 0, sizeof(*out));
	if (strlen(ifname) >= IFNAMSIZ || !(out->index = if_nametoindex(ifname)))
		return false;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return true;   /* it exists; flags and MTU unknown */
	struct ifreq ifr;
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, ifname, strlen(ifname));
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0)
		out->flags = (unsigned short)ifr.ifr_flags;
	if (ioctl(fd, SIOCGIFMTU, &ifr) == 0 && ifr.ifr_mtu > 0)
		out->mtu = (unsigned)ifr.ifr_mtu;
	close(fd);
	return true;
}

/* conf_host.addrs on the running system. */
static struct ifaddrs *system_addrs(const struct conf_host *h)
{
	(void)h;
	struct ifaddrs *list = NULL;
	return getifaddrs(&list) == 0 ? list : NULL;
}

static void system_addrs_free(const struct conf_host *h, struct ifaddrs *list)
{
	(void)h;
	if (list)
		freeifaddrs(list);
}

/* conf_host.link_kind on the running system (in the namespace the
 * process is in: conf_host_netns_enter() moved it for the checks). */
static enum conf_link_kind system_link_kind(const struct conf_host *h, const char *ifname)
{
	(void)h;
	enum conf_link_kind kind = CONF_LINK_UNKNOWN;
	struct nl_sock *sk = nl_socket_alloc();
	if (!sk)
		return kind;
	struct rtnl_link *l = NULL;
	if (nl_connect(sk, NETLINK_ROUTE) == 0 && rtnl_link_get_kernel(sk, 0, ifname, &l) >= 0 && l) {
		const char *type = rtnl_link_get_type(l);
		kind = type && strcmp(type, "macvlan") == 0 && rtnl_link_macvlan_get_mode(l) == MACVLAN_MODE_PRIVATE
			       ? CONF_LINK_MACVLAN_PRIVATE : CONF_LINK_OTHER;
		rtnl_link_put(l);
	}
	nl_socket_free(sk);
	return kind;
}

const struct conf_host conf_host_system = {
	.iface = system_iface, .addrs = system_addrs, .addrs_free = system_addrs_free, .link_kind = system_link_kind,
};

enum conf_link_kind conf_host_link_kind(const struct conf_host *h, const char *ifname)
{
	if (!h)
		h = &conf_host_system;
	if (!ifname || !ifname[0] || strlen(ifname) >= IFNAMSIZ || !h->link_kind)
		return CONF_LINK_UNKNOWN;
	return h->link_kind(h, ifname);
}

bool conf_host_iface(const struct conf_host *h, const char *ifname, struct conf_host_if *out)
{
	if (!h)
		h = &conf_host_system;
	if (!ifname || !ifname[0]) {
		memset(out, 0, sizeof(*out));
		return false;
	}
	return h->iface(h, ifname, out);
}

int conf_host_netns_enter(const char *name)
{
	char path[256];
	if (!name[0] || strchr(name, '/') || snprintf(path, sizeof(path), "/run/netns/%s", name) >= (int)sizeof(path))
		return -1;
	int target = open(path, O_RDONLY | O_CLOEXEC);
	if (target < 0)
		return -1;
	int self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self >= 0 && setns(target, CLONE_NEWNET) < 0) {
		close(self);
		self = -1;
	}
	close(target);
	return self;
}

void conf_host_netns_leave(int saved)
{
	if (saved < 0)
		return;
	if (setns(saved, CLONE_NEWNET) < 0)
		log_err("cannot go back to the network namespace the configuration was read in: %s", strerror(errno));
	close(saved);
}

struct ifaddrs *conf_host_addrs(const struct conf_host *h)
{
	return (h ? h : &conf_host_system)->addrs(h ? h : &conf_host_system);
}

void conf_host_addrs_free(const struct conf_host *h, struct ifaddrs *list)
{
	if (!h)
		h = &conf_host_system;
	h->addrs_free(h, list);
}

/* Contract: see conf_lex.h. */
bool conf_iface(const struct conf_ctx *ctx, const char *ifname, struct conf_host_if *out)
{
	return conf_host_iface(ctx->host, ifname, out);
}

/* Contract: see conf_lex.h. */
bool conf_iface_exists(const struct conf_ctx *ctx, const char *ifname)
{
	struct conf_host_if i;
	return conf_host_iface(ctx->host, ifname, &i);
}
