#!/usr/bin/env bash
# track_bfd: a VRRP pair where r1 (priority 150) tracks a BFD session to a
# third namespace p (Debian's keepalived 2.2.7 as the BFD peer when
# installed, else ours); r2 (100) tracks nothing.
#   - unweighted track_bfd: r1 is MASTER with the VIP only once the session
#     is Up; the peer killed -> r1 goes FAULT (notify_fault runs), the VIP
#     moves to r2; the peer back -> r1 takes the VIP back;
#   - a reload that changes nothing keeps r1 MASTER (its VRRP child keeps
#     the session's state);
#   - track_bfd { link1 weight -60 }: the peer killed -> r1's priority
#     drops to 90, it goes BACKUP (not FAULT) and r2 is MASTER.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
require_cmd ip
PEER_BIN=${BFD_PEER:-/usr/sbin/keepalived}
[ -x "$PEER_BIN" ] || PEER_BIN=$KEEPALIVED

lab_lan r1:1 r2:2 p:3
R1=$(kt_ns r1) R2=$(kt_ns r2)
P=$KT_NET.3
OUT=$KT_TMP/notify.out
kt_notify_recorder "$KT_TMP/notify.sh" "$OUT"
N="$KT_TMP/notify.sh"
got() { grep -qx -- "$1" "$OUT" 2>/dev/null; }

# r1_conf TRACKLINE
r1_conf() {
	KT_GLOBAL="bfd_instance link1 {
    neighbor_ip $P
    min_rx 100
    min_tx 100
    multiplier 3
}" vrrp_conf r1 150 "    track_bfd {
        $1
    }
    notify \"$N\""
}

# the peer: a bfd_instance towards r1 (a new pid file each start: a killed
# BFD child may linger as a zombie, which keepalived takes for a running one)
peer_start() {
	ka_conf p <<CONF
bfd_instance r1 {
    neighbor_ip $KT_NET.1
    min_rx 100
    min_tx 100
    multiplier 3
}
CONF
	KA_BINARY=$PEER_BIN ka_start p p -b "$KT_TMP/p/bfd$1.pid"
}

state_of() { sed -n 's/^ *State = //p' "$(ka_dump "$1" data)" | head -1; }
is_state() { [ "$(state_of "$1")" = "$2" ]; }

# applied N: r1 runs its configuration number N (the start is 1); keepalived
# 2.2.7 logs "Reload complete" for each reload
applied() {
	if ka_is_ours; then ka_logged r1 "configuration generation $1 applied"
	else [ "$(ka_count r1 'Reload complete')" -ge $(($1 - 1)) ]; fi
}

step "r1 tracks the unweighted BFD session link1; r2 tracks nothing"
r1_conf link1
vrrp_conf r2 100
ka_start r1 r1
ka_start r2 r2
wait_for 30 has_addr "$R2" eth0 "$VIP" || fail "r2 never got the VIP"
is_state r1 FAULT || fail "r1 is $(state_of r1) while its BFD session is not Up (expected FAULT)"
log "no BFD peer yet: r1 in FAULT, r2 MASTER"

step "the BFD peer starts: the session comes Up, r1 takes over"
peer_start 1
wait_for 30 has_addr "$R1" eth0 "$VIP" || fail "r1 never got the VIP after the BFD session came up"
wait_for 20 no_addr "$R2" eth0 "$VIP" || fail "r2 kept the VIP"
ka_logged r1 'Tracked BFD (instance )?link1 is UP' || fail "r1 did not log the BFD session up"
grep -q '^ *Tracked' "$(ka_dump r1 data)" || true

step "a reload that changes nothing keeps r1 MASTER"
masters=$(grep -c '^INSTANCE VI_1 MASTER' "$OUT")
ka_signal r1 HUP
wait_for 20 applied 2 || fail "reload not applied"
holds 3 has_addr "$R1" eth0 "$VIP" || fail "r1 lost the VIP on an unchanged reload"
[ "$(grep -c '^INSTANCE VI_1 FAULT' "$OUT")" = 1 ] || fail "r1 went FAULT again on reload: $(cat "$OUT")"
[ "$(grep -c '^INSTANCE VI_1 MASTER' "$OUT")" = "$masters" ] || fail "r1 left MASTER on reload"

step "kill the BFD peer: r1 goes FAULT, the VIP moves to r2"
# shellcheck disable=SC2046
kill -STOP $(ka_children p) "$(ka_pid p)"   # silent at once: no respawned BFD child
ka_kill p
wait_for 20 got "INSTANCE VI_1 FAULT 150" || true
wait_for 20 has_addr "$R2" eth0 "$VIP" || fail "the VIP did not move to r2"
wait_for 10 no_addr "$R1" eth0 "$VIP" || fail "r1 kept the VIP in FAULT"
is_state r1 FAULT || fail "r1 is $(state_of r1), expected FAULT"
[ "$(grep -c '^INSTANCE VI_1 FAULT' "$OUT")" -ge 2 ] || fail "no notify for the second FAULT: $(cat "$OUT")"

step "the peer back: r1 MASTER again"
peer_start 2
wait_for 30 has_addr "$R1" eth0 "$VIP" || fail "r1 did not take the VIP back"
wait_for 20 no_addr "$R2" eth0 "$VIP" || fail "r2 kept the VIP"

step "weight -60: the peer killed lowers r1 to 90, r2 (100) becomes MASTER, r1 BACKUP"
r1_conf "link1 weight -60"
ka_signal r1 HUP
wait_for 20 applied 3 || fail "reload not applied"
holds 2 has_addr "$R1" eth0 "$VIP" || fail "r1 lost the VIP on the reload"
# shellcheck disable=SC2046
kill -STOP $(ka_children p) "$(ka_pid p)"   # silent at once: no respawned BFD child
ka_kill p
wait_for 20 has_addr "$R2" eth0 "$VIP" || fail "the VIP did not move to r2"
wait_for 10 no_addr "$R1" eth0 "$VIP" || fail "r1 kept the VIP"
wait_for 10 is_state r1 BACKUP || fail "r1 is $(state_of r1), expected BACKUP"
grep -q 'Effective priority = 90' "$(ka_dump r1 data)" || fail "r1's effective priority is not 90: $(grep -i 'priority' "$(ka_dump r1 data)" | head -3)"
log_result
