#!/usr/bin/env bash
# cmdline: every option of keepalived 2.2.7's --help is accepted (checked
# with -t, which parses the whole command line and the configuration);
# --signum prints keepalived's numbers; -t=FILE, -e, -T (genhash mode) and
# the usage errors. The options that change a running daemon are exercised
# by cmdline_run.sh.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
[ "$KT_FLAVOUR" = ng ] || skip "keepalived-ng options (--dump-dir etc.)"

netns_add nsopt
C=$KT_TMP/k.conf
# dynamic_interfaces: -t runs here and in nsopt, where eth0 need not exist
cat >"$C" <<'CONF'
global_defs {
    dynamic_interfaces
}
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    priority 100
    virtual_ipaddress {
        192.0.2.1/32
    }
}
CONF

# accepts ARGS...: `keepalived ARGS -t -f $C` says "configuration OK", exit 0.
accepts() {
	local out rc
	out=$("$KEEPALIVED" "$@" -t -f "$C" 2>&1)
	rc=$?
	[ $rc = 0 ] && grep -q 'configuration OK' <<<"$out" ||
		fail "'$*' refused (exit $rc): $out"
}

step "every option of keepalived 2.2.7's --help, short and long forms, with -t"
P=$KT_TMP/pid
accepts -P
accepts --vrrp
accepts -C
accepts --check
accepts -B
accepts --no_bfd
accepts --all
accepts -l
accepts --log-console
accepts -D
accepts --log-detail
for f in 0 7 local0 local7 user daemon; do accepts -S "$f"; accepts --log-facility="$f"; done
accepts -G
accepts --no-syslog
accepts -u 022
accepts --umask=0077
accepts -X
accepts --release-vips
accepts -V
accepts --dont-release-vrrp
accepts -I
accepts --dont-release-ipvs
accepts -R
accepts --dont-respawn
accepts -n
accepts --dont-fork
accepts -d
accepts --dump-conf
accepts -p "$P/k.pid"
accepts --pid="$P/k.pid"
accepts -r "$P/v.pid"
accepts --vrrp_pid="$P/v.pid"
accepts -c "$P/c.pid"
accepts --checkers_pid="$P/c.pid"
accepts -a
accepts --address-monitoring
accepts -b "$P/b.pid"
accepts --bfd_pid="$P/b.pid"
accepts -x
accepts --snmp
accepts -A "$KT_TMP/agentx"
accepts --snmp-agent-socket="$KT_TMP/agentx"
accepts -s "$(kt_ns nsopt)"
accepts --namespace="$(kt_ns nsopt)"
accepts -m
accepts --core-dump
accepts -M
accepts -Mcore.%p
accepts --core-dump-pattern
accepts --core-dump-pattern=core.%p
accepts -e
accepts --all-config
accepts -i node1
accepts --config-id=node1
accepts --config-id node1
accepts --use-file="$C"
[ ! -e "$P" ] || fail "-t created pid files in $P"
log "all accepted"

step "SNMP options print one notice"
out=$("$KEEPALIVED" -x -A "$KT_TMP/agentx" -t -f "$C" 2>&1)
[ "$(grep -c 'SNMP is not built' <<<"$out")" = 1 ] || fail "expected one SNMP notice: $out"

step "-s with a namespace that does not exist fails"
out=$("$KEEPALIVED" -s "$KT_ID-nosuch" -t -f "$C" 2>&1) && fail "-s nosuch accepted"
grep -q "$KT_ID-nosuch" <<<"$out" || fail "no message naming the namespace: $out"

step "--signum: keepalived's numbers"
declare -A want=([STOP]=15 [RELOAD]=1 [DATA]=10 [STATS]=12 [STATS_CLEAR]=63 [JSON]=36)
for s in STOP RELOAD DATA STATS STATS_CLEAR JSON; do
	got=$("$KEEPALIVED" --signum="$s") || fail "--signum=$s exit $?"
	[ "$got" = "${want[$s]}" ] || fail "--signum=$s: $got, expected ${want[$s]}"
	if [ -x /usr/sbin/keepalived ]; then
		ref=$(/usr/sbin/keepalived --signum="$s" 2>/dev/null)
		[ "$got" = "$ref" ] || fail "--signum=$s: ours $got, keepalived 2.2.7 says $ref"
	fi
	log "$s = $got"
done
out=$("$KEEPALIVED" --signum=TDATA 2>&1) && fail "--signum=TDATA accepted"
[ "$out" = "Unknown sigfunc TDATA" ] || fail "unknown sigfunc message: $out"

step "-t=FILE: the messages go to FILE"
out=$("$KEEPALIVED" -t"$KT_TMP/t.log" -f "$C" 2>&1) || fail "-tFILE exit $?"
[ -z "$out" ] || fail "-tFILE still wrote to stderr: $out"
grep -q 'configuration OK' "$KT_TMP/t.log" || fail "no 'configuration OK' in the -t file"
"$KEEPALIVED" --config-test="$KT_TMP/t2.log" -f "$C" || fail "--config-test=FILE exit $?"
grep -q 'configuration OK' "$KT_TMP/t2.log" || fail "no 'configuration OK' in the --config-test file"

step "-e: an include that matches nothing is an error with FILE:LINE"
{ cat "$C"; echo "include $KT_TMP/missing/*.conf"; } >"$KT_TMP/inc.conf"
rc=0; "$KEEPALIVED" -t -f "$KT_TMP/inc.conf" >/dev/null 2>&1 || rc=$?
[ $rc = 0 ] || fail "without -e a missing include: -t exit $rc, expected 0 (a notice: keepalived 2.2.7 exits 0 too)"
out=$("$KEEPALIVED" -e -t -f "$KT_TMP/inc.conf" 2>&1) && fail "-e accepted a missing include"
grep -q "inc.conf:$(( $(wc -l <"$C") + 1 )): .*matches no file" <<<"$out" || fail "no FILE:LINE error: $out"

step "usage errors exit 1"
for bad in "-S 8" "-S local9" "-u 999" "-u x" "--bogus" "-P -C" "-n -T" "extra"; do
	# shellcheck disable=SC2086
	"$KEEPALIVED" $bad -t -f "$C" >/dev/null 2>&1
	rc=$?
	[ $rc = 1 ] || fail "'$bad': exit $rc, expected 1"
done

step "-T: genhash mode"
"$KEEPALIVED" -T -r | grep -q genhash || fail "-T -r does not print genhash's version"
"$KEEPALIVED" --genhash -s 127.0.0.1 -p 1 -u / >/dev/null 2>&1 && fail "genhash mode: refused port reported success"
"$KEEPALIVED" -v | grep -q keepalived || fail "-v"
"$KEEPALIVED" -h | grep -q -- '--signum' || fail "-h does not list --signum"
log_result
