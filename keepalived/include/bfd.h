/* bfd.h - the BFD child process (keepalived_bfd), shared by its files:
 *
 *   bfd/bfd_child.c    entry point, the parent protocol (child_ipc.c), reload
 *                      by difference (keyed by instance name)
 *   bfd/bfd_session.c  one session: its socket, transmit and detection
 *                      timers, a received packet through the FSM
 *   bfd/bfd_net.c      the listening socket (UDP 3784, IPv4 and IPv6), the
 *                      receive path: TTL/GTSM check, finding the session
 *   bfd/bfd_dump.c     the USR1/USR2/JSON dumps
 *
 * Protocol code without I/O is in bfd_proto.h, the configuration in
 * bfd_conf.h.
 */
#ifndef KA_BFD_H
#define KA_BFD_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "bfd_conf.h"
#include "bfd_proto.h"
#include "loop.h"

struct bfd_child;
struct child_ipc;

/* One running session (one bfd_instance). */
struct bfd_session {
	struct bfd_session *next;
	struct bfd_child *child;
	struct bfd_instance_conf conf;
	int fd;                        /* bound to the source port (49152-65535); -1 = none */
	uint16_t src_port;
	uint32_t local_discr, remote_discr;
	enum bfd_state state, remote_state;
	uint8_t diag, remote_diag;
	uint32_t remote_min_tx_us, remote_min_rx_us;
	uint8_t remote_mult;           /* 0 = nothing heard since the last detection timeout */
	bool remote_demand;
	bool poll;                     /* a poll sequence is under way (we set P) */
	struct bfd_hold hold;          /* values in use until that sequence ends (6.8.3) */
	bool heard;                    /* a packet was received (passive mode starts sending) */
	struct bfd_timers t;
	struct ev_timer tx_timer, detect_timer;
	uint64_t last_rx_us;           /* mono_now_us() of the last valid packet; 0 = never */
	double last_change_wall;       /* when the state last changed */
	uint64_t n_tx, n_rx, n_rx_bad, n_up, n_down, n_tx_err;
};

struct bfd_child {
	struct loop *loop;
	struct child_ipc *ipc;
	int fd_in;                     /* UDP 3784, dual stack (or IPv4 only); -1 = none */
	bool fd_in_tried;
	struct bfd_session *sessions;
	struct bfd_instance_conf *staged;   /* the stream being received */
	size_t n_staged;
	bool stopped;
	uint64_t n_rx_unknown;         /* packets for no session */
	uint64_t n_rx_bad;             /* malformed or failing the session-less checks */
};

/* bfd_session.c */
/* A new session for conf, started (Down; sending unless passive). */
struct bfd_session *bfd_session_new(struct bfd_child *c, const struct bfd_instance_conf *conf);
/* A changed configuration with the same neighbour, source and TTL: the new
 * intervals and multiplier are advertised (a poll sequence when Up). */
void bfd_session_update(struct bfd_session *s, const struct bfd_instance_conf *conf);
/* The session is removed or we stop: one AdminDown packet, then freed. */
void bfd_session_stop(struct bfd_session *s);
/* A packet that passed bfd_pkt_parse() and the TTL check, for s. */
void bfd_session_rx(struct bfd_session *s, const struct bfd_pkt *p);
/* A new, unused, non-zero local discriminator. */
uint32_t bfd_new_discr(const struct bfd_child *c);

/* bfd_net.c */
/* Open the listening socket once (needs CAP_NET_BIND_SERVICE: called from
 * the first configuration's apply, before the privileges are dropped). */
void bfd_net_listen(struct bfd_child *c);
void bfd_net_close(struct bfd_child *c);
/* The socket a session sends from: bound to its source address (or any)
 * and a free port in 49152-65535, TTL/hop limit set. -1 on failure (logged
 * unless quiet: the session tries again at each transmit time). */
int bfd_net_open_out(const struct bfd_instance_conf *conf, uint16_t *port, bool quiet);
/* Send len bytes of buf from s's socket to its neighbour's port 3784. */
bool bfd_net_send(const struct bfd_session *s, const uint8_t *buf, size_t len);

/* bfd_dump.c: the text of a dump of that kind (ipc.h), heap. */
char *bfd_dump(const struct bfd_child *c, uint32_t kind, size_t *len);
void bfd_clear_stats(struct bfd_child *c);

/* bfd_child.c: a session changed state (logged there, reported to the parent). */
void bfd_child_state_changed(struct bfd_child *c, const struct bfd_session *s);

#endif
