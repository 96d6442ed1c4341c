#!/usr/bin/env bash
# track_group (keepalived 2.2): the instances of a track group track the
# interface of each static item naming the group - its link down puts them
# in FAULT (VIP removed), up again brings them back; an instance outside
# the group is not affected. Also: a static route naming the group tracks
# its `dev`. keepalived 2.2.7 passes this test too
# (KEEPALIVED=/usr/sbin/keepalived bash test/netns/track_group.sh).
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1
R1=$(kt_ns r1)
# eth1/eth2: veth pairs inside r1 whose link state the test controls
for i in 1 2; do
	ip -n "$R1" link add "eth$i" type veth peer name "peer$i"
	ip -n "$R1" link set "eth$i" up
	ip -n "$R1" link set "peer$i" up
done
VIP2="$KT_NET.101"
ka_conf r1 <<EOF
track_group G1 {
    group {
        VI_1
    }
}
static_ipaddress {
    192.0.2.9/24 dev eth1 track_group G1
}
static_routes {
    198.51.100.0/24 via 203.0.113.1 dev eth2 onlink track_group G1
}
$(KT_STATE=MASTER vrrp_block VI_1 51 150)
vrrp_instance VI_2 {
    state MASTER
    interface eth0
    virtual_router_id 52
    priority 150
    advert_int 1
    virtual_ipaddress {
        $VIP2/32
    }
}
EOF
if [ -x /usr/sbin/keepalived ]; then
	/usr/sbin/keepalived -t -f "$(ka_conf_file r1)" >"$KT_TMP/classic-t.log" 2>&1 ||
		log "note: keepalived 2.2.7 -t exited $? ($(grep -ci 'track' "$KT_TMP/classic-t.log") track lines)"
	grep -qi "track_group .* not found\|unknown keyword 'track_group'" "$KT_TMP/classic-t.log" &&
		fail "keepalived 2.2.7 does not read this track_group file as we do: $(cat "$KT_TMP/classic-t.log")"
fi
ka_start r1 r1
wait_for 30 has_addr "$R1" eth0 "$VIP" || fail "VI_1 never took its VIP"
wait_for 30 has_addr "$R1" eth0 "$VIP2" || fail "VI_2 never took its VIP"
has_addr "$R1" eth1 192.0.2.9 || fail "the static address is not on eth1"

step "eth1 (static address of G1) down: VI_1 goes FAULT, VI_2 stays MASTER"
ip -n "$R1" link set eth1 down
wait_for 20 ka_logged r1 'VI_1.*Entering FAULT STATE' || fail "VI_1 did not enter FAULT"
wait_for 20 no_addr "$R1" eth0 "$VIP" || fail "VI_1 kept its VIP in FAULT"
has_addr "$R1" eth0 "$VIP2" || fail "VI_2 (not in G1) lost its VIP"
ka_logged r1 'VI_2.*Entering FAULT STATE' && fail "VI_2 (not in G1) went FAULT"

step "eth1 up: VI_1 back to MASTER"
ip -n "$R1" link set eth1 up
wait_for 30 has_addr "$R1" eth0 "$VIP" || fail "VI_1 did not come back after eth1 came up"

step "eth2 (the static route's dev) down: VI_1 goes FAULT again"
faults() { [ "$(ka_count r1 'VI_1.*Entering FAULT STATE')" -gt "$1" ]; }
n=$(ka_count r1 'VI_1.*Entering FAULT STATE')
ip -n "$R1" link set eth2 down
wait_for 20 faults "$n" || fail "eth2 down did not put VI_1 in FAULT"
wait_for 20 no_addr "$R1" eth0 "$VIP" || fail "VI_1 kept its VIP with eth2 down"
ip -n "$R1" link set eth2 up
wait_for 30 has_addr "$R1" eth0 "$VIP" || fail "VI_1 did not come back after eth2 came up"
log_result
