#!/usr/bin/env bash
# matrix: ours paired with Debian's keepalived 2.2.7 on one VRID, every
# combination at once, each cell in namespaces of its own (its own switch,
# two routers, a client), run in parallel: VRRP version 2 and 3, IPv4 and
# IPv6 (v2 over IPv6 is keepalived's own format), multicast, both priority
# orders. In each cell: the higher priority becomes MASTER and the other
# BACKUP, exactly one holds the VIP and the client reaches it there;
# SIGKILL of the master moves the VIP to the other; the killed one restarts
# and preempts (the default). The result is printed as a table at the end.
#
# FRR's vrrpd is paired with ours by test/interop/frr_v2.sh and frr_v3.sh
# (IPv4, multicast, both orders); unicast and VMAC cells are not in the
# matrix yet.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
DEB_KEEPALIVED=${DEB_KEEPALIVED:-/usr/sbin/keepalived}
[ -x "$DEB_KEEPALIVED" ] || skip "Debian keepalived not installed ($DEB_KEEPALIVED)"
require_cmd ping

P6="fd$(printf %02x $(( $$ % 256 )))::"

# cell_lab ID: switch ${ID}s, hosts ${ID}a (.1, Debian's), ${ID}b (.2, ours),
# ${ID}c (.10 and ${P6}10, client); DAD off so link-local sources are usable
# at once.
cell_lab() {
	local id=$1 h sw; sw=$(kt_ns "${id}s")
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
		[ "$n" = 10 ] && ip -n "$ns" addr add "${P6}10/64" dev eth0
		ip -n "$ns" link set eth0 up
	done
}

# cell_conf NAME PRIO VERSION FAMILY ID
cell_conf() {
	local vips="$VIP/32"
	[ "$4" = 6 ] && vips="fe80::51:1/64
        ${P6}100/64"
	ka_conf "$1" <<CONF
vrrp_instance VI_${KT_ID}_$5 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority $2
    advert_int 1
    version $3
    virtual_ipaddress {
        $vips
    }
}
CONF
}

# In a cell: the VIP of the family is on NS / reachable from the client.
cell_has() { if [ "$FAM" = 6 ]; then has_addr6 "$1" eth0 "${P6}100"; else has_addr "$1" eth0 "$VIP"; fi; }
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
cell_start() {
	if [ "$1" = "$DEB" ]; then KA_BINARY=$DEB_KEEPALIVED ka_start "$1" "$2" -P >/dev/null
	else ka_start "$1" "$2" >/dev/null; fi
}

# cell_run ID VERSION FAMILY ORDER: one cell, in a subshell; the verdict
# goes to $KT_TMP/cell-ID ("PASS" or "FAIL: why").
cell_run() {
	local id=$1 v=$2 res=$KT_TMP/cell-$1
	FAM=$3 DEB=${id}deb NG=${id}ng
	local a b c hi lo hins lons
	a=$(kt_ns "${id}a") b=$(kt_ns "${id}b") c=$(kt_ns "${id}c")
	cfail() { echo "FAIL: $*" >"$res"; exit 1; }
	if [ "$4" = ours ]; then
		cell_conf "$NG" 150 "$v" "$FAM" "$id"; cell_conf "$DEB" 100 "$v" "$FAM" "$id"
		hi=$NG lo=$DEB hins=$b lons=$a
	else
		cell_conf "$NG" 100 "$v" "$FAM" "$id"; cell_conf "$DEB" 150 "$v" "$FAM" "$id"
		hi=$DEB lo=$NG hins=$a lons=$b
	fi
	cell_start "$DEB" "${id}a"
	cell_start "$NG" "${id}b"
	wait_for 60 cell_has "$hins" || cfail "the higher priority never got the VIP"
	wait_for 30 ka_entered "$lo" BACKUP || cfail "the lower priority never entered BACKUP"
	holds 3 cell_not "$lons" || cfail "both hold the VIP"
	wait_for 20 cell_ping "$c" || cfail "the client does not reach the VIP on the master"
	ka_kill "$hi" >/dev/null
	ip -n "$hins" addr flush dev eth0 scope global
	ip -n "$hins" addr del fe80::51:1/64 dev eth0 2>/dev/null
	ip -n "$hins" addr add "$KT_NET.$([ "$hi" = "$DEB" ] && echo 1 || echo 2)/24" dev eth0
	wait_for 60 cell_has "$lons" || cfail "the VIP did not move when the master was killed"
	wait_for 20 cell_ping "$c" || cfail "the client does not reach the VIP after failover"
	cell_start "$hi" "$([ "$hi" = "$DEB" ] && echo "${id}a" || echo "${id}b")"
	wait_for 60 cell_has "$hins" || cfail "the restarted higher priority did not preempt"
	wait_for 30 cell_not "$lons" || cfail "the lower priority kept the VIP after preemption"
	echo PASS >"$res"
}

CELLS=()
n=0
for fam in 4 6; do
	for v in 2 3; do
		for order in ours keepalived; do
			n=$((n + 1))
			CELLS+=("m$n $v $fam $order")
		done
	done
done

step "building ${#CELLS[@]} labs"
for cell in "${CELLS[@]}"; do
	read -r id _ <<<"$cell"
	cell_lab "$id"
	KT_DAEMONS+=("${id}deb" "${id}ng")   # known to the cleanup of this shell
done

step "running ${#CELLS[@]} cells in parallel"
pids=()
for cell in "${CELLS[@]}"; do
	# shellcheck disable=SC2086
	( cell_run $cell ) >"$KT_TMP/cell-$(cut -d' ' -f1 <<<"$cell").out" 2>&1 &
	pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done

failed=0
printf '\n%-22s %-3s %-5s %-10s %-22s %s\n' "peer" "ver" "fam" "transport" "higher priority" "result"
for cell in "${CELLS[@]}"; do
	read -r id v fam order <<<"$cell"
	r=$(cat "$KT_TMP/cell-$id" 2>/dev/null || echo "FAIL: no verdict")
	printf '%-22s %-3s %-5s %-10s %-22s %s\n' "keepalived 2.2.7" "v$v" "IPv$fam" multicast \
		"$([ "$order" = ours ] && echo ours || echo keepalived)" "$r"
	if [ "$r" != PASS ]; then
		failed=$((failed + 1))
		echo "--- cell $id: logs"
		for d in "${id}deb" "${id}ng"; do tail -n 15 "$(ka_log "$d")" | sed "s/^/    $d: /"; done
	fi
done
echo
[ "$failed" = 0 ] || fail "$failed of ${#CELLS[@]} matrix cells failed"
log_result
