/* vrrp_track_bfd.c - the BFD sessions' states as the VRRP child hears them:
 * the BFD child reports each state change to the parent, which relays the
 * sessions whose bfd_instance sends events to VRRP as IPC_BFD_STATE (and,
 * in every configuration stream before CONF_END, the last state of each, so
 * that a new or respawned VRRP child starts from them). Kept by name for the
 * life of the process; track_bfd trackers (vrrp_tracker.c) read it.
 */
#include "vrrp.h"
#include "bfd_conf.h"
#include "bfd_proto.h"
#include "log.h"
#include "util.h"
#include "wire.h"

#include <stdlib.h>
#include <string.h>

struct vrrp_bfd_state {
	char name[BFD_NAME_MAX];
	bool up;
};

static struct vrrp_bfd_state *find(const struct vrrp_ctx *ctx, const char *name)
{
	for (size_t i = 0; i < ctx->n_bfd_states; i++)
		if (!strcmp(ctx->bfd_states[i].name, name))
			return &ctx->bfd_states[i];
	return NULL;
}

/* Contract: see vrrp.h. */
bool vrrp_bfd_state_msg(struct vrrp_ctx *ctx, struct rbuf *r)
{
	char name[BFD_NAME_MAX];
	rget_strbuf(r, name, sizeof(name));
	uint32_t state = rget_u32(r);
	if (r->error || r->left || state > BFD_UP)
		return false;
	bool up = state == BFD_UP;
	struct vrrp_bfd_state *s = find(ctx, name);
	if (!s) {
		s = array_push(&ctx->bfd_states, &ctx->n_bfd_states, sizeof(*s));
		str_copy(s->name, sizeof(s->name), name);
		s->up = false;
	} else if (s->up == up) {
		return true;
	}
	s->up = up;
	vrrp_trackers_bfd_changed(ctx, name, up);
	return true;
}

/* Contract: see vrrp.h. */
bool vrrp_bfd_state_up(const struct vrrp_ctx *ctx, const char *name)
{
	const struct vrrp_bfd_state *s = find(ctx, name);
	return s && s->up;
}

void vrrp_bfd_states_free(struct vrrp_ctx *ctx)
{
	free(ctx->bfd_states);
	ctx->bfd_states = NULL;
	ctx->n_bfd_states = 0;
}
