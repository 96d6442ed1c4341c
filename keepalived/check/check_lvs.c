/* check_lvs.c - the checker's IPVS-wide settings (global_defs lvs_*):
 *
 *   lvs_flush          at the first configuration: IPVS is emptied
 *   lvs_timeouts       set at start and when a reload changes them
 *   lvs_sync_daemon    the connection synchronisation daemon: master and
 *                      backup while no VRRP instance is named; with one,
 *                      the master daemon while that instance is MASTER and
 *                      the backup daemon otherwise (the parent relays the
 *                      VRRP child's transitions: IPC_VRRP_STATE; none
 *                      under -C, as keepalived 2.2.7). Daemons
 *                      left running by a previous checker are adopted when
 *                      their settings match, restarted otherwise.
 *   lvs_flush_onstop   at stop: IPVS emptied at once (VS: our services
 *                      removed without their destinations one by one)
 *   net_namespace_ipvs IPVS programmed through a socket the parent made in
 *                      that namespace (lvs_open); checks run here. No
 *                      socket (no such namespace): no IPVS, as without
 *                      IPVS in the kernel (keepalived 2.2.7 stops then)
 * keepalived's syncid defaults to the instance's VRID: validation fills it.
 */
#include "checker.h"
#include "child_ipc.h"
#include "log.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *role_name(int role)
{
	return role == IPVS_DAEMON_MASTER ? "master" : "backup";
}

/* Whether a VRRP child runs beside this checker (as check_child.c decides
 * for the notify FIFO): not under -C. */
static bool vrrp_runs(const struct checker *ck)
{
	return !ck->checker_only && (ck->run_all || !ck->cg.no_vrrp_instance);
}

/* The roles the sync daemon should have now. */
static unsigned wanted_roles(const struct checker *ck)
{
	const struct lvs_sync_conf *s = &ck->cg.sync;
	if (!s->enabled)
		return 0;
	if (!s->instance[0])
		return 1u << IPVS_DAEMON_MASTER | 1u << IPVS_DAEMON_BACKUP;
	/* keepalived 2.2.7's VRRP process runs the daemon of a named
	 * instance and its checker never does: under -C, none */
	if (!vrrp_runs(ck))
		return 0;
	for (size_t i = 0; i < ck->n_vrrp; i++)
		if (strcmp(ck->vrrp[i].name, s->instance) == 0)
			return 1u << (ck->vrrp[i].state == VRRP_STATE_MASTER ? IPVS_DAEMON_MASTER : IPVS_DAEMON_BACKUP);
	return 1u << IPVS_DAEMON_BACKUP;   /* not heard of yet: not the master */
}

static void daemon_of(const struct lvs_sync_conf *s, int role, struct ipvs_daemon *d)
{
	memset(d, 0, sizeof(*d));
	d->role = (enum ipvs_daemon_role)role;
	str_copy(d->ifname, sizeof(d->ifname), s->ifname);
	d->syncid = s->syncid == CHECK_UNSET ? 0 : s->syncid;
	d->maxlen = s->maxlen;
	d->port = s->port;
	d->ttl = s->ttl;
	d->group = s->group;
}

/* Does a running daemon have our settings? (0 in ours = the kernel's default) */
static bool daemon_same(const struct ipvs_daemon *want, const struct ipvs_daemon *have)
{
	return strcmp(want->ifname, have->ifname) == 0 && want->syncid == have->syncid &&
	       (!want->maxlen || want->maxlen == have->maxlen) && (!want->port || want->port == have->port) &&
	       (!want->ttl || want->ttl == have->ttl) &&
	       (!want->group.family || ka_addr_eq(&want->group, &have->group));
}

static void stop_role(struct checker *ck, int role)
{
	int r = ipvs_daemon_stop(ck->ipvs, (enum ipvs_daemon_role)role);
	if (r < 0)
		log_err("IPVS: stopping the %s sync daemon failed: %s", role_name(role), ipvs_strerror(r));
	else
		log_info("IPVS: %s sync daemon stopped", role_name(role));
	ck->sync_roles &= ~(1u << role);
}

static void start_role(struct checker *ck, int role)
{
	struct ipvs_daemon d;
	daemon_of(&ck->cg.sync, role, &d);
	int r = ipvs_daemon_start(ck->ipvs, &d);
	if (r < 0 && r != -EEXIST) {
		log_err("IPVS: starting the %s sync daemon on %s (syncid %u) failed: %s", role_name(role), d.ifname,
			d.syncid, ipvs_strerror(r));
		return;
	}
	ck->sync_roles |= 1u << role;
	log_info("IPVS: %s sync daemon on %s, syncid %u", role_name(role), d.ifname, d.syncid);
}

/* Bring the kernel's sync daemons in line with what is wanted now.
 * restart: settings changed, running ones must be started again. */
static void sync_update(struct checker *ck, bool restart)
{
	if (!ck->ipvs)
		return;
	unsigned want = wanted_roles(ck);
	unsigned have = 0;
	struct ipvs_daemon run[2];
	if (ipvs_daemon_list(ck->ipvs, &have, run) < 0)
		have = ck->sync_roles;
	for (int role = IPVS_DAEMON_MASTER; role <= IPVS_DAEMON_BACKUP; role++) {
		unsigned bit = 1u << role;
		struct ipvs_daemon d;
		daemon_of(&ck->cg.sync, role, &d);
		bool running = have & bit;
		bool mine = ck->sync_roles & bit;
		if (running && (want & bit) && !restart && daemon_same(&d, &run[role - 1])) {
			ck->sync_roles |= bit;       /* adopt (a respawned checker) */
			continue;
		}
		if (running && (mine || (want & bit)))
			stop_role(ck, role);
		if (want & bit)
			start_role(ck, role);
	}
}

static bool sync_conf_equal(const struct lvs_sync_conf *a, const struct lvs_sync_conf *b)
{
	return a->enabled == b->enabled && strcmp(a->ifname, b->ifname) == 0 &&
	       strcmp(a->instance, b->instance) == 0 && a->syncid == b->syncid && a->maxlen == b->maxlen &&
	       a->port == b->port && a->ttl == b->ttl && ka_addr_eq(&a->group, &b->group);
}

void lvs_apply(struct checker *ck, const struct check_global_conf *old, bool first)
{
	const struct check_global_conf *g = &ck->cg;
	if (!ck->ipvs)
		return;
	if (first && g->flush) {
		int r = ipvs_flush(ck->ipvs);
		if (r < 0)
			log_err("IPVS: lvs_flush failed: %s", ipvs_strerror(r));
		else
			log_info("IPVS: flushed (lvs_flush)");
	}
	if ((g->timeout_tcp || g->timeout_tcpfin || g->timeout_udp) &&
	    (first || g->timeout_tcp != old->timeout_tcp || g->timeout_tcpfin != old->timeout_tcpfin ||
	     g->timeout_udp != old->timeout_udp)) {
		int r = ipvs_set_timeouts(ck->ipvs, g->timeout_tcp, g->timeout_tcpfin, g->timeout_udp);
		if (r < 0)
			log_err("IPVS: lvs_timeouts failed: %s", ipvs_strerror(r));
		else
			log_info("IPVS: timeouts tcp %u tcpfin %u udp %u (0 = unchanged)", g->timeout_tcp,
				 g->timeout_tcpfin, g->timeout_udp);
	}
	if (g->sync.enabled && g->sync.instance[0] && !vrrp_runs(ck) &&
	    (first || !sync_conf_equal(&g->sync, &old->sync)))
		log_info("lvs_sync_daemon follows vrrp_instance %s, which does not run here (-C): no sync daemon "
			 "is started, as keepalived 2.2.7's checker starts none", g->sync.instance);
	sync_update(ck, !first && !sync_conf_equal(&g->sync, &old->sync) && old->sync.enabled);
}

void lvs_vrrp_state(struct checker *ck, const char *instance, uint32_t state)
{
	size_t i = 0;
	while (i < ck->n_vrrp && strcmp(ck->vrrp[i].name, instance) != 0)
		i++;
	if (i == ck->n_vrrp) {
		struct vrrp_seen *v = array_push(&ck->vrrp, &ck->n_vrrp, sizeof(*v));
		str_copy(v->name, sizeof(v->name), instance);
	}
	bool changed = ck->vrrp[i].state != state;
	ck->vrrp[i].state = state;
	if (ck->cg.sync.enabled && strcmp(ck->cg.sync.instance, instance) == 0 && changed) {
		log_info("VRRP instance %s is %s: sync daemon as %s", instance,
			 state == VRRP_STATE_MASTER ? "MASTER" : "not master",
			 state == VRRP_STATE_MASTER ? "master" : "backup");
		sync_update(ck, false);
	}
}

bool lvs_stop(struct checker *ck)
{
	if (!ck->ipvs)
		return false;
	for (int role = IPVS_DAEMON_MASTER; role <= IPVS_DAEMON_BACKUP; role++)
		if (ck->sync_roles & (1u << role))
			stop_role(ck, role);
	if (!ck->cg.flush_onstop || ck->cg.flush_onstop_vs)
		return false;
	int r = ipvs_flush(ck->ipvs);
	if (r < 0) {
		log_err("IPVS: lvs_flush_onstop failed: %s", ipvs_strerror(r));
		return false;
	}
	log_info("IPVS: flushed (lvs_flush_onstop)");
	return true;
}

void lvs_dump(struct checker *ck, char **b, size_t *n)
{
	const struct check_global_conf *g = &ck->cg;
	if (g->sync.enabled)
		str_appendf(b, n, " lvs_sync_daemon %s%s%s, syncid %u: running as%s%s%s\n", g->sync.ifname,
			    g->sync.instance[0] ? " following " : "", g->sync.instance,
			    g->sync.syncid == CHECK_UNSET ? 0 : g->sync.syncid,
			    ck->sync_roles & (1u << IPVS_DAEMON_MASTER) ? " master" : "",
			    ck->sync_roles & (1u << IPVS_DAEMON_BACKUP) ? " backup" : "",
			    ck->sync_roles ? "" : " nothing");
	if (g->timeout_tcp || g->timeout_tcpfin || g->timeout_udp)
		str_appendf(b, n, " lvs_timeouts tcp %u tcpfin %u udp %u\n", g->timeout_tcp, g->timeout_tcpfin,
			    g->timeout_udp);
}

/* "network namespace NAME" / "the initial network namespace", for logs */
static const char *ns_desc(const char *name, char *buf, size_t len)
{
	if (name[0])
		snprintf(buf, len, "network namespace %s", name);
	else
		snprintf(buf, len, "the initial network namespace");
	return buf;
}

void lvs_open(struct checker *ck)
{
	const struct global_conf *g = &ck->global;
	int fd = ck->ipc ? child_ipc_take_file(ck->ipc, CHECK_IPVS_SOCKET_KEY) : -1;
	char d[96];
	if (ck->ipvs_opened) {
		if (fd >= 0)
			close(fd);
		if (g->has_net_namespace_ipvs != ck->ipvs_in_ns ||
		    (ck->ipvs_in_ns && strcmp(g->net_namespace_ipvs, ck->ipvs_ns)))
			log_warn("net_namespace_ipvs changed: IPVS stays in %s until keepalived restarts",
				 ck->ipvs_in_ns ? ns_desc(ck->ipvs_ns, d, sizeof(d)) : "this process's network namespace");
		return;
	}
	ck->ipvs_opened = true;
	int err = 0;
	if (fd >= 0) {
		ck->ipvs = ipvs_open_fd(fd, &err);
		ck->ipvs_in_ns = true;
		str_copy(ck->ipvs_ns, sizeof(ck->ipvs_ns), g->net_namespace_ipvs);
		if (ck->ipvs)
			log_info("IPVS is programmed in %s (net_namespace_ipvs)", ns_desc(ck->ipvs_ns, d, sizeof(d)));
	} else if (g->has_net_namespace_ipvs) {
		/* keepalived 2.2.7 cannot initialise IPVS then and stops;
		 * here as without IPVS in the kernel: no IPVS, checks run */
		log_err("net_namespace_ipvs: %s cannot be used: no IPVS is programmed",
			ns_desc(g->net_namespace_ipvs, d, sizeof(d)));
		err = -ENOENT;
	} else {
		ck->ipvs = ipvs_open(&err);
	}
	if (!ck->ipvs)
		log_err("IPVS unavailable (%s): virtual servers will not be programmed; checks still run",
			ipvs_strerror(err));
}
