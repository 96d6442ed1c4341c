#!/usr/bin/env bash
# compat_run: what keepalived 2.2.7 does at run time with values it skips,
# observed on the wire; ours must do the same (run it with
# KEEPALIVED=/usr/sbin/keepalived to see keepalived do it). One instance
# with: state FOO (BACKUP), priority 300 (100), advert_int 300 (skipped:
# 1 s), a non-multicast mcast_dst_ip (skipped: 224.0.0.18), a one-line
# authentication block (auth_pass dropped, so no authentication), an IPv6
# address in an IPv4 instance (skipped), an address with prefix /33 (used
# as /32), an address line without dev's value and a rule with an invalid
# address (both skipped whole). Alone on its LAN it becomes master; its
# adverts must say prio 100, interval 1, auth 0, to 224.0.0.18, two
# addresses, and the IPv6 address must not be installed. Rules without
# preference get 16384, 16383... in the order of the file (static_rules,
# then the instance's virtual_rules once it is master); a skipped rule
# takes no number.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 c1:10
R1=$(kt_ns r1)
ka_conf r1 <<CONF
static_rules {
    from 192.0.2.300 table 99
    from 192.0.2.10 table 100
    from 192.0.2.11 table 101
}
vrrp_instance VI_1 {
    state FOO
    interface eth0
    virtual_router_id 51
    priority 300
    advert_int 300
    mcast_dst_ip 10.1.1.1
    authentication { auth_type PASS auth_pass secret }
    virtual_ipaddress {
        $VIP/32
        fd00:db8::51/64
        $KT_NET.201/33
        $KT_NET.202/24 dev
    }
    virtual_rules {
        from 192.0.2.12 table 102
    }
}
CONF
listen_start c1 eth0 "$KT_TMP/wire.txt" 60
ka_start r1 r1

step "it becomes master with the IPv4 address only"
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "r1 never got the VIP"
ip -n "$R1" -6 addr show dev eth0 | grep -q "fd00:db8::51" && fail "the IPv6 address of an IPv4 instance was installed"
slash32() { ip -n "$R1" -o -4 addr show dev eth0 | grep -q " inet $KT_NET.201/32 "; }
wait_for 10 slash32 || { ip -n "$R1" addr show dev eth0; fail "$KT_NET.201/33 is not installed as /32"; }
ip -n "$R1" addr show dev eth0 | grep -q "$KT_NET.202" && fail "the line '$KT_NET.202/24 dev' was not skipped"
ip -n "$R1" rule show | grep -q "lookup 99" && fail "the rule with an invalid address was installed"

step "rules without preference: 16384, 16383, 16382 in file order"
rules() { ip -n "$R1" rule show | grep -q "^16382:.*from 192.0.2.12 lookup 102"; }
wait_for 20 rules || { ip -n "$R1" rule show; fail "no virtual rule at 16382"; }
ip -n "$R1" rule show | grep -q "^16384:.*from 192.0.2.10 lookup 100" || { ip -n "$R1" rule show; fail "no static rule at 16384"; }
ip -n "$R1" rule show | grep -q "^16383:.*from 192.0.2.11 lookup 101" || { ip -n "$R1" rule show; fail "no static rule at 16383"; }

step "adverts: priority 100, interval 1 s, no authentication, to 224.0.0.18, two addresses"
adv() { grep -q "src=$KT_NET.1 dst=224.0.0.18 .*version=2 .*vrid=51 prio=100 naddr=2 auth=0 int=1.00 csum=ok" "$KT_TMP/wire.txt"; }
wait_for 20 adv || { cat "$KT_TMP/wire.txt"; fail "no advert with the values keepalived 2.2.7 uses"; }
grep "src=$KT_NET.1" "$KT_TMP/wire.txt" | head -2
grep "src=$KT_NET.1" "$KT_TMP/wire.txt" | grep -v "prio=100 naddr=2 auth=0 int=1.00" && fail "an advert with other values"
log_result
