"""User overrides of entity resolution (kg.aliases, ``kg build --aliases``)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.aliases import parse_aliases, read_aliases
from kg.api import build_documents, build_into_store
from kg.errors import InputError
from kg.model import Document

TEXT = (
    "The Sun reported the story. News International owns newspapers.\n"
    "Acme Europe launched a campaign. Acme said it had ended the campaign.\n"
    "Marcel Desailly won titles with Marseilles.\n"
)


def test_aliases_parse_merges_types_and_pairs_kept_apart():
    aliases = parse_aliases(["name,value", "# comment", "The Sun,News International", "Acme,!Acme Europe", "marseilles,organization"])
    assert aliases.canonical("Sun") == "News International"  # names compare as kg compares them
    assert aliases.type_of("Marseilles") == "Organization"
    assert aliases.apart("Acme Europe", "acme") and not aliases.apart("Acme", "Globex")
    assert aliases.fingerprint and aliases.fingerprint != parse_aliases(["Acme,!Globex"]).fingerprint


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (["Acme"], "line 1: expected two fields"),
        (["name,value", "Acme,Globex,Initech"], "line 2: expected two fields"),
        (["Acme,"], "expected 'name,canonical'"),
        (["Acme,!"], "'!' needs the name"),
        (["name,value", "Acme," + "x" * 200_000], "line 2: not CSV"),  # a field over csv's limit
    ],
)
def test_aliases_bad_lines_are_one_clear_error(lines, message):
    with pytest.raises(InputError, match=message):
        parse_aliases(lines)


def test_aliases_read_csv_and_json_lines(tmp_path):
    csv_file = tmp_path / "aliases.csv"
    csv_file.write_text("The Sun,News International\n", encoding="utf-8")
    assert read_aliases(csv_file).canonical("The Sun") == "News International"
    jsonl = tmp_path / "aliases.jsonl"
    jsonl.write_text(
        '{"name": "The Sun", "canonical": "News International"}\n{"name": "Acme", "not": "Acme Europe"}\n'
        '{"name": "Marseilles", "type": "Organization"}\n',
        encoding="utf-8",
    )
    aliases = read_aliases(jsonl)
    assert aliases.canonical("Sun") == "News International" and aliases.apart("Acme", "Acme Europe")
    assert aliases.type_of("Marseilles") == "Organization"
    jsonl.write_text('{"name": "Marseilles", "type": "Club"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="unknown type 'Club'"):
        read_aliases(jsonl)
    jsonl.write_text('{"name": "\\udb92 Acme", "canonical": "Globex"}\n', encoding="utf-8")  # found by benchmarks/fuzz.py
    with pytest.raises(InputError, match="line 1: holds a lone surrogate"):
        read_aliases(jsonl)
    jsonl.write_text("[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")  # nested past Python's recursion limit
    with pytest.raises(InputError, match="line 1: not a JSON object"):
        read_aliases(jsonl)
    with pytest.raises(InputError, match="aliases file not found"):
        read_aliases(tmp_path / "missing.csv")


def test_aliases_override_the_build_before_its_own_merging():
    plain = build_documents([Document("news.txt", TEXT)])
    labels = {e.label: e for e in plain.entities}
    assert "Sun" in labels and "Acme" not in labels and labels["Marseilles"].type == "Person"  # kg alone

    aliases = parse_aliases(["The Sun,News International", "Acme,!Acme Europe", "Marseilles,Organization"])
    graph = build_documents([Document("news.txt", TEXT)], aliases=aliases)
    entities = {e.label: e for e in graph.entities}
    news = entities["News International"]
    assert "Sun" not in entities and "Sun" in news.aliases
    assert any(m.text == "Sun" and m.rule == "user" for m in news.mentions)
    assert "Acme" in entities and "Acme Europe" in entities  # kept apart
    marseilles = entities["Marseilles"]
    assert marseilles.type == "Organization" and marseilles.type_evidence[0].startswith("user → Organization")
    assert {m.rule for m in marseilles.mentions} == {"user"}


def test_aliases_give_the_same_graph_with_two_processes():
    aliases = parse_aliases(["The Sun,News International", "Marseilles,Organization"])
    documents = [Document(f"news{i}.txt", TEXT) for i in range(3)]
    one = build_documents(documents, aliases=aliases)
    two = build_documents(documents, aliases=aliases, jobs=2)
    assert one == two


def test_aliases_changed_rebuild_a_store_and_the_same_ones_skip(tmp_path):
    article = tmp_path / "news.txt"
    article.write_text(TEXT, encoding="utf-8")
    store = tmp_path / "store"
    graph, _, report = build_into_store([article], store)
    assert "Sun" in {e.label for e in graph.entities}
    aliases = parse_aliases(["The Sun,News International"])
    graph, _, report = build_into_store([article], store, aliases=aliases)
    assert report.replaced == 1 and report.skipped == 0
    assert "Sun" not in {e.label for e in graph.entities}
    graph, _, report = build_into_store([article], store, aliases=aliases)
    assert report.skipped == 1 and "Sun" not in {e.label for e in graph.entities}
    graph, _, report = build_into_store([article], store)  # overrides dropped: built again without them
    assert report.replaced == 1 and "Sun" in {e.label for e in graph.entities}


def test_cli_build_with_aliases(tmp_path):
    article = tmp_path / "news.txt"
    article.write_text(TEXT, encoding="utf-8")
    overrides = tmp_path / "aliases.csv"
    overrides.write_text("name,value\nThe Sun,News International\n", encoding="utf-8")
    out = tmp_path / "out"
    run = lambda *args: subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True, text=True, timeout=300)  # noqa: E731
    result = run("build", article, "-o", out, "--aliases", overrides)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in (out / "entities.jsonl").read_text(encoding="utf-8").splitlines()]
    assert "Sun" not in {r["label"] for r in records}
    bad = tmp_path / "bad.csv"
    bad.write_text("Acme,Globex,Initech\n", encoding="utf-8")
    result = run("build", article, "-o", tmp_path / "out2", "--aliases", bad)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "bad.csv, line 1: expected two fields" in result.stderr and not (tmp_path / "out2").exists()


def test_aliases_readme_example_reads_as_documented():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("```csv\n", 1)[1].split("```", 1)[0]
    aliases = parse_aliases(block.splitlines())
    assert aliases.canonical("The Sun") == "News International"
    assert aliases.apart("Acme", "Acme Europe") and aliases.type_of("Marseilles") == "Organization"
