#!/usr/bin/env python3
"""Plots served / best simple baseline per support size, with 95% intervals, one line per dataset.

Usage: plot-v3.py LABEL=SUMMARY.json... > ratio.svg
SUMMARY.json is what merge-v3.py writes (or an evaluate report.json: its summary.v3 is read).
Plain SVG, no plotting library needed.
"""
import json
import sys

W, H, LEFT, RIGHT, TOP, BOTTOM = 720, 360, 60, 200, 30, 50
COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"]


def entries(path):
    with open(path) as f:
        data = json.load(f)
    return data["v3"] if "v3" in data else data["summary"]["v3"]


def main(args):
    if not args:
        sys.exit(__doc__)
    series = []
    for arg in args:
        label, path = arg.split("=", 1)
        series.append((label, {e["support_size"]: e for e in entries(path)}))
    sizes = []
    for _, by_size in series:
        for s in by_size:
            if s not in sizes:
                sizes.append(s)
    sizes.sort(key=lambda s: float("inf") if s == "all" else int(s))
    values = [v for _, b in series for e in b.values() for v in (e["ci_low"], e["ci_high"], e["served_ratio_mean"])]
    lo, hi = min(min(values), 0.9), max(max(values), 1.1)
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM

    def x(i):
        return LEFT + pw * (i + 0.5) / len(sizes)

    def y(v):
        return TOP + ph * (hi - v) / (hi - lo)

    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">' % (W, H),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="%d" y="18" font-size="13">served / best simple baseline, NDCG@10 (protocol v3, 95%% bootstrap intervals)</text>' % LEFT]
    step = 0.05
    v = round(lo / step) * step
    while v <= hi + 1e-9:
        out.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="%s"/>' % (LEFT, LEFT + pw, y(v), y(v), "#444" if abs(v - 1) < 1e-9 else "#ddd"))
        out.append('<text x="%d" y="%.1f" text-anchor="end">%.2f</text>' % (LEFT - 6, y(v) + 4, v))
        v += step
    for i, s in enumerate(sizes):
        out.append('<text x="%.1f" y="%d" text-anchor="middle">%s</text>' % (x(i), TOP + ph + 18, s))
    out.append('<text x="%.1f" y="%d" text-anchor="middle">events in the tenant\'s support (N)</text>' % (LEFT + pw / 2, H - 8))
    for k, (label, by_size) in enumerate(series):
        colour = COLOURS[k % len(COLOURS)]
        shift = (k - (len(series) - 1) / 2) * 8
        points = []
        for i, s in enumerate(sizes):
            e = by_size.get(s)
            if not e:
                continue
            cx = x(i) + shift
            out.append('<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="2"/>' % (cx, cx, y(e["ci_low"]), y(e["ci_high"]), colour))
            out.append('<circle cx="%.1f" cy="%.1f" r="4" fill="%s"/>' % (cx, y(e["served_ratio_mean"]), colour))
            points.append("%.1f,%.1f" % (cx, y(e["served_ratio_mean"])))
        out.append('<polyline points="%s" fill="none" stroke="%s" stroke-dasharray="4 3"/>' % (" ".join(points), colour))
        out.append('<rect x="%d" y="%d" width="12" height="12" fill="%s"/>' % (LEFT + pw + 16, TOP + 20 * k, colour))
        out.append('<text x="%d" y="%d">%s</text>' % (LEFT + pw + 34, TOP + 20 * k + 10, label))
    out.append("</svg>")
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1:])
