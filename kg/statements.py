"""Statements: propositions whose arguments are mapped to resolved entities.

An argument head maps to an entity when it is part of a mention (a name, a
resolved pronoun or description, a concept), or when the noun it heads
stands for a named entity (:func:`argument_entity`):

* a title heads a phrase naming a person: "President of France Emmanuel Macron";
* a model name on a product noun names the product: "A380 jets" → A380;
* people and bodies acting for a state or organisation stand for it:
  "White House officials said", "the Indian government", "German troops".

A head with a list in apposition or after "such as"/"including" stands for
the list's members: "Europe's biggest gas buyers - Germany, Italy and
Poland", "countries such as Estonia and Latvia".

Propositions with an argument that maps to no entity, or with the same entity
on both sides, are dropped: no pronoun, determiner or number becomes a node.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from spacy.tokens import Doc, Token

from .lexicon import (
    ARMED_FORCE_NOUNS,
    BODY_KIND_NOUNS,
    COMPANY_NOUNS,
    MEMBER_NOUNS,
    OFFICIAL_NOUNS,
    ORGANISATION_NOUNS,
    ORGANISATION_ROLE_NOUNS,
    PEOPLE_NOUNS,
    PERSON_NOUNS,
    PLACE_NOUNS,
    PRODUCT_NOUNS,
    TITLES,
    WORK_NOUNS,
)
from .model import Predicate, Proposition, Provenance, Statement, entity_id, statement_id
from .nlp import sentences as doc_sentences
from .resolve.canonical import ORGANISATION_TYPES
from .resolve.gazetteer import load_gazetteer

__all__ = ["argument_entity", "list_members", "iter_statements", "NAMING_DEPS", "ACTING_TYPES"]

# Modifiers through which a name names its head noun: "A380 jets", "F-35 jets".
NAMING_DEPS = frozenset({"compound", "nummod", "nmod", "flat", "appos"})
# Kinds of entity that people and bodies act for: "Pentagon officials", "German troops".
ACTING_TYPES = frozenset({"Country", "Organization", "Corporation", "GovernmentOrganization"})
# Prepositions that introduce the members of a list: "countries such as X and Y".
_LIST_PREPOSITIONS = frozenset({"as", "including", "like"})


def argument_entity(
    token: Token, token_entities: Mapping[int, str], entity_types: Mapping[str, str]
) -> str | None:
    """The entity id an argument head refers to, or None when it names no entity."""
    if token.i in token_entities:
        return token_entities[token.i]
    if token.pos_ not in {"NOUN", "PROPN"}:
        return None
    lemma = token.lemma_.lower()
    named = [token_entities[c.i] for c in token.children if c.dep_ in NAMING_DEPS and c.i in token_entities]
    if token.lower_ in TITLES or lemma in TITLES:
        # "President of France Emmanuel Macron": the title's phrase names a person.
        for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                if entity_types.get(token_entities.get(pobj.i, "")) == "Person":
                    return token_entities[pobj.i]
        people = [e for e in named if entity_types.get(e) == "Person"]
        if people:
            return people[0]
    products = [e for e in named if entity_types.get(e) == "Product"]
    if products:
        return products[0]
    if lemma in _KIND_NOUNS:
        # "the Nord Stream gas pipeline", "the Stop, Think campaign": the thing named so
        kinds = [e for e in named if entity_types.get(e) in _NAMED_KINDS]
        if kinds:
            return kinds[0]
    if lemma in BODY_KIND_NOUNS and token.tag_ == "NN":
        body = _named_body(token, token_entities, entity_types)
        if body is not None:
            return body  # "the Globex news agency", "the Open Share peer-to-peer network": the body named so
    acting = lemma in OFFICIAL_NOUNS or token.lower_ in OFFICIAL_NOUNS or lemma in ARMED_FORCE_NOUNS
    # "Westshire insurance executives", "Northdale shareholders": a company's people from a country,
    # who do not act for its state (as "Westshire officials" do)
    company_people = lemma in ORGANISATION_ROLE_NOUNS or token.lower_ in ORGANISATION_ROLE_NOUNS
    plain = not any(c.dep_ == "amod" and c.lower_ != "other" for c in token.children)
    if acting or (token.lower_ in MEMBER_NOUNS and plain):  # "NATO countries", not "newest EU members"
        for child in token.children:
            eid = token_entities.get(child.i)
            if acting and child.dep_ in {"compound", "nmod"} and entity_types.get(eid or "") == "City":
                eid = _capital_country(child, entity_types) or eid  # "Lima ministers" act for Peru
            if child.dep_ in {"amod", "compound", "poss", "nmod"} and eid and entity_types.get(eid) in ACTING_TYPES:
                if company_people and entity_types.get(eid) == "Country":
                    continue
                if acting or (child.dep_ in {"compound", "nmod"} and entity_types.get(eid) != "Country"):
                    return eid  # "Pentagon officials", "German troops"; "NATO countries", "IS extremists"
    return None


def _capital_country(city: Token, entity_types: Mapping[str, str]) -> str | None:
    """The id of the country whose capital ``city`` is, when the document names that country."""
    country = load_gazetteer().country_for_capital(city.text)
    if country is None:
        return None
    eid = entity_id(country.name, "Country")
    return eid if entity_types.get(eid) == "Country" else None


# Heads of phrases that a name of a thing of that kind names itself: "the F-35 program".
_KIND_NOUNS = (PRODUCT_NOUNS | WORK_NOUNS) - PLACE_NOUNS
_NAMED_KINDS = frozenset({"Product", "CreativeWork"})
# Words between a body's name and its body noun, at most: "the Globex satellite news agency";
# a hyphened run counts as one ("peer-to-peer"), and no phrase is read further back than
# _MAX_BETWEEN_TOKENS tokens.
_MAX_BODY_DESCRIPTORS = 2
_MAX_BETWEEN_TOKENS = 8
# Named-entity labels of a name that says where a body is from, not which body it is.
_WHERE_FROM_LABELS = frozenset({"NORP", "GPE", "LOC"})


def _named_body(token: Token, token_entities: Mapping[int, str], entity_types: Mapping[str, str]) -> str | None:
    """The body a singular body noun names with the name before it: "the Globex news agency",
    "the Initech car company", "the Open Share peer-to-peer network" are the bodies Globex,
    Initech and Open Share. Only words that say what kind of body it is may stand between:
    adjectives and common nouns of things, not of people ("the Acme supporters club" is a club of
    Acme's supporters), and nothing possessed; the name must modify the phrase, not be its owner."""
    doc = token.doc
    i = token.i - 1
    between: list[Token] = []
    while i >= 0 and i not in token_entities and len(between) < _MAX_BETWEEN_TOKENS:
        between.append(doc[i])
        i -= 1
    if i < 0 or i not in token_entities:
        return None
    eid = token_entities[i]
    name_end = doc[i]
    if entity_types.get(eid) not in ORGANISATION_TYPES or name_end.dep_ not in {"compound", "nmod"}:
        return None
    if name_end.pos_ != "PROPN" or name_end.ent_type_ in _WHERE_FROM_LABELS:
        return None  # "the English club": a club from there, named elsewhere
    if name_end.i < token.left_edge.i or not any(name_end.head is t for t in [token, *between]):
        return None  # the name modifies a word outside the phrase
    hyphened = {t.i for t in between if t.text == "-" or doc[t.i - 1].text == "-" or doc[t.i + 1].text == "-"}
    words = [t for t in between if t.i not in hyphened]  # "peer-to-peer" says what kind, as one word
    if len(words) + bool(hyphened) > _MAX_BODY_DESCRIPTORS:
        return None
    for word in words:
        if word.pos_ == "ADJ":
            continue
        if word.pos_ != "NOUN" or word.dep_ not in {"compound", "amod", "nmod"}:
            return None
        if word.lower_ in PEOPLE_NOUNS or word.lemma_.lower() in PERSON_NOUNS or any(c.dep_ == "poss" for c in word.children):
            return None
    start = i
    while start > 0 and token_entities.get(start - 1) == eid:
        start -= 1
    name = doc[start : i + 1].text
    gazetteer = load_gazetteer()
    place = gazetteer.city_for_name(name) or gazetteer.country_for_name(name)
    if place is not None and place.name.lower() == name.lower():
        return None  # "the Northdale club" where NER took the town for a body: a club from there
    return eid


def list_members(token: Token, token_entities: Mapping[int, str], depth: int = 0) -> tuple[str, ...]:
    """The named members of a list a common noun introduces: "consumers - China, India and Japan".
    Only a plural or collective noun has members: "disqualified for false starting, including
    Lewis-Francis" lists no members of "starting"."""
    if token.pos_ != "NOUN" or not (token.tag_ == "NNS" or token.lemma_.lower() in _LISTING_NOUNS):
        return ()  # (a title's appositive is who holds it: "former Worldcom finance chief Scott Sullivan")
    heads = [c for c in token.children if c.dep_ == "appos"]
    heads += [
        pobj
        for prep in token.children
        if prep.dep_ == "prep" and prep.lower_ in _LIST_PREPOSITIONS
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    ]
    members = []
    for head in heads:
        for member in [head, *(t for t in head.conjuncts if t.i > head.i)]:
            if member.i in token_entities and member.pos_ == "PROPN":
                members.append(token_entities[member.i])
            elif member.pos_ == "NOUN" and depth < 1:
                # "defendants including the carmakers Acme, Globex ..."
                members.extend(list_members(member, token_entities, depth + 1))
    return tuple(dict.fromkeys(members)) if members else ()


# Singular nouns of groups that have members: "a consortium including X and Y", "the G8 group, Japan, ...".
_COLLECTIVE_NOUNS = ORGANISATION_NOUNS | COMPANY_NOUNS | frozenset({"list", "line-up", "squad", "side", "team", "field", "panel", "shortlist"})
# Singular nouns that may introduce named members: groups, and titles (their holder in apposition).
_LISTING_NOUNS = _COLLECTIVE_NOUNS | TITLES


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
    (subject, predicate, object, polarity) is kept once, with its highest
    confidence; a predicate that only extends a shorter one between the same
    entities ("meet with president of" next to "meet with") is dropped.
    """
    sentences = doc_sentences(doc)
    groups = groups or {}

    def referents(i: int) -> tuple[str, ...]:
        if i in groups:
            return groups[i]
        members = list_members(doc[i], token_entities)
        if members:
            return members
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
            rule=prop.rule,
        )
