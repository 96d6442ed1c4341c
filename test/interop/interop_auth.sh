#!/usr/bin/env bash
# interop_auth: Debian's keepalived 2.2.7 and ours share one VRID with VRRPv2
# authentication, auth_type PASS and then auth_type AH (IPsec AH header with
# an HMAC-MD5-96 ICV): each side accepts the other's adverts (the higher
# priority wins and the other stays BACKUP, failover both ways). With AH and
# a different auth_pass on Debian's side, ours refuses its adverts (counted
# as authentication failures) and becomes master too.
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/interop.sh"
kt_init
[ -x "$DEB_KEEPALIVED" ] || skip "Debian keepalived not installed ($DEB_KEEPALIVED)"

AUTH_TYPE=PASS DEB_PASS=s3cret NG_PASS=s3cret
interop_extra() {
	local pass=$NG_PASS
	[ "$1" = deb ] && pass=$DEB_PASS
	printf '    authentication {\n        auth_type %s\n        auth_pass %s\n    }\n' "$AUTH_TYPE" "$pass"
}

lab_lan rd:1 rn:2 c1:10
KT_INSTANCE="VI_$KT_ID"
RD=$(kt_ns rd) RN=$(kt_ns rn)

# both_ways: Debian's wins then fails over to ours; ours wins then fails over
# to Debian's.
both_ways() {
	step "$AUTH_TYPE: Debian keepalived prio 150, ours 100 -> Debian's is master"
	start_pair 150 100 2
	owns deb ng
	step "$AUTH_TYPE: stop Debian's: ours takes over"
	ka_stop deb
	wait_for 60 has_addr "$RN" eth0 "$VIP" || fail "ours did not take over from Debian's keepalived"
	ka_stop ng
	step "$AUTH_TYPE: ours prio 150, Debian's 100 -> ours is master"
	start_pair 100 150 2
	owns ng deb
	step "$AUTH_TYPE: stop ours: Debian's takes over"
	ka_stop ng
	wait_for 60 has_addr "$RD" eth0 "$VIP" || fail "Debian's keepalived did not take over from ours"
	ka_stop deb
}

both_ways
rm -rf "$KT_TMP/deb" "$KT_TMP/ng"

AUTH_TYPE=AH
CAP=$KT_TMP/ah.cap
both_ways

step "AH on the wire: IP protocol 51 (no VRRP advert without AH)"
start_pair 150 100 2
owns deb ng
ip netns exec "$(kt_ns c1)" timeout 3 tcpdump -n -i eth0 -c 3 'ip proto 51 or ip proto 112' >"$CAP" 2>/dev/null
cat "$CAP"
grep -q 'AH(' "$CAP" || fail "no AH packet on the wire"
grep -v 'AH(' "$CAP" | grep -q 'VRRP' && fail "a VRRP advert without AH"
ka_stop deb
ka_stop ng

step "AH with a different auth_pass on Debian's side: ours refuses it"
DEB_PASS=other
start_pair 150 100 2
wait_for 30 has_addr "$RD" eth0 "$VIP" || fail "Debian's never became master"
wait_for 30 has_addr "$RN" eth0 "$VIP" || fail "ours accepted adverts with the wrong key"
f=$(ka_dump ng stats)
n=$(stats_counter "$f" "$KT_INSTANCE" "Authentication Errors" Failure)
[ "${n:-0}" -ge 1 ] || { cat "$f"; fail "no authentication failure counted"; }
log_result
