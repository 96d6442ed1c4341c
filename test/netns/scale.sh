#!/usr/bin/env bash
# scale: 1,000 VRRP instances (4 links x 250 VRIDs, one VIP each, VRRPv3,
# advert_int 0.25) on two routers, r1 (priority 200) and r2 (100) - issue 9
# part 8: "timers and adverts keep their schedule while 1,000 instances
# change state at once". bench/vrrp_scale.sh measures the same lab for time
# and CPU; this test asserts only observable facts.
#  1. r1 starts alone: its 1,000 instances go INIT -> BACKUP and, all in the
#     same moment, BACKUP -> MASTER (1,000 VIPs added, 5,000 gratuitous
#     ARPs); it holds all 1,000 VIPs within 30 s (it takes about a second).
#  2. r2 starts next to it: all its instances enter BACKUP, none ever enters
#     MASTER, r2 never holds a VIP, and r1 keeps every VIP for 5 s (20
#     advert intervals).
#  3. The adverts keep their schedule through all of it: from each
#     instance's first advert (its transition to MASTER, in the middle of
#     the others') over the next 5 s, r1 sent at least 19 of the 20 adverts
#     due, counted per instance on the wire (tcpdump in r1's namespace).
# Why 0.25 s and not 0.1: on this shared 2-core machine a test next to
# others is sometimes not run for 150-250 ms (the loop-stall warning shows
# "took 107 ms (11 ms on the CPU)"); at 0.1 that cost two beats of every
# instance now and then, at 0.25 a lost beat means a stall of the daemon.
#  4. SIGTERM stops both within the grace time (the parent never has to
#     kill its VRRP child), and r1 removes all 1,000 VIPs on the way out.
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/vrrp_lab.sh"
kt_init
require_cmd tcpdump

LINKS=4
VRIDS=250
N=$((LINKS * VRIDS))
ADVERT_CS=25     # advert_int 0.25
WINDOW_S=5       # adverts counted over this long after each transition
# the lab of bench/vrrp_scale.sh: routers r1 and r2, ethL on bridge bL of
# the switch sw, 198.18.L.R/24; VIPs 198.19.L.V on ethL (V = VRID 1..250)
KT_NETNS+=("$(kt_ns sw)" "$(kt_ns r1)" "$(kt_ns r2)")
VRRP_LAB_NET=198.18 vrrp_lab_up "$KT_ID" "$LINKS" || fail "cannot make the lab"
R1=$(kt_ns r1) R2=$(kt_ns r2)
# conf NAME PRIORITY
conf() { VRRP_LAB_VIPS=198.19 vrrp_lab_conf "${1#r}" "$2" 3 "0.$ADVERT_CS" | ka_conf "$1"; }

# vips NS: how many of the test's VIPs NS holds.
vips() { ip -n "$1" -4 -o addr show | grep -Ec ' inet 198\.19\.'; }
r1_all() { [ "$(vips "$R1")" = "$N" ]; }
r1_all_r2_none() {
	r1_all && [ "$(vips "$R2")" = 0 ] && [ "$(ka_count r2 'Entering MASTER STATE')" = 0 ]
}

conf r1 200
conf r2 100
CAP="$KT_TMP/adverts.pcap"
ip netns exec "$R1" tcpdump -i any -nn -U -w "$CAP" 'ip proto 112' 2>"$KT_TMP/tcpdump.err" &
TCPDUMP=$!
KT_BGPIDS+=("$TCPDUMP")
disown "$TCPDUMP"
wait_for 10 grep -q 'listening on' "$KT_TMP/tcpdump.err" || fail "tcpdump did not start: $(cat "$KT_TMP/tcpdump.err")"

step "r1 alone: $N instances become master at once"
ka_start r1 r1
wait_for 30 r1_all || fail "r1 holds $(vips "$R1") of $N VIPs"
T_ALL=$(date +%s%N)   # every instance sent its first advert before this
log "r1 holds all $N VIPs"

step "r2 starts: every instance BACKUP, none MASTER, no VIP; r1 keeps all for $WINDOW_S s"
ka_start r2 r2
wait_for 20 ka_entered r2 BACKUP "$N" || fail "r2 entered BACKUP $(ka_count r2 'Entering BACKUP STATE') times of $N"
holds "$WINDOW_S" r1_all_r2_none || fail "r1 holds $(vips "$R1"), r2 holds $(vips "$R2") of $N VIPs; r2 MASTER lines: $(ka_count r2 'Entering MASTER STATE')"
log "loop stall warnings logged: r1 $(ka_count r1 'event loop turn took'), r2 $(ka_count r2 'event loop turn took') (information only)"

step "adverts on the wire: at least $((WINDOW_S * 100 / ADVERT_CS - 1)) of $((WINDOW_S * 100 / ADVERT_CS)) per instance in the $WINDOW_S s after its transition"
# the capture covers every instance's window (holds counts whole seconds)
LEFT_MS=$(( (T_ALL - $(date +%s%N)) / 1000000 + WINDOW_S * 1000 + 500 ))
[ "$LEFT_MS" -le 0 ] || sleep "$((LEFT_MS / 1000)).$(printf '%03d' $((LEFT_MS % 1000)))"
kill -INT "$TCPDUMP"
wait_for 10 not_alive "$TCPDUMP" || fail "tcpdump did not stop"
# "TIME IP 198.18.2.1 > 224.0.0.18: VRRPv3, Advertisement, vrid 17, prio 200, ..."
tcpdump -r "$CAP" -tt -nn 2>/dev/null | python3 -c '
import collections, re, sys
n, window, interval = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
times = collections.defaultdict(list)
for line in sys.stdin:
    m = re.match(r"(\d+\.\d+) .*IP (\S+) > 224\.0\.0\.18: VRRPv3, Advertisement, vrid (\d+), prio 200,", line)
    if m:
        times[(m.group(2), m.group(3))].append(float(m.group(1)))
want = round(window / interval)
end = max((t for v in times.values() for t in v), default=0)
if any(v[0] + window > end for v in times.values()):
    print("the capture ends before some window does (a fault of the test)")
    sys.exit(1)
counts = {k: sum(1 for t in v if t < v[0] + window) for k, v in times.items()}
low = sorted((c, k) for k, c in counts.items() if c < want - 1)
print("instances seen %d of %d; adverts per instance in the window: min %d, max %d (due %d)" %
      (len(counts), n, min(counts.values(), default=0), max(counts.values(), default=0), want))
for c, k in low[:10]:
    print("  late: %s vrid %s: %d adverts" % (k[0], k[1], c))
sys.exit(0 if len(counts) == n and not low else 1)
' "$N" "$WINDOW_S" "0.$ADVERT_CS" >"$KT_TMP/counts" 2>&1
rc=$?
log "$(cat "$KT_TMP/counts")"
[ "$rc" = 0 ] || fail "adverts did not keep their schedule"

step "SIGTERM stops both within the grace time"
P1=$(ka_pid r1) P2=$(ka_pid r2)
kill -TERM "$P1" "$P2"
wait_for 20 not_alive "$P1" || fail "r1 did not exit on SIGTERM"
wait_for 20 not_alive "$P2" || fail "r2 did not exit on SIGTERM"
for d in r1 r2; do
	! ka_logged "$d" 'did not stop in time' || fail "$d's VRRP child had to be killed"
done
[ "$(vips "$R1")" = 0 ] || fail "r1 left $(vips "$R1") VIPs behind on stop"
log_result
