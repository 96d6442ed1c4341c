#!/bin/bash
# vrrp_net_selftest.sh - run test/unit/vrrp_net_selftest inside a private
# network namespace with two veth pairs (see that program's header comment).
# Everything is created inside the namespace; the host's interfaces are never
# touched. The namespace is always deleted on exit. Exit 77 (skipped) when
# not root or when namespaces/veth are unavailable.
set -u

BUILD=${TOP_BUILDDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
PROG=$BUILD/test/unit/vrrp_net_selftest
NS=kang-vnet-$$

skip() { echo "vrrp_net_selftest.sh: $*: skipped"; exit 77; }

[ "$(id -u)" = 0 ] || skip "not root"
command -v ip >/dev/null || skip "no ip(8)"
[ -x "$PROG" ] || { echo "vrrp_net_selftest.sh: $PROG not built"; exit 99; }

ip netns add "$NS" 2>/dev/null || skip "cannot create a network namespace"
trap 'ip netns delete "$NS" 2>/dev/null' EXIT

in_ns() { ip netns exec "$NS" "$@"; }

# both ends of each pair are created directly inside the namespace
ip -n "$NS" link add kv0 type veth peer name kv1 2>/dev/null || skip "no veth support"
ip -n "$NS" link add kv2 type veth peer name kv3 || exit 99
ip -n "$NS" link set lo up || exit 99
ip -n "$NS" addr add 10.99.0.1/24 dev kv0 || exit 99
ip -n "$NS" addr add 10.99.0.2/24 dev kv1 || exit 99
for dev in kv0 kv1 kv2 kv3; do
	ip -n "$NS" link set "$dev" up || exit 99
done
# kv0 and kv1 live in the same namespace: kv1 must accept adverts whose
# source is an address of this namespace (a per-namespace setting)
in_ns sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.kv1.rp_filter=0 \
	net.ipv4.conf.kv1.accept_local=1 || exit 99

# wait for the veth carriers
for _ in $(seq 50); do
	in_ns ip link show kv0 | grep -q LOWER_UP && in_ns ip link show kv2 | grep -q LOWER_UP && break
	sleep 0.1
done

in_ns env KANG_VNET_NS="$NS" "$PROG"
