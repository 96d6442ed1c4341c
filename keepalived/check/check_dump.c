/* check_dump.c - the checker's part of the USR1 data dump and the USR2
 * stats dump: every virtual server and real server with its state, last
 * check result and counters (and IPVS counters for stats), and the same
 * as JSON for SIGRTMIN+2. */
#include "checker.h"
#include "ipc.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static void dump_check(char **b, size_t *n, const struct check_rt *c, uint64_t now)
{
	double ago = c->last_us ? (double)(now - c->last_us) / 1e6 : -1;
	str_appendf(b, n, "   %s: %s, last \"%s\"", c->ops->name,
		    c->st.up ? "UP" : "DOWN", c->last);
	if (ago >= 0)
		str_appendf(b, n, " %.1fs ago", ago);
	str_appendf(b, n, ", ok %llu, failed %llu, streak +%u/-%u (rise %u, fall %u)\n",
		    (unsigned long long)c->n_ok, (unsigned long long)c->n_fail,
		    c->st.ok_streak, c->st.fail_streak, c->st.rise, c->st.fall);
	str_appendf(b, n, "     delay_loop %ums, retry %u, delay_before_retry %ums, connect_timeout %ums\n",
		    c->conf->delay_loop_ms, c->conf->retry, c->conf->delay_before_retry_ms,
		    c->conf->connect_timeout_ms);
	if (c->ops->dump)
		c->ops->dump(c, b, n);
}

static void dump_rs(char **b, size_t *n, const struct rs_rt *rs, uint64_t now)
{
	char rb[80];
	str_appendf(b, n, "  %s %s: %s, weight %d (configured %d), %s, inhibit_on_failure %s\n",
		    rs->is_sorry ? "Sorry server" : "Real server", rs_str(rs, rb, sizeof(rb)),
		    rs->up ? "UP" : "DOWN", rs->weight, rs->conf->weight, lvs_method_name(rs->conf->method),
		    rs->conf->inhibit_on_failure == 1 ? "yes" : "no");
	str_appendf(b, n, "   reason: %s; went up %llu, down %llu times\n", rs->reason,
		    (unsigned long long)rs->n_up, (unsigned long long)rs->n_down);
	if (rs->conf->notify_up)
		str_appendf(b, n, "   notify_up %s\n", rs->conf->notify_up);
	if (rs->conf->notify_down)
		str_appendf(b, n, "   notify_down %s\n", rs->conf->notify_down);
	for (size_t i = 0; i < rs->n_checks; i++)
		dump_check(b, n, &rs->checks[i], now);
}

static void dump_stats(char **b, size_t *n, struct checker *ck, const struct vs_rt *vs)
{
	char sb[80], a[64];
	for (size_t i = 0; i < vs->n_svcs; i++) {
		const struct ipvs_svc *s = &vs->svcs[i];
		struct ipvs_svc cur;
		if (!ck->ipvs || ipvs_svc_get(ck->ipvs, s, &cur) < 0) {
			str_appendf(b, n, "  %s: not in IPVS\n", ipvs_svc_str(s, sb, sizeof(sb)));
			continue;
		}
		str_appendf(b, n, "  %s: conns %llu, in pkts %llu, out pkts %llu, in bytes %llu, out bytes %llu\n",
			    ipvs_svc_str(s, sb, sizeof(sb)), (unsigned long long)cur.stats.conns,
			    (unsigned long long)cur.stats.inpkts, (unsigned long long)cur.stats.outpkts,
			    (unsigned long long)cur.stats.inbytes, (unsigned long long)cur.stats.outbytes);
		struct ipvs_dest *d = NULL;
		size_t nd = 0;
		if (ipvs_dest_list(ck->ipvs, s, &d, &nd) < 0)
			continue;
		for (size_t j = 0; j < nd; j++)
			str_appendf(b, n, "   -> %s:%u weight %d, active %u, inactive %u, conns %llu, in bytes %llu, out bytes %llu\n",
				    ka_addr_str(&d[j].addr, a, sizeof(a)), d[j].port, d[j].weight,
				    d[j].active_conns, d[j].inact_conns, (unsigned long long)d[j].stats.conns,
				    (unsigned long long)d[j].stats.inbytes, (unsigned long long)d[j].stats.outbytes);
		free(d);
	}
}

static void json_rs(char **b, size_t *n, const struct rs_rt *rs)
{
	char a[64];
	str_appendf(b, n, "{\"address\": ");
	str_append_json(b, n, ka_addr_str(&rs->conf->addr, a, sizeof(a)));
	str_appendf(b, n, ", \"port\": %u, \"sorry\": %s, \"up\": %s, \"weight\": %d, "
		    "\"configured_weight\": %d, \"went_up\": %llu, \"went_down\": %llu, \"reason\": ",
		    rs->conf->port, rs->is_sorry ? "true" : "false", rs->up ? "true" : "false",
		    rs->weight, rs->conf->weight, (unsigned long long)rs->n_up,
		    (unsigned long long)rs->n_down);
	str_append_json(b, n, rs->reason);
	str_appendf(b, n, ", \"checks\": [");
	for (size_t i = 0; i < rs->n_checks; i++) {
		const struct check_rt *c = &rs->checks[i];
		str_appendf(b, n, "%s{\"type\": \"%s\", \"up\": %s, \"ok\": %llu, \"failed\": %llu, \"last\": ",
			    i ? ", " : "", c->ops->name, c->st.up ? "true" : "false",
			    (unsigned long long)c->n_ok, (unsigned long long)c->n_fail);
		str_append_json(b, n, c->last);
		str_appendf(b, n, "}");
	}
	str_appendf(b, n, "]}");
}

/* SIGRTMIN+2: an array with one object per virtual server. */
static char *checker_json(struct checker *ck, size_t *len)
{
	char *b = NULL;
	size_t n = 0;
	str_appendf(&b, &n, "[");
	for (const struct vs_rt *vs = ck->vs; vs; vs = vs->next) {
		const struct vs_conf *c = &vs->conf;
		str_appendf(&b, &n, "%s\n  {\"name\": ", vs == ck->vs ? "" : ",");
		str_append_json(&b, &n, c->name);
		str_appendf(&b, &n, ", \"scheduler\": \"%s\", \"method\": \"%s\", \"quorum_up\": %s, "
			    "\"sorry_active\": %s, \"suspended\": %s, \"live_weight\": %lld, \"real_servers\": [",
			    c->sched, lvs_method_name(c->method), vs->quorum_up ? "true" : "false",
			    vs->sorry_active ? "true" : "false", vs->suspended ? "true" : "false",
			    (long long)vs->live_weight);
		for (size_t i = 0; i < vs->n_rs; i++) {
			str_appendf(&b, &n, "%s", i ? ", " : "");
			json_rs(&b, &n, &vs->rs[i]);
		}
		if (c->has_sorry) {
			str_appendf(&b, &n, "%s", vs->n_rs ? ", " : "");
			json_rs(&b, &n, &vs->sorry);
		}
		str_appendf(&b, &n, "]}");
	}
	str_appendf(&b, &n, "\n]");
	*len = n;
	return b;
}

char *checker_dump(struct checker *ck, int kind, size_t *len)
{
	if (kind == IPC_DUMP_JSON_FILE)
		return checker_json(ck, len);
	char *b = NULL;
	size_t n = 0;
	uint64_t now = loop_now(ck->loop);
	str_appendf(&b, &n, "------< Virtual servers (checker) >------\n");
	if (!ck->ipvs)
		str_appendf(&b, &n, " IPVS: not available in this kernel\n");
	lvs_dump(ck, &b, &n);
	for (const struct vs_rt *vs = ck->vs; vs; vs = vs->next) {
		const struct vs_conf *c = &vs->conf;
		str_appendf(&b, &n, " Virtual server %s (%s:%d)\n", c->name, c->origin.file, c->origin.line);
		if (kind == IPC_DUMP_STATS_FILE) {
			dump_stats(&b, &n, ck, vs);
			continue;
		}
		str_appendf(&b, &n, "  lvs_sched %s, lvs_method %s, protocol %s, services %zu\n", c->sched,
			    lvs_method_name(c->method), vs_protocol_name(c->protocol), vs->n_svcs);
		if (c->persistent)
			str_appendf(&b, &n, "  persistence_timeout %u\n", c->persistence_timeout_s);
		if (c->ha_suspend)
			str_appendf(&b, &n, "  ha_suspend: checks %s\n", vs->suspended ? "SUSPENDED (VIP not here)" : "running");
		str_appendf(&b, &n, "  quorum %u, hysteresis %u, live weight %lld: quorum %s%s\n", c->quorum,
			    c->hysteresis, (long long)vs->live_weight, vs->quorum_up ? "UP" : "DOWN",
			    vs->sorry_active ? ", sorry server ACTIVE" : "");
		for (size_t i = 0; i < vs->n_rs; i++)
			dump_rs(&b, &n, &vs->rs[i], now);
		if (c->has_sorry)
			dump_rs(&b, &n, &vs->sorry, now);
	}
	*len = n;
	return b;
}
