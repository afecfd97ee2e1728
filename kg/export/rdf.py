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


class _Compacted(dict):
    """IRI → its compact form (:func:`_compact`), each worked out once: a corpus repeats its
    predicates, types and entities hundreds of thousands of times."""

    def __init__(self, prefixes: list[tuple[str, str]]) -> None:
        super().__init__()
        self.prefixes = prefixes

    def __missing__(self, iri: str) -> str:
        compact = self[iri] = _compact(iri, self.prefixes)
        return compact


# N-Triples escapes a literal's \\ \" \n \r as JSON does; other control characters stay raw
_LEXICAL = json.JSONDecoder(strict=False)


def _jsonld_object(term: str, names: _Compacted) -> object:
    """The JSON-LD value of an object written in N-Triples syntax (as :mod:`kg.graph.rdf` writes it)."""
    if term.startswith("<"):
        return {"@id": names[term[1:-1]]}
    close = term.rindex('"')
    quoted, suffix = term[: close + 1], term[close + 1 :]
    value = _LEXICAL.decode(quoted) if "\\" in quoted else quoted[1:-1]
    if suffix.startswith("@"):
        return {"@value": value, "@language": suffix[1:]}
    if suffix.startswith("^^<") and suffix[3:-1] != XSD_STRING:
        return {"@value": value, "@type": names[suffix[3:-1]]}
    return value


def _jsonld_nodes(kg: KnowledgeGraph, names: _Compacted) -> Iterator[dict]:
    """One compacted node object per subject, keys and values in order. The merged graph's
    N-Triples lines come sorted by subject, so each node is complete when the next subject
    starts; they are read as text (subject, predicate and object split at the first two spaces:
    IRIs hold none), which is several times faster than parsing them into terms."""
    rows = (line[:-3].split(" ", 2) for line in ntriples_lines(kg))
    for subject, triples in groupby(rows, key=lambda row: row[0]):
        properties: dict[str, list] = {}
        for _subject, predicate, object_ in triples:
            if predicate == RDF_TYPE_TERM and object_.startswith("<"):
                properties.setdefault("@type", []).append(names[object_[1:-1]])
            else:
                properties.setdefault(names[predicate[1:-1]], []).append(_jsonld_object(object_, names))
        node: dict[str, object] = {"@id": names[subject[1:-1]]}
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
        for node in _jsonld_nodes(kg, _Compacted(prefixes)):
            out.write(separator + json.dumps(node, ensure_ascii=False))
            separator = ",\n"
        out.write("\n]}\n")
