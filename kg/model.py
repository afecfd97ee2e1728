"""Frozen records passed between the pipeline stages.

Data flows one way: ``Document`` → spaCy ``Doc`` → ``Mention`` → ``Entity`` →
``Statement`` → graph → files. Records refer to each other by id (a statement
names its subject and object by entity id), so the same records feed RDF,
networkx, CSV and JSON Lines without conversion code in between.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

__all__ = [
    "Document",
    "Mention",
    "Entity",
    "Proposition",
    "OpenProposition",
    "Predicate",
    "Provenance",
    "Statement",
    "KnowledgeGraph",
    "slugify",
    "entity_id",
    "predicate_id",
    "statement_id",
    "ENTITY_TYPES",
    "DEFAULT_BASE",
    "UNKNOWN_TYPE",
    "reading_order",
]

# Base of entity, predicate and statement IRIs unless the user gives another.
DEFAULT_BASE = "https://kg.example.org/"

# schema.org classes an entity may have; the local name is the ``Entity.type``.
ENTITY_TYPES = (
    "Person",
    "Organization",
    "Corporation",
    "GovernmentOrganization",
    "Country",
    "City",
    "Place",
    "Product",
    "Event",
    "CreativeWork",
    "Thing",
)


def slugify(text: str) -> str:
    """Lower-case ASCII slug of ``text`` for ids and IRIs: ``"A380 deal"`` → ``"a380-deal"``.

    Non-Latin text that leaves nothing after ASCII folding gets a short hash, so
    every non-empty name has a non-empty slug.
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    if not slug:
        slug = "x" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    return slug


def entity_id(label: str, type_: str) -> str:
    """Stable entity id from canonical label and type: ``("Emmanuel Macron", "Person")`` → ``"person/emmanuel-macron"``."""
    return f"{type_.lower()}/{slugify(label)}"


def predicate_id(label: str) -> str:
    """Stable predicate id from its normalised label: ``"withdraw from"`` → ``"withdraw-from"``."""
    return slugify(label)


# A source that is a web address (see Document.url).
_WEB_ADDRESS = re.compile(r"https?://[^\s<>\"{}|\\^`]+")


@dataclass(frozen=True, slots=True)
class Document:
    """One input article: ``id`` is its file name (or given id), ``text`` the decoded text."""

    id: str
    text: str
    source: str = ""
    title: str | None = None
    date: str | None = None

    @property
    def content_hash(self) -> str:
        """SHA-256 of the text: an unchanged document is skipped when built into a store again."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def url(self) -> str | None:
        """The source when it is a web address (an IRI: no spaces, quotes or brackets), else None:
        RDF writes it as ``schema:url`` and the page links to it; a file path is neither."""
        return self.source if _WEB_ADDRESS.fullmatch(self.source or "") else None


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of a document that names an entity.

    ``start``/``end`` are character offsets into the document text, ``sentence``
    the index of the sentence holding it, ``label`` the NER (or rule) label, and
    ``rule`` how the mention was attached to its entity.
    """

    text: str
    start: int
    end: int
    sentence: int
    label: str = ""
    document: str = ""
    rule: str = "ner"


@dataclass(frozen=True, slots=True)
class Entity:
    """A real-world thing: one node of the graph.

    ``id`` is derived from the canonical ``label`` and ``type`` (a schema.org
    class local name, see :data:`ENTITY_TYPES`), so the same thing gets the same
    id in every run and every document. ``same_as`` holds IRIs of the same thing
    in public knowledge bases (GeoNames, Wikidata) when the gazetteer knows them.
    ``type_evidence`` says what decided the type ("ner → Person ×2", "descriptor →
    Corporation +4"), strongest first for one document, every document's lines sorted
    for several, so a user can see why a node has its type.
    """

    id: str
    label: str
    type: str
    aliases: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    same_as: tuple[str, ...] = ()
    type_evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Proposition:
    """A relation read off the parse, before its arguments are mapped to entities.

    Arguments are token indices of the argument heads in the parsed ``Doc``;
    ``predicate`` is the normalised lemma phrase ("withdraw from", "be compatible with").
    ``attributed_to`` is the head token of who said it, ``rule`` the construction
    that produced it, ``condition`` the clause it depends on ("if it goes ahead
    with the purchase"), ``time`` the date phrase attached to it ("on April 8")
    and ``relation`` the token indices of the words that say the relation
    (open extraction renders them).
    """

    sentence: int
    subject: int
    predicate: str
    object: int
    negated: bool = False
    modality: str | None = None
    attributed_to: int | None = None
    confidence: float = 1.0
    rule: str = ""
    condition: str | None = None
    time: str | None = None
    relation: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class OpenProposition:
    """An open-extraction tuple (arg1, relation, arg2, ...) over one sentence, as in CaRB.

    Arguments are token spans ``(start, end)`` of the parsed ``Doc``; ``relation``
    lists the token indices that make up the relation phrase in text order
    ("is not compatible with"). Unlike :class:`Proposition`, arguments need not
    be entities: this is the layer open-extraction benchmarks score.
    """

    sentence: int
    arg1: tuple[int, int]
    relation: tuple[int, ...]
    args: tuple[tuple[int, int], ...]
    confidence: float
    negated: bool = False
    modality: str | None = None
    rule: str = ""
    label: str = ""  # the relation when no word of the text says it ("offer for")


@dataclass(frozen=True, slots=True)
class Predicate:
    """A relation type: ``id`` is the slug of the normalised lemma ``label`` ("withdraw from")."""

    id: str
    label: str

    @classmethod
    def from_label(cls, label: str) -> "Predicate":
        return cls(predicate_id(label), label)


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a statement was read: document, its sentence and the sentence's character span."""

    document: str
    sentence: str
    start: int
    end: int
    extractor: str
    extractor_version: str


@dataclass(frozen=True, slots=True)
class Statement:
    """One relation between two entities, with its qualifiers and provenance.

    A statement is *asserted* (written as a direct RDF triple) only when it is
    positive, unhedged and unconditional; every statement is kept with its
    qualifiers: ``modality`` ("may", "plans to"), ``condition`` (the text of an
    "if" clause), ``time`` (the date phrase of the event, "last week"), and
    ``rule``, the name of the extraction rule that read it (see
    :mod:`kg.extract.rules`).
    """

    id: str
    subject: str
    predicate: Predicate
    object: str
    provenance: Provenance
    negated: bool = False
    modality: str | None = None
    attributed_to: str | None = None
    confidence: float = 1.0
    condition: str | None = None
    time: str | None = None
    rule: str = ""

    @property
    def asserted(self) -> bool:
        """True when the text states the relation as a plain fact: not negated, hedged or conditional."""
        return not self.negated and self.modality is None and self.condition is None


# Type of an entity id that a statement names but the graph does not describe.
UNKNOWN_TYPE = "Thing"


def reading_order(statement: "Statement") -> tuple[str, int, str]:
    """Sort key of statements in reading order: document, sentence start, then id."""
    return statement.provenance.document, statement.provenance.start, statement.id


def statement_id(
    document: str, start: int, subject: str, predicate: str, object_: str, negated: bool
) -> str:
    """Deterministic statement id: a hash of where it was read and what it says."""
    key = "\x1f".join((document, str(start), subject, predicate, object_, str(negated)))
    return "s" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class KnowledgeGraph:
    """The result of a build: documents, entities and statements, all immutable.

    Statements name entities by id; :meth:`entity` looks one up. ``unresolved``
    counts the relations dropped because an argument was a pronoun or a
    description ("the company") with no antecedent.
    """

    documents: tuple[Document, ...] = ()
    entities: tuple[Entity, ...] = ()
    statements: tuple[Statement, ...] = ()
    base: str = DEFAULT_BASE
    unresolved: int = 0

    @cached_property
    def entities_by_id(self) -> dict[str, Entity]:
        return {e.id: e for e in self.entities}

    def entity(self, entity_id_: str) -> Entity:
        """The entity with this id (``KeyError`` if it is not in the graph)."""
        return self.entities_by_id[entity_id_]

    # Conveniences of the Python API; each imports its library only when called.

    def to_rdflib(self):
        """The graph as an ``rdflib.Dataset`` (one named graph per document), see :mod:`kg.graph.rdf`."""
        from kg.graph.rdf import to_rdflib

        return to_rdflib(self)

    def to_pandas(self):
        """``(entities, statements)`` pandas DataFrames (pandas is the optional extra ``kg[pandas]``)."""
        from kg.graph.frames import to_pandas

        return to_pandas(self)

    def to_networkx(self):
        """The graph as a ``networkx.MultiDiGraph`` (entities as nodes, statements as edges)."""
        from kg.graph.network import to_networkx

        return to_networkx(self)

    def query(self, sparql: str):
        """Run SPARQL over the graph with Oxigraph; returns a :class:`kg.query.QueryResult`.

        >>> graph.query("SELECT ?e WHERE { ?e a schema:Country }").rows  # doctest: +SKIP
        """
        from kg.query import query_store

        return query_store(self._store, sparql)

    def __getstate__(self) -> dict:
        """A copy (pickle, another process) leaves out the Oxigraph store :meth:`query` made: a
        store cannot be copied, and is made again from the records where it is needed."""
        state = dict(self.__dict__)
        state.pop("_store", None)
        return state

    @cached_property
    def _store(self):
        import pyoxigraph as ox

        from kg.graph.rdf import oxigraph_quads

        store = ox.Store()
        store.extend(oxigraph_quads(self))
        return store
