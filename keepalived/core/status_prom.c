/* status_prom.c - /metrics: the status document in the Prometheus text
 * exposition format (0.0.4).
 *
 * The VRRP metrics carry the names and labels of the widely used keepalived
 * exporter (github.com/mehdy/keepalived-exporter, also gen2brain's), so its
 * dashboards work unchanged: keepalived_up, keepalived_vrrp_state{iname,
 * intf,vrid,ip_address} (0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT, 98 STOP),
 * keepalived_script_status/_state{name}, and the counters twice: with its
 * first names (keepalived_advert_rcvd_total{iname,intf,vrid,state}...,
 * keepalived_check_script_status) and with those it has had since June
 * 2020, which its Grafana dashboard uses
 * (keepalived_advertisements_received_total{iname,intf,vrid}...,
 * keepalived_exporter_check_script_status, keepalived_vrrp_excluded_state). Real servers, checks, children and the
 * process itself have keepalived-ng's own names (doc/status-json.md and
 * keepalived(8) list them). */
#include "status.h"
#include "jsonw.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One metric family: its HELP/TYPE header and its samples. */
struct family {
	const char *name;
	const char *type;        /* "gauge", "counter" */
	const char *help;
	char *samples;
	size_t len;
};

enum fam {
	F_UP, F_INFO, F_VRRP_STATE, F_CHECK_SCRIPT,
	F_ADV_RCVD, F_ADV_SENT, F_BECOME_MASTER, F_RELEASE_MASTER, F_PKT_LEN, F_ADV_INT, F_TTL,
	F_INVALID_TYPE, F_ADDR_LIST, F_AUTHTYPE_MISMATCH, F_INVALID_AUTHTYPE, F_AUTH_FAILURE, F_PRI0_RCVD, F_PRI0_SENT,
	F_GARP_DELAY, F_VERSION_ERR, F_CHECKSUM_ERR, F_VRID_ERR, F_EFF_PRIO, F_PRIO,
	F_SCRIPT_STATUS, F_SCRIPT_STATE, F_SYNC_STATE,
	/* the exporter's names since its June 2020 renaming (labels iname, intf, vrid) */
	F_X_ADV_RCVD, F_X_ADV_SENT, F_X_PKT_LEN, F_X_ADV_INT, F_X_TTL, F_X_INVALID_TYPE, F_X_ADDR_LIST,
	F_X_AUTH_MISMATCH, F_X_AUTH_INVALID, F_X_AUTH_FAILURE, F_X_PRI0_RCVD, F_X_PRI0_SENT, F_X_GARP_DELAY,
	F_X_CHECK_SCRIPT, F_X_EXCLUDED_STATE,
	F_VS_QUORUM, F_VS_LIVE_WEIGHT, F_VS_SORRY, F_RS_UP, F_RS_WEIGHT, F_RS_TRANSITIONS,
	F_CHECK_UP, F_CHECK_DURATION, F_CHECK_OK, F_CHECK_FAILED,
	F_CHILD_UP, F_CHILD_RESTARTS, F_CHILD_RSS, F_CHILD_CPU,
	F_CONF_GEN, F_RELOADS, F_START, F_RSS, F_CPU, F_FDS, F_MAX_FDS,
	F_COUNT
};

static const struct family family_defs[F_COUNT] = {
	[F_UP] = { "keepalived_up", "gauge", "Status: 1 while keepalived runs (answers)" },
	[F_INFO] = { "keepalived_info", "gauge", "keepalived-ng version and router_id" },
	[F_VRRP_STATE] = { "keepalived_vrrp_state", "gauge",
			   "State of vrrp (0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT, 98 STOP), per VIP" },
	[F_CHECK_SCRIPT] = { "keepalived_check_script_status", "gauge",
			     "1 when every script tracker of the VIP's instance is good (or it has none)" },
	[F_ADV_RCVD] = { "keepalived_advert_rcvd_total", "counter", "Advertisements received" },
	[F_ADV_SENT] = { "keepalived_advert_sent_total", "counter", "Advertisements sent" },
	[F_BECOME_MASTER] = { "keepalived_become_master_total", "counter", "Became master" },
	[F_RELEASE_MASTER] = { "keepalived_release_master_total", "counter", "Released master" },
	[F_PKT_LEN] = { "keepalived_packet_len_err_total", "counter", "Packet length errors" },
	[F_ADV_INT] = { "keepalived_advert_interval_err_total", "counter", "Advertisement interval errors" },
	[F_TTL] = { "keepalived_ip_ttl_err_total", "counter", "TTL errors" },
	[F_INVALID_TYPE] = { "keepalived_invalid_type_rcvd_total", "counter", "Invalid type errors" },
	[F_ADDR_LIST] = { "keepalived_addr_list_err_total", "counter", "Address list errors" },
	[F_AUTHTYPE_MISMATCH] = { "keepalived_authtype_mismatch_total", "counter", "Authentication mismatch" },
	[F_INVALID_AUTHTYPE] = { "keepalived_invalid_authtype_total", "counter", "Authentication invalid" },
	[F_AUTH_FAILURE] = { "keepalived_auth_failure_total", "counter", "Authentication failure" },
	[F_PRI0_RCVD] = { "keepalived_pri_zero_rcvd_total", "counter", "Priority zero received" },
	[F_PRI0_SENT] = { "keepalived_pri_zero_sent_total", "counter", "Priority zero sent" },
	[F_GARP_DELAY] = { "keepalived_garp_delay_total", "counter", "Gratuitous ARP delay (seconds)" },
	[F_VERSION_ERR] = { "keepalived_version_err_total", "counter", "VRRP version errors" },
	[F_CHECKSUM_ERR] = { "keepalived_checksum_err_total", "counter", "Checksum errors" },
	[F_VRID_ERR] = { "keepalived_vrid_err_total", "counter", "Adverts for a VRID not configured here" },
	[F_EFF_PRIO] = { "keepalived_vrrp_effective_priority", "gauge", "Priority advertised now" },
	[F_PRIO] = { "keepalived_vrrp_priority", "gauge", "Configured priority" },
	[F_SCRIPT_STATUS] = { "keepalived_script_status", "gauge", "Tracker Script Status (1 good, 0 bad)" },
	[F_SCRIPT_STATE] = { "keepalived_script_state", "gauge",
			     "Tracker Script State (0 idle, 1 running, 2 requested termination, 3 forcing termination)" },
	[F_SYNC_STATE] = { "keepalived_sync_group_state", "gauge",
			   "State of the sync group (0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT, 98 STOP)" },
	[F_X_ADV_RCVD] = { "keepalived_advertisements_received_total", "counter", "Advertisements received" },
	[F_X_ADV_SENT] = { "keepalived_advertisements_sent_total", "counter", "Advertisements sent" },
	[F_X_PKT_LEN] = { "keepalived_packet_length_errors_total", "counter", "Packet length errors" },
	[F_X_ADV_INT] = { "keepalived_advertisements_interval_errors_total", "counter",
			  "Advertisement interval errors" },
	[F_X_TTL] = { "keepalived_ip_ttl_errors_total", "counter", "TTL errors" },
	[F_X_INVALID_TYPE] = { "keepalived_invalid_type_received_total", "counter", "Invalid type errors" },
	[F_X_ADDR_LIST] = { "keepalived_address_list_errors_total", "counter", "Address list errors" },
	[F_X_AUTH_MISMATCH] = { "keepalived_authentication_mismatch_total", "counter", "Authentication mismatch" },
	[F_X_AUTH_INVALID] = { "keepalived_authentication_invalid_total", "counter", "Authentication invalid" },
	[F_X_AUTH_FAILURE] = { "keepalived_authentication_failure_total", "counter", "Authentication failure" },
	[F_X_PRI0_RCVD] = { "keepalived_priority_zero_received_total", "counter", "Priority zero received" },
	[F_X_PRI0_SENT] = { "keepalived_priority_zero_sent_total", "counter", "Priority zero sent" },
	[F_X_GARP_DELAY] = { "keepalived_gratuitous_arp_delay_total", "counter", "Gratuitous ARP delay (seconds)" },
	[F_X_CHECK_SCRIPT] = { "keepalived_exporter_check_script_status", "gauge",
			       "1 when every script tracker of the VIP's instance is good (or it has none)" },
	[F_X_EXCLUDED_STATE] = { "keepalived_vrrp_excluded_state", "gauge",
				 "State of vrrp (0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT, 98 STOP), per excluded VIP" },
	[F_VS_QUORUM] = { "keepalived_virtual_server_quorum_up", "gauge", "1 when the quorum is met" },
	[F_VS_LIVE_WEIGHT] = { "keepalived_virtual_server_live_weight", "gauge", "Sum of the weights of the real servers up" },
	[F_VS_SORRY] = { "keepalived_virtual_server_sorry_active", "gauge", "1 when the sorry server is in" },
	[F_RS_UP] = { "keepalived_real_server_up", "gauge", "1 when the real server is up" },
	[F_RS_WEIGHT] = { "keepalived_real_server_weight", "gauge", "Effective weight of the real server" },
	[F_RS_TRANSITIONS] = { "keepalived_real_server_transitions_total", "counter", "Times the real server went up / down" },
	[F_CHECK_UP] = { "keepalived_check_up", "gauge", "1 when the check says up" },
	[F_CHECK_DURATION] = { "keepalived_check_duration_seconds", "gauge", "Latency of the last check attempt" },
	[F_CHECK_OK] = { "keepalived_check_success_total", "counter", "Check attempts that succeeded" },
	[F_CHECK_FAILED] = { "keepalived_check_failures_total", "counter", "Check attempts that failed" },
	[F_CHILD_UP] = { "keepalived_child_up", "gauge", "1 when the child process runs" },
	[F_CHILD_RESTARTS] = { "keepalived_child_restarts_total", "counter", "Times the child was respawned" },
	[F_CHILD_RSS] = { "keepalived_child_resident_memory_bytes", "gauge", "Resident memory of the child" },
	[F_CHILD_CPU] = { "keepalived_child_cpu_seconds_total", "counter", "CPU time of the child" },
	[F_CONF_GEN] = { "keepalived_config_generation", "gauge", "Configuration generation applied by every child" },
	[F_RELOADS] = { "keepalived_config_reloads_total", "counter", "Reloads asked for, by result" },
	[F_START] = { "process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds" },
	[F_RSS] = { "process_resident_memory_bytes", "gauge", "Resident memory size in bytes" },
	[F_CPU] = { "process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds" },
	[F_FDS] = { "process_open_fds", "gauge", "Number of open file descriptors" },
	[F_MAX_FDS] = { "process_max_fds", "gauge", "Maximum number of open file descriptors" },
};

struct prom {
	struct family fam[F_COUNT];
};

/* Append a label value, escaped as the format wants (\\ \" \n). */
static void put_label_value(char **b, size_t *n, const char *v)
{
	for (const char *s = v ? v : ""; *s; s++) {
		if (*s == '\\' || *s == '"')
			str_appendf(b, n, "\\%c", *s);
		else if (*s == '\n')
			str_appendf(b, n, "\\n");
		else
			str_appendf(b, n, "%c", *s);
	}
}

/* One sample of family f: labels as NULL-terminated name, value pairs. */
static void sample(struct prom *p, enum fam f, double value, const char *const *labels)
{
	struct family *fam = &p->fam[f];
	str_appendf(&fam->samples, &fam->len, "%s", fam->name);
	for (size_t i = 0; labels && labels[i]; i += 2) {
		str_appendf(&fam->samples, &fam->len, "%s%s=\"", i ? "," : "{", labels[i]);
		put_label_value(&fam->samples, &fam->len, labels[i + 1]);
		str_appendf(&fam->samples, &fam->len, "\"");
	}
	if (labels && labels[0])
		str_appendf(&fam->samples, &fam->len, "}");
	str_appendf(&fam->samples, &fam->len, " %.10g\n", value);
}

static int state_number(const char *s)
{
	static const char *const names[] = { "INIT", "BACKUP", "MASTER", "FAULT" };
	for (int i = 0; s && i < 4; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return s && strcmp(s, "STOP") == 0 ? 98 : 0;
}

/* Every script tracker the instance follows is good (by name in trackers[]). */
static bool scripts_good(const json_object *vrrp, const json_object *vi)
{
	for (size_t i = 0; i < jr_len(vi, "trackers"); i++) {
		json_object *n = jr_idx(vi, "trackers", i);
		const char *name = n && json_object_is_type(n, json_type_string) ? json_object_get_string(n) : NULL;
		for (size_t j = 0; name && j < jr_len(vrrp, "trackers"); j++) {
			const json_object *t = jr_idx(vrrp, "trackers", j);
			const char *st = jr_str(t, "status");
			if (jr_str(t, "name") && strcmp(jr_str(t, "name"), name) == 0 && jr_str(t, "type") &&
			    strcmp(jr_str(t, "type"), "script") == 0 && st && strcmp(st, "GOOD") != 0)
				return false;
		}
	}
	return true;
}

/* The instance's state per address of its list key (virtual_ipaddresses
 * or excluded_ipaddresses) in family f (and f2 unless F_COUNT), labelled
 * as the exporter does: no prefix length in ip_address. */
static void per_vip(struct prom *p, const json_object *vi, const char *key, const char *vrid, enum fam f,
		    double value, enum fam f2)
{
	for (size_t i = 0; i < jr_len(vi, key); i++) {
		const json_object *v = jr_idx(vi, key, i);
		char ip[64];
		snprintf(ip, sizeof(ip), "%s", jr_str(v, "address") ? jr_str(v, "address") : "");
		char *slash = strchr(ip, '/');
		if (slash)
			*slash = '\0';
		const char *const vl[] = { "iname", jr_str(vi, "name"), "intf", jr_str(v, "interface"), "vrid", vrid,
					   "ip_address", ip, NULL };
		sample(p, f, value, vl);
		if (f2 != F_COUNT)
			sample(p, f2, value, vl);
	}
}

static void instance_metrics(struct prom *p, const json_object *vrrp, const json_object *vi)
{
	char vrid[16];
	snprintf(vrid, sizeof(vrid), "%lld", (long long)jr_int(vi, "vrid", 0));
	const char *state = jr_str(vi, "state");
	/* the exporter's first names carry the state as a label, its current ones do not */
	const char *const l[] = { "iname", jr_str(vi, "name"), "intf", jr_str(vi, "interface"), "vrid", vrid,
				  "state", state, NULL };
	const char *const lx[] = { "iname", jr_str(vi, "name"), "intf", jr_str(vi, "interface"), "vrid", vrid,
				   NULL };
	const json_object *c = jr_get(vi, "counters"), *e = jr_get(c, "errors");
	static const struct { enum fam f, fx; const char *key; bool err; } counters[] = {
		{ F_ADV_RCVD, F_X_ADV_RCVD, "adverts_received", false },
		{ F_ADV_SENT, F_X_ADV_SENT, "adverts_sent", false },
		{ F_BECOME_MASTER, F_COUNT, "became_master", false },
		{ F_RELEASE_MASTER, F_COUNT, "released_master", false },
		{ F_PRI0_RCVD, F_X_PRI0_RCVD, "priority_zero_received", false },
		{ F_PRI0_SENT, F_X_PRI0_SENT, "priority_zero_sent", false },
		{ F_PKT_LEN, F_X_PKT_LEN, "packet_length", true },
		{ F_ADV_INT, F_X_ADV_INT, "advert_interval", true },
		{ F_TTL, F_X_TTL, "ip_ttl", true },
		{ F_INVALID_TYPE, F_X_INVALID_TYPE, "invalid_type", true },
		{ F_ADDR_LIST, F_X_ADDR_LIST, "address_list", true },
		{ F_AUTH_FAILURE, F_X_AUTH_FAILURE, "auth_failure", true },
		{ F_VERSION_ERR, F_COUNT, "version", true },
		{ F_CHECKSUM_ERR, F_COUNT, "checksum", true },
		{ F_VRID_ERR, F_COUNT, "vrid", true },
	};
	for (size_t i = 0; i < sizeof(counters) / sizeof(counters[0]); i++) {
		double v = (double)jr_uint(counters[i].err ? e : c, counters[i].key, 0);
		sample(p, counters[i].f, v, l);
		if (counters[i].fx != F_COUNT)
			sample(p, counters[i].fx, v, lx);
	}
	/* errors.auth_type counts both; keepalived's counters tell them apart */
	uint64_t at = jr_uint(e, "auth_type", 0), inv = jr_uint(e, "auth_type_invalid", 0);
	double mismatch = (double)(at >= inv ? at - inv : 0);
	sample(p, F_AUTHTYPE_MISMATCH, mismatch, l);
	sample(p, F_X_AUTH_MISMATCH, mismatch, lx);
	sample(p, F_INVALID_AUTHTYPE, (double)inv, l);
	sample(p, F_X_AUTH_INVALID, (double)inv, lx);
	sample(p, F_GARP_DELAY, (double)jr_int(vi, "garp_master_delay", 0), l);
	sample(p, F_X_GARP_DELAY, (double)jr_int(vi, "garp_master_delay", 0), lx);
	sample(p, F_EFF_PRIO, (double)jr_int(vi, "effective_priority", 0), l);
	sample(p, F_PRIO, (double)jr_int(vi, "priority", 0), l);
	per_vip(p, vi, "virtual_ipaddresses", vrid, F_VRRP_STATE, state_number(state), F_COUNT);
	per_vip(p, vi, "virtual_ipaddresses", vrid, F_CHECK_SCRIPT, scripts_good(vrrp, vi) ? 1 : 0, F_X_CHECK_SCRIPT);
	per_vip(p, vi, "excluded_ipaddresses", vrid, F_X_EXCLUDED_STATE, state_number(state), F_COUNT);
}

static void vrrp_metrics(struct prom *p, const json_object *vrrp)
{
	for (size_t i = 0; i < jr_len(vrrp, "instances"); i++)
		instance_metrics(p, vrrp, jr_idx(vrrp, "instances", i));
	for (size_t i = 0; i < jr_len(vrrp, "trackers"); i++) {
		const json_object *t = jr_idx(vrrp, "trackers", i);
		if (!jr_str(t, "type") || strcmp(jr_str(t, "type"), "script") != 0)
			continue;
		const char *const l[] = { "name", jr_str(t, "name"), NULL };
		const char *st = jr_str(t, "status");
		sample(p, F_SCRIPT_STATUS, st && strcmp(st, "GOOD") == 0 ? 1 : 0, l);
		sample(p, F_SCRIPT_STATE, (double)jr_int(t, "run_state", 0), l);
	}
	for (size_t i = 0; i < jr_len(vrrp, "sync_groups"); i++) {
		const json_object *g = jr_idx(vrrp, "sync_groups", i);
		const char *const l[] = { "name", jr_str(g, "name"), NULL };
		sample(p, F_SYNC_STATE, state_number(jr_str(g, "state")), l);
	}
}

static void rs_metrics(struct prom *p, const char *vs, const json_object *rs)
{
	char port[16];
	snprintf(port, sizeof(port), "%lld", (long long)jr_int(rs, "port", 0));
	const char *const l[] = { "virtual_server", vs, "address", jr_str(rs, "address"), "port", port, NULL };
	sample(p, F_RS_UP, jr_bool(rs, "up", false), l);
	sample(p, F_RS_WEIGHT, (double)jr_int(rs, "weight", 0), l);
	const char *const lu[] = { "virtual_server", vs, "address", jr_str(rs, "address"), "port", port,
				   "direction", "up", NULL };
	const char *const ld[] = { "virtual_server", vs, "address", jr_str(rs, "address"), "port", port,
				   "direction", "down", NULL };
	sample(p, F_RS_TRANSITIONS, (double)jr_uint(rs, "went_up", 0), lu);
	sample(p, F_RS_TRANSITIONS, (double)jr_uint(rs, "went_down", 0), ld);
	for (size_t i = 0; i < jr_len(rs, "checks"); i++) {
		const json_object *c = jr_idx(rs, "checks", i);
		char idx[24];
		snprintf(idx, sizeof(idx), "%zu", i);
		const char *const cl[] = { "virtual_server", vs, "address", jr_str(rs, "address"), "port", port,
					   "check", jr_str(c, "type"), "index", idx, NULL };
		sample(p, F_CHECK_UP, jr_bool(c, "up", false), cl);
		sample(p, F_CHECK_OK, (double)jr_uint(c, "ok", 0), cl);
		sample(p, F_CHECK_FAILED, (double)jr_uint(c, "failed", 0), cl);
		const json_object *last = jr_get(c, "last");
		if (last)
			sample(p, F_CHECK_DURATION, jr_double(last, "duration_seconds", 0), cl);
	}
}

static void checker_metrics(struct prom *p, const json_object *ck)
{
	for (size_t i = 0; i < jr_len(ck, "virtual_servers"); i++) {
		const json_object *vs = jr_idx(ck, "virtual_servers", i);
		const char *name = jr_str(vs, "name");
		const char *const l[] = { "virtual_server", name, NULL };
		sample(p, F_VS_QUORUM, jr_bool(vs, "quorum_up", false), l);
		sample(p, F_VS_LIVE_WEIGHT, (double)jr_int(vs, "live_weight", 0), l);
		sample(p, F_VS_SORRY, jr_bool(vs, "sorry_active", false), l);
		for (size_t j = 0; j < jr_len(vs, "real_servers"); j++)
			rs_metrics(p, name, jr_idx(vs, "real_servers", j));
	}
}

static void daemon_metrics(struct prom *p, const json_object *doc)
{
	const json_object *d = jr_get(doc, "daemon"), *c = jr_get(d, "config"), *r = jr_get(d, "resources");
	sample(p, F_UP, 1, NULL);
	const char *const il[] = { "version", jr_str(d, "version"), "router_id", jr_str(d, "router_id"), NULL };
	sample(p, F_INFO, 1, il);
	sample(p, F_CONF_GEN, (double)jr_int(c, "applied_generation", 0), NULL);
	const char *const ra[] = { "result", "applied", NULL }, *const rr[] = { "result", "rejected", NULL };
	sample(p, F_RELOADS, (double)jr_int(c, "reloads", 0), ra);
	sample(p, F_RELOADS, (double)jr_int(c, "reloads_rejected", 0), rr);
	sample(p, F_START, jr_double(d, "started", 0), NULL);
	if (r) {
		sample(p, F_RSS, (double)jr_uint(r, "rss_bytes", 0), NULL);
		sample(p, F_CPU, jr_double(r, "cpu_seconds", 0), NULL);
		sample(p, F_FDS, (double)jr_uint(r, "open_fds", 0), NULL);
		sample(p, F_MAX_FDS, (double)jr_uint(r, "max_fds", 0), NULL);
	}
	for (size_t i = 0; i < jr_len(d, "processes"); i++) {
		const json_object *pr = jr_idx(d, "processes", i);
		const char *const l[] = { "process", jr_str(pr, "name"), NULL };
		sample(p, F_CHILD_UP, jr_bool(pr, "running", false), l);
		sample(p, F_CHILD_RESTARTS, (double)jr_int(pr, "restarts", 0), l);
		const json_object *cr = jr_get(pr, "resources");
		if (cr) {
			sample(p, F_CHILD_RSS, (double)jr_uint(cr, "rss_bytes", 0), l);
			sample(p, F_CHILD_CPU, jr_double(cr, "cpu_seconds", 0), l);
		}
	}
}

char *status_render_prom(const json_object *doc)
{
	struct prom p;
	memcpy(p.fam, family_defs, sizeof(p.fam));
	daemon_metrics(&p, doc);
	const json_object *vrrp = jr_get(doc, "vrrp"), *ck = jr_get(doc, "checker");
	if (vrrp && !jr_str(vrrp, "error"))
		vrrp_metrics(&p, vrrp);
	if (ck && !jr_str(ck, "error"))
		checker_metrics(&p, ck);
	char *out = NULL;
	size_t len = 0;
	for (int f = 0; f < F_COUNT; f++) {
		if (!p.fam[f].samples)
			continue;
		str_appendf(&out, &len, "# HELP %s %s\n# TYPE %s %s\n%s", p.fam[f].name, p.fam[f].help,
			    p.fam[f].name, p.fam[f].type, p.fam[f].samples);
		free(p.fam[f].samples);
	}
	return out ? out : xstrdup("");
}
