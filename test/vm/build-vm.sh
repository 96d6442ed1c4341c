#!/bin/bash
# build-vm.sh - build (once) and cache a kernel + initramfs for the IPVS VM.
#
# The build/CI kernel has no IPVS; a small qemu guest booting Debian's own
# kernel package, with the host's root filesystem shared read-only over 9p,
# gives us one (see test/vm/README.md).
#
# Output (in $KA_VM_CACHE, default /var/cache/keepalived-ng-vm):
#   vmlinuz, initrd.gz, modules/lib/modules/KVER (depmod'ed), kver
# Prints the cache directory on stdout. Exit 0 = ready, 77 = cannot be had
# (no qemu, no busybox, no kernel package reachable), 1 = error.
set -eu

CACHE=${KA_VM_CACHE:-/var/cache/keepalived-ng-vm}
STAMP_VERSION=4   # bump when the initramfs layout below changes

say() { echo "build-vm: $*" >&2; }
skip() { say "SKIP: $*"; exit 77; }

need_pkg() {  # need_pkg COMMAND PACKAGE: install PACKAGE with apt-get when COMMAND is missing
	command -v "$1" >/dev/null 2>&1 && return 0
	[ "$(id -u)" = 0 ] || skip "$1 missing (package $2) and not root"
	say "installing $2"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >&2 || skip "cannot install $2"
}

if [ -f "$CACHE/stamp" ] && [ "$(cat "$CACHE/stamp")" = "$STAMP_VERSION" ] &&
   [ -f "$CACHE/vmlinuz" ] && [ -f "$CACHE/initrd.gz" ]; then
	echo "$CACHE"
	exit 0
fi

need_pkg qemu-system-x86_64 qemu-system-x86
[ -x /bin/busybox ] || need_pkg busybox busybox-static
BUSYBOX=$(command -v busybox)
# the initramfs needs a static busybox
file -L "$BUSYBOX" 2>/dev/null | grep -q 'statically linked' ||
	{ [ -x /bin/busybox ] && BUSYBOX=/bin/busybox; }
need_pkg cpio cpio
need_pkg depmod kmod
need_pkg dpkg-deb dpkg

mkdir -p "$CACHE"
WORK=$(mktemp -d "$CACHE/build.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# --- the kernel: the package linux-image-amd64 points at -------------------
KPKG=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: *\(linux-image-[0-9][^ ]*\)$/\1/p' | head -1)
if [ -z "$KPKG" ]; then
	apt-get update -q >&2 || true
	KPKG=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: *\(linux-image-[0-9][^ ]*\)$/\1/p' | head -1)
fi
[ -n "$KPKG" ] || skip "apt-cache knows no linux-image-amd64"
KVER=${KPKG#linux-image-}
say "kernel package $KPKG"
DEB=$(ls /var/cache/apt/archives/"${KPKG}"_*.deb 2>/dev/null | head -1 || true)
if [ -z "$DEB" ]; then
	(cd "$WORK" && apt-get download "$KPKG" >&2 2>&1) || skip "cannot download $KPKG"
	DEB=$(ls "$WORK"/"${KPKG}"_*.deb | head -1)
fi
dpkg-deb -x "$DEB" "$WORK/pkg"
rm -f "$WORK"/*.deb
MODSRC="$WORK/pkg/lib/modules/$KVER"
[ -d "$MODSRC/kernel/net/netfilter/ipvs" ] || { say "no IPVS modules in $KPKG"; exit 1; }
depmod -b "$WORK/pkg" "$KVER"

# --- the initramfs: busybox + the modules needed to reach the host root ----
IR="$WORK/initramfs"
mkdir -p "$IR"/{bin,sbin,proc,sys,dev,host,rw,newroot,mods}
cp "$BUSYBOX" "$IR/bin/busybox"
for m in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci \
	 9pnet 9pnet_virtio netfs fscache 9p overlay; do
	f=$(find "$MODSRC/kernel" -name "$m.ko" | head -1)
	if [ -z "$f" ]; then
		say "note: module $m not found (built in?)"
		continue
	fi
	cp "$f" "$IR/mods/"
	echo "$m" >>"$IR/mods/order"
done
cat >"$IR/sbin/ka-modprobe" <<'EOF'
#!/bin/busybox sh
exec /bin/busybox chroot /newroot /sbin/modprobe "$@"
EOF
chmod +x "$IR/sbin/ka-modprobe"
cp "$(dirname "$0")/initramfs-init" "$IR/init"
chmod +x "$IR/init"
(cd "$IR" && find . | cpio -o -H newc --quiet | gzip -1) >"$WORK/initrd.gz"

# --- install into the cache -------------------------------------------------
rm -rf "$CACHE/modules" "$CACHE/vmlinuz" "$CACHE/initrd.gz"
mkdir -p "$CACHE/modules/lib/modules"
mv "$MODSRC" "$CACHE/modules/lib/modules/$KVER"
mv "$WORK/pkg/boot/vmlinuz-$KVER" "$CACHE/vmlinuz"
mv "$WORK/initrd.gz" "$CACHE/initrd.gz"
echo "$KVER" >"$CACHE/kver"
echo "$STAMP_VERSION" >"$CACHE/stamp"
say "ready in $CACHE ($KVER)"
echo "$CACHE"
