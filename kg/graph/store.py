"""A persistent Oxigraph store of built documents, added to incrementally.

Layout: one named graph per document (its description, content hash and
statements, as in ``graph.trig``), and entity and relation descriptions in the
default graph, where they merge across documents (one node per entity id).
Beside the RDF, the folder ``kg-results/`` keeps each document's extraction
result (its entities with their mentions, its statements) as JSON, one file
per document: RDF holds no mentions, and the entity descriptions of the
default graph and every export of the store are made again from these results
(:func:`kg.api.build_into_store`), so that they are exactly what a fresh build
of the documents now in the store would give, never names of a document's old
text.

Building into an existing store:

* a document whose content hash is already stored (with its result) is skipped (not even parsed);
* a document whose text changed has its graph and result replaced;
* a new document gets a new graph;
* documents left out of the results given to :func:`sync_descriptions` are taken out
  (``kg remove``, ``kg build --prune``).

A folder is recognised as a kg store by the marker file ``kg-store.json``
(the layout version and the base IRI of its nodes), so ``kg query`` and ``kg
serve`` can take a store, an exports folder or a file.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.errors import StoreError
from kg.graph.namespaces import KG, document_iri
from kg.model import Document, Entity, KnowledgeGraph, Mention, Predicate, Provenance, Statement

if TYPE_CHECKING:
    from kg.runner import DocumentResult

__all__ = [
    "STORE_MARKER",
    "StoreReport",
    "is_store",
    "open_store",
    "open_read_only",
    "stored_hashes",
    "pending_documents",
    "stored_aliases",
    "save_aliases",
    "add_to_store",
    "store_base",
    "save_results",
    "stored_results",
    "sync_descriptions",
]

# Marker file naming a folder as a kg store, with the layout version and the base IRI.
STORE_MARKER = "kg-store.json"
STORE_FORMAT = {"format": "kg-store", "version": 2}
# Folder of the store holding each document's result as JSON.
RESULTS_FOLDER = "kg-results"
# File in the results folder naming the aliases overrides (kg.aliases) the results were built with.
ALIASES_FILE = "aliases.sha256"
# What that file says while a build with other overrides is under way (matches no fingerprint).
_ALIASES_CHANGING = "changing"


@dataclass(frozen=True)
class StoreReport:
    """What a build did to a store: documents added, replaced and skipped, and the triples it holds."""

    added: int
    replaced: int
    skipped: int
    triples: int
    removed: int = 0
    documents: int = 0


def is_store(path: str | Path) -> bool:
    """True when ``path`` is a folder holding a kg store."""
    return (Path(path) / STORE_MARKER).is_file()


def open_store(path: str | Path, base: str | None = None) -> ox.Store:
    """Open the store at ``path`` for writing, creating it (and its marker) if the folder is new or empty.

    A store keeps the base IRI it was first built with: ``base`` must be that one
    (its nodes would otherwise be named twice), and a store of an earlier layout
    is refused (it lacks the results that keep its descriptions exact).
    """
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise StoreError(f"store path {path} exists and is not a folder")
    if path.is_dir() and any(path.iterdir()) and not is_store(path):
        raise StoreError(f"{path} is a non-empty folder that is not a kg store; give a new or empty folder")
    new = not is_store(path)
    if not new:
        stored = store_base(path)
        if base is not None and stored is not None and stored != base:
            raise StoreError(f"store {path} names its nodes under {stored}; build with --base {stored} or into a new store")
    existed = path.exists()
    try:
        path.mkdir(parents=True, exist_ok=True)
        store = ox.Store(str(path))
        if new:
            marker = {**STORE_FORMAT, **({"base": base} if base is not None else {})}
            (path / STORE_MARKER).write_text(json.dumps(marker) + "\n", encoding="utf-8")
    except OSError as error:
        if new:  # what a failed first open wrote (disk full) would make every later run refuse the folder
            _empty(path, remove=not existed)
        raise StoreError(f"cannot open store {path}: {error}") from None
    return store


def _marker(path: Path) -> dict:
    try:
        marker = json.loads((path / STORE_MARKER).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise StoreError(f"cannot read the marker of store {path}: {error}") from None
    if not isinstance(marker, dict) or marker.get("format") != STORE_FORMAT["format"]:
        raise StoreError(f"{path / STORE_MARKER} is not a kg store marker")
    if marker.get("version") != STORE_FORMAT["version"]:
        raise StoreError(
            f"store {path} has layout version {marker.get('version')}, this kg reads version "
            f"{STORE_FORMAT['version']}; build the documents into a new store"
        )
    return marker


def store_base(path: str | Path) -> str | None:
    """The base IRI the store at ``path`` names its nodes under (None if it was made without one)."""
    base = _marker(Path(path)).get("base")
    return base if isinstance(base, str) else None


def _empty(path: Path, *, remove: bool) -> None:
    """Delete what is in the folder ``path`` (and the folder itself with ``remove``), as far as possible."""
    if remove:
        shutil.rmtree(path, ignore_errors=True)
        return
    for child in path.iterdir() if path.is_dir() else ():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)


def open_read_only(path: str | Path) -> ox.Store:
    """Open an existing store for reading (several readers, and a writer, may hold it at once)."""
    if not is_store(path):
        raise StoreError(f"no kg store at {path}")
    try:
        return ox.Store.read_only(str(path))
    except OSError as error:
        raise StoreError(f"cannot open store {path}: {error}") from None


def stored_hashes(store: ox.Store) -> dict[str, str]:
    """Document graph IRI → content hash of every document in ``store``."""
    hashes = {}
    for quad in store.quads_for_pattern(None, ox.NamedNode(str(KG.contentHash)), None, None):
        hashes[quad.subject.value] = quad.object.value
    return hashes


def pending_documents(documents: Iterable[Document], kept: Mapping[str, "DocumentResult"]) -> list[Document]:
    """The documents to build: new, changed (another content hash), or without a stored result.
    ``kept`` is :func:`stored_results`, which holds only results whose text the store holds."""
    return [d for d in documents if (result := kept.get(d.id)) is None or result.document.content_hash != d.content_hash]


def add_to_store(store: ox.Store, graph: KnowledgeGraph, skipped: int = 0) -> StoreReport:
    """Write ``graph``'s documents into ``store``, replacing the graphs of documents already there."""
    from kg.graph.rdf import oxigraph_quads

    existing = {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)}
    quads = list(oxigraph_quads(graph))
    documents = {str(document_iri(graph.base, d.id)) for d in graph.documents}
    replaced = documents & existing
    try:
        for iri in sorted(replaced):
            store.remove_graph(ox.NamedNode(iri))
        store.extend(quads)
        store.flush()
    except OSError as error:
        raise StoreError(f"cannot write store: {error}") from None
    return StoreReport(
        added=len(documents - existing),
        replaced=len(replaced),
        skipped=skipped,
        triples=len(store),
    )


def _result_file(path: Path, document_id: str) -> Path:
    name = hashlib.sha256(document_id.encode("utf-8")).hexdigest()[:32]
    return path / RESULTS_FOLDER / f"{name}.json"


def _result_record(result: "DocumentResult") -> dict:
    return {
        "document": asdict(result.document),
        "entities": [asdict(e) for e in result.entities],
        "statements": [asdict(s) for s in result.statements],
        "dropped": result.dropped,
        "words": result.words,
    }


def _result_from_record(record: dict) -> "DocumentResult":
    from kg.runner import DocumentResult

    entities = tuple(
        Entity(
            e["id"], e["label"], e["type"], tuple(e["aliases"]), tuple(Mention(**m) for m in e["mentions"]),
            tuple(e["same_as"]), tuple(e.get("type_evidence", ())),
        )
        for e in record["entities"]
    )
    statements = tuple(
        Statement(**{**s, "predicate": Predicate(**s["predicate"]), "provenance": Provenance(**s["provenance"])})
        for s in record["statements"]
    )
    return DocumentResult(Document(**record["document"]), entities, statements, int(record["dropped"]), int(record["words"]))


def save_results(path: str | Path, results: Iterable["DocumentResult"]) -> None:
    """Keep each result in the store folder, one JSON file per document, each written whole
    (a temporary file renamed over the old one). Called before the document's quads are
    added, so a stored document always has its result."""
    path = Path(path)
    try:
        (path / RESULTS_FOLDER).mkdir(exist_ok=True)
        for result in results:
            target = _result_file(path, result.document.id)
            temporary = target.with_suffix(".tmp")
            temporary.write_text(json.dumps(_result_record(result), ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, target)
    except OSError as error:
        raise StoreError(f"cannot write store: {error}") from None


def stored_aliases(path: str | Path) -> str:
    """Fingerprint of the aliases overrides the store's results were built with ("" for none)."""
    try:
        return (Path(path) / RESULTS_FOLDER / ALIASES_FILE).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def save_aliases(path: str | Path, fingerprint: str | None) -> None:
    """Record the overrides' fingerprint once a build finished with them; ``None`` before it starts
    rebuilding with other overrides, so that an interrupted run leaves a store that rebuilds all."""
    target = Path(path) / RESULTS_FOLDER / ALIASES_FILE
    try:
        target.parent.mkdir(exist_ok=True)
        temporary = target.with_suffix(".tmp")
        temporary.write_text(_ALIASES_CHANGING if fingerprint is None else fingerprint, encoding="utf-8")
        os.replace(temporary, target)
    except OSError as error:
        raise StoreError(f"cannot write store: {error}") from None


def stored_results(store: ox.Store, path: str | Path, base: str) -> dict[str, "DocumentResult"]:
    """Document id → result of every document in the store, read from the results folder.

    A result whose document is not in the RDF with the same content hash (left by
    a run killed between the two writes, or by a removal) is not one; nor is a
    file that cannot be read back.
    """
    hashes = stored_hashes(store)
    kept: dict[str, DocumentResult] = {}
    for file in sorted((Path(path) / RESULTS_FOLDER).glob("*.json")):
        try:
            result = _result_from_record(json.loads(file.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
            continue
        document = result.document
        if _result_file(Path(path), document.id) == file and hashes.get(str(document_iri(base, document.id))) == document.content_hash:
            kept[document.id] = result
    return kept


def sync_descriptions(store: ox.Store, path: str | Path, graph: KnowledgeGraph) -> int:
    """Make the store hold exactly ``graph`` (the assembly of its stored results): the entity
    and relation descriptions of the default graph are replaced by ``graph``'s, and graphs
    of documents without a result are removed, as are results and temporaries of none.
    Returns the quads changed. Idempotent, so a run interrupted here is finished by the next.
    """
    from kg.graph.rdf import oxigraph_quads

    default = ox.DefaultGraph()
    wanted = {q for q in oxigraph_quads(graph) if isinstance(q.graph_name, ox.DefaultGraph)}
    held = set(store.quads_for_pattern(None, None, None, default))
    documents = {str(document_iri(graph.base, d.id)) for d in graph.documents}
    stale_graphs = [iri for iri in stored_hashes(store) if iri not in documents]
    keep = {_result_file(Path(path), d.id) for d in graph.documents} | {Path(path) / RESULTS_FOLDER / ALIASES_FILE}
    try:
        for iri in stale_graphs:
            store.remove_graph(ox.NamedNode(iri))
        for quad in held - wanted:
            store.remove(quad)
        store.extend(wanted - held)
        store.flush()
        for file in (Path(path) / RESULTS_FOLDER).glob("*"):
            if file not in keep:
                file.unlink(missing_ok=True)
    except OSError as error:
        raise StoreError(f"cannot write store: {error}") from None
    return len(stale_graphs) + len(held - wanted) + len(wanted - held)
