#!/usr/bin/env bash
# fault_prio0: a master that goes FAULT while its interface is up (a
# tracker says so) says goodbye with priority 0, as keepalived 2.2.7 does:
# two adverts for the instance whose own tracker went down
# (vrrp_state_leave_master() and vrrp_restore_interface()), one for the
# member of its sync group that follows it. Ours sent none, so the backup
# waited Master_Down_Interval instead of its skew time. r1 has VI_1 (VRID
# 51, track_file weight 0) and VI_2 (VRID 52) in sync group G1, r2 backs
# both up; the file says 1: r1 FAULT, the adverts on the wire, r2 MASTER.
# Passes with keepalived 2.2.7 too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 r2:2 c1:10
R1=$(kt_ns r1) R2=$(kt_ns r2)
VIP2=$KT_NET.101
echo 0 >"$KT_TMP/tf"
chmod 644 "$KT_TMP/tf"
ka_conf r1 <<CONF
vrrp_track_file tf {
    file $KT_TMP/tf
}
vrrp_sync_group G1 {
    group {
        VI_1
        VI_2
    }
}
$(vrrp_block VI_1 51 150 "    track_file {
        tf weight 0
    }")
$(KT_VIPS=$VIP2/32 vrrp_block VI_2 52 150)
CONF
ka_conf r2 <<CONF
$(vrrp_block VI_1 51 100)
$(KT_VIPS=$VIP2/32 vrrp_block VI_2 52 100)
CONF
ka_start r1 r1
wait_for 60 has_addr "$R1" eth0 "$VIP2" || fail "r1 never got the VIPs"
ka_start r2 r2
wait_for 60 ka_entered r2 BACKUP || fail "r2 never BACKUP"
listen_start c1 eth0 "$KT_TMP/wire.txt" 120
adv() { grep -c "src=$KT_NET.$1 .*vrid=$2 prio=$3 " "$KT_TMP/wire.txt"; }
advertising() { [ "$(adv 1 51 150)" -ge 1 ] && [ "$(adv 1 52 150)" -ge 1 ]; }
wait_for 20 advertising || { cat "$KT_TMP/wire.txt"; fail "no adverts from r1"; }

step "the tracked file says 1: r1's VI_1 and VI_2 go FAULT with priority 0"
echo 1 >"$KT_TMP/tf"
wait_for 30 ka_entered r1 FAULT 2 || fail "r1 did not go FAULT"
wait_for 60 has_addr "$R2" eth0 "$VIP2" || fail "r2 did not take over"
wait_for 60 has_addr "$R2" eth0 "$VIP" || fail "r2 did not take over VI_1"
no_addr "$R1" eth0 "$VIP" || fail "r1 kept its VIP in FAULT"
grep " prio=0 " "$KT_TMP/wire.txt"
[ "$(adv 1 51 0)" = 2 ] || fail "VI_1 sent $(adv 1 51 0) priority-0 adverts, not 2"
[ "$(adv 1 52 0)" = 1 ] || fail "VI_2 (taken along by its sync group) sent $(adv 1 52 0) priority-0 adverts, not 1"
log_result
