/* vrrp_track_calc.c - the pure rules of vrrp_track.h: effective priority,
 * script rise/fall, sync-group following. No I/O. */
#include "vrrp_track.h"

#include <string.h>

#define PRIO_MIN 1
#define PRIO_MAX 254
#define FILE_FAULT_BELOW (-253)

/* The adjustment of one script or interface tracker; *fault when it puts
 * the instance in FAULT. */
static int64_t bool_adjust(const struct vrrp_track_input *t, bool *fault)
{
	if (t->weight == 0) {
		if (t->up == t->reverse)   /* down, or up with reverse */
			*fault = true;
		return 0;
	}
	int64_t adj = 0;
	if (t->weight > 0 && t->up)
		adj = t->weight;
	else if (t->weight < 0 && !t->up)
		adj = t->weight;
	return t->reverse ? -adj : adj;
}

static int64_t file_adjust(const struct vrrp_track_input *t, bool *fault)
{
	if (t->weight == 0) {
		if (t->value != 0)
			*fault = true;
		return 0;
	}
	int64_t adj = t->value * t->weight;
	if (t->reverse)
		adj = -adj;
	if (adj < FILE_FAULT_BELOW) {   /* FAULT, and no part of the priority */
		*fault = true;
		return 0;
	}
	return adj > PRIO_MAX - 1 ? PRIO_MAX - 1 : adj;   /* keepalived 2.2.7: at most 253 a file */
}

/* Contract: see vrrp_track.h. */
int64_t vrrp_track_adjust(const struct vrrp_track_input *t, bool *fault)
{
	return t->kind == VRRP_TRACK_FILE ? file_adjust(t, fault) : bool_adjust(t, fault);
}

/* Contract: see vrrp_track.h. */
struct vrrp_track_verdict vrrp_track_eval(uint8_t base, const struct vrrp_track_input *in, size_t n)
{
	struct vrrp_track_verdict v = { .fault = false, .priority = base };
	int64_t sum = 0;
	for (size_t i = 0; i < n; i++) {
		sum += vrrp_track_adjust(&in[i], &v.fault);
		if (sum > 100000)
			sum = 100000;
		if (sum < -100000)
			sum = -100000;
	}
	if (base == 255)
		return v;   /* in FAULT too: the weighted trackers still count */
	int64_t p = (int64_t)base + sum;
	if (p < PRIO_MIN)
		p = PRIO_MIN;
	if (p > PRIO_MAX)
		p = PRIO_MAX;
	v.priority = (uint8_t)p;
	return v;
}

/* Contract: see vrrp_track.h. Consecutive counts: `fall` failures in a row
 * take an OK script down, `rise` successes in a row bring a failed one up. */
bool vrrp_script_result(bool was_up, bool success, uint32_t rise, uint32_t fall,
			uint32_t *ok_count, uint32_t *fail_count)
{
	if (success) {
		*fail_count = 0;
		if (*ok_count < UINT32_MAX)
			(*ok_count)++;
		return was_up || *ok_count >= rise;
	}
	*ok_count = 0;
	if (*fail_count < UINT32_MAX)
		(*fail_count)++;
	return was_up && *fail_count < fall;
}

#define COMM_LEN 15   /* TASK_COMM_LEN - 1 */

bool vrrp_proc_needs_cmdline(const struct vrrp_track_process_conf *c)
{
	return c->argc > 1 || c->param_match_set || c->full_command;
}

bool vrrp_proc_matches(const struct vrrp_track_process_conf *c, const char *comm,
		       const char *cmdline, size_t cmdline_len)
{
	if (!c->argc)
		return false;
	if (!vrrp_proc_needs_cmdline(c))
		return comm && strncmp(comm, c->argv[0], COMM_LEN) == 0 &&
		       (strlen(c->argv[0]) >= COMM_LEN || strlen(comm) == strlen(c->argv[0]));
	if (!cmdline || !cmdline_len)
		return false;   /* kernel threads, zombies */
	/* Split the command line into words (the last one may lack its NUL). */
	const char *words[64];
	size_t nw = 0, off = 0;
	while (off < cmdline_len && nw < 64) {
		words[nw++] = cmdline + off;
		const char *nul = memchr(cmdline + off, '\0', cmdline_len - off);
		if (!nul)
			break;
		off = (size_t)(nul - cmdline) + 1;
	}
	if (!nw || strcmp(words[0], c->argv[0]) != 0)
		return false;
	size_t np = c->argc - 1;
	if (c->param_match == TRACK_PARAM_EXACT && nw - 1 != np)
		return false;
	if (nw - 1 < np)
		return false;
	for (size_t i = 0; i < np; i++) {
		const char *want = c->argv[i + 1], *got = words[i + 1];
		bool last = i + 1 == np;
		if (last && c->param_match == TRACK_PARAM_INITIAL) {
			if (strncmp(got, want, strlen(want)) != 0)
				return false;
		} else if (strcmp(got, want) != 0) {
			return false;
		}
	}
	return true;
}

enum vrrp_event vrrp_sync_follow(enum vrrp_state from_state, enum vrrp_state to_state,
				 enum vrrp_state member)
{
	if (from_state == VRRP_STATE_BACKUP && to_state == VRRP_STATE_MASTER &&
	    member == VRRP_STATE_BACKUP)
		return VRRP_EV_MASTER_DOWN;
	if (from_state == VRRP_STATE_MASTER && to_state == VRRP_STATE_BACKUP &&
	    member == VRRP_STATE_MASTER)
		return VRRP_EV_PREEMPTED;
	return VRRP_EV_COUNT;
}

enum vrrp_state vrrp_sync_group_state(const enum vrrp_state *members, size_t n, enum vrrp_state last)
{
	size_t master = 0, backup = 0, stop = 0;
	for (size_t i = 0; i < n; i++) {
		switch (members[i]) {
		case VRRP_STATE_FAULT: return VRRP_STATE_FAULT;
		case VRRP_STATE_MASTER: master++; break;
		case VRRP_STATE_BACKUP:
		case VRRP_STATE_INIT: backup++; break;
		case VRRP_STATE_STOP: stop++; break;
		}
	}
	if (n && master == n)
		return VRRP_STATE_MASTER;
	if (n && backup == n)
		return VRRP_STATE_BACKUP;
	if (n && stop == n)
		return VRRP_STATE_STOP;
	return last;
}
