#!/usr/bin/env python3
"""The NetworkX baseline: the operations of benches/bench.rs on the same generated files.

    python3 benches/networkx_baseline.py --size 100000 [--runs 3] [--data-dir DIR] [--json]
    python3 benches/networkx_baseline.py --e2e FILE.json ACTOR [TO]   # one process, for timing

Reads target/bench-data/synthetic-SIZE.json (written by `cargo bench --bench bench`) into a
MultiDiGraph keyed by relation id, as an analyst would, then times each operation. Queries
run on the undirected simple projection dipgraph's traversals use (parallel relations make
one link); building that projection is timed on its own, not charged to each query, which
favours NetworkX. `path`, `path_k5` and `dyad` return what dipgraph's do (each hop's
relations, best first; a dyad's timeline and counts), so that they compare like for like;
the `*_only` rows time NetworkX's own, smaller answers, for reference.
"""

import argparse
import collections
import itertools
import json
import os
import resource
import statistics
import sys
import time

import networkx as nx

QUERY_FROM = "usa"
QUERY_TO = "rus-gov-xaa"


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def build(data):
    g = nx.MultiDiGraph()
    g.add_nodes_from((a["id"], a) for a in data["actors"])
    g.add_edges_from((r["from"], r["to"], r["id"], r) for r in data["relations"])
    return g


def weight(relation):
    # Goldstein: the intensity, else a default by kind would apply; generated data has both.
    return relation.get("intensity", 0.0)


def project(g):
    """Undirected simple graph, each link weighted by its number of relations."""
    s = nx.Graph()
    s.add_nodes_from(g.nodes)
    for u, v in g.edges():
        if s.has_edge(u, v):
            s[u][v]["weight"] += 1
        else:
            s.add_edge(u, v, weight=1)
    return s


def dyad_count(g, a, b):
    relations = list((g.get_edge_data(a, b) or {}).values())
    relations += list((g.get_edge_data(b, a) or {}).values())
    return len(relations), sum(weight(r) for r in relations)


# What dipgraph's queries return, so that their times compare like for like: `path` names
# each hop's relations best first, `dyad` returns a timeline with counts.

STANDING = {
    "member_of", "part_of", "leads", "represents", "possesses", "produces",
    "affiliated_with", "allied_with", "tension",
}


def date_rank(relation):
    """A number that sorts like the relation's date, as dipgraph's `Date::rank` (none: 0)."""
    parts = [int(p) for p in relation.get("date", "0").split("-")] + [-1, -1]
    return (parts[0] << 10) | ((parts[1] + 1) << 6) | (parts[2] + 1)


def best_first(step):
    relation, walk = step
    standing = relation["kind"] in STANDING
    return (standing, -abs(weight(relation)), -date_rank(relation), relation["id"], walk)


def hop(g, u, v, ordered):
    """The relations between u and v either way, best first, ordered once per query."""
    if (u, v) not in ordered:
        steps = [(r, 0) for r in (g.get_edge_data(u, v) or {}).values()]
        steps += [(r, 1) for r in (g.get_edge_data(v, u) or {}).values()]
        steps.sort(key=best_first)
        ordered[(u, v)] = steps
    return ordered[(u, v)]


def named(g, paths):
    """Each path with its hops named, as dipgraph's `path` returns them."""
    ordered = {}
    return [[hop(g, u, v, ordered) for u, v in zip(p, p[1:])] for p in paths]


def dyad_timeline(g, a, b):
    """dipgraph's `dyad`: the relations by date, counts (per kind here, one lookup fewer
    than per class) and the sum of weights each way."""
    forward = list((g.get_edge_data(a, b) or {}).values())
    backward = list((g.get_edge_data(b, a) or {}).values())
    timeline = sorted(forward + backward, key=lambda r: (date_rank(r), r["id"]))
    counts = collections.Counter(r["kind"] for r in timeline)
    sides = [(len(rs), sum(weight(r) for r in rs)) for rs in (forward, backward)]
    return timeline, counts, sides


def balance(g, s):
    """Signs each linked pair by its net Goldstein sum, then counts balanced triads."""
    net = {}
    for u, v, r in g.edges(data=True):
        key = (u, v) if u < v else (v, u)
        net[key] = net.get(key, 0.0) + weight(r)
    sign = lambda u, v: net.get((u, v) if u < v else (v, u), 0.0)
    balanced = unbalanced = 0
    for u in s:
        for v in s[u]:
            if v <= u:
                continue
            for w in set(s[u]) & set(s[v]):
                if w <= v:
                    continue
                product = sign(u, v) * sign(v, w) * sign(u, w)
                if product > 0:
                    balanced += 1
                elif product < 0:
                    unbalanced += 1
    return balanced, unbalanced


def dot_focus(g, actor, hops=2):
    undirected = g.to_undirected(as_view=True)
    ego = nx.single_source_shortest_path_length(undirected, actor, cutoff=hops)
    sub = g.subgraph(ego)
    lines = ["digraph {"]
    lines += [f'  "{n}" [label="{sub.nodes[n].get("name", n)}"];' for n in sub.nodes]
    lines += [f'  "{u}" -> "{v}" [label="{r["kind"]}"];' for u, v, r in sub.edges(data=True)]
    lines.append("}")
    return "\n".join(lines)


def timed(runs, op):
    """Median and minimum ms per call over `runs` runs. An operation whose first run takes
    under a millisecond is timed in batches of calls taking about ten times that, as
    `timeit` does (and benches/bench.rs): the first run only calibrates the batch."""
    times = []
    calls = 1
    while len(times) < runs:
        start = time.perf_counter()
        for _ in range(calls):
            op()
        elapsed = time.perf_counter() - start
        if not times and calls == 1 and elapsed < 0.001:
            calls = max(1, min(100_000, int(0.01 / max(elapsed, 1e-9))))
            continue
        times.append(elapsed / calls)
    return statistics.median(times) * 1000, min(times) * 1000


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def benchmark(args):
    path = os.path.join(args.data_dir, f"synthetic-{args.size}.json")
    data = load(path)
    g = build(data)
    s = project(g)
    a, b = QUERY_FROM, QUERY_TO
    operations = [
        ("load_json", lambda: load(path)),
        ("graph_build", lambda: build(data)),
        ("load_json_and_build", lambda: build(load(path))),
        ("project_undirected", lambda: project(g)),
        # What dipgraph's queries return; then, for reference, NetworkX's own answers,
        # which leave out the relations (the actors of a path; a dyad's count and sum).
        ("path", lambda: named(g, [nx.shortest_path(s, a, b)])),
        ("path_k5", lambda: named(g, itertools.islice(nx.shortest_simple_paths(s, a, b), 5))),
        ("neighbors_hops2", lambda: nx.single_source_shortest_path_length(s, b, cutoff=2)),
        ("dyad", lambda: dyad_timeline(g, a, b)),
        ("path_actors_only", lambda: nx.shortest_path(s, a, b)),
        ("path_k5_actors_only", lambda: list(itertools.islice(nx.shortest_simple_paths(s, a, b), 5))),
        ("dyad_count_only", lambda: dyad_count(g, a, b)),
        ("pagerank", lambda: nx.pagerank(s, alpha=0.85, weight="weight")),
        ("dot_focus_hops2", lambda: dot_focus(g, b)),
        ("balance", lambda: balance(g, s)),
    ]
    skip = set(args.skip or [])
    for name, op in operations:
        if name in skip:
            continue
        runs = 1 if name in ("balance", "pagerank") and args.size >= 1_000_000 else args.runs
        median, minimum = timed(runs, op)
        row = {
            "tool": "networkx",
            "operation": name,
            "size": args.size,
            "median_ms": round(median, 3),
            "min_ms": round(minimum, 3),
            "peak_rss_mib": round(peak_rss_mib(), 1),
        }
        if args.json:
            print(json.dumps(row), flush=True)
        else:
            print(f"{name:<22} {args.size:>9} {median:>12.2f} {minimum:>12.2f}", flush=True)


def end_to_end(path, actor, to=None):
    """What `dipgraph --data FILE show ACTOR` (or `path ACTOR TO`) does, as one process."""
    g = build(load(path))
    if to is not None:
        hops = nx.shortest_path(g.to_undirected(as_view=True), actor, to)
        for u, v in zip(hops, hops[1:]):
            relations = list((g.get_edge_data(u, v) or g.get_edge_data(v, u)).values())
            print(f'{u} {relations[0]["kind"]} {v} (also {len(relations) - 1} more)')
        return
    for u, v, r in itertools.chain(g.out_edges(actor, data=True), g.in_edges(actor, data=True)):
        print(f'{u} {r["kind"]} {v} {r.get("date", "")}')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--data-dir", default=os.path.join(here, "..", "target", "bench-data"))
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--skip", action="append", help="an operation to leave out")
    parser.add_argument("--e2e", nargs="+", metavar="FILE ACTOR [TO]")
    args = parser.parse_args()
    if args.e2e:
        end_to_end(*args.e2e)
    else:
        benchmark(args)


if __name__ == "__main__":
    sys.exit(main())
