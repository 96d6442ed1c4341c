#!/usr/bin/env bash
# tools/fuzz.sh - build every fuzz target of test/fuzz/ with clang and
# libFuzzer (-fsanitize=fuzzer,address,undefined) and run each for SECONDS.
#
#   bash tools/fuzz.sh SECONDS [TARGET...]   # default: all targets, one after another
#
# The build lives in build-fuzz/ (a copy of the tree, configured with clang).
# Each target starts from its committed corpus test/fuzz/corpus/NAME/ and
# keeps what it finds in build-fuzz/corpus/NAME/; a crashing input is saved
# as build-fuzz/crash/NAME/crash-* (add it to the committed corpus once
# fixed). Runs under `nice -n 10`. The last line is
#     fuzz: N targets, N crashes
# and the exit status is non-zero when a target crashed.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FUZZ_TARGETS=(vrrp_packet vrrp_packet6 conf http udp_reply ipc conf_wire icmp dns smtp bfd_packet)

SECONDS_EACH=${1:-}
if ! [[ "$SECONDS_EACH" =~ ^[0-9]+$ ]]; then
	sed -n '2,14p' "$0"
	exit 2
fi
shift
[ $# -gt 0 ] && FUZZ_TARGETS=("$@")
say() { printf '[fuzz] %s\n' "$*"; }

CC=${FUZZ_CC:-clang}
if ! command -v "$CC" >/dev/null; then
	say "$CC not found: run tools/setup.sh (it installs clang)"
	exit 2
fi
B="$ROOT/build-fuzz"
SRC="$B/src"
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined"

# a copy of the tracked tree, configured with clang and coverage
mkdir -p "$SRC"
(cd "$ROOT" && git ls-files -z -co --exclude-standard | grep -zv '^build-' | tar --null -T - -cf -) |
	tar -C "$SRC" -xf -
cd "$SRC" || exit 2
if [ ! -f Makefile ] || [ configure.ac -nt Makefile ]; then
	say "configure with $CC in $SRC"
	autoreconf -fi >/dev/null 2>&1 || { say "autoreconf failed"; exit 2; }
	CC=$CC CFLAGS="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link $SAN" \
		LDFLAGS="$SAN" ./configure -q >/dev/null || { say "configure failed"; exit 2; }
fi
say "build libraries"
nice -n 10 make -j2 lib/libka.a keepalived/libkeepalived.a >"$B/build.log" 2>&1 ||
	{ tail -20 "$B/build.log"; say "build failed"; exit 2; }
LIBS="keepalived/libkeepalived.a lib/libka.a $(pkg-config --libs libnl-route-3.0 libnl-genl-3.0 libnl-3.0 libnftnl libmnl libipset libssl libcrypto libpcre2-8 json-c libmicrohttpd libsystemd 2>/dev/null)"
CFLAGS="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer $SAN -std=gnu11 -include ka_build_config.h
	-Ilib -Ikeepalived/include -Ikeepalived/check $(pkg-config --cflags libnl-3.0 2>/dev/null)"

crashes=0
ran=0
for t in "${FUZZ_TARGETS[@]}"; do
	src="test/fuzz/fuzz_$t.c"
	[ -f "$src" ] || { say "no target $t"; crashes=$((crashes + 1)); continue; }
	# shellcheck disable=SC2086
	if ! nice -n 10 $CC $CFLAGS "$src" -o "$B/fuzz_$t" $LIBS >>"$B/build.log" 2>&1; then
		tail -20 "$B/build.log"
		say "cannot build $t"
		crashes=$((crashes + 1))
		continue
	fi
	mkdir -p "$B/corpus/$t" "$B/crash/$t"
	say "$t: ${SECONDS_EACH}s"
	ran=$((ran + 1))
	dict=(); [ -f "test/fuzz/$t.dict" ] && dict=(-dict="test/fuzz/$t.dict")
	nice -n 10 "$B/fuzz_$t" "${dict[@]}" -max_total_time="$SECONDS_EACH" -timeout=10 \
		-rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
		-artifact_prefix="$B/crash/$t/" "$B/corpus/$t" "$ROOT/test/fuzz/corpus/$t" \
		>"$B/fuzz_$t.log" 2>&1
	rc=$?
	grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$B/fuzz_$t.log" | sed "s/^/[fuzz] $t /"
	# coverage reached (libFuzzer's edge count "cov:" and features "ft:")
	grep -E '^#[0-9]+.*cov: ' "$B/fuzz_$t.log" | tail -1 | sed -E 's/.*(cov: [0-9]+ ft: [0-9]+ corp: [^ ]+).*/\1/' |
		sed "s/^/[fuzz] $t /"
	if [ $rc -ne 0 ]; then
		crashes=$((crashes + 1))
		say "$t CRASHED (exit $rc): $(ls "$B/crash/$t" | head -3 | tr '\n' ' ')"
		grep -m1 -A12 -E 'ERROR: |runtime error|invariant failed' "$B/fuzz_$t.log"
	fi
done
echo "fuzz: $ran targets, $crashes crashes"
[ $crashes -eq 0 ]
