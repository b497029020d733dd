#!/usr/bin/env python3
"""bench/bounce_agreement.py [--cli PATH] [--corpus DIR] [--folds K] [--show-misses FOLD]

Agreement of `hivepost-cli bounces parse` with Sisimai's opinion (the corpus manifest), scored by
MTA family: the families are dealt into K folds (a fixed deal, by a hash of the family name), and
the figures are printed per fold, so that rules written while looking only at some folds can be
scored on the others. Per reason: precision and recall. Not a test: the test suite's floor is in
tests/core/tst_Bounce.cpp.
"""
import argparse
import collections
import hashlib
import json
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser()
ap.add_argument("--cli", default=os.path.join(here, "..", "build", "test", "app", "hivepost-cli"))
ap.add_argument("--corpus", default=os.path.join(here, "..", "tests", "data", "bounce-corpus", "dev"))
ap.add_argument("--folds", type=int, default=5)
ap.add_argument("--show-misses", type=int, default=-1, help="print the records a fold disagrees on")
args = ap.parse_args()

manifest = [json.loads(l) for l in open(os.path.join(args.corpus, "manifest.jsonl"), encoding="utf-8")]


def family(m):
    # lhost-postfix, rhost-google, rfc3464, arf: the software or the provider that wrote it
    return m["family"] if "family" in m else m["file"].rsplit("-", 1)[0]


def fold_of(fam):
    return int(hashlib.sha256(fam.encode()).hexdigest(), 16) % args.folds


files = [os.path.join(args.corpus, m["file"]) for m in manifest]
out = subprocess.run([args.cli, "bounces", "parse", *files, "--json"], capture_output=True, text=True)
lines = [l for l in out.stdout.splitlines() if l.strip()]
if len(lines) != len(files):
    sys.exit(f"expected {len(files)} JSON lines, got {len(lines)}: {out.stderr[:400]}")

score = collections.defaultdict(lambda: collections.Counter())
pr = collections.defaultdict(lambda: collections.Counter())  # reason -> tp, fp, fn
misses = []
for m, line in zip(manifest, lines):
    got = json.loads(line).get("records", [])
    f = fold_of(family(m))
    for i, e in enumerate(m["expected"]):
        s = score[f]
        s["records"] += 1
        want = (e.get("recipient") or "").lower()
        g = next((r for r in got if want and (r.get("recipient") or "").lower() == want), None)
        if g is None and i < len(got):
            g = got[i]
        if want:
            s["recipient_of"] += 1
            s["recipient"] += bool(g) and (g.get("recipient") or "").lower() == want
        if g is None:
            s["missing"] += 1
            pr[e["reason"]]["fn"] += 1
            continue
        s["hard"] += bool(g.get("hard")) == bool(e.get("hardbounce"))
        ok = g.get("reason") == e.get("reason")
        s["reason"] += ok
        if ok:
            pr[e["reason"]]["tp"] += 1
        else:
            pr[e["reason"]]["fn"] += 1
            pr[g.get("reason")]["fp"] += 1
            misses.append((f, m["file"], e.get("reason"), g.get("reason"), (g.get("diagnostic") or "")[:150]))
        if e.get("status") and not e.get("status_internal"):
            s["status_of"] += 1
            s["status"] += g.get("status") == e.get("status")


def pct(n, d):
    return 100.0 * n / d if d else 100.0


total = collections.Counter()
print(f"{'fold':>4} {'families':>8} {'records':>7} {'hard/soft':>9} {'reason':>7} {'status':>7} {'recipient':>9}")
for f in range(args.folds):
    s = score[f]
    total.update(s)
    fams = sorted({family(m) for m in manifest if fold_of(family(m)) == f})
    print(f"{f:>4} {len(fams):>8} {s['records']:>7} {pct(s['hard'], s['records']):>8.1f}% "
          f"{pct(s['reason'], s['records']):>6.1f}% {pct(s['status'], s['status_of']):>6.1f}% "
          f"{pct(s['recipient'], s['recipient_of']):>8.1f}%")
s = total
print(f" all {'':>8} {s['records']:>7} {pct(s['hard'], s['records']):>8.1f}% {pct(s['reason'], s['records']):>6.1f}% "
      f"{pct(s['status'], s['status_of']):>6.1f}% {pct(s['recipient'], s['recipient_of']):>8.1f}%")
print("\nper reason: precision recall (tp fp fn)")
for reason in sorted(pr, key=lambda r: -(pr[r]["tp"] + pr[r]["fn"])):
    c = pr[reason]
    print(f"  {reason:<16} {pct(c['tp'], c['tp'] + c['fp']):6.1f}% {pct(c['tp'], c['tp'] + c['fn']):6.1f}%"
          f"  ({c['tp']} {c['fp']} {c['fn']})")
if args.show_misses >= 0:
    print("\nmisses:")
    for f, name, want, got, diag in misses:
        if f == args.show_misses:
            print(f"  [{f}] {name}: want {want}, got {got}: {diag}")
