#!/usr/bin/env bash
# large_checker: a configuration of 20,000 real servers (a 5 MB stream)
# reaches the checker whole, at start and on reload, and its dump (2 MB)
# comes back. One virtual server with 10,000 real servers
# (TCP_CHECK) and 1,000 virtual servers of 10: the checker's USR1 dump lists
# every real server. A reload that adds one real server to the 10,000 keeps
# the others (nothing removed) and applies the new one. The host has no
# IPVS: the checker runs without it and keeps its configuration.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
require_checker_runs
require_daemon

lab_lan r1:1
# write_conf EXTRA_RS: the configuration, with EXTRA_RS more real servers in the big one
write_conf() {
	python3 - "$1" <<'PY' | ka_conf r1
import sys
extra = int(sys.argv[1])
print("global_defs {\n    router_id large\n}")
print("virtual_server 10.99.0.1 80 {\n    delay_loop 600\n    lb_kind NAT\n    protocol TCP")
for i in range(10000 + extra):
    print("    real_server 10.100.%d.%d 80 {\n        TCP_CHECK {\n            connect_timeout 1\n        }\n    }"
          % (i // 250, i % 250 + 1))
print("}")
for v in range(1000):
    print("virtual_server 10.98.%d.%d 80 {\n    delay_loop 600\n    protocol TCP" % (v // 250, v % 250 + 1))
    for r in range(10):
        print("    real_server 10.101.%d.%d 8080 {\n        TCP_CHECK {\n            connect_timeout 1\n        }\n    }"
              % (v // 25, (v % 25) * 10 + r + 1))
    print("}")
PY
}

# rs_count: real servers listed in a fresh data dump
rs_count() { grep -c '^   ------< Real server >------$' "$(ka_dump r1 check)"; }

step "start with 1 x 10,000 and 1,000 x 10 real servers"
write_conf 0
ka_start r1 r1
wait_for 60 ka_logged r1 "checker child applied configuration generation 1" ||
	fail "the checker never acknowledged its configuration"
ka_logged r1 "too large" && fail "a record was refused as too large"
n=$(rs_count)
log "data dump lists $n real servers"
[ "$n" -eq 20000 ] || fail "expected 20000 real servers in the dump, got $n"
D=$(ka_dump_file r1 check)
grep -q '^   RIP = 10.100.39.250, RPORT = 80,' "$D" || fail "the last real server of the big one is missing"
grep -q '^   RIP = 10.101.39.250, RPORT = 8080,' "$D" || fail "the last real server of the last small one is missing"

step "reload: one more real server in the big virtual server"
write_conf 1
ka_signal r1 HUP
wait_for 60 ka_logged r1 "checker child applied configuration generation 2" ||
	fail "the checker never acknowledged the reload"
n=$(rs_count)
log "data dump lists $n real servers"
[ "$n" -eq 20001 ] || fail "expected 20001 real servers after the reload, got $n"
grep -q '^   RIP = 10.100.40.1, RPORT = 80,' "$(ka_dump_file r1 check)" || fail "the added real server is missing"
ka_logged r1 "removed by the new configuration|no longer configured" && fail "the reload removed something"
ka_alive r1 || fail "the daemon died"
[ "$(ka_count r1 'respawning')" -eq 0 ] || fail "a child was respawned"

step "the checker raised its open file limit for 20,001 checks"
soft=0 hard=0
for c in $(ka_children r1); do
	read -r s h < <(awk '/^Max open files/ { print $4, $5 }' "/proc/$c/limits")
	[ "$s" = unlimited ] && s=99999999
	[ "$s" -gt "$soft" ] && soft=$s hard=$h
done
log "largest soft limit of a child: $soft (hard $hard)"
if [ "$hard" = unlimited ] || [ "$hard" -ge 20257 ]; then
	[ "$soft" -ge 20257 ] || fail "the checker's soft open file limit is $soft"
else
	[ "$soft" -eq "$hard" ] || fail "the checker's soft open file limit is $soft, not the hard limit $hard"
	ka_logged r1 "may need up to 20257 open files" || fail "no warning about the hard limit"
fi
# the hand-overs were slow enough to matter, but no child was given up on
! ka_logged r1 'left its messages unread' || fail "the parent gave up on a child that was reading (--child-timeout)"
log_result
