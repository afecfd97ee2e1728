"""The parse snapshot (:mod:`kg.parsed`) answers as spaCy does, on frozen parses and hand-made trees."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from kg.parsed import ParsedDoc, ParsedSpan, make_span, snapshot, spacy_doc

from test_rules import frozen

COPIED = ("i", "idx", "text", "whitespace_", "lower_", "lemma_", "pos_", "tag_", "dep_", "ent_type_", "ent_iob_", "is_punct", "is_space")
TOKENS = ("children", "lefts", "rights", "subtree", "conjuncts", "ancestors")


def _disagreements(doc: Doc) -> list[str]:
    """Every place where the snapshot of ``doc`` answers otherwise than spaCy."""
    parsed = ParsedDoc(doc)
    found = []
    for token, mine in zip(doc, parsed, strict=True):
        for name in COPIED + ("is_stop", "like_num"):
            if getattr(token, name) != getattr(mine, name):
                found.append(f"{token.i} {name}")
        if bool(token.is_sent_start) != bool(mine.is_sent_start):
            found.append(f"{token.i} is_sent_start")
        for name in ("head", "left_edge", "right_edge"):
            if getattr(token, name).i != getattr(mine, name).i:
                found.append(f"{token.i} {name}")
        for name in TOKENS:
            if [t.i for t in getattr(token, name)] != [t.i for t in getattr(mine, name)]:
                found.append(f"{token.i} {name}")
    spans = [(s, ParsedSpan(parsed, s.start, s.end)) for s in doc.sents]
    spans += list(zip(doc.ents, parsed.ents, strict=True))
    spans += [(doc[a:b], parsed[a:b]) for a in range(len(doc)) for b in range(a + 1, min(len(doc), a + 6) + 1)]
    for theirs, mine in spans:
        if (theirs.start, theirs.end, theirs.text, theirs.root.i, theirs.start_char, theirs.end_char) != (
            mine.start, mine.end, mine.text, mine.root.i, mine.start_char, mine.end_char
        ):
            found.append(f"span {theirs.start}:{theirs.end}")
    if [(s.start, s.end) for s in doc.sents] != [(s.start, s.end) for s in parsed.sents]:
        found.append("sentences")
    if [(e.start, e.end, e.label_) for e in doc.ents] != [(e.start, e.end, e.label_) for e in parsed.ents]:
        found.append("entities")
    return found


def test_the_snapshot_of_every_frozen_parse_answers_as_spacy():
    docs = list(frozen().values())
    assert len(docs) > 50
    for doc in docs:
        assert _disagreements(doc) == [], doc.text


def _tree(words, heads, deps, spaces=None) -> Doc:
    return Doc(spacy.blank("en").vocab, words=words, spaces=spaces, heads=heads, deps=deps)


def test_a_span_root_passes_over_a_bare_mark_as_spacy_does():
    # "said ." then "It was": the full stop is nearer the root than "It", yet spaCy prefers "It"
    doc = _tree(["Officials", "said", ".", "It", "rained"], [1, 1, 1, 4, 4], ["nsubj", "ROOT", "punct", "nsubj", "ROOT"])
    parsed = ParsedDoc(doc)
    assert doc[2:4].root.i == parsed[2:4].root.i == 3
    assert _disagreements(doc) == []


def test_a_non_projective_tree_keeps_spacys_subtree_order_and_edges():
    # "A man came in who was tall": the relative clause hangs on "man" across "came in"
    words = ["A", "man", "came", "in", "who", "was", "tall"]
    doc = _tree(words, [1, 2, 2, 2, 5, 1, 5], ["det", "nsubj", "ROOT", "prt", "nsubj", "relcl", "acomp"])
    assert [t.i for t in doc[1].subtree] == [0, 1, 4, 5, 6]
    assert _disagreements(doc) == []


def test_conjuncts_are_read_from_the_first_conjunct_as_spacy_reads_them():
    words = ["Spain", ",", "France", "and", "Italy", "agreed"]
    doc = _tree(words, [5, 0, 0, 2, 2, 5], ["nsubj", "punct", "conj", "cc", "conj", "ROOT"])
    parsed = ParsedDoc(doc)
    assert [t.text for t in parsed[2].conjuncts] == ["Spain", "Italy"]
    assert _disagreements(doc) == []


def test_tokens_are_one_object_per_position_and_the_snapshot_is_taken_once():
    doc = _tree(["Spain", "joined", "NATO"], [1, 1, 1], ["nsubj", "ROOT", "dobj"])
    parsed = snapshot(doc)
    assert parsed[0] is parsed[1].children[0] is parsed[0:2][0]
    assert parsed[0].head is parsed[1]
    assert snapshot(parsed) is parsed
    assert spacy_doc(parsed) is doc and spacy_doc(doc) is doc


def test_a_span_is_made_of_the_kind_of_its_document():
    doc = _tree(["Spain", "joined", "NATO"], [1, 1, 1], ["nsubj", "ROOT", "dobj"])
    parsed = snapshot(doc)
    mine, theirs = make_span(parsed, 2, 3, "ORG"), make_span(doc, 2, 3, "ORG")
    assert isinstance(mine, ParsedSpan) and not isinstance(theirs, ParsedSpan)
    assert (mine.text, mine.label_, mine.label) == (theirs.text, theirs.label_, theirs.label)
    assert mine == make_span(parsed, 2, 3, "ORG") and mine != make_span(parsed, 2, 3, "GPE")
    assert len({mine, make_span(parsed, 2, 3, "ORG")}) == 1
