/* vrrp_conf_track_group.c - interfaces an instance tracks without a
 * track_interface line, as keepalived 2.2.7 decides them (all unweighted:
 * the interface down puts the instance in FAULT), turned into
 * track_interface entries by validation:
 *
 * 1. its own addresses, routes and rules (vrrp_implicit_tracking()): the
 *    `dev` of each virtual_ipaddress / virtual_ipaddress_excluded line on
 *    another interface than the instance's, the `dev` of each
 *    virtual_routes line, the `iif`/`oif` of each virtual_rules line -
 *    except lines with no_track;
 *
 * 2. static track groups:
 *
 *   track_group NAME {          (top level)
 *       group { VI_1 VI_2 }
 *   }
 *   static_ipaddress { 192.0.2.9/24 dev eth1 track_group NAME }
 *   static_routes    { 198.51.100.0/24 via 192.0.2.1 dev eth1 track_group NAME }
 *   static_rules     { from 192.0.2.9 table 100 iif eth1 track_group NAME }
 *
 * The instances of the group track the interface of each static item that
 * names it (its `dev`; a route's `dev`, a rule's `iif`; none: nothing), as
 * an unweighted track_interface: that interface down puts them in FAULT.
 * (keepalived ignores the option with no_track on the same line.)
 *
 * Only the configuration knows about it: validation turns it into
 * track_interface lines of the member instances (vrrp_track_groups_apply()),
 * which the VRRP child runs as it runs any other. The static_* blocks here
 * take the option off the line and hand the rest to the usual parsers.
 */
#include "conf_lex.h"
#include "log.h"
#include "util.h"
#include "vrrp_conf.h"
#include "vrrp_ext_conf.h"
#include "vrrp_route_conf.h"

#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- track_group NAME { group { ... } } -------------------------------------------------- */

void *conf_open_track_group(struct conf_ctx *ctx, void *parent, const struct conf_args *args)
{
	struct vrrp_objs_conf *o = &((struct config *)parent)->vrrp_objs;
	const struct conf_token *name = &args->argv[1];
	struct static_track_group_conf *g = array_push(&o->track_groups, &o->n_track_groups, sizeof(*g));
	memset(g, 0, sizeof(*g));
	if (!str_copy(g->name, sizeof(g->name), name->text))
		conf_error(ctx, name, "track_group name must be at most %zu characters, got %s",
			   sizeof(g->name) - 1, name->text);
	g->origin = conf_origin_of(name);
	return g;
}

static void line_tg_member(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct static_track_group_conf *g = obj;
	for (size_t i = 0; i < args->argc; i++)
		*(char **)array_push(&g->members, &g->n_members, sizeof(char *)) = xstrdup(args->argv[i].text);
}

static const struct conf_block tg_members_block = { .name = "group", .line_handler = line_tg_member };

static const struct conf_keyword tg_keywords[] = {
	{ "group", 0, 0, NULL, &tg_members_block, NULL },
};

const struct conf_block conf_track_group_block = {
	.name = "track_group", .keywords = tg_keywords, .n_keywords = ARRAY_SIZE(tg_keywords),
};

void static_track_groups_free(struct vrrp_objs_conf *o)
{
	for (size_t i = 0; i < o->n_track_groups; i++) {
		for (size_t j = 0; j < o->track_groups[i].n_members; j++)
			free(o->track_groups[i].members[j]);
		free(o->track_groups[i].members);
	}
	free(o->track_groups);
	free(o->static_tracks);
	free(o->static_ifs);
	o->static_ifs = NULL;
	o->n_static_ifs = 0;
	o->track_groups = NULL;
	o->n_track_groups = 0;
	o->static_tracks = NULL;
	o->n_static_tracks = 0;
}

/* ---- static_* lines with `track_group NAME` -------------------------------------------- */

/* Copies args without `track_group NAME` into toks (room for args->argc)
 * and *out; the option's name token into *group (NULL: not given). false
 * (reported) when it is given twice or without a name. */
static bool take_track_group(struct conf_ctx *ctx, const struct conf_args *args, struct conf_token *toks,
			     struct conf_args *out, const struct conf_token **group)
{
	size_t n = 0;
	*group = NULL;
	for (size_t i = 0; i < args->argc; i++) {
		if (i > 0 && strcmp(args->argv[i].text, "track_group") == 0) {
			if (i + 1 >= args->argc) {
				conf_error(ctx, &args->argv[i], "track_group needs a group name");
				return false;
			}
			if (*group) {
				conf_error(ctx, &args->argv[i + 1], "track_group %s is a duplicate", args->argv[i + 1].text);
				return false;
			}
			*group = &args->argv[++i];
			continue;
		}
		toks[n++] = args->argv[i];
	}
	*out = (struct conf_args){ .argc = n, .argv = toks, .kw = args->kw };
	return true;
}

/* Remember that the interface IFNAME of the item on this line is tracked
 * by the instances of group g (no interface: only the group's existence is
 * checked; no_track: nothing). */
static void note_track(struct conf_ctx *ctx, struct vrrp_routes_conf *rt, const struct conf_token *g,
		       const char *ifname, bool no_track)
{
	if (!g)
		return;
	if (no_track) {
		conf_warn(ctx, g, "track_group %s with no_track on the same line: not tracked (as keepalived)", g->text);
		return;
	}
	if (!ifname[0])   /* the group must still exist (validation) */
		conf_warn(ctx, g, "track_group %s: the line names no interface to track", g->text);
	struct vrrp_objs_conf *o = &conf_ctx_config(ctx)->vrrp_objs;
	struct static_track_ref *r = array_push(&o->static_tracks, &o->n_static_tracks, sizeof(*r));
	memset(r, 0, sizeof(*r));
	str_copy(r->group, sizeof(r->group), g->text);
	str_copy(r->ifname, sizeof(r->ifname), ifname);
	r->origin = conf_origin_of(g);
}

/* Contract: see conf_lex.h. */
void conf_note_if(struct conf_ctx *ctx, const struct conf_token *at, const char *block, const char *ifname)
{
	if (!ifname[0])
		return;
	struct vrrp_objs_conf *o = &conf_ctx_config(ctx)->vrrp_objs;
	struct static_if_ref *r = array_push(&o->static_ifs, &o->n_static_ifs, sizeof(*r));
	memset(r, 0, sizeof(*r));
	str_copy(r->ifname, sizeof(r->ifname), ifname);
	r->block = block;
	r->origin = conf_origin_of(at);
}

/* The interfaces item i of a static block names (ifs[0]: the one a
 * track_group tracks) and its no_track; returns how many. */
#define ITEM_IFS_MAX (ROUTE_MAX_NH + 2)
typedef size_t (*item_ifs_fn)(const struct vrrp_routes_conf *rt, size_t i, const char *ifs[ITEM_IFS_MAX],
			      bool *no_track);

static size_t addr_ifs(const struct vrrp_routes_conf *rt, size_t i, const char *ifs[ITEM_IFS_MAX], bool *no_track)
{
	*no_track = rt->addrs[i].no_track;
	ifs[0] = rt->addrs[i].dev;
	return 1;
}

static size_t route_ifs(const struct vrrp_routes_conf *rt, size_t i, const char *ifs[ITEM_IFS_MAX], bool *no_track)
{
	const struct route_conf *r = &rt->routes[i];
	*no_track = r->no_track;
	size_t n = 0;
	ifs[n++] = r->dev;
	for (unsigned k = 0; k < r->n_nh && n < ITEM_IFS_MAX; k++)
		ifs[n++] = r->nh[k].dev;
	return n;
}

static size_t rule_ifs(const struct vrrp_routes_conf *rt, size_t i, const char *ifs[ITEM_IFS_MAX], bool *no_track)
{
	*no_track = rt->rules[i].no_track;
	ifs[0] = rt->rules[i].iif;
	ifs[1] = rt->rules[i].oif;
	return 2;
}

/* One line of a static block: `track_group NAME` taken off, the rest to
 * the usual parser (inner), whose new item (*count grew) gets its
 * interfaces noted for tracking and for the existence check. */
static void static_line(struct conf_ctx *ctx, struct vrrp_routes_conf *rt, const struct conf_args *args,
			const struct conf_block *inner, const size_t *count, item_ifs_fn ifs_of)
{
	struct conf_token toks[args->argc];
	struct conf_args a;
	const struct conf_token *g;
	if (!take_track_group(ctx, args, toks, &a, &g))
		return;
	size_t before = *count;
	inner->line_handler(ctx, rt, &a);
	if (*count == before)
		return;
	const char *ifs[ITEM_IFS_MAX];
	bool no_track;
	size_t n = ifs_of(rt, before, ifs, &no_track);
	note_track(ctx, rt, g, ifs[0], no_track);
	for (size_t k = 0; k < n; k++)
		conf_note_if(ctx, &args->argv[0], inner == &conf_saddrs_block ? "static_ipaddress" :
				inner == &conf_vroutes_block ? "static_routes" : "static_rules", ifs[k]);
}

static void line_saddr(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_routes_conf *rt = obj;
	static_line(ctx, rt, args, &conf_saddrs_block, &rt->n_addrs, addr_ifs);
}

static void line_sroute(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_routes_conf *rt = obj;
	static_line(ctx, rt, args, &conf_vroutes_block, &rt->n_routes, route_ifs);
}

static void line_srule(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_routes_conf *rt = obj;
	static_line(ctx, rt, args, &conf_vrules_block, &rt->n_rules, rule_ifs);
}

/* a bad line is skipped with a warning, as keepalived 2.2.7 skips it */
const struct conf_block conf_static_addrs_block = { .name = "static_ipaddress", .line_handler = line_saddr,
						    .skip_bad_lines = true };
const struct conf_block conf_static_routes_block = { .name = "static_routes", .line_handler = line_sroute,
						     .skip_bad_lines = true };
const struct conf_block conf_static_rules_block = { .name = "static_rules", .line_handler = line_srule,
						    .skip_bad_lines = true };

/* ---- validation ------------------------------------------------------------------------- */

static const struct static_track_group_conf *find_group(const struct vrrp_objs_conf *o, const char *name)
{
	for (size_t i = 0; i < o->n_track_groups; i++)
		if (!strcmp(o->track_groups[i].name, name))
			return &o->track_groups[i];
	return NULL;
}

/* vi tracks ifname (unweighted) unless it already does; implicit: for
 * an address, route or rule on it (track_ref.implicit). */
static void add_track_if(struct vrrp_instance_conf *vi, const char *ifname, bool implicit)
{
	struct vrrp_ext_conf *e = &vi->ext;
	for (size_t i = 0; i < e->n_track_ifs; i++)
		if (!strcmp(e->track_ifs[i].name, ifname))
			return;
	struct track_ref *r = array_push(&e->track_ifs, &e->n_track_ifs, sizeof(*r));
	memset(r, 0, sizeof(*r));
	str_copy(r->name, sizeof(r->name), ifname);
	r->implicit = implicit;
}


/* vi tracks ifname (not its own interface, tracked anyway - or not at
 * all with dont_track_primary); an interface that does not exist is left
 * to the checks of the address or route itself. */
static void track_implicit(struct conf_ctx *ctx, struct vrrp_instance_conf *vi, const char *ifname)
{
	if (!ifname[0] || !strcmp(ifname, vi->ifname))
		return;
	/* its own VMAC / ipvlan (a route 'dev vrrp.51' on it): keepalived
	 * 2.2.7's instance interface, not a tracked one - tracked, it held
	 * the instance in FAULT until the link it makes itself existed */
	if (vrrp_l3_own_link(&vi->l3) && !strcmp(ifname, vi->l3.vmac_name))
		return;
	if (conf_interfaces_checked(ctx) && !conf_iface_exists(ctx, ifname))
		return;
	add_track_if(vi, ifname, true);
}

static struct conf_token tok_of(const struct conf_origin *o)
{
	return (struct conf_token){ .text = "", .file = o->file, .line = o->line };
}

/* ---- interfaces that must exist ----------------------------------------------------------- */

static void if_must_exist(struct conf_ctx *ctx, const struct conf_token *at, const char *owner,
			  const char *what, const char *ifname)
{
	if (ifname[0] && !conf_iface_exists(ctx, ifname))
		conf_error(ctx, at, "%s: interface %s of %s does not exist "
			   "(dynamic_interfaces allows interfaces that appear later)", owner, ifname, what);
}

static void routes_must_exist(struct conf_ctx *ctx, const struct conf_token *at, const char *owner,
			      const struct vrrp_routes_conf *rt)
{
	for (size_t j = 0; j < rt->n_routes; j++) {
		if_must_exist(ctx, at, owner, "a route", rt->routes[j].dev);
		for (unsigned k = 0; k < rt->routes[j].n_nh; k++)
			if_must_exist(ctx, at, owner, "a route's next hop", rt->routes[j].nh[k].dev);
	}
	for (size_t j = 0; j < rt->n_rules; j++) {
		if_must_exist(ctx, at, owner, "a rule (iif)", rt->rules[j].iif);
		if_must_exist(ctx, at, owner, "a rule (oif)", rt->rules[j].oif);
	}
}

void vrrp_check_interfaces(struct conf_ctx *ctx)
{
	if (!conf_interfaces_checked(ctx))
		return;
	struct vrrp_objs_conf *o = &ctx->conf->vrrp_objs;
	for (size_t i = 0; i < o->n_static_ifs; i++) {
		struct conf_token at = tok_of(&o->static_ifs[i].origin);
		/* a garp_group's: keepalived 2.2.7 stops its VRRP process on it
		 * ("Non-existent interface specified in configuration"), which
		 * it does not start without a vrrp_instance: then its -t warns
		 * (5) and it runs */
		if (!ctx->conf->n_vrrp && !strcmp(o->static_ifs[i].block, "garp_group")) {
			if (!conf_iface_exists(ctx, o->static_ifs[i].ifname))
				conf_warn(ctx, &at, "garp_group: interface %s does not exist (no vrrp_instance: "
					  "nothing stops, as keepalived 2.2.7)", o->static_ifs[i].ifname);
			continue;
		}
		if_must_exist(ctx, &at, o->static_ifs[i].block, "this line", o->static_ifs[i].ifname);
	}
	for (size_t i = 0; i < ctx->conf->n_vrrp; i++) {
		const struct vrrp_instance_conf *vi = &ctx->conf->vrrp[i];
		struct conf_token at = tok_of(&vi->origin);
		char owner[96];
		str_concat(owner, sizeof(owner), "vrrp_instance ", vi->name);
		for (size_t j = 0; j < vi->n_vips; j++)
			if_must_exist(ctx, &at, owner, "a virtual_ipaddress", vi->vips[j].dev);
		for (size_t j = 0; j < vi->n_vips_excluded; j++)
			if_must_exist(ctx, &at, owner, "a virtual_ipaddress_excluded", vi->vips_excluded[j].dev);
		routes_must_exist(ctx, &at, owner, &vi->l3.rt);
	}
}

void vrrp_implicit_tracking(struct conf_ctx *ctx)
{
	for (size_t i = 0; i < ctx->conf->n_vrrp; i++) {
		struct vrrp_instance_conf *vi = &ctx->conf->vrrp[i];
		for (size_t j = 0; j < vi->n_vips; j++)
			if (!vi->vips[j].no_track)
				track_implicit(ctx, vi, vi->vips[j].dev);
		for (size_t j = 0; j < vi->n_vips_excluded; j++)
			if (!vi->vips_excluded[j].no_track)
				track_implicit(ctx, vi, vi->vips_excluded[j].dev);
		const struct vrrp_routes_conf *rt = &vi->l3.rt;
		for (size_t j = 0; j < rt->n_routes; j++)
			if (!rt->routes[j].no_track)
				track_implicit(ctx, vi, rt->routes[j].dev);
		for (size_t j = 0; j < rt->n_rules; j++) {
			if (rt->rules[j].no_track)
				continue;
			track_implicit(ctx, vi, rt->rules[j].iif);
			track_implicit(ctx, vi, rt->rules[j].oif);
		}
	}
}

void vrrp_track_groups_apply(struct conf_ctx *ctx)
{
	struct config *conf = ctx->conf;
	struct vrrp_objs_conf *o = &conf->vrrp_objs;
	for (size_t i = 0; i < o->n_track_groups; i++) {
		const struct static_track_group_conf *g = &o->track_groups[i];
		struct conf_token at = tok_of(&g->origin);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(o->track_groups[j].name, g->name))
				conf_error(ctx, &at, "track_group %s is defined twice", g->name);
		if (!g->n_members)
			conf_warn(ctx, &at, "track_group %s has no vrrp_instance (group { })", g->name);
		for (size_t m = 0; m < g->n_members; m++)
			if (!conf_vrrp_find(conf, g->members[m]))
				conf_warn(ctx, &at, "track_group %s: no vrrp_instance %s - ignoring it", g->name,
					  g->members[m]);
	}
	for (size_t i = 0; i < o->n_static_tracks; i++) {
		const struct static_track_ref *r = &o->static_tracks[i];
		const struct static_track_group_conf *g = find_group(o, r->group);
		if (!g) {
			struct conf_token at = tok_of(&r->origin);
			conf_error(ctx, &at, "track_group %s not found", r->group);
			continue;
		}
		for (size_t m = 0; m < g->n_members && r->ifname[0]; m++) {
			struct vrrp_instance_conf *vi = conf_vrrp_find(conf, g->members[m]);
			if (vi)
				add_track_if(vi, r->ifname, false);
		}
	}
}
