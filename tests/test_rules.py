"""The rule inventory: every rule's examples and counter-examples, on frozen parses and on the live model.

Frozen parses (``tests/data/rule_parses.spacy``, made by ``tests/make_rule_parses.py``)
tell a rule bug from a model change: these tests need no trained pipeline. A
small table then runs the live model end to end as a smoke test.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc, DocBin

from kg.extract.rules import iter_propositions, rules
from kg.model import Document
from kg.pipeline import extract_document

PARSES = Path(__file__).parent / "data" / "rule_parses.spacy"
REGENERATE = "run: python tests/make_rule_parses.py"


@lru_cache(maxsize=1)
def frozen() -> dict[str, Doc]:
    """The frozen parses by sentence text."""
    vocab = spacy.blank("en").vocab
    docs = DocBin().from_bytes(PARSES.read_bytes()).get_docs(vocab)
    return {doc.text: doc for doc in docs}


def statements_of(doc: Doc) -> list[tuple]:
    """(subject label, predicate, object label, negated, modality, rule) of every statement of ``doc``."""
    entities, statements, _ = extract_document(doc, Document("example.txt", doc.text))
    labels = {e.id: e.label for e in entities}
    return [
        (labels.get(s.subject, s.subject), s.predicate.label, labels.get(s.object, s.object), s.negated, s.modality, s.rule)
        for s in statements
    ]


def _cases(kind: str):
    for registered in rules():
        for example in getattr(registered, kind):
            yield pytest.param(registered, example, id=f"{registered.name}: {example.sentence[:50]}")


def test_rules_every_rule_has_examples_and_counter_examples():
    for registered in rules():
        assert registered.examples and registered.counter, registered.name
        assert any(example.statements for example in registered.examples), registered.name
        assert 0 < registered.confidence <= 1 and registered.construction, registered.name


def test_rules_names_are_unique_and_families_are_modules():
    names = [r.name for r in rules()]
    assert len(names) == len(set(names))
    assert {r.family for r in rules()} == {"clausal", "nominal", "roles", "places", "speech"}


def test_rules_frozen_parses_hold_every_example():
    missing = [e.sentence for r in rules() for e in (*r.examples, *r.counter) if e.sentence not in frozen()]
    assert not missing, f"examples without a frozen parse ({REGENERATE}): {missing}"


@pytest.mark.parametrize(("registered", "example"), list(_cases("examples")))
def test_rules_example_on_frozen_parse(registered, example):
    doc = frozen().get(example.sentence)
    assert doc is not None, REGENERATE
    found = statements_of(doc)
    for want in example.expectations:
        assert any(
            (s, p, o, neg) == (want.subject, want.predicate, want.object, want.negated)
            and (want.modality is None or mod == want.modality)
            and rule == registered.name
            for s, p, o, neg, mod, rule in found
        ), f"{registered.name} should read {want} from {example.sentence!r}; got {found}"


@pytest.mark.parametrize(("registered", "example"), list(_cases("counter")))
def test_rules_counter_example_on_frozen_parse(registered, example):
    doc = frozen().get(example.sentence)
    assert doc is not None, REGENERATE
    mine = [f for f in statements_of(doc) if f[5] == registered.name]
    if not example.expectations:
        assert not mine, f"{registered.name} must not fire on {example.sentence!r}; made {mine}"
    for unwanted in example.expectations:
        assert not any((s, p, o) == (unwanted.subject, unwanted.predicate, unwanted.object) for s, p, o, *_ in mine), (
            f"{registered.name} must not read {unwanted} from {example.sentence!r}"
        )


def test_rules_propositions_on_a_hand_built_parse():
    """The rules read labels, not a model: a hand-made parse of "Spain joined NATO" gives one proposition."""
    doc = Doc(
        spacy.blank("en").vocab,
        words=["Spain", "joined", "NATO", "."],
        heads=[1, 1, 1, 1],
        deps=["nsubj", "ROOT", "dobj", "punct"],
        pos=["PROPN", "VERB", "PROPN", "PUNCT"],
        lemmas=["Spain", "join", "NATO", "."],
        sent_starts=[True, False, False, False],
    )
    props = list(iter_propositions(doc, {}, {}))
    assert [(doc[p.subject].text, p.predicate, doc[p.object].text, p.negated, p.rule) for p in props] == [
        ("Spain", "join", "NATO", False, "verb-object")
    ]


def test_rules_hand_built_negation_and_particle():
    doc = Doc(
        spacy.blank("en").vocab,
        words=["Spain", "did", "not", "call", "off", "talks", "."],
        heads=[3, 3, 3, 3, 3, 3, 3],
        deps=["nsubj", "aux", "neg", "ROOT", "prt", "dobj", "punct"],
        pos=["PROPN", "AUX", "PART", "VERB", "ADP", "NOUN", "PUNCT"],
        lemmas=["Spain", "do", "not", "call", "off", "talk", "."],
        sent_starts=[True] + [False] * 6,
    )
    (prop,) = [p for p in iter_propositions(doc, {}, {}) if p.rule == "verb-object"]
    assert prop.predicate == "call off" and prop.negated


def test_rules_dates_and_names_coordinated_with_them_are_no_arguments():
    """"Brown's review in December and Blair ...": a misparse coordinating a name with a date gives no relation."""
    words = ["Brown", "'s", "review", "in", "December", "and", "Blair"]
    doc = Doc(
        spacy.blank("en").vocab,
        words=words,
        heads=[2, 0, 2, 2, 3, 4, 4],
        deps=["poss", "case", "ROOT", "prep", "pobj", "cc", "conj"],
        pos=["PROPN", "PART", "NOUN", "ADP", "PROPN", "CCONJ", "PROPN"],
        lemmas=words,
        ents=["B-PERSON", "O", "O", "O", "B-DATE", "O", "B-PERSON"],
        sent_starts=[True] + [False] * 6,
    )
    assert [(doc[p.subject].text, p.predicate, doc[p.object].text) for p in iter_propositions(doc, {}, {})] == []


# Live smoke test: one row per construction, read through the whole pipeline with the
# installed model (subject, predicate, object as resolved, negated, modality).
LIVE = [
    ("Apple acquired Beats Electronics in 2014.", "Apple", "acquire", "Beats Electronics", False, None),
    ("Japan withdrew from the International Whaling Commission.", "Japan", "withdraw from", "International Whaling Commission", False, None),
    ("Sweden did not join NATO in 1995.", "Sweden", "join", "NATO", True, None),
    ("Italy may leave the European Union.", "Italy", "leave", "European Union", False, "may"),
    ("Greece is a member of NATO.", "Greece", "be member of", "NATO", False, None),
    ("Chile and Peru continued a dispute with Bolivia.", "Peru", "continue dispute with", "Bolivia", False, None),
    ("Nigeria has been unable to reach an agreement with Ghana.", "Nigeria", "reach agreement with", "Ghana", True, None),
    ("Norway refused to recognise Kosovo.", "Norway", "recognise", "Kosovo", True, None),
    ("Kenya's decision to buy Boeing jets angered Uganda.", "Kenya", "buy", "Boeing jets", False, None),
    ("Poland has long been angered by Belarus.", "Belarus", "anger", "Poland", False, None),
    ("Berlin has demanded that Warsaw halt the project.", "Germany", "demand", "Poland", False, None),
    ("Ukrainian forces shot down a Belarusian warplane near the border.", "Ukraine", "shoot down", "Belarus", False, None),
    ("Vietnam has been backing Laos.", "Vietnam", "back", "Laos", False, None),
    ("Emmanuel Macron's trip to Beijing ended.", "Emmanuel Macron", "trip to", "Beijing", False, None),
    ("Chile bought jets from Saab, which sold jets to Brazil.", "Saab", "sell to", "Brazil", False, None),
    ("Denmark plans to buy F-35 jets from Lockheed Martin.", "Denmark", "buy", "F-35", False, "plan to"),
    ("Joe Biden met with President of France Emmanuel Macron.", "Joe Biden", "meet with", "Emmanuel Macron", False, None),
    ("Canadian Prime Minister Justin Trudeau spoke.", "Justin Trudeau", "prime minister of", "Canada", False, None),
    ("U.S. Vice President Kamala Harris spoke.", "Kamala Harris", "vice president of", "United States", False, None),
    ("Angela Merkel, Germany's chancellor, visited Paris.", "Angela Merkel", "chancellor of", "Germany", False, None),
    ("News Corp is seeking to buy out minority investors in Hulu.", "News Corp", "buy out", "minority investors", False, "seek to"),
    ("Eighteen former Tesco directors have agreed a $10m settlement deal.", "former Tesco directors", "agree", "settlement deal", False, None),
]


@pytest.mark.parametrize(("sentence", "subject", "predicate", "obj", "negated", "modality"), LIVE)
def test_rules_live_model_smoke(extract, sentence, subject, predicate, obj, negated, modality):
    found = extract(sentence)
    assert (subject, predicate, obj, negated, modality) in found, found
