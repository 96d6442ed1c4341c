/* vrrp.h - the VRRP child's runtime objects.
 *
 *   struct vrrp_ctx       the child: its loop, its parent channel, the
 *                         interfaces and instances, the script policy
 *   struct vrrp_iface     one per interface: the protocol-112 socket shared
 *                         by the instances on it
 *   struct vrrp_instance  one vrrp_instance block: its configuration, its
 *                         state (written only by vrrp_set_state()), timers
 *                         and counters
 */
#ifndef KA_VRRP_H
#define KA_VRRP_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "bfd_conf.h"
#include "config.h"
#include "loop.h"
#include "script.h"
#include "vrrp_fsm.h"
#include "vrrp_packet.h"
#include "vrrp_track.h"

struct child_ipc;
struct netif;
struct vip_nl;
struct vrrp_ctx;
struct vrrp_instance;
struct vrrp_tracker;
struct vrrp_sync;
struct vrrp_fifo;

/* An instance's view of one tracker (vrrp_tracker.c). */
struct vrrp_track_link {
	struct vrrp_tracker *t;
	int32_t weight;
	bool reverse;
	bool dump_zero;           /* track_ref.dump_zero */
	bool from_group;          /* track_ref.from_group */
	bool implicit;            /* track_ref.implicit */
};

struct vrrp_stats {
	uint64_t adverts_rcvd;
	uint64_t adverts_sent;
	uint64_t became_master;
	uint64_t released_master;
	uint64_t prio0_rcvd;
	uint64_t prio0_sent;
	uint64_t not_a_peer;                     /* unicast: source is no unicast_peer */
	uint64_t lower_prio_rcvd;                /* MASTER: adverts of a lower priority */
	uint64_t rx_errors[VRRP_RX_RESULT_MAX];  /* indexed by enum vrrp_rx_result */
};

struct vrrp_iface {
	struct vrrp_iface *next;
	struct vrrp_ctx *ctx;
	char name[IFNAMSIZ];
	char vrf[IFNAMSIZ];      /* no name: the unbound socket is bound to this VRF ("" none) */
	unsigned ifindex;        /* of the open socket; 0 when closed */
	int fd;                  /* -1 when closed */
	sa_family_t family;      /* AF_INET, or AF_INET6 (vrrp_ipv6.c) */
	struct in_addr group;
	struct in6_addr group6;  /* IPv6 */
	struct vrrp_instance *by_vrid[256];   /* the instance of each VRID here */
	uint8_t vrid_shared[32]; /* bit set: several unicast instances have that VRID here */
	int proto;               /* 112, or 51 for AH authentication */
	uint64_t drop_window_end;  /* vrrp_iface_drop_log(): the current second */
	uint32_t drop_logged, drop_unlogged;
	uint64_t read_empty_us;  /* loop time before a read that emptied the socket: every
				  * packet that came before it is handled (0: none yet) */
};

struct vrrp_instance {
	struct vrrp_instance *next;
	struct vrrp_ctx *ctx;
	struct vrrp_instance_conf conf;
	struct vrrp_iface *iface;

	enum vrrp_state state;          /* only vrrp_set_state() writes it */
	uint8_t effective_priority;
	uint32_t master_adver_int_cs;   /* v3: learned from the master */
	struct in_addr src_addr;        /* our advert source */
	struct in_addr master_addr;     /* who we last saw as master */
	struct in6_addr src6;           /* IPv6 instances: our link-local source (:: = none yet) */
	struct in6_addr master6;        /* IPv6 instances: the master's source */
	unsigned vmac_ifindex;          /* use_vmac: the macvlan, once made (0 before) */
	bool vips_seen;                 /* MASTER: every tracked VIP was seen installed */
	uint8_t master_priority;
	/* The last master heard (follow_master()), never cleared: keepalived
	 * 2.2.7's dumps show it in every later state (its master_saddr and
	 * master_priority), where master_* above are the current master's. */
	struct in_addr heard_addr;
	struct in6_addr heard6;
	uint8_t heard_priority;
	uint64_t preempt_time_us;       /* preempt_delay bookkeeping */
	uint64_t entered_state_us;
	double entered_state_wall;      /* the same moment, seconds since the epoch (status) */
	enum vrrp_state last_from;      /* the last transition: from, and the event (status) */
	enum vrrp_event last_event;
	bool transitioned;              /* any transition yet */

	struct ev_timer adver_timer;    /* MASTER: next advert */
	struct ev_timer down_timer;     /* BACKUP: Master_Down_Timer */
	uint64_t down_from_us;          /* when it was last (re)started: it ends there + the interval */
	bool down_skew_only;            /* after a priority-0 advert: the skew time, not the interval */
	struct ev_timer garp_delay_timer;
	struct ev_timer garp_refresh_timer;
	uint16_t ip_id;

	struct script_tally *notify_scripts;
	struct vrrp_stats stats;
	uint32_t addr_mismatch_sig;     /* last mismatched (peer, list) logged; 0 = none */
	bool owner_drop_logged;         /* owner_ignore_adverts: the first dropped advert was logged */

	bool vips_added;                /* this process asked for its VIPs once (vrrp_batch.c) */
	uint32_t garp_rounds;           /* GARP rounds still to send (vrrp_batch.c) */
	struct vrrp_instance *garp_next;
	bool garp_queued;
	uint32_t garp_pos;              /* vrrp_garp_interval: next address of the round */
	/* tracking (vrrp_tracker.c) */
	struct vrrp_track_link *tracks;
	size_t n_tracks;
	bool own_fault;                 /* link, a tracker, or no unicast peer */
	bool scripts_pending;           /* a weight-0 vrrp_script has no first result yet */
	bool start_held;                /* kept in INIT by scripts_pending (see vrrp_instance_start()) */
	bool start_assessed;            /* vrrp_instance_assess() ran for the coming vrrp_instance_start() */
	bool wants_master;              /* BACKUP whose Master_Down_Timer ran out but whose sync group
					 * holds it (keepalived 2.2.7's wantstate MASTER) */
	bool held_at_start;             /* start_held was set once (the dump's Wantstate) */
	bool deleted;                   /* removed by a reload: its STOP is announced as keepalived's FAULT/DELETED */
	const char *fault_reason;       /* static text, for logs and dumps */
	struct vrrp_sync *sync;         /* its sync group, or NULL */
	struct ev_timer garp_lower_timer; /* garp_lower_prio_delay */
	struct ev_timer garp_extra_timer; /* garp_extra_if (vrrp_garp_extra.c) */
	uint64_t addr_vmacs_made;       /* use_vmac_addr: bit i = VMAC i made or checked (vrrp_l3.c) */
	uint32_t ah_seq;                /* AH: last sequence number sent */
	uint32_t ah_rx_seq;             /* AH: last one accepted from ah_rx_src */
	struct in_addr ah_rx_src;
	bool resume_narrow;             /* its record lists old addresses too (vrrp_resume.c) */
	bool csum_old;                  /* VRRPv3 IPv4: the pre-1.3.6 checksum (vrrp_csum_compat.c) */
};

struct vrrp_ctx {
	struct loop *loop;
	struct child_ipc *ipc;          /* the parent protocol */
	struct global_conf global;
	struct script_policy script_policy;
	struct vrrp_instance *instances;
	struct vrrp_iface *ifaces;
	struct netif *netif;            /* interfaces and addresses (cache) */
	struct vip_nl *vipnl;           /* VIP requests, sent in batches */
	struct vrrp_nft *nft;           /* no_accept drop table, made on first use (vrrp_nft.h) */
	struct ev_task batch_task;      /* end of turn: VIP batch, GARP slice */
	struct vrrp_instance *garp_head, *garp_tail;
	unsigned garp_streak;   /* rounds the first in line sent in a row (vrrp_batch.c) */
	struct ev_timer garp_pace_timer; /* vrrp_garp/gna_interval: resume the rounds */
	struct garp_pace *pace;         /* per interface: when the next frame may go */
	size_t n_pace;
	struct promote_saved *promoted; /* promote_secondaries: values to put back at exit */
	size_t n_promoted;
	bool stopping;
	bool dont_release;              /* -V: stopping leaves VIPs, sends no priority 0 */
	bool log_addresses;             /* -a */

	struct vrrp_tracker *trackers;  /* vrrp_tracker.c */
	struct vrrp_ifdebounce *debounce; /* vrrp_ifdelay.c: interfaces with up/down delays */
	bool *statics_seen;             /* per static address: seen installed (vrrp_statics_reinstate) */
	struct route_watch *rwatch;     /* deleted routes/rules (vrrp_route_watch.c); NULL when none tracked */
	struct vrrp_sync *syncs;        /* vrrp_sync.c */
	struct vrrp_fifo *fifos;        /* vrrp_fifo.c */
	unsigned fifo_scripts;          /* FIFO reader scripts not reaped yet */
	struct vrrp_proc_mon *procmon;  /* vrrp_proc.c: made with the first track_process */
	uint64_t startup_until_us;      /* vrrp_startup_delay: no master-down timer ends before (0: none) */
	struct ev_timer sched_timer;    /* vrrp_sched.c: max_auto_priority heartbeat */
	uint64_t sched_due_us;
	int rt_priority;                /* SCHED_RR priority reached, 0 = normal */
	bool started;                   /* the first configuration is applied */
	size_t resume_narrow;           /* instances whose record is to be narrowed */
	struct vrrp_igmp {              /* disable_local_igmp (vrrp_igmp.c) */
		bool configured;        /* a first configuration was applied */
		bool wanted;            /* its disable_local_igmp */
		bool restore;           /* we wrote 0 over a 1: put the 1 back at stop */
	} igmp;
	struct bfd_states bfd_states;   /* vrrp_track_bfd.c: each BFD session heard of */
};

/* VRRPv2 with auth_type AH: adverts carry an IPsec AH header (vrrp_auth.h). */
static inline bool vrrp_uses_ah(const struct vrrp_instance_conf *c)
{
	return c->version == 2 && c->auth_type == VRRP_AUTH_AH;
}

/* ---- vrrp_igmp.c: disable_local_igmp ----------------------------------------- */
/* After each configuration: the first one with disable_local_igmp turns
 * the (per network namespace) sysctl from 1 to 0; a reload cannot change
 * the setting (logged, as keepalived 2.2.7). */
void vrrp_igmp_apply(struct vrrp_ctx *ctx);
/* At stop: put back the 1 we replaced. */
void vrrp_igmp_restore(struct vrrp_ctx *ctx);

/* ---- vrrp_state.c: the one place an instance changes state ---------------- */
/* Apply event to vi: look the transition up in the FSM table and run its
 * effects (VIPs, adverts, GARP, timers, notify scripts, log, parent).
 * Returns false (and logs at debug) when the event means nothing now. */
bool vrrp_set_state(struct vrrp_instance *vi, enum vrrp_event event);

/* ---- vrrp_instance.c ---------------------------------------------------- */
/* Make an instance of vi: a zeroed, heap-allocated record whose conf (and
 * nothing else) is filled in, which becomes the instance (returned). Its
 * state is INIT; vrrp_instance_start() brings it up. */
struct vrrp_instance *vrrp_instance_new(struct vrrp_ctx *ctx, struct vrrp_instance *vi);
/* What an instance in INIT starts with, once per start: its source address
 * (when its link is usable), then its own fault and effective priority
 * (vrrp_track_initial()). True when it must start in FAULT (its own fault
 * or its sync group's). vrrp_syncs_start() calls it for the members of a
 * new group (their faults decide the group's first line); the
 * vrrp_instance_start() that follows (before vrrp_syncs_started()) then
 * uses that result, and calls it itself otherwise. */
bool vrrp_instance_assess(struct vrrp_instance *vi);
void vrrp_instance_start(struct vrrp_instance *vi);
/* The address owner in state MASTER (priority 255, initial state MASTER),
 * which goes MASTER at once on start and when its link comes back, as in
 * keepalived 2.2.7; an owner in state BACKUP starts as any backup. */
bool vrrp_instance_owner_master(const struct vrrp_instance *vi);
/* One advert of vi sent (IPv4 or IPv6) with priority: its stats. */
void vrrp_count_sent(struct vrrp_instance *vi, uint8_t priority);
/* Start an instance that was MASTER when the previous VRRP process died
 * (rec: the parent's record of it): when its link is usable and every
 * address it kept from rec is still installed, it is MASTER again at once
 * (advert now, VIPs left in place and new ones added, no notify scripts:
 * nothing changed for the outside); otherwise it starts as
 * vrrp_instance_start() does. A better master's advert makes it step down
 * as any master would. */
struct vrrp_resume_rec;
void vrrp_instance_resume(struct vrrp_instance *vi, const struct vrrp_resume_rec *rec);
/* Stop (STOP state: priority 0 if master, VIPs removed, notify_stop) and free. */
void vrrp_instance_destroy(struct vrrp_instance *vi);
/* Replace the configuration of a running instance whose VRID, interface and
 * version are unchanged; state is kept, VIP differences applied. */
void vrrp_instance_update(struct vrrp_instance *vi, struct vrrp_instance_conf *conf);
/* Same VRID, interface and version: can be updated in place. */
bool vrrp_instance_same_identity(const struct vrrp_instance_conf *a, const struct vrrp_instance_conf *b);
/* Send one advert now (priority = effective, or 0 when stopping). */
void vrrp_send_advert(struct vrrp_instance *vi, uint8_t priority);
/* Handle an advert already parsed and checked for this instance's VRID. */
void vrrp_instance_rx(struct vrrp_instance *vi, const struct vrrp_advert *adv);
/* How many faults keepalived 2.2.7 counts for an instance whose link is
 * not usable ("interface down or missing"), for the dump's "Number of
 * interface and track script faults": its interface down or missing, and
 * no IPv4 address on it (an IPv4 instance without mcast_src_ip), apart -
 * measured: 2 on a link down without address, 1 down with one, 1 up
 * without; at least 1. */
unsigned vrrp_instance_link_faults(const struct vrrp_instance *vi);
/* check_unicast_src applies: the instance's own (check_unicast_src, a
 * peer's TTL range) or the global vrrp_check_unicast_src. keepalived 2.2.7
 * keeps them apart too: its dump shows the instance's own ("Check unicast
 * src : no", "Flags: none" under the global alone), its receive path drops
 * a non-peer's advert with either (measured). */
static inline bool vrrp_check_unicast_src(const struct vrrp_instance *vi)
{
	return vi->conf.ext.check_unicast_src || vi->ctx->global.ext.check_unicast_src;
}
/* Interface state may have changed: FAULT or recover. */
void vrrp_instance_check_link(struct vrrp_instance *vi);
/* (Re)start vi's Master_Down_Timer: one Master_Down_Interval of vi's
 * master (its advert interval, vi's priority, down_timer_adverts) from now
 * - from the end of vrrp_startup_delay while it lasts, as keepalived 2.2.7
 * counts it: no instance becomes master before the delay is over. */
void vrrp_down_timer_restart(struct vrrp_instance *vi);
/* vi's effective priority changed: a BACKUP's running Master_Down_Timer
 * ends where the interval of the new priority (its skew) puts it, counted
 * from the same start (the last advert of the master), as keepalived 2.2.7
 * moves it (measured: a backup of priority 10 raised to 250 five seconds
 * after a v3 advert of interval 8 s took over 24.19 s after that advert,
 * 24 + 6/256 x 8; lowered from 250 to 10, 31.69 s); in the past already:
 * at once. */
void vrrp_down_timer_priority_changed(struct vrrp_instance *vi);

/* ---- vrrp_resume.c: the instance's record with the parent, crash resume ---- */
/* An address an instance manages, on the device it goes on. */
struct vrrp_held_addr {
	struct ka_addr addr;
	char dev[IFNAMSIZ];
};
/* A record as the parent hands it back after a crash (CONF_RESUME). */
struct vrrp_resume_rec {
	char name[CONF_NAME_MAX];
	uint32_t state;                 /* enum vrrp_state */
	struct vrrp_held_addr *addrs;
	size_t n;
};
/* Tell the parent vi's state and the addresses it manages (none in STOP),
 * plus those of also (its previous configuration; may be NULL). */
void vrrp_resume_report(struct vrrp_instance *vi, const struct vrrp_instance_conf *also);
/* vi's configuration changed: report the union of old and the new lists
 * now, and only the new ones once the VIP requests are sent. */
void vrrp_resume_widen(struct vrrp_instance *vi, const struct vrrp_instance_conf *old);
/* From the end-of-turn task, once no VIP request is pending. */
void vrrp_resume_narrow(struct vrrp_ctx *ctx);
/* Read one record (a CONF_RESUME payload); false when malformed. */
bool vrrp_resume_decode(struct rbuf *r, struct vrrp_resume_rec *rec);
void vrrp_resume_rec_free(struct vrrp_resume_rec *rec);
/* A reload renamed vi (same identity, keepalived 2.2.7's vrrp_exist()):
 * the parent forgets the old name and records the new one. */
void vrrp_resume_renamed(struct vrrp_instance *vi, const char *name);
/* A respawned child, its instances made but not started: remove the
 * recorded addresses none of them manages, forget instances that are gone. */
void vrrp_resume_cleanup(struct vrrp_ctx *ctx, const struct vrrp_resume_rec *recs, size_t n);
/* Every address vi manages that rec lists too is installed. */
bool vrrp_resume_kept_present(const struct vrrp_instance *vi, const struct vrrp_resume_rec *rec);

/* ---- vrrp_batch.c: the kernel work of transitions, once per loop turn ------ */
void vrrp_batch_init(struct vrrp_ctx *ctx);
/* Queue the add/removal of every VIP (and excluded VIP); sent at the end of
 * the loop turn, in one batch with the other instances' requests. */
void vrrp_vips_install(struct vrrp_instance *vi);
void vrrp_vips_remove(struct vrrp_instance *vi);
/* Queue one VIP change (reload of a master). */
void vrrp_vip_change(struct vrrp_instance *vi, const struct vip_conf *vip, const char *ifname,
		     bool add);
/* count more rounds of gratuitous ARP for every VIP, sent over the next loop
 * turns (a budget per turn); vrrp_garp_cancel() drops what is left. */
void vrrp_garp_burst(struct vrrp_instance *vi, uint32_t count);
void vrrp_garp_cancel(struct vrrp_instance *vi);
/* Send the queued VIP requests now (before notify scripts, at exit). */
void vrrp_batch_flush(struct vrrp_ctx *ctx);
/* Requests or GARP rounds still queued. */
bool vrrp_batch_busy(const struct vrrp_ctx *ctx);
/* At exit: flush the VIP requests, drop the GARP rounds. */
void vrrp_batch_done(struct vrrp_ctx *ctx);

/* ---- vrrp_iface.c ---------------------------------------------------------- */
/* Whether a dropped advert received on ifc may be logged: at most a few
 * lines a second per interface (a flood of bogus packets must not become a
 * flood of log lines; the stats dump counts every drop). Once a second has
 * passed, the number of drops not logged is logged first. */
bool vrrp_iface_drop_log(struct vrrp_iface *ifc);
/* An advert dropped on ifc before an instance was known (no such VRID, too
 * short...): counted as an r error of every instance on ifc. */
void vrrp_iface_count_drop(struct vrrp_iface *ifc, enum vrrp_rx_result r);
/* Find or make the interface record for name (socket opened lazily). */
struct vrrp_iface *vrrp_iface_get(struct vrrp_ctx *ctx, const char *name, struct in_addr group, int proto);
/* The same for an instance without an interface whose unicast socket is
 * bound to VRF device vrf (`vrf`): routing in that VRF's table. */
struct vrrp_iface *vrrp_iface_get_vrf(struct vrrp_ctx *ctx, const char *vrf, struct in_addr group, int proto);
/* Received adverts for vi's VRID go to vi (attach) / no longer (detach). */
void vrrp_iface_attach(struct vrrp_iface *ifc, struct vrrp_instance *vi);
/* The instance an advert from src (family's address) is for: vi (by_vrid's)
 * unless vi is a unicast instance whose VRID other unicast instances share
 * on ifc and one of those has src as a unicast peer (keepalived 2.2.7). */
struct vrrp_instance *vrrp_iface_unicast_owner(struct vrrp_iface *ifc, struct vrrp_instance *vi,
					       sa_family_t family, const void *src);
void vrrp_iface_detach(struct vrrp_iface *ifc, struct vrrp_instance *vi);
/* Handle the packets that came before since_us and may still wait on the
 * interface's socket (before a backup declares its master dead at its
 * deadline since_us: a busy turn may have left its advert unread). No
 * system call when a read of this turn already emptied the socket at or
 * after since_us (a thousand down timers due together: one read, not a
 * thousand). */
void vrrp_iface_drain(struct vrrp_iface *ifc, uint64_t since_us);
/* (Re)open the socket when the interface exists and the socket is closed or
 * bound to an older ifindex. true when a socket is open. */
bool vrrp_iface_ensure_socket(struct vrrp_iface *ifc);
/* Close and free interfaces no instance uses any more. */
void vrrp_iface_gc(struct vrrp_ctx *ctx);
void vrrp_iface_free_all(struct vrrp_ctx *ctx);

/* ---- vrrp_tracker.c ------------------------------------------------------------ */
/* After a new configuration (objs: its vrrp_script and track_file records,
 * moved out; instances already updated): keep trackers whose definition
 * did not change, make the new ones, bind every instance to its trackers,
 * start the scripts in use and free what is gone. */
void vrrp_trackers_apply(struct vrrp_ctx *ctx, struct vrrp_objs_conf *objs);
void vrrp_trackers_free_all(struct vrrp_ctx *ctx);
/* The parent sent a new text of track file path (child_ipc's file_changed):
 * the trackers of that file read their value again. */
void vrrp_trackers_file_changed(struct vrrp_ctx *ctx, const char *path);
/* Links changed: refresh the interface trackers (logged when one changes).
 * The caller, vrrp_child_links_changed(), then reassesses every instance. */
void vrrp_trackers_links_changed(struct vrrp_ctx *ctx);
/* BFD session name is now up or down: its track_bfd trackers follow
 * (vrrp_track_bfd.c calls it). */
void vrrp_trackers_bfd_changed(struct vrrp_ctx *ctx, const char *name, bool up);

/* ---- vrrp_track_bfd.c ------------------------------------------------------------ */
/* IPC_BFD_STATE from the parent (str name, u32 enum bfd_state): remember
 * it and move the trackers of that name. false when malformed. */
bool vrrp_bfd_state_msg(struct vrrp_ctx *ctx, struct rbuf *r);
/* Whether BFD session name was last reported Up (false when never heard of:
 * keepalived's tracked BFD starts down). */
bool vrrp_bfd_state_up(const struct vrrp_ctx *ctx, const char *name);
void vrrp_bfd_states_free(struct vrrp_ctx *ctx);

/* ---- vrrp_ifdelay.c: interface_up_down_delays ---------------------------------- */
/* Is ifname up (IFF_UP and IFF_RUNNING) as instances and trackers are to
 * see it: for an interface with delays, the last state that lasted its
 * delay; for any other, its state now. */
bool vrrp_link_up(const struct vrrp_ctx *ctx, const char *ifname);
/* The link cache changed: start, or cancel, the delay of each interface
 * with delays whose state differs, or again agrees, with what is reported.
 * Called first by vrrp_child_links_changed(). */
void vrrp_ifdelay_links_changed(struct vrrp_ctx *ctx);
/* A new global configuration is in ctx->global: follow its
 * interface_up_down_delays (before instances and trackers look). */
void vrrp_ifdelay_apply(struct vrrp_ctx *ctx);
void vrrp_ifdelay_free_all(struct vrrp_ctx *ctx);
/* The data dump's lines for ifname, in keepalived 2.2.7's words: "Up
 * debounce timer = Nus" and "Down debounce timer = Nus" (0us without
 * delays), appended to *out. */
void vrrp_ifdelay_dump(const struct vrrp_ctx *ctx, const char *ifname, char **out, size_t *len);

/* ---- vrrp_csum_compat.c: old_unicast_checksum ---------------------------------- */
/* Whether vi uses the old checksum from the start (old_unicast_checksum). */
bool vrrp_csum_old_conf(const struct vrrp_instance_conf *conf);
/* A received IPv4 packet for vi (r: what vrrp_advert_parse() said, adv its
 * result): with the old checksum, the packet judged again by it; a unicast
 * instance without old_unicast_checksum that finds an advert with the
 * old checksum switches to it (sent and expected from then on, logged).
 * Returns the result to act on (adv refilled when it changed). */
enum vrrp_rx_result vrrp_csum_compat_rx(struct vrrp_instance *vi, const uint8_t *pkt, size_t len,
					struct vrrp_advert *adv, enum vrrp_rx_result r);

/* ---- vrrp_child.c ---------------------------------------------------------------- */
/* Interfaces changed (or a delayed change is due): delays, interface
 * trackers, then every instance's link and VIPs. changes: the NETIF_CH_*
 * bits seen (vrrp_net.h); when addresses were only added, the instances in
 * MASTER or BACKUP keep their verdict (see vrrp_child.c). */
void vrrp_child_links_changed(struct vrrp_ctx *ctx, unsigned changes);
/* Recompute vi's faults and effective priority from its link, trackers,
 * unicast peers and sync group, and apply the result (FAULT, recovery,
 * new priority advertised at once). */
void vrrp_reassess(struct vrrp_instance *vi);
/* At start: own fault and effective priority of vi; true when it must
 * start in FAULT (its own fault or its sync group's). */
bool vrrp_track_initial(struct vrrp_instance *vi);
/* true while a weight-0 vrrp_script of vi has no first result yet. */
bool vrrp_track_scripts_pending(const struct vrrp_instance *vi);
/* keepalived 2.2.7's wanted state of vi (the USR1 dump's Wantstate, the
 * JSON file's wantstate): its state, but MASTER for a state MASTER
 * instance waiting in BACKUP for its first Master_Down_Interval
 * (vrrp_dump.c). */
enum vrrp_state vrrp_dump_wantstate(const struct vrrp_instance *vi);
/* For the USR1 dump, keepalived 2.2.7's counters of an instance: total =
 * base priority plus every tracker's adjustment, unclamped (the owner's
 * 255); n_fault = trackers that alone put it in FAULT, plus one for an
 * unusable own link ("Number of interface and track script faults");
 * n_init = weight-0 scripts without a first result. */
struct vrrp_track_counts {
	int64_t total;
	unsigned n_fault, n_init;
};
void vrrp_track_counts(const struct vrrp_instance *vi, struct vrrp_track_counts *c);
/* The two halves of vrrp_reassess() for a sync group: refresh own_fault,
 * then apply the group's verdict. */
void vrrp_reassess_own(struct vrrp_instance *vi);
void vrrp_reassess_apply(struct vrrp_instance *vi);
/* Dump text of one tracker for keepalived.data, as keepalived 2.2.7's
 * sections: " VRRP Script = NAME" ..., " Track file = NAME" ..., " VRRP
 * Track process = NAME" ... (nothing for an interface, nor for one no
 * instance uses); its kind; JSON;
 * iteration over ctx's trackers. */
void vrrp_tracker_dump(const struct vrrp_ctx *ctx, const struct vrrp_tracker *t, char **out, size_t *len);
enum vrrp_track_kind vrrp_tracker_kind(const struct vrrp_tracker *t);
/* Its members of the status document's vrrp.trackers[] into o
 * (doc/status-json.md): name, type, up, state, weight (the tracker's own),
 * scripts' status/run_state and counts, files' path and value, processes'
 * running count. */
struct json_object;
void vrrp_tracker_status(const struct vrrp_tracker *t, struct json_object *o);
/* One element of an instance's tracking[] (doc/status-json.md): the
 * tracker's name, type and up, the weight and reverse this instance gives
 * it, the priority adjustment it makes now and whether it alone puts the
 * instance in FAULT. */
void vrrp_track_link_status(const struct vrrp_track_link *k, struct json_object *o);
const struct vrrp_tracker *vrrp_trackers_first(const struct vrrp_ctx *ctx);
const struct vrrp_tracker *vrrp_tracker_next(const struct vrrp_tracker *t);
const char *vrrp_tracker_name(const struct vrrp_tracker *t);
/* A vrrp_script tracker's command line (NULL for other kinds). */
const char *vrrp_tracker_script_cmd(const struct vrrp_tracker *t);
/* Is the instance's own interface usable (exists, up unless
 * dont_track_primary, an IPv4 address to send from for an IPv4 instance,
 * socket open)? (vrrp_instance.c) */
bool vrrp_instance_link_usable(struct vrrp_instance *vi);
/* track_src_ip: the configured source address (mcast_src_ip /
 * unicast_src_ip) is on the instance's interface or its VMAC (on any
 * interface for a unicast instance without one); true without one. */
bool vrrp_instance_src_present(const struct vrrp_instance *vi);

/* ---- vrrp_sync.c --------------------------------------------------------------- */
/* Rebuild the sync groups from groups (moved out) and bind the members. */
void vrrp_syncs_apply(struct vrrp_ctx *ctx, struct vrrp_sync_group_conf *groups, size_t n);
void vrrp_syncs_free_all(struct vrrp_ctx *ctx);
/* Called by vrrp_set_state() after vi went from -> vi->state: members
 * follow (MASTER/BACKUP together), the group's notify scripts and FIFO line
 * when the group's own state changed. */
void vrrp_sync_member_changed(struct vrrp_instance *vi, enum vrrp_state from);
/* true when another member of vi's group has a fault of its own. */
bool vrrp_sync_peer_fault(const struct vrrp_instance *vi);
/* true when vi or another member of its group waits for the first result
 * of a weight-0 vrrp_script (the whole group then waits in INIT). */
bool vrrp_sync_scripts_pending(const struct vrrp_instance *vi);
/* Reassess every member (a member's fault is the group's). */
void vrrp_sync_reassess(struct vrrp_sync *s);
/* May vi (BACKUP, its Master_Down_Timer out) become MASTER? Without a sync
 * group yes; in one, only when the group is MASTER or every other member
 * is MASTER or wants to be (its own timer ran out with no master heard
 * since), as keepalived 2.2.7's vrrp_sync_can_goto_master(): "prefer backup
 * state to avoid thrashing". */
bool vrrp_sync_can_go_master(const struct vrrp_instance *vi);
/* After a reload: a group whose members are MASTER and BACKUP (an instance
 * joined it) goes BACKUP as a whole, and a new group of BACKUP members says
 * BACKUP, as keepalived 2.2.7's reload (vrrp_init_state()). */
void vrrp_syncs_settle(struct vrrp_ctx *ctx);
/* Around the start of new instances (vrrp_syncs_start() before,
 * vrrp_syncs_started() after), for a group all of whose members are new
 * (INIT), as keepalived 2.2.7 (test/netns/sync_group_start.sh): when one of
 * them has a fault of its own, the group says FAULT after its members'
 * FAULT lines (vrrp_complete_init(), then vrrp_init_state()); else it says
 * BACKUP before its members' BACKUP lines (vrrp_init_state()) - nothing
 * while a member waits for a script, or when all are address owners in
 * state MASTER. */
void vrrp_syncs_start(struct vrrp_ctx *ctx);
void vrrp_syncs_started(struct vrrp_ctx *ctx);
/* Hold every group's state (its notify scripts and FIFO line) while many
 * members move (shutdown); release announces each group's new state once,
 * after its members', as keepalived 2.2.7 (instances, then groups). */
void vrrp_syncs_hold(struct vrrp_ctx *ctx);
void vrrp_syncs_release(struct vrrp_ctx *ctx);
void vrrp_sync_release(struct vrrp_sync *s);
const char *vrrp_sync_name(const struct vrrp_sync *s);
/* The group's reported state; iteration over ctx's groups (status). */
enum vrrp_state vrrp_sync_state(const struct vrrp_sync *s);
const struct vrrp_sync *vrrp_syncs_first(const struct vrrp_ctx *ctx);
/* Its configuration (members, scripts, tracking) for the data dump. */
const struct vrrp_sync_group_conf *vrrp_sync_conf(const struct vrrp_sync *s);
const struct vrrp_sync *vrrp_sync_next(const struct vrrp_sync *s);
bool vrrp_syncs_busy(const struct vrrp_ctx *ctx);

/* ---- vrrp_fifo.c ----------------------------------------------------------------- */
/* (Re)open the notify FIFOs of the global configuration (creating them),
 * start their reader scripts. */
void vrrp_fifos_apply(struct vrrp_ctx *ctx);
void vrrp_fifos_free_all(struct vrrp_ctx *ctx);
/* One line (a newline is added) to every notify FIFO. */
void vrrp_fifo_write(struct vrrp_ctx *ctx, const char *line);

/* ---- vrrp_fifo_reload.c: fifo_write_vrrp_states_on_reload ------------------------ */
struct vrrp_state_snap {
	struct vrrp_state_snap_ent *ents;
	size_t n;
};
/* Before a configuration is applied: the state of every group and instance. */
void vrrp_state_snap_take(const struct vrrp_ctx *ctx, struct vrrp_state_snap *snap);
/* After it was applied: with fifo_write_vrrp_states_on_reload, the FIFO
 * lines of the groups, then the instances, still in the state snap holds
 * (MASTER, BACKUP or FAULT); nothing at the first configuration (snap
 * empty). Frees snap. */
void vrrp_fifo_reload_states(struct vrrp_ctx *ctx, struct vrrp_state_snap *snap);

/* ---- vrrp_sched.c ---------------------------------------------------------------- */
/* Start (or stop) the max_auto_priority heartbeat after a configuration. */
void vrrp_sched_apply(struct vrrp_ctx *ctx);

/* ---- vrrp_smtp.c ----------------------------------------------------------------- */
/* smtp_alert: mail for vi's new state (MASTER, BACKUP, FAULT) when its
 * smtp_alert is on and notification_email is set; never blocks. */
void vrrp_smtp_instance(struct vrrp_instance *vi);
/* The same for a sync group (enabled: the group's smtp_alert). */
void vrrp_smtp_group(struct vrrp_ctx *ctx, const char *name, enum vrrp_state state, bool enabled);
/* ---- vrrp_ipv6.c: the IPv6 paths of instances and interfaces ------------------ */
/* The interface record for an IPv6 instance on name with group. */
struct vrrp_iface *vrrp_iface_get6(struct vrrp_ctx *ctx, const char *name, const struct in6_addr *group);
/* Open the IPv6 socket of ifc (ifindex) and watch it. -1 or the fd. */
int vrrp_iface6_open(struct vrrp_iface *ifc, unsigned ifindex);
/* Handle up to max messages waiting on an IPv6 interface's socket. true
 * when it stopped on an empty socket. */
bool vrrp_iface6_read(struct vrrp_iface *ifc, int max);
/* Our source: mcast_src_ip, else the interface's first link-local address
 * that is not a VIP. false when there is none (yet). */
bool vrrp_refresh_src6(struct vrrp_instance *vi);
/* vrrp_send_advert() of an IPv6 instance. */
void vrrp_send_advert6(struct vrrp_instance *vi, uint8_t priority);
/* Unsolicited neighbour advert for an IPv6 VIP on dev. */
void vrrp_na_send(struct vrrp_instance *vi, const char *dev, const struct in6_addr *vip);
/* The address of the advert's sender / our own, as text (buf of INET6_ADDRSTRLEN). */
const char *vrrp_adv_src_str(const struct vrrp_instance *vi, const struct vrrp_advert *adv, char *buf);

/* ---- vrrp_garp_extra.c: garp_extra_if -------------------------------------- */
/* Set up vi->garp_extra_timer (at instance creation). */
void vrrp_garp_extra_init(struct vrrp_instance *vi);
/* vi became MASTER: the first periodic round one garp_extra_if interval
 * from now (nothing when it is 0). */
void vrrp_garp_extra_start(struct vrrp_instance *vi);
/* vi leaves MASTER or goes away: no more rounds. */
void vrrp_garp_extra_stop(struct vrrp_instance *vi);

/* ---- vrrp_l3.c: VMAC life and the devices an instance uses ------------------ */
/* Where VIPs without `dev` go: the VMAC with use_vmac, else the interface
 * (default_interface for a unicast instance without one; also with
 * use_ipvlan, as keepalived 2.2.7). */
const char *vrrp_vip_dev(const struct vrrp_instance *vi);
/* The same from an instance's configuration (old and new on reload). */
const char *vrrp_conf_vip_dev(const struct vrrp_instance_conf *c);
/* The interface adverts are sent and received on: the VMAC with use_vmac
 * (unless vmac_xmit_base), the ipvlan with use_ipvlan, else the interface. */
const char *vrrp_xmit_dev(const struct vrrp_instance_conf *c);
/* use_vmac / use_ipvlan: make sure the VMAC / ipvlan exists (made, or
 * reused after a crash) and the interface cache knows it. true when there
 * is nothing to do or it is there; false while the base interface is
 * missing or on error. The VMACs of use_vmac_addr are made too (their
 * failures do not count). */
bool vrrp_vmac_ensure(struct vrrp_instance *vi);
/* keepalived's VIP tracking: a MASTER (not the address owner) whose
 * tracked VIP (no no_track) was seen installed and is now gone sends
 * priority 0 and goes BACKUP; it adds them again when MASTER again. */
void vrrp_check_vips(struct vrrp_instance *vi);
/* dev is a VMAC this instance made for addresses on other interfaces
 * (use_vmac_addr, a VIP's use_vmac). */
bool vrrp_is_addr_vmac(const struct vrrp_instance *vi, const char *dev);
/* use_vmac / use_ipvlan / use_vmac_addr: remove the links (at stop). */
void vrrp_vmac_release(struct vrrp_instance *vi);
/* A non-owner instance without accept: add (or remove) v[0..n) to the
 * nftables drop sets, as its VIPs are installed (or removed). */
void vrrp_fw_vips(struct vrrp_instance *vi, const struct vip_conf *v, size_t n, bool add);
/* At exit: remove the drop tables (kept with -V, like the VIPs). */
void vrrp_fw_done(struct vrrp_ctx *ctx);
/* promote_secondaries: set net.ipv4.conf.IF.promote_secondaries to 1 on
 * vi's interface (once per interface, the old value kept); at exit
 * vrrp_promote_restore() puts the old values back, as keepalived does. */
void vrrp_promote_secondaries(struct vrrp_instance *vi);
void vrrp_promote_restore(struct vrrp_ctx *ctx);

/* ---- vrrp_route.c: virtual_routes/rules, static_* (libnl-route) ----------------- */
/* A connected libnl NETLINK_ROUTE socket (free with nl_socket_free()), or
 * NULL with an error logged under `who` ("routes", "VMAC", "IPVLAN"). */
struct nl_sock;
struct nl_sock *vrrp_route_sock(const char *who);
/* Remove what is in old and not in new, then add what is in new and not
 * in old (either may be NULL): rules, routes, addresses in that order when
 * removing, the reverse when adding. Failures are logged. */
void vrrp_routes_update(struct vrrp_ctx *ctx, const struct vrrp_routes_conf *old,
			const struct vrrp_routes_conf *new);
/* An instance's virtual_routes and virtual_rules with its VIPs (add after
 * the VIPs are in, remove before they go). */
void vrrp_routes_apply(struct vrrp_instance *vi, bool add);
/* After an address or link change: a static_ipaddress (without no_track)
 * that is missing from its existing interface is added again, as keepalived
 * 2.2 reinstates a deleted static address (also the IPv6 ones the kernel
 * drops when the link goes down). Logged once per reinstatement. */
void vrrp_statics_reinstate(struct vrrp_ctx *ctx);
/* Add one static route / rule again (someone deleted it), logged. */
void vrrp_route_reinstate(struct vrrp_ctx *ctx, const struct route_conf *r);
void vrrp_rule_reinstate(struct vrrp_ctx *ctx, const struct rule_conf *r);

/* ---- vrrp_route_watch.c: routes and rules deleted behind our back --------------- */
/* After each configuration: watch route and rule deletions while a virtual
 * or static route/rule without no_track is configured (else stop). A
 * deleted virtual one makes its MASTER instance leave MASTER; a deleted
 * static one is added again. */
void vrrp_route_watch_update(struct vrrp_ctx *ctx);
/* Drop the deletions read so far: called once we (re)installed routes,
 * which those events predate (our own removals among them). */
void vrrp_route_watch_discard(struct vrrp_ctx *ctx);
void vrrp_route_watch_free(struct vrrp_ctx *ctx);

/* ---- vrrp_addrlist.c: adverts whose address list differs from ours -------- */
/* An advert from `from` carried addrs[0..n) (struct in_addr or struct
 * in6_addr by family), which is not vi's list: log it once per change of
 * (peer, list), with both lists. Returns true when the advert is to be
 * used all the same: it comes from the address owner (priority 255). */
bool vrrp_addr_mismatch(struct vrrp_instance *vi, const char *from, int family, const void *addrs,
			unsigned n, uint8_t priority);

/* ---- vrrp_dump.c ---------------------------------------------------------------- */
/* Text for USR1 (data), USR2 (stats) and RTMIN+2 (JSON); heap string. */
char *vrrp_dump(const struct vrrp_ctx *ctx, int kind, size_t *len);
struct vip_conf;
/* One address as a line of keepalived.data (5 spaces in, newline), as
 * keepalived 2.2.7 prints it: ADDR[/LEN] [brd B] dev D scope S [label L]
 * [peer P/LEN] [no_track] [preferred_lft ...] [set]. */
void vrrp_dump_vip(char **out, size_t *len, const struct vip_conf *v, const char *dev, bool set, bool nft);
/* Whether vi's addresses are in the nftables drop set now (keepalived
 * 2.2.7's "nftable_set" in the dump): a MASTER without accept mode that is
 * not the address owner (vrrp_fw_vips()). */
bool vrrp_vips_nft_set(const struct vrrp_instance *vi);
/* The device of vi's addresses as keepalived 2.2.7 dumps it: on a VMAC
 * (or ipvlan) "NAME@BASE", else the name (buf: 2 * IFNAMSIZ). */
const char *vrrp_vip_dev_dump(const struct vrrp_instance *vi, char *buf, size_t size);

/* ---- vrrp_json_file.c ------------------------------------------------------------ */
/* keepalived 2.2.7's keepalived.json (SIGRTMIN+2): an array with one
 * {"data": {...}, "stats": {...}} object per instance, its member names
 * and value formats (doc/status-json.md). NULL when there is no instance
 * (2.2.7 then writes no file). */
struct json_object *vrrp_json_file(const struct vrrp_ctx *ctx);

/* ---- vrrp_dump_ifaces.c (keepalived 2.2.7's sockpool and interface list) -------- */
/* "VRRP Sockpool": each open protocol-112/AH socket and its instances. */
void vrrp_dump_sockpool(const struct vrrp_ctx *ctx, char **out, size_t *len);
/* "Interfaces": every link of the netlink cache (addresses, flags, MTU,
 * debounce timers, the instances tracking it). */
void vrrp_dump_interfaces(const struct vrrp_ctx *ctx, char **out, size_t *len);

/* ---- vrrp_dump_routes.c (routes and rules, as keepalived 2.2.7 dumps them) ------ */
struct route_conf;
struct rule_conf;
/* One route / rule as a line of keepalived.data (5 spaces in, newline). */
void vrrp_dump_route(const struct route_conf *r, char **out, size_t *len);
void vrrp_dump_rule(const struct rule_conf *r, char **out, size_t *len);
/* The "Static Routes" and "Static Rules" sections (none when empty). */
void vrrp_dump_static_routes(const struct vrrp_routes_conf *st, char **out, size_t *len);
/* An instance's "Virtual Routes :" and "Virtual Rules :" (none when empty). */
void vrrp_dump_virtual_routes(const struct vrrp_routes_conf *rt, char **out, size_t *len);

/* ---- vrrp_dump_objs.c (parts of the dumps, as keepalived 2.2.7 writes them) ---- */
/* "   TYPE state transition script = 'cmd' ..., uid:gid U:G" when s is set:
 * its own user when it names one, else script_user. */
void vrrp_dump_notify_script(const struct vrrp_ctx *ctx, const char *type, const struct conf_script *s,
			     char **out, size_t *len);
/* An instance's "Tracked interfaces :", "Tracked scripts :", ... lists. */
void vrrp_dump_instance_tracks(const struct vrrp_instance *vi, char **out, size_t *len);
/* The sections after the topology: VRRP Sync groups, VRRP Scripts, VRRP
 * Track files, VRRP Track processes (each only when there is one). */
void vrrp_dump_objects(const struct vrrp_ctx *ctx, char **out, size_t *len);
/* keepalived.stats (USR2): 2.2.7's counters, then ours. */
void vrrp_dump_stats(const struct vrrp_ctx *ctx, char **out, size_t *len);

/* ---- vrrp_status.c ---------------------------------------------------------------- */
/* The VRRP child's status record (JSON object, doc/status-json.md): every
 * instance, sync group and tracker. Heap string. */
char *vrrp_status_json(const struct vrrp_ctx *ctx, size_t *len);

#endif
