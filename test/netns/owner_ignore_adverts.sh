#!/usr/bin/env bash
# owner_ignore_adverts: two address owners (priority 255) of one VRID.
#  - keepalived 2.2.7's rule: a MASTER owner that hears another owner logs
#    "CONFIGURATION ERROR: local instance and a remote instance are both
#    configured as address owner ... reducing local priority", goes to 254,
#    so BACKUP, and removes its VIPs (no owner any more) - the owner that
#    started last stays MASTER;
#  - vrrp_owner_ignore_adverts (global_defs; keepalived 2.3 and later): an
#    owner drops every advert (RFC 3768/5798) and logs "Dropping packet(s)
#    from ADDRESS since we are address owner", so it stays MASTER.
# r1 (with the keyword) is master; r2, a plain owner, starts: r1 keeps the VIP,
# r2 lowers its priority and holds no VIP. r1 reloaded without the keyword,
# r2 restarted: now r1 lowers its priority, goes BACKUP and drops the VIP.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
[ "$KT_FLAVOUR" = ng ] || skip "vrrp_owner_ignore_adverts is not a keyword of keepalived 2.2.7"

lab_lan r1:1 r2:2

step "r1, an owner with vrrp_owner_ignore_adverts, is master; r2, a plain owner, starts"
KT_STATE=MASTER KT_GLOBAL='global_defs {
    vrrp_owner_ignore_adverts
}' vrrp_conf r1 255
ka_start r1 r1
wait_for 60 has_addr "$(kt_ns r1)" eth0 "$VIP" || fail "r1 (owner) never got the VIP"
KT_STATE=MASTER vrrp_conf r2 255
ka_start r2 r2
wait_for 15 ka_logged r1 "Dropping packet\\(s\\) from ${KT_NET}\\.2 since we are address owner" ||
	fail "r1 did not log the dropped adverts of r2"
wait_for 15 ka_logged r2 "both configured as address owner, please fix - reducing local priority" ||
	fail "r2 did not report the two owners"
wait_for 15 no_addr "$(kt_ns r2)" eth0 "$VIP" || fail "r2 kept the VIP after lowering its priority"
holds 3 has_addr "$(kt_ns r1)" eth0 "$VIP" || fail "r1 lost the VIP although it ignores adverts"
ka_logged r1 "reducing local priority" && fail "r1 lowered its priority although it ignores adverts"

step "r1 reloaded without it, r2 restarted: r1 lowers its priority, goes BACKUP, drops the VIP"
KT_STATE=MASTER vrrp_conf r1 255
ka_signal r1 HUP
wait_for 30 ka_logged r1 'configuration generation 2 applied' || fail "r1 did not apply the reload"
ka_stop r2
KT_STATE=MASTER vrrp_conf r2 255
ka_start r2 r2
wait_for 30 ka_logged r1 "both configured as address owner, please fix - reducing local priority" ||
	fail "r1 did not report the two owners"
wait_for 30 no_addr "$(kt_ns r1)" eth0 "$VIP" || fail "r1 kept the VIP without vrrp_owner_ignore_adverts"
wait_for 10 has_addr "$(kt_ns r2)" eth0 "$VIP" || fail "r2 (the owner started last) has no VIP"
log_result
