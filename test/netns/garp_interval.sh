#!/usr/bin/env bash
# garp_interval: vrrp_garp_interval and vrrp_gna_interval space the
# gratuitous ARPs and the unsolicited neighbour advertisements a new master
# sends on an interface: captured on a client, consecutive ones are never
# closer than the interval (a lower bound: a busy machine only spaces them
# more), and every one of them is sent (addresses x garp_master_repeat).
# A gratuitous ARP is a request with the target MAC ff:ff:ff:ff:ff:ff, as
# keepalived 2.2.7 sends it.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
require_cmd tcpdump

lab_lan r1:1 c1:10
R1=$(kt_ns r1)
N=$KT_NET
ka_conf r1 <<CONF
global_defs {
    vrrp_garp_interval 0.2
    vrrp_gna_interval 0.3
}
vrrp_instance V {
    interface eth0
    virtual_router_id 51
    priority 100
    advert_int 1
    garp_master_repeat 2
    garp_master_delay 0
    virtual_ipaddress {
        $N.100/24
        $N.101/24
        $N.102/24
    }
    virtual_ipaddress_excluded {
        ${P6}100/64
        ${P6}101/64
    }
}
CONF
MAC1=$(mac_of "$R1" eth0)
capture_start c1 eth0 "$KT_TMP/wire.txt" "ether src $MAC1 and (arp or (icmp6 and ip6[40] == 136))"
ka_start r1 r1
wait_for 60 has_addr6 "$R1" eth0 "${P6}101" || fail "r1 never became master"
# as keepalived 2.2.7: target MAC ff:ff:ff:ff:ff:ff (tcpdump prints it in brackets)
garps() { grep -c "Request who-has $N.10[012] (ff:ff:ff:ff:ff:ff) tell $N.10[012]" "$KT_TMP/wire.txt"; }
nas() { grep -c "neighbor advertisement, length 32, tgt is ${P6}10[01]" "$KT_TMP/wire.txt"; }
# keepalived 2.2.7 spaced by these intervals repeats only the first address
# of each kind (measured: 4 GARPs, 3 NAs), against garp_master_repeat in its
# keepalived.conf(5): with it the spacing is checked, the count is not
if ka_is_ours; then G=6 A=4; else G=4 A=3; fi
enough() { [ "$(garps)" -ge $G ] && [ "$(nas)" -ge $A ]; }
wait_for 20 enough || fail "$(garps) gratuitous ARPs (expected $G), $(nas) neighbour adverts (expected $A)"
sleep 1
if ours_only "every address x garp_master_repeat sent"; then
	[ "$(garps)" = 6 ] || fail "$(garps) gratuitous ARPs, expected 6 (3 addresses x 2)"
	[ "$(nas)" = 4 ] || fail "$(nas) neighbour adverts, expected 4 (2 addresses x 2)"
fi
# the smallest gap between consecutive frames of a kind, in milliseconds
min_gap() {
	grep "$1" "$KT_TMP/wire.txt" | awk '{ split($1, t, ":"); s = t[1] * 3600 + t[2] * 60 + t[3]
		if (NR > 1 && (m == "" || s - p < m)) m = s - p; p = s } END { printf "%d\n", m * 1000 }'
}
g=$(min_gap "Request who-has $N.10")
a=$(min_gap "neighbor advertisement, length 32, tgt is $P6")
log "smallest gaps: GARP $g ms (interval 200), NA $a ms (interval 300)"
[ "$g" -ge 180 ] || fail "two gratuitous ARPs only $g ms apart (vrrp_garp_interval 0.2)"
[ "$a" -ge 270 ] || fail "two neighbour adverts only $a ms apart (vrrp_gna_interval 0.3)"
log_result
