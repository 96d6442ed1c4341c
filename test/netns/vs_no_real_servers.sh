#!/usr/bin/env bash
# vs_no_real_servers: a virtual server left without a real server is
# ignored, as keepalived 2.2.7 ignores it ("Virtual server X has no real
# servers - ignoring", -t exits 5): none written (with a sorry_server and
# inhibit_on_failure: ignored too), or its only real server skipped (of the
# other family). Its checker never has it: the check dump lists the
# virtual server that has one and not the others (ours installed them, the
# sorry server as their destination). A reload that takes away the last
# real server of a virtual server removes it, as a removed virtual server
# (notify_down of its real server that was up); one that leaves no virtual
# server at all keeps the checker running (2.2.7's checker runs for the
# virtual_server blocks; ours stopped it, and a stop runs no notify_down
# without omega). keepalived 2.2.7's checker
# needs IPVS in the kernel (require_checker_runs): with it (test/vm/) the
# test passes with 2.2.7 too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
require_checker_runs

lab_lan r1:1
R1=$(kt_ns r1)
S=$(kt_script_dir)
kt_notify_recorder "$S/note.sh" "$KT_TMP/notify.log"
# conf RS2 [RS1]: 10.200.0.1 has RS1 (default: a real_server with a
# notify_down), 10.200.0.2 has RS2 (a real_server line or nothing),
# 10.200.0.3 a sorry server only, 10.200.0.4 an IPv6 real server only
conf() {
	local rs1=${2-"    real_server $KT_NET.2 80 {
        notify_down \"$S/note.sh down rs1\"
    }"}
	ka_conf r1 <<CONF
global_defs {
    script_user root
    enable_script_security
}
virtual_server 10.200.0.1 80 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
$rs1
}
virtual_server 10.200.0.2 80 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
$1
}
virtual_server 10.200.0.3 80 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
    sorry_server $KT_NET.9 80
    inhibit_on_failure
}
virtual_server 10.200.0.4 80 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server fd00::2 80 {
    }
}
CONF
}
conf "    real_server $KT_NET.3 80 {
    }"
C=$(ka_conf_file r1)

step "-t: the two virtual servers without a real server are ignored, exit 5"
rc=0; out=$(ip netns exec "$R1" "$KEEPALIVED" -t -f "$C" 2>&1) || rc=$?
[ "$rc" = 5 ] || fail "-t exits $rc, want 5: $out"
[ "$(grep -c 'has no real servers - ignoring' <<<"$out")" = 2 ] || fail "-t: not two 'has no real servers' lines: $out"
grep -q '10\.200\.0\.3.*has no real servers' <<<"$out" || fail "-t: 10.200.0.3 (sorry server only) not ignored: $out"
grep -q '10\.200\.0\.4.*has no real servers' <<<"$out" || fail "-t: 10.200.0.4 (IPv6 real server) not ignored: $out"

# vs_in DUMP ADDR: the check dump has a virtual server of ADDR
vs_in() { grep -q "^ VS VIP = $2, VPORT = 80\$" "$1"; }
step "run: the checker has 10.200.0.1 and .2, not .3 (sorry server only) nor .4"
ka_start r1 r1 -C
wait_for 30 test -s "$(ka_dir r1)/checkers.pid" || fail "no checker child"
D=$(ka_dump r1 check)
vs_in "$D" 10.200.0.1 && vs_in "$D" 10.200.0.2 || { cat "$D"; fail "a virtual server with a real server is missing"; }
vs_in "$D" 10.200.0.3 && { cat "$D"; fail "10.200.0.3 (sorry server only) is in the checker"; }
vs_in "$D" 10.200.0.4 && { cat "$D"; fail "10.200.0.4 (no real server of its family) is in the checker"; }
grep -q "$KT_NET\.9" "$D" && { cat "$D"; fail "the sorry server of 10.200.0.3 is in the checker"; }
ka_logged r1 '10\.200\.0\.3.*has no real servers - ignoring' || fail "no log line for 10.200.0.3"

step "reload without 10.200.0.2's real server: the virtual server goes"
conf ""
ka_signal r1 HUP
gone() { D=$(ka_dump r1 check); ! vs_in "$D" 10.200.0.2; }
wait_for 30 gone || { cat "$D"; fail "10.200.0.2 stayed after its last real server left the file"; }
vs_in "$D" 10.200.0.1 || { cat "$D"; fail "10.200.0.1 went with it"; }
ka_alive r1 || fail "the daemon exited"

step "reload that leaves no virtual server: the checker runs on, rs1's notify_down runs"
pid=$(cat "$(ka_dir r1)/checkers.pid")
conf "" ""
ka_signal r1 HUP
wait_for 20 grep -q "down rs1" "$KT_TMP/notify.log" || { ka_logged r1 . ; fail "no notify_down for rs1 (its virtual server left the file)"; }
D=$(ka_dump r1 check)
grep -q "^ VS " "$D" && { cat "$D"; fail "a virtual server is still in the checker"; }
[ "$(cat "$(ka_dir r1)/checkers.pid" 2>/dev/null)" = "$pid" ] || fail "the checker child did not run on (pid $pid)"
ka_alive r1 || fail "the daemon exited"
log_result
