#!/usr/bin/env bash
# implicit_track: as keepalived 2.2.7, an instance tracks the interfaces of
# its own lines without a track_interface block - the `dev` of a VIP or
# excluded VIP on another interface, the `dev` of a virtual route, the
# `iif` of a virtual rule: that link down means FAULT; no_track lines do
# not count. keepalived 2.2.7 passes this test too
# (KEEPALIVED=/usr/sbin/keepalived bash test/netns/implicit_track.sh).
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1
R1=$(kt_ns r1)
for i in 1 2 3 4; do
	ip -n "$R1" link add "eth$i" type veth peer name "peer$i"
	ip -n "$R1" link set "eth$i" up
	ip -n "$R1" link set "peer$i" up
done
KT_STATE=MASTER vrrp_conf r1 150 "    virtual_ipaddress_excluded {
        192.0.2.50/32 dev eth1
        192.0.2.51/32 dev eth2 no_track
    }
    virtual_routes {
        198.51.100.0/24 dev eth3
        198.51.101.0/24 dev eth2 no_track
    }
    virtual_rules {
        from 192.0.2.60 iif eth4 table 100 priority 100
    }"
ka_start r1 r1
wait_for 30 has_addr "$R1" eth0 "$VIP" || fail "r1 never became MASTER"
faults() { ka_count r1 'Entering FAULT STATE'; }
masters() { ka_count r1 'Entering MASTER STATE'; }

# flap IF EXPECT: IF down; EXPECT=fault: a FAULT follows, else none; then
# IF up and (after a fault) MASTER again
flap() {
	local f m; f=$(faults); m=$(masters)
	ip -n "$R1" link set "$1" down
	if [ "$2" = fault ]; then
		more_faults() { [ "$(faults)" -gt "$f" ]; }
		wait_for 20 more_faults || fail "$1 down did not put r1 in FAULT"
		wait_for 20 no_addr "$R1" eth0 "$VIP" || fail "r1 kept the VIP in FAULT ($1 down)"
	else
		sleep 3
		[ "$(faults)" = "$f" ] || fail "$1 down put r1 in FAULT (it is no_track)"
	fi
	ip -n "$R1" link set "$1" up
	if [ "$2" = fault ]; then
		more_masters() { [ "$(masters)" -gt "$m" ]; }
		wait_for 30 more_masters || fail "r1 did not become MASTER again after $1 came up"
	fi
	has_addr "$R1" eth0 "$VIP" || wait_for 20 has_addr "$R1" eth0 "$VIP" || fail "r1 lost the VIP after $1"
}

step "eth1 (an excluded VIP's dev) down: FAULT"
flap eth1 fault
step "eth2 (only no_track lines) down: nothing"
flap eth2 none
step "eth3 (a virtual route's dev) down: FAULT"
flap eth3 fault
step "eth4 (a virtual rule's iif) down: FAULT"
flap eth4 fault
log_result
