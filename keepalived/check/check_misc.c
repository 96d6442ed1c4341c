/* check_misc.c - MISC_CHECK (a check_type.h row): run misc_path through the
 * shared script runner (script_user, enable_script_security, timeout) and
 * judge its exit code as keepalived does (check_rs_state.h
 * misc_exit_verdict); with misc_dynamic an exit code 2..255 sets the real
 * server's weight to code - 2. */
#include "checker.h"
#include "dump_text.h"
#include "check_kw.h"
#include "log.h"
#include "util.h"

#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>

/* The script in flight (c->att). A cancelled attempt frees it and tells
 * the script runner to forget the callback (the script runs on). */
struct misc_token {
	struct check_rt *owner;
	pid_t id;                 /* script_run()'s */
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
		check_done(c, false, "script timed out after %u ms", c->conf->u.misc.timeout_ms);
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
	c->last_exit = code;
	int32_t w;
	bool ok = misc_exit_verdict(code, c->conf->u.misc.dynamic, &w);
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
	struct script_policy pol = ck->pol;
	if (c->conf->u.misc.user_set) {
		pol.uid = c->conf->u.misc.uid;
		pol.gid = c->conf->u.misc.gid;
	}
	pid_t pid = script_run(ck->loop, &pol, c->conf->u.misc.path, NULL,
			       (uint64_t)c->conf->u.misc.timeout_ms * USEC_PER_MSEC, on_script_done, tok);
	tok->id = pid;
	if (pid < 0) {
		c->att = NULL;
		free(tok);
		check_done(c, false, "script could not start");
	}
}

/* The script runner enforces misc_timeout; this is only a backstop. */
static uint64_t misc_deadline(const struct check_rt *c)
{
	return (uint64_t)c->conf->u.misc.timeout_ms * USEC_PER_MSEC + 2 * USEC_PER_SEC;
}

static void misc_timeout(struct check_rt *c)
{
	check_set_weight(c, 0);
	check_done(c, false, "script timed out after %u ms", c->conf->u.misc.timeout_ms);
}

/* A cancelled attempt (timeout, stop, reload): its script's end no
 * longer concerns anyone. */
static void misc_release(struct check_rt *c)
{
	struct misc_token *tok = c->att;
	if (tok) {
		script_forget(tok->id);
		free(tok);
	}
}

/* keepalived 2.2.7's lines: the script as it resolved it, misc_timeout
 * in seconds (0 when not given: delay_loop then), dynamic, the user it
 * runs as, when the last attempt started and the script's last exit code. */
static void misc_dump(const struct check_rt *c, char **b, size_t *n)
{
	const struct misc_check_conf *m = &c->conf->u.misc;
	const struct global_conf *g = &c->rs->vs->ck->global;
	str_appendf(b, n, "   script = ");
	dump_cmd_str(b, n, m->path);
	str_appendf(b, n, "\n   timeout = %u\n   dynamic = %s\n", m->timeout_set ? m->timeout_ms / 1000 : 0,
		    m->dynamic ? "YES" : "NO");
	str_appendf(b, n, "   uid:gid = %u:%u\n", m->user_set ? m->uid : (unsigned)g->script_uid,
		    m->user_set ? m->gid : (unsigned)g->script_gid);
	double ran = 0;
	if (c->attempt_start_us)
		ran = wall_now() - (double)(loop_now(c->rs->vs->ck->loop) - c->attempt_start_us) / 1e6;
	time_t sec = (time_t)ran;
	long usec = (long)((ran - (double)sec) * 1e6);
	char t[32] = "?";
	struct tm tm;
	if (localtime_r(&sec, &tm))
		strftime(t, sizeof(t), "%a %b %e %H:%M:%S %Y", &tm);
	str_appendf(b, n, "   Last ran = %lld.%06ld (%s.%06ld)\n   Last status = %u\n", (long long)sec, usec, t, usec,
		    (unsigned)c->last_exit);
}

/* ---- configuration ------------------------------------------------------- */

#define M struct check_conf

/* user USER [GROUP]: resolved now. An unknown one: keepalived 2.2.7
 * removes the check ("Failed to set uid/gid for misc checker script");
 * so do we - no script left, check_validate.c removes it with a warning. */
static void kw_misc_user(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	struct misc_check_conf *m = &((struct check_conf *)obj)->u.misc;
	const char *user = a->argv[1].text, *group = a->argc > 2 ? a->argv[2].text : NULL;
	if (!getpwnam(user) || (group && !getgrnam(group))) {
		conf_warn(c, &a->argv[1], "MISC_CHECK user: no user '%s'%s%s%s: the check is removed, as keepalived "
			  "2.2.7 removes it", user, group ? " or no group '" : "", group ? group : "", group ? "'" : "");
		m->user_set = true;
		m->uid = m->gid = MISC_NO_USER;
		return;
	}
	if (conf_get_user(c, &a->argv[1], &a->argv[a->argc - 1], "user", user, group, &m->uid, &m->gid))
		m->user_set = true;
}

/* misc_timeout SECONDS: whole seconds 0..4294 as keepalived 2.2.7 reads
 * them (read_unsigned with ignore_error: its -t reports "1.5" and its
 * running daemon takes 1; 0 or "" is no timeout of its own, delay_loop). */
static void kw_misc_timeout(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	uint32_t v;
	if (!conf_get_uint_lead(c, &a->argv[1], "misc_timeout", 0, UINT32_MAX / 1000000, &v))
		return;
	((struct check_conf *)obj)->u.misc.timeout_ms = v ? v * 1000 : CHECK_UNSET;
}

/* misc_path CMD...: keepalived 2.2.7 reads the command only when the line
 * has one - an empty second misc_path line leaves the first (-t 0); with
 * none at all the check is removed (misc_close()). */
static void kw_misc_path(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	if (a->argc < 2) {
		conf_notice(c, &a->argv[0], "MISC_CHECK: misc_path without a command: ignored%s, as keepalived "
			    "2.2.7 ignores it", ((struct check_conf *)obj)->u.misc.path ? " (the one given before is kept)" : "");
		return;
	}
	conf_set_script(c, obj, a);
}

static const struct conf_keyword misc_keywords[] = {
	CONF_KW_BOOL("misc_dynamic", M, u.misc.dynamic),
	{ "misc_path", 0, CONF_ARGS_ANY, kw_misc_path, NULL, NULL, CONF_KW_MEMBER(M, u.misc.path), 0, 0 },
	{ "misc_timeout", 1, 1, kw_misc_timeout, NULL, NULL },
	{ "user", 1, 2, kw_misc_user, NULL, NULL, .skip_missing = true },
};
#undef M

/* keepalived 2.2.7: "No script path has been specified for MISC_CHECKER -
 * skipping": the check is removed (check_validate.c), with a warning. */
static void misc_close(struct conf_ctx *c, void *obj, const struct conf_token *brace)
{
	if (!((struct check_conf *)obj)->u.misc.path)
		conf_warn(c, brace, "MISC_CHECK without misc_path: removed, as keepalived 2.2.7 skips it");
}

/* MISC_CHECK has the timing options, not the connection ones (keepalived). */
const struct conf_block check_misc_block = {
	"MISC_CHECK", misc_keywords, ARRAY_SIZE(misc_keywords), NULL, misc_close, &check_timing_block,
};

static const struct conf_field misc_rows[] = {
	CF_SCR(struct misc_check_conf, path),
	CF_UANY(struct misc_check_conf, timeout_ms),
	CF_B(struct misc_check_conf, timeout_set),
	CF_B(struct misc_check_conf, dynamic),
	CF_SCR_USER_SET(struct misc_check_conf, user_set),
	CF_SCR_UID(struct misc_check_conf, uid),
	CF_SCR_GID(struct misc_check_conf, gid),
};
const struct conf_struct_desc check_misc_desc = CF_DESC(struct misc_check_conf, 0, misc_rows, NULL);

static void misc_conf_init(struct check_conf *c)
{
	c->u.misc.timeout_ms = CHECK_UNSET;
}

/* misc_timeout defaults to delay_loop. */
static int misc_validate(struct check_conf *c, const struct rs_conf *rs, const struct vs_conf *vs,
			 const struct config *conf)
{
	c->u.misc.timeout_set = c->u.misc.timeout_ms != CHECK_UNSET;
	if (c->u.misc.timeout_ms == CHECK_UNSET)
		c->u.misc.timeout_ms = c->delay_loop_ms;
	return 0;
}

const struct check_ops check_ops_misc = {
	.id = CHECK_MISC,
	.name = "MISC_CHECK",
	.block = &check_misc_block,
	.conf_init = misc_conf_init,
	.default_retry = 0,
	.default_delay_before_retry_ms = 1000,
	.validate = misc_validate,
	.start = misc_start,
	.timeout = misc_timeout,
	.attempt_timeout_us = misc_deadline,
	.release = misc_release,
	.dump = misc_dump,
};
