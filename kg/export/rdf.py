"""RDF exports: Turtle, N-Triples, JSON-LD and TriG, written from sorted N-Quads/N-Triples lines.

``graph.trig`` is the only file with named graphs (one per document, see
:mod:`kg.graph.rdf`). ``graph.ttl``, ``graph.nt`` and ``graph.jsonld`` hold the
merged graph, so every reader sees the same triples in its default graph,
whichever way it treats named graphs.

The sorted N-Quads and N-Triples lines are made once per build
(:func:`kg.graph.rdf.nquads_lines`, :func:`~kg.graph.rdf.ntriples_lines`) and
parsed and serialized by Oxigraph straight into the files; JSON-LD, which
Oxigraph writes only in expanded form, is compacted here against our prefixes,
one node per line. Both are several times faster than rdflib's serializers on a corpus (measured by ``benchmarks/throughput.py``),
and the files are sorted, so the same graph always gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import groupby
from pathlib import Path

import pyoxigraph as ox

from kg.graph.namespaces import PREFIXES, relation_namespace
from kg.graph.rdf import ntriples_lines, oxigraph_quads, oxigraph_triples
from kg.model import KnowledgeGraph

__all__ = ["write_turtle", "write_ntriples", "write_jsonld", "write_trig", "jsonld_context"]

RDF_TYPE_TERM = "<" + PREFIXES["rdf"] + "type>"
XSD_STRING = PREFIXES["xsd"] + "string"


def jsonld_context(kg: KnowledgeGraph) -> dict[str, str]:
    """The JSON-LD ``@context``: our prefixes plus ``rel`` for relation IRIs."""
    return {**PREFIXES, "rel": str(relation_namespace(kg.base))}


def write_turtle(kg: KnowledgeGraph, path: Path) -> None:
    """Write the merged graph as Turtle."""
    ox.serialize(oxigraph_triples(kg), str(path), format=ox.RdfFormat.TURTLE, prefixes=jsonld_context(kg))


def write_ntriples(kg: KnowledgeGraph, path: Path) -> None:
    """Write the merged graph as N-Triples (one triple a line, for grep and bulk loaders), sorted."""
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.writelines(ntriples_lines(kg))


def write_trig(kg: KnowledgeGraph, path: Path) -> None:
    """Write the dataset as TriG: descriptions in the default graph, one graph per document."""
    ox.serialize(oxigraph_quads(kg), str(path), format=ox.RdfFormat.TRIG, prefixes=jsonld_context(kg))


def _compact(iri: str, prefixes: list[tuple[str, str]]) -> str:
    """``schema:Country`` for ``https://schema.org/Country`` when a prefix fits, else the IRI."""
    for prefix, namespace in prefixes:
        if iri.startswith(namespace) and len(iri) > len(namespace) and not iri[len(namespace):].startswith("//"):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _jsonld_object(term: str, prefixes: list[tuple[str, str]]) -> object:
    """The JSON-LD value of an object written in N-Triples syntax (as :mod:`kg.graph.rdf` writes it)."""
    if term.startswith("<"):
        return {"@id": _compact(term[1:-1], prefixes)}
    close = term.rindex('"')
    # the lexical form's escapes (\\ \" \n \r) are JSON's; other control characters stay raw
    value, suffix = json.loads(term[: close + 1], strict=False), term[close + 1 :]
    if suffix.startswith("@"):
        return {"@value": value, "@language": suffix[1:]}
    if suffix.startswith("^^<") and suffix[3:-1] != XSD_STRING:
        return {"@value": value, "@type": _compact(suffix[3:-1], prefixes)}
    return value


def _jsonld_nodes(kg: KnowledgeGraph, prefixes: list[tuple[str, str]]) -> Iterator[dict]:
    """One compacted node object per subject, keys and values in order. The merged graph's
    N-Triples lines come sorted by subject, so each node is complete when the next subject
    starts; they are read as text (subject, predicate and object split at the first two spaces:
    IRIs hold none), which is several times faster than parsing them into terms."""
    rows = (line[:-3].split(" ", 2) for line in ntriples_lines(kg))
    for subject, triples in groupby(rows, key=lambda row: row[0]):
        properties: dict[str, list] = {}
        for _subject, predicate, object_ in triples:
            if predicate == RDF_TYPE_TERM and object_.startswith("<"):
                properties.setdefault("@type", []).append(_compact(object_[1:-1], prefixes))
            else:
                key = _compact(predicate[1:-1], prefixes)
                properties.setdefault(key, []).append(_jsonld_object(object_, prefixes))
        node: dict[str, object] = {"@id": _compact(subject[1:-1], prefixes)}
        for key in sorted(properties):
            values = properties[key]
            node[key] = values[0] if len(values) == 1 else values
        yield node


def write_jsonld(kg: KnowledgeGraph, path: Path) -> None:
    """Write the merged graph as compacted JSON-LD, one node object per line, streamed."""
    context = jsonld_context(kg)
    # longest namespace first, so "rel:" wins over a shorter namespace that contains it
    prefixes = sorted(context.items(), key=lambda item: -len(item[1]))
    with path.open("w", encoding="utf-8") as out:
        out.write('{"@context": ' + json.dumps(context, indent=2, ensure_ascii=False) + ',\n"@graph": [')
        separator = "\n"
        for node in _jsonld_nodes(kg, prefixes):
            out.write(separator + json.dumps(node, ensure_ascii=False))
            separator = ",\n"
        out.write("\n]}\n")
