#!/usr/bin/env bash
# tests_run.sh - every TEST(name) of a C unit test is also RUN(name) in its
# main(): a test that is defined but never run checks nothing (three were
# found that way, one of them failing).
set -u
top=${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
fail=0 n=0
while IFS= read -r f; do
	defined=$(grep -oE '^TEST\([A-Za-z0-9_]+\)' "$f" | sed -E 's/^TEST\((.*)\)$/\1/' | sort -u)
	[ -n "$defined" ] || continue
	n=$((n + 1))
	run=$(grep -oE 'RUN\([A-Za-z0-9_]+\)' "$f" | sed -E 's/^RUN\((.*)\)$/\1/' | sort -u)
	for t in $(comm -23 <(echo "$defined") <(echo "$run")); do
		echo "FAIL: ${f#"$top"/}: TEST($t) is never RUN()"; fail=1
	done
done < <(find "$top/test" "$top/keepalived" "$top/lib" "$top/genhash" -name '*.c' 2>/dev/null)
[ "$n" -gt 10 ] || { echo "FAIL: only $n files with TEST() found under $top"; fail=1; }
[ "$fail" = 0 ] && echo "ok - every TEST() of $n files is RUN()"
exit $fail
