#!/bin/bash
# ipvs_scenarios.sh - `make check` wrapper: boots the IPVS VM once and runs
# test/vm/guest-scenarios.sh in it (LVS-NAT/DR, rr, real server removal and
# re-adding, inhibit_on_failure, sorry server + quorum scripts, MISC_CHECK
# and misc_dynamic, HTTP status/digest, SSL_GET, persistence, fwmark, UDP
# with UDP_CHECK, respawn, two directors with VRRP). Exit 77 when the VM
# cannot be had.
HERE=$(cd "$(dirname "$0")" && pwd)
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
export TOP_BUILDDIR=${TOP_BUILDDIR:-$(cd "$HERE/../.." && pwd)}
export KEEPALIVED=${KEEPALIVED:-$TOP_BUILDDIR/keepalived/keepalived}
[ -x "$KEEPALIVED" ] || { echo "SKIP: $KEEPALIVED not built"; exit 77; }
# a hang guard: ~450 s on a quiet 2-core machine, 700 s seen at load 10
export KA_VM_TIMEOUT=${KA_VM_TIMEOUT:-1500}
exec "$HERE/run-in-vm.sh" "$HERE/guest-scenarios.sh" ${KA_T_RUNS:+"$KA_T_RUNS"}
