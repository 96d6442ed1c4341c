#!/usr/bin/env bash
# bfd_frr: a BFD session between ours and FRR 8.4's bfdd (Debian 12), each
# the other's peer (RFC 5880/5881 single hop over IPv4). Proves: Up in our
# dump and in `show bfd peers`; bfdd killed -> ours Down (detection time
# expired), and the Down packet on the wire has Your Discriminator 0 (RFC
# 5880 6.8.1: bfd.RemoteDiscr is zeroed) and the same My Discriminator as
# while Up (state variables are never reinitialized); bfdd back -> Up with
# that discriminator; our stop -> bfdd sees the session down.
# FRR's daemons run as in test/lib/frr.sh (private directory, own vty socket).
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/frr.sh"
kt_init
frr_init
[ -x "$FRR_SBIN/bfdd" ] || skip "FRR's bfdd not installed"

lab_lan rn:1 fr:2
NG=$KT_NET.1 FR=$KT_NET.2

ka_conf ng <<CONF
bfd_instance frr1 {
    neighbor_ip $FR
    source_ip $NG
    min_rx 100
    min_tx 100
    multiplier 3
}
CONF

D=$(frr_dir frr)
mkdir -p "$D"
: >"$D/zebra.conf"
: >"$D/vtysh.conf"
cat >"$D/bfdd.conf" <<CONF
! bfdd for test $KT_NAME ($KT_ID)
bfd
 peer $NG local-address $FR
  receive-interval 100
  transmit-interval 100
  detect-multiplier 3
 exit
exit
CONF
chmod 755 "$D"
chown -R "$FRR_USER:" "$D" || fail "cannot chown $D"
echo fr >"$D/ns"
FRR_NAMES+=(frr)

frr_bfd_start() {
	frr_daemon frr zebra || skip "FRR's zebra does not start here"
	frr_daemon frr bfdd || skip "FRR's bfdd does not start here"
}
# bfdd's view of the peer: up, down, init (from `show bfd peers`)
frr_bfd_status() {
	timeout 20 "$FRR_VTYSH" --vty_socket "$D" --config_dir "$D" -d bfdd -c "show bfd peers" 2>&1 |
		awk '/Status:/ { print $2; exit }'
}
frr_bfd_is() { [ "$(frr_bfd_status)" = "$1" ]; }
ng_state() { sed -n 's/^ *local state = //p' "$(ka_dump ng bfd)" | head -1; }
ng_discr() { sed -n 's/^ *local discriminator = //p' "$(ka_dump ng bfd)" | head -1; }
ng_is() { [ "$(ng_state)" = "$1" ]; }
bfdd_pid() {
	local e n prog pid ppid
	for e in "${FRR_PIDS[@]}"; do
		read -r n prog pid ppid <<<"$e"
		[ "$prog" = bfdd ] && frr_ours frr "$pid" && echo "$pid"
	done
}

step "ours and FRR's bfdd are each other's BFD peer"
ka_start ng rn
frr_bfd_start
wait_for 30 ng_is Up || fail "our session never came Up (state $(ng_state))"
wait_for 30 frr_bfd_is up || fail "bfdd's session never came up ($(frr_bfd_status))"
log "Up in our dump and in bfdd"

step "bfdd killed: ours goes Down (detection time expired), Your Discriminator 0"
discr=$(ng_discr)
[ -n "$discr" ] || fail "no local discriminator in our dump"
ip netns exec "$(kt_ns rn)" timeout 20 tcpdump -n -v -l -i eth0 "src $NG and udp dst port 3784" \
	>"$KT_TMP/down.txt" 2>/dev/null &
KT_BGPIDS+=($!)
sleep 1
kill -KILL "$(bfdd_pid)"
wait_for 10 ng_is Down || fail "our session stayed $(ng_state) after bfdd died"
grep -q 'local diag = Control Detection Time Expired' "$(ka_dump ng bfd)" || fail "Down for another reason"
# tcpdump -v: "State Down, ..." then "My Discriminator: 0x..., Your Discriminator: 0x..."
wait_for 10 grep -q 'State Down' "$KT_TMP/down.txt" || fail "no Down packet from us on the wire"
first=$(grep -A3 'State Down' "$KT_TMP/down.txt" | grep -m1 'Your Discriminator')
[ -n "$first" ] || fail "tcpdump did not decode our Down packet: $(head -8 "$KT_TMP/down.txt")"
case $first in
*"Your Discriminator: 0x00000000"*) ;;
*) fail "our first Down packet still names the remote: $first" ;;
esac
[ "$(printf '%s' "$first" | sed -n 's/.*My Discriminator: 0x0*\([0-9a-f]*\).*/0x\1/p')" = "$discr" ] ||
	fail "our discriminator changed on going Down: $first (was $discr)"

step "bfdd back: Up again, with the same local discriminator"
frr_daemon frr bfdd || fail "bfdd did not start again"
wait_for 30 ng_is Up || fail "our session did not come back Up"
wait_for 30 frr_bfd_is up || fail "bfdd's session did not come back up"
[ "$(ng_discr)" = "$discr" ] || fail "local discriminator $(ng_discr), was $discr"

step "we stop: bfdd sees the session down"
ka_stop ng
wait_for 10 frr_bfd_is down || fail "bfdd still says $(frr_bfd_status) after our stop"
log_result
