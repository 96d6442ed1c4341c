/* loop_test.c - the event loop: timer order, cancel, re-arm, signals, children. */
#include "log.h"
#include "loop.h"
#include "unit.h"

#include <stdbool.h>
#include <sys/epoll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct rec {
	struct loop *loop;
	int order[16];
	int n;
};

struct tagged {
	struct ev_timer t;
	struct rec *rec;
	int tag;
};

static void fire(void *arg)
{
	struct tagged *x = arg;
	x->rec->order[x->rec->n++] = x->tag;
	if (x->rec->n == 3)
		loop_stop(x->rec->loop);
}

TEST(timers_fire_in_time_order)
{
	struct rec rec = { .loop = loop_new() };
	struct tagged t[4];
	int delays_ms[4] = { 30, 10, 20, 5 };
	for (int i = 0; i < 4; i++) {
		t[i].rec = &rec;
		t[i].tag = i;
		timer_init(&t[i].t, fire, &t[i]);
		timer_start(rec.loop, &t[i].t, (uint64_t)delays_ms[i] * 1000);
	}
	timer_stop(rec.loop, &t[3].t);         /* cancelled: never fires */
	CHECK(!timer_pending(&t[3].t));
	loop_run(rec.loop);
	CHECK_EQ_INT(rec.n, 3);
	CHECK_EQ_INT(rec.order[0], 1);
	CHECK_EQ_INT(rec.order[1], 2);
	CHECK_EQ_INT(rec.order[2], 0);
	loop_free(rec.loop);
}

TEST(rearm_moves_timer)
{
	struct rec rec = { .loop = loop_new() };
	struct tagged a = { .rec = &rec, .tag = 1 }, b = { .rec = &rec, .tag = 2 }, c = { .rec = &rec, .tag = 3 };
	timer_init(&a.t, fire, &a);
	timer_init(&b.t, fire, &b);
	timer_init(&c.t, fire, &c);
	timer_start(rec.loop, &a.t, 5000);
	timer_start(rec.loop, &b.t, 10000);
	timer_start(rec.loop, &c.t, 15000);
	timer_start(rec.loop, &a.t, 20000);    /* re-armed later: fires last */
	loop_run(rec.loop);
	CHECK_EQ_INT(rec.order[0], 2);
	CHECK_EQ_INT(rec.order[1], 3);
	CHECK_EQ_INT(rec.order[2], 1);
	loop_free(rec.loop);
}

/* Postponing a pending timer (the cheap path) and bringing it forward
 * again both keep the order right. */
TEST(postpone_and_prepone)
{
	struct rec rec = { .loop = loop_new() };
	struct tagged a = { .rec = &rec, .tag = 1 }, b = { .rec = &rec, .tag = 2 }, c = { .rec = &rec, .tag = 3 };
	timer_init(&a.t, fire, &a);
	timer_init(&b.t, fire, &b);
	timer_init(&c.t, fire, &c);
	timer_start(rec.loop, &a.t, 10000);
	timer_start(rec.loop, &b.t, 20000);
	timer_start(rec.loop, &c.t, 60000);
	for (int i = 1; i <= 10; i++)
		timer_start(rec.loop, &a.t, 10000 + (uint64_t)i * 3000);   /* 40 ms at last */
	CHECK(timer_remaining(rec.loop, &a.t) > 30000);
	timer_start(rec.loop, &c.t, 5000);                                 /* forward: first */
	uint64_t t0 = mono_now_us();
	loop_run(rec.loop);
	CHECK_EQ_INT(rec.order[0], 3);
	CHECK_EQ_INT(rec.order[1], 2);
	CHECK_EQ_INT(rec.order[2], 1);
	CHECK(mono_now_us() - t0 >= 39000);   /* a did not fire at its first time */
	loop_free(rec.loop);
}

/* Many timers in random order come out sorted (the heap invariant). */
static uint64_t last_when;
static int heap_count, heap_bad;
static struct loop *heap_loop;
static void heap_fire(void *arg)
{
	struct ev_timer *t = arg;
	if (t->when_us < last_when)
		heap_bad++;
	last_when = t->when_us;
	if (++heap_count == 500)
		loop_stop(heap_loop);
}

TEST(heap_keeps_order_under_churn)
{
	heap_loop = loop_new();
	static struct ev_timer ts[600];
	srandom(42);
	for (int i = 0; i < 600; i++) {
		timer_init(&ts[i], heap_fire, &ts[i]);
		timer_start(heap_loop, &ts[i], 1000 + (uint64_t)(random() % 20000));
	}
	for (int i = 0; i < 100; i++)
		timer_stop(heap_loop, &ts[(i * 7) % 600]);
	loop_run(heap_loop);
	CHECK_EQ_INT(heap_count, 500);
	CHECK_EQ_INT(heap_bad, 0);
	loop_free(heap_loop);
}

static int got_signal;
static void on_usr1(void *arg, int signo)
{
	got_signal = signo;
	loop_stop(arg);
}

TEST(signal_arrives_through_loop)
{
	struct loop *loop = loop_new();
	CHECK_EQ_INT(loop_signal_add(loop, SIGUSR1, on_usr1, loop), 0);
	kill(getpid(), SIGUSR1);
	loop_run(loop);
	CHECK_EQ_INT(got_signal, SIGUSR1);
	loop_free(loop);
}

static int child_status = -1;
static void on_child(void *arg, pid_t pid, int st)
{
	child_status = WEXITSTATUS(st);
	loop_stop(arg);
}

TEST(child_exit_is_reaped)
{
	struct loop *loop = loop_new();
	pid_t pid = fork();
	if (pid == 0)
		_exit(7);
	CHECK_EQ_INT(loop_child_watch(loop, pid, on_child, loop), 0);
	loop_run(loop);
	CHECK_EQ_INT(child_status, 7);
	loop_free(loop);
}

/* A child that is already a zombie when it is watched: the callback still
 * comes from the loop (a callback from inside loop_child_watch() would run
 * before loop_run() and its loop_stop() would be lost). */
TEST(child_exited_before_watch)
{
	struct loop *loop = loop_new();
	child_status = -1;
	pid_t pid = fork();
	if (pid == 0)
		_exit(9);
	siginfo_t si;
	waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT);   /* now a zombie */
	CHECK_EQ_INT(loop_child_watch(loop, pid, on_child, loop), 0);
	CHECK_EQ_INT(child_status, -1);                      /* not yet */
	loop_run(loop);
	CHECK_EQ_INT(child_status, 9);
	loop_free(loop);
}

/* Tasks: run once per schedule, in order, after the turn's timers; one
 * that keeps scheduling itself does not starve I/O; a cancelled one never
 * runs. */
struct task_rec {
	struct loop *loop;
	struct ev_task a, b, c;
	int pipe_rd;
	int order[8], n;
	int a_runs, io_seen_at;   /* a_runs when the I/O callback ran */
};

static void task_a(void *arg)
{
	struct task_rec *r = arg;
	if (r->n < 8)
		r->order[r->n++] = 'a';
	r->a_runs++;
	task_cancel(r->loop, &r->c);
	if (r->io_seen_at)
		loop_stop(r->loop);
	else if (r->a_runs < 1000)
		task_schedule(r->loop, &r->a);   /* again on the next turn */
}
static void task_b(void *arg)
{
	struct task_rec *r = arg;
	if (r->n < 8)
		r->order[r->n++] = 'b';
}
static void task_c(void *arg)
{
	struct task_rec *r = arg;
	if (r->n < 8)
		r->order[r->n++] = 'c';
}
static void task_io(void *arg, int fd, uint32_t events)
{
	struct task_rec *r = arg;
	char ch;
	if (read(fd, &ch, 1) == 1 && !r->io_seen_at)
		r->io_seen_at = r->a_runs;
}

TEST(tasks_run_in_order_and_yield_to_io)
{
	struct task_rec r = { .loop = loop_new() };
	int p[2];
	CHECK_EQ_INT(pipe(p), 0);
	CHECK_EQ_INT(write(p[1], "x", 1), 1);
	CHECK_EQ_INT(loop_io_add(r.loop, p[0], EPOLLIN, task_io, &r), 0);
	task_init(&r.a, task_a, &r);
	task_init(&r.b, task_b, &r);
	task_init(&r.c, task_c, &r);
	task_schedule(r.loop, &r.a);
	task_schedule(r.loop, &r.b);
	task_schedule(r.loop, &r.a);     /* already scheduled: once */
	task_schedule(r.loop, &r.c);     /* cancelled by a before its turn */
	CHECK(task_scheduled(&r.c));
	loop_run(r.loop);
	CHECK(r.n >= 2);
	CHECK_EQ_INT(r.order[0], 'a');
	CHECK_EQ_INT(r.order[1], 'b');
	for (int i = 0; i < r.n; i++)
		CHECK(r.order[i] != 'c');
	CHECK(!task_scheduled(&r.c));
	/* the pipe was served while a kept itself scheduled */
	CHECK(r.io_seen_at >= 1 && r.io_seen_at < 5);
	loop_free(r.loop);
	close(p[0]);
	close(p[1]);
}

/* A turn longer than the limit is logged; with the limit off it is not. */
static void slow_timer(void *arg)
{
	usleep(30 * 1000);
	loop_stop(arg);
}

static bool stall_logged(uint64_t limit_us)
{
	char path[] = "/tmp/loop_test.XXXXXX";
	int fd = mkstemp(path);
	int saved = dup(STDERR_FILENO);
	dup2(fd, STDERR_FILENO);
	log_init("loop_test", "test", LOG_DEST_CONSOLE, LOG_DAEMON);
	struct loop *loop = loop_new();
	loop_set_stall_warn(loop, limit_us);
	struct ev_timer t;
	timer_init(&t, slow_timer, loop);
	timer_start(loop, &t, 1000);
	loop_run(loop);
	loop_free(loop);
	dup2(saved, STDERR_FILENO);
	close(saved);
	char buf[4096] = "";
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	buf[n > 0 ? n : 0] = '\0';
	close(fd);
	unlink(path);
	return strstr(buf, "event loop turn took") != NULL && strstr(buf, "on the CPU") != NULL;
}

TEST(stall_warning)
{
	CHECK(!stall_logged(0));
	CHECK(!stall_logged(1000 * 1000));
	CHECK(stall_logged(10 * 1000));
}

/* I/O gathering: a wake-up from idle waits for the window, so bytes
 * written a few ms apart are read in one callback; a timer due inside the
 * window still fires on time. */
struct gather_rec {
	struct loop *loop;
	int reads, bytes;
	uint64_t t0, timer_at;
	struct ev_timer stop, early;
};
static void gather_read(void *arg, int fd, uint32_t events)
{
	struct gather_rec *g = arg;
	char buf[16];
	ssize_t n = read(fd, buf, sizeof(buf));
	if (n > 0) {
		g->reads++;
		g->bytes += (int)n;
	}
}
static void gather_stop(void *arg) { loop_stop(((struct gather_rec *)arg)->loop); }
static void gather_early(void *arg)
{
	struct gather_rec *g = arg;
	g->timer_at = mono_now_us() - g->t0;
}

TEST(io_gathering)
{
	struct gather_rec g = { .loop = loop_new() };
	int p[2];
	CHECK_EQ_INT(pipe(p), 0);
	loop_set_io_gather(g.loop, 400 * 1000);
	CHECK_EQ_INT(loop_io_add(g.loop, p[0], EPOLLIN, gather_read, &g), 0);
	pid_t pid = fork();
	if (pid == 0) {
		usleep(20 * 1000);
		for (int i = 0; i < 5; i++) {
			if (write(p[1], "x", 1) != 1)
				_exit(1);
			usleep(2000);
		}
		_exit(0);
	}
	g.t0 = mono_now_us();
	timer_init(&g.stop, gather_stop, &g);
	timer_init(&g.early, gather_early, &g);
	timer_start(g.loop, &g.stop, 1500 * 1000);
	timer_start(g.loop, &g.early, 100 * 1000);
	loop_run(g.loop);
	waitpid(pid, NULL, 0);
	CHECK_EQ_INT(g.bytes, 5);
	CHECK(g.reads < 5);
	CHECK(g.timer_at >= 100 * 1000 && g.timer_at < 350 * 1000);
	loop_free(g.loop);
	close(p[0]);
	close(p[1]);
}

/* A log of what ran: 'T' a timer, 'I' the always-readable fd. */
struct turn_log {
	struct loop *loop;
	char seq[64];
	int n, timers, want;
	struct ev_timer t[8];
};

static void log_timer(void *arg)
{
	struct turn_log *l = arg;
	if (l->n < 63)
		l->seq[l->n++] = 'T';
	if (++l->timers == l->want)
		loop_stop(l->loop);
}

static void log_io(void *arg, int fd, uint32_t events)
{
	struct turn_log *l = arg;
	(void)fd;
	(void)events;
	if (l->n < 63 && (l->n == 0 || l->seq[l->n - 1] != 'I'))
		l->seq[l->n++] = 'I';
}

/* A pipe that is always readable: every turn of the loop calls log_io. */
static int busy_pipe(struct turn_log *l, int p[2])
{
	if (pipe(p) < 0 || write(p[1], "x", 1) != 1)
		return -1;
	return loop_io_add(l->loop, p[0], EPOLLIN, log_io, l);
}

TEST(timer_slack_serves_near_timers_in_one_turn)
{
	struct turn_log l = { .loop = loop_new(), .want = 2 };
	int p[2];
	CHECK_EQ_INT(busy_pipe(&l, p), 0);
	loop_set_timer_slack(l.loop, 50 * 1000);
	uint64_t now = mono_now_us();
	for (int i = 0; i < 2; i++) {
		timer_init(&l.t[i], log_timer, &l);
		timer_start_at(l.loop, &l.t[i], now + 30 * 1000 + (uint64_t)i * 20 * 1000);
	}
	loop_run(l.loop);
	l.seq[l.n] = '\0';
	/* both timers in the turn of the first one: nothing in between */
	CHECK(strstr(l.seq, "TT") != NULL);
	loop_free(l.loop);
	close(p[0]);
	close(p[1]);
}

TEST(timer_batch_lets_io_in_between)
{
	struct turn_log l = { .loop = loop_new(), .want = 5 };
	int p[2];
	CHECK_EQ_INT(busy_pipe(&l, p), 0);
	loop_set_timer_batch(l.loop, 2);
	uint64_t now = mono_now_us();
	for (int i = 0; i < 5; i++) {
		timer_init(&l.t[i], log_timer, &l);
		timer_start_at(l.loop, &l.t[i], now);   /* all due at once */
	}
	loop_run(l.loop);
	l.seq[l.n] = '\0';
	CHECK_STR(l.seq, "TTITTIT");
	loop_free(l.loop);
	close(p[0]);
	close(p[1]);
}

/* timer_start_next(): the next run is due a period after this one was
 * due, however late this one ran; when that is past already, a period
 * from now (no burst). Checked on the due times, not on a clock. */
struct periodic {
	struct loop *loop;
	struct ev_timer t;
	int runs;
	uint64_t due[3], next[3], now[3], after[3];
};

static void periodic_fired(void *arg)
{
	struct periodic *p = arg;
	int i = p->runs++;
	p->due[i] = p->t.when_us;
	if (i == 1) {   /* run late: past the next due time */
		uint64_t until = mono_now_us() + 30 * USEC_PER_MSEC;
		while (mono_now_us() < until)
			;
	}
	p->now[i] = mono_now_us();
	timer_start_next(p->loop, &p->t, 10 * USEC_PER_MSEC);
	p->next[i] = p->t.when_us;
	p->after[i] = mono_now_us();
	if (p->runs == 3)
		loop_stop(p->loop);
}

TEST(timer_start_next_keeps_the_period)
{
	struct periodic p = { .loop = loop_new() };
	timer_init(&p.t, periodic_fired, &p);
	timer_start(p.loop, &p.t, 10 * USEC_PER_MSEC);
	loop_run(p.loop);
	CHECK_EQ_INT(p.runs, 3);
	/* on the grid - unless a busy machine kept this process off the CPU
	 * past the next due time there too (then it is a run late as well) */
	const uint64_t P = 10 * USEC_PER_MSEC;
	CHECK(p.next[0] == p.due[0] + P || (p.after[0] >= p.due[0] + P && p.next[0] >= p.now[0] + P));
	CHECK(p.due[1] == p.next[0]);
	CHECK(p.next[1] >= p.now[1] + P);     /* late: a period from now */
	CHECK(p.next[2] == p.due[2] + P || (p.after[2] >= p.due[2] + P && p.next[2] >= p.now[2] + P));
	timer_stop(p.loop, &p.t);
	loop_free(p.loop);
}

int main(void)
{
	RUN(timers_fire_in_time_order);
	RUN(rearm_moves_timer);
	RUN(postpone_and_prepone);
	RUN(heap_keeps_order_under_churn);
	RUN(signal_arrives_through_loop);
	RUN(child_exit_is_reaped);
	RUN(child_exited_before_watch);
	RUN(tasks_run_in_order_and_yield_to_io);
	RUN(stall_warning);
	RUN(io_gathering);
	RUN(timer_slack_serves_near_timers_in_one_turn);
	RUN(timer_batch_lets_io_in_between);
	RUN(timer_start_next_keeps_the_period);
	return unit_summary();
}
