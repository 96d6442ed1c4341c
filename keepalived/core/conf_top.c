/* conf_top.c - the top level of keepalived.conf: global_defs, vrrp_instance,
 * keepalived's other top-level blocks (rejected or skipped by the rule of
 * CONF_KW_NOT_SUPPORTED in conf_parse.h), and - through conf_block_find() - the checker's
 * rows in conf_check_top_keywords[]. Top-level handlers get struct config.
 */
#include "bfd_conf.h"
#include "conf_lex.h"
#include "util.h"

#include <string.h>

/* global_defs { ... }: the block fills conf->global. */
static void *open_global(struct conf_ctx *ctx, void *parent, const struct conf_args *args)
{
	struct config *conf = parent;
	return &conf->global;
}

/* vrrp_instance NAME { ... }: append an instance with keepalived's
 * defaults; it remembers where it was declared. */
static void *open_vrrp(struct conf_ctx *ctx, void *parent, const struct conf_args *args)
{
	struct config *conf = parent;
	if (args->argc != 2) {
		/* keepalived 2.2.7: "vrrp_instance must have a name", the block
		 * skipped and the rest of the file run */
		conf_warn(ctx, &args->argv[0], "vrrp_instance must have a name (one word, got %zu): the block is "
			  "skipped, as keepalived 2.2.7 skips it", args->argc - 1);
		return NULL;
	}
	const struct conf_token *name = &args->argv[1];
	if (strlen(name->text) >= CONF_NAME_MAX) {
		conf_error(ctx, name, "vrrp_instance name must be at most %d characters, got %s",
			   CONF_NAME_MAX - 1, name->text);
		return NULL;
	}
	struct vrrp_instance_conf *vi = array_push(&conf->vrrp, &conf->n_vrrp, sizeof(*vi));
	vrrp_instance_conf_init(vi);
	str_copy(vi->name, sizeof(vi->name), name->text);
	vi->origin = conf_origin_of(&args->argv[0]);
	conf_vrrp_meta(ctx, vi);
	return vi;
}

static const struct conf_keyword top_keywords[] = {
	{ "global_defs", 0, 0, NULL, &conf_global_block, open_global },
	{ "vrrp_instance", 0, CONF_ARGS_ANY, NULL, &conf_vrrp_block, open_vrrp },
	{ "vrrp_script", 1, 1, NULL, &conf_vrrp_script_block, conf_open_vrrp_script },
	{ "vrrp_track_file", 1, 1, NULL, &conf_vrrp_track_file_block, conf_open_vrrp_track_file },
	{ "track_file", 1, 1, NULL, &conf_vrrp_track_file_block, conf_open_vrrp_track_file },
	{ "vrrp_sync_group", 0, CONF_ARGS_ANY, NULL, &conf_vrrp_sync_group_block, conf_open_vrrp_sync_group },
	{ "vrrp_track_process", 1, 1, NULL, &conf_vrrp_track_process_block, conf_open_vrrp_track_process },
	{ "static_ipaddress", 0, 0, NULL, &conf_static_addrs_block, conf_open_statics },
	{ "static_routes", 0, 0, NULL, &conf_static_routes_block, conf_open_statics },
	{ "static_rules", 0, 0, NULL, &conf_static_rules_block, conf_open_statics },
	{ "track_group", 1, 1, NULL, &conf_track_group_block, conf_open_track_group },

	/* keepalived top-level blocks not implemented (see conf_parse.h) */
	CONF_KW_NO_EFFECT("linkbeat_interfaces"),
	{ "garp_group", 0, 0, NULL, &conf_garp_group_block, conf_open_garp_group },
	{ "interface_up_down_delays", 0, 0, NULL, &conf_if_delays_block, conf_open_if_delays },
	{ "bfd_instance", 1, 1, NULL, &conf_bfd_block, conf_open_bfd },
};

/* keepalived 2.2 reads these at the top level, outside global_defs
 * (install_keyword_root), and ignores them inside it ("Unknown keyword").
 * Their rows live in global_defs' table; the parser hands a top-level one
 * to that row with conf->global as the object. Sorted. */
static const char *const root_globals[] = {
	"child_wait_time", "instance", "linkbeat_use_polling", "namespace_with_ipsets",
	"net_namespace", "net_namespace_ipvs", "use_pid_dir",
};

/* keepalived 2.2.7's VRRP keywords at the top level (init_vrrp_keywords():
 * its checker and BFD children do not read them). Sorted. */
static const char *const vrrp_part[] = {
	"garp_group", "interface_up_down_delays", "linkbeat_interfaces", "static_ipaddress",
	"static_routes", "static_rules", "track_group", "vrrp_instance", "vrrp_script",
	"vrrp_sync_group", "vrrp_track_process",
};

unsigned conf_top_part(const struct conf_keyword *kw)
{
	if (kw >= conf_check_top_keywords && kw < conf_check_top_keywords + conf_check_top_keywords_count)
		return CONF_PART_CHECK;
	for (size_t i = 0; i < ARRAY_SIZE(vrrp_part); i++)
		if (strcmp(vrrp_part[i], kw->name) == 0)
			return CONF_PART_VRRP;
	return 0;
}

bool conf_top_root_global(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(root_globals); i++)
		if (strcmp(root_globals[i], name) == 0)
			return true;
	return false;
}

const struct conf_block conf_top_block = {
	.name = "top level",
	.keywords = top_keywords,
	.n_keywords = ARRAY_SIZE(top_keywords),
};
