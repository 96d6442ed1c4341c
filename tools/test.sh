#!/usr/bin/env bash
# tools/test.sh - set up, build and run the whole test suite (`make check`:
# unit tests, VRRP scenarios in network namespaces, interop with Debian's
# keepalived, the VM tests), then print one line per test and a last line
#     N passed, N failed[, N skipped]
# Exits non-zero iff a test (or the build) failed. Run as root for the
# namespace tests (they skip otherwise).
#
#   bash tools/test.sh               # in-tree build
#   bash tools/test.sh --sanitizers  # ASan/UBSan build in build-san/, suite there;
#                                    # every report (build-san/reports/) fails the run
#   JOBS=3 bash tools/test.sh        # parallel tests (default 3)
set -uo pipefail
export DEBIAN_FRONTEND=noninteractive

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SANITIZERS=0
JOBS=${JOBS:-3}
for a in "$@"; do
	case $a in
	--sanitizers) SANITIZERS=1 ;;
	-h|--help) sed -n '2,12p' "$0"; exit 0 ;;
	*) echo "test.sh: unknown option $a" >&2; exit 2 ;;
	esac
done

say() { printf '[test] %s\n' "$*"; }
# finish PASSED FAILED SKIPPED: the closing line, and the exit status.
finish() {
	if [ "$3" -gt 0 ]; then
		echo "$1 passed, $2 failed, $3 skipped"
	else
		echo "$1 passed, $2 failed"
	fi
	[ "$2" -eq 0 ]
	exit
}

if [ "$SANITIZERS" = 1 ]; then
	BUILD="$ROOT/build-san"
	SETUP_ARGS=(--builddir "$BUILD" --configure-args "--enable-sanitizers")
	BUILD="$BUILD/src"
	# Leaks are reported at exit; abort on the first error so tests notice.
	# Every report also goes to a file of its own: a daemon's report lands
	# in a log that its test removes when it passes (a child that aborts at
	# exit, a leak in a process nobody waits for), so the files are counted
	# after the suite as one more result ("sanitizer-reports").
	SANLOG="$ROOT/build-san/reports"
	rm -rf "$SANLOG"
	mkdir -p "$SANLOG"
	chmod 1777 "$SANLOG"   # processes that changed uid report too
	export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}:log_path=$SANLOG/asan"
	export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}:log_path=$SANLOG/ubsan"
else
	BUILD="$ROOT"
	SETUP_ARGS=()
fi

say "setup and build (tools/setup.sh ${SETUP_ARGS[*]})"
if ! bash "$ROOT/tools/setup.sh" "${SETUP_ARGS[@]}"; then
	say "setup/build FAILED"
	echo "FAIL: build"
	finish 0 1 0
fi

OUT=$(mktemp /tmp/ka-test-out.XXXXXX)
trap 'rm -f "$OUT"' EXIT
say "make -j$JOBS check in $BUILD"
start=$(date +%s)
# Tests run at -j$JOBS: they mostly wait on timers, so 3 fit on 2 cores.
# No colours: the output is parsed.
make -C "$BUILD" -j"$JOBS" check AM_COLOR_TESTS=no </dev/null 2>&1 | tee "$OUT"
rc=${PIPESTATUS[0]}
say "make check exited $rc after $(( $(date +%s) - start )) s"

# If make check stopped before running any test (a unit-test program did not
# compile), still run the script tests, so one broken program does not hide
# every other result. The build failure itself is counted as a failure below.
BUILD_BROKEN=0
if [ "$rc" -ne 0 ] && ! grep -Eq '^(PASS|FAIL|ERROR|XPASS|XFAIL|SKIP): ' "$OUT"; then
	BUILD_BROKEN=1
	scripts=$(printf 'ka-print-tests:\n\t@echo $(TESTS)\n' |
		make -s -C "$BUILD" -f Makefile -f - ka-print-tests 2>/dev/null | tr ' ' '\n' | grep '\.sh$' | tr '\n' ' ')
	if [ -n "$scripts" ]; then
		say "the test programs did not build; running the script tests alone"
		make -C "$BUILD" -j"$JOBS" check AM_COLOR_TESTS=no check_PROGRAMS= TESTS="$scripts" \
			</dev/null 2>&1 | tee -a "$OUT"
	fi
fi

# Packaging: make distcheck (the tarball, a VPATH build from it, the unit
# tests there, install, installcheck - every program, man page, the unit
# and the samples in place - and uninstall). One more result line.
if [ "$BUILD_BROKEN" = 0 ]; then
	say "make distcheck"
	units=$(printf 'ka-print-tests:\n\t@echo $(TESTS)\n' |
		make -s -C "$BUILD" -f Makefile -f - ka-print-tests 2>/dev/null | tr ' ' '\n' |
		grep -E '^test/(unit|fuzz)/' | tr '\n' ' ')
	if make -C "$BUILD" distcheck TESTS="$units" AM_COLOR_TESTS=no >"$BUILD/make-distcheck.log" 2>&1 </dev/null; then
		echo "PASS: make-distcheck" >>"$OUT"
	else
		echo "FAIL: make-distcheck" >>"$OUT"
	fi
	rm -f "$BUILD"/keepalived-ng-*.tar.gz
fi

# Sanitizer reports written by any process of the run (see above).
if [ "$SANITIZERS" = 1 ]; then
	reports=$(find "$SANLOG" -type f 2>/dev/null | sort)
	if [ -n "$reports" ]; then
		echo "FAIL: sanitizer-reports" >>"$OUT"
		for f in $reports; do
			echo "==================== $f ===================="
			head -n 40 "$f"
		done >"$SANLOG.txt"
		say "$(echo "$reports" | wc -l) sanitizer report(s): $SANLOG.txt"
	else
		echo "PASS: sanitizer-reports" >>"$OUT"
	fi
fi

# Per-test results, from the harness's "RESULT: test" lines.
pass=0 fail=0 skip=0
failed=()
echo
echo "==================== results ===================="
while read -r res name; do
	res=${res%:}
	printf '%-6s %s\n' "$res" "$name"
	case $res in
	PASS|XFAIL) pass=$((pass + 1)) ;;
	SKIP) skip=$((skip + 1)) ;;
	FAIL|ERROR|XPASS) fail=$((fail + 1)); failed+=("$name") ;;
	esac
done < <(grep -E '^(PASS|FAIL|ERROR|XPASS|XFAIL|SKIP): ' "$OUT")

# make check failed but no test did: the build of the test programs broke.
if [ "$BUILD_BROKEN" = 1 ] || { [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; }; then
	echo "FAIL   make check (exit $rc: the build broke, see the output above)"
	fail=$((fail + 1))
fi

for t in "${failed[@]}"; do
	log="$BUILD/${t%.sh}.log"
	[ "$t" = sanitizer-reports ] && log="$SANLOG.txt"
	echo
	echo "==================== $t ($log) ===================="
	if [ -f "$log" ]; then tail -n 200 "$log"; else echo "(no log file)"; fi
done
echo
finish "$pass" "$fail" "$skip"
