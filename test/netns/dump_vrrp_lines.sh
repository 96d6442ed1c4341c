#!/usr/bin/env bash
# dump_vrrp_lines: lines of keepalived.data (SIGUSR1) as keepalived 2.2.7
# writes them, where ours differed:
#  - a virtual address's flags: "home -nodad mngtmpaddr noprefixroute
#    autojoin" in that order, before no_track (ours wrote none);
#  - a rule's host address without /32 or /128 ("from 10.77.0.5",
#    "to fd00::7"; ours "from 10.77.0.5/32"), a prefix with its length;
#  - "Number of interface and track script faults": 2 for an instance on a
#    link down without an IPv4 address (the link and the address count
#    apart; ours 1), 1 down with an address, 1 up without;
#  - use_ipvlan: "i/f address = ADDR/LEN" on the Use IPVLAN line, and
#    "Using src_ip" the ipvlan address (from configuration) also while the
#    ipvlan is not up - here the kernel may have no ipvlan (ours said
#    "(none)"); on a link down with an address, that address (ours "(none)");
#  - an instance's tracked IPv6 route ends with " [installed ifindex 0]"
#    (0 in every case measured), not an IPv4 one;
#  - a route on another link (up2) tracks it implicitly: listed under that
#    interface's "Tracking VRRP instances", not under the instance's
#    "Tracked interfaces" (ours listed "up2 weight 0" there too);
#  - under the global vrrp_check_unicast_src alone, an instance's "Check
#    unicast src : no" and "Flags: none" (its own setting; ours folded the
#    global into each instance: "yes", "Flags:"), while a unicast instance
#    still drops a non-peer's advert of priority 200 (stays MASTER).
# Passes with keepalived 2.2.7 too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 c1:10
R1=$(kt_ns r1)
# dn1: down, no address; up2: up (its peer too), no address; dn3: down, an address
ip -n "$R1" link add dn1 type veth peer name dn1p || fail "cannot make dn1"
ip -n "$R1" link add up2 type veth peer name up2p || fail "cannot make up2"
ip -n "$R1" link set up2p up
ip -n "$R1" link set up2 up
ip -n "$R1" link add dn3 type veth peer name dn3p || fail "cannot make dn3"
ip -n "$R1" addr add 10.77.5.1/24 dev dn3
ip -n "$R1" -6 addr add fd01::1/64 dev eth0 nodad
# one_vip NAME VRID IF ADDR [EXTRA]: an instance with one address
one_vip() {
	printf 'vrrp_instance %s {\n    interface %s\n    virtual_router_id %s\n    priority 100\n%s\n    virtual_ipaddress {\n        %s\n    }\n}\n' \
		"$1" "$3" "$2" "${5:-}" "$4"
}
ka_conf r1 <<CONF
global_defs {
    vrrp_check_unicast_src
}
vrrp_instance VI_2 {
    state MASTER
    interface eth0
    virtual_router_id 52
    priority 100
    unicast_src_ip $KT_NET.1
    unicast_peer {
        $KT_NET.2
    }
    virtual_ipaddress {
        10.77.1.100/32
    }
}
vrrp_instance VI_1 {
    state MASTER
    interface eth0
    virtual_router_id 51
    priority 150
    virtual_ipaddress {
        10.77.0.103/32 dev eth0 home noprefixroute
        10.77.0.105/32 no_track home noprefixroute
    }
    virtual_ipaddress_excluded {
        fd00::2/64 dev eth0 -nodad noprefixroute
        fd00::3/64 dev eth0 home no_track
        fd00::4/64 dev eth0 autojoin noprefixroute mngtmpaddr -nodad home
    }
    virtual_rules {
        from 10.77.0.5 table 100
        from 10.77.0.6/32 to 10.66.1.1 table 101 priority 50
        from 10.77.0.0/24 table 102
        from fd00::5 table 100
        from fd00::/64 to fd00::7/128 table 100
    }
    virtual_routes {
        fd03::/64 via fd01::10 dev eth0
        10.88.0.0/24 via $KT_NET.10 dev eth0
        10.89.0.0/24 dev up2
    }
}
$(one_vip VI_3 53 dn1 10.77.2.100/32)
$(one_vip VI_4 54 eth0 10.77.3.100/32 "    use_ipvlan ipv54 10.77.3.1/24")
$(one_vip VI_5 55 up2 10.77.4.100/32)
$(one_vip VI_6 56 dn3 10.77.6.100/32)
CONF
ka_start r1 r1
wait_for 30 ka_entered r1 MASTER 2 || fail "VI_1 and VI_2 never MASTER"
sleep 1
D=$(ka_dump r1 data)
# in_block FILE INSTANCE LINE: LINE is a whole line of INSTANCE's block
in_block() {
	awk -v inst="$2" -v want="$3" '
		/^ *VRRP Instance = / { cur = $0; sub(/^ *VRRP Instance = /, "", cur); next }
		/^------</ { cur = "" }
		cur == inst && $0 == want { found = 1 }
		END { exit !found }' "$1"
}
# expect_lines FILE LINE...: each LINE is a whole line of FILE
expect_lines() {
	local f=$1 l; shift
	for l in "$@"; do grep -qxF -- "$l" "$f" || { cat "$f"; fail "no line '$l'"; }; done
}
step "address flags"
expect_lines "$D" \
	"     10.77.0.103 dev eth0 scope global home noprefixroute set" \
	"     10.77.0.105 dev eth0 scope global home noprefixroute no_track set" \
	"     fd00::2/64 dev eth0 scope global -nodad noprefixroute preferred_lft forever set" \
	"     fd00::3/64 dev eth0 scope global home no_track preferred_lft forever set"
# the kernel refuses autojoin on a unicast address: "set" or not
grep -Eqx -- '     fd00::4/64 dev eth0 scope global home -nodad mngtmpaddr noprefixroute autojoin preferred_lft forever( set)?' "$D" ||
	{ cat "$D"; fail "no fd00::4 line with its five flags in order"; }

step "rules: a host without /32 or /128"
expect_lines "$D" \
	"     from 10.77.0.5 priority 16384 tos 0x0 protocol 18 lookup 100" \
	"     from 10.77.0.6 to 10.66.1.1 priority 50 tos 0x0 protocol 18 lookup 101" \
	"     from 10.77.0.0/24 priority 16383 tos 0x0 protocol 18 lookup 102" \
	"     from fd00::5 priority 16384 tos 0x0 protocol 18 lookup 100" \
	"     from fd00::/64 to fd00::7 priority 16383 tos 0x0 protocol 18 lookup 100"

step "routes: an IPv6 one's installed ifindex"
# 2.2.7 names the interface of that index 0 when it knows one: here the
# record of the ipvlan the kernel refused ("index = 0 (deleted)")
grep -Eqx -- '     prepend fd03::/64 via inet6 fd01::10 dev eth0 proto 18 \[(installed ifindex 0|dev ipv54)\]' "$D" ||
	{ cat "$D"; fail "no fd03::/64 line with its installed ifindex"; }
expect_lines "$D" "     prepend 10.88.0.0/24 via inet $KT_NET.10 dev eth0 proto 18"

step "an implicitly tracked interface is listed under the interface only"
! in_block "$D" VI_1 "   Tracked interfaces :" || { cat "$D"; fail "VI_1 lists Tracked interfaces"; }
sed -n '/^ Name = up2$/,/^ Name = /p' "$D" | grep -qx '     VI_1, weight 0' ||
	{ cat "$D"; fail "up2 does not list VI_1 among its tracking instances"; }

step "faults of a link down or without an address"
F="Number of interface and track script faults"
for want in VI_3:2 VI_5:1 VI_6:1; do
	got=$(dump_field "$D" "${want%:*}" "$F")
	[ "$got" = "${want#*:}" ] || { cat "$D"; fail "${want%:*}: '$F = $got', not ${want#*:}"; }
done

step "use_ipvlan's address, a down link's address"
grep -Eqx -- '   Use IPVLAN, i/f ipv54, is_up = (true|false), i/f address = 10\.77\.3\.1/24, type bridge' "$D" ||
	{ cat "$D"; fail "no Use IPVLAN line with its address"; }
got=$(dump_field "$D" VI_4 "Using src_ip")
[ "$got" = "10.77.3.1 (from configuration)" ] || fail "VI_4: 'Using src_ip = $got'"
got=$(dump_field "$D" VI_6 "Using src_ip")
[ "$got" = "10.77.5.1" ] || fail "VI_6: 'Using src_ip = $got'"

step "the global vrrp_check_unicast_src: the instances' own lines, its effect"
in_block "$D" VI_2 "   Check unicast src : no" || { cat "$D"; fail "VI_2: not 'Check unicast src : no'"; }
for i in VI_3 VI_5 VI_6; do
	in_block "$D" $i "   Flags: none" || { cat "$D"; fail "$i: not 'Flags: none'"; }
done
n=$(ka_count r1 '\(VI_2\) Entering BACKUP')
ip netns exec "$(kt_ns c1)" python3 "$KT_INJECT" --iface eth0 --vrid 52 --prio 200 --dst "$KT_NET.1" \
	--addrs 10.77.1.100 --count 3 --period 0.3 --quiet || fail "cannot send an advert"
holds 2 eval '[ "$(ka_count r1 "\(VI_2\) Entering BACKUP")" = "$n" ]' ||
	fail "VI_2 followed an advert of a non-peer (vrrp_check_unicast_src)"
log_result
