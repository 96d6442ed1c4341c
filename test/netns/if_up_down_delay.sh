#!/usr/bin/env bash
# interface_up_down_delays: a flap of the interface shorter than its
# down_delay causes no FAULT (no notify line, the VIP stays), neither for the
# instance on it nor for a use_vmac instance on it (a VMAC inherits its
# parent's delays); a longer one does, and the instance comes back after the
# up_delay. The SIGUSR1 data dump shows the delays (keepalived 2.2.7's
# "Up/Down debounce timer = Nus"). Passes with keepalived 2.2.7 too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1
R1=$(kt_ns r1)
OUT=$KT_TMP/notify.out
kt_notify_recorder "$KT_TMP/notify.sh" "$OUT"
VIP2=$KT_NET.102
ka_conf r1 <<CONF
interface_up_down_delays {
    eth0 3 1
}
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority 150
    advert_int 2
    notify "$KT_TMP/notify.sh"
    virtual_ipaddress {
        $VIP/32
    }
}
vrrp_instance VI_2 {
    state BACKUP
    interface eth0
    use_vmac
    virtual_router_id 52
    priority 150
    advert_int 2
    notify "$KT_TMP/notify.sh"
    virtual_ipaddress {
        $VIP2/32
    }
}
CONF
got() { grep -qx -- "$1" "$OUT" 2>/dev/null; }
faults() { grep -c FAULT "$OUT" 2>/dev/null; }
# masters NAME N: the notify script was told NAME is MASTER N times.
masters() { [ "$(grep -c "INSTANCE $1 MASTER" "$OUT" 2>/dev/null)" = "$2" ]; }
show() { echo "--- $OUT"; cat "$OUT"; }

step "start: both instances MASTER"
ka_start r1 r1
wait_for 30 got "INSTANCE VI_1 MASTER 150" || { show; fail "VI_1 never became MASTER"; }
wait_for 30 got "INSTANCE VI_2 MASTER 150" || { show; fail "VI_2 never became MASTER"; }

step "the data dump shows the delays as keepalived 2.2.7 words them"
D=$(ka_dump r1 data)
grep -qx "   Down debounce timer = 3000000us" "$D" || { cat "$D"; fail "no 'Down debounce timer = 3000000us' in the data dump"; }
grep -qx "   Up debounce timer = 1000000us" "$D" || fail "no 'Up debounce timer = 1000000us' in the data dump"

step "a short flap (down, up at once): no FAULT"
ip -n "$R1" link set eth0 down
sleep 0.3
ip -n "$R1" link set eth0 up
sleep 4     # past the down delay: a FAULT would have been reported by now
[ "$(faults)" = 0 ] || { show; fail "a flap shorter than down_delay caused a FAULT"; }
has_addr "$R1" eth0 "$VIP" || fail "VI_1 lost its VIP on a short flap"

step "a long flap: FAULT, then MASTER again after the up delay"
ip -n "$R1" link set eth0 down
wait_for 20 got "INSTANCE VI_1 FAULT 150" || { show; fail "VI_1: no FAULT after a long flap"; }
wait_for 20 got "INSTANCE VI_2 FAULT 150" || { show; fail "VI_2 (VMAC): no FAULT after a long flap"; }
ip -n "$R1" link set eth0 up
wait_for 30 masters VI_1 2 || { show; fail "VI_1 did not come back"; }
wait_for 30 masters VI_2 2 || { show; fail "VI_2 did not come back"; }
show
log_result
