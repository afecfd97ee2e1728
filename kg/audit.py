"""Readable audit of entity resolution: each entity with its names, links and every mention.

``kg entities SOURCE`` prints this from a build's ``entities.jsonl``, so a user
can see why "Merkel" and "Angela Merkel" became one node and which rule
attached each mention.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from .errors import InputError
from .evaluate import load_entities

__all__ = ["ENTITY_FORMATS", "entities_csv", "entities_json", "entities_path", "format_entities", "load", "matching"]


def entities_path(source: str | Path) -> Path:
    """The ``entities.jsonl`` of an exports folder, or the file itself."""
    source = Path(source)
    path = source / "entities.jsonl" if source.is_dir() else source
    if not path.is_file():
        raise InputError(f"no entities file at {path}; give an exports folder or an entities.jsonl")
    return path


def _matches(record: Mapping, name: str) -> bool:
    wanted = name.casefold()
    names = [record.get("label", ""), *record.get("aliases", ())]
    return any(wanted in str(n).casefold() for n in names) or wanted == str(record.get("id", "")).casefold()


# How ``kg entities`` prints: a readable listing, the records as JSON, or one CSV row each.
ENTITY_FORMATS = ("table", "json", "csv")
# Columns of the CSV listing; lists are joined with "|".
CSV_COLUMNS = ("id", "label", "type", "type_evidence", "aliases", "same_as", "mentions", "documents", "rules")


def matching(records: Iterable[Mapping], name: str | None = None) -> list[Mapping]:
    """The records whose label, alias or id contains ``name`` (every record for no name)."""
    return [r for r in records if not name or _matches(r, name)]


def entities_json(records: Iterable[Mapping]) -> str:
    """The records as one JSON array (as in entities.jsonl)."""
    return json.dumps(list(records), ensure_ascii=False, indent=2)


def entities_csv(records: Iterable[Mapping]) -> str:
    """One CSV row per record (:data:`CSV_COLUMNS`): mention count, their documents and rules."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in records:
        mentions = r.get("mentions", ())
        writer.writerow([
            r.get("id", ""), r.get("label", ""), r.get("type", ""),
            "|".join(r.get("type_evidence", ())), "|".join(r.get("aliases", ())), "|".join(r.get("same_as", ())),
            len(mentions), "|".join(dict.fromkeys(m.get("document", "") for m in mentions)),
            "|".join(dict.fromkeys(m.get("rule", "") for m in mentions)),
        ])
    return buffer.getvalue().rstrip("\n")


def format_entities(records: Iterable[Mapping], name: str | None = None) -> str:
    """Text listing of entity records (as in entities.jsonl), optionally only those whose names contain ``name``."""
    blocks = []
    for record in matching(records, name):
        lines = [f"{record['label']}  [{record.get('type', '?')}]  {record['id']}"]
        if record.get("type_evidence"):
            lines.append("  type from: " + "; ".join(record["type_evidence"]))
        if record.get("aliases"):
            lines.append("  aliases: " + ", ".join(record["aliases"]))
        if record.get("same_as"):
            lines.append("  same as: " + ", ".join(record["same_as"]))
        for mention in record.get("mentions", ()):
            lines.append(
                f"  {mention['document']}:{mention['start']}-{mention['end']}"
                f"  {mention['text']!r}  ({mention['rule']})"
            )
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def load(source: str | Path) -> list[dict]:
    """Entity records of an exports folder or entities.jsonl."""
    return load_entities(entities_path(source))
