#!/usr/bin/env bash
# vrrp_knobs: four knobs of issue 7 on one router, each observed on the wire
# or in the addresses.
#  * vrrp_startup_delay 3: r1's first advert leaves at least 3 s + its
#    Master_Down_Timer (3.4 s) after the daemon started (without the delay
#    it would be ~3.4 s);
#  * dynamic_interfaces: VI_3's interface late0 does not exist at start (no
#    warning, VI_3 in FAULT); once late0 appears VI_3 becomes master and
#    puts its VIP on it;
#  * lower_prio_no_advert: while c1 sends lower-priority adverts 5 times a
#    second, VI_1 answers each with an advert of its own, VI_2 (with the
#    knob) keeps its 1 s rhythm;
#  * vrrp_track_file: writing 1 to the file (weight -60) drops r1 to 90 and
#    r2 (100) takes the VIP; 0 gives it back; a non-zero value in a weight-0
#    track file is a FAULT (VIP released), 0 again ends it. The files are
#    root's (0600 in a 0700 directory: the parent watches and reads them for
#    the VRRP child), and the 0 that gives the VIP back replaces the file by
#    rename;
#  * disable_local_igmp: net.ipv4.igmp_link_local_mcast_reports is 0 in
#    r1's namespace while it runs and 1 again once it stopped (r2's stays 1).
. "$(dirname "$0")/../lib/netns.sh"
kt_init
require_cmd tcpdump

lab_lan r1:1 r2:2 c1:10
R1=$(kt_ns r1) R2=$(kt_ns r2) C1=$(kt_ns c1)
VIP2=$KT_NET.102 VIP3=192.0.2.100
mkdir -m 700 "$KT_TMP/tf.d"
TF=$KT_TMP/tf.d/prio TF0=$KT_TMP/tf.d/fault
echo 0 >"$TF"
echo 0 >"$TF0"
chmod 600 "$TF" "$TF0"

ka_conf r1 <<CONF
global_defs {
    vrrp_startup_delay 3
    dynamic_interfaces
    disable_local_igmp
}
vrrp_track_file tf {
    file $TF
    weight -60
}
vrrp_track_file tf0 {
    file $TF0
    weight 0
}
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    priority 150
    advert_int 1
    track_file {
        tf
        tf0
    }
    virtual_ipaddress {
        $VIP/32
    }
}
vrrp_instance VI_2 {
    interface eth0
    virtual_router_id 52
    priority 150
    advert_int 1
    lower_prio_no_advert
    virtual_ipaddress {
        $VIP2/32
    }
}
vrrp_instance VI_3 {
    interface late0
    virtual_router_id 53
    priority 100
    advert_int 1
    virtual_ipaddress {
        $VIP3/32
    }
}
CONF
vrrp_conf r2 100

step "vrrp_startup_delay 3: r1's first advert comes after delay + Master_Down_Timer"
capture_start c1 eth0 "$KT_TMP/wire.txt" -tt 'proto 112'
T0=$(date +%s.%N)
ka_start r1 r1
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "r1 never got the VIP"
# as keepalived 2.2.7 says it: "Delaying startup for 3 seconds"
ka_logged r1 'Delaying startup for 3 seconds' || fail "no startup delay log line"
# tcpdump may write the advert a moment after the VIP appeared: wait for it
first_advert() { awk -v src="$KT_NET.1" '$0 ~ src " > 224.0.0.18" && /vrid 51,/ { print t; exit } { t = $1 }' "$KT_TMP/wire.txt"; }
has_first_advert() { [ -n "$(first_advert)" ]; }
wait_for 10 has_first_advert || { cat "$KT_TMP/wire.txt"; fail "no advert from r1 captured"; }
first=$(first_advert)
gap=$(awk -v a="$first" -v b="$T0" 'BEGIN { printf "%.2f", a - b }')
log "first advert of VI_1 $gap s after start"
awk -v g="$gap" 'BEGIN { exit !(g >= 6.0) }' || fail "VI_1's first advert came $gap s after start (< 3 + 3.4 s)"

step "dynamic_interfaces: VI_3 waits in FAULT for late0, then comes up on it"
ka_logged r1 'does not exist' && fail "a missing-interface warning despite dynamic_interfaces"
[ "$(ka_state r1 VI_3)" = FAULT ] || fail "VI_3 is not in FAULT while late0 is missing"
ip -n "$(kt_ns sw)" link add late1 type veth peer name late0 netns "$R1" || fail "cannot make late0"
ip -n "$(kt_ns sw)" link set late1 master br0 up
ip -n "$R1" addr add 192.0.2.1/24 dev late0
ip -n "$R1" link set late0 up
wait_for 30 has_addr "$R1" late0 "$VIP3" || fail "VI_3 did not come up on late0"
has_addr "$R1" eth0 "$VIP3" && fail "VIP3 went on eth0"

step "lower_prio_no_advert: VI_1 answers lower-priority adverts, VI_2 does not"
listen_start c1 eth0 "$KT_TMP/lp.txt" 5
ip netns exec "$C1" python3 "$KT_INJECT" --iface eth0 --vrid 51 --prio 50 --addrs "$VIP" \
	--count 20 --period 0.2 --quiet &
ip netns exec "$C1" python3 "$KT_INJECT" --iface eth0 --vrid 52 --prio 50 --addrs "$VIP2" \
	--count 20 --period 0.2 --quiet
wait
sleep 1
n51=$(grep -c "src=$KT_NET.1 .*vrid=51 prio=150" "$KT_TMP/lp.txt")
n52=$(grep -c "src=$KT_NET.1 .*vrid=52 prio=150" "$KT_TMP/lp.txt")
log "adverts from r1 in 5 s: VI_1 $n51, VI_2 $n52"
[ "$n52" -le 7 ] || fail "VI_2 (lower_prio_no_advert) sent $n52 adverts in 5 s"
[ "$n51" -ge $((n52 + 8)) ] || fail "VI_1 sent $n51 adverts, not one per lower-priority advert"
has_addr "$R1" eth0 "$VIP2" || fail "VI_2 lost its VIP"

step "track_file: 1 x weight -60 drops r1 to 90, r2 (100) takes the VIP"
ka_start r2 r2
wait_for 30 ka_entered r2 BACKUP || fail "r2 never entered BACKUP"
echo 1 >"$TF"
wait_for 30 has_addr "$R2" eth0 "$VIP" || fail "r2 did not take over"
wait_for 20 no_addr "$R1" eth0 "$VIP" || fail "r1 kept the VIP"
[ "$(dump_field "$(ka_dump r1 data)" VI_1 'Effective priority')" = 90 ] || fail "r1's effective priority is not 90"

step "0 again (the file replaced by rename): r1 preempts"
echo 0 >"$TF.new"
mv "$TF.new" "$TF"
wait_for 30 has_addr "$R1" eth0 "$VIP" || fail "r1 did not preempt"
wait_for 20 no_addr "$R2" eth0 "$VIP" || fail "r2 kept the VIP"

step "weight 0 track file non-zero: FAULT, then back"
echo 5 >"$TF0"
wait_for 20 ka_entered r1 FAULT || fail "r1 did not enter FAULT"
wait_for 20 no_addr "$R1" eth0 "$VIP" || fail "r1 in FAULT kept the VIP"
wait_for 20 has_addr "$R2" eth0 "$VIP" || fail "r2 did not take over from r1 in FAULT"
echo 0 >"$TF0"
wait_for 30 has_addr "$R1" eth0 "$VIP" || fail "r1 did not come back from FAULT"

step "disable_local_igmp: 0 in r1's namespace while it runs, 1 after it stopped"
llm() { ip netns exec "$1" cat /proc/sys/net/ipv4/igmp_link_local_mcast_reports; }
[ "$(llm "$R1")" = 0 ] || fail "r1: igmp_link_local_mcast_reports is $(llm "$R1") while running"
[ "$(llm "$R2")" = 1 ] || fail "r2 (without the keyword): igmp_link_local_mcast_reports is $(llm "$R2")"
ka_stop r1
[ "$(llm "$R1")" = 1 ] || fail "r1: igmp_link_local_mcast_reports not put back after stop: $(llm "$R1")"
log_result
