/* check_reload.c - a reload of the checker keyed on IPVS service identity
 * (see checker.h check_reload()).
 *
 * A virtual server's name in the file ("10.0.0.1:80/TCP", "group G/TCP")
 * is not what the kernel knows: a group renamed, or a service moved from a
 * group to its own virtual_server block, still holds the same IPVS
 * services. So an old virtual server is paired with the new one that holds
 * one of its services (protocol/address/port, fwmark, family), and each
 * old service is judged on its own: kept when a new virtual server holds
 * it (minus the destinations that new owner does not configure), deleted
 * otherwise. A kept service is never deleted and re-created, so its
 * connections and its healthy real servers stay.
 */
#include "checker.h"
#include "log.h"
#include "util.h"

#include <errno.h>
#include <string.h>

/* The virtual server of list that holds service s (NULL: none). */
static struct vs_rt *owner_of(struct vs_rt *list, const struct ipvs_svc *s)
{
	for (struct vs_rt *vs = list; vs; vs = vs->next)
		for (size_t i = 0; i < vs->n_svcs; i++)
			if (ipvs_svc_same(&vs->svcs[i], s))
				return vs;
	return NULL;
}

/* The new virtual server taking over old: the owner of its first service
 * that has one. */
static struct vs_rt *counterpart(struct vs_rt *fresh, const struct vs_rt *old)
{
	for (size_t i = 0; i < old->n_svcs; i++) {
		struct vs_rt *n = owner_of(fresh, &old->svcs[i]);
		if (n)
			return n;
	}
	return NULL;
}

/* Does owner configure this address and port, as a real or sorry server? */
static bool owner_has(struct vs_rt *owner, const struct rs_conf *c)
{
	if (vs_find_rs(owner, c))
		return true;
	return owner->conf.has_sorry && owner->sorry.conf->port == c->port &&
	       ka_addr_eq(&owner->sorry.conf->addr, &c->addr);
}

/* From service s (kept, now owner's), delete the destinations of old's
 * real servers (and sorry server) that owner does not configure. */
static void drop_unowned_dests(struct vs_rt *owner, struct vs_rt *old, const struct ipvs_svc *s)
{
	char sb[80], rb[80];
	for (size_t j = 0; j <= old->n_rs; j++) {
		struct rs_rt *rs = j < old->n_rs ? &old->rs[j] : &old->sorry;
		if ((j == old->n_rs && !old->conf.has_sorry) || owner_has(owner, rs->conf))
			continue;
		struct ipvs_dest d;
		vs_dest_of(rs, s, 0, &d);
		if (ipvs_dest_del(old->ck->ipvs, s, &d) == 0)
			log_info("IPVS: removed %s from %s (no longer configured)", rs_str(rs, rb, sizeof(rb)),
				 ipvs_svc_str(s, sb, sizeof(sb)));
	}
}

void check_reload(struct checker *ck, struct vs_rt *fresh, struct vs_rt *old)
{
	char sb[80];
	for (struct vs_rt *o = old; o; o = o->next)
		vs_rt_stop(o, 0);
	for (struct vs_rt *o = old; o; o = o->next) {
		struct vs_rt *n = counterpart(fresh, o);
		if (n && !n->adopted) {
			vs_rt_adopt(n, o);
			n->adopted = true;
			if (strcmp(n->conf.name, o->conf.name) != 0)
				log_info("VS %s is now %s (same IPVS services)", o->conf.name, n->conf.name);
			/* its real servers the new one does not have, that were
			 * up and in IPVS (not displaced by the sorry server), go
			 * down (keepalived 2.2.7's clear_diff_rs()) */
			for (size_t j = 0; j < o->n_rs; j++)
				if (o->rs[j].up && !o->sorry_active && !vs_find_rs(n, o->rs[j].conf))
					rs_removed_notify(&o->rs[j]);
		} else if (!n) {
			log_info("VS %s removed by the new configuration", o->conf.name);
			vs_rt_stop(o, VS_STOP_REMOVED);
		}
		if (!ck->ipvs)
			continue;
		for (size_t i = 0; i < o->n_svcs; i++) {
			const struct ipvs_svc *s = &o->svcs[i];
			struct vs_rt *owner = owner_of(fresh, s);
			if (owner) {
				drop_unowned_dests(owner, o, s);
				continue;
			}
			int r = ipvs_svc_del(ck->ipvs, s);
			if (r == 0)
				log_info("IPVS: removed service %s (no longer configured)", ipvs_svc_str(s, sb, sizeof(sb)));
			else if (r != -ENOENT)
				log_err("IPVS: removing service %s failed: %s", ipvs_svc_str(s, sb, sizeof(sb)),
					ipvs_strerror(r));
		}
	}
}
