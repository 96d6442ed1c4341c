#!/usr/bin/env bash
# bench/conf_check.sh - `keepalived -t` on a large LVS configuration:
# keepalived-ng against Debian's keepalived, measured in the same run.
#
# Generates 100 virtual servers x 100 real servers, each real server with an
# HTTP_GET check (about 120,000 lines), runs `-t` on it RUNS times with each
# daemon (alternating), and prints the median wall time and the median peak
# RSS of each and the ratios ours/keepalived. Not part of `make check`.
#
# usage: bash bench/conf_check.sh [RUNS]   (default 5)
set -u
RUNS=${1:-5}
TOP=$(cd "$(dirname "$0")/.." && pwd)
OURS=${KEEPALIVED:-$TOP/keepalived/keepalived}
THEIRS=${REF_KEEPALIVED:-/usr/sbin/keepalived}
TMP=$(mktemp -d /tmp/ka-bench-conf.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
[ -x "$OURS" ] || { echo "build first: $OURS missing"; exit 1; }
[ -x "$THEIRS" ] || { echo "Debian keepalived missing: apt-get install keepalived"; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time missing: apt-get install time"; exit 1; }

CONF=$TMP/keepalived.conf
awk 'BEGIN {
	print "global_defs {\n    router_id bench\n}"
	for (v = 0; v < 100; v++) {
		printf "virtual_server 10.%d.%d.1 80 {\n", int(v / 250), v % 250
		print "    delay_loop 6\n    lb_algo rr\n    lb_kind NAT\n    protocol TCP"
		for (r = 0; r < 100; r++) {
			printf "    real_server 192.168.%d.%d 8080 {\n", v, r + 1
			print "        weight 1"
			print "        HTTP_GET {"
			print "            url {\n                path /health\n                status_code 200\n            }"
			print "            connect_timeout 3\n            retry 3\n            delay_before_retry 3"
			print "        }\n    }"
		}
		print "}"
	}
}' >"$CONF"
lines=$(wc -l <"$CONF")

# one NAME BINARY: -t once; appends "seconds kilobytes" to $TMP/NAME
# (wall time from the nanosecond clock, peak RSS from /usr/bin/time)
one() {
	local t0 t1 kb
	t0=$(date +%s%N)
	kb=$(/usr/bin/time -f '%M' "$2" -t -f "$CONF" 2>&1 >/dev/null | tail -1)
	t1=$(date +%s%N)
	echo "$(( (t1 - t0) / 1000 )) $kb" | awk '{ printf "%.4f %s\n", $1 / 1e6, $2 }' >>"$TMP/$1"
}
for b in ours theirs; do
	bin=$OURS; [ $b = theirs ] && bin=$THEIRS
	if ! "$bin" -t -f "$CONF" >"$TMP/$b.check" 2>&1; then
		echo "$b: -t failed on the generated config:"; head -5 "$TMP/$b.check"; exit 1
	fi
done
for i in $(seq 1 "$RUNS"); do
	one ours "$OURS"
	one theirs "$THEIRS"
done
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
ot=$(cut -d' ' -f1 "$TMP/ours" | median); tt=$(cut -d' ' -f1 "$TMP/theirs" | median)
om=$(cut -d' ' -f2 "$TMP/ours" | median); tm=$(cut -d' ' -f2 "$TMP/theirs" | median)
echo "config: $lines lines (100 virtual servers x 100 real servers, HTTP_GET), $RUNS runs each"
printf 'time (median s):      ours %s  keepalived %s  ratio %.2f\n' "$ot" "$tt" "$(echo "$ot $tt" | awk '{ print ($2 > 0) ? $1 / $2 : 0 }')"
printf 'peak RSS (median kB): ours %s  keepalived %s  ratio %.2f\n' "$om" "$tm" "$(echo "$om $tm" | awk '{ print ($2 > 0) ? $1 / $2 : 0 }')"
