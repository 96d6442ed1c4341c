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

#include <stdlib.h>
#include <string.h>

struct resume_entry {
	char *name;
	void *data;              /* the whole STATE_CHANGED payload */
	size_t len;
};

struct resume_table {
	struct resume_entry *e;
	size_t n;
};

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
	free(t);
}

/* Contract: see parent_int.h. A payload that does not start with a name
 * is ignored (false). */
bool resume_note(struct resume_table *t, const void *payload, size_t len)
{
	struct rbuf r;
	rbuf_init(&r, payload, len);
	char *name = rget_str(&r);
	if (r.error || !name || !*name) {
		free(name);
		return false;
	}
	struct resume_entry *e = NULL;
	for (size_t i = 0; i < t->n && !e; i++)
		if (strcmp(t->e[i].name, name) == 0)
			e = &t->e[i];
	if (e) {
		free(name);
		free(e->data);
	} else {
		e = array_push(&t->e, &t->n, sizeof(*e));
		e->name = name;
	}
	e->data = xmalloc(len ? len : 1);
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
