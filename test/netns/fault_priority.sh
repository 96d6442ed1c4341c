#!/usr/bin/env bash
# fault_priority: an instance in FAULT (its interface has no IPv4 address)
# still follows its weighted trackers: keepalived 2.2.7 runs the
# vrrp_script (weight +20) and its effective priority is 120 while in
# FAULT ("Changing effective priority from 100 to 120", its dump); ours
# kept 100 until the instance left FAULT. Then the interface gets an
# address: the instance leaves FAULT with 120. Found by
# tools/conf_compare.py --run on a real-world template (its VIP left as
# "floating_ip"). Passes with keepalived 2.2.7 as KEEPALIVED too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1
R1=$(kt_ns r1)
ip -n "$R1" link add eth1 type veth peer name peth1 || fail "cannot make eth1"
ip -n "$R1" link set eth1 up
ip -n "$R1" link set peth1 up
S=$(kt_script_dir) || fail "cannot make the scripts directory"
ka_conf r1 <<CONF
global_defs {
    enable_script_security
    script_user root
}
vrrp_script chk {
    script $S/ok.sh
    interval 1
    weight 20
}
vrrp_instance VI_1 {
    state BACKUP
    interface eth1
    virtual_router_id 51
    priority 100
    advert_int 1
    track_script {
        chk
    }
    virtual_ipaddress {
        10.201.0.100/24
    }
}
CONF
ka_start r1 r1

# both log it ("Entering FAULT STATE" / "entering FAULT state"); a USR1
# before the VRRP child runs would find no handler yet
wait_for 30 ka_logged r1 "[Ee]ntering FAULT (STATE|state)" || fail "VI_1 never entered FAULT without an address on eth1"
prio_is() { [ "$(dump_field "$(ka_dump r1 data)" VI_1 "Effective priority")" = "$1" ]; }
state_is() { [ "$(dump_field "$(ka_dump r1 data)" VI_1 State)" = "$1" ]; }
wait_for 20 state_is FAULT || fail "VI_1 is not in FAULT without an address on eth1"
wait_for 10 prio_is 120 || { cat "$(ka_dump_file r1 data)"; fail "effective priority in FAULT is not 120 (the script's +20)"; }
log "FAULT, effective priority 120"

step "eth1 gets an address: VI_1 leaves FAULT with priority 120"
ip -n "$R1" addr add 10.201.0.1/24 dev eth1
wait_for 30 state_is MASTER || wait_for 30 state_is BACKUP || fail "VI_1 never left FAULT"
prio_is 120 || fail "effective priority $(dump_field "$(ka_dump r1 data)" VI_1 "Effective priority") after FAULT"
log_result
