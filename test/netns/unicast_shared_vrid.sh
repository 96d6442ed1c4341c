#!/usr/bin/env bash
# unicast_shared_vrid: two unicast instances with one VRID on one interface
# and no unicast peer in common, as keepalived 2.2.7 runs them: an advert
# goes to the instance whose unicast_peer sent it. r1 has A (peer r2, which
# runs A at priority 50) and B (peer r3, which runs B at 200), both at 100:
# A is MASTER on r1, B is BACKUP on r1 and MASTER on r3 - whichever of A
# and B takes the VRID's packets first. (Passes with keepalived 2.2.7 too.)
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 r2:2 r3:3
R1=$(kt_ns r1) R3=$(kt_ns r3)
VA=$KT_NET.101 VB=$KT_NET.102
# inst NAME PRIO PEER VIP: one unicast instance of VRID 51
inst() {
	cat <<CONF
vrrp_instance $1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority $2
    advert_int 1
    unicast_peer {
        $3
    }
    virtual_ipaddress {
        $4/32
    }
}
CONF
}
{ inst A 100 "$KT_NET.2" "$VA"; inst B 100 "$KT_NET.3" "$VB"; } | ka_conf r1
inst A 50 "$KT_NET.1" "$VA" | ka_conf r2
inst B 200 "$KT_NET.1" "$VB" | ka_conf r3

step "-t accepts the two instances (no peer in common)"
rc=0; ip netns exec "$R1" "$KEEPALIVED" -t -f "$(ka_conf_file r1)" >"$KT_TMP/t.log" 2>&1 || rc=$?
[ $rc = 0 ] || { cat "$KT_TMP/t.log"; fail "-t exits $rc"; }

step "r3 (B at 200) first, then r1 and r2"
ka_start r3 r3
wait_for 30 has_addr "$R3" eth0 "$VB" || fail "r3 never became master of B"
ka_start r2 r2
ka_start r1 r1
wait_for 30 has_addr "$R1" eth0 "$VA" || fail "r1 never became master of A (r2's adverts are at 50)"
sleep 4   # B's down timer would have run out three times
has_addr "$R1" eth0 "$VB" && fail "r1 took B although r3 advertises it at 200"
has_addr "$R3" eth0 "$VB" || fail "r3 lost B"
has_addr "$(kt_ns r2)" eth0 "$VA" && fail "r2 holds A although r1 advertises it at 100"
log_result
