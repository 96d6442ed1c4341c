#!/usr/bin/env bash
# sync_group_order: the notify FIFO lines of a sync group's transitions in
# keepalived 2.2.7's order - the member that moved, the members it takes
# along, then the group. VI_1 (eth0) and VI_2 (eth1) are one group on r1;
# eth1 goes down: INSTANCE VI_2 FAULT, INSTANCE VI_1 FAULT, GROUP G1 FAULT
# (ours wrote VI_1, GROUP, VI_2: the members in configuration order and
# the group as soon as its state changed); eth1 up: VI_2 BACKUP, VI_1
# BACKUP, GROUP BACKUP; SIGTERM: every instance's STOP, then the group's
# (2.2.7's notify_shutdown()). Passes with keepalived 2.2.7 too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1
R1=$(kt_ns r1)
FIFO_OUT=$KT_TMP/fifo.out
# the reader ignores the SIGTERM both daemons send it at shutdown, so that
# it reads the STOP lines before it goes (at the FIFO's end)
cat >"$KT_TMP/fifo.sh" <<SH
#!/bin/sh
trap '' TERM
exec cat "\$1" >>"$FIFO_OUT"
SH
chmod 755 "$KT_TMP/fifo.sh"
sync_g1_lab r1 "$KT_TMP/fifo.sh"
has() { grep -qx -- "$1" "$FIFO_OUT" 2>/dev/null; }
# after LINE: the FIFO's lines after the first LINE, joined with ';'
after() { awk -v l="$1" 'f { printf "%s;", $0 } $0 == l { f = 1 }' "$FIFO_OUT"; }
show() { echo "--- FIFO:"; cat "$FIFO_OUT" 2>/dev/null; }

ka_start r1 r1
wait_for 30 has 'GROUP "G1" MASTER 0' || { show; fail "G1 never MASTER"; }

step "eth1 down: VI_2, then VI_1, then the group to FAULT"
ip -n "$R1" link set eth1 down
wait_for 30 has 'GROUP "G1" FAULT 0' || { show; fail "G1 never FAULT"; }
got=$(after 'GROUP "G1" MASTER 0')
[ "$got" = 'INSTANCE "VI_2" FAULT 120;INSTANCE "VI_1" FAULT 150;GROUP "G1" FAULT 0;' ] ||
	{ show; fail "FAULT lines in another order: $got"; }

step "eth1 up: VI_2, then VI_1, then the group to BACKUP"
ip -n "$R1" link set eth1 up
wait_for 30 has 'GROUP "G1" BACKUP 0' || { show; fail "G1 never back to BACKUP"; }
got=$(after 'GROUP "G1" FAULT 0' | cut -d';' -f1-3)
[ "$got" = 'INSTANCE "VI_2" BACKUP 120;INSTANCE "VI_1" BACKUP 150;GROUP "G1" BACKUP 0' ] ||
	{ show; fail "BACKUP lines in another order: $got"; }
master_again() { [ "$(grep -cx 'GROUP "G1" MASTER 0' "$FIFO_OUT")" -ge 2 ]; }
wait_for 30 master_again || { show; fail "G1 never MASTER again"; }

step "SIGTERM: each instance's STOP, then the group's"
ka_stop r1
stopped() { grep -q 'GROUP "G1" STOP 0' "$FIFO_OUT"; }
wait_for 10 stopped || { show; fail "no STOP line for G1"; }
stops=$(grep -E 'STOP' "$FIFO_OUT" | tr '\n' ';')
[ "$stops" = 'INSTANCE "VI_1" STOP 150;INSTANCE "VI_2" STOP 120;GROUP "G1" STOP 0;' ] ||
	{ show; fail "STOP lines: $stops"; }
show
log_result
