/* parent_lifecycle.c - startup_script and shutdown_script (global_defs).
 *
 * As keepalived 2.2 documents them: the startup script runs before the
 * VRRP and checker children start, and they start when it ends (or when it
 * is killed after startup_script_timeout seconds); the shutdown script runs
 * once every child has stopped (so the VIPs are gone and IPVS is cleaned),
 * and the parent exits when it ends or after shutdown_script_timeout. Both
 * run as their own USER/GROUP, else as script_user, under the same script
 * security as every other script. Neither blocks the parent's loop.
 */
#include "parent_int.h"
#include "log.h"
#include "script.h"
#include "util.h"

#include <stdlib.h>
#include <sys/wait.h>

struct lifecycle_run {
	struct parent *p;
	const char *what;
	void (*then)(struct parent *p);
};

static void lifecycle_done(void *arg, int wstatus, bool timed_out)
{
	struct lifecycle_run *r = arg;
	if (timed_out)
		log_warn("%s did not end in time: killed", r->what);
	else if (wstatus == -1)
		log_err("%s was refused", r->what);
	else if (WIFEXITED(wstatus))
		log_info("%s ended (exit status %d)", r->what, WEXITSTATUS(wstatus));
	else
		log_warn("%s ended by a signal (%d)", r->what, WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : -1);
	struct parent *p = r->p;
	void (*then)(struct parent *) = r->then;
	free(r);
	then(p);
}

/* Contract: see parent_int.h. */
void parent_lifecycle_run(struct parent *p, const struct lifecycle_script *s, const char *what,
			  void (*then)(struct parent *p))
{
	if (!s->cmd) {
		then(p);
		return;
	}
	const struct global_conf *g = &p->conf->global;
	struct script_policy pol = {
		.security = g->enable_script_security,
		.uid = s->user_set ? s->uid : g->script_uid,
		.gid = s->user_set ? s->gid : g->script_gid,
	};
	struct lifecycle_run *r = xcalloc(1, sizeof(*r));
	r->p = p;
	r->what = what;
	r->then = then;
	log_info("running %s %s", what, s->cmd);
	if (script_run(p->loop, &pol, s->cmd, NULL, (uint64_t)s->timeout_s * USEC_PER_SEC, lifecycle_done, r) < 0) {
		free(r);
		then(p);
	}
}
