"""SHACL validation of built graphs (kg/data/shapes.ttl) and the vocabulary file."""

import subprocess
import sys
from pathlib import Path

from rdflib import RDF, Graph, Literal, URIRef

import kg
from kg.export import write_all
from kg.validate import ONTOLOGY_PATH, load_graph, validate

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
KG_NS = "https://kg.example.org/ontology#"


def _seed_exports(tmp_path: Path) -> Path:
    out = tmp_path / "exports"
    write_all(kg.build([SEEDS]), out, ["graph.trig"])
    return out


def test_validate_seed_build_conforms(tmp_path):
    report = validate(load_graph(_seed_exports(tmp_path)))
    assert report.triples > 500
    assert report.violations == ()


def test_validate_reports_broken_statements(tmp_path):
    graph = load_graph(_seed_exports(tmp_path))
    statement = next(graph.subjects(RDF.type, RDF.Statement))
    graph.set((statement, URIRef(KG_NS + "confidence"), Literal("1.5", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))))
    graph.remove((statement, URIRef(KG_NS + "sentence"), None))
    report = validate(graph)
    paths = {v.path for v in report.violations}
    assert {KG_NS + "confidence", KG_NS + "sentence"} <= paths
    assert all(v.focus == str(statement) for v in report.violations)


def test_validate_an_unnamed_source_is_described(build_text, tmp_path):
    # a statement's source that is a concept ("analysts said ...") is kept and described, not dangling
    graph = build_text("Analysts said Globex Corp would buy Initech in May.")
    sources = [s.attributed_to for s in graph.statements if s.attributed_to]
    assert sources and all(graph.entity(source) for source in sources)
    write_all(graph, tmp_path / "out", ["graph.trig"])
    assert validate(load_graph(tmp_path / "out")).violations == ()


def test_validate_cli_exit_codes(tmp_path):
    good = _seed_exports(tmp_path)
    ok = subprocess.run([sys.executable, "-m", "kg.cli", "validate", str(good)], capture_output=True, text=True)
    assert ok.returncode == 0 and "conforms" in ok.stdout
    broken = tmp_path / "broken.ttl"
    broken.write_text(
        "<https://x.org/s> a <http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement> .\n", encoding="utf-8"
    )
    bad = subprocess.run([sys.executable, "-m", "kg.cli", "validate", str(broken)], capture_output=True, text=True)
    assert bad.returncode == 1 and "violation" in bad.stdout


def test_validate_ontology_declares_every_kg_term_used(tmp_path):
    ontology = Graph().parse(ONTOLOGY_PATH, format="turtle")
    declared = {str(s) for s in ontology.subjects() if str(s).startswith(KG_NS)}
    graph = load_graph(_seed_exports(tmp_path))
    used = {str(t) for triple in graph for t in triple if str(t).startswith(KG_NS)}
    assert used and used <= declared
    for term in declared:
        assert ontology.value(URIRef(term), URIRef("http://www.w3.org/2000/01/rdf-schema#comment")) is not None
