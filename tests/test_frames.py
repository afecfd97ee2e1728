"""``KnowledgeGraph.to_pandas()``: entities and statements as DataFrames (kg.graph.frames)."""

from __future__ import annotations

import sys
from dataclasses import replace

import pytest

from kg.errors import KGError
from kg.graph.frames import ENTITY_FRAME_COLUMNS, STATEMENT_FRAME_COLUMNS
from kg.model import KnowledgeGraph, UNKNOWN_TYPE



def test_frames_one_row_per_entity_and_statement_with_the_documented_columns(small_kg):
    entities, statements = small_kg.to_pandas()
    assert list(entities.columns) == list(ENTITY_FRAME_COLUMNS)
    assert list(statements.columns) == list(STATEMENT_FRAME_COLUMNS)
    assert len(entities) == len(small_kg.entities) and len(statements) == len(small_kg.statements)
    assert list(entities["id"]) == sorted(e.id for e in small_kg.entities)
    assert set(statements["id"]) == {s.id for s in small_kg.statements}
    assert str(statements["negated"].dtype) == "bool" and str(statements["confidence"].dtype) == "float64"
    assert str(entities["mentions"].dtype) == "int64"


def test_frames_hold_the_records_values(small_kg):
    entities, statements = small_kg.to_pandas()
    norway = entities.set_index("id").loc["country/norway"]
    assert norway["label"] == "Norway" and norway["aliases"] == ["Norway", "Noregur"]
    assert norway["mentions"] == 2 and norway["documents"] == ["rbs70-deal.txt"]
    row = statements.set_index("id").loc[next(s.id for s in small_kg.statements if s.negated)]
    assert row["subject_label"] == "Norway" and row["predicate"] == "withdraw from" and row["object_label"] == "NATO"
    assert bool(row["negated"]) is True
    # pandas questions users ask: who did what, how often, how sure
    asserted = statements[~statements["negated"] & statements["modality"].isna()]
    assert set(asserted["predicate"]) == {"buy", "test", "criticise"}
    assert statements.groupby("subject_label").size()["Norway"] == 3
    joined = statements.merge(entities, left_on="object", right_on="id", suffixes=("", "_entity"))
    assert len(joined) == len(statements)


def test_frames_name_an_id_without_entity_by_the_id(small_kg):
    graph = replace(small_kg, entities=small_kg.entities[1:])  # Norway's entity gone, its statements kept
    _, statements = graph.to_pandas()
    rows = statements[statements["subject"] == "country/norway"]
    assert len(rows) == 3 and set(rows["subject_label"]) == {"country/norway"} and set(rows["subject_type"]) == {UNKNOWN_TYPE}


def test_frames_of_an_empty_graph_have_the_columns_and_types():
    entities, statements = KnowledgeGraph().to_pandas()
    assert len(entities) == 0 and list(entities.columns) == list(ENTITY_FRAME_COLUMNS)
    assert len(statements) == 0 and str(statements["confidence"].dtype) == "float64"


def test_frames_without_pandas_is_one_clear_error(small_kg, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    with pytest.raises(KGError, match=r"pip install 'kg\[pandas\]'"):
        small_kg.to_pandas()
