#!/usr/bin/env bash
# bad_packets: r1 is MASTER (prio 150, auth PASS). From the client we inject
# adverts claiming priority 200 that are broken in one way each: wrong TTL,
# bad checksum, wrong password, wrong VRID, auth type none (a type
# mismatch) and auth type 5 (an invalid type, counted apart as keepalived
# does). None may change r1's state, and
# the stats dump (USR2) must count each kind (> 0). A final well-formed
# prio-200 advert proves the injector is right: that one DOES make r1 back off.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 c1:10
R1=$(kt_ns r1) C1=$(kt_ns c1)
PASS=secret1
vrrp_conf r1 150 "    authentication {
        auth_type PASS
        auth_pass $PASS
    }"
ka_start r1 r1
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "r1 never became master"
wait_for 20 ka_entered r1 MASTER || fail "r1 did not log MASTER"

GOOD=(--vrid 51 --prio 200 --addrs "$VIP" --auth-type pass --auth-pass "$PASS" --interval 1)
# send_bad WHAT ARGS...: inject 3 such adverts, then check r1 is still master.
send_bad() {
	local what=$1; shift
	step "inject: $what"
	ip netns exec "$C1" python3 "$KT_INJECT" --iface eth0 --count 3 --period 0.3 "$@" ||
		fail "injector failed ($what)"
	holds 3 has_addr "$R1" eth0 "$VIP" || fail "r1 lost the VIP after $what"
	[ "$(ka_count r1 'Entering BACKUP STATE')" -le "$BACKUPS" ] ||
		fail "r1 went BACKUP after $what"
}
BACKUPS=$(ka_count r1 'Entering BACKUP STATE')
send_bad "TTL 64" "${GOOD[@]}" --ttl 64
send_bad "bad checksum" "${GOOD[@]}" --bad-checksum
send_bad "wrong auth_pass" --vrid 51 --prio 200 --addrs "$VIP" --auth-type pass --auth-pass wrong --interval 1
send_bad "wrong VRID 52" "${GOOD[@]/#51/52}"
send_bad "auth type none" --vrid 51 --prio 200 --addrs "$VIP" --auth-type none --interval 1
send_bad "auth type 5" --vrid 51 --prio 200 --addrs "$VIP" --auth-type 5 --auth-pass "$PASS" --interval 1
if [ "$KT_FLAVOUR" = ng ]; then
	# RFC 3768 7.1 lets a router accept these with a log line (keepalived
	# 2.2.7 does); we drop and count them.
	send_bad "other address list" --vrid 51 --prio 200 --addrs "$KT_NET.99" --auth-type pass --auth-pass "$PASS" --interval 1
	send_bad "advert interval 2 s" --vrid 51 --prio 200 --addrs "$VIP" --auth-type pass --auth-pass "$PASS" --interval 2
	send_bad "version 3" --version 3 --vrid 51 --prio 200 --addrs "$VIP" --interval 1
fi

step "stats dump (USR2) counts each kind of error"
STATS=$(ka_dump r1 stats)
cat "$STATS"
# check_counter SECTION KEY: counter > 0; absent in Debian's keepalived 2.2.7
# (it has no Checksum/VRID counters) is tolerated for that flavour only.
check_counter() {
	local v; v=$(stats_counter "$STATS" VI_1 "$1" "$2")
	if [ -z "$v" ]; then
		[ "$KT_FLAVOUR" = classic ] && { log "counter '$1: $2' absent (classic keepalived)"; return 0; }
		fail "stats have no counter '$1: $2'"
	fi
	[ "$v" -gt 0 ] || fail "stats counter '$1: $2' is $v, expected > 0"
	log "counter '$1: $2' = $v"
}
check_counter "Packet Errors" TTL
check_counter "Packet Errors" Checksum
check_counter "Authentication Errors" Failure
check_counter "Authentication Errors" "Type Mismatch"
check_counter "Authentication Errors" "Invalid Type"
check_counter "Packet Errors" VRID
if [ "$KT_FLAVOUR" = ng ]; then
	check_counter "Packet Errors" "Address List"
	check_counter "Packet Errors" "Advertisement Interval"
	check_counter "Packet Errors" Version
fi
[ "$(stats_counter "$STATS" VI_1 "" "Became master")" -ge 1 ] || fail "Became master < 1"

step "control: a well-formed prio-200 advert makes r1 back off"
ip netns exec "$C1" python3 "$KT_INJECT" --iface eth0 --count 3 --period 0.5 "${GOOD[@]}" ||
	fail "injector failed"
wait_for 20 ka_entered r1 BACKUP $((BACKUPS + 1)) || fail "a valid higher-priority advert did not make r1 BACKUP: the injector may be wrong"
log_result
