"""Neo4j import files (:mod:`kg.export.neo4j`): headers, id integrity, values, load.cypher, CLI."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from kg.api import write_exports, write_neo4j
from kg.errors import ExportError
from kg.export.neo4j import (
    DOCUMENT_COLUMNS,
    ENTITY_COLUMNS,
    MENTION_COLUMNS,
    NEO4J_WRITERS,
    STATEMENT_COLUMNS,
    relationship_type,
)
from kg.model import Mention

ROOT = Path(__file__).resolve().parent.parent


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        return list(reader.fieldnames or []), list(reader)


@pytest.fixture()
def neo4j_folder(small_kg, tmp_path) -> Path:
    write_neo4j(small_kg, tmp_path / "neo4j")
    return tmp_path / "neo4j"


def test_neo4j_writes_exactly_its_files(neo4j_folder):
    assert sorted(p.name for p in neo4j_folder.iterdir()) == sorted(NEO4J_WRITERS)


def test_neo4j_headers_follow_neo4j_admin(neo4j_folder):
    expected = {
        "entities.csv": ENTITY_COLUMNS, "documents.csv": DOCUMENT_COLUMNS,
        "statements.csv": STATEMENT_COLUMNS, "mentions.csv": MENTION_COLUMNS,
    }
    for name, columns in expected.items():
        header, _ = _rows(neo4j_folder / name)
        assert header == list(columns), name
    # the columns neo4j-admin needs, in its own spelling
    assert {"id:ID(Entity)", ":LABEL"} <= set(ENTITY_COLUMNS)
    assert {"id:ID(Document)", ":LABEL"} <= set(DOCUMENT_COLUMNS)
    assert {":START_ID(Entity)", ":END_ID(Entity)", ":TYPE"} <= set(STATEMENT_COLUMNS)
    assert {":START_ID(Entity)", ":END_ID(Document)", ":TYPE"} <= set(MENTION_COLUMNS)


def test_neo4j_every_relationship_joins_nodes_that_exist(small_kg, neo4j_folder):
    _, entities = _rows(neo4j_folder / "entities.csv")
    _, documents = _rows(neo4j_folder / "documents.csv")
    _, statements = _rows(neo4j_folder / "statements.csv")
    _, mentions = _rows(neo4j_folder / "mentions.csv")
    entity_ids = [r["id:ID(Entity)"] for r in entities]
    document_ids = [r["id:ID(Document)"] for r in documents]
    assert len(entity_ids) == len(set(entity_ids)) and len(document_ids) == len(set(document_ids))
    assert {e.id for e in small_kg.entities} <= set(entity_ids)
    assert set(document_ids) == {d.id for d in small_kg.documents}
    assert len(statements) == len(small_kg.statements)  # one relationship per statement
    for row in statements:
        assert row[":START_ID(Entity)"] in entity_ids and row[":END_ID(Entity)"] in entity_ids
        assert row["document"] in document_ids
    assert mentions, "the fixture's entities have mentions"
    for row in mentions:
        assert row[":START_ID(Entity)"] in entity_ids and row[":END_ID(Document)"] in document_ids
        assert row[":TYPE"] == "MENTIONED_IN" and int(row["count:int"]) >= 1
    assert sum(int(r["count:int"]) for r in mentions) == sum(len(e.mentions) for e in small_kg.entities)


def test_neo4j_nodes_carry_type_labels_and_relationships_their_qualifiers(small_kg, neo4j_folder):
    _, entities = _rows(neo4j_folder / "entities.csv")
    norway = next(r for r in entities if r["name"] == "Norway")
    assert norway[":LABEL"] == "Entity;Country" and norway["type"] == "Country"
    assert norway["aliases:string[]"].split(";") == ["Norway", "Noregur"]
    assert norway["mentions:int"] == "2"
    _, statements = _rows(neo4j_folder / "statements.csv")
    withdrew = next(r for r in statements if r["predicate"] == "withdraw from")
    assert withdrew[":TYPE"] == "WITHDRAW_FROM" and withdrew["negated:boolean"] == "true"
    deliver = next(r for r in statements if r["predicate"] == "deliver")
    assert deliver["modality"] == "may" and float(deliver["confidence:float"]) == 0.75
    source = next(s for s in small_kg.statements if s.id == deliver["id"])
    assert deliver["sentence"] == source.provenance.sentence
    assert (int(deliver["start:int"]), int(deliver["end:int"])) == (source.provenance.start, source.provenance.end)
    assert deliver["attributedTo"] == source.attributed_to


@pytest.mark.parametrize(
    "label, expected",
    [
        ("buy", "BUY"),
        ("president of", "PRESIDENT_OF"),
        ("be compatible with", "BE_COMPATIBLE_WITH"),
        ("sign-up for", "SIGN_UP_FOR"),
        ("3 times", "REL_3_TIMES"),
        ("!!", "RELATED_TO"),
    ],
)
def test_neo4j_relationship_type_of_a_predicate(label, expected):
    assert relationship_type(label) == expected


def test_neo4j_line_breaks_and_array_delimiters_inside_values_stay_in_their_cell(small_kg, tmp_path):
    # neo4j-admin rejects a line break in a field unless told --multiline-fields, and splits
    # arrays on ";": a value holding either must not break the row or the array.
    norway = small_kg.entities[0]
    odd = replace(norway, aliases=("Kingdom; of Norway", "Norge"), mentions=(*norway.mentions,))
    statement = small_kg.statements[0]
    broken = replace(statement, provenance=replace(statement.provenance, sentence="Norway bought\nthe RBS70\r\nfrom Sweden."))
    graph = replace(small_kg, entities=(odd, *small_kg.entities[1:]), statements=(broken, *small_kg.statements[1:]))
    write_neo4j(graph, tmp_path / "n")
    text = (tmp_path / "n" / "statements.csv").read_text(encoding="utf-8")
    assert len(text.splitlines()) == 1 + len(graph.statements)
    _, statements = _rows(tmp_path / "n" / "statements.csv")
    assert next(r for r in statements if r["id"] == broken.id)["sentence"] == "Norway bought the RBS70 from Sweden."
    _, entities = _rows(tmp_path / "n" / "entities.csv")
    row = next(r for r in entities if r["id:ID(Entity)"] == norway.id)
    assert row["aliases:string[]"].split(";") == ["Kingdom, of Norway", "Norge"]


def test_neo4j_load_cypher_reads_only_columns_the_files_have_and_holds_no_data(small_kg, neo4j_folder, tmp_path):
    script = (neo4j_folder / "load.cypher").read_text(encoding="utf-8")
    files = re.findall(r"LOAD CSV WITH HEADERS FROM 'file:///([\w.]+)' AS row", script)
    assert sorted(files) == ["documents.csv", "entities.csv", "mentions.csv", "statements.csv"]
    # each LOAD CSV block reads only columns of its own file
    blocks = re.split(r"(?=LOAD CSV WITH HEADERS FROM)", script)[1:]
    for block in blocks:
        name = re.search(r"file:///([\w.]+)", block).group(1)
        header, _ = _rows(neo4j_folder / name)
        read = set(re.findall(r"row\.`([^`]+)`", block)) | set(re.findall(r"row\.(\w+)", block))
        assert read and read <= set(header), (name, read - set(header))
    # the script is the same for any graph: no value of the data is pasted into Cypher
    other = replace(small_kg, entities=small_kg.entities[:1], statements=small_kg.statements[:1])
    write_neo4j(other, tmp_path / "other")
    assert (tmp_path / "other" / "load.cypher").read_text(encoding="utf-8") == script
    assert "Norway" not in script


def test_neo4j_names_a_document_only_statements_know(small_kg, tmp_path):
    # a graph read back from exports may lack documents.jsonl: its statements still find their documents
    graph = replace(small_kg, documents=())
    write_neo4j(graph, tmp_path / "n")
    _, documents = _rows(tmp_path / "n" / "documents.csv")
    assert {r["id:ID(Document)"] for r in documents} == {s.provenance.document for s in small_kg.statements}
    _, mentions = _rows(tmp_path / "n" / "mentions.csv")
    assert {r[":END_ID(Document)"] for r in mentions} <= {r["id:ID(Document)"] for r in documents}


def test_neo4j_export_is_all_or_nothing(small_kg, tmp_path, monkeypatch):
    import kg.export.neo4j as neo4j

    write_neo4j(small_kg, tmp_path / "n")
    before = {p.name: p.read_bytes() for p in (tmp_path / "n").iterdir()}

    def fail(kg, path):
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(neo4j.NEO4J_WRITERS, "mentions.csv", fail)
    smaller = replace(small_kg, statements=small_kg.statements[:1])
    with pytest.raises(ExportError, match="No space left on device"):
        write_neo4j(smaller, tmp_path / "n")
    assert {p.name: p.read_bytes() for p in (tmp_path / "n").iterdir()} == before


def _kg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, timeout=300, cwd=cwd or ROOT,
    )


def test_neo4j_cli_exports_an_exports_folder(small_kg, tmp_path):
    write_exports(small_kg, tmp_path / "exports")
    result = _kg("export", str(tmp_path / "exports"), "--format", "neo4j", "-o", str(tmp_path / "neo"))
    assert result.returncode == 0, result.stderr
    _, statements = _rows(tmp_path / "neo" / "statements.csv")
    assert {r["id"] for r in statements} == {s.id for s in small_kg.statements}
    assert {r["rule"] for r in statements} == {s.rule for s in small_kg.statements}
    _, documents = _rows(tmp_path / "neo" / "documents.csv")
    assert {r["title"] for r in documents} == {d.title or "" for d in small_kg.documents}


def test_neo4j_cli_unknown_format_and_exports_folder_without_neo4j_are_one_line_errors(small_kg, tmp_path):
    write_exports(small_kg, tmp_path / "exports")
    result = _kg("export", str(tmp_path / "exports"), "--format", "graphviz", "-o", str(tmp_path / "x"))
    assert result.returncode != 0 and "unknown export format 'graphviz'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    result = _kg("export", str(tmp_path / "exports"), "-o", str(tmp_path / "x"))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x").exists()


def test_neo4j_cli_build_and_store_write_the_same_graph(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Globex bought Initech in March. Mary Smith, the chief executive of Globex, said so.\n", encoding="utf-8")
    result = _kg("build", str(article), "-o", str(tmp_path / "out"), "--neo4j", str(tmp_path / "neo"), "--quiet")
    assert result.returncode == 0, result.stderr
    result = _kg("build", str(article), "--store", str(tmp_path / "store"), "--quiet")
    assert result.returncode == 0, result.stderr
    result = _kg("export", str(tmp_path / "store"), "--format", "neo4j", "-o", str(tmp_path / "neo-store"))
    assert result.returncode == 0, result.stderr
    for name in ("entities.csv", "statements.csv", "mentions.csv"):
        assert (tmp_path / "neo" / name).read_text(encoding="utf-8") == (tmp_path / "neo-store" / name).read_text(encoding="utf-8")
    _, statements = _rows(tmp_path / "neo" / "statements.csv")
    assert statements, "the article states a relation"
    _, mentions = _rows(tmp_path / "neo" / "mentions.csv")
    assert {r[":END_ID(Document)"] for r in mentions} == {"a.txt"}
