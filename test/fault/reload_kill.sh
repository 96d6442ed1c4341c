#!/usr/bin/env bash
# fault/reload_kill: a child SIGKILLed in the middle of a reload. The parent
# respawns it with the NEW configuration and nothing is left half-applied.
#
#  r1 (prio 150, MASTER) has VIPs A and B; r2 (prio 100) is its backup
#  (reloaded normally each time, so that the address lists match).
#  1. VRRP child: r1's child is frozen (SIGSTOP), r1 reloads a configuration
#     with VIPs A and C, the parent writes it to the frozen child, and the
#     child is SIGKILLed before it could read it. The respawned child runs
#     the new configuration: r1 MASTER with exactly A and C (B, which the
#     dead child had installed, is gone; nothing twice), r2 without any.
#  2. The same with SIGKILL right after SIGHUP, not frozen (the child may
#     or may not have applied the new configuration): same end state, with
#     instance VI_1 renamed VI_2 (the old instance's addresses must go too).
#  3. Checker child (runs without IPVS here: its dump is what counts):
#     frozen, reload with other real servers, killed; the respawned checker
#     dumps the new real servers and none of the old ones.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
[ "$KT_FLAVOUR" = ng ] || skip "keepalived-ng's respawn and reload"

lab_lan r1:1 r2:2
R1=$(kt_ns r1) R2=$(kt_ns r2)
A="$KT_NET.100" B="$KT_NET.101" C="$KT_NET.102"

# r1_conf INSTANCE ADDR... (prio 150) / r2 has every address (prio 100)
r1_conf() {
	local inst=$1; shift
	ka_conf r1 <<EOF
vrrp_instance $inst {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority 150
    advert_int 1
    virtual_ipaddress {
$(printf '        %s/32\n' "$@")
    }
}
virtual_server 10.200.0.1 80 {
    protocol TCP
    delay_loop 60
$(for rs in ${RS:-}; do printf '    real_server %s 80 {\n        TCP_CHECK {\n            connect_timeout 1\n        }\n    }\n' "$rs"; done)
}
EOF
}
# r2_conf ADDR...: the backup, with the same addresses (lists must match)
r2_conf() {
	ka_conf r2 <<EOF
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority 100
    advert_int 1
    virtual_ipaddress {
$(printf '        %s/32\n' "$@")
    }
}
EOF
}
# both_conf INSTANCE ADDR...: r2 is reloaded at once, r1 is left to the test
both_conf() {
	RS=${RS:-} r1_conf "$@"
	shift
	r2_conf "$@"
	if ka_alive r2; then
		local n; n=$(ka_count r2 'configuration generation [0-9]+ applied')
		ka_signal r2 HUP
		wait_for 20 eval '[ "$(ka_count r2 "configuration generation [0-9]+ applied")" -gt '"$n"' ]' ||
			fail "r2 did not reload"
	fi
}
RS="$KT_NET.11 $KT_NET.12" both_conf VI_1 "$A" "$B"
ka_start r1 r1
ka_start r2 r2
wait_for 60 has_addr "$R1" eth0 "$B" || fail "r1 never became MASTER"
wait_for 30 has_addr "$R1" eth0 "$A" || fail "r1 is MASTER without A"
wait_for 30 ka_entered r2 BACKUP || fail "r2 never entered BACKUP"
wait_for 30 ka_logged r1 'checker child applied configuration generation 1' || fail "the checker never started"

# addrs NS: the VIP-range addresses on eth0, sorted, one line
addrs() {
	ip -n "$1" -o -4 addr show dev eth0 | awk '{ print $4 }' | grep -E "^$KT_NET\.10[0-9]/" | sort | tr '\n' ' '
}
# exactly NS WANT...: the VIP-range addresses of NS are exactly WANT
exactly() {
	local ns=$1 want=""; shift
	[ $# -gt 0 ] && want=$(printf '%s/32\n' "$@" | sort | tr '\n' ' ')
	[ "$(addrs "$ns")" = "$want" ]
}
child_pid() { cat "$(ka_dir r1)/$1.pid" 2>/dev/null; }
# respawned FILE OLD: a live child other than OLD is in the pid file
respawned() { local p; p=$(child_pid "$1"); [ -n "$p" ] && [ "$p" != "$2" ] && pid_alive "$p"; }
generation_written() { ka_logged r1 "configuration generation $1 written to the $2 child"; }

step "1. VRRP child frozen, reloaded (A B -> A C), killed before it read the new configuration"
OLD=$(child_pid vrrp)
[ -n "$OLD" ] && pid_alive "$OLD" || fail "no VRRP child"
kill -STOP "$OLD"
RS="$KT_NET.11 $KT_NET.12" both_conf VI_1 "$A" "$C"
ka_signal r1 HUP
wait_for 20 generation_written 2 vrrp || fail "the parent did not write generation 2 to the VRRP child"
kill -KILL "$OLD"
log "killed frozen VRRP child $OLD after the parent wrote generation 2 to it"
wait_for 30 respawned vrrp "$OLD" || fail "no new VRRP child"
wait_for 30 ka_logged r1 'configuration generation 2 applied' || fail "generation 2 never applied"
wait_for 30 exactly "$R1" "$A" "$C" || fail "r1 has [$(addrs "$R1")], expected exactly $A $C"
wait_for 20 exactly "$R2" || fail "r2 holds [$(addrs "$R2")]"
[ "$(ka_state r1 VI_1)" = MASTER ] || fail "r1's new child is not MASTER"
holds 2 exactly "$R1" "$A" "$C" || fail "r1's addresses changed to [$(addrs "$R1")]"
log "r1: [$(addrs "$R1")]"

step "2. SIGHUP and SIGKILL at once (VI_1 renamed VI_2, A C -> B)"
OLD=$(child_pid vrrp)
RS="$KT_NET.11 $KT_NET.12" both_conf VI_2 "$B"
ka_signal r1 HUP
kill -KILL "$OLD"
log "killed VRRP child $OLD right after SIGHUP"
wait_for 30 respawned vrrp "$OLD" || fail "no new VRRP child"
wait_for 30 ka_logged r1 'configuration generation 3 applied' || fail "generation 3 never applied"
wait_for 30 exactly "$R1" "$B" || fail "r1 has [$(addrs "$R1")], expected exactly $B"
wait_for 20 ka_entered r1 MASTER 2 || fail "VI_2 never became MASTER"
wait_for 20 exactly "$R2" || fail "r2 holds [$(addrs "$R2")]"
holds 2 exactly "$R1" "$B" || fail "r1's addresses changed to [$(addrs "$R1")]"
[ "$(ka_state r1 VI_2)" = MASTER ] || fail "VI_2 is not MASTER"
log "r1: [$(addrs "$R1")]"

step "3. checker child frozen, reloaded (real servers .11 .12 -> .12 .13), killed"
OLD=$(child_pid checkers)
[ -n "$OLD" ] && pid_alive "$OLD" || fail "no checker child"
kill -STOP "$OLD"
RS="$KT_NET.12 $KT_NET.13" r1_conf VI_2 "$B"
ka_signal r1 HUP
wait_for 20 generation_written 4 checker || fail "the parent did not write generation 4 to the checker"
kill -KILL "$OLD"
log "killed frozen checker child $OLD"
wait_for 30 respawned checkers "$OLD" || fail "no new checker child"
wait_for 30 ka_logged r1 'configuration generation 4 applied' || fail "generation 4 never applied"
DUMP=$(ka_dump r1 check)
rs_in_dump() { grep -c "^   RIP = $1, RPORT = 80," "$DUMP"; }
[ "$(rs_in_dump "$KT_NET.12")" = 1 ] && [ "$(rs_in_dump "$KT_NET.13")" = 1 ] ||
	{ cat "$DUMP"; fail "the new real servers are not in the dump (once each)"; }
[ "$(rs_in_dump "$KT_NET.11")" = 0 ] || { cat "$DUMP"; fail "the old real server is still in the dump"; }
exactly "$R1" "$B" || fail "the checker's crash moved r1's addresses: [$(addrs "$R1")]"
log_result
