/* loop.h - the one event loop every process runs.
 *
 * epoll for file descriptors, an indexed binary heap of timers on
 * CLOCK_MONOTONIC (microseconds), signals delivered through a signalfd (the
 * handlers run from the loop, never in signal context) and child-exit
 * callbacks (SIGCHLD is reaped by the loop with waitpid()).
 *
 * Nothing here allocates per timer: a struct ev_timer is embedded in the
 * object that owns it, so freeing the object after timer_stop() is safe.
 */
#ifndef KA_LOOP_H
#define KA_LOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct loop;

typedef void (*timer_cb)(void *arg);
typedef void (*io_cb)(void *arg, int fd, uint32_t events);
typedef void (*signal_cb)(void *arg, int signo);
typedef void (*child_cb)(void *arg, pid_t pid, int wstatus);

struct ev_timer {
	uint64_t when_us;   /* absolute monotonic time it fires */
	uint64_t key_us;    /* its place in the heap: <= when_us (see timer_start_at) */
	size_t heap_index;  /* position in the heap, or SIZE_MAX when idle */
	timer_cb cb;
	void *arg;
};

#define USEC_PER_SEC 1000000ULL
#define USEC_PER_MSEC 1000ULL

/* Monotonic clock in microseconds. */
uint64_t mono_now_us(void);

struct loop *loop_new(void);
/* Frees the loop; watched fds are not closed. */
void loop_free(struct loop *loop);
/* Runs until loop_stop(); returns 0. */
int loop_run(struct loop *loop);
void loop_stop(struct loop *loop);
/* The time cached at the start of this loop iteration. */
uint64_t loop_now(const struct loop *loop);

/* ---- stall warning --------------------------------------------------------- */
/* Log a warning when one turn of the loop (timers, I/O callbacks and tasks,
 * not the wait) takes longer than limit_us; 0 (the default) turns it off.
 * At most one warning a second; the next one counts the ones left out. */
void loop_set_stall_warn(struct loop *loop, uint64_t limit_us);

/* ---- I/O gathering ----------------------------------------------------------- */
/* When I/O wakes the loop from idle, wait window_us more (never past the
 * next timer) before handling it (0, the default: no wait). A process that
 * receives many small packets (a backup hearing a thousand masters) then
 * handles them in batches instead of waking for each one; an event waits
 * at most window_us longer, and none at all while the loop is busy. */
void loop_set_io_gather(struct loop *loop, uint64_t window_us);
/* Let timers fire up to slack_us early, so that timers close together are
 * served by one wake-up (a checker with thousands of checks). Default 0. */
void loop_set_timer_slack(struct loop *loop, uint64_t slack_us);
/* Fire at most max due timers per turn, then look at I/O (without
 * waiting) before the rest: answers to what the first ones started are
 * read while a burst of timers is still being served. Default 0 = all. */
void loop_set_timer_batch(struct loop *loop, unsigned max);

/* ---- timers ------------------------------------------------------------ */
void timer_init(struct ev_timer *t, timer_cb cb, void *arg);
/* (Re)arm to fire once, delay_us from now. */
void timer_start(struct loop *loop, struct ev_timer *t, uint64_t delay_us);
/* (Re)arm to fire at an absolute monotonic time. */
void timer_start_at(struct loop *loop, struct ev_timer *t, uint64_t when_us);
void timer_stop(struct loop *loop, struct ev_timer *t);
/* For a periodic timer, from its callback: start t again period_us after
 * the time it was due this time (not after now), so that the period holds
 * on average however late each run was; when that time has passed already,
 * period_us from now (a late loop skips a beat, it never sends a burst). */
void timer_start_next(struct loop *loop, struct ev_timer *t, uint64_t period_us);
bool timer_pending(const struct ev_timer *t);
/* Microseconds until it fires (0 if overdue or idle). */
uint64_t timer_remaining(const struct loop *loop, const struct ev_timer *t);

/* ---- tasks ---------------------------------------------------------------- */
/* Work to do once, on this turn of the loop after the timers and I/O
 * callbacks (or on the next turn when scheduled from a task): e.g. a batch
 * of kernel requests gathered during the turn, or the next slice of a long
 * job. While a task is scheduled the loop does not sleep. Like a timer, a
 * struct ev_task is embedded in its owner; unschedule it before freeing. */
typedef void (*task_cb)(void *arg);
struct ev_task {
	struct ev_task *next;
	bool scheduled;
	task_cb cb;
	void *arg;
};
void task_init(struct ev_task *t, task_cb cb, void *arg);
/* Schedule t (no-op when it already is). Tasks run in the order scheduled. */
void task_schedule(struct loop *loop, struct ev_task *t);
void task_cancel(struct loop *loop, struct ev_task *t);
bool task_scheduled(const struct ev_task *t);

/* ---- file descriptors -------------------------------------------------- */
/* events are EPOLLIN/EPOLLOUT bits. Returns 0 or -1 with errno. One watch per fd. */
int loop_io_add(struct loop *loop, int fd, uint32_t events, io_cb cb, void *arg);
int loop_io_mod(struct loop *loop, int fd, uint32_t events);
void loop_io_del(struct loop *loop, int fd);
/* Forget the watch on fd and close it, without a system call to epoll:
 * closing removes the registration. Should a copy of the descriptor live
 * on somewhere (a child between fork and exec), its stale events are
 * recognised by their generation and dropped. For short-lived sockets. */
void loop_io_close(struct loop *loop, int fd);

/* ---- signals ----------------------------------------------------------- */
/* Blocks signo and delivers it to cb from the loop. One callback per signal. */
int loop_signal_add(struct loop *loop, int signo, signal_cb cb, void *arg);

/* ---- children ---------------------------------------------------------- */
/* Call cb once when pid exits (the loop reaps it). cb is always called
 * from the loop, never from inside this function, even when pid has
 * already exited. */
int loop_child_watch(struct loop *loop, pid_t pid, child_cb cb, void *arg);

/* After fork() in a child, before anything else touches the parent's loop:
 * the epoll instance is shared with the parent, so removing a descriptor
 * from it here would remove it from the parent's watch list too. This
 * drops the child's reference to it (and to the signalfd); later
 * loop_io_del() calls on this loop change nothing in the kernel. */
void loop_detach_after_fork(struct loop *loop);

/* After fork() in a child, once the parent's loop has been freed with
 * loop_free(): unblock every signal so the child starts clean and can build
 * its own loop. */
void loop_after_fork(void);

#endif
