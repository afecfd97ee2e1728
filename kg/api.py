"""Orchestration of one build: the only module that knows the whole flow.

``Document`` → spaCy ``Doc`` → mentions → entities (+ pronouns) → propositions →
statements, per document; then entities are merged across documents by id and
the result is a :class:`~kg.model.KnowledgeGraph`, which exporters write out.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from .extract.openie import iter_open_propositions
from .extract.openie import render as render_open
from .aliases import Aliases
from .errors import InputError, StoreError
from .model import DEFAULT_BASE, Document, Entity, KnowledgeGraph, Statement, reading_order
from .nlp import DEFAULT_MODEL, load_pipeline, parse
from .parsed import snapshot
from .pipeline import EXTRACTOR, analyse_document, extract_document
from .runner import BATCH_SIZE, DocumentResult, run
from .sources import Skipped, Sources, read_documents, read_sources

if TYPE_CHECKING:
    from .export.painter import Painter
    from .graph.store import StoreReport

__all__ = [
    "DEFAULT_BASE",
    "EXTRACTOR",
    "BuildSummary",
    "extract_document",
    "build",
    "build_documents",
    "merge_entities",
    "open_extract",
    "timed_build",
    "build_into_store",
    "remove_from_store",
    "export_store",
    "write_exports",
    "write_neo4j",
    "stored_graph",
    "assemble",
]

# Documents written to a store in one transaction: an interrupted build loses at most these.
COMMIT_EVERY = 64


@dataclass(frozen=True)
class BuildSummary:
    """Figures of one build, printed at its end."""

    documents: int
    entities: int
    statements: int
    seconds: float
    unresolved: int = 0
    skipped: tuple[Skipped, ...] = ()
    warnings: tuple[str, ...] = ()
    furniture: int = 0  # lines of page furniture left out at reading


def merge_entities(entities: Iterable[Entity]) -> tuple[Entity, ...]:
    """One entity per id across documents: aliases and mentions unioned, sorted by id and position."""
    merged: dict[str, Entity] = {}
    for entity in entities:
        known = merged.get(entity.id)
        if known is None:
            merged[entity.id] = entity
            continue
        # Labels with one id differ only in accents or punctuation ("Macron", "Macrón"):
        # keep the smallest, whatever the document order, and the other as an alias.
        label = min(known.label, entity.label)
        aliases = tuple(sorted((set(known.aliases) | set(entity.aliases) | {known.label, entity.label}) - {label}))
        same_as = tuple(sorted(set(known.same_as) | set(entity.same_as)))
        evidence = tuple(sorted(set(known.type_evidence) | set(entity.type_evidence)))  # whatever the document order
        merged[entity.id] = Entity(known.id, label, known.type, aliases, known.mentions + entity.mentions, same_as, evidence)
    return _unambiguous_aliases(tuple(_sorted_mentions(merged[k]) for k in sorted(merged)))


def _unambiguous_aliases(entities: tuple[Entity, ...]) -> tuple[Entity, ...]:
    """Drop aliases that are another node's label: "Paris" acting for France is no name of
    France when Paris the city is a node too (the mention itself stays, with its rule)."""
    labels = {e.label.casefold() for e in entities}
    cleaned = []
    for entity in entities:
        aliases = tuple(a for a in entity.aliases if a.casefold() not in labels)
        cleaned.append(entity if aliases == entity.aliases else replace(entity, aliases=aliases))
    return tuple(cleaned)


def _sorted_mentions(entity: Entity) -> Entity:
    mentions = tuple(sorted(entity.mentions, key=lambda m: (m.document, m.start, m.end)))
    if mentions == entity.mentions:
        return entity
    return replace(entity, mentions=mentions)


def check_base(base: str) -> None:
    """Raise :class:`InputError` unless ``base`` can prefix IRIs: absolute, no spaces, ending in "/" or "#"."""
    scheme, _, rest = base.partition(":")
    controls = any(ord(c) <= 0x20 or ord(c) == 0x7F for c in base)  # tabs, line breaks, NUL
    bad_escape = re.search(r"%(?![0-9A-Fa-f]{2})", base) is not None  # "%zz" is no percent-escape
    if (
        not scheme.isalpha() or not rest or controls or bad_escape
        or any(c in base for c in '<>"{}|\\^`') or base[-1] not in "/#"
    ):
        raise InputError(f"invalid base IRI {base!r}; expected an absolute IRI ending in '/' or '#', e.g. {DEFAULT_BASE}")


OnResult = Callable[[DocumentResult], None]


def assemble(results: Iterable[DocumentResult], base: str = DEFAULT_BASE) -> KnowledgeGraph:
    """The knowledge graph of per-document results: entities merged by id, statements in reading order.

    Documents are ordered by id, so the graph is the same whatever order the
    results came in (``-j``, Dask, input order).
    """
    documents: list[Document] = []
    entities: list[Entity] = []
    statements: list[Statement] = []
    unresolved = 0
    for result in results:
        documents.append(result.document)
        entities.extend(result.entities)
        statements.extend(result.statements)
        unresolved += result.dropped
    return KnowledgeGraph(
        documents=tuple(sorted(documents, key=lambda d: d.id)),
        entities=merge_entities(entities),
        statements=tuple(sorted(statements, key=reading_order)),
        base=base,
        unresolved=unresolved,
    )


def _observed(results: Iterable[DocumentResult], on_result: OnResult | None) -> Iterator[DocumentResult]:
    for result in results:
        if on_result is not None:
            on_result(result)
        yield result


def build_documents(
    documents: Sequence[Document],
    *,
    model: str = DEFAULT_MODEL,
    base: str = DEFAULT_BASE,
    jobs: int = 1,
    dask: str | None = None,
    on_result: OnResult | None = None,
    aliases: Aliases | None = None,
) -> KnowledgeGraph:
    """Build a :class:`KnowledgeGraph` from documents already read.

    ``jobs`` worker processes (or the Dask cluster at ``dask``) parse and
    extract; ``on_result`` is called as each document is done (progress
    display); ``aliases`` are the user's overrides of entity resolution
    (:func:`kg.aliases.read_aliases`). Entities and statements of a document depend only on that
    document, so the graph depends neither on ``jobs`` nor on document order.
    """
    check_base(base)
    results = run(documents, model=model, jobs=jobs, dask=dask, aliases=aliases)
    return assemble(_observed(results, on_result), base)


def build(
    inputs: Iterable[str | Path], *, model: str = DEFAULT_MODEL, base: str = DEFAULT_BASE, aliases: Aliases | None = None
) -> KnowledgeGraph:
    """Read articles (files or folders of ``.txt``) and build their knowledge graph.

    >>> graph = kg.build(["seeds/"])  # doctest: +SKIP
    >>> len(graph.statements)  # doctest: +SKIP
    """
    return build_documents(read_documents(inputs), model=model, base=base, aliases=aliases)


def open_extract(
    sentences: Sequence[str], *, model: str = DEFAULT_MODEL
) -> Iterator[tuple[str, list[tuple[float, str, str, list[str]]]]]:
    """Open-extraction tuples of each sentence: (sentence, [(confidence, relation, arg1, [arg2, ...])]).

    Used by ``kg openie`` and the CaRB benchmark; tuples are ordered by confidence.
    """
    nlp = load_pipeline(model)
    for sentence, doc in zip(sentences, parse(nlp, sentences, BATCH_SIZE), strict=True):
        doc = snapshot(doc)
        analysis = analyse_document(doc, Document("sentence", sentence))
        tuples = []
        for proposition in iter_open_propositions(doc, analysis.propositions):
            arg1, relation, args = render_open(doc, proposition)
            tuples.append((proposition.confidence, relation, arg1, args))
        tuples.sort(key=lambda t: -t[0])
        yield sentence, tuples


def write_exports(graph: KnowledgeGraph, outdir: str | Path, *, painter: Painter | None = None) -> list[Path]:
    """Write every export file of ``graph`` into ``outdir`` (all or nothing); ``painter`` (see
    :mod:`kg.export.painter`) draws the pictures meanwhile."""
    from .export import write_all

    return write_all(graph, Path(outdir), painter=painter)


def build_into_store(
    inputs: Iterable[str | Path],
    store_path: str | Path,
    *,
    model: str = DEFAULT_MODEL,
    base: str = DEFAULT_BASE,
    outdir: str | Path | None = None,
    jobs: int = 1,
    dask: str | None = None,
    commit_every: int = COMMIT_EVERY,
    any_language: bool = False,
    prune: bool = False,
    on_start: Callable[[int, int], None] | None = None,
    on_result: OnResult | None = None,
    aliases: Aliases | None = None,
) -> tuple[KnowledgeGraph, BuildSummary, StoreReport]:
    """Build the documents of ``inputs`` that are new or changed into the store at ``store_path``.

    Unchanged documents (same content hash) are not parsed at all; changed ones
    replace their graph. Results are written as they come, ``commit_every``
    documents per transaction, so a build that is interrupted and run again
    skips what was already stored and finishes the rest. With ``prune``, stored
    documents that are not among the inputs are removed. Returns the graph of
    the whole store (what a fresh build of its documents gives, and what
    ``outdir`` receives), the summary of what this run parsed, and the store's report.
    When ``aliases`` differ from those of the store's last build, every document is built again.
    """
    from .graph.store import (
        StoreReport, add_to_store, open_store, pending_documents, save_aliases, save_results, stored_aliases, stored_results,
    )

    started = time.perf_counter()
    check_base(base)
    sources = read_sources(inputs, any_language=any_language)
    documents = sources.documents
    store = open_store(store_path, base)
    kept = stored_results(store, store_path, base)
    removed = 0
    if prune:  # the store is made to hold the documents kept (sync_descriptions) when the run ends
        wanted = {d.id for d in documents}
        removed = len(set(kept) - wanted)
        kept = {i: r for i, r in kept.items() if i in wanted}
    fingerprint = aliases.fingerprint if aliases else ""
    if stored_aliases(store_path) == fingerprint:
        pending = pending_documents(documents, kept)
    else:  # other overrides: every document is built again with them
        pending = list(documents)
        save_aliases(store_path, None)
    if on_start is not None:
        on_start(len(pending), sum(len(d.text) for d in pending))
    added = replaced = 0
    results: list[DocumentResult] = []
    batch: list[DocumentResult] = []

    def commit() -> None:
        nonlocal added, replaced
        save_results(store_path, batch)  # first, so that a stored document always has its result
        report = add_to_store(store, assemble(batch, base))
        added, replaced = added + report.added, replaced + report.replaced
        for result in batch:
            kept[result.document.id] = result
        batch.clear()

    for result in _observed(run(pending, model=model, jobs=jobs, dask=dask, aliases=aliases), on_result):
        batch.append(result)
        results.append(result)
        if len(batch) >= commit_every:
            commit()
    if batch:
        commit()
    save_aliases(store_path, fingerprint)
    graph = _settle_store(store, store_path, kept, base, outdir)
    report = StoreReport(added, replaced, len(documents) - len(pending), len(store), removed, len(graph.documents))
    return graph, _summary(assemble(results, base), started, sources), report


def _settle_store(store, store_path: str | Path, kept: Mapping[str, DocumentResult], base: str, outdir: str | Path | None) -> KnowledgeGraph:
    """The graph of the store's documents, the store made to hold exactly it, and its exports written."""
    from .graph.store import sync_descriptions

    graph = assemble(kept.values(), base)
    sync_descriptions(store, store_path, graph)
    if outdir is not None:
        write_exports(graph, outdir)
    return graph


def _stored(store_path: str | Path, writable: bool):
    from .graph.store import is_store, open_read_only, open_store, store_base, stored_results

    if not is_store(store_path):
        raise StoreError(f"no kg store at {store_path}")
    base = store_base(store_path) or DEFAULT_BASE
    store = open_store(store_path, base) if writable else open_read_only(store_path)
    return store, base, stored_results(store, store_path, base)


def remove_from_store(
    store_path: str | Path, document_ids: Iterable[str], *, outdir: str | Path | None = None
) -> tuple[KnowledgeGraph, StoreReport]:
    """Take documents out of the store; the descriptions left are those of the documents that stay.

    Every id must be a document of the store (nothing is removed otherwise).
    Returns the graph of the store after the removal (written to ``outdir`` if given).
    """
    from .graph.store import StoreReport

    store, base, kept = _stored(store_path, writable=True)
    ids = set(document_ids)
    unknown = sorted(ids - set(kept))
    if unknown:
        raise StoreError(f"no document {unknown[0]!r} in store {store_path}" + (f" (and {len(unknown) - 1} more)" if len(unknown) > 1 else ""))
    graph = _settle_store(store, store_path, {i: r for i, r in kept.items() if i not in ids}, base, outdir)  # takes them out
    return graph, StoreReport(0, 0, 0, len(store), len(ids), len(graph.documents))


def export_store(store_path: str | Path, outdir: str | Path) -> KnowledgeGraph:
    """Write the exports of the whole store into ``outdir`` without building; returns its graph."""
    graph = stored_graph(store_path)
    write_exports(graph, outdir)
    return graph


def stored_graph(store_path: str | Path) -> KnowledgeGraph:
    """The graph of the whole store at ``store_path``, as a fresh build of its documents gives it."""
    _, base, kept = _stored(store_path, writable=False)
    return assemble(kept.values(), base)


def write_neo4j(graph: KnowledgeGraph, outdir: str | Path) -> list[Path]:
    """Write the Neo4j import files of ``graph`` into ``outdir`` (all or nothing): the CSV files of
    ``neo4j-admin database import`` and ``load.cypher`` for ``LOAD CSV`` (see :mod:`kg.export.neo4j`)."""
    from .export import write_all
    from .export.neo4j import NEO4J_WRITERS

    return write_all(graph, Path(outdir), writers=NEO4J_WRITERS)


def timed_build(
    inputs: Iterable[str | Path],
    outdir: str | Path,
    *,
    model: str = DEFAULT_MODEL,
    base: str = DEFAULT_BASE,
    jobs: int = 1,
    dask: str | None = None,
    any_language: bool = False,
    on_start: Callable[[int, int], None] | None = None,
    on_result: OnResult | None = None,
    on_export: Callable[[], None] | None = None,
    aliases: Aliases | None = None,
) -> tuple[KnowledgeGraph, BuildSummary]:
    """Read, build and export in one go, as ``kg build`` does; returns the graph and its summary.

    Inputs are all read and checked before anything is parsed or written.
    ``on_start`` gets the number of documents and of characters to parse;
    ``on_export`` is called when parsing is done and exports begin.
    """
    from .export.painter import Painter  # noqa: F811  (the class, not only its type)

    started = time.perf_counter()
    check_base(base)
    sources = read_sources(inputs, any_language=any_language)
    documents = sources.documents
    if on_start is not None:
        on_start(len(documents), sum(len(d.text) for d in documents))
    # the pictures' helper readies itself on another core while this process parses
    painter = Painter.start() if dask is None else None
    try:
        graph = build_documents(documents, model=model, base=base, jobs=jobs, dask=dask, on_result=on_result, aliases=aliases)
        if on_export is not None:
            on_export()
        write_exports(graph, outdir, painter=painter)
    finally:
        if painter is not None:
            painter.close()
    return graph, _summary(graph, started, sources)


def _summary(graph: KnowledgeGraph, started: float, sources: Sources | None = None) -> BuildSummary:
    return BuildSummary(
        len(graph.documents),
        len(graph.entities),
        len(graph.statements),
        time.perf_counter() - started,
        graph.unresolved,
        sources.skipped if sources else (),
        sources.warnings if sources else (),
        sources.furniture if sources else 0,
    )
