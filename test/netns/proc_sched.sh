#!/usr/bin/env bash
# proc_sched: vrrp_priority / checker_priority (nice), vrrp_rt_priority
# (SCHED_RR with RLIMIT_RTTIME, default 10 ms, or vrrp_rlimit_rttime),
# vrrp_cpu_affinity / checker_cpu_affinity, as keepalived 2.2.7 sets them
# on its children; here the parent sets them (the children keep no
# CAP_SYS_NICE). Read back from /proc and chrt/taskset; a reload changes them.
# vrrp_no_swap / checker_no_swap: each child locks its memory (VmLck in
# /proc/PID/status), not in a sanitizer build (the daemon says so).
. "$(dirname "$0")/../lib/netns.sh"
kt_init
require_checker_runs
require_cmd chrt taskset
chrt -r 1 true 2>/dev/null || skip "realtime scheduling not allowed here"

lab_lan r1:1
R1=$(kt_ns r1)
conf() {
	ka_conf r1 <<EOF
global_defs {
	$1
}
vrrp_instance VI_1 {
	state BACKUP
	interface eth0
	virtual_router_id 51
	priority 150
	advert_int 1
	virtual_ipaddress {
		$VIP/32
	}
}
virtual_server 10.200.0.5 80 {
	protocol TCP
	lb_algo rr
	real_server $KT_NET.1 80 {
		weight 1
	}
}
EOF
}
conf "vrrp_rt_priority 7
	vrrp_rlimit_rttime 50000
	vrrp_cpu_affinity 0
	checker_priority 5
	checker_cpu_affinity 0
	vrrp_no_swap
	checker_no_swap"
ka_start r1 r1
wait_for 30 has_addr "$R1" eth0 "$VIP" || fail "r1 never took the VIP"
V=$(ka_vrrp_pid r1)
C=$(cat "$KT_TMP/r1/checkers.pid")
[ -n "$V" ] && [ -n "$C" ] || fail "no child pids (vrrp '$V', checker '$C')"
nice_of() { awk '{print $19}' "/proc/$1/stat"; }

step "at start"
chrt -p "$V" | grep -q 'SCHED_RR' || fail "VRRP child not SCHED_RR: $(chrt -p "$V")"
chrt -p "$V" | grep -q 'priority: 7' || fail "VRRP child not at priority 7: $(chrt -p "$V")"
grep -Eq '^Max realtime timeout +50000 +50000 ' "/proc/$V/limits" || fail "VRRP child RLIMIT_RTTIME: $(grep -i 'realtime timeout' "/proc/$V/limits")"
taskset -pc "$V" | grep -q 'list: 0$' || fail "VRRP child affinity: $(taskset -pc "$V")"
[ "$(nice_of "$C")" = 5 ] || fail "checker nice is $(nice_of "$C"), not 5"
taskset -pc "$C" | grep -q 'list: 0$' || fail "checker affinity: $(taskset -pc "$C")"
locked_kb() { awk '/^VmLck:/ {print $2}' "/proc/$1/status"; }
if grep -q 'memory not locked in a sanitizer build' "$KT_TMP/r1/log"; then
	log "sanitizer build: vrrp_no_swap/checker_no_swap not checked"
else
	[ "$(locked_kb "$V")" -gt 0 ] || fail "vrrp_no_swap: VRRP child VmLck $(locked_kb "$V") kB"
	[ "$(locked_kb "$C")" -gt 0 ] || fail "checker_no_swap: checker VmLck $(locked_kb "$C") kB"
	[ "$(locked_kb "$(ka_pid r1)")" = 0 ] || fail "the parent locked its memory: VmLck $(locked_kb "$(ka_pid r1)") kB"
fi

step "reload: realtime off, vrrp_priority -3; checker_priority 2"
conf "vrrp_priority -3
	checker_priority 2"
ka_signal r1 HUP
niced() { [ "$(nice_of "$V")" = -3 ] && [ "$(nice_of "$C")" = 2 ]; }
wait_for 20 niced || fail "after the reload: VRRP nice $(nice_of "$V"), checker nice $(nice_of "$C")"
chrt -p "$V" | grep -q 'SCHED_OTHER' || fail "VRRP child still realtime after the reload: $(chrt -p "$V")"
has_addr "$R1" eth0 "$VIP" || fail "r1 lost the VIP"
log_result
