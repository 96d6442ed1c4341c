#!/usr/bin/env bash
# net_namespace: global_defs net_namespace NAME moves the daemon into the
# network namespace NAME once the configuration is read (as -s NAME does):
# started in one namespace, it runs VRRP and installs its VIP in the other.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1
netns_add r0
R0=$(kt_ns r0) R1=$(kt_ns r1)
ka_conf r1 <<CONF
global_defs {
    net_namespace $R1
}
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    priority 100
    advert_int 1
    virtual_ipaddress {
        $VIP/24
    }
}
CONF
ka_start r1 r0      # started in r0, the configuration sends it to r1
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "the VIP never appeared in $R1"
ka_logged r1 "running in network namespace $R1" || fail "no log line about the namespace"
[ "$(ip netns identify "$(ka_pid r1)")" = "$R1" ] || fail "the daemon is in '$(ip netns identify "$(ka_pid r1)")', not $R1"
ip -n "$R0" -o addr show | grep -q "$VIP" && fail "the VIP is in $R0"
ka_stop r1
wait_for 20 no_addr "$R1" eth0 "$VIP" || fail "the VIP outlived the stop"
log_result
