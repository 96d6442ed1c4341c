#!/usr/bin/env python3
"""bench/intervals.py - schedule statistics of health checks, read from
what the real servers saw.

Input lines (stdin): "TIME ADDRESS" (seconds as a float, the address the
check reached), e.g. nginx's "$msec $server_addr" or tcpdump SYNs turned
into that shape by the caller. Lines outside [--from, --to] are ignored.

Prints one line of key=value pairs:
  checks_per_s     checks seen per second over the window
  servers          servers seen
  median_ms        median of all intervals between two checks of one server
  p95_ms, p99_ms   percentiles of the same
  worst_server_ms  the largest per-server median interval
  late_servers     servers whose median interval exceeds --limit-ms (if given)
With --exclude FILE, addresses listed there (one per line) are left out
(black-holed servers) and reported separately as excluded_median_ms.
"""
import argparse
import statistics
import sys


def pct(sorted_vals, p):
    if not sorted_vals:
        return float("nan")
    k = min(len(sorted_vals) - 1, max(0, int(round(p / 100.0 * (len(sorted_vals) - 1)))))
    return sorted_vals[k]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--from", dest="t0", type=float, required=True)
    ap.add_argument("--to", dest="t1", type=float, required=True)
    ap.add_argument("--limit-ms", type=float, default=0)
    ap.add_argument("--exclude", default="")
    a = ap.parse_args()
    excluded = set()
    if a.exclude:
        with open(a.exclude) as f:
            excluded = {l.strip() for l in f if l.strip()}
    seen = {}
    for line in sys.stdin:
        parts = line.split()
        if len(parts) < 2:
            continue
        try:
            t = float(parts[0])
        except ValueError:
            continue
        if t < a.t0 or t > a.t1:
            continue
        seen.setdefault(parts[1], []).append(t)
    total = sum(len(v) for k, v in seen.items() if k not in excluded)
    ivs, ex_ivs, per_server = [], [], []
    for addr, ts in seen.items():
        ts.sort()
        d = [(b - a_) * 1000.0 for a_, b in zip(ts, ts[1:])]
        if addr in excluded:
            ex_ivs.extend(d)
            continue
        ivs.extend(d)
        if d:
            per_server.append(statistics.median(d))
    ivs.sort()
    per_server.sort()
    out = {
        "checks_per_s": "%.0f" % (total / (a.t1 - a.t0)),
        "servers": str(len([k for k in seen if k not in excluded])),
        "median_ms": "%.1f" % (statistics.median(ivs) if ivs else float("nan")),
        "p95_ms": "%.1f" % pct(ivs, 95),
        "p99_ms": "%.1f" % pct(ivs, 99),
        "worst_server_ms": "%.1f" % (per_server[-1] if per_server else float("nan")),
    }
    if a.limit_ms:
        out["late_servers"] = str(sum(1 for m in per_server if m > a.limit_ms))
    if excluded:
        out["excluded_median_ms"] = "%.1f" % (statistics.median(ex_ivs) if ex_ivs else float("nan"))
    print(" ".join("%s=%s" % kv for kv in out.items()))


if __name__ == "__main__":
    main()
