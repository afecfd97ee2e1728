"""Score a build's statements against a hand-made gold file (``kg eval``).

The gold file is JSON Lines (see ``tests/data/seed_gold.jsonl``): a ``meta``
line, ``entity`` lines (``id``, ``type``, ``aliases``: the surface forms that
refer to it) and ``triple`` lines (``subject``, ``predicate``: a list of
acceptable predicate words, ``object``, ``line``, and optional ``required``,
``negated`` and ``either_direction`` flags). The build side is the
``statements.jsonl`` export (and, when present, its sibling ``entities.jsonl``).

What is measured, and why:

* **recall** — gold triples matched by some statement / all gold triples; and
  **required recall**, the same over the core facts marked ``required``.
* **pair precision** — among statements whose subject and object both map to
  gold entities, the share that match a gold triple. Statements between
  entities the gold does not know are not counted, so the figure says how
  often the builder is right about things the gold covers.
* **entity recall** — gold entities matched by at least one extracted entity.
* **junk nodes** — extracted entities whose label cannot name a thing
  (pronouns, determiners, numbers, punctuation, stop words only).
* **duplicate nodes** — gold entities matched by more than one extracted entity
  ("Macron" and "Emmanuel Macron" as two nodes).
* **misses** — the gold triples no statement matched.

Matching rules:

* An extracted entity maps to the gold entity one of whose aliases equals its
  label or one of its aliases, compared case-insensitively, with whitespace
  normalised and a leading "the" ignored. A label match beats an alias match,
  then a gold entity of the same type, then the earlier gold entity.
* A statement matches a gold triple when subject and object map to the gold
  subject and object (either order if ``either_direction``), some gold
  predicate word or phrase occurs as whole word(s) in the lower-cased predicate
  label, and ``negated`` agrees. Words are compared through a small suffix
  lemmatizer ("relations" = "relation", "used" = "use"), so no spaCy model is
  needed; irregular forms ("met", "shot") are listed in the gold itself.
"""

from __future__ import annotations

import json
import re
import string
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence

from .errors import EvalError

__all__ = [
    "evaluate_build",
    "ArticleScore",
    "SetReport",
    "StatementOutcome",
    "gold_files",
    "evaluate_articles",
    "format_set_report",
    "load_documents",
    "GoldEntity",
    "GoldTriple",
    "Gold",
    "DuplicateNode",
    "EvalReport",
    "load_gold",
    "load_statements",
    "load_entities",
    "evaluate",
    "format_report",
    "predicate_matches",
    "is_junk_label",
]

# Gold line kinds.
KIND_META = "meta"
KIND_ENTITY = "entity"
KIND_TRIPLE = "triple"
GOLD_KINDS = (KIND_META, KIND_ENTITY, KIND_TRIPLE)

# Keys each record must have.
GOLD_ENTITY_KEYS = ("id", "aliases")
GOLD_TRIPLE_KEYS = ("subject", "predicate", "object")
STATEMENT_KEYS = ("subject", "predicate", "object")
NODE_KEYS = ("id", "label")
ENTITY_KEYS = ("id", "label")

# A leading article is not part of a name: "the Pentagon" = "Pentagon".
_LEADING_THE = re.compile(r"^the\s+")
_WORD = re.compile(r"[a-z0-9]+")

# Regular English inflections undone by the suffix lemmatizer, longest first:
# (suffix, replacement, shortest word it applies to).
INFLECTIONS = (
    ("ies", "y", 5),  # "parties" -> "party"
    ("ied", "y", 5),  # "supplied" -> "supply"
    ("ing", "", 6),  # "meeting" -> "meet"
    ("ing", "e", 6),  # "making" -> "make"
    ("es", "", 5),  # "pushes" -> "push"
    ("ed", "", 5),  # "warned" -> "warn"
    ("ed", "e", 4),  # "used" -> "use"
    ("s", "", 4),  # "relations" -> "relation"
)


def _name_key(text: str) -> str:
    """Comparison key of a name: case-folded, whitespace collapsed, leading "the" dropped."""
    return _LEADING_THE.sub("", " ".join(str(text).split()).casefold())


def _word_forms(word: str) -> frozenset[str]:
    """The word and the lemmas its regular suffixes allow: "stopped" -> {"stopped", "stopp", "stop", "stoppe"}."""
    forms = {word}
    for suffix, replacement, shortest in INFLECTIONS:
        if len(word) >= shortest and word.endswith(suffix):
            stem = word[: -len(suffix)] + replacement
            forms.add(stem)
            if not replacement and len(stem) > 2 and stem[-1] == stem[-2]:
                forms.add(stem[:-1])  # doubled consonant: "stopped" -> "stop"
    return frozenset(forms)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def predicate_matches(gold_phrase: str, label: str) -> bool:
    """True when the words of ``gold_phrase`` occur in order, as whole words, in ``label``.

    >>> predicate_matches("call off", "call off")
    True
    >>> predicate_matches("meet", "meet with")
    True
    >>> predicate_matches("buy", "buyout")
    False
    >>> predicate_matches("relations", "have relation with")
    True
    """
    wanted = [_word_forms(w) for w in _words(gold_phrase)]
    have = [_word_forms(w) for w in _words(label)]
    if not wanted:
        return False
    for start in range(len(have) - len(wanted) + 1):
        if all(wanted[i] & have[start + i] for i in range(len(wanted))):
            return True
    return False


def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


# Punctuation trimmed from the ends of a label's words before they are judged.
WORD_EDGE_PUNCTUATION = string.punctuation + "\u2018\u2019\u201c\u201d\u2013\u2014\u2026"


def is_junk_label(label: Any, stop_words: frozenset[str] | None = None) -> bool:
    """True when ``label`` cannot name a thing: empty, punctuation, numbers or stop words only.

    Pronouns and determiners ("it", "they", "this", "the two") are in spaCy's
    English stop-word list; numbers are judged by spaCy's English ``like_num``
    ("2019", "1,000", "three million"). Words are whitespace-separated, so
    "A-10" and "F-35" are names, not an article and a number, and all-capital
    words are acronyms, so "US" is not the pronoun "us".
    """
    from spacy.lang.en.lex_attrs import like_num

    stop_words = _stop_words() if stop_words is None else stop_words
    words = [w.strip(WORD_EDGE_PUNCTUATION) for w in str(label or "").split()]
    words = [w for w in words if w]
    return all(like_num(w) or (w.lower() in stop_words and not _is_acronym(w)) for w in words)


def _is_acronym(word: str) -> bool:
    """All-capital words of two or more letters ("US", "WHO") are names, not the stop words they spell."""
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


@dataclass(frozen=True, slots=True)
class GoldEntity:
    """A gold entity: its canonical ``id``, schema type and the surface forms that refer to it."""

    id: str
    type: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GoldTriple:
    """A gold relation: acceptable ``predicates`` between ``subject`` and ``object`` (gold entity ids)."""

    subject: str
    predicates: tuple[str, ...]
    object: str
    line: int | None = None
    required: bool = False
    negated: bool = False
    either_direction: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "predicate": list(self.predicates),
            "object": self.object,
            "line": self.line,
            "required": self.required,
            "negated": self.negated,
            "either_direction": self.either_direction,
        }


@dataclass(frozen=True, slots=True)
class Gold:
    """A parsed gold file: entities in file order, triples in file order."""

    entities: tuple[GoldEntity, ...]
    triples: tuple[GoldTriple, ...]
    document: str | None = None
    source: str = ""


@dataclass(frozen=True, slots=True)
class DuplicateNode:
    """A gold entity that more than one extracted entity maps to, with those entities' labels."""

    gold: str
    labels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StatementOutcome:
    """How one statement fared: the rule that made it, whether both its ends are gold
    entities (``paired``) and whether it matched a gold triple."""

    rule: str
    paired: bool
    matched: bool


@dataclass(frozen=True)
class EvalReport:
    """Scores of one build against one gold file. Ratios are None when their denominator is 0."""

    triples: int
    matched: int
    required: int
    required_matched: int
    pair_statements: int
    pair_correct: int
    entities: int
    entities_matched: int
    statements: int
    extracted_entities: int
    junk_nodes: tuple[str, ...] = ()
    duplicate_nodes: tuple[DuplicateNode, ...] = ()
    misses: tuple[GoldTriple, ...] = ()
    wrong: tuple[str, ...] = ()
    document: str | None = None
    unmatched_entities: tuple[str, ...] = field(default=())
    outcomes: tuple["StatementOutcome", ...] = field(default=(), repr=False)
    fragmented: tuple[DuplicateNode, ...] = ()

    @property
    def recall(self) -> float | None:
        return _ratio(self.matched, self.triples)

    @property
    def required_recall(self) -> float | None:
        return _ratio(self.required_matched, self.required)

    @property
    def pair_precision(self) -> float | None:
        return _ratio(self.pair_correct, self.pair_statements)

    @property
    def entity_recall(self) -> float | None:
        return _ratio(self.entities_matched, self.entities)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (for ``kg eval --json``)."""
        return {
            "document": self.document,
            "recall": self.recall,
            "required_recall": self.required_recall,
            "pair_precision": self.pair_precision,
            "entity_recall": self.entity_recall,
            "counts": {
                "triples": self.triples,
                "matched": self.matched,
                "required": self.required,
                "required_matched": self.required_matched,
                "pair_statements": self.pair_statements,
                "pair_correct": self.pair_correct,
                "entities": self.entities,
                "entities_matched": self.entities_matched,
                "statements": self.statements,
                "extracted_entities": self.extracted_entities,
            },
            "junk_nodes": list(self.junk_nodes),
            "duplicate_nodes": [{"gold": d.gold, "labels": list(d.labels)} for d in self.duplicate_nodes],
            "unmatched_entities": list(self.unmatched_entities),
            "misses": [t.to_dict() for t in self.misses],
            "wrong": list(self.wrong),
        }


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


# --- reading ----------------------------------------------------------------------------------


def _read_jsonl(path: str | Path, what: str) -> Iterator[tuple[int, dict]]:
    """(line number, object) for each non-blank line; EvalError naming file and line otherwise."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EvalError(f"{path}: {what} file not found") from None
    except IsADirectoryError:
        raise EvalError(f"{path}: is a folder, expected a {what} file (JSON Lines)") from None
    except (OSError, UnicodeDecodeError) as error:
        raise EvalError(f"{path}: cannot read {what} file: {error}") from None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise EvalError(f"{path}:{number}: invalid JSON in {what} file: {error.msg}") from None
        if not isinstance(record, dict):
            raise EvalError(f"{path}:{number}: expected a JSON object in {what} file, got {type(record).__name__}")
        yield number, record


def _require(record: Mapping, keys: Iterable[str], where: str, what: str) -> None:
    for key in keys:
        if key not in record:
            raise EvalError(f"{where}: {what} lacks key {key!r}")


def _flag(record: Mapping, key: str, where: str) -> bool:
    value = record.get(key, False)
    if not isinstance(value, bool):
        raise EvalError(f"{where}: {key!r} must be true or false, got {value!r}")
    return value


def _strings(value: Any, key: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise EvalError(f"{where}: {key!r} must be a string or a non-empty list of strings")


def load_gold(path: str | Path) -> Gold:
    """Parse a gold file; malformed lines raise :class:`EvalError` naming file and line.

    Triples must name declared entities, and the file must hold at least one triple.
    """
    entities: dict[str, GoldEntity] = {}
    triples: list[tuple[str, GoldTriple]] = []
    document = None
    for number, record in _read_jsonl(path, "gold"):
        where = f"{path}:{number}"
        kind = record.get("kind")
        if kind not in GOLD_KINDS:
            raise EvalError(f"{where}: unknown kind {kind!r}; expected one of: {', '.join(GOLD_KINDS)}")
        if kind == KIND_META:
            document = record.get("document", document)
        elif kind == KIND_ENTITY:
            _require(record, GOLD_ENTITY_KEYS, where, "gold entity")
            entity_id = str(record["id"])
            aliases = _strings(record["aliases"], "aliases", where)
            entities[entity_id] = GoldEntity(entity_id, str(record.get("type", "")), (entity_id, *aliases))
        else:
            _require(record, GOLD_TRIPLE_KEYS, where, "gold triple")
            line = record.get("line")
            if line is not None and not isinstance(line, int):
                raise EvalError(f"{where}: 'line' must be an integer, got {line!r}")
            triple = GoldTriple(
                subject=str(record["subject"]),
                predicates=_strings(record["predicate"], "predicate", where),
                object=str(record["object"]),
                line=line,
                required=_flag(record, "required", where),
                negated=_flag(record, "negated", where),
                either_direction=_flag(record, "either_direction", where),
            )
            triples.append((where, triple))
    for where, triple in triples:
        for role in (triple.subject, triple.object):
            if role not in entities:
                raise EvalError(f"{where}: gold triple names unknown entity {role!r}; declare it in an entity line")
    if not triples:
        raise EvalError(f"{path}: gold file has no triple lines")
    return Gold(tuple(entities.values()), tuple(t for _, t in triples), document, str(path))


def _check_node(node: Any, role: str, where: str) -> None:
    if not isinstance(node, dict):
        raise EvalError(f"{where}: statement {role!r} must be an object with 'id' and 'label'")
    _require(node, NODE_KEYS if role != "predicate" else ("label",), where, f"statement {role}")


def load_statements(path: str | Path) -> list[dict]:
    """Read a ``statements.jsonl`` export as a list of dicts, checking each line's shape.

    Entity-shaped lines (``id`` and ``label``, no subject/predicate/object) are
    accepted too, so the same reader can load the sibling ``entities.jsonl``.
    """
    records = []
    for number, record in _read_jsonl(path, "statements"):
        where = f"{path}:{number}"
        if any(key in record for key in STATEMENT_KEYS):
            _require(record, STATEMENT_KEYS, where, "statement")
            for role in STATEMENT_KEYS:
                _check_node(record[role], role, where)
            _flag(record, "negated", where)
        else:
            _require(record, ENTITY_KEYS, where, "statement")
        records.append(record)
    return records


def load_entities(path: str | Path) -> list[dict]:
    """Read an ``entities.jsonl`` export (``id``, ``label``, ``type``, ``aliases`` per line)."""
    records = []
    for number, record in _read_jsonl(path, "entities"):
        _require(record, ENTITY_KEYS, f"{path}:{number}", "entity")
        records.append(record)
    return records


# --- scoring ----------------------------------------------------------------------------------


class _EntityMapper:
    """Maps extracted nodes (label, aliases, type) to gold entity ids."""

    def __init__(self, gold: Gold) -> None:
        self._by_key: dict[str, list[tuple[int, GoldEntity]]] = {}
        for order, entity in enumerate(gold.entities):
            for alias in entity.aliases:
                options = self._by_key.setdefault(_name_key(alias), [])
                if all(e.id != entity.id for _, e in options):
                    options.append((order, entity))
        self._cache: dict[tuple, str | None] = {}

    def gold_id(self, node: Mapping) -> str | None:
        label = str(node.get("label") or "")
        aliases = tuple(str(a) for a in node.get("aliases") or () if a)
        type_ = str(node.get("type") or "")
        cache_key = (label, aliases, type_)
        if cache_key not in self._cache:
            self._cache[cache_key] = self._lookup(label, aliases, type_)
        return self._cache[cache_key]

    def _lookup(self, label: str, aliases: tuple[str, ...], type_: str) -> str | None:
        candidates: list[tuple[int, int, int, str]] = []
        for rank, name in enumerate((label, *aliases)):
            for order, entity in self._by_key.get(_name_key(name), ()):
                candidates.append((0 if rank == 0 else 1, 0 if entity.type == type_ else 1, order, entity.id))
        return min(candidates)[-1] if candidates else None


def _node(record: Mapping, role: str, entities_by_id: Mapping[str, Mapping]) -> Mapping:
    """The statement's node for ``role``, enriched from entities.jsonl when that knows its id."""
    node = record.get(role) or {}
    return entities_by_id.get(str(node.get("id")), node) if isinstance(node, Mapping) else {}


def _statement_matches(triple: GoldTriple, subject: str | None, object_: str | None, label: str, negated: bool) -> bool:
    pairs = {(triple.subject, triple.object)}
    if triple.either_direction:
        pairs.add((triple.object, triple.subject))
    return (
        (subject, object_) in pairs
        and negated == triple.negated
        and any(predicate_matches(p, label) for p in triple.predicates)
    )


def _same_document(
    gold: Gold, statements: Sequence[Mapping], entities: Sequence[Mapping] | None
) -> tuple[Sequence[Mapping], Sequence[Mapping] | None]:
    """Keep the statements (and entities mentioned) of the gold's document when the build holds it.

    A build of several articles is scored on the one the gold describes; when no
    statement names that document (the file was renamed), everything is scored.
    """
    if not gold.document or not any(isinstance(s, Mapping) and s.get("document") == gold.document for s in statements):
        return statements, entities
    kept = [s for s in statements if s.get("document") == gold.document]
    if entities is not None:
        entities = [
            e for e in entities
            if not isinstance(e, Mapping) or not e.get("mentions")
            or any(isinstance(m, Mapping) and m.get("document") == gold.document for m in e["mentions"])
        ]
    return kept, entities


def evaluate(gold: Gold, statements: Sequence[Mapping], entities: Sequence[Mapping] | None = None) -> EvalReport:
    """Score ``statements`` (dicts as in statements.jsonl) against ``gold``.

    ``entities`` (dicts as in entities.jsonl) gives the nodes for entity recall,
    junk and duplicates; without it the nodes appearing in statements are used.
    """
    statements, entities = _same_document(gold, statements, entities)
    mapper = _EntityMapper(gold)
    stop_words = _stop_words()
    for number, statement in enumerate(statements, start=1):
        where = f"statement record {number}"
        if not isinstance(statement, Mapping):
            raise EvalError(f"{where}: expected an object, got {type(statement).__name__}")
        _require(statement, STATEMENT_KEYS, where, "statement")
        for role in STATEMENT_KEYS:
            _check_node(statement[role], role, where)

    nodes: dict[str, Mapping] = {}
    if entities is not None:
        for number, entity in enumerate(entities, start=1):
            if not isinstance(entity, Mapping) or any(k not in entity for k in ENTITY_KEYS):
                raise EvalError(f"entity record {number}: expected an object with 'id' and 'label'")
            nodes[str(entity["id"])] = entity
    else:
        for statement in statements:
            for role in ("subject", "object"):
                node = statement[role]
                nodes.setdefault(str(node.get("id", node.get("label"))), node)
    entities_by_id = nodes if entities is not None else {}

    matched: set[int] = set()
    wrong: list[str] = []
    outcomes: list[StatementOutcome] = []
    statement_nodes: dict[str, set[str]] = {}
    pair_statements = pair_correct = 0
    for statement in statements:
        subject = mapper.gold_id(_node(statement, "subject", entities_by_id))
        object_ = mapper.gold_id(_node(statement, "object", entities_by_id))
        label = str(statement["predicate"].get("label") or "")
        negated = bool(statement.get("negated", False))
        hits = [
            i for i, triple in enumerate(gold.triples) if _statement_matches(triple, subject, object_, label, negated)
        ]
        matched.update(hits)
        outcomes.append(StatementOutcome(str(statement.get("rule") or ""), subject is not None and object_ is not None, bool(hits)))
        for role, gold_id in (("subject", subject), ("object", object_)):
            if gold_id is not None:
                node = statement[role]
                statement_nodes.setdefault(gold_id, set()).add(str(node.get("id", node.get("label"))))
        if subject is not None and object_ is not None:
            pair_statements += 1
            pair_correct += bool(hits)
            if not hits:
                flag = " (negated)" if negated else ""
                wrong.append(f"{subject} -> {object_} [{label}]{flag}")

    node_labels: dict[str, list[str]] = {}
    for node in nodes.values():
        gold_id = mapper.gold_id(node)
        if gold_id is not None:
            node_labels.setdefault(gold_id, []).append(str(node.get("label", "")))
    junk = sorted({str(n.get("label") or "") for n in nodes.values() if is_junk_label(n.get("label"), stop_words)})
    duplicates = tuple(
        DuplicateNode(e.id, tuple(sorted(node_labels[e.id])))
        for e in gold.entities
        if len(node_labels.get(e.id, ())) > 1
    )
    required = [i for i, t in enumerate(gold.triples) if t.required]
    return EvalReport(
        triples=len(gold.triples),
        matched=len(matched),
        required=len(required),
        required_matched=sum(1 for i in required if i in matched),
        pair_statements=pair_statements,
        pair_correct=pair_correct,
        entities=len(gold.entities),
        entities_matched=sum(1 for e in gold.entities if e.id in node_labels),
        statements=len(statements),
        extracted_entities=len(nodes),
        junk_nodes=tuple(junk),
        duplicate_nodes=duplicates,
        misses=tuple(t for i, t in enumerate(gold.triples) if i not in matched),
        wrong=tuple(wrong),
        document=gold.document,
        unmatched_entities=tuple(e.id for e in gold.entities if e.id not in node_labels),
        outcomes=tuple(outcomes),
        fragmented=tuple(
            DuplicateNode(e.id, tuple(sorted(statement_nodes[e.id])))
            for e in gold.entities
            if len(statement_nodes.get(e.id, ())) > 1
        ),
    )


# --- reporting --------------------------------------------------------------------------------


def _score_line(name: str, part: int, whole: int) -> str:
    share = f"{100 * part / whole:5.1f}%" if whole else "  n/a"
    return f"{name:<16} {part:>4}/{whole:<4} {share}"


def format_report(report: EvalReport) -> str:
    """Readable text of a report: the four scores, then junk, duplicates, misses and wrong statements."""
    lines = []
    if report.document:
        lines.append(f"document: {report.document}")
    lines += [
        f"build: {report.statements} statements, {report.extracted_entities} entities",
        _score_line("recall", report.matched, report.triples),
        _score_line("required recall", report.required_matched, report.required),
        _score_line("pair precision", report.pair_correct, report.pair_statements),
        _score_line("entity recall", report.entities_matched, report.entities),
    ]
    if report.unmatched_entities:
        lines.append(f"entities not found ({len(report.unmatched_entities)}): " + ", ".join(report.unmatched_entities))
    if report.junk_nodes:
        lines.append(f"junk nodes ({len(report.junk_nodes)}): " + ", ".join(repr(j) for j in report.junk_nodes))
    if report.duplicate_nodes:
        lines.append(f"duplicate nodes ({len(report.duplicate_nodes)}):")
        lines += [f"  {d.gold}: " + ", ".join(repr(label) for label in d.labels) for d in report.duplicate_nodes]
    if report.misses:
        lines.append(f"misses ({len(report.misses)}):")
        for triple in report.misses:
            flags = [f for f, on in (("required", triple.required), ("negated", triple.negated)) if on]
            arrow = "<->" if triple.either_direction else "->"
            where = f"line {triple.line}" if triple.line is not None else "line ?"
            lines.append(
                f"  {triple.subject} {arrow} {triple.object} [{' | '.join(triple.predicates)}]"
                f" ({where}{''.join(', ' + f for f in flags)})"
            )
    if report.wrong:
        lines.append(f"statements between gold entities that match no gold triple ({len(report.wrong)}):")
        lines += [f"  {w}" for w in report.wrong]
    return "\n".join(lines)


# --- many articles ----------------------------------------------------------------------------


def gold_files(paths: Iterable[str | Path]) -> list[Path]:
    """The gold files named by ``paths``: files as given, folders by their ``*.jsonl`` files (sorted)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            inside = sorted(p for p in path.glob("*.jsonl") if p.is_file())
            if not inside:
                raise EvalError(f"{path}: folder holds no gold files (*.jsonl)")
            found.extend(inside)
        elif path.exists():
            found.append(path)
        else:
            raise EvalError(f"{path}: gold file not found")
    return list(dict.fromkeys(found))


def load_documents(path: str | Path) -> list[dict]:
    """Read a ``documents.jsonl`` export (``id``, ``words``, ... per line)."""
    records = []
    for number, record in _read_jsonl(path, "documents"):
        _require(record, ("id",), f"{path}:{number}", "document")
        records.append(record)
    return records


def _build_documents(statements: Sequence[Mapping], entities: Sequence[Mapping] | None, documents: Sequence[Mapping]) -> set[str]:
    ids = {str(d["id"]) for d in documents}
    ids |= {str(s.get("document")) for s in statements if s.get("document")}
    for entity in entities or ():
        ids |= {str(m.get("document")) for m in entity.get("mentions") or () if isinstance(m, Mapping) and m.get("document")}
    return ids


def _suffix_match(a: str, b: str) -> bool:
    """True when one path ends with the other at a folder boundary: "business/172.txt" and "172.txt"."""
    return a == b or a.endswith("/" + b) or b.endswith("/" + a)


def _find_document(gold: Gold, ids: set[str]) -> str | None:
    """The build's id of the gold's article: the same id, or the only id that one ends with the other.

    Raises :class:`EvalError` when several build documents could be the article.
    """
    if not gold.document:
        return None
    wanted = str(gold.document)
    if wanted in ids:
        return wanted
    candidates = sorted(i for i in ids if _suffix_match(i, wanted))
    if len(candidates) > 1:
        raise EvalError(f"{gold.source}: article {wanted!r} matches several build documents: {', '.join(candidates)}")
    return candidates[0] if candidates else None


@dataclass(frozen=True)
class ArticleScore:
    """One gold file's report, the build document it was scored on (None: not in the build) and its words."""

    gold: str
    report: EvalReport
    build_document: str | None
    words: int | None


@dataclass(frozen=True)
class SetReport:
    """Scores of one build against several gold files, one per article, and their micro-averaged totals."""

    articles: tuple[ArticleScore, ...]

    def _sum(self, field_name: str) -> int:
        return sum(getattr(a.report, field_name) for a in self.articles)

    @property
    def recall(self) -> float | None:
        return _ratio(self._sum("matched"), self._sum("triples"))

    @property
    def required_recall(self) -> float | None:
        return _ratio(self._sum("required_matched"), self._sum("required"))

    @property
    def pair_precision(self) -> float | None:
        return _ratio(self._sum("pair_correct"), self._sum("pair_statements"))

    @property
    def entity_recall(self) -> float | None:
        return _ratio(self._sum("entities_matched"), self._sum("entities"))

    @property
    def junk_nodes(self) -> int:
        return sum(len(a.report.junk_nodes) for a in self.articles)

    @property
    def fragmented(self) -> int:
        return sum(len(a.report.fragmented) for a in self.articles)

    @property
    def statements(self) -> int:
        return self._sum("statements")

    @property
    def words(self) -> int | None:
        counts = [a.words for a in self.articles]
        return None if any(c is None for c in counts) else sum(counts)

    @property
    def statements_per_1000_words(self) -> float | None:
        words = self.words
        return 1000 * self.statements / words if words else None

    def by_rule(self) -> dict[str, dict[str, int]]:
        """Per extraction rule: statements made, made between two gold entities, and matching a gold triple."""
        rules: dict[str, dict[str, int]] = {}
        for article in self.articles:
            for outcome in article.report.outcomes:
                row = rules.setdefault(outcome.rule or "(none)", {"statements": 0, "paired": 0, "matched": 0})
                row["statements"] += 1
                row["paired"] += outcome.paired
                row["matched"] += outcome.matched
        return dict(sorted(rules.items(), key=lambda item: (-item[1]["statements"], item[0])))

    def to_dict(self, by_rule: bool = False) -> dict[str, Any]:
        """JSON-ready dict (for ``kg eval --json``): per article, totals, and per rule when asked."""
        articles = []
        for article in self.articles:
            row = article.report.to_dict()
            row.update(gold=article.gold, build_document=article.build_document, words=article.words,
                       junk=len(article.report.junk_nodes), fragmented=len(article.report.fragmented))
            articles.append(row)
        total = {
            "articles": len(self.articles),
            "recall": self.recall,
            "required_recall": self.required_recall,
            "pair_precision": self.pair_precision,
            "entity_recall": self.entity_recall,
            "junk_nodes": self.junk_nodes,
            "fragmented": self.fragmented,
            "statements": self.statements,
            "words": self.words,
            "statements_per_1000_words": self.statements_per_1000_words,
            "counts": {k: self._sum(k) for k in ("triples", "matched", "required", "required_matched",
                                                    "pair_statements", "pair_correct", "entities", "entities_matched")},
        }
        result: dict[str, Any] = {"articles": articles, "total": total}
        if by_rule:
            result["rules"] = self.by_rule()
        return result


SCORE_COLUMNS = (
    "gold", "document", "recall", "required_recall", "pair_precision", "entity_recall", "junk_nodes", "fragmented",
    "statements", "words", "statements_per_1000_words",
)


def score_rows(report: EvalReport | SetReport) -> list[dict[str, Any]]:
    """One flat row per article (:data:`SCORE_COLUMNS`), then a "total" row for several: ``kg eval --format csv``."""
    if isinstance(report, EvalReport):
        return [{
            "gold": "", "document": report.document, "recall": report.recall, "required_recall": report.required_recall,
            "pair_precision": report.pair_precision, "entity_recall": report.entity_recall,
            "junk_nodes": len(report.junk_nodes), "fragmented": len(report.fragmented), "statements": report.statements,
            "words": None, "statements_per_1000_words": None,
        }]
    rows = []
    for article in report.articles:
        (row,) = score_rows(article.report)
        words = article.words
        per_1000 = row["statements"] * 1000 / words if words else None
        rows.append({**row, "gold": article.gold, "document": article.build_document, "words": words, "statements_per_1000_words": per_1000})
    total = report.to_dict()["total"]
    rows.append({"gold": "total", "document": f"{total['articles']} articles", **{c: total.get(c) for c in SCORE_COLUMNS[2:]}})
    return rows


def evaluate_articles(
    golds: Sequence[Gold],
    statements: Sequence[Mapping],
    entities: Sequence[Mapping] | None = None,
    documents: Sequence[Mapping] = (),
) -> SetReport:
    """Score one build (its statements, entities and documents exports) against several gold files.

    Each gold file names its article (the meta line's ``document``, e.g.
    ``business/172.txt``); its statements and entities are those of the build
    document with that id, or whose id ends with it (or it with the id) at a
    folder boundary ("172.txt"). An article the build lacks scores with no
    statements, unless there is one gold file and the build holds one document
    (a renamed file): that one is scored. Words come from ``documents.jsonl``
    (whitespace-separated words).
    """
    ids = _build_documents(statements, entities, documents)
    words = {str(d["id"]): d.get("words") for d in documents}
    by_document: dict[str, list[Mapping]] = {}
    for statement in statements:
        by_document.setdefault(str(statement.get("document")), []).append(statement)
    scores = []
    for gold in golds:
        found = _find_document(gold, ids)
        if found is None and len(golds) == 1 and len(ids) == 1:
            found = next(iter(ids))
        kept = by_document.get(found, []) if found is not None else []
        article_entities = None
        if entities is not None:
            article_entities = [
                e for e in entities
                if found is not None and any(isinstance(m, Mapping) and m.get("document") == found for m in e.get("mentions") or ())
            ]
        local = Gold(gold.entities, gold.triples, found, gold.source)
        report = evaluate(local, kept, article_entities)
        report = replace(report, document=gold.document)
        count = words.get(found) if found is not None else None
        scores.append(ArticleScore(gold.source, report, found, int(count) if isinstance(count, int) else None))
    return SetReport(tuple(scores))


def _percent(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:5.2f}"


def format_set_report(report: SetReport, by_rule: bool = False) -> str:
    """A table of the articles (recall, required recall, pair precision, entity recall, junk,
    fragmented, statements, words) and the micro-averaged totals; per-rule counts when asked."""
    header = f"{'article':<28} {'recall':>6} {'req':>5} {'pairP':>5} {'entR':>5} {'junk':>4} {'frag':>4} {'stmts':>5} {'words':>5}"
    lines = [header]
    for article in report.articles:
        r = article.report
        name = str(r.document or article.gold)
        if article.build_document is None:
            name += " (not in build)"
        lines.append(
            f"{name[:28]:<28} {_percent(r.recall):>6} {_percent(r.required_recall):>5} {_percent(r.pair_precision):>5} "
            f"{_percent(r.entity_recall):>5} {len(r.junk_nodes):>4} {len(r.fragmented):>4} {r.statements:>5} "
            f"{article.words if article.words is not None else '?':>5}"
        )
    per_1000 = report.statements_per_1000_words
    lines.append(
        f"total ({len(report.articles)} articles): recall {_percent(report.recall).strip()} "
        f"required recall {_percent(report.required_recall).strip()} pair precision {_percent(report.pair_precision).strip()} "
        f"entity recall {_percent(report.entity_recall).strip()} junk nodes {report.junk_nodes} "
        f"fragmented entities {report.fragmented} statements {report.statements} "
        f"per 1,000 words {'n/a' if per_1000 is None else f'{per_1000:.1f}'}"
    )
    if by_rule:
        lines.append("")
        lines.append(f"{'rule':<26} {'statements':>10} {'gold pairs':>10} {'matched':>8}")
        for rule, row in report.by_rule().items():
            lines.append(f"{rule:<26} {row['statements']:>10} {row['paired']:>10} {row['matched']:>8}")
    return "\n".join(lines)


def evaluate_build(gold: str | Path, build: str | Path) -> EvalReport:
    """Score one article's gold file against a build (its exports folder or ``statements.jsonl``),
    as ``kg eval GOLD BUILD`` does: ``format_report(evaluate_build(...))`` prints what it prints."""
    statements = Path(build)
    if statements.is_dir():
        statements = statements / "statements.jsonl"
    entities = statements.with_name("entities.jsonl")
    return evaluate(load_gold(gold), load_statements(statements), load_entities(entities) if entities.exists() else None)
