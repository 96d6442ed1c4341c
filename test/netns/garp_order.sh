#!/usr/bin/env bash
# garp_order: the gratuitous ARPs of a new master leave in keepalived
# 2.2.7's order - all garp_master_repeat rounds of one instance back to
# back (a round: each of its VIPs once), then the next instance's, never
# one instance's rounds interleaved with another's. r1 runs three instances
# on eth0 that become master at the same moment (A: two VIPs, B and C: one
# each, garp_master_repeat 3). Captured on a client: 12 GARPs, and the
# sequence is A's rounds (x1 x2 x1 x2 x1 x2), B's (y y y) and C's (z z z) in
# some order of the instances. Passes with keepalived 2.2.7 too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
require_cmd tcpdump

lab_lan r1:1 c1:10
N=$KT_NET
inst() {   # inst NAME VRID HOST...
	local name=$1 vrid=$2
	shift 2
	printf 'vrrp_instance %s {\n    interface eth0\n    virtual_router_id %s\n    priority 100\n' "$name" "$vrid"
	printf '    advert_int 1\n    garp_master_repeat 3\n    garp_master_delay 0\n    virtual_ipaddress {\n'
	for h in "$@"; do printf '        %s.%s/24\n' "$N" "$h"; done
	printf '    }\n}\n'
}
{
	inst A 51 101 102
	inst B 52 111
	inst C 53 121
} | ka_conf r1
capture_start c1 eth0 "$KT_TMP/wire.txt" "arp"
ka_start r1 r1
re=$(echo "Request who-has ${N//./\\.}\\.1[0-9][0-9]( \\([^)]*\\))? tell ${N//./\\.}\\.1[0-9][0-9]")
garps() { grep -Ec "$re" "$KT_TMP/wire.txt"; }
enough() { [ "$(garps)" -ge 12 ]; }
wait_for 60 enough || fail "$(garps) gratuitous ARPs (expected 12)"
sleep 1
[ "$(garps)" = 12 ] || fail "$(garps) gratuitous ARPs, expected 12"
# the targets in wire order, each shortened to its last octet
seq=$(grep -E "$re" "$KT_TMP/wire.txt" | sed -E 's/.*who-has [0-9.]+\.([0-9]+).*/\1/' | tr '\n' ' ')
log "GARP targets in order: $seq"
a="101 102 101 102 101 102 " b="111 111 111 " c="121 121 121 "
case "$seq" in
"$a$b$c" | "$a$c$b" | "$b$a$c" | "$b$c$a" | "$c$a$b" | "$c$b$a") ;;
*) fail "GARPs not in rounds per instance: $seq" ;;
esac
log_result
