#!/usr/bin/env bash
# interop_mcast_dst: mcast_dst_ip (keepalived 2.2) - an instance's own
# multicast group. Debian's keepalived 2.2.7 (priority 150) and ours (100)
# both use 224.0.0.19: the adverts on the wire go to 224.0.0.19 and none to
# 224.0.0.18, ours follows Debian's as BACKUP (it hears the group), and
# takes over when Debian's stops. Then ours (150) is master and its adverts
# go to 224.0.0.19 too; Debian's stays BACKUP.
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/interop.sh"
kt_init
[ -x "$DEB_KEEPALIVED" ] || skip "Debian keepalived not installed ($DEB_KEEPALIVED)"
interop_extra() { echo "    mcast_dst_ip 224.0.0.19"; }

# to_group SHORT SRC: 3 s of adverts seen in SHORT come from SRC to
# 224.0.0.19, none to 224.0.0.18.
to_group() {
	local cap=$KT_TMP/$1.cap
	rm -f "$cap"
	listen_start "$1" eth0 "$cap" 3
	sleep 3.5
	grep -Eq "src=${2//./\\.} dst=224\.0\.0\.19 .*vrid=51" "$cap" || { cat "$cap"; fail "no advert from $2 to 224.0.0.19"; }
	grep -q "dst=224.0.0.18" "$cap" && { cat "$cap"; fail "an advert went to 224.0.0.18"; }
	return 0
}

lab_lan rd:1 rn:2 c1:10
KT_INSTANCE="VI_$KT_ID"

step "Debian's keepalived prio 150, ours 100, both on 224.0.0.19: Debian's is master"
start_pair 150 100 2
owns deb ng
to_group c1 "$KT_NET.1"

step "stop Debian's: ours takes over"
ka_stop deb
wait_for 60 has_addr "$(kt_ns rn)" eth0 "$VIP" || fail "ours did not take over"

step "ours prio 150, Debian's 100: ours is master, its adverts go to 224.0.0.19"
ka_stop ng
start_pair 100 150 2
owns ng deb
to_group c1 "$KT_NET.2"
log_result
