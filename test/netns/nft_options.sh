#!/usr/bin/env bash
# nft_options: the global nftables knobs of strict mode, read back from the
# kernel (nft's own listing for chains and set types, test/unit/nft_elems -
# libnftnl, the library the daemon writes with - for set elements):
#   - `nftables kanft` names the tables (ip kanft, ip6 kanft), no table
#     called keepalived is made;
#   - `nftables_priority -5`: every base chain hooks at priority -5
#     (keepalived's default is -1);
#   - `nftables_ifindex`: a link-local VIP of an instance with
#     dont_track_primary is keyed by address . interface index (set
#     vips_link_local, type ipv6_addr . iface_index) - keepalived 2.2.7 keys
#     it by interface name without this knob.
# Passes with keepalived 2.2.7 too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
require_cmd nft
ELEMS=${TOP_BUILDDIR:-$KT_TOP}/test/unit/nft_elems
[ -x "$ELEMS" ] || { log "FAIL: $ELEMS not built"; exit 1; }

lab_lan r1:1
R1=$(kt_ns r1)
ip -n "$R1" addr add "${P6}1/64" dev eth0
wait_for 20 dad_done r1 || fail "IPv6 DAD did not finish"
IF1=$(ip netns exec "$R1" cat /sys/class/net/eth0/ifindex)

ka_conf r1 <<CONF
global_defs {
    vrrp_strict
    nftables kanft
    nftables_priority -5
    nftables_ifindex
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
    dont_track_primary
    virtual_ipaddress {
        fe80::72:1/64
        ${P6}100/64
    }
}
CONF
ka_start r1 r1
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "r1 never got $VIP"
wait_for 60 has_addr6 "$R1" eth0 "${P6}100" || fail "r1 never got ${P6}100"
elems() { ip netns exec "$R1" "$ELEMS" "$@"; }
nftl() { ip netns exec "$R1" nft list table "$@"; }
in_sets() { [ "$(elems ip kanft vips)" = "$VIP" ] && [ "$(elems ip6 kanft vips)" = "${P6}100" ]; }
wait_for 20 in_sets || fail "VIPs not in ip/ip6 kanft vips: '$(elems ip kanft vips)' '$(elems ip6 kanft vips)'"

step "nftables kanft: our tables are ip kanft and ip6 kanft, no 'keepalived' table"
ip netns exec "$R1" nft list tables | grep -q ' keepalived$' && fail "a table 'keepalived' exists: $(ip netns exec "$R1" nft list tables)"

step "nftables_priority -5: every base chain at priority -5"
for fam in ip ip6; do
	chains=$(nftl "$fam" kanft | grep -c 'type filter hook')
	[ "$chains" -ge 1 ] || fail "no base chain in $fam kanft: $(nftl "$fam" kanft)"
	other=$(nftl "$fam" kanft | grep 'type filter hook' | grep -vc 'priority filter - 5;')
	[ "$other" = 0 ] || fail "$fam kanft has base chains not at priority -5: $(nftl "$fam" kanft | grep 'type filter hook')"
done

step "nftables_ifindex: the link-local VIP of a dont_track_primary instance is keyed by ifindex"
nftl ip6 kanft | grep -A2 'set vips_link_local {' | grep -q 'type ipv6_addr . iface_index' ||
	fail "set vips_link_local is not ipv6_addr . iface_index: $(nftl ip6 kanft)"
[ "$(elems ip6 kanft vips_link_local)" = "fe80::72:1 . $IF1" ] ||
	fail "ip6 kanft vips_link_local: '$(elems ip6 kanft vips_link_local)', expected fe80::72:1 . $IF1"
nftl ip6 kanft | grep -q 'set vips_link_local_name' && fail "a set keyed by interface name exists despite nftables_ifindex"

step "stop: our tables go"
ka_stop r1
ip netns exec "$R1" nft list tables | grep -q kanft && fail "our tables outlived the stop: $(ip netns exec "$R1" nft list tables)"
log_result
