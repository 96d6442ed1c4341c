#!/usr/bin/env bash
# dump_master: the master an instance last heard, in the USR1 data dump
# ("Master router", "Master priority" in BACKUP) and keepalived.json
# (SIGRTMIN+2, "master_priority" in every state), as keepalived 2.2.7
# keeps it (measured with it): r1 (100) follows r2 (200); r2 is killed and
# r1 becomes MASTER (master_priority still 200), then FAULT (eth0 down)
# and BACKUP again with nobody to hear (eth0 up): "Master router = r2",
# "Master priority = 200" - ours forgot them (0, "(none)") on leaving
# BACKUP. Before any master is heard ours says "Master router = (none)";
# 2.2.7 prints the last address its dump formatted (a stale buffer: the
# previous instance's multicast group or unicast peer), not copied.
# Passes with KEEPALIVED=/usr/sbin/keepalived (2.2.7) too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 r2:2
R1=$(kt_ns r1)
KT_ADVERT=10 vrrp_conf r1 100   # alone: BACKUP for 30 s (3 x advert_int)
vrrp_conf r2 200
# master_priority R1_STATE: keepalived.json's master_priority of VI_1 (and
# its state, 1 BACKUP, 2 MASTER, 3 FAULT), "STATE PRIO"
master_priority() {
	local J
	J=$(ka_dumpdir r1)/keepalived.json
	rm -f "$J"
	ka_signal r1 RTMIN+2
	wait_for 20 test -s "$J" || fail "no keepalived.json after SIGRTMIN+2"
	sleep 1
	python3 -c 'import json, sys; d = json.load(open(sys.argv[1]))[0]["data"]; print(d["state"], d["master_priority"])' "$J"
}
# expect_master ROUTER PRIO: the data dump's VI_1 lines
expect_master() {
	local D
	D=$(ka_dump r1 data)
	[ "$(dump_field "$D" VI_1 'Master router')" = "$1" ] && [ "$(dump_field "$D" VI_1 'Master priority')" = "$2" ] ||
		{ cat "$D"; fail "VI_1: not 'Master router = $1', 'Master priority = $2'"; }
}

step "r1 starts alone: BACKUP, no master heard yet"
ka_start r1 r1
wait_for 30 ka_entered r1 BACKUP || fail "r1 never entered BACKUP"
D=$(ka_dump r1 data)
grep -q '^   Master router = ' "$D" || { cat "$D"; fail "no Master router line in BACKUP"; }
ours_only "'Master router = (none)' before any master is heard" && expect_master "(none)" 0
ka_stop r1

step "r2 master, r1 follows it"
vrrp_conf r1 100
ka_start r2 r2
wait_for 30 ka_entered r2 MASTER || fail "r2 never became MASTER"
ka_start r1 r1
wait_for 30 ka_entered r1 BACKUP 2 || fail "r1 never entered BACKUP"
wait_for 10 eval '[ "$(master_priority)" = "1 200" ]' || fail "keepalived.json: not BACKUP with master_priority 200: $(master_priority)"
expect_master "$KT_NET.2" 200

step "r2 killed: r1 MASTER, master_priority still 200"
ka_kill r2
wait_for 30 ka_entered r1 MASTER || fail "r1 never became MASTER"
[ "$(master_priority)" = "2 200" ] || fail "keepalived.json in MASTER: $(master_priority), want '2 200'"

step "eth0 down and up: FAULT, then BACKUP with nobody to hear - r2 still shown"
ip -n "$R1" link set eth0 down
wait_for 30 ka_entered r1 FAULT || fail "r1 never entered FAULT"
[ "$(master_priority)" = "3 200" ] || fail "keepalived.json in FAULT: $(master_priority), want '3 200'"
ip -n "$R1" link set eth0 up
wait_for 30 ka_entered r1 BACKUP 3 || fail "r1 never entered BACKUP again"
expect_master "$KT_NET.2" 200
[ "$(master_priority)" = "1 200" ] || fail "keepalived.json in BACKUP again: $(master_priority), want '1 200'"
log_result
