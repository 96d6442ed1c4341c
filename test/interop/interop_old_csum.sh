#!/usr/bin/env bash
# interop_old_csum: old_unicast_checksum against Debian's keepalived 2.2.7
# (built with OLD_CHKSUM_COMPAT), VRRPv3 over IPv4 unicast:
#  1. Debian's with old_unicast_checksum (master), ours without: ours finds
#     the old checksum, switches to it (logged) and stays BACKUP;
#  2. ours with old_unicast_checksum (master), Debian's without: Debian's
#     recognises our checksum as its own old one ("Setting unicast VRRPv3
#     checksum to old version") and stays BACKUP;
#  3. Debian's with old_unicast_checksum, ours with `never`: ours drops its
#     adverts as bad checksums and takes the VIP too.
# Each daemon's SIGUSR1 data dump says "Unicast checksum compatibility =
# config" (the keyword), "auto" (switched), "never", as 2.2.7 words it.
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/interop.sh"
kt_init
[ -x "$DEB_KEEPALIVED" ] || skip "Debian keepalived not installed ($DEB_KEEPALIVED)"

# deb runs in rd ($KT_NET.1), ours in rn ($KT_NET.2); DEB_CSUM / NG_CSUM
# are each one's old_unicast_checksum line (or nothing).
DEB_CSUM="" NG_CSUM=""
interop_extra() {
	local me=1 peer=2 csum=$DEB_CSUM
	[ "$1" = ng ] && { me=2; peer=1; csum=$NG_CSUM; }
	printf '    unicast_src_ip %s\n    unicast_peer {\n        %s\n    }\n    %s\n' \
		"$KT_NET.$me" "$KT_NET.$peer" "$csum"
}
# fresh_logs: each phase reads only its own daemons' logs.
fresh_logs() { : >"$(ka_log deb)"; : >"$(ka_log ng)"; }
# csum_dump NAME WORD: NAME's data dump gives its checksum mode as WORD.
csum_dump() {
	local f; f=$(ka_dump "$1" data)
	grep -qx "   Unicast checksum compatibility = $2" "$f" ||
		fail "$1's data dump: $(grep 'checksum compatibility' "$f" || echo 'no checksum line'), expected $2"
}
lab_lan rd:1 rn:2 c1:10
KT_INSTANCE="VI_$KT_ID"

step "Debian's (prio 150) sends the old checksum, ours (prio 100) has no keyword: ours follows"
DEB_CSUM=old_unicast_checksum NG_CSUM=""
start_pair 150 100 3
owns deb ng
wait_for 10 ka_logged ng "checksum of keepalived before 1.3.6" || fail "ours did not log the switch"
csum_dump ng auto
csum_dump deb config

step "stop Debian's: ours takes over"
ka_stop deb
wait_for 60 has_addr "$(kt_ns rn)" eth0 "$VIP" || fail "ours did not take over"
ka_stop ng

step "ours (prio 150) with old_unicast_checksum, Debian's (prio 100) without: Debian's follows"
DEB_CSUM="" NG_CSUM=old_unicast_checksum
fresh_logs
start_pair 100 150 3
owns ng deb
wait_for 10 ka_logged deb "Setting unicast VRRPv3 checksum to old version" ||
	fail "Debian's keepalived did not recognise our checksum as its old one"
ka_logged deb "Invalid VRRPv3 checksum" && fail "Debian's keepalived found our checksum invalid"
csum_dump ng config
csum_dump deb auto
ka_stop deb
ka_stop ng

step "Debian's (prio 150) old, ours (prio 100) with 'never': ours drops its adverts and takes the VIP"
DEB_CSUM=old_unicast_checksum NG_CSUM="old_unicast_checksum never"
fresh_logs
start_pair 150 100 3
wait_for 60 has_addr "$(kt_ns rd)" eth0 "$VIP" || fail "Debian's never got the VIP"
wait_for 60 has_addr "$(kt_ns rn)" eth0 "$VIP" || fail "ours accepted the old checksum despite 'never'"
ka_logged ng "checksum of keepalived before 1.3.6" && fail "ours switched despite 'never'"
csum_dump ng never
log_result
