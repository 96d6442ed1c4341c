#!/usr/bin/env bash
# failover_kill: the master's whole daemon dies by SIGKILL (no priority-0
# advert, no cleanup). Proves that the backup notices the missing adverts,
# takes the VIP, announces it with a gratuitous ARP whose sender MAC is the
# backup's own interface MAC, and that a client can then reach the VIP.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 r2:2 c1:10
R1=$(kt_ns r1) R2=$(kt_ns r2) C1=$(kt_ns c1)

vrrp_conf r1 150
vrrp_conf r2 100
ka_start r1 r1
ka_start r2 r2

step "r1 (prio 150) is master"
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "r1 never got the VIP"
wait_for 30 ka_entered r2 BACKUP || fail "r2 not BACKUP"
wait_for 20 can_ping "$C1" "$VIP" || fail "client cannot ping the VIP on r1"

step "SIGKILL r1's daemon (parent and children); listen for GARPs on the client"
# A SIGKILLed daemon leaves the VIP on r1's interface. A crashed box would
# be gone; we remove the address by hand so only r2 can answer for it.
R2MAC=$(mac_of "$R2" eth0)
listen_start c1 eth0 "$KT_TMP/garp.txt" 90 --arp-listen
ka_kill r1
ip -n "$R1" addr del "$VIP/32" dev eth0 2>/dev/null

step "r2 takes over the VIP"
wait_for 60 has_addr "$R2" eth0 "$VIP" || fail "r2 did not take the VIP after r1 died"
wait_for 30 ka_entered r2 MASTER || fail "r2 did not log 'Entering MASTER STATE'"

step "the client got r2's gratuitous ARP for $VIP (sender MAC $R2MAC)"
garp_from_r2() { grep -q "sip=$VIP smac=$R2MAC" "$KT_TMP/garp.txt"; }
wait_for 30 garp_from_r2 || { cat "$KT_TMP/garp.txt"; fail "no GARP for $VIP from $R2MAC"; }
grep "sip=$VIP" "$KT_TMP/garp.txt" | head -3

step "the client's ARP entry points at r2 and the VIP answers"
wait_for 30 can_ping "$C1" "$VIP" || fail "client cannot ping the VIP after failover"
ip -n "$C1" neigh show "$VIP" | grep -qi "$R2MAC" ||
	fail "client's neighbour entry for $VIP is not r2's MAC: $(ip -n "$C1" neigh show "$VIP")"
log_result
