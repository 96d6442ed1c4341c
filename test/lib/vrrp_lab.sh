# shellcheck shell=bash
# test/lib/vrrp_lab.sh - the many-instance VRRP lab (sourced): used by
# test/netns/scale.sh and by bench/vrrp_scale.sh and bench/vrrp_start.sh.
#
# vrrp_lab_up PREFIX LINKS: network namespaces PREFIX-sw (LINKS bridges
# b0..), PREFIX-r1 and PREFIX-r2 (routers), each router with one veth ethL
# on bridge bL and the address NET.L.R/24 (R: the router's number; NET:
# $VRRP_LAB_NET, default 10.9). Returns non-zero at the first step that
# fails.
# vrrp_lab_down PREFIX: kill what runs in them and remove them.
# vrrp_lab_conf ROUTER PRIORITY VERSION ADVERT_INT: the configuration of
# router ROUTER - LINKS x VRIDS instances (VRID 1..VRIDS on every link, all
# "state BACKUP"), one /32 VIP each, VIPNET.L.V (VIPNET: $VRRP_LAB_VIPS,
# default 10.8); LINKS and VRIDS from the caller's variables.

vrrp_lab_up() {
	local p=$1 links=$2 net=${VRRP_LAB_NET:-10.9} i l
	ip netns add "$p-sw" || return 1
	for l in $(seq 0 $((links - 1))); do
		ip -n "$p-sw" link add "b$l" type bridge stp_state 0 forward_delay 0 || return 1
		ip -n "$p-sw" link set "b$l" up
	done
	for i in 1 2; do
		ip netns add "$p-r$i" || return 1
		ip -n "$p-r$i" link set lo up
		for l in $(seq 0 $((links - 1))); do
			ip -n "$p-sw" link add "r${i}l$l" type veth peer name "eth$l" netns "$p-r$i" || return 1
			ip -n "$p-sw" link set "r${i}l$l" master "b$l" up
			ip -n "$p-r$i" addr add "$net.$l.$i/24" dev "eth$l"
			ip -n "$p-r$i" link set "eth$l" up
		done
	done
}

vrrp_lab_down() {
	local n pid
	for n in sw r1 r2; do
		for pid in $(ip netns pids "$1-$n" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
		ip netns del "$1-$n" 2>/dev/null
	done
}

vrrp_lab_conf() {
	local l v vips=${VRRP_LAB_VIPS:-10.8}
	echo "global_defs { router_id r$1 }"
	for l in $(seq 0 $((LINKS - 1))); do
		for v in $(seq 1 "$VRIDS"); do
			cat <<CONF
vrrp_instance VI_${l}_$v {
    state BACKUP
    interface eth$l
    virtual_router_id $v
    priority $2
    version $3
    advert_int $4
    virtual_ipaddress {
        $vips.$l.$v/32
    }
}
CONF
		done
	done
}
