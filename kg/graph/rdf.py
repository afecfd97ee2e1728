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
  (``kg:negated``, ``kg:modality``, ``kg:attributedTo``, ``kg:confidence``) and
  its provenance (``prov:wasDerivedFrom`` the document, ``kg:sentence``,
  ``kg:startChar``/``kg:endChar``, ``kg:extractor``/``kg:extractorVersion``).

So a query for plain facts reads direct triples, while a negated or hedged
statement is never mistaken for a fact yet is still kept and queryable.
:func:`to_rdflib_graph` merges all graphs into one plain graph for the
triple-only formats (Turtle, N-Triples, JSON-LD).
"""

from __future__ import annotations

from collections.abc import Iterator
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
    yield node, PROV.wasDerivedFrom, document_iri(base, provenance.document)
    yield node, KG.document, Literal(provenance.document)
    yield node, KG.sentence, Literal(provenance.sentence)
    yield node, KG.startChar, Literal(provenance.start)
    yield node, KG.endChar, Literal(provenance.end)
    yield node, KG.extractor, Literal(provenance.extractor)
    yield node, KG.extractorVersion, Literal(provenance.extractor_version)


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
    default = dataset.default_graph
    for entity in kg.entities:
        for triple in entity_triples(entity, kg.base):
            default.add(triple)
    predicates = {s.predicate.id: s.predicate for s in kg.statements}
    for predicate in predicates.values():
        for triple in predicate_triples(predicate, kg.base):
            default.add(triple)
    # Each document's graph holds its description and its statements, so replacing a
    # changed document in a store is replacing one graph.
    graphs: dict[str, Graph] = {}
    for document in kg.documents:
        graphs[document.id] = dataset.graph(document_iri(kg.base, document.id))
        for triple in document_triples(document, kg.base):
            graphs[document.id].add(triple)
    for statement in kg.statements:
        document_id = statement.provenance.document
        if document_id not in graphs:
            graphs[document_id] = dataset.graph(document_iri(kg.base, document_id))
        for triple in statement_triples(statement, kg):
            graphs[document_id].add(triple)
    return dataset


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
