#!/usr/bin/env bash
# privsep: what each process may do, and who runs scripts.
#  - the VRRP child and the checker keep only CAP_NET_ADMIN and CAP_NET_RAW
#    (effective, permitted and bounding sets, nothing inheritable or
#    ambient) and have no_new_privs; the parent keeps what it had;
#  - both children run as the system user 'keepalived' (uid, gid, no
#    supplementary groups) when it exists (tools/setup.sh makes it), else
#    as root with one notice naming the user to create;
#  - a reload that adds root's files (a vrrp_track_file 0600 in a 0700
#    directory, a vrrp_notify_fifo there) works under that uid: the file's
#    value, replaced by rename, changes the priority; the FIFO gets the
#    priority-change line;
#  - scripts are run by the parent as script_user: a notify script and a
#    MISC_CHECK script write `id -u` and their parent's pid (a MISC_CHECK
#    with its own `user root` runs as root);
#  - with enable_script_security, a script in a directory others can write
#    to, and one reached through a symlink in such a directory, are refused
#    with a log line naming that directory.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
[ "$KT_FLAVOUR" = ng ] || skip "keepalived 2.2 runs every process with every capability"
id nobody >/dev/null 2>&1 || skip "no user 'nobody'"
NOBODY=$(id -u nobody)

lab_lan r1:1
S=$KT_TMP/scripts
OUT=$KT_TMP/out
W=$KT_TMP/open              # writable by anyone, no sticky bit
mkdir -p "$S" "$OUT" "$W"
chmod 755 "$S"
chmod 777 "$OUT" "$W"

cat >"$S/notify.sh" <<SH
#!/bin/sh
echo "\$(id -u) \$PPID \$3" >>"$OUT/notify"
SH
cat >"$S/misc.sh" <<SH
#!/bin/sh
echo "\$(id -u) \$PPID" >>"$OUT/misc"
exit 0
SH
cat >"$S/misc_root.sh" <<SH
#!/bin/sh
echo "\$(id -u) \$PPID" >>"$OUT/misc_root"
exit 0
SH
cat >"$W/master.sh" <<SH
#!/bin/sh
echo ran >"$OUT/unsafe_dir"
SH
cp "$S/notify.sh" "$S/backup.sh"
ln -s "$S/backup.sh" "$W/backup-link"
chmod 755 "$S"/*.sh "$W/master.sh"

VSCONF="virtual_server $KT_NET.200 80 {
    delay_loop 1
    lb_kind NAT
    protocol TCP
    real_server $KT_NET.1 80 {
        MISC_CHECK {
            misc_path $S/misc.sh
            misc_timeout 5
        }
    }
    real_server $KT_NET.1 81 {
        MISC_CHECK {
            misc_path $S/misc_root.sh
            user root
        }
    }
}"
KT_GLOBAL="global_defs {
    enable_script_security
    script_user nobody
}
$VSCONF" vrrp_conf r1 150 "    notify $S/notify.sh
    notify_master $W/master.sh
    notify_backup $W/backup-link"
ka_start r1 r1

step "both children run and have applied their configuration"
P=$(ka_pid r1)
child_pid() { cat "$KT_TMP/r1/$1.pid" 2>/dev/null; }
wait_for 30 ka_logged r1 "vrrp: privileges dropped" || fail "the VRRP child did not drop its privileges"
wait_for 30 ka_logged r1 "checker: privileges dropped" || fail "the checker did not drop its privileges"
VP=$(child_pid vrrp); CP=$(child_pid checkers)
[ -n "$VP" ] && [ -n "$CP" ] || fail "no child pid files"

# field PID KEY: the value of KEY: in /proc/PID/status
field() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
NET=0000000000003000        # CAP_NET_ADMIN (12) | CAP_NET_RAW (13)
if id -u keepalived >/dev/null 2>&1; then
	KU=$(id -u keepalived) KG=$(id -g keepalived)
else
	KU=0 KG=0
	ka_logged r1 "User 'keepalived' does not exist: the VRRP and checker processes keep uid 0" ||
		fail "no notice naming the user to create"
	[ "$(ka_count r1 "User 'keepalived' does not exist")" = 1 ] || fail "the notice is not logged once"
fi
# ids PID Uid|Gid: the four ids of /proc/PID/status on one line
ids() { awk -v k="$2:" '$1 == k { print $2, $3, $4, $5 }' "/proc/$1/status"; }
for who in "vrrp $VP" "checker $CP"; do
	set -- $who
	step "the $1 child (pid $2): uid $KU gid $KG, capabilities"
	grep -E '^(Uid|Gid|Groups|Cap|NoNewPrivs)' "/proc/$2/status" | sed 's/^/    /'
	[ "$(ids "$2" Uid)" = "$KU $KU $KU $KU" ] || fail "$1 child: Uid $(ids "$2" Uid), not $KU"
	[ "$(ids "$2" Gid)" = "$KG $KG $KG $KG" ] || fail "$1 child: Gid $(ids "$2" Gid), not $KG"
	[ "$KU" = 0 ] || [ -z "$(awk '$1 == "Groups:" { print $2 }' "/proc/$2/status")" ] ||
		fail "$1 child: supplementary groups left"
	DROP="privileges dropped: "
	[ "$KU" = 0 ] || DROP="${DROP}uid $KU gid $KG, "
	ka_logged r1 "$1: ${DROP}capabilities" || fail "$1 child: no log line '${DROP}capabilities'"
	for k in CapEff CapPrm CapBnd; do
		[ "$(field "$2" $k)" = $NET ] || fail "$1 child: $k is $(field "$2" $k), not $NET"
	done
	for k in CapInh CapAmb; do
		[ "$(field "$2" $k)" = 0000000000000000 ] || fail "$1 child: $k is $(field "$2" $k)"
	done
	[ "$(field "$2" NoNewPrivs)" = 1 ] || fail "$1 child: no_new_privs not set"
done
step "the parent (pid $P) keeps what it started with"
[ "$(field "$P" CapEff)" = "$(field $$ CapEff)" ] || fail "the parent's CapEff is $(field "$P" CapEff)"

step "the notify script runs as script_user, started by the parent"
got_notify() { grep -q " MASTER$" "$OUT/notify" 2>/dev/null; }
wait_for 60 got_notify || fail "no generic notify for MASTER"
cat "$OUT/notify"
grep -qx "$NOBODY $P MASTER" "$OUT/notify" || fail "notify did not run as uid $NOBODY from the parent (pid $P)"

step "the MISC_CHECK script runs as script_user, started by the parent"
wait_for 30 test -s "$OUT/misc" || fail "MISC_CHECK never ran"
head -n 2 "$OUT/misc"
[ "$(head -n 1 "$OUT/misc")" = "$NOBODY $P" ] || fail "MISC_CHECK did not run as uid $NOBODY from the parent"
wait_for 30 test -s "$OUT/misc_root" || fail "MISC_CHECK with 'user root' never ran"
[ "$(head -n 1 "$OUT/misc_root")" = "0 $P" ] || fail "MISC_CHECK with 'user root' did not run as root: $(head -n 1 "$OUT/misc_root")"

step "scripts behind a directory others can write to are refused"
wait_for 10 ka_logged r1 "master\.sh' refused \(enable_script_security\): directory $W is writable by a non-root user" ||
	fail "no log line refusing master.sh for its directory"
wait_for 10 ka_logged r1 "backup-link' refused \(enable_script_security\): directory $W is writable by a non-root user" ||
	fail "no log line refusing the symlink in a writable directory"
[ ! -e "$OUT/unsafe_dir" ] || fail "the script in the writable directory ran"
[ "$(grep -c . "$OUT/notify")" -ge 2 ] || fail "the generic notify did not run for BACKUP and MASTER"

step "a reload adds root's files: a track file (0600 in a 0700 directory) and a notify FIFO there, and a first track_process"
PNAME="kps$$"                # a process of our own for track_process (comm = the file's name)
ln -s "$(command -v sleep)" "$KT_TMP/$PNAME"
"$KT_TMP/$PNAME" 600 &
KT_BGPIDS+=("$!")
disown "$!"
PRIV=$KT_TMP/root-only
mkdir -m 700 "$PRIV"
echo 0 >"$PRIV/tf"
chmod 600 "$PRIV/tf"
KT_GLOBAL="global_defs {
    enable_script_security
    script_user nobody
    vrrp_notify_fifo $PRIV/fifo
    vrrp_notify_priority_changes
}
vrrp_track_file tf {
    file $PRIV/tf
    weight -60
}
vrrp_track_process tp {
    process $PNAME
    quorum 1
    weight 0
}
$VSCONF" vrrp_conf r1 150 "    notify $S/notify.sh
    notify_master $W/master.sh
    notify_backup $W/backup-link
    track_file {
        tf
    }
    track_process {
        tp
    }"
ka_signal r1 HUP
wait_for 20 ka_logged r1 "vrrp: configuration generation 2: " || fail "the VRRP child did not apply the reload"
[ -p "$PRIV/fifo" ] || fail "the FIFO was not made"
ka_logged r1 "not opened" && fail "a child could not get the FIFO"
# the proc connector lives in the initial network namespace: the parent
# (root) opens it there for the child, which could not (setns)
wait_for 10 ka_logged r1 "Track process tp: 1 running at start" || fail "track_process tp did not count its process"
if ka_logged r1 "parent: warning: track_process: no process events"; then
	log "the parent cannot reach the proc connector on this host: the child counts from /proc"
else
	ka_logged r1 "falling back to counting processes" && fail "the VRRP child got no proc connector socket"
fi
echo 1 >"$PRIV/tf.new"
chmod 600 "$PRIV/tf.new"
mv "$PRIV/tf.new" "$PRIV/tf"
prio() { dump_field "$(ka_dump r1 data)" VI_1 'Effective priority'; }
wait_for 20 test "$(prio)" = 90 || fail "the track file's 1 x -60 did not make the priority 90 (it is $(prio))"
timeout 2 cat "$PRIV/fifo" >"$OUT/fifo" 2>/dev/null
grep -qx 'INSTANCE "VI_1" MASTER_PRIORITY 90' "$OUT/fifo" || { cat "$OUT/fifo"; fail "no priority line in the FIFO"; }
[ "$(child_pid vrrp)" = "$VP" ] || fail "the VRRP child was restarted"

step "stop: no script is left behind"
ka_stop r1
log_result
