#!/usr/bin/env bash
# fault/child_stall: a child that stops reading its messages costs the parent
# bounded memory and time. The VRRP child is stopped (SIGSTOP) and the
# parent is made to queue configuration streams for it (SIGHUPs: each
# stream is bigger than the socket holds). With --child-timeout=3 the
# parent gives up on it once its queue has not been empty for 3 s: it logs
# why, kills the child and respawns it; the new child gets the current
# configuration and, its instance having been MASTER with the VIP still
# installed, resumes MASTER.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
[ "$KT_FLAVOUR" = ng ] || skip "--child-timeout is keepalived-ng's"

lab_lan r1:1
R1=$(kt_ns r1)
# 4,000 excluded addresses: each stream is about 125 KB.
EXCL=$(python3 -c 'print("\n".join("        198.18.%d.%d/32" % (i // 250, i % 250 + 1) for i in range(4000)))')
vrrp_conf r1 150 "    virtual_ipaddress_excluded {
$EXCL
    }"
ka_start r1 r1 --child-timeout=3
wait_for 60 ka_entered r1 MASTER || fail "r1 never became MASTER"
wait_for 30 has_addr "$R1" eth0 "$VIP" || fail "r1 is MASTER without the VIP"
n_excl() { ip -n "$R1" -o -4 addr show dev eth0 | grep -c ' inet 198\.18\.'; }
wait_for 60 eval '[ "$(n_excl)" -eq 4000 ]' || fail "$(n_excl) of 4000 excluded addresses installed"

step "stop the VRRP child and queue configurations for it"
OLD=$(ka_vrrp_pid r1)
[ -n "$OLD" ] && pid_alive "$OLD" || fail "no live VRRP child"
kill -STOP "$OLD"
# until the socket is full and the parent's own queue holds the rest
# (the socket takes up to twice net.core.wmem_max: 8 MB here)
queued() { ka_logged r1 "queued configuration generation [0-9]+ for the vrrp child \([0-9]+ bytes, [1-9][0-9]* not yet written\)"; }
# Each SIGHUP waits for its reload (signals sent while one runs would
# merge; an ASan build takes 0.5 s to read this file).
n_queued() { ka_count r1 "queued configuration generation [0-9]+ for the vrrp child"; }
for i in $(seq 300); do
	before=$(n_queued)
	ka_signal r1 HUP
	wait_for 20 eval '[ "$(n_queued)" -gt "$before" ]' || fail "reload $i was not queued"
	queued && break
done
queued || fail "300 reloads did not fill the socket to the stopped child"
log "the parent's queue holds what the socket does not take after $i reloads"

step "the parent restarts the child that does not read"
wait_for 30 ka_logged r1 "vrrp child \\(pid $OLD\\) left its messages unread for 3 s: restarting it" ||
	fail "the parent did not give up on the stopped child"
ka_logged r1 "ipc: the peer did not read its messages for 3.0 s \\([0-9]+ bytes queued\\)" ||
	fail "no log line saying how much was queued"
wait_for 20 not_alive "$OLD" || fail "the stopped child is still there"
new_child() { local p; p=$(ka_vrrp_pid r1); [ -n "$p" ] && [ "$p" != "$OLD" ] && pid_alive "$p"; }
wait_for 30 new_child || fail "no new VRRP child"
ka_alive r1 || fail "the parent died"
wait_for 30 ka_logged r1 "\\(VI_1\\) was MASTER .* resuming MASTER" || fail "the new child did not resume MASTER"
wait_for 30 eval '[ "$(ka_state r1 VI_1)" = MASTER ]' || fail "the new child is not MASTER"
has_addr "$R1" eth0 "$VIP" || fail "the VIP is gone"
[ "$(n_excl)" -eq 4000 ] || fail "$(n_excl) of 4000 excluded addresses left"
log_result
