/* parent_sched.c - the children's scheduling, set by the parent (which
 * keeps the privileges for it, so the children need no CAP_SYS_NICE):
 * vrrp_priority / checker_priority (nice), vrrp_rt_priority /
 * checker_rt_priority (SCHED_RR, with RLIMIT_RTTIME from *_rlimit_rttime,
 * default 10 ms, as keepalived 2.2.7), vrrp_cpu_affinity /
 * checker_cpu_affinity (and the bfd_ ones). Applied when a child starts and again after each
 * reload; *_no_swap is the one the child does itself, once, when it starts
 * (as keepalived 2.2.7's children: a reload that adds it takes effect when
 * that child next starts). */
#include "parent_int.h"
#include "log.h"

#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>

#ifndef SCHED_RESET_ON_FORK
#define SCHED_RESET_ON_FORK 0x40000000
#endif
#define RTTIME_DEFAULT_US 10000

static const struct proc_sched_conf *sched_of(const struct parent *p, const struct proc_slot *s)
{
	return s == &p->slots[PROC_VRRP] ? &p->conf->mgmt.vrrp_sched
	     : s == &p->slots[PROC_BFD] ? &p->conf->mgmt.bfd_sched : &p->conf->mgmt.checker_sched;
}

static bool any_cpu(const struct proc_sched_conf *c)
{
	for (size_t i = 0; i < sizeof(c->cpus) / sizeof(c->cpus[0]); i++)
		if (c->cpus[i])
			return true;
	return false;
}

static void set_affinity(const struct proc_sched_conf *c, pid_t pid, const char *name)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	for (unsigned cpu = 0; cpu < PROC_SCHED_MAX_CPUS && cpu < CPU_SETSIZE; cpu++)
		if (c->cpus[cpu / 64] & (1ULL << (cpu % 64)))
			CPU_SET(cpu, &set);
	if (sched_setaffinity(pid, sizeof(set), &set) < 0)
		log_err("%s child: cannot set its CPU affinity: %s", name, strerror(errno));
}

/* The realtime limit first: a process must never run SCHED_RR unlimited
 * (a loop that never blocks would hang the CPU). Soft = hard: a soft limit
 * below would send SIGXCPU, which the children do not catch. */
static void set_realtime(const struct proc_sched_conf *c, pid_t pid, const char *name)
{
	rlim_t lim = c->rlimit_rttime_us ? c->rlimit_rttime_us : RTTIME_DEFAULT_US;
	struct rlimit rl = { .rlim_cur = lim, .rlim_max = lim };
	if (prlimit(pid, RLIMIT_RTTIME, &rl, NULL) < 0) {
		log_err("%s child: cannot set RLIMIT_RTTIME: %s - not made realtime", name, strerror(errno));
		return;
	}
	struct sched_param sp = { .sched_priority = (int)c->rt_priority };
	if (sched_setscheduler(pid, SCHED_RR | SCHED_RESET_ON_FORK, &sp) < 0)
		log_err("%s child: cannot set realtime priority %u: %s", name, c->rt_priority, strerror(errno));
}

void parent_sched_apply(struct parent *p, struct proc_slot *s)
{
	if (!s->pid)
		return;
	const struct proc_sched_conf *c = sched_of(p, s);
	const char *name = s->desc->name;
	if (c->rt_priority) {
		set_realtime(c, s->pid, name);
	} else {
		struct sched_param sp = { .sched_priority = 0 };
		int policy = sched_getscheduler(s->pid);
		/* a reload that drops rt_priority: back to normal scheduling
		 * (not when the child raised itself: max_auto_priority) */
		if (policy >= 0 && (policy & ~SCHED_RESET_ON_FORK) == SCHED_RR && s->sched_rt_set)
			sched_setscheduler(s->pid, SCHED_OTHER, &sp);
		if (c->nice_set && setpriority(PRIO_PROCESS, (id_t)s->pid, c->nice) < 0)
			log_err("%s child: cannot set its priority %d: %s", name, c->nice, strerror(errno));
	}
	s->sched_rt_set = c->rt_priority != 0;
	if (any_cpu(c))
		set_affinity(c, s->pid, name);
}

/* Locked memory under the sanitizers would be their shadow's terabytes. */
#if defined(__SANITIZE_ADDRESS__)
#define LOCK_UNSAFE 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LOCK_UNSAFE 1
#endif
#endif

/* RLIMIT_MEMLOCK is lifted first (the child is still root): once it has
 * dropped CAP_IPC_LOCK, every new page counts against that limit (8 MB by
 * default) and allocations past it would fail. */
void parent_sched_child_lock(const struct parent *p, const struct proc_slot *s)
{
	if (!sched_of(p, s)->no_swap)
		return;
	const char *kw = s == &p->slots[PROC_VRRP] ? "vrrp_no_swap"
		       : s == &p->slots[PROC_BFD] ? "bfd_no_swap" : "checker_no_swap";
#ifdef LOCK_UNSAFE
	log_notice("%s: memory not locked in a sanitizer build", kw);
#else
	struct rlimit rl = { .rlim_cur = RLIM_INFINITY, .rlim_max = RLIM_INFINITY };
	if (setrlimit(RLIMIT_MEMLOCK, &rl) < 0)
		log_warn("%s: cannot lift RLIMIT_MEMLOCK: %s", kw, strerror(errno));
	if (mlockall(MCL_CURRENT | MCL_FUTURE) < 0)
		log_err("%s: cannot lock the process's memory: %s", kw, strerror(errno));
	else
		log_info("%s: memory locked", kw);
#endif
}
