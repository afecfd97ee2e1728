"""Open extraction: one row per construction, (arg1, relation, args) as CaRB reads them."""

import subprocess
import sys

import pytest

from kg.api import open_extract

CONSTRUCTIONS = [
    # transitive clause; prepositional phrases become extra arguments
    ("Tom Bradley joined the railway company in 1941.", ("Tom Bradley", "joined", ["the railway company", "in 1941"])),
    # prepositional object folded into the relation
    ("He taught at the University of Connecticut until 1985.", ("He", "taught at", ["the University of Connecticut", "until 1985"])),
    # copular clause with a predicate nominal
    ("Celeski is an Australian footballer.", ("Celeski", "is", ["an Australian footballer"])),
    # negated predicate adjective with its preposition
    ("The missiles are not compatible with NATO systems.", ("The missiles", "are not compatible with", ["NATO systems"])),
    # complement clause
    (
        "This finding indicated that organic compounds could carry current.",
        ("This finding", "indicated that", ["organic compounds could carry current"]),
    ),
    # the inner clause of a complement is read too, with its modal
    ("This finding indicated that organic compounds could carry current.", ("organic compounds", "could carry", ["current"])),
    # controlled infinitive read with its controller
    ("Chile wants to remain a partner in the alliance.", ("Chile", "wants to remain", ["a partner", "in the alliance"])),
    # passive with agent, coordinated agents distributed
    ("The treaty was signed by Chile and Peru.", ("The treaty", "was signed by", ["Peru"])),
    # relative clause: the antecedent is the subject, the clause is cut from it
    ("Police found an opening that led to a coal mine.", ("an opening", "led to", ["a coal mine"])),
    # appositive
    ("Celeski, a midfielder, joined the club.", ("Celeski", "is", ["a midfielder"])),
    # participle on a noun, passive
    ("Police seized missiles made in France.", ("missiles", "made in", ["France"])),
    # possessive: the possessor has it
    ("The RSNO's base is in Glasgow.", ("The RSNO", "has", ["base"])),
    # title before a name
    ("President Obama visited Kenya.", ("Obama", "is", ["President"])),
]


@pytest.fixture(scope="module")
def tuples_of(nlp):
    def run(sentence):
        ((_, tuples),) = list(open_extract([sentence]))
        return [(arg1, relation, args) for _, relation, arg1, args in tuples]

    return run


@pytest.mark.parametrize(("sentence", "expected"), CONSTRUCTIONS)
def test_openie_constructions(tuples_of, sentence, expected):
    assert expected in tuples_of(sentence)


def test_openie_controller_and_infinitive_give_one_tuple(tuples_of):
    found = tuples_of("Chile wants to remain a partner in the alliance.")
    assert [t for t in found if "remain" in t[1]] == [("Chile", "wants to remain", ["a partner", "in the alliance"])]


def test_openie_confidences_order_the_tuples():
    ((_, tuples),) = list(open_extract(["Celeski, a midfielder, joined the club."]))
    confidences = [c for c, *_ in tuples]
    assert confidences == sorted(confidences, reverse=True) and all(0 < c <= 1 for c in confidences)


def test_openie_cli_prints_carb_format(tmp_path):
    source = tmp_path / "sentences.txt"
    source.write_text("Tom Bradley joined the railway company in 1941 .\nCeleski is a footballer .\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "kg.cli", "openie", str(source)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert rows and all(len(row) >= 5 for row in rows)
    assert {row[0] for row in rows} == {"Tom Bradley joined the railway company in 1941 .", "Celeski is a footballer ."}
    assert all(0 < float(row[1]) <= 1 for row in rows)


def _open_of(nlp, text):
    from kg.extract.openie import iter_open_propositions, render
    from kg.model import Document
    from kg.pipeline import analyse_document

    doc = nlp(text)
    analysis = analyse_document(doc, Document("t.txt", text))
    found = list(iter_open_propositions(doc, analysis.propositions))
    return analysis, [(o.rule, o.confidence, *render(doc, o)) for o in found]


def test_openie_renders_the_rule_candidates(nlp):
    # the tuples come from the graph's rules, named by them, not from a second reading
    analysis, found = _open_of(nlp, "India held talks with Iran.")
    assert {p.rule for p in analysis.propositions} >= {"verb-object", "light-verb"}
    assert ("verb-object", 0.9, "India", "held", ["talks with Iran"]) in found
    # the light verb's tuple is already held by the verb-object one
    assert not [f for f in found if f[0] == "light-verb"]


def test_openie_implied_relations_keep_a_low_confidence(nlp):
    _, found = _open_of(nlp, "Apple's offer for Yahoo was rejected.")
    offers = [f for f in found if f[3] == "offer for"]
    assert offers and offers[0][2:] == ("Apple", "offer for", ["Yahoo"]) and offers[0][1] <= 0.5


def test_openie_reported_speech_keeps_the_claim(nlp):
    _, found = _open_of(nlp, "It said financing would consist of cash and loans.")
    assert any(f[2:] == ("It", "said", ["financing would consist of cash and loans"]) for f in found)


def test_building_reads_only_sentences_that_can_give_a_statement(nlp):
    """Open extraction reads every sentence; building skips those with fewer than two entities
    and nothing unresolved ("Many people bought shares." names nothing), and loses no statement."""
    from kg.model import Document
    from kg.pipeline import analyse_document, extract_document

    text = "Many people bought shares. Acme bought Globex in May."
    doc = nlp(text)
    every = analyse_document(doc, Document("t.txt", text))
    building = analyse_document(doc, Document("t.txt", text), every_sentence=False)
    assert {p.sentence for p in every.propositions} == {0, 1}
    assert {p.sentence for p in building.propositions} == {1}
    _, statements, _ = extract_document(doc, Document("t.txt", text))
    assert [(s.subject, s.predicate.label, s.object) for s in statements] == [
        (building.token_entities[5], "buy", building.token_entities[7])
    ]
