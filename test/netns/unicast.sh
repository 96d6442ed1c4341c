#!/usr/bin/env bash
# unicast: unicast_src_ip + unicast_peer on a network that drops multicast
# (nftables rules in both routers' namespaces, as in a public cloud): one
# master, one backup. Adverts go to each peer (captured on the wire with
# their destination) and never to 224.0.0.18; with
# check_unicast_src (r1 through the global vrrp_check_unicast_src) an advert
# from an address that is no peer is dropped and counted, even with a
# higher priority, and so is a peer's advert outside its min_ttl/max_ttl
# (counted under "TTL" and logged as keepalived 2.2.7 does); failover
# works; unicast_fault_no_peer with no peer is
# FAULT; an instance without an interface (r2) puts its VIP on
# default_interface and sends with its unicast_ttl (200).
. "$(dirname "$0")/../lib/netns.sh"
kt_init

require_cmd nft
lab_lan r1:1 r2:2 c1:10
R1=$(kt_ns r1) R2=$(kt_ns r2) C1=$(kt_ns c1)
for ns in "$R1" "$R2"; do
	ip netns exec "$ns" nft -f - <<NFT || fail "cannot add the multicast drop rules in $ns"
table ip kt_nomcast {
    chain in {
        type filter hook input priority 0; policy accept;
        ip daddr 224.0.0.0/4 drop
    }
    chain out {
        type filter hook output priority 0; policy accept;
        ip daddr 224.0.0.0/4 drop
    }
}
NFT
done
KT_GLOBAL="global_defs {
    vrrp_check_unicast_src
}" vrrp_conf r1 150 "    unicast_src_ip $KT_NET.1
    unicast_peer {
        $KT_NET.2 max_ttl 254
    }"
# r2's instance has no interface (keepalived.conf(5) of 2.2.7 allows that
# with unicast): its VIP goes on default_interface. keepalived 2.2.7 itself
# stops on it ("(VI_1) Unknown interface!": it checks for an interface
# before it notes the unicast peers), against its man page: with it r2
# names eth0.
R2IF=""
ka_is_ours || R2IF="interface eth0"
ka_conf r2 <<CONF
global_defs {
    default_interface eth0
}
vrrp_instance VI_1 {
    state BACKUP
    $R2IF
    virtual_router_id 51
    priority 100
    advert_int 1
    unicast_src_ip $KT_NET.2
    unicast_ttl 200
    check_unicast_src
    unicast_peer {
        $KT_NET.1 min_ttl 250
    }
    virtual_ipaddress {
        $VIP/32
    }
}
CONF
cat >>"$(ka_conf_file r2)" <<CONF
vrrp_instance VI_NOPEER {
    interface eth0
    virtual_router_id 52
    priority 100
    unicast_peer {
    }
    unicast_fault_no_peer
    virtual_ipaddress {
        $KT_NET.101/32
    }
}
CONF

step "start: r1 (150) master, adverts go to r2 only"
ka_start r1 r1
ka_start r2 r2
wait_for 30 has_addr "$R1" eth0 "$VIP" || fail "r1 never got the VIP"
wait_for 20 ka_entered r2 BACKUP || fail "r2 never entered BACKUP"
CAP=$KT_TMP/r1.cap
listen_start r1 eth0 "$CAP" 4
sleep 4.5
cat "$CAP"
grep -Eq "src=$KT_NET.1 dst=$KT_NET.2 ttl=255 .*vrid=51 prio=150" "$CAP" || fail "no unicast advert from r1 to r2"
grep -q "dst=224.0.0.18" "$CAP" && fail "an advert went to 224.0.0.18"
[ "$(grep -c "dst=$KT_NET.2 .*vrid=51" "$CAP")" -ge 2 ] || fail "fewer than 2 adverts to r2 in 4 s"
holds 2 no_addr "$R2" eth0 "$VIP" || fail "r2 took the VIP while r1 is master"

step "an advert from a non-peer (c1, priority 254) to r1 is dropped and counted"
ip netns exec "$C1" python3 "$KT_INJECT" --iface eth0 --vrid 51 --prio 254 --addrs "$VIP" \
	--dst "$KT_NET.1" --count 4 --interval 1 --period 0.5 --quiet
holds 3 has_addr "$R1" eth0 "$VIP" || fail "r1 gave the VIP up to a non-peer"
if ours_only "the stats dump's Unicast: Not a peer counter"; then
	f=$(ka_dump r1 stats)
	n=$(stats_counter "$f" VI_1 Unicast "Not a peer")
	[ "${n:-0}" -ge 4 ] || { cat "$f"; fail "r1 counted ${n:-nothing} non-peer adverts, expected 4"; }
fi

step "an advert from a peer below its min_ttl is dropped by r2 (counted under TTL, as keepalived)"
ip netns exec "$R1" python3 "$KT_INJECT" --iface eth0 --vrid 51 --prio 254 --addrs "$VIP" \
	--dst "$KT_NET.2" --ttl 64 --count 2 --interval 1 --period 0.2 --quiet
f=$(ka_dump r2 stats)
n=$(stats_counter "$f" VI_1 "Packet Errors" TTL)
[ "${n:-0}" -ge 2 ] || { cat "$f"; fail "r2 counted ${n:-nothing} adverts out of the TTL range"; }
ka_logged r2 "TTL/HL 64 not in range 250 - 255" || fail "r2 did not log 'TTL/HL 64 not in range 250 - 255'"

step "max_ttl: priority-254 adverts from the peer r2 with TTL 255 (above its max_ttl 254) do not move r1"
f=$(ka_dump r1 stats)
t0=$(stats_counter "$f" VI_1 "Packet Errors" TTL)
ip netns exec "$R2" python3 "$KT_INJECT" --iface eth0 --vrid 51 --prio 254 --addrs "$VIP" \
	--dst "$KT_NET.1" --ttl 255 --count 5 --interval 1 --period 0.5 --quiet
holds 3 has_addr "$R1" eth0 "$VIP" || fail "r1 gave the VIP up to adverts above the peer's max_ttl"
ka_entered r1 BACKUP 2 && fail "r1 went BACKUP for adverts above the peer's max_ttl"
f=$(ka_dump r1 stats)
n=$(stats_counter "$f" VI_1 "Packet Errors" TTL)
[ "${n:-0}" -ge $(( ${t0:-0} + 5 )) ] || { cat "$f"; fail "r1 counted $(( ${n:-0} - ${t0:-0} )) adverts above max_ttl, expected 5"; }
ka_logged r1 "TTL/HL 255 not in range 0 - 254" || fail "r1 did not log 'TTL/HL 255 not in range 0 - 254'"

step "unicast_fault_no_peer without peers: FAULT"
[ "$(ka_state r2 VI_NOPEER)" = FAULT ] || fail "VI_NOPEER is not in FAULT"

step "r1 killed: r2 takes over, and sends to r1 only"
ka_kill r1
wait_for 30 has_addr "$R2" eth0 "$VIP" || fail "r2 did not take over"
CAP2=$KT_TMP/r2.cap
listen_start r2 eth0 "$CAP2" 3
sleep 3.5
grep -Eq "src=$KT_NET.2 dst=$KT_NET.1 ttl=200 .*vrid=51 prio=100" "$CAP2" ||
	{ cat "$CAP2"; fail "no unicast advert from r2 to r1 with its unicast_ttl 200"; }
grep -q "dst=224.0.0.18" "$CAP2" && fail "r2 sent to 224.0.0.18"
log_result
