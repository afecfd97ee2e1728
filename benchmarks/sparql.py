"""Time kg's named SPARQL queries on rdflib and on Oxigraph, over a synthetic graph shaped like ours.

What it measures
----------------
For each query shipped in ``kg/data/queries`` (with ``--two-hop``, also a
two-hop join written two ways, see below): the best wall-clock time of a few runs on rdflib (an
in-memory ``Dataset`` with ``default_union=True``) and on Oxigraph (a
``pyoxigraph.Store``, on disk by default, queried with
``use_default_graph_as_union=True``), the number of result rows (which must
agree), and the speed-up, rdflib time / Oxigraph time. It also times loading
the same N-Quads file into each engine and reports each engine's peak memory.

Each named query is also timed in its *flat* form (:data:`FLAT_FORMS`: one
basic graph pattern, every label looked up per row, the same rows). The
shipped text is written for Oxigraph's planner (hash-joined subqueries, GRAPH
blocks), which rdflib evaluates by nested loops, while rdflib is fastest on the
flat form. So besides the same-text speed-ups, a summary compares each
engine's faster form and says how many named queries reach
:data:`TARGET_SPEEDUP`: the fair answer to "how much faster is the store".

Speed-ups are only ever computed between the two engines on the same data in
the same run. rdflib keeps every triple as Python objects and needs far more
memory than Oxigraph; before loading it, the script measures rdflib's memory
per statement on a small sample and, if the requested size would go over
``--memory-limit-gb``, compares the engines at the largest size that fits and
times Oxigraph alone at the requested size, in a separate table without
ratios. A watchdog stops an engine whose memory goes over the limit anyway.

The data
--------
Generated directly as N-Quads (no rdflib on the way), with the shape of
``exports/graph.trig``: in the default graph, entities (``rdf:type
schema:<Type>``, ``rdfs:label``, ``skos:altLabel``, ``skos:exactMatch`` for places),
relation types (``rdf:Property`` with ``rdfs:label``); in one named graph per
document, its description (``kg:Document``, ``dcterms:identifier``), the direct triple ``entity -relation-> entity`` of
each asserted statement and, for every statement, an ``rdf:Statement`` node
with ``rdf:subject/predicate/object``, ``kg:negated``, ``kg:confidence``,
``kg:sentence``, ``kg:startChar``/``kg:endChar``, ``prov:wasDerivedFrom``,
``kg:document``, ``kg:extractor``/``kg:extractorVersion`` and, for some,
``kg:modality``, ``kg:condition``, ``kg:eventTime``, ``kg:attributedTo``
(an entity or an unresolved literal). Entities and relations are picked with a
Zipf law, as in news where a few names recur everywhere; query parameters use
a moderately frequent entity (rank :data:`SAMPLE_RANK`) and its most frequent
partner. About 14 quads per statement.

The two-hop join
----------------
Entities two relations away from a given one, keeping far ends that are
countries: once as one flat pattern and once with the first hop in a
subquery. Oxigraph's optimizer may start a flat 2-hop join from the filter on
the far entity (every country) rather than from the given entity, which the
subquery form prevents; the table shows whether it matters on this data.

Usage::

    python benchmarks/sparql.py                           # 1M statements, rdflib as large as memory allows (~1 h)
    python benchmarks/sparql.py --rdflib-statements 200000 --query-timeout 300   # the README's figures (~30 min)
    python benchmarks/sparql.py --statements 200000 --forms shipped --query-timeout 300 --runs 1
                                        # the shipped texts alone, on both engines (~40 min)
    python benchmarks/sparql.py --statements 68500 --query-timeout 300 --runs 1
                                        # 1M quads, both engines whole (~25 min)
    python benchmarks/sparql.py --statements 100000 --runs 3
    python benchmarks/sparql.py --statements 1000000 --rdflib-statements 100000
    python benchmarks/sparql.py --latency     # Oxigraph alone at 1M statements: what a user waits for (~15 min)

A query that runs longer than ``--query-timeout`` seconds is stopped and shows
as ``>N``: rdflib's by a timer signal (it is pure Python), Oxigraph's by running
each query in a forked process that is killed (native code cannot be
interrupted otherwise). The second form of a named query to run on an engine
is stopped once it has taken as long as the first (see :func:`_time_limit`).
"""

from __future__ import annotations

import _thread
import argparse
import ctypes
import gc
import itertools
import math
import multiprocessing
import os
import random
import resource
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox
import rdflib

from kg.graph.namespaces import (
    DOCUMENT_SEGMENT,
    ENTITY_SEGMENT,
    KG_NAMESPACE,
    PREFIXES,
    RELATION_SEGMENT,
    STATEMENT_SEGMENT,
)
from kg.query import NamedQuery, named_queries

__all__ = [
    "BenchmarkError",
    "Shape",
    "Samples",
    "QueryTiming",
    "EngineReport",
    "write_nquads",
    "benchmark_queries",
    "select_forms",
    "run_engine",
    "format_comparison",
    "main",
]

BASE = "https://kg.example.org/"
DEFAULT_STATEMENTS = 1_000_000
STATEMENTS_PER_DOCUMENT = 40
STATEMENTS_PER_ENTITY = 10
STATEMENTS_PER_RELATION = 20
MAX_RELATIONS = 50_000
# Exponent of the Zipf law picking entities and relations (1: the k-th is k times rarer than the first).
ZIPF_EXPONENT = 1.0
# Entity names are made from numbers from this one up, so that each has two words.
NAME_OFFSET = 32 * 32
# Popularity rank (0 = most frequent) of the entity given to parameterised queries.
SAMPLE_RANK = 20
DEFAULT_RUNS = 3
# Once a query has taken this long in total, it is not repeated for a best-of.
REPEAT_BUDGET_S = 20.0
DEFAULT_QUERY_TIMEOUT_S = 600.0
# Least time given to the second form of a query (see _time_limit).
MIN_SECOND_FORM_S = 5.0
DEFAULT_MEMORY_LIMIT_GB = 16.0
# Statements loaded into rdflib to measure its memory and speed per statement.
CALIBRATION_STATEMENTS = 10_000
# rdflib's peak memory over the memory of the loaded graph: queries that sort or group
# hundreds of thousands of rows hold them as Python objects (measured: 4.5 GB peak at
# 100,000 statements, whose loading alone takes 2.4 GB).
RDFLIB_QUERY_MEMORY_FACTOR = 2.0
# How often the memory watchdog looks at the resident set size.
WATCHDOG_INTERVAL_S = 0.2
# Exit code of an engine process stopped by the memory watchdog.
MEMORY_EXIT_CODE = 86
# Memory over the limit at which an rdflib engine process is ended rather than its query interrupted.
HARD_MEMORY_MARGIN = 2 * (1 << 30)
# Set while an rdflib query runs, so that the memory watchdog interrupts only queries.
_QUERY_RUNNING = threading.Event()
# Set by the watchdog when it interrupts a query (a KeyboardInterrupt without it is the user's).
_MEMORY_INTERRUPT = threading.Event()
# Statements written per chunk of the N-Quads file.
WRITE_CHUNK = 5_000
GIB = 1 << 30
MIB = 1 << 20

# Share of statements with each qualifier (roughly those of the seed articles).
NEGATED_SHARE = 0.05
MODALITY_SHARE = 0.08
CONDITION_SHARE = 0.02
EVENT_TIME_SHARE = 0.10
ATTRIBUTED_SHARE = 0.15
# Share of attributions to an unresolved speaker ("officials said"), written as a literal.
UNRESOLVED_SPEAKER_SHARE = 0.3
ALIAS_SHARE = 0.3
MAX_STATEMENTS_PER_SENTENCE = 3
FILLER_WORDS_PER_SENTENCE = 14

ENTITY_TYPES = {  # schema.org class -> share of entities
    "Person": 0.35,
    "Organization": 0.20,
    "City": 0.10,
    "Product": 0.10,
    "Country": 0.05,
    "Event": 0.05,
    "Place": 0.05,
    "GovernmentOrganization": 0.10,
}
LINKED_TYPES = ("Country", "City")  # these get skos:exactMatch links, as the gazetteer gives
MODALITIES = ("may", "could", "must", "plan to", "set to")
CONFIDENCES = ("0.6", "0.65", "0.75", "0.9")
TIME_PHRASES = ("last week", "on Monday", "in 2019", "this year", "last month")
UNRESOLVED_SPEAKERS = ("officials", "analysts", "a spokesman", "diplomats")
SYLLABLES = (
    "ka ro va ne li to mu sa de ri po la ben gor tam vel "
    "an or is el um ar ko zi fa du he ja qui xo yen wa"
).split()
VERBS = (
    "buy sell meet attack support criticise sign join leave warn accuse back fund supply "
    "block visit host invite reject approve sue hire fire acquire launch deploy build "
    "announce deny oppose praise threaten sanction recognise arm train advise defeat "
    "negotiate discuss call urge ban import export order test deliver cancel delay"
).split()
RELATION_NOUNS = (
    "deal talks agreement missiles troops aid weapons loans sanctions ties plans "
    "forces pipeline jets tariffs envoys contract summit offensive ceasefire"
).split()
PREPOSITIONS = ("with", "to", "from", "in", "against", "for", "over", "on")
ADJECTIVES = "new military economic nuclear joint trade border energy security arms".split()
FILLER_WORDS = (
    "the officials said that after a meeting on Tuesday both sides agreed while "
    "critics warned of further tension in the region as talks continued amid "
    "growing concern over the new plan and its cost to local economies"
).split()

# N-Triples forms of the terms every statement uses.
RDF_NS = PREFIXES["rdf"]
XSD_NS = PREFIXES["xsd"]
TYPE = f"<{RDF_NS}type>"
STATEMENT_CLASS = f"<{RDF_NS}Statement>"
PROPERTY_CLASS = f"<{RDF_NS}Property>"
SUBJECT, PREDICATE, OBJECT = (f"<{RDF_NS}{name}>" for name in ("subject", "predicate", "object"))
LABEL = f"<{PREFIXES['rdfs']}label>"
ALT_LABEL = f"<{PREFIXES['skos']}altLabel>"
SAME_AS = f"<{PREFIXES['skos']}exactMatch>"
DERIVED_FROM = f"<{PREFIXES['prov']}wasDerivedFrom>"
IDENTIFIER = f"<{PREFIXES['dcterms']}identifier>"
DOCUMENT_CLASS, NEGATED, MODALITY, CONDITION, EVENT_TIME, ATTRIBUTED_TO = (
    f"<{KG_NAMESPACE}{name}>"
    for name in ("Document", "negated", "modality", "condition", "eventTime", "attributedTo")
)
CONFIDENCE, SENTENCE, START, END, DOCUMENT, EXTRACTOR, EXTRACTOR_VERSION = (
    f"<{KG_NAMESPACE}{name}>"
    for name in ("confidence", "sentence", "startChar", "endChar", "document", "extractor", "extractorVersion")
)
TRUE = f'"true"^^<{XSD_NS}boolean>'
FALSE = f'"false"^^<{XSD_NS}boolean>'
INTEGER = f"^^<{XSD_NS}integer>"
DECIMAL = f"^^<{XSD_NS}decimal>"
EXTRACTOR_NAME = '"kg.rules"'
EXTRACTOR_RELEASE = '"0.1.0"'

# The same two-hop question, flat and with the first hop in a subquery; $entity is a parameter (an English name).
TWO_HOP_FLAT = """SELECT DISTINCT ?via ?far WHERE {
  ?start rdfs:label $entity@en .
  ?start ?r1 ?mid . ?r1 a rdf:Property .
  ?mid ?r2 ?farNode . ?r2 a rdf:Property .
  ?farNode a schema:Country ; rdfs:label ?far .
  ?mid rdfs:label ?via .
  FILTER(?farNode != ?start)
}"""
TWO_HOP_SUBQUERY = """SELECT DISTINCT ?via ?far WHERE {
  { SELECT DISTINCT ?start ?mid WHERE { ?start rdfs:label $entity@en . ?start ?r1 ?mid . ?r1 a rdf:Property . } }
  ?mid ?r2 ?farNode . ?r2 a rdf:Property .
  ?farNode a schema:Country ; rdfs:label ?far .
  ?mid rdfs:label ?via .
  FILTER(?farNode != ?start)
}"""
# Each named query written the plain way, as one basic graph pattern with every label looked
# up per row: what the shipped queries looked like before they were rewritten for Oxigraph's
# planner, and the form rdflib runs fastest (it joins subqueries and GRAPH blocks by nested
# loops). Both forms give the same rows; the summary compares each engine's faster form.
_STATEMENT = """?s a rdf:Statement ;
     rdf:subject ?sub ;
     rdf:predicate ?p ;
     rdf:object ?obj ;
     kg:negated ?negated ;
     kg:sentence ?sentence ;
     kg:document ?document .
  ?sub rdfs:label ?subject .
  ?p rdfs:label ?relation .
  ?obj rdfs:label ?object ."""
# A statement of a plain fact (not negated, hedged or conditional), with its labels.
_PLAIN_FACT = """  ?s a rdf:Statement ; rdf:subject ?sub ; rdf:predicate ?p ; rdf:object ?obj ; kg:negated false ; kg:document ?document .
  FILTER NOT EXISTS { ?s kg:modality ?modality }
  FILTER NOT EXISTS { ?s kg:condition ?condition }
  ?sub rdfs:label ?subject .
  ?p rdfs:label ?relation .
  ?obj rdfs:label ?object .
"""
FLAT_FORMS = {
    "about": f"""SELECT DISTINCT ?subject ?relation ?object ?negated ?modality ?sentence ?document WHERE {{
  ?e rdfs:label|skos:altLabel $entity@en .
  VALUES ?role {{ rdf:subject rdf:object }}
  ?s ?role ?e .
  {_STATEMENT}
  OPTIONAL {{ ?s kg:modality ?modality }}
}}
ORDER BY ?document ?sentence ?subject ?relation ?object""",
    "between": f"""SELECT DISTINCT ?subject ?relation ?object ?negated ?sentence ?document WHERE {{
  ?x rdfs:label|skos:altLabel $a@en .
  ?y rdfs:label|skos:altLabel $b@en .
  VALUES (?from ?to) {{ (rdf:subject rdf:object) (rdf:object rdf:subject) }}
  ?s ?from ?x ; ?to ?y .
  {_STATEMENT}
}}
ORDER BY ?document ?subject ?relation ?object""",
    "corroborated": f"""SELECT ?subject ?relation ?object (COUNT(DISTINCT ?document) AS ?documents) WHERE {{
{_PLAIN_FACT}}}
GROUP BY ?subject ?relation ?object
HAVING (COUNT(DISTINCT ?document) > 1)
ORDER BY DESC(?documents) ?subject ?relation ?object""",
    "negated": f"""SELECT DISTINCT ?subject ?relation ?object ?sentence ?document WHERE {{
  ?s kg:negated true .
  {_STATEMENT}
}}
ORDER BY ?document ?subject ?relation ?object""",
    "said-by": f"""SELECT DISTINCT ?speaker ?subject ?relation ?object ?negated ?sentence ?document WHERE {{
  ?s kg:attributedTo ?source .
  ?source rdfs:label ?speaker .
  {_STATEMENT}
}}
ORDER BY ?speaker ?document ?subject ?relation ?object""",
    "who-did-what": f"""SELECT DISTINCT ?subject ?relation ?object ?document WHERE {{
{_PLAIN_FACT}}}
ORDER BY ?subject ?relation ?object ?document""",
}
FLAT_SUFFIX = " (flat)"
# Which forms of the named queries a run times (--forms).
FORMS = ("both", "shipped", "flat")
ENTITY_PARAM = (("entity", "an entity's label"),)
EXTRA_QUERIES = (
    NamedQuery("two-hop (flat)", "2-hop join, filter on the far entity", ENTITY_PARAM, TWO_HOP_FLAT),
    NamedQuery("two-hop (subquery)", "the same, first hop in a subquery", ENTITY_PARAM, TWO_HOP_SUBQUERY),
)
# Speed-up the named queries are meant to reach on Oxigraph (issue 5).
TARGET_SPEEDUP = 30.0
# --latency: entities drawn (Zipf, as the data), and issue 20's targets in seconds.
LATENCY_ENTITIES = 50
LATENCY_TARGETS = {"p50": 0.1, "p95": 0.3, "aggregate": 1.0, "first row": 0.1}


class BenchmarkError(Exception):
    """The benchmark cannot run as asked (no queries, bad sizes)."""


@dataclass(frozen=True)
class Shape:
    """Size of a synthetic graph: statements, documents, entities and relation types, and the seed."""

    statements: int
    documents: int
    entities: int
    relations: int
    seed: int = 1

    @classmethod
    def for_statements(cls, statements: int, documents: int | None = None, seed: int = 1) -> Shape:
        """The default shape for ``statements`` (documents, entities and relations in fixed proportions)."""
        return cls(
            statements=statements,
            documents=documents or max(1, statements // STATEMENTS_PER_DOCUMENT),
            entities=max(50, statements // STATEMENTS_PER_ENTITY),
            relations=max(20, min(MAX_RELATIONS, statements // STATEMENTS_PER_RELATION)),
            seed=seed,
        )

    def scaled(self, statements: int) -> Shape:
        """The same proportions at another number of statements."""
        factor = statements / self.statements
        return replace(
            self,
            statements=statements,
            documents=max(1, round(self.documents * factor)),
            entities=max(50, round(self.entities * factor)),
            relations=max(20, min(MAX_RELATIONS, round(self.relations * factor))),
        )


@dataclass(frozen=True)
class Samples:
    """Labels given to the queries' parameters: an entity of rank :data:`SAMPLE_RANK` and its usual partner."""

    entity: str
    partner: str


@dataclass(frozen=True)
class QueryTiming:
    """Best time of a query on one engine (``None`` when it timed out or failed), rows and runs made."""

    seconds: float | None
    rows: int | None
    runs: int
    note: str = ""


@dataclass
class EngineReport:
    """What one engine did on one data set: load time, memory, and the timing of each query."""

    engine: str
    statements: int
    load_seconds: float | None = None
    baseline_mb: float = 0.0
    peak_mb: float = 0.0
    queries: dict[str, QueryTiming] = field(default_factory=dict)
    failure: str = ""
    # How many times the engine's process died (memory) and was started again for the queries left.
    restarts: int = 0


# --- synthetic data --------------------------------------------------------------------------


def _name(number: int, words: int = 2) -> str:
    """A pronounceable, unique name for ``number``: "Kavero Li", "Rone Tamsa", ..."""
    base = len(SYLLABLES)
    syllables = []
    while True:
        number, digit = divmod(number, base)
        syllables.append(SYLLABLES[digit])
        if number == 0:
            break
        number -= 1
    syllables.reverse()
    split = max(1, len(syllables) - words + 1)
    first = "".join(syllables[:split]).capitalize()
    rest = [syllable.capitalize() for syllable in syllables[split:]]
    return " ".join([first, *rest])


def _slug(text: str) -> str:
    return text.lower().replace(" ", "-")


def _relation_labels(count: int) -> list[str]:
    """``count`` distinct relation labels ("buy", "sign deal with", ...), the plainest first."""
    labels = list(VERBS)
    labels += [f"{verb} {preposition}" for verb in VERBS for preposition in PREPOSITIONS]
    labels += [
        f"{verb} {noun} {preposition}" for verb in VERBS for noun in RELATION_NOUNS for preposition in PREPOSITIONS
    ]
    if count > len(labels):
        labels += [
            f"{verb} {adjective} {noun} {preposition}"
            for verb in VERBS
            for adjective in ADJECTIVES
            for noun in RELATION_NOUNS
            for preposition in PREPOSITIONS
        ]
    if count > len(labels):
        raise BenchmarkError(f"at most {len(labels)} relation types can be generated, not {count}")
    return labels[:count]


def _zipf_cumulative(count: int) -> list[float]:
    return list(itertools.accumulate(1.0 / (rank + 1) ** ZIPF_EXPONENT for rank in range(count)))


def write_nquads(shape: Shape, path: Path) -> tuple[int, Samples]:
    """Write a synthetic graph of ``shape`` to ``path`` as N-Quads; return the quad count and the samples.

    Deterministic for a given shape (seed included). Labels and sentences are
    made of ASCII letters and spaces only, so no literal needs escaping.
    """
    rng = random.Random(shape.seed)
    entity_types = rng.choices(list(ENTITY_TYPES), weights=list(ENTITY_TYPES.values()), k=shape.entities)
    entity_labels = [_name(NAME_OFFSET + index) for index in range(shape.entities)]
    entities = [f"<{BASE}{ENTITY_SEGMENT}{_slug(t)}/{_slug(label)}>" for t, label in zip(entity_types, entity_labels)]
    people = [index for index, type_ in enumerate(entity_types) if type_ == "Person"] or [0]
    relation_labels = _relation_labels(shape.relations)
    relations = [f"<{BASE}{RELATION_SEGMENT}{_slug(label)}>" for label in relation_labels]
    entity_weights = _zipf_cumulative(shape.entities)
    relation_weights = _zipf_cumulative(shape.relations)
    entity_ids = range(shape.entities)
    relation_ids = range(shape.relations)
    schema = PREFIXES["schema"]

    quads = 0
    partners: Counter[int] = Counter()
    with path.open("w", encoding="utf-8") as out:
        lines = []
        for index, (node, type_, label) in enumerate(zip(entities, entity_types, entity_labels)):
            lines.append(f"{node} {TYPE} <{schema}{type_}> .\n{node} {LABEL} \"{label}\"@en .\n")
            quads += 2
            if rng.random() < ALIAS_SHARE:
                lines.append(f"{node} {ALT_LABEL} \"{label.split()[0]}\"@en .\n")
                quads += 1
            if type_ in LINKED_TYPES:
                lines.append(f"{node} {SAME_AS} <http://www.wikidata.org/entity/Q{index + 1}> .\n")
                quads += 1
        for relation, label in zip(relations, relation_labels):
            lines.append(f"{relation} {TYPE} {PROPERTY_CLASS} .\n{relation} {LABEL} \"{label}\"@en .\n")
            quads += 2
        out.write("".join(lines))

        per_document, extra = divmod(shape.statements, shape.documents)
        number = 0
        for document_index in range(shape.documents):
            document_id = f"article-{document_index:07d}.txt"
            document = f"<{BASE}{DOCUMENT_SEGMENT}{document_id}>"
            # as in kg: the document's description is in its own graph
            lines = [f"{document} {TYPE} {DOCUMENT_CLASS} {document} .\n"
                     f"{document} {IDENTIFIER} \"{document_id}\" {document} .\n"]
            quads += 2
            count = per_document + (1 if document_index < extra else 0)
            subjects = rng.choices(entity_ids, cum_weights=entity_weights, k=count)
            objects = rng.choices(entity_ids, cum_weights=entity_weights, k=count)
            predicates = rng.choices(relation_ids, cum_weights=relation_weights, k=count)
            offset = 0
            left_in_sentence = 0
            sentence = ""
            start = end = 0
            for subject, object_, predicate in zip(subjects, objects, predicates):
                if subject == object_:
                    object_ = (object_ + 1) % shape.entities
                if subject == SAMPLE_RANK:
                    partners[object_] += 1
                elif object_ == SAMPLE_RANK:
                    partners[subject] += 1
                if left_in_sentence == 0:
                    left_in_sentence = rng.randint(1, MAX_STATEMENTS_PER_SENTENCE)
                    filler = " ".join(rng.choices(FILLER_WORDS, k=FILLER_WORDS_PER_SENTENCE))
                    sentence = (
                        f"{entity_labels[subject]} {relation_labels[predicate]} {entity_labels[object_]} {filler}."
                    )
                    start, end = offset, offset + len(sentence)
                    offset = end + 1
                left_in_sentence -= 1

                node = f"<{BASE}{STATEMENT_SEGMENT}s{number:012x}>"
                number += 1
                negated = rng.random() < NEGATED_SHARE
                modality = rng.choice(MODALITIES) if rng.random() < MODALITY_SHARE else None
                condition = rng.random() < CONDITION_SHARE
                s, p, o = entities[subject], relations[predicate], entities[object_]
                block = [
                    f"{node} {TYPE} {STATEMENT_CLASS} {document} .\n"
                    f"{node} {SUBJECT} {s} {document} .\n"
                    f"{node} {PREDICATE} {p} {document} .\n"
                    f"{node} {OBJECT} {o} {document} .\n"
                    f"{node} {NEGATED} {TRUE if negated else FALSE} {document} .\n"
                    f"{node} {CONFIDENCE} \"{rng.choice(CONFIDENCES)}\"{DECIMAL} {document} .\n"
                    f"{node} {DERIVED_FROM} {document} {document} .\n"
                    f"{node} {DOCUMENT} \"{document_id}\" {document} .\n"
                    f"{node} {SENTENCE} \"{sentence}\" {document} .\n"
                    f"{node} {START} \"{start}\"{INTEGER} {document} .\n"
                    f"{node} {END} \"{end}\"{INTEGER} {document} .\n"
                    f"{node} {EXTRACTOR} {EXTRACTOR_NAME} {document} .\n"
                    f"{node} {EXTRACTOR_VERSION} {EXTRACTOR_RELEASE} {document} .\n"
                ]
                quads += 13
                if modality is not None:
                    block.append(f"{node} {MODALITY} \"{modality}\" {document} .\n")
                    quads += 1
                if condition:
                    block.append(f"{node} {CONDITION} \"if the deal goes ahead\" {document} .\n")
                    quads += 1
                if rng.random() < EVENT_TIME_SHARE:
                    block.append(f"{node} {EVENT_TIME} \"{rng.choice(TIME_PHRASES)}\" {document} .\n")
                    quads += 1
                if rng.random() < ATTRIBUTED_SHARE:
                    if rng.random() < UNRESOLVED_SPEAKER_SHARE:
                        speaker = f"\"{rng.choice(UNRESOLVED_SPEAKERS)}\""
                    else:
                        speaker = entities[people[rng.randrange(len(people))]]
                    block.append(f"{node} {ATTRIBUTED_TO} {speaker} {document} .\n")
                    quads += 1
                if not negated and modality is None and not condition:  # asserted: also a direct triple
                    block.append(f"{s} {p} {o} {document} .\n")
                    quads += 1
                lines.extend(block)
                if len(lines) >= WRITE_CHUNK:
                    out.write("".join(lines))
                    lines = []
            out.write("".join(lines))
    partner = partners.most_common(1)[0][0] if partners else (SAMPLE_RANK + 1) % shape.entities
    return quads, Samples(entity_labels[SAMPLE_RANK % shape.entities], entity_labels[partner])


# --- queries ---------------------------------------------------------------------------------


def benchmark_queries(samples: Samples, two_hop: bool = False) -> list[tuple[str, str]]:
    """(name, SPARQL text) of every query to time: the shipped ones, their flat forms and, with
    ``two_hop``, :data:`EXTRA_QUERIES`.

    Parameters get, in order of declaration, the sample entity's label, then
    its most frequent partner's (so "between" finds statements).
    """
    shipped = list(named_queries().values())
    if not shipped:
        raise BenchmarkError("no named queries found in kg/data/queries")
    flat = [
        NamedQuery(query.name + FLAT_SUFFIX, query.description, query.params, FLAT_FORMS[query.name])
        for query in shipped
        if query.name in FLAT_FORMS
    ]
    values = [samples.entity, samples.partner]
    chosen = []
    for query in [*shipped, *flat, *(EXTRA_QUERIES if two_hop else ())]:
        names = [name for name, _about in query.params]
        if len(names) > len(values):
            raise BenchmarkError(f"query {query.name!r} has more parameters than the benchmark has samples")
        chosen.append((query.name, query.render(dict(zip(names, values)))))
    return chosen


def select_forms(queries: Sequence[tuple[str, str]], forms: str) -> list[tuple[str, str]]:
    """``queries`` keeping the named queries' shipped forms, their flat forms or both (``forms``, one of
    :data:`FORMS`); the extra queries (two-hop) are always kept."""
    if forms not in FORMS:
        raise BenchmarkError(f"forms must be one of {', '.join(FORMS)}, not {forms!r}")
    flat = {name + FLAT_SUFFIX for name in FLAT_FORMS}
    if forms == "shipped":
        return [(name, text) for name, text in queries if name not in flat]
    if forms == "flat":
        return [(name, text) for name, text in queries if name not in FLAT_FORMS]
    return list(queries)


# --- engines ---------------------------------------------------------------------------------


class _QueryTimedOut(Exception):
    """Raised by the interval timer inside a (pure Python) rdflib query."""


def _rss_bytes() -> int:
    """Current resident set size of this process."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _peak_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kilobytes on Linux


def _start_memory_watchdog(limit_bytes: int, interrupt_queries: bool = False) -> None:
    """Watch this process's RSS: over ``limit_bytes``, end it (exit code :data:`MEMORY_EXIT_CODE`).

    With ``interrupt_queries`` (rdflib, whose queries run in this process), a
    query running when the limit is passed is interrupted instead (a
    KeyboardInterrupt in the main thread, see :func:`_time_query`), so that one
    query that builds a huge intermediate result does not lose the rest; the
    process only ends past :data:`HARD_MEMORY_MARGIN` more.
    """

    def watch() -> None:
        while True:
            rss = _rss_bytes()
            if rss > limit_bytes + (HARD_MEMORY_MARGIN if interrupt_queries else 0):
                os._exit(MEMORY_EXIT_CODE)
            if interrupt_queries and rss > limit_bytes and _QUERY_RUNNING.is_set():
                _MEMORY_INTERRUPT.set()
                _thread.interrupt_main()
            time.sleep(WATCHDOG_INTERVAL_S)

    threading.Thread(target=watch, daemon=True).start()


def _release_memory() -> None:
    """Collect garbage and hand freed heap back to the system (glibc), after an interrupted query."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _load_rdflib(nquads: Path, _folder: Path) -> rdflib.Dataset:
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(str(nquads), format="nquads")
    return dataset


def _query_rdflib(dataset: rdflib.Dataset, sparql: str) -> int:
    return sum(1 for _row in dataset.query(sparql, initNs=PREFIXES))


def _load_oxigraph(nquads: Path, folder: Path | None) -> ox.Store:
    """Bulk-load ``nquads`` into a store in ``folder`` (or in memory) and compact it.

    Without :meth:`~pyoxigraph.Store.optimize` the bulk-loaded files stay
    uncompacted (a read-only store never compacts them), and queries ran about
    three times slower at 300,000 statements.
    """
    store = ox.Store(str(folder)) if folder is not None else ox.Store()
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    store.optimize()
    return store


def _query_oxigraph(store: ox.Store, sparql: str) -> int:
    answer = store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
    if isinstance(answer, ox.QueryBoolean):
        return 1
    return sum(1 for _row in answer)


def _time_query(run: Callable[[], int], runs: int, timeout: float | None = None) -> QueryTiming:
    """Best of up to ``runs`` runs of ``run``, fewer once :data:`REPEAT_BUDGET_S` is spent.

    With ``timeout``, an interval timer interrupts a run that takes longer
    (this works for pure Python code such as rdflib's, see :func:`_on_alarm`).
    """
    best: float | None = None
    rows = None
    spent = 0.0
    made = 0
    for _ in range(runs):
        if timeout is not None:
            # then again every second: rdflib swallows an exception raised inside some of its code
            signal.setitimer(signal.ITIMER_REAL, timeout, 1.0)
        started = time.perf_counter()
        try:
            try:
                _QUERY_RUNNING.set()
                rows = run()
            finally:
                _QUERY_RUNNING.clear()
                if timeout is not None:
                    signal.setitimer(signal.ITIMER_REAL, 0)
        except KeyboardInterrupt:
            if not _MEMORY_INTERRUPT.is_set():
                raise
            _MEMORY_INTERRUPT.clear()
            _release_memory()
            return QueryTiming(None, None, made + 1, note="stopped: over the memory limit")
        except _QueryTimedOut:
            return QueryTiming(None, None, made + 1, note=f">{timeout:.3g}")
        except Exception as error:  # noqa: BLE001 - an engine's failure is reported, not fatal
            return QueryTiming(None, None, made + 1, note=f"error: {type(error).__name__}")
        elapsed = time.perf_counter() - started
        made += 1
        spent += elapsed
        best = elapsed if best is None else min(best, elapsed)
        if spent >= REPEAT_BUDGET_S:
            break
    return QueryTiming(best, rows, made)


def _on_alarm(signum: int, frame: object) -> None:
    raise _QueryTimedOut


def _oxigraph_query_worker(connection, open_store: Callable[[], ox.Store], sparql: str, memory_limit: int) -> None:
    """Run ``sparql`` once each time the parent asks, and send back (seconds, rows, error)."""
    _start_memory_watchdog(memory_limit)
    store = open_store()
    while connection.recv():
        started = time.perf_counter()
        try:
            rows = _query_oxigraph(store, sparql)
        except Exception as error:  # noqa: BLE001 - reported to the parent
            connection.send((None, None, f"error: {type(error).__name__}"))
            continue
        connection.send((time.perf_counter() - started, rows, ""))


def _time_oxigraph(
    open_store: Callable[[], ox.Store], sparql: str, runs: int, timeout: float, memory_limit: int
) -> QueryTiming:
    """Like :func:`_time_query`, each run in a forked process that is killed when a run passes ``timeout``."""
    context = multiprocessing.get_context("fork")
    connection, child_end = context.Pipe()
    process = context.Process(target=_oxigraph_query_worker, args=(child_end, open_store, sparql, memory_limit))
    process.start()
    child_end.close()
    best: float | None = None
    rows = None
    made = 0
    spent = 0.0
    note = ""
    try:
        for _ in range(runs):
            connection.send(True)
            if not connection.poll(timeout):
                note = f">{timeout:.3g}"
                break
            elapsed, rows, note = connection.recv()
            made += 1
            if note:
                break
            spent += elapsed
            best = elapsed if best is None else min(best, elapsed)
            if spent >= REPEAT_BUDGET_S:
                break
        connection.send(False)
    except (EOFError, OSError):
        process.join()
        note = "stopped: over the memory limit" if process.exitcode == MEMORY_EXIT_CODE else "query process died"
    finally:
        if process.is_alive():
            process.join(1)
        if process.is_alive():
            process.kill()
        process.join()
        connection.close()
    if best is None:
        return QueryTiming(None, None, max(made, 1), note)
    return QueryTiming(best, rows, made)


def _in_engine_order(queries: Sequence[tuple[str, str]], engine: str) -> list[tuple[str, str]]:
    """``queries`` with each named query's two forms side by side, the one likely faster on ``engine`` first.

    rdflib runs the flat form first, Oxigraph the shipped one (see :func:`_time_limit`).
    """
    flat_first = engine == "rdflib"
    ordered: list[tuple[str, str]] = []
    texts = dict(queries)
    for name, sparql in queries:
        if name.endswith(FLAT_SUFFIX) and name[: -len(FLAT_SUFFIX)] in texts:
            continue  # placed next to its shipped form
        pair = [(name, sparql)]
        if name + FLAT_SUFFIX in texts:
            pair.append((name + FLAT_SUFFIX, texts[name + FLAT_SUFFIX]))
            if flat_first:
                pair.reverse()
        ordered.extend(pair)
    return ordered


def _time_limit(done: dict[str, QueryTiming], name: str, query_timeout: float) -> float:
    """Time allowed to ``name``: ``query_timeout``, or less once the other form of the same query has run.

    Only each engine's faster form counts in the summary, so the second form
    needs no longer than the first took (at least :data:`MIN_SECOND_FORM_S`):
    past that it is known to be the slower one, and shows as ``>T``. This keeps
    a form that an engine evaluates by nested loops from eating the time limit.
    """
    other = name[: -len(FLAT_SUFFIX)] if name.endswith(FLAT_SUFFIX) else name + FLAT_SUFFIX
    first = done.get(other)
    if first is None or first.seconds is None:
        return query_timeout
    return min(query_timeout, max(first.seconds, MIN_SECOND_FORM_S))


def run_engine(
    engine: str,
    nquads: Path,
    statements: int,
    queries: Sequence[tuple[str, str]],
    runs: int,
    workdir: Path,
    on_disk: bool,
    query_timeout: float,
    memory_limit: int,
    done: Mapping[str, QueryTiming] | None = None,
    send: Callable[[str, object], None] | None = None,
) -> EngineReport:
    """Load ``nquads`` into ``engine`` ("rdflib" or "oxigraph") and time each query; run in a child process.

    Queries in ``done`` are not run again (their timings are kept); ``send``,
    if given, is told ``("load", seconds)`` and then ``("query", (name,
    timing))`` as each is made, so that a parent learns how far a process got
    that then dies (see :func:`run_engine_in_children`).

    rdflib queries run here, stopped by a timer signal. Oxigraph's cannot be
    interrupted from Python, so each runs (all its repeats) in a forked process
    killed at the time limit: an on-disk store is closed after loading and
    opened read-only there, an in-memory store is inherited by the fork.
    """
    _start_memory_watchdog(memory_limit, interrupt_queries=engine == "rdflib")
    report = EngineReport(engine, statements, baseline_mb=_rss_bytes() / MIB)
    folder = workdir / f"{engine}-store-{statements}" if on_disk else None
    started = time.perf_counter()
    handle = _load_rdflib(nquads, folder) if engine == "rdflib" else _load_oxigraph(nquads, folder)
    report.load_seconds = time.perf_counter() - started
    _progress(f"  {engine}: loaded in {report.load_seconds:.1f} s")
    report.queries.update(done or {})
    if send is not None:
        send("load", report.load_seconds)
    if engine == "rdflib":
        signal.signal(signal.SIGALRM, _on_alarm)
    elif folder is not None:
        del handle  # closed: the query processes open it read-only
        store_folder = str(folder)

        def open_store() -> ox.Store:
            return ox.Store.read_only(store_folder)

    else:

        def open_store() -> ox.Store:
            return handle

    for name, sparql in _in_engine_order(queries, engine):
        if name in report.queries:
            continue
        limit = _time_limit(report.queries, name, query_timeout)
        if engine == "rdflib":
            timing = _time_query(lambda text=sparql: _query_rdflib(handle, text), runs, limit)
        else:
            timing = _time_oxigraph(open_store, sparql, runs, limit, memory_limit)
        report.queries[name] = timing
        if send is not None:
            send("query", (name, timing))
        shown = f"{timing.seconds:.3f} s" if timing.seconds is not None else timing.note
        _progress(f"  {engine}: {name}: {shown}, {timing.rows} rows")
    children_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    report.peak_mb = max(_peak_rss_bytes(), children_peak) / MIB
    return report


def _engine_child(connection, args: tuple, done: dict[str, QueryTiming]) -> None:
    report = run_engine(*args, done=done, send=lambda kind, value: connection.send((kind, value)))
    connection.send(("report", report))
    connection.close()


def run_engine_in_children(
    engine: str, nquads: Path, statements: int, queries: Sequence[tuple[str, str]], *rest: object
) -> EngineReport:
    """:func:`run_engine` in a forked process; if that process dies, the rest of the queries in a new one.

    rdflib evaluates some query forms by nested loops whose intermediate
    results can outgrow the memory limit faster than the watchdog can
    interrupt them; the process is then ended, that query is reported as
    stopped, and a fresh process loads the data again for the queries left.
    """
    args = (nquads, statements, queries, *rest)
    ordered = [name for name, _sparql in _in_engine_order(queries, engine)]
    done: dict[str, QueryTiming] = {}
    restarts = 0
    context = multiprocessing.get_context("fork")
    while True:
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_engine_child, args=(sender, (engine, *args), dict(done)))
        process.start()
        sender.close()
        report: EngineReport | None = None
        loaded = False
        try:
            while report is None:
                kind, value = receiver.recv()
                if kind == "load":
                    loaded = True
                elif kind == "query":
                    name, timing = value
                    done[name] = timing
                else:
                    report = value
        except EOFError:
            pass
        process.join()
        receiver.close()
        if report is not None:
            report.restarts = restarts
            return report
        left = [name for name in ordered if name not in done]
        why = "stopped: over the memory limit" if process.exitcode == MEMORY_EXIT_CODE else "engine process died"
        if not loaded or not left:
            return EngineReport(engine, statements, queries=done, failure=f"{why} (exit code {process.exitcode})")
        done[left[0]] = QueryTiming(None, None, 1, note=why)
        _progress(f"  {engine}: {left[0]}: {why}; loading again for the {len(left) - 1} queries left")
        restarts += 1


def _child_entry(connection, function: Callable[..., object], args: tuple) -> None:
    connection.send(function(*args))
    connection.close()


def _in_child(function: Callable[..., object], *args: object) -> object:
    """Run ``function(*args)`` in a forked process (its memory its own) and return its result.

    Returns a string saying what went wrong instead when the process goes over
    the memory limit or dies otherwise.
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child_entry, args=(sender, function, args))
    process.start()
    sender.close()
    result: object = None
    try:
        result = receiver.recv()
    except EOFError:
        pass
    process.join()
    receiver.close()
    if result is None:
        if process.exitcode == MEMORY_EXIT_CODE:
            return "stopped: memory went over the limit"
        return f"engine process failed (exit code {process.exitcode})"
    return result


def _calibrate_rdflib(workdir: Path, shape: Shape) -> tuple[float, float]:
    """rdflib's (bytes of memory, seconds of loading) per statement, measured on a small sample."""
    sample = shape.scaled(min(CALIBRATION_STATEMENTS, shape.statements))
    path = workdir / "calibration.nq"
    write_nquads(sample, path)
    warm_up = workdir / "warm-up.nq"
    warm_up.write_text(f"<{BASE}a> <{BASE}b> <{BASE}c> <{BASE}g> .\n", encoding="utf-8")

    def measure() -> tuple[float, float]:
        _load_rdflib(warm_up, workdir)  # imports the parser and SPARQL modules before measuring
        baseline = _rss_bytes()
        started = time.perf_counter()
        _load_rdflib(path, workdir)
        seconds = time.perf_counter() - started
        return (_peak_rss_bytes() - baseline) / sample.statements, seconds / sample.statements

    result = _in_child(measure)
    path.unlink()
    warm_up.unlink()
    if isinstance(result, str):
        raise BenchmarkError(f"rdflib calibration failed: {result}")
    return result


# --- report ----------------------------------------------------------------------------------


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _seconds(timing: QueryTiming | None, runs: int) -> str:
    """Best time, starred when fewer than ``runs`` runs were made (the first took long)."""
    if timing is None:
        return "-"
    if timing.seconds is None:
        return timing.note
    return f"{timing.seconds:.3f}" + ("*" if timing.runs < runs else "")


def _times(ratio: float) -> str:
    """A speed-up with two significant digits or whole: 0.027x, 3.2x, 52x."""
    if ratio >= 10:
        return f"{ratio:.0f}x"
    if ratio >= 1:
        return f"{ratio:.1f}x"
    return f"{ratio:.2g}x"


def _speedup(slow: QueryTiming | None, fast: QueryTiming | None) -> tuple[float | None, bool]:
    """rdflib time / Oxigraph time and whether it is only a lower bound (rdflib timed out);
    ``None`` when there is nothing to compare (Oxigraph failed or timed out, rdflib failed)."""
    if slow is None or fast is None or fast.seconds is None:
        return None, False
    if slow.seconds is None:
        if slow.note.startswith(">"):
            return float(slow.note[1:]) / max(fast.seconds, 1e-6), True
        return None, False
    return slow.seconds / max(fast.seconds, 1e-6), False


def _ratio(slow: QueryTiming | None, fast: QueryTiming | None) -> str:
    """:func:`_speedup` as shown: ``52x``, ``>52x`` for a lower bound, ``-`` for nothing."""
    ratio, lower_bound = _speedup(slow, fast)
    if ratio is None:
        return "-"
    return (">" if lower_bound else "") + _times(ratio)


def _describe(shape: Shape, quads: int, nquads_bytes: int) -> str:
    return (
        f"{shape.statements:,} statements, {shape.documents:,} documents, {shape.entities:,} entities, "
        f"{shape.relations:,} relation types -> {quads:,} quads ({nquads_bytes / MIB:,.0f} MB of N-Quads)"
    )


def _best(report: EngineReport, name: str) -> tuple[QueryTiming | None, str]:
    """The faster of a named query's shipped and flat forms on one engine, and which it was."""
    forms = [(report.queries.get(name), "shipped"), (report.queries.get(name + FLAT_SUFFIX), "flat")]
    timed = [(timing, form) for timing, form in forms if timing is not None and timing.seconds is not None]
    if timed:
        return min(timed, key=lambda pair: pair[0].seconds)
    return forms[0]


def _best_forms(slow: EngineReport, fast: EngineReport, runs: int) -> list[str]:
    """Lines comparing each named query's faster form on rdflib with its faster form on Oxigraph."""
    names = [name for name in slow.queries if name in FLAT_FORMS]
    if not names:
        return []
    both_forms = any(name + FLAT_SUFFIX in report.queries for report in (slow, fast) for name in names)
    title = "named queries, each engine's faster form:" if both_forms else "named queries, the shipped text on both:"
    lines = ["", f"{title:44}{'rdflib s':>13}{'form':>9}{'oxigraph s':>13}{'form':>9}{'speed-up':>11}"]
    reached = []
    for name in names:
        (rdflib_timing, rdflib_form), (ox_timing, ox_form) = _best(slow, name), _best(fast, name)
        ratio = _ratio(rdflib_timing, ox_timing)
        lines.append(f"  {name:42}{_seconds(rdflib_timing, runs):>13}{rdflib_form:>9}"
                     f"{_seconds(ox_timing, runs):>13}{ox_form:>9}{ratio:>11}")
        value, _lower_bound = _speedup(rdflib_timing, ox_timing)
        if value is not None and value >= TARGET_SPEEDUP:
            reached.append(name)
    missed = [name for name in names if name not in reached]
    lines.append(f"  >= {TARGET_SPEEDUP:g}x: {len(reached)} of {len(names)} named queries"
                 + (f" (not: {', '.join(missed)})" if missed else ""))
    lines.append("")
    return lines


def format_comparison(reports: Sequence[EngineReport], runs: int) -> str:
    """A table of load and query times, one column pair per engine, with the rdflib/Oxigraph speed-up.

    ``runs`` is the number of runs asked for each query; times from fewer runs are starred.
    """
    by_engine = {report.engine: report for report in reports}
    slow, fast = by_engine.get("rdflib"), by_engine.get("oxigraph")
    engines = [report for report in (slow, fast) if report is not None]
    lines = []
    header = f"{'':22}" + "".join(f"{report.engine + ' s':>13}{'rows':>10}" for report in engines)
    if slow and fast:
        header += f"{'speed-up':>11}"
    lines.append(header)
    load = f"{'load':22}" + "".join(
        f"{(f'{r.load_seconds:.1f}' if r.load_seconds is not None else '-'):>13}{'':>10}" for r in engines
    )
    if slow and fast and slow.load_seconds and fast.load_seconds:
        load += f"{_times(slow.load_seconds / fast.load_seconds):>11}"
    lines.append(load)
    names = list(dict.fromkeys(name for report in engines for name in report.queries))
    for name in names:
        row = f"{name:22}"
        for report in engines:
            timing = report.queries.get(name)
            rows = "-" if timing is None or timing.rows is None else f"{timing.rows:,}"
            row += f"{_seconds(timing, runs):>13}{rows:>10}"
        if slow and fast:
            row += f"{_ratio(slow.queries.get(name), fast.queries.get(name)):>11}"
            a, b = slow.queries.get(name), fast.queries.get(name)
            if a and b and a.rows is not None and b.rows is not None and a.rows != b.rows:
                row += "  (row counts differ!)"
        lines.append(row)
    if slow and fast:
        lines.extend(_best_forms(slow, fast, runs))
    lines.append(
        "memory (peak RSS)     "
        + "  ".join(f"{r.engine} {r.peak_mb:,.0f} MB ({r.peak_mb - r.baseline_mb:,.0f} MB over start)" for r in engines)
    )
    for report in engines:
        if report.failure:
            lines.append(f"{report.engine}: {report.failure}")
        if report.restarts:
            lines.append(f"{report.engine}: its process went over the memory limit {report.restarts} time(s) and "
                         "loaded the data again for the queries left (peak memory is the last process's)")
    return "\n".join(lines)


# --- main ------------------------------------------------------------------------------------


def _round_down(number: int) -> int:
    """``number`` rounded down to two significant digits (123,456 -> 120,000)."""
    if number < 100:
        return number
    unit = 10 ** (int(math.log10(number)) - 1)
    return number // unit * unit


# --- latency (--latency) ---------------------------------------------------------------------


def _answer_seconds(store: ox.Store, sparql: str, first_row_only: bool = False) -> tuple[float, int]:
    """Seconds until the whole answer (or its first row) has been read, and the rows read."""
    started = time.perf_counter()
    rows = 0
    for _row in store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True):
        rows += 1
        if first_row_only:
            break
    return time.perf_counter() - started, rows


def _percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def measure_latency(store: ox.Store, shape: Shape) -> list[str]:
    """What a user of the endpoint waits for: ``about`` and ``between`` for
    :data:`LATENCY_ENTITIES` entities drawn with the data's Zipf law (p50, p95, max and the
    rows), the aggregate ``corroborated`` whole, and the first row of every query without
    parameters. Lines to print."""
    queries = named_queries()
    rng = random.Random(shape.seed + 1)
    weights = _zipf_cumulative(shape.entities)
    labels = [_name(NAME_OFFSET + index) for index in rng.choices(range(shape.entities), cum_weights=weights, k=2 * LATENCY_ENTITIES)]
    entities, partners = labels[:LATENCY_ENTITIES], labels[LATENCY_ENTITIES:]
    lines = []
    for name, values in (
        ("about", [{"entity": e} for e in entities]),
        ("between", [{"a": a, "b": b} for a, b in zip(entities, partners)]),
    ):
        timed = [_answer_seconds(store, queries[name].render(v)) for v in values]
        seconds = [t for t, _ in timed]
        rows = sorted(r for _, r in timed)
        p50, p95 = _percentile(seconds, 0.5), _percentile(seconds, 0.95)
        verdict = "met" if p50 <= LATENCY_TARGETS["p50"] and p95 <= LATENCY_TARGETS["p95"] else "NOT met"
        lines.append(
            f"{name:<14} p50 {p50 * 1e3:8.1f} ms  p95 {p95 * 1e3:8.1f} ms  max {max(seconds) * 1e3:8.1f} ms  "
            f"rows: median {rows[len(rows) // 2]:,}, max {rows[-1]:,}  "
            f"(targets p50 ≤ {LATENCY_TARGETS['p50'] * 1e3:.0f} ms, p95 ≤ {LATENCY_TARGETS['p95'] * 1e3:.0f} ms: {verdict})"
        )
    whole = [_answer_seconds(store, queries["corroborated"].text) for _ in range(3)]
    best = min(t for t, _ in whole)
    verdict = "met" if best <= LATENCY_TARGETS["aggregate"] else "NOT met"
    lines.append(f"{'corroborated':<14} whole answer {best:8.3f} s, {whole[0][1]:,} rows "
                 f"(best of 3; target ≤ {LATENCY_TARGETS['aggregate']:g} s: {verdict})")
    for name, query in queries.items():
        if query.params:
            continue
        seconds, _rows = min(_answer_seconds(store, query.text, first_row_only=True) for _ in range(3))
        verdict = "met" if seconds <= LATENCY_TARGETS["first row"] else "NOT met"
        lines.append(f"{name:<14} first row {seconds * 1e3:10.1f} ms (best of 3; target ≤ "
                     f"{LATENCY_TARGETS['first row'] * 1e3:.0f} ms: {verdict})")
    return lines


def run_latency(options: argparse.Namespace, workdir: Path) -> None:
    """``--latency``: Oxigraph alone on the full size, the figures of :func:`measure_latency`."""
    shape = Shape.for_statements(options.statements, options.documents or None, options.seed)
    path = workdir / "graph.nq"
    _progress(f"writing {shape.statements:,} statements as N-Quads...")
    quads, _samples = write_nquads(shape, path)
    _progress("loading them into an on-disk Oxigraph store..." if not options.oxigraph_memory else "loading them...")
    started = time.perf_counter()
    store = _load_oxigraph(path, None if options.oxigraph_memory else workdir / "store")
    loaded = time.perf_counter() - started
    described = _describe(shape, quads, path.stat().st_size)
    path.unlink()
    print(f"SPARQL latency: pyoxigraph {ox.__version__}, {described}, "
          f"loaded in {loaded:.0f} s; {LATENCY_ENTITIES} entities drawn with the data's Zipf law (seed {shape.seed + 1})")
    for line in measure_latency(store, shape):
        print(line)


def _argument_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=DEFAULT_STATEMENTS, help="statements in the graph")
    parser.add_argument("--documents", type=int, default=0, help=f"documents [statements / {STATEMENTS_PER_DOCUMENT}]")
    parser.add_argument(
        "--rdflib-statements",
        type=int,
        default=0,
        help="statements to give rdflib [as many as --statements, or fewer if memory would run out]; "
        "when fewer, both engines are compared at that size and Oxigraph alone runs the full size",
    )
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, help="runs per query; the best counts")
    parser.add_argument(
        "--query-timeout", type=float, default=DEFAULT_QUERY_TIMEOUT_S, help="seconds a query may run on either engine"
    )
    parser.add_argument(
        "--memory-limit-gb", type=float, default=DEFAULT_MEMORY_LIMIT_GB, help="most memory (RSS) an engine may use"
    )
    parser.add_argument(
        "--forms",
        choices=FORMS,
        default="both",
        help="which forms of the named queries to time [both]; with one form, no query is stopped early for "
        "being the slower form (see _time_limit), so 'shipped' gives the same-text speed-ups in full",
    )
    parser.add_argument("--two-hop", action="store_true", help="also time the two-hop join written two ways")
    parser.add_argument("--oxigraph-memory", action="store_true", help="in-memory Oxigraph store (default: on disk)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic data")
    parser.add_argument("--workdir", type=Path, default=None, help="folder for the temporary files [system temp]")
    parser.add_argument(
        "--latency", action="store_true",
        help="Oxigraph alone: what a user waits for (about/between over entities drawn by Zipf, p50/p95; "
        "corroborated whole; the first row of each listing query); no rdflib",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit code."""
    options = _argument_parser().parse_args(argv)
    if options.statements < 1 or options.runs < 1 or options.rdflib_statements < 0:
        print("error: --statements and --runs must be positive, --rdflib-statements 0 or more", file=sys.stderr)
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="kg-sparql-bench-", dir=options.workdir))
    memory_limit = int(options.memory_limit_gb * GIB)
    if options.latency:
        try:
            run_latency(options, workdir)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        return 0
    try:
        full = Shape.for_statements(options.statements, options.documents or None, options.seed)
        _progress(f"calibrating rdflib on {min(CALIBRATION_STATEMENTS, full.statements):,} statements...")
        bytes_per_statement, seconds_per_statement = _calibrate_rdflib(workdir, full)
        # Half a GiB for the interpreter, the libraries and the query's own working memory.
        peak_per_statement = bytes_per_statement * RDFLIB_QUERY_MEMORY_FACTOR
        fitting = _round_down(int((memory_limit - GIB // 2) / peak_per_statement))
        wanted = min(options.rdflib_statements or full.statements, full.statements)
        common = min(wanted, fitting)
        store_kind = "in-memory" if options.oxigraph_memory else "on-disk"
        print(
            f"SPARQL benchmark: rdflib {rdflib.__version__} vs pyoxigraph {ox.__version__} "
            f"({store_kind} store), synthetic data, seed {full.seed}"
        )
        sampled = min(CALIBRATION_STATEMENTS, full.statements)
        print(
            f"rdflib needs ~{bytes_per_statement / 1024:.1f} KB and ~{seconds_per_statement * 1e3:.2f} ms "
            f"per statement to load (measured on {sampled:,}), twice the memory at query peaks: "
            f"~{peak_per_statement * full.statements / GIB:.1f} GB and "
            f"~{seconds_per_statement * full.statements / 60:.0f} min for {full.statements:,} statements; "
            f"memory limit {options.memory_limit_gb:g} GB"
        )
        if common < wanted:
            print(f"rdflib capped at {common:,} statements to stay under the memory limit")
        shapes = [full.scaled(common)] if common < full.statements else [full]
        if common < full.statements:
            shapes.append(full)
        for number, shape in enumerate(shapes):
            both = number == 0
            path = workdir / f"graph-{shape.statements}.nq"
            _progress(f"writing {shape.statements:,} statements as N-Quads...")
            started = time.perf_counter()
            quads, samples = write_nquads(shape, path)
            _progress(f"  written in {time.perf_counter() - started:.1f} s")
            queries = select_forms(benchmark_queries(samples, options.two_hop), options.forms)
            reports = []
            for engine in ("rdflib", "oxigraph") if both else ("oxigraph",):
                _progress(f"{engine} on {shape.statements:,} statements...")
                args = (engine, path, shape.statements, queries, options.runs, workdir,
                        not options.oxigraph_memory, options.query_timeout, memory_limit)
                reports.append(run_engine_in_children(*args))
                shutil.rmtree(workdir / f"{engine}-store-{shape.statements}", ignore_errors=True)
            print()
            title = "both engines, same data" if both else "Oxigraph alone, at the full size"
            print(f"{title}: {_describe(shape, quads, path.stat().st_size)}")
            print(f"parameters: entity = {samples.entity!r}, partner = {samples.partner!r}")
            print(format_comparison(reports, options.runs))
            path.unlink()
        print(f"\ntimes in seconds, best of {options.runs} run(s) (* fewer: the first runs took {REPEAT_BUDGET_S:g} s);"
              " speed-up = rdflib time / Oxigraph time on the same data;"
              " Oxigraph's load includes compacting the store (optimize)")
    except BenchmarkError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
