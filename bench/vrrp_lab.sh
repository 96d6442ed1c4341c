# bench/vrrp_lab.sh - the lab of vrrp_scale.sh and vrrp_start.sh (sourced).
#
# vrrp_lab_up PREFIX LINKS: network namespaces PREFIX-sw (LINKS bridges
# b0..), PREFIX-r1 and PREFIX-r2 (routers), each router with one veth ethL
# on bridge bL and the address 10.9.L.R/24 (R: the router's number).
# vrrp_lab_down PREFIX: kill what runs in them and remove them.
# vrrp_lab_conf ROUTER PRIORITY VERSION ADVERT_INT: the configuration of
# router ROUTER - LINKS x VRIDS instances (VRID 1..VRIDS on every link, all
# "state BACKUP"), one /32 VIP each, 10.8.L.V; LINKS and VRIDS from the
# caller's variables.

vrrp_lab_up() {
	local p=$1 links=$2 i l
	ip netns add "$p-sw"
	for l in $(seq 0 $((links - 1))); do
		ip -n "$p-sw" link add "b$l" type bridge stp_state 0 forward_delay 0
		ip -n "$p-sw" link set "b$l" up
	done
	for i in 1 2; do
		ip netns add "$p-r$i"
		ip -n "$p-r$i" link set lo up
		for l in $(seq 0 $((links - 1))); do
			ip -n "$p-sw" link add "r${i}l$l" type veth peer name "eth$l" netns "$p-r$i"
			ip -n "$p-sw" link set "r${i}l$l" master "b$l" up
			ip -n "$p-r$i" addr add "10.9.$l.$i/24" dev "eth$l"
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
	local l v
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
        10.8.$l.$v/32
    }
}
CONF
		done
	done
}
