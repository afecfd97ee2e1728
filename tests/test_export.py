"""Tests for kg.export: the writer registry, write_all and every output file."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.errors import ExportError
from kg.export import OUTPUT_NAMES, TEMP_PREFIX, WRITERS, write_all
from kg.graph.rdf import to_rdflib, to_rdflib_graph

EXPECTED_NAMES = {
    "statements.jsonl",
    "entities.jsonl",
    "graph.ttl",
    "graph.nt",
    "graph.jsonld",
    "graph.trig",
    "graph.gexf",
    "graph.graphml",
    "nodes.csv",
    "edges.csv",
    "graph.png",
    "graph.svg",
}
# Names written by the atomicity tests: everything but the (slower) pictures.
TEXT_NAMES = [name for name in OUTPUT_NAMES if not name.endswith((".png", ".svg"))]


@pytest.fixture(scope="module")
def exported(small_kg, tmp_path_factory) -> Path:
    """All export files of the small graph, written once for this module."""
    outdir = tmp_path_factory.mktemp("exports")
    write_all(small_kg, outdir)
    return outdir


def _rapper(path: Path, syntax: str) -> subprocess.CompletedProcess:
    rapper = shutil.which("rapper")
    if rapper is None:
        pytest.fail("rapper not found: install raptor2-utils (apt-get install raptor2-utils)")
    return subprocess.run(
        [rapper, "-c", "-i", syntax, path.as_uri()], capture_output=True, text=True, check=False
    )


def _oxigraph_quads(path: Path, rdf_format: ox.RdfFormat) -> list[ox.Quad]:
    return list(ox.parse(path=str(path), format=rdf_format))


# --- registry and write_all ------------------------------------------------------------------


def test_export_registry_has_exactly_the_output_files():
    assert set(WRITERS) == EXPECTED_NAMES == set(OUTPUT_NAMES)


def test_export_writes_every_file(exported):
    assert {p.name for p in exported.iterdir()} == EXPECTED_NAMES
    assert all((exported / name).stat().st_size > 0 for name in EXPECTED_NAMES)


def test_export_registry_imports_plotting_lazily(tmp_path):
    # A fresh interpreter: importing kg.export and writing JSON must not load matplotlib.
    code = (
        "import sys; from pathlib import Path; from kg.export import write_all; "
        "from kg.model import KnowledgeGraph; "
        f"write_all(KnowledgeGraph(), Path({str(tmp_path)!r}), ['statements.jsonl']); "
        "assert 'matplotlib' not in sys.modules, 'matplotlib imported'; "
        "assert 'rdflib' not in sys.modules, 'rdflib imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[1])


def test_export_write_all_returns_paths_in_order(small_kg, tmp_path):
    names = ["graph.nt", "statements.jsonl"]
    assert write_all(small_kg, tmp_path / "new" / "dir", names) == [
        tmp_path / "new" / "dir" / name for name in names
    ]


def test_export_unknown_name_is_export_error(small_kg, tmp_path):
    with pytest.raises(ExportError, match="unknown export file 'graph.xyz'; expected one of: "):
        write_all(small_kg, tmp_path, ["graph.xyz"])
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), RuntimeError("bug")])
def test_export_write_all_is_atomic(small_kg, tmp_path, monkeypatch, error):
    old = tmp_path / "statements.jsonl"
    old.write_text("old\n", encoding="utf-8")
    written: list[str] = []

    def failing(kg, path):
        written.append(path.name)
        raise error

    failing_name = "graph.gexf"  # in the middle: earlier files were already written
    monkeypatch.setitem(WRITERS, failing_name, failing)
    expected = ExportError if isinstance(error, OSError) else RuntimeError
    with pytest.raises(expected) as raised:
        write_all(small_kg, tmp_path, TEXT_NAMES)
    if expected is ExportError:
        message = str(raised.value)
        assert "\n" not in message and failing_name in message and "No space left" in message
    assert written and written[0].startswith(TEMP_PREFIX) and written[0].endswith(failing_name)
    assert [p.name for p in tmp_path.iterdir()] == ["statements.jsonl"]  # no new files, no temps
    assert old.read_text(encoding="utf-8") == "old\n"


def test_export_failure_removes_folder_it_created(small_kg, tmp_path, monkeypatch):
    def failing(kg, path):
        raise OSError(13, "Permission denied")

    monkeypatch.setitem(WRITERS, "graph.ttl", failing)
    with pytest.raises(ExportError):
        write_all(small_kg, tmp_path / "out", ["statements.jsonl", "graph.ttl"])
    assert not (tmp_path / "out").exists()


def test_export_unwritable_folder_is_export_error(small_kg, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(ExportError, match="cannot create output folder"):
        write_all(small_kg, blocker / "out", ["graph.nt"])


# --- JSON Lines ------------------------------------------------------------------------------


def test_export_statements_jsonl_keys_and_order(small_kg, exported):
    lines = (exported / "statements.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == len(small_kg.statements)
    entity_keys = {"id", "label", "type", "aliases"}
    for record in records:
        assert set(record) == {
            "id", "subject", "predicate", "object", "negated", "modality", "condition", "time",
            "attributed_to", "confidence", "document", "sentence", "start", "end",
        }
        assert set(record["subject"]) == set(record["object"]) == entity_keys
        assert set(record["predicate"]) == {"id", "label"}
        assert isinstance(record["subject"]["aliases"], list)
        assert isinstance(record["negated"], bool) and isinstance(record["confidence"], float)
    order = [(r["document"], r["start"], r["id"]) for r in records]
    assert order == sorted(order)
    hedged = next(r for r in records if r["modality"])
    assert hedged["modality"] == "may" and hedged["attributed_to"] == "person/karin-borge"
    assert "Noregur" in "\n".join(lines)  # ensure_ascii=False


def test_export_entities_jsonl_keys(small_kg, exported):
    records = [json.loads(line) for line in (exported / "entities.jsonl").read_text("utf-8").splitlines()]
    assert [r["id"] for r in records] == sorted(e.id for e in small_kg.entities)
    for record in records:
        assert set(record) == {"id", "label", "type", "aliases", "same_as", "mentions"}
        for mention in record["mentions"]:
            assert set(mention) == {"document", "text", "start", "end", "sentence", "rule"}
    norway = next(r for r in records if r["id"] == "country/norway")
    assert [m["rule"] for m in norway["mentions"]] == ["ner", "alias"]


# --- CSV -------------------------------------------------------------------------------------


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_export_csv_columns_for_gephi(small_kg, exported):
    nodes = _read_csv(exported / "nodes.csv")
    assert list(nodes[0]) == ["Id", "Label", "Type", "Aliases", "Mentions"]
    assert {row["Id"] for row in nodes} == {e.id for e in small_kg.entities}
    edges = _read_csv(exported / "edges.csv")
    assert list(edges[0]) == [
        "Source", "Target", "Type", "Id", "Label", "Weight",
        "Negated", "Modality", "Condition", "Time", "Confidence", "Document", "Sentence",
    ]
    assert {row["Id"] for row in edges} == {s.id for s in small_kg.statements}
    assert {row["Type"] for row in edges} == {"Directed"}
    assert {row["Negated"] for row in edges} == {"true", "false"}
    quoted = next(row for row in edges if '"officials"' in row["Sentence"])  # quotes survive
    assert quoted["Source"] == "person/karin-borge"


# --- networkx formats ------------------------------------------------------------------------


@pytest.mark.parametrize("name, reader", [("graph.gexf", nx.read_gexf), ("graph.graphml", nx.read_graphml)])
def test_export_network_files_read_back(small_kg, exported, name, reader):
    graph = reader(exported / name)  # multigraph: the fixture has parallel statements
    assert graph.is_directed() and graph.is_multigraph()
    assert graph.number_of_nodes() == len(small_kg.entities)
    assert graph.number_of_edges() == len(small_kg.statements)
    assert set(graph.nodes) == {e.id for e in small_kg.entities}
    assert {key for _u, _v, key in graph.edges(keys=True)} == {s.id for s in small_kg.statements}
    negated = {key for _u, _v, key, neg in graph.edges(keys=True, data="negated") if neg}
    assert negated == {s.id for s in small_kg.statements if s.negated}


def test_export_network_files_drop_xml_illegal_characters(small_kg, tmp_path):
    first = small_kg.statements[0]
    form_feed = replace(first, provenance=replace(first.provenance, sentence="page\x0cbreak"))
    kg = replace(small_kg, statements=(form_feed, *small_kg.statements[1:]))
    write_all(kg, tmp_path, ["graph.gexf", "graph.graphml"])
    for graph in (nx.read_gexf(tmp_path / "graph.gexf"), nx.read_graphml(tmp_path / "graph.graphml")):
        assert "pagebreak" in {data["sentence"] for _u, _v, data in graph.edges(data=True)}


# --- RDF formats -----------------------------------------------------------------------------


@pytest.mark.parametrize("name, rdf_format", [("graph.ttl", "turtle"), ("graph.nt", "nt")])
def test_export_rdf_round_trip_is_isomorphic(small_kg, exported, name, rdf_format):
    parsed = Graph().parse(exported / name, format=rdf_format)
    assert isomorphic(parsed, to_rdflib_graph(small_kg))


def test_export_jsonld_round_trip_is_isomorphic(small_kg, exported):
    parsed = Graph().parse(exported / "graph.jsonld", format="json-ld")
    assert isomorphic(parsed, to_rdflib_graph(small_kg))


def test_export_trig_round_trip_per_graph(small_kg, exported):
    expected = to_rdflib(small_kg)
    parsed = Dataset()
    parsed.parse(exported / "graph.trig", format="trig")
    assert len(list(parsed.quads())) == len(list(expected.quads()))
    expected_graphs = {g.identifier: g for g in expected.graphs() if len(g)}
    parsed_graphs = {g.identifier: g for g in parsed.graphs() if len(g)}
    assert set(parsed_graphs) == set(expected_graphs)
    for identifier, graph in expected_graphs.items():
        assert isomorphic(parsed_graphs[identifier], graph), identifier


@pytest.mark.parametrize(
    "name, rdflib_format, ox_format",
    [("graph.jsonld", "json-ld", ox.RdfFormat.JSON_LD), ("graph.trig", "trig", ox.RdfFormat.TRIG)],
)
def test_export_rdflib_and_oxigraph_agree(exported, name, rdflib_format, ox_format):
    parsed = Dataset()
    parsed.parse(exported / name, format=rdflib_format)
    rdflib_quads = len(list(parsed.quads()))
    oxigraph = _oxigraph_quads(exported / name, ox_format)
    assert rdflib_quads == len(oxigraph) > 0
    named = {q.graph_name for q in oxigraph if not isinstance(q.graph_name, ox.DefaultGraph)}
    assert bool(named) == (name == "graph.trig")  # JSON-LD is the merged graph, TriG has graphs


@pytest.mark.parametrize("name, syntax", [("graph.ttl", "turtle"), ("graph.nt", "ntriples"), ("graph.trig", "trig")])
def test_export_rdf_files_pass_rapper(exported, name, syntax):
    result = _rapper(exported / name, syntax)
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr.lower() and "warning" not in result.stderr.lower(), result.stderr
    expected = len(Graph().parse(exported / "graph.nt", format="nt"))
    assert f"returned {expected} triples" in result.stderr


# --- pictures --------------------------------------------------------------------------------


def test_export_pictures_are_png_and_svg(exported):
    assert (exported / "graph.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    svg = (exported / "graph.svg").read_text(encoding="utf-8")
    assert "<svg" in svg and "Karin Borge" in svg and "not withdraw from" in svg


def test_export_diagram_limits_big_graphs(small_kg):
    from kg.export.diagram import draw_graph

    figure = draw_graph(small_kg, max_nodes=2)
    title = figure.axes[0].get_title()
    assert "showing the 2 most connected" in title
    texts = {t.get_text() for t in figure.axes[0].texts}
    assert "Norway" in texts and "Sweden" not in texts


def test_export_diagram_merges_parallel_statements(small_kg):
    from kg.export.diagram import draw_graph

    texts = {t.get_text() for t in draw_graph(small_kg).axes[0].texts}
    assert "buy\ntest" in texts  # Norway → RBS70: one arrow, both predicates
    assert {"not withdraw from", "may deliver"} <= texts
