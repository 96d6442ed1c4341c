/* check_dump.c - the checker's part of the USR1 data dump (the parent puts
 * it in keepalived_check.data after the global definitions) and of the
 * USR2 stats dump. The data dump has keepalived 2.2.7's sections, labels
 * and value formats ("------< LVS Topology >------" with each virtual and
 * real server, "------< Health checkers >------" with each check) for every
 * field we have; our own fields follow 2.2.7's in each object (state and
 * reason, counters, the last check result). The stats (IPVS counters) are
 * ours: 2.2.7 has none for the checker. The JSON record is
 * check_status.c's. */
#include "checker.h"
#include "ipc.h"
#include "dump_text.h"
#include "util.h"

#include <arpa/inet.h>
#include <linux/ip_vs.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *on_off(bool b) { return b ? "ON" : "OFF"; }
static const char *yes_no(bool b) { return b ? "yes" : "no"; }

/* A time in ms as 2.2.7's seconds with six decimals ("5.000000"). */
static void secs(char **b, size_t *n, const char *fmt_label, uint32_t ms)
{
	str_appendf(b, n, "%s%u.%06u\n", fmt_label, ms / 1000, (ms % 1000) * 1000);
}

/* The first set value of own, then inherited, else dflt. */
static uint32_t pick(uint32_t own, uint32_t inherited, uint32_t dflt)
{
	return own != CHECK_UNSET ? own : inherited != CHECK_UNSET ? inherited : dflt;
}

/* "[ADDR]:proto:PORT" of a real server, as 2.2.7 names it. */
static const char *rs_trio(const struct rs_conf *rs, uint16_t proto, char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN] = "?";
	inet_ntop(rs->addr.family, &rs->addr.u, a, sizeof(a));
	snprintf(buf, size, "[%s]:%s:%u", a,
		 proto == IPPROTO_UDP ? "udp" : proto == IPPROTO_SCTP ? "sctp" : proto == IPPROTO_TCP ? "tcp" : "none",
		 rs->port);
	return buf;
}

static void fwd_method(char **b, size_t *n, const char *prefix, enum lvs_method m)
{
	if (m == LVS_METHOD_TUN)
		str_appendf(b, n, "   %sforwarding method = TUN, type = IPIP\n", prefix);
	else
		str_appendf(b, n, "   %sforwarding method = %s\n", prefix, lvs_method_name(m));
}

static void dump_rs(char **b, size_t *n, const struct checker *ck, const struct rs_rt *rs)
{
	const struct rs_conf *r = rs->conf;
	const struct vs_conf *v = &rs->vs->conf;
	char a[INET6_ADDRSTRLEN] = "?";
	unsigned failed = 0;
	for (size_t i = 0; i < rs->n_checks; i++)
		failed += !rs->checks[i].st.up;
	inet_ntop(r->addr.family, &r->addr.u, a, sizeof(a));
	str_appendf(b, n, "   ------< Real server >------\n");
	str_appendf(b, n, "   RIP = %s, RPORT = %u, WEIGHT = %d EFF WEIGHT = %d\n", a, r->port, rs->weight, rs->weight);
	fwd_method(b, n, "", r->method);
	str_appendf(b, n, "   Alpha is %s\n", on_off(r->alpha == 1));
	secs(b, n, "   connection timeout = ", pick(r->connect_timeout_ms, v->connect_timeout_ms, 5000));
	str_appendf(b, n, "   connection limit range = %u -> %u\n", r->l_threshold, r->u_threshold);
	secs(b, n, "   Delay loop = ", pick(r->delay_loop_ms, v->delay_loop_ms, 60000));
	/* the real server's own, else its virtual server's (2.2.7 copies
	 * those into the real server) */
	uint32_t retry = pick(r->retry, v->retry, CHECK_UNSET);
	uint32_t dbr = pick(r->delay_before_retry_ms, v->delay_before_retry_ms, CHECK_UNSET);
	uint32_t warmup = pick(r->warmup_ms, v->warmup_ms, CHECK_UNSET);
	if (retry != CHECK_UNSET)
		str_appendf(b, n, "   Retry count = %u\n", retry);
	if (dbr != CHECK_UNSET)
		secs(b, n, "   Retry delay = ", dbr);
	if (warmup != CHECK_UNSET)
		secs(b, n, "   Warmup = ", warmup);
	str_appendf(b, n, "   Inhibit on failure is %s\n", on_off(r->inhibit_on_failure == 1));
	dump_script_line(b, n, "     RS up notify script", &r->notify_up, &ck->global);
	dump_script_line(b, n, "     RS down notify script", &r->notify_down, &ck->global);
	if (r->virtualhost)
		str_appendf(b, n, "    VirtualHost = '%s'\n", r->virtualhost);
	str_appendf(b, n, "   Using smtp notification = %s\n", yes_no(check_alert_wanted(r->smtp_alert, &ck->global.ext, true)));
	str_appendf(b, n, "   initial weight = %d\n   effective weight = %d\n", r->weight, rs->weight);
	str_appendf(b, n, "   alive = %d\n   num failed checkers = %u\n", rs->up ? 1 : 0, failed);
	/* ours */
	str_appendf(b, n, "   State = %s, reason: %s; went up %llu, down %llu times\n", rs->up ? "UP" : "DOWN",
		    rs->reason, (unsigned long long)rs->n_up, (unsigned long long)rs->n_down);
}

/* Scheduler flags as 2.2.7 lists them for sh, mh and the others. */
static void sched_flags(char **b, size_t *n, const struct vs_conf *c)
{
	static const char *const en[] = { "dis", "en" };
	uint32_t f = c->sched_flags;
	if (!strcmp(c->sched, "sh") || !strcmp(c->sched, "mh")) {
		str_appendf(b, n, "   %s-port = %sabled\n", c->sched, en[!!(f & IP_VS_SVC_F_SCHED2)]);
		str_appendf(b, n, "   %s-fallback = %sabled\n", c->sched, en[!!(f & IP_VS_SVC_F_SCHED1)]);
	} else {
		str_appendf(b, n, "   flag-1 = %sabled\n   flag-2 = %sabled\n   flag-3 = %sabled\n",
			    en[!!(f & IP_VS_SVC_F_SCHED1)], en[!!(f & IP_VS_SVC_F_SCHED2)], en[!!(f & IP_VS_SVC_F_SCHED3)]);
	}
	str_appendf(b, n, "   One packet scheduling = %sabled%s\n", en[c->ops],
		    c->ops && c->protocol != IPPROTO_UDP ? " (inactive due to not UDP)" : "");
}

/* VS line, family, timers, scheduler, persistence, protocol. */
static void dump_vs_head(char **b, size_t *n, const struct vs_rt *vs)
{
	const struct vs_conf *c = &vs->conf;
	char a[INET6_ADDRSTRLEN] = "?";
	str_appendf(b, n, " ------< Virtual server >------\n");
	if (c->kind == VS_KIND_GROUP) {
		check_alert_vs_name(c, a, sizeof(a));
		str_appendf(b, n, " VS GROUP = %s\n", a);
	} else if (c->kind == VS_KIND_FWMARK) {
		str_appendf(b, n, " VS FWMARK = %u\n", c->fwmark);
	} else {
		inet_ntop(c->addr.family, &c->addr.u, a, sizeof(a));
		str_appendf(b, n, " VS VIP = %s, VPORT = %u\n", a, c->port);
	}
	if (c->virtualhost)
		str_appendf(b, n, "   VirtualHost = %s\n", c->virtualhost);
	sa_family_t fam = c->kind == VS_KIND_FWMARK ? c->fwmark_family : c->addr.family;
	/* 2.2.7: a group's family is its first real server's, else its sorry
	 * server's (tunnelled ones do not count) */
	for (size_t i = 0; !fam && i < c->n_rs; i++)
		if ((c->rs[i].method == LVS_METHOD_UNSET ? c->method : c->rs[i].method) != LVS_METHOD_TUN)
			fam = c->rs[i].addr.family;
	if (!fam && c->has_sorry && c->sorry.method != LVS_METHOD_TUN)
		fam = c->sorry.addr.family;
	if (fam)
		str_appendf(b, n, "   Address family = inet%s\n", fam == AF_INET6 ? "6" : "");
	else
		str_appendf(b, n, "   Address family = unknown\n");
	secs(b, n, "   connection timeout = ", c->connect_timeout_ms);
	secs(b, n, "   delay_loop = ", c->delay_loop_ms);
	str_appendf(b, n, "   lvs_sched = %s\n   Hashed = disabled\n", c->sched);
	sched_flags(b, n, c);
	if (c->persistent)
		str_appendf(b, n, "   persistence timeout = %u\n", c->persistence_timeout_s);
	if (c->persistence_netmask && fam == AF_INET6)
		str_appendf(b, n, "   persistence granularity = %u\n", c->persistence_netmask);
	else if (c->persistence_netmask)
		str_appendf(b, n, "   persistence granularity = %s\n",
			    inet_ntop(AF_INET, &c->persistence_netmask, a, sizeof(a)));
	uint16_t proto = check_rs_proto(vs);   /* a fwmark service's: none, as 2.2.7 */
	str_appendf(b, n, "   protocol = %s\n", proto ? vs_protocol_name(proto) : "none");
}

static void dump_vs(char **b, size_t *n, const struct checker *ck, const struct vs_rt *vs)
{
	const struct vs_conf *c = &vs->conf;
	char rb[96];
	dump_vs_head(b, n, vs);
	str_appendf(b, n, "   alpha is %s\n   omega is %s\n", on_off(c->alpha), on_off(c->omega));
	if (c->retry != CHECK_UNSET)
		str_appendf(b, n, "   Retry count = %u\n", c->retry);
	if (c->delay_before_retry_ms != CHECK_UNSET)
		secs(b, n, "   Retry delay = ", c->delay_before_retry_ms);
	if (c->warmup_ms != CHECK_UNSET)
		secs(b, n, "   Warmup = ", c->warmup_ms);
	str_appendf(b, n, "   Inhibit on failure is %s\n", on_off(c->inhibit_on_failure));
	str_appendf(b, n, "   quorum = %u, hysteresis = %u\n", c->quorum, c->hysteresis);
	dump_script_line(b, n, "   Quorum up notify script", &c->quorum_up, &ck->global);
	dump_script_line(b, n, "   Quorum down notify script", &c->quorum_down, &ck->global);
	if (c->ha_suspend)
		str_appendf(b, n, "   Using HA suspend\n");
	str_appendf(b, n, "   Using smtp notification = %s\n", yes_no(check_alert_wanted(c->smtp_alert, &ck->global.ext, false)));
	fwd_method(b, n, "default ", c->method);
	if (c->has_sorry) {
		str_appendf(b, n, "   sorry server = %s\n", rs_trio(&c->sorry, check_rs_proto(vs), rb, sizeof(rb)));
		fwd_method(b, n, "  ", c->sorry.method);
		str_appendf(b, n, "     Inhibit on failure is %s\n", on_off(c->sorry.inhibit_on_failure == 1));
	}
	str_appendf(b, n, "   quorum_state_up = %d\n", vs->quorum_up ? 1 : 0);
	/* ours */
	str_appendf(b, n, "   Configured at = %s:%d\n   Live weight = %lld\n", c->origin.file, c->origin.line,
		    (long long)vs->live_weight);
	if (c->has_sorry)
		str_appendf(b, n, "   Sorry server active = %s\n", yes_no(vs->sorry_active));
	if (c->ha_suspend)
		str_appendf(b, n, "   HA suspend: checks %s\n", vs->suspended ? "SUSPENDED (VIP not here)" : "running");
	for (size_t i = 0; i < vs->n_rs; i++)
		dump_rs(b, n, ck, &vs->rs[i]);
}

/* One check as 2.2.7's " VS -> RS" block, then our result lines. */
static void dump_check(char **b, size_t *n, const struct vs_rt *vs, const struct check_rt *c, uint64_t now)
{
	const struct check_conf *k = c->conf;
	char vb[160], rb[96], a[INET6_ADDRSTRLEN] = "?";
	check_alert_vs_name(&vs->conf, vb, sizeof(vb));
	str_appendf(b, n, " %s -> %s\n", vb, rs_trio(c->rs->conf, check_rs_proto(vs), rb, sizeof(rb)));
	str_appendf(b, n, "   Enabled = %s\n   Up = %s\n   Has run = %s\n   Current weight = %lld\n",
		    yes_no(!vs->suspended), yes_no(c->st.up), yes_no(c->last_us != 0), (long long)c->weight);
	if (!c->ops->event_driven) {
		str_appendf(b, n, "   Alpha = %s\n   Delay loop = %llu us\n   Warmup = %llu us\n   Retries = %u\n",
			    yes_no(k->alpha == 1), k->delay_loop_ms * 1000ULL, k->warmup_ms * 1000ULL, k->retry);
		if (k->retry)   /* iterations: the failures of the streak now retried (2.2.7's retry_it) */
			str_appendf(b, n, "   Delay before retry = %llu us\n   Retries iterations = %u\n",
				    k->delay_before_retry_ms * 1000ULL,
				    c->st.up && c->st.fail_streak < k->retry ? c->st.fail_streak : 0);
		uint32_t dbr = c->ops->default_delay_before_retry_ms;   /* DNS: delay_loop, 2.2.7 says 0 */
		str_appendf(b, n, "   Default delay before retry = %llu us\n",
			    dbr == CHECK_UNSET ? 0ULL : dbr * 1000ULL);
	}
	str_appendf(b, n, "   Log all failures = %s\n", yes_no(k->log_all_failures));
	if (c->ops->needs_port || c->ops->id == CHECK_PING) {   /* 2.2.7: every check with a connection */
		const struct ka_addr *ip = k->connect_ip.family ? &k->connect_ip : &c->rs->conf->addr;
		inet_ntop(ip->family, &ip->u, a, sizeof(a));
		str_appendf(b, n, "   Connection\n     Dest = [%s]:%u\n", a,
			    k->connect_port != CHECK_UNSET ? k->connect_port : c->rs->conf->port);
		if (k->bindto.family) {
			inet_ntop(k->bindto.family, &k->bindto.u, a, sizeof(a));
			str_appendf(b, n, "     Bind to = [%s]:%u\n", a, k->bind_port != CHECK_UNSET ? k->bind_port : 0);
		}
		if (k->bind_if[0])
			str_appendf(b, n, "     Bind i/f = %s\n", k->bind_if);
		if (k->fwmark)
			str_appendf(b, n, "     Mark = %u\n", k->fwmark);
		str_appendf(b, n, "     Timeout = %f\n", k->connect_timeout_ms / 1000.0);
	}
	/* HTTP_GET / SSL_GET write theirs with the protocol, as 2.2.7 */
	if (c->ops->id != CHECK_HTTP && c->ops->id != CHECK_SSL)
		str_appendf(b, n, "   Keepalive method = %s\n", c->ops->name);
	if (c->ops->dump)
		c->ops->dump(c, b, n);
	/* ours */
	str_appendf(b, n, "   Last result = \"%s\"", c->last);
	if (c->last_us)
		str_appendf(b, n, " %.1fs ago", (double)(now - c->last_us) / 1e6);
	if (c->last_duration_us)
		str_appendf(b, n, " in %.1f ms", c->last_duration_us / 1000.0);
	str_appendf(b, n, "\n   Results = ok %llu, failed %llu, streak +%u/-%u (rise %u, fall %u)\n",
		    (unsigned long long)c->n_ok, (unsigned long long)c->n_fail, c->st.ok_streak, c->st.fail_streak,
		    c->st.rise, c->st.fall);
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

/* USR2: our IPVS counters per virtual server (after the VRRP stats). */
static void dump_stats_all(char **b, size_t *n, struct checker *ck)
{
	str_appendf(b, n, "------< Virtual servers (checker) >------\n");
	if (!ck->ipvs)
		str_appendf(b, n, " IPVS: not available in this kernel\n");
	for (const struct vs_rt *vs = ck->vs; vs; vs = vs->next) {
		str_appendf(b, n, " Virtual server %s (%s:%d)\n", vs->conf.name, vs->conf.origin.file,
			    vs->conf.origin.line);
		dump_stats(b, n, ck, vs);
	}
}

/* 2.2.7's "Alive" counts of a group's entry: the real servers in IPVS
 * of the virtual servers on the group - per protocol for an address entry
 * (tcp, udp, sctp), per the virtual server's family for a fwmark one
 * (IPv4, IPv6) - every entry of the group the same. */
static void vsg_alive(const struct checker *ck, const struct vsg_conf *g, unsigned al[3], unsigned fw[2])
{
	al[0] = al[1] = al[2] = fw[0] = fw[1] = 0;
	for (const struct vs_rt *vs = ck->vs; vs; vs = vs->next) {
		if (vs->conf.kind != VS_KIND_GROUP || strcmp(vs->conf.group, g->name))
			continue;
		unsigned k = 0;
		for (size_t i = 0; i < vs->n_rs; i++)
			k += vs->rs[i].k_known && vs->rs[i].k_present;
		uint16_t p = vs->conf.protocol;
		al[p == IPPROTO_UDP ? 1 : p == IPPROTO_SCTP ? 2 : 0] += k;
		sa_family_t fam = vs->n_svcs ? vs->svcs[0].af : AF_INET;
		fw[fam == AF_INET6] += k;
	}
}

/* 2.2.7's " ------< Virtual server group >------" block of one group: its
 * entries (addresses, ranges as FIRST-LAST, fwmarks) and their Alive
 * counts. */
static void dump_vsg(char **b, size_t *n, const struct checker *ck, const struct vsg_conf *g)
{
	bool v4 = false, v6 = false;
	unsigned al[3], fw[2];
	vsg_alive(ck, g, al, fw);
	for (size_t i = 0; i < g->n_entries; i++) {
		sa_family_t f = g->entries[i].kind == VSGE_FWMARK ? g->entries[i].fwmark_family : g->entries[i].addr.family;
		v4 |= f == AF_INET;
		v6 |= f == AF_INET6;
	}
	str_appendf(b, n, " ------< Virtual server group >------\n");
	str_appendf(b, n, " Virtual Server Group = %s, IPv4 = %s, IPv6 = %s\n", g->name, yes_no(v4), yes_no(v6));
	for (size_t i = 0; i < g->n_entries; i++) {
		const struct vsg_entry *e = &g->entries[i];
		char a[INET6_ADDRSTRLEN] = "?", z[INET6_ADDRSTRLEN] = "?";
		if (e->kind == VSGE_FWMARK) {
			str_appendf(b, n, "   FWMARK = %u%s\n     Alive: %u IPv4, %u IPv6\n", e->fwmark,
				    e->fwmark_family == AF_INET6 ? " IPv6" : e->fwmark_family == AF_INET ? " IPv4" : "",
				    fw[0], fw[1]);
			continue;
		}
		inet_ntop(e->addr.family, &e->addr.u, a, sizeof(a));
		if (e->count <= 1) {
			str_appendf(b, n, "   VIP = %s, VPORT = %u\n     Alive: %u tcp, %u udp, %u sctp\n", a, e->port,
				    al[0], al[1], al[2]);
			continue;
		}
		struct ka_addr last = e->addr;   /* the range's last address: +count-1 in the low word */
		uint32_t *w = last.family == AF_INET ? &last.u.v4.s_addr : (uint32_t *)&last.u.v6 + 3;
		*w = htonl(ntohl(*w) + e->count - 1);
		inet_ntop(last.family, &last.u, z, sizeof(z));
		str_appendf(b, n, "   VIP Range = %s-%s, VPORT = %u\n     Alive: %u tcp, %u udp, %u sctp\n", a, z,
			    e->port, al[0], al[1], al[2]);
	}
}

/* USR1: LVS Topology, then Health checkers. */
static void dump_data_all(char **b, size_t *n, struct checker *ck)
{
	uint64_t now = loop_now(ck->loop);
	if (ck->vs) {
		str_appendf(b, n, "------< LVS Topology >------\n");
		str_appendf(b, n, " System is compiled with LVS v%d.%d.%d\n", (IP_VS_VERSION_CODE >> 16) & 0xff,
			    (IP_VS_VERSION_CODE >> 8) & 0xff, IP_VS_VERSION_CODE & 0xff);
		if (!ck->ipvs)   /* ours */
			str_appendf(b, n, " IPVS: not available in this kernel\n");
		lvs_dump(ck, b, n);
		for (size_t i = 0; i < ck->n_vsg; i++)
			dump_vsg(b, n, ck, &ck->vsg[i]);
		for (const struct vs_rt *vs = ck->vs; vs; vs = vs->next)
			dump_vs(b, n, ck, vs);
	}
	bool any = false;
	for (const struct vs_rt *vs = ck->vs; vs; vs = vs->next)
		for (size_t i = 0; i < vs->n_rs; i++)
			for (size_t j = 0; j < vs->rs[i].n_checks; j++) {
				if (!any)
					str_appendf(b, n, "------< Health checkers >------\n");
				any = true;
				dump_check(b, n, vs, &vs->rs[i].checks[j], now);
			}
}

char *checker_dump(struct checker *ck, int kind, size_t *len)
{
	if (kind == IPC_DUMP_JSON_FILE)
		return checker_status_json(ck, len);
	char *b = NULL;
	size_t n = 0;
	if (kind == IPC_DUMP_STATS_FILE || kind == IPC_DUMP_STATS_CLEAR)
		dump_stats_all(&b, &n, ck);
	else
		dump_data_all(&b, &n, ck);
	if (!b)
		b = xstrdup("");
	*len = n;
	return b;
}
