#!/usr/bin/env bash
# no_ipv4_fault: as keepalived 2.2.7 does, an IPv4 instance on an interface
# without an IPv4 address (none to send adverts from, no mcast_src_ip) is
# in FAULT: it does not take the VIP (before, ours became MASTER with the
# VIP while sending no advert - a second master next to any peer). Once an
# address is added it leaves FAULT and becomes master. Passes with
# keepalived 2.2.7 as KEEPALIVED too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1
R1=$(kt_ns r1)
ip -n "$R1" addr flush dev eth0
vrrp_conf r1 100
ka_start r1 r1
wait_for 30 ka_logged r1 "FAULT" || fail "no FAULT logged"
holds 6 no_addr "$R1" eth0 "$VIP" || fail "the instance took the VIP without an IPv4 address on eth0"

step "an address on eth0: the instance leaves FAULT and becomes master"
ip -n "$R1" addr add "$KT_NET.1/24" dev eth0
wait_for 30 has_addr "$R1" eth0 "$VIP" || fail "no VIP after an IPv4 address was added"
log_result
