#!/usr/bin/env bash
# dump: USR1 writes the files keepalived 2.2.7 writes: keepalived.data
# (global definitions, then each instance with 2.2.7's labels: State,
# Wantstate, Last transition, Priority, Effective priority, "Virtual IP (N):"
# ...) and keepalived_parent.data (the global definitions alone); no
# keepalived_check.data without virtual servers. USR2 writes
# keepalived.stats with the counters. Checked on the master (r1) and on the
# backup (r2), which has `instance inst2` and data_use_instance: its .data
# files are keepalived.inst2.data and keepalived_parent.inst2.data (the
# stats file keeps its name). The master's keepalived.data has 2.2.7's
# "Static Routes", "Static Rules", "Virtual Routes :", "Virtual Rules :",
# "VRRP Sockpool" and "Interfaces" sections, line for line.
# SIGRTMIN+2 writes keepalived.json (keepalived 2.2.7's array of instances).
# Both show the scripts' programs as 2.2.7 resolved them (PATH, realpath).
# Passes with KEEPALIVED=/usr/sbin/keepalived (2.2.7) too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 r2:2
R1=$(kt_ns r1)
# Scripts are shown as keepalived 2.2.7 resolved them when it read the file:
# notify_master through a symlinked directory (link -> real): the real
# path; notify_backup, a symlink of another name in it (alias.sh ->
# master.sh): the real directory with the name given; notify_fault a bare
# name: found in PATH, resolved (/usr/bin/true on a merged-/usr system).
mkdir "$KT_TMP/real"
ln -s real "$KT_TMP/link"
printf '#!/bin/sh\n' >"$KT_TMP/real/master.sh"
chmod 755 "$KT_TMP/real/master.sh"
ln -s master.sh "$KT_TMP/real/alias.sh"
RT=$(realpath "$KT_TMP")
SHOWN_MASTER="$RT/real/master.sh" SHOWN_BACKUP="$RT/real/alias.sh"
SHOWN_FAULT=$(realpath "$(type -P true)")
KT_GLOBAL="static_routes {
    10.98.0.0/16 via $KT_NET.254 dev eth0
    10.97.0.0/16 dev eth0 metric 5
    blackhole 10.94.0.0/16
}
static_rules {
    from 10.99.0.0/24 table 100 priority 100
    from 10.99.1.0/24 to 10.98.0.0/16 fwmark 0x10/0xff iif eth0 table 102 priority 102
}" vrrp_conf r1 150 "    notify_master $KT_TMP/link/master.sh
    notify_backup $KT_TMP/link/alias.sh
    notify_fault true
    garp_master_repeat 2
    virtual_routes {
        10.96.0.0/16 via $KT_NET.254 dev eth0
    }
    virtual_rules {
        from 10.96.0.0/16 table 101 priority 101
    }"
KT_GLOBAL='instance inst2
global_defs {
    data_use_instance
}' vrrp_conf r2 100
ka_start r1 r1
ka_start r2 r2
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "r1 never got the VIP"
wait_for 30 ka_entered r2 BACKUP || fail "r2 never entered BACKUP"

# expect_field FILE FIELD VALUE
expect_field() {
	local v; v=$(dump_field "$1" VI_1 "$2")
	[ "$v" = "$3" ] || { cat "$1"; fail "$(basename "$1"): '$2 = $v', expected '$3'"; }
	log "$2 = $v"
}

# expect_line FILE ERE: a line of FILE matches
expect_line() { grep -Eq -- "$2" "$1" || { cat "$1"; fail "$(basename "$1"): no line matching '$2'"; }; }

step "USR1 on the master: keepalived.data and keepalived_parent.data"
D=$(ka_dump r1 data)
expect_line "$D" '^------< Global definitions >------$'
expect_line "$D" '^------< VRRP Topology >------$'
expect_line "$D" '^ VRRP Instance = VI_1$'
expect_field "$D" "VRRP Version" 2
expect_field "$D" State MASTER
expect_field "$D" Wantstate MASTER
expect_field "$D" Interface eth0
expect_field "$D" "Virtual Router ID" 51
expect_field "$D" Priority 150
expect_field "$D" "Effective priority" 150
expect_field "$D" "Advert interval" "1 sec"
expect_field "$D" Preempt enabled
expect_field "$D" "Authentication type" none
expect_field "$D" "Gratuitous ARP delay" 5
expect_field "$D" "Gratuitous ARP repeat" 2
# the lower priority ones default to the global vrrp_garp_master_* (5, 5),
# not to the instance's garp_master_repeat (2.2.7; we took the instance's)
expect_field "$D" "Gratuitous ARP lower priority delay" 5
expect_field "$D" "Gratuitous ARP lower priority repeat" 5
expect_field "$D" "Down timer adverts" 3
# "Last transition = SEC.USEC (Www Mmm dd hh:mm:ss.uuuuuu yyyy)"
expect_line "$D" '^   Last transition = [0-9]+\.[0-9]{6} \([A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9][0-9] [0-9:]{8}\.[0-9]{6} [0-9]{4}\)$'
expect_line "$D" '^   Virtual IP \(1\):$'
expect_line "$D" "^     $VIP dev eth0 scope global set\$"
# no router_id configured: the host name, as keepalived's default
expect_line "$D" "^ Router ID = $(hostname)\$"

step "keepalived.data: routes and rules, the sockpool, the interfaces (2.2.7's sections)"
# expect_lines FILE LINE...: each LINE is a whole line of FILE
expect_lines() {
	local f=$1 l; shift
	for l in "$@"; do grep -qxF -- "$l" "$f" || { cat "$f"; fail "$(basename "$f"): no line '$l'"; }; done
}
expect_lines "$D" "------< Static Routes >------" \
	"     prepend 10.98.0.0/16 via inet $KT_NET.254 dev eth0 proto 18" \
	"     prepend 10.97.0.0/16 dev eth0 proto 18 metric 5" \
	"     add blackhole 10.94.0.0/16 proto 18 no_track" \
	"------< Static Rules >------" \
	"     from 10.99.0.0/24 priority 100 tos 0x0 protocol 18 lookup 100" \
	"     from 10.99.1.0/24 to 10.98.0.0/16 priority 102 tos 0x0 fwmark 0x10/0xff iif eth0 protocol 18 lookup 102" \
	"   Virtual Routes :" "     prepend 10.96.0.0/16 via inet $KT_NET.254 dev eth0 proto 18" \
	"   Virtual Rules :" "     from 10.96.0.0/16 priority 101 tos 0x0 protocol 18 lookup 101"
expect_line "$D" '^   fd_in [0-9]+, fd_out [0-9]+$'
expect_line "$D" "^   Master state transition script = '$SHOWN_MASTER', uid:gid [0-9]+:[0-9]+\$"
expect_line "$D" "^   Backup state transition script = '$SHOWN_BACKUP', uid:gid [0-9]+:[0-9]+\$"
expect_line "$D" "^   Fault state transition script = '$SHOWN_FAULT', uid:gid [0-9]+:[0-9]+\$"
# the sockpool: one block per socket, its interface and instances
sed -n '/^------< VRRP Sockpool >------$/,/^------</p' "$D" >"$KT_TMP/sockpool"
expect_line "$KT_TMP/sockpool" '^ fd_in [0-9]+ fd_out = [0-9]+$'
expect_lines "$KT_TMP/sockpool" "   Interface = eth0" "   Family = IPv4" "   Protocol = VRRP" \
	"   Type = Multicast" "     VI_1 vrid 51"
# the interfaces: lo and eth0, as the kernel has them
sed -n '/^------< Interfaces >------$/,$p' "$D" >"$KT_TMP/ifaces"
expect_lines "$KT_TMP/ifaces" " Name = lo" "   IPv4 address = 127.0.0.1" \
	"   State = UP, RUNNING, no broadcast, loopback, no multicast" "   MTU = 65536" "   HW Type = LOOPBACK" \
	" Name = eth0" "   index = $(ip -n "$R1" -o link show dev eth0 | cut -d: -f1)" \
	"   IPv4 address = $KT_NET.1" "   MAC = $(mac_of "$R1" eth0)" "   MAC broadcast = ff:ff:ff:ff:ff:ff" \
	"   State = UP, RUNNING" "   MTU = 1500" "   HW Type = ETHERNET" "   Up debounce timer = 0us" \
	"   Tracking VRRP instances :" "     VI_1, weight 0"
P=$(ka_dump_file r1 parent)
wait_for 10 test -s "$P" || fail "no keepalived_parent.data"
expect_line "$P" '^------< Global definitions >------$'
expect_line "$P" "^ Router ID = $(hostname)\$"
grep -q 'VRRP Instance' "$P" && fail "keepalived_parent.data has the VRRP part"
[ -e "$(ka_dump_file r1 check)" ] && fail "keepalived_check.data without virtual servers"

step "USR1 on the backup (data_use_instance): keepalived.inst2.data"
D=$(KT_DUMP_TAG=inst2 ka_dump r2 data)
expect_field "$D" State BACKUP
expect_field "$D" Wantstate BACKUP
expect_field "$D" Priority 100
expect_field "$D" "Master router" "$KT_NET.1"
expect_field "$D" "Master priority" 150
expect_line "$D" '^   Virtual IP \(1\):$'
expect_line "$D" "^     $VIP dev eth0 scope global\$"
expect_line "$D" '^ Instance name = inst2$'
expect_line "$D" '^ Use instance name in data dumps$'
wait_for 10 test -s "$(KT_DUMP_TAG=inst2 ka_dump_file r2 parent)" || fail "no keepalived_parent.inst2.data"
for f in keepalived.data keepalived_parent.data; do
	[ -e "$(ka_dumpdir r2)/$f" ] && fail "r2 wrote $f despite data_use_instance"
done

step "USR2: keepalived.stats"
S=$(ka_dump r1 stats)
cat "$S"
grep -q '^VRRP Instance: VI_1$' "$S" || fail "no 'VRRP Instance: VI_1' in the stats"
[ "$(stats_counter "$S" VI_1 Advertisements Sent)" -gt 0 ] || fail "master: Advertisements Sent not > 0"
[ "$(stats_counter "$S" VI_1 "" "Became master")" -ge 1 ] || fail "master: Became master not >= 1"
S=$(ka_dump r2 stats)   # its name has no instance, as 2.2.7's
[ "$(stats_counter "$S" VI_1 Advertisements Received)" -gt 0 ] || fail "backup: Advertisements Received not > 0"
[ "$(stats_counter "$S" VI_1 "" "Became master")" -eq 0 ] || fail "backup: Became master not 0"

step "SIGRTMIN+2: keepalived.json in keepalived 2.2.7's shape (both daemons)"
J=$(ka_dumpdir r1)/keepalived.json
rm -f "$J"
ka_signal r1 RTMIN+2
wait_for 20 test -s "$J" || fail "no keepalived.json after SIGRTMIN+2"
python3 - "$J" "$VIP" "$SHOWN_MASTER" "$SHOWN_BACKUP" "$SHOWN_FAULT" <<'PY' || { cat "$J"; fail "keepalived.json is not keepalived 2.2.7's array of instances"; }
import json, sys
d = json.load(open(sys.argv[1]))
assert isinstance(d, list), type(d)
vi = [i for i in d if i["data"]["iname"] == "VI_1"][0]
data, stats = vi["data"], vi["stats"]
assert data["state"] == 2 and data["wantstate"] == 2, data      # MASTER
assert data["base_priority"] == 150 and data["effective_priority"] == 150, data
assert data["vrid"] == 51 and data["version"] == 2 and data["vipset"] is True, data
assert data["ifp_ifname"] == "eth0" and data["vmac_ifname"] == "", data
assert data["vips"] == [sys.argv[2] + " dev eth0 scope global set"], data["vips"]
assert data["script_master"] == "'" + sys.argv[3] + "'", data.get("script_master")
assert data["script_backup"] == "'" + sys.argv[4] + "'", data.get("script_backup")
assert data["script_fault"] == "'" + sys.argv[5] + "'", data.get("script_fault")
assert data["vroutes"] and data["vrules"] and "auth_type" in data, data
assert stats["advert_sent"] > 0 and stats["become_master"] == 1, stats
for k in ("advert_rcvd", "release_master", "packet_len_err", "ip_ttl_err", "pri_zero_sent"):
    assert isinstance(stats[k], int), k
PY
log "keepalived.json: $(tr -d '\n' <"$J" | cut -c1-200)"
log_result
