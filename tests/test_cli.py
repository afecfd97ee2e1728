"""The ``kg`` command run as users run it: a real subprocess, real files."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kg.export import OUTPUT_NAMES

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = Path(__file__).parent / "data" / "seed_gold.jsonl"


def kg(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", *map(str, args)],
        capture_output=True,
        text=True,
        env=None if env is None else {**os.environ, **env},
        timeout=300,
    )


@pytest.fixture(scope="module")
def seed_exports(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("exports")
    result = kg("build", SEEDS, "-o", out)
    assert result.returncode == 0, result.stderr
    assert "statements" in result.stderr  # the summary line
    return out


def test_cli_build_writes_exactly_the_export_files(seed_exports):
    assert sorted(p.name for p in seed_exports.iterdir()) == sorted(OUTPUT_NAMES)


def test_cli_statements_jsonl_has_the_documented_shape(seed_exports):
    lines = (seed_exports / "statements.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines
    keys = {"id", "subject", "predicate", "object", "negated", "modality", "condition", "time", "attributed_to",
            "confidence", "rule", "document", "sentence", "start", "end"}
    from kg.extract.rules import rules

    names = {r.name for r in rules()}
    for line in lines:
        record = json.loads(line)
        assert set(record) == keys
        assert record["rule"] in names
        assert set(record["subject"]) == {"id", "label", "type", "aliases"}
        assert set(record["predicate"]) == {"id", "label"}


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { ?s ?p ?o " + " MINUS { ?s ?p ?o }" * 3000 + " }",
        "SELECT * WHERE { ?s ?p ?o FILTER(" + "&&".join(["true"] * 10000) + ") }",
    ],
)
def test_cli_query_of_a_flat_chain_is_one_error_line_not_a_crash(seed_exports, tmp_path, query):
    # found by benchmarks/fuzz.py: Oxigraph's parser recursed along these and kg query died (exit 139)
    path = tmp_path / "flat.rq"
    path.write_text(query, encoding="utf-8")
    result = kg("query", seed_exports, str(path))
    assert result.returncode not in (0, 139), result.returncode
    assert "Traceback" not in result.stderr and "more than 1,000 clauses" in result.stderr


def test_cli_query_nested_5000_deep_is_one_error_line_not_a_crash(seed_exports, tmp_path):
    # this query once made kg query die of a segmentation fault (exit 139, no message)
    query = tmp_path / "deep.rq"
    query.write_text("SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000, encoding="utf-8")
    result = kg("query", seed_exports, str(query))
    assert result.returncode not in (0, 139), result.returncode  # 139: killed by SIGSEGV
    assert "Traceback" not in result.stderr and "deeper than" in result.stderr
    assert result.stderr.strip().count("\n") == 0


def test_cli_query_answers_what_a_country_bought(seed_exports, tmp_path):
    query = """
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?what WHERE {
          ?buyer rdfs:label "Turkey"@en . ?rel rdfs:label ?verb .
          FILTER(?verb IN ("buy"@en, "purchase"@en))
          ?buyer ?rel ?thing . ?thing rdfs:label ?what .
        }"""
    result = kg("query", seed_exports, query)
    assert result.returncode == 0, result.stderr
    assert "S-400" in result.stdout
    rq = tmp_path / "bought.rq"
    rq.write_text(query, encoding="utf-8")
    as_json = kg("query", seed_exports, rq, "--format", "json")
    values = [b["what"]["value"] for b in json.loads(as_json.stdout)["results"]["bindings"]]
    assert "S-400" in values


def test_cli_eval_scores_the_seed_build(seed_exports):
    result = kg("eval", GOLD, seed_exports / "statements.jsonl", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["junk_nodes"] == []
    assert report["required_recall"] >= 0.5
    # issue 18: --format like the other commands that print records; csv for spreadsheets
    assert json.loads(kg("eval", GOLD, seed_exports, "--format", "json").stdout) == report
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(kg("eval", GOLD, seed_exports, "-f", "csv").stdout)))
    assert len(rows) == 1 and float(rows[0]["recall"]) == report["recall"]
    assert int(rows[0]["statements"]) == report["counts"]["statements"]
    gold_folder = seed_exports.parent / "golds"
    gold_folder.mkdir(exist_ok=True)
    (gold_folder / "seed.gold.jsonl").write_bytes(Path(GOLD).read_bytes())
    rows = list(csv.DictReader(io.StringIO(kg("eval", gold_folder, seed_exports, "-f", "csv").stdout)))
    assert [r["gold"] for r in rows][-1] == "total" and len(rows) == 2
    assert float(rows[1]["recall"]) == report["recall"] and float(rows[0]["statements_per_1000_words"]) > 0
    bad = kg("eval", GOLD, seed_exports, "-f", "xml")
    assert bad.returncode != 0 and "unknown format 'xml'" in bad.stderr


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("make_input", "message"),
    [
        (lambda d: d / "missing.txt", "input not found"),
        (lambda d: _write(d / "empty.txt", b""), "empty input file"),
        (lambda d: _write(d / "image.txt", bytes(range(256)) * 8), "binary"),
        (lambda d: (d / "folder").mkdir() or (d / "folder"), "no .txt files"),
    ],
    ids=["missing", "empty", "binary", "folder-without-txt"],
)
def test_cli_bad_input_is_one_clear_line(tmp_path, make_input, message):
    source = make_input(tmp_path)
    out = tmp_path / "out"
    result = kg("build", source, "-o", out)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and message in lines[0]
    assert not out.exists() or not any(out.iterdir())


def test_cli_bad_file_in_a_batch_is_skipped_and_reported(tmp_path):
    good = _write(tmp_path / "good.txt", b"Spain joined NATO in 1982.")
    bad = _write(tmp_path / "bad.txt", b"")
    out = tmp_path / "out"
    result = kg("build", good, bad, "-o", out)
    assert result.returncode == 0, result.stderr
    assert "skipped: empty input file" in result.stderr and "bad.txt" in result.stderr
    assert "skipped 1 input(s): 1 empty" in result.stderr
    assert "built 1 document(s)" in result.stderr and (out / "graph.ttl").is_file()


def test_cli_missing_input_in_a_batch_writes_nothing(tmp_path):
    good = _write(tmp_path / "good.txt", b"Spain joined NATO in 1982.")
    out = tmp_path / "out"
    result = kg("build", good, tmp_path / "typo.txt", "-o", out)
    assert result.returncode != 0 and "input not found" in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_cli_unknown_model_is_a_clear_error(tmp_path):
    good = _write(tmp_path / "good.txt", b"Spain joined NATO in 1982.")
    result = kg("build", good, "-o", tmp_path / "out", "--model", "no_such_model_xyz")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "not installed" in result.stderr


def test_cli_bad_query_is_a_clear_error(seed_exports):
    result = kg("query", seed_exports, "SELECT WHERE {")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert len([line for line in result.stderr.splitlines() if line.strip()]) == 1


def _commands() -> list[str]:
    from kg.cli import app

    return [c.name or c.callback.__name__ for c in app.registered_commands]


@pytest.mark.parametrize("command", _commands())
def test_cli_every_command_has_help(command):
    result = kg(command, "--help")
    assert result.returncode == 0
    assert "Usage" in result.stdout and len(result.stdout.strip().splitlines()) > 3
    # issue 18: clean help, as click's and sqlite-utils' ("SOURCE [SPARQL]", "--output PATH"),
    # not Python types ("<list[Path]>", "<int range>") or "{INPUT}..."
    usage = result.stdout.splitlines()[0]
    assert "{" not in usage and "[[" not in usage, usage
    assert not re.search(r"<[a-z][\w\[\], ]*>", result.stdout), result.stdout


def test_cli_a_short_option_means_one_thing_in_every_command():
    # issue 18: -p was --param, --predicate and --port
    import typer.main

    from kg.cli import app

    meanings: dict[str, set[str]] = {}
    group = typer.main.get_command(app)
    for command in group.commands.values():
        for param in command.params:
            if any(o.startswith("-") for o in param.opts):
                longs = [o for o in param.opts if o.startswith("--")]
                for short in (o for o in param.opts if not o.startswith("--")):
                    meanings.setdefault(short, set()).update(longs)
    assert meanings and all(len(longs) == 1 for longs in meanings.values()), meanings
    assert kg("-V").stdout.startswith("kg ")


def test_cli_seed_build_rdf_files_are_valid(seed_exports):
    """rapper (raptor2-utils, installed by .ci/run) accepts the Turtle and N-Triples of a real build."""
    import shutil

    rapper = shutil.which("rapper")
    assert rapper, "rapper not found: install Debian's raptor2-utils (.ci/run does)"
    for name, syntax in (("graph.ttl", "turtle"), ("graph.nt", "ntriples")):
        result = subprocess.run([rapper, "-c", "-i", syntax, str(seed_exports / name)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert "error" not in result.stderr.lower()


def test_cli_seed_build_trig_and_jsonld_agree_across_parsers(seed_exports):
    import pyoxigraph
    import rdflib

    for name, rdflib_format, ox_format in (
        ("graph.trig", "trig", pyoxigraph.RdfFormat.TRIG),
        ("graph.jsonld", "json-ld", pyoxigraph.RdfFormat.JSON_LD),
    ):
        dataset = rdflib.Dataset()
        dataset.parse(seed_exports / name, format=rdflib_format)
        ox_count = len(list(pyoxigraph.parse(path=str(seed_exports / name), format=ox_format)))
        assert len(dataset) > 0 and len(dataset) == ox_count, name


def test_cli_seed_build_gexf_and_graphml_read_back(seed_exports):
    """GraphML has one edge per statement; GEXF one per relation (statements merged on
    subject, predicate, object and polarity), weighted by its number of statements."""
    import networkx as nx

    statements = [
        json.loads(line) for line in (seed_exports / "statements.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    entities = (seed_exports / "entities.jsonl").read_text(encoding="utf-8").splitlines()
    relations = {(s["subject"]["id"], s["predicate"]["id"], s["object"]["id"], s["negated"]) for s in statements}
    graphml = nx.read_graphml(seed_exports / "graph.graphml")
    assert graphml.number_of_nodes() == len(entities)
    assert graphml.number_of_edges() == len(statements)
    gexf = nx.read_gexf(seed_exports / "graph.gexf")
    assert gexf.number_of_nodes() == len(entities)
    assert gexf.number_of_edges() == len(relations)
    assert sum(weight for _u, _v, weight in gexf.edges(data="weight")) == len(statements)


def test_cli_seed_build_recovers_the_core_facts(seed_exports):
    """The seed gold's required buy and meet triples are found (the issue's acceptance)."""
    result = kg("eval", GOLD, seed_exports, "--json")
    misses = [miss for miss in json.loads(result.stdout)["misses"] if miss["required"]]
    missed_predicates = {word for miss in misses for word in miss["predicate"]}
    assert not {"buy", "meet"} & missed_predicates


def test_cli_rebuild_writes_the_same_bytes(seed_exports, tmp_path):
    """Committed exports only change when the graph does: no hash-order or timestamp noise."""
    again = tmp_path / "again"
    result = kg("build", SEEDS, "-o", again, env={"PYTHONHASHSEED": "12345"})
    assert result.returncode == 0, result.stderr
    for name in OUTPUT_NAMES:
        assert (again / name).read_bytes() == (seed_exports / name).read_bytes(), name


def test_cli_output_path_that_is_a_file_is_a_clear_error(tmp_path):
    good = _write(tmp_path / "good.txt", b"Spain joined NATO in 1982.")
    target = _write(tmp_path / "taken", b"keep me")
    result = kg("build", good, "-o", target)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "not a folder" in result.stderr
    assert target.read_bytes() == b"keep me"


@pytest.mark.parametrize("base", ["not an iri", "https://example.org/kg", "https://example.org/\tkg/", "https://example.org/%zz/", "https://example.org/a\nb/"])
def test_cli_invalid_base_is_a_clear_error(tmp_path, base):
    good = _write(tmp_path / "good.txt", b"Spain joined NATO in 1982.")
    result = kg("build", good, "-o", tmp_path / "out", "--base", base)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "base IRI" in result.stderr
    assert not (tmp_path / "out").exists()


def test_cli_entities_shows_mentions_and_rules(seed_exports):
    result = kg("entities", seed_exports)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in (seed_exports / "entities.jsonl").read_text(encoding="utf-8").splitlines()]
    person = next(r for r in records if r["type"] == "Person" and r["aliases"])
    assert person["label"] in result.stdout
    filtered = kg("entities", seed_exports, "--name", person["aliases"][0])
    assert person["label"] in filtered.stdout
    assert all(f"({m['rule']})" in filtered.stdout for m in person["mentions"])
    # and what decided the type of every entity
    assert result.stdout.count("  type from: ") == len(records)
    assert all(r["type_evidence"] for r in records)
    missing = kg("entities", seed_exports, "--name", "no such entity xyz")
    assert missing.returncode != 0 and "Traceback" not in missing.stderr


def test_cli_building_twice_into_one_folder_keeps_ids(seed_exports, tmp_path):
    out = tmp_path / "twice"
    for _ in range(2):
        assert kg("build", SEEDS, "-o", out).returncode == 0
    ids = [json.loads(line)["id"] for line in (out / "entities.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(ids) == len(set(ids))
    first = {json.loads(line)["id"] for line in (seed_exports / "entities.jsonl").read_text(encoding="utf-8").splitlines()}
    assert set(ids) == first


def test_cli_serve_help_shows_the_librarys_limits():
    # the CLI does not import kg.serve for --help, so the shown defaults are text: keep them true
    from kg.serve import DEFAULT_MAX_BYTES, DEFAULT_MAX_MEMORY

    text = " ".join(kg("serve", "--help", env={**os.environ, "COLUMNS": "200"}).stdout.split())
    assert f"[default: ({DEFAULT_MAX_BYTES >> 20})]" in text and f"[default: ({DEFAULT_MAX_MEMORY >> 20})]" in text


def test_cli_store_build_twice_export_and_remove(tmp_path):
    # issue 17 (7): the second `kg build --store S -o OUT` emptied OUT; `kg export` and `kg remove` act on the whole store
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("Spain joined NATO in 1982.", encoding="utf-8")
    (folder / "b.txt").write_text("Portugal signed a treaty with Brazil.", encoding="utf-8")
    store = tmp_path / "store"
    for run in ("first", "second"):
        result = kg("build", folder, "--store", store, "-o", tmp_path / run)
        assert result.returncode == 0, result.stderr
    assert "2 unchanged and skipped" in result.stderr and "2 document(s)" in result.stderr
    second = (tmp_path / "second" / "statements.jsonl").read_text(encoding="utf-8")
    assert second == (tmp_path / "first" / "statements.jsonl").read_text(encoding="utf-8")
    assert {json.loads(line)["document"] for line in second.splitlines()} == {"a.txt", "b.txt"}

    exported = kg("export", store, "-o", tmp_path / "exported")
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "exported" / "statements.jsonl").read_text(encoding="utf-8") == second

    missing = kg("remove", store, "c.txt")
    assert missing.returncode != 0 and "no document 'c.txt'" in missing.stderr and "Traceback" not in missing.stderr
    removed = kg("remove", store, "a.txt", "-o", tmp_path / "left")
    assert removed.returncode == 0 and "1 removed" in removed.stderr and "1 document(s)" in removed.stderr
    left = (tmp_path / "left" / "statements.jsonl").read_text(encoding="utf-8")
    assert {json.loads(line)["document"] for line in left.splitlines()} == {"b.txt"}

    assert kg("export", tmp_path / "news", "-o", tmp_path / "x").returncode != 0  # not a store
    unpruned = kg("build", folder, "--prune", "-o", tmp_path / "y")
    assert unpruned.returncode != 0 and "--prune needs --store" in unpruned.stderr


def test_cli_import_and_help_do_not_load_spacy():
    # issue 19 (3): `import kg` loaded spaCy, so every `kg --help` took 0.7 s (benchmarks/startup.py times it)
    code = (
        "import sys, kg, kg.cli; "
        "assert 'spacy' not in sys.modules, 'spacy imported'; "
        "assert kg.__version__ and issubclass(kg.KGError, Exception); "
        "kg.KnowledgeGraph; kg.build; assert 'spacy' in sys.modules"  # the API still loads on first use
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    assert "Usage" in kg("--help").stdout


def test_cli_committed_exports_are_what_the_code_builds(tmp_path):
    # issue 18: the committed exports/ must never drift from the code that claims to make them:
    # the README's build command, run again, gives the same graph and files
    out = tmp_path / "exports"
    result = subprocess.run(
        [sys.executable, "-m", "kg.cli", "build", "seeds", "-o", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    committed = ROOT / "exports"
    from rdflib import Dataset, Graph
    from rdflib.compare import isomorphic

    for name in OUTPUT_NAMES:
        fresh, kept = out / name, committed / name
        if name.endswith((".png", ".svg")):
            assert kept.stat().st_size > 0 and fresh.stat().st_size > 0, name  # fonts may differ by machine
        elif name in {"graph.ttl", "graph.nt", "graph.jsonld"}:
            fmt = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[name.split(".")[1]]
            assert isomorphic(Graph().parse(fresh, format=fmt), Graph().parse(kept, format=fmt)), name
        elif name == "graph.trig":
            fresh_ds, kept_ds = Dataset().parse(fresh, format="trig"), Dataset().parse(kept, format="trig")
            assert sorted(map(str, fresh_ds.quads())) == sorted(map(str, kept_ds.quads())), name
        else:
            assert fresh.read_bytes() == kept.read_bytes(), f"{name} differs: rebuild exports/ (README)"


def test_cli_exit_codes_are_distinct_and_in_the_readme():
    # issue 18: an input error exited 2, the parser's own usage code
    from kg import errors

    codes = {cls.exit_code for cls in vars(errors).values() if isinstance(cls, type) and issubclass(cls, errors.KGError)}
    assert 2 not in codes and codes <= set(errors.EXIT_CODES)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert all(f"| {code} | {meaning} |" in readme for code, meaning in errors.EXIT_CODES.items())
    assert kg("build", "/no/such/input").returncode == errors.InputError.exit_code
    assert kg("build", "--no-such-option").returncode == 2


def test_cli_build_counts_the_page_furniture_it_left_out(tmp_path):
    article = _write(tmp_path / "a.txt", b"By Jane Smith, Acme News\nSpain joined NATO in 1982.\nFollow us on X\n")
    out = tmp_path / "out"
    result = kg("build", article, "-o", out)
    assert result.returncode == 0, result.stderr
    assert "left out 2 line(s) of page furniture" in result.stderr
    labels = {json.loads(line)["label"] for line in (out / "entities.jsonl").read_text().splitlines()}
    assert "Jane Smith" not in labels and "Spain" in labels


def _kg_stdin(data: bytes, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], input=data, capture_output=True, timeout=300)


def test_cli_dash_reads_standard_input(seed_exports, tmp_path):
    out = tmp_path / "out"
    built = _kg_stdin(b"Spain joined NATO in 1982. France bought 20 jets from Italy.\n", "build", "-", "-o", out)
    assert built.returncode == 0, built.stderr
    statements = [json.loads(line) for line in (out / "statements.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {s["document"] for s in statements} == {"stdin"}
    assert any(s["subject"]["label"] == "Spain" and s["object"]["label"] == "NATO" for s in statements)

    query = _kg_stdin(b"SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "query", seed_exports, "-", "--format", "json")
    assert query.returncode == 0, query.stderr
    assert int(json.loads(query.stdout)["results"]["bindings"][0]["n"]["value"]) > 0

    openie = _kg_stdin(b"Spain joined NATO in 1982.\n", "openie", "-")
    assert openie.returncode == 0 and openie.stdout.decode().startswith("Spain joined NATO in 1982.\t")

    empty = _kg_stdin(b"", "build", "-", "-o", tmp_path / "none")
    assert empty.returncode != 0 and b"standard input" in empty.stderr and b"Traceback" not in empty.stderr
    bad = _kg_stdin(b"\xff\xfe\x00bad", "query", seed_exports, "-")
    assert bad.returncode != 0 and b"not UTF-8" in bad.stderr and b"Traceback" not in bad.stderr


def test_cli_entities_and_queries_print_json_and_csv(seed_exports):
    records = [json.loads(line) for line in (seed_exports / "entities.jsonl").read_text(encoding="utf-8").splitlines()]
    person = next(r for r in records if r["type"] == "Person" and r["aliases"])
    as_json = kg("entities", seed_exports, "--name", person["label"], "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    assert person in json.loads(as_json.stdout)
    as_csv = kg("entities", seed_exports, "-f", "csv")
    assert as_csv.returncode == 0, as_csv.stderr
    import csv as csv_module

    rows = list(csv_module.DictReader(as_csv.stdout.splitlines()))
    assert len(rows) == len(records) and {r["id"] for r in rows} == {r["id"] for r in records}
    row = next(r for r in rows if r["id"] == person["id"])
    assert int(row["mentions"]) == len(person["mentions"]) and row["type"] == person["type"]
    bad = kg("entities", seed_exports, "--format", "xml")
    assert bad.returncode != 0 and "unknown format 'xml'" in bad.stderr and "Traceback" not in bad.stderr
    listing = kg("queries", "--format", "json")
    assert listing.returncode == 0, listing.stderr
    assert {q["name"] for q in json.loads(listing.stdout)} >= {"about"}


def test_cli_build_without_output_says_when_the_default_folder_holds_other_files(tmp_path):
    article = _write(tmp_path / "a.txt", b"Spain joined NATO in 1982.")
    run = lambda: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "kg.cli", "build", str(article)], capture_output=True, text=True, cwd=tmp_path, timeout=300
    )
    first = run()  # a new folder: nothing to say
    assert first.returncode == 0 and "did not write" not in first.stderr, first.stderr
    again = run()  # kg's own files: nothing to say
    assert again.returncode == 0 and "did not write" not in again.stderr
    (tmp_path / "exports" / "my-notes.txt").write_text("mine", encoding="utf-8")
    third = run()
    assert third.returncode == 0, third.stderr
    assert "exports/ holds 1 file(s) kg did not write (first: my-notes.txt)" in third.stderr
    assert (tmp_path / "exports" / "my-notes.txt").read_text(encoding="utf-8") == "mine"


def test_cli_build_quiet_and_verbose(tmp_path):
    article = _write(tmp_path / "a.txt", b"Spain joined NATO in 1982.")
    quiet = kg("build", article, SEEDS, "-o", tmp_path / "q", "--quiet")
    assert quiet.returncode == 0 and quiet.stderr == "", quiet.stderr
    verbose = kg("build", article, SEEDS, "-o", tmp_path / "v", "-v")
    assert verbose.returncode == 0, verbose.stderr
    lines = verbose.stderr.splitlines()
    assert any(line.startswith("a.txt: ") and "statements" in line for line in lines)
    assert any(line.startswith("turkey-russia-s400.txt: ") for line in lines) and any(line.startswith("built 2 document(s)") for line in lines)
    both = kg("build", article, "-o", tmp_path / "b", "-q", "-v")
    assert both.returncode != 0 and "not both" in both.stderr and not (tmp_path / "b").exists()
