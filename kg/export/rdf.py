"""RDF exports through rdflib's serializers: Turtle, N-Triples, JSON-LD and TriG.

``graph.trig`` is the only file with named graphs (one per document, see
:mod:`kg.graph.rdf`). ``graph.ttl``, ``graph.nt`` and ``graph.jsonld`` hold the
merged graph: JSON-LD is written from the merged *graph*, not the dataset, so
every JSON-LD reader (rdflib, pyoxigraph, ...) sees the same triples as in
``graph.ttl`` in its default graph, whichever way it treats named graphs.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox

from rdflib import Graph

from kg.graph.namespaces import PREFIXES, relation_namespace
from kg.graph.rdf import to_rdflib, to_rdflib_graph
from kg.model import KnowledgeGraph

__all__ = ["write_turtle", "write_ntriples", "write_jsonld", "write_trig", "jsonld_context"]


def jsonld_context(kg: KnowledgeGraph) -> dict[str, str]:
    """The JSON-LD ``@context``: our prefixes plus ``rel`` for relation IRIs."""
    return {**PREFIXES, "rel": str(relation_namespace(kg.base))}


def _sorted_json(node: object) -> object:
    """JSON-LD with object keys and (unordered) value arrays sorted, so equal graphs give equal files."""
    if isinstance(node, dict):
        return {key: node[key] if key == "@list" else _sorted_json(node[key]) for key in sorted(node)}
    if isinstance(node, list):
        items = [_sorted_json(item) for item in node]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    return node


def _serialize(graph: Graph, path: Path, format_: str, **options: object) -> None:
    graph.serialize(destination=str(path), format=format_, encoding="utf-8", **options)


def write_turtle(kg: KnowledgeGraph, path: Path) -> None:
    """Write the merged graph as Turtle."""
    _serialize(to_rdflib_graph(kg), path, "turtle")


def write_ntriples(kg: KnowledgeGraph, path: Path) -> None:
    """Write the merged graph as N-Triples (one triple a line, for grep and bulk loaders)."""
    lines = to_rdflib_graph(kg).serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    # Sorted lines: N-Triples order carries no meaning, and sorted files diff cleanly between builds.
    path.write_text("".join(line + "\n" for line in sorted(set(lines)) if line.strip()), encoding="utf-8")


def write_jsonld(kg: KnowledgeGraph, path: Path) -> None:
    """Write the merged graph as JSON-LD with a compact ``@context``."""
    text = to_rdflib_graph(kg).serialize(format="json-ld", context=jsonld_context(kg), auto_compact=True)
    path.write_text(json.dumps(_sorted_json(json.loads(text)), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_trig(kg: KnowledgeGraph, path: Path) -> None:
    """Write the dataset as TriG: descriptions in the default graph, one graph per document.

    rdflib's TriG writer orders graphs as its store happens to iterate them, so
    the quads are sorted and written by Oxigraph's serializer instead: every
    build of the same input writes the same bytes.
    """
    nquads = to_rdflib(kg).serialize(format="nquads", encoding="utf-8")
    quads = sorted(set(ox.parse(nquads, format=ox.RdfFormat.N_QUADS)), key=_quad_order)
    path.write_bytes(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=jsonld_context(kg)))


def _quad_order(quad: ox.Quad) -> tuple:
    """Default graph first, then graphs, subjects, predicates and objects in lexical order."""
    named = not isinstance(quad.graph_name, ox.DefaultGraph)
    return named, str(quad.graph_name), str(quad.subject), str(quad.predicate), str(quad.object)
