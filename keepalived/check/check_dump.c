/* check_dump.c - the checker's part of the USR1 data dump and the USR2
 * stats dump: every virtual server and real server with its state, last
 * check result and counters (and IPVS counters for stats). The JSON record
 * is check_status.c's. */
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
	if (c->last_duration_us)
		str_appendf(b, n, " in %.1f ms", c->last_duration_us / 1000.0);
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

char *checker_dump(struct checker *ck, int kind, size_t *len)
{
	if (kind == IPC_DUMP_JSON_FILE)
		return checker_status_json(ck, len);
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
		if (c->pe_name[0])
			str_appendf(&b, &n, "  persistence_engine %s\n", c->pe_name);
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
