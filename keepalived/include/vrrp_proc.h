/* vrrp_proc.h - vrrp_track_process: counting processes with the kernel's
 * process events (vrrp/vrrp_proc.c). One monitor per VRRP child, one track
 * per vrrp_track_process definition. */
#ifndef KA_VRRP_PROC_H
#define KA_VRRP_PROC_H

#include <stdbool.h>
#include <stddef.h>

struct loop;
struct vrrp_proc_mon;
struct vrrp_proc_track;
struct vrrp_track_process_conf;

/* The monitor, on fd (a proc connector socket, taken) or, when fd is -1,
 * on one opened here (logged when it cannot: then /proc is counted every
 * second). */
struct vrrp_proc_mon *vrrp_proc_mon_new(struct loop *loop, int fd);
/* A NETLINK_CONNECTOR socket subscribed to process events, in the initial
 * network namespace when this one has no proc connector (setns(): root);
 * -1 when it cannot be had (logged). */
int vrrp_proc_connector_open(void);
/* The key under which the parent hands it to the VRRP child
 * (IPC_FILE_FD, child_ipc_take_file()) when track_process is configured. */
#define VRRP_PROC_CONNECTOR_KEY "<proc connector>"
bool vrrp_proc_mon_ok(const struct vrrp_proc_mon *m);
/* Frees its tracks too. */
void vrrp_proc_mon_free(struct vrrp_proc_mon *m);
/* Count every process again (after lost events). */
void vrrp_proc_rescan(struct vrrp_proc_mon *m);

/* Track c (moved out): counted at once from /proc; changed(arg) is called
 * from the loop whenever vrrp_proc_track_up() changes. */
struct vrrp_proc_track *vrrp_proc_track_new(struct vrrp_proc_mon *m, struct vrrp_track_process_conf *c,
					    void (*changed)(void *arg), void *arg);
void vrrp_proc_track_del(struct vrrp_proc_track *t);
bool vrrp_proc_track_up(const struct vrrp_proc_track *t);
size_t vrrp_proc_track_count(const struct vrrp_proc_track *t);
const struct vrrp_track_process_conf *vrrp_proc_track_conf(const struct vrrp_proc_track *t);

#endif
