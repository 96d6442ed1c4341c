/* conf_validate.c - semantic checks after parsing, and config_load().
 *
 * Runs once the whole file is read: global_defs values are copied into
 * instances that did not set them (vrrp/vrrp_conf_validate.c), then each
 * subsystem checks its objects with their file:line (vrrp_conf_validate(),
 * check_conf_validate()); global_defs' own checks are here.
 */
#include "conf_mgmt.h"
#include "conf_wire.h"
#include "conf_lex.h"
#include "check_conf.h"
#include "log.h"
#include "util.h"

#include <grp.h>
#include <pwd.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>

/* The scripts that would run as the default script user - those that do
 * not name a user of their own (notify scripts, vrrp_scripts without
 * `user`, MISC_CHECKs, FIFO scripts...) - dropped: keepalived 2.2.7 runs
 * none of them when that user cannot be set (below). A vrrp_script left
 * without script is then disabled, a MISC_CHECK removed (their own
 * warnings). Returns how many were dropped. */
static size_t drop_default_scripts(struct conf_ctx *ctx)
{
	struct config *c = ctx->conf;
	struct global_conf *g = &c->global;
	size_t n = conf_fields_drop_default_scripts(&global_conf_desc, g, false);
	if (c->checker)
		n += conf_fields_drop_default_scripts(&check_global_conf_desc, c->checker, false);
	for (size_t i = 0; i < c->n_vrrp; i++)
		n += conf_fields_drop_default_scripts(&vrrp_instance_conf_desc, &c->vrrp[i], false);
	for (size_t i = 0; i < c->vrrp_objs.n_scripts; i++)
		n += conf_fields_drop_default_scripts(&vrrp_script_conf_desc, &c->vrrp_objs.scripts[i], false);
	for (size_t i = 0; i < c->vrrp_objs.n_groups; i++)
		n += conf_fields_drop_default_scripts(&vrrp_sync_group_conf_desc, &c->vrrp_objs.groups[i], false);
	for (size_t i = 0; i < c->n_vs; i++)
		n += conf_fields_drop_default_scripts(&vs_conf_desc, &c->vs[i], false);
	g->script_uid = 0;   /* nothing runs as it */
	g->script_gid = 0;
	return n;
}

static void count_script(void *arg, const char *cmdline, uint32_t uid, uint32_t gid)
{
	(*(size_t *)arg)++;
}

/* Does the configuration hold a script (of any process, any user)? */
static bool has_scripts(const struct config *c)
{
	size_t n = 0;
	conf_fields_scripts(&global_conf_desc, &c->global, 0, 0, count_script, &n);
	if (c->checker)
		conf_fields_scripts(&check_global_conf_desc, c->checker, 0, 0, count_script, &n);
	for (size_t i = 0; !n && i < c->n_vrrp; i++)
		conf_fields_scripts(&vrrp_instance_conf_desc, &c->vrrp[i], 0, 0, count_script, &n);
	for (size_t i = 0; !n && i < c->vrrp_objs.n_scripts; i++)
		conf_fields_scripts(&vrrp_script_conf_desc, &c->vrrp_objs.scripts[i], 0, 0, count_script, &n);
	for (size_t i = 0; !n && i < c->vrrp_objs.n_groups; i++)
		conf_fields_scripts(&vrrp_sync_group_conf_desc, &c->vrrp_objs.groups[i], 0, 0, count_script, &n);
	for (size_t i = 0; !n && i < c->n_vs; i++)
		conf_fields_scripts(&vs_conf_desc, &c->vs[i], 0, 0, count_script, &n);
	for (size_t i = 0; !n && i < c->n_vsg; i++)
		conf_fields_scripts(&vsg_conf_desc, &c->vsg[i], 0, 0, count_script, &n);
	return n > 0;
}

/* script_user USER [GROUP] -> uid/gid; the group defaults to the user's.
 * Without script_user: keepalived_script when that user exists, else root
 * (keepalived.conf(5); the parent warns once at start, parent.c) - looked
 * up only when the file has a script, as keepalived 2.2.7 does (a miss
 * loads NSS's systemd module: ~0.5 ms of every start). */
static void validate_script_user(struct conf_ctx *ctx)
{
	struct global_conf *g = &ctx->conf->global;
	if (!g->script_user_set) {
		struct passwd *dpw = ctx->conf->scripts == CONF_SCRIPTS_SOME ? getpwnam(DEFAULT_SCRIPT_USER) : NULL;
		g->script_uid = dpw ? dpw->pw_uid : 0;
		g->script_gid = dpw ? dpw->pw_gid : 0;
		/* with enable_script_security, root is no fallback: keepalived
		 * 2.2.7 says "Unable to set default user keepalived_script for
		 * script" and runs without those scripts (get_default_script_user();
		 * its -t exits 5). It decides at its first script, so when
		 * enable_script_security comes first - as in global_defs. */
		if (!dpw && ctx->conf->scripts == CONF_SCRIPTS_SOME && g->enable_script_security &&
		    ctx->script_security_tok) {
			size_t n = drop_default_scripts(ctx);
			if (n)
				conf_warn(ctx, ctx->script_security_tok, "enable_script_security without script_user, "
					  "and no user '%s': the %zu script%s without a user of its own %s not run, as "
					  "keepalived 2.2.7 does not run them (\"Unable to set default user %s\"; "
					  "script_user root runs them as root)", DEFAULT_SCRIPT_USER, n, n == 1 ? "" : "s",
					  n == 1 ? "is" : "are", DEFAULT_SCRIPT_USER);
		}
		return;
	}
	if (!getpwnam(g->script_user) || (g->script_group[0] && !getgrnam(g->script_group))) {
		size_t n = drop_default_scripts(ctx);
		conf_warn(ctx, ctx->script_user_tok, "script_user: no user '%s'%s%s%s: the %zu script%s without a "
			  "user of its own %s not run, as keepalived 2.2.7 does not run them", g->script_user,
			  g->script_group[0] ? " or no group '" : "", g->script_group, g->script_group[0] ? "'" : "",
			  n, n == 1 ? "" : "s", n == 1 ? "is" : "are");
		return;
	}
	conf_get_user(ctx, ctx->script_user_tok, ctx->script_user_tok, "script_user", g->script_user,
		      g->script_group, &g->script_uid, &g->script_gid);
}

void conf_validate(struct conf_ctx *ctx)
{
	/* validation drops scripts (script_user without a user) but adds none */
	ctx->conf->scripts = has_scripts(ctx->conf) ? CONF_SCRIPTS_SOME : CONF_SCRIPTS_NONE;
	validate_script_user(ctx);
	conf_mgmt_validate(ctx);
	vrrp_conf_validate(ctx);
	ctx->errors += check_conf_validate(ctx->conf, ctx->check_only, &ctx->warnings);
}

int config_load(struct config *conf, const char *path, const struct config_load_opts *opts)
{
	config_init(conf);
	str_copy(conf->path, sizeof(conf->path), path);
	struct conf_ctx ctx;
	conf_ctx_init(&ctx, conf, opts && opts->check_only);
	if (opts && opts->config_id)
		str_copy(ctx.config_id, sizeof(ctx.config_id), opts->config_id);
	ctx.all_config = opts && opts->all_config;
	ctx.host = opts ? opts->host : NULL;
	ctx.skip_parts = opts ? opts->skip_parts : 0;
	conf->parts_skipped = ctx.skip_parts;
	if (conf_parse_file(&ctx, path)) {
		conf_inherit_globals(&ctx);
		/* keepalived 2.2.7 looks for the interfaces in the file's
		 * net_namespace (-s NAME wins): so do the checks */
		const char *ns = conf->global.net_namespace;
		bool in_ns = opts && opts->in_netns;
		int saved = ns[0] && !in_ns && !ctx.host ? conf_host_netns_enter(ns) : -1;
		ctx.host_in_netns = !ns[0] || in_ns || saved >= 0;
		conf_validate(&ctx);
		conf_host_netns_leave(saved);
	}
	int errors = ctx.errors;
	if (opts && opts->warnings)
		*opts->warnings = ctx.warnings;
	conf_ctx_free(&ctx);
	/* the tokens and the text of a large file are garbage now: give the
	 * memory back to the system (a 10,000-server file is megabytes) */
	malloc_trim(0);
	return errors;
}
