"""Tests for kg.graph.network: statements → networkx MultiDiGraph."""

from __future__ import annotations

from dataclasses import replace

from kg.graph.network import to_networkx
from kg.model import KnowledgeGraph

SCALARS = (str, int, float, bool)


def test_network_nodes_are_entities_with_scalar_attributes(small_kg):
    graph = to_networkx(small_kg)
    assert set(graph.nodes) == {e.id for e in small_kg.entities}
    borge = graph.nodes["person/karin-borge"]
    assert borge == {
        "label": "Karin Borge",
        "type": "Person",
        "aliases": "Borge|Karin Elisabet Borge",
        "mentions": 1,
    }


def test_network_edges_keyed_by_statement_id(small_kg):
    graph = to_networkx(small_kg)
    assert graph.number_of_edges() == len(small_kg.statements)
    for statement in small_kg.statements:
        data = graph.edges[statement.subject, statement.object, statement.id]
        assert data["predicate"] == statement.predicate.id
        assert data["label"] == statement.predicate.label
        assert data["negated"] is statement.negated
        assert data["modality"] == (statement.modality or "")
        assert data["attributed_to"] == (statement.attributed_to or "")
        assert data["confidence"] == statement.confidence
        assert data["document"] == statement.provenance.document
        assert data["sentence"] == statement.provenance.sentence
        assert (data["start_char"], data["end_char"]) == (
            statement.provenance.start,
            statement.provenance.end,
        )
        assert data["extractor"] == statement.provenance.extractor
        assert data["extractor_version"] == statement.provenance.extractor_version


def test_network_has_no_none_anywhere(small_kg):
    graph = to_networkx(small_kg)
    for _node, data in graph.nodes(data=True):
        assert all(isinstance(value, SCALARS) for value in data.values()), data
    for _u, _v, data in graph.edges(data=True):
        assert all(isinstance(value, SCALARS) for value in data.values()), data


def test_network_parallel_statements_stay_apart(small_kg):
    first = small_kg.statements[0]
    twin = replace(first, id="s-twin")
    kg = KnowledgeGraph(entities=small_kg.entities, statements=(first, twin))
    graph = to_networkx(kg)
    assert graph.number_of_edges(first.subject, first.object) == 2


def test_network_unknown_entity_gets_a_node(small_kg):
    kg = KnowledgeGraph(entities=(), statements=small_kg.statements[:1])
    graph = to_networkx(kg)
    subject = small_kg.statements[0].subject
    assert graph.nodes[subject] == {"label": subject, "type": "Thing", "aliases": "", "mentions": 0}


def test_network_build_twice_gives_equal_graphs(small_kg):
    one, two = to_networkx(small_kg), to_networkx(small_kg)
    assert list(one.nodes(data=True)) == list(two.nodes(data=True))
    assert list(one.edges(keys=True, data=True)) == list(two.edges(keys=True, data=True))
