#!/usr/bin/env bash
# vrf: `vrf NAME` (keepalived 2.2.7) - an instance without `interface`
# (unicast) sends and receives its adverts in that VRF. On r1 and r2, eth0
# is enslaved to the VRF device blue (table 10), so the peer is only
# reachable through the VRF's table: with `vrf blue` r1 (150) is MASTER
# with the VIP and r2 (100) hears its adverts and stays BACKUP; VI_2,
# the same instance without `vrf` (VRID 52), cannot reach its peer and
# both routers are MASTER of it. Adverts counted on the wire.
# (Debian's keepalived 2.2.7 refuses any instance without an interface -
# "Unknown interface!" - so it cannot run this test.)
# The host kernel has no VRF driver: then the test runs itself in the test
# VM (test/vm, Debian's kernel); skipped when that cannot be had.
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../lib/netns.sh"
require_daemon
ka_is_ours || skip "keepalived 2.2.7 refuses an instance without interface (\"Unknown interface!\"), against its keepalived.conf(5)"
if [ -z "${KA_VM_GUEST:-}" ]; then
	probe="ktprobe$$"
	have=0
	if ip netns add "$probe" 2>/dev/null; then
		ip -n "$probe" link add vrfprobe type vrf table 10 2>/dev/null && have=1
		ip netns del "$probe"
	fi
	if [ "$have" = 0 ]; then
		echo "vrf: no VRF in this kernel - running in the test VM"
		KA_VM_TIMEOUT=${KA_VM_TIMEOUT:-500} exec bash "$HERE/../vm/run-in-vm.sh" "$0" "$@"
	fi
fi
. "$HERE/../lib/netns.sh"
kt_init
require_cmd tcpdump

lab_lan r1:1 r2:2
R1=$(kt_ns r1) R2=$(kt_ns r2)
for ns in "$R1" "$R2"; do
	ip -n "$ns" link add blue type vrf table 10 || fail "$ns: cannot create the VRF"
	ip -n "$ns" link set blue up
	ip -n "$ns" link set eth0 master blue || fail "$ns: cannot enslave eth0"
done
ip -n "$R1" route get "$KT_NET.2" >/dev/null 2>&1 && fail "r1 reaches r2 outside the VRF: the test would prove nothing"
ip -n "$R1" route get vrf blue "$KT_NET.2" >/dev/null 2>&1 || fail "r1 does not reach r2 in the VRF"

conf() {   # NAME PRIORITY SELF PEER
	ka_conf "$1" <<CONF
global_defs {
    default_interface eth0
}
vrrp_instance VI_1 {
    vrf blue
    virtual_router_id 51
    priority $2
    advert_int 1
    unicast_src_ip $KT_NET.$3
    unicast_peer {
        $KT_NET.$4
    }
    virtual_ipaddress {
        $VIP/24 dev eth0
    }
}
vrrp_instance VI_2 {
    virtual_router_id 52
    priority $2
    advert_int 1
    unicast_src_ip $KT_NET.$3
    unicast_peer {
        $KT_NET.$4
    }
    virtual_ipaddress {
        $KT_NET.102/24 dev eth0
    }
}
CONF
}
conf r1 150 1 2
conf r2 100 2 1
capture_start r2 eth0 "$KT_TMP/wire.txt" 'ip proto 112'
ka_start r1 r1
ka_start r2 r2

step "VI_1 (vrf blue): r1 MASTER with the VIP, r2 hears it and stays BACKUP"
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "r1 never got $VIP"
adv() { grep -q " $KT_NET.1 > $KT_NET.2: VRRPv2, Advertisement, vrid 51, prio 150" "$KT_TMP/wire.txt"; }
wait_for 10 adv || { tail "$KT_TMP/wire.txt"; fail "no unicast advert of VRID 51 from r1 to r2"; }
holds 5 no_addr "$R2" eth0 "$VIP" || fail "r2 took $VIP too: it does not hear r1 in the VRF"

step "VI_2 (no vrf): the peer is out of reach, both are MASTER"
wait_for 30 has_addr "$R2" eth0 "$KT_NET.102" || fail "r2 never became MASTER of VI_2"
wait_for 30 has_addr "$R1" eth0 "$KT_NET.102" || fail "r1 never became MASTER of VI_2"
grep -q "vrid 52" "$KT_TMP/wire.txt" && fail "VI_2's adverts reached the wire without the VRF"
log_result
