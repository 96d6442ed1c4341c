# guest-nft.sh - nftables_ipvs (sourced by guest-scenarios.sh, run
# "nftipvs"): keepalived-ng and then Debian's keepalived 2.2.7 with the same
# configuration - a virtual_server_group with an address and a range, a TCP
# and a UDP virtual server on it. Both must make one fwmark service per
# virtual server (FWM 1000, 1001), the same nftables table (compared as
# `nft list table` prints it) and serve HTTP through every group address;
# a real server's failure acts on the fwmark service; stop removes both.

nftipvs_one() {
	local d=$1 bin=$KA
	[ "$d" = ref ] && bin=/usr/sbin/keepalived
	KA_NAME=nftipvs_$d
	"$bin" -n -l -D -C -f $W/nftipvs.conf -p $W/nft.pid -c $W/nftck.pid >$W/$KA_NAME.log 2>&1 &
	KA_PID=$!
	local F="FWM  1000"
	wait_for 15 ipvs_has "$F" 10.0.2.12:80
	check ${d}_nft_fwm_tcp ipvs_has "$F" 10.0.2.11:80 1
	check ${d}_nft_fwm_tcp2 ipvs_has "$F" 10.0.2.12:80 1
	check ${d}_nft_fwm_udp ipvs_has "FWM  1001" 10.0.2.11:5353 1
	check ${d}_nft_no_addr_services eval "! ipvsadm -Ln | grep -q '10.0.1.10[0-2]:'"
	nft list table ip keepalived_ipvs >$W/nft_$d.txt 2>&1
	ipvsadm -Ln | grep -v '^IP Virtual' | awk '{ print $1, $2, $3, $4 }' >$W/ipvs_$d.txt   # no counters
	check ${d}_nft_serves_addr [ "$(spread http://10.0.1.100/ 6)" = "rs1 rs2 " ]
	check ${d}_nft_serves_range [ "$(spread http://10.0.1.102/ 6)" = "rs1 rs2 " ]
	httpd_stop 2
	wait_for 10 ipvs_lacks "$F" 10.0.2.12:80
	check ${d}_nft_rs_removed ipvs_lacks "$F" 10.0.2.12:80
	check ${d}_nft_serves_rs1 [ "$(spread http://10.0.1.101/ 3)" = "rs1 " ]
	httpd_start 2
	wait_for 10 ipvs_has "$F" 10.0.2.12:80
	ka_stop
	check ${d}_nft_table_removed eval "! nft list table ip keepalived_ipvs >/dev/null 2>&1"
	check ${d}_nft_services_removed eval "! ipvsadm -Ln | grep -q '^FWM  100[01]'"
}

run_nftipvs() {
	cat >$W/nftipvs.conf <<EOF
global_defs {
	nftables_ipvs
}
virtual_server_group G1 {
	10.0.1.100 80
	10.0.1.101-102 80
}
virtual_server group G1 {
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	protocol TCP
	real_server 10.0.2.11 80 { TCP_CHECK { connect_timeout 1 } }
	real_server 10.0.2.12 80 { TCP_CHECK { connect_timeout 1 } }
}
virtual_server group G1 {
	lb_algo rr
	lb_kind NAT
	protocol UDP
	real_server 10.0.2.11 5353 { }
}
EOF
	local d
	for d in ours ref; do nftipvs_one $d; done
	check nft_table_same_as_2.2.7 diff $W/nft_ours.txt $W/nft_ref.txt
	check nft_ipvs_same_as_2.2.7 diff $W/ipvs_ours.txt $W/ipvs_ref.txt
	cat $W/nft_ours.txt
}
