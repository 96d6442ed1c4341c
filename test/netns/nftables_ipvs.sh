#!/usr/bin/env bash
# nftables_ipvs: the checker's nftables table for virtual_server_groups,
# read back with `nft -j` (the host has no IPVS: the checker runs without
# it, the table is made all the same; test/vm/guest-netns.sh checks the
# fwmark services and HTTP through them). What keepalived 2.2.7 makes
# (measured in the IPVS VM):
#   - table ip|ip6 keepalived_ipvs, maps tcp_map/udp_map/sctp_map
#     (ADDR . inet_service : mark, flags interval), one element per group
#     entry (a range is one interval), fwmarks from 1000 in the order of
#     the virtual servers; chain in (filter, hook input, priority -1), one
#     rule per map: meta mark set ADDR daddr . PROTO dport map @MAP return;
#   - a group with a fwmark entry is expanded as without nftables_ipvs;
#   - a reload changes elements by difference (the maps and the table stay,
#     maps left empty too), keeps the fwmark of a virtual server with the
#     same group and protocol and gives a new one the next fwmark;
#   - a new table name or priority moves everything; stop removes our
#     tables; another table is never touched;
#   - (ours) a table of our name left by an earlier run is replaced in one
#     transaction with the new table and its elements: no moment without one.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
require_checker_runs
require_cmd nft
require_cmd python3
netns_add d
NS=$(kt_ns d)
ip netns exec "$NS" nft add table ip other
ip netns exec "$NS" nft add chain ip other mine

# nftj FAMILY TABLE: a summary of the table from `nft -j`: its handle, then
# one line per map element "MAP ADDR[-LAST] PORT MARK", per base chain
# "chain NAME HOOK PRIO", per rule "rule MAP" (the map it looks up)
nftj() {
	ip netns exec "$NS" nft -j list table "$1" "$2" 2>/dev/null | python3 -c '
import json, sys
doc = json.load(sys.stdin)["nftables"]
out = []
for o in doc:
    if "table" in o:
        print("handle", o["table"]["handle"])
    elif "map" in o:
        m = o["map"]
        out.append("map %s %s %s %s" % (m["name"], "/".join(m["type"]), m["map"], ",".join(m.get("flags", []))))
        for k, v in m.get("elem", []):
            a, p = k["concat"]
            if isinstance(a, dict):
                a = "%s-%s" % tuple(a["range"])
            out.append("%s %s %s %s" % (m["name"], a, p, v))
    elif "chain" in o:
        c = o["chain"]
        out.append("chain %s %s %s" % (c["name"], c.get("hook"), c.get("prio")))
    elif "rule" in o:
        e = o["rule"]["expr"]
        mp = e[0]["mangle"]["value"]["map"]
        keys = [x["payload"]["protocol"] + "." + x["payload"]["field"] for x in mp["key"]["concat"]]
        out.append("rule %s %s %s" % (e[0]["mangle"]["key"]["meta"]["key"], " . ".join(keys),
                                      mp["data"] + ("+return" if "return" in e[1] else "")))
for l in sorted(out):
    print(l)
'
}
has() { grep -qxF -- "$2" <<<"$1" || fail "missing '$2' in:
$1"; }
lacks() { ! grep -qF -- "$2" <<<"$1" || fail "unexpected '$2' in:
$1"; }

vs() {   # vs GROUP PROTO RS
	printf 'virtual_server group %s {\n    lb_algo rr\n    lb_kind NAT\n    protocol %s\n    real_server %s 80 {\n    }\n}\n' "$@"
}
{
	printf 'global_defs {\n    nftables_ipvs\n}\n'
	printf 'virtual_server_group G1 {\n    10.0.1.100 80\n    10.0.1.101-103 80\n}\n'
	printf 'virtual_server_group G2 {\n    10.0.1.110 80\n}\n'
	printf 'virtual_server_group G6 {\n    fd00::100 80\n    fd00::101-103 443\n}\n'
	printf 'virtual_server_group GF {\n    10.0.1.120 80\n    fwmark 7\n}\n'
	vs G1 TCP 10.0.2.11; vs G1 UDP 10.0.2.11; vs G1 SCTP 10.0.2.11; vs G2 TCP 10.0.2.12
	vs G6 TCP fd00:2::11; vs GF TCP 10.0.2.13
} | ka_conf d
cp "$(ka_conf_file d)" "$KT_TMP/first.conf"
ka_start d d

step "start: ip and ip6 keepalived_ipvs, fwmarks 1000.. in the order of the virtual servers"
wait_for 20 bash -c "ip netns exec $NS nft list table ip6 keepalived_ipvs >/dev/null 2>&1" ||
	fail "no table ip6 keepalived_ipvs: $(ip netns exec "$NS" nft list ruleset)"
T4=$(nftj ip keepalived_ipvs)
T6=$(nftj ip6 keepalived_ipvs)
log "ip keepalived_ipvs:"$'\n'"$T4"
has "$T4" "map tcp_map ipv4_addr/inet_service mark interval"
has "$T4" "tcp_map 10.0.1.100 80 1000"
has "$T4" "tcp_map 10.0.1.101-10.0.1.103 80 1000"
has "$T4" "udp_map 10.0.1.100 80 1001"
has "$T4" "udp_map 10.0.1.101-10.0.1.103 80 1001"
has "$T4" "sctp_map 10.0.1.100 80 1002"
has "$T4" "tcp_map 10.0.1.110 80 1003"
has "$T4" "chain in input -1"
has "$T4" "rule mark ip.daddr . tcp.dport @tcp_map+return"
has "$T4" "rule mark ip.daddr . udp.dport @udp_map+return"
has "$T4" "rule mark ip.daddr . sctp.dport @sctp_map+return"
has "$T6" "map tcp_map ipv6_addr/inet_service mark interval"
has "$T6" "tcp_map fd00::100 80 1004"
has "$T6" "tcp_map fd00::101-fd00::103 443 1004"
has "$T6" "rule mark ip6.daddr . tcp.dport @tcp_map+return"
lacks "$T4" "10.0.1.120"
errs=$(grep error "$(ka_log d)" | grep -v 'IPVS unavailable')
[ -z "$errs" ] || fail "errors logged: $errs"
H4=$(head -1 <<<"$T4")

step "reload: elements by difference, the fwmark of G2/TCP kept, G3/TCP gets the next one"
{
	printf 'global_defs {\n    nftables_ipvs\n}\n'
	printf 'virtual_server_group G2 {\n    10.0.1.110 80\n    10.0.1.111 80\n}\n'
	printf 'virtual_server_group G3 {\n    10.0.1.130 80\n}\n'
	vs G2 TCP 10.0.2.12; vs G3 TCP 10.0.2.13
} | ka_conf d
ka_signal d HUP
wait_for 20 bash -c "ip netns exec $NS nft list table ip keepalived_ipvs | grep -q 10.0.1.130" ||
	fail "the reload did not add 10.0.1.130: $(ip netns exec "$NS" nft list ruleset)"
T4=$(nftj ip keepalived_ipvs)
log "ip keepalived_ipvs:"$'\n'"$T4"
[ "$(head -1 <<<"$T4")" = "$H4" ] || fail "the table was made again ($H4, now $(head -1 <<<"$T4"))"
has "$T4" "tcp_map 10.0.1.110 80 1003"
has "$T4" "tcp_map 10.0.1.111 80 1003"
has "$T4" "tcp_map 10.0.1.130 80 1005"
has "$T4" "map udp_map ipv4_addr/inet_service mark interval"
lacks "$T4" "10.0.1.100"
lacks "$T4" "udp_map 10.0"
[ -z "$(nftj ip6 keepalived_ipvs | grep '^tcp_map')" ] || fail "ip6 elements left: $(nftj ip6 keepalived_ipvs)"

step "reload: nftables_ipvs kaipvs, nftables_ipvs_priority -50: the tables move"
sed -i 's/^    nftables_ipvs$/    nftables_ipvs kaipvs\n    nftables_ipvs_priority -50/' "$(ka_conf_file d)"
ka_signal d HUP
wait_for 20 bash -c "! ip netns exec $NS nft list table ip keepalived_ipvs >/dev/null 2>&1" ||
	fail "ip keepalived_ipvs outlived the rename: $(ip netns exec "$NS" nft list tables)"
wait_for 20 bash -c "ip netns exec $NS nft list table ip kaipvs 2>/dev/null | grep -q 10.0.1.130" ||
	fail "no ip kaipvs with the elements: $(ip netns exec "$NS" nft list ruleset)"
T4=$(nftj ip kaipvs)
has "$T4" "chain in input -50"
has "$T4" "tcp_map 10.0.1.110 80 1003"
has "$T4" "tcp_map 10.0.1.130 80 1005"
ip netns exec "$NS" nft list table ip6 keepalived_ipvs >/dev/null 2>&1 && fail "ip6 keepalived_ipvs outlived the rename"

step "reload without nftables_ipvs: the tables go"
sed -i '/nftables_ipvs/d' "$(ka_conf_file d)"
ka_signal d HUP
wait_for 20 bash -c "! ip netns exec $NS nft list table ip kaipvs >/dev/null 2>&1" ||
	fail "ip kaipvs outlived nftables_ipvs: $(ip netns exec "$NS" nft list tables)"
ip netns exec "$NS" nft list chain ip other mine >/dev/null 2>&1 || fail "ip other was touched: $(ip netns exec "$NS" nft list ruleset)"
ka_logged d "error" && grep error "$(ka_log d)" | grep -qv 'IPVS unavailable' && fail "errors: $(grep error "$(ka_log d)")"

step "reload with nftables_ipvs again, then stop: our tables go, ip other stays"
sed -i 's/^global_defs {$/global_defs {\n    nftables_ipvs/' "$(ka_conf_file d)"
ka_signal d HUP
wait_for 20 bash -c "ip netns exec $NS nft list table ip keepalived_ipvs 2>/dev/null | grep -q 10.0.1.130" ||
	fail "no ip keepalived_ipvs after nftables_ipvs came back: $(ip netns exec "$NS" nft list ruleset)"

ka_stop d
ip netns exec "$NS" nft list tables | grep -q keepalived_ipvs && fail "our table outlived the stop: $(ip netns exec "$NS" nft list tables)"
ip netns exec "$NS" nft list chain ip other mine >/dev/null 2>&1 || fail "ip other was touched: $(ip netns exec "$NS" nft list ruleset)"

step "a previous run's table is replaced in one transaction (never no table)"
if ours_only "one transaction (nft monitor's generations)"; then
	ip netns exec "$NS" nft add table ip keepalived_ipvs
	ip netns exec "$NS" nft add map ip keepalived_ipvs tcp_map \
		'{ type ipv4_addr . inet_service : mark; flags interval; elements = { 10.9.9.9 . 80 : 999 } }'
	ip netns exec "$NS" nft monitor >"$KT_TMP/monitor.txt" 2>&1 &
	KT_BGPIDS+=($!)
	sleep 0.5
	cp "$KT_TMP/first.conf" "$(ka_conf_file d)"
	ka_start d d
	wait_for 20 bash -c "ip netns exec $NS nft list table ip keepalived_ipvs 2>/dev/null | grep -q 10.0.1.110" ||
		fail "no elements added: $(ip netns exec "$NS" nft list ruleset)"
	wait_for 10 grep -q '^add map ip keepalived_ipvs tcp_map' "$KT_TMP/monitor.txt" ||
		fail "nft monitor did not see the maps made: $(cat "$KT_TMP/monitor.txt")"
	# gen LINE-REGEX: the transaction (number of '# new generation' lines
	# before it) of the first line matching (nft 1.0.6's monitor does not
	# show elements of these maps: that they are in it is not seen here)
	gen() { awk -v re="$1" '/^# new generation/ { g++; next } $0 ~ re { print g + 0; exit }' "$KT_TMP/monitor.txt"; }
	gd=$(gen '^delete table ip keepalived_ipvs') ga=$(gen '^add table ip keepalived_ipvs')
	gm=$(gen '^add map ip keepalived_ipvs tcp_map')
	[ -n "$gd" ] && [ "$gd" = "$ga" ] && [ "$ga" = "$gm" ] ||
		fail "the old table was removed (transaction $gd), the new one made ($ga), its map ($gm) apart: $(cat "$KT_TMP/monitor.txt")"
	T4=$(nftj ip keepalived_ipvs)
	lacks "$T4" "10.9.9.9"
	has "$T4" "tcp_map 10.0.1.100 80 1000"
	ka_stop d
fi

step "-t: keepalived 2.2.7's checks of the values"
printf 'global_defs {\n    nftables_ipvs_priority x\n    nftables_ipvs_start_fwmark 0\n}\n' >"$KT_TMP/bad.conf"
rc=0; "$KEEPALIVED" -t -f "$KT_TMP/bad.conf" >"$KT_TMP/bad.out" 2>&1 || rc=$?
[ "$rc" = 5 ] || fail "-t exits $rc, expected 5 (warnings): $(cat "$KT_TMP/bad.out")"
grep -q "bad.conf:2: warning: invalid nftables_ipvs_priority 'x'" "$KT_TMP/bad.out" || fail "$(cat "$KT_TMP/bad.out")"
grep -q "bad.conf:3: warning: .*nftables_ipvs_start_fwmark" "$KT_TMP/bad.out" || fail "$(cat "$KT_TMP/bad.out")"
log_result
