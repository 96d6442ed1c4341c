# shellcheck shell=bash
# test/lib/frr.sh - FRR's vrrpd (Debian 12 package frr, 8.4) and ours as the
# two routers of one VRID. Sourced by test/interop/frr_v*.sh after netns.sh;
# run `frr_interop_run VERSION` (2 or 3). Like test/lib/interop.sh for
# Debian's keepalived, it proves on the wire that the two implementations
# understand each other: each wins when it has the higher priority, the other
# is Backup, and failover works both ways.
#
# How FRR's VRRP works (docs.frrouting.org, "VRRP" chapter): vrrpd does not
# create interfaces. The virtual address lives on a macvlan device on top of
# the interface - bridge mode (so adverts still reach the Backup), MAC
# 00:00:5e:00:01:<VRID hex> - and vrrpd finds it by that MAC. Master =
# macvlan up; Backup / Initialize = macvlan in "protodown on", which zebra sets
# for vrrpd, so zebra must run too. IPv4 adverts leave through the macvlan
# (source MAC = the virtual MAC) with the primary address of the parent
# interface as IP source.
#
# Each FRR router NAME gets a private directory $KT_TMP/frr-NAME (owned by
# user frr: the daemons drop to it and insist that it is in group frrvty, so
# they cannot run as root) with the configs, pid files, the vty sockets, the
# zserv socket and the logs; the daemons run inside the router's namespace
# with the TCP vty off (-P 0), so nothing is shared with the host or with
# another test. vtysh talks to vrrpd through that directory's socket.
#
# Cleanup: frr_init replaces the harness's EXIT trap by one that first stops
# every FRR daemon we started with SIGTERM (so each removes its
# /var/tmp/frr/<daemon>.<pid> crash-log directory; we remove it ourselves if
# SIGKILL was needed), prints FRR's logs on failure, then runs kt_cleanup
# (which also SIGKILLs whatever is left in our namespaces and removes $KT_TMP).

FRR_SBIN=${FRR_SBIN:-/usr/lib/frr}
FRR_VTYSH=${FRR_VTYSH:-vtysh}
FRR_USER=${FRR_USER:-frr}
FRR_VARTMP=/var/tmp/frr   # compiled into libfrr (crash logs), not settable
FRR_PIDS=()               # "NAME DAEMON PID PPID" of every FRR daemon we started
FRR_NAMES=()              # FRR routers (for frr_show_state)
FRR_VARTMP_MADE=0

# frr_init: after kt_init. Skip (77) unless FRR can be used here; install the
# FRR-aware exit trap.
frr_init() {
	local p
	for p in zebra vrrpd; do
		[ -x "$FRR_SBIN/$p" ] || skip "FRR not installed ($FRR_SBIN/$p missing; run tools/setup.sh)"
	done
	command -v "$FRR_VTYSH" >/dev/null 2>&1 || skip "FRR's vtysh not installed"
	id -u "$FRR_USER" >/dev/null 2>&1 || skip "no user $FRR_USER (FRR's daemons run as it)"
	[ -d "$FRR_VARTMP" ] || FRR_VARTMP_MADE=1
	trap frr_on_exit EXIT
}

# frr_on_exit: the EXIT trap (replaces kt_cleanup's, then calls it).
frr_on_exit() {
	local rc=$?
	set +e
	if [ "$rc" != 0 ] && [ "$rc" != 77 ]; then frr_show_state; fi
	frr_stop_all
	(exit "$rc")
	kt_cleanup
}

frr_dir() { echo "$KT_TMP/frr-$1"; }
# frr_vmac VRID: the IPv4 virtual MAC. frr_mvl VRID: our macvlan's name.
frr_vmac() { printf '00:00:5e:00:01:%02x' "$1"; }
frr_mvl() { echo "vrrp4-$1"; }

# frr_macvlan SHORT VRID ADDR: the system side FRR needs in namespace SHORT:
# macvlan on eth0 (bridge mode, virtual MAC, random IPv6 link-local) carrying
# ADDR/32. Also arp_ignore=1 there: otherwise eth0 answers ARP for the
# virtual address with its own MAC - even while FRR is Backup (protodown
# leaves the address local) - and a client may reach the Backup.
frr_macvlan() {
	local ns mvl; ns=$(kt_ns "$1"); mvl=$(frr_mvl "$2")
	ip -n "$ns" link add "$mvl" link eth0 type macvlan mode bridge ||
		skip "cannot create a macvlan device (FRR's vrrpd needs one)"
	# (iproute2 6.1 cannot pass addrgenmode with `link add`: EAFNOSUPPORT)
	ip -n "$ns" link set "$mvl" addrgenmode random || fail "cannot set addrgenmode on $mvl"
	ip -n "$ns" link set "$mvl" address "$(frr_vmac "$2")" || fail "cannot set the virtual MAC on $mvl"
	ip -n "$ns" addr add "$3/32" dev "$mvl" || fail "cannot add $3 to $mvl"
	ip -n "$ns" link set "$mvl" up || fail "cannot set $mvl up"
	ip netns exec "$ns" sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.eth0.arp_ignore=1 ||
		fail "cannot set arp_ignore in $ns"
}

# frr_conf NAME VRID VERSION PRIO ADDR: write vrrpd's config (read at start).
frr_conf() {
	local d; d=$(frr_dir "$1")
	mkdir -p "$d"
	: >"$d/zebra.conf"
	: >"$d/vtysh.conf"   # vtysh reads it (--config_dir), not /etc/frr/
	cat >"$d/vrrpd.conf" <<CONF
! vrrpd for test $KT_NAME ($KT_ID)
debug vrrp protocol
debug vrrp packets
interface eth0
 vrrp $2 version $3
 vrrp $2 priority $4
 vrrp $2 ip $5
exit
CONF
	chmod 755 "$d"
	chown -R "$FRR_USER:" "$d" || fail "cannot chown $d to $FRR_USER"
}

# frr_daemon NAME DAEMON: start zebra or vrrpd (daemonized: `-d` returns once
# it is ready) in NAME's namespace. Returns 1 (with its output) if it fails.
# FRR names its crash-log directory /var/tmp/frr/DAEMON.PID after the pid
# before the fork (the `ip netns exec` we start, which execs the daemon), so
# we keep that pid too.
frr_daemon() {
	local name=$1 prog=$2 d ns pid ppid
	d=$(frr_dir "$name"); ns=$(kt_ns "$(cat "$d/ns")")
	rm -f "$d/$prog.pid"
	echo "=== $(date +%T.%N) start $prog" >>"$d/$prog.out"
	ip netns exec "$ns" "$FRR_SBIN/$prog" -d -P 0 -f "$d/$prog.conf" \
		-i "$d/$prog.pid" --vty_socket "$d" -z "$d/zserv.api" \
		--log "file:$d/$prog.log" --log-level debug </dev/null >>"$d/$prog.out" 2>&1 &
	ppid=$!
	if ! wait "$ppid"; then
		rm -rf "${FRR_VARTMP:?}/$prog.$ppid"
		log "FRR's $prog did not start: $(tail -n 5 "$d/$prog.out" | tr '\n' ' ')"
		return 1
	fi
	wait_for 20 test -s "$d/$prog.pid" || { log "FRR's $prog wrote no pid file"; return 1; }
	pid=$(cat "$d/$prog.pid")
	FRR_PIDS+=("$name $prog $pid $ppid")
	wait_for 20 test -S "$d/$prog.vty" || { log "FRR's $prog has no vty socket"; return 1; }
	log "started FRR's $prog for $name in $ns (pid $pid)"
}

# frr_start NAME SHORT: zebra then vrrpd in namespace SHORT (frr_conf first).
# Returns 1 if a daemon cannot start (the caller decides: skip or fail).
frr_start() {
	local d; d=$(frr_dir "$1")
	[ -f "$d/vrrpd.conf" ] || fail "frr_start $1: no config (frr_conf first)"
	echo "$2" >"$d/ns"
	case " ${FRR_NAMES[*]} " in *" $1 "*) ;; *) FRR_NAMES+=("$1") ;; esac
	frr_daemon "$1" zebra && frr_daemon "$1" vrrpd
}

# frr_ours NAME PID: PID runs, in NAME's namespace (a pid we started may have
# been reused by an unrelated process since).
frr_ours() {
	pid_alive "$2" &&
		[ "$(ip netns identify "$2" 2>/dev/null)" = "$(kt_ns "$(cat "$(frr_dir "$1")/ns")")" ]
}

# frr_kill NAME DAEMON PID PPID: SIGTERM (SIGKILL after 30 s) if it is still
# ours; then remove its crash-log directory if it did not. Never fails.
frr_kill() {
	if frr_ours "$1" "$3"; then
		kill -TERM "$3" 2>/dev/null
		wait_for 30 not_alive "$3" || kill -KILL "$3" 2>/dev/null
		wait_for 10 not_alive "$3"
	fi
	not_alive "$3" && rm -rf "${FRR_VARTMP:?}/$2.$4"
	return 0
}

# frr_stop_vrrpd NAME: SIGTERM vrrpd (it sends priority 0 as Master) and wait.
frr_stop_vrrpd() {
	local e n prog pid ppid found=""
	for e in "${FRR_PIDS[@]}"; do
		read -r n prog pid ppid <<<"$e"
		[ "$n $prog" = "$1 vrrpd" ] && frr_ours "$n" "$pid" && found="$pid $ppid"
	done
	[ -n "$found" ] || fail "frr_stop_vrrpd $1: vrrpd not running"
	read -r pid ppid <<<"$found"
	frr_kill "$1" vrrpd "$pid" "$ppid"
	not_alive "$pid" || fail "FRR's vrrpd (pid $pid) did not exit"
	log "stopped FRR's vrrpd for $1"
}

# frr_stop_all: every FRR daemon we started, vrrpd and bfdd before zebra. Never fails
# (runs in the exit trap).
frr_stop_all() {
	local i n p prog pid ppid
	for p in vrrpd bfdd zebra; do
		for (( i = ${#FRR_PIDS[@]} - 1; i >= 0; i-- )); do
			read -r n prog pid ppid <<<"${FRR_PIDS[i]}"
			[ "$prog" = "$p" ] && frr_kill "$n" "$prog" "$pid" "$ppid"
		done
	done
	[ "$FRR_VARTMP_MADE" = 1 ] && rmdir "$FRR_VARTMP" 2>/dev/null
	return 0
}

# frr_vtysh NAME CMD...: run vtysh commands against NAME's vrrpd.
frr_vtysh() {
	local d; d=$(frr_dir "$1"); shift
	local args=() c
	for c in "$@"; do args+=(-c "$c"); done
	timeout 20 "$FRR_VTYSH" --vty_socket "$d" --config_dir "$d" -d vrrpd "${args[@]}" 2>&1
}

# frr_config NAME LINE...: change NAME's running config of eth0, e.g.
# frr_config frr "vrrp 51 shutdown". Fails on any vtysh error.
frr_config() {
	local name=$1 out; shift
	if ! out=$(frr_vtysh "$name" "configure terminal" "interface eth0" "$@") ||
		grep -q '^%' <<<"$out"; then
		fail "vtysh refused '$*': $out"
	fi
	log "FRR $name: $*"
}

# frr_state NAME: "Status (v4)" of `show vrrp` (Master, Backup, Initialize).
frr_state() {
	frr_vtysh "$1" "show vrrp" | awk '/^ *Status \(v4\)/ { print $3; exit }'
}
frr_is() { [ "$(frr_state "$1")" = "$2" ]; }

# frr_protodown NAME VRID: FRR's macvlan is in protodown (does not serve the
# virtual address).
frr_protodown() {
	ip -n "$(kt_ns "$(cat "$(frr_dir "$1")/ns")")" -d link show dev "$(frr_mvl "$2")" 2>/dev/null |
		grep -q 'protodown on'
}

# frr_show_state: FRR's view, for a person reading a failure.
frr_show_state() {
	local n d f
	for n in "${FRR_NAMES[@]}"; do
		d=$(frr_dir "$n")
		echo "--- FRR $n: show vrrp"
		frr_vtysh "$n" "show vrrp" 2>&1 | sed 's/^/    /'
		echo "--- FRR $n: links"
		ip -n "$(kt_ns "$(cat "$d/ns")")" -d -br link 2>&1 | sed 's/^/    /'
		for f in zebra.out vrrpd.out zebra.log vrrpd.log; do
			[ -s "$d/$f" ] || continue
			echo "--- FRR $n: last 40 lines of $f (without the 'Refusing to start' noise)"
			grep -v 'Refusing to start' "$d/$f" | tail -n 40 | sed 's/^/    /'
		done
	done
}

# ---------------------------------------------------------------- scenario
# vip_served_by MAC: a client that has forgotten the virtual address's MAC
# pings it, and the answer to its ARP came from MAC (only the Master answers).
vip_served_by() {
	local c1; c1=$(kt_ns c1)
	ip -n "$c1" neigh flush to "$VIP" dev eth0 2>/dev/null
	can_ping "$c1" "$VIP" &&
		ip -n "$c1" neigh show to "$VIP" dev eth0 | grep -q "lladdr $1 "
}

# frr_owns NBACKUP: FRR is Master (macvlan up) and serves the VIP, ours is
# BACKUP without the VIP, having entered BACKUP NBACKUP times in all; NBACKUP
# 0: ours is stopped (and has no VIP).
frr_owns() {
	local n=$1 rn ours="ours is BACKUP without the VIP"; rn=$(kt_ns rn)
	wait_for 60 frr_is frr Master || fail "FRR never became Master (state: $(frr_state frr))"
	if [ "$n" = 0 ]; then
		ours="ours is stopped"
	else
		wait_for 30 ka_entered ng BACKUP "$n" || fail "ours never entered BACKUP ($n times)"
	fi
	wait_for 30 no_addr "$rn" eth0 "$VIP" || fail "ours kept the VIP"
	holds 4 no_addr "$rn" eth0 "$VIP" || fail "ours has the VIP too"
	frr_is frr Master || fail "FRR left Master (state: $(frr_state frr))"
	frr_protodown frr "$VRID" && fail "FRR is Master but its macvlan is in protodown"
	wait_for 20 vip_served_by "$VMAC" || fail "the client does not reach the VIP at FRR's $VMAC"
	log "FRR is Master (the client reaches the VIP at $VMAC), $ours"
}

# ng_owns [FRRSTATE]: ours is MASTER with the VIP and serves it, FRR is in
# FRRSTATE (Backup, or Initialize when shut down; none: vrrpd is stopped) and
# then its macvlan is in protodown.
ng_owns() {
	local st=${1:-} rn mac; rn=$(kt_ns rn); mac=$(mac_of "$rn" eth0)
	wait_for 60 has_addr "$rn" eth0 "$VIP" || fail "ours never got the VIP"
	if [ -n "$st" ]; then
		wait_for 30 frr_is frr "$st" || fail "FRR is not $st (state: $(frr_state frr))"
		holds 4 frr_is frr "$st" || fail "FRR left $st (state: $(frr_state frr))"
	fi
	# Once vrrpd is stopped, zebra drops the protodown reasons of the client
	# that went away, so whether the macvlan stays down is FRR's race (seen
	# both ways on a loaded machine): only a running vrrpd is held to it.
	if [ -n "$st" ]; then
		wait_for 30 frr_protodown frr "$VRID" || fail "FRR is $st but its macvlan is not in protodown"
	fi
	has_addr "$rn" eth0 "$VIP" || fail "ours lost the VIP"
	wait_for 20 vip_served_by "$mac" || fail "the client does not reach the VIP at ours ($mac)"
	log "ours is MASTER (the client reaches the VIP at $mac), FRR is ${st:-stopped}"
}

# frr_wire_check FILE VERSION: every advert for the VRID seen by the client
# came from FRR or ours, is VRRPv<VERSION>, TTL 255, one address (the VIP),
# good checksum, the right source MAC; both sent each priority we configured
# and priority 0 (leaving).
frr_wire_check() {
	local f=$1 v=$2 fmac nmac all src fr ng bad p
	fmac=$VMAC; nmac=$(mac_of "$(kt_ns rn)" eth0)
	all=$(grep "^vrrp .* vrid=$VRID " "$f")
	fr=$(grep "src=$KT_NET.1 " <<<"$all")
	ng=$(grep "src=$KT_NET.2 " <<<"$all")
	log "wire: $(wc -l <<<"$fr") adverts from FRR, $(wc -l <<<"$ng") from ours, $(grep -c . <<<"$all") in all"
	bad=$(grep -v -e "src=$KT_NET.1 " -e "src=$KT_NET.2 " <<<"$all")
	[ -z "$bad" ] || fail "adverts from neither router: $(head -3 <<<"$bad")"
	bad=$(grep -v 'csum=ok' <<<"$all")
	[ -z "$bad" ] || fail "adverts with a bad checksum: $(head -3 <<<"$bad")"
	for src in FRR ours; do
		if [ "$src" = FRR ]; then all=$fr; p="smac=$fmac"; else all=$ng; p="smac=$nmac"; fi
		[ -n "$all" ] || fail "no adverts from $src on the wire"
		bad=$(grep -v -E "dst=224\.0\.0\.18 ttl=255 version=$v type=1 vrid=$VRID prio=[0-9]+ naddr=1 auth=0 int=1\.00 csum=ok dir=in $p addrs=${VIP//./\\.}\$" <<<"$all")
		[ -z "$bad" ] || fail "unexpected adverts from $src: $(head -3 <<<"$bad")"
	done
	for p in 200 100 0; do
		grep -q " prio=$p " <<<"$fr" || fail "FRR never sent priority $p"
		grep -q " prio=$p " <<<"$ng" || fail "ours never sent priority $p"
	done
	log "wire: all VRRPv$v, TTL 255, good checksums, one address $VIP; FRR from $fmac, ours from $nmac; both sent priorities 200, 100 and 0"
}

# frr_interop_run VERSION
frr_interop_run() {
	local v=$1 wire nb
	frr_init
	lab_lan rf:1 rn:2 c1:10
	VRID=${KT_VRID:-51}
	VMAC=$(frr_vmac "$VRID")
	KT_VRID=$VRID
	wire=$KT_TMP/wire.txt
	frr_macvlan rf "$VRID" "$VIP"
	listen_start c1 eth0 "$wire" 850 --listen

	step "VRRPv$v: FRR prio 200, ours prio 100 -> FRR is Master"
	frr_conf frr "$VRID" "$v" 200 "$VIP"
	frr_start frr rf || { frr_show_state; skip "FRR's zebra/vrrpd cannot run here"; }
	vrrp_conf ng 100 "    version $v"
	ka_start ng rn
	frr_owns 1

	step "shut FRR's virtual router (vrrp $VRID shutdown): ours takes over"
	frr_config frr "vrrp $VRID shutdown"
	ng_owns Initialize

	step "FRR returns (no vrrp $VRID shutdown, prio 200) and preempts ours"
	nb=$(ka_count ng "Entering BACKUP STATE")
	frr_config frr "no vrrp $VRID shutdown"
	frr_owns $(( nb + 1 ))

	step "stop FRR's vrrpd (SIGTERM): ours takes over"
	frr_stop_vrrpd frr
	ng_owns

	step "swap: ours prio 200, FRR prio 100 -> ours is Master, FRR Backup"
	ka_stop ng
	frr_conf frr "$VRID" "$v" 100 "$VIP"
	frr_daemon frr vrrpd || fail "FRR's vrrpd did not restart"
	vrrp_conf ng 200 "    version $v"
	ka_start ng rn
	ng_owns Backup

	step "stop ours: FRR takes over"
	ka_stop ng
	frr_owns 0

	step "ours returns (prio 200) and preempts FRR (prio 100)"
	ka_start ng rn
	ng_owns Backup

	step "the adverts on the wire"
	sleep 1
	frr_wire_check "$wire" "$v"
	log_result
}
