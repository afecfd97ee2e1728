"""The Python API: one build from files to a KnowledgeGraph."""

from pathlib import Path

import kg
from kg.api import merge_entities
from kg.model import Document, Entity

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_api_build_is_deterministic():
    first, second = kg.build([SEEDS]), kg.build([SEEDS])
    assert first.statements == second.statements
    assert first.entities == second.entities


def test_api_build_statements_point_at_entities():
    graph = kg.build([SEEDS])
    ids = {e.id for e in graph.entities}
    assert graph.statements
    for statement in graph.statements:
        assert statement.subject in ids and statement.object in ids
        document = next(d for d in graph.documents if d.id == statement.provenance.document)
        p = statement.provenance
        assert document.text[p.start : p.end] == p.sentence


def test_api_same_entity_in_two_documents_is_one_node():
    graph = kg.build_documents(
        [
            Document("a.txt", "Canadian Prime Minister Justin Trudeau met Joe Biden in Ottawa."),
            Document("b.txt", "Justin Trudeau later called Joe Biden about trade."),
        ]
    )
    trudeau = [e for e in graph.entities if e.label == "Justin Trudeau"]
    assert len(trudeau) == 1
    assert {m.document for m in trudeau[0].mentions} == {"a.txt", "b.txt"}


def test_api_document_order_does_not_change_the_graph():
    docs = [Document("a.txt", "Spain joined NATO in 1982."), Document("b.txt", "Portugal joined NATO in 1949.")]
    forward = kg.build_documents(docs)
    backward = kg.build_documents(list(reversed(docs)))
    assert forward.statements == backward.statements and forward.entities == backward.entities


def test_api_merge_entities_unions_aliases():
    a = Entity("country/x", "X", "Country", ("Xian",))
    b = Entity("country/x", "X", "Country", ("Xland",))
    (merged,) = merge_entities([a, b])
    assert merged.aliases == ("Xian", "Xland")


def test_api_graph_converts_and_answers_sparql():
    graph = kg.build_documents([Document("a.txt", "Spain joined NATO in 1982. Portugal joined NATO in 1949.")])
    dataset = graph.to_rdflib()
    assert len(dataset) > 0
    network = graph.to_networkx()
    assert network.number_of_edges() == len(graph.statements)
    result = graph.query("SELECT ?who WHERE { ?who ?rel ?nato . ?nato rdfs:label 'NATO'@en . ?rel rdfs:label 'join'@en }")
    assert sorted(row[0].value.rsplit("/", 1)[-1] for row in result.rows) == ["portugal", "spain"]
