#!/usr/bin/env bash
# election: two routers of one VRID on a LAN. Proves that the higher priority
# becomes MASTER and holds the VIP, while the lower one stays BACKUP without it.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 r2:2 c1:10

vrrp_conf r1 150
vrrp_conf r2 100
ka_start r1 r1
ka_start r2 r2

step "the priority-150 router takes the VIP"
wait_for 60 has_addr "$(kt_ns r1)" eth0 "$VIP" || fail "r1 (prio 150) never got the VIP"
wait_for 30 ka_entered r1 MASTER || fail "r1 did not log 'Entering MASTER STATE'"

step "the priority-100 router is BACKUP without the VIP (checked for 5 s)"
holds 5 no_addr "$(kt_ns r2)" eth0 "$VIP" || fail "r2 (prio 100) has the VIP too"
ka_entered r2 BACKUP || fail "r2 did not log 'Entering BACKUP STATE'"
has_addr "$(kt_ns r1)" eth0 "$VIP" || fail "r1 lost the VIP"
[ "$(ka_state r2 VI_1)" = BACKUP ] || fail "r2's dump does not say State = BACKUP"
[ "$(ka_state r1 VI_1)" = MASTER ] || fail "r1's dump does not say State = MASTER"

step "the client reaches the VIP"
wait_for 20 can_ping "$(kt_ns c1)" "$VIP" || fail "client cannot ping the VIP"
log_result
