#!/usr/bin/env bash
# vip_mtu_limit: as keepalived 2.2.7 does, an advert carries only as many
# addresses as the MTU of the instance's interface allows (keepalived's
# count: MTU - 14 - IP header - 8 [- 8 v2 auth data - 24 AH], divided by the
# address size, at most 255); the rest are handled as excluded addresses.
# 100 IPv6 VIPs on an interface of MTU 1280: -t reports it (76 fit), the
# master's adverts carry 76 addresses (tcpdump) and it installs all 100.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
require_cmd tcpdump

lab_lan r1:1 c1:10
R1=$(kt_ns r1) C1=$(kt_ns c1)
ip -n "$R1" link set eth0 mtu 1280
wait_for 20 dad_done r1 c1 || fail "IPv6 DAD did not finish"
{
	printf 'vrrp_instance V6 {\n    state BACKUP\n    interface eth0\n    virtual_router_id 71\n'
	printf '    priority 150\n    advert_int 1\n    virtual_ipaddress {\n        fe80::71:1/64\n'
	for i in $(seq 1 99); do printf '        %s%x/64\n' "$P6" "$i"; done
	printf '    }\n}\n'
} | ka_conf r1

step "-t: 100 addresses, 76 fit in an advert on MTU 1280 (a warning: exit 5, as keepalived 2.2.7)"
rc=0
ip netns exec "$R1" "$KEEPALIVED" -t -f "$(ka_conf_file r1)" >"$KT_TMP/t.out" 2>&1 || rc=$?
[ "$rc" = 5 ] || { cat "$KT_TMP/t.out"; fail "-t exited $rc, want 5"; }
if [ "$KT_FLAVOUR" = ng ]; then
	grep -q "100 addresses in virtual_ipaddress, but an advert carries at most 76 (the MTU of its interface)" \
		"$KT_TMP/t.out" || { cat "$KT_TMP/t.out"; fail "-t did not report the limit of 76"; }
fi

step "the master advertises 76 addresses and installs 100"
capture_start c1 eth0 "$KT_TMP/wire.txt" 'ip6 proto 112'
ka_start r1 r1
n_vips() { ip -n "$R1" -6 -o addr show dev eth0 | grep -c " inet6 ${P6}[0-9a-f]*/64"; }
all_vips() { [ "$(n_vips)" = 99 ]; }
wait_for 60 all_vips || fail "the master has $(n_vips) of the 99 global VIPs"
wait_for 15 grep -q "VRRPv3, Advertisement, vrid 71, prio 150.*addrs(76):" "$KT_TMP/wire.txt" ||
	{ tail -3 "$KT_TMP/wire.txt"; fail "no advert carrying 76 addresses"; }
grep -Eq "addrs\((7[7-9]|[89][0-9]|1[0-9][0-9])\)" "$KT_TMP/wire.txt" && fail "an advert carried more than 76 addresses"
has_addr6 "$R1" eth0 fe80::71:1 || fail "the link-local VIP is missing"
log_result
