#!/bin/bash
# demo.sh - the load-balancing part of tools/demo.sh: boots the IPVS VM
# (test/vm/build-vm.sh, Debian's kernel, built and cached on first use) and
# runs test/vm/guest-demo.sh in it. Nothing runs on the host's network: the
# director, the client and the real servers all live inside the VM.
# Exit status: the guest's (0 when every step showed what it should),
# 77 when the VM cannot be had.
HERE=$(cd "$(dirname "$0")" && pwd)
[ "$(id -u)" = 0 ] || { echo "the IPVS demo needs root"; exit 77; }
export TOP_BUILDDIR=${TOP_BUILDDIR:-$(cd "$HERE/../.." && pwd)}
export KEEPALIVED=${KEEPALIVED:-$TOP_BUILDDIR/keepalived/keepalived}
[ -x "$KEEPALIVED" ] || { echo "$KEEPALIVED is not built"; exit 77; }
export KA_VM_TIMEOUT=${KA_VM_TIMEOUT:-300}
# the serial console also carries the firmware's and the boot's output:
# show the demo's lines only
echo "  (booting the VM: about a minute under TCG; the first run also downloads the kernel)"
"$HERE/run-in-vm.sh" "$HERE/guest-demo.sh" | awk '/KA-DEMO-BEGIN/ { on = 1; next } /^KA-VM-EXIT/ { on = 0 } on'
exit "${PIPESTATUS[0]}"
