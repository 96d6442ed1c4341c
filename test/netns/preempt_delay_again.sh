#!/usr/bin/env bash
# preempt_delay_again: preempt_delay counts afresh each time the instance is
# BACKUP again, and a reload starts it over, as keepalived 2.2.7 (it clears
# preempt_time whenever an instance enters BACKUP, and a reload rebuilds its
# instances). Ours kept the time the first delay ended: once r1 had
# preempted once, it preempted at once (Master_Down_Interval) after a FAULT,
# and a reload did not restart a delay under way. r1 (prio 150,
# preempt_delay 6, track_file weight 0) against r2 (prio 100):
#  1. r1 joins the master r2: not MASTER for 4 s, then MASTER;
#  2. the file says 1 then 0 (FAULT, BACKUP): not MASTER for 4 s again
#     (it was after ~3.4 s, Master_Down_Interval);
#  3. FAULT and BACKUP again, 5 s later SIGHUP: not MASTER for 7 s after it
#     (the delay from before the reload ended ~1 s after it: MASTER ~4.4 s
#     after it; started over, the delay and the down timer take 9 s).
# "Not before" only: a busy machine makes each stay longer, never shorter.
# Passes with keepalived 2.2.7 too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 r2:2
R1=$(kt_ns r1) R2=$(kt_ns r2)
echo 0 >"$KT_TMP/tf"
chmod 644 "$KT_TMP/tf"
ka_conf r1 <<CONF
vrrp_track_file tf {
    file $KT_TMP/tf
}
$(vrrp_block VI_1 51 150 "    preempt_delay 6
    track_file {
        tf weight 0
    }")
CONF
vrrp_conf r2 100
ka_start r2 r2
wait_for 60 has_addr "$R2" eth0 "$VIP" || fail "r2 alone never got the VIP"

step "1. r1 joins: preempt_delay, then MASTER"
ka_start r1 r1
holds 4 no_addr "$R1" eth0 "$VIP" || fail "r1 preempted before its preempt_delay"
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "r1 never preempted"

# fault_and_back N: r1 to FAULT (r2 takes over) and back to BACKUP (its Nth)
fault_and_back() {
	echo 1 >"$KT_TMP/tf"
	wait_for 30 has_addr "$R2" eth0 "$VIP" || fail "r2 did not take over from r1 in FAULT"
	echo 0 >"$KT_TMP/tf"
	wait_for 30 ka_entered r1 BACKUP "$1" || fail "r1 did not leave FAULT"
}

step "2. r1 FAULT, then BACKUP: the delay again"
fault_and_back 2
holds 4 no_addr "$R1" eth0 "$VIP" || fail "r1 preempted at once after a FAULT: no preempt_delay the second time"
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "r1 never preempted after its FAULT"

step "3. r1 FAULT, BACKUP, and a reload 5 s into the delay: it starts over"
fault_and_back 3
sleep 5
no_addr "$R1" eth0 "$VIP" || fail "r1 preempted within 5 s of its BACKUP"
ka_signal r1 HUP
holds 7 no_addr "$R1" eth0 "$VIP" || fail "r1 preempted within 7 s of a reload: the delay under way went on"
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "r1 never preempted after the reload"
log_result
