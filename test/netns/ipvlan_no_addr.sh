#!/usr/bin/env bash
# ipvlan_no_addr: an IPv4 instance with use_ipvlan but no address for it
# runs in FAULT, as keepalived 2.2.7 does ("(V4) IPv4 ipvlan requires a
# source ip address to be configured. setting instance to fault state",
# -t 5; the other instances run). Ours refused the file (exit 4). Here:
# V4 (use_ipvlan, no address) stays in FAULT without its VIP, whether the
# kernel can make the ipvlan or not, while VI_1 next to it becomes MASTER.
# Passes with keepalived 2.2.7 as KEEPALIVED too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1
R1=$(kt_ns r1)
V4VIP="$KT_NET.77"
ka_conf r1 <<CONF
vrrp_instance V4 {
    interface eth0
    use_ipvlan
    virtual_router_id 77
    priority 150
    advert_int 1
    virtual_ipaddress {
        $V4VIP/24
    }
}
$(vrrp_block VI_1 51 150)
CONF

step "-t: a warning (exit 5), as keepalived 2.2.7"
rc=0
ip netns exec "$R1" "$KEEPALIVED" -t -f "$(ka_conf_file r1)" >"$KT_TMP/t.out" 2>&1 || rc=$?
[ "$rc" = 5 ] || { cat "$KT_TMP/t.out"; fail "-t exited $rc, want 5"; }
grep -q "IPv4 ipvlan requires a source ip address" "$KT_TMP/t.out" || { cat "$KT_TMP/t.out"; fail "-t did not say why"; }

step "started: VI_1 becomes MASTER, V4 stays in FAULT without its VIP"
ka_start r1 r1
wait_for 30 has_addr "$R1" eth0 "$VIP" || fail "VI_1 never took its VIP (the file did not run?)"
ka_logged r1 "IPv4 ipvlan requires a source ip address" || fail "no word of the missing ipvlan address"
holds 5 no_addr "$R1" eth0 "$V4VIP" || fail "V4 took its VIP"
[ "$(ka_state r1 V4)" = FAULT ] || fail "the dump does not say V4 State = FAULT"
ka_alive r1 || fail "the daemon stopped"
log_result
