#!/usr/bin/env bash
# unicast_dst: a unicast instance hears only the adverts sent to its own
# source address (unicast_src_ip, else the interface's primary address), as
# keepalived 2.2.7, whose unicast socket is bound to that address
# (keepalived.conf(5): "default IP for binding vrrpd is the primary IP on
# interface"). r1 (priority 150) sends to r2's secondary address .12; r2
# (100, no unicast_src_ip: its source is its primary address .2) does not
# hear it and becomes MASTER too. A reload of r1 with r2's primary address
# as its peer ends the split: r2 goes back to BACKUP. (Ours took an advert
# sent to any of its addresses: r2 stayed BACKUP from the start.)
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 r2:2
R1=$(kt_ns r1) R2=$(kt_ns r2)
ip -n "$R2" addr add "$KT_NET.12/24" dev eth0

# uconf NAME PRIO PEER [SRC]
uconf() {
	vrrp_conf "$1" "$2" "${4:+    unicast_src_ip $4}
    unicast_peer {
        $3
    }"
}
uconf r1 150 "$KT_NET.12" "$KT_NET.1"
uconf r2 100 "$KT_NET.1"

step "r1 is master, advertising to r2's secondary address"
ka_start r1 r1
wait_for 30 has_addr "$R1" eth0 "$VIP" || fail "r1 never became master"
ka_start r2 r2
step "r2 (its source is its primary address) does not hear r1: MASTER too"
wait_for 30 has_addr "$R2" eth0 "$VIP" ||
	fail "r2 heard adverts sent to its secondary address (keepalived 2.2.7's socket is bound to the source)"
has_addr "$R1" eth0 "$VIP" || fail "r1 lost the VIP"

step "r1 reloaded with r2's primary address as its peer: r2 back to BACKUP"
uconf r1 150 "$KT_NET.2" "$KT_NET.1"
ka_signal r1 HUP
wait_for 30 no_addr "$R2" eth0 "$VIP" || fail "r2 kept the VIP although r1's adverts now reach it"
has_addr "$R1" eth0 "$VIP" || fail "r1 lost the VIP"
log_result
