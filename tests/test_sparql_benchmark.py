"""Tests for benchmarks/sparql_floor.py: its columns-only queries read exactly the rows of the queries they bound.

The ceiling it prints (rdflib time / Oxigraph columns-only time) is only a
ceiling if each columns-only query finds the same statements as the shipped
query, no more and no fewer; checked here on a small synthetic graph, where
every label is unique, so rows and statements correspond one to one.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.graph.namespaces import PREFIXES

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "sparql_floor.py"


def _load_script():
    spec = importlib.util.spec_from_file_location("sparql_floor", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


floor = _load_script()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """An in-memory store of 3,000 synthetic statements and the benchmark's query texts for it."""
    path = tmp_path_factory.mktemp("floor") / "graph.nq"
    _quads, samples = floor.sparql.write_nquads(floor.sparql.Shape.for_statements(3000), path)
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    return store, dict(floor.sparql.benchmark_queries(samples))


def _rows(store, sparql):
    answer = store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
    return {tuple(str(value) for value in row) for row in answer}


@pytest.mark.parametrize("name", floor.LISTING)
def test_columns_only_forms_find_the_rows_of_the_shipped_query(synthetic, name):
    store, texts = synthetic
    shipped = _rows(store, texts[name])
    forms = {form: text for form, text in floor.columns_forms().items() if form.startswith(name + " (")}
    assert forms
    for text in forms.values():
        assert len(_rows(store, text)) == len(shipped) > 0


@pytest.mark.parametrize("name", sorted(floor._COLUMNS))
def test_both_ways_of_reading_the_columns_give_the_same_rows(synthetic, name):
    store, _texts = synthetic
    forms = floor.columns_forms()
    looked_up = _rows(store, forms[name + floor.COLUMNS_SUFFIX])
    assert looked_up == _rows(store, forms[name + floor.HASHED_SUFFIX])


def test_select_forms_keeps_the_shipped_or_the_flat_form_of_each_named_query(synthetic):
    _store, texts = synthetic
    queries = list(texts.items())
    shipped = dict(floor.sparql.select_forms(queries, "shipped"))
    flat = dict(floor.sparql.select_forms(queries, "flat"))
    assert set(shipped) == set(floor.sparql.FLAT_FORMS)
    assert set(flat) == {name + floor.sparql.FLAT_SUFFIX for name in floor.sparql.FLAT_FORMS}
    assert floor.sparql.select_forms(queries, "both") == queries
    with pytest.raises(floor.sparql.BenchmarkError):
        floor.sparql.select_forms(queries, "fastest")
