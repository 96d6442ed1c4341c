/* script_remote.c - a child's scripts, run by the parent (see
 * script_remote.h). */
#include "script_remote.h"
#include "ipc.h"
#include "log.h"
#include "loop.h"
#include "util.h"
#include "wire.h"

#include <stdlib.h>
#include <string.h>

/* id = BASE + (sequence << IDX_BITS) + slot: a slot is found from the id in
 * O(1), and a late answer for a reused slot does not match. */
#define IDX_BITS 16
#define MAX_SLOTS (1u << IDX_BITS)
#define SEQ_MASK ((SCRIPT_REMOTE_ID_BASE >> IDX_BITS) - 1)

struct req {
	uint32_t id;        /* 0: free */
	script_done_cb cb;
	void *arg;
};

struct script_remote {
	struct loop *loop;
	struct ipc_chan *ch;     /* NULL once the parent is gone */
	struct req *slots;
	size_t n_slots;
	uint32_t *free_idx;      /* stack of free slot indexes */
	size_t n_free;
	size_t pending;
	uint32_t seq;
	struct ev_task flush;    /* completes everything after the parent went */
};

static void flush_all(void *arg);

struct script_remote *script_remote_new(struct loop *loop, struct ipc_chan *ch)
{
	struct script_remote *r = xcalloc(1, sizeof(*r));
	r->loop = loop;
	r->ch = ch;
	task_init(&r->flush, flush_all, r);
	return r;
}

void script_remote_free(struct script_remote *r)
{
	if (!r)
		return;
	task_cancel(r->loop, &r->flush);
	free(r->slots);
	free(r->free_idx);
	free(r);
}

size_t script_remote_pending(const struct script_remote *r) { return r->pending; }

/* A free slot (growing the table), or SIZE_MAX when MAX_SLOTS are in use. */
static size_t slot_get(struct script_remote *r)
{
	if (r->n_free)
		return r->free_idx[--r->n_free];
	if (r->n_slots == MAX_SLOTS)
		return SIZE_MAX;
	size_t n = r->n_slots ? r->n_slots * 2 : 16;
	if (n > MAX_SLOTS)
		n = MAX_SLOTS;
	r->slots = xrealloc(r->slots, n * sizeof(*r->slots));
	r->free_idx = xrealloc(r->free_idx, n * sizeof(*r->free_idx));
	memset(r->slots + r->n_slots, 0, (n - r->n_slots) * sizeof(*r->slots));
	for (size_t i = n; i-- > r->n_slots + 1;)
		r->free_idx[r->n_free++] = (uint32_t)i;
	size_t got = r->n_slots;
	r->n_slots = n;
	return got;
}

static struct req *find(struct script_remote *r, uint32_t id)
{
	if (id < SCRIPT_REMOTE_ID_BASE)
		return NULL;
	size_t i = id & (MAX_SLOTS - 1);
	if (i >= r->n_slots || r->slots[i].id != id)
		return NULL;
	return &r->slots[i];
}

/* Take the request out of the table and call its callback. */
static void complete(struct script_remote *r, struct req *q, int wstatus, bool timed_out)
{
	script_done_cb cb = q->cb;
	void *arg = q->arg;
	r->free_idx[r->n_free++] = (uint32_t)(q - r->slots);
	q->id = 0;
	r->pending--;
	if (cb)
		cb(arg, wstatus, timed_out);
}

pid_t script_remote_run(struct script_remote *r, const struct script_policy *pol, const char *cmdline,
			const char *const *extra, uint64_t timeout_us, script_done_cb cb, void *arg)
{
	if (!r->ch) {
		log_err("script '%s' not run: the parent is gone", cmdline);
		return -1;
	}
	size_t i = slot_get(r);
	if (i == SIZE_MAX) {
		log_err("script '%s' not run: %u scripts already under way", cmdline, MAX_SLOTS);
		return -1;
	}
	r->seq = (r->seq + 1) & SEQ_MASK;
	uint32_t id = SCRIPT_REMOTE_ID_BASE + (r->seq << IDX_BITS) + (uint32_t)i;
	struct wbuf w;
	wbuf_init(&w);
	wput_u32(&w, id);
	wput_u32(&w, (uint32_t)pol->uid);
	wput_u32(&w, (uint32_t)pol->gid);
	wput_u64(&w, timeout_us);
	wput_str(&w, cmdline);
	uint32_t n = 0;
	while (extra && extra[n])
		n++;
	wput_u32(&w, n);
	for (uint32_t k = 0; k < n; k++)
		wput_str(&w, extra[k]);
	int sent = ipc_send(r->ch, IPC_SCRIPT_RUN, w.data, w.len);
	wbuf_free(&w);
	if (sent < 0) {
		r->free_idx[r->n_free++] = (uint32_t)i;
		return -1;
	}
	r->slots[i] = (struct req){ .id = id, .cb = cb, .arg = arg };
	r->pending++;
	log_debug("script '%s' asked of the parent (request %#x)", cmdline, id);
	return (pid_t)id;
}

void script_remote_kill(struct script_remote *r, pid_t id, int signo)
{
	if (!r->ch || !find(r, (uint32_t)id))
		return;
	uint32_t msg[2] = { (uint32_t)id, (uint32_t)signo };
	ipc_send(r->ch, IPC_SCRIPT_KILL, msg, sizeof(msg));
}

void script_remote_forget(struct script_remote *r, pid_t id)
{
	struct req *q = find(r, (uint32_t)id);
	if (q) {   /* the slot stays taken until the answer comes */
		q->cb = NULL;
		q->arg = NULL;
	}
}

bool script_remote_done(struct script_remote *r, const void *data, size_t len)
{
	struct rbuf rb;
	rbuf_init(&rb, data, len);
	uint32_t id = rget_u32(&rb);
	int32_t wstatus = (int32_t)rget_u32(&rb);
	uint8_t timed_out = rget_u8(&rb);
	struct req *q = find(r, id);
	if (rb.error || rb.left || timed_out > 1 || !q)
		return false;
	complete(r, q, wstatus, timed_out);
	return true;
}

static void flush_all(void *arg)
{
	struct script_remote *r = arg;
	for (size_t i = 0; i < r->n_slots; i++)
		if (r->slots[i].id)
			complete(r, &r->slots[i], -1, false);
}

void script_remote_parent_gone(struct script_remote *r)
{
	r->ch = NULL;
	if (r->pending)
		task_schedule(r->loop, &r->flush);
}
