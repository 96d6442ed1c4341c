/* vrrp_conf_garp.c - the top-level garp_group block of keepalived 2.2:
 *
 *     garp_group {
 *         garp_interval SECONDS      (microsecond resolution)
 *         gna_interval SECONDS
 *         interface IF               or   interfaces { IF ... }
 *     }
 *
 * Frames of the group's interfaces are spaced by its intervals instead of
 * vrrp_garp_interval / vrrp_gna_interval (vrrp_batch.c); an interface in no
 * group keeps the global ones. Its field table and the lookup. */
#include "conf_lex.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static const struct conf_field group_rows[] = {
	CF_UANY(struct garp_group_conf, garp_interval_us),
	CF_UANY(struct garp_group_conf, gna_interval_us),
	CF_SARR(struct garp_group_conf, ifnames, n_ifnames),
};
static const struct conf_struct_desc group_desc = CF_DESC(struct garp_group_conf, 0, group_rows, NULL);
static const struct conf_field groups_rows[] = {
	CF_ARR(struct vrrp_garp_groups, groups, n_groups, group_desc),
};
const struct conf_struct_desc vrrp_garp_groups_desc = CF_DESC(struct vrrp_garp_groups, 0, groups_rows, NULL);

/* Contract: see vrrp_l3_conf.h. */
int vrrp_garp_group_of(const struct vrrp_garp_groups *g, const char *dev, const char *base)
{
	for (int pass = 0; pass < 2; pass++) {
		const char *name = pass ? base : dev;
		if (!name || !name[0])
			continue;
		for (size_t i = 0; i < g->n_groups; i++)
			for (size_t j = 0; j < g->groups[i].n_ifnames; j++)
				if (strcmp(g->groups[i].ifnames[j], name) == 0)
					return (int)i;
	}
	return -1;
}

/* One interface name into the group; an interface already in a group
 * stays in that first one, with keepalived 2.2.7's warning ("garp_group
 * already specified for X - ignoring"; ours refused the file). */
static void add_ifname(struct conf_ctx *ctx, struct garp_group_conf *gg, const struct conf_token *t)
{
	const struct vrrp_garp_groups *all = &ctx->conf->global.garp_groups;
	if (strlen(t->text) >= 16 || strchr(t->text, '/')) {
		conf_error(ctx, t, "garp_group: '%s' is not an interface name", t->text);
		return;
	}
	if (vrrp_garp_group_of(all, t->text, NULL) >= 0) {
		conf_warn(ctx, t, "garp_group: interface %s is already in a garp_group: ignored here, as keepalived "
			  "2.2.7 ignores it", t->text);
		return;
	}
	*(char **)array_push(&gg->ifnames, &gg->n_ifnames, sizeof(char *)) = xstrdup(t->text);
	/* one that does not exist stops keepalived 2.2.7 (without
	 * dynamic_interfaces): "WARNING - interface X specified for
	 * garp_group doesn't exist", "Non-existent interface specified in
	 * configuration", its VRRP process exits with a configuration error
	 * and the daemon with it (exit 2; -t 5). An error here, as for the
	 * other interfaces a file names (vrrp_check_interfaces()). */
	conf_note_if(ctx, t, "garp_group", t->text);
}

static void kw_interface(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	add_ifname(ctx, obj, &args->argv[1]);
}

static void line_interfaces(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	for (size_t i = 0; i < args->argc; i++)
		add_ifname(ctx, obj, &args->argv[i]);
}

/* garp_interval / gna_interval SECONDS: 0..2147.483647 (microseconds), as
 * keepalived 2.2.7; another value is skipped with a warning, as there. */
static void kw_interval(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct garp_group_conf *gg = obj;
	bool na = strcmp(args->argv[0].text, "gna_interval") == 0;
	if (conf_get_fixed(ctx, &args->argv[1], args->argv[0].text, 6, 0, INT32_MAX,
			   na ? &gg->gna_interval_us : &gg->garp_interval_us))
		gg->interval_set = true;
}

/* interfaces { } without a name: keepalived 2.2.7 warns "Warning - empty
 * garp_group interfaces block" (-t 5). */
static void close_interfaces(struct conf_ctx *ctx, void *obj, const struct conf_token *open_brace)
{
	const struct garp_group_conf *gg = obj;
	if (!gg->n_ifnames)
		conf_warn(ctx, open_brace, "garp_group: empty interfaces block (as keepalived 2.2.7 warns)");
}

static const struct conf_block interfaces_block = { .name = "interfaces", .line_handler = line_interfaces,
						    .close = close_interfaces };

/* A group without garp_interval and gna_interval: keepalived 2.2.7 removes
 * it ("garp group 0 does not have any delay set - removing", -t 5), so its
 * interfaces keep vrrp_garp_interval / vrrp_gna_interval; ours kept it and
 * spaced them by 0. A group without an interface applies to nothing
 * (2.2.7 says nothing, -t 0): a notice. The group is the last of the
 * array (conf_open_garp_group()). */
static void close_group(struct conf_ctx *ctx, void *obj, const struct conf_token *open_brace)
{
	struct garp_group_conf *gg = obj;
	struct vrrp_garp_groups *all = &conf_ctx_config(ctx)->global.garp_groups;
	if (!gg->interval_set) {
		conf_warn(ctx, open_brace, "garp_group without garp_interval or gna_interval: removed, as keepalived "
			  "2.2.7 removes it ('does not have any delay set')");
		if (all->n_groups && gg == &all->groups[all->n_groups - 1]) {
			for (size_t i = 0; i < gg->n_ifnames; i++)
				free(gg->ifnames[i]);
			free(gg->ifnames);
			all->n_groups--;
		}
		return;
	}
	if (!gg->n_ifnames)
		conf_notice(ctx, open_brace, "garp_group without interface or interfaces { } applies to nothing");
}

static const struct conf_keyword group_keywords[] = {
	{ "garp_interval", 1, 1, kw_interval, NULL, NULL, .skip_bad = true, .value_required = true },
	{ "gna_interval", 1, 1, kw_interval, NULL, NULL, .skip_bad = true, .value_required = true },
	{ "interface", 1, 1, kw_interface, NULL, NULL },
	{ "interfaces", 0, 0, NULL, &interfaces_block, NULL },
};

const struct conf_block conf_garp_group_block = {
	.name = "garp_group",
	.keywords = group_keywords,
	.n_keywords = ARRAY_SIZE(group_keywords),
	.close = close_group,
};

/* Contract: see conf_lex.h. The new group is the last of the array until
 * its block closes (nothing else adds groups meanwhile). */
void *conf_open_garp_group(struct conf_ctx *ctx, void *parent, const struct conf_args *args)
{
	struct vrrp_garp_groups *all = &((struct config *)parent)->global.garp_groups;
	struct garp_group_conf *gg = array_push(&all->groups, &all->n_groups, sizeof(*gg));
	memset(gg, 0, sizeof(*gg));
	return gg;
}

/* The words of [vrrp_]garp_extra_if: "all" and SECONDS (min..86400) in
 * any order; false (error reported) when unusable or without SECONDS.
 * The old spellings [vrrp_]vmac_garp_intvl are deprecated: as keepalived
 * 2.2.7, -t fails on them, the daemon warns and runs. */
static bool garp_extra_words(struct conf_ctx *ctx, const struct conf_args *args, uint32_t min, uint32_t *secs,
			     bool *all)
{
	const char *kw = args->argv[0].text;
	if (strstr(kw, "vmac_garp_intvl")) {
		void (*report)(struct conf_ctx *, const struct conf_token *, const char *, ...) =
			conf_ctx_check_only(ctx) ? conf_error : conf_warn;
		report(ctx, &args->argv[0], "'%s' is deprecated, use '%s'", kw,
		       kw[0] == 'v' && kw[1] == 'r' ? "vrrp_garp_extra_if" : "garp_extra_if");
	}
	bool have = false;
	*all = false;
	for (size_t i = 1; i < args->argc; i++) {
		if (strcmp(args->argv[i].text, "all") == 0)
			*all = true;
		else if (!conf_get_uint(ctx, &args->argv[i], kw, min, 86400, secs))
			return false;
		else
			have = true;
	}
	if (!have)
		conf_error(ctx, &args->argv[0], "%s needs SECONDS", kw);
	return have;
}

/* garp_extra_if [all] SECONDS (vrrp_instance; 0 turns it off), alias
 * vmac_garp_intvl. */
void conf_kw_garp_extra_if(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	uint32_t s = 0;
	bool all;
	if (!garp_extra_words(ctx, args, 0, &s, &all))
		return;
	vi->l3.garp_extra_s = s;
	vi->l3.garp_extra_all = all;
	vi->l3.garp_extra_set = true;
}

/* vrrp_garp_extra_if [all] SECONDS (global_defs, 1..86400: the default of
 * the instances without garp_extra_if), alias vrrp_vmac_garp_intvl. */
void conf_kw_vrrp_garp_extra_if(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct global_conf *g = obj;
	uint32_t s = 0;
	bool all;
	if (!garp_extra_words(ctx, args, 1, &s, &all))
		return;
	g->ext.garp_extra_s = s;
	g->ext.garp_extra_all = all;
}
