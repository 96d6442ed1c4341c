#!/usr/bin/env bash
# dump: USR1 writes DUMPDIR/keepalived.data with each instance's state;
# USR2 writes DUMPDIR/keepalived.stats with its counters. Checked on the
# master (r1) and on the backup (r2); SIGRTMIN+2 writes keepalived.json.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 r2:2
R1=$(kt_ns r1)
vrrp_conf r1 150
vrrp_conf r2 100
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

step "USR1 on the master: keepalived.data"
D=$(ka_dump r1 data)
grep -q '^ *VRRP Instance = VI_1$' "$D" || { cat "$D"; fail "no 'VRRP Instance = VI_1' line"; }
expect_field "$D" State MASTER
expect_field "$D" Interface eth0
expect_field "$D" "Virtual Router ID" 51
expect_field "$D" Priority 150
expect_field "$D" "Effective priority" 150
grep -Eq "^ +$VIP(/32)? dev eth0" "$D" || { cat "$D"; fail "VIP $VIP not listed in the data dump"; }
# no router_id configured: the host name, as keepalived's default
grep -q "^ Router ID = $(hostname)\$" "$D" || { cat "$D"; fail "Router ID is not the host name $(hostname)"; }

step "USR1 on the backup"
D=$(ka_dump r2 data)
expect_field "$D" State BACKUP
expect_field "$D" Priority 100
if [ "$(ka_flavour r2)" = ng ]; then
	expect_field "$D" "Master router" "$KT_NET.1"
	expect_field "$D" "Master priority" 150
fi

step "USR2: keepalived.stats"
S=$(ka_dump r1 stats)
cat "$S"
grep -q '^VRRP Instance: VI_1$' "$S" || fail "no 'VRRP Instance: VI_1' in the stats"
[ "$(stats_counter "$S" VI_1 Advertisements Sent)" -gt 0 ] || fail "master: Advertisements Sent not > 0"
[ "$(stats_counter "$S" VI_1 "" "Became master")" -ge 1 ] || fail "master: Became master not >= 1"
S=$(ka_dump r2 stats)
[ "$(stats_counter "$S" VI_1 Advertisements Received)" -gt 0 ] || fail "backup: Advertisements Received not > 0"
[ "$(stats_counter "$S" VI_1 "" "Became master")" -eq 0 ] || fail "backup: Became master not 0"

if [ "$KT_FLAVOUR" = ng ]; then
	step "SIGRTMIN+2: keepalived.json is valid JSON with the state"
	J=$(ka_dumpdir r1)/keepalived.json
	rm -f "$J"
	ka_signal r1 RTMIN+2
	wait_for 20 test -s "$J" || fail "no keepalived.json after SIGRTMIN+2"
	python3 - "$J" <<'PY' || { cat "$J"; fail "keepalived.json is not what it should be"; }
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "keepalived-ng/status" and d["version"] == 1, d.get("schema")
vi = [i for i in d["vrrp"]["instances"] if i["name"] == "VI_1"][0]
assert vi["state"] == "MASTER", vi
assert vi["priority"] == 150, vi
assert vi["counters"]["adverts_sent"] > 0, vi
PY
	log "keepalived.json: $(tr -d '\n' <"$J" | cut -c1-200)"
fi
log_result
