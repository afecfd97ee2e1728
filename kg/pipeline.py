"""The per-document flow: a parsed ``Doc`` → entities and statements.

Imported by :mod:`kg.api` and :mod:`kg.runner`, so both build documents the same way:

1. named mentions (:mod:`kg.extract.mentions`) are resolved into entities
   with types decided from all their evidence (:mod:`kg.resolve.canonical`);
2. definite descriptions and lead descriptions find the named entity they
   stand for (:mod:`kg.resolve.coref`), and nouns that stand for one
   ("Pentagon officials") are mapped to it (:mod:`kg.statements`);
3. the remaining specific noun phrases become concept entities
   (:mod:`kg.resolve.concepts`);
4. pronouns are resolved against all of these;
5. the rule inventory reads propositions (:mod:`kg.extract.rules`), and
   statements map their arguments to entities;
6. concept entities no statement uses are dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from ._version import __version__
from .aliases import Aliases
from .extract.mentions import iter_mentions, mention_spans
from .extract.quotes import quote_speakers, with_quote_sources
from .extract.rules import iter_propositions
from .model import Document, Entity, Proposition, Statement
from .nlp import sentences
from .parsed import snapshot
from .resolve.canonical import resolve_mentions
from .resolve.concepts import CONCEPT_RULE, find_concepts, resolve_concepts
from .resolve.coref import (
    is_referring_word,
    resolve_descriptions,
    resolve_lead_descriptions,
    resolve_plural_pronouns,
    resolve_pronouns,
)
from .statements import argument_entity, iter_statements

__all__ = ["EXTRACTOR", "Analysis", "analyse_document", "extract_document"]

# Name and version recorded in every statement's provenance.
EXTRACTOR = ("kg.rules", __version__)
# Rules too loose to relate two unnamed things with nothing named in the statement
# ("monetary policy –be in effects of→ stronger euro").
LOOSE_RULES = frozenset({"preposition-noun", "possessed-object", "possessed-subject", "reported-subject"})


def _is_concept(entity: Entity) -> bool:
    return bool(entity.mentions) and all(m.rule == CONCEPT_RULE for m in entity.mentions)


def _appositive_name(token, token_entities) -> str | None:
    """The name a singular noun phrase stands in apposition to: "Ana Ruiz, the world record
    holder", "the singer, Shakira" — the phrase describes the named one."""
    if token.tag_ != "NN":
        return None
    if token.dep_ == "appos" and token.head.pos_ == "PROPN" and token.head.i in token_entities:
        return token_entities[token.head.i]
    for child in token.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN" and child.i in token_entities:
            return token_entities[child.i]
    return None


def _concepts_of_names(
    named: tuple[Entity, ...], concepts: tuple[Entity, ...], concept_tokens: Mapping[int, str]
) -> tuple[tuple[Entity, ...], tuple[Entity, ...], dict[int, str]]:
    """Concepts that spell out an acronym named in the document join it: "compressed natural gas"
    and "CNG" are one thing."""
    by_initials: dict[str, Entity] = {e.label.replace(".", ""): e for e in named if _is_acronym(e.label)}
    joined: dict[str, Entity] = {}  # concept id → named entity it joins
    for concept in concepts:
        target = by_initials.get(_initials(concept.label)) if len(concept.label.split()) > 1 else None
        if target is not None:
            joined[concept.id] = target
    if not joined:
        return named, concepts, dict(concept_tokens)
    grown = {e.id: e for e in named}
    for concept in concepts:
        target = joined.get(concept.id)
        if target is not None:
            known = grown[target.id]
            aliases = tuple(sorted(set(known.aliases) | {concept.label} | set(concept.aliases)))
            grown[target.id] = replace(known, aliases=aliases, mentions=known.mentions + concept.mentions)
    tokens = {i: joined[eid].id if eid in joined else eid for i, eid in concept_tokens.items()}
    return tuple(grown[e.id] for e in named), tuple(c for c in concepts if c.id not in joined), tokens


def _is_acronym(text: str) -> bool:
    letters = text.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


def _initials(label: str) -> str:
    return "".join(w[0] for w in label.replace("-", " ").split() if w.lower() not in {"of", "the", "and", "for"}).upper()


def _fronted_descriptions(doc, token_entities: dict[int, str]) -> None:
    """A noun phrase fronted before a subject describes it: "The son of actress Mary Hale, he
    helped write the song" — the son is he (the parse gives the verb two subjects)."""
    by_verb: dict[int, list] = {}
    for token in doc:
        if token.dep_ == "nsubj":
            by_verb.setdefault(token.head.i, []).append(token)  # in order, as the verb's children
    for subjects in by_verb.values():
        if len(subjects) < 2:
            continue
        first, later = subjects[0], subjects[-1]
        if first.pos_ == "NOUN" and first.i not in token_entities and later.i in token_entities:
            token_entities[first.i] = token_entities[later.i]
        elif later.pos_ == "NOUN" and later.i not in token_entities and first.i in token_entities and first.pos_ == "PROPN":
            token_entities[later.i] = token_entities[first.i]  # "Tom Reed, policy adviser for X, said"


# Rules that say who holds a role where: a speaker's claims about that organisation are its own.
ROLE_RULES = frozenset({"title-before-name", "appositive-role", "role-preposition", "title-in-sentence"})


def _without_own_organisations(statements: tuple[Statement, ...]) -> tuple[Statement, ...]:
    """Statements without "X –say about→ Y" where X holds a role in Y ("a Vodafone spokesman said
    Vodafone has strict procedures"): a spokesman speaking of his own firm says nothing of it."""
    roles = {(s.subject, s.object) for s in statements if s.rule in ROLE_RULES}
    return tuple(s for s in statements if not (s.rule in _ROLE_SHADOWED and (s.subject, s.object) in roles))


# Rules a role statement between the same two makes redundant or wrong: "French President
# Macron" is no claim of his about France, nor does it say he is from France rather than its president.
_ROLE_SHADOWED = frozenset({"reported-subject", "origin-modifier"})


def _without_restated_claims(statements: tuple[Statement, ...], concepts: frozenset[str]) -> tuple[Statement, ...]:
    """Statements without "X –say about→ Y" where the claim itself was read as a relation of Y to
    another named thing, with X as its source ("Okafor said Norway must remain a partner in NATO"
    keeps Norway –remain partner in→ NATO attributed to Okafor): the link to the speaker is there."""
    claims = {
        (s.provenance.start, s.attributed_to, s.subject)
        for s in statements
        if s.attributed_to and s.rule != "reported-subject" and s.object not in concepts
    }
    return tuple(
        s for s in statements if not (s.rule == "reported-subject" and (s.provenance.start, s.subject, s.object) in claims)
    )


@dataclass(frozen=True)
class Analysis:
    """What one parsed document says before statements are made: its entities, which token
    stands for which entity, and the propositions the rule inventory read.

    Open extraction (:mod:`kg.extract.openie`) renders the same ``propositions`` with their
    argument phrases instead of entities.
    """

    named: tuple[Entity, ...]
    concepts: tuple[Entity, ...]
    token_entities: Mapping[int, str]
    types: Mapping[str, str]
    groups: Mapping[int, tuple[str, ...]]
    propositions: tuple[Proposition, ...]

    @property
    def concept_ids(self) -> frozenset[str]:
        return frozenset(e.id for e in self.concepts)


def _sentences_with_relations(doc: Doc, token_entities: Mapping[int, str], groups: Mapping[int, tuple[str, ...]]) -> frozenset[int]:
    """Indexes of the sentences where a statement can come out, or a relation be dropped on an
    unresolved pronoun: two distinct entities, a plural pronoun standing for several, or a
    referring word left unresolved. A statement needs two entities in its sentence (an
    argument maps to an entity only through a token of its own phrase), so the rules need not
    read the others (a quarter of a news article's sentences)."""
    worth = set()
    for index, sentence in enumerate(sentences(doc)):
        if _is_listing(sentence):
            continue
        seen: set[str] = set()
        for i in range(sentence.start, sentence.end):
            eid = token_entities.get(i)
            if eid is not None:
                seen.add(eid)
            if len(seen) > 1 or (eid is None and (i in groups or is_referring_word(doc[i]))):
                worth.add(index)
                break
    return frozenset(worth)


def _is_listing(sentence) -> bool:
    """A line of a results table or team sheet, not a sentence: three or more bracketed numbers
    ("Replacements: Priscott for Roberts (71), Green for Dowd (71), Gotting for Rees (39)."),
    whose words the parser reads as clauses they are not."""
    tokens = list(sentence)
    bracketed = sum(
        1 for a, b, c in zip(tokens, tokens[1:], tokens[2:]) if a.text == "(" and b.like_num and c.text == ")"
    )
    return bracketed >= 3


def analyse_document(doc: Doc, document: Document, *, every_sentence: bool = True, aliases: Aliases | None = None) -> Analysis:
    """Steps 1-5 of the module docstring: entities, token → entity and the rules' propositions.

    With ``every_sentence=False`` the rules read only the sentences where a statement can
    come out (:func:`_sentences_with_relations`), as building does; open extraction reads every one.
    The parse is read through a :func:`~kg.parsed.snapshot` of ``doc``.
    """
    doc = snapshot(doc)
    spans = mention_spans(doc)
    mentions = list(iter_mentions(doc, document.id, spans))
    resolution = resolve_mentions(spans, mentions, aliases)
    types = {e.id: e.type for e in resolution.entities}
    token_entities = dict(resolution.token_entities)
    for token in doc:
        if token.i not in token_entities and token.pos_ in {"NOUN", "PROPN"}:
            eid = argument_entity(token, token_entities, types) or _appositive_name(token, token_entities)
            if eid is not None:
                token_entities[token.i] = eid  # "the Chilean government", "Ana Ruiz, the American"
    token_entities.update(resolve_descriptions(doc, token_entities, types, resolution.descriptors, resolution.titles))
    token_entities.update(resolve_lead_descriptions(doc, token_entities, types))
    concept_entities, concept_tokens = resolve_concepts(doc, document.id, find_concepts(doc, token_entities), token_entities)
    named_entities, concept_entities, concept_tokens = _concepts_of_names(resolution.entities, concept_entities, concept_tokens)
    # names a concept's phrase holds ("Globex investors"): still things a pronoun may refer back to
    embedded = {i: eid for i, eid in token_entities.items() if concept_tokens.get(i, eid) != eid and doc[i].pos_ == "PROPN"}
    token_entities.update(concept_tokens)
    types.update({e.id: e.type for e in concept_entities})
    concept_ids = frozenset(e.id for e in concept_entities)
    groups = resolve_plural_pronouns(doc, token_entities, types)
    quoted = quote_speakers(doc, lambda token: argument_entity(token, token_entities, types))
    token_entities.update(
        resolve_pronouns(
            doc, token_entities, types, resolution.genders, concept_ids, frozenset(groups), embedded=embedded, quotes=quoted
        )
    )
    _fronted_descriptions(doc, token_entities)
    read = None if every_sentence else _sentences_with_relations(doc, token_entities, groups)
    propositions = tuple(iter_propositions(doc, token_entities, types, spans, concepts=concept_ids, sentences=read))
    return Analysis(named_entities, concept_entities, token_entities, types, groups, propositions)


def extract_document(
    doc: Doc, document: Document, aliases: Aliases | None = None
) -> tuple[tuple[Entity, ...], tuple[Statement, ...], int]:
    """Entities and statements of one parsed document, and how many relations were dropped
    because an argument was a pronoun or description left unresolved. ``aliases``: the user's
    overrides of entity resolution (:mod:`kg.aliases`)."""
    doc = snapshot(doc)
    analysis = analyse_document(doc, document, every_sentence=False, aliases=aliases)
    token_entities, types, groups, propositions = analysis.token_entities, analysis.types, analysis.groups, analysis.propositions
    concept_ids = analysis.concept_ids
    statements = tuple(
        s
        for s in iter_statements(doc, document.id, propositions, token_entities, types, EXTRACTOR, groups)
        if not (s.subject in concept_ids and s.object in concept_ids) or s.rule not in LOOSE_RULES
    )
    speakers = quote_speakers(doc, lambda token: argument_entity(token, token_entities, types))
    statements = with_quote_sources(_without_own_organisations(statements), speakers)
    statements = _without_restated_claims(statements, concept_ids)
    used = {s.subject for s in statements} | {s.object for s in statements} | {s.attributed_to for s in statements}
    entities = analysis.named + tuple(e for e in analysis.concepts if e.id in used)
    unresolved = {
        i for i in {i for p in propositions for i in (p.subject, p.object)}
        if i not in token_entities and i not in groups and is_referring_word(doc[i])
    }
    dropped = sum(1 for p in propositions if p.subject in unresolved or p.object in unresolved)
    return entities, statements, dropped
