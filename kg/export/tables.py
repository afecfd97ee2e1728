"""CSV exports in Gephi's spreadsheet-import layout: ``nodes.csv`` and ``edges.csv``.

Gephi recognises the columns ``Id, Label`` (nodes) and ``Source, Target, Type,
Id, Label, Weight`` (edges); the other columns become attributes. Booleans are
written ``true``/``false`` so Gephi types them as booleans.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from kg.export.jsonl import sorted_statements
from kg.graph.network import ALIAS_SEPARATOR
from kg.model import KnowledgeGraph

__all__ = ["NODE_COLUMNS", "EDGE_COLUMNS", "write_nodes_csv", "write_edges_csv"]

NODE_COLUMNS = ("Id", "Label", "Type", "Aliases", "Mentions")
EDGE_COLUMNS = (
    "Source",
    "Target",
    "Type",
    "Id",
    "Label",
    "Weight",
    "Negated",
    "Modality",
    "Condition",
    "Time",
    "Confidence",
    "Document",
    "Sentence",
)
# Gephi's edge kind for every statement: subject → object.
EDGE_TYPE = "Directed"


def _write_rows(columns: Sequence[str], rows: Iterable[Sequence[object]], path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(columns)
        writer.writerows(rows)


def write_nodes_csv(kg: KnowledgeGraph, path: Path) -> None:
    """Write one row per entity (sorted by id): ``Id, Label, Type, Aliases, Mentions``."""
    rows = (
        (e.id, e.label, e.type, ALIAS_SEPARATOR.join(e.aliases), len(e.mentions))
        for e in sorted(kg.entities, key=lambda e: e.id)
    )
    _write_rows(NODE_COLUMNS, rows, path)


def write_edges_csv(kg: KnowledgeGraph, path: Path) -> None:
    """Write one row per statement: subject → object with predicate label, qualifiers and sentence."""
    rows = (
        (
            s.subject,
            s.object,
            EDGE_TYPE,
            s.id,
            s.predicate.label,
            s.confidence,
            "true" if s.negated else "false",
            s.modality or "",
            s.condition or "",
            s.time or "",
            s.confidence,
            s.provenance.document,
            s.provenance.sentence,
        )
        for s in sorted_statements(kg)
    )
    _write_rows(EDGE_COLUMNS, rows, path)
