"""Conversions of a Graph to NetworkX and pandas (``Graph.to_networkx``, ``Graph.to_pandas``).

Each library is imported only when its conversion is called, so neither is needed to
import dipgraph.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dipgraph._dipgraph import Graph


def to_networkx(graph: Graph) -> Any:
    """A ``networkx.MultiDiGraph``: one node per actor keyed by its id, one edge per
    relation keyed by its id, every field of each as an attribute, and the sources as the
    graph's ``sources`` attribute."""
    networkx = _require("networkx")
    result = networkx.MultiDiGraph(sources=graph.sources())
    result.add_nodes_from((actor["id"], actor) for actor in graph.actors())
    result.add_edges_from(
        (relation["from"], relation["to"], relation["id"], relation)
        for relation in graph.relations()
    )
    return result


def to_pandas(graph: Graph) -> tuple[Any, Any]:
    """``(actors, relations)`` as DataFrames, one row per item and one column per field;
    a field an item leaves out is missing (NaN), lists and dicts stay as they are. The
    columns are the fields some item sets, in the order they first appear."""
    pandas = _require("pandas")
    return pandas.DataFrame(graph.actors()), pandas.DataFrame(graph.relations())


def _require(name: str) -> Any:
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError as err:
        raise ImportError(
            f"{name} is not installed: pip install 'dipgraph[{name}]'"
        ) from err
