#!/usr/bin/env bash
# samples_check.sh - every doc/samples/keepalived.conf.* passes `keepalived -t`
# (exit 0, "configuration OK"): the samples people copy stay valid.
set -u
top=${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
ka=${KEEPALIVED:-$top/keepalived/keepalived}
[ -x "$ka" ] || { echo "FAIL: $ka not built"; exit 1; }
pass=0 fail=0
for f in "$top"/doc/samples/keepalived.conf.*; do
	if out=$("$ka" -t -f "$f" 2>&1) && echo "$out" | grep -q 'configuration OK'; then
		echo "ok - $(basename "$f")"; pass=$((pass + 1))
	else
		echo "not ok - $(basename "$f")"; echo "$out" | sed 's/^/    /'; fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
