#!/usr/bin/env bash
# bfd_keepalived: a BFD session between ours and Debian's keepalived 2.2.7
# (RFC 5880 asynchronous mode, RFC 5881 single hop), each the other's
# neighbor_ip. Proves, on the wire and in both daemons' dumps:
#   - the session comes Up in both (control packets to UDP 3784 from a
#     source port in 49152-65535 with TTL 255, both directions), and a
#     second one over IPv6 (hop limit 64, keepalived's default) too;
#   - SIGKILL of keepalived's whole process tree: ours goes Down with
#     "Control Detection Time Expired" (no AdminDown was sent);
#   - keepalived back: Up again;
#   - a reload that changes nothing keeps the session Up (no new transition);
#     one that changes min_tx renegotiates without going Down; one that
#     removes link6 sends AdminDown for it (keepalived's link6 goes Down);
#   - our BFD child SIGKILLed: the parent starts a new one, Up again;
#   - our BFD child runs as keepalived_bfd, writes -b's pid file, and its
#     stop sends AdminDown (keepalived logs it going Down at once).
. "$(dirname "$0")/../lib/netns.sh"
kt_init
DEB_KEEPALIVED=${DEB_KEEPALIVED:-/usr/sbin/keepalived}
[ -x "$DEB_KEEPALIVED" ] || skip "no $DEB_KEEPALIVED"
require_cmd tcpdump

lab_lan rn:1 rd:2
NG=$KT_NET.1 DEB=$KT_NET.2
NG6=fd00:bfd::1 DEB6=fd00:bfd::2
ip -n "$(kt_ns rn)" addr add $NG6/64 dev eth0 nodad
ip -n "$(kt_ns rd)" addr add $DEB6/64 dev eth0 nodad

# bfd_conf NAME NEIGHBOR SOURCE NEIGHBOR6 [MIN_TX] (NEIGHBOR6 "": no link6)
bfd_conf() {
	ka_conf "$1" <<CONF
global_defs {
    bfd_process_name keepalived_bfd
    bfd_priority -5
}
bfd_instance link1 {
    neighbor_ip $2
    source_ip $3
    min_rx 300
    min_tx ${5:-300}
    idle_tx 1000
    multiplier 3
}
$([ -n "$4" ] && printf 'bfd_instance link6 {\n    neighbour_ip %s\n    min_rx 300\n    min_tx 300\n    multiplier 3\n}\n' "$4")
CONF
}

# start_deb N: a new pid file each time (the killed BFD child may linger
# as a zombie, which keepalived takes for a running daemon)
start_deb() {
	KA_BINARY=$DEB_KEEPALIVED ka_start deb rd -b "$KT_TMP/deb/bfd$1.pid"
}

# block_state FILE INSTANCE: "local state" within " BFD Instance = INSTANCE"
block_state() {
	awk -v inst="$2" '/^ *BFD Instance = / { cur = $4; next }
		cur == inst && /^ *local state = / { print $4; exit }' "$1"
}
# our state of link1 (or $2) in a fresh USR1 dump
ng_state() { block_state "$(ka_dump ng bfd)" "${1:-link1}"; }
ng_is() { [ "$(ng_state "${2:-link1}")" = "$1" ]; }

# keepalived's own BFD dump (USR1 -> $TMPDIR/keepalived_bfd.data)
deb_state() {
	local f="$KT_TMP/deb/dump/keepalived_bfd.data"
	rm -f "$f"
	kill -USR1 "$(ka_pid deb)"
	wait_for 10 test -s "$f" || return 1
	sleep 0.3
	block_state "$f" "${1:-link1}"
}
deb_is() { [ "$(deb_state "${2:-link1}")" = "$1" ]; }
bfd_pid() { cat "$KT_TMP/ng/bfd.pid" 2>/dev/null; }
# freeze NAME: SIGSTOP the daemon and its children - silent at once, and its
# parent cannot start a new BFD child (which would send Down) before dying
freeze() {
	# shellcheck disable=SC2046
	kill -STOP $(ka_children "$1") "$(ka_pid "$1")"
}

step "ours and keepalived 2.2.7 are each other's BFD neighbor"
bfd_conf ng "$DEB" "$NG" "$DEB6"
bfd_conf deb "$NG" "$DEB" "$NG6"
ip netns exec "$(kt_ns rn)" timeout 20 tcpdump -n -l -i eth0 -c 40 'udp port 3784' \
	>"$KT_TMP/wire.txt" 2>/dev/null &
KT_BGPIDS+=($!)
sleep 1
ka_start ng rn -b "$KT_TMP/ng/bfd.pid"
start_deb 1
wait_for 30 ng_is Up || fail "our session never came Up (state $(ng_state))"
wait_for 30 deb_is Up || fail "keepalived's session never came Up"
wait_for 30 ng_is Up link6 || fail "our IPv6 session never came Up (state $(ng_state link6))"
wait_for 30 deb_is Up link6 || fail "keepalived's IPv6 session never came Up"
log "Up in both dumps, IPv4 and IPv6"
wait_for 20 test "$(wc -l <"$KT_TMP/wire.txt")" -ge 10 || true
grep -q "$NG\.\(49[0-9]\{3\}\|5[0-9]\{4\}\|6[0-5][0-9]\{3\}\) > $DEB\.3784" "$KT_TMP/wire.txt" ||
	fail "no packet from us (source port 49152-65535) to $DEB:3784 on the wire: $(head -5 "$KT_TMP/wire.txt")"
grep -q "$DEB\.[0-9]* > $NG\.3784" "$KT_TMP/wire.txt" || fail "no packet from keepalived to $NG:3784"
ip netns exec "$(kt_ns rn)" timeout 5 tcpdump -n -v -i eth0 -c 2 "src $NG and udp dst port 3784" 2>/dev/null |
	grep -q "ttl 255" || fail "our packets do not have TTL 255"
ip netns exec "$(kt_ns rn)" timeout 5 tcpdump -n -v -i eth0 -c 2 "src $NG6 and udp dst port 3784" 2>/dev/null |
	grep -q "hlim 64" || fail "our IPv6 packets do not have hop limit 64"
log "both directions on the wire, ours with TTL 255 (IPv6: hop limit 64)"

step "our BFD child: its name, its pid file"
wait_for 10 test -n "$(bfd_pid)" || fail "no -b pid file"
[ "$(cat "/proc/$(bfd_pid)/comm")" = keepalived_bfd ] || fail "BFD child named $(cat "/proc/$(bfd_pid)/comm")"
[ "$(awk '/^Uid:/ {print $3}' "/proc/$(bfd_pid)/status")" = "$(id -u keepalived 2>/dev/null || echo 0)" ] ||
	fail "the BFD child does not run as the keepalived user"
grep -q '^CapEff:[[:space:]]*0*$' "/proc/$(bfd_pid)/status" || fail "the BFD child kept capabilities: $(grep CapEff "/proc/$(bfd_pid)/status")"
[ "$(ps -o ni= -p "$(bfd_pid)" | tr -d ' ')" = -5 ] || fail "bfd_priority -5 not applied: nice $(ps -o ni= -p "$(bfd_pid)")"
st=$(ka_dump ng stats)
rx=$(awk '/BFD Instance = link1/ { f = 1 } f && /Packets received = / { print $4; exit }' "$st")
[ "${rx:-0}" -gt 0 ] || fail "the stats dump counts no received packet: $(cat "$st")"

step "reload with the same configuration: the session stays Up"
ups=$(ka_count ng 'BFD_Instance\(link1\) Entering Up')
ka_signal ng HUP
wait_for 20 ka_logged ng 'configuration generation 2 applied' || fail "reload not applied"
holds 3 ng_is Up || fail "the session left Up on an unchanged reload"
[ "$(ka_count ng 'BFD_Instance\(link1\) Entering Up')" = "$ups" ] || fail "the session flapped on reload"

step "reload with min_tx 500: renegotiated (poll sequence), still Up"
bfd_conf ng "$DEB" "$NG" "$DEB6" 500
ka_signal ng HUP
wait_for 20 ka_logged ng 'configuration generation 3 applied' || fail "reload not applied"
wait_for 10 ka_logged ng 'BFD_Instance\(link1\) new timers: min_tx 500000' || fail "no renegotiation"
holds 3 ng_is Up || fail "the session left Up when renegotiating"
grep -q 'Desired min TX interval = 500000 us' "$(ka_dump ng bfd)" || fail "the dump does not show min_tx 500 ms"

step "reload without link6: AdminDown for it, link1 untouched"
bfd_conf ng "$DEB" "$NG" "" 500
ka_signal ng HUP
wait_for 20 ka_logged ng 'configuration generation 4 applied' || fail "reload not applied"
wait_for 10 deb_is Down link6 || fail "keepalived's link6 did not go Down when we removed it"
grep -A30 'BFD Instance = link6' "$KT_TMP/deb/dump/keepalived_bfd.data" | grep -q 'remote diag = Administratively Down' ||
	fail "keepalived did not get AdminDown for link6"
ng_is Up || fail "link1 left Up on that reload"

step "SIGKILL our BFD child: a new one is started, the session comes Up again"
old=$(bfd_pid)
kill -KILL "$old"
wait_for 20 bash -c "p=\$(cat '$KT_TMP/ng/bfd.pid' 2>/dev/null); [ -n \"\$p\" ] && [ \"\$p\" != $old ] && kill -0 \$p" ||
	fail "no new BFD child after SIGKILL"
wait_for 30 ng_is Up || fail "the new BFD child's session did not come Up"
wait_for 30 deb_is Up || fail "keepalived's session did not come back Up"

step "keepalived frozen, then SIGKILLed: ours goes Down (detection time expired)"
freeze deb
wait_for 10 ng_is Down || fail "our session stayed $(ng_state) after the peer went silent"
grep -q 'local diag = Control Detection Time Expired' "$(ka_dump ng bfd)" ||
	fail "Down for another reason: $(grep 'local diag' "$(ka_dump ng bfd)")"
ka_kill deb

step "keepalived back: Up again"
start_deb 2
wait_for 30 ng_is Up || fail "our session did not come back Up"
wait_for 30 deb_is Up || fail "keepalived's session did not come back Up"

step "we stop: keepalived hears AdminDown"
ka_stop ng
wait_for 10 deb_is Down || fail "keepalived's session stayed Up after our stop"
grep -q 'remote diag = Administratively Down' "$KT_TMP/deb/dump/keepalived_bfd.data" ||
	fail "keepalived did not see our AdminDown: $(grep diag "$KT_TMP/deb/dump/keepalived_bfd.data")"
test ! -e "$KT_TMP/ng/bfd.pid" || fail "the BFD pid file is left after stop"
log_result
