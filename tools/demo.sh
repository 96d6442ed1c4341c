#!/usr/bin/env bash
# tools/demo.sh - a guided tour of keepalived-ng doing VRRP failover.
#
#   sudo bash tools/demo.sh            # set up, build, run the demo
#   sudo bash tools/demo.sh --step     # wait for Enter between the steps
#   sudo bash tools/demo.sh --no-setup # skip tools/setup.sh (already built)
#   KEEPALIVED=/usr/sbin/keepalived sudo -E bash tools/demo.sh   # same tour with Debian's keepalived
#
# It builds a small lab out of network namespaces (nothing on the host's own
# interfaces changes, and everything is removed at the end, even on Ctrl-C):
#
#        r1 (prio 150)      r2 (prio 100)        client
#            eth0               eth0              eth0
#             |                  |                 |
#        [======================= switch (bridge) =====]
#
# r1 and r2 run keepalived-ng with one vrrp_instance that owns a virtual IP
# (VIP). The tour shows who holds the VIP, the client pinging it, the master
# crashing, the VIP moving, and the master returning and taking it back.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STEP=0
SETUP=1
for a in "$@"; do
	case $a in
	--step) STEP=1 ;;
	--no-setup) SETUP=0 ;;
	-h|--help) sed -n '2,21p' "$0"; exit 0 ;;
	*) echo "demo.sh: unknown option $a" >&2; exit 2 ;;
	esac
done

[ "$(id -u)" = 0 ] || { echo "The demo needs root (network namespaces): sudo bash tools/demo.sh" >&2; exit 1; }

# ---------------------------------------------------------------- setup
[ "$SETUP" = 1 ] && echo "Preparing: installing packages if needed and building (tools/setup.sh)..."
if [ "$SETUP" = 1 ] && ! bash "$ROOT/tools/setup.sh" >/tmp/keepalived-ng-demo-setup.log 2>&1; then
	tail -n 40 /tmp/keepalived-ng-demo-setup.log
	echo "setup failed; full log in /tmp/keepalived-ng-demo-setup.log" >&2
	exit 1
fi
[ "$SETUP" = 1 ] && echo "Ready (setup log: /tmp/keepalived-ng-demo-setup.log)."

KEEPALIVED=${KEEPALIVED:-$ROOT/keepalived/keepalived}
KT_NAME=demo
# The test harness gives us the lab plumbing and the cleanup trap.
# shellcheck source=../test/lib/netns.sh
. "$ROOT/test/lib/netns.sh"
kt_init >/dev/null

R1=$(kt_ns r1) R2=$(kt_ns r2) C1=$(kt_ns client)

# ---------------------------------------------------------------- output
B="" N=""
if [ -t 1 ]; then B=$(tput bold 2>/dev/null || true) N=$(tput sgr0 2>/dev/null || true); fi
heading() {
	[ "$STEP" = 1 ] && [ -t 0 ] && { printf '\n(press Enter)'; read -r _; }
	printf '\n%s==== %s ====%s\n' "$B" "$*" "$N"
}
explain() { printf '%s\n' "$@" | fold -s -w 78; }
# show CMD...: print the command as a person would type it, then run it.
show() { printf '  $ %s\n' "$*"; "$@" 2>&1 | sed 's/^/    /'; }
# owner_table: one line per router: does it hold the VIP?
owner_table() {
	local r ns
	for r in r1 r2; do
		ns=$(kt_ns "$r")
		if has_addr "$ns" eth0 "$VIP"; then
			printf '    %-3s %s  <- holds the VIP %s\n' "$r" "$(ip -n "$ns" -br -4 addr show dev eth0)" "$VIP"
		else
			printf '    %-3s %s\n' "$r" "$(ip -n "$ns" -br -4 addr show dev eth0)"
		fi
	done
}
# transitions NAME: the daemon's state changes so far.
transitions() {
	grep -E 'Entering [A-Z]+ STATE' "$(ka_log "$1")" | sed "s/^/    [$1] /" | tail -n "${2:-4}"
}
die() { echo "DEMO FAILED: $*" >&2; kt_show_state; exit 1; }
client_ping() { show ip netns exec "$C1" ping -c 3 -i 0.3 -W 1 "$VIP"; }

# ---------------------------------------------------------------- the tour
heading "1. The lab"
explain "Three network namespaces play three machines on one LAN ($KT_NET.0/24):" \
	"  r1     $KT_NET.1   router, VRRP priority 150" \
	"  r2     $KT_NET.2   router, VRRP priority 100" \
	"  client $KT_NET.10  uses the virtual IP $VIP" \
	"A fourth namespace is the switch (a Linux bridge)."
lab_switch
lab_host r1 1
lab_host r2 2
lab_host client 10
explain "" "Daemon: $KEEPALIVED"

heading "2. The configuration (r1; r2 is the same with priority 100)"
for r in r1:150 r2:100; do vrrp_conf "${r%%:*}" "${r##*:}"; done
sed 's/^/    /' "$(ka_conf_file r1)" | grep -v '^ *$'

heading "3. Start keepalived-ng on both routers"
explain "Both start as BACKUP, listen for adverts, and after ~3 s without a" \
	"master the higher priority (r1) becomes MASTER and adds the VIP."
ka_start r1 r1 >/dev/null
ka_start r2 r2 >/dev/null
wait_for 60 has_addr "$R1" eth0 "$VIP" || die "r1 did not become master"
wait_for 30 ka_entered r2 BACKUP || die "r2 did not enter BACKUP"
transitions r1; transitions r2
echo
owner_table

heading "4. The client reaches the VIP (answered by r1)"
client_ping
explain "The client's ARP entry for the VIP is r1's MAC ($(mac_of "$R1" eth0)):"
show ip -n "$C1" neigh show "$VIP"

heading "5. r1 crashes"
explain "We kill r1's daemon with SIGKILL (parent and child: no goodbye advert)" \
	"and, as a crashed box would, r1 loses its addresses. The client keeps" \
	"pinging the VIP meanwhile."
ip netns exec "$C1" ping -i 0.2 -W 1 -c 60 "$VIP" >"$KT_TMP/ping.txt" 2>&1 &
PINGPID=$!
KT_BGPIDS+=("$PINGPID")
sleep 1
ka_kill r1 >/dev/null
ip -n "$R1" addr del "$VIP/32" dev eth0 2>/dev/null
explain "" "r2 misses three adverts in a row (Master_Down_Interval, ~3.6 s) and takes over:"
wait_for 60 has_addr "$R2" eth0 "$VIP" || die "r2 did not take over"
transitions r2 2
echo
owner_table
explain "" "r2 also sent gratuitous ARPs, so the client now uses r2's MAC ($(mac_of "$R2" eth0)):"
wait_for 20 can_ping "$C1" "$VIP" || die "client cannot reach the VIP on r2"
show ip -n "$C1" neigh show "$VIP"

heading "6. The client never lost the VIP for long"
wait "$PINGPID" 2>/dev/null
explain "The ping that ran through the failover (one packet every 0.2 s):"
grep 'packets transmitted' "$KT_TMP/ping.txt" | sed 's/^/    /'
read -r SENT GOT < <(sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) received.*/\1 \2/p' "$KT_TMP/ping.txt")
if [ -n "${SENT:-}" ]; then
	explain "$((SENT - GOT)) pings lost: the VIP was unreachable for about $(( (SENT - GOT) * 2 / 10 )).$(( (SENT - GOT) * 2 % 10 )) s," \
		"roughly the time r2 waits before declaring the master dead."
fi
client_ping

heading "7. r1 comes back and takes the VIP back (preemption)"
explain "r1 starts again. It has the higher priority and preempt is on (the" \
	"default), so after hearing r2's lower-priority adverts it becomes MASTER," \
	"and r2 steps back to BACKUP and removes the VIP."
ka_start r1 r1 >/dev/null
wait_for 60 has_addr "$R1" eth0 "$VIP" || die "r1 did not take the VIP back"
wait_for 30 no_addr "$R2" eth0 "$VIP" || die "r2 kept the VIP"
transitions r1 2; transitions r2 2
echo
owner_table
client_ping

heading "8. Load balancing (IPVS)"
# This host's kernel may lack IPVS, and the demo must not touch the host's
# own network: the load-balancing part always runs in a small VM booting
# Debian's kernel (test/vm/, built and cached on first use).
explain "The load-balancing part runs in a small VM booting Debian's kernel" \
	"(IPVS is a kernel module; the VM keeps it off this host's network)."
if [ -x "$ROOT/test/vm/demo.sh" ]; then
	KEEPALIVED="$KEEPALIVED" bash "$ROOT/test/vm/demo.sh"
	case $? in
	0) ;;
	77) explain "(the VM could not be had here: qemu or the kernel package is missing)" ;;
	*) die "the load-balancing part did not show what it should" ;;
	esac
fi

heading "Done"
explain "The lab (namespaces $KT_ID-*) and the daemons are removed now." \
	"Logs were in $KT_TMP (set KT_KEEP_TMP=1 to keep them)."
