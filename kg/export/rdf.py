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

from rdflib import Dataset, Graph

from kg.graph.namespaces import PREFIXES, relation_namespace
from kg.graph.rdf import to_rdflib, to_rdflib_graph
from kg.model import KnowledgeGraph

__all__ = ["write_turtle", "write_ntriples", "write_jsonld", "write_trig", "jsonld_context"]


def jsonld_context(kg: KnowledgeGraph) -> dict[str, str]:
    """The JSON-LD ``@context``: our prefixes plus ``rel`` for relation IRIs."""
    return {**PREFIXES, "rel": str(relation_namespace(kg.base))}


def _sorted_dataset(dataset: Dataset) -> Dataset:
    """A copy of ``dataset`` with its quads added in sorted order.

    rdflib writes triples in the order its store iterates them, which follows
    insertion order; inserting them sorted makes every build of the same input
    write the same bytes, so committed exports only change when the graph does.
    """
    copy = Dataset()
    for prefix, namespace in dataset.namespaces():
        copy.bind(prefix, namespace, override=True)
    for quad in sorted(dataset.quads(), key=lambda q: tuple("" if term is None else term.n3() for term in q)):
        copy.add(quad)
    return copy


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
    """Write the dataset as TriG: descriptions in the default graph, one graph per document."""
    _serialize(_sorted_dataset(to_rdflib(kg)), path, "trig")
