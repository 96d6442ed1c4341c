#!/usr/bin/env bash
# script_security_default_user: enable_script_security without script_user
# on a host without the user keepalived_script (a common global_defs):
# keepalived 2.2.7 does not fall back to root there ("Unable to set
# default user keepalived_script for script") and runs none of the scripts
# that name no user of their own - the vrrp_script (weight +50) is removed,
# so the effective priority stays 100, and notify_master is not run. A real-world
# file (weight 100 scripts) was MASTER at priority 200 with ours, 100 with
# 2.2.7. Passes with keepalived 2.2.7 as KEEPALIVED too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
getent passwd keepalived_script >/dev/null && skip "this host has a keepalived_script user"

lab_lan r1:1
S=$(kt_script_dir) || fail "cannot make the scripts directory"   # secure scripts
printf '#!/bin/sh\ntouch %s/master-ran\n' "$S" >"$S/master.sh"
chmod 755 "$S/master.sh"
KT_STATE=MASTER KT_GLOBAL="global_defs {
    enable_script_security
}
vrrp_script chk {
    script $S/ok.sh
    interval 1
    weight 50
}" vrrp_conf r1 100 "    notify_master $S/master.sh
    track_script {
        chk
    }"
ka_start r1 r1
wait_for 30 has_addr "$(kt_ns r1)" eth0 "$VIP" || fail "r1 never got the VIP"
sleep 3   # the script's interval, three times over: a script kept would have run
D=$(ka_dump r1 data)
p=$(dump_field "$D" VI_1 "Effective priority")
[ "$p" = 100 ] || { cat "$D"; fail "effective priority $p: the vrrp_script without a user was run (want 100)"; }
log "effective priority $p: the vrrp_script was dropped"
[ -e "$S/master-ran" ] && fail "notify_master ran: a script without a user of its own"
log "notify_master was not run"
if ours_only "our warning at enable_script_security"; then
	ka_logged r1 "enable_script_security without script_user, and no user 'keepalived_script': the 2 scripts" ||
		fail "no warning about the dropped scripts"
fi
log_result
