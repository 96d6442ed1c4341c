/* bfd_states.c - the BFD sessions' last states by name, as the VRRP child
 * (vrrp/vrrp_track_bfd.c) and the checker (check/check_bfd.c) keep them from
 * the parent's IPC_BFD_STATE records (see bfd_conf.h).
 */
#include "bfd_conf.h"
#include "bfd_proto.h"
#include "util.h"
#include "wire.h"

#include <stdlib.h>
#include <string.h>

struct bfd_state_entry {
	char name[BFD_NAME_MAX];
	uint32_t state;
};

/* Contract: see bfd_conf.h. */
bool bfd_state_decode(struct rbuf *r, char name[BFD_NAME_MAX], uint32_t *state)
{
	rget_strbuf(r, name, BFD_NAME_MAX);
	*state = rget_u32(r);
	return !r->error && !r->left && *state <= BFD_UP;
}

static struct bfd_state_entry *find(const struct bfd_states *t, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->e[i].name, name))
			return &t->e[i];
	return NULL;
}

/* Contract: see bfd_conf.h. */
bool bfd_states_set(struct bfd_states *t, const char *name, uint32_t state)
{
	struct bfd_state_entry *e = find(t, name);
	if (e && e->state == state)
		return false;
	if (!e) {
		e = array_push(&t->e, &t->n, sizeof(*e));
		str_copy(e->name, sizeof(e->name), name);
	}
	e->state = state;
	return true;
}

/* Contract: see bfd_conf.h. */
int bfd_states_get(const struct bfd_states *t, const char *name)
{
	const struct bfd_state_entry *e = find(t, name);
	return e ? (int)e->state : -1;
}

void bfd_states_free(struct bfd_states *t)
{
	free(t->e);
	t->e = NULL;
	t->n = 0;
}
