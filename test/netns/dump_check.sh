#!/usr/bin/env bash
# dump_check: keepalived_check.data lines as keepalived 2.2.7's
# check_data.c / check_misc.c write them (its dump_vs, format_rs and
# dump_misc_check):
#   * a fwmark virtual server's protocol is "none" (2.2.7 ignores a fwmark
#     service's protocol) and its real servers' checks are headed
#     " FWM 7 -> [ADDR]:none:80" (ours said tcp);
#   * a group's address family is its first real server's ("inet"; ours
#     printed no line);
#   * MISC_CHECK: "script = 'PROG' 'ARG'" (the program resolved),
#     "timeout = 0" without misc_timeout (else its seconds), "dynamic =
#     NO|YES", "uid:gid = U:G", "Last ran = SEC.USEC (ctime.USEC)" and
#     "Last status = EXIT CODE" (ours had its own "misc_path ..." line).
# keepalived 2.2.7's checker needs IPVS in the kernel (require_checker_runs): with it
# (test/vm/run-in-vm.sh, ip_vs loaded) the test passes with 2.2.7 too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
require_checker_runs

lab_lan r1:1
R1=$(kt_ns r1)
S=$(kt_script_dir)
printf '#!/bin/sh\nexit 3\n' >"$S/three.sh"
chmod 755 "$S/three.sh"
RS=$(realpath "$S")
ka_conf r1 <<EOF
global_defs {
    script_user root
}
virtual_server fwmark 7 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server $KT_NET.1 80 {
        MISC_CHECK {
            misc_path "$S/ok.sh arg1"
        }
    }
}
virtual_server_group G1 {
    $KT_NET.101 80
}
virtual_server group G1 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server $KT_NET.2 8080 {
        MISC_CHECK {
            misc_path $S/three.sh
            misc_timeout 4
            misc_dynamic
        }
    }
}
EOF
ka_start r1 r1 -C
wait_for 30 test -s "$(ka_dir r1)/checkers.pid" || fail "no checker child"
# both scripts have run once: Last status is theirs
got_status() {
	local d; d=$(ka_dump r1 check)
	[ "$(grep -c '^   Last status = ' "$d")" = 2 ] && ! grep -q '^   Last ran = 0\.000000 ' "$d"
}
wait_for 30 got_status || { cat "$(ka_dump_file r1 check)"; fail "the MISC_CHECK scripts never ran"; }
D=$(ka_dump r1 check)
# the lines of the block after the line LINE, up to the next block
after() { awk -v h="$1" '$0 == h { on = 1; next } on && /^ [^ ]/ { exit } on' "$D"; }
expect() {   # expect BLOCK_HEADER LINE...: whole lines in that block
	local h=$1 l; shift
	for l in "$@"; do
		after "$h" | grep -qxF -- "$l" || { cat "$D"; fail "no line '$l' after '$h'"; }
	done
}
expect_re() {   # expect_re BLOCK_HEADER ERE
	after "$1" | grep -Eq -- "$2" || { cat "$D"; fail "no line matching '$2' after '$1'"; }
}

step "virtual servers: a fwmark's protocol, a group's address family"
expect " VS FWMARK = 7" "   protocol = none" "   Address family = inet"
expect " VS GROUP = [G1]:0" "   protocol = TCP" "   Address family = inet"

step "MISC_CHECK lines as 2.2.7's dump_misc_check()"
expect " FWM 7 -> [$KT_NET.1]:none:80" "   Keepalive method = MISC_CHECK" \
	"   script = '$RS/ok.sh' 'arg1'" "   timeout = 0" "   dynamic = NO" "   uid:gid = 0:0" "   Last status = 0"
expect_re " FWM 7 -> [$KT_NET.1]:none:80" \
	'^   Last ran = [0-9]+\.[0-9]{6} \([A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9][0-9] [0-9:]{8} [0-9]{4}\.[0-9]{6}\)$'
expect " [G1]:0 -> [$KT_NET.2]:tcp:8080" "   script = '$RS/three.sh'" "   timeout = 4" "   dynamic = YES" \
	"   Last status = 3"
log_result
