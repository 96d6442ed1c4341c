#!/bin/bash
# guest-scenarios.sh - the checker's IPVS scenarios, run inside the VM by
# test/vm/ipvs_scenarios.sh (one boot for all of them). Prints
# "PASS name" / "FAIL name: why" per check and "N passed, N failed".
# Optional argument: a space-separated list of runs (nat checks dr vrrp).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/guest-lib.sh"
. "$HERE/guest-netns.sh"
. "$HERE/guest-nft.sh"
. "$HERE/guest-parity.sh"
. "$HERE/guest-lvsnors.sh"
RUNS=${1:-"smoke nat checks dr v6 reload lvs suspend ipvsns nftipvs nftrespawn parity lvsnors vrrp"}

topo_setup
for i in 1 2 3; do httpd_start $i; done

VS="TCP  10.0.1.100:80"

# ---- smoke: the kernel side works at all ------------------------------------------
run_smoke() {
	ipvsadm -A -t 10.9.9.9:80 -s rr &&
	ipvsadm -a -t 10.9.9.9:80 -r 10.0.2.11:80 -m &&
	ipvsadm -Ln | grep -q '10.0.2.11:80'
	check ipvsadm_smoke [ $? = 0 ]
	# leave 10.9.9.9:80 in place: it is "someone else's" service below
}

# ---- nat: install, rr, removal / re-adding, sorry server, quorum, cleanup ----------
run_nat() {
	cat >$W/nat.conf <<EOF
virtual_server 10.0.1.100 80 {
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	protocol TCP
	quorum 1
	quorum_up "/bin/sh -c 'echo up >>$W/quorum.log'"
	quorum_down "/bin/sh -c 'echo down >>$W/quorum.log'"
	sorry_server 10.0.2.13 8080
	real_server 10.0.2.11 80 {
		weight 1
		notify_down "/bin/sh -c 'echo rs1 down >>$W/notify.log'"
		notify_up "/bin/sh -c 'echo rs1 up >>$W/notify.log'"
		HTTP_GET {
			url {
				path /index.html
				status_code 200
			}
			connect_timeout 1
			retry 0
		}
	}
	real_server 10.0.2.12 80 {
		weight 1
		TCP_CHECK {
			connect_timeout 1
			retry 0
		}
	}
}
virtual_server 10.0.1.103 80 {
	protocol TCP
	delay_loop 2
	lb_algo wlc
	persistence_timeout 30
	real_server 10.0.2.11 80 { TCP_CHECK { connect_timeout 1 } }
	real_server 10.0.2.12 80 { TCP_CHECK { connect_timeout 1 } }
}
EOF
	httpd_start 3 8080 $W/sorry
	ka_start nat $W/nat.conf
	wait_for 10 ipvs_has "$VS" 10.0.2.12:80
	check nat_installed ipvs_has "$VS" 10.0.2.11:80 1
	check nat_masq bash -c "ipvsadm -Ln | grep -A2 '10.0.1.100:80 rr' | grep -q Masq"
	local s
	s=$(spread http://10.0.1.100/ 6)
	check nat_rr_spreads [ "$s" = "rs1 rs2 " ]
	check persistence_shown bash -c "ipvsadm -Ln | grep '10.0.1.103:80' | grep -q 'persistent 30'"
	check sorry_not_active ipvs_lacks "$VS" 10.0.2.13:8080

	httpd_stop 1
	wait_for 10 ipvs_lacks "$VS" 10.0.2.11:80
	check rs_down_removed ipvs_lacks "$VS" 10.0.2.11:80
	s=$(spread http://10.0.1.100/ 4)
	check traffic_keeps_flowing [ "$s" = "rs2 " ]
	check notify_down_ran wait_for 5 grep -q 'rs1 down' $W/notify.log
	check_ours reason_logged ka_log_has 'connect failed'

	httpd_start 1
	wait_for 10 ipvs_has "$VS" 10.0.2.11:80
	check rs_up_readded ipvs_has "$VS" 10.0.2.11:80 1
	check notify_up_ran wait_for 5 grep -q 'rs1 up' $W/notify.log

	httpd_stop 1
	httpd_stop 2
	wait_for 10 ipvs_has "$VS" 10.0.2.13:8080
	check sorry_server_in ipvs_has "$VS" 10.0.2.13:8080
	check sorry_only eval "! ipvs_section '$VS' | grep -q '10.0.2.1[12]:80'"
	check sorry_answers [ "$(get http://10.0.1.100/)" = sorry ]
	check quorum_down_ran wait_for 5 grep -q down $W/quorum.log
	httpd_start 1
	httpd_start 2
	wait_for 10 ipvs_lacks "$VS" 10.0.2.13:8080
	check sorry_server_out ipvs_lacks "$VS" 10.0.2.13:8080
	check quorum_up_ran wait_for 5 grep -q up $W/quorum.log
	check pool_back wait_for 5 ipvs_has "$VS" 10.0.2.12:80

	# a checker child killed hard: the parent respawns it, IPVS is kept as is
	local ck
	ck=$(cat $W/ck.pid 2>/dev/null)
	if [ -n "$ck" ]; then
		kill -9 "$ck"
		sleep 0.5
		check respawn_keeps_dests ipvs_has "$VS" 10.0.2.11:80 1
		wait_for 10 bash -c "[ \"\$(cat $W/ck.pid 2>/dev/null)\" != $ck ] && kill -0 \$(cat $W/ck.pid)"
		sleep 2
		check respawn_reconciles bash -c "ipvsadm -Ln | grep -A3 '10.0.1.100:80 rr' | grep -c -- '->' | grep -qx 2"
		check respawn_traffic [ "$(spread http://10.0.1.100/ 4)" = "rs1 rs2 " ]
	else
		fail respawn_keeps_dests "no checker pid file"
	fi

	ka_stop
	check stop_removes_ours bash -c "! ipvsadm -Ln | grep -q '10.0.1.10[03]:80'"
	check stop_keeps_others bash -c "ipvsadm -Ln | grep -q '10.9.9.9:80'"
	httpd_stop 3 8080
}

# ---- checks: HTTP status, digest, inhibit, MISC dynamic, SSL_GET, UDP_CHECK ---------
run_checks() {
	echo 0 >$W/misc2
	echo 0 >$W/miscu
	cat >$W/checks.conf <<EOF
virtual_server 10.0.1.100 80 {
	protocol TCP
	delay_loop 1
	lb_algo rr
	inhibit_on_failure
	real_server 10.0.2.11 80 {
		weight 1
		HTTP_GET {
			url { path /health.html
			      digest eff5bc1ef8ec9d03e640fc4370f5eacd
			      status_code 200 }
			connect_timeout 1
			retry 0
		}
	}
	real_server 10.0.2.12 80 {
		weight 1
		MISC_CHECK {
			misc_path "/bin/sh -c 'exit \$(cat $W/misc2)'"
			misc_timeout 3
			misc_dynamic
		}
	}
}
virtual_server 10.0.1.100 443 {
	protocol TCP
	delay_loop 1
	lb_algo rr
	real_server 10.0.2.11 443 {
		SSL_GET {
			url { path /index.html }
			connect_timeout 2
			retry 0
		}
	}
	real_server 10.0.2.12 443 {
		SSL_GET {
			url { path /index.html }
			connect_timeout 2
			retry 0
		}
	}
}
virtual_server 10.0.1.100 5353 {
	delay_loop 1
	lb_algo rr
	protocol UDP
	alpha
	# rs1 must echo "ka-ng" back as "rs1:ka-ng"; rs2 gets a zero byte (no
	# answer) and only must not answer with a port unreachable; rs3
	# answers "rs3:no", not what is required
	real_server 10.0.2.11 5353 {
		UDP_CHECK {
			payload 6b612d6e67
			require_reply 7273313a6b612d6e67
			connect_timeout 2
			retry 0
		}
	}
	real_server 10.0.2.12 5353 {
		UDP_CHECK {
			payload 00
			connect_timeout 2
			retry 0
		}
		MISC_CHECK {
			misc_path "/bin/sh -c 'exit \$(cat $W/miscu)'"
			# the VM is emulated (no KVM) and CI is busy: give the
			# script time (the default misc_timeout is delay_loop)
			misc_timeout 5
			retry 0
		}
	}
	real_server 10.0.2.13 5353 {
		UDP_CHECK {
			payload 6e6f
			require_reply 6e6f7065
			connect_timeout 2
			retry 0
		}
	}
}
EOF
	ssl_start 1
	ssl_start 2
	udp_echo_start 1
	udp_echo_start 2
	udp_echo_start 3
	ka_start checks $W/checks.conf
	wait_for 10 ipvs_has "$VS" 10.0.2.12:80 1
	# (a first HTTP_GET slower than connect_timeout on a loaded host inhibits
	# it until the next one: wait for the verdict, not for the first try)
	wait_for 10 ipvs_has "$VS" 10.0.2.11:80 1
	check http_digest_ok ipvs_has "$VS" 10.0.2.11:80 1

	echo changed >$W/www1/health.html
	wait_for 10 ipvs_has "$VS" 10.0.2.11:80 0
	check digest_mismatch_inhibits ipvs_has "$VS" 10.0.2.11:80 0
	check_ours digest_mismatch_logged ka_log_has 'digest mismatch'
	echo ok >$W/www1/health.html
	wait_for 10 ipvs_has "$VS" 10.0.2.11:80 1
	check digest_back ipvs_has "$VS" 10.0.2.11:80 1

	rm -f $W/www1/health.html
	wait_for 10 ipvs_has "$VS" 10.0.2.11:80 0
	check http_status_inhibits ipvs_has "$VS" 10.0.2.11:80 0
	check_ours http_status_logged ka_log_has 'HTTP status 404'
	echo ok >$W/www1/health.html

	echo 12 >$W/misc2
	wait_for 10 ipvs_has "$VS" 10.0.2.12:80 10
	check misc_dynamic_weight ipvs_has "$VS" 10.0.2.12:80 10
	echo 1 >$W/misc2
	wait_for 10 ipvs_has "$VS" 10.0.2.12:80 0
	check misc_exit1_down ipvs_has "$VS" 10.0.2.12:80 0
	echo 0 >$W/misc2
	wait_for 10 ipvs_has "$VS" 10.0.2.12:80 1
	check misc_exit0_up ipvs_has "$VS" 10.0.2.12:80 1

	local S443="TCP  10.0.1.100:443"
	wait_for 15 ipvs_has "$S443" 10.0.2.12:443
	check ssl_get_up eval "ipvs_has '$S443' 10.0.2.11:443 && ipvs_has '$S443' 10.0.2.12:443"
	check ssl_traffic bash -c "ip netns exec client curl -sk -m 3 https://10.0.1.100/index.html | grep -q '^rs'"
	ssl_stop 2
	wait_for 10 ipvs_lacks "$S443" 10.0.2.12:443
	check ssl_get_down ipvs_lacks "$S443" 10.0.2.12:443

	# UDP_CHECK (alpha: a real server is in IPVS only once its check passed)
	local SU="UDP  10.0.1.100:5353"
	wait_for 20 ipvs_has "$SU" 10.0.2.12:5353
	check udp_check_no_unreachable_up ipvs_has "$SU" 10.0.2.12:5353 1
	check_ours udp_no_unreachable_logged ka_log_has 'on 10.0.2.12:5353 succeeded: no port unreachable'
	wait_for 5 ipvs_has "$SU" 10.0.2.11:5353
	check udp_check_reply_up ipvs_has "$SU" 10.0.2.11:5353 1
	check udp_check_mismatch_down ipvs_lacks "$SU" 10.0.2.13:5353
	check udp_traffic bash -c "echo hi | ip netns exec client timeout 3 python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(2)
s.sendto(b\"hi\", (\"10.0.1.100\", 5353)); print(s.recv(100))' | grep -q rs"
	udp_echo_stop 1
	udp_echo_stop 2
	wait_for 10 eval "ipvs_lacks '$SU' 10.0.2.11:5353 && ipvs_lacks '$SU' 10.0.2.12:5353"
	check udp_unreachable_removed eval "ipvs_lacks '$SU' 10.0.2.11:5353 && ipvs_lacks '$SU' 10.0.2.12:5353"
	check_ours udp_unreachable_logged ka_log_has 'UDP_CHECK UDP port unreachable'
	udp_echo_start 1
	udp_echo_start 2
	wait_for 10 eval "ipvs_has '$SU' 10.0.2.11:5353 && ipvs_has '$SU' 10.0.2.12:5353"
	check udp_back_readded eval "ipvs_has '$SU' 10.0.2.11:5353 1 && ipvs_has '$SU' 10.0.2.12:5353 1"
	echo 1 >$W/miscu
	wait_for 10 ipvs_lacks "$SU" 10.0.2.12:5353
	check udp_misc_down ipvs_lacks "$SU" 10.0.2.12:5353
	check udp_other_stays ipvs_has "$SU" 10.0.2.11:5353 1

	kill -USR1 "$(cat $W/ka.pid)"
	sleep 1
	check_ours dump_has_servers bash -c "grep -q '^   RIP = 10.0.2.12, RPORT = 80,' $W/keepalived_check.data && grep -q '^   Last result = \"' $W/keepalived_check.data"
	check_ours udp_mismatch_reason bash -c "awk '/ -> \\[10.0.2.13\\]:udp:5353\$/ { on = 1; next } /^ [^ ]/ || /^-/ { on = 0 } on' $W/keepalived_check.data | grep -q 'Last result = \"UDP reply mismatch'"
	kill -USR2 "$(cat $W/ka.pid)"
	sleep 1
	check_ours stats_dump bash -c "grep -q 'conns' $W/keepalived.stats"
	# keepalived.json (SIGRTMIN+2) lists VRRP instances only: none here,
	# no file (as 2.2.7); the checker's status is keepalivedctl's
	rm -f $W/keepalived.json
	kill -s RTMIN+2 "$(cat $W/ka.pid)"
	sleep 1
	check json_file_without_vrrp test ! -e $W/keepalived.json
	check_ours json_dump bash -c "$(dirname "$KA")/../keepalivedctl/keepalivedctl status --json >$W/status.json"
	check_ours json_status python3 -c "
import json, sys
d = json.load(open('$W/status.json'))
assert d['schema'] == 'keepalived-ng/status' and d['version'] == 1, d.get('schema')
vs = [v for v in d['checker']['virtual_servers'] if v['name'].startswith('10.0.1.100:80')][0]
rs = [r for r in vs['real_servers'] if r['address'] == '10.0.2.12' and r['port'] == 80][0]
assert rs['checks'] and rs['checks'][0]['ok'] > 0, rs
"
	ka_stop
	ssl_stop 1
	for i in 1 2 3; do udp_echo_stop $i; done
	check stop_cleans_all bash -c "! ipvsadm -Ln | grep -q '10.0.1.100'"
}

# ---- dr + fwmark ----------------------------------------------------------------------
run_dr() {
	nft -f - <<EOF
table ip kavm {
	chain pre {
		type filter hook prerouting priority -150;
		ip daddr 10.0.1.102 tcp dport 80 meta mark set 5
	}
}
EOF
	cat >$W/dr.conf <<EOF
virtual_server 10.0.1.101 80 {
	protocol TCP
	delay_loop 1
	lb_algo rr
	lb_kind DR
	real_server 10.0.2.11 80 { TCP_CHECK { connect_timeout 1 } }
	real_server 10.0.2.12 80 { TCP_CHECK { connect_timeout 1 } }
}
virtual_server fwmark 5 {
	delay_loop 1
	lvs_sched rr
	lvs_method NAT
	real_server 10.0.2.11 80 { TCP_CHECK { connect_timeout 1 } }
	real_server 10.0.2.12 80 { TCP_CHECK { connect_timeout 1 } }
}
EOF
	ka_start dr $W/dr.conf
	wait_for 10 ipvs_has "FWM  5" 10.0.2.12:80
	check fwmark_installed ipvs_has "FWM  5" 10.0.2.11:80 1
	check fwmark_serves [ "$(spread http://10.0.1.102/ 6)" = "rs1 rs2 " ]
	# DR replies go straight to the client (not through the director, which
	# owns the VIP and would drop them as martians): a client leg on br-rs
	ip link add clr type veth peer name clrg
	ip link set clrg netns client
	ip link set clr master br-rs up
	ip -n client addr add 10.0.2.50/24 dev clrg
	ip -n client link set clrg up
	ip netns exec client sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.clrg.rp_filter=0
	for i in 1 2; do
		ip -n rs$i addr add 10.0.1.101/32 dev lo
		ip netns exec rs$i sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2
		ip -n rs$i route add 10.0.1.2/32 via 10.0.2.50
	done
	wait_for 10 ipvs_has "TCP  10.0.1.101:80" 10.0.2.12:80
	check dr_installed bash -c "ipvsadm -Ln | grep -A2 '10.0.1.101:80' | grep -q Route"
	check dr_serves [ "$(spread http://10.0.1.101/ 6)" = "rs1 rs2 " ]
	ka_stop
	nft delete table ip kavm
	for i in 1 2; do
		ip -n rs$i addr del 10.0.1.101/32 dev lo
		ip -n rs$i route del 10.0.1.2/32 via 10.0.2.50
	done
	ip link del clr
}

# ---- v6: an IPv6 LVS-NAT service ---------------------------------------------------------
run_v6() {
	sysctl -qw net.ipv6.conf.all.forwarding=1
	ip addr add fd00:1::1/64 dev c0 nodad
	ip addr add fd00:2::1/64 dev br-rs nodad
	ip addr add fd00:1::100/128 dev lo nodad
	ip -n client addr add fd00:1::2/64 dev c1 nodad
	ip -n client route add default via fd00:1::1
	# IPv6 neighbour discovery only answers for the interface's own
	# addresses: reach the VIP (on the director's lo) through the director
	ip -n client route add fd00:1::100/128 via fd00:1::1
	for i in 1 2; do
		ip -n rs$i addr add fd00:2::1$i/64 dev eth0 nodad
		ip -n rs$i route add default via fd00:2::1
	done
	{
		echo "virtual_server fd00:1::100 80 {"
		echo "	protocol TCP"
		echo "	delay_loop 1"
		echo "	lb_algo rr"
		for i in 1 2; do
			echo "	real_server fd00:2::1$i 80 {"
			echo "		TCP_CHECK {"
			echo "			connect_timeout 1"
			echo "		}"
			echo "	}"
		done
		echo "}"
	} >$W/v6.conf
	ka_start v6 $W/v6.conf
	local S6="TCP  [fd00:1::100]:80"
	wait_for 10 ipvs_has "$S6" "[fd00:2::12]:80"
	check v6_installed ipvs_has "$S6" "[fd00:2::11]:80" 1
	check v6_serves [ "$(spread 'http://[fd00:1::100]/' 6)" = "rs1 rs2 " ]
	httpd_stop 1
	wait_for 10 ipvs_lacks "$S6" "[fd00:2::11]:80"
	check v6_rs_removed ipvs_lacks "$S6" "[fd00:2::11]:80"
	httpd_start 1
	ka_stop
	check v6_stop_clean eval "! ipvsadm -Ln | grep -q 'fd00:1::100'"
}

# ---- reload: SIGHUP applies the difference ----------------------------------------------
run_reload() {
	local c=$W/reload.conf
	{
		echo "virtual_server 10.0.1.100 80 {"
		echo "	protocol TCP"
		echo "	delay_loop 1"
		echo "	lb_algo rr"
		echo "	real_server 10.0.2.11 80 {"
		echo "		TCP_CHECK {"
		echo "			connect_timeout 1"
		echo "		}"
		echo "	}"
		echo "	real_server 10.0.2.12 80 {"
		echo "		TCP_CHECK {"
		echo "			connect_timeout 1"
		echo "		}"
		echo "	}"
		echo "}"
		echo "virtual_server 10.0.1.103 80 {"
		echo "	protocol TCP"
		echo "	delay_loop 1"
		echo "	real_server 10.0.2.11 80 {"
		echo "		TCP_CHECK {"
		echo "			connect_timeout 1"
		echo "		}"
		echo "	}"
		echo "}"
	} >$c
	ka_start reload $c
	wait_for 10 ipvs_has "$VS" 10.0.2.12:80
	check reload_before ipvs_has "$VS" 10.0.2.11:80 1
	# the running daemon reads its own copy: edit that one
	sed -i -e 's/^virtual_server 10.0.1.103 80/virtual_server 10.0.1.103 81/' \
	       -e 's/real_server 10.0.2.12 80 {/real_server 10.0.2.13 80 {\n\t\tweight 2/' $W/reload.conf
	kill -HUP "$(cat $W/ka.pid)"
	wait_for 10 ipvs_has "$VS" 10.0.2.13:80 2
	check reload_adds_new ipvs_has "$VS" 10.0.2.13:80 2
	check reload_drops_removed ipvs_lacks "$VS" 10.0.2.12:80
	check reload_keeps_healthy eval "ipvs_has '$VS' 10.0.2.11:80 1 && ! grep -q 'removing 10.0.2.11:80' $W/reload.log"
	check reload_service_moved eval "ipvs_svc_present 'TCP  10.0.1.103:81' && ! ipvs_svc_present 'TCP  10.0.1.103:80 '"
	check reload_no_ipvs_errors bash -c "! grep 'error: IPVS' $W/reload.log"
	ka_stop
	check reload_stop_clean eval "! ipvsadm -Ln | grep -q '10.0.1.10[03]'"
	# -I / --dont-release-ipvs: a stop leaves the services as they are
	ka_start keepipvs $c -I
	wait_for 10 ipvs_has "$VS" 10.0.2.11:80
	ka_stop
	check dont_release_ipvs ipvs_has "$VS" 10.0.2.11:80 1
	ipvsadm -D -t 10.0.1.100:80
	ipvsadm -D -t 10.0.1.103:81 2>/dev/null
}

# ---- lvs: global lvs_* keywords, thresholds, scheduler flags, groups, rename, split --
run_lvs() {
	ip addr add fd00:2::1/64 dev br-rs nodad 2>/dev/null    # (run_v6 may not have run)
	ipvsadm -A -t 10.9.9.8:80 -s rr          # someone else's: lvs_flush removes it
	mkfifo $W/lvs.fifo
	cat >$W/lvs.conf <<EOF
global_defs {
	lvs_flush
	lvs_flush_onstop
	lvs_timeouts tcp 901 udp 77
	lvs_notify_fifo $W/lvs.fifo
	lvs_sync_daemon br-rs id 7 maxlen 1400 port 8999 ttl 3 group 239.1.2.3
}
virtual_server_group G1 {
	10.0.1.110-112 80
	fwmark 9
}
virtual_server group G1 {
	protocol TCP
	delay_loop 1
	lb_algo rr
	real_server 10.0.2.11 80 { TCP_CHECK { connect_timeout 1 } }
	real_server 10.0.2.12 80 { TCP_CHECK { connect_timeout 1 } }
}
virtual_server 10.0.1.100 80 {
	protocol TCP
	delay_loop 1
	lb_algo sh
	sh-port
	sh-fallback
	persistence_timeout 30
	persistence_granularity 255.255.255.0
	real_server 10.0.2.11 80 {
		uthreshold 100
		lthreshold 10
		TCP_CHECK { connect_timeout 1 }
	}
}
virtual_server 10.0.1.100 8080 {
	protocol TCP
	lb_algo mh
	mh-port
	mh-fallback
	real_server 10.0.2.11 80 { weight 1 }
}
virtual_server 10.0.1.100 5353 {
	delay_loop 1
	lb_algo rr
	protocol UDP
	ops
	real_server 10.0.2.11 5353 { weight 2 }
}
virtual_server 10.0.1.100 5060 {
	protocol UDP
	lb_algo rr
	persistence_timeout 60
	persistence_engine sip
	real_server 10.0.2.11 5060 { weight 1 }
}
virtual_server fwmark 7 {
	delay_loop 1
	lb_algo rr
	ip_family inet6
	real_server fd00:2::11 80 { lvs_method TUN }
}
track_file lvs_tf {
	file $W/lvs_tf
	weight 2
	init_file 0 overwrite
}
virtual_server 10.0.1.101 80 {
	protocol TCP
	lb_algo wrr
	real_server 10.0.2.11 80 {
		weight 5
		FILE_CHECK { track_file lvs_tf }
	}
}
EOF
	# read the FIFO from the start (lines as they come)
	cat $W/lvs.fifo >$W/lvs.events &
	local reader=$!
	ka_start lvs $W/lvs.conf
	wait_for 10 ipvs_has "TCP  10.0.1.112:80" 10.0.2.12:80
	check lvs_flush_removes_foreign bash -c "! ipvsadm -Ln | grep -q '10.9.9.8:80'"
	check lvs_timeouts bash -c "ipvsadm -L --timeout | grep -q 'udp): 901 [0-9]* 77'"
	check vsg_range_installed eval "ipvs_has 'TCP  10.0.1.110:80' 10.0.2.11:80 && ipvs_has 'TCP  10.0.1.111:80' 10.0.2.11:80 && ipvs_has 'TCP  10.0.1.112:80' 10.0.2.11:80"
	check vsg_fwmark_installed ipvs_has "FWM  9" 10.0.2.12:80
	check sched_flags bash -c "ipvsadm -Ln | grep '10.0.1.100:80 sh' | grep -q 'sh-fallback,sh-port'"
	check sched_flags_mh bash -c "ipvsadm -Ln | grep '10.0.1.100:8080 mh' | grep -q 'mh-fallback,mh-port'"
	check persistence_granularity bash -c "ipvsadm -Ln | grep '10.0.1.100:80 sh' | grep -q 'persistent 30 mask 255.255.255.0'"
	check thresholds bash -c "ipvsadm -Ln --thresholds | grep -A2 '10.0.1.100:80 sh' | grep '10.0.2.11:80' | grep -Eq ' 100 +10 '"
	check ops_udp bash -c "ipvsadm -Ln | grep '10.0.1.100:5353' | grep -q ops"
	check persistence_engine bash -c "ipvsadm -Ln | grep '10.0.1.100:5060' | grep -q 'persistent 60 pe sip'"
	check fwmark_inet6 bash -c "ipvsadm -Ln | grep -q 'FWM  7 IPv6'"
	# a tunnelled real server of a fwmark service gets port 0, as keepalived 2.2.7 clears it
	check fwmark_tun_port0 bash -c "ipvsadm -Ln | grep -A3 'FWM  7 IPv6' | grep -Eq '\\[fd00:2::11\\]:0 +Tunnel'"
	# lvs_sync_daemon with every option and no VRRP instance named: both daemons
	ipvsadm -L --daemon >$W/lvs.daemons 2>&1
	check sync_daemon_options bash -c "for r in master backup; do
		grep \"^\$r sync daemon\" $W/lvs.daemons | grep 'mcast=br-rs' | grep 'syncid=7' | grep 'maxlen=1400' |
			grep 'group=239.1.2.3' | grep 'port=8999' | grep -q 'ttl=3' || { cat $W/lvs.daemons; exit 1; }
	done"
	# FILE_CHECK: value x the track_file's weight added to the real server's
	check file_check_init bash -c "[ \"\$(cat $W/lvs_tf)\" = 0 ] && ipvsadm -Ln | grep -A1 '10.0.1.101:80' | grep -Eq '10.0.2.11:80 +Masq +5 '"
	echo 4 >$W/lvs_tf
	wait_for 10 bash -c "ipvsadm -Ln | grep -A1 '10.0.1.101:80' | grep -Eq '10.0.2.11:80 +Masq +13 '"
	check file_check_weight bash -c "ipvsadm -Ln | grep -A1 '10.0.1.101:80' | grep -Eq '10.0.2.11:80 +Masq +13 '"
	echo -1073741824 >$W/lvs_tf
	wait_for 10 ipvs_lacks "TCP  10.0.1.101:80" 10.0.2.11:80
	check file_check_fault ipvs_lacks "TCP  10.0.1.101:80" 10.0.2.11:80
	wait_for 5 grep -q "^RS \[10.0.2.11\]:tcp:80 \[10.0.1.100\]:tcp:80 " $W/lvs.events
	httpd_stop 2
	wait_for 10 grep -q "^RS \[10.0.2.12\]:tcp:80 \[G1\]:0 DOWN" $W/lvs.events
	check notify_fifo_rs_down grep -q "^RS \[10.0.2.12\]:tcp:80 \[G1\]:0 DOWN" $W/lvs.events
	httpd_start 2
	wait_for 10 ipvs_has "TCP  10.0.1.110:80" 10.0.2.12:80

	# reload: the group renamed (same addresses), one real server gone: the
	# services stay (not re-created) and the gone real server leaves them
	sed -i -e 's/virtual_server_group G1/virtual_server_group G2/' -e 's/virtual_server group G1/virtual_server group G2/' \
	       -e '/real_server 10.0.2.12 80 { TCP_CHECK { connect_timeout 1 } }/d' $W/lvs.conf
	kill -HUP "$(cat $W/ka.pid)"
	wait_for 10 ipvs_lacks "TCP  10.0.1.110:80" 10.0.2.12:80
	# keepalived 2.2.7 leaves 10.0.2.12 in the renamed group's services
	# (measured in this VM): ours removes it, as the file says
	check_ours rename_drops_old_rs eval "ipvs_lacks 'TCP  10.0.1.110:80' 10.0.2.12:80 && ipvs_lacks 'TCP  10.0.1.112:80' 10.0.2.12:80 && ipvs_lacks 'FWM  9' 10.0.2.12:80"
	check rename_keeps_rs eval "ipvs_has 'TCP  10.0.1.110:80' 10.0.2.11:80 && ipvs_has 'FWM  9' 10.0.2.11:80"
	check_ours rename_same_services bash -c "grep -q 'VS group G1/TCP is now group G2/TCP' $W/lvs.log && ! grep -q 'removed service TCP  *10.0.1.11' $W/lvs.log"
	# reload: 10.0.1.112 leaves the group for a virtual_server of its own
	# with another real server: the service stays (not re-created), the
	# group's real server leaves it, the new one joins it
	sed -i -e 's/^\t10.0.1.110-112 80$/\t10.0.1.110-111 80/' $W/lvs.conf
	cat >>$W/lvs.conf <<EOF
virtual_server 10.0.1.112 80 {
	protocol TCP
	delay_loop 1
	lb_algo rr
	real_server 10.0.2.13 80 { TCP_CHECK { connect_timeout 1 } }
}
EOF
	kill -HUP "$(cat $W/ka.pid)"
	wait_for 10 ipvs_has "TCP  10.0.1.112:80" 10.0.2.13:80
	# keepalived 2.2.7 leaves the group's real server in 10.0.1.112's service
	# (measured in this VM): ours moves it, as the file says
	check_ours split_moves_rs eval "ipvs_has 'TCP  10.0.1.112:80' 10.0.2.13:80 && ipvs_lacks 'TCP  10.0.1.112:80' 10.0.2.11:80"
	check split_group_keeps eval "ipvs_has 'TCP  10.0.1.110:80' 10.0.2.11:80 && ipvs_has 'TCP  10.0.1.111:80' 10.0.2.11:80 && ipvs_lacks 'TCP  10.0.1.110:80' 10.0.2.13:80"
	check_ours split_same_service bash -c "[ \$(grep -c 'added service TCP *10.0.1.112:80' $W/lvs.log) = 1 ] && ! grep -q 'removed service TCP *10.0.1.112:80' $W/lvs.log"
	# every IPVS request of the three configurations was answered in turn
	check lvs_no_ipvs_errors bash -c "! grep 'error: IPVS' $W/lvs.log"
	ipvsadm -A -t 10.9.9.7:80 -s rr          # lvs_flush_onstop removes it too
	ka_stop
	check lvs_flush_onstop bash -c "! ipvsadm -Ln | grep -q '10.9.9.7:80' && ! ipvsadm -Ln | grep -q '10.0.1.1'"
	check sync_daemons_stopped bash -c "! ipvsadm -L --daemon | grep -q 'sync daemon'"
	kill $reader 2>/dev/null
	rm -f $W/lvs.fifo

	# -C with lvs_sync_daemon following a vrrp_instance: keepalived 2.2.7's
	# VRRP process starts that daemon, its checker never does: none runs
	# (ours started the backup daemon, the instance never heard of)
	cat >$W/lvs_c.conf <<EOF
global_defs {
	lvs_sync_daemon br-rs VI_1
}
vrrp_instance VI_1 {
	state MASTER
	interface br-rs
	virtual_router_id 61
	virtual_ipaddress {
		10.0.2.250/32
	}
}
virtual_server 10.0.1.102 80 {
	protocol TCP
	lb_algo rr
	real_server 10.0.2.11 80 { weight 1 }
}
EOF
	ka_start lvs_c $W/lvs_c.conf -C
	wait_for 10 ipvs_has "TCP  10.0.1.102:80" 10.0.2.11:80
	check sync_daemon_checker_only eval "ipvs_has 'TCP  10.0.1.102:80' 10.0.2.11:80 && sleep 2 &&
		! ipvsadm -L --daemon | grep -q 'sync daemon' && ! ip addr show br-rs | grep -q 10.0.2.250"
	ka_stop
}

# ---- suspend: ha_suspend pauses checks while the VIP is not on this director -----------
run_suspend() {
	cat >$W/suspend.conf <<EOF
virtual_server 10.0.1.104 80 {
	protocol TCP
	delay_loop 1
	lb_algo rr
	ha_suspend
	real_server 10.0.2.13 80 {
		TCP_CHECK {
			connect_timeout 1
			retry 0
		}
	}
}
EOF
	local svc="TCP  10.0.1.104:80"
	ka_start suspend $W/suspend.conf
	wait_for 10 ipvs_has "$svc" 10.0.2.13:80
	check suspend_installed ipvs_has "$svc" 10.0.2.13:80
	wait_for 10 ka_log_has "checks suspended (ha_suspend)"
	check_ours suspend_logged ka_log_has "checks suspended (ha_suspend)"
	httpd_stop 3
	sleep 4
	# rs3 is down, but nobody checks while the VIP is elsewhere
	check suspend_keeps_rs ipvs_has "$svc" 10.0.2.13:80
	ip addr add 10.0.1.104/32 dev lo
	wait_for 15 ipvs_lacks "$svc" 10.0.2.13:80
	check suspend_resumes_with_vip ipvs_lacks "$svc" 10.0.2.13:80
	check_ours suspend_resume_logged ka_log_has 'checks resume'
	ka_stop
	ip addr del 10.0.1.104/32 dev lo
	httpd_start 3
}

# ---- vrrp: two directors (namespaces) with VRRP for the VIP and the checker ---------
run_vrrp() {
	# client side: bridge br-c with the client; directors dA/dB in namespaces
	ip link add br-c type bridge
	ip link set br-c up
	ip link add cl0 type veth peer name cl1
	ip link set cl1 netns client
	ip link set cl0 master br-c up
	ip -n client addr add 10.0.3.2/24 dev cl1
	ip -n client link set cl1 up
	ip link add br-r2 type bridge
	ip link set br-r2 up
	local d p
	for d in A B; do
		ip netns add d$d
		ip link add d${d}c type veth peer name d${d}cg
		ip link set d${d}cg netns d$d
		ip link set d${d}c master br-c up
		ip link add d${d}r type veth peer name d${d}rg
		ip link set d${d}rg netns d$d
		ip link set d${d}r master br-r2 up
		ip -n d$d link set lo up
		ip -n d$d link set d${d}cg name eth0
		ip -n d$d link set d${d}rg name eth1
		ip -n d$d link set eth0 up
		ip -n d$d link set eth1 up
		ip netns exec d$d sysctl -qw net.ipv4.ip_forward=1
	done
	ip -n dA addr add 10.0.3.11/24 dev eth0
	ip -n dB addr add 10.0.3.12/24 dev eth0
	ip -n dA addr add 10.0.4.2/24 dev eth1
	ip -n dB addr add 10.0.4.3/24 dev eth1
	# real servers on br-r2: rs1 and rs2 get a second leg; their gateway
	# 10.0.4.1 is a VRRP address that moves with the master
	for i in 1 2; do
		ip link add r2v$i type veth peer name r2g$i
		ip link set r2g$i netns rs$i
		ip link set r2v$i master br-r2 up
		ip -n rs$i addr add 10.0.4.1$i/24 dev r2g$i
		ip -n rs$i link set r2g$i up
		ip -n rs$i route add 10.0.3.0/24 via 10.0.4.1
	done
	for d in A B; do
		[ $d = A ] && p=150 || p=100
		cat >$W/vrrp$d.conf <<EOF
global_defs {
	lvs_sync_daemon eth1 VI_1
}
vrrp_instance VI_1 {
	state BACKUP
	interface eth0
	virtual_router_id 51
	priority $p
	advert_int 1
	virtual_ipaddress {
		10.0.3.100/24 dev eth0
		10.0.4.1/24 dev eth1
	}
}
virtual_server 10.0.3.100 80 {
	protocol TCP
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	real_server 10.0.4.11 80 { TCP_CHECK { connect_timeout 1 } }
	real_server 10.0.4.12 80 { TCP_CHECK { connect_timeout 1 } }
}
virtual_server 10.0.3.100 9000 {
	protocol TCP
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	real_server 10.0.4.11 9000 { TCP_CHECK { connect_timeout 1 } }
	real_server 10.0.4.12 9000 { TCP_CHECK { connect_timeout 1 } }
}
EOF
		TMPDIR=$W ip netns exec d$d "$KA" -n -l -f $W/vrrp$d.conf -p $W/ka$d.pid -c $W/ck$d.pid \
			-r $W/vr$d.pid "$(ka_dump_arg)" >$W/vrrp$d.log 2>&1 &
		echo $! >$W/ka$d.run
	done
	wait_for 15 bash -c "ip -n dA addr show dev eth0 | grep -q 10.0.3.100"
	check vrrp_master_has_vip bash -c "ip -n dA addr show dev eth0 | grep -q 10.0.3.100"
	wait_for 10 bash -c "ip netns exec dA ipvsadm -Ln | grep -q 10.0.4.12:80"
	check vrrp_both_checkers bash -c "ip netns exec dA ipvsadm -Ln | grep -q 10.0.4.12:80 && ip netns exec dB ipvsadm -Ln | grep -q 10.0.4.12:80"
	check vrrp_master_serves bash -c "ip netns exec client curl -s -m 3 http://10.0.3.100/ | grep -q '^rs'"
	# lvs_sync_daemon: dA (MASTER) runs the master sync daemon, dB the
	# backup one; a long-lived connection through dA reaches dB's table
	for i in 1 2; do tcp_echo_start $i 9000; done
	wait_for 10 bash -c "ip netns exec dA ipvsadm -Ln | grep -A3 '10.0.3.100:9000' | grep -q 10.0.4.12:9000"
	check sync_master_daemon bash -c "ip netns exec dA ipvsadm -L --daemon | grep -q 'master sync daemon.*mcast=eth1.*syncid=51'"
	check sync_backup_daemon bash -c "ip netns exec dB ipvsadm -L --daemon | grep -q 'backup sync daemon.*mcast=eth1.*syncid=51'"
	long_conn_start 10.0.3.100 9000
	check sync_conn_through_master wait_for 10 grep -q '^1 ok' $W/longconn.out
	# the master syncs a connection after a few packets: send some
	long_conn_poke 2
	long_conn_poke 3
	check sync_conn_on_backup wait_for 15 bash -c "ip netns exec dB ipvsadm -Lnc | grep -q '10.0.3.100:9000'"
	# kill the master director (hard), its gateway address goes with it
	kill -9 "$(cat $W/kaA.run)" "$(cat $W/ckA.pid 2>/dev/null)" "$(cat $W/vrA.pid 2>/dev/null)" 2>/dev/null
	ip -n dA link set eth0 down
	ip -n dA link set eth1 down
	wait_for 15 bash -c "ip -n dB addr show dev eth0 | grep -q 10.0.3.100"
	check vrrp_backup_takes_vip bash -c "ip -n dB addr show dev eth0 | grep -q 10.0.3.100"
	ip netns exec client ip neigh flush all 2>/dev/null
	check vrrp_backup_serves wait_for 10 bash -c "ip netns exec client curl -s -m 2 http://10.0.3.100/ | grep -q '^rs'"
	check sync_backup_became_master bash -c "ip netns exec dB ipvsadm -L --daemon | grep -q 'master sync daemon'"
	long_conn_poke 4
	check sync_conn_survives wait_for 10 grep -q '^4 ok' $W/longconn.out
	long_conn_stop
	for i in 1 2; do tcp_echo_stop $i; done
	kill -TERM "$(cat $W/kaB.run)" 2>/dev/null
	sleep 2
	cp $W/vrrpA.log $W/vrrpB.log "${KA_RESULTS:-/tmp}/" 2>/dev/null || true
}

for r in $RUNS; do
	echo "=== run $r"
	run_$r
done
summary
rc=$?
if [ $rc != 0 ]; then
	for f in $W/*.log; do echo "--- $f"; tail -40 "$f"; done
fi
exit $rc
