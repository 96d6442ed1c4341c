#!/usr/bin/env bash
# reload_check_warn: with reload_check_config, a reload whose check gives
# warnings only (an unknown keyword: -t would exit 5) is refused as one with
# errors - keepalived 2.2.7 runs -t on the new file and keeps the running
# configuration unless it exits 0 ("New config failed validation"). r1 is
# master of VIP; a reload adds a second VIP and an unknown keyword: the
# second VIP does not come. The same reload without the unknown keyword:
# it comes. Passes with keepalived 2.2.7 too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1
R1=$(kt_ns r1)
VIP2="$KT_NET.120"
CL="$KT_TMP/check.log"
conf() { # EXTRA-GLOBAL-LINE VIPS
	KT_VIPS="$2" KT_GLOBAL="global_defs {
    reload_check_config $CL
$1
}" vrrp_conf r1 150
}
conf "" "$VIP/32"
ka_start r1 r1
wait_for 30 has_addr "$R1" eth0 "$VIP" || fail "r1 never took the VIP"

step "a reload with a warning (unknown keyword) and a second VIP: refused"
conf "    no_such_keyword_here 1" "$VIP/32 $VIP2/32"
ka_signal r1 HUP
checked() { grep -q 'no_such_keyword_here' "$CL" 2>/dev/null; }
wait_for 20 checked || fail "the reload's check did not reach $CL"
holds 4 no_addr "$R1" eth0 "$VIP2" || fail "the reload with a warning was applied ($VIP2 added)"
has_addr "$R1" eth0 "$VIP" || fail "r1 lost the VIP"

step "the same reload without the warning: applied"
conf "" "$VIP/32 $VIP2/32"
ka_signal r1 HUP
wait_for 20 has_addr "$R1" eth0 "$VIP2" || fail "the clean reload was not applied"
log_result
