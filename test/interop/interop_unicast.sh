#!/usr/bin/env bash
# interop_unicast: Debian's keepalived 2.2.7 and ours share one VRID over
# unicast (unicast_src_ip + unicast_peer, VRRPv2, with check_unicast_src).
# Each wins with the higher priority and fails over to the other, both ways;
# the adverts of both travel to the peer's address, never to 224.0.0.18.
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/interop.sh"
kt_init
[ -x "$DEB_KEEPALIVED" ] || skip "Debian keepalived not installed ($DEB_KEEPALIVED)"

# deb runs in rd ($KT_NET.1), ours in rn ($KT_NET.2).
interop_extra() {
	local me=1 peer=2
	[ "$1" = ng ] && { me=2; peer=1; }
	printf '    unicast_src_ip %s\n    check_unicast_src\n    unicast_peer {\n        %s\n    }\n' \
		"$KT_NET.$me" "$KT_NET.$peer"
}

# wire_is_unicast SHORT: 3 s of capture in SHORT show adverts between
# .1 and .2 in both directions' sense of "to the peer" and none to the group.
wire_is_unicast() {
	local cap=$KT_TMP/$1.cap
	listen_start "$1" eth0 "$cap" 3
	sleep 3.5
	grep -Eq "dst=$KT_NET.[12] .*vrid=51" "$cap" || { cat "$cap"; fail "no unicast advert seen in $1"; }
	grep -q "dst=224.0.0.18" "$cap" && { cat "$cap"; fail "an advert went to 224.0.0.18"; }
	return 0
}

lab_lan rd:1 rn:2 c1:10
KT_INSTANCE="VI_$KT_ID"

step "unicast: Debian keepalived prio 150, ours prio 100 -> Debian's is master"
start_pair 150 100 2
owns deb ng
wire_is_unicast rn
grep -Eq "src=$KT_NET.1 dst=$KT_NET.2 .*prio=150" "$KT_TMP/rn.cap" || fail "no advert from Debian's to ours"

step "stop Debian's: ours takes over"
ka_stop deb
wait_for 60 has_addr "$(kt_ns rn)" eth0 "$VIP" || fail "ours did not take over from Debian's keepalived"

step "swap: ours prio 150, Debian's prio 100 -> ours is master"
ka_stop ng
start_pair 100 150 2
owns ng deb
rm -f "$KT_TMP/rd.cap"
wire_is_unicast rd
grep -Eq "src=$KT_NET.2 dst=$KT_NET.1 .*prio=150" "$KT_TMP/rd.cap" || fail "no advert from ours to Debian's"

step "stop ours: Debian's takes over"
ka_stop ng
wait_for 60 has_addr "$(kt_ns rd)" eth0 "$VIP" || fail "Debian's keepalived did not take over from ours"
log_result
