#!/usr/bin/env bash
# track_forward_ref: a track_script naming a vrrp_script defined below the
# vrrp_instance: keepalived 2.2.7 looks the name up as it reads the track
# line and ignores it ("track script late not found, ignoring..."), so the
# script's weight (+50) never counts: r1 runs at priority 100. The script
# defined above (early, +20) counts: 120. A real-world file (chk_haproxy
# after its instance) found it: ours tracked it. Passes with keepalived
# 2.2.7 as KEEPALIVED too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1
S=$(kt_script_dir) || fail "cannot make the scripts directory"
ka_conf r1 <<CONF
global_defs {
    enable_script_security
    script_user root
}
vrrp_script early {
    script $S/ok.sh
    interval 1
    weight 20
}
$(KT_STATE=MASTER vrrp_block VI_1 51 100 "    track_script {
        early
        late
    }")
vrrp_script late {
    script $S/ok.sh
    interval 1
    weight 50
}
CONF
ka_start r1 r1
wait_for 30 has_addr "$(kt_ns r1)" eth0 "$VIP" || fail "r1 never got the VIP"
sleep 3   # the scripts' interval, three times over
D=$(ka_dump r1 data)
p=$(dump_field "$D" VI_1 "Effective priority")
[ "$p" = 120 ] || { cat "$D"; fail "effective priority $p, want 120 (early's +20 only)"; }
log "effective priority $p: the track_script line naming a later vrrp_script was ignored"
if ours_only "our warning at the track line"; then
	ka_logged r1 "track_script late: its vrrp_script is defined below this line: ignored" ||
		fail "no warning about the track_script line"
fi
log_result
