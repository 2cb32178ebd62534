#!/usr/bin/env python3
"""What the Python package adds to the library: loading a snapshot, and a `path` call.

    python3 -m venv target/python-release
    target/python-release/bin/pip install ./python       # a release build
    target/python-release/bin/python benches/python.py --size 1000000 [--runs 5]

Needs `target/release/dipgraph` (`cargo build --release`) and runs `cargo bench --bench
bench -- --only load_snapshot_graph --only path_request --json` (which generates
target/bench-data/ on first use) for the library's own figures. Then, side by side:

- in process: `dipgraph.load(X.dgsnap)` in Python against `snapshot::read_graph` in Rust,
  the call `load` makes;
- end to end, one process each, alternated: `python -c 'dipgraph.load(X.dgsnap)'` against
  `dipgraph --data X.dgsnap show ACTOR` (the CLI loading the snapshot and answering a
  one-actor question);
- `Graph.path(FROM, TO)` timed with `timeit` against `PathRequest::run`, the call it makes
  (names resolved, options checked, the search); the difference is what Python adds:
  arguments in, the answer serialized as JSON and read back with `json.loads`.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import timeit

import dipgraph

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FROM, TO = "usa", "rus-gov-xaa"


def library(size, runs):
    """The library's medians (ms) of the operations Python is compared with."""
    command = ["cargo", "bench", "--bench", "bench", "--", "--size", str(size), "--runs",
               str(runs), "--json", "--only", "load_snapshot_graph", "--only", "path_request"]
    out = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    return {row["operation"]: row for row in rows}


def seconds(command):
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def spread(values, unit=1.0, digits=0):
    values = sorted(v * unit for v in values)
    return f"{statistics.median(values):,.{digits}f} ({values[0]:,.{digits}f}–{values[-1]:,.{digits}f})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"dipgraph from {os.path.dirname(dipgraph.__file__)}; load average "
          f"{os.getloadavg()[0]:.2f}", flush=True)
    rust = library(args.size, args.runs)
    snapshot = os.path.join(ROOT, "target", "bench-data", f"synthetic-{args.size}.dgsnap")

    loads = []
    for _ in range(args.runs):
        start = time.perf_counter()
        graph = dipgraph.load(snapshot)
        loads.append(time.perf_counter() - start)
        del graph
    rust_load = rust["load_snapshot_graph"]["median_ms"]
    python_load = statistics.median(loads) * 1000
    print(f"\nin process, {args.size:,} relations, median (range) of {args.runs}")
    print(f"  snapshot::read_graph (Rust)   {rust_load:,.0f} ms")
    print(f"  dipgraph.load (Python)        {spread(loads, 1000)} ms   "
          f"{python_load / rust_load:.2f}×")

    cli = [os.path.join(ROOT, "target", "release", "dipgraph"), "--data", snapshot, "show", TO]
    python = [sys.executable, "-c", "import sys, dipgraph; dipgraph.load(sys.argv[1])", snapshot]
    ends = {"cli": [], "python": []}
    for _ in range(args.runs):
        ends["cli"].append(seconds(cli))
        ends["python"].append(seconds(python))
    ratio = statistics.median(ends["python"]) / statistics.median(ends["cli"])
    print(f"\nend to end, one process each, alternated, median (range) of {args.runs}")
    print(f"  dipgraph --data X.dgsnap show {TO}         {spread(ends['cli'], 1, 2)} s")
    print(f"  python -c 'dipgraph.load(X.dgsnap)'         {spread(ends['python'], 1, 2)} s   "
          f"{ratio:.2f}×")

    graph = dipgraph.load(snapshot)
    graph.path(FROM, TO)  # the query projection, built once, as the Rust bench does
    timer = timeit.Timer(lambda: graph.path(FROM, TO))
    number, _ = timer.autorange()
    calls = [t / number for t in timer.repeat(repeat=max(args.runs, 5), number=number)]
    rust_path = rust["path_request"]["median_ms"] / 1000
    added = statistics.median(calls) - rust_path
    print(f"\npath {FROM} {TO}, median (range) of {len(calls)} batches of {number} calls")
    print(f"  PathRequest::run (Rust)       {rust_path * 1e6:,.1f} µs")
    print(f"  Graph.path (Python)           {spread(calls, 1e6, 1)} µs   adds {added * 1e6:,.1f} µs")


if __name__ == "__main__":
    main()
