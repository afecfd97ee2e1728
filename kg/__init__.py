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
    from .api import build, build_documents, build_into_store, stored_graph, write_exports, write_neo4j
    from .draw import draw_to_file, load_exports, select
    from .evaluate import evaluate_build, format_report
    from .model import Document, Entity, KnowledgeGraph, Mention, Statement
    from .query import format_result, named_query, run_query
    from .validate import format_validation, validate_source

__all__ = [
    "__version__",
    "build",
    "build_documents",
    "write_exports",
    "write_neo4j",
    "build_into_store",
    "stored_graph",
    "load_exports",
    "run_query",
    "named_query",
    "format_result",
    "draw_to_file",
    "select",
    "validate_source",
    "format_validation",
    "evaluate_build",
    "format_report",
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
    "build_into_store": "api",
    "stored_graph": "api",
    "load_exports": "draw",
    "run_query": "query",
    "named_query": "query",
    "format_result": "query",
    "draw_to_file": "draw",
    "select": "draw",
    "validate_source": "validate",
    "format_validation": "validate",
    "evaluate_build": "evaluate",
    "format_report": "evaluate",
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
