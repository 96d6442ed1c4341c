#!/usr/bin/env bash
# strict: vrrp_strict (no_accept by default). A non-owner MASTER installs its
# VIPs but drops traffic to and from them through the nftables tables
# `ip keepalived` and `ip6 keepalived` (keepalived 2.2.7's layout), made
# with libnftnl and read back with it (test/unit/nft_elems): the client
# resolves the VIP (ARP / neighbour discovery pass) but its pings are
# dropped; an instance with `accept` is reachable and not in the sets; a
# table of someone else is left alone; stopping removes our tables. A
# link-local VIP of an instance with dont_track_primary (D6) is keyed by
# interface name, as keepalived 2.2.7 does without nftables_ifindex (set
# vips_link_local_name, ipv6_addr . ifname, matched with iifname/oifname);
# the client's ping to it is dropped too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
require_cmd nft
ELEMS=${TOP_BUILDDIR:-$KT_TOP}/test/unit/nft_elems
[ -x "$ELEMS" ] || { log "FAIL: $ELEMS not built"; exit 1; }

lab_lan r1:1 c1:10
R1=$(kt_ns r1) C1=$(kt_ns c1)
ip -n "$C1" addr add "${P6}10/64" dev eth0
ip -n "$R1" addr add "${P6}1/64" dev eth0
wait_for 20 dad_done r1 c1 || fail "IPv6 DAD did not finish"
V2="$KT_NET.102"
IF1=$(ip netns exec "$R1" cat /sys/class/net/eth0/ifindex)

# someone else's table, which must survive us
ip netns exec "$R1" nft add table ip other
ip netns exec "$R1" nft add chain ip other in '{ type filter hook input priority 0; policy accept; }'
ip netns exec "$R1" nft add rule ip other in ip saddr 192.0.2.1 counter
OTHER=$(ip netns exec "$R1" nft list table ip other)

ka_conf r1 <<CONF
global_defs {
    vrrp_strict
}
vrrp_instance S4 {
    interface eth0
    virtual_router_id 71
    priority 100
    advert_int 1
    virtual_ipaddress {
        $VIP/24
    }
}
vrrp_instance S6 {
    interface eth0
    virtual_router_id 72
    priority 100
    advert_int 1
    virtual_ipaddress {
        fe80::72:1/64
        ${P6}100/64
    }
}
vrrp_instance D6 {
    interface eth0
    virtual_router_id 74
    priority 100
    advert_int 1
    dont_track_primary
    virtual_ipaddress {
        fe80::74:1/64
    }
}
vrrp_instance A4 {
    interface eth0
    virtual_router_id 73
    priority 100
    advert_int 1
    version 3
    accept
    virtual_ipaddress {
        $V2/24
    }
}
CONF
ka_start r1 r1

step "MASTER without accept: the VIPs are installed and in our drop sets"
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "r1 never got $VIP"
wait_for 60 has_addr6 "$R1" eth0 "${P6}100" || fail "r1 never got ${P6}100"
wait_for 60 has_addr "$R1" eth0 "$V2" || fail "r1 never got $V2"
elems() { ip netns exec "$R1" "$ELEMS" "$@"; }
[ "$(elems ip keepalived vips)" = "$VIP" ] || fail "ip keepalived vips: '$(elems ip keepalived vips)', expected $VIP only"
[ "$(elems ip6 keepalived vips)" = "${P6}100" ] || fail "ip6 keepalived vips: '$(elems ip6 keepalived vips)'"
[ "$(elems ip6 keepalived vips_link_local)" = "fe80::72:1 . $IF1" ] ||
	fail "ip6 keepalived vips_link_local: '$(elems ip6 keepalived vips_link_local)', expected fe80::72:1 . $IF1"
elems ip6 keepalived neighbor-discovery | grep -q . || true
ll_named() { [ "$(elems ip6 keepalived vips_link_local_name)" = "fe80::74:1 . eth0" ]; }
wait_for 10 ll_named || fail "ip6 keepalived vips_link_local_name: '$(elems ip6 keepalived vips_link_local_name)', expected fe80::74:1 . eth0"
ip netns exec "$R1" nft list table ip6 keepalived | grep -q 'ip6 daddr . iifname @vips_link_local_name .*drop' ||
	fail "no iifname drop rule: $(ip netns exec "$R1" nft list table ip6 keepalived)"
ip netns exec "$R1" nft list table ip keepalived | grep -q 'hook input priority filter - 1; policy accept;' ||
	fail "no input chain at priority -1: $(ip netns exec "$R1" nft list table ip keepalived)"
ip netns exec "$R1" nft list table ip keepalived | grep -q 'ip daddr @vips drop' || fail "no drop rule"
ip netns exec "$R1" nft list table ip6 keepalived | grep -q 'icmpv6 type @neighbor-discovery accept' ||
	fail "no neighbour-discovery rule"

step "the data dump: an address in the drop set is 'set nftable_set' (2.2.7's words), accept's 'set'"
D=$(ka_dump r1 data)
grep -qxF "     $VIP/24 dev eth0 scope global set nftable_set" "$D" || { cat "$D"; fail "no '$VIP/24 ... set nftable_set' line"; }
grep -qxF "     $V2/24 dev eth0 scope global set" "$D" || { cat "$D"; fail "no '$V2/24 ... set' line (accept)"; }

step "the client resolves the VIPs but its traffic to them is dropped; accept passes"
can_ping "$C1" "$KT_NET.1" || fail "the router's own address is not reachable"
can_ping "$C1" "$VIP" && fail "a ping to $VIP (no_accept) was answered"
ip -n "$C1" neigh show to "$VIP" | grep -q lladdr || fail "the client could not resolve $VIP"
can_ping6 "$C1" "${P6}100" && fail "a ping to ${P6}100 (no_accept) was answered"
ip -n "$C1" -6 neigh show to "${P6}100" | grep -q lladdr || fail "the client could not resolve ${P6}100"
wait_for 10 can_ping "$C1" "$V2" || fail "$V2 (accept) is not reachable"
has_addr6 "$R1" eth0 fe80::74:1 || fail "fe80::74:1 is not on eth0"
ip netns exec "$C1" ping -6 -c 1 -W 1 fe80::74:1%eth0 >/dev/null 2>&1 && fail "a ping to fe80::74:1 (no_accept, keyed by name) was answered"
ip -n "$C1" -6 neigh show to fe80::74:1 | grep -q lladdr || fail "the client could not resolve fe80::74:1"

step "stop: our tables go, the other one stays as it was"
ka_stop r1
ip netns exec "$R1" nft list tables | grep -q keepalived && fail "our tables outlived the stop: $(ip netns exec "$R1" nft list tables)"
[ "$(ip netns exec "$R1" nft list table ip other)" = "$OTHER" ] || fail "table ip other was changed"
log_result
