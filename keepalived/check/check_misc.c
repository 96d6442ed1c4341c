/* check_misc.c - MISC_CHECK: run misc_path (through the shared script
 * runner: script_user, enable_script_security, timeout) and judge its exit
 * code as keepalived does (check_rs_state.h misc_exit_verdict). */
#include "checker.h"
#include "log.h"
#include "util.h"

#include <stdlib.h>
#include <sys/wait.h>

/* The script ended; the token outlives a check that was cancelled meanwhile. */
static void on_script_done(void *arg, int wstatus, bool timed_out)
{
	struct misc_token *tok = arg;
	struct check_rt *c = tok->owner;
	free(tok);
	if (!c)
		return;
	c->misc = NULL;
	if (timed_out) {
		check_done(c, false, -1, "script timed out after %u ms", c->conf->misc_timeout_ms);
		return;
	}
	if (wstatus == -1) {
		check_done(c, false, -1, "script could not run");
		return;
	}
	if (WIFSIGNALED(wstatus)) {
		check_done(c, false, -1, "script killed by signal %d", WTERMSIG(wstatus));
		return;
	}
	int code = WEXITSTATUS(wstatus);
	int32_t w;
	bool ok = misc_exit_verdict(code, c->conf->misc_dynamic, &w);
	if (ok && w >= 0)
		check_done(c, true, w, "script exit code %d (weight %d)", code, w);
	else
		check_done(c, ok, -1, "script exit code %d", code);
}

void check_misc_start(struct check_rt *c)
{
	struct checker *ck = c->rs->vs->ck;
	struct misc_token *tok = xcalloc(1, sizeof(*tok));
	tok->owner = c;
	c->misc = tok;
	pid_t pid = script_run(ck->loop, &ck->pol, c->conf->misc_path, NULL,
			       (uint64_t)c->conf->misc_timeout_ms * USEC_PER_MSEC, on_script_done, tok);
	if (pid < 0) {
		c->misc = NULL;
		free(tok);
		check_done(c, false, -1, "script could not start");
	}
}
