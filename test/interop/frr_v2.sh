#!/usr/bin/env bash
# frr_v2: FRR's vrrpd (Debian 12 frr 8.4) and ours share one VRID with VRRPv2.
# See test/lib/frr.sh for what it proves and what FRR needs.
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/frr.sh"
kt_init
frr_interop_run 2
