#!/usr/bin/env bash
# scale_reload: 1,000 VRRP instances (4 links, 250 VRIDs each, one VIP each)
# reach the VRRP child whole at start and on reload (issue 9: no size limit
# between the processes).
#  1. Start: the child reports 1,000 instance records in generation 1, every
#     instance becomes MASTER (no peer) and all 1,000 VIPs are installed.
#  2. Reload adding a 1,001st instance and changing one instance's priority:
#     generation 2 holds 1,001 records, the new instance becomes MASTER and
#     installs its VIP, no other instance makes a transition (the changed
#     one is updated in place), all 1,001 VIPs are there.
#  3. SIGTERM: every VIP is removed.
. "$(dirname "$0")/../lib/netns.sh"
kt_init
[ "$KT_FLAVOUR" = ng ] || skip "reads keepalived-ng's hand-over log lines"

N_PER_LINK=250
N=$((4 * N_PER_LINK))
lab_lan r1:1
R1=$(kt_ns r1) SW=$(kt_ns sw)
# links 1-3: a veth each, its other end up in the switch namespace
for l in 1 2 3; do
	ip -n "$SW" link add "r1l$l" type veth peer name "eth$l" netns "$R1" || fail "no veth eth$l"
	ip -n "$SW" link set "r1l$l" up
	ip -n "$R1" addr add "192.0.$l.1/24" dev "eth$l"
	ip -n "$R1" link set "eth$l" up
done

# conf EXTRA_INSTANCE(0/1) PRIO_OF_VI_0_1: VIPs 198.18.L.V/32 (L = link, V = VRID)
conf() {
	local l v p
	{
		for l in 0 1 2 3; do
			for v in $(seq 1 "$N_PER_LINK"); do
				p=100
				[ "$l.$v" = 0.1 ] && p=$2
				printf 'vrrp_instance VI_%s_%s {\n    state BACKUP\n    interface eth%s\n    virtual_router_id %s\n    priority %s\n    advert_int 1\n    virtual_ipaddress {\n        198.18.%s.%s/32\n    }\n}\n' \
					"$l" "$v" "$l" "$v" "$p" "$l" "$v"
			done
		done
		[ "$1" = 1 ] && printf 'vrrp_instance VI_extra {\n    state BACKUP\n    interface eth0\n    virtual_router_id 251\n    priority 100\n    advert_int 1\n    virtual_ipaddress {\n        198.18.9.1/32\n    }\n}\n'
	} | ka_conf r1
}
vips() { ip -n "$R1" -4 -o addr show | grep -c ' inet 198\.18\.'; }
records() { sed -n "s/.*vrrp: configuration generation $1: \([0-9]*\) records.*/\1/p" "$(ka_log r1)" | tail -1; }
transitions() { ka_count r1 'Entering (MASTER|BACKUP|FAULT) STATE'; }

step "start: $N instances handed over, all MASTER, $N VIPs"
conf 0 100
ka_start r1 r1
wait_for 60 eval '[ "$(vips)" -eq "$N" ]' || fail "$(vips) of $N VIPs installed"
wait_for 30 ka_entered r1 MASTER "$N" || fail "only $(ka_count r1 'Entering MASTER STATE') instances became MASTER"
[ "$(records 1)" -ge "$N" ] || fail "generation 1 held $(records 1) records, not $N or more"
log "generation 1: $(records 1) records, $(vips) VIPs"

step "reload: one instance more, one priority changed"
before=$(transitions)
conf 1 150
ka_signal r1 HUP
wait_for 60 eval '[ "$(vips)" -eq $((N + 1)) ]' || fail "$(vips) of $((N + 1)) VIPs after the reload"
wait_for 30 ka_logged r1 '\(VI_extra\) Entering MASTER STATE' || fail "the new instance did not become MASTER"
[ "$(records 2)" -ge $((N + 1)) ] || fail "generation 2 held $(records 2) records, not $((N + 1)) or more"
sleep 1
# the new instance's INIT -> BACKUP and BACKUP -> MASTER, nothing else
[ "$(transitions)" -eq $((before + 2)) ] ||
	fail "$(( $(transitions) - before )) transitions on reload, want the new instance's 2: $(grep -E 'Entering' "$(ka_log r1)" | tail -n +$((before + 1)) | head -5)"
log "generation 2: $(records 2) records, $(vips) VIPs, only the new instance changed state"

step "SIGTERM removes every VIP"
P1=$(ka_pid r1)
kill -TERM "$P1"
wait_for 30 not_alive "$P1" || fail "r1 did not exit on SIGTERM"
[ "$(vips)" -eq 0 ] || fail "$(vips) VIPs left behind on stop"
# the hand-overs were slow enough to matter, but no child was given up on
! ka_logged r1 'left its messages unread' || fail "the parent gave up on a child that was reading (--child-timeout)"
log_result
