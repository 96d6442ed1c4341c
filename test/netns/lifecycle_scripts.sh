#!/usr/bin/env bash
# lifecycle_scripts: startup_script runs before the children start (the
# VRRP child's pid file is not there yet, nor the VIP), shutdown_script
# after they all stopped (the VIP is gone, the VRRP child has exited); a
# startup script that hangs is killed at startup_script_timeout and the
# children start anyway, as keepalived 2.2.7 documents them. (The log lines
# checked are ours: not with keepalived 2.2.7.)
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1
R1=$(kt_ns r1)
OUT="$KT_TMP/out"
mkdir -p "$OUT"
chmod 777 "$OUT"
VRRP_PID="$KT_TMP/r1/vrrp.pid"
cat >"$KT_TMP/start.sh" <<EOF
#!/bin/sh
{ [ -e "$VRRP_PID" ] && echo vrrp-running || echo vrrp-not-running
  ip -o addr show dev eth0 | grep -q " $VIP/" && echo vip-present || echo vip-absent
  echo "args: \$*"; } >"$OUT/start"
EOF
cat >"$KT_TMP/stop.sh" <<EOF
#!/bin/sh
{ [ -n "\$(pgrep -P "\$PPID")" ] && [ "\$(pgrep -P "\$PPID")" != "\$\$" ] && echo children-left || echo children-gone
  ip -o addr show dev eth0 | grep -q " $VIP/" && echo vip-present || echo vip-absent; } >"$OUT/stop"
EOF
printf '#!/bin/sh\nsleep 100\n' >"$KT_TMP/hang.sh"
chmod 755 "$KT_TMP/start.sh" "$KT_TMP/stop.sh" "$KT_TMP/hang.sh"

KT_GLOBAL="global_defs {
    startup_script \"$KT_TMP/start.sh one\"
    shutdown_script \"$KT_TMP/stop.sh\"
}" vrrp_conf r1 150

step "start: the startup script runs first, then the children"
ka_start r1 r1
wait_for 30 has_addr "$R1" eth0 "$VIP" || fail "r1 never took the VIP"
[ -s "$OUT/start" ] || fail "the startup script did not run"
grep -qx vrrp-not-running "$OUT/start" || { cat "$OUT/start"; fail "the VRRP child ran before the startup script"; }
grep -qx vip-absent "$OUT/start" || fail "the VIP was there before the startup script"
grep -qx "args: one" "$OUT/start" || { cat "$OUT/start"; fail "the startup script's arguments"; }
if ours_only "the 'startup_script ended' log line"; then
	ka_logged r1 'startup_script ended \(exit status 0\)' || fail "no 'startup_script ended' line"
fi

step "stop: the shutdown script runs after the children stopped"
ka_stop r1
[ -s "$OUT/stop" ] || fail "the shutdown script did not run"
grep -qx vip-absent "$OUT/stop" || { cat "$OUT/stop"; fail "the VIP was still there when the shutdown script ran"; }
grep -qx children-gone "$OUT/stop" || { cat "$OUT/stop"; fail "a child was still running"; }
if ours_only "the 'shutdown_script ended' log line"; then
	ka_logged r1 'shutdown_script ended \(exit status 0\)' || fail "no 'shutdown_script ended' line"
fi

step "a startup script that hangs is killed at startup_script_timeout"
KT_GLOBAL="global_defs {
    startup_script $KT_TMP/hang.sh
    startup_script_timeout 2
}" vrrp_conf r1 150
ka_start r1 r1
wait_for 30 has_addr "$R1" eth0 "$VIP" || fail "r1 never took the VIP after the hanging startup script"
if ours_only "the 'did not end in time: killed' log line"; then
	ka_logged r1 'startup_script did not end in time: killed' || fail "the hanging script was not reported killed"
fi
pgrep -f "$KT_TMP/hang.sh" >/dev/null && fail "the hanging startup script is still running"
ka_stop r1
log_result
