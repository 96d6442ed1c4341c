#!/usr/bin/env bash
# fault/parent_kill: the parent SIGKILLed, its children left alone.
#
# What keepalived 2.2.7 does (checked with /usr/sbin/keepalived in a netns:
# its children ask the kernel for SIGTERM when their parent dies,
# PR_SET_PDEATHSIG): the VRRP child stops as on SIGTERM - a master sends a
# priority-0 advert and removes its VIPs - and exits; the checker child
# stops too. keepalived-ng does the same: a child sees its channel to the
# parent close (and gets SIGTERM from PR_SET_PDEATHSIG as well) and stops
# once. One difference: notify scripts run in the parent here, so the
# notify_stop / "STOP" scripts of that last transition are not run (logged:
# "not run: the parent is gone"); keepalived's children run them.
#
#  r1 (prio 150) is MASTER with VIP and a virtual server (checker child);
#  r2 (prio 100) is its backup. r1's parent is SIGKILLed:
#   - both children exit (no process left in r1's namespace), each logs
#     why and that it stopped;
#   - r1 sent a priority-0 advert and no longer holds the VIP;
#   - r2 takes over (at once: priority 0 means Skew_Time, not
#     Master_Down_Interval - only asserted as "r2 becomes MASTER").
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 r2:2 c1:10
R1=$(kt_ns r1) R2=$(kt_ns r2)
# keepalived 2.2.7's checker gives up without IPVS (the host kernel has
# none): the classic flavour runs the VRRP child alone
EXTRA="" NKIDS=1
[ "$KT_FLAVOUR" = ng ] && NKIDS=2 EXTRA="
virtual_server 10.200.0.1 80 {
    protocol TCP
    delay_loop 60
    real_server $KT_NET.11 80 {
        TCP_CHECK {
            connect_timeout 1
        }
    }
}"
ka_conf r1 <<EOF
$(vrrp_block VI_1 51 150)
$EXTRA
EOF
vrrp_conf r2 100
ka_start r1 r1
ka_start r2 r2
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "r1 never became MASTER"
wait_for 30 ka_entered r2 BACKUP || fail "r2 never entered BACKUP"
wait_for 30 eval '[ "$(ka_children r1 | wc -l)" = $NKIDS ]' || fail "r1 does not run $NKIDS children"
KIDS=$(ka_children r1)
listen_start c1 eth0 "$KT_TMP/wire.txt" 30

step "SIGKILL r1's parent only"
P=$(ka_pid r1)
kill -KILL "$P"
wait_for 10 not_alive "$P" || fail "the parent survived SIGKILL"
log "killed parent $P; children $(echo $KIDS)"

step "the children notice and stop cleanly"
for k in $KIDS; do
	wait_for 20 not_alive "$k" || fail "child $k still runs 20 s after its parent died"
done
left=$(ip netns pids "$R1")
[ -z "$left" ] || fail "processes left in r1's namespace: $left"
if [ "$KT_FLAVOUR" = ng ]; then
	[ "$(ka_count r1 'the parent went away')" -ge 2 ] || fail "the children did not both log that the parent went away"
	wait_for 5 eval '[ "$(ka_count r1 "(vrrp|checker): stopped$")" -ge 2 ]' || fail "the children did not both log 'stopped'"
	grep -E "the parent went away|stopped$|Stopped|not run" "$(ka_log r1)" | sed 's/^/    /'
fi

step "VIPs per keepalived's rules: priority 0 sent, VIP removed, the backup takes over"
prio0_from_r1() { grep -q "src=$KT_NET.1 .*vrid=51 prio=0 " "$KT_TMP/wire.txt"; }
wait_for 10 prio0_from_r1 || { cat "$KT_TMP/wire.txt"; fail "no priority-0 advert from r1"; }
no_addr "$R1" eth0 "$VIP" || fail "r1 still holds the VIP"
wait_for 20 has_addr "$R2" eth0 "$VIP" || fail "r2 did not take the VIP over"
ka_entered r2 MASTER || fail "r2 did not log MASTER"
log_result
