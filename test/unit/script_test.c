/* script_test.c - command-line splitting, path security, running in order. */
#include "loop.h"
#include "script.h"
#include "unit.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

TEST(split_words_and_quotes)
{
	char **a = script_split("/bin/echo one 'two three' \"four \\\"x\\\"\" five\\ six");
	CHECK(a != NULL);
	if (!a)
		return;
	CHECK_STR(a[0], "/bin/echo");
	CHECK_STR(a[1], "one");
	CHECK_STR(a[2], "two three");
	CHECK_STR(a[3], "four \"x\"");
	CHECK_STR(a[4], "five six");
	CHECK(a[5] == NULL);
	script_argv_free(a);
	CHECK(script_split("/bin/echo 'unbalanced") == NULL);
	char **e = script_split("   ");
	CHECK(e != NULL && e[0] == NULL);
	script_argv_free(e);
}

TEST(security_of_paths)
{
	char why[512];
	CHECK(script_path_secure("/bin/sh", 0, why, sizeof(why)));
	CHECK(script_path_secure("sh", 0, why, sizeof(why)));     /* through PATH */
	char dir[] = "/tmp/ka-script-test-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	char path[600];
	snprintf(path, sizeof(path), "%s/s.sh", dir);
	FILE *f = fopen(path, "w");
	fputs("#!/bin/sh\nexit 0\n", f);
	fclose(f);
	chmod(dir, 0755);
	chmod(path, 0757);               /* world-writable script */
	CHECK(!script_path_secure(path, 0, why, sizeof(why)));
	CHECK(strstr(why, "writable") != NULL);
	chmod(path, 0755);
	if (geteuid() == 0)
		CHECK(script_path_secure(path, 0, why, sizeof(why)));
	chmod(dir, 0777);                /* world-writable directory, no sticky bit */
	CHECK(!script_path_secure(path, 0, why, sizeof(why)));
	unlink(path);
	rmdir(dir);
}

struct order { struct loop *loop; int done; };
static void done_cb(void *arg, int st, bool to) {}

static void stop_when_idle(void *arg);
static struct ev_timer idle_timer;
static struct script_tally *q;
static void stop_when_idle(void *arg)
{
	struct loop *loop = arg;
	if (!script_tally_busy(q))
		loop_stop(loop);
	else
		timer_start(loop, &idle_timer, 10000);
}

/* Each pushed script starts at once: a slow one holds none after it
 * (keepalived 2.2.7 forks every notify script). */
TEST(queue_runs_at_once)
{
	char out[] = "/tmp/ka-script-order-XXXXXX";
	int fd = mkstemp(out);
	close(fd);
	struct loop *loop = loop_new();
	q = script_tally_new(loop);
	struct script_policy pol = { .security = false, .uid = geteuid(), .gid = getegid() };
	char cmd[256];
	/* The first sleeps: the second, started at once, writes first. */
	snprintf(cmd, sizeof(cmd), "/bin/sh -c 'sleep 0.2; echo first >> %s'", out);
	script_tally_run(q, &pol, cmd, NULL);
	snprintf(cmd, sizeof(cmd), "/bin/sh -c 'echo \"$0 $1\" >> %s'", out);
	const char *extra[] = { "second", "arg", NULL };
	script_tally_run(q, &pol, cmd, extra);
	timer_init(&idle_timer, stop_when_idle, loop);
	timer_start(loop, &idle_timer, 10000);
	loop_run(loop);
	script_tally_free(q);
	FILE *f = fopen(out, "r");
	char l1[64] = "", l2[64] = "";
	CHECK(fgets(l1, sizeof(l1), f) != NULL);
	CHECK(fgets(l2, sizeof(l2), f) != NULL);
	fclose(f);
	CHECK_STR(l1, "second arg\n");
	CHECK_STR(l2, "first\n");
	unlink(out);
	loop_free(loop);
	(void)done_cb;
}

static bool timed_out_seen;
static void timeout_cb(void *arg, int st, bool to)
{
	timed_out_seen = to;
	loop_stop(arg);
}

TEST(timeout_kills)
{
	struct loop *loop = loop_new();
	struct script_policy pol = { .security = false, .uid = geteuid(), .gid = getegid() };
	pid_t pid = script_run(loop, &pol, "/bin/sleep 30", NULL, 100000, timeout_cb, loop);
	CHECK(pid > 0);
	loop_run(loop);
	CHECK(timed_out_seen);
	loop_free(loop);
}

TEST(security_refuses)
{
	char dir[] = "/tmp/ka-script-sec-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	chmod(dir, 0755);
	char path[600];
	snprintf(path, sizeof(path), "%s/s.sh", dir);
	FILE *f = fopen(path, "w");
	fputs("#!/bin/sh\nexit 0\n", f);
	fclose(f);
	chmod(path, 0777);
	struct loop *loop = loop_new();
	struct script_policy pol = { .security = true, .uid = 0, .gid = 0 };
	CHECK_EQ_INT(script_run(loop, &pol, path, NULL, 100000, NULL, NULL), -1);
	loop_free(loop);
	unlink(path);
	rmdir(dir);
}

static bool forgotten_called;
static void forgotten_cb(void *arg, int st, bool to) { forgotten_called = true; }
static void stop_cb(void *arg, int st, bool to) { loop_stop(arg); }

/* script_forget(): the script runs on, its callback is never called. */
TEST(forget_drops_the_callback)
{
	struct loop *loop = loop_new();
	struct script_policy pol = { .security = false, .uid = geteuid(), .gid = getegid() };
	pid_t a = script_run(loop, &pol, "/bin/sh -c 'sleep 0.1'", NULL, 5000000, forgotten_cb, NULL);
	CHECK(a > 0);
	script_forget(a);
	/* a second script that ends once the first was reaped */
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "/bin/sh -c 'while kill -0 %d 2>/dev/null; do sleep 0.05; done'", (int)a);
	pid_t b = script_run(loop, &pol, cmd, NULL, 20000000, stop_cb, loop);
	CHECK(b > 0);
	loop_run(loop);
	CHECK(!forgotten_called);
	CHECK(kill(a, 0) < 0);   /* reaped */
	loop_free(loop);
}

int main(void)
{
	RUN(split_words_and_quotes);
	RUN(security_of_paths);
	RUN(queue_runs_at_once);
	RUN(timeout_kills);
	RUN(security_refuses);
	RUN(forget_drops_the_callback);
	return unit_summary();
}
