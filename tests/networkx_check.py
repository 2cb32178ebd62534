"""Computes with NetworkX what tests/it/networkx.rs computes with dipgraph.

Reads a JSON file {nodes, edges: [[from, to, cost]], pairs: [[a, b]]} and prints JSON with
hop lengths (undirected and directed), conflict-weighted costs (undirected), betweenness
(undirected and directed, normalized) and PageRank (undirected and directed, edges weighted
by their number of relations).
"""

import json
import sys

import networkx as nx


def collapse(edges, directed):
    graph = nx.DiGraph() if directed else nx.Graph()
    for a, b, cost in edges:
        if graph.has_edge(a, b):
            data = graph[a][b]
            data["count"] += 1
            data["cost"] = min(data["cost"], cost)
        else:
            graph.add_edge(a, b, count=1, cost=cost)
    return graph


def pagerank(graph):
    """nx.pagerank, or its pure-Python twin when SciPy is not installed (it is not needed
    for anything else, and .ci/run installs only networkx)."""
    options = {"alpha": 0.85, "weight": "count", "tol": 1e-15, "max_iter": 10000}
    try:
        return nx.pagerank(graph, **options)
    except ImportError:
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

        return _pagerank_python(graph, **options)


def lengths(graph, pairs, weight=None):
    result = []
    for a, b in pairs:
        try:
            result.append(nx.shortest_path_length(graph, a, b, weight=weight))
        except nx.NetworkXNoPath:
            result.append(None)
    return result


def main():
    with open(sys.argv[1], encoding="utf-8") as file:
        data = json.load(file)
    out = {}
    for directed in (False, True):
        graph = collapse(data["edges"], directed)
        graph.add_nodes_from(data["nodes"])
        key = "directed" if directed else "undirected"
        out[key] = {
            "hops": lengths(graph, data["pairs"]),
            "conflict": lengths(graph, data["pairs"], weight="cost"),
            "betweenness": nx.betweenness_centrality(graph, normalized=True),
            "pagerank": pagerank(graph),
        }
    json.dump(out, sys.stdout)


main()
