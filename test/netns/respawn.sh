#!/usr/bin/env bash
# respawn: SIGKILL the VRRP child (pid from the -r pid file). The parent must
# start a new child (new pid in the pid file, a log line saying so) and the
# instance must regain MASTER, since r1 has the higher priority.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 r2:2
R1=$(kt_ns r1) R2=$(kt_ns r2)
vrrp_conf r1 150
vrrp_conf r2 100
ka_start r1 r1
ka_start r2 r2
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "r1 never got the VIP"
wait_for 30 ka_entered r2 BACKUP || fail "r2 never entered BACKUP"
MASTERS=$(ka_count r1 'Entering MASTER STATE')

step "SIGKILL r1's VRRP child"
OLD=$(ka_vrrp_pid r1)
[ -n "$OLD" ] && pid_alive "$OLD" || fail "no live VRRP child pid in $(ka_dir r1)/vrrp.pid"
[ "$OLD" != "$(ka_pid r1)" ] || fail "vrrp.pid holds the parent's pid"
kill -KILL "$OLD"
log "killed VRRP child $OLD"

step "the parent respawns it"
new_child() { local p; p=$(ka_vrrp_pid r1); [ -n "$p" ] && [ "$p" != "$OLD" ] && pid_alive "$p"; }
wait_for 60 new_child || fail "no new VRRP child pid in the pid file"
ka_alive r1 || fail "the parent died"
log "new VRRP child $(ka_vrrp_pid r1)"
wait_for 20 ka_logged r1 '[Rr]espawn|[Rr]estart' || fail "no log line about the respawn"
grep -Ei 'respawn|restart' "$(ka_log r1)" | tail -2

step "r1 regains MASTER"
wait_for 60 ka_entered r1 MASTER $((MASTERS + 1)) || fail "r1's new child never entered MASTER"
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "r1 does not hold the VIP"
wait_for 30 no_addr "$R2" eth0 "$VIP" || fail "r2 still holds the VIP"
log_result
