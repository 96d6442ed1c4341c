#!/usr/bin/env bash
# notify_user: notify scripts read as keepalived 2.2.7 reads them,
# SCRIPT [USER [GROUP]] - the script runs as that user (and group, else the
# user's), the others as the default script user. VRRP: notify_master and
# notify_backup; checker (no IPVS needed: rs_init_notifies announces the
# live server at start): notify_up and notify_down of real servers. Each
# script writes its name and `id -u` `id -g`. Then, with a script_user
# that names no user, keepalived 2.2.7 runs only the scripts that name
# their own user: notify_master (nobody) runs again, notify_backup not.
#   r1 ($KT_NET.1): both children; s ($KT_NET.2) listens on 8080, 8081 is closed
. "$(dirname "$0")/../lib/netns.sh"
kt_init
id -u nobody >/dev/null 2>&1 && id -u daemon >/dev/null 2>&1 && getent group nogroup >/dev/null ||
	skip "needs the users nobody and daemon and the group nogroup"

lab_lan r1:1 srv:2
S=$(kt_ns srv)
ip netns exec "$S" python3 -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 8080)); s.listen(64)
while True:
    c, _ = s.accept(); c.close()' &
KT_BGPIDS+=($!)
wait_for 10 bash -c "ip netns exec $S ss -Hltn | grep -q ':8080 '" || fail "the listener did not start"

# scripts and their output where nobody and daemon can reach them
chmod 711 "$KT_TMP"
D=$KT_TMP/nu
mkdir -m 1777 "$D"
for s in master backup up down; do
	printf '#!/bin/sh\necho "%s $(id -u) $(id -g)" >>%s/%s.out\n' "$s" "$D" "$s" >"$D/$s.sh"
	chmod 755 "$D/$s.sh"
done
# keepalived 2.2.7 (KEEPALIVED=/usr/sbin/keepalived) cannot run a checker
# without IPVS: with it, only the VRRP part runs
VS=""
[ "$KT_FLAVOUR" = ng ] && VS="virtual_server 10.200.0.5 80 {
    protocol TCP
    lb_algo rr
    lb_kind NAT
    delay_loop 1
    real_server $KT_NET.2 8080 {
        notify_up $D/up.sh nobody nogroup
        TCP_CHECK {
            connect_timeout 1
            retry 0
        }
    }
    real_server $KT_NET.2 8081 {
        notify_down "$D/down.sh" daemon
        TCP_CHECK {
            connect_timeout 1
            retry 0
        }
    }
}"
ka_conf r1 <<CONF
global_defs {
    rs_init_notifies
}
$(vrrp_block VI_1 51 100 "    notify_master $D/master.sh nobody
    notify_backup $D/backup.sh")
$VS
CONF
NOBODY="$(id -u nobody) $(id -g nobody)" DAEMON="$(id -u daemon) $(id -g daemon)"
NOGROUP=$(getent group nogroup | cut -d: -f3)
DEFAULT=$(id -u keepalived_script 2>/dev/null || echo 0)
# got "NAME UID GID": NAME's script wrote that line (each its own file:
# one user cannot append to a file another created in a sticky directory)
got() { grep -q "^$1\$" "$D/${1%% *}.out" 2>/dev/null; }
show() { echo "--- $D:"; cat "$D"/*.out 2>/dev/null; }

step "-t: the users are read, nothing is refused"
rc=0; ip netns exec "$(kt_ns r1)" "$KEEPALIVED" -t -f "$(ka_conf_file r1)" >"$KT_TMP/t.log" 2>&1 || rc=$?
# keepalived 2.2.7's -t ends on its own SIGTERM (143) when a script names
# another user (its check of the script as that user believes the parent
# died); the daemon itself runs the file.
[ "$KT_FLAVOUR" = classic ] && [ $rc = 143 ] && rc=0
[ $rc = 0 ] || [ $rc = 6 ] || { cat "$KT_TMP/t.log"; fail "-t exits $rc"; }

step "VRRP: notify_backup as the default user, notify_master as nobody"
ka_start r1 r1
wait_for 30 got "backup $DEFAULT [0-9]*" || { show; fail "notify_backup did not run as uid $DEFAULT"; }
wait_for 30 got "master $NOBODY" || { show; fail "notify_master did not run as nobody"; }

step "script_user names no user: only the script with its own user runs"
ka_stop r1
rm -f "$D"/*.out
sed -i 's/^global_defs {$/global_defs {\n    script_user nosuchuser-ka/' "$(ka_conf_file r1)"
grep -q 'script_user nosuchuser-ka' "$(ka_conf_file r1)" || fail "the configuration was not changed"
ka_start r1 r1
wait_for 30 got "master $NOBODY" || { show; fail "notify_master (own user) did not run"; }
[ -e "$D/backup.out" ] && { show; fail "notify_backup ran although script_user names no user"; }

[ "$KT_FLAVOUR" = ng ] || { show; log_result; exit 0; }
ka_stop r1
rm -f "$D"/*.out
sed -i '/script_user nosuchuser-ka/d' "$(ka_conf_file r1)"
ka_start r1 r1
step "checker: notify_up as nobody:nogroup, notify_down as daemon"
wait_for 30 got "up $(id -u nobody) $NOGROUP" || { show; fail "notify_up did not run as nobody:nogroup"; }
wait_for 30 got "down $DAEMON" || { show; fail "notify_down did not run as daemon"; }
show
log_result
