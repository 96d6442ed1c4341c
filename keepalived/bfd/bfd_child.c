/* bfd_child.c - the BFD child process (keepalived_bfd): its side of the
 * parent protocol (core/child_ipc.c) and reload by difference.
 *
 * It takes IPC_CONF_BFD records (one per bfd_instance). At CONF_END,
 * keyed by instance name:
 *   - unchanged: the session is untouched (no flap);
 *   - same neighbour, source and TTL, other timers or options: updated in
 *     place, the new intervals advertised (a poll sequence when Up);
 *   - gone, or neighbour/source/TTL changed: AdminDown is sent and the
 *     session closed (and a new one started when the name is still there);
 *   - new: started.
 * The listening socket (UDP 3784) is bound at the first configuration,
 * while the process still has its privileges. Each state change is logged
 * and sent to the parent as IPC_STATE_CHANGED (str name, u32 enum
 * bfd_state), which keeps the last one per session.
 */
#include "bfd.h"
#include "check_conf.h"
#include "child_ipc.h"
#include "daemon.h"
#include "ipc.h"
#include "log.h"
#include "util.h"
#include "wire.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void staging_clear(struct bfd_child *c)
{
	for (size_t i = 0; i < c->n_staged; i++)
		conf_fields_free(&bfd_instance_conf_desc, &c->staged[i]);
	free(c->staged);
	c->staged = NULL;
	c->n_staged = 0;
}

static void conf_begin(void *arg)
{
	staging_clear(arg);
}

static bool conf_record(void *arg, uint32_t type, struct rbuf *r)
{
	struct bfd_child *c = arg;
	if (type != IPC_CONF_BFD)
		return false;
	struct bfd_instance_conf b;
	if (!conf_fields_decode(&bfd_instance_conf_desc, r, &b) || r->left)
		return false;
	for (size_t i = 0; i < c->n_staged; i++) {
		if (strcmp(c->staged[i].name, b.name) == 0) {
			conf_fields_free(&bfd_instance_conf_desc, &b);
			return false;   /* the parser never sends a name twice */
		}
	}
	*(struct bfd_instance_conf *)array_push(&c->staged, &c->n_staged, sizeof(b)) = b;
	return true;
}

static const struct bfd_instance_conf *staged_find(const struct bfd_child *c, const char *name)
{
	for (size_t i = 0; i < c->n_staged; i++)
		if (strcmp(c->staged[i].name, name) == 0)
			return &c->staged[i];
	return NULL;
}

/* What cannot change in place: the packets' addresses and TTL. */
static bool same_endpoints(const struct bfd_instance_conf *a, const struct bfd_instance_conf *b)
{
	return ka_addr_eq(&a->neighbor, &b->neighbor) && ka_addr_eq(&a->source, &b->source) && a->ttl == b->ttl;
}

static bool running(const struct bfd_child *c, const char *name)
{
	for (const struct bfd_session *s = c->sessions; s; s = s->next)
		if (strcmp(s->conf.name, name) == 0)
			return true;
	return false;
}

/* CONF_END: the staged instances become the running sessions (see the
 * top of the file). Removals first, so that an address moving to another
 * name is free when the new one starts. */
static void conf_apply(void *arg, struct global_conf *global)
{
	struct bfd_child *c = arg;
	bfd_net_listen(c);
	struct bfd_session **pp = &c->sessions;
	while (*pp) {
		struct bfd_session *s = *pp;
		const struct bfd_instance_conf *n = staged_find(c, s->conf.name);
		if (n && same_endpoints(&s->conf, n)) {
			if (!conf_fields_equal(&bfd_instance_conf_desc, &s->conf, n))
				bfd_session_update(s, n);
			pp = &s->next;
			continue;
		}
		log_info("BFD_Instance(%s) %s", s->conf.name, n ? "neighbour, source or TTL changed: restarting it"
								 : "removed: sending AdminDown");
		*pp = s->next;
		bfd_session_stop(s);
	}
	for (size_t i = 0; i < c->n_staged; i++) {
		if (running(c, c->staged[i].name))
			continue;
		struct bfd_session *s = bfd_session_new(c, &c->staged[i]);
		struct bfd_session **end = &c->sessions;
		while (*end)
			end = &(*end)->next;
		*end = s;
	}
	staging_clear(c);
}

/* Contract: see bfd.h. */
void bfd_child_state_changed(struct bfd_child *c, const struct bfd_session *s)
{
	if (!c->ipc)
		return;
	struct wbuf w;
	wbuf_init(&w);
	wput_str(&w, s->conf.name);
	wput_u32(&w, (uint32_t)s->state);
	child_ipc_send_soon(c->ipc, IPC_STATE_CHANGED, w.data, w.len);
	wbuf_free(&w);
}

static char *dump(void *arg, uint32_t kind, size_t *len)
{
	return bfd_dump(arg, kind, len);
}

static void clear_stats(void *arg)
{
	bfd_clear_stats(arg);
}

/* Stop: every session sends AdminDown (the neighbours go Down at once
 * rather than after their detection time) and is closed. */
static void stop(void *arg)
{
	struct bfd_child *c = arg;
	c->stopped = true;
	while (c->sessions) {
		struct bfd_session *s = c->sessions;
		c->sessions = s->next;
		bfd_session_stop(s);
	}
	bfd_net_close(c);
}

static bool busy(void *arg)
{
	return false;
}

static const struct child_ipc_ops bfd_child_ops = {
	.conf_begin = conf_begin,
	.conf_record = conf_record,
	.conf_apply = conf_apply,
	.dump = dump,
	.clear_stats = clear_stats,
	.stop = stop,
	.busy = busy,
	.record_types = { IPC_CONF_BFD },
};

void bfd_child_main(int ipc_fd, const struct daemon_opts *opts)
{
	struct bfd_child *c = xcalloc(1, sizeof(*c));
	srandom((unsigned)(getpid() ^ mono_now_us()));
	c->fd_in = -1;
	c->loop = loop_new();
	loop_set_stall_warn(c->loop, opts->stall_warn_ms * USEC_PER_MSEC);
	c->ipc = child_ipc_open(c->loop, ipc_fd, &bfd_child_ops, c);
	loop_run(c->loop);
	if (!c->stopped)
		stop(c);
	staging_clear(c);
	child_ipc_close(c->ipc);
	loop_free(c->loop);
	free(c);
	log_info("stopped");
	exit(0);
}
