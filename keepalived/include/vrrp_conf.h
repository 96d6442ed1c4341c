/* vrrp_conf.h - the configuration of one vrrp_instance (owned by vrrp/).
 *
 * Filled by the keyword table of vrrp/vrrp_conf_keywords.c, checked by
 * vrrp/vrrp_conf_validate.c, sent to the VRRP child as IPC_CONF_VRRP and
 * compared on reload through the field table of vrrp/vrrp_conf_wire.c.
 * A new keyword: a field here, a row in vrrp_instance_rows[] (vrrp_conf_wire.c),
 * a keyword row in vrrp_conf_keywords.c (doc/HACKING.md, "How to add a keyword").
 */
#ifndef KA_VRRP_CONF_H
#define KA_VRRP_CONF_H

#include "conf_fields.h"
#include "conf_types.h"
#include "vrrp_ext_conf.h"
#include "vrrp_l3_conf.h"
#include "wire.h"

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
	VRRP_AUTH_AH = 2,         /* IPsec AH, HMAC-MD5-96 */
};

/* One line of virtual_ipaddress { ADDR[/LEN] [brd ADDR] [dev IF] [scope S] [label L] } */
struct vip_conf {
	struct ka_addr addr;
	uint8_t prefixlen;        /* defaults to 32 (v4) / 128 (v6) */
	struct ka_addr brd;       /* family 0 when not given */
	char dev[IFNAMSIZ];       /* empty: the instance's interface */
	uint8_t scope;            /* RT_SCOPE_* ; default RT_SCOPE_UNIVERSE */
	char label[IFNAMSIZ];     /* empty when not given */
	struct ka_addr peer;      /* peer ADDR (point-to-point); family 0 when not given */
	uint32_t flags_on;        /* IFA_F_* from home, mngtmpaddr, noprefixroute, autojoin */
	uint32_t flags_off;       /* IFA_F_NODAD with -nodad (IPv6 VIPs get nodad otherwise) */
	uint32_t preferred_lft;   /* seconds, UINT32_MAX = forever */
	bool preferred_set;       /* preferred_lft given (else: 0 for an IPv6 /128, forever otherwise) */
	bool no_track;            /* accepted: deleted VIPs are never tracked here */
	bool use_vmac;            /* use_vmac on the line: a VMAC of its own on its interface
				   * (vrrp_conf_vmac_addr.c sets dev to it) */
};

struct vrrp_instance_conf {
	char name[CONF_NAME_MAX];
	struct conf_origin origin;
	enum vrrp_state initial_state;    /* BACKUP (default) or MASTER */
	char ifname[IFNAMSIZ];
	uint8_t vrid;                     /* 1..255 */
	uint8_t priority;                 /* 1..255, default 100 */
	uint8_t version;                  /* 2 or 3 (from global_defs when not set) */
	uint8_t down_timer_adverts;       /* 1..100; 0 in the parser: vrrp_down_timer_adverts */
	uint32_t advert_int_cs;           /* centiseconds; default 100 */

	struct vip_conf *vips;            /* advertised (virtual_ipaddress) */
	size_t n_vips;
	struct vip_conf *vips_excluded;   /* virtual_ipaddress_excluded */
	size_t n_vips_excluded;

	bool nopreempt;
	uint32_t preempt_delay_ms;        /* 0 = none */
	enum vrrp_auth_type auth_type;
	char auth_pass[9];                /* up to 8 chars, NUL-terminated */
	struct in_addr mcast_src_ip;      /* INADDR_ANY when unset (IPv6: l3.mcast_src6) */
	struct in_addr mcast_group;       /* from global vrrp_mcast_group4 */
	struct vrrp_l3_conf l3;           /* family, IPv6 group and source (vrrp_l3_conf.h) */

	uint32_t garp_master_delay_s;
	uint32_t garp_master_repeat;
	uint32_t garp_master_refresh_s;
	uint32_t garp_master_refresh_repeat;

	struct conf_script notify_master; /* .cmd NULL when unset */
	struct conf_script notify_backup;
	struct conf_script notify_fault;
	struct conf_script notify_stop;
	struct conf_script notify;

	bool smtp_alert;
	int debug;
	bool dont_track_primary;
	struct vrrp_ext_conf ext;         /* tracking, unicast, ... (vrrp_ext_conf.h) */
};

extern const struct conf_struct_desc vip_conf_desc;
extern const struct conf_struct_desc vrrp_instance_conf_desc;

/* Fill an instance with keepalived's defaults before its block is parsed. */
void vrrp_instance_conf_init(struct vrrp_instance_conf *vi);
/* Free what an instance owns (not the struct itself). */
void vrrp_instance_conf_free(struct vrrp_instance_conf *vi);
/* Equality used by reload to decide whether an instance changed: every
 * configured value; origin (file:line) is ignored, so moving an instance in
 * the file does not restart it. */
bool vrrp_instance_conf_equal(const struct vrrp_instance_conf *a, const struct vrrp_instance_conf *b);

/* IPC_CONF_VRRP records (see conf_fields.h for the guarantees of decode). */
void vrrp_instance_conf_encode(const struct vrrp_instance_conf *vi, struct wbuf *w);
bool vrrp_instance_conf_decode(struct rbuf *r, struct vrrp_instance_conf *out);
bool vrrp_instance_conf_decode_msg(const void *payload, size_t len, struct vrrp_instance_conf *out);

#endif
