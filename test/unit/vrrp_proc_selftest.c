/* vrrp_proc_selftest.c - vrrp_track_process through the kernel's process
 * events (proc connector): a process of our own (a link to sleep with a
 * unique name) is counted when it starts and when it exits, from events
 * alone. Skips (77) where the kernel gives no process events (not root). It
 * only listens: no network is touched. */
#include "loop.h"
#include "util.h"
#include "vrrp_ext_conf.h"
#include "vrrp_proc.h"
#include "unit.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct state {
	struct loop *loop;
	int changes;
	struct ev_timer guard;
};

static void changed(void *arg)
{
	struct state *s = arg;
	s->changes++;
	loop_stop(s->loop);
}

static void guard_fired(void *arg)
{
	loop_stop(((struct state *)arg)->loop);
}

/* Run the loop until a change or 5 s. */
static void wait_change(struct state *s)
{
	timer_start(s->loop, &s->guard, 5 * USEC_PER_SEC);
	loop_run(s->loop);
	timer_stop(s->loop, &s->guard);
}

static pid_t spawn(const char *path)
{
	pid_t pid = fork();
	if (pid == 0) {
		execl(path, path, "30", (char *)NULL);
		_exit(127);
	}
	return pid;
}

int main(void)
{
	char dir[] = "/tmp/kaprocXXXXXX", path[64], name[32];
	if (!mkdtemp(dir))
		return 99;
	snprintf(name, sizeof(name), "kap%d", (int)getpid());
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (symlink("/bin/sleep", path) != 0)
		return 99;
	struct state s = { .loop = loop_new() };
	timer_init(&s.guard, guard_fired, &s);
	struct vrrp_proc_mon *m = vrrp_proc_mon_new(s.loop, -1);
	if (!vrrp_proc_mon_ok(m)) {
		printf("SKIP: no process events here\n");
		vrrp_proc_mon_free(m);
		loop_free(s.loop);
		unlink(path);
		rmdir(dir);
		return 77;
	}
	struct vrrp_track_process_conf c;
	vrrp_track_process_conf_init(&c);
	strcpy(c.name, "selftest");
	*(char **)array_push(&c.argv, &c.argc, sizeof(char *)) = xstrdup(name);
	c.quorum = 2;
	struct vrrp_proc_track *t = vrrp_proc_track_new(m, &c, changed, &s);
	CHECK_EQ_INT(vrrp_proc_track_count(t), 0);
	CHECK(!vrrp_proc_track_up(t));

	pid_t a = spawn(path);
	pid_t b = spawn(path);
	wait_change(&s);                 /* the second start reaches the quorum */
	CHECK_EQ_INT(s.changes, 1);
	CHECK(vrrp_proc_track_up(t));
	CHECK_EQ_INT(vrrp_proc_track_count(t), 2);

	kill(a, SIGKILL);
	waitpid(a, NULL, 0);
	wait_change(&s);                 /* below the quorum again */
	CHECK_EQ_INT(s.changes, 2);
	CHECK(!vrrp_proc_track_up(t));
	CHECK_EQ_INT(vrrp_proc_track_count(t), 1);

	/* quorum_max and terminate_delay: quorum 1, quorum_max 1, so a second
	 * process is a failure - reported no sooner than terminate_delay
	 * (0.7 s) after it started; back to one, up again at once (no
	 * fork_delay). */
	vrrp_proc_track_del(t);
	struct vrrp_track_process_conf c2;
	vrrp_track_process_conf_init(&c2);
	strcpy(c2.name, "selftest2");
	*(char **)array_push(&c2.argv, &c2.argc, sizeof(char *)) = xstrdup(name);
	c2.quorum_max = 1;
	c2.terminate_delay_ms = 700;
	struct vrrp_proc_track *t2 = vrrp_proc_track_new(m, &c2, changed, &s);
	CHECK(vrrp_proc_track_up(t2));   /* b alone: the first count decides at once */
	uint64_t t0 = mono_now_us();
	pid_t d = spawn(path);
	wait_change(&s);
	uint64_t took = mono_now_us() - t0;
	CHECK_EQ_INT(s.changes, 3);
	CHECK(!vrrp_proc_track_up(t2));
	CHECK_EQ_INT(vrrp_proc_track_count(t2), 2);
	CHECK(took >= 600 * USEC_PER_MSEC);
	kill(d, SIGKILL);
	waitpid(d, NULL, 0);
	wait_change(&s);
	CHECK_EQ_INT(s.changes, 4);
	CHECK(vrrp_proc_track_up(t2));

	kill(b, SIGKILL);
	waitpid(b, NULL, 0);
	vrrp_proc_mon_free(m);
	loop_free(s.loop);
	unlink(path);
	rmdir(dir);
	printf("%s\n", unit_failed_checks ? "not ok - process events" : "ok - process events");
	unit_failed_checks ? unit_cases_failed++ : unit_cases_passed++;
	return unit_summary();
}
