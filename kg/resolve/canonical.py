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
* ``seat-of-power``: a seat of government that acts ("the White House said")
  stands for its country, from the curated ``kg/data/metonyms.json``; used as
  a place ("talks at the White House") it stays a place;
* ``contained-name``: a shorter name inside a longer one of the same type is
  the same entity ("Macron" → "Emmanuel Macron", "State Department" → "U.S.
  State Department"); the fullest name is the label;
* ``acronym``: "Islamic State (IS)" ties IS to its expansion, and an acronym
  spelling the initials of one name in the document is that name ("the
  European Union ... the EU");
* ``type-consistency``: one name keeps one type in a document (the commoner
  of the types NER gave its mentions).

Countries and cities carry ``same_as`` links to GeoNames and Wikidata when the
gazetteer has their ids.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import NamedTuple

from spacy.tokens import Span

from ..extract.mentions import GROUP_LABEL
from ..model import ENTITY_TYPES, Entity, Mention, entity_id
from .gazetteer import Country, honorifics, load_gazetteer, seat_of_power, titles

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

# Linked-data IRIs of gazetteer records (owl:sameAs targets).
GEONAMES_IRI = "https://sws.geonames.org/{}/"
WIKIDATA_IRI = "http://www.wikidata.org/entity/{}"

# Words left out of an acronym's letters: "Organization of American States" → OAS.
ACRONYM_SKIPPED_WORDS = frozenset({"of", "the", "and", "for", "de", "la", "du", "des", "&"})

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


class Canonical(NamedTuple):
    """What a mention resolves to: canonical label, schema.org type, the rule used, linked IRIs."""

    label: str
    type: str
    rule: str
    same_as: tuple[str, ...] = ()


def _country(country: Country, rule: str) -> Canonical:
    links = [GEONAMES_IRI.format(country.geonames_id)]
    if country.wikidata_id:
        links.append(WIKIDATA_IRI.format(country.wikidata_id))
    return Canonical(country.name, "Country", rule, tuple(links))


def _place(span: Span, text: str) -> Canonical:
    city = load_gazetteer().city_for_name(text)
    if city is not None:
        return Canonical(text, "City", "ner", (GEONAMES_IRI.format(city.geonames_id),))
    return Canonical(text, TYPE_BY_LABEL.get(span.label_, "Place"), "ner")


def _canonical(span: Span) -> Canonical | None:
    """Canonical label, type, rule and links of a mention span, or None if it names no node."""
    gazetteer = load_gazetteer()
    label = span.label_
    text = span.text
    if label in {"GPE", "LOC", "FAC", "ORG"}:
        seat = seat_of_power(text)
        if seat is not None and gazetteer.country(seat) is not None:
            # "the White House said" is the US speaking; "met at the White House" is the place.
            if _acts(span):
                return _country(gazetteer.country(seat), "seat-of-power")
            return Canonical(text, "Place", "seat-of-power-as-place")
    if label in {"GPE", "LOC"}:
        country = gazetteer.country_for_name(text)
        if country is not None:
            return _country(country, "country")
        capital_of = gazetteer.country_for_capital(text)
        if label == "GPE" and capital_of is not None and _acts(span):
            return _country(capital_of, "capital-as-actor")
        return _place(span, text)
    if label == "NORP":
        country = gazetteer.country_for_demonym(text) or gazetteer.country_for_name(text)
        return _country(country, "demonym") if country is not None else None
    if label == GROUP_LABEL:
        nationalities = [t for t in span[:-1] if t.ent_type_ == "NORP"] or list(span[:-1])
        stateless = [t for t in nationalities if gazetteer.country_for_demonym(t.text) is None]
        if not stateless:
            return _country(gazetteer.country_for_demonym(nationalities[-1].text), "nationality-group")
        head = span[-1]
        noun = "forces" if head.lower_ in ARMED_GROUP_NOUNS else head.lower_
        return Canonical(" ".join([*(t.text for t in stateless), noun]), "Organization", "nationality-group")
    if label == "PERSON":
        stripped = _strip_titles(span)
        return Canonical(stripped.text, "Person", "title-stripped" if stripped.start != span.start else "ner")
    if label == "ORG":
        words = text.split()
        if len(words) > 1 and words[-1].lower() in COMPANY_SUFFIXES:
            return Canonical(" ".join(words[:-1]).rstrip(","), "Corporation", "company-suffix")
        if words[-1].lower() in GOVERNMENT_WORDS:
            return Canonical(text, "GovernmentOrganization", "ner")
        return Canonical(text, "Organization", "ner")
    if label in TYPE_BY_LABEL:
        return Canonical(text, TYPE_BY_LABEL[label], "ner")
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


def _is_acronym(text: str) -> bool:
    letters = text.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalnum() and letters.isupper()


def _initials(label: str) -> str:
    """"European Union" → "EU", "North Atlantic Treaty Organization" → "NATO" (minor words skipped)."""
    return "".join(w[0] for w in label.replace("-", " ").split() if w.lower() not in ACRONYM_SKIPPED_WORDS).upper()


def _acronym_targets(resolved: Sequence[tuple[Span, Mention, tuple[str, str]]]) -> dict[str, tuple[str, str]]:
    """Acronym text → the (label, type) it abbreviates, in this document.

    "Islamic State (IS)" ties IS to Islamic State whatever its letters; otherwise
    an acronym stands for the one multiword name of the document whose initials
    it spells ("the European Union ... the EU").
    """
    targets: dict[str, tuple[str, str]] = {}
    for (previous, _, key), (span, _, _) in zip(resolved, resolved[1:]):
        doc = span.doc
        if (
            _is_acronym(span.text)
            and span.start >= 1
            and doc[span.start - 1].text == "("
            and previous.end == span.start - 1
            and not _is_acronym(key[0])
        ):
            targets.setdefault(span.text, key)
    names = {key for _, _, key in resolved if len(key[0].split()) > 1}
    for _, _, (label, _) in resolved:
        if _is_acronym(label) and label not in targets:
            spelled = [key for key in names if _initials(key[0]) == label.replace(".", "")]
            if len(spelled) == 1:
                targets[label] = spelled[0]
    return targets


def _consistent_types(keys: Sequence[tuple[str, str]], counts: Mapping[tuple[str, str], int]) -> dict[tuple[str, str], tuple[str, str]]:
    """One type per name in a document: "Nord Stream" tagged ORG here and FAC there gets the commoner.

    People are never merged with things of the same name ("Jordan").
    """
    by_label: dict[str, list[tuple[str, str]]] = {}
    for key in keys:
        if key[1] != "Person":
            by_label.setdefault(key[0], []).append(key)
    target = {key: key for key in keys}
    for variants in by_label.values():
        if len(variants) > 1:
            best = max(variants, key=lambda k: (counts[k], -ENTITY_TYPES.index(k[1]) if k[1] in ENTITY_TYPES else 0))
            target.update({key: best for key in variants})
    return target


def resolve_mentions(spans: Sequence[Span], mentions: Sequence[Mention]) -> Resolution:
    """Group a document's mentions into entities with canonical labels, types and stable ids.

    ``spans`` and ``mentions`` are parallel: the mention spans of one parsed
    document and their :class:`Mention` records.
    """
    resolved: list[tuple[Span, Mention, tuple[str, str]]] = []
    links: dict[tuple[str, str], set[str]] = {}
    for span, mention in zip(spans, mentions, strict=True):
        canonical = _canonical(span)
        if canonical is None or not canonical.label.strip():
            continue
        key = (canonical.label, canonical.type)
        links.setdefault(key, set()).update(canonical.same_as)
        resolved.append((span, _with_rule(mention, canonical.rule), key))
    acronyms = _acronym_targets(resolved)
    resolved = [
        (span, _with_rule(mention, "acronym"), acronyms[key[0]]) if key[0] in acronyms and key != acronyms[key[0]] else (span, mention, key)
        for span, mention, key in resolved
    ]
    counts: dict[tuple[str, str], int] = {}
    for _, _, key in resolved:
        counts[key] = counts.get(key, 0) + 1
    keys = list(counts)
    typed = _consistent_types(keys, counts)
    target = _merge_contained(list(dict.fromkeys(typed.values())))
    grouped: dict[tuple[str, str], list[tuple[Span, Mention]]] = {}
    for span, mention, key in resolved:
        final = target[typed[key]]
        if final != typed[key]:
            mention = _with_rule(mention, "contained-name")
        elif typed[key] != key:
            mention = _with_rule(mention, "type-consistency")
        grouped.setdefault(final, []).append((span, mention))
    entities: list[Entity] = []
    token_entities: dict[int, str] = {}
    for (label, type_), members in grouped.items():
        eid = entity_id(label, type_)
        aliases = tuple(sorted({m.text for _, m in members} - {label}))
        same_as = tuple(sorted(links.get((label, type_), ())))
        entities.append(Entity(eid, label, type_, aliases, tuple(m for _, m in members), same_as))
        for span, _ in members:
            for token in span:
                token_entities[token.i] = eid
    return Resolution(tuple(entities), MappingProxyType(token_entities))


def _with_rule(mention: Mention, rule: str) -> Mention:
    if mention.rule == rule:
        return mention
    return Mention(mention.text, mention.start, mention.end, mention.sentence, mention.label, mention.document, rule)
