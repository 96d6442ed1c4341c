/* check_conf.h - virtual_server / virtual_server_group configuration.
 *
 * Filled by the keyword tables in check/check_keywords.c (parent), checked
 * and completed by check_conf_validate() (check/check_validate.c): after it,
 * every inheritable value (delay_loop, retry, connect_timeout, ...) has been
 * copied down from the virtual server to its real servers and from the real
 * servers to their checks, so the checker child reads final values only.
 * Sent to the checker child one virtual server per IPC_CONF_VS message,
 * encoded, validated, compared and freed through the field tables of
 * check/check_wire.c (conf_fields.h).
 *
 * Times are in milliseconds. Strings are heap-allocated and owned.
 */
#ifndef KA_CHECK_CONF_H
#define KA_CHECK_CONF_H

#include "conf_fields.h"
#include "config.h"
#include "wire.h"

#define CHECK_NFT_TABLE "keepalived_ipvs"   /* nftables_ipvs's default table */
#define CHECK_UNSET UINT32_MAX      /* "not given here: inherit" for u32 fields */

#define LVS_SCHED_MAX 16

enum vs_kind {
	VS_KIND_ADDR = 0,      /* virtual_server IP PORT */
	VS_KIND_FWMARK,        /* virtual_server fwmark N */
	VS_KIND_GROUP,         /* virtual_server group NAME */
};

enum lvs_method {
	LVS_METHOD_UNSET = 0,
	LVS_METHOD_NAT,
	LVS_METHOD_DR,
	LVS_METHOD_TUN,
};

/* Every check type, sorted by keyword: X(ID, name, KEYWORD). The type's
 * keyword block, field table and engine are check_<name>_block,
 * check_<name>_desc and check_ops_<name> in check/check_<name>*.c; its
 * configuration is a member of the union below. A new type: its file(s),
 * its struct in the union, one row here (check/check_types.c builds the
 * tables from this list). */
#define CHECK_TYPE_LIST(X) \
	X(CHECK_BFD, bfd, "BFD_CHECK") \
	X(CHECK_DNS, dns, "DNS_CHECK") \
	X(CHECK_FILE, file, "FILE_CHECK") \
	X(CHECK_HTTP, http, "HTTP_GET") \
	X(CHECK_MISC, misc, "MISC_CHECK") \
	X(CHECK_PING, ping, "PING_CHECK") \
	X(CHECK_SMTP, smtp, "SMTP_CHECK") \
	X(CHECK_SSL, ssl, "SSL_GET") \
	X(CHECK_TCP, tcp, "TCP_CHECK") \
	X(CHECK_UDP, udp, "UDP_CHECK")

#define CHECK_TYPE_ENUM(ID, name, kw) ID,
enum check_type {
	CHECK_NONE = 0,
	CHECK_TYPE_LIST(CHECK_TYPE_ENUM)
	CHECK_TYPE_END
};
#undef CHECK_TYPE_ENUM

/* url { path digest status_code virtualhost regex ... } */
struct url_conf {
	char *path;
	bool has_digest;
	uint8_t digest[16];               /* MD5 of the body */
	bool has_status;                  /* false: 200-299 */
	uint8_t status_bits[75];          /* bit n set = status n accepted (0..599) */
	char *virtualhost;                /* NULL: the check's */
	char *regex;                      /* PCRE2 pattern matched against the body; NULL = none */
	bool regex_no_match;              /* a match fails the check */
	uint32_t regex_options;           /* PCRE2 compile options (regex_options) */
	uint32_t regex_min_offset;        /* the match may not start before */
	uint32_t regex_max_offset;        /* 0 = no limit, else the last start allowed + 1 */
	uint32_t regex_stack_start, regex_stack_max;   /* JIT stack, 0 = default */
};

/* HTTP_GET, SSL_GET */
struct http_check_conf {
	struct url_conf *urls;
	size_t n_urls;
	char *virtualhost;                /* Host:, NULL = the rs/vs's (inherited) or the address */
	uint32_t protocol;                /* enum http_proto: 1.0 (default), 1.0C, 1.1 */
	bool fast_recovery;
	bool enable_sni;                  /* SSL_GET */
};

/* MISC_CHECK */
struct misc_check_conf {
	char *path;                       /* misc_path: the command line */
	uint32_t timeout_ms;              /* misc_timeout, default delay_loop */
	bool timeout_set;                 /* misc_timeout given (2.2.7's dump: 0 otherwise) */
	bool dynamic;                     /* misc_dynamic */
	bool user_set;                    /* user USER [GROUP]: run as them (else script_user) */
	uint32_t uid, gid;                /* MISC_NO_USER: the user named does not exist */
};
#define MISC_NO_USER UINT32_MAX

/* UDP_CHECK */
struct udp_check_conf {
	uint8_t *payload;                 /* NULL: keepalived's 32-byte default */
	uint32_t payload_len;
	bool require_reply;               /* false: no port unreachable within connect_timeout is enough */
	uint8_t *reply;                   /* require_reply HEX: the reply's first bytes (NULL = any data) */
	uint32_t reply_len;
	uint8_t *reply_mask;              /* bits to ignore (X nibbles), reply_len bytes; NULL = none */
	uint32_t reply_mask_len;
	uint32_t min_reply_len;           /* default 0 */
	uint32_t max_reply_len;           /* default 255 */
};

/* DNS_CHECK */
struct dns_check_conf {
	uint16_t qtype;                   /* default SOA */
	char *name;                       /* default "." */
};

/* SMTP_CHECK (its legacy host { } blocks become checks of their own) */
struct check_conf;
struct rs_conf;
struct smtp_check_conf {
	char *helo_name;                  /* default smtpchecker.keepalived.org */
	/* while parsing only (not sent, not compared): the real server and
	 * the host { } blocks seen, turned into checks at the block's end */
	struct rs_conf *rs;
	struct check_conf *hosts;
	size_t n_hosts;
};

/* FILE_CHECK: a top-level track_file, resolved by validation */
struct file_check_conf {
	char track_file[CONF_NAME_MAX];   /* the track_file block's name */
	char *path;                       /* its file (copied in by validation) */
	int32_t weight;                   /* default the track_file's weight */
	bool weight_set;
	bool reverse;
	bool dynamic;                     /* accepted: the weight is adjusted anyway */
	bool init_file;                   /* the track_file's init_file [VALUE] [overwrite] */
	int32_t init_value;
	bool init_overwrite;
};

/* BFD_CHECK { name NAME }: a bfd_instance sending its events to the checker. */
struct bfd_check_conf {
	char name[32];                    /* keepalived: at most 31 characters */
};

/* PING_CHECK has no options of its own. */
struct ping_check_conf {
	uint8_t unused;
};

/* Options every check type shares (after validation all are set) and the
 * type's own, selected by type. */
struct check_conf {
	enum check_type type;
	struct conf_origin origin;
	struct ka_addr connect_ip;        /* family 0 = the real server's */
	uint32_t connect_port;            /* CHECK_UNSET = the real server's */
	struct ka_addr bindto;            /* family 0 = any */
	uint32_t bind_port;               /* CHECK_UNSET = any */
	char bind_if[IFNAMSIZ];           /* SO_BINDTODEVICE, "" = none */
	uint32_t fwmark;                  /* SO_MARK on the check's packets, 0 = none */
	uint32_t connect_timeout_ms;      /* default 5 s */
	uint32_t retry;                   /* extra attempts after a failure before down */
	uint32_t delay_before_retry_ms;
	uint32_t delay_loop_ms;
	uint32_t warmup_ms;               /* random initial delay, max */
	uint32_t rise;                    /* successes to go up (ours; default 1) */
	uint32_t fall;                    /* failures to go down (ours; default retry+1) */
	uint32_t alpha;                   /* 0/1, CHECK_UNSET = inherit */
	bool log_all_failures;
	union {
		struct http_check_conf http;
		struct misc_check_conf misc;
		struct udp_check_conf udp;
		struct dns_check_conf dns;
		struct smtp_check_conf smtp;
		struct file_check_conf file;
		struct ping_check_conf ping;
		struct bfd_check_conf bfd;
	} u;
};

struct rs_conf {
	struct conf_origin origin;
	struct ka_addr addr;
	uint16_t port;
	int32_t weight;                   /* default 1 */
	bool weight_set;                  /* weight given (validation: else the vs's weight; not sent) */
	uint32_t u_threshold;             /* uthreshold: most connections, 0 = no limit */
	uint32_t l_threshold;             /* lthreshold: back in below this many */
	enum lvs_method method;           /* UNSET = the virtual server's */
	uint32_t inhibit_on_failure;      /* 0/1, CHECK_UNSET = the vs's */
	uint32_t alpha;                   /* 0/1, CHECK_UNSET = the vs's */
	struct conf_script notify_up;     /* SCRIPT [USER [GROUP]]; .cmd NULL when unset */
	struct conf_script notify_down;
	uint32_t smtp_alert;              /* 0/1, CHECK_UNSET = global default (check_smtp_alert.c) */
	char *virtualhost;
	/* defaults for this server's checks; CHECK_UNSET = the vs's */
	uint32_t connect_timeout_ms, retry, delay_before_retry_ms, delay_loop_ms, warmup_ms;
	uint32_t rise, fall;
	struct check_conf *checks;
	size_t n_checks;
};

struct vs_conf {
	char name[CONF_NAME_MAX + 32];    /* "10.0.0.1:80/TCP", "fwmark 1", "group G/TCP": the reload key */
	struct conf_origin origin;
	enum vs_kind kind;
	struct ka_addr addr;              /* VS_KIND_ADDR */
	uint16_t port;
	uint32_t fwmark;                  /* VS_KIND_FWMARK */
	sa_family_t fwmark_family;        /* ip_family, else (validation) the servers' family:
					   * the service's family (a group's fwmarks without one) */
	char group[CONF_NAME_MAX];        /* VS_KIND_GROUP */
	uint16_t protocol;                /* IPPROTO_TCP (default), IPPROTO_UDP, IPPROTO_SCTP */
	char sched[LVS_SCHED_MAX];        /* default "wlc" (keepalived's) */
	uint32_t sched_flags;             /* IP_VS_SVC_F_SCHED* (sh-port ...) */
	bool ops;                         /* one-packet scheduling */
	enum lvs_method method;           /* default NAT */
	bool persistent;                  /* persistence_timeout given */
	uint32_t persistence_timeout_s;   /* default 360 when given without value */
	uint32_t persistence_netmask;     /* IPv4 netmask (network order) or IPv6 prefix len; 0 = unset */
	char pe_name[16];                 /* persistence_engine (IPVS: "sip"); "" = none */
	bool ha_suspend;
	char *virtualhost;
	bool alpha;
	bool omega;
	uint32_t quorum;                  /* default 1 */
	uint32_t hysteresis;              /* default 0 */
	uint32_t weight;                  /* weight: of its real servers without one; 0 = unset
					   * (validation fills them in; not sent) */
	struct conf_script quorum_up;     /* SCRIPT [USER [GROUP]]; .cmd NULL when unset */
	struct conf_script quorum_down;
	uint32_t smtp_alert;              /* 0/1, CHECK_UNSET = global default (check_smtp_alert.c) */
	bool has_sorry;
	struct rs_conf sorry;             /* sorry_server (no checks) */
	bool sorry_server_inhibit;
	bool inhibit_on_failure;
	/* defaults for the checks */
	uint32_t connect_timeout_ms;      /* default 5000 */
	uint32_t retry;                   /* CHECK_UNSET = per check type default */
	uint32_t delay_before_retry_ms;   /* CHECK_UNSET = per check type default */
	uint32_t delay_loop_ms;           /* default 60000 */
	uint32_t warmup_ms;               /* CHECK_UNSET = delay_loop */
	uint32_t rise, fall;
	struct rs_conf *rs;
	size_t n_rs;
};

enum vsg_entry_kind {
	VSGE_ADDR = 0,                    /* IP [PORT] and ranges */
	VSGE_FWMARK,
};

struct vsg_entry {
	enum vsg_entry_kind kind;
	struct ka_addr addr;              /* first address */
	uint32_t count;                   /* addresses in the range (1 = single) */
	uint16_t port;
	uint32_t fwmark;
	sa_family_t fwmark_family;        /* 0 unless given: the virtual server's */
	struct conf_origin origin;
};

struct vsg_conf {
	char name[CONF_NAME_MAX];
	struct conf_origin origin;
	struct vsg_entry *entries;
	size_t n_entries;
};

/* lvs_sync_daemon IFACE [[inst] INSTANCE] [id N] [maxlen N] [port N] [ttl N] [group ADDR] */
struct lvs_sync_conf {
	bool enabled;
	char ifname[IFNAMSIZ];
	char instance[CONF_NAME_MAX];     /* "" = master and backup always */
	uint32_t syncid;                  /* CHECK_UNSET until validation: the instance's VRID, else 0 */
	uint32_t maxlen, port, ttl;       /* 0 = the kernel's default */
	struct ka_addr group;             /* family 0 = 224.0.0.81 */
	struct conf_origin origin;
};

/* The checker's settings outside virtual servers: global_defs lvs_* and
 * the top-level SSL { } block. One IPC_CONF_CHECK record, before the
 * virtual servers (check_wire.c); parsed by check_kw_global.c. */
struct check_global_conf {
	struct lvs_sync_conf sync;
	bool flush;                       /* lvs_flush: empty IPVS at start */
	bool flush_onstop;                /* lvs_flush_onstop: empty IPVS at stop */
	bool flush_onstop_vs;             /* ... VS: only our services, at once */
	uint32_t timeout_tcp, timeout_tcpfin, timeout_udp;   /* lvs_timeouts; 0 = unchanged */
	char *notify_fifo;                /* lvs_notify_fifo */
	char *notify_fifo_script;         /* lvs_notify_fifo_script */
	bool no_vrrp_instance;            /* validation: no vrrp_instance configured */
	bool vs_ignored;                  /* validation: a virtual server was ignored (no real server):
					   * the checker runs without one, as 2.2.7's (parent.c) */
	bool rs_init_notifies;            /* rs_init_notifies: notify_up for servers that start up */
	bool nft_ipvs;                    /* nftables_ipvs [TABLE]: a group's addresses get a fwmark */
	char nft_table[32];               /*   its table, default CHECK_NFT_TABLE (check_nft.c) */
	int32_t nft_priority;             /* nftables_ipvs_priority, default -1 */
	uint32_t nft_start_fwmark;        /* nftables_ipvs_start_fwmark, default 1000 */
	bool has_ssl;                     /* SSL { } given */
	struct conf_origin ssl_origin;
	char *ssl_password, *ssl_ca, *ssl_certificate, *ssl_key;
	/* The contents of those files (PEM text), read by the parent (root)
	 * when it validates a configuration to run, so the checker, which may
	 * not be able to open root's 0600 files, builds its TLS context from
	 * memory; NULL when the file is not set or could not be read. */
	char *ssl_ca_pem, *ssl_certificate_pem, *ssl_key_pem;
};
extern const struct conf_struct_desc check_global_conf_desc;
/* config->checker, made on first use. */
struct check_global_conf *check_global_of(struct config *conf);
void check_global_conf_init(struct check_global_conf *g);
/* lvs_sync_daemon_interface IF in vrrp_instance `instance` (a[0..1]): keepalived's
 * deprecated spelling of "lvs_sync_daemon IF inst INSTANCE" in global_defs, which
 * wins when it is given too. Called by the vrrp_instance keyword table. */
struct conf_ctx;
struct conf_args;
void check_conf_instance_sync_daemon(struct conf_ctx *c, const struct conf_args *a, const char *instance);

/* The capabilities (PRIV_CAP() bits, privdrop.h) the checker needs for
 * conf besides NET_ADMIN and NET_RAW: NET_BIND_SERVICE when a check binds
 * a source port below 1024. */
uint64_t check_conf_caps(const struct config *conf);

/* The IPC_FILE_FD key of the generic netlink socket the parent makes in the
 * net_namespace_ipvs namespace (core/parent_files.c), with every
 * configuration stream when net_namespace_ipvs is set. */
#define CHECK_IPVS_SOCKET_KEY "<ipvs netlink>"
/* The same for nftables_ipvs: a NETLINK_NETFILTER socket made there (the
 * table goes where IPVS is, as keepalived 2.2.7 makes it). */
#define CHECK_NFT_SOCKET_KEY "<ipvs nftables>"
/* Free config->vs / config->vsg and everything they own. */
void check_conf_free(struct config *conf);
void vs_conf_free(struct vs_conf *vs);
void vsg_conf_free(struct vsg_conf *vsg);
/* Fill a fresh virtual server / real server / check with "unset" markers and defaults. */
void vs_conf_init(struct vs_conf *vs);
void rs_conf_init(struct rs_conf *rs);
void check_conf_init(struct check_conf *chk, enum check_type type);
/* Wire encoding for IPC_CONF_VS / IPC_CONF_VSG. decode returns false on a bad
 * record (and leaves nothing to free). */
void vs_conf_encode(const struct vs_conf *vs, struct wbuf *w);
bool vs_conf_decode(struct rbuf *r, struct vs_conf *vs);
void vsg_conf_encode(const struct vsg_conf *vsg, struct wbuf *w);
bool vsg_conf_decode(struct rbuf *r, struct vsg_conf *vsg);
/* The checker's configuration stream: IPC_CONF_CHECK, IPC_CONF_VSG*, then
 * for each virtual server IPC_CONF_VS (without its real servers) followed
 * by one IPC_CONF_RS per real server, so that thousands of real servers
 * never make a record larger than IPC_MAX_MSG. emit is called per record. */
void check_conf_send(const struct config *conf, void (*emit)(void *arg, uint32_t type, const struct wbuf *w),
		     void *arg);
bool rs_conf_decode(struct rbuf *r, struct rs_conf *rs);
bool check_global_conf_decode(struct rbuf *r, struct check_global_conf *g);
/* One real server (with its checks) as bytes. */
void rs_conf_encode(const struct rs_conf *rs, struct wbuf *w);
/* Every configured field equal (origin ignored), checks included. */
bool rs_conf_equal(const struct rs_conf *a, const struct rs_conf *b);
bool vs_conf_equal(const struct vs_conf *a, const struct vs_conf *b);

/* The field tables (check/check_wire.c): they drive encoding, decoding,
 * equality and freeing. A new field needs one row there. */
extern const struct conf_struct_desc url_conf_desc, check_conf_desc, rs_conf_desc, vs_conf_desc,
	vsg_entry_desc, vsg_conf_desc;
/* Each type's own field table (the variant of check_conf.u). */
#define CHECK_TYPE_DESC(ID, name, kw) extern const struct conf_struct_desc check_##name##_desc;
CHECK_TYPE_LIST(CHECK_TYPE_DESC)
#undef CHECK_TYPE_DESC
/* Cross-object checks after parsing (e.g. a "group" naming no group), and
 * inheritance of defaults down to every check. Returns the number of
 * errors; the warnings it logs are added to *warnings. */
int check_conf_validate(struct config *conf, bool check_only, int *warnings);

/* Names of schedulers / methods / protocols (for dumps and messages). */
bool lvs_sched_valid(const char *name);
const char *lvs_method_name(enum lvs_method m);
const char *check_type_name(enum check_type t);
const char *vs_protocol_name(uint16_t proto);
/* An endpoint (address, port) as a fixed-size key for lib/keyidx: two keys
 * are byte-equal exactly when ka_addr_eq() and the ports are equal. */
struct ka_ep_key {
	uint16_t family, port;
	uint8_t addr[16];
};
const struct ka_ep_key *ka_ep_key(const struct ka_addr *a, uint16_t port, struct ka_ep_key *k);
/* "10.0.0.1", "[2001:db8::1]" style address printing into buf. */
const char *ka_addr_str(const struct ka_addr *a, char *buf, size_t size);
/* Status code acceptance for a url (default 200-299). */
bool url_status_ok(const struct url_conf *u, unsigned status);

#endif
