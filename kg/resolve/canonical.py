"""Canonical entities from mention spans: one node per real-world thing in a document.

Mentions with the same normalised name (case, plural, possessive, a leading
"the", titles and honorifics) are one entity whatever label spaCy gave each,
and the entity's type is decided once, from the evidence of all its mentions
(:func:`name_evidence`): the NER labels as votes, honorifics and titles
("Mr Okafor" is a person), a common given name ("Nina Lopez"), company
suffixes and organisation words in the name ("Globex International Inc",
"University of California"), descriptor nouns next to it ("oil giant Initech",
"the comedy Summer Rain", "Oscar-winning director X"), an age ("Okafor, 43,") and
the gazetteer. The mention's ``rule`` says how it was attached:

* ``country``: a place name the gazetteer knows as a country ("U.S.", "the
  United States", "Deutschland") becomes that country under its common name;
* ``demonym``: a nationality adjective ("German", "French") stands for its
  country; a nationality of no country ("Republican", "Basque") names a group;
* ``nationality-group``: "Basque fighters" is a group entity, but "German
  forces" stands for the country, as a country's forces act for it;
* ``capital-as-actor``: a capital that acts ("Berlin says", "pressure from
  Washington") stands for its country, while the same word as a place ("a trip
  to Paris") stays the city;
* ``title-stripped``: titles and honorifics are not part of a name
  ("President Macron" → "Macron");
* ``seat-of-power``: a seat of government that acts ("the White House said")
  stands for its country, from the curated ``kg/data/metonyms.json``;
* ``contained-name``: a shorter name inside a longer one is the same entity
  ("Macron" → "Emmanuel Macron", "Ford" → "Ford Motor Company" when no
  other name starts so); the fullest name is the label;
* ``acronym``: "Doctors Without Borders (MSF)" ties MSF to its expansion, and an acronym
  spelling the initials of one name in the document is that name;
* ``same-name``: one name is one thing in a document whatever NER said of each
  mention: "Gibraltar" tagged a product is the country the gazetteer found in
  another mention, and "Inbev" tagged a nationality once is the company the
  other mentions name;
* ``type-evidence``: the mention's NER label was outvoted by the evidence.

Countries, regions and cities carry ``same_as`` links to GeoNames and Wikidata
when the gazetteer has their ids.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

from spacy.tokens import Span, Token

from ..aliases import USER_RULE
from ..extract.mentions import GROUP_LABEL, NAME_LABEL
from ..lexicon import (
    ACRONYM_SKIPPED_WORDS,
    ACTOR_PREPOSITIONS,
    AGE_MARKERS,
    CONSTITUENT_COUNTRIES,
    LOCATIVE_PREPOSITIONS,
    NEGATING_DETERMINERS,
    ORGANISATION_ROLE_NOUNS,
    AGREEMENT_NOUNS,
    ARMED_FORCE_NOUNS,
    COMPANY_NAME_WORDS,
    COMPANY_NOUNS,
    COMPANY_SUFFIXES,
    CREATION_VERBS,
    EVENT_NAME_WORDS,
    FEMALE_MARKERS,
    GEOGRAPHIC_NOUNS,
    GOVERNMENT_NAME_WORDS,
    HONORIFICS,
    INSTITUTION_NAME_WORDS,
    LIST_NOUNS,
    JOURNEY_VERBS,
    LAW_NOUNS,
    MALE_MARKERS,
    MEDIA_NOUNS,
    MOTION_VERBS,
    ORGANISATION_NAME_WORDS,
    ORGANISATION_NOUNS,
    PEOPLE_NOUNS,
    PERSON_NOUNS,
    PERSON_VERBS,
    PLACE_NAME_WORDS,
    PLACE_NOUNS,
    PRODUCT_NAME_WORDS,
    STATE_NOUNS,
    PRODUCT_NOUNS,
    PURPOSE_NOUNS,
    TEAM_ROLE_NOUNS,
    TITLES,
    UNIT_NOUNS,
    WORK_NAME_WORDS,
    WORK_NOUNS,
)
from ..model import ENTITY_TYPES, Entity, Mention, entity_id
from ..nlp import is_headline, sentence_of
from .gazetteer import ALTERNATE_NAME_MIN_POPULATION, Country, load_gazetteer, place_for_demonym, region_for_name, seat_of_power
from .names import given_name_gender, is_given_name

if TYPE_CHECKING:
    from ..aliases import Aliases

__all__ = ["Resolution", "resolve_mentions", "name_key", "name_evidence", "TYPE_BY_LABEL", "ORGANISATION_TYPES"]

# schema.org type each NER label votes for.
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
    NAME_LABEL: "Thing",
}
ORGANISATION_TYPES = frozenset({"Organization", "Corporation", "GovernmentOrganization"})

# Where a capital acts for its country: as subject or possessor ("Berlin says",
# "Paris's stance"), as agent ("demanded by Washington"), or as the object of
# prepositions of dealings ("pressure from Washington", "ties with Paris").
ACTOR_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "agent"})

# Linked-data IRIs of gazetteer records (owl:sameAs targets).
GEONAMES_IRI = "https://sws.geonames.org/{}/"
WIKIDATA_IRI = "http://www.wikidata.org/entity/{}"

# A city this large wins over a region of the same name: "New York" is the city.
BIG_CITY = 1_000_000

# The least population of a city whose name after "in"/"at" says it is the city.
PLACE_PREPOSITION_MIN_POPULATION = 150_000

# How much each kind of evidence weighs in a name's type vote.
WEIGHTS = {
    "ner": 1.0,
    "honorific": 4.0,
    "title": 4.0,
    "given-name": 3.0,
    "age": 3.0,
    "company-suffix": 5.0,
    "name-word": 2.5,
    "descriptor": 4.0,
    "kind-head": 1.5,
    "person-verb": 1.0,
    "plural": 2.0,
    "gazetteer-city": 1.5,
}

# Descriptor noun lists and the type each says, in order of precedence.
_DESCRIPTOR_TYPES = (
    (PERSON_NOUNS | TITLES, "Person"),
    (COMPANY_NOUNS - {"group", "network", "house", "service", "website", "site", "platform", "agency", "exchange"}, "Corporation"),
    (WORK_NOUNS, "CreativeWork"),
    (ORGANISATION_NOUNS | MEDIA_NOUNS, "Organization"),
    (PRODUCT_NOUNS, "Product"),
    (AGREEMENT_NOUNS | LAW_NOUNS, "Event"),
    (PLACE_NOUNS, "Place"),
)
# Dependencies of a descriptor before a name: "oil giant Initech", "the comedy Summer Rain".
_DESCRIPTOR_DEPS = frozenset({"compound", "amod", "nmod", "appos"})
# Types no evidence overrules once the gazetteer fixed them.
_FIXED = ("country", "capital-as-actor", "seat-of-power", "demonym", "nationality-group", "region", "place-demonym")


@dataclass(frozen=True)
class Resolution:
    """The entities of one document, which token belongs to which entity, and what describes them.

    ``descriptors`` maps entity ids to the descriptor nouns seen with them ("giant",
    "airline", "campaign"), ``titles`` people to their titles ("chancellor"),
    ``genders`` people to "male"/"female" where a word says so; coreference reads them.
    """

    entities: tuple[Entity, ...]
    token_entities: Mapping[int, str]
    descriptors: Mapping[str, frozenset[str]] = field(default_factory=dict)
    titles: Mapping[str, frozenset[str]] = field(default_factory=dict)
    genders: Mapping[str, str] = field(default_factory=dict)


class Canonical(NamedTuple):
    """What a mention resolves to before voting: label, type, the rule used, linked IRIs."""

    label: str
    type: str
    rule: str
    same_as: tuple[str, ...] = ()


# --- names -----------------------------------------------------------------------------------

_POSSESSIVE = re.compile(r"['’]s?$")
# Company suffixes in a name's comparison key: dropped, or spelled out.
_SUFFIX_KEYS = {"inc": "", "ltd": "", "plc": "", "llc": "", "ag": "", "sa": "", "gmbh": "", "nv": "", "bv": "",
                "spa": "", "pty": "", "limited": "", "incorporated": "", "co": "company", "corp": "corporation"}
# A web domain ending a company's name: "Acme.com" is Acme.
_DOMAIN = re.compile(r"\.(com|net|org|co\.uk|co)$")


def name_key(label: str) -> str:
    """Comparison key of a name: case, accents, a leading "the", a possessive and a plural folded.

    >>> name_key("The Greens") == name_key("Green")
    True
    >>> name_key("Widgets") == name_key("Widget")
    True
    """
    text = unicodedata.normalize("NFKC", label).replace("’", "'").casefold().strip()
    text = re.sub(r"^the\s+", "", text)
    text = _POSSESSIVE.sub("", text)
    text = _DOMAIN.sub("", text)
    words = text.split()
    if len(words) > 1 and words[-1].rstrip(".,") in _SUFFIX_KEYS:
        # "Acme Corp" = "Acme Corporation"; "Globex International Inc" = "Globex International"
        replacement = _SUFFIX_KEYS[words[-1].rstrip(".,")]
        words = [*words[:-1], replacement] if replacement else words[:-1]
        words[-1] = words[-1].rstrip(",")
    if not words:
        return ""
    last = words[-1]
    if len(last) > 4 and last.endswith("ies"):
        last = last[:-3] + "y"
    elif len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "us", "is")):
        last = last[:-1]
    return " ".join([*words[:-1], last])


def _strip_titles(span: Span) -> Span:
    """The name without leading titles and honorifics: "Crown Prince Mohammed bin Salman" → "Mohammed bin Salman"."""
    known = TITLES | HONORIFICS
    doc, start = span.doc, span.start
    while True:
        for n in range(min(5, span.end - start - 1), 0, -1):
            if " ".join(t.lower_ for t in doc[start : start + n]) in known:
                start += n
                break
        else:
            return doc[start : span.end]


def _acts(span: Span) -> bool:
    """True when a capital's name is used as an actor rather than a place ("Berlin says" vs "in Berlin")."""
    root = span.root
    while root.dep_ == "conj" and root.head != root:
        root = root.head  # "Paris and Berlin have ..." : the second conjunct acts like the first
    if root.dep_ in ACTOR_DEPS:
        return True
    if root.dep_ == "pobj":
        return root.head.lower_ in ACTOR_PREPOSITIONS - {"on", "over", "for"}
    if root.dep_ == "dobj":
        return root.head.lemma_.lower() not in MOTION_VERBS
    return False


def _country(country: Country, rule: str) -> Canonical:
    links = [GEONAMES_IRI.format(country.geonames_id)]
    if country.wikidata_id:
        links.append(WIKIDATA_IRI.format(country.wikidata_id))
    return Canonical(country.name, "Country", rule, tuple(links))


def _place(span: Span, text: str) -> Canonical:
    gazetteer = load_gazetteer()
    city = gazetteer.city_for_name(text)
    region = region_for_name(text)
    if region is not None and (city is None or city.population < BIG_CITY):
        return Canonical(region.name if region.name.lower() == text.lower() else text, "Place", "region", (GEONAMES_IRI.format(region.geonames_id),))
    if city is not None:
        return Canonical(text, "City", "ner", (GEONAMES_IRI.format(city.geonames_id),))
    return Canonical(text, TYPE_BY_LABEL.get(span.label_, "Place"), "ner")


def _canonical(span: Span) -> Canonical | None:
    """Canonical label, NER-given type, rule and links of a mention span, or None if it names no node."""
    gazetteer = load_gazetteer()
    label = span.label_
    text = span.text
    if label in {"GPE", "LOC", "FAC", "ORG", NAME_LABEL}:
        seat = seat_of_power(text)
        if seat is not None and gazetteer.country(seat) is not None:
            # "the White House said" is the US speaking; "met at the White House" is the place.
            if _acts(span):
                return _country(gazetteer.country(seat), "seat-of-power")
            return Canonical(text, "Place", "seat-of-power-as-place")
    if label in {"ORG", "NORP", NAME_LABEL} and len(span) >= 2 and span[-1].lower_ in STATE_NOUNS:
        nation = span[:-1].text
        country = gazetteer.country_for_demonym(nation) or gazetteer.country_for_name(nation)
        if country is not None:  # "British Government", "the Chilean Administration": the state acting
            return _country(country, "demonym")
    if label in {"GPE", "LOC"} and _strip_titles(span).start != span.start:
        return Canonical(_strip_titles(span).text, "Person", "title-stripped")  # "Mr Okafor" tagged a place
    if label in {"GPE", "LOC"}:
        country = gazetteer.country_for_name(text)
        if country is not None:
            return _country(country, "country")
        capital_of = gazetteer.country_for_capital(text)
        if label == "GPE" and capital_of is not None and _acts(span):
            return _country(capital_of, "capital-as-actor")
        return _place(span, text)
    if label in {"NORP", "ORG", "GPE", NAME_LABEL}:
        place = place_for_demonym(text) if label in {"NORP", "ORG"} else None
        if label == "NORP":
            country = gazetteer.country_for_demonym(text) or gazetteer.country_for_name(text)
            if country is not None:
                return _country(country, "demonym")
        if place is not None:
            return Canonical(place.name, "Place" if not hasattr(place, "population") else "City", "place-demonym", (GEONAMES_IRI.format(place.geonames_id),))
        if label == "NORP":
            # A nationality of no country names a group: "the Republicans", "Democrat", "Basques".
            return Canonical(text, "Organization", "demonym")
    if label == GROUP_LABEL:
        nationalities = [t for t in span[:-1] if t.ent_type_ == "NORP"] or list(span[:-1])
        stateless = [t for t in nationalities if gazetteer.country_for_demonym(t.text) is None]
        if not stateless:
            return _country(gazetteer.country_for_demonym(nationalities[-1].text), "nationality-group")
        head = span[-1]
        noun = "forces" if head.lower_ in ARMED_FORCE_NOUNS or head.lemma_.lower() in ARMED_FORCE_NOUNS else head.lower_
        return Canonical(" ".join([*(t.text for t in stateless), noun]), "Organization", "nationality-group")
    stripped = _strip_titles(span)
    if stripped.start != span.start and span[-1].lower_ in COMPANY_NAME_WORDS:
        stripped = span  # "General Motors": a title word opening a firm's name
    rule = "title-stripped" if stripped.start != span.start else "ner"
    text = stripped.text
    words = text.split()
    if len(words) > 1 and words[-1].lower().rstrip(",") in COMPANY_SUFFIXES:
        rest = " ".join(words[:-1]).rstrip(",")
        if len(words) == 2 and _common_word(stripped[0]):
            return Canonical(text, "Corporation", "company-suffix")  # "Acme Corp" is not "Acme"
        return Canonical(rest, "Corporation", "company-suffix")
    return Canonical(text, TYPE_BY_LABEL.get(label, "Thing"), rule)


def _common_word(token: Token) -> bool:
    """A capitalised common English word: "News", "General", "United"."""
    from ..lexicon import LISTS

    lower = token.lower_
    return token.is_stop or any(lower in words for words in LISTS.values()) or lower in _COMMON_NAME_WORDS


# Common words that open company names and mean nothing alone.
_COMMON_NAME_WORDS = frozenset({"news", "general", "united", "national", "international", "global", "first", "new"})


# --- evidence --------------------------------------------------------------------------------


# Last words of names that are no person's surname: places and institutions.
_NOT_SURNAMES = PLACE_NAME_WORDS | INSTITUTION_NAME_WORDS
# Descriptors said of people and of firms alike ("an investor", "its owner", "a rival"): no evidence either way.
_EITHER_DESCRIPTORS = (PERSON_NOUNS | TITLES) & COMPANY_NOUNS


def _included_kind(member: Token) -> str | None:
    """The type a list's noun gives its members: "His film credits include X, Y and Z", "Its brands
    include X" (the subject's modifiers first, then the noun itself)."""
    seen_conj = False
    for _ in range(6):  # "X, Y and Z": Y and Z are conjuncts, maybe of a word inside X ("Edge of Night")
        if member.dep_ == "conj":
            seen_conj = True
        elif not (seen_conj and member.dep_ in {"pobj", "prep"}):
            break
        member = member.head
    verb = member.head
    if member.dep_ != "dobj" or verb.lemma_.lower() != "include":
        return None
    for noun in (c for c in verb.children if c.dep_ == "nsubj" and c.pos_ == "NOUN" and c.lemma_.lower() not in LIST_NOUNS):
        words = [c for c in noun.children if c.dep_ == "compound" and c.pos_ == "NOUN"] + [noun]
        for word in words:
            type_ = _descriptor_type(word.lemma_.lower())
            if type_ is not None:
                return type_
    return None


def _descriptor_type(word: str) -> str | None:
    if word in _EITHER_DESCRIPTORS:
        return None
    for words, type_ in _DESCRIPTOR_TYPES:
        if word in words:
            return type_
    return None


def _descriptor_nouns(span: Span) -> list[Token]:
    """Common nouns that describe the named thing: before it in its phrase ("oil giant Initech"),
    in apposition ("Globex, a newspaper company"; "the comedy, Summer Rain") or as its complement
    ("Globex is a subsidiary")."""
    root = span.root
    found: list[Token] = []

    def walk(token: Token, depth: int) -> None:
        for child in token.lefts:
            if child in span or depth > 3:
                continue
            if (
                child.dep_ in _DESCRIPTOR_DEPS
                # a descriptor the tagger read as an adjective: "their recent single Vertigo"
                # (a work's kind only: "native", "prototype" are adjectives more often than kinds)
                and (child.pos_ == "NOUN" or (child.pos_ == "ADJ" and _descriptor_type(child.lemma_.lower()) == "CreativeWork"))
                and (token == root or token.pos_ != "NOUN")
                and not _has_possessor(child)
            ):
                # not a descriptor's own modifiers ("search engine" of "search engine firm"), nor a
                # phrase of its own the parse glued on ("during its investigation FBI agents")
                found.append(child)
            if child.dep_ in {"compound", "nmod", "amod"}:
                walk(child, depth + 1)

    walk(root, 0)
    before = span.doc[span.start - 1] if span.start > 0 else None
    if (
        before is not None
        and before.pos_ == "NOUN"
        and before not in found
        and _descriptor_type(before.lemma_.lower())
        and not _has_possessor(before)
        and not (root.dep_ == "compound" and before.head == root.head)
    ):
        # "the comedy Summer Rain" whatever the parse made of it; not "after his election Dan", nor a
        # noun beside the name modifying the same head: "during its investigation FBI agents"
        found.append(before)
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN" and child not in span:
            found.append(child)
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        found.append(root.head)
    found.extend(_list_descriptors(root, span))
    if root.dep_ in {"nsubj", "nsubjpass"} and not any(c.dep_ == "neg" for c in root.head.children):
        # "Acme is a bank"; not "Acme were no match for Globex", "Acme is not a bank"
        found.extend(
            c for c in root.head.children
            if c.dep_ == "attr" and c.pos_ == "NOUN" and not any(d.dep_ == "det" and d.lower_ in NEGATING_DETERMINERS for d in c.children)
        )
    return list(dict.fromkeys(found))  # one noun found two ways ("the singer Kara Vell") is one descriptor


def _has_possessor(noun: Token) -> bool:
    """A possessed noun is a phrase of its own: "its investigation", "his election"."""
    return any(c.dep_ == "poss" for c in noun.children)


def _list_descriptors(root: Token, span: Span) -> list[Token]:
    """The descriptor of a list of names, for each later name in it: "stars Ana Ruiz, Tom Reed and
    Mary Hale", "the banks Acme, Globex and Initech" — every member is one."""
    first = _first_conjunct(root)
    if first == root or first.pos_ != "PROPN":
        return []
    found = [
        c for c in first.lefts
        if c.dep_ in _DESCRIPTOR_DEPS and c.pos_ == "NOUN" and c not in span and _descriptor_type(c.lemma_.lower())
    ]
    if first.dep_ == "appos" and first.head.pos_ == "NOUN":
        found.append(first.head)
    return found


def _first_conjunct(token: Token) -> Token:
    """The first member of the list a token ends or stands in ("Tom" of "Ana, Tom and Mary"); itself if none."""
    while token.dep_ == "conj" and token.head.i < token.i:
        token = token.head
    return token


def _head_kind(span: Span) -> str | None:
    """The kind a name modifying a head noun after it has: "the Stop, Think campaign" → campaign."""
    root = span.root
    if root.dep_ == "compound" and root.head.i > root.i and root.head.pos_ == "NOUN":
        return root.head.lemma_.lower()
    return None


def _holds_organisation_role(span: Span) -> bool:
    """True when the name owns a role or part only organisations have: its possessor or
    compound ("X's chief executive", "X chairman Y") or the object of its "of"."""
    root = span.root
    head = root.head
    if root.dep_ in {"poss", "compound"} and head.i > root.i and head.pos_ == "NOUN":
        return _is_organisation_role(head)
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
        return _is_organisation_role(head.head)
    return False


def _is_organisation_role(noun: Token) -> bool:
    """The noun, alone or with the word before it ("managing director"), is an organisation's role."""
    words = {noun.lemma_.lower(), noun.lower_}
    before = noun.doc[noun.i - 1] if noun.i > 0 else None
    if before is not None and before.head == noun:
        words.add(f"{before.lower_} {noun.lower_}")
    return bool(words & ORGANISATION_ROLE_NOUNS)


def _is_place_suffix(word: str) -> bool:
    """A country or continent name that is not also a given name ("Jordan", "Georgia"); US
    states are surnames too often ("Joe Montana")."""
    if is_given_name(word):
        return False
    region = region_for_name(word)
    return load_gazetteer().country_for_name(word) is not None or (region is not None and not region.country_iso2)


def name_evidence(span: Span) -> list[tuple[str, float, str]]:
    """(type, weight, kind of evidence) votes that one mention span gives for its entity's type."""
    votes: list[tuple[str, float, str]] = []
    doc = span.doc
    label = span.label_
    if label in TYPE_BY_LABEL and label != NAME_LABEL:
        votes.append((TYPE_BY_LABEL[label], WEIGHTS["ner"], "ner"))
    before = [t.lower_ for t in doc[max(0, span.start - 3) : span.start]] + [span[0].lower_]
    preceding = before[:-1]
    if span[0].lower_ in HONORIFICS or any(" ".join(preceding[-k:]) in HONORIFICS for k in (1, 2) if len(preceding) >= k):
        # right before the name: "Mr Solana told ITV1's ..." says nothing of ITV1
        votes.append(("Person", WEIGHTS["honorific"], "honorific"))
    root = span.root
    modifies_noun = root.dep_ in {"compound", "nmod"} and root.head.i >= span.end and root.head.pos_ == "NOUN"
    titled = not modifies_noun and any(" ".join(preceding[k:]) in TITLES for k in range(len(preceding)))
    # "President Ana Ruiz", "Home Secretary Ana Ruiz"; not "her fellow Acme player Ana Ruiz", where
    # the title goes with the head noun; a name that opens with a title word: "Prince", "Sultan Ali"
    if titled or any(" ".join(t.lower_ for t in span[:k]) in TITLES for k in range(1, min(4, len(span)) + 1)):
        votes.append(("Person", WEIGHTS["title"], "title"))
    words = [t for t in span if not t.is_punct]
    lowered = [t.lower_ for t in words]
    given = (
        1 < len(words) <= 3
        and is_given_name(words[0].text)
        and not set(lowered) & {"of", "&", "and", "the"}
        and lowered[-1] not in _NOT_SURNAMES  # "Cornell University"
        and load_gazetteer().city_for_name(span.text) is None  # "Palo Alto", "Long Beach"
    )
    if given and lowered[-1] in WORK_NAME_WORDS:
        votes.append(("CreativeWork", WEIGHTS["name-word"], "name-word"))  # "The Mary Hale Show"
    elif given and lowered[-1] not in EVENT_NAME_WORDS | PURPOSE_NOUNS:
        votes.append(("Person", WEIGHTS["given-name"], "given-name"))  # "Ana Church"; not "the Marshall Plan"
    if lowered and lowered[-1].rstrip(".,") in COMPANY_SUFFIXES:
        votes.append(("Corporation", WEIGHTS["company-suffix"], "company-suffix"))
    if (len(lowered) > 1 or label in {"ORG", NAME_LABEL}) and not given:
        last = lowered[-1] if lowered else ""
        if last in COMPANY_NAME_WORDS:
            votes.append(("Corporation", WEIGHTS["name-word"], "name-word"))
        elif last in GOVERNMENT_NAME_WORDS:
            votes.append(("GovernmentOrganization", WEIGHTS["name-word"], "name-word"))
        elif set(lowered) & ORGANISATION_NAME_WORDS:
            votes.append(("Organization", WEIGHTS["name-word"], "name-word"))
        elif last in EVENT_NAME_WORDS:
            votes.append(("Event", WEIGHTS["name-word"], "name-word"))
        elif last in PLACE_NAME_WORDS and len(lowered) > 1:
            votes.append(("Place", WEIGHTS["name-word"], "name-word"))
        elif last in PRODUCT_NAME_WORDS and len(lowered) > 1:
            votes.append(("Product", WEIGHTS["name-word"], "name-word"))
    for noun in _descriptor_nouns(span):
        type_ = _descriptor_type(noun.lemma_.lower()) or _descriptor_type(noun.lower_)
        if type_:
            votes.append((type_, WEIGHTS["descriptor"], "descriptor"))
    kind = _head_kind(span)
    if kind and label in {"WORK_OF_ART", "EVENT", "PRODUCT", NAME_LABEL}:
        type_ = _descriptor_type(kind)
        if type_ in {"CreativeWork", "Event", "Product"}:
            votes.append((type_, WEIGHTS["kind-head"], "kind-head"))
    if root.dep_ == "nsubj" and root.head.lemma_.lower() in PERSON_VERBS:
        votes.append(("Person", WEIGHTS["person-verb"], "person-verb"))
    if any(c.dep_ in {"appos", "npadvmod", "amod"} and (c.like_num or c.lower_ in AGE_MARKERS) for c in root.children if c.i > root.i):
        votes.append(("Person", WEIGHTS["age"], "age"))
    if label == NAME_LABEL and " ".join(lowered) in CONSTITUENT_COUNTRIES:
        votes.append(("Place", WEIGHTS["ner"], "constituent-country"))  # "Wales" where NER missed it: the vote it lacks
    city = load_gazetteer().city_for_name(span.text) if root.dep_ == "pobj" and len(words) <= 3 else None
    if city is not None and city.population >= PLACE_PREPOSITION_MIN_POPULATION and root.head.lower_ in LOCATIVE_PREPOSITIONS:
        # "in Lima", whatever NER said; small towns share names with firms ("investors in Nokia")
        votes.append(("City", WEIGHTS["name-word"], "place-preposition"))
    if _holds_organisation_role(span):
        # "Globex's managing director", "Acme chairman X", "the shareholders of Y"
        votes.append(("Corporation", WEIGHTS["descriptor"], "organisation-role"))
    if root.dep_ == "compound" and root.head.i > root.i and root.head.pos_ == "NOUN" and root.head.lower_ in TEAM_ROLE_NOUNS:
        # "Northdale manager Tom Reed": the club, though a city has its name
        votes.append(("Organization", WEIGHTS["descriptor"], "team-role"))
    if len(words) > 1 and _is_place_suffix(words[-1].text):
        # "Acme Europe", "Vodafone UK", "Globex Ireland": a body's branch there, never a person
        votes.append(("Organization", WEIGHTS["name-word"], "place-suffix"))
        votes.append(("Person", -WEIGHTS["plural"], "place-suffix"))
    after_the = span[0].lower_ == "the" or (span.start > 0 and doc[span.start - 1].lower_ == "the")
    plural = span[-1].tag_ == "NNPS"
    if plural or any(t.lower_ in _NOT_IN_PERSON_NAMES for t in span):
        # "the Greens", "Tom & Jerry", "Farmers Against Hunger": no one person's name
        votes.append(("Person", -WEIGHTS["plural"], "plural"))
    hyphened = span.end < len(doc) and doc[span.end].text == "-"  # "the Leeds-based athlete"
    if (
        plural and after_the and not (modifies_noun or hyphened) and label in {"PERSON", "ORG", "PRODUCT", "NORP", NAME_LABEL}
        and lowered[-1] not in EVENT_NAME_WORDS  # "the Grammys" are awards, not a band
    ):
        votes.append(("Organization", WEIGHTS["plural"], "plural"))  # "the Byrds", "the Greens": a group
    votes.extend(_position_evidence(span, words))
    return votes


def _position_evidence(span: Span, words: Sequence[Token]) -> list[tuple[str, float, str]]:
    """Votes from where the name stands in its sentence: what is written, travelled to, based in,
    measured out, or what it names a feature of."""
    root = span.root
    head = root.head
    votes: list[tuple[str, float, str]] = []
    weight = WEIGHTS["name-word"]
    if root.dep_ == "dobj" and head.lemma_.lower() in CREATION_VERBS:
        votes.append(("CreativeWork", weight, "created"))  # "he helped write Blue Road"
    if root.dep_ == "pobj" and head.lower_ == "in" and head.head.lemma_.lower() in {"star", "appear", "co-star"}:
        votes.append(("CreativeWork", weight, "created"))  # "she starred in Night Train"
    gazetteer = load_gazetteer()
    if (
        root.dep_ == "pobj"
        and head.lower_ in {"to", "from"}
        and head.head.lemma_.lower() in JOURNEY_VERBS
        and len(words) <= 3
        and gazetteer.city_for_name(span.text) is not None
    ):
        votes.append(("City", weight, "destination"))  # "fans had to travel to Northdale"
    places = [c for c in root.conjuncts if c.ent_type_ in {"GPE", "LOC"} and gazetteer.city_for_name(c.text) is not None]
    listed = gazetteer.city_for_name(span.text) if len(places) >= 2 and len(words) <= 3 else None
    if listed is not None and listed.population >= ALTERNATE_NAME_MIN_POPULATION:
        # "visits Manchester, Leeds, Bath and Westshire": a big city among cities (a surname
        # that is a small town's name stays with its list of players: "Dyer, Moore and Clay")
        votes.append(("City", weight, "listed-with-places"))
    after = span.doc[span.end : span.end + 2]
    if len(after) == 2 and after[0].text == "-" and after[1].lower_ == "based":
        city = gazetteer.city_for_name(span.text) is not None
        votes.append(("City" if city else "Place", weight, "based-in"))  # "the Northdale-based athlete"
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in UNIT_NOUNS:
        votes.append(("Product", weight, "measured"))  # "7.5 million tonnes of Northgas"
    first = _first_conjunct(root)  # "the Kestrel and Dunmore oilfields": both are fields
    kind = _included_kind(root)
    if kind is not None:
        votes.append((kind, WEIGHTS["descriptor"], "included-in"))  # "His film credits include Summer Rain, ..."
    feature = first.head
    if first.dep_ in {"compound", "nmod"} and feature.i > first.i and feature.pos_ != "PROPN":  # tagger: "oilfields" VERB
        if feature.lemma_.lower() in GEOGRAPHIC_NOUNS or feature.lower_ in GEOGRAPHIC_NOUNS:
            votes.append(("Place", WEIGHTS["kind-head"], "feature"))
    return votes


# Words a person's name never holds (unlike "de", "van", "bin").
_NOT_IN_PERSON_NAMES = frozenset({"&", "and", "of", "against", "for", "the", "with", "on", "in"})


def _gender(span: Span) -> str | None:
    """"male"/"female" from the word just before a name or opening it ("actress Mary Hale", "Mr
    Okafor"), else from a common given name; a word further away may describe someone else
    ("the son of actress Mary Hale")."""
    doc = span.doc
    before = {span[0].lower_} | ({doc[span.start - 1].lower_} if span.start > 0 else set())
    root = span.root
    if root.dep_ in {"oprd", "attr"} and root.head.lemma_.lower() in {"call", "name"} and root.head.dep_ == "acl":
        before.add(root.head.head.lower_)  # "a woman called Ana Ruiz", "a man named Tom Reed"
    if root.dep_ == "appos":
        before.add(root.head.lower_)  # "the singer's mother, Ana Ruiz"
    before |= {c.lower_ for c in root.children if c.dep_ == "appos" and c.i > root.i}  # "Ana Ruiz, a mother of two"
    if before & MALE_MARKERS:
        return "male"
    if before & FEMALE_MARKERS:
        return "female"
    words = _strip_titles(span)
    if len(words) > 1:
        return given_name_gender(words[0].text)
    return None


def _decide(votes: Counter, fallback: str) -> str:
    """The type with most votes; on a tie, the type of the first mention, then the order of ENTITY_TYPES."""
    positive = {t: v for t, v in votes.items() if v > 0}
    if not positive:
        return "Organization" if votes.get("Person", 0) < 0 else fallback
    order = {t: n for n, t in enumerate(ENTITY_TYPES)}
    return max(positive, key=lambda t: (positive[t], t == fallback, -order.get(t, 99)))


# --- merging ---------------------------------------------------------------------------------


def _compatible(a: str, b: str) -> bool:
    return a == b or (a in ORGANISATION_TYPES and b in ORGANISATION_TYPES)


# The rule a typed override fixes a group's type with (a mention keeps the rule "user").
USER_TYPE_RULE = "user-type"


def _overridden(canonical: Canonical, aliases: "Aliases") -> Canonical:
    """``canonical`` as the user's aliases file says: another label, a fixed type."""
    label = aliases.canonical(canonical.label)
    if label is not None:
        canonical = canonical._replace(label=label, rule=USER_RULE)
    type_ = aliases.type_of(canonical.label)
    if type_ is not None:
        canonical = canonical._replace(type=type_, rule=USER_TYPE_RULE)
    return canonical


def _evidence_lines(evidence: Counter) -> tuple[str, ...]:
    """What decided an entity's type, strongest first: "ner → Person ×2", "descriptor → Corporation +4"."""
    lines = []
    for (kind, type_), amount in sorted(evidence.items(), key=lambda item: (-abs(item[1]), item[0])):
        if kind in {"ner", "user"} or kind.startswith("gazetteer (") or kind.startswith("no person"):
            lines.append(f"{kind} → {type_} ×{amount:g}")
        else:
            lines.append(f"{kind} → {type_} {amount:+g}")
    return tuple(lines)


# Kinds of type evidence the name's own words give: the same at every mention, so they count
# once per entity ("Joy Division" seven times is one given name, not seven against NER's labels).
_NAME_ITSELF = frozenset({"given-name", "name-word", "company-suffix", "place-suffix", "constituent-country", "plural"})


# Words that lengthen a body's name into its full name, not into a part of it.
_FULL_NAME_WORDS = COMPANY_NAME_WORDS | COMPANY_SUFFIXES | ORGANISATION_NAME_WORDS


def _later_branch(fuller: "_Group", short: "_Group") -> bool:
    """True for a longer name first met after the firm itself was named in the article's body: a
    part of it, a node of its own ("Globex sued ... said Globex USA", "Initech took action ... the
    Initech Developer Network"). Named first, the longer name is what the short one then stands
    for ("Globex Europe launched ... Globex said", "Ford Motor Company ... Ford"); a headline's
    short name does not count ("Ford cuts jobs" over "Ford Motor Company said ...")."""
    extra = fuller.label.lower().split()[len(short.label.split()):]
    if all(w.rstrip(".,") in _FULL_NAME_WORDS for w in extra):
        return False  # "Globex International", "Ford Motor Company", "Labour Party": the full name
    body = [span.start for span, _ in short.members if not is_headline(span.doc, sentence_of(span.doc, span.start))]
    if not body:
        return False
    return min(span.start for span, _ in fuller.members) > min(body)


def _contained_in(short: tuple[str, ...], long: tuple[str, ...], person: bool) -> bool:
    if len(short) >= len(long):
        return False
    if person:  # "Macron" in "Emmanuel Macron": a surname or a trailing part of the full name
        return long[-len(short) :] == short
    if len(short) < 2:
        return False  # one word ("State") is too weak to tie organisations together
    return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


# Honorifics used with a first name alone: "Sir Tom", "Dame Judi".
_FIRST_NAME_HONORIFICS = frozenset({"sir", "dame", "lord", "lady"})


def _addressed_by_first_name(group: "_Group") -> bool:
    for span, _ in group.members:
        doc = span.doc
        if span[0].lower_ in _FIRST_NAME_HONORIFICS or (span.start > 0 and doc[span.start - 1].lower_ in _FIRST_NAME_HONORIFICS):
            return True
    return False


def _ner_votes(counts: Counter) -> dict[str, float]:
    """NER's labels as votes: the labels the model gives one name again and again are not
    independent evidence, so ``n`` of a type weigh ``sqrt(n)`` ("Initech" tagged a person eleven
    times does not outweigh "Russian oil firm Initech")."""
    return {type_: WEIGHTS["ner"] * math.sqrt(n) for type_, n in counts.items()}


def _strongly_person(group: "_Group") -> bool:
    """A name some evidence besides NER labels calls a person: an honorific, a title, a given name."""
    return group.type == "Person" and group.votes["Person"] > WEIGHTS["ner"] * math.sqrt(group.ner["Person"])


def _not_a_person(group: "_Group") -> str | None:
    """The type of a one-word name that only NER calls a person, when something says otherwise:
    NER itself as often calling it an organisation ("Chelsea" tagged a person once and an
    organisation once), digits ("777-200LR" a product, "G8" a body), or a singular name that takes a plural verb
    ("Norwich have signed", "Boro are": a team). One-word names of people usually have a full
    name in the text, to which they are merged whatever their type."""
    people = group.ner.get("Person", 0)
    bodies = sum(n for type_, n in group.ner.items() if type_ in ORGANISATION_TYPES)
    if bodies and bodies >= people:
        return max((t for t in group.ner if t in ORGANISATION_TYPES), key=lambda t: (group.ner[t], t))
    if any(ch.isdigit() for ch in group.label):
        return "Organization" if len(group.label) <= 3 else "Product"  # "G8", "U2"; "777-200LR"
    for span, _ in group.members:
        root = span.root
        if root.tag_ == "NNP" and root.dep_ in {"nsubj", "nsubjpass"} and _plural_verb(root.head):
            return "Organization"  # "Norwich have signed", "Boro are"
    return None


def _people_by_surname(groups: Mapping[str, "_Group"]) -> None:
    """A full name that only NER typed ("Helmut Panke" tagged an organisation) is a person when
    the document calls its surname a person by other evidence ("Mr Panke"); it then takes the
    surname's mentions, as any person does."""
    surnames = {
        g.label.lower() for g in groups.values()
        if g.fixed is None and len(g.label.split()) == 1 and _strongly_person(g)
    }
    for group in groups.values():
        words = group.label.lower().split()
        proper = all(word[:1].isupper() for word in group.label.split())  # not "Winning a Bafta"
        if group.fixed is None and group.type != "Person" and 2 <= len(words) <= 3 and words[-1] in surnames and proper:
            if _only_ner(group):
                group.type = "Person"


def _only_ner(group: "_Group") -> bool:
    """True when nothing but NER labels voted for the group's type."""
    ner = _ner_votes(group.ner)
    return all(abs(weight - ner.get(type_, 0.0)) < 1e-9 for type_, weight in group.votes.items())


def _plural_verb(verb: Token) -> bool:
    """A verb in the plural: "are", "have signed", "were beaten" (not "has", "was", "said")."""
    forms = [verb, *(c for c in verb.children if c.dep_ in {"aux", "auxpass"})]
    return any(t.tag_ == "VBP" or t.lower_ == "were" for t in forms)


def _merge_contained(groups: Mapping[str, "_Group"]) -> dict[str, str]:
    """Map each group key to the key of the fullest name naming the same thing, if exactly one does.

    People by surname ("Okafor" → "Nina Okafor", whatever label "Okafor" had,
    unless the gazetteer fixed it as a country); organisations by contained words,
    then a one-word name by the first word of exactly one fuller organisation name
    ("Ford" → "Ford Motor Company", "Globex" → "Globex International"),
    unless something besides NER says the one word is a person.
    """
    words = {key: tuple(group.label.lower().split()) for key, group in groups.items()}

    def fullest(candidates: list[str]) -> str | None:
        tops = [c for c in candidates if not any(c != d and _contained_in(words[c], words[d], groups[d].type == "Person") for d in candidates)]
        return tops[0] if len(tops) == 1 else None

    target: dict[str, str] = {}
    for key, group in groups.items():
        initial = _initial_and_surname(words[key])
        if initial is not None:
            # "G Thomas" is the one "Gareth Thomas" of the document (team sheets, results)
            fuller = [
                other for other, longer in groups.items()
                if other != key and longer.type == "Person" and len(words[other]) >= 2
                and words[other][-1] == initial[1] and words[other][0][0] == initial[0] and len(words[other][0]) > 2
            ]
            if len(fuller) == 1:
                target[key] = fuller[0]
                continue
        candidates = []
        knighted = _addressed_by_first_name(group)
        for other, longer in groups.items():
            if other == key:
                continue
            if longer.type == "Person" and group.fixed is None and _contained_in(words[key], words[other], True):
                candidates.append(other)
            elif longer.type == "Person" and len(words[key]) == 1 and words[other][:1] == words[key] and (
                knighted or (is_given_name(words[key][0]) and group.fixed is None)
            ):
                candidates.append(other)  # "Sir Tom" after "Sir Tom Reed"; "Nina" after "Nina Okafor"
            elif _compatible(group.type, longer.type) and longer.type != "Person" and _contained_in(words[key], words[other], False):
                candidates.append(other)
        target[key] = fullest(candidates) or key
    for key, group in groups.items():
        if target[key] != key or len(words[key]) != 1 or group.fixed is not None or _strongly_person(group):
            continue
        if group.type in {"Country", "City", "Place"} or group.same_as:
            continue  # "Leeds" the city is not "Leeds Chamber of Commerce"
        starts = {
            target[o]
            for o, g in groups.items()
            if o != key and g.type in ORGANISATION_TYPES and len(words[o]) > 1 and words[o][0] == words[key][0]
            and not _later_branch(g, group)
        }
        if len(starts) == 1:
            target[key] = starts.pop()
    # follow chains: "Ford" → "Ford Motor" → "Ford Motor Company"
    for key in target:
        seen = {key}
        while target[target[key]] != target[key] and target[key] not in seen:
            seen.add(target[key])
            target[key] = target[target[key]]
    return target


def _same_name_targets(groups: Mapping[str, "_Group"]) -> dict[str, str]:
    """Group key → the key of the group it joins because both are one name in the document.

    A group the gazetteer fixed as a country or place takes the mentions of the same name
    that NER labelled otherwise ("Gibraltar" as a product); a nationality word of no country
    ("Inbev" labelled NORP) joins the same name's other mentions. A name that is the surname
    of a person of the document is left to :func:`_merge_contained` ("Jordan" of "Michael
    Jordan"), and one that something besides NER calls a person stays apart.
    """
    plain = {key: group for key, group in groups.items() if group.fixed is None}
    surnames = {g.label.lower().split()[-1] for g in plain.values() if g.type == "Person" and len(g.label.split()) > 1}
    targets: dict[str, str] = {}
    for key, group in groups.items():
        if group.fixed is None:
            continue
        base = key.split("\x1f")[0]
        same = plain.get(base)
        if same is None or _strongly_person(same) or same.label.lower() in surnames:
            continue
        if group.fixed == "demonym" and group.type == "Organization":
            targets[key] = base  # a nationality of no country: the other mentions say what it is
        elif group.type in {"Country", "City", "Place"}:
            targets[base] = key
    return targets


def _initial_and_surname(words: tuple[str, ...]) -> tuple[str, str] | None:
    """("g", "thomas") for "G Thomas" or "G. Thomas", else None."""
    if len(words) == 2 and len(words[0].rstrip(".")) == 1 and words[0][0].isalpha() and len(words[1]) > 1:
        return words[0][0], words[1]
    return None


def _initials(label: str) -> str:
    """"European Union" → "EU", "North Atlantic Treaty Organization" → "NATO" (minor words skipped)."""
    return "".join(w[0] for w in label.replace("-", " ").split() if w.lower() not in ACRONYM_SKIPPED_WORDS).upper()


def _is_acronym(text: str) -> bool:
    letters = text.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalnum() and letters.isupper()


@dataclass
class _Group:
    """All mentions of one normalised name in a document, with their evidence."""

    label: str
    type: str
    fixed: str | None
    members: list[tuple[Span, Mention]]
    votes: Counter
    same_as: set[str]
    descriptors: set[str]
    titles: set[str]
    gender: str | None
    ner: Counter = field(default_factory=Counter)  # NER labels by type, counted apart (see _ner_votes)
    evidence: Counter = field(default_factory=Counter)  # (kind of evidence, type) → weight, or count for NER


def _acronym_targets(ordered: Sequence[tuple[Span, str]], groups: Mapping[str, _Group]) -> dict[str, str]:
    """Acronym group key → the key of the name it abbreviates, in this document.

    "Doctors Without Borders (MSF)" ties MSF to Doctors Without Borders whatever its letters; otherwise an
    acronym stands for the one multiword name of the document whose initials it spells.
    """
    targets: dict[str, str] = {}
    for (previous, previous_key), (span, key) in zip(ordered, ordered[1:]):
        doc = span.doc
        if (
            _is_acronym(span.text)
            and span.start >= 1
            and doc[span.start - 1].text == "("
            and previous.end == span.start - 1
            and not _is_acronym(groups[previous_key].label)
            and previous_key != key
        ):
            targets.setdefault(key, previous_key)
    names = [k for k, g in groups.items() if len(g.label.split()) > 1]
    for key, group in groups.items():
        if _is_acronym(group.label) and key not in targets:
            spelled = [k for k in names if _initials(groups[k].label) == group.label.replace(".", "")]
            if len(spelled) == 1:
                targets[key] = spelled[0]
    # "Leeds FAH" after "Leeds Farmers Against Hunger (FAH)": a place and the acronym of the rest
    acronyms = {groups[k].label: t for k, t in targets.items()}
    for key, group in groups.items():
        words = group.label.split()
        if key in targets or len(words) < 2 or words[-1] not in acronyms:
            continue
        target = acronyms[words[-1]]
        if groups[target].label.split()[: len(words) - 1] == words[:-1]:
            targets[key] = target
    return targets


def _heads_title(span: Span) -> bool:
    """A group name modifying a role title: "Republican leader", "Democrat chairman"."""
    head = span.root.head
    return head.pos_ == "NOUN" and (head.lower_ in TITLES or head.lemma_.lower() in TITLES)


def _titles_of(span: Span) -> set[str]:
    """Titles before a name or in apposition: "Home Secretary Jane Doe" → {"home secretary"}."""
    doc = span.doc
    found = set()
    start = span.start
    longest = None
    for n in range(1, 6):
        if start - n < 0:
            break
        words = " ".join(t.lower_ for t in doc[start - n : start])
        if words in TITLES:
            longest = words  # "shadow chancellor", not also "chancellor"
    if longest:
        found.add(longest)
    for k in range(1, min(5, len(span))):
        words = " ".join(t.lower_ for t in span[:k])
        if words in TITLES:
            found.add(words)
    root = span.root
    heads = [c for c in root.children if c.dep_ == "appos"] + ([root.head] if root.dep_ == "appos" else [])
    for head in heads:
        tokens = sorted([t for t in head.lefts if t.dep_ in {"compound", "amod"}] + [head], key=lambda t: t.i)
        for k in range(len(tokens)):
            words = " ".join(t.lower_ for t in tokens[k:])
            if words in TITLES:
                found.add(words)
                break
    return found


def resolve_mentions(spans: Sequence[Span], mentions: Sequence[Mention], aliases: "Aliases | None" = None) -> Resolution:
    """Group a document's mentions into entities with canonical labels, types and stable ids.

    ``spans`` and ``mentions`` are parallel: the mention spans of one parsed
    document and their :class:`Mention` records. ``aliases`` are the user's
    overrides (:mod:`kg.aliases`), applied before kg's own merging.
    """
    groups: dict[str, _Group] = {}
    ordered: list[tuple[Span, str]] = []
    for span, mention in zip(spans, mentions, strict=True):
        canonical = _canonical(span)
        if canonical is None or not canonical.label.strip():
            continue
        if aliases:
            canonical = _overridden(canonical, aliases)
        key = name_key(canonical.label)
        if not key:
            continue
        fixed = canonical.rule if canonical.rule in _FIXED or canonical.rule == USER_TYPE_RULE else None
        if fixed:
            key = f"{key}\x1f{canonical.type}"  # "Jordan" the country stays apart from Jordan the person
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group(canonical.label, canonical.type, fixed, [], Counter(), set(), set(), set(), None)
        group.members.append((span, _with_rule(mention, USER_RULE if canonical.rule == USER_TYPE_RULE else canonical.rule)))
        group.same_as.update(canonical.same_as)
        if not fixed:
            for type_, weight, kind in name_evidence(span):
                if kind == "ner":
                    group.ner[type_] += 1
                elif kind in _NAME_ITSELF and (kind, type_) in group.evidence:
                    continue  # the name says it once, however often it is written
                else:
                    group.votes[type_] += weight
                group.evidence[(kind, type_)] += 1 if kind == "ner" else weight
            if canonical.type in {"City", "Place"} and canonical.same_as:
                group.votes[canonical.type] += WEIGHTS["gazetteer-city"]
                group.evidence[("gazetteer", canonical.type)] += WEIGHTS["gazetteer-city"]
            if canonical.rule == "company-suffix":
                group.votes["Corporation"] += WEIGHTS["company-suffix"]
                group.evidence[("company-suffix", "Corporation")] += WEIGHTS["company-suffix"]
        elif fixed == USER_TYPE_RULE:
            group.evidence[("user", canonical.type)] += 1
        else:
            group.evidence[(f"gazetteer ({fixed})", canonical.type)] += 1
        group.descriptors.update(n.lemma_.lower() for n in _descriptor_nouns(span))
        kind = _head_kind(span)
        if kind and span.label_ in {"WORK_OF_ART", "EVENT", "PRODUCT", NAME_LABEL}:
            group.descriptors.add(kind)  # "the Stop, Think campaign ... the campaign"; not "the Acme leaflet"
        group.titles.update(_titles_of(span))
        if canonical.rule == "demonym" and canonical.type == "Organization" and _heads_title(span):
            group.descriptors.add("party")  # "Republican leader", "Democrat chairman": a party
        group.gender = group.gender or _gender(span)
        ordered.append((span, key))
    for group in groups.values():
        if group.fixed is None:
            group.votes.update(_ner_votes(group.ner))
            group.type = _decide(group.votes, group.type)
            if group.type == "Person" and len(group.label.split()) == 1 and not _strongly_person(group):
                group.type = _not_a_person(group) or group.type
                if group.type != "Person":
                    group.evidence[("no person evidence besides NER", group.type)] += 1
        # The most frequent written form names the group; the longest on ties.
        forms = Counter(c.label for c in (_canonical(s) for s, _ in group.members) if c is not None)
        group.label = max(forms, key=lambda f: (forms[f], len(f))) if forms else group.label
    _people_by_surname(groups)
    same_name = _same_name_targets(groups)
    acronyms = _acronym_targets(
        [(span, key) for span, key in ordered if key not in same_name],
        {k: g for k, g in groups.items() if k not in same_name},
    )
    contained = _merge_contained({k: g for k, g in groups.items() if k not in acronyms and k not in same_name})
    final: dict[str, str] = {}
    for key in groups:
        target = acronyms.get(key) or same_name.get(key) or key
        final[key] = contained.get(target, target)
        if aliases and final[key] != key and aliases.apart(groups[key].label, groups[final[key]].label):
            final[key] = key  # the user keeps these apart
    merged: dict[str, list[str]] = {}
    for key, target in final.items():
        merged.setdefault(target, []).append(key)
    entities: list[Entity] = []
    token_entities: dict[int, str] = {}
    descriptors: dict[str, frozenset[str]] = {}
    titles: dict[str, frozenset[str]] = {}
    genders: dict[str, str] = {}
    for target, keys in merged.items():
        head = groups[target]
        eid = entity_id(head.label, head.type)
        members: list[Mention] = []
        same_as: set[str] = set()
        evidence: Counter = Counter()
        for key in keys:
            group = groups[key]
            evidence.update(group.evidence)
            for span, mention in group.members:
                rule = mention.rule
                if key in acronyms:
                    rule = "acronym"
                elif key in same_name and same_name[key] == target:
                    rule = "same-name"
                elif key != target:
                    rule = "contained-name"
                elif group.fixed is None and rule != USER_RULE and TYPE_BY_LABEL.get(span.label_) not in {head.type, None, "Thing"}:
                    rule = "type-evidence"
                members.append(_with_rule(mention, rule))
                for token in span:
                    token_entities[token.i] = eid
            same_as |= group.same_as if group.type == head.type else set()
            descriptors[eid] = descriptors.get(eid, frozenset()) | frozenset(group.descriptors)
            titles[eid] = titles.get(eid, frozenset()) | frozenset(group.titles)
            if group.gender and head.type == "Person":
                genders.setdefault(eid, group.gender)
        members.sort(key=lambda m: m.start)
        aliases = tuple(sorted({m.text for m in members} - {head.label}))
        entities.append(Entity(eid, head.label, head.type, aliases, tuple(members), tuple(sorted(same_as)), _evidence_lines(evidence) or (f"no evidence → {head.type}",)))
    return Resolution(
        tuple(entities),
        MappingProxyType(token_entities),
        MappingProxyType(descriptors),
        MappingProxyType(titles),
        MappingProxyType(genders),
    )


def _with_rule(mention: Mention, rule: str) -> Mention:
    if mention.rule == rule:
        return mention
    return Mention(mention.text, mention.start, mention.end, mention.sentence, mention.label, mention.document, rule)
