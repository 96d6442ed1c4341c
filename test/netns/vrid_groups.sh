#!/usr/bin/env bash
# vrid_groups: one VRID on one interface in two multicast groups, as
# keepalived 2.2.7 allows (it conflicts only on the same group): each
# router runs VI_A (VRID 51, 224.0.0.18) and VI_B (VRID 51, mcast_dst_ip
# 224.0.0.20). r1 is the higher priority of VI_A, r2 of VI_B: each group
# elects its own master, r1 holds VIP A only and r2 VIP B only, and no
# advert of one group reaches the instance of the other (no address-list
# mismatch is logged). Runs with keepalived 2.2.7 too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 r2:2
R1=$(kt_ns r1) R2=$(kt_ns r2)
VIPA=$KT_NET.100 VIPB=$KT_NET.101
# two_groups NAME PRIO_A PRIO_B
two_groups() {
	ka_conf "$1" <<CONF
vrrp_instance VI_A {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority $2
    advert_int 1
    virtual_ipaddress {
        $VIPA/32
    }
}
vrrp_instance VI_B {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority $3
    advert_int 1
    mcast_dst_ip 224.0.0.20
    virtual_ipaddress {
        $VIPB/32
    }
}
CONF
}
two_groups r1 150 100
two_groups r2 100 150
out=$(ip netns exec "$R1" "$KEEPALIVED" -t -f "$(ka_conf_file r1)" 2>&1) || fail "-t refused one VRID in two groups: $out"
ka_start r1 r1
ka_start r2 r2

step "each group elects its own master"
wait_for 60 has_addr "$R1" eth0 "$VIPA" || fail "r1 never got VIP A"
wait_for 60 has_addr "$R2" eth0 "$VIPB" || fail "r2 never got VIP B"
holds 4 no_addr "$R1" eth0 "$VIPB" || fail "r1 holds VIP B too"
holds 1 no_addr "$R2" eth0 "$VIPA" || fail "r2 holds VIP A too"
if [ "$(ka_flavour r1)" = ng ]; then
	for r in r1 r2; do
		ka_logged "$r" "lists \[.*\] but ours is" && { grep "but ours is" "$(ka_log "$r")" | head -3; fail "$r: an advert of the other group reached an instance"; }
	done
fi

step "SIGKILL r2: r1 takes VIP B over"
ka_kill r2
ip -n "$R2" addr del "$VIPB/32" dev eth0 2>/dev/null
wait_for 30 has_addr "$R1" eth0 "$VIPB" || fail "r1 did not take VIP B over"
has_addr "$R1" eth0 "$VIPA" || fail "r1 lost VIP A"
log_result
