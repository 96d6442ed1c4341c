#!/usr/bin/env bash
# part_flags: -P (VRRP only) and -C (checker only) as keepalived 2.2.7 reads
# them. Its VRRP child does not read the checker's blocks (virtual_server,
# virtual_server_group, SSL: keywords of a process that does not run), its
# checker child does not read the VRRP blocks; so a daemon started with -P
# runs a file whose virtual_server is broken, at start and on reload, and
# one started with -C a file whose vrrp_instance is. -t checks the whole
# file whatever -P/-C say (2.2.7 validates every part there): it still
# refuses it; so does the check of a reload with reload_check_config
# (2.2.7 runs -t for it). The BFD process runs with -P and with -C, as in 2.2.7.
# Passes with keepalived 2.2.7 as KEEPALIVED too (its -C checker part needs
# IPVS in the kernel).
. "$(dirname "$0")/../lib/netns.sh"
kt_init

lab_lan r1:1
R1=$(kt_ns r1)
VIP2="$KT_NET.101"

# conf_p VIP: a good vrrp_instance with VIP, a virtual_server with a value
# both skip with a message (connect_timeout bad: "invalid" in 2.2.7, a
# warning in ours; -t exits 5), defined twice with other settings (2.2.7
# drives one service from both, ours refuses it: an error), and a
# bfd_instance: 2.2.7 runs its BFD process with -P and -C too (-B stops it).
conf_p() {
	ka_conf r1 <<CONF
bfd_instance B1 {
    neighbor_ip $KT_NET.2
}
vrrp_instance VI_1 {
    state MASTER
    interface eth0
    virtual_router_id 51
    priority 150
    advert_int 1
    virtual_ipaddress {
        $1/32
    }
}
virtual_server 10.0.0.1 80 {
    protocol TCP
    lb_algo bogus
    real_server 10.0.0.2 80 {
        TCP_CHECK {
            connect_timeout bad
        }
    }
}
virtual_server 10.0.0.1 80 {
    protocol TCP
    lb_algo rr
    real_server 10.0.0.3 80 {
    }
}
virtual_server_group G {
    10.0.0.5 nonsense 80
}
CONF
}
conf_p "$VIP"
C=$(ka_conf_file r1)

step "-t, -t -P, -t -C: the whole file is checked, the checker's error refuses it"
for f in "" -P -C; do
	# shellcheck disable=SC2086
	out=$(ip netns exec "$R1" "$KEEPALIVED" -t $f -f "$C" 2>&1) &&
		fail "-t $f accepted a file with an error in its virtual_server: $out"
	grep -q 'connect_timeout' <<<"$out" || fail "-t $f did not report the checker's error: $out"
done

step "-P: the daemon runs the VRRP part, the broken virtual_server is not read"
ka_start r1 r1 -P
wait_for 30 has_addr "$R1" eth0 "$VIP" || fail "-P: the VIP never appeared (the checker's error refused the file?)"
ka_alive r1 || fail "-P: the daemon exited"
[ -s "$(ka_dir r1)/checkers.pid" ] && fail "-P: a checker child runs"
ka_logged r1 'connect_timeout' && fail "-P: the daemon read the virtual_server block"
wait_for 30 test -s "$(ka_dir r1)/bfd.pid" || fail "-P: no BFD process (2.2.7 runs it)"

step "-P, reload: a new VIP with the virtual_server still broken"
conf_p "$VIP2"
ka_signal r1 HUP
wait_for 30 has_addr "$R1" eth0 "$VIP2" || fail "-P: the reload was refused (new VIP never appeared)"
wait_for 30 no_addr "$R1" eth0 "$VIP" || fail "-P: the old VIP stayed after the reload"

step "-P with reload_check_config: the check reads the whole file, the reload is refused"
conf_p "$VIP"
sed -i "1i global_defs {\n    reload_check_config $KT_TMP/check.log\n}" "$C"
ka_signal r1 HUP   # applied: the running file had no reload_check_config
wait_for 30 has_addr "$R1" eth0 "$VIP" || fail "-P: the reload that set reload_check_config was not applied"
conf_p "$VIP2"
sed -i "1i global_defs {\n    reload_check_config $KT_TMP/check.log\n}" "$C"
ka_signal r1 HUP
wait_for 30 grep -q 'connect_timeout' "$KT_TMP/check.log" || fail "-P: the reload's check did not report the checker's error"
holds 3 no_addr "$R1" eth0 "$VIP2" || fail "-P: a reload whose check failed was applied"
ka_stop r1

step "-C, a bfd_instance and a broken vrrp_instance: the BFD process runs"
ka_conf r1 <<CONF
bfd_instance B1 {
    neighbor_ip $KT_NET.2
}
vrrp_instance VI_1 {
    state MASTER
    interface eth0
    virtual_router_id 300
    virtual_ipaddress {
        $VIP/32
    }
}
CONF
rm -f "$(ka_dir r1)/bfd.pid"
ka_start r1 r1 -C
wait_for 30 test -s "$(ka_dir r1)/bfd.pid" || fail "-C: no BFD process (2.2.7 runs it)"
ka_alive r1 || fail "-C: the daemon exited"
ka_stop r1

step "-C: the daemon runs the checker, a broken vrrp_instance is not read"
if ka_is_ours || [ -e /proc/net/ip_vs ]; then
	# lvs_sync_daemon names the instance: not looked for (not read)
	ka_conf r1 <<CONF
global_defs {
    lvs_sync_daemon eth0 VI_1
}
vrrp_instance VI_1 {
    state MASTER
    interface eth0
    virtual_router_id 300
    priority 150
    virtual_ipaddress {
        $VIP/32
    }
}
virtual_server 10.0.0.1 80 {
    protocol TCP
    real_server 10.0.0.2 80 {
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
CONF
	rm -f "$(ka_dir r1)/checkers.pid" "$(ka_dir r1)/vrrp.pid"
	ka_start r1 r1 -C
	wait_for 30 test -s "$(ka_dir r1)/checkers.pid" || fail "-C: no checker child (the VRRP error refused the file?)"
	ka_alive r1 || fail "-C: the daemon exited"
	[ -s "$(ka_dir r1)/vrrp.pid" ] && fail "-C: a VRRP child runs"
	ka_logged r1 'virtual_router_id|VRID' && fail "-C: the daemon read the vrrp_instance block"
	no_addr "$R1" eth0 "$VIP" || fail "-C: the VIP is set"
	ka_stop r1
else
	log "not checked with $(basename "$KEEPALIVED"): -C (its checker stops without IPVS in the kernel)"
fi
log_result
