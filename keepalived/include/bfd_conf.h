/* bfd_conf.h - the bfd_instance blocks of keepalived.conf (keepalived 2.2's
 * "BFD CONFIGURATION"), owned by keepalived/bfd/:
 *
 *   bfd/bfd_conf.c   the keyword table of bfd_instance { } and its checks,
 *                    with keepalived 2.2.7's messages
 *   bfd/bfd_wire.c   the field table: IPC_CONF_BFD records, reload's
 *                    comparison, freeing
 *
 * The parent parses them into struct config's bfd (NULL when the file has
 * none) and sends one IPC_CONF_BFD record per instance to the BFD child.
 */
#ifndef KA_BFD_CONF_H
#define KA_BFD_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf_fields.h"
#include "conf_types.h"

/* keepalived's limits (the name buffer holds 31 characters). */
#define BFD_NAME_MAX        32
#define BFD_MINRX_DEFAULT_US    10000u
#define BFD_MINTX_DEFAULT_US    10000u
#define BFD_IDLETX_DEFAULT_US 1000000u
#define BFD_MULT_DEFAULT        5u
#define BFD_TTL_V4_DEFAULT    255u
#define BFD_HOPLIMIT_V6_DEFAULT 64u

/* One bfd_instance NAME { ... }. Intervals in microseconds. */
struct bfd_instance_conf {
	char name[BFD_NAME_MAX];
	struct conf_origin origin;
	struct ka_addr neighbor;      /* neighbor_ip / neighbour_ip */
	struct ka_addr source;        /* source_ip; family 0 = the kernel chooses */
	uint32_t min_rx_us;           /* Required Min RX Interval */
	uint32_t min_tx_us;           /* Desired Min TX Interval while Up */
	uint32_t idle_tx_us;          /* Desired Min TX Interval while not Up */
	uint8_t multiplier;           /* Detect Mult */
	bool passive;                 /* wait for the neighbour's first packet */
	uint8_t ttl;                  /* outgoing TTL / hop limit (ttl, hoplimit) */
	int16_t max_hops;             /* -1..255: accepted TTL reduction; 255 = not checked */
	int16_t weight;               /* -253..253: default weight of track_bfd */
	bool weight_reverse;
	bool to_vrrp, to_checker;     /* which children get its up/down events */
};

/* The configuration's bfd_instance blocks, in file order. */
struct bfd_conf {
	struct bfd_instance_conf *inst;
	size_t n;
};

extern const struct conf_struct_desc bfd_instance_conf_desc;

/* keepalived's defaults for a new instance named name. */
void bfd_instance_conf_init(struct bfd_instance_conf *b, const char *name);
/* Free conf (and what it holds); NULL is fine. */
void bfd_conf_free(struct bfd_conf *conf);
/* The instance called name, or NULL. */
const struct bfd_instance_conf *bfd_conf_find(const struct bfd_conf *conf, const char *name);

/* a as text without brackets (keepalived's form), into buf. */
const char *bfd_addr_str(const struct ka_addr *a, char *buf, size_t size);

/* ---- sessions' states as their receivers keep them (bfd/bfd_states.c) ----
 * The VRRP child (track_bfd) and the checker (BFD_CHECK) get IPC_BFD_STATE
 * records (str name, u32 enum bfd_state) and keep the last state by name. */
struct bfd_state_entry;
struct bfd_states {
	struct bfd_state_entry *e;
	size_t n;
};
struct rbuf;
/* Decode one IPC_BFD_STATE payload; false when malformed. */
bool bfd_state_decode(struct rbuf *r, char name[BFD_NAME_MAX], uint32_t *state);
/* Record name's state; true when it is new or differs from the last one. */
bool bfd_states_set(struct bfd_states *t, const char *name, uint32_t state);
/* name's last state (enum bfd_state), or -1 when never heard of. */
int bfd_states_get(const struct bfd_states *t, const char *name);
void bfd_states_free(struct bfd_states *t);

/* The parser's block (bfd/bfd_conf.c), opened by conf_top.c's row. */
struct conf_block;
struct conf_ctx;
struct conf_args;
extern const struct conf_block conf_bfd_block;
void *conf_open_bfd(struct conf_ctx *ctx, void *parent, const struct conf_args *args);

#endif
