/* loop.c - see loop.h. */
#include "loop.h"
#include "log.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_SIGNALS 65

struct io_watch {
	int fd;
	io_cb cb;
	void *arg;
	bool active;
	uint32_t gen;           /* which registration of this fd number */
};

struct child_watch {
	pid_t pid;
	child_cb cb;
	void *arg;
};

/* A heap slot carries its key: sifting compares keys in one array (a
 * thousand timers are 16 KB, their children share a cache line) instead
 * of reading every timer it passes. */
struct heap_ent {
	uint64_t key;           /* the timer's key_us */
	struct ev_timer *t;
};

struct loop {
	int epfd;
	int sigfd;
	sigset_t sigmask;
	bool running;
	uint64_t now;

	struct heap_ent *heap;  /* 4-ary min-heap of timers by key */
	size_t heap_len, heap_cap;

	struct io_watch *ios;   /* indexed by fd */
	size_t ios_cap;
	uint32_t io_gen;        /* last generation handed out */

	struct { signal_cb cb; void *arg; } sig[MAX_SIGNALS];

	struct child_watch *children;
	size_t n_children, children_cap;
	bool reap_pending;   /* look for exited children on the next turn */

	struct ev_task *tasks, **tasks_tail;   /* scheduled for this turn */
	struct ev_task *tasks_now;             /* being run now (detached) */

	/* stall warning */
	uint64_t stall_limit_us;               /* 0: off */
	uint64_t stall_last_warn_us;
	unsigned stall_quiet;                  /* warnings left out since the last */
	unsigned turn_timers, turn_ios, turn_tasks;
	uint64_t turn_cpu_us;                  /* CPU clock at the start of the turn */

	uint64_t gather_us;                    /* I/O gathering window, 0: none */
	uint64_t timer_slack_us;               /* timers may fire this early, 0: none */
	unsigned timer_batch;                  /* most timers per turn before I/O, 0: all */
};

uint64_t mono_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * USEC_PER_SEC + (uint64_t)ts.tv_nsec / 1000;
}

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n);
	if (!q)
		fatal("out of memory");
	return q;
}

struct loop *loop_new(void)
{
	struct loop *loop = calloc(1, sizeof(*loop));
	if (!loop)
		fatal("out of memory");
	loop->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (loop->epfd < 0)
		fatal("epoll_create1: %s", strerror(errno));
	sigemptyset(&loop->sigmask);
	loop->sigfd = -1;
	loop->tasks_tail = &loop->tasks;
	loop->now = mono_now_us();
	return loop;
}

void loop_detach_after_fork(struct loop *loop)
{
	if (loop->epfd >= 0)
		close(loop->epfd);
	loop->epfd = -1;
	if (loop->sigfd >= 0)
		close(loop->sigfd);
	loop->sigfd = -1;
}

void loop_free(struct loop *loop)
{
	if (!loop)
		return;
	if (loop->epfd >= 0)
		close(loop->epfd);
	if (loop->sigfd >= 0)
		close(loop->sigfd);
	free(loop->heap);
	free(loop->ios);
	free(loop->children);
	free(loop);
}

void loop_stop(struct loop *loop) { loop->running = false; }
uint64_t loop_now(const struct loop *loop) { return loop->now; }

/* ---- timer heap ----------------------------------------------------------- */

#define HEAP_D 4

static void heap_put(struct loop *loop, size_t i, struct heap_ent e)
{
	loop->heap[i] = e;
	e.t->heap_index = i;
}

static void heap_up(struct loop *loop, size_t i)
{
	struct heap_ent e = loop->heap[i];
	while (i > 0) {
		size_t parent = (i - 1) / HEAP_D;
		if (loop->heap[parent].key <= e.key)
			break;
		heap_put(loop, i, loop->heap[parent]);
		i = parent;
	}
	heap_put(loop, i, e);
}

static void heap_down(struct loop *loop, size_t i)
{
	struct heap_ent e = loop->heap[i];
	size_t n = loop->heap_len;
	for (;;) {
		size_t c = HEAP_D * i + 1, m = c;
		if (c >= n)
			break;
		size_t end = c + HEAP_D < n ? c + HEAP_D : n;
		for (size_t k = c + 1; k < end; k++)
			if (loop->heap[k].key < loop->heap[m].key)
				m = k;
		if (loop->heap[m].key >= e.key)
			break;
		heap_put(loop, i, loop->heap[m]);
		i = m;
	}
	heap_put(loop, i, e);
}

void timer_init(struct ev_timer *t, timer_cb cb, void *arg)
{
	t->when_us = 0;
	t->key_us = 0;
	t->heap_index = SIZE_MAX;
	t->cb = cb;
	t->arg = arg;
}

bool timer_pending(const struct ev_timer *t) { return t->heap_index != SIZE_MAX; }

void timer_stop(struct loop *loop, struct ev_timer *t)
{
	if (!timer_pending(t))
		return;
	size_t i = t->heap_index;
	size_t last = --loop->heap_len;
	if (i != last) {
		heap_put(loop, i, loop->heap[last]);
		heap_down(loop, i);
		heap_up(loop, i);
	}
	t->heap_index = SIZE_MAX;
}

/* Postponing a pending timer only moves when_us: its place in the heap
 * (key_us) stays, and when that comes, run_timers() puts it back at
 * when_us. A backup restarts Master_Down_Timer on every advert; this makes
 * that O(1) instead of two walks of a heap of a thousand timers. */
void timer_start_at(struct loop *loop, struct ev_timer *t, uint64_t when_us)
{
	if (timer_pending(t)) {
		if (when_us >= t->key_us) {
			t->when_us = when_us;
			return;
		}
		/* earlier: move it up where it stands, no removal */
		t->when_us = when_us;
		t->key_us = when_us;
		loop->heap[t->heap_index].key = when_us;
		heap_up(loop, t->heap_index);
		return;
	}
	if (loop->heap_len == loop->heap_cap) {
		loop->heap_cap = loop->heap_cap ? loop->heap_cap * 2 : 32;
		loop->heap = xrealloc(loop->heap, loop->heap_cap * sizeof(*loop->heap));
	}
	t->when_us = when_us;
	t->key_us = when_us;
	size_t i = loop->heap_len++;
	heap_put(loop, i, (struct heap_ent){ when_us, t });
	heap_up(loop, i);
}

void timer_start(struct loop *loop, struct ev_timer *t, uint64_t delay_us)
{
	/* Use the real clock, not the cached one: a callback that ran long
	 * must not shorten the delay it asks for. */
	timer_start_at(loop, t, mono_now_us() + delay_us);
}

void timer_start_next(struct loop *loop, struct ev_timer *t, uint64_t period_us)
{
	uint64_t now = mono_now_us(), next = t->when_us + period_us;
	timer_start_at(loop, t, t->when_us && next > now ? next : now + period_us);
}

uint64_t timer_remaining(const struct loop *loop, const struct ev_timer *t)
{
	if (!timer_pending(t))
		return 0;
	uint64_t now = mono_now_us();
	return t->when_us > now ? t->when_us - now : 0;
}

/* Fire the due timers - and, with a slack, those due within it: one
 * wake-up serves timers a little apart (loop_set_timer_slack). A postponed
 * timer (timer_start_at() left it at its old key) goes to its place first
 * even when it is due too: overdue timers fire in the order they are due. */
static void run_timers(struct loop *loop)
{
	uint64_t limit = loop->now + loop->timer_slack_us;
	unsigned fired = 0;
	while (loop->heap_len && loop->heap[0].key <= limit &&
	       (!loop->timer_batch || fired < loop->timer_batch)) {
		struct ev_timer *t = loop->heap[0].t;
		if (t->when_us > t->key_us) {   /* postponed: to its place */
			t->key_us = t->when_us;
			loop->heap[0].key = t->when_us;
			heap_down(loop, 0);
			continue;
		}
		timer_stop(loop, t);
		t->cb(t->arg);
		fired++;
		loop->turn_timers++;
		loop->now = mono_now_us();
		limit = loop->now + loop->timer_slack_us;
	}
}

void loop_set_timer_slack(struct loop *loop, uint64_t slack_us) { loop->timer_slack_us = slack_us; }
void loop_set_timer_batch(struct loop *loop, unsigned max) { loop->timer_batch = max; }

/* ---- tasks ---------------------------------------------------------------- */

void task_init(struct ev_task *t, task_cb cb, void *arg)
{
	t->next = NULL;
	t->scheduled = false;
	t->cb = cb;
	t->arg = arg;
}

bool task_scheduled(const struct ev_task *t) { return t->scheduled; }

void task_schedule(struct loop *loop, struct ev_task *t)
{
	if (t->scheduled)
		return;
	t->scheduled = true;
	t->next = NULL;
	*loop->tasks_tail = t;
	loop->tasks_tail = &t->next;
}

/* Unlink t from the list at *head; true when it was there. */
static bool task_unlink(struct ev_task **head, struct ev_task ***tail, struct ev_task *t)
{
	for (struct ev_task **pp = head; *pp; pp = &(*pp)->next) {
		if (*pp != t)
			continue;
		*pp = t->next;
		if (tail && *tail == &t->next)
			*tail = pp;
		return true;
	}
	return false;
}

void task_cancel(struct loop *loop, struct ev_task *t)
{
	if (!t->scheduled)
		return;
	t->scheduled = false;
	if (!task_unlink(&loop->tasks, &loop->tasks_tail, t))
		task_unlink(&loop->tasks_now, NULL, t);
	t->next = NULL;
}

/* Run the tasks scheduled so far; those they schedule wait for the next turn. */
static void run_tasks(struct loop *loop)
{
	loop->tasks_now = loop->tasks;
	loop->tasks = NULL;
	loop->tasks_tail = &loop->tasks;
	while (loop->tasks_now && loop->running) {
		struct ev_task *t = loop->tasks_now;
		loop->tasks_now = t->next;
		t->next = NULL;
		t->scheduled = false;
		t->cb(t->arg);
		loop->turn_tasks++;
	}
	/* stopped half-way: what was not run stays scheduled, first in line */
	if (loop->tasks_now) {
		struct ev_task *rest = loop->tasks_now, *last = rest;
		while (last->next)
			last = last->next;
		last->next = loop->tasks;
		if (!loop->tasks)
			loop->tasks_tail = &last->next;
		loop->tasks = rest;
		loop->tasks_now = NULL;
	}
	loop->now = mono_now_us();
}

/* ---- stall warning -------------------------------------------------------- */

void loop_set_stall_warn(struct loop *loop, uint64_t limit_us) { loop->stall_limit_us = limit_us; }

/* CPU time this thread has used, in microseconds. */
static uint64_t cpu_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * USEC_PER_SEC + (uint64_t)ts.tv_nsec / 1000;
}

/* A turn starts (after the wait): note the CPU clock when warnings are on. */
static void turn_begin(struct loop *loop)
{
	if (loop->stall_limit_us)
		loop->turn_cpu_us = cpu_now_us();
}

/* One turn ended (started at start_us): warn when it took too long, with
 * how much of it was spent on the CPU (the rest: the host did not run us). */
static void turn_done(struct loop *loop, uint64_t start_us)
{
	uint64_t now = mono_now_us(), took = now - start_us;
	if (loop->stall_limit_us && took > loop->stall_limit_us) {
		uint64_t cpu = cpu_now_us() - loop->turn_cpu_us;
		if (!loop->stall_last_warn_us || now - loop->stall_last_warn_us >= USEC_PER_SEC) {
			char more[48] = "";
			if (loop->stall_quiet)
				snprintf(more, sizeof(more), " (%u more since the last warning)",
					 loop->stall_quiet);
			log_warn("event loop turn took %llu.%03llu ms (%llu.%03llu ms on the CPU; "
				 "limit %llu ms): %u timers, %u I/O events, %u tasks%s",
				 (unsigned long long)(took / 1000), (unsigned long long)(took % 1000),
				 (unsigned long long)(cpu / 1000), (unsigned long long)(cpu % 1000),
				 (unsigned long long)(loop->stall_limit_us / 1000),
				 loop->turn_timers, loop->turn_ios, loop->turn_tasks, more);
			loop->stall_last_warn_us = now;
			loop->stall_quiet = 0;
		} else {
			loop->stall_quiet++;
		}
	}
	loop->turn_timers = loop->turn_ios = loop->turn_tasks = 0;
}

/* ---- fds ------------------------------------------------------------------ */

int loop_io_add(struct loop *loop, int fd, uint32_t events, io_cb cb, void *arg)
{
	if ((size_t)fd >= loop->ios_cap) {
		size_t ncap = loop->ios_cap ? loop->ios_cap : 64;
		while (ncap <= (size_t)fd)
			ncap *= 2;
		loop->ios = xrealloc(loop->ios, ncap * sizeof(*loop->ios));
		memset(loop->ios + loop->ios_cap, 0, (ncap - loop->ios_cap) * sizeof(*loop->ios));
		loop->ios_cap = ncap;
	}
	uint32_t gen = ++loop->io_gen;
	struct epoll_event ev = { .events = events, .data.u64 = (uint64_t)gen << 32 | (uint32_t)fd };
	if (epoll_ctl(loop->epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
		return -1;
	loop->ios[fd] = (struct io_watch){ fd, cb, arg, true, gen };
	return 0;
}

int loop_io_mod(struct loop *loop, int fd, uint32_t events)
{
	uint32_t gen = (size_t)fd < loop->ios_cap ? loop->ios[fd].gen : 0;
	struct epoll_event ev = { .events = events, .data.u64 = (uint64_t)gen << 32 | (uint32_t)fd };
	return epoll_ctl(loop->epfd, EPOLL_CTL_MOD, fd, &ev);
}

void loop_io_close(struct loop *loop, int fd)
{
	if (fd < 0)
		return;
	if ((size_t)fd < loop->ios_cap)
		loop->ios[fd].active = false;
	close(fd);
}

void loop_io_del(struct loop *loop, int fd)
{
	if (fd < 0 || (size_t)fd >= loop->ios_cap || !loop->ios[fd].active)
		return;
	if (loop->epfd >= 0)
		epoll_ctl(loop->epfd, EPOLL_CTL_DEL, fd, NULL);
	loop->ios[fd].active = false;
}

/* ---- signals and children ------------------------------------------------ */

static void reap_children(struct loop *loop);

static void on_signalfd(void *arg, int fd, uint32_t events)
{
	struct loop *loop = arg;
	struct signalfd_siginfo si;
	bool chld = false;
	while (read(fd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		int signo = (int)si.ssi_signo;
		if (signo == SIGCHLD)
			chld = true;
		else if (signo < MAX_SIGNALS && loop->sig[signo].cb)
			loop->sig[signo].cb(loop->sig[signo].arg, signo);
	}
	if (chld)
		reap_children(loop);
}

static int sigfd_update(struct loop *loop)
{
	if (sigprocmask(SIG_BLOCK, &loop->sigmask, NULL) < 0)
		return -1;
	int fd = signalfd(loop->sigfd, &loop->sigmask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd < 0)
		return -1;
	if (loop->sigfd < 0) {
		loop->sigfd = fd;
		return loop_io_add(loop, fd, EPOLLIN, on_signalfd, loop);
	}
	return 0;
}

int loop_signal_add(struct loop *loop, int signo, signal_cb cb, void *arg)
{
	if (signo <= 0 || signo >= MAX_SIGNALS) {
		errno = EINVAL;
		return -1;
	}
	loop->sig[signo].cb = cb;
	loop->sig[signo].arg = arg;
	sigaddset(&loop->sigmask, signo);
	return sigfd_update(loop);
}

int loop_child_watch(struct loop *loop, pid_t pid, child_cb cb, void *arg)
{
	if (!sigismember(&loop->sigmask, SIGCHLD)) {
		sigaddset(&loop->sigmask, SIGCHLD);
		if (sigfd_update(loop) < 0)
			return -1;
	}
	if (loop->n_children == loop->children_cap) {
		loop->children_cap = loop->children_cap ? loop->children_cap * 2 : 16;
		loop->children = xrealloc(loop->children, loop->children_cap * sizeof(*loop->children));
	}
	loop->children[loop->n_children++] = (struct child_watch){ pid, cb, arg };
	/* The child may have exited before SIGCHLD was blocked: look on the
	 * next turn of the loop (never call cb from inside this function). */
	loop->reap_pending = true;
	return 0;
}

static void reap_children(struct loop *loop)
{
	for (size_t i = 0; i < loop->n_children;) {
		int status;
		pid_t pid = loop->children[i].pid;
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid || (r < 0 && errno == ECHILD)) {
			struct child_watch w = loop->children[i];
			loop->children[i] = loop->children[--loop->n_children];
			if (r < 0)
				status = 0;
			w.cb(w.arg, pid, status);
			i = 0; /* the callback may have changed the table */
			continue;
		}
		i++;
	}
}

void loop_after_fork(void)
{
	sigset_t all;
	sigfillset(&all);
	sigprocmask(SIG_UNBLOCK, &all, NULL);
}

/* ---- the loop -------------------------------------------------------------- */

void loop_set_io_gather(struct loop *loop, uint64_t window_us) { loop->gather_us = window_us; }

/* Wait for I/O up to timeout ms. With a gathering window, a wake-up from
 * idle sleeps out the window (never past the next timer) before looking
 * at what is ready, so that what arrives meanwhile is handled in the same
 * turn; when something is ready already (the loop is busy) there is no
 * sleep at all. */
static int wait_io(struct loop *loop, struct epoll_event *evs, int max, int timeout)
{
	if (!loop->gather_us || timeout == 0)
		return epoll_wait(loop->epfd, evs, max, timeout);
	int n = epoll_wait(loop->epfd, evs, max, 0);
	if (n != 0)
		return n;
	n = epoll_wait(loop->epfd, evs, max, timeout);
	if (n <= 0)
		return n;
	uint64_t now = mono_now_us(), until = now + loop->gather_us;
	if (loop->heap_len && loop->heap[0].key < until)
		until = loop->heap[0].key;
	if (until <= now)
		return n;
	uint64_t nap = until - now;
	struct timespec ts = { .tv_sec = (time_t)(nap / USEC_PER_SEC),
			       .tv_nsec = (long)(nap % USEC_PER_SEC) * 1000 };
	nanosleep(&ts, NULL);
	return epoll_wait(loop->epfd, evs, max, 0);
}

/* One turn: exited children, due timers and scheduled tasks, then wait
 * for I/O (not at all while tasks or reaping are pending) and run its
 * callbacks. The stall warning measures everything but the wait. */
int loop_run(struct loop *loop)
{
	struct epoll_event evs[64];
	uint64_t turn_start = mono_now_us();
	turn_begin(loop);
	loop->running = true;
	while (loop->running) {
		loop->now = mono_now_us();
		if (loop->reap_pending) {
			loop->reap_pending = false;
			reap_children(loop);
		}
		run_timers(loop);
		if (loop->running && loop->tasks)
			run_tasks(loop);
		turn_done(loop, turn_start);
		if (!loop->running)
			break;
		int timeout = -1;
		if (loop->reap_pending || loop->tasks)
			timeout = 0;
		else if (loop->heap_len) {
			uint64_t now = mono_now_us();
			uint64_t when = loop->heap[0].key;
			timeout = when <= now ? 0 : (int)((when - now + 999) / 1000);
		}
		log_flush();   /* the turn's held log lines (log_set_buffered()) */
		int n = wait_io(loop, evs, 64, timeout);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fatal("epoll_wait: %s", strerror(errno));
		}
		loop->now = mono_now_us();
		turn_start = loop->now;
		turn_begin(loop);
		for (int i = 0; i < n && loop->running; i++) {
			int fd = (int)(uint32_t)evs[i].data.u64;
			uint32_t gen = (uint32_t)(evs[i].data.u64 >> 32);
			if ((size_t)fd < loop->ios_cap && loop->ios[fd].active && loop->ios[fd].gen == gen) {
				loop->ios[fd].cb(loop->ios[fd].arg, fd, evs[i].events);
				loop->turn_ios++;
			}
		}
	}
	return 0;
}
