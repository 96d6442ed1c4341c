#!/usr/bin/env bash
# script_security: notify scripts and who may change them.
#  - with enable_script_security, a notify_master script that a non-root user
#    could modify (mode 0777) is refused with a log line naming the path, and
#    does not run;
#  - a safe script (root-owned, 0755, in root-owned directories) runs, as the
#    user named by script_user (nobody), with the generic notify's arguments.
# With keepalived 2.2.7 only the second part is checked: 2.2.7 checks the
# security of scripts run as root only (its keepalived.conf(5) says so), so
# it runs unsafe.sh as nobody; ours refuses it as well (keepalived.conf(5),
# enable_script_security).
. "$(dirname "$0")/../lib/netns.sh"
kt_init
id nobody >/dev/null 2>&1 || skip "no user 'nobody'"

lab_lan r1:1
SCRIPTS=$KT_TMP/scripts
mkdir -p "$SCRIPTS"
chmod 755 "$SCRIPTS"
OUT=$KT_TMP/out
mkdir -p "$OUT"
chmod 777 "$OUT"        # the scripts run as nobody and write here

cat >"$SCRIPTS/unsafe.sh" <<SH
#!/bin/sh
echo "unsafe ran" >>"$OUT/unsafe"
SH
chmod 777 "$SCRIPTS/unsafe.sh"

cat >"$SCRIPTS/safe.sh" <<SH
#!/bin/sh
echo "\$(id -un) \$*" >>"$OUT/safe"
SH
chmod 755 "$SCRIPTS/safe.sh"

KT_GLOBAL="global_defs {
    enable_script_security
    script_user nobody
}" vrrp_conf r1 150 "    notify_master $SCRIPTS/unsafe.sh
    notify $SCRIPTS/safe.sh"
ka_start r1 r1

step "r1 becomes MASTER; the safe generic notify runs as nobody"
wait_for 60 has_addr "$(kt_ns r1)" eth0 "$VIP" || fail "r1 never got the VIP"
safe_has() { grep -qx "nobody INSTANCE VI_1 $1 150" "$OUT/safe" 2>/dev/null; }
wait_for 20 safe_has MASTER || fail "the safe notify script did not run as nobody with 'INSTANCE VI_1 MASTER 150'"
cat "$OUT/safe"

ours_only "refusing a world-writable script run as another user than root" || { log_result; exit 0; }
step "the world-writable notify_master script was refused and did not run"
wait_for 10 ka_logged r1 "unsafe\.sh.*refused.*writable" || fail "no log line refusing unsafe.sh"
ka_count r1 "refused" >/dev/null
[ ! -e "$OUT/unsafe" ] || fail "the unsafe script ran"
log_result
