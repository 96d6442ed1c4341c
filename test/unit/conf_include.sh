#!/bin/bash
# conf_include.sh - keepalived 2.2's include variants and include_check:
# includer/includem/includew/includeb/includea and include_check
# [+|-]CHECK... turn a missing match into a FILE:LINE error (-t exits 4),
# plain include only notes it (exit 0); csh brace patterns ({a,b}) include each file;
# include_check is the including file's own (restored after an include).
set -u
KEEPALIVED=${KEEPALIVED:-$(dirname "$0")/../../keepalived/keepalived}
[ -x "$KEEPALIVED" ] || { echo "no $KEEPALIVED"; exit 77; }
T=$(mktemp -d /tmp/ka-include.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# The interface need not exist on this host (dynamic_interfaces): these
# cases are about includes.
inst() { # inst NAME VRID: one vrrp_instance
	printf 'global_defs {\n dynamic_interfaces\n}\n'
	printf 'vrrp_instance %s {\n interface eth0\n virtual_router_id %s\n priority 100\n virtual_ipaddress {\n  10.9.9.%s\n }\n}\n' "$1" "$2" "$2"
}
mkdir -p "$T/d"
inst A 1 >"$T/d/a.conf"
inst B 2 >"$T/d/b.conf"

# expect NAME RC PATTERN: -t on $T/main.conf exits RC and prints PATTERN (grep -E)
expect() {
	local out rc
	out=$("$KEEPALIVED" -t -f "$T/main.conf" 2>&1)
	rc=$?
	[ "$rc" = "$2" ] || bad "$1: exit $rc, expected $2: $out"
	echo "$out" | grep -qE -- "$3" || bad "$1: no '$3' in: $out"
}

printf 'include d/{a,b}.conf\n' >"$T/main.conf"
expect "braces" 0 "configuration OK"
n=$("$KEEPALIVED" -t -f "$T/main.conf" 2>&1 | grep -c 'duplicate')
[ "$n" = 0 ] || bad "braces: a file read twice"

printf 'include d/{a,nope}.conf\ninclude d/none*.conf\ninclude d/none.conf\n' >"$T/main.conf"
expect "plain include notice" 0 "main.conf:2: include pattern 'd/none\*.conf' matches no file"

printf 'includeb d/{a,nope}.conf\n' >"$T/main.conf"
expect "includeb" 4 "main.conf:1: include 'd/\{a,nope\}.conf': '.*/d/nope.conf' matches no file \(brace_match\)"
printf 'includew d/none*.conf\n' >"$T/main.conf"
expect "includew" 4 "main.conf:1: include pattern 'd/none\*.conf' matches no file \(wildcard_match\)"
printf 'includem d/none.conf\n' >"$T/main.conf"
expect "includem" 4 "main.conf:1: include pattern 'd/none.conf' matches no file \(match\)"
printf 'includem d/none*.conf\n' >"$T/main.conf"
expect "includem ignores wildcards" 0 "include pattern .* matches no file$"
printf 'includer d/a.conf\nincludea d/b.conf\n' >"$T/main.conf"
expect "includer/includea read" 0 "configuration OK"
printf 'includea d/none*.conf\n' >"$T/main.conf"
expect "includea" 4 "\(wildcard_match\)"

# include_check: the including file's level; a sub-file's own does not leak back
printf 'global_defs {\n include_check +match -wildcard_match\n}\ninclude d/none*.conf\ninclude d/none.conf\n' >"$T/main.conf"
expect "include_check +match -wildcard_match" 4 "main.conf:5: include pattern 'd/none.conf' matches no file \(match\)"
"$KEEPALIVED" -t -f "$T/main.conf" 2>&1 | grep -q "main.conf:4: include pattern" || bad "include_check: wildcard_match was removed"
printf 'global_defs {\n include_check\n}\n' >"$T/d/strict.conf"
printf 'include d/strict.conf\ninclude d/none.conf\n' >"$T/main.conf"
expect "include_check scope" 0 "main.conf:2: include pattern"
printf 'global_defs {\n include_check readable bogus\n}\n' >"$T/main.conf"
expect "include_check bad word" 4 "main.conf:2: include_check: unknown check 'bogus'"

[ "$fail" = 0 ] && echo "ok - include variants and include_check"
exit $fail
