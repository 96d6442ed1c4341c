#!/usr/bin/env bash
# notify_long: notify scripts that run long, as keepalived 2.2.7 runs them.
#  r1: notify_backup, notify_master and notify of VI_1, notify_master and
#      notify of its sync group G1 and the notify FIFO's script all run
#      64 s: each runs to its end - 2.2.7 never kills a notify script; ours
#      sent SIGTERM after 60 s.
#  r2: a stop while notify_master (which ignores SIGTERM, 10 s) runs, with
#      a notify_stop of 64 s: the daemon is gone within 6 s (2.2.7: 1 s;
#      ours waited 10 s for the scripts, then logged an error and killed its
#      VRRP child), notify_stop ended on SIGTERM, and notify_master outlived the
#      daemon and ran to its end (2.2.7's scripts only get SIGTERM as their
#      parent-death signal; ours sent SIGKILL 2 s after SIGTERM).
# Counts lines the scripts write; the only times are generous bounds.
# Passes with keepalived 2.2.7 too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 r2:2
OUT1=$KT_TMP/r1.out OUT2=$KT_TMP/r2.out
# long.sh OUT WORD SECONDS [ignore]: "start WORD", then "end WORD" after
# SECONDS; SIGTERM writes "TERM WORD" and exits, or with ignore writes
# "TERM-ignored WORD" and goes on (sleeps of 0.5 s: the trap runs soon).
cat >"$KT_TMP/long.sh" <<'SH'
#!/bin/sh
out=$1 word=$2 n=$(( $3 * 2 ))
if [ "${4:-}" = ignore ]; then
	trap 'echo "TERM-ignored $word" >>"$out"' TERM
else
	trap 'echo "TERM $word" >>"$out"; exit 1' TERM
fi
echo "start $word" >>"$out"
i=0
while [ $i -lt $n ]; do sleep 0.5; i=$((i + 1)); done
echo "end $word" >>"$out"
SH
chmod 755 "$KT_TMP/long.sh"
L="$KT_TMP/long.sh"
ka_conf r1 <<CONF
global_defs {
    vrrp_notify_fifo $KT_TMP/vrrp.fifo
    vrrp_notify_fifo_script "$L $OUT1 fifo 64"
}
vrrp_sync_group G1 {
    group {
        VI_1
    }
    notify_master "$L $OUT1 group-master 64"
    notify "$L $OUT1 group-notify 64"
}
$(vrrp_block VI_1 51 150 "    notify_backup \"$L $OUT1 backup 64\"
    notify_master \"$L $OUT1 master 64\"
    notify \"$L $OUT1 notify 64\"")
CONF
KT_VRID=52 vrrp_conf r2 150 "    notify_master \"$L $OUT2 master 10 ignore\"
    notify_stop \"$L $OUT2 stop 64\""
# has OUT LINE [N]: OUT holds LINE at least N times
has() { local n; n=$(grep -cx -- "$2" "$1" 2>/dev/null); [ "${n:-0}" -ge "${3:-1}" ]; }
show() { echo "--- $1:"; cat "$1" 2>/dev/null; }
ka_start r1 r1
ka_start r2 r2

step "r2: a stop while notify_master runs"
wait_for 30 has "$OUT2" "start master" || { show "$OUT2"; fail "r2's notify_master did not start"; }
sleep 1
ka_signal r2 TERM
wait_for 6 not_alive "$(ka_pid r2)" || { show "$OUT2"; fail "r2 still running 6 s after SIGTERM (2.2.7 stops in 1 s)"; }
log "r2 gone"
! ka_logged r2 'did not stop in time' || fail "r2's parent had to kill its VRRP child"
has "$OUT2" "start stop" || { show "$OUT2"; fail "no notify_stop"; }
# SIGTERM ended it (2.2.7's can come before the script's trap is set)
running() { pgrep -f "long.sh $1 $2 " >/dev/null; }
wait_for 5 eval '! running "$OUT2" stop' || { show "$OUT2"; fail "notify_stop still runs (no SIGTERM)"; }
wait_for 5 has "$OUT2" "TERM-ignored master" || { show "$OUT2"; fail "notify_master got no SIGTERM"; }
wait_for 15 has "$OUT2" "end master" || { show "$OUT2"; fail "notify_master (ignoring SIGTERM) did not outlive the daemon"; }
show "$OUT2"

step "r1: notify scripts of 64 s run to their end"
for w in backup master fifo group-master; do
	wait_for 30 has "$OUT1" "start $w" || { show "$OUT1"; fail "no script $w"; }
done
wait_for 30 has "$OUT1" "start notify" 2 || { show "$OUT1"; fail "no generic notify for BACKUP and MASTER"; }
wait_for 30 has "$OUT1" "start group-notify" 2 || { show "$OUT1"; fail "no group notify for BACKUP and MASTER"; }
for w in backup master fifo group-master; do
	wait_for 100 has "$OUT1" "end $w" || { show "$OUT1"; fail "script $w did not run to its end"; }
done
wait_for 30 has "$OUT1" "end notify" 2 || { show "$OUT1"; fail "a generic notify did not run to its end"; }
wait_for 30 has "$OUT1" "end group-notify" 2 || { show "$OUT1"; fail "a group notify did not run to its end"; }
show "$OUT1"
! grep -q '^TERM' "$OUT1" || fail "a notify script of r1 got SIGTERM"
if ours_only "no script timeout in the log"; then
	! ka_logged r1 'timed out' || fail "r1 logged a script timeout"
fi
log_result
