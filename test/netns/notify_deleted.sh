#!/usr/bin/env bash
# notify_deleted: instances that a reload removes stop as on shutdown, but
# their notify script and the notify FIFO are told what keepalived 2.2.7
# tells them: FAULT (VI_3, no notify_stop run), or DELETED with
# notify_deleted, whose script runs (VI_2). The instance that stays (VI_1)
# keeps its VIP and is not notified. VI_1 and VI_3 are a sync group whose
# notify_deleted line is an unknown keyword, ignored as keepalived 2.2.7
# ignores it: VI_3 is still told FAULT and the group's scripts do not run
# on the reload.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1
R1=$(kt_ns r1)
OUT=$KT_TMP/notify.out FIFO_OUT=$KT_TMP/fifo.out
kt_notify_recorder "$KT_TMP/notify.sh" "$OUT"
kt_fifo_recorder "$KT_TMP/fifo.sh" "$FIFO_OUT"
N=$KT_TMP/notify.sh
# inst NAME VRID ADDR EXTRA: one instance block.
inst() {
	cat <<CONF
vrrp_instance $1 {
    interface eth0
    virtual_router_id $2
    priority 150
    advert_int 1
    notify "$N $1"
    notify_stop "$N stop-$1"
    ${4:-}
    virtual_ipaddress {
        $3/32
    }
}
CONF
}
write_conf() {
	{
		echo "global_defs {
    vrrp_notify_fifo $KT_TMP/r1.fifo
    vrrp_notify_fifo_script $KT_TMP/fifo.sh
}"
		echo "vrrp_sync_group G {
    group {
        VI_1
        $([ "$1" = all ] && echo VI_3)
    }
    notify \"$N G\"
    notify_deleted \"$N gdel\"
}"
		inst VI_1 51 "$VIP"
		[ "$1" = all ] || return 0
		inst VI_2 52 "$KT_NET.102" "notify_deleted \"$N deleted-VI_2\""
		inst VI_3 53 "$KT_NET.103"
	} | ka_conf r1
}
got() { grep -qx -- "$1" "$OUT" 2>/dev/null; }
show() { echo "--- $OUT"; cat "$OUT"; echo "--- $FIFO_OUT"; cat "$FIFO_OUT"; }

step "start: three masters"
write_conf all
ka_start r1 r1
wait_for 30 has_addr "$R1" eth0 "$KT_NET.103" || fail "VI_3 never became MASTER"
wait_for 20 got "VI_2 INSTANCE VI_2 MASTER 150" || { show; fail "no MASTER notify for VI_2"; }
wait_for 20 got "G GROUP G MASTER 0" || { show; fail "no MASTER notify for the group"; }
if ka_is_ours; then
	ka_logged r1 "unknown keyword 'notify_deleted' in vrrp_sync_group" || fail "no warning for the group's notify_deleted"
else
	ka_logged r1 "Unknown keyword 'notify_deleted'" || fail "no warning for the group's notify_deleted"
fi
: >"$OUT"

step "reload without VI_2 and VI_3: DELETED and FAULT, as keepalived 2.2.7"
write_conf one
ka_signal r1 HUP
wait_for 20 no_addr "$R1" eth0 "$KT_NET.102" || fail "VI_2's VIP stayed"
wait_for 20 no_addr "$R1" eth0 "$KT_NET.103" || fail "VI_3's VIP stayed"
wait_for 20 got "VI_2 INSTANCE VI_2 DELETED 150" || { show; fail "VI_2's notify was not told DELETED"; }
wait_for 20 got "deleted-VI_2" || { show; fail "notify_deleted's script did not run"; }
wait_for 20 got "VI_3 INSTANCE VI_3 FAULT 150" || { show; fail "VI_3's notify was not told FAULT"; }
wait_for 20 grep -qx 'INSTANCE "VI_2" DELETED 150' "$FIFO_OUT" || { show; fail "no DELETED line in the FIFO"; }
grep -qx 'INSTANCE "VI_3" FAULT 150' "$FIFO_OUT" || { show; fail "no FAULT line in the FIFO for VI_3"; }
got "stop-VI_2" && { show; fail "notify_stop ran for the deleted VI_2"; }
got "stop-VI_3" && { show; fail "notify_stop ran for the deleted VI_3"; }
grep -q "STOP" "$OUT" && { show; fail "a STOP notify on reload"; }
grep -q "^G \|gdel" "$OUT" && { show; fail "the group's scripts ran on the reload"; }
has_addr "$R1" eth0 "$VIP" || fail "VI_1 lost its VIP"
log_result
