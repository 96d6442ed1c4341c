/* loop.c - see loop.h. */
#include "loop.h"
#include "log.h"

#include <errno.h>
#include <signal.h>
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
};

struct child_watch {
	pid_t pid;
	child_cb cb;
	void *arg;
};

struct loop {
	int epfd;
	int sigfd;
	sigset_t sigmask;
	bool running;
	uint64_t now;

	struct ev_timer **heap;
	size_t heap_len, heap_cap;

	struct io_watch *ios;   /* indexed by fd */
	size_t ios_cap;

	struct { signal_cb cb; void *arg; } sig[MAX_SIGNALS];

	struct child_watch *children;
	size_t n_children, children_cap;
	bool reap_pending;   /* look for exited children on the next turn */
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

static void heap_swap(struct loop *loop, size_t a, size_t b)
{
	struct ev_timer *t = loop->heap[a];
	loop->heap[a] = loop->heap[b];
	loop->heap[b] = t;
	loop->heap[a]->heap_index = a;
	loop->heap[b]->heap_index = b;
}

static void heap_up(struct loop *loop, size_t i)
{
	while (i > 0) {
		size_t parent = (i - 1) / 2;
		if (loop->heap[parent]->when_us <= loop->heap[i]->when_us)
			break;
		heap_swap(loop, i, parent);
		i = parent;
	}
}

static void heap_down(struct loop *loop, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < loop->heap_len && loop->heap[l]->when_us < loop->heap[m]->when_us)
			m = l;
		if (r < loop->heap_len && loop->heap[r]->when_us < loop->heap[m]->when_us)
			m = r;
		if (m == i)
			return;
		heap_swap(loop, i, m);
		i = m;
	}
}

void timer_init(struct ev_timer *t, timer_cb cb, void *arg)
{
	t->when_us = 0;
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
		loop->heap[i] = loop->heap[last];
		loop->heap[i]->heap_index = i;
		heap_down(loop, i);
		heap_up(loop, i);
	}
	t->heap_index = SIZE_MAX;
}

void timer_start_at(struct loop *loop, struct ev_timer *t, uint64_t when_us)
{
	timer_stop(loop, t);
	if (loop->heap_len == loop->heap_cap) {
		loop->heap_cap = loop->heap_cap ? loop->heap_cap * 2 : 32;
		loop->heap = xrealloc(loop->heap, loop->heap_cap * sizeof(*loop->heap));
	}
	t->when_us = when_us;
	t->heap_index = loop->heap_len;
	loop->heap[loop->heap_len++] = t;
	heap_up(loop, t->heap_index);
}

void timer_start(struct loop *loop, struct ev_timer *t, uint64_t delay_us)
{
	/* Use the real clock, not the cached one: a callback that ran long
	 * must not shorten the delay it asks for. */
	timer_start_at(loop, t, mono_now_us() + delay_us);
}

uint64_t timer_remaining(const struct loop *loop, const struct ev_timer *t)
{
	if (!timer_pending(t))
		return 0;
	uint64_t now = mono_now_us();
	return t->when_us > now ? t->when_us - now : 0;
}

static void run_timers(struct loop *loop)
{
	while (loop->heap_len && loop->heap[0]->when_us <= loop->now) {
		struct ev_timer *t = loop->heap[0];
		timer_stop(loop, t);
		t->cb(t->arg);
		loop->now = mono_now_us();
	}
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
	struct epoll_event ev = { .events = events, .data.fd = fd };
	if (epoll_ctl(loop->epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
		return -1;
	loop->ios[fd] = (struct io_watch){ fd, cb, arg, true };
	return 0;
}

int loop_io_mod(struct loop *loop, int fd, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.fd = fd };
	return epoll_ctl(loop->epfd, EPOLL_CTL_MOD, fd, &ev);
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

int loop_run(struct loop *loop)
{
	struct epoll_event evs[64];
	loop->running = true;
	while (loop->running) {
		loop->now = mono_now_us();
		if (loop->reap_pending) {
			loop->reap_pending = false;
			reap_children(loop);
		}
		run_timers(loop);
		if (!loop->running)
			break;
		int timeout = -1;
		if (loop->reap_pending)
			timeout = 0;
		else if (loop->heap_len) {
			uint64_t now = mono_now_us();
			uint64_t when = loop->heap[0]->when_us;
			timeout = when <= now ? 0 : (int)((when - now + 999) / 1000);
		}
		int n = epoll_wait(loop->epfd, evs, 64, timeout);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fatal("epoll_wait: %s", strerror(errno));
		}
		loop->now = mono_now_us();
		for (int i = 0; i < n && loop->running; i++) {
			int fd = evs[i].data.fd;
			if ((size_t)fd < loop->ios_cap && loop->ios[fd].active)
				loop->ios[fd].cb(loop->ios[fd].arg, fd, evs[i].events);
		}
	}
	return 0;
}
