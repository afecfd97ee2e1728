"""Quotations that run over several sentences, and whose words they are.

A reporting verb gives its own clause a source ("'Globex will buy Initech,' Tom
Reed said"), but a quotation often goes on for sentences that name no speaker:

    "Globex will buy Initech," Tom Reed said. "Acme will sell Zeta to it."
    Tom Reed said: "Globex will buy Initech. Acme will sell Zeta to it."

The second sentence is Tom Reed's too. :func:`quotations` finds the quoted
stretches of a text, paragraph by paragraph (straight quotes pair up in order,
curly ones open and close); :func:`quote_speakers` gives each the speaker of a
reporting verb beside it in a sentence it shares, or, for a quotation that opens
the sentence after one that was attributed, that one's speaker (the quote goes
on). Statements of sentences inside a quotation take its speaker when no verb of
their own names one (:func:`with_quote_sources`).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import replace

from spacy.tokens import Doc, Token

from ..lexicon import REPORTING_VERBS
from ..model import Statement
from ..nlp import sentence_of, sentences

__all__ = ["quotations", "quote_speakers", "with_quote_sources"]

_STRAIGHT = '"'
_OPENING = "\u201c"
_CLOSING = "\u201d"


def quotations(text: str) -> list[tuple[int, int]]:
    """(opening mark, closing mark) character offsets of each quotation of ``text``, paragraph by
    paragraph. A straight mark opens before a word and closes after one (a mark with a space on
    either side closes an open quotation); an opening mark while one is open starts again, as a
    quotation whose close was lost does ('... fancied it. "There were ...'); a mark left open at
    the end of a paragraph closes nothing."""
    found: list[tuple[int, int]] = []
    start = 0
    for paragraph in text.split("\n"):
        opened: int | None = None
        for offset, char in enumerate(paragraph):
            if char not in {_STRAIGHT, _OPENING, _CLOSING}:
                continue
            before = paragraph[offset - 1] if offset > 0 else " "
            after = paragraph[offset + 1] if offset + 1 < len(paragraph) else " "
            opening = char == _OPENING or (char == _STRAIGHT and not after.isspace() and (before.isspace() or before in "([-\u2014"))
            closing = char == _CLOSING or (char == _STRAIGHT and not opening)
            if opening:
                opened = start + offset
            elif closing and opened is not None:
                found.append((opened, start + offset))
                opened = None
        start += len(paragraph) + 1
    return found


def quote_speakers(doc: Doc, speaker_of: Callable[[Token], str | None]) -> list[tuple[int, int, str]]:
    """(start, end, speaker's entity id) of each quotation of ``doc`` whose speaker is known;
    ``speaker_of`` maps a reporting verb's subject to an entity id (None when it names none)."""
    starts = [t.idx for t in doc]
    if not starts:
        return []

    def sentence_at(char: int) -> int:
        return sentence_of(doc, max(0, bisect.bisect_right(starts, char) - 1))

    result: list[tuple[int, int, str]] = []
    previous: tuple[int, str | None] | None = None  # (sentence of the last closing mark, its speaker)
    for start, end in quotations(doc.text):
        first, last = sentence_at(start), sentence_at(end)
        speaker = _reporter_beside(doc, start, end, range(first, last + 1), speaker_of)
        if speaker is None and previous is not None and previous[1] is not None and first == previous[0] + 1:
            speaker = previous[1]  # '"...," Reed said. "..."': the quote goes on
        if speaker is not None:
            result.append((start, end, speaker))
        previous = (last, speaker)
    return result


def _reporter_beside(doc: Doc, start: int, end: int, numbers: range, speaker_of: Callable[[Token], str | None]) -> str | None:
    """The entity of the subject of a reporting verb outside the quotation, in a sentence it shares."""
    spans = sentences(doc)
    for n in numbers:
        for token in spans[n]:
            if start <= token.idx <= end or token.lemma_.lower() not in REPORTING_VERBS or token.pos_ not in {"VERB", "AUX"}:
                continue
            for subject in (c for c in token.children if c.dep_ == "nsubj"):
                speaker = speaker_of(subject)
                if speaker is not None:
                    return speaker
    return None


def with_quote_sources(statements: Sequence[Statement], speakers: Sequence[tuple[int, int, str]]) -> tuple[Statement, ...]:
    """``statements``, each of a sentence inside a quotation and with no source of its own given
    the quotation's speaker (a sentence inside runs from the opening mark to just past the closing one)."""
    if not speakers:
        return tuple(statements)
    out = []
    for statement in statements:
        p = statement.provenance
        if statement.attributed_to is None:
            for start, end, speaker in speakers:
                if start <= p.start and p.end <= end + 1:
                    statement = replace(statement, attributed_to=speaker)
                    break
        out.append(statement)
    return tuple(out)
