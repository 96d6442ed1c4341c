#!/usr/bin/env bash
# preempt: the higher-priority router stops, the backup takes over; when the
# higher priority comes back (preempt is the default) it takes the VIP back
# and the other router returns to BACKUP and drops it.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 r2:2
R1=$(kt_ns r1) R2=$(kt_ns r2)
vrrp_conf r1 150
vrrp_conf r2 100
ka_start r1 r1
ka_start r2 r2

step "r1 (prio 150) is master"
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "r1 never got the VIP"
wait_for 30 ka_entered r2 BACKUP || fail "r2 never entered BACKUP"

step "r1 stops: r2 takes over"
ka_stop r1
wait_for 60 has_addr "$R2" eth0 "$VIP" || fail "r2 did not take the VIP"

step "r1 returns and preempts: it takes the VIP back, r2 drops it"
ka_start r1 r1
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "returning r1 (prio 150) did not take the VIP back"
wait_for 30 no_addr "$R2" eth0 "$VIP" || fail "r2 kept the VIP after r1 preempted"
wait_for 30 ka_entered r2 BACKUP 2 || fail "r2 did not log a second 'Entering BACKUP STATE'"
log_result
