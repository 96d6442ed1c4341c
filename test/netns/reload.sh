#!/usr/bin/env bash
# reload: SIGHUP re-reads the config.
#  1. r2's priority raised 100 -> 200 and SIGHUP: r2 takes over the VIP, and
#     its data dump shows Priority = 200.
#  2. a broken config (virtual_router_id 300) and SIGHUP: ours keeps the
#     running config (r2 keeps the VIP, still priority 200) and the log names
#     FILE:LINE; keepalived 2.2.7 stops (its VRRP child exits with a
#     configuration error), a documented difference (keepalived(8), SIGHUP).
#  3. a second instance on lo (a loopback interface) and SIGHUP: keepalived
#     2.2.7 does not run such a file (its VRRP process exits with a
#     configuration error, the daemon stops); ours rejects the reload with
#     FILE:LINE and keeps running the old configuration.
#  4. a daemon started with that file: it does not run (neither instance).
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

step "raise r2's priority to 200 and SIGHUP it: r2 takes over"
vrrp_conf r2 200
ka_signal r2 HUP
wait_for 60 has_addr "$R2" eth0 "$VIP" || fail "r2 did not take over after reload with prio 200"
wait_for 30 no_addr "$R1" eth0 "$VIP" || fail "r1 kept the VIP"
prio_is() { [ "$(dump_field "$(ka_dump r2 data)" VI_1 Priority)" = "$1" ]; }
wait_for 20 prio_is 200 || fail "r2's dump does not show Priority = 200"

step "a broken config (virtual_router_id 300) and SIGHUP: the old config keeps running"
KT_VRID=300 vrrp_conf r2 200
CONF=$(ka_conf_file r2)
LINE=$(grep -n 'virtual_router_id 300' "$CONF" | cut -d: -f1)
LOGLINES=$(wc -l <"$(ka_log r2)")
ka_signal r2 HUP
if [ "$(ka_flavour r2)" = ng ]; then
	new_log() { tail -n +"$((LOGLINES + 1))" "$(ka_log r2)"; }
	err_logged() { new_log | grep -q "keepalived.conf:$LINE:"; }
	wait_for 30 err_logged || fail "no 'keepalived.conf:$LINE:' error in the log after the bad reload"
	new_log | grep "keepalived.conf:$LINE:" | head -3
	holds 5 has_addr "$R2" eth0 "$VIP" || fail "r2 lost the VIP after a bad reload"
	ka_alive r2 || fail "r2 died on a bad reload"
	prio_is 200 || fail "r2's priority changed after a bad reload"
else
	# keepalived 2.2.7 stops: "(VI_1) the virtual router id must be set",
	# its VRRP child exits with a configuration error and the daemon with
	# it (measured; keepalived(8): ours keeps the running configuration).
	# r2 is started again with the good file for the next step.
	wait_for 30 eval '! ka_alive r2' || fail "keepalived 2.2.7 kept running (measured: it stops)"
	ka_logged r2 'the virtual router id must be set' || fail "no 'virtual router id must be set' in keepalived 2.2.7's log"
	vrrp_conf r2 200
	ka_start r2 r2
	wait_for 30 ka_entered r2 MASTER 2 || fail "r2 did not become MASTER again"
	wait_for 30 has_addr "$R2" eth0 "$VIP" || fail "r2 does not hold the VIP again"
fi

step "an instance on lo added and SIGHUP: not run (keepalived 2.2.7 stops; ours keeps the old configuration)"
LOVIP=$KT_NET.177
vrrp_conf r2 200
cat >>"$(ka_conf_file r2)" <<CONF
vrrp_instance VI_LO {
    state MASTER
    interface lo
    virtual_router_id 52
    priority 100
    advert_int 1
    virtual_ipaddress {
        $LOVIP/32
    }
}
CONF
cp "$(ka_conf_file r2)" "$KT_TMP/lo.conf"
LINE=$(grep -n 'interface lo$' "$CONF" | cut -d: -f1)
LOGLINES=$(wc -l <"$(ka_log r2)")
ka_signal r2 HUP
if [ "$(ka_flavour r2)" = ng ]; then
	lo_err() { new_log | grep -q "keepalived.conf:$LINE: vrrp_instance VI_LO: cannot use a loopback interface (lo)"; }
	wait_for 30 lo_err || fail "no 'keepalived.conf:$LINE: ... loopback' error in the log after the reload"
	holds 3 has_addr "$R2" eth0 "$VIP" || fail "r2 lost the VIP after the rejected reload"
	no_addr "$R2" lo "$LOVIP" || fail "VI_LO's address is on lo"
	ka_alive r2 || fail "r2 died on the rejected reload"
	[ -z "$(dump_field "$(ka_dump r2 data)" VI_LO State)" ] || fail "VI_LO is in r2's dump"
else
	wait_for 30 eval '! ka_alive r2' || fail "keepalived 2.2.7 kept running (measured: it stops)"
	no_addr "$R2" lo "$LOVIP" || fail "VI_LO's address is on lo"
fi

step "a daemon started with that file does not run it"
ka_conf r3 <"$KT_TMP/lo.conf"
ka_start r3 r1
wait_for 30 eval '! ka_alive r3' || fail "r3 runs a file with an instance on lo"
no_addr "$R1" lo "$LOVIP" || fail "VI_LO's address is on r1's lo"
if [ "$(ka_flavour r3)" = ng ]; then
	ka_logged r3 "keepalived.conf:$LINE: vrrp_instance VI_LO: cannot use a loopback interface \\(lo\\)" ||
		fail "r3's log does not name keepalived.conf:$LINE"
else
	ka_logged r3 "cannot use a loopback interface \\(lo\\)" || fail "no loopback message in keepalived 2.2.7's log"
fi
log_result
