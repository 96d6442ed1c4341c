#!/usr/bin/env bash
# cmdline_run: the options that change a running daemon, on one daemon
# started from outside its namespace with -s (it must enter it itself):
#   default logging is syslog (a listener bound on /dev/log in a private
#   mount namespace sees the lines, with the -S facility; nothing on the
#   console), -d logs the data dump, --all runs the checker without virtual
#   servers, -u sets the umask scripts inherit, -m lifts RLIMIT_CORE, -M sets
#   core_pattern (a file bind-mounted over it in that mount namespace) and
#   restores it at exit, -a logs address changes, -X: a reload that drops
#   an instance removes its VIP, -V: on stop the VIP stays and no priority-0
#   advert is sent (keepalived 2.2.7 does the same), notify_stop still runs.
# Then -G -l: nothing to syslog, lines on the console.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
[ "$KT_FLAVOUR" = ng ] || skip "runs keepalived-ng with -s outside ip netns exec"
require_cmd unshare mount

lab_lan r1:1 c1:10
R1=$(kt_ns r1)
VIP2="$KT_NET.101"
D=$(ka_dir r1)
mkdir -p "$D/dump"
echo r1 >"$D/ns"
KT_DAEMONS+=(r1)

cat >"$KT_TMP/notify.sh" <<EOF
#!/bin/sh
umask >"$D/umask.\$\$"
echo "\$3" >>"$D/states"
EOF
chmod 755 "$KT_TMP/notify.sh"
conf_one() {   # conf_one NAME VRID ADDR
	cat >"$D/keepalived.conf" <<EOF
vrrp_instance $1 {
    state BACKUP
    interface eth0
    virtual_router_id $2
    priority 150
    advert_int 1
    notify "$KT_TMP/notify.sh"
    virtual_ipaddress {
        $3/32
    }
}
EOF
}
conf_one VI_1 51 "$VIP"

# The syslog listener: every datagram to /dev/log, one line each.
syslog_start "$KT_TMP/devlog" "$KT_TMP/syslog.txt"
echo "core-orig" >"$KT_TMP/core_pattern"

# start_private LOGFILE ARGS...: run the daemon in a private mount namespace
# whose /dev/log is our listener and whose core_pattern is our file.
start_private() {
	local logf=$1; shift
	T=$KT_TMP unshare -m bash -c '
		set -e
		mount --make-rprivate /
		mkdir -p "$T/olddev"
		mount --rbind /dev "$T/olddev"
		mount -t tmpfs -o mode=755 tmpfs /dev
		for n in null zero urandom random full; do
			touch /dev/$n; mount --bind "$T/olddev/$n" /dev/$n
		done
		touch /dev/log; mount --bind "$T/devlog" /dev/log
		mount --bind "$T/core_pattern" /proc/sys/kernel/core_pattern
		exec "$@"' ka "$KEEPALIVED" "$@" </dev/null >"$logf" 2>&1 &
	echo $! >"$D/parent"
	disown $!
}
syslogged() { grep -Eq -- "$1" "$KT_TMP/syslog.txt"; }

step "start with -s -S local4 -d --all -u 027 -m -M -a -X -V (no -l)"
listen_start c1 eth0 "$KT_TMP/wire.txt" 120
start_private "$D/log" -n -s "$R1" -S local4 -d --all -u 027 -m -Mcore.ka.%p -a -X -V -D \
	-f "$D/keepalived.conf" -p "$D/keepalived.pid" -r "$D/vrrp.pid" -c "$D/checkers.pid" \
	--dump-dir "$D/dump"
PARENT=$(cat "$D/parent")
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "-s: the VIP never appeared in $R1"

step "syslog by default, with the -S facility; nothing on the console"
wait_for 10 syslogged 'Entering MASTER STATE' || { cat "$KT_TMP/syslog.txt"; fail "no syslog line"; }
# local4 = facility 20: PRI = 20*8 + severity = 160..167
line=$(grep -m1 'Entering MASTER STATE' "$KT_TMP/syslog.txt")
[[ $line =~ ^\<16[0-7]\> ]] || fail "not facility local4: $line"
[[ $line == *Keepalived_vrrp* ]] || fail "not from Keepalived_vrrp: $line"
[ ! -s "$D/log" ] || { cat "$D/log"; fail "without -l the daemon wrote to the console"; }

step "-d: the data dump is logged once the configuration is applied"
wait_for 10 syslogged 'VRRP Instance = VI_1' || fail "no data dump in the log"
step "--all: the checker runs with no virtual server"
wait_for 10 test -s "$D/checkers.pid" || fail "no checker pid file"
pid_alive "$(cat "$D/checkers.pid")" || fail "the checker child is not running"
step "-m: RLIMIT_CORE unlimited; -M: core_pattern set"
grep -Eq '^Max core file size +unlimited +unlimited' "/proc/$PARENT/limits" ||
	fail "core limit: $(grep 'core file' "/proc/$PARENT/limits")"
[ "$(cat "$KT_TMP/core_pattern")" = "core.ka.%p" ] || fail "core_pattern is '$(cat "$KT_TMP/core_pattern")'"
step "-u 027: scripts run with umask 0027"
wait_for 10 grep -q MASTER "$D/states" || fail "notify did not run"
[ "$(cat "$D"/umask.* | sort -u)" = 0027 ] || fail "notify umask: $(cat "$D"/umask.*)"
step "-a: address changes are logged"
ip -n "$R1" addr add "$KT_NET.200/32" dev eth0
wait_for 10 syslogged "Netlink reports $KT_NET.200/32 added to eth0" || fail "no address-change line"

step "-X: a reload that drops VI_1 removes its VIP; VI_2 comes up"
conf_one VI_2 52 "$VIP2"
kill -HUP "$PARENT"
wait_for 30 no_addr "$R1" eth0 "$VIP" || fail "VI_1's VIP stayed after the reload"
wait_for 60 has_addr "$R1" eth0 "$VIP2" || fail "VI_2 never got its VIP"

step "-V: on stop the VIP stays, no priority-0 advert, notify_stop runs"
sleep 1
kill -TERM "$PARENT"
wait_for 30 not_alive "$PARENT" || fail "daemon did not stop"
has_addr "$R1" eth0 "$VIP2" || fail "-V: the VIP was removed on stop"
grep -q "vrid=52 prio=0 " "$KT_TMP/wire.txt" && fail "-V: a priority-0 advert was sent"
grep -q "vrid=52 prio=150 " "$KT_TMP/wire.txt" || fail "no advert of VI_2 seen at all"
grep -q STOP "$D/states" || fail "notify did not run for STOP"
[ "$(cat "$KT_TMP/core_pattern")" = "core-orig" ] || fail "-M: core_pattern not restored: $(cat "$KT_TMP/core_pattern")"
ip -n "$R1" addr del "$VIP2/32" dev eth0

step "-G -l: nothing to syslog, everything on the console"
before=$(wc -l <"$KT_TMP/syslog.txt")
start_private "$D/log2" -n -G -l -s "$R1" -f "$D/keepalived.conf" -p "$D/keepalived.pid" \
	-r "$D/vrrp.pid" -c "$D/checkers.pid" --dump-dir "$D/dump"
wait_for 60 grep -q 'Entering MASTER STATE' "$D/log2" || { cat "$D/log2"; fail "-l: nothing on the console"; }
ka_stop r1
after=$(wc -l <"$KT_TMP/syslog.txt")
[ "$before" = "$after" ] || { tail -n +$((before + 1)) "$KT_TMP/syslog.txt"; fail "-G: lines went to syslog"; }
# /run/keepalived/NAME (the daemon's /run/keepalived, keepalived 2.2.7's private mount) goes at stop
[ -e "/run/keepalived/$R1" ] && fail "/run/keepalived/$R1 was left behind"
log_result
