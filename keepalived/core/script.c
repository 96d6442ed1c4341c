/* script.c - see script.h. */
#include "script.h"
#include "script_exec.h"
#include "script_remote.h"
#include "log.h"
#include "loop.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define SCRIPT_KILL_GRACE_US (2 * USEC_PER_SEC)

/* ---- splitting ----------------------------------------------------------------- */

char **script_split(const char *s)
{
	char **argv = xcalloc(1, sizeof(*argv));
	size_t argc = 0;
	char *word = xmalloc(strlen(s) + 1);

	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		size_t n = 0;
		char quote = 0;
		while (*s && (quote || (*s != ' ' && *s != '\t'))) {
			if (quote) {
				if (*s == quote)
					quote = 0;
				else if (*s == '\\' && quote == '"' && s[1])
					word[n++] = *++s;
				else
					word[n++] = *s;
			} else if (*s == '"' || *s == '\'') {
				quote = *s;
			} else if (*s == '\\' && s[1]) {
				word[n++] = *++s;
			} else {
				word[n++] = *s;
			}
			s++;
		}
		if (quote) {
			free(word);
			for (size_t i = 0; i < argc; i++)
				free(argv[i]);
			free(argv);
			return NULL;
		}
		word[n] = '\0';
		argv = xrealloc(argv, (argc + 2) * sizeof(*argv));
		argv[argc++] = xstrdup(word);
		argv[argc] = NULL;
	}
	free(word);
	return argv;
}

void script_argv_free(char **argv)
{
	if (!argv)
		return;
	for (char **p = argv; *p; p++)
		free(*p);
	free(argv);
}

/* ---- security --------------------------------------------------------------------- */

struct script_policy script_policy_of(const struct script_policy *pol, const struct conf_script *s)
{
	struct script_policy p = *pol;
	if (s->user_set) {
		p.uid = (uid_t)s->uid;
		p.gid = (gid_t)s->gid;
	}
	return p;
}

bool script_path_secure(const char *argv0, uid_t uid, char *why, size_t whylen)
{
	struct script_target t;
	bool found = script_target_open(argv0, uid, &t);
	bool ok = found && t.secure;
	if (!ok)
		str_copy(why, whylen, t.why);
	script_target_close(&t);
	return ok;
}

/* ---- where scripts run -------------------------------------------------------------- */

/* NULL: this process runs its scripts itself (the parent, tests); else a
 * child, whose scripts the parent runs. Set once (script_set_remote()). */
static struct script_remote *remote;

void script_set_remote(struct script_remote *r) { remote = r; }

void script_kill(pid_t id, int signo)
{
	if (id <= 0)
		return;
	if (remote)
		script_remote_kill(remote, id, signo);
	else
		kill(-id, signo);
}

/* ---- running ----------------------------------------------------------------------- */

struct script_proc {
	struct script_proc *next, *prev;   /* this process's scripts (forget_all) */
	struct loop *loop;
	pid_t pid;
	char *name;
	struct ev_timer timer;
	bool term_sent;
	bool timed_out;
	script_done_cb cb;
	void *arg;
};

static void proc_timeout(void *arg)
{
	struct script_proc *p = arg;
	p->timed_out = true;
	if (!p->term_sent) {
		log_warn("script %s (pid %d) timed out, sending SIGTERM", p->name, (int)p->pid);
		kill(-p->pid, SIGTERM);
		p->term_sent = true;
		timer_start(p->loop, &p->timer, SCRIPT_KILL_GRACE_US);
	} else {
		log_warn("script %s (pid %d) still running, sending SIGKILL", p->name, (int)p->pid);
		kill(-p->pid, SIGKILL);
	}
}

/* The scripts this process started and has not reaped yet. */
static struct script_proc *running;

static void proc_unlink(struct script_proc *p)
{
	if (p->prev)
		p->prev->next = p->next;
	else
		running = p->next;
	if (p->next)
		p->next->prev = p->prev;
}

void script_forget_all(void)
{
	while (running) {
		struct script_proc *p = running;
		running = p->next;
		free(p->name);
		free(p);
	}
}

static void proc_exited(void *arg, pid_t pid, int wstatus)
{
	struct script_proc *p = arg;
	proc_unlink(p);
	timer_stop(p->loop, &p->timer);
	if (WIFEXITED(wstatus))
		log_debug("script %s (pid %d) exited with status %d", p->name, (int)pid, WEXITSTATUS(wstatus));
	else if (WIFSIGNALED(wstatus))
		log_debug("script %s (pid %d) killed by signal %d", p->name, (int)pid, WTERMSIG(wstatus));
	if (p->cb)
		p->cb(p->arg, wstatus, p->timed_out);
	free(p->name);
	free(p);
}

/* In the forked child: become the script. Never returns. */
static void exec_child(const struct script_policy *pol, const struct script_target *t, char **argv)
{
	sigset_t all;
	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	for (int s = 1; s < NSIG; s++)
		signal(s, SIG_DFL);
	setpgid(0, 0);
	int devnull = open("/dev/null", O_RDWR);
	if (devnull >= 0) {
		dup2(devnull, STDIN_FILENO);
		if (devnull > STDIN_FILENO)
			close(devnull);
	}
	if (pol->gid != getegid() || pol->uid != geteuid()) {
		if (setgroups(0, NULL) < 0 && geteuid() == 0)
			_exit(126);
		if (setgid(pol->gid) < 0 || setuid(pol->uid) < 0) {
			fprintf(stderr, "script %s: cannot switch to uid %d: %s\n",
				argv[0], (int)pol->uid, strerror(errno));
			_exit(126);
		}
	}
	script_target_exec(t, argv);
}

bool script_is_open_test(const char *word0)
{
	return word0[0] == '<' && word0[1 + strspn(word0 + 1, " \t")] == '/';
}

/* The /bin/sh -c line of an open test: its first word as it is, the
 * others (and extra) single-quoted, as keepalived 2.2.7 builds it. */
static char *open_test_line(char **words, const char *const *extra)
{
	char *s = NULL;
	size_t len = 0;
	str_appendf(&s, &len, "%s", words[0]);
	for (int list = 0; list < 2; list++) {
		const char *const *w = list ? extra : (const char *const *)words + 1;
		for (; w && *w; w++) {
			str_appendf(&s, &len, " '");
			for (const char *c = *w; *c; c++)
				if (*c == '\'')
					str_appendf(&s, &len, "'\\''");
				else
					str_appendf(&s, &len, "%c", *c);
			str_appendf(&s, &len, "'");
		}
	}
	return s;
}

/* Start argv as pol says: returns its pid, or -1 (logged). An open test
 * ("</path", script_is_open_test()) runs as /bin/sh -c LINE. */
static pid_t run_local(struct loop *loop, const struct script_policy *pol, const char *cmdline, char **words,
		       const char *const *extra, uint64_t timeout_us, script_done_cb cb, void *arg)
{
	char *sh_words[] = { "/bin/sh", "-c", NULL, NULL };
	if (script_is_open_test(words[0])) {
		sh_words[2] = open_test_line(words, extra);
		words = sh_words;
		extra = NULL;
	}
	struct script_target t;
	bool found = script_target_open(words[0], pol->uid, &t);
	if (!found || !t.secure) {
		if (pol->security || !found) {
			log_err("script '%s' refused%s: %s", cmdline,
				found ? " (enable_script_security)" : "", t.why);
			script_target_close(&t);
			free(sh_words[2]);
			return -1;
		}
		log_warn("script '%s' is unsafe (%s); enable_script_security would refuse it", cmdline, t.why);
	}
	size_t n = 0, m = 0;
	while (words[n])
		n++;
	while (extra && extra[m])
		m++;
	char **argv = xcalloc(n + m + 1, sizeof(*argv));
	for (size_t i = 0; i < n; i++)
		argv[i] = words[i];
	for (size_t i = 0; i < m; i++)
		argv[n + i] = (char *)extra[i];

	pid_t pid = fork();
	if (pid == 0)
		exec_child(pol, &t, argv);
	free(argv);
	free(sh_words[2]);
	script_target_close(&t);
	if (pid < 0) {
		log_err("script '%s': fork: %s", cmdline, strerror(errno));
		return -1;
	}
	setpgid(pid, pid); /* also from here: no race with kill(-pid) */

	struct script_proc *p = xcalloc(1, sizeof(*p));
	p->loop = loop;
	p->pid = pid;
	p->name = xstrdup(words[0]);
	p->cb = cb;
	p->arg = arg;
	timer_init(&p->timer, proc_timeout, p);
	if (timeout_us)
		timer_start(loop, &p->timer, timeout_us);
	p->next = running;
	if (running)
		running->prev = p;
	running = p;
	log_debug("script '%s' started (pid %d)", cmdline, (int)pid);
	loop_child_watch(loop, pid, proc_exited, p);
	return pid;
}

pid_t script_run(struct loop *loop, const struct script_policy *pol, const char *cmdline,
		 const char *const *extra, uint64_t timeout_us, script_done_cb cb, void *arg)
{
	char **words = script_split(cmdline);
	if (!words || !words[0]) {
		log_err("script '%s': cannot parse the command line", cmdline);
		script_argv_free(words);
		return -1;
	}
	pid_t id = remote ? script_remote_run(remote, pol, cmdline, extra, timeout_us, cb, arg)
			  : run_local(loop, pol, cmdline, words, extra, timeout_us, cb, arg);
	script_argv_free(words);
	return id;
}

void script_forget(pid_t id)
{
	if (id <= 0)
		return;
	if (remote) {
		script_remote_forget(remote, id);
		return;
	}
	for (struct script_proc *p = running; p; p = p->next)
		if (p->pid == id) {
			p->cb = NULL;
			p->arg = NULL;
			break;
		}
}

/* ---- tally ------------------------------------------------------------------------ */

/* Contract: see script.h. Each script starts when it is run and none waits
 * for another, as keepalived 2.2.7 forks its notify scripts
 * (notify_exec()); the tally only counts what runs. */
struct script_tally {
	struct loop *loop;
	unsigned running;
	bool orphaned;                 /* freed by its owner while a script ran */
	struct script_tally *next_orphan;
};

/* Tallies freed by their owners while scripts still ran: this file owns
 * them until their last script ends (a child that exits first - a stop
 * does not wait for notify scripts - leaves them here, still referenced). */
static struct script_tally *orphans;

static void tally_script_done(void *arg, int wstatus, bool timed_out)
{
	struct script_tally *q = arg;
	if (q->running)
		q->running--;
	if (q->orphaned && !q->running) {
		for (struct script_tally **pp = &orphans; *pp; pp = &(*pp)->next_orphan) {
			if (*pp == q) {
				*pp = q->next_orphan;
				break;
			}
		}
		free(q);
	}
}

struct script_tally *script_tally_new(struct loop *loop)
{
	struct script_tally *q = xcalloc(1, sizeof(*q));
	q->loop = loop;
	return q;
}

void script_tally_run(struct script_tally *q, const struct script_policy *pol,
		      const char *cmdline, const char *const *extra)
{
	if (script_run(q->loop, pol, cmdline, extra, 0, tally_script_done, q) > 0)
		q->running++;
}

bool script_tally_busy(const struct script_tally *q) { return q->running > 0; }

void script_tally_free(struct script_tally *q)
{
	if (!q)
		return;
	if (q->running) {
		q->orphaned = true;   /* frees itself when its last script ends */
		q->next_orphan = orphans;
		orphans = q;
		return;
	}
	free(q);
}
