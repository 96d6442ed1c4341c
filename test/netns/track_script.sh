#!/usr/bin/env bash
# track_script: the Kubernetes API-server pattern. r1 (priority 150) tracks a
# vrrp_script with weight -60: when the check fails its effective priority
# drops to 90 and r2 (100) takes the VIP; when it passes again r1 preempts.
# A tracked interface with weight -60 (ext0) going down does the same. A
# second, unweighted script that hangs is killed at its timeout, counts as
# failed and puts r1 in FAULT (VIP released); the dump shows the effective
# priority and each tracker's state. A vrrp_script with `user nobody` runs
# as nobody (a missing script: track_script_missing.sh). With the global
# vrrp_notify_priority_changes each priority change is a FIFO line
# (INSTANCE "VI_1" MASTER_PRIORITY 90 / BACKUP_PRIORITY 150), as keepalived.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 r2:2
R1=$(kt_ns r1) R2=$(kt_ns r2)
OK=$KT_TMP/api-ok HANG=$KT_TMP/hang UO=$KT_TMP/uo
touch "$OK"
mkdir -m 1777 "$UO"
ip -n "$R1" link add ext0 type veth peer name ext1 || fail "cannot make ext0"
ip -n "$R1" link set ext1 up
ip -n "$R1" link set ext0 up
cat >"$KT_TMP/hang.sh" <<SH
#!/bin/sh
[ -e "$HANG" ] && exec sleep 1000
exit 0
SH
chmod 755 "$KT_TMP/hang.sh"

FIFO_OUT=$KT_TMP/fifo.out
kt_fifo_recorder "$KT_TMP/fifo.sh" "$FIFO_OUT"
# the FIFO in a directory only root may enter: the parent makes and opens it
# for the VRRP child, whatever the child's uid
mkdir -m 700 "$KT_TMP/fifo.d"
KT_GLOBAL="global_defs {
    vrrp_notify_fifo $KT_TMP/fifo.d/r1.fifo
    vrrp_notify_fifo_script $KT_TMP/fifo.sh
    vrrp_notify_priority_changes
}
vrrp_script chk_api {
    script \"/bin/sh -c 'test -e $OK'\"
    interval 1
    weight -60
    fall 2
    rise 2
}
vrrp_script chk_hang {
    script $KT_TMP/hang.sh
    interval 1
    timeout 2
}
vrrp_script chk_user {
    script \"/bin/sh -c 'id -un >$UO/user'\"
    interval 1
    user nobody
}"
vrrp_conf r1 150 "    track_script {
        chk_api
        chk_hang
        chk_user
    }
    track_interface {
        ext0 weight -60
    }"
KT_GLOBAL="" vrrp_conf r2 100

step "both start: r1 (150) is master"
ka_start r1 r1
ka_start r2 r2
wait_for 30 has_addr "$R1" eth0 "$VIP" || fail "r1 never got the VIP"
wait_for 20 ka_entered r2 BACKUP || fail "r2 never became BACKUP"
wait_for 10 test -s "$UO/user" || fail "chk_user did not run"
[ "$(cat "$UO/user")" = nobody ] || fail "chk_user ran as $(cat "$UO/user"), not nobody"

step "the API check fails: r1 drops to 90, r2 takes over"
rm -f "$OK"
wait_for 30 has_addr "$R2" eth0 "$VIP" || fail "r2 did not take over when r1's check failed"
wait_for 20 no_addr "$R1" eth0 "$VIP" || fail "r1 kept the VIP"
ka_logged r1 'Changing effective priority from 150 to 90' || fail "no priority change logged"
f=$(ka_dump r1 data)
[ "$(dump_field "$f" VI_1 'Effective priority')" = 90 ] || { cat "$f"; fail "dump: effective priority is not 90"; }
awk '$0 == " VRRP Script = chk_api" { on = 1; next } /^ [^ ]/ || /^-/ { on = 0 } on' "$f" | grep -qx '   Status = BAD' ||
	{ cat "$f"; fail "dump does not show chk_api BAD"; }
grep -qx 'INSTANCE "VI_1" MASTER_PRIORITY 90' "$FIFO_OUT" || { cat "$FIFO_OUT"; fail "no MASTER_PRIORITY line in the FIFO"; }

step "the check passes again: r1 back to 150 and preempts"
touch "$OK"
wait_for 30 has_addr "$R1" eth0 "$VIP" || fail "r1 did not preempt after its check recovered"
wait_for 20 no_addr "$R2" eth0 "$VIP" || fail "r2 kept the VIP"
grep -qx 'INSTANCE "VI_1" BACKUP_PRIORITY 150' "$FIFO_OUT" || { cat "$FIFO_OUT"; fail "no BACKUP_PRIORITY line in the FIFO"; }

step "tracked interface ext0 (weight -60) down: r1 drops to 90, r2 takes over"
ip -n "$R1" link set ext0 down
wait_for 30 has_addr "$R2" eth0 "$VIP" || fail "r2 did not take over when ext0 went down"
wait_for 20 no_addr "$R1" eth0 "$VIP" || fail "r1 kept the VIP"
[ "$(dump_field "$(ka_dump r1 data)" VI_1 'Effective priority')" = 90 ] || fail "effective priority is not 90 with ext0 down"

step "ext0 up again: r1 preempts"
ip -n "$R1" link set ext0 up
wait_for 30 has_addr "$R1" eth0 "$VIP" || fail "r1 did not preempt when ext0 came back"
wait_for 20 no_addr "$R2" eth0 "$VIP" || fail "r2 kept the VIP"

step "an unweighted script hangs: killed at its timeout, r1 goes to FAULT"
touch "$HANG"
# hung_pid: the "sleep 1000" a run of hang.sh became (it execs) in r1
hung_pid() {
	local p
	for p in $(pgrep -f 'sleep 1000'); do
		[ "$(ip netns identify "$p")" = "$R1" ] && { echo "$p"; return 0; }
	done
	return 1
}
wait_for 20 hung_pid || fail "the script did not hang"
HUNG=$(hung_pid)
wait_for 30 ka_logged r1 'VRRP_Script\(chk_hang\) timed[ _]out' || fail "the hanging script was not timed out"
wait_for 20 ka_entered r1 FAULT || fail "r1 did not enter FAULT"
wait_for 20 no_addr "$R1" eth0 "$VIP" || fail "r1 in FAULT kept the VIP"
wait_for 20 has_addr "$R2" eth0 "$VIP" || fail "r2 did not take over from r1 in FAULT"
# the run that hung is gone; the next run, a second later, hangs again - so
# not "no sleep 1000 at all" (that raced with the next run)
wait_for 10 sh -c "! kill -0 $HUNG 2>/dev/null" || fail "the hung script (pid $HUNG) is still running"

step "the script returns again: r1 leaves FAULT and preempts"
rm -f "$HANG"
wait_for 30 has_addr "$R1" eth0 "$VIP" || fail "r1 did not recover from FAULT"
log_result
