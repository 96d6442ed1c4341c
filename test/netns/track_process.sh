#!/usr/bin/env bash
# track_process: r1 (priority 150) tracks a process by name with weight -60
# (vrrp_track_process, counted from the kernel's process events). While the
# process runs r1 is master; when it exits r1's priority drops to 90 and r2
# (100) takes the VIP; when it runs again r1 preempts. The dump shows the
# count.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
ka_is_ours || skip "keepalived 2.2.7 cannot track processes inside a network namespace (its proc connector socket: \"Failed to set/clear process event listen - errno 111\")"

lab_lan r1:1 r2:2
R1=$(kt_ns r1) R2=$(kt_ns r2)
# A process name of our own: comm is the name of the file executed.
PNAME="ktp$$"
ln -s "$(command -v sleep)" "$KT_TMP/$PNAME"
run_proc() { "$KT_TMP/$PNAME" 600 & PROC=$!; KT_BGPIDS+=("$PROC"); disown "$PROC"; }
run_proc

KT_GLOBAL="vrrp_track_process p {
    process $PNAME
    weight -60
    quorum 1
}"
vrrp_conf r1 150 "    track_process {
        p
    }"
KT_GLOBAL="" vrrp_conf r2 100

step "the process runs: r1 (150) is master"
ka_start r1 r1
ka_start r2 r2
wait_for 30 has_addr "$R1" eth0 "$VIP" || fail "r1 never got the VIP"
wait_for 20 ka_entered r2 BACKUP || fail "r2 never entered BACKUP"
f=$(ka_dump r1 data)
grep -q '^   Current processes = 1$' "$f" && grep -q '^   Have quorum = true$' "$f" || { cat "$f"; fail "dump does not show 1 process running"; }

step "the process exits: r1 drops to 90, r2 takes over"
kill "$PROC"
wait_for 30 has_addr "$R2" eth0 "$VIP" || fail "r2 did not take over when the process exited"
wait_for 20 no_addr "$R1" eth0 "$VIP" || fail "r1 kept the VIP"
ka_logged r1 'Changing effective priority from 150 to 90' || fail "no priority change logged"

step "the process runs again: r1 preempts"
run_proc
wait_for 30 has_addr "$R1" eth0 "$VIP" || fail "r1 did not preempt when the process came back"
wait_for 20 no_addr "$R2" eth0 "$VIP" || fail "r2 kept the VIP"
log_result
