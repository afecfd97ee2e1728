"""Role propositions from titles: person → "president of" → country or organisation.

News names most roles in the noun phrase around a person's name rather than in a
clause:

* a title before the name: "French President Emmanuel Macron",
  "U.S. Vice President Mike Pence", "President of France Emmanuel Macron",
  "Microsoft chairman Bill Gates";
* an appositive: "Annalena Baerbock, Germany's foreign minister".

The title words come from the curated list in ``kg/data/titles.json``; the
organisation is a named entity (country, nationality or organisation) in the same
phrase.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..model import Proposition
from ..resolve.gazetteer import titles
from .mentions import mention_spans
from ..nlp import sentence_of, sentences

__all__ = ["iter_role_propositions", "ROLE_CONFIDENCE", "ORGANISATION_LABELS"]

# Entity labels that can hold a role: "German", "U.S.", "Microsoft", "the Elysee".
ORGANISATION_LABELS = frozenset({"GPE", "NORP", "ORG"})

# Title before a name is a strong signal; an appositive is slightly less sure.
ROLE_CONFIDENCE = {"title": 0.9, "appositive": 0.85}

# Tokens that may stand between a title phrase and the name it introduces:
# names, nouns and adjectives, "of", the possessive "'s" and hyphens.
_PHRASE_POS = frozenset({"PROPN", "NOUN", "ADJ"})
_PHRASE_WORDS = frozenset({"of", "'s", "’s", "-", "the"})


def _title_key(tokens: Sequence[Token]) -> str:
    return " ".join(t.lower_ for t in tokens).replace(" - ", "-")


@lru_cache(maxsize=1)
def _longest_title() -> int:
    return max((len(t.split()) for t in titles()), default=1)


def _find_title(tokens: Sequence[Token]) -> tuple[int, int] | None:
    """Start and end (within ``tokens``) of the longest title phrase, the last one on ties."""
    known = titles()
    longest = _longest_title()
    best: tuple[int, int] | None = None
    for start in range(len(tokens)):
        for end in range(min(len(tokens), start + longest + 2), start, -1):
            if _title_key(tokens[start:end]) in known:
                if best is None or end - start >= best[1] - best[0]:
                    best = (start, end)
                break
    return best


def _prename_window(person: Span, labels: dict[int, str]) -> list[Token]:
    """Tokens of the noun phrase before a name: "U.S. Vice President" before "Mike Pence"."""
    doc = person.doc
    window: list[Token] = []
    i = person.start - 1
    sentence_start = sentences(doc)[sentence_of(doc, person.start)].start
    while i >= sentence_start:
        token = doc[i]
        if labels.get(token.i) == "PERSON":
            break
        if token.pos_ not in _PHRASE_POS and token.lower_ not in _PHRASE_WORDS:
            break
        window.insert(0, token)
        i -= 1
    return window


def _role(
    tokens: Sequence[Token], person: Span, sentence: int, rule: str, labels: dict[int, str]
) -> Iterator[Proposition]:
    found = _find_title(tokens)
    if found is None:
        return
    start, end = found
    title = _title_key(tokens[start:end])
    candidates = [
        (abs(k - start) if k < start else k - end + 1, t)
        for k, t in enumerate(tokens)
        if not start <= k < end and labels.get(t.i) in ORGANISATION_LABELS and t not in person
    ]
    if not candidates:
        return
    _, organisation = min(candidates, key=lambda c: c[0])
    yield Proposition(
        sentence=sentence,
        subject=person.root.i,
        predicate=f"{title} of",
        object=organisation.i,
        confidence=ROLE_CONFIDENCE[rule],
        rule=rule,
    )


def _appositives(person: Span) -> Iterator[list[Token]]:
    """Noun phrases in apposition to the name: "X, Germany's foreign minister," and "the minister, X"."""
    root = person.root
    for child in root.children:
        if child.dep_ == "appos" and child not in person:
            yield list(child.subtree)
    if root.dep_ == "appos" and root.head not in person:
        head = root.head
        yield [t for t in head.subtree if t.i < head.i + 1 and t not in root.subtree]


def iter_role_propositions(doc: Doc, spans: Sequence[Span] | None = None) -> Iterator[Proposition]:
    """Yield a role proposition (person, "<title> of", organisation) for each titled name in ``doc``.

    ``spans`` are the document's mention spans (default: :func:`mention_spans`).
    """
    spans = mention_spans(doc) if spans is None else spans
    labels = {i: span.label_ for span in spans for i in range(span.start, span.end)}
    for ent in spans:
        if ent.label_ != "PERSON":
            continue
        index = sentence_of(doc, ent.start)
        yield from _role(_prename_window(ent, labels), ent, index, "title", labels)
        for phrase in _appositives(ent):
            yield from _role(phrase, ent, index, "appositive", labels)
