/* status_html.c - the HTTP status page: the status document as one small
 * HTML page in the spirit of haproxy's stats page - a table of VRRP
 * instances and one of each virtual server's real servers, a colour per
 * state, a periodic refresh. No external assets: the CSS is inline, there
 * is no script. Every string from the document is escaped. */
#include "status.h"
#include "jsonw.h"
#include "util.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static void esc(char **b, size_t *n, const char *s)
{
	for (s = s ? s : ""; *s; s++) {
		switch (*s) {
		case '<': str_appendf(b, n, "&lt;"); break;
		case '>': str_appendf(b, n, "&gt;"); break;
		case '&': str_appendf(b, n, "&amp;"); break;
		case '"': str_appendf(b, n, "&quot;"); break;
		case '\'': str_appendf(b, n, "&#39;"); break;
		default: str_appendf(b, n, "%c", *s);
		}
	}
}

/* <td>text</td>, escaped. */
static void td(char **b, size_t *n, const char *text)
{
	str_appendf(b, n, "<td>");
	esc(b, n, text);
	str_appendf(b, n, "</td>");
}

static void tdf(char **b, size_t *n, const char *fmt, long long v)
{
	char buf[32];
	snprintf(buf, sizeof(buf), fmt, v);
	td(b, n, buf);
}

/* CSS class of a state: its name in lower case, for the known ones. */
static const char *state_class(const char *s)
{
	static const char *const known[] = { "MASTER", "BACKUP", "FAULT", "INIT", "STOP", "UP", "DOWN", "GOOD", "BAD" };
	static const char *const cls[] = { "master", "backup", "fault", "init", "init", "up", "down", "up", "down" };
	for (size_t i = 0; s && i < ARRAY_SIZE(known); i++)
		if (strcmp(s, known[i]) == 0)
			return cls[i];
	return "init";
}

static const char css[] =
	"body{font-family:sans-serif;font-size:13px;margin:1em;color:#222}"
	"h1{font-size:18px}h2{font-size:15px;margin-top:1.2em}"
	"table{border-collapse:collapse;margin-bottom:.6em}"
	"th,td{border:1px solid #999;padding:2px 6px;text-align:left;white-space:nowrap}"
	"th{background:#ccd}.master{background:#8e8}.backup{background:#9cf}.fault{background:#f88}"
	".init{background:#ddd}.up{background:#8e8}.down{background:#f88}.info{color:#555}";

static void daemon_part(char **b, size_t *n, const json_object *doc)
{
	const json_object *d = jr_get(doc, "daemon"), *c = jr_get(d, "config");
	str_appendf(b, n, "<h1>keepalived-ng ");
	esc(b, n, jr_str(d, "version"));
	str_appendf(b, n, " &mdash; ");
	esc(b, n, jr_str(d, "router_id"));
	str_appendf(b, n, "</h1><p class=\"info\">pid %lld, up %.0f s, configuration ",
		    (long long)jr_int(d, "pid", 0), jr_double(d, "uptime_seconds", 0));
	esc(b, n, jr_str(d, "config_file"));
	str_appendf(b, n, " generation %lld (applied %lld), %lld reloads, %lld rejected</p>",
		    (long long)jr_int(c, "generation", 0), (long long)jr_int(c, "applied_generation", 0),
		    (long long)jr_int(c, "reloads", 0), (long long)jr_int(c, "reloads_rejected", 0));
	str_appendf(b, n, "<table><tr><th>process</th><th>state</th><th>pid</th><th>restarts</th></tr>");
	for (size_t i = 0; i < jr_len(d, "processes"); i++) {
		const json_object *p = jr_idx(d, "processes", i);
		bool run = jr_bool(p, "running", false), want = jr_bool(p, "wanted", false);
		str_appendf(b, n, "<tr class=\"%s\">", run ? "up" : want ? "down" : "init");
		td(b, n, jr_str(p, "name"));
		td(b, n, run ? "running" : want ? "NOT RUNNING" : "not needed");
		tdf(b, n, "%lld", jr_int(p, "pid", 0));
		tdf(b, n, "%lld", jr_int(p, "restarts", 0));
		str_appendf(b, n, "</tr>");
	}
	str_appendf(b, n, "</table>");
}

static void instances_part(char **b, size_t *n, const json_object *vrrp)
{
	str_appendf(b, n, "<h2>VRRP instances</h2>");
	if (!vrrp) {
		str_appendf(b, n, "<p class=\"info\">the VRRP child is not running</p>");
		return;
	}
	str_appendf(b, n, "<table><tr><th>instance</th><th>state</th><th>priority</th><th>effective</th>"
			  "<th>interface</th><th>VRID</th><th>master</th><th>virtual addresses</th>"
			  "<th>in state (s)</th><th>last transition</th><th>adverts in/out</th></tr>");
	for (size_t i = 0; i < jr_len(vrrp, "instances"); i++) {
		const json_object *vi = jr_idx(vrrp, "instances", i), *m = jr_get(vi, "master");
		const json_object *lt = jr_get(vi, "last_transition"), *c = jr_get(vi, "counters");
		const char *state = jr_str(vi, "state");
		char buf[160];
		str_appendf(b, n, "<tr class=\"%s\">", state_class(state));
		td(b, n, jr_str(vi, "name"));
		td(b, n, state);
		tdf(b, n, "%lld", jr_int(vi, "priority", 0));
		tdf(b, n, "%lld", jr_int(vi, "effective_priority", 0));
		td(b, n, jr_str(vi, "interface"));
		tdf(b, n, "%lld", jr_int(vi, "vrid", 0));
		if (jr_bool(m, "self", false))
			snprintf(buf, sizeof(buf), "this node");
		else if (jr_str(m, "address"))
			snprintf(buf, sizeof(buf), "%s (%lld)", jr_str(m, "address"), (long long)jr_int(m, "priority", 0));
		else
			snprintf(buf, sizeof(buf), "-");
		td(b, n, buf);
		str_appendf(b, n, "<td>");
		for (size_t j = 0; j < jr_len(vi, "virtual_ipaddresses"); j++) {
			str_appendf(b, n, "%s", j ? "<br>" : "");
			esc(b, n, jr_str(jr_idx(vi, "virtual_ipaddresses", j), "address"));
		}
		str_appendf(b, n, "</td>");
		tdf(b, n, "%lld", (long long)jr_double(vi, "in_state_seconds", 0));
		if (lt)
			snprintf(buf, sizeof(buf), "%s -> %s (%s)", jr_str(lt, "from"), jr_str(lt, "to"), jr_str(lt, "reason"));
		else
			snprintf(buf, sizeof(buf), "-");
		td(b, n, buf);
		snprintf(buf, sizeof(buf), "%llu / %llu", (unsigned long long)jr_uint(c, "adverts_received", 0),
			 (unsigned long long)jr_uint(c, "adverts_sent", 0));
		td(b, n, buf);
		str_appendf(b, n, "</tr>");
	}
	str_appendf(b, n, "</table>");
}

static void rs_row(char **b, size_t *n, const json_object *rs)
{
	bool up = jr_bool(rs, "up", false);
	char buf[320];
	str_appendf(b, n, "<tr class=\"%s\">", up ? "up" : "down");
	snprintf(buf, sizeof(buf), "%s:%lld%s", jr_str(rs, "address"), (long long)jr_int(rs, "port", 0),
		 jr_bool(rs, "sorry", false) ? " (sorry)" : "");
	td(b, n, buf);
	td(b, n, up ? "UP" : "DOWN");
	tdf(b, n, "%lld", jr_int(rs, "weight", 0));
	snprintf(buf, sizeof(buf), "%llu / %llu", (unsigned long long)jr_uint(rs, "went_up", 0),
		 (unsigned long long)jr_uint(rs, "went_down", 0));
	td(b, n, buf);
	str_appendf(b, n, "<td>");
	for (size_t i = 0; i < jr_len(rs, "checks"); i++) {
		const json_object *c = jr_idx(rs, "checks", i), *l = jr_get(c, "last");
		if (l)
			snprintf(buf, sizeof(buf), "%s %s: %s, %.1f ms", jr_str(c, "type"), jr_str(l, "result"),
				 jr_str(l, "text"), jr_double(l, "duration_seconds", 0) * 1000);
		else
			snprintf(buf, sizeof(buf), "%s: not run yet", jr_str(c, "type"));
		str_appendf(b, n, "%s", i ? "<br>" : "");
		esc(b, n, buf);
	}
	str_appendf(b, n, "</td></tr>");
}

static void servers_part(char **b, size_t *n, const json_object *ck)
{
	str_appendf(b, n, "<h2>Virtual servers</h2>");
	if (!ck) {
		str_appendf(b, n, "<p class=\"info\">the checker is not running</p>");
		return;
	}
	for (size_t i = 0; i < jr_len(ck, "virtual_servers"); i++) {
		const json_object *vs = jr_idx(ck, "virtual_servers", i);
		bool q = jr_bool(vs, "quorum_up", false);
		str_appendf(b, n, "<table><tr><th colspan=\"5\" class=\"%s\">", q ? "up" : "down");
		esc(b, n, jr_str(vs, "name"));
		str_appendf(b, n, " &mdash; ");
		esc(b, n, jr_str(vs, "scheduler"));
		str_appendf(b, n, " ");
		esc(b, n, jr_str(vs, "method"));
		str_appendf(b, n, ", quorum %s, live weight %lld%s</th></tr>", q ? "up" : "DOWN",
			    (long long)jr_int(vs, "live_weight", 0), jr_bool(vs, "sorry_active", false) ? ", sorry server in" : "");
		str_appendf(b, n, "<tr><th>real server</th><th>state</th><th>weight</th><th>up / down</th>"
				  "<th>last check</th></tr>");
		for (size_t j = 0; j < jr_len(vs, "real_servers"); j++)
			rs_row(b, n, jr_idx(vs, "real_servers", j));
		str_appendf(b, n, "</table>");
	}
	if (!jr_len(ck, "virtual_servers"))
		str_appendf(b, n, "<p class=\"info\">none</p>");
}

char *status_render_html(const json_object *doc, unsigned refresh_s)
{
	char *b = NULL;
	size_t n = 0;
	str_appendf(&b, &n, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>keepalived-ng status</title>");
	if (refresh_s)
		str_appendf(&b, &n, "<meta http-equiv=\"refresh\" content=\"%u\">", refresh_s);
	str_appendf(&b, &n, "<style>%s</style></head><body>", css);
	daemon_part(&b, &n, doc);
	const json_object *vrrp = jr_get(doc, "vrrp"), *ck = jr_get(doc, "checker");
	instances_part(&b, &n, vrrp && !jr_str(vrrp, "error") ? vrrp : NULL);
	servers_part(&b, &n, ck && !jr_str(ck, "error") ? ck : NULL);
	str_appendf(&b, &n, "<p class=\"info\"><a href=\"/status.json\">status.json</a> &middot; "
			    "<a href=\"/metrics\">metrics</a></p></body></html>\n");
	return b;
}
