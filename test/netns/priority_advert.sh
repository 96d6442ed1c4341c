#!/usr/bin/env bash
# priority_advert: a master whose effective priority changes (a weighted
# tracker) tells it with its next advert, on its usual schedule, as
# keepalived 2.2.7 (vrrp_set_effective_priority() sends nothing); ours sent
# an extra advert at once and restarted its advert timer. r1 alone
# (advert_int 4, track_file weight -50) is master at 150; right after one of
# its adverts the file says 1: the first advert at 100 comes an interval
# after the last one at 150 - checked as "not within 2 s" (a lower bound: a
# busy machine only spaces adverts more; ours sent it within ~0.3 s).
# Passes with keepalived 2.2.7 too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
require_cmd tcpdump

lab_lan r1:1 c1:10
echo 0 >"$KT_TMP/tf"
chmod 644 "$KT_TMP/tf"
ka_conf r1 <<CONF
vrrp_track_file tf {
    file $KT_TMP/tf
}
$(KT_ADVERT=4 vrrp_block VI_1 51 150 "    track_file {
        tf weight -50
    }")
CONF
capture_start c1 eth0 "$KT_TMP/wire.txt" "ip proto 112"
ka_start r1 r1
# adverts PRIO: "TIME PRIO" of each advert r1 sent, as tcpdump -v prints them
adverts() {
	awk '/^[0-9][0-9]:/ { t = $1 } /VRRPv2, Advertisement/ { match($0, /prio [0-9]+/); print t, substr($0, RSTART + 5, RLENGTH - 5) }' "$KT_TMP/wire.txt"
}
n150() { adverts | grep -c ' 150$'; }
more_than() { [ "$(n150)" -gt "$1" ]; }
wait_for 60 more_than 1 || fail "r1 does not advertise at 150"

step "right after an advert, the file says 1: priority 100"
n=$(n150)
wait_for 20 more_than "$n" || fail "no advert within 20 s"
echo 1 >"$KT_TMP/tf"
has100() { adverts | grep -q ' 100$'; }
wait_for 30 has100 || { adverts; fail "no advert at 100"; }
adverts
gap=$(adverts | awk '{ split($1, a, ":"); s = a[1] * 3600 + a[2] * 60 + a[3] } $2 == 150 { p = s } $2 == 100 { printf "%d\n", (s - p) * 1000; exit }')
log "the first advert at 100 came $gap ms after the last one at 150 (advert_int 4 s)"
[ "$gap" -ge 2000 ] || fail "an advert at the new priority only $gap ms after the last one: sent at once"
log_result
