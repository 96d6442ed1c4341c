#!/bin/bash
# guest-corpus.sh LIST [PAR] - run in the IPVS VM by test/vm/corpus_run.sh
# (not part of make check): every keepalived.conf named in LIST (one path a
# line, or a directory), adapted to a small lab by corpus-adapt.py, run by
# keepalived-ng and by Debian's keepalived 2.2.7 side by side (each in its
# own pair of network namespaces: a director with eth0 10.0.2.1/24 and its
# own IPVS table, a real-server namespace with 10.0.2.11-13 serving what the
# file's checkers ask for), PAR files at a time. Compared per file:
#   - `-t` exit status;
#   - `ipvsadm -Ln` (sorted, no counters) at start, after 10.0.2.11's
#     servers die (and its MISC_CHECKs exit 1), after they come back;
#   - the script lines (notify_up/down, quorum_up/down: "KEYWORD_LLINE"),
#     sorted within each phase, the omega/stop ones included.
# Prints "SAME file" or "DIFF file: what" per file, "N files, N same".
# Results under $KA_RESULTS/corpus/N-name/{ours,ref}/.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/guest-lib.sh"     # $KA, ipvs_norm, wait_stable, sort_phases
REF=/usr/sbin/keepalived
LIST=${1:?usage: guest-corpus.sh LIST [PAR]}
PAR=${2:-3}
C=/run/kacorp
OUT=${KA_RESULTS:-/tmp}/corpus
mkdir -p $C $OUT
chmod 755 $C
modprobe ip_vs 2>/dev/null
ipvsadm -Ln >/dev/null

if [ -d "$LIST" ]; then
	FILES=$(find "$LIST" -type f | sort)
else
	FILES=$(grep -v '^#' "$LIST")
fi

# lab S D: the namespaces of slot S for daemon D
lab_up() {
	local s=$1 d=$2 dn=kcd$1$2 rn=kcr$1$2
	ip netns add $dn
	ip netns add $rn
	ip -n $dn link add eth0 type veth peer name eth1 netns $rn
	ip -n $dn addr add 10.0.2.1/24 dev eth0
	ip -n $dn link set eth0 up
	ip -n $dn link set lo up
	ip -n $rn link set lo up
	ip -n $rn link set eth1 up
	for i in 1 2 3; do ip -n $rn addr add 10.0.2.1$i/24 dev eth1; done
	ip -n $rn route add default via 10.0.2.1
	ip netns exec $dn sysctl -qw net.ipv4.ip_forward=1
}
lab_down() { ip netns del kcd$1$2 2>/dev/null; ip netns del kcr$1$2 2>/dev/null; }

# the table of a director, normalised
snap() { ip netns exec kcd$1 ipvsadm -Ln 2>&1 | ipvs_norm; }

# settle S: both tables unchanged for 3 s in a row (at most 25 s)
both_snaps() { snap ${1}ours; echo =; snap ${1}ref; }
settle() { wait_stable 25 both_snaps $1; }

backend_start() { # S D IP
	local D=$C/$1/$2
	grep "^$3 " $D/backends | cut -d' ' -f2- >$D/be.$3
	[ -s $D/be.$3 ] || return 0
	rm -f $D/be.$3.out
	ip netns exec kcr$1$2 python3 $HERE/corpus-backend.py $3 $C <$D/be.$3 >$D/be.$3.out 2>&1 &
	echo $! >$D/be.$3.pid
}
# backends_ready S D: every backend of the lab listening (at most 20 s: TCG)
backends_ready() {
	local D=$C/$1/$2 ip end=$((SECONDS + 20))
	for ip in 10.0.2.11 10.0.2.12 10.0.2.13; do
		[ -f $D/be.$ip.pid ] || continue
		while [ $SECONDS -lt $end ] && ! grep -q ready $D/be.$ip.out 2>/dev/null; do sleep 0.2; done
	done
}
backend_stop() { # S D IP
	local f=$C/$1/$2/be.$3.pid
	[ -f $f ] && kill "$(cat $f)" 2>/dev/null
	rm -f $f
}

phase() { # S NAME
	local s=$1 d
	settle $s
	sleep 1
	for d in ours ref; do
		snap $s$d >$C/$s/$d/$2.ipvs
		echo "--- $2" >>$C/$s/$d/notes.log
	done
}

# job S N FILE: one file through both daemons in slot S
job() {
	local s=$1 n=$2 f=$3 d bin D res=$OUT/$2-$(basename "$3" | cut -c1-80) diffs="" p
	for d in ours ref; do
		D=$C/$s/$d
		rm -rf $D
		mkdir -p $D
		chmod 755 $C/$s $D
		printf '#!/bin/sh\ncase "$1" in\nmisc_path_*) n=${1##*_rs}; [ "$n" = 0 ] && exit 1; [ -e %s/dead.$n ] && exit 1; exit 0;;\nesac\necho "$*" >>%s/notes.log\nexit 0\n' $D $D >$D/note.sh
		chmod 755 $D/note.sh
		: >$D/notes.log
		python3 $HERE/corpus-adapt.py "$f" $D/ka.conf $D >$D/backends 2>$D/adapt.err
		lab_up $s $d
		bin=$KA
		[ $d = ref ] && bin=$REF
		ip netns exec kcd$s$d timeout 60 $bin -t -f $D/ka.conf >$D/t.log 2>&1
		echo $? >$D/t.rc
	done
	for d in ours ref; do
		for ip in 10.0.2.11 10.0.2.12 10.0.2.13; do backend_start $s $d $ip; done
	done
	for d in ours ref; do backends_ready $s $d; done
	for d in ours ref; do
		bin=$KA
		[ $d = ref ] && bin=$REF
		D=$C/$s/$d
		ip netns exec kcd$s$d $bin -n -l -D -C -f $D/ka.conf -p $D/ka.pid -c $D/ck.pid -b $D/bfd.pid \
			-r $D/vr.pid >$D/run.log 2>&1 &
		echo $! >$D/daemon.pid
	done
	sleep 3
	phase $s start
	for d in ours ref; do
		backend_stop $s $d 10.0.2.11
		touch $C/$s/$d/dead.1
	done
	sleep 2
	phase $s down
	for d in ours ref; do
		rm -f $C/$s/$d/dead.1
		backend_start $s $d 10.0.2.11
	done
	for d in ours ref; do backends_ready $s $d; done
	sleep 2
	phase $s up
	for d in ours ref; do kill -TERM "$(cat $C/$s/$d/daemon.pid)" 2>/dev/null; done
	for d in ours ref; do
		D=$C/$s/$d
		for i in $(seq 1 50); do kill -0 "$(cat $D/daemon.pid)" 2>/dev/null || break; sleep 0.2; done
		kill -9 "$(cat $D/daemon.pid)" 2>/dev/null
		snap $s$d >$D/stop.ipvs
		for ip in 10.0.2.11 10.0.2.12 10.0.2.13; do backend_stop $s $d $ip; done
		sleep 0.5
		sort_phases $D/notes.log >$D/notes.s
		lab_down $s $d
	done
	local O=$C/$s/ours R=$C/$s/ref
	cmp -s $O/t.rc $R/t.rc || diffs="$diffs -t($(cat $O/t.rc)/$(cat $R/t.rc))"
	for p in start down up stop; do
		cmp -s $O/$p.ipvs $R/$p.ipvs || diffs="$diffs ipvs@$p"
	done
	cmp -s $O/notes.s $R/notes.s || diffs="$diffs scripts"
	mkdir -p $res
	cp -r $O $R $res/
	echo "$f" >$res/file
	if [ -z "$diffs" ]; then
		echo "SAME $n $f"
	else
		echo "DIFF $n $f:$diffs"
	fi
}

n=0
for f in $FILES; do
	n=$((n + 1))
	s=$(( (n - 1) % PAR ))
	job $s $n "$f" >$C/job.$s.out 2>&1 &
	eval "J$s=\$!"
	if [ $s = $((PAR - 1)) ]; then
		wait
		cat $C/job.*.out | tee -a $OUT/summary
		rm -f $C/job.*.out
	fi
done
wait
cat $C/job.*.out 2>/dev/null | tee -a $OUT/summary
echo "$(grep -c '' $OUT/summary) files, $(grep -c '^SAME' $OUT/summary) same"
exit 0
