/* check_ipvs.h - IPVS virtual services and destinations through the
 * kernel's generic-netlink family "IPVS" (libnl-genl), the same messages
 * ipvsadm sends, and reading the table back.
 *
 * Calls are synchronous (a netlink round trip to the kernel, no network)
 * and return 0 or a negative errno-style code; ipvs_strerror() names it.
 */
#ifndef KA_CHECK_IPVS_H
#define KA_CHECK_IPVS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"

struct ipvs;

struct ipvs_stats {
	uint64_t conns, inpkts, outpkts, inbytes, outbytes;
};

/* What identifies a service: fwmark != 0, or protocol + addr + port. */
struct ipvs_svc {
	sa_family_t af;
	uint16_t protocol;
	struct ka_addr addr;
	uint16_t port;             /* host order */
	uint32_t fwmark;
	/* attributes */
	char sched[16];
	uint32_t flags;            /* IP_VS_SVC_F_* */
	uint32_t timeout;          /* persistence, seconds */
	uint32_t netmask;          /* v4 mask (network order) or v6 prefix length */
	char pe_name[16];          /* persistence engine; "" = none */
	struct ipvs_stats stats;   /* read back only */
};

struct ipvs_dest {
	struct ka_addr addr;
	uint16_t port;             /* host order */
	uint32_t fwd;              /* IP_VS_CONN_F_MASQ / DROUTE / TUNNEL */
	int32_t weight;
	uint32_t u_thresh, l_thresh;
	/* read back only */
	uint32_t active_conns, inact_conns, persist_conns;
	struct ipvs_stats stats;
};

/* Connect and resolve the family; NULL (and *err set) when the kernel has no IPVS. */
struct ipvs *ipvs_open(int *err);
/* The same over fd, a NETLINK_GENERIC socket made elsewhere (another network
 * namespace: its IPVS is the one programmed); fd is the ipvs's (closed on
 * failure too). */
struct ipvs *ipvs_open_fd(int fd, int *err);
void ipvs_close(struct ipvs *v);
const char *ipvs_strerror(int err);

int ipvs_svc_add(struct ipvs *v, const struct ipvs_svc *s);
int ipvs_svc_update(struct ipvs *v, const struct ipvs_svc *s);
int ipvs_svc_del(struct ipvs *v, const struct ipvs_svc *s);
int ipvs_dest_add(struct ipvs *v, const struct ipvs_svc *s, const struct ipvs_dest *d);
int ipvs_dest_update(struct ipvs *v, const struct ipvs_svc *s, const struct ipvs_dest *d);
int ipvs_dest_del(struct ipvs *v, const struct ipvs_svc *s, const struct ipvs_dest *d);

/* Dump every service (heap array in *out). */
int ipvs_svc_list(struct ipvs *v, struct ipvs_svc **out, size_t *n);
/* Read one service back; -ENOENT when absent. */
int ipvs_svc_get(struct ipvs *v, const struct ipvs_svc *key, struct ipvs_svc *out);
/* Dump the destinations of a service (heap array in *out). */
int ipvs_dest_list(struct ipvs *v, const struct ipvs_svc *s, struct ipvs_dest **out, size_t *n);

/* The IPVS connection synchronisation daemon (ipvsadm --start-daemon). */
enum ipvs_daemon_role {
	IPVS_DAEMON_MASTER = 1,        /* IP_VS_STATE_MASTER: sends the connection table */
	IPVS_DAEMON_BACKUP = 2,        /* IP_VS_STATE_BACKUP: receives it */
};
struct ipvs_daemon {
	enum ipvs_daemon_role role;
	char ifname[16];               /* the multicast interface */
	uint32_t syncid;               /* 0..255 */
	uint32_t maxlen;               /* 0 = the kernel's default */
	uint32_t port;                 /* 0 = 8848 */
	uint32_t ttl;                  /* 0 = 1 */
	struct ka_addr group;          /* family 0 = 224.0.0.81 */
};
/* Start one role of the daemon; -EEXIST when it runs already. */
int ipvs_daemon_start(struct ipvs *v, const struct ipvs_daemon *d);
/* Stop one role; -ESRCH/-ENOENT style errors when it does not run. */
int ipvs_daemon_stop(struct ipvs *v, enum ipvs_daemon_role role);
/* Which roles run (bits 1 << role), with their settings in out[role - 1]. */
int ipvs_daemon_list(struct ipvs *v, unsigned *roles, struct ipvs_daemon out[2]);
/* Remove every service and destination (ipvsadm -C). */
int ipvs_flush(struct ipvs *v);
/* Connection timeouts in seconds; 0 leaves one unchanged (ipvsadm --set). */
int ipvs_set_timeouts(struct ipvs *v, uint32_t tcp, uint32_t tcpfin, uint32_t udp);
int ipvs_get_timeouts(struct ipvs *v, uint32_t *tcp, uint32_t *tcpfin, uint32_t *udp);

/* Same service identity (af, fwmark or protocol/addr/port). */
bool ipvs_svc_same(const struct ipvs_svc *a, const struct ipvs_svc *b);
/* Same scheduling attributes (sched, flags, timeout, netmask). */
bool ipvs_svc_attrs_equal(const struct ipvs_svc *a, const struct ipvs_svc *b);
/* "TCP 10.0.0.1:80" / "FWM 1" into buf. */
const char *ipvs_svc_str(const struct ipvs_svc *s, char *buf, size_t size);

#endif
