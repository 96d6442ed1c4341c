#!/usr/bin/env bash
# bench/vrrp_start.sh - the CPU one router spends from exec until it holds
# all its VIPs, for several builds side by side (A/B of a start-up change).
#
# Lab (network namespaces made here, removed on exit): as bench/vrrp_scale.sh
# - a switch namespace with LINKS bridges, routers r1 and r2 with one veth on
# each - but only r1 runs a daemon: r1's configuration of vrrp_scale.sh
# (LINKS x VRIDS instances, priority 200, "state BACKUP", one /32 VIP each).
# With no peer, every instance becomes master after its master-down timer.
#
# For each run, each binary in turn (alternately first): start it in r1,
# poll (50 ms) until r1 holds every VIP, then read the CPU time of the
# parent and each child (/proc/PID/schedstat) and their minor page faults;
# stop it, remove the VIPs. Then the medians per binary. A binary whose path
# is /usr/sbin/keepalived (Debian's keepalived 2.2.7) runs without
# --dump-dir. Not part of `make check`: timings depend on the machine.
#
# usage: sudo nice -n 10 bash bench/vrrp_start.sh RUNS BIN [BIN...]
#        LINKS=4 VRIDS=250 VERSION=2 ADVERT=1 (defaults)
set -u
RUNS=${1:?usage: vrrp_start.sh RUNS BIN [BIN...]}
shift
[ $# -ge 1 ] || { echo "usage: vrrp_start.sh RUNS BIN [BIN...]"; exit 1; }
LINKS=${LINKS:-4}
VRIDS=${VRIDS:-250}
VERSION=${VERSION:-2}
ADVERT=${ADVERT:-1}
N=$((LINKS * VRIDS))
P="kst$$"
TMP=$(mktemp -d /tmp/ka-start.XXXXXX)
. "$(dirname "$0")/../test/lib/vrrp_lab.sh"

cleanup() {
	vrrp_lab_down "$P"
	rm -rf "$TMP"
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || { echo "run as root"; exit 1; }
for b in "$@"; do [ -x "$b" ] || { echo "no binary $b"; exit 1; }; done
[ "$VRIDS" -le 255 ] || { echo "at most 255 VRIDs per link"; exit 1; }

vrrp_lab_up "$P" "$LINKS"
vrrp_lab_conf 1 200 "$VERSION" "$ADVERT" >"$TMP/r1.conf"

nvips() { ip -n "$P-r1" -4 -o addr show | grep -c ' 10\.8\.'; }

# usage_of PID: "TOTAL_US PARENT_US CHILDREN_US FAULTS" of PID and its children
usage_of() {
	local p t f tot=0 par=0 flt=0
	for p in $1 $(pgrep -P "$1"); do
		t=$(cut -d' ' -f1 "/proc/$p/schedstat" 2>/dev/null) || continue
		f=$(sed 's/^.*) //' "/proc/$p/stat" | cut -d' ' -f8)
		tot=$((tot + t / 1000))
		flt=$((flt + f))
		[ "$p" = "$1" ] && par=$((t / 1000))
	done
	echo "$tot $par $((tot - par)) $flt"
}

# one BIN: prints "BIN TOTAL_US PARENT_US CHILDREN_US FAULTS"
one() {
	local args=(-n -l -f "$TMP/r1.conf" -p "$TMP/p.pid" -r "$TMP/v.pid" -c "$TMP/c.pid" -P -G)
	[ "$1" != /usr/sbin/keepalived ] && args+=(--dump-dir "$TMP")
	ip netns exec "$P-r1" "$1" "${args[@]}" >"$TMP/log" 2>&1 &
	local pid=$! t0=$SECONDS
	while [ "$(nvips)" -lt "$N" ]; do
		[ $((SECONDS - t0)) -lt 120 ] || { echo "$1: not all VIPs after 120 s" >&2; break; }
		sleep 0.05
	done
	echo "$1 $(usage_of "$pid")"
	kill -TERM "$pid"
	wait "$pid" 2>/dev/null
	ip -n "$P-r1" -4 -o addr show | awk '$4 ~ /^10\.8\./ { print $4, $2 }' |
		while read -r a dev; do ip -n "$P-r1" addr del "$a" dev "$dev"; done
}

echo "# $(date -u '+%F %H:%M') UTC, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $N instances, VRRPv$VERSION advert_int $ADVERT, $RUNS runs"
for r in $(seq "$RUNS"); do
	order=("$@")
	[ $((r % 2)) = 0 ] && order=($(printf '%s\n' "$@" | tac))
	for b in "${order[@]}"; do one "$b"; done
done | tee "$TMP/results"

echo
awk '
function med(list,   a, n, i, j, t) {
	n = split(list, a, " ")
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{ if (!($1 in n)) order[++k] = $1; n[$1]++; T[$1] = T[$1] " " $2; Pa[$1] = Pa[$1] " " $3; C[$1] = C[$1] " " $4; F[$1] = F[$1] " " $5 }
END {
	printf "%-50s %5s %10s %10s %10s %8s\n", "median", "runs", "total ms", "parent ms", "child ms", "faults"
	for (i = 1; i <= k; i++) { b = order[i]
		printf "%-50s %5d %10.1f %10.1f %10.1f %8d\n", b, n[b], med(T[b]) / 1000, med(Pa[b]) / 1000, med(C[b]) / 1000, med(F[b]) }
}' "$TMP/results"
