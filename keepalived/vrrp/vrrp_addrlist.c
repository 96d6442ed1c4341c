/* vrrp_addrlist.c - adverts whose address list differs from ours.
 *
 * RFC 3768 and RFC 5798 (7.1) have a router drop such an advert unless it
 * comes from the address owner (priority 255), and log the event; keepalived
 * 2.2.7 drops them too. During a rolling change of the VIP list the two
 * routers then ignore each other and both become master: so the drop is
 * made visible - one warning per change of (peer, list) naming the peer and
 * both lists, and the "Address List" counter of the stats dump. See
 * keepalived.conf(5), "Changing the address list", for the safe procedure.
 */
#include "vrrp.h"
#include "log.h"
#include "util.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

/* FNV-1a over bytes, continuing from h. */
static uint32_t fnv(uint32_t h, const void *p, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 16777619u;
	return h;
}

/* Append the text of addr (family) to a heap string. */
static void append_addr(char **out, size_t *len, int family, const void *addr, bool first)
{
	char a[INET6_ADDRSTRLEN];
	if (!inet_ntop(family, addr, a, sizeof(a)))
		str_copy(a, sizeof(a), "?");
	str_appendf(out, len, "%s%s", first ? "" : " ", a);
}

/* Contract: see vrrp.h. */
bool vrrp_addr_mismatch(struct vrrp_instance *vi, const char *from, int family, const void *addrs,
			unsigned n, uint8_t priority)
{
	size_t asz = family == AF_INET6 ? sizeof(struct in6_addr) : sizeof(struct in_addr);
	uint32_t sig = fnv(2166136261u, from, strlen(from));
	sig = fnv(sig, addrs, asz * n) | 1;   /* never 0 */
	bool owner = priority == VRRP_PRIO_OWNER;
	if (sig == vi->addr_mismatch_sig)
		return owner;
	vi->addr_mismatch_sig = sig;

	char *theirs = NULL, *ours = NULL;
	size_t tl = 0, ol = 0;
	for (unsigned i = 0; i < n; i++)
		append_addr(&theirs, &tl, family, (const uint8_t *)addrs + i * asz, i == 0);
	bool first = true;
	for (size_t i = 0; i < vi->conf.n_vips; i++) {
		if (vi->conf.vips[i].addr.family != family)
			continue;
		append_addr(&ours, &ol, family, &vi->conf.vips[i].addr.u, first);
		first = false;
	}
	log_warn("(%s) advert from %s (priority %u) lists [%s] but ours is [%s]: %s", vi->conf.name, from,
		 priority, theirs ? theirs : "", ours ? ours : "",
		 owner ? "accepted (from the address owner)"
		       : "dropped until the lists match (RFC 5798 7.1): both routers may be master meanwhile");
	free(theirs);
	free(ours);
	return owner;
}
