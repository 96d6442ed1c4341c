#!/usr/bin/env bash
# compat_t: `keepalived -t` compatibility. Every configuration that Debian's
# keepalived 2.2.7 accepts (-t exits 0) must be accepted by ours: keepalived's
# own examples (/usr/share/doc/keepalived/samples, when installed) and
# test/compat/*.conf (written as OpenStack Neutron and Octavia and
# OpenShift's ipfailover generate them, and ours). Both run in a namespace
# with the interfaces the files name. Files listed in test/compat/PENDING
# (a feature another developer is adding) are reported, not failed; a
# pending file that passes is reported too, so that its line goes.
# -t exit codes (keepalived(8) EXIT STATUS): 0, 5 (warnings) and 6 (script
# security) mean the file runs; 4 that it does not.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
DEB=${DEB_KEEPALIVED:-/usr/sbin/keepalived}
[ -x "$DEB" ] || skip "Debian keepalived not installed ($DEB)"
netns_add t
NS=$(kt_ns t)
for i in eth0 eth1 eth2 eth3 ha-1 qr-1 qg-1; do
	ip -n "$NS" link add "$i" type veth peer name "p$i" || fail "cannot make $i"
	ip -n "$NS" link set "$i" up
done
PENDING=$KT_TOP/test/compat/PENDING
# keepalived's messages after which it runs the file all the same (checked
# with its data dump: a VRRPv2 advert_int rounded, version 3 set for IPv6
# under vrrp_strict, a non-owner state MASTER run as BACKUP, a global first
# IPv6 address under vrrp_strict used as it is).
KA_WARNINGS='[Ww]arning|ignoring|Ignoring|clearing|resetting|[Dd]isabling track script|not tracking|probably not what you want|deprecated|Ignoring track_interface'
KA_WARNINGS+='|must be an integer. rounding|setting version 3|State MASTER must match being address owner|first IPv6 VIP address must be link local'
files=("$KT_TOP"/test/compat/*.conf)
[ -d /usr/share/doc/keepalived/samples ] && files+=(/usr/share/doc/keepalived/samples/keepalived.conf.*)

failed=0 checked=0
printf '%-40s %-12s %-12s %s\n' file keepalived ours verdict
echo "(keepalived exit 0*: 5 with nothing but warnings, or 6)"
for f in "${files[@]}"; do
	b=$(basename "$f")
	ka=0; ip netns exec "$NS" "$DEB" -t -f "$f" >"$KT_TMP/$b.ka" 2>&1 || ka=$?
	# keepalived's -t exits 5 on its warnings too: a file whose every
	# message is a warning (ignoring, clearing, ...) is one it runs.
	if [ "$ka" = 5 ] && ! grep -Eqv "$KA_WARNINGS" "$KT_TMP/$b.ka"; then ka="0*"; fi
	# 6: scripts without enable_script_security - it runs the file
	[ "$ka" = 6 ] && ka="0*"
	ng=0; ip netns exec "$NS" "$KEEPALIVED" -t -f "$f" >"$KT_TMP/$b.log" 2>&1 || ng=$?
	pend=$(awk -v f="$b" '$1 == f { $1 = ""; print substr($0, 2) }' "$PENDING")
	if [ "$ka" != 0 ] && [ "$ka" != "0*" ]; then
		v="keepalived rejects it: not compared"
	elif [ "$ng" = 0 ] || [ "$ng" = 5 ] || [ "$ng" = 6 ]; then   # 5, 6: runs it (warnings)
		v=ok
		[ -n "$pend" ] && v="ok (listed as pending: remove it from PENDING)"
		checked=$((checked + 1))
	elif [ -n "$pend" ]; then
		v="pending: $pend"
	else
		v=FAIL
		failed=$((failed + 1))
	fi
	printf '%-40s %-12s %-12s %s\n' "$b" "exit $ka" "exit $ng" "$v"
	[ "$v" = FAIL ] && sed 's/^/    /' "$KT_TMP/$b.log"
done
[ "$failed" = 0 ] || fail "$failed configuration(s) accepted by keepalived 2.2.7 but not by ours"
[ "$checked" -gt 0 ] || fail "no configuration was compared"
log_result
