#!/usr/bin/env bash
# reload_fixed_names: what a reload keeps from the start, as keepalived
# 2.2.7 keeps it. The instance name: a reload whose file names another
# (or none) is refused whole - "Cannot change instance name at a reload -
# please restart keepalived", the running configuration stays (its VIP
# does not move) - while one with the same name is applied. The id of @ID
# lines: without -i the host name at start; the daemon runs in a UTS
# namespace of its own whose host name changes after the start, and a
# reload still picks the @<start name> lines. Passes with keepalived 2.2.7
# as KEEPALIVED too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
require_cmd unshare nsenter hostname

lab_lan r1:1
R1=$(kt_ns r1)
VIP2="$KT_NET.101"
VIP3="$KT_NET.102"

# The daemon in a UTS namespace of its own, host name hstart (unshare and
# sh exec: the daemon keeps the pid ka_start records).
cat >"$KT_TMP/uts.sh" <<EOF
#!/bin/sh
exec unshare -u sh -c 'hostname hstart.example; exec "\$0" "\$@"' "$KEEPALIVED" "\$@"
EOF
chmod 755 "$KT_TMP/uts.sh"

# conf INSTANCE-LINE VIP: one instance; @hstart lines give priority 150,
# @hlater lines priority 50 (both MASTER: the VIP is set either way).
conf() {
	ka_conf r1 <<CONF
$1
vrrp_instance VI_1 {
    state MASTER
    interface eth0
    virtual_router_id 51
@hstart    priority 150
@hlater    priority 50
    advert_int 1
    virtual_ipaddress {
        $2/32
    }
}
CONF
}
# prio: the instance's priority from the data dump.
prio() {
	local f
	rm -f "$(ka_dumpdir r1)"/keepalived*.data
	ka_signal r1 USR1
	wait_for 10 eval 'ls "$(ka_dumpdir r1)"/keepalived*.data >/dev/null 2>&1' || fail "no data dump"
	sleep 0.5
	f=$(ls "$(ka_dumpdir r1)"/keepalived.*data "$(ka_dumpdir r1)"/keepalived.data 2>/dev/null | head -1)
	sed -n 's/^ *Priority = \([0-9]*\).*/\1/p' "$f" | head -1
}

conf "instance inst1" "$VIP"
KA_BINARY="$KT_TMP/uts.sh" ka_start r1 r1
wait_for 30 has_addr "$R1" eth0 "$VIP" || fail "the VIP never appeared"
P=$(prio)
[ "$P" = 150 ] || fail "priority $P at start, want 150 (@hstart lines)"

step "the host name changes; a reload with the same instance name is applied, with the @hstart lines"
nsenter -u -t "$(ka_pid r1)" hostname hlater.example || fail "cannot change the daemon's host name"
conf "instance inst1" "$VIP2"
ka_signal r1 HUP
wait_for 30 has_addr "$R1" eth0 "$VIP2" || fail "a reload with the same instance name was not applied"
wait_for 30 no_addr "$R1" eth0 "$VIP" || fail "the old VIP stayed"
P=$(prio)
[ "$P" = 150 ] || fail "priority $P after the reload, want 150: the @ID lines followed the new host name"

step "a reload that changes the instance name is refused whole"
conf "instance inst2" "$VIP3"
ka_signal r1 HUP
wait_for 30 ka_logged r1 "Cannot change instance name at a reload" ||
	fail "no 'Cannot change instance name at a reload' line"
holds 3 no_addr "$R1" eth0 "$VIP3" || fail "the refused reload was applied (new VIP set)"
has_addr "$R1" eth0 "$VIP2" || fail "the running VIP went away"

step "a reload that drops the instance name is refused too"
conf "" "$VIP3"
ka_signal r1 HUP
wait_for 30 eval '[ "$(ka_count r1 "Cannot change instance name at a reload")" -ge 2 ]' ||
	fail "dropping the instance name was not refused"
holds 3 no_addr "$R1" eth0 "$VIP3" || fail "the refused reload was applied (new VIP set)"
ka_alive r1 || fail "the daemon exited"
log_result
