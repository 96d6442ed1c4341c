#!/usr/bin/env bash
# clean_stop: SIGTERM to the master. Proves that it sends a priority-0 advert
# (seen on the wire by a listener on the client), removes its VIP and exits,
# and that the backup takes over. We assert the prio-0 packet, not the speed.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 r2:2 c1:10
R1=$(kt_ns r1) R2=$(kt_ns r2)
vrrp_conf r1 150
vrrp_conf r2 100
ka_start r1 r1
ka_start r2 r2

step "r1 (prio 150) is master and advertises"
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "r1 never got the VIP"
listen_start c1 eth0 "$KT_TMP/wire.txt" 120
adv_from_r1() { grep -q "src=$KT_NET.1 .*vrid=51 prio=150" "$KT_TMP/wire.txt"; }
wait_for 20 adv_from_r1 || { cat "$KT_TMP/wire.txt"; fail "no prio-150 adverts from r1 on the wire"; }

step "SIGTERM r1: expect a priority-0 advert from it"
ka_stop r1
prio0_from_r1() { grep -q "src=$KT_NET.1 .*vrid=51 prio=0 " "$KT_TMP/wire.txt"; }
wait_for 20 prio0_from_r1 || { cat "$KT_TMP/wire.txt"; fail "no priority-0 advert from r1"; }
grep "prio=0 " "$KT_TMP/wire.txt" | head -2

step "r1 removed its VIP; r2 took over"
no_addr "$R1" eth0 "$VIP" || fail "stopped r1 left the VIP on its interface"
wait_for 60 has_addr "$R2" eth0 "$VIP" || fail "r2 did not take the VIP"
adv_from_r2() { grep -q "src=$KT_NET.2 .*vrid=51 prio=100" "$KT_TMP/wire.txt"; }
wait_for 20 adv_from_r2 || fail "r2 does not advertise as master"
log_result
