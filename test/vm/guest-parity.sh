# guest-parity.sh - run "parity" (sourced by guest-scenarios.sh): one
# keepalived.conf with the checker features most used in the field, run by
# keepalived-ng and then by Debian's keepalived 2.2.7 (one after the other,
# same topology, same steps), and what a user sees compared phase by phase:
# `ipvsadm -Ln` (scheduler, flags, persistence, forwarding method, weights;
# services and real servers sorted, no counters) and the lines the
# notify_up/notify_down/quorum_up/quorum_down scripts wrote (their
# arguments; sorted within a phase - the scripts run concurrently), and
# the lines of lvs_notify_fifo (sorted within a phase too), and every line
# of 2.2.7's keepalived_check.data (USR1 after "back") in ours, in the same
# object (par_dump_cmp).
#
# Checks: HTTP_GET (several urls, digest, status_code lists and ranges,
# regex, regex_no_match, virtualhost of the check and of the virtual
# server, connect_port, bindto), SSL_GET, TCP_CHECK, MISC_CHECK
# (misc_dynamic), SMTP_CHECK, DNS_CHECK, UDP_CHECK (payload,
# require_reply), PING_CHECK; rs1 and rs2 run test/vm/corpus-backend.py
# for SMTP (25), DNS (53/udp) and a UDP echo (5353).
#
# Timeouts are wide (connect_timeout 2, misc_timeout 10, retry 1): with
# the host loaded (TCG, other suites) either daemon's timers run seconds
# late, and a check that flaps on one attempt would differ by chance.
#
# Phases: start (alpha and not, quorum + hysteresis), failures (removal,
# inhibit_on_failure, quorum -> sorry server, misc_dynamic weight), a digest
# mismatch, recovery, a MISC_CHECK past its misc_timeout, a server down
# under inhibit_on_failure, SIGHUP with changes (weights, scheduler,
# persistence, a real server added and one removed, a virtual server
# removed and one added, the inhibited server's weight, a group's range
# widened and a fwmark added), its recovery after the reload; the omega
# scripts at stop.

PAR_REF=/usr/sbin/keepalived

# par_snap FILE: the normalised table (our services only)
par_table() { ipvsadm -Ln | ipvs_norm '10\.0\.1\.1[0-9][0-9]:|^FWM (20|21|22)\b'; }
par_snap() { par_table >"$1"; }

# par_settle: the table unchanged for 3 s in a row (at most 20 s)
par_settle() { wait_stable 20 par_table; }

# par_phase D NAME: settle, snapshot the table, mark the notify log
par_phase() {
	sleep 1
	par_settle
	sleep 1     # scripts of the last change
	par_snap $W/par_$1_$2.ipvs
	echo "--- $2" >>$W/par_notify.log
	echo "--- $2" >>$W/par_fifo.log
}

# par_fifo_start / par_fifo_stop: the lvs_notify_fifo's lines appended to
# par_fifo.log (the reader holds the FIFO open for writing too: no end of
# file when a daemon closes it at a reload)
par_fifo_start() {
	rm -f $W/par.fifo
	mkfifo $W/par.fifo
	: >$W/par_fifo.log
	python3 -c '
import os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
out = open(sys.argv[2], "a", buffering=1)
for line in os.fdopen(fd, "r"):
    out.write(line)
' $W/par.fifo $W/par_fifo.log &
	PAR_FIFO_PID=$!
}
par_fifo_stop() {
	sleep 1
	kill $PAR_FIFO_PID 2>/dev/null
	wait $PAR_FIFO_PID 2>/dev/null
	rm -f $W/par.fifo
}

par_conf() {
	cat <<EOF
global_defs {
	lvs_notify_fifo $W/par.fifo
}
virtual_server_group PG {
	10.0.1.110-111 80
	fwmark 21
}
virtual_server 10.0.1.100 80 {
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	protocol TCP
	alpha
	quorum 4
	quorum_up "$W/par_note.sh quorum_up vs100"
	quorum_down "$W/par_note.sh quorum_down vs100"
	sorry_server 10.0.2.13 8080
	real_server 10.0.2.11 80 {
		weight 2
		notify_up "$W/par_note.sh up rs1 vs100"
		notify_down "$W/par_note.sh down rs1 vs100"
		HTTP_GET {
			url {
				path /par.html
				digest $PAR_DIGEST
				status_code 200
			}
			url {
				path /health.html
				status_code 200
			}
			virtualhost www.example.test
			connect_timeout 2
			retry 1
			delay_before_retry 1
		}
	}
	real_server 10.0.2.12 8081 {
		weight 3
		notify_up "$W/par_note.sh up rs2 vs100"
		notify_down "$W/par_note.sh down rs2 vs100"
		TCP_CHECK {
			connect_port 80
			connect_timeout 2
			retry 1
		}
	}
}
virtual_server 10.0.1.101 80 {
	delay_loop 1
	lb_algo wrr
	lb_kind DR
	protocol TCP
	persistence_timeout 50
	persistence_granularity 255.255.255.0
	inhibit_on_failure
	alpha
	real_server 10.0.2.11 80 {
		weight 3
		HTTP_GET {
			url {
				path /par.html
				status_code 200
			}
			connect_timeout 2
			nb_get_retry 1
		}
	}
	real_server 10.0.2.12 80 {
		weight 1
		notify_up "$W/par_note.sh up rs2 vs101"
		notify_down "$W/par_note.sh down rs2 vs101"
		MISC_CHECK {
			misc_path "$W/par_misc.sh"
			misc_timeout 10
			misc_dynamic
		}
	}
	real_server 10.0.2.13 80 {
		weight 2
		notify_up "$W/par_note.sh up rs3 vs101"
		notify_down "$W/par_note.sh down rs3 vs101"
		TCP_CHECK {
			connect_timeout 2
			retry 1
		}
	}
}
virtual_server 10.0.1.102 80 {
	delay_loop 1
	lvs_sched lc
	lvs_method TUN
	protocol TCP
	omega
	quorum 2
	hysteresis 1
	quorum_up "$W/par_note.sh quorum_up vs102"
	quorum_down "$W/par_note.sh quorum_down vs102"
	sorry_server 10.0.2.13 8080
	sorry_server_inhibit
	real_server 10.0.2.11 80 {
		weight 1
		TCP_CHECK {
			connect_timeout 2
			retry 1
		}
	}
	real_server 10.0.2.12 80 {
		weight 1
		TCP_CHECK {
			connect_timeout 2
			retry 1
		}
	}
}
virtual_server 10.0.1.103 80 {
	delay_loop 1
	lb_algo sh
	sh-port
	sh-fallback
	lb_kind NAT
	protocol TCP
	warmup 1
	real_server 10.0.2.11 80 {
		TCP_CHECK {
			connect_timeout 2
		}
	}
	real_server 10.0.2.12 80 {
		weight 4
		TCP_CHECK {
			connect_timeout 2
		}
	}
	# nothing listens: down at start, at the first failure (no retry)
	real_server 10.0.2.13 81 {
		TCP_CHECK {
			connect_timeout 2
			retry 3
			delay_before_retry 30
		}
	}
}
virtual_server 10.0.1.100 5353 {
	delay_loop 1
	lb_algo wlc
	protocol UDP
	ops
	real_server 10.0.2.11 5353 {
		weight 5
		MISC_CHECK {
			misc_path "/bin/sh -c 'exit \$(cat $W/par_miscu)'"
			misc_timeout 10
			misc_dynamic
		}
	}
	real_server 10.0.2.12 5353 {
		weight 1
	}
}
virtual_server 10.0.1.106 443 {
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	protocol TCP
	real_server 10.0.2.11 443 {
		SSL_GET {
			url {
				path /par.html
				digest $PAR_DIGEST
			}
			connect_timeout 3
		}
	}
	real_server 10.0.2.12 443 {
		notify_up "$W/par_note.sh up rs2 vs106"
		notify_down "$W/par_note.sh down rs2 vs106"
		SSL_GET {
			url {
				path /par.html
				status_code 200
			}
			connect_timeout 3
			retry 1
		}
	}
}
virtual_server fwmark 20 {
	delay_loop 1
	lb_algo wlc
	lb_kind NAT
	persistence_timeout 30
	real_server 10.0.2.11 80 {
		TCP_CHECK {
			connect_timeout 2
		}
	}
	real_server 10.0.2.12 80 {
		notify_down "$W/par_note.sh down rs2 fw20"
		TCP_CHECK {
			connect_timeout 2
		}
	}
}
virtual_server 10.0.1.104 80 {
	delay_loop 1
	lb_algo rr
	protocol TCP
	quorum_up "$W/par_note.sh quorum_up vs104"
	quorum_down "$W/par_note.sh quorum_down vs104"
	real_server 10.0.2.11 80 {
		notify_down "$W/par_note.sh down rs1 vs104"
		TCP_CHECK {
			connect_timeout 2
		}
	}
}
# HTTP_GET urls: status_code lists and ranges, regex, the virtual
# server's virtualhost, connect_port + bindto; a url set nobody answers
virtual_server 10.0.1.107 80 {
	delay_loop 1
	lb_algo rr
	protocol TCP
	virtualhost www.example.test
	real_server 10.0.2.11 80 {
		notify_down "$W/par_note.sh down rs1 vs107"
		HTTP_GET {
			url {
				path /health.html
				status_code 200-299
			}
			# not anchored: 2.2.7 matches against what one read returned,
			# the headers too when the body came with them (by chance)
			url {
				path /par.html
				regex "pa+r"
			}
			connect_timeout 2
			retry 1
			delay_before_retry 1
		}
	}
	real_server 10.0.2.12 8082 {
		notify_up "$W/par_note.sh up rs2 vs107"
		notify_down "$W/par_note.sh down rs2 vs107"
		HTTP_GET {
			url {
				path /nothing.html
				status_code 404 500-599
			}
			connect_port 80
			bindto 10.0.2.1
			connect_timeout 2
			retry 1
			delay_before_retry 1
		}
	}
	real_server 10.0.2.13 80 {
		weight 2
		HTTP_GET {
			url {
				path /health.html
				status_code 100 300-399
			}
			url {
				path /par.html
				regex "^par"
				regex_no_match
			}
			connect_timeout 2
			retry 1
			delay_before_retry 1
		}
	}
}
# SMTP_CHECK, DNS_CHECK (two checks on one server), PING_CHECK (one server
# that answers, one nobody has), UDP_CHECK with and without a reply
virtual_server 10.0.1.108 25 {
	delay_loop 1
	lb_algo rr
	protocol TCP
	real_server 10.0.2.11 25 {
		SMTP_CHECK {
			helo_name par.test
			connect_timeout 2
			retry 1
		}
	}
	real_server 10.0.2.12 25 {
		notify_up "$W/par_note.sh up rs2 vs108"
		notify_down "$W/par_note.sh down rs2 vs108"
		SMTP_CHECK {
			connect_timeout 2
			retry 1
			delay_before_retry 1
		}
		DNS_CHECK {
			type A
			name par.test
			connect_timeout 2
			retry 1
		}
	}
	real_server 10.0.2.13 25 {
		PING_CHECK {
			connect_timeout 2
		}
	}
	real_server 10.0.2.14 25 {
		notify_down "$W/par_note.sh down rs4 vs108"
		PING_CHECK {
			connect_timeout 1
			retry 1
			delay_before_retry 1
		}
	}
}
virtual_server 10.0.1.108 5353 {
	delay_loop 1
	lb_algo rr
	protocol UDP
	real_server 10.0.2.11 5353 {
		UDP_CHECK {
			connect_timeout 2
			payload 70617269747920
			require_reply 706172
		}
	}
	real_server 10.0.2.12 5353 {
		notify_down "$W/par_note.sh down rs2 vs108u"
		UDP_CHECK {
			connect_timeout 2
			retry 1
			delay_before_retry 1
		}
	}
	real_server 10.0.2.13 5353 {
		weight 3
		UDP_CHECK {
			connect_timeout 2
			require_reply
		}
	}
}
virtual_server group PG {
	delay_loop 1
	lb_algo rr
	protocol TCP
	real_server 10.0.2.11 80 {
		weight 2
		TCP_CHECK {
			connect_timeout 2
		}
	}
	real_server 10.0.2.12 80 {
		TCP_CHECK {
			connect_timeout 2
		}
	}
}
EOF
}

# the reload's changes: weights, scheduler and persistence; a real server
# added (vs 103; and one that fails, retried: up until its retries are
# spent), one removed (fwmark 20), the inhibited rs3's weight (vs 101); vs
# 104 removed, vs 105 added; vs 102's quorum lowered (gained: sorry server
# out), vs 100's sorry server removed (not in use), the UDP one's lb_kind
# NAT -> DR
par_conf_reload() {
	par_conf | python3 -c '
import sys
t = sys.stdin.read()
def sub(a, b):
    global t
    assert a in t, a
    t = t.replace(a, b, 1)
sub("real_server 10.0.2.11 80 {\n\t\tweight 2\n\t\tnotify_up", "real_server 10.0.2.11 80 {\n\t\tweight 4\n\t\tnotify_up")
sub("lb_algo wrr\n\tlb_kind DR", "lb_algo wlc\n\tlb_kind DR")
sub("persistence_timeout 50\n\tpersistence_granularity 255.255.255.0", "persistence_timeout 70\n\tpersistence_granularity 255.255.0.0")
sub("real_server 10.0.2.13 80 {\n\t\tweight 2\n", "real_server 10.0.2.13 80 {\n\t\tweight 5\n")
sub("\tquorum 2\n\thysteresis 1\n", "\tquorum 1\n\thysteresis 1\n")
sub("\tquorum 4\n\tquorum_up \"%s/par_note.sh quorum_up vs100\"\n\tquorum_down \"%s/par_note.sh quorum_down vs100\"\n\tsorry_server 10.0.2.13 8080\n" % (sys.argv[1], sys.argv[1]),
    "\tquorum 4\n\tquorum_up \"%s/par_note.sh quorum_up vs100\"\n\tquorum_down \"%s/par_note.sh quorum_down vs100\"\n" % (sys.argv[1], sys.argv[1]))
sub("\tlb_algo wlc\n\tprotocol UDP\n", "\tlb_algo wlc\n\tlb_kind DR\n\tprotocol UDP\n")
sub("\t10.0.1.110-111 80\n\tfwmark 21\n", "\t10.0.1.110-112 80\n\tfwmark 21\n\tfwmark 22\n")
i = t.index("\treal_server 10.0.2.14 25 {")
t = t[:i] + t[t.index("\n\t}\n", i) + 4:]
sub("\treal_server 10.0.2.13 5353 {\n\t\tweight 3\n", "\treal_server 10.0.2.13 5353 {\n\t\tweight 6\n")
sub("\treal_server 10.0.2.12 80 {\n\t\tweight 4\n\t\tTCP_CHECK {\n\t\t\tconnect_timeout 2\n\t\t}\n\t}\n",
    "\treal_server 10.0.2.12 80 {\n\t\tweight 4\n\t\tTCP_CHECK {\n\t\t\tconnect_timeout 2\n\t\t}\n\t}\n\treal_server 10.0.2.13 80 {\n\t\tTCP_CHECK {\n\t\t\tconnect_timeout 2\n\t\t}\n\t}\n"
    "\treal_server 10.0.2.13 82 {\n\t\tTCP_CHECK {\n\t\t\tconnect_timeout 2\n\t\t\tretry 3\n\t\t\tdelay_before_retry 30\n\t\t}\n\t}\n")
fw = t.index("virtual_server fwmark 20")
rm = "\treal_server 10.0.2.12 80 {\n\t\tnotify_down"
i = t.index(rm, fw)
t = t[:i] + t[t.index("\n\t}\n", i) + 4:]
i = t.index("virtual_server 10.0.1.104 80")
t = t[:i] + t[t.index("\n}\n", i) + 3:]
t += """virtual_server 10.0.1.105 80 {
	delay_loop 1
	lb_algo rr
	protocol TCP
	quorum_up "%s/par_note.sh quorum_up vs105"
	real_server 10.0.2.11 80 {
		TCP_CHECK {
			connect_timeout 2
		}
	}
}
""" % sys.argv[1]
sys.stdout.write(t)
' "$W"
}

# par_one D: one daemon (ours | ref) through every phase
par_one() {
	local d=$1 bin=$KA
	[ "$d" = ref ] && bin=$PAR_REF
	KA_NAME=parity_$d
	echo 0 >$W/par_misc
	echo 0 >$W/par_miscu
	rm -f $W/par_misc_slow
	: >$W/par_notify.log
	par_fifo_start
	par_httpd_stop
	for i in 1 2 3; do httpd_start $i; done
	httpd_start 3 8080 $W/sorry
	ssl_start 1
	ssl_start 2
	par_be_start 1
	par_be_start 2
	par_conf >$W/parity.conf
	rm -f $W/par.pid $W/parck.pid
	rm -rf $W/par_dump_$d
	mkdir -p $W/par_dump_$d
	local dumparg=-G
	[ "$d" = ours ] && dumparg=--dump-dir=$W/par_dump_$d
	TMPDIR=$W/par_dump_$d "$bin" -n -l -D -C -f $W/parity.conf -p $W/par.pid -c $W/parck.pid "$dumparg" \
		>$W/$KA_NAME.log 2>&1 &
	KA_PID=$!
	local V0="TCP  10.0.1.100:80" V1="TCP  10.0.1.101:80" V2="TCP  10.0.1.102:80"

	# start: vs100 is alpha (its servers join as their checks pass)
	wait_for 20 eval "ipvs_has '$V0' 10.0.2.11:80 && ipvs_has '$V0' 10.0.2.12:8081 && ipvs_has '$V1' 10.0.2.13:80 2 && ipvs_has '$V1' 10.0.2.12:80 1"
	par_phase $d start

	# failures: rs2's httpd (TCP checks, vs100 under quorum 4 -> sorry
	# server; vs102 to 1 of quorum 2 with hysteresis 1 - still up) and its
	# TLS server (SSL_GET), vs101's MISC_CHECK exit 1 (inhibited), the UDP
	# one's misc_dynamic exit 9
	httpd_stop 2
	ssl_stop 2
	par_be_stop 2
	echo 1 >$W/par_misc
	echo 9 >$W/par_miscu
	wait_for 15 eval "ipvs_lacks '$V0' 10.0.2.12:8081 && ipvs_has '$V1' 10.0.2.12:80 0 && ipvs_lacks 'TCP  10.0.1.106:443' 10.0.2.12:443 && ipvs_lacks 'TCP  10.0.1.108:25' 10.0.2.12:25 && ipvs_lacks 'UDP  10.0.1.108:5353' 10.0.2.12:5353"
	par_phase $d fail

	# rs1's page changes: vs100 loses its digest, vs102 its last quorum
	echo changed >$W/www1/par.html
	wait_for 15 ipvs_lacks "$V0" 10.0.2.11:80
	par_phase $d digest

	# everything back; vs101's misc_dynamic 5 -> weight 3, the UDP one's 7
	# -> 5 (its configured weight; exit 0 would be too, but keepalived 2.2.7
	# sets weight 0 at a reload after an exit 0 until the exit code changes,
	# a bug ours does not copy: doc/HACKING.md, Checker)
	echo par >$W/www1/par.html
	httpd_start 2
	ssl_start 2
	par_be_start 2
	echo 5 >$W/par_misc
	echo 7 >$W/par_miscu
	wait_for 15 eval "ipvs_has '$V0' 10.0.2.11:80 && ipvs_has '$V0' 10.0.2.12:8081 && ipvs_has '$V1' 10.0.2.12:80 3 && ipvs_has 'TCP  10.0.1.106:443' 10.0.2.12:443 && ipvs_has 'TCP  10.0.1.108:25' 10.0.2.12:25 && ipvs_has 'TCP  10.0.1.107:80' 10.0.2.12:8082"
	par_phase $d back
	par_dump $d

	# vs101's MISC_CHECK slower than its misc_timeout: inhibited (weight 0)
	touch $W/par_misc_slow
	wait_for 40 ipvs_has "$V1" 10.0.2.12:80 0
	par_phase $d misc_timeout
	rm -f $W/par_misc_slow
	wait_for 25 ipvs_has "$V1" 10.0.2.12:80 3

	# rs3 down under inhibit_on_failure (vs101), then a reload
	httpd_stop 3
	wait_for 15 ipvs_has "$V1" 10.0.2.13:80 0
	par_phase $d inhibited
	par_conf_reload >$W/parity.conf
	kill -HUP "$(cat $W/par.pid)"
	wait_for 15 eval "ipvs_has 'TCP  10.0.1.103:80' 10.0.2.13:80 || ipvs_has '$V0' 10.0.2.11:80 4"
	par_phase $d reload

	# rs3 back after the reload: its new weight
	httpd_start 3
	wait_for 15 ipvs_has "$V1" 10.0.2.13:80 5
	par_phase $d reload_back

	ka_stop
	if [ "$d" = ours ]; then
		check ${d}_parity_stop_clean eval "! ipvsadm -Ln | grep -Eq '10\\.0\\.1\\.1[01][0-9]:|^FWM  2[012] '"
	else
		# 2.2.7 leaves the services of the group's entries the reload made
		# (FWM 22, 10.0.1.110-112 - the range changed) in IPVS, empty (not
		# copied: doc/HACKING.md, Checker); they are removed here
		par_snap $W/par_ref_after_stop.ipvs
		echo "--- ipvsadm -Ln after 2.2.7 stopped"
		cat $W/par_ref_after_stop.ipvs
		grep -E '^(TCP|UDP|FWM)' $W/par_ref_after_stop.ipvs | while read -r p a _; do
			case $p in TCP) ipvsadm -D -t $a ;; UDP) ipvsadm -D -u $a ;; FWM) ipvsadm -D -f $a ;; esac
		done
	fi
	par_fifo_stop
	ssl_stop 1
	ssl_stop 2
	par_be_stop 1
	par_be_stop 2
	cp $W/par_notify.log $W/par_${d}.notify
	cp $W/par_fifo.log $W/par_${d}.fifo
	par_httpd_stop
}

# par_be_start N / par_be_stop N: SMTP on 25, DNS on 53/udp and a UDP echo
# on 5353 in rsN (test/vm/corpus-backend.py)
par_be_start() {
	printf 'tcp 25 smtp\nudp 53 dns\nudp 5353 udp\n' |
		ip netns exec rs$1 python3 "$HERE/corpus-backend.py" 10.0.2.1$1 $W >$W/par_be.$1.out 2>&1 &
	echo $! >$W/par_be.$1
	wait_for 20 grep -q ready $W/par_be.$1.out
}
par_be_stop() { [ -f $W/par_be.$1 ] && kill "$(cat $W/par_be.$1)" 2>/dev/null; rm -f $W/par_be.$1; sleep 0.2; }

# par_dump D: the USR1 dump of the checker (keepalived_check.data) after
# "back", as par_D_check.data
par_dump() {
	local f=$W/par_dump_$1/keepalived_check.data a=-1 b
	rm -f $f
	kill -USR1 "$(cat $W/par.pid)"
	wait_for 20 test -s $f
	b=$(stat -c %s $f 2>/dev/null)
	while [ "$a" != "$b" ]; do sleep 0.5; a=$b; b=$(stat -c %s $f 2>/dev/null); done
	cp $f $W/par_$1_check.data 2>/dev/null || : >$W/par_$1_check.data
}

# every web server of the real servers stopped (each started once: a second
# httpd_start on a busy port would leave the pid of one that failed)
par_httpd_stop() {
	local i
	for i in 1 2 3; do httpd_stop $i; done
	httpd_stop 3 8080
}

# par_dump_cmp OURS REF: the lines of 2.2.7's keepalived_check.data (LVS
# Topology, Health checkers) that ours lacks in the same object (virtual
# server, real server, check), "MISSING OBJECT | LINE" each; the values
# that change from one moment to the next or name 2.2.7's internals are
# left out (PAR_DUMP_SKIP)
PAR_DUMP_SKIP='Last ran = |Retries iterations = |Last errno = |Regex ref count = |reloaded = |RS set = |previous effective_weight = |alive = |Has run = |System is compiled with'
par_dump_cmp() {
	python3 - "$1" "$2" "$PAR_DUMP_SKIP" <<'PYEOF'
import re, sys
from collections import Counter
skip = re.compile("^ *(" + sys.argv[3] + ")")
def objects(path):
    objs, sec, vs, rs, chk = Counter(), None, "", "", ""
    for l in open(path, errors="replace"):
        l = l.rstrip("\n")
        if l.startswith("------<"):
            sec = l
            vs = rs = chk = ""
            continue
        if sec not in ("------< LVS Topology >------", "------< Health checkers >------"):
            continue
        if l.startswith(" ------<") or l.startswith("   ------<"):
            continue
        if sec.startswith("------< LVS"):
            if re.match(r"^ (VS |Virtual Server Group )", l):
                vs, rs = l, ""
                continue
            if l.startswith("   RIP = "):
                rs = l.split(",")[0] + "," + l.split(",")[1]
                continue
            key = vs + " / " + rs
        else:
            if l.startswith(" ") and not l.startswith("  "):
                chk = l
                continue
            key = chk
        if skip.match(l):
            continue
        objs[key + " | " + l] += 1
    return objs
ours, ref = objects(sys.argv[1]), objects(sys.argv[2])
for k in sorted(ref):
    if ours[k] < ref[k]:
        print("MISSING " + k)
PYEOF
}

# the digest genhash printed (its last line)
par_md5() { grep -oE '[0-9a-f]{32}$' | tail -1; }

run_parity() {
	if [ ! -x $PAR_REF ]; then
		fail parity "no $PAR_REF to compare with"
		return
	fi
	cat >$W/par_note.sh <<EOF
#!/bin/sh
echo "\$*" >>$W/par_notify.log
EOF
	chmod 755 $W/par_note.sh
	# PING_CHECK: 2.2.7 pings through an ICMP datagram socket, which the
	# kernel gives to the groups of ping_group_range only ("1 0", nobody,
	# in this VM; systemd makes it every group)
	sysctl -qw net.ipv4.ping_group_range="0 2147483647"
	# UDP_CHECK without require_reply passes unless a port unreachable
	# comes back: the real servers must send one for every probe (the
	# default rate limit drops some, and both daemons flap)
	for i in 1 2 3; do ip netns exec rs$i sysctl -qw net.ipv4.icmp_ratelimit=0; done
	# vs101's MISC_CHECK: exits with the number in par_misc, after 15 s
	# (misc_timeout 10) while par_misc_slow exists
	cat >$W/par_misc.sh <<EOF
#!/bin/sh
[ -e $W/par_misc_slow ] && sleep 15
exit \$(cat $W/par_misc)
EOF
	chmod 755 $W/par_misc.sh
	# genhash: ours next to $KA, or 2.2.7's when $KA is 2.2.7
	PAR_GENHASH=${GENHASH:-/usr/bin/genhash}
	ka_ours && PAR_GENHASH=${GENHASH:-$(dirname "$KA")/../genhash/genhash}
	for i in 1 2 3; do echo par >$W/www$i/par.html; done
	par_httpd_stop
	httpd_start 1
	PAR_DIGEST=$("$PAR_GENHASH" -s 10.0.2.11 -p 80 -u /par.html | par_md5)
	local refd
	refd=$(/usr/bin/genhash -s 10.0.2.11 -p 80 -u /par.html 2>/dev/null | par_md5)
	check parity_genhash_same_as_2.2.7 eval '[ -n "$PAR_DIGEST" ] && [ "$PAR_DIGEST" = "$refd" ]'
	# and printed alike: the digest alone on its line
	check parity_genhash_output_as_2.2.7 eval '[ "$("$PAR_GENHASH" -s 10.0.2.11 -p 80 -u /par.html)" = "$PAR_DIGEST" ]'
	httpd_stop 1
	local d p
	for d in ours ref; do par_one $d; done
	for p in start fail digest back misc_timeout inhibited reload reload_back; do
		echo "--- ipvsadm -Ln after $p (2.2.7)"
		cat $W/par_ref_$p.ipvs
		check parity_ipvs_${p}_same_as_2.2.7 diff $W/par_ours_$p.ipvs $W/par_ref_$p.ipvs
	done
	sort_phases $W/par_ours.notify >$W/par_ours.notify.s
	sort_phases $W/par_ref.notify >$W/par_ref.notify.s
	echo "--- notify scripts (2.2.7)"
	cat $W/par_ref.notify.s
	check parity_notify_same_as_2.2.7 diff $W/par_ours.notify.s $W/par_ref.notify.s
	sort_phases $W/par_ours.fifo >$W/par_ours.fifo.s
	sort_phases $W/par_ref.fifo >$W/par_ref.fifo.s
	echo "--- lvs_notify_fifo (2.2.7)"
	cat $W/par_ref.fifo.s
	check parity_fifo_same_as_2.2.7 diff $W/par_ours.fifo.s $W/par_ref.fifo.s
	par_dump_cmp $W/par_ours_check.data $W/par_ref_check.data >$W/par_dump.missing
	echo "--- keepalived_check.data: 2.2.7's lines ours lacks"
	cat $W/par_dump.missing
	check parity_dump_lines_of_2.2.7 eval "[ -s $W/par_ref_check.data ] && [ ! -s $W/par_dump.missing ]"
	cp $W/par_dump.missing $W/par_*_check.data $W/par_*.ipvs $W/par_*.notify* $W/par_*.fifo* $W/parity*.log "${KA_RESULTS:-/tmp}/" 2>/dev/null || true
	for i in 1 2 3; do httpd_start $i; done
}
