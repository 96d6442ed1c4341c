#!/usr/bin/env bash
# reload_rename: a reload that renames an instance (VI_1 -> VI_X: same VRID,
# interface and family) keeps it running as keepalived 2.2.7 does, which
# knows an instance across a reload by what it is (vrrp_exist()), not by
# its name: the master stays MASTER with its VIP, no notify script runs for
# the old or the new name, and later transitions carry the new name. (Ours
# stopped VI_1 - FAULT, VIP removed - and started VI_X: BACKUP, then MASTER
# after Master_Down_Interval.) The reload also adds a VIP, so that its
# arrival shows the reload applied. A second instance renamed with a new
# VRID (VI_2 -> VI_Y) is another router: VI_2 goes (FAULT, as 2.2.7 says of
# a removed instance) and VI_Y starts.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1
R1=$(kt_ns r1)
VIP2=$KT_NET.101 VIP3=$KT_NET.102 VIP4=$KT_NET.103
OUT=$KT_TMP/notify.out
kt_notify_recorder "$KT_TMP/notify.sh" "$OUT"
N=$KT_TMP/notify.sh

# conf NAME1 VIPS1 NAME2 VRID2 VIP2
conf() {
	ka_conf r1 <<CONF
vrrp_instance $1 {
    interface eth0
    virtual_router_id 51
    priority 150
    advert_int 1
    notify $N
    notify_master "$N master $1"
    virtual_ipaddress {
$(for v in $2; do echo "        $v/32"; done)
    }
}
vrrp_instance $3 {
    interface eth0
    virtual_router_id $4
    priority 150
    advert_int 1
    notify $N
    virtual_ipaddress {
        $5/32
    }
}
CONF
}
got() { grep -qx -- "$1" "$OUT" 2>/dev/null; }
show_out() { echo "--- $OUT:"; cat "$OUT" 2>/dev/null; }

conf VI_1 "$VIP" VI_2 52 "$VIP3"
ka_start r1 r1
step "VI_1 and VI_2 become MASTER"
wait_for 30 got "INSTANCE VI_1 MASTER 150" || { show_out; fail "VI_1 never MASTER"; }
wait_for 30 got "INSTANCE VI_2 MASTER 150" || { show_out; fail "VI_2 never MASTER"; }
wait_for 10 got "master VI_1" || { show_out; fail "notify_master of VI_1 not run"; }
wait_for 10 has_addr "$R1" eth0 "$VIP" || fail "no VIP on r1"
before=$(wc -l <"$OUT")

step "SIGHUP: VI_1 renamed VI_X (and a VIP added), VI_2 renamed VI_Y with VRID 53"
conf VI_X "$VIP $VIP2" VI_Y 53 "$VIP4"
ka_signal r1 HUP
wait_for 30 has_addr "$R1" eth0 "$VIP2" || fail "the added VIP never came: reload not applied"
wait_for 30 got "INSTANCE VI_Y MASTER 150" || { show_out; fail "VI_Y (a new VRID) never MASTER"; }
got "INSTANCE VI_2 FAULT 150" || { show_out; fail "VI_2 (gone) not notified FAULT"; }
has_addr "$R1" eth0 "$VIP" || fail "the renamed instance's VIP is gone"
[ "$(ka_state r1 VI_X)" = MASTER ] || fail "VI_X is not MASTER in the data dump"

step "eth0 down: the next notify is VI_X's FAULT, nothing was notified for the rename"
ip -n "$R1" link set eth0 down
wait_for 30 got "INSTANCE VI_X FAULT 150" || { show_out; fail "no FAULT notify for VI_X"; }
wait_for 10 got "INSTANCE VI_Y FAULT 150" || { show_out; fail "no FAULT notify for VI_Y"; }
after=$(tail -n +"$((before + 1))" "$OUT" | grep -Ev '^INSTANCE VI_(2|Y) ' | sort)
show_out
[ "$after" = "INSTANCE VI_X FAULT 150" ] ||
	fail "the rename notified something ($(echo "$after" | tr '\n' ';')), keepalived 2.2.7 keeps the instance as it is"
ours_only "the rename's log line" && {
	ka_logged r1 '\(VI_1\) renamed VI_X by the new configuration: state MASTER kept' ||
		fail "no log line for the rename"
}
log_result
