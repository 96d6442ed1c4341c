#!/usr/bin/env bash
# doc_keywords.sh - keepalived.conf(5) "NOT SUPPORTED" lists exactly the
# keywords the tables reject (CONF_KW_NOT_SUPPORTED) and those accepted
# without effect (CONF_KW_NO_EFFECT). Implementing a keyword means removing
# it from both; this test keeps the page true.
set -u
top=${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
man="$top/doc/man/keepalived.conf.5"
fail=0

# table_words KIND: the keywords of every CONF_KW_KIND("...") and
# CONF_KW_KIND_WHY("...", why) (CONF_KW_NO_EFFECT_UINT/_VALUE/_SKIP) row, sorted.
table_words() {
	grep -rhoE --include=*.c "CONF_KW_$1(_WHY|_UINT|_VALUE|_SKIP)?\(\"[^\"]+\"[,)]" "$top/keepalived" |
		sed -E 's/^[^"]*"([^"]*)".*/\1/' | sort -u
}
# man_words TAG: the comma-separated words between BEGIN TAG and END TAG.
man_words() {
	sed -n "/^\.\\\\\" BEGIN $1 /,/^\.\\\\\" END $1/p" "$man" | grep -v '^\.' |
		tr ',' '\n' | sed -E 's/[ .]//g' | grep -v '^$' | sort -u
}

for pair in NOT_SUPPORTED:not-supported NO_EFFECT:no-effect; do
	kind=${pair%%:*} tag=${pair#*:}
	t=$(table_words "$kind") m=$(man_words "$tag")
	if ! grep -q "^\.\\\\\" BEGIN $tag " "$man"; then
		echo "FAIL: no '$tag' list in $man"; fail=1; continue
	fi
	missing=$(comm -23 <(echo "$t") <(echo "$m"))
	extra=$(comm -13 <(echo "$t") <(echo "$m"))
	[ -n "$missing" ] && { echo "FAIL: $kind keywords missing from keepalived.conf(5) '$tag':" $missing; fail=1; }
	[ -n "$extra" ] && { echo "FAIL: keepalived.conf(5) '$tag' lists keywords that are not $kind in the tables:" $extra; fail=1; }
done
[ "$fail" = 0 ] && echo "ok - keepalived.conf(5) NOT SUPPORTED lists match the keyword tables"
exit $fail
