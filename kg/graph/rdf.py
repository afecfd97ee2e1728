"""Statements → RDF: direct triples for asserted facts, ``rdf:Statement`` nodes for all.

The dataset built by :func:`to_rdflib` has

* a **default graph** describing the vocabulary in use: every entity
  (``rdf:type schema:<Type>``, ``rdfs:label``, ``skos:altLabel`` per alias),
  every relation type (``rdf:Property`` with ``rdfs:label``) and every document
  (``kg:Document`` with ``dcterms:identifier``/``title``/``date``/``source``);
* one **named graph per document**, named by the document IRI, holding what was
  read in it: the direct triple ``subject → relation → object`` for each
  *asserted* statement (positive and unhedged, see
  :attr:`kg.model.Statement.asserted`), and for *every* statement an
  ``rdf:Statement`` node with ``rdf:subject/predicate/object``, its qualifiers
  (``kg:negated``, ``kg:modality``, ``kg:attributedTo``, ``kg:confidence``, ``kg:rule``) and
  its provenance (``prov:wasDerivedFrom`` the document, ``kg:sentence``,
  ``kg:startChar``/``kg:endChar``, ``kg:extractor``/``kg:extractorVersion``).

So a query for plain facts reads direct triples, while a negated or hedged
statement is never mistaken for a fact yet is still kept and queryable.
:func:`to_rdflib_graph` merges all graphs into one plain graph for the
triple-only formats (Turtle, N-Triples, JSON-LD).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator
from typing import TypeVar
from decimal import Decimal

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg.graph.namespaces import (
    DCTERMS,
    KG,
    OWL,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    XSD,
    document_iri,
    entity_iri,
    predicate_iri,
    relation_namespace,
    statement_iri,
)
from kg.model import Document, Entity, KnowledgeGraph, Predicate, Statement

__all__ = [
    "iter_quads",
    "oxigraph_quads",
    "oxigraph_triples",
    "ntriples_lines",
    "nquads_lines",
    "cached_for",
    "to_rdflib",
    "to_rdflib_graph",
    "entity_triples",
    "predicate_triples",
    "document_triples",
    "statement_triples",
    "bind_prefixes",
]

Triple = tuple[Node, Node, Node]


def bind_prefixes(graph: Graph, base: str) -> None:
    """Bind our standard prefixes (``kg:``, ``schema:``, ``skos:``, ...) and ``rel:`` for relations.

    Binding them up front keeps Turtle/TriG readable and stops rdflib from
    inventing ``ns1:``-style prefixes for relation IRIs.
    """
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    graph.bind("rel", relation_namespace(base), override=True, replace=True)


def entity_triples(entity: Entity, base: str) -> Iterator[Triple]:
    """Describe an entity: its schema.org class, its label, its other names and its GeoNames/Wikidata twins."""
    node = entity_iri(base, entity.id)
    yield node, RDF.type, SDO[entity.type]
    yield node, RDFS.label, Literal(entity.label)
    for alias in dict.fromkeys(entity.aliases):  # de-duplicated, order kept
        if alias != entity.label:
            yield node, SKOS.altLabel, Literal(alias)
    for iri in entity.same_as:
        yield node, OWL.sameAs, URIRef(iri)


def predicate_triples(predicate: Predicate, base: str) -> Iterator[Triple]:
    """Describe a relation type as an ``rdf:Property`` with its lemma label."""
    node = predicate_iri(base, predicate.id)
    yield node, RDF.type, RDF.Property
    yield node, RDFS.label, Literal(predicate.label)


def document_triples(document: Document, base: str) -> Iterator[Triple]:
    """Describe a source document; title, date and source only when known."""
    node = document_iri(base, document.id)
    yield node, RDF.type, KG.Document
    yield node, DCTERMS.identifier, Literal(document.id)
    if document.title:
        yield node, DCTERMS.title, Literal(document.title)
    if document.date:
        yield node, DCTERMS.date, Literal(document.date)
    if document.source:
        yield node, DCTERMS.source, Literal(document.source)
    yield node, KG.contentHash, Literal(document.content_hash)


def _confidence_literal(confidence: float) -> Literal:
    # xsd:decimal from the shortest repr, so 0.8 stays "0.8" in every format
    # (an xsd:double would be written as 8e-01 by rdflib's Turtle serializer).
    return Literal(Decimal(repr(float(confidence))), datatype=XSD.decimal)


def statement_triples(statement: Statement, kg: KnowledgeGraph) -> Iterator[Triple]:
    """Triples read from one statement: the direct triple (if asserted) and its ``rdf:Statement`` node.

    ``attributed_to`` becomes the entity's IRI when it is the id of an entity of
    ``kg``, otherwise a plain literal (an unresolved "officials said").
    """
    base = kg.base
    subject = entity_iri(base, statement.subject)
    predicate = predicate_iri(base, statement.predicate.id)
    object_ = entity_iri(base, statement.object)
    if statement.asserted:
        yield subject, predicate, object_

    node = statement_iri(base, statement.id)
    provenance = statement.provenance
    yield node, RDF.type, RDF.Statement
    yield node, RDF.subject, subject
    yield node, RDF.predicate, predicate
    yield node, RDF.object, object_
    yield node, KG.negated, Literal(statement.negated)
    if statement.modality is not None:
        yield node, KG.modality, Literal(statement.modality)
    if statement.condition is not None:
        yield node, KG.condition, Literal(statement.condition)
    if statement.time is not None:
        yield node, KG.eventTime, Literal(statement.time)
    if statement.attributed_to is not None:
        if statement.attributed_to in kg.entities_by_id:
            yield node, KG.attributedTo, entity_iri(base, statement.attributed_to)
        else:
            yield node, KG.attributedTo, Literal(statement.attributed_to)
    yield node, KG.confidence, _confidence_literal(statement.confidence)
    if statement.rule:
        yield node, KG.rule, Literal(statement.rule)
    yield node, PROV.wasDerivedFrom, document_iri(base, provenance.document)
    yield node, KG.document, Literal(provenance.document)
    yield node, KG.sentence, Literal(provenance.sentence)
    yield node, KG.startChar, Literal(provenance.start)
    yield node, KG.endChar, Literal(provenance.end)
    yield node, KG.extractor, Literal(provenance.extractor)
    yield node, KG.extractorVersion, Literal(provenance.extractor_version)


Quad = tuple[Node, Node, Node, URIRef | None]
T = TypeVar("T")


def iter_quads(kg: KnowledgeGraph) -> Iterator[Quad]:
    """Every quad of the dataset (graph ``None`` is the default graph): the one source of
    :func:`to_rdflib`, :func:`oxigraph_quads` and the store."""
    base = kg.base
    for entity in kg.entities:
        for triple in entity_triples(entity, base):
            yield (*triple, None)
    predicates = {s.predicate.id: s.predicate for s in kg.statements}
    for predicate in predicates.values():
        for triple in predicate_triples(predicate, base):
            yield (*triple, None)
    # Each document's graph holds its description and its statements, so replacing a
    # changed document in a store is replacing one graph.
    for document in kg.documents:
        graph = document_iri(base, document.id)
        for triple in document_triples(document, base):
            yield (*triple, graph)
    for statement in kg.statements:
        graph = document_iri(base, statement.provenance.document)
        for triple in statement_triples(statement, kg):
            yield (*triple, graph)


def to_rdflib(kg: KnowledgeGraph) -> Dataset:
    """The knowledge graph as an RDF dataset: entity and relation descriptions in the default graph,
    and one graph per document with the document's description and statements.

    Building twice gives isomorphic datasets; nothing outside the returned
    object is changed.

    >>> dataset = to_rdflib(kg)                       # doctest: +SKIP
    >>> dataset.serialize(format="trig")              # doctest: +SKIP
    """
    dataset = Dataset()
    bind_prefixes(dataset, kg.base)
    graphs: dict[URIRef | None, Graph] = {None: dataset.default_graph}
    for subject, predicate, object_, name in iter_quads(kg):
        graph = graphs.get(name)
        if graph is None:
            graph = graphs[name] = dataset.graph(name)
        graph.add((subject, predicate, object_))
    return dataset


# name -> (the graph it was computed for, value): the last result of each cached function.
_CACHE: dict[str, tuple[weakref.ref, object]] = {}


def cached_for(kg: KnowledgeGraph, name: str, compute: Callable[[], T]) -> T:
    """``compute()``, remembered for the last graph ``kg`` asked under ``name``.

    Export writers each take the graph alone, yet several need the same
    derived data (quads, layout); this computes it once per build. A weak
    reference is kept, so the graph is not held alive.
    """
    cached = _CACHE.get(name)
    if cached is not None and cached[0]() is kg:
        return cached[1]  # type: ignore[return-value]
    value = compute()
    _CACHE[name] = (weakref.ref(kg), value)
    return value


def oxigraph_quads(kg: KnowledgeGraph) -> Iterator:
    """The quads of :func:`iter_quads` as ``pyoxigraph.Quad`` objects, distinct and sorted.

    Sorted (default graph first, then by graph, subject, predicate, object) so
    serializers write the same bytes for the same graph. The sorted N-Quads
    lines are made once per graph (:func:`nquads_lines`) and parsed by
    Oxigraph on each call, so only compact strings are held in memory, which
    is several times faster on a corpus than building an rdflib ``Dataset``.
    """
    import pyoxigraph as ox

    return ox.parse(_joined(nquads_lines(kg)), format=ox.RdfFormat.N_QUADS)


def oxigraph_triples(kg: KnowledgeGraph) -> Iterator:
    """The distinct triples of all graphs merged, sorted, as ``pyoxigraph.Triple`` objects."""
    import pyoxigraph as ox

    return (quad.triple for quad in ox.parse(_joined(ntriples_lines(kg)), format=ox.RdfFormat.N_TRIPLES))


def _joined(lines: list[str]) -> bytes:
    return "".join(lines).encode("utf-8")


def nquads_lines(kg: KnowledgeGraph) -> list[str]:
    """Every distinct quad as a sorted N-Quads line (default graph first), computed once per graph."""
    return _lines(kg)[0]


def ntriples_lines(kg: KnowledgeGraph) -> list[str]:
    """The distinct triples of all graphs merged, as sorted N-Triples lines (each ending in a newline)."""
    return _lines(kg)[1]


def _lines(kg: KnowledgeGraph) -> tuple[list[str], list[str]]:
    def compute() -> tuple[list[str], list[str]]:
        quads = _quad_lines(kg)
        triples = sorted({line for _graph, line in quads})
        ordered = sorted(quads)  # by graph ("" = default first), then subject, predicate, object
        del quads
        return [line if not graph else f"{line[:-3]} {graph} .\n" for graph, line in ordered], triples

    return cached_for(kg, "rdf_lines", compute)


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _nt_term(node: Node) -> str:
    """A term in N-Triples syntax."""
    if isinstance(node, Literal):
        text = f'"{str(node).translate(_ESCAPES)}"'
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype is not None and node.datatype != XSD.string:
            return f"{text}^^<{node.datatype}>"
        return text
    return f"<{node}>"


def _quad_lines(kg: KnowledgeGraph) -> set[tuple[str, str]]:
    """(graph term or "" for the default graph, "subject predicate object ." line) of every quad."""
    terms: dict[Node, str] = {}

    def term(node: Node) -> str:
        text = terms.get(node)
        if text is None:
            text = terms[node] = _nt_term(node)
        return text

    return {("" if g is None else term(g), f"{term(s)} {term(p)} {term(o)} .\n") for s, p, o, g in iter_quads(kg)}


def to_rdflib_graph(kg: KnowledgeGraph) -> Graph:
    """All triples of :func:`to_rdflib` merged into one plain graph (for Turtle, N-Triples, JSON-LD).

    A direct triple read in several documents appears once here; which
    documents support it is told by the ``rdf:Statement`` nodes.
    """
    merged = Graph()
    bind_prefixes(merged, kg.base)
    for subject, predicate, object_, _graph in to_rdflib(kg).quads((None, None, None, None)):
        merged.add((subject, predicate, object_))
    return merged
