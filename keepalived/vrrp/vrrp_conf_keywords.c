/* conf_keywords_vrrp.c - the inside of vrrp_instance NAME { ... }.
 *
 * Handlers receive the struct vrrp_instance_conf being filled (appended by
 * conf_top.c). Values that global_defs may provide are marked in the
 * instance's struct vrrp_meta when given, so that conf_inherit_globals()
 * only fills the others. Version-dependent checks (advert_int) and
 * cross-field checks happen in conf_validate.c.
 */
#include "check_conf.h"
#include "conf_lex.h"
#include "util.h"

#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GARP_DELAY_MAX 4294      /* keepalived 2.2.7: UINT_MAX / TIMER_HZ; beyond, skipped */
#define GARP_REPEAT_MAX UINT32_MAX  /* keepalived 2.2.7: UINT_MAX; another value is skipped */
#define GARP_REFRESH_MAX UINT32_MAX  /* keepalived 2.2.7's; another value is skipped */
/* advert_int is range-checked per version in validation; this is the
 * widest accepted at parse time (255 s, in centiseconds). */
#define ADVERT_MAX_CS 25500

static void mark(struct conf_ctx *ctx, struct vrrp_instance_conf *vi, unsigned bit)
{
	conf_vrrp_meta(ctx, vi)->set |= bit;
}

/* lvs_sync_daemon_interface IF: the checker's sync daemon follows this instance */
static void kw_lvs_sync_iface(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	check_conf_instance_sync_daemon(ctx, args, ((struct vrrp_instance_conf *)obj)->name);
}

static void kw_state(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	static const struct conf_choice states[] = {
		{ "MASTER", VRRP_STATE_MASTER }, { "BACKUP", VRRP_STATE_BACKUP },
	};
	int st = VRRP_STATE_BACKUP;
	const char *w = args->argv[1].text;
	if (strcmp(w, "MASTER") && strcmp(w, "BACKUP"))
		conf_warn(ctx, &args->argv[1], "state must be MASTER or BACKUP, got %s: BACKUP is used "
			  "(as keepalived 2.2.7)", w);
	else
		conf_get_choice(ctx, &args->argv[1], "state", states, ARRAY_SIZE(states), false, &st);
	vi->initial_state = (enum vrrp_state)st;
	mark(ctx, vi, VRRP_SET_STATE);
}

static void kw_interface(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	if (conf_get_string(ctx, &args->argv[1], "interface", vi->ifname, sizeof(vi->ifname))) {
		mark(ctx, vi, VRRP_SET_INTERFACE);
		conf_vrrp_meta(ctx, vi)->interface_tok = &args->argv[1];
	}
}

static void kw_vrid(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	uint32_t v;
	/* Marked even when wrong, so that "is required" is not added to the error. */
	mark(ctx, vi, VRRP_SET_VRID);
	/* An error: keepalived 2.2.7 skips the line (-t exits 5) and then
	 * refuses to start the instance without one. */
	if (conf_value_uint(args->argv[1].text, 1, 255, &v))
		vi->vrid = (uint8_t)v;
	else
		conf_error(ctx, &args->argv[1], "virtual_router_id must be 1..255, got %s", args->argv[1].text);
}

static void kw_priority(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	uint32_t v;
	if (!conf_value_uint(args->argv[1].text, 1, 255, &v)) {
		/* keepalived 2.2.7: "Priority not valid! ... Using default 100" */
		conf_warn(ctx, &args->argv[1], "priority must be 1..255, got %s: 100 is used (as keepalived 2.2.7)",
			  args->argv[1].text);
		v = 100;
	}
	vi->priority = (uint8_t)v;
	struct vrrp_meta *m = conf_vrrp_meta(ctx, vi);
	m->set |= VRRP_SET_PRIORITY;
	m->priority_tok = &args->argv[1];
}

static void kw_advert_int(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	uint32_t v;
	/* keepalived 2.2.7 reads microseconds (six decimals: "1.000000" is
	 * 1 s) from 0.01 s; validation rounds to its version's unit */
	if (!conf_value_fixed(args->argv[1].text, 6, 10000, ADVERT_MAX_CS * 10000u, &v)) {
		/* keepalived 2.2.7: "Advert interval (X) not valid! ... ignoring" */
		conf_warn(ctx, &args->argv[1], "advert_int must be 0.01..255 seconds, got %s: ignored, the "
			  "interval stays %u.%02u s (as keepalived 2.2.7)", args->argv[1].text,
			  vi->advert_int_cs / 100, vi->advert_int_cs % 100);
	} else {
		vi->advert_int_cs = v / 10000;
		struct vrrp_meta *m = conf_vrrp_meta(ctx, vi);
		m->set |= VRRP_SET_ADVERT;
		m->advert_tok = &args->argv[1];
		m->advert_us = v;
	}
}

/* version 2|3. As keepalived 2.2.7, an error when it contradicts what the
 * lines before it decided: another version (native_ipv6 says 3), or 2 once
 * the instance is IPv6 (an IPv6 address, native_ipv6). */
static void kw_version(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	uint32_t v;
	if (!conf_get_uint(ctx, &args->argv[1], "version", 2, 3, &v))
		return;
	bool set = conf_vrrp_meta(ctx, vi)->set & VRRP_SET_VERSION;
	if ((set && vi->version != v) || (v == 2 && vi->l3.family == AF_INET6)) {
		conf_error(ctx, &args->argv[1], "vrrp_instance %s: version %u conflicts with the version %u "
			   "configured or deduced before it (native_ipv6 or an IPv6 address: 3)", vi->name, v,
			   set ? vi->version : 3);
		return;
	}
	vi->version = (uint8_t)v;
	mark(ctx, vi, VRRP_SET_VERSION);
}

static void kw_preempt(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	((struct vrrp_instance_conf *)obj)->nopreempt = false;
}

static void kw_preempt_delay(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	if (!conf_value_fixed(args->argv[1].text, 3, 0, 1000000, &vi->preempt_delay_ms)) {
		/* keepalived 2.2.7: "Preempt_delay not valid!", and it is 0 */
		conf_warn(ctx, &args->argv[1], "preempt_delay must be 0..1000 seconds, got %s: 0 is used "
			  "(as keepalived 2.2.7)", args->argv[1].text);
		vi->preempt_delay_ms = 0;
	}
}

/* mcast_src_ip / unicast_src_ip ADDRESS: one setting in keepalived (the
 * last one given wins); it fixes the family when nothing did before.
 * unicast_src_ip is a unicast keyword there too: without a unicast_peer
 * keepalived 2.2.7 warns "A unicast keyword has been specified without any
 * unicast peers. Defaulting to multicast" (-t 5) and, with use_vmac, sets
 * vmac_xmit_base (validate_unicast()). */
static void kw_mcast_src_ip(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	struct ka_addr a;
	const char *kw = args->argv[0].text;
	if (kw[0] == 'u')
		vi->ext.unicast = true;
	if (!conf_get_addr_ka(ctx, &args->argv[1], kw, 0, &a) ||
	    !conf_vrrp_family(ctx, vi, &args->argv[1], a.family, kw))
		return;
	if (a.family == AF_INET)
		vi->mcast_src_ip = a.u.v4;
	else
		vi->l3.mcast_src6 = a.u.v6;
}

static void kw_garp_delay(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	if (conf_get_uint_or_skip(ctx, &args->argv[1], "garp_master_delay", 0, GARP_DELAY_MAX, &vi->garp_master_delay_s))
		mark(ctx, vi, VRRP_SET_GARP_DELAY);
}

static void kw_garp_repeat(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	if (conf_get_repeat(ctx, &args->argv[1], "garp_master_repeat", GARP_REPEAT_MAX, &vi->garp_master_repeat))
		mark(ctx, vi, VRRP_SET_GARP_REPEAT);
}

static void kw_garp_refresh(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	if (!conf_get_uint_or_skip(ctx, &args->argv[1], "garp_master_refresh", 0, GARP_REFRESH_MAX,
				   &vi->garp_master_refresh_s))
		vi->garp_master_refresh_s = 0;   /* keepalived 2.2.7: off */
	mark(ctx, vi, VRRP_SET_GARP_REFRESH);
}

static void kw_garp_refresh_repeat(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	if (conf_get_repeat(ctx, &args->argv[1], "garp_master_refresh_repeat", GARP_REPEAT_MAX,
			    &vi->garp_master_refresh_repeat))
		mark(ctx, vi, VRRP_SET_GARP_REFRESH_REPEAT);
}

static void kw_debug(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	uint32_t v = 1;
	if (args->argc > 1 && !conf_get_uint(ctx, &args->argv[1], "debug", 0, 4, &v))
		return;
	vi->debug = (int)v;
}

/* ---- authentication { auth_type PASS  auth_pass PW } ------------------------------------- */

static void kw_authentication(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	conf_vrrp_meta(ctx, obj)->auth_tok = &args->argv[0];
}

static void kw_auth_type(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	static const struct conf_choice types[] = {
		{ "PASS", VRRP_AUTH_PASS }, { "AH", VRRP_AUTH_AH },
	};
	int at;
	mark(ctx, vi, VRRP_SET_AUTH_TYPE);  /* also when wrong: no second error about a missing one */
	if (conf_get_choice(ctx, &args->argv[1], "auth_type", types, ARRAY_SIZE(types), false, &at))
		vi->auth_type = (enum vrrp_auth_type)at;
}

static void kw_auth_pass(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	const struct conf_token *t = &args->argv[1];
	if (!str_copy(vi->auth_pass, sizeof(vi->auth_pass), t->text))
		conf_warn(ctx, t, "auth_pass is longer than %zu characters, truncated to '%s'",
			  sizeof(vi->auth_pass) - 1, vi->auth_pass);
	mark(ctx, vi, VRRP_SET_AUTH_PASS);
}

static const struct conf_keyword auth_keywords[] = {
	{ "auth_type", 1, 1, kw_auth_type, NULL, NULL, .skip_bad = true, .value_required = true },
	{ "auth_pass", 1, 1, kw_auth_pass, NULL, NULL },
};

const struct conf_block conf_vrrp_auth_block = {
	.name = "authentication",
	.keywords = auth_keywords,
	.n_keywords = ARRAY_SIZE(auth_keywords),
};

/* ---- virtual_ipaddress { ADDR[/LEN] [brd A] [dev IF] [scope S] [label L] } ------------------ */

/* scope global|site|link|host|nowhere|NUMBER -> RT_SCOPE_* */
static bool parse_scope(const char *s, uint8_t *out)
{
	static const struct { const char *name; uint8_t v; } names[] = {
		{ "global", RT_SCOPE_UNIVERSE }, { "site", RT_SCOPE_SITE }, { "link", RT_SCOPE_LINK },
		{ "host", RT_SCOPE_HOST }, { "nowhere", RT_SCOPE_NOWHERE },
	};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (strcmp(s, names[i].name) == 0) {
			*out = names[i].v;
			return true;
		}
	char *end;
	unsigned long v = strtoul(s, &end, 10);
	if (!*s || *end || v > 255 || s[0] == '-' || s[0] == '+' || s[0] == ' ')
		return false;
	*out = (uint8_t)v;
	return true;
}

/* ADDR[/LEN] into vip->addr / prefixlen. */
static bool parse_vip_addr(struct conf_ctx *ctx, const struct conf_token *t, struct vip_conf *vip)
{
	char buf[INET6_ADDRSTRLEN + 8];
	const char *slash = strchr(t->text, '/');
	size_t alen = slash ? (size_t)(slash - t->text) : strlen(t->text);
	if (alen >= sizeof(buf)) {
		conf_error(ctx, t, "virtual_ipaddress must be ADDRESS[/PREFIX], got %s", t->text);
		return false;
	}
	memcpy(buf, t->text, alen);
	buf[alen] = '\0';
	struct conf_token at = *t;
	at.text = buf;
	if (!conf_get_addr(ctx, &at, "virtual_ipaddress", 0, &vip->addr))
		return false;
	uint32_t maxlen = vip->addr.family == AF_INET ? 32 : 128;
	vip->prefixlen = (uint8_t)maxlen;
	if (slash) {
		at.text = slash + 1;
		uint32_t len;
		if (!conf_get_prefixlen(ctx, &at, "virtual_ipaddress prefix length", maxlen, &len))
			return false;
		vip->prefixlen = (uint8_t)len;
	}
	return true;
}

/* The flag options of a VIP line (keepalived 2.2 / ip address add). */
static bool vip_flag(const char *s, struct vip_conf *vip)
{
	static const struct { const char *name; uint32_t on, off; } flags[] = {
		{ "home", IFA_F_HOMEADDRESS, 0 }, { "mngtmpaddr", IFA_F_MANAGETEMPADDR, 0 },
		{ "noprefixroute", IFA_F_NOPREFIXROUTE, 0 }, { "autojoin", IFA_F_MCAUTOJOIN, 0 },
		{ "nodad", IFA_F_NODAD, 0 }, { "-nodad", 0, IFA_F_NODAD },
	};
	if (strcmp(s, "no_track") == 0) {
		vip->no_track = true;
		return true;
	}
	for (size_t i = 0; i < ARRAY_SIZE(flags); i++)
		if (strcmp(s, flags[i].name) == 0) {
			vip->flags_on = (vip->flags_on | flags[i].on) & ~flags[i].off;
			vip->flags_off = (vip->flags_off | flags[i].off) & ~flags[i].on;
			return true;
		}
	return false;
}

/* preferred_lft N|forever */
static bool vip_preferred(struct conf_ctx *ctx, const struct conf_token *t, struct vip_conf *vip)
{
	vip->preferred_set = true;
	if (strcmp(t->text, "forever") == 0) {
		vip->preferred_lft = UINT32_MAX;
		return true;
	}
	return conf_get_uint(ctx, t, "preferred_lft", 0, UINT32_MAX - 1, &vip->preferred_lft);
}

/* brd + / brd - as keepalived 2.2.7 reads them (ip(8)'s): the address with
 * the host bits set (+) or cleared (-), when the prefix leaves two; else
 * none, with its message ("Address prefix length N too long for
 * broadcast"; the address stays). Not with peer ("ignoring broadcast
 * address"). On an IPv6 address 2.2.7 skips the line. */
static bool vip_brd_calc(struct conf_ctx *ctx, const struct conf_token *t, struct vip_conf *vip)
{
	if (vip->addr.family != AF_INET) {
		conf_warn(ctx, t, "brd %s on an IPv6 address: the line is skipped, as keepalived 2.2.7 skips it",
			  t->text);
		return false;
	}
	if (vip->peer.family) {
		conf_warn(ctx, t, "brd %s with peer: the broadcast address is ignored (as keepalived 2.2.7)", t->text);
		return true;
	}
	if (vip->prefixlen > 30) {
		conf_warn(ctx, t, "brd %s: address prefix length %u too long for broadcast: none is set "
			  "(as keepalived 2.2.7)", t->text, vip->prefixlen);
		return true;
	}
	uint32_t mask = 0xffffffffu >> vip->prefixlen;
	uint32_t a = ntohl(vip->addr.u.v4.s_addr);
	vip->brd.family = AF_INET;
	vip->brd.u.v4.s_addr = htonl(t->text[0] == '+' ? a | mask : a & ~mask);
	return true;
}

/* Contract: see conf_lex.h. */
bool conf_parse_vip_line(struct conf_ctx *ctx, const struct conf_args *args, struct vip_conf *vip)
{
	memset(vip, 0, sizeof(*vip));
	vip->scope = RT_SCOPE_UNIVERSE;
	if (!parse_vip_addr(ctx, &args->argv[0], vip))
		return false;
	bool ok = true;
	const struct conf_token *brd_calc = NULL;
	for (size_t i = 1; i < args->argc; i++) {
		const struct conf_token *opt = &args->argv[i];
		if (vip_flag(opt->text, vip))
			continue;
		if (!strcmp(opt->text, "use_vmac")) {   /* no NAME, as keepalived 2.2.7 */
			vip->use_vmac = true;
			continue;
		}
		if (!strcmp(opt->text, "track_group")) {
			conf_error_hard(ctx, opt, "virtual_ipaddress option '%s' is not supported", opt->text);
			return false;
		}
		bool known = !strcmp(opt->text, "brd") || !strcmp(opt->text, "dev") ||
			     !strcmp(opt->text, "scope") || !strcmp(opt->text, "label") ||
			     !strcmp(opt->text, "peer") || !strcmp(opt->text, "preferred_lft");
		if (!known) {
			/* keepalived 2.2.7: "Unknown configuration entry 'X' for ip
			 * address - ignoring", and it reads on from the next word
			 * (`virtual_ipaddress { 10.0.0.1 10.0.0.2 }` is 10.0.0.1) */
			conf_warn(ctx, opt, "unknown virtual_ipaddress option '%s': ignored, as keepalived 2.2.7 does "
				  "(one address per line)", opt->text);
			continue;
		}
		if (i + 1 >= args->argc) {
			conf_error(ctx, opt, "virtual_ipaddress option '%s' needs a value", opt->text);
			return false;
		}
		const struct conf_token *val = &args->argv[++i];
		if (!strcmp(opt->text, "brd") && (!strcmp(val->text, "+") || !strcmp(val->text, "-"))) {
			brd_calc = val;   /* ip(8)'s: the prefix's broadcast (+) or network (-) address */
			memset(&vip->brd, 0, sizeof(vip->brd));
		} else if (!strcmp(opt->text, "brd"))
			ok = conf_get_addr(ctx, val, "brd", vip->addr.family, &vip->brd) && ok;
		else if (!strcmp(opt->text, "dev"))
			ok = conf_get_string(ctx, val, "dev", vip->dev, sizeof(vip->dev)) && ok;
		else if (!strcmp(opt->text, "label"))
			ok = conf_get_string(ctx, val, "label", vip->label, sizeof(vip->label)) && ok;
		else if (!strcmp(opt->text, "peer"))
			ok = conf_get_addr(ctx, val, "peer", vip->addr.family, &vip->peer) && ok;
		else if (!strcmp(opt->text, "preferred_lft"))
			ok = vip_preferred(ctx, val, vip) && ok;
		else if (!parse_scope(val->text, &vip->scope)) {
			/* keepalived 2.2.7: "Invalid scope ... - ignoring", the address stays */
			conf_warn(ctx, val, "scope must be global, site, link, host, nowhere or 0..255, got %s: "
				  "ignored, as keepalived 2.2.7 ignores it", val->text);
			vip->scope = RT_SCOPE_UNIVERSE;
		} else if (vip->addr.family == AF_INET6) {
			/* the kernel derives an IPv6 address's scope itself */
			conf_warn(ctx, opt, "scope is ignored for IPv6 address %s (as keepalived does)", args->argv[0].text);
		}
	}
	if (brd_calc && ok)
		ok = vip_brd_calc(ctx, brd_calc, vip);
	return ok;
}

static void line_vip(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	struct vip_conf vip;
	if (conf_parse_vip_line(ctx, args, &vip) &&
	    conf_vrrp_family(ctx, vi, &args->argv[0], vip.addr.family, "virtual_ipaddress"))
		*(struct vip_conf *)array_push(&vi->vips, &vi->n_vips, sizeof(vip)) = vip;
}

static void line_vip_excluded(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	struct vip_conf vip;
	if (conf_parse_vip_line(ctx, args, &vip))
		*(struct vip_conf *)array_push(&vi->vips_excluded, &vi->n_vips_excluded, sizeof(vip)) = vip;
}

const struct conf_block conf_vip_block = {
	.name = "virtual_ipaddress",
	.line_handler = line_vip,
	.skip_bad_lines = true,
};

const struct conf_block conf_vip_excluded_block = {
	.name = "virtual_ipaddress_excluded",
	.line_handler = line_vip_excluded,
	.skip_bad_lines = true,
};

/* ---- the vrrp_instance table ---------------------------------------------------------------- */

#define VI struct vrrp_instance_conf
static const struct conf_keyword vrrp_keywords[] = {
	{ "state", 1, 1, kw_state, NULL, NULL },
	{ "interface", 1, 1, kw_interface, NULL, NULL },
	{ "virtual_router_id", 1, 1, kw_vrid, NULL, NULL },
	{ "priority", 1, 1, kw_priority, NULL, NULL },
	{ "advert_int", 1, 1, kw_advert_int, NULL, NULL },
	{ "version", 1, 1, kw_version, NULL, NULL, .skip_bad = true, .value_required = true },
	{ "virtual_ipaddress", 0, 0, NULL, &conf_vip_block, NULL },
	{ "virtual_ipaddress_excluded", 0, 0, NULL, &conf_vip_excluded_block, NULL },
	CONF_KW_FLAG("nopreempt", VI, nopreempt),
	{ "preempt", 0, 0, kw_preempt, NULL, NULL },
	{ "preempt_delay", 1, 1, kw_preempt_delay, NULL, NULL },
	{ "authentication", 0, 0, kw_authentication, &conf_vrrp_auth_block, NULL },
	{ "mcast_src_ip", 1, 1, kw_mcast_src_ip, NULL, NULL, .skip_bad = true, .value_required = true },
	{ "garp_master_delay", 1, 1, kw_garp_delay, NULL, NULL },
	{ "garp_master_repeat", 1, 1, kw_garp_repeat, NULL, NULL },
	{ "garp_master_refresh", 1, 1, kw_garp_refresh, NULL, NULL },
	{ "garp_master_refresh_repeat", 1, 1, kw_garp_refresh_repeat, NULL, NULL },
	CONF_KW_NOTIFY("notify_master", VI, notify_master),
	CONF_KW_NOTIFY("notify_backup", VI, notify_backup),
	CONF_KW_NOTIFY("notify_fault", VI, notify_fault),
	CONF_KW_NOTIFY("notify_stop", VI, notify_stop),
	CONF_KW_NOTIFY("notify", VI, notify),
	{ "smtp_alert", 0, 1, conf_kw_vi_smtp_alert, NULL, NULL },
	{ "debug", 1, 1, kw_debug, NULL, NULL, .skip_bad = true, .value_required = true },
	CONF_KW_FLAG("dont_track_primary", VI, dont_track_primary),
	/* vrrp_conf_track.c and vrrp_ext_conf.h */
	{ "track_interface", 0, 0, NULL, &conf_vi_track_if_block, NULL },
	{ "track_script", 0, 0, NULL, &conf_vi_track_script_block, NULL },
	{ "track_file", 0, 0, NULL, &conf_vi_track_file_block, NULL },
	{ "track_process", 0, 0, NULL, &conf_vi_track_proc_block, NULL },
	{ "track_bfd", 0, 0, NULL, &conf_vi_track_bfd_block, NULL },
	{ "unicast_src_ip", 1, 1, kw_mcast_src_ip, NULL, NULL, .skip_bad = true, .value_required = true },   /* keepalived: the same keyword */
	{ "unicast_peer", 0, 0, conf_kw_unicast_peer, &conf_unicast_peer_block, NULL },
	{ "unicast_ttl", 1, 1, conf_kw_unicast_ttl, NULL, NULL },
	CONF_KW_FLAG("unicast_fault_no_peer", VI, ext.unicast_fault_no_peer),
	{ "check_unicast_src", 0, 0, conf_kw_check_unicast_src, NULL, NULL },
	CONF_KW_FLAG("track_src_ip", VI, ext.track_src_ip),   /* vrrp_conf_iface.c, vrrp_tracker.c */
	/* keepalived 2.2.7's limits: UINT_MAX / TIMER_HZ s, INT_MAX; beyond, skipped */
	CONF_KW_UINT_SKIP("garp_lower_prio_delay", VI, ext.garp_lower_prio_delay_s, 0, 4294),
	CONF_KW_UINT_SKIP("garp_lower_prio_repeat", VI, ext.garp_lower_prio_repeat, 0, INT32_MAX),
	{ "lower_prio_no_advert", 0, 1, conf_kw_lower_prio_no_advert, NULL, NULL },
	{ "higher_prio_send_advert", 0, 1, conf_kw_higher_prio_send_advert, NULL, NULL },
	{ "notify_priority_changes", 0, 1, conf_kw_notify_priority_changes, NULL, NULL },
	{ "notify_deleted", 0, CONF_ARGS_ANY, conf_kw_notify_deleted, NULL, NULL },
	CONF_KW_NOTIFY("notify_master_rx_lower_pri", VI, ext.notify_master_rx_lower_pri),
	{ "native_ipv6", 0, 0, conf_kw_native_ipv6, NULL, NULL },
	{ "mcast_dst_ip", 1, 1, conf_kw_mcast_dst_ip, NULL, NULL },
	{ "use_vmac", 0, 2, conf_kw_use_vmac, NULL, NULL },
	{ "use_ipvlan", 0, 3, conf_kw_use_ipvlan, NULL, NULL },
	{ "vrf", 1, 1, conf_kw_vrf, NULL, NULL },
	{ "skip_check_adv_addr", 0, 1, conf_kw_skip_check_adv_addr, NULL, NULL },
	{ "owner_ignore_adverts", 0, 1, conf_kw_owner_ignore_adverts, NULL, NULL },
	CONF_KW_FLAG("vmac_xmit_base", VI, l3.vmac_xmit_base),
	CONF_KW_FLAG("use_vmac_addr", VI, l3.use_vmac_addr),
	{ "strict_mode", 0, 1, conf_kw_strict_mode, NULL, NULL },
	{ "virtual_routes", 0, 0, NULL, &conf_vroutes_block, conf_open_vroutes },
	{ "virtual_rules", 0, 0, NULL, &conf_vrules_block, conf_open_vroutes },
	{ "accept", 0, 0, conf_kw_accept, NULL, NULL },
	{ "lvs_sync_daemon_interface", 1, 1, kw_lvs_sync_iface, NULL, NULL },
	{ "no_accept", 0, 0, conf_kw_accept, NULL, NULL },

	/* keepalived keywords not implemented: see CONF_KW_NOT_SUPPORTED in conf_parse.h */
	CONF_KW_NO_EFFECT_UINT("kernel_rx_buf_size"),
	CONF_KW_FLAG("promote_secondaries", VI, l3.promote_secondaries),
	/* keepalived 2.2.7: "(VI_1) 'linkbeat_use_polling' in vrrp instance deprecated - use
	 * linkbeat_interfaces block" (-t 5) */
	CONF_KW_OBSOLETE("linkbeat_use_polling"),
	{ "old_unicast_checksum", 0, 1, conf_kw_old_unicast_checksum, NULL, NULL },
	CONF_KW_UINT_SKIP("down_timer_adverts", VI, down_timer_adverts, 1, 100),
	{ "garp_extra_if", 1, 2, conf_kw_garp_extra_if, NULL, NULL, .skip_missing = true },
	{ "vmac_garp_intvl", 1, 2, conf_kw_garp_extra_if, NULL, NULL, .skip_missing = true },
};
#undef VI

const struct conf_block conf_vrrp_block = {
	.name = "vrrp_instance",
	.keywords = vrrp_keywords,
	.n_keywords = ARRAY_SIZE(vrrp_keywords),
};
