#!/usr/bin/env bash
# keepalivedctl: the control socket and its client, on two routers (r1
# master with a virtual server whose real servers are one up, one down; r2
# backup):
#   * status: the table (state, priorities, master when backup, VIPs, last
#     transition, real servers up/down with the last check and its latency);
#     status --json: the versioned document with the same data;
#   * the socket is 0600 root: another user gets "permission denied" (exit
#     4); control_socket_group opens it to that group (reload);
#   * reload is synchronous: a bad file exits 1 with FILE:LINE and changes
#     nothing; a good one exits 0 once applied (the new instance is in the
#     very next status);
#   * with the group, dump files are 0640 root:GROUP (else 0600);
#   * dump data|stats|json, stats --clear; garp INSTANCE sends a burst now
#     (seen on the wire) and is refused on a backup;
#   * a stopped daemon: exit 3 "not running"; a killed one leaves a stale
#     socket that the next start replaces.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
[ "$KT_FLAVOUR" = ng ] || skip "keepalivedctl is keepalived-ng's"
require_cmd setpriv
CTL=${KEEPALIVEDCTL:-${TOP_BUILDDIR:-$KT_TOP}/keepalivedctl/keepalivedctl}
[ -x "$CTL" ] || fail "keepalivedctl not built ($CTL)"

lab_lan r1:1 r2:2 c1:10
R1=$(kt_ns r1)
S1=$(ka_dir r1)/ctl.sock
S2=$(ka_dir r2)/ctl
VIP2=$KT_NET.101

tcp_server r1 127.0.0.1 8081   # the real server that is up

r1_conf() {   # r1_conf [EXTRA_GLOBAL [WITH_VI_2]]
	{
		cat <<EOF
global_defs {
    router_id r1
    control_socket $S1
    ${1:-}
}
$(vrrp_block VI_1 51 150 "    garp_master_delay 0")
virtual_server 127.0.0.1 80 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server 127.0.0.1 8081 {
        TCP_CHECK {
            connect_timeout 1
        }
    }
    real_server 127.0.0.1 8082 {
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
EOF
		[ -z "${2:-}" ] || cat <<EOF
vrrp_instance VI_2 {
    interface eth0
    virtual_router_id 52
    priority 100
    advert_int 1
    virtual_ipaddress {
        $VIP2/32
    }
}
EOF
	} | ka_conf r1
}
r1_conf
vrrp_conf r2 100
ka_start r1 r1
ka_start r2 r2
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "r1 never became master"
wait_for 30 ka_entered r2 BACKUP || fail "r2 never entered BACKUP"

# ctl SOCKET ARGS...: run keepalivedctl, output in $OUT, exit status in $RC
ctl() { local s=$1; shift; OUT=$("$CTL" -s "$s" "$@" 2>&1); RC=$?; }

step "status: the table"
rs_settled() { ctl "$S1" status && grep -Eq '127\.0\.0\.1:8081 +UP' <<<"$OUT" && grep -Eq '127\.0\.0\.1:8082 +DOWN' <<<"$OUT"; }
wait_for 30 rs_settled || { echo "$OUT"; fail "real servers not shown as 8081 UP / 8082 DOWN"; }
echo "$OUT"
grep -Eq '^ +VI_1 +MASTER +150/150 +eth0 +51 +\(this node\) +'"$VIP"'/32 .*BACKUP->MASTER \(master-down\)' <<<"$OUT" ||
	fail "VI_1 row on r1 is not MASTER 150/150 ... BACKUP->MASTER (master-down)"
grep -Eq '8081 +UP .*TCP_CHECK ok "[^"]*" [0-9.]+ ms' <<<"$OUT" || fail "no last check with latency for 8081"
grep -Eq '8082 +DOWN .*TCP_CHECK failed' <<<"$OUT" || fail "no failed check for 8082"
ctl "$S2" status
[ $RC = 0 ] || fail "status on r2: exit $RC: $OUT"
grep -Eq '^ +VI_1 +BACKUP +100/100 +eth0 +51 +'"$KT_NET"'\.1 \(150\)' <<<"$OUT" || { echo "$OUT"; fail "r2 does not show r1 (150) as master"; }

step "status --json: the same data, versioned"
ctl "$S1" status --json
[ $RC = 0 ] || fail "status --json: exit $RC"
python3 - "$OUT" "$VIP" <<'PY' || { echo "$OUT" | head -80; fail "status --json is not what it should be"; }
import json, sys
d = json.loads(sys.argv[1])
VIP = sys.argv[2]
assert d["schema"] == "keepalived-ng/status" and d["version"] == 1
vi = d["vrrp"]["instances"][0]
assert vi["name"] == "VI_1" and vi["state"] == "MASTER" and vi["effective_priority"] == 150, vi
assert vi["last_transition"]["reason"] == "master-down", vi
assert vi["virtual_ipaddresses"][0]["address"] == VIP + "/32"
assert d["vrrp"]["sync_groups"] == [] and d["vrrp"]["trackers"] == []
rs = {r["port"]: r for r in d["checker"]["virtual_servers"][0]["real_servers"]}
assert rs[8081]["up"] and not rs[8082]["up"], rs
last = rs[8081]["checks"][0]["last"]
assert last["result"] == "ok" and last["duration_seconds"] >= 0, last
assert [p["name"] for p in d["daemon"]["processes"]] == ["vrrp", "checker", "bfd"]
PY
ctl "$S2" status --json
python3 -c "import json,sys; m=json.loads(sys.argv[1])['vrrp']['instances'][0]['master']; assert m['address']=='$KT_NET.1' and m['priority']==150, m" "$OUT" ||
	fail "r2's JSON does not name r1 as master"

step "the socket is root's, 0600: another user is refused"
[ "$(stat -c '%U %a' "$S1")" = "root 600" ] || fail "socket is $(stat -c '%U %G %a' "$S1")"
OUT=$(setpriv --reuid=nobody --regid=nogroup --clear-groups "$CTL" -s "$S1" status 2>&1); RC=$?
[ $RC = 4 ] && grep -q 'permission denied' <<<"$OUT" || fail "nobody: exit $RC: $OUT"

step "reload with an error: exit 1, FILE:LINE, nothing changes"
cp "$(ka_conf_file r1)" "$KT_TMP/good.conf"
printf 'vrrp_instance VI_9 {\n    virtual_router_id 300\n}\n' >>"$(ka_conf_file r1)"
ctl "$S1" reload
[ $RC = 1 ] || fail "reload of a bad file: exit $RC: $OUT"
grep -Eq "keepalived\.conf:[0-9]+: .*virtual_router_id" <<<"$OUT" || fail "no FILE:LINE error: $OUT"
log "rejected: $(head -1 <<<"$OUT")"
ka_logged r1 'keeping the running configuration' || fail "the daemon did not keep its configuration"

step "reload: control_socket_group and VI_2; exit 0 once applied"
r1_conf "control_socket_group nogroup" with_vi2
ctl "$S1" reload
[ $RC = 0 ] && grep -q 'applied' <<<"$OUT" || fail "reload: exit $RC: $OUT"
ctl "$S1" status
grep -Eq '^ +VI_2 ' <<<"$OUT" || { echo "$OUT"; fail "VI_2 not in the status right after reload returned"; }
[ "$(stat -c '%G %a' "$S1")" = "nogroup 660" ] || fail "socket after control_socket_group: $(stat -c '%U %G %a' "$S1")"
OUT=$(setpriv --reuid=nobody --regid=nogroup --clear-groups "$CTL" -s "$S1" status 2>&1) ||
	fail "a member of the control group is refused: $OUT"

step "with control_socket_group, dump files are 0640 with that group"
rm -f "$(ka_dumpdir r1)/keepalived.data"
ka_signal r1 USR1
wait_for 10 test -s "$(ka_dumpdir r1)/keepalived.data" || fail "no data dump"
[ "$(stat -c '%U %G %a' "$(ka_dumpdir r1)/keepalived.data")" = "root nogroup 640" ] ||
	fail "dump file: $(stat -c '%U %G %a' "$(ka_dumpdir r1)/keepalived.data")"

step "dump data|stats|json, stats --clear"
ctl "$S1" dump data
grep -q '^ *VRRP Instance = VI_1' <<<"$OUT" || fail "dump data"
ctl "$S1" dump json
python3 -c 'import json,sys; json.loads(sys.argv[1])' "$OUT" || fail "dump json is not JSON"
sent() { awk '/^VRRP Instance: VI_1$/{f=1} f && /Sent:/{print $2; exit}' <<<"$OUT"; }
three_sent() { ctl "$S1" stats; [ "$(sent)" -ge 3 ]; }
wait_for 30 three_sent || fail "the master did not send 3 adverts"
ctl "$S1" stats --clear
before=$(sent)
ctl "$S1" dump stats
after=$(sent)
log "adverts sent: $before before the clear, $after after"
[ "$before" -ge 3 ] && [ "$after" -lt "$before" ] || fail "stats --clear did not clear ($before -> $after)"

step "garp: a burst now from the master; refused on the backup"
listen_start c1 eth0 "$KT_TMP/arp.txt" 60 --arp-listen
sleep 1
n0=$(grep -c "sip=$VIP " "$KT_TMP/arp.txt")
ctl "$S1" garp VI_1
[ $RC = 0 ] || fail "garp on the master: exit $RC: $OUT"
log "$OUT"
garps_seen() { [ "$(grep -c "sip=$VIP " "$KT_TMP/arp.txt")" -ge $((n0 + 5)) ]; }
wait_for 10 garps_seen || fail "no gratuitous ARP burst on the wire after 'garp VI_1'"
ctl "$S2" garp VI_1
[ $RC = 1 ] && grep -q 'is BACKUP' <<<"$OUT" || fail "garp on the backup: exit $RC: $OUT"
ctl "$S1" garp NOPE
[ $RC = 1 ] || fail "garp of an unknown instance: exit $RC"

step "not running: exit 3; a stale socket is replaced at the next start"
ka_stop r2
[ ! -e "$S2" ] || fail "the control socket stayed after a clean stop"
ctl "$S2" status
[ $RC = 3 ] && grep -q 'not running' <<<"$OUT" || fail "stopped daemon: exit $RC: $OUT"
ka_start r2 r2
wait_for 30 test -S "$S2" || fail "r2 did not come back"
ka_kill r2
[ -S "$S2" ] || fail "expected a stale socket after SIGKILL"
ctl "$S2" status
[ $RC = 3 ] || fail "killed daemon: exit $RC: $OUT"
ka_start r2 r2
ok_again() { "$CTL" -s "$S2" status >/dev/null 2>&1; }
wait_for 30 ok_again || fail "the stale socket was not replaced"
"$CTL" -s "$S2" frobnicate >/dev/null 2>&1
[ $? = 2 ] || fail "an unknown command is not a usage error"
log_result
