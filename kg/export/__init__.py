"""Export a knowledge graph to files: a registry of file name → writer, and :func:`write_all`.

Each writer is ``writer(kg, path) -> None`` and writes exactly one file at
``path`` whatever its name. The registry holds lazy proxies, so a format's
libraries (rdflib, networkx, matplotlib) are imported only when that file is
written: asking for ``statements.jsonl`` never loads matplotlib.

:func:`write_all` is all-or-nothing: every file is first written to a hidden
temporary file in the output folder, and only when all writes succeeded are
they renamed into place with :func:`os.replace`.
"""

from __future__ import annotations

import importlib
import os
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path

from kg.errors import ExportError
from kg.leftovers import is_stale
from kg.model import KnowledgeGraph

__all__ = ["WRITERS", "OUTPUT_NAMES", "TEMP_PREFIX", "Writer", "write_all"]

Writer = Callable[[KnowledgeGraph, Path], None]

# file name → (module under kg.export, function); the order is the order of writing,
# cheap text formats first and pictures last.
_WRITER_TARGETS: dict[str, tuple[str, str]] = {
    "statements.jsonl": ("jsonl", "write_statements_jsonl"),
    "entities.jsonl": ("jsonl", "write_entities_jsonl"),
    "documents.jsonl": ("jsonl", "write_documents_jsonl"),
    "nodes.csv": ("tables", "write_nodes_csv"),
    "edges.csv": ("tables", "write_edges_csv"),
    "graph.ttl": ("rdf", "write_turtle"),
    "graph.nt": ("rdf", "write_ntriples"),
    "graph.jsonld": ("rdf", "write_jsonld"),
    "graph.trig": ("rdf", "write_trig"),
    "graph.gexf": ("network", "write_gexf"),
    "graph.graphml": ("network", "write_graphml"),
    "graph.html": ("html", "write_html"),
    "graph.png": ("diagram", "write_png"),
    "graph.svg": ("diagram", "write_svg"),
}

OUTPUT_NAMES: tuple[str, ...] = tuple(_WRITER_TARGETS)

# Temporary files start with this, so a crashed run's leftovers are easy to spot.
TEMP_PREFIX = ".kg-tmp-"
TEMP_TOKEN_BYTES = 8


def _lazy_writer(module: str, function: str) -> Writer:
    """A writer that imports ``kg.export.<module>`` on its first call."""

    def write(kg: KnowledgeGraph, path: Path) -> None:
        target = getattr(importlib.import_module(f"kg.export.{module}"), function)
        target(kg, path)

    write.__name__ = function
    write.__qualname__ = function
    write.__doc__ = f"Lazy proxy for :func:`kg.export.{module}.{function}`."
    return write


WRITERS: dict[str, Writer] = {
    name: _lazy_writer(module, function) for name, (module, function) in _WRITER_TARGETS.items()
}


def _one_line(error: OSError) -> str:
    """The reason of an OSError on one line ("Permission denied"), without the path."""
    text = error.strerror or str(error)
    return text.splitlines()[0] if text else type(error).__name__


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass  # best effort: the original error is the one worth reporting


def _remove_stale_temporaries(outdir: Path) -> None:
    """Delete the temporary files that a killed run left in ``outdir``: those whose writing
    process no longer runs (a live one may be another build writing there now)."""
    for path in outdir.glob(f"{TEMP_PREFIX}*"):
        if is_stale(path.name, TEMP_PREFIX) and not path.is_dir():
            _remove_quietly(path)


def write_all(
    kg: KnowledgeGraph, outdir: Path, names: Iterable[str] | None = None
) -> list[Path]:
    """Write the export files ``names`` (default: all of :data:`OUTPUT_NAMES`) into ``outdir``.

    All or nothing: if any writer fails, no output file is created or replaced
    and no temporary file is left behind. ``OSError`` (folder not writable,
    disk full, ...) becomes :class:`~kg.errors.ExportError` with a one-line
    message; any other exception is a bug and propagates after clean-up. (The
    final renames are atomic one by one, not as a group; they only fail if the
    folder is changed under our feet.)

    Returns the written paths in the order of ``names``.

    >>> write_all(kg, Path("exports"), ["graph.ttl", "graph.png"])   # doctest: +SKIP
    [PosixPath('exports/graph.ttl'), PosixPath('exports/graph.png')]
    """
    selected = list(dict.fromkeys(OUTPUT_NAMES if names is None else names))
    unknown = [name for name in selected if name not in WRITERS]
    if unknown:
        raise ExportError(
            f"unknown export file {unknown[0]!r}; expected one of: {', '.join(WRITERS)}"
        )

    outdir = Path(outdir)
    if outdir.exists() and not outdir.is_dir():
        raise ExportError(f"output path {outdir} exists and is not a folder")
    created_outdir = not outdir.exists()
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(f"cannot create output folder {outdir}: {_one_line(error)}") from error

    # A target that is a folder cannot be replaced by a file: say so before writing anything,
    # not after half the set has been renamed into place.
    blocked = [name for name in selected if (outdir / name).is_dir()]
    if blocked:
        raise ExportError(f"cannot write {outdir / blocked[0]}: a folder of that name is in the way")
    _remove_stale_temporaries(outdir)

    pending: list[tuple[Path, Path]] = []  # (temporary, final)
    current = outdir
    try:
        for name in selected:
            current = outdir / name
            # A fresh random name (not mkstemp, whose 0600 mode would stick to the
            # output) holding our process id, so a later run knows when its writer is
            # gone; it ends with the real name so the suffix is kept.
            temp = outdir / f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(TEMP_TOKEN_BYTES)}-{name}"
            pending.append((temp, current))
            WRITERS[name](kg, temp)
        for temp, final in pending:
            current = final
            os.replace(temp, final)
    except BaseException as error:
        for temp, _final in pending:
            _remove_quietly(temp)
        if created_outdir:
            try:
                outdir.rmdir()  # only succeeds if we left it empty
            except OSError:
                pass
        if isinstance(error, OSError):
            raise ExportError(f"cannot write {current}: {_one_line(error)}") from error
        raise
    return [final for _temp, final in pending]
