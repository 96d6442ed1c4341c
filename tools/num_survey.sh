#!/usr/bin/env bash
# tools/num_survey.sh - how ours and Debian's keepalived 2.2.7 read odd
# numbers: for every numeric keyword of the list below (CONTEXT KEYWORD, or
# a file of such lines as $1) and every value of $VALUES, a small
# keepalived.conf with that line, `-t` with both daemons in a network
# namespace of its own (eth0, eth1; made here, always deleted); one line per
# case: DIFF when the exit codes differ, then both codes and the first
# messages. Contexts: global inst script trscript trif vs rs tcp http misc
# bfd garpg. Run as root from the build tree:
#     bash tools/num_survey.sh > survey.txt; grep -c DIFF survey.txt
# (2026-12-02, compat13: 381 of 720 cases differed; 32 after the fixes -
# a bad virtual_router_id, keywords without effect here, timers over 11
# days, misc_timeout 1.5, quoted "" - see doc/HACKING.md, Configuration;
# compat14: 6, a bad virtual_router_id, refused on purpose. vrrpparity15,
# VALUES=_ over every global_defs, vrrp_instance and vrrp_script keyword:
# left only 2.2.7 exit 2 / ours 4 - both stop - and keywords of ours.)
# VALUES=_ with a file of every keyword (CONTEXT KEYWORD lines) surveys
# the keywords given without their value.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
OURS=${KEEPALIVED:-$TOP/keepalived/keepalived}
DEB=${DEB_KEEPALIVED:-/usr/sbin/keepalived}
VALUES=${VALUES:-'5 10abc 0x10 1.5 -1 +5 99999999999 "" "_5"'}   # _ = a space
D=$(mktemp -d /tmp/num_survey.XXXXXX)
NS=num_survey$$
ip netns add $NS || exit 1
trap 'ip netns del $NS; rm -rf "$D"' EXIT
for i in eth0 eth1; do
	ip -n $NS link add $i type veth peer name p$i && ip -n $NS link set $i up
done
ip -n $NS addr add 192.0.2.5/24 dev eth0
# mk CONTEXT KEYWORD VALUE: the file
mk() { # ctx kw val
	local ctx=$1 kw=$2 val=$3 g="" i="" s="" vs="" rs="" ck="" tr="" bfd="" sg="" gg=""
	case $ctx in
	global) g="$kw $val";;
	inst) i="$kw $val";;
	script) s="$kw $val";;
	trscript) tr="chk weight $val";;
	trif) i="track_interface {
 eth1 weight $val
}";;
	vs) vs="$kw $val";;
	rs) rs="$kw $val";;
	tcp) ck="TCP_CHECK {
 $kw $val
}";;
	http) ck="HTTP_GET {
 url {
  path /
  $kw
 }
}"; [ "${kw% *}" = status_code ] || ck="HTTP_GET {
 url {
  path /
 }
 $kw $val
}"; [ "${kw% *}" = status_code ] && ck="${ck/status_code/status_code $val}";;
	misc) ck="MISC_CHECK {
 misc_path /bin/true
 $kw $val
}";;
	bfd) bfd="bfd_instance b1 {
 neighbor_ip 192.0.2.9
 $kw $val
}";;
	garpg) gg="garp_group {
 interface eth0
 $kw $val
}";;
	esac
	cat <<EOC
global_defs {
 script_user root
 enable_script_security
 $g
}
$bfd
$gg
vrrp_script chk {
 script /bin/true
 $s
}
vrrp_instance VI_1 {
 state BACKUP
 interface eth0
 virtual_router_id 51
 priority 100
 $i
 track_script {
  ${tr:-chk}
 }
 virtual_ipaddress {
  192.0.2.1
 }
}
virtual_server 192.0.2.100 80 {
 lb_algo rr
 lb_kind NAT
 protocol TCP
 $vs
 real_server 192.0.2.10 80 {
  $rs
  $ck
 }
}
EOC
}
KEYWORDS='
global smtp_connect_timeout
global vrrp_garp_master_delay
global vrrp_garp_master_repeat
global vrrp_garp_master_refresh
global vrrp_garp_master_refresh_repeat
global vrrp_garp_lower_prio_delay
global vrrp_garp_lower_prio_repeat
global vrrp_garp_interval
global vrrp_gna_interval
global vrrp_version
global vrrp_priority
global checker_priority
global vrrp_rt_priority
global vrrp_rlimit_rttime
global vrrp_down_timer_adverts
global vrrp_startup_delay
global max_auto_priority
global min_auto_priority_delay
global startup_script_timeout
global vrrp_netlink_cmd_rcv_bufs
global nftables_priority
global vrrp_min_garp
global reload_repeat
inst virtual_router_id
inst priority
inst advert_int
inst garp_master_delay
inst garp_master_repeat
inst garp_master_refresh
inst garp_master_refresh_repeat
inst garp_lower_prio_delay
inst garp_lower_prio_repeat
inst preempt_delay
inst down_timer_adverts
inst kernel_rx_buf_size
inst version
inst mcast_ttl
script interval
script timeout
script weight
script rise
script fall
trscript weight
trif weight
vs delay_loop
vs persistence_timeout
vs quorum
vs hysteresis
vs retry
vs delay_before_retry
vs warmup
vs connect_timeout
rs weight
rs retry
rs delay_before_retry
rs connect_timeout
rs warmup
rs delay_loop
rs uthreshold
rs lthreshold
tcp connect_port
tcp connect_timeout
tcp retry
tcp delay_before_retry
tcp warmup
tcp delay_loop
http connect_timeout
http retry
http delay_before_retry
http status_code
misc misc_timeout
bfd min_rx
bfd min_tx
bfd idle_tx
bfd multiplier
bfd ttl
bfd max_hops
bfd weight
garpg garp_interval
garpg gna_interval
'
if [ $# -gt 0 ]; then list=$(cat "$1"); else list=$KEYWORDS; fi
while read -r ctx kw; do
	[ -z "$ctx" ] && continue
	for v in $VALUES; do
		v=${v//_/ }
		f=$D/$ctx-${kw// /_}-$(echo "$v" | tr -c 'a-zA-Z0-9.+\n-' '_').conf
		mk "$ctx" "$kw" "$v" >"$f"
		a=0; timeout 10 ip netns exec $NS "$DEB" -t -f "$f" >"$f.ka" 2>&1 || a=$?
		o=0; timeout 10 ip netns exec $NS "$OURS" -t -f "$f" >"$f.ours" 2>&1 || o=$?
		m=$(sed "s#$f##g" "$f.ours" | grep -v -i "script_user\|enable_script\|security" | head -2 | tr '\n' '|' | cut -c1-150)
		k=$(sed "s#$f##g" "$f.ka" | grep -iv "script_user\|security\|executable" | head -2 | tr '\n' '|' | cut -c1-150)
		flag=""; [ "$a" != "$o" ] && flag="DIFF"
		printf '%-4s %-8s %-28s %-14s ka=%s ours=%s  | ka: %s | ours: %s\n' "$flag" "$ctx" "$kw" "$v" "$a" "$o" "$k" "$m"
	done
done <<<"$list"
