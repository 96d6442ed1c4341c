#!/usr/bin/env bash
# garp_refresh: the global vrrp_garp_master_* knobs reach the instance and
# shape what a new master sends, captured on a client: vrrp_garp_master_repeat
# (2 GARPs at once), vrrp_garp_master_delay (2 more 2 s later),
# vrrp_garp_master_refresh with vrrp_garp_master_refresh_repeat (then 1 every
# 2 s while MASTER); the data dump shows the values. Then vrrp_min_garp: one
# GARP and no second set (the default would be 5 at once and 5 more 5 s
# later). Counts only, no timing.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 c1:10
R1=$(kt_ns r1)
KT_GLOBAL="global_defs {
    vrrp_garp_master_repeat 2
    vrrp_garp_master_delay 2
    vrrp_garp_master_refresh 2
    vrrp_garp_master_refresh_repeat 1
}" vrrp_conf r1 150
CAP=$KT_TMP/garp.cap
listen_start c1 eth0 "$CAP" 40 --arp-listen
R1MAC=$(mac_of "$R1" eth0)
garps() { grep -c "sip=$VIP smac=$R1MAC" "$CAP"; }
garps_ge() { [ "$(garps)" -ge "$1" ]; }

step "r1 becomes MASTER: the instance has the global values"
ka_start r1 r1
wait_for 30 has_addr "$R1" eth0 "$VIP" || fail "r1 never became MASTER"
f=$(ka_dump r1 data)
for kv in "Gratuitous ARP delay:2" "Gratuitous ARP repeat:2" "Gratuitous ARP refresh:2" \
	"Gratuitous ARP refresh repeat:1"; do
	[ "$(dump_field "$f" VI_1 "${kv%%:*}")" = "${kv##*:}" ] || { cat "$f"; fail "dump: ${kv%%:*} is not ${kv##*:}"; }
done

step "on the wire: 2 GARPs at once, 2 more after the delay, then 1 every 2 s"
wait_for 5 garps_ge 2 || { cat "$CAP"; fail "no burst of vrrp_garp_master_repeat (2) GARPs"; }
wait_for 10 garps_ge 4 || { cat "$CAP"; fail "no second burst after vrrp_garp_master_delay"; }
wait_for 10 garps_ge 5 || { cat "$CAP"; fail "no refresh GARP (vrrp_garp_master_refresh 2)"; }
wait_for 10 garps_ge 7 || { cat "$CAP"; fail "the refresh GARPs did not go on"; }
ka_stop r1

step "vrrp_min_garp: one GARP when r1 becomes MASTER, no second set"
KT_GLOBAL="global_defs {
    vrrp_min_garp
}" vrrp_conf r1 150
CAP=$KT_TMP/garp_min.cap
listen_start c1 eth0 "$CAP" 20 --arp-listen
ka_start r1 r1
wait_for 30 has_addr "$R1" eth0 "$VIP" || fail "r1 never became MASTER again"
f=$(ka_dump r1 data)
for kv in "Gratuitous ARP delay:0" "Gratuitous ARP repeat:1"; do
	[ "$(dump_field "$f" VI_1 "${kv%%:*}")" = "${kv##*:}" ] || { cat "$f"; fail "dump: ${kv%%:*} is not ${kv##*:}"; }
done
wait_for 5 garps_ge 1 || { cat "$CAP"; fail "no GARP with vrrp_min_garp"; }
sleep 7   # past the default vrrp_garp_master_delay (5 s): no second set may come
[ "$(garps)" -eq 1 ] || { cat "$CAP"; fail "vrrp_min_garp: $(garps) GARPs, expected exactly 1"; }
log_result
