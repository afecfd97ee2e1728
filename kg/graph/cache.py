"""Values derived from a graph, computed once per graph object: the sorted quads, the merged
relations, the diagram.

Export writers each take the graph alone, yet several need the same derived
data (Turtle and TriG the quads; GEXF and edges.csv the relations); this
remembers the last value of each name for the last graph asked, so a build
computes it once. A weak reference is kept, so the graph is not held alive, and
graphs are immutable, so a value never goes stale.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TypeVar

from kg.model import KnowledgeGraph

__all__ = ["cached_for", "release"]

T = TypeVar("T")

# name -> (the graph it was computed for, value): the last result of each cached function.
_CACHE: dict[str, tuple[weakref.ref, object]] = {}


def cached_for(kg: KnowledgeGraph, name: str, compute: Callable[[], T]) -> T:
    """``compute()``, remembered for the last graph ``kg`` asked under ``name``."""
    cached = _CACHE.get(name)
    if cached is not None and cached[0]() is kg:
        return cached[1]  # type: ignore[return-value]
    value = compute()
    _CACHE[name] = (weakref.ref(kg), value)
    return value


def release(kg: KnowledgeGraph) -> None:
    """Forget every value computed for ``kg`` (a set of exports is written: its sorted lines,
    maybe files on disk, are not kept for a next one that may never come)."""
    for name in [name for name, (graph, _value) in _CACHE.items() if graph() is kg]:
        del _CACHE[name]
