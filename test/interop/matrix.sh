#!/usr/bin/env bash
# matrix: ours paired with Debian's keepalived 2.2.7 and with FRR 8.4's
# vrrpd on one VRID, every combination at once: each cell in namespaces of
# its own (its own switch, two routers, a client), all cells in parallel.
#
#   keepalived: VRRP v2 and v3, IPv4 and IPv6 (v2 over IPv6 is keepalived's
#               own format), multicast, both priority orders; nopreempt on
#               both sides for v3/IPv4 and v2/IPv6, both orders; VMAC on both
#               sides (use_vmac) for v2/IPv4, v3/IPv4 and v3/IPv6; unicast
#               (unicast_src_ip + unicast_peer, no VMAC) for v2 and v3 over
#               IPv4 and IPv6, both priority orders
#   FRR:        VRRP v2 and v3 over IPv4 and v3 over IPv6, multicast, both
#               priority orders, ours with and without use_vmac (FRR always
#               uses a macvlan)
#
# In each cell: the higher priority becomes master and the other backup
# (its last state change was to BACKUP, or FRR says Backup, or its dump
# names the master), exactly one holds the VIP and the client reaches it
# there; killing the master (SIGKILL; FRR's vrrpd: SIGTERM) moves the VIP to
# the other; the killed one restarts and preempts (the default) - or, in the
# nopreempt cells, comes back as BACKUP and leaves the VIP where it is. The
# table is printed at the end. FRR 8.4's vrrpd has no unicast: no FRR
# unicast cells.
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/frr.sh"
kt_init
DEB_KEEPALIVED=${DEB_KEEPALIVED:-/usr/sbin/keepalived}
[ -x "$DEB_KEEPALIVED" ] || skip "Debian keepalived not installed ($DEB_KEEPALIVED)"
HAVE_FRR=1
for p in zebra vrrpd; do [ -x "$FRR_SBIN/$p" ] || HAVE_FRR=0; done
command -v "$FRR_VTYSH" >/dev/null 2>&1 || HAVE_FRR=0
id -u "$FRR_USER" >/dev/null 2>&1 || HAVE_FRR=0
[ "$HAVE_FRR" = 1 ] && frr_init

VRID=51
VMAC4=$(frr_vmac $VRID)

# cell_lab ID TRANSPORT: switch ${ID}s, hosts ${ID}a (.1, the peer),
# ${ID}b (.2, ours), ${ID}c (.10 and ${P6}10, client); in a unicast cell the
# routers have ${P6}1 and ${P6}2 too. DAD off so that link-local sources are
# usable at once.
cell_lab() {
	local id=$1 tr=$2 h sw; sw=$(kt_ns "${id}s")
	netns_add "${id}s"
	ip -n "$sw" link add br0 type bridge stp_state 0 forward_delay 0 || fail "cannot create a bridge"
	ip -n "$sw" link set br0 up
	for h in a:1 b:2 c:10; do
		local s=${id}${h%%:*} n=${h##*:} ns; ns=$(kt_ns "$s")
		netns_add "$s"
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
		ip -n "$sw" link add "$s" type veth peer name eth0 netns "$ns" || fail "cannot create veth for $s"
		ip -n "$sw" link set "$s" master br0 up
		ip -n "$ns" addr add "$KT_NET.$n/24" dev eth0
		[ "$n" = 10 ] || [ "$tr" = unicast ] && ip -n "$ns" addr add "${P6}$n/64" dev eth0
		ip -n "$ns" link set eth0 up
	done
}

# cell_conf NAME PRIO VERSION FAMILY ID VMAC [NOLL]: with NOLL the IPv6
# instance advertises only the global address (as FRR does). With $UNI_ME
# and $UNI_TO (host numbers) set, it runs unicast from its own address to
# the other router's.
cell_conf() {
	local vips="$VIP/24" extra=""
	[ "$4" = 6 ] && vips="fe80::51:1/64
        ${P6}100/64"
	[ "$4" = 6 ] && [ -n "${7:-}" ] && vips="${P6}100/64"
	[ "$6" = 1 ] && extra="use_vmac"
	[ -n "${NOPREEMPT:-}" ] && extra="$extra
    nopreempt"
	if [ -n "${UNI_ME:-}" ]; then
		local me="$KT_NET.$UNI_ME" to="$KT_NET.$UNI_TO"
		[ "$4" = 6 ] && me="${P6}$UNI_ME" to="${P6}$UNI_TO"
		extra="unicast_src_ip $me
    unicast_peer {
        $to
    }"
	fi
	ka_conf "$1" <<CONF
vrrp_instance VI_${KT_ID}_$5 {
    state BACKUP
    interface eth0
    virtual_router_id $VRID
    priority $2
    advert_int 1
    version $3
    $extra
    virtual_ipaddress {
        $vips
    }
}
CONF
}

# Inside a cell ($FAM, $VM set): the VIP is on keepalived NS / not;
# the client reaches it.
vip_dev() { [ "$VM" = 1 ] && echo "vrrp.$VRID" || echo eth0; }
cell_has() {
	if [ "$FAM" = 6 ]; then has_addr6 "$1" "$(vip_dev)" "${P6}100"
	else has_addr "$1" "$(vip_dev)" "$VIP"; fi
}
cell_not() { ! cell_has "$@"; }
cell_ping() {
	if [ "$FAM" = 6 ]; then
		ip -n "$1" -6 neigh flush dev eth0 2>/dev/null
		can_ping6 "$1" "${P6}100"
	else
		ip -n "$1" neigh flush dev eth0 2>/dev/null
		can_ping "$1" "$VIP"
	fi
}
# cell_crashed NS NUM: what a SIGKILLed keepalived leaves: remove its VIPs.
cell_crashed() {
	ip -n "$1" addr flush dev eth0 scope global
	ip -n "$1" addr del fe80::51:1/64 dev eth0 2>/dev/null
	ip -n "$1" addr add "$KT_NET.$2/24" dev eth0
	[ -n "${UNI:-}" ] && ip -n "$1" addr add "${P6}$2/64" dev eth0
	if [ "$VM" = 1 ]; then
		ip -n "$1" addr flush dev "vrrp.$VRID" scope global
		ip -n "$1" addr del fe80::51:1/64 dev "vrrp.$VRID" 2>/dev/null
	fi
}
cell_start() {
	if [ "$1" = "$PEER" ]; then KA_BINARY=$DEB_KEEPALIVED ka_start "$1" "$2" -P >/dev/null
	else ka_start "$1" "$2" >/dev/null; fi
}

# last_state NAME: the state of the daemon's last "Entering X STATE" line.
last_state() { grep -Eo 'Entering [A-Z]+ STATE' "$(ka_log "$1")" | tail -n 1 | cut -d' ' -f2; }

# ka_cell ID VERSION FAMILY ORDER VMAC TRANSPORT PREEMPT: a keepalived cell
# (in a subshell); the verdict goes to $KT_TMP/cell-ID ("PASS" or "FAIL:
# why"). TRANSPORT unicast: ours (.2) and keepalived (.1) advertise to each
# other. PREEMPT nopreempt: both have nopreempt.
ka_cell() {
	local id=$1 v=$2 res=$KT_TMP/cell-$1
	FAM=$3 VM=$5 PEER=${id}deb NG=${id}ng
	local a b c hi lo hins lons hnum ung="" upe=""
	a=$(kt_ns "${id}a") b=$(kt_ns "${id}b") c=$(kt_ns "${id}c")
	cfail() { echo "FAIL: $*" >"$res"; exit 1; }
	[ "$6" = unicast ] && ung="2 1" upe="1 2" UNI=1
	local png=100 ppe=150
	[ "$4" = ours ] && png=150 ppe=100
	[ "$7" = nopreempt ] && NOPREEMPT=1
	UNI_ME=${ung% *} UNI_TO=${ung#* } cell_conf "$NG" $png "$v" "$FAM" "$id" "$VM"
	UNI_ME=${upe% *} UNI_TO=${upe#* } cell_conf "$PEER" $ppe "$v" "$FAM" "$id" "$VM"
	if [ "$4" = ours ]; then
		hi=$NG lo=$PEER hins=$b lons=$a hnum=2
	else
		hi=$PEER lo=$NG hins=$a lons=$b hnum=1
	fi
	if [ "$7" = nopreempt ]; then
		# nopreempt: whoever is master first stays; the higher starts first
		cell_start "$hi" "$([ "$hi" = "$PEER" ] && echo "${id}a" || echo "${id}b")"
		wait_for 60 cell_has "$hins" || cfail "the higher priority never got the VIP"
		cell_start "$lo" "$([ "$lo" = "$PEER" ] && echo "${id}a" || echo "${id}b")"
	else
		cell_start "$PEER" "${id}a"
		cell_start "$NG" "${id}b"
	fi
	wait_for 60 cell_has "$hins" || cfail "the higher priority never got the VIP"
	wait_for 30 ka_entered "$lo" BACKUP || cfail "the lower priority never entered BACKUP"
	# the one started first may have been master for a moment: steady state
	wait_for 30 cell_not "$lons" || cfail "the lower priority keeps the VIP"
	holds 3 cell_not "$lons" || cfail "both hold the VIP"
	[ "$(last_state "$lo")" = BACKUP ] || cfail "the lower priority is in $(last_state "$lo"), not BACKUP"
	wait_for 20 cell_ping "$c" || cfail "the client does not reach the VIP on the master"
	[ "$6" = unicast ] && { cell_unicast "$id" || cfail "adverts not only unicast: $(cat "$KT_TMP/uni-$id")"; }
	ka_kill "$hi" >/dev/null
	cell_crashed "$hins" "$hnum"
	wait_for 60 cell_has "$lons" || cfail "the VIP did not move when the master was killed"
	wait_for 20 cell_ping "$c" || cfail "the client does not reach the VIP after failover"
	local nb; nb=$(ka_count "$hi" "Entering BACKUP STATE")
	cell_start "$hi" "$([ "$hi" = "$PEER" ] && echo "${id}a" || echo "${id}b")"
	if [ "$7" = nopreempt ]; then
		wait_for 60 ka_entered "$hi" BACKUP $((nb + 1)) || cfail "the restarted higher priority never entered BACKUP"
		holds 8 cell_not "$hins" || cfail "the restarted higher priority took the VIP despite nopreempt"
		cell_has "$lons" || cfail "the lower priority lost the VIP"
		[ "$(last_state "$hi")" = BACKUP ] || cfail "the restarted higher priority is in $(last_state "$hi")"
	else
		wait_for 60 cell_has "$hins" || cfail "the restarted higher priority did not preempt"
		wait_for 30 cell_not "$lons" || cfail "the lower priority kept the VIP after preemption"
	fi
	echo PASS >"$res"
}

# cell_unicast ID: for 3 s the master's adverts (IP protocol 112, seen by
# the backup's host) go to the backup's own address, none to a group.
cell_unicast() {
	local f=$KT_TMP/uni-$1 g=224.0.0.18 fl="ip proto 112"
	[ "$FAM" = 6 ] && g=ff02::12 fl="ip6 proto 112"
	timeout 3 ip netns exec "$lons" tcpdump -i eth0 -l -nn -c 20 "$fl" >"$f" 2>&1
	grep -q " > $([ "$FAM" = 6 ] && echo "${P6}$((3 - hnum))" || echo "$KT_NET.$((3 - hnum))"): VRRP" "$f" &&
		! grep -q " > $g: VRRP" "$f"
}

# Ours is BACKUP of a master of priority 150 (its data dump says so).
ng_follows() {
	local f; f=$(ka_dump_file "$NG" data)
	rm -f "$f"
	ka_signal "$NG" USR1 2>/dev/null || return 1
	wait_for 5 test -s "$f" || return 1
	sleep 0.2
	grep -q "State = BACKUP" "$f" && grep -q "Master priority = 150" "$f"
}

# FRR's side: Master = its macvlan is not in protodown. IPv6 cells ($FAM 6)
# look at the IPv6 router (macvlan vrrp6-VRID, "Status (v6)").
frr_state6() { frr_vtysh "$1" "show vrrp" | awk '/^ *Status \(v6\)/ { print $3; exit }'; }
frr_mvl6() { echo "vrrp6-$VRID"; }
frr_down6() {
	ip -n "$(kt_ns "$(cat "$(frr_dir "$1")/ns")")" -d link show dev "$(frr_mvl6)" 2>/dev/null | grep -q 'protodown on'
}
frr_is_st() { if [ "$FAM" = 6 ]; then [ "$(frr_state6 "$1")" = "$2" ]; else frr_is "$1" "$2"; fi; }
frr_serves() {
	if [ "$FAM" = 6 ]; then ! frr_down6 "$1" && frr_is_st "$1" Master
	else ! frr_protodown "$1" "$VRID" && frr_is "$1" Master; fi
}
frr_quiet() { if [ "$FAM" = 6 ]; then frr_down6 "$1"; else frr_protodown "$1" "$VRID"; fi; }

# frr_macvlan6 SHORT: FRR's IPv6 macvlan (MAC 00:00:5e:00:02:VRID, a random
# link-local address: FRR's primary address) carrying ${P6}100/64.
frr_macvlan6() {
	local ns; ns=$(kt_ns "$1")
	ip -n "$ns" link add "$(frr_mvl6)" link eth0 type macvlan mode bridge &&
		ip -n "$ns" link set "$(frr_mvl6)" addrgenmode random &&
		ip -n "$ns" link set "$(frr_mvl6)" address "$(printf '00:00:5e:00:02:%02x' "$VRID")" &&
		ip -n "$ns" addr add "${P6}100/64" dev "$(frr_mvl6)" nodad &&
		ip -n "$ns" link set "$(frr_mvl6)" up
}

# frr_cell ID VERSION ORDER VMAC: an FRR cell (in a subshell). FRR's
# daemons are listed in $KT_TMP/frrpids-ID for the cleanup of the main
# shell.
frr_cell() {
	local id=$1 v=$2 res=$KT_TMP/cell-$1 fname=${1}frr
	FAM=$5 VM=$4 NG=${id}ng
	local b c; b=$(kt_ns "${id}b") c=$(kt_ns "${id}c")
	cfail() { printf '%s\n' "${FRR_PIDS[@]}" >"$KT_TMP/frrpids-$id"; echo "FAIL: $*" >"$res"; exit 1; }
	local fp=100 np=150
	[ "$3" = frr ] && fp=150 np=100
	if [ "$FAM" = 6 ]; then
		frr_macvlan6 "${id}a" || cfail "cannot make FRR's IPv6 macvlan"
		frr_conf "$fname" "$VRID" "$v" "$fp" "$VIP"
		sed -i "s|^ vrrp $VRID ip .*| vrrp $VRID ipv6 ${P6}100|" "$(frr_dir "$fname")/vrrpd.conf"
	else
		frr_macvlan "${id}a" "$VRID" "$VIP" >/dev/null
		frr_conf "$fname" "$VRID" "$v" "$fp" "$VIP"
	fi
	frr_start "$fname" "${id}a" >/dev/null || cfail "FRR's zebra/vrrpd did not start"
	cell_conf "$NG" "$np" "$v" "$FAM" "$id" "$VM" noll
	ka_start "$NG" "${id}b" >/dev/null
	if [ "$3" = frr ]; then
		wait_for 60 frr_serves "$fname" || cfail "FRR (higher) never became Master"
		# FRR says Master before its first advert: wait until ours follows it
		wait_for 30 ng_follows || cfail "ours never followed FRR as its master"
		wait_for 30 ka_entered "$NG" BACKUP || cfail "ours (lower) never entered BACKUP"
		wait_for 30 cell_not "$b" || cfail "ours (lower) keeps the VIP"
		holds 3 cell_not "$b" || { ip -n "$b" -o addr; cfail "both hold the VIP"; }
		wait_for 20 cell_ping "$c" || cfail "the client does not reach the VIP on FRR"
		frr_stop_vrrpd "$fname" >/dev/null
		wait_for 60 cell_has "$b" || cfail "the VIP did not move to ours when FRR's vrrpd stopped"
		wait_for 20 cell_ping "$c" || cfail "the client does not reach the VIP on ours"
		frr_daemon "$fname" vrrpd >/dev/null || cfail "FRR's vrrpd did not restart"
		wait_for 60 frr_serves "$fname" || cfail "the restarted FRR did not preempt"
		wait_for 30 cell_not "$b" || cfail "ours kept the VIP after FRR preempted"
	else
		wait_for 60 cell_has "$b" || cfail "ours (higher) never got the VIP"
		wait_for 30 frr_is_st "$fname" Backup || cfail "FRR (lower) never became Backup"
		holds 3 frr_quiet "$fname" || cfail "FRR's macvlan left protodown while ours is master"
		wait_for 20 cell_ping "$c" || cfail "the client does not reach the VIP on ours"
		ka_kill "$NG" >/dev/null
		cell_crashed "$b" 2
		wait_for 60 frr_serves "$fname" || cfail "FRR did not take over when ours was killed"
		wait_for 20 cell_ping "$c" || cfail "the client does not reach the VIP on FRR"
		ka_start "$NG" "${id}b" >/dev/null
		wait_for 60 cell_has "$b" || cfail "the restarted ours did not preempt"
		wait_for 30 frr_quiet "$fname" || cfail "FRR stayed Master after ours preempted"
	fi
	printf '%s\n' "${FRR_PIDS[@]}" >"$KT_TMP/frrpids-$id"
	echo PASS >"$res"
}

# id peer version family order vmac
CELLS=()
n=0
for fam in 4 6; do
	for v in 2 3; do
		for order in ours peer; do
			n=$((n + 1)); CELLS+=("m$n keepalived $v $fam $order 0 multicast preempt")
		done
	done
done
for vf in "3 4" "2 6"; do
	for order in ours peer; do
		n=$((n + 1)); CELLS+=("m$n keepalived ${vf% *} ${vf#* } $order 0 multicast nopreempt")
	done
done
for vf in "2 4" "3 4" "3 6"; do
	for order in ours peer; do
		n=$((n + 1)); CELLS+=("m$n keepalived ${vf% *} ${vf#* } $order 1 multicast preempt")
	done
done
for fam in 4 6; do
	for v in 2 3; do
		for order in ours peer; do
			n=$((n + 1)); CELLS+=("m$n keepalived $v $fam $order 0 unicast preempt")
		done
	done
done
if [ "$HAVE_FRR" = 1 ]; then
	for v in 2 3; do
		for vm in 0 1; do
			for order in ours peer; do
				n=$((n + 1)); CELLS+=("m$n frr $v 4 $order $vm multicast preempt")
			done
		done
	done
	for vm in 0 1; do
		for order in ours peer; do
			n=$((n + 1)); CELLS+=("m$n frr 3 6 $order $vm multicast preempt")
		done
	done
fi

# MATRIX_ONLY="PEER VER FAM ORDER VMAC TRANSPORT PREEMPT" (e.g. "frr 3 6
# peer 0 multicast preempt"): that cell alone, to look at one failure.
if [ -n "${MATRIX_ONLY:-}" ]; then
	keep=()
	for cell in "${CELLS[@]}"; do [ "${cell#* }" = "$MATRIX_ONLY" ] && keep+=("$cell"); done
	CELLS=("${keep[@]}")
fi
step "building ${#CELLS[@]} labs"
for cell in "${CELLS[@]}"; do
	read -r id _ _ _ _ _ tr _ <<<"$cell"
	cell_lab "$id" "$tr"
	KT_DAEMONS+=("${id}deb" "${id}ng")   # known to the cleanup of this shell
done

step "running ${#CELLS[@]} cells in parallel"
pids=()
for cell in "${CELLS[@]}"; do
	read -r id peer v fam order vm tr pre <<<"$cell"
	if [ "$peer" = frr ]; then
		( frr_cell "$id" "$v" "$([ "$order" = peer ] && echo frr || echo ours)" "$vm" "$fam" ) \
			>"$KT_TMP/cell-$id.out" 2>&1 &
	else
		( ka_cell "$id" "$v" "$fam" "$order" "$vm" "$tr" "$pre" ) >"$KT_TMP/cell-$id.out" 2>&1 &
	fi
	pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
for cell in "${CELLS[@]}"; do   # FRR's daemons, for frr_on_exit
	read -r id _ <<<"$cell"
	[ -s "$KT_TMP/frrpids-$id" ] && mapfile -t -O "${#FRR_PIDS[@]}" FRR_PIDS <"$KT_TMP/frrpids-$id"
done

failed=0
printf '\n%-18s %-3s %-5s %-10s %-6s %-11s %-9s %s\n' "peer" "ver" "fam" "transport" "VMAC" "higher prio" "preempt" "result"
for cell in "${CELLS[@]}"; do
	read -r id peer v fam order vm tr pre <<<"$cell"
	r=$(cat "$KT_TMP/cell-$id" 2>/dev/null || echo "FAIL: no verdict")
	[ "$peer" = frr ] && pname="FRR 8.4 vrrpd" || pname="keepalived 2.2.7"
	if [ "$peer" = frr ]; then vmt=$([ "$vm" = 1 ] && echo both || echo FRR); else vmt=$([ "$vm" = 1 ] && echo both || echo no); fi
	printf '%-18s %-3s %-5s %-10s %-6s %-11s %-9s %s\n' "$pname" "v$v" "IPv$fam" "$tr" "$vmt" \
		"$([ "$order" = ours ] && echo ours || echo "$peer")" "$([ "$pre" = nopreempt ] && echo no || echo yes)" "$r"
	if [ "$r" != PASS ]; then
		failed=$((failed + 1))
		echo "--- cell $id: output and logs"
		sed "s/^/    out: /" "$KT_TMP/cell-$id.out" | tail -n 10
		for d in "${id}deb" "${id}ng"; do
			[ -f "$(ka_log "$d")" ] && tail -n 15 "$(ka_log "$d")" | sed "s/^/    $d: /"
		done
	fi
done
echo
[ "$failed" = 0 ] || fail "$failed of ${#CELLS[@]} matrix cells failed"
log_result
