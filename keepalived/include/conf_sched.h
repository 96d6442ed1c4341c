/* conf_sched.h - the global_defs keywords of struct proc_sched_conf
 * (config.h): how the parent schedules each child. Rows in
 * conf_keywords_global.c; applied by core/parent_sched.c. */
#ifndef KA_CONF_SCHED_H
#define KA_CONF_SCHED_H
#include "conf_parse.h"

/* vrrp_priority / checker_priority -20..19 */
void conf_kw_proc_nice(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
/* vrrp_rt_priority / checker_rt_priority 1..99 */
void conf_kw_proc_rt_priority(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
/* vrrp_rlimit_rttime / checker_rlimit_rttime (and *_rlimit_rtime) */
void conf_kw_proc_rlimit(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
/* vrrp_cpu_affinity / checker_cpu_affinity CPU... */
void conf_kw_proc_affinity(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
/* vrrp_no_swap / checker_no_swap / bfd_no_swap */
void conf_kw_proc_no_swap(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
#endif
