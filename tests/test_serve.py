"""Tests of kg.serve: pure helpers, and a real ``kg serve`` process spoken to over loopback.

Two servers run for the whole module, one over an exports folder (its
``graph.trig``) and one over a kg store folder with updates allowed, both made
from the hand-built ``small_kg``. They listen on ``--port 0`` (a free port
chosen by the system, so no race between finding a port and binding it) and
print their URL on stderr, which the fixture reads.
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from xml.etree import ElementTree

import pyoxigraph as ox
import pytest
from SPARQLWrapper import CSV, JSON, TSV, TURTLE, XML, SPARQLWrapper

from kg.export import write_all
from kg.graph.store import add_to_store, open_store
from kg.serve import MAX_BODY_BYTES, TIMEOUT_STATUS, TRUNCATED_HEADER, negotiate, uses_service

# Every HTTP call of these tests gives up after this many seconds.
REQUEST_TIMEOUT_S = 15
# A started server must print its URL within this many seconds.
START_TIMEOUT_S = 30
QUERY_TIMEOUT_S = 1
MAX_ROWS = 4
URL_PATTERN = re.compile(r"http://127\.0\.0\.1:\d+/sparql")

COUNTRIES = "SELECT ?label WHERE { ?entity a schema:Country ; rdfs:label ?label } ORDER BY ?label"
# Four triple patterns over the whole graph: hundreds of millions of rows to count, minutes of work.
CROSS_PRODUCT_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def _start_server(source: Path, log: Path, *options: str) -> tuple[subprocess.Popen, str]:
    """Start ``kg serve SOURCE`` on a free loopback port and return the process and its endpoint URL."""
    command = [sys.executable, "-m", "kg.cli", "serve", str(source), "--host", "127.0.0.1", "--port", "0", "-q"]
    with log.open("wb") as stderr:
        process = subprocess.Popen([*command, *options], stdout=subprocess.DEVNULL, stderr=stderr)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        found = URL_PATTERN.search(log.read_text(encoding="utf-8", errors="replace"))
        if found:
            return process, found.group(0)
        if process.poll() is not None:
            break
        time.sleep(0.05)
    _stop(process)
    pytest.fail(f"kg serve did not start: {log.read_text(encoding='utf-8', errors='replace')}")


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def exports_server(tmp_path_factory, small_kg):
    """A read-only server over an exports folder holding ``graph.trig``."""
    folder = tmp_path_factory.mktemp("serve-exports")
    write_all(small_kg, folder / "exports", ["graph.trig"])
    process, url = _start_server(
        folder / "exports",
        folder / "stderr.log",
        "--timeout", str(QUERY_TIMEOUT_S), "--max-rows", str(MAX_ROWS), "--workers", "2",
    )
    yield url
    _stop(process)
    assert process.returncode == 0, (folder / "stderr.log").read_text()


@pytest.fixture(scope="module")
def store_server(tmp_path_factory, small_kg):
    """A server over a kg store folder that accepts SPARQL Update."""
    folder = tmp_path_factory.mktemp("serve-store")
    store = open_store(folder / "store")
    add_to_store(store, small_kg)
    del store  # close it before the server's workers open it
    process, url = _start_server(folder / "store", folder / "stderr.log", "--allow-update", "--workers", "2")
    yield url
    _stop(process)


def _request(
    url: str,
    data: dict[str, str] | None = None,
    accept: str = "",
    params: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
):
    """(status, headers, body) of a GET (or, with ``data``, a form POST), whatever the status."""
    if params:
        url = f"{url}?{urllib.parse.urlencode(params)}"
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    sent = ({"Accept": accept} if accept else {}) | (headers or {})
    request = urllib.request.Request(url, data=body, headers=sent)
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT_S) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers, error.read()


def _sparqlwrapper(url: str, query: str, return_format: str) -> SPARQLWrapper:
    client = SPARQLWrapper(url)
    client.setQuery(query)
    client.setReturnFormat(return_format)
    client.setTimeout(REQUEST_TIMEOUT_S)
    return client


# --- pure helpers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "graph", "expected"),
    [
        ("", False, "application/sparql-results+json"),
        ("*/*", False, "application/sparql-results+json"),
        ("text/csv", False, "text/csv"),
        ("text/csv;q=0.5, application/sparql-results+xml", False, "application/sparql-results+xml"),
        ("text/tab-separated-values, text/csv;q=0", False, "text/tab-separated-values"),
        ("", True, "text/turtle"),
        ("application/n-triples", True, "application/n-triples"),
        ("application/sparql-results+json, text/turtle;q=0.9", True, "text/turtle"),
    ],
)
def test_serve_negotiate_picks_best_supported_type(accept, graph, expected):
    assert negotiate(accept, graph=graph)[0] == expected


@pytest.mark.parametrize(
    ("query", "federated"),
    [
        ("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", True),
        ("select * { service silent ?endpoint { ?s ?p ?o } }", True),
        ("SELECT ?service { ?service a schema:Service }", False),
        ("SELECT * { ?s ?p <https://example.org/SERVICE> }", False),
        ('SELECT * { ?s rdfs:label "SERVICE <http://x> {}" }', False),
        ("SELECT * { ?s ?p ?o } # SERVICE <http://x> { }", False),
        ("SELECT * { ?s ?p ?o FILTER(?o<?s) SERVICE <http://x> { ?a ?b ?c } }", True),
        # issue 17's bypass: an escaped "#" in a prefixed name opens no comment
        (r"PREFIX ex: <http://e/> SELECT * WHERE { BIND(ex:a\#b AS ?z) SERVICE <http://127.0.0.1:1/x> { ?s ?p ?o } }", True),
        ("SELECT * { ?s ?p '''it's \"SERVICE\"''' }", False),
        # issue 17 (benchmarks/fuzz.py): a comment ends at a carriage return too
        ("SELECT * { ?s ?p ?o # note\rSERVICE <http://x> { ?a ?b ?c } }", True),
        ("SELECT * { ?s ?p ?o # note\r\nSERVICE <http://x> { ?a ?b ?c } }", True),
    ],
)
def test_serve_uses_service_sees_only_the_keyword(query, federated):
    assert uses_service(query) is federated


# --- a real server ---------------------------------------------------------------------------


@pytest.mark.parametrize("server", ["exports_server", "store_server"])
def test_serve_select_json_with_sparqlwrapper(request, server):
    url = request.getfixturevalue(server)
    data = _sparqlwrapper(url, COUNTRIES, JSON).query().convert()
    assert data["head"]["vars"] == ["label"]
    assert [row["label"]["value"] for row in data["results"]["bindings"]] == ["Norway", "Sweden"]


def test_serve_post_forms_and_query_body(exports_server):
    status, _headers, body = _request(exports_server, data={"query": COUNTRIES})
    assert status == 200
    assert [row["label"]["value"] for row in json.loads(body)["results"]["bindings"]] == ["Norway", "Sweden"]

    request = urllib.request.Request(
        exports_server, data=COUNTRIES.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT_S) as response:
        assert len(json.loads(response.read())["results"]["bindings"]) == 2


def test_serve_result_formats_by_accept(exports_server):
    client = _sparqlwrapper(exports_server, COUNTRIES, CSV)
    result = client.query()
    assert result.info()["content-type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(result.convert().decode()))) == [["label"], ["Norway"], ["Sweden"]]

    client.setReturnFormat(TSV)
    result = client.query()
    assert result.info()["content-type"].startswith("text/tab-separated-values")
    assert result.convert().decode().split() == ["?label", '"Norway"@en', '"Sweden"@en']

    client.setReturnFormat(XML)
    result = client.query()
    assert result.info()["content-type"].startswith("application/sparql-results+xml")
    namespace = "{http://www.w3.org/2005/sparql-results#}"
    root = ElementTree.fromstring(result.convert().toxml())
    assert [literal.text for literal in root.iter(f"{namespace}literal")] == ["Norway", "Sweden"]


def test_serve_construct_returns_turtle(exports_server):
    query = "CONSTRUCT { ?entity rdfs:label ?label } WHERE { ?entity a schema:Country ; rdfs:label ?label }"
    result = _sparqlwrapper(exports_server, query, TURTLE).query()
    assert result.info()["content-type"].startswith("text/turtle")
    triples = list(ox.parse(result.convert(), format=ox.RdfFormat.TURTLE))
    assert sorted(triple.object.value for triple in triples) == ["Norway", "Sweden"]
    assert {triple.predicate.value for triple in triples} == {"http://www.w3.org/2000/01/rdf-schema#label"}


def test_serve_ask(exports_server):
    status, _headers, body = _request(exports_server, params={"query": "ASK { ?s skos:altLabel \"Noregur\"@en }"})
    assert status == 200
    assert json.loads(body)["boolean"] is True


def test_serve_update_is_forbidden_when_read_only(exports_server):
    status, _headers, body = _request(exports_server, data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"})
    assert status == 403
    assert "--allow-update" in body.decode()
    request = urllib.request.Request(
        exports_server, data=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update"}
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT_S)
    assert refused.value.code == 403
    refused.value.close()


def test_serve_answers_only_its_own_host_names(exports_server):
    # DNS rebinding: a page of evil.example re-pointed at 127.0.0.1 sends its own name as Host
    port = urllib.parse.urlsplit(exports_server).port
    query = {"query": COUNTRIES}
    assert _request(exports_server, params=query, headers={"Host": f"evil.example:{port}"})[0] == 403
    assert _request(exports_server, params=query, headers={"Host": f"localhost:{port}"})[0] == 200
    assert _request(exports_server, params=query, headers={"Host": f"127.0.0.1:{port + 1}"})[0] == 403


def test_serve_refuses_an_update_from_another_sites_page(store_server):
    # CSRF: a form on evil.example posting to the endpoint (the browser adds Origin / Sec-Fetch-Site)
    ask = {"query": "ASK { <urn:csrf> <urn:p> <urn:o> }"}
    insert = {"update": "INSERT DATA { <urn:csrf> <urn:p> <urn:o> }"}
    for headers in ({"Origin": "http://evil.example"}, {"Sec-Fetch-Site": "cross-site"}, {"Origin": "null"}):
        status, _headers, body = _request(store_server, data=insert, headers=headers)
        assert status == 403 and "another site" in body.decode()
    assert json.loads(_request(store_server, params=ask)[2])["boolean"] is False


def test_serve_refuses_load_of_a_url_without_allow_service(store_server):
    status, _headers, body = _request(store_server, data={"update": "LOAD <http://127.0.0.1:9/data.ttl>"})
    assert status == 403 and "--allow-service" in body.decode()


def test_serve_update_changes_the_store_when_allowed(store_server):
    ask = {"query": "ASK { <urn:kg:test> rdfs:label \"inserted\" }"}
    assert json.loads(_request(store_server, params=ask)[2])["boolean"] is False
    insert = 'INSERT DATA { <urn:kg:test> rdfs:label "inserted" }'
    status, _headers, _body = _request(store_server, data={"update": insert})
    assert status == 204
    assert json.loads(_request(store_server, params=ask)[2])["boolean"] is True


def test_serve_timeout_stops_a_runaway_query(exports_server):
    started = time.monotonic()
    status, _headers, body = _request(exports_server, params={"query": CROSS_PRODUCT_COUNT})
    elapsed = time.monotonic() - started
    assert status == TIMEOUT_STATUS
    assert "time limit of 1 s" in body.decode()
    assert elapsed < 5
    # The killed worker was replaced: the endpoint still answers.
    assert _request(exports_server, params={"query": COUNTRIES})[0] == 200


def test_serve_malformed_query_is_a_400_with_the_parser_message(exports_server):
    status, _headers, body = _request(exports_server, params={"query": "SELECT ?x WHERE { ?x"})
    text = body.decode()
    assert status == 400
    assert text.startswith("invalid SPARQL query: ")
    assert text.count("\n") == 1


def test_serve_refuses_a_query_nested_5000_deep_and_keeps_answering(exports_server):
    # Oxigraph's parser crashes its process on such a query: it must never reach a worker
    deep = "SELECT * WHERE { ?s <http://e/x#y> ?o . " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000 + " }"
    status, _headers, body = _request(exports_server, data={"query": deep})
    assert status == 400 and "deeper than" in body.decode()
    assert _request(exports_server, params={"query": COUNTRIES})[0] == 200


def test_serve_refuses_a_flat_chain_the_parser_cannot_take(exports_server):
    # found by benchmarks/fuzz.py: 3,000 MINUS clauses killed the worker (a 500 that said "out of memory")
    flat = "SELECT * WHERE { ?s ?p ?o " + " MINUS { ?s ?p ?o }" * 3000 + " }"
    status, _headers, body = _request(exports_server, data={"query": flat})
    assert status == 400 and "more than 1,000 clauses" in body.decode()
    assert _request(exports_server, params={"query": COUNTRIES})[0] == 200


def test_serve_answers_a_result_holding_a_triple_term(exports_server):
    # kg query answered this, the endpoint gave a 500: a triple term is no N-Triples term
    query = "SELECT ?t WHERE { BIND(<<( <urn:a> <urn:b> <<( <urn:c> <urn:d> <urn:e> )>> )>> AS ?t) }"
    status, _headers, body = _request(exports_server, params={"query": query}, accept="application/sparql-results+json")
    assert status == 200, body
    value = json.loads(body)["results"]["bindings"][0]["t"]
    assert value["type"] == "triple" and value["value"]["subject"]["value"] == "urn:a"
    assert value["value"]["object"]["value"]["object"]["value"] == "urn:e"


def test_serve_a_value_over_16_mib_is_one_error_answer_not_a_dead_worker():
    # Oxigraph's result reader stops at 16 MiB a value with a MemoryError, which killed the worker;
    # run as the worker runs it (the test server's 1 s limit would stop the query first)
    from kg.serve import _answer, _QueryJob

    doublings = " ".join(f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(23))
    query = 'SELECT ?v WHERE { BIND("abc" AS ?a0) ' + doublings + " BIND(?a23 AS ?v) }"  # one 24 MiB string
    response = _answer(ox.Store(), _QueryJob(query, "application/sparql-results+json", 10))
    assert response.status == 500 and b"larger than 16 MiB" in response.body


def test_serve_a_megabyte_of_unclosed_strings_is_answered_at_once(exports_server):
    # issue 17: the SERVICE check was a backtracking regex; 100 KB of this froze every request
    # for ~20 s, 1 MB for about half an hour. Now one linear pass: the parser's 400 comes back.
    body = ('"""\n\\' * 200_000)[: MAX_BODY_BYTES // 3 - 100]  # ~350 KB, 1 MB once form-encoded
    status, _headers, answer = _request(exports_server, data={"query": body})
    assert status == 400 and answer.decode().startswith("invalid SPARQL query")
    assert _request(exports_server, params={"query": COUNTRIES})[0] == 200


def test_serve_refuses_the_escaped_hash_service_bypass(exports_server):
    query = r"PREFIX ex: <http://e/> SELECT * WHERE { BIND(ex:a\#b AS ?z) SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }"
    status, _headers, body = _request(exports_server, params={"query": query})
    assert status == 403 and "SERVICE" in body.decode()


def test_serve_refuses_a_service_after_a_comment_ended_by_a_carriage_return(exports_server):
    # issue 17 (benchmarks/fuzz.py): the check read a comment to the next line feed, Oxigraph ends it
    # at a carriage return too, so this SERVICE ran and the server connected to the IRI
    with socket.create_server(("127.0.0.1", 0)) as trap:
        trap.settimeout(0.5)
        iri = f"<http://127.0.0.1:{trap.getsockname()[1]}/sparql>"
        query = f"SELECT * WHERE {{ ?s ?p ?o # note\rSERVICE SILENT {iri} {{ ?a ?b ?c }} }}"
        status, _headers, body = _request(exports_server, params={"query": query})
        with pytest.raises(TimeoutError):
            trap.accept()[0].close()  # a connection here is a request the server made
    assert status == 403 and "SERVICE" in body.decode()


def test_serve_refuses_nesting_after_a_comment_ended_by_a_carriage_return(exports_server):
    # the same comment hid 5,000 brackets from the nesting check: the parser crashed the worker
    deep = "SELECT * WHERE { ?s ?p ?o # note\r" + "{" * 5000 + " ?s ?p ?o " + "}" * 5000 + " }"
    status, _headers, body = _request(exports_server, data={"query": deep})
    assert status == 400 and "deeper than" in body.decode()


def test_serve_a_query_past_the_memory_limit_ends_its_worker_not_the_server(tmp_path, small_kg):
    # issue 17: a 1 KB query of nested CONCAT doublings took the workers to 3.5 GiB in 5 s
    write_all(small_kg, tmp_path / "exports", ["graph.trig"])
    process, url = _start_server(tmp_path / "exports", tmp_path / "log", "--max-memory", "1536", "--timeout", "30")
    try:
        doublings = " ".join(f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(31))
        query = 'SELECT (STRLEN(?a31) AS ?n) WHERE { BIND("ab" AS ?a0) ' + doublings + " }"  # a 4 GiB string
        status, _headers, body = _request(url, params={"query": query})
        assert status == 500 and "out of memory" in body.decode()
        assert _request(url, params={"query": COUNTRIES})[0] == 200  # a new worker answers
    finally:
        _stop(process)


def test_serve_an_answer_is_cut_to_the_byte_limit(tmp_path, small_kg):
    # issue 17: a 1.2 KB query once returned a 200 MiB body; with --max-bytes 1 the rows that fit come
    write_all(small_kg, tmp_path / "exports", ["graph.trig"])
    process, url = _start_server(tmp_path / "exports", tmp_path / "log", "--max-bytes", "1", "--max-rows", "100000")
    try:
        doublings = " ".join(f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(14))
        query = 'SELECT ?s ?v WHERE { ?s ?p ?o BIND("ab" AS ?a0) ' + doublings + " BIND(?a14 AS ?v) }"  # 32 KB a row
        status, headers, body = _request(url, params={"query": query}, accept="application/sparql-results+json")
        assert status == 200 and headers[TRUNCATED_HEADER] == "true"
        assert len(body) <= 1 << 20
        rows = json.loads(body)["results"]["bindings"]
        assert 10 < len(rows) < 40 and all(len(row["v"]["value"]) == 2 << 14 for row in rows)
        construct = "CONSTRUCT { ?s <urn:v> ?v } WHERE { ?s ?p ?o BIND(\"ab\" AS ?a0) " + doublings + " BIND(CONCAT(STR(?o), ?a14) AS ?v) }"
        status, headers, body = _request(url, params={"query": construct}, accept="application/n-triples")
        assert status == 200 and headers[TRUNCATED_HEADER] == "true" and 0 < len(body) <= 1 << 20
    finally:
        _stop(process)


def test_serve_row_limit_truncates(exports_server):
    status, headers, body = _request(exports_server, params={"query": "SELECT ?label WHERE { ?x rdfs:label ?label }"})
    assert status == 200
    assert headers[TRUNCATED_HEADER] == "true"
    assert len(json.loads(body)["results"]["bindings"]) == MAX_ROWS
    _status, headers, _body = _request(exports_server, params={"query": COUNTRIES})
    assert headers[TRUNCATED_HEADER] is None


def test_serve_protocol_errors(exports_server):
    assert _request(exports_server, params={"default-graph-uri": "urn:x"})[0] == 400  # no query
    assert _request(exports_server.replace("/sparql", "/nothing-here"))[0] == 404
    federated = "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    assert _request(exports_server, params={"query": federated})[0] == 403

    host, port = urllib.parse.urlsplit(exports_server).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=REQUEST_TIMEOUT_S)
    try:  # announce a body over the limit but do not send it: the server must answer without reading it
        connection.putrequest("POST", "/sparql")
        connection.putheader("Content-Type", "application/sparql-query")
        connection.putheader("Content-Length", str(MAX_BODY_BYTES + 1))
        connection.endheaders()
        assert connection.getresponse().status == 413
    finally:
        connection.close()


def test_serve_query_page(exports_server):
    status, headers, body = _request(exports_server.replace("/sparql", "/"))
    page = body.decode()
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    assert "<textarea" in page and "<script>" in page
    assert "src=" not in page and "href=" not in page  # nothing to fetch: works offline


def test_serve_bad_source_is_one_error_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "kg.cli", "serve", str(tmp_path / "missing"), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert "not found" in result.stderr


def test_serve_loads_a_triples_only_file_with_document_graphs(small_kg, tmp_path):
    """A Turtle export is served with each document's graph put back, so the named queries answer."""
    from kg.graph.namespaces import PREFIXES
    from kg.query import named_query
    from kg.serve import load_into_store

    write_all(small_kg, tmp_path, ["graph.ttl", "graph.trig"])
    negated = named_query("negated").text
    answers = []
    for name in ("graph.ttl", "graph.trig"):
        target = load_into_store(tmp_path / name, tmp_path / f"store-{name}")
        store = ox.Store.read_only(str(target))
        rows = store.query(negated, prefixes=PREFIXES, use_default_graph_as_union=True)
        answers.append(sorted(tuple(term.value for term in row) for row in rows))
    assert answers[0] == answers[1] and len(answers[0]) == 1


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [("--timeout", "inf", "timeout"), ("--timeout", "nan", "timeout"), ("--timeout", "0", "timeout"), ("--port", "99999", "port")],
)
def test_serve_refuses_an_impossible_option_at_once(option, value, message):
    # these were accepted and failed later: every request failing, or a traceback at bind time
    exports = Path(__file__).resolve().parents[1] / "exports"
    result = subprocess.run(
        [sys.executable, "-m", "kg.cli", "serve", str(exports), option, value],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0 and message in result.stderr


def test_serve_a_server_killed_with_sigkill_leaves_no_copy_for_long(tmp_path, small_kg, monkeypatch):
    # issue 17: each kill -9 of `kg serve EXPORTS` left a full copy of the data in the temp folder
    import signal

    write_all(small_kg, tmp_path / "exports", ["graph.trig"])
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    first, _url = _start_server(tmp_path / "exports", tmp_path / "log1")
    first.send_signal(signal.SIGKILL)
    first.wait()
    left = [p.name for p in temp.iterdir() if p.name.startswith("kg-serve-")]
    assert left  # the copy the killed server could not remove
    second, url = _start_server(tmp_path / "exports", tmp_path / "log2")
    try:
        assert _request(url, params={"query": COUNTRIES})[0] == 200
        now = [p.name for p in temp.iterdir() if p.name.startswith("kg-serve-")]
        assert not set(left) & set(now) and len(now) == 1  # the dead one's copy gone, the live one's kept
    finally:
        _stop(second)
    assert not [p for p in temp.iterdir() if p.name.startswith("kg-serve-")]


def test_serve_starts_in_a_folder_that_holds_a_kg_folder(tmp_path, small_kg):
    # issue 18: the workers imported ./kg instead of kg ("cannot import name '__version__'")
    script = Path(sys.executable).parent / "kg"
    if not script.exists():
        pytest.skip("no kg console script beside this interpreter (not installed in a venv)")
    (tmp_path / "kg").mkdir()
    (tmp_path / "kg" / "__init__.py").write_text("", encoding="utf-8")
    write_all(small_kg, tmp_path / "exports", ["graph.trig"])
    log = tmp_path / "stderr.log"
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            [str(script), "serve", "exports", "--host", "127.0.0.1", "--port", "0", "-q", "--workers", "1"],
            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=stderr,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        found = None
        while time.monotonic() < deadline and process.poll() is None and not found:
            found = URL_PATTERN.search(log.read_text(encoding="utf-8", errors="replace"))
            time.sleep(0.05)
        assert found, log.read_text(encoding="utf-8", errors="replace")
        assert _request(found.group(0), params={"query": COUNTRIES})[0] == 200
    finally:
        _stop(process)


def test_serve_query_page_runs_a_query_longer_than_a_url_may_be(exports_server, browser):
    # issue 18: the page sent queries by GET, so one over about 64 KB got 414
    long_query = "# " + "x" * 100_000 + "\n" + COUNTRIES
    page_url = exports_server.rsplit("/sparql", 1)[0] + "/"
    page = browser.new_page()
    try:
        page.goto(page_url)
        page.fill("#query", long_query)
        page.dispatch_event("#form", "submit")
        page.wait_for_function("document.getElementById('status').textContent.includes('row')", timeout=20_000)
        assert "row(s)" in page.text_content("#status")
        assert page.locator("#result table tr").count() > 1
    finally:
        page.close()


# --- CORS, content negotiation, service description (issue 18) -------------------------------


def test_serve_answers_to_queries_carry_cors_and_vary_and_updates_do_not(exports_server, store_server):
    for params in ({"query": COUNTRIES}, {"query": "SELECT WHERE {"}):  # an answer and an error alike
        status, headers, _ = _request(exports_server, params=params, headers={"Origin": "http://localhost:9"})
        assert status in (200, 400)
        assert headers["Access-Control-Allow-Origin"] == "*"
        assert "Accept" in headers["Vary"]
        assert TRUNCATED_HEADER in headers["Access-Control-Expose-Headers"]
    # an update's answer is never readable by another site's page, whatever its outcome
    status, headers, _ = _request(store_server, data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"})
    assert status == 204 and headers.get("Access-Control-Allow-Origin") is None
    status, headers, _ = _request(exports_server, data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"})
    assert status == 403 and headers.get("Access-Control-Allow-Origin") is None


def _options(url: str, headers: dict[str, str]) -> http.client.HTTPResponse:
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=REQUEST_TIMEOUT_S)
    connection.request("OPTIONS", parts.path, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_serve_answers_a_cors_preflight(exports_server):
    response = _options(
        exports_server,
        {"Origin": "http://localhost:9", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"},
    )
    assert response.status == 204
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "content-type" in response.headers["Access-Control-Allow-Headers"].lower()
    assert int(response.headers["Access-Control-Max-Age"]) > 0
    assert response.headers.get("Content-Length") is None  # a 204 has no body
    assert _options(exports_server.rsplit("/", 1)[0] + "/elsewhere", {}).status == 404


@pytest.mark.parametrize("accept", ["image/png", "text/html", "application/sparql-results+json;q=0"])
def test_serve_an_accept_it_cannot_write_is_406(exports_server, accept):
    status, headers, body = _request(exports_server, params={"query": COUNTRIES}, accept=accept)
    assert status == 406
    assert "application/sparql-results+json" in body.decode()  # says what it can write
    status, _, _ = _request(exports_server, params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, accept=accept)
    assert status == 406


def test_serve_negotiate_refuses_only_types_it_cannot_write():
    assert negotiate("image/png", graph=False) is None
    assert negotiate("text/csv;q=0", graph=False) is None
    assert negotiate("image/png, */*;q=0.1", graph=False)[0] == "application/sparql-results+json"
    assert negotiate("application/sparql-results+json", graph=True) is None


def test_serve_describes_itself_at_the_endpoint_url(exports_server, store_server):
    import rdflib

    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    status, headers, body = _request(exports_server)
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert headers["Access-Control-Allow-Origin"] == "*"
    graph = rdflib.Graph().parse(data=body.decode(), format="turtle")
    service = rdflib.URIRef(exports_server)
    assert (service, rdflib.RDF.type, sd.Service) in graph
    assert (service, sd.endpoint, service) in graph
    assert set(graph.objects(service, sd.supportedLanguage)) == {sd.SPARQL11Query}
    assert (service, sd.feature, sd.UnionDefaultGraph) in graph
    formats = {str(f) for f in graph.objects(service, sd.resultFormat)}
    assert "http://www.w3.org/ns/formats/SPARQL_Results_JSON" in formats and "http://www.w3.org/ns/formats/Turtle" in formats
    # in the format asked for, and Update listed where it is allowed
    status, headers, body = _request(store_server, accept="application/ld+json")
    assert status == 200 and headers["Content-Type"].startswith("application/ld+json")
    graph = rdflib.Graph().parse(data=body.decode(), format="json-ld")
    assert set(graph.objects(rdflib.URIRef(store_server), sd.supportedLanguage)) == {sd.SPARQL11Query, sd.SPARQL11Update}


def test_serve_cors_origin_is_configurable(tmp_path, small_kg):
    write_all(small_kg, tmp_path / "exports", ["graph.trig"])
    process, url = _start_server(tmp_path / "exports", tmp_path / "stderr.log", "--cors", "https://maps.example.org", "--workers", "1")
    try:
        status, headers, _ = _request(url, params={"query": COUNTRIES})
        assert status == 200 and headers["Access-Control-Allow-Origin"] == "https://maps.example.org"
        assert "Origin" in headers["Vary"] and "Accept" in headers["Vary"]
    finally:
        _stop(process)
    process, url = _start_server(tmp_path / "exports", tmp_path / "stderr2.log", "--cors", "none", "--workers", "1")
    try:
        status, headers, _ = _request(url, params={"query": COUNTRIES})
        assert status == 200 and headers.get("Access-Control-Allow-Origin") is None and headers["Vary"] == "Accept"
    finally:
        _stop(process)
    bad = subprocess.run(
        [sys.executable, "-m", "kg.cli", "serve", str(tmp_path / "exports"), "--cors", "javascript:alert(1)"],
        capture_output=True, text=True, timeout=60,
    )
    assert bad.returncode != 0 and "CORS origin" in bad.stderr and "Traceback" not in bad.stderr


_CROSS_ORIGIN_PAGE = """<!doctype html><meta charset="utf-8"><title>another site</title><pre id="out">waiting</pre>
<script>
const out = document.getElementById("out");
const query = "SELECT ?label WHERE { ?e a schema:Country ; rdfs:label ?label } ORDER BY ?label";
fetch(ENDPOINT, {method: "POST", headers: {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}, body: query})
  .then(r => r.json())
  .then(j => { out.textContent = "rows: " + j.results.bindings.map(b => b.label.value).join(","); })
  .catch(e => { out.textContent = "blocked: " + e; });
</script>"""


def test_serve_a_page_of_another_origin_queries_it_in_chromium(exports_server, browser, tmp_path):
    # the page is served on another port (another origin): the browser sends a CORS preflight
    # (the content type is not a form's), then the query, and lets the page read the answer
    import http.server
    import threading

    endpoint = exports_server.replace("127.0.0.1", "localhost")  # another host name too
    (tmp_path / "index.html").write_text(_CROSS_ORIGIN_PAGE.replace("ENDPOINT", json.dumps(endpoint)), encoding="utf-8")
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path), **k)  # noqa: E731
    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    page = browser.new_page()
    try:
        page.goto(f"http://127.0.0.1:{site.server_address[1]}/index.html")
        page.wait_for_function("!document.getElementById('out').textContent.startsWith('waiting')", timeout=20_000)
        assert page.text_content("#out") == "rows: Norway,Sweden"
    finally:
        page.close()
        site.shutdown()
