#!/usr/bin/env bash
# track_process_delay: vrrp_track_process `delay 3` (fork_delay and
# terminate_delay) absorbs bounces, seen by what never happens rather than
# by timing: r1 (150) tracks the process with weight -60 against r2 (100).
#   - the process exits and at once runs again (a parent re-forking): r1
#     stays master throughout, no DOWN is reported;
#   - it exits for good: r1 drops to 90 and r2 takes the VIP;
#   - a short-lived one (1 s, a fork/exec bounce) runs: r2 keeps the VIP,
#     no UP is reported;
#   - a lasting one runs: r1 preempts.
# (keepalived 2.2.7 cannot be compared here: inside a network namespace
# its process-event socket is refused - "Failed to set/clear process event
# listen - errno 111" - and every tracked process counts as gone.)
. "$(dirname "$0")/../lib/netns.sh"
kt_init
ka_is_ours || skip "keepalived 2.2.7 cannot track processes inside a network namespace (its proc connector socket: \"Failed to set/clear process event listen - errno 111\")"

lab_lan r1:1 r2:2
R1=$(kt_ns r1) R2=$(kt_ns r2)
# A process name of our own: comm is the name of the file executed.
PNAME="ktd$$"
ln -s "$(command -v sleep)" "$KT_TMP/$PNAME"
run_proc() { "$KT_TMP/$PNAME" "${1:-600}" & PROC=$!; KT_BGPIDS+=("$PROC"); disown "$PROC"; }
run_proc

KT_GLOBAL="vrrp_track_process p {
    process $PNAME
    weight -60
    quorum 1
    delay 3
}"
vrrp_conf r1 150 "    track_process {
        p
    }"
KT_GLOBAL="" vrrp_conf r2 100
r1_master() { has_addr "$R1" eth0 "$VIP" && no_addr "$R2" eth0 "$VIP"; }
r2_master() { has_addr "$R2" eth0 "$VIP" && no_addr "$R1" eth0 "$VIP"; }
ng_logged() { ka_logged r1 "$1"; }
ng_count() { ka_count r1 "$1"; }

step "the process runs: r1 (150) is master"
ka_start r1 r1
ka_start r2 r2
wait_for 30 r1_master || fail "r1 never became the only VIP holder"
wait_for 20 ka_entered r2 BACKUP || fail "r2 never entered BACKUP"

step "it exits and runs again at once: inside terminate_delay, nothing happens"
kill "$PROC"
run_proc
holds 6 r1_master || fail "r1 lost the VIP to a bounce inside terminate_delay"
[ "$(ng_count 'Track process p: .* now DOWN')" = 0 ] || fail "a DOWN was reported for a bounce"

step "it exits for good: after terminate_delay r1 drops to 90, r2 takes over"
kill "$PROC"
wait_for 30 r2_master || fail "r2 did not take over when the process was gone"
ng_logged 'Track process p: 0 running, now DOWN' || fail "no DOWN reported"
ng_logged 'Changing effective priority from 150 to 90' || fail "no priority change logged"

step "a short-lived process (1 s): inside fork_delay, nothing happens"
run_proc 1
holds 6 r2_master || fail "r1 took the VIP for a process that ran less than fork_delay"
[ "$(ng_count 'Track process p: .* now UP')" = 0 ] || fail "an UP was reported for a bounce"

step "a lasting process: after fork_delay r1 preempts"
run_proc
wait_for 30 r1_master || fail "r1 did not preempt when the process came back"
ng_logged 'Track process p: 1 running, now UP' || fail "no UP reported"
log_result
