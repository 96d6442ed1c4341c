#!/usr/bin/env bash
# addr_mismatch: two routers on one VRID whose address lists differ (a VIP
# list change being rolled out). As RFC 5798 7.1 and keepalived 2.2.7 say,
# each drops the other's adverts, so both become MASTER - made visible: one
# warning per change naming the peer and both lists (not one per advert),
# and the stats dump's "Address List" counter. An advert from the address
# owner (priority 255) is used all the same: the other router stays BACKUP.
# With skip_check_adv_addr (the instance's, or the global
# vrrp_skip_check_adv_addr) a backup does not check the list of the master
# it already follows: it stays BACKUP, logs and counts nothing.
# The log lines are ours (keepalived 2.2.7 logs "unexpected ip number count"
# per advert); states, addresses and the stats counter are checked with both.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 r2:2
R1=$(kt_ns r1) R2=$(kt_ns r2)
V2="$KT_NET.101"
vrrp_conf r1 150
KT_VIPS="$VIP/32 $V2/32" vrrp_conf r2 100
ka_start r1 r1
ka_start r2 r2

step "lists differ: both become MASTER, each says why once"
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "r1 never became master"
wait_for 60 has_addr "$R2" eth0 "$V2" || fail "r2 never became master"
msg2="\(VI_1\) advert from $KT_NET.1 \(priority 150\) lists \[$VIP\] but ours is \[$VIP $V2\]: dropped until the lists match"
msg1="\(VI_1\) advert from $KT_NET.2 \(priority 100\) lists \[$VIP $V2\] but ours is \[$VIP\]: dropped until the lists match"
if ours_only "one log line per mismatch, naming the peer and both lists"; then
	wait_for 20 ka_logged r2 "$msg2" || fail "r2 did not log the mismatch"
	wait_for 20 ka_logged r1 "$msg1" || fail "r1 did not log the mismatch"
fi
sleep 3   # three more adverts each way
[ "$(ka_count r2 "lists \[")" -le 1 ] || fail "r2 logged the same mismatch $(ka_count r2 "lists \[") times"
[ "$(ka_count r1 "lists \[")" -le 1 ] || fail "r1 logged the same mismatch $(ka_count r1 "lists \[") times"
addr_list() { stats_counter "$(ka_dump r2 stats)" VI_1 "Packet Errors" "Address List"; }
three() { local n; n=$(addr_list); [ "${n:-0}" -ge 3 ]; }
wait_for 20 three || fail "r2's stats: Address List = '$(addr_list)', expected >= 3"
n=$(addr_list)
log "r2 counted $n adverts with another address list"

step "the address owner (priority 255) is followed despite the difference"
ka_stop r1
ka_stop r2
ip -n "$R2" addr flush dev eth0 to "$V2/32"
ip -n "$R2" addr flush dev eth0 to "$VIP/32"
ip -n "$R1" addr add "$VIP/32" dev eth0
vrrp_conf r1 255
ka_start r1 r1
wait_for 30 ka_entered r1 MASTER || fail "the owner did not become MASTER"
ka_start r2 r2
wait_for 30 ka_entered r2 BACKUP || fail "r2 never entered BACKUP"
if ours_only "the log line for an owner's different list"; then
	wait_for 20 ka_logged r2 "lists \[$VIP\] but ours is \[$VIP $V2\]: accepted \(from the address owner\)" ||
		fail "r2 did not log the owner's different list"
fi
holds 4 no_addr "$R2" eth0 "$V2" || fail "r2 became master against the owner"

step "skip_check_adv_addr: the master r2 follows changes its list; r2 keeps following it"
ka_stop r1
ka_stop r2
ip -n "$R1" addr flush dev eth0 to "$VIP/32"
vrrp_conf r1 150
vrrp_conf r2 100 "    skip_check_adv_addr"
ka_start r1 r1
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "r1 never became master"
nlists=$(ka_count r2 "lists \\[")
ka_start r2 r2
wait_for 30 ka_entered r2 BACKUP 3 || fail "r2 never entered BACKUP"
sleep 2   # r2 has followed r1 for a while
KT_VIPS="$VIP/32 $V2/32" vrrp_conf r1 150
S=$(ka_dump r2 stats)
a0=$(stats_counter "$S" VI_1 "Packet Errors" "Address List")
ka_signal r1 HUP
wait_for 30 has_addr "$R1" eth0 "$V2" || fail "r1 did not apply its new list"
holds 4 no_addr "$R2" eth0 "$VIP" || fail "r2 checked the list of the master it follows and took over"
[ "$(ka_count r2 "lists \\[")" = "$nlists" ] || fail "r2 logged a mismatch although it skips the check"
S=$(ka_dump r2 stats)
[ "$(stats_counter "$S" VI_1 "Packet Errors" "Address List")" = "$a0" ] ||
	fail "r2 counted adverts with another list although it skips the check"
[ "$(ka_state r2 VI_1)" = BACKUP ] || fail "r2 is not BACKUP"

step "global vrrp_skip_check_adv_addr: the same, for an instance that does not say it"
ka_stop r1
ka_stop r2
ip -n "$R1" addr flush dev eth0 to "$VIP/32"
ip -n "$R1" addr flush dev eth0 to "$V2/32"
vrrp_conf r1 150
KT_GLOBAL="global_defs {
    vrrp_skip_check_adv_addr
}" vrrp_conf r2 100
ka_start r1 r1
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "r1 never became master"
nb=$(ka_count r2 "Entering BACKUP STATE")
ka_start r2 r2
wait_for 30 ka_entered r2 BACKUP $((nb + 1)) || fail "r2 never entered BACKUP"
sleep 2
nlists=$(ka_count r2 "lists \\[")
S=$(ka_dump r2 stats)
a0=$(stats_counter "$S" VI_1 "Packet Errors" "Address List")
KT_VIPS="$VIP/32 $V2/32" vrrp_conf r1 150
ka_signal r1 HUP
wait_for 30 has_addr "$R1" eth0 "$V2" || fail "r1 did not apply its new list"
holds 4 no_addr "$R2" eth0 "$VIP" || fail "r2 (global vrrp_skip_check_adv_addr) took over"
[ "$(ka_count r2 "lists \\[")" = "$nlists" ] || fail "r2 logged a mismatch although it skips the check"
S=$(ka_dump r2 stats)
[ "$(stats_counter "$S" VI_1 "Packet Errors" "Address List")" = "$a0" ] ||
	fail "r2 counted adverts with another list although it skips the check"
[ "$(ka_state r2 VI_1)" = BACKUP ] || fail "r2 is not BACKUP"
log_result
