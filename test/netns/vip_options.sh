#!/usr/bin/env bash
# vip_options: the options of a virtual_ipaddress line as keepalived 2.2.7
# applies them, read back with `ip addr`: peer, IPv6 nodad (the default) and
# -nodad, an IPv6 /128 deprecated (preferred_lft 0) unless preferred_lft
# says otherwise, noprefixroute (no prefix route), home, mngtmpaddr,
# no_track (accepted), brd + and brd - (ip(8)'s: the prefix's broadcast and
# network address; ours skipped such a line).
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1
R1=$(kt_ns r1)
PN="fd$(printf %02x $(( $$ % 256 ))):52::"   # a prefix of its own for noprefixroute
N=$KT_NET
ka_conf r1 <<CONF
vrrp_instance V {
    interface eth0
    virtual_router_id 51
    priority 100
    advert_int 1
    virtual_ipaddress {
        $N.150/32 peer $N.151
        $N.152/24 no_track
        $N.153/24 brd + dev eth0
        $N.154/24 brd -
    }
    virtual_ipaddress_excluded {
        ${P6}150
        ${P6}151/128 preferred_lft forever
        ${PN}152/64 noprefixroute
        ${P6}153/64 -nodad
        ${P6}154/64 home mngtmpaddr
        ${P6}155/64 preferred_lft 300
    }
}
CONF
ka_start r1 r1
wait_for 60 has_addr6 "$R1" eth0 "${P6}155" || fail "r1 never became master"
line() { ip -n "$R1" -o addr show dev eth0 | grep " $1/"; }
step "what the kernel holds"
ip -n "$R1" -o addr show dev eth0 | sed 's/^/    /'
line "$N.150 peer $N.151" >/dev/null || line "$N.150" | grep -q "peer $N.151/32" || fail "no peer: $(line "$N.150")"
line "$N.152" >/dev/null || fail "no_track address missing"
line "$N.153" | grep -q "brd $N.255 " || fail "brd + is not the broadcast address: $(line "$N.153")"
line "$N.154" | grep -q "brd $N.0 " || fail "brd - is not the network address: $(line "$N.154")"
line "${P6}150" | grep -q "deprecated" || fail "an IPv6 /128 is not deprecated: $(line "${P6}150")"
line "${P6}150" | grep -q "nodad" || fail "IPv6 VIP without nodad"
line "${P6}151" | grep -q "deprecated" && fail "preferred_lft forever is deprecated"
line "${PN}152" | grep -q "noprefixroute" || fail "no noprefixroute: $(line "${PN}152")"
ip -n "$R1" -6 route show dev eth0 | grep -q "^${PN}/64" && fail "noprefixroute address has a prefix route"
ip -n "$R1" -6 route show dev eth0 | grep -q "^${P6}/64" || fail "the other prefix has no route (the check above proves nothing)"
line "${P6}153" | grep -q "nodad" && fail "-nodad address has nodad"
line "${P6}154" | grep -q "home" || fail "no home flag"
line "${P6}154" | grep -q "mngtmpaddr" || fail "no mngtmpaddr flag"
ip -n "$R1" -6 addr show dev eth0 to "${P6}155" | grep -q "preferred_lft 30[0-9]sec\|preferred_lft 29[0-9]sec" || fail "preferred_lft 300 not set: $(ip -n "$R1" -6 addr show dev eth0 to "${P6}155")"
log_result
