#!/usr/bin/env bash
# reload_file: a tool touches the reload file, sends SIGHUP and waits for
# the file to go away (keepalived 2.2's protocol): the file is removed by
# each reload once the configuration files are read (also a rejected one),
# never by anything else; without a path it is keepalived 2.2.7's default
# (/run/keepalived.reload; in /run/keepalived/ with an instance).
# reload_check_config LOG_FILE gets each reload's check.
# keepalived 2.2.7 stops on the rejected reload (ours keeps running,
# keepalived(8)): it is started again; reload_check_config's text is ours.
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
if ka_is_ours; then
	wait_for 20 ka_logged r1 'keeping the running configuration' || fail "the broken file was not rejected"
else
	# keepalived 2.2.7 stops on it (measured; keepalived(8): ours keeps
	# the running configuration): started again with the good file
	wait_for 30 eval '! ka_alive r1' || fail "keepalived 2.2.7 kept running (measured: it stops)"
	cp "$KT_TMP/good.conf" "$(ka_conf_file r1)"
	ka_start r1 r1
	wait_for 30 has_addr "$R1" eth0 "$VIP" || fail "r1 never took the VIP again"
fi

step "without a path: /run/keepalived/keepalived_INSTANCE.reload (keepalived 2.2.7's default)"
# with an instance (a top-level keyword; unique, so that nothing else on the host
# shares the file; without one it is /run/keepalived.reload whatever -p
# says). The instance is read at start (keepalived 2.2.7 keeps the one it
# started with over reloads): r1 is restarted with it.
ka_stop r1
KT_GLOBAL="instance $KT_ID
global_defs {
    reload_file
}" vrrp_conf r1 150
ka_start r1 r1
wait_for 30 has_addr "$R1" eth0 "$VIP" || fail "r1 never took the VIP after the restart"
DEF="/run/keepalived/keepalived_$KT_ID.reload"
mkdir -p /run/keepalived
touch "$DEF"
ka_signal r1 HUP
if ka_is_ours; then
	wait_for 20 test ! -e "$DEF" || { rm -f "$DEF"; fail "the default reload file $DEF was not removed"; }
else
	# keepalived 2.2.7 resolves the default name only after the reload has
	# read the files and removes the unresolved one: the file stays
	# (strace: no unlink of it until the daemon stops), against its own
	# keepalived.conf(5). Not checked.
	log "keepalived 2.2.7 does not remove the default reload file at a reload (its bug): not checked"
	wait_for 20 ka_logged r1 'Reload complete' || fail "no reload"
	rm -f "$DEF"
fi
[ -e "$KT_TMP/r1/keepalived.reload" ] && fail "a reload file beside the pid file"
has_addr "$R1" eth0 "$VIP" || fail "r1 lost the VIP over the reload"

ours_only "reload_check_config's file (its wording)" || { log_result; exit 0; }
step "reload_check_config LOG_FILE: each reload's check is written there"
CL="$KT_TMP/check.log"
reloads() { [ "$(ka_count r1 'reload: .* read and checked')" -ge "$1" ]; }
# the instance stays: a reload that drops it is refused (keepalived 2.2.7)
KT_GLOBAL="instance $KT_ID
global_defs {
    reload_check_config $CL
}" vrrp_conf r1 150
ka_signal r1 HUP
wait_for 20 reloads 4 || fail "the reload with reload_check_config did not happen"
ka_signal r1 HUP   # the setting of the running configuration applies: this one writes
wait_for 20 grep -q 'configuration OK' "$CL" || fail "no 'configuration OK' in $CL: $(cat "$CL" 2>&1)"
printf 'vrrp_instance BAD {\n  bogus_keyword_here\n' >>"$(ka_conf_file r1)"
ka_signal r1 HUP
wait_for 20 grep -q 'error.*running configuration is kept' "$CL" || fail "the rejected reload is not in $CL: $(cat "$CL")"
grep -q 'bogus_keyword_here' "$CL" || fail "the error line is not in $CL: $(cat "$CL")"
[ "$(stat -c %a "$CL")" = 600 ] || fail "$CL has mode $(stat -c %a "$CL")"
has_addr "$R1" eth0 "$VIP" || fail "r1 lost the VIP over the reloads"
log_result
