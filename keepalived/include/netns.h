/* netns.h - running in a named network namespace (core/netns.c). */
#ifndef KA_NETNS_H
#define KA_NETNS_H

#include <stdbool.h>

/* keepalived's pid directory; with a namespace NAME, NETNS_RUN_DIR/NAME is
 * bound over it in the daemon's own mount namespace. */
#define NETNS_RUN_DIR "/run/keepalived"

/* What netns_run_mount() did, for netns_run_unmount(). */
struct netns_run {
	char dir[128];     /* /run/keepalived/NAME, "" when it could not be made */
	bool mounted;      /* bound over /run/keepalived */
};

/* Move this process into /run/netns/NAME (made by `ip netns add`).
 * 0, or -1 with the reason logged. */
int netns_enter(const char *name);

/* A socket(domain, type, proto) made in the network namespace NAME
 * (/run/netns/NAME; "" = the initial one, /proc/1/ns/net): setns() there,
 * socket(), setns() back to this thread's namespace. Needs CAP_SYS_ADMIN.
 * The descriptor, or -1 with the reason logged (what names the socket's
 * use is the caller's: what). */
int netns_socket(const char *name, const char *what, int domain, int type, int proto);

/* Give this process a mount namespace of its own in which
 * /run/keepalived is /run/keepalived/NAME (created 0755). A failure is
 * logged and leaves /run/keepalived as it is (keepalived goes on too). */
void netns_run_mount(struct netns_run *r, const char *name);

/* Undo netns_run_mount(): unmount, remove /run/keepalived/NAME if empty. */
void netns_run_unmount(struct netns_run *r);

#endif
