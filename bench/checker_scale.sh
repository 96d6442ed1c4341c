#!/usr/bin/env bash
# bench/checker_scale.sh - health checking at scale: keepalived-ng's checker
# against haproxy doing the same checks on the same servers, in one run.
#
# Lab (network namespaces made here, removed on exit):
#   ck  netns: our checker (-C, no IPVS needed: the checks themselves are
#              measured), then haproxy
#   srv netns: nginx (Debian) answering on every address of 10.202.0.0/16
#              (an AnyIP local route), so N real servers are N addresses
#   ck eth0 10.203.0.1/30 <-> srv eth0 10.203.0.2/30
#
# Each daemon runs alone for the same window. What the real servers saw
# gives the schedule: nginx's access log (HTTP) or the SYNs captured in srv
# (TCP, and the black-holed servers' in HTTP mode). CPU is utime+stime of the checking process(es) from /proc.
#
# usage: bench/checker_scale.sh [-m http|tcp] [-n SERVERS] [-i SECONDS]
#                               [-t SECONDS] [-b PERCENT_BLACKHOLED] [-v PER_VS]
#                               [-r ROUNDS]
#   defaults: -m http -n 1000 -i 0.1 -t 20 -b 0 -r 3; -v N puts N real
#   servers per virtual server (default: all in one). Each round runs both
#   daemons one after the other (the order alternates); medians are shown.
# Prints, per daemon: checks/s reached, CPU seconds per 10,000 checks, the
# median / p95 interval between two checks of one server, servers whose
# median interval is more than 5 % over the interval plus the median check
# duration, false downs; then the ratio ours/haproxy. Not part of `make check`.
set -u
MODE=http N=1000 INTERVAL=0.1 DUR=20 BLACK=0 PER_VS=0 ROUNDS=3
while getopts m:n:i:t:b:v:r: o; do
	case $o in
	m) MODE=$OPTARG ;; n) N=$OPTARG ;; i) INTERVAL=$OPTARG ;; t) DUR=$OPTARG ;;
	b) BLACK=$OPTARG ;; v) PER_VS=$OPTARG ;; r) ROUNDS=$OPTARG ;; *) sed -n '2,29p' "$0"; exit 2 ;;
	esac
done
TOP=$(cd "$(dirname "$0")/.." && pwd)
OURS=${KEEPALIVED:-$TOP/keepalived/keepalived}
P="kbs$$"
TMP=$(mktemp -d /tmp/ka-bench-scale.XXXXXX)
CK="$P-ck" SRV="$P-srv"
PIDS=()

cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done
	[ -f "$TMP/nginx.pid" ] && kill -9 "$(cat "$TMP/nginx.pid")" 2>/dev/null
	pkill -9 -F "$TMP/nginx.pid" 2>/dev/null
	sleep 0.3
	ip netns del "$CK" 2>/dev/null
	ip netns del "$SRV" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || { echo "run as root"; exit 1; }
[ -x "$OURS" ] || { echo "build first: $OURS missing"; exit 1; }
for c in nginx haproxy python3 tcpdump; do
	command -v $c >/dev/null || { echo "missing $c (apt-get install nginx-light haproxy python3 tcpdump)"; exit 1; }
done

# server k (0-based) -> its address
addr_of() { echo "10.202.$(($1 / 250)).$(($1 % 250 + 1))"; }

# ---- lab ---------------------------------------------------------------------------
ip netns add "$CK"
ip netns add "$SRV"
ip -n "$CK" link add eth0 type veth peer name eth0 netns "$SRV"
ip -n "$CK" link set lo up
ip -n "$SRV" link set lo up
ip -n "$CK" addr add 10.203.0.1/30 dev eth0
ip -n "$SRV" addr add 10.203.0.2/30 dev eth0
ip -n "$CK" link set eth0 up
ip -n "$SRV" link set eth0 up
ip -n "$CK" route add 10.202.0.0/16 via 10.203.0.2
ip -n "$SRV" route add local 10.202.0.0/16 dev lo
ip -n "$SRV" route add default via 10.203.0.1
ip netns exec "$SRV" sysctl -qw net.core.somaxconn=8192 net.ipv4.tcp_max_syn_backlog=8192
ip netns exec "$CK" sysctl -qw net.ipv4.ip_local_port_range="1024 65535" net.ipv4.tcp_tw_reuse=1

# black-holed servers: their packets are dropped in srv (connect timeouts)
: >"$TMP/black"
nb=$((N * BLACK / 100))
# haproxy gives up a check's connect after min(timeout connect, inter): the
# same for our connect_timeout, so that both knock at a black-holed server
# equally often (haproxy's read timeout is timeout check, 1 s; ours is
# connect_timeout again, re-armed whenever data arrives)
CTO=$(python3 -c "print(min(1.0, $INTERVAL))")
for ((k = 0; k < nb; k++)); do addr_of $((k * N / (nb > 0 ? nb : 1))) >>"$TMP/black"; done
if [ "$nb" -gt 0 ]; then
	{
		echo "table ip bench {"
		echo "	set black { type ipv4_addr; elements = { $(paste -sd, "$TMP/black") }; }"
		echo "	chain in {"
		echo "		type filter hook prerouting priority -300;"
		echo "		ip daddr @black drop"
		echo "	}"
		echo "}"
	} | ip netns exec "$SRV" nft -f - || exit 1
fi

cat >"$TMP/nginx.conf" <<EOF
worker_processes 2;
pid $TMP/nginx.pid;
error_log $TMP/nginx.err warn;
events { worker_connections 16384; }
http {
	log_format b '\$msec \$server_addr \$uri';
	access_log $TMP/access.log b buffer=256k flush=1s;
	server {
		listen 80 backlog=8192 reuseport;
		location / { return 200 "ok\n"; }
	}
}
EOF
ip netns exec "$SRV" nginx -c "$TMP/nginx.conf" || { echo "nginx did not start"; exit 1; }

# ---- the two configurations ------------------------------------------------------------
{
	echo "global_defs { router_id bench }"
	for ((k = 0; k < N; k++)); do
		per=${PER_VS:-0}
		[ "$per" -gt 0 ] || per=$N
		if [ $((k % per)) = 0 ]; then
			[ $k = 0 ] || echo "}"
			echo "virtual_server 10.210.$((k / per / 250)).$((k / per % 250 + 1)) 80 {"
			echo "	delay_loop $INTERVAL"
			echo "	lb_algo rr"
			echo "	protocol TCP"
			echo "	warmup $INTERVAL"
		fi
		echo "	real_server $(addr_of $k) 80 {"
		if [ "$MODE" = http ]; then
			printf '\t\tHTTP_GET {\n\t\t\turl {\n\t\t\t\tpath /ka\n\t\t\t\tstatus_code 200\n\t\t\t}\n'
		else
			printf '\t\tTCP_CHECK {\n'
		fi
		printf '\t\t\tconnect_timeout %s\n\t\t\tretry 1\n\t\t\tdelay_before_retry %s\n\t\t}\n' "$CTO" "$INTERVAL"
		echo "	}"
	done
	echo "}"
} >"$TMP/ka.conf"

inter_ms=$(python3 -c "print(int(round($INTERVAL * 1000)))")
{
	echo "global"
	echo "	nbthread 1"
	echo "	log stderr format raw local0 notice"
	echo "	maxconn 8000"
	echo "defaults"
	echo "	log global"
	echo "	timeout connect 1s"
	echo "	timeout check 1s"
	echo "	timeout client 5s"
	echo "	timeout server 5s"
	if [ "$MODE" = http ]; then
		echo "	mode http"
	else
		echo "	mode tcp"
	fi
	echo "frontend f"
	echo "	bind 127.0.0.1:8099"
	echo "	default_backend b"
	echo "backend b"
	[ "$MODE" = http ] && echo "	option httpchk GET /hap"
	echo "	default-server check inter $inter_ms fall 2 rise 1"
	for ((k = 0; k < N; k++)); do echo "	server s$k $(addr_of $k):80"; done
} >"$TMP/haproxy.cfg"

# ---- measuring ---------------------------------------------------------------------------
cpu_ticks() { # pids...: utime+stime summed, in clock ticks
	local t=0 p f
	for p in "$@"; do
		f=$(cut -d' ' -f14,15 "/proc/$p/stat" 2>/dev/null) || continue
		t=$((t + ${f% *} + ${f#* }))
	done
	echo $t
}
HZ=$(getconf CLK_TCK)
WARM=$(python3 -c "print(max(3, 3 * $INTERVAL + 2))")

# run_phase NAME: the daemon is running (pids in CPIDS); measure a window
run_phase() {
	local name=$1
	sleep "$WARM"
	# SYNs seen in srv: every check (tcp), or those to black-holed servers
	# (http: nginx never sees them) - before the drop, first SYN only
	local syn_filter='tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn and dst port 80'
	[ "$MODE" = http ] && syn_filter="$syn_filter and ($(sed 's/^/dst host /' "$TMP/black" | paste -sd'|' | sed 's/|/ or /g'))"
	if [ "$MODE" = tcp ] || [ "$nb" -gt 0 ]; then
		ip netns exec "$SRV" tcpdump -i eth0 -n -tt -B 16384 -l "$syn_filter" >"$TMP/syn.$name" 2>/dev/null &
		TCPD=$!
		sleep 1
	fi
	local c0 t0 c1 t1
	t0=$(date +%s.%N); c0=$(cpu_ticks "${CPIDS[@]}")
	sleep "$DUR"
	t1=$(date +%s.%N); c1=$(cpu_ticks "${CPIDS[@]}")
	: >"$TMP/seen.$name"
	if [ "$MODE" = tcp ] || [ "$nb" -gt 0 ]; then
		sleep 0.5
		kill "$TCPD"; wait "$TCPD" 2>/dev/null
		# one line per connection (a retransmitted SYN is not a check)
		awk '!seen[$3 $5]++ { split($5, a, "."); print $1, a[1]"."a[2]"."a[3]"."a[4] }' "$TMP/syn.$name" >>"$TMP/seen.$name"
	fi
	if [ "$MODE" = http ]; then
		sleep 1.5   # nginx flushes its log every second
		awk -v u="$2" -v t0="$t0" '$3 == u && $1 >= t0 { print $1, $2 }' "$TMP/access.log" >>"$TMP/seen.$name"
	fi
	local limit
	limit=$(python3 -c "print($INTERVAL * 1000 * 1.05 + 2)")
	local st
	st=$(python3 "$TOP/bench/intervals.py" --from "$t0" --to "$t1" --limit-ms "$limit" \
		${nb:+$([ "$nb" -gt 0 ] && echo --exclude "$TMP/black")} <"$TMP/seen.$name")
	local cpu
	cpu=$(python3 -c "print('%.2f' % (($c1 - $c0) / $HZ))")
	echo "$name $st cpu_s=$cpu window_s=$(python3 -c "print('%.1f' % ($t1 - $t0))")" | tee -a "$TMP/result"
}

echo "checker_scale: mode=$MODE servers=$N interval=${INTERVAL}s window=${DUR}s x $ROUNDS rounds black-holed=$nb ($(date -u '+%F %H:%M'), $(nproc) CPUs, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg))"

# run_ours ROUND / run_haproxy ROUND: start, measure one window, stop
run_ours() {
	rm -f "$TMP/ck.pid"
	ip netns exec "$CK" "$OURS" -n -l -C -f "$TMP/ka.conf" -p "$TMP/ka.pid" -c "$TMP/ck.pid" \
		--dump-dir="$TMP" >>"$TMP/ours.log" 2>&1 &
	local opid=$!
	PIDS+=("$opid")
	for _ in $(seq 50); do [ -s "$TMP/ck.pid" ] && break; sleep 0.1; done
	[ -s "$TMP/ck.pid" ] || { echo "our checker did not start"; cat "$TMP/ours.log"; exit 1; }
	CPIDS=("$opid" "$(cat "$TMP/ck.pid")")
	run_phase "ours.$1" /ka
	# how long the checks themselves took (the dump's "in X ms")
	rm -f "$TMP/keepalived.data"
	kill -USR1 "$opid"
	for _ in $(seq 50); do [ -s "$TMP/keepalived.data" ] && break; sleep 0.1; done
	sleep 0.3
	grep -o ' in [0-9.]* ms' "$TMP/keepalived.data" | awk '{ print $2 }' | sort -n |
		awk '{ v[NR] = $1 } END { if (NR) printf "ours.'"$1"' check duration: median %.2f ms, p95 %.2f ms\n", v[int(NR / 2) + 1], v[int(NR * 0.95) + 1] }'
	kill -TERM "$opid"; wait "$opid" 2>/dev/null
}
run_haproxy() {
	ip netns exec "$CK" haproxy -db -f "$TMP/haproxy.cfg" >>"$TMP/haproxy.log" 2>&1 &
	local hpid=$!
	PIDS+=("$hpid")
	sleep 0.5
	kill -0 "$hpid" 2>/dev/null || { echo "haproxy did not start"; cat "$TMP/haproxy.log"; exit 1; }
	CPIDS=("$hpid")
	run_phase "haproxy.$1" /hap
	kill -TERM "$hpid"; wait "$hpid" 2>/dev/null
}
# alternate the order round by round: a drifting machine load hits both alike
for ((r = 1; r <= ROUNDS; r++)); do
	if [ $((r % 2)) = 1 ]; then run_ours $r; run_haproxy $r; else run_haproxy $r; run_ours $r; fi
done
ours_down=$(grep -c ' failed: ' "$TMP/ours.log")
hap_down=$(grep -c ' is DOWN' "$TMP/haproxy.log")

# false downs: transitions to down of servers that were not black-holed
false_down() {
	grep -oE '10\.202\.[0-9]+\.[0-9]+' | sort -u | grep -vxFf "$TMP/black" | wc -l
}
ours_false=$(grep ' failed: ' "$TMP/ours.log" | false_down)
hap_false=$(grep ' is DOWN' "$TMP/haproxy.log" | false_down)
echo "down transitions: ours $ours_down (false $ours_false), haproxy $hap_down (false $hap_false)"

python3 - "$TMP/result" "$INTERVAL" <<'EOF'
import statistics, sys
rows = {"ours": [], "haproxy": []}
for line in open(sys.argv[1]):
    f = line.split()
    rows[f[0].split(".")[0]].append(dict(kv.split("=") for kv in f[1:]))
def per10k(d):
    checks = float(d["checks_per_s"]) * float(d["window_s"])
    return float(d["cpu_s"]) / (checks / 10000.0) if checks else float("nan")
med = lambda who, key: statistics.median(float(d[key]) for d in rows[who])
ratios = [per10k(o) / per10k(h) for o, h in zip(rows["ours"], rows["haproxy"])]
o = statistics.median(per10k(d) for d in rows["ours"])
h = statistics.median(per10k(d) for d in rows["haproxy"])
print("cpu per 10k checks (median of rounds): ours %.3f s, haproxy %.3f s; ratio ours/haproxy %.2f (rounds: %s)"
      % (o, h, statistics.median(ratios), " ".join("%.2f" % x for x in ratios)))
for who in ("ours", "haproxy"):
    print("%-7s checks/s %.0f, interval median %.1f ms p95 %.1f ms, late servers %.0f (median of rounds)"
          % (who, med(who, "checks_per_s"), med(who, "median_ms"), med(who, "p95_ms"),
             med(who, "late_servers") if "late_servers" in rows[who][0] else float("nan")))
    if "excluded_median_ms" in rows[who][0]:
        print("%-7s black-holed servers: interval median %.1f ms" % (who, med(who, "excluded_median_ms")))
EOF
