#!/usr/bin/env bash
# advert_decimals: advert_int read as keepalived 2.2.7 reads it, in
# microseconds, then rounded to the version's unit (found by
# tools/conf_compare.py: its maintainer's files write "advert_int 1.000000").
# VI_1 (VRRPv2, advert_int 2.000000) must advertise every 2 s - ours skipped
# the value (more than two decimals) and sent at 1 s -, VI_2 (VRRPv3,
# advert_int 0.255, "must be in units of 10ms - rounding") 0.26 s - ours
# sent at 1 s. Passes with KEEPALIVED=/usr/sbin/keepalived too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 c1:10
R1=$(kt_ns r1)
ka_conf r1 <<CONF
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    priority 100
    advert_int 2.000000
    virtual_ipaddress {
        $VIP/32
    }
}
vrrp_instance VI_2 {
    interface eth0
    virtual_router_id 52
    version 3
    priority 100
    advert_int 0.255
    virtual_ipaddress {
        $KT_NET.201/32
    }
}
CONF
listen_start c1 eth0 "$KT_TMP/wire.txt" 60
ka_start r1 r1

step "both become master"
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "VI_1 never got its VIP"
wait_for 20 has_addr "$R1" eth0 "$KT_NET.201" || fail "VI_2 never got its VIP"

step "adverts: VI_1 version 2 int=2.00, VI_2 version 3 int=0.26"
adv1() { grep -q "src=$KT_NET.1 dst=224.0.0.18 .*version=2 .*vrid=51 prio=100 naddr=1 auth=0 int=2.00 csum=ok" "$KT_TMP/wire.txt"; }
adv2() { grep -q "src=$KT_NET.1 dst=224.0.0.18 .*version=3 .*vrid=52 prio=100 naddr=1 auth=0 int=0.26 csum=ok" "$KT_TMP/wire.txt"; }
wait_for 20 adv1 || { cat "$KT_TMP/wire.txt"; fail "no VRRPv2 advert with interval 2"; }
wait_for 20 adv2 || { cat "$KT_TMP/wire.txt"; fail "no VRRPv3 advert with interval 0.26"; }
grep "src=$KT_NET.1" "$KT_TMP/wire.txt" | grep "vrid=51" | grep -v "int=2.00" && fail "a VI_1 advert with another interval"
grep "src=$KT_NET.1" "$KT_TMP/wire.txt" | grep "vrid=52" | grep -v "int=0.26" && fail "a VI_2 advert with another interval"
log_result
