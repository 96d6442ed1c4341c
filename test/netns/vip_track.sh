#!/usr/bin/env bash
# vip_track: as keepalived 2.2.7 does, a MASTER whose virtual address is
# deleted behind its back sends priority 0, goes BACKUP and, master again,
# puts its addresses back; an address marked no_track is not watched: its
# deletion changes nothing (and it comes back only at the next MASTER).
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1
R1=$(kt_ns r1)
N=$KT_NET
ka_conf r1 <<CONF
vrrp_instance V {
    interface eth0
    virtual_router_id 51
    priority 100
    advert_int 1
    virtual_ipaddress {
        $N.100/24
        $N.101/24 no_track
    }
}
CONF
ka_start r1 r1
wait_for 60 has_addr "$R1" eth0 "$N.101" || fail "r1 never became master"
wait_for 10 has_addr "$R1" eth0 "$N.100" || fail "no $N.100"

step "deleting the no_track address changes nothing"
ip -n "$R1" addr del "$N.101/24" dev eth0
holds 3 ka_entered r1 MASTER 1 || true
[ "$(ka_count r1 "Entering BACKUP STATE")" = 1 ] || fail "r1 left MASTER for a no_track address"
no_addr "$R1" eth0 "$N.101" || fail "the no_track address came back by itself"

step "deleting a tracked address: priority 0, BACKUP, then MASTER with both addresses back"
ip -n "$R1" addr del "$N.100/24" dev eth0
# ours, or keepalived 2.2.7's "Netlink reflector reports IP A removed from eth0"
wait_for 10 ka_logged r1 "$N.100 was removed from eth0: leaving MASTER|reports IP $N.100 removed from eth0" ||
	fail "no log line about the deleted address"
wait_for 10 ka_entered r1 BACKUP 2 || fail "r1 did not go BACKUP"
wait_for 30 ka_entered r1 MASTER 2 || fail "r1 did not become MASTER again"
wait_for 10 has_addr "$R1" eth0 "$N.100" || fail "$N.100 not back"
wait_for 10 has_addr "$R1" eth0 "$N.101" || fail "$N.101 not back"
S=$(ka_dump r1 stats)
[ "$(stats_counter "$S" V "Priority Zero" Sent)" -ge 1 ] || fail "no priority-0 advert sent"
log_result
