#!/usr/bin/env bash
# sync_group_hold: a sync group goes MASTER only when all its members want
# to, as keepalived 2.2.7 ("prefer backup state to avoid thrashing",
# vrrp_sync_can_goto_master()). r2 runs VI_1 and VI_2 at 100, no group; r1
# has them in group G1, VI_1 at 150 and VI_2 at 90. r1's VI_1 hears a
# lower priority, but VI_2 follows r2: the group stays BACKUP and r2 keeps
# both VIPs. (Ours took VI_1 to MASTER, which pulled VI_2 along, which r2's
# VI_2 at 100 sent back to BACKUP with VI_1: both VIPs flapped between the
# routers every few seconds.) Then r2's VI_2 drops to 80 (reload): r1's
# VI_2 wants MASTER too and r1 takes both. A reload that makes the group
# out of a MASTER VI_1 and a BACKUP VI_2 takes VI_1 to BACKUP (the group's
# state, as 2.2.7's reload; ours left a group MASTER and BACKUP at once).
# Passes with keepalived 2.2.7 too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 r2:2
R1=$(kt_ns r1) R2=$(kt_ns r2)
VIP2=$KT_NET.101
# conf NAME GROUP PRIO1 PRIO2
conf() {
	ka_conf "$1" <<CONF
$2
$(KT_VIPS=$VIP/32 vrrp_block VI_1 51 "$3")
$(KT_VIPS=$VIP2/32 vrrp_block VI_2 52 "$4")
CONF
}
conf r2 "" 100 100
conf r1 "vrrp_sync_group G1 {
    group {
        VI_1
        VI_2
    }
}" 150 90
both() { has_addr "$1" eth0 "$VIP" && has_addr "$1" eth0 "$VIP2"; }
none() { no_addr "$1" eth0 "$VIP" && no_addr "$1" eth0 "$VIP2"; }
r2_holds() { both "$R2" && none "$R1"; }

ka_start r2 r2
wait_for 30 both "$R2" || fail "r2 alone never MASTER of both"
step "r1 joins: its group stays BACKUP (VI_2 follows r2), r2 keeps both VIPs"
ka_start r1 r1
wait_for 20 ka_logged r1 'Entering BACKUP STATE' || fail "r1 never BACKUP"
# two Master_Down_Intervals of r1's VI_1 (3.4 s each)
holds 8 r2_holds || fail "the VIPs moved: r1's VI_1 went MASTER although VI_2 follows a master"

step "r2's VI_2 drops to 80: r1's group wants MASTER as a whole and takes both"
conf r2 "" 100 80
ka_signal r2 HUP
wait_for 30 both "$R1" || fail "r1 never took both VIPs"
wait_for 30 none "$R2" || fail "r2 kept a VIP"

step "a reload makes the group of r1's VI_1 (MASTER) and VI_2 (BACKUP): VI_1 leaves MASTER"
conf r1 "" 150 90
ka_signal r1 HUP
conf r2 "" 100 100
ka_signal r2 HUP
split() { has_addr "$R1" eth0 "$VIP" && has_addr "$R2" eth0 "$VIP2" && no_addr "$R1" eth0 "$VIP2"; }
wait_for 30 split || fail "without the group, r1 is not MASTER of VI_1 only"
conf r1 "vrrp_sync_group G1 {
    group {
        VI_1
        VI_2
    }
}" 150 90
ka_signal r1 HUP
wait_for 30 both "$R2" || fail "r1's VI_1 stayed MASTER in a group whose VI_2 is BACKUP"
wait_for 10 none "$R1" || fail "r1 kept a VIP"
log_result
