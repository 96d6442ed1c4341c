/* vrrp_conf_l3.c - keywords, field table and checks of struct
 * vrrp_l3_conf (vrrp_l3_conf.h): an instance's address family, IPv6
 * multicast group and source; global_defs vrrp_mcast_group6.
 */

#include "conf_host.h"
#include "conf_lex.h"
#include "keyidx.h"
#include "util.h"
#include "vrrp_packet.h"
#include "vrrp_vmac.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct conf_field l3_rows[] = {
	CF_U(struct vrrp_l3_conf, family, 0, AF_INET6),
	CF_B(struct vrrp_l3_conf, native_ipv6),
	CF_RAW(struct vrrp_l3_conf, mcast_src6),
	CF_RAW(struct vrrp_l3_conf, mcast_group6),
	CF_RAW(struct vrrp_l3_conf, mcast_dst4),
	CF_RAW(struct vrrp_l3_conf, mcast_dst6),
	CF_B(struct vrrp_l3_conf, use_vmac),
	CF_SBUF(struct vrrp_l3_conf, vmac_name),
	CF_B(struct vrrp_l3_conf, vmac_xmit_base),
	CF_RAW(struct vrrp_l3_conf, vmac_mac),
	CF_B(struct vrrp_l3_conf, vmac_mac_set),
	CF_B(struct vrrp_l3_conf, vmac_mac_vrid),
	CF_B(struct vrrp_l3_conf, use_ipvlan),
	CF_U(struct vrrp_l3_conf, ipvlan_flags, 0, IPVLAN_F_VEPA),
	CF_U(struct vrrp_l3_conf, ipvlan_plen, 0, 128),
	CF_A(struct vrrp_l3_conf, ipvlan_addr, CF_OPTIONAL),
	CF_B(struct vrrp_l3_conf, ipvlan_fault),
	CF_B(struct vrrp_l3_conf, strict),
	CF_B(struct vrrp_l3_conf, strict_set),
	CF_B(struct vrrp_l3_conf, accept),
	CF_B(struct vrrp_l3_conf, accept_set),
	CF_SUB(struct vrrp_l3_conf, rt, vrrp_routes_conf_desc, 0),
	CF_B(struct vrrp_l3_conf, skip_check_adv_addr),
	CF_B(struct vrrp_l3_conf, skip_check_set),
	CF_B(struct vrrp_l3_conf, owner_ignore_adverts),
	CF_B(struct vrrp_l3_conf, owner_ignore_set),
	CF_B(struct vrrp_l3_conf, promote_secondaries),
	CF_U(struct vrrp_l3_conf, garp_extra_s, 0, 86400),
	CF_B(struct vrrp_l3_conf, garp_extra_all),
	CF_B(struct vrrp_l3_conf, garp_extra_set),
	CF_B(struct vrrp_l3_conf, use_vmac_addr),
	CF_ARR(struct vrrp_l3_conf, addr_vmacs, n_addr_vmacs, vrrp_addr_vmac_desc),
	CF_SBUF(struct vrrp_l3_conf, vrf),
};

/* family: validation leaves AF_INET or AF_INET6; the child treats any
 * value but AF_INET6 as IPv4 (0 in a struct that was never validated). */
const struct conf_struct_desc vrrp_l3_conf_desc = CF_DESC(struct vrrp_l3_conf, 0, l3_rows, NULL);

static const char *family_name(sa_family_t f)
{
	return f == AF_INET6 ? "IPv6" : "IPv4";
}

/* Contract: see conf_lex.h. */
bool conf_vrrp_family(struct conf_ctx *ctx, struct vrrp_instance_conf *vi, const struct conf_token *t,
		      sa_family_t family, const char *why)
{
	if (!vi->l3.family) {
		vi->l3.family = family;
		return true;
	}
	if (vi->l3.family == family)
		return true;
	/* keepalived 2.2.7 skips it ("address family must match VRRP
	 * instance ... ignoring") and runs the instance without it */
	conf_warn(ctx, t, "vrrp_instance %s: %s %s is %s, but the instance is %s (address family must match): "
		  "ignored, as keepalived 2.2.7 does", vi->name, why, t->text, family_name(family),
		  family_name(vi->l3.family));
	return false;
}

/* native_ipv6: the instance is IPv6 and, as keepalived 2.2.7 makes it,
 * VRRPv3 (whatever a `version 2` before it or vrrp_version said). */
void conf_kw_native_ipv6(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	if (vi->l3.family == AF_INET) {
		conf_error(ctx, &args->argv[0], "vrrp_instance %s: native_ipv6 with IPv4 addresses", vi->name);
		return;
	}
	if (conf_vrrp_family(ctx, vi, &args->argv[0], AF_INET6, "native_ipv6")) {
		vi->l3.native_ipv6 = true;
		vi->version = 3;
		conf_vrrp_meta(ctx, vi)->set |= VRRP_SET_VERSION;
	}
}

/* mcast_dst_ip ADDRESS: the instance's own multicast group (an IPv4 one,
 * or a link-local scope IPv6 one); it decides the family, as in keepalived.
 * As keepalived 2.2.7, a bad one is skipped with a warning and leaves the
 * instance on the default group (also when an earlier line set one), and
 * one that is not multicast still decides the family. */
void conf_kw_mcast_dst_ip(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	const struct conf_token *t = &args->argv[1];
	struct in_addr a4;
	struct in6_addr a6;
	sa_family_t f = inet_pton(AF_INET, t->text, &a4) == 1 ? AF_INET
		      : inet_pton(AF_INET6, t->text, &a6) == 1 ? AF_INET6 : 0;
	if (!f) {
		conf_warn(ctx, t, "mcast_dst_ip must be an IP address, got %s: ignored (as keepalived 2.2.7)", t->text);
		return;
	}
	memset(&vi->l3.mcast_dst4, 0, sizeof(vi->l3.mcast_dst4));
	memset(&vi->l3.mcast_dst6, 0, sizeof(vi->l3.mcast_dst6));
	if (!conf_vrrp_family(ctx, vi, t, f, "mcast_dst_ip"))
		return;
	if (f == AF_INET && !IN_MULTICAST(ntohl(a4.s_addr)))
		conf_warn(ctx, t, "mcast_dst_ip must be a multicast address, got %s: ignored, the default group is "
			  "used (as keepalived 2.2.7)", t->text);
	else if (f == AF_INET6 && !IN6_IS_ADDR_MC_LINKLOCAL(&a6))
		conf_warn(ctx, t, "mcast_dst_ip must be a link-local multicast address (ff02::/16), got %s: ignored, "
			  "the default group is used (as keepalived 2.2.7)", t->text);
	else if (f == AF_INET)
		vi->l3.mcast_dst4 = a4;
	else
		vi->l3.mcast_dst6 = a6;
}

/* skip_check_adv_addr [on|off]: this instance's vrrp_skip_check_adv_addr. */
void conf_kw_skip_check_adv_addr(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	if (conf_get_bool(ctx, args, 1, &vi->l3.skip_check_adv_addr))
		vi->l3.skip_check_set = true;
}

/* owner_ignore_adverts [on|off]: this instance's vrrp_owner_ignore_adverts
 * (a keyword of keepalived 2.3 and later). */
void conf_kw_owner_ignore_adverts(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	if (conf_get_bool(ctx, args, 1, &vi->l3.owner_ignore_adverts))
		vi->l3.owner_ignore_set = true;
}

/* A MAC address of use_vmac, as keepalived 2.2.7 reads it: six hex
 * octets, or five (the sixth is then the VRID); not multicast, not the
 * RFC 5798 prefix. False (warned: 2.2.7 ignores it) when unusable. */
static bool vmac_mac_word(struct conf_ctx *ctx, struct vrrp_instance_conf *vi, const struct conf_token *t)
{
	uint8_t mac[6] = { 0 };
	const char *p = t->text;
	bool bad = p[strspn(p, "0123456789ABCDEFabcdef:")] != '\0', vrid = false;
	for (unsigned j = 0; !bad && j < 6; j++) {
		char *end;
		errno = 0;
		unsigned long v = strtoul(p, &end, 16);
		if (errno || end - p > 2 || end == p || (*end != ':' && (*end || j < 4))) {
			bad = true;
			break;
		}
		mac[j] = (uint8_t)v;
		if (j == 4 && (!*end || (*end == ':' && !end[1]))) {
			vrid = true;
			break;
		}
		p = end + 1;
		if (!*p && j < 5)
			bad = true;
	}
	static const uint8_t rfc[4] = { 0x00, 0x00, 0x5e, 0x00 };
	const char *why = bad ? "is no MAC address"
			: (mac[0] & 1) ? "is multicast"
			: (!memcmp(mac, rfc, 4) && (mac[4] == 1 || mac[4] == 2)) ? "is an RFC 5798 address" : NULL;
	if (why) {
		conf_warn(ctx, t, "use_vmac: %s %s: ignored (as keepalived 2.2.7)", t->text, why);
		return false;
	}
	memcpy(vi->l3.vmac_mac, mac, sizeof(mac));
	vi->l3.vmac_mac_set = true;
	vi->l3.vmac_mac_vrid = vrid;
	return true;
}

/* ---- VMAC/ipvlan names taken ----------------------------------------------------------
 * ctx->link_names: a name -> the position in conf->vrrp of the first
 * instance whose own link (use_vmac, use_ipvlan) took it. Built from the
 * other instances at its first use; then every name an instance takes -
 * given (use_vmac, use_ipvlan) or defaulted (validation) - goes in
 * (link_name_took()), so a name it lacks is nobody's. An entry whose
 * instance has no such name any more (drop_duplicate_names() compacted
 * the array) or is the asking one sends to a scan. Without it a file of
 * 1,000 instances with use_vmac spent about two thirds of its -t in these
 * scans (one per instance). */

static void link_name_took(struct conf_ctx *ctx, const struct vrrp_instance_conf *vi)
{
	if (ctx->link_names && vi->l3.vmac_name[0])
		keyidx_put(ctx->link_names, vi->l3.vmac_name, strlen(vi->l3.vmac_name),
			   (size_t)(vi - ctx->conf->vrrp));
}

static bool link_named(const struct vrrp_instance_conf *o, const struct vrrp_instance_conf *vi, const char *name)
{
	return o != vi && vrrp_l3_own_link(&o->l3) && strcmp(o->l3.vmac_name, name) == 0;
}

/* The first instance other than vi whose own link is called name, or NULL. */
static const struct vrrp_instance_conf *link_name_owner(struct conf_ctx *ctx, const struct vrrp_instance_conf *vi,
							 const char *name)
{
	const struct config *conf = ctx->conf;
	if (!ctx->link_names) {
		ctx->link_names = keyidx_new(conf->n_vrrp);
		for (size_t i = 0; i < conf->n_vrrp; i++)
			if (&conf->vrrp[i] != vi && vrrp_l3_own_link(&conf->vrrp[i].l3) && conf->vrrp[i].l3.vmac_name[0])
				link_name_took(ctx, &conf->vrrp[i]);
	}
	size_t j = keyidx_get(ctx->link_names, name, strlen(name));
	if (j == KEYIDX_NONE)
		return NULL;
	if (j < conf->n_vrrp && link_named(&conf->vrrp[j], vi, name))
		return &conf->vrrp[j];
	for (size_t i = 0; i < conf->n_vrrp; i++)
		if (link_named(&conf->vrrp[i], vi, name))
			return &conf->vrrp[i];
	return NULL;
}

/* use_vmac [NAME] [MAC], in either order, as keepalived 2.2.7 reads them
 * (a word with a ':' is the MAC: the VMAC's address instead of
 * 00:00:5e:00:01:VRID). A name it cannot use is ignored with a warning
 * and the instance gets the default name (validation): one that is no
 * interface name ("too long or invalid characters - ignoring"), or one an
 * earlier instance gave its own link ("VRRP instance X is already using
 * NAME - ignoring name"); ours refused the file. */
void conf_kw_use_vmac(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	vi->l3.use_vmac = true;
	for (size_t w = 1; w < args->argc; w++) {
		const struct conf_token *t = &args->argv[w];
		if (strchr(t->text, ':')) {
			if (vi->l3.vmac_mac_set)
				conf_warn(ctx, t, "use_vmac: the MAC address is already given: %s ignored (as keepalived 2.2.7)",
					  t->text);
			else
				vmac_mac_word(ctx, vi, t);
			continue;
		}
		if (vi->l3.vmac_name[0]) {
			conf_warn(ctx, t, "use_vmac: the interface name is already given: %s ignored (as keepalived 2.2.7)",
				  t->text);
			continue;
		}
		if (strpbrk(t->text, "/ \t") || !str_copy(vi->l3.vmac_name, sizeof(vi->l3.vmac_name), t->text) ||
		    !t->text[0] || !strcmp(t->text, ".") || !strcmp(t->text, "..")) {
			conf_warn(ctx, t, "use_vmac: '%s' is not a usable interface name (1..15 characters, no '/', ':' or "
				  "blank): ignored, the default name is used (as keepalived 2.2.7)", t->text);
			vi->l3.vmac_name[0] = '\0';
			continue;
		}
		const struct vrrp_instance_conf *o = link_name_owner(ctx, vi, t->text);
		if (o) {
			conf_warn(ctx, t, "vrrp_instance %s: vrrp_instance %s is already using %s: the name is "
				  "ignored, the default name is used (as keepalived 2.2.7)", vi->name, o->name, t->text);
			vi->l3.vmac_name[0] = '\0';
		} else {
			link_name_took(ctx, vi);
		}
	}
}

/* One word of use_ipvlan: a mode flag, an address (ADDR[/LEN]) or the
 * link's name; false (error reported) when unusable or given twice. */
static bool ipvlan_word(struct conf_ctx *ctx, struct vrrp_instance_conf *vi, const struct conf_token *t,
			bool *had_mode)
{
	static const char *const modes[] = { "bridge", "private", "vepa" };
	static const uint8_t flags[] = { 0, IPVLAN_F_PRIVATE, IPVLAN_F_VEPA };
	for (size_t m = 0; m < 3; m++) {
		if (strcmp(t->text, modes[m]) != 0)
			continue;
		if (*had_mode) {
			conf_error(ctx, t, "use_ipvlan: the mode is given twice ('%s')", t->text);
			return false;
		}
		*had_mode = true;
		vi->l3.ipvlan_flags = flags[m];
		return true;
	}
	char host[INET6_ADDRSTRLEN];
	size_t hl = strcspn(t->text, "/");
	struct in6_addr tmp;
	if (hl < sizeof(host)) {
		memcpy(host, t->text, hl);
		host[hl] = '\0';
	}
	if (hl < sizeof(host) && (inet_pton(AF_INET, host, &tmp) == 1 || inet_pton(AF_INET6, host, &tmp) == 1)) {
		struct vip_conf a;
		struct conf_args one = { .argc = 1, .argv = t };
		if (vi->l3.ipvlan_addr.family) {
			conf_error(ctx, t, "use_ipvlan: an address is given twice ('%s')", t->text);
			return false;
		}
		if (!conf_parse_vip_line(ctx, &one, &a) ||
		    !conf_vrrp_family(ctx, vi, t, a.addr.family, "the use_ipvlan address"))
			return false;
		vi->l3.ipvlan_addr = a.addr;
		vi->l3.ipvlan_plen = a.prefixlen;
		return true;
	}
	if (vi->l3.vmac_name[0]) {
		conf_error(ctx, t, "use_ipvlan: the interface name is given twice ('%s')", t->text);
		return false;
	}
	if (strpbrk(t->text, "/ \t:") || !str_copy(vi->l3.vmac_name, sizeof(vi->l3.vmac_name), t->text)) {
		conf_error(ctx, t, "use_ipvlan: '%s' is not a usable interface name (1..15 characters, no '/', ':' or blank)",
			   t->text);
		vi->l3.vmac_name[0] = '\0';
		return false;
	}
	link_name_took(ctx, vi);
	return true;
}

/* use_ipvlan [NAME] [ADDR[/LEN]] [bridge|private|vepa], in any order, as
 * keepalived 2.2.7 reads them: an L2 ipvlan on the instance's interface. */
void conf_kw_use_ipvlan(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	if (vi->l3.use_ipvlan) {
		conf_error(ctx, &args->argv[0], "vrrp_instance %s: use_ipvlan is given twice", vi->name);
		return;
	}
	vi->l3.use_ipvlan = true;
	bool had_mode = false;
	for (size_t i = 1; i < args->argc; i++)
		if (!ipvlan_word(ctx, vi, &args->argv[i], &had_mode))
			return;
}

/* vrf NAME: the VRF device an instance without `interface` (unicast)
 * sends and receives in (keepalived 2.2.7; checked in vrrp_l3_validate()). */
void conf_kw_vrf(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	const struct conf_token *t = &args->argv[1];
	if (vi->l3.vrf[0]) {
		conf_error(ctx, t, "vrrp_instance %s: vrf is given twice", vi->name);
		return;
	}
	if (strpbrk(t->text, "/ \t:") || !str_copy(vi->l3.vrf, sizeof(vi->l3.vrf), t->text) ||
	    strcmp(t->text, "lo") == 0) {
		conf_error(ctx, t, "vrf: '%s' is not a usable VRF interface name", t->text);
		vi->l3.vrf[0] = '\0';
	}
}

/* global_defs vrrp_mcast_group6 ADDR: a link-local scope multicast group
 * (keepalived 2.2.7 reports anything else as a configuration error). */
void conf_kw_mcast_group6(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct global_conf *g = obj;
	const struct conf_token *t = &args->argv[1];
	struct in6_addr a;
	if (inet_pton(AF_INET6, t->text, &a) != 1 || !IN6_IS_ADDR_MULTICAST(&a)) {
		conf_error(ctx, t, "vrrp_mcast_group6 must be an IPv6 multicast address, got %s", t->text);
		return;
	}
	if (!IN6_IS_ADDR_MC_LINKLOCAL(&a)) {
		conf_error(ctx, t, "vrrp_mcast_group6 must be a link-local multicast address (ff02::/16), got %s",
			   t->text);
		return;
	}
	g->vrrp_mcast_group6 = a;
}

/* The name of an instance's VMAC/ipvlan not given one: PREFIX.VRID, or,
 * when another instance has that name, the next free one as keepalived
 * 2.2.7's create_vmac_name() picks it: PREFIXn.VRID with n = 1, 2, ...,
 * an IPv6 instance trying PREFIX6.VRID first (a file of keepalived's
 * maintainer, issue 1756: an IPv4 'use_vmac vrrp.253' and an IPv6
 * 'use_vmac' of the same VRID run there with vrrp.253 and vrrp6.253; ours
 * refused the file, 'VMAC vrrp.253 is already used'). */
static void default_link_name(struct conf_ctx *ctx, struct vrrp_instance_conf *vi, const char *prefix)
{
	char *name = vi->l3.vmac_name;
	size_t size = sizeof(vi->l3.vmac_name);
	const char *p = prefix && prefix[0] ? prefix : "vrrp";
	vmac_default_name(prefix, vi->vrid, name, size);
	unsigned num = 0;
	/* another instance's name: given, or defaulted already (validation
	 * names them in order) */
	while (link_name_owner(ctx, vi, name) && num < 100) {
		if (vi->l3.family == AF_INET6)
			num = num == 0 ? 6 : num == 6 ? 1 : num + 1 == 6 ? 7 : num + 1;
		else
			num++;
		int len = snprintf(name, size, "%s%u.%u", p, num, vi->vrid);
		if (len >= (int)size)   /* as keepalived: the prefix is cut */
			snprintf(name, size, "%.*s%u.%u", (int)(strlen(p) - ((size_t)len - size) - 1), p, num, vi->vrid);
	}
	link_name_took(ctx, vi);
}

/* Contract: see conf_lex.h. */
void vrrp_l3_validate_pairs(struct conf_ctx *ctx)
{
	const struct config *conf = ctx->conf;
	struct keyidx *names = keyidx_new(conf->n_vrrp);   /* name -> first instance with it */
	for (size_t i = 0; i < conf->n_vrrp; i++) {
		const struct vrrp_instance_conf *b = &conf->vrrp[i];
		if (!vrrp_l3_own_link(&b->l3))
			continue;
		size_t len = strlen(b->l3.vmac_name);
		if (!keyidx_put(names, b->l3.vmac_name, len, i)) {
			const struct vrrp_instance_conf *a = &conf->vrrp[keyidx_get(names, b->l3.vmac_name, len)];
			struct conf_token at = { .text = b->name, .file = b->origin.file, .line = b->origin.line };
			conf_error(ctx, &at, "vrrp_instance %s: %s %s is already used by vrrp_instance %s (%s:%d)",
				   b->name, b->l3.use_ipvlan ? "IPVLAN" : "VMAC", b->l3.vmac_name, a->name,
				   a->origin.file, a->origin.line);
		}
		for (size_t j = 0; j < i && b->l3.use_ipvlan; j++) {
			const struct vrrp_instance_conf *a = &conf->vrrp[j];
			if (!a->l3.use_ipvlan || strcmp(a->ifname, b->ifname) != 0 || a->l3.ipvlan_flags == b->l3.ipvlan_flags)
				continue;
			/* the kernel keeps one set of flags per interface: the last link made sets them */
			struct conf_token at = { .text = b->name, .file = b->origin.file, .line = b->origin.line };
			conf_warn(ctx, &at, "vrrp_instance %s: use_ipvlan mode differs from vrrp_instance %s's on %s: the kernel keeps one for all ipvlans of an interface",
				  b->name, a->name, b->ifname);
			break;
		}
	}
	keyidx_free(names);
}

/* use_ipvlan after parsing, as keepalived 2.2.7 judges it: not with
 * use_vmac; an IPv4 instance needs the address (vmac_xmit_base: see
 * vrrp_l3_validate()); the address is the adverts' source unless
 * mcast_src_ip says otherwise. */
static void ipvlan_validate(struct conf_ctx *ctx, struct vrrp_instance_conf *vi, const struct conf_token *at)
{
	if (vi->l3.use_vmac)
		conf_error(ctx, at, "vrrp_instance %s: use_vmac and use_ipvlan cannot both be used", vi->name);
	/* keepalived 2.2.7 runs such an instance in FAULT for good: "(VI_1)
	 * IPv4 ipvlan requires a source ip address to be configured. setting
	 * instance to fault state" (-t 5, mcast_src_ip given or not; the other
	 * instances run). Ours refused the file. */
	vi->l3.ipvlan_fault = vi->l3.family != AF_INET6 && !vi->l3.ipvlan_addr.family;
	if (vi->l3.ipvlan_fault)
		conf_warn(ctx, at, "(%s) IPv4 ipvlan requires a source ip address to be configured (use_ipvlan [NAME] "
			  "ADDR): the instance stays in FAULT, as keepalived 2.2.7 sets it", vi->name);
	if (vi->l3.ipvlan_addr.family == AF_INET && !vi->mcast_src_ip.s_addr)
		vi->mcast_src_ip = vi->l3.ipvlan_addr.u.v4;
	if (vi->l3.ipvlan_addr.family == AF_INET6 && IN6_IS_ADDR_UNSPECIFIED(&vi->l3.mcast_src6))
		vi->l3.mcast_src6 = vi->l3.ipvlan_addr.u.v6;
}

/* Contract: see conf_lex.h. */
void vrrp_l3_validate(struct conf_ctx *ctx, struct vrrp_instance_conf *vi, const struct conf_token *at)
{
	if (!vi->l3.family)
		vi->l3.family = AF_INET;
	vi->l3.mcast_group6 = ctx->conf->global.vrrp_mcast_group6;
	if (!IN6_IS_ADDR_UNSPECIFIED(&vi->l3.mcast_dst6))
		vi->l3.mcast_group6 = vi->l3.mcast_dst6;
	if (vi->l3.mcast_dst4.s_addr)
		vi->mcast_group = vi->l3.mcast_dst4;   /* after conf_inherit_globals() */
	if (!vi->l3.skip_check_set)
		vi->l3.skip_check_adv_addr = ctx->conf->global.vrrp_skip_check_adv_addr;
	if (vi->priority != VRRP_PRIO_OWNER) {   /* as keepalived 2.3 (an error there, ignored) */
		if (vi->l3.owner_ignore_set && vi->l3.owner_ignore_adverts)
			conf_warn(ctx, at, "(%s) ignoring owner_ignore_adverts since priority is not %d", vi->name,
				  VRRP_PRIO_OWNER);
		vi->l3.owner_ignore_adverts = false;
	} else if (!vi->l3.owner_ignore_set) {
		vi->l3.owner_ignore_adverts = ctx->conf->global.vrrp_owner_ignore_adverts;
	}
	if (vi->l3.use_ipvlan)
		ipvlan_validate(ctx, vi, at);
	if (vi->l3.promote_secondaries && (vi->l3.use_vmac || vi->l3.use_ipvlan) && vi->ifname[0]) {
		/* keepalived 2.2.7 clears it with a message (-t 5): the VMAC gets
		 * promote_secondaries anyway, the base interface is left alone */
		conf_warn(ctx, at, "(%s) promote_secondaries is automatically set for vmacs - ignoring "
			  "(as keepalived 2.2.7)", vi->name);
		vi->l3.promote_secondaries = false;
	}
	if (vi->l3.vmac_xmit_base && !vi->l3.use_vmac) {
		/* keepalived 2.2.7 reports it (its -t exits 5) and clears it */
		conf_warn(ctx, at, "(%s) vmac_xmit_base is only valid with a vmac (use_vmac): ignored", vi->name);
		vi->l3.vmac_xmit_base = false;
	}
	if (vi->l3.vrf[0] && vi->ifname[0])   /* keepalived 2.2.7: an error too */
		conf_error(ctx, at, "vrrp_instance %s: vrf is for an instance without interface (not with interface %s)",
			   vi->name, vi->ifname);
	else if (vi->l3.vrf[0] && !conf_iface_exists(ctx, vi->l3.vrf) && conf_interfaces_checked(ctx))
		conf_error(ctx, at, "vrrp_instance %s: VRF interface %s does not exist", vi->name, vi->l3.vrf);
	if (!vi->l3.garp_extra_set) {
		vi->l3.garp_extra_s = ctx->conf->global.ext.garp_extra_s;
		vi->l3.garp_extra_all = ctx->conf->global.ext.garp_extra_all;
	}
	/* keepalived 2.2.7 (use_vmac's handler): an interface of that name
	 * that is not a macvlan in private mode - a veth, a bond, a macvlan
	 * in bridge mode - is not taken over: "(VI_1) interface vm1 already
	 * exists and is not a private macvlan; ignoring vmac if_name" (-t 5)
	 * and the default name is used (measured: vrrp.7 made, the adverts
	 * and VIPs on it). Ours kept the name and the child then made no
	 * VMAC: the instance stayed in FAULT. */
	if (vi->l3.use_vmac && vi->l3.vmac_name[0] && conf_host_visible(ctx) &&
	    conf_host_link_kind(ctx->host, vi->l3.vmac_name) == CONF_LINK_OTHER) {
		conf_warn(ctx, at, "(%s) interface %s already exists and is not a private macvlan; ignoring vmac "
			  "if_name: the default name is used (as keepalived 2.2.7)", vi->name, vi->l3.vmac_name);
		vi->l3.vmac_name[0] = '\0';
	}
	const char *prefix = ctx->conf->global.vmac_prefix;
	if (vrrp_l3_own_link(&vi->l3) && !vi->l3.vmac_name[0]) {
		if (strpbrk(prefix, "/ \t:"))
			conf_error(ctx, at, "vrrp_instance %s: vmac_prefix '%s' cannot start an interface name",
				   vi->name, prefix);
		default_link_name(ctx, vi, prefix);
	}
	/* keepalived 2.2.7 (vrrp_complete_instance): with use_vmac, a virtual
	 * address of the instance's family whose dev is the instance's own
	 * interface goes on the VMAC, as one without dev ('VIP/32 dev eth0
	 * label eth0:0' in a real-world file ran on vrrp.121 there, on eth0
	 * here) */
	for (int k = 0; vi->l3.use_vmac && vi->ifname[0] && k < 2; k++) {
		struct vip_conf *v = k ? vi->vips_excluded : vi->vips;
		size_t n = k ? vi->n_vips_excluded : vi->n_vips;
		for (size_t i = 0; i < n; i++)
			if (v[i].dev[0] && strcmp(v[i].dev, vi->ifname) == 0 && v[i].addr.family == vi->l3.family &&
			    !v[i].use_vmac)
				v[i].dev[0] = '\0';
	}
	if (vrrp_l3_own_link(&vi->l3) && strcmp(vi->l3.vmac_name, vi->ifname) == 0)
		conf_error(ctx, at, "vrrp_instance %s: %s %s is the instance's own interface", vi->name,
			   vi->l3.use_ipvlan ? "use_ipvlan" : "use_vmac", vi->l3.vmac_name);
	if (vi->l3.family != AF_INET6)
		return;
	/* keepalived 2.2.7: an IPv6 instance runs VRRPv3 unless the instance
	 * itself says `version 2` (global vrrp_version does not count). */
	if (!(conf_vrrp_meta(ctx, vi)->set & VRRP_SET_VERSION))
		vi->version = 3;
	bool strict = vi->l3.strict_set ? vi->l3.strict : ctx->conf->global.fw.strict;
	/* keepalived 2.2.7 only logs this (multicast instances): -t says 0 */
	if (!strict && !vi->ext.unicast && vi->n_vips && !IN6_IS_ADDR_LINKLOCAL(&vi->vips[0].addr.u.v6))
		conf_notice(ctx, at, "vrrp_instance %s: the first IPv6 virtual_ipaddress should be link-local (RFC 5798 5.2.9)",
			    vi->name);
}
