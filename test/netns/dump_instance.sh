#!/usr/bin/env bash
# dump_instance: the USR1 data dump's instance, sockpool and tracker lines
# as keepalived 2.2.7 writes them (measured with it at the same states):
#   * "Flags: none" only when no flag is set (nopreempt gives "Flags:"
#     alone, unicast "Flags:" + "Using unicast");
#   * Wantstate MASTER for a state MASTER instance still waiting in BACKUP
#     (nobody heard yet), BACKUP once it hears a better master;
#   * the counters after Wantstate (config faults, interface and track
#     script faults, track scripts init) and "Total priority" after the
#     effective one (base + every weight: 100 + 5 + 2 x 5 + 5 = 120);
#   * the owner's "Master down timer = 1 usecs" (how 2.2.7 makes it MASTER);
#   * an IPv6 instance's "Multicast address ff02::12, ifindex N" and its
#     addresses' lifetimes ("preferred_lft forever", a /128 "deprecated");
#   * a host route without /32;
#   * the sockpool in the instances' order, VRIDs sorted in a socket, a
#     unicast socket with its "Address";
#   * a sync group's track_script listed under the group, not its members;
#   * vrrp_script: "Timeout = 0 sec" when not given, Result (rise + fall -
#     1 when up), Insecure, Init state, "Tracking instances :"; the track
#     file's "Tracking instances :"; scripts in the configuration's order;
#   * global definitions: with an smtp_server, the HELO name and sender
#     2.2.7 fills in (the host name; USER@HOST); "No test config before reload";
#     keepalived_parent.data's lower priority GARP delay "not set"
#     (4294967295: only 2.2.7's VRRP process resolves the default);
#   * keepalived.json: the same wanted states, a sync group's scripts not
#     in its members' track_script.
# Passes with KEEPALIVED=/usr/sbin/keepalived (2.2.7) too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 r2:2
R1=$(kt_ns r1)
ip -n "$R1" link add eth1 type veth peer name eth1p
ip -n "$R1" link set eth1 up
ip -n "$R1" link set eth1p up
ip -n "$R1" addr add "${P6}1/64" dev eth0 nodad
S=$(kt_script_dir)
echo 5 >"$KT_TMP/tf1"

ka_conf r2 <<EOF
vrrp_instance B1 {
    state MASTER
    interface eth0
    virtual_router_id 61
    priority 200
    advert_int 1
    virtual_ipaddress {
        $KT_NET.161/32
    }
}
EOF
ka_conf r1 <<EOF
global_defs {
    smtp_server 127.0.0.1
}
vrrp_script chk_ok {
    script "$S/ok.sh"
    interval 1
    rise 2
    fall 3
}
vrrp_script chk_t {
    script "$S/ok.sh"
    interval 2
    timeout 5
    weight 5
}
vrrp_script chk_g {
    script "$S/ok.sh"
    interval 1
    weight 3
}
vrrp_track_file tf1 {
    file $KT_TMP/tf1
    weight 2
}
vrrp_sync_group G1 {
    group {
        VI_U
        VI_6
    }
    track_script {
        chk_g
    }
}
vrrp_instance VI_M {
    state MASTER
    interface eth0
    virtual_router_id 71
    priority 100
    advert_int 10
    virtual_ipaddress {
        $KT_NET.171/32
    }
}
vrrp_instance VI_B {
    state MASTER
    interface eth0
    virtual_router_id 61
    priority 100
    virtual_ipaddress {
        $KT_NET.161/32
    }
}
vrrp_instance VI_W {
    state BACKUP
    interface eth0
    virtual_router_id 73
    priority 100
    advert_int 10
    nopreempt
    track_script {
        chk_ok
        chk_t
    }
    track_file {
        tf1
    }
    track_interface {
        eth1 weight 5
    }
    virtual_ipaddress {
        $KT_NET.173/32
    }
}
vrrp_instance VI_O {
    state MASTER
    interface eth0
    virtual_router_id 81
    priority 255
    virtual_ipaddress {
        $KT_NET.181/32
    }
    virtual_routes {
        10.95.0.1 dev eth0
    }
}
vrrp_instance VI_U {
    state BACKUP
    interface eth0
    virtual_router_id 91
    priority 100
    unicast_src_ip $KT_NET.1
    unicast_peer {
        $KT_NET.3
    }
    virtual_ipaddress {
        $KT_NET.191/32
    }
}
vrrp_instance VI_6 {
    state BACKUP
    interface eth0
    virtual_router_id 86
    priority 90
    virtual_ipaddress {
        fe80::86/64
        ${P6}86/64
        ${P6}87/128
    }
}
EOF
ka_start r2 r2
ka_start r1 r1
wait_for 60 has_addr "$R1" eth0 "$KT_NET.181" || fail "the owner VI_O never got its VIP"
wait_for 60 has_addr "$R1" eth0 "$KT_NET.191" || fail "VI_U never became MASTER"
wait_for 30 ka_logged r1 'VI_B.*Entering BACKUP' || fail "VI_B never entered BACKUP"
wait_for 30 ka_logged r1 'VI_W.*Entering BACKUP' || fail "VI_W never entered BACKUP"

D=$(ka_dump r1 data)
# expect_field INSTANCE FIELD VALUE
expect_field() {
	local v; v=$(dump_field "$D" "$1" "$2")
	[ "$v" = "$3" ] || { cat "$D"; fail "$1: '$2 = $v', expected '$3'"; }
}
# block INSTANCE: the instance's lines
block() { awk -v i=" VRRP Instance = $1" '$0 == i { on = 1; next } /^ VRRP Instance = |^------</ { on = 0 } on' "$D"; }
# expect_in INSTANCE LINE...: whole lines of its block (-v: none of them)
expect_in() {
	local neg=0 i l; [ "$1" = -v ] && { neg=1; shift; }
	i=$1; shift
	for l in "$@"; do
		if block "$i" | grep -qxF -- "$l"; then
			[ $neg = 1 ] && { block "$i"; fail "$i has the line '$l'"; }
		else
			[ $neg = 0 ] && { block "$i"; fail "$i: no line '$l'"; }
		fi
	done
	return 0
}

step "instances: flags, wanted state, counters, priorities, timers"
expect_field VI_M State BACKUP
expect_field VI_M Wantstate MASTER
expect_in VI_M "   Flags: none" "   Number of config faults = 0" \
	"   Number of interface and track script faults = 0" "   Number of track scripts init = 0" \
	"   Total priority = 100"
expect_field VI_B State BACKUP
expect_field VI_B Wantstate BACKUP
expect_field VI_W Wantstate BACKUP
expect_field VI_W "Effective priority" 120
expect_field VI_W "Total priority" 120
expect_in VI_W "   Flags:"
expect_in -v VI_W "   Flags: none"
expect_field VI_O State MASTER
expect_field VI_O "Master down timer" "1 usecs"
expect_field VI_O "Total priority" 255
expect_in VI_O "     prepend 10.95.0.1 dev eth0 proto 18"
expect_in VI_U "   Flags:" "     Using unicast"
expect_in VI_U "   Using src_ip = $KT_NET.1 (from configuration)"
IDX=$(ip -n "$R1" -o link show dev eth0 | cut -d: -f1)
expect_field VI_6 State MASTER
expect_in VI_6 "   Flags: none" "   Multicast address ff02::12, ifindex $IDX" \
	"     fe80::86/64 dev eth0 scope global preferred_lft forever set" \
	"     ${P6}86/64 dev eth0 scope global preferred_lft forever set" \
	"     ${P6}87 dev eth0 scope global deprecated set"

step "the sync group's track_script is the group's"
expect_in -v VI_U "   Tracked scripts :" "     chk_g weight 3"
expect_in -v VI_6 "   Tracked scripts :" "     chk_g weight 3"
sed -n '/^------< VRRP Sync groups >------$/,/^------</p' "$D" | grep -qxF "     chk_g weight 3" ||
	{ cat "$D"; fail "the sync group does not list chk_g"; }

step "sockpool: the sockets in the instances' order"
sed -n '/^------< VRRP Sockpool >------$/,/^------< VRRP Sync/p' "$D" |
	grep -vE '^ fd_in |^------<|Rx buf size' >"$KT_TMP/pool"
# want_socket FAMILY TYPE [ADDRESS] -- INSTANCE...: a socket's expected lines
want_socket() {
	printf '   Interface = eth0\n   Family = %s\n   Protocol = VRRP\n   Type = %s\n' "$1" "$2"
	[ "$3" = -- ] || { echo "   Address = $3"; shift; }
	shift 3
	echo "   VRRP instances"
	printf '     %s\n' "$@"
}
{
	want_socket IPv4 Multicast -- "VI_B vrid 61" "VI_M vrid 71" "VI_W vrid 73" "VI_O vrid 81"
	want_socket IPv4 Unicast "$KT_NET.1" -- "VI_U vrid 91"
	want_socket IPv6 Multicast -- "VI_6 vrid 86"
} >"$KT_TMP/pool.want"
diff "$KT_TMP/pool.want" "$KT_TMP/pool" || { cat "$D"; fail "sockpool section differs (- expected, + dumped)"; }

step "scripts and track files"
sed -n '/^------< VRRP Scripts >------$/,/^------</p' "$D" | grep -vE '^------<|State = ' >"$KT_TMP/scr.got"
# want_script NAME INTERVAL TIMEOUT WEIGHT RISE FALL RESULT TRACKING...: a
# vrrp_script's expected lines (TRACKING: "INSTANCE, weight W")
want_script() {
	cat <<EOF
 VRRP Script = $1
   Command = '$(realpath "$S")/ok.sh'
   Interval = $2 sec
   Timeout = $3 sec
   Weight = $4
   Rise = $5
   Fall = $6
   Result = $7
   Insecure = no
   Init state = unknown
   Status = GOOD
   Script uid:gid = 0:0
   VRRP instances :
   Tracking instances :
EOF
	shift 7
	printf '     %s\n' "$@"
}
{
	want_script chk_ok 1 0 0 2 3 4 "VI_W, weight 0"
	want_script chk_t 2 5 5 1 1 1 "VI_W, weight 5"
	want_script chk_g 1 0 3 1 1 1 "VI_U, weight 3" "VI_6, weight 3"
} >"$KT_TMP/scr.want"
diff "$KT_TMP/scr.want" "$KT_TMP/scr.got" || { cat "$D"; fail "scripts section differs (- expected, + dumped)"; }
sed -n '/^------< VRRP Track files >------$/,/^------</p' "$D" >"$KT_TMP/files"
grep -qxF "   Tracking instances :" "$KT_TMP/files" && grep -qxF "     VI_W, weight 2" "$KT_TMP/files" ||
	{ cat "$D"; fail "track file section without 'Tracking instances :' / VI_W"; }
step "global definitions: smtp defaults; keepalived_parent.data's unresolved lower priority GARP"
for f in "$D" "$(ka_dump_file r1 parent)"; do
	for l in " Smtp HELO name = $(uname -n)" " Email notification from = $(id -un)@$(uname -n)" \
		" No test config before reload"; do
		grep -qxF -- "$l" "$f" || { cat "$f"; fail "$(basename "$f"): no line '$l'"; }
	done
done
grep -qxF " Gratuitous ARP lower priority delay = 5" "$D" || { cat "$D"; fail "keepalived.data: lower priority delay not 5"; }
grep -qxF " Gratuitous ARP lower priority delay = 4294967295" "$(ka_dump_file r1 parent)" ||
	{ cat "$(ka_dump_file r1 parent)"; fail "keepalived_parent.data: lower priority delay not 2.2.7's unset 4294967295"; }

step "keepalived.json (SIGRTMIN+2): the same wanted states, no group scripts in members"
J=$(ka_dumpdir r1)/keepalived.json
rm -f "$J"
ka_signal r1 RTMIN+2
wait_for 20 test -s "$J" || fail "no keepalived.json after SIGRTMIN+2"
sleep 1
python3 - "$J" <<'PY' || { cat "$J"; fail "keepalived.json differs from 2.2.7's"; }
import json, sys
d = {i["data"]["iname"]: i["data"] for i in json.load(open(sys.argv[1]))}
want = {"VI_M": (1, 2), "VI_B": (1, 1), "VI_O": (2, 2), "VI_U": (2, 2)}   # 1 BACKUP, 2 MASTER
bad = [n for n, sw in want.items() if (d[n]["state"], d[n]["wantstate"]) != sw]
bad += [n + ".track_script" for n in ("VI_U", "VI_6") if "track_script" in d[n]]
bad += [] if "track_script" in d["VI_W"] and len(d["VI_W"]["track_script"]) == 2 else ["VI_W.track_script"]
print("wrong:", bad) if bad else None
sys.exit(1 if bad else 0)
PY
log_result
