"""SPARQL over exported files, with Oxigraph as the engine.

:func:`run_query` loads an exports folder (its ``graph.trig``, or failing that
another ``graph.*`` RDF file) or a single RDF file into an in-memory
:class:`pyoxigraph.Store` and runs the query with the default graph as the
union of all graphs, so a query without ``GRAPH`` sees every document's
statements as well as the entity descriptions.

The result is materialised in a :class:`QueryResult` (the store is gone after
the call) and :func:`format_result` renders it as an aligned ``table`` for
people or as the W3C ``csv``, ``tsv`` and ``json`` result formats for
programs. ``ASK`` gives ``true``/``false``; ``CONSTRUCT`` and ``DESCRIBE`` give
Turtle whatever the format.

>>> result = run_query(Path("exports"), "SELECT ?s WHERE { ?s a schema:Country }")  # doctest: +SKIP
>>> print(format_result(result, "table"))                                            # doctest: +SKIP
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal as TypingLiteral

import pyoxigraph as ox

from kg.errors import QueryError
from kg.graph.namespaces import PREFIXES

__all__ = [
    "QueryResult",
    "NamedQuery",
    "run_query",
    "query_store",
    "bracket_depth",
    "check_nesting",
    "code_only",
    "nesting_depth",
    "MAX_NESTING",
    "MAX_CLAUSES",
    "shape_refusal",
    "named_queries",
    "named_query",
    "parse_params",
    "sparql_string",
    "read_query",
    "rdf_file",
    "first_line",
    "load_store",
    "regroup_by_document",
    "format_result",
    "QUERY_FORMATS",
    "RDF_FORMATS",
    "FOLDER_FILES",
]

# RDF file suffix → Oxigraph parser.
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
}
# Files looked for in an exports folder, best first: TriG keeps the per-document graphs.
FOLDER_FILES = ("graph.trig", "graph.nq", "graph.nt", "graph.ttl", "graph.jsonld")
# Puts back the graph of each document that a triples-only export (Turtle, N-Triples,
# our JSON-LD, RDF/XML) merged into one: its description, its statements and the direct
# triples of its plain facts, found from each statement's prov:wasDerivedFrom. The named
# queries read documents' graphs (GRAPH ?graph), as in graph.trig and in a store.
REGROUP_BY_DOCUMENT = """
INSERT { GRAPH ?document { ?document ?p ?o } } WHERE { ?document a kg:Document ; ?p ?o } ;
INSERT { GRAPH ?document { ?s ?p ?o } } WHERE { ?s a rdf:Statement ; prov:wasDerivedFrom ?document ; ?p ?o } ;
INSERT { GRAPH ?document { ?subject ?relation ?object } } WHERE {
  ?s a rdf:Statement ; prov:wasDerivedFrom ?document ;
     rdf:subject ?subject ; rdf:predicate ?relation ; rdf:object ?object ; kg:negated false .
  FILTER NOT EXISTS { ?s kg:modality ?modality }
  FILTER NOT EXISTS { ?s kg:condition ?condition }
} ;
DELETE { ?s ?p ?o } WHERE { GRAPH ?document { ?s ?p ?o } }
"""
# Output formats of :func:`format_result`.
QUERY_FORMATS = ("table", "csv", "tsv", "json")
# Suffixes that mark a QUERY argument as a file rather than query text.
QUERY_FILE_SUFFIXES = (".rq", ".sparql")

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
# Longest error detail quoted in a QueryError message.
MAX_MESSAGE_CHARS = 160
# Column separator of the plain-text table.
TABLE_GAP = "  "

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass(frozen=True)
class QueryResult:
    """The materialised answer to one query.

    ``kind`` is ``"select"`` (``variables`` and ``rows``, ``None`` for
    unbound), ``"ask"`` (``boolean``) or ``"graph"`` (``triples`` from
    ``CONSTRUCT``/``DESCRIBE``).
    """

    kind: TypingLiteral["select", "ask", "graph"]
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = field(default=())


def first_line(error: BaseException) -> str:
    """The error's message on one line, cut to :data:`MAX_MESSAGE_CHARS` (parser messages can list
    whole character classes)."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= MAX_MESSAGE_CHARS else text[: MAX_MESSAGE_CHARS - 1] + "…"


def read_query(argument: str) -> str:
    """The SPARQL text of a QUERY argument: the contents of a ``.rq``/``.sparql`` file, or the text itself.

    An argument naming an existing file is read whatever its suffix; one ending
    in ``.rq`` that does not exist is an error rather than a (certainly invalid)
    query; ``-`` reads the query from standard input.
    """
    if argument == "-":
        from .sources import read_stdin

        try:
            return read_stdin().decode("utf-8")
        except UnicodeDecodeError as error:
            raise QueryError(f"the query on standard input is not UTF-8: {first_line(error)}") from None
    path = Path(argument)
    looks_like_file = argument.strip().lower().endswith(QUERY_FILE_SUFFIXES)
    try:
        is_file = "\n" not in argument and path.is_file()
    except OSError:  # e.g. a long query text is no valid file name
        is_file = False
    if is_file:
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise QueryError(f"cannot read query file {path}: {first_line(error)}") from error
    if looks_like_file:
        raise QueryError(f"query file not found: {path}")
    return argument


def rdf_file(source: Path) -> Path:
    """The RDF file to load for ``source``: the file itself, or the best ``graph.*`` in a folder."""
    if source.is_dir():
        for name in FOLDER_FILES:
            if (source / name).is_file():
                return source / name
        raise QueryError(
            f"no RDF export in folder {source}; expected one of: {', '.join(FOLDER_FILES)}"
        )
    if not source.exists():
        raise QueryError(f"query source not found: {source}")
    return source


def load_store(source: Path) -> ox.Store:
    """An Oxigraph store holding the RDF of ``source``: a kg store folder (opened read-only),
    or an exports folder or RDF file (loaded into memory).

    The format is taken from the file suffix (see :data:`RDF_FORMATS`). A file
    without named graphs gets each document's graph back from the statements'
    provenance (:data:`REGROUP_BY_DOCUMENT`), so the named queries read any
    export alike.
    """
    from kg.graph.store import is_store, open_read_only

    if is_store(source):
        return open_read_only(source)
    path = rdf_file(Path(source))
    rdf_format = RDF_FORMATS.get(path.suffix.lower())
    if rdf_format is None:
        raise QueryError(
            f"unknown RDF file type {path.suffix or path.name!r}; "
            f"expected one of: {', '.join(RDF_FORMATS)}"
        )
    store = ox.Store()
    try:
        store.load(path=str(path), format=rdf_format)
    except SyntaxError as error:
        raise QueryError(f"cannot parse {path}: {first_line(error)}") from error
    except (OSError, ValueError) as error:
        raise QueryError(f"cannot read {path}: {first_line(error)}") from error
    regroup_by_document(store)
    return store


def regroup_by_document(store: ox.Store) -> None:
    """Give each document its graph back in a store loaded from a triples-only export.

    Does nothing to a store that has named graphs. See :data:`REGROUP_BY_DOCUMENT`.
    """
    if next(iter(store.named_graphs()), None) is None:
        store.update(REGROUP_BY_DOCUMENT, prefixes=PREFIXES)


def run_query(source: Path, sparql: str) -> QueryResult:
    """Run the SPARQL query ``sparql`` over ``source`` (store, exports folder or RDF file).

    Our prefixes (``kg:``, ``schema:``, ``rdfs:``, ``skos:``, ``prov:``,
    ``dcterms:``, ``rdf:``, ``xsd:``, ``owl:``) are predeclared, so queries may use them
    without ``PREFIX`` lines. Raises :class:`~kg.errors.QueryError` for a
    missing or unreadable source and for an invalid query.
    """
    return query_store(load_store(source), sparql)


# Deepest nesting of { ( [ a query may have. Oxigraph's parser recurses once a level and
# crashes the process (a segmentation fault, no message) somewhere past 1,000; real queries
# nest a few levels.
MAX_NESTING = 256
_OPENING, _CLOSING = frozenset("{(["), frozenset("})]")
_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")  # SPARQL's IRIREF: a run stops at the first "<", so the scan stays linear
# What ends a comment, and a short string, for SPARQL's grammar and Oxigraph: a line feed or a carriage return.
_LINE_END = re.compile(r"[\r\n]")


def code_only(sparql: str) -> str:
    """``sparql`` with its strings, IRIs and comments blanked out, in one linear pass.

    What is left is what the parser reads as keywords, names and brackets, so a
    check on it cannot be fooled by ``"SERVICE"`` in a string or ``{`` in an IRI.
    Outside strings a backslash escapes the next character: ``ex:a\\#b`` is one
    prefixed name, and its ``#`` opens no comment (it once hid a SERVICE after it).
    A comment and a short string end at a carriage return as at a line feed: read
    to the next line feed, ``# x\\rSERVICE <...>`` once hid a SERVICE that Oxigraph ran.
    """
    out: list[str] = []
    i, n = 0, len(sparql)
    while i < n:
        ch = sparql[i]
        start = i
        if ch == "\\":
            i += 2
            out.append(sparql[start:i])
            continue
        if ch == "<" and (iri := _IRI.match(sparql, i)):
            i = iri.end()
        elif ch == "#":  # a comment runs to the end of the line
            end = _LINE_END.search(sparql, i)
            i = n if end is None else end.start()
        elif ch in "'\"":
            quote = sparql[i : i + 3] if sparql[i : i + 3] in ("'''", '"""') else ch
            i += len(quote)
            while i < n and not sparql.startswith(quote, i) and not (len(quote) == 1 and sparql[i] in "\r\n"):
                i += 2 if sparql[i] == "\\" else 1  # an escape hides the next character
            i = min(n, i + (len(quote) if sparql.startswith(quote, i) else 0))
        else:
            i += 1
            out.append(ch)
            continue
        out.append(" " * (i - start))
    return "".join(out)


def nesting_depth(sparql: str) -> int:
    """The deepest nesting of brackets in ``sparql``, outside strings, IRIs and comments."""
    return bracket_depth(code_only(sparql))


def bracket_depth(code: str) -> int:
    """The deepest nesting of brackets in ``code`` (a query read by :func:`code_only`)."""
    depth = deepest = 0
    for ch in code:
        if ch in _OPENING:
            depth += 1
            deepest = max(deepest, depth)
        elif ch in _CLOSING:
            depth = max(0, depth - 1)
    return deepest


# Most clauses and operators a query may chain. Oxigraph's parser also recurses along a flat
# chain: about 3,000 MINUS or BIND clauses, or 10,000 "&&", UNION or triple patterns, crash the
# process (a segmentation fault); real queries chain tens.
MAX_CLAUSES = 1_000
_CLAUSE = re.compile(r"(?i)\b(?:MINUS|BIND|UNION|OPTIONAL|FILTER|GRAPH|SERVICE|VALUES)\b|&&|\|\||[.;,+*/|^]")


def shape_refusal(code: str) -> str | None:
    """Why a query (read by :func:`code_only`) is refused before it is parsed, or None: nested
    deeper than :data:`MAX_NESTING`, or chaining more than :data:`MAX_CLAUSES` clauses and operators."""
    if bracket_depth(code) > MAX_NESTING:
        return f"query nests brackets deeper than {MAX_NESTING} levels; refused"
    if sum(1 for _ in _CLAUSE.finditer(code)) > MAX_CLAUSES:
        return f"query chains more than {MAX_CLAUSES:,} clauses and operators; refused"
    return None


def check_nesting(sparql: str) -> None:
    """Raise :class:`~kg.errors.QueryError` for a query the parser cannot take (:func:`shape_refusal`)."""
    refusal = shape_refusal(code_only(sparql))
    if refusal is not None:
        raise QueryError(refusal)


def query_store(store: ox.Store, sparql: str) -> QueryResult:
    """Run ``sparql`` on an open Oxigraph store, the default graph being the union of all graphs."""
    check_nesting(sparql)
    try:
        answer = store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
    except SyntaxError as error:
        raise QueryError(f"invalid SPARQL query: {first_line(error)}") from error
    except (OSError, ValueError) as error:
        raise QueryError(f"query failed: {first_line(error)}") from error
    try:
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult(kind="ask", boolean=bool(answer))
        if isinstance(answer, ox.QueryTriples):
            return QueryResult(kind="graph", triples=tuple(answer))
        variables = tuple(variable.value for variable in answer.variables)
        rows = tuple(tuple(solution[name] for name in variables) for solution in answer)
    except (OSError, ValueError) as error:  # evaluation errors surface while iterating
        raise QueryError(f"query failed: {first_line(error)}") from error
    return QueryResult(kind="select", variables=variables, rows=rows)


# --- named queries ---------------------------------------------------------------------------

# Folder of the queries shipped with kg; each starts with "# name:", "# description:" and
# "# param: NAME text" comment lines, and writes parameters as $NAME.
NAMED_QUERIES_DIR = Path(__file__).parent / "data" / "queries"


# A parameter in a named query's text: "$" and a whole name ("$a" is not in "$ab").
_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True)
class NamedQuery:
    """A query shipped with kg: its name, what it answers, its parameters and its text."""

    name: str
    description: str
    params: tuple[tuple[str, str], ...]
    text: str

    def render(self, values: Mapping[str, str]) -> str:
        """The query with each ``$param`` replaced by ``values[param]`` as a SPARQL string literal."""
        missing = [name for name, _ in self.params if name not in values]
        if missing:
            raise QueryError(
                f"query {self.name!r} needs --param {missing[0]}=VALUE ({dict(self.params)[missing[0]]})"
            )
        unknown = sorted(set(values) - {name for name, _ in self.params})
        if unknown:
            raise QueryError(f"query {self.name!r} has no parameter {unknown[0]!r}")
        # One pass over the query's own text: a value is never read again, so a value holding
        # "$b" or "} SERVICE <...> {" stays inside its string literal.
        literals = {name: sparql_string(values[name]) for name, _ in self.params}
        return _PARAMETER.sub(lambda m: literals.get(m.group(1), m.group(0)), self.text)


def sparql_string(value: str) -> str:
    """``value`` as a SPARQL string literal, quotes, backslashes and line breaks escaped."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def named_queries() -> dict[str, NamedQuery]:
    """The queries shipped in ``kg/data/queries``, by name."""
    queries = {}
    for path in sorted(NAMED_QUERIES_DIR.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        fields: dict[str, str] = {}
        params = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            key, _, value = line.lstrip("# ").partition(":")
            if key == "param":
                name, _, about = value.strip().partition(" ")
                params.append((name, about.strip()))
            else:
                fields[key.strip()] = value.strip()
        name = fields.get("name", path.stem)
        queries[name] = NamedQuery(name, fields.get("description", ""), tuple(params), text)
    return queries


def named_query(name: str) -> NamedQuery:
    """The shipped query called ``name``; the error lists the valid names."""
    queries = named_queries()
    if name not in queries:
        raise QueryError(f"unknown query name {name!r}; expected one of: {', '.join(queries)}")
    return queries[name]


def parse_params(pairs: Sequence[str]) -> dict[str, str]:
    """``["entity=France"]`` → ``{"entity": "France"}``; a pair without "=" is an error."""
    values = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise QueryError(f"invalid --param {pair!r}; expected NAME=VALUE")
        values[name.strip()] = value
    return values


# --- rendering -------------------------------------------------------------------------------


def _compact_iri(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _readable(term: Term | None) -> str:
    """A term as a person reads it: prefixed IRIs, literal values without datatype, an English
    name without its ``@en`` (every label is one), ``_:b`` nodes."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return _compact_iri(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value if term.language in (None, "en") else f"{term.value}@{term.language}"
    return str(term)  # RDF-star triple term


def _plain(term: Term | None) -> str:
    """A term in the SPARQL 1.1 CSV results form: IRI or lexical value, ``_:b`` for blank nodes."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def _json_term(term: Term) -> dict[str, object]:
    """A term in the SPARQL 1.1 JSON results form."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        encoded: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language is not None:
            encoded["xml:lang"] = term.language
        elif term.datatype.value not in (XSD_STRING, RDF_LANG_STRING):
            encoded["datatype"] = term.datatype.value
        return encoded
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        },
    }


def _table(result: QueryResult) -> str:
    header = list(result.variables)
    body = [[_readable(term) for term in row] for row in result.rows]
    widths = [len(name) for name in header]
    for row in body:
        widths = [max(width, len(cell)) for width, cell in zip(widths, row)]
    lines = [
        TABLE_GAP.join(cell.ljust(width) for cell, width in zip(cells, widths)).rstrip()
        for cells in [header, ["-" * width for width in widths], *body]
    ]
    return "\n".join(lines)


def _csv(result: QueryResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180, as the W3C format asks
    writer.writerow(result.variables)
    writer.writerows([_plain(term) for term in row] for row in result.rows)
    return buffer.getvalue()


def _tsv(result: QueryResult) -> str:
    # W3C TSV: variables with "?", terms in N-Triples syntax (which escapes tabs and newlines).
    lines = ["\t".join(f"?{name}" for name in result.variables)]
    lines += ["\t".join("" if term is None else str(term) for term in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def _json(result: QueryResult) -> str:
    bindings = [
        {name: _json_term(term) for name, term in zip(result.variables, row) if term is not None}
        for row in result.rows
    ]
    document = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=2)


def _turtle(triples: tuple[ox.Triple, ...]) -> str:
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES).decode("utf-8")


def format_result(result: QueryResult, fmt: str) -> str:
    """Render ``result`` as ``table``, ``csv``, ``tsv`` or ``json`` (see :data:`QUERY_FORMATS`).

    ``csv``/``tsv``/``json`` follow the W3C SPARQL 1.1 result formats; ``table``
    shows prefixed IRIs and bare literal values. ``ASK`` results are
    ``true``/``false`` (a SPARQL JSON boolean document for ``json``), and
    ``CONSTRUCT``/``DESCRIBE`` results are Turtle in every format.
    """
    if fmt not in QUERY_FORMATS:
        raise QueryError(f"unknown format {fmt!r}; expected one of: {', '.join(QUERY_FORMATS)}")
    if result.kind == "graph":
        return _turtle(result.triples)
    if result.kind == "ask":
        value = bool(result.boolean)
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": value})
        return "true" if value else "false"
    renderers = {"table": _table, "csv": _csv, "tsv": _tsv, "json": _json}
    return renderers[fmt](result)
