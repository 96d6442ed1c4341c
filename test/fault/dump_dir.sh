#!/usr/bin/env bash
# fault/dump_dir: the dump directory full, then read-only. The dump fails
# with a logged error and nothing else is affected; once the directory is
# fixed the next dump works.
#
# The test runs in a private mount namespace of its own (unshare -m,
# propagation private) and mounts a 256 KiB tmpfs on r1's dump directory:
# nothing is mounted in the host's namespace. The daemon (started through
# `ip netns exec`, which copies our mount namespace) sees the same tmpfs.
#
#  r1 (prio 150) MASTER with a virtual server (both children), r2 (prio
#  100) its backup; c1 captures r1's adverts.
#   1. a first data dump is written;
#   2. the tmpfs is filled: SIGUSR1, SIGUSR2 and the JSON dump each log
#      "cannot write ...: No space left on device"; the old data dump is
#      left whole and no temporary file is left behind;
#   3. the filler removed: the next data dump works and is fresh;
#   4. the tmpfs remounted read-only: the dump logs "Read-only file
#      system"; remounted read-write: it works again;
#  and throughout: r1 stays MASTER with its VIP (no transition on either
#  router), the children are the same processes, r1's adverts have no gap
#  longer than 3 advert intervals.
if [ -z "${KT_MNTNS:-}" ] && [ "$(id -u)" = 0 ] && command -v unshare >/dev/null 2>&1; then
	KT_MNTNS=1 exec unshare -m --propagation private bash "$0" "$@"
fi
. "$(dirname "$0")/../lib/netns.sh"
kt_init
[ -n "${KT_MNTNS:-}" ] || skip "unshare is needed (a private mount namespace for the tmpfs)"
[ "$KT_FLAVOUR" = ng ] || skip "keepalived-ng's dump directory (--dump-dir)"
require_cmd tcpdump

lab_lan r1:1 r2:2 c1:10
R1=$(kt_ns r1) R2=$(kt_ns r2) C1=$(kt_ns c1)
ka_conf r1 <<EOF
$(vrrp_block VI_1 51 150)
virtual_server 10.200.0.1 80 {
    protocol TCP
    delay_loop 60
    real_server $KT_NET.11 80 {
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
EOF
vrrp_conf r2 100
DIR=$(ka_dumpdir r1)
mount -t tmpfs -o size=256k,mode=0755 kt-dump "$DIR" || fail "cannot mount a tmpfs on $DIR"
# unmount before the harness removes the temp dir (the mount dies with
# this namespace anyway; the directory must not stay behind on /tmp)
trap 'rc=$?; umount -l "$DIR" 2>/dev/null; (exit $rc); kt_cleanup' EXIT
log "tmpfs of 256 KiB on $DIR (this test's mount namespace only)"

ka_start r1 r1
ka_start r2 r2
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "r1 never became MASTER"
wait_for 30 ka_entered r2 BACKUP || fail "r2 never entered BACKUP"
wait_for 30 ka_logged r1 'configuration generation 1 applied' || fail "r1 never applied its configuration"
KIDS=$(ka_children r1 | sort | tr '\n' ' ')
R1_TRANSITIONS=$(ka_count r1 'Entering|Stopped')
R2_TRANSITIONS=$(ka_count r2 'Entering|Stopped')
ip netns exec "$C1" tcpdump -i eth0 -l -nn -tt "ip proto 112 and src host $KT_NET.1" \
	>"$KT_TMP/wire.txt" 2>"$KT_TMP/tcpdump.err" &
KT_BGPIDS+=($!)
disown $!
wait_for 10 grep -q 'listening on' "$KT_TMP/tcpdump.err" || fail "tcpdump did not start"

DATA="$DIR/keepalived.data"
step "1. a first data dump"
ka_dump r1 data >/dev/null
grep -q "VRRP Instance = VI_1" "$DATA" || fail "the first dump has no instance"
cp "$DATA" "$KT_TMP/data.first"

# fails_with SIG FILE TEXT: SIG makes the parent log "cannot write FILE: TEXT"
fails_with() {
	FW_PAT="cannot write $DIR/$2: $3"
	local n; n=$(ka_count r1 "$FW_PAT")
	ka_signal r1 "$1"
	more_failures() { [ "$(ka_count r1 "$FW_PAT")" -gt "$1" ]; }
	wait_for 20 more_failures "$n" || fail "SIG$1 did not log '$FW_PAT'"
	log "SIG$1: $(grep "cannot write $DIR/$2" "$(ka_log r1)" | tail -1 | sed 's/.*parent: //')"
}
# no_temp_files: only the files we expect are in the directory
no_temp_files() {
	local extra; extra=$(ls -A "$DIR" | grep -Ev '^(keepalived(_parent|_check)?\.data|keepalived\.(stats|json)|fill)$')
	[ -z "$extra" ] || fail "left in $DIR: $extra"
}

step "2. the directory full"
ADVERTS_BEFORE=$(wc -l <"$KT_TMP/wire.txt")
dd if=/dev/zero of="$DIR/fill" bs=4k 2>/dev/null
[ "$(df --output=avail "$DIR" | tail -1 | tr -d " ")" = 0 ] || fail "the tmpfs is not full: $(df -h "$DIR")"
rm -f "$DIR/keepalived.stats" "$DIR/keepalived.json"
fails_with USR1 keepalived.data "No space left on device"
fails_with USR2 keepalived.stats "No space left on device"
fails_with RTMIN+2 keepalived.json "No space left on device"
cmp -s "$DATA" "$KT_TMP/data.first" || fail "the old data dump was changed by the failed one"
no_temp_files
[ ! -e "$DIR/keepalived.stats" ] || fail "a partial stats dump is there"

step "3. space again: the next dump works"
rm -f "$DIR/fill"
sleep 1.1   # a new dump shows a later uptime
ka_dump r1 data >/dev/null
grep -q "VRRP Instance = VI_1" "$DATA" || fail "the dump after the fix has no instance"
! cmp -s "$DATA" "$KT_TMP/data.first" || fail "the dump after the fix is the old one"
ka_dump r1 stats >/dev/null
no_temp_files

step "4. the directory read-only, then writable again"
cp "$DATA" "$KT_TMP/data.second"
mount -o remount,ro "$DIR" || fail "cannot remount $DIR read-only"
fails_with USR1 keepalived.data "Read-only file system"
cmp -s "$DATA" "$KT_TMP/data.second" || fail "the data dump changed on a read-only directory"
mount -o remount,rw "$DIR" || fail "cannot remount $DIR read-write"
ka_dump r1 data >/dev/null
grep -q "VRRP Instance = VI_1" "$DATA" || fail "the dump after remounting has no instance"
no_temp_files

step "nothing else was affected"
[ "$(ka_children r1 | sort | tr '\n' ' ')" = "$KIDS" ] || fail "r1's children changed: $KIDS -> $(ka_children r1 | tr '\n' ' ')"
ka_alive r1 || fail "r1's parent died"
[ "$(ka_count r1 'Entering|Stopped')" = "$R1_TRANSITIONS" ] || fail "r1 changed state"
[ "$(ka_count r2 'Entering|Stopped')" = "$R2_TRANSITIONS" ] || fail "r2 changed state"
has_addr "$R1" eth0 "$VIP" || fail "r1 lost the VIP"
# r1 advertised on during and after the failures
adverts_after() { [ "$(wc -l <"$KT_TMP/wire.txt")" -ge $((ADVERTS_BEFORE + 3)) ]; }
wait_for 10 adverts_after || fail "r1 stopped advertising"
N=$(wc -l <"$KT_TMP/wire.txt")
GAP=$(awk '{ t = $1 + 0; if (NR > 1 && t - p > max) max = t - p; p = t } END { printf "%.3f", max }' "$KT_TMP/wire.txt")
log "$N adverts from r1 captured, longest gap $GAP s"
awk -v g="$GAP" 'BEGIN { exit !(g < 3.0) }' || fail "r1's adverts stopped for $GAP s"
log_result
