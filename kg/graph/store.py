"""A persistent Oxigraph store of built documents, added to incrementally.

Layout: one named graph per document (its description, content hash and
statements, as in ``graph.trig``), and entity and relation descriptions in the
default graph, where they merge across documents (one node per entity id).

Building into an existing store:

* a document whose content hash is already stored is skipped (not even parsed);
* a document whose text changed has its graph replaced;
* a new document gets a new graph.

A folder is recognised as a kg store by the marker file ``kg-store.json``, so
``kg query`` and ``kg serve`` can take a store, an exports folder or a file.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import StoreError
from rdflib.namespace import RDFS, SKOS

from kg.graph.namespaces import KG, document_iri
from kg.model import Document, KnowledgeGraph

__all__ = [
    "STORE_MARKER",
    "StoreReport",
    "is_store",
    "open_store",
    "open_read_only",
    "stored_hashes",
    "pending_documents",
    "add_to_store",
    "finalize_labels",
]

# Marker file naming a folder as a kg store, with the layout version.
STORE_MARKER = "kg-store.json"
STORE_FORMAT = {"format": "kg-store", "version": 1}


@dataclass(frozen=True)
class StoreReport:
    """What a build did to a store: documents added, replaced and skipped, and the triples it holds."""

    added: int
    replaced: int
    skipped: int
    triples: int


def is_store(path: str | Path) -> bool:
    """True when ``path`` is a folder holding a kg store."""
    return (Path(path) / STORE_MARKER).is_file()


def open_store(path: str | Path) -> ox.Store:
    """Open the store at ``path`` for writing, creating it (and its marker) if the folder is new or empty."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise StoreError(f"store path {path} exists and is not a folder")
    if path.is_dir() and any(path.iterdir()) and not is_store(path):
        raise StoreError(f"{path} is a non-empty folder that is not a kg store; give a new or empty folder")
    new = not is_store(path)
    existed = path.exists()
    try:
        path.mkdir(parents=True, exist_ok=True)
        store = ox.Store(str(path))
        (path / STORE_MARKER).write_text(json.dumps(STORE_FORMAT) + "\n", encoding="utf-8")
    except OSError as error:
        if new:  # what a failed first open wrote (disk full) would make every later run refuse the folder
            _empty(path, remove=not existed)
        raise StoreError(f"cannot open store {path}: {error}") from None
    return store


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


def pending_documents(store: ox.Store, documents: Iterable[Document], base: str) -> list[Document]:
    """The documents whose text is not in ``store`` yet (new or changed)."""
    hashes = stored_hashes(store)
    return [d for d in documents if hashes.get(str(document_iri(base, d.id))) != d.content_hash]


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


def finalize_labels(store: ox.Store) -> int:
    """Make entity names in the default graph what one whole build would give; returns triples changed.

    Documents are added in batches, and each batch describes its entities
    itself: an entity named "Macrón" in one batch and "Macron" in another gets
    two labels. As :func:`kg.api.merge_entities` does for one build, the
    smallest label is kept and the others become ``skos:altLabel``, and an
    alternative name that is some node's label is dropped. Idempotent, so a run
    interrupted here is finished by the next one.
    """
    label, alt = ox.NamedNode(str(RDFS.label)), ox.NamedNode(str(SKOS.altLabel))
    default = ox.DefaultGraph()
    labels: dict[ox.NamedNode | ox.BlankNode, list[ox.Literal]] = {}
    for quad in store.quads_for_pattern(None, label, None, default):
        labels.setdefault(quad.subject, []).append(quad.object)
    chosen = {node: min(names, key=lambda n: n.value) for node, names in labels.items()}
    taken = {name.value.casefold() for name in chosen.values()}
    remove: list[ox.Quad] = []
    add: list[ox.Quad] = []
    for node, names in labels.items():
        for name in names:
            if name != chosen[node]:
                remove.append(ox.Quad(node, label, name, default))
                if name.value.casefold() not in taken:
                    add.append(ox.Quad(node, alt, name, default))
    for quad in store.quads_for_pattern(None, alt, None, default):
        if quad.object.value.casefold() in taken:
            remove.append(quad)
    try:
        for quad in remove:
            store.remove(quad)
        store.extend(add)
        store.flush()
    except OSError as error:
        raise StoreError(f"cannot write store: {error}") from None
    return len(remove) + len(add)
