#!/usr/bin/env bash
# routes: static_ipaddress / static_routes / static_rules are installed when
# the daemon starts and removed when it stops; virtual_routes /
# virtual_rules come and go with mastership, like the VIPs (a route with
# the VIP as its source, one in another table, a blackhole, one on the
# link, multipath with nexthop and with or, `default gw` - a real-world
# file's default route, read as 2.2.7's parse_route() reads default, any,
# all; rules from / to / fwmark), all
# with protocol keepalived. The route and rule options keepalived 2.2.7
# has (metrics with lock, congctl, realms, tos, IPv6 from/pref/expires,
# encap ip; rule ports, ipproto, uidrange, not, suppressors, tunnel-id,
# blackhole) read back with ip -d as keepalived 2.2.7 installs them.
# The deprecated "or" (10.251.8.0/24) is checked with ours only: keepalived
# 2.2.7 turns it into two nexthops the kernel refuses ("Netlink: error:
# Invalid argument", type=RTM_NEWROUTE; the route is never installed).
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 r2:2
R1=$(kt_ns r1)
N=$KT_NET
vrrp_conf r2 200
ka_conf r1 <<CONF
static_ipaddress {
    $N.201/24 dev eth0
}
static_routes {
    10.250.1.0/24 via $N.254 dev eth0
    10.250.3.0/24 via $N.254 dev eth0 mtu lock 1400 advmss 1300 rtt 300ms initcwnd 10 features ecn quickack 1 congctl lock cubic realms 3/4 tos 0x10 append
    2001:db8:250::/64 from 2001:db8:251::/64 dev eth0 pref high expires 3000
    10.250.4.0/24 encap ip id 5 dst $N.7 dev eth0
}
static_rules {
    from 10.250.2.0/24 table 250 priority 2500
    from 10.250.5.0/24 table 250 priority 2501 sport 1000-2000 ipproto tcp uidrange 100-200
    not from 10.250.6.0/24 table 250 priority 2502 suppress_prefixlength 0 tunnel-id 7
    to 10.250.7.0/24 priority 2503 blackhole
}
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority 100
    advert_int 1
    virtual_ipaddress {
        $VIP/24
    }
    virtual_routes {
        src $VIP to 10.251.1.0/24 via $N.254 dev eth0 metric 5
        10.251.2.0/24 via $N.254 table 251
        blackhole 10.251.3.0/24
        10.251.4.0/24 dev eth0 scope link
        10.251.7.0/24 nexthop via $N.253 dev eth0 weight 2 nexthop via $N.254 dev eth0
        10.251.8.0/24 via $N.254 dev eth0 or $N.252
        default gw $N.254 table 251
    }
    virtual_rules {
        from 10.251.5.0/24 table 251 priority 2510
        to 10.251.6.0/24 lookup 251 preference 2511
        fwmark 5/0xff table 251 priority 2512
    }
}
CONF
routes() { ip -n "$R1" route show table all proto keepalived; ip -n "$R1" -6 route show table all proto keepalived; }
rules() { ip -n "$R1" rule show | grep "proto keepalived"; }
statics_in() {
	local d; d=$(ip -n "$R1" -d route show table all proto keepalived; ip -n "$R1" -d -6 route show proto keepalived)
	routes | grep -q "^10.250.1.0/24 via $N.254 dev eth0" &&
		rules | grep -q "^2500:	from 10.250.2.0/24 lookup 250" && has_addr "$R1" eth0 "$N.201" &&
		grep -q "^unicast 10.250.3.0/24 tos 0x10 via $N.254 dev eth0 .*realms 3/4 mtu lock 1400 rtt 300ms advmss 1300 initcwnd 10 features ecn quickack 1 congctl lock cubic" <<<"$d" &&
		grep -q "^unicast 2001:db8:250::/64 from 2001:db8:251::/64 dev eth0 .*expires [0-9]*sec pref high" <<<"$d" &&
		grep -q "^unicast 10.250.4.0/24 *encap ip id 5 src 0.0.0.0 dst $N.7 .*dev eth0" <<<"$d" &&
		rules | grep -q "^2501:	from 10.250.5.0/24 uidrange 100-200 ipproto tcp sport 1000-2000 lookup 250" &&
		rules | grep -q "^2502:	not from 10.250.6.0/24 tun_id 7 lookup 250 suppress_prefixlength 0" &&
		rules | grep -q "^2503:	from all to 10.250.7.0/24 blackhole"
}
virtual_in() {
	local r; r=$(routes)
	grep -q "^10.251.1.0/24 via $N.254 dev eth0 src $VIP metric 5" <<<"$r" &&
		grep -q "^10.251.2.0/24 via $N.254 dev eth0 table 251" <<<"$r" &&
		grep -q "^default via $N.254 dev eth0 table 251" <<<"$r" &&
		grep -q "^blackhole 10.251.3.0/24" <<<"$r" &&
		grep -q "^10.251.4.0/24 dev eth0 scope link" <<<"$r" &&
		ip -n "$R1" route show 10.251.7.0/24 | grep -q "nexthop via $N.253 dev eth0 weight 2" &&
		ip -n "$R1" route show 10.251.7.0/24 | grep -q "nexthop via $N.254 dev eth0 weight 1" &&
		{ ! ka_is_ours || ip -n "$R1" route show 10.251.8.0/24 | grep -q "nexthop via $N.252 dev eth0 weight 1"; } &&
		rules | grep -q "^2510:	from 10.251.5.0/24 lookup 251" &&
		rules | grep -q "^2511:	from all to 10.251.6.0/24 lookup 251" &&
		rules | grep -q "^2512:	from all fwmark 0x5/0xff lookup 251"
}
virtual_out() { ! routes | grep -qE '10\.251|^default' && ! rules | grep -q 251; }

ka_start r2 r2
wait_for 60 has_addr "$(kt_ns r2)" eth0 "$VIP" || fail "r2 never became master"
ka_start r1 r1

step "r1 BACKUP: static ones in place, virtual ones not"
wait_for 30 ka_entered r1 BACKUP || fail "r1 never entered BACKUP"
wait_for 20 statics_in || { routes; rules; fail "static address/route/rule missing"; }
holds 3 virtual_out || { routes; rules; fail "virtual routes/rules on a backup"; }

step "r2 stops: r1 MASTER adds its virtual routes and rules"
ka_stop r2
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "r1 did not take over"
wait_for 20 virtual_in || { routes; rules; fail "virtual routes/rules missing on the master"; }
statics_in || fail "static ones went away"

step "r1 stops: everything it added is gone"
ka_stop r1
[ -z "$(routes)" ] || fail "routes left: $(routes)"
[ -z "$(rules)" ] || fail "rules left: $(rules)"
no_addr "$R1" eth0 "$N.201" || fail "static address left"
log_result
