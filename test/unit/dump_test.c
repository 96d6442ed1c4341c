/* dump_test.c - the parent's dump requests (core/dump.c) against a child
 * played here over a real IPC channel and the event loop: a child that
 * keeps sending its text slowly (a checker dumping 20,000 real servers on
 * a busy machine) is waited for past the 3 s idle limit, and the text
 * arrives whole; a child that sends nothing is given up on. */
#include "unit.h"

#include "dump.h"
#include "ipc.h"
#include "loop.h"
#include "util.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[] = { "checker" };

struct lab {
	struct loop *loop;
	struct dump_mgr *mgr;
	struct ipc_chan *parent;   /* the parent's end */
	struct ipc_chan *child;    /* the played child's end */
	struct ev_timer chunk;     /* the child's next chunk */
	struct ev_timer guard;     /* the test's own limit */
	uint32_t id;               /* the request the child is answering */
	int chunks_left;           /* < 0: the child never answers */
	bool done, answered, guard_fired;
	char text[256];
};

static void parent_msg(void *arg, uint32_t type, const void *p, size_t len)
{
	struct lab *l = arg;
	if (type == IPC_DUMP_DATA)
		dump_on_data(l->mgr, 0, p, len);
	else if (type == IPC_DUMP_END)
		dump_on_end(l->mgr, 0, p, len);
}

/* One chunk a second, then DUMP_END. */
static void next_chunk(void *arg)
{
	struct lab *l = arg;
	if (l->chunks_left == 0) {
		ipc_send(l->child, IPC_DUMP_END, &l->id, sizeof(l->id));
		return;
	}
	char line[32];
	int n = snprintf(line, sizeof(line), "chunk %d\n", l->chunks_left--);
	ipc_send_text(l->child, l->id, line, (size_t)n);
	timer_start(l->loop, &l->chunk, USEC_PER_SEC);
}

static void child_msg(void *arg, uint32_t type, const void *p, size_t len)
{
	struct lab *l = arg;
	if (type != IPC_DUMP_REQUEST || len < sizeof(uint32_t))
		return;
	memcpy(&l->id, p, sizeof(l->id));
	if (l->chunks_left >= 0)
		next_chunk(l);
}

static void done(void *arg, const struct dump_result *res)
{
	struct lab *l = arg;
	l->done = true;
	l->answered = res->answers[0].answered;
	snprintf(l->text, sizeof(l->text), "%s", res->answers[0].text);
	loop_stop(l->loop);
}

static void guard(void *arg)
{
	struct lab *l = arg;
	l->guard_fired = true;
	loop_stop(l->loop);
}

/* Ask the played child (CHUNKS chunks a second apart, or silent when < 0)
 * and run the loop until the request completes or 20 s pass. */
static void ask(struct lab *l, int chunks)
{
	int fds[2];
	CHECK(ipc_socketpair(fds) == 0);
	l->loop = loop_new();
	l->mgr = dump_mgr_new(l->loop, 1, names);
	l->parent = ipc_open(l->loop, fds[0], parent_msg, NULL, l);
	l->child = ipc_open(l->loop, fds[1], child_msg, NULL, l);
	l->chunks_left = chunks;
	timer_init(&l->chunk, next_chunk, l);
	timer_init(&l->guard, guard, l);
	timer_start(l->loop, &l->guard, 20 * USEC_PER_SEC);
	struct ipc_chan *chans[] = { l->parent };
	CHECK(dump_request(l->mgr, IPC_DUMP_DATA_FILE, chans, done, l) > 0);
	loop_run(l->loop);
	timer_stop(l->loop, &l->chunk);
	timer_stop(l->loop, &l->guard);
	dump_mgr_free(l->mgr);
	ipc_close(l->parent);
	ipc_close(l->child);
	loop_free(l->loop);
}

/* Five chunks over 5 s: longer than the idle limit in all, but never 3 s
 * without a word - the whole text, answered. */
TEST(steady_slow_answer_is_waited_for)
{
	struct lab l = { 0 };
	ask(&l, 5);
	CHECK(l.done);
	CHECK(!l.guard_fired);
	CHECK(l.answered);
	CHECK_STR(l.text, "chunk 5\nchunk 4\nchunk 3\nchunk 2\nchunk 1\n");
}

/* A child that says nothing is given up on (3 s), not waited for forever. */
TEST(silent_child_is_given_up_on)
{
	struct lab l = { 0 };
	ask(&l, -1);
	CHECK(l.done);
	CHECK(!l.guard_fired);
	CHECK(!l.answered);
	CHECK_STR(l.text, "");
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	RUN(steady_slow_answer_is_waited_for);
	RUN(silent_child_is_given_up_on);
	return unit_summary();
}
