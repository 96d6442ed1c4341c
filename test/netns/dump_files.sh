#!/usr/bin/env bash
# dump_files: dumps of a daemon with both children (VRRP and checker).
#   * a symlink (and a hard link) planted by another user at the dump file
#     names: the dump replaces the name, the targets are untouched, the new
#     files are root's, mode 0600 (the class of CVE-2018-19044);
#   * USR2 immediately followed by USR1, three times: each file gets its own
#     text (stats in keepalived.stats, data in keepalived.data);
#   * a dump of the idle daemon is complete (both children's parts) well
#     within 2 s and no child is reported late; as keepalived 2.2.7, the
#     VRRP part is in keepalived.data, the checker's (LVS topology) in
#     keepalived_check.data (with the virtual server group), each after
#     the global definitions, which keepalived_parent.data has alone;
#   * STATS_CLEAR writes the stats, then the counters start again from 0.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
[ "$KT_FLAVOUR" = ng ] || skip "uses --dump-dir"
require_cmd setpriv

lab_lan r1:1
R1=$(kt_ns r1)
vrrp_conf r1 150
cat >>"$(ka_conf_file r1)" <<EOF
virtual_server $VIP 80 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server $KT_NET.1 80 {
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
virtual_server_group G1 {
    $KT_NET.101 80
    $KT_NET.200-210 80
    fwmark 7
}
virtual_server group G1 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server $KT_NET.1 80 {
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
EOF
DD=$(ka_dumpdir r1)
# The dump directory belongs to an unprivileged user, who plants links.
chown nobody: "$DD"
as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
as_nobody sh -c "echo victim >'$DD/victim'; echo victim2 >'$DD/victim2'"
as_nobody ln -s "$DD/victim" "$DD/keepalived.data"
as_nobody ln "$DD/victim2" "$DD/keepalived.stats"
ka_start r1 r1
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "r1 never became master"
wait_for 30 test -s "$(ka_dir r1)/checkers.pid" || fail "no checker child"

# sigdump SIG FILE: signal, wait until FILE is a regular file with both parts.
sigdump() {
	local f=$DD/$2
	ka_signal r1 "$1"
	wait_for 10 test -f "$f" -a ! -L "$f" || fail "no $2 after SIG$1"
}

step "symlink and hard link at the dump names: replaced, never written through"
sigdump USR1 keepalived.data
sigdump USR2 keepalived.stats
[ "$(cat "$DD/victim")" = victim ] || fail "the symlink's target was written: $(head -3 "$DD/victim")"
[ "$(cat "$DD/victim2")" = victim2 ] || fail "the hard-linked file was written: $(head -3 "$DD/victim2")"
wait_for 5 grep -q '^ *VRRP Instance = VI_1' "$DD/keepalived.data" || fail "data dump lacks VI_1"
for f in keepalived.data keepalived.stats; do
	st=$(stat -c '%U %a %h' "$DD/$f")
	[ "$st" = "root 600 1" ] || fail "$f: owner/mode/links '$st', expected 'root 600 1'"
done
log "victims untouched; dumps are root's, mode 600"

step "USR2 immediately followed by USR1: each file its own text"
for round in 1 2 3; do
	rm -f "$DD/keepalived.data" "$DD/keepalived.stats"
	ka_signal r1 USR2
	ka_signal r1 USR1
	wait_for 10 test -s "$DD/keepalived.data" -a -s "$DD/keepalived.stats" || fail "round $round: a file is missing"
	grep -q '^VRRP Instance: VI_1' "$DD/keepalived.stats" || { cat "$DD/keepalived.stats"; fail "round $round: stats lack the stats"; }
	grep -q 'VRRP Instance = ' "$DD/keepalived.stats" && fail "round $round: data text in keepalived.stats"
	grep -q '^ *VRRP Instance = VI_1' "$DD/keepalived.data" || { cat "$DD/keepalived.data"; fail "round $round: data lacks the data"; }
	grep -q '^ *Advertisements:' "$DD/keepalived.data" && fail "round $round: stats text in keepalived.data"
done

step "a dump of the idle daemon is complete at once (within 2 s), both children in it"
rm -f "$DD/keepalived.data" "$DD/keepalived_check.data" "$DD/keepalived_parent.data"
t0=$(date +%s%N)
ka_signal r1 USR1
wait_for 10 test -s "$DD/keepalived.data" -a -s "$DD/keepalived_check.data" || fail "no data dump"
t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
log "data dumps written after $ms ms"
[ "$ms" -lt 2000 ] || fail "the dump took $ms ms"
wait_for 5 test -s "$DD/keepalived_parent.data" || fail "no keepalived_parent.data"
for f in keepalived.data keepalived_check.data keepalived_parent.data; do
	[ "$(head -1 "$DD/$f")" = "------< Global definitions >------" ] || fail "$f does not start with the global definitions"
	grep -q "^ Router ID = " "$DD/$f" || fail "$f has no Router ID"
	st=$(stat -c '%U %a' "$DD/$f")
	[ "$st" = "root 600" ] || fail "$f: owner/mode '$st', expected 'root 600'"
done
grep -q '^------< LVS Topology >------$' "$DD/keepalived_check.data" || { cat "$DD/keepalived_check.data"; fail "checker part missing"; }
grep -q "^ VS VIP = $VIP, VPORT = 80\$" "$DD/keepalived_check.data" || { cat "$DD/keepalived_check.data"; fail "the virtual server is not in keepalived_check.data"; }
grep -q 'VRRP Topology' "$DD/keepalived.data" || fail "VRRP part missing"
for l in " Virtual Server Group = G1, IPv4 = yes, IPv6 = no" "   VIP = $KT_NET.101, VPORT = 80" \
	"   VIP Range = $KT_NET.200-$KT_NET.210, VPORT = 80" "   FWMARK = 7" " VS GROUP = [G1]:0"; do
	grep -qxF -- "$l" "$DD/keepalived_check.data" || { cat "$DD/keepalived_check.data"; fail "no line '$l' in keepalived_check.data"; }
done
grep -q 'LVS Topology\|VS VIP' "$DD/keepalived.data" && fail "checker text in keepalived.data"
grep -q 'VRRP Topology' "$DD/keepalived_check.data" && fail "VRRP text in keepalived_check.data"
grep -q 'Topology' "$DD/keepalived_parent.data" && fail "a child's text in keepalived_parent.data"
ka_logged r1 'did not answer' && fail "a child was reported late"

step "STATS_CLEAR: the stats are written, then the counters restart from 0"
sent() { stats_counter "$DD/keepalived.stats" VI_1 Advertisements Sent; }
enough_sent() { sigdump USR2 keepalived.stats; [ "$(sent)" -ge 4 ]; }
wait_for 30 enough_sent || fail "the master did not send 4 adverts"
rm -f "$DD/keepalived.stats"
sigdump "$("$KEEPALIVED" --signum=STATS_CLEAR)" keepalived.stats
before=$(sent)
rm -f "$DD/keepalived.stats"
sigdump USR2 keepalived.stats
after=$(sent)
log "Sent: $before before the clear, $after after"
[ "$before" -ge 4 ] && [ "$after" -lt "$before" ] || fail "counters not cleared ($before -> $after)"
log_result
