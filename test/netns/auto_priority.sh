#!/usr/bin/env bash
# auto_priority: max_auto_priority. The VRRP process is stopped for a second
# (SIGSTOP, as a very busy machine would): once it runs again it notices it
# ran late and switches to SCHED_RR realtime priority 1; a second delay
# raises it to 2; it never goes above max_auto_priority (2 here).
. "$(dirname "$0")/../lib/netns.sh"
kt_init
require_cmd chrt

lab_lan r1:1
KT_GLOBAL="global_defs {
    max_auto_priority 2
    min_auto_priority_delay 300000
}" vrrp_conf r1 150

policy() { chrt -p "$1" 2>/dev/null; }
rt_prio() { policy "$1" | grep -q "SCHED_RR" && policy "$1" | grep -q "priority: $2\$"; }

step "start: normal scheduling"
ka_start r1 r1
wait_for 30 test -s "$(ka_dir r1)/vrrp.pid" || fail "no VRRP pid file"
V=$(ka_vrrp_pid r1)
wait_for 20 ka_entered r1 MASTER || fail "r1 never became master"
policy "$V" | grep -q SCHED_OTHER || fail "VRRP process not in normal scheduling at start: $(policy "$V")"

for want in 1 2 2; do
	step "stopped for 2 s: realtime priority $want"
	kill -STOP "$V"; sleep 2; kill -CONT "$V"
	wait_for 10 rt_prio "$V" "$want" || fail "expected SCHED_RR priority $want, got: $(policy "$V")"
done
if ours_only "the wording of the priority raise"; then
	[ "$(ka_count r1 'realtime scheduling SCHED_RR priority')" = 2 ] || fail "expected two priority raises in the log"
fi
log_result
