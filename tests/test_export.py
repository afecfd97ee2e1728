"""Tests for kg.export: the writer registry, write_all and every output file."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.errors import ExportError
from kg.export import OUTPUT_NAMES, TEMP_PREFIX, WRITERS, write_all
from kg.export.network import graphml_node_ids, node_size
from kg.export.palette import OTHER_COLOUR, TYPE_COLOURS, rgb
from conftest import with_hedged_twin
from kg.graph.network import relations
from kg.graph.rdf import to_rdflib, to_rdflib_graph
from kg.model import KnowledgeGraph

EXPECTED_NAMES = {
    "statements.jsonl",
    "entities.jsonl",
    "documents.jsonl",
    "graph.ttl",
    "graph.nt",
    "graph.jsonld",
    "graph.trig",
    "graph.gexf",
    "graph.graphml",
    "graph.html",
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
        written.append(str(path.relative_to(tmp_path.parent)))
        raise error

    failing_name = "graph.gexf"  # in the middle: earlier files were already written
    monkeypatch.setitem(WRITERS, failing_name, failing)
    expected = ExportError if isinstance(error, OSError) else RuntimeError
    with pytest.raises(expected) as raised:
        write_all(small_kg, tmp_path, TEXT_NAMES)
    if expected is ExportError:
        message = str(raised.value)
        assert "\n" not in message and failing_name in message and "No space left" in message
    assert written and TEMP_PREFIX in written[0] and written[0].endswith(failing_name)  # written aside
    assert [p.name for p in tmp_path.iterdir()] == ["statements.jsonl"]  # no new files, no temps
    assert not list(tmp_path.parent.glob(f"{TEMP_PREFIX}*"))  # nor a staging folder beside it
    assert old.read_text(encoding="utf-8") == "old\n"


def test_export_a_folder_in_the_way_fails_before_any_file_is_replaced(small_kg, tmp_path):
    # issue 17: a non-empty folder named graph.html once failed after ten files had been renamed
    old = tmp_path / "statements.jsonl"
    old.write_text("old\n", encoding="utf-8")
    (tmp_path / "graph.html").mkdir()
    (tmp_path / "graph.html" / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ExportError, match="graph.html: a folder of that name is in the way"):
        write_all(small_kg, tmp_path)
    assert old.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.html", "statements.jsonl"]


def test_export_removes_the_temporaries_of_a_killed_run_but_not_of_a_live_one(small_kg, tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f"{TEMP_PREFIX}{dead.pid}-0a1b-graph.ttl"  # a run killed mid-write
    live = tmp_path / f"{TEMP_PREFIX}{os.getppid()}-0a1b-graph.ttl"  # another build, still running
    for path in (stale, live):
        path.write_text("partial", encoding="utf-8")
    write_all(small_kg, tmp_path, ["statements.jsonl"])
    assert not stale.exists() and live.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, "statements.jsonl"])


# A process that writes the new set into the folder argv[1]; with argv[2] = "before-swap" or
# "after-swap" it signals (touching argv[3]) and waits to be killed at that point of the swap.
_KILLED_WRITER = """
import sys, time
from pathlib import Path
sys.path.insert(0, {tests!r})
import kg.export as export
from conftest import make_small_kg, with_hedged_twin
point, signal_file = sys.argv[2], Path(sys.argv[3])
swap = export.exchange
def exchange(first, second):
    if point == "before-swap":
        signal_file.touch(); time.sleep(60)
    swap(first, second)
    if point == "after-swap":
        signal_file.touch(); time.sleep(60)
export.exchange = exchange
export.write_all(with_hedged_twin(make_small_kg()), Path(sys.argv[1]), {names!r})
signal_file.touch()
"""


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def _kill_at(tmp_path: Path, folder: Path, point: str, delay: float | None = None) -> None:
    import signal
    import time

    script = _KILLED_WRITER.format(tests=str(Path(__file__).parent), names=TEXT_NAMES)
    signal_file = tmp_path / f"signal-{point}"
    signal_file.unlink(missing_ok=True)
    process = subprocess.Popen([sys.executable, "-c", script, str(folder), point, str(signal_file)])
    deadline = time.monotonic() + 60
    if delay is None:
        while not signal_file.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
    else:
        time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()


def test_export_a_killed_write_leaves_the_old_set_or_the_new_one(small_kg, tmp_path):
    # issue 17 (8): a SIGKILL between renames left 5 new and 8 old files
    old, new = tmp_path / "old", tmp_path / "new"
    write_all(small_kg, old, TEXT_NAMES)
    write_all(with_hedged_twin(small_kg), new, TEXT_NAMES)
    old_set, new_set = _contents(old), _contents(new)
    assert old_set != new_set
    folder = tmp_path / "exports"
    for point, expected in (("before-swap", old_set), ("after-swap", new_set)):
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(old, folder)
        _kill_at(tmp_path, folder, point)
        assert _contents(folder) == expected, point
        assert list(tmp_path.glob(f"{TEMP_PREFIX}*"))  # the killed run's staging folder
        write_all(small_kg, folder, ["statements.jsonl"])  # the next run removes it
        assert not list(tmp_path.glob(f"{TEMP_PREFIX}*"))
    for delay in (0.3, 0.6, 0.9, 1.2, 1.5, 1.8, 2.4, 3.0):  # killed anywhere: still one set or the other
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(old, folder)
        _kill_at(tmp_path, folder, "anywhere", delay)
        assert _contents(folder) in (old_set, new_set), delay


def test_export_into_a_new_folder_is_one_rename(small_kg, tmp_path, monkeypatch):
    import kg.export as export

    renamed = []
    real = os.rename
    monkeypatch.setattr(export.os, "rename", lambda a, b: (renamed.append((Path(a).name, Path(b))), real(a, b)))
    write_all(small_kg, tmp_path / "out", TEXT_NAMES)
    assert len(renamed) == 1 and renamed[0][0].startswith(TEMP_PREFIX) and renamed[0][1] == tmp_path / "out"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(TEXT_NAMES)


def test_export_keeps_the_export_files_it_does_not_rewrite(small_kg, tmp_path):
    write_all(small_kg, tmp_path / "out", TEXT_NAMES)
    before = _contents(tmp_path / "out")
    write_all(with_hedged_twin(small_kg), tmp_path / "out", ["statements.jsonl"])
    after = _contents(tmp_path / "out")
    assert set(after) == set(before) and after["statements.jsonl"] != before["statements.jsonl"]
    assert all(after[name] == before[name] for name in before if name != "statements.jsonl")


def test_export_a_folder_with_other_files_keeps_them(small_kg, tmp_path):
    # not kg's alone: the files are renamed into place one by one, never the folder swapped
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    inode = tmp_path.stat().st_ino
    write_all(small_kg, tmp_path, ["statements.jsonl"])
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine" and tmp_path.stat().st_ino == inode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "statements.jsonl"]


def test_export_through_a_link_swaps_the_folder_it_points_at(small_kg, tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real", target_is_directory=True)
    write_all(small_kg, tmp_path / "link", ["statements.jsonl"])
    assert (tmp_path / "link").is_symlink() and (tmp_path / "real" / "statements.jsonl").is_file()


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
            "attributed_to", "confidence", "rule", "document", "sentence", "start", "end",
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


def test_export_documents_jsonl_counts_words_and_statements(small_kg, exported):
    records = [json.loads(line) for line in (exported / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == sorted(d.id for d in small_kg.documents)
    by_id = {d.id: d for d in small_kg.documents}
    for record in records:
        assert set(record) == {"id", "source", "title", "date", "words", "statements"}
        assert record["words"] == len(by_id[record["id"]].text.split())
        assert record["statements"] == sum(1 for s in small_kg.statements if s.provenance.document == record["id"])


def test_export_entities_jsonl_keys(small_kg, exported):
    records = [json.loads(line) for line in (exported / "entities.jsonl").read_text("utf-8").splitlines()]
    assert [r["id"] for r in records] == sorted(e.id for e in small_kg.entities)
    for record in records:
        assert set(record) == {"id", "label", "type", "type_evidence", "aliases", "same_as", "mentions"}
        for mention in record["mentions"]:
            assert set(mention) == {"document", "text", "start", "end", "sentence", "rule"}
    norway = next(r for r in records if r["id"] == "country/norway")
    assert [m["rule"] for m in norway["mentions"]] == ["ner", "alias"]


# --- CSV -------------------------------------------------------------------------------------


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def _with_twin(kg: KnowledgeGraph) -> KnowledgeGraph:
    """``kg`` plus a second, hedged "Norway bought the RBS70" read in the other document."""
    return with_hedged_twin(kg)


def _dated(kg: KnowledgeGraph, *dates: str) -> KnowledgeGraph:
    """``kg`` with its documents dated ``dates`` in order (``None`` for no date)."""
    return replace(kg, documents=tuple(replace(d, date=day) for d, day in zip(kg.documents, dates, strict=True)))


def test_export_csv_columns_for_gephi(small_kg, exported):
    nodes = _read_csv(exported / "nodes.csv")
    assert list(nodes[0]) == ["Id", "Label", "Type", "Aliases", "Mentions", "Community"]
    assert {row["Id"] for row in nodes} == {e.id for e in small_kg.entities}
    edges = _read_csv(exported / "edges.csv")
    assert list(edges[0]) == [
        "Source", "Target", "Type", "Id", "Label", "Weight", "Kind",
        "Predicate", "Negated", "Statements", "Unhedged", "Modality", "Condition", "Time",
        "Attributed To", "Confidence", "Documents", "Sentence", "Statement Ids",
    ]
    assert {row["Id"] for row in edges} == {r.id for r in relations(small_kg)}
    assert {row["Type"] for row in edges} == {"Directed"}
    assert {row["Negated"] for row in edges} == {"true", "false"}
    negated = next(row for row in edges if row["Negated"] == "true")
    assert (negated["Label"], negated["Kind"]) == ("not withdraw from", "not-withdraw-from")
    quoted = next(row for row in edges if '"officials"' in row["Sentence"])  # quotes survive
    assert quoted["Source"] == "person/karin-borge"


@pytest.mark.parametrize("formula", ['=HYPERLINK("http://evil.example","x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_export_csv_cells_never_start_a_spreadsheet_formula(small_kg, tmp_path, formula):
    # CSV injection: a sentence, label or document id that a spreadsheet would evaluate
    first = small_kg.statements[0]
    odd = replace(first, provenance=replace(first.provenance, sentence=formula))
    entity = replace(small_kg.entities[0], label=formula)
    kg = replace(small_kg, statements=(odd, *small_kg.statements[1:]), entities=(entity, *small_kg.entities[1:]))
    write_all(kg, tmp_path, ["nodes.csv", "edges.csv"])
    cells = [value for name in ("nodes.csv", "edges.csv") for row in _read_csv(tmp_path / name) for value in row.values()]
    assert "'" + formula in cells  # kept, as text
    assert not [cell for cell in cells if cell[:1] in {"=", "+", "-", "@", "\t", "\r"}]


def test_export_edges_csv_one_row_per_relation_weighted_by_statements(small_kg, tmp_path):
    kg = _with_twin(small_kg)
    write_all(kg, tmp_path, ["edges.csv", "nodes.csv"])
    edges = _read_csv(tmp_path / "edges.csv")
    assert len(edges) == len(relations(kg)) == len(kg.statements) - 1
    bought = next(row for row in edges if row["Label"] == "buy")
    assert (bought["Weight"], bought["Statements"], bought["Unhedged"]) == ("2", "2", "1")
    assert bought["Modality"] == "may" and bought["Confidence"] == "0.9"
    assert bought["Statement Ids"].split("|") == [small_kg.statements[0].id, "s-bought-again"]
    assert sum(int(row["Weight"]) for row in edges) == len(kg.statements)
    # Two relations between Norway and the RBS70: different kinds, so Gephi keeps both.
    pair = [row for row in edges if (row["Source"], row["Target"]) == ("country/norway", "product/rbs70")]
    assert sorted(row["Kind"] for row in pair) == ["buy", "test"]


def test_export_nodes_csv_includes_ids_without_entity(small_kg, tmp_path):
    kg = replace(small_kg, entities=small_kg.entities[:1])
    write_all(kg, tmp_path, ["nodes.csv"])
    nodes = {row["Id"]: row for row in _read_csv(tmp_path / "nodes.csv")}
    assert set(nodes) == {n for s in kg.statements for n in (s.subject, s.object)}
    assert nodes["product/rbs70"]["Type"] == "Thing" and nodes["country/norway"]["Mentions"] == "2"


# --- GEXF ------------------------------------------------------------------------------------

GEXF = "{http://gexf.net/1.3}"
VIZ = "{http://gexf.net/1.3/viz}"


def _gexf(path: Path) -> ET.Element:
    return ET.parse(path).getroot()


def _gexf_graph(kg: KnowledgeGraph, tmp_path: Path) -> tuple[ET.Element, nx.MultiDiGraph]:
    """``kg`` written as graph.gexf, parsed as XML and read back with networkx."""
    write_all(kg, tmp_path, ["graph.gexf"])
    return _gexf(tmp_path / "graph.gexf"), nx.read_gexf(tmp_path / "graph.gexf")


def test_export_gexf_is_gexf_1_3_with_typed_attributes(exported):
    root = _gexf(exported / "graph.gexf")
    assert root.tag == f"{GEXF}gexf" and root.get("version") == "1.3"
    graph = root.find(f"{GEXF}graph")
    assert graph.get("defaultedgetype") == "directed"
    declared = {
        (a.get("class"), attribute.get("title")): attribute.get("type")
        for a in graph.findall(f"{GEXF}attributes")
        for attribute in a.findall(f"{GEXF}attribute")
    }
    assert declared[("node", "mentions")] == "integer" and declared[("node", "type")] == "string"
    assert declared[("edge", "negated")] == "boolean" and declared[("edge", "statements")] == "integer"
    assert declared[("edge", "confidence")] == "double"
    for node in graph.iter(f"{GEXF}node"):
        assert node.get("label")
        assert {child.tag for child in node} >= {f"{VIZ}color", f"{VIZ}position", f"{VIZ}size"}
    for edge in graph.iter(f"{GEXF}edge"):
        assert edge.get("label") and edge.get("kind") and float(edge.get("weight")) >= 1


def test_export_gexf_reads_back_with_networkx(small_kg, exported):
    graph = nx.read_gexf(exported / "graph.gexf")
    assert graph.is_directed() and graph.is_multigraph()  # Norway → RBS70: buy and test
    assert set(graph.nodes) == {e.id for e in small_kg.entities}
    merged = {r.id: r for r in relations(small_kg)}
    assert {key for _u, _v, key in graph.edges(keys=True)} == set(merged)
    for subject, object_, key, data in graph.edges(keys=True, data=True):
        relation = merged[key]
        assert (subject, object_) == (relation.subject, relation.object)
        assert data["label"] == relation.label and data["weight"] == relation.weight
        assert data["negated"] is relation.negated and type(data["statements"]) is int
        assert type(data["confidence"]) is float
    assert graph.nodes["country/norway"]["label"] == "Norway"
    assert graph.nodes["country/norway"]["mentions"] == 2


def test_export_gexf_weights_count_supporting_statements(small_kg, tmp_path):
    kg = _with_twin(small_kg)
    _root, graph = _gexf_graph(kg, tmp_path)
    assert graph.number_of_edges() == len(kg.statements) - 1
    assert sum(weight for _u, _v, weight in graph.edges(data="weight")) == len(kg.statements)
    (bought,) = [data for _u, _v, data in graph.edges(data=True) if data["label"] == "buy"]
    assert bought["weight"] == 2.0 and bought["statements"] == 2 and bought["unhedged"] == 1
    assert bought["confidence"] == 0.9 and bought["modality"] == "may"
    assert bought["documents"] == "rbs70-deal.txt|stockholm.txt"


def test_export_gexf_colours_by_type_and_sizes_by_mentions(small_kg, exported):
    graph = nx.read_gexf(exported / "graph.gexf")
    for node, data in graph.nodes(data=True):
        colour = data["viz"]["color"]
        assert (colour["r"], colour["g"], colour["b"]) == rgb(TYPE_COLOURS[data["type"]]), node
        assert data["viz"]["size"] == node_size(data["mentions"])
    size = {node: data["viz"]["size"] for node, data in graph.nodes(data=True)}
    assert size["country/norway"] > size["country/sweden"] > size["product/rbs70"] > 0  # 2, 1, 0 mentions
    positions = {(d["viz"]["position"]["x"], d["viz"]["position"]["y"]) for _n, d in graph.nodes(data=True)}
    assert len(positions) == graph.number_of_nodes()


def test_export_gexf_static_without_dates(small_kg, tmp_path):
    root, graph = _gexf_graph(_dated(small_kg, None, None), tmp_path)
    element = root.find(f"{GEXF}graph")
    assert element.get("mode") == "static" and element.get("timeformat") is None
    assert not list(root.iter(f"{GEXF}spells"))
    assert graph.graph["mode"] == "static"


def test_export_gexf_dynamic_with_spells_when_documents_have_dates(small_kg, tmp_path):
    kg = _with_twin(_dated(small_kg, "2019-07-12", "2019-07-20"))
    root, graph = _gexf_graph(kg, tmp_path)
    element = root.find(f"{GEXF}graph")
    assert (element.get("mode"), element.get("timeformat")) == ("dynamic", "date")
    assert (element.get("start"), element.get("end")) == ("2019-07-12", "2019-07-20")
    # A node lives from its first dated document to the end of the story.
    assert graph.nodes["country/norway"]["spells"] == [("2019-07-12", "2019-07-20")]
    assert graph.nodes["person/karin-borge"]["spells"] == [("2019-07-20", "2019-07-20")]
    assert all(data.get("spells") for _node, data in graph.nodes(data=True))
    # An edge is there on the date of each document that states it.
    spells = {data["label"]: data["spells"] for _u, _v, data in graph.edges(data=True)}
    assert spells["buy"] == [("2019-07-12", "2019-07-12"), ("2019-07-20", "2019-07-20")]
    assert spells["criticise"] == [("2019-07-20", "2019-07-20")]


def test_export_gexf_undated_documents_leave_elements_without_spells(small_kg, tmp_path):
    # small_kg: rbs70-deal.txt is dated, stockholm.txt is not.
    root, graph = _gexf_graph(small_kg, tmp_path)
    assert root.find(f"{GEXF}graph").get("mode") == "dynamic"
    assert "spells" not in graph.nodes["person/karin-borge"]  # only in the undated document
    assert graph.nodes["country/norway"]["spells"] == [("2019-07-12", "2019-07-12")]
    undated = {data["label"] for _u, _v, data in graph.edges(data=True) if "spells" not in data}
    assert undated == {"deliver", "criticise"}


def test_export_gexf_ignores_dates_that_are_not_iso(small_kg, tmp_path):
    root, _graph = _gexf_graph(_dated(small_kg, "12 July 2019", "2019-07-20T08:30:00Z"), tmp_path)
    assert root.find(f"{GEXF}graph").get("start") == "2019-07-20"


def test_export_gexf_same_graph_same_bytes(small_kg, tmp_path):
    write_all(small_kg, tmp_path / "one", ["graph.gexf", "graph.graphml", "edges.csv"])
    write_all(small_kg, tmp_path / "two", ["graph.gexf", "graph.graphml", "edges.csv"])
    for name in ("graph.gexf", "graph.graphml", "edges.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


# --- GraphML ---------------------------------------------------------------------------------


def test_export_graphml_reads_back_with_networkx(small_kg, exported):
    graph = nx.read_graphml(exported / "graph.graphml")  # one edge per statement
    assert graph.is_directed() and graph.is_multigraph()
    assert {data["kg_id"] for _node, data in graph.nodes(data=True)} == {e.id for e in small_kg.entities}
    assert set(graph.nodes) == {e.id.replace("/", ":") for e in small_kg.entities}  # NMTOKENs
    assert graph.number_of_edges() == len(small_kg.statements)
    assert {key for _u, _v, key in graph.edges(keys=True)} == {s.id for s in small_kg.statements}
    negated = {key for _u, _v, key, neg in graph.edges(keys=True, data="negated") if neg}
    assert negated == {s.id for s in small_kg.statements if s.negated}
    for _u, _v, key, data in graph.edges(keys=True, data=True):
        assert data["statement_id"] == key
        assert type(data["negated"]) is bool and type(data["confidence"]) is float
        assert type(data["start_char"]) is int
    assert graph.nodes["country:norway"]["mentions"] == 2
    kg_ids = dict(graph.nodes(data="kg_id"))
    by_id = {s.id: s for s in small_kg.statements}
    for u, v, key in graph.edges(keys=True):
        assert (kg_ids[u], kg_ids[v]) == (by_id[key].subject, by_id[key].object)


@pytest.mark.parametrize(
    ("ids", "expected"),
    [
        (["country/norway", "person/ana-ruiz-1a2b"], ["country:norway", "person:ana-ruiz-1a2b"]),
        (["a b", "x<y", ""], ["n0", "n1", "n2"]),  # not name characters
        (["country/norway", "country:norway"], ["country:norway", "n1"]),  # would clash
        (["n1", "a b"], ["n1", "n1_"]),
        (["city/são-paulo"], ["city:são-paulo"]),
    ],
)
def test_export_graphml_node_ids_are_distinct_nmtokens(ids, expected):
    assert list(graphml_node_ids(ids).values()) == expected


def test_export_graphml_reads_back_with_igraph(small_kg, exported):
    import igraph

    graph = igraph.Graph.Read_GraphML(str(exported / "graph.graphml"))
    assert graph.is_directed()
    assert (graph.vcount(), graph.ecount()) == (len(small_kg.entities), len(small_kg.statements))
    assert set(graph.vs["kg_id"]) == {e.id for e in small_kg.entities}
    assert set(graph.es["statement_id"]) == {s.id for s in small_kg.statements}
    by_id = {edge["statement_id"]: edge for edge in graph.es}
    for statement in small_kg.statements:
        edge = by_id[statement.id]
        assert edge["negated"] is statement.negated  # boolean key: a bool, not "False"
        assert edge["confidence"] == statement.confidence
        assert graph.vs[edge.source]["kg_id"] == statement.subject
        assert graph.vs[edge.target]["kg_id"] == statement.object
    mentions = dict(zip(graph.vs["kg_id"], graph.vs["mentions"], strict=True))
    assert mentions["country/norway"] == 2  # numeric (igraph keeps numbers as floats), not text


def test_export_gexf_keeps_markup_characters_and_line_breaks_of_text(small_kg, tmp_path):
    # GEXF is written as text, not by an XML library: its escaping must give the value back exactly
    awkward = 'AT&T <b>"quoted"</b>\nsecond line\r\tindented'
    first = small_kg.statements[0]
    odd = replace(first, provenance=replace(first.provenance, sentence=awkward))
    kg = replace(small_kg, statements=(odd, *small_kg.statements[1:]))
    write_all(kg, tmp_path, ["graph.gexf"])
    graph = nx.read_gexf(tmp_path / "graph.gexf")
    assert awkward in {data["sentence"] for _u, _v, data in graph.edges(data=True)}


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


def test_export_jsonld_keeps_every_character_of_a_literal(small_kg, tmp_path):
    # JSON-LD is compacted from the N-Triples lines as text: their escapes must come back exact
    awkward = 'a "quoted" \\ back\\slash\nnew line\r\ttab \x0c feed \\n not-a-newline é 😀'
    first = small_kg.statements[0]
    odd = replace(first, provenance=replace(first.provenance, sentence=awkward), condition='if "x"')
    kg = replace(small_kg, statements=(odd, *small_kg.statements[1:]))
    write_all(kg, tmp_path, ["graph.jsonld"])
    parsed = Graph().parse(tmp_path / "graph.jsonld", format="json-ld")
    assert awkward in {str(o) for o in parsed.objects()}
    assert isomorphic(parsed, to_rdflib_graph(kg))


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


def test_export_pictures_of_labels_with_dollar_signs(build_text, tmp_path):
    # "$...$" is matplotlib's mathtext: these names once crashed the picture writer after parsing
    kg = build_text("Shares of Ca$h#Co$ Corp fell after Ca$h#Co$ Corp sued Google in New York. The $5 fee of $x^2$ rose.")
    assert any("$" in e.label for e in kg.entities)
    write_all(kg, tmp_path, ["graph.png", "graph.svg"])
    assert (tmp_path / "graph.png").read_bytes().startswith(b"\x89PNG")
    assert "Ca$h#Co$" in (tmp_path / "graph.svg").read_text(encoding="utf-8")


def test_export_diagram_limits_big_graphs(small_kg):
    from kg.export.diagram import draw_graph

    figure = draw_graph(small_kg, max_nodes=2)
    title = figure.axes[0].get_title()
    assert title.startswith("2 of 5 entities") and "the most connected" in title
    texts = {t.get_text() for t in figure.axes[0].texts}
    assert "Norway" in texts and "Sweden" not in texts


def test_export_diagram_merges_parallel_statements(small_kg):
    from kg.export.diagram import draw_graph

    texts = {t.get_text() for t in draw_graph(small_kg).axes[0].texts}
    assert "buy\ntest" in texts  # Norway → RBS70: one arrow, both predicates
    assert {"not withdraw from", "may deliver"} <= texts


def test_export_of_a_big_graph_leaves_no_sorted_lines_behind(small_kg, tmp_path, monkeypatch):
    # past a size the RDF lines are sorted on disk; once the set is written they are removed
    import tempfile

    from kg.graph import rdf

    monkeypatch.setattr(rdf, "IN_MEMORY_QUADS", 5)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    (tmp_path / "temp").mkdir()
    graph = replace(small_kg)
    write_all(graph, tmp_path / "out", TEXT_NAMES)
    assert list((tmp_path / "temp").iterdir()) == []  # while the graph lives on
    monkeypatch.setattr(rdf, "IN_MEMORY_QUADS", 10**9)
    write_all(replace(small_kg), tmp_path / "memory", TEXT_NAMES)
    for name in ("graph.ttl", "graph.nt", "graph.jsonld", "graph.trig"):
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "memory" / name).read_bytes()
