# guest-netns.sh - net_namespace_ipvs scenarios (sourced by
# guest-scenarios.sh, run "ipvsns"). Each one runs keepalived-ng and then
# Debian's keepalived 2.2.7 with the same configuration and checks the same
# observable results for both: which namespace holds the IPVS services,
# which namespace the health checks leave from, HTTP through the VIP.
#
# Topology added to guest-lib.sh's:
#   client5 netns  cl1 10.0.6.2/24 --veth-- cl0 10.0.6.1/24  ipvsns netns
#   ipvsns netns   ln1 10.0.5.2/24 --veth-- ln0 10.0.5.1/24  director (root ns)
#   VIP 10.0.5.100/32 on ipvsns's lo; ipvsns routes via 10.0.5.1 to the real
#   servers (10.0.2.1N on br-rs); the director routes 10.0.6.0/24 back via
#   ipvsns, so LVS-NAT replies pass through it.
# keepalived runs in the director (root) namespace: its checks leave from
# 10.0.2.1; checks made from ipvsns would come from 10.0.5.2.

REF_KA=/usr/sbin/keepalived

ipvsns_topo() {
	ip netns add ipvsns
	ip netns add client5
	ip link add ln0 type veth peer name ln1
	ip link set ln1 netns ipvsns
	ip addr add 10.0.5.1/24 dev ln0
	ip link set ln0 up
	ip -n ipvsns addr add 10.0.5.2/24 dev ln1
	ip -n ipvsns link set ln1 up
	ip -n ipvsns link set lo up
	ip -n ipvsns addr add 10.0.5.100/32 dev lo
	ip -n ipvsns route add default via 10.0.5.1
	ip netns exec ipvsns sysctl -qw net.ipv4.ip_forward=1
	ip link add cl0 type veth peer name cl1
	ip link set cl0 netns ipvsns
	ip link set cl1 netns client5
	ip -n ipvsns addr add 10.0.6.1/24 dev cl0
	ip -n ipvsns link set cl0 up
	ip -n client5 addr add 10.0.6.2/24 dev cl1
	ip -n client5 link set cl1 up
	ip -n client5 route add default via 10.0.6.1
	ip route add 10.0.6.0/24 via 10.0.5.2
}

ipvsns_topo_del() {
	ip route del 10.0.6.0/24 via 10.0.5.2 2>/dev/null
	ip link del ln0 2>/dev/null
	ip netns del client5
	ip netns del ipvsns
}

# nska_start DAEMON NAME CONF [NETNS]: keepalived-ng ("ours") or 2.2.7
# ("ref"), checker only, in NETNS or here; log in $W/NAME.log
nska_start() {
	local bin=$KA
	[ "$1" = ref ] && bin=$REF_KA
	KA_NAME=$2
	cp "$3" $W/$2.conf
	rm -f $W/nska.pid $W/nsck.pid
	${4:+ip netns exec $4} "$bin" -n -l -D -C -f $W/$2.conf -p $W/nska.pid -c $W/nsck.pid \
		>$W/$2.log 2>&1 &
	KA_PID=$!
}

# SYN sources (addresses) seen on rsN's eth0 for :80 during SECONDS
syn_sources() {
	ip netns exec rs$1 timeout "$2" tcpdump -i eth0 -nn -l \
		'dst port 80 and tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn' 2>/dev/null |
		awk '$2 == "IP" { sub(/\.[0-9]+$/, "", $3); print $3 }' | sort -u | tr '\n' ' '
}

# in_ipvsns CMD...: CMD with guest-lib's ipvs_* helpers reading ipvsns's table
in_ipvsns() { IPVS_NS=ipvsns "$@"; }

ns_get() { ip netns exec client5 curl -s -m 3 "$@"; }
ns_spread() {
	local i
	for i in $(seq 1 "${2:-6}"); do ns_get "$1"; done | sort -u | tr '\n' ' '
}

# one daemon with net_namespace_ipvs ipvsns
ipvsns_named() {
	local d=$1
	cat >$W/ipvsns.conf <<EOF
net_namespace_ipvs ipvsns
virtual_server 10.0.5.100 80 {
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	protocol TCP
	real_server 10.0.2.11 80 { TCP_CHECK { connect_timeout 1 } }
	real_server 10.0.2.12 80 { TCP_CHECK { connect_timeout 1 } }
}
EOF
	nska_start $d ipvsns_$d $W/ipvsns.conf
	local VS5="TCP  10.0.5.100:80"
	in_ipvsns wait_for 15 ipvs_has "$VS5" 10.0.2.12:80
	check ${d}_ipvsns_installed in_ipvsns ipvs_has "$VS5" 10.0.2.11:80 1
	check ${d}_ipvsns_installed2 in_ipvsns ipvs_has "$VS5" 10.0.2.12:80 1
	check ${d}_ipvsns_not_here eval "! ipvs_svc_present '$VS5'"
	local src
	src=$(syn_sources 1 3)
	check ${d}_checks_from_own_ns [ "$src" = "10.0.2.1 " ]
	check ${d}_ipvsns_serves [ "$(ns_spread http://10.0.5.100/ 6)" = "rs1 rs2 " ]
	httpd_stop 1
	in_ipvsns wait_for 10 ipvs_lacks "$VS5" 10.0.2.11:80
	check ${d}_ipvsns_rs_removed in_ipvsns ipvs_lacks "$VS5" 10.0.2.11:80
	check ${d}_ipvsns_serves_rs2 [ "$(ns_spread http://10.0.5.100/ 3)" = "rs2 " ]
	httpd_start 1
	in_ipvsns wait_for 10 ipvs_has "$VS5" 10.0.2.11:80
	check ${d}_ipvsns_rs_back in_ipvsns ipvs_has "$VS5" 10.0.2.11:80 1
	ka_stop
	check ${d}_ipvsns_removed_at_stop eval "! ip netns exec ipvsns ipvsadm -Ln | grep -q 10.0.5.100"
}

# net_namespace_ipvs with nftables_ipvs: the table goes with IPVS into ipvsns
ipvsns_nft() {
	local d=$1
	cat >$W/ipvsns_nft.conf <<EOF
net_namespace_ipvs ipvsns
global_defs {
	nftables_ipvs
}
virtual_server_group G5 {
	10.0.5.100 80
}
virtual_server group G5 {
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	protocol TCP
	real_server 10.0.2.11 80 { TCP_CHECK { connect_timeout 1 } }
	real_server 10.0.2.12 80 { TCP_CHECK { connect_timeout 1 } }
}
EOF
	nska_start $d ipvsns_nft_$d $W/ipvsns_nft.conf
	in_ipvsns wait_for 15 ipvs_has "FWM  1000" 10.0.2.12:80
	check ${d}_ipvsns_nft_fwm in_ipvsns ipvs_has "FWM  1000" 10.0.2.11:80 1
	ip netns exec ipvsns nft list table ip keepalived_ipvs >$W/ipvsns_nft_$d.txt 2>&1
	check ${d}_ipvsns_nft_table_there grep -q '10.0.5.100 . 80 : 0x000003e8' $W/ipvsns_nft_$d.txt
	check ${d}_ipvsns_nft_not_here eval "! nft list table ip keepalived_ipvs >/dev/null 2>&1"
	check ${d}_ipvsns_nft_serves [ "$(ns_spread http://10.0.5.100/ 6)" = "rs1 rs2 " ]
	ka_stop
	check ${d}_ipvsns_nft_removed eval "! ip netns exec ipvsns nft list table ip keepalived_ipvs >/dev/null 2>&1"
}

# one daemon run in netns CKNS with the configuration FILE: its service
# must be in the director's (initial) namespace, not in CKNS
ipvsns_here() {
	local d=$1 tag=$2 conf=$3
	nska_start $d ipvsns_${tag}_$d $conf ckns
	wait_for 15 ipvs_has "TCP  10.0.7.100:80" 10.0.2.11:80
	check ${d}_${tag}_in_initial_ns ipvs_has "TCP  10.0.7.100:80" 10.0.2.11:80
	check ${d}_${tag}_not_in_own_ns eval "! ip netns exec ckns ipvsadm -Ln | grep -q 10.0.7.100"
	ka_stop
	check ${d}_${tag}_removed_at_stop eval "! ipvs_svc_present 'TCP  10.0.7.100:80'"
}

run_ipvsns() {
	if [ ! -x $REF_KA ]; then
		fail ipvsns "no $REF_KA to compare with"
		return
	fi
	ipvsns_topo
	local d
	for d in ours ref; do ipvsns_named $d; done
	check_ours ours_ipvsns_logged grep -q 'IPVS is programmed in network namespace ipvsns' $W/ipvsns_ours.log
	for d in ours ref; do ipvsns_nft $d; done
	check ipvsns_nft_same_as_2.2.7 diff $W/ipvsns_nft_ours.txt $W/ipvsns_nft_ref.txt
	ipvsns_topo_del

	# net_namespace_ipvs without a name: the initial namespace, seen from a
	# daemon run in ckns
	ip netns add ckns
	ip -n ckns link set lo up
	cat >$W/ipvsns_default.conf <<EOF
net_namespace_ipvs
virtual_server 10.0.7.100 80 {
	lb_algo rr
	lb_kind NAT
	protocol TCP
	real_server 10.0.2.11 80 { }
}
EOF
	sed 's/^net_namespace_ipvs$/net_namespace_ipvs no-such-ns/' $W/ipvsns_default.conf >$W/ipvsns_missing.conf
	for d in ours ref; do ipvsns_here $d default $W/ipvsns_default.conf; done
	ip netns del ckns
	# a namespace that does not exist: keepalived 2.2.7 cannot initialise
	# IPVS and stops; ours programs no IPVS (as without IPVS), checks run
	nska_start ref ipvsns_missing_ref $W/ipvsns_missing.conf
	check ref_missing_ns_stops wait_for 15 eval "! kill -0 $KA_PID"
	check ref_missing_ns_logged grep -q "Can't initialize ipvs" $W/ipvsns_missing_ref.log
	ka_stop
	nska_start ours ipvsns_missing_ours $W/ipvsns_missing.conf
	check_ours ours_missing_ns_logged wait_for 15 grep -q 'no-such-ns cannot be used: no IPVS is programmed' \
		$W/ipvsns_missing_ours.log
	check_ours ours_missing_ns_runs kill -0 $KA_PID
	check ours_missing_ns_nothing eval "! ipvs_svc_present 'TCP  10.0.7.100:80'"
	ka_stop
}
