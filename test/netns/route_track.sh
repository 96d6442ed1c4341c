#!/usr/bin/env bash
# route_track: routes and rules deleted behind keepalived's back, as
# keepalived 2.2 tracks them: a deleted static route or rule is added again;
# a deleted virtual route or rule makes its MASTER leave MASTER (then, alone
# on the link, it becomes MASTER again and puts it back); no_track lines are
# left alone, and so are routes without dev (keepalived 2.2.7: "cannot
# track route ... with no interface specified"). keepalived 2.2.7 passes this test too
# (KEEPALIVED=/usr/sbin/keepalived bash test/netns/route_track.sh).
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1
R1=$(kt_ns r1)
GW="$KT_NET.9"
KT_STATE=MASTER KT_GLOBAL="static_routes {
    203.0.113.0/24 via $GW dev eth0
    203.0.114.0/24 via $GW dev eth0 no_track
    203.0.115.0/24 via $GW
}
static_rules {
    from 192.0.2.1 table 100 priority 100
}" vrrp_conf r1 150 "    virtual_routes {
        198.51.100.0/24 via $GW dev eth0
        198.51.101.0/24 via $GW dev eth0 no_track
        198.51.102.0/24 via $GW
    }
    virtual_rules {
        from 192.0.2.2 table 101 priority 101
    }"
ka_start r1 r1
wait_for 30 has_addr "$R1" eth0 "$VIP" || fail "r1 never became MASTER"
has_route() { ip -n "$R1" route show "$1" | grep -q "via $GW"; }
has_rule() { ip -n "$R1" rule show | grep -q "^$1:.*lookup $2"; }
wait_for 10 has_route 198.51.100.0/24 || fail "the virtual route is not installed"
has_route 203.0.113.0/24 || fail "the static route is not installed"
has_rule 100 100 || fail "the static rule is not installed"
has_rule 101 101 || fail "the virtual rule is not installed"
masters() { ka_count r1 'Entering MASTER STATE'; }

step "static route and rule deleted: reinstated; no_track: left deleted"
ip -n "$R1" route del 203.0.113.0/24
ip -n "$R1" route del 203.0.114.0/24
ip -n "$R1" route del 203.0.115.0/24
ip -n "$R1" rule del priority 100
wait_for 10 has_route 203.0.113.0/24 || fail "the static route was not reinstated"
wait_for 10 has_rule 100 100 || fail "the static rule was not reinstated"
sleep 2
has_route 203.0.114.0/24 && fail "the no_track static route was reinstated"
has_route 203.0.115.0/24 && fail "the static route without dev (not tracked) was reinstated"
[ "$(masters)" = 1 ] || fail "static deletions changed the VRRP state"

step "virtual route deleted: r1 leaves MASTER, comes back and reinstalls it"
ip -n "$R1" route del 198.51.100.0/24
wait_for 20 ka_logged r1 'Entering BACKUP STATE' || fail "deleting the virtual route did not make r1 leave MASTER"
back() { [ "$(masters)" -ge 2 ] && has_route 198.51.100.0/24; }
wait_for 30 back || fail "r1 did not come back as MASTER with its route"

step "virtual no_track route deleted: nothing happens"
n=$(ka_count r1 'Entering BACKUP STATE')
ip -n "$R1" route del 198.51.101.0/24
ip -n "$R1" route del 198.51.102.0/24
sleep 3
[ "$(ka_count r1 'Entering BACKUP STATE')" = "$n" ] || fail "a no_track (or dev-less) virtual route made r1 leave MASTER"

step "virtual rule deleted: r1 leaves MASTER again"
ip -n "$R1" rule del priority 101
left() { [ "$(ka_count r1 'Entering BACKUP STATE')" -gt "$n" ]; }
wait_for 20 left || fail "deleting the virtual rule did not make r1 leave MASTER"
wait_for 30 has_rule 101 101 || fail "the virtual rule did not come back with MASTER"
log_result
