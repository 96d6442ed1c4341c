#!/usr/bin/env bash
# sdnotify: systemd's Type=notify protocol, seen by a listener on the
# NOTIFY_SOCKET (an AF_UNIX datagram socket that records each message and
# its sender's pid):
#   READY=1 once the VRRP child applied the configuration; STATUS= lines
#   naming the instance; WATCHDOG=1 every WATCHDOG_USEC/2; a reload:
#   RELOADING=1 then READY=1; a rejected reload: RELOADING=1, READY=1 and a
#   STATUS= saying so; stop: STOPPING=1. In that order, all from the parent
#   (children and scripts do not see NOTIFY_SOCKET).
. "$(dirname "$0")/../lib/netns.sh"
kt_init
[ "$KT_FLAVOUR" = ng ] || skip "Type=notify is keepalived-ng's"

lab_lan r1:1
R1=$(kt_ns r1)
vrrp_conf r1 150 "    notify \"/bin/sh -c 'env >$KT_TMP/script.env'\""
NS=$KT_TMP/notify.sock
MSG=$KT_TMP/notify.txt

python3 -u - "$NS" >"$MSG" 2>&1 <<'PY' &
import socket, struct, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
s.bind(sys.argv[1])
print("listening", flush=True)
while True:
    data, anc, _, _ = s.recvmsg(4096, socket.CMSG_SPACE(12))
    pid = 0
    for level, typ, cdata in anc:
        if level == socket.SOL_SOCKET and typ == socket.SCM_CREDENTIALS:
            pid = struct.unpack("iII", cdata[:12])[0]
    for line in data.decode(errors="replace").splitlines():
        print("pid=%d %s" % (pid, line), flush=True)
PY
KT_BGPIDS+=($!)
disown $!
wait_for 10 grep -q '^listening' "$MSG" || fail "notify listener did not start"

msgs() { grep -c " $1\$" "$MSG"; }
has() { grep -Eq " $1" "$MSG"; }
# the sequence of READY/RELOADING/STOPPING so far, one word each
seq_now() { grep -oE ' (READY|RELOADING|STOPPING)=1$' "$MSG" | tr -d ' ' | sed 's/=1//' | xargs; }
seq_is() { [ "$(seq_now)" = "$1" ]; }

step "start: READY=1 once the child applied the configuration, STATUS, WATCHDOG"
NOTIFY_SOCKET=$NS WATCHDOG_USEC=1000000 ka_start r1 r1
wait_for 30 has 'READY=1' || { cat "$MSG"; fail "no READY=1"; }
ka_logged r1 'configuration generation 1 applied' || fail "READY=1 before the configuration was applied"
wait_for 30 has 'STATUS=VI_1 (BACKUP|MASTER)' || { cat "$MSG"; fail "no STATUS= line naming VI_1"; }
two_watchdogs() { [ "$(msgs WATCHDOG=1)" -ge 3 ]; }
wait_for 10 two_watchdogs || { cat "$MSG"; fail "WATCHDOG=1 not sent every 0.5 s"; }
wait_for 30 has 'STATUS=VI_1 MASTER' || { cat "$MSG"; fail "no STATUS= after the instance became MASTER"; }

step "reload: RELOADING=1 then READY=1"
ka_signal r1 HUP
wait_for 20 seq_is "READY RELOADING READY" || { cat "$MSG"; fail "sequence: $(seq_now)"; }

step "a rejected reload: RELOADING=1, READY=1, STATUS= says so"
echo "vrrp_instance BROKEN {" >>"$(ka_conf_file r1)"
ka_signal r1 HUP
wait_for 20 seq_is "READY RELOADING READY RELOADING READY" || { cat "$MSG"; fail "sequence: $(seq_now)"; }
wait_for 10 has 'STATUS=reload rejected' || fail "no STATUS= for the rejected reload"

step "stop: STOPPING=1; every message came from the parent"
ka_stop r1
[ "$(seq_now)" = "READY RELOADING READY RELOADING READY STOPPING" ] || { cat "$MSG"; fail "sequence: $(seq_now)"; }
parent=$(ka_pid r1)
others=$(grep -v '^listening' "$MSG" | grep -vc "^pid=$parent ")
[ "$others" = 0 ] || { cat "$MSG"; fail "$others messages not from the parent ($parent)"; }
[ -s "$KT_TMP/script.env" ] || fail "the notify script did not run"
grep -q NOTIFY_SOCKET "$KT_TMP/script.env" && fail "a script saw NOTIFY_SOCKET"
log "messages: $(grep -c . "$MSG"), sequence: $(seq_now)"
log_result
