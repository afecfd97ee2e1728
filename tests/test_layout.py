"""Tests for kg.export.layout: the seeded force layout of the Gephi file."""

from __future__ import annotations

import math

import networkx as nx

from kg.export import layout
from kg.export.layout import NODE_SPACING, force_layout


def _graph() -> nx.Graph:
    """A tree of 60 nodes, three small components and five isolated nodes."""
    graph = nx.relabel_nodes(nx.random_labeled_tree(60, seed=3), lambda i: f"t{i:02d}")
    for c, size in enumerate((2, 3, 4)):
        nx.add_path(graph, [f"c{c}-{j}" for j in range(size)])
    graph.add_nodes_from(f"z{i}" for i in range(5))
    return graph


def test_layout_places_every_node_once_and_apart():
    graph = _graph()
    positions = force_layout(sorted(graph), graph.edges())
    assert set(positions) == set(graph)
    points = list(positions.values())
    assert len(set(points)) == len(points)
    closest = min(math.dist(p, q) for i, p in enumerate(points) for q in points[i + 1 :])
    assert closest > NODE_SPACING / 20


def test_layout_is_deterministic():
    graph = _graph()
    nodes = sorted(graph)
    assert force_layout(nodes, graph.edges()) == force_layout(nodes, list(reversed(list(graph.edges()))))
    assert force_layout(nodes, graph.edges(), seed=1) != force_layout(nodes, graph.edges())


def test_layout_puts_neighbours_closer_than_strangers():
    graph = _graph()
    positions = force_layout(sorted(graph), graph.edges())
    tree = [n for n in graph if n.startswith("t")]
    linked = [math.dist(positions[u], positions[v]) for u, v in graph.subgraph(tree).edges()]
    apart = [math.dist(positions[u], positions[v]) for u in tree for v in tree if u < v and not graph.has_edge(u, v)]
    assert sum(linked) / len(linked) < sum(apart) / len(apart) / 2


def test_layout_packs_components_apart_biggest_first():
    graph = _graph()
    positions = force_layout(sorted(graph), graph.edges())

    def box(nodes):
        xs, ys = zip(*(positions[n] for n in nodes), strict=True)
        return min(xs), max(xs), min(ys), max(ys)

    components = [sorted(c) for c in nx.connected_components(graph) if len(c) > 1]
    boxes = [box(c) for c in components]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[1] < b[0] or b[1] < a[0] or a[3] < b[2] or b[3] < a[2], (a, b)
    # Biggest component first; isolated nodes last, under it, in the order given (rows left to right).
    lowest_tree_node = min(y for n, (_x, y) in positions.items() if n.startswith("t"))
    isolated = [positions[f"z{i}"] for i in range(5)]
    assert all(y < lowest_tree_node for _x, y in isolated)
    assert isolated == sorted(isolated, key=lambda p: (-p[1], p[0]))


def test_layout_small_cases():
    assert force_layout([], []) == {}
    assert force_layout(["a"], []) == {"a": (0.0, 0.0)}
    two = force_layout(["a", "b"], [("a", "b"), ("b", "a"), ("a", "a")])
    assert math.isclose(math.dist(two["a"], two["b"]), NODE_SPACING, rel_tol=0.05)


def test_layout_of_a_component_bigger_than_the_core(monkeypatch):
    """Past CORE_NODES, the best-connected nodes are laid out by force and the rest hung
    around the neighbour that reaches them: still every node apart, neighbours close."""
    monkeypatch.setattr(layout, "CORE_NODES", 12)
    graph = _graph()
    positions = force_layout(sorted(graph), graph.edges())
    assert set(positions) == set(graph)
    tree = [n for n in graph if n.startswith("t")]
    points = [positions[n] for n in tree]
    assert len(set(points)) == len(points)
    linked = [math.dist(positions[u], positions[v]) for u, v in graph.subgraph(tree).edges()]
    apart = [math.dist(positions[u], positions[v]) for u in tree for v in tree if u < v and not graph.has_edge(u, v)]
    assert sum(linked) / len(linked) < sum(apart) / len(apart) / 2
    assert positions == force_layout(sorted(graph), list(reversed(list(graph.edges()))))


def test_components_of_one_size_are_laid_out_as_if_alone():
    """Components of one size share one batch of arrays; each comes out as it would alone."""
    pair = force_layout(["a", "b"], [("a", "b")])
    many = force_layout([f"{c}{i}" for c in "pqrs" for i in (0, 1)], [(f"{c}0", f"{c}1") for c in "pqrs"])
    gaps = {c: (many[f"{c}1"][0] - many[f"{c}0"][0], many[f"{c}1"][1] - many[f"{c}0"][1]) for c in "pqrs"}
    assert len(set(gaps.values())) == 1
    assert math.isclose(math.dist((0, 0), gaps["p"]), math.dist(pair["a"], pair["b"]), abs_tol=0.02)
