#!/usr/bin/env bash
# down_timer_priority: a backup whose priority changes (tracking) moves its
# Master_Down_Timer to where the new priority's skew puts it, counted from
# the master's last advert, as keepalived 2.2.7 does. Ours kept the
# deadline of the priority the advert found.
# r1: VRRPv3, advert_int 8, priority 10 + a track_file (weight 1). c1 sends
# one advert (priority 200) and falls silent:
#  1. 4 s later the file says 240 (priority 250): r1 takes over 24 s + the
#     skew of 250 (0.19 s) after that advert - 24.19 s, where the skew of
#     10 made it 31.69 s: asserted < 28 s;
#  2. an advert of priority 254 takes r1 back to BACKUP, 4 s later the file
#     says 0 (priority 10): r1 takes over 31.69 s after that advert, not
#     24.19 s: asserted > 28 s.
# Times from tcpdump's timestamps, bounds 3.5 s away from both values.
# Passes with keepalived 2.2.7 too (measured there: 24.19 and 31.69 s).
. "$(dirname "$0")/../lib/netns.sh"
kt_init
require_cmd tcpdump

lab_lan r1:1 c1:10
TF=$KT_TMP/tf
echo 0 >"$TF"
KT_GLOBAL="vrrp_track_file TF {
    file $TF
    weight 1
}" KT_ADVERT=8 vrrp_conf r1 10 "    version 3
    track_file {
        TF
    }"
CAP=$KT_TMP/cap.txt
capture_start c1 eth0 "$CAP" proto 112
ka_start r1 r1
wait_for 30 ka_entered r1 BACKUP || fail "r1 never BACKUP"
sleep 1

# adverts: "SECONDS SRC PRIO" per VRRP packet captured (seconds of the day)
adverts() {
	awk '/^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\./ { split($1, t, ":"); s = t[1] * 3600 + t[2] * 60 + t[3]; next }
	     /VRRPv3, Advertisement/ { p = $0; sub(/.*prio /, "", p); sub(/,.*/, "", p); printf "%.6f %s %s\n", s, $1, p }' "$CAP"
}
# first_after PRIO_SRC PRIO_R1: seconds from the advert of c1 with
# priority PRIO_SRC to the first one of r1 with priority PRIO_R1 after it
took_over_after() {
	adverts | awk -v me="$KT_NET.10" -v r1="$KT_NET.1" -v a="$1" -v b="$2" '
		$2 == me && $3 == a { t0 = $1; next }
		t0 && $2 == r1 && $3 == b { d = $1 - t0; if (d < 0) d += 86400; printf "%.2f\n", d; exit }'
}
inject_one() {
	ip netns exec "$(kt_ns c1)" python3 "$KT_INJECT" --iface eth0 --version 3 --vrid 51 --prio "$1" \
		--addrs "$VIP" --interval 8 --count 1 --quiet || fail "cannot send an advert"
}

step "1. priority 10 -> 250 four seconds after the master's last advert"
inject_one 200
sleep 4
echo 240 >"$TF"
wait_for 60 ka_entered r1 MASTER || fail "r1 never MASTER"
sleep 0.5
d=$(took_over_after 200 250)
log "r1 took over $d s after the advert (24.19 expected; 31.69 with the old priority's skew)"
[ -n "$d" ] || { adverts; fail "no advert of r1 after c1's"; }
awk -v d="$d" 'BEGIN { exit !(d < 28 && d > 20) }' ||
	{ adverts; fail "r1 took over $d s after the advert: not with the skew of its new priority"; }

step "2. back to BACKUP, priority 250 -> 10 four seconds after the advert"
inject_one 254
wait_for 20 ka_entered r1 BACKUP 2 || fail "r1 did not go back to BACKUP"
sleep 4
echo 0 >"$TF"
wait_for 60 ka_entered r1 MASTER 2 || fail "r1 never MASTER again"
sleep 0.5
d=$(took_over_after 254 10)
log "r1 took over $d s after the advert (31.69 expected; 24.19 with the old priority's skew)"
[ -n "$d" ] || { adverts; fail "no advert of r1 after c1's"; }
awk -v d="$d" 'BEGIN { exit !(d > 28 && d < 40) }' ||
	{ adverts; fail "r1 took over $d s after the advert: not with the skew of its new priority"; }
log_result
