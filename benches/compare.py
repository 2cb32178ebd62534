#!/usr/bin/env python3
"""dipgraph and NetworkX side by side on the same generated data, with the speed-up.

    python3 benches/compare.py --size 100000 [--runs 3]

Runs `cargo bench --bench bench -- --json` (which generates target/bench-data/ on first
use), then benches/networkx_baseline.py on the same JSON file, then both end to end as one
process each: `dipgraph --data FILE show ACTOR` (from the snapshot and from JSON) against
the equivalent Python script. Prints one table; the speed-up is NetworkX time / dipgraph
time. Needs `networkx`, `scipy` and `numpy` (for pagerank) in python3, and says so in one
line when one is missing.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ACTOR = "rus-gov-xaa"
FROM = "usa"


def json_lines(command):
    out = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return {row["operation"]: row for row in map(json.loads, out.splitlines()) if row}


def timed_process(command):
    """Wall time (s) and peak RSS (MiB, through GNU time when present) of one process."""
    gnu_time = shutil.which("time") or ("/usr/bin/time" if os.path.exists("/usr/bin/time") else None)
    prefix = [gnu_time, "-f", "%M"] if gnu_time else []
    start = time.perf_counter()
    done = subprocess.run(prefix + command, cwd=ROOT, capture_output=True, text=True, check=True)
    elapsed = time.perf_counter() - start
    rss = None
    if gnu_time:
        last = done.stderr.strip().splitlines()[-1]
        rss = int(last) / 1024 if last.isdigit() else None
    return elapsed, rss


def fmt_ms(value):
    if value is None:
        return "-"
    return f"{value:,.1f}" if value >= 10 else f"{value:.3g}"


# What networkx_baseline.py imports, directly or through NetworkX's pagerank.
NEEDED = ("networkx", "scipy", "numpy")


def missing_modules():
    """The modules of NEEDED that this python3 cannot import, checked before any build."""
    missing = []
    for name in NEEDED:
        try:
            __import__(name)
        except ImportError:
            missing.append(name)
    return missing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip", action="append", default=[],
                        help="a NetworkX operation to leave out (balance takes ~2 minutes at 1M)")
    parser.add_argument("--skip-ours", action="append", default=[],
                        help="a dipgraph operation to leave out")
    parser.add_argument("--e2e-only", action="store_true", help="only the end-to-end runs")
    parser.add_argument("--e2e-runs", type=int, default=3,
                        help="runs of each end-to-end command, alternated; the median is shown")
    args = parser.parse_args()
    missing = missing_modules()
    if missing:
        print(f"compare.py: needs {', '.join(missing)} in {sys.executable}: "
              f"python3 -m pip install {' '.join(NEEDED)}", file=sys.stderr)
        sys.exit(2)
    size, runs = str(args.size), str(args.runs)

    subprocess.run(["cargo", "build", "--release", "--bin", "dipgraph"], cwd=ROOT, check=True)
    if not args.e2e_only:
        in_process(args, size, runs)
    end_to_end(args.size, args.e2e_runs)


def in_process(args, size, runs):
    ours = json_lines(["cargo", "bench", "--bench", "bench", "--", "--size", size, "--runs", runs, "--json"]
                      + [arg for name in args.skip_ours for arg in ("--skip", name)])
    theirs = json_lines([sys.executable, os.path.join(HERE, "networkx_baseline.py"),
                         "--size", size, "--runs", runs, "--json"]
                        + [f"--skip={name}" for name in args.skip])

    print(f"\n{args.size:,} relations; median of {args.runs} runs; times in ms\n")
    print(f"{'operation':<28} {'dipgraph':>12} {'NetworkX':>12} {'speed-up':>9}")
    for name in list(ours) + [n for n in theirs if n not in ours]:
        a = ours.get(name, {}).get("median_ms")
        b = theirs.get(name, {}).get("median_ms")
        ratio = (f"{b / a:,.0f}×" if b >= 10 * a else f"{b / a:.2g}×") if a and b else ""
        print(f"{name:<28} {fmt_ms(a):>12} {fmt_ms(b):>12} {ratio:>9}")


def end_to_end(size, runs):
    """Each command `runs` times, the commands alternated so that the machine's load
    falls on all of them alike; the median wall time and the largest peak RSS."""
    base = os.path.join(ROOT, "target", "bench-data", f"synthetic-{size}")
    dipgraph = os.path.join(ROOT, "target", "release", "dipgraph")
    baseline = [sys.executable, os.path.join(HERE, "networkx_baseline.py"), "--e2e", base + ".json"]
    for query in (["show", ACTOR], ["path", FROM, ACTOR]):
        commands = {"networkx_baseline.py --e2e X.json": baseline + query[1:]}
        for ext in (".dgsnap", ".json"):
            commands[f"dipgraph --data X{ext} {query[0]}"] = [dipgraph, "--data", base + ext] + query
        times = {label: [] for label in commands}
        peaks = {label: [] for label in commands}
        for _ in range(runs):
            for label, command in commands.items():
                seconds, rss = timed_process(command)
                times[label].append(seconds)
                peaks[label].append(rss or 0)
        median = {label: statistics.median(t) for label, t in times.items()}
        python = median["networkx_baseline.py --e2e X.json"]
        print(f"\nend to end, one process: {' '.join(query)} (load + query), median of {runs}\n")
        print(f"{'command':<36} {'seconds':>8} {'range':>13} {'peak MiB':>9} {'speed-up':>9}")
        for label in commands:
            spread = f"{min(times[label]):.2f}–{max(times[label]):.2f}"
            ratio = "" if median[label] == python else f"{python / median[label]:>8.1f}×"
            print(f"{label:<36} {median[label]:>8.2f} {spread:>13} {fmt_ms(max(peaks[label])):>9} {ratio:>9}")


if __name__ == "__main__":
    main()
