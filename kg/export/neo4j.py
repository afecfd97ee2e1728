"""Neo4j import files: the CSV files of ``neo4j-admin database import`` and a ``load.cypher`` for ``LOAD CSV``.

A Neo4j graph is a property graph, so kg's graph goes in as people draw it:

* ``entities.csv``: one ``:Entity`` node per entity (and per id a statement names without
  one), with its schema.org type as a second label (``Entity;Person``), name, aliases,
  mention count, gazetteer links and type evidence;
* ``documents.csv``: one ``:Document`` node per article (title, date, source, statement count);
* ``statements.csv``: one relationship per *statement*, not per merged relation (Neo4j keeps
  parallel relationships, and each carries its own sentence): its type is the predicate in
  Neo4j's convention (``PRESIDENT_OF`` for "president of"), its properties the qualifiers
  (``negated``, ``modality``, ``condition``, ``time``, ``attributedTo``, ``confidence``),
  the rule that read it and its provenance (document, sentence, character offsets);
* ``mentions.csv``: ``MENTIONED_IN`` from each entity to each document that names it, with a count.

The headers follow neo4j-admin's conventions (``id:ID(Entity)``, ``:LABEL``,
``:START_ID(Entity)``, ``:TYPE``, typed columns ``confidence:float``, arrays ``aliases:string[]``
split on ``;``, neo4j-admin's default array delimiter), so ``neo4j-admin database import
full --nodes=entities.csv --nodes=documents.csv --relationships=statements.csv
--relationships=mentions.csv`` reads the folder as it is. ``load.cypher`` (shipped in
``kg/data/``, the same for every graph: no value of the data is ever pasted into Cypher)
reads the same files into a running server with ``LOAD CSV``. Entities and documents have ID
spaces of their own, so an entity id can never be taken for a document's.

Values are written as they are (no spreadsheet-formula quoting, which would change them),
except that line breaks become spaces (neo4j-admin rejects them unless told
``--multiline-fields``) and a ``;`` inside an array element becomes ``,`` (it would split it).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

from kg.graph.network import iter_nodes
from kg.model import KnowledgeGraph, Statement, reading_order

__all__ = [
    "ENTITY_COLUMNS", "DOCUMENT_COLUMNS", "STATEMENT_COLUMNS", "MENTION_COLUMNS", "NEO4J_WRITERS",
    "ARRAY_DELIMITER", "relationship_type",
]

ARRAY_DELIMITER = ";"  # neo4j-admin's default --array-delimiter
ENTITY_LABEL, DOCUMENT_LABEL, MENTIONED_IN = "Entity", "Document", "MENTIONED_IN"
# A statement whose predicate has no letter or digit (none today) still gets a type.
FALLBACK_TYPE = "RELATED_TO"

ENTITY_COLUMNS = (
    "id:ID(Entity)", ":LABEL", "name", "type", "aliases:string[]", "mentions:int", "sameAs:string[]", "typeEvidence:string[]",
)
DOCUMENT_COLUMNS = ("id:ID(Document)", ":LABEL", "title", "date", "source", "statements:int")
STATEMENT_COLUMNS = (
    ":START_ID(Entity)", ":END_ID(Entity)", ":TYPE", "id", "predicate", "negated:boolean", "modality", "condition",
    "time", "attributedTo", "confidence:float", "rule", "document", "sentence", "start:int", "end:int",
)
MENTION_COLUMNS = (":START_ID(Entity)", ":END_ID(Document)", ":TYPE", "count:int")

_NOT_WORD = re.compile(r"[^\w]+")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x85\x0b\x0c]+")


def relationship_type(label: str) -> str:
    """The Neo4j relationship type of a predicate label: upper case, words joined by ``_``
    ("president of" → ``PRESIDENT_OF``, "be compatible with" → ``BE_COMPATIBLE_WITH``); a
    type cannot start with a digit in Cypher without quoting, so such a one gets ``REL_`` before it."""
    words = _NOT_WORD.sub(" ", label.replace("_", " ")).split()
    name = "_".join(words).upper()
    if not name:
        return FALLBACK_TYPE
    return f"REL_{name}" if name[0].isdigit() else name


def _text(value: object) -> object:
    """A cell: text on one line, booleans as neo4j-admin reads them, absent values empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _LINE_BREAKS.sub(" ", value)
    return value


def _array(values: Iterable[str]) -> str:
    return ARRAY_DELIMITER.join(str(_text(v)).replace(ARRAY_DELIMITER, ",") for v in values)


def _write(columns: Sequence[str], rows: Iterable[Sequence[object]], path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_text(value) for value in row] for row in rows)


def write_entities(kg: KnowledgeGraph, path: Path) -> None:
    """One ``:Entity`` node per node of the graph, sorted by id (see the module docstring)."""
    known = kg.entities_by_id

    def row(node: str, data: dict) -> tuple:
        entity = known.get(node)
        aliases = entity.aliases if entity else ()
        return (
            node, f"{ENTITY_LABEL}{ARRAY_DELIMITER}{data['type']}", data["label"], data["type"], _array(aliases),
            data["mentions"], _array(entity.same_as if entity else ()), _array(entity.type_evidence if entity else ()),
        )

    _write(ENTITY_COLUMNS, (row(node, data) for node, data in iter_nodes(kg)), path)


def write_documents(kg: KnowledgeGraph, path: Path) -> None:
    """One ``:Document`` node per document (and per document a statement names without one), sorted by id."""
    counts = Counter(s.provenance.document for s in kg.statements)
    described = {d.id: d for d in kg.documents}
    rows = []
    for document_id in sorted(described.keys() | counts.keys()):
        document = described.get(document_id)
        rows.append((
            document_id, DOCUMENT_LABEL, document.title if document else None, document.date if document else None,
            document.source if document else None, counts.get(document_id, 0),
        ))
    _write(DOCUMENT_COLUMNS, rows, path)


def _statement_row(statement: Statement) -> tuple:
    provenance = statement.provenance
    return (
        statement.subject, statement.object, relationship_type(statement.predicate.label), statement.id,
        statement.predicate.label, statement.negated, statement.modality, statement.condition, statement.time,
        statement.attributed_to, float(statement.confidence), statement.rule, provenance.document,
        provenance.sentence, provenance.start, provenance.end,
    )


def write_statements(kg: KnowledgeGraph, path: Path) -> None:
    """One relationship per statement, in reading order (see the module docstring)."""
    _write(STATEMENT_COLUMNS, (_statement_row(s) for s in sorted(kg.statements, key=reading_order)), path)


def write_mentions(kg: KnowledgeGraph, path: Path) -> None:
    """``MENTIONED_IN`` from each entity to each document of its mentions, with their count."""
    documents = {d.id for d in kg.documents} | {s.provenance.document for s in kg.statements}
    rows = []
    for entity in sorted(kg.entities, key=lambda e: e.id):
        counts = Counter(m.document for m in entity.mentions if m.document in documents)
        rows.extend((entity.id, document, MENTIONED_IN, count) for document, count in sorted(counts.items()))
    _write(MENTION_COLUMNS, rows, path)


def write_load_cypher(kg: KnowledgeGraph, path: Path) -> None:
    """The ``LOAD CSV`` script (``kg/data/neo4j-load.cypher``): the same for every graph."""
    path.write_text(resources.files("kg").joinpath("data", "neo4j-load.cypher").read_text(encoding="utf-8"), encoding="utf-8")


# The Neo4j set, in the form of kg.export.WRITERS (for write_all's all-or-nothing writing).
NEO4J_WRITERS = {
    "entities.csv": write_entities,
    "documents.csv": write_documents,
    "statements.csv": write_statements,
    "mentions.csv": write_mentions,
    "load.cypher": write_load_cypher,
}
