#!/usr/bin/env bash
# fault_tracking: the effective priority follows the weighted trackers from
# the start and in FAULT, whatever put the instance in FAULT, as keepalived
# 2.2.7's (effective priority = priority + weights, its fault counted
# apart). VI_1 (priority 150) tracks ext0 (weight -30) and ext2 (weight 0)
# and starts with eth0 and both down: the notify says "INSTANCE VI_1 FAULT
# 120" (ours said 150: the trackers were not counted before the first
# transition) and, with vrrp_notify_priority_changes, the FIFO has
# BACKUP_PRIORITY 120 before FAULT 120 and a BACKUP_PRIORITY line for each
# change while in FAULT (ours wrote none outside MASTER and BACKUP). With
# eth0 up and ext2 still down (a weight-0 fault) ext0 still moves it (ours
# kept 150 in a tracker's FAULT). Passes with keepalived 2.2.7 too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1
R1=$(kt_ns r1)
for i in 0 2; do
	ip -n "$R1" link add ext$i type veth peer name ext$((i + 1)) || fail "cannot make ext$i"
	ip -n "$R1" link set ext$((i + 1)) up
done
OUT=$KT_TMP/notify.out FIFO_OUT=$KT_TMP/fifo.out
kt_notify_recorder "$KT_TMP/notify.sh" "$OUT"
kt_fifo_recorder "$KT_TMP/fifo.sh" "$FIFO_OUT"
KT_GLOBAL="global_defs {
    vrrp_notify_fifo $KT_TMP/vrrp.fifo
    vrrp_notify_fifo_script $KT_TMP/fifo.sh
    vrrp_notify_priority_changes
}" vrrp_conf r1 150 "    notify $KT_TMP/notify.sh
    track_interface {
        ext0 weight -30
        ext2
    }"
got() { grep -qx -- "$1" "$OUT" 2>/dev/null; }
# fifo_n LINE N: LINE is in the FIFO's output at least N times
fifo_n() { [ "$(grep -cx -- "$2" "$FIFO_OUT" 2>/dev/null)" -ge "$1" ]; }
show() { echo "--- notify:"; cat "$OUT" 2>/dev/null; echo "--- FIFO:"; cat "$FIFO_OUT" 2>/dev/null; }

ip -n "$R1" link set eth0 down
ka_start r1 r1
step "eth0, ext0 (-30) and ext2 (weight 0) down at start: FAULT at 120"
wait_for 30 got "INSTANCE VI_1 FAULT 120" || { show; fail "no 'INSTANCE VI_1 FAULT 120' notify"; }
wait_for 10 fifo_n 1 'INSTANCE "VI_1" FAULT 120' || { show; fail "no FAULT 120 FIFO line"; }
[ "$(head -n 2 "$FIFO_OUT")" = 'INSTANCE "VI_1" BACKUP_PRIORITY 120
INSTANCE "VI_1" FAULT 120' ] || { show; fail "the FIFO does not start with BACKUP_PRIORITY 120 then FAULT 120"; }

step "ext0 up, then down, in FAULT: a priority line each"
ip -n "$R1" link set ext0 up
wait_for 20 fifo_n 1 'INSTANCE "VI_1" BACKUP_PRIORITY 150' || { show; fail "no BACKUP_PRIORITY 150 in FAULT"; }
ip -n "$R1" link set ext0 down
wait_for 20 fifo_n 2 'INSTANCE "VI_1" BACKUP_PRIORITY 120' || { show; fail "no second BACKUP_PRIORITY 120 in FAULT"; }

step "eth0 up, ext2 (weight 0) still down: FAULT, ext0 still counts"
ip -n "$R1" link set eth0 up
ip -n "$R1" link set ext0 up
wait_for 20 fifo_n 2 'INSTANCE "VI_1" BACKUP_PRIORITY 150' || { show; fail "ext0 did not count in a weight-0 tracker's FAULT"; }
got "INSTANCE VI_1 BACKUP 150" && { show; fail "left FAULT with ext2 down"; }

step "ext2 up: out of FAULT at 150"
ip -n "$R1" link set ext2 up
wait_for 30 got "INSTANCE VI_1 MASTER 150" || { show; fail "never MASTER at 150"; }
show
log_result
