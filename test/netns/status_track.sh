#!/usr/bin/env bash
# status_track: what the status shows of trackers and sync groups, read by
# keepalivedctl status (table), status --json (parsed here) and /metrics,
# first with every tracker good, then after each one fails. One router:
#   VI_1 (priority 150) tracks a vrrp_script (weight -60), a vrrp_track_file
#   (weight -10: value * weight), a track_interface ext0 (weight -20) and a
#   vrrp_track_process (weight -5); VI_2 and VI_3 are sync group G1.
#   All good: effective 150, trackers GOOD/0/UP/UP, G1 MASTER,
#   keepalived_script_status 1, keepalived_check_script_status 1.
#   Then the script fails, the file says 3, ext0 goes down, the process
#   exits: effective 150-60-30-20-5 = 35, each tracker's state and
#   adjustment in VI_1's tracking[], the script's failures counted,
#   keepalived_script_status 0, keepalived_check_script_status 0,
#   keepalived_vrrp_effective_priority 35, the table row "150/35".
. "$(dirname "$0")/../lib/netns.sh"
kt_init
[ "$KT_FLAVOUR" = ng ] || skip "keepalivedctl and status_http are keepalived-ng's"
require_cmd curl
CTL=${KEEPALIVEDCTL:-${TOP_BUILDDIR:-$KT_TOP}/keepalivedctl/keepalivedctl}
[ -x "$CTL" ] || fail "keepalivedctl not built ($CTL)"

lab_lan r1:1
R1=$(kt_ns r1)
ip -n "$R1" link add ext0 type veth peer name ext1 || fail "cannot make ext0"
ip -n "$R1" link set ext1 up
ip -n "$R1" link set ext0 up
OK=$KT_TMP/ok TF=$KT_TMP/track.val PORT=9651
touch "$OK"
echo 0 >"$TF"
PNAME="kts$$"
ln -s "$(command -v sleep)" "$KT_TMP/$PNAME"
"$KT_TMP/$PNAME" 600 &
PROC=$!
KT_BGPIDS+=("$PROC")
disown "$PROC"

ka_conf r1 <<EOF
global_defs {
    router_id r1
    status_http 127.0.0.1:$PORT
}
vrrp_script chk_ok {
    script "/bin/sh -c 'test -e $OK'"
    interval 1
    weight -60
    fall 1
    rise 1
}
vrrp_track_file tf {
    file $TF
    weight -10
}
vrrp_track_process tp {
    process $PNAME
    weight -5
}
vrrp_sync_group G1 {
    group {
        VI_2
        VI_3
    }
}
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority 150
    advert_int 1
    track_script {
        chk_ok
    }
    track_file {
        tf
    }
    track_interface {
        ext0 weight -20
    }
    track_process {
        tp
    }
    virtual_ipaddress {
        $VIP/32
    }
}
vrrp_instance VI_2 {
    state BACKUP
    interface eth0
    virtual_router_id 52
    priority 100
    advert_int 1
    virtual_ipaddress {
        $KT_NET.102/32
    }
}
vrrp_instance VI_3 {
    state BACKUP
    interface eth0
    virtual_router_id 53
    priority 100
    advert_int 1
    virtual_ipaddress {
        $KT_NET.103/32
    }
}
EOF
ka_start r1 r1
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "r1 never became master of VI_1"
wait_for 30 has_addr "$R1" eth0 "$KT_NET.103" || fail "r1 never became master of G1"
S=$(ka_dir r1)/ctl
M=$KT_TMP/m.txt J=$KT_TMP/s.json T=$KT_TMP/t.txt

# fetch: the three views now
fetch() {
	"$CTL" -s "$S" status >"$T" 2>&1 &&
		"$CTL" -s "$S" status --json >"$J" 2>&1 &&
		ip netns exec "$R1" curl -s -m 5 "http://127.0.0.1:$PORT/metrics" >"$M"
}
show() { cat "$T"; grep -E 'script|priority|sync' "$M"; }
# check PHASE: the JSON is what PHASE (good|bad) expects
check() {
	python3 - "$J" "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
bad = sys.argv[2] == "bad"
v = d["vrrp"]
t = {x["name"]: x for x in v["trackers"]}
i = {x["name"]: x for x in v["instances"]}
assert set(t) == {"chk_ok", "tf", "ext0", "tp"}, t
for n in t:
    assert t[n]["instances"] == ["VI_1"], t[n]
s, f, e, p = t["chk_ok"], t["tf"], t["ext0"], t["tp"]
assert s["type"] == "script" and s["weight"] == -60, s
assert f["type"] == "file" and f["weight"] == -10, f
assert e["type"] == "interface", e
assert p["type"] == "process" and p["weight"] == -5, p
vi = i["VI_1"]
assert vi["priority"] == 150 and vi["trackers"] == ["chk_ok", "tf", "ext0", "tp"] or \
    sorted(vi["trackers"]) == sorted(["chk_ok", "tf", "ext0", "tp"]), vi
k = {x["name"]: x for x in vi["tracking"]}
assert k["ext0"]["weight"] == -20 and k["chk_ok"]["weight"] == -60, k
g = [x for x in v["sync_groups"] if x["name"] == "G1"][0]
assert g["state"] == "MASTER" and sorted(g["instances"]) == ["VI_2", "VI_3"], g
assert i["VI_2"]["sync_group"] == "G1" and i["VI_1"]["sync_group"] is None
if not bad:
    assert s["status"] == "GOOD" and s["up"] and s["runs"] >= 1 and s["failures"] == 0, s
    assert f["value"] == 0 and f["up"], f
    assert e["up"] and e["state"] == "UP", e
    assert p["up"] and p["state"] == "UP" and p["running"] == 1, p
    assert all(x["adjustment"] == 0 and not x["fault"] for x in k.values()), k
    assert vi["effective_priority"] == 150, vi
else:
    assert s["status"] == "BAD" and not s["up"] and s["failures"] >= 1, s
    assert f["value"] == 3 and not f["up"] and f["state"] == "non-zero", f
    assert not e["up"] and e["state"] == "DOWN", e
    assert not p["up"] and p["state"] == "DOWN" and p["running"] == 0, p
    adj = {n: x["adjustment"] for n, x in k.items()}
    assert adj == {"chk_ok": -60, "tf": -30, "ext0": -20, "tp": -5}, adj
    assert not any(x["fault"] for x in k.values()), k
    assert vi["effective_priority"] == 35 and vi["state"] == "MASTER", vi
PY
}
want() { grep -Eq -- "$1" "$2" || { show; fail "no line matching /$1/ in $(basename "$2")"; }; }
# matches FILE RE...: every RE has a line in FILE
matches() { local f=$1 re; shift; for re; do grep -Eq -- "$re" "$f" || return 1; done; }
# The three views are fetched one after the other while the trackers
# change: a phase is reached when all of them show it (the table, fetched
# first, may be older than the JSON).

step "every tracker good"
GOOD_T=('^ +VI_1 +MASTER +150/150 ' '^ +G1 +- +MASTER +- +VI_2,VI_3$' '^ +chk_ok +script +GOOD +-60 +VI_1$'
	'^ +tf +file +value 0 +-10 +VI_1$' '^ +ext0 +interface +UP +- +VI_1$' '^ +tp +process +UP, 1 running +-5 +VI_1$')
GOOD_M=('^keepalived_script_status\{name="chk_ok"\} 1$'
	"^keepalived_check_script_status\\{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\",ip_address=\"$VIP\"\\} 1$"
	'^keepalived_sync_group_state\{name="G1"\} 2$' '^keepalived_vrrp_effective_priority\{iname="VI_1",[^}]*\} 150$')
# (/metrics may serve a document up to a second old: wait for it too)
good() { fetch && check good >/dev/null 2>&1 && matches "$T" "${GOOD_T[@]}" && matches "$M" "${GOOD_M[@]}"; }
wait_for 30 good || { show; check good; fail "the status does not show every tracker good"; }
cat "$T"
for re in "${GOOD_T[@]}"; do want "$re" "$T"; done
for re in "${GOOD_M[@]}"; do want "$re" "$M"; done

step "the script fails, the file says 3, ext0 goes down, the process exits"
rm -f "$OK"
echo 3 >"$TF"
ip -n "$R1" link set ext0 down
kill "$PROC"
BAD_T=('^ +VI_1 +MASTER +150/35 ' '^ +chk_ok +script +BAD +-60 +VI_1 \(-60\)$' '^ +tf +file +value 3 +-10 +VI_1 \(-30\)$'
	'^ +ext0 +interface +DOWN +- +VI_1 \(-20\)$' '^ +tp +process +DOWN, 0 running +-5 +VI_1 \(-5\)$')
BAD_M=('^keepalived_script_status\{name="chk_ok"\} 0$'
	"^keepalived_check_script_status\\{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\",ip_address=\"$VIP\"\\} 0$"
	'^keepalived_vrrp_effective_priority\{iname="VI_1",[^}]*\} 35$' '^keepalived_vrrp_priority\{iname="VI_1",[^}]*\} 150$')
bad() { fetch && check bad >/dev/null 2>&1 && matches "$T" "${BAD_T[@]}" && matches "$M" "${BAD_M[@]}"; }
wait_for 30 bad || { show; check bad; fail "the status does not show the failed trackers"; }
cat "$T"
for re in "${BAD_T[@]}"; do want "$re" "$T"; done
for re in "${BAD_M[@]}"; do want "$re" "$M"; done
log_result
