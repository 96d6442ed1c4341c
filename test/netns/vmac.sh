#!/usr/bin/env bash
# vmac: use_vmac, IPv4 and IPv6. Each router makes the macvlan vrrp.VRID on
# eth0 (private mode, MAC 00:00:5e:00:01:VRID for IPv4, 00:00:5e:00:02:VRID
# for IPv6, no IPv6 address generation; an IPv6 VMAC carries a copy of
# eth0's link-local address) with keepalived's sysctls; the master puts the
# VIPs on it and sends its adverts from it (source MAC = virtual MAC), so a
# client sees the same MAC before and after a failover. A VMAC left by a
# crash is reused at restart; a clean stop removes it. With vmac_xmit_base
# (VRID 53, named vmx53) the VIP is on the VMAC but adverts leave from eth0.
# An excluded IPv6 address of the IPv4 use_vmac instance goes on eth0, not
# on the IPv4 VMAC (keepalived 2.2.7). An address line's use_vmac (VRID 54,
# an instance without use_vmac) gives that address a VMAC of its own on its
# interface with its family's MAC, named as keepalived 2.2.7 names them
# (measured): vrrp.54 (00:00:5e:00:01:36), vrrp6.54 (00:00:5e:00:02:36);
# the instance's other address stays on eth0. The data dump's Interfaces
# entry of vrrp.51 is 2.2.7's (type, base, no address of its own).
. "$(dirname "$0")/../lib/netns.sh"
kt_init
require_cmd tcpdump

lab_lan r1:1 r2:2 c1:10
R1=$(kt_ns r1) R2=$(kt_ns r2) C1=$(kt_ns c1)
ip -n "$C1" addr add "${P6}10/64" dev eth0
wait_for 20 dad_done r1 r2 c1 || fail "IPv6 DAD did not finish"
M4=00:00:5e:00:01:33 M6=00:00:5e:00:02:34

conf() {
	ka_conf "$1" <<CONF
vrrp_instance V4 {
    interface eth0
    virtual_router_id 51
    priority $2
    advert_int 1
    use_vmac
    virtual_ipaddress {
        $VIP/24
    }
    virtual_ipaddress_excluded {
        ${P6}104/64
    }
}
vrrp_instance V6 {
    interface eth0
    virtual_router_id 52
    priority $2
    advert_int 1
    use_vmac
    virtual_ipaddress {
        fe80::52:1/64
        ${P6}100/64
    }
}
vrrp_instance X4 {
    interface eth0
    virtual_router_id 53
    priority $2
    advert_int 1
    use_vmac vmx53
    vmac_xmit_base
    virtual_ipaddress {
        $KT_NET.103/24
    }
}
vrrp_instance A4 {
    interface eth0
    virtual_router_id 54
    priority $2
    advert_int 1
    virtual_ipaddress {
        $KT_NET.104/24
        $KT_NET.105/24 use_vmac
    }
    virtual_ipaddress_excluded {
        ${P6}105/64 use_vmac
    }
}
CONF
}
sysctl_is() { [ "$(ip netns exec "$1" cat "/proc/sys/net/$2")" = "$3" ] || fail "$1: $2 is $(ip netns exec "$1" cat "/proc/sys/net/$2"), expected $3"; }
vmac_ok() {   # NS NAME MAC
	local d; d=$(ip -n "$1" -d link show dev "$2" 2>/dev/null) || return 1
	grep -q "link/ether $3 " <<<"$d" && grep -q "macvlan mode private" <<<"$d" &&
		grep -q "addrgenmode none" <<<"$d" && grep -q "state UP\|,UP" <<<"$d"
}
conf r1 150
conf r2 100
capture_start c1 eth0 "$KT_TMP/wire.txt" 'ip proto 112 or ip6 proto 112'
capture_start c1 eth0 "$KT_TMP/garp.txt" 'arp or (icmp6 and ip6[40] == 136)'
ka_start r1 r1
ka_start r2 r2

step "both routers make their VMACs; r1 (150) is master with the VIPs on them"
wait_for 60 has_addr "$R1" vrrp.51 "$VIP" || fail "r1 never got $VIP on vrrp.51"
wait_for 60 has_addr6 "$R1" vrrp.52 "${P6}100" || fail "r1 never got ${P6}100 on vrrp.52"
wait_for 60 has_addr "$R1" vmx53 "$KT_NET.103" || fail "r1 never got $KT_NET.103 on vmx53"
wait_for 30 ka_entered r2 BACKUP 3 || fail "r2 never entered BACKUP three times"
for ns in "$R1" "$R2"; do
	vmac_ok "$ns" vrrp.51 "$M4" || fail "$ns: vrrp.51 is not a private, up macvlan with $M4: $(ip -n "$ns" -d link show dev vrrp.51)"
	vmac_ok "$ns" vrrp.52 "$M6" || fail "$ns: vrrp.52 is not a private, up macvlan with $M6"
	sysctl_is "$ns" ipv4/conf/eth0/arp_ignore 1
	sysctl_is "$ns" ipv4/conf/eth0/arp_filter 1
	sysctl_is "$ns" ipv4/conf/vrrp.51/arp_ignore 1
	sysctl_is "$ns" ipv4/conf/vrrp.51/accept_local 1
	sysctl_is "$ns" ipv4/conf/vrrp.51/rp_filter 0
	sysctl_is "$ns" ipv4/conf/vrrp.51/promote_secondaries 1
	# IPv6 stays on: the instance has an excluded IPv6 address (keepalived 2.2.7)
	sysctl_is "$ns" ipv6/conf/vrrp.51/disable_ipv6 0
	ka_is_ours && sysctl_is "$ns" ipv4/conf/vrrp.52/arp_ignore 1   # ours only (keepalived.conf(5))
	ll=$(ip -n "$ns" -6 -o addr show dev eth0 scope link | awk '{print $4}' | head -1)
	ip -n "$ns" -6 -o addr show dev vrrp.52 | grep -q " $ll " || fail "$ns: vrrp.52 lacks eth0's link-local $ll"
done
no_addr "$R1" eth0 "$VIP" || fail "the VIP is on eth0, not on the VMAC"
holds 3 no_addr "$R2" vrrp.51 "$VIP" || fail "r2 has the VIP too"
# the data dump names the VMAC with its base, as 2.2.7's: "dev vrrp.51@eth0"
D=$(ka_dump r1 data)
grep -qE "^     $VIP(/[0-9]+)? dev vrrp\.51@eth0 scope global set\$" "$D" ||
	{ sed -n '/VRRP Instance = V4/,/fd_in/p' "$D"; fail "r1's dump: no '$VIP dev vrrp.51@eth0 ... set' line"; }
# and its Interfaces entry as 2.2.7's: no IPv4 address of its own (the VIP
# is the instance's), the macvlan's type and base, made by keepalived, the
# instance tracking it
sed -n '/^ Name = vrrp\.51$/,/^ Name = /p' "$D" >"$KT_TMP/vmac51"
for l in "   IPv4 address = (none)" "   VMAC type private, underlying interface = eth0, state = UP, RUNNING" \
	"   I/f created by keepalived" "   Tracking VRRP instances :" "     V4, weight 0"; do
	grep -qxF -- "$l" "$KT_TMP/vmac51" || { cat "$KT_TMP/vmac51"; fail "r1's dump: vrrp.51 without '$l'"; }
done

step "adverts leave from the virtual MACs"
adv4() { grep -A1 "^[0-9:.]* $M4 > 01:00:5e:00:00:12" "$KT_TMP/wire.txt" | grep -q " $KT_NET.1 > 224.0.0.18: VRRPv2, Advertisement, vrid 51, prio 150"; }
adv6() { grep -q "^[0-9:.]* $M6 > 33:33:00:00:00:12.*ff02::12: VRRPv3, Advertisement, vrid 52, prio 150" "$KT_TMP/wire.txt"; }
wait_for 10 adv4 || { tail "$KT_TMP/wire.txt"; fail "no IPv4 advert from $M4"; }
wait_for 10 adv6 || { tail "$KT_TMP/wire.txt"; fail "no IPv6 advert from $M6"; }
MAC1=$(mac_of "$R1" eth0)
advx() { grep -A1 "^[0-9:.]* $MAC1 > 01:00:5e:00:00:12" "$KT_TMP/wire.txt" | grep -q " $KT_NET.1 > 224.0.0.18: VRRPv2, Advertisement, vrid 53, prio 150"; }
wait_for 10 advx || fail "vmac_xmit_base: no advert for VRID 53 from eth0's MAC $MAC1"
grep -A1 "^[0-9:.]* 00:00:5e:00:01:35 " "$KT_TMP/wire.txt" | grep -q "vrid 53" && fail "vmac_xmit_base: adverts from the VMAC"
vmac_ok "$R1" vmx53 00:00:5e:00:01:35 || fail "vmx53 is not a private, up macvlan with 00:00:5e:00:01:35"
served_by() {   # ADDR MAC
	ip -n "$C1" neigh flush dev eth0 2>/dev/null
	ip -n "$C1" -6 neigh flush dev eth0 2>/dev/null
	ip netns exec "$C1" ping -c 1 -W 1 "$1" >/dev/null 2>&1 &&
		ip -n "$C1" neigh show to "$1" | grep -q "lladdr $2 "
}
# served_by4 ADDR MAC: an IPv4 address; its MAC is checked with ours only:
# keepalived 2.2.7's IPv6 VMACs (no arp_ignore) answer ARP for it too
served_by4() {
	if ka_is_ours; then served_by "$@"; else can_ping "$C1" "$1"; fi
}
ka_is_ours || log "IPv4 addresses: the MAC that answers is not checked with keepalived 2.2.7 (its IPv6 VMACs answer ARP too)"
wait_for 20 served_by4 "$VIP" "$M4" || fail "the client does not reach $VIP at $M4"
wait_for 20 served_by "${P6}100" "$M6" || fail "the client does not reach ${P6}100 at $M6"

step "use_vmac_addr's neighbours: the other family on eth0, an address line's use_vmac"
wait_for 20 has_addr6 "$R1" eth0 "${P6}104" || fail "${P6}104 (IPv6, excluded, of an IPv4 use_vmac instance) is not on eth0"
no_addr "$R1" vrrp.51 "${P6}104" || fail "${P6}104 is on the IPv4 VMAC vrrp.51"
wait_for 20 has_addr "$R1" vrrp.54 "$KT_NET.105" || fail "$KT_NET.105 (use_vmac) is not on vrrp.54"
has_addr "$R1" eth0 "$KT_NET.104" || fail "$KT_NET.104 (no use_vmac) is not on eth0"
wait_for 20 has_addr6 "$R1" vrrp6.54 "${P6}105" || fail "${P6}105 (use_vmac) is not on vrrp6.54"
vmac_ok "$R1" vrrp.54 00:00:5e:00:01:36 || fail "vrrp.54 is not a private, up macvlan with 00:00:5e:00:01:36: $(ip -n "$R1" -d link show dev vrrp.54)"
vmac_ok "$R1" vrrp6.54 00:00:5e:00:02:36 || fail "vrrp6.54 is not a private, up macvlan with 00:00:5e:00:02:36"
wait_for 20 served_by4 "$KT_NET.105" 00:00:5e:00:01:36 || fail "the client does not reach $KT_NET.105 at 00:00:5e:00:01:36"
wait_for 20 served_by "${P6}105" 00:00:5e:00:02:36 || fail "the client does not reach ${P6}105 at 00:00:5e:00:02:36"
wait_for 20 served_by4 "$KT_NET.104" "$MAC1" || fail "the client does not reach $KT_NET.104 at eth0's $MAC1"
# their gratuitous ARP / NA leave from their VMAC (keepalived 2.2.7 too)
grep -q "^[0-9:.]* 00:00:5e:00:01:36 > ff:ff:ff:ff:ff:ff.*Request who-has $KT_NET.105 " "$KT_TMP/garp.txt" ||
	fail "no gratuitous ARP for $KT_NET.105 from 00:00:5e:00:01:36"
grep -q "^[0-9:.]* 00:00:5e:00:02:36 > 33:33:00:00:00:01.*neighbor advertisement, length [0-9]*, tgt is ${P6}105," "$KT_TMP/garp.txt" ||
	fail "no unsolicited NA for ${P6}105 from 00:00:5e:00:02:36"

step "SIGKILL r1: r2 takes over, the client sees the same MACs"
ka_kill r1
ip -n "$R1" addr del "$VIP/24" dev vrrp.51
ip -n "$R1" addr del "${P6}100/64" dev vrrp.52
# ours also brings a leftover VMAC that is down up again; keepalived 2.2.7
# leaves it down and its instance in FAULT ("interface vrrp.51 down"): with
# it they stay up, as a crash leaves them
if ours_only "bringing up a leftover VMAC that is down"; then
	ip -n "$R1" link set vrrp.51 down
	ip -n "$R1" link set vrrp.52 down
fi
wait_for 60 has_addr "$R2" vrrp.51 "$VIP" || fail "r2 did not take over $VIP"
wait_for 60 has_addr6 "$R2" vrrp.52 "${P6}100" || fail "r2 did not take over ${P6}100"
wait_for 20 served_by4 "$VIP" "$M4" || fail "after failover the client does not reach $VIP at $M4"
wait_for 20 served_by "${P6}100" "$M6" || fail "after failover the client does not reach ${P6}100 at $M6"

step "r1 restarts: the VMACs left by the crash are reused, r1 preempts"
ka_start r1 r1
wait_for 60 has_addr "$R1" vrrp.51 "$VIP" || fail "r1 did not preempt"
wait_for 30 no_addr "$R2" vrrp.51 "$VIP" || fail "r2 kept the VIP"
if ka_is_ours; then
	ka_logged r1 "VMAC vrrp.51 on eth0 already there \(kept\)" || fail "r1 did not reuse vrrp.51"
fi
[ "$(ip -n "$R1" -o link show type macvlan | wc -l)" = 5 ] || fail "r1 has other than 5 macvlans"
vmac_ok "$R1" vrrp.52 "$M6" || fail "r1's vrrp.52 is not up again"

step "a clean stop removes the VMACs"
ka_stop r1
[ -z "$(ip -n "$R1" -o link show type macvlan)" ] || fail "r1's VMACs outlived the stop: $(ip -n "$R1" -o link show type macvlan)"
log_result
