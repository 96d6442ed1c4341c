/* script_broker_test.c - a child's script requests (script_remote.c) and
 * the parent that runs them (script_broker.c), both ends of one socketpair
 * on one loop: what is in the configuration runs and its exit status comes
 * back; anything else is refused; kill, timeout, the previous
 * configuration, the parent going away, stopping. */
#include "ipc.h"
#include "loop.h"
#include "script.h"
#include "script_broker.h"
#include "script_remote.h"
#include "unit.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static struct loop *loop;
static struct script_broker *broker;
static struct script_remote *remote;
static struct ipc_chan *pch, *cch;   /* parent's end, child's end */
static struct ev_timer guard;

struct result {
	bool done;
	int wstatus;
	bool timed_out;
};

static void on_parent_msg(void *arg, uint32_t type, const void *data, size_t len)
{
	CHECK(script_broker_msg(broker, 0, type, data, len));
}

static void on_child_msg(void *arg, uint32_t type, const void *data, size_t len)
{
	CHECK_EQ_INT(type, IPC_SCRIPT_DONE);
	CHECK(script_remote_done(remote, data, len));
}

static void on_closed(void *arg) {}

static void done_cb(void *arg, int wstatus, bool timed_out)
{
	struct result *r = arg;
	r->done = true;
	r->wstatus = wstatus;
	r->timed_out = timed_out;
	loop_stop(loop);
}

static void guard_fired(void *arg) { loop_stop(loop); }

/* Every 10 ms: stop once no request is out. */
static void poll_pending(void *arg)
{
	if (!script_remote_pending(remote))
		loop_stop(loop);
	else
		timer_start(loop, arg, 10 * USEC_PER_MSEC);
}

/* Every 10 ms: stop once the parent side runs a script. */
static void poll_running(void *arg)
{
	if (script_broker_running(broker, 0))
		loop_stop(loop);
	else
		timer_start(loop, arg, 10 * USEC_PER_MSEC);
}
static void stopped(void *arg) { loop_stop(loop); }

/* Run the loop until a callback stops it (10 s at most). */
static void spin(void)
{
	timer_start(loop, &guard, 10 * USEC_PER_SEC);
	loop_run(loop);
	timer_stop(loop, &guard);
}

static struct result ask(const char *cmd, uint32_t uid, const char *const *extra, uint64_t timeout_us)
{
	struct result r = { false, 0, false };
	struct script_policy pol = { .security = false, .uid = uid, .gid = 0 };
	pid_t id = script_remote_run(remote, &pol, cmd, extra, timeout_us, done_cb, &r);
	CHECK(id >= (pid_t)SCRIPT_REMOTE_ID_BASE);
	spin();
	CHECK(r.done);
	return r;
}

static void setup(void)
{
	int fds[2];
	loop = loop_new();
	timer_init(&guard, guard_fired, NULL);
	CHECK(ipc_socketpair(fds) == 0);
	static const char *const names[] = { "test" };
	broker = script_broker_new(loop, 1, names);
	pch = ipc_open(loop, fds[0], on_parent_msg, on_closed, NULL);
	cch = ipc_open(loop, fds[1], on_child_msg, on_closed, NULL);
	remote = script_remote_new(loop, cch);
	script_broker_child_started(broker, 0, pch);
}

static void teardown(void)
{
	script_remote_free(remote);
	script_broker_free(broker);
	ipc_close(cch);
	if (pch)
		ipc_close(pch);
	loop_free(loop);
}

#define EXIT3 "/bin/sh -c 'exit 3'"
#define NARGS "/bin/sh -c 'exit $#' x"
#define SLEEP "/bin/sleep 30"

TEST(configured_scripts_run)
{
	uid_t me = geteuid();
	setup();
	script_broker_allow(broker, 0, EXIT3, me, 0);
	script_broker_allow(broker, 0, NARGS, me, 0);
	script_broker_allow(broker, 0, SLEEP, me, 0);
	script_broker_allow_commit(broker, 0, false);

	struct result r = ask(EXIT3, me, NULL, 0);
	CHECK(WIFEXITED(r.wstatus) && WEXITSTATUS(r.wstatus) == 3 && !r.timed_out);
	const char *args[] = { "INSTANCE", "VI_1", "MASTER", "100", NULL };
	r = ask(NARGS, me, args, 0);
	CHECK(WIFEXITED(r.wstatus) && WEXITSTATUS(r.wstatus) == 4);

	/* refused: not configured, another user, option-like or too many arguments */
	r = ask("/bin/sh -c 'exit 0'", me, NULL, 0);
	CHECK_EQ_INT(r.wstatus, -1);
	r = ask(EXIT3, me + 1, NULL, 0);
	CHECK_EQ_INT(r.wstatus, -1);
	const char *opt[] = { "-c", "id", NULL };
	r = ask(NARGS, me, opt, 0);
	CHECK_EQ_INT(r.wstatus, -1);
	const char *ctl[] = { "a\nb", NULL };
	r = ask(NARGS, me, ctl, 0);
	CHECK_EQ_INT(r.wstatus, -1);
	const char *many[] = { "1", "2", "3", "4", "5", "6", "7", "8", "9", NULL };
	r = ask(NARGS, me, many, 0);
	CHECK_EQ_INT(r.wstatus, -1);

	/* timeout: SIGTERM, reported as timed out */
	r = ask(SLEEP, me, NULL, 100 * USEC_PER_MSEC);
	CHECK(r.timed_out);

	/* script_kill() through the parent */
	struct result k = { false, 0, false };
	struct script_policy pol = { .security = false, .uid = me, .gid = 0 };
	pid_t id = script_remote_run(remote, &pol, SLEEP, NULL, 0, done_cb, &k);
	CHECK(kill(-id, 0) < 0);   /* a request id names no process group */
	script_remote_kill(remote, id, SIGKILL);
	spin();
	CHECK(k.done && WIFSIGNALED(k.wstatus) && WTERMSIG(k.wstatus) == SIGKILL && !k.timed_out);
	CHECK_EQ_INT(script_remote_pending(remote), 0);
	CHECK_EQ_INT(script_broker_running(broker, 0), 0);

	/* script_remote_forget(): the answer comes, the callback is not called */
	struct result f = { false, 0, false };
	id = script_remote_run(remote, &pol, EXIT3, NULL, 0, done_cb, &f);
	script_remote_forget(remote, id);
	struct ev_timer poll;
	timer_init(&poll, poll_pending, &poll);
	timer_start(loop, &poll, 0);
	spin();
	timer_stop(loop, &poll);
	CHECK(!f.done);
	CHECK_EQ_INT(script_remote_pending(remote), 0);
	teardown();
}

TEST(the_previous_configuration_counts_not_older_ones)
{
	uid_t me = geteuid();
	setup();
	script_broker_allow(broker, 0, EXIT3, me, 0);
	script_broker_allow_commit(broker, 0, false);
	script_broker_allow_commit(broker, 0, false);   /* a reload without it */
	struct result r = ask(EXIT3, me, NULL, 0);
	CHECK(WIFEXITED(r.wstatus) && WEXITSTATUS(r.wstatus) == 3);
	script_broker_allow_commit(broker, 0, false);   /* and another */
	r = ask(EXIT3, me, NULL, 0);
	CHECK_EQ_INT(r.wstatus, -1);
	teardown();
}

TEST(parent_gone_and_stop)
{
	uid_t me = geteuid();
	setup();
	script_broker_allow(broker, 0, SLEEP, me, 0);
	script_broker_allow_commit(broker, 0, false);
	struct result r = { false, 0, false };
	struct script_policy pol = { .security = false, .uid = me, .gid = 0 };
	CHECK(script_remote_run(remote, &pol, SLEEP, NULL, 0, done_cb, &r) > 0);
	/* let the parent side start it */
	struct ev_timer poll;
	timer_init(&poll, poll_running, &poll);
	timer_start(loop, &poll, 0);
	spin();
	timer_stop(loop, &poll);
	CHECK_EQ_INT(script_broker_running(broker, 0), 1);
	/* the parent goes away: the child's request completes as refused */
	script_broker_child_gone(broker, 0);
	ipc_close(pch);
	pch = NULL;
	script_remote_parent_gone(remote);
	spin();
	CHECK(r.done && r.wstatus == -1);
	CHECK(script_remote_run(remote, &pol, SLEEP, NULL, 0, done_cb, &r) < 0);
	/* the script still runs in the parent until it stops */
	CHECK(!script_broker_idle(broker));
	script_broker_stop(broker, stopped, NULL);
	timer_start(loop, &guard, 10 * USEC_PER_SEC);
	loop_run(loop);
	CHECK(script_broker_idle(broker));
	teardown();
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	RUN(configured_scripts_run);
	RUN(the_previous_configuration_counts_not_older_ones);
	RUN(parent_gone_and_stop);
	return unit_summary();
}
