"""Tests for kg.graph.rdf and kg.graph.namespaces: statements → RDF dataset."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic

# Namespaces through the module: pytest probes test-module globals for attributes,
# which rdflib's DefinedNamespaces (SDO, XSD) answer with a warning.
from kg.graph import namespaces as ns
from kg.graph.namespaces import document_iri, entity_iri, predicate_iri, statement_iri
from kg.graph.rdf import to_rdflib, to_rdflib_graph
from kg.model import KnowledgeGraph

BASE = "https://kg.example.org/"


@pytest.fixture(scope="module")
def dataset(small_kg):
    return to_rdflib(small_kg)


def _ids(statement, kg=None):
    base = BASE if kg is None else kg.base
    return (
        entity_iri(base, statement.subject),
        predicate_iri(base, statement.predicate.id),
        entity_iri(base, statement.object),
    )


def test_namespaces_iris_hang_under_base():
    assert entity_iri(BASE, "person/karin-borge") == URIRef(BASE + "entity/person/karin-borge")
    assert predicate_iri(BASE, "withdraw-from") == URIRef(BASE + "relation/withdraw-from")
    assert statement_iri(BASE, "s1") == URIRef(BASE + "statement/s1")
    assert document_iri(BASE, "news/A story.txt") == URIRef(BASE + "document/news/A%20story.txt")
    assert document_iri(BASE, "a b.txt") != document_iri(BASE, "a-b.txt")
    # hand-made ids with spaces still give valid IRIs
    assert " " not in entity_iri(BASE, "thing/a b")
    with pytest.raises(AttributeError):
        ns.KG.notATerm  # noqa: B018 - the vocabulary is closed


def test_rdf_direct_triple_only_for_asserted_statements(small_kg, dataset):
    assert {s.asserted for s in small_kg.statements} == {True, False}
    for statement in small_kg.statements:
        graph = dataset.graph(document_iri(BASE, statement.provenance.document))
        assert (_ids(statement) in graph) == statement.asserted, statement


def test_rdf_every_statement_has_reified_node_with_provenance(small_kg, dataset):
    for statement in small_kg.statements:
        graph = dataset.graph(document_iri(BASE, statement.provenance.document))
        node = statement_iri(BASE, statement.id)
        subject, predicate, object_ = _ids(statement)
        provenance = statement.provenance
        assert (node, ns.RDF.type, ns.RDF.Statement) in graph
        assert graph.value(node, ns.RDF.subject) == subject
        assert graph.value(node, ns.RDF.predicate) == predicate
        assert graph.value(node, ns.RDF.object) == object_
        assert graph.value(node, ns.PROV.wasDerivedFrom) == document_iri(BASE, provenance.document)
        assert graph.value(node, ns.KG.document) == Literal(provenance.document)
        assert graph.value(node, ns.KG.sentence) == Literal(provenance.sentence)
        assert graph.value(node, ns.KG.startChar) == Literal(provenance.start, datatype=ns.XSD.integer)
        assert graph.value(node, ns.KG.endChar) == Literal(provenance.end, datatype=ns.XSD.integer)
        assert graph.value(node, ns.KG.extractor) == Literal(provenance.extractor)
        assert graph.value(node, ns.KG.extractorVersion) == Literal(provenance.extractor_version)
        negated = graph.value(node, ns.KG.negated)
        assert negated.datatype == ns.XSD.boolean and negated.toPython() is statement.negated
        confidence = graph.value(node, ns.KG.confidence)
        assert confidence.datatype == ns.XSD.decimal
        assert confidence.toPython() == Decimal(repr(statement.confidence))
        modality = graph.value(node, ns.KG.modality)
        assert (modality.toPython() if modality is not None else None) == statement.modality


def test_rdf_attribution_links_entity_or_keeps_text(small_kg, dataset):
    attributed = {s.attributed_to: s for s in small_kg.statements if s.attributed_to}
    assert set(attributed) == {"person/karin-borge", "officials"}
    by_entity = statement_iri(BASE, attributed["person/karin-borge"].id)
    by_text = statement_iri(BASE, attributed["officials"].id)
    merged = to_rdflib_graph(small_kg)
    assert merged.value(by_entity, ns.KG.attributedTo) == entity_iri(BASE, "person/karin-borge")
    assert merged.value(by_text, ns.KG.attributedTo) == Literal("officials")


def test_rdf_entities_and_predicates_in_default_graph_documents_in_their_own(small_kg, dataset):
    default = dataset.default_graph
    norway = entity_iri(BASE, "country/norway")
    assert (norway, ns.RDF.type, ns.SDO.Country) in default
    assert (norway, ns.RDFS.label, Literal("Norway")) in default
    # the alias equal to the label is not repeated as an altLabel
    assert set(default.objects(norway, ns.SKOS.altLabel)) == {Literal("Noregur")}
    borge = entity_iri(BASE, "person/karin-borge")
    assert (borge, ns.RDF.type, ns.SDO.Person) in default
    assert len(set(default.objects(borge, ns.SKOS.altLabel))) == 2
    buy = predicate_iri(BASE, "buy")
    assert (buy, ns.RDF.type, ns.RDF.Property) in default
    assert (buy, ns.RDFS.label, Literal("buy")) in default
    deal = document_iri(BASE, "rbs70-deal.txt")
    own = dataset.graph(deal)
    assert default.value(deal, ns.DCTERMS.title) is None
    assert own.value(deal, ns.DCTERMS.title) == Literal("Norway buys RBS70")
    assert own.value(deal, ns.DCTERMS.date) == Literal("2019-07-12")
    assert own.value(deal, ns.DCTERMS.identifier) == Literal("rbs70-deal.txt")
    assert len(str(own.value(deal, ns.KG.contentHash))) == 64
    stockholm = document_iri(BASE, "stockholm.txt")
    assert dataset.graph(stockholm).value(stockholm, ns.DCTERMS.title) is None  # unknown title: no triple


def test_rdf_one_named_graph_per_document(small_kg, dataset):
    named = {g.identifier for g in dataset.graphs() if g.identifier != dataset.default_graph.identifier}
    assert named == {document_iri(BASE, d.id) for d in small_kg.documents}
    for statement in small_kg.statements:
        other = next(d.id for d in small_kg.documents if d.id != statement.provenance.document)
        node = statement_iri(BASE, statement.id)
        assert (node, ns.RDF.type, ns.RDF.Statement) not in dataset.graph(document_iri(BASE, other))


def test_rdf_merged_graph_holds_all_triples(dataset, small_kg):
    merged = to_rdflib_graph(small_kg)
    assert len(merged) == len({(s, p, o) for s, p, o, _g in dataset.quads()})
    assert len(merged) == sum(len(g) for g in dataset.graphs())  # no triple in two graphs here


def test_rdf_build_twice_is_isomorphic_and_uses_base(small_kg):
    assert isomorphic(to_rdflib_graph(small_kg), to_rdflib_graph(small_kg))
    other = KnowledgeGraph(
        documents=small_kg.documents,
        entities=small_kg.entities,
        statements=small_kg.statements,
        base="http://example.com/kg/",
    )
    subjects = {str(s) for s in to_rdflib_graph(other).subjects()}
    assert subjects and all(s.startswith("http://example.com/kg/") for s in subjects)
