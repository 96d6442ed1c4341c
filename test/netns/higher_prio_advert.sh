#!/usr/bin/env bash
# higher_prio_advert: higher_prio_send_advert on the wire. r1 is MASTER of
# VI_1 (with the knob) and VI_2 (without); c1 sends adverts of priority 254
# for both VRIDs, once a second for 4 s, so both stay BACKUP meanwhile
# (Master_Down_Interval 9.6 s). Captured on c1, in order: VI_1 answers the
# first higher-priority advert with one advert of its own (priority 150)
# as it steps down; VI_2 sends nothing between the first and the last.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 c1:10
R1=$(kt_ns r1) C1=$(kt_ns c1)
VIP2=$KT_NET.102
# advert_int 3: r1's own adverts are rare, so none falls by chance between an
# injected advert and r1's handling of it
KT_ADVERT=3 vrrp_conf r1 150 "    higher_prio_send_advert"
cat >>"$(ka_conf_file r1)" <<CONF
vrrp_instance VI_2 {
    interface eth0
    virtual_router_id 52
    priority 150
    advert_int 3
    virtual_ipaddress {
        $VIP2/32
    }
}
CONF

step "r1 MASTER of both"
ka_start r1 r1
wait_for 40 has_addr "$R1" eth0 "$VIP" || fail "VI_1 never became MASTER"
wait_for 30 has_addr "$R1" eth0 "$VIP2" || fail "VI_2 never became MASTER"

step "higher-priority adverts for 4 s: only VI_1 answers, once"
CAP=$KT_TMP/vrrp.cap
listen_start c1 eth0 "$CAP" 8
ip netns exec "$C1" python3 "$KT_INJECT" --iface eth0 --vrid 51 --prio 254 --addrs "$VIP" \
	--interval 3 --count 5 --period 1 --quiet &
ip netns exec "$C1" python3 "$KT_INJECT" --iface eth0 --vrid 52 --prio 254 --addrs "$VIP2" \
	--interval 3 --count 5 --period 1 --quiet
wait
wait_for 10 no_addr "$R1" eth0 "$VIP" || fail "VI_1 kept its VIP"
# between the first and the last injected advert of a VRID: r1's adverts
between() {
	awk -v vrid="$1" -v src="$KT_NET.1" '
		$0 ~ "vrid=" vrid " " && /prio=254/ && /dir=out/ { n++; if (n == 1) on = 1; if (n == 5) on = 0; next }
		on && $0 ~ "src=" src " " && $0 ~ "vrid=" vrid " " && /prio=150/ { c++ }
		END { print c + 0 }' "$CAP"
}
sleep 0.5
n1=$(between 51) n2=$(between 52)
log "r1's adverts while the higher-priority master was there: VI_1 $n1, VI_2 $n2"
[ "$n1" = 1 ] || { cat "$CAP"; fail "VI_1 (higher_prio_send_advert) sent $n1 adverts, expected 1"; }
[ "$n2" = 0 ] || { cat "$CAP"; fail "VI_2 sent $n2 adverts after stepping down"; }
log_result
