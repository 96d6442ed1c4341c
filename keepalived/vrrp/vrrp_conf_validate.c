/* vrrp_conf_validate.c - the checks of vrrp_instance blocks after parsing
 * (called from core/conf_validate.c): global_defs values are copied into
 * instances that did not set them (global_defs may come after the
 * instances), then every instance is checked with its file:line. Host
 * dependent checks (interfaces, address ownership) use the running system.
 */
#include "conf_lex.h"
#include "keyidx.h"
#include "log.h"
#include "util.h"
#include "vrrp_packet.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void conf_inherit_globals(struct conf_ctx *ctx)
{
	const struct global_conf *g = &ctx->conf->global;
	for (size_t i = 0; i < ctx->conf->n_vrrp; i++) {
		struct vrrp_instance_conf *vi = &ctx->conf->vrrp[i];
		unsigned set = conf_vrrp_meta(ctx, vi)->set;
		if (!(set & VRRP_SET_VERSION))
			vi->version = g->vrrp_version;
		if (!(set & VRRP_SET_GARP_DELAY))
			vi->garp_master_delay_s = g->garp_master_delay_s;
		if (!(set & VRRP_SET_GARP_REPEAT))
			vi->garp_master_repeat = g->garp_master_repeat;
		if (!(set & VRRP_SET_GARP_REFRESH))
			vi->garp_master_refresh_s = g->garp_master_refresh_s;
		if (!(set & VRRP_SET_GARP_REFRESH_REPEAT))
			vi->garp_master_refresh_repeat = g->garp_master_refresh_repeat;
		vi->mcast_group = g->vrrp_mcast_group4;
		if (!vi->down_timer_adverts)
			vi->down_timer_adverts = g->down_timer_adverts;
	}
}

/* The token an instance was declared with (for messages). */
static struct conf_token origin_tok(const struct vrrp_instance_conf *vi)
{
	return (struct conf_token){ .text = vi->name, .file = vi->origin.file, .line = vi->origin.line };
}

/* Is addr configured on interface ifname? */
static bool addr_on_interface(const struct ifaddrs *list, const char *ifname, const struct ka_addr *addr)
{
	for (const struct ifaddrs *ifa = list; ifa; ifa = ifa->ifa_next) {
		if (!ifa->ifa_addr || !ifa->ifa_name || strcmp(ifa->ifa_name, ifname) != 0)
			continue;
		if (ifa->ifa_addr->sa_family != addr->family)
			continue;
		if (addr->family == AF_INET &&
		    ((const struct sockaddr_in *)(const void *)ifa->ifa_addr)->sin_addr.s_addr == addr->u.v4.s_addr)
			return true;
		if (addr->family == AF_INET6 &&
		    memcmp(&((const struct sockaddr_in6 *)(const void *)ifa->ifa_addr)->sin6_addr,
			   &addr->u.v6, sizeof(addr->u.v6)) == 0)
			return true;
	}
	return false;
}

/* What the checks ask of the running system, looked up once per
 * validation: a thousand instances on four interfaces cost four interface
 * lookups (ctx->host: the system, or a unit test's list), and one address
 * dump in all. */
struct host_ifs {
	struct conf_ctx *ctx;
	struct keyidx *ix;              /* interface name -> index into info */
	struct conf_host_if *info;
	size_t n;
	struct ifaddrs *addrs;          /* getifaddrs(), on first use */
	bool addrs_read;
};

/* Interface ifname as the checks see it now (index 0: no such interface;
 * mtu 0: unknown), looked up on the first question about it. */
static const struct conf_host_if *host_if(struct host_ifs *h, const char *ifname)
{
	static const struct conf_host_if none;
	if (!ifname[0])
		return &none;
	size_t len = strlen(ifname), k = keyidx_get(h->ix, ifname, len);
	if (k != KEYIDX_NONE)
		return &h->info[k];
	struct conf_host_if *i = array_push(&h->info, &h->n, sizeof(*i));
	conf_iface(h->ctx, ifname, i);
	keyidx_put(h->ix, ifname, len, h->n - 1);
	return i;
}

/* The host's addresses (conf_host_addrs()), NULL when it cannot tell. */
static const struct ifaddrs *host_addrs(struct host_ifs *h)
{
	if (!h->addrs_read)
		h->addrs = conf_host_addrs(h->ctx->host);
	h->addrs_read = true;
	return h->addrs;
}

static void host_ifs_free(struct host_ifs *h)
{
	keyidx_free(h->ix);
	free(h->info);
	if (h->addrs)
		conf_host_addrs_free(h->ctx->host, h->addrs);
}

/* Priority 255 means "I own the addresses". keepalived 2.2.7 does not
 * check it (an instance of priority 255 is master at once and adds its
 * addresses like any master): a warning names each address that is not
 * configured, the instance runs. */
static void validate_owner(struct conf_ctx *ctx, struct host_ifs *h, const struct vrrp_instance_conf *vi,
			   const struct conf_token *at)
{
	const struct ifaddrs *list = host_addrs(h);
	for (size_t i = 0; i < vi->n_vips; i++) {
		const struct vip_conf *v = &vi->vips[i];
		const char *dev = v->dev[0] ? v->dev : vi->ifname;
		if (addr_on_interface(list, dev, &v->addr))
			continue;
		char buf[INET6_ADDRSTRLEN];
		inet_ntop(v->addr.family, &v->addr.u, buf, sizeof(buf));
		/* a notice: keepalived 2.2.7 says nothing (and -t exits 0) */
		conf_notice(ctx, at, "vrrp_instance %s: priority 255 is the address owner's, but %s is not on %s "
			    "(it is master at once and adds it)", vi->name, buf, dev);
	}
}

/* advert_int against the instance's (final) version. A VRRPv2 interval
 * that is not a whole number of seconds is rounded (half up, at least 1 s)
 * with a warning, as keepalived 2.2.7 does. */
static void validate_advert(struct conf_ctx *ctx, struct vrrp_instance_conf *vi,
			    const struct vrrp_meta *m, const struct conf_token *at)
{
	const struct conf_token *t = m->advert_tok ? m->advert_tok : at;
	const char *got = m->advert_tok ? m->advert_tok->text : "1";
	uint32_t us = m->advert_tok ? m->advert_us : vi->advert_int_cs * 10000u;
	if (vi->version == 2 && us % 1000000 && us < 255000000) {
		/* keepalived 2.2.7 rounds the microseconds it read */
		uint32_t s = (us + 500000) / 1000000;
		vi->advert_int_cs = (s ? s : 1) * 100;
		conf_warn(ctx, t, "advert_int %s: VRRP version 2 needs whole seconds: rounded to %u",
			  got, vi->advert_int_cs / 100);
	} else if (vi->version != 2 && us % 10000) {
		vi->advert_int_cs = (us + 5000) / 10000;
		conf_warn(ctx, t, "advert_int %s: VRRP version 3 needs units of 10 ms: rounded to %u.%02u "
			  "(as keepalived 2.2.7)", got, vi->advert_int_cs / 100, vi->advert_int_cs % 100);
	}
	if (vi->version == 2) {
		if (vi->advert_int_cs % 100 != 0 && vi->advert_int_cs < 25500) {
			uint32_t s = (vi->advert_int_cs + 50) / 100;
			vi->advert_int_cs = (s ? s : 1) * 100;
			conf_warn(ctx, t, "advert_int %s: VRRP version 2 needs whole seconds: rounded to %u",
				  got, vi->advert_int_cs / 100);
		}
		if (vi->advert_int_cs < 100 || vi->advert_int_cs > 25500)
			conf_error(ctx, t, "advert_int must be 1..255 seconds for VRRP version 2, got %s", got);
	} else if (vi->advert_int_cs > 4095) {
		/* keepalived 2.2.7: "... out of range. Must be less than 40.96s.
		 * Setting to 40.95s" */
		conf_warn(ctx, t, "advert_int must be 0.01..40.95 seconds for VRRP version 3, got %s: 40.95 is used "
			  "(as keepalived 2.2.7)", got);
		vi->advert_int_cs = 4095;
	}
}

/* How many addresses an advert of vi can carry: VRRP_MAX_ADDRS, or fewer
 * when they do not fit in the MTU of its interface. As keepalived 2.2.7
 * counts it (measured with its -t at several MTUs): the MTU less an
 * Ethernet header (14), the IP header (20 / 40), IPsec AH (24), the VRRP
 * header (8) and the VRRPv2 IPv4 authentication data (8), divided by the
 * address size. An interface that does not exist (yet) limits nothing. */
static size_t max_addrs(struct host_ifs *h, const struct vrrp_instance_conf *vi)
{
	unsigned mtu = host_if(h, vi->ifname)->mtu;
	bool v6 = vi->l3.family == AF_INET6;
	unsigned hdr = 14 + (v6 ? 40 : 20) + 8;
	if (!v6 && vi->version == 2)
		hdr += 8;
	if (!v6 && vi->version == 2 && vi->auth_type == VRRP_AUTH_AH)
		hdr += 24;
	if (mtu <= hdr)
		return VRRP_MAX_ADDRS;
	size_t n = (mtu - hdr) / (v6 ? 16 : 4);
	return n < VRRP_MAX_ADDRS ? n : VRRP_MAX_ADDRS;
}

/* An advert carries at most max addresses. As keepalived 2.2 does, the
 * addresses past that are handled as virtual_ipaddress_excluded (installed
 * and removed with the instance, not advertised, not compared with the
 * master's adverts), with a warning: keepalived 2.2.7's "(VI_1) Number of
 * VIPs (300) exceeds maximum/space available in packet (max 255 addresses)
 * - excess moved to eVIPs" - its -t exits 5 and it runs the file, the
 * first ones in the adverts (ours was an error at -t, exit 4). */
static void move_excess_vips(struct conf_ctx *ctx, struct vrrp_instance_conf *vi, size_t max,
			     const struct conf_token *at)
{
	size_t excess = vi->n_vips - max;
	const char *fmt = "vrrp_instance %s: %zu addresses in virtual_ipaddress, but an advert carries at most %zu"
			  "%s: the last %zu are handled as virtual_ipaddress_excluded (installed, not advertised)";
	const char *why = max < VRRP_MAX_ADDRS ? " (the MTU of its interface)" : "";
	conf_warn(ctx, at, fmt, vi->name, vi->n_vips, max, why, excess);
	for (size_t i = max; i < vi->n_vips; i++)
		*(struct vip_conf *)array_push(&vi->vips_excluded, &vi->n_vips_excluded, sizeof(vi->vips[i])) =
			vi->vips[i];
	vi->n_vips = max;
}

/* keepalived 2.2.7 refuses a loopback interface (IFF_LOOPBACK, whatever
 * its name) for an instance, with dynamic_interfaces too: "(A) cannot use
 * a loopback interface (lo) for vrrp - ignoring", "(A) Unknown interface!",
 * and its VRRP process exits with a configuration error, which stops the
 * daemon - at start and on reload. An error here (-t exits 4; a reload is
 * refused and the running configuration stays). Not checked when the
 * interfaces are in a net_namespace the checks cannot see (it does not
 * exist yet).
 * track_interface, and dev on addresses and routes, may name one. */
static void validate_not_loopback(struct conf_ctx *ctx, struct host_ifs *h, const struct vrrp_instance_conf *vi,
				  const struct conf_token *at)
{
	if (!conf_host_visible(ctx) || !(host_if(h, vi->ifname)->flags & IFF_LOOPBACK))
		return;
	conf_error(ctx, at, "vrrp_instance %s: cannot use a loopback interface (%s) for VRRP "
		   "(keepalived 2.2.7 does not run this file either)", vi->name, vi->ifname);
}

/* Checks of one instance on its own. */
static void validate_instance(struct conf_ctx *ctx, struct host_ifs *h, struct vrrp_instance_conf *vi)
{
	const struct vrrp_meta *m = conf_vrrp_meta(ctx, vi);
	struct conf_token at = origin_tok(vi);

	/* keepalived 2.2.7: state MASTER without a priority is the address
	 * owner (priority 255); otherwise the default is 100 */
	if (vi->initial_state == VRRP_STATE_MASTER && !(m->set & VRRP_SET_PRIORITY))
		vi->priority = VRRP_PRIO_OWNER;
	/* and without a state, the owner's is MASTER (the others' BACKUP): an
	 * owner starts MASTER at once only in state MASTER, as there */
	if (!(m->set & VRRP_SET_STATE) && vi->priority == VRRP_PRIO_OWNER)
		vi->initial_state = VRRP_STATE_MASTER;
	vrrp_l3_validate(ctx, vi, &at);   /* family first: it decides the version */
	vrrp_strict_validate(ctx, vi, &at);
	if (!(m->set & VRRP_SET_INTERFACE)) {
		/* keepalived: a unicast instance may do without (its VIPs then go
		 * on default_interface) */
		if (!vi->ext.n_peers || vi->l3.family == AF_INET6 || !vi->mcast_src_ip.s_addr)
			conf_error(ctx, &at, "vrrp_instance %s: interface is required "
				   "(or unicast_peer and an IPv4 unicast_src_ip)", vi->name);
		else if (vrrp_l3_own_link(&vi->l3))
			conf_error(ctx, &at, "vrrp_instance %s: %s needs an interface", vi->name,
				   vi->l3.use_ipvlan ? "use_ipvlan" : "use_vmac");
	}
	else if (host_if(h, vi->ifname)->index == 0 && conf_interfaces_checked(ctx))
		conf_error(ctx, &at, "vrrp_instance %s: interface %s does not exist "
			   "(dynamic_interfaces allows interfaces that appear later)", vi->name, vi->ifname);
	else
		validate_not_loopback(ctx, h, vi, m->interface_tok ? m->interface_tok : &at);
	if (!(m->set & VRRP_SET_VRID))
		conf_error(ctx, &at, "vrrp_instance %s: virtual_router_id is required", vi->name);

	validate_advert(ctx, vi, m, &at);

	if (vi->nopreempt && vi->initial_state != VRRP_STATE_BACKUP) {
		/* keepalived 2.2.7 warns and clears it (Octavia writes this) */
		conf_warn(ctx, &at, "vrrp_instance %s: nopreempt does not work with state MASTER: cleared", vi->name);
		vi->nopreempt = false;
	}
	if (vi->preempt_delay_ms && vi->initial_state == VRRP_STATE_MASTER) {
		/* keepalived 2.2.7 too (OpenShift's ipfailover writes this) */
		conf_warn(ctx, &at, "vrrp_instance %s: preempt_delay does not work with state MASTER: cleared", vi->name);
		vi->preempt_delay_ms = 0;
	}
	if (vi->preempt_delay_ms && vi->nopreempt) {
		/* keepalived 2.2.7: "incompatible with nopreempt mode - resetting" */
		conf_warn(ctx, &at, "vrrp_instance %s: preempt_delay does not work with nopreempt: cleared", vi->name);
		vi->preempt_delay_ms = 0;
	}

	/* keepalived 2.2.7 refuses an instance without an advertised address
	 * when it is VRRPv3 or IPv6 ("No VIP specified; at least one is
	 * required": its VRRP process exits and the daemon with it); strict
	 * mode says so too (vrrp_strict_validate()) */
	if (vi->n_vips == 0 && (vi->version == 3 || vi->l3.family == AF_INET6))
		conf_error(ctx, &at, "vrrp_instance %s has no virtual_ipaddress: a VRRPv3 or IPv6 "
			   "instance needs at least one", vi->name);
	else if (vi->n_vips == 0 && !vi->l3.strict)
		conf_warn(ctx, &at, "vrrp_instance %s has no virtual_ipaddress", vi->name);

	bool has_type = m->set & VRRP_SET_AUTH_TYPE, has_pass = m->set & VRRP_SET_AUTH_PASS;
	const struct conf_token *auth_at = m->auth_tok ? m->auth_tok : &at;
	if (has_type && !has_pass && vi->version == 2) {
		/* keepalived 2.2.7: "Authentication specified but no password
		 * given. Ignoring" - it runs without authentication */
		conf_warn(ctx, auth_at, "vrrp_instance %s: auth_type without auth_pass: no authentication "
			  "(as keepalived 2.2.7)", vi->name);
		vi->auth_type = VRRP_AUTH_NONE;
	} else if (has_pass && !has_type) {
		/* keepalived 2.2.7 keeps the default type, none */
		conf_warn(ctx, auth_at, "vrrp_instance %s: auth_pass without auth_type: no authentication "
			  "(as keepalived 2.2.7)", vi->name);
	} else if (has_type && vi->version == 3)
		conf_warn(ctx, auth_at, "vrrp_instance %s: authentication is ignored with VRRP version 3", vi->name);
	if (vi->version == 3)
		vi->auth_type = VRRP_AUTH_NONE;
	if (vi->auth_type == VRRP_AUTH_AH && vi->l3.family == AF_INET6) {
		/* keepalived 2.2.7 warns and runs without authentication */
		conf_warn(ctx, auth_at, "vrrp_instance %s: AH authentication cannot be used with IPv6: ignored",
			  vi->name);
		vi->auth_type = VRRP_AUTH_NONE;
	}

	if (vi->auth_type == VRRP_AUTH_AH && vi->initial_state == VRRP_STATE_MASTER && vi->priority != 255) {
		/* keepalived 2.2.7: AH needs an advert's sequence number before
		 * taking over - "Initial state master is incompatible with AH
		 * authentication - clearing": it starts as BACKUP */
		conf_warn(ctx, auth_at, "vrrp_instance %s: state MASTER with AH authentication: starts as BACKUP "
			  "(as keepalived 2.2.7)", vi->name);
		vi->initial_state = VRRP_STATE_BACKUP;
	}

	size_t max = max_addrs(h, vi);   /* version, family and authentication are final */
	if (vi->n_vips > max)
		move_excess_vips(ctx, vi, max, &at);
	if (vi->priority == 255 && vi->n_vips)
		validate_owner(ctx, h, vi, m->priority_tok ? m->priority_tok : &at);
}

/* Address family of an instance (decided by vrrp_l3_validate()). */
static sa_family_t instance_family(const struct vrrp_instance_conf *vi)
{
	return vi->l3.family;
}

/* The key of vi's VRID on its interface, family and channel (key holds at
 * least VRID_KEY_MAX bytes); its length, 0 when vi has no VRID or
 * interface. The channel, as keepalived 2.2.7 counts a clash: unicast and
 * multicast are separate VRID spaces, and multicast instances clash only
 * in the same group. Two unicast ones may share it when they share no
 * peer (unicast_clash()). */
#define VRID_KEY_MAX (8 + 1 + 16 + IFNAMSIZ)
/* Unicast as keepalived 2.2.7 counts it for a clash (VRRP_FLAG_UNICAST):
 * with a peer; a unicast keyword without one is multicast (or FAULT with
 * unicast_fault_no_peer - still in the multicast space). */
static bool sends_unicast(const struct vrrp_instance_conf *vi)
{
	return vi->ext.unicast && vi->ext.n_peers;
}

static size_t vrid_key(const struct vrrp_instance_conf *vi, uint8_t *key)
{
	if (!vi->vrid || !vi->ifname[0])
		return 0;
	uint32_t head[2] = { vi->vrid, instance_family(vi) };
	size_t len = 0, n = strnlen(vi->ifname, sizeof(vi->ifname));
	bool unicast = sends_unicast(vi);
	memcpy(key, head, sizeof(head));
	len += sizeof(head);
	key[len++] = unicast;
	if (!unicast && vi->l3.family == AF_INET6) {
		memcpy(key + len, &vi->l3.mcast_group6, 16);
		len += 16;
	} else if (!unicast) {
		memcpy(key + len, &vi->mcast_group, 4);
		len += 4;
	}
	memcpy(key + len, vi->ifname, n);
	return len + n;
}

/* Two unicast instances of one VRID on one interface: keepalived 2.2.7
 * runs both when their local addresses differ or they have no unicast peer
 * in common (an advert goes to the instance whose peer sent it,
 * vrrp_iface_unicast_owner()); a common peer is its "duplicate VRID
 * conflict", which it does not run. An unset source is the interface's. */
static bool unicast_clash(const struct vrrp_instance_conf *a, const struct vrrp_instance_conf *b)
{
	bool v6 = a->l3.family == AF_INET6;
	bool a_src = v6 ? !IN6_IS_ADDR_UNSPECIFIED(&a->l3.mcast_src6) : a->mcast_src_ip.s_addr != 0;
	bool b_src = v6 ? !IN6_IS_ADDR_UNSPECIFIED(&b->l3.mcast_src6) : b->mcast_src_ip.s_addr != 0;
	if (a_src && b_src && (v6 ? memcmp(&a->l3.mcast_src6, &b->l3.mcast_src6, 16) != 0
				  : a->mcast_src_ip.s_addr != b->mcast_src_ip.s_addr))
		return false;
	for (size_t i = 0; i < a->ext.n_peers; i++)
		for (size_t j = 0; j < b->ext.n_peers; j++)
			if (a->ext.peers[i].addr.family == b->ext.peers[j].addr.family &&
			    !memcmp(&a->ext.peers[i].addr.u, &b->ext.peers[j].addr.u, v6 ? 16 : 4))
				return true;
	return false;
}

/* The earlier instance (before i) whose VRID vi's clashes with, or NULL:
 * first, the one the index holds; unicast ones are compared pairwise. */
static const struct vrrp_instance_conf *vrid_clash(const struct config *conf, size_t i, size_t jv,
						   const uint8_t *key, size_t klen)
{
	const struct vrrp_instance_conf *b = &conf->vrrp[i];
	if (!sends_unicast(b))
		return &conf->vrrp[jv];
	for (size_t j = jv; j < i; j++) {
		uint8_t k2[VRID_KEY_MAX];
		if (vrid_key(&conf->vrrp[j], k2) == klen && !memcmp(k2, key, klen) &&
		    unicast_clash(&conf->vrrp[j], b))
			return &conf->vrrp[j];
	}
	return NULL;
}

/* Names are unique; a VRID is used once per interface, family and channel
 * (multicast group, or unicast). Each instance is checked against those
 * before it, through two indexes (a thousand instances: no million
 * comparisons); the first earlier instance that clashes is named, a name
 * clash before a VRID clash of the same one. */
static void validate_pairs(struct conf_ctx *ctx)
{
	const struct config *conf = ctx->conf;
	struct keyidx *names = keyidx_new(conf->n_vrrp), *vrids = keyidx_new(conf->n_vrrp);
	for (size_t i = 0; i < conf->n_vrrp; i++) {
		const struct vrrp_instance_conf *b = &conf->vrrp[i];
		struct conf_token at = origin_tok(b);
		uint8_t key[VRID_KEY_MAX];
		size_t klen = vrid_key(b, key), nlen = strlen(b->name);
		size_t jn = keyidx_get(names, b->name, nlen);
		size_t jv = klen ? keyidx_get(vrids, key, klen) : KEYIDX_NONE;
		if (jn != KEYIDX_NONE && (jv == KEYIDX_NONE || jn <= jv)) {
			/* not reached: drop_duplicate_names() kept the first of each name */
			const struct vrrp_instance_conf *a = &conf->vrrp[jn];
			conf_error(ctx, &at, "duplicate vrrp_instance %s (first declared at %s:%d)",
				   b->name, a->origin.file, a->origin.line);
		} else if (jv != KEYIDX_NONE) {
			const struct vrrp_instance_conf *a = vrid_clash(conf, i, jv, key, klen);
			if (a)
				conf_error(ctx, &at, "vrrp_instance %s: virtual_router_id %u on %s is already used by "
					   "vrrp_instance %s (%s:%d)%s", b->name, b->vrid, b->ifname, a->name,
					   a->origin.file, a->origin.line,
					   sends_unicast(b) ? " with a common unicast peer" : "");
		}
		keyidx_put(names, b->name, nlen, i);   /* the first one stays */
		if (klen)
			keyidx_put(vrids, key, klen, i);
	}
	keyidx_free(names);
	keyidx_free(vrids);
}

/* A vrrp_instance whose name an earlier one has: keepalived 2.2.7 reports
 * "vrrp instance X already defined", skips its block and runs the first:
 * the later one is dropped here with that warning (before any other check
 * of it), its meta moving with the array. */
static void drop_duplicate_names(struct conf_ctx *ctx)
{
	struct config *conf = ctx->conf;
	struct keyidx *names = keyidx_new(conf->n_vrrp);
	size_t kept = 0;
	for (size_t i = 0; i < conf->n_vrrp; i++) {
		struct vrrp_instance_conf *b = &conf->vrrp[i];
		if (!keyidx_put(names, b->name, strlen(b->name), i)) {
			const struct vrrp_instance_conf *a = &conf->vrrp[keyidx_get(names, b->name, strlen(b->name))];
			struct conf_token at = origin_tok(b);
			conf_warn(ctx, &at, "vrrp instance %s already defined (at %s:%d): this block is skipped, as "
				  "keepalived 2.2.7 skips it", b->name, a->origin.file, a->origin.line);
			vrrp_instance_conf_free(b);
			continue;
		}
		if (kept != i) {
			conf->vrrp[kept] = *b;
			if (i < ctx->n_vrrp_meta)
				ctx->vrrp_meta[kept] = ctx->vrrp_meta[i];
		}
		kept++;
	}
	keyidx_free(names);
	if (ctx->n_vrrp_meta > kept)
		ctx->n_vrrp_meta = kept;
	conf->n_vrrp = kept;
}

void vrrp_conf_validate(struct conf_ctx *ctx)
{
	drop_duplicate_names(ctx);
	struct host_ifs h = { .ctx = ctx, .ix = keyidx_new(8) };
	for (size_t i = 0; i < ctx->conf->n_vrrp; i++)
		validate_instance(ctx, &h, &ctx->conf->vrrp[i]);
	host_ifs_free(&h);
	validate_pairs(ctx);
	vrrp_l3_validate_pairs(ctx);
	vrrp_track_groups_apply(ctx);
	vrrp_check_interfaces(ctx);
	vrrp_implicit_tracking(ctx);
	vrrp_vmac_addr_assign(ctx);   /* after: the lines' own interfaces are checked and tracked */
	conf_validate_track(ctx);
	vrrp_iface_conf_validate(ctx);
}
