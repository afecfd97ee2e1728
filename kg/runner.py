"""Run extraction over many documents: in this process, in ``-j N`` worker processes, or on Dask.

Every runner turns documents into :class:`DocumentResult` records (entities,
statements and counts of one document) and yields them as documents finish,
so the caller can stream them to a store and parsed spaCy ``Doc`` objects are
never kept. A document's result depends on that document alone, so the graph
assembled from the results does not depend on the runner, on ``-j`` or on the
order of the documents.

* :func:`run_local` parses with ``nlp.pipe`` in batches in this process.
* :func:`run_processes` sends chunks of documents to ``jobs`` worker processes,
  each of which loads the pipeline once; at most ``2 * jobs`` chunks are in
  flight, so memory stays bounded whatever the corpus size.
* :func:`run_dask` does the same on a Dask distributed cluster (``"local"``
  starts a :class:`distributed.LocalCluster` on this machine).
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice

from .aliases import Aliases
from .errors import InputError
from .model import Document, Entity, Statement
from .nlp import DEFAULT_MODEL, load_pipeline, parse

__all__ = [
    "BATCH_SIZE",
    "CHUNK_SIZE",
    "DocumentResult",
    "extract_chunk",
    "run_local",
    "run_processes",
    "run_dask",
    "run",
]

# Documents handed to spaCy at once: 8-32 is the sweet spot for the small model.
BATCH_SIZE = 16
# Documents sent to a worker (process or Dask task) at once.
CHUNK_SIZE = 32
# Characters parsed in one spaCy batch, about: spaCy's working memory grows with the
# tokens of a batch, so batches of long texts hold fewer documents.
BATCH_CHARS = BATCH_SIZE * 5_000
# How long to wait for a Dask scheduler to answer.
CONNECT_TIMEOUT = "10s"


@dataclass(frozen=True)
class DocumentResult:
    """What one document gave: its entities and statements, relations dropped on unresolved
    pronouns, and its word count (for words/s)."""

    document: Document
    entities: tuple[Entity, ...]
    statements: tuple[Statement, ...]
    dropped: int
    words: int


def _results(documents: Sequence[Document], model: str, batch_size: int, aliases: Aliases | None = None) -> Iterator[DocumentResult]:
    from .pipeline import extract_document

    nlp = load_pipeline(model)
    texts = (d.text for d in documents)
    for document, doc in zip(documents, parse(nlp, texts, _batch_size(documents, batch_size)), strict=True):
        entities, statements, dropped = extract_document(doc, document, aliases)
        yield DocumentResult(document, entities, statements, dropped, len(doc))


def _batch_size(documents: Sequence[Document], batch_size: int) -> int:
    """``batch_size``, or fewer documents per batch when they are long (pieces of a huge file)."""
    mean = sum(len(d.text) for d in documents) / max(1, len(documents))
    return max(1, min(batch_size, int(BATCH_CHARS // max(1.0, mean))))


def extract_chunk(
    documents: Sequence[Document], model: str = DEFAULT_MODEL, batch_size: int = BATCH_SIZE, aliases: Aliases | None = None
) -> list[DocumentResult]:
    """Results of a chunk of documents; the unit of work of worker processes and Dask tasks.

    The pipeline is loaded once per process (:func:`~kg.nlp.load_pipeline` caches it).
    """
    return list(_results(documents, model, batch_size, aliases))


def run_local(
    documents: Iterable[Document], model: str = DEFAULT_MODEL, batch_size: int = BATCH_SIZE, aliases: Aliases | None = None
) -> Iterator[DocumentResult]:
    """Parse and extract in this process, yielding each document's result as it is done."""
    documents = iter(documents)
    # nlp.pipe streams, but extract_document needs the Document with its Doc: feed chunks.
    while chunk := list(islice(documents, CHUNK_SIZE * 8)):
        yield from _results(chunk, model, batch_size, aliases)


def _chunks(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    documents = iter(documents)
    while chunk := list(islice(documents, size)):
        yield chunk


def _warm_up(model: str) -> None:
    """Load the pipeline when a worker process starts, not on its first chunk."""
    load_pipeline(model)


def run_processes(
    documents: Iterable[Document], jobs: int, model: str = DEFAULT_MODEL, batch_size: int = BATCH_SIZE, aliases: Aliases | None = None
) -> Iterator[DocumentResult]:
    """Parse and extract in ``jobs`` worker processes; results come back in input order.

    Where the system can fork, workers are forked after this process has loaded
    the pipeline, so they share its memory and start at once (and scripts need
    no ``if __name__ == "__main__"`` guard); elsewhere they are spawned and
    each loads the pipeline once.
    """
    if jobs < 1:
        raise InputError(f"-j must be at least 1, not {jobs}")
    if jobs == 1:
        yield from run_local(documents, model, batch_size, aliases)
        return
    load_pipeline(model)  # fail here, with a clear message, if the model is not installed
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_warm_up, initargs=(model,)) as pool:
        pending: deque[Future[list[DocumentResult]]] = deque()
        for chunk in _chunks(documents, CHUNK_SIZE):
            pending.append(pool.submit(extract_chunk, chunk, model, batch_size, aliases))
            if len(pending) >= 2 * jobs:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def run_dask(
    documents: Iterable[Document],
    address: str,
    model: str = DEFAULT_MODEL,
    batch_size: int = BATCH_SIZE,
    workers: int = 2,
    aliases: Aliases | None = None,
) -> Iterator[DocumentResult]:
    """Parse and extract on the Dask cluster at ``address`` (``"local"``: a LocalCluster of ``workers``).

    Chunks are submitted as tasks with a bounded number in flight; each worker
    process loads the pipeline once and keeps it. Every worker needs kg and the
    spaCy pipeline installed.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise InputError("--dask needs Dask: pip install 'kg[dask]'") from None

    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) if address == "local" else None
    try:
        client = Client(cluster if cluster is not None else address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as error:
        raise InputError(f"cannot reach the Dask scheduler at {address}: {error}") from None
    try:
        in_flight = 2 * max(1, len(client.scheduler_info().get("workers", {})))
        pending: deque = deque()
        for chunk in _chunks(documents, CHUNK_SIZE):
            pending.append(client.submit(extract_chunk, chunk, model, batch_size, aliases, pure=False))
            if len(pending) >= in_flight:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run(
    documents: Iterable[Document],
    *,
    model: str = DEFAULT_MODEL,
    jobs: int = 1,
    dask: str | None = None,
    batch_size: int = BATCH_SIZE,
    aliases: Aliases | None = None,
) -> Iterator[DocumentResult]:
    """The runner the options ask for: Dask when ``dask`` is given, else ``jobs`` processes."""
    if dask:
        return run_dask(documents, dask, model, batch_size, workers=max(jobs, 2), aliases=aliases)
    return run_processes(documents, jobs, model, batch_size, aliases)
