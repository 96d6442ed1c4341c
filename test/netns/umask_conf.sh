#!/usr/bin/env bash
# umask_conf: global_defs umask sets the file creation mask of the daemon
# and of the scripts it runs, as keepalived 2.2.7 applies it (measured: a
# notify script there runs with 0027 after `umask 0027`, 0122 after `umask
# IWGRP|IWOTH | IXUSR`); ours ignored the keyword (scripts ran with 0022).
# -u on the command line wins over it (2.2.7: "umask command line option
# specified, ignoring config option"). Passes with keepalived 2.2.7 as
# KEEPALIVED too. Without either, the scripts run with 2.2.7's default 0177
# (ours was 0022).
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1
D=$(ka_dir r1)
mkdir -p "$D"
printf '#!/bin/sh\numask >>"%s/umask"\n' "$D" >"$KT_TMP/notify.sh"
chmod 755 "$KT_TMP/notify.sh"
conf() {   # conf UMASK-VALUE
	ka_conf r1 <<CONF
global_defs {
    umask $1
    enable_script_security
    script_user root
}
$(vrrp_block VI_1 51 150 "    notify $KT_TMP/notify.sh")
CONF
}
masks() { sort -u "$D/umask" 2>/dev/null | tr '\n' ' '; }
two_notifies() { [ -f "$D/umask" ] && [ "$(wc -l <"$D/umask")" -ge 2 ]; }

step "no umask at all: the notify scripts run with keepalived's default 0177, pid files stay 0644"
ka_conf r1 <<CONF
global_defs {
    enable_script_security
    script_user root
}
$(vrrp_block VI_1 51 150 "    notify $KT_TMP/notify.sh")
CONF
ka_start r1 r1
wait_for 30 two_notifies || fail "fewer than two notify runs (BACKUP, MASTER)"
[ "$(masks)" = "0177 " ] || fail "the scripts ran with umask $(masks), want 0177 (keepalived 2.2.7's default)"
for f in "$D"/*.pid; do
	[ -f "$f" ] || continue
	[ "$(stat -c %a "$f")" = 644 ] || fail "pid file $f has mode $(stat -c %a "$f"), want 644"
done
ka_stop r1
rm -f "$D/umask"

step "umask 0027: the notify scripts run with 0027"
conf 0027
ka_start r1 r1
wait_for 30 two_notifies || fail "fewer than two notify runs (BACKUP, MASTER)"
[ "$(masks)" = "0027 " ] || fail "the scripts ran with umask $(masks), want 0027"
ka_stop r1
rm -f "$D/umask"

step "umask IWGRP|IWOTH | IXUSR (bit names over two words): 0122"
conf "IWGRP|IWOTH | IXUSR"
ka_start r1 r1
wait_for 30 two_notifies || fail "fewer than two notify runs"
[ "$(masks)" = "0122 " ] || fail "the scripts ran with umask $(masks), want 0122"
ka_stop r1
rm -f "$D/umask"

step "-u 0077 on the command line wins over umask 0027"
conf 0027
ka_start r1 r1 -u 0077
wait_for 30 two_notifies || fail "fewer than two notify runs"
[ "$(masks)" = "0077 " ] || fail "the scripts ran with umask $(masks), want 0077"
log_result
