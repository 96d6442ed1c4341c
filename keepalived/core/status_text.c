/* status_text.c - keepalivedctl status: the status document as tables, in
 * the manner of crm_mon/clustat. Only members documented in
 * doc/status-json.md are shown; sync groups and trackers show whatever
 * "name", "state"/"status", "type", "weight" and "instances" they have
 * (scripts GOOD/BAD, files their value, processes their count), each
 * instance with the adjustment or FAULT the tracker makes now. */
#include "status.h"
#include "jsonw.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_COLS 10

/* A table: a header and rows of cells, printed with aligned columns. */
struct table {
	size_t ncols;
	char **cells;       /* row-major, nrows * ncols, heap strings */
	size_t nrows;
};

static void table_row(struct table *t, const char *const *cols)
{
	t->cells = xrealloc(t->cells, (t->nrows + 1) * t->ncols * sizeof(*t->cells));
	for (size_t i = 0; i < t->ncols; i++)
		t->cells[t->nrows * t->ncols + i] = xstrdup(cols[i] ? cols[i] : "");
	t->nrows++;
}

static void table_print(struct table *t, char **out, size_t *len, const char *indent)
{
	size_t w[MAX_COLS] = { 0 };
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++) {
			size_t n = strlen(t->cells[r * t->ncols + c]);
			if (n > w[c])
				w[c] = n;
		}
	for (size_t r = 0; r < t->nrows; r++) {
		str_appendf(out, len, "%s", indent);
		for (size_t c = 0; c < t->ncols; c++) {
			const char *cell = t->cells[r * t->ncols + c];
			if (c + 1 == t->ncols)
				str_appendf(out, len, "%s", cell);
			else
				str_appendf(out, len, "%-*s  ", (int)w[c], cell);
		}
		str_appendf(out, len, "\n");
	}
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	t->cells = NULL;
	t->nrows = 0;
}

/* "2026-12-01 17:02:09" in local time. */
static void fmt_time(double t, char *buf, size_t size)
{
	time_t s = (time_t)t;
	struct tm tm;
	if (t <= 0 || !localtime_r(&s, &tm)) {
		snprintf(buf, size, "-");
		return;
	}
	strftime(buf, size, "%Y-%m-%d %H:%M:%S", &tm);
}

/* "3d 04h", "2h 03m", "5m 10s", "12s". */
static void fmt_duration(double secs, char *buf, size_t size)
{
	unsigned long s = secs > 0 ? (unsigned long)secs : 0;
	if (s >= 86400)
		snprintf(buf, size, "%lud %02luh", s / 86400, s % 86400 / 3600);
	else if (s >= 3600)
		snprintf(buf, size, "%luh %02lum", s / 3600, s % 3600 / 60);
	else if (s >= 60)
		snprintf(buf, size, "%lum %02lus", s / 60, s % 60);
	else
		snprintf(buf, size, "%lus", s);
}

static void render_daemon(const json_object *doc, char **out, size_t *len)
{
	const json_object *d = jr_get(doc, "daemon");
	char up[32];
	fmt_duration(jr_double(d, "uptime_seconds", 0), up, sizeof(up));
	const json_object *c = jr_get(d, "config");
	str_appendf(out, len, "keepalived-ng %s, pid %lld, up %s\n", jr_str(d, "version") ? jr_str(d, "version") : "?",
		    (long long)jr_int(d, "pid", 0), up);
	str_appendf(out, len, "config %s, generation %lld (applied %lld), %lld reload%s, %lld rejected\n",
		    jr_str(d, "config_file") ? jr_str(d, "config_file") : "?",
		    (long long)jr_int(c, "generation", 0), (long long)jr_int(c, "applied_generation", 0),
		    (long long)jr_int(c, "reloads", 0), jr_int(c, "reloads", 0) == 1 ? "" : "s",
		    (long long)jr_int(c, "reloads_rejected", 0));
	str_appendf(out, len, "processes:");
	for (size_t i = 0; i < jr_len(d, "processes"); i++) {
		const json_object *p = jr_idx(d, "processes", i);
		if (jr_bool(p, "running", false))
			str_appendf(out, len, " %s pid %lld (%lld restarts)", jr_str(p, "name"),
				    (long long)jr_int(p, "pid", 0), (long long)jr_int(p, "restarts", 0));
		else
			str_appendf(out, len, " %s %s", jr_str(p, "name"),
				    jr_bool(p, "wanted", false) ? "NOT RUNNING" : "not needed");
		str_appendf(out, len, "%s", i + 1 < jr_len(d, "processes") ? "," : "");
	}
	str_appendf(out, len, "\n");
}

static void vips_text(const json_object *vi, char *buf, size_t size)
{
	size_t n = jr_len(vi, "virtual_ipaddresses"), off = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && off + 2 < size; i++) {
		const char *a = jr_str(jr_idx(vi, "virtual_ipaddresses", i), "address");
		int w = snprintf(buf + off, size - off, "%s%s", i ? "," : "", a ? a : "?");
		if (w < 0 || (size_t)w >= size - off) {
			snprintf(buf + (size > 4 ? size - 4 : 0), 4, "...");
			return;
		}
		off += (size_t)w;
	}
	if (!n)
		snprintf(buf, size, "-");
}

static void render_instances(const json_object *vrrp, char **out, size_t *len)
{
	str_appendf(out, len, "\nVRRP instances:\n");
	size_t n = jr_len(vrrp, "instances");
	if (!n) {
		str_appendf(out, len, "  (none)\n");
		return;
	}
	struct table t = { .ncols = 9 };
	const char *hdr[] = { "NAME", "STATE", "PRIO/EFF", "INTERFACE", "VRID", "MASTER", "VIPS", "SINCE",
			      "LAST TRANSITION" };
	table_row(&t, hdr);
	for (size_t i = 0; i < n; i++) {
		const json_object *vi = jr_idx(vrrp, "instances", i);
		char prio[32], vrid[8], master[64], vips[256], since[32], last[96];
		snprintf(prio, sizeof(prio), "%lld/%lld", (long long)jr_int(vi, "priority", 0),
			 (long long)jr_int(vi, "effective_priority", 0));
		snprintf(vrid, sizeof(vrid), "%lld", (long long)jr_int(vi, "vrid", 0));
		const json_object *m = jr_get(vi, "master");
		const char *state = jr_str(vi, "state");
		if (state && strcmp(state, "MASTER") == 0)
			snprintf(master, sizeof(master), "(this node)");
		else if (jr_str(m, "address"))
			snprintf(master, sizeof(master), "%s (%lld)", jr_str(m, "address"),
				 (long long)jr_int(m, "priority", 0));
		else
			snprintf(master, sizeof(master), "-");
		vips_text(vi, vips, sizeof(vips));
		fmt_time(jr_double(vi, "since", 0), since, sizeof(since));
		const json_object *lt = jr_get(vi, "last_transition");
		if (lt)
			snprintf(last, sizeof(last), "%s->%s (%s)", jr_str(lt, "from"), jr_str(lt, "to"),
				 jr_str(lt, "reason"));
		else
			snprintf(last, sizeof(last), "-");
		const char *row[] = { jr_str(vi, "name"), state, prio, jr_str(vi, "interface"), vrid, master,
				      vips, since, last };
		table_row(&t, row);
	}
	table_print(&t, out, len, "  ");
}

/* The STATE cell of a sync group or tracker: a script's GOOD/BAD, a file's
 * value, a process's count, else its "state" (or "status"). */
static void element_state(const json_object *e, char *buf, size_t size)
{
	const char *type = jr_str(e, "type"), *st = jr_str(e, "state") ? jr_str(e, "state") : jr_str(e, "status");
	if (type && strcmp(type, "script") == 0 && jr_str(e, "status"))
		snprintf(buf, size, "%s%s", jr_str(e, "status"), jr_int(e, "run_state", 0) ? " (running)" : "");
	else if (type && strcmp(type, "file") == 0 && jr_get(e, "value"))
		snprintf(buf, size, "value %lld", (long long)jr_int(e, "value", 0));
	else if (type && strcmp(type, "process") == 0 && jr_get(e, "running"))
		snprintf(buf, size, "%s, %llu running", st ? st : "-", (unsigned long long)jr_uint(e, "running", 0));
	else
		snprintf(buf, size, "%s", st ? st : "-");
}

/* What tracker (name, type) does to the instance named inst now, from the
 * instance's tracking[]: " (FAULT)", " (-60)", or "" (nothing, or unknown). */
static void effect_of(const json_object *vrrp, const char *inst, const char *name, const char *type,
		      char *buf, size_t size)
{
	buf[0] = '\0';
	for (size_t i = 0; inst && name && type && i < jr_len(vrrp, "instances"); i++) {
		const json_object *vi = jr_idx(vrrp, "instances", i);
		if (!jr_str(vi, "name") || strcmp(jr_str(vi, "name"), inst) != 0)
			continue;
		for (size_t j = 0; j < jr_len(vi, "tracking"); j++) {
			const json_object *k = jr_idx(vi, "tracking", j);
			if (!jr_str(k, "name") || strcmp(jr_str(k, "name"), name) != 0 || !jr_str(k, "type") ||
			    strcmp(jr_str(k, "type"), type) != 0)
				continue;
			if (jr_bool(k, "fault", false))
				snprintf(buf, size, " (FAULT)");
			else if (jr_int(k, "adjustment", 0))
				snprintf(buf, size, " (%+lld)", (long long)jr_int(k, "adjustment", 0));
			return;
		}
	}
}

/* Sync groups and trackers: whatever of the documented members they have;
 * a tracker's instances with what it does to each now. */
static void render_generic(const json_object *vrrp, const char *key, const char *title, char **out, size_t *len)
{
	size_t n = jr_len(vrrp, key);
	str_appendf(out, len, "\n%s:\n", title);
	if (!n) {
		str_appendf(out, len, "  (none)\n");
		return;
	}
	struct table t = { .ncols = 5 };
	const char *hdr[] = { "NAME", "TYPE", "STATE", "WEIGHT", "INSTANCES" };
	table_row(&t, hdr);
	for (size_t i = 0; i < n; i++) {
		const json_object *e = jr_idx(vrrp, key, i);
		const char *type = jr_str(e, "type");
		char state[64], weight[24] = "-", inst[512] = "";
		element_state(e, state, sizeof(state));
		if (jr_get(e, "weight"))
			snprintf(weight, sizeof(weight), "%lld", (long long)jr_int(e, "weight", 0));
		size_t off = 0;
		for (size_t j = 0; j < jr_len(e, "instances") && off + 2 < sizeof(inst); j++) {
			json_object *x = jr_idx(e, "instances", j);
			const char *nm = x && json_object_is_type(x, json_type_string) ? json_object_get_string(x) : "?";
			char eff[32];
			effect_of(vrrp, nm, jr_str(e, "name"), type, eff, sizeof(eff));
			int w = snprintf(inst + off, sizeof(inst) - off, "%s%s%s", j ? "," : "", nm, eff);
			if (w < 0 || (size_t)w >= sizeof(inst) - off)
				break;
			off += (size_t)w;
		}
		const char *row[] = { jr_str(e, "name"), type ? type : "-", state, weight, inst };
		table_row(&t, row);
	}
	table_print(&t, out, len, "  ");
}

static void check_text(const json_object *rs, char *buf, size_t size)
{
	size_t off = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < jr_len(rs, "checks") && off + 2 < size; i++) {
		const json_object *c = jr_idx(rs, "checks", i);
		const json_object *l = jr_get(c, "last");
		int w;
		if (l)
			w = snprintf(buf + off, size - off, "%s%s %s \"%s\" %.1f ms, %.0fs ago", i ? "; " : "",
				     jr_str(c, "type"), jr_str(l, "result"), jr_str(l, "text"),
				     jr_double(l, "duration_seconds", 0) * 1000, jr_double(l, "age_seconds", 0));
		else
			w = snprintf(buf + off, size - off, "%s%s not run yet", i ? "; " : "", jr_str(c, "type"));
		if (w < 0 || (size_t)w >= size - off)
			break;
		off += (size_t)w;
	}
	if (!off)
		snprintf(buf, size, "-");
}

static void render_vs(const json_object *ck, char **out, size_t *len)
{
	size_t n = jr_len(ck, "virtual_servers");
	str_appendf(out, len, "\nVirtual servers%s:\n", jr_bool(ck, "ipvs", true) ? "" : " (no IPVS in this kernel)");
	if (!n) {
		str_appendf(out, len, "  (none)\n");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const json_object *vs = jr_idx(ck, "virtual_servers", i);
		str_appendf(out, len, "  %s  %s %s, quorum %s (live weight %lld, quorum %lld)%s%s\n",
			    jr_str(vs, "name"), jr_str(vs, "scheduler"), jr_str(vs, "method"),
			    jr_bool(vs, "quorum_up", false) ? "UP" : "DOWN", (long long)jr_int(vs, "live_weight", 0),
			    (long long)jr_int(vs, "quorum", 0), jr_bool(vs, "sorry_active", false) ? ", SORRY SERVER" : "",
			    jr_bool(vs, "suspended", false) ? ", checks suspended" : "");
		struct table t = { .ncols = 5 };
		const char *hdr[] = { "REAL SERVER", "STATE", "WEIGHT", "TRANSITIONS", "LAST CHECK" };
		table_row(&t, hdr);
		for (size_t j = 0; j < jr_len(vs, "real_servers"); j++) {
			const json_object *rs = jr_idx(vs, "real_servers", j);
			char addr[80], weight[16], tr[48], chk[512];
			snprintf(addr, sizeof(addr), "%s:%lld%s", jr_str(rs, "address"), (long long)jr_int(rs, "port", 0),
				 jr_bool(rs, "sorry", false) ? " (sorry)" : "");
			snprintf(weight, sizeof(weight), "%lld", (long long)jr_int(rs, "weight", 0));
			snprintf(tr, sizeof(tr), "up %llu, down %llu", (unsigned long long)jr_uint(rs, "went_up", 0),
				 (unsigned long long)jr_uint(rs, "went_down", 0));
			check_text(rs, chk, sizeof(chk));
			const char *row[] = { addr, jr_bool(rs, "up", false) ? "UP" : "DOWN", weight, tr, chk };
			table_row(&t, row);
		}
		table_print(&t, out, len, "    ");
	}
}

/* The BFD child's sessions (doc/status-json.md, "bfd"). */
static void render_bfd(const json_object *bfd, char **out, size_t *len)
{
	str_appendf(out, len, "\nBFD sessions:\n");
	size_t n = jr_len(bfd, "instances");
	if (!n) {
		str_appendf(out, len, "  (none)\n");
		return;
	}
	struct table t = { .ncols = 6 };
	const char *hdr[] = { "NAME", "NEIGHBOR", "STATE", "REMOTE", "DETECT", "DIAGNOSTIC" };
	table_row(&t, hdr);
	for (size_t i = 0; i < n; i++) {
		const json_object *b = jr_idx(bfd, "instances", i);
		char detect[32];
		snprintf(detect, sizeof(detect), "%.3f s", (double)jr_uint(b, "detection_time_us", 0) / 1e6);
		const char *row[] = { jr_str(b, "name"), jr_str(b, "neighbor"), jr_str(b, "state"),
				      jr_str(b, "remote_state"), detect, jr_str(b, "diagnostic") };
		table_row(&t, row);
	}
	table_print(&t, out, len, "  ");
}

/* A child's part: its record, or why there is none. */
static const json_object *child_part(const json_object *doc, const char *name, const char *title,
				     char **out, size_t *len)
{
	const json_object *o = jr_get(doc, name);
	if (!o) {
		str_appendf(out, len, "\n%s: not running\n", title);
		return NULL;
	}
	if (jr_str(o, "error")) {
		str_appendf(out, len, "\n%s: %s\n", title, jr_str(o, "error"));
		return NULL;
	}
	return o;
}

char *status_render_text(const json_object *doc)
{
	char *out = NULL;
	size_t len = 0;
	render_daemon(doc, &out, &len);
	const json_object *vrrp = child_part(doc, "vrrp", "VRRP", &out, &len);
	if (vrrp) {
		render_instances(vrrp, &out, &len);
		render_generic(vrrp, "sync_groups", "Sync groups", &out, &len);
		render_generic(vrrp, "trackers", "Trackers", &out, &len);
	}
	const json_object *ck = child_part(doc, "checker", "Checker", &out, &len);
	if (ck)
		render_vs(ck, &out, &len);
	const json_object *bfd = jr_get(doc, "bfd");   /* only when there are sessions */
	if (bfd && !jr_str(bfd, "error"))
		render_bfd(bfd, &out, &len);
	return out;
}

/* "VI_1 MASTER, VI_2 BACKUP" or, past 4 instances, "12 instances: 5 MASTER, 7 BACKUP". */
static void summary_vrrp(const json_object *vrrp, char **out, size_t *len)
{
	size_t n = jr_len(vrrp, "instances");
	if (!n) {
		str_appendf(out, len, "no VRRP instance");
		return;
	}
	if (n <= 4) {
		for (size_t i = 0; i < n; i++) {
			const json_object *vi = jr_idx(vrrp, "instances", i);
			str_appendf(out, len, "%s%s %s", i ? ", " : "", jr_str(vi, "name"), jr_str(vi, "state"));
		}
		return;
	}
	static const char *const states[] = { "MASTER", "BACKUP", "FAULT", "INIT", "STOP" };
	str_appendf(out, len, "%zu instances:", n);
	bool first = true;
	for (size_t s = 0; s < ARRAY_SIZE(states); s++) {
		size_t k = 0;
		for (size_t i = 0; i < n; i++) {
			const char *st = jr_str(jr_idx(vrrp, "instances", i), "state");
			k += st && strcmp(st, states[s]) == 0;
		}
		if (k) {
			str_appendf(out, len, "%s %zu %s", first ? "" : ",", k, states[s]);
			first = false;
		}
	}
}

char *status_render_summary(const json_object *doc)
{
	char *out = NULL;
	size_t len = 0;
	const json_object *vrrp = jr_get(doc, "vrrp"), *ck = jr_get(doc, "checker");
	if (vrrp && !jr_str(vrrp, "error"))
		summary_vrrp(vrrp, &out, &len);
	if (ck && !jr_str(ck, "error")) {
		size_t up = 0, all = 0, nvs = jr_len(ck, "virtual_servers");
		for (size_t i = 0; i < nvs; i++) {
			const json_object *vs = jr_idx(ck, "virtual_servers", i);
			for (size_t j = 0; j < jr_len(vs, "real_servers"); j++) {
				const json_object *rs = jr_idx(vs, "real_servers", j);
				if (jr_bool(rs, "sorry", false))
					continue;
				all++;
				up += jr_bool(rs, "up", false);
			}
		}
		str_appendf(&out, &len, "%s%zu/%zu real servers up in %zu virtual server%s", out ? "; " : "", up, all,
			    nvs, nvs == 1 ? "" : "s");
	}
	const json_object *c = jr_get(jr_get(doc, "daemon"), "config");
	str_appendf(&out, &len, "%sconfiguration generation %lld", out ? "; " : "",
		    (long long)jr_int(c, "applied_generation", 0));
	return out;
}
