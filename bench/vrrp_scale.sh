#!/usr/bin/env bash
# bench/vrrp_scale.sh - many VRRP instances on two routers: keepalived-ng
# against Debian's keepalived 2.2.7, measured in the same run on the same lab.
#
# Lab (network namespaces made here, removed on exit): a switch namespace with
# LINKS bridges; routers r1 (priority 200) and r2 (priority 100) each have one
# veth on every bridge. On every link, VRIDS instances (VRID 1..VRIDS), one
# /32 VIP each: LINKS x VRIDS instances per router, all "state BACKUP".
#
# For each mode (VRRPv2 advert_int 1, VRRPv3 advert_int 0.1), RUNS times,
# for each daemon (ours first or keepalived first, in turn):
#   * both routers are released at the same moment (each waits on a FIFO
#     inside its namespace); conv_ms: from then until r1 holds every VIP,
#     from an address monitor (ip -ts monitor, run at a higher priority
#     than the daemons: it stamps a change when it reads it) in each router;
#   * two masters: r2_took = VIPs r2 ever added (r1 is better and both start
#     together: r2 should never be master), both_max = the most VIPs held by
#     both routers at one moment, r1_lost = VIPs r1 dropped after holding all;
#   * CPU ms of each router (parent + children, /proc/PID/schedstat) from
#     start until converged (seen by a 0.2 s poll) and over STEADY seconds
#     after that; RSS (kB, parent + children) at the end;
#   * cpu_exec_ms: of that CPU, what the process spent before it became the
#     daemon ("ip netns exec" and the shell that waits for the release read
#     /proc/self/schedstat just before the exec: ~3 ms here, the same for
#     both daemons); cpu_daemon_ms = cpu_conv_ms - cpu_exec_ms, the daemon's
#     own CPU until converged;
#   * stop_ms: SIGTERM to both, ms until each has exited (the parent kills a
#     child still running after 10 s: "(child killed)").
# Then per mode the medians of both daemons and the ratios ours/keepalived,
# and the same over the runs with one master only ("-1m", "ratio-1m").
# Not part of `make check`: timings depend on the machine.
#
# usage: sudo nice -n 10 bash bench/vrrp_scale.sh [LINKS [VRIDS [STEADY [RUNS]]]]
#        (default 4 links x 250 VRIDs = 1,000 instances, 10 s steady, 3 runs)
#        MODES="v2 v3" DAEMONS="ours ka" to run a subset; KEEP_TMP=1 keeps logs.
set -u
LINKS=${1:-4}
VRIDS=${2:-250}
STEADY=${3:-10}
RUNS=${4:-3}
MODES=${MODES:-v2 v3}
DAEMONS=${DAEMONS:-ours ka}
TOP=$(cd "$(dirname "$0")/.." && pwd)
OURS=${KEEPALIVED:-$TOP/keepalived/keepalived}
THEIRS=${REF_KEEPALIVED:-/usr/sbin/keepalived}
P="ks$$"
TMP=$(mktemp -d /tmp/ka-scale.XXXXXX)
N=$((LINKS * VRIDS))
HZ=$(getconf CLK_TCK)
. "$TOP/test/lib/vrrp_lab.sh"

cleanup() {
	for f in "$TMP"/*/parent; do [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null; done
	vrrp_lab_down "$P"
	[ -n "${KEEP_TMP:-}" ] && echo "logs kept in $TMP" || rm -rf "$TMP"
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || { echo "run as root"; exit 1; }
[ -x "$OURS" ] || { echo "build first: $OURS missing"; exit 1; }
[ -x "$THEIRS" ] || { echo "Debian keepalived missing: apt-get install keepalived"; exit 1; }
[ "$VRIDS" -le 255 ] || { echo "at most 255 VRIDs per link"; exit 1; }

vrrp_lab_up "$P" "$LINKS"

vips() { ip -n "$P-r$1" -4 -o addr show 2>/dev/null | awk '$4 ~ /^10\.8\./ { print $4 }' | sort; }
now_ms() { date +%s%3N; }

# cpu_ms PARENTPID: CPU time of the parent and its live children (schedstat,
# ns), plus what the parent's reaped children used (cutime+cstime, ticks).
cpu_ms() {
	local p ns=0 t s
	for p in $1 $(pgrep -P "$1"); do
		t=$(cut -d' ' -f1 "/proc/$p/schedstat" 2>/dev/null) && ns=$((ns + t))
	done
	s=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $14 + $15 }')
	echo $(( ns / 1000000 + ${s:-0} * 1000 / HZ ))
}
rss_kb() {
	local p t=0 r
	for p in $1 $(pgrep -P "$1"); do
		r=$(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null)
		t=$((t + ${r:-0}))
	done
	echo "$t"
}

# start BIN ROUTER DIR: enter the router's namespace, then wait on a FIFO;
# go DIR releases both routers at once (so the slow part of "ip netns
# exec" does not put one of them ahead).
start() {
	local d=$3 args=(-n -l -f "$d/r$2.conf" -p "$d/p$2.pid" -r "$d/v$2.pid" -c "$d/c$2.pid")
	# both without syslog (-G): with no syslog daemon here, glibc would try to
	# connect for every line
	args+=(-P -G)
	[ "$1" = "$OURS" ] && args+=(--dump-dir "$d")
	mkfifo "$d/go$2"
	# the shell's builtins only (no fork) between the release and the exec:
	# its schedstat then is the CPU this process spent before the daemon
	TMPDIR=$d ip netns exec "$P-r$2" sh -c 'read -r x <"$0"; read -r t x </proc/$$/schedstat; echo "$t" >"$0.pre"; exec "$@"' \
		"$d/go$2" "$1" "${args[@]}" >"$d/r$2.log" 2>&1 &
	echo $! >"$d/r$2.parent"
	disown
}
go() {
	exec 5>"$1/go1" 6>"$1/go2"
	exec 5>&- 6>&-
}

# analyse T0 TSTOP N MON1 MON2: from the address monitors of r1 and r2 (ip
# -ts monitor), print "CONV_MS R2_TOOK BOTH_MAX R1_LOST": ms from T0 until
# r1 first held all N VIPs, how many VIPs r2 added before TSTOP (each one =
# r2 was master while r1 was too, or before it), the most VIPs held by both
# at one moment, and VIPs r1 removed after it first held them all and
# before TSTOP (the SIGTERM).
analyse() {
	python3 - "$@" <<'PY'
import re, sys, datetime
t0, tstop, n = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
ev = []
for r, path in ((1, sys.argv[4]), (2, sys.argv[5])):
    for line in open(path):
        m = re.match(r'\[([0-9T:.-]+)\] (Deleted )?\d+: \S+\s+inet (10\.8\.[0-9.]+)/', line)
        if m:
            t = datetime.datetime.fromisoformat(m.group(1)).timestamp()
            if t < tstop:
                ev.append((t, r, not m.group(2), m.group(3)))
ev.sort()
have = {1: set(), 2: set()}
conv, took2, both, lost = -1, 0, 0, 0
for t, r, add, a in ev:
    (have[r].add if add else have[r].discard)(a)
    if r == 2 and add:
        took2 += 1
    if r == 1 and not add and conv >= 0:
        lost += 1
    both = max(both, len(have[1] & have[2]))
    if conv < 0 and len(have[1]) == n:
        conv = int((t - t0) * 1000)
print(conv, took2, both, lost)
PY
}

# run NAME BIN VERSION ADVERT_INT RUN: prints one result line.
run() {
	local name=$1 bin=$2 d="$TMP/$1-v$3-$5" i
	mkdir -p "$d"
	vrrp_lab_conf 1 200 "$3" "$4" >"$d/r1.conf"
	vrrp_lab_conf 2 100 "$3" "$4" >"$d/r2.conf"
	local mons=()
	for i in 1 2; do
		# above the daemons' priority: the timestamps are taken when ip
		# reads the notification, so it must not wait for the CPU
		nice -n -15 ip -n "$P-r$i" -ts monitor address >"$d/mon$i" 2>&1 &
		mons+=($!)
	done
	sleep 0.5
	local t0 p1 p2 t0ms
	start "$bin" 1 "$d"; start "$bin" 2 "$d"
	p1=$(cat "$d/r1.parent"); p2=$(cat "$d/r2.parent")
	sleep 0.3
	t0=$(date +%s.%N); t0ms=$(now_ms)
	go "$d"
	while [ $(( $(now_ms) - t0ms )) -lt 180000 ]; do
		[ "$(vips 1 | wc -l)" -eq "$N" ] && [ "$(vips 2 | wc -l)" -eq 0 ] && break
		sleep 0.2
	done
	local c1 c2 cs1 cs2 e1 e2
	c1=$(cpu_ms "$p1"); c2=$(cpu_ms "$p2")
	e1=$(( $(cat "$d/go1.pre" 2>/dev/null || echo 0) / 1000000 ))
	e2=$(( $(cat "$d/go2.pre" 2>/dev/null || echo 0) / 1000000 ))
	sleep "$STEADY"
	cs1=$(( $(cpu_ms "$p1") - c1 )); cs2=$(( $(cpu_ms "$p2") - c2 ))
	local rss1 rss2
	rss1=$(rss_kb "$p1"); rss2=$(rss_kb "$p2")
	# stop both, time until each exited
	local ts s1=-1 s2=-1 tstop
	tstop=$(date +%s.%N); ts=$(now_ms)
	kill -TERM "$p1" "$p2"
	while [ $(( $(now_ms) - ts )) -lt 15000 ]; do
		[ "$s1" -lt 0 ] && ! kill -0 "$p1" 2>/dev/null && s1=$(( $(now_ms) - ts ))
		[ "$s2" -lt 0 ] && ! kill -0 "$p2" 2>/dev/null && s2=$(( $(now_ms) - ts ))
		[ "$s1" -ge 0 ] && [ "$s2" -ge 0 ] && break
		sleep 0.05
	done
	local killed=""
	grep -q 'did not stop in time' "$d/r1.log" "$d/r2.log" 2>/dev/null && killed=" (child killed)"
	kill -9 "$p1" "$p2" 2>/dev/null
	sleep 0.5
	kill "${mons[@]}" 2>/dev/null
	wait "${mons[@]}" 2>/dev/null
	for i in 1 2; do for p in $(ip netns pids "$P-r$i"); do kill -9 "$p"; done; done
	for i in 1 2; do
		ip -n "$P-r$i" -4 -o addr show | awk '$4 ~ /^10\.8\./ { print $4, $2 }' |
			while read -r a dev; do ip -n "$P-r$i" addr del "$a" dev "$dev"; done
	done
	local res conv took2 both lost
	res=$(analyse "$t0" "$tstop" "$N" "$d/mon1" "$d/mon2")
	read -r conv took2 both lost <<<"$res"
	printf '%-4s v%s conv_ms=%s r2_took=%s both_max=%s r1_lost=%s cpu_conv_ms=%s/%s cpu_steady_ms=%s/%s rss_kb=%s/%s stop_ms=%s/%s cpu_exec_ms=%s/%s cpu_daemon_ms=%s/%s%s\n' \
		"$name" "$3" "$conv" "$took2" "$both" "$lost" "$c1" "$c2" "$cs1" "$cs2" \
		"$rss1" "$rss2" "$s1" "$s2" "$e1" "$e2" "$((c1 - e1))" "$((c2 - e2))" "$killed"
}

echo "# $(date -u '+%F %H:%M') UTC, $(uname -r), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $N instances ($LINKS links x $VRIDS VRIDs), steady ${STEADY} s, $RUNS runs; r1/r2 in each pair"
for m in $MODES; do
	case $m in v2) ver=2 ai=1 ;; v3) ver=3 ai=0.1 ;; *) echo "unknown mode $m"; exit 1 ;; esac
	for r in $(seq "$RUNS"); do
		order=$DAEMONS
		[ $((r % 2)) = 0 ] && order=$(echo "$DAEMONS" | awk '{ for (i = NF; i > 0; i--) printf "%s ", $i }')
		for dmn in $order; do
			case $dmn in ours) bin=$OURS ;; ka) bin=$THEIRS ;; *) echo "unknown daemon $dmn"; exit 1 ;; esac
			run "$dmn" "$bin" "$ver" "$ai" "$r" | tee -a "$TMP/results"
		done
	done
done

# medians per daemon and mode, then the ratios ours/keepalived
echo
awk '
function med(list,   a, n, i, j, t) {
	n = split(list, a, " ")
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{
	d = $1; m = $2; key = d SUBSEP m; seen[key] = 1; modes[m] = 1; runs[key]++
	clean = $4 !~ /r2_took=[1-9]/
	if (clean) cleanruns[key]++
	for (i = 3; i <= NF; i++) {
		if (split($i, kv, "=") != 2) continue
		if (split(kv[2], v, "/") == 2) {
			L[key, kv[1] "1"] = L[key, kv[1] "1"] " " v[1]; L[key, kv[1] "2"] = L[key, kv[1] "2"] " " v[2]
			if (clean) { C[key, kv[1] "1"] = C[key, kv[1] "1"] " " v[1]; C[key, kv[1] "2"] = C[key, kv[1] "2"] " " v[2] }
		} else {
			L[key, kv[1]] = L[key, kv[1]] " " kv[2]
			if (clean) C[key, kv[1]] = C[key, kv[1]] " " kv[2]
		}
	}
	if (!clean) twom[key]++
}
END {
	NF_ = 11
	split("conv_ms cpu_conv_ms1 cpu_conv_ms2 cpu_steady_ms1 cpu_steady_ms2 rss_kb1 rss_kb2 stop_ms1 stop_ms2 cpu_daemon_ms1 cpu_daemon_ms2", F, " ")
	for (m in modes) {
		printf "median %-4s", m
		for (k = 1; k <= NF_; k++) printf " %14s", F[k]
		printf " %s\n", "runs_with_r2_master"
		for (dd = 1; dd <= 2; dd++) {
			dn = dd == 1 ? "ours" : "ka"; key = dn SUBSEP m
			if (!(key in seen)) continue
			printf "  %-9s", dn
			for (k = 1; k <= NF_; k++) { M[dn, m, k] = med(L[key, F[k]]); printf " %14s", M[dn, m, k] }
			printf " %d/%d\n", twom[key], runs[key]
		}
		if ((("ours" SUBSEP m) in seen) && (("ka" SUBSEP m) in seen)) {
			printf "  %-9s", "ours/ka"
			for (k = 1; k <= NF_; k++) printf " %14s", (M["ka", m, k] > 0 ? sprintf("%.2f", M["ours", m, k] / M["ka", m, k]) : "n/a")
			printf "\n"
		}
		# the same over the runs in which r2 never took a VIP: a start
		# with two masters costs both daemons a second set of transitions
		for (dd = 1; dd <= 2; dd++) {
			dn = dd == 1 ? "ours" : "ka"; key = dn SUBSEP m
			if (!cleanruns[key]) continue
			printf "  %-9s", dn "-1m"
			for (k = 1; k <= NF_; k++) { MC[dn, m, k] = med(C[key, F[k]]); printf " %14s", MC[dn, m, k] }
			printf " %d runs with one master\n", cleanruns[key]
		}
		if (cleanruns["ours" SUBSEP m] && cleanruns["ka" SUBSEP m]) {
			printf "  %-9s", "ratio-1m"
			for (k = 1; k <= NF_; k++) printf " %14s", (MC["ka", m, k] > 0 ? sprintf("%.2f", MC["ours", m, k] / MC["ka", m, k]) : "n/a")
			printf "\n"
		}
	}
}' "$TMP/results"
