#!/usr/bin/env bash
# reload_numbers: a reload that writes the same numbers another way changes
# nothing. r1 (priority 150, vrrp_script interval 2) is MASTER over r2
# (priority 120); r1's file is rewritten with "priority +150" and
# "interval 2s" and r1 is reloaded: keepalived 2.2.7 reads +150 as 150
# (strtoul) and "2s" as 2 (its running daemon takes the number before the
# letter), so r1 stays MASTER with priority 150 and r2 never takes over.
# Ours read "+150" as a bad value (priority 100: r2 took over) and skipped
# "2s" (interval 1). Passes with keepalived 2.2.7 as KEEPALIVED too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 r2:2
R1=$(kt_ns r1) R2=$(kt_ns r2)
S=$(kt_script_dir) || fail "cannot make the scripts directory"
# conf_r1 PRIO INTERVAL
conf_r1() {
	KT_GLOBAL="global_defs {
    enable_script_security
    script_user root
}
vrrp_script chk {
    script $S/ok.sh
    interval $2
}" vrrp_conf r1 "$1" "    track_script {
        chk
    }"
}
conf_r1 150 2
vrrp_conf r2 120
ka_start r1 r1
ka_start r2 r2
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "r1 never got the VIP"
wait_for 30 ka_entered r2 BACKUP || fail "r2 never entered BACKUP"

field_is() { [ "$(dump_field "$(ka_dump r1 data)" VI_1 "$1")" = "$2" ]; }
script_interval_is() { grep -Eq "^ *Interval = $1 sec" "$(ka_dump r1 data)"; }
wait_for 20 field_is Priority 150 || fail "r1's dump does not show Priority = 150"
wait_for 20 script_interval_is 2 || fail "r1's dump does not show the script's Interval = 2 sec"

step "priority +150 and interval 2s, SIGHUP: nothing changes"
conf_r1 +150 2s
grep -q 'priority +150' "$(ka_conf_file r1)" || fail "the new file does not say priority +150"
N=$(ka_count r1 'Reload|reload')
ka_signal r1 HUP
more_reload() { [ "$(ka_count r1 'Reload|reload')" -gt "$N" ]; }
wait_for 30 more_reload || fail "r1 did not log the reload"
holds 5 has_addr "$R1" eth0 "$VIP" || fail "r1 lost the VIP after the reload"
no_addr "$R2" eth0 "$VIP" || fail "r2 took the VIP"
ka_entered r2 MASTER && fail "r2 became MASTER"
ka_alive r1 || fail "r1 exited on the reload"
field_is Priority 150 || fail "r1's dump does not show Priority = 150 after the reload"
script_interval_is 2 || fail "r1's script interval is not 2 s after the reload"
log_result
