"""The graph as two pandas DataFrames, entities and statements, as kglab and pandas users expect.

pandas is an optional extra (``pip install kg[pandas]``); it is imported only when asked for.
One row per entity and one per statement, with the columns of the JSON Lines exports
flattened: a statement row names its subject and object by id *and* label, so a frame can be
filtered and grouped without a join, and joined to the entities on ``subject``/``object`` =
``id`` when more is wanted. List-valued columns (aliases, documents) hold Python lists.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from kg.errors import KGError
from kg.model import UNKNOWN_TYPE, KnowledgeGraph, reading_order

if TYPE_CHECKING:
    import pandas

__all__ = ["ENTITY_FRAME_COLUMNS", "STATEMENT_FRAME_COLUMNS", "to_pandas"]

ENTITY_FRAME_COLUMNS = ("id", "label", "type", "aliases", "mentions", "documents", "same_as", "type_evidence")
STATEMENT_FRAME_COLUMNS = (
    "id", "subject", "subject_label", "subject_type", "predicate", "predicate_id", "object", "object_label",
    "object_type", "negated", "modality", "condition", "time", "attributed_to", "confidence", "rule",
    "document", "sentence", "start", "end",
)


def _pandas():
    try:
        import pandas
    except ImportError:
        raise KGError("to_pandas needs pandas: pip install 'kg[pandas]' (or pandas itself)") from None
    return pandas


def _frame(pandas, columns: tuple[str, ...], rows: Iterable[tuple], dtypes: dict[str, str]) -> pandas.DataFrame:
    return pandas.DataFrame.from_records(list(rows), columns=list(columns)).astype(dtypes)


def to_pandas(graph: KnowledgeGraph) -> tuple[pandas.DataFrame, pandas.DataFrame]:
    """``(entities, statements)`` DataFrames of ``graph`` (columns :data:`ENTITY_FRAME_COLUMNS`,
    :data:`STATEMENT_FRAME_COLUMNS`); entities sorted by id, statements in reading order."""
    pandas = _pandas()
    entities = _frame(
        pandas,
        ENTITY_FRAME_COLUMNS,
        (
            (
                e.id, e.label, e.type, list(e.aliases), len(e.mentions), sorted({m.document for m in e.mentions}),
                list(e.same_as), list(e.type_evidence),
            )
            for e in sorted(graph.entities, key=lambda e: e.id)
        ),
        {"mentions": "int64"},
    )
    known = graph.entities_by_id

    def named(entity_id: str) -> tuple[str, str]:
        entity = known.get(entity_id)
        return (entity.label, entity.type) if entity else (entity_id, UNKNOWN_TYPE)

    statements = _frame(
        pandas,
        STATEMENT_FRAME_COLUMNS,
        (
            (
                s.id, s.subject, *named(s.subject), s.predicate.label, s.predicate.id, s.object, *named(s.object),
                bool(s.negated), s.modality, s.condition, s.time, s.attributed_to, float(s.confidence), s.rule,
                s.provenance.document, s.provenance.sentence, s.provenance.start, s.provenance.end,
            )
            for s in sorted(graph.statements, key=reading_order)
        ),
        {"negated": "bool", "confidence": "float64", "start": "int64", "end": "int64"},
    )
    return entities, statements
