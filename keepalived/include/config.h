/* config.h - the parsed configuration: plain typed structs.
 *
 * The parent builds a struct config from keepalived.conf (conf_parse.c),
 * validates it (conf_validate.c) and sends each child the part it needs as typed
 * messages (the field tables: core/conf_wire.c, vrrp/vrrp_conf_wire.c,
 * check/check_wire.c over core/conf_fields.c). Children never read the config file. After
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
#include <sys/socket.h>
#include <sys/types.h>

#include "conf_types.h"
#include "vrrp_ifdelay_conf.h"
#include "vrrp_l3_conf.h"

#include "vrrp_ext_conf.h"

/* ---- global_defs ----------------------------------------------------------- */

/* Who runs scripts when global_defs has no script_user (if that user
 * exists; otherwise root). */
#define DEFAULT_SCRIPT_USER "keepalived_script"

/* startup_script / shutdown_script SCRIPT [USER [GROUP]] and their
 * *_timeout SECONDS (default 10), run by the parent (parent_lifecycle.c). */
struct lifecycle_script {
	char *cmd;                         /* NULL = none */
	uint32_t timeout_s;
	bool user_set;                     /* else script_user's uid/gid */
	uid_t uid;                         /* resolved by the keyword */
	gid_t gid;
};

struct global_conf {
	char router_id[256];
	uint8_t vrrp_version;              /* default version for instances: 2 or 3 */
	uint8_t down_timer_adverts;        /* vrrp_down_timer_adverts: default 3 */
	struct in_addr vrrp_mcast_group4;  /* default 224.0.0.18 */
	struct in6_addr vrrp_mcast_group6; /* default ff02::12 */
	struct vrrp_fw_global fw;          /* vrrp_strict, nftables* (vrrp_l3_conf.h) */
	char net_namespace[65];            /* run in /run/netns/NAME (main.c); "" = here */
	bool has_net_namespace_ipvs;       /* net_namespace_ipvs [NAME]: the checker's IPVS socket is */
	char net_namespace_ipvs[65];       /* made in /run/netns/NAME, "" = /proc/1/ns/net
					    * (parent_files.c, check/check_child.c) */
	bool vrrp_skip_check_adv_addr;     /* default of skip_check_adv_addr */
	bool vrrp_owner_ignore_adverts;    /* default of owner_ignore_adverts (keepalived 2.3) */
	uint32_t garp_interval_us;         /* vrrp_garp_interval: between GARPs on an interface */
	uint32_t gna_interval_us;          /* vrrp_gna_interval: between NAs on an interface */
	struct vrrp_garp_groups garp_groups; /* garp_group { } blocks (vrrp_l3_conf.h) */
	struct vrrp_if_delays if_delays;   /* interface_up_down_delays { } (vrrp_ifdelay_conf.h) */
	char vmac_prefix[12];              /* vmac_prefix: default VMAC names PREFIX.VRID ("" = "vrrp");
					    * parse time only (the names go in the instances) */
	char vmac_addr_prefix[12];         /* vmac_addr_prefix: the same for use_vmac_addr's VMACs
					    * ("" = vmac_prefix); parse time only */
	bool process_names;                /* keepalived, keepalived_vrrp, keepalived_ipvs */
	char process_name[16];             /* the parent's name ("" = unchanged) */
	char vrrp_process_name[16];
	char checker_process_name[16];
	char bfd_process_name[16];
	struct vrrp_routes_conf statics;   /* static_ipaddress, static_routes, static_rules */
	uint32_t garp_master_delay_s;      /* default 5 */
	uint32_t garp_master_repeat;       /* default 5 */
	uint32_t garp_master_refresh_s;    /* default 0 = off */
	uint32_t garp_master_refresh_repeat; /* default 1 */
	bool enable_script_security;
	bool script_user_set;
	char script_user[64];
	char script_group[64];
	uid_t script_uid;                  /* resolved by validation (DEFAULT_SCRIPT_USER, else root) */
	gid_t script_gid;
	char **notification_email;         /* accepted; mail not sent yet */
	size_t n_notification_email;
	char *notification_email_from;
	char *smtp_server;                 /* "host [port]" as written */
	uint32_t smtp_connect_timeout_s;
	struct vrrp_global_ext ext;        /* FIFOs, lower-prio GARP, ... (vrrp_ext_conf.h) */
	struct lifecycle_script startup;   /* startup_script: before the children start */
	struct lifecycle_script shutdown;  /* shutdown_script: after they all stopped */
	char *reload_file;                 /* reload_file: "" = keepalived.reload beside the pid file */
	uint32_t child_wait_time_s;        /* child_wait_time (top level): stop grace, 0 = default (parent.c) */
};

/* ---- vrrp_instance: include/vrrp_conf.h, owned by vrrp/ --------------------- */
struct vrrp_instance_conf;

/* ---- checker (virtual servers) --------------------------------------------
 * Defined in check_conf.h, owned by the checker. */
struct vs_conf;
struct vsg_conf;
struct check_global_conf;
struct bfd_conf;

/* How the parent schedules a child (vrrp_priority, vrrp_rt_priority,
 * vrrp_rlimit_rttime, vrrp_cpu_affinity and their checker_ twins;
 * core/conf_sched.c, applied by core/parent_sched.c). */
#define PROC_SCHED_MAX_CPUS 256
struct proc_sched_conf {
	bool nice_set;
	int nice;                         /* -20..19 (not used with rt_priority, as keepalived) */
	unsigned rt_priority;             /* SCHED_RR priority; 0 = not realtime */
	uint32_t rlimit_rttime_us;        /* RLIMIT_RTTIME with rt_priority; 0 = 10000 (keepalived's) */
	uint64_t cpus[PROC_SCHED_MAX_CPUS / 64];  /* affinity; all 0 = unchanged */
	bool no_swap;                     /* *_no_swap: the child locks its memory at start */
};

/* ---- management interfaces (global_defs, core/conf_mgmt.c) ---------------------
 * The parent's alone: not part of struct global_conf's field table, so never
 * sent to a child (the HTTP password stays in the parent). */
struct mgmt_conf {
	char control_socket[108];         /* control_socket PATH; "" = the default, "none" = off */
	char control_group[64];           /* control_socket_group NAME */
	gid_t control_gid;                /* resolved; (gid_t)-1 when no group */
	char status_http[80];             /* status_http ADDR:PORT as written; "" = off */
	struct sockaddr_storage http_addr;/* resolved by validation */
	socklen_t http_addr_len;
	char http_user[64];               /* status_http_auth USER PASSWORD */
	char http_password[128];
	struct conf_origin http_origin;   /* where status_http was set */
	char reload_time_file[256];       /* reload_time_file PATH; "" = off (parent_reload_time.c) */
	bool reload_repeat;               /* reload_repeat: keep a time-only file, reload daily */
	char reload_check_log[256];       /* reload_check_config LOG_FILE; "" = none */
	bool reload_check_set;            /* reload_check_config given (the dump's line) */
	struct proc_sched_conf vrrp_sched;    /* vrrp_priority, vrrp_rt_priority, ... */
	struct proc_sched_conf checker_sched; /* checker_priority, ... */
	struct proc_sched_conf bfd_sched;     /* bfd_priority, ... */
	char instance[64];                /* instance NAME: pid files keepalived_NAME.pid... (main.c) */
	bool use_pid_dir;                 /* use_pid_dir: pid files in /run/keepalived/ (main.c) */
	bool data_use_instance;           /* data_use_instance: the .data dump files are named
					   * keepalived.NS_NAME.data ... (parent_dump.c) */
	bool umask_set;                   /* umask MASK: the parent's file creation mask, so its
					   * scripts' (parent_mgmt.c; -u wins) */
	mode_t umask_val;
};

/* ---- the whole configuration ------------------------------------------------- */

/* Whether a configuration holds a script, as config_load() found it: the
 * parent's script walks (allowed scripts, the census) skip a file that has
 * none. A configuration not made by config_load() is UNKNOWN (walked). */
enum conf_scripts { CONF_SCRIPTS_UNKNOWN = 0, CONF_SCRIPTS_NONE, CONF_SCRIPTS_SOME };

struct config {
	char path[256];                   /* the main file */
	enum conf_scripts scripts;        /* set by validation: see above */
	struct global_conf global;
	struct mgmt_conf mgmt;
	struct vrrp_instance_conf *vrrp;
	size_t n_vrrp;
	struct vrrp_objs_conf vrrp_objs;  /* vrrp_script, track_file, vrrp_sync_group */
	struct vs_conf *vs;               /* virtual_server blocks */
	size_t n_vs;
	struct vsg_conf *vsg;             /* virtual_server_group blocks */
	size_t n_vsg;
	struct check_global_conf *checker; /* global_defs lvs_*, SSL { } (check_conf.h); NULL = defaults */
	struct bfd_conf *bfd;             /* bfd_instance blocks (bfd_conf.h); NULL = none */
	unsigned parts_skipped;           /* CONF_PART_*: blocks not read (-P, -C: config_load_opts) */
};

/* Defaults for a fresh configuration (global_defs as if empty). */
void config_init(struct config *conf);
void config_free(struct config *conf);
/* config_free() for a forked child's inherited copy: the large arrays
 * (instances, virtual servers) are freed without zeroing their records
 * first, so the pages it shares with the parent are not copied just to be
 * freed (conf_fields_release()). */
void config_release(struct config *conf);
/* Free the heap strings of a global_conf (e.g. one decoded by conf_wire). */
void global_conf_free(struct global_conf *g);

/* ---- parse + validate (conf_parse.c, conf_validate.c) ---------------------------
 *
 * config_load() reads PATH (and its includes), fills CONF and validates it.
 * Every problem is reported through the log with "file:line: message";
 * parsing continues after an error so that all of them are shown.
 * Returns the number of errors (0 = usable). Warnings are not counted.
 * With check_only (-t), checks that depend on the running host (interface
 * exists) are warnings rather than errors.
 */
struct conf_host;
/* The parts of keepalived.conf (config_load_opts.skip_parts, conf_top_part()). */
enum { CONF_PART_VRRP = 1u << 0, CONF_PART_CHECK = 1u << 1 };
struct config_load_opts {
	bool check_only;
	const char *config_id;   /* for @ID lines; NULL = the host name up to the first dot */
	bool all_config;         /* -e: an include that matches no file is an error */
	int *warnings;           /* if not NULL: gets the number of warnings */
	const struct conf_host *host;   /* interfaces the checks see; NULL: the system (conf_host.h) */
	bool in_netns;           /* the process already runs where the file will (-s, a reload):
				  * the checks do not enter the file's net_namespace */
	unsigned skip_parts;     /* CONF_PART_*: the blocks of a process that does not run
				  * (-P: the checker's, -C: VRRP's) are not read, as keepalived
				  * 2.2.7's children do not read them; 0 for -t (it checks all) */
};
int config_load(struct config *conf, const char *path, const struct config_load_opts *opts);

#include "vrrp_conf.h"

#endif
