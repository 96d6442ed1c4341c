#!/usr/bin/env bash
# interop_v3: Debian's keepalived 2.2.7 and ours share one VRID with VRRPv3.
# See test/lib/interop.sh for what it proves.
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/interop.sh"
kt_init
interop_run 3
