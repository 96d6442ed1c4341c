/* conf_host.h - what the configuration checks ask of the running system
 * about network interfaces, behind a small table of functions so that unit
 * tests can hand the checks a fixed list of interfaces instead of the
 * host's (test/unit/conf_test_util.h). config_load_opts.host selects it;
 * NULL means the system (conf_host_system).
 */
#ifndef KA_CONF_HOST_H
#define KA_CONF_HOST_H

#include <stdbool.h>

struct ifaddrs;

/* One interface as the system has it now. */
struct conf_host_if {
	unsigned index;     /* ifindex, never 0 for an interface that exists */
	unsigned flags;     /* IFF_* (IFF_LOOPBACK, IFF_UP...) */
	unsigned mtu;       /* 0: unknown */
};

/* What kind of link an interface is (use_vmac NAME: keepalived 2.2.7
 * takes the name only when no interface has it or it is a macvlan in
 * private mode - see vrrp_l3_validate()). */
enum conf_link_kind {
	CONF_LINK_UNKNOWN = 0,          /* no such interface, or the system cannot tell */
	CONF_LINK_MACVLAN_PRIVATE,
	CONF_LINK_OTHER,                /* anything else: a veth, a bond, a macvlan in another mode... */
};

struct conf_host {
	/* Interface ifname: true with *out filled, false when there is no
	 * such interface (out is then zeroed). */
	bool (*iface)(const struct conf_host *h, const char *ifname, struct conf_host_if *out);
	/* Every address of every interface, as getifaddrs() gives them
	 * (NULL: none, or the system cannot tell); freed with addrs_free. */
	struct ifaddrs *(*addrs)(const struct conf_host *h);
	void (*addrs_free)(const struct conf_host *h, struct ifaddrs *list);
	const void *arg;    /* the implementation's data */
	/* The kind of link ifname is (NULL: always CONF_LINK_UNKNOWN). */
	enum conf_link_kind (*link_kind)(const struct conf_host *h, const char *ifname);
};

/* The running system: if_nametoindex(), SIOCGIFFLAGS, SIOCGIFMTU,
 * getifaddrs(); the link kind by RTM_GETLINK. */
extern const struct conf_host conf_host_system;

/* Interface ifname through h (NULL: the system); see conf_host.iface. An
 * empty name is no interface. */
bool conf_host_iface(const struct conf_host *h, const char *ifname, struct conf_host_if *out);

/* The kind of link ifname is through h (NULL: the system); see
 * conf_host.link_kind. */
enum conf_link_kind conf_host_link_kind(const struct conf_host *h, const char *ifname);

/* Enter network namespace NAME (/run/netns/NAME) for the checks, as
 * keepalived 2.2.7's -t and start look for a file's interfaces in its
 * net_namespace. Returns a descriptor of the namespace the process was in,
 * for conf_host_netns_leave(); -1 when it did not move (no such namespace,
 * no privilege). */
int conf_host_netns_enter(const char *name);
/* Go back to the namespace of saved (from conf_host_netns_enter(); -1:
 * nothing to do) and close it. */
void conf_host_netns_leave(int saved);

/* The addresses through h (NULL: the system); see conf_host.addrs. */
struct ifaddrs *conf_host_addrs(const struct conf_host *h);
void conf_host_addrs_free(const struct conf_host *h, struct ifaddrs *list);

#endif
