# guest-parity.sh - run "parity" (sourced by guest-scenarios.sh): one
# keepalived.conf with the checker features most used in the field, run by
# keepalived-ng and then by Debian's keepalived 2.2.7 (one after the other,
# same topology, same steps), and what a user sees compared phase by phase:
# `ipvsadm -Ln` (scheduler, flags, persistence, forwarding method, weights;
# services and real servers sorted, no counters) and the lines the
# notify_up/notify_down/quorum_up/quorum_down scripts wrote (their
# arguments; sorted within a phase - the scripts run concurrently), and
# the lines of lvs_notify_fifo (sorted within a phase too).
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
# removed and one added, the inhibited server's weight), its recovery after
# the reload; the omega scripts at stop.

PAR_REF=/usr/sbin/keepalived

# par_snap FILE: the normalised table (our services only)
par_table() { ipvsadm -Ln | ipvs_norm '10\.0\.1\.1[0-9][0-9]:|^FWM (20|21)\b'; }
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
	par_conf >$W/parity.conf
	rm -f $W/par.pid $W/parck.pid
	"$bin" -n -l -D -C -f $W/parity.conf -p $W/par.pid -c $W/parck.pid >$W/$KA_NAME.log 2>&1 &
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
	echo 1 >$W/par_misc
	echo 9 >$W/par_miscu
	wait_for 15 eval "ipvs_lacks '$V0' 10.0.2.12:8081 && ipvs_has '$V1' 10.0.2.12:80 0 && ipvs_lacks 'TCP  10.0.1.106:443' 10.0.2.12:443"
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
	echo 5 >$W/par_misc
	echo 7 >$W/par_miscu
	wait_for 15 eval "ipvs_has '$V0' 10.0.2.11:80 && ipvs_has '$V0' 10.0.2.12:8081 && ipvs_has '$V1' 10.0.2.12:80 3 && ipvs_has 'TCP  10.0.1.106:443' 10.0.2.12:443"
	par_phase $d back

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
	check ${d}_parity_stop_clean eval "! ipvsadm -Ln | grep -Eq '10\\.0\\.1\\.1[01][0-9]:|^FWM  2[01] '"
	par_fifo_stop
	ssl_stop 1
	ssl_stop 2
	cp $W/par_notify.log $W/par_${d}.notify
	cp $W/par_fifo.log $W/par_${d}.fifo
	par_httpd_stop
}

# every web server of the real servers stopped (each started once: a second
# httpd_start on a busy port would leave the pid of one that failed)
par_httpd_stop() {
	local i
	for i in 1 2 3; do httpd_stop $i; done
	httpd_stop 3 8080
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
	cp $W/par_*.ipvs $W/par_*.notify* $W/par_*.fifo* $W/parity*.log "${KA_RESULTS:-/tmp}/" 2>/dev/null || true
	for i in 1 2 3; do httpd_start $i; done
}
