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

# nftrespawn (keepalived-ng): a checker killed with SIGKILL and respawned
# takes its predecessor's fwmarks back, as the parent kept them: after a
# reload has dropped G1/TCP (FWM 1000) and added G2/TCP (FWM 1002) - G1/UDP
# keeps 1001 - a respawned checker that counted from 1000 again gave G1/UDP
# 1000 and G2/TCP 1001 (adopting the UDP service) and left FWM 1002 in IPVS,
# where no packet was marked for it any more. Now the services are the same
# ones (adopted, their counters go on: not made anew) and only they remain;
# the map marks G2's address with 1002 and HTTP goes through it. A reload
# made while the checker was stopped, then killed, drops G1/UDP: the
# respawned checker removes FWM 1001, which no virtual server takes.
nftr_conns() { ipvsadm -Ln --stats | awk -v m="$1" '$1 == "FWM" && $2 == m { print $3 }'; }
run_nftrespawn() {
	if ! ka_ours; then
		echo "NOT CHECKED nftrespawn (keepalived-ng's checker respawn)"
		return
	fi
	local common="global_defs {
	nftables_ipvs
}
virtual_server_group G1 {
	10.0.1.100 80
}
virtual_server_group G2 {
	10.0.1.101 80
}"
	local g1tcp="virtual_server group G1 {
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	protocol TCP
	real_server 10.0.2.11 80 { TCP_CHECK { connect_timeout 1 } }
}"
	local g1udp="virtual_server group G1 {
	lb_algo rr
	lb_kind NAT
	protocol UDP
	real_server 10.0.2.11 5353 { }
}"
	local g2tcp="virtual_server group G2 {
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	protocol TCP
	real_server 10.0.2.12 80 { TCP_CHECK { connect_timeout 1 } }
}"
	printf '%s\n%s\n%s\n' "$common" "$g1tcp" "$g1udp" >$W/nftr1.conf
	printf '%s\n%s\n%s\n' "$common" "$g1udp" "$g2tcp" >$W/nftr2.conf
	ka_start nftr $W/nftr1.conf -C
	wait_for 15 ipvs_has "FWM  1000" 10.0.2.11:80
	check nftr_start_fwm1000 ipvs_has "FWM  1000" 10.0.2.11:80
	cp $W/nftr2.conf $W/nftr.conf
	kill -HUP $KA_PID
	wait_for 15 ipvs_has "FWM  1002" 10.0.2.12:80
	check nftr_reload_fwm1002 ipvs_has "FWM  1002" 10.0.2.12:80
	check nftr_reload_fwm1000_gone eval "! ipvs_svc_present 'FWM  1000'"
	check nftr_reload_serves [ "$(spread http://10.0.1.101/ 4)" = "rs2 " ]
	local before old
	before=$(nftr_conns 1002)
	old=$(cat $W/ck.pid)
	kill -9 "$old"
	wait_for 20 eval '[ -s $W/ck.pid ] && [ "$(cat $W/ck.pid)" != "$old" ] && kill -0 "$(cat $W/ck.pid)" 2>/dev/null'
	check nftr_respawned eval '[ "$(cat $W/ck.pid)" != "$old" ]'
	wait_for 15 eval "grep -c 'already present: adopting it' $W/nftr.log | grep -q '^[2-9]'"
	sleep 2
	ipvsadm -Ln >$W/nftr_ipvs.txt
	nft list table ip keepalived_ipvs >$W/nftr_nft.txt 2>&1
	check nftr_respawn_fwm1001 ipvs_has "FWM  1001" 10.0.2.11:5353
	check nftr_respawn_fwm1002 ipvs_has "FWM  1002" 10.0.2.12:80
	check nftr_respawn_two_services [ "$(grep -c '^FWM' $W/nftr_ipvs.txt)" = 2 ]
	check nftr_respawn_not_remade [ "$(nftr_conns 1002)" -ge "${before:-1}" ]
	check nftr_respawn_map grep -Eq '10\.0\.1\.101 \. 80 : (0x000003ea|1002)' $W/nftr_nft.txt
	check nftr_respawn_serves [ "$(spread http://10.0.1.101/ 4)" = "rs2 " ]
	# a reload while the checker is stopped drops G1/UDP, then it dies: the
	# respawned one gets the new file and removes FWM 1001, its
	# predecessor's service that no virtual server takes any more
	printf '%s\n%s\n' "$common" "$g2tcp" >$W/nftr.conf
	before=$(nftr_conns 1002)
	old=$(cat $W/ck.pid)
	kill -STOP "$old"
	kill -HUP $KA_PID
	wait_for 10 eval "grep -c 'reloading the configuration' $W/nftr.log | grep -q '^[2-9]'"
	kill -9 "$old"
	wait_for 20 eval '[ -s $W/ck.pid ] && [ "$(cat $W/ck.pid)" != "$old" ] && kill -0 "$(cat $W/ck.pid)" 2>/dev/null'
	wait_for 15 eval "! ipvs_svc_present 'FWM  1001'"
	check nftr_gone_fwm1001_removed eval "! ipvs_svc_present 'FWM  1001'"
	check nftr_gone_fwm1002_kept ipvs_has "FWM  1002" 10.0.2.12:80
	check nftr_gone_one_service [ "$(ipvsadm -Ln | grep -c '^FWM')" = 1 ]
	check nftr_gone_not_remade [ "$(nftr_conns 1002)" -ge "${before:-1}" ]
	check nftr_gone_serves [ "$(spread http://10.0.1.101/ 4)" = "rs2 " ]
	ka_stop
	check nftr_stop_services_removed eval "! ipvsadm -Ln | grep -q '^FWM'"
	cat $W/nftr_ipvs.txt $W/nftr_nft.txt
}
