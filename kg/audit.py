"""Readable audit of entity resolution: each entity with its names, links and every mention.

``kg entities SOURCE`` prints this from a build's ``entities.jsonl``, so a user
can see why "Merkel" and "Angela Merkel" became one node and which rule
attached each mention.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from .errors import InputError
from .evaluate import load_entities

__all__ = ["entities_path", "format_entities", "load"]


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


def format_entities(records: Iterable[Mapping], name: str | None = None) -> str:
    """Text listing of entity records (as in entities.jsonl), optionally only those whose names contain ``name``."""
    blocks = []
    for record in records:
        if name and not _matches(record, name):
            continue
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
