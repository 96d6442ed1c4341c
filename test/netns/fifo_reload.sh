#!/usr/bin/env bash
# fifo_write_vrrp_states_on_reload: with it, a reload writes the current
# state of the instances and sync groups it did not change to the notify
# FIFO (as keepalived 2.2.7 does); without it, a reload writes nothing.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1
R1=$(kt_ns r1)
FIFO_OUT=$KT_TMP/fifo.out
kt_fifo_recorder "$KT_TMP/fifo.sh" "$FIFO_OUT"
echo 1 >"$KT_TMP/track"
# write_conf ON: the configuration, with fifo_write_vrrp_states_on_reload when ON is 1.
write_conf() {
	ka_conf r1 <<CONF
global_defs {
    vrrp_notify_fifo $KT_TMP/r1.fifo
    vrrp_notify_fifo_script $KT_TMP/fifo.sh
    $([ "$1" = 1 ] && echo fifo_write_vrrp_states_on_reload)
}
vrrp_track_file tf {
    file $KT_TMP/track
    weight 0
}
vrrp_sync_group G1 {
    group {
        VI_3
    }
}
$(vrrp_block VI_1 51 150)
$(KT_VIPS=$KT_NET.102/32 vrrp_block VI_2 52 120 "    track_file {
        tf
    }")
$(KT_VIPS=$KT_NET.103/32 vrrp_block VI_3 53 110)
CONF
}
got() { grep -qx -- "$1" "$FIFO_OUT" 2>/dev/null; }
show() { echo "--- $FIFO_OUT"; cat "$FIFO_OUT"; }

step "start: VI_1 and VI_3 (group G1) MASTER, VI_2 FAULT"
write_conf 1
ka_start r1 r1
wait_for 30 got 'INSTANCE "VI_1" MASTER 150' || { show; fail "VI_1 never MASTER"; }
wait_for 30 got 'GROUP "G1" MASTER 0' || { show; fail "G1 never MASTER"; }
wait_for 30 got 'INSTANCE "VI_2" FAULT 120' || { show; fail "VI_2 never FAULT"; }
sleep 1
show
: >"$FIFO_OUT"

step "reload with fifo_write_vrrp_states_on_reload: the states again"
ka_signal r1 HUP
wait_for 20 got 'GROUP "G1" MASTER 0' || { show; fail "no GROUP line after the reload"; }
wait_for 10 got 'INSTANCE "VI_2" FAULT 120' || { show; fail "no FAULT line for VI_2 after the reload"; }
if [ "$KT_FLAVOUR" = ng ]; then
	# keepalived 2.2.7 leaves out instances that stay MASTER; the
	# documentation says the states are written: ours writes them all
	wait_for 10 got 'INSTANCE "VI_1" MASTER 150' || { show; fail "no MASTER line for VI_1 after the reload"; }
	wait_for 10 got 'INSTANCE "VI_3" MASTER 110' || { show; fail "no MASTER line for VI_3 after the reload"; }
fi
grep -q BACKUP "$FIFO_OUT" && { show; fail "a reload that changes nothing wrote a transition"; }
show

step "reload to a configuration without it: nothing written"
write_conf 0
: >"$FIFO_OUT"
ka_signal r1 HUP
wait_for 20 ka_logged r1 "[Rr]eload" || fail "no reload in the log"
holds 4 test ! -s "$FIFO_OUT" || { show; fail "lines written on a reload without fifo_write_vrrp_states_on_reload"; }
log_result
