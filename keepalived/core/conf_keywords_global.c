/* conf_keywords_global.c - the global_defs { ... } block.
 *
 * Handlers receive the struct global_conf of the configuration. Keywords
 * keepalived knows but keepalived-ng does not implement are rejected or
 * accepted without effect by the rule of CONF_KW_NOT_SUPPORTED (conf_parse.h).
 */
#include "conf_lex.h"
#include "conf_mgmt.h"
#include "conf_sched.h"
#include "util.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define GARP_DELAY_MAX 4294      /* keepalived 2.2.7: UINT_MAX / TIMER_HZ; beyond, skipped */
#define GARP_REPEAT_MAX UINT32_MAX  /* keepalived 2.2.7: UINT_MAX; another value is skipped */
#define GARP_REFRESH_MAX UINT32_MAX  /* keepalived 2.2.7's; another value is skipped */

static void kw_router_id(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct global_conf *g = obj;
	conf_get_string(ctx, &args->argv[1], "router_id", g->router_id, sizeof(g->router_id));
}

static void kw_vrrp_version(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct global_conf *g = obj;
	uint32_t v;
	/* keepalived 2.2.7 skips another value ("Version must be either 2 or 3") */
	if (conf_get_uint_or_skip(ctx, &args->argv[1], "vrrp_version", 2, 3, &v))
		g->vrrp_version = (uint8_t)v;
}

/* startup_script / shutdown_script SCRIPT [USER [GROUP]]: the user and group
 * are resolved here (unknown: an error at the line). */
static void kw_lifecycle_script(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct global_conf *g = obj;
	struct lifecycle_script *s = args->argv[0].text[1] == 't' ? &g->startup : &g->shutdown;
	free(s->cmd);
	s->cmd = xstrdup(args->argv[1].text);
	s->user_set = args->argc > 2;
	if (s->user_set)
		conf_get_user(ctx, &args->argv[2], &args->argv[args->argc - 1], args->argv[0].text,
			      args->argv[2].text, args->argc > 3 ? args->argv[3].text : NULL, &s->uid, &s->gid);
}

/* startup_script_timeout / shutdown_script_timeout SECONDS (1..1000) */
static void kw_lifecycle_timeout(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct global_conf *g = obj;
	struct lifecycle_script *s = args->argv[0].text[1] == 't' ? &g->startup : &g->shutdown;
	conf_get_uint(ctx, &args->argv[1], args->argv[0].text, 1, 1000, &s->timeout_s);
}

/* random_seed N: seeds ${_RANDOM} of the lines after it - done by the lexer
 * as the line is read (conf_lex.c); here only the number is checked */
static void kw_random_seed(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	uint32_t seed;
	conf_get_uint(ctx, &args->argv[1], "random_seed", 0, UINT32_MAX, &seed);
}

/* reload_file [PATH]: made before a reload reads the files, removed after */
static void kw_reload_file(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct global_conf *g = obj;
	free(g->reload_file);
	g->reload_file = xstrdup(args->argc > 1 ? args->argv[1].text : "");
	if (args->argc > 1 && args->argv[1].text[0] != '/')
		conf_error(ctx, &args->argv[1], "reload_file must be an absolute path");
}

/* include_check [CHECKS]: applied by the lexer while the files are read
 * (conf_include.c); nothing is left to do when global_defs is parsed. */
static void kw_include_check(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	(void)ctx;
	(void)obj;
	(void)args;
}

/* vrrp_garp_interval / vrrp_gna_interval SECONDS (microsecond resolution):
 * 0.000001..4294.967295 as keepalived 2.2.7; another value, 0 too, is
 * skipped with a warning (the row's skip_bad), as there ("is invalid"). */
static void kw_garp_interval(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct global_conf *g = obj;
	bool na = strcmp(args->argv[0].text, "vrrp_gna_interval") == 0;
	conf_get_fixed(ctx, &args->argv[1], args->argv[0].text, 6, 1, UINT32_MAX,
		       na ? &g->gna_interval_us : &g->garp_interval_us);
}

/* A network namespace's name as `ip netns add` makes it (/run/netns/NAME):
 * copied into buf (65 bytes), or false (an error at t, buf left ""). */
static bool netns_name(struct conf_ctx *ctx, const struct conf_token *t, const char *kw, char buf[65])
{
	if (strchr(t->text, '/') || !strcmp(t->text, ".") || !strcmp(t->text, "..") ||
	    !str_copy(buf, 65, t->text)) {
		conf_error(ctx, t, "%s must be a namespace name (1..64 characters, no '/'), got %s", kw, t->text);
		buf[0] = '\0';
		return false;
	}
	return true;
}

/* net_namespace NAME: a name `ip netns add` makes (/run/netns/NAME). The
 * first one counts; a second is an error, as keepalived 2.2.7 reports it. */
static void kw_net_namespace(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct global_conf *g = obj;
	const struct conf_token *t = &args->argv[1];
	if (g->net_namespace[0]) {
		conf_error(ctx, t, "duplicate net_namespace %s (already %s)", t->text, g->net_namespace);
		return;
	}
	netns_name(ctx, t, "net_namespace", g->net_namespace);
}

/* net_namespace_ipvs [NAME]: the checker programs IPVS in /run/netns/NAME,
 * without NAME in the initial namespace (/proc/1/ns/net); its health checks
 * stay where it runs (as keepalived 2.2.7, measured with strace: setns,
 * the generic netlink socket, setns back). A second one is skipped with a
 * warning, as 2.2.7 skips it ("Duplicate net_namespace_ipvs definition"). */
static void kw_net_namespace_ipvs(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct global_conf *g = obj;
	if (g->has_net_namespace_ipvs) {
		conf_warn(ctx, &args->argv[0], "duplicate net_namespace_ipvs definition %s - ignoring",
			  args->argc > 1 ? args->argv[1].text : "(default namespace)");
		return;
	}
	if (args->argc > 1 && !netns_name(ctx, &args->argv[1], "net_namespace_ipvs", g->net_namespace_ipvs))
		return;
	g->has_net_namespace_ipvs = true;
}

/* namespace_with_ipsets: keepalived 2.2.7 lets ipsets be used in a
 * net_namespace on kernels before 3.13, whose ipsets were not namespace
 * aware. The kernels keepalived-ng runs on have per-namespace ipsets, and
 * vrrp_ipsets uses nftables here (per namespace too): accepted, nothing to
 * change (-t exits 0 for it, as 2.2.7's). */
static void kw_namespace_with_ipsets(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	(void)ctx;
	(void)obj;
	(void)args;
}

/* vrrp_down_timer_adverts 1..100; keepalived 2.2.7 skips another value. */
static void kw_down_timer_adverts(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct global_conf *g = obj;
	uint32_t v;
	if (conf_get_uint_or_skip(ctx, &args->argv[1], "vrrp_down_timer_adverts", 1, 100, &v))
		g->down_timer_adverts = (uint8_t)v;
}

/* vrrp_rx_bufs_policy MTU|ADVERT|SIZE...: no effect here (our receive
 * buffers are sized by us), but its words are checked as keepalived 2.2.7
 * checks them (MTU / ADVERT in any case, a number): a bad word or both MTU
 * and ADVERT warn, as there (-t 5). */
static void kw_rx_bufs_policy(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	bool mtu = false, advert = false;
	uint32_t v;
	for (size_t i = 1; i < args->argc; i++) {
		const char *w = args->argv[i].text;
		if (strcasecmp(w, "MTU") == 0 || strcasecmp(w, "ADVERT") == 0) {
			bool is_mtu = strcasecmp(w, "MTU") == 0;
			if ((is_mtu && advert) || (!is_mtu && mtu))
				conf_warn(ctx, &args->argv[i], "vrrp_rx_bufs_policy: MTU and ADVERT cannot both be "
					  "set: %s ignored, as keepalived 2.2.7 ignores it", w);
			mtu |= is_mtu;
			advert |= !is_mtu;
		} else if (!conf_value_uint(w, 0, UINT32_MAX, &v)) {
			conf_warn(ctx, &args->argv[i], "vrrp_rx_bufs_policy: invalid value '%s': ignored, as "
				  "keepalived 2.2.7 ignores it", w);
		}
	}
	conf_kw_no_effect(ctx, obj, args);
}

static void kw_mcast_group4(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct global_conf *g = obj;
	struct in_addr a;
	const struct conf_token *t = &args->argv[1];
	if (inet_pton(AF_INET, t->text, &a) != 1 || !IN_MULTICAST(ntohl(a.s_addr))) {
		/* keepalived 2.2.7: "is not multicast. Skipping" */
		conf_warn(ctx, t, "vrrp_mcast_group4 must be an IPv4 multicast address (224.0.0.0/4), got %s: ignored "
			  "(as keepalived 2.2.7)", t->text);
		return;
	}
	g->vrrp_mcast_group4 = a;
}

static void kw_garp_delay(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct global_conf *g = obj;
	conf_get_uint_or_skip(ctx, &args->argv[1], "vrrp_garp_master_delay", 0, GARP_DELAY_MAX, &g->garp_master_delay_s);
}

static void kw_garp_repeat(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct global_conf *g = obj;
	conf_get_repeat(ctx, &args->argv[1], "vrrp_garp_master_repeat", GARP_REPEAT_MAX, &g->garp_master_repeat);
}

static void kw_garp_refresh(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct global_conf *g = obj;
	if (!conf_get_uint_or_skip(ctx, &args->argv[1], "vrrp_garp_master_refresh", 0, GARP_REFRESH_MAX,
				   &g->garp_master_refresh_s))
		g->garp_master_refresh_s = 0;   /* keepalived 2.2.7: off */
}

static void kw_garp_refresh_repeat(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct global_conf *g = obj;
	conf_get_repeat(ctx, &args->argv[1], "vrrp_garp_master_refresh_repeat", GARP_REPEAT_MAX,
			&g->garp_master_refresh_repeat);
}

/* vrrp_min_garp [BOOL]: one GARP/NA when becoming master and no second
 * burst, as keepalived 2.2.7: each of vrrp_garp_master_repeat (1),
 * _delay (0), _refresh (0) and _refresh_repeat (0) still at its default
 * is set; a value given before stays, one given after wins. */
static void kw_min_garp(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct global_conf *g = obj;
	bool on;
	if (!conf_get_bool(ctx, args, 1, &on) || !on)
		return;
	if (g->garp_master_repeat == 5)
		g->garp_master_repeat = 1;
	if (g->garp_master_delay_s == 5)
		g->garp_master_delay_s = 0;
	if (g->garp_master_refresh_repeat == 1)
		g->garp_master_refresh_repeat = 0;
}

static void kw_script_security(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct global_conf *g = obj;
	conf_get_bool(ctx, args, 1, &g->enable_script_security);
	ctx->script_security_tok = g->enable_script_security ? &args->argv[0] : NULL;
}

/* script_user USER [GROUP]: names only; validation resolves them. */
static void kw_script_user(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct global_conf *g = obj;
	bool ok = conf_get_string(ctx, &args->argv[1], "script_user", g->script_user, sizeof(g->script_user));
	g->script_group[0] = '\0';
	if (args->argc > 2)
		ok = conf_get_string(ctx, &args->argv[2], "script_user group", g->script_group,
				     sizeof(g->script_group)) && ok;
	g->script_user_set = ok;
	ctx->script_user_tok = &args->argv[0];
}

/* notification_email { one or more addresses per line }; an empty block
 * is a warning, as keepalived 2.2.7 gives it ("empty notification_email
 * block"). */
static void close_email(struct conf_ctx *ctx, void *obj, const struct conf_token *open_brace)
{
	if (!((struct global_conf *)obj)->n_notification_email)
		conf_warn(ctx, open_brace, "empty notification_email block");
}

/* notification_email { one or more addresses per line } */
static void line_email(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct global_conf *g = obj;
	for (size_t i = 0; i < args->argc; i++) {
		char **slot = array_push(&g->notification_email, &g->n_notification_email,
					 sizeof(*g->notification_email));
		*slot = xstrdup(args->argv[i].text);
	}
}

static void kw_email_from(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct global_conf *g = obj;
	free(g->notification_email_from);
	g->notification_email_from = xstrdup(args->argv[1].text);
}

/* smtp_server IP|HOST [PORT]: stored as written; the port is checked. */
static void kw_smtp_server(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct global_conf *g = obj;
	uint32_t port;
	if (args->argc > 2 && !conf_get_uint(ctx, &args->argv[2], "smtp_server port", 1, 65535, &port))
		return;
	free(g->smtp_server);
	g->smtp_server = conf_join_args(args, 1);
	ctx->smtp_server_tok = &args->argv[1];
}

static void kw_smtp_timeout(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct global_conf *g = obj;
	if (!strcmp(args->argv[1].text, "0")) {
		/* keepalived 2.2.7: "must be greater than 0, setting to 1" */
		conf_warn(ctx, &args->argv[1], "smtp_connect_timeout must be greater than 0: 1 is used (as keepalived 2.2.7)");
		g->smtp_connect_timeout_s = 1;
		return;
	}
	/* keepalived 2.2.7: up to UINT_MAX / TIMER_HZ, another value ignored */
	conf_get_uint_or_skip(ctx, &args->argv[1], "smtp_connect_timeout", 1, 4294, &g->smtp_connect_timeout_s);
}

const struct conf_block conf_email_block = {
	.name = "notification_email",
	.line_handler = line_email,
	.close = close_email,
};

static const struct conf_keyword global_keywords[] = {
	{ "router_id", 1, 1, kw_router_id, NULL, NULL, .skip_bad = true },
	{ "vrrp_version", 1, 1, kw_vrrp_version, NULL, NULL },
	{ "vrrp_down_timer_adverts", 1, 1, kw_down_timer_adverts, NULL, NULL },
	{ "vrrp_mcast_group4", 1, 1, kw_mcast_group4, NULL, NULL },
	{ "vrrp_mcast_group6", 1, 1, conf_kw_mcast_group6, NULL, NULL },
	{ "net_namespace", 1, 1, kw_net_namespace, NULL, NULL },
	{ "include_check", 0, CONF_ARGS_ANY, kw_include_check, NULL, NULL },
	{ "reload_file", 0, 1, kw_reload_file, NULL, NULL },
	{ "startup_script", 1, 3, kw_lifecycle_script, NULL, NULL, .skip_bad = true },   /* 2.2.7: "startup script missing", runs */
	{ "startup_script_timeout", 1, 1, kw_lifecycle_timeout, NULL, NULL, .skip_missing = true },
	{ "shutdown_script", 1, 3, kw_lifecycle_script, NULL, NULL, .skip_bad = true },
	{ "shutdown_script_timeout", 1, 1, kw_lifecycle_timeout, NULL, NULL, .skip_missing = true },
	{ "vrrp_garp_interval", 1, 1, kw_garp_interval, NULL, NULL, .skip_bad = true, .value_required = true },
	CONF_KW_FLAG("process_names", struct global_conf, process_names),
	CONF_KW_STRBUF("process_name", struct global_conf, process_name),
	CONF_KW_STRBUF("vrrp_process_name", struct global_conf, vrrp_process_name),
	CONF_KW_STRBUF("checker_process_name", struct global_conf, checker_process_name),
	{ "vrrp_gna_interval", 1, 1, kw_garp_interval, NULL, NULL, .skip_bad = true, .value_required = true },
	CONF_KW_BOOL("vrrp_skip_check_adv_addr", struct global_conf, vrrp_skip_check_adv_addr),
	CONF_KW_FLAG("vrrp_strict", struct global_conf, fw.strict),
	{ "nftables", 0, 1, conf_kw_nftables, NULL, NULL },
	{ "nftables_priority", 1, 1, conf_kw_nftables_priority, NULL, NULL },
	CONF_KW_FLAG("nftables_counters", struct global_conf, fw.counters),
	CONF_KW_FLAG("nftables_ifindex", struct global_conf, fw.ifindex),
	{ "vrrp_iptables", 0, 2, conf_kw_vrrp_iptables, NULL, NULL },
	{ "vrrp_ipsets", 0, 5, conf_kw_vrrp_iptables, NULL, NULL },
	{ "vrrp_garp_master_delay", 1, 1, kw_garp_delay, NULL, NULL },
	{ "vrrp_garp_master_repeat", 1, 1, kw_garp_repeat, NULL, NULL },
	{ "vrrp_garp_master_refresh", 1, 1, kw_garp_refresh, NULL, NULL },
	{ "vrrp_garp_master_refresh_repeat", 1, 1, kw_garp_refresh_repeat, NULL, NULL },
	{ "vrrp_min_garp", 0, 1, kw_min_garp, NULL, NULL },
	{ "enable_script_security", 0, 1, kw_script_security, NULL, NULL },
	{ "script_user", 1, 2, kw_script_user, NULL, NULL, .skip_bad = true },
	{ "notification_email", 0, 0, NULL, &conf_email_block, NULL },
	{ "notification_email_from", 1, 1, kw_email_from, NULL, NULL, .skip_missing = true },
	{ "smtp_server", 1, 2, kw_smtp_server, NULL, NULL },
	{ "smtp_connect_timeout", 1, 1, kw_smtp_timeout, NULL, NULL },
	/* keepalived-ng's management interfaces (conf_mgmt.c) */
	{ "control_socket", 1, 1, conf_kw_control_socket, NULL, NULL },
	{ "control_socket_group", 1, 1, conf_kw_control_group, NULL, NULL },
	{ "status_http", 1, 1, conf_kw_status_http, NULL, NULL },
	{ "status_http_auth", 2, 2, conf_kw_status_http_auth, NULL, NULL },

	/* keepalived keywords not implemented: see CONF_KW_NOT_SUPPORTED in conf_parse.h */
	CONF_KW_OBSOLETE("lvs_id"),
	{ "vrrp_no_swap", 0, 0, conf_kw_proc_no_swap, NULL, NULL },
	{ "vrrp_priority", 1, 1, conf_kw_proc_nice, NULL, NULL, .skip_bad = true },
	{ "vrrp_rt_priority", 1, 1, conf_kw_proc_rt_priority, NULL, NULL, .skip_missing = true },
	{ "vrrp_rlimit_rttime", 1, 1, conf_kw_proc_rlimit, NULL, NULL },
	{ "vrrp_cpu_affinity", 1, CONF_ARGS_ANY, conf_kw_proc_affinity, NULL, NULL, .skip_missing = true },
	CONF_KW_NO_EFFECT_UINT("vrrp_netlink_cmd_rcv_bufs"),
	CONF_KW_NO_EFFECT("vrrp_netlink_cmd_rcv_bufs_force"),
	CONF_KW_NO_EFFECT_UINT("vrrp_netlink_monitor_rcv_bufs"),
	CONF_KW_NO_EFFECT("vrrp_netlink_monitor_rcv_bufs_force"),
	{ "vrrp_rx_bufs_policy", 1, CONF_ARGS_ANY, kw_rx_bufs_policy, NULL, NULL, .skip_missing = true },
	CONF_KW_NO_EFFECT_UINT("vrrp_rx_bufs_multiplier"),
	{ "checker_no_swap", 0, 0, conf_kw_proc_no_swap, NULL, NULL },
	{ "checker_priority", 1, 1, conf_kw_proc_nice, NULL, NULL, .skip_bad = true },
	{ "checker_rt_priority", 1, 1, conf_kw_proc_rt_priority, NULL, NULL, .skip_missing = true },
	{ "checker_rlimit_rttime", 1, 1, conf_kw_proc_rlimit, NULL, NULL },
	{ "checker_cpu_affinity", 1, CONF_ARGS_ANY, conf_kw_proc_affinity, NULL, NULL, .skip_missing = true },
	CONF_KW_NO_EFFECT("checker_log_all_failures"),
	{ "bfd_no_swap", 0, 0, conf_kw_proc_no_swap, NULL, NULL },
	{ "bfd_priority", 1, 1, conf_kw_proc_nice, NULL, NULL, .skip_missing = true },
	{ "bfd_rt_priority", 1, 1, conf_kw_proc_rt_priority, NULL, NULL, .skip_missing = true },
	CONF_KW_STRBUF("bfd_process_name", struct global_conf, bfd_process_name),
	CONF_KW_NO_EFFECT("enable_traps"),
	CONF_KW_NO_EFFECT("enable_snmp_vrrp"),
	CONF_KW_NO_EFFECT("enable_snmp_keepalived"),
	CONF_KW_NO_EFFECT("enable_snmp_checker"),
	CONF_KW_NO_EFFECT("enable_snmp_rfc"),
	CONF_KW_NO_EFFECT("enable_snmp_rfcv2"),
	CONF_KW_NO_EFFECT("enable_snmp_rfcv3"),
	CONF_KW_NO_EFFECT_SKIP("snmp_socket"),
	CONF_KW_NO_EFFECT("enable_dbus"),
	CONF_KW_NO_EFFECT_SKIP("dbus_service_name"),
	CONF_KW_NO_EFFECT("linkbeat_use_polling"),
	{ "net_namespace_ipvs", 0, 1, kw_net_namespace_ipvs, NULL, NULL },
	{ "namespace_with_ipsets", 0, 0, kw_namespace_with_ipsets, NULL, NULL },
	{ "instance", 1, 1, conf_kw_instance, NULL, NULL },
	{ "use_pid_dir", 0, 0, conf_kw_use_pid_dir, NULL, NULL },
	{ "umask", 1, CONF_ARGS_ANY, conf_kw_umask, NULL, NULL, .value_required = true },
	{ "random_seed", 1, 1, kw_random_seed, NULL, NULL },
	{ "data_use_instance", 0, 1, conf_kw_data_use_instance, NULL, NULL },
	{ "reload_time_file", 1, 1, conf_kw_reload_time_file, NULL, NULL, .skip_missing = true },
	{ "reload_check_config", 0, 1, conf_kw_reload_check_config, NULL, NULL },
	CONF_KW_NO_EFFECT_SKIP("tmp_config_directory"),
	CONF_KW_UINT("child_wait_time", struct global_conf, child_wait_time_s, 0, UINT32_MAX),
	CONF_KW_BOOL("vrrp_owner_ignore_adverts", struct global_conf, vrrp_owner_ignore_adverts),
	{ "vrrp_garp_extra_if", 1, 2, conf_kw_vrrp_garp_extra_if, NULL, NULL, .skip_missing = true },
	{ "vrrp_vmac_garp_intvl", 1, 2, conf_kw_vrrp_garp_extra_if, NULL, NULL, .skip_missing = true },
	CONF_KW_STRBUF("vmac_prefix", struct global_conf, vmac_prefix),
	CONF_KW_STRBUF("vmac_addr_prefix", struct global_conf, vmac_addr_prefix),
	{ "reload_repeat", 0, 0, conf_kw_reload_repeat, NULL, NULL },
	{ "bfd_cpu_affinity", 1, CONF_ARGS_ANY, conf_kw_proc_affinity, NULL, NULL, .skip_missing = true },
	{ "bfd_rlimit_rttime", 1, 1, conf_kw_proc_rlimit, NULL, NULL },
	{ "bfd_rlimit_rtime", 1, 1, conf_kw_proc_rlimit, NULL, NULL },
	{ "checker_rlimit_rtime", 1, 1, conf_kw_proc_rlimit, NULL, NULL },
	{ "vrrp_rlimit_rtime", 1, 1, conf_kw_proc_rlimit, NULL, NULL },
	CONF_KW_NO_EFFECT_VALUE("config_save_dir"),
	CONF_KW_NO_EFFECT("log_unknown_vrids"),
	CONF_KW_NO_EFFECT_UINT("lvs_netlink_cmd_rcv_bufs"),
	CONF_KW_NO_EFFECT("lvs_netlink_cmd_rcv_bufs_force"),
	CONF_KW_NO_EFFECT_UINT("lvs_netlink_monitor_rcv_bufs"),
	CONF_KW_NO_EFFECT("lvs_netlink_monitor_rcv_bufs_force"),
	CONF_KW_NO_EFFECT_UINT("process_monitor_rcv_bufs"),
	CONF_KW_NO_EFFECT("process_monitor_rcv_bufs_force"),
	CONF_KW_STRBUF("lvs_process_name", struct global_conf, checker_process_name),	/* keepalived's older name */
};

/* The VRRP additions (vrrp/vrrp_conf_global.c) and the checker's keywords
 * (lvs_*, check/check_kw_global.c) are tables of their own, chained here. */
const struct conf_block conf_global_block = {
	.more = &conf_vrrp_global_block,
	.name = "global_defs",
	.keywords = global_keywords,
	.n_keywords = ARRAY_SIZE(global_keywords),
};
