/* conf_sched.c - global_defs keywords that set how the parent schedules
 * its children (struct proc_sched_conf in config.h, applied by
 * core/parent_sched.c): vrrp_priority / checker_priority (nice),
 * vrrp_rt_priority / checker_rt_priority (SCHED_RR), vrrp_rlimit_rttime /
 * checker_rlimit_rttime (and keepalived's older *_rlimit_rtime),
 * vrrp_cpu_affinity / checker_cpu_affinity, and the bfd_ ones. Values and messages follow
 * keepalived 2.2.7. */
#include "conf_lex.h"
#include "conf_sched.h"
#include "util.h"

#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The struct of the process the keyword names (vrrp_..., bfd_... or checker_...). */
static struct proc_sched_conf *target(struct conf_ctx *ctx, const char *kw)
{
	struct mgmt_conf *m = &conf_ctx_config(ctx)->mgmt;
	return strncmp(kw, "vrrp_", 5) == 0 ? &m->vrrp_sched
	     : strncmp(kw, "bfd_", 4) == 0 ? &m->bfd_sched : &m->checker_sched;
}

/* An integer in [lo, hi] from t, read as keepalived 2.2.7's read_int()
 * ("" is 0); another value is skipped with a warning, as 2.2.7 skips it. */
static bool get_int(struct conf_ctx *ctx, const struct conf_token *t, const char *what, long lo, long hi,
		    long *out)
{
	char *e;
	long v = strtol(t->text, &e, 10);
	if (*e || v < lo || v > hi) {
		conf_warn(ctx, t, "%s must be %ld..%ld, got %s: the line is skipped, as keepalived 2.2.7 skips it",
			  what, lo, hi, t->text);
		return false;
	}
	*out = v;
	return true;
}

void conf_kw_proc_nice(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	long v;
	if (!get_int(ctx, &args->argv[1], args->argv[0].text, -20, 19, &v))
		return;
	struct proc_sched_conf *s = target(ctx, args->argv[0].text);
	s->nice = (int)v;
	s->nice_set = true;
}

/* Out of the kernel's SCHED_RR range: clamped with a warning, as keepalived. */
void conf_kw_proc_rt_priority(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	long v;
	if (!get_int(ctx, &args->argv[1], args->argv[0].text, -1000000, 1000000, &v))
		return;
	long lo = sched_get_priority_min(SCHED_RR), hi = sched_get_priority_max(SCHED_RR);
	if (v < lo || v > hi) {
		conf_warn(ctx, &args->argv[1], "%s %ld is outside %ld..%ld: %ld is used", args->argv[0].text, v,
			  lo, hi, v < lo ? lo : hi);
		v = v < lo ? lo : hi;
	}
	target(ctx, args->argv[0].text)->rt_priority = (unsigned)v;
}

/* *_rlimit_rttime MICROSECONDS (at least 2); *_rlimit_rtime is keepalived's
 * deprecated spelling. */
void conf_kw_proc_rlimit(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	const char *kw = args->argv[0].text;
	size_t n = strlen(kw);
	if (n > 5 && strcmp(kw + n - 5, "rtime") == 0 && kw[n - 6] == '_')
		conf_warn(ctx, &args->argv[0], "%s is deprecated, use %.*srttime", kw, (int)(n - 5), kw);
	long v;
	if (!get_int(ctx, &args->argv[1], kw, 1, UINT32_MAX, &v))
		return;
	target(ctx, kw)->rlimit_rttime_us = (uint32_t)(v < 2 ? 2 : v);
}

/* *_cpu_affinity CPU...: each an online CPU number. */
void conf_kw_proc_affinity(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct proc_sched_conf *s = target(ctx, args->argv[0].text);
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	if (ncpu > PROC_SCHED_MAX_CPUS)
		ncpu = PROC_SCHED_MAX_CPUS;
	memset(s->cpus, 0, sizeof(s->cpus));
	for (size_t i = 1; i < args->argc; i++) {
		long c;
		if (!get_int(ctx, &args->argv[i], "a CPU number", 0, ncpu - 1, &c)) {
			memset(s->cpus, 0, sizeof(s->cpus));
			return;
		}
		s->cpus[c / 64] |= 1ULL << (c % 64);
	}
}

void conf_kw_proc_no_swap(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	(void)obj;
	target(ctx, args->argv[0].text)->no_swap = true;
}
