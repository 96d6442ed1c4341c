#!/usr/bin/env bash
# config_check: `keepalived -t` validates a config without running it.
#  - a good config: exit 0;
#  - a config with several errors: non-zero exit, and every error reported
#    as "FILE:LINE: message" on stderr (not just the first one);
#  - BFD_CHECK naming no bfd_instance (ours): rejected with FILE:LINE;
#  - an unknown command-line flag: non-zero exit and the usage text.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

# Run inside a namespace that has an eth0, so interface checks are realistic.
lab_lan r1:1
R1=$(kt_ns r1)
vrrp_conf good 150
ka_conf bad <<CONF
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 300
    priority 100
    advert_int 1
    virtual_ipaddress {
        $VIP/33
    }
}
CONF
GOOD=$(ka_conf_file good) BAD=$(ka_conf_file bad)
BADLINES="$(grep -n 'virtual_router_id 300' "$BAD" | cut -d: -f1) $(grep -n '/33' "$BAD" | cut -d: -f1)"

step "-t on a good config: exit 0"
ip netns exec "$R1" "$KEEPALIVED" -t -f "$GOOD" >"$KT_TMP/good.out" 2>&1
rc=$?
[ "$rc" = 0 ] || { cat "$KT_TMP/good.out"; fail "-t on a good config exited $rc"; }

step "-t on a config with two errors: non-zero, both reported as FILE:LINE"
ip netns exec "$R1" "$KEEPALIVED" -t -f "$BAD" >"$KT_TMP/bad.out" 2>"$KT_TMP/bad.err"
rc=$?
cat "$KT_TMP/bad.err" "$KT_TMP/bad.out"
[ "$rc" != 0 ] || fail "-t on a bad config exited 0"
if [ "$KT_FLAVOUR" = ng ]; then
	for l in $BADLINES; do
		grep -qF "$BAD:$l: " "$KT_TMP/bad.err" || fail "no '$BAD:$l: ...' error on stderr"
	done
else
	log "classic keepalived: it has no FILE:LINE messages; exit status checked only"
fi

if [ "$KT_FLAVOUR" = ng ]; then
	step "-t on BFD_CHECK naming no bfd_instance: skipped with a FILE:LINE warning, -t exits 5 (keepalived 2.2.7 skips the checker and runs the file)"
	ka_conf bfd <<CONF
virtual_server 10.200.0.1 80 {
    protocol TCP
    real_server 10.200.0.2 80 {
        BFD_CHECK {
            name b1
        }
    }
}
CONF
	BFD=$(ka_conf_file bfd)
	"$KEEPALIVED" -t -f "$BFD" >"$KT_TMP/bfd.out" 2>&1
	rc=$?
	cat "$KT_TMP/bfd.out"
	[ "$rc" = 5 ] || fail "-t exited $rc for the BFD_CHECK, want 5"
	grep -qF "$BFD:$(grep -n BFD_CHECK "$BFD" | cut -d: -f1): warning: BFD_CHECK - BFD b1 not configured - skipping" "$KT_TMP/bfd.out" ||
		fail "no FILE:LINE warning for BFD_CHECK"
fi

step "an unknown flag: non-zero exit with usage"
"$KEEPALIVED" --no-such-flag >"$KT_TMP/usage.out" 2>&1
rc=$?
head -5 "$KT_TMP/usage.out"
[ "$rc" != 0 ] || fail "unknown flag exited 0"
if [ "$KT_FLAVOUR" = ng ]; then
	grep -qi 'usage' "$KT_TMP/usage.out" || fail "no usage text for an unknown flag"
else
	log "classic keepalived prints no usage here; exit status checked only"
fi
log_result
