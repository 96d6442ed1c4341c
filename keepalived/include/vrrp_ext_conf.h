/* vrrp_ext_conf.h - the configuration of VRRP as people deploy it:
 * trackers (vrrp_script, vrrp_track_file), their references from instances
 * and sync groups, unicast peers, sync groups, notify FIFOs and the
 * lower/higher-priority advert knobs.
 *
 * struct vrrp_ext_conf is embedded in every struct vrrp_instance_conf
 * (field `ext`, vrrp_conf.h), struct vrrp_global_ext in struct global_conf
 * (field `ext`), and struct vrrp_objs_conf in struct config (field
 * `vrrp_objs`). Their field tables (wire, equality, freeing) are in
 * vrrp/vrrp_conf_ext.c.
 */
#ifndef KA_VRRP_EXT_CONF_H
#define KA_VRRP_EXT_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "conf_fields.h"
#include "conf_types.h"
#include "wire.h"

/* A line of track_script/track_file/track_interface { NAME [weight W [reverse]] }. */
struct track_ref {
	char name[64];            /* tracker or interface name */
	int32_t weight;           /* final after validation (tracker default applied) */
	bool weight_set;          /* given on the line */
	bool reverse;
	bool reverse_set;         /* reverse or noreverse on the line (else the tracker's) */
	bool dump_zero;           /* the USR1 dump shows weight 0: a sync group member's track_interface
				   * without sync_group_tracking_weight (keepalived 2.2.7 zeroes the
				   * instance's copy; the interface's, which counts, keeps it) */
	bool from_group;          /* a copy of its sync group's track_* line (2.2.7 lists it under
				   * the group, not the instance) */
	bool implicit;            /* track_interface by an address, route or rule on that link
				   * (vrrp_implicit_tracking()): 2.2.7 lists it under the
				   * interface, not the instance */
};

/* A line of unicast_peer { ADDR [min_ttl N] [max_ttl N] } (IPv4 or IPv6). */
struct unicast_peer_conf {
	struct ka_addr addr;
	uint8_t min_ttl;          /* 0 */
	uint8_t max_ttl;          /* 255 */
};

/* The sysctl of disable_local_igmp (vrrp_igmp.c). */
#define VRRP_IGMP_LLM_REPORTS "/proc/sys/net/ipv4/igmp_link_local_mcast_reports"

/* Per-instance additions. */
/* old_unicast_checksum [never]: the VRRPv3 IPv4 checksum keepalived
 * before 1.3.6 computed (its pseudo-header's destination is
 * vrrp_mcast_group4, not the unicast peer). */
enum vrrp_old_csum {
	VRRP_OLD_CSUM_AUTO = 0,   /* new checksum; a unicast instance switches on seeing an old one */
	VRRP_OLD_CSUM_NEVER,      /* new checksum, never switches */
	VRRP_OLD_CSUM_ON,         /* old checksum, sent and expected */
};

struct vrrp_ext_conf {
	struct track_ref *track_ifs;
	size_t n_track_ifs;
	struct track_ref *track_scripts;
	size_t n_track_scripts;
	struct track_ref *track_files;
	size_t n_track_files;
	struct track_ref *track_procs;
	size_t n_track_procs;
	struct track_ref *track_bfds;     /* track_bfd: bfd_instance names (bfd_conf.h) */
	size_t n_track_bfds;

	struct unicast_peer_conf *peers;  /* of the instance's family (unicast_src_ip is mcast_src_ip) */
	size_t n_peers;
	bool unicast;                     /* unicast_peer given (even empty) */
	uint8_t unicast_ttl;              /* default 255 */
	bool unicast_ttl_set;             /* given (IPv6: else the kernel's hop limit, as keepalived) */
	bool unicast_fault_no_peer;
	bool check_unicast_src;
	bool track_src_ip;                /* FAULT while mcast_src_ip/unicast_src_ip is not on the interface */
	uint8_t old_unicast_checksum;     /* enum vrrp_old_csum (vrrp/vrrp_csum_compat.c) */

	uint32_t garp_lower_prio_delay_s;
	uint32_t garp_lower_prio_repeat;
	bool lower_prio_no_advert;
	bool higher_prio_send_advert;
	struct conf_script notify_master_rx_lower_pri;
	bool notify_priority_changes;     /* FIFO lines MASTER_PRIORITY / BACKUP_PRIORITY */
	bool notify_deleted;              /* removed by a reload: DELETED, not FAULT */
	char *notify_deleted_script;      /* notify_deleted SCRIPT (may be NULL) */

	char sync_group[64];              /* set by validation: member of this group */
	char vip_dev[16];                 /* set by validation: the interface, or default_interface */
};

/* vrrp_script NAME { ... } */
struct vrrp_script_conf {
	char name[64];
	char *script;                     /* command line */
	uint32_t interval_s;              /* default 1 */
	uint32_t timeout_s;               /* default = interval */
	bool timeout_set;                 /* given (2.2.7's dump shows 0 otherwise) */
	int32_t weight;                   /* -253..253, default 0 */
	bool reverse;
	uint32_t rise, fall;              /* default 1 */
	bool user_set;
	uid_t uid;                        /* resolved by validation */
	gid_t gid;
	char user[64], group[64];
	bool init_fail;
};

/* vrrp_track_file NAME { file PATH  weight W [reverse]  init_file [V] [overwrite] } */
struct vrrp_track_file_conf {
	char name[64];
	char *path;
	int32_t weight;                   /* default 1 */
	bool reverse;
	bool init_file;
	int32_t init_value;
	bool init_overwrite;
};

/* vrrp_track_process NAME { process P [ARGS] param_match weight quorum
 * quorum_max delay terminate_delay fork_delay full_command } */
enum track_param_match {
	TRACK_PARAM_EXACT = 0,    /* every parameter, and no more */
	TRACK_PARAM_PARTIAL,      /* the first n parameters */
	TRACK_PARAM_INITIAL,      /* ... and the last one may be longer */
};

struct vrrp_track_process_conf {
	char name[64];
	char **argv;                      /* process, then its parameters */
	size_t argc;
	bool param_match_set;             /* param_match given (no parameters = none allowed) */
	enum track_param_match param_match;
	int32_t weight;                   /* -254..254, default 1 */
	bool reverse;
	uint32_t quorum;                  /* default 1 */
	uint32_t quorum_max;              /* default UINT32_MAX */
	uint32_t fork_delay_ms;
	uint32_t terminate_delay_ms;
	bool full_command;
};

/* vrrp_sync_group NAME { group { I1 I2 } notify_* track_* smtp_alert ... } */
struct vrrp_sync_group_conf {
	char name[64];
	char **members;                   /* instance names */
	size_t n_members;
	struct conf_script notify_master, notify_backup, notify_fault, notify_stop, notify;
	struct track_ref *track_ifs;      /* copied into each member by validation */
	size_t n_track_ifs;
	struct track_ref *track_scripts;
	size_t n_track_scripts;
	struct track_ref *track_files;
	size_t n_track_files;
	struct track_ref *track_procs;
	size_t n_track_procs;
	struct track_ref *track_bfds;
	size_t n_track_bfds;
	bool smtp_alert;
	bool smtp_alert_set;              /* given in the group (else the global default) */
	bool tracking_weight;             /* sync_group_tracking_weight */
	bool notify_priority_changes;     /* default of its members (validation) */
	bool notify_priority_changes_set;
};

/* Top-level VRRP objects other than instances. */
/* track_group NAME { group { I1 I2 } } (top level): instances that track the
 * interfaces of the static items naming the group (vrrp_conf_track_group.c).
 * Configuration only: validation turns it into track_interface lines. */
struct static_track_group_conf {
	char name[64];
	char **members;
	size_t n_members;
	struct conf_origin origin;
};

/* `track_group NAME` on a static_ipaddress/static_routes/static_rules line:
 * the interface the group's instances track. Configuration only. */
struct static_track_ref {
	char group[64];
	char ifname[IFNAMSIZ];
	struct conf_origin origin;
};

/* An interface a static_* line names, and where: checked by validation
 * (an interface that does not exist is an error, as keepalived 2.2.7's
 * "Non-existent interface specified in configuration"). Configuration only. */
struct static_if_ref {
	char ifname[IFNAMSIZ];
	const char *block;        /* "static_ipaddress", ... (a literal) */
	struct conf_origin origin;
};

struct vrrp_objs_conf {
	struct vrrp_script_conf *scripts;
	size_t n_scripts;
	struct vrrp_track_file_conf *files;
	size_t n_files;
	struct vrrp_track_process_conf *procs;
	size_t n_procs;
	struct vrrp_sync_group_conf *groups;
	size_t n_groups;
	struct static_track_group_conf *track_groups;   /* not sent to the child */
	size_t n_track_groups;
	struct static_track_ref *static_tracks;          /* not sent to the child */
	size_t n_static_tracks;
	struct static_if_ref *static_ifs;                /* not sent to the child */
	size_t n_static_ifs;
};

/* A notify FIFO: path, and the script that reads it (may be NULL). */
struct notify_fifo_conf {
	char *path;                       /* NULL: none */
	char *script;
};

/* global_defs additions used by the VRRP child. */
struct vrrp_global_ext {
	struct notify_fifo_conf fifo;       /* notify_fifo (VRRP and checker) */
	struct notify_fifo_conf vrrp_fifo;  /* vrrp_notify_fifo */
	uint32_t garp_lower_prio_delay_s;   /* default: vrrp_garp_master_delay */
	uint32_t garp_lower_prio_repeat;    /* default: vrrp_garp_master_repeat */
	bool garp_lower_prio_delay_set, garp_lower_prio_repeat_set;
	bool lower_prio_no_advert;
	bool higher_prio_send_advert;
	bool notify_priority_changes;       /* vrrp_notify_priority_changes */
	bool fifo_write_states_on_reload;   /* fifo_write_vrrp_states_on_reload (vrrp_fifo_reload.c) */
	bool check_unicast_src;
	uint32_t startup_delay_ms;          /* vrrp_startup_delay */
	int32_t max_auto_priority;          /* 0 (or -1): off; 1..99 highest SCHED_RR priority */
	uint32_t min_auto_priority_delay_us; /* default 1 s */
	bool dynamic_interfaces;
	char default_interface[16];
	char *smtp_helo_name;
	bool smtp_alert, smtp_alert_vrrp;   /* global defaults */
	bool smtp_alert_set, smtp_alert_vrrp_set;
	bool smtp_alert_checker, smtp_alert_checker_set;   /* the checker's default */
	bool no_email_faults;               /* no VRRP mail for FAULT */
	bool no_checker_emails;             /* checker: mail only when a real server goes up or down */
	struct ka_addr smtp_addr;           /* smtp_server resolved by validation (family 0: none) */
	uint32_t smtp_port;                 /* default 25 */
	uint32_t garp_extra_s;              /* vrrp_garp_extra_if [all] SECONDS (0: off) */
	bool garp_extra_all;                /* its `all` */
	bool disable_local_igmp;            /* igmp_link_local_mcast_reports 0 while running (vrrp_igmp.c) */
};

/* ---- vrrp/vrrp_conf_ext.c ------------------------------------------------------- */
extern const struct conf_struct_desc track_ref_desc;
extern const struct conf_struct_desc unicast_peer_desc;
extern const struct conf_struct_desc vrrp_ext_conf_desc;
extern const struct conf_struct_desc vrrp_global_ext_desc;
extern const struct conf_struct_desc vrrp_script_conf_desc;
extern const struct conf_struct_desc vrrp_track_file_conf_desc;
extern const struct conf_struct_desc vrrp_sync_group_conf_desc;
extern const struct conf_struct_desc vrrp_track_process_conf_desc;

void vrrp_ext_conf_init(struct vrrp_ext_conf *e);
void vrrp_global_ext_init(struct vrrp_global_ext *g);
void vrrp_script_conf_init(struct vrrp_script_conf *s);
void vrrp_script_conf_free(struct vrrp_script_conf *s);
bool vrrp_script_conf_equal(const struct vrrp_script_conf *a, const struct vrrp_script_conf *b);
void vrrp_track_file_conf_free(struct vrrp_track_file_conf *f);
bool vrrp_track_file_conf_equal(const struct vrrp_track_file_conf *a, const struct vrrp_track_file_conf *b);
void vrrp_sync_group_conf_free(struct vrrp_sync_group_conf *g);
void vrrp_track_process_conf_init(struct vrrp_track_process_conf *p);
void vrrp_track_process_conf_free(struct vrrp_track_process_conf *p);
bool vrrp_track_process_conf_equal(const struct vrrp_track_process_conf *a, const struct vrrp_track_process_conf *b);
bool vrrp_sync_group_conf_equal(const struct vrrp_sync_group_conf *a, const struct vrrp_sync_group_conf *b);
void vrrp_objs_conf_free(struct vrrp_objs_conf *o);
/* Free the track groups and static track references (vrrp_conf_track_group.c). */
void static_track_groups_free(struct vrrp_objs_conf *o);

/* IPC_CONF_VRRP_OBJ records: emit(arg, w) once per vrrp_script, track_file
 * vrrp_track_process and vrrp_sync_group (in that order); vrrp_obj_decode() appends the object
 * of one record (the whole of r) to objs, or returns false (objs unchanged,
 * r->error set) on a malformed or unknown record. */
void vrrp_objs_encode_each(const struct vrrp_objs_conf *o, void (*emit)(void *arg, struct wbuf *w), void *arg);
bool vrrp_obj_decode(struct rbuf *r, struct vrrp_objs_conf *objs);

#endif
