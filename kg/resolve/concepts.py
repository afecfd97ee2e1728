"""Concept entities: the unnamed things and groups that take part in an article's relations.

News relates named things to things it does not name: "a $20m settlement
deal", "the ban on fishing", "minority investors", "anti-war
campaigners", "the art collection". A noun phrase becomes a concept mention
when its head is a common noun in an argument position and it is specific:

* it has a content modifier ("settlement deal", "Acme shareholders",
  "DNA evidence", "Iranian oil fields"), or
* its head is a plural noun of people or organisations ("investors", "users",
  "firms"), or
* its head is a noun of a kind of thing news relates (deals, lawsuits, laws,
  works, products; "the ban", "the auction", "the report").

Nouns too general to be nodes ("growth", "the move", "time"), descriptions
of named things ("the firm", "the chancellor"), quantities and dates never
are. The label is the head with its modifiers, without determiners,
possessors and numbers ("Twelve former Acme directors" → "former Acme
directors").

Within a document, a later phrase with the same head noun and no new
modifiers is the same concept ("the collection" after "the art collection of
..."), and so is a bare noun repeating the last modifier of an earlier one
("the settlement" after "a settlement deal"); a name after the head compares
as one before it ("the minority Acme shareholders" after "minority investors in
Acme"). Concepts never merge across
documents: their ids carry the document's, as two articles' "the lawsuit"
are rarely one. Only concepts that end up in a statement are kept
(:func:`kg.pipeline.extract_document`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from spacy.tokens import Doc, Token

from ..lexicon import (
    ABSTRACT_NOUNS,
    AGREEMENT_NOUNS,
    HEAD_SYNONYMS,
    CITY_NOUNS,
    COUNTRY_NOUNS,
    OFFICIAL_NOUNS,
    COMPANY_NOUNS,
    LAW_NOUNS,
    MEASURE_NOUNS,
    MEDIA_NOUNS,
    ORGANISATION_NOUNS,
    PEOPLE_NOUNS,
    PERSON_NOUNS,
    PLACE_NOUNS,
    PRODUCT_NOUNS,
    PURPOSE_NOUNS,
    TITLES,
    VAGUE_MODIFIERS,
    WORK_NOUNS,
)
from ..extract.clauses import hyphen_joined, idiom_object
from ..model import Entity, Mention, slugify
from ..nlp import is_headline, sentence_of

__all__ = ["Concept", "find_concepts", "resolve_concepts", "concept_type", "CONCEPT_RULE"]

# Mention rule of a concept mention.
CONCEPT_RULE = "concept"
# Where a noun phrase stands as an argument.
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos", "conj", "dative", "oprd", "npadvmod"})
# Modifiers that belong to a concept's name.
_NAME_DEPS = frozenset({"compound", "amod", "nmod"})
# Named-entity kinds that are never part of a concept's name.
_NON_NAME_ENTITIES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "CARDINAL", "ORDINAL"})
# Nouns that describe a named thing: without an antecedent they are no node either.
_DESCRIPTION_NOUNS = PERSON_NOUNS | TITLES | (COMPANY_NOUNS - {"firms", "companies"}) | (ORGANISATION_NOUNS - PEOPLE_NOUNS)
_PERSON_DESCRIPTIONS = PERSON_NOUNS | TITLES
# Heads whose modifier names what they hold, so the modifier alone names the same thing:
# "a settlement deal" is "the settlement", "a rescue plan" "the rescue"; a "budget deficit" is no budget.
_CONTAINER_KINDS = PURPOSE_NOUNS | frozenset(
    {"deal", "agreement", "accord", "pact", "contract", "talks", "negotiations", "offer", "bid", "case", "lawsuit", "suit"}
)
# Kinds of thing a bare noun can be a node for.
_KIND_NOUNS = AGREEMENT_NOUNS | LAW_NOUNS | WORK_NOUNS | PRODUCT_NOUNS


@dataclass(frozen=True)
class Concept:
    """A concept mention: its head token, the token span of its name, its label and type."""

    head: int
    start: int
    end: int
    label: str
    type: str
    modifiers: tuple[str, ...]
    definite: bool = False
    nouns: tuple[str, ...] = ()
    amount: str = ""  # the sum that sizes it: "£5.5bn" of "a £5.5bn plan"


# Singular nouns of bodies of people: no building, work or medium, nor a trend.
_BODY_NOUNS = ORGANISATION_NOUNS - PLACE_NOUNS - WORK_NOUNS - MEDIA_NOUNS - {"movement"}


def concept_type(head: Token) -> str:
    """The schema.org type of a concept by its head noun: groups of people are organisations."""
    lemma, lower = head.lemma_.lower(), head.lower_
    if lemma in COUNTRY_NOUNS | CITY_NOUNS:
        return "Place"  # "central European countries", "rich nations"
    if lower in PEOPLE_NOUNS or (head.tag_ == "NNS" and lemma in PERSON_NOUNS | COMPANY_NOUNS | ORGANISATION_NOUNS):
        return "Organization"
    if head.tag_ == "NN" and lemma in _BODY_NOUNS:
        return "Organization"  # "the British relay team", "a grand jury"; not "the Pop movement"
    if lemma in AGREEMENT_NOUNS:
        return "Event"
    if lemma in WORK_NOUNS or lemma in LAW_NOUNS:
        return "CreativeWork"
    if lemma in PRODUCT_NOUNS:
        return "Product"
    if lemma in PLACE_NOUNS:
        return "Place"
    return "Thing"


def _name_tokens(head: Token, token_entities: Mapping[int, str]) -> list[Token]:
    """The head and the modifiers that make its name, in text order: "former Acme directors"."""
    kept = [head]
    doc = head.doc

    def walk(token: Token) -> None:
        for child in token.lefts:
            hyphened = child.i + 2 == token.i and doc[child.i + 1].text == "-"  # "virus-related"
            numbered = child.like_num and (
                any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in child.children)  # "Zeta 60 software"
                or (token.pos_ == "PROPN" and child.ent_type_ and child.ent_type_ == token.ent_type_  # "Four Counties table"
                    and child.ent_type_ not in _NON_NAME_ENTITIES)
            )
            if numbered:  # a name's number, not an amount
                kept.append(child)
                walk(child)
                continue
            if child.dep_ not in _NAME_DEPS and not hyphened:
                continue
            if child.ent_type_ in _NON_NAME_ENTITIES or child.like_num or child.pos_ == "NUM" or _is_unit(child):
                continue
            if any(t.like_num for t in child.subtree) and child.pos_ != "PROPN":
                continue  # "six-storey", "20th-century": measures, not names ("Zeta 60 software" is one)
            if child.lower_ in VAGUE_MODIFIERS - {"former", "new"} and child.dep_ == "amod" and not hyphened:
                continue  # ("high-end", "low-cost": one word with the word it is hyphened to)
            kept.append(child)
            walk(child)

    walk(head)
    kept.sort(key=lambda t: t.i)
    # keep the run contiguous up to the head: hyphens inside it stay ("phone-tap evidence"),
    # and it starts after any coordination ("mosque and community centre" → "community centre")
    start = kept[0].i
    for t in doc[start : head.i]:
        if t.dep_ == "cc" or t.text in {",", "(", ")", ";"}:
            start = t.i + 1
    while hyphen_joined(doc, start):
        if doc[start - 2].like_num or doc[start - 2].ent_type_ in _NON_NAME_ENTITIES:
            break  # "six-storey": a measure
        start -= 2  # a word is not cut at its hyphen: "co-operation", "semi-finals", "no-frills airlines"
    if start > 0 and start < head.i and _measure_word(list(doc[start - 1 : head.i + 1])):
        start -= 1  # nor where the tokenizer split a measure from its unit: "4x100m relay"
    tokens = [t for t in doc[start : head.i + 1] if not t.is_punct or t.text in {"-", "/"}]
    while tokens and (tokens[0].is_punct or tokens[0].dep_ in {"det", "poss", "case", "nummod", "quantmod"} or _is_unit(tokens[0])):
        if tokens[0].dep_ == "nummod" and tokens[0].text[:1].isupper() and tokens[0].head.pos_ == "PROPN":
            break  # "Four Counties table": the number is the name's
        if _measure_word(tokens):
            break  # "4x100m relay", "100m final": a measure written as one word names the event
        tokens = tokens[1:]
    return tokens or [head]


def _measure_word(tokens: list[Token]) -> bool:
    """True when the first two tokens are one word the tokenizer split, a number and its unit
    ("4x100" "m", "100" "m"), that is no amount of money ("$168m" is)."""
    if len(tokens) < 3 or tokens[0].whitespace_ or not tokens[0].text[:1].isdigit() or not tokens[1].is_alpha:
        return False
    before = tokens[0].doc[tokens[0].i - 1] if tokens[0].i > 0 else None
    return before is None or not (before.is_currency and not before.whitespace_)


def _is_unit(token: Token) -> bool:
    """A currency sign or an amount's unit: "$", "m" of "$168m", "bn"."""
    doc = token.doc
    if token.is_currency or token.ent_type_ in _NON_NAME_ENTITIES:
        return True
    previous = doc[token.i - 1] if token.i > 0 else None
    return len(token.text) <= 3 and previous is not None and (previous.like_num or previous.is_currency) and previous.whitespace_ == ""


def _specific(head: Token, modifiers: list[Token], token_entities: Mapping[int, str]) -> bool:
    lemma, lower = head.lemma_.lower(), head.lower_
    if _activity(head):
        return True  # "retire from sprinting", "the rise of texting": an activity names itself
    if concept_type(head) == "Thing":
        # an unknown kind of thing needs a common noun or a nationality naming it: "DNA
        # evidence", "Hindu community", not "orderly reversal"; "Acme shares" are the
        # company's shares, read through their owner
        return any(
            (t.dep_ in {"compound", "nmod"} and t.pos_ == "NOUN") or t.i in token_entities
            for t in modifiers
        )
    if modifiers:
        return True
    if lower in PEOPLE_NOUNS:
        return True
    return lemma in _KIND_NOUNS


def _qualifies(head: Token, token_entities: Mapping[int, str]) -> bool:
    if head.pos_ != "NOUN" or head.i in token_entities or head.ent_type_ in _NON_NAME_ENTITIES:
        return False
    lemma, lower = head.lemma_.lower(), head.lower_
    if lemma in ABSTRACT_NOUNS or lower in ABSTRACT_NOUNS or len(lower) < 3 or idiom_object(head):
        return False  # ("followed suit": no lawsuit)
    if lower in MEASURE_NOUNS and any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children):
        return False  # "a list of defendants": the defendants are the thing
    if head.dep_ not in ARGUMENT_DEPS:
        return False
    if any(c.lower_ in {"both", "two"} for c in head.children) and head.tag_ == "NNS":
        return False  # "both men", "the two sides": plural references to named ones
    if head.tag_ == "NN" and (lemma in _PERSON_DESCRIPTIONS or lower in _PERSON_DESCRIPTIONS):
        return False  # "the UK chancellor", "the singer": people, named elsewhere or not at all
    if head.tag_ == "NN" and (lemma in _DESCRIPTION_NOUNS or lower in _DESCRIPTION_NOUNS):
        if not any(c.dep_ in {"compound", "nmod"} and c.i in token_entities for c in head.children):
            return False  # "the firm": descriptions of named things; not "the BBC programme"
    if (lower in OFFICIAL_NOUNS or lemma in OFFICIAL_NOUNS) and not any(c.dep_ in _NAME_DEPS for c in head.lefts):
        return False  # "officials said", "ministers agreed": whose, the sentence does not say
    return True


def find_concepts(doc: Doc, token_entities: Mapping[int, str]) -> list[Concept]:
    """Concept mentions of ``doc``: specific common-noun phrases not already an entity."""
    found = []
    for head in doc:
        if not _qualifies(head, token_entities):
            continue
        tokens = _name_tokens(head, token_entities)
        modifiers = [t for t in tokens if t.i != head.i and not t.is_punct]
        if not _specific(head, modifiers, token_entities):
            continue
        label = _sentence_case(doc[tokens[0].i : head.i + 1].text, tokens[0])
        found.append(
            Concept(
                head=head.i,
                start=tokens[0].i,
                end=head.i + 1,
                label=label,
                type=concept_type(head),
                modifiers=tuple(t.lower_ for t in modifiers if not t.is_punct),
                definite=_definite(head),
                nouns=tuple(t.lower_ for t in modifiers if t.dep_ in {"compound", "nmod"} and not t.is_punct),
                amount=_amount(head),
            )
        )
    return found


def _sentence_case(label: str, first: Token) -> str:
    """``label`` without the capital a sentence gave its first word: "Users" → "users", "Low-cost
    airlines" → "low-cost airlines"; a name ("Acme shareholders") or an acronym keeps its capitals."""
    word = first.text
    if first.is_sent_start and first.pos_ != "PROPN" and first.ent_type_ == "" and word[:1].isupper() and word[1:] == word[1:].lower():
        return label[:1].lower() + label[1:]
    return label


def _amount(head: Token) -> str:
    """The money sum in the phrase before ``head`` ("a £5.5bn ($10bn) plan" → "£5.5bn"), or ""."""
    sums = [t for t in head.subtree if t.i < head.i and t.ent_type_ == "MONEY" and t.ent_iob_ == "B"]
    if not sums:
        return ""
    first = sums[0]
    end = first.i + 1
    while end < head.i and head.doc[end].ent_iob_ == "I" and head.doc[end].ent_type_ == "MONEY":
        end += 1
    return "".join(t.text for t in head.doc[first.i : end]).lower()


def _activity(head: Token) -> bool:
    """A gerund noun after a preposition or as an object: "sprinting", "texting", "hacking"."""
    return (
        head.tag_ == "NN" and head.lower_.endswith("ing") and len(head.lower_) > 6
        and head.dep_ in {"pobj", "dobj", "nsubj"} and not any(c.dep_ == "det" for c in head.children)
    )


def _definite(head: Token) -> bool:
    """True for a phrase that refers to something already known: "the", "this", "these", a possessor."""
    return any(
        (c.dep_ == "det" and c.lower_ in {"the", "this", "that", "these", "those"}) or c.dep_ == "poss"
        for c in head.children
    )


def _another(doc: Doc, concept: Concept, earlier: Sequence[Concept]) -> bool:
    """True for a bare indefinite singular ("an agreement") after the thing was named in the
    body: a new one of the kind. A headline's phrases have no article, so the first "a
    campaign" of the body is the headline's campaign; a second "a campaign" is another."""
    head = doc[concept.head]
    indefinite = any(c.dep_ == "det" and c.lower_ in {"a", "an", "another"} for c in head.children)
    only_headline = all(is_headline(doc, sentence_of(doc, c.head)) for c in earlier)
    return not concept.modifiers and head.tag_ == "NN" and indefinite and not only_headline


def _generic_plural(head: Token, concept: Concept) -> bool:
    """True for a bare plural, without modifiers, a definite determiner or a possessor: "airlines",
    "several companies" speak of any such things, so they are never an earlier group named with
    modifiers ("budget airlines") nor a single thing ("a test service"); "former directors" after
    "former Acme directors" repeats its words and is that group."""
    return head.tag_ == "NNS" and not concept.definite and not concept.modifiers


def _plural(doc: Doc, concepts: Sequence[Concept]) -> bool:
    return any(doc[c.head].tag_ == "NNS" for c in concepts)


def _has_modifier(key: str, members: Mapping[str, list[Concept]]) -> bool:
    """True when some mention of the concept ``key`` names it with a modifier ("transport contract",
    "acting awards"): then "the screenplay award" is another one of the kind."""
    return any(c.modifiers for c in members.get(key, ()))


def _document_tag(document_id: str) -> str:
    return hashlib.sha1(document_id.encode("utf-8")).hexdigest()[:8]


def _kind(head: Token) -> str:
    """The head noun's kind: its lemma, or the first of its synonyms ("companies" → "firm")."""
    lemma = head.lemma_.lower()
    return HEAD_SYNONYMS.get(lemma, lemma)


def resolve_concepts(
    doc: Doc, document_id: str, concepts: Sequence[Concept], token_entities: Mapping[int, str] | None = None
) -> tuple[tuple[Entity, ...], Mapping[int, str]]:
    """Concept entities of one document (one per thing), and each concept head's entity id.

    Modifiers that are names compare by the entity they name ("EU arms code" = "European
    Union arms code"); heads compare by kind ("US firms" = "US companies").
    """
    named = token_entities or {}
    heads: list[tuple[str, tuple[str, ...], str]] = []  # (head kind, modifiers, entity key)
    members: dict[str, list[Concept]] = {}
    types: dict[str, str] = {}

    def keyed(concept: Concept) -> tuple[str, ...]:
        out = []
        for i in range(concept.start, concept.head):
            token = doc[i]
            if token.is_punct:
                continue
            out.append(named.get(i) or token.lower_)
        return tuple(dict.fromkeys(out))

    def owners(concept: Concept) -> tuple[str, ...]:
        """Names after the head that a later phrase may put before it: "investors in Fox" → "Fox investors"."""
        return tuple(
            named[c.i]
            for prep in doc[concept.head].children
            if prep.dep_ == "prep" and prep.lower_ in {"in", "of"}
            for c in prep.children
            if c.dep_ == "pobj" and c.i in named
        )

    by_amount: dict[str, str] = {}  # sum → key: "a £2bn plan" is the "£2bn water fund"
    generic_keys: set[str] = set()  # groups first named by a bare plural
    for concept in concepts:
        lemma = _kind(doc[concept.head])
        modifiers = keyed(concept)
        sized = concept.amount if concept.type not in {"Organization", "Place"} else ""  # groups and places have no price
        key = by_amount.get(sized) if sized else None
        generic = _generic_plural(doc[concept.head], concept) and not owners(concept)  # not "investors in Acme"
        for other_lemma, other_modifiers, other_key in [] if key else reversed(heads):
            if generic and (other_modifiers or not _plural(doc, members[other_key])):
                continue  # "airlines" after "budget airlines", "services" after "a service": any, not those
            if other_key in generic_keys and not generic:
                continue  # nor are those any: "the former directors" after "directors" in general
            if other_lemma == lemma and set(modifiers) <= set(other_modifiers) and not _another(doc, concept, members[other_key]):
                key = other_key  # "the deal", "the missile deal" after "a Russian missile deal"
                break
            named_apart = any("/" in m and m not in other_modifiers for m in modifiers)  # "his Peruvian passport"
            same_number = _plural(doc, members[other_key]) == (doc[concept.head].tag_ == "NNS")  # not "the animation award" of "the awards"
            if other_lemma == lemma and concept.definite and not named_apart and same_number and (
                set(concept.nouns) <= set(other_modifiers) or not _has_modifier(other_key, members)
            ):
                key = other_key  # "the outside directors" after "former directors"; "the transport contract" after "a contract"
                break
            if (
                not concept.modifiers and other_modifiers and other_modifiers[-1] == lemma
                and types[other_key] == concept.type and other_lemma in _CONTAINER_KINDS
            ):
                key = other_key  # "the settlement" after "a settlement deal"; not "his budget" after "the budget deficit"
                break
        if key is None:
            key = f"{lemma}\x1f{' '.join(modifiers)}\x1f{len(heads)}"  # unique: "a deal" twice is two deals
            heads.append((lemma, tuple(dict.fromkeys(modifiers + owners(concept))), key))
            types[key] = concept.type
            if generic:
                generic_keys.add(key)
        elif modifiers and set(modifiers) > set(next(h[1] for h in heads if h[2] == key)):
            heads.append((lemma, modifiers, key))
        members.setdefault(key, []).append(concept)
        if sized:
            by_amount.setdefault(sized, key)
    entities = []
    token_entities: dict[int, str] = {}
    tag = _document_tag(document_id)
    used: dict[str, int] = {}  # entity id → things given it so far
    for key, group in members.items():
        first = max(group, key=lambda c: (len(c.modifiers), -c.start))
        label = first.label
        type_ = first.type
        eid = f"{type_.lower()}/{slugify(label)}-{tag}"
        used[eid] = used.get(eid, 0) + 1
        if used[eid] > 1:  # a second thing of the same name ("an agreement" ... "an agreement")
            eid = f"{eid}-{used[eid]}"
        mentions = []
        for concept in group:
            span = doc[concept.start : concept.end]
            mentions.append(
                Mention(span.text, span.start_char, span.end_char, sentence_of(doc, concept.head), "", document_id, CONCEPT_RULE)
            )
            token_entities[concept.head] = eid
        aliases = tuple(sorted({m.text for m in mentions} - {label}))
        evidence = (f"head noun '{doc[first.head].lemma_.lower()}' → {type_}",)
        entities.append(Entity(eid, label, type_, aliases, tuple(mentions), (), evidence))
    return tuple(entities), MappingProxyType(token_entities)
