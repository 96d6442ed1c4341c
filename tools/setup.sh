#!/usr/bin/env bash
# tools/setup.sh - install what keepalived-ng needs to build and test, then
# build it. Idempotent: a second run installs nothing and rebuilds only what
# changed. Debian 12, as root (apt); without root it only builds.
#
#   bash tools/setup.sh                    # packages + in-tree build
#   bash tools/setup.sh --builddir DIR [--configure-args "--enable-sanitizers"]
#                                          # build a copy of the tree in DIR/src
#   bash tools/setup.sh --no-build         # packages only
#   bash tools/setup.sh --no-packages      # build only
#
# Packaged daemons pulled in for interop tests (keepalived, frr) are never
# left running or enabled: tests start their own copies in namespaces.
# As root it also creates the system user 'keepalived' (the children's uid).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILDDIR=""
CONFIGURE_ARGS=""
DO_PACKAGES=1
DO_BUILD=1
JOBS=${JOBS:-2}

while [ $# -gt 0 ]; do
	case $1 in
	--builddir) BUILDDIR=$2; shift 2 ;;
	--configure-args) CONFIGURE_ARGS=$2; shift 2 ;;
	--no-build) DO_BUILD=0; shift ;;
	--no-packages) DO_PACKAGES=0; shift ;;
	-h|--help) sed -n '2,14p' "$0"; exit 0 ;;
	*) echo "setup.sh: unknown option $1" >&2; exit 2 ;;
	esac
done

say() { printf '[setup] %s\n' "$*"; }

PACKAGES=(
	build-essential autoconf automake libtool pkg-config
	libnl-3-dev libnl-genl-3-dev libnl-route-3-dev libmnl-dev libnftnl-dev libipset-dev libssl-dev libpcre2-dev libjson-c-dev libmicrohttpd-dev libsystemd-dev
	iproute2 iputils-ping iputils-arping tcpdump procps psmisc kmod nftables
	keepalived frr busybox-static python3 openssl curl dnsmasq-base
	qemu-system-x86 ipvsadm cpio
	clang
)
# Services that come with the packages above and must not run on the host.
SERVICES=(keepalived frr)

# missing_packages: print the packages not installed yet.
missing_packages() {
	local p st
	for p in "${PACKAGES[@]}"; do
		st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
		[ "$st" = installed ] || echo "$p"
	done
}

# apt_lists_fresh: package lists exist and were updated in the last day.
apt_lists_fresh() {
	local newest
	newest=$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -mmin -1440 2>/dev/null | head -1)
	[ -n "$newest" ]
}

# A policy-rc.d that forbids starting services while we install, so that
# postinst scripts do not start keepalived/frr (on machines without systemd
# they would run the init scripts). Removed afterwards if we made it.
POLICY=/usr/sbin/policy-rc.d
POLICY_MADE=0
policy_on() {
	if [ ! -e "$POLICY" ]; then
		printf '#!/bin/sh\nexit 101\n' >"$POLICY"
		chmod 755 "$POLICY"
		POLICY_MADE=1
	fi
}
policy_off() {
	if [ "$POLICY_MADE" = 1 ]; then rm -f "$POLICY"; POLICY_MADE=0; fi
}

# service_running NAME: the packaged daemon runs (pid file of its init script).
service_running() {
	local f p
	for f in "/run/$1.pid" "/run/$1/$1.pid" /run/frr/watchfrr.pid; do
		case $f in */frr/*) [ "$1" = frr ] || continue ;; esac
		[ -r "$f" ] || continue
		p=$(cat "$f" 2>/dev/null) || continue
		[ -n "$p" ] && kill -0 "$p" 2>/dev/null && return 0
	done
	return 1
}

# quiet_services: packaged keepalived/frr neither enabled nor running.
quiet_services() {
	local s
	for s in "${SERVICES[@]}"; do
		if [ -d /run/systemd/system ]; then
			systemctl disable --now "$s" >/dev/null 2>&1 || true
		else
			systemctl disable --now "$s" 2>/dev/null || true
			command -v update-rc.d >/dev/null && update-rc.d "$s" disable >/dev/null 2>&1 || true
			if service_running "$s" && [ -x "/etc/init.d/$s" ]; then
				say "stopping the packaged $s service"
				"/etc/init.d/$s" stop >/dev/null 2>&1 || true
			fi
		fi
	done
}

install_packages() {
	local missing
	if [ "$(id -u)" != 0 ]; then
		say "not root: skipping package installation"
		return 0
	fi
	mapfile -t missing < <(missing_packages)
	if [ "${#missing[@]}" -eq 0 ]; then
		say "all ${#PACKAGES[@]} packages already installed"
	else
		say "installing: ${missing[*]}"
		if ! apt_lists_fresh; then
			say "apt-get update"
			apt-get update -q
		fi
		policy_on
		trap policy_off EXIT
		if ! apt-get install -y -q --no-install-recommends "${missing[@]}"; then
			say "install failed; refreshing package lists and retrying"
			apt-get update -q
			apt-get install -y -q --no-install-recommends "${missing[@]}"
		fi
		policy_off
		trap - EXIT
	fi
	quiet_services
}

# system_user: the unprivileged user the VRRP and checker processes run as
# (keepalived-ng looks it up by this name at start; without it they keep
# uid 0). Made like a packager makes it.
CHILD_USER=keepalived
system_user() {
	[ "$(id -u)" = 0 ] || return 0
	if id -u "$CHILD_USER" >/dev/null 2>&1; then
		return 0
	fi
	say "useradd --system $CHILD_USER"
	useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$CHILD_USER"
}

# sync_copy DIR: copy the source tree (tracked and untracked, not ignored
# files; mtimes kept so make rebuilds only what changed) to DIR.
sync_copy() {
	local dst=$1
	mkdir -p "$dst"
	if git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
		(cd "$ROOT" && git ls-files -z -co --exclude-standard |
			grep -zv '^build-' | tar --null -T - -cf -) | tar -C "$dst" -xf -
	else
		(cd "$ROOT" && tar --exclude='./build-*' -cf - .) | tar -C "$dst" -xf -
	fi
}

# build SRC: autoreconf (when needed), configure (when needed), make.
build() {
	local src=$1
	cd "$src"
	if [ ! -x configure ] || [ configure.ac -nt configure ] || [ ! -f build-aux/test-driver ]; then
		say "autoreconf -fi in $src"
		autoreconf -fi
	fi
	if [ ! -f Makefile ] || [ ! -f config.status ] || [ configure -nt config.status ] ||
		[ "$(./config.status --config 2>/dev/null | tr -d "'")" != "$CONFIGURE_ARGS" ]; then
		say "./configure $CONFIGURE_ARGS"
		# shellcheck disable=SC2086
		./configure $CONFIGURE_ARGS
	fi
	say "make -j$JOBS in $src"
	make -j"$JOBS"
}

[ "$DO_PACKAGES" = 1 ] && install_packages && system_user
if [ "$DO_BUILD" = 1 ]; then
	if [ -n "$BUILDDIR" ]; then
		mkdir -p "$BUILDDIR"
		BUILDDIR=$(cd "$BUILDDIR" && pwd)
		sync_copy "$BUILDDIR/src"
		build "$BUILDDIR/src"
	else
		build "$ROOT"
	fi
fi
say "done"
