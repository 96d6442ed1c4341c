#!/usr/bin/env bash
# ipvlan: use_ipvlan as keepalived 2.2.7 does it (measured in the test VM).
# Each router makes an L2 ipvlan on eth0: VRID 51 `use_ipvlan ipv51
# ADDR/24 private` (mode l2 private, ADDR on it, IPv6 off), VRID 52 (IPv6)
# `use_ipvlan private` (named vrrp.52, its own link-local address; the
# mode flags belong to eth0's ipvlan port: all its ipvlans share them).
# The adverts leave from the ipvlan, from its address (IPv4) or its
# link-local address (IPv6); the VIPs stay on eth0, as keepalived 2.2.7
# puts them. An ipvlan left by a crash is reused at restart (keepalived
# 2.2.7: only a named one - it leaves an unnamed one and takes the next
# name); a clean stop removes them.
# The host kernel has no ipvlan driver: then the test runs itself in the
# test VM (test/vm, Debian's kernel); skipped when that cannot be had.
HERE=$(cd "$(dirname "$0")" && pwd)
if [ -z "${KA_VM_GUEST:-}" ]; then
	probe="ktprobe$$"
	have=0
	if ip netns add "$probe" 2>/dev/null; then
		ip -n "$probe" link add p0 type veth peer name p1 2>/dev/null &&
			ip -n "$probe" link add p2 link p0 type ipvlan mode l2 2>/dev/null && have=1
		ip netns del "$probe"
	fi
	if [ "$have" = 0 ]; then
		echo "ipvlan: no ipvlan in this kernel - running in the test VM"
		KA_VM_TIMEOUT=${KA_VM_TIMEOUT:-500} exec bash "$HERE/../vm/run-in-vm.sh" "$0" "$@"
	fi
fi
. "$HERE/../lib/netns.sh"
kt_init
require_cmd tcpdump

lab_lan r1:1 r2:2 c1:10
R1=$(kt_ns r1) R2=$(kt_ns r2) C1=$(kt_ns c1)
ip -n "$C1" addr add "${P6}10/64" dev eth0
wait_for 30 dad_done r1 r2 c1 || fail "IPv6 DAD did not finish"

conf() {   # NAME PRIORITY IPVLAN-HOST
	ka_conf "$1" <<CONF
vrrp_instance V4 {
    interface eth0
    virtual_router_id 51
    priority $2
    advert_int 1
    use_ipvlan ipv51 $KT_NET.$3/24 private
    virtual_ipaddress {
        $VIP/24
    }
}
vrrp_instance V6 {
    interface eth0
    virtual_router_id 52
    priority $2
    advert_int 1
    use_ipvlan private
    virtual_ipaddress {
        fe80::52:1/64
        ${P6}100/64
    }
}
CONF
}
ipvlan_ok() {   # NS NAME MODE: an up L2 ipvlan of eth0 with eth0's MAC
	local d; d=$(ip -n "$1" -d link show dev "$2" 2>/dev/null) || return 1
	grep -q "^[0-9]*: $2@eth0:" <<<"$d" && grep -q "ipvlan  *mode l2 $3" <<<"$d" &&
		grep -q "link/ether $(mac_of "$1" eth0) " <<<"$d" && grep -q ",UP" <<<"$d"
}
conf r1 150 51
conf r2 100 52
capture_start c1 eth0 "$KT_TMP/wire.txt" 'ip proto 112 or ip6 proto 112'
ka_start r1 r1
ka_start r2 r2

step "both routers make their ipvlans; r1 (150) is master, the VIPs on eth0"
wait_for 90 has_addr "$R1" eth0 "$VIP" || fail "r1 never got $VIP on eth0"
wait_for 90 has_addr6 "$R1" eth0 "${P6}100" || fail "r1 never got ${P6}100 on eth0"
wait_for 60 ka_entered r2 BACKUP 2 || fail "r2 never entered BACKUP twice"
for h in r1:51 r2:52; do
	ns=$(kt_ns "${h%%:*}")
	wait_for 20 ipvlan_ok "$ns" ipv51 private || fail "$ns: ipv51 is not an up l2 private ipvlan of eth0: $(ip -n "$ns" -d link show dev ipv51 | tr "\n" " ")"
	ipvlan_ok "$ns" vrrp.52 private || fail "$ns: vrrp.52 is not an up l2 private ipvlan of eth0: $(ip -n "$ns" -d link show dev vrrp.52 | tr "\n" " ")"
	ip -n "$ns" -o -4 addr show dev ipv51 | grep -q " inet $KT_NET.${h##*:}/24 " ||
		fail "$ns: ipv51 lacks $KT_NET.${h##*:}/24: $(ip -n "$ns" -o addr show dev ipv51)"
	[ "$(ip netns exec "$ns" cat /proc/sys/net/ipv6/conf/ipv51/disable_ipv6)" = 1 ] || fail "$ns: IPv6 is on on ipv51"
	wait_for 20 eval "ip -n $ns -6 -o addr show dev vrrp.52 scope link | grep -q fe80::" ||
		fail "$ns: vrrp.52 has no link-local address"
done
no_addr "$R1" ipv51 "$VIP" || fail "the VIP is on the ipvlan (keepalived 2.2.7 keeps it on eth0)"
holds 3 no_addr "$R2" eth0 "$VIP" || fail "r2 has the VIP too"

step "adverts leave from the ipvlans' addresses"
MAC1=$(mac_of "$R1" eth0)
LL52=$(ip -n "$R1" -6 -o addr show dev vrrp.52 scope link | awk '{print $4}' | cut -d/ -f1 | head -1)
LL0=$(ip -n "$R1" -6 -o addr show dev eth0 scope link | awk '{print $4}' | cut -d/ -f1 | head -1)
adv4() { grep -A1 "^[0-9:.]* $MAC1 > 01:00:5e:00:00:12" "$KT_TMP/wire.txt" | grep -q " $KT_NET.51 > 224.0.0.18: VRRPv2, Advertisement, vrid 51, prio 150"; }
adv6() { grep -q "^[0-9:.]* $MAC1 > 33:33:00:00:00:12.*$LL52 > ff02::12: VRRPv3, Advertisement, vrid 52, prio 150" "$KT_TMP/wire.txt"; }
wait_for 10 adv4 || { tail "$KT_TMP/wire.txt"; fail "no IPv4 advert from $KT_NET.51 ($MAC1)"; }
wait_for 10 adv6 || { tail "$KT_TMP/wire.txt"; fail "no IPv6 advert from vrrp.52's $LL52"; }
[ "$LL52" != "$LL0" ] || fail "vrrp.52 has eth0's link-local address"
grep -q " $KT_NET.1 > 224.0.0.18: VRRPv2, Advertisement, vrid 51" "$KT_TMP/wire.txt" && fail "adverts from eth0's address"
wait_for 10 can_ping "$C1" "$VIP" || fail "the client does not reach $VIP"

step "SIGKILL r1: r2 takes over"
ka_kill r1
ip -n "$R1" addr del "$VIP/24" dev eth0
ip -n "$R1" addr del "${P6}100/64" dev eth0
wait_for 60 has_addr "$R2" eth0 "$VIP" || fail "r2 did not take over $VIP"
wait_for 60 has_addr6 "$R2" eth0 "${P6}100" || fail "r2 did not take over ${P6}100"

step "r1 restarts: the ipvlans left by the crash are reused, r1 preempts"
IDX=$(ip -n "$R1" -o link show dev ipv51 | cut -d: -f1)
ka_start r1 r1
wait_for 90 has_addr "$R1" eth0 "$VIP" || fail "r1 did not preempt"
wait_for 30 no_addr "$R2" eth0 "$VIP" || fail "r2 kept the VIP"
[ "$(ip -n "$R1" -o link show dev ipv51 | cut -d: -f1)" = "$IDX" ] || fail "r1 made ipv51 again instead of reusing it"
# keepalived 2.2.7 reuses only the named ipv51: for the unnamed one it takes
# the next free name (vrrp6.52) and leaves the crash's vrrp.52 behind.
left=""
if ours_only "reusing the unnamed ipvlan (vrrp.52) a crash left"; then
	[ "$(ip -n "$R1" -o link show type ipvlan | wc -l)" = 2 ] || fail "r1 has other than 2 ipvlans: $(ip -n "$R1" -o link show type ipvlan)"
else
	left=vrrp.52
fi

step "a clean stop removes the ipvlans it made"
ka_stop r1
made=$(ip -n "$R1" -o link show type ipvlan | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' | grep -vx "${left:-.}")
[ -z "$made" ] || fail "r1's ipvlans outlived the stop: $made"
log_result
