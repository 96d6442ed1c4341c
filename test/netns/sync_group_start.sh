#!/usr/bin/env bash
# sync_group_start: the notify FIFO lines of a sync group at start, in
# keepalived 2.2.7's order. VI_1 (eth0) and VI_2 (eth1) are sync group G1
# on r1 (one router: nothing else moves them).
#  1. both links up: GROUP G1 BACKUP, then INSTANCE VI_1 BACKUP, VI_2
#     BACKUP (2.2.7's vrrp_init_state() notifies groups first; ours wrote
#     VI_1, the group, VI_2);
#  2. eth1 down at start: INSTANCE VI_1 FAULT, VI_2 FAULT, then GROUP G1
#     FAULT (2.2.7 notifies faulty instances when it completes the
#     configuration, groups later). Ours started VI_1 in BACKUP, a member of
#     a group in FAULT: VI_1 BACKUP, GROUP BACKUP, VI_2 FAULT, GROUP FAULT.
# 2.2.7's order of the lines of notify scripts varies (each runs on its own);
# its FIFO's order did not in 3 runs of each. Passes with keepalived 2.2.7 too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1
R1=$(kt_ns r1)
FIFO_OUT=$KT_TMP/fifo.out
kt_fifo_recorder "$KT_TMP/fifo.sh" "$FIFO_OUT"
sync_g1_lab r1 "$KT_TMP/fifo.sh"
has() { grep -qx -- "$1" "$FIFO_OUT" 2>/dev/null; }
first3() { head -3 "$FIFO_OUT" | tr '\n' ';'; }
show() { echo "--- FIFO:"; cat "$FIFO_OUT" 2>/dev/null; }

step "1. both links up: the group's BACKUP line first"
ka_start r1 r1
wait_for 30 has 'INSTANCE "VI_2" BACKUP 120' || { show; fail "VI_2 never BACKUP"; }
got=$(first3)
[ "$got" = 'GROUP "G1" BACKUP 0;INSTANCE "VI_1" BACKUP 150;INSTANCE "VI_2" BACKUP 120;' ] ||
	{ show; fail "start lines in another order: $got"; }
ka_stop r1

step "2. eth1 down at start: both members FAULT, then the group"
ip -n "$R1" link set eth1 down
: >"$FIFO_OUT"
ka_start r1 r1
wait_for 30 has 'GROUP "G1" FAULT 0' || { show; fail "G1 never FAULT"; }
got=$(first3)
[ "$got" = 'INSTANCE "VI_1" FAULT 150;INSTANCE "VI_2" FAULT 120;GROUP "G1" FAULT 0;' ] ||
	{ show; fail "start lines in FAULT: $got"; }
grep -q 'BACKUP' "$FIFO_OUT" && { show; fail "a BACKUP line while the group is in FAULT"; }
show
log_result
