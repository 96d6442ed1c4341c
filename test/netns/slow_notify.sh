#!/usr/bin/env bash
# slow_notify: a notify script that takes long holds no other script: the
# generic notify and the next transition's scripts start at once, as
# keepalived 2.2.7 forks each of them. Ours ran an instance's scripts one
# after the other: the generic notify waited for a 4-s notify_backup, and a
# notify_backup for a transition made meanwhile waited for a 4-s
# notify_master (and the checker's notify scripts waited for each other).
# r1 (notify_backup and notify_master: a line, 4 s, a line; notify: a line):
#  1. at start, "notify ... BACKUP" is written before notify_backup's end;
#  2. while notify_master runs, an advert of priority 200 takes r1 to
#     BACKUP: notify_backup starts before notify_master's end.
# An order of lines 4 s apart, not a time. Passes with keepalived 2.2.7 too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 c1:10
OUT=$KT_TMP/notify.out
cat >"$KT_TMP/slow.sh" <<SH
#!/bin/sh
echo "start \$1" >>"$OUT"
sleep 4
echo "end \$1" >>"$OUT"
SH
cat >"$KT_TMP/gen.sh" <<SH
#!/bin/sh
echo "notify \$*" >>"$OUT"
SH
chmod 755 "$KT_TMP/slow.sh" "$KT_TMP/gen.sh"
vrrp_conf r1 150 "    notify_backup \"$KT_TMP/slow.sh backup\"
    notify_master \"$KT_TMP/slow.sh master\"
    notify $KT_TMP/gen.sh"
# line_of TEXT [N]: the line number of the Nth line TEXT (empty if none)
line_of() { grep -nx -- "$1" "$OUT" 2>/dev/null | sed -n "${2:-1}s/:.*//p"; }
got() { [ -n "$(line_of "$@")" ]; }
show() { echo "--- $OUT:"; cat "$OUT" 2>/dev/null; }

step "1. start: the generic notify does not wait for notify_backup"
ka_start r1 r1
wait_for 30 got "end backup" || { show; fail "notify_backup did not end"; }
wait_for 10 got "notify INSTANCE VI_1 BACKUP 150" || { show; fail "no generic notify for BACKUP"; }
[ "$(line_of "notify INSTANCE VI_1 BACKUP 150")" -lt "$(line_of "end backup")" ] ||
	{ show; fail "the generic notify waited for notify_backup"; }

step "2. BACKUP while notify_master runs: notify_backup starts at once"
wait_for 30 got "start master" || { show; fail "r1 never MASTER"; }
ip netns exec "$(kt_ns c1)" python3 "$KT_INJECT" --iface eth0 --vrid 51 --prio 200 --addrs "$VIP" --count 1 ||
	fail "cannot send an advert"
wait_for 30 got "start backup" 2 || { show; fail "no notify_backup after the priority-200 advert"; }
wait_for 30 got "end master" || { show; fail "notify_master did not end"; }
show
[ "$(line_of "start backup" 2)" -lt "$(line_of "end master")" ] ||
	fail "notify_backup waited for notify_master"
log_result
