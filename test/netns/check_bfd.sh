#!/usr/bin/env bash
# check_bfd: BFD_CHECK - real servers follow a BFD session to namespace p
# (Debian's keepalived 2.2.7 as the peer when installed, else ours), seen
# through notify_up/notify_down and the USR1 dump. The checker runs without
# IPVS (the host kernel has none): the verdicts are what is tested here.
#   - before the session was ever Up: the real server without alpha is UP
#     (keepalived: no news yet), the one with alpha DOWN;
#   - the session comes Up: the alpha one goes UP;
#   - the peer killed: both go DOWN (notify_down);
#   - the peer back: both UP again;
#   - a bfd_instance that sends its events to vrrp only is refused by -t.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
require_checker_runs
PEER_BIN=${BFD_PEER:-/usr/sbin/keepalived}
[ -x "$PEER_BIN" ] || PEER_BIN=$KEEPALIVED

lab_lan dir:1 peer:2
P=$KT_NET.2
EV="$KT_TMP/events"
: >"$EV"
chmod 666 "$EV"

# rs ADDR PORT TAG ALPHA: a real server that logs its transitions
rs() {
	cat <<EOF
	real_server $1 $2 {
		notify_up "/bin/sh -c 'echo UP \$0 >>$EV' $3"
		notify_down "/bin/sh -c 'echo DOWN \$0 >>$EV' $3"
		BFD_CHECK {
			name link1
			$4
		}
	}
EOF
}
ka_conf d <<EOF
bfd_instance link1 {
	neighbor_ip $P
	min_rx 100
	min_tx 100
	multiplier 3
	checker
}
virtual_server 10.200.0.5 80 {
	protocol TCP
$(rs 10.200.0.11 80 plain "")
$(rs 10.200.0.12 80 alpha alpha)
}
EOF

peer_start() {
	ka_conf p <<CONF
bfd_instance d {
    neighbor_ip $KT_NET.1
    min_rx 100
    min_tx 100
    multiplier 3
}
CONF
	KA_BINARY=$PEER_BIN ka_start p peer -b "$KT_TMP/p/bfd$1.pid"
}
ev_count() { grep -c "^$1 $2\$" "$EV"; }
ev() { [ "$(ev_count "$1" "$2")" -ge "${3:-1}" ]; }
# rs_state ADDR: UP or DOWN, the real server's State line in keepalived_check.data
rs_state() {
	awk -v rip="   RIP = $1, RPORT = 80," 'index($0, rip) == 1 { on = 1; next }
		on && /^   State = / { sub(/^   State = /, ""); sub(/,.*/, ""); print; exit }' "$(ka_dump d check)"
}

step "the checker and the BFD child start before the peer"
ka_start d dir
wait_for 20 ka_logged d 'bfd child applied configuration' || fail "no BFD child"
wait_for 10 test -n "$(rs_state 10.200.0.11)" || fail "no real server in the dump"
holds 2 test "$(rs_state 10.200.0.11)" = UP || fail "the real server without alpha is $(rs_state 10.200.0.11) before the session was ever Up"
[ "$(rs_state 10.200.0.12)" = DOWN ] || fail "the alpha real server is $(rs_state 10.200.0.12), expected DOWN"
ev DOWN plain && fail "notify_down ran for the real server without alpha"

step "the peer starts: the session comes Up, the alpha server goes UP"
peer_start 1
wait_for 30 ev UP alpha || { cat "$EV"; fail "the alpha real server never came up"; }
[ "$(rs_state 10.200.0.11)" = UP ] || fail "the plain real server is not UP"
grep -q 'BFD instance link1: Up' "$(ka_dump d check)" || fail "the dump does not show the session Up"

step "the peer killed: both real servers go DOWN"
# shellcheck disable=SC2046
kill -STOP $(ka_children p) "$(ka_pid p)"   # silent at once: no respawned BFD child
ka_kill p
wait_for 20 ev DOWN plain || { cat "$EV"; fail "the plain real server did not go down"; }
wait_for 10 ev DOWN alpha || { cat "$EV"; fail "the alpha real server did not go down"; }
[ "$(rs_state 10.200.0.11)" = DOWN ] || fail "the dump says the plain server is $(rs_state 10.200.0.11)"

step "the peer back: both UP again"
ups=$(ev_count UP plain)
peer_start 2
wait_for 30 ev UP plain $((ups + 1)) || { cat "$EV"; fail "the plain real server did not come back"; }
wait_for 10 ev UP alpha 2 || { cat "$EV"; fail "the alpha real server did not come back"; }
[ "$(rs_state 10.200.0.11)" = UP ] && [ "$(rs_state 10.200.0.12)" = UP ] || fail "the dump does not show both UP"

step "-t: BFD_CHECK naming a bfd_instance that sends to vrrp only"
ka_conf t <<EOF
bfd_instance link1 {
	neighbor_ip $P
	vrrp
}
virtual_server 10.200.0.5 80 {
	protocol TCP
	real_server 10.200.0.11 80 {
		BFD_CHECK {
			name link1
		}
	}
}
EOF
T=$(ka_conf_file t)
# keepalived 2.2.7 skips such a checker and runs the file (-t exits 5)
rc=0; "$KEEPALIVED" -t -f "$T" >"$KT_TMP/t.out" 2>&1 || rc=$?
[ "$rc" = 5 ] || fail "-t exited $rc, want 5: $(cat "$KT_TMP/t.out")"
grep -qF "$T:$(grep -n 'BFD_CHECK' "$T" | cut -d: -f1): warning: BFD_CHECK - BFD link1 not configured (its bfd_instance sends events to vrrp only) - skipping" "$KT_TMP/t.out" ||
	fail "no FILE:LINE warning: $(cat "$KT_TMP/t.out")"
log_result
