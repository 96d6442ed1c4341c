#!/usr/bin/env bash
# smtp_alert: an instance with smtp_alert mails each transition through
# smtp_server (a small SMTP listener the test runs in its own namespace),
# with smtp_helo_name, notification_email_from and every notification_email
# recipient; its sync group (smtp_alert on the group, not on its other
# member) mails the group's transitions, as keepalived 2.2.7 words them. The checker mails too, as keepalived words it: a real server
# whose TCP_CHECK fails and recovers (smtp_alert on by default for real
# servers), its virtual server starting with, losing and regaining its
# quorum (smtp_alert given). When the server cannot be reached, the transition still happens
# and one log line says the mail was not sent.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
require_checker_runs

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
}
virtual_server $VIP 8080 {
    protocol TCP
    delay_loop 1
    smtp_alert
    real_server $KT_NET.10 8080 {
        TCP_CHECK {
            connect_timeout 1
            retry 0
        }
    }
}"
vrrp_conf r1 150 "    smtp_alert"
cat >>"$(ka_conf_file r1)" <<CONF
vrrp_instance VI_2 {
    interface eth0
    virtual_router_id 52
    priority 150
    advert_int 1
    virtual_ipaddress {
        $KT_NET.102/32
    }
}
vrrp_sync_group G1 {
    group {
        VI_1
        VI_2
    }
    smtp_alert
}
CONF
got() { grep -qF -- "$1" "$MAIL" 2>/dev/null; }
listens() { ip netns exec "$C1" bash -c "exec 3<>/dev/tcp/$KT_NET.10/8080" 2>/dev/null; }
tcp_server c1 "$KT_NET.10" 8080
SRV=$!
wait_for 10 listens || fail "the real server does not listen"

step "r1 starts: BACKUP then MASTER, one mail each"
ka_start r1 r1
wait_for 30 got "C: Subject: [r1] VRRP Instance VI_1 - Entering MASTER state" || { cat "$MAIL"; fail "no MASTER mail"; }
got "C: Subject: [r1] VRRP Instance VI_1 - Entering BACKUP state" || { cat "$MAIL"; fail "no BACKUP mail"; }
got "C: HELO r1.example.com" || { cat "$MAIL"; fail "smtp_helo_name not used"; }
got "C: MAIL FROM:<keepalived@r1.example.com>" || { cat "$MAIL"; fail "wrong envelope sender"; }
got "C: RCPT TO:<ops@example.com>" && got "C: RCPT TO:<noc@example.com>" || { cat "$MAIL"; fail "a recipient is missing"; }
got "C: => VRRP Instance is now owning VRRP VIPs <=" || { cat "$MAIL"; fail "no body"; }
wait_for 10 got "C: Subject: [r1] VRRP Group G1 - Entering MASTER state" || { cat "$MAIL"; fail "no group MASTER mail"; }
got "C: Subject: [r1] VRRP Group G1 - Entering BACKUP state" || { cat "$MAIL"; fail "no group BACKUP mail"; }
got "C: => All VRRP group instances are now in MASTER state <=" || { cat "$MAIL"; fail "no group body"; }
got "VRRP Instance VI_2" && { cat "$MAIL"; fail "VI_2 (no smtp_alert) sent a mail"; }
# the virtual server starts with its quorum: one mail, as keepalived 2.2.7
wait_for 10 got "C: => Starting with quorum up 1+0=1 <= 1 <=" || { cat "$MAIL"; fail "no Starting with quorum up mail"; }
got "C: Subject: [r1] Virtualserver [$VIP]:tcp:8080 - UP" || { cat "$MAIL"; fail "no virtual server UP mail at start"; }
[ "$(grep -c '^MAIL END' "$MAIL")" = 5 ] || { cat "$MAIL"; fail "expected exactly 5 mails (VI_1 and G1, BACKUP and MASTER; the virtual server)"; }

step "the real server stops: its DOWN mail and the virtual server's"
RSN="[$KT_NET.10]:tcp:8080" VSN="[$VIP]:tcp:8080"
kill "$SRV"
wait_for 30 got "C: Subject: [r1] Realserver $RSN of virtual server $VSN - DOWN" || { cat "$MAIL"; fail "no real server DOWN mail"; }
got "C: => TCP CHECK failed on service <=" || { cat "$MAIL"; fail "no TCP CHECK failed line"; }
wait_for 10 got "C: Subject: [r1] Virtualserver $VSN - DOWN" || { cat "$MAIL"; fail "no quorum DOWN mail"; }
got "C: => Lost quorum 1+0=1 <= 0 <=" || { cat "$MAIL"; fail "no Lost quorum line"; }

step "it comes back: UP mails"
tcp_server c1 "$KT_NET.10" 8080
wait_for 30 got "C: Subject: [r1] Realserver $RSN of virtual server $VSN - UP" || { cat "$MAIL"; fail "no real server UP mail"; }
got "C: => TCP CHECK succeed on service <=" || { cat "$MAIL"; fail "no TCP CHECK succeed line"; }
wait_for 10 got "C: => Gained quorum 1+0=1 <= 1 <=" || { cat "$MAIL"; fail "no Gained quorum mail"; }
wait_for 10 test "$(grep -c '^MAIL END' "$MAIL")" = 9 || { cat "$MAIL"; fail "expected 9 mails by now"; }

step "server unreachable (interface down): FAULT anyway, one log line per mail"
kill "$SINK"
ip -n "$R1" link set eth0 down
wait_for 30 ka_entered r1 FAULT || fail "r1 did not enter FAULT"
wait_for 20 ka_logged r1 "SMTP alert: mail '\[r1\] VRRP Instance VI_1 - Entering FAULT state' not sent: server $KT_NET.10:25 is unreachable" ||
	fail "no log line about the unreachable SMTP server"
wait_for 20 ka_logged r1 "SMTP alert: mail '\[r1\] VRRP Group G1 - Entering FAULT state' not sent" ||
	fail "no log line about the group's mail"
sleep 1
[ "$(ka_count r1 'SMTP alert: mail .\[r1\] VRRP .* not sent')" = 2 ] || fail "not one log line per failed mail (2)"
log_result
