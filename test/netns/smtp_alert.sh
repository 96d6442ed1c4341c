#!/usr/bin/env bash
# smtp_alert: an instance with smtp_alert mails each transition through
# smtp_server (a small SMTP listener the test runs in its own namespace),
# with smtp_helo_name, notification_email_from and every notification_email
# recipient. When the server cannot be reached, the transition still
# happens and one log line says the mail was not sent.
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1 c1:10
R1=$(kt_ns r1) C1=$(kt_ns c1)
MAIL=$KT_TMP/mail.txt
ip netns exec "$C1" python3 "$KT_LIB/smtp_sink.py" --addr "$KT_NET.10" --port 25 --out "$MAIL" \
	--duration 120 >"$KT_TMP/sink.log" 2>&1 &
KT_BGPIDS+=($!)
SINK=$!
wait_for 10 grep -q listening "$KT_TMP/sink.log" || fail "the SMTP listener did not start"

KT_GLOBAL="global_defs {
    router_id r1
    notification_email {
        ops@example.com
        noc@example.com
    }
    notification_email_from keepalived@r1.example.com
    smtp_server $KT_NET.10 25
    smtp_helo_name r1.example.com
    smtp_connect_timeout 5
}"
vrrp_conf r1 150 "    smtp_alert"
got() { grep -qF -- "$1" "$MAIL" 2>/dev/null; }

step "r1 starts: BACKUP then MASTER, one mail each"
ka_start r1 r1
wait_for 30 got "C: Subject: [r1] VRRP Instance VI_1 - Entering MASTER state" || { cat "$MAIL"; fail "no MASTER mail"; }
got "C: Subject: [r1] VRRP Instance VI_1 - Entering BACKUP state" || { cat "$MAIL"; fail "no BACKUP mail"; }
got "C: HELO r1.example.com" || { cat "$MAIL"; fail "smtp_helo_name not used"; }
got "C: MAIL FROM:<keepalived@r1.example.com>" || { cat "$MAIL"; fail "wrong envelope sender"; }
got "C: RCPT TO:<ops@example.com>" && got "C: RCPT TO:<noc@example.com>" || { cat "$MAIL"; fail "a recipient is missing"; }
got "C: => VRRP Instance is now owning VRRP VIPs <=" || { cat "$MAIL"; fail "no body"; }
[ "$(grep -c '^MAIL END' "$MAIL")" = 2 ] || { cat "$MAIL"; fail "expected exactly 2 mails"; }

step "server unreachable (interface down): FAULT anyway, one log line"
kill "$SINK"
ip -n "$R1" link set eth0 down
wait_for 30 ka_entered r1 FAULT || fail "r1 did not enter FAULT"
wait_for 20 ka_logged r1 "SMTP alert: mail '\[r1\] VRRP Instance VI_1 - Entering FAULT state' not sent: server $KT_NET.10:25 is unreachable" ||
	fail "no log line about the unreachable SMTP server"
[ "$(ka_count r1 'SMTP alert: mail .* not sent')" = 1 ] || fail "more than one log line for one failed mail"
log_result
