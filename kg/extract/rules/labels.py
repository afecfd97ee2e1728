"""Predicate labels and relation words, shared by every rule.

Labels are normalised lemma phrases: verbs by their lemma and particle
("call off"), passives without an agent as "be" + participle ("be housed
at"), nouns as they are written ("hold talks with"), prepositions whole
("pull out of").
"""

from __future__ import annotations

from spacy.tokens import Token

from ...lexicon import (
    ADVERBIAL_PREPOSITIONS,
    ASPECTUAL_VERBS,
    COPULAR_VERBS,
    EVENT_NOUNS,
    LIGHT_VERBS,
    MODAL_CONTROLLERS,
    NEGATING_CONTROLLERS,
    RELATION_NOUNS,
    VAGUE_MODIFIERS,
)
from ..clauses import hearsay_controller, hyphen_joined, idiom_object, object_controller, preposition_words, takes_to

__all__ = ["verb_label", "light_object", "noun_words", "relation_tokens", "with_preposition", "owned_by_name"]

# Children of a verb that belong to its relation phrase: auxiliaries, negation and particles.
RELATION_DEPS = frozenset({"aux", "auxpass", "neg", "prt"})
# Modifiers kept in a noun's words: "subsidiary company", "second-biggest oil producer".
_NOUN_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})


def verb_label(verb: Token, passive: bool = False) -> str:
    """Lemma plus particle ("call off"); a passive reads "be" + participle ("be housed").

    A verb controlled by a verb that is not a modal, negating or copular one
    keeps it: "helped write" → "help write", "is tipped to do" → "tip to do";
    modal controllers ("plans to buy") become the statement's modality instead.
    """
    particles = [c.lower_ for c in verb.children if c.dep_ == "prt"]
    if passive:
        label = " ".join(["be", verb.lower_, *particles])
    else:
        label = " ".join([verb.lemma_.lower(), *particles])
    head = verb.head
    own_subject = any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children)
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.lower_ not in ADVERBIAL_PREPOSITIONS and not own_subject:
        # (with a subject of its own, "with Peru handing back X" is a clause apart)
        if head.lower_ == "by":
            return label  # "responded by suing Globex", "made history by buying Initech": the means is the act
        governor = head.head
        if governor.pos_ == "ADJ":
            return f"be {governor.lower_} {head.lower_} {label}"  # "is opposed to ending" → "be opposed to end"
        if governor.pos_ == "VERB" and governor.lemma_.lower() not in COPULAR_VERBS:
            return f"{governor.lemma_.lower()} {head.lower_} {label}"  # "work towards lifting" → "work towards lift"
    if (
        verb.dep_ == "xcomp" and head != verb and head.pos_ == "VERB" and not own_subject
        and object_controller(verb) is None and hearsay_controller(verb) is None  # "is thought to": a modality
    ):
        # (object control, "asked the WTO to investigate X": the WTO investigates, modality "ask to")
        lemma = head.lemma_.lower()
        if lemma not in MODAL_CONTROLLERS | NEGATING_CONTROLLERS | COPULAR_VERBS | ASPECTUAL_VERBS | {"have", "get"}:
            to = "to " if takes_to(verb) else ""
            label = f"{lemma} {to}{label}"
    return label


# Object nouns that name the relation with any verb: "snatched victory (from)", "a complaint (to)".
_RELATION_OBJECTS = EVENT_NOUNS | RELATION_NOUNS


def light_object(verb: Token) -> Token | None:
    """The object noun that names the relation with its verb: of a light verb ("cast doubt (on)",
    "start a family (with)"), or a noun of an event or relation after any verb ("snatched victory
    (from)", "contemplating a complaint (to)", "lift the ban (on)"); not "bought 20 tanks (from)"."""
    light = verb.lemma_.lower() in LIGHT_VERBS
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    # (only a light verb's: "reports it was withdrawing from X" is what the reports say, misparsed)
    gap = light and verb.dep_ == "relcl" and not any(c.tag_ == "WRB" for c in verb.children)  # not "the trial, where he appears"
    if not objects and gap and any(c.dep_ == "nsubj" and c.tag_ not in {"WDT", "WP"} for c in verb.children):
        objects = [verb.head]  # "a speech he made in X": the noun the clause hangs on is its object
    for child in objects:
        if child.pos_ == "NOUN" and not _amount(child):
            if light or child.lemma_.lower() in _RELATION_OBJECTS or idiom_object(child):
                return child
    return None


def _amount(noun: Token) -> bool:
    """A sum or a count, not a thing: "m" of "$11m", "bn", "%" ("received $11m from X")."""
    return noun.ent_type_ in {"MONEY", "CARDINAL", "PERCENT", "QUANTITY"} or noun.like_num or len(noun.text) <= 2


def noun_words(noun: Token, modifiers: bool = False) -> str:
    """A noun as written, lower case; with ``modifiers`` its compounds and specific adjectives too.

    >>> noun_words(doc[5], modifiers=True)  # doctest: +SKIP
    'subsidiary company'
    """
    if not modifiers:
        return hyphenated(noun)
    kept = [
        t
        for t in noun.lefts
        if t.dep_ in _NOUN_MODIFIER_DEPS
        and t.lower_ not in VAGUE_MODIFIERS
        and not t.like_num
        and t.ent_type_ not in {"PERSON", "ORG", "GPE", "NORP", "LOC", "MONEY", "PERCENT", "CARDINAL", "DATE"}
    ]
    if not kept:
        return hyphenated(noun)
    doc = noun.doc
    start = min(t.left_edge.i if t.dep_ == "compound" else t.i for t in kept)
    while hyphen_joined(doc, start):
        start -= 2  # "longest-serving leader", not "serving leader"
    words = [t.lower_ for t in doc[start : noun.i + 1] if not t.is_punct or t.text == "-"]
    return " ".join(words).replace(" - ", "-")


def hyphenated(token: Token) -> str:
    """The word ``token`` is part of, lower case, whole when hyphens join it to its neighbours with
    no space: "line-up" for the "up" of "decide the line-up" (the tokenizer splits it, and the
    parse makes "up" the noun), "longest-serving", "buy-to-let"."""
    doc = token.doc
    start = end = token.i
    while hyphen_joined(doc, start):
        start -= 2
    while end + 2 < len(doc) and hyphen_joined(doc, end + 2):
        end += 2
    return "".join(t.lower_ + ("" if i == end else t.whitespace_) for i, t in enumerate(doc[start : end + 1], start=start))


def with_preposition(base: str, prep: Token) -> str:
    """``base`` followed by the words of ``prep``: "withdraw" + "from" → "withdraw from"."""
    return f"{base} {preposition_words(prep)}"


def relation_tokens(verb: Token, *extra: Token) -> tuple[int, ...]:
    """Token indices of the words that say a verb's relation, in text order: "has not called off"."""
    indices = {verb.i, *(c.i for c in verb.children if c.dep_ in RELATION_DEPS), *(t.i for t in extra)}
    return tuple(sorted(indices))


def owned_by_name(noun: Token) -> bool:
    """True when a named possessor owns the noun: "Norway's participation" (a pronoun, "its deal",
    may be the subject's own)."""
    return any(c.dep_ == "poss" and c.pos_ != "PRON" for c in noun.children)
