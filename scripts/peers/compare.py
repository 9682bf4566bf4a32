"""Checks that a peer's figures agree with `effektmaal compute --by kommune --format csv`.

Usage: compare.py EFFEKTMAAL.csv PEER.csv [TOLERANCE_PP] [KOMMUNE]

With KOMMUNE, the effektmaal output is of `--kommune KOMMUNE`: only that municipality's rows
of the peer are compared (its total is that municipality).

Every KPI-month of every municipality (and the total, summed over municipalities) must be in
both, and each share must agree to TOLERANCE_PP percentage points (default 0.01; effektmaal
prints shares to 2 decimals). Cells effektmaal suppresses (no share shown) are compared on
their full-time persons where given, else counted as skipped. Prints the maximum deviation;
exits 1 on disagreement."""

import csv
import re
import sys
from collections import defaultdict


def main():
    eff_path, peer_path = sys.argv[1], sys.argv[2]
    tol = float(sys.argv[3]) if len(sys.argv) > 3 else 0.01
    only = sys.argv[4] if len(sys.argv) > 4 else None
    peer = {}
    totals = defaultdict(lambda: [0.0, 0.0])
    with open(peer_path, newline="") as f:
        for r in csv.DictReader(f):
            if only is not None and r["kommune"] != only:
                continue
            num, den = float(r["numerator"]), float(r["denominator"])
            peer[(r["kpi"], r["month"], r["kommune"])] = (num, den)
            t = totals[(r["kpi"], r["month"])]
            t[0] += num
            t[1] += den
    for (kpi, month), (num, den) in totals.items():
        peer[(kpi, month, "I alt")] = (num, den)
    seen, bad, skipped, worst, worst_key, worst_ftp = set(), [], 0, 0.0, None, 0.0
    with open(eff_path, newline="") as f:
        for r in csv.DictReader(f):
            if r["dimension"] not in ("kommune", "total"):
                continue
            # The municipality's code, also when a name follows it ("461 Odense").
            code = re.match(r"\d+", r["group"]) if r["dimension"] == "kommune" else None
            key = (r["kpi"], r["month"], code.group(0) if code else r["group"])
            seen.add(key)
            if key not in peer:
                bad.append(f"{key}: in effektmaal's output, not in the peer's")
                continue
            num, den = peer[key]
            if r["numerator"] and r["denominator"]:
                worst_ftp = max(worst_ftp, abs(float(r["numerator"]) - num), abs(float(r["denominator"]) - den))
            if r["share_pct"]:
                dev = abs(float(r["share_pct"]) - 100.0 * num / den)
            elif r["numerator"] and r["denominator"]:
                dev = max(abs(float(r["numerator"]) - num), abs(float(r["denominator"]) - den))
            else:
                skipped += 1
                continue
            if dev > worst:
                worst, worst_key = dev, key
            if dev > tol + 1e-9:
                bad.append(f"{key}: effektmaal {r['share_pct'] or r['numerator']}, peer {100.0 * num / den:.4f}")
    for key in peer:
        if key not in seen:
            bad.append(f"{key}: in the peer's output, not in effektmaal's")
    where = f" ({' '.join(worst_key)})" if worst_key else ""
    print(f"{len(seen)} KPI-months compared, {skipped} suppressed skipped, max deviation {worst:.4f} pp{where}; "
          f"full-time persons differ by at most {worst_ftp:.4f} (effektmaal prints 2 decimals)")
    for b in bad[:20]:
        print("  DISAGREE", b)
    if bad:
        print(f"  {len(bad)} disagreements")
        sys.exit(1)


if __name__ == "__main__":
    main()
