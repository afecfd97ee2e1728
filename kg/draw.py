"""Pictures of part of a graph: one entity's neighbourhood, some types, some relations, the most connected.

``kg draw SOURCE -o FILE.png|svg`` reads a build's exports (``entities.jsonl``
and ``statements.jsonl``), keeps the part asked for and draws it with
:mod:`kg.export.diagram`.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from .errors import ExportError, InputError
from .model import Document, Entity, KnowledgeGraph, Mention, Predicate, Provenance, Statement

__all__ = ["PICTURE_FORMATS", "load_exports", "select", "draw_to_file", "find_entity"]

# Picture formats by file suffix.
PICTURE_FORMATS = {".png": "png", ".svg": "svg"}


def _read_jsonl(path: Path) -> list[dict]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from None
    records = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise InputError(f"{path}:{number}: invalid JSON ({error.msg})") from None
    return records


def load_exports(folder: str | Path) -> KnowledgeGraph:
    """The graph of an exports folder, rebuilt from its ``entities.jsonl`` and ``statements.jsonl``
    (and ``documents.jsonl`` where it is there; the articles' texts are not exported, so they are empty)."""
    folder = Path(folder)
    if not (folder / "statements.jsonl").is_file() or not (folder / "entities.jsonl").is_file():
        raise InputError(f"{folder} is no exports folder: it needs entities.jsonl and statements.jsonl")
    try:
        entities = tuple(
            Entity(
                r["id"], r["label"], r["type"], tuple(r.get("aliases", ())),
                tuple(Mention(m["text"], m["start"], m["end"], m["sentence"], "", m["document"], m["rule"]) for m in r.get("mentions", ())),
                tuple(r.get("same_as", ())),
                tuple(r.get("type_evidence", ())),
            )
            for r in _read_jsonl(folder / "entities.jsonl")
        )
        statements = tuple(
            Statement(
                id=r["id"],
                subject=r["subject"]["id"],
                predicate=Predicate(r["predicate"]["id"], r["predicate"]["label"]),
                object=r["object"]["id"],
                provenance=Provenance(r["document"], r["sentence"], r["start"], r["end"], "", ""),
                negated=r["negated"],
                modality=r.get("modality"),
                attributed_to=r.get("attributed_to"),
                confidence=r.get("confidence", 1.0),
                condition=r.get("condition"),
                time=r.get("time"),
                rule=r.get("rule") or "",
            )
            for r in _read_jsonl(folder / "statements.jsonl")
        )
        # the documents' texts are not exported: their records keep what was (id, source, title, date)
        documents = tuple(
            Document(r["id"], "", r.get("source") or "", r.get("title"), r.get("date"))
            for r in (_read_jsonl(folder / "documents.jsonl") if (folder / "documents.jsonl").is_file() else ())
        )
    except (KeyError, TypeError) as error:
        raise InputError(f"{folder}: an export record lacks {error}") from None
    return KnowledgeGraph(documents=documents, entities=entities, statements=statements)


def find_entity(graph: KnowledgeGraph, name: str) -> Entity | None:
    """The entity ``name`` (label, alias or id) stands for, as :func:`select` finds it; ``None`` if none."""
    found = _matching_entities(graph, name)
    return found[0] if found else None


def _matching_entities(graph: KnowledgeGraph, name: str) -> list[Entity]:
    wanted = name.casefold()
    exact = [e for e in graph.entities if wanted in {e.label.casefold(), *(a.casefold() for a in e.aliases)} or e.id == name]
    return exact or [e for e in graph.entities if wanted in e.label.casefold()]


def select(
    graph: KnowledgeGraph,
    *,
    entity: str | None = None,
    hops: int = 1,
    types: Iterable[str] = (),
    predicates: Iterable[str] = (),
    top: int | None = None,
) -> KnowledgeGraph:
    """The part of ``graph`` to draw.

    * ``entity`` (label, alias or id) and ``hops``: the entity and everything within
      ``hops`` statements of it;
    * ``types``: only entities of these schema.org types;
    * ``predicates``: only statements whose relation label contains one of these words;
    * ``top``: only the ``top`` most connected entities that remain.
    """
    statements = list(graph.statements)
    wanted_types = {t.casefold() for t in types}
    if wanted_types:
        keep = {e.id for e in graph.entities if e.type.casefold() in wanted_types}
        statements = [s for s in statements if s.subject in keep and s.object in keep]
    wanted_predicates = [p.casefold() for p in predicates]
    if wanted_predicates:
        statements = [s for s in statements if any(p in s.predicate.label.casefold() for p in wanted_predicates)]
    nodes = {e.id for e in graph.entities if not wanted_types or e.type.casefold() in wanted_types}
    if entity is not None:
        found = _matching_entities(graph, entity)
        if not found:
            raise InputError(f"no entity named {entity!r} in the graph")
        reached = {found[0].id}
        for _ in range(max(hops, 0)):
            reached |= {s.object for s in statements if s.subject in reached} | {s.subject for s in statements if s.object in reached}
        nodes &= reached
        statements = [s for s in statements if s.subject in nodes and s.object in nodes]
    else:
        if wanted_predicates:  # the entities those relations link
            nodes &= {s.subject for s in statements} | {s.object for s in statements}
    if top is not None:
        degree = Counter(e for s in statements for e in (s.subject, s.object))
        nodes = set(sorted(nodes, key=lambda e: (-degree[e], e))[:top])
        statements = [s for s in statements if s.subject in nodes and s.object in nodes]
    return replace(graph, entities=tuple(e for e in graph.entities if e.id in nodes), statements=tuple(statements))


def draw_to_file(
    graph: KnowledgeGraph, path: str | Path, title: str | None = None, max_nodes: int | None = None, centre: str | None = None
) -> Path:
    """Draw ``graph`` into ``path`` (.png or .svg), written to a temporary file and renamed.

    At most ``max_nodes`` entities are drawn (default: the diagram's own limit), the most connected;
    ``centre`` (an entity id) is ringed, as the centre of a neighbourhood.
    """
    from .export.diagram import MAX_NODES, PNG_DPI, draw_graph, tight_box

    path = Path(path)
    fmt = PICTURE_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ExportError(f"unknown picture type {path.suffix or path.name!r}; expected one of: {', '.join(PICTURE_FORMATS)}")
    if not graph.entities:
        raise InputError("nothing to draw: no entity matches the selection")
    temp = path.with_name(f".kg-tmp-{os.getpid()}-{path.name}")
    try:
        figure = draw_graph(graph, max_nodes=max_nodes or MAX_NODES, title=title, centre=centre)
        figure.savefig(temp, format=fmt, dpi=PNG_DPI if fmt == "png" else None, bbox_inches=tight_box(figure), metadata={"Date": None} if fmt == "svg" else None)
        os.replace(temp, path)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise ExportError(f"cannot write {path}: {error.strerror or error}") from None
    return path
