"""A read-only SPARQL 1.1 Protocol endpoint over a kg store, an exports folder or an RDF file.

``kg serve SOURCE`` answers ``GET /sparql?query=...`` and ``POST /sparql``
(``application/x-www-form-urlencoded`` with ``query=``, or an
``application/sparql-query`` body) with Oxigraph's own result serializers,
chosen by the ``Accept`` header (:func:`negotiate`). Queries run as
:func:`kg.query.run_query` runs them: our prefixes are predeclared and the
default graph is the union of all graphs (unless the request names
``default-graph-uri``). ``GET /`` is a small offline query page.

Why worker processes
--------------------
Oxigraph cannot interrupt a running query, and counting or sorting the cross
product of four triple patterns over a few hundred triples takes hours (a plain
``SELECT *`` of it is cheap: evaluation is lazy and only ``max_rows + 1``
solutions are ever computed). Every query therefore runs
in one of a small pool of worker processes, each holding the store open
read-only (:meth:`pyoxigraph.Store.read_only`). The request thread waits for
the answer at most ``timeout`` seconds; past that it kills the worker
(SIGKILL), answers **503 Service Unavailable** (as Apache Jena Fuseki does for
a query timeout) and starts a replacement. Workers are started through a
``forkserver``, not by forking the server itself: the server is multithreaded
and may have had RocksDB's background threads running, and a process forked
from such a state can deadlock.

Sources that are files or exports folders are loaded at start-up into a
temporary on-disk store (so that the workers can open it read-only), deleted
at shutdown. A kg store folder is served in place; a worker sees the store as
it was when the worker opened it, so restart the server after building more
documents into it (Oxigraph calls reading a store while another process writes
it undefined behaviour).

Limits and status codes
-----------------------
* ``SELECT`` solutions and ``CONSTRUCT``/``DESCRIBE`` triples beyond
  ``max_rows`` are cut; the response then carries ``X-KG-Truncated: true``.
* 200 results, 204 update applied (and an ``OPTIONS`` answer);
* 400 missing or malformed query (the parser's message, on one line), or an
  update sent with GET; 403 an update without ``allow_update``, or a
  federated ``SERVICE`` query without ``allow_service`` (Oxigraph would really
  fetch the remote IRI); 404 unknown path; 406 an ``Accept`` header naming
  only types we cannot write for that query (no header, or a wildcard, gets
  SPARQL JSON, or Turtle for graphs); 411 chunked body; 413 body over
  :data:`MAX_BODY_BYTES`; 415 unsupported POST content type;
* 500 the query failed while running, or its worker died;
* 503 the time limit was reached, or every worker stayed busy for the whole
  time limit.

``GET /sparql`` without parameters answers the SPARQL 1.1 Service Description
of the endpoint (:func:`service_description`). Every answer to a query carries
``Vary: Accept`` and, unless ``cors`` is empty, ``Access-Control-Allow-Origin``
(``*`` by default: the endpoint is read-only), so that a page of another site
can query it; ``OPTIONS /sparql`` answers the browser's preflight. Answers to
updates never carry it.

Updates
-------
SPARQL Update (``update=`` form field or an ``application/sparql-update``
body) is refused with 403 unless ``allow_update`` is set. Then it waits for
running queries to finish, stops the workers, applies the update in a process
of its own (under the same time limit) with the store opened for writing, and
restarts the workers, so no reader has the store open while it is written.
Updates see the store's real default graph, not the union. On a kg store
folder the change is permanent; on a file or exports folder it changes only
the temporary copy and is lost at shutdown (the files are never written).

>>> serve(Path("exports"), ServeOptions(port=7878))   # doctest: +SKIP
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import re
import resource
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import islice
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from kg.errors import QueryError, ServeError
from kg.graph.namespaces import PREFIXES
from kg.graph.store import is_store, open_read_only
from kg.leftovers import is_stale
from kg.query import RDF_FORMATS, code_only, first_line, rdf_file, regroup_by_document, shape_refusal

__all__ = [
    "ServeError",
    "ServeOptions",
    "Response",
    "SparqlEndpoint",
    "negotiate",
    "not_acceptable",
    "service_description",
    "uses_service",
    "load_into_store",
    "make_server",
    "serve",
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "DEFAULT_TIMEOUT_S",
    "DEFAULT_MAX_ROWS",
    "DEFAULT_WORKERS",
    "MAX_BODY_BYTES",
    "SPARQL_PATH",
    "TIMEOUT_STATUS",
    "TRUNCATED_HEADER",
]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878  # Oxigraph's own server uses the same port
DEFAULT_TIMEOUT_S = 10.0
DEFAULT_MAX_ROWS = 10_000
DEFAULT_WORKERS = max(2, min(4, os.cpu_count() or 1))
# Largest accepted request body (form or query text).
MAX_BODY_BYTES = 1 << 20
# A client that sends nothing for this long has its connection closed (slow clients hold a thread).
SOCKET_TIMEOUT_S = 30.0
# How long a new worker may take to open the store before start-up fails.
WORKER_START_TIMEOUT_S = 60.0
# How long a worker asked to stop may take before it is killed.
WORKER_STOP_GRACE_S = 2.0
# How often a drain (before an update) looks again for workers still busy.
DRAIN_POLL_S = 0.1

# Name start of the temporary store folder of a file source.
SCRATCH_PREFIX = "kg-serve-"

SPARQL_PATH = "/sparql"
PAGE_PATHS = ("/", "/index.html")
TIMEOUT_STATUS = HTTPStatus.SERVICE_UNAVAILABLE
TRUNCATED_HEADER = "X-KG-Truncated"
TEXT_PLAIN = "text/plain; charset=utf-8"

# POST content types of the SPARQL 1.1 Protocol.
FORM_TYPE = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"

# Accept media type → result format of SELECT and ASK; the first is the default.
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
# Accept media type → RDF format of CONSTRUCT and DESCRIBE; the first is the default.
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
# Accept entries that leave the choice to us.
WILDCARDS = ("*/*", "application/*", "text/*")

# The keyword SERVICE, not a variable (?service), prefixed name (ex:service, service:x) or longer word.
_SERVICE_KEYWORD = re.compile(r"(?<![\w:?$.\-])SERVICE(?![\w:\-])", re.IGNORECASE)


# The update keyword LOAD, which fetches a URL (word boundaries as for SERVICE).
_LOAD_KEYWORD = re.compile(r"(?<![\w:?$.\-])LOAD(?![\w:\-])", re.IGNORECASE)
# Host names that always mean this machine; a DNS-rebinding page reaches us under another name.
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})
# Bind addresses that listen on every interface: no Host can be checked against them.
_WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::", "[::]"})


# Address space of each query worker (bytes): a query of nested CONCAT doublings once took the
# workers to 3.5 GiB in 5 s. 2 GiB holds any store kg reads (its files are mapped, not counted
# in full) and a large result, and several workers stay well under the machine.
DEFAULT_MAX_MEMORY = 2 << 30
# Largest response body (bytes): past it the result is cut to the rows that fit (X-KG-Truncated);
# a 1.2 KB query once returned 200 MiB.
DEFAULT_MAX_BYTES = 64 << 20
# Least worker memory accepted: below about this a worker cannot start the store's threads.
MIN_MAX_MEMORY = 1 << 30


# Origin whose pages may read query answers (Access-Control-Allow-Origin): any, by default, as
# the endpoint is read-only; "" sends no CORS header. Updates never get one.
DEFAULT_CORS = "*"
# An origin: scheme, host and an optional port, nothing after.
_ORIGIN = re.compile(r"https?://[A-Za-z0-9.\-]+(:\d{1,5})?|https?://\[[0-9A-Fa-f:.]+\](:\d{1,5})?")
# How long a browser may keep a preflight's answer (seconds).
PREFLIGHT_MAX_AGE_S = 600
ALLOWED_METHODS = "GET, HEAD, POST, OPTIONS"

# The SPARQL 1.1 Service Description vocabulary and the W3C's IRIs of the formats we write.
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
_FORMAT_IRIS = (
    "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
    "Turtle", "N-Triples", "JSON-LD", "RDF_XML",
)


# Longest query time accepted: a day (``inf`` would let one query hold a worker for ever).
MAX_TIMEOUT_S = 86_400.0


@dataclass(frozen=True)
class ServeOptions:
    """How the endpoint listens and what it allows (see the module docstring for the limits)."""

    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    timeout: float = DEFAULT_TIMEOUT_S
    max_rows: int = DEFAULT_MAX_ROWS
    workers: int = DEFAULT_WORKERS
    allow_update: bool = False
    allow_service: bool = False
    quiet: bool = False
    allow_hosts: tuple[str, ...] = ()
    max_memory: int = DEFAULT_MAX_MEMORY
    max_bytes: int = DEFAULT_MAX_BYTES
    cors: str = DEFAULT_CORS

    def __post_init__(self) -> None:
        if self.cors not in ("", "*") and not _ORIGIN.fullmatch(self.cors):
            raise ServeError(f"CORS origin must be '*', an origin such as https://example.org, or none, not {self.cors!r}")
        if not (0 < self.timeout <= MAX_TIMEOUT_S):  # also refuses nan, which compares false
            raise ServeError(f"timeout must be a number of seconds above 0 and at most {MAX_TIMEOUT_S:g}, not {self.timeout}")
        if self.max_memory and self.max_memory < MIN_MAX_MEMORY:
            raise ServeError(
                f"max memory must be at least {MIN_MAX_MEMORY >> 20} MiB a worker (0: no limit), not {self.max_memory >> 20} MiB"
            )
        if not 0 <= self.port <= 65535:
            raise ServeError(f"port must be 0 (any free port) to 65535, not {self.port}")
        if self.max_rows < 0:
            raise ServeError(f"max rows must be 0 or more, not {self.max_rows}")
        if self.max_bytes < 0:
            raise ServeError(f"max bytes must be 0 (no cap) or more, not {self.max_bytes}")
        if self.workers < 1:
            raise ServeError(f"workers must be 1 or more, not {self.workers}")


@dataclass(frozen=True)
class Response:
    """One HTTP answer: status, content type, body and extra headers (name, value)."""

    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()

    @classmethod
    def text(cls, status: int, message: str) -> Response:
        """A plain-text answer of one line, for errors and notices."""
        return cls(int(status), TEXT_PLAIN, (message.rstrip("\n") + "\n").encode("utf-8"))


@dataclass(frozen=True)
class _QueryJob:
    """What a worker needs to answer one query (picklable: it crosses a pipe)."""

    sparql: str
    accept: str
    max_rows: int
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_bytes: int = 0  # 0: no cap on the body


class _QueryTimeout(Exception):
    """The query ran past the time limit and its worker was killed."""


class _PoolBusy(Exception):
    """No worker became free within the time limit."""


class _WorkerFailed(Exception):
    """A worker died or could not be started."""


# --- pure helpers ----------------------------------------------------------------------------


def _accepted_types(accept: str) -> list[str]:
    """The media types of an ``Accept`` header, best first (by ``q``, then by order); ``q=0`` dropped."""
    ranked = []
    for position, entry in enumerate(accept.split(",")):
        media, *parameters = (part.strip() for part in entry.split(";"))
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranked.append((-quality, position, media.lower()))
    return [media for _quality, _position, media in sorted(ranked)]


def negotiate(accept: str, graph: bool) -> tuple[str, ox.QueryResultsFormat | ox.RdfFormat] | None:
    """The (media type, Oxigraph format) to answer with, given an ``Accept`` header, or ``None``
    when the header names only types we cannot write (the endpoint answers 406 then).

    ``graph`` is true for ``CONSTRUCT``/``DESCRIBE`` (Turtle, N-Triples, JSON-LD,
    RDF/XML) and false for ``SELECT``/``ASK`` (SPARQL JSON, XML, CSV, TSV). A
    missing or empty header, or a wildcard, gives the default (SPARQL JSON or Turtle).

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", graph=False)[0]
    'application/sparql-results+xml'
    >>> negotiate("image/png", graph=False) is None
    True
    """
    table: dict[str, ox.QueryResultsFormat | ox.RdfFormat] = GRAPH_FORMATS if graph else RESULT_FORMATS
    asked = _accepted_types(accept or "")
    for media in asked:
        if media in table:
            return media, table[media]
        if media in WILDCARDS:
            break
    else:
        if asked or (accept or "").strip():
            return None  # only types we cannot write (or all refused with q=0)
    media = next(iter(table))
    return media, table[media]


def not_acceptable(accept: str, graph: bool) -> Response:
    """The 406 answer to an ``Accept`` header naming no type we can write, listing those we can."""
    kind = "CONSTRUCT and DESCRIBE results" if graph else "SELECT and ASK results"
    table = GRAPH_FORMATS if graph else RESULT_FORMATS
    return Response.text(
        HTTPStatus.NOT_ACCEPTABLE, f"cannot write {kind} as {accept.strip()!r}; acceptable: {', '.join(table)}"
    )


def _content_type(rdf_or_results_format: ox.QueryResultsFormat | ox.RdfFormat) -> str:
    media = rdf_or_results_format.media_type
    return media if "charset" in media else f"{media}; charset=utf-8"


def uses_service(sparql: str) -> bool:
    """True when ``sparql`` uses the ``SERVICE`` keyword (a federated query).

    Oxigraph really fetches ``SERVICE`` IRIs over HTTP, which would let anyone
    who can reach the endpoint make the server send requests; the endpoint
    refuses such queries unless told otherwise. Strings, IRIs and comments are
    skipped (:func:`kg.query.code_only`, one linear pass), so ``<https://schema.org/Service>``
    or ``"service"`` do not count.

    >>> uses_service("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    True
    >>> uses_service("SELECT ?service { ?service a schema:Service }")
    False
    """
    return bool(_SERVICE_KEYWORD.search(code_only(sparql)))


def _tsv_term(term) -> str:
    """A term in SPARQL TSV syntax: N-Triples, and a triple term as ``<<( s p o )>>`` (RDF 1.2),
    which ``str`` of a pyoxigraph ``Triple`` does not write."""
    if isinstance(term, ox.Triple):
        return f"<<( {_tsv_term(term.subject)} {_tsv_term(term.predicate)} {_tsv_term(term.object)} )>>"
    return str(term)


def _solutions_tsv(variables: list[str], rows: list[ox.QuerySolution]) -> bytes:
    """Solutions written as W3C SPARQL TSV (terms in N-Triples syntax, empty when unbound)."""
    lines = ["\t".join(f"?{name}" for name in variables)]
    for row in rows:
        lines.append("\t".join("" if row[name] is None else _tsv_term(row[name]) for name in variables))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _within_bytes(serialize: Callable[[int], bytes], count: int, max_bytes: int) -> tuple[bytes, int]:
    """``serialize(n)`` for the largest ``n <= count`` found whose body fits in ``max_bytes``
    (0: no cap), and that ``n``: the first ``n`` rows are kept, in a few tries."""
    body = serialize(count)
    while max_bytes and len(body) > max_bytes and count > 0:
        count = min(count - 1, int(count * max_bytes / len(body) * 0.9))
        body = serialize(count)
    return body, count


def _select_body(
    results: ox.QuerySolutions, fmt: ox.QueryResultsFormat, max_rows: int, max_bytes: int = 0
) -> tuple[bytes, bool]:
    """Serialize at most ``max_rows`` solutions of ``results`` in at most ``max_bytes``; also say
    whether some were cut.

    Oxigraph serializes a whole result set and cannot build one from a list, so
    the first ``max_rows`` solutions are written as TSV (lossless: terms in
    N-Triples syntax), read back with :func:`pyoxigraph.parse_query_results`
    and written in the requested format by Oxigraph's own serializer. Only
    ``max_rows + 1`` solutions are ever computed, as evaluation is lazy.
    """
    variables = [variable.value for variable in results.variables]
    rows = list(islice(results, max_rows + 1))
    kept = rows[:max_rows]

    def serialize(n: int) -> bytes:
        tsv = _solutions_tsv(variables, kept[:n])
        return ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV).serialize(format=fmt)

    body, count = _within_bytes(serialize, len(kept), max_bytes)
    return body, len(rows) > count


def _graph_kwargs(job: _QueryJob) -> dict[str, object]:
    """``Store.query`` arguments for the dataset of ``job``: the union of all graphs by default."""
    kwargs: dict[str, object] = {}
    if job.default_graphs:
        kwargs["default_graph"] = [ox.NamedNode(iri) for iri in job.default_graphs]
    else:
        kwargs["use_default_graph_as_union"] = True
    if job.named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(iri) for iri in job.named_graphs]
    return kwargs


def _answer(store: ox.Store, job: _QueryJob) -> Response:
    """Run ``job`` on ``store`` and serialize its result; errors become 400 or 500 answers."""
    try:
        results = store.query(job.sparql, prefixes=PREFIXES, **_graph_kwargs(job))
    except SyntaxError as error:
        return Response.text(HTTPStatus.BAD_REQUEST, f"invalid SPARQL query: {first_line(error)}")
    except ValueError as error:  # e.g. an invalid default-graph-uri
        return Response.text(HTTPStatus.BAD_REQUEST, f"invalid request: {first_line(error)}")
    except (OSError, RuntimeError) as error:
        return Response.text(HTTPStatus.INTERNAL_SERVER_ERROR, f"query failed: {first_line(error)}")
    truncated = False
    try:
        if isinstance(results, ox.QueryTriples):
            chosen = negotiate(job.accept, graph=True)
            if chosen is None:
                return not_acceptable(job.accept, graph=True)
            rdf_format = chosen[1]
            triples = list(islice(results, job.max_rows + 1))
            kept = triples[: job.max_rows]
            body, count = _within_bytes(
                lambda n: ox.serialize(kept[:n], format=rdf_format, prefixes=PREFIXES), len(kept), job.max_bytes
            )
            truncated = len(triples) > count
            content_type = _content_type(rdf_format)
        else:
            chosen = negotiate(job.accept, graph=False)
            if chosen is None:
                return not_acceptable(job.accept, graph=False)
            results_format = chosen[1]
            if isinstance(results, ox.QueryBoolean):
                body = results.serialize(format=results_format)
            else:
                body, truncated = _select_body(results, results_format, job.max_rows, job.max_bytes)
            content_type = _content_type(results_format)
    except (OSError, ValueError, RuntimeError, SyntaxError) as error:  # evaluation errors surface here
        return Response.text(HTTPStatus.INTERNAL_SERVER_ERROR, f"query failed: {first_line(error)}")
    except MemoryError:  # Oxigraph's result reader holds one value of at most 16 MiB; the worker lives on
        return Response.text(HTTPStatus.INTERNAL_SERVER_ERROR, "query failed: a value of the result is larger than 16 MiB")
    headers = ((TRUNCATED_HEADER, "true"),) if truncated else ()
    return Response(HTTPStatus.OK, content_type, body, headers)


# --- worker processes ------------------------------------------------------------------------


def _worker_main(conn, store_path: str, max_memory: int = 0) -> None:
    """A query worker: open the store read-only, say "ready", then answer jobs until told to stop.

    Ctrl-C reaches every process of the terminal's group; the server, not the
    worker, decides when to stop, so the worker ignores SIGINT. With ``max_memory``
    (bytes) its address space is capped: a query that would take more fails its
    allocation and ends the worker, which the pool replaces (the client gets a 500).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if max_memory:
        resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
    try:
        store = ox.Store.read_only(store_path)
    except OSError as error:
        conn.send(("error", f"cannot open store {store_path}: {first_line(error)}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        conn.send(_answer(store, job))


def _update_main(conn, store_path: str, sparql: str) -> None:
    """Apply one SPARQL update to the store opened for writing, and report a :class:`Response`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        store = ox.Store(store_path)
        store.update(sparql, prefixes=PREFIXES)
        store.flush()
    except SyntaxError as error:
        conn.send(Response.text(HTTPStatus.BAD_REQUEST, f"invalid SPARQL update: {first_line(error)}"))
        return
    except (OSError, ValueError, RuntimeError) as error:
        conn.send(Response.text(HTTPStatus.INTERNAL_SERVER_ERROR, f"update failed: {first_line(error)}"))
        return
    conn.send(Response(HTTPStatus.NO_CONTENT, TEXT_PLAIN, b""))


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, context, store_path: str, max_memory: int = 0) -> None:
        self.conn, child_conn = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child_conn, store_path, max_memory), daemon=True)
        self.process.start()
        child_conn.close()

    def wait_ready(self, timeout: float) -> None:
        """Block until the worker has opened the store; raise :class:`_WorkerFailed` if it cannot."""
        try:
            if not self.conn.poll(timeout):
                raise _WorkerFailed(f"worker did not open the store within {timeout:g} s")
            status, message = self.conn.recv()
        except (EOFError, OSError):
            raise _WorkerFailed("worker exited while opening the store") from None
        if status != "ready":
            raise _WorkerFailed(message)

    def stop(self) -> None:
        """Ask the worker to finish, and kill it if it does not within :data:`WORKER_STOP_GRACE_S`."""
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(WORKER_STOP_GRACE_S)
        self.kill()

    def kill(self) -> None:
        """End the worker at once (SIGKILL: a query inside Oxigraph ignores anything gentler)."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


class _WorkerPool:
    """A fixed number of query workers, handed out one job at a time and replaced when killed."""

    def __init__(self, store_path: Path, size: int, max_memory: int = 0) -> None:
        self._max_memory = max_memory
        # The fork server starts as "python -c ...", which puts the current folder first on its
        # sys.path: a folder named "kg" there (a checkout, a project) would be imported instead
        # of kg. PYTHONSAFEPATH (Python 3.11) keeps it off for the interpreters started from here;
        # it is set for the whole process on purpose, as the fork server starts on first use.
        os.environ["PYTHONSAFEPATH"] = "1"
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload([__name__])
        self._store_path = str(store_path)
        self._size = size
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()  # the last used is the warmest
        self._live: set[_Worker] = set()  # started and not yet killed, idle or busy
        self._in_service = 0  # workers that will come back to the idle queue
        self._closed = False
        self._lock = threading.Lock()

    def _spawn(self) -> _Worker:
        """Start one worker and wait until it has the store open."""
        with self._lock:
            if self._closed:
                raise _WorkerFailed("the server is shutting down")
            worker = _Worker(self._context, self._store_path, self._max_memory)
            self._live.add(worker)
        try:
            worker.wait_ready(WORKER_START_TIMEOUT_S)
        except _WorkerFailed:
            self._discard(worker)
            raise
        return worker

    def _discard(self, worker: _Worker) -> None:
        with self._lock:
            self._live.discard(worker)
        worker.kill()

    def start(self) -> None:
        """Start :attr:`_size` workers and put them in service."""
        for _ in range(self._size):
            worker = self._spawn()
            with self._lock:
                self._in_service += 1
            self._idle.put(worker)

    def run(self, job: _QueryJob, timeout: float) -> Response:
        """Answer ``job`` in a free worker within ``timeout`` seconds (waiting for a worker included)."""
        deadline = time.monotonic() + timeout
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise _PoolBusy from None
        replace = False
        try:
            worker.conn.send(job)
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                replace = True
                raise _QueryTimeout
            return worker.conn.recv()
        except (EOFError, OSError) as error:  # the worker died (out of memory, killed at shutdown)
            replace = True
            raise _WorkerFailed("query worker died: out of memory (--max-memory) or killed") from None
        finally:
            if replace:
                self._discard(worker)
                try:
                    worker = self._spawn()
                except _WorkerFailed:
                    with self._lock:
                        self._in_service -= 1  # the pool shrinks rather than hang a later drain()
                    raise
            self._idle.put(worker)

    def drain(self) -> None:
        """Take every worker out of service, waiting for running queries to end, and stop it."""
        while True:
            with self._lock:
                if self._in_service <= 0:
                    return
            try:
                worker = self._idle.get(timeout=DRAIN_POLL_S)
            except queue.Empty:
                continue  # a busy worker will come back, or its failed replacement leaves service
            with self._lock:
                self._in_service -= 1
                self._live.discard(worker)
            worker.stop()

    def close(self) -> None:
        """Kill every worker now, busy or not (server shutdown); no replacement is started after this."""
        with self._lock:
            self._closed = True
            workers, self._live = list(self._live), set()
        for worker in workers:
            worker.kill()

    def run_update(self, sparql: str, timeout: float) -> Response:
        """Apply an update in a process of its own that opens the store for writing (call after :meth:`drain`)."""
        parent_conn, child_conn = self._context.Pipe()
        process = self._context.Process(
            target=_update_main, args=(child_conn, self._store_path, sparql), daemon=True
        )
        process.start()
        child_conn.close()
        try:
            if not parent_conn.poll(timeout):
                raise _QueryTimeout
            return parent_conn.recv()
        except (EOFError, OSError) as error:
            raise _WorkerFailed(f"update process died: {first_line(error)}") from None
        finally:
            if process.is_alive():
                process.kill()
            process.join()
            parent_conn.close()


# --- the endpoint ----------------------------------------------------------------------------


def load_into_store(source: Path, target: Path) -> Path:
    """Bulk-load an exports folder or RDF file into a new on-disk Oxigraph store at ``target``.

    An exports folder gives its ``graph.trig`` (or another ``graph.*``, see
    :data:`kg.query.FOLDER_FILES`). The store is closed on return, so that
    workers can open it read-only. Raises :class:`~kg.errors.QueryError` with
    one line for a missing, unknown or unparsable source.
    """
    path = rdf_file(Path(source))
    rdf_format = RDF_FORMATS.get(path.suffix.lower())
    if rdf_format is None:
        raise QueryError(
            f"unknown RDF file type {path.suffix or path.name!r}; expected one of: {', '.join(RDF_FORMATS)}"
        )
    try:
        store = ox.Store(str(target))
        store.bulk_load(path=str(path), format=rdf_format)
        regroup_by_document(store)  # a triples-only file: the named queries read document graphs
        store.optimize()  # compacts the bulk-loaded files: read-only readers never compact, and run ~3x slower
        store.flush()
    except SyntaxError as error:
        raise QueryError(f"cannot parse {path}: {first_line(error)}") from None
    except (OSError, ValueError) as error:
        raise QueryError(f"cannot read {path}: {first_line(error)}") from None
    del store  # closes it: readers must not share the folder with an open writer
    return target


def _remove_stale_scratch() -> None:
    """Delete the store copies that servers killed with SIGKILL left in the temporary folder
    (``kg-serve-<pid>-*`` of a process that is gone); a live server's copy is left alone."""
    for path in Path(tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}*"):
        if path.is_dir() and is_stale(path.name, SCRATCH_PREFIX):
            shutil.rmtree(path, ignore_errors=True)


class SparqlEndpoint:
    """The query engine behind the HTTP server: a prepared store and its pool of workers.

    Use as a context manager, which starts the workers and, on exit, stops them
    and deletes any temporary store::

        with SparqlEndpoint(Path("exports"), ServeOptions(timeout=5)) as endpoint:
            response = endpoint.query("SELECT * { ?s ?p ?o } LIMIT 1", accept="text/csv")
    """

    def __init__(self, source: Path, options: ServeOptions) -> None:
        self.source = Path(source)
        self.options = options
        self._scratch: Path | None = None
        self._pool: _WorkerPool | None = None
        self._update_lock = threading.Lock()

    def __enter__(self) -> SparqlEndpoint:
        try:
            if is_store(self.source):
                open_read_only(self.source)  # a clear error now rather than one from every worker
                store_path = self.source
            else:
                _remove_stale_scratch()
                self._scratch = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-"))
                store_path = load_into_store(self.source, self._scratch / "store")
            self._pool = _WorkerPool(store_path, self.options.workers, self.options.max_memory)
            try:
                self._pool.start()
            except _WorkerFailed as error:
                raise ServeError(f"cannot start query workers: {error}") from None
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Kill the workers and delete the temporary store, if any (safe to call twice)."""
        if self._pool is not None:
            self._pool.close()
            self._pool = None
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    def _refusal(self, sparql: str, *, update: bool = False) -> Response | None:
        if not sparql.strip():
            return Response.text(HTTPStatus.BAD_REQUEST, "empty query: give a SPARQL query in 'query'")
        code = code_only(sparql)  # read once for every check below
        refusal = shape_refusal(code)  # the parser would kill the worker
        if refusal is not None:
            return Response.text(HTTPStatus.BAD_REQUEST, refusal)
        if not self.options.allow_service and _SERVICE_KEYWORD.search(code):
            return Response.text(
                HTTPStatus.FORBIDDEN, "federated queries (SERVICE) are disabled; start kg serve with --allow-service"
            )
        if update and not self.options.allow_service and _LOAD_KEYWORD.search(code):
            return Response.text(
                HTTPStatus.FORBIDDEN, "LOAD fetches a URL and is disabled; start kg serve with --allow-service"
            )
        return None

    def query(
        self,
        sparql: str,
        accept: str = "",
        default_graphs: tuple[str, ...] = (),
        named_graphs: tuple[str, ...] = (),
    ) -> Response:
        """Answer a SPARQL query in a worker, within the time limit, as the ``Accept`` header asks."""
        if self._pool is None:
            raise RuntimeError("the endpoint is not started; use it as a context manager")
        refusal = self._refusal(sparql)
        if refusal is not None:
            return refusal
        job = _QueryJob(sparql, accept, self.options.max_rows, default_graphs, named_graphs, self.options.max_bytes)
        try:
            return self._pool.run(job, self.options.timeout)
        except _QueryTimeout:
            return Response.text(
                TIMEOUT_STATUS, f"query stopped: it ran longer than the time limit of {self.options.timeout:g} s"
            )
        except _PoolBusy:
            return Response.text(
                TIMEOUT_STATUS,
                f"server busy: no query worker became free within {self.options.timeout:g} s; try again",
            )
        except _WorkerFailed as error:
            return Response.text(HTTPStatus.INTERNAL_SERVER_ERROR, str(error))

    def update(self, sparql: str) -> Response:
        """Apply a SPARQL update if updates are allowed (403 otherwise); see the module docstring."""
        if self._pool is None:
            raise RuntimeError("the endpoint is not started; use it as a context manager")
        if not self.options.allow_update:
            return Response.text(
                HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL Update needs kg serve --allow-update"
            )
        refusal = self._refusal(sparql, update=True)
        if refusal is not None:
            return refusal
        with self._update_lock:
            self._pool.drain()
            try:
                return self._pool.run_update(sparql, self.options.timeout)
            except _QueryTimeout:
                return Response.text(
                    TIMEOUT_STATUS,
                    f"update stopped: it ran longer than the time limit of {self.options.timeout:g} s",
                )
            except _WorkerFailed as error:
                return Response.text(HTTPStatus.INTERNAL_SERVER_ERROR, str(error))
            finally:
                self._pool.start()


def service_description(url: str, options: ServeOptions, accept: str = "") -> Response:
    """The SPARQL 1.1 Service Description of the endpoint at ``url``, in the RDF format ``accept``
    asks for (Turtle by default; 406 for none we write): what it answers (SPARQL 1.1 Query, and
    Update when allowed), in which result formats, and that its default graph is the union of
    the named graphs (one per document)."""
    chosen = negotiate(accept, graph=True)
    if chosen is None:
        return not_acceptable(accept, graph=True)
    endpoint, rdf_type, sd = ox.NamedNode(url), ox.NamedNode(str(PREFIXES["rdf"]) + "type"), lambda n: ox.NamedNode(SD + n)
    dataset, default_graph = ox.BlankNode("dataset"), ox.BlankNode("defaultGraph")
    triples = [
        ox.Triple(endpoint, rdf_type, sd("Service")),
        ox.Triple(endpoint, sd("endpoint"), endpoint),
        ox.Triple(endpoint, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(endpoint, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(endpoint, sd("defaultEntailmentRegime"), ox.NamedNode("http://www.w3.org/ns/entailment/Simple")),
        ox.Triple(endpoint, sd("defaultDataset"), dataset),
        ox.Triple(dataset, rdf_type, sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), default_graph),
        ox.Triple(default_graph, rdf_type, sd("Graph")),
        *(ox.Triple(endpoint, sd("resultFormat"), ox.NamedNode(FORMATS + name)) for name in _FORMAT_IRIS),
    ]
    if options.allow_update:
        triples.append(ox.Triple(endpoint, sd("supportedLanguage"), sd("SPARQL11Update")))
    if options.allow_service:
        triples.append(ox.Triple(endpoint, sd("feature"), sd("BasicFederatedQuery")))
    body = ox.serialize(triples, format=chosen[1], prefixes={"sd": SD, "format": FORMATS})
    return Response(HTTPStatus.OK, _content_type(chosen[1]), body)


# --- HTTP ------------------------------------------------------------------------------------


class _SparqlHandler(BaseHTTPRequestHandler):
    """SPARQL 1.1 Protocol over :class:`SparqlEndpoint` (set on a subclass by :func:`make_server`)."""

    endpoint: SparqlEndpoint
    quiet = False
    protocol_version = "HTTP/1.1"  # keep-alive: every answer carries Content-Length
    timeout = SOCKET_TIMEOUT_S
    server_version = "kg-serve"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        if not self.quiet:
            super().log_message(format, *args)

    # Per request: whether the answer is a query's (CORS and Vary: Accept) or not (pages, updates).
    _query_answer = False

    def _send(self, response: Response) -> None:
        self.send_response(response.status)
        if response.status != HTTPStatus.NO_CONTENT:  # a 204 has neither body nor its headers
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
        for name, value in (*response.headers, *self._shared_headers()):
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD" and response.status != HTTPStatus.NO_CONTENT:
            self.wfile.write(response.body)

    def _shared_headers(self) -> list[tuple[str, str]]:
        """Headers of every answer to a query (not to an update or a page): ``Vary: Accept``, as the
        format follows the ``Accept`` header, and CORS's, so that pages of other sites may read it."""
        if not self._query_answer:
            return []
        origin = self.endpoint.options.cors
        if not origin:
            return [("Vary", "Accept")]
        return [
            ("Vary", "Accept" if origin == "*" else "Accept, Origin"),
            ("Access-Control-Allow-Origin", origin),
            ("Access-Control-Expose-Headers", TRUNCATED_HEADER),
        ]

    def _error(self, status: int, message: str) -> None:
        self._send(Response.text(status, message))

    def _host_refused(self) -> bool:
        """Answer 403 (and say so) when the ``Host`` header names another server than this one.

        A web page whose name is re-pointed at 127.0.0.1 (DNS rebinding) reaches the endpoint
        with its own name as ``Host``; only this machine's names, the bound address and
        ``--allow-host`` names are answered. An endpoint bound to every interface checks nothing.
        """
        bound, port = self.server.server_address[:2]
        allowed = self.endpoint.options.allow_hosts
        host_header = (self.headers.get("Host") or "").strip().lower()
        if not host_header or bound in _WILDCARD_HOSTS:
            return False
        if host_header.startswith("["):  # an IPv6 address: "[::1]:7878"
            name, _, rest = host_header.partition("]")
            name, given_port = name + "]", rest.removeprefix(":")
        else:
            name, _, given_port = host_header.partition(":")
        names = LOCAL_HOSTS | {str(bound).lower(), f"[{str(bound).lower()}]"} | {h.lower() for h in allowed}
        if name in names and given_port in ("", str(port)):
            return False
        self._error(HTTPStatus.FORBIDDEN, f"unknown Host {host_header!r}; start kg serve with --allow-host to answer it")
        return True

    def _cross_origin(self) -> bool:
        """True for a request a browser sent from another site's page (the CSRF of a form POST)."""
        if (self.headers.get("Sec-Fetch-Site") or "").lower() == "cross-site":
            return True
        origin = (self.headers.get("Origin") or "").strip().lower()
        if not origin or origin == "null":
            return bool(origin)  # "null": a sandboxed or file: page
        return urlsplit(origin).netloc != (self.headers.get("Host") or "").strip().lower()

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._query_answer = False
        if self._host_refused():
            return
        url = urlsplit(self.path)
        if url.path in PAGE_PATHS:
            self._send(Response(HTTPStatus.OK, "text/html; charset=utf-8", QUERY_PAGE.encode("utf-8")))
            return
        if url.path != SPARQL_PATH:
            self._error(HTTPStatus.NOT_FOUND, f"not found: {url.path}; the SPARQL endpoint is {SPARQL_PATH}")
            return
        self._query_answer = True
        params = self._params(url.query)
        if params is None:
            return
        if "update" in params:
            self._query_answer = False
            self._error(HTTPStatus.BAD_REQUEST, "SPARQL Update must be sent with POST, not GET")
            return
        if not params:  # the endpoint's own URL: SPARQL 1.1 Service Description says what it is
            self._send(service_description(self._endpoint_url(), self.endpoint.options, self.headers.get("Accept") or ""))
            return
        self._dispatch(params, kind="query")

    def do_OPTIONS(self) -> None:  # noqa: N802
        """What a path allows; on the endpoint, the answer to a browser's CORS preflight."""
        self._query_answer = False
        if self._host_refused():
            return
        path = urlsplit(self.path).path
        if path not in (SPARQL_PATH, *PAGE_PATHS) and self.path != "*":
            self._error(HTTPStatus.NOT_FOUND, f"not found: {path}; the SPARQL endpoint is {SPARQL_PATH}")
            return
        headers = [("Allow", ALLOWED_METHODS)]
        origin = self.endpoint.options.cors
        if path == SPARQL_PATH and origin:
            headers += [
                ("Access-Control-Allow-Origin", origin),
                ("Access-Control-Allow-Methods", ALLOWED_METHODS),
                ("Access-Control-Allow-Headers", "Accept, Content-Type"),
                ("Access-Control-Max-Age", str(PREFLIGHT_MAX_AGE_S)),
            ]
            if origin != "*":
                headers.append(("Vary", "Origin"))
        self._send(Response(HTTPStatus.NO_CONTENT, TEXT_PLAIN, b"", tuple(headers)))

    def _endpoint_url(self) -> str:
        """This endpoint's URL as the client reached it (the Host it sent, already checked), or
        the bound address where that Host makes no IRI."""
        bound, port = self.server.server_address[:2]
        host = (self.headers.get("Host") or "").strip()
        for candidate in (host, f"[{bound}]:{port}" if ":" in str(bound) else f"{bound}:{port}"):
            url = f"http://{candidate}{SPARQL_PATH}"
            if candidate and _ORIGIN.fullmatch(f"http://{candidate}"):
                return url
        return f"http://127.0.0.1:{port}{SPARQL_PATH}"

    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET()

    def do_POST(self) -> None:  # noqa: N802
        self._query_answer = False
        if self._host_refused():
            return
        url = urlsplit(self.path)
        if url.path != SPARQL_PATH:
            self._error(HTTPStatus.NOT_FOUND, f"not found: {url.path}; the SPARQL endpoint is {SPARQL_PATH}")
            return
        # a query's answer until the request turns out to be an update
        self._query_answer = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower() != UPDATE_TYPE
        body = self._body()
        if body is None:
            return
        params = self._params(url.query)
        if params is None:
            return
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type == FORM_TYPE:
            form = self._params(self._decode(body))
            if form is None:
                return
            for name, values in form.items():
                params.setdefault(name, []).extend(values)
            self._dispatch(params, kind="update" if "update" in params else "query")
        elif content_type in (QUERY_TYPE, UPDATE_TYPE):
            text = self._decode(body)
            if text is None:
                return
            kind = "query" if content_type == QUERY_TYPE else "update"
            params[kind] = [text]
            self._dispatch(params, kind=kind)
        else:
            self._error(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                f"unsupported content type {content_type or '(none)'!r}; "
                f"expected one of: {FORM_TYPE}, {QUERY_TYPE}, {UPDATE_TYPE}",
            )

    def _length_refusal(self) -> Response | None:
        """The answer for a body we will not read (chunked, bad or too large length), or ``None``."""
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            return Response.text(
                HTTPStatus.LENGTH_REQUIRED, "chunked request bodies are not supported; send Content-Length"
            )
        length_text = self.headers.get("Content-Length") or "0"
        try:
            length = int(length_text)
        except ValueError:
            length = -1
        if length < 0:
            return Response.text(HTTPStatus.BAD_REQUEST, f"invalid Content-Length {length_text!r}")
        if length > MAX_BODY_BYTES:
            return Response.text(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                f"request body of {length} bytes is over the limit of {MAX_BODY_BYTES} bytes",
            )
        return None

    def handle_expect_100(self) -> bool:
        """Refuse a too large body before the client sends it (``Expect: 100-continue``)."""
        refusal = self._length_refusal()
        if refusal is not None:
            self.close_connection = True
            self._send(refusal)
            return False
        return super().handle_expect_100()

    def _body(self) -> bytes | None:
        """The request body, or ``None`` after answering 400/411/413 for one we will not read."""
        refusal = self._length_refusal()
        if refusal is not None:
            self.close_connection = True  # the unread body must not be taken for the next request
            self._send(refusal)
            return None
        return self.rfile.read(int(self.headers.get("Content-Length") or "0"))

    def _decode(self, body: bytes) -> str | None:
        """``body`` as text, or ``None`` after answering 400 when it is not UTF-8."""
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            self._error(HTTPStatus.BAD_REQUEST, "request body is not UTF-8")
            return None

    def _params(self, text: str | None) -> dict[str, list[str]] | None:
        """Decoded URL or form parameters, or ``None`` after answering 400 when they are malformed."""
        if text is None:
            return None
        try:
            return parse_qs(text, keep_blank_values=True, errors="strict")
        except (ValueError, UnicodeDecodeError) as error:
            self._error(HTTPStatus.BAD_REQUEST, f"malformed parameters: {first_line(error)}")
            return None

    def _dispatch(self, params: dict[str, list[str]], kind: str) -> None:
        """Check the protocol parameters and send the endpoint's answer."""
        if "query" in params and "update" in params:
            self._error(HTTPStatus.BAD_REQUEST, "give either 'query' or 'update', not both")
            return
        texts = params.get(kind, [])
        if not texts:
            self._error(HTTPStatus.BAD_REQUEST, f"missing '{kind}' parameter: give a SPARQL {kind} to run")
            return
        if len(texts) > 1:
            self._error(HTTPStatus.BAD_REQUEST, f"more than one '{kind}' parameter; give exactly one")
            return
        if kind == "update":
            self._query_answer = False  # never readable by another site's page
            if self._cross_origin():
                self._error(HTTPStatus.FORBIDDEN, "SPARQL Update from another site's page is refused")
                return
            self._send(self.endpoint.update(texts[0]))
            return
        self._send(
            self.endpoint.query(
                texts[0],
                accept=self.headers.get("Accept") or "",
                default_graphs=tuple(params.get("default-graph-uri", ())),
                named_graphs=tuple(params.get("named-graph-uri", ())),
            )
        )


def make_server(endpoint: SparqlEndpoint, options: ServeOptions) -> ThreadingHTTPServer:
    """A threading HTTP server for ``endpoint`` bound to ``options.host:options.port`` (port 0: any free one)."""
    handler = type("SparqlHandler", (_SparqlHandler,), {"endpoint": endpoint, "quiet": options.quiet})
    try:
        server = ThreadingHTTPServer((options.host, options.port), handler)
    except OSError as error:
        reason = error.strerror or str(error)
        raise ServeError(f"cannot listen on {options.host}:{options.port}: {reason}") from None
    server.daemon_threads = True
    return server


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM handler: stop like Ctrl-C does, so that the temporary store is removed."""
    raise KeyboardInterrupt


def serve(source: Path, options: ServeOptions, on_ready: Callable[[str], None] | None = None) -> None:
    """Serve ``source`` until Ctrl-C or SIGTERM; ``on_ready`` gets the endpoint's URL once it listens.

    Raises :class:`KeyboardInterrupt` after a clean shutdown (workers stopped,
    temporary store deleted), and :class:`~kg.errors.KGError` for a bad source
    or address.
    """
    endpoint = SparqlEndpoint(source, options)
    # Bind first, so that a taken port fails before the workers start.
    with make_server(endpoint, options) as server, endpoint:
        host, port = server.server_address[:2]
        shown_host = f"[{host}]" if ":" in str(host) else host
        if on_ready is not None:
            on_ready(f"http://{shown_host}:{port}{SPARQL_PATH}")
        in_main_thread = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGTERM, _interrupt) if in_main_thread else None
        try:
            server.serve_forever()
        finally:
            if in_main_thread:
                signal.signal(signal.SIGTERM, previous)


# A query page that works offline: no external scripts, styles or fonts.
QUERY_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>kg SPARQL</title>
<style>
body { font-family: sans-serif; margin: 1.5em; }
textarea { width: 100%; height: 12em; font-family: monospace; }
table { border-collapse: collapse; margin-top: 1em; }
td, th { border: 1px solid #bbb; padding: 0.2em 0.5em; text-align: left; font-size: 90%; }
#status { margin-top: 0.8em; color: #555; }
.error { color: #b00; white-space: pre-wrap; }
</style>
</head>
<body>
<h1>kg SPARQL</h1>
<p>Prefixes <code>kg: schema: rdf: rdfs: skos: prov: dcterms: xsd: owl:</code> are predefined;
the default graph is the union of all graphs.</p>
<form id="form">
<textarea id="query" name="query">SELECT ?entity ?label ?type WHERE {
  ?entity a ?type ; rdfs:label ?label .
} LIMIT 50</textarea>
<br><button type="submit">Run query</button>
</form>
<div id="status"></div>
<div id="result"></div>
<script>
"use strict";
function show(text, isError) {
  const result = document.getElementById("result");
  result.textContent = "";
  const block = document.createElement("pre");
  if (isError) block.className = "error";
  block.textContent = text;
  result.appendChild(block);
}
function cell(term) {
  if (!term) return "";
  if (term.type === "bnode") return "_:" + term.value;
  if (term["xml:lang"]) return term.value + "@" + term["xml:lang"];
  return term.value;
}
function table(data) {
  const result = document.getElementById("result");
  result.textContent = "";
  const vars = data.head.vars;
  const table = document.createElement("table");
  const head = table.insertRow();
  for (const name of vars) {
    const th = document.createElement("th");
    th.textContent = name;
    head.appendChild(th);
  }
  for (const binding of data.results.bindings) {
    const row = table.insertRow();
    for (const name of vars) row.insertCell().textContent = cell(binding[name]);
  }
  result.appendChild(table);
}
document.getElementById("form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const status = document.getElementById("status");
  const query = document.getElementById("query").value;
  status.textContent = "running...";
  const started = performance.now();
  try {
    // POSTed as a form, so a query of any length fits (a GET URL stops at about 64 KB: 414)
    const response = await fetch("sparql", {
      method: "POST",
      headers: { "Accept": "application/sparql-results+json, text/turtle;q=0.9" },
      body: new URLSearchParams({ query: query }),
    });
    const text = await response.text();
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const truncated = response.headers.get("X-KG-Truncated") ? " (truncated)" : "";
    if (!response.ok) {
      status.textContent = response.status + " " + response.statusText + " after " + seconds + " s";
      show(text, true);
      return;
    }
    const type = response.headers.get("Content-Type") || "";
    if (type.includes("json")) {
      const data = JSON.parse(text);
      if ("boolean" in data) {
        show(String(data.boolean), false);
        status.textContent = "answer in " + seconds + " s";
      } else {
        table(data);
        status.textContent = data.results.bindings.length + " row(s) in " + seconds + " s" + truncated;
      }
    } else {
      show(text, false);
      status.textContent = "graph in " + seconds + " s" + truncated;
    }
  } catch (error) {
    status.textContent = "request failed";
    show(String(error), true);
  }
});
</script>
</body>
</html>
"""
