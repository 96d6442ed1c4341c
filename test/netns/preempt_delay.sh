#!/usr/bin/env bash
# preempt_delay: r1 (prio 150) has `preempt_delay 12`. When it joins while r2
# (prio 100) is master, it must not take over at once (without the delay it
# would after ~3.5 s, the master-down interval), but it must take over
# eventually. We assert "not master during the first 7 s" and
# "master within 60 s" - behaviour, not precise timing.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 r2:2
R1=$(kt_ns r1) R2=$(kt_ns r2)
vrrp_conf r1 150 "    preempt_delay 12"
vrrp_conf r2 100

step "r2 (prio 100) starts alone and becomes master"
ka_start r2 r2
wait_for 60 has_addr "$R2" eth0 "$VIP" || fail "r2 alone never got the VIP"

step "r1 (prio 150, preempt_delay 12) joins: not master during the first 7 s"
ka_start r1 r1
holds 7 no_addr "$R1" eth0 "$VIP" || fail "r1 took the VIP before its preempt_delay"
has_addr "$R2" eth0 "$VIP" || fail "r2 lost the VIP during r1's preempt_delay"

step "... but r1 takes over eventually"
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "r1 never preempted after its delay"
wait_for 30 no_addr "$R2" eth0 "$VIP" || fail "r2 kept the VIP"
log_result
