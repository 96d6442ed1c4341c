#!/usr/bin/env bash
# interop_unicast6: Debian's keepalived 2.2.7 and ours share one VRID over
# IPv6 unicast (VRRPv3, unicast_src_ip + unicast_peer, check_unicast_src).
# The adverts of each travel to the other's address, never to ff02::12, with
# the kernel's hop limit (64) unless unicast_ttl is given - as keepalived
# sends them. Ours follows Debian's master; Debian's follows ours when ours
# preempts it; and a peer's min_ttl above the hop limit it arrives with
# drops its adverts (counted under Packet Errors "TTL", as keepalived 2.2.7 counts them).
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/interop.sh"
kt_init
require_cmd tcpdump
[ -x "$DEB_KEEPALIVED" ] || skip "Debian keepalived not installed ($DEB_KEEPALIVED)"

lab_lan rd:1 rn:2 c1:10
RD=$(kt_ns rd) RN=$(kt_ns rn)
VIP6="${P6}100"
ip -n "$RD" addr add "${P6}1/64" dev eth0
ip -n "$RN" addr add "${P6}2/64" dev eth0
ip -n "$(kt_ns c1)" addr add "${P6}10/64" dev eth0
wait_for 20 dad_done rd rn c1 || fail "IPv6 DAD did not finish"
KT_INSTANCE="VI_$KT_ID"   # Debian's keepalived names files after it

# conf6 NAME PRIO ME PEER [EXTRA]: the instance, unicast from ${P6}ME to ${P6}PEER.
conf6() {
	ka_conf "$1" <<CONF
vrrp_instance $KT_INSTANCE {
    state BACKUP
    interface eth0
    virtual_router_id 61
    priority $2
    advert_int 1
    unicast_src_ip ${P6}$3
    check_unicast_src
    unicast_peer {
        ${P6}$4 ${6:-}
    }
    ${5:-}
    virtual_ipaddress {
        $VIP6/64
    }
}
CONF
}
# adverts FILE FROM TO PRIO HLIM: the capture shows such an advert.
adverts() {
	grep "hlim $5," "$1" | grep -q "${P6}$2 > ${P6}$3: VRRPv3, Advertisement, (ttl $5), vrid 61, prio $4,"
}
no_group() {
	! grep -q "ff02::12" "$1" || { grep ff02::12 "$1" | head -3; fail "an advert went to ff02::12"; }
}

step "Debian's prio 150, ours prio 100 (no unicast_ttl): Debian's is master, ours follows"
conf6 deb 150 1 2
conf6 ng 100 2 1
capture_start rn eth0 "$KT_TMP/rn.txt" 'ip6 proto 112'
KA_BINARY=$DEB_KEEPALIVED ka_start deb rd -P
ka_start ng rn
wait_for 60 has_addr6 "$RD" eth0 "$VIP6" || fail "Debian's never got $VIP6"
wait_for 30 ka_entered ng BACKUP || fail "ours never entered BACKUP"
holds 4 no_addr6 "$RN" eth0 "$VIP6" || fail "ours took $VIP6 while Debian's is master"
wait_for 10 adverts "$KT_TMP/rn.txt" 1 2 150 64 || { tail "$KT_TMP/rn.txt"; fail "no unicast advert from Debian's"; }
wait_for 20 can_ping6 "$(kt_ns c1)" "$VIP6" || fail "client cannot ping $VIP6 on Debian's"

step "ours restarts with prio 200 and unicast_ttl 200: it preempts, Debian's follows"
ka_stop ng
conf6 ng 200 2 1 "unicast_ttl 200"
capture_start rd eth0 "$KT_TMP/rd.txt" 'ip6 proto 112'
ka_start ng rn
wait_for 60 has_addr6 "$RN" eth0 "$VIP6" || fail "ours did not preempt"
wait_for 30 no_addr6 "$RD" eth0 "$VIP6" || fail "Debian's kept $VIP6"
holds 4 no_addr6 "$RD" eth0 "$VIP6" || fail "Debian's took $VIP6 back while ours is master"
wait_for 10 ka_entered deb BACKUP 2 || fail "Debian's never went back to BACKUP"
wait_for 10 adverts "$KT_TMP/rd.txt" 2 1 200 200 || { tail "$KT_TMP/rd.txt"; fail "no unicast advert with hop limit 200 from ours"; }
no_group "$KT_TMP/rd.txt"
no_group "$KT_TMP/rn.txt"

step "ours restarts with prio 100 and the peer's min_ttl 100: Debian's adverts (hop limit 64) are dropped"
ka_stop ng
wait_for 30 has_addr6 "$RD" eth0 "$VIP6" || fail "Debian's did not take over"
conf6 ng 100 2 1 "" "min_ttl 100"
ka_start ng rn
wait_for 30 ka_entered ng MASTER 2 || fail "ours followed adverts outside its min_ttl"
wait_for 10 adverts "$KT_TMP/rd.txt" 2 1 100 64 || { tail "$KT_TMP/rd.txt"; fail "no advert with the kernel's hop limit from ours"; }
f=$(ka_dump ng stats)
n=$(stats_counter "$f" "$KT_INSTANCE" "Packet Errors" TTL)
[ "${n:-0}" -ge 2 ] || { cat "$f"; fail "ours counted ${n:-nothing} adverts out of the hop limit range"; }
ka_logged ng "TTL/HL 64 not in range 100 - 255" || fail "no 'TTL/HL 64 not in range 100 - 255' line"
log_result
