#!/usr/bin/env bash
# track_src_ip: an instance whose configured source address (mcast_src_ip /
# unicast_src_ip) is removed from its interface goes to FAULT (notify line,
# VIP removed) and comes back when the address is back; an instance with the
# same mcast_src_ip but without track_src_ip stays MASTER. Started while the
# address is missing, it starts in FAULT. As keepalived.conf(5) documents it:
# keepalived 2.2.7 accepts the keyword but does not act on it (measured with
# this test: no FAULT in either case), against its own keepalived.conf(5):
# skipped with it.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
ka_is_ours || skip "keepalived 2.2.7 does not act on track_src_ip (no FAULT; its keepalived.conf(5) says it does)"

lab_lan r1:1
R1=$(kt_ns r1)
SRC=$KT_NET.1     # eth0's only address (keepalived 2.2.7 notices only its interface's primary one)
OUT=$KT_TMP/notify.out
kt_notify_recorder "$KT_TMP/notify.sh" "$OUT"
VIP2=$KT_NET.102
# inst NAME VRID VIP EXTRA
inst() {
	cat <<CONF
vrrp_instance $1 {
    state BACKUP
    interface eth0
    virtual_router_id $2
    priority 150
    advert_int 1
    mcast_src_ip $SRC
    notify "$KT_TMP/notify.sh"
    ${4:-}
    virtual_ipaddress {
        $3/32
    }
}
CONF
}
{ inst VI_1 51 "$VIP" track_src_ip; inst VI_2 52 "$VIP2"; } | ka_conf r1
got() { grep -qx -- "$1" "$OUT" 2>/dev/null; }
count() { [ "$(grep -cx -- "$1" "$OUT" 2>/dev/null)" = "$2" ]; }
show() { echo "--- $OUT"; cat "$OUT"; }

step "start: both MASTER"
ka_start r1 r1
wait_for 30 got "INSTANCE VI_1 MASTER 150" || { show; fail "VI_1 never became MASTER"; }
wait_for 30 got "INSTANCE VI_2 MASTER 150" || { show; fail "VI_2 never became MASTER"; }
wait_for 10 has_addr "$R1" eth0 "$VIP" || fail "VI_1's VIP is not installed"

step "the source address removed: VI_1 (track_src_ip) FAULT, VI_2 stays MASTER"
ip -n "$R1" addr del "$SRC/24" dev eth0
wait_for 20 got "INSTANCE VI_1 FAULT 150" || { show; fail "VI_1 did not go to FAULT"; }
wait_for 10 no_addr "$R1" eth0 "$VIP" || fail "VI_1's VIP stayed in FAULT"
got "INSTANCE VI_2 FAULT 150" && { show; fail "VI_2 (no track_src_ip) went to FAULT"; }
has_addr "$R1" eth0 "$VIP2" || fail "VI_2 lost its VIP"

step "the address back: VI_1 MASTER again"
ip -n "$R1" addr add "$SRC/24" dev eth0
wait_for 30 count "INSTANCE VI_1 MASTER 150" 2 || { show; fail "VI_1 did not come back"; }
wait_for 10 has_addr "$R1" eth0 "$VIP" || fail "VI_1's VIP is not back"

step "started while the address is missing: VI_1 starts in FAULT"
ka_stop r1
ip -n "$R1" addr del "$SRC/24" dev eth0
: >"$OUT"
ka_start r1 r1
wait_for 30 got "INSTANCE VI_2 MASTER 150" || { show; fail "VI_2 never became MASTER after the restart"; }
wait_for 10 got "INSTANCE VI_1 FAULT 150" || { show; fail "VI_1 did not start in FAULT"; }
got "INSTANCE VI_1 MASTER 150" && { show; fail "VI_1 became MASTER without its source address"; }
show
log_result
