#!/usr/bin/env bash
# track_script_init: until a vrrp_script has returned its first result it
# counts neither way, as in keepalived 2.2.7. An instance tracking a weight-0
# script that takes 8 s and then fails (VI_1) waits in INIT - it never
# claims MASTER, even after Master_Down_Interval (3.6 s) - and goes to FAULT
# when the script fails, and so does VI_4, its sync group's other member,
# which has no script of its own (as keepalived 2.2.7). One whose weight-0 script succeeds after 2 s (VI_2)
# goes BACKUP then MASTER and is never in FAULT. With init_fail (VI_3) the
# script starts BAD: FAULT at once, then BACKUP and MASTER once it passed.
# VI_2 also tracks a track_file with init_file 0: the missing file is made
# with 0 at start.
# (Before, a script counted as good until it answered: VI_1 held its VIP
# from 3.6 s to 8 s.)
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1
R1=$(kt_ns r1)
VIP2=$KT_NET.102 VIP3=$KT_NET.103 VIP4=$KT_NET.104
printf '#!/bin/sh\nsleep 8\nexit 1\n' >"$KT_TMP/slow_fail.sh"
printf '#!/bin/sh\nsleep 2\nexit 0\n' >"$KT_TMP/slow_ok.sh"
chmod 755 "$KT_TMP/slow_fail.sh" "$KT_TMP/slow_ok.sh"
KT_GLOBAL="vrrp_script slow_fail {
    script $KT_TMP/slow_fail.sh
    interval 30
    timeout 20
}
vrrp_script slow_ok {
    script $KT_TMP/slow_ok.sh
    interval 30
    timeout 20
}
track_file tfi {
    file $KT_TMP/tfi
    weight 0
    init_file 0
}
vrrp_script slow_if {
    script $KT_TMP/slow_ok.sh
    interval 30
    timeout 20
    init_fail
}" vrrp_conf r1 150 "    track_script {
        slow_fail
    }"
cat >>"$(ka_conf_file r1)" <<CONF
vrrp_instance VI_2 {
    interface eth0
    virtual_router_id 52
    priority 150
    advert_int 1
    track_script {
        slow_ok
    }
    track_file {
        tfi
    }
    virtual_ipaddress {
        $VIP2/32
    }
}
vrrp_sync_group G1 {
    group {
        VI_1
        VI_4
    }
}
vrrp_instance VI_4 {
    interface eth0
    virtual_router_id 54
    priority 150
    advert_int 1
    virtual_ipaddress {
        $VIP4/32
    }
}
vrrp_instance VI_3 {
    interface eth0
    virtual_router_id 53
    priority 150
    advert_int 1
    track_script {
        slow_if
    }
    virtual_ipaddress {
        $VIP3/32
    }
}
CONF

step "start: VI_1 waits in INIT while its script runs, VI_2 starts once its script said OK"
ka_start r1 r1
if ours_only "the log lines of waiting in INIT and of starting in FAULT"; then
	wait_for 20 ka_logged r1 '\(VI_1\) waits in INIT for the first result of a tracked script' ||
		fail "VI_1 did not wait for its script"
	ka_logged r1 '\(VI_4\) waits in INIT' || fail "VI_4 did not wait with its sync group"
	ka_logged r1 '\(VI_3\) starting in FAULT: a tracker is down' || fail "VI_3 (init_fail) did not start in FAULT"
fi
wait_for 20 has_addr "$R1" eth0 "$VIP2" || fail "VI_2 never became MASTER"
[ "$(cat "$KT_TMP/tfi" 2>/dev/null)" = 0 ] || fail "init_file did not create the track file with 0"
wait_for 20 has_addr "$R1" eth0 "$VIP3" || fail "VI_3 never became MASTER once its script passed"
vips_1_4_off() { no_addr "$R1" eth0 "$VIP" && no_addr "$R1" eth0 "$VIP4"; }
holds 3 vips_1_4_off || fail "VI_1 or VI_4 took its VIP before VI_1's script answered"
ka_logged r1 '\((VI_1|VI_4)\) Entering (BACKUP|MASTER)' && fail "VI_1 or VI_4 left INIT before the script answered"

step "VI_1's script fails: FAULT, and it never was MASTER"
# (from the data dump: keepalived 2.2.7 logs no "Entering FAULT STATE" for
# an instance that goes from INIT to FAULT)
vi1_fault() { [ "$(ka_state r1 VI_1)" = FAULT ]; }
wait_for 20 vi1_fault || fail "VI_1 did not enter FAULT"
ka_logged r1 '\((VI_1|VI_4)\) Entering (BACKUP|MASTER)' && fail "VI_1 or VI_4 was BACKUP or MASTER before the script failed"
wait_for 10 test "$(ka_state r1 VI_4)" = FAULT || fail "VI_4 did not follow its sync group to FAULT"
no_addr "$R1" eth0 "$VIP4" || fail "VI_4 holds its VIP in FAULT"
no_addr "$R1" eth0 "$VIP" || fail "VI_1 holds its VIP in FAULT"
ka_logged r1 '\(VI_2\) Entering FAULT' && fail "VI_2 went to FAULT"
[ "$(ka_state r1 VI_2)" = MASTER ] || fail "VI_2 is not MASTER"
log_result
