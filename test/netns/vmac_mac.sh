#!/usr/bin/env bash
# vmac_mac: use_vmac [NAME] [MAC] as keepalived 2.2.7 reads it. VI_1
# 'use_vmac vm51 02:11:22:33:44:55' makes vm51 with that MAC; VI_2
# 'use_vmac 02:aa:bb:cc:dd' (five octets: the sixth is the VRID, 52 = 0x34)
# makes vrrp.52 with 02:aa:bb:cc:dd:34; VI_3 'use_vmac vm51' names a link
# VI_1 already uses: the name is ignored with a warning and the default
# vrrp.53 is made ("VRRP instance VI_1 is already using vm51 - ignoring
# name"). VI_4 'use_vmac vmx54' names a veth that exists: it must be left
# alone (2.2.7 ignores the name then; ours deleted the veth to make its
# VMAC). With dynamic_interfaces, VI_1's route 'dev vm51' on its own VMAC
# does not make vm51 a tracked interface (ours held VI_1 in FAULT: found on
# the maintainer's 507.conf). Ours refused the file (a ':' in a name; the name in use). Found by
# tools/conf_compare.py on keepalived's maintainer's ll_addr.conf,
# one1m.conf and 1850.conf. Passes with KEEPALIVED=/usr/sbin/keepalived too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1
R1=$(kt_ns r1)
ip -n "$R1" link add vmx54 type veth peer name vmy54 || fail "cannot make the veth vmx54"
ka_conf r1 <<CONF
global_defs {
    dynamic_interfaces
}
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    priority 100
    use_vmac vm51 02:11:22:33:44:55
    virtual_ipaddress {
        $VIP/32
    }
    virtual_routes {
        198.51.100.0/24 dev vm51
    }
}
vrrp_instance VI_2 {
    interface eth0
    virtual_router_id 52
    priority 100
    use_vmac 02:aa:bb:cc:dd
    virtual_ipaddress {
        $KT_NET.202/32
    }
}
vrrp_instance VI_3 {
    interface eth0
    virtual_router_id 53
    priority 100
    use_vmac vm51
    virtual_ipaddress {
        $KT_NET.203/32
    }
}
vrrp_instance VI_4 {
    interface eth0
    virtual_router_id 54
    priority 100
    use_vmac vmx54
    virtual_ipaddress {
        $KT_NET.204/32
    }
}
CONF
ka_start r1 r1
mac_of() { ip -n "$R1" -o link show dev "$1" 2>/dev/null | grep -o "link/ether [0-9a-f:]*" | cut -d' ' -f2; }
step "the VMACs and their MAC addresses"
wait_for 30 has_addr "$R1" vm51 "$VIP" || { ip -n "$R1" -o link; fail "no VIP on vm51"; }
wait_for 10 has_addr "$R1" vrrp.52 "$KT_NET.202" || { ip -n "$R1" -o link; fail "no VIP on vrrp.52"; }
wait_for 10 has_addr "$R1" vrrp.53 "$KT_NET.203" || { ip -n "$R1" -o link; fail "no VIP on vrrp.53 (VI_3's name in use: the default)"; }
ip -n "$R1" -o link | grep -o '^[0-9]*: [^:]*' | sed 's/^/    /'
[ "$(mac_of vm51)" = 02:11:22:33:44:55 ] || fail "vm51 has MAC $(mac_of vm51), not 02:11:22:33:44:55"
[ "$(mac_of vrrp.52)" = 02:aa:bb:cc:dd:34 ] || fail "vrrp.52 has MAC $(mac_of vrrp.52), not 02:aa:bb:cc:dd:34"
[ "$(mac_of vrrp.53)" = 00:00:5e:00:01:35 ] || fail "vrrp.53 has MAC $(mac_of vrrp.53), not 00:00:5e:00:01:35"
ka_logged r1 'VI_1) [Ee]ntering FAULT' && fail "VI_1 went to FAULT (its own VMAC vm51 tracked?)"
ip -n "$R1" -d link show dev vmx54 | grep -q "veth" || { ip -n "$R1" -d link show dev vmx54; fail "the veth vmx54 was replaced"; }
log_result
