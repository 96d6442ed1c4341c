#!/usr/bin/env bash
# notify: notify_backup/notify_master/notify_fault/notify_stop and the generic
# `notify` script are run on each transition, with the right arguments and in
# the right order. The generic script gets "INSTANCE VI_1 STATE PRIORITY".
# Fault comes from downing the interface inside the router's namespace.
# No script_user is configured: keepalived-ng runs the scripts as
# keepalived_script when that user exists, else as root and says so once.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1
R1=$(kt_ns r1)
OUT=$KT_TMP/notify.out
# One script for all hooks: the first argument names the hook.
cat >"$KT_TMP/notify.sh" <<SH
#!/bin/sh
echo "\$*" >>"$OUT"
id -u >>"$OUT.uid"
SH
chmod 755 "$KT_TMP/notify.sh"
N="$KT_TMP/notify.sh"
vrrp_conf r1 150 "    notify_master \"$N master\"
    notify_backup \"$N backup\"
    notify_fault \"$N fault\"
    notify_stop \"$N stop\"
    notify \"$N notify\""

# in_order FILE REGEX...: lines matching the REGEXes appear in this order.
in_order() {
	local f=$1 n=0 re m; shift
	for re in "$@"; do
		m=$(awk -v n="$n" -v re="$re" 'NR > n && $0 ~ re { print NR; exit }' "$f")
		[ -n "$m" ] || return 1
		n=$m
	done
}
show_out() { echo "--- $OUT:"; cat "$OUT" 2>/dev/null; }
got() { grep -qx -- "$1" "$OUT" 2>/dev/null; }

step "r1 starts alone: BACKUP then MASTER"
ka_start r1 r1
wait_for 60 got "notify INSTANCE VI_1 MASTER 150" || { show_out; fail "no generic notify for MASTER"; }
wait_for 20 got "master" || { show_out; fail "notify_master not run"; }
got "backup" || { show_out; fail "notify_backup not run at start"; }
got "notify INSTANCE VI_1 BACKUP 150" || { show_out; fail "no generic notify for BACKUP"; }

step "interface down: FAULT"
ip -n "$R1" link set eth0 down
wait_for 60 got "notify INSTANCE VI_1 FAULT 150" || { show_out; fail "no generic notify for FAULT"; }
wait_for 20 got "fault" || { show_out; fail "notify_fault not run"; }

step "interface up: MASTER again"
ip -n "$R1" link set eth0 up
master_twice() { [ "$(grep -cx "notify INSTANCE VI_1 MASTER 150" "$OUT")" -ge 2 ]; }
wait_for 60 master_twice || { show_out; fail "no second MASTER notify after the link came back"; }
wait_for 20 test "$(grep -cx master "$OUT")" -ge 2 || { show_out; fail "notify_master not run again"; }

step "SIGTERM: notify_stop"
ka_stop r1
wait_for 20 got "stop" || { show_out; fail "notify_stop not run"; }

step "order of the calls"
show_out
in_order "$OUT" '^backup$' '^master$' '^fault$' '^master$' '^stop$' ||
	fail "specific notify scripts ran in the wrong order"
in_order "$OUT" 'BACKUP 150$' 'MASTER 150$' 'FAULT 150$' 'MASTER 150$' 'STOP 150$' ||
	fail "generic notify ran in the wrong order"

if [ "$KT_FLAVOUR" = ng ]; then
	step "no script_user: keepalived_script when it exists, else root with one warning"
	warned=$(ka_count r1 "Script user 'keepalived_script' does not exist: scripts run as root")
	if KS=$(id -u keepalived_script 2>/dev/null); then
		[ "$warned" = 0 ] || fail "warned although keepalived_script exists"
	else
		KS=0
		[ "$warned" = 1 ] || fail "the missing keepalived_script user was reported $warned times, want once"
	fi
	[ "$(sort -u "$OUT.uid")" = "$KS" ] || fail "scripts ran as uid $(sort -u "$OUT.uid" | tr '\n' ' '), want $KS"
fi
log_result
