"""Load on the SPARQL endpoint: a bounded number of queries from concurrent clients, over loopback only.

Starts ``kg serve SOURCE`` on a free loopback port (``--port 0``), sends
``--queries`` queries (default 2,000) from ``--clients`` threads (default 10),
each a GET or POST of one of kg's named queries or a small ad-hoc one, and
reports: errors (any status other than 200, or a connection error; must be 0),
throughput (queries/s over the whole run), and latency percentiles (p50, p90,
p99, max). One run, nothing else measured at the same time.

Usage::

    python benchmarks/endpoint_load.py                     # the committed exports/ (the seed)
    python benchmarks/endpoint_load.py kgstore --queries 5000 --clients 20
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

from kg.query import named_queries

ROOT = Path(__file__).resolve().parents[1]
URL_PATTERN = re.compile(r"http://127\.0\.0\.1:\d+/sparql")
START_TIMEOUT_S = 60
REQUEST_TIMEOUT_S = 30
ACCEPT = ("application/sparql-results+json", "text/csv", "application/sparql-results+xml", "text/tab-separated-values")
AD_HOC = (
    "SELECT ?label WHERE { ?e a schema:Country ; rdfs:label ?label } ORDER BY ?label",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s a rdf:Statement }",
    "ASK { ?s kg:negated true }",
)


def _labels(url: str) -> list[str]:
    """Two entity labels of the served graph (the most mentioned subjects), to fill query parameters."""
    query = (
        "SELECT ?label (COUNT(?s) AS ?n) WHERE { ?s rdf:subject ?e . ?e rdfs:label ?label } "
        "GROUP BY ?label ORDER BY DESC(?n) ?label LIMIT 2"
    )
    request = urllib.request.Request(
        f"{url}?{urllib.parse.urlencode({'query': query})}", headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT_S) as response:
        rows = json.load(response)["results"]["bindings"]
    labels = [row["label"]["value"] for row in rows]
    return (labels + ["none", "none"])[:2]


def _queries(labels: list[str]) -> list[str]:
    """The named queries (parameters filled with labels of the graph) and a few ad-hoc ones."""
    found = []
    for query in named_queries().values():
        values = {name: labels[index % 2] for index, (name, _description) in enumerate(query.params)}
        found.append(query.render(values))
    return found + list(AD_HOC)


def _start(source: Path, log: Path) -> tuple[subprocess.Popen, str]:
    command = [sys.executable, "-m", "kg.cli", "serve", str(source), "--host", "127.0.0.1", "--port", "0", "-q"]
    with log.open("wb") as stderr:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        found = URL_PATTERN.search(log.read_text(encoding="utf-8", errors="replace"))
        if found:
            return process, found.group(0)
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.kill()
    raise SystemExit(f"kg serve did not start: {log.read_text(encoding='utf-8', errors='replace')}")


def _send(url: str, query: str, accept: str, post: bool) -> int:
    if post:
        request = urllib.request.Request(
            url, data=urllib.parse.urlencode({"query": query}).encode(), headers={"Accept": accept}, method="POST"
        )
    else:
        request = urllib.request.Request(f"{url}?{urllib.parse.urlencode({'query': query})}", headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT_S) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", nargs="?", type=Path, default=ROOT / "exports", help="store, exports folder or RDF file")
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=10)
    options = parser.parse_args(argv)

    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    lock = threading.Lock()
    counter = iter(range(options.queries))

    with tempfile.TemporaryDirectory() as folder:
        process, url = _start(options.source, Path(folder) / "serve.log")
        try:
            queries = _queries(_labels(url))

            def client() -> None:
                while True:
                    with lock:
                        number = next(counter, None)
                    if number is None:
                        return
                    query = queries[number % len(queries)]
                    started = time.perf_counter()
                    try:
                        status = str(_send(url, query, ACCEPT[number % len(ACCEPT)], post=number % 2 == 1))
                    except OSError as error:
                        status = type(error).__name__
                    elapsed = time.perf_counter() - started
                    with lock:
                        latencies.append(elapsed)
                        statuses[status] += 1

            threads = [threading.Thread(target=client) for _ in range(options.clients)]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            wall = time.perf_counter() - started
        finally:
            process.terminate()
            process.wait(timeout=10)

    errors = sum(n for status, n in statuses.items() if status != "200")
    cuts = statistics.quantiles(latencies, n=100)
    print(f"endpoint {options.source}: {len(latencies):,} queries ({len(queries)} different) from {options.clients} clients over loopback")
    print(f"errors: {errors}   statuses: {dict(sorted(statuses.items()))}")
    print(f"throughput: {len(latencies) / wall:,.0f} queries/s ({wall:.1f} s)")
    print(
        f"latency: p50 {cuts[49] * 1000:.1f} ms, p90 {cuts[89] * 1000:.1f} ms, p99 {cuts[98] * 1000:.1f} ms, "
        f"max {max(latencies) * 1000:.1f} ms"
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
