#!/bin/bash
# corpus_run.sh LIST [PAR] - run real-world keepalived.conf files through
# keepalived-ng and Debian's 2.2.7 in the IPVS VM and compare them
# (test/vm/guest-corpus.sh; not part of make check). LIST: a file of paths
# (one a line) or a directory, on the host's file system (the guest sees it
# read-only). KA_VM_ARTIFACTS=DIR keeps the per-file results (corpus/).
HERE=$(cd "$(dirname "$0")" && pwd)
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
[ $# -ge 1 ] || { echo "usage: $0 LIST [PAR]" >&2; exit 2; }
export TOP_BUILDDIR=${TOP_BUILDDIR:-$(cd "$HERE/../.." && pwd)}
export KEEPALIVED=${KEEPALIVED:-$TOP_BUILDDIR/keepalived/keepalived}
[ -x "$KEEPALIVED" ] || { echo "SKIP: $KEEPALIVED not built"; exit 77; }
export KA_VM_TIMEOUT=${KA_VM_TIMEOUT:-3600}
exec "$HERE/run-in-vm.sh" "$HERE/guest-corpus.sh" "$(readlink -f "$1")" ${2:+"$2"}
