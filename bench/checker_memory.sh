#!/usr/bin/env bash
# bench/checker_memory.sh - resident memory (parent + checker) of
# keepalived-ng and of Debian's keepalived 2.2.7 with the same
# configuration of N real servers (TCP_CHECK each), measured in the same
# run. keepalived's checker exits without IPVS, so both run inside the
# IPVS test VM (test/vm/run-in-vm.sh; TCG is slow but memory does not care).
#
# usage: bench/checker_memory.sh [N [PER_VS]]    (default 10000 100)
# Not part of `make check`.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
export KEEPALIVED=${KEEPALIVED:-$TOP/keepalived/keepalived}
[ "$(id -u)" = 0 ] || { echo "run as root"; exit 1; }
[ -x "$KEEPALIVED" ] || { echo "build first: $KEEPALIVED missing"; exit 1; }
export KA_VM_TIMEOUT=${KA_VM_TIMEOUT:-1800} KA_VM_MEM=${KA_VM_MEM:-2048}
echo "($(date -u '+%F %H:%M'), host $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg))"
exec nice -n 10 "$TOP/test/vm/run-in-vm.sh" "$TOP/bench/checker_memory_guest.sh" "${1:-10000}" "${2:-100}"
