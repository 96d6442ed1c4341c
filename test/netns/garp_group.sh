#!/usr/bin/env bash
# garp_group: a garp_group { garp_interval; interfaces { eth0 eth1 } } spaces
# the gratuitous ARPs of both interfaces together (keepalived 2.2), with no
# global vrrp_garp_interval. r1 has eth0 and eth1 on the LAN, an instance
# on each (3 VIPs, one GARP each); both become master at the same moment.
# Captured on a client: all 6 GARPs arrive, consecutive ones - whichever
# interface they leave - never closer than the group's 0.25 s (a lower
# bound: a busy machine only spaces them more). An instance on eth2 (in no
# group) sends its GARPs back to back. Passes with keepalived 2.2.7 too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
require_cmd tcpdump

lab_lan r1:1 c1:10
R1=$(kt_ns r1) SW=$(kt_ns sw)
N=$KT_NET
for i in 1 2; do
	ip -n "$SW" link add "r1e$i" type veth peer name "eth$i" netns "$R1" || fail "cannot add eth$i"
	ip -n "$SW" link set "r1e$i" master br0 up
	ip -n "$R1" addr add "$KT_NET.$((1 + i * 100 + 20))/24" dev "eth$i"   # keepalived: FAULT without one
	ip -n "$R1" link set "eth$i" up
done
inst() {   # inst NAME IF VRID FIRST-HOST
	printf 'vrrp_instance %s {\n    interface %s\n    virtual_router_id %s\n    priority 100\n' "$1" "$2" "$3"
	printf '    advert_int 1\n    garp_master_repeat 1\n    garp_master_delay 0\n    virtual_ipaddress {\n'
	for h in $4 $(($4 + 1)) $(($4 + 2)); do printf '        %s.%s/24\n' "$N" "$h"; done
	printf '    }\n}\n'
}
{
	printf 'garp_group {\n    garp_interval 0.25\n    interfaces {\n        eth0\n        eth1\n    }\n}\n'
	inst A eth0 51 100
	inst B eth1 52 110
	inst C eth2 53 120
} | ka_conf r1
capture_start c1 eth0 "$KT_TMP/wire.txt" "arp"
ka_start r1 r1
# a GARP: "Request who-has A tell A" (keepalived adds the target MAC in brackets)
garp_re() { echo "Request who-has ${N//./\\.}\\.1[$1][0-9]( \\([^)]*\\))? tell ${N//./\\.}\\.1[$1][0-9]"; }
garps() { grep -Ec "$(garp_re "$1")" "$KT_TMP/wire.txt"; }
enough() { [ "$(garps 01)" -ge 6 ] && [ "$(garps 2)" -ge 3 ]; }
wait_for 60 enough || fail "$(garps 01) gratuitous ARPs from eth0/eth1 (expected 6), $(garps 2) from eth2 (3)"
sleep 1
[ "$(garps 01)" = 6 ] || fail "$(garps 01) gratuitous ARPs from eth0/eth1, expected 6"
# the smallest gap between consecutive GARPs for $N.1[$1]x, in milliseconds
min_gap() {
	grep -E "$(garp_re "$1")" "$KT_TMP/wire.txt" | awk '{ split($1, t, ":"); s = t[1] * 3600 + t[2] * 60 + t[3]
		if (NR > 1 && (m == "" || s - p < m)) m = s - p; p = s } END { printf "%d\n", m * 1000 }'
}
g=$(min_gap 01) u=$(min_gap 2)
log "smallest gaps: eth0+eth1 (garp_group 0.25 s) $g ms, eth2 (no group) $u ms"
[ "$g" -ge 225 ] || { cat "$KT_TMP/wire.txt"; fail "two GARPs of the group only $g ms apart (garp_interval 0.25)"; }
[ "$u" -lt 200 ] || fail "eth2 is in no group, but its GARPs were $u ms apart"
log_result
