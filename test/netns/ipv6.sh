#!/usr/bin/env bash
# ipv6: VRRPv3 over IPv6. Two routers, a link-local first VIP and a global
# one: the adverts on the wire come from the router's own link-local address
# to ff02::12 with hop limit 255; the master holds both VIPs (nodad), sends
# unsolicited neighbour advertisements for them from its MAC; a client
# reaches the VIP; killing the master moves everything to the backup, and
# the restarted higher priority preempts back.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
require_cmd tcpdump

lab_lan r1:1 r2:2 c1:10
R1=$(kt_ns r1) R2=$(kt_ns r2) C1=$(kt_ns c1)
VIP6="${P6}100"
ip -n "$C1" addr add "${P6}10/64" dev eth0
wait_for 20 dad_done r1 r2 c1 || fail "IPv6 DAD did not finish"
LL1=$(ip -n "$R1" -6 -o addr show dev eth0 scope link | awk '{print $4}' | cut -d/ -f1)
MAC1=$(mac_of "$R1" eth0) MAC2=$(mac_of "$R2" eth0)

conf6() {
	ka_conf "$1" <<CONF
vrrp_instance V6 {
    state BACKUP
    interface eth0
    virtual_router_id 61
    priority $2
    advert_int 1
    virtual_ipaddress {
        fe80::61:1/64
        $VIP6/64
    }
}
CONF
}
conf6 r1 150
conf6 r2 100
capture_start c1 eth0 "$KT_TMP/wire.txt" 'ip6 proto 112 or (icmp6 and ip6[40] == 136)'
ka_start r1 r1
ka_start r2 r2

step "election: r1 (prio 150) is master, r2 backup"
wait_for 60 has_addr6 "$R1" eth0 "$VIP6" || fail "r1 never got $VIP6"
wait_for 30 ka_entered r2 BACKUP || fail "r2 never entered BACKUP"
has_addr6 "$R1" eth0 fe80::61:1 || fail "r1 lacks the link-local VIP"
holds 3 no_addr6 "$R2" eth0 "$VIP6" || fail "r2 has the VIP too"
ip -n "$R1" -6 -o addr show dev eth0 | grep " $VIP6/64 " | grep -q nodad || fail "VIP added without nodad"

step "adverts: VRRPv3 from r1's link-local $LL1 to ff02::12, hop limit 255"
adv_ok_any() { grep "hlim 255" "$KT_TMP/wire.txt" | grep "$LL1 > ff02::12" | grep -q "VRRPv3, Advertisement, vrid 61, prio 150.*addrs(2): fe80::61:1,$VIP6"; }
wait_for 10 adv_ok_any || { tail -20 "$KT_TMP/wire.txt"; fail "no good VRRPv3 IPv6 advert from r1"; }
grep -q "bad vrrp cksum" "$KT_TMP/wire.txt" && fail "tcpdump saw a bad VRRP checksum"

step "unsolicited neighbour advertisements for both VIPs from r1's MAC"
na_from() { grep "^[0-9:. ]*$1 > 33:33:00:00:00:01" "$KT_TMP/wire.txt" | grep -q "$2 > ff02::1: .*neighbor advertisement, length 32, tgt is $2, Flags \[override\]"; }
wait_for 10 na_from "$MAC1" "$VIP6" || { tail -20 "$KT_TMP/wire.txt"; fail "no NA for $VIP6 from r1"; }
na_from "$MAC1" fe80::61:1 || fail "no NA for fe80::61:1 from r1"
wait_for 20 can_ping6 "$C1" "$VIP6" || fail "client cannot ping $VIP6 on r1"

step "SIGKILL r1: r2 takes over"
ka_kill r1
ip -n "$R1" addr flush dev eth0 scope global
ip -n "$R1" addr del fe80::61:1/64 dev eth0 2>/dev/null
wait_for 60 has_addr6 "$R2" eth0 "$VIP6" || fail "r2 did not take over"
wait_for 10 na_from "$MAC2" "$VIP6" || fail "no NA for $VIP6 from r2"
ip -n "$C1" -6 neigh flush dev eth0
wait_for 30 can_ping6 "$C1" "$VIP6" || fail "client cannot ping $VIP6 on r2"

step "r1 restarts and preempts"
ip -n "$R1" addr add "$KT_NET.1/24" dev eth0
ka_start r1 r1
wait_for 60 has_addr6 "$R1" eth0 "$VIP6" || fail "r1 did not preempt"
wait_for 30 no_addr6 "$R2" eth0 "$VIP6" || fail "r2 kept the VIP"
log_result
