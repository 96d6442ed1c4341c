#!/usr/bin/env bash
# vmac_unicast: use_vmac with a unicast keyword. keepalived 2.2.7 then sets
# vmac_xmit_base ("unicast with use_vmac requires vmac_xmit_base -
# setting", -t exits 5): the VIPs are on the VMAC, the adverts leave from
# eth0 with eth0's MAC - unicast ones to the peer (VRID 61), and multicast
# ones too when unicast_peer is empty (VRID 62, an unfilled template's
# 'unicast_peer { }': 2.2.7 falls back to multicast but keeps the base
# interface). Ours sent them from the VMAC (source MAC 00:00:5e:00:01:VRID)
# and -t exited 0. Found by tools/conf_compare.py --run (the data dump's
# 'xmit_base = true') on a file of keepalived's maintainer (issue 1170).
# Passes with keepalived 2.2.7 too. Fails before (-t exits 0).
# And (VRID 63) a use_vmac instance's virtual address written with 'dev
# eth0' - its own interface - goes on the VMAC as one without dev, as
# keepalived 2.2.7 puts it (a real-world 'VIP/32 dev IF label IF:0'); one
# with dev eth1 stays there.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
require_cmd tcpdump

lab_lan r1:1 c1:10
R1=$(kt_ns r1)
MAC=$(mac_of "$R1" eth0)
ka_conf r1 <<CONF
vrrp_instance U {
    interface eth0
    use_vmac
    virtual_router_id 61
    priority 150
    advert_int 1
    unicast_src_ip $KT_NET.1
    unicast_peer {
        $KT_NET.10
    }
    virtual_ipaddress {
        $KT_NET.161/24
    }
}
vrrp_instance M {
    interface eth0
    use_vmac
    virtual_router_id 62
    priority 150
    advert_int 1
    unicast_peer {
    }
    virtual_ipaddress {
        $KT_NET.162/24
    }
}
vrrp_instance D {
    interface eth0
    use_vmac
    virtual_router_id 63
    priority 150
    advert_int 1
    virtual_ipaddress {
        $KT_NET.163/32 dev eth0
        192.0.2.63/32 dev eth1
    }
}
CONF
ip -n "$R1" link add eth1 type veth peer name peer1
ip -n "$R1" link set eth1 up
ip -n "$R1" link set peer1 up

step "-t: the setting is said (exit 5)"
rc=0; ip netns exec "$R1" "$KEEPALIVED" -t -f "$(ka_conf_file r1)" >"$KT_TMP/t.out" 2>&1 || rc=$?
cat "$KT_TMP/t.out"
[ "$rc" = 5 ] || fail "-t exited $rc, want 5"
grep -q "(U) unicast with use_vmac requires vmac_xmit_base - setting" "$KT_TMP/t.out" || fail "no message for U"
grep -q "(M) unicast with use_vmac requires vmac_xmit_base - setting" "$KT_TMP/t.out" || fail "no message for M"

capture_start c1 eth0 "$KT_TMP/wire.txt" 'ip proto 112'
ka_start r1 r1
step "master: the VIPs on the VMACs, the adverts from eth0's MAC $MAC"
wait_for 60 has_addr "$R1" vrrp.61 "$KT_NET.161" || fail "r1 never got $KT_NET.161 on vrrp.61"
wait_for 60 has_addr "$R1" vrrp.62 "$KT_NET.162" || fail "r1 never got $KT_NET.162 on vrrp.62"
wait_for 60 has_addr "$R1" vrrp.63 "$KT_NET.163" || fail "r1 never got $KT_NET.163 (dev eth0) on vrrp.63"
has_addr "$R1" eth1 192.0.2.63 || fail "192.0.2.63 (dev eth1) is not on eth1"
no_addr "$R1" eth0 "$KT_NET.163" || fail "$KT_NET.163 is on eth0"
# tcpdump -e -v: "MAC > MAC, ... length N)" then "    SRC > DST: VRRPv2, Advertisement, vrid N"
adv() {   # VRID DST: an advert of VRID to DST, from eth0's MAC
	grep -A1 "^[0-9:.]* $MAC > " "$KT_TMP/wire.txt" | grep -q " $KT_NET.1 > $2: VRRPv2, Advertisement, vrid $1,"
}
wait_for 10 adv 61 "$KT_NET.10" || { tail "$KT_TMP/wire.txt"; fail "no unicast advert of vrid 61 from $MAC"; }
wait_for 10 adv 62 224.0.0.18 || { tail "$KT_TMP/wire.txt"; fail "no multicast advert of vrid 62 from $MAC"; }
if grep -q "^[0-9:.]* 00:00:5e:00:01:3[de] > " "$KT_TMP/wire.txt"; then
	grep "^[0-9:.]* 00:00:5e:00:01:3[de] > " "$KT_TMP/wire.txt" | head -3
	fail "adverts from a VMAC"
fi
log_result
