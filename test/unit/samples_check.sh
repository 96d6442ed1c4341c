#!/usr/bin/env bash
# samples_check.sh - every doc/samples/keepalived.conf.* passes `keepalived -t`
# (exit 0, or 5 for warnings only; "configuration OK"): the samples people
# copy stay valid.
# The interfaces they name must exist (as for keepalived, unless
# dynamic_interfaces), so -t runs in a network namespace of our own that has
# them; that needs root (skipped otherwise).
set -u
top=${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
ka=${KEEPALIVED:-$top/keepalived/keepalived}
[ -x "$ka" ] || { echo "FAIL: $ka not built"; exit 1; }
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (a network namespace with the samples' interfaces)"; exit 77; }
ns="ka-samples-$$"
ip netns add "$ns" || { echo "FAIL: cannot create namespace $ns"; exit 1; }
trap 'ip netns del "$ns" 2>/dev/null' EXIT
ifs=$(sed -n 's/^[[:space:]]*\(interface\|default_interface\)[[:space:]]\+\([A-Za-z0-9_.-]\+\).*/\2/p;
	s/.*[[:space:]]dev[[:space:]]\+\([A-Za-z0-9_.-]\+\).*/\1/p' "$top"/doc/samples/keepalived.conf.* |
	cat - <(printf 'eth%s\n' 0 1 2 3) | sort -u)   # eth0..3 for track_interface blocks
n=0
for i in $ifs; do
	n=$((n + 1))
	ip -n "$ns" link add "$i" type veth peer name "ksp$n" || { echo "FAIL: cannot make $i"; exit 1; }
done
pass=0 fail=0
for f in "$top"/doc/samples/keepalived.conf.*; do
	rc=0; out=$(ip netns exec "$ns" "$ka" -t -f "$f" 2>&1) || rc=$?
	# 5: warnings only (a sample's check script is not on this host)
	if { [ $rc = 0 ] || [ $rc = 5 ]; } && echo "$out" | grep -q 'configuration OK'; then
		echo "ok - $(basename "$f")"; pass=$((pass + 1))
	else
		echo "not ok - $(basename "$f")"; echo "$out" | sed 's/^/    /'; fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
