"""Canonical entities from mention spans: one node per real-world thing in a document.

Rules, each named in the mention's ``rule`` field so merges can be audited:

* ``country``: a place name the gazetteer knows as a country ("U.S.", "the
  United States", "Deutschland") becomes that country under its common name;
* ``demonym``: a nationality adjective ("German", "French") stands for its
  country; a nationality without a country ("Kurdish") is no node by itself;
* ``nationality-group``: "Kurdish forces" is a group entity, but "German
  forces" stands for the country, as a country's forces act for it;
* ``capital-as-actor``: a capital that acts ("Berlin says", "pressure from
  Washington") stands for its country, while the same word as a place ("a trip
  to Paris") stays the city;
* ``title-stripped``: titles and honorifics are not part of a name
  ("President Macron" → "Macron");
* ``contained-name``: a shorter name inside a longer one of the same type is
  the same entity ("Macron" → "Emmanuel Macron", "State Department" → "U.S.
  State Department"); the fullest name is the label.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from spacy.tokens import Span

from ..extract.mentions import GROUP_LABEL, PRODUCT_LABEL
from ..model import Entity, Mention, entity_id
from .gazetteer import honorifics, load_gazetteer, titles

__all__ = ["Resolution", "resolve_mentions", "TYPE_BY_LABEL", "ACTOR_DEPS", "ACTOR_PREPOSITIONS", "MOTION_VERBS"]

# schema.org type of each mention label that is not resolved by the gazetteer.
TYPE_BY_LABEL = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Place",
    "LOC": "Place",
    "FAC": "Place",
    "PRODUCT": "Product",
    "EVENT": "Event",
    "WORK_OF_ART": "CreativeWork",
    "LAW": "CreativeWork",
    GROUP_LABEL: "Organization",
    PRODUCT_LABEL: "Product",
}

# Last words that mark a government body: "State Department", "Defence Ministry".
GOVERNMENT_WORDS = frozenset(
    {"department", "ministry", "agency", "parliament", "senate", "congress", "council", "commission", "bureau", "government", "cabinet"}
)
# Company suffixes dropped from the canonical name: "Boeing Co" = "Boeing".
COMPANY_SUFFIXES = frozenset({"inc", "inc.", "corp", "corp.", "co", "co.", "ltd", "ltd.", "plc", "llc", "ag", "sa", "gmbh"})

# Where a capital acts for its country: as subject or possessor ("Berlin says",
# "Paris's stance"), as agent ("demanded by Washington"), or as the object of
# prepositions of dealings ("pressure from Washington", "ties with Paris").
ACTOR_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "agent"})
ACTOR_PREPOSITIONS = frozenset({"from", "by", "with", "against", "between"})
# Verbs whose object is a destination, not a party: "visited Paris", "left Paris".
MOTION_VERBS = frozenset({"visit", "leave", "reach", "enter", "tour", "arrive", "return", "fly", "travel", "move", "host"})

# Group nouns that name armed forces; the group is labelled "<nationality> forces".
ARMED_GROUP_NOUNS = frozenset({"force", "forces", "fighter", "fighters", "troops", "troop", "soldier", "soldiers", "army", "military"})


@dataclass(frozen=True)
class Resolution:
    """The entities of one document and which token belongs to which entity."""

    entities: tuple[Entity, ...]
    token_entities: Mapping[int, str]


def _acts(span: Span) -> bool:
    """True when a capital's name is used as an actor rather than a place ("Berlin says" vs "in Berlin")."""
    root = span.root
    while root.dep_ == "conj" and root.head != root:
        root = root.head  # "Paris and Berlin have ..." : the second conjunct acts like the first
    if root.dep_ in ACTOR_DEPS:
        return True
    if root.dep_ == "pobj":
        return root.head.lower_ in ACTOR_PREPOSITIONS
    if root.dep_ == "dobj":
        return root.head.lemma_.lower() not in MOTION_VERBS
    return False


@lru_cache(maxsize=1)
def _name_prefixes() -> tuple[frozenset[str], int]:
    """Titles and honorifics that may open a name, and the most words one has."""
    known = titles() | honorifics()
    return known, max(len(k.split()) for k in known)


def _strip_titles(span: Span) -> Span:
    """The name without leading titles: "Crown Prince Mohammed bin Salman" → "Mohammed bin Salman"."""
    known, longest = _name_prefixes()
    doc, start = span.doc, span.start
    while True:
        for n in range(min(longest, span.end - start - 1), 0, -1):
            if " ".join(t.lower_ for t in doc[start : start + n]) in known:
                start += n
                break
        else:
            return doc[start : span.end]


def _canonical(span: Span) -> tuple[str, str, str] | None:
    """Canonical (label, schema.org type, rule) of a mention span, or None if it names no node."""
    gazetteer = load_gazetteer()
    label = span.label_
    text = span.text
    if label in {"GPE", "LOC"}:
        country = gazetteer.country_for_name(text)
        if country is not None:
            return country.name, "Country", "country"
        capital_of = gazetteer.country_for_capital(text)
        if label == "GPE" and capital_of is not None and _acts(span):
            return capital_of.name, "Country", "capital-as-actor"
        if gazetteer.city_for_name(text) is not None:
            return text, "City", "ner"
        return text, TYPE_BY_LABEL[label], "ner"
    if label == "NORP":
        country = gazetteer.country_for_demonym(text) or gazetteer.country_for_name(text)
        return (country.name, "Country", "demonym") if country is not None else None
    if label == GROUP_LABEL:
        nationalities = [t for t in span[:-1] if t.ent_type_ == "NORP"] or list(span[:-1])
        stateless = [t for t in nationalities if gazetteer.country_for_demonym(t.text) is None]
        if not stateless:
            country = gazetteer.country_for_demonym(nationalities[-1].text)
            return country.name, "Country", "nationality-group"
        head = span[-1]
        noun = "forces" if head.lower_ in ARMED_GROUP_NOUNS else head.lower_
        return " ".join([*(t.text for t in stateless), noun]), "Organization", "nationality-group"
    if label == "PERSON":
        stripped = _strip_titles(span)
        rule = "title-stripped" if stripped.start != span.start else "ner"
        return stripped.text, "Person", rule
    if label == "ORG":
        words = text.split()
        if len(words) > 1 and words[-1].lower() in COMPANY_SUFFIXES:
            return " ".join(words[:-1]).rstrip(","), "Corporation", "company-suffix"
        if words[-1].lower() in GOVERNMENT_WORDS:
            return text, "GovernmentOrganization", "ner"
        return text, "Organization", "ner"
    if label in TYPE_BY_LABEL:
        return text, TYPE_BY_LABEL[label], "ner"
    return None


def _contained_in(short: tuple[str, ...], long: tuple[str, ...], person: bool) -> bool:
    if len(short) >= len(long):
        return False
    if not person and len(short) < 2:
        return False  # one word ("State") is too weak to tie organisations together
    if person:  # "Macron" in "Emmanuel Macron": a surname or a trailing part of the full name
        return long[-len(short) :] == short
    return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


def _merge_contained(keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], tuple[str, str]]:
    """Map each (label, type) to the fullest (label, type) naming the same thing, if exactly one does."""
    target: dict[tuple[str, str], tuple[str, str]] = {}
    for key in keys:
        label, type_ = key
        words = tuple(label.lower().split())
        longer = [
            other
            for other in keys
            if other[1] == type_ and _contained_in(words, tuple(other[0].lower().split()), type_ == "Person")
        ]
        longest = [o for o in longer if not any(_contained_in(tuple(o[0].lower().split()), tuple(x[0].lower().split()), type_ == "Person") for x in longer)]
        target[key] = longest[0] if len(longest) == 1 else key
    return target


def resolve_mentions(spans: Sequence[Span], mentions: Sequence[Mention]) -> Resolution:
    """Group a document's mentions into entities with canonical labels, types and stable ids.

    ``spans`` and ``mentions`` are parallel: the mention spans of one parsed
    document and their :class:`Mention` records.
    """
    resolved: list[tuple[Span, Mention, tuple[str, str]]] = []
    for span, mention in zip(spans, mentions, strict=True):
        canonical = _canonical(span)
        if canonical is None:
            continue
        label, type_, rule = canonical
        if not label.strip():
            continue
        resolved.append((span, _with_rule(mention, rule), (label, type_)))
    keys = list(dict.fromkeys(key for _, _, key in resolved))
    target = _merge_contained(keys)
    grouped: dict[tuple[str, str], list[tuple[Span, Mention]]] = {}
    for span, mention, key in resolved:
        final = target[key]
        if final != key:
            mention = _with_rule(mention, "contained-name")
        grouped.setdefault(final, []).append((span, mention))
    entities: list[Entity] = []
    token_entities: dict[int, str] = {}
    for (label, type_), members in grouped.items():
        eid = entity_id(label, type_)
        aliases = tuple(sorted({m.text for _, m in members} - {label}))
        entities.append(Entity(eid, label, type_, aliases, tuple(m for _, m in members)))
        for span, _ in members:
            for token in span:
                token_entities[token.i] = eid
    return Resolution(tuple(entities), MappingProxyType(token_entities))


def _with_rule(mention: Mention, rule: str) -> Mention:
    if mention.rule == rule:
        return mention
    return Mention(mention.text, mention.start, mention.end, mention.sentence, mention.label, mention.document, rule)
