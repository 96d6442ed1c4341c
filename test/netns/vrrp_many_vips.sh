#!/usr/bin/env bash
# vrrp_many_vips: one instance with 300 virtual_ipaddress entries and 4,700
# virtual_ipaddress_excluded entries (its record is more than one 64 KiB IPC
# frame) reaches the VRRP child whole.
#  1. keepalived -t reports, with file:line, that an advert carries at most
#     255 addresses and the rest are handled as excluded (keepalived 2.2.7
#     says the same and also exits non-zero with -t).
#  2. The master installs all 5,000 addresses; its adverts carry the first
#     255 of virtual_ipaddress; the backup (Debian's keepalived 2.2.7 when
#     installed, else ours) accepts them and stays BACKUP.
#  3. A reload adding one excluded address installs it (4,701 excluded) and
#     the instance makes no transition.
# With KEEPALIVED=/usr/sbin/keepalived the messages and the IPC record size
# (ours) are not checked.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
DEB=${DEB_KEEPALIVED:-/usr/sbin/keepalived}

lab_lan r1:1 r2:2
R1=$(kt_ns r1)
INST="VI_$KT_ID"     # Debian's keepalived names files after the instance

# conf NAME PRIO STATE N_EXCLUDED
conf() {
	python3 - "$2" "$3" "$4" "$INST" <<'PY' | ka_conf "$1"
import sys
prio, state, nex, inst = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
print("vrrp_instance %s {\n    state %s\n    interface eth0\n    virtual_router_id 61\n"
      "    priority %s\n    advert_int 1\n    virtual_ipaddress {" % (inst, state, prio))
for i in range(300):
    print("        10.77.%d.%d/32" % (i // 250, i % 250 + 1))
print("    }\n    virtual_ipaddress_excluded {")
for i in range(nex):
    print("        198.18.%d.%d/32" % (i // 250, i % 250 + 1))
print("    }\n}")
PY
}
n_vips() { ip -n "$R1" -o -4 addr show dev eth0 | grep -c ' inet 10\.77\.'; }
n_excl() { ip -n "$R1" -o -4 addr show dev eth0 | grep -c ' inet 198\.18\.'; }
transitions() { grep -c "($INST) Entering" "$(ka_log r1)"; }

step "keepalived -t: more than 255 addresses in virtual_ipaddress"
conf r1 150 MASTER 4700
rc=0
out=$(ip netns exec "$R1" "$KEEPALIVED" -t -f "$(ka_conf_file r1)" 2>&1) || rc=$?
# a warning, as keepalived 2.2.7's ("excess moved to eVIPs", -t exits 5)
[ "$rc" = 5 ] || fail "-t exited $rc, want 5: $out"
if ours_only "-t's wording with file:line"; then
	echo "$out" | grep -q "keepalived.conf:1: warning: vrrp_instance $INST: 300 addresses in virtual_ipaddress, but an advert carries at most 255: the last 45 are handled as virtual_ipaddress_excluded" ||
		fail "-t did not explain it with file:line: $out"
fi

step "start: all 5,000 addresses on the master, adverts carry 255"
listen_start r2 eth0 "$KT_TMP/adverts" 90
ka_start r1 r1
wait_for 60 ka_entered r1 MASTER || fail "r1 never became MASTER"
wait_for 60 eval '[ "$(n_excl)" -eq 4700 ]' || fail "$(n_excl) of 4700 excluded addresses installed"
[ "$(n_vips)" -eq 300 ] || fail "$(n_vips) of 300 virtual addresses installed"
if ours_only "the daemon's warning and the size of the instance's IPC record"; then
	ka_logged r1 "keepalived.conf:1: .*300 addresses in virtual_ipaddress" || fail "the daemon did not warn"
	bytes=$(sed -n 's/.*vrrp: configuration generation 1: 1 records (\([0-9]*\) bytes).*/\1/p' "$(ka_log r1)")
	[ "${bytes:-0}" -gt 65536 ] || fail "the instance's record ($bytes bytes) fits one frame: the test proves nothing"
fi
wait_for 20 grep -q "src=$KT_NET.1 .*vrid=61 .*naddr=255 " "$KT_TMP/adverts" || fail "no advert with 255 addresses from r1"
grep "src=$KT_NET.1 .*vrid=61" "$KT_TMP/adverts" | tail -1 | grep -q "addrs=10.77.0.1,.*,10.77.1.5$" ||
	fail "the advert does not carry the first 255 addresses"

step "the backup accepts those adverts"
conf r2 100 BACKUP 4700
if [ -x "$DEB" ]; then
	KA_BINARY=$DEB ka_start r2 r2 -P
else
	ka_start r2 r2
fi
wait_for 30 ka_entered r2 BACKUP || fail "r2 never entered BACKUP"
holds 5 ka_alive r2 || fail "r2 died"
ka_entered r2 MASTER && fail "r2 (the backup) became MASTER: it rejected r1's adverts"
ka_logged r2 "invalid ip number count|not present in MASTER advert|address list" && fail "r2 complained about r1's address list"
BEFORE=$(transitions)

step "reload adding one excluded address"
conf r1 150 MASTER 4701
ka_signal r1 HUP
wait_for 30 eval '[ "$(n_excl)" -eq 4701 ]' || fail "$(n_excl) excluded addresses after the reload, expected 4701"
holds 3 eval '[ "$(n_vips)" -eq 300 ]' || fail "virtual addresses changed on the reload"
[ "$(transitions)" = "$BEFORE" ] || fail "$INST made a transition on the reload"
ka_alive r1 || fail "r1 died"
ka_is_ours && { [ "$(ka_count r1 'respawning')" -eq 0 ] || fail "a child was respawned"; }
ka_entered r2 MASTER && fail "r2 became MASTER"
log_result
