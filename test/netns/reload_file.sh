#!/usr/bin/env bash
# reload_file: a tool touches the reload file, sends SIGHUP and waits for
# the file to go away (keepalived 2.2's protocol): the file is removed by
# each reload once the configuration files are read (also a rejected one),
# never by anything else; without a path it is keepalived.reload beside the
# pid file. reload_check_config LOG_FILE gets each reload's check.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1
R1=$(kt_ns r1)
RF="$KT_TMP/update.lock"
KT_GLOBAL="global_defs {
    reload_file $RF
}" vrrp_conf r1 150
ka_start r1 r1
wait_for 30 has_addr "$R1" eth0 "$VIP" || fail "r1 never took the VIP"

step "touched but no reload: the file stays"
touch "$RF"
sleep 2
[ -e "$RF" ] || fail "the reload file went away without a reload"

step "SIGHUP: the reload removes it"
ka_signal r1 HUP
wait_for 20 test ! -e "$RF" || fail "the reload did not remove $RF"

step "a rejected reload removes it too"
cp "$(ka_conf_file r1)" "$KT_TMP/good.conf"
printf 'vrrp_instance BAD {\n  bogus_keyword_here\n' >>"$(ka_conf_file r1)"
touch "$RF"
ka_signal r1 HUP
wait_for 20 test ! -e "$RF" || fail "the rejected reload did not remove $RF"
wait_for 20 ka_logged r1 'keeping the running configuration' || fail "the broken file was not rejected"

step "without a path: keepalived.reload beside the pid file"
KT_GLOBAL="global_defs {
    reload_file
}" vrrp_conf r1 150
reloads() { [ "$(ka_count r1 'reload: .* read and checked')" -ge "$1" ]; }
ka_signal r1 HUP
wait_for 20 reloads 3 || fail "the third reload did not happen"
DEF="$KT_TMP/r1/keepalived.reload"
touch "$DEF"
ka_signal r1 HUP
wait_for 20 test ! -e "$DEF" || fail "the default reload file $DEF was not removed"
has_addr "$R1" eth0 "$VIP" || fail "r1 lost the VIP over the reloads"

step "reload_check_config LOG_FILE: each reload's check is written there"
CL="$KT_TMP/check.log"
KT_GLOBAL="global_defs {
    reload_check_config $CL
}" vrrp_conf r1 150
ka_signal r1 HUP
wait_for 20 reloads 5 || fail "the reload with reload_check_config did not happen"
ka_signal r1 HUP   # the setting of the running configuration applies: this one writes
wait_for 20 grep -q 'configuration OK' "$CL" || fail "no 'configuration OK' in $CL: $(cat "$CL" 2>&1)"
printf 'vrrp_instance BAD {\n  bogus_keyword_here\n' >>"$(ka_conf_file r1)"
ka_signal r1 HUP
wait_for 20 grep -q 'error.*running configuration is kept' "$CL" || fail "the rejected reload is not in $CL: $(cat "$CL")"
grep -q 'bogus_keyword_here' "$CL" || fail "the error line is not in $CL: $(cat "$CL")"
[ "$(stat -c %a "$CL")" = 600 ] || fail "$CL has mode $(stat -c %a "$CL")"
has_addr "$R1" eth0 "$VIP" || fail "r1 lost the VIP over the reloads"
log_result
