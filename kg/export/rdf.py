"""RDF exports through rdflib's serializers: Turtle, N-Triples, JSON-LD and TriG.

``graph.trig`` is the only file with named graphs (one per document, see
:mod:`kg.graph.rdf`). ``graph.ttl``, ``graph.nt`` and ``graph.jsonld`` hold the
merged graph: JSON-LD is written from the merged *graph*, not the dataset, so
every JSON-LD reader (rdflib, pyoxigraph, ...) sees the same triples as in
``graph.ttl`` in its default graph, whichever way it treats named graphs.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.graph.namespaces import PREFIXES, relation_namespace
from kg.graph.rdf import to_rdflib, to_rdflib_graph
from kg.model import KnowledgeGraph

__all__ = ["write_turtle", "write_ntriples", "write_jsonld", "write_trig", "jsonld_context"]


def jsonld_context(kg: KnowledgeGraph) -> dict[str, str]:
    """The JSON-LD ``@context``: our prefixes plus ``rel`` for relation IRIs."""
    return {**PREFIXES, "rel": str(relation_namespace(kg.base))}


def _serialize(graph: Graph, path: Path, format_: str, **options: object) -> None:
    graph.serialize(destination=str(path), format=format_, encoding="utf-8", **options)


def write_turtle(kg: KnowledgeGraph, path: Path) -> None:
    """Write the merged graph as Turtle."""
    _serialize(to_rdflib_graph(kg), path, "turtle")


def write_ntriples(kg: KnowledgeGraph, path: Path) -> None:
    """Write the merged graph as N-Triples (one triple a line, for grep and bulk loaders)."""
    _serialize(to_rdflib_graph(kg), path, "nt")


def write_jsonld(kg: KnowledgeGraph, path: Path) -> None:
    """Write the merged graph as JSON-LD with a compact ``@context``."""
    _serialize(to_rdflib_graph(kg), path, "json-ld", context=jsonld_context(kg), auto_compact=True)


def write_trig(kg: KnowledgeGraph, path: Path) -> None:
    """Write the dataset as TriG: descriptions in the default graph, one graph per document."""
    _serialize(to_rdflib(kg), path, "trig")
