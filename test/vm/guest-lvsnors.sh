# guest-lvsnors.sh - run "lvsnors" (sourced by guest-scenarios.sh): what
# keepalived 2.2.7 leaves out of IPVS from a checker configuration, ours
# and 2.2.7 in turn with the same file, the same `ipvsadm -Ln` (no
# counters) after start and after a reload:
#   * a virtual server without a real server - a sorry server only (with
#     inhibit_on_failure), an IPv6 real server only on an IPv4 service, a
#     fwmark with a sorry server only, a group one - is not installed
#     ("has no real servers - ignoring"); a reload that takes away the
#     last real server of 10.0.1.103 removes its service;
#   * virtual_server_group G1 written three times - empty, 10.0.1.110,
#     10.0.1.111 + fwmark 41: the first block with entries is the group
#     (10.0.1.110 only);
#   * sorry_server_inhibit / sorry_server_lvs_method / sh-port before the
#     sorry_server and lb_algo sh lines they need: ignored (no sorry server
#     at weight 0 in the service, no sh-port flag), ip_family inet6 after
#     a fwmark's IPv4 real server: ignored (FWM 31 keeps it).
LN_REF=/usr/sbin/keepalived
LN_KEEP='10\.0\.1\.1[0-3][0-9]|FWM +(3[01]|41)'

# ln_conf start|reload
ln_conf() {
	local rs103=""
	[ "$1" = start ] && rs103="	real_server 10.0.2.12 80 { TCP_CHECK { connect_timeout 1 } }"
	cat <<EOF
virtual_server_group G1 {
}
virtual_server_group G1 {
	10.0.1.110 80
}
virtual_server_group G1 {
	10.0.1.111 80
	fwmark 41
}
virtual_server_group G2 {
	10.0.1.120 80
}
virtual_server 10.0.1.100 80 {
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	protocol TCP
	real_server 10.0.2.11 80 { TCP_CHECK { connect_timeout 1 } }
}
virtual_server 10.0.1.101 80 {
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	protocol TCP
	sorry_server 10.0.2.13 8080
	inhibit_on_failure
}
virtual_server 10.0.1.102 80 {
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	protocol TCP
	real_server fd00:2::11 80 { TCP_CHECK { connect_timeout 1 } }
}
virtual_server fwmark 30 {
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	sorry_server 10.0.2.13 8080
}
virtual_server group G1 {
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	protocol TCP
	real_server 10.0.2.11 80 { TCP_CHECK { connect_timeout 1 } }
}
virtual_server group G2 {
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	protocol TCP
	sorry_server 10.0.2.13 8080
}
virtual_server 10.0.1.130 80 {
	delay_loop 1
	protocol TCP
	lb_kind NAT
	sorry_server_inhibit
	sorry_server_lvs_method DR
	sh-port
	lb_algo sh
	sorry_server 10.0.2.13 8080
	real_server 10.0.2.12 80 { TCP_CHECK { connect_timeout 1 } }
}
virtual_server fwmark 31 {
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	real_server 10.0.2.12 80 { TCP_CHECK { connect_timeout 1 } }
	ip_family inet6
}
virtual_server 10.0.1.103 80 {
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	protocol TCP
$rs103
}
EOF
}

ln_ipvs() { ipvsadm -Ln | ipvs_norm "$LN_KEEP"; }
# ln_clear: the services of this run only (2.2.7 may leave some behind;
# 10.9.9.9 of the smoke run stays)
ln_clear() {
	local a f
	for a in 100 101 102 103 110 111 120 130; do ipvsadm -D -t 10.0.1.$a:80 2>/dev/null; done
	for f in 30 31 41; do ipvsadm -D -f $f 2>/dev/null; done
	return 0
}

# lvsnors_one D: one daemon (ours | ref) through start and reload
lvsnors_one() {
	local d=$1 bin=$KA
	[ "$d" = ref ] && bin=$LN_REF
	KA_NAME=lvsnors_$d
	ln_clear
	ln_conf start >$W/lvsnors.conf
	"$bin" -n -l -D -C -f $W/lvsnors.conf -p $W/ln.pid -c $W/lnck.pid >$W/$KA_NAME.log 2>&1 &
	KA_PID=$!
	wait_for 20 eval "ipvs_has 'TCP  10.0.1.100:80' 10.0.2.11:80 && ipvs_has 'TCP  10.0.1.103:80' 10.0.2.12:80 && ipvs_has 'TCP  10.0.1.130:80' 10.0.2.12:80 && ipvs_has 'TCP  10.0.1.110:80' 10.0.2.11:80 && ipvs_has 'FWM  31' 10.0.2.12:80"
	wait_stable 10 ln_ipvs
	ln_ipvs >$W/ln_${d}_start.ipvs
	ln_conf reload >$W/lvsnors.conf
	kill -HUP $KA_PID
	wait_for 20 eval "! ipvsadm -Ln | grep -q '10\.0\.1\.103:80'"
	wait_stable 10 ln_ipvs
	ln_ipvs >$W/ln_${d}_reload.ipvs
	ka_stop
	ln_clear
}

run_lvsnors() {
	if [ ! -x $LN_REF ]; then
		fail lvsnors "no $LN_REF to compare with"
		return
	fi
	local d p
	for d in ours ref; do lvsnors_one $d; done
	for p in start reload; do
		echo "--- ipvsadm -Ln after $p (2.2.7)"
		cat $W/ln_ref_$p.ipvs
		check lvsnors_ipvs_${p}_same_as_2.2.7 diff $W/ln_ours_$p.ipvs $W/ln_ref_$p.ipvs
	done
	check lvsnors_no_rs_not_installed eval "! grep -qE '10\.0\.1\.10[12]:|10\.0\.1\.120:|FWM +30 ' $W/ln_ref_start.ipvs"
	check lvsnors_vsg_first_with_entries eval "grep -q '10\.0\.1\.110:80' $W/ln_ref_start.ipvs && ! grep -qE '10\.0\.1\.111:|FWM +41 ' $W/ln_ref_start.ipvs"
	check lvsnors_reload_removes_emptied eval "grep -q '10\.0\.1\.103:80' $W/ln_ref_start.ipvs && ! grep -q '10\.0\.1\.103:80' $W/ln_ref_reload.ipvs"
	cp $W/ln_*.ipvs $W/lvsnors_*.log "${KA_RESULTS:-/tmp}/" 2>/dev/null || true
}
