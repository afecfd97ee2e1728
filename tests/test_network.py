"""Tests for kg.graph.network: statements → networkx MultiDiGraph, and → merged relations."""

from __future__ import annotations

from dataclasses import replace

import networkx as nx

from kg.graph.network import (
    EDGE_ATTRIBUTE_TYPES,
    NODE_ATTRIBUTE_TYPES,
    RELATION_ATTRIBUTE_TYPES,
    edge_attributes,
    communities,
    iter_nodes,
    relation_attributes,
    relations,
    to_networkx,
)
from conftest import with_hedged_twin
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
        "community": communities(small_kg)["person/karin-borge"],
    }


def _linked(pairs: list[tuple[str, str]], alone: tuple[str, ...] = ()) -> KnowledgeGraph:
    """A graph whose statements link the given pairs of entities (all Things), plus entities in no statement."""
    from conftest import DOC_DEAL, _entity, _statement

    names = sorted({n for pair in pairs for n in pair} | set(alone))
    entities = tuple(_entity(name, "Thing") for name in names)
    ids = {e.label: e.id for e in entities}
    sentence = DOC_DEAL.text.split(". ")[0] + "."
    statements = tuple(
        replace(_statement(DOC_DEAL, sentence, ids[a], "meet", ids[b]), id=f"s{i}") for i, (a, b) in enumerate(pairs)
    )
    return KnowledgeGraph(documents=(DOC_DEAL,), entities=entities, statements=statements)


def test_network_communities_group_what_is_linked_largest_first():
    clique = [("a1", "a2"), ("a2", "a3"), ("a1", "a3"), ("a3", "a4"), ("a4", "a1"), ("a2", "a4")]
    pair = [("b1", "b2"), ("b2", "b1")]
    graph = _linked(clique + pair + [("a1", "b1")], alone=("z",))
    found = communities(graph)
    by_label = {e.label: found[e.id] for e in graph.entities}
    assert {by_label[n] for n in ("a1", "a2", "a3", "a4")} == {1}  # the largest group is 1
    assert by_label["b1"] == by_label["b2"] == 2
    assert by_label["z"] == 3  # in no statement: a community of its own, after the linked ones
    assert sorted(set(found.values())) == [1, 2, 3]


def test_network_communities_do_not_depend_on_order():
    pairs = [(f"n{i}", f"n{(i * 7 + 3) % 40}") for i in range(40)] + [(f"m{i}", f"m{i + 1}") for i in range(15)]
    graph = _linked(pairs, alone=("q", "p"))
    shuffled = replace(graph, entities=tuple(reversed(graph.entities)), statements=tuple(reversed(graph.statements)))
    assert communities(graph) == communities(shuffled)
    assert set(communities(graph)) == {e.id for e in graph.entities}


def test_network_communities_reach_every_export(small_kg, tmp_path):
    import csv

    from kg.export import write_all

    write_all(small_kg, tmp_path, ["nodes.csv", "graph.gexf", "graph.graphml"])
    found = communities(small_kg)
    with open(tmp_path / "nodes.csv", encoding="utf-8", newline="") as stream:
        rows = {r["Id"]: int(r["Community"]) for r in csv.DictReader(stream)}
    assert rows == found
    gexf = nx.read_gexf(tmp_path / "graph.gexf")
    assert {n: int(d["community"]) for n, d in gexf.nodes(data=True)} == found
    graphml = nx.read_graphml(tmp_path / "graph.graphml")
    assert {d["kg_id"]: int(d["community"]) for _n, d in graphml.nodes(data=True)} == found


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
        assert data["weight"] == 1.0  # statements an edge stands for, as in GEXF and edges.csv
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
    assert graph.nodes[subject] == {"label": subject, "type": "Thing", "aliases": "", "mentions": 0, "community": 1}  # both ends linked: one group


def test_network_build_twice_gives_equal_graphs(small_kg):
    one, two = to_networkx(small_kg), to_networkx(small_kg)
    assert list(one.nodes(data=True)) == list(two.nodes(data=True))
    assert list(one.edges(keys=True, data=True)) == list(two.edges(keys=True, data=True))


# --- relations: parallel statements merged ---------------------------------------------------


def _with_twins(small_kg):
    """small_kg plus a second "Norway bought the RBS70" (hedged, other document) and a
    positive "Norway withdrew from NATO" beside the negated one."""
    twinned = with_hedged_twin(small_kg)
    positive = replace(small_kg.statements[1], id="s-withdrew", negated=False)
    return replace(twinned, statements=(*twinned.statements, positive))


def test_network_relations_merge_parallel_statements(small_kg):
    kg = _with_twins(small_kg)
    merged = relations(kg)
    assert sum(r.weight for r in merged) == len(kg.statements)
    buy = next(r for r in merged if r.predicate.label == "buy")
    assert buy.weight == 2 and [s.id for s in buy.statements] == [
        small_kg.statements[0].id, "s-bought-again"
    ]  # reading order: rbs70-deal.txt before stockholm.txt
    attributes = relation_attributes(buy)
    assert attributes["statements"] == 2 and attributes["unhedged"] == 1
    assert attributes["modality"] == "may" and attributes["confidence"] == 0.9
    assert attributes["documents"] == "rbs70-deal.txt|stockholm.txt"
    assert attributes["statement_ids"] == f"{small_kg.statements[0].id}|s-bought-again"
    assert attributes["sentence"] == small_kg.statements[0].provenance.sentence


def test_network_relations_keep_negated_apart(small_kg):
    merged = relations(_with_twins(small_kg))
    withdraw = [r for r in merged if r.predicate.id == "withdraw-from"]
    assert sorted((r.negated, r.label, r.kind, r.weight) for r in withdraw) == [
        (False, "withdraw from", "withdraw-from", 1),
        (True, "not withdraw from", "not-withdraw-from", 1),
    ]
    assert len({r.id for r in merged}) == len(merged)
    # Parallel relations between one pair differ in kind, so Gephi keeps them apart.
    assert len({(r.subject, r.object, r.kind) for r in merged}) == len(merged)


def test_network_relations_are_sorted_and_stable(small_kg):
    merged = relations(small_kg)
    keys = [(r.subject, r.object, r.predicate.id, r.negated) for r in merged]
    assert keys == sorted(keys)
    shuffled = replace(small_kg, statements=tuple(reversed(small_kg.statements)))
    assert relations(shuffled) == merged


def test_network_relation_attributes_match_declared_types(small_kg):
    for relation in relations(_with_twins(small_kg)):
        attributes = relation_attributes(relation)
        assert list(attributes) == list(RELATION_ATTRIBUTE_TYPES)
        for name, value in attributes.items():
            assert type(value) is RELATION_ATTRIBUTE_TYPES[name], (name, value)


def test_network_iter_nodes_sorted_with_unknown_ids(small_kg):
    kg = KnowledgeGraph(entities=small_kg.entities[:1], statements=small_kg.statements)
    nodes = dict(iter_nodes(kg))
    assert list(nodes) == sorted(nodes)
    assert set(nodes) == {n for s in kg.statements for n in (s.subject, s.object)}
    assert nodes["country/norway"]["mentions"] == 2
    assert nodes["product/rbs70"] == {"label": "product/rbs70", "type": "Thing", "aliases": "", "mentions": 0, "community": communities(kg)["product/rbs70"]}
    for data in nodes.values():
        assert {name: type(value) for name, value in data.items()} == NODE_ATTRIBUTE_TYPES


def test_network_edge_attributes_have_the_declared_names_and_types(small_kg):
    """GraphML declares its edge keys from EDGE_ATTRIBUTE_TYPES: every edge must fit them."""
    for statement in with_hedged_twin(small_kg).statements:
        data = edge_attributes(statement)
        assert list(data) == list(EDGE_ATTRIBUTE_TYPES)
        assert {name: type(value) for name, value in data.items()} == EDGE_ATTRIBUTE_TYPES
