/* global_dump.c - see dump_text.h. The labels, their order and their value
 * formats are keepalived 2.2.7's (its keepalived.data); lines for things
 * keepalived-ng does not have (SNMP, DBus, netlink buffer sizes, ...) are
 * left out rather than given a made-up value. */
#include "dump_text.h"
#include "check_conf.h"
#include "config.h"
#include "script.h"
#include "smtp_alert.h"
#include "util.h"

#include <arpa/inet.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DFLT_INTERFACE "eth0"         /* 2.2.7's default_interface */
#define DFLT_RT_LIMIT_US 10000        /* RLIMIT_RTTIME with a realtime priority */

static const char *yes_no(bool b) { return b ? "true" : "false"; }

/* The program of a script as keepalived 2.2.7 shows it (its
 * check_script_secure() rewrites the command when the configuration is
 * read): a bare name is looked up in PATH (_CS_PATH without one), then the
 * path is resolved (realpath(): /bin/echo is /usr/bin/echo on a merged-/usr
 * system); when the file's own name differs there (a symlink to another
 * name), the name given is kept in the resolved directory if it is the same
 * file there (/bin/sh: /usr/bin/sh, not /usr/bin/dash). A file that cannot
 * be resolved, or "</file" (a file check), is shown as written. */
static const char *shown_program(const char *a0, char *buf, size_t size)
{
	char found[PATH_MAX];
	const char *p = a0;
	if (!a0[0] || a0[0] == '<')
		return a0;
	if (!strchr(a0, '/')) {
		const char *path = getenv("PATH");
		char cs[256];
		if (!path) {
			size_t n = confstr(_CS_PATH, cs, sizeof(cs));
			path = n && n <= sizeof(cs) ? cs : "/bin:/usr/bin";
		}
		p = NULL;
		while (!p) {
			size_t n = strcspn(path, ":");
			struct stat st;
			if (snprintf(found, sizeof(found), "%.*s%s%s", (int)n, path, n ? "/" : "", a0) < (int)sizeof(found) &&
			    !stat(found, &st) && S_ISREG(st.st_mode) && !access(found, X_OK))
				p = found;
			if (!path[n])
				break;
			path += n + 1;
		}
		if (!p)
			return a0;
	}
	char *real = realpath(p, NULL);
	if (!real) {
		str_copy(buf, size, p);
		return buf;
	}
	const char *given = strrchr(p, '/') + 1, *name = strrchr(real, '/') + 1;
	if (strcmp(given, name) != 0) {
		char same[PATH_MAX];
		struct stat a, b;
		if (snprintf(same, sizeof(same), "%.*s%s", (int)(name - real), real, given) < (int)sizeof(same) &&
		    !stat(real, &a) && !stat(same, &b) && a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
			str_copy(buf, size, same);
			free(real);
			return buf;
		}
	}
	str_copy(buf, size, real);
	free(real);
	return buf;
}

void dump_cmd_str(char **out, size_t *len, const char *cmdline)
{
	char **argv = script_split(cmdline);
	if (!argv) {
		str_appendf(out, len, "'%s'", cmdline);
		return;
	}
	char prog[PATH_MAX];
	for (size_t i = 0; argv[i]; i++)
		str_appendf(out, len, "%s'%s'", i ? " " : "", i ? argv[i] : shown_program(argv[0], prog, sizeof(prog)));
	script_argv_free(argv);
}

void dump_script_line(char **out, size_t *len, const char *label, const struct conf_script *s,
		      const struct global_conf *g)
{
	if (!s->cmd)
		return;
	str_appendf(out, len, "%s = ", label);
	dump_cmd_str(out, len, s->cmd);
	str_appendf(out, len, ", uid:gid %u:%u\n", s->user_set ? s->uid : (unsigned)g->script_uid,
		    s->user_set ? s->gid : (unsigned)g->script_gid);
}

const char *dump_data_file_name(const char *base, bool use_instance, const char *instance,
				const char *net_ns, char *buf, size_t size)
{
	const char *dot = strrchr(base, '.');
	bool have_inst = instance && instance[0], have_ns = net_ns && net_ns[0];
	if (!use_instance || !dot || (!have_inst && !have_ns)) {
		snprintf(buf, size, "%s", base);
		return buf;
	}
	snprintf(buf, size, "%.*s.%s%s%s%s", (int)(dot - base), base, have_ns ? net_ns : "",
		 have_ns && have_inst ? "_" : "", have_inst ? instance : "", dot);
	return buf;
}

/* smtp_server, notification_email*, smtp_alert* defaults. */
static void dump_smtp(const struct global_conf *g, char **out, size_t *len)
{
	const struct vrrp_global_ext *e = &g->ext;
	char a[INET6_ADDRSTRLEN];
	if (e->smtp_addr.family) {
		inet_ntop(e->smtp_addr.family, &e->smtp_addr.u, a, sizeof(a));
		str_appendf(out, len, " Smtp server = %s\n Smtp server port = %u\n", a, e->smtp_port);
	}
	/* with an smtp_server, 2.2.7 fills in the HELO name from the host
	 * name (ours sends the same, smtp_alert.c; the sender is filled in
	 * by validation, vrrp_conf_track_validate.c) */
	char host[256] = "";
	if (e->smtp_addr.family)
		gethostname(host, sizeof(host) - 1);
	const char *helo = e->smtp_helo_name ? e->smtp_helo_name : host[0] ? host : NULL;
	const char *sender = g->notification_email_from;
	if (helo)
		str_appendf(out, len, " Smtp HELO name = %s\n", helo);
	if (e->smtp_addr.family)
		str_appendf(out, len, " Smtp server connection timeout = %u\n", g->smtp_connect_timeout_s);
	if (sender) {
		str_appendf(out, len, " Email notification from = %s\n Email notification to:\n", sender);
		for (size_t i = 0; i < g->n_notification_email; i++)
			str_appendf(out, len, "   %s\n", g->notification_email[i]);
	}
	str_appendf(out, len, " Default smtp_alert = %s\n",
		    !e->smtp_alert_set ? "unset" : e->smtp_alert ? "on" : "off");
	str_appendf(out, len, " Default smtp_alert_vrrp = %s\n",
		    !e->smtp_alert_vrrp_set ? "unset" : e->smtp_alert_vrrp ? "on" : "off");
	str_appendf(out, len, " Default smtp_alert_checker = %s\n",
		    !e->smtp_alert_checker_set ? "unset" : e->smtp_alert_checker ? "on" : "off");
}

/* reload_*, data_use_instance, startup/shutdown scripts. */
static void dump_lifecycle(const struct config *conf, char **out, size_t *len)
{
	const struct mgmt_conf *m = &conf->mgmt;
	const struct global_conf *g = &conf->global;
	if (m->reload_check_set)   /* 2.2.7: /dev/null without a file */
		str_appendf(out, len, " Test config before reload, log to %s\n",
			    m->reload_check_log[0] ? m->reload_check_log : "/dev/null");
	else
		str_appendf(out, len, " No test config before reload\n");
	if (m->reload_time_file[0])
		str_appendf(out, len, " Reload time file = %s%s\n", m->reload_time_file,
			    m->reload_repeat ? " (repeat)" : "");
	if (g->reload_file && g->reload_file[0])
		str_appendf(out, len, " Reload_file = %s\n", g->reload_file);
	if (m->data_use_instance)
		str_appendf(out, len, " Use instance name in data dumps\n");
	const struct lifecycle_script *s[2] = { &g->startup, &g->shutdown };
	for (int i = 0; i < 2; i++) {
		if (!s[i]->cmd)
			continue;
		str_appendf(out, len, " %s script = ", i ? "Shutdown" : "Startup");
		dump_cmd_str(out, len, s[i]->cmd);
		str_appendf(out, len, ", uid:gid %u:%u%s timeout %u\n",
			    (unsigned)(s[i]->user_set ? s[i]->uid : g->script_uid),
			    (unsigned)(s[i]->user_set ? s[i]->gid : g->script_gid), i ? "" : ",", s[i]->timeout_s);
	}
}

/* lvs_timeouts, lvs_sync_daemon, lvs_flush*. */
static void dump_lvs(const struct config *conf, bool vrrp_view, char **out, size_t *len)
{
	const struct check_global_conf *c = conf->checker;
	char a[INET6_ADDRSTRLEN];
	if (c && c->timeout_tcp)
		str_appendf(out, len, " LVS TCP timeout = %u\n", c->timeout_tcp);
	if (c && c->timeout_tcpfin)
		str_appendf(out, len, " LVS TCP FIN timeout = %u\n", c->timeout_tcpfin);
	if (c && c->timeout_udp)   /* 2.2.7 labels it "LVS TCP timeout" too (a slip) */
		str_appendf(out, len, " LVS UDP timeout = %u\n", c->timeout_udp);
	if (vrrp_view)
		str_appendf(out, len, " Default interface = %s\n",
			    conf->global.ext.default_interface[0] ? conf->global.ext.default_interface : DFLT_INTERFACE);
	str_appendf(out, len, " Disable local IGMP = %s\n", conf->global.ext.disable_local_igmp ? "yes" : "no");
	if (c && c->sync.enabled) {
		if (c->sync.instance[0])
			str_appendf(out, len, " LVS syncd vrrp instance = %s\n", c->sync.instance);
		str_appendf(out, len, " LVS syncd interface = %s\n", c->sync.ifname);
		str_appendf(out, len, " LVS syncd syncid = %u\n", c->sync.syncid);
		if (c->sync.maxlen)
			str_appendf(out, len, " LVS syncd maxlen = %u\n", c->sync.maxlen);
		if (c->sync.group.family) {
			inet_ntop(c->sync.group.family, &c->sync.group.u, a, sizeof(a));
			str_appendf(out, len, " LVS mcast group %s\n", a);
		}
		if (c->sync.port)
			str_appendf(out, len, " LVS syncd mcast port = %u\n", c->sync.port);
		if (c->sync.ttl)
			str_appendf(out, len, " LVS syncd mcast ttl = %u\n", c->sync.ttl);
	}
	str_appendf(out, len, " LVS flush = %s\n", yes_no(c && c->flush));
	str_appendf(out, len, " LVS flush on stop = %s\n",
		    !c || !c->flush_onstop ? "disabled" : c->flush_onstop_vs ? "VS" : "full");
}

static void dump_fifo(const char *what, const char *path, const char *script, const struct global_conf *g,
		      char **out, size_t *len)
{
	if (!path)
		return;
	str_appendf(out, len, " %s = %s, uid:gid %u:%u\n", what, path, 0u, 0u);
	char label[64];
	snprintf(label, sizeof(label), " %s script", what);
	const struct conf_script cs = { .cmd = (char *)script };   /* NULL: no line */
	dump_script_line(out, len, label, &cs, g);
}

/* The vrrp_* defaults. */
static void dump_vrrp_globals(const struct global_conf *g, bool vrrp_view, char **out, size_t *len)
{
	const struct vrrp_global_ext *e = &g->ext;
	char a[INET6_ADDRSTRLEN];
	str_appendf(out, len, " FIFO write vrrp states on reload = %s\n", yes_no(e->fifo_write_states_on_reload));
	str_appendf(out, len, " VRRP notify priority changes = %s\n", yes_no(e->notify_priority_changes));
	str_appendf(out, len, " VRRP IPv4 mcast group = %s\n", inet_ntop(AF_INET, &g->vrrp_mcast_group4, a, sizeof(a)));
	str_appendf(out, len, " VRRP IPv6 mcast group = %s\n", inet_ntop(AF_INET6, &g->vrrp_mcast_group6, a, sizeof(a)));
	str_appendf(out, len, " Gratuitous ARP delay = %u\n Gratuitous ARP repeat = %u\n", g->garp_master_delay_s,
		    g->garp_master_repeat);
	str_appendf(out, len, " Gratuitous ARP refresh timer = %u\n Gratuitous ARP refresh repeat = %u\n",
		    g->garp_master_refresh_s, g->garp_master_refresh_repeat);
	/* only 2.2.7's VRRP process puts in the defaults: the other files show
	 * its "not set" (UINT_MAX) */
	str_appendf(out, len, " Gratuitous ARP lower priority delay = %u\n",
		    e->garp_lower_prio_delay_set ? e->garp_lower_prio_delay_s :
		    vrrp_view ? g->garp_master_delay_s : UINT32_MAX);
	str_appendf(out, len, " Gratuitous ARP lower priority repeat = %u\n",
		    e->garp_lower_prio_repeat_set ? e->garp_lower_prio_repeat :
		    vrrp_view ? g->garp_master_repeat : UINT32_MAX);
	str_appendf(out, len, " Num adverts before down = %u\n", g->down_timer_adverts);
	str_appendf(out, len, " Gratuitous ARP for each secondary %s = %us\n", e->garp_extra_all ? "i/f" : "VMAC",
		    e->garp_extra_s);
	str_appendf(out, len, " Send advert after receive lower priority advert = %s\n", yes_no(!e->lower_prio_no_advert));
	str_appendf(out, len, " Send advert after receive higher priority advert = %s\n",
		    yes_no(e->higher_prio_send_advert));
	str_appendf(out, len, " Gratuitous ARP interval = %f\n Gratuitous NA interval = %f\n",
		    g->garp_interval_us / 1e6, g->gna_interval_us / 1e6);
	str_appendf(out, len, " VRRP default protocol version = %u\n", g->vrrp_version);
	str_appendf(out, len, " nftables with%s counters\n", g->fw.counters ? "" : "out");
	str_appendf(out, len, " VRRP check unicast_src = %s\n", yes_no(e->check_unicast_src));
	str_appendf(out, len, " VRRP skip check advert addresses = %s\n", yes_no(g->vrrp_skip_check_adv_addr));
	if (g->vrrp_owner_ignore_adverts)   /* keepalived 2.3's line */
		str_appendf(out, len, " VRRP owner ignore adverts = true\n");
	str_appendf(out, len, " VRRP strict mode = %s\n", yes_no(g->fw.strict));
	if (e->max_auto_priority < 0)
		str_appendf(out, len, " Max auto priority = Disabled\n");
	else
		str_appendf(out, len, " Max auto priority = %d\n", (int)e->max_auto_priority);
	str_appendf(out, len, " Min auto priority delay = %u usecs\n", e->min_auto_priority_delay_us);
}

/* vrrp_priority ... and checker_priority ...: "VRRP" or "Checker". */
static void dump_sched(const char *who, const struct proc_sched_conf *s, char **out, size_t *len)
{
	str_appendf(out, len, " %s process priority = %d\n", who, s->nice_set ? s->nice : 0);
	str_appendf(out, len, " %s don't swap = %s\n", who, yes_no(s->no_swap));
	str_appendf(out, len, " %s realtime priority = %u\n", who, s->rt_priority);
	str_appendf(out, len, " %s realtime limit = %u\n", who,
		    s->rlimit_rttime_us ? s->rlimit_rttime_us : DFLT_RT_LIMIT_US);
}

void global_defs_dump(const struct config *conf, bool vrrp_view, char **out, size_t *len)
{
	const struct global_conf *g = &conf->global;
	const struct mgmt_conf *m = &conf->mgmt;
	char rid[256];
	str_appendf(out, len, "------< Global definitions >------\n");
	str_appendf(out, len, " Network namespace = %s\n", g->net_namespace[0] ? g->net_namespace : "(default)");
	str_appendf(out, len, " Network namespace ipvs = (main namespace)\n");
	if (m->instance[0])
		str_appendf(out, len, " Instance name = %s\n", m->instance);
	if (g->process_names && g->process_name[0])
		str_appendf(out, len, " Parent process name = %s\n", g->process_name);
	if (g->process_names && g->vrrp_process_name[0])
		str_appendf(out, len, " VRRP process name = %s\n", g->vrrp_process_name);
	if (g->process_names && g->checker_process_name[0])
		str_appendf(out, len, " LVS process name = %s\n", g->checker_process_name);
	if (g->process_names && g->bfd_process_name[0])
		str_appendf(out, len, " BFD process name = %s\n", g->bfd_process_name);
	str_appendf(out, len, " Router ID = %s\n", smtp_router_id(g, rid, sizeof(rid)));
	dump_smtp(g, out, len);
	dump_lifecycle(conf, out, len);
	str_appendf(out, len, " Dynamic interfaces = %s\n", yes_no(g->ext.dynamic_interfaces));
	if (g->ext.no_email_faults)
		str_appendf(out, len, " Send emails for fault transitions = off\n");
	dump_lvs(conf, vrrp_view, out, len);
	dump_fifo("Global notify fifo", g->ext.fifo.path, g->ext.fifo.script, g, out, len);
	dump_fifo("VRRP notify fifo", g->ext.vrrp_fifo.path, g->ext.vrrp_fifo.script, g, out, len);
	if (conf->checker)
		dump_fifo("LVS notify fifo", conf->checker->notify_fifo, conf->checker->notify_fifo_script, g, out, len);
	dump_vrrp_globals(g, vrrp_view, out, len);
	dump_sched("VRRP", &m->vrrp_sched, out, len);
	dump_sched("Checker", &m->checker_sched, out, len);
	dump_sched("BFD", &m->bfd_sched, out, len);
	str_appendf(out, len, " Script security %s\n", g->enable_script_security ? "enabled" : "disabled");
	str_appendf(out, len, " Default script uid:gid %u:%u\n", (unsigned)g->script_uid, (unsigned)g->script_gid);
	str_appendf(out, len, " rs_init_notifies = %d\n", conf->checker ? conf->checker->rs_init_notifies : 0);
	str_appendf(out, len, " no_checker_emails = %d\n", g->ext.no_checker_emails);
	if (g->ext.startup_delay_ms)
		str_appendf(out, len, " vrrp_startup_delay = %g\n", g->ext.startup_delay_ms / 1000.0);
	if (g->vmac_prefix[0])
		str_appendf(out, len, " VMAC prefix = %s\n", g->vmac_prefix);
	if (g->vmac_addr_prefix[0])
		str_appendf(out, len, " VMAC address prefix = %s\n", g->vmac_addr_prefix);
}
