#!/bin/bash
# checker_memory_guest.sh - runs inside the IPVS VM (bench/checker_memory.sh):
# the resident memory of keepalived-ng and of keepalived 2.2.7 (parent +
# checker) with the same configuration of N real servers, one after the
# other. Prints "ours: ..." / "keepalived: ..." / a ratio line.
set -u
N=${1:-10000}
PER_VS=${2:-100}
KA=${KEEPALIVED:?}
REF=/usr/sbin/keepalived
W=/tmp/kamem
mkdir -p $W

# every real server answers: port 80 on any 10.240.0.0/16 address
ip link set lo up
ip route add local 10.240.0.0/16 dev lo
sysctl -qw net.core.somaxconn=4096
python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 80))
s.listen(4096)
while True:
    c, _ = s.accept()
    c.close()
' &
HTTPD=$!

{
	for ((k = 0; k < N; k++)); do
		if [ $((k % PER_VS)) = 0 ]; then
			[ $k = 0 ] || echo "}"
			echo "virtual_server 10.250.$((k / PER_VS / 250)).$((k / PER_VS % 250 + 1)) 80 {"
			echo "	lvs_sched rr"
			echo "	lvs_method NAT"
			echo "	protocol TCP"
			echo "	delay_loop 30"
		fi
		echo "	real_server 10.240.$((k / 250)).$((k % 250 + 1)) 80 {"
		echo "		TCP_CHECK {"
		echo "			connect_timeout 3"
		echo "		}"
		echo "	}"
	done
	echo "}"
} >$W/mem.conf

# rss_kb PID...: VmRSS summed (kB)
rss_kb() {
	local t=0 p v
	for p in "$@"; do
		v=$(awk '/^VmRSS:/ { print $2 }' /proc/$p/status 2>/dev/null)
		t=$((t + ${v:-0}))
	done
	echo $t
}

# measure NAME BINARY EXTRA-ARGS...: start, let it settle, print the RSS
measure() {
	local name=$1 bin=$2; shift 2
	rm -f $W/p.pid $W/c.pid
	ipvsadm -C
	"$bin" -n -l -C -f $W/mem.conf -p $W/p.pid -c $W/c.pid "$@" >$W/$name.log 2>&1 &
	local pid=$!
	local i t0=$SECONDS installed=-1
	for i in $(seq 600); do
		# settled: every real server in IPVS
		if [ "$(ipvsadm -Ln | grep -c -- '->.*Masq')" -ge $N ]; then
			installed=$((SECONDS - t0))
			break
		fi
		sleep 1
	done
	sleep 35    # the checks' warmup is up to delay_loop: let them all run once
	local c; c=$(cat $W/c.pid 2>/dev/null)
	local rp rc dests
	rp=$(rss_kb $pid)
	rc=$(rss_kb $c)
	dests=$(ipvsadm -Ln | grep -c -- '->.*Masq')
	echo "$name: parent ${rp} kB + checker ${rc} kB = $((rp + rc)) kB (real servers in IPVS: $dests of $N, all in after ${installed} s)"
	echo "$name $((rp + rc))" >>$W/result
	if [ -n "${KA_T_MEMDEBUG:-}" ]; then
		grep -m1 'adding' $W/$name.log; grep 'adding' $W/$name.log | tail -1; grep -c 'adding' $W/$name.log
		grep -o 'failed: .*' $W/$name.log | sort | uniq -c | sort -rn | head -5
	fi
	kill -TERM $pid
	for i in $(seq 100); do kill -0 $pid 2>/dev/null || break; sleep 0.3; done
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
}

echo "checker_memory: $N real servers, $PER_VS per virtual server, TCP_CHECK delay_loop 30"
: >$W/result
measure ours "$KA"
measure keepalived "$REF" -G
awk '{ v[$1] = $2 } END { printf "RSS ratio ours/keepalived %.2f\n", v["ours"] / v["keepalived"] }' $W/result
kill $HTTPD 2>/dev/null
exit 0
