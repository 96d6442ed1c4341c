#!/usr/bin/env bash
# scale: 200 VRRP instances on two links (100 VRIDs each, one VIP each,
# VRRPv3, advert_int 0.1), two routers started together (r1 priority 200,
# r2 100). A smaller cousin of bench/vrrp_scale.sh's 1,000 instances.
#  1. It settles: r1 holds all 200 VIPs, r2 none - within 15 s (about 40
#     Master_Down_Intervals; it takes about one second; a child that
#     stalls on every GARP took 30 s).
#  2. After settling there are never two masters: for 3 s (30 advert
#     intervals) r1 keeps every VIP, r2 gets none and logs no MASTER.
#  3. SIGTERM stops both within the grace time (the parent never has to
#     kill its VRRP child), and r1 removes all 200 VIPs on the way out.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

N_PER_LINK=100
N=$((2 * N_PER_LINK))
lab_lan r1:1 r2:2
R1=$(kt_ns r1) R2=$(kt_ns r2) SW=$(kt_ns sw)
# the second link: bridge br1, eth1 in each router, 192.0.2.0/24
ip -n "$SW" link add br1 type bridge stp_state 0 forward_delay 0 || fail "no second bridge"
ip -n "$SW" link set br1 up
for i in 1 2; do
	ip -n "$SW" link add "r${i}b" type veth peer name eth1 netns "$(kt_ns r$i)" ||
		fail "no second veth for r$i"
	ip -n "$SW" link set "r${i}b" master br1 up
	ip -n "$(kt_ns r$i)" addr add "192.0.2.$i/24" dev eth1
	ip -n "$(kt_ns r$i)" link set eth1 up
done

# VIPs: 198.51.100.V on eth0, 203.0.113.V on eth1 (V = VRID 1..100)
vip_of() { if [ "$1" = 0 ]; then echo "198.51.100.$2"; else echo "203.0.113.$2"; fi; }

# conf NAME PRIORITY
conf() {
	local l v
	for l in 0 1; do
		for v in $(seq 1 "$N_PER_LINK"); do
			cat <<CONF
vrrp_instance VI_${l}_$v {
    state BACKUP
    interface eth$l
    virtual_router_id $v
    priority $2
    version 3
    advert_int 0.1
    virtual_ipaddress {
        $(vip_of "$l" "$v")/32
    }
}
CONF
		done
	done | ka_conf "$1"
}

# vips NS: how many of the test's VIPs NS holds.
vips() { ip -n "$1" -4 -o addr show | grep -Ec ' inet (198\.51\.100|203\.0\.113)\.'; }
settled() { [ "$(vips "$R1")" = "$N" ] && [ "$(vips "$R2")" = 0 ]; }
r1_all_r2_none() { settled && [ "$(ka_count r2 'Entering MASTER STATE')" = "$R2_MASTERS" ]; }

conf r1 200
conf r2 100
ka_start r1 r1
ka_start r2 r2

step "both started: r1 ends up with all $N VIPs, r2 with none"
wait_for 15 settled || fail "not settled: r1 holds $(vips "$R1"), r2 holds $(vips "$R2") of $N VIPs"
log "settled: r1 holds $N VIPs, r2 none"
wait_for 10 ka_entered r2 BACKUP "$N" || fail "r2 did not enter BACKUP for every instance"

step "no second master for 3 s (30 advert intervals)"
R2_MASTERS=$(ka_count r2 'Entering MASTER STATE')
holds 3 r1_all_r2_none || fail "a second master after settling: r1 holds $(vips "$R1"), r2 holds $(vips "$R2"), r2 MASTER lines $(ka_count r2 'Entering MASTER STATE') (was $R2_MASTERS)"
log "loop stall warnings logged: r1 $(ka_count r1 'event loop turn took'), r2 $(ka_count r2 'event loop turn took') (information only)"

step "SIGTERM stops both within the grace time"
P1=$(ka_pid r1) P2=$(ka_pid r2)
kill -TERM "$P1" "$P2"
wait_for 20 not_alive "$P1" || fail "r1 did not exit on SIGTERM"
wait_for 20 not_alive "$P2" || fail "r2 did not exit on SIGTERM"
for d in r1 r2; do
	! ka_logged "$d" 'did not stop in time' || fail "$d's VRRP child had to be killed"
done
[ "$(vips "$R1")" = 0 ] || fail "r1 left $(vips "$R1") VIPs behind on stop"
log_result
