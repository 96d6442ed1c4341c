#!/usr/bin/env bash
# reload_diff: a reload changes only what changed - it never flaps what did not.
#  1. SIGHUP with the same file: r1 stays MASTER, logs no transition, and the
#     VIP stays on it the whole time.
#  2. SIGHUP adding a second VIP to VI_1 and a new instance VI_2: the new VIP
#     appears on the master at once, VI_2 starts and becomes MASTER (nobody
#     else has it), and VI_1 makes no transition.
#  3. SIGHUP removing VI_2 and the second VIP: both addresses go, VI_1 is
#     still untouched.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
[ "$KT_FLAVOUR" = ng ] || skip "the never-flap reload is keepalived-ng's promise"

lab_lan r1:1 r2:2
R1=$(kt_ns r1)
VIP2=$KT_NET.101
VIP3=$KT_NET.102

# r1_conf [EXTRA_VIP [WITH_VI_2]]
r1_conf() {
	{
		cat <<CONF
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority 150
    advert_int 1
    virtual_ipaddress {
        $VIP/32
        ${1:+$1/32}
    }
}
CONF
		[ -z "${2:-}" ] || cat <<CONF
vrrp_instance VI_2 {
    interface eth0
    virtual_router_id 52
    priority 100
    advert_int 1
    virtual_ipaddress {
        $VIP3/32
    }
}
CONF
	} | ka_conf r1
}

vi1_transitions() { grep -c '(VI_1) Entering' "$(ka_log r1)"; }

r1_conf
vrrp_conf r2 100
ka_start r1 r1
ka_start r2 r2
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "r1 never got the VIP"
wait_for 30 ka_entered r2 BACKUP || fail "r2 never entered BACKUP"
# count once "Entering MASTER STATE" is logged (wait for the state, not the address)
wait_for 30 ka_entered r1 MASTER || fail "r1 never logged MASTER"
BEFORE=$(vi1_transitions)

step "SIGHUP with an unchanged file: nothing moves"
ka_signal r1 HUP
holds 4 has_addr "$R1" eth0 "$VIP" || fail "the VIP left r1 during an unchanged reload"
[ "$(vi1_transitions)" = "$BEFORE" ] || fail "VI_1 made a transition on an unchanged reload"
[ "$(ka_state r1 VI_1)" = MASTER ] || fail "r1 is no longer MASTER"

step "SIGHUP adding VIP $VIP2 to VI_1 and a new instance VI_2"
r1_conf "$VIP2" yes
ka_signal r1 HUP
wait_for 20 has_addr "$R1" eth0 "$VIP2" || fail "the added VIP $VIP2 did not appear on the master"
# the state first (the log line), then its address
wait_for 30 ka_logged r1 '\(VI_2\) Entering MASTER STATE' || fail "VI_2 did not become MASTER"
wait_for 10 has_addr "$R1" eth0 "$VIP3" || fail "the new instance VI_2 did not take its VIP"
has_addr "$R1" eth0 "$VIP" || fail "the first VIP left r1"
[ "$(vi1_transitions)" = "$BEFORE" ] || fail "VI_1 made a transition when VI_2 was added"

step "SIGHUP removing VI_2 and the second VIP"
r1_conf
ka_signal r1 HUP
wait_for 20 no_addr "$R1" eth0 "$VIP2" || fail "the removed VIP $VIP2 stayed"
wait_for 20 no_addr "$R1" eth0 "$VIP3" || fail "the removed instance's VIP $VIP3 stayed"
holds 3 has_addr "$R1" eth0 "$VIP" || fail "the first VIP left r1"
[ "$(vi1_transitions)" = "$BEFORE" ] || fail "VI_1 made a transition when VI_2 was removed"
log_result
