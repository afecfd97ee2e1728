"""Statements → RDF: direct triples for asserted facts, ``rdf:Statement`` nodes for all.

The dataset built by :func:`to_rdflib` has

* a **default graph** describing the vocabulary in use: every entity
  (``rdf:type schema:<Type>``, ``rdfs:label``, ``skos:altLabel`` per alias),
  every relation type (``rdf:Property`` with ``rdfs:label``) and every document
  (``kg:Document`` and ``schema:NewsArticle`` with ``dcterms:identifier``/``title``/
  ``date``/``source``, ``schema:headline``, ``schema:datePublished`` and ``schema:url``
  for a web address); gazetteer links are ``skos:exactMatch`` (a match found by name,
  not an identity asserted by the text, so not ``owl:sameAs``);
* one **named graph per document**, named by the document IRI, holding what was
  read in it: the direct triple ``subject → relation → object`` for each
  *asserted* statement (positive and unhedged, see
  :attr:`kg.model.Statement.asserted`), and for *every* statement an
  ``rdf:Statement`` node with ``rdf:subject/predicate/object``, its qualifiers
  (``kg:negated``, ``kg:modality``, ``kg:attributedTo``, ``kg:confidence``, ``kg:rule``) and
  its provenance (``prov:wasDerivedFrom`` the document, ``kg:sentence``,
  ``kg:startChar``/``kg:endChar``, ``kg:extractor``/``kg:extractorVersion``).

So a query for plain facts reads direct triples, while a negated or hedged
statement is never mistaken for a fact yet is still kept and queryable.
:func:`to_rdflib_graph` merges all graphs into one plain graph for the
triple-only formats (Turtle, N-Triples, JSON-LD).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from itertools import chain, groupby, islice
from typing import NamedTuple

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg.graph.namespaces import (
    DCTERMS,
    KG,
    OWL,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    XSD,
    document_iri,
    entity_iri,
    predicate_iri,
    relation_namespace,
    statement_iri,
)
from kg.graph.cache import cached_for
from kg.graph.spill import Runs, SpillFolder, merged, read_lines
from kg.model import Document, Entity, KnowledgeGraph, Predicate, Statement

__all__ = [
    "iter_quads",
    "oxigraph_quads",
    "oxigraph_triples",
    "ntriples_lines",
    "nquads_lines",
    "cached_for",
    "to_rdflib",
    "to_rdflib_graph",
    "entity_triples",
    "predicate_triples",
    "document_triples",
    "statement_triples",
    "bind_prefixes",
]

Triple = tuple[Node, Node, Node]


def bind_prefixes(graph: Graph, base: str) -> None:
    """Bind our standard prefixes (``kg:``, ``schema:``, ``skos:``, ...) and ``rel:`` for relations.

    Binding them up front keeps Turtle/TriG readable and stops rdflib from
    inventing ``ns1:``-style prefixes for relation IRIs.
    """
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    graph.bind("rel", relation_namespace(base), override=True, replace=True)


class Typed(NamedTuple):
    """A literal of a datatype other than those Python values give (``xsd:date``, ``xsd:dateTime``)."""

    lexical: str
    datatype: URIRef


class English(str):
    """A name in English: written as a literal tagged ``@en`` (labels of entities and relations)."""

    __slots__ = ()


# Objects are yielded as an IRI (``URIRef``) or a plain value (str, bool, int, ``Decimal``,
# :class:`Typed`, :class:`English`): rdflib's ``Literal`` costs more to make than the rest of a triple, so
# :func:`iter_quads` makes it only for callers that want rdflib terms, and N-Triples lines are
# written from the values themselves (:func:`_nt_value`).
Value = URIRef | str | bool | int | Decimal | Typed | English
ValueTriple = tuple[URIRef, URIRef, Value]

# Terms used for every statement, made once (a Namespace builds a new URIRef on each access).
_TYPE, _LABEL, _ALT_LABEL, _MATCH = RDF.type, RDFS.label, SKOS.altLabel, SKOS.exactMatch
_SUBJECT, _PREDICATE, _OBJECT, _STATEMENT, _PROPERTY = RDF.subject, RDF.predicate, RDF.object, RDF.Statement, RDF.Property
_NEGATED, _MODALITY, _CONDITION, _EVENT_TIME = KG.negated, KG.modality, KG.condition, KG.eventTime
_ATTRIBUTED_TO, _CONFIDENCE, _RULE, _DOCUMENT = KG.attributedTo, KG.confidence, KG.rule, KG.document
_SENTENCE, _START_CHAR, _END_CHAR = KG.sentence, KG.startChar, KG.endChar
_EXTRACTOR, _EXTRACTOR_VERSION, _DERIVED_FROM = KG.extractor, KG.extractorVersion, PROV.wasDerivedFrom


def _entity_values(entity: Entity, base: str) -> Iterator[ValueTriple]:
    node = entity_iri(base, entity.id)
    yield node, _TYPE, SDO[entity.type]
    yield node, _LABEL, English(entity.label)
    for alias in dict.fromkeys(entity.aliases):  # de-duplicated, order kept
        if alias != entity.label:
            yield node, _ALT_LABEL, English(alias)
    for iri in entity.same_as:
        yield node, _MATCH, URIRef(iri)


def _predicate_values(predicate: Predicate, base: str) -> Iterator[ValueTriple]:
    node = predicate_iri(base, predicate.id)
    yield node, _TYPE, _PROPERTY
    yield node, _LABEL, English(predicate.label)




def typed_date(text: str) -> Typed | str:
    """A document's date as ``xsd:date`` ("2019-07-12") or ``xsd:dateTime`` ("2019-07-12T08:30:00Z",
    with or without a zone), so that ``FILTER(?d >= "2019-01-01"^^xsd:date)`` compares dates;
    any other text (a date a page wrote in words) stays a plain string."""
    text = text.strip()
    try:
        if len(text) == 10:
            return Typed(date.fromisoformat(text).isoformat(), XSD.date)
        if "T" in text:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
            lexical = moment.isoformat()
            return Typed(lexical[:-6] + "Z" if lexical.endswith("+00:00") else lexical, XSD.dateTime)
    except ValueError:
        pass
    return text


def _document_values(document: Document, base: str) -> Iterator[ValueTriple]:
    node = document_iri(base, document.id)
    yield node, _TYPE, KG.Document
    yield node, _TYPE, SDO.NewsArticle
    yield node, DCTERMS.identifier, document.id
    if document.title:
        yield node, DCTERMS.title, document.title
        yield node, SDO.headline, document.title
    if document.date:
        when = typed_date(document.date)
        yield node, DCTERMS.date, when
        if isinstance(when, Typed):
            yield node, SDO.datePublished, when
    if document.source:
        yield node, DCTERMS.source, document.source
        if document.url:
            yield node, SDO.url, URIRef(document.url)
    yield node, KG.contentHash, document.content_hash


def _confidence_value(confidence: float) -> Decimal:
    # xsd:decimal from the shortest repr, so 0.8 stays "0.8" in every format
    # (an xsd:double would be written as 8e-01 by rdflib's Turtle serializer).
    return Decimal(repr(float(confidence)))


def _statement_values(statement: Statement, kg: KnowledgeGraph) -> Iterator[ValueTriple]:
    base = kg.base
    subject = entity_iri(base, statement.subject)
    predicate = predicate_iri(base, statement.predicate.id)
    object_ = entity_iri(base, statement.object)
    if statement.asserted:
        yield subject, predicate, object_

    node = statement_iri(base, statement.id)
    provenance = statement.provenance
    yield node, _TYPE, _STATEMENT
    yield node, _SUBJECT, subject
    yield node, _PREDICATE, predicate
    yield node, _OBJECT, object_
    yield node, _NEGATED, statement.negated
    if statement.modality is not None:
        yield node, _MODALITY, statement.modality
    if statement.condition is not None:
        yield node, _CONDITION, statement.condition
    if statement.time is not None:
        yield node, _EVENT_TIME, statement.time
    if statement.attributed_to is not None:
        if statement.attributed_to in kg.entities_by_id:
            yield node, _ATTRIBUTED_TO, entity_iri(base, statement.attributed_to)
        else:
            yield node, _ATTRIBUTED_TO, statement.attributed_to
    yield node, _CONFIDENCE, _confidence_value(statement.confidence)
    if statement.rule:
        yield node, _RULE, statement.rule
    yield node, _DERIVED_FROM, document_iri(base, provenance.document)
    yield node, _DOCUMENT, provenance.document
    yield node, _SENTENCE, provenance.sentence
    yield node, _START_CHAR, provenance.start
    yield node, _END_CHAR, provenance.end
    yield node, _EXTRACTOR, provenance.extractor
    yield node, _EXTRACTOR_VERSION, provenance.extractor_version


def _term(value: Value) -> Node:
    """The rdflib term of an object value: the IRI itself, or its literal (decimals typed ``xsd:decimal``)."""
    if isinstance(value, URIRef):
        return value
    if isinstance(value, Decimal):
        return Literal(value, datatype=XSD.decimal)
    if isinstance(value, Typed):
        return Literal(value.lexical, datatype=value.datatype)
    if isinstance(value, English):
        return Literal(str(value), lang="en")
    return Literal(value)


def _terms(values: Iterator[ValueTriple]) -> Iterator[Triple]:
    for subject, predicate, value in values:
        yield subject, predicate, _term(value)


def entity_triples(entity: Entity, base: str) -> Iterator[Triple]:
    """Describe an entity: its schema.org class, its label, its other names and its GeoNames/Wikidata twins."""
    return _terms(_entity_values(entity, base))


def predicate_triples(predicate: Predicate, base: str) -> Iterator[Triple]:
    """Describe a relation type as an ``rdf:Property`` with its lemma label."""
    return _terms(_predicate_values(predicate, base))


def document_triples(document: Document, base: str) -> Iterator[Triple]:
    """Describe a source document; title, date and source only when known."""
    return _terms(_document_values(document, base))


def statement_triples(statement: Statement, kg: KnowledgeGraph) -> Iterator[Triple]:
    """Triples read from one statement: the direct triple (if asserted) and its ``rdf:Statement`` node.

    ``attributed_to`` becomes the entity's IRI when it is the id of an entity of
    ``kg``, otherwise a plain literal (an unresolved "officials said").
    """
    return _terms(_statement_values(statement, kg))


Quad = tuple[Node, Node, Node, URIRef | None]


def _quad_values(kg: KnowledgeGraph) -> Iterator[tuple[URIRef, URIRef, Value, URIRef | None]]:
    """Every quad of the dataset with plain-valued objects (graph ``None`` is the default graph)."""
    base = kg.base
    for entity in kg.entities:
        for triple in _entity_values(entity, base):
            yield (*triple, None)
    predicates = {s.predicate.id: s.predicate for s in kg.statements}
    for predicate in predicates.values():
        for triple in _predicate_values(predicate, base):
            yield (*triple, None)
    # Each document's graph holds its description and its statements, so replacing a
    # changed document in a store is replacing one graph.
    for document in kg.documents:
        graph = document_iri(base, document.id)
        for triple in _document_values(document, base):
            yield (*triple, graph)
    for statement in kg.statements:
        graph = document_iri(base, statement.provenance.document)
        for triple in _statement_values(statement, kg):
            yield (*triple, graph)


def iter_quads(kg: KnowledgeGraph) -> Iterator[Quad]:
    """Every quad of the dataset (graph ``None`` is the default graph): the one source of
    :func:`to_rdflib`, :func:`oxigraph_quads` and the store."""
    for subject, predicate, value, graph in _quad_values(kg):
        yield subject, predicate, _term(value), graph


def to_rdflib(kg: KnowledgeGraph) -> Dataset:
    """The knowledge graph as an RDF dataset: entity and relation descriptions in the default graph,
    and one graph per document with the document's description and statements.

    Building twice gives isomorphic datasets; nothing outside the returned
    object is changed.

    >>> dataset = to_rdflib(kg)                       # doctest: +SKIP
    >>> dataset.serialize(format="trig")              # doctest: +SKIP
    """
    dataset = Dataset()
    bind_prefixes(dataset, kg.base)
    graphs: dict[URIRef | None, Graph] = {None: dataset.default_graph}
    for subject, predicate, object_, name in iter_quads(kg):
        graph = graphs.get(name)
        if graph is None:
            graph = graphs[name] = dataset.graph(name)
        graph.add((subject, predicate, object_))
    return dataset


def oxigraph_quads(kg: KnowledgeGraph) -> Iterator:
    """The quads of :func:`iter_quads` as ``pyoxigraph.Quad`` objects, distinct and sorted.

    Sorted (default graph first, then by graph, subject, predicate, object) so
    serializers write the same bytes for the same graph. The sorted lines are
    made once per graph (:func:`nquads_lines`) and streamed to Oxigraph's parser
    on each call, so only compact strings are held in memory, which is several
    times faster on a corpus than building an rdflib ``Dataset``.
    """
    import pyoxigraph as ox

    return ox.parse(_stream(nquads_lines(kg)), format=ox.RdfFormat.N_QUADS)


def oxigraph_triples(kg: KnowledgeGraph) -> Iterator:
    """The distinct triples of all graphs merged, sorted, as ``pyoxigraph.Triple`` objects."""
    import pyoxigraph as ox

    return (quad.triple for quad in ox.parse(_stream(ntriples_lines(kg)), format=ox.RdfFormat.N_TRIPLES))


class _LineStream(io.RawIOBase):
    """The UTF-8 bytes of ``lines`` as a readable stream, made as they are read: Oxigraph parses
    a corpus's lines without them ever being joined into one copy (hundreds of MB)."""

    def __init__(self, lines: Iterable[str]) -> None:
        super().__init__()
        self._lines = iter(lines)
        self._left = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        wanted = len(buffer)
        parts, size = [self._left], len(self._left)
        for line in self._lines:
            encoded = line.encode("utf-8")
            parts.append(encoded)
            size += len(encoded)
            if size >= wanted:
                break
        chunk = b"".join(parts)
        self._left = chunk[wanted:]
        buffer[: min(size, wanted)] = chunk[:wanted]
        return min(size, wanted)


# Bytes asked of a line stream at a time: a few hundred reads for a corpus, not tens of thousands.
_STREAM_BUFFER = 1 << 20


def _stream(lines: Iterable[str]) -> io.BufferedReader:
    return io.BufferedReader(_LineStream(lines), _STREAM_BUFFER)


def nquads_lines(kg: KnowledgeGraph) -> Iterator[str]:
    """Every distinct quad as an N-Quads line, sorted (default graph first); the lines are made
    once per graph (see :func:`_lines`)."""
    return _lines(kg).quads()


def ntriples_lines(kg: KnowledgeGraph) -> Iterable[str]:
    """The distinct triples of all graphs merged, as sorted N-Triples lines (each ending in a
    newline); iterate it once per use (past :data:`IN_MEMORY_QUADS` it is read from disk)."""
    return _lines(kg).triples()


def _in_graph(line: str, graph: str) -> str:
    """The N-Quads line of the triple ``line`` ("s p o .\\n") in the named graph ``graph``."""
    return f"{line[:-3]} {graph} .\n"


# Quads sorted as strings in memory up to this many (~12,000 statements, ~60 MB); a bigger
# graph's lines are sorted on disk (kg.graph.spill), so exporting a corpus needs no memory
# in proportion to its size for them.
IN_MEMORY_QUADS = 200_000


class _MemoryLines:
    """The sorted lines of a small graph: each graph's sorted lines, and all of them merged."""

    def __init__(self, records: Iterable[tuple[str, str]]) -> None:
        graphs: dict[str, set[str]] = {}
        for graph, line in records:
            graphs.setdefault(graph, set()).add(line)
        self._runs: list[tuple[str, list[str]]] = []
        triples: list[str] = []
        # sorting each graph's lines apart compares short lists of strings rather than one
        # long list of pairs
        for graph in sorted(graphs):
            lines = sorted(graphs.pop(graph))
            self._runs.append((graph, lines))
            triples += lines
        # the graphs' sorted runs merge quickly; a triple stated in several graphs is kept once
        triples.sort()
        self._triples = [line for line, _ in groupby(triples)]  # the same strings, not copies

    def quads(self) -> Iterator[str]:
        for graph, lines in self._runs:
            if not graph:
                yield from lines
            else:
                for line in lines:
                    yield _in_graph(line, graph)

    def triples(self) -> list[str]:
        return self._triples


class _DiskLines:
    """The sorted lines of a big graph, in two files of a private temporary folder (removed
    when the graph's exports no longer need them): the N-Quads and the merged N-Triples."""

    def __init__(self, records: Iterable[tuple[str, str]]) -> None:
        self._folder = SpillFolder()
        quads, triples = Runs(self._folder.path, "quads"), Runs(self._folder.path, "triples")
        for graph, line in records:
            # "\0" sorts before every character of a line: by graph ("" first), then by line
            quads.add(f"{graph}\0{line}")
            triples.add(line)
        self._quads, self._triples = self._folder.path / "graph.nq", self._folder.path / "graph.nt"
        quad_runs, triple_runs = quads.close(), triples.close()
        with self._quads.open("w", encoding="utf-8", newline="\n") as out:
            for record in merged(quad_runs):
                graph, line = record.split("\0", 1)
                out.write(_in_graph(line, graph) if graph else line)
        with self._triples.open("w", encoding="utf-8", newline="\n") as out:
            out.writelines(merged(triple_runs))
        for run in quad_runs + triple_runs:
            run.unlink()

    def quads(self) -> Iterator[str]:
        return read_lines(self._quads)

    def triples(self) -> Iterator[str]:
        return read_lines(self._triples)


def _emptied(items: list) -> Iterator:
    """The items of ``items``, last first, each dropped from the list as it is given (the order
    does not matter to a sort, the memory does)."""
    while items:
        yield items.pop()


def _lines(kg: KnowledgeGraph) -> _MemoryLines | _DiskLines:
    """The graph's quads and merged triples as sorted lines, made once per graph: in memory, or
    on disk past :data:`IN_MEMORY_QUADS` quads."""

    def compute() -> _MemoryLines | _DiskLines:
        records = _quad_records(kg)
        head = list(islice(records, IN_MEMORY_QUADS))
        if len(head) < IN_MEMORY_QUADS:
            return _MemoryLines(head)
        return _DiskLines(chain(_emptied(head), records))

    return cached_for(kg, "rdf_lines", compute)


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


_XSD_BOOLEAN, _XSD_INTEGER, _XSD_DECIMAL = str(XSD.boolean), str(XSD.integer), str(XSD.decimal)


def _nt_value(value: Value) -> str:
    """An object value in N-Triples syntax, as rdflib writes the same term."""
    if isinstance(value, URIRef):
        return f"<{value}>"
    if isinstance(value, English):
        return f'"{value.translate(_ESCAPES)}"@en'
    if isinstance(value, str):
        return f'"{value.translate(_ESCAPES)}"'
    if isinstance(value, bool):
        return f'"{"true" if value else "false"}"^^<{_XSD_BOOLEAN}>'
    if isinstance(value, int):
        return f'"{value}"^^<{_XSD_INTEGER}>'
    if isinstance(value, Decimal):
        return f'"{value}"^^<{_XSD_DECIMAL}>'
    if isinstance(value, Typed):
        return f'"{value.lexical}"^^<{value.datatype}>'
    raise TypeError(f"no RDF literal for {type(value).__name__}")


def _quad_records(kg: KnowledgeGraph) -> Iterator[tuple[str, str]]:
    """(graph term, "subject predicate object ." line) of every quad, "" for the default graph."""
    term = _nt_value
    last, name = None, ""
    for s, p, o, g in _quad_values(kg):
        if g is not last:  # quads come graph by graph (the same IRI object, see namespaces._under)
            last, name = g, "" if g is None else term(g)
        yield name, f"<{s}> <{p}> {term(o)} .\n"  # subjects and predicates are IRIs


def to_rdflib_graph(kg: KnowledgeGraph) -> Graph:
    """All triples of :func:`to_rdflib` merged into one plain graph (for Turtle, N-Triples, JSON-LD).

    A direct triple read in several documents appears once here; which
    documents support it is told by the ``rdf:Statement`` nodes.
    """
    merged = Graph()
    bind_prefixes(merged, kg.base)
    for subject, predicate, object_, _graph in to_rdflib(kg).quads((None, None, None, None)):
        merged.add((subject, predicate, object_))
    return merged
