"""spaCy's lemmatizer, remembered: each word form is lemmatised once per process, not once per token.

spaCy's rule lemmatizer works out a token's lemma from its text, coarse tag
and morphology, and caches only part of what it works out (not base forms,
not proper nouns), so every token still costs a Python call through its rule
tables. A word form's lemma depends on nothing else: in spaCy's ``rule``,
``lookup`` and ``pos_lookup`` modes the lemma is a function of the token's
text, ``POS`` and ``MORPH`` (the key of spaCy's own cache). So the lemma of
each ``(ORTH, POS, MORPH)`` is asked of spaCy's lemmatizer once, remembered,
and the lemmas of a whole ``Doc`` are set from the token array in one call.
Tokens that already have a lemma (set by the attribute ruler) keep it, as
spaCy's lemmatizer does unless told to overwrite.

A lemmatizer in any other mode stays spaCy's: :func:`remember_lemmas` returns
``None`` and :func:`kg.nlp.load_pipeline` keeps spaCy's.
"""

from __future__ import annotations

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.tokens import Doc

__all__ = ["RememberedLemmatizer", "remember_lemmas"]

# Modes whose lemma is a function of (text, POS, morphology) alone.
_MODES = frozenset({"rule", "lookup", "pos_lookup"})
# Word forms remembered before the memory starts again (a corpus has tens of thousands).
MAX_REMEMBERED = 500_000


class RememberedLemmatizer:
    """Sets what spaCy ``Lemmatizer`` ``lemmatizer`` sets, asking it once per word form."""

    def __init__(self, lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self.remembered: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        remembered = self.remembered
        if len(remembered) > MAX_REMEMBERED:
            remembered.clear()
        strings = doc.vocab.strings
        overwrite = bool(self.lemmatizer.overwrite)  # read per Doc, as spaCy's lemmatizer does
        lemmas = []
        for i, (orth, pos, morph, lemma) in enumerate(doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()):
            if lemma and not overwrite:
                lemmas.append(lemma)
                continue
            key = (orth, pos, morph)
            found = remembered.get(key)
            if found is None:
                found = remembered[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            lemmas.append(found)
        doc.from_array([LEMMA], numpy.array(lemmas, dtype=numpy.uint64).reshape(-1, 1))
        return doc


def remember_lemmas(lemmatizer) -> RememberedLemmatizer | None:
    """spaCy ``Lemmatizer`` ``lemmatizer`` remembering its lemmas, or ``None`` for a mode that may not."""
    if getattr(lemmatizer, "mode", None) not in _MODES or not callable(getattr(lemmatizer, "lemmatize", None)):
        return None
    return RememberedLemmatizer(lemmatizer)
