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

enum check_type {
	CHECK_TCP = 1,
	CHECK_HTTP,
	CHECK_SSL,
	CHECK_MISC,
	CHECK_UDP,
};

/* url { path digest status_code virtualhost } */
struct url_conf {
	char *path;
	bool has_digest;
	uint8_t digest[16];               /* MD5 of the body */
	bool has_status;                  /* false: 200-299 */
	uint8_t status_bits[75];          /* bit n set = status n accepted (0..599) */
	char *virtualhost;                /* NULL: the check's */
};

/* Options every check type shares (after validation all are set). */
struct check_conf {
	enum check_type type;
	struct conf_origin origin;
	struct ka_addr connect_ip;        /* family 0 = the real server's */
	uint32_t connect_port;            /* CHECK_UNSET = the real server's */
	struct ka_addr bindto;            /* family 0 = any */
	uint32_t bind_port;               /* CHECK_UNSET = any */
	uint32_t connect_timeout_ms;      /* default 5 s */
	uint32_t retry;                   /* extra attempts after a failure before down */
	uint32_t delay_before_retry_ms;
	uint32_t delay_loop_ms;
	uint32_t warmup_ms;               /* random initial delay, max */
	uint32_t rise;                    /* successes to go up (ours; default 1) */
	uint32_t fall;                    /* failures to go down (ours; default retry+1) */
	uint32_t alpha;                   /* 0/1, CHECK_UNSET = inherit */
	char *virtualhost;                /* HTTP/SSL Host:, NULL = rs/vs's or the address */
	struct url_conf *urls;            /* HTTP_GET / SSL_GET */
	size_t n_urls;
	bool enable_sni;                  /* SSL_GET */
	char *misc_path;                  /* MISC_CHECK command line */
	uint32_t misc_timeout_ms;         /* default delay_loop */
	bool misc_dynamic;
	/* UDP_CHECK */
	uint8_t *udp_payload;             /* the datagram sent; NULL = an empty one */
	uint32_t udp_payload_len;
	bool udp_require_reply;           /* false: no port unreachable within connect_timeout is enough */
	uint8_t *udp_reply;               /* a reply must start with these bytes (NULL = any reply) */
	uint32_t udp_reply_len;
	uint32_t udp_min_reply_len;       /* CHECK_UNSET = no bound */
	uint32_t udp_max_reply_len;       /* CHECK_UNSET = no bound */
};

struct rs_conf {
	struct conf_origin origin;
	struct ka_addr addr;
	uint16_t port;
	int32_t weight;                   /* default 1 */
	enum lvs_method method;           /* UNSET = the virtual server's */
	uint32_t inhibit_on_failure;      /* 0/1, CHECK_UNSET = the vs's */
	uint32_t alpha;                   /* 0/1, CHECK_UNSET = the vs's */
	char *notify_up;
	char *notify_down;
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
	sa_family_t fwmark_family;        /* ip_family; default AF_INET */
	char group[CONF_NAME_MAX];        /* VS_KIND_GROUP */
	uint16_t protocol;                /* IPPROTO_TCP (default), IPPROTO_UDP, IPPROTO_SCTP */
	char sched[LVS_SCHED_MAX];        /* default "wlc" (keepalived's) */
	uint32_t sched_flags;             /* IP_VS_SVC_F_SCHED* (sh-port ...) */
	bool ops;                         /* one-packet scheduling */
	enum lvs_method method;           /* default NAT */
	bool persistent;                  /* persistence_timeout given */
	uint32_t persistence_timeout_s;   /* default 360 when given without value */
	uint32_t persistence_netmask;     /* IPv4 netmask (network order) or IPv6 prefix len; 0 = unset */
	bool ha_suspend;
	char *virtualhost;
	bool alpha;
	bool omega;
	uint32_t quorum;                  /* default 1 */
	uint32_t hysteresis;              /* default 0 */
	char *quorum_up;
	char *quorum_down;
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
	sa_family_t fwmark_family;        /* AF_INET unless given */
	struct conf_origin origin;
};

struct vsg_conf {
	char name[CONF_NAME_MAX];
	struct conf_origin origin;
	struct vsg_entry *entries;
	size_t n_entries;
};

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
/* One real server (with its checks) as bytes. */
void rs_conf_encode(const struct rs_conf *rs, struct wbuf *w);
/* Every configured field equal (origin ignored), checks included. */
bool rs_conf_equal(const struct rs_conf *a, const struct rs_conf *b);
bool vs_conf_equal(const struct vs_conf *a, const struct vs_conf *b);

/* The field tables (check/check_wire.c): they drive encoding, decoding,
 * equality and freeing. A new field needs one row there. */
extern const struct conf_struct_desc url_conf_desc, check_conf_desc, rs_conf_desc, vs_conf_desc,
	vsg_entry_desc, vsg_conf_desc;
/* Cross-object checks after parsing (e.g. a "group" naming no group), and
 * inheritance of defaults down to every check. Returns the number of errors. */
int check_conf_validate(struct config *conf, bool check_only);

/* Names of schedulers / methods / protocols (for dumps and messages). */
bool lvs_sched_valid(const char *name);
const char *lvs_method_name(enum lvs_method m);
const char *check_type_name(enum check_type t);
const char *vs_protocol_name(uint16_t proto);
/* Same family and address (ignores padding). */
bool ka_addr_eq(const struct ka_addr *a, const struct ka_addr *b);
/* "10.0.0.1", "[2001:db8::1]" style address printing into buf. */
const char *ka_addr_str(const struct ka_addr *a, char *buf, size_t size);
/* Status code acceptance for a url (default 200-299). */
bool url_status_ok(const struct url_conf *u, unsigned status);

#endif
