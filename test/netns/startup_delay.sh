#!/usr/bin/env bash
# startup_delay: vrrp_startup_delay as keepalived 2.2.7 does it - the
# instances enter BACKUP at once (notify_backup runs), and no
# Master_Down_Timer ends before the delay is over: a timer (re)started
# meanwhile counts from the delay's end. r2 (priority 200) is master; r1
# (priority 100, vrrp_startup_delay 120) starts: BACKUP at once (we kept it
# in INIT for the whole delay). r2 stops (a priority-0 advert): r1 stays
# BACKUP (checked for 8 s; it would take over after its skew time without
# the delay). r3 alone with a 4 s delay: BACKUP, then MASTER once the delay
# and Master_Down_Interval are over. Passes with keepalived 2.2.7 too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 r2:2 r3:3
R1=$(kt_ns r1) R2=$(kt_ns r2) R3=$(kt_ns r3)
D=$(kt_script_dir)
cat >"$D/note.sh" <<'S'
#!/bin/sh
f=$1
shift
echo "$*" >>"$f"
S
chmod 755 "$D/note.sh"
vrrp_conf r2 200
delayed() { # ROUTER DELAY PRIO [vrrp_conf env...]
	KT_GLOBAL="global_defs {
    vrrp_startup_delay $2
    script_user root
}" vrrp_conf "$1" "$3" "    notify \"$D/note.sh $KT_TMP/$1.notify\""
}
delayed r1 120 100
KT_VRID=52 KT_VIPS="$KT_NET.102/32" delayed r3 4 100
noted() { grep -q "INSTANCE VI_1 $2" "$KT_TMP/$1.notify" 2>/dev/null; }

step "r2 becomes master; r1 starts with a 120 s startup delay: BACKUP at once"
ka_start r2 r2
wait_for 60 has_addr "$R2" eth0 "$VIP" || fail "r2 never got the VIP"
ka_start r1 r1
wait_for 30 noted r1 BACKUP || fail "r1 did not enter BACKUP (notify) within 30 s of its start (its delay is 120 s)"

step "r2 stops: r1 stays BACKUP while its delay lasts (checked for 8 s)"
ka_stop r2
holds 8 no_addr "$R1" eth0 "$VIP" || fail "r1 became master during its startup delay"
noted r1 MASTER && fail "r1 notified MASTER during its startup delay"
ka_stop r1

step "r3 alone with a 4 s delay: BACKUP, then MASTER after the delay"
ka_start r3 r3
wait_for 60 has_addr "$R3" eth0 "$KT_NET.102" || fail "r3 never became master"
[ "$(cat "$KT_TMP/r3.notify")" = "$(printf 'INSTANCE VI_1 BACKUP 100\nINSTANCE VI_1 MASTER 100')" ] ||
	fail "r3's notify calls: $(cat "$KT_TMP/r3.notify")"
log_result
