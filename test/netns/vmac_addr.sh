#!/usr/bin/env bash
# vmac_addr: use_vmac_addr with vmac_addr_prefix and garp_extra_if, as
# keepalived 2.2.7 does them (measured: names, MACs, addresses). r1's
# instance (VRID 51, IPv4, on eth0) has an address on eth1 and IPv6
# excluded addresses on eth0 and eth1: each (interface, family) gets a
# private macvlan with the virtual MAC of that family, named
# vmac_addr_prefix.VRID, then (IPv6) PREFIX6.VRID, PREFIX1.VRID: va.51 on
# eth1 (00:00:5e:00:01:33), va6.51 on eth0 and va1.51 on eth1
# (00:00:5e:00:02:33); the address on eth0 of the instance's family stays
# on eth0. `garp_extra_if 2` (without all: VMACs only) sends a GARP / NA
# every 2 s on each of them (counted on the wire). A crash leaves them, the
# restart reuses them (ours brings one set down up again); a clean stop
# removes them. Passes with keepalived 2.2.7 too, but for three checks
# (its IPv6 VMAC answers ARP, it leaves a reused VMAC down, and in place at
# stop).
. "$(dirname "$0")/../lib/netns.sh"
kt_init
require_cmd tcpdump

lab_lan r1:1 c1:10
lab_link2 r1 c2
R1=$(kt_ns r1) C1=$(kt_ns c1) C2=$(kt_ns c2)
Q6="fd$(printf %02x $(( ($$ + 1) % 256 )))::"
ip -n "$C2" addr add "$N2.10/24" dev eth0
ip -n "$C2" addr add "${Q6}10/64" dev eth0
ip -n "$C1" addr add "${P6}10/64" dev eth0
wait_for 30 dad_done r1 c1 c2 || fail "IPv6 DAD did not finish"
M4=00:00:5e:00:01:33 M6=00:00:5e:00:02:33

ka_conf r1 <<CONF
global_defs {
    vmac_addr_prefix va
    vrrp_garp_master_delay 0
    vrrp_garp_master_repeat 1
}
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    priority 150
    advert_int 1
    use_vmac_addr
    garp_extra_if 2
    virtual_ipaddress {
        $VIP/24
        $N2.100/24 dev eth1
    }
    virtual_ipaddress_excluded {
        ${P6}100/64
        ${Q6}100/64 dev eth1
    }
}
CONF
capture_start c2 eth0 "$KT_TMP/eth1.txt" 'arp or (icmp6 and ip6[40] == 136)'
capture_start c1 eth0 "$KT_TMP/eth0.txt" 'arp or (icmp6 and ip6[40] == 136)'
ka_start r1 r1

vmac_ok() {   # NAME BASE MAC
	local d; d=$(ip -n "$R1" -d link show dev "$1" 2>/dev/null) || return 1
	grep -q "^[0-9]*: $1@$2:" <<<"$d" && grep -q "link/ether $3 " <<<"$d" &&
		grep -q "macvlan mode private" <<<"$d" && grep -q ",UP" <<<"$d"
}
garps() { grep -c "^[0-9:.]* $2 > ff:ff:ff:ff:ff:ff.*Request who-has $1 \(([f:]*) \)\?tell $1," "$KT_TMP/$3.txt"; }
garps_ge() { [ "$(garps "$@")" -ge "$4" ]; }
nas() { grep -c "^[0-9:.]* $2 > 33:33:00:00:00:01.*neighbor advertisement, length [0-9]*, tgt is $1," "$KT_TMP/$3.txt"; }
nas_ge() { [ "$(nas "$@")" -ge "$4" ]; }

step "r1 is MASTER: the VMACs of its addresses, the addresses on them"
wait_for 30 has_addr "$R1" va.51 "$N2.100" || fail "r1 never got $N2.100 on va.51"
has_addr "$R1" eth0 "$VIP" || fail "$VIP is not on eth0"
vmac_ok va.51 eth1 "$M4" || fail "va.51 is not a private up macvlan of eth1 with $M4: $(ip -n "$R1" -d link show dev va.51 | tr '\n' ' ')"
vmac_ok va6.51 eth0 "$M6" || fail "va6.51 is not a private up macvlan of eth0 with $M6: $(ip -n "$R1" -d link show dev va6.51 | tr '\n' ' ')"
vmac_ok va1.51 eth1 "$M6" || fail "va1.51 is not a private up macvlan of eth1 with $M6: $(ip -n "$R1" -d link show dev va1.51 | tr '\n' ' ')"
wait_for 10 has_addr6 "$R1" va6.51 "${P6}100" || fail "${P6}100 is not on va6.51"
wait_for 10 has_addr6 "$R1" va1.51 "${Q6}100" || fail "${Q6}100 is not on va1.51"
[ "$(ip -n "$R1" -o link show type macvlan | wc -l)" = 3 ] || fail "r1 has other than 3 macvlans: $(ip -n "$R1" -o link show type macvlan)"
served_by() {   # NS ADDR MAC
	ip -n "$1" neigh flush dev eth0 2>/dev/null
	ip -n "$1" -6 neigh flush dev eth0 2>/dev/null
	ip netns exec "$1" ping -c 1 -W 1 "$2" >/dev/null 2>&1 && ip -n "$1" neigh show to "$2" | grep -q "lladdr $3 "
}
# keepalived 2.2.7 leaves arp_ignore at 0 on IPv6 VMACs: va1.51 answers the
# ARP for $N2.100 with 00:00:5e:00:02:33 there (see vrrp_vmac.h) - ours only
if [ "$KT_FLAVOUR" = ng ]; then
	wait_for 20 served_by "$C2" "$N2.100" "$M4" || fail "c2 does not reach $N2.100 at $M4: $(ip -n "$C2" neigh show)"
fi
wait_for 20 served_by "$C2" "${Q6}100" "$M6" || fail "c2 does not reach ${Q6}100 at $M6"
wait_for 20 served_by "$C1" "${P6}100" "$M6" || fail "c1 does not reach ${P6}100 at $M6"

step "garp_extra_if 2: a GARP / NA every 2 s from each VMAC, none for eth0's own address"
wait_for 30 garps_ge "$N2.100" "$M4" eth1 4 || { cat "$KT_TMP/eth1.txt"; fail "fewer than 3 periodic GARPs from va.51"; }
wait_for 20 nas_ge "${Q6}100" "$M6" eth1 4 || { cat "$KT_TMP/eth1.txt"; fail "fewer than 3 periodic NAs from va1.51"; }
wait_for 20 nas_ge "${P6}100" "$M6" eth0 4 || { cat "$KT_TMP/eth0.txt"; fail "fewer than 3 periodic NAs from va6.51"; }
n=$(garps "$VIP" '[0-9a-f:]*' eth0); [ "$n" = 1 ] || fail "$n GARPs for $VIP on eth0 (the instance's own interface), expected 1"

step "SIGKILL r1: the VMACs stay; the restart reuses them"
IDX=$(ip -n "$R1" -o link show dev va.51 | cut -d: -f1)
ka_kill r1
[ "$(ip -n "$R1" -o link show type macvlan | wc -l)" = 3 ] || fail "the crash did not leave the 3 VMACs"
# ours also brings up a leftover that was set down (keepalived 2.2.7 leaves it down)
[ "$KT_FLAVOUR" = ng ] && ip -n "$R1" link set va.51 down
ka_start r1 r1
wait_for 30 has_addr "$R1" va.51 "$N2.100" || fail "r1 did not get $N2.100 back on va.51"
[ "$(ip -n "$R1" -o link show dev va.51 | cut -d: -f1)" = "$IDX" ] || fail "va.51 was made again, not reused"
wait_for 10 vmac_ok va.51 eth1 "$M4" || fail "va.51 is not up again"
[ "$(ip -n "$R1" -o link show type macvlan | wc -l)" = 3 ] || fail "r1 has other than 3 macvlans after the restart"

step "a clean stop removes them"
ka_stop r1
if [ "$KT_FLAVOUR" != ng ]; then
	log "keepalived 2.2.7 leaves the VMACs it reused after a crash: not checked"
	log_result
	exit 0
fi
[ -z "$(ip -n "$R1" -o link show type macvlan)" ] || fail "r1's VMACs outlived the stop: $(ip -n "$R1" -o link show type macvlan)"
log_result
