/* check_misc.c - MISC_CHECK (a check_type.h row): run misc_path through the
 * shared script runner (script_user, enable_script_security, timeout) and
 * judge its exit code as keepalived does (check_rs_state.h
 * misc_exit_verdict); with misc_dynamic an exit code 2..255 sets the real
 * server's weight to code - 2. */
#include "checker.h"
#include "log.h"
#include "util.h"

#include <stdlib.h>
#include <sys/wait.h>

/* The script in flight (c->att); it outlives a cancelled attempt (owner =
 * NULL) until the script's exit is reaped. */
struct misc_token {
	struct check_rt *owner;
};

static void on_script_done(void *arg, int wstatus, bool timed_out)
{
	struct misc_token *tok = arg;
	struct check_rt *c = tok->owner;
	free(tok);
	if (!c)
		return;
	c->att = NULL;
	if (timed_out) {
		check_set_weight(c, 0);
		check_done(c, false, "script timed out after %u ms", c->conf->misc_timeout_ms);
		return;
	}
	if (wstatus == -1 || WIFSIGNALED(wstatus)) {
		check_set_weight(c, 0);
		if (wstatus == -1)
			check_done(c, false, "script could not run");
		else
			check_done(c, false, "script killed by signal %d", WTERMSIG(wstatus));
		return;
	}
	int code = WEXITSTATUS(wstatus);
	int32_t w;
	bool ok = misc_exit_verdict(code, c->conf->misc_dynamic, &w);
	/* keepalived: the weight becomes code - 2, i.e. the configured weight
	 * moves by code - 2 - weight; exit 0 or a failure puts it back */
	check_set_weight(c, ok && w >= 0 ? (int64_t)w - c->rs->conf->weight : 0);
	if (ok && w >= 0)
		check_done(c, true, "script exit code %d (weight %d)", code, w);
	else
		check_done(c, ok, "script exit code %d", code);
}

static void misc_start(struct check_rt *c)
{
	struct checker *ck = c->rs->vs->ck;
	struct misc_token *tok = xcalloc(1, sizeof(*tok));
	tok->owner = c;
	c->att = tok;
	pid_t pid = script_run(ck->loop, &ck->pol, c->conf->misc_path, NULL,
			       (uint64_t)c->conf->misc_timeout_ms * USEC_PER_MSEC, on_script_done, tok);
	if (pid < 0) {
		c->att = NULL;
		free(tok);
		check_done(c, false, "script could not start");
	}
}

/* The script runner enforces misc_timeout; this is only a backstop. */
static uint64_t misc_deadline(const struct check_rt *c)
{
	return (uint64_t)c->conf->misc_timeout_ms * USEC_PER_MSEC + 2 * USEC_PER_SEC;
}

static void misc_timeout(struct check_rt *c)
{
	check_set_weight(c, 0);
	check_done(c, false, "script timed out after %u ms", c->conf->misc_timeout_ms);
}

/* A cancelled attempt: the script's callback will find no owner. */
static void misc_release(struct check_rt *c)
{
	struct misc_token *tok = c->att;
	if (tok)
		tok->owner = NULL;
}

static void misc_dump(const struct check_rt *c, char **b, size_t *n)
{
	str_appendf(b, n, "     misc_path %s%s, weight contribution %lld\n", c->conf->misc_path,
		    c->conf->misc_dynamic ? " (dynamic)" : "", (long long)c->weight);
}

const struct check_ops check_ops_misc = {
	.id = CHECK_MISC,
	.name = "MISC_CHECK",
	.start = misc_start,
	.timeout = misc_timeout,
	.attempt_timeout_us = misc_deadline,
	.release = misc_release,
	.dump = misc_dump,
};
