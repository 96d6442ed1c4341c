#!/usr/bin/env bash
# ipv6_native_garp: two IPv6 run-time behaviours on one router.
#   - native_ipv6 after `version 2` (keepalived 2.2.7 accepts it in this
#     order: native_ipv6 makes the instance IPv6 and VRRPv3): VRRPv3 adverts
#     from the link-local address to ff02::12, hop limit 255, never VRRPv2
#     and nothing over IPv4. (Without an address, or with IPv4 ones, or with
#     `version 2` after it, keepalived refuses it: unit conf_ipv6_test.)
#   - keepalived-ng: `keepalivedctl garp INSTANCE` on an IPv6 master sends a
#     new burst of unsolicited neighbour advertisements for its VIP (captured
#     on a client), garp_master_repeat of them.
# Passes with keepalived 2.2.7 too (the keepalivedctl part is skipped).
. "$(dirname "$0")/../lib/netns.sh"
kt_init
require_cmd tcpdump

lab_lan r1:1 c1:10
R1=$(kt_ns r1)
VIP6="${P6}100"
wait_for 20 dad_done r1 c1 || fail "IPv6 DAD did not finish"
LL1=$(ip -n "$R1" -6 -o addr show dev eth0 scope link | awk '{print $4}' | cut -d/ -f1)
MAC1=$(mac_of "$R1" eth0)

ka_conf r1 <<CONF
global_defs {
    vrrp_version 2
}
vrrp_instance NATIVE {
    state BACKUP
    interface eth0
    virtual_router_id 62
    priority 150
    advert_int 1
    version 2
    native_ipv6
    virtual_ipaddress {
        ${P6}101/64
    }
}
vrrp_instance V6 {
    state BACKUP
    interface eth0
    virtual_router_id 61
    priority 150
    advert_int 1
    garp_master_delay 0
    garp_master_repeat 3
    virtual_ipaddress {
        $VIP6/64
    }
}
CONF
W=$KT_TMP/wire.txt
capture_start c1 eth0 "$W" '(ip6 proto 112) or (ip proto 112) or (icmp6 and ip6[40] == 136)'
ka_start r1 r1

step "version 2, native_ipv6: VRRPv3 adverts over IPv6, none over IPv4"
native_ok() {
	grep "hlim 255" "$W" | grep "$LL1 > ff02::12" | grep -q "VRRPv3, Advertisement, vrid 62, prio 150, intvl 100cs, length 24, addrs: ${P6}101$"
}
wait_for 60 native_ok || { tail -20 "$W"; fail "no VRRPv3 IPv6 advert of vrid 62 from $LL1"; }
grep -E "> 224\.0\.0\.18: VRRP" "$W" | grep -q "vrid 62" && fail "vrid 62 was advertised over IPv4"
grep -q "VRRPv2, Advertisement, vrid 62" "$W" && fail "vrid 62 was advertised as VRRPv2"
wait_for 30 has_addr6 "$R1" eth0 "$VIP6" || fail "V6 never got $VIP6"

[ "$KT_FLAVOUR" = ng ] || { log_result; exit 0; }

step "keepalivedctl garp V6: a new burst of unsolicited NAs for $VIP6"
CTL=${KEEPALIVEDCTL:-$(dirname "$KEEPALIVED")/../keepalivedctl/keepalivedctl}
nas() { grep "^[0-9:. ]*$MAC1 > 33:33:00:00:00:01" "$W" | grep -c "tgt is $VIP6, Flags \[override\]"; }
# the master's own burst (3) first, and nothing more after it (no delay burst)
nas_ge() { [ "$(nas)" -ge "$1" ]; }
nas_eq() { [ "$(nas)" = "$1" ]; }
wait_for 20 nas_ge 3 || { tail -20 "$W"; fail "no NA burst for $VIP6 on becoming master"; }
sleep 2
n0=$(nas)
holds 2 nas_eq "$n0" || fail "NAs for $VIP6 kept coming without a request"
OUT=$("$CTL" -s "$(ka_dir r1)/ctl" garp V6 2>&1) || fail "keepalivedctl garp V6 failed: $OUT"
wait_for 10 nas_ge $((n0 + 3)) || { tail -20 "$W"; fail "only $(( $(nas) - n0 )) NAs after 'garp V6', expected 3"; }
log_result
