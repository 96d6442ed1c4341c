# shellcheck shell=bash
# test/lib/interop.sh - Debian's keepalived and ours as the two routers of one
# VRID. Sourced by test/interop/interop_v*.sh after netns.sh; run
# `interop_run VERSION` (2 or 3). Proves that the two implementations
# understand each other's adverts: each wins when it has the higher priority,
# the other stays BACKUP, and failover works both ways.

DEB_KEEPALIVED=${DEB_KEEPALIVED:-/usr/sbin/keepalived}

# interop_conf NAME PRIO VERSION: the instance; a scenario may define
# interop_extra NAME to add lines (unicast peers, authentication).
interop_conf() {
	local extra="    version $3"
	if declare -F interop_extra >/dev/null; then
		extra+=$'\n'"$(interop_extra "$1")"
	fi
	vrrp_conf "$1" "$2" "$extra"
}

# start_pair DEBPRIO NGPRIO VERSION: (re)start both with these priorities.
start_pair() {
	interop_conf deb "$1" "$3"
	interop_conf ng "$2" "$3"
	KA_BINARY=$DEB_KEEPALIVED ka_start deb rd -P
	ka_start ng rn
}

# owns WINNER LOSER: WINNER gets the VIP, LOSER is BACKUP and never has it.
owns() {
	local w=$1 l=$2
	wait_for 60 has_addr "$(kt_ns "$(cat "$KT_TMP/$w/ns")")" eth0 "$VIP" || fail "$w never got the VIP"
	wait_for 30 ka_entered "$l" BACKUP || fail "$l never entered BACKUP"
	holds 4 no_addr "$(kt_ns "$(cat "$KT_TMP/$l/ns")")" eth0 "$VIP" || fail "$l has the VIP too"
	wait_for 20 can_ping "$(kt_ns c1)" "$VIP" || fail "client cannot ping the VIP on $w"
	log "$w is MASTER with the VIP, $l is BACKUP"
}

# interop_run VERSION
interop_run() {
	local v=$1
	[ -x "$DEB_KEEPALIVED" ] || skip "Debian keepalived not installed ($DEB_KEEPALIVED)"
	lab_lan rd:1 rn:2 c1:10
	# Unique instance name: Debian's keepalived names some files after it.
	KT_INSTANCE="VI_$KT_ID"

	step "VRRPv$v: Debian keepalived prio 150, ours prio 100 -> Debian's is master"
	start_pair 150 100 "$v"
	owns deb ng

	step "stop Debian's: ours takes over"
	ka_stop deb
	owns_ng() { has_addr "$(kt_ns rn)" eth0 "$VIP"; }
	wait_for 60 owns_ng || fail "ours did not take over from Debian's keepalived"

	step "Debian's returns (prio 150) and preempts ours"
	KA_BINARY=$DEB_KEEPALIVED ka_start deb rd -P
	owns deb ng

	step "swap: ours prio 150, Debian's prio 100 -> ours is master"
	ka_stop deb
	ka_stop ng
	start_pair 100 150 "$v"
	owns ng deb

	step "stop ours: Debian's takes over"
	ka_stop ng
	owns_deb() { has_addr "$(kt_ns rd)" eth0 "$VIP"; }
	wait_for 60 owns_deb || fail "Debian's keepalived did not take over from ours"
	wait_for 20 can_ping "$(kt_ns c1)" "$VIP" || fail "client cannot ping the VIP on Debian's"
	log_result
}
