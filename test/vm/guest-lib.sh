# guest-lib.sh - helpers for scenarios that run inside the IPVS VM (sourced).
#
# Topology (made by topo_setup): the guest's root namespace is the director.
#   client netns  c1 10.0.1.2/24  --veth--  c0 10.0.1.1/24 (director)
#   rsN netns     eth0 10.0.2.1N/24 --veth-- br-rs 10.0.2.1/24 (director), N=1..3
#   VIPs 10.0.1.100-103/32 on the director's lo; real servers route via 10.0.2.1.
# Each real server can run busybox httpd on :80 (pages rsN, health.html),
# a second httpd (rs3 :8080 "sorry"), openssl s_server -WWW on :443 and a
# UDP echo on :5353 (answers "rsN:" + the datagram, nothing to an empty one
# or to a single zero byte).

KA=${KEEPALIVED:-${TOP_BUILDDIR:-/work/main}/keepalived/keepalived}
W=/tmp/kavm
mkdir -p "$W"
N_PASS=0
N_FAIL=0

pass() { echo "PASS $1"; N_PASS=$((N_PASS + 1)); }
fail() { echo "FAIL $1: ${2:-}"; N_FAIL=$((N_FAIL + 1)); }
# check NAME CMD...: PASS when CMD succeeds
check() { local n=$1; shift; if "$@"; then pass "$n"; else fail "$n" "$*"; fi; }
# ka_ours: $KA is keepalived-ng (KEEPALIVED=/usr/sbin/keepalived runs the
# scenarios with Debian's keepalived 2.2.7, see doc/HACKING.md).
ka_ours() { "$KA" --help 2>&1 | grep -q -- --dump-dir; }
# ka_dump_arg: keepalived-ng's --dump-dir=$W; -G for keepalived 2.2.7, which
# dumps to $TMPDIR (run it with TMPDIR=$W)
ka_dump_arg() { if ka_ours; then echo "--dump-dir=$W"; else echo -G; fi; }
# check_ours NAME CMD...: check with keepalived-ng only (our log wording, our
# dump fields, a difference from keepalived 2.2.7 that is ours by choice);
# with another keepalived it prints "NOT CHECKED NAME" and counts nothing.
check_ours() {
	if ka_ours; then check "$@"; else echo "NOT CHECKED $1 (keepalived-ng's)"; fi
}
# wait_for SECONDS CMD...: poll CMD every 0.3 s
wait_for() {
	local t=$1; shift
	local end=$((SECONDS + t))
	while [ $SECONDS -lt $end ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.3
	done
	"$@" >/dev/null 2>&1
}

topo_setup() {
	sysctl -qw net.ipv4.ip_forward=1
	sysctl -qw net.ipv4.vs.expire_nodest_conn=1 2>/dev/null || true
	ip link add br-rs type bridge
	ip addr add 10.0.2.1/24 dev br-rs
	ip link set br-rs up
	ip netns add client
	ip link add c0 type veth peer name c1
	ip link set c1 netns client
	ip addr add 10.0.1.1/24 dev c0
	ip link set c0 up
	ip -n client addr add 10.0.1.2/24 dev c1
	ip -n client link set c1 up
	ip -n client link set lo up
	ip -n client route add default via 10.0.1.1
	for v in 100 101 102 103; do ip addr add 10.0.1.$v/32 dev lo; done
	for i in 1 2 3; do
		ip netns add rs$i
		ip link add rs${i}h type veth peer name rs${i}g
		ip link set rs${i}g netns rs$i
		ip link set rs${i}h master br-rs up
		ip -n rs$i link set rs${i}g name eth0
		ip -n rs$i addr add 10.0.2.1$i/24 dev eth0
		ip -n rs$i link set eth0 up
		ip -n rs$i link set lo up
		ip -n rs$i route add default via 10.0.2.1
		mkdir -p $W/www$i
		echo "rs$i" >$W/www$i/index.html
		echo ok >$W/www$i/health.html
	done
	mkdir -p $W/sorry
	echo sorry >$W/sorry/index.html
}

# httpd_start N [PORT [DIR]] / httpd_stop N [PORT]
httpd_start() {
	local n=$1 port=${2:-80} dir=${3:-$W/www$1}
	ip netns exec rs$n busybox httpd -f -p $port -h "$dir" &
	echo $! >$W/httpd.$n.$port
	wait_for 5 ip netns exec rs$n bash -c "echo >/dev/tcp/127.0.0.1/$port"
}
httpd_stop() {
	local f=$W/httpd.$1.${2:-80}
	[ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null
	rm -f "$f"
	sleep 0.2
}

# TLS server with a self-signed certificate, serving $W/www$N
ssl_start() {
	local n=$1
	[ -f $W/cert.pem ] || openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=rs \
		-keyout $W/key.pem -out $W/cert.pem >/dev/null 2>&1
	(cd $W/www$n && exec ip netns exec rs$n openssl s_server -accept 443 -cert $W/cert.pem \
		-key $W/key.pem -WWW -quiet) >/dev/null 2>&1 &
	echo $! >$W/ssl.$n
	wait_for 8 ip netns exec rs$n bash -c "echo >/dev/tcp/127.0.0.1/443"
}
ssl_stop() { [ -f $W/ssl.$1 ] && kill "$(cat $W/ssl.$1)" 2>/dev/null; rm -f $W/ssl.$1; sleep 0.2; }

udp_echo_start() {
	ip netns exec rs$1 python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", 5353))
while True:
    d, a = s.recvfrom(2048)
    if d and d != b"\x00":
        s.sendto(b"rs'$1':" + d, a)
' &
	echo $! >$W/udp.$1
	wait_for 5 bash -c "ip netns exec rs$1 ss -Hlun | grep -q ':5353 '"
}
udp_echo_stop() { [ -f $W/udp.$1 ] && kill "$(cat $W/udp.$1)" 2>/dev/null; rm -f $W/udp.$1; sleep 0.2; }

# tcp_echo_start N PORT / tcp_echo_stop N: a TCP echo server in rsN
# (answers each line with "rsN:" + the line)
tcp_echo_start() {
	ip netns exec rs$1 python3 -c '
import socket, threading
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", '$2'))
s.listen(16)
def serve(c):
    f = c.makefile("rwb")
    for line in f:
        f.write(b"rs'$1':" + line)
        f.flush()
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
' &
	echo $! >$W/tcpecho.$1
	wait_for 5 bash -c "ip netns exec rs$1 ss -Hltn | grep -q ':$2 '"
}
tcp_echo_stop() { [ -f $W/tcpecho.$1 ] && kill "$(cat $W/tcpecho.$1)" 2>/dev/null; rm -f $W/tcpecho.$1; }

# long_conn_start ADDR PORT: one TCP connection from the client that stays
# open; long_conn_poke N makes it send "N" and log "N ok <reply>" (or
# "N failed ...") to $W/longconn.out; long_conn_stop closes it.
long_conn_start() {
	rm -f $W/longconn.out $W/longconn.in
	mkfifo $W/longconn.in
	ip netns exec client python3 -c '
import socket, sys
c = socket.create_connection(("'$1'", '$2'), timeout=5)
f = c.makefile("rwb")
out = open("'$W'/longconn.out", "a", buffering=1)
def one(n):
    try:
        f.write(n.encode() + b"\n"); f.flush()
        r = f.readline().decode().strip()
        out.write("%s ok %s\n" % (n, r) if r else "%s failed: closed\n" % n)
    except Exception as e:
        out.write("%s failed: %s\n" % (n, e))
one("1")
for line in open("'$W'/longconn.in"):
    one(line.strip())
' &
	echo $! >$W/longconn.pid
	exec 7>$W/longconn.in
}
long_conn_poke() { echo "$1" >&7; }
long_conn_stop() { exec 7>&-; kill "$(cat $W/longconn.pid)" 2>/dev/null; rm -f $W/longconn.in; }

# A request from the client: prints the body.
get() { ip netns exec client curl -s -m 3 "$@"; }

# ka_start NAME CONF [ARGS...]: run keepalived in the foreground, log in $W/NAME.log
ka_start() {
	KA_NAME=$1
	cp "$2" $W/$1.conf
	shift 2
	TMPDIR=$W "$KA" -n -l -D -f $W/$KA_NAME.conf -p $W/ka.pid -c $W/ck.pid -r $W/vr.pid "$(ka_dump_arg)" \
		"$@" >$W/$KA_NAME.log 2>&1 &
	KA_PID=$!
}
ka_stop() {
	kill -TERM $KA_PID 2>/dev/null
	local i
	for i in $(seq 1 50); do kill -0 $KA_PID 2>/dev/null || break; sleep 0.2; done
	kill -9 $KA_PID 2>/dev/null
	wait $KA_PID 2>/dev/null
	cp $W/$KA_NAME.log "${KA_RESULTS:-/tmp}/" 2>/dev/null || true
}
ka_log_has() { grep -q -- "$1" $W/$KA_NAME.log; }

# ipvs_has SVC DEST [WEIGHT]: SVC like "TCP  10.0.1.100:80", DEST like 10.0.2.11:80
# (the table of netns $IPVS_NS when it is set, else the director's)
ipvs_section() {
	${IPVS_NS:+ip netns exec $IPVS_NS} ipvsadm -Ln | awk -v s="$1" '
		/^(TCP|UDP|SCTP|FWM)/ { on = (index($0, s) == 1) ; next }
		on { print }'
}
ipvs_has() {
	local line
	line=$(ipvs_section "$1" | grep -F -- "-> $2 ") || return 1
	[ -z "${3:-}" ] || [ "$(echo "$line" | awk '{print $4}')" = "$3" ]
}
ipvs_lacks() { ! ipvs_has "$1" "$2"; }
ipvs_svc_present() { ipvsadm -Ln | grep -q "^$1"; }

# ipvs_norm [REGEX]: `ipvsadm -Ln` read on stdin, normalised to compare
# two daemons' tables: each service line with single spaces, its real
# servers as "  -> ADDR:PORT FORWARD WEIGHT" (no counters), both sorted;
# with REGEX only the services whose line matches it (Python re.search)
ipvs_norm() {
	python3 -c '
import sys, re
keep = sys.argv[1] if len(sys.argv) > 1 else ""
blocks, cur = [], None
for l in sys.stdin:
    l = l.rstrip("\n")
    if re.match(r"^(TCP|UDP|SCTP|FWM)", l):
        cur = [" ".join(l.split()), []]
        blocks.append(cur)
    elif cur is not None and l.strip().startswith("->"):
        cur[1].append(" ".join(l.split()[1:4]))
for svc, dests in sorted(b for b in blocks if re.search(keep, b[0])):
    print(svc)
    for d in sorted(dests):
        print("  -> " + d)
' "$@"
}

# wait_stable SECONDS CMD...: until CMD prints the same three times in a
# row, a second apart (a table that settled), SECONDS at the most
wait_stable() {
	local end=$((SECONDS + $1)) n=0 a b
	shift
	a=$("$@")
	while [ $SECONDS -lt $end ] && [ $n -lt 3 ]; do
		sleep 1
		b=$("$@")
		if [ "$a" = "$b" ]; then n=$((n + 1)); else n=0; a=$b; fi
	done
}

# sort_phases FILE: FILE's lines sorted within each phase, a phase ending
# at a "--- NAME" line (scripts that run concurrently write in any order)
sort_phases() {
	python3 -c '
import sys
out, cur = [], []
for l in open(sys.argv[1]):
    if l.startswith("--- "):
        out += sorted(cur) + [l]
        cur = []
    else:
        cur.append(l)
sys.stdout.write("".join(out + sorted(cur)))
' "$1"
}

# distinct answers over N requests
spread() {
	local url=$1 n=${2:-6} i
	for i in $(seq 1 $n); do get "$url"; done | sort -u | tr '\n' ' '
}

summary() {
	echo "$N_PASS passed, $N_FAIL failed"
	[ $N_FAIL = 0 ]
}
