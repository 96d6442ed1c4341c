#!/usr/bin/env bash
# process_names: global_defs process_names names the VRRP child
# keepalived_vrrp, process_name names the parent; vrrp_process_name alone
# names the child (the kernel's comm, /proc/PID/comm).
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1
KT_GLOBAL='global_defs {
    process_names
    process_name ka_main_t
}'
vrrp_conf r1 100
ka_start r1 r1
wait_for 30 test -s "$KT_TMP/r1/vrrp.pid" || fail "no vrrp pid file"
comm() { cat "/proc/$1/comm" 2>/dev/null; }
c=$(comm "$(ka_vrrp_pid r1)")
[ "$c" = keepalived_vrrp ] || fail "the VRRP child is named '$c', not keepalived_vrrp (process_names)"
p=$(comm "$(ka_pid r1)")
[ "$p" = ka_main_t ] || fail "the parent is named '$p', not ka_main_t (process_name)"
log "parent '$p', VRRP child '$c'"
ka_stop r1
KT_GLOBAL='global_defs {
    vrrp_process_name ka_vrrp_t
}'
vrrp_conf r1 100
rm -f "$KT_TMP/r1/vrrp.pid"
ka_start r1 r1
wait_for 30 test -s "$KT_TMP/r1/vrrp.pid" || fail "no vrrp pid file"
c=$(comm "$(ka_vrrp_pid r1)")
[ "$c" = ka_vrrp_t ] || fail "the VRRP child is named '$c', not ka_vrrp_t (vrrp_process_name)"
log "VRRP child '$c'"
log_result
