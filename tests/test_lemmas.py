"""kg.lemmas: the remembering lemmatizer sets exactly the lemmas spaCy's sets."""

from __future__ import annotations

import spacy

from kg import lemmas
from kg.lemmas import RememberedLemmatizer, remember_lemmas
from kg.nlp import DEFAULT_MODEL

_TEXTS = [
    "The companies were buying shares; its owners' sons had bought better ones, and Apple's iPods sold.",
    "She isn't going: they'd gone, he was running and ran, the mice ate cheeses and geese flew.",
    "Nothin' could've stopped y'all.\n\nShares fell 5% to $3.20 on Monday in London's markets.",
]


def _parsed(nlp, text):
    """``text`` annotated up to, not including, the lemmatizer."""
    before = nlp.pipe_names[: nlp.pipe_names.index("lemmatizer")]
    return nlp(text, disable=[n for n in nlp.pipe_names if n not in before])


def test_lemmas_are_spacys_lemmas():
    nlp = spacy.load(DEFAULT_MODEL)
    spacy_lemmatizer = nlp.get_pipe("lemmatizer")
    remembered = remember_lemmas(spacy_lemmatizer)
    assert isinstance(remembered, RememberedLemmatizer)
    for _ in range(2):  # the second time every form is remembered
        for text in _TEXTS:
            parsed = _parsed(nlp, text)
            expected = [t.lemma_ for t in spacy_lemmatizer(parsed.copy())]
            assert [t.lemma_ for t in remembered(parsed.copy())] == expected
    assert remembered.remembered  # it did remember
    doc = remembered(_parsed(nlp, _TEXTS[1]))
    assert {"go", "run", "mouse"} <= {t.lemma_ for t in doc}


def test_lemmas_keep_a_lemma_already_set_unless_told_to_overwrite():
    nlp = spacy.load(DEFAULT_MODEL)
    parsed = _parsed(nlp, "They were running.")
    parsed[2].lemma_ = "sprint"
    kept = remember_lemmas(nlp.get_pipe("lemmatizer"))(parsed.copy())
    assert [t.lemma_ for t in kept] == ["they", "be", "sprint", "."]
    nlp.get_pipe("lemmatizer").overwrite = True
    overwritten = remember_lemmas(nlp.get_pipe("lemmatizer"))(parsed.copy())
    assert overwritten[2].lemma_ == "run"


def test_lemmas_forget_past_the_limit_and_take_empty_docs(monkeypatch):
    nlp = spacy.load(DEFAULT_MODEL)
    remembered = remember_lemmas(nlp.get_pipe("lemmatizer"))
    monkeypatch.setattr(lemmas, "MAX_REMEMBERED", 3)
    remembered(_parsed(nlp, _TEXTS[0]))
    assert len(remembered.remembered) > 3
    doc = remembered(_parsed(nlp, "They ran."))
    assert len(remembered.remembered) <= 3 + len(doc)
    assert [t.lemma_ for t in doc] == ["they", "run", "."]
    assert len(remembered(nlp.make_doc(""))) == 0


def test_lemmas_leave_other_lemmatizers_to_spacy():
    class Contextual:
        mode = "neighbours"

        def lemmatize(self, token):
            return [token.nbor().text]

    assert remember_lemmas(Contextual()) is None
    assert remember_lemmas(object()) is None
