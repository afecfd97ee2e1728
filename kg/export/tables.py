"""CSV exports in Gephi's spreadsheet-import layout: ``nodes.csv`` and ``edges.csv``.

Gephi's import wizard recognises the columns ``Id, Label`` of a nodes table and
``Source, Target, Type, Id, Label, Weight, Kind`` of an edges table; every
other column becomes an attribute. The two tables hold the same graph as
``graph.gexf``:

* one row per node, sorted by id, including the ids a statement names without
  an entity (Gephi would otherwise create them bare, with no label or type);
* one row per :class:`~kg.graph.network.Relation`, not per statement: Gephi
  merges parallel edges of the same kind on import, so the merging is done
  here, where it can be counted. ``Weight`` is the number of supporting
  statements, ``Kind`` the predicate ("not-…" when negated) so that different
  relations between the same pair stay apart, and ``Statement Ids`` lead back
  to ``statements.jsonl``.

Booleans are written ``true``/``false`` so Gephi types them as booleans. A text
cell that a spreadsheet would run as a formula (it opens with ``= + - @``, a tab
or a carriage return) gets a leading ``'``, as OWASP advises against CSV injection.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from kg.graph.network import RELATION_ATTRIBUTE_TYPES, iter_nodes, relation_attributes, relations
from kg.model import KnowledgeGraph

__all__ = ["NODE_COLUMNS", "EDGE_COLUMNS", "EDGE_TYPE", "write_nodes_csv", "write_edges_csv"]

NODE_COLUMNS = ("Id", "Label", "Type", "Aliases", "Mentions", "Community")
# Gephi's own edge columns, then one column per relation attribute in Title Case
# ("attributed_to" → "Attributed To").
_GEPHI_EDGE_COLUMNS = ("Source", "Target", "Type", "Id", "Label", "Weight", "Kind")
EDGE_COLUMNS = _GEPHI_EDGE_COLUMNS + tuple(
    name.replace("_", " ").title() for name in RELATION_ATTRIBUTE_TYPES
)
# Gephi's edge kind for every relation: subject → object.
EDGE_TYPE = "Directed"


# A text cell that opens with one of these is run as a formula by Excel, LibreOffice and
# Google Sheets ("=HYPERLINK(...)" in a quoted sentence); OWASP's advice is to prefix a quote.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value  # shown as text, never evaluated
    return value


def _write_rows(columns: Sequence[str], rows: Iterable[Sequence[object]], path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(columns)
        writer.writerows([_cell(value) for value in row] for row in rows)


def write_nodes_csv(kg: KnowledgeGraph, path: Path) -> None:
    """Write one row per node (sorted by id): ``Id, Label, Type, Aliases, Mentions, Community``
    (:func:`kg.graph.network.communities`)."""
    rows = (
        (node, data["label"], data["type"], data["aliases"], data["mentions"], data["community"])
        for node, data in iter_nodes(kg)
    )
    _write_rows(NODE_COLUMNS, rows, path)


def write_edges_csv(kg: KnowledgeGraph, path: Path) -> None:
    """Write one row per relation: subject → object, predicate label, statement count as weight,
    then the relation's attributes (see :func:`kg.graph.network.relation_attributes`)."""
    rows = (
        (
            relation.subject,
            relation.object,
            EDGE_TYPE,
            relation.id,
            relation.label,
            relation.weight,
            relation.kind,
            *relation_attributes(relation).values(),
        )
        for relation in relations(kg)
    )
    _write_rows(EDGE_COLUMNS, rows, path)
