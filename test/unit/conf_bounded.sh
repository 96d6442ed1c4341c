#!/bin/bash
# conf_bounded.sh - bad configuration input gets FILE:LINE errors in bounded
# time and memory (issue 9): a 100,000-line garbage file stops after 100
# errors with "too many errors"; include of a device, 10,000 nested braces,
# a 1 MB word, a long continued line and a self-expanding definition are
# each one clear error. Memory is bounded with ulimit -v (no timing checks;
# `timeout` only keeps a hang from blocking the suite).
set -u
KEEPALIVED=${KEEPALIVED:-$(dirname "$0")/../../keepalived/keepalived}
[ -x "$KEEPALIVED" ] || { echo "no $KEEPALIVED"; exit 77; }
T=$(mktemp -d /tmp/ka-bounded.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# An AddressSanitizer build (tools/test.sh --sanitizers) reserves terabytes
# of address space for its shadow memory, so ulimit -v cannot apply; it is
# bounded by ASan's own resident-memory limit instead (ASan itself roughly
# triples what the program uses).
if grep -qa __asan_init "$KEEPALIVED"; then
	ASAN_BOUND="${ASAN_OPTIONS:+$ASAN_OPTIONS:}hard_rss_limit_mb=1536:quarantine_size_mb=16"
else
	ASAN_BOUND=""
fi

# run NAME FILE: keepalived -t under a 512 MiB address-space limit
run() {
	if [ -n "$ASAN_BOUND" ]; then
		ASAN_OPTIONS=$ASAN_BOUND timeout 60 "$KEEPALIVED" -t -f "$2"
	else
		( ulimit -v 524288; timeout 60 "$KEEPALIVED" -t -f "$2" )
	fi >"$T/$1.out" 2>&1
	echo $? >"$T/$1.rc"
}
expect() { # NAME RC PATTERN
	local rc; rc=$(cat "$T/$1.rc")
	[ "$rc" = "$2" ] || bad "$1: exit $rc, want $2 ($(head -c 300 "$T/$1.out"))"
	grep -q -- "$3" "$T/$1.out" || bad "$1: no '$3' in: $(head -c 300 "$T/$1.out")"
}

# 100,000 lines of garbage: stray braces, half blocks, bad values, quotes
awk 'BEGIN { srand(7); for (i = 0; i < 100000; i++) { r = int(rand() * 6);
	if (r == 0) print "}"; else if (r == 1) print "vrrp_instance X" i " {";
	else if (r == 2) print "  priority " int(rand() * 1000) "x";
	else if (r == 3) print "\"unterminated " i; else if (r == 4) print "{ {";
	else print "zz" i " " i } }' >"$T/garbage.conf"
run garbage "$T/garbage.conf"
expect garbage 4 "too many errors (more than 100), giving up"
n=$(grep -c "garbage.conf:[0-9]*: " "$T/garbage.out")
[ "$n" -le 250 ] || bad "garbage: $n messages printed, want the cap"

printf 'global_defs {\n}\ninclude /dev/zero\n' >"$T/zero.conf"
run zero "$T/zero.conf"
expect zero 4 "zero.conf:3: cannot read /dev/zero: not a regular file"

awk 'BEGIN { for (i = 0; i < 10000; i++) printf "a {\n" }' >"$T/nest.conf"
run nest "$T/nest.conf"
expect nest 5 "nest.conf:10000: warning: block .a. opened at .*nest.conf:1 is never closed: closed at the end"

{ printf 'global_defs {\n router_id '; head -c 1048576 /dev/zero | tr '\0' a; printf '\n}\n'; } >"$T/word.conf"
run word "$T/word.conf"
expect word 4 "word.conf:2: line longer than 65536 bytes"

awk 'BEGIN { for (i = 0; i < 200000; i++) print "x" i " \\" ; print "end" }' >"$T/cont.conf"
run cont "$T/cont.conf"
expect cont 4 "cont.conf:1: line longer than"

printf '$A0=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n' >"$T/exp.conf"
for i in $(seq 1 15); do printf '$A%d=${A%d} ${A%d}\n' $i $((i - 1)) $((i - 1)) >>"$T/exp.conf"; done
printf '$B=$B $B\n$B\n${A15}\n' >>"$T/exp.conf"
run exp "$T/exp.conf"
expect exp 4 "nested more than 16 deep"
grep -q "exp.conf:19: line longer than 1048576 bytes after substitution" "$T/exp.out" ||
	bad "exp: no line-length error: $(head -c 300 "$T/exp.out")"

# a definition defined as an include of a device, used many times
printf '$Z=include /dev/zero\n' >"$T/defz.conf"
for i in $(seq 1 200); do printf '$Z\n' >>"$T/defz.conf"; done
run defz "$T/defz.conf"
expect defz 4 "too many errors"

[ $fail = 0 ] && echo "bounded input: all cases pass"
exit $fail
