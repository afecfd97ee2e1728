"""Place rules: where a named thing is, where it comes from, which place a place lies in.

* "Tamil fighters in Sri Lanka", "the office in Lagos" → located in;
* "Dayton, Ohio", "Palo Alto, California" → the first lies in the second;
* "Dutch publishing group X", "Russian oil firm Y", "Californian man Z",
  "Germany's X association" → X is based in / from the place;
* "X, of Dayton" → based in; "the Ghanaian capital Accra", "the US state of
  Delaware" → capital of, state of.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from ...lexicon import (
    CONSTITUENT_COUNTRIES,
    CONTAINMENT_NOUNS,
    CONTEST_NOUNS,
    GENERIC_PERSON_NOUNS,
    LOCATIVE_PREPOSITIONS,
    PLACE_NOUNS,
    TITLES,
)
from ..qualifiers import NO_QUALIFIERS
from .registry import Found, Sentence, rule

FAMILY = "places"

PLACE_TYPES = frozenset({"Country", "City", "Place"})
# How each kind of thing is said to be from a place.
_ORIGIN_LABELS = {
    "Person": "from",
    "Organization": "based in",
    "Corporation": "based in",
    "GovernmentOrganization": "of",
    "CreativeWork": "from",
    "Event": "in",
    "Place": "in",
    "City": "in",
    "Thing": "in",
}
# Heads of concepts that are places already named by their modifier: "European countries".
_COUNTRY_WORDS = frozenset({"country", "countries", "nation", "nations", "state", "states", "economy", "economies"})


def _lists(token: Token) -> bool:
    """A class with examples: "countries such as X and Y", "consumers - China, India"."""
    return any(c.dep_ == "appos" for c in token.children) or any(
        c.dep_ == "prep" and c.lower_ in {"as", "including", "like"} for c in token.children
    )


# Modifiers through which a noun phrase names where its thing comes from.
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss", "npadvmod"})


def _place(sentence: Sentence, token: Token) -> bool:
    return sentence.type_of(token) in PLACE_TYPES


@rule(
    "located-in",
    family=FAMILY,
    construction="a named thing or group and a place after in/at: 'Tamil fighters in Sri Lanka' → in",
    confidence=0.6,
    examples=[
        ("Tamil fighters in Sri Lanka attacked.", ["Tamil fighters | in | Sri Lanka"]),
        ("The Red Cross office in Lagos closed.", ["Red Cross office | in | Lagos"]),
    ],
    counter=[
        ("US support in Peru grew.", ["United States | in | Peru"]),
        ("Google launched a version in simplified Chinese.", ["version | in | China"]),
        ("Westshire were beaten 19-13 by the Irish in Dublin.", ["Ireland | in | Dublin"]),
    ],
)
def located_in(sentence: Sentence) -> Iterator[Found]:
    for token in sentence.tokens:
        holder = token
        if token.pos_ == "NOUN" and sentence.entity(token) is None:
            # "the Red Cross office in Lagos": the office is the named organisation's
            names = [c for c in token.children if c.dep_ == "compound" and sentence.entity(c) and not _place(sentence, c)]
            if not names or token.lemma_.lower() not in PLACE_NOUNS:
                continue
            holder = names[-1]
        elif sentence.entity(token) is None:
            continue
        for prep in token.children:
            if prep.dep_ != "prep" or prep.lower_ not in LOCATIVE_PREPOSITIONS:
                continue
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                if pobj.pos_ == "ADJ" or pobj.ent_type_ == "NORP":
                    continue  # "a version in simplified Chinese": a language, no place
                if sentence.type_of(holder) == "Country" and sentence.type_of(pobj) == "City":
                    continue  # "beaten by the Irish in Dublin": no country lies in a city; the match did
                if _place(sentence, pobj) and sentence.entity(pobj) != sentence.entity(holder):
                    yield Found(holder, prep.lower_, pobj, NO_QUALIFIERS)


@rule(
    "place-in-place",
    family=FAMILY,
    construction="a place followed by a larger one after a comma: 'Dayton, Ohio' → Dayton –in→ Ohio",
    confidence=0.7,
    examples=[("He lives in Pasadena, California.", ["Pasadena | in | California"])],
    counter=[("He visited Paris, Oslo and Madrid.", ["Paris | in | Oslo"])],
)
def place_in_place(sentence: Sentence) -> Iterator[Found]:
    for token in sentence.tokens:
        if not _place(sentence, token):
            continue
        for child in token.children:
            if child.dep_ in {"appos", "npadvmod"} and _place(sentence, child) and child.i > token.i:
                if sentence.entity(child) != sentence.entity(token) and not any(c.dep_ == "cc" for c in token.children):
                    yield Found(token, "in", child, NO_QUALIFIERS)


def _modifiers(token: Token, depth: int = 0, named: frozenset[int] = frozenset()) -> Iterator[tuple[Token, bool]]:
    """Modifier tokens of a name's noun phrase (compounds, adjectives, possessors), recursively,
    each with whether it is a possessor: "Dutch publishing group X" → Dutch, publishing, group.
    The modifiers of another name inside the phrase are that name's, and are not walked."""
    if depth > 3:
        return
    for child in token.lefts:
        if child.dep_ in _MODIFIER_DEPS:
            yield child, child.dep_ == "poss"
            if child.i not in named:
                yield from _modifiers(child, depth + 1, named)


@rule(
    "origin-modifier",
    family=FAMILY,
    construction="a place or nationality in a name's noun phrase says where it is from: "
    "'Dutch publishing group X' → X –based in→ Netherlands; \"Germany's X association\" → X –of→ Germany",
    confidence=0.7,
    examples=[
        ("Dutch publishing group Wolters Kluwer grew.", ["Wolters Kluwer | based in | Netherlands"]),
        ("Californian man John Smith was arrested.", ["John Smith | from | California"]),
        ("Russian oil firm Rosneft bid.", ["Rosneft | based in | Russia"]),
        ("The Iranian oil fields were sold.", ["Iranian oil fields | in | Iran"]),
        ("London-based retailer Tesco grew.", ["Tesco | based in | London"]),
        ("Madrid man John Smith was arrested on Monday.", ["John Smith | from | Madrid"]),
    ],
    counter=[
        ("Microsoft bought Russian oil.", ["Microsoft | based in | Russia"]),
        # a city before a member's noun is the club or body there: no origin
        ("Former Madrid stalwart John Smith criticised the club.", ["John Smith | from | Madrid"]),
        ("Wales named the side for the England game.", ["England game | in | England"]),
    ],
)
def origin_modifier(sentence: Sentence) -> Iterator[Found]:
    seen: set[tuple[str, str]] = set()
    named_tokens = {i for s in sentence.mention_spans for i in range(s.start, s.end)}
    heads = [s for s in sentence.mention_spans] + [
        sentence.doc[t.i : t.i + 1]  # concepts, and descriptions: "the Leeds-based athlete"
        for t in sentence.tokens
        if t.pos_ == "NOUN" and sentence.entity(t) is not None and t.i not in named_tokens
        and t.lower_ not in TITLES and t.lemma_.lower() not in TITLES
    ]
    for span in heads:
        root = span.root
        eid = sentence.entity(root)
        kind = sentence.type_of(root)
        concept = sentence.is_concept(root)
        if eid is None or kind not in _ORIGIN_LABELS or (kind in PLACE_TYPES and not concept):
            continue
        if concept and (kind in {"Thing", "Organization"} or root.lemma_.lower() in _COUNTRY_WORDS or _lists(root)):
            continue  # "US current account deficit", "US firms", "central European countries": the name says it
        heads = [root]
        if root.dep_ == "appos" and root.head.pos_ == "NOUN" and sentence.entity(root.head) is None:
            heads.append(root.head)  # "India's top-selling daily newspaper, the Daily Star"
        descriptor = _descriptor_before(sentence, span)
        if descriptor is not None:
            heads.append(descriptor)  # "the Spanish drama Death in Venice"
        named_here = frozenset(i for s in sentence.mention_spans if s != span for i in range(s.start, s.end))
        modifiers = [m for head in heads for m in _modifiers(head, 0, named_here)]
        if kind == "Person" and any(m.lower_ in TITLES or m.lemma_.lower() in TITLES for m, _ in modifiers):
            continue  # "UK Foreign Secretary Jane Doe": a role, read by the role rules
        contest = concept and root.lemma_.lower() in CONTEST_NOUNS
        for head in heads:
            for modifier, possessive in _modifiers(head, 0, named_here):
                if modifier in span or not _place(sentence, modifier):
                    continue
                if contest and _side(sentence, modifier):
                    continue  # "the Italian game", "the England game": a side, not where it is played
                based = modifier.head.lower_ == "based" and modifier.head.i == modifier.i + 2  # "Leeds-based"
                if (
                    kind == "Person" and not (based or possessive) and sentence.type_of(modifier) == "City"
                    and modifier.head.lemma_.lower() not in GENERIC_PERSON_NOUNS
                ):
                    continue  # "former Madrid stalwart X", "a Madrid fan": the club or body; "Madrid man X" is from there
                place = sentence.entity(modifier)
                if place == eid or (eid, place) in seen:
                    continue
                seen.add((eid, place))
                label = "based in" if based else ("of" if possessive else _ORIGIN_LABELS[kind])
                yield Found(root, label, modifier, NO_QUALIFIERS)


def _side(sentence: Sentence, modifier: Token) -> bool:
    """True for a modifier that names a country or nation (what fields a side), not a venue."""
    return (
        sentence.type_of(modifier) == "Country"
        or modifier.ent_type_ == "NORP"
        or modifier.lower_ in CONSTITUENT_COUNTRIES
    )


def _descriptor_before(sentence: Sentence, span) -> Token | None:
    """The unnamed noun just before a name that describes it: "drama" in "the drama Death in Venice"."""
    if span.start == 0:
        return None
    before = sentence.doc[span.start - 1]
    if before.pos_ == "NOUN" and sentence.entity(before) is None and before.i >= sentence.span.start:
        return before
    return None


@rule(
    "name-of-place",
    family=FAMILY,
    construction="'of' or 'from' and a place after a name: 'Acme Inc, of Dayton,' → based in",
    confidence=0.7,
    examples=[("Globex Inc, of Dayton, Ohio, won.", ["Globex | based in | Dayton"])],
    counter=[("Globex Inc won in Dayton.", ["Globex | based in | Dayton"])],
)
def name_of_place(sentence: Sentence) -> Iterator[Found]:
    for span in sentence.mention_spans:
        root = span.root
        kind = sentence.type_of(root)
        if kind in PLACE_TYPES or kind not in _ORIGIN_LABELS:
            continue
        descriptor = _descriptor_before(sentence, span)
        for prep in [*root.children, *(descriptor.children if descriptor is not None else ())]:
            if prep.dep_ == "prep" and prep.lower_ in {"of", "from"}:
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    if _place(sentence, pobj):
                        yield Found(root, _ORIGIN_LABELS[kind], pobj, NO_QUALIFIERS)


@rule(
    "place-noun-of",
    family=FAMILY,
    construction="a place noun between a larger place and a name: 'the Ghanaian capital Accra' → "
    "Accra –capital of→ Ghana; 'the US state of Oregon' → Oregon –state of→ United States",
    confidence=0.75,
    examples=[
        ("He flew to the Ghanaian capital Accra.", ["Accra | capital of | Ghana"]),
        ("It moved to the US state of Oregon.", ["Oregon | state of | United States"]),
    ],
    counter=[("He flew to the capital, Accra.", ["Accra | capital of | Ghana"])],
)
def place_noun_of(sentence: Sentence) -> Iterator[Found]:
    for noun in sentence.tokens:
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in CONTAINMENT_NOUNS & PLACE_NOUNS:
            continue
        larger = [c for c in noun.children if c.dep_ in {"amod", "compound", "nmod", "poss"} and _place(sentence, c)]
        if not larger:
            continue
        named = [noun.head] if noun.dep_ == "compound" and _place(sentence, noun.head) else []
        named += [pobj for prep in noun.children if prep.dep_ == "prep" and prep.lower_ == "of"
                  for pobj in prep.children if pobj.dep_ == "pobj" and _place(sentence, pobj)]
        named += [c for c in noun.children if c.dep_ == "appos" and _place(sentence, c)]
        for place in named:
            for big in larger:
                if sentence.entity(place) != sentence.entity(big):
                    yield Found(place, f"{noun.lemma_.lower()} of", big, NO_QUALIFIERS)
