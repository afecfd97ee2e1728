"""Entity mentions from a parsed ``Doc``: named entities plus what NER misses.

Three sources, in order of trust:

* spaCy's named entities of the kinds that can be graph nodes (people,
  organisations, places, products, events, works, laws, nationalities);
* product and model codes NER often misses: a short capitalised prefix and a
  number, as in "A380", "F-35", "B-52";
* groups named by a nationality and a group noun ("Kurdish forces", "Syrian
  rebels"), which NER tags only as a nationality;
* repeats of a name NER found elsewhere in the same document but missed here
  (a small model tags "Jane Doe" in one sentence and not in the next), and
  the surname of a person named in full ("Doe said").

Dates, numbers, quantities and money never become mentions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from ..model import Mention
from ..nlp import sentence_of

__all__ = ["NODE_LABELS", "GROUP_NOUNS", "PRODUCT_LABEL", "GROUP_LABEL", "iter_mentions", "mention_spans"]

# NER labels that can name a node (DATE, CARDINAL, MONEY, ... never do).
NODE_LABELS = frozenset({"PERSON", "NORP", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"})

# Label of a product/model code found by pattern: "A380", "F-35", "B-52".
PRODUCT_LABEL = "PRODUCT"

# Label of a nationality + group-noun phrase: "Kurdish forces".
GROUP_LABEL = "GROUP"

# Head nouns that turn a nationality into an acting group: "Kurdish forces", "Syrian rebels".
GROUP_NOUNS = frozenset(
    {
        "force", "forces", "fighter", "troops", "troop", "rebel", "militant", "militia",
        "insurgent", "soldier", "army", "military", "guerrilla", "separatist",
    }
)

# Product/model codes: 1-3 capital letters and a number, hyphenated ("F-35", "B-52") or of
# three or more digits ("A380"), optional final letter; not a year ("FY2023") nor "COP26".
_PRODUCT_CODE = re.compile(r"[A-Z]{1,3}(-\d{2,4}|\d{3,4})[A-Z]?")
_YEAR_LIKE = re.compile(r"(19|20)\d\d")

# Tokens trimmed off the edges of an entity span: "the United States", "Germany's".
_TRIM_DEPS = frozenset({"det", "case", "punct", "predet"})


def _trim(span: Span) -> Span | None:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].dep_ in _TRIM_DEPS or doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].dep_ in _TRIM_DEPS or doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if start == end:
        return None
    return Span(doc, start, end, label=span.label)


def _is_product_code(token: Token) -> bool:
    """True for a token shaped like a product or model code: "S-300", "A380", "F-16"."""
    return bool(_PRODUCT_CODE.fullmatch(token.text)) and not _YEAR_LIKE.search(token.text)


def _group_span(norp: Span) -> Span | None:
    """Extend a nationality to its group noun: "Kurdish" in "Kurdish forces" → "Kurdish forces"."""
    head = norp.root.head
    if norp.root.dep_ not in {"amod", "compound"} or head.i <= norp.root.i:
        return None
    if head.lower_ not in GROUP_NOUNS and head.lemma_.lower() not in GROUP_NOUNS:
        return None
    # Take in every nationality before the head: "Syrian Kurdish fighters".
    start = norp.start
    for left in head.lefts:
        if left.ent_type_ == "NORP" and left.i < start:
            start = left.i
    return Span(norp.doc, start, head.i + 1, label=GROUP_LABEL)


# Labels whose names are propagated to untagged repeats in the same document.
_PROPAGATED_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "EVENT"})


def _is_acronym_token(token: Token) -> bool:
    letters = token.text.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalnum() and letters.isupper()


def _parenthetical_acronyms(doc: Doc, spans: list[Span], taken: set[int]) -> list[Span]:
    """An acronym in brackets right after a name, with the name's label: "Islamic State (IS)"."""
    found = []
    for span in spans:
        i = span.end
        if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")" and i + 1 not in taken:
            if _is_acronym_token(doc[i + 1]):
                found.append(Span(doc, i + 1, i + 2, label=span.label_))
                taken.add(i + 1)
    return found


def _propagated(doc: Doc, spans: list[Span], taken: set[int]) -> list[Span]:
    """Untagged repeats of names tagged elsewhere in ``doc``, with the label they had there."""
    patterns: dict[str, Span] = {}
    for span in spans:
        named = any(t.pos_ == "PROPN" for t in span) or (len(span) == 1 and _is_acronym_token(span[0]))
        if span.label_ in _PROPAGATED_LABELS and named:
            patterns.setdefault(span.text, span)
    for span in spans:
        # A surname alone refers back to the full name: "Jacinda Ardern ... Ardern said".
        if span.label_ == "PERSON" and len(span) > 1 and span[-1].pos_ == "PROPN":
            patterns.setdefault(span[-1].text, Span(doc, span.end - 1, span.end, label=span.label_))
    if not patterns:
        return []
    matcher = PhraseMatcher(doc.vocab)
    for text, span in patterns.items():
        # a Doc of the words alone: PhraseMatcher compares ORTH, and as_doc() copies every attribute
        matcher.add(text, [Doc(doc.vocab, words=[token.text for token in span])])
    found: list[Span] = []
    for match_id, start, end in sorted(matcher(doc), key=lambda m: (m[1], -m[2])):
        if any(i in taken for i in range(start, end)):
            continue
        label = patterns[doc.vocab.strings[match_id]].label_
        found.append(Span(doc, start, end, label=label))
        taken.update(range(start, end))
    return found


def mention_spans(doc: Doc) -> list[Span]:
    """All mention spans of ``doc``, trimmed, without overlaps, in text order.

    Entity spans come first; a pattern match inside an entity is dropped, and a
    group phrase replaces the nationality it grew from.
    """
    spans: list[Span] = []
    for ent in doc.ents:
        if ent.label_ not in NODE_LABELS:
            continue
        brackets = [t.i for t in ent if t.text == "("]
        if brackets and brackets[0] > ent.start:
            # NER sometimes swallows a bracketed acronym: "World Health Organization (WHO";
            # the name ends before the bracket, the acronym is found as such below.
            ent = Span(doc, ent.start, brackets[0], label=ent.label_)
        span = _trim(ent)
        if span is None:
            continue
        if span.label_ == "NORP":
            span = _group_span(span) or span
        spans.append(span)
    taken = {i for span in spans for i in range(span.start, span.end)}
    for token in doc:
        if token.i not in taken and _is_product_code(token):
            spans.append(Span(doc, token.i, token.i + 1, label=PRODUCT_LABEL))
            taken.add(token.i)
    spans.extend(_parenthetical_acronyms(doc, spans, taken))
    spans.extend(_propagated(doc, spans, taken))
    spans.sort(key=lambda s: (s.start, -s.end))
    kept: list[Span] = []
    for span in spans:
        if kept and span.start < kept[-1].end:
            continue  # overlap: the earlier, longer span wins
        kept.append(span)
    return kept


def iter_mentions(doc: Doc, document_id: str = "", spans: list[Span] | None = None) -> Iterator[Mention]:
    """Yield a :class:`Mention` for every span (default: :func:`mention_spans`), with its sentence index."""
    for span in mention_spans(doc) if spans is None else spans:
        if span.label_ == GROUP_LABEL:
            rule = "nationality-group"
        elif len(span) == 1 and span.start >= 1 and doc[span.start - 1].text == "(" and not span[0].ent_type_:
            rule = "acronym"
        elif span[0].ent_type_:
            rule = "ner"
        else:
            rule = "pattern" if span.label_ == PRODUCT_LABEL else "propagated"
        yield Mention(
            text=span.text,
            start=span.start_char,
            end=span.end_char,
            sentence=sentence_of(doc, span.start),
            label=span.label_,
            document=document_id,
            rule=rule,
        )
