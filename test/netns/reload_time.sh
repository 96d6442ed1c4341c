#!/usr/bin/env bash
# reload_time: reload_time_file / reload_repeat (keepalived 2.2): the parent
# watches the file; a date and time in it schedules one reload and the file
# is removed when it happens; removing the file cancels; a date in the past
# or a malformed line is refused in the log; with reload_repeat a time only
# is kept and the next reload is the same time tomorrow. The VIP stays
# through the scheduled reloads. (Waits for events with generous limits;
# the times written are a few seconds ahead, nothing is timed.)
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1
R1=$(kt_ns r1)
RT="$KT_TMP/sched/reload_at"
mkdir -p "$KT_TMP/sched"
KT_GLOBAL="global_defs {
    reload_time_file $RT
}" vrrp_conf r1 150
ka_start r1 r1
wait_for 30 has_addr "$R1" eth0 "$VIP" || fail "r1 never took the VIP"
# the log lines: ours, or keepalived 2.2.7's ("Scheduling reload for DATE",
# "Reload complete"); the messages about cancelling and refusing are ours
# and not checked with it
if ka_is_ours; then
	RELOADED='reload: .* read and checked' SCHED='reload_time_file: reload scheduled for'
else
	RELOADED='Reload complete' SCHED='Scheduling reload for'
fi
reloads() { [ "$(ka_count r1 "$RELOADED")" -ge "$1" ]; }
scheduled() { [ "$(ka_count r1 "$SCHED")" -ge "$1" ]; }

step "a date and time a few seconds ahead: one reload, the file removed"
date -d '+6 seconds' '+%Y-%m-%d %H:%M:%S' >"$RT"
wait_for 20 ka_logged r1 "$SCHED" || fail "no reload was scheduled"
wait_for 40 reloads 1 || fail "the scheduled reload did not happen"
if ours_only "the 'scheduled time has come' log line"; then
	ka_logged r1 'the scheduled time has come' || fail "the reload was not the scheduled one"
fi
wait_for 10 test ! -e "$RT" || fail "the file was not removed after the reload"
has_addr "$R1" eth0 "$VIP" || fail "r1 lost the VIP over the scheduled reload"

step "removing the file cancels"
date -d '+1 hour' '+%Y-%m-%d %H:%M:%S' >"$RT"
wait_for 20 scheduled 2 || fail "the second time was not scheduled"
rm -f "$RT"
if ours_only "the log line of a cancelled reload"; then
	wait_for 20 ka_logged r1 'cancelling the reload scheduled for' || fail "removing the file did not cancel"
fi

step "a date in the past and a malformed line are refused"
if ours_only "the log lines refusing a past date and a malformed line"; then
	echo "2001-01-01 00:00:00" >"$RT"
	wait_for 20 ka_logged r1 '"2001-01-01 00:00:00" is in the past' || fail "a past date was not refused"
	echo "12:00" >"$RT"
	wait_for 20 ka_logged r1 '"12:00" is not HH:MM:SS' || fail "a malformed time was not refused"
	rm -f "$RT"
fi

step "reload_repeat: a time only stays and is next due tomorrow"
KT_GLOBAL="global_defs {
    reload_time_file $RT
    reload_repeat
}" vrrp_conf r1 150
ka_signal r1 HUP
wait_for 20 reloads 2 || fail "the SIGHUP reload did not happen"
date -d '+6 seconds' '+%H:%M:%S' >"$RT"
wait_for 40 reloads 3 || fail "the scheduled reload with reload_repeat did not happen"
[ -e "$RT" ] || fail "reload_repeat: the file was removed"
TOMORROW=$(date -d "$(cat "$RT") tomorrow" '+%Y-%m-%d %H:%M:%S')
# keepalived 2.2.7 may fire up to a second early, then schedule the same
# time today again (seen: "Reloading" at :06 for :07, "Scheduling reload
# for ... :07" and no reload after it): the next day is checked with ours
if ours_only "reload_repeat's next reload the same time tomorrow"; then
	wait_for 20 ka_logged r1 "$SCHED $TOMORROW" ||
		fail "reload_repeat: the next reload is not $TOMORROW ($(grep -E "$SCHED" "$(ka_log r1)" | tail -1))"
fi
has_addr "$R1" eth0 "$VIP" || fail "r1 lost the VIP over the scheduled reloads"
[ "$(ka_count r1 'Entering MASTER STATE')" -eq 1 ] || fail "the reloads made r1 change state"
log_result
