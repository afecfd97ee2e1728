"""Statements: propositions whose arguments are mapped to resolved entities.

An argument head maps to an entity when it is part of a mention (or a pronoun
resolved to one), or when the noun it heads is named by an entity:

* a name modifying a common noun names the thing: "A380 jets" → A380,
  "the F-35 program" → F-35, "NATO countries" → NATO;
* a title heads a phrase naming a person: "President of France Emmanuel Macron";
* a nationality on a state asset stands for the state: "a Libyan warplane",
  "German troops" → the country ("Norwegian gas" stays no node).

Propositions with an argument that maps to no entity, or with the same entity
on both sides, are dropped: no pronoun, determiner or number becomes a node.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from spacy.tokens import Doc, Token

from .model import Predicate, Proposition, Provenance, Statement, statement_id
from .resolve.gazetteer import titles
from .nlp import sentences as doc_sentences

__all__ = ["argument_entity", "iter_statements", "NAMING_DEPS", "STATE_ASSET_NOUNS"]

# Modifiers through which a name names its head noun: "A380 jets", "F-35 jets", "the Stream pipeline".
NAMING_DEPS = frozenset({"compound", "nummod", "nmod", "flat", "appos"})

# Nouns whose nationality adjective stands for the state they serve: people and bodies
# acting for it, and arms only a state fields ("a Libyan warplane was shot down").
# Goods that are traded are left out: in "bought Chinese drones" China is no party.
STATE_ASSET_NOUNS = frozenset(
    {
        "warplane", "warship", "troop", "soldier", "official", "diplomat", "government", "military",
        "army", "navy", "embassy", "authority", "administration", "police", "ambassador", "minister",
    }
)

# Kinds of entity a nationality can stand for.
_STATE_TYPES = frozenset({"Country"})


def argument_entity(
    token: Token, token_entities: Mapping[int, str], entity_types: Mapping[str, str]
) -> str | None:
    """The entity id an argument head refers to, or None when it names no entity."""
    if token.i in token_entities:
        return token_entities[token.i]
    named = [token_entities[c.i] for c in token.children if c.dep_ in NAMING_DEPS and c.i in token_entities]
    if token.lower_ in titles() or token.lemma_.lower() in titles():
        # "President of France Emmanuel Macron": the title's phrase names a person.
        for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                if entity_types.get(token_entities.get(pobj.i, "")) == "Person":
                    return token_entities[pobj.i]
        people = [e for e in named if entity_types.get(e) == "Person"]
        if people:
            return people[0]
    if named:
        return named[0]
    if token.lemma_.lower() in STATE_ASSET_NOUNS:
        for child in token.children:
            eid = token_entities.get(child.i)
            if child.dep_ == "amod" and eid and entity_types.get(eid) in _STATE_TYPES:
                return eid
    return None


def _word_prefix(short: str, long: str) -> bool:
    return long != short and long.startswith(short + " ")


def iter_statements(
    doc: Doc,
    document_id: str,
    propositions: Iterable[Proposition],
    token_entities: Mapping[int, str],
    entity_types: Mapping[str, str],
    extractor: tuple[str, str],
    groups: Mapping[int, tuple[str, ...]] | None = None,
) -> Iterator[Statement]:
    """Yield one :class:`Statement` per distinct proposition whose arguments are entities.

    ``groups`` maps plural pronouns to the several entities they stand for; a
    proposition on one is read once per entity. Within a sentence, the same
    (subject, predicate, object, polarity) is kept
    once, with its highest confidence; a predicate that only extends a shorter
    one between the same entities ("meet with president of" next to "meet
    with") is dropped.
    """
    sentences = doc_sentences(doc)
    groups = groups or {}

    def referents(i: int) -> tuple[str, ...]:
        if i in groups:
            return groups[i]
        found = argument_entity(doc[i], token_entities, entity_types)
        return () if found is None else (found,)

    best: dict[tuple, tuple[Proposition, str, str, str | None]] = {}
    for prop in propositions:
        source = None
        if prop.attributed_to is not None:
            source = argument_entity(doc[prop.attributed_to], token_entities, entity_types)
        for subject in referents(prop.subject):
            for obj in referents(prop.object):
                if subject == obj:
                    continue
                key = (prop.sentence, subject, prop.predicate, obj, prop.negated)
                if key not in best or best[key][0].confidence < prop.confidence:
                    best[key] = (prop, subject, obj, source)
    pairs: dict[tuple, list[str]] = {}
    for sentence, subject, predicate, obj, _ in best:
        pairs.setdefault((sentence, subject, obj), []).append(predicate)
    for key in sorted(best, key=lambda k: (k[0], best[k][0].subject, k[2], k[3])):
        sentence, subject, predicate, obj, negated = key
        if any(_word_prefix(other, predicate) for other in pairs[(sentence, subject, obj)]):
            continue
        prop, _, _, source = best[key]
        sent = sentences[sentence]
        text = sent.text.rstrip()
        start = sent.start_char
        yield Statement(
            id=statement_id(document_id, start, subject, predicate, obj, negated),
            subject=subject,
            predicate=Predicate.from_label(predicate),
            object=obj,
            provenance=Provenance(document_id, text, start, start + len(text), *extractor),
            negated=negated,
            modality=prop.modality,
            attributed_to=source,
            confidence=prop.confidence,
            condition=prop.condition,
            time=prop.time,
        )
