#!/bin/bash
# guest-demo.sh - the load-balancing part of tools/demo.sh, run inside the
# IPVS VM by test/vm/demo.sh (the host kernel has no IPVS).
#
# The VM's root namespace is the director (guest-lib.sh's topology): a client
# namespace on one side, three real servers running busybox httpd on the
# other. keepalived-ng programs an LVS-NAT virtual server 10.0.1.100:80 with
# HTTP_GET checks; the client's requests are balanced round-robin; one real
# server's web server is stopped, the checker removes it from IPVS and the
# client only reaches the two others; it comes back and is re-added.
# Exit status 0 when every step showed what it should.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/guest-lib.sh"

say() { printf '%s\n' "$@"; }
show() { printf '  $ %s\n' "$*"; "$@" 2>&1 | sed 's/^/    /'; }
requests() {
	local i out
	printf '  $ for i in 1..6; do curl http://10.0.1.100/; done   (from the client)\n    '
	for i in 1 2 3 4 5 6; do
		out=$(get http://10.0.1.100/)
		printf '%s ' "${out:-<no answer>}"
	done
	echo
}

echo KA-DEMO-BEGIN	# test/vm/demo.sh shows what follows (not the boot)
topo_setup
for i in 1 2 3; do httpd_start $i; done

cat >$W/demo.conf <<'EOF'
virtual_server 10.0.1.100 80 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server 10.0.2.11 80 {
        HTTP_GET {
            url {
                path /health.html
                status_code 200
            }
            connect_timeout 1
            retry 1
            delay_before_retry 1
        }
    }
    real_server 10.0.2.12 80 {
        HTTP_GET {
            url {
                path /health.html
                status_code 200
            }
            connect_timeout 1
            retry 1
            delay_before_retry 1
        }
    }
    real_server 10.0.2.13 80 {
        HTTP_GET {
            url {
                path /health.html
                status_code 200
            }
            connect_timeout 1
            retry 1
            delay_before_retry 1
        }
    }
}
EOF
say "The director (this VM) runs keepalived-ng with one LVS-NAT virtual server,"
say "10.0.1.100:80, round robin over three real servers checked by HTTP_GET:"
sed 's/^/    /' $W/demo.conf | head -16
say "    ..."
# no options beyond keepalived's own: KEEPALIVED may be Debian's keepalived
KA_NAME=demo
"$KA" -n -l -D -f $W/demo.conf -p $W/ka.pid -c $W/ck.pid -r $W/vr.pid >$W/demo.log 2>&1 &
KA_PID=$!
ok=0
if ! wait_for 30 ipvs_has "TCP  10.0.1.100:80" 10.0.2.13:80; then
	say "IPVS was not programmed; keepalived's log:"
	sed 's/^/    /' $W/demo.log
	ok=1
fi
echo
say "IPVS as keepalived-ng programmed it:"
show ipvsadm -Ln
say "Each answer names the real server that served it:"
requests
[ "$(spread http://10.0.1.100/ 6)" = "rs1 rs2 rs3 " ] || ok=1

echo
say "Now rs2's web server stops. HTTP_GET fails, and after its retry the"
say "checker removes 10.0.2.12 from the virtual server:"
httpd_stop 2
if wait_for 30 ipvs_lacks "TCP  10.0.1.100:80" 10.0.2.12:80; then
	grep -h -E 'Removing|DOWN|down' $W/demo.log | tail -2 | sed 's/^/    [log] /'
	show ipvsadm -Ln
else
	say "    (the real server was not removed)"
	ok=1
fi
say "The client is served by the two others only:"
requests
[ "$(spread http://10.0.1.100/ 6)" = "rs1 rs3 " ] || ok=1

echo
say "rs2's web server comes back; the next good check re-adds it:"
httpd_start 2
if wait_for 30 ipvs_has "TCP  10.0.1.100:80" 10.0.2.12:80; then
	show ipvsadm -Ln
else
	say "    (the real server was not re-added)"
	ok=1
fi
requests
[ "$(spread http://10.0.1.100/ 6)" = "rs1 rs2 rs3 " ] || ok=1

ka_stop
echo
say "keepalived-ng stopped and removed its virtual server:"
show ipvsadm -Ln
exit $ok
