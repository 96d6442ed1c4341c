/* loop_test.c - the event loop: timer order, cancel, re-arm, signals, children. */
#include "loop.h"
#include "unit.h"

#include <signal.h>
#include <stdlib.h>
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

int main(void)
{
	RUN(timers_fire_in_time_order);
	RUN(rearm_moves_timer);
	RUN(heap_keeps_order_under_churn);
	RUN(signal_arrives_through_loop);
	RUN(child_exit_is_reaped);
	RUN(child_exited_before_watch);
	return unit_summary();
}
