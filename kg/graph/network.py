"""Statements → a networkx ``MultiDiGraph``: entities as nodes, one edge per statement.

Every attribute is a scalar (str, int, float, bool) and none is ``None``, so the
graph can be written as GEXF or GraphML as is: absent qualifiers become ``""``
and aliases are joined with ``"|"``.

Character offsets are stored as ``start_char``/``end_char`` rather than
``start``/``end``, because GEXF writers take ``start``/``end`` to be the time
interval of a dynamic edge.
"""

from __future__ import annotations

import networkx as nx

from kg.model import UNKNOWN_TYPE, Entity, KnowledgeGraph, Statement

__all__ = ["to_networkx", "ALIAS_SEPARATOR", "node_attributes", "edge_attributes"]

# Joins an entity's aliases into one string attribute (GEXF/GraphML hold scalars only).
ALIAS_SEPARATOR = "|"

# Type given to a node that a statement names but the graph does not describe.


def node_attributes(entity: Entity) -> dict[str, str | int]:
    """Scalar attributes of an entity's node: label, type, ``|``-joined aliases, mention count."""
    return {
        "label": entity.label,
        "type": entity.type,
        "aliases": ALIAS_SEPARATOR.join(entity.aliases),
        "mentions": len(entity.mentions),
    }


def edge_attributes(statement: Statement) -> dict[str, str | int | float | bool]:
    """Scalar attributes of a statement's edge; ``weight`` is the confidence (used by Gephi)."""
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
        "weight": float(statement.confidence),
        "document": provenance.document,
        "sentence": provenance.sentence,
        "start_char": int(provenance.start),
        "end_char": int(provenance.end),
        "extractor": provenance.extractor,
        "extractor_version": provenance.extractor_version,
    }


def to_networkx(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    """The knowledge graph as a directed multigraph keyed by entity id and statement id.

    Nodes are all entities (also those without statements); edges go from
    subject to object with the statement id as key, so parallel statements
    between the same pair stay apart. An entity id named by a statement but
    missing from ``kg.entities`` still gets a node, labelled with its id.

    >>> graph = to_networkx(kg)                                   # doctest: +SKIP
    >>> graph.edges["country/norway", "product/a380", "s1a2b"]   # doctest: +SKIP
    """
    graph = nx.MultiDiGraph(base=kg.base)
    for entity in kg.entities:
        graph.add_node(entity.id, **node_attributes(entity))
    for statement in kg.statements:
        for node in (statement.subject, statement.object):
            if node not in graph:
                graph.add_node(node, label=node, type=UNKNOWN_TYPE, aliases="", mentions=0)
        graph.add_edge(
            statement.subject, statement.object, key=statement.id, **edge_attributes(statement)
        )
    return graph
