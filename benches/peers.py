#!/usr/bin/env python3
"""dipgraph against the strong peers, igraph (C core) and rustworkx (Rust core), one shot each.

    python3 benches/peers.py FILE.json [--runs 5] [--dipgraph target/release/dipgraph]

Each side answers the same two questions as one whole process, loading its own fastest saved
form of the same graph: dipgraph its snapshot (`FILE.dgsnap`, written next to the JSON when
missing), igraph and rustworkx a pickle (written next to the JSON on first use, from the
JSON's actors and relations: one node per actor with its id as name, one edge per relation;
topology only, since neither holds evidence). The questions:

- path: the shortest path between two actors, ignoring direction (dipgraph's default), with
  the names of the actors on it; dipgraph also names each hop's relations, best first.
- pagerank: PageRank over the directed relations (damping 0.85), the top 10 printed.

Runs alternate between the tools; the table gives the median wall time and peak RSS (GNU
time's `%M`) of each, and dipgraph's speed-up (peer time / dipgraph time). Needs `igraph`
and `rustworkx` (`pip install igraph rustworkx`) and says so in one line when one is missing.
"""

import argparse
import json
import os
import pickle
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FROM, TO = "usa", "rus-gov-xaa"
PEERS = ("igraph", "rustworkx")


def pickle_path(data, peer):
    return f"{os.path.splitext(data)[0]}.{peer}.pickle"


def save_pickles(data):
    """Builds each peer's graph from the JSON once and pickles it beside the JSON."""
    todo = [peer for peer in PEERS if not os.path.exists(pickle_path(data, peer))]
    if not todo:
        return
    with open(data, encoding="utf-8") as f:
        dataset = json.load(f)
    names = [actor["id"] for actor in dataset["actors"]]
    index = {name: i for i, name in enumerate(names)}
    edges = [(index[r["from"]], index[r["to"]]) for r in dataset["relations"]]
    del dataset
    for peer in todo:
        if peer == "igraph":
            import igraph

            graph = igraph.Graph(n=len(names), edges=edges, directed=True)
            graph.vs["name"] = names
        else:
            import rustworkx

            graph = rustworkx.PyDiGraph(multigraph=True)
            graph.add_nodes_from(names)
            graph.add_edges_from_no_data(edges)
        with open(pickle_path(data, peer), "wb") as f:
            pickle.dump(graph, f, protocol=pickle.HIGHEST_PROTOCOL)


def one_shot(peer, question, path):
    """What one timed peer process does: load the pickle, answer, print the answer."""
    with open(path, "rb") as f:
        graph = pickle.load(f)
    if peer == "igraph":
        if question == "path":
            hops = graph.get_shortest_path(FROM, TO, mode="all")
            print(" -> ".join(graph.vs[hops]["name"]))
        else:
            ranks = graph.pagerank(damping=0.85, directed=True)
            top = sorted(range(len(ranks)), key=ranks.__getitem__, reverse=True)[:10]
            print("\n".join(f"{graph.vs[i]['name']} {ranks[i]:.6f}" for i in top))
    else:
        import rustworkx

        ids = {name: i for i, name in enumerate(graph.nodes())}
        if question == "path":
            found = rustworkx.digraph_dijkstra_shortest_paths(
                graph, ids[FROM], target=ids[TO], as_undirected=True
            )
            print(" -> ".join(graph[i] for i in found[ids[TO]]))
        else:
            ranks = rustworkx.pagerank(graph, alpha=0.85)
            top = sorted(ranks.items(), key=lambda item: item[1], reverse=True)[:10]
            print("\n".join(f"{graph[i]} {rank:.6f}" for i, rank in top))


def timed(command):
    """Wall time (s) and peak RSS (MiB) of one process, through GNU time."""
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M"] + command, cwd=ROOT,
                          capture_output=True, text=True, check=True)
    elapsed = time.perf_counter() - start
    return elapsed, int(done.stderr.strip().splitlines()[-1]) / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", help="the JSON dataset (e.g. from examples/generate.rs)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--dipgraph", default=os.path.join(ROOT, "target/release/dipgraph"))
    parser.add_argument("--one-shot", nargs=3, metavar=("PEER", "QUESTION", "PICKLE"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_shot:
        one_shot(*args.one_shot)
        return
    if not args.data:
        parser.error("give the JSON dataset")
    missing = [m for m in PEERS if not __import__("importlib").util.find_spec(m)]
    if missing:
        sys.exit(f"peers.py needs {' and '.join(missing)}: pip install {' '.join(missing)}")
    if not shutil.which("/usr/bin/time"):
        sys.exit("peers.py needs GNU time at /usr/bin/time (Debian: apt-get install time)")
    snapshot = os.path.splitext(args.data)[0] + ".dgsnap"
    # A snapshot another dipgraph version wrote is refused on reading: write it again.
    readable = os.path.exists(snapshot) and subprocess.run(
        [args.dipgraph, "--data", snapshot, "actors", "--kind", "state"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
    if not readable:
        subprocess.run([args.dipgraph, "--data", args.data, "snapshot", "-o", snapshot,
                        "--force"], check=True)
    save_pickles(args.data)

    ours = {
        "path": [args.dipgraph, "--data", snapshot, "path", FROM, TO],
        "pagerank": [args.dipgraph, "--data", snapshot, "rank", "--by", "pagerank", "--top", "10"],
    }
    rows = []
    for question in ("path", "pagerank"):
        commands = {"dipgraph": ours[question]}
        for peer in PEERS:
            commands[peer] = [sys.executable, os.path.abspath(__file__), "--one-shot", peer,
                              question, pickle_path(args.data, peer)]
        figures = {tool: [] for tool in commands}
        for _ in range(args.runs):
            for tool, command in commands.items():
                figures[tool].append(timed(command))
        base = statistics.median(t for t, _ in figures["dipgraph"])
        for tool, runs in figures.items():
            wall = statistics.median(t for t, _ in runs)
            rss = statistics.median(m for _, m in runs)
            low, high = min(t for t, _ in runs), max(t for t, _ in runs)
            rows.append((question, tool, wall, low, high, rss, wall / base))
    print(f"| question | tool | wall s (median, range of {args.runs}) | peak RSS MiB | "
          "dipgraph's speed-up |")
    print("|---|---|---:|---:|---:|")
    for question, tool, wall, low, high, rss, ratio in rows:
        print(f"| {question} | {tool} | {wall:.2f} ({low:.2f}–{high:.2f}) | {rss:,.0f} | "
              f"{ratio:.2f}× |")


if __name__ == "__main__":
    main()
