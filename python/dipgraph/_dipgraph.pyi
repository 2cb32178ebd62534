"""The native module: the graph, loading, and the errors (see ``dipgraph``)."""

import datetime
import os
from collections.abc import Sequence
from typing import Any, Literal, Optional, Union

from typing_extensions import final

__all__ = ["DataError", "Graph", "UnknownActorError", "load"]

# One name or several; a date as "2021", "2021-03", "2021-03-08", 2021 or a datetime.date;
# a JSON object as json.loads returns it.
_Names = Union[str, Sequence[str]]
_DateLike = Union[str, int, datetime.date]
_Json = dict[str, Any]

class DataError(ValueError):
    """Data that cannot be loaded; ``diagnostics`` lists every problem."""

    diagnostics: list[dict[str, Any]]
    """Each problem: ``path``, ``line``, ``col`` (None when unknown), ``severity``
    (``"error"``, ``"warning"`` or ``"note"``) and ``message``."""

class UnknownActorError(LookupError):
    """No actor, or more than one, has that id, name or alias."""

    suggestions: list[str]
    """The closest names, best first."""

@final
class Graph:
    """A checked graph: immutable, safe to share between threads, picklable."""

    def actors(self) -> list[_Json]: ...
    def relations(self) -> list[_Json]: ...
    def sources(self) -> list[_Json]: ...
    def path(
        self,
        a: str,
        b: str,
        *,
        k: Optional[int] = None,
        all: bool = False,
        max_hops: Optional[int] = None,
        directed: bool = False,
        weight: Literal["hops", "conflict", "cooperation"] = "hops",
        via_about: bool = False,
        avoid: Optional[_Names] = None,
        kinds: Optional[_Names] = None,
        classes: Optional[_Names] = None,
        since: Optional[_DateLike] = None,
        until: Optional[_DateLike] = None,
        cap: Optional[int] = None,
        time_budget: Optional[float] = None,
    ) -> _Json: ...
    def neighbors(
        self,
        actor: str,
        *,
        hops: int = 1,
        directed: bool = False,
        via_about: bool = False,
        avoid: Optional[_Names] = None,
        kinds: Optional[_Names] = None,
        classes: Optional[_Names] = None,
        since: Optional[_DateLike] = None,
        until: Optional[_DateLike] = None,
    ) -> _Json: ...
    def dyad(
        self,
        a: str,
        b: str,
        *,
        kinds: Optional[_Names] = None,
        classes: Optional[_Names] = None,
        since: Optional[_DateLike] = None,
        until: Optional[_DateLike] = None,
    ) -> _Json: ...
    def balance(
        self,
        *,
        actor: Optional[str] = None,
        open: bool = False,
        limit: Optional[int] = 100,
        kinds: Optional[_Names] = None,
        classes: Optional[_Names] = None,
        since: Optional[_DateLike] = None,
        until: Optional[_DateLike] = None,
    ) -> _Json: ...
    def rank(
        self,
        *,
        by: Literal["degree", "pagerank", "betweenness"] = "degree",
        top: Optional[int] = None,
        directed: bool = False,
        via_about: bool = False,
        avoid: Optional[_Names] = None,
        kinds: Optional[_Names] = None,
        classes: Optional[_Names] = None,
        since: Optional[_DateLike] = None,
        until: Optional[_DateLike] = None,
    ) -> _Json: ...
    def extract(
        self,
        text: str,
        *,
        name: str = "article",
        id: Optional[str] = None,
        title: Optional[str] = None,
        publisher: Optional[str] = None,
        url: Optional[str] = None,
        published: Optional[_DateLike] = None,
        min_confidence: float = 0.0,
    ) -> _Json:
        """The draft dataset ``dipgraph extract --format json`` prints, over this graph."""
    def export(
        self, path: Union[str, os.PathLike[str]], format: Optional[str] = None
    ) -> None: ...
    def to_networkx(self) -> Any:
        """A ``networkx.MultiDiGraph`` (needs the ``networkx`` extra)."""
    def to_pandas(self) -> tuple[Any, Any]:
        """``(actors, relations)`` DataFrames (needs the ``pandas`` extra)."""
    def __reduce__(self) -> tuple[Any, tuple[bytes]]: ...
    def _repr_html_(self) -> str: ...

def load(*paths: Union[str, os.PathLike[str]]) -> Graph: ...
def _from_snapshot(data: bytes) -> Graph: ...
