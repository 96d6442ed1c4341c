/* script_broker.c - see script_broker.h. */
#include "script_broker.h"
#include "ipc.h"
#include "log.h"
#include "loop.h"
#include "script.h"
#include "script_remote.h"
#include "util.h"
#include "wire.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

/* More scripts than this under way for one child: refused. */
#define BROKER_MAX_JOBS 8192
/* At stop: SIGTERM, then SIGKILL this much later. */
#define BROKER_KILL_GRACE_US (2 * USEC_PER_SEC)

struct allowed {
	char *cmd;
	uint32_t uid, gid;
};

struct allow_set {
	struct allowed *v;
	size_t n;
};

struct job {
	struct job *next, *prev;
	struct script_broker *b;
	size_t child;
	uint64_t life;      /* of the child that asked */
	uint32_t id;        /* its request id */
	pid_t pid;
	bool untimed;       /* no timeout: a notify or FIFO script */
};

struct child_state {
	const char *name;
	struct ipc_chan *ch;        /* NULL when not running */
	uint64_t life;              /* changes at each start */
	struct allow_set cur, prev, staging;
	bool security;
	size_t n_jobs;
	bool at_limit;              /* logged once per burst */
};

struct script_broker {
	struct loop *loop;
	struct child_state *c;
	size_t n;
	uint64_t lives;
	struct job *jobs;           /* every script running, any child */
	bool stopping;
	void (*stopped_cb)(void *arg);
	void *stopped_arg;
	struct ev_timer stop_timer;
};

static void stop_timer_fired(void *arg);
static void check_stopped(struct script_broker *b);

/* ---- allowed scripts ------------------------------------------------------------------ */

static void set_free(struct allow_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].cmd);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

static int allowed_cmp(const void *a, const void *b)
{
	const struct allowed *x = a, *y = b;
	if (x->uid != y->uid)
		return x->uid < y->uid ? -1 : 1;
	if (x->gid != y->gid)
		return x->gid < y->gid ? -1 : 1;
	return strcmp(x->cmd, y->cmd);
}

static bool set_has(const struct allow_set *s, const char *cmd, uint32_t uid, uint32_t gid)
{
	struct allowed key = { (char *)cmd, uid, gid };
	return s->n && bsearch(&key, s->v, s->n, sizeof(*s->v), allowed_cmp);
}

void script_broker_allow(struct script_broker *b, size_t i, const char *cmdline, uint32_t uid, uint32_t gid)
{
	struct allow_set *s = &b->c[i].staging;
	struct allowed *a = array_push(&s->v, &s->n, sizeof(*s->v));
	a->cmd = xstrdup(cmdline);
	a->uid = uid;
	a->gid = gid;
}

void script_broker_allow_commit(struct script_broker *b, size_t i, bool security)
{
	struct child_state *c = &b->c[i];
	struct allow_set *s = &c->staging;
	if (s->n)
		qsort(s->v, s->n, sizeof(*s->v), allowed_cmp);
	size_t out = 0;
	for (size_t k = 0; k < s->n; k++) {
		if (out && !allowed_cmp(&s->v[out - 1], &s->v[k])) {
			free(s->v[k].cmd);
			continue;
		}
		s->v[out++] = s->v[k];
	}
	s->n = out;
	set_free(&c->prev);
	c->prev = c->cur;
	c->cur = *s;
	memset(s, 0, sizeof(*s));
	c->security = security;
}

/* ---- children ------------------------------------------------------------------------- */

struct script_broker *script_broker_new(struct loop *loop, size_t n_children, const char *const *names)
{
	struct script_broker *b = xcalloc(1, sizeof(*b));
	b->loop = loop;
	b->n = n_children;
	b->c = xcalloc(n_children, sizeof(*b->c));
	timer_init(&b->stop_timer, stop_timer_fired, b);
	for (size_t i = 0; i < n_children; i++)
		b->c[i].name = names[i];
	return b;
}

void script_broker_child_started(struct script_broker *b, size_t i, struct ipc_chan *ch)
{
	struct child_state *c = &b->c[i];
	c->ch = ch;
	c->life = ++b->lives;
	set_free(&c->cur);
	set_free(&c->prev);
	set_free(&c->staging);
	c->n_jobs = 0;   /* the old life's scripts no longer count */
	c->at_limit = false;
}

void script_broker_child_gone(struct script_broker *b, size_t i)
{
	b->c[i].ch = NULL;
}

size_t script_broker_running(const struct script_broker *b, size_t i) { return b->c[i].n_jobs; }

/* ---- running ---------------------------------------------------------------------------- */

static void job_unlink(struct job *j)
{
	struct script_broker *b = j->b;
	if (j->prev)
		j->prev->next = j->next;
	else
		b->jobs = j->next;
	if (j->next)
		j->next->prev = j->prev;
	if (b->c[j->child].life == j->life && b->c[j->child].n_jobs)
		b->c[j->child].n_jobs--;
}

static void answer(struct script_broker *b, size_t i, uint64_t life, uint32_t id, int wstatus, bool timed_out)
{
	struct child_state *c = &b->c[i];
	if (!c->ch || c->life != life)
		return;   /* that child is gone */
	struct wbuf w;
	wbuf_init(&w);
	wput_u32(&w, id);
	wput_u32(&w, (uint32_t)wstatus);
	wput_u8(&w, timed_out);
	ipc_send(c->ch, IPC_SCRIPT_DONE, w.data, w.len);
	wbuf_free(&w);
}

static void job_done(void *arg, int wstatus, bool timed_out)
{
	struct job *j = arg;
	struct script_broker *b = j->b;
	job_unlink(j);
	answer(b, j->child, j->life, j->id, wstatus, timed_out);
	free(j);
	check_stopped(b);
}

/* Extra arguments a child may pass: words, not options or control bytes. */
static const char *bad_arg(char *const *extra, uint32_t n)
{
	for (uint32_t k = 0; k < n; k++) {
		const char *a = extra[k] ? extra[k] : "";
		if (a[0] == '-')
			return "an argument starts with '-'";
		if (strlen(a) > SCRIPT_REQ_MAX_ARG)
			return "an argument is too long";
		for (const char *p = a; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				return "an argument holds a control character";
	}
	return NULL;
}

/* The checks of a request that are not the script's own (script.c does
 * those): NULL when it may run. */
static const char *refusal(struct child_state *c, const char *cmd, uint32_t uid, uint32_t gid,
			   char *const *extra, uint32_t n)
{
	if (!set_has(&c->cur, cmd, uid, gid) && !set_has(&c->prev, cmd, uid, gid))
		return "not in the configuration sent to it (for that user)";
	if (n > SCRIPT_REQ_MAX_EXTRA)
		return "too many arguments";
	const char *why = bad_arg(extra, n);
	if (why)
		return why;
	if (c->n_jobs >= BROKER_MAX_JOBS) {
		if (!c->at_limit)
			log_warn("the %s child has %u scripts running: refusing more", c->name, BROKER_MAX_JOBS);
		c->at_limit = true;
		return "too many scripts running";
	}
	c->at_limit = false;
	return NULL;
}

static void run_request(struct script_broker *b, size_t i, uint32_t id, uint32_t uid, uint32_t gid,
			uint64_t timeout_us, const char *cmd, char *const *extra, uint32_t n)
{
	struct child_state *c = &b->c[i];
	const char *why = b->stopping ? "the daemon is stopping" : refusal(c, cmd, uid, gid, extra, n);
	if (why) {
		log_err("script '%s' (uid %u) asked by the %s child: %s: refused", cmd, uid, c->name, why);
		answer(b, i, c->life, id, -1, false);
		return;
	}
	struct job *j = xcalloc(1, sizeof(*j));
	j->b = b;
	j->child = i;
	j->life = c->life;
	j->id = id;
	j->untimed = !timeout_us;
	struct script_policy pol = { .security = c->security, .uid = uid, .gid = gid };
	j->pid = script_run(b->loop, &pol, cmd, (const char *const *)extra, timeout_us, job_done, j);
	if (j->pid < 0) {
		free(j);
		answer(b, i, c->life, id, -1, false);
		return;
	}
	j->next = b->jobs;
	if (b->jobs)
		b->jobs->prev = j;
	b->jobs = j;
	c->n_jobs++;
}

/* IPC_SCRIPT_RUN: u32 id, u32 uid, u32 gid, u64 timeout_us, str cmdline,
 * u32 n, str extra[n]. */
static bool on_run(struct script_broker *b, size_t i, const void *data, size_t len)
{
	struct rbuf r;
	rbuf_init(&r, data, len);
	uint32_t id = rget_u32(&r);
	uint32_t uid = rget_u32(&r);
	uint32_t gid = rget_u32(&r);
	uint64_t timeout_us = rget_u64(&r);
	char *cmd = rget_str(&r);
	uint32_t n = rget_u32(&r);
	size_t cap = r.error || n > r.left / 4 ? 0 : n;   /* each string takes 4 bytes at least */
	if (cap != n)
		r.error = true;
	char **extra = xcalloc(cap + 1, sizeof(*extra));
	for (size_t k = 0; k < cap; k++)
		extra[k] = rget_str(&r);
	bool ok = !r.error && !r.left && cmd && id >= SCRIPT_REMOTE_ID_BASE;
	for (size_t k = 0; ok && k < cap; k++)
		ok = extra[k] != NULL;
	if (ok)
		run_request(b, i, id, uid, gid, timeout_us, cmd, extra, n);
	for (size_t k = 0; k < cap; k++)
		free(extra[k]);
	free(extra);
	free(cmd);
	return ok;
}

/* IPC_SCRIPT_KILL: u32 id, u32 signo. */
static bool on_kill(struct script_broker *b, size_t i, const void *data, size_t len)
{
	uint32_t m[2];
	if (len != sizeof(m))
		return false;
	memcpy(m, data, sizeof(m));
	int sig = (int)m[1];
	if (sig != SIGTERM && sig != SIGKILL && sig != SIGINT && sig != SIGHUP)
		return false;
	for (struct job *j = b->jobs; j; j = j->next)
		if (j->child == i && j->life == b->c[i].life && j->id == m[0]) {
			script_kill(j->pid, sig);
			break;
		}
	return true;   /* a script that already ended is no error */
}

bool script_broker_msg(struct script_broker *b, size_t i, uint32_t type, const void *data, size_t len)
{
	if (i >= b->n || !b->c[i].ch)
		return false;
	if (type == IPC_SCRIPT_RUN)
		return on_run(b, i, data, len);
	if (type == IPC_SCRIPT_KILL)
		return on_kill(b, i, data, len);
	return false;
}

/* Every script still running gets SIGTERM, and SIGKILL BROKER_KILL_GRACE_US
 * later; done() is called once none is left. */
static void stop_timer_fired(void *arg)
{
	struct script_broker *b = arg;
	for (struct job *j = b->jobs; j; j = j->next) {
		log_warn("script of the %s child (pid %d) still running: SIGKILL", b->c[j->child].name, (int)j->pid);
		script_kill(j->pid, SIGKILL);
	}
}

static void check_stopped(struct script_broker *b)
{
	if (b->stopping && !b->jobs && b->stopped_cb) {
		void (*cb)(void *) = b->stopped_cb;
		b->stopped_cb = NULL;
		timer_stop(b->loop, &b->stop_timer);
		cb(b->stopped_arg);
	}
}

void script_broker_stop(struct script_broker *b, void (*done)(void *arg), void *arg)
{
	b->stopping = true;
	b->stopped_cb = done;
	b->stopped_arg = arg;
	for (struct job *j = b->jobs, *next; j; j = next) {
		next = j->next;
		log_warn("script of the %s child (pid %d) still running at exit: SIGTERM",
			 b->c[j->child].name, (int)j->pid);
		script_kill(j->pid, SIGTERM);
		if (j->untimed) {
			/* left to end as it likes: keepalived 2.2.7 neither
			 * waits for nor kills a notify script that outlives it */
			script_forget(j->pid);
			job_unlink(j);
			free(j);
		}
	}
	if (b->jobs)
		timer_start(b->loop, &b->stop_timer, BROKER_KILL_GRACE_US);
	check_stopped(b);
}

bool script_broker_idle(const struct script_broker *b) { return !b->jobs; }

void script_broker_free(struct script_broker *b)
{
	if (!b)
		return;
	timer_stop(b->loop, &b->stop_timer);
	while (b->jobs) {   /* a new child's copy; or the loop ended early */
		struct job *j = b->jobs;
		b->jobs = j->next;
		free(j);
	}
	for (size_t i = 0; i < b->n; i++) {
		set_free(&b->c[i].cur);
		set_free(&b->c[i].prev);
		set_free(&b->c[i].staging);
	}
	free(b->c);
	free(b);
}
