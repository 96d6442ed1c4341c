#!/usr/bin/env bash
# down_timer: down_timer_adverts N (keepalived 2.2) - the backup declares
# the master down after N advert intervals plus the skew instead of 3.
# r2 (priority 100, down_timer_adverts 8, advert_int 1: 8.6 s) follows r1;
# r1 is SIGKILLed: r2 must still be BACKUP without the VIP 5 s later (with
# the RFC's 3 it would have taken over after 3.6 s; this is a lower bound,
# which a busy machine cannot break), then takes the VIP. Passes with
# keepalived 2.2.7 as KEEPALIVED too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 r2:2
vrrp_conf r1 150
vrrp_conf r2 100 "    down_timer_adverts 8"
ka_start r1 r1
wait_for 60 has_addr "$(kt_ns r1)" eth0 "$VIP" || fail "r1 never got the VIP"
ka_start r2 r2
wait_for 30 ka_entered r2 BACKUP || fail "r2 never entered BACKUP"
if [ "$KT_FLAVOUR" = ng ]; then
	grep -q "Down timer adverts = 8" "$(ka_dump r2 data)" || fail "r2's dump does not say Down timer adverts = 8"
fi

step "SIGKILL r1: r2 waits 8 intervals + skew, not 3"
ka_kill r1
ip -n "$(kt_ns r1)" addr del "$VIP/32" dev eth0 2>/dev/null
holds 5 no_addr "$(kt_ns r2)" eth0 "$VIP" || fail "r2 took over within 5 s (down_timer_adverts 8 means 8.6 s)"
wait_for 30 has_addr "$(kt_ns r2)" eth0 "$VIP" || fail "r2 never took over"
log_result
