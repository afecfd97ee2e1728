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

RDF_TYPE = PREFIXES["rdf"] + "type"
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


def _jsonld_value(term: object, prefixes: list[tuple[str, str]]) -> object:
    if isinstance(term, ox.Literal):
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if term.datatype.value == XSD_STRING:
            return term.value
        return {"@value": term.value, "@type": _compact(term.datatype.value, prefixes)}
    return {"@id": _compact(term.value, prefixes)}


def _jsonld_nodes(kg: KnowledgeGraph, prefixes: list[tuple[str, str]]) -> Iterator[dict]:
    """One compacted node object per subject, keys and values in order; triples come sorted by
    subject, so each node is complete when the next subject starts."""
    for subject, triples in groupby(oxigraph_triples(kg), key=lambda triple: triple.subject.value):
        properties: dict[str, list] = {}
        for triple in triples:
            if triple.predicate.value == RDF_TYPE and isinstance(triple.object, ox.NamedNode):
                properties.setdefault("@type", []).append(_compact(triple.object.value, prefixes))
            else:
                key = _compact(triple.predicate.value, prefixes)
                properties.setdefault(key, []).append(_jsonld_value(triple.object, prefixes))
        node: dict[str, object] = {"@id": _compact(subject, prefixes)}
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
