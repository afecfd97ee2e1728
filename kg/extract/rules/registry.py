"""The rule registry: each construction is one named, registered rule with its examples.

A rule is a generator over one sentence (:class:`Sentence`) that yields
:class:`Found` candidates: two argument heads, a predicate label and the
qualifiers of the clause. The registry turns them into
:class:`~kg.model.Proposition` records carrying the rule's name and confidence,
so every statement can say which construction made it.

Each rule is registered with

* ``name`` (unique, kebab-case) and ``family`` (the module it lives in);
* ``construction``: one line saying what it reads;
* ``confidence``: how sure the construction is (lowered by ``penalty`` when a
  subject had to be inherited);
* ``examples``: sentences with the statements they must yield, as
  ``"Subject | predicate | Object"`` (entity labels as resolved), optionally
  followed by ``| negated`` or ``| modality=may``;
* ``counter``: sentences on which the rule must not fire, or must not yield
  the statements listed.

``tests/test_rules.py`` runs every example and counter-example on frozen
parses (``tests/data/rule_parses.spacy``, made by ``tests/make_rule_parses.py``)
so that a rule bug is told apart from a model change.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from ...model import Proposition
from ...nlp import sentences as doc_sentences
from ..clauses import Clause, iter_clauses
from ..qualifiers import NO_QUALIFIERS, Qualifiers, qualifiers_of, setting_of

__all__ = [
    "Found",
    "Example",
    "Expectation",
    "Rule",
    "Sentence",
    "rule",
    "RULES",
    "rules",
    "iter_propositions",
    "INHERITED_PENALTY",
]

# Lowered when the subject had to be inherited (conjunct, control, relative clause).
INHERITED_PENALTY = 0.1


@dataclass(frozen=True)
class Found:
    """A candidate a rule read: ``subject`` and ``object`` are argument head tokens.

    ``relation`` lists the token indices of the words that say the relation
    (for open extraction), ``penalty`` lowers the rule's confidence.
    """

    subject: Token
    predicate: str
    object: Token
    qualifiers: Qualifiers = NO_QUALIFIERS
    penalty: float = 0.0
    relation: tuple[int, ...] = ()


@dataclass(frozen=True)
class Expectation:
    """One expected statement of an example: labels, predicate and qualifiers."""

    subject: str
    predicate: str
    object: str
    negated: bool = False
    modality: str | None = None


@dataclass(frozen=True)
class Example:
    """A sentence and the statements (``"S | p | O"``, optional ``| negated``) a rule must make from it."""

    sentence: str
    statements: tuple[str, ...]

    @property
    def expectations(self) -> tuple[Expectation, ...]:
        """The statements parsed: ``"Sweden | join | NATO | negated"``, ``"X | buy | Y | modality=plan to"``."""
        parsed = []
        for text in self.statements:
            parts = [p.strip() for p in text.split("|")]
            if len(parts) < 3:
                raise ValueError(f"example statement {text!r} is not 'Subject | predicate | Object'")
            flags = parts[3:]
            modality = next((f.split("=", 1)[1] for f in flags if f.startswith("modality=")), None)
            parsed.append(Expectation(parts[0], parts[1], parts[2], "negated" in flags, modality))
        return tuple(parsed)


@dataclass(frozen=True)
class Rule:
    """One registered construction."""

    name: str
    family: str
    construction: str
    confidence: float
    examples: tuple[Example, ...]
    counter: tuple[Example, ...]
    apply: Callable[["Sentence"], Iterator[Found]] = field(repr=False, compare=False)
    # True for a relation the noun phrase takes for granted whatever its clause says: the clause's
    # modality and condition are not its own ("should be stripped of her medals": she has them)
    presupposed: bool = False


class Sentence:
    """What rules read about one sentence: its tokens and clauses, and the entities resolved in it.

    ``token_entities`` maps token indices to entity ids (named mentions,
    resolved pronouns and descriptions, concept heads) and ``entity_types``
    entity ids to their type, so rules that need to know what kind of thing
    a word names (a role needs an organisation) can ask.
    """

    def __init__(
        self,
        doc: Doc,
        index: int,
        token_entities: Mapping[int, str],
        entity_types: Mapping[str, str],
        mention_spans: Sequence[Span] = (),
        concepts: frozenset[str] = frozenset(),
    ) -> None:
        self.doc = doc
        self.concepts = concepts
        self.index = index
        self.span = doc_sentences(doc)[index]
        self.token_entities = token_entities
        self.entity_types = entity_types
        self.mention_spans = [s for s in mention_spans if self.span.start <= s.start < self.span.end]
        self._qualifiers: dict[int, Qualifiers] = {}

    @cached_property
    def tokens(self) -> list[Token]:
        """The sentence's tokens, made once: every rule walks them."""
        return list(self.span)

    @cached_property
    def nouns(self) -> list[Token]:
        """The sentence's common nouns, in order."""
        return [t for t in self.tokens if t.pos_ == "NOUN"]

    @cached_property
    def clauses(self) -> list[Clause]:
        return list(iter_clauses(self.span))

    def qualifiers(self, verb: Token) -> Qualifiers:
        """The qualifiers of ``verb``'s clause, computed once."""
        found = self._qualifiers.get(verb.i)
        if found is None:
            found = self._qualifiers[verb.i] = qualifiers_of(verb)
        return found

    def entity(self, token: Token) -> str | None:
        """The entity id ``token`` belongs to, if any."""
        return self.token_entities.get(token.i)

    def is_concept(self, token: Token) -> bool:
        """True when ``token`` heads a concept (an unnamed thing: "the settlement", "minority investors")."""
        return self.token_entities.get(token.i) in self.concepts

    def named(self, token: Token) -> str | None:
        """The named entity ``token`` belongs to (not a concept), if any."""
        eid = self.token_entities.get(token.i)
        return eid if eid is not None and eid not in self.concepts else None

    def type_of(self, token: Token) -> str | None:
        """The type of the entity ``token`` belongs to, if any."""
        eid = self.token_entities.get(token.i)
        return self.entity_types.get(eid) if eid else None

    def mention_of(self, token: Token) -> Span | None:
        """The named mention span holding ``token``, if any."""
        for span in self.mention_spans:
            if span.start <= token.i < span.end:
                return span
        return None


RULES: dict[str, Rule] = {}


def _parse_examples(items: Sequence) -> tuple[Example, ...]:
    parsed = []
    for item in items:
        if isinstance(item, str):
            parsed.append(Example(item, ()))
        else:
            sentence, statements = item
            parsed.append(Example(sentence, tuple(statements)))
    return tuple(parsed)


def rule(
    name: str,
    *,
    family: str,
    construction: str,
    confidence: float,
    examples: Sequence[tuple[str, Sequence[str]]],
    counter: Sequence[str | tuple[str, Sequence[str]]],
    presupposed: bool = False,
) -> Callable[[Callable[[Sentence], Iterator[Found]]], Callable[[Sentence], Iterator[Found]]]:
    """Register a rule function under ``name`` (see the module docstring for the fields)."""

    def register(function: Callable[[Sentence], Iterator[Found]]) -> Callable[[Sentence], Iterator[Found]]:
        known = RULES.get(name)
        if known is not None and known.apply.__qualname__ != function.__qualname__:
            raise ValueError(f"rule {name!r} is registered twice")
        RULES[name] = Rule(
            name=name,
            family=family,
            construction=construction,
            confidence=confidence,
            examples=_parse_examples(examples),
            counter=_parse_examples(counter),
            apply=function,
            presupposed=presupposed,
        )
        return function

    return register


def rules() -> tuple[Rule, ...]:
    """Every registered rule, in registration order (importing the families registers them)."""
    from . import clausal, nominal, places, roles, speech  # noqa: F401  (registration on import)

    return tuple(RULES.values())


# The family whose relations, read inside noun phrases, take the setting of the clause around them;
# titles, places and family ties hold whatever the clause says ("might meet French President X").
SETTING_FAMILY = "nominal"


# Quotation marks a headline puts around a claim ("Acme 'to target Globex'"): no part of a relation's name.
_QUOTES = "'\"\u2018\u2019\u201c\u201d`"


def _plain_label(label: str) -> str:
    """``label`` without quotation marks around or between its words, nor the "to" a headline's
    infinitive opens with: "' to target" (of "Acme 'to target Globex'") → "target"."""
    words = [word for word in (w.strip(_QUOTES) for w in label.split()) if word]
    if len(words) > 1 and words[0] == "to":
        words = words[1:]
    return " ".join(words)


def iter_propositions(
    doc: Doc,
    token_entities: Mapping[int, str],
    entity_types: Mapping[str, str],
    mention_spans: Sequence[Span] = (),
    only: Sequence[str] | None = None,
    concepts: frozenset[str] = frozenset(),
    sentences: Collection[int] | None = None,
) -> Iterator[Proposition]:
    """Every proposition the registered rules read in ``doc``, sentence by sentence.

    ``concepts`` are the ids of concept entities; ``only`` restricts the run to
    the rules of those names (the rule tests use it); ``sentences``, to the
    sentences of those indexes.
    """
    selected = [r for r in rules() if only is None or r.name in only]
    for index in range(len(doc_sentences(doc))):
        if sentences is not None and index not in sentences:
            continue
        sentence = Sentence(doc, index, token_entities, entity_types, mention_spans, concepts)
        for registered in selected:
            for found in registered.apply(sentence):
                if found.subject.i == found.object.i:
                    continue
                q = found.qualifiers
                if registered.family == SETTING_FAMILY and q == NO_QUALIFIERS:
                    q = setting_of(found.subject, sentence.qualifiers)  # "might face sanctions from the EU"
                    if registered.presupposed:
                        q = replace(q, modality=None, condition=None)
                yield Proposition(
                    sentence=index,
                    subject=found.subject.i,
                    predicate=_plain_label(found.predicate),
                    object=found.object.i,
                    negated=q.negated,
                    modality=q.modality,
                    attributed_to=q.attributed_to,
                    confidence=round(max(0.05, registered.confidence - found.penalty), 3),
                    rule=registered.name,
                    condition=q.condition,
                    time=q.time,
                    relation=found.relation,
                )
