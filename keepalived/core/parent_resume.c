/* parent_resume.c - the last state each child reported for each of its
 * objects, handed back to the child when it is respawned after a crash.
 *
 * A child tells the parent every state change (IPC_STATE_CHANGED: the
 * object's name as a wire string, then whatever the child needs). The
 * parent does not interpret it: it keeps the latest payload per name and,
 * when the child has to be started again because it died, sends each one
 * back as IPC_CONF_RESUME inside the first configuration stream. The VRRP
 * child uses it to resume MASTER without a gap (vrrp_child.c).
 */
#include "parent_int.h"

#include "ipc.h"
#include "log.h"
#include "util.h"
#include "wire.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct resume_entry {
	char *name;
	size_t name_len;
	void *data;              /* the whole STATE_CHANGED payload */
	size_t len, cap;         /* cap: data's size (a later payload reuses it) */
};

/* Entries in order of arrival, found by name through an open-addressing
 * index (a thousand instances report two changes each at start). */
struct resume_table {
	struct resume_entry *e;
	size_t n, cap;
	size_t *slot;            /* index into e, or SIZE_MAX; slot_cap a power of 2 */
	size_t slot_cap;
};

static uint32_t name_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;   /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (uint8_t)s[i]) * 16777619u;
	return h;
}

/* The slot of name (n bytes): where it is, or the empty slot where it
 * would go. */
static size_t slot_of(const struct resume_table *t, const char *name, size_t n)
{
	size_t mask = t->slot_cap - 1, i = name_hash(name, n) & mask;
	while (t->slot[i] != SIZE_MAX) {
		const struct resume_entry *e = &t->e[t->slot[i]];
		if (e->name_len == n && memcmp(e->name, name, n) == 0)
			break;
		i = (i + 1) & mask;
	}
	return i;
}

/* Keep the index at most half full. */
static void index_grow(struct resume_table *t)
{
	if (2 * (t->n + 1) <= t->slot_cap)
		return;
	free(t->slot);
	t->slot_cap = t->slot_cap ? 2 * t->slot_cap : 64;
	t->slot = xmalloc(t->slot_cap * sizeof(*t->slot));
	for (size_t i = 0; i < t->slot_cap; i++)
		t->slot[i] = SIZE_MAX;
	for (size_t k = 0; k < t->n; k++)
		t->slot[slot_of(t, t->e[k].name, t->e[k].name_len)] = k;
}

struct resume_table *resume_new(void)
{
	return xcalloc(1, sizeof(struct resume_table));
}

void resume_free(struct resume_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++) {
		free(t->e[i].name);
		free(t->e[i].data);
	}
	free(t->e);
	free(t->slot);
	free(t);
}

/* Contract: see parent_int.h. A payload that does not start with a name
 * is ignored (false). The name is read in place and copied only for a new
 * entry; a later payload of the same size or smaller reuses the entry's
 * buffer (a thousand instances: two reports each at start, the second
 * was four malloc()/free() calls). */
bool resume_note(struct resume_table *t, const void *payload, size_t len)
{
	struct rbuf r;
	rbuf_init(&r, payload, len);
	uint32_t n = rget_u32(&r);
	if (r.error || n > r.left || !n)   /* also NULL (0xffffffff) */
		return false;
	const char *name = (const char *)r.p;
	size_t name_len = strnlen(name, n);   /* as a C string: up to a NUL */
	if (!name_len)
		return false;
	index_grow(t);
	size_t i = slot_of(t, name, name_len);
	struct resume_entry *e;
	if (t->slot[i] != SIZE_MAX) {
		e = &t->e[t->slot[i]];
	} else {
		if (t->n == t->cap) {
			t->cap = t->cap ? 2 * t->cap : 32;
			t->e = xrealloc(t->e, t->cap * sizeof(*t->e));
		}
		t->slot[i] = t->n;
		e = &t->e[t->n++];
		e->name = xmalloc(name_len + 1);
		memcpy(e->name, name, name_len);
		e->name[name_len] = '\0';
		e->name_len = name_len;
		e->data = NULL;
		e->cap = 0;
	}
	if (len > e->cap || !e->data) {
		free(e->data);
		e->data = xmalloc(len ? len : 1);
		e->cap = len;
	}
	memcpy(e->data, payload, len);
	e->len = len;
	return true;
}

size_t resume_count(const struct resume_table *t) { return t->n; }

int resume_send(const struct resume_table *t, struct ipc_chan *ch)
{
	return resume_send_as(t, ch, IPC_CONF_RESUME);
}

int resume_send_as(const struct resume_table *t, struct ipc_chan *ch, uint32_t type)
{
	for (size_t i = 0; i < t->n; i++)
		if (ipc_send(ch, type, t->e[i].data, t->e[i].len) < 0)
			return -1;
	return 0;
}
