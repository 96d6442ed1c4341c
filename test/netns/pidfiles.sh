#!/usr/bin/env bash
# pidfiles: -p (parent) and -r (VRRP child) pid files exist with live pids
# while the daemon runs and are removed after SIGTERM; a stale pid file (pid
# of a dead process) does not prevent a start. keepalived-ng also: the files
# are locked while the daemon runs, a second daemon on the same pid file
# refuses to start, and a symlink at the pid file's name is replaced, not
# followed.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1
R1=$(kt_ns r1)
vrrp_conf r1 150
D=$(ka_dir r1)

step "while running: both pid files hold live pids"
ka_start r1 r1
files_ok() {
	local c
	[ "$(cat "$D/keepalived.pid" 2>/dev/null)" = "$(ka_pid r1)" ] || return 1
	c=$(ka_vrrp_pid r1)
	[ -n "$c" ] && [ "$c" != "$(ka_pid r1)" ] && pid_alive "$c"
}
wait_for 30 files_ok || fail "pid files missing or wrong: -p=$(cat "$D/keepalived.pid" 2>&1) parent=$(ka_pid r1) -r=$(cat "$D/vrrp.pid" 2>&1)"
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "r1 never became master"

step "after SIGTERM: both removed"
ka_stop r1
[ ! -e "$D/keepalived.pid" ] || fail "-p pid file left behind"
[ ! -e "$D/vrrp.pid" ] || fail "-r pid file left behind"

step "stale pid files (a dead process's pid) do not prevent a start"
sh -c 'exit 0' & DEAD=$!
wait "$DEAD"
pid_alive "$DEAD" && fail "pid $DEAD unexpectedly alive"
echo "$DEAD" >"$D/keepalived.pid"
echo "$DEAD" >"$D/vrrp.pid"
ka_start r1 r1
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "daemon did not come up with stale pid files"
ka_alive r1 || fail "daemon exited with stale pid files"
wait_for 30 files_ok || fail "pid files not rewritten"
[ "$KT_FLAVOUR" = ng ] || { log_result; exit 0; }

step "the pid files are locked while the daemon runs"
flock -n "$D/keepalived.pid" true && fail "keepalived.pid is not locked"
flock -n "$D/vrrp.pid" true && fail "vrrp.pid is not locked"

step "a second daemon on the same pid file refuses to start"
vrrp_conf r2 100
out=$(ip netns exec "$R1" "$KEEPALIVED" -n -l -f "$(ka_conf_file r2)" -p "$D/keepalived.pid" \
	-r "$KT_TMP/r2/vrrp.pid" -c "$KT_TMP/r2/checkers.pid" --dump-dir "$KT_TMP/r2/dump" \
	--control-socket "$KT_TMP/r2/ctl" 2>&1)
rc=$?
[ $rc = 1 ] || fail "second daemon: exit $rc, expected 1: $out"
grep -q 'already running' <<<"$out" || fail "no 'already running' message: $out"
ka_alive r1 || fail "the first daemon died"
files_ok || fail "the first daemon's pid files changed"
ka_stop r1

step "a symlink at the pid file's name is replaced, its target untouched"
echo victim >"$KT_TMP/victim"
ln -s "$KT_TMP/victim" "$D/keepalived.pid"
ln -s "$KT_TMP/victim" "$D/vrrp.pid"
ka_start r1 r1
wait_for 30 files_ok || fail "pid files not written over the symlinks"
[ "$(cat "$KT_TMP/victim")" = victim ] || fail "the symlink target was written"
[ ! -L "$D/keepalived.pid" ] && [ ! -L "$D/vrrp.pid" ] || fail "a pid file is still a symlink"
log_result
