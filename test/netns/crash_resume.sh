#!/usr/bin/env bash
# crash_resume: a crashed VRRP child costs clients nothing.
#  1. A client pings the VIP every 20 ms while the master's VRRP child is
#     killed with SIGKILL. The parent hands the respawned child the last
#     state of each instance; the instance was MASTER and its VIP is still
#     installed, so the new child resumes MASTER at once and leaves the VIP
#     where it is: fewer than 500 ms worth of pings are lost (counted over
#     the whole run: 25 pings), the backup never takes the VIP (its
#     addresses are watched, and its log), and the new child says it
#     resumed.
#  2. When the VIP went away while the child was dead, the new child does
#     not resume: it starts over as BACKUP, and r1 becomes MASTER again by
#     preemption.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
[ "$KT_FLAVOUR" = ng ] || skip "resuming MASTER after a crash is keepalived-ng's (keepalived 2.2.7 drops the VIP)"

lab_lan r1:1 r2:2 c1:10
R1=$(kt_ns r1) R2=$(kt_ns r2) C1=$(kt_ns c1)
vrrp_conf r1 150
vrrp_conf r2 100
ka_start r1 r1
ka_start r2 r2
wait_for 60 ka_entered r1 MASTER || fail "r1 never became MASTER"
wait_for 30 has_addr "$R1" eth0 "$VIP" || fail "r1 is MASTER without the VIP"
wait_for 30 ka_entered r2 BACKUP || fail "r2 never entered BACKUP"
wait_for 20 can_ping "$C1" "$VIP" || fail "the client cannot reach the VIP"
R2_MASTERS=$(ka_count r2 'Entering MASTER STATE')

# watch_backup FILE: note every moment r2 holds the VIP (every 0.1 s).
watch_backup() {
	while :; do
		has_addr "$R2" eth0 "$VIP" && date +%T.%N >>"$1"
		sleep 0.1
	done
}

# lost_pings FILE: pings lost among those answered up to the last answer
# (sequence numbers never answered, before the last one that was).
lost_pings() {
	awk -F'icmp_seq=' '/icmp_seq=/ { split($2, a, " "); got[a[1]] = 1; if (a[1] > max) max = a[1] }
		END { lost = 0; for (i = 1; i <= max; i++) if (!(i in got)) lost++; print lost + 0, max + 0 }' "$1"
}

step "ping the VIP every 20 ms while r1's VRRP child is killed"
PINGS="$KT_TMP/pings" TAKEN="$KT_TMP/taken"
ip netns exec "$C1" ping -n -i 0.02 "$VIP" >"$PINGS" 2>&1 &
PING=$!
KT_BGPIDS+=("$PING")
watch_backup "$TAKEN" &
KT_BGPIDS+=("$!")
WATCH=$!
sleep 1
OLD=$(ka_vrrp_pid r1)
[ -n "$OLD" ] && pid_alive "$OLD" || fail "no live VRRP child pid in $(ka_dir r1)/vrrp.pid"
kill -KILL "$OLD"
log "killed VRRP child $OLD"
new_child() { local p; p=$(ka_vrrp_pid r1); [ -n "$p" ] && [ "$p" != "$OLD" ] && pid_alive "$p"; }
wait_for 30 new_child || fail "no new VRRP child"
wait_for 20 ka_logged r1 '\(VI_1\) was MASTER .* resuming MASTER' ||
	fail "the new child did not resume MASTER"
# longer than Master_Down_Interval (3.6 s): the backup would have taken over by now
sleep 5
kill -INT "$PING"
kill "$WATCH"
wait "$PING" 2>/dev/null
read -r LOST SENT <<<"$(lost_pings "$PINGS")"
log "pings answered up to icmp_seq $SENT, $LOST lost"
[ "$SENT" -ge 100 ] || fail "too few pings answered ($SENT): the client did not run"
[ "$LOST" -lt 25 ] || fail "$LOST pings (of $SENT) lost: more than 500 ms without the VIP"
[ ! -s "$TAKEN" ] || fail "r2 held the VIP at $(head -1 "$TAKEN")"
[ "$(ka_count r2 'Entering MASTER STATE')" = "$R2_MASTERS" ] || fail "r2 became MASTER"
has_addr "$R1" eth0 "$VIP" || fail "r1 lost the VIP"
[ "$(ka_state r1 VI_1)" = MASTER ] || fail "r1's new child is not MASTER"

step "no resume when the VIP went away while the child was dead"
OLD=$(ka_vrrp_pid r1)
kill -STOP "$OLD"
ip -n "$R1" addr del "$VIP/32" dev eth0 || fail "cannot remove the VIP by hand"
kill -KILL "$OLD"
log "killed VRRP child $OLD after removing the VIP"
wait_for 30 new_child || fail "no new VRRP child"
wait_for 20 ka_logged r1 '\(VI_1\) was MASTER .* addresses are gone: starting as usual' ||
	fail "the new child did not notice the VIP was gone"
wait_for 30 ka_logged r1 '\(VI_1\) Entering BACKUP STATE' || fail "no BACKUP after the crash"
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "r1 never took the VIP back"
wait_for 30 no_addr "$R2" eth0 "$VIP" || fail "r2 kept the VIP"
log_result
