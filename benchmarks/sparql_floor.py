"""How far can the listing queries' speed-up over rdflib go on Oxigraph? A ceiling, measured.

``negated``, ``said-by`` and ``who-did-what`` return one row per matching
statement (10k-170k rows at 200,000 statements), so their time on either
engine grows with the rows, not with the graph. This script times, on the same
synthetic graph as ``benchmarks/sparql.py`` and in one run:

- rdflib: each query's flat form (:data:`sparql.FLAT_FORMS`, rdflib's fastest);
- Oxigraph: the shipped query; and the *columns only* of its rows, the least any
  query giving those rows must read (the matching statements' subject,
  relation, object, sentence, ... node ids and graph: no labels, no DISTINCT,
  no ORDER BY), written two ways (one lookup per column and row, or every
  column a subquery joined by hashing) so that the planner's better one counts.

The *ceiling* is rdflib's time / Oxigraph's columns-only time: no rewrite of
the query on this data model (statements reified as ``rdf:Statement`` in one
named graph per document, issue 5) can make Oxigraph faster than reading its
columns, so the speed-up cannot pass it.

Usage::

    python benchmarks/sparql_floor.py                      # 200,000 statements (~8 min, ~15 GB for rdflib)
    python benchmarks/sparql_floor.py --statements 50000
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sparql  # noqa: E402  (the sibling benchmark: synthetic data, engines, timing)

DEFAULT_STATEMENTS = 200_000
COLUMNS_SUFFIX = " (columns, looked up)"
HASHED_SUFFIX = " (columns, hash-joined)"
# For each listing query: the pattern that picks its statements, a filter on it (said-by lists
# speakers that are entities: their label is joined), and the properties giving its columns.
_COLUMNS = {
    "negated": ("?s kg:negated true", "", ("rdf:subject", "rdf:predicate", "rdf:object", "kg:sentence")),
    "said-by": (
        "?s kg:attributedTo ?source",
        "FILTER(isIRI(?source))",
        ("rdf:subject", "rdf:predicate", "rdf:object", "kg:negated", "kg:sentence"),
    ),
}
# who-did-what reads direct triples, one pattern: nothing to hash-join.
_DIRECT_TRIPLES = "SELECT ?sub ?p ?obj ?graph WHERE { ?p a rdf:Property . GRAPH ?graph { ?sub ?p ?obj } }"
LISTING = ("negated", "said-by", "who-did-what")


def columns_forms() -> dict[str, str]:
    """The columns-only queries, by name: ``<query> (columns, looked up)`` and ``<query> (columns, hash-joined)``."""
    forms = {"who-did-what" + COLUMNS_SUFFIX: _DIRECT_TRIPLES}
    for name, (anchor, condition, properties) in _COLUMNS.items():
        variables = [f"?c{index}" for index in range(len(properties))]
        looked_up = " ; ".join([anchor, *(f"{prop} {var}" for prop, var in zip(properties, variables))])
        forms[name + COLUMNS_SUFFIX] = f"SELECT * WHERE {{ GRAPH ?graph {{ {looked_up} {condition} }} }}"
        hashed = " ".join(
            f"{{ SELECT ?s {var} WHERE {{ ?s {prop} {var} }} }}" for prop, var in zip(properties, variables)
        )
        forms[name + HASHED_SUFFIX] = (
            f"SELECT * WHERE {{ GRAPH ?graph {{ {anchor} {condition} }} {hashed} }}"
        )
    return forms


def _fastest(report: sparql.EngineReport, names: Sequence[str]) -> sparql.QueryTiming | None:
    timed = [report.queries[name] for name in names if name in report.queries and report.queries[name].seconds]
    return min(timed, key=lambda timing: timing.seconds) if timed else None


def format_ceilings(rdflib_report: sparql.EngineReport, oxigraph_report: sparql.EngineReport, runs: int) -> str:
    """One line per listing query: rdflib flat, Oxigraph shipped and columns only, speed-up now and its ceiling."""
    lines = [f"{'':16}{'rdflib flat s':>14}{'oxigraph s':>12}{'columns s':>11}{'rows':>10}"
             f"{'speed-up':>10}{'ceiling':>9}"]
    for name in LISTING:
        rdflib_timing = rdflib_report.queries.get(name + sparql.FLAT_SUFFIX)
        shipped = oxigraph_report.queries.get(name)
        columns = _fastest(oxigraph_report, [name + COLUMNS_SUFFIX, name + HASHED_SUFFIX])
        rows = "-" if shipped is None or shipped.rows is None else f"{shipped.rows:,}"
        lines.append(
            f"{name:16}{sparql._seconds(rdflib_timing, runs):>14}{sparql._seconds(shipped, runs):>12}"
            f"{sparql._seconds(columns, runs):>11}{rows:>10}"
            f"{sparql._ratio(rdflib_timing, shipped):>10}{sparql._ratio(rdflib_timing, columns):>9}"
        )
    lines.append(f"ceiling = rdflib / Oxigraph columns only; target {sparql.TARGET_SPEEDUP:g}x")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=DEFAULT_STATEMENTS, help="statements in the graph")
    parser.add_argument("--runs", type=int, default=sparql.DEFAULT_RUNS, help="runs per query; the best counts")
    parser.add_argument("--query-timeout", type=float, default=300.0, help="seconds a query may run")
    parser.add_argument("--memory-limit-gb", type=float, default=sparql.DEFAULT_MEMORY_LIMIT_GB,
                        help="most memory (RSS) an engine may use")
    parser.add_argument("--workdir", type=Path, default=None, help="folder for the temporary files [system temp]")
    options = parser.parse_args(argv)
    if options.statements < 1 or options.runs < 1:
        print("error: --statements and --runs must be positive", file=sys.stderr)
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="kg-sparql-floor-", dir=options.workdir))
    try:
        shape = sparql.Shape.for_statements(sparql.DEFAULT_STATEMENTS).scaled(options.statements)
        path = workdir / "graph.nq"
        quads, samples = sparql.write_nquads(shape, path)
        texts = dict(sparql.benchmark_queries(samples))
        rdflib_queries = [(name + sparql.FLAT_SUFFIX, texts[name + sparql.FLAT_SUFFIX]) for name in LISTING]
        oxigraph_queries = [(name, texts[name]) for name in LISTING] + list(columns_forms().items())
        common = (options.runs, workdir, True, options.query_timeout, int(options.memory_limit_gb * sparql.GIB))
        reports = [
            sparql.run_engine_in_children(engine, path, shape.statements, queries, *common)
            for engine, queries in (("rdflib", rdflib_queries), ("oxigraph", oxigraph_queries))
        ]
        print(f"listing queries on {sparql._describe(shape, quads, path.stat().st_size)}, best of {options.runs}")
        print(format_ceilings(*reports, options.runs))
        for report in reports:
            if report.failure:
                print(f"{report.engine}: {report.failure}")
        return 0
    except sparql.BenchmarkError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
