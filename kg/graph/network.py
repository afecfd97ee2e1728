"""Statements → networkx, and statements → relations (parallel statements merged).

Two views of the same graph:

* :func:`to_networkx`: a ``MultiDiGraph`` with one edge per statement, keyed by
  statement id, carrying the statement's qualifiers and provenance (GraphML);
* :func:`relations`: one :class:`Relation` per distinct (subject, predicate,
  object, negated) with the statements that support it, weighted by how many
  there are (the Gephi exports: GEXF and ``edges.csv``).

Every attribute is a scalar (str, int, float, bool) and none is ``None``, so
either view can be written as GEXF or GraphML as is: absent qualifiers become
``""`` and lists (aliases, documents, ...) are joined with ``"|"``.

Character offsets are stored as ``start_char``/``end_char`` rather than
``start``/``end``, because GEXF readers take ``start``/``end`` to be the time
interval of a dynamic edge.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import networkx as nx

from kg.graph.cache import cached_for
from kg.model import UNKNOWN_TYPE, Entity, KnowledgeGraph, Predicate, Statement, reading_order

__all__ = [
    "to_networkx",
    "ALIAS_SEPARATOR",
    "LIST_SEPARATOR",
    "NODE_ATTRIBUTE_TYPES",
    "EDGE_ATTRIBUTE_TYPES",
    "RELATION_ATTRIBUTE_TYPES",
    "node_attributes",
    "unknown_node_attributes",
    "iter_nodes",
    "communities",
    "edge_attributes",
    "Relation",
    "relation_id",
    "relations",
    "relation_attributes",
]

# Joins a list into one string attribute (GEXF/GraphML/CSV cells hold scalars only).
LIST_SEPARATOR = "|"
ALIAS_SEPARATOR = LIST_SEPARATOR

# Attributes of a node and their types, in the order the exports write them.
NODE_ATTRIBUTE_TYPES: dict[str, type] = {"label": str, "type": str, "aliases": str, "mentions": int, "community": int}
# Seed of the community detection, so that rebuilding gives the same communities.
COMMUNITY_SEED = 7

# Attributes of a statement's edge and their types, in the order the exports write them;
# see :func:`edge_attributes`.
EDGE_ATTRIBUTE_TYPES: dict[str, type] = {
    "predicate": str,
    "label": str,
    "negated": bool,
    "modality": str,
    "condition": str,
    "time": str,
    "attributed_to": str,
    "confidence": float,
    "weight": float,
    "document": str,
    "sentence": str,
    "start_char": int,
    "end_char": int,
    "extractor": str,
    "extractor_version": str,
}

# Attributes of a relation (besides its label and weight) and their types, in
# the order the exports write them; see :func:`relation_attributes`.
RELATION_ATTRIBUTE_TYPES: dict[str, type] = {
    "predicate": str,
    "negated": bool,
    "statements": int,
    "unhedged": int,
    "modality": str,
    "condition": str,
    "time": str,
    "attributed_to": str,
    "confidence": float,
    "documents": str,
    "sentence": str,
    "statement_ids": str,
}


def node_attributes(entity: Entity) -> dict[str, str | int]:
    """Scalar attributes of an entity's node: label, type, ``|``-joined aliases, mention count."""
    return {
        "label": entity.label,
        "type": entity.type,
        "aliases": ALIAS_SEPARATOR.join(entity.aliases),
        "mentions": len(entity.mentions),
    }


def unknown_node_attributes(node: str) -> dict[str, str | int]:
    """Attributes of a node that a statement names but the graph does not describe: labelled with its id."""
    return {"label": node, "type": UNKNOWN_TYPE, "aliases": "", "mentions": 0}


def iter_nodes(kg: KnowledgeGraph) -> Iterator[tuple[str, dict[str, str | int]]]:
    """Every node with its attributes, sorted by id: each entity, and each id a statement names
    without an entity (see :func:`unknown_node_attributes`), with its community (:func:`communities`)."""
    known = kg.entities_by_id
    community = communities(kg)
    for node in sorted(community):
        entity = known.get(node)
        attributes = node_attributes(entity) if entity else unknown_node_attributes(node)
        attributes["community"] = community[node]
        yield node, attributes


def communities(kg: KnowledgeGraph) -> dict[str, int]:
    """The community of every node: groups of entities more linked among themselves than to the
    rest (Louvain modularity on the undirected graph of statements, a pair weighted by its
    statements, seeded so that a rebuild gives the same groups), numbered 1 for the largest, 2
    for the next (ties by their first id). An entity in no statement is a community of its own.
    Computed once per graph; GEXF, GraphML, ``nodes.csv`` and the page colour by it."""

    def compute() -> dict[str, int]:
        pairs = Counter(tuple(sorted((s.subject, s.object))) for s in kg.statements if s.subject != s.object)
        graph = nx.Graph()
        graph.add_nodes_from(sorted({node for pair in pairs for node in pair}))
        graph.add_weighted_edges_from((a, b, n) for (a, b), n in sorted(pairs.items()))
        parts = [sorted(part) for part in nx.community.louvain_communities(graph, weight="weight", seed=COMMUNITY_SEED)] if pairs else []
        linked = set(graph)
        alone = sorted(node for node in kg.entities_by_id.keys() | {n for s in kg.statements for n in (s.subject, s.object)} if node not in linked)
        ordered = sorted(parts, key=lambda part: (-len(part), part[0])) + [[node] for node in alone]
        return {node: number for number, part in enumerate(ordered, start=1) for node in part}

    return cached_for(kg, "communities", compute)


def edge_attributes(statement: Statement) -> dict[str, str | int | float | bool]:
    """Scalar attributes of a statement's edge. ``weight`` means what it means in every export, the
    number of statements an edge stands for (here 1, so parallel edges add up to a relation's
    weight in GEXF and ``edges.csv``); the extraction's confidence is its own attribute."""
    provenance = statement.provenance
    return {
        "predicate": statement.predicate.id,
        "label": statement.predicate.label,
        "negated": bool(statement.negated),
        "modality": statement.modality or "",
        "condition": statement.condition or "",
        "time": statement.time or "",
        "attributed_to": statement.attributed_to or "",
        "confidence": float(statement.confidence),
        "weight": 1.0,
        "document": provenance.document,
        "sentence": provenance.sentence,
        "start_char": int(provenance.start),
        "end_char": int(provenance.end),
        "extractor": provenance.extractor,
        "extractor_version": provenance.extractor_version,
    }


def to_networkx(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    """The knowledge graph as a directed multigraph keyed by entity id and statement id.

    Nodes are all entities (also those without statements), in id order; edges
    go from subject to object with the statement id as key, so parallel
    statements between the same pair stay apart. An entity id named by a
    statement but missing from ``kg.entities`` still gets a node, labelled with
    its id.

    >>> graph = to_networkx(kg)                                   # doctest: +SKIP
    >>> graph.edges["country/norway", "product/a380", "s1a2b"]   # doctest: +SKIP
    """
    graph = nx.MultiDiGraph(base=kg.base)
    graph.add_nodes_from(iter_nodes(kg))
    for statement in kg.statements:
        graph.add_edge(
            statement.subject, statement.object, key=statement.id, **edge_attributes(statement)
        )
    return graph


@dataclass(frozen=True, slots=True)
class Relation:
    """What one or more statements say alike: ``subject`` —``predicate``→ ``object``, negated or not.

    ``statements`` are the supporting statements in reading order. A negated
    statement never supports the positive relation ("Norway did not withdraw
    from NATO" is evidence against "Norway withdrew from NATO"), so negation is
    part of what a relation is, and the two are separate edges.
    """

    id: str
    subject: str
    predicate: Predicate
    object: str
    negated: bool
    statements: tuple[Statement, ...]

    @property
    def label(self) -> str:
        """The predicate as read: ``"buy"``, or ``"not withdraw from"`` when negated."""
        return f"not {self.predicate.label}" if self.negated else self.predicate.label

    @property
    def kind(self) -> str:
        """Slug of the label, ``"buy"`` or ``"not-withdraw-from"``: the edge *kind* of Gephi.

        Gephi keeps parallel edges between two nodes only when their kinds
        differ (it merges the rest on import), so "Norway bought the RBS70" and
        "Norway tested the RBS70" stay two edges.
        """
        return f"not-{self.predicate.id}" if self.negated else self.predicate.id

    @property
    def weight(self) -> int:
        """Number of supporting statements."""
        return len(self.statements)


def relation_id(subject: str, predicate: str, object_: str, negated: bool) -> str:
    """Deterministic relation id: a hash of subject, predicate id, object and polarity."""
    key = "\x1f".join((subject, predicate, object_, str(negated)))
    return "r" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def relations(kg: KnowledgeGraph) -> tuple[Relation, ...]:
    """The statements of ``kg`` merged into relations, sorted by subject, object, predicate id, polarity
    (computed once per graph: the GEXF and edges.csv writers both ask).

    >>> [(r.label, r.weight) for r in relations(kg)]   # doctest: +SKIP
    [('buy', 1), ('test', 1), ('not withdraw from', 1), ...]
    """
    return cached_for(kg, "relations", lambda: _relations(kg))


def _relations(kg: KnowledgeGraph) -> tuple[Relation, ...]:
    grouped: dict[tuple[str, str, str, bool], list[Statement]] = defaultdict(list)
    for statement in sorted(kg.statements, key=reading_order):
        key = (statement.subject, statement.object, statement.predicate.id, bool(statement.negated))
        grouped[key].append(statement)
    return tuple(
        Relation(
            id=relation_id(subject, predicate, object_, negated),
            subject=subject,
            predicate=statements[0].predicate,
            object=object_,
            negated=negated,
            statements=tuple(statements),
        )
        for (subject, object_, predicate, negated), statements in sorted(grouped.items())
    )


def _distinct(values: Iterable[str | None]) -> str:
    """Non-empty values, each once, in the order met, joined with ``|``."""
    return LIST_SEPARATOR.join(dict.fromkeys(value for value in values if value))


def relation_attributes(relation: Relation) -> dict[str, str | int | float | bool]:
    """Scalar attributes of a relation's edge, keyed as in :data:`RELATION_ATTRIBUTE_TYPES`.

    ``statements`` counts the supporting statements and ``unhedged`` those
    with neither modality nor condition; ``modality``,
    ``condition``, ``time``, ``attributed_to`` and ``documents`` list the
    distinct values of the supporting statements in reading order;
    ``confidence`` is the highest; ``sentence`` is the first sentence that
    states the relation and ``statement_ids`` lead to all of them.
    """
    statements = relation.statements
    return {
        "predicate": relation.predicate.id,
        "negated": relation.negated,
        "statements": len(statements),
        "unhedged": sum(1 for s in statements if s.modality is None and s.condition is None),
        "modality": _distinct(s.modality for s in statements),
        "condition": _distinct(s.condition for s in statements),
        "time": _distinct(s.time for s in statements),
        "attributed_to": _distinct(s.attributed_to for s in statements),
        "confidence": max(float(s.confidence) for s in statements),
        "documents": _distinct(s.provenance.document for s in statements),
        "sentence": statements[0].provenance.sentence,
        "statement_ids": LIST_SEPARATOR.join(s.id for s in statements),
    }
