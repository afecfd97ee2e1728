"""kg — a knowledge-graph builder for English news.

>>> import kg
>>> graph = kg.build(["seeds/"])  # doctest: +SKIP
>>> graph.statements[0].predicate.label  # doctest: +SKIP

The building functions load spaCy, so they are imported on first use
(:pep:`562`): ``import kg`` and ``kg --help`` stay fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from ._version import __version__
from .errors import KGError

if TYPE_CHECKING:
    from .api import build, build_documents, write_exports, write_neo4j
    from .model import Document, Entity, KnowledgeGraph, Mention, Statement

__all__ = [
    "__version__",
    "build",
    "build_documents",
    "write_exports",
    "write_neo4j",
    "KGError",
    "Document",
    "Entity",
    "KnowledgeGraph",
    "Mention",
    "Statement",
]

# Public names → the module that defines them, imported when first asked for.
_LAZY = {
    "build": "api",
    "build_documents": "api",
    "write_exports": "api",
    "write_neo4j": "api",
    "Document": "model",
    "Entity": "model",
    "KnowledgeGraph": "model",
    "Mention": "model",
    "Statement": "model",
}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
