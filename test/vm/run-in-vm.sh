#!/bin/bash
# run-in-vm.sh SCRIPT [ARGS...] - run a guest script inside the IPVS test VM.
#
# The guest sees the host's root filesystem read-only (with a writable tmpfs
# overlay), so the build tree and every installed tool are there at the same
# paths. SCRIPT runs as root with bash in the guest; its output is streamed
# from the serial console; this wrapper exits with SCRIPT's exit status.
#
# Environment:
#   KA_VM_TIMEOUT  seconds before the VM is killed (default 900) -> exit 124
#   KA_VM_MEM      guest memory in MiB (default 1024)
#   KA_VM_SMP      guest CPUs (default 2)
#   KA_VM_CACHE    cache directory of build-vm.sh
#   KA_VM_ARTIFACTS  when set, a directory where the guest's /mnt/ka-results
#                  (logs the script left there) is copied after the run
# Variables passed into the guest: TOP_SRCDIR TOP_BUILDDIR KEEPALIVED GENHASH
# and any KA_T_* variable.
# Exit 77 when the VM cannot be had (skip).
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 1 ] || { echo "usage: $0 SCRIPT [ARGS...]" >&2; exit 2; }
SCRIPT=$(readlink -f "$1"); shift
[ -f "$SCRIPT" ] || { echo "run-in-vm: no such script $SCRIPT" >&2; exit 2; }

CACHE=$("$HERE/build-vm.sh")
rc=$?
[ $rc = 0 ] || exit $rc
KVER=$(cat "$CACHE/kver")

TIMEOUT=${KA_VM_TIMEOUT:-900}
RES=$(mktemp -d /tmp/ka-vm.XXXXXX)
trap 'rm -rf "$RES"' EXIT
chmod 777 "$RES"

{
	echo "#!/bin/bash"
	echo "export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
	echo "export KA_VM_GUEST=1 KA_RESULTS=/mnt/ka-results"
	for v in TOP_SRCDIR TOP_BUILDDIR KEEPALIVED GENHASH $(compgen -v KA_T_); do
		[ -n "${!v+x}" ] && printf 'export %s=%q\n' "$v" "${!v}"
	done
	printf 'cd %q\n' "$PWD"
	printf '/bin/bash %q' "$SCRIPT"
	for a in "$@"; do printf ' %q' "$a"; done
	echo
	echo 'rc=$?'
	echo 'echo $rc >/mnt/ka-results/rc'
	echo 'exit $rc'
} >"$RES/cmd.sh"

timeout -k 5 "$TIMEOUT" qemu-system-x86_64 \
	-m "${KA_VM_MEM:-1024}" -smp "${KA_VM_SMP:-2}" \
	-nographic -no-reboot -monitor none \
	-kernel "$CACHE/vmlinuz" -initrd "$CACHE/initrd.gz" \
	-append "console=ttyS0 quiet loglevel=3 panic=-1 ka.cache=$CACHE ka.kver=$KVER" \
	-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
	-virtfs local,path="$RES",mount_tag=results,security_model=none,multidevs=remap \
	</dev/null 2>&1 | tr -d '\r' | tee "$RES/console.log"
qrc=${PIPESTATUS[0]}

if [ -n "${KA_VM_ARTIFACTS:-}" ]; then
	mkdir -p "$KA_VM_ARTIFACTS" && cp -r "$RES"/. "$KA_VM_ARTIFACTS"/ 2>/dev/null
fi
if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
	echo "run-in-vm: TIMEOUT after ${TIMEOUT}s" >&2
	exit 124
fi
if [ -f "$RES/rc" ]; then
	exit "$(cat "$RES/rc")"
fi
rc=$(sed -n 's/^KA-VM-EXIT: \([0-9]*\)$/\1/p' "$RES/console.log" | tail -1)
if [ -n "$rc" ]; then
	exit "$rc"
fi
echo "run-in-vm: the guest did not report a status (qemu exit $qrc)" >&2
exit 1
