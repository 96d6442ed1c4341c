/* dump.c - see dump.h. */
#include "dump.h"
#include "log.h"
#include "loop.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* A child is given up on when it has sent nothing for DUMP_IDLE_US (an
 * idle child answers in milliseconds), or when the request has taken
 * DUMP_MAX_US in all: a child still sending the text of 20,000 real
 * servers on a busy machine is waited for, a stuck one is not. */
#define DUMP_IDLE_US      (3 * USEC_PER_SEC)
#define DUMP_MAX_US       (60 * USEC_PER_SEC)
#define DUMP_MAX_PENDING  64
#define DUMP_MAX_TEXT     (64u * 1024 * 1024)   /* per child and request */

struct dump_job {
	struct dump_job *next;
	struct dump_mgr *mgr;
	uint32_t id;
	enum ipc_dump_kind kind;
	dump_done_fn done;        /* NULL once cancelled */
	void *arg;
	struct ev_timer timer;    /* the timeout, or "finish now" (0 delay) */
	uint64_t give_up_us;      /* mono_now_us() + DUMP_MAX_US at the request */
	struct dump_answer *answers;
	bool *waiting;            /* per child: asked and not yet done */
};

struct dump_mgr {
	struct loop *loop;
	size_t n;
	const char *const *names;
	struct dump_job *jobs;
	size_t n_jobs;
	uint32_t next_id;
};

struct dump_mgr *dump_mgr_new(struct loop *loop, size_t n_children, const char *const *names)
{
	struct dump_mgr *m = xcalloc(1, sizeof(*m));
	m->loop = loop;
	m->n = n_children;
	m->names = names;
	m->next_id = 1;
	return m;
}

static void job_free(struct dump_job *j)
{
	timer_stop(j->mgr->loop, &j->timer);
	for (size_t i = 0; i < j->mgr->n; i++)
		free(j->answers[i].text);
	free(j->answers);
	free(j->waiting);
	free(j);
}

static void job_unlink(struct dump_mgr *m, struct dump_job *j)
{
	for (struct dump_job **pp = &m->jobs; *pp; pp = &(*pp)->next) {
		if (*pp == j) {
			*pp = j->next;
			m->n_jobs--;
			return;
		}
	}
}

void dump_mgr_free(struct dump_mgr *m)
{
	if (!m)
		return;
	while (m->jobs) {
		struct dump_job *j = m->jobs;
		m->jobs = j->next;
		job_free(j);
	}
	free(m);
}

static struct dump_job *job_find(struct dump_mgr *m, uint32_t id)
{
	for (struct dump_job *j = m->jobs; j; j = j->next)
		if (j->id == id)
			return j;
	return NULL;
}

/* Hand the result over and forget the job. */
static void job_complete(struct dump_job *j)
{
	struct dump_mgr *m = j->mgr;
	job_unlink(m, j);
	for (size_t i = 0; i < m->n; i++)
		if (!j->answers[i].text)
			j->answers[i].text = xstrdup("");
	struct dump_result res = { j->id, j->kind, m->n, j->answers };
	if (j->done)
		j->done(j->arg, &res);
	job_free(j);
}

static bool job_waiting(const struct dump_job *j)
{
	for (size_t i = 0; i < j->mgr->n; i++)
		if (j->waiting[i])
			return true;
	return false;
}

/* Nothing left to wait for: complete on the next turn of the loop (so
 * that callbacks never run inside the caller's own code). */
static void job_check(struct dump_job *j)
{
	if (!job_waiting(j))
		timer_start(j->mgr->loop, &j->timer, 0);
}

static void job_timer(void *arg)
{
	struct dump_job *j = arg;
	for (size_t i = 0; i < j->mgr->n; i++) {
		if (j->waiting[i]) {
			log_warn("dump request %u: the %s child did not answer in time", j->id, j->answers[i].name);
			j->waiting[i] = false;
		}
	}
	job_complete(j);
}

uint32_t dump_request(struct dump_mgr *m, enum ipc_dump_kind kind, struct ipc_chan *const *chans,
		      dump_done_fn done, void *arg)
{
	if (m->n_jobs >= DUMP_MAX_PENDING) {
		log_warn("dump request refused: %zu requests already under way", m->n_jobs);
		return 0;
	}
	struct dump_job *j = xcalloc(1, sizeof(*j));
	j->mgr = m;
	j->id = m->next_id++;
	if (!m->next_id)
		m->next_id = 1;
	j->kind = kind;
	j->done = done;
	j->arg = arg;
	j->answers = xcalloc(m->n ? m->n : 1, sizeof(*j->answers));
	j->waiting = xcalloc(m->n ? m->n : 1, sizeof(*j->waiting));
	timer_init(&j->timer, job_timer, j);
	j->next = m->jobs;
	m->jobs = j;
	m->n_jobs++;

	uint32_t msg[2] = { j->id, (uint32_t)kind };
	for (size_t i = 0; i < m->n; i++) {
		j->answers[i].name = m->names[i];
		if (!chans[i])
			continue;
		j->answers[i].asked = ipc_send(chans[i], IPC_DUMP_REQUEST, msg, sizeof(msg)) == 0;
		j->waiting[i] = j->answers[i].asked;
	}
	j->give_up_us = mono_now_us() + DUMP_MAX_US;
	if (job_waiting(j))
		timer_start(m->loop, &j->timer, DUMP_IDLE_US);
	else
		job_check(j);
	return j->id;
}

void dump_cancel(struct dump_mgr *m, uint32_t id)
{
	struct dump_job *j = job_find(m, id);
	if (j)
		j->done = NULL;
}

/* The job and child a message is for, or NULL (unknown id, not waited for). */
static struct dump_job *job_for(struct dump_mgr *m, size_t child, const void *payload, size_t len)
{
	uint32_t id;
	if (child >= m->n || len < sizeof(id))
		return NULL;
	memcpy(&id, payload, sizeof(id));
	struct dump_job *j = job_find(m, id);
	if (!j || !j->waiting[child]) {
		log_debug("dump: answer from the %s child for request %u that is no longer waited for",
			  m->names[child], id);
		return NULL;
	}
	return j;
}

void dump_on_data(struct dump_mgr *m, size_t child, const void *payload, size_t len)
{
	struct dump_job *j = job_for(m, child, payload, len);
	if (!j)
		return;
	struct dump_answer *a = &j->answers[child];
	size_t n = len - sizeof(uint32_t);
	if (a->len + n > DUMP_MAX_TEXT) {
		log_err("dump request %u: the %s child sent more than %u bytes: truncated", j->id,
			a->name, DUMP_MAX_TEXT);
		return;
	}
	/* progress: the idle timeout starts again, within the overall limit */
	uint64_t now = mono_now_us();
	if (now < j->give_up_us)
		timer_start(j->mgr->loop, &j->timer,
			    j->give_up_us - now < DUMP_IDLE_US ? j->give_up_us - now : DUMP_IDLE_US);
	a->text = xrealloc(a->text, a->len + n + 1);
	memcpy(a->text + a->len, (const char *)payload + sizeof(uint32_t), n);
	a->len += n;
	a->text[a->len] = '\0';
}

void dump_on_end(struct dump_mgr *m, size_t child, const void *payload, size_t len)
{
	struct dump_job *j = job_for(m, child, payload, len);
	if (!j)
		return;
	j->answers[child].answered = true;
	j->waiting[child] = false;
	job_check(j);
}

void dump_on_child_gone(struct dump_mgr *m, size_t child)
{
	if (child >= m->n)
		return;
	for (struct dump_job *j = m->jobs; j; j = j->next) {
		if (j->waiting[child]) {
			j->waiting[child] = false;
			job_check(j);
		}
	}
}
