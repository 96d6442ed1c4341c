#!/usr/bin/env bash
# check_types: PING_CHECK, DNS_CHECK, SMTP_CHECK and FILE_CHECK against live
# and dead targets, seen through notify_up/notify_down scripts and the USR1
# dump; the checker's lines in the global notify_fifo, its script started
# by the checker without VRRP (d) and by the VRRP child only (d2).
# The checker runs without IPVS (the host kernel has none): the checks and
# their verdicts are what is tested here; IPVS itself is tested in test/vm.
#
#   d  (director, $KT_NET.1): keepalived-ng -C
#   s  (server,   $KT_NET.2): answers pings, dnsmasq (example.test), an SMTP
#                             responder on 2525 and a refusing one on 2526
#   $KT_NET.99: nobody (pings and queries go unanswered)
#   d2 ($KT_NET.3): a second checker whose netns allows ping sockets
#                   (net.ipv4.ping_group_range), the other uses raw sockets
. "$(dirname "$0")/../lib/netns.sh"
kt_init
require_checker_runs
require_cmd dnsmasq nft

lab_lan dir:1 srv:2 dir2:3
S=$(kt_ns srv)
# every ICMP error the server sends is sent: with the kernel's default rate
# limit (one per second) a dead DNS server's port unreachable was now and
# then suppressed and its check saw "no DNS answer" instead (one run of 194)
ip netns exec "$S" sysctl -qw net.ipv4.icmp_ratelimit=0
D2=$(kt_ns dir2)
ip -n "$S" addr add fd00:99::2/64 dev eth0 nodad
ip -n "$(kt_ns dir)" addr add fd00:99::1/64 dev eth0 nodad
EV="$KT_TMP/events"
: >"$EV"
chmod 666 "$EV"

step "servers in s: dnsmasq, a good and a bad SMTP responder"
dns_start() {
	ip netns exec "$S" dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts \
		--bind-interfaces --listen-address="$KT_NET.2" --port=53 --address=/example.test/10.9.9.9 \
		--user=root --pid-file="$KT_TMP/dnsmasq.pid" >"$KT_TMP/dnsmasq.log" 2>&1 &
	DNSMASQ=$!
	KT_BGPIDS+=("$DNSMASQ")
	wait_for 10 bash -c "ip netns exec $S ss -Hlun | grep -q '$KT_NET.2:53 '" || fail "dnsmasq did not start"
}
dns_start

# smtp_responder PORT GREETING: answers HELO with 250 and QUIT with 221 (pid in SMTP_PID)
smtp_responder() {
	ip netns exec "$S" python3 - "$1" "$2" <<'PY' &
import socket, sys, threading
port, greeting = int(sys.argv[1]), sys.argv[2]
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("0.0.0.0", port))
srv.listen(16)
def serve(c):
    f = c.makefile("rwb")
    f.write((greeting + "\r\n").encode()); f.flush()
    for line in f:
        cmd = line.decode(errors="replace").strip().upper()
        if cmd.startswith("HELO"):
            f.write(b"250-smtp.test greets you\r\n250 HELP\r\n")
        elif cmd == "QUIT":
            f.write(b"221 bye\r\n"); f.flush(); break
        else:
            f.write(b"502 not implemented\r\n")
        f.flush()
    c.close()
while True:
    c, _ = srv.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
PY
	SMTP_PID=$!
	KT_BGPIDS+=("$SMTP_PID")
}
smtp_responder 2525 "220 smtp.test ESMTP ready"
SMTP_GOOD=$SMTP_PID
smtp_responder 2526 "554 go away"
wait_for 10 bash -c "ip netns exec $S ss -Hltn | grep -q ':2525 '" || fail "SMTP responder did not start"
wait_for 10 bash -c "ip netns exec $S ss -Hltn | grep -q ':2526 '" || fail "bad SMTP responder did not start"

# rs ADDR PORT CHECK-BLOCK: a real server that logs its transitions
rs() {
	cat <<EOF
	real_server $1 $2 {
		notify_up "/bin/sh -c 'echo UP $1:$2 \$0 >>$EV' $3"
		notify_down "/bin/sh -c 'echo DOWN $1:$2 \$0 >>$EV' $3"
		$4
	}
EOF
}
TF=$KT_TMP/tf/value
mkdir -m 700 "$KT_TMP/tf"   # root's only: the parent watches and reads it, writes init_file
# fifo_reader NAME: a notify_fifo_script that logs each start and copies
# the FIFO (its path comes as the last argument) to NAME.out
fifo_reader() {
	printf '#!/bin/sh\necho "started $$" >>%s\nexec cat "$1" >>%s\n' \
		"$KT_TMP/$1.starts" "$KT_TMP/$1.out" >"$KT_TMP/$1.sh"
	chmod 755 "$KT_TMP/$1.sh"
	echo "$KT_TMP/$1.sh"
}
mkdir -m 700 "$KT_TMP/fifo.d"   # root's only: the parent opens the FIFO for the checker
ka_conf d <<EOF
global_defs {
	router_id checker_types
	notify_fifo $KT_TMP/fifo.d/g.fifo
	notify_fifo_script $(fifo_reader gfifo)
}
track_file tf {
	file "$TF"
	weight 2
	init_file 0
}
virtual_server 10.200.0.5 80 {
	protocol TCP
	lb_algo rr
	alpha
$(rs "$KT_NET.2" 80 file "weight 10
		FILE_CHECK { track_file tf }")
$(rs "$KT_NET.3" 80 file0 "weight 10
		FILE_CHECK {
			track_file tf
			weight 0
		}")
}
virtual_server 10.200.0.1 53 {
	protocol UDP
	lb_algo rr
	delay_loop 1
	alpha
$(rs "$KT_NET.2" 53 ping4 "PING_CHECK { connect_timeout 1
 retry 0 }")
$(rs "$KT_NET.99" 53 ping_dead "PING_CHECK { connect_timeout 1
 retry 0 }")
}
virtual_server fd00:200::1 53 {
	protocol UDP
	lb_algo rr
	delay_loop 1
	alpha
$(rs fd00:99::2 53 ping6 "PING_CHECK { connect_timeout 1
 retry 0 }")
}
virtual_server 10.200.0.2 53 {
	protocol UDP
	lb_algo rr
	delay_loop 1
	alpha
$(rs "$KT_NET.2" 53 dns "DNS_CHECK { type A
 name example.test
 connect_timeout 1
 retry 0 }")
$(rs "$KT_NET.2" 54 dns_refused "DNS_CHECK { type A
 name other.invalid
 connect_port 53
 connect_timeout 1
 retry 0 }")
$(rs "$KT_NET.99" 53 dns_dead "DNS_CHECK { connect_timeout 1
 retry 0 }")
}
virtual_server 10.200.0.3 25 {
	protocol TCP
	lb_algo rr
	delay_loop 1
	alpha
$(rs "$KT_NET.2" 2525 smtp "SMTP_CHECK { helo_name checker.test
 connect_timeout 1
 retry 0 }")
$(rs "$KT_NET.2" 2526 smtp_bad "SMTP_CHECK { connect_timeout 1
 retry 0 }")
$(rs "$KT_NET.2" 25 smtp_hosts "SMTP_CHECK { retry 0
 host {
  connect_port 2525
 }
 host {
  connect_ip $KT_NET.2
  connect_port 2526
 }
 }")
}
EOF
ka_start d dir -C
ev() { grep -q "^$1 .* $2\$" "$EV"; }

step "live targets come up (alpha: only once a check passed)"
for c in ping4 ping6 dns smtp; do
	wait_for 20 ev UP "$c" || { cat "$EV"; fail "$c never came up"; }
	log "$c is up"
done

step "FILE_CHECK follows its track_file"
for c in file file0; do
	wait_for 10 ev UP "$c" || { cat "$EV"; fail "$c never came up"; }
done
[ "$(cat "$TF")" = 0 ] || fail "init_file did not create $TF with 0"
# rs_weight ADDR: the real server's (effective) weight in a fresh dump
rs_weight() { grep "^   RIP = $1, RPORT = 80, " "$(ka_dump d check)" | grep -o 'EFF WEIGHT = [0-9]*' | sed 's/EFF WEIGHT = /weight /' | head -1; }
echo 3 >"$TF"
wait_for 10 ev DOWN file0 || { cat "$EV"; fail "FILE_CHECK weight 0 did not go down on a non-zero value"; }
weight_is() { [ "$(rs_weight "$1")" = "weight $2" ]; }
wait_for 10 weight_is "$KT_NET.2" 16 ||
	{ log "weight: $(rs_weight "$KT_NET.2")"; fail "value 3 x weight 2 did not make the real server's weight 10 + 6"; }
log "value 3: file0 down, file's real server at $(rs_weight "$KT_NET.2")"
echo -1073741824 >"$TF.new" && mv "$TF.new" "$TF"
wait_for 10 ev DOWN file || { cat "$EV"; fail "value x weight <= -2147483648 did not fail the check"; }
log "value -1073741824 (x 2 = -2^31): file down"
rm -f "$TF"
for c in file file0; do
	wait_for 10 bash -c "[ \$(grep -c '^UP .* $c\$' '$EV') -ge 2 ]" || { cat "$EV"; fail "$c did not come back when the file went away"; }
done
log "file removed (reads 0): both up again"

step "the global notify_fifo gets the checker's lines (its script started by the checker: no VRRP here)"
R=$KT_NET.3
wait_for 10 grep -q "^RS \[$R\]:tcp:80 \[10.200.0.5\]:tcp:80 DOWN" "$KT_TMP/gfifo.out" ||
	{ cat "$KT_TMP/gfifo.out"; fail "no RS line in the global notify_fifo"; }
grep -q "^RS \[$R\]:tcp:80 \[10.200.0.5\]:tcp:80 UP" "$KT_TMP/gfifo.out" &&
	grep -q "^VS \[10.200.0.5\]:tcp:80 UP" "$KT_TMP/gfifo.out" ||
	{ cat "$KT_TMP/gfifo.out"; fail "no RS UP or VS UP line in the global notify_fifo"; }
[ "$(wc -l <"$KT_TMP/gfifo.starts")" = 1 ] || { cat "$KT_TMP/gfifo.starts"; fail "notify_fifo_script not started exactly once"; }
log "$(wc -l <"$KT_TMP/gfifo.out") lines read from notify_fifo by its script"

step "dead or refusing targets stay down"
holds 4 bash -c "! grep -Eq ' (ping_dead|dns_dead|dns_refused|smtp_bad|smtp_hosts)\$' '$EV'" ||
	{ cat "$EV"; fail "a dead target came up"; }
DUMP=$(ka_dump d check)
# chk_part VS RS: the "Health checkers" blocks of real server RS (ADDR:PORT)
# of virtual server VS (ADDR:PORT/PROTO): " [VS]:proto:PORT -> [RS]:proto:PORT"
chk_part() {
	local vp=${1#*:} pr; vp=${vp%/*}; pr=$(echo "${1##*/}" | tr '[:upper:]' '[:lower:]')
	awk -v h=" [${1%%:*}]:$pr:$vp -> [${2%:*}]:$pr:${2##*:}" \
		'$0 == h { on = 1; next } /^ [^ ]/ || /^-/ { on = 0 } on' "$DUMP"
}
# reason VS RS: the last result of the real server's first check
reason() { chk_part "$1" "$2" | grep -m1 '^   Last result = "' | sed 's/.*Last result = "\([^"]*\)".*/\1/'; }
# expect_reason VS RS WORDS: the last result contains WORDS (or the
# alternative after a '|')
expect_reason() {
	local r; r=$(reason "$1" "$2")
	case "$r" in *"${3%%|*}"*|*"${3#*|}"*) log "$2: $r" ;; *) cat "$DUMP"; fail "$2: last result '$r', expected '$3'" ;; esac
}
# no answer at all, or (raw socket) the ICMP host unreachable after ARP failed
expect_reason 10.200.0.1:53/UDP "$KT_NET.99:53" "no echo reply|ICMP host unreachable"
expect_reason 10.200.0.2:53/UDP "$KT_NET.2:54" "REFUSED"
expect_reason 10.200.0.3:25/TCP "$KT_NET.2:2526" "SMTP greeting 554"
chk_part 10.200.0.2:53/UDP "$KT_NET.2:53" | grep -q "^   Keepalive method = DNS_CHECK$" &&
	chk_part 10.200.0.2:53/UDP "$KT_NET.2:53" | grep -q "^   Up = yes$" ||
	{ cat "$DUMP"; fail "DNS_CHECK not UP in the dump"; }
grep -qx "   Name = example.test" "$DUMP" && grep -qx "   Type = A" "$DUMP" || { cat "$DUMP"; fail "DNS_CHECK options missing from the dump"; }
# the legacy host { } blocks: two SMTP checks on one real server, the
# second host refuses -> the server stays down with both checks listed
[ "$(chk_part 10.200.0.3:25/TCP "$KT_NET.2:25" | grep -c '^   Keepalive method = SMTP_CHECK$')" = 2 ] ||
	{ cat "$DUMP"; fail "host { } blocks did not make two SMTP checks"; }
ka_logged d "IPv4 echo through a raw socket" || fail "no raw socket used for IPv4 pings"

step "targets that die go down"
ip netns exec "$S" nft -f - <<'EOF'
table inet kt {
	chain in {
		type filter hook input priority 0;
		icmp type echo-request drop
		icmpv6 type echo-request drop
	}
}
EOF
kill "$DNSMASQ"
kill "$SMTP_GOOD"
for c in ping4 ping6 dns smtp; do
	wait_for 20 ev DOWN "$c" || { cat "$EV"; fail "$c never went down"; }
	log "$c is down"
done
DUMP=$(ka_dump d check)
expect_reason 10.200.0.2:53/UDP "$KT_NET.2:53" "port unreachable"
expect_reason 10.200.0.3:25/TCP "$KT_NET.2:2525" "connect failed"

step "and come back"
ip netns exec "$S" nft delete table inet kt
dns_start
smtp_responder 2525 "220 smtp.test ESMTP ready"
for c in ping4 ping6 dns smtp; do
	wait_for 20 bash -c "[ \$(grep -c '^UP .* $c\$' '$EV') -ge 2 ]" || { cat "$EV"; fail "$c did not come back"; }
done

step "ping sockets where ping_group_range allows them; with VRRP, notify_fifo_script is the VRRP child's"
ip netns exec "$D2" sysctl -qw net.ipv4.ping_group_range="0 2147483647"
ka_conf d2 <<EOF
global_defs {
	notify_fifo $KT_TMP/g2.fifo
	notify_fifo_script $(fifo_reader g2fifo)
}
vrrp_instance CT_V {
	state BACKUP
	interface eth0
	virtual_router_id 87
	priority 100
	advert_int 1
	virtual_ipaddress {
		10.200.9.1/32
	}
}
virtual_server 10.200.0.4 80 {
	protocol TCP
	lb_algo rr
	delay_loop 1
	alpha
$(rs "$KT_NET.2" 80 d2ping "PING_CHECK { connect_timeout 1
 retry 0 }")
$(rs "$KT_NET.99" 80 d2dead "PING_CHECK { connect_timeout 1
 retry 0 }")
}
EOF
ka_start d2 dir2
wait_for 20 ev UP d2ping || { cat "$EV"; fail "ping socket check never came up"; }
ka_logged d2 "IPv4 echo through a ping \(SOCK_DGRAM\) socket" || fail "no ping socket used"
holds 3 bash -c "! grep -q ' d2dead\$' '$EV'" || fail "the dead target came up through the ping socket"
wait_for 10 grep -q "^RS \[$KT_NET.2\]:tcp:80 \[10.200.0.4\]:tcp:80 UP" "$KT_TMP/g2fifo.out" &&
	wait_for 10 grep -q '^INSTANCE "CT_V" MASTER' "$KT_TMP/g2fifo.out" ||
	{ cat "$KT_TMP/g2fifo.out"; fail "the checker's or the VRRP child's line missing from notify_fifo"; }
holds 2 test "$(wc -l <"$KT_TMP/g2fifo.starts")" = 1 ||
	{ cat "$KT_TMP/g2fifo.starts"; fail "with a VRRP child notify_fifo_script must start once (by it)"; }
ka_stop d2
ka_stop d
# the servers go quietly (no "Killed" from the shell at cleanup)
for p in "${KT_BGPIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
KT_BGPIDS=()
log "PASS"
