#!/usr/bin/env bash
# master_default: as keepalived 2.2.7 does, an instance with `state MASTER`
# and no `priority` has priority 255 (the address owner), even when the VIP
# is not one of its own addresses. r2 (state BACKUP, priority 254) is master
# alone; r1 (state MASTER, no priority) starts: its adverts say priority 255
# (captured on the wire), it takes the VIP and r2 goes back to BACKUP. A
# `state BACKUP` instance without priority has 100 (r3 against r2: r2 stays
# master). r1 also tracks a track_file with its default weight 1: for an
# address owner keepalived 2.2.7 makes that weight 0 (a warning), so a
# non-zero value puts r1 in FAULT (r2 takes the VIP) instead of changing a
# priority nothing changes; in FAULT the owner removes its VIP. Passes with keepalived 2.2.7 as KEEPALIVED too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 r2:2 c1:10

nopri_conf() {
	ka_conf "$1" <<CONF
${3:-}
vrrp_instance VI_1 {
    state $2
    interface eth0
    virtual_router_id 51
    advert_int 1
    ${4:-}
    virtual_ipaddress {
        $VIP/32
    }
}
CONF
}

vrrp_conf r2 254
ka_start r2 r2
wait_for 60 has_addr "$(kt_ns r2)" eth0 "$VIP" || fail "r2 alone never got the VIP"

step "r1: state MASTER without priority -> 255, takes over from r2 (254)"
listen_start c1 eth0 "$KT_TMP/c1.cap" 20
TF=$KT_TMP/tf
echo 0 >"$TF"
nopri_conf r1 MASTER "track_file tf {
    file $TF
}" "track_file {
        tf
    }"
ka_start r1 r1
wait_for 30 has_addr "$(kt_ns r1)" eth0 "$VIP" || fail "r1 (state MASTER, no priority) never got the VIP"
wait_for 30 no_addr "$(kt_ns r2)" eth0 "$VIP" || fail "r2 (254) kept the VIP against state MASTER without priority"
wait_for 15 grep -Eq "src=${KT_NET//./\\.}\\.1 .*prio=255" "$KT_TMP/c1.cap" ||
	{ cat "$KT_TMP/c1.cap"; fail "no advert of priority 255 from r1"; }
grep -Eq "src=${KT_NET//./\\.}\\.1 .*prio=(100|[1-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-4]) " "$KT_TMP/c1.cap" &&
	{ cat "$KT_TMP/c1.cap"; fail "r1 advertised a priority other than 255"; }
holds 3 no_addr "$(kt_ns r2)" eth0 "$VIP" || fail "r2 took the VIP back"

step "the owner's track_file (default weight 1, made 0): a non-zero value is a FAULT"
echo 1 >"$TF.new" && mv "$TF.new" "$TF"
wait_for 30 ka_entered r1 FAULT || fail "r1 did not enter FAULT when its track_file said 1"
wait_for 30 has_addr "$(kt_ns r2)" eth0 "$VIP" || fail "r2 did not take the VIP when r1's track_file said 1"
wait_for 10 no_addr "$(kt_ns r1)" eth0 "$VIP" || fail "r1 (address owner) kept the VIP in FAULT (keepalived 2.2.7 removes it)"
echo 0 >"$TF.new" && mv "$TF.new" "$TF"
wait_for 30 no_addr "$(kt_ns r2)" eth0 "$VIP" || fail "r2 kept the VIP when r1's track_file said 0 again"
wait_for 10 has_addr "$(kt_ns r1)" eth0 "$VIP" || fail "r1 has no VIP when its track_file said 0 again"

step "state BACKUP without priority is 100: r2 (254) stays master against it"
ka_stop r1
wait_for 30 has_addr "$(kt_ns r2)" eth0 "$VIP" || fail "r2 did not take the VIP back when r1 stopped"
nopri_conf r1 BACKUP
ka_start r1 r1
wait_for 30 ka_entered r1 BACKUP || fail "r1 (state BACKUP, no priority) never entered BACKUP"
holds 5 no_addr "$(kt_ns r1)" eth0 "$VIP" || fail "r1 (priority 100) took the VIP from r2 (254)"
log_result
