#!/usr/bin/env bash
# bench/failover.sh - failover time of keepalived-ng against Debian's
# keepalived, measured in the same run on the same lab.
#
# Two routers on a bridge (network namespaces made here, removed on exit).
# For each daemon and each way of losing the master (clean stop = SIGTERM,
# crash = SIGKILL) it measures, N times, the time from the signal until the
# backup has the VIP, and prints the medians and the ratio ours/keepalived.
# Not part of `make check`: timings depend on the machine.
#
# usage: sudo bash bench/failover.sh [RUNS]   (default 5)
set -u
RUNS=${1:-5}
TOP=$(cd "$(dirname "$0")/.." && pwd)
OURS=${KEEPALIVED:-$TOP/keepalived/keepalived}
THEIRS=${REF_KEEPALIVED:-/usr/sbin/keepalived}
P="kb$$"
TMP=$(mktemp -d /tmp/ka-bench.XXXXXX)

cleanup() {
	for f in "$TMP"/*.pid; do [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null; done
	for n in sw r1 r2; do ip netns del "$P-$n" 2>/dev/null; done
	rm -rf "$TMP"
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || { echo "run as root"; exit 1; }
[ -x "$OURS" ] || { echo "build first: $OURS missing"; exit 1; }
[ -x "$THEIRS" ] || { echo "Debian keepalived missing: apt-get install keepalived"; exit 1; }

ip netns add "$P-sw"
ip -n "$P-sw" link add br0 type bridge && ip -n "$P-sw" link set br0 up
for i in 1 2; do
	ip netns add "$P-r$i"
	ip -n "$P-sw" link add "p$i" type veth peer name eth0 netns "$P-r$i"
	ip -n "$P-sw" link set "p$i" master br0 up
	ip -n "$P-r$i" link set lo up
	ip -n "$P-r$i" link set eth0 up
	ip -n "$P-r$i" addr add "10.250.0.$i/24" dev eth0
	cat > "$TMP/r$i.conf" <<CONF
vrrp_instance VB {
	state BACKUP
	interface eth0
	virtual_router_id 77
	priority $((250 - 50 * i))
	advert_int 1
	virtual_ipaddress {
		10.250.0.100/24
	}
}
CONF
done

has_vip() { ip -n "$P-r$1" -br addr show eth0 | grep -q '10.250.0.100/'; }
now_ms() { date +%s%3N; }

start() { # daemon router
	ip netns exec "$P-r$2" "$1" -n -P -f "$TMP/r$2.conf" -p "$TMP/p$2.pid" \
		-r "$TMP/v$2.pid" -c "$TMP/c$2.pid" >/dev/null 2>&1 &
	disown
}

stop_all() {
	for f in "$TMP"/*.pid; do [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null; done
	rm -f "$TMP"/*.pid
	sleep 0.5
	for i in 1 2; do ip -n "$P-r$i" addr del 10.250.0.100/24 dev eth0 2>/dev/null; done
}

# One measurement: r1 master, r2 backup; signal r1; ms until r2 has the VIP.
measure() { # daemon signal
	stop_all
	start "$1" 1; start "$1" 2
	local t=0
	until has_vip 1 && ! has_vip 2; do sleep 0.1; t=$((t + 1)); [ $t -gt 150 ] && { echo -1; return; }; done
	sleep 1.5
	local sig=$2 t0
	t0=$(now_ms)
	if [ "$sig" = KILL ]; then
		kill -9 "$(cat "$TMP/v1.pid")" "$(cat "$TMP/p1.pid")" 2>/dev/null
	else
		kill -TERM "$(cat "$TMP/p1.pid")"
	fi
	until has_vip 2; do sleep 0.005; [ $(( $(now_ms) - t0 )) -gt 15000 ] && { echo -1; return; }; done
	echo $(( $(now_ms) - t0 ))
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

printf '%-12s %-6s %10s %10s %8s\n' "case" "runs" "ours(ms)" "ka(ms)" "ratio"
for sig in TERM KILL; do
	ours=$(for _ in $(seq "$RUNS"); do measure "$OURS" $sig; done | median)
	theirs=$(for _ in $(seq "$RUNS"); do measure "$THEIRS" $sig; done | median)
	ratio=$(awk -v a="$ours" -v b="$theirs" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')
	printf '%-12s %-6s %10s %10s %8s\n' "stop-$sig" "$RUNS" "$ours" "$theirs" "$ratio"
done
