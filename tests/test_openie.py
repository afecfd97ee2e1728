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
