"""dipgraph: diplomatic news as a knowledge graph.

Actors are nodes; typed, directed, dated relations backed by evidence are edges. Load the
data with :func:`load`, then ask what the command line answers::

    import dipgraph
    graph = dipgraph.load()                   # the built-in dataset
    graph.path("Erdogan", "Biden")            # what `dipgraph path ... --format json` prints
    actors, relations = graph.to_pandas()     # needs the pandas extra
"""

from dipgraph._dipgraph import DataError, Graph, UnknownActorError, load

__all__ = ["DataError", "Graph", "UnknownActorError", "load"]
