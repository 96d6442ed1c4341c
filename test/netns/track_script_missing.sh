#!/usr/bin/env bash
# track_script_missing: a vrrp_script whose file does not exist is disabled
# when the configuration is loaded, as keepalived 2.2.7 does ("Disabling
# track script ... since not found/accessible"): -t warns at its line and its
# track_script has no effect. A script that exists and fails still counts:
# r1 (priority 150) with a missing script of weight -60 and a failing one of
# weight -10 runs at 140 (not 80) and, with weight 0 on the missing one,
# does not go to FAULT. A script "</PATH" is keepalived 2.2.7's file-open
# test, run as /bin/sh -c, never disabled: "</existing-file" succeeds
# (weight -20 unused), "</missing-file" fails (weight -5): 150-10-5 = 135.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1
FAILING="$KT_TMP/fails.sh"
printf '#!/bin/sh\nexit 1\n' >"$FAILING"
chmod 755 "$FAILING"
KT_GLOBAL="vrrp_script missing {
    script \"$KT_TMP/no-such-dir/check.sh\"
    interval 1
    fall 1
    weight -60
}
vrrp_script missing0 {
    script \"$KT_TMP/no-such-file.sh\"
    interval 1
    fall 1
    weight 0
}
vrrp_script opens {
    script \"<$FAILING\"
    interval 1
    fall 1
    weight -20
}
vrrp_script opensnot {
    script \"</$KT_TMP/no-such-file.sh\"
    interval 1
    fall 1
    weight -5
}
vrrp_script fails {
    script \"$FAILING\"
    interval 1
    fall 1
    weight -10
}" vrrp_conf r1 150 "    track_script {
        missing
        missing0
        opens
        opensnot
        fails
    }"

step "-t: each missing script is a warning at its vrrp_script line"
rc=0; out=$("$KEEPALIVED" -t -f "$(ka_conf_file r1)" 2>&1) || rc=$?
[ $rc = 5 ] || [ $rc = 6 ] || fail "-t exit $rc (want 5, warnings; or 6, script security): $out"
if ka_is_ours; then
	echo "$out" | grep -Eq "keepalived.conf:1: warning: vrrp_script missing: .*no-such-dir.* disabled" ||
		fail "no warning for the missing script: $out"
	echo "$out" | grep -q "vrrp_script missing0: .*disabled" || fail "no warning for missing0: $out"
	echo "$out" | grep -q "vrrp_script \(fails\|opens\)" && fail "an existing script was disabled: $out"
else
	# keepalived 2.2.7's words, without FILE:LINE
	echo "$out" | grep -q "Disabling track script missing since not found" || fail "no warning for the missing script: $out"
	echo "$out" | grep -q "Disabling track script missing0 since not found" || fail "no warning for missing0: $out"
	echo "$out" | grep -q "Disabling track script \(fails\|opens\) " && fail "an existing script was disabled: $out"
fi

step "run: the failing script and the failing open test lower the priority (150 - 10 - 5)"
ka_start r1 r1
wait_for 30 ka_entered r1 MASTER || fail "r1 never became master (a missing weight-0 script must not mean FAULT)"
wait_for 20 ka_logged r1 'Changing effective priority from [0-9]+ to 135' || fail "the failing scripts did not count"
f=$(ka_dump r1 data)
[ "$(dump_field "$f" VI_1 'Effective priority')" = 135 ] || { cat "$f"; fail "dump: effective priority is not 135"; }
ka_entered r1 FAULT && fail "r1 entered FAULT"
log_result
