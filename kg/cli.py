"""The ``kg`` command: a thin Typer layer over the Python API.

Each command parses its options, calls one API function and turns a
:class:`~kg.errors.KGError` into one line on stderr and a non-zero exit code.
Progress and summaries go to stderr, results to stdout.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from . import __version__
from .errors import EvalError, KGError

__all__ = ["app", "main"]

app = typer.Typer(
    name="kg",
    help="Build a knowledge graph from English news articles, query it and score it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # click's plain help: no "<bool>" metavars, "[default: ...]" texts kept
)

_stderr = Console(stderr=True)


# Typer (0.29) writes a required argument "{SOURCE}" in the usage line and every value's Python
# type in the help ("<list[Path]>", "<int range>"); the help of click, sqlite-utils and POSIX tools
# writes "SOURCE", "[SPARQL]" and a word for the value ("PATH", "INTEGER"), as kg's does.
_VALUE_WORDS = {"path": "PATH", "str": "TEXT", "int": "INTEGER", "float": "NUMBER", "int range": "INTEGER"}


def _value_word(self, ctx) -> str | None:
    if self.metavar is not None:
        return self.metavar
    if self.is_flag or self.count:
        return None
    label = self.display_type(ctx)[1:-1]  # "<list[Path]>" -> "list[Path]"
    if label.startswith("list["):  # a repeatable option: one value each time
        label = label[5:-1]
    return _VALUE_WORDS.get(label.lower(), "VALUE") + ("..." if self.nargs != 1 else "")


def _argument_usage(self) -> str:
    name = self.display_name_raw
    if not self.required and not name.startswith("["):
        name = f"[{name}]"
    return name + ("..." if self.nargs != 1 and "..." not in name else "")


typer.core.TyperOption.display_type_rich = _value_word
typer.core.TyperArgument.display_type_rich = lambda self, ctx: None
typer.core.TyperArgument._usage_display_name = _argument_usage


def _fail(error: KGError) -> typer.Exit:
    _stderr.print(f"[bold red]error:[/] {error}", highlight=False, soft_wrap=True)
    return typer.Exit(error.exit_code)


def _csv_text(columns, rows) -> str:
    """Rows (dicts) as CSV text with a header; absent values empty, ratios as they are."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows({k: ("" if v is None else v) for k, v in row.items()} for row in rows)
    return buffer.getvalue().rstrip("\n")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Build a knowledge graph from English news articles, query it and score it."""


class _WordRate(ProgressColumn):
    """Words parsed per second so far (the ``words`` field of the task)."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        rate = task.fields.get("words", 0) / elapsed if elapsed > 0 else 0.0
        return Text(f"{rate:,.0f} words/s", style="progress.data.speed")


@app.command()
def build(
    inputs: Annotated[
        list[Path], typer.Argument(metavar="INPUT", help="Articles (.txt, .html), folders of them, .jsonl corpora, or - for an article on standard input.", show_default=False)
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o",
            help="Folder to write the exports into [default: exports, or none with --store]; with --store they describe the whole store.",
        ),
    ] = None,
    store: Annotated[
        Path | None, typer.Option("--store", help="Persistent store to add the documents to (unchanged ones are skipped).")
    ] = None,
    prune: Annotated[
        bool, typer.Option("--prune", help="With --store: remove stored documents that are not among INPUTS.")
    ] = False,
    model: Annotated[str, typer.Option("--model", "-m", help="Installed spaCy pipeline to parse with.")] = "",
    base: Annotated[str, typer.Option("--base", help="Base IRI of entities, relations and statements.")] = "",
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes parsing in parallel.")] = 1,
    commit_every: Annotated[
        int, typer.Option("--commit-every", min=1, help="With --store: documents written per transaction.")
    ] = 64,
    any_language: Annotated[
        bool, typer.Option("--any-language", help="Build articles detected as not English too (they are skipped by default).")
    ] = False,
    dask: Annotated[
        str | None,
        typer.Option("--dask", help="Dask scheduler address (tcp://host:8786) to parse on, or 'local' for a local cluster."),
    ] = None,
    aliases: Annotated[
        Path | None,
        typer.Option(
            "--aliases",
            help="CSV (or .jsonl) of overrides, one per line: 'name,canonical' merges, 'name,!other' keeps apart, 'name,Type' sets a type.",
        ),
    ] = None,
    neo4j: Annotated[
        Path | None, typer.Option("--neo4j", help="Also write Neo4j's import files (neo4j-admin CSV files and load.cypher) into this folder.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only warnings and errors: no progress, no summary.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Print a line for each document as it is built.")] = False,
) -> None:
    """Build the graph of INPUTS and write every export into OUTPUT (and/or add it to a store)."""
    from .api import DEFAULT_BASE, build_into_store, timed_build
    from .nlp import DEFAULT_MODEL

    progress = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        _WordRate(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=_stderr,
        transient=True,
        disable=quiet or not _stderr.is_terminal,  # no bar, and no blank line, when stderr is a file or pipe
    )
    task = progress.add_task("reading", total=None, words=0)

    def on_result(result) -> None:
        progress.update(task, advance=1, words=progress.tasks[task].fields["words"] + result.words)
        if verbose:
            progress.console.print(
                f"{result.document.id}: {len(result.entities)} entities, {len(result.statements)} statements, {result.words:,} words",
                highlight=False,
                soft_wrap=True,
                markup=False,
            )

    options = {
        "model": model or DEFAULT_MODEL,
        "base": base or DEFAULT_BASE,
        "jobs": jobs,
        "dask": dask,
        "any_language": any_language,
        "on_start": lambda documents, _chars: progress.update(task, total=documents, description="parsing"),
        "on_result": on_result,
    }
    report = None
    try:
        if quiet and verbose:
            raise KGError("give --quiet or --verbose, not both")
        if prune and store is None:
            raise KGError("--prune needs --store")
        if aliases is not None:
            from .aliases import read_aliases

            options["aliases"] = read_aliases(aliases)
        with progress:
            if store is not None:
                graph, summary, report = build_into_store(inputs, store, outdir=output, commit_every=commit_every, prune=prune, **options)
            else:
                if output is None:
                    output = Path("exports")
                    _warn_foreign(output)
                on_export = lambda: progress.update(task, description="exporting")  # noqa: E731
                graph, summary = timed_build(inputs, output, on_export=on_export, **options)
            if neo4j is not None:
                from .api import write_neo4j

                write_neo4j(graph, neo4j)
    except KGError as error:
        raise _fail(error) from None
    for warning in summary.warnings:
        _stderr.print(f"[yellow]warning:[/] {warning}", highlight=False, soft_wrap=True)
    for skipped in summary.skipped:
        _stderr.print(f"[yellow]skipped:[/] {skipped.detail}", highlight=False, soft_wrap=True)
    if quiet:
        return
    where = " → ".join(str(p) for p in (output, store, neo4j) if p is not None)
    words = progress.tasks[task].fields["words"]
    rate = f", {words / summary.seconds:,.0f} words/s" if summary.seconds > 0 and words else ""
    _stderr.print(
        f"built {summary.documents} document(s): {summary.entities} entities, "
        f"{summary.statements} statements in {summary.seconds:.1f} s{rate} → {where}"
        f" ({summary.unresolved} relation(s) dropped on unresolved pronouns)",
        highlight=False,
        soft_wrap=True,
    )
    if summary.furniture:
        _stderr.print(
            f"left out {summary.furniture} line(s) of page furniture (photo credits, bylines, banners, navigation)",
            highlight=False,
            soft_wrap=True,
        )
    if summary.skipped:
        reasons = Counter(skipped.reason for skipped in summary.skipped)
        _stderr.print(
            f"skipped {len(summary.skipped)} input(s): " + ", ".join(f"{n} {reason}" for reason, n in sorted(reasons.items())),
            highlight=False,
            soft_wrap=True,
        )
    if report is not None:
        _print_store_report(store, report)


def _warn_foreign(output: Path) -> None:
    """Say so when the default output folder holds files kg did not write (they are kept; kg's own
    files there are replaced), so that a user's folder named "exports" is never written into silently."""
    from .export import foreign_entries

    if output.is_dir() and (foreign := foreign_entries(output)):
        _stderr.print(
            f"[yellow]warning:[/] {output}/ holds {len(foreign)} file(s) kg did not write (first: {foreign[0]}); "
            "they are kept and kg's export files there are replaced (give -o DIR to write elsewhere)",
            highlight=False,
            soft_wrap=True,
            markup=True,
        )


def _print_store_report(store: Path, report) -> None:
    removed = f", {report.removed} removed" if report.removed else ""
    _stderr.print(
        f"store {store}: {report.added} added, {report.replaced} replaced, "
        f"{report.skipped} unchanged and skipped{removed}; {report.documents} document(s), {report.triples} triples",
        highlight=False,
        soft_wrap=True,
    )


_EXPORT_FORMATS = ("all", "neo4j")


@app.command(name="export")
def export_command(
    source: Annotated[
        Path, typer.Argument(metavar="SOURCE", help="A kg store folder (made by `kg build --store`), or with --format neo4j also an exports folder.")
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Folder to write into [default: exports, or neo4j with --format neo4j].")
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="all: every export file of kg build; neo4j: the CSV files of neo4j-admin import and load.cypher.")
    ] = "all",
) -> None:
    """Write the exports of the whole SOURCE into OUTPUT, without building."""
    from .api import export_store, stored_graph, write_neo4j
    from .graph.store import is_store

    try:
        if fmt not in _EXPORT_FORMATS:
            raise KGError(f"unknown export format {fmt!r}; expected one of: {', '.join(_EXPORT_FORMATS)}")
        if fmt == "all":
            output = output or Path("exports")
            graph = export_store(source, output)
        else:
            output = output or Path("neo4j")
            if is_store(source):
                graph = stored_graph(source)
            else:
                from .draw import load_exports

                graph = load_exports(source)
            write_neo4j(graph, output)
    except KGError as error:
        raise _fail(error) from None
    _stderr.print(
        f"exported {len(graph.documents)} document(s): {len(graph.entities)} entities, "
        f"{len(graph.statements)} statements → {output}",
        highlight=False,
        soft_wrap=True,
    )


@app.command()
def remove(
    store: Annotated[Path, typer.Argument(metavar="STORE", help="A kg store folder.")],
    documents: Annotated[list[str], typer.Argument(metavar="DOCUMENT", help="Ids of the documents to remove, as `kg build` named them.", show_default=False)],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Folder to write the exports of the store left into.")
    ] = None,
) -> None:
    """Remove DOCUMENTS from STORE; what they alone said about entities goes with them."""
    from .api import remove_from_store

    try:
        _, report = remove_from_store(store, documents, outdir=output)
    except KGError as error:
        raise _fail(error) from None
    _print_store_report(store, report)


@app.command()
def query(
    source: Annotated[Path, typer.Argument(metavar="SOURCE", help="A store folder, an exports folder or an RDF file (.ttl .nt .jsonld .trig ...).")],
    sparql: Annotated[
        str | None, typer.Argument(metavar="[SPARQL]", help="SPARQL query text, a path to a .rq file, or - to read it from standard input.", show_default=False)
    ] = None,
    name: Annotated[str, typer.Option("--name", "-n", help="Run a query shipped with kg instead (see `kg queries`).")] = "",
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="NAME=VALUE for a named query's parameter.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="Output format: table, csv, tsv or json.")] = "table",
) -> None:
    """Run a SPARQL query (or a named one) over SOURCE and print the result."""
    from .query import QUERY_FORMATS, format_result, named_query, parse_params, read_query, run_query

    try:
        if fmt not in QUERY_FORMATS:
            raise KGError(f"unknown format {fmt!r}; expected one of: {', '.join(QUERY_FORMATS)}")
        if bool(name) == bool(sparql):
            raise KGError("give either a QUERY or --name NAME (see `kg queries`)")
        text = named_query(name).render(parse_params(param or [])) if name else read_query(sparql)
        output = format_result(run_query(source, text), fmt)
    except KGError as error:
        raise _fail(error) from None
    typer.echo(output)


@app.command()
def queries(
    fmt: Annotated[str, typer.Option("--format", "-f", help="Output format: table or json.")] = "table",
) -> None:
    """List the named queries shipped with kg, with their parameters."""
    import json

    from .query import named_queries

    if fmt not in {"table", "json"}:
        raise _fail(KGError(f"unknown format {fmt!r}; expected one of: table, json"))
    if fmt == "json":
        listing = [
            {"name": q.name, "description": q.description, "params": [{"name": n, "about": a} for n, a in q.params]}
            for q in named_queries().values()
        ]
        typer.echo(json.dumps(listing, ensure_ascii=False, indent=2))
        return
    for query_ in named_queries().values():
        params = "".join(f" --param {name}=..." for name, _ in query_.params)
        typer.echo(f"{query_.name}{params}\n    {query_.description}")
        for name_, about in query_.params:
            typer.echo(f"    {name_}: {about}")


@app.command()
def openie(
    source: Annotated[Path, typer.Argument(metavar="SOURCE", help="Text file with one sentence per line, or - for standard input.")],
    model: Annotated[str, typer.Option("--model", "-m", help="Installed spaCy pipeline to parse with.")] = "",
) -> None:
    """Open extraction: print CaRB's tab-separated tuples for each line of SOURCE.

    Output lines: sentence, confidence, relation, arg1, arg2, ... separated by tabs.
    """
    from .api import open_extract
    from .nlp import DEFAULT_MODEL
    from .sources import STDIN, read_document, read_stdin

    try:
        if str(source) == STDIN:
            text = read_stdin().decode("utf-8", "replace")
        else:
            text = read_document(source).text
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        for sentence, tuples in open_extract(lines, model=model or DEFAULT_MODEL):
            for confidence, relation, arg1, args in tuples:
                fields = [sentence, f"{confidence:.3f}", relation, arg1, *args]
                typer.echo("\t".join(field.replace("\t", " ") for field in fields))
    except KGError as error:
        raise _fail(error) from None


@app.command()
def entities(
    source: Annotated[Path, typer.Argument(metavar="SOURCE", help="An exports folder or its entities.jsonl.")],
    name: Annotated[str, typer.Option("--name", "-n", help="Only entities whose label or aliases contain this.")] = "",
    fmt: Annotated[str, typer.Option("--format", "-f", help="Output format: table, json or csv.")] = "table",
) -> None:
    """Show each entity with its type evidence, aliases, links and every mention with the rule that attached it."""
    from .audit import ENTITY_FORMATS, entities_csv, entities_json, format_entities, load, matching

    try:
        if fmt not in ENTITY_FORMATS:
            raise KGError(f"unknown format {fmt!r}; expected one of: {', '.join(ENTITY_FORMATS)}")
        records = matching(load(source), name or None)
    except KGError as error:
        raise _fail(error) from None
    if not records:
        raise _fail(KGError(f"no entity matches {name!r}"))
    typer.echo({"table": format_entities, "json": entities_json, "csv": entities_csv}[fmt](records))


@app.command()
def draw(
    source: Annotated[Path, typer.Argument(metavar="SOURCE", help="An exports folder (entities.jsonl and statements.jsonl).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Picture to write: FILE.png or FILE.svg.")],
    entity: Annotated[str | None, typer.Option("--entity", "-e", help="Draw this entity's neighbourhood.")] = None,
    hops: Annotated[int, typer.Option("--hops", help="How many statements away from --entity to go.")] = 1,
    types: Annotated[list[str] | None, typer.Option("--type", "-t", help="Only entities of this type (repeatable).")] = None,
    predicates: Annotated[
        list[str] | None, typer.Option("--predicate", help="Only relations whose label contains this (repeatable).")
    ] = None,
    top: Annotated[int | None, typer.Option("--top", help="Only the N most connected entities.")] = None,
    title: Annotated[str | None, typer.Option("--title", help="Title of the picture.")] = None,
) -> None:
    """Draw a relationship diagram of SOURCE, or of one entity's neighbourhood, into a PNG or SVG."""
    from .draw import draw_to_file, find_entity, load_exports, select

    try:
        whole = load_exports(source)
        graph = select(whole, entity=entity, hops=hops, types=types or (), predicates=predicates or (), top=top)
        centre = find_entity(whole, entity) if entity is not None else None
        if title is None and centre is not None:
            title = f"{centre.label}: {hops}-hop neighbourhood"
        draw_to_file(graph, output, title=title, max_nodes=top, centre=centre.id if centre else None)
    except KGError as error:
        raise _fail(error) from None
    _stderr.print(f"drew {len(graph.entities)} entities, {len(graph.statements)} statements → {output}", highlight=False)


@app.command(name="validate")
def validate_command(
    source: Annotated[Path, typer.Argument(metavar="SOURCE", help="A store folder, an exports folder or an RDF file.")],
) -> None:
    """Check a graph against kg's SHACL shapes and list every violation (exit 1 if any)."""
    from .validate import format_validation, load_graph, validate

    try:
        report = validate(load_graph(source))
    except KGError as error:
        raise _fail(error) from None
    typer.echo(format_validation(report))
    if not report.conforms:
        raise typer.Exit(1)


@app.command(name="eval")
def evaluate(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Gold files or folders of them (JSON Lines, see tests/data/seed_gold.jsonl), then the build: "
            "its exports folder or statements.jsonl.",
            metavar="GOLD... BUILD",
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON (as --format json).")] = False,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="Output format: table, json, or csv (one row per article, then the total).")
    ] = "table",
    by_rule: Annotated[
        bool, typer.Option("--by-rule", help="Also count, per extraction rule, the statements it made and how many matched.")
    ] = False,
) -> None:
    """Score a build's statements against hand-made gold files: one article in detail, several as a table.

    Each gold file names its article (meta line "document"); the build's
    document of that id (or ending with it, "business/172.txt" ~ "172.txt")
    is scored. Several gold files give a per-article table and micro-averaged
    totals: recall, required recall, pair precision, entity recall, junk nodes,
    fragmented entities, statements per 1,000 words.
    """
    from .evaluate import evaluate as score
    from .evaluate import (
        SCORE_COLUMNS,
        evaluate_articles,
        format_report,
        format_set_report,
        gold_files,
        load_documents,
        load_entities,
        load_gold,
        load_statements,
        score_rows,
    )

    if len(paths) < 2:
        raise _fail(EvalError("kg eval needs at least one gold file (or folder) and a build; e.g. kg eval gold.jsonl exports"))
    if fmt not in ("table", "json", "csv"):
        raise _fail(KGError(f"unknown format {fmt!r}; expected one of: table, json, csv"))
    fmt = "json" if as_json else fmt
    *golds, statements = paths
    if statements.is_dir():
        statements = statements / "statements.jsonl"
    try:
        files = gold_files(golds)
        entities_path = statements.with_name("entities.jsonl")
        documents_path = statements.with_name("documents.jsonl")
        records = load_statements(statements)
        entities = load_entities(entities_path) if entities_path.exists() else None
        documents = load_documents(documents_path) if documents_path.exists() else []
        if len(files) == 1 and not by_rule and not any(p.is_dir() for p in golds):
            report = score(load_gold(files[0]), records, entities)
            text = json.dumps(report.to_dict(), indent=2, ensure_ascii=False) if fmt == "json" else format_report(report)
        else:
            report = evaluate_articles([load_gold(f) for f in files], records, entities, documents)
            text = (
                json.dumps(report.to_dict(by_rule), indent=2, ensure_ascii=False)
                if fmt == "json"
                else format_set_report(report, by_rule)
            )
        if fmt == "csv":
            text = _csv_text(SCORE_COLUMNS, score_rows(report))
    except KGError as error:
        raise _fail(error) from None
    typer.echo(text)


@app.command()
def serve(
    source: Annotated[Path, typer.Argument(metavar="SOURCE", help="A kg store folder, an exports folder or an RDF file.")],
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (127.0.0.1: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on (0: any free port).")] = 7878,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Seconds a query may run before it is stopped (503).")
    ] = 10.0,
    max_rows: Annotated[
        int, typer.Option("--max-rows", help="Most result rows (or triples) returned per query.")
    ] = 10_000,
    workers: Annotated[
        int, typer.Option("--workers", help="Query worker processes, run in parallel (0: 2 to 4, by CPU count).")
    ] = 0,
    allow_update: Annotated[
        bool, typer.Option("--allow-update", help="Accept SPARQL Update (a store folder is changed on disk).")
    ] = False,
    allow_service: Annotated[
        bool, typer.Option("--allow-service", help="Allow federated queries (SERVICE fetches remote endpoints).")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Do not log each request.")] = False,
    max_bytes: Annotated[
        int,
        typer.Option(
            "--max-bytes", metavar="MIB", show_default="64",  # -1: kg.serve.DEFAULT_MAX_BYTES, not imported for --help
            help="Largest answer in MiB; past it the rows that fit are sent (X-KG-Truncated; 0: no cap).",
        ),
    ] = -1,
    max_memory: Annotated[
        int,
        typer.Option(
            "--max-memory", metavar="MIB", show_default="2048",  # -1: kg.serve.DEFAULT_MAX_MEMORY
            help="Memory of each query worker in MiB; a query needing more gets 500 (0: no limit).",
        ),
    ] = -1,
    allow_host: Annotated[
        list[str],
        typer.Option("--allow-host", metavar="NAME", help="Also answer requests whose Host is this name (repeat for more); others get 403."),
    ] = [],  # noqa: B006 - typer reads the default
    cors: Annotated[
        str,
        typer.Option("--cors", metavar="ORIGIN", help="Pages of this origin may read query answers (Access-Control-Allow-Origin): *, https://site.example, or none. Never updates."),
    ] = "*",
) -> None:
    """Serve SOURCE over the SPARQL 1.1 Protocol at http://HOST:PORT/sparql until Ctrl-C."""
    from .serve import DEFAULT_MAX_BYTES, DEFAULT_MAX_MEMORY, DEFAULT_WORKERS, ServeOptions
    from .serve import serve as run_server

    def ready(url: str) -> None:
        page = url.rsplit("/", 1)[0] + "/"
        _stderr.print(f"serving {source} at {url} (query page: {page}); Ctrl-C stops", highlight=False, soft_wrap=True)

    try:
        options = ServeOptions(
            host=host,
            port=port,
            timeout=timeout,
            max_rows=max_rows,
            workers=workers or DEFAULT_WORKERS,
            allow_update=allow_update,
            allow_service=allow_service,
            quiet=quiet,
            allow_hosts=tuple(allow_host),
            cors="" if cors.strip().lower() == "none" else cors.strip(),
            max_memory=DEFAULT_MAX_MEMORY if max_memory < 0 else max_memory << 20,
            max_bytes=DEFAULT_MAX_BYTES if max_bytes < 0 else max_bytes << 20,
        )
        run_server(source, options, on_ready=ready)
    except KGError as error:
        raise _fail(error) from None
    except KeyboardInterrupt:
        _stderr.print("stopped", highlight=False)


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """Warnings as one line on stderr ("warning: corpus.jsonl: skipped 2 invalid record(s) ..."), no source dump."""
    _stderr.print(f"[yellow]warning:[/] {message}", highlight=False, soft_wrap=True)


def main() -> None:
    """Entry point of the ``kg`` console script."""
    import warnings

    warnings.showwarning = _show_warning
    try:
        app()
    except KeyboardInterrupt:
        _stderr.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()
