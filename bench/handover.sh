#!/usr/bin/env bash
# bench/handover.sh [N...]: configuration hand-over of one virtual server
# with N real servers (TCP_CHECK), default N = 2500 5000 10000 20000.
# For each N, one line, every time in seconds:
#   parse      keepalived -t wall time (ours)
#   ka_parse   /usr/sbin/keepalived -t wall time on the same file (keepalived
#              2.2.7, when installed), and the ratio ours / keepalived
#   start: hand-over  the checker received the stream (CONF_BEGIN..CONF_END,
#                     as the child logs it)
#          apply      the checker applied it (its conf_apply, as it logs it)
#          total      the parent queued it -> the acknowledgement arrived
#   reload (SIGHUP changing one real server's port):
#          parse      the parent read and checked the file (as it logs it)
#          hand-over, apply, total as for start
# Root; the daemon runs in a private network namespace (no IPVS on the host:
# the checker runs without it). Not part of make check. Run it with nice -n 10
# on a shared machine and say so with the numbers.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
KA=${KEEPALIVED:-$ROOT/keepalived/keepalived}
REF=${KEEPALIVED_REF:-/usr/sbin/keepalived}
[ "$(id -u)" = 0 ] || { echo "needs root"; exit 77; }
NS=kabench$$
T=$(mktemp -d /tmp/ka-bench.XXXXXX)
cleanup() {
	[ -f "$T/pid" ] && kill "$(cat "$T/pid")" 2>/dev/null && sleep 0.5
	ip netns del "$NS" 2>/dev/null || true
	rm -rf "$T"
}
trap cleanup EXIT
ip netns add "$NS"; ip -n "$NS" link set lo up
conf() { # N PORT_OF_LAST
	python3 - "$1" "$2" <<'PY'
import sys
n, last = int(sys.argv[1]), int(sys.argv[2])
print("virtual_server 10.99.0.1 80 {\n    delay_loop 600\n    protocol TCP")
for i in range(n):
    print("    real_server 10.%d.%d.%d %d {\n        TCP_CHECK {\n            connect_timeout 1\n        }\n    }"
          % (100 + i // 62500, i // 250 % 250, i % 250 + 1, last if i == n - 1 else 80))
print("}")
PY
}
# wall time of "$@" in seconds
wall() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
# numbers from the log for generation $1
acked() { grep -o "checker child applied configuration generation $1 ([0-9.]* s" "$T/log" | grep -o '[0-9.]* s$' | tr -d ' s'; }
recv_s() { sed -n "s/.*configuration generation $1: .* received in \([0-9.]*\) s, applied in .*/\1/p" "$T/log" | tail -1; }
apply_s() { sed -n "s/.*configuration generation $1: .* applied in \([0-9.]*\) s.*/\1/p" "$T/log" | tail -1; }
reparse_s() { sed -n 's/.*reload: .* read and checked in \([0-9.]*\) s.*/\1/p' "$T/log" | tail -1; }
wait_acked() { for _ in $(seq 600); do [ -n "$(acked "$1")" ] && return 0; sleep 0.1; done; echo "generation $1 never acknowledged" >&2; return 1; }

printf '%7s | %6s %8s %5s | %9s %6s %6s | %6s %9s %6s %6s\n' N parse ka_parse ratio \
	hand-over apply total parse hand-over apply total
printf '%7s | %21s | %24s | %31s\n' "" "keepalived -t" "start" "reload (SIGHUP)"
for n in ${@:-2500 5000 10000 20000}; do
	conf "$n" 80 >"$T/k.conf"
	ours=$(wall "$KA" -t -f "$T/k.conf")
	ref=- ratio=-
	if [ -x "$REF" ]; then
		ref=$(printf '%.3f' "$(wall "$REF" -t -f "$T/k.conf")")
		ratio=$(printf '%.2f' "$(echo "scale=4; $ours / $ref" | bc)")
	fi
	: >"$T/log"
	ip netns exec "$NS" "$KA" -n -l -D -f "$T/k.conf" -p "$T/p" -r "$T/r" -c "$T/c" --dump-dir "$T" \
		</dev/null >>"$T/log" 2>&1 &
	echo $! >"$T/pid"
	wait_acked 1
	conf "$n" 81 >"$T/k.conf"
	kill -HUP "$(cat "$T/pid")"
	wait_acked 2
	printf '%7s | %6.3f %8s %5s | %9s %6s %6s | %6s %9s %6s %6s\n' "$n" "$ours" "$ref" "$ratio" \
		"$(recv_s 1)" "$(apply_s 1)" "$(acked 1)" "$(reparse_s)" "$(recv_s 2)" "$(apply_s 2)" "$(acked 2)"
	kill "$(cat "$T/pid")"; wait "$(cat "$T/pid")" 2>/dev/null || true; rm -f "$T/pid"
done
