#!/usr/bin/env bash
# check_http: what HTTP_GET and SSL_GET decide and what they send, against
# a small HTTP/HTTPS server started by the test that logs every request:
#   * url regex (PCRE2), regex_no_match, regex_options caseless; a body
#     that changes flips the verdicts both ways;
#   * status_code as a range (a 503 accepted by 500-504, refused by the
#     default 2xx);
#   * http_protocol 1.0C and 1.1 and virtualhost on the wire (request
#     line, Connection: close, Host);
#   * fast_recovery: the urls one after the other at start (without it, one
#     per delay_loop);
#   * SSL_GET: enable_sni sends the virtual host as SNI (none without it),
#     the global SSL { certificate key ca } block's certificate is the one
#     the server sees as client certificate.
# Verdicts are seen through notify_up/notify_down scripts and the USR1
# dump (whose urls read as keepalived 2.2.7's "Checked url" lines); the checker runs with -C (no IPVS needed for the checks).
#
#   d (director, $KT_NET.1): keepalived-ng -C
#   s (server,   $KT_NET.2): HTTP on 8080, HTTPS on 8443
. "$(dirname "$0")/../lib/netns.sh"
kt_init
require_checker_runs
require_cmd openssl python3

lab_lan dir:1 srv:2
S=$(kt_ns srv)
EV="$KT_TMP/events"
REQ="$KT_TMP/requests"
BODY="$KT_TMP/degraded.txt"
: >"$EV"
: >"$REQ"
chmod 666 "$EV"
echo "status: degraded" >"$BODY"

step "certificates: a CA, the server's and the checker's client certificate"
C=$KT_TMP/pki
mkdir -p "$C"
(
	cd "$C" || exit 1
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=kt-ca -keyout ca.key -out ca.pem
	for who in server client; do
		openssl req -newkey rsa:2048 -nodes -subj "/CN=kt-$who" -keyout $who.key -out $who.csr
		openssl x509 -req -in $who.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -out $who.pem
	done
) >"$KT_TMP/openssl.log" 2>&1 || { cat "$KT_TMP/openssl.log"; fail "openssl could not make the certificates"; }
# root's files as a site has them: the key 0600, the directory 0700 (the
# checker's uid need not open them: the parent sends their contents)
chmod 600 "$C"/*.key "$C"/*.pem
chmod 700 "$C"

step "the server in s: /ok, /degraded (body from a file), /503; every request logged"
ip netns exec "$S" python3 - "$KT_NET.2" "$REQ" "$BODY" "$C" <<'PY' >"$KT_TMP/server.log" 2>&1 &
import socket, ssl, sys, threading
addr, reqlog, bodyfile, pki = sys.argv[1:5]
lock = threading.Lock()

def answer(path):
    p = path.split('?')[0]
    if p == '/ok':
        return 200, 'OK', 'all is well\n'
    if p == '/degraded':
        return 200, 'OK', open(bodyfile).read()
    if p == '/503':
        return 503, 'Service Unavailable', 'busy\n'
    return 404, 'Not Found', 'no\n'

def serve(conn, port, sni):
    try:
        conn.settimeout(3)
        data = b''
        while b'\r\n\r\n' not in data and len(data) < 8192:
            d = conn.recv(4096)
            if not d:
                break
            data += d
        head = data.split(b'\r\n\r\n')[0].decode('latin-1').split('\r\n')
        cn = '-'
        if isinstance(conn, ssl.SSLSocket):
            cert = conn.getpeercert()
            if cert:
                cn = dict(x[0] for x in cert['subject']).get('commonName', '-')
        with lock, open(reqlog, 'a') as f:
            f.write('port=%d sni=%s cn=%s | %s\n' % (port, sni.get(id(conn), '-') if sni is not None else '-',
                                                   cn, ' | '.join(head)))
        code, reason, body = answer(head[0].split(' ')[1] if len(head[0].split(' ')) > 1 else '/')
        conn.sendall(('HTTP/1.0 %d %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s'
                      % (code, reason, len(body), body)).encode())
    except Exception as e:
        print('request failed:', e, flush=True)
    finally:
        try:
            conn.close()
        except Exception:
            pass

def listener(port, ctx):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(64)
    names = {}
    if ctx:
        last = {}
        def on_sni(sock, name, c):
            names[id(sock)] = name or '-'
        ctx.sni_callback = on_sni
    while True:
        c, _ = s.accept()
        if ctx:
            try:
                c.settimeout(3)
                c = ctx.wrap_socket(c, server_side=True)
            except Exception as e:
                print('TLS handshake failed:', e, flush=True)
                c.close()
                continue
        threading.Thread(target=serve, args=(c, port, names if ctx else None), daemon=True).start()

ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(pki + '/server.pem', pki + '/server.key')
ctx.load_verify_locations(pki + '/ca.pem')
ctx.verify_mode = ssl.CERT_OPTIONAL
threading.Thread(target=listener, args=(8080, None), daemon=True).start()
threading.Thread(target=listener, args=(8443, ctx), daemon=True).start()
print('listening', flush=True)
threading.Event().wait()
PY
KT_BGPIDS+=($!)
wait_for 10 grep -q listening "$KT_TMP/server.log" || { cat "$KT_TMP/server.log"; fail "the HTTP server did not start"; }

# vs N NAME PORT CHECK: a virtual server 10.201.0.N:80 with the server as
# its one real server, logging its transitions as "UP|DOWN ... NAME"
vs() {
	cat <<EOF
virtual_server 10.201.0.$1 80 {
	protocol TCP
	lb_algo rr
	delay_loop 1
	alpha
	real_server $KT_NET.2 $3 {
		notify_up "/bin/sh -c 'echo UP \$0 >>$EV' $2"
		notify_down "/bin/sh -c 'echo DOWN \$0 >>$EV' $2"
		$4 {
			connect_timeout 2
			retry 0
			$5
		}
	}
}
EOF
}
ka_conf d <<EOF
global_defs { router_id checker_http }
SSL {
	ca $C/ca.pem
	certificate $C/client.pem
	key $C/client.key
}
$(vs 1 re_match 8080 HTTP_GET 'url { path /degraded
		regex "status: (degraded|ok)" }')
$(vs 2 re_miss 8080 HTTP_GET 'url { path /ok
		regex "degraded" }')
$(vs 3 re_nomatch_up 8080 HTTP_GET 'url { path /ok
		regex "degraded"
		regex_no_match }')
$(vs 4 re_nomatch_down 8080 HTTP_GET 'url { path /degraded
		regex "degraded"
		regex_no_match }')
$(vs 5 re_caseless 8080 HTTP_GET 'url { path /degraded
		regex "STATUS: DEGRADED"
		regex_options caseless }')
$(vs 6 st_range 8080 HTTP_GET 'url { path /503
		status_code 500-504 }')
$(vs 7 st_default 8080 HTTP_GET 'url { path /503 }')
$(vs 8 p10c 8080 HTTP_GET 'http_protocol 1.0C
		virtualhost www.example.test
		url { path /ok?c=p10c }')
$(vs 9 p11 8080 HTTP_GET 'http_protocol 1.1
		url { path /ok?c=p11 }')
$(vs 10 sni 8443 SSL_GET 'enable_sni
		virtualhost sni.example.test
		url { path /ok?c=sni }')
$(vs 11 nosni 8443 SSL_GET 'virtualhost nosni.example.test
		url { path /ok?c=nosni }')
$(vs 12 fr 8080 HTTP_GET 'delay_loop 30
		warmup 0
		fast_recovery
		url { path /ok?c=fr1 }
		url { path /ok?c=fr2 }
		url { path /ok?c=fr3 }')
$(vs 13 nofr 8080 HTTP_GET 'delay_loop 30
		warmup 0
		url { path /ok?c=nofr1 }
		url { path /ok?c=nofr2 }
		url { path /ok?c=nofr3 }')
EOF
ka_start d dir -C
ev() { grep -q "^$1 $2\$" "$EV"; }
n_ev() { grep -c "^$1 $2\$" "$EV"; }

step "checks that pass come up (alpha: only once a check passed)"
for c in re_match re_nomatch_up re_caseless st_range p10c p11 sni nosni; do
	wait_for 20 ev UP "$c" || { cat "$EV"; cat "$KT_TMP/server.log"; fail "$c never came up"; }
done
log "up: regex, regex_no_match, caseless, status range, 1.0C, 1.1, SNI, no SNI"

step "fast_recovery: three urls checked one after the other at start, not one per delay_loop (30 s)"
wait_for 20 ev UP fr || { cat "$EV"; fail "fast_recovery: not up after its three urls"; }
for u in fr1 fr2 fr3; do grep -q "GET /ok?c=$u " "$REQ" || { cat "$REQ"; fail "fast_recovery: url $u not asked"; }; done
# without it the second url waits for delay_loop
wait_for 10 grep -q "GET /ok?c=nofr1 " "$REQ" || { cat "$REQ"; fail "without fast_recovery: the first url not asked"; }
holds 2 bash -c "! grep -q '^UP nofr\$' '$EV' && ! grep -q 'GET /ok?c=nofr2 ' '$REQ'" ||
	{ cat "$EV"; fail "without fast_recovery the urls did not wait for delay_loop"; }
log "fast_recovery up after its three urls; without it only the first url was asked"

step "checks that fail stay down"
holds 3 bash -c "! grep -Eq '^UP (re_miss|re_nomatch_down|st_default)\$' '$EV'" ||
	{ cat "$EV"; fail "a failing check came up"; }
DUMP=$(ka_dump d check)
# reason N: the last result of the check on 10.201.0.N:80's real server
reason() {
	awk -v v=" [10.201.0.$1]:tcp:80 -> " 'index($0, v) == 1 { on = 1; next } /^ [^ ]/ || /^-/ { on = 0 } on' "$DUMP" |
		grep -m1 '^   Last result = "' | sed 's/.*Last result = "\([^"]*\)".*/\1/'
}
expect_reason() {
	local r; r=$(reason "$1")
	case "$r" in *"$2"*) log "10.201.0.$1: $r" ;; *) cat "$DUMP"; fail "10.201.0.$1: last result '$r', expected '$2'" ;; esac
}
expect_reason 2 "did not match"
expect_reason 4 "matched (regex_no_match)"
expect_reason 7 "HTTP status 503"
# each url as keepalived 2.2.7 dumps it: "Checked url", the status codes as ranges
url_block() {
	awk -v v=" [10.201.0.$1]:tcp:80 -> " 'index($0, v) == 1 { on = 1; next } /^ [^ ]/ || /^-/ { on = 0 } on' "$DUMP" |
		sed -n '/^   Checked url = /,/^   [^ ]/p' | grep -v '^   [^ C]'
}
expect_url() {
	local got; got=$(url_block "$1")
	[ "$got" = "$2" ] || { cat "$DUMP"; fail "10.201.0.$1: url dump
$got
expected
$2"; }
}
expect_url 6 "   Checked url = /503
     HTTP Status Code(s)
       500-504"
expect_url 7 "   Checked url = /503
     HTTP Status Code(s)
       200-299
     Failed"
expect_url 2 '   Checked url = /ok
     HTTP Status Code(s)
       200-299
     Regex = "degraded"
     Regex options:
     Failed'
# regex_options as 2.2.7 names them on its "Regex options:" line
url_block 5 | grep -qx '     Regex options: caseless' || { cat "$DUMP"; fail "10.201.0.5: no 'Regex options: caseless' line"; }

step "what went on the wire"
# req NAME: the logged request of the check tagged ?c=NAME
req() { grep -m1 "GET /ok?c=$1 " "$REQ"; }
r=$(req p10c)
case "$r" in
*"| GET /ok?c=p10c HTTP/1.0 |"*"| Connection: close "*"| Host: www.example.test") log "1.0C: $r" ;;
*) cat "$REQ"; fail "http_protocol 1.0C with virtualhost: request '$r'" ;;
esac
r=$(req p11)
case "$r" in
*"| GET /ok?c=p11 HTTP/1.1 |"*"| Connection: close "*"| Host: $KT_NET.2:8080") log "1.1: $r" ;;
*) cat "$REQ"; fail "http_protocol 1.1: request '$r'" ;;
esac
r=$(grep -m1 "GET /ok HTTP/1.0" "$REQ")
case "$r" in
*"Connection:"*) cat "$REQ"; fail "default http_protocol 1.0 sent Connection: '$r'" ;;
*"| GET /ok HTTP/1.0 |"*) log "1.0 (default): $r" ;;
*) cat "$REQ"; fail "no default HTTP/1.0 request" ;;
esac
r=$(req sni)
case "$r" in
"port=8443 sni=sni.example.test cn=kt-client |"*"| Host: sni.example.test") log "SSL_GET enable_sni: $r" ;;
*) cat "$REQ"; fail "enable_sni / client certificate: request '$r'" ;;
esac
r=$(req nosni)
case "$r" in
"port=8443 sni=- cn=kt-client |"*"| Host: nosni.example.test") log "SSL_GET without enable_sni: $r" ;;
*) cat "$REQ"; fail "SSL_GET without enable_sni: request '$r'" ;;
esac

step "the body changes: regex and regex_no_match verdicts flip"
echo "status: fine" >"$BODY.new" && mv "$BODY.new" "$BODY"
for c in re_match re_caseless; do
	wait_for 15 ev DOWN "$c" || { cat "$EV"; fail "$c did not go down when the body stopped matching"; }
done
wait_for 15 ev UP re_nomatch_down || { cat "$EV"; fail "regex_no_match did not come up when the body stopped matching"; }
echo "status: ok (was degraded)" >"$BODY.new" && mv "$BODY.new" "$BODY"
wait_for 15 bash -c "[ \$(grep -c '^UP re_match\$' '$EV') -ge 2 ]" || { cat "$EV"; fail "re_match did not come back"; }
wait_for 15 ev DOWN re_nomatch_down || { cat "$EV"; fail "regex_no_match did not go down on a matching body"; }
holds 2 bash -c "[ \$(grep -c '^UP re_caseless\$' '$EV') = 1 ]" || { cat "$EV"; fail "re_caseless came back on a body it does not match"; }
log "events: $(tr '\n' ' ' <"$EV")"

ka_stop d
for p in "${KT_BGPIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
log_result
