#!/usr/bin/env bash
# sync_group: a firewall pair. VI_1 and VI_2 are one vrrp_sync_group on each
# router; VI_2 tracks an interface of r1 (ext0). When ext0 goes down, the
# whole group on r1 goes to FAULT (both VIPs leave r1, r2 takes both); when
# it comes back, r1 takes both again. The group's notify script gets
# "GROUP G1 STATE 0" and its notify_master/backup/fault/stop scripts run
# (stop at shutdown); vrrp_notify_fifo gets keepalived's lines, read by the
# vrrp_notify_fifo_script (r2: the global notify_fifo and notify_fifo_script);
# the status document (SIGRTMIN+2) shows the group,
# the fault and the tracker. VI_1 on r1 also tracks a failing vrrp_script
# with a weight: as in keepalived 2.2.7 a member's weighted script is
# ignored (no FAULT, no priority change) without sync_group_tracking_weight;
# its weighted track_interface (ext2 weight -5) still counts - ext2 down
# takes its effective priority to 145 - while the USR1 dump shows
# "ext2 weight 0", both as keepalived 2.2.7.
# Then ext0 flaps 20 times in ~10 s: r1 ends as master of both and r2 with
# no VIP.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 r2:2
R1=$(kt_ns r1) R2=$(kt_ns r2)
VIP2=$KT_NET.101
ip -n "$R1" link add ext0 type veth peer name ext1 || fail "cannot make ext0"
ip -n "$R1" link set ext1 up
ip -n "$R1" link set ext0 up
ip -n "$R1" link add ext2 type veth peer name ext3 || fail "cannot make ext2"
ip -n "$R1" link set ext3 up
ip -n "$R1" link set ext2 up

OUT=$KT_TMP/notify.out FIFO_OUT=$KT_TMP/fifo.out FIFO2_OUT=$KT_TMP/fifo2.out
kt_notify_recorder "$KT_TMP/notify.sh" "$OUT"
kt_fifo_recorder "$KT_TMP/fifo.sh" "$FIFO_OUT"
kt_fifo_recorder "$KT_TMP/fifo2.sh" "$FIFO2_OUT"

# sync_conf NAME PRIO [TRACK [GLOBAL [TRACK_VI_1]]]: both instances, the
# group, (r1) the FIFO and VI_1's weighted script.
N=$KT_TMP/notify.sh
sync_conf() {
	ka_conf "$1" <<CONF
global_defs {
    ${4:-}
}
vrrp_script chk_w {
    script /bin/false
    interval 1
    weight -60
}
vrrp_sync_group G1 {
    group {
        VI_1
        VI_2
    }
    notify $N
    notify_master "$N gm"
    notify_backup "$N gb"
    notify_fault "$N gf"
    notify_stop "$N gs"
}
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    priority $2
    advert_int 1
    ${5:-}
    virtual_ipaddress {
        $VIP/32
    }
}
vrrp_instance VI_2 {
    interface eth0
    virtual_router_id 52
    priority $2
    advert_int 1
    ${3:-}
    virtual_ipaddress {
        $VIP2/32
    }
}
CONF
}
sync_conf r1 150 "track_interface {
        ext0
    }" "vrrp_notify_fifo $KT_TMP/r1.fifo
    vrrp_notify_fifo_script $KT_TMP/fifo.sh" "track_script {
        chk_w
    }
    track_interface {
        ext2 weight -5
    }"
sync_conf r2 100 "" "notify_fifo $KT_TMP/r2.fifo
    notify_fifo_script $KT_TMP/fifo2.sh"

got() { grep -qx -- "$2" "$1" 2>/dev/null; }
both_on() { has_addr "$1" eth0 "$VIP" && has_addr "$1" eth0 "$VIP2"; }
none_on() { no_addr "$1" eth0 "$VIP" && no_addr "$1" eth0 "$VIP2"; }
show() { local f; for f in "$OUT" "$FIFO_OUT" "$FIFO2_OUT"; do echo "--- $f"; cat "$f"; done; }

step "start: r1 master of both, r2 backup of both"
ka_start r1 r1
ka_start r2 r2
wait_for 30 both_on "$R1" || fail "r1 is not master of both"
wait_for 20 none_on "$R2" || fail "r2 has a VIP"
wait_for 20 got "$OUT" "GROUP G1 MASTER 0" || { show; fail "no group notify for MASTER"; }
got "$OUT" "GROUP G1 BACKUP 0" || { show; fail "no group notify for BACKUP at start"; }
wait_for 20 got "$OUT" "gm" || { show; fail "the group's notify_master did not run"; }
got "$OUT" "gb" || { show; fail "the group's notify_backup did not run at start"; }
[ -p "$KT_TMP/r1.fifo" ] || fail "the FIFO was not created"
wait_for 20 got "$FIFO_OUT" 'GROUP "G1" MASTER 0' || { show; fail "no GROUP line in the FIFO"; }
# ours, or keepalived 2.2.7's "(VI_1) ignoring tracked script chk_w with weights due to SYNC group"
ka_logged r1 "track_script chk_w ignored: it has a weight and VI_1 is in sync group G1|\(VI_1\) ignoring tracked script chk_w with weights due to SYNC group" ||
	fail "no warning about VI_1's weighted track_script"
ka_logged r1 "Changing effective priority" && fail "VI_1's ignored script changed its priority"
ka_entered r1 FAULT && fail "VI_1's ignored script put r1 in FAULT"
got "$FIFO_OUT" 'INSTANCE "VI_1" MASTER 150' || { show; fail "no INSTANCE VI_1 MASTER line in the FIFO"; }
got "$FIFO_OUT" 'INSTANCE "VI_2" MASTER 150' || { show; fail "no INSTANCE VI_2 MASTER line in the FIFO"; }
wait_for 20 got "$FIFO2_OUT" 'GROUP "G1" BACKUP 0' || { show; fail "no GROUP line in r2's notify_fifo"; }
got "$FIFO2_OUT" 'INSTANCE "VI_1" BACKUP 100' || { show; fail "no INSTANCE line in r2's notify_fifo"; }

step "VI_1's weighted track_interface: dumped as weight 0, counts all the same"
eff() { [ "$(dump_field "$(ka_dump r1 data)" VI_1 "Effective priority")" = "$1" ]; }
D=$(ka_dump r1 data)
grep -qx "     ext2 weight 0" "$D" || { cat "$D"; fail "VI_1's ext2 is not dumped as weight 0"; }
eff 150 || fail "VI_1's effective priority is not 150 with ext2 up"
ip -n "$R1" link set ext2 down
wait_for 20 eff 145 || fail "ext2 down did not take VI_1's effective priority to 145"
ip -n "$R1" link set ext2 up
wait_for 20 eff 150 || fail "ext2 up did not give VI_1 its priority 150 back"

step "ext0 down on r1: the whole group goes to FAULT, r2 takes both"
ip -n "$R1" link set ext0 down
wait_for 30 none_on "$R1" || fail "r1 kept a VIP in FAULT"
wait_for 30 both_on "$R2" || fail "r2 did not take both VIPs"
wait_for 20 got "$FIFO2_OUT" 'GROUP "G1" MASTER 0' || { show; fail "no GROUP MASTER line in r2's notify_fifo"; }
wait_for 20 got "$FIFO_OUT" 'GROUP "G1" FAULT 0' || { show; fail "no GROUP FAULT line"; }
wait_for 20 got "$OUT" "gf" || { show; fail "the group's notify_fault did not run"; }
got "$OUT" "GROUP G1 FAULT 0" || { show; fail "no group notify for FAULT"; }
got "$FIFO_OUT" 'INSTANCE "VI_1" FAULT 150' || { show; fail "VI_1 (untracked) did not follow its group to FAULT"; }
[ "$(ka_state r1 VI_1)" = FAULT ] || fail "VI_1 on r1 is not in FAULT"
if ours_only "the status document (keepalivedctl status --json) with groups and trackers"; then
	J=$KT_TMP/status.json
	CTL=${KEEPALIVEDCTL:-${TOP_BUILDDIR:-$KT_TOP}/keepalivedctl/keepalivedctl}
	"$CTL" -s "$(ka_dir r1)/ctl" status --json >"$J" 2>&1 || { cat "$J"; fail "keepalivedctl status --json failed"; }
	python3 - "$J" <<'PY' || { cat "$J"; fail "the status document does not show the group, its fault and the tracker"; }
import json, sys
v = json.load(open(sys.argv[1]))["vrrp"]
g = [x for x in v["sync_groups"] if x["name"] == "G1"][0]
assert g["state"] == "FAULT" and sorted(g["instances"]) == ["VI_1", "VI_2"], g
i = {x["name"]: x for x in v["instances"]}
assert i["VI_1"]["sync_group"] == "G1" and i["VI_1"]["fault_reason"], i["VI_1"]
assert i["VI_2"]["trackers"] == ["ext0"] and i["VI_2"]["fault_reason"], i["VI_2"]
t = [x for x in v["trackers"] if x["name"] == "ext0"][0]
assert t["type"] == "interface" and t["state"] == "DOWN" and t["instances"] == ["VI_2"], t
PY
fi

step "ext0 up: r1 takes both back"
ip -n "$R1" link set ext0 up
wait_for 30 both_on "$R1" || fail "r1 did not take both VIPs back"
wait_for 30 none_on "$R2" || fail "r2 kept a VIP"

step "ext0 flaps 20 times in ~10 s, ends up: r1 master of both, no stuck VIP"
for i in $(seq 20); do
	ip -n "$R1" link set ext0 down; sleep 0.25
	ip -n "$R1" link set ext0 up; sleep 0.25
done
wait_for 30 both_on "$R1" || fail "after the flaps r1 is not master of both"
wait_for 30 none_on "$R2" || fail "after the flaps r2 kept a VIP"
holds 3 both_on "$R1" || fail "r1 lost a VIP after the flaps"
[ "$(ka_state r1 VI_2)" = MASTER ] || fail "VI_2 on r1 is not MASTER"
[ "$(ka_state r2 VI_1)" = BACKUP ] || fail "VI_1 on r2 is not BACKUP"

step "r1 stops: the group's notify_stop and notify STOP"
ka_stop r1
wait_for 20 got "$OUT" "gs" || { show; fail "the group's notify_stop did not run"; }
got "$OUT" "GROUP G1 STOP 0" || { show; fail "no group notify for STOP"; }
log_result
