# shellcheck shell=bash
# test/lib/netns.sh - harness sourced by every network-namespace scenario.
#
#   . "$(dirname "$0")/../lib/netns.sh"
#
# What it gives a scenario:
#   * a unique prefix ($KT_ID, e.g. "kt1234") for namespaces, and a private
#     temp dir ($KT_TMP) - so scenarios can run in parallel (make -j);
#   * lab_switch / lab_host: a "switch" namespace with a bridge, and host
#     namespaces attached to it by veth pairs, with IPv4 addresses from
#     $KT_NET.0/24 (10.X.Y.0/24, only ever inside our namespaces);
#   * ka_conf / ka_start / ka_stop / ka_kill ...: run the daemon under test
#     ($KEEPALIVED, set by `make check`) inside a namespace, one private
#     directory per daemon for config, log, pid files and dumps;
#   * wait_for / holds: polling helpers (assert behaviour, never timing);
#   * has_addr, fail (shows the daemons' logs), skip (exit 77);
#   * a cleanup trap that ALWAYS kills what the test started and deletes its
#     namespaces and temp dir, on success, failure or interruption.
#
# Exit codes follow automake: 0 pass, 1 fail, 77 skip, 99 hard error.
#
# The harness also drives Debian's keepalived (KEEPALIVED=/usr/sbin/keepalived):
# that proves the scenarios on a real keepalived. "Flavour" tells them apart:
#   ng      - ours: understands --dump-dir (and gets --control-socket
#             NAME/ctl unless its config sets control_socket, so that
#             parallel daemons do not share /run/keepalived/keepalived.ctl)
#   classic - keepalived 2.x: dumps go to $TMPDIR, which we point at the
#             daemon's private directory (so they do not collide either).

set -u

KT_NAME=${KT_NAME:-$(basename "$0" .sh)}
KT_ID="kt$$"
KT_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KT_TOP=${TOP_SRCDIR:-$(cd "$KT_LIB/../.." && pwd)}
KT_INJECT="$KT_LIB/vrrp_inject.py"
# 10.X.Y.0/24 - unique-looking per test; it only exists inside our namespaces.
KT_NET="10.$(( 100 + $$ % 150 )).$(( ($$ / 150) % 250 ))"
VIP="$KT_NET.100"
# fdXX:: - an IPv6 /64 prefix of the test's own (no address is made)
P6="fd$(printf %02x $(( $$ % 256 )))::"
KT_TMP=""
KT_NETNS=()     # namespaces we created, deleted at exit
KT_DAEMONS=()   # daemon names started (see ka_start)
KT_BGPIDS=()    # other background helpers (listeners) to kill at exit
# Generous default timeout for wait_for, scaled on slow machines.
KT_SCALE=${KT_TIMEOUT_SCALE:-1}

# ---------------------------------------------------------------- messages
log()  { printf '%s [%s] %s\n' "$(date +%T)" "$KT_NAME" "$*"; }
step() { printf '\n%s [%s] ---- %s\n' "$(date +%T)" "$KT_NAME" "$*"; }

# skip MSG: the test cannot run here (not root, tool missing): exit 77.
skip() { log "SKIP: $*"; exit 77; }

# fail MSG: print the reason, the daemons' logs and the addresses; exit 1.
fail() {
	log "FAIL: $*"
	kt_show_state
	exit 1
}

# kt_show_state: what a person needs to understand a failure.
kt_show_state() {
	local ns d
	for ns in "${KT_NETNS[@]}"; do
		echo "--- addresses in $ns"
		ip -n "$ns" -br addr 2>&1 | sed 's/^/    /'
	done
	for d in "${KT_DAEMONS[@]}"; do
		[ -f "$KT_TMP/$d/log" ] || continue
		echo "--- log of daemon $d (last 80 lines of $KT_TMP/$d/log)"
		tail -n 80 "$KT_TMP/$d/log" | sed 's/^/    /'
	done
}

# ---------------------------------------------------------------- prerequisites
require_root() {
	[ "$(id -u)" = 0 ] || skip "must run as root (network namespaces)"
	ip netns list >/dev/null 2>&1 || skip "ip netns not usable here"
}

# require_cmd CMD...: skip unless every command is on PATH.
require_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || skip "tool '$c' not installed (run tools/setup.sh)"
	done
}

# require_daemon: $KEEPALIVED must be an executable. `make check` builds it, so
# a missing binary is a real failure, not a skip.
require_daemon() {
	KEEPALIVED=${KEEPALIVED:-${TOP_BUILDDIR:-$KT_TOP}/keepalived/keepalived}
	[ -x "$KEEPALIVED" ] || { log "FAIL: daemon '$KEEPALIVED' not built"; exit 1; }
	KT_FLAVOUR=$(flavour_of "$KEEPALIVED")
	export KEEPALIVED KT_FLAVOUR
}

# flavour_of BINARY: "ng" (ours: has --dump-dir) or "classic" (keepalived 2.x).
flavour_of() {
	if "$1" --help 2>&1 | grep -q -- '--dump-dir'; then echo ng; else echo classic; fi
}

# ka_is_ours: $KEEPALIVED is keepalived-ng. A scenario run with Debian's
# keepalived 2.2.7 (KEEPALIVED=/usr/sbin/keepalived) checks only what both
# must do; the parts that test an extension of ours (keepalivedctl, the
# control socket, --dump-dir, our log wording...) run only with ours. See
# doc/HACKING.md, "Running the tests against keepalived 2.2.7".
ka_is_ours() { [ "$KT_FLAVOUR" = ng ]; }

# ours_only WHAT: true with keepalived-ng; with another keepalived, log that
# WHAT (keepalived-ng's, not keepalived 2.2.7's) is not checked and return 1.
#   ours_only "one log line per mismatch" && { ... assertions ...; }
ours_only() {
	ka_is_ours && return 0
	log "not checked with $(basename "$KEEPALIVED") (keepalived-ng's): $*"
	return 1
}

# require_ours WHY: skip the whole scenario unless $KEEPALIVED is ours.
require_ours() { ka_is_ours || skip "keepalived-ng only: $*"; }

# require_checker_runs: the scenario runs the checker child on this host.
# Ours runs its health checks without IPVS in the kernel (keepalived.conf(5));
# keepalived 2.2.7's checker exits "Can't initialize ipvs" and the daemon
# stops with it, so with it the scenario needs a kernel with IPVS (test/vm/).
require_checker_runs() {
	ka_is_ours && return 0
	[ -e /proc/net/ip_vs ] ||
		skip "no IPVS in this kernel: keepalived 2.2.7's checker stops without it (ours runs its checks)"
}

# kt_init: call first in every scenario (after sourcing). Checks root, ip,
# python3, the daemon; makes the temp dir; installs the cleanup trap.
kt_init() {
	require_root
	require_cmd ip python3 ping
	require_daemon
	kt_sweep_stale
	KT_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ktest.$KT_NAME.XXXXXX") || exit 99
	chmod 755 "$KT_TMP"
	trap kt_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	log "daemon $KEEPALIVED (flavour $KT_FLAVOUR), prefix $KT_ID, net $KT_NET.0/24, tmp $KT_TMP"
}

# ---------------------------------------------------------------- cleanup
# kt_sweep_stale: delete the namespaces of earlier tests that were killed
# before their cleanup ran (SIGKILL, a timeout): a name kt<PID>-... whose
# test process PID is gone. Processes still inside one (an orphaned daemon)
# are killed first, or the namespace would outlive its name. Namespaces of
# tests still running (PID alive) are left alone.
kt_sweep_stale() {
	local ns pid p
	for ns in $(ip netns list 2>/dev/null | awk '{print $1}'); do
		[[ "$ns" =~ ^kt([0-9]+)- ]] || continue
		pid=${BASH_REMATCH[1]}
		[ "$pid" = "$$" ] && continue
		kill -0 "$pid" 2>/dev/null && continue
		for p in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
		ip netns del "$ns" 2>/dev/null && log "removed stale namespace $ns (test $pid is gone)"
	done
	return 0
}

# kt_cleanup: runs on every exit. Stops our daemons (TERM, then KILL), kills
# every process left in our namespaces, deletes the namespaces and temp dir.
kt_cleanup() {
	local rc=$? d ns p
	trap - EXIT INT TERM
	set +e
	for p in "${KT_BGPIDS[@]}"; do kill -KILL "$p" 2>/dev/null; done
	for d in "${KT_DAEMONS[@]}"; do
		p=$(ka_pid "$d" 2>/dev/null)
		[ -n "$p" ] && pid_alive "$p" && kill -TERM "$p" 2>/dev/null
	done
	for d in "${KT_DAEMONS[@]}"; do
		p=$(ka_pid "$d" 2>/dev/null)
		[ -n "$p" ] || continue
		wait_for 10 not_alive "$p" >/dev/null 2>&1 || kill -KILL "$p" 2>/dev/null
	done
	# A sanitizer report in any daemon log fails an otherwise passing test.
	for d in "${KT_DAEMONS[@]}"; do
		if grep -Eq 'ERROR: (Address|Leak|Thread)Sanitizer|runtime error:' "$KT_TMP/$d/log" 2>/dev/null; then
			log "FAIL: sanitizer report in the log of daemon $d:"
			grep -E -A30 'ERROR: (Address|Leak|Thread)Sanitizer|runtime error:' "$KT_TMP/$d/log" | head -60
			[ "$rc" = 0 ] && rc=1
		fi
	done
	# Anything still running inside our namespaces (children, scripts, pings).
	for ns in "${KT_NETNS[@]}"; do
		for p in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
	done
	for ns in "${KT_NETNS[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	if [ -n "$KT_TMP" ] && [ -d "$KT_TMP" ]; then
		if [ -n "${KT_KEEP_TMP:-}" ]; then
			log "keeping $KT_TMP"
		else
			rm -rf "$KT_TMP"
		fi
	fi
	exit "$rc"
}

# ---------------------------------------------------------------- processes
# pid_alive PID: true if the process exists and is not a zombie. (A daemon we
# started and that died stays a zombie until reaped; we reap it here.)
pid_alive() {
	local st
	[ -r "/proc/$1/stat" ] || return 1
	st=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
	if [ "$st" = Z ] || [ -z "$st" ]; then
		wait "$1" 2>/dev/null
		return 1
	fi
	return 0
}
not_alive() { ! pid_alive "$1"; }

# ---------------------------------------------------------------- polling
# wait_for TIMEOUT CMD...: run CMD every 0.2 s until it succeeds (return 0) or
# TIMEOUT seconds (times $KT_TIMEOUT_SCALE) pass (return 1).
wait_for() {
	local t=$1; shift
	local end=$(( $(date +%s) + t * KT_SCALE ))
	while :; do
		"$@" && return 0
		[ "$(date +%s)" -ge "$end" ] && return 1
		sleep 0.2
	done
}

# holds SECONDS CMD...: CMD keeps succeeding for SECONDS (checked every 0.2 s).
# Used for "must NOT happen" assertions (e.g. nopreempt keeps the VIP).
holds() {
	local t=$1; shift
	local end=$(( $(date +%s) + t ))
	while [ "$(date +%s)" -lt "$end" ]; do
		"$@" || return 1
		sleep 0.2
	done
	"$@"
}

# ---------------------------------------------------------------- topology
# kt_ns SHORT: the real namespace name for a short name (r1 -> kt1234-r1).
kt_ns() { echo "$KT_ID-$1"; }

# netns_add SHORT: create namespace kt<pid>-SHORT with lo up.
netns_add() {
	local ns; ns=$(kt_ns "$1")
	ip netns add "$ns" || fail "cannot create namespace $ns"
	KT_NETNS+=("$ns")
	ip -n "$ns" link set lo up
}

# lab_switch: the "switch" namespace with bridge br0 (no STP: ports forward
# at once).
lab_switch() {
	netns_add sw
	ip -n "$(kt_ns sw)" link add br0 type bridge stp_state 0 forward_delay 0 ||
		fail "cannot create a bridge"
	ip -n "$(kt_ns sw)" link set br0 up
}

# lab_host SHORT HOSTNUM [IFNAME]: namespace SHORT attached to the switch by a
# veth: IFNAME (default eth0) inside it with $KT_NET.HOSTNUM/24, port SHORT on
# the bridge. Prints nothing; the namespace is $(kt_ns SHORT).
lab_host() {
	local short=$1 num=$2 ifn=${3:-eth0}
	local ns sw; ns=$(kt_ns "$short"); sw=$(kt_ns sw)
	ip netns list | grep -qw "^$ns" || netns_add "$short"
	ip -n "$sw" link add "$short" type veth peer name "$ifn" netns "$ns" ||
		fail "cannot create veth for $short"
	ip -n "$sw" link set "$short" master br0 up
	ip -n "$ns" addr add "$KT_NET.$num/24" dev "$ifn"
	ip -n "$ns" link set "$ifn" up
}

# lab_lan SHORT:NUM...: switch + hosts, e.g. lab_lan r1:1 r2:2 c1:10
lab_lan() {
	local h
	lab_switch
	for h in "$@"; do lab_host "${h%%:*}" "${h##*:}"; done
}

# lab_link2 SHORT PEER: a second link, outside the switch: a new namespace
# PEER whose eth0 is the other end of SHORT's eth1 (both up). Sets N2, a
# /24 of its own ("10.X.Y"; SHORT has $N2.1 on eth1).
lab_link2() {
	local a b
	netns_add "$2"
	a=$(kt_ns "$1") b=$(kt_ns "$2")
	ip -n "$a" link add eth1 type veth peer name eth0 netns "$b" || fail "cannot create $1's eth1"
	N2="10.$(( 100 + $$ % 150 )).$(( ($$ / 150 + 1) % 250 ))"
	ip -n "$a" addr add "$N2.1/24" dev eth1
	ip -n "$a" link set eth1 up
	ip -n "$b" link set eth0 up
}

# mac_of NS IF: the interface's MAC address.
mac_of() { ip -n "$1" -o link show dev "$2" | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p'; }

# has_addr NS IF ADDR: ADDR (no prefix length) is configured on IF in NS.
has_addr() {
	ip -n "$1" -o -4 addr show dev "$2" 2>/dev/null | grep -q " inet $3/"
}
no_addr() { ! has_addr "$@"; }

# kt_script_dir: makes $KT_TMP/scripts (root's, 0755: a directory
# enable_script_security accepts) with ok.sh (exit 0) in it; prints its path.
kt_script_dir() {
	local d=$KT_TMP/scripts
	mkdir -p "$d" && chmod 755 "$d" &&
		printf '#!/bin/sh\nexit 0\n' >"$d/ok.sh" && chmod 755 "$d/ok.sh" && echo "$d"
}

# kt_notify_recorder SCRIPT OUT: an executable SCRIPT that appends its
# arguments to OUT as one line ("$*"): a notify script that records.
kt_notify_recorder() {
	printf '#!/bin/sh\necho "$*" >>"%s"\n' "$2" >"$1" && chmod 755 "$1"
}
# kt_fifo_recorder SCRIPT OUT: an executable vrrp_notify_fifo_script that
# appends the lines of the FIFO it is given to OUT.
kt_fifo_recorder() {
	printf '#!/bin/sh\nexec cat "$1" >>"%s"\n' "$2" >"$1" && chmod 755 "$1"
}

# can_ping NS ADDR: one ping from NS reaches ADDR.
can_ping() { ip netns exec "$1" ping -c 1 -W 1 "$2" >/dev/null 2>&1; }

# syslog_start SOCKET OUT: a syslog listener on the unix datagram socket
# SOCKET (a daemon's private /dev/log), writing each message as one line of
# OUT; returns once it listens. Stopped with the test.
syslog_start() {
	python3 -u - "$1" >"$2" 2>&1 <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print("listening", flush=True)
while True:
    print(s.recv(65536).decode(errors="replace").replace("\n", " "), flush=True)
PY
	KT_BGPIDS+=($!)
	disown $!
	wait_for 10 grep -q '^listening' "$2" || fail "syslog listener did not start"
}

# ---------------------------------------------------------------- daemon
# Each daemon has a NAME (e.g. r1) and a private directory $KT_TMP/NAME with:
#   keepalived.conf  log  keepalived.pid vrrp.pid checkers.pid  dump/
ka_dir()  { echo "$KT_TMP/$1"; }
ka_log()  { echo "$KT_TMP/$1/log"; }
ka_conf_file() { echo "$KT_TMP/$1/keepalived.conf"; }
ka_dumpdir() { echo "$KT_TMP/$1/dump"; }

# ka_conf NAME: write the daemon's config from stdin (a heredoc).
ka_conf() {
	mkdir -p "$KT_TMP/$1/dump"
	chmod 755 "$KT_TMP/$1"
	cat >"$KT_TMP/$1/keepalived.conf"
}

# ka_start NAME SHORT [EXTRA ARGS]: start the daemon in namespace SHORT with
# the config written by ka_conf. The parent's pid is saved in NAME/parent.
# The binary is $KEEPALIVED, or $KA_BINARY for this call (interop tests run
# Debian's keepalived next to ours). Our daemon gets --dump-dir; Debian's
# gets TMPDIR (it dumps there) and -G (no syslog).
ka_start() {
	local name=$1 short=$2; shift 2
	local d="$KT_TMP/$name" ns; ns=$(kt_ns "$short")
	local bin=${KA_BINARY:-$KEEPALIVED} flavour
	local args=(-n -l -D -f "$d/keepalived.conf" -p "$d/keepalived.pid"
		-r "$d/vrrp.pid" -c "$d/checkers.pid" -b "$d/bfd.pid")
	[ -f "$d/keepalived.conf" ] || fail "ka_start $name: no config (ka_conf first)"
	flavour=$(flavour_of "$bin")
	if [ "$flavour" = ng ]; then
		args+=(--dump-dir "$d/dump")
		# its own control socket, unless the configuration names one
		grep -Eq '^[[:space:]]*control_socket[[:space:]]' "$d/keepalived.conf" ||
			args+=(--control-socket "$d/ctl")
	else
		args+=(-G)
	fi
	echo "$flavour" >"$d/flavour"
	case " ${KT_DAEMONS[*]} " in *" $name "*) ;; *) KT_DAEMONS+=("$name") ;; esac
	echo "=== $(date +%T.%N) start: $bin ${args[*]} $*" >>"$d/log"
	# `ip netns exec` execs the command, so $! is the daemon's own pid.
	TMPDIR="$d/dump" ip netns exec "$ns" "$bin" "${args[@]}" "$@" \
		</dev/null >>"$d/log" 2>&1 &
	echo $! >"$d/parent"
	disown $!	# no "Killed" job reports; bash still reaps it
	echo "$short" >"$d/ns"
	log "started daemon $name ($flavour) in $ns (pid $!)"
}

# ka_flavour NAME: ng or classic, for a started daemon.
ka_flavour() { cat "$KT_TMP/$1/flavour"; }

# vrrp_block NAME VRID PRIO [EXTRA]: a vrrp_instance block on stdout: state
# ${KT_STATE:-BACKUP}, interface eth0, advert_int ${KT_ADVERT:-1}, EXTRA
# lines before virtual_ipaddress, whose addresses are ${KT_VIPS:-$VIP/32}
# (several: separated by spaces).
vrrp_block() {
	local v
	cat <<BLOCK
vrrp_instance $1 {
    state ${KT_STATE:-BACKUP}
    interface eth0
    virtual_router_id $2
    priority $3
    advert_int ${KT_ADVERT:-1}
${4:-}
    virtual_ipaddress {
$(for v in ${KT_VIPS:-$VIP/32}; do echo "        $v"; done)
    }
}
BLOCK
}

# sync_g1_lab SHORT FIFO_SCRIPT: SHORT (of lab_lan) gets a second link eth1
# (a veth whose other end stays in SHORT, 192.168.77.1/24) and the
# configuration of sync group G1: VI_1 (eth0, VRID 51, priority 150, $VIP)
# and VI_2 (eth1, VRID 52, priority 120, 192.168.77.100), their notify FIFO
# $KT_TMP/vrrp.fifo read by FIFO_SCRIPT.
sync_g1_lab() {
	local ns
	ns=$(kt_ns "$1")
	ip -n "$ns" link add eth1 type veth peer name eth1p || fail "cannot make eth1"
	ip -n "$ns" link set eth1p up
	ip -n "$ns" link set eth1 up
	ip -n "$ns" addr add 192.168.77.1/24 dev eth1
	ka_conf "$1" <<CONF
global_defs {
    vrrp_notify_fifo $KT_TMP/vrrp.fifo
    vrrp_notify_fifo_script $2
}
vrrp_sync_group G1 {
    group {
        VI_1
        VI_2
    }
}
$(KT_VIPS=$VIP/32 vrrp_block VI_1 51 150)
$(KT_VIPS=192.168.77.100/32 vrrp_block VI_2 52 120 | sed 's/interface eth0/interface eth1/')
CONF
}

# vrrp_conf NAME PRIO [EXTRA]: the usual one-instance config: ${KT_INSTANCE:-VI_1}
# with VRID ${KT_VRID:-51} (vrrp_block: KT_STATE, KT_ADVERT, KT_VIPS), EXTRA
# lines inside the vrrp_instance block, $KT_GLOBAL before it.
vrrp_conf() {
	ka_conf "$1" <<CONF
${KT_GLOBAL:-}
$(vrrp_block "${KT_INSTANCE:-VI_1}" "${KT_VRID:-51}" "$2" "${3:-}")
CONF
}

# ka_pid NAME: the parent pid we started. ka_vrrp_pid NAME: from the -r file.
ka_pid() { cat "$KT_TMP/$1/parent" 2>/dev/null; }
ka_vrrp_pid() { cat "$KT_TMP/$1/vrrp.pid" 2>/dev/null; }
ka_alive() { local p; p=$(ka_pid "$1"); [ -n "$p" ] && pid_alive "$p"; }

# kt_kill_pidfiles NAME SIG: signal the processes named in the pid files -
# only those that really run in the daemon's namespace (a stale pid file may
# name an unrelated process).
kt_kill_pidfiles() {
	local f p ns; ns=$(kt_ns "$(cat "$KT_TMP/$1/ns")")
	for f in keepalived.pid vrrp.pid checkers.pid bfd.pid; do
		p=$(cat "$KT_TMP/$1/$f" 2>/dev/null) || continue
		[ -n "$p" ] && [ "$(ip netns identify "$p" 2>/dev/null)" = "$ns" ] &&
			kill "-$2" "$p" 2>/dev/null
	done
	return 0
}

# ka_children NAME: pids of the daemon parent's children.
ka_children() { local p; p=$(ka_pid "$1"); [ -n "$p" ] && pgrep -P "$p"; }

# ka_stop NAME: SIGTERM the parent and wait (60 s) until it has exited.
ka_stop() {
	local p; p=$(ka_pid "$1")
	[ -n "$p" ] || fail "ka_stop $1: not started"
	kill -TERM "$p" 2>/dev/null
	wait_for 60 not_alive "$p" || fail "daemon $1 (pid $p) did not exit on SIGTERM"
	log "stopped daemon $1"
}

# ka_kill NAME: SIGKILL the parent and all its children at once (a crash of
# the whole daemon: nothing is cleaned up, no priority-0 advert is sent).
ka_kill() {
	local p kids; p=$(ka_pid "$1")
	kids=$(ka_children "$1")
	# Children first: a child that saw its parent die first would stop
	# cleanly (priority-0 advert) and this is meant to be a crash.
	# shellcheck disable=SC2086
	kill -KILL $kids "$p" 2>/dev/null
	kt_kill_pidfiles "$1" KILL
	wait_for 30 not_alive "$p" || fail "daemon $1 survived SIGKILL"
	for p in $kids; do wait_for 30 not_alive "$p"; done
	log "killed daemon $1 with SIGKILL (pids $(ka_pid "$1") $kids)"
}

# ka_signal NAME SIG: send SIG to the parent.
ka_signal() { kill "-$2" "$(ka_pid "$1")"; }

# ka_logged NAME REGEX: the daemon's log has a line matching REGEX (ERE).
ka_logged() { grep -Eq -- "$2" "$(ka_log "$1")"; }
# ka_count NAME REGEX: how many log lines match.
ka_count() { grep -Ec -- "$2" "$(ka_log "$1")"; }
# ka_entered NAME STATE [N]: the log shows "Entering STATE STATE" at least N times.
ka_entered() { [ "$(ka_count "$1" "Entering $2 STATE")" -ge "${3:-1}" ]; }

# ka_dump_file NAME data|check|bfd|parent|stats: where USR1/USR2 output lands
# (keepalived 2.2.7's names): data = keepalived.data (global definitions and
# VRRP), check = keepalived_check.data (global definitions and the checker's
# LVS topology), bfd = keepalived_bfd.data (global definitions and the BFD
# sessions), parent = keepalived_parent.data (global definitions),
# stats = keepalived.stats. KT_DUMP_TAG (data_use_instance: "NS_INSTANCE")
# goes into the .data names as 2.2.7 puts it: keepalived_check.TAG.data.
ka_dump_file() {
	local base tag=${KT_DUMP_TAG:+.$KT_DUMP_TAG}
	case "$2" in
	data) base=keepalived$tag.data ;;
	check) base=keepalived_check$tag.data ;;
	bfd) base=keepalived_bfd$tag.data ;;
	parent) base=keepalived_parent$tag.data ;;
	stats) base=keepalived.stats ;;
	*) fail "ka_dump_file: unknown kind $2" ;;
	esac
	echo "$KT_TMP/$1/dump/$base"
}

# ka_dump NAME data|check|bfd|parent|stats: remove the old file, send USR1
# (.data files) / USR2 (stats), wait until the file is written and its size
# is stable; print its path.
ka_dump() {
	local f sig; f=$(ka_dump_file "$1" "$2")
	[ "$2" = stats ] && sig=USR2 || sig=USR1
	rm -f "$f"
	ka_signal "$1" "$sig" || fail "cannot signal $1"
	wait_for 20 test -s "$f" || fail "no $f after SIG$sig"
	local a=-1 b; b=$(stat -c %s "$f")
	while [ "$a" != "$b" ]; do sleep 0.3; a=$b; b=$(stat -c %s "$f"); done
	echo "$f"
}

# dump_field FILE INSTANCE FIELD: value of "   FIELD = value" in the data dump,
# within the block of " VRRP Instance = INSTANCE".
dump_field() {
	awk -v inst="$2" -v key="$3" '
		/^ *VRRP Instance = / { cur = $0; sub(/^ *VRRP Instance = /, "", cur); next }
		/^------</ { cur = "" }   # the next section (sockpool, interfaces...) is no instance
		cur == inst {
			line = $0; sub(/^ +/, "", line)
			if (index(line, key " = ") == 1) { print substr(line, length(key) + 4); exit }
		}' "$1"
}

# ka_state NAME INSTANCE: State from a fresh data dump (MASTER/BACKUP/FAULT).
ka_state() { dump_field "$(ka_dump "$1" data)" "$2" State; }

# stats_counter FILE INSTANCE SECTION KEY: the counter in the stats dump.
# SECTION is the header ("Advertisements", "Packet Errors", ... or "" for the
# top level, e.g. "Became master"). Prints nothing if the counter is absent.
stats_counter() {
	awk -v inst="$2" -v sect="$3" -v key="$4" '
		/^VRRP Instance: / { cur = substr($0, 16); s = ""; next }
		cur != inst { next }
		/^  [^ ].*:$/ { s = substr($0, 3); sub(/:$/, "", s); next }
		/^  [^ ]/ { s = "" }
		{
			line = $0; sub(/^ +/, "", line)
			if (s == sect && index(line, key ": ") == 1) { print substr(line, length(key) + 3); exit }
		}' "$1"
}

# tcp_server SHORT ADDR PORT: a TCP server in namespace SHORT that accepts
# and closes every connection (a real server that is up). Killed at exit.
tcp_server() {
	ip netns exec "$(kt_ns "$1")" python3 -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2]))); s.listen(64)
while True:
    c, _ = s.accept(); c.close()' "$2" "$3" &
	KT_BGPIDS+=($!)
	disown $!
}

# ---------------------------------------------------------------- VRRP helpers
# inject ARGS...: vrrp_inject.py (see its --help).
inject() { python3 "$KT_INJECT" "$@"; }

# listen_start SHORT IF FILE SECONDS [MODE]: capture VRRP adverts (MODE
# --listen, default) or gratuitous ARPs (--arp-listen) in the background into
# FILE. The listener is killed at exit.
listen_start() {
	local ns; ns=$(kt_ns "$1")
	ip netns exec "$ns" python3 -u "$KT_INJECT" "${5:---listen}" --iface "$2" \
		--duration "$4" >"$3" 2>&1 &
	KT_BGPIDS+=($!)
	disown $!
	# Ready once it printed its banner (socket bound).
	wait_for 10 grep -q '^listening' "$3" || fail "listener did not start: $(cat "$3")"
}

# ---------------------------------------------------------------- IPv6
# has_addr6 NS IF ADDR: the IPv6 ADDR (as `ip` prints it) is on IF in NS.
has_addr6() {
	ip -n "$1" -o -6 addr show dev "$2" 2>/dev/null | grep -q " inet6 $3/"
}
no_addr6() { ! has_addr6 "$@"; }
# can_ping6 NS ADDR: one ping from NS reaches the IPv6 ADDR.
can_ping6() { ip netns exec "$1" ping -6 -c 1 -W 1 "$2" >/dev/null 2>&1; }
# dad_done SHORT...: no tentative IPv6 address is left in these namespaces
# (a link-local address can be a source only once DAD is over).
dad_done() {
	local h
	for h in "$@"; do
		[ -z "$(ip -n "$(kt_ns "$h")" -6 addr show tentative 2>/dev/null)" ] || return 1
	done
}
# capture_start SHORT IF FILE FILTER...: tcpdump (-nn -v -e, line-buffered)
# in the background into FILE; killed at exit.
capture_start() {
	local ns; ns=$(kt_ns "$1"); local ifn=$2 file=$3; shift 3
	ip netns exec "$ns" tcpdump -i "$ifn" -l -nn -v -e "$@" >"$file" 2>&1 &
	KT_BGPIDS+=($!)
	disown $!
	wait_for 10 grep -q 'listening on' "$file" || fail "tcpdump did not start: $(cat "$file")"
}

# ---------------------------------------------------------------- end
log_result() { log "PASS"; }
