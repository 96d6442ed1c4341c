/* conf_wire.c - the field table of struct global_conf (global_defs) and the
 * IPC_CONF_GLOBAL record it drives (see conf_fields.h, conf_wire.h).
 * A new global_defs keyword: a field in config.h, one row here, the
 * keyword row in conf_keywords_global.c. */
#include "conf_wire.h"

#define GLOBAL_MAGIC 0x4b414743u   /* "KAGC" */

#define L struct lifecycle_script
static const struct conf_field lifecycle_rows[] = {
	CF_S(L, cmd),
	CF_UANY(L, timeout_s),
	CF_B(L, user_set),
	CF_UANY(L, uid),
	CF_UANY(L, gid),
};
#undef L
static const struct conf_struct_desc lifecycle_script_desc = CF_DESC(struct lifecycle_script, 0, lifecycle_rows, NULL);

#define G struct global_conf
static const struct conf_field global_rows[] = {
	CF_SBUF(G, router_id),
	CF_U(G, vrrp_version, 2, 3),
	CF_U(G, down_timer_adverts, 1, 100),
	CF_RAW(G, vrrp_mcast_group4),
	CF_RAW(G, vrrp_mcast_group6),
	CF_SUB(G, fw, vrrp_fw_global_desc, 0),
	CF_SBUF(G, net_namespace),
	CF_B(G, has_net_namespace_ipvs),
	CF_SBUF(G, net_namespace_ipvs),
	CF_B(G, vrrp_skip_check_adv_addr),
	CF_B(G, vrrp_owner_ignore_adverts),
	CF_UANY(G, garp_interval_us),
	CF_UANY(G, gna_interval_us),
	CF_SUB(G, garp_groups, vrrp_garp_groups_desc, 0),
	CF_SUB(G, if_delays, vrrp_if_delays_desc, 0),
	CF_B(G, process_names),
	CF_SBUF(G, process_name),
	CF_SBUF(G, vrrp_process_name),
	CF_SBUF(G, checker_process_name),
	CF_SBUF(G, bfd_process_name),
	CF_SUB(G, statics, vrrp_routes_conf_desc, 0),
	CF_UANY(G, garp_master_delay_s),
	CF_UANY(G, garp_master_repeat),
	CF_UANY(G, garp_master_refresh_s),
	CF_UANY(G, garp_master_refresh_repeat),
	CF_B(G, enable_script_security),
	CF_B(G, script_user_set),
	CF_SBUF(G, script_user),
	CF_SBUF(G, script_group),
	CF_UANY(G, script_uid),
	CF_UANY(G, script_gid),
	CF_SARR(G, notification_email, n_notification_email),
	CF_S(G, notification_email_from),
	CF_S(G, smtp_server),
	CF_UANY(G, smtp_connect_timeout_s),
	CF_SUB(G, ext, vrrp_global_ext_desc, 0),
	CF_SUB(G, startup, lifecycle_script_desc, 0),
	CF_SUB(G, shutdown, lifecycle_script_desc, 0),
	CF_S(G, reload_file),
};
#undef G
const struct conf_struct_desc global_conf_desc = CF_DESC(struct global_conf, GLOBAL_MAGIC, global_rows, NULL);

void global_conf_encode(const struct global_conf *g, struct wbuf *w)
{
	conf_fields_encode(&global_conf_desc, g, w);
}

bool global_conf_decode(struct rbuf *r, struct global_conf *out)
{
	return conf_fields_decode(&global_conf_desc, r, out);
}

bool global_conf_decode_msg(const void *payload, size_t len, struct global_conf *out)
{
	return conf_fields_decode_msg(&global_conf_desc, payload, len, out);
}

bool global_conf_equal(const struct global_conf *a, const struct global_conf *b)
{
	return conf_fields_equal(&global_conf_desc, a, b);
}
