"""Tests for kg.query: SPARQL over an exports folder or an RDF file."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import QueryError
from kg.graph.namespaces import PREFIXES
from kg.export import write_all
from kg.query import QUERY_FORMATS, format_result, named_queries, read_query, run_query

COUNTRIES = """
SELECT ?country ?label WHERE { ?country a schema:Country ; rdfs:label ?label } ORDER BY ?label
"""
# Statements across all document graphs, without GRAPH: the default graph is their union.
NEGATED = """
PREFIX kg: <https://kg.example.org/ontology#>
SELECT ?sentence ?confidence WHERE {
  ?s a rdf:Statement ; kg:negated true ; kg:sentence ?sentence ; kg:confidence ?confidence .
}
"""
PER_DOCUMENT = """
SELECT ?doc (COUNT(?s) AS ?n) WHERE { GRAPH ?g { ?s a rdf:Statement } ?g dcterms:identifier ?doc }
GROUP BY ?doc ORDER BY ?doc
"""
NORWAY = "https://kg.example.org/entity/country/norway"


@pytest.fixture(scope="module")
def exports(small_kg, tmp_path_factory) -> Path:
    outdir = tmp_path_factory.mktemp("exports")
    write_all(small_kg, outdir, ["graph.trig", "graph.ttl", "graph.nt", "graph.jsonld"])
    return outdir


def _values(result):
    return [tuple(None if term is None else term.value for term in row) for row in result.rows]


def test_query_folder_uses_union_of_document_graphs(exports):
    result = run_query(exports, COUNTRIES)
    assert result.kind == "select" and result.variables == ("country", "label")
    assert _values(result) == [
        (NORWAY, "Norway"),
        ("https://kg.example.org/entity/country/sweden", "Sweden"),
    ]
    negated = run_query(exports, NEGATED)
    assert _values(negated) == [("Noregur did not withdraw from NATO.", "1")]


def test_query_folder_keeps_named_graphs(exports):
    assert _values(run_query(exports, PER_DOCUMENT)) == [("rbs70-deal.txt", "3"), ("stockholm.txt", "2")]


@pytest.mark.parametrize("name", ["graph.ttl", "graph.nt", "graph.jsonld", "graph.trig"])
def test_query_single_file_by_extension(exports, name):
    assert len(run_query(exports / name, COUNTRIES).rows) == 2


@pytest.mark.parametrize("name", ["graph.ttl", "graph.nt", "graph.jsonld"])
def test_query_named_queries_answer_the_same_from_a_triples_only_file(exports, name):
    """A Turtle/N-Triples/JSON-LD export merges the documents' graphs; the named queries,
    which read those graphs, get them back from each statement's provenance."""
    values = {"entity": "Norway", "a": "Norway", "b": "NATO"}
    answered = 0
    for query in named_queries().values():
        text = query.render({key: values[key] for key, _ in query.params})
        from_quads = sorted(_values(run_query(exports / "graph.trig", text)))
        assert sorted(_values(run_query(exports / name, text))) == from_quads, query.name
        answered += bool(from_quads)
    assert answered >= 4
    # the regrouping moves statements into their graphs, so nothing is counted twice
    assert _values(run_query(exports / name, PER_DOCUMENT)) == [("rbs70-deal.txt", "3"), ("stockholm.txt", "2")]


def test_query_ask_and_construct(exports):
    ask = run_query(exports, f"ASK {{ <{NORWAY}> ?p ?o }}")
    assert ask.kind == "ask" and ask.boolean is True
    assert format_result(ask, "table") == "true"
    assert json.loads(format_result(ask, "json")) == {"head": {}, "boolean": True}
    construct = run_query(exports, "CONSTRUCT { ?e rdfs:label ?l } WHERE { ?e a schema:Person ; rdfs:label ?l }")
    assert construct.kind == "graph" and len(construct.triples) == 1
    assert '"Karin Borge"' in format_result(construct, "csv")  # Turtle whatever the format


def test_query_format_csv_tsv_json(exports):
    result = run_query(exports, NEGATED)
    rows = list(csv.reader(io.StringIO(format_result(result, "csv"))))
    assert rows == [["sentence", "confidence"], ["Noregur did not withdraw from NATO.", "1"]]
    tsv = format_result(result, "tsv").splitlines()
    assert tsv[0] == "?sentence\t?confidence"
    assert tsv[1] == '"Noregur did not withdraw from NATO."\t"1"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    document = json.loads(format_result(result, "json"))
    assert document["head"]["vars"] == ["sentence", "confidence"]
    binding = document["results"]["bindings"][0]
    assert binding["sentence"] == {"type": "literal", "value": "Noregur did not withdraw from NATO."}
    assert binding["confidence"]["datatype"] == "http://www.w3.org/2001/XMLSchema#decimal"


def test_query_format_table_is_readable(exports):
    result = run_query(exports, "SELECT ?e ?type ?missing WHERE { ?e a ?type ; rdfs:label 'Norway'@en }")
    lines = format_result(result, "table").splitlines()
    assert lines[0].split() == ["e", "type", "missing"]
    assert set(lines[1]) <= {"-", " "}
    assert lines[2].split() == [NORWAY, "schema:Country"]  # unbound → blank, prefixed IRI
    assert "^^" not in format_result(run_query(exports, NEGATED), "table")
    names = format_result(run_query(exports, COUNTRIES), "table")
    assert "@en" not in names and "Norway" in names  # names as they read
    tagged = run_query(exports, "SELECT ?l WHERE { BIND('Noreg'@nn AS ?l) }")
    assert format_result(tagged, "table").splitlines()[2] == "Noreg@nn"  # another language is said


def test_query_unknown_format_lists_valid_ones(exports):
    result = run_query(exports, COUNTRIES)
    with pytest.raises(QueryError, match="unknown format 'xml'; expected one of: table, csv, tsv, json"):
        format_result(result, "xml")
    assert set(QUERY_FORMATS) == {"table", "csv", "tsv", "json"}


@pytest.mark.parametrize("query", ["SELEC ?x WHERE { ?x ?y ?z }", "SELECT ?x WHERE { ?x nope:p ?y }"])
def test_query_bad_query_is_query_error(exports, query):
    with pytest.raises(QueryError, match="invalid SPARQL query") as raised:
        run_query(exports, query)
    assert "\n" not in str(raised.value)


def test_query_bad_sources_are_query_errors(exports, tmp_path):
    with pytest.raises(QueryError, match="not found"):
        run_query(tmp_path / "missing.ttl", COUNTRIES)
    with pytest.raises(QueryError, match="no RDF export in folder"):
        run_query(tmp_path, COUNTRIES)
    odd = tmp_path / "graph.png"
    odd.write_bytes(b"\x89PNG")
    with pytest.raises(QueryError, match=r"unknown RDF file type '.png'; expected one of: .trig"):
        run_query(odd, COUNTRIES)
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(QueryError, match="cannot parse"):
        run_query(broken, COUNTRIES)


def test_query_read_query_from_text_or_file(tmp_path):
    assert read_query("ASK { ?s ?p ?o }") == "ASK { ?s ?p ?o }"
    path = tmp_path / "countries.rq"
    path.write_text(COUNTRIES, encoding="utf-8")
    assert read_query(str(path)) == COUNTRIES
    with pytest.raises(QueryError, match="query file not found"):
        read_query(str(tmp_path / "missing.rq"))
    assert read_query("SELECT * WHERE { ?s ?p ?o }" * 200).startswith("SELECT")  # too long for a path


# --- named queries ------------------------------------------------------------------------------

from kg.query import QueryError as _QueryError  # noqa: E402
from kg.query import named_query, parse_params, sparql_string  # noqa: E402


def test_query_named_queries_are_described():
    queries = named_queries()
    assert {"who-did-what", "about", "negated", "said-by", "corroborated", "between"} <= set(queries)
    assert all(q.description for q in queries.values())
    assert dict(queries["between"].params).keys() == {"a", "b"}


def test_query_a_parameter_value_is_never_substituted_again():
    # the attack of issue 17: "$b" inside a's value once became b's text, outside any string
    between = named_query("between")
    injection = " . SERVICE <http://127.0.0.1:9/> { ?q ?w ?e } #"
    text = between.render({"a": "$b", "b": injection})
    assert sparql_string("$b") in text and sparql_string(injection) in text
    outside_strings = re.sub(r'"(?:[^"\\]|\\.)*"', '""', text)
    assert "SERVICE" not in outside_strings and "$b" not in outside_strings
    parsed = ox.Store().query(text, prefixes=PREFIXES)  # still one valid query, reading no remote endpoint
    assert list(parsed) == []


def test_query_named_query_parameters_are_escaped_and_required():
    about = named_query("about")
    text = about.render({"entity": 'Say "hi"\\n'})
    assert sparql_string('Say "hi"\\n') in text and "$entity" not in text
    with pytest.raises(_QueryError, match="needs --param entity"):
        about.render({})
    with pytest.raises(_QueryError, match="no parameter"):
        about.render({"entity": "x", "other": "y"})
    with pytest.raises(_QueryError, match="unknown query name"):
        named_query("nope")
    with pytest.raises(_QueryError, match="NAME=VALUE"):
        parse_params(["entity"])


def test_query_named_queries_agree_between_rdflib_and_oxigraph(exports):
    import rdflib

    from kg.graph.namespaces import PREFIXES

    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(exports / "graph.trig", format="trig")
    values = {"entity": "Norway", "a": "Norway", "b": "NATO"}
    for query in named_queries().values():
        text = query.render({name: values[name] for name, _ in query.params})
        ours = run_query(exports, text)
        theirs = dataset.query(text, initNs=PREFIXES)
        ox_rows = sorted(tuple("" if t is None else t.value for t in row) for row in ours.rows)
        rdflib_rows = sorted(tuple("" if t is None else str(t) for t in row) for row in theirs)
        assert ox_rows == rdflib_rows, query.name
    assert any(run_query(exports, named_query(n).render({k: values[k] for k, _ in named_query(n).params})).rows for n in ("about", "negated", "between"))
