#!/usr/bin/env bash
# nopreempt: with `nopreempt` (state BACKUP on both routers) a higher-priority
# router that (re)joins while another router is master does NOT take over: it
# stays BACKUP and the current master keeps the VIP.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 r2:2
R1=$(kt_ns r1) R2=$(kt_ns r2)
vrrp_conf r1 150 "    nopreempt"
vrrp_conf r2 100 "    nopreempt"

step "r2 (prio 100) starts alone and becomes master"
ka_start r2 r2
wait_for 60 has_addr "$R2" eth0 "$VIP" || fail "r2 alone never got the VIP"

step "r1 (prio 150, nopreempt) joins: it must stay BACKUP (checked for 12 s)"
ka_start r1 r1
wait_for 30 ka_entered r1 BACKUP || fail "r1 never entered BACKUP"
holds 12 no_addr "$R1" eth0 "$VIP" || fail "r1 took the VIP despite nopreempt"
has_addr "$R2" eth0 "$VIP" || fail "r2 lost the VIP"
ka_entered r1 MASTER && fail "r1 entered MASTER despite nopreempt"

step "control: when r2 stops, r1 does take over"
ka_stop r2
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "r1 did not take over after r2 stopped"
log_result
