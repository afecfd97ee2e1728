"""kg.ruler: the indexed attribute ruler sets exactly what spaCy's AttributeRuler sets."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from kg.nlp import DEFAULT_MODEL, use_fast_components
from kg.ruler import IndexedAttributeRuler, index_attribute_ruler

# Rules of every kind the index models, with overlaps so that the order they apply in shows.
_RULES = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
    {"patterns": [[{"TAG": "NN", "LOWER": {"IN": ["anybody", "nobody"]}}]], "attrs": {"POS": "PRON"}},
    {"patterns": [[{"LOWER": "ai"}, {"LOWER": {"REGEX": "^n'?t$"}}]], "attrs": {"LEMMA": "be"}},
    {"patterns": [[{"LOWER": "ai"}, {"LOWER": {"REGEX": "^n'?t$"}}]], "attrs": {"LEMMA": "not"}, "index": -1},
    {"patterns": [[{"DEP": {"IN": ["aux"]}, "TAG": {"NOT_IN": ["TO", ""]}}]], "attrs": {"POS": "AUX"}},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP", "POS": "SPACE"}},
    {"patterns": [[{"TEXT": "Nobody"}]], "attrs": {"MORPH": "PronType=Neg"}},  # later rule wins on MORPH
    {"patterns": [[{"lower": {"REGEX": "^y'?$"}}, {"LOWER": "all"}]], "attrs": {"LEMMA": "you"}},
]

_WORDS = ["Nobody", "ai", "n't", "got", "y'", "all", "to", "go", "\n", "nobody", "will", "ai", "nt"]
_TAGS = ["NN", "VBP", "RB", "VBD", "PRP", "DT", "TO", "VB", "_SP", "NN", "MD", "VBP", "RB"]
_DEPS = ["nsubj", "aux", "neg", "ROOT", "nsubj", "det", "aux", "xcomp", "dep", "nsubj", "aux", "aux", "neg"]


def _doc(vocab) -> Doc:
    return Doc(vocab, words=_WORDS, tags=_TAGS, deps=_DEPS, heads=[3] * len(_WORDS))


def _annotations(doc: Doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_) for t in doc]


def _ruler(rules):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(rules)
    return nlp, ruler


def test_ruler_sets_what_spacy_sets_in_the_same_order():
    nlp, ruler = _ruler(_RULES)
    indexed = index_attribute_ruler(ruler)
    assert isinstance(indexed, IndexedAttributeRuler)
    expected = _annotations(ruler(_doc(nlp.vocab)))
    got = _annotations(indexed(_doc(nlp.vocab)))
    assert got == expected
    # the rules did fire: the comparison is not between two untouched docs
    by_text = dict(zip(_WORDS, got, strict=True))
    assert by_text["Nobody"][2:4] == ("PRON", "PronType=Neg")
    assert got[2][4] == "not" and got[1][4] == "be" and got[4][4] == "you"
    assert got[10][2] == "AUX" and got[6][2] != "AUX"  # NOT_IN keeps "to" out
    assert got[8][2] == "SPACE"


@pytest.mark.parametrize(
    "pattern",
    [
        [{"LOWER": "a", "OP": "+"}],  # operators change the pattern's length
        [{"MORPH": {"IS_SUPERSET": ["Number=Sing"]}}],
        [{"LOWER": {"FUZZY": "colour"}}],
        [{"_": {"flag": True}}],
        [{"LENGTH": {">=": 3}}],
    ],
)
def test_ruler_leaves_what_it_does_not_model_to_spacy(pattern):
    nlp, ruler = _ruler([{"patterns": [pattern], "attrs": {"POS": "X"}}])
    assert index_attribute_ruler(ruler) is None
    assert use_fast_components(nlp) == ()
    assert nlp.get_pipe("attribute_ruler") is ruler


def test_ruler_replaces_the_component_in_place():
    nlp, ruler = _ruler(_RULES)
    names = list(nlp.pipe_names)
    assert use_fast_components(nlp) == ("attribute_ruler",)
    assert nlp.pipe_names == names
    assert use_fast_components(nlp) == ()  # already replaced
    assert _annotations(nlp.get_pipe("attribute_ruler")(_doc(nlp.vocab)))[0][2] == "PRON"


def test_ruler_on_an_empty_doc_and_without_rules():
    nlp, ruler = _ruler(_RULES)
    indexed = index_attribute_ruler(ruler)
    assert len(indexed(Doc(nlp.vocab, words=[]))) == 0
    empty = index_attribute_ruler(_ruler([])[1])
    assert _annotations(empty(_doc(nlp.vocab))) == _annotations(_doc(nlp.vocab))


_SENTENCES = [
    "Nobody ain't going to tell y'all what its owners said, and nothin' was done.",
    "The firm's chief executive, who wasn't there, didn't say whether anybody could've stopped it.",
    "Shares rose 5% to $3.20 in London.\n\nThey'd fallen   sharply on Monday; it's been a bad year.",
]


def test_ruler_matches_the_trained_pipeline_rules(nlp):
    """The default pipeline's own ruler (about 180 rules, REGEX and NOT_IN among them), indexed."""
    assert nlp.get_pipe("attribute_ruler") is not None and "attribute_ruler" not in [
        name for name, component in nlp.pipeline if type(component).__name__ == "AttributeRuler"
    ]  # kg's pipeline uses the index
    reference = spacy.load(DEFAULT_MODEL)
    ruler = reference.get_pipe("attribute_ruler")
    indexed = index_attribute_ruler(ruler)
    assert indexed is not None
    before = reference.pipe_names[: reference.pipe_names.index("attribute_ruler")]
    for text in _SENTENCES:
        parsed = reference(text, disable=[n for n in reference.pipe_names if n not in before])
        expected = _annotations(ruler(parsed.copy()))
        assert _annotations(indexed(parsed.copy())) == expected
        assert expected != _annotations(parsed)
