"""Top-20 matching of the exchange through Kargah's index, against a naive full scan.

    python benchmarks/exchange_match.py [--profiles N] [--needs K] [--naive-needs M] [--quick]
        [--json]

Makes N synthetic workshop profiles (default 2,000,000; ``kargah.exchange.synthetic_profiles``:
Zipf-like skew of processes, materials of each process family, workshops crowded in a few
counties) and K synthetic needs (default 1,000), loads the profiles into the index the site
keeps (an SQLite file, ``kargah.exchange.build_index``), then times, per need:

- kargah: ``Matcher().search(cursor, need)`` on that file — the SQL the site runs, paged until
  the top 20 is exact — in a process of its own, so that its peak memory is its own;
- naive: ``Matcher().match(need, profiles)`` scoring every profile in memory (numpy), on the
  first M needs (default 100; all with ``--quick``): a full scan of two million is slow, which
  is the point.

Prints p50/p95 per need of each, their ratio, the peak RSS of each and the index's size, and
checks that both give the same top 20 for every need they share (exit status 1 if not). Target:
kargah p95 ≤ 50 ms. ``--quick`` (20,000 profiles, 200 needs) is what the suite runs, for
correctness; ``--json`` prints one JSON object, last. Progress goes to standard error.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

TODAY = date(2026, 11, 27)  # fixed, so that the same seed gives the same needs any day


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def peak_mb() -> float:
    """This process's peak RSS: VmHWM (reset by exec, unlike ru_maxrss, which a child started
    by a large parent inherits), else getrusage."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000  # noqa: E731
    return {
        "p50_ms": round(pick(0.5), 3),
        "p95_ms": round(pick(0.95), 3),
        "max_ms": round(ordered[-1] * 1000, 3),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 3),
    }


def serve(index: Path, needs_file: Path) -> None:
    """The kargah path, in its own process: every need through the index; JSON on stdout."""
    import sqlite3

    from kargah.exchange import Matcher, Need, SiteTables

    needs = [Need.from_dict(d, TODAY) for d in json.loads(needs_file.read_text())]
    connection = sqlite3.connect(str(index))
    cursor = connection.cursor()
    tables = SiteTables(placeholder="?")
    Matcher().search(cursor, needs[0], tables)  # warm the imports, as a running site has them
    times, tops, read, pages = [], [], [], []
    for i, need in enumerate(needs):
        start = time.perf_counter()
        matcher = Matcher().search(cursor, need, tables)
        times.append(time.perf_counter() - start)
        tops.append([m.workshop_id for m in matcher.matches_])
        read.append(matcher.read_)
        pages.append(matcher.pages_)
        if (i + 1) % 200 == 0:
            log(f"kargah: {i + 1:,} of {len(needs):,} needs")
    print(json.dumps({"times": times, "tops": tops, "read": read, "pages": pages,
                      "peak_rss_mb": peak_mb()}))  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=int, default=2_000_000)
    parser.add_argument("--needs", type=int, default=1000)
    parser.add_argument("--naive-needs", type=int, default=100)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--serve", nargs=2, metavar=("INDEX", "NEEDS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(Path(args.serve[0]), Path(args.serve[1]))
        return 0
    if args.quick:
        args.profiles, args.needs, args.naive_needs = 20_000, 200, 200

    from kargah.exchange import Matcher, build_index, synthetic_needs, synthetic_profiles

    started = time.perf_counter()
    log(f"making {args.profiles:,} synthetic profiles and {args.needs:,} needs…")
    profiles = synthetic_profiles(args.profiles, seed=1404)
    needs = synthetic_needs(args.needs, seed=1353, today=TODAY)
    with tempfile.TemporaryDirectory(prefix="kargah-bench-") as folder:
        index, needs_file = Path(folder) / "index.sqlite3", Path(folder) / "needs.json"
        needs_file.write_text(json.dumps([n.as_dict() for n in needs]))
        log("building the index (SQLite)…")
        t0 = time.perf_counter()
        build_index(index, profiles)
        build_s = time.perf_counter() - t0
        index_mb = index.stat().st_size / 1e6
        log(f"index: {index_mb:,.0f} MB in {build_s:,.0f} s; timing kargah…")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
        done = subprocess.run(
            [sys.executable, __file__, "--serve", str(index), str(needs_file)],
            capture_output=True, text=True, env=env,
        )  # fmt: skip
        if done.returncode:
            log(done.stderr)
            return 1
        log(done.stderr.strip())
        kargah = json.loads(done.stdout.strip().splitlines()[-1])
    naive_n = min(args.naive_needs, len(needs))
    log(f"timing the naive full scan on {naive_n:,} needs…")
    naive_times, differ = [], []
    for i, need in enumerate(needs[:naive_n]):
        start = time.perf_counter()
        matcher = Matcher().match(need, profiles)
        naive_times.append(time.perf_counter() - start)
        if [m.workshop_id for m in matcher.matches_] != kargah["tops"][i]:
            differ.append(i)
        if (i + 1) % 20 == 0:
            log(f"naive: {i + 1:,} of {naive_n:,} needs")
    ours, naive = summary(kargah["times"]), summary(naive_times)
    same_needs = summary(kargah["times"][:naive_n])
    figures = {
        "profiles": args.profiles,
        "needs": len(needs),
        "p50_ms": ours["p50_ms"],
        "p95_ms": ours["p95_ms"],
        "naive_p95_ms": naive["p95_ms"],
        "same_top20": not differ,
        "kargah": ours,
        "naive": {**naive, "needs": naive_n},
        "ratio_p95": round(naive["p95_ms"] / same_needs["p95_ms"], 1),
        "rows_read": {
            "p50": int(statistics.median(kargah["read"])),
            "p95": sorted(kargah["read"])[int(0.95 * len(needs))],
            "max": max(kargah["read"]),
        },
        "pages_max": max(kargah["pages"]),
        "index_mb": round(index_mb, 1),
        "build_s": round(build_s, 1),
        "kargah_peak_rss_mb": round(kargah["peak_rss_mb"]),
        "naive_peak_rss_mb": round(peak_mb()),
        "differ": differ[:10],
        "target_p95_ms": 50,
        "met": ours["p95_ms"] <= 50,
        "seconds": round(time.perf_counter() - started),
    }
    print(f"{args.profiles:,} profiles, {len(needs):,} needs")
    verdict = "met" if figures["met"] else "missed"
    print(f"kargah (index, SQLite): p50 {ours['p50_ms']:.1f} ms, p95 {ours['p95_ms']:.1f} ms "
          f"(target ≤ 50: {verdict}); peak RSS {figures['kargah_peak_rss_mb']} MB; "
          f"index {index_mb:,.0f} MB, built in {build_s:,.0f} s")  # fmt: skip
    print(f"naive full scan ({naive_n} needs): p50 {naive['p50_ms']:.1f} ms, p95 "
          f"{naive['p95_ms']:.1f} ms; {figures['ratio_p95']}× kargah's p95 on the same needs; "
          f"peak RSS {figures['naive_peak_rss_mb']} MB")  # fmt: skip
    print(f"same top 20: {'yes' if not differ else f'NO, needs {differ[:10]}'}")
    if args.json:
        print(json.dumps(figures))
    return 0 if not differ else 1


if __name__ == "__main__":
    sys.exit(main())
