/* config.h - the parsed configuration: plain typed structs.
 *
 * The parent builds a struct config from keepalived.conf (conf_parse.c),
 * validates it (conf_check.c) and sends each child the part it needs as typed
 * messages (conf_wire.c). Children never read the config file. After
 * validation every value is final: defaults from global_defs have been
 * copied into each instance, so a child needs nothing but its own records.
 *
 * Strings that can be arbitrarily long (scripts, e-mail addresses) are
 * heap-allocated and owned by the struct; config_free() releases them.
 */
#ifndef KA_CONFIG_H
#define KA_CONFIG_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define CONF_NAME_MAX 64

/* Where an object was declared, for error messages and dumps. */
struct conf_origin {
	char file[256];
	int line;
};

/* An IPv4 or IPv6 address. */
struct ka_addr {
	sa_family_t family;   /* AF_INET, AF_INET6, or 0 when unset */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	} u;
};

/* ---- global_defs ----------------------------------------------------------- */

struct global_conf {
	char router_id[256];
	uint8_t vrrp_version;              /* default version for instances: 2 or 3 */
	struct in_addr vrrp_mcast_group4;  /* default 224.0.0.18 */
	uint32_t garp_master_delay_s;      /* default 5 */
	uint32_t garp_master_repeat;       /* default 5 */
	uint32_t garp_master_refresh_s;    /* default 0 = off */
	uint32_t garp_master_refresh_repeat; /* default 1 */
	bool enable_script_security;
	bool script_user_set;
	char script_user[64];
	char script_group[64];
	uid_t script_uid;                  /* resolved by validation */
	gid_t script_gid;
	char **notification_email;         /* accepted; mail not sent yet */
	size_t n_notification_email;
	char *notification_email_from;
	char *smtp_server;                 /* "host [port]" as written */
	uint32_t smtp_connect_timeout_s;
};

/* ---- vrrp_instance ----------------------------------------------------------- */

enum vrrp_state {
	VRRP_STATE_INIT = 0,
	VRRP_STATE_BACKUP,
	VRRP_STATE_MASTER,
	VRRP_STATE_FAULT,
	VRRP_STATE_STOP,
};

enum vrrp_auth_type {
	VRRP_AUTH_NONE = 0,
	VRRP_AUTH_PASS = 1,
};

/* One line of virtual_ipaddress { ADDR[/LEN] [brd ADDR] [dev IF] [scope S] [label L] } */
struct vip_conf {
	struct ka_addr addr;
	uint8_t prefixlen;        /* defaults to 32 (v4) / 128 (v6) */
	struct ka_addr brd;       /* family 0 when not given */
	char dev[IFNAMSIZ];       /* empty: the instance's interface */
	uint8_t scope;            /* RT_SCOPE_* ; default RT_SCOPE_UNIVERSE */
	char label[IFNAMSIZ];     /* empty when not given */
};

struct vrrp_instance_conf {
	char name[CONF_NAME_MAX];
	struct conf_origin origin;
	enum vrrp_state initial_state;    /* BACKUP (default) or MASTER */
	char ifname[IFNAMSIZ];
	uint8_t vrid;                     /* 1..255 */
	uint8_t priority;                 /* 1..255, default 100 */
	uint8_t version;                  /* 2 or 3 (from global_defs when not set) */
	uint32_t advert_int_cs;           /* centiseconds; default 100 */

	struct vip_conf *vips;            /* advertised (virtual_ipaddress) */
	size_t n_vips;
	struct vip_conf *vips_excluded;   /* virtual_ipaddress_excluded */
	size_t n_vips_excluded;

	bool nopreempt;
	uint32_t preempt_delay_ms;        /* 0 = none */
	enum vrrp_auth_type auth_type;
	char auth_pass[9];                /* up to 8 chars, NUL-terminated */
	struct in_addr mcast_src_ip;      /* INADDR_ANY when unset */
	struct in_addr mcast_group;       /* from global vrrp_mcast_group4 */

	uint32_t garp_master_delay_s;
	uint32_t garp_master_repeat;
	uint32_t garp_master_refresh_s;
	uint32_t garp_master_refresh_repeat;

	char *notify_master;              /* NULL when unset */
	char *notify_backup;
	char *notify_fault;
	char *notify_stop;
	char *notify;

	bool smtp_alert;
	int debug;
	bool dont_track_primary;
};

/* ---- checker (virtual servers) --------------------------------------------
 * Defined in check_conf.h, owned by the checker. */
struct vs_conf;
struct vsg_conf;

/* ---- the whole configuration ------------------------------------------------- */

struct config {
	char path[256];                   /* the main file */
	struct global_conf global;
	struct vrrp_instance_conf *vrrp;
	size_t n_vrrp;
	struct vs_conf *vs;               /* virtual_server blocks */
	size_t n_vs;
	struct vsg_conf *vsg;             /* virtual_server_group blocks */
	size_t n_vsg;
};

/* Defaults for a fresh configuration (global_defs as if empty). */
void config_init(struct config *conf);
void config_free(struct config *conf);
/* Free the heap strings of a global_conf (e.g. one decoded by conf_wire). */
void global_conf_free(struct global_conf *g);
void vrrp_instance_conf_free(struct vrrp_instance_conf *vi);
/* Fill an instance with keepalived's defaults before its block is parsed. */
void vrrp_instance_conf_init(struct vrrp_instance_conf *vi);

/* ---- parse + validate (conf_parse.c, conf_validate.c) ---------------------------
 *
 * config_load() reads PATH (and its includes), fills CONF and validates it.
 * Every problem is reported through the log with "file:line: message";
 * parsing continues after an error so that all of them are shown.
 * Returns the number of errors (0 = usable). Warnings are not counted.
 * With check_only (-t), checks that depend on the running host (interface
 * exists) are warnings rather than errors.
 */
struct config_load_opts {
	bool check_only;
	const char *config_id;   /* for @ID lines; NULL = the host name up to the first dot */
};
int config_load(struct config *conf, const char *path, const struct config_load_opts *opts);

/* Equality used by reload to decide whether an instance changed. */
bool vrrp_instance_conf_equal(const struct vrrp_instance_conf *a, const struct vrrp_instance_conf *b);

#endif
