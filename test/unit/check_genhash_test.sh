#!/bin/bash
# check_genhash_test.sh - genhash against local servers: busybox httpd
# (HTTP) and openssl s_server -WWW (HTTPS); the digest must equal md5sum of
# the file. Skips (77) without busybox/openssl.
GENHASH=${GENHASH:-${TOP_BUILDDIR:-.}/genhash/genhash}
[ -x "$GENHASH" ] || { echo "SKIP: no $GENHASH"; exit 77; }
command -v busybox >/dev/null || { echo "SKIP: no busybox"; exit 77; }
D=$(mktemp -d)
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null; rm -rf "$D"' EXIT
head -c 100000 /dev/urandom | base64 >"$D/page.html"
want=$(md5sum <"$D/page.html" | cut -d' ' -f1)
port=$((20000 + RANDOM % 20000))
busybox httpd -f -p 127.0.0.1:$port -h "$D" &
PIDS+=($!)
pass=0 fail=0
ok() { echo "ok - $1"; pass=$((pass + 1)); }
ko() { echo "not ok - $1: $2"; fail=$((fail + 1)); }
for i in $(seq 1 20); do "$GENHASH" -s 127.0.0.1 -p $port -u /page.html >/dev/null 2>&1 && break; sleep 0.1; done
got=$("$GENHASH" -s 127.0.0.1 -p $port -u /page.html)
[ "$got" = "$want" ] && ok http_digest || ko http_digest "$got != $want"
"$GENHASH" -v -s 127.0.0.1 -p $port -u /page.html -V www.example.com | grep -q 'Host: www.example.com:' &&
	ok verbose_vhost || ko verbose_vhost "no Host line"
"$GENHASH" -s 127.0.0.1 -p 1 -u / >/dev/null 2>&1 && ko refused "exit 0" || ok refused
"$GENHASH" -s 127.0.0.1 >/dev/null 2>&1 && ko usage "exit 0" || ok usage
"$GENHASH" -r | grep -q genhash && ok release || ko release "no version"
if command -v openssl >/dev/null; then
	openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=t -keyout "$D/k.pem" -out "$D/c.pem" >/dev/null 2>&1
	sport=$((port + 1))
	(cd "$D" && exec openssl s_server -accept 127.0.0.1:$sport -cert c.pem -key k.pem -WWW -quiet) >/dev/null 2>&1 &
	PIDS+=($!)
	for i in $(seq 1 50); do "$GENHASH" -S -s 127.0.0.1 -p $sport -u /page.html >/dev/null 2>&1 && break; sleep 0.1; done
	got=$("$GENHASH" -S -s 127.0.0.1 -p $sport -u /page.html)
	[ "$got" = "$want" ] && ok https_digest || ko https_digest "$got"
fi
echo "$pass passed, $fail failed"
[ $fail = 0 ]
