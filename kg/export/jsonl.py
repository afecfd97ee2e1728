"""JSON Lines exports: ``statements.jsonl`` (one statement a line), ``entities.jsonl`` and ``documents.jsonl``.

Each statement line embeds its subject and object entities, so a reader needs no
join to know who did what; the key sets are fixed (see :func:`statement_record`).
Lines are in a deterministic order and keep non-ASCII text as is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kg.model import UNKNOWN_TYPE, Entity, KnowledgeGraph, Statement, reading_order

__all__ = [
    "statement_record",
    "entity_record",
    "sorted_statements",
    "write_statements_jsonl",
    "write_entities_jsonl",
    "write_documents_jsonl",
]

# Type reported for an entity id a statement names but the graph does not describe.


def _entity_summary(kg: KnowledgeGraph, entity_id: str) -> dict[str, Any]:
    entity = kg.entities_by_id.get(entity_id)
    if entity is None:
        return {"id": entity_id, "label": entity_id, "type": UNKNOWN_TYPE, "aliases": []}
    return {"id": entity.id, "label": entity.label, "type": entity.type, "aliases": list(entity.aliases)}


def statement_record(statement: Statement, kg: KnowledgeGraph) -> dict[str, Any]:
    """One statement as a JSON-ready dict with the keys ``id, subject, predicate, object,
    negated, modality, condition, time, attributed_to, confidence, rule, document, sentence, start, end``."""
    provenance = statement.provenance
    return {
        "id": statement.id,
        "subject": _entity_summary(kg, statement.subject),
        "predicate": {"id": statement.predicate.id, "label": statement.predicate.label},
        "object": _entity_summary(kg, statement.object),
        "negated": bool(statement.negated),
        "modality": statement.modality,
        "condition": statement.condition,
        "time": statement.time,
        "attributed_to": statement.attributed_to,
        "confidence": float(statement.confidence),
        "rule": statement.rule,
        "document": provenance.document,
        "sentence": provenance.sentence,
        "start": provenance.start,
        "end": provenance.end,
    }


def entity_record(entity: Entity) -> dict[str, Any]:
    """One entity as a JSON-ready dict: ``id, label, type, type_evidence, aliases, same_as, mentions``."""
    return {
        "id": entity.id,
        "label": entity.label,
        "type": entity.type,
        "type_evidence": list(entity.type_evidence),
        "aliases": list(entity.aliases),
        "same_as": list(entity.same_as),
        "mentions": [
            {
                "document": mention.document,
                "text": mention.text,
                "start": mention.start,
                "end": mention.end,
                "sentence": mention.sentence,
                "rule": mention.rule,
            }
            for mention in entity.mentions
        ],
    }


def sorted_statements(kg: KnowledgeGraph) -> list[Statement]:
    """Statements in reading order: by document, then sentence start, then id."""
    return sorted(kg.statements, key=reading_order)


def _write_lines(records: Iterable[dict[str, Any]], path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as stream:
        for record in records:
            stream.write(json.dumps(record, ensure_ascii=False))
            stream.write("\n")


def write_statements_jsonl(kg: KnowledgeGraph, path: Path) -> None:
    """Write one JSON object per statement, in :func:`sorted_statements` order."""
    _write_lines((statement_record(s, kg) for s in sorted_statements(kg)), path)


def write_entities_jsonl(kg: KnowledgeGraph, path: Path) -> None:
    """Write one JSON object per entity, sorted by id, with all its mentions."""
    _write_lines((entity_record(e) for e in sorted(kg.entities, key=lambda e: e.id)), path)


def document_record(document, statements: int) -> dict[str, Any]:
    """One document as a JSON-ready dict: ``id, source, title, date, words, statements``.

    ``words`` counts whitespace-separated words of the text, the measure of
    "statements per 1,000 words" (``kg eval``).
    """
    return {
        "id": document.id,
        "source": document.source,
        "title": document.title,
        "date": document.date,
        "words": len(document.text.split()),
        "statements": statements,
    }


def write_documents_jsonl(kg: KnowledgeGraph, path: Path) -> None:
    """Write one JSON object per document, sorted by id, with its word and statement counts."""
    counts: dict[str, int] = {}
    for statement in kg.statements:
        counts[statement.provenance.document] = counts.get(statement.provenance.document, 0) + 1
    documents = sorted(kg.documents, key=lambda d: d.id)
    _write_lines((document_record(d, counts.get(d.id, 0)) for d in documents), path)
