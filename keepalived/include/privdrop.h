/* privdrop.h - a process gives up every capability it does not need.
 *
 * The parent's process table (parent_int.h, procs[]) says which
 * capabilities each child keeps; the parent sends that set as the child's
 * first message (IPC_PRIVS) and core/child_ipc.c calls privdrop_apply()
 * once, after the child applied its first configuration and before it
 * acknowledges it - so before the child reads anything from the network.
 *
 * Masks are bit sets of capability numbers: PRIV_CAP(CAP_NET_RAW) |
 * PRIV_CAP(CAP_NET_ADMIN). Done with capset(2)/prctl(2) directly (no
 * library): the order of the steps matters and is all in one function.
 */
#ifndef KA_PRIVDROP_H
#define KA_PRIVDROP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/capability.h>

#define PRIV_CAP(c) (1ULL << (c))

/* The unprivileged system user the children run as when it exists
 * (packagers and tools/setup.sh create it); else they keep uid 0. */
#define PRIV_CHILD_USER "keepalived"

/* Keep only the capabilities in keep (those the process does not have are
 * left out): permitted = effective = bounding set = keep & what it has;
 * inheritable and ambient sets empty; securebits NOROOT, NO_SETUID_FIXUP,
 * NO_CAP_AMBIENT_RAISE and KEEP_CAPS off, all locked; no_new_privs. With
 * uid not 0 the process also becomes uid/gid (real, effective and saved,
 * no supplementary groups), keeping those capabilities. The result is read
 * back and compared. Returns true, or false with the reason in why: the
 * caller must then not go on (it would run with more than it should). */
bool privdrop_apply(uint64_t keep, uint32_t uid, uint32_t gid, char *why, size_t whylen);

/* The permitted and effective sets of this process (false when capget
 * fails). */
bool privdrop_current(uint64_t *permitted, uint64_t *effective);

/* "cap_net_admin,cap_net_raw" ("none" for 0) into buf. */
void privdrop_names(uint64_t mask, char *buf, size_t len);

#endif
