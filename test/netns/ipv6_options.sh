#!/usr/bin/env bash
# ipv6_options: the IPv6 knobs seen on the wire and on the interfaces.
#  - global vrrp_mcast_group6 ff02::1:12 and, on r1, mcast_src_ip (a global
#    address of r1): r1's adverts go from that address to ff02::1:12 with
#    hop limit 255, none to ff02::12; r2 (same group) hears them and stays
#    BACKUP;
#  - virtual_ipaddress_excluded of both families on this IPv6 instance: the
#    master installs both, the adverts carry only the VIP, the backup
#    installs neither.
# Passes with keepalived 2.2.7 as KEEPALIVED too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
require_cmd tcpdump

lab_lan r1:1 r2:2 c1:10
R1=$(kt_ns r1) R2=$(kt_ns r2)
for h in 1:r1 2:r2; do ip -n "$(kt_ns "${h#*:}")" addr add "${P6}${h%%:*}/64" dev eth0 nodad; done
wait_for 20 dad_done r1 r2 c1 || fail "IPv6 DAD did not finish"
conf() {   # conf NAME PRIO [SRC]
	ka_conf "$1" <<CONF
global_defs {
    vrrp_mcast_group6 ff02::1:12
}
vrrp_instance V6 {
    state BACKUP
    interface eth0
    virtual_router_id 81
    priority $2
    advert_int 1
    ${3:+mcast_src_ip $3}
    virtual_ipaddress {
        ${P6}100/64
    }
    virtual_ipaddress_excluded {
        $KT_NET.200/24
        ${P6}200/64
    }
}
CONF
}
conf r1 150 "${P6}1"
conf r2 100
capture_start c1 eth0 "$KT_TMP/wire.txt" 'ip6 proto 112'
ka_start r1 r1
ka_start r2 r2

step "r1 master of V6: adverts from ${P6}1 to ff02::1:12, hop limit 255; r2 BACKUP"
wait_for 60 has_addr6 "$R1" eth0 "${P6}100" || fail "r1 never got ${P6}100"
from_src() { grep "hlim 255" "$KT_TMP/wire.txt" | grep -q "${P6}1 > ff02::1:12: .*VRRPv3, Advertisement, vrid 81, prio 150"; }
wait_for 10 from_src || { tail -5 "$KT_TMP/wire.txt"; fail "no advert from ${P6}1 to ff02::1:12"; }
holds 4 no_addr6 "$R2" eth0 "${P6}100" || fail "r2 took ${P6}100 too (does not hear ff02::1:12?)"
grep -q "> ff02::12:" "$KT_TMP/wire.txt" && fail "an advert went to ff02::12"

step "excluded addresses of both families: installed on the master only, not advertised"
wait_for 30 has_addr6 "$R1" eth0 "${P6}200" || fail "r1 never installed the excluded ${P6}200"
has_addr "$R1" eth0 "$KT_NET.200" || fail "r1 did not install the excluded $KT_NET.200"
grep -q "vrid 81, prio 150, intvl 100cs, length 24, addrs: ${P6}100$" "$KT_TMP/wire.txt" ||
	{ grep "vrid 81" "$KT_TMP/wire.txt" | tail -2; fail "the adverts do not carry just ${P6}100"; }
grep "vrid 81, prio 150," "$KT_TMP/wire.txt" | grep -qv "length 24, addrs: ${P6}100$" && fail "an advert carried more than the VIP"
no_addr "$R2" eth0 "$KT_NET.200" && no_addr6 "$R2" eth0 "${P6}200" || fail "r2 (BACKUP) has an excluded address"
log_result
