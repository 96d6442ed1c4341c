/* vrrp_track_bfd.c - the BFD sessions' states as the VRRP child hears them:
 * the BFD child reports each state change to the parent, which relays the
 * sessions whose bfd_instance sends events to VRRP as IPC_BFD_STATE (and,
 * in every configuration stream before CONF_END, the last state of each, so
 * that a new or respawned VRRP child starts from them). Kept by name for the
 * life of the process (bfd/bfd_states.c); track_bfd trackers
 * (vrrp_tracker.c) read it.
 */
#include "vrrp.h"
#include "bfd_conf.h"
#include "bfd_proto.h"

/* Contract: see vrrp.h. */
bool vrrp_bfd_state_msg(struct vrrp_ctx *ctx, struct rbuf *r)
{
	char name[BFD_NAME_MAX];
	uint32_t state;
	if (!bfd_state_decode(r, name, &state))
		return false;
	bool was_up = vrrp_bfd_state_up(ctx, name);
	bfd_states_set(&ctx->bfd_states, name, state);
	if (was_up != (state == BFD_UP))
		vrrp_trackers_bfd_changed(ctx, name, state == BFD_UP);
	return true;
}

/* Contract: see vrrp.h. */
bool vrrp_bfd_state_up(const struct vrrp_ctx *ctx, const char *name)
{
	return bfd_states_get(&ctx->bfd_states, name) == BFD_UP;
}

void vrrp_bfd_states_free(struct vrrp_ctx *ctx)
{
	bfd_states_free(&ctx->bfd_states);
}
