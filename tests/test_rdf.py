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
    assert (norway, ns.RDFS.label, Literal("Norway", lang="en")) in default
    # the alias equal to the label is not repeated as an altLabel
    assert set(default.objects(norway, ns.SKOS.altLabel)) == {Literal("Noregur", lang="en")}
    borge = entity_iri(BASE, "person/karin-borge")
    assert (borge, ns.RDF.type, ns.SDO.Person) in default
    assert len(set(default.objects(borge, ns.SKOS.altLabel))) == 2
    buy = predicate_iri(BASE, "buy")
    assert (buy, ns.RDF.type, ns.RDF.Property) in default
    assert (buy, ns.RDFS.label, Literal("buy", lang="en")) in default
    deal = document_iri(BASE, "rbs70-deal.txt")
    own = dataset.graph(deal)
    assert default.value(deal, ns.DCTERMS.title) is None
    assert own.value(deal, ns.DCTERMS.title) == Literal("Norway buys RBS70")
    assert own.value(deal, ns.DCTERMS.date) == Literal("2019-07-12", datatype=ns.XSD.date)
    assert own.value(deal, ns.DCTERMS.identifier) == Literal("rbs70-deal.txt")
    assert len(str(own.value(deal, ns.KG.contentHash))) == 64
    stockholm = document_iri(BASE, "stockholm.txt")
    assert dataset.graph(stockholm).value(stockholm, ns.DCTERMS.title) is None  # unknown title: no triple


def test_rdf_documents_are_news_articles_with_typed_dates_and_web_addresses(small_kg, dataset):
    # issue 18: schema.org's news vocabulary, dates a FILTER can compare, URLs as IRIs
    deal = document_iri(BASE, "rbs70-deal.txt")
    own = dataset.graph(deal)
    assert {ns.KG.Document, ns.SDO.NewsArticle} <= set(own.objects(deal, ns.RDF.type))
    assert own.value(deal, ns.SDO.headline) == Literal("Norway buys RBS70")
    assert own.value(deal, ns.SDO.datePublished) == Literal("2019-07-12", datatype=ns.XSD.date)
    assert own.value(deal, ns.SDO.url) is None  # a file path is no web address
    from dataclasses import replace

    web = replace(small_kg.documents[0], source="https://news.example.org/a?id=1", date="2019-07-12T08:30:00Z")
    words = replace(small_kg.documents[1], source="corpus/b.txt", date="12 July 2019")
    graph = replace(small_kg, documents=(web, words)).to_rdflib()
    first, second = document_iri(BASE, web.id), document_iri(BASE, words.id)
    assert graph.graph(first).value(first, ns.SDO.url) == URIRef("https://news.example.org/a?id=1")
    assert graph.graph(first).value(first, ns.SDO.datePublished) == Literal("2019-07-12T08:30:00Z", datatype=ns.XSD.dateTime)
    assert graph.graph(second).value(second, ns.DCTERMS.date) == Literal("12 July 2019")  # kept as written
    assert graph.graph(second).value(second, ns.SDO.datePublished) is None  # no date a FILTER could compare
    result = replace(small_kg, documents=(web, words)).query(
        'SELECT ?d WHERE { ?d schema:datePublished ?when FILTER(?when >= "2019-01-01T00:00:00Z"^^xsd:dateTime) }'
    )
    assert [str(row[0]) for row in result.rows] == [f"<{first}>"]
    result = small_kg.query('SELECT ?d WHERE { ?d dcterms:date ?when FILTER(?when >= "2019-01-01"^^xsd:date) }')
    assert [str(row[0]) for row in result.rows] == [f"<{deal}>"]


@pytest.mark.parametrize(
    "text, lexical, datatype",
    [
        ("2019-07-12", "2019-07-12", "date"),
        (" 2019-07-12 ", "2019-07-12", "date"),
        ("2019-07-12T08:30:00+00:00", "2019-07-12T08:30:00Z", "dateTime"),
        ("2019-07-12T08:30:00+02:00", "2019-07-12T08:30:00+02:00", "dateTime"),
        ("2019-07-12T08:30:00", "2019-07-12T08:30:00", "dateTime"),
        ("2019-13-45", "2019-13-45", None),
        ("July 2019", "July 2019", None),
    ],
)
def test_rdf_typed_date(text, lexical, datatype):
    from kg.graph.rdf import Typed, typed_date

    value = typed_date(text)
    if datatype is None:
        assert value == lexical and not isinstance(value, Typed)
    else:
        assert value == Typed(lexical, ns.XSD[datatype])


def test_rdf_gazetteer_links_are_exact_matches_not_identity(small_kg):
    from dataclasses import replace

    norway = replace(small_kg.entities[0], same_as=("https://sws.geonames.org/3144096/",))
    graph = replace(small_kg, entities=(norway, *small_kg.entities[1:])).to_rdflib()
    node = entity_iri(BASE, norway.id)
    assert graph.default_graph.value(node, ns.SKOS.exactMatch) == URIRef("https://sws.geonames.org/3144096/")
    assert graph.default_graph.value(node, ns.OWL.sameAs) is None


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


def test_rdf_lines_are_streamed_to_the_parser_byte_for_byte():
    # read in small pieces, multi-byte characters fall across the pieces' ends
    import io

    from kg.graph.rdf import _LineStream

    lines = [f'<http://example.org/s{i}> <http://example.org/p> "Zürich – Kraków {i} ✓" .\n' for i in range(300)]
    stream = io.BufferedReader(_LineStream(lines), 7)
    pieces = []
    while piece := stream.read(5):
        pieces.append(piece)
    assert b"".join(pieces) == "".join(lines).encode("utf-8")
    assert io.BufferedReader(_LineStream([]), 7).read() == b""


def test_rdf_quads_and_merged_triples_agree(small_kg):
    import pyoxigraph as ox

    from kg.graph.rdf import nquads_lines, ntriples_lines, oxigraph_quads, oxigraph_triples

    quads = list(oxigraph_quads(small_kg))
    assert len(quads) == len(set(quads)) == len(list(nquads_lines(small_kg)))
    defaults = [isinstance(q.graph_name, ox.DefaultGraph) for q in quads]
    assert defaults == sorted(defaults, reverse=True) and any(defaults) and not all(defaults)  # default graph first
    assert set(oxigraph_triples(small_kg)) == {q.triple for q in quads}
    assert ntriples_lines(small_kg) == sorted(set(ntriples_lines(small_kg)))


def test_rdf_lines_sorted_on_disk_are_the_lines_sorted_in_memory(small_kg, monkeypatch):
    from dataclasses import replace

    import kg.graph.spill as spill
    from kg.graph import rdf

    graph = replace(small_kg)  # a graph object of its own: the lines are computed once per graph
    in_memory = (list(rdf.nquads_lines(graph)), list(rdf.ntriples_lines(graph)))
    monkeypatch.setattr(rdf, "IN_MEMORY_QUADS", 5)
    monkeypatch.setattr(spill, "RUN_LINES", 7)  # many runs to merge
    on_disk_graph = replace(small_kg)
    on_disk = (list(rdf.nquads_lines(on_disk_graph)), list(rdf.ntriples_lines(on_disk_graph)))
    assert len(in_memory[0]) > 5 * 7 and on_disk == in_memory
    # each use reads the lines afresh
    assert list(rdf.ntriples_lines(on_disk_graph)) == in_memory[1]
    folder = rdf._lines(on_disk_graph)._folder.path
    assert folder.is_dir() and sorted(p.name for p in folder.iterdir()) == ["graph.nq", "graph.nt"]
    del on_disk_graph
    import gc

    gc.collect()
    rdf.cached_for(graph, "rdf_lines", lambda: None)  # the cache lets go of the last graph's lines
    gc.collect()
    assert not folder.exists()


def test_rdf_spill_merges_runs_keeping_each_line_once_and_odd_characters_whole(tmp_path):
    from kg.graph.spill import Runs, merged

    lines = [f"<s{i % 13}> <p> \"line {i % 13}\r\u2028\x00\" .\n" for i in range(100)]
    written = Runs(tmp_path, "test", run_lines=9)
    for line in lines:
        written.add(line)
    runs = written.close()
    assert len(runs) == 12
    assert list(merged(runs)) == sorted(set(lines))


def test_rdf_spill_folder_of_a_killed_run_is_removed_and_a_live_one_kept(tmp_path, monkeypatch):
    import tempfile

    from kg.graph.spill import PREFIX, SpillFolder

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = tmp_path / f"{PREFIX}999999999-old"  # no such process
    live = tmp_path / f"{PREFIX}1-other"  # process 1 runs
    dead.mkdir()
    live.mkdir()
    folder = SpillFolder()
    assert not dead.exists() and live.exists() and folder.path.parent == tmp_path
    folder.remove()
    assert not folder.path.exists()
