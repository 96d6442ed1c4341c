#!/usr/bin/env bash
# garp_extra_if: periodic GARPs / unsolicited NAs on the extra interfaces
# of an instance, as keepalived 2.2.7 sends them (measured): r1 has eth0 on
# the LAN and eth1 on a second link to c2. While MASTER, VI_A (`garp_extra_if
# all 2`) sends one GARP every 2 s on eth1 for the first of its addresses
# there (none for the second, none on eth0, its own interface); VI_6 does
# the same with NAs for an IPv6 address on eth1; VI_B (`garp_extra_if 2`
# without `all`: only VMACs count, it has none) and VI_C (`garp_extra_if
# 0`, overriding the global vrrp_garp_extra_if all 2) send nothing more
# than their first GARP. Counted on the wire, not timed.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
require_cmd tcpdump

lab_lan r1:1 c1:10
lab_link2 r1 c2
R1=$(kt_ns r1) C1=$(kt_ns c1) C2=$(kt_ns c2)
ip -n "$R1" addr add "${P6}1/64" dev eth1
wait_for 30 dad_done r1 c2 || fail "IPv6 DAD did not finish"

ka_conf r1 <<CONF
global_defs {
    vrrp_garp_master_delay 0
    vrrp_garp_master_repeat 1
    vrrp_garp_extra_if all 2
}
vrrp_instance VI_A {
    interface eth0
    virtual_router_id 51
    priority 150
    advert_int 1
    garp_extra_if all 2
    virtual_ipaddress {
        $VIP/24
        $N2.100/24 dev eth1
        $N2.101/24 dev eth1
    }
}
vrrp_instance VI_B {
    interface eth0
    virtual_router_id 52
    priority 150
    advert_int 1
    garp_extra_if 2
    virtual_ipaddress {
        $KT_NET.102/24
        $N2.102/24 dev eth1
    }
}
vrrp_instance VI_C {
    interface eth0
    virtual_router_id 53
    priority 150
    advert_int 1
    garp_extra_if 0
    virtual_ipaddress {
        $KT_NET.103/24
        $N2.103/24 dev eth1
    }
}
vrrp_instance VI_6 {
    interface eth0
    virtual_router_id 54
    priority 150
    advert_int 1
    virtual_ipaddress {
        fe80::54:1/64
        ${P6}104/64 dev eth1
    }
}
CONF
capture_start c2 eth0 "$KT_TMP/eth1.txt" 'arp or (icmp6 and ip6[40] == 136)'
capture_start c1 eth0 "$KT_TMP/eth0.txt" arp
ka_start r1 r1

garps() { grep -c "Request who-has $1 \(([f:]*) \)\?tell $1," "$KT_TMP/$2.txt"; }
garps_ge() { [ "$(garps "$@")" -ge "$3" ]; }
nas() { grep -c "neighbor advertisement, length [0-9]*, tgt is ${P6}104," "$KT_TMP/eth1.txt"; }
nas_ge() { [ "$(nas)" -ge "$1" ]; }

step "r1 becomes MASTER of all four"
wait_for 30 has_addr "$R1" eth1 "$N2.103" || fail "r1 never became MASTER of VI_C"
wait_for 30 has_addr6 "$R1" eth1 "${P6}104" || fail "r1 never became MASTER of VI_6"

step "VI_A: a GARP on eth1 every 2 s, for its first address there only; VI_6 the same with NAs"
wait_for 30 garps_ge "$N2.100" eth1 5 || { cat "$KT_TMP/eth1.txt"; fail "fewer than 4 periodic GARPs for $N2.100 on eth1"; }
wait_for 20 nas_ge 5 || { cat "$KT_TMP/eth1.txt"; fail "fewer than 4 periodic NAs for ${P6}104 on eth1"; }
n=$(garps "$N2.101" eth1); [ "$n" = 1 ] || fail "$n GARPs for $N2.101 (the second address on eth1): expected only the first one"
n=$(garps "$VIP" eth0); [ "$n" = 1 ] || fail "$n GARPs for $VIP on eth0 (the instance's own interface): expected only the first one"
n=$(garps "$N2.100" eth1); [ "$n" -le 12 ] || fail "$n GARPs for $N2.100: far more than one per 2 s"

step "VI_B (no 'all', no VMAC) and VI_C (garp_extra_if 0) send only their first GARP"
for a in "$N2.102" "$N2.103"; do
	n=$(garps "$a" eth1); [ "$n" = 1 ] || fail "$n GARPs for $a on eth1, expected 1"
done

step "r1 stops: no more periodic GARPs"
ka_stop r1
n=$(garps "$N2.100" eth1)
no_more() { [ "$(garps "$N2.100" eth1)" -le "$n" ]; }
holds 5 no_more || fail "GARPs for $N2.100 after the stop"
log_result
