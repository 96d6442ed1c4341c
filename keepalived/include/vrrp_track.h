/* vrrp_track.h - what trackers (vrrp_script, track_file, track_interface)
 * do to an instance, and the sync-group rule: pure functions, unit-tested in
 * test/unit/vrrp_track_test.c. The runtime (running scripts, watching
 * files and links) is vrrp_tracker.c; vrrp_reassess() in vrrp_tracker.c
 * feeds these functions and applies their verdict through vrrp_set_state().
 */
#ifndef KA_VRRP_TRACK_H
#define KA_VRRP_TRACK_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "vrrp_fsm.h"

enum vrrp_track_kind {
	VRRP_TRACK_SCRIPT = 0,   /* up = the script is in its OK state */
	VRRP_TRACK_IFACE,        /* up = link up and running */
	VRRP_TRACK_FILE,         /* value = the number in the file */
	VRRP_TRACK_PROCESS,      /* up = quorum..quorum_max matching processes */
	VRRP_TRACK_BFD,          /* up = the BFD session is Up (track_bfd) */
};

/* One tracked thing as an instance sees it. */
struct vrrp_track_input {
	enum vrrp_track_kind kind;
	bool up;                 /* scripts and interfaces */
	int64_t value;           /* files */
	int32_t weight;          /* from the reference (or the tracker's default) */
	bool reverse;
};

struct vrrp_track_verdict {
	bool fault;              /* some weight-0 tracker is down (or a file < -253) */
	uint8_t priority;        /* effective priority (the base when fault) */
};

/* Effective priority of an instance with base priority base (1..255) and
 * these trackers, keepalived 2.2's rules:
 *   - weight 0: down -> FAULT (reverse: up -> FAULT); a file: value != 0 -> FAULT;
 *   - weight > 0: +weight while up; weight < 0: +weight (less) while down;
 *     reverse negates the adjustment (a file: value * weight, negated);
 *   - a file whose value * weight is below -253 -> FAULT (and it adds
 *     nothing), above 253 adds 253;
 *   - the sum is added to base and clamped to 1..254, in FAULT too (the
 *     priority the instance leaves FAULT with, as keepalived 2.2.7); an
 *     address owner (base 255) is never changed. */
struct vrrp_track_verdict vrrp_track_eval(uint8_t base, const struct vrrp_track_input *in, size_t n);

/* What one tracker alone does by those rules: the priority adjustment it
 * adds to the sum (before clamping), and *fault set when it alone puts the
 * instance in FAULT (*fault is only ever set, never cleared). */
int64_t vrrp_track_adjust(const struct vrrp_track_input *t, bool *fault);

/* Rise/fall of a vrrp_script: feed each run's result; returns the new OK
 * state. ok_count/fail_count are consecutive counters the caller keeps. */
bool vrrp_script_result(bool was_up, bool success, uint32_t rise, uint32_t fall,
			uint32_t *ok_count, uint32_t *fail_count);

/* Does a process match a vrrp_track_process? comm is /proc/PID/comm
 * (without its newline), cmdline the NUL-separated /proc/PID/cmdline
 * (cmdline_len bytes; may be NULL when not needed: see
 * vrrp_proc_needs_cmdline()). keepalived's rules: without parameters (and
 * neither param_match nor full_command) the name is compared with comm (the
 * kernel keeps 15 characters of it); otherwise argv[0] of the command line
 * must equal the process, and the parameters must be equal (exact), the
 * first ones given (partial), or those with the last one a prefix
 * (initial). */
struct vrrp_track_process_conf;
bool vrrp_proc_matches(const struct vrrp_track_process_conf *c, const char *comm,
		       const char *cmdline, size_t cmdline_len);
bool vrrp_proc_needs_cmdline(const struct vrrp_track_process_conf *c);

/* ---- sync groups ---------------------------------------------------------------- */
/* When member `from` of a sync group has just gone from_state -> to_state
 * by itself (not forced by the group), the event to apply to another member
 * now in state `member`, or VRRP_EV_COUNT for none:
 *   BACKUP -> MASTER (Master_Down_Timer): the others in BACKUP become MASTER;
 *   MASTER -> BACKUP (a better master):   the others in MASTER become BACKUP.
 * FAULT is not handled here: a member's fault is a fault of every member
 * (vrrp_sync_group_fault()). */
enum vrrp_event vrrp_sync_follow(enum vrrp_state from_state, enum vrrp_state to_state,
				 enum vrrp_state member);

/* The state a group reports (notify scripts, FIFO): FAULT if any member is
 * in FAULT, MASTER if every member is MASTER, BACKUP if all are BACKUP or
 * INIT... ; STOP when all have stopped; otherwise the state of the member
 * that changed last (`last`). */
enum vrrp_state vrrp_sync_group_state(const enum vrrp_state *members, size_t n, enum vrrp_state last);

#endif
