#!/usr/bin/env bash
# split_brain: adverts are blocked both ways with nftables rules inside the
# routers' namespaces, so both become master (both hold the VIP). When the
# block is lifted, the lower priority (r2) returns to BACKUP within
# Master_Down_Interval (from its log's time stamps) and the winner
# (r1), seeing a lower-priority advert as master, sends a fresh gratuitous
# ARP burst (garp_lower_prio_repeat) so that the LAN follows it again, and
# another one garp_lower_prio_delay (3 s) later. r2
# has higher_prio_send_advert: it advertises once more as it steps down, so
# r1 sees the lower-priority master whichever advert crosses the wire first;
# r1's notify_master_rx_lower_pri script runs.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
require_cmd nft

lab_lan r1:1 r2:2 c1:10
R1=$(kt_ns r1) R2=$(kt_ns r2)
KT_GLOBAL="global_defs {
    vrrp_garp_master_delay 0
    vrrp_garp_lower_prio_repeat 3
    vrrp_garp_lower_prio_delay 3
    vrrp_higher_prio_send_advert
}"
OUT=$KT_TMP/rx_lower.out
kt_notify_recorder "$KT_TMP/rx_lower.sh" "$OUT"
vrrp_conf r1 150 "    notify_master_rx_lower_pri \"$KT_TMP/rx_lower.sh rx_lower\""
vrrp_conf r2 100

block() {
	local ns
	for ns in "$R1" "$R2"; do
		ip netns exec "$ns" nft -f - <<NFT || fail "cannot add the nftables rule in $ns"
table ip kt_split {
    chain in {
        type filter hook input priority 0; policy accept;
        ip protocol vrrp drop
    }
}
NFT
	done
}
unblock() {
	ip netns exec "$R1" nft delete table ip kt_split
	ip netns exec "$R2" nft delete table ip kt_split
}

step "start: r1 master, r2 backup"
ka_start r1 r1
ka_start r2 r2
wait_for 30 has_addr "$R1" eth0 "$VIP" || fail "r1 never got the VIP"
wait_for 20 ka_entered r2 BACKUP || fail "r2 never entered BACKUP"

step "adverts blocked both ways: both become master"
block
wait_for 30 has_addr "$R2" eth0 "$VIP" || fail "r2 did not become master while cut off"
has_addr "$R1" eth0 "$VIP" || fail "r1 lost the VIP while cut off"

step "block lifted: r2 back to BACKUP, r1 sends a fresh GARP burst"
CAP=$KT_TMP/garp.cap
listen_start c1 eth0 "$CAP" 14 --arp-listen
R1MAC=$(mac_of "$R1" eth0)
U=$(date +%T.%N)
unblock
# Master_Down_Interval is ~3.6 s; one advert of r1 suffices.
wait_for 10 no_addr "$R2" eth0 "$VIP" || fail "r2 kept the VIP after the block was lifted"
wait_for 10 ka_entered r2 BACKUP 2 || fail "r2 did not return to BACKUP"
# within Master_Down_Interval (3 x 1 s + skew, 3.6 s) of the unblock, from
# r2's own log (it steps down on r1's next advert, at most 1 s later)
# (the time of day on the line: ours "HH:MM:SS.frac ...", keepalived
# 2.2.7's "Wed Dec  2 HH:MM:SS 2026: ..." to the second - one more second
# of slack for it)
B=$(grep -E 'Entering BACKUP STATE' "$(ka_log r2)" | tail -1 | grep -oE '[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?' | head -1)
LIMIT=3.6
ka_is_ours || LIMIT=4.6
took=$(awk -v u="$U" -v b="$B" 'function s(t, a) { split(t, a, ":"); return a[1] * 3600 + a[2] * 60 + a[3] }
	BEGIN { d = s(b) - s(u); if (d < -43200) d += 86400; printf "%.2f", d }')
log "r2 back to BACKUP $took s after the unblock"
awk -v d="$took" -v l="$LIMIT" 'BEGIN { exit !(d <= l) }' || fail "r2 returned to BACKUP $took s after the unblock (> $LIMIT s)"
has_addr "$R1" eth0 "$VIP" || fail "r1 lost the VIP"
# ours, or keepalived 2.2.7's "Received advert from A with lower priority P, ours Q, forcing new election"
wait_for 10 ka_logged r1 'received a lower priority advert|with lower priority [0-9]+, ours [0-9]+, forcing new election' || fail "r1 did not see r2's lower-priority advert"
wait_for 10 grep -q "sip=$VIP smac=$R1MAC" "$CAP" || { cat "$CAP"; fail "no gratuitous ARP for the VIP from r1 after the heal"; }
garps() { grep -c "sip=$VIP smac=$R1MAC" "$CAP"; }
garps_ge() { [ "$(garps)" -ge "$1" ]; }
wait_for 5 garps_ge 3 || { cat "$CAP"; fail "fewer than garp_lower_prio_repeat (3) GARPs"; }
# r2 is BACKUP and silent now: a later burst is garp_lower_prio_delay's.
n1=$(garps)
wait_for 8 garps_ge $((n1 + 3)) || { cat "$CAP"; fail "no second burst after garp_lower_prio_delay ($n1 GARPs)"; }
wait_for 20 can_ping "$(kt_ns c1)" "$VIP" || fail "client cannot reach the VIP"
# run as written, without arguments (keepalived 2.2.7 appends none)
wait_for 10 grep -qx "rx_lower" "$OUT" ||
	fail "notify_master_rx_lower_pri did not run with its own argument only: $(cat "$OUT" 2>&1)"
log_result
