#!/usr/bin/env bash
# promote_secondaries: as keepalived 2.2.7 does, the instance sets
# net.ipv4.conf.eth0.promote_secondaries to 1 when it starts and puts the
# old value (0) back when it stops. Its effect: of two VIPs in one /24 that
# eth0 has no other address in, deleting the first (primary) by hand
# leaves the second in place (promoted) instead of deleting it too. The
# first is no_track so that the instance itself does not react. Passes with
# keepalived 2.2.7 as KEEPALIVED too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1
R1=$(kt_ns r1)
S=/proc/sys/net/ipv4/conf/eth0/promote_secondaries
P=192.168.$(( $$ % 200 + 20 ))
promote() { ip netns exec "$R1" cat "$S"; }
[ "$(promote)" = 0 ] || fail "promote_secondaries is $(promote) before the start"
vrrp_conf r1 100 "    promote_secondaries"
sed -i "s|        $VIP/32|        $P.100/24 no_track\n        $P.101/24|" "$(ka_conf_file r1)"
ka_start r1 r1
wait_for 60 has_addr "$R1" eth0 "$P.101" || fail "r1 never became master"
[ "$(promote)" = 1 ] || fail "promote_secondaries is $(promote) while running"

step "deleting the primary VIP $P.100 by hand leaves $P.101"
ip -n "$R1" addr del "$P.100/24" dev eth0 || fail "cannot delete $P.100"
holds 2 has_addr "$R1" eth0 "$P.101" || fail "$P.101 went with $P.100 (not promoted)"

step "stop: the old value is back"
ka_stop r1
[ "$(promote)" = 0 ] || fail "promote_secondaries is $(promote) after the stop"
log_result
