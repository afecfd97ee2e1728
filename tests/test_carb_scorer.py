"""Tests for benchmarks/carb.py, our implementation of CaRB's matching, on hand-made propositions.

The script is not part of the ``kg`` package, so it is imported by path. Nothing
here reads the CaRB data in ../shared.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "carb.py"


def _load_script():
    spec = importlib.util.spec_from_file_location("carb_benchmark", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


carb = _load_script()
P = carb.Proposition

SENTENCE = "Barack Obama was born in Hawaii in 1961 ."
OBAMA = P("was born in", ("Barack Obama", "Hawaii", "in 1961"))


def _score(gold: list, system: list):
    """Score propositions of one sentence."""
    return carb.score({"s": gold}, {"s": system} if system else {})


@pytest.mark.parametrize(
    ("system", "expected"),
    [
        # identical
        (P("was born in", ("Barack Obama", "Hawaii", "in 1961")), (1.0, 1.0)),
        # extra arguments are joined into one, so splitting them differently changes nothing
        (P("was born in", ("Barack Obama", "Hawaii in 1961")), (1.0, 1.0)),
        # case, punctuation and stop words do not count
        (P("Born", ("barack obama ,", "HAWAII , 1961")), (1.0, 1.0)),
        # partial: covers born, obama, hawaii of born, barack, obama, hawaii, 1961
        (P("born in", ("Obama", "Hawaii")), (1.0, 0.6)),
        # partial both ways: "honolulu" is not in the reference, "barack" not in the system's
        (P("was born in", ("Obama", "Honolulu Hawaii", "1961")), (0.8, 0.8)),
        # the relation shares no word: no match at all
        (P("visited", ("Barack Obama", "Hawaii in 1961")), (0.0, 0.0)),
        # the first argument shares no word
        (P("was born in", ("Michelle", "Hawaii in 1961")), (0.0, 0.0)),
        # the rest shares no word, or is missing
        (P("was born in", ("Barack Obama", "Chicago")), (0.0, 0.0)),
        (P("was born in", ("Barack Obama",)), (0.0, 0.0)),
    ],
)
def test_carb_match_proposition_credit(system, expected):
    match = carb.match_proposition(OBAMA, system)
    assert match == pytest.approx(expected)


def test_carb_match_stop_word_relation_compared_on_all_words():
    # "is" is a stop word; with nothing else in the relation it is compared as is.
    reference = P("is", ("Bush", "President"))
    assert carb.match_proposition(reference, P("is", ("Bush", "President"))) == (1.0, 1.0)
    assert carb.match_proposition(reference, P("was", ("Bush", "President"))) == (0.0, 0.0)


def test_carb_match_reference_without_second_argument():
    reference = P("exists", ("a hidden level",))
    assert carb.match_proposition(reference, P("exists", ("a hidden level",))) == (1.0, 1.0)
    # words the system adds where the reference has nothing cost precision only
    assert carb.match_proposition(reference, P("exists", ("hidden level", "in the game"))) == pytest.approx(
        (0.75, 1.0)
    )


def test_carb_match_reporting_verb_accepts_swapped_arguments():
    reference = P("said", ("Borge", "Sweden may deliver missiles"))
    swapped = P("said", ("Sweden may deliver missiles", "Borge"))
    assert carb.match_proposition(reference, swapped) == (1.0, 1.0)


def test_carb_match_other_verbs_keep_argument_order():
    reference = P("bought", ("Norway", "missiles from Sweden"))
    swapped = P("bought", ("missiles from Sweden", "Norway"))
    assert carb.match_proposition(reference, swapped) == (0.0, 0.0)


def test_carb_score_exact_matches():
    gold = [OBAMA, P("is", ("Obama", "a lawyer"))]
    result = _score(gold, [P(g.relation, g.arguments, 0.7) for g in gold])
    assert (result.precision, result.recall, result.f1, result.auc) == (1.0, 1.0, 1.0, 1.0)
    assert (result.gold_tuples, result.system_tuples, result.sentences_with_output) == (2, 2, 1)


def test_carb_score_partial_overlap():
    result = _score([OBAMA], [P("born in", ("Obama", "Hawaii"))])
    assert (result.precision, result.recall) == pytest.approx((1.0, 0.6))
    assert result.f1 == pytest.approx(0.75)


def test_carb_score_no_output_scores_zero():
    result = _score([OBAMA], [])
    assert (result.precision, result.recall, result.f1, result.auc) == (0.0, 0.0, 0.0, 0.0)
    assert result.threshold is None


def test_carb_score_recall_lets_one_proposition_serve_several_references():
    gold = [P("was born in", ("Obama", "Hawaii")), P("was born in", ("Obama", "Hawaii in 1961"))]
    result = _score(gold, [P("was born in", ("Obama", "Hawaii in 1961"))])
    # recall: 1.0 and 1.0; precision: 1.0 for the single proposition
    assert (result.precision, result.recall) == pytest.approx((1.0, 1.0))


def test_carb_score_precision_pairs_one_to_one():
    repeated = P("was born in", ("Barack Obama", "Hawaii in 1961"))
    result = _score([OBAMA], [repeated, repeated])
    # the second copy finds no reference left to pair with
    assert (result.precision, result.recall) == pytest.approx((0.5, 1.0))


def test_carb_score_best_threshold_and_auc():
    gold = [OBAMA]
    system = [P("visited", ("Michelle", "Chicago"), 0.9), P("was born in", ("Barack Obama", "Hawaii in 1961"), 0.5)]
    result = _score(gold, system)
    # threshold 0.5: both kept, P=0.5 R=1; threshold 0.9: only the wrong one, P=0 R=0
    assert [point[1:] for point in result.curve] == [(0.5, 1.0), (0.0, 0.0)]
    assert result.threshold == 0.5
    assert (result.precision, result.recall, result.f1) == pytest.approx((0.5, 1.0, 2 / 3))
    # trapezoids over (R=1, P=0.5) -> (R=0, P=0) -> (R=0, P=1)
    assert result.auc == pytest.approx(0.25)


def test_carb_score_higher_threshold_can_win():
    gold = [OBAMA]
    system = [P("was born in", ("Barack Obama", "Hawaii in 1961"), 0.9), P("visited", ("Michelle", "Chicago"), 0.2)]
    result = _score(gold, system)
    assert result.threshold == 0.9
    assert (result.precision, result.recall, result.f1) == pytest.approx((1.0, 1.0, 1.0))
    # (R=1, P=0.5) at 0.2, (R=1, P=1) at 0.9, closed at (R=0, P=1)
    assert result.auc == pytest.approx(1.0)


def test_carb_score_thresholds_span_sentences():
    gold = {"a": [P("bought", ("Norway", "missiles"))], "b": [P("sold", ("Sweden", "missiles"))]}
    system = {"a": [P("bought", ("Norway", "missiles"), 0.8)], "b": [P("sold", ("Sweden", "missiles"), 0.3)]}
    result = carb.score(gold, system)
    # threshold 0.3 keeps both sentences' propositions, 0.8 only sentence a's
    assert [point[1:] for point in result.curve] == [(1.0, 1.0), (1.0, 0.5)]
    assert result.threshold == 0.3
    assert result.auc == pytest.approx(1.0)


def test_carb_score_ignores_sentences_without_gold():
    result = carb.score({"a": [OBAMA]}, {"a": [OBAMA], "b": [OBAMA, OBAMA]})
    assert (result.precision, result.recall) == (1.0, 1.0)
    assert (result.ignored_system_sentences, result.ignored_system_tuples, result.system_tuples) == (1, 2, 3)


def test_carb_normalize_sentence_ignores_spaces_and_punctuation():
    tokenized = "Earlier this year , President Bush made a `` final '' offer -LRB- in 1989 -RRB- ."
    plain = 'Earlier this year, President Bush made a "final" offer (in 1989).'
    assert carb.normalize_sentence(tokenized) == carb.normalize_sentence(plain)
    assert carb.normalize_sentence("Bush spoke .") != carb.normalize_sentence("Bush spoke again .")


def test_carb_parse_system_groups_by_sentence_and_skips_bad_lines():
    lines = [
        f"{SENTENCE}\t0.8\twas born in\tBarack Obama\tHawaii\tin 1961",
        "Barack Obama was born in Hawaii in 1961.\t0.4\tis\tObama\tborn",
        "",
        f"{SENTENCE}\tnot-a-number\tis\tObama\tborn",  # confidence is not a number
        f"{SENTENCE}\t0.5\tis",  # no argument
        f"{SENTENCE}\t0.5\t\tObama\tborn",  # empty relation
    ]
    propositions, skipped = carb.parse_system(lines)
    assert skipped == 3
    assert list(propositions) == [carb.normalize_sentence(SENTENCE)]
    assert propositions[carb.normalize_sentence(SENTENCE)] == [
        P("was born in", ("Barack Obama", "Hawaii", "in 1961"), 0.8),
        P("is", ("Obama", "born"), 0.4),
    ]


def test_carb_parse_gold_keeps_empty_second_argument():
    propositions, skipped = carb.parse_gold([f"{SENTENCE}\twas born\tBarack Obama\t", f"{SENTENCE}\tonly"])
    assert skipped == 1
    assert propositions[carb.normalize_sentence(SENTENCE)] == [P("was born", ("Barack Obama", ""))]


@pytest.fixture
def carb_files(tmp_path):
    gold = tmp_path / "gold.tsv"
    gold.write_text(
        f"{SENTENCE}\twas born in\tBarack Obama\tHawaii\tin 1961\n{SENTENCE}\tis\tObama\tborn in Hawaii\n",
        encoding="utf-8",
    )
    system = tmp_path / "system.tsv"
    system.write_text(
        "Barack Obama was born in Hawaii in 1961.\t0.9\twas born in\tBarack Obama\tHawaii in 1961\n"
        "Barack Obama was born in Hawaii in 1961.\tbad\tis\tObama\tborn\n",
        encoding="utf-8",
    )
    return gold, system


def test_carb_cli_prints_json(carb_files):
    gold, system = carb_files
    completed = subprocess.run(
        [sys.executable, str(SCRIPT), "--gold", str(gold), "--system", str(system), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    report = json.loads(completed.stdout)
    assert report["precision"] == 1.0
    assert report["recall"] == 0.5
    assert (report["sentences"], report["gold_tuples"], report["system_tuples"]) == (1, 2, 1)
    assert report["skipped_system_lines"] == 1
    assert report["extraction_seconds"] is None
    assert "skipped 1 malformed system lines" in completed.stderr


def test_carb_cli_prints_report(carb_files, capsys):
    gold, system = carb_files
    assert carb.main(["--gold", str(gold), "--system", str(system)]) == 0
    out = capsys.readouterr().out
    for label in ("precision", "recall", "F1", "AUC", "sentences", "gold tuples", "system tuples", "time"):
        assert label in out


def test_carb_cli_missing_file_is_an_error(tmp_path, capsys):
    missing = tmp_path / "missing.tsv"
    assert carb.main(["--gold", str(missing), "--system", str(missing)]) == 1
    assert f"system output not found: {missing}" in capsys.readouterr().err
