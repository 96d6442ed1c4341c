#!/usr/bin/env bash
# rs_init_notifies (global_defs, keepalived 2.2): a real server that starts
# up alive runs its notify_up and is written to lvs_notify_fifo - at start,
# and when a reload adds it; without the keyword nothing is announced until
# a server changes state. Real servers taken over by a reload are not
# announced again. The checker runs without IPVS (the host kernel has none).
#
#   d (director, $KT_NET.1): keepalived-ng -C
#   s (server,   $KT_NET.2): listens on 8080 (and 8082 later); 8081 is closed
. "$(dirname "$0")/../lib/netns.sh"
kt_init
require_checker_runs

lab_lan dir:1 srv:2
S=$(kt_ns srv)
# listen PORT: accept and close connections on PORT in s
listen() {
	ip netns exec "$S" python3 -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", int(sys.argv[1]))); s.listen(64)
while True:
    c, _ = s.accept(); c.close()' "$1" &
	KT_BGPIDS+=($!)
	wait_for 10 bash -c "ip netns exec $S ss -Hltn | grep -q ':$1 '" || fail "the listener on $1 did not start"
}
listen 8080
EV="$KT_TMP/events"
: >"$EV"
# the FIFO's reader (keepalived passes the FIFO's path as the last argument)
printf '#!/bin/sh\nexec cat "$1" >>%s\n' "$KT_TMP/fifo.out" >"$KT_TMP/fifo_reader.sh"
chmod 755 "$KT_TMP/fifo_reader.sh"

# conf INIT EXTRA_PORT: one virtual server, real servers on 8080 (up), 8081 (down)
conf() {
	ka_conf d <<EOF
global_defs {
	router_id rs_init
	$1
	lvs_notify_fifo $KT_TMP/lvs.fifo
	lvs_notify_fifo_script $KT_TMP/fifo_reader.sh
}
virtual_server 10.200.0.5 80 {
	protocol TCP
	lb_algo rr
	delay_loop 1
$(for p in 8080 8081 $2; do cat <<RS
	real_server $KT_NET.2 $p {
		notify_up "/bin/sh -c 'echo UP $p >>$EV'"
		notify_down "/bin/sh -c 'echo DOWN $p >>$EV'"
		TCP_CHECK {
			connect_timeout 1
			retry 0
		}
	}
RS
done)
}
EOF
}
ups() { grep -c "^UP $1\$" "$EV"; }

step "without rs_init_notifies: only the server that fails is announced"
conf "" ""
ka_start d dir -C
wait_for 30 grep -q '^DOWN 8081$' "$EV" || fail "8081 was never reported down: $(cat "$EV")"
sleep 2   # scripts run asynchronously: give a wrong UP line time to appear
[ "$(ups 8080)" = 0 ] || fail "8080 was announced up without rs_init_notifies"
ka_stop d
: >"$EV"
: >"$KT_TMP/fifo.out"

step "rs_init_notifies: the server that starts up runs notify_up and reaches the FIFO"
conf "rs_init_notifies" ""
ka_start d dir -C
wait_for 30 grep -q '^UP 8080$' "$EV" || fail "no notify_up for 8080 at start: $(cat "$EV")"
wait_for 30 grep -q '^DOWN 8081$' "$EV" || fail "8081 was never reported down"
wait_for 20 grep -Eq "^RS \[$KT_NET.2\]:tcp:8080 .* UP$" "$KT_TMP/fifo.out" ||
	fail "8080 did not reach lvs_notify_fifo: $(cat "$KT_TMP/fifo.out")"

step "a reload that adds a server on 8082 announces only the new one"
listen 8082
conf "rs_init_notifies" 8082
ka_signal d HUP
wait_for 30 grep -q '^UP 8082$' "$EV" || fail "no notify_up for 8082 added by the reload: $(cat "$EV")"
wait_for 20 ka_logged d 'reload: .* read and checked' || fail "no reload"
sleep 2
[ "$(ups 8080)" = 1 ] || fail "8080 was announced again by the reload: $(cat "$EV")"
log_result
