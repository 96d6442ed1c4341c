#!/usr/bin/env bash
# instance_pid: `instance NAME` (top level) names the pid files as keepalived
# 2.2.7 does - /run/keepalived/keepalived_NAME.pid and vrrp_NAME.pid when
# -p/-r/-c are not given - so that two daemons with different names run side
# by side on one host, and a second one with the same name refuses to start.
# The pid files go at stop. (The names are unique to this run.)
. "$(dirname "$0")/../lib/netns.sh"
kt_init
[ "$KT_FLAVOUR" = ng ] || skip "uses our --control-socket and --dump-dir"

lab_lan r1:1
R1=$(kt_ns r1)
A="$KT_ID-a" B="$KT_ID-b"
D=/run/keepalived
# inst_start NAME INSTANCE: a daemon with `instance INSTANCE` and no -p/-r/-c
# (recorded as ka_start does, so the harness stops it on exit).
inst_start() {
	local d="$KT_TMP/$1"
	mkdir -p "$d/dump"
	cat >"$d/keepalived.conf" <<CONF
instance $2
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority 100
    virtual_ipaddress {
        $VIP/32
    }
}
CONF
	KT_DAEMONS+=("$1")
	echo r1 >"$d/ns"
	ip netns exec "$R1" "$KEEPALIVED" -n -l -D -f "$d/keepalived.conf" --dump-dir "$d/dump" \
		--control-socket "$d/ctl" </dev/null >>"$d/log" 2>&1 &
	echo $! >"$d/parent"
	disown $!
}
pid_is() { [ "$(cat "$1" 2>/dev/null)" = "$2" ]; }

step "instance $A: pid files $D/keepalived_$A.pid and vrrp_$A.pid"
inst_start a "$A"
wait_for 30 pid_is "$D/keepalived_$A.pid" "$(ka_pid a)" || { cat "$KT_TMP/a/log"; fail "no $D/keepalived_$A.pid naming the parent"; }
wait_for 30 test -s "$D/vrrp_$A.pid" || fail "no $D/vrrp_$A.pid"
grep -qx "$(cat "$D/vrrp_$A.pid")" <(ka_children a) || fail "vrrp_$A.pid does not name a child of the parent"
# keepalived 2.2.7: the syslog ident becomes Keepalived_NAME (children Keepalived_vrrp_NAME)
wait_for 20 grep -q "Keepalived_vrrp_$A\[" "$KT_TMP/a/log" || { cat "$KT_TMP/a/log"; fail "no ident Keepalived_vrrp_$A"; }
grep -q "Changing syslog ident to Keepalived_$A\$" "$KT_TMP/a/log" || fail "no 'Changing syslog ident to Keepalived_$A'"

step "a second daemon with the same instance name refuses to start"
inst_start a2 "$A"
wait_for 30 not_alive "$(ka_pid a2)" || fail "a second daemon with instance $A kept running"
grep -q "keepalived_$A.pid" "$KT_TMP/a2/log" || { cat "$KT_TMP/a2/log"; fail "its log does not name the pid file"; }
ka_alive a || fail "the first daemon died"

step "instance $B starts beside it"
inst_start b "$B"
wait_for 30 pid_is "$D/keepalived_$B.pid" "$(ka_pid b)" || { cat "$KT_TMP/b/log"; fail "no $D/keepalived_$B.pid"; }
ka_alive a || fail "the first daemon died"

step "stop: the pid files go"
ka_stop a
ka_stop b
for f in "keepalived_$A" "vrrp_$A" "keepalived_$B" "vrrp_$B"; do
	[ ! -e "$D/$f.pid" ] || fail "$D/$f.pid left after stop"
done
log_result
