#!/usr/bin/env bash
# owner_state_backup: keepalived 2.2.7 starts an address owner (priority 255)
# MASTER at once only in state MASTER (or without a state); with `state
# BACKUP` it starts as any backup - and stays one while another owner
# advertises. A real-world pair (kubeadm's keepalived.conf on two hosts,
# both priority 255, one state MASTER, one state BACKUP) found it: with
# 2.2.7 the first keeps the VIP; ours made the second master at once,
# which took over as the first lowered its priority ("both configured as
# address owner"). r1: state MASTER, 255, holds the VIP. r2: state BACKUP,
# 255, starts: it enters BACKUP, never takes the VIP, and r1 never reports
# two owners. Passes with keepalived 2.2.7 as KEEPALIVED too.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 r2:2

KT_STATE=MASTER vrrp_conf r1 255
ka_start r1 r1
wait_for 30 has_addr "$(kt_ns r1)" eth0 "$VIP" || fail "r1 (state MASTER, owner) never got the VIP"

step "r2: state BACKUP, priority 255: a backup while r1 advertises"
KT_STATE=BACKUP vrrp_conf r2 255
ka_start r2 r2
wait_for 30 ka_entered r2 BACKUP || fail "r2 (state BACKUP, owner) never entered BACKUP"
holds 5 no_addr "$(kt_ns r2)" eth0 "$VIP" || fail "r2 took the VIP from the advertising owner r1"
has_addr "$(kt_ns r1)" eth0 "$VIP" || fail "r1 lost the VIP"
ka_entered r2 MASTER && fail "r2 entered MASTER while r1 advertised"
ka_logged r1 "both configured as address owner" && fail "r1 heard an owner's advert from r2"

step "r1 stops: r2, an owner, takes over"
ka_stop r1
wait_for 30 has_addr "$(kt_ns r2)" eth0 "$VIP" || fail "r2 never took the VIP after r1 stopped"
log_result
