#!/usr/bin/env python3
"""How dipgraph's costs grow with the data: 100k, 1M and 10M synthetic GDELT events.

    python3 benches/growth.py [--sizes 100000,1000000,10000000] [--runs 3,3,1] [--dir DIR]

For each size, the project's generator (`examples/generate.rs`, seed 42) writes a GDELT 2.0
export once (`DIR/gN.export.CSV`; 100,000 actor codes at 10M, 20,000 at 1M, 5,000 at 100k).
Then each step runs as one whole process, as a user runs it, `--runs` times at each size
(median wall time, peak RSS through GNU time):

- import: `import gdelt` to dipgraph JSON; snapshot: GDELT straight to a `.dgsnap`;
- load: the snapshot read, and its states listed (`actors --kind state`);
- one shot from the snapshot: `path`, `path --k 5`, `neighbors --hops 2`, `dyad`,
  `rank --by pagerank`, and `path` with a misspelt name (answered with suggestions);
- `path` one shot from the JSON.

The table gives, per size, each step's time and memory and its ratio to the previous size
(10× the data: near 10 is linear), and for the queries their time beyond the load.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FROM, TO = "usa", "rus-gov-xaa"
ACTORS = {100_000: 5_000, 1_000_000: 20_000, 10_000_000: 100_000}


def timed(command, expected=0):
    """Wall time (s) and peak RSS (MiB) of one process, through GNU time. A misspelt name
    exits with 2 after its suggestions; any other failure stops the run."""
    start = time.perf_counter()
    # The answer goes to /dev/null, as to a file: some are hundreds of megabytes.
    done = subprocess.run(["/usr/bin/time", "-f", "%M"] + command, cwd=ROOT,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != expected:
        sys.exit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr[-2000:]}")
    return elapsed, int(done.stderr.strip().splitlines()[-1]) / 1024


def steps(dipgraph, base):
    """The measured commands of one size, by name, in the order they run."""
    csv, json_file, snap = f"{base}.export.CSV", f"{base}.json", f"{base}.dgsnap"
    on_snap = [dipgraph, "--data", snap]
    return {
        "import (GDELT → JSON)": [dipgraph, "import", "gdelt", csv, "-o", json_file, "--force"],
        "snapshot (GDELT → .dgsnap)": [dipgraph, "--data", csv, "snapshot", "-o", snap,
                                       "--force"],
        "load": on_snap + ["actors", "--kind", "state"],
        "path": on_snap + ["path", FROM, TO],
        "path --k 5": on_snap + ["path", FROM, TO, "--k", "5"],
        "neighbors --hops 2": on_snap + ["neighbors", TO, "--hops", "2"],
        "dyad": on_snap + ["dyad", FROM, TO],
        "rank --by pagerank": on_snap + ["rank", "--by", "pagerank", "--top", "10"],
        "path, misspelt name": on_snap + ["path", FROM, TO + "q"],
        "path from the JSON": [dipgraph, "--data", json_file, "path", FROM, TO],
    }


def generate(size, base):
    if os.path.exists(f"{base}.export.CSV"):
        return
    generator = os.path.join(ROOT, "target/release/examples/generate")
    actors = ACTORS.get(size, max(size // 50, 100))
    subprocess.run([generator, "--relations", str(size), "--actors", str(actors), "--seed",
                    "42", "-o", f"{base}.export.CSV"], check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000,10000000")
    parser.add_argument("--runs", default="3,3,1", help="runs at each size, or one for all")
    parser.add_argument("--dir", default=os.path.join(ROOT, "target/growth"))
    parser.add_argument("--dipgraph", default=os.path.join(ROOT, "target/release/dipgraph"))
    args = parser.parse_args()
    if not shutil.which("/usr/bin/time"):
        sys.exit("growth.py needs GNU time at /usr/bin/time (Debian: apt-get install time)")
    subprocess.run(["cargo", "build", "--release", "--quiet", "--example", "generate",
                    "--bin", "dipgraph"], cwd=ROOT, check=True)
    os.makedirs(args.dir, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    runs_at = [int(n) for n in args.runs.split(",")]
    runs_at += runs_at[-1:] * (len(sizes) - len(runs_at))
    figures = {}
    for size, runs in zip(sizes, runs_at):
        base = os.path.join(args.dir, f"g{size}")
        generate(size, base)
        for name, command in steps(args.dipgraph, base).items():
            expected = 2 if "misspelt" in name else 0
            times = [timed(command, expected) for _ in range(runs)]
            figures[size, name] = (statistics.median(t for t, _ in times),
                                   statistics.median(m for _, m in times))
            wall, rss = figures[size, name]
            print(f"{size:>10,} {name:<28} {wall:8.2f} s {rss:9,.0f} MiB", file=sys.stderr)

    print("| step | " + " | ".join(f"{s:,}" for s in sizes) + " |")
    print("|---|" + "---:|" * len(sizes))
    for name in steps("", ""):
        cells = []
        for i, size in enumerate(sizes):
            wall, rss = figures[size, name]
            cell = f"{wall:.2f} s, {rss:,.0f} MiB"
            if i:
                before_wall, before_rss = figures[sizes[i - 1], name]
                cell += f" (×{wall / before_wall:.1f}, ×{rss / before_rss:.1f})"
            cells.append(cell)
        print(f"| {name} | " + " | ".join(cells) + " |")
    load = "load"
    print()
    print("| query, beyond the load | " + " | ".join(f"{s:,}" for s in sizes) + " |")
    print("|---|" + "---:|" * len(sizes))
    for name in ("path", "path --k 5", "neighbors --hops 2", "dyad", "rank --by pagerank",
                 "path, misspelt name"):
        cells = [f"{figures[size, name][0] - figures[size, load][0]:+.2f} s" for size in sizes]
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
