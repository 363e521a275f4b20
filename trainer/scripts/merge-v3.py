#!/usr/bin/env python3
"""Protocol v3's summary over several `evaluate` reports (e.g. one run per seed, run side by side).

Usage: merge-v3.py [--method served] REPORT.json... > summary.json

Running seeds as separate processes lets them use separate cores and keeps a finished seed when a
later one is stopped. This script merges their `results` and computes the same statistics as
io.warmstart.trainer.bench.V3Summary: best simple baseline per support size (highest mean over seeds
of the tenant-average NDCG@10 among popularity, recpop, popcooc), ratio per (tenant, seed), a 95%
bootstrap interval over tenants (each tenant's mean ratio over its seeds; 2,000 draws with
java.util.Random seeded as in V3Summary, so one multi-seed run and merged single-seed runs give the
same interval), wins / ties / losses (|difference| < 0.001 is a tie) and the worst ratio.
It also prints, per support size, the median adaptation seconds of the method and how often it
served a model (a blend with lambda > 0) rather than the popularity fallback, where rows say so.
"""
import json
import math
import statistics
import sys

SIMPLE_BASELINES = ["popularity", "recpop", "popcooc"]
DRAWS = 2000
BOOTSTRAP_SEED = 20261204
TIE = 0.001


class JavaRandom:
    """java.util.Random, bit for bit (nextInt(bound) only)."""

    def __init__(self, seed):
        self.seed = (seed ^ 0x5DEECE66D) & ((1 << 48) - 1)

    def _next(self, bits):
        self.seed = (self.seed * 0x5DEECE66D + 0xB) & ((1 << 48) - 1)
        r = self.seed >> (48 - bits)
        return r - (1 << 32) if r >= (1 << 31) else r

    def next_int(self, bound):
        r = self._next(31)
        m = bound - 1
        if bound & m == 0:
            return (bound * r) >> 31
        u = r
        while True:
            r = u % bound
            if u - r + m < (1 << 31):
                return r
            u = self._next(31)


def seed_mean(rows, size, method):
    per_seed = {}
    for r in rows:
        if r["support_size"] == size and r["method"] == method and not math.isnan(r["ndcg@10"]):
            acc = per_seed.setdefault(r["seed"], [0.0, 0])
            acc[0] += r["ndcg@10"]
            acc[1] += 1
    means = [a[0] / a[1] for a in per_seed.values()]
    return (sum(means) / len(means), len(means)) if means else (float("nan"), 0)


def bootstrap(values):
    if not values:
        return [float("nan"), float("nan")]
    rnd = JavaRandom(BOOTSTRAP_SEED)
    means = []
    for _ in range(DRAWS):
        s = 0.0
        for _ in range(len(values)):
            s += values[rnd.next_int(len(values))]
        means.append(s / len(values))
    means.sort()
    return [means[math.floor(0.025 * (DRAWS - 1))], means[math.ceil(0.975 * (DRAWS - 1))]]


def entry(rows, size, method, best):
    baseline = {(r["tenant"], r["seed"]): r for r in rows if r["support_size"] == size and r["method"] == best}
    wins = ties = losses = undefined = 0
    ratios, by_tenant, worst, worst_tenant = [], {}, float("inf"), None
    for r in rows:
        if r["support_size"] != size or r["method"] != method:
            continue
        b = baseline.get((r["tenant"], r["seed"]))
        if b is None:
            continue
        diff = r["ndcg@10"] - b["ndcg@10"]
        if abs(diff) < TIE:
            ties += 1
        elif diff > 0:
            wins += 1
        else:
            losses += 1
        if b["ndcg@10"] <= 0 and r["ndcg@10"] > 0:
            undefined += 1
            continue
        ratio = 1.0 if b["ndcg@10"] <= 0 else r["ndcg@10"] / b["ndcg@10"]
        ratios.append(ratio)
        by_tenant.setdefault(r["tenant"], []).append(ratio)
        if ratio < worst:
            worst, worst_tenant = ratio, "%s (seed %d)" % (r["tenant"], r["seed"])
    per_tenant = [sum(v) / len(v) for _, v in sorted(by_tenant.items())]
    lo, hi = bootstrap(per_tenant)
    mine = [r for r in rows if r["support_size"] == size and r["method"] == method]
    adapt = [r["adapt_seconds"] for r in mine if r.get("adapt_seconds") is not None]
    return {
        "support_size": size, "method": method, "best_simple_baseline": best,
        "best_simple_baseline_ndcg@10": seed_mean(rows, size, best)[0], "method_ndcg@10": seed_mean(rows, size, method)[0],
        "served_ratio_mean": sum(ratios) / len(ratios) if ratios else float("nan"), "ci_low": lo, "ci_high": hi,
        "wins": wins, "ties": ties, "losses": losses, "worst_ratio": worst if ratios else float("nan"),
        "worst_tenant": worst_tenant, "pairs": wins + ties + losses, "tenants": len(per_tenant),
        "undefined_ratios": undefined, "seeds": seed_mean(rows, size, method)[1],
        "median_adapt_seconds": statistics.median(adapt) if adapt else None,
    }


def main(argv):
    method = "served"
    if argv[:1] == ["--method"]:
        method, argv = argv[1], argv[2:]
    if not argv:
        sys.exit(__doc__)
    rows, datasets = [], set()
    for path in argv:
        with open(path) as f:
            report = json.load(f)
        datasets.add(report.get("dataset"))
        rows.extend(report["results"])
    seen = set()
    for r in rows:
        key = (r["tenant"], r["seed"], r["support_size"], r["method"])
        if key in seen:
            sys.exit("the reports overlap: %s appears twice (merge runs of different seeds)" % (key,))
        seen.add(key)
    sizes = list(dict.fromkeys(r["support_size"] for r in rows))
    out = []
    for size in sizes:
        means = [(seed_mean(rows, size, b)[0], b) for b in SIMPLE_BASELINES if seed_mean(rows, size, b)[1] > 0]
        if not means or seed_mean(rows, size, method)[1] == 0:
            continue
        best = max(means, key=lambda m: m[0])[1]  # first one wins a tie, as in V3Summary
        out.append(entry(rows, size, method, best))
    json.dump({"datasets": sorted(d for d in datasets if d), "reports": argv, "v3": out}, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main(sys.argv[1:])
