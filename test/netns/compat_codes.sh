#!/usr/bin/env bash
# compat_codes: `keepalived -t` on test/compat/t/*.conf, each a case where
# keepalived 2.2.7 and we once differed. Each file says in its header what
# both must do:
#   # keepalived: N          Debian's keepalived 2.2.7 -t exits N (checked
#                            when it is installed: the claim stays true)
#   # ours: N                our -t exits N (keepalived(8), EXIT STATUS)
#   # ours-says: REGEX       our output matches REGEX (grep -E); repeatable
#   # ours-not: REGEX        our output does not match REGEX
# Both run in a namespace with the interfaces eth0..eth3. With
# KEEPALIVED=/usr/sbin/keepalived only the "keepalived" lines are checked.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
DEB=${DEB_KEEPALIVED:-/usr/sbin/keepalived}
netns_add t
NS=$(kt_ns t)
for i in eth0 eth1 eth2 eth3; do
	ip -n "$NS" link add "$i" type veth peer name "p$i" || fail "cannot make $i"
	ip -n "$NS" link set "$i" up
done
# header NAME FILE: the values of "# NAME: value" lines
header() { sed -n "s/^# $1: //p" "$2"; }
bad=0 n=0
for f in "$KT_TOP"/test/compat/t/*.conf; do
	b=$(basename "$f") n=$((n + 1))
	want_ka=$(header keepalived "$f") want_ng=$(header ours "$f")
	[ -n "$want_ng" ] || { log "$b: no '# ours:' line"; bad=$((bad + 1)); continue; }
	if [ -x "$DEB" ] && [ -n "$want_ka" ]; then
		ka=0; ip netns exec "$NS" "$DEB" -t -f "$f" >"$KT_TMP/$b.ka" 2>&1 || ka=$?
		if [ "$ka" != "$want_ka" ]; then
			log "$b: keepalived 2.2.7 exits $ka, the file says $want_ka:"; sed 's/^/    /' "$KT_TMP/$b.ka"
			bad=$((bad + 1))
		fi
	fi
	# "ours" lines are keepalived-ng's exit codes and wording
	ka_is_ours || { log "checked - $b (keepalived ${want_ka:-?}; the ours lines are not)"; continue; }
	ng=0; ip netns exec "$NS" "$KEEPALIVED" -t -f "$f" >"$KT_TMP/$b.ng" 2>&1 || ng=$?
	ok=1
	[ "$ng" = "$want_ng" ] || { log "$b: we exit $ng, want $want_ng"; ok=0; }
	while IFS= read -r re; do
		grep -Eq -- "$re" "$KT_TMP/$b.ng" || { log "$b: no output matches '$re'"; ok=0; }
	done < <(header ours-says "$f")
	while IFS= read -r re; do
		grep -Eq -- "$re" "$KT_TMP/$b.ng" && { log "$b: output matches '$re'"; ok=0; }
	done < <(header ours-not "$f")
	if [ $ok = 1 ]; then
		log "ok - $b (keepalived ${want_ka:-?}, ours $ng)"
	else
		sed 's/^/    /' "$KT_TMP/$b.ng"; bad=$((bad + 1))
	fi
done
[ "$n" -gt 0 ] || fail "no case in test/compat/t"
[ "$bad" = 0 ] || fail "$bad of $n case(s) differ"
log_result
