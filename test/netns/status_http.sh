#!/usr/bin/env bash
# status_http: the HTTP status server of the parent.
#   * /metrics in the Prometheus text format, with the keepalived exporter's
#     names and labels (keepalived_up, keepalived_vrrp_state{iname,intf,vrid,
#     ip_address}, keepalived_advert_sent_total{iname,intf,vrid,state} ...,
#     and its names since 2020: keepalived_advertisements_sent_total{iname,
#     intf,vrid} ...),
#     real servers, checks and process metrics; every line well-formed;
#   * /status.json is the status document; / is an HTML page (parsed:
#     balanced elements, rows of the instance and the real servers with a
#     class per state, a refresh, no external asset); unknown paths 404, POST 405, a 20 KiB header 431;
#   * keepalived -t refuses a non-loopback address without status_http_auth;
#     with auth (after a reload): no or wrong credentials 401, right ones 200;
#   * a client opening 40 idle connections gets at most 8, they are closed
#     after the idle timeout, and meanwhile others are served and the VRRP
#     instance stays master;
#   * 48 connections from 6 addresses: the daemon holds at most 32 (the
#     cap), the rest wait in the kernel's listen queue;
#   * a "slow drip" client (8 connections each sending a header line every
#     2 s, never ending its request: MHD's inactivity timeout never fires)
#     is cut off once the 10 s a request may take are over; meanwhile
#     others are served.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
[ "$KT_FLAVOUR" = ng ] || skip "status_http is keepalived-ng's"
require_cmd curl

lab_lan r1:1 c1:10
R1=$(kt_ns r1) C1=$(kt_ns c1)
PORT=9650

tcp_server r1 127.0.0.1 8081   # the real server that is up

r1_conf() {   # r1_conf GLOBAL_LINES
	ka_conf r1 <<EOF
global_defs {
$1
}
$(vrrp_block VI_1 51 150)
virtual_server 127.0.0.1 80 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server 127.0.0.1 8081 {
        TCP_CHECK {
            connect_timeout 1
        }
    }
    real_server 127.0.0.1 8082 {
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
EOF
}

step "-t: a non-loopback status_http without status_http_auth is an error"
r1_conf "    status_http $KT_NET.1:$PORT"
out=$("$KEEPALIVED" -t -f "$(ka_conf_file r1)" 2>&1) && fail "-t accepted an open status page: $out"
grep -q "keepalived.conf:2: status_http $KT_NET.1:$PORT is not a loopback address" <<<"$out" || fail "no FILE:LINE: $out"
r1_conf "    status_http [::1]:$PORT"
"$KEEPALIVED" -t -f "$(ka_conf_file r1)" >/dev/null 2>&1 || fail "-t refused [::1]"

r1_conf "    status_http 127.0.0.1:$PORT"
ka_start r1 r1
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "r1 never became master"
get() { ip netns exec "$R1" curl -s -m 5 "$@"; }
rs_ok() { get "http://127.0.0.1:$PORT/metrics" >"$KT_TMP/m.txt" &&
	grep -q 'keepalived_real_server_up{[^}]*port="8081"} 1' "$KT_TMP/m.txt" &&
	grep -q 'keepalived_real_server_up{[^}]*port="8082"} 0' "$KT_TMP/m.txt"; }

step "/metrics: the exporter's names and labels, well-formed"
wait_for 30 rs_ok || { cat "$KT_TMP/m.txt"; fail "no real-server metrics"; }
M=$KT_TMP/m.txt
want() { grep -Eq "$1" "$M" || fail "no line matching: $1"; }
want '^keepalived_up 1$'
want "^keepalived_vrrp_state\\{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\",ip_address=\"$VIP\"\\} 2$"
want '^keepalived_advert_sent_total\{iname="VI_1",intf="eth0",vrid="51",state="MASTER"\} [1-9]'
want '^keepalived_become_master_total\{iname="VI_1",intf="eth0",vrid="51",state="MASTER"\} 1$'
for m in advert_rcvd release_master packet_len_err advert_interval_err ip_ttl_err invalid_type_rcvd \
	addr_list_err authtype_mismatch auth_failure pri_zero_rcvd pri_zero_sent; do
	want "^keepalived_${m}_total\\{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\",state=\"MASTER\"\\} 0$"
done
want '^keepalived_check_script_status\{iname="VI_1",intf="eth0",vrid="51",ip_address="[0-9.]+"\} 1$'
# the exporter's names since June 2020 (its Grafana dashboard's): no state label
want '^keepalived_advertisements_sent_total\{iname="VI_1",intf="eth0",vrid="51"\} [1-9]'
for m in advertisements_received packet_length_errors advertisements_interval_errors ip_ttl_errors \
	invalid_type_received address_list_errors authentication_mismatch authentication_failure \
	priority_zero_received priority_zero_sent; do
	want "^keepalived_${m}_total\\{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"\\} 0$"
done
want "^keepalived_exporter_check_script_status\\{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\",ip_address=\"$VIP\"\\} 1$"
want '^keepalived_check_duration_seconds\{[^}]*port="8081",check="TCP_CHECK"[^}]*\} [0-9.e-]+$'
want '^keepalived_check_failures_total\{[^}]*port="8082"[^}]*\} [1-9]'
want '^keepalived_real_server_weight\{virtual_server="127.0.0.1:80/TCP",address="127.0.0.1",port="8081"\} 1$'
want '^keepalived_child_up\{process="checker"\} 1$'
want '^process_resident_memory_bytes [1-9]'
want '^# TYPE keepalived_advert_sent_total counter$'
python3 - "$M" <<'PY' || fail "/metrics is not well-formed"
import re, sys
name = r'[a-zA-Z_:][a-zA-Z0-9_:]*'
label = r'[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*"'
sample = re.compile(r'^(%s)(\{%s(,%s)*\})? (-?[0-9.e+-]+|NaN|[+-]Inf)$' % (name, label, label))
typed = set()
for line in open(sys.argv[1]):
    line = line.rstrip("\n")
    if line.startswith("# TYPE "):
        n = line.split()[2]
        assert n not in typed, "TYPE twice: " + n
        typed.add(n)
    elif line.startswith("# HELP ") or not line:
        continue
    else:
        m = sample.match(line)
        assert m, "bad sample line: " + line
        assert m.group(1) in typed, "sample before its TYPE: " + line
PY

step "/status.json and the HTML page"
get "http://127.0.0.1:$PORT/status.json" >"$KT_TMP/s.json"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "keepalived-ng/status" and d["vrrp"]["instances"][0]["state"] == "MASTER"' "$KT_TMP/s.json" ||
	fail "/status.json"
get -D "$KT_TMP/h.hdr" "http://127.0.0.1:$PORT/" >"$KT_TMP/p.html"
grep -qi '^content-type: text/html' "$KT_TMP/h.hdr" || fail "/ is not text/html"
grep -q '<tr class="master"><td>VI_1</td><td>MASTER</td>' "$KT_TMP/p.html" || fail "no MASTER row for VI_1"
grep -q '<tr class="down"><td>127.0.0.1:8082</td><td>DOWN</td>' "$KT_TMP/p.html" || fail "no DOWN row for 8082"
grep -q 'http-equiv="refresh"' "$KT_TMP/p.html" || fail "no refresh"
grep -Eq '(src|href)="https?:' "$KT_TMP/p.html" && fail "the page loads external assets"
python3 - "$KT_TMP/p.html" <<'PY' || fail "the HTML page does not parse as it should"
# Parsed: elements balanced, rows by class with their cells, no external
# asset (src/href/url() off this server), a refresh.
import sys
from html.parser import HTMLParser
VOID = {"meta", "br", "hr", "img", "link", "input", "col", "wbr"}
class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.rows, self.row, self.cell, self.refresh = [], [], None, None, False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k in ("src", "href"):
            v = a.get(k) or ""
            assert not (v.startswith("http") or v.startswith("//")), "external asset: %s=%s" % (k, v)
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "refresh":
            self.refresh = True
        if tag not in VOID:
            self.stack.append(tag)
        if tag == "tr":
            self.row = (a.get("class"), [])
        elif tag in ("td", "th") and self.row is not None:
            self.cell = ""
    def handle_endtag(self, tag):
        if tag in VOID:
            return
        assert self.stack and self.stack[-1] == tag, "</%s> closes %s" % (tag, self.stack[-1:])
        self.stack.pop()
        if tag in ("td", "th") and self.row is not None and self.cell is not None:
            self.row[1].append(self.cell.strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.rows.append(self.row)
            self.row = None
    def handle_data(self, d):
        if self.cell is not None:
            self.cell += d
p = P()
text = open(sys.argv[1]).read()
p.feed(text)
p.close()
assert not p.stack, "unclosed: %s" % p.stack
assert p.refresh, "no refresh"
assert "url(http" not in text and "@import" not in text, "external CSS"
rows = {r[1][0]: r for r in p.rows if r[0] and r[1]}
assert rows["VI_1"][0] == "master" and rows["VI_1"][1][1] == "MASTER", rows.get("VI_1")
assert rows["127.0.0.1:8081"][0] == "up" and rows["127.0.0.1:8081"][1][1] == "UP", rows.get("127.0.0.1:8081")
assert rows["127.0.0.1:8082"][0] == "down" and rows["127.0.0.1:8082"][1][1] == "DOWN", rows.get("127.0.0.1:8082")
PY
code() { get -o /dev/null -w '%{http_code}' "$@"; }
[ "$(code "http://127.0.0.1:$PORT/nope")" = 404 ] || fail "unknown path not 404"
[ "$(code -X POST "http://127.0.0.1:$PORT/metrics")" = 405 ] || fail "POST not 405"
big=$(head -c 20000 /dev/zero | tr '\0' a)
[ "$(code -H "X-Big: $big" "http://127.0.0.1:$PORT/metrics")" = 431 ] || fail "a 20 KiB header was not refused with 431"

step "reload: a non-loopback address with basic authentication"
r1_conf "    status_http $KT_NET.1:$PORT
    status_http_auth admin s3cret"
ka_signal r1 HUP
url="http://$KT_NET.1:$PORT/metrics"
served() { [ "$(ip netns exec "$C1" curl -s -m 5 -o /dev/null -w '%{http_code}' -u admin:s3cret "$url")" = 200 ]; }
wait_for 20 served || fail "the right credentials are not served"
[ "$(ip netns exec "$C1" curl -s -m 5 -o /dev/null -w '%{http_code}' "$url")" = 401 ] || fail "no credentials: not 401"
[ "$(ip netns exec "$C1" curl -s -m 5 -o /dev/null -w '%{http_code}' -u admin:wrong "$url")" = 401 ] || fail "wrong password: not 401"
ip netns exec "$C1" curl -s -m 5 -D - -o /dev/null "$url" | grep -qi '^www-authenticate: basic' || fail "no WWW-Authenticate"
[ "$(code "http://127.0.0.1:$PORT/metrics")" = 000 ] || fail "the old loopback listener is still there"
step "idle connections: at most 8 per client, closed after the timeout; others still served"
ip netns exec "$C1" python3 -u - "$KT_NET.1" "$PORT" >"$KT_TMP/idle.txt" 2>&1 <<'PY' &
import socket, sys, time
host, port = sys.argv[1], int(sys.argv[2])
socks = []
for _ in range(40):
    try:
        socks.append(socket.create_connection((host, port), timeout=2))
    except OSError:
        pass
time.sleep(2)
def still_open():
    n = 0
    for s in socks:
        s.setblocking(False)
        try:
            if s.recv(1) != b"":
                n += 1
        except BlockingIOError:
            n += 1
        except OSError:
            pass
    return n
print("open after 2s:", still_open(), flush=True)
time.sleep(12)
print("open after 14s:", still_open(), flush=True)
PY
IDLE=$!
KT_BGPIDS+=($IDLE)
disown $IDLE
wait_for 10 grep -q 'open after 2s' "$KT_TMP/idle.txt" || fail "idle client: $(cat "$KT_TMP/idle.txt")"
n=$(sed -n 's/open after 2s: //p' "$KT_TMP/idle.txt")
log "idle connections kept open by the server: $n of 40"
[ "$n" -ge 1 ] && [ "$n" -le 8 ] || fail "$n idle connections from one client were kept (limit 8)"
[ "$(get -o /dev/null -w '%{http_code}' -u admin:s3cret "$url")" = 200 ] || fail "another client is not served meanwhile"
wait_for 30 grep -q 'open after 14s' "$KT_TMP/idle.txt" || fail "idle client did not finish"
[ "$(sed -n 's/open after 14s: //p' "$KT_TMP/idle.txt")" = 0 ] || fail "idle connections not closed: $(cat "$KT_TMP/idle.txt")"
ka_entered r1 MASTER 2 && fail "the instance changed state meanwhile"
has_addr "$R1" eth0 "$VIP" || fail "the master lost its VIP meanwhile"

step "connection cap: 48 connections from 6 addresses, the daemon holds at most 32"
# Beyond the cap MHD stops accepting: the rest wait in the listen queue
# (the kernel's, bounded), so the daemon's own sockets are counted here.
for i in 11 12 13 14 15; do ip -n "$C1" addr add "$KT_NET.$i/24" dev eth0 nodad 2>/dev/null || true; done
ip netns exec "$C1" python3 -u - "$KT_NET.1" "$PORT" "$KT_NET" >"$KT_TMP/cap.txt" 2>&1 <<'PY' &
import socket, sys, time
host, port, net = sys.argv[1], int(sys.argv[2]), sys.argv[3]
socks = []
for src in ["10", "11", "12", "13", "14", "15"]:
    for _ in range(8):
        try:
            socks.append(socket.create_connection((host, port), timeout=2, source_address=(net + "." + src, 0)))
        except OSError:
            pass
print("connected:", len(socks), flush=True)
time.sleep(6)
PY
CAP=$!
KT_BGPIDS+=($CAP)
disown $CAP
wait_for 10 grep -q '^connected' "$KT_TMP/cap.txt" || fail "cap client: $(cat "$KT_TMP/cap.txt")"
sleep 1
held=$(ip netns exec "$R1" ss -tnpH state established "( sport = :$PORT )" | grep -c '"keepalived"')
queued=$(ip netns exec "$R1" ss -ltnH "( sport = :$PORT )" | awk '{print $2; exit}')
log "$(cat "$KT_TMP/cap.txt"); held by the daemon: $held, waiting in the listen queue: $queued"
[ "$held" -ge 24 ] && [ "$held" -le 32 ] || fail "the daemon holds $held connections (cap 32, 8 per address)"
[ "$queued" -ge 16 ] || fail "only $queued connections wait beyond the cap"
served_again() { [ "$(get -o /dev/null -w '%{http_code}' -u admin:s3cret "$url")" = 200 ]; }
wait_for 30 served_again || fail "not served once the cap client left"

step "slow drip: a request that never ends is cut off after 10 s"
ip netns exec "$C1" python3 -u - "$KT_NET.1" "$PORT" >"$KT_TMP/drip.txt" 2>&1 <<'PY' &
import socket, sys, time
host, port = sys.argv[1], int(sys.argv[2])
socks = [socket.create_connection((host, port), timeout=2) for _ in range(8)]
for s in socks:
    s.sendall(b"GET /metrics HTTP/1.1\r\nHost: x\r\n")
    s.setblocking(False)
def is_open(s):
    try:
        return s.recv(1) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False
start = time.monotonic()
alive = set(range(8))
n = 0
while alive and time.monotonic() - start < 40:
    time.sleep(2)
    n += 1
    for i in sorted(alive):
        try:
            socks[i].send(b"X-Drip-%d: %d\r\n" % (n, n))
        except OSError:
            alive.discard(i)
            continue
        if not is_open(socks[i]):
            alive.discard(i)
    print("t=%d open=%d" % (time.monotonic() - start, len(alive)), flush=True)
print("done open=%d after %d s" % (len(alive), time.monotonic() - start), flush=True)
PY
DRIP=$!
KT_BGPIDS+=($DRIP)
disown $DRIP
drip_open() { [ "$(tail -1 "$KT_TMP/drip.txt" | sed -n 's/^t=[0-9]* open=//p')" = 8 ]; }
wait_for 10 drip_open || fail "the drip client did not get its 8 connections: $(cat "$KT_TMP/drip.txt")"
[ "$(get -o /dev/null -w '%{http_code}' -u admin:s3cret "$url")" = 200 ] || fail "another client is not served meanwhile"
wait_for 60 grep -q '^done' "$KT_TMP/drip.txt" || fail "drip client did not finish: $(cat "$KT_TMP/drip.txt")"
log "drip client: $(tail -1 "$KT_TMP/drip.txt")"
grep -q '^done open=0 ' "$KT_TMP/drip.txt" || fail "dripping connections were kept: $(cat "$KT_TMP/drip.txt")"
ka_logged r1 'status_http: closed [0-9]+ connections? that did not complete a request within 10 s' ||
	fail "no log line about the connections cut off"
[ "$(get -o /dev/null -w '%{http_code}' -u admin:s3cret "$url")" = 200 ] || fail "not served after the drip"

log_result
