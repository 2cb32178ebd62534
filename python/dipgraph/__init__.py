"""dipgraph: diplomatic news as a knowledge graph.

Actors are nodes; typed, directed, dated relations backed by evidence are edges. Load the
data with :func:`load`, then ask what the command line answers::

    import dipgraph
    graph = dipgraph.load()                   # the built-in dataset
    graph.path("Erdogan", "Biden")            # what `dipgraph path ... --format json` prints
    actors, relations = graph.to_pandas()     # needs the pandas extra
    draft = dipgraph.extract(article_text)    # what `dipgraph extract --format json` prints
"""

from __future__ import annotations

import datetime
from typing import Any, Optional, Union

from dipgraph._dipgraph import DataError, Graph, UnknownActorError, load

__all__ = ["DataError", "Graph", "UnknownActorError", "extract", "load"]


_builtin: Optional[Graph] = None


def extract(
    text: str,
    *,
    name: str = "article",
    id: Optional[str] = None,
    title: Optional[str] = None,
    publisher: Optional[str] = None,
    url: Optional[str] = None,
    published: Optional[Union[str, int, datetime.date]] = None,
    min_confidence: float = 0.0,
) -> dict[str, Any]:
    """The relations an article states, as a draft dataset over the built-in dataset (as
    ``dipgraph extract`` without ``--data`` prints it with ``--format json``):
    ``Graph.extract`` on ``load()``, loaded once, with its extractor, for every call. To
    extract over your own data, call ``dipgraph.load(...).extract(text, ...)``."""
    global _builtin
    if _builtin is None:
        # Two threads may both load it; either copy answers alike.
        _builtin = load()
    return _builtin.extract(
        text,
        name=name,
        id=id,
        title=title,
        publisher=publisher,
        url=url,
        published=published,
        min_confidence=min_confidence,
    )
