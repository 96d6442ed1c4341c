#!/usr/bin/env bash
# vrrp3: two routers with `version 3` and advert_int 0.5: the adverts on the
# wire are VRRPv3 with a 0.50 s interval, the higher priority wins, and the
# backup takes over when the master is killed.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 r2:2 c1:10
R1=$(kt_ns r1) R2=$(kt_ns r2) C1=$(kt_ns c1)
KT_ADVERT=0.5
vrrp_conf r1 150 "    version 3"
vrrp_conf r2 100 "    version 3"
ka_start r1 r1
ka_start r2 r2

step "election: r1 (prio 150) is master"
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "r1 never got the VIP"
wait_for 30 ka_entered r2 BACKUP || fail "r2 never entered BACKUP"
holds 3 no_addr "$R2" eth0 "$VIP" || fail "r2 has the VIP too"

step "the adverts on the wire are VRRPv3, interval 0.50 s"
listen_start c1 eth0 "$KT_TMP/wire.txt" 60
v3_adv() { grep -q "src=$KT_NET.1 .*version=3 .*vrid=51 prio=150 .*int=0.50 csum=ok" "$KT_TMP/wire.txt"; }
wait_for 20 v3_adv || { cat "$KT_TMP/wire.txt"; fail "no v3 adverts (0.50 s, good checksum) from r1"; }
grep "src=$KT_NET.1" "$KT_TMP/wire.txt" | head -2

step "SIGKILL r1: r2 takes over"
ka_kill r1
ip -n "$R1" addr del "$VIP/32" dev eth0 2>/dev/null
wait_for 60 has_addr "$R2" eth0 "$VIP" || fail "r2 did not take over"
wait_for 30 can_ping "$C1" "$VIP" || fail "client cannot ping the VIP on r2"
log_result
