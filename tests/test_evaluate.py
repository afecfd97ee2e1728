"""Tests for kg.evaluate: gold parsing, matching rules, each metric and malformed input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import EvalError
from kg.evaluate import (
    DuplicateNode,
    Gold,
    GoldEntity,
    GoldTriple,
    evaluate,
    format_report,
    is_junk_label,
    load_entities,
    load_gold,
    load_statements,
    predicate_matches,
)

SEED_GOLD = Path(__file__).parent / "data" / "seed_gold.jsonl"

GOLD = Gold(
    entities=(
        GoldEntity("Turkey", "Country", ("Turkey", "Ankara", "Turkish")),
        GoldEntity("Russia", "Country", ("Russia", "Russian")),
        GoldEntity("Vladimir Putin", "Person", ("Vladimir Putin", "Putin")),
        GoldEntity("Recep Tayyip Erdogan", "Person", ("Recep Tayyip Erdogan", "Erdogan")),
        GoldEntity("S-400", "Product", ("S-400",)),
        GoldEntity("Kremlin", "Place", ("Kremlin",)),
    ),
    triples=(
        GoldTriple("Turkey", ("buy", "purchase"), "S-400", line=4, required=True),
        GoldTriple("Vladimir Putin", ("meet", "met"), "Recep Tayyip Erdogan", line=2, required=True, either_direction=True),
        GoldTriple("Turkey", ("withdraw",), "S-400", line=4, negated=True),
        GoldTriple("Russia", ("call off",), "Turkey", line=9),
    ),
)


def node(label, type_="Thing", aliases=(), id_=None):
    return {"id": id_ or f"{type_.lower()}/{label.lower().replace(' ', '-')}", "label": label, "type": type_,
            "aliases": list(aliases)}


def statement(subject, predicate, object_, negated=False):
    return {
        "id": f"s-{subject['label']}-{predicate}-{object_['label']}",
        "subject": subject,
        "predicate": {"id": predicate.replace(" ", "-"), "label": predicate},
        "object": object_,
        "negated": negated,
        "modality": None,
        "attributed_to": None,
        "confidence": 1.0,
        "document": "doc.txt",
        "sentence": "",
        "start": 0,
        "end": 0,
    }


TURKEY = node("Turkey", "Country", ["Turkey", "Ankara"])
RUSSIA = node("Russia", "Country")
PUTIN = node("Vladimir Putin", "Person", ["Putin"])
ERDOGAN = node("Erdogan", "Person")
S400 = node("S-400", "Product")


@pytest.mark.parametrize(
    ("gold_phrase", "label", "expected"),
    [
        ("call off", "call off", True),
        ("meet", "meet with", True),
        ("meet", "meet", True),
        ("buy", "buyout", False),  # whole words only
        ("buy", "buy back", True),
        ("relations", "have relation with", True),  # simple lemma form
        ("sanctions", "sanction", True),
        ("supply", "supplied", True),
        ("warn", "warned", True),
        ("shoot down", "shoot down", True),
        ("shoot down", "shoot", False),  # every word of the phrase is needed
        ("vice-president", "vice president", True),
        ("secretary of state", "secretary", False),
        ("of", "part of", True),
        ("met", "meet", False),  # irregular forms are the gold's business: it lists both
        ("", "meet", False),
    ],
)
def test_evaluate_predicate_matches(gold_phrase, label, expected):
    assert predicate_matches(gold_phrase, label) is expected


def test_evaluate_perfect_build():
    statements = [
        statement(TURKEY, "buy", S400),
        statement(PUTIN, "meet with", ERDOGAN),
        statement(TURKEY, "withdraw from", S400, negated=True),
        statement(RUSSIA, "call off", TURKEY),
    ]
    report = evaluate(GOLD, statements)
    assert (report.matched, report.triples, report.recall) == (4, 4, 1.0)
    assert (report.required_matched, report.required, report.required_recall) == (2, 2, 1.0)
    assert report.pair_precision == 1.0
    assert report.misses == ()


def test_evaluate_either_direction_accepts_swap_only_when_marked():
    swapped_meeting = statement(ERDOGAN, "meet", PUTIN)  # gold marks the meeting either_direction
    swapped_purchase = statement(S400, "buy", TURKEY)  # gold purchase has a direction
    report = evaluate(GOLD, [swapped_meeting, swapped_purchase])
    assert report.matched == 1
    assert GOLD.triples[1] not in report.misses
    assert GOLD.triples[0] in report.misses
    assert (report.pair_correct, report.pair_statements) == (1, 2)


def test_evaluate_negation_must_agree():
    report = evaluate(GOLD, [statement(TURKEY, "withdraw", S400, negated=False), statement(TURKEY, "buy", S400, negated=True)])
    assert report.matched == 0
    assert report.pair_precision == 0.0


def test_evaluate_whole_word_predicate():
    report = evaluate(GOLD, [statement(TURKEY, "buyout", S400)])
    assert report.matched == 0


def test_evaluate_required_recall_and_misses():
    report = evaluate(GOLD, [statement(RUSSIA, "call off", TURKEY)])
    assert (report.matched, report.recall) == (1, 0.25)
    assert (report.required_matched, report.required_recall) == (0, 0.0)
    assert [t.subject for t in report.misses] == ["Turkey", "Vladimir Putin", "Turkey"]
    assert {t.required for t in report.misses} == {True, False}


def test_evaluate_entity_mapping_is_case_and_article_insensitive():
    kremlin = node("the  KREMLIN", "Organization")
    putin = node("putin", "Person")
    report = evaluate(GOLD, [statement(putin, "meet", kremlin)])
    assert "Kremlin" not in report.unmatched_entities
    assert "Vladimir Putin" not in report.unmatched_entities
    assert report.pair_statements == 1 and report.pair_correct == 0


def test_evaluate_pair_precision_ignores_statements_outside_gold():
    stranger = node("Angela Merkel", "Person")
    report = evaluate(GOLD, [statement(TURKEY, "buy", S400), statement(stranger, "visit", TURKEY)])
    assert (report.pair_correct, report.pair_statements) == (1, 1)


def test_evaluate_entity_recall_from_statement_nodes():
    report = evaluate(GOLD, [statement(TURKEY, "buy", S400)])
    assert (report.entities_matched, report.entities) == (2, 6)
    assert report.entity_recall == pytest.approx(2 / 6)
    assert set(report.unmatched_entities) == {"Russia", "Vladimir Putin", "Recep Tayyip Erdogan", "Kremlin"}


def test_evaluate_entity_recall_from_entities_file_records():
    entities = [TURKEY, S400, RUSSIA, node("Kremlin", "Place")]
    report = evaluate(GOLD, [statement(TURKEY, "buy", S400)], entities)
    assert (report.entities_matched, report.extracted_entities) == (4, 4)


def test_evaluate_entities_records_enrich_statement_nodes():
    # The statement names the node "Ankara" only; entities.jsonl knows it as Turkey.
    bare = node("Ankara", "Country", id_="country/turkey")
    full = node("Turkiye", "Country", ["Turkey"], id_="country/turkey")
    report = evaluate(GOLD, [statement(bare, "purchase", S400)], [full, S400])
    assert report.matched == 1


def test_evaluate_junk_pronoun_nodes():
    it = node("it", "Thing")
    they = node("They", "Organization")
    report = evaluate(GOLD, [statement(it, "buy", S400), statement(they, "meet", PUTIN)])
    assert report.junk_nodes == ("They", "it")
    assert report.matched == 0


@pytest.mark.parametrize(
    ("label", "junk"),
    [
        ("it", True), ("They", True), ("this", True), ("the two", True), ("", True), ("  ", True),
        ("--", True), ("2019", True), ("1,000", True), ("three million", True), ("$5", True),
        ("Turkey", False), ("F-35", False), ("A-10", False), ("the two sides", False), ("S-400", False),
        ("US", False),
    ],
)
def test_evaluate_is_junk_label(label, junk):
    assert is_junk_label(label) is junk


def test_evaluate_duplicate_nodes():
    putin_short = node("Putin", "Person", id_="person/putin")
    erdogan_full = node("Recep Tayyip Erdogan", "Person")
    report = evaluate(GOLD, [statement(PUTIN, "meet", ERDOGAN), statement(putin_short, "meet", erdogan_full)])
    assert report.duplicate_nodes == (
        DuplicateNode("Vladimir Putin", ("Putin", "Vladimir Putin")),
        DuplicateNode("Recep Tayyip Erdogan", ("Erdogan", "Recep Tayyip Erdogan")),
    )


def test_evaluate_label_match_beats_alias_match():
    # A node labelled "Ankara" with alias "Russia" is Turkey (label first), not Russia.
    odd = node("Ankara", "City", ["Russia"])
    report = evaluate(GOLD, [statement(odd, "buy", S400)])
    assert report.matched == 1


def test_evaluate_report_text_and_dict():
    report = evaluate(GOLD, [statement(TURKEY, "buy", S400), statement(node("it"), "meet", PUTIN)])
    text = format_report(report)
    assert "recall" in text and "required recall" in text and "pair precision" in text
    assert "misses (3)" in text and "'it'" in text
    data = report.to_dict()
    json.dumps(data)
    assert data["recall"] == 0.25
    assert data["counts"]["triples"] == 4
    assert data["junk_nodes"] == ["it"]
    assert data["misses"][0]["subject"] == "Vladimir Putin"


def test_evaluate_empty_build_has_no_precision():
    report = evaluate(GOLD, [])
    assert report.recall == 0.0 and report.pair_precision is None
    assert "n/a" in format_report(report)


def test_evaluate_seed_gold_loads():
    gold = load_gold(SEED_GOLD)
    assert gold.document == "000_c833cd6cb0a36849.txt"
    ids = {e.id for e in gold.entities}
    assert {"Turkey", "Russia", "United States", "S-400"} <= ids
    assert all(t.subject in ids and t.object in ids for t in gold.triples)
    assert sum(t.required for t in gold.triples) >= 10
    assert any(t.negated for t in gold.triples) and any(t.either_direction for t in gold.triples)


def write_lines(path: Path, lines) -> Path:
    path.write_text("\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n")
    return path


def test_evaluate_round_trip_through_files(tmp_path):
    gold = write_lines(tmp_path / "gold.jsonl", [
        {"kind": "meta", "document": "doc.txt"},
        {"kind": "entity", "id": "Turkey", "type": "Country", "aliases": ["Turkey"]},
        {"kind": "entity", "id": "S-400", "type": "Product", "aliases": ["S-400"]},
        {"kind": "triple", "subject": "Turkey", "predicate": ["buy"], "object": "S-400", "line": 0, "required": True},
    ])
    statements = write_lines(tmp_path / "statements.jsonl", [statement(TURKEY, "buy", S400)])
    entities = write_lines(tmp_path / "entities.jsonl", [dict(TURKEY, mentions=[]), dict(S400, mentions=[])])
    report = evaluate(load_gold(gold), load_statements(statements), load_entities(entities))
    assert report.recall == 1.0 and report.entity_recall == 1.0
    # load_statements also reads entity-shaped lines (the CLI loads entities.jsonl with it)
    assert len(load_statements(entities)) == 2


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (['{"kind": "entity", "id": "A", "aliases": ["A"]}', "{not json"], "gold.jsonl:2: invalid JSON"),
        (['{"kind": "entity", "id": "A"}'], "gold.jsonl:1: gold entity lacks key 'aliases'"),
        (['{"kind": "entity", "id": "A", "aliases": ["A"]}', '{"kind": "triple", "subject": "A", "object": "A"}'],
         "gold.jsonl:2: gold triple lacks key 'predicate'"),
        (['{"kind": "entity", "id": "A", "aliases": ["A"]}',
          '{"kind": "triple", "subject": "A", "predicate": ["x"], "object": "B"}'], "unknown entity 'B'"),
        (['{"kind": "relation"}'], "gold.jsonl:1: unknown kind 'relation'"),
        (['["a list"]'], "gold.jsonl:1: expected a JSON object"),
        (['{"kind": "entity", "id": "A", "aliases": ["A"]}',
          '{"kind": "triple", "subject": "A", "predicate": ["x"], "object": "A", "negated": "yes"}'],
         "gold.jsonl:2: 'negated' must be true or false"),
        (['{"kind": "meta"}'], "no triple lines"),
    ],
)
def test_evaluate_malformed_gold(tmp_path, lines, message):
    path = write_lines(tmp_path / "gold.jsonl", lines)
    with pytest.raises(EvalError, match=message) as caught:
        load_gold(path)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([json.dumps(statement(TURKEY, "buy", S400)), "{bad"], "statements.jsonl:2: invalid JSON"),
        (['{"subject": {"id": "a", "label": "A"}, "object": {"id": "b", "label": "B"}}'],
         "statements.jsonl:1: statement lacks key 'predicate'"),
        (['{"subject": {"id": "a"}, "predicate": {"label": "x"}, "object": {"id": "b", "label": "B"}}'],
         "statements.jsonl:1: statement subject lacks key 'label'"),
        (['{"confidence": 1.0}'], "statements.jsonl:1: statement lacks key 'id'"),
    ],
)
def test_evaluate_malformed_statements(tmp_path, lines, message):
    path = write_lines(tmp_path / "statements.jsonl", lines)
    with pytest.raises(EvalError, match=message):
        load_statements(path)


def test_evaluate_missing_files(tmp_path):
    with pytest.raises(EvalError, match="gold file not found"):
        load_gold(tmp_path / "nope.jsonl")
    with pytest.raises(EvalError, match="statements file not found"):
        load_statements(tmp_path / "nope.jsonl")
    with pytest.raises(EvalError, match="is a folder"):
        load_statements(tmp_path)


def test_evaluate_rejects_malformed_records_in_memory():
    with pytest.raises(EvalError, match="statement record 1: statement lacks key 'object'"):
        evaluate(GOLD, [{"subject": TURKEY, "predicate": {"label": "buy"}}])
    with pytest.raises(EvalError, match="entity record 1"):
        evaluate(GOLD, [], [{"label": "Turkey"}])
