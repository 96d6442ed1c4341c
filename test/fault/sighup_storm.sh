#!/usr/bin/env bash
# fault/sighup_storm: 50 SIGHUPs in a few seconds, the configuration file
# swapped atomically (rename) between a valid one and one with errors before
# each. The master must not flap and the broken files must all be reported.
#
#  r1 (MASTER; priority 150..154 in the valid files, 177 in the last one;
#  a virtual server too, so the checker is reloaded as well), r2 its backup
#  (prio 100), c1 captures the adverts with tcpdump and r1's addresses are
#  watched with `ip monitor address`. Invariants over the whole storm:
#   - no transition on r1 (its log) and none on r2; r2 never holds the VIP;
#   - the VIP is never deleted on r1 (ip monitor);
#   - r1's captured adverts have no gap longer than 3 advert intervals
#     (the backup would have taken over) and none has priority 0;
#   - every reload that read a broken file logged its errors as
#     FILE:LINE: and kept the running configuration; at least 10 good and
#     10 broken files were read (signals sent close together may merge);
#  and at the end the state is the last good file's: priority 177 in the
#  adverts and the dump, the checker's virtual server in the dump.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
[ "$KT_FLAVOUR" = ng ] || skip "keepalived-ng's reload messages and dump"
require_cmd tcpdump

lab_lan r1:1 r2:2 c1:10
R1=$(kt_ns r1) R2=$(kt_ns r2) C1=$(kt_ns c1)
CONF=$(ka_conf_file r1)

# good PRIO: a valid file
good() {
	cat <<EOF
$(vrrp_block VI_1 51 $1)
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
}
# broken K: a file with errors, of kind K % 4
broken() {
	case $(($1 % 4)) in
	0) good 150 | sed 's/priority 150/priority 999/' ;;                # out of range
	1) good 150 | sed 's/virtual_router_id 51/virtual_router_id 300/' ;;  # no VRID (a bad address line is skipped, as 2.2.7)
	2) good 150 | sed 's/interface eth0/interface nosuch0/' ;;            # no such interface
	3) good 150 | sed 's/delay_loop 60/delay_loop nope/' ;;             # not a number
	esac
}
# swap TEXT: replace the configuration file atomically
swap() {
	cat >"$CONF.new"
	mv -f "$CONF.new" "$CONF"
}

good 150 | ka_conf r1
vrrp_conf r2 100
ka_start r1 r1
ka_start r2 r2
wait_for 60 has_addr "$R1" eth0 "$VIP" || fail "r1 never became MASTER"
wait_for 30 ka_entered r2 BACKUP || fail "r2 never entered BACKUP"
wait_for 30 ka_logged r1 'configuration generation 1 applied' || fail "r1 never applied its configuration"
R1_TRANSITIONS=$(ka_count r1 'Entering|Stopped')
R2_TRANSITIONS=$(ka_count r2 'Entering|Stopped')

ip netns exec "$C1" tcpdump -i eth0 -l -nn -tt 'ip proto 112' >"$KT_TMP/wire.txt" 2>"$KT_TMP/tcpdump.err" &
KT_BGPIDS+=($!)
disown $!
ip -n "$R1" monitor address >"$KT_TMP/addr_events.txt" 2>&1 &
KT_BGPIDS+=($!)
disown $!
wait_for 10 grep -q 'listening on' "$KT_TMP/tcpdump.err" || fail "tcpdump did not start"
# r2 holds the VIP at some moment: noted every 0.1 s
( while :; do has_addr "$R2" eth0 "$VIP" && date +%T.%N >>"$KT_TMP/r2_held"; sleep 0.1; done ) &
KT_BGPIDS+=($!)
disown $!
sleep 1.5

step "50 SIGHUPs, alternating a valid file and a broken one"
for i in $(seq 1 50); do
	if [ $((i % 2)) = 1 ]; then
		good $((150 + i % 5)) | swap
	else
		broken $((i / 2)) | swap
	fi
	ka_signal r1 HUP
	sleep 0.02
done
good 177 | swap
ka_signal r1 HUP
log "51 SIGHUPs sent"
# every signal handled: the last reload (of the last good file) is applied
wait_for 30 eval '[ "$(ka_count r1 "reloading the configuration")" = "$(( $(ka_count r1 "reload: .* read and checked") ))" ]' ||
	fail "a reload did not finish"
last_gen() { ka_count r1 'configuration generation [0-9]+ applied'; }
prio177() { [ "$(dump_field "$(ka_dump r1 data)" VI_1 Priority)" = 177 ]; }
wait_for 30 prio177 || fail "the last good file (priority 177) is not applied"
sleep 2.5   # adverts at the new priority, and time for anything bad to show

step "the master never flapped"
[ "$(ka_count r1 'Entering|Stopped')" = "$R1_TRANSITIONS" ] ||
	{ grep -E 'Entering|Stopped' "$(ka_log r1)"; fail "r1 changed state during the storm"; }
[ "$(ka_count r2 'Entering|Stopped')" = "$R2_TRANSITIONS" ] || fail "r2 changed state during the storm"
[ ! -s "$KT_TMP/r2_held" ] || fail "r2 held the VIP at $(head -1 "$KT_TMP/r2_held")"
if grep -q "Deleted.* $VIP/" "$KT_TMP/addr_events.txt"; then
	cat "$KT_TMP/addr_events.txt"
	fail "the VIP was deleted on r1"
fi
has_addr "$R1" eth0 "$VIP" || fail "r1 lost the VIP"
R1ADV="$KT_TMP/r1_adverts"
grep " $KT_NET.1 > 224.0.0.18: VRRP" "$KT_TMP/wire.txt" >"$R1ADV"
N=$(wc -l <"$R1ADV")
[ "$N" -ge 5 ] || { cat "$KT_TMP/wire.txt"; fail "only $N adverts from r1 captured"; }
! grep -q 'prio 0,' "$R1ADV" || fail "r1 sent a priority-0 advert"
GAP=$(awk '{ t = $1 + 0; if (NR > 1 && t - p > max) max = t - p; p = t } END { printf "%.3f", max }' "$R1ADV")
log "$N adverts from r1, longest gap $GAP s"
awk -v g="$GAP" 'BEGIN { exit !(g < 3.0) }' || fail "r1's adverts stopped for $GAP s"
tail -1 "$R1ADV" | grep -q 'prio 177,' || fail "r1 does not advertise priority 177: $(tail -1 "$R1ADV")"

step "every broken file reported with FILE:LINE"
# one block per reload: from "reloading the configuration" to its verdict
awk -v conf="$CONF" '
	/reloading the configuration from/ { inrel = 1; errs = 0; next }
	inrel && index($0, conf ":") && $0 ~ (":[0-9]+: ") { errs++ }
	inrel && /keeping the running configuration/ { rejected++; if (!errs) bad++; inrel = 0 }
	inrel && /configuration generation [0-9]+ applied/ { inrel = 0 }
	END { printf "%d %d\n", rejected, bad }' "$(ka_log r1)" >"$KT_TMP/verdicts"
read -r REJECTED UNREPORTED <"$KT_TMP/verdicts"
ACCEPTED=$(( $(last_gen) - 1 ))
log "reloads: $ACCEPTED applied, $REJECTED rejected ($UNREPORTED without FILE:LINE)"
[ "$UNREPORTED" = 0 ] || fail "$UNREPORTED rejected reloads did not say FILE:LINE"
[ "$REJECTED" -ge 10 ] && [ "$ACCEPTED" -ge 10 ] ||
	fail "too few reloads happened ($ACCEPTED good, $REJECTED broken): the storm was not tested"
grep -E "$CONF:[0-9]+: " "$(ka_log r1)" | sed 's/.*parent: //' | sort | uniq -c | sed 's/^/    /'

step "the final state is the last good file's"
DUMP=$(ka_dump r1 data)
[ "$(dump_field "$DUMP" VI_1 State)" = MASTER ] || fail "r1 is not MASTER"
CDUMP=$(ka_dump r1 check)
grep -qx " VS VIP = 10.200.0.1, VPORT = 80" "$CDUMP" || { cat "$CDUMP"; fail "the checker's virtual server is not in the dump"; }
ka_alive r1 || fail "r1's parent died"
log_result
