#!/usr/bin/env bash
# static_reinstate: a static_ipaddress deleted by someone else is added again
# (keepalived 2.2 does so), IPv4 and IPv6; one with no_track is left
# deleted; a static address is never re-added after the reload that removed
# it. keepalived 2.2.7 passes this test too
# (KEEPALIVED=/usr/sbin/keepalived bash test/netns/static_reinstate.sh).
. "$(dirname "$0")/../lib/netns.sh"
kt_init
lab_lan r1:1
R1=$(kt_ns r1)
ip -n "$R1" link add eth1 type veth peer name peer1
ip -n "$R1" link set eth1 up
ip -n "$R1" link set peer1 up
STATICS="static_ipaddress {
    192.0.2.9/24 dev eth1
    198.51.100.10/24 dev eth1 no_track
    2001:db8::9/64 dev eth1
}"
KT_GLOBAL="$STATICS" vrrp_conf r1 150
ka_start r1 r1
wait_for 30 has_addr "$R1" eth0 "$VIP" || fail "r1 never took the VIP"
for a in 192.0.2.9 198.51.100.10; do
	wait_for 10 has_addr "$R1" eth1 "$a" || fail "static address $a was not installed"
done
wait_for 10 has_addr6 "$R1" eth1 2001:db8::9 || fail "static address 2001:db8::9 was not installed"

step "the data dump lists them as 2.2.7 does (Static Addresses, installed: set)"
D=$(ka_dump r1 data)
grep -q '^------< Static Addresses >------$' "$D" || { cat "$D"; fail "no Static Addresses section"; }
static_listed() { grep -q "^     $1 dev eth1 scope global.* set\$" "$(ka_dump r1 data)"; }
for a in 192.0.2.9/24 198.51.100.10/24 2001:db8::9/64; do
	wait_for 10 static_listed "$a" || { cat "$(ka_dump_file r1 data)"; fail "$a is not listed as set"; }
done

step "deleted by hand: reinstated, except no_track"
ip -n "$R1" addr del 192.0.2.9/24 dev eth1
ip -n "$R1" addr del 198.51.100.10/24 dev eth1
ip -n "$R1" addr del 2001:db8::9/64 dev eth1
wait_for 10 has_addr "$R1" eth1 192.0.2.9 || fail "192.0.2.9 was not reinstated"
wait_for 10 has_addr6 "$R1" eth1 2001:db8::9 || fail "2001:db8::9 was not reinstated"
sleep 2
has_addr "$R1" eth1 198.51.100.10 && fail "198.51.100.10 (no_track) was reinstated"

step "a reload that drops a static address removes it for good"
KT_GLOBAL="static_ipaddress {
    2001:db8::9/64 dev eth1
}" vrrp_conf r1 150
ka_signal r1 HUP
wait_for 20 no_addr "$R1" eth1 192.0.2.9 || fail "the reload did not remove 192.0.2.9"
sleep 2
has_addr "$R1" eth1 192.0.2.9 && fail "192.0.2.9 came back after the reload removed it"
has_addr "$R1" eth0 "$VIP" || fail "r1 lost the VIP"
log_result
