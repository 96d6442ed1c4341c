#!/usr/bin/env bash
# net_namespace: the top-level keyword `net_namespace NAME` (keepalived 2.2.7
# reads it only outside global_defs) moves the daemon into the network
# namespace NAME once the configuration is read, as -s NAME does, with
# keepalived 2.2.7's side effects (measured on Debian's 2.2.7, which passes
# this test too):
#   - started in r0, it runs VRRP and installs its VIP in r1;
#   - syslog ident Keepalived_NAME (parent), Keepalived_vrrp_NAME (VRRP child);
#   - its own mount namespace where /run/keepalived is /run/keepalived/NAME:
#     the default pid files are /run/keepalived/NAME/{keepalived,vrrp}.pid
#     seen from outside (and keepalived-ng's control socket is
#     /run/keepalived/NAME/keepalived.ctl); the directory goes at stop;
#   - -t looks for the interfaces in NAME (-s wins): run from r0 it accepts
#     eth0 (r1's), refuses an interface NAME does not have and lo (a
#     loopback interface) - keepalived-ng exits 4 there, 2.2.7 5 with its
#     messages (it does not run such a file);
#   - inside global_defs the keyword is unknown to keepalived 2.2.7 (its -t
#     exits 5, its daemon runs where it was started); keepalived-ng ignores
#     it there too, with a warning naming the line.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
require_cmd unshare mount

lab_lan r1:1
netns_add r0
R0=$(kt_ns r0) R1=$(kt_ns r1)
RUNDIR="/run/keepalived/$R1"
[ -e "$RUNDIR" ] && fail "$RUNDIR exists before the test"
D=$(ka_dir r1)
ka_conf r1 <<CONF
net_namespace $R1
global_defs {
    router_id ns8
}
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    priority 100
    advert_int 1
    virtual_ipaddress {
        $VIP/24
    }
}
CONF
KT_DAEMONS+=(r1)
echo r1 >"$D/ns"

# The syslog listener: every datagram to /dev/log, one line each.
syslog_start "$KT_TMP/devlog" "$KT_TMP/syslog.txt"
syslogged() { grep -Eq -- "$1" "$KT_TMP/syslog.txt"; }

# start_in SHORT ARGS...: the daemon in namespace SHORT and in a private
# mount namespace whose /dev/log is our listener; no pid file options (the
# defaults are under test), logs to syslog and the console.
start_in() {
	local ns; ns=$(kt_ns "$1"); shift
	T=$KT_TMP TMPDIR="$D/dump" ip netns exec "$ns" unshare -m bash -c '
		set -e
		mount --make-rprivate /
		mkdir -p "$T/olddev"
		mount --rbind /dev "$T/olddev"
		mount -t tmpfs -o mode=755 tmpfs /dev
		for n in null zero urandom random full; do
			touch /dev/$n; mount --bind "$T/olddev/$n" /dev/$n
		done
		touch /dev/log; mount --bind "$T/devlog" /dev/log
		exec "$@"' ka "$KEEPALIVED" -n -l -D -f "$D/keepalived.conf" "$@" </dev/null >>"$D/log" 2>&1 &
	echo $! >"$D/parent"
	disown $!
}
extra=()
[ "$KT_FLAVOUR" = ng ] && extra=(--dump-dir "$D/dump")

step "top-level net_namespace: started in r0, runs in r1"
start_in r0 "${extra[@]}"
PARENT=$(ka_pid r1)
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "the VIP never appeared in $R1"
[ "$(ip netns identify "$PARENT")" = "$R1" ] || fail "the daemon is in '$(ip netns identify "$PARENT")', not $R1"
ip -n "$R0" -o addr show | grep -q "$VIP" && fail "the VIP is in $R0"

step "syslog ident Keepalived_$R1 and Keepalived_vrrp_$R1"
wait_for 10 syslogged "Keepalived_vrrp_$R1\\[[0-9]+\\]: .*Entering MASTER STATE" ||
	{ cat "$KT_TMP/syslog.txt"; fail "no 'Entering MASTER STATE' from Keepalived_vrrp_$R1"; }
syslogged "Keepalived_$R1\\[$PARENT\\]: " || { cat "$KT_TMP/syslog.txt"; fail "no line from Keepalived_$R1[$PARENT]"; }

step "/run/keepalived is $RUNDIR in the daemon's mount namespace; the pid files are there"
awk -v d="/keepalived/$R1" '$5 == "/run/keepalived" && substr($4, length($4) - length(d) + 1) == d { f = 1 }
	END { exit !f }' "/proc/$PARENT/mountinfo" ||
	{ grep keepalived "/proc/$PARENT/mountinfo"; fail "no bind of $RUNDIR on /run/keepalived in the daemon"; }
pids_ok() {
	[ "$(cat "$RUNDIR/keepalived.pid" 2>/dev/null)" = "$PARENT" ] || return 1
	local v; v=$(cat "$RUNDIR/vrrp.pid" 2>/dev/null)
	[ -n "$v" ] && [ "$v" != "$PARENT" ] && pid_alive "$v" && [ "$(ps -o ppid= -p "$v" | tr -d ' ')" = "$PARENT" ]
}
wait_for 20 pids_ok || { ls -la "$RUNDIR"; fail "pid files in $RUNDIR missing or wrong (parent $PARENT)"; }
[ -e /run/keepalived/keepalived.pid ] && [ "$(cat /run/keepalived/keepalived.pid)" = "$PARENT" ] &&
	fail "the pid file went to the host's /run/keepalived"
[ -e "/run/keepalived.pid" ] && [ "$(cat /run/keepalived.pid)" = "$PARENT" ] && fail "the pid file went to /run/keepalived.pid"
if [ "$KT_FLAVOUR" = ng ]; then
	step "keepalived-ng: the control socket is $RUNDIR/keepalived.ctl"
	CTL=${KEEPALIVEDCTL:-$(dirname "$KEEPALIVED")/../keepalivedctl/keepalivedctl}
	[ -S "$RUNDIR/keepalived.ctl" ] || { ls -la "$RUNDIR"; fail "no control socket in $RUNDIR"; }
	"$CTL" -s "$RUNDIR/keepalived.ctl" status | grep -Eq 'VI_1 +MASTER' ||
		fail "keepalivedctl on $RUNDIR/keepalived.ctl: $("$CTL" -s "$RUNDIR/keepalived.ctl" status 2>&1)"
fi

step "stop: the VIP goes, $RUNDIR is removed"
ka_stop r1
wait_for 20 no_addr "$R1" eth0 "$VIP" || fail "the VIP outlived the stop"
[ -e "$RUNDIR" ] && { ls -la "$RUNDIR"; fail "$RUNDIR left behind"; }

step "-t from r0 looks for the interfaces in r1 (-s r0: in r0), as keepalived 2.2.7"
# t_rc FILE [ARGS]: -t's exit status from r0, its output in $KT_TMP/t.out
t_rc() { local f=$1; shift; ip netns exec "$R0" "$KEEPALIVED" "$@" -t -f "$f" >"$KT_TMP/t.out" 2>&1; echo $?; }
sed "s/interface eth0/interface nosuch0/" "$D/keepalived.conf" >"$KT_TMP/nosuch.conf"
sed "s/interface eth0/interface lo/" "$D/keepalived.conf" >"$KT_TMP/lo.conf"
[ "$(t_rc "$D/keepalived.conf")" = 0 ] || fail "-t from r0 refused r1's eth0: $(cat "$KT_TMP/t.out")"
if [ "$KT_FLAVOUR" = ng ]; then
	bad=4 missing="interface nosuch0 does not exist" loop="cannot use a loopback interface \\(lo\\)"
else
	bad=5 missing="interface nosuch0 for vrrp_instance VI_1 doesn't exist" loop="cannot use a loopback interface \\(lo\\)"
fi
[ "$(t_rc "$KT_TMP/nosuch.conf")" = "$bad" ] || fail "-t: nosuch0 in r1 not exit $bad: $(cat "$KT_TMP/t.out")"
grep -Eq "$missing" "$KT_TMP/t.out" || fail "-t: no '$missing': $(cat "$KT_TMP/t.out")"
[ "$(t_rc "$KT_TMP/lo.conf")" = "$bad" ] || fail "-t: lo not exit $bad: $(cat "$KT_TMP/t.out")"
grep -Eq "$loop" "$KT_TMP/t.out" || fail "-t: no '$loop': $(cat "$KT_TMP/t.out")"
[ "$(t_rc "$D/keepalived.conf" -s "$R0")" = "$bad" ] || fail "-t -s r0: r0's missing eth0 not exit $bad: $(cat "$KT_TMP/t.out")"

step "net_namespace inside global_defs: keepalived 2.2.7 does not know it there"
sed -i "/^net_namespace /d; s/router_id ns8/router_id ns8\n    net_namespace $R1/" "$D/keepalived.conf"
out=$("$KEEPALIVED" -t -f "$D/keepalived.conf" 2>&1)
rc=$?
# keepalived 2.2.7: "(Line 3) Unknown keyword 'net_namespace'", -t exits 5,
# the daemon runs where it was started; ours: the same, with a warning
if [ "$KT_FLAVOUR" = ng ]; then
	[ "$rc" = 5 ] || fail "-t: exit $rc, not 5 (a warning): $out"
	echo "$out" | grep -q "keepalived.conf:3: warning: net_namespace inside global_defs is ignored" ||
		fail "-t gave no warning about the misplaced net_namespace: $out"
else
	[ "$rc" != 0 ] || fail "-t accepted it: $out"
	echo "$out" | grep -q "Line 3) Unknown keyword 'net_namespace'" || fail "-t: $out"
fi
start_in r1 "${extra[@]}" -p "$D/keepalived.pid" -r "$D/vrrp.pid" -c "$D/checkers.pid"
PARENT=$(ka_pid r1)
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "the daemon did not run VI_1 in $R1, where it was started"
[ "$(ip netns identify "$PARENT")" = "$R1" ] || fail "the daemon moved to '$(ip netns identify "$PARENT")'"
ka_stop r1
log_result
