/* vrrp_conf_global.c - global_defs keywords of vrrp_ext_conf.h:
 * notify FIFOs, lower/higher-priority advert defaults, unicast source
 * checks, startup delay, interfaces. Looked up after the rows of
 * conf_keywords_global.c (conf_block_find()). Handlers get struct global_conf.
 */
#include "conf_lex.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* keepalived 2.2.7's limits (UINT_MAX / TIMER_HZ s, INT_MAX); another
 * value is skipped with a warning, as there */
#define GARP_DELAY_MAX 4294
#define GARP_REPEAT_MAX INT32_MAX

static struct vrrp_global_ext *ext_of(void *obj)
{
	return &((struct global_conf *)obj)->ext;
}

/* FIFO_NAME [username [groupname]]: the FIFO is created by the VRRP child
 * (root-owned, mode 0600 as keepalived); the user names are accepted. */
static void set_fifo_path(struct notify_fifo_conf *f, const struct conf_args *args)
{
	free(f->path);
	f->path = xstrdup(args->argv[1].text);
}

static void set_fifo_script(struct notify_fifo_conf *f, const struct conf_args *args)
{
	free(f->script);
	f->script = xstrdup(args->argv[1].text);
}

static void kw_notify_fifo(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	set_fifo_path(&ext_of(obj)->fifo, args);
}

static void kw_notify_fifo_script(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	set_fifo_script(&ext_of(obj)->fifo, args);
}

static void kw_vrrp_notify_fifo(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	set_fifo_path(&ext_of(obj)->vrrp_fifo, args);
}

static void kw_vrrp_notify_fifo_script(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	set_fifo_script(&ext_of(obj)->vrrp_fifo, args);
}

static void kw_lower_prio_delay(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_global_ext *g = ext_of(obj);
	if (conf_get_uint_or_skip(ctx, &args->argv[1], "vrrp_garp_lower_prio_delay", 0, GARP_DELAY_MAX,
			  &g->garp_lower_prio_delay_s))
		g->garp_lower_prio_delay_set = true;
}

static void kw_lower_prio_repeat(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_global_ext *g = ext_of(obj);
	if (conf_get_uint_or_skip(ctx, &args->argv[1], "vrrp_garp_lower_prio_repeat", 0, GARP_REPEAT_MAX,
			  &g->garp_lower_prio_repeat))
		g->garp_lower_prio_repeat_set = true;
}

static void kw_lower_prio_no_advert(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	conf_get_bool(ctx, args, 1, &ext_of(obj)->lower_prio_no_advert);
}

static void kw_notify_priority_changes(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	conf_get_bool(ctx, args, 1, &ext_of(obj)->notify_priority_changes);
}

static void kw_higher_prio_send_advert(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	conf_get_bool(ctx, args, 1, &ext_of(obj)->higher_prio_send_advert);
}

static void kw_check_unicast_src(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	ext_of(obj)->check_unicast_src = true;
}

/* vrrp_startup_delay SECS (decimal, resolution ms), 0.001..4294.967 s as
 * keepalived 2.2.7 takes it; another value (0 and "" too) is skipped with
 * a warning, as there. */
static void kw_startup_delay(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	if (!conf_value_fixed(args->argv[1].text, 3, 1, 4294967, &ext_of(obj)->startup_delay_ms))
		conf_warn(ctx, &args->argv[1], "vrrp_startup_delay must be 0.001..4294.967 seconds, got %s: ignored "
			  "(as keepalived 2.2.7)", args->argv[1].text);
}

/* dynamic_interfaces [allow_if_changes]: interfaces may be missing at start
 * and come and go (the instance is in FAULT while its interface is missing,
 * which keepalived-ng always does); the -t warning about a missing
 * interface is then silent. */
/* disable_local_igmp: on a kernel without the sysctl (before 4.3) keepalived
 * 2.2.7 reports it and runs without: the same, as a warning. */
static void kw_disable_local_igmp(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	if (access(VRRP_IGMP_LLM_REPORTS, W_OK) != 0) {
		conf_warn(ctx, &args->argv[0], "disable_local_igmp: kernel does not support %s: ignored",
			  VRRP_IGMP_LLM_REPORTS);
		return;
	}
	ext_of(obj)->disable_local_igmp = true;
}

static void kw_dynamic_interfaces(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	if (args->argc > 1 && strcmp(args->argv[1].text, "allow_if_changes") != 0) {
		conf_error(ctx, &args->argv[1], "dynamic_interfaces: expected allow_if_changes, got %s",
			   args->argv[1].text);
		return;
	}
	ext_of(obj)->dynamic_interfaces = true;
}

/* smtp_helo_name NAME; without NAME keepalived 2.2.7 ignores the line
 * silently (-t 0): a notice. */
static void kw_smtp_helo_name(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_global_ext *g = ext_of(obj);
	if (args->argc < 2) {
		conf_notice(ctx, &args->argv[0], "smtp_helo_name without a name: ignored, as keepalived 2.2.7 "
			    "ignores it");
		return;
	}
	free(g->smtp_helo_name);
	g->smtp_helo_name = xstrdup(args->argv[1].text);
}

/* smtp_alert / smtp_alert_vrrp [BOOL]: defaults of the instances' and
 * groups' smtp_alert (smtp_alert_vrrp wins). */
static void kw_smtp_alert(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_global_ext *g = ext_of(obj);
	if (conf_get_bool(ctx, args, 1, &g->smtp_alert))
		g->smtp_alert_set = true;
}

static void kw_smtp_alert_vrrp(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_global_ext *g = ext_of(obj);
	if (conf_get_bool(ctx, args, 1, &g->smtp_alert_vrrp))
		g->smtp_alert_vrrp_set = true;
}

/* smtp_alert_checker [BOOL]: default of the virtual and real servers'
 * smtp_alert (before smtp_alert; check/check_smtp_alert.c). */
static void kw_smtp_alert_checker(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_global_ext *g = ext_of(obj);
	if (conf_get_bool(ctx, args, 1, &g->smtp_alert_checker))
		g->smtp_alert_checker_set = true;
}

static void kw_no_email_faults(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	ext_of(obj)->no_email_faults = true;
}

/* fifo_write_vrrp_states_on_reload: see vrrp_fifo_reload.c. */
static void kw_fifo_states_on_reload(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	ext_of(obj)->fifo_write_states_on_reload = true;
}

static void kw_no_checker_emails(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	ext_of(obj)->no_checker_emails = true;
}

/* max_auto_priority [-1..99]: without a value, the highest SCHED_RR priority. */
static void kw_max_auto_priority(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_global_ext *g = ext_of(obj);
	if (args->argc < 2) {
		g->max_auto_priority = 99;
		return;
	}
	if (!strcmp(args->argv[1].text, "-1")) {
		g->max_auto_priority = -1;
		return;
	}
	uint32_t v;
	if (conf_get_uint(ctx, &args->argv[1], "max_auto_priority", 0, 99, &v))
		g->max_auto_priority = (int32_t)v;
}

/* min_auto_priority_delay USECS (1..10000000) */
static void kw_min_auto_priority_delay(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	conf_get_uint(ctx, &args->argv[1], "min_auto_priority_delay", 1, 10000000,
		      &ext_of(obj)->min_auto_priority_delay_us);
}

/* default_interface IFNAME: where the VIPs of an instance without an
 * interface go (default eth0). */
static void kw_default_interface(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_global_ext *g = ext_of(obj);
	conf_get_string(ctx, &args->argv[1], "default_interface", g->default_interface,
			sizeof(g->default_interface));
}

const struct conf_keyword conf_global_ext_keywords[] = {
	{ "default_interface", 1, 1, kw_default_interface, NULL, NULL, .skip_missing = true },
	{ "max_auto_priority", 0, 1, kw_max_auto_priority, NULL, NULL, .skip_bad = true },
	{ "min_auto_priority_delay", 1, 1, kw_min_auto_priority_delay, NULL, NULL, .skip_missing = true },
	{ "smtp_helo_name", 0, 1, kw_smtp_helo_name, NULL, NULL },
	{ "smtp_alert", 0, 1, kw_smtp_alert, NULL, NULL },
	{ "smtp_alert_vrrp", 0, 1, kw_smtp_alert_vrrp, NULL, NULL },
	{ "smtp_alert_checker", 0, 1, kw_smtp_alert_checker, NULL, NULL },
	{ "no_email_faults", 0, 0, kw_no_email_faults, NULL, NULL },
	{ "no_checker_emails", 0, 0, kw_no_checker_emails, NULL, NULL },
	{ "notify_fifo", 1, 3, kw_notify_fifo, NULL, NULL, .skip_missing = true },
	{ "notify_fifo_script", 1, 3, kw_notify_fifo_script, NULL, NULL, .skip_missing = true },
	{ "vrrp_notify_fifo", 1, 3, kw_vrrp_notify_fifo, NULL, NULL, .skip_missing = true },
	{ "vrrp_notify_fifo_script", 1, 3, kw_vrrp_notify_fifo_script, NULL, NULL, .skip_missing = true },
	{ "fifo_write_vrrp_states_on_reload", 0, 0, kw_fifo_states_on_reload, NULL, NULL },
	{ "vrrp_garp_lower_prio_delay", 1, 1, kw_lower_prio_delay, NULL, NULL },
	{ "vrrp_garp_lower_prio_repeat", 1, 1, kw_lower_prio_repeat, NULL, NULL },
	{ "vrrp_lower_prio_no_advert", 0, 1, kw_lower_prio_no_advert, NULL, NULL },
	{ "vrrp_higher_prio_send_advert", 0, 1, kw_higher_prio_send_advert, NULL, NULL },
	{ "vrrp_notify_priority_changes", 0, 1, kw_notify_priority_changes, NULL, NULL },
	{ "vrrp_check_unicast_src", 0, 0, kw_check_unicast_src, NULL, NULL },
	{ "vrrp_startup_delay", 1, 1, kw_startup_delay, NULL, NULL },
	{ "dynamic_interfaces", 0, 1, kw_dynamic_interfaces, NULL, NULL },
	{ "disable_local_igmp", 0, 0, kw_disable_local_igmp, NULL, NULL },
};
const size_t conf_global_ext_keywords_count = ARRAY_SIZE(conf_global_ext_keywords);

/* Chained after global_defs' own table (conf_keywords_global.c), before the
 * checker's. */
const struct conf_block conf_vrrp_global_block = {
	.more = &check_global_block,
	.name = "global_defs",
	.keywords = conf_global_ext_keywords,
	.n_keywords = ARRAY_SIZE(conf_global_ext_keywords),
};
